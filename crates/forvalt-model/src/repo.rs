//! Loading a repository: which files are pages, static files, includes and templates;
//! decoding with repair; front matter; Liquid; titles; URLs; the menu.

use crate::config::{Publish, SiteConfig, read_config};
use crate::decode;
use crate::files::{FileEntry, Files};
use crate::frontmatter::read_head;
use crate::liquid::Liquid;
use crate::nav::{NavOptions, NavTree};
use crate::page::{
    NavSettings, Page, PageState, TitleSource, first_h1, page_state, title_from_path,
};
use crate::publishing::{Publishing, has_yaml_header};
use crate::url::page_url;
use forvalt_diag::{Checked, Diagnostic, FileId, Sources, Span, Spanned};
use jiff::Zoned;
use jiff::tz::TimeZone;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// How to load a repository.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// "Now" in ms since the epoch (`site.time`); libraries never read the clock.
    pub now: i64,
    /// Override of the publishing policy (`--approved-only`).
    pub publish: Option<Publish>,
}

/// A file copied to the site as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path relative to the repository.
    pub path: String,
    /// Path in the output (the same, except for a collection's files: `_news/a.pdf` →
    /// `news/a.pdf`).
    pub output: String,
    /// Last modification.
    pub modified: Option<i64>,
}

impl StaticFile {
    /// A file copied to the same path in the output.
    pub fn new(path: String, modified: Option<i64>) -> StaticFile {
        StaticFile {
            output: path.clone(),
            path,
            modified,
        }
    }
}

/// A repository read into memory.
#[derive(Debug)]
pub struct Repository {
    /// Site settings.
    pub config: SiteConfig,
    /// Every text file that was read, for diagnostics.
    pub sources: Sources,
    /// Markdown pages, sorted by path.
    pub pages: Vec<Page>,
    /// Whether each page is published (the publishing policy leaves drafts out).
    pub published: Vec<bool>,
    /// Files copied as they are.
    pub statics: Vec<StaticFile>,
    /// Theme template overrides from `_forvalt/templates/` (name → file in `sources`).
    pub templates: BTreeMap<String, FileId>,
    /// Every file of the repository.
    pub files: Vec<FileEntry>,
    /// Governance reports, in pages and JSON self-evaluations.
    pub governance: Vec<crate::governance::Found>,
    /// The root's `publiccode.yml` (in any letter case).
    pub publiccode: Option<crate::publiccode::Found>,
    /// The root's licence file and the licence recognised in it.
    pub licence: Option<crate::licence::Found>,
    /// The GitHub issue templates, where GitHub reads them and where it does not.
    pub issue_templates: Vec<crate::issue_templates::IssueTemplate>,
    /// The menu.
    pub nav: NavTree,
    /// The site's time zone.
    pub time_zone: TimeZone,
    /// "Now" in the site's time zone.
    pub now: Zoned,
    /// Decisions, meetings, bodies, actions and change requests.
    pub records: crate::records::Records,
    /// What git says about each document, when the caller read it (see `forvalt-history`).
    pub history: Option<crate::history::Histories>,
    /// Standalone årshjul files (`aarshjul.yml`, also under `_data/`), by path.
    pub wheel_files: Vec<WheelFile>,
    /// How the site's own build decides what is a page.
    pub publishing: Publishing,
    /// Markdown files that are not pages (a Jekyll site copies them as they are), sorted.
    pub not_pages: Vec<NotPage>,
    /// Redirect pages (`redirect_from`, `redirect_to`), sorted by output file.
    pub redirects: Vec<crate::redirects::Redirect>,
    /// The custom colour scheme `color_scheme` names, when it names one.
    pub color_scheme: Option<crate::scheme::ColorScheme>,
    /// The site's Liquid: includes, layouts (`_layouts/`), `site.*` with every page.
    pub liquid: Liquid,
    /// The site's own style sheet (`_sass/custom/custom.scss`, when it is plain CSS).
    pub custom_css: Option<String>,
}

/// A Markdown file the site's build does not make a page of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPage {
    /// Path in the repository.
    pub path: String,
    /// The file, in [`Repository::sources`].
    pub file: FileId,
    /// Why it is not a page.
    pub reason: NotPageReason,
}

/// Why a Markdown file is not a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPageReason {
    /// It does not start with a `---` line.
    NoFrontMatter,
    /// Its front matter is damaged (text before `---`).
    BrokenFrontMatter,
    /// Optional front matter leaves README, LICENSE and similar files alone.
    MetaFile,
    /// A README in a folder that has an index page.
    ReadmeBesideIndex,
}

impl NotPageReason {
    /// Why, in a sentence's words.
    pub fn describe(self) -> &'static str {
        match self {
            NotPageReason::NoFrontMatter => "it has no front matter",
            NotPageReason::BrokenFrontMatter => "its front matter does not start on the first line",
            NotPageReason::MetaFile => {
                "optional front matter leaves README, LICENSE, CONTRIBUTING and similar files alone"
            }
            NotPageReason::ReadmeBesideIndex => "its folder has an index page of its own",
        }
    }
}

/// A standalone årshjul file (the format of [`crate::aarshjul`], on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WheelFile {
    /// Path in the repository.
    pub path: String,
    /// The text, in [`Repository::sources`].
    pub file: FileId,
}

/// Whether `path` names a standalone årshjul file (`aarshjul.yml`, `årshjul.yaml`, …).
pub fn is_wheel_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let name = name.replace("a\u{30a}", "å");
    matches!(
        name.as_str(),
        "aarshjul.yml" | "aarshjul.yaml" | "årshjul.yml" | "årshjul.yaml"
    )
}

impl Repository {
    /// Whether the site is Danish.
    pub fn danish(&self) -> bool {
        self.config.lang.to_ascii_lowercase().starts_with("da")
    }

    /// A page's Markdown as written (after the front matter).
    pub fn source_body<'a>(&'a self, page: &'a Page) -> &'a str {
        self.sources
            .get(page.file)
            .and_then(|f| f.text.get(page.body_offset..))
            .unwrap_or("")
    }

    /// A page's Markdown after Liquid.
    pub fn body<'a>(&'a self, page: &'a Page) -> &'a str {
        match &page.liquid_body {
            Some(b) => b,
            None => self.source_body(page),
        }
    }

    /// The page with this path.
    pub fn page(&self, path: &str) -> Option<usize> {
        self.pages
            .binary_search_by(|p| p.path.as_str().cmp(path))
            .ok()
    }
}

/// Whether Jekyll leaves a path out: a part starting with `_` or `.` (unless in `include`),
/// a backup file, or a match of `exclude`.
pub fn skipped(path: &str, config: &SiteConfig) -> bool {
    let included = |p: &str| {
        config
            .include
            .iter()
            .any(|i| i == p || p.starts_with(&format!("{i}/")))
    };
    for part in path.split('/') {
        if part.eq_ignore_ascii_case(".git") {
            return true;
        }
        if (part.starts_with('_')
            || part.starts_with('.')
            || part.starts_with('#')
            || part.ends_with('~'))
            && !included(path)
        {
            return true;
        }
    }
    skipped_by_exclude(path, config)
}

/// Whether `text` matches the glob `pattern` (`*` and `?`).
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    glob(pattern, text)
}

/// Whether `exclude` leaves out `path` (the rule of [`skipped`] without the one for `_`).
fn skipped_by_exclude(path: &str, config: &SiteConfig) -> bool {
    config.exclude.iter().any(|e| {
        let e = e.trim_matches('/');
        path == e || path.starts_with(&format!("{e}/")) || glob(e, path)
    })
}

fn glob(pattern: &str, text: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return false;
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The first listed file at the repository's root whose lower-case name `wanted` accepts,
/// read and registered in `sources`: its path, file id and text.
pub(crate) fn read_root_file(
    files: &dyn Files,
    list: &[FileEntry],
    wanted: impl Fn(&str) -> bool,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, FileId, String)> {
    let entry = list
        .iter()
        .find(|f| !f.path.contains('/') && wanted(&f.path.to_lowercase()))?;
    let (file, text) = read_text(files, &entry.path, sources, diagnostics)?;
    Some((entry.path.clone(), file, text))
}

/// Reads a file as text, repairing damaged encodings and reporting what was done.
pub fn read_text(
    files: &dyn Files,
    path: &str,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FileId, String)> {
    register(
        path,
        files.read(path).map(|b| decode::decode(&b)),
        sources,
        diagnostics,
    )
}

/// Adds a decoded file to `sources`, reporting repairs and read errors.
fn register(
    path: &str,
    read: std::io::Result<decode::Decoded>,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FileId, String)> {
    let d = match read {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "io::read",
                format!("cannot read {path}: {e}"),
            ));
            return None;
        }
    };
    let file = sources.add(path, d.text.clone());
    diagnostics.extend(d.diagnostics(path, file));
    Some((file, d.text))
}

/// GitHub Pages' `jekyll-readme-index`: a folder's README becomes its index page when the
/// folder has no index of its own (and the README sets no permalink). Only READMEs marked
/// in `eligible` are considered; returns which became indexes.
fn readme_index(pages: &mut [Page], statics: &[StaticFile], eligible: &[bool]) -> Vec<bool> {
    let mut became = vec![false; pages.len()];
    let mut taken: std::collections::HashSet<String> =
        pages.iter().map(|p| p.output.clone()).collect();
    taken.extend(statics.iter().map(|s| s.output.clone()));
    for (i, p) in pages.iter_mut().enumerate() {
        let (dir, name) = p.path.rsplit_once('/').unwrap_or(("", p.path.as_str()));
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        if !eligible[i]
            || !stem.eq_ignore_ascii_case("readme")
            || p.front_matter
                .as_ref()
                .is_some_and(|f| f.str("permalink").is_some())
        {
            continue;
        }
        let output = if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        };
        if taken.contains(&output) {
            continue;
        }
        taken.insert(output.clone());
        let url = if dir.is_empty() {
            "/".to_string()
        } else {
            format!("/{dir}/")
        };
        p.url = crate::url::escape_path(&url);
        p.output = output;
        became[i] = true;
    }
    became
}

/// How the site is built: from `_config.yml`, the Gemfile and the Pages workflows; a
/// repository without `_config.yml` is plain.
fn decide_publishing(files: &dyn Files, list: &[FileEntry], config: &SiteConfig) -> Publishing {
    let has_config = list
        .iter()
        .any(|f| f.path == "_config.yml" || f.path == "_config.yaml");
    if !has_config {
        return Publishing::plain();
    }
    let text = |path: &str| files.read(path).ok().map(|b| decode::decode(&b).text);
    let gemfile = list
        .iter()
        .any(|f| f.path == "Gemfile")
        .then(|| text("Gemfile"))
        .flatten();
    let workflows: Vec<(String, String)> = list
        .iter()
        .filter(|f| {
            f.path.starts_with(".github/workflows/")
                && (f.path.ends_with(".yml") || f.path.ends_with(".yaml"))
        })
        .filter_map(|f| Some((f.path.clone(), text(&f.path)?)))
        .collect();
    Publishing::decide(config, gemfile.as_deref(), &workflows)
}

/// What a Markdown file becomes.
enum Made {
    /// A page: whether it is one only if it becomes its folder's index (a README), and
    /// whether its source is copied too (a Jekyll plugin made the page).
    Page(Box<Page>, bool, bool),
    /// Copied as it is.
    NotPage(FileId, NotPageReason),
}

/// Decides what the Markdown file `path` with `text` becomes, and makes its page.
fn make(
    text: &str,
    file: FileId,
    entry: &FileEntry,
    cx: &MakeContext<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Made {
    let rules = cx.publishing;
    let name = entry.path.rsplit('/').next().unwrap_or("");
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let readme = stem.eq_ignore_ascii_case("readme");
    let header = has_yaml_header(text);
    let mut found = Vec::new();
    let copy = rules.is_jekyll() && rules.keep_originals;
    let in_collection = crate::collections::of(cx.collections, &entry.path).is_some();
    let made = if !rules.is_jekyll() || header {
        Made::Page(
            Box::new(make_page(text, file, entry, cx, &mut found)),
            false,
            false,
        )
    } else if in_collection {
        // A collection's file without front matter is copied, as Jekyll does.
        read_head(text, file, &mut found);
        Made::NotPage(file, NotPageReason::NoFrontMatter)
    } else if rules.optional_front_matter
        && (!Publishing::is_meta_file(name) || cx.config.include.contains(&entry.path))
    {
        Made::Page(
            Box::new(make_page(text, file, entry, cx, &mut found)),
            false,
            copy,
        )
    } else if rules.readme_index && readme {
        Made::Page(
            Box::new(make_page(text, file, entry, cx, &mut found)),
            true,
            copy,
        )
    } else {
        read_head(text, file, &mut found);
        let broken = found.iter().any(|d| d.code == "frontmatter::broken");
        let reason = if broken {
            NotPageReason::BrokenFrontMatter
        } else if rules.optional_front_matter {
            NotPageReason::MetaFile
        } else {
            NotPageReason::NoFrontMatter
        };
        Made::NotPage(file, reason)
    };
    if rules.is_jekyll() {
        for d in found.iter_mut().filter(|d| d.code == "frontmatter::broken") {
            // Damaged on purpose is a common way to unpublish a page: a warning, not an error.
            d.severity = forvalt_diag::Severity::Warning;
            d.notes = vec![if matches!(made, Made::Page(..)) {
                "Jekyll shows the damaged front matter as text of the page, and so does forvalt"
            } else {
                "Jekyll copies the file as it is instead of making it a page, and so does forvalt"
            }
            .into()];
            d.help.push(
                "to keep a page unpublished on purpose, write `published: false` in its front matter"
                    .into(),
            );
        }
    }
    diagnostics.extend(found);
    made
}

/// What every page is made with.
struct MakeContext<'a> {
    config: &'a SiteConfig,
    collections: &'a [crate::collections::Collection],
    defaults: crate::defaults::Defaults,
    publishing: &'a Publishing,
}

/// `_config.yml` (or defaults), with the caller's publishing policy over it.
fn site_config(
    files: &dyn Files,
    list: &[FileEntry],
    options: &LoadOptions,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> SiteConfig {
    let mut config = match list
        .iter()
        .find(|f| f.path == "_config.yml" || f.path == "_config.yaml")
    {
        Some(f) => match read_text(files, &f.path, sources, diagnostics) {
            Some((id, text)) => read_config(&text, id, diagnostics),
            None => SiteConfig::default(),
        },
        None => SiteConfig::default(),
    };
    if let Some(p) = options.publish {
        config.publish = p;
    }
    config
}

/// The site's time zone (`timezone`, Copenhagen by default) and "now" in it.
fn clock(config: &SiteConfig, now_ms: i64) -> (TimeZone, Zoned) {
    let tz_name = config
        .raw
        .get("timezone")
        .and_then(|v| v.as_str())
        .unwrap_or("Europe/Copenhagen");
    let time_zone = TimeZone::get(tz_name).unwrap_or(TimeZone::UTC);
    let now = jiff::Timestamp::from_millisecond(now_ms)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(time_zone.clone());
    (time_zone, now)
}

/// Loads the repository from `files`.
pub fn load(files: &dyn Files, options: &LoadOptions) -> Checked<Repository> {
    let mut diagnostics = Vec::new();
    let mut sources = Sources::new();
    let list = files.list();
    report_refused(files, &mut sources, &mut diagnostics);
    let config = site_config(files, &list, options, &mut sources, &mut diagnostics);
    let publishing = decide_publishing(files, &list, &config);
    let collections = if publishing.is_jekyll() {
        let mut c = crate::collections::read(&config);
        crate::collections::check_permalinks(&mut c, &config, &mut diagnostics);
        c
    } else {
        Vec::new()
    };
    let color_scheme = crate::scheme::read(files, &list, &config, &mut sources, &mut diagnostics);
    let custom_css = crate::custom_css::read(files, &list, &mut sources, &mut diagnostics);
    let (time_zone, now) = clock(&config, options.now);

    let Sorted {
        includes,
        layouts,
        templates,
        markdown,
        mut statics,
        wheel_files,
    } = sort_files(
        files,
        &list,
        &config,
        &publishing,
        &collections,
        &mut sources,
        &mut diagnostics,
    );

    let texts = read_markdown(files, &markdown, &mut sources, &mut diagnostics);
    let cx = MakeContext {
        defaults: crate::defaults::Defaults::read(&config, &mut diagnostics),
        config: &config,
        collections: &collections,
        publishing: &publishing,
    };
    let made: Vec<(Made, Vec<Diagnostic>)> = texts
        .par_iter()
        .map(|(file, text, f)| {
            let mut found = Vec::new();
            let made = make(text, *file, f, &cx, &mut found);
            (made, found)
        })
        .collect();
    drop(cx);
    let entries: Vec<&FileEntry> = texts.iter().map(|(_, _, e)| *e).collect();
    let (mut pages, not_pages) =
        settle(made, &entries, &publishing, &mut statics, &mut diagnostics);
    // A collection's files are published under the collection's name, without `_`.
    for s in statics.iter_mut() {
        if let Some((c, rest)) = crate::collections::of(&collections, &s.path) {
            s.output = format!("{}/{rest}", c.name);
        }
    }
    let mut published = publication(&pages, &config, &mut diagnostics);
    file_folder_conflicts(&pages, &mut published, &statics, &mut diagnostics);
    let liquid = site_liquid(
        SiteLiquid {
            files,
            list: &list,
            config: &config,
            includes,
            layouts,
            templates: &templates,
            publishing: &publishing,
            now: &now,
        },
        &mut pages,
        &published,
        &mut sources,
        &mut diagnostics,
    );
    let (nav, redirects) = menu_and_redirects(
        &pages,
        &published,
        &statics,
        &config,
        (&publishing, &collections),
        &mut diagnostics,
    );
    let mut repo = Repository {
        config,
        sources,
        pages,
        published,
        statics,
        templates,
        files: list,
        nav,
        time_zone,
        now,
        records: crate::records::Records::default(),
        governance: Vec::new(),
        publiccode: None,
        licence: None,
        issue_templates: Vec::new(),
        history: None,
        wheel_files,
        publishing,
        not_pages,
        redirects,
        color_scheme,
        liquid,
        custom_css,
    };
    repo.records = crate::records::extract(&repo, files, &mut diagnostics);
    // The issue cache as a source, so that findings about issues point into it.
    let issue_cache = crate::records::RecordsConfig::from_config(&repo.config.raw).issues;
    if !repo.records.threads.is_empty() {
        repo.records.issue_file =
            read_text(files, &issue_cache, &mut repo.sources, &mut diagnostics).map(|(f, _)| f);
    }
    repo.issue_templates =
        crate::issue_templates::find(files, &repo.files, &mut repo.sources, &mut diagnostics);
    let mut governance = crate::governance::in_pages(&repo);
    governance.extend(crate::governance::in_json(
        files,
        &repo.files,
        &crate::records::RecordsConfig::from_config(&repo.config.raw).issues,
        &mut repo.sources,
        &mut diagnostics,
    ));
    repo.governance = governance;
    repo.publiccode =
        crate::publiccode::find(files, &repo.files, &mut repo.sources, &mut diagnostics);
    repo.licence = crate::licence::find(files, &repo.files, &mut repo.sources, &mut diagnostics);
    Checked::with_diagnostics(repo, diagnostics)
}

/// The Markdown files' texts, each registered in `sources`. Reading and decoding run in
/// parallel; file ids and diagnostics stay in path order.
fn read_markdown<'m>(
    files: &dyn Files,
    markdown: &'m [FileEntry],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(FileId, String, &'m FileEntry)> {
    let decoded: Vec<std::io::Result<decode::Decoded>> = markdown
        .par_iter()
        .map(|f| files.read(&f.path).map(|b| decode::decode(&b)))
        .collect();
    markdown
        .iter()
        .zip(decoded)
        .filter_map(|(f, d)| register(&f.path, d, sources, diagnostics).map(|(id, t)| (id, t, f)))
        .collect()
}

/// What the site's Liquid is made from.
struct SiteLiquid<'a> {
    files: &'a dyn Files,
    list: &'a [FileEntry],
    config: &'a SiteConfig,
    includes: BTreeMap<String, (FileId, String)>,
    layouts: Vec<(String, FileId, String)>,
    templates: &'a BTreeMap<String, FileId>,
    publishing: &'a Publishing,
    now: &'a Zoned,
}

/// The site's Liquid: its includes, layouts, pages and data; the Liquid in page bodies is
/// run here, once every page is known.
fn site_liquid(
    s: SiteLiquid<'_>,
    pages: &mut [Page],
    published: &[bool],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Liquid {
    let danish = s.config.lang.to_ascii_lowercase().starts_with("da");
    let texts = s
        .includes
        .values()
        .map(|(_, t)| t.as_str())
        .chain(s.layouts.iter().map(|(_, _, t)| t.as_str()))
        .chain(
            pages
                .iter()
                .filter_map(|p| sources.get(p.file).map(|f| f.text.as_str())),
        );
    crate::config::forget_used_keys(s.config, texts, diagnostics);
    let files: Vec<(String, FileId)> = s
        .includes
        .iter()
        .map(|(n, (f, _))| (n.clone(), *f))
        .collect();
    let mut liquid = Liquid::new(
        &s.config.raw,
        s.includes.into_iter().map(|(n, (_, t))| (n, t)).collect(),
        danish,
        s.now.time_zone().clone(),
        s.now.clone(),
    );
    if s.publishing.is_jekyll() {
        Liquid::check_theme_parts(&files, diagnostics);
    }
    for (name, file) in files {
        liquid.set_include_file(&name, file);
    }
    liquid.add_layouts(s.layouts, diagnostics);
    if s.publishing.is_jekyll() {
        let named: Vec<(FileId, String, Span)> = pages
            .iter()
            .filter_map(|p| {
                let fm = p.front_matter.as_ref()?;
                let span = fm.value_span("layout")?.in_file(p.file);
                Some((p.file, p.layout.clone()?, span))
            })
            .collect();
        let known = |n: &str| s.templates.contains_key(&format!("{n}.html"));
        liquid.check_layout_names(&named, &known, diagnostics);
    }
    let data = crate::sitevars::read_data(s.files, s.list, sources, diagnostics);
    crate::sitevars::run_bodies(
        &mut liquid,
        pages,
        published,
        sources,
        data,
        (s.publishing, s.now),
        diagnostics,
    );
    liquid
}

/// The repository's files by kind.
struct Sorted {
    includes: BTreeMap<String, (FileId, String)>,
    layouts: Vec<(String, FileId, String)>,
    templates: BTreeMap<String, FileId>,
    markdown: Vec<FileEntry>,
    statics: Vec<StaticFile>,
    wheel_files: Vec<WheelFile>,
}

/// Sorts the files into includes, theme templates, årshjul files, Markdown and the rest
/// (copied as they are), leaving out what Jekyll leaves out.
fn sort_files(
    files: &dyn Files,
    list: &[FileEntry],
    config: &SiteConfig,
    publishing: &Publishing,
    collections: &[crate::collections::Collection],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Sorted {
    let mut includes = BTreeMap::new();
    let mut layouts = Vec::new();
    let mut templates = BTreeMap::new();
    let mut markdown = Vec::new();
    let mut statics = Vec::new();
    let mut wheel_files = Vec::new();
    for f in list {
        if is_wheel_file(&f.path) && !f.path.starts_with('.') {
            // Jekyll copies the file like any other.
            if publishing.is_jekyll() && !skipped(&f.path, config) {
                statics.push(StaticFile::new(f.path.clone(), f.modified));
            }
            if let Some((file, _)) = read_text(files, &f.path, sources, diagnostics) {
                wheel_files.push(WheelFile {
                    path: f.path.clone(),
                    file,
                });
            }
            continue;
        }
        if let Some(name) = f.path.strip_prefix("_includes/") {
            if let Some((file, text)) = read_text(files, &f.path, sources, diagnostics) {
                includes.insert(name.to_string(), (file, text));
            }
            continue;
        }
        if crate::liquid::layout_name(&f.path).is_some() {
            if let Some((file, text)) = read_text(files, &f.path, sources, diagnostics) {
                layouts.push((f.path.clone(), file, text));
            }
            continue;
        }
        if let Some(name) = f.path.strip_prefix("_forvalt/templates/") {
            if let Some((file, _)) = read_text(files, &f.path, sources, diagnostics) {
                templates.insert(name.to_string(), file);
            }
            continue;
        }
        // A published collection's files (`_news/…`): its documents and other files.
        if let Some((c, rest)) = crate::collections::of(collections, &f.path) {
            if c.output && !skipped(rest, config) && !skipped_by_exclude(&f.path, config) {
                if config.is_markdown(&f.path) {
                    markdown.push(f.clone());
                } else {
                    statics.push(StaticFile::new(f.path.clone(), f.modified));
                }
            }
            continue;
        }
        if skipped(&f.path, config) {
            continue;
        }
        if config.is_markdown(&f.path) {
            markdown.push(f.clone());
        } else {
            statics.push(StaticFile::new(f.path.clone(), f.modified));
        }
    }
    Sorted {
        includes,
        layouts,
        templates,
        markdown,
        statics,
        wheel_files,
    }
}

/// Pages, and the Markdown files that are not pages (copied as they are, into `statics`),
/// from what each file became; READMEs become folder indexes. All sorted by path.
fn settle(
    made: Vec<(Made, Vec<Diagnostic>)>,
    entries: &[&FileEntry],
    publishing: &Publishing,
    statics: &mut Vec<StaticFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Page>, Vec<NotPage>) {
    let mut pages = Vec::with_capacity(made.len());
    let mut readme_only = Vec::with_capacity(made.len());
    let mut not_pages = Vec::new();
    for ((made, found), entry) in made.into_iter().zip(entries) {
        match made {
            Made::Page(page, only_as_index, copy) => {
                if copy {
                    statics.push(StaticFile::new(entry.path.clone(), entry.modified));
                }
                pages.push(*page);
                readme_only.push(only_as_index);
            }
            Made::NotPage(file, reason) => {
                statics.push(StaticFile::new(entry.path.clone(), entry.modified));
                not_pages.push(NotPage {
                    path: entry.path.clone(),
                    file,
                    reason,
                });
            }
        }
        diagnostics.extend(found);
    }
    let eligible: Vec<bool> = pages
        .iter()
        .zip(&readme_only)
        .map(|(p, only)| {
            !publishing.is_jekyll()
                || *only
                || (publishing.readme_index_with_front_matter && p.front_matter.is_some())
        })
        .collect();
    let became = readme_index(&mut pages, statics, &eligible);
    // A README that is a page only as its folder's index stays a copied file otherwise.
    let mut kept = Vec::with_capacity(pages.len());
    for ((p, only), became) in pages.into_iter().zip(readme_only).zip(became) {
        if only && !became {
            statics.push(StaticFile::new(p.path.clone(), p.modified));
            not_pages.push(NotPage {
                path: p.path.clone(),
                file: p.file,
                reason: NotPageReason::ReadmeBesideIndex,
            });
        } else {
            kept.push(p);
        }
    }
    let mut pages = kept;
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    not_pages.sort_by(|a, b| a.path.cmp(&b.path));
    statics.sort_by(|a, b| a.path.cmp(&b.path));
    statics.dedup_by(|a, b| a.path == b.path);
    (pages, not_pages)
}

/// The menu, and the redirect pages (when the site has redirects).
fn menu_and_redirects(
    pages: &[Page],
    published: &[bool],
    statics: &[StaticFile],
    config: &SiteConfig,
    (publishing, collections): (&Publishing, &[crate::collections::Collection]),
    diagnostics: &mut Vec<Diagnostic>,
) -> (NavTree, Vec<crate::redirects::Redirect>) {
    // just-the-docs sorts titles by their bytes unless `nav_sort: case_insensitive`.
    let nav_options = NavOptions {
        jekyll: publishing.is_jekyll(),
        case_sensitive: publishing.is_jekyll()
            && config.raw.get("nav_sort").and_then(|v| v.as_str()) != Some("case_insensitive"),
        ..NavOptions::default()
    };
    let mut nav = NavTree::build(pages, published, &nav_options, diagnostics);
    if publishing.is_jekyll() {
        let sections = crate::collections::menu_sections(config, collections);
        nav.add_sections(pages, published, &nav_options, &sections, diagnostics);
    }
    let redirects = if publishing.redirects {
        let mut taken: std::collections::HashSet<String> =
            statics.iter().map(|s| s.output.clone()).collect();
        taken.extend(
            pages
                .iter()
                .zip(published)
                .filter(|(_, on)| **on)
                .map(|(p, _)| p.output.clone()),
        );
        crate::redirects::collect(pages, published, config, &taken, diagnostics)
    } else {
        Vec::new()
    };
    (nav, redirects)
}

/// Which pages are published: drafts under `publish: approved` are not, and of pages with
/// the same address the first (by path) is.
fn publication(
    pages: &[Page],
    config: &SiteConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let mut outputs: HashMap<String, usize> = HashMap::new();
    let mut published: Vec<bool> = pages
        .iter()
        .map(|p| !(config.publish == Publish::Approved && p.state == PageState::Draft))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        if let Some(&first) = outputs.get(&p.output) {
            published[i] = false;
            diagnostics.push(
                Diagnostic::error(
                    "site::same-address",
                    format!(
                        "{} and {} would both be published as {}",
                        pages[first].path, p.path, p.url
                    ),
                )
                .with_span(Span::new(0, 0).in_file(p.file))
                .with_note(format!(
                    "{} is published; this page is left out",
                    pages[first].path
                )),
            );
        } else {
            outputs.insert(p.output.clone(), i);
        }
    }
    published
}

/// Pages whose address needs a folder where another page or file is published as a file
/// (`/a.html` and `/a.html/`), or a file where one is a folder: the page is left out with
/// an error naming both, so the rest of the site is written. Linear in the total length of
/// the addresses.
fn file_folder_conflicts(
    pages: &[Page],
    published: &mut [bool],
    statics: &[StaticFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut files: HashMap<&str, &str> = HashMap::new();
    for s in statics {
        files.insert(&s.output, &s.path);
    }
    for (p, _) in pages.iter().zip(published.iter()).filter(|(_, on)| **on) {
        files.entry(&p.output).or_insert(&p.path);
    }
    for (i, p) in pages.iter().enumerate() {
        if !published[i] {
            continue;
        }
        let folders = p.output.match_indices('/').map(|(at, _)| &p.output[..at]);
        if let Some((folder, other)) = folders.filter_map(|f| files.get(f).map(|o| (f, *o))).next()
        {
            published[i] = false;
            diagnostics.push(
                Diagnostic::error(
                    "site::same-address",
                    format!(
                        "{} would be published inside {folder}/, but {other} is published as the file {folder}",
                        p.path
                    ),
                )
                .with_span(Span::new(0, 0).in_file(p.file))
                .with_note(format!("{other} is published; this page is left out"))
                .with_help("give one of them another `permalink` or file name"),
            );
        }
    }
}

/// Files the listing left out (links out of the repository or into `.git`, names that are
/// not UTF-8, unreadable folders), each a diagnostic at its path.
fn report_refused(files: &dyn Files, sources: &mut Sources, diagnostics: &mut Vec<Diagnostic>) {
    use crate::files::RefusedReason as R;
    for r in files.refused() {
        let at = Span::point(0).in_file(sources.add(r.path.clone(), String::new()));
        let d = match &r.reason {
            R::LinkOutside(target) => Diagnostic::error(
                "files::link-outside",
                format!("{} is a link to `{target}`, outside the repository: it is left out", r.path),
            )
            .with_note("a link out of the repository could publish files of the machine that builds the site")
            .with_help("put the file itself in the repository instead of a link"),
            R::LinkIntoGit(target) => Diagnostic::error(
                "files::link-into-git",
                format!("{} is a link to `{target}`, inside .git: it is left out", r.path),
            )
            .with_note("`.git` holds git's settings, and in CI the job's access token")
            .with_help("delete the link"),
            R::LinkBroken(target) => Diagnostic::warning(
                "files::link-broken",
                format!("{} is a link to `{target}`, which does not exist: it is left out", r.path),
            )
            .with_help("point the link at a file of the repository, or delete it"),
            R::NotUtf8 => Diagnostic::warning(
                "files::name-not-utf8",
                format!("the name of {} is not UTF-8: it is left out", r.path),
            )
            .with_help("rename the file (its name was saved in another character set)"),
            R::Unreadable(e) => Diagnostic::warning(
                "files::unreadable",
                format!("{} cannot be read ({e}): it is left out", r.path),
            )
            .with_help("check the permissions of the file or folder"),
        };
        diagnostics.push(d.with_span(at));
    }
}

/// The most characters of a title shown in menus, breadcrumbs and `<title>`.
pub const MAX_TITLE: usize = 200;

/// A title cut to [`MAX_TITLE`] characters (reported), so that one huge title is not
/// copied into every page's menu.
fn cap_title(
    title: String,
    file: FileId,
    fm: Option<&crate::frontmatter::FrontMatter>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let Some((cut, _)) = title.char_indices().nth(MAX_TITLE) else {
        return title;
    };
    let span = fm
        .and_then(|f| f.value_span("title"))
        .unwrap_or_default()
        .in_file(file);
    diagnostics.push(
        Diagnostic::warning(
            "frontmatter::title-too-long",
            format!(
                "the title is {} characters long; menus and the browser tab show the first {MAX_TITLE}",
                title.chars().count()
            ),
        )
        .with_span(span)
        .with_help("give the page a short title and put the rest in the text"),
    );
    format!("{}…", title[..cut].trim_end())
}

/// A page's title and where it comes from: `title:`; a collection document's file name; in
/// a Jekyll site a leading heading (with `titles_from_headings`); in a plain repository the
/// first `#` heading; else the file name.
fn title_of(
    fm: Option<&crate::frontmatter::FrontMatter>,
    source_body: &str,
    path: &str,
    collection: Option<&str>,
    publishing: &Publishing,
) -> (String, TitleSource) {
    match fm.and_then(|f| f.str("title")).filter(|t| !t.is_empty()) {
        Some(t) => (t, TitleSource::FrontMatter),
        // A collection's document is titled after its file name.
        None if collection.is_some() => (
            crate::collections::inferred_title(collection.unwrap_or("")),
            TitleSource::FileName,
        ),
        // A Jekyll site has a title only from `titles_from_headings`, and only from a
        // heading at the start; without one the page is left out of the menu.
        None if publishing.is_jekyll() => match publishing
            .titles_from_headings
            .then(|| crate::publishing::leading_heading(source_body))
            .flatten()
        {
            Some(t) => (t, TitleSource::Heading),
            None => (title_from_path(path), TitleSource::FileName),
        },
        None => match first_h1(source_body) {
            Some((t, _)) if !t.is_empty() => (t, TitleSource::Heading),
            _ => (title_from_path(path), TitleSource::FileName),
        },
    }
}

/// The page of the Markdown file `entry` with `text`: front matter (with defaults), address,
/// title, state and the body after Liquid.
fn make_page(
    text: &str,
    file: FileId,
    entry: &FileEntry,
    cx: &MakeContext<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Page {
    let mut head = read_head(text, file, diagnostics);
    if cx.publishing.is_jekyll() && !has_yaml_header(text) {
        // Jekyll sees no front matter at all (a damaged one is text of the page).
        head.front_matter = None;
        head.body_start = 0;
    }
    let collection = crate::collections::of(cx.collections, &entry.path);
    let kind = collection.map_or("pages", |(c, _)| c.name.as_str());
    let fm = crate::defaults::apply(&cx.defaults, &entry.path, kind, file, head.front_matter);
    let source_body = &text[head.body_start..];
    let permalink = fm.as_ref().and_then(|f| f.str("permalink"));
    if let (Some(p), Some(f)) = (&permalink, &fm)
        && let Some(why) = crate::url::permalink_problem(p)
    {
        diagnostics.push(
            Diagnostic::error(
                "frontmatter::permalink",
                format!("this permalink cannot be the page's address: {why}"),
            )
            .with_span(f.value_span("permalink").unwrap_or_default().in_file(file))
            .with_note(format!(
                "the page is published at the address of its file, {}",
                page_url(&entry.path, None).url
            ))
            .with_help("write a path such as `/om-produktet/`"),
        );
    }
    let url = match (collection, permalink.as_deref()) {
        (Some((c, rest)), None) => {
            page_url(&entry.path, Some(&crate::collections::permalink(c, rest)))
        }
        _ => page_url(&entry.path, permalink.as_deref()),
    };
    let in_collection = collection.map(|(_, rest)| rest);
    let (title, title_from) = title_of(
        fm.as_ref(),
        source_body,
        &entry.path,
        in_collection,
        cx.publishing,
    );
    let title = cap_title(title, file, fm.as_ref(), diagnostics);
    let status = fm.as_ref().and_then(|f| {
        let s = f.str("status")?;
        Some(Spanned::new(s, f.value_span("status").unwrap_or_default()))
    });
    let state = status
        .as_ref()
        .map_or(PageState::Unknown, |s| page_state(&s.value));
    Page {
        file,
        path: entry.path.clone(),
        url: url.url,
        output: url.output,
        nav: fm
            .as_ref()
            .map(NavSettings::from_front_matter)
            .unwrap_or(NavSettings {
                has_toc: true,
                ..NavSettings::default()
            }),
        layout: fm.as_ref().and_then(|f| f.str("layout")),
        jekyll_page: head.jekyll_page,
        front_matter: fm,
        title,
        title_from,
        status,
        state,
        liquid_body: None,
        body_offset: head.body_start,
        modified: entry.modified,
        collection: collection.map(|(c, _)| c.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;
    use crate::nav::NavItem;

    fn repo(files: &[(&str, &str)]) -> (Repository, Vec<Diagnostic>) {
        let mut m = MemoryFiles::new();
        for (p, t) in files {
            m.insert(*p, t.as_bytes());
        }
        load(
            &m,
            &LoadOptions {
                now: 1_780_560_000_000,
                publish: None,
            },
        )
        .into_parts()
    }

    fn menu(r: &Repository) -> Vec<String> {
        fn walk(r: &Repository, n: usize, depth: usize, out: &mut Vec<String>) {
            let name = match &r.nav.nodes[n].item {
                NavItem::Page(p) => r.pages[*p].title.clone(),
                NavItem::Group { title, .. } => format!("[{title}]"),
            };
            out.push(format!("{}{name}", "  ".repeat(depth)));
            for &c in &r.nav.nodes[n].children {
                walk(r, c, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for &n in &r.nav.roots {
            walk(r, n, 0, &mut out);
        }
        out
    }

    #[test]
    fn a_file_where_another_page_needs_a_folder_leaves_out_one_page_and_names_both() {
        let (r, d) = repo(&[
            ("a.md", "---\ntitle: A\npermalink: /a.html\n---\n"),
            ("b.md", "---\ntitle: B\npermalink: /a.html/\n---\n"),
            ("c.md", "---\ntitle: C\npermalink: /logo.png/x/\n---\n"),
            ("logo.png", "png"),
            ("d.md", "# D\n"),
        ]);
        let conflicts: Vec<&Diagnostic> = d
            .iter()
            .filter(|d| d.code == "site::same-address")
            .collect();
        assert_eq!(conflicts.len(), 2, "{conflicts:#?}");
        assert!(conflicts[0].message.contains("b.md") && conflicts[0].message.contains("a.md"));
        assert!(conflicts[1].message.contains("c.md") && conflicts[1].message.contains("logo.png"));
        let on: Vec<&str> = r
            .pages
            .iter()
            .zip(&r.published)
            .filter(|(_, on)| **on)
            .map(|(p, _)| p.path.as_str())
            .collect();
        assert_eq!(on, ["a.md", "d.md"]);
    }

    #[test]
    fn unsafe_permalinks_and_huge_titles_are_reported_and_defused() {
        let long = "Referat ".repeat(100_000);
        let (r, d) = repo(&[
            (
                "x.md",
                "---\ntitle: X\npermalink: \"javascript:alert(1)\"\n---\n",
            ),
            ("y.md", "---\ntitle: Y\npermalink: \"/a\\u0000b/\"\n---\n"),
            ("z.md", &format!("---\ntitle: {long}\n---\n")),
        ]);
        let codes: Vec<&str> = d.iter().map(|d| d.code.as_ref()).collect();
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == "frontmatter::permalink")
                .count(),
            2,
            "{codes:?}"
        );
        assert!(codes.contains(&"frontmatter::title-too-long"));
        let urls: Vec<&str> = r.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, ["/x.html", "/y.html", "/z.html"]);
        assert!(r.pages[2].title.chars().count() <= MAX_TITLE + 1);
    }

    #[test]
    fn just_the_docs_menu() {
        // A plain repository (no `_config.yml`): pages without front matter by folder, and
        // pages whose parent is missing under "Uden placering".
        let (r, d) = repo(&[
            (
                "index.md",
                "---\nlayout: home\ntitle: Forside\nnav_order: 1\n---\n# Velkommen\n",
            ),
            (
                "docs/b.md",
                "---\ntitle: Roadmaps\nnav_order: 3\nhas_children: true\n---\n",
            ),
            ("docs/a.md", "---\ntitle: Styring\nnav_order: 2\n---\n"),
            (
                "docs/r1.md",
                "---\ntitle: Roadmap 2026\nparent: Roadmaps\nnav_order: \"b\"\n---\n",
            ),
            (
                "docs/r2.md",
                "---\ntitle: Roadmap 2025\nparent: Roadmaps\nnav_order: 1\n---\n",
            ),
            ("docs/r3.md", "---\ntitle: Gammel\nparent: Roadmaps\n---\n"),
            (
                "docs/orphan.md",
                "---\ntitle: Forældreløs\nparent: Roadmapz\n---\n",
            ),
            (
                "docs/hidden.md",
                "---\ntitle: Skjult\nnav_exclude: true\n---\n",
            ),
            (
                "beslutninger/2026-01-01-a.md",
                "# [SDR] Første beslutning\n",
            ),
            ("beslutninger/README.md", "# Beslutningslog\n"),
            ("docs/logo.svg", "<svg/>"),
            ("_drafts/x.md", "# skjult\n"),
            ("Gemfile", "source"),
        ]);
        assert_eq!(
            menu(&r),
            [
                "Forside",
                "Styring",
                "Roadmaps",
                "  Roadmap 2025",
                "  Roadmap 2026",
                "  Gammel",
                "[Beslutninger]",
                "  [SDR] Første beslutning",
                "[Uden placering]",
                "  Forældreløs",
            ]
        );
        let missing = d.iter().find(|d| d.code == "nav::missing-parent").unwrap();
        assert_eq!(missing.suggestions[0].replacement, "\"Roadmaps\"");
        assert_eq!(r.statics.len(), 2, "_drafts is skipped");
        assert_eq!(r.pages.len(), 10);
    }

    #[test]
    fn readmes_become_folder_indexes() {
        let (r, _) = repo(&[
            ("README.md", "# Produkt\n"),
            ("beslutninger/README.md", "# Beslutningslog\n"),
            ("docs/README.md", "# Docs\n"),
            ("docs/index.md", "# Forside for docs\n"),
        ]);
        let url = |p: &str| r.pages[r.page(p).unwrap()].url.clone();
        assert_eq!(url("README.md"), "/");
        assert_eq!(url("beslutninger/README.md"), "/beslutninger/");
        assert_eq!(
            url("docs/README.md"),
            "/docs/README.html",
            "an index.md wins"
        );
        assert_eq!(url("docs/index.md"), "/docs/");
    }

    #[test]
    fn liquid_only_with_front_matter() {
        // A plain repository: files without front matter are shown as GitHub shows them.
        let (r, _) = repo(&[
            ("a.md", "---\ntitle: A\n---\n{{ page.title }}\n"),
            ("b.md", "# B\n{{ page.title }}\n"),
        ]);
        assert_eq!(r.body(&r.pages[0]), "A\n");
        assert_eq!(r.body(&r.pages[1]), "# B\n{{ page.title }}\n");
        assert_eq!(r.pages[1].liquid_body, None);
        assert_eq!(r.pages[1].title, "B");
        // GitHub Pages (no Gemfile): optional front matter makes b.md a Jekyll page, Liquid
        // and all, and the original is copied too.
        let (r, _) = repo(&[
            ("_config.yml", "title: Site\n"),
            ("a.md", "---\ntitle: A\n---\n{{ site.title }}\n"),
            ("b.md", "# B\n{{ site.title }}\n"),
        ]);
        assert_eq!(r.body(&r.pages[0]), "Site\n");
        assert_eq!(r.body(&r.pages[1]), "# B\nSite\n");
        assert_eq!(r.pages[1].title, "B");
        assert_eq!(
            r.statics
                .iter()
                .map(|s| s.path.as_str())
                .collect::<Vec<_>>(),
            ["b.md"]
        );
    }

    #[test]
    fn a_jekyll_site_with_a_gemfile_publishes_only_pages_with_front_matter() {
        let (r, d) = repo(&[
            ("_config.yml", "title: Site\n"),
            ("Gemfile", "gem \"jekyll\", \"~> 4.3\"\n"),
            ("a.md", "---\ntitle: A\n---\nTekst\n"),
            ("README.md", "# Om repositoriet\n"),
            ("docs/kladde.md", "Ingen front matter\n"),
            ("docs/gelse.md", "gelse---\ntitle: G\n---\n"),
        ]);
        let pages: Vec<&str> = r.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(pages, ["a.md"]);
        let statics: Vec<&str> = r.statics.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(statics, ["README.md", "docs/gelse.md", "docs/kladde.md"]);
        let reasons: Vec<NotPageReason> = r.not_pages.iter().map(|n| n.reason).collect();
        assert_eq!(
            reasons,
            [
                NotPageReason::NoFrontMatter,
                NotPageReason::BrokenFrontMatter,
                NotPageReason::NoFrontMatter
            ]
        );
        let broken = d.iter().find(|d| d.code == "frontmatter::broken").unwrap();
        assert_eq!(broken.severity, forvalt_diag::Severity::Warning);
        assert!(broken.notes[0].contains("copies the file as it is"));
    }

    #[test]
    fn approved_policy_leaves_drafts_out() {
        let (r, _) = repo(&[
            ("_config.yml", "forvalt:\n  publish: approved\n"),
            ("a.md", "---\ntitle: A\nstatus: \"Udkast\" \n---\n"),
            ("b.md", "---\ntitle: B\nstatus: final\n---\n"),
        ]);
        assert_eq!(r.published, vec![false, true]);
        assert_eq!(menu(&r), ["B"]);
    }
}

#[cfg(test)]
mod namesake_tests {
    use super::*;
    use crate::files::MemoryFiles;

    #[test]
    fn many_parents_of_one_title_stay_bounded() {
        let mut f = MemoryFiles::new();
        f.insert("_config.yml", "title: T\n");
        for i in 0..1500 {
            f.insert(format!("m/{i}.md"), "---\ntitle: Møder\n---\n");
            f.insert(
                format!("c/{i}.md"),
                format!("---\ntitle: Barn {i}\nparent: Møder\n---\n"),
            );
        }
        let started = std::time::Instant::now();
        let (r, d) = load(
            &f,
            &LoadOptions {
                now: 0,
                publish: None,
            },
        )
        .into_parts();
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        assert!(
            r.nav.nodes.len() <= 3000 + 4 * 3000,
            "{} entries",
            r.nav.nodes.len()
        );
        assert_eq!(
            d.iter()
                .filter(|d| d.code == "nav::ambiguous-parent")
                .count(),
            1500
        );
    }
}
