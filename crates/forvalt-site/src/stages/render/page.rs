//! Rendering one Markdown page: its body (reused when its text and the site around it did
//! not change), its view, and the page around it (reused when its whole context did not
//! change).

use super::super::digest;
use super::super::plan::Plan;
use super::liquid::{self, SiteLiquid};
use crate::markdown::{self, Body, Env, Input};
use crate::search;
use crate::site::{Bytes, Cache, Content, OutputFile};
use crate::views::history;
use crate::views::layout::PageView;
use crate::views::records;
use crate::views::toc::toc;
use crate::views::{Day, day_of_second};
use forvalt_model::PageState;
use forvalt_model::url::{escape_path, relative};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A rendered page.
pub(crate) struct Done {
    /// The page's file.
    pub file: OutputFile,
    /// Whether it was rendered now (not reused).
    pub rendered: bool,
    /// The hash of its context, for the cache.
    pub key: u64,
    /// Its body, and what the body was made from.
    pub body: Arc<Body>,
    /// The body's key.
    pub body_key: u64,
    /// Its search terms.
    pub terms: Option<Arc<search::Terms>>,
    /// What the site's layouts and hooks found.
    pub diagnostics: Vec<forvalt_diag::Diagnostic>,
}

/// The key of a page's body: its text, its place, and what every body depends on.
fn body_key(plan: &Plan<'_>, i: usize) -> u64 {
    let p = &plan.repo.pages[i];
    let mut h = DefaultHasher::new();
    (
        plan.body_epoch,
        plan.repo.body(p),
        plan.repo.source_body(p),
        p.body_offset,
        p.file.0,
    )
        .hash(&mut h);
    h.finish()
}

/// The body of page `i`, reused from `cache` when its key matches, and the key.
pub(crate) fn body(plan: &Plan<'_>, i: usize, cache: &Cache, env: &Env<'_>) -> (Arc<Body>, u64) {
    let repo = plan.repo;
    let p = &repo.pages[i];
    // A build that keeps nothing needs no keys.
    let body_key = if cache.enabled { body_key(plan, i) } else { 0 };
    let cached = cache.bodies.get(&p.path).filter(|c| c.key == body_key);
    let body = match cached {
        Some(c) => c.body.clone(),
        None => Arc::new(markdown::render(&Input::page(repo, p), env)),
    };
    (body, body_key)
}

/// Renders page `i` of the repository with its `body`, reusing what `cache` has; `sl` is
/// the site's own Liquid (layouts and hooks), when it has any.
pub(crate) fn render(
    plan: &Plan<'_>,
    i: usize,
    (body, body_key): (Arc<Body>, u64),
    cache: &Cache,
    sl: Option<&SiteLiquid>,
) -> Done {
    let repo = plan.repo;
    let p = &repo.pages[i];
    let cached = cache.bodies.get(&p.path).filter(|c| c.key == body_key);
    // just-the-docs' `search_exclude: true` keeps a page out of the search index.
    let searchable = p
        .front_matter
        .as_ref()
        .and_then(|f| f.bool("search_exclude"))
        != Some(true);
    let terms = (plan.search && searchable).then(|| match cached.and_then(|c| c.terms.as_ref()) {
        Some((title, t)) if *title == p.title => t.clone(),
        _ => Arc::new(search::terms(&p.title, &body.text)),
    });
    let node = repo.nav.page_node[i];
    let template = plan.theme.page_template(p.layout.as_deref());
    let mut page = view(plan, i, &body);
    let mut found = Vec::new();
    // The menu and breadcrumbs follow from the menu (in the page epoch), the page's place in
    // it and its address (in the context): the key leaves them out. A page in the site's
    // own Liquid depends on every other page, so it is always rendered.
    // A build that keeps nothing needs no key.
    let key = if cache.enabled && sl.is_none() {
        let ctx = plan.layout.context(&p.url, &page, &(), None, Vec::new());
        digest(seed(plan.page_epoch, body_key, &template, node), &ctx)
    } else {
        0
    };
    let (bytes, rendered): (Bytes, bool) = match cache.pages.get(&p.output) {
        Some((k, b)) if cache.enabled && sl.is_none() && *k == key => (b.clone(), false),
        _ => {
            let laid = sl.and_then(|sl| {
                let mut obj = repo.liquid.page_object(i);
                page.custom = liquid::hooks(plan, &mut obj, &body.html, sl, &mut found);
                liquid::layout(plan, i, &body.html, sl, &mut found)
            });
            let (lead, content) = match (laid, body.h1_end) {
                (Some(html), _) => {
                    page.site_layout = true;
                    page.show_title = page.show_title && !html.contains("<h1");
                    (String::new(), html)
                }
                (None, Some(at)) => (body.html[..at].to_string(), body.html[at..].to_string()),
                (None, None) => (String::new(), body.html.clone()),
            };
            page.lead = lead;
            page.content = content;
            let menu = super::menu::menu(plan, node, &p.url);
            let crumbs = plan.menu.breadcrumbs(node, &p.url);
            let ctx = plan.layout.context(&p.url, &page, &(), Some(&menu), crumbs);
            // Kept until written: without the spare room the string grew with (up to half).
            let mut html = plan.theme.render(&template, &ctx).into_bytes();
            html.shrink_to_fit();
            (Arc::new(html), true)
        }
    };
    Done {
        file: OutputFile {
            path: p.output.clone(),
            content: Content::Bytes(bytes),
        },
        rendered,
        key,
        body,
        body_key,
        terms,
        diagnostics: found,
    }
}

/// What a page's key starts from: what every page depends on, its body, its template and
/// its place in the menu.
pub(super) fn seed(page_epoch: u64, body_key: u64, template: &str, node: Option<usize>) -> u64 {
    let mut h = DefaultHasher::new();
    (page_epoch, body_key, template, node).hash(&mut h);
    h.finish()
}

/// The view of page `i` with body `body` (without the body's HTML, which the caller adds).
fn view(plan: &Plan<'_>, i: usize, body: &Body) -> PageView {
    let repo = plan.repo;
    let p = &repo.pages[i];
    let danish = repo.danish();
    let node = repo.nav.page_node[i];
    let toc_heads = body
        .headings
        .iter()
        .filter(|h| !h.no_toc && (h.level == 2 || h.level == 3))
        .count();
    let hist = history::of(repo, p);
    let (history_url, revisions) = hist
        .and_then(|h| h.of(&p.path))
        .map(|d| (relative(&p.url, &history::url_of(p)), d.revisions.len()))
        .unwrap_or_default();
    let fm_str = |k: &str| p.front_matter.as_ref().and_then(|f| f.str(k));
    PageView {
        title: p.title.clone(),
        path: p.path.clone(),
        url: p.url.clone(),
        show_title: !body.has_h1(),
        lead: String::new(),
        content: String::new(),
        toc: if toc_heads >= 2 && p.nav.has_toc {
            toc(&body.headings, 2, 3)
        } else {
            Vec::new()
        },
        children: match node {
            Some(n) if !plan.menu.entries[n].children.is_empty() && p.nav.has_toc => {
                plan.menu.children(n, &p.url)
            }
            _ => Vec::new(),
        },
        updated: p
            .modified
            .and_then(|m| jiff::Timestamp::from_millisecond(m).ok())
            .map(|t| Day::new(t.to_zoned(repo.time_zone.clone()).date(), danish)),
        created: hist
            .and_then(|h| h.created(&p.path))
            .and_then(|r| day_of_second(r.time, &repo.time_zone))
            .map(|d| Day::new(d, danish)),
        draft: p.state == PageState::Draft,
        status: p
            .status
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_default(),
        description: fm_str("description").unwrap_or_else(|| body.summary.clone()),
        edit_url: plan
            .layout
            .edit_base
            .as_ref()
            .map(|b| format!("{b}{}", escape_path(&p.path)))
            .unwrap_or_default(),
        front_matter: p
            .front_matter
            .as_ref()
            .map(|f| serde_json::Value::Object(f.values.clone()))
            .unwrap_or(serde_json::Value::Null),
        card: records::card(&plan.records, &p.path, &p.url),
        discussion: records::issue::of_file(&plan.records, &p.path, &super::safe_markdown),
        print_link: print_link(plan, p),
        matrices: body.matrices.clone(),
        governance: records::on_page(
            repo,
            &p.path,
            &body
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .chain(["toc-titel", "undersider-titel"])
                .collect::<Vec<_>>(),
            plan.strings,
        ),
        roadmap_changes: history::roadmap_changes(repo, p, plan.strings),
        history_url,
        revisions,
        approved_note: history::approved_note(repo, p, plan.strings),
        custom: Default::default(),
        site_layout: false,
    }
}

/// The PDF a page links to when the site is published with its PDFs: the whole site from
/// the front page, a meeting's board pack from the meeting's page.
fn print_link(plan: &Plan<'_>, p: &forvalt_model::Page) -> Option<(String, &'static str)> {
    if !plan.options.print {
        return None;
    }
    let target = if p.url == "/" {
        (crate::print::PDF_OUTPUT.to_string(), "print_site")
    } else if plan
        .repo
        .records
        .meetings
        .iter()
        .any(|m| m.source.path() == Some(p.path.as_str()))
    {
        (crate::print::pack_output(&p.path), "print_pack")
    } else {
        return None;
    };
    let url = format!("/{}", forvalt_model::url::escape_path(&target.0));
    Some((relative(&p.url, &url), plan.strings.t(target.1)))
}
