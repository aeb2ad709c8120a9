//! `forvalt build`: publish a governance repository as a website.

use crate::cli::BuildArgs;
use crate::files::DiskFiles;
use crate::output::{self, Written};
use crate::report::{self, Reporter};
use anyhow::{Context, Result};
use forvalt_diag::{Checked, Diagnostic};
use forvalt_model::{LoadOptions, Publish, Repository};
use forvalt_site::{BuildOptions, Cache, Site};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Loads the repository at `dir` (leaving out the output directory `out`).
pub(crate) fn load(
    dir: &Path,
    out: Option<&Path>,
    now: i64,
    approved_only: bool,
) -> Result<Checked<Repository>> {
    let mut skip = Vec::new();
    if let Some(o) = out
        && let Ok(abs) = output::absolute(o)
    {
        skip.push(abs);
    }
    // Git's history gives each page its real dates (a checkout sets every file's time to
    // the checkout's); outside git the file system's times are used.
    let (history, problem) = match history_of(dir) {
        Ok(h) => (h, None),
        Err(e) => (None, Some(e)),
    };
    let mut times = std::collections::HashMap::new();
    if let Some(h) = &history {
        for path in h.documents.keys() {
            if let Some(r) = h.last_modified(path) {
                times.insert(path.clone(), r.time.saturating_mul(1000));
            }
        }
    }
    let files = DiskFiles::new(dir, skip)
        .with_context(|| format!("cannot read the repository {}", dir.display()))?
        .with_times(times);
    Ok(finish(dir, &files, history, problem, now, approved_only))
}

/// Loads the repository at `dir` as it was at commit `rev`: its files and history then.
pub(crate) fn load_at(
    dir: &Path,
    rev: &str,
    now: i64,
    approved_only: bool,
) -> Result<Checked<Repository>> {
    let history = forvalt_history::read_from(dir, Some(rev)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let files = forvalt_history::files_at_rev(dir, rev, history.as_ref())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(finish(dir, &files, history, None, now, approved_only))
}

/// Loads from `files` and adds what the history says (roadmap and decision changes).
fn finish(
    dir: &Path,
    files: &dyn forvalt_model::Files,
    history: Option<forvalt_model::history::Histories>,
    problem: Option<forvalt_history::Error>,
    now: i64,
    approved_only: bool,
) -> Checked<Repository> {
    let options = LoadOptions {
        now,
        publish: approved_only.then_some(Publish::Approved),
    };
    let mut loaded = forvalt_model::load(files, &options);
    // Under `publish: approved`, a draft with an approved version in git is published as
    // that version (with a note that a new one is being prepared).
    let mut approved_versions = std::collections::BTreeMap::new();
    if loaded.value.config.publish == Publish::Approved
        && let Some(h) = &history
        && let Ok(reader) = forvalt_history::Reader::open(dir)
    {
        let mut replaced = std::collections::HashMap::new();
        for (i, p) in loaded.value.pages.iter().enumerate() {
            if loaded.value.published[i] || p.state != forvalt_model::PageState::Draft {
                continue;
            }
            if let Ok(Some((r, bytes))) = forvalt_history::last_approved(&reader, h, &p.path) {
                replaced.insert(p.path.clone(), bytes);
                approved_versions.insert(p.path.clone(), r);
            }
        }
        if !replaced.is_empty() {
            let overlay = crate::files::Overlay {
                base: files,
                replaced,
            };
            loaded = forvalt_model::load(&overlay, &options);
        }
    }
    if let Some(e) = problem {
        loaded.push(Diagnostic::warning(
            "history::unreadable",
            format!("the git history cannot be read ({e}); pages show the files' own dates"),
        ));
    }
    if let Some(h) = &history
        && h.shallow
    {
        loaded.push(
            Diagnostic::warning(
                "history::shallow",
                "the repository is a shallow clone: pages' creation dates and older history are unknown",
            )
            .with_help("clone with the whole history (`fetch-depth: 0` in actions/checkout)"),
        );
    }
    let mut history = history;
    if let Some(h) = &mut history {
        let repo = &loaded.value;
        let pages: Vec<(&str, &str)> = repo
            .pages
            .iter()
            .filter(|p| !approved_versions.contains_key(&p.path))
            .filter_map(|p| Some((p.path.as_str(), repo.sources.get(p.file)?.text.as_str())))
            .collect();
        let decisions: Vec<&str> = repo
            .records
            .decisions
            .iter()
            .filter_map(|d| d.source.path())
            .filter(|p| !approved_versions.contains_key(*p))
            .collect();
        if let Err(e) = crate::history_cache::decision_history(dir, h, decisions) {
            loaded.diagnostics.push(Diagnostic::warning(
                "history::unreadable",
                format!("earlier versions of the decisions cannot be read ({e})"),
            ));
        }
        let mut reports: Vec<&str> = repo.governance.iter().map(|f| f.path.as_str()).collect();
        reports.dedup();
        if let Err(e) = crate::history_cache::governance_history(dir, h, reports) {
            loaded.diagnostics.push(Diagnostic::warning(
                "history::unreadable",
                format!("earlier versions of the governance reports cannot be read ({e})"),
            ));
        }
        let found = super::overwritten::findings(repo, h);
        loaded.diagnostics.extend(found);
        let version = repo.config.mermaid_version().unwrap_or_default();
        if let Err(e) = crate::history_cache::roadmap_changes(dir, h, pages, version) {
            loaded.diagnostics.push(Diagnostic::warning(
                "history::unreadable",
                format!("earlier versions of the roadmaps cannot be read ({e})"),
            ));
        }
    }
    if let Some(h) = &mut history {
        h.approved_versions = approved_versions;
    }
    loaded.value.history = history;
    loaded
}

/// The last history read, by folder and `HEAD`: `serve` rebuilds on every edit, and the
/// history only changes with a commit.
static HISTORY: std::sync::Mutex<Option<(PathBuf, String, forvalt_model::history::Histories)>> =
    std::sync::Mutex::new(None);

/// The git history of `dir`, read again only when `HEAD` moved.
fn history_of(
    dir: &Path,
) -> Result<Option<forvalt_model::history::Histories>, forvalt_history::Error> {
    let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let head = forvalt_history::resolve(dir, "HEAD").ok();
    if let (Some(head), Ok(cache)) = (&head, HISTORY.lock())
        && let Some((d, h, value)) = cache.as_ref()
        && *d == key
        && h == head
    {
        return Ok(Some(value.clone()));
    }
    let value = forvalt_history::read(dir)?;
    if let (Some(head), Some(v), Ok(mut cache)) = (head, &value, HISTORY.lock()) {
        *cache = Some((key, head, v.clone()));
    }
    Ok(value)
}

/// Sorts diagnostics by file and place, so output is stable.
pub(crate) fn sort(diagnostics: &mut [Diagnostic], repo: &Repository) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.span.map(|s| {
                (
                    repo.sources
                        .get(s.file)
                        .map(|f| f.path.clone())
                        .unwrap_or_default(),
                    s.start,
                )
            })
        };
        key(a).cmp(&key(b))
    });
}

/// How long each stage of a build took.
#[derive(Debug, Default, Clone)]
pub(crate) struct Timings(Vec<(&'static str, std::time::Duration)>);

impl Timings {
    /// Runs stage `name`, timing it.
    pub(crate) fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.0.push((name, started.elapsed()));
        out
    }

    /// `load 23 ms · plan 4 ms · render 12 ms · …`.
    pub(crate) fn line(&self) -> String {
        self.0
            .iter()
            .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Builds in memory, stage by stage; prints a progress bar on a terminal when asked.
pub(crate) fn build_site(
    repo: &Repository,
    options: &BuildOptions,
    cache: &mut Cache,
    progress: bool,
    timings: &mut Timings,
) -> Checked<Site> {
    let mut diagnostics = Vec::new();
    let plan = timings
        .time("plan", || forvalt_site::plan(repo, options))
        .unpack(&mut diagnostics);
    let bar = progress.then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(plan.published.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message("building pages");
        bar
    });
    let rendered = timings
        .time("render", || {
            forvalt_site::render(&plan, cache, &|| {
                if let Some(b) = &bar {
                    b.inc(1);
                }
            })
        })
        .unpack(&mut diagnostics);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let index = timings
        .time("index", || forvalt_site::index(&plan, &rendered.search))
        .unpack(&mut diagnostics);
    let site = timings
        .time("assemble", || {
            forvalt_site::assemble(&plan, rendered, index, cache)
        })
        .unpack(&mut diagnostics);
    Checked::with_diagnostics(site, diagnostics)
}

pub(crate) fn run(args: BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let now = super::now_or(args.today.as_deref())?;
    let out: PathBuf = args.out.clone();
    output::check_output_dir(&args.dir, &out)?;
    let mut timings = Timings::default();
    let (repo, mut diagnostics) = timings.time("load", || -> Result<_> {
        Ok(match &args.as_of {
            Some(date) => {
                // The site as it was at the end of that day (Danish time).
                let day: jiff::civil::Date = date
                    .parse()
                    .with_context(|| format!("--as-of `{date}` is not a date (YYYY-MM-DD)"))?;
                let tz =
                    jiff::tz::TimeZone::get("Europe/Copenhagen").unwrap_or(jiff::tz::TimeZone::UTC);
                let end = day
                    .tomorrow()
                    .and_then(|d| d.to_zoned(tz))
                    .map(|z| z.timestamp())
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                let Some(commit) = forvalt_history::commit_at(&args.dir, end.as_second() - 1)
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                else {
                    anyhow::bail!("the repository has no commit from {date} or earlier");
                };
                let now = if args.today.is_some() {
                    now
                } else {
                    end.as_millisecond() - 1
                };
                load_at(&args.dir, &commit, now, args.approved_only)?.into_parts()
            }
            None => load(&args.dir, Some(&out), now, args.approved_only)?.into_parts(),
        })
    })?;
    let options = BuildOptions {
        search: !args.no_search && cfg!(feature = "search"),
        exports: !args.no_exports,
        export_store: crate::store::DiskStore::shared(),
        // Pages go to disk as they are rendered: a large site is never held in memory whole.
        sink: Some(std::sync::Arc::new(output::open(&args.dir, &out)?)),
        print: args.pdf,
        ..BuildOptions::default()
    };
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let (site, more) = build_site(
        &repo,
        &options,
        &mut Cache::none(),
        terminal && !args.quiet,
        &mut timings,
    )
    .into_parts();
    diagnostics.extend(more);
    sort(&mut diagnostics, &repo);
    let mut reporter = Reporter {
        quiet: args.quiet,
        ..Reporter::default()
    };
    for d in &diagnostics {
        reporter.report(d, &repo.sources);
    }
    let written = timings.time("write", || output::write_site(&site, &args.dir, &out))?;
    for d in unwritten(&written, &repo) {
        reporter.report(&d, &repo.sources);
    }
    if args.pdf {
        timings.time("pdf", || {
            publish_pdfs(&repo, &options, &args.dir, &site, &out, &mut reporter)
        })?;
    }
    if !args.quiet {
        report::eprint(&summary(&site, &written, &out, started, &reporter));
        report::eprint(&publishing_line(&repo));
    }
    if args.timings {
        report::eprint(&format!("{}\n", timings.line()));
    }
    Ok(if args.strict && reporter.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The files that could not be written, each at its page when it is one.
fn unwritten(written: &Written, repo: &Repository) -> Vec<Diagnostic> {
    written
        .failed
        .iter()
        .map(|(path, why)| {
            let d = Diagnostic::error(
                "site::unwritable",
                format!("{path} could not be written ({why}); the rest of the site was"),
            );
            match repo.pages.iter().find(|p| &p.output == path) {
                Some(p) => d.with_span(forvalt_diag::Span::point(0).in_file(p.file)),
                None => d,
            }
        })
        .collect()
}

/// "Published as a Jekyll site built with its Gemfile: …; 3 Markdown files are not pages".
fn publishing_line(repo: &Repository) -> String {
    let n = repo.not_pages.len();
    let rest = if n == 0 {
        String::new()
    } else {
        format!(
            "; {n} Markdown file{} {} not page{}, copied as they are (`forvalt check` lists them)",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "" } else { "s" },
        )
    };
    format!("Published as {}{rest}\n", repo.publishing.summary())
}

/// "Built 85 pages (6 charts, 1 with errors) into _site in 0.23 s: 2 errors, 11 warnings".
pub(crate) fn summary(
    site: &Site,
    written: &Written,
    out: &Path,
    started: Instant,
    reporter: &Reporter,
) -> String {
    let s = &site.stats;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut charts = plural(s.charts, "chart");
    if s.chart_errors > 0 {
        charts.push_str(&format!(", {} with errors", s.chart_errors));
    }
    let mut extra = String::new();
    if s.drafts_left_out > 0 {
        extra.push_str(&format!(
            ", {} left out",
            plural(s.drafts_left_out, "draft")
        ));
    }
    format!(
        "Built {} ({charts}{extra}) into {} in {:.2} s ({} written, {} unchanged, {} removed): {}\n",
        plural(s.pages, "page"),
        out.display(),
        started.elapsed().as_secs_f64(),
        written.written,
        written.unchanged,
        written.removed,
        reporter.counts()
    )
}

/// Writes the site's PDF and the meetings' board packs into the output folder (never over a
/// file the site itself publishes).
fn publish_pdfs(
    repo: &Repository,
    options: &BuildOptions,
    dir: &Path,
    site: &Site,
    out: &Path,
    reporter: &mut Reporter,
) -> Result<()> {
    // The commit the site was built from (with --as-of, that day's).
    let print = forvalt_site::print::PrintOptions {
        section: None,
        commit: repo.history.as_ref().and_then(|h| h.head.clone()),
        reader: super::export::reader(dir),
    };
    let (files, diagnostics) = forvalt_site::print::publish(repo, options, &print).into_parts();
    for d in diagnostics.iter().filter(|d| d.code.starts_with("print::")) {
        reporter.report(d, &repo.sources);
    }
    for (path, bytes) in files {
        if site.files.iter().any(|f| f.path == path) {
            reporter.report(
                &Diagnostic::warning(
                    "print::not-printable",
                    format!("{path} is a file of the site: the PDF is not written over it"),
                ),
                &repo.sources,
            );
            continue;
        }
        let target = out.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        output::write_atomic(&target, &bytes)?;
    }
    Ok(())
}
