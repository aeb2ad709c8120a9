//! `forvalt export --json`: the whole model (documents, records, diagnostics) as JSON;
//! `forvalt export chart` is in [`super::chart`].

use crate::cli::ExportArgs;
use anyhow::Result;
use forvalt_diag::Diagnostic;
use forvalt_model::Repository;
use serde::Serialize;
use std::io::Write as _;
use std::process::ExitCode;

#[derive(Serialize)]
struct Export<'a> {
    /// Format version of this file.
    format: u32,
    site: SiteInfo<'a>,
    /// How the site's build decides what is a page (one sentence).
    publishing: String,
    documents: Vec<Document<'a>>,
    /// Markdown files that are not pages (copied as they are), with why.
    not_pages: Vec<NotPage<'a>>,
    /// The menu as just-the-docs shows it: nested entries, URLs as Jekyll's `page.url`.
    nav: Vec<NavEntry>,
    records: &'a forvalt_model::Records,
    governance: Vec<GovernanceReport<'a>>,
    diagnostics: Vec<Located<'a>>,
}

/// A governance report with its computed level.
#[derive(Serialize)]
struct GovernanceReport<'a> {
    path: &'a str,
    form: forvalt_model::governance::Form,
    product: Option<&'a str>,
    template_version: Option<&'a str>,
    date: Option<&'a str>,
    filled_by: Option<&'a str>,
    requirements: Vec<GovernanceRequirement<'a>>,
    /// The level the report states (`x` when left unfilled), if it states one.
    level_claimed: Option<&'a str>,
    /// `none`, `sandkasse`, `1`, `2` or `3`.
    level_reached: &'static str,
    /// The ids that keep the product from the next level.
    blocking: Vec<&'a str>,
}

#[derive(Serialize)]
struct GovernanceRequirement<'a> {
    id: &'a str,
    category: forvalt_model::governance::Category,
    level: Option<forvalt_model::governance::Level>,
    recommendation: bool,
    answer: forvalt_model::governance::Answer,
    evidence: &'a str,
    links: &'a [String],
}

fn governance(repo: &Repository) -> Vec<GovernanceReport<'_>> {
    repo.governance
        .iter()
        .map(|f| {
            let r = &f.report;
            let reached = r.reached();
            GovernanceReport {
                path: &f.path,
                form: r.form,
                product: r.product.as_deref(),
                template_version: r.template_version.as_deref(),
                date: r.date.as_deref(),
                filled_by: r.filled_by.as_deref(),
                requirements: r
                    .requirements
                    .iter()
                    .map(|q| GovernanceRequirement {
                        id: &q.id,
                        category: q.category,
                        level: q.level,
                        recommendation: q.recommendation,
                        answer: q.answer,
                        evidence: &q.evidence,
                        links: &q.links,
                    })
                    .collect(),
                level_claimed: r.level_claimed.as_ref().map(|c| match c.level {
                    Some(l) => l.name(),
                    None => c.text.as_str(),
                }),
                level_reached: reached.level.map_or("none", |l| l.name()),
                blocking: reached
                    .blocking
                    .iter()
                    .map(|&i| r.requirements[i].id.as_str())
                    .collect(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    url: &'a str,
    baseurl: &'a str,
    lang: &'a str,
    repository: Option<&'a str>,
}

#[derive(Serialize)]
struct Document<'a> {
    path: &'a str,
    url: &'a str,
    title: &'a str,
    status: Option<&'a str>,
    published: bool,
    parent: Option<&'a str>,
    front_matter: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize)]
struct NotPage<'a> {
    path: &'a str,
    reason: &'static str,
}

#[derive(Serialize)]
struct NavEntry {
    title: String,
    url: Option<String>,
    children: Vec<NavEntry>,
    /// A collection's section (just-the-docs' `nav-category`): its heading, no page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    section: bool,
    /// The section folds (`nav_fold: true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fold: bool,
}

/// The collections' sections, after the external links; a section without heading (the
/// only one, in a menu without pages) gives its entries directly.
fn sections(repo: &Repository) -> Vec<NavEntry> {
    let mut out = Vec::new();
    for s in &repo.nav.sections {
        let entries = nav_entries(repo, &s.roots, 1);
        if s.title.is_empty() {
            out.extend(entries);
        } else {
            out.push(NavEntry {
                title: s.title.clone(),
                url: None,
                children: entries,
                section: true,
                fold: s.fold,
            });
        }
    }
    out
}

/// just-the-docs' `nav_external_links`, at the end of the menu (unsafe addresses left out).
fn external_links(repo: &Repository) -> Vec<NavEntry> {
    forvalt_model::config::nav_external_links(&repo.config.raw)
        .into_iter()
        .map(|(title, url, _)| NavEntry {
            title,
            url: Some(url),
            children: Vec::new(),
            section: false,
            fold: false,
        })
        .collect()
}

/// Menu levels exported; deeper entries (only in absurd menus) are left out.
const MAX_NAV_DEPTH: usize = 64;

fn nav_entries(repo: &Repository, nodes: &[usize], depth: usize) -> Vec<NavEntry> {
    if depth >= MAX_NAV_DEPTH {
        return Vec::new();
    }
    nodes
        .iter()
        .map(|&n| {
            let node = &repo.nav.nodes[n];
            let (title, page) = match &node.item {
                forvalt_model::NavItem::Page(p) => (repo.pages[*p].title.clone(), Some(*p)),
                forvalt_model::NavItem::Group { title, page, .. } => (title.clone(), *page),
            };
            NavEntry {
                title,
                url: page.map(|p| repo.pages[p].url.clone()),
                children: nav_entries(repo, &node.children, depth + 1),
                section: false,
                fold: false,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Located<'a> {
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
    path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

pub(crate) fn run(args: ExportArgs) -> Result<ExitCode> {
    match args.what {
        Some(crate::cli::ExportWhat::Chart(chart)) => return super::chart::run(chart),
        Some(crate::cli::ExportWhat::Governance(g)) => return self_evaluation(&g),
        Some(crate::cli::ExportWhat::Pdf(p)) => return site_pdf(&p),
        Some(crate::cli::ExportWhat::Pack(p)) => return pack(&p),
        None => {}
    }
    if !args.json {
        anyhow::bail!(
            "say what to export: `forvalt export --json` (the model) or `forvalt export chart FILE --pdf` (a file's charts)"
        );
    }
    let now = super::now_or(args.today.as_deref())?;
    let (repo, mut diagnostics) = super::build::load(&args.dir, None, now, false)?.into_parts();
    super::build::sort(&mut diagnostics, &repo);
    let json = to_json(&repo, &diagnostics)?;
    match &args.output {
        Some(path) => crate::output::write_atomic(path, json.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the repository's files for print (images), never outside the repository nor
/// through a link out of it.
pub(crate) fn reader(dir: &std::path::Path) -> Option<forvalt_site::print::Reader> {
    let root = dir.canonicalize().ok()?;
    Some(forvalt_site::print::Reader(std::sync::Arc::new(
        move |p: &str| crate::files::read_inside(&root, p).ok(),
    )))
}

/// The site as one PDF.
fn site_pdf(args: &crate::cli::PdfArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let now = super::now_or(args.today.as_deref())?;
    let (repo, _) = super::build::load(&args.dir, None, now, args.approved_only)?.into_parts();
    let print = forvalt_site::print::PrintOptions {
        section: args.section.clone(),
        commit: repo.history.as_ref().and_then(|h| h.head.clone()),
        reader: reader(&args.dir),
    };
    let options = forvalt_site::BuildOptions::default();
    let printed = forvalt_site::print::site_pdf(&repo, &options, &print);
    finish_pdf(&repo, printed, &args.output, args.quiet, started)
}

/// A meeting's file as a path in the repository at `dir`.
fn repo_path(dir: &std::path::Path, file: &std::path::Path) -> Result<String> {
    let root = dir.canonicalize()?;
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()?.join(file)
    };
    let abs = abs
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let rel = abs.strip_prefix(&root).map_err(|_| {
        anyhow::anyhow!(
            "{} is not in the repository {}",
            file.display(),
            dir.display()
        )
    })?;
    Ok(rel.to_string_lossy().replace('\\', "/"))
}

/// A meeting's board pack, as of the meeting's day.
fn pack(args: &crate::cli::PackArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let path = repo_path(&args.dir, &args.meeting)?;
    // The day of the meeting (from its file name), so that the status report is as of then.
    let name = path.rsplit('/').next().unwrap_or(&path);
    let day = forvalt_model::records::meeting::file_name_date(name).map(|d| d.to_string());
    let now = super::now_or(day.as_deref())?;
    let (repo, _) = super::build::load(&args.dir, None, now, false)?.into_parts();
    let print = forvalt_site::print::PrintOptions {
        section: None,
        commit: repo.history.as_ref().and_then(|h| h.head.clone()),
        reader: reader(&args.dir),
    };
    let options = forvalt_site::BuildOptions::default();
    let printed = forvalt_site::print::pack_pdf(&repo, &options, &path, &print);
    finish_pdf(&repo, printed, &args.output, args.quiet, started)
}

/// Reports what printing found and writes the PDF (atomically) to `output`.
fn finish_pdf(
    repo: &Repository,
    printed: forvalt_diag::Checked<Vec<u8>>,
    output: &std::path::Path,
    quiet: bool,
    started: std::time::Instant,
) -> Result<ExitCode> {
    use crate::report::{self, Reporter};
    let (bytes, diagnostics) = printed.into_parts();
    let mut reporter = Reporter {
        quiet,
        ..Reporter::default()
    };
    for d in diagnostics.iter().filter(|d| d.code.starts_with("print::")) {
        reporter.report(d, &repo.sources);
    }
    if bytes.is_empty() {
        anyhow::bail!("no PDF was written");
    }
    crate::output::write_atomic(output, &bytes)?;
    if !quiet {
        report::eprint(&format!(
            "Wrote {} ({} KB) in {:.2} s\n",
            output.display(),
            bytes.len() / 1024,
            started.elapsed().as_secs_f64()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// A governance report file as OS2's JSON self-evaluation.
fn self_evaluation(args: &crate::cli::GovernanceArgs) -> Result<ExitCode> {
    use forvalt_model::governance;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let text = forvalt_model::decode::decode(&bytes).text;
    let report = if args.file.extension().is_some_and(|e| e == "json") {
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not JSON: {e}", args.file.display()))?;
        governance::read_json(&value)
    } else {
        let mut all = governance::read_markdown_all(&text);
        if all.len() > 1 {
            let _ = writeln!(
                anstream::stderr(),
                "note: {} holds {} reports; the first one is exported",
                args.file.display(),
                all.len()
            );
        }
        (!all.is_empty()).then(|| all.swap_remove(0).1)
    };
    let Some(report) = report else {
        anyhow::bail!(
            "{} holds no governance report: no table with requirement ids (R1, F10, G14) and a level column (Niveau, Produktniveau)",
            args.file.display()
        );
    };
    let now = super::now_or(args.today.as_deref())?;
    let generated = jiff::Timestamp::from_millisecond(now)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default();
    let json = serde_json::to_string_pretty(&governance::self_evaluation(&report, &generated))?;
    match &args.output {
        Some(path) => crate::output::write_atomic(path, format!("{json}\n").as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The model as pretty-printed JSON.
fn to_json(repo: &Repository, diagnostics: &[Diagnostic]) -> Result<String> {
    let documents = repo
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| Document {
            path: &p.path,
            url: &p.url,
            title: &p.title,
            status: p.status.as_ref().map(|s| s.value.as_str()),
            published: repo.published[i],
            parent: p.nav.parent.as_ref().map(|s| s.value.as_str()),
            front_matter: p.front_matter.as_ref().map(|f| &f.values),
        })
        .collect();
    let diagnostics = diagnostics
        .iter()
        .map(|d| {
            let loc = d.span.and_then(|s| repo.sources.location(s));
            Located {
                diagnostic: d,
                path: d
                    .span
                    .and_then(|s| repo.sources.get(s.file))
                    .map(|f| f.path.clone()),
                line: loc.as_ref().map(|l| l.line),
                column: loc.as_ref().map(|l| l.column),
            }
        })
        .collect();
    let export = Export {
        format: 1,
        publishing: repo.publishing.summary(),
        not_pages: repo
            .not_pages
            .iter()
            .map(|n| NotPage {
                path: &n.path,
                reason: n.reason.describe(),
            })
            .collect(),
        nav: {
            let mut nav = nav_entries(repo, &repo.nav.roots, 0);
            nav.extend(external_links(repo));
            nav.extend(sections(repo));
            nav
        },
        site: SiteInfo {
            title: &repo.config.title,
            url: &repo.config.url,
            baseurl: &repo.config.baseurl,
            lang: &repo.config.lang,
            repository: repo.config.repository.as_deref(),
        },
        documents,
        records: &repo.records,
        governance: governance(repo),
        diagnostics,
    };
    Ok(serde_json::to_string_pretty(&export)?)
}
