//! `forvalt diff`: what changed in the roadmaps between two revisions.

use crate::cli::DiffArgs;
use crate::report;
use anyhow::{Context, Result, bail};
use forvalt_history::{ItemChange, RoadmapDiff};
use std::path::Path;
use std::process::ExitCode;

/// Where a version of the files comes from.
enum Side {
    Rev(String),
    WorkTree,
}

impl Side {
    fn label(&self) -> String {
        match self {
            Side::Rev(r) => r.clone(),
            Side::WorkTree => "the work tree".into(),
        }
    }

    fn files(&self, dir: &Path) -> Result<Vec<String>> {
        match self {
            Side::Rev(r) => forvalt_history::files_at(dir, r).map_err(|e| anyhow::anyhow!("{e}")),
            Side::WorkTree => {
                let mut out = Vec::new();
                walk(dir, "", &mut out);
                out.sort();
                Ok(out)
            }
        }
    }

    fn read(&self, dir: &Path, path: &str) -> Result<Option<String>> {
        let bytes = match self {
            Side::Rev(r) => {
                forvalt_history::read_file_at(dir, r, path).map_err(|e| anyhow::anyhow!("{e}"))?
            }
            Side::WorkTree => std::fs::read(dir.join(path)).ok(),
        };
        Ok(bytes.map(|b| forvalt_model::decode::decode(&b).text))
    }
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "_site" || name == "node_modules" {
            continue;
        }
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            walk(&e.path(), &child, out);
        } else if t.is_file() {
            out.push(child);
        }
    }
}

/// The Mermaid version `_config.yml` in the working tree pins (11.12 when none).
fn site_mermaid_version(dir: &Path) -> forvalt_gantt::MermaidVersion {
    let Ok(bytes) = std::fs::read(dir.join("_config.yml")) else {
        return forvalt_gantt::MermaidVersion::default();
    };
    let text = forvalt_model::decode::decode(&bytes).text;
    let mut sink = Vec::new();
    forvalt_model::config::read_config(&text, forvalt_diag::FileId::DETACHED, &mut sink)
        .mermaid_version()
        .unwrap_or_default()
}

fn is_chart_file(path: &str) -> bool {
    forvalt_model::url::is_markdown(path) || path.ends_with(".mmd")
}

pub(crate) fn run(args: DiffArgs) -> Result<ExitCode> {
    let dir = args.dir.as_path();
    let mut positional = args.args.clone();
    // The last argument is a path when it names a file or folder.
    let filter = match positional.last() {
        Some(p) if dir.join(p).exists() || Path::new(p).exists() => {
            let p = positional.pop().unwrap_or_default();
            Some(p.trim_start_matches("./").trim_end_matches('/').to_string())
        }
        _ => None,
    };
    let (a, b) = match positional.as_slice() {
        [] => (Side::Rev("HEAD".into()), Side::WorkTree),
        [a] => (Side::Rev(a.clone()), Side::WorkTree),
        [a, b] => (Side::Rev(a.clone()), Side::Rev(b.clone())),
        _ => bail!("give at most two revisions and a path: forvalt diff [REV_A] [REV_B] [PATH]"),
    };
    for side in [&a, &b] {
        if let Side::Rev(r) = side {
            forvalt_history::resolve(dir, r)
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(|| format!("cannot compare with `{r}`"))?;
        }
    }
    let mut paths: Vec<String> = a.files(dir)?;
    paths.extend(b.files(dir)?);
    paths.sort();
    paths.dedup();
    paths.retain(|p| is_chart_file(p));
    if let Some(f) = &filter {
        paths.retain(|p| p == f || p.starts_with(&format!("{f}/")));
    }
    // The charts are read as the site's pinned Mermaid version reads them.
    let version = site_mermaid_version(dir);
    let mut diffs: Vec<RoadmapDiff> = Vec::new();
    for p in &paths {
        let (x, y) = (a.read(dir, p)?, b.read(dir, p)?);
        let has_chart = |t: &Option<String>| t.as_deref().is_some_and(|t| t.contains("gantt"));
        if !has_chart(&x) && !has_chart(&y) {
            continue;
        }
        let d = forvalt_history::diff_texts_as(p, x.as_deref(), y.as_deref(), version);
        if !d.charts.is_empty() {
            diffs.push(d);
        }
    }
    if args.json {
        let out = serde_json::json!({
            "format": 1,
            "from": a.label(),
            "to": b.label(),
            "documents": diffs,
        });
        report::print(&(serde_json::to_string_pretty(&out)? + "\n"));
        return Ok(ExitCode::SUCCESS);
    }
    report::print(&human(&diffs, &a.label(), &b.label()));
    Ok(ExitCode::SUCCESS)
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn dates(i: &forvalt_history::Item) -> String {
    match (i.start, i.end) {
        (Some(s), _) if i.milestone => s.to_string(),
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => s.to_string(),
        _ => "(no dates)".into(),
    }
}

/// The changes as text, one line per change.
fn human(diffs: &[RoadmapDiff], from: &str, to: &str) -> String {
    let mut out = String::new();
    let (mut added, mut removed, mut moved, mut renamed, mut slipped) = (0, 0, 0, 0, 0);
    for d in diffs {
        for c in &d.charts {
            out.push_str(&format!(
                "{}{}\n",
                d.path,
                c.title
                    .as_ref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default()
            ));
            for s in &c.settings {
                out.push_str(&format!(
                    "  setting {}: `{}` → `{}`\n",
                    s.name, s.before, s.after
                ));
            }
            for ch in &c.items {
                match ch {
                    ItemChange::Added { item } => {
                        added += 1;
                        out.push_str(&format!(
                            "  + {} [{}] {}\n",
                            item.name,
                            item.section,
                            dates(item)
                        ));
                    }
                    ItemChange::Removed { item } => {
                        removed += 1;
                        out.push_str(&format!(
                            "  - {} [{}] {}\n",
                            item.name,
                            item.section,
                            dates(item)
                        ));
                    }
                    ItemChange::Changed {
                        before,
                        after,
                        renamed: r,
                        section_moved,
                        start_days,
                        end_days,
                        start_working_days,
                        end_working_days,
                    } => {
                        let name = if *r {
                            renamed += 1;
                            format!("{} → {} (renamed)", before.name, after.name)
                        } else {
                            after.name.clone()
                        };
                        if ch.milestone_slipped() {
                            slipped += 1;
                        }
                        let mut parts = Vec::new();
                        let shift =
                            |what: &str, d: Option<i64>, w: Option<i64>| -> Option<String> {
                                let d = d.filter(|d| *d != 0)?;
                                let working = match w {
                                    Some(w) if w != d => format!(" ({} working days)", signed(w)),
                                    _ => String::new(),
                                };
                                Some(format!("{what} {} days{working}", signed(d)))
                            };
                        if after.milestone {
                            parts.extend(shift("milestone", *start_days, *start_working_days));
                        } else {
                            parts.extend(shift("start", *start_days, *start_working_days));
                            parts.extend(shift("end", *end_days, *end_working_days));
                        }
                        if !parts.is_empty() {
                            moved += 1;
                        }
                        if *section_moved {
                            parts.insert(
                                0,
                                format!(
                                    "moved from section {} to {}",
                                    before.section, after.section
                                ),
                            );
                        }
                        out.push_str(&format!(
                            "  ~ {name}{}{}\n",
                            if parts.is_empty() {
                                String::new()
                            } else {
                                format!(": {}", parts.join(", "))
                            },
                            if parts.is_empty() {
                                String::new()
                            } else {
                                format!("  ({} → {})", dates(before), dates(after))
                            }
                        ));
                    }
                }
            }
        }
    }
    if diffs.is_empty() {
        out.push_str(&format!("No roadmap changed between {from} and {to}.\n"));
    } else {
        out.push_str(&format!(
            "\nFrom {from} to {to}: {added} added, {removed} removed, {moved} moved, {renamed} renamed, {slipped} milestones later\n"
        ));
    }
    out
}
