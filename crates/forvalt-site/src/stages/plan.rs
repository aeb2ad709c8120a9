//! Stage 2, plan: which pages the site has and where — the published pages, the pages
//! forvalt generates (groups, overviews, history pages, search, 404), their addresses, the
//! menu — and what every page shares (links, chart settings, templates, layout).

use crate::draw::gantt::ChartSettings;
use crate::i18n::{self, Strings};
use crate::markdown::{Callouts, Env};
use crate::site::BuildOptions;
use crate::theme::{Override, Theme};
use crate::views::history::{self, SINCE_OUTPUT, SinceLastMeeting};
use crate::views::layout::Layout;
use crate::views::menu::Menu;
use crate::views::records::{self, PAGES};
use crate::views::wheel;
use forvalt_diag::{Checked, Diagnostic};
use forvalt_model::history::HistorySource;
use forvalt_model::links::LinkIndex;
use forvalt_model::records::MeetingState;
use forvalt_model::url::escape_path;
use forvalt_model::{PageState, Repository};
use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The plan of a site.
pub struct Plan<'a> {
    /// The repository.
    pub repo: &'a Repository,
    /// How to build.
    pub options: &'a BuildOptions,
    /// Whether the site has search: the build asks for it, and `_config.yml` does not say
    /// `search_enabled: false`.
    pub search: bool,
    /// Interface strings.
    pub strings: &'static Strings,
    /// The published pages (indexes into `repo.pages`).
    pub published: Vec<usize>,
    /// Every output path in use (pages, static files, generated pages).
    pub taken: HashSet<String>,
    /// The menu.
    pub menu: Menu,
    /// The pages forvalt makes, in a fixed order.
    pub generated: Vec<Generated>,
    /// "Siden sidste møde", when the site has it.
    pub since: Option<SinceLastMeeting>,
    /// What every page's context is made from.
    pub layout: Layout,
    /// Link targets.
    pub links: LinkIndex,
    /// How charts are drawn.
    pub charts: ChartSettings,
    /// Callout kinds.
    pub callouts: Callouts,
    /// The templates.
    pub theme: Theme,
    /// The records, indexed for their views.
    pub records: records::Ctx<'a>,
    /// What every page body depends on besides its own text.
    pub body_epoch: u64,
    /// What every page depends on besides its own context: the templates, the globals,
    /// the menu and the links to the record overviews.
    pub page_epoch: u64,
    /// Drafts left out by the publishing policy.
    pub drafts_left_out: usize,
    /// What happens to raw HTML in Markdown.
    pub html: crate::markdown::HtmlPolicy,
    /// Closed menu entries rendered so far, by node, folder and whether it is the page.
    pub(crate) menu_items: crate::views::menu::RenderedItems,
}

impl Plan<'_> {
    /// What rendering a page body needs from the plan; `exports` draws charts for export.
    pub fn env(&self, exports: bool) -> Env<'_> {
        Env {
            links: &self.links,
            charts: &self.charts,
            strings: self.strings,
            callouts: &self.callouts,
            sources: &self.repo.sources,
            records: &self.repo.records,
            today: self.repo.now.date(),
            exports,
            theme: &self.theme,
            html: self.html,
            heading_anchors: self
                .repo
                .config
                .raw
                .get("heading_anchors")
                .and_then(|v| v.as_bool())
                != Some(false),
        }
    }
}

/// A page forvalt makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Output path.
    pub output: String,
    /// URL (escaped, without baseurl).
    pub url: String,
    /// Title.
    pub title: String,
    /// What it shows.
    pub kind: Kind,
}

/// What a generated page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A menu group without a page of its own (menu node).
    Group(usize),
    /// The front page of a site without one: the menu's top level.
    Home,
    /// The search page.
    Search,
    /// A record overview (index into [`PAGES`]).
    Overview(usize),
    /// The årshjul of the standalone `aarshjul.yml` files.
    Wheels,
    /// "Siden sidste møde".
    Since,
    /// Part of a page's history (index into `repo.pages`, part from 1).
    History(usize, usize),
    /// A governance report that is no page, on a site without `_config.yml` (index into
    /// `repo.governance`).
    Governance(usize),
    /// The page of a record kept as a GitHub issue (its number).
    Issue(u64),
    /// The 404 page.
    NotFound,
}

/// How the charts of `repo` are drawn: its time zone, language, gantt settings and today.
pub fn chart_settings(repo: &Repository, options: &BuildOptions) -> ChartSettings {
    ChartSettings {
        zone: forvalt_gantt::Zone::from_jiff(repo.time_zone.clone()),
        time_zone: repo.time_zone.clone(),
        // Today's date, not the second: the site is the same all day (and rebuilds can
        // reuse rendered pages); the today marker is drawn at the start of the day.
        now: repo
            .now
            .start_of_day()
            .map_or(repo.now.timestamp(), |d| d.timestamp())
            .as_millisecond(),
        locale: if repo.danish() {
            forvalt_gantt::Locale::Da
        } else {
            forvalt_gantt::Locale::En
        },
        extensions: repo.config.gantt_extensions,
        config: repo.config.gantt.clone(),
        width: options.chart_width,
        mermaid: repo.config.mermaid_version().unwrap_or_default(),
        readable: !repo.config.mermaid_geometry,
    }
}

/// Plans the site of `repo`.
pub fn plan<'a>(repo: &'a Repository, options: &'a BuildOptions) -> Checked<Plan<'a>> {
    let strings = i18n::strings(repo.danish());
    let published: Vec<usize> = (0..repo.pages.len())
        .filter(|&i| repo.published[i])
        .collect();
    // Paths in use, so generated pages never overwrite the author's.
    let mut taken: HashSet<String> = published
        .iter()
        .map(|&i| repo.pages[i].output.clone())
        .collect();
    taken.extend(repo.statics.iter().map(|s| s.output.clone()));
    let menu = Menu::new(repo, &taken, strings);
    let mut generated: Vec<Generated> = menu
        .group_pages
        .iter()
        .map(|(node, output)| Generated {
            output: output.clone(),
            url: menu.entries[*node].url.clone(),
            title: menu.entries[*node].title.clone(),
            kind: Kind::Group(*node),
        })
        .collect();
    taken.extend(generated.iter().map(|g| g.output.clone()));
    let search = options.search
        && repo.config.raw.get("search_enabled") != Some(&serde_json::Value::Bool(false));
    let search_output = search.then(|| free_name(&taken, "search", ".html"));
    let since =
        history::since_last_meeting(repo, &format!("/{}", escape_path(SINCE_OUTPUT)), strings);
    let wanted = wanted_pages(repo, strings, search_output.as_deref(), since.is_some());
    for g in wanted {
        if taken.insert(g.output.clone()) {
            generated.push(g);
        }
    }
    // After every other page: a JSON report's page takes a free name, never another's.
    for mut g in json_reports(repo, strings) {
        if let Some(stem) = g.output.strip_suffix(".html") {
            g.output = free_name(&taken, stem, ".html");
            g.url = format!("/{}", escape_path(&g.output));
        }
        taken.insert(g.output.clone());
        generated.push(g);
    }
    let mut record_views: Vec<(String, String)> = generated
        .iter()
        .filter(|g| {
            matches!(
                g.kind,
                Kind::Overview(_) | Kind::Wheels | Kind::Since | Kind::Governance(_)
            )
        })
        .map(|g| (g.url.clone(), g.title.clone()))
        .collect();
    record_views.extend(governance_reports(repo));
    let mut layout = Layout::new(
        repo,
        strings,
        &options.generator,
        search_output.as_deref(),
        record_views,
    );
    if let Some(csp) = &mut layout.globals.csp {
        *csp = crate::views::layout::csp_with(&options.script_hashes);
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let overrides: Vec<Override<'_>> = repo
        .templates
        .iter()
        .filter_map(|(name, &file)| {
            Some(Override {
                name,
                file,
                text: &repo.sources.get(file)?.text,
            })
        })
        .collect();
    let (theme, found) = Theme::new(&overrides, &layout.globals);
    diagnostics.extend(found);
    let (html, found) = crate::markdown::HtmlPolicy::from_config(&repo.config.raw);
    diagnostics.extend(found);
    let charts = chart_settings(repo, options);
    let body_epoch = body_epoch(repo, options, &charts, &theme);
    let page_epoch = super::digest(
        theme.digest(),
        &(
            &layout.globals,
            &menu,
            &repo.nav.roots,
            &layout.record_views,
        ),
    );
    let plan = Plan {
        repo,
        options,
        search,
        strings,
        drafts_left_out: repo
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| !repo.published[*i] && p.state == PageState::Draft)
            .count(),
        published,
        taken,
        menu,
        generated,
        since,
        layout,
        links: LinkIndex::new(repo),
        callouts: Callouts::new(&repo.config.raw, repo.danish()),
        charts,
        theme,
        records: records::Ctx::new(repo, strings),
        body_epoch,
        page_epoch,
        html,
        menu_items: Default::default(),
    };
    Checked::with_diagnostics(plan, diagnostics)
}

/// Whether a report is filled in: not a template, and something answered.
fn filled_in(found: &forvalt_model::governance::Found) -> bool {
    use forvalt_model::governance::Answer;
    let lower = found.path.to_lowercase();
    let answered = found
        .report
        .requirements
        .iter()
        .any(|q| !matches!(q.answer, Answer::Unanswered | Answer::Unassessed));
    answered && !lower.contains("skabelon") && !lower.contains("template")
}

/// The published pages that are filled-in governance reports, by path: a link to each
/// among the records' pages (JSON reports' generated pages are linked by the caller).
fn governance_reports(repo: &Repository) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for found in repo.governance.iter().filter(|f| filled_in(f)) {
        let Some(i) = repo.pages.iter().position(|p| p.path == found.path) else {
            continue; // a JSON self-evaluation
        };
        if repo.published.get(i) == Some(&true) {
            out.push((repo.pages[i].url.clone(), repo.pages[i].title.clone()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A page for each filled-in JSON self-evaluation, on a site without `_config.yml` (a
/// Jekyll site publishes what Jekyll does): `dokumenter/x.json` → `dokumenter/x.html`.
fn json_reports(repo: &Repository, strings: &Strings) -> Vec<Generated> {
    if repo.publishing.is_jekyll() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, found) in repo.governance.iter().enumerate() {
        let Some(stem) = found.path.strip_suffix(".json") else {
            continue;
        };
        if !filled_in(found) {
            continue;
        }
        let output = format!("{stem}.html");
        let name = found
            .report
            .product
            .clone()
            .unwrap_or_else(|| stem.rsplit('/').next().unwrap_or(stem).to_string());
        out.push(Generated {
            url: format!("/{}", escape_path(&output)),
            output,
            title: format!("{}: {name}", strings.t("gov_self_evaluation")),
            kind: Kind::Governance(i),
        });
    }
    out
}

/// `base.html`, or `base-1.html`, … when that is taken.
fn free_name(taken: &HashSet<String>, base: &str, ext: &str) -> String {
    let mut name = format!("{base}{ext}");
    let mut k = 1;
    while taken.contains(&name) {
        name = format!("{base}-{k}{ext}");
        k += 1;
    }
    name
}

/// The generated pages the site should have besides the menu's groups, in build order; a
/// page whose address is taken is left out by the caller.
fn wanted_pages(
    repo: &Repository,
    strings: &Strings,
    search: Option<&str>,
    since: bool,
) -> Vec<Generated> {
    let page = |output: &str, title: &str, kind: Kind| Generated {
        output: output.to_string(),
        url: format!("/{}", escape_path(output)),
        title: title.to_string(),
        kind,
    };
    let mut out = Vec::new();
    let has_home = repo
        .pages
        .iter()
        .enumerate()
        .any(|(i, p)| repo.published[i] && p.url == "/");
    if !has_home {
        let mut home = page("index.html", &repo.config.title, Kind::Home);
        home.url = "/".into();
        if home.title.is_empty() {
            home.title = strings.t("home").to_string();
        }
        out.push(home);
    }
    if let Some(s) = search {
        out.push(page(s, strings.t("search_title"), Kind::Search));
    }
    if records::has_records(repo) {
        for (i, (output, title, _)) in PAGES.iter().enumerate() {
            out.push(page(output, strings.t(title), Kind::Overview(i)));
        }
        for n in records::issue::numbers(repo) {
            let title = repo
                .records
                .threads
                .get(&n)
                .map_or("", |t| t.title.as_str());
            out.push(page(&records::issue::output(n), title, Kind::Issue(n)));
        }
    }
    if !repo.wheel_files.is_empty() {
        out.push(page(wheel::OUTPUT, strings.t("annual_cycle"), Kind::Wheels));
    }
    let git = repo
        .history
        .as_ref()
        .is_some_and(|h| h.source == HistorySource::Git);
    let held = repo.records.meetings.iter().any(|m| {
        m.state != MeetingState::Cancelled && m.date.is_some_and(|d| d <= repo.now.date())
    });
    if since && git && held {
        out.push(page(
            SINCE_OUTPUT,
            strings.t("since_last_meeting"),
            Kind::Since,
        ));
    }
    for (i, p) in repo.pages.iter().enumerate() {
        let Some(h) = history::of(repo, p).filter(|_| repo.published[i]) else {
            continue;
        };
        let commits = h.of(&p.path).map_or(0, |d| d.revisions.len());
        let count = history::parts(commits);
        for n in 1..=count {
            let title = format!("{}: {}", strings.t("history"), p.title);
            out.push(Generated {
                output: history::output_of_part(p, n),
                url: history::url_of_part(p, n),
                title: if n == 1 {
                    title
                } else {
                    format!(
                        "{title} ({} {n} {} {count})",
                        strings.t("part"),
                        strings.t("of")
                    )
                },
                kind: Kind::History(i, n),
            });
        }
    }
    out.push(page(
        "404.html",
        strings.t("not_found_title"),
        Kind::NotFound,
    ));
    out
}

/// What every page body depends on besides its own text: the site's addresses, settings,
/// today, the meetings (årshjul show them) and the templates (charts are templates).
fn body_epoch(
    repo: &Repository,
    options: &BuildOptions,
    charts: &ChartSettings,
    theme: &Theme,
) -> u64 {
    let mut h = DefaultHasher::new();
    for p in &repo.pages {
        (&p.path, &p.url).hash(&mut h);
    }
    for s in &repo.statics {
        (&s.path, &s.output).hash(&mut h);
    }
    serde_json::to_string(&repo.config.raw)
        .unwrap_or_default()
        .hash(&mut h);
    (charts.now, options.chart_width.to_bits(), options.exports).hash(&mut h);
    for m in &repo.records.meetings {
        (&m.id, m.date, &m.title, m.state == MeetingState::Held).hash(&mut h);
        m.source.path().hash(&mut h);
    }
    theme.digest().hash(&mut h);
    h.finish()
}
