//! `forvalt check` and `forvalt explain`.

use crate::cli::{CheckArgs, CheckFormat, ExplainArgs};
use crate::report::{self, Reporter};
use anyhow::{Context, Result, bail};
use forvalt_check::{Dictionary, Options, rules};
use forvalt_diag::Severity;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Debian's hunspell-da.
const SYSTEM_DICTIONARY: &str = "/usr/share/hunspell/da_DK.dic";
/// Debian's hunspell-en-us: English words in Danish text are not typos.
const ENGLISH_DICTIONARY: &str = "/usr/share/hunspell/en_US.dic";

/// Loads the spelling dictionary: `Ok(None)` with the reason when there is none.
pub(crate) fn dictionary(
    arg: Option<&Path>,
    repo_dir: &Path,
) -> Result<std::result::Result<Dictionary, String>> {
    let dic: PathBuf = match arg {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(SYSTEM_DICTIONARY);
            if !p.exists() {
                return Ok(Err(
                    "spelling was not checked: no Danish dictionary (install hunspell-da, or give --dictionary)"
                        .into(),
                ));
            }
            p
        }
    };
    let aff = dic.with_extension("aff");
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut d = Dictionary::new(&read(&aff)?, &read(&dic)?)
        .map_err(|e| anyhow::anyhow!("cannot use the dictionary {}: {e}", dic.display()))?;
    if let (Ok(aff), Ok(dic)) = (
        std::fs::read_to_string(Path::new(ENGLISH_DICTIONARY).with_extension("aff")),
        std::fs::read_to_string(ENGLISH_DICTIONARY),
    ) {
        d = d
            .with_english(&aff, &dic)
            .map_err(|e| anyhow::anyhow!("cannot use the dictionary {ENGLISH_DICTIONARY}: {e}"))?;
    }
    if let Ok(words) = std::fs::read_to_string(repo_dir.join(".forvalt/ord.txt")) {
        d.add_words(&words);
    }
    Ok(Ok(d))
}

/// A loaded repository, its diagnostics, its folder, and the files to report on (all
/// when `None`).
type Loaded = (
    forvalt_model::Repository,
    Vec<forvalt_diag::Diagnostic>,
    PathBuf,
    Option<std::collections::BTreeSet<String>>,
);

/// A repository folder, or single files read as Markdown pages of a repository of their own.
fn load_paths(paths: &[PathBuf], now: i64) -> Result<Loaded> {
    if let [dir] = paths
        && dir.is_dir()
    {
        let (repo, loaded) = super::build::load(dir, None, now, false)?.into_parts();
        return Ok((repo, loaded, dir.clone(), None));
    }
    // Markdown files of a repository: check them in their repository (parents, links and
    // records resolve), and report only on them.
    if let Some((root, only)) = enclosing_repository(paths) {
        let (repo, mut loaded) = super::build::load(&root, None, now, false)?.into_parts();
        loaded.retain(|d| {
            d.span
                .and_then(|s| repo.sources.get(s.file))
                .is_some_and(|f| only.contains(&f.path))
        });
        return Ok((repo, loaded, root, Some(only)));
    }
    let mut files = forvalt_model::MemoryFiles::new();
    let mut exts = vec!["md".to_string(), "markdown".to_string()];
    let mut names = std::collections::BTreeSet::new();
    for p in paths {
        if p.is_dir() {
            bail!(
                "check one repository folder, or files: {} is a folder",
                p.display()
            );
        }
        let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .context("a path without a file name")?;
        if !names.insert(name.clone()) {
            bail!("two files are called {name}; check them one at a time");
        }
        if let Some((_, e)) = name.rsplit_once('.') {
            exts.push(e.to_ascii_lowercase());
        }
        files.insert(name, bytes);
    }
    exts.sort();
    exts.dedup();
    files.insert(
        "_config.yml",
        format!(
            "markdown_ext: \"{}\"\nforvalt:\n  site: plain\n",
            exts.join(",")
        )
        .into_bytes(),
    );
    let (repo, loaded) =
        forvalt_model::load(&files, &forvalt_model::LoadOptions { now, publish: None })
            .into_parts();
    Ok((
        repo,
        loaded,
        PathBuf::from("."),
        Some(names.into_iter().collect()),
    ))
}

/// The repository (the nearest folder with a `_config.yml`) that holds every one of
/// `paths`, when they are all Markdown files; with their paths inside it.
fn enclosing_repository(
    paths: &[PathBuf],
) -> Option<(PathBuf, std::collections::BTreeSet<String>)> {
    let first = paths.first()?.canonicalize().ok()?;
    let root = first
        .ancestors()
        .skip(1)
        .find(|d| d.join("_config.yml").is_file())?
        .to_path_buf();
    let mut only = std::collections::BTreeSet::new();
    for p in paths {
        let abs = p.canonicalize().ok()?;
        let rel = abs
            .strip_prefix(&root)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        if !forvalt_model::url::is_markdown(&rel) {
            return None;
        }
        only.insert(rel);
    }
    Some((root, only))
}

pub(crate) fn run(args: CheckArgs) -> Result<ExitCode> {
    let now = super::now_or(args.today.as_deref())?;
    let (repo, loaded, root, only) = load_paths(&args.paths, now)?;
    let _ = &root;
    let last_changed: Option<std::collections::HashMap<String, jiff::civil::Date>> =
        repo.history.as_ref().map(|h| {
            h.documents
                .keys()
                .filter_map(|p| {
                    let r = h.last_modified(p)?;
                    let d = jiff::Timestamp::from_second(r.time)
                        .ok()?
                        .to_zoned(repo.time_zone.clone())
                        .date();
                    Some((p.clone(), d))
                })
                .collect()
        });
    let dict = if args.no_spelling {
        Err("spelling was not checked (--no-spelling)".to_string())
    } else {
        dictionary(args.dictionary.as_deref(), &root)?
    };
    let outcome = forvalt_check::check(
        &repo,
        loaded,
        &Options {
            dictionary: dict.as_ref().ok(),
            last_changed: last_changed.as_ref(),
        },
    );
    let mut outcome = outcome;
    if let Some(only) = &only {
        outcome.diagnostics.retain(|d| {
            d.span
                .and_then(|s| repo.sources.get(s.file))
                .is_some_and(|f| only.contains(&f.path))
        });
    }
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let notes = outcome.count(Severity::Note);
    match args.format {
        CheckFormat::Human => {
            let mut reporter = Reporter {
                quiet: args.quiet,
                ..Reporter::default()
            };
            let stream = anstream::stderr();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stream.lock());
            let path_of = |d: &forvalt_diag::Diagnostic| {
                d.span
                    .and_then(|s| repo.sources.get(s.file))
                    .map(|f| f.path.as_str())
            };
            // The diagnostics are sorted by file: each file's run is counted once, ahead.
            let mut run_end = 0;
            for (i, d) in outcome.diagnostics.iter().enumerate() {
                let path = path_of(d);
                if !args.quiet
                    && i >= run_end
                    && let Some(p) = path
                {
                    run_end = i + outcome.diagnostics[i..]
                        .iter()
                        .take_while(|x| path_of(x) == Some(p))
                        .count();
                    let _ = writeln!(out, "── {p} ({})", run_end - i);
                }
                if let Some(text) = reporter.render(d, &repo.sources) {
                    let _ = out.write_all(text.as_bytes());
                }
            }
            let _ = out.flush();
            drop(out);
            let files = outcome
                .diagnostics
                .iter()
                .filter_map(|d| d.span.map(|s| s.file))
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            let mut line = format!(
                "Checked {} ({} with findings): {}, {}, {}",
                plural(repo.pages.len(), "page"),
                files,
                plural(errors, "error"),
                plural(warnings, "warning"),
                plural(notes, "note"),
            );
            if outcome.suppressed > 0 {
                line.push_str(&format!(
                    " ({} suppressed by configuration)",
                    outcome.suppressed
                ));
            }
            line.push('\n');
            if let Err(why) = &dict {
                line.push_str(&format!("note: {why}\n"));
            }
            report::eprint(&line);
        }
        CheckFormat::Json => {
            report::print(&forvalt_check::format::json(
                &outcome.diagnostics,
                &repo.sources,
            ));
        }
        CheckFormat::Github => {
            let mut out = forvalt_check::format::github(&outcome.diagnostics, &repo.sources);
            if let Err(why) = &dict {
                out.push_str(&format!("::notice title=forvalt::{why}\n"));
            }
            report::print(&out);
        }
        CheckFormat::Sarif => {
            report::print(&forvalt_check::format::sarif(
                &outcome.diagnostics,
                &repo.sources,
                env!("CARGO_PKG_VERSION"),
            ));
        }
    }
    let deny_warnings = args.deny.as_deref() == Some("warnings");
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let all = rules::all();
    let Some(code) = args.code else {
        let mut out = String::from(rules::introduction().trim());
        out.push_str("\n\n");
        for r in &all {
            out.push_str(&format!(
                "{:<36} {:<8} {}{}\n",
                r.code,
                r.level.as_str(),
                if r.fixable { "[fix] " } else { "" },
                r.summary
            ));
        }
        report::print(&out);
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(r) = all.iter().find(|r| r.code == code) {
        report::print(&format!(
            "{}\nlevel: {} · fix: {}\n\n{}\n",
            r.code,
            r.level.as_str(),
            if r.fixable { "yes (forvalt fix)" } else { "no" },
            r.text
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let family: Vec<&rules::Rule> = all
        .iter()
        .filter(|r| r.code.split("::").next() == Some(code.as_str()))
        .collect();
    if !family.is_empty() {
        let mut out = String::new();
        for r in family {
            out.push_str(&format!(
                "{:<36} {:<8} {}\n",
                r.code,
                r.level.as_str(),
                r.summary
            ));
        }
        report::print(&out);
        return Ok(ExitCode::SUCCESS);
    }
    let near = all
        .iter()
        .map(|r| {
            let max = r.code.len().max(code.len());
            (
                forvalt_model::records::text::distance(&r.code, &code, max),
                &r.code,
            )
        })
        .min()
        .filter(|(d, _)| *d <= 4)
        .map(|(_, c)| format!("; did you mean {c}?"))
        .unwrap_or_default();
    bail!("no rule is called `{code}`{near} (`forvalt explain` lists them)")
}
