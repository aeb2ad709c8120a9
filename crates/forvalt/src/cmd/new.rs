//! `forvalt new`: a decision, a meeting, a change request or a governance report started
//! from the repository's own template and named as its folder's files are, or GitHub issue
//! forms for decision proposals and change requests. Never writes over a file.

use crate::cli::{NewArgs, NewKind};
use anyhow::{Context, Result, bail};
use forvalt_model::Repository;
use forvalt_model::records::RecordsConfig;
use forvalt_model::scaffold::{self, Convention, Fill};
use jiff::civil::Date;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The built-in decision template, for a repository without one.
const DECISION: &str = "# [ADR/SDR/ODR] [Titel]\n\n- Dato: [ÅÅÅÅ-MM-DD]\n- Status: Forslag\n- Beslutningstagere: [Beslutningsorgan]\n- Beslutningstype: [Arkitekturbeslutning, Strategisk beslutning eller Operationel beslutning]\n\n## Beskrivelse af beslutningen\n\n[Hvad besluttes? Én til tre sætninger.]\n\n## Kontekst/ Årsag\n\n[Hvorfor er beslutningen nødvendig, og hvilke muligheder er overvejet?]\n\n## Konsekvenser\n\n[Hvad betyder beslutningen fremover, godt og skidt?]\n";

/// The built-in change-request body.
const CHANGE: &str = "**Indmeldt af:** [Kommune]\n\n## Ønsket\n\n[Hvad skal løsningen kunne, som den ikke kan i dag?]\n\n## Gevinst\n\n[Hvem får gavn af det, og hvor meget?]\n";

/// The built-in meeting template.
const MEETING: &str = "# [Møde] dd.mm.yyyy\n\n**Tid**: dd.mm.yyyy kl. [13 - 14.30]\n\n**Sted**: [Sted]\n\n#### Deltagere:\n- [ ] [Navn (Kommune)]\n\n## Dagsorden\n\n#### 1. Formalia\n- 1.1 Godkendelse af dagsorden\n- 1.2 Godkendelse af referat fra sidste møde\n\n#### 2. Eventuelt\n\n## Mødereferat\n";

pub(crate) fn run(mut args: NewArgs) -> Result<ExitCode> {
    args.dir = args
        .dir
        .canonicalize()
        .with_context(|| format!("cannot open the repository {}", args.dir.display()))?;
    if args.kind == NewKind::IssueForms {
        return issue_forms(&args.dir);
    }
    let now = super::now_or(args.date.as_deref())?;
    let repo = super::build::load(&args.dir, None, now, false)?
        .into_parts()
        .0;
    let date = repo.now.date();
    let cfg = RecordsConfig::from_config(&repo.config.raw);
    let title = args
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let (folder, text, fallback, previous) = match args.kind {
        NewKind::Decision => {
            let t = template(
                &repo,
                &args.dir,
                &cfg.decisions,
                &["decision", "beslutning"],
            )
            .unwrap_or_else(|| DECISION.to_string());
            (cfg.decisions.clone(), t, Convention::IsoDate(None), None)
        }
        NewKind::Change => {
            let Some(title) = title else {
                bail!("a change request needs a title: forvalt new change \"Eksport til CSV\"");
            };
            let t = template(
                &repo,
                &args.dir,
                &cfg.change_requests,
                &["ændringsønske", "aendringsoenske", "enhancement"],
            )
            .unwrap_or_else(|| CHANGE.to_string());
            let t = with_front_matter(&t, title, date);
            (
                cfg.change_requests.clone(),
                t,
                Convention::Numbered(3),
                None,
            )
        }
        NewKind::Meeting => {
            let (folder, previous) = meeting_folder(&repo, &cfg, args.body.as_deref(), date)?;
            let t = read_file(&args.dir, &format!("{folder}/skabelon.md"))
                .or_else(|| read_file(&args.dir, &format!("{folder}/template.md")))
                .unwrap_or_else(|| MEETING.to_string());
            (folder, t, Convention::CompactDate(None), previous)
        }
        NewKind::Report => return report(&repo, &args.dir, title, date),
        NewKind::IssueForms => unreachable_forms(),
    };
    safe_folder(&folder)?;
    let names = names_in(&args.dir.join(&folder));
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let convention = scaffold::convention(&refs, fallback);
    let file = scaffold::file_name(&convention, &refs, date, title.unwrap_or(""));
    let filled = scaffold::fill(
        &text,
        &Fill {
            title,
            date,
            previous,
            product: Some(&repo.config.title),
        },
    );
    create(&args.dir, &format!("{folder}/{file}"), &filled)
}

/// `forvalt new issue-forms` is handled before the match; this arm cannot be reached.
fn unreachable_forms() -> (String, String, Convention, Option<Date>) {
    (
        String::new(),
        String::new(),
        Convention::IsoDate(None),
        None,
    )
}

/// A folder named by `_config.yml` (repository content) must stay inside the repository.
fn safe_folder(folder: &str) -> Result<()> {
    let ok = !folder.is_empty()
        && !folder.starts_with('/')
        && !folder.contains('\\')
        && folder
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != "." && p != ".git");
    if !ok {
        bail!(
            "the records folder `{folder}` in _config.yml must be a folder inside the repository"
        );
    }
    Ok(())
}

/// The Markdown file names of a folder.
fn names_in(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.ends_with(".md") || n.ends_with(".markdown"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A file of the repository, read without following a link out of it.
fn read_file(root: &Path, rel: &str) -> Option<String> {
    let bytes = crate::files::read_inside(root, rel).ok()?;
    Some(forvalt_model::decode::decode(&bytes).text)
}

/// The text after a front matter.
fn body_of(text: &str) -> &str {
    let mut sink = Vec::new();
    let head =
        forvalt_model::frontmatter::read_head(text, forvalt_diag::FileId::DETACHED, &mut sink);
    text.get(head.body_start..)
        .unwrap_or(text)
        .trim_start_matches('\n')
}

/// A record's template, in this order: the folder's own `skabelon.md`, a template page
/// that says to copy it into the folder ("Kopiér alt herunder … `beslutninger/`": the text
/// after that line), then the issue template carrying one of `labels`.
fn template(repo: &Repository, root: &Path, folder: &str, labels: &[&str]) -> Option<String> {
    for name in ["skabelon.md", "template.md"] {
        if let Some(t) = read_file(root, &format!("{folder}/{name}")) {
            return Some(body_of(&t).to_string());
        }
    }
    let named = format!("`{folder}/`");
    for p in &repo.pages {
        let Some(src) = repo.sources.get(p.file) else {
            continue;
        };
        let body = src.text.get(p.body_offset..).unwrap_or("");
        if let Some(at) = body
            .find("Kopiér alt herunder")
            .filter(|_| body.contains(&named))
        {
            let after = &body[at..];
            let next = after.find('\n').map_or(after.len(), |i| i + 1);
            return Some(after[next..].trim_start_matches('\n').to_string());
        }
    }
    repo.issue_templates
        .iter()
        .filter(|t| t.path.ends_with(".md"))
        .find(|t| {
            t.labels
                .iter()
                .any(|l| labels.contains(&l.to_lowercase().as_str()))
        })
        .and_then(|t| repo.sources.get(t.file))
        .map(|s| body_of(&s.text).to_string())
}

/// A change request's front matter (title, status, date) and heading over its body, unless
/// the template has a front matter of its own.
fn with_front_matter(body: &str, title: &str, date: Date) -> String {
    if body.starts_with("---\n") {
        return body.to_string();
    }
    let quoted = title.replace('"', "'");
    let body = body
        .lines()
        .skip_while(|l| l.starts_with("# ") || l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "---\ntitle: \"{quoted}\"\nstatus: modtaget\ndate: {date}\n---\n\n# {title}\n\n{body}\n"
    )
}

/// A meeting's folder (the body's, from `--body` or the only body) and the date of the
/// body's last meeting before `date`.
fn meeting_folder(
    repo: &Repository,
    cfg: &RecordsConfig,
    body: Option<&str>,
    date: Date,
) -> Result<(String, Option<Date>)> {
    let mut bodies: Vec<String> = repo
        .records
        .meetings
        .iter()
        .filter_map(|m| Some(m.source.path()?.rsplit_once('/')?.0.to_string()))
        .collect();
    bodies.sort();
    bodies.dedup();
    let key = |f: &str| f.rsplit('/').next().unwrap_or(f).to_lowercase();
    let folder = match body {
        Some(b) => bodies
            .iter()
            .find(|f| key(f) == b.to_lowercase())
            .cloned()
            .unwrap_or_else(|| format!("{}/{}", cfg.meetings, b.to_lowercase())),
        None if bodies.len() == 1 => bodies[0].clone(),
        None => bail!(
            "which body is the meeting of? Give --body with one of: {}",
            if bodies.is_empty() {
                "(no meetings yet: name the body's folder)".to_string()
            } else {
                bodies.iter().map(|f| key(f)).collect::<Vec<_>>().join(", ")
            }
        ),
    };
    let previous = repo
        .records
        .meetings
        .iter()
        .filter(|m| {
            m.source
                .path()
                .is_some_and(|p| p.starts_with(&format!("{folder}/")))
        })
        .filter_map(|m| m.date)
        .filter(|d| *d < date)
        .max();
    Ok((folder, previous))
}

/// A governance report from the repository's report template, beside its last report.
fn report(repo: &Repository, root: &Path, title: Option<&str>, date: Date) -> Result<ExitCode> {
    let lower = |p: &str| p.to_lowercase();
    let is_template = |p: &str| lower(p).contains("skabelon") || lower(p).contains("template");
    let Some(template) = repo
        .governance
        .iter()
        .find(|f| is_template(&f.path) && f.path.ends_with(".md"))
    else {
        bail!(
            "this repository has no governance report template: copy OS2's governance_template.md (github.com/OS2offdig/governance_report_template) into it, e.g. as docs/Skabeloner/governancerapport.md"
        );
    };
    let last = repo
        .governance
        .iter()
        .filter(|f| !is_template(&f.path) && f.path.ends_with(".md"))
        .max_by(|a, b| a.path.cmp(&b.path));
    let folder = last
        .and_then(|f| f.path.rsplit_once('/').map(|(d, _)| d.to_string()))
        .unwrap_or_else(|| "docs".to_string());
    let text = repo
        .sources
        .get(template.file)
        .map(|s| s.text.as_str())
        .unwrap_or("");
    let title = title.map_or_else(
        || format!("Governancerapport {}", date.year()),
        str::to_string,
    );
    // The last report's place in the menu, else none.
    let place: Vec<String> = last
        .and_then(|f| repo.pages.iter().find(|p| p.path == f.path))
        .and_then(|p| p.front_matter.as_ref())
        .map(|fm| {
            ["layout", "parent", "grand_parent"]
                .iter()
                .filter_map(|k| Some(format!("{k}: \"{}\"", fm.str(k)?)))
                .collect()
        })
        .unwrap_or_default();
    // The date as the last report writes it (`"28-08-2026"`), else ISO.
    let written = last
        .and_then(|f| repo.pages.iter().find(|p| p.path == f.path))
        .and_then(|p| p.front_matter.as_ref()?.str("date"));
    let date_text = match written {
        Some(w) if w.len() == 10 && w.as_bytes()[2] == b'-' => {
            format!("\"{}\"", date.strftime("%d-%m-%Y"))
        }
        _ => date.to_string(),
    };
    let mut head = format!(
        "---\ntitle: \"{}\"\ndate: {date_text}\n",
        title.replace('"', "'")
    );
    for line in place {
        head.push_str(&line);
        head.push('\n');
    }
    head.push_str("---\n\n");
    let filled = scaffold::fill(
        body_of(text),
        &Fill {
            title: Some(&title),
            date,
            previous: None,
            product: last
                .and_then(|f| f.report.product.as_deref())
                .or(Some(&repo.config.title)),
        },
    );
    let file = format!("{folder}/{}.md", scaffold::slug(&title));
    create(root, &file, &format!("{head}{filled}"))
}

/// Refuses `rel` when the nearest folder of it that exists lies outside `root` (a link out
/// of the repository) or in `.git`.
fn inside(root: &Path, rel: &str) -> Result<()> {
    let top = root.canonicalize()?;
    let mut folder = root.join(rel).parent().map(Path::to_path_buf);
    while let Some(f) = folder {
        if let Ok(real) = f.canonicalize() {
            if !real.starts_with(&top) || real.starts_with(top.join(".git")) {
                bail!("{rel} lies outside the repository");
            }
            return Ok(());
        }
        folder = f.parent().map(Path::to_path_buf);
    }
    Ok(())
}

/// Writes `text` to `rel` in `root`, never over an existing file and never through a link:
/// written to a new file beside it, then linked into place (which fails when the name is
/// taken); where the file system has no hard links, created as a new file directly. Prints
/// the path.
fn create(root: &Path, rel: &str, text: &str) -> Result<ExitCode> {
    use std::fs::OpenOptions;
    let target = root.join(rel);
    let taken = || anyhow::anyhow!("{rel} exists already; forvalt new never writes over a file");
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(taken());
    }
    inside(root, rel)?;
    let dir = target.parent().context("the file has no folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    inside(root, rel)?;
    let tmp = dir.join(format!(".forvalt-new-{}.tmp", std::process::id()));
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    let linked = std::fs::hard_link(&tmp, &target);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(taken()),
        Err(_) => {
            // No hard links here: `create_new` refuses a taken name (and a link) as well.
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => taken(),
                    _ => anyhow::anyhow!("cannot write {rel}: {e}"),
                })?;
            f.write_all(text.as_bytes())?;
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{rel}")?;
    Ok(ExitCode::SUCCESS)
}

/// The issue forms `forvalt new issue-forms` writes: (file, text).
const FORMS: [(&str, &str); 2] = [
    (
        ".github/ISSUE_TEMPLATE/beslutning.yml",
        include_str!("forms/beslutning.yml"),
    ),
    (
        ".github/ISSUE_TEMPLATE/aendringsoenske.yml",
        include_str!("forms/aendringsoenske.yml"),
    ),
];

/// Writes GitHub issue forms for decision proposals and change requests, each unless a
/// file of that name exists.
fn issue_forms(root: &Path) -> Result<ExitCode> {
    let mut made = 0;
    for (rel, text) in FORMS {
        if root.join(rel).exists() {
            let mut err = anstream::stderr();
            let _ = writeln!(err, "{rel} exists already: left as it is");
            continue;
        }
        create(root, rel, text)?;
        made += 1;
    }
    Ok(if made == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
