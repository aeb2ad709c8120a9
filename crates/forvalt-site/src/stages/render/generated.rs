//! Rendering the pages forvalt makes: each a view (data) in its template, reused when its
//! whole context did not change.

use super::super::digest;
use super::super::plan::{Generated, Kind, Plan};
use super::page::seed;
use crate::draw::gantt::RoadmapItem;
use crate::export::ChartFile;
use crate::site::{Bytes, Cache, Content, OutputFile};
use crate::views::history::{self, HistoryPage, SinceLastMeeting};
use crate::views::layout::{Context, PageView};
use crate::views::menu::{Crumb, MenuView};
use crate::views::records::{self, Overview, PAGES};
use crate::views::wheel::{self, WheelPage};
use forvalt_diag::Diagnostic;
use serde::Serialize;
use std::sync::Arc;

/// What a generated page shows besides its title.
#[derive(Serialize)]
#[serde(untagged)]
enum View<'a> {
    /// Nothing more (groups, search, 404).
    None(()),
    /// A record overview.
    Overview(Overview),
    /// The årshjul page.
    Wheels(WheelPage),
    /// "Siden sidste møde".
    Since(&'a SinceLastMeeting),
    /// A history page.
    History(HistoryPage),
    /// A record kept as an issue.
    Issue(Box<records::issue::IssuePage>),
}

/// A rendered generated page.
pub(crate) struct Done {
    /// The file.
    pub file: OutputFile,
    /// Whether it was rendered now (not reused).
    pub rendered: bool,
    /// The hash of its context.
    pub key: u64,
    /// Charts to export beside it (the årshjul page's).
    pub charts: Vec<ChartFile>,
    /// What making it found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders the generated page `g`; `roadmaps` are the published pages' roadmap items.
pub(crate) fn render(
    plan: &Plan<'_>,
    g: &Generated,
    roadmaps: &[(usize, Vec<RoadmapItem>)],
    cache: &Cache,
    sl: Option<&super::liquid::SiteLiquid>,
) -> Done {
    let repo = plan.repo;
    let mut page = PageView {
        title: g.title.clone(),
        url: g.url.clone(),
        show_title: true,
        ..PageView::default()
    };
    let mut charts = Vec::new();
    let mut diagnostics = Vec::new();
    let (template, view, node): (&str, View<'_>, Option<usize>) = match g.kind {
        Kind::Group(n) => {
            page.children = plan.menu.children(n, &g.url);
            ("group.html", View::None(()), Some(n))
        }
        Kind::Home => {
            page.children = plan.menu.links(&repo.nav.roots, "/");
            ("group.html", View::None(()), None)
        }
        Kind::Search => ("search.html", View::None(()), None),
        Kind::NotFound => ("404.html", View::None(()), None),
        Kind::Overview(i) => (
            PAGES[i].2,
            View::Overview(records::overview(&plan.records, i, &g.url, roadmaps)),
            None,
        ),
        Kind::Wheels => {
            let (view, made, found) =
                wheel::page(repo, &plan.links, plan.strings, plan.options.exports);
            charts = made;
            diagnostics = found;
            ("annual-cycle.html", View::Wheels(view), None)
        }
        Kind::Since => match &plan.since {
            Some(s) => ("since-last-meeting.html", View::Since(s), None),
            None => ("since-last-meeting.html", View::None(()), None),
        },
        Kind::History(i, part) => {
            let p = &repo.pages[i];
            let view = match repo.history.as_ref() {
                Some(h) => View::History(history::page(
                    repo,
                    p,
                    h,
                    plan.layout.globals.footer.repository.as_deref(),
                    part,
                )),
                None => View::None(()),
            };
            ("history.html", view, None)
        }
        Kind::Issue(n) => match records::issue::page(&plan.records, n, &super::safe_markdown) {
            Some(v) => ("issue.html", View::Issue(Box::new(v)), None),
            None => ("issue.html", View::None(()), None),
        },
        Kind::Governance(i) => {
            page.governance = repo
                .governance
                .get(i)
                .and_then(|f| records::of_file(repo, f, plan.strings))
                .into_iter()
                .collect();
            ("page.html", View::None(()), None)
        }
    };
    let not_found = g.kind == Kind::NotFound;
    if let Some(sl) = sl {
        let mut obj = forvalt_model::liquid::Object::new();
        obj.insert(
            "title".into(),
            forvalt_model::liquid::Value::scalar(g.title.clone()),
        );
        obj.insert(
            "url".into(),
            forvalt_model::liquid::Value::scalar(g.url.clone()),
        );
        page.custom = super::liquid::hooks(plan, &mut obj, "", sl, &mut diagnostics);
    }
    // The menu follows from the menu (in the page epoch), the place and the address.
    // A build that keeps nothing needs no key.
    let key = if cache.enabled {
        digest(
            seed(plan.page_epoch, u64::from(not_found), template, node),
            &context(plan, g, &page, &view, None, Vec::new()),
        )
    } else {
        0
    };
    let (bytes, rendered): (Bytes, bool) = match cache.pages.get(&g.output) {
        Some((k, b)) if cache.enabled && *k == key => (b.clone(), false),
        _ => {
            let menu = super::menu::menu(plan, node, &g.url);
            let crumbs = match g.kind {
                Kind::Group(_) => plan.menu.breadcrumbs(node, &g.url),
                _ => Vec::new(),
            };
            let ctx = context(plan, g, &page, &view, (!not_found).then_some(&menu), crumbs);
            (
                Arc::new(plan.theme.render(template, &ctx).into_bytes()),
                true,
            )
        }
    };
    Done {
        file: OutputFile {
            path: g.output.clone(),
            content: Content::Bytes(bytes),
        },
        rendered,
        key,
        charts,
        diagnostics,
    }
}

/// The context of generated page `g`.
fn context<'a, V: Serialize>(
    plan: &Plan<'_>,
    g: &Generated,
    page: &'a PageView,
    view: &'a V,
    menu: Option<&'a MenuView<'a>>,
    crumbs: Vec<Crumb>,
) -> Context<'a, V> {
    if g.kind == Kind::NotFound {
        plan.layout
            .not_found_context(page, view, &plan.repo.config.baseurl)
    } else {
        plan.layout.context(&g.url, page, view, menu, crumbs)
    }
}
