//! `forvalt gantt`: draw and check the gantt charts of a file.

use crate::cli::GanttArgs;
use crate::report::{self, Reporter};
use anyhow::{Context, Result, bail};
use forvalt_diag::Sources;
use forvalt_gantt::{Options, render, schedule_json, table_html};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn run(args: GanttArgs) -> Result<ExitCode> {
    let (display, text) = read_input(&args.file)?;
    let markdown = is_markdown(&args.file, &text);
    let zone = super::zone(&args.tz)?;
    let now = super::today(args.today.as_deref(), &zone)?;

    // The charts and where each one starts in the file.
    let charts: Vec<(String, usize)> = if markdown {
        forvalt_gantt::charts_in_markdown(&text)
            .into_iter()
            .map(|c| (c.text.into_owned(), c.offset))
            .collect()
    } else {
        vec![(text.clone(), 0)]
    };
    if charts.is_empty() {
        bail!("{display} contains no ```mermaid gantt chart");
    }

    let mut sources = Sources::new();
    let file = sources.add(display.clone(), text.clone());
    let mut reporter = Reporter {
        quiet: args.quiet,
        ..Reporter::default()
    };
    let multiple = charts.len() > 1;
    let mut json = Vec::new();
    let mut outputs = Vec::new();
    for (n, (chart, offset)) in charts.iter().enumerate() {
        let options = Options {
            zone: zone.clone(),
            now,
            width: args.width,
            locale: args.locale.into(),
            extensions: args.extensions,
            theme: args.theme.into(),
            id: if multiple {
                format!("gantt-{}", n + 1)
            } else {
                "gantt".into()
            },
            prefix_ids: multiple,
            config: serde_json::Map::new(),
            readable: !args.exact && args.geometry == crate::cli::GeometryArg::Readable,
            mermaid: args.mermaid_version.unwrap_or_default(),
        };
        let out = render(chart, &options);
        let mut diagnostics = out.diagnostics.clone();
        diagnostics.sort_by_key(|d| d.span.map_or(u32::MAX, |s| s.start));
        for d in &diagnostics {
            let d = d.clone().map_spans(|s| s.shifted(*offset).in_file(file));
            reporter.report(&d, &sources);
        }
        if args.json {
            let mut value = serde_json::to_value(schedule_json(&out.schedule, chart))?;
            if let Some(err) = &out.schedule.error {
                // Line and column in the file, not in the chart.
                let loc = sources
                    .location(err.span.shifted(*offset).in_file(file))
                    .context("error location")?;
                value["error"]["line"] = loc.line.into();
                value["error"]["column"] = loc.column.into();
            }
            if markdown {
                let line = sources
                    .location(forvalt_diag::Span::point(*offset).in_file(file))
                    .map_or(0, |l| l.line);
                value["line"] = line.into();
            }
            json.push(value);
        } else if args.table {
            outputs.push(table_html(&out.schedule, args.locale.into(), &out.title));
        } else {
            outputs.push(out.svg);
        }
    }

    if args.json {
        let value = if markdown {
            serde_json::Value::Array(json)
        } else {
            json.pop().unwrap_or_default()
        };
        let text = serde_json::to_string_pretty(&value)? + "\n";
        write_or_print(args.output.as_deref(), &text)?;
    } else {
        match &args.output {
            Some(path) if outputs.len() > 1 => {
                for (i, o) in outputs.iter().enumerate() {
                    write_file(&numbered(path, i + 1), o)?;
                }
            }
            Some(path) => write_file(path, &outputs[0])?,
            None => {
                for o in &outputs {
                    report::print(o);
                    report::print("\n");
                }
            }
        }
    }
    if !args.quiet && (reporter.errors > 0 || reporter.warnings > 0) {
        report::eprint(&format!(
            "{display}: {} chart{}, {}\n",
            charts.len(),
            if charts.len() == 1 { "" } else { "s" },
            reporter.counts()
        ));
    }
    Ok(if args.strict && reporter.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_input(path: &Path) -> Result<(String, String)> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        return Ok(("<stdin>".into(), text));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{} is not UTF-8 text", path.display()))?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok((path.display().to_string(), text))
}

fn is_markdown(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md" | "markdown") => true,
        Some("mmd" | "mermaid") => false,
        _ => !forvalt_gantt::is_gantt(text),
    }
}

fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("chart");
    let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("svg");
    path.with_file_name(format!("{stem}-{n}.{ext}"))
}

fn write_or_print(path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        Some(p) => write_file(p, text),
        None => {
            report::print(text);
            Ok(())
        }
    }
}

/// Writes atomically (see [`crate::output::write_atomic`]).
fn write_file(path: &Path, text: &str) -> Result<()> {
    crate::output::write_atomic(path, text.as_bytes())
}
