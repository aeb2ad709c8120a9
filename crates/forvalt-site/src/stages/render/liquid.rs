//! The site's own Liquid around its pages: layouts from `_layouts/` (their HTML around the
//! page, in the theme's frame) and just-the-docs' hook includes (`head_custom.html`,
//! `header_custom.html`, `footer_custom.html`, `nav_footer_custom.html`,
//! `search_placeholder_custom.html`, `title.html`, `toc_heading_custom.html`), placed where
//! the theme puts them. What they write follows the site's policy for raw HTML.

use super::super::plan::Plan;
use crate::markdown::{Body, HtmlPolicy};
use crate::sanitize::{removals, sanitize};
use crate::views::layout::Custom;
use forvalt_diag::{Diagnostic, FileId, Span};
use forvalt_model::liquid::{Contents, SiteVars};
use forvalt_model::liquid::{Object, Value};

/// Stands for the page's HTML while a layout is rendered and sanitized.
const CONTENT_MARK: &str = "<!--forvalt:content:f0a8-->";

/// The hook includes and the part of the page each fills.
const HOOKS: &[&str] = &[
    "head_custom.html",
    "header_custom.html",
    "footer_custom.html",
    "nav_footer_custom.html",
    "search_placeholder_custom.html",
    "title.html",
    "toc_heading_custom.html",
];

/// What the site's own Liquid needs during a build, made once.
pub(crate) struct SiteLiquid {
    /// `site`, with the pages' HTML (`None`: no layout or include reads a page's text, and
    /// the `site` the pages' own Liquid saw serves, without a copy).
    site: Option<SiteVars>,
    /// The file of each hook include the site has.
    hooks: Vec<Option<FileId>>,
    /// The files of the site's layouts, by name.
    layouts: std::collections::HashMap<String, FileId>,
}

impl SiteLiquid {
    /// The `site` layouts and hooks see.
    fn site<'p>(&'p self, plan: &'p Plan<'_>) -> &'p SiteVars {
        self.site
            .as_ref()
            .unwrap_or_else(|| plan.repo.liquid.site())
    }

    /// `None` when the site has no layouts or hooks of its own.
    pub(crate) fn new(plan: &Plan<'_>, bodies: &[std::sync::Arc<Body>]) -> Option<SiteLiquid> {
        let l = &plan.repo.liquid;
        if !l.has_layouts() && !HOOKS.iter().any(|h| l.has_include(h)) {
            return None;
        }
        l.set_markdown(crate::markdown::markdownify);
        let mut hooks = vec![None; HOOKS.len()];
        let mut layouts = std::collections::HashMap::new();
        for (id, f) in plan.repo.sources.iter() {
            if let Some(k) = HOOKS
                .iter()
                .position(|h| f.path.strip_prefix("_includes/") == Some(h))
            {
                hooks[k] = Some(id);
            }
            if let Some(name) = forvalt_model::liquid::layout_name(&f.path) {
                layouts.insert(name.to_string(), id);
            }
        }
        Some(SiteLiquid {
            site: site(plan, bodies, reads_contents(plan)),
            hooks,
            layouts,
        })
    }
}

/// Text without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML up to the end of its first block (a document's `excerpt`).
fn first_block(html: &str) -> String {
    let t = html.trim_start();
    let name: String = t
        .strip_prefix('<')
        .map(|r| {
            r.chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect()
        })
        .unwrap_or_default();
    if name.is_empty() {
        return t.lines().next().unwrap_or("").to_string();
    }
    let close = format!("</{name}>");
    match t.find(&close) {
        Some(i) => t[..i + close.len()].to_string(),
        None => t.to_string(),
    }
}

/// Whether a layout or include could read another page's `content` or `excerpt` (through
/// `site.pages` and the like): any mention other than the layout's own `{{ content }}`.
/// Without one, `site` holds no copy of the pages' HTML (a copy of the whole site).
fn reads_contents(plan: &Plan<'_>) -> bool {
    plan.repo.sources.iter().any(|(_, f)| {
        (f.path.starts_with("_layouts/") || f.path.starts_with("_includes/"))
            && forvalt_model::liquid::reads_contents(&f.text)
    })
}

/// `site` with every published page's rendered HTML as `content` and its first block as
/// `excerpt` (`bodies` follow `plan.published`), when `contents` (see [`reads_contents`]).
fn site(plan: &Plan<'_>, bodies: &[std::sync::Arc<Body>], contents: bool) -> Option<SiteVars> {
    if !contents {
        // The pages' own `site` has no text either when it was kept without.
        return (plan.repo.liquid.has_contents()).then(|| plan.repo.liquid.site_without_contents());
    }
    let mut at = vec![usize::MAX; plan.repo.pages.len()];
    for (k, &i) in plan.published.iter().enumerate() {
        at[i] = k;
    }
    Some(plan.repo.liquid.site_with(&|i| {
        let b = bodies.get(*at.get(i)?)?;
        Some(Contents {
            content: b.html.clone(),
            excerpt: first_block(&b.html),
        })
    }))
}

/// HTML from a layout or include, under the site's policy; what sanitizing removed is
/// reported at `file` (once per build: the caller drops repeats).
fn clean(html: &str, policy: HtmlPolicy, file: FileId, found: &mut Vec<Diagnostic>) -> String {
    match policy {
        HtmlPolicy::Allow => html.to_string(),
        HtmlPolicy::Escape => crate::theme::escape_html(html),
        HtmlPolicy::Sanitize => {
            let gone: Vec<String> = removals(html).into_iter().map(|(_, w)| w).collect();
            if !gone.is_empty() {
                found.push(
                    Diagnostic::warning(
                        "site::html-removed",
                        format!("forvalt removed {} from what this file writes", gone.join(", ")),
                    )
                    .with_span(Span::new(0, 0).in_file(file))
                    .with_note("scripts, event handlers and script addresses never reach a page")
                    .with_help("write `forvalt: html: allow` in `_config.yml` only if every author is trusted"),
                );
            }
            sanitize(html)
        }
    }
}

/// Page `i`'s HTML in its site layouts, and whether the theme should still show its title;
/// `None` when the page names no layout of the site.
pub(crate) fn layout(
    plan: &Plan<'_>,
    i: usize,
    html: &str,
    sl: &SiteLiquid,
    found: &mut Vec<Diagnostic>,
) -> Option<String> {
    let repo = plan.repo;
    let p = &repo.pages[i];
    let name = p.layout.as_deref()?;
    if !repo.liquid.has_layout(name) {
        return None;
    }
    let mut page = repo.liquid.page_object(i);
    page.insert("content".into(), Value::scalar(CONTENT_MARK.to_string()));
    let applied = repo
        .liquid
        .apply_layouts(name, CONTENT_MARK, &page, sl.site(plan), found);
    let out = applied.html?;
    let file = applied
        .used
        .first()
        .and_then(|u| sl.layouts.get(u))
        .copied()
        .unwrap_or(p.file);
    // A layout in no other layout writes the whole page in Jekyll; forvalt keeps its own
    // frame (menu, search, styles) and shows what the layout puts in `<body>`.
    let out = if applied.theme.is_empty() {
        found.push(
            Diagnostic::note(
                "liquid::whole-page-layout",
                format!(
                    "the layout `{}` sits in no other layout, so in Jekyll it writes the whole page",
                    applied.used.last().map_or("", String::as_str)
                ),
            )
            .with_span(Span::new(0, 0).in_file(file))
            .with_note("forvalt shows the body of that page inside its own page, with the menu and search")
            .with_help("to keep the theme around it in Jekyll too, write `layout: default` in its front matter"),
        );
        body_of(&out).to_string()
    } else {
        out
    };
    let cleaned = clean(&out, plan.html, file, found);
    Some(match cleaned.find(CONTENT_MARK) {
        Some(at) => {
            let mut s = String::with_capacity(cleaned.len() + html.len());
            s.push_str(&cleaned[..at]);
            s.push_str(html);
            s.push_str(&cleaned[at + CONTENT_MARK.len()..]);
            s.replace(CONTENT_MARK, "")
        }
        None => cleaned,
    })
}

/// What a whole HTML document has in `<body>` (the text itself when it has none).
fn body_of(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    let Some(open) = lower.find("<body") else {
        return html;
    };
    let start = lower[open..].find('>').map_or(html.len(), |e| open + e + 1);
    let end = lower
        .rfind("</body")
        .filter(|&e| e >= start)
        .unwrap_or(html.len());
    &html[start..end]
}

/// The hook includes rendered for a page (`page` as its object, `html` its content).
pub(crate) fn hooks(
    plan: &Plan<'_>,
    page: &mut Object,
    html: &str,
    sl: &SiteLiquid,
    found: &mut Vec<Diagnostic>,
) -> Custom {
    let liquid = &plan.repo.liquid;
    page.insert("content".into(), Value::scalar(html.to_string()));
    let mut out: Vec<Option<String>> = Vec::with_capacity(HOOKS.len());
    let mut head_items = Vec::new();
    for (name, file) in HOOKS.iter().zip(&sl.hooks) {
        let rendered = file.and_then(|_| liquid.render_hook(name, page, sl.site(plan), found));
        out.push(match (rendered, *file) {
            (Some(h), Some(f)) if *name == "head_custom.html" => match plan.html {
                HtmlPolicy::Allow => Some(h),
                HtmlPolicy::Escape => None,
                HtmlPolicy::Sanitize => {
                    head_items = head(&h, f, found);
                    None
                }
            },
            (Some(h), _)
                if name.starts_with("search_placeholder") || name.starts_with("toc_heading") =>
            {
                Some(strip_tags(&h))
            }
            (Some(h), Some(f)) => Some(clean(&h, plan.html, f, found)),
            _ => None,
        });
    }
    let mut it = out.into_iter();
    let mut next = || it.next().flatten().filter(|s| !s.trim().is_empty());
    Custom {
        head: head_items,
        head_html: next(),
        header: next(),
        footer: next(),
        nav_footer: next(),
        search_placeholder: next(),
        title: next(),
        toc_heading: next(),
    }
}

/// `head_custom.html` under the sanitizing policy: what may stay in the page head.
fn head(html: &str, file: FileId, found: &mut Vec<Diagnostic>) -> Vec<crate::sanitize::HeadItem> {
    let (kept, gone) = crate::sanitize::head(html);
    if !gone.is_empty() {
        found.push(
            Diagnostic::warning(
                "site::html-removed",
                format!("forvalt removed {} from the page head", gone.join(", ")),
            )
            .with_span(Span::new(0, 0).in_file(file))
            .with_note("in the page head forvalt keeps style sheets, icons, meta and style elements; scripts never reach a page"),
        );
    }
    kept
}
