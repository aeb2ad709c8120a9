//! `forvalt export chart FILE`: a file's roadmaps and årshjul as SVG, PNG or PDF, drawn as
//! the site draws them (the repository's time zone, language and gantt settings).

use crate::cli::ChartArgs;
use crate::files::DiskFiles;
use crate::report::{self, Reporter};
use anyhow::{Context, Result, bail};
use forvalt_diag::{FileId, Sources, Span};
use forvalt_model::files::MemoryFiles;
use forvalt_model::{LoadOptions, Repository};
use forvalt_site::export::{self, ChartFile, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn run(args: ChartArgs) -> Result<ExitCode> {
    let now = super::now_or(args.today.as_deref())?;
    let file = std::fs::canonicalize(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = forvalt_model::decode::decode(&bytes).text;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("chart")
        .to_string();

    // The repository around the file gives the settings and the meetings of årshjul rings;
    // a file on its own is read as a repository of one file.
    let (repo, rel) = match repository_root(&file) {
        Some(root) => {
            let rel = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let files = DiskFiles::new(&root, Vec::new())
                .with_context(|| format!("cannot read the repository {}", root.display()))?;
            let repo = forvalt_model::load(&files, &load_options(now))
                .into_parts()
                .0;
            (repo, rel)
        }
        None => {
            let mut files = MemoryFiles::new();
            files.insert(name.clone(), bytes.clone());
            (
                forvalt_model::load(&files, &load_options(now))
                    .into_parts()
                    .0,
                name.clone(),
            )
        }
    };

    let options = forvalt_site::BuildOptions::default();
    let (charts, diagnostics) =
        forvalt_site::file_charts(&repo, &rel, &text, &options).into_parts();
    report_diagnostics(&diagnostics, &repo, &rel, &text, args.quiet);

    let mut charts: Vec<ChartFile> = charts;
    if let Some(n) = args.chart {
        if n == 0 || n > charts.len() {
            bail!(
                "{} has {} chart{}; --chart {n} is not one of them",
                args.file.display(),
                charts.len(),
                if charts.len() == 1 { "" } else { "s" }
            );
        }
        charts = vec![charts.swap_remove(n - 1)];
    }
    if charts.is_empty() {
        bail!(
            "{} has no chart to export (a ```mermaid gantt chart without errors or an ```aarshjul)",
            args.file.display()
        );
    }
    let formats: Vec<Format> = [
        (args.svg, Format::Svg),
        (args.png, Format::Png),
        (args.pdf, Format::Pdf),
    ]
    .into_iter()
    .filter_map(|(on, f)| on.then_some(f))
    .collect();
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 16.0) {
        bail!("--scale must be a number above 0 and at most 16");
    }

    let stem = Path::new(&name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("chart")
        .to_string();
    let single = charts.len() == 1 && formats.len() == 1;
    // One file to write goes where -o says unless that is a folder; several go in a folder.
    let exact = args.output.clone().filter(|p| single && !p.is_dir());
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    if exact.is_none() {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let lang = if repo.danish() { "da" } else { "en" };
    let several = charts.len() > 1;
    for chart in &charts {
        for &format in &formats {
            let bytes = match format {
                Format::Png => export::png(&chart.svg, args.scale),
                _ => export::bytes(chart, format, lang),
            }
            .map_err(|e| anyhow::anyhow!("{}: {e}", chart.stem))?;
            let path = match &exact {
                Some(p) => p.clone(),
                None => dir.join(if several {
                    format!("{stem}-{}.{}", chart.stem, format.extension())
                } else {
                    format!("{stem}.{}", format.extension())
                }),
            };
            crate::output::write_atomic(&path, &bytes)?;
            if !args.quiet {
                report::eprint(&format!(
                    "wrote {} ({}, {} bytes)\n",
                    path.display(),
                    chart.title,
                    bytes.len()
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load_options(now: i64) -> LoadOptions {
    LoadOptions { now, publish: None }
}

/// The nearest folder above `file` with `_config.yml` or `.git`.
fn repository_root(file: &Path) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.join("_config.yml").is_file()
            || d.join("_config.yaml").is_file()
            || d.join(".git").exists()
        {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// Prints what drawing the charts found, placed in the file.
fn report_diagnostics(
    diagnostics: &[forvalt_diag::Diagnostic],
    repo: &Repository,
    rel: &str,
    text: &str,
    quiet: bool,
) {
    let mut reporter = Reporter {
        quiet,
        ..Reporter::default()
    };
    // Diagnostics of text outside the repository's sources are detached: place them in a
    // source of their own.
    let mut own = Sources::new();
    let id = own.add(rel.to_string(), text.to_string());
    for d in diagnostics {
        let detached = d.span.is_none_or(|s| s.file == FileId::DETACHED);
        if detached {
            let d = d.clone().map_spans(|s: Span| {
                if s.file == FileId::DETACHED {
                    s.in_file(id)
                } else {
                    s
                }
            });
            reporter.report(&d, &own);
        } else {
            reporter.report(d, &repo.sources);
        }
    }
}
