//! Governance records read from the repository as authors write them: decisions, meetings,
//! bodies and their members, actions, change requests (files and a GitHub issues export).
//!
//! Every field keeps the text as written and where it is written beside its normalised
//! value ([`Field`]). Nothing is required of the authors; optional front matter (`id`,
//! `date`, `status`, `decided_at`, `supersedes`, `product`) overrides what is inferred.

pub mod change;
pub mod decision;
pub mod issues;
pub mod meeting;
pub mod mentions;
pub mod names;
pub mod supersession;
pub mod text;

pub use change::{ChangeRequest, ChangeStatus, Pledge};
pub use decision::{Decision, DecisionKind, DecisionStatus, DecisionType};
pub use meeting::{Meeting, MeetingState, MinutesState};
pub use mentions::MeetingMention;

use crate::Repository;
use crate::files::Files;
use forvalt_diag::{Diagnostic, Span};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A value as written, where, and what it means (`None` when it cannot be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field<T> {
    /// The text as written (trimmed).
    pub raw: String,
    /// Where.
    pub span: Span,
    /// The normalised value.
    pub value: Option<T>,
}

impl<T> Field<T> {
    /// A field.
    pub fn new(raw: String, span: Span, value: Option<T>) -> Self {
        Field { raw, span, value }
    }
}

/// Where a record comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A Markdown file of the repository.
    File {
        /// Its path.
        path: String,
    },
    /// An issue of the GitHub issues export.
    Issue {
        /// Its number.
        number: u64,
        /// Its address.
        url: String,
        /// `OPEN` or `CLOSED`.
        state: String,
    },
}

impl Source {
    /// The file's path, for file records.
    pub fn path(&self) -> Option<&str> {
        match self {
            Source::File { path } => Some(path),
            Source::Issue { .. } => None,
        }
    }
}

/// An action (opgave) from a meeting's action list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// What is to be done.
    pub text: String,
    /// Who ("Mette", "Alle").
    pub owner: Option<String>,
    /// By when ("senest 15.06.2026").
    pub due: Option<Date>,
    /// Checked off.
    pub done: bool,
    /// The meeting it was agreed at.
    pub meeting: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// A member of a body, from the meetings' participant lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// Name (the most used spelling).
    pub name: String,
    /// The role last written ("Produkt Owner", "Vejle Kommune").
    pub role: Option<String>,
    /// Meetings listed as participant.
    pub invited: usize,
    /// Meetings marked present.
    pub present: usize,
    /// First and last meeting listed.
    pub first: Option<Date>,
    /// Last meeting listed.
    pub last: Option<Date>,
}

/// A governance body (styregruppe, koordinationsgruppe, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Body {
    /// Key: the folder name (`styregruppe`).
    pub key: String,
    /// Display name ("Styregruppen").
    pub name: String,
    /// Its meetings (ids), by date.
    pub meetings: Vec<String>,
    /// The recurrence stated in its latest meeting.
    pub recurrence: Option<String>,
    /// Members, from the participant lists.
    pub roster: Vec<Member>,
}

/// A person with the spellings of their name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The name.
    pub name: String,
    /// Other spellings met ("Peter Damgaard Fris").
    pub aliases: Vec<String>,
    /// Bodies they take part in.
    pub bodies: Vec<String>,
}

/// Where the records live (`forvalt:` in `_config.yml`), with the OS2 conventions as
/// defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordsConfig {
    /// Decision folder (`beslutninger`).
    pub decisions: String,
    /// Meeting folder with one folder per body (`dagsordner-og-referater`).
    pub meetings: String,
    /// Change-request folder (`aendringsoensker`).
    pub change_requests: String,
    /// GitHub issues export (`.github/issues.json`).
    pub issues: String,
    /// Known bodies: key → display name.
    pub bodies: BTreeMap<String, String>,
}

impl Default for RecordsConfig {
    fn default() -> Self {
        RecordsConfig {
            decisions: "beslutninger".into(),
            meetings: "dagsordner-og-referater".into(),
            change_requests: "aendringsoensker".into(),
            issues: ".github/issues.json".into(),
            bodies: [
                ("styregruppe", "Styregruppen"),
                ("koordinationsgruppe", "Koordinationsgruppen"),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        }
    }
}

impl RecordsConfig {
    /// Reads `forvalt.records` of `_config.yml` (`decisions`, `meetings`,
    /// `change_requests`, `issues`, `bodies: {key: name}`).
    pub fn from_config(raw: &serde_json::Map<String, Value>) -> RecordsConfig {
        let mut c = RecordsConfig::default();
        let Some(r) = raw
            .get("forvalt")
            .and_then(|f| f.get("records"))
            .and_then(Value::as_object)
        else {
            return c;
        };
        let s = |k: &str| {
            r.get(k)
                .and_then(Value::as_str)
                .map(|s| s.trim_matches('/').to_string())
        };
        if let Some(v) = s("decisions") {
            c.decisions = v;
        }
        if let Some(v) = s("meetings") {
            c.meetings = v;
        }
        if let Some(v) = s("change_requests") {
            c.change_requests = v;
        }
        if let Some(v) = s("issues") {
            c.issues = v;
        }
        if let Some(b) = r.get("bodies").and_then(Value::as_object) {
            for (k, v) in b {
                if let Some(name) = v.as_str() {
                    c.bodies.insert(k.to_lowercase(), name.to_string());
                }
            }
        }
        c
    }
}

/// Every record of a repository.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Records {
    /// Decisions, newest first.
    pub decisions: Vec<Decision>,
    /// Meetings, by body and date.
    pub meetings: Vec<Meeting>,
    /// Bodies.
    pub bodies: Vec<Body>,
    /// People.
    pub people: Vec<Person>,
    /// Actions from all meetings, open first, by due date.
    pub actions: Vec<Action>,
    /// Change requests.
    pub change_requests: Vec<ChangeRequest>,
    /// Meetings named in the prose of decisions, meetings and change requests.
    pub mentions: Vec<MeetingMention>,
    /// The discussion and status history of each issue that holds a record, by number.
    pub threads: std::collections::BTreeMap<u64, issues::Thread>,
    /// The issue cache's file, when issues hold records.
    #[serde(skip)]
    pub issue_file: Option<forvalt_diag::FileId>,
}

impl Records {
    /// A decision by id.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// A meeting by id.
    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.id == id)
    }

    /// The decision read from a file.
    pub fn decision_at(&self, path: &str) -> Option<&Decision> {
        self.decisions
            .iter()
            .find(|d| d.source.path() == Some(path))
    }

    /// The meeting read from a file.
    pub fn meeting_at(&self, path: &str) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.source.path() == Some(path))
    }
}

/// A file name without a leading `YYYY-MM-DD-` or `YYYYMMDD_`.
pub fn undated(name: &str) -> &str {
    let b = name.as_bytes();
    if b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-'
    {
        return &name[11..];
    }
    if b.len() > 9 && b[..8].iter().all(u8::is_ascii_digit) && b[8] == b'_' {
        return &name[9..];
    }
    name
}

fn is_template(name: &str) -> bool {
    let l = name.to_lowercase();
    l.starts_with("skabelon")
        || l.starts_with("template")
        || l == "readme.md"
        || l == "index.md"
        || l.starts_with('_')
}

/// The body key a name refers to ("Styregruppen" → `styregruppe`), or the closest known key
/// as `Err` when it is a near miss ("Koordinationgruppen").
pub fn body_key(name: &str, known: &BTreeMap<String, String>) -> Result<String, Option<String>> {
    let l = name.trim().to_lowercase();
    let base = l
        .strip_suffix("en")
        .filter(|b| known.contains_key(*b))
        .or_else(|| l.strip_suffix('n').filter(|b| known.contains_key(*b)))
        .unwrap_or(&l);
    if known.contains_key(base) {
        return Ok(base.to_string());
    }
    for (k, v) in known {
        if v.to_lowercase() == l {
            return Ok(k.clone());
        }
    }
    let near = known
        .iter()
        .map(|(k, v)| {
            (
                text::distance(&l, &v.to_lowercase(), 3).min(text::distance(base, k, 3)),
                v,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, v)| v.clone());
    Err(near)
}

/// Resolves a link target written in `from` to a repository path (which may not exist):
/// relative paths, root-absolute paths, GitHub blob/tree addresses of `repository`, and
/// addresses on the site's own `url` + `baseurl`.
pub fn link_path(from: &str, target: &str, repo: &Repository) -> Option<String> {
    let t = target.split('#').next().unwrap_or("").trim();
    if t.is_empty() || t.starts_with("mailto:") {
        return None;
    }
    if let Some(r) = &repo.config.repository {
        for kind in ["blob", "tree"] {
            let prefix = format!("https://github.com/{r}/{kind}/");
            if t.get(..prefix.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(&prefix))
            {
                let rest = &t[prefix.len()..];
                let (_, path) = rest.split_once('/')?;
                return Some(percent_decode(path));
            }
        }
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        let site = format!("{}{}", repo.config.url, repo.config.baseurl);
        if !repo.config.url.is_empty() && t.starts_with(&site) {
            let rest = percent_decode(t[site.len()..].trim_start_matches('/'));
            let md = rest.strip_suffix(".html").map(|s| format!("{s}.md"));
            return md.or(Some(rest));
        }
        return None;
    }
    let decoded = percent_decode(t);
    let joined = if let Some(abs) = decoded.strip_prefix('/') {
        abs.to_string()
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        if dir.is_empty() {
            decoded
        } else {
            format!("{dir}/{decoded}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let path = parts.join("/");
    Some(match path.strip_suffix(".html") {
        Some(s) => format!("{s}.md"),
        None => path,
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads every record of a loaded repository (and the issues export through `files`).
pub fn extract(repo: &Repository, files: &dyn Files, diagnostics: &mut Vec<Diagnostic>) -> Records {
    let cfg = RecordsConfig::from_config(&repo.config.raw);
    let mut known_bodies = cfg.bodies.clone();
    let mut records = Records::default();
    let under = |path: &str, dir: &str| {
        path.strip_prefix(dir)
            .and_then(|r| r.strip_prefix('/'))
            .map(str::to_string)
    };

    // Bodies from the meeting folders.
    for p in &repo.pages {
        if let Some(rest) = under(&p.path, &cfg.meetings)
            && let Some((body, _)) = rest.split_once('/')
        {
            let key = body.to_lowercase();
            known_bodies.entry(key.clone()).or_insert_with(|| {
                let mut c = key.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str() + "n")
                    .unwrap_or_default()
            });
        }
    }

    let text_of = |p: &crate::Page| {
        repo.sources
            .get(p.file)
            .map(|s| s.text.as_str())
            .unwrap_or("")
    };
    // Parse the record files in parallel; keep the pages' order (and so the output) stable.
    enum Parsed {
        Decision(Box<Decision>),
        Meeting(Box<Meeting>),
        Change(Box<ChangeRequest>),
    }
    let parsed: Vec<(Parsed, Vec<Diagnostic>)> = repo
        .pages
        .par_iter()
        .filter_map(|p| {
            let name = p.path.rsplit('/').next().unwrap_or(&p.path);
            if is_template(name) {
                return None;
            }
            let mut diags = Vec::new();
            let fm = p.front_matter.as_ref();
            let record = if let Some(rest) = under(&p.path, &cfg.decisions) {
                if rest.contains('/') {
                    return None;
                }
                let id = fm.and_then(|f| f.str("id")).unwrap_or_else(|| {
                    name.trim_end_matches(".md")
                        .trim_end_matches(".markdown")
                        .to_string()
                });
                let file_date = meeting::file_name_date(name);
                let mut d = decision::parse(
                    decision::Input {
                        file: p.file,
                        path: &p.path,
                        text: text_of(p),
                        body_offset: p.body_offset,
                    },
                    id,
                    Source::File {
                        path: p.path.clone(),
                    },
                    None,
                    file_date,
                    &mut diags,
                );
                apply_front_matter(&mut d, fm);
                Parsed::Decision(Box::new(d))
            } else if let Some(rest) = under(&p.path, &cfg.meetings)
                && let Some((body, _)) = rest.split_once('/')
            {
                Parsed::Meeting(Box::new(meeting::parse(
                    p.file,
                    &p.path,
                    &body.to_lowercase(),
                    text_of(p),
                    p.body_offset,
                    &mut diags,
                )))
            } else if under(&p.path, &cfg.change_requests).is_some() {
                Parsed::Change(Box::new(change::from_page(p, text_of(p), &mut diags)))
            } else {
                return None;
            };
            Some((record, diags))
        })
        .collect();
    for (record, diags) in parsed {
        diagnostics.extend(diags);
        match record {
            Parsed::Decision(d) => records.decisions.push(*d),
            Parsed::Meeting(m) => records.meetings.push(*m),
            Parsed::Change(c) => records.change_requests.push(*c),
        }
    }

    // The GitHub issues export.
    if let Ok(bytes) = files.read(&cfg.issues) {
        let text = String::from_utf8_lossy(&bytes);
        match serde_json::from_str::<Vec<change::IssueJson>>(&text) {
            Ok(issues) => change::from_issues(&issues, &mut records, diagnostics),
            Err(e) => diagnostics.push(Diagnostic::error(
                "records::issues-json",
                format!(
                    "{} cannot be read as a GitHub issues export: {e}",
                    cfg.issues
                ),
            )),
        }
    }

    // Links: resolve to paths; decisions ↔ meetings; supersession; missing targets.
    let paths: HashMap<&str, usize> = repo
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    let decision_by_path: HashMap<String, String> = records
        .decisions
        .iter()
        .filter_map(|d| Some((d.source.path()?.to_string(), d.id.clone())))
        .collect();
    let meeting_by_path: HashMap<String, String> = records
        .meetings
        .iter()
        .filter_map(|m| Some((m.source.path()?.to_string(), m.id.clone())))
        .collect();
    // A file's name without its date prefix → the file, to suggest where a link's target went.
    let mut renamed: HashMap<&str, &str> = HashMap::new();
    for p in paths.keys() {
        let name = p.rsplit('/').next().unwrap_or(p);
        renamed.entry(undated(name)).or_insert(p);
    }
    let all_files: std::collections::HashSet<&str> =
        repo.files.iter().map(|f| f.path.as_str()).collect();
    let check_link = |from: &str, link: &mut decision::Link, diagnostics: &mut Vec<Diagnostic>| {
        link.path = link_path(from, &link.target, repo);
        let Some(path) = &link.path else { return };
        let into_records = path.starts_with(&format!("{}/", cfg.decisions))
            || path.starts_with(&format!("{}/", cfg.meetings));
        if into_records && !paths.contains_key(path.as_str()) && !all_files.contains(path.as_str())
        {
            let what = if path.starts_with(&cfg.decisions) {
                "decision"
            } else {
                "meeting"
            };
            let mut d = Diagnostic::error(
                "records::missing-target",
                format!("the link points to a {what} that does not exist: {path}"),
            )
            .with_span(link.span);
            let name = path.rsplit('/').next().unwrap_or(path);
            if let Some(similar) = renamed.get(name).or_else(|| renamed.get(undated(name))) {
                d = d.with_help(format!("the file is now {similar} (renamed?)"));
            }
            diagnostics.push(d);
        }
    };
    for d in &mut records.decisions {
        let from = d.source.path().unwrap_or("").to_string();
        for l in &mut d.links {
            check_link(&from, l, diagnostics);
        }
    }
    for m in &mut records.meetings {
        let from = m.source.path().unwrap_or("").to_string();
        for item in &mut m.agenda {
            for l in &mut item.links {
                check_link(&from, l, diagnostics);
            }
        }
    }
    // Decisions linked from meetings.
    let mut decided_at: Vec<(String, String)> = Vec::new();
    for m in &mut records.meetings {
        let mut ids: Vec<String> = m
            .agenda
            .iter()
            .flat_map(|a| &a.links)
            .filter_map(|l| decision_by_path.get(l.path.as_deref()?).cloned())
            .collect();
        ids.sort();
        ids.dedup();
        for id in &ids {
            decided_at.push((id.clone(), m.id.clone()));
        }
        m.decisions = ids;
    }
    let mut decided_at_by: HashMap<String, Vec<String>> = HashMap::new();
    for (id, m) in decided_at {
        decided_at_by.entry(id).or_default().push(m);
    }
    for d in &mut records.decisions {
        let mut ms: Vec<String> = decided_at_by.get(&d.id).cloned().unwrap_or_default();
        for l in &d.links {
            if let Some(m) = l.path.as_ref().and_then(|p| meeting_by_path.get(p)) {
                ms.push(m.clone());
            }
        }
        ms.sort();
        ms.dedup();
        d.meetings = ms;
    }
    // Supersession, both directions, with where each is written.
    let mut edges: Vec<supersession::Edge> = Vec::new();
    let located = |s: Span| (!s.file.is_detached()).then_some(s);
    for d in &records.decisions {
        for l in &d.links {
            let Some(other) = l.path.as_ref().and_then(|p| decision_by_path.get(p)) else {
                continue;
            };
            let (old, new) = match l.relation {
                Some("supersedes") => (other.clone(), d.id.clone()),
                Some("superseded-by") => (d.id.clone(), other.clone()),
                _ => continue,
            };
            edges.push(supersession::Edge {
                old,
                new,
                span: located(l.span),
            });
        }
        // Front matter: the value's place (or the key's line, for a block list).
        let fm_span = |key: &str| {
            let fm = repo
                .pages
                .get(repo.page(d.source.path()?)?)?
                .front_matter
                .as_ref()?;
            fm.value_span(key)
                .filter(|s| s.start < s.end)
                .or_else(|| fm.key_span(key))
                .and_then(located)
        };
        for old in &d.supersedes {
            edges.push(supersession::Edge {
                old: old.clone(),
                new: d.id.clone(),
                span: fm_span("supersedes"),
            });
        }
        for new in &d.superseded_by {
            edges.push(supersession::Edge {
                old: d.id.clone(),
                new: new.clone(),
                span: fm_span("superseded_by"),
            });
        }
    }
    supersession::resolve(&mut records.decisions, edges, diagnostics);

    // Decision makers → bodies.
    for d in &mut records.decisions {
        let Some(f) = &d.decided_by else { continue };
        let mut bodies = Vec::new();
        for name in f.value.iter().flatten() {
            match body_key(name, &known_bodies) {
                Ok(k) => bodies.push(k),
                Err(Some(near)) => {
                    // A careful reader takes a misspelt body for the body it is close to.
                    if let Ok(k) = body_key(&near, &known_bodies) {
                        bodies.push(k);
                    }
                    diagnostics.push(
                        Diagnostic::warning(
                            "records::unknown-body",
                            format!("`{name}` is not a known body"),
                        )
                        .with_span(f.span)
                        .with_note(format!("forvalt counts the decision as made by `{near}`"))
                        .with_suggestion(
                            f.span,
                            f.raw.replace(name.as_str(), &near),
                            format!("did you mean `{near}`?"),
                        ),
                    );
                }
                Err(None) => {}
            }
        }
        d.bodies = bodies;
    }

    // Meetings by body and date; bodies with rosters; people.
    records
        .meetings
        .sort_by(|a, b| (&a.body, a.date, &a.id).cmp(&(&b.body, b.date, &b.id)));
    resolve_mentions(repo, &cfg, &known_bodies, &mut records, diagnostics);
    let mut people = People::default();
    let mut of_body: HashMap<&str, Vec<&Meeting>> = HashMap::new();
    for m in &records.meetings {
        of_body.entry(m.body.as_str()).or_default().push(m);
    }
    let deciding: std::collections::HashSet<&str> = records
        .decisions
        .iter()
        .flat_map(|d| d.bodies.iter().map(String::as_str))
        .collect();
    for (key, name) in &known_bodies {
        let ms: &[&Meeting] = of_body.get(key.as_str()).map_or(&[], Vec::as_slice);
        if ms.is_empty() && !deciding.contains(key.as_str()) {
            continue;
        }
        let roster = roster(ms);
        for m in ms {
            people.add_meeting(m, key);
            name_mismatches(m, diagnostics);
        }
        records.bodies.push(Body {
            key: key.clone(),
            name: name.clone(),
            meetings: ms.iter().map(|m| m.id.clone()).collect(),
            recurrence: ms
                .iter()
                .rev()
                .find_map(|m| m.recurrence.as_ref().map(meeting::Recurrence::describe)),
            roster,
        });
    }
    let mut people = people.list;
    people.sort_by(|a, b| a.name.cmp(&b.name));
    records.people = people;

    // Actions, open first, by due date.
    let mut actions: Vec<Action> = records
        .meetings
        .iter()
        .flat_map(|m| m.actions.clone())
        .collect();
    actions.sort_by(|a, b| {
        (a.done, a.due.is_none(), a.due, &a.meeting).cmp(&(
            b.done,
            b.due.is_none(),
            b.due,
            &b.meeting,
        ))
    });
    records.actions = actions;

    // Decisions newest first.
    records
        .decisions
        .sort_by(|a, b| b.day().cmp(&a.day()).then_with(|| a.id.cmp(&b.id)));
    records.change_requests.sort_by(|a, b| a.id.cmp(&b.id));
    records
}

/// The members of a body from its meetings' participant lists. A name joins the member spelt
/// the same, else a member from an earlier meeting one typo away ([`same_person`]); two rows
/// of one meeting are two people unless spelt the same.
fn roster(ms: &[&Meeting]) -> Vec<Member> {
    let mut roster: Vec<Member> = Vec::new();
    let mut index = names::NameIndex::new();
    for m in ms {
        let before = roster.len();
        let mut here: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for a in &m.participants {
            let found = index
                .exact(&a.name)
                .or_else(|| index.near(&a.name, before).filter(|i| !here.contains(i)));
            let idx = match found {
                Some(i) => i,
                None => {
                    index.push(&a.name);
                    roster.push(Member {
                        name: a.name.clone(),
                        role: None,
                        invited: 0,
                        present: 0,
                        first: None,
                        last: None,
                    });
                    roster.len() - 1
                }
            };
            here.insert(idx);
            let r = &mut roster[idx];
            r.invited += 1;
            r.present += usize::from(a.checked && m.state == MeetingState::Held);
            if a.role.is_some() {
                r.role.clone_from(&a.role);
            }
            r.first = r.first.min(m.date).or(r.first).or(m.date);
            r.last = r.last.max(m.date);
        }
    }
    roster.sort_by(|a, b| b.last.cmp(&a.last).then(a.name.cmp(&b.name)));
    roster
}

/// People across bodies, with the other spellings of their names.
#[derive(Default)]
struct People {
    list: Vec<Person>,
    index: names::NameIndex,
    /// (person, alias) and (person, body) already recorded.
    aliases: std::collections::HashSet<(usize, String)>,
    bodies: std::collections::HashSet<(usize, String)>,
}

impl People {
    /// Adds a meeting's participants (matched by typo only to people met before it) and then
    /// its apologies (which may also be a participant of the same meeting, misspelt).
    fn add_meeting(&mut self, m: &Meeting, body: &str) {
        let before = self.list.len();
        for a in &m.participants {
            self.add(&a.name, body, before);
        }
        for a in &m.apologies {
            self.add(&a.name, body, usize::MAX);
        }
    }

    fn add(&mut self, name: &str, body: &str, before: usize) {
        let found = self
            .index
            .exact(name)
            .or_else(|| self.index.near(name, before));
        let i = match found {
            Some(i) => i,
            None => {
                self.index.push(name);
                self.list.push(Person {
                    name: name.to_string(),
                    aliases: Vec::new(),
                    bodies: Vec::new(),
                });
                self.list.len() - 1
            }
        };
        let p = &mut self.list[i];
        if p.name != name && self.aliases.insert((i, name.to_string())) {
            p.aliases.push(name.to_string());
        }
        if self.bodies.insert((i, body.to_string())) {
            p.bodies.push(body.to_string());
        }
    }
}

/// Apologies that match no participant exactly: a misspelt name.
fn name_mismatches(m: &Meeting, diagnostics: &mut Vec<Diagnostic>) {
    let exact: std::collections::HashSet<&str> =
        m.participants.iter().map(|p| p.name.as_str()).collect();
    let mut index: Option<names::NameIndex> = None;
    for a in &m.apologies {
        if exact.contains(a.name.as_str()) {
            continue;
        }
        let index = index.get_or_insert_with(|| {
            let mut ix = names::NameIndex::new();
            for p in &m.participants {
                ix.push(&p.name);
            }
            ix
        });
        let Some(p) = index
            .exact(&a.name)
            .or_else(|| index.near(&a.name, usize::MAX))
            .and_then(|i| m.participants.get(i))
        else {
            continue;
        };
        diagnostics.push(
            Diagnostic::warning(
                "records::name-mismatch",
                format!("`{}` in Afbud is spelt `{}` in Deltagere", a.name, p.name),
            )
            .with_span(a.span)
            .with_label(p.span, "spelt like this here")
            .with_suggestion(
                a.span,
                format!("- [{}] {}", if a.checked { "x" } else { " " }, p.name),
                "use the same spelling",
            ),
        );
    }
}

/// Two spellings of one person's name: equal, or one small typo in a name of the same
/// number of words.
pub fn same_person(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    wa.len() == wb.len()
        && wa.len() >= 2
        && wa[0].eq_ignore_ascii_case(wb[0])
        && text::distance(a, b, 2) <= 1
}

fn apply_front_matter(d: &mut Decision, fm: Option<&crate::frontmatter::FrontMatter>) {
    let Some(fm) = fm else { return };
    let span = |k: &str| fm.value_span(k).unwrap_or(fm.span);
    if let Some(s) = fm.str("status") {
        let (v, vocab) = decision::status_of(&s);
        d.status = Some(Field::new(s, span("status"), Some(v)));
        d.status_in_vocabulary = vocab;
    }
    if let Some(s) = fm.str("date") {
        let v = crate::dates::parse_day(&s);
        d.date = Some(Field::new(s, span("date"), v));
    }
    for key in ["supersedes", "superseded_by"] {
        let ids: Vec<String> = match fm.values.get(key) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        if key == "supersedes" {
            d.supersedes.extend(ids);
        } else {
            d.superseded_by.extend(ids);
        }
    }
    if let Some(s) = fm.str("decided_at") {
        let lower = s.to_lowercase();
        let date = prose_dates_of(&s);
        d.provenance = Some(decision::Provenance {
            channel: if lower.starts_with("mail") {
                "mail"
            } else {
                "meeting"
            },
            body: s.split_once('/').map(|(b, _)| b.to_lowercase()),
            date,
        });
    }
}

fn prose_dates_of(s: &str) -> Option<Date> {
    crate::prose_dates::find_dates(s, None)
        .into_iter()
        .find_map(|m| m.date)
}

/// Finds the meetings named in the prose of record files, links what resolves (decision ↔
/// meeting, "decided at"), and reports mentions that resolve to no meeting file, weekdays that
/// do not match their dates and contradictory "next meeting" lines.
fn resolve_mentions(
    repo: &Repository,
    cfg: &RecordsConfig,
    known: &BTreeMap<String, String>,
    records: &mut Records,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use crate::dates::{WEEKDAYS_DA, long_date};
    let mut by_day: HashMap<(&str, Date), &str> = HashMap::new();
    let mut days: BTreeMap<&str, Vec<Date>> = BTreeMap::new();
    for m in &records.meetings {
        for d in [m.date, m.file_date].into_iter().flatten() {
            by_day.entry((m.body.as_str(), d)).or_insert(m.id.as_str());
            days.entry(m.body.as_str()).or_default().push(d);
        }
    }
    for v in days.values_mut() {
        v.sort();
        v.dedup();
    }
    // (body, month, day) → the earliest meeting day of the body on that day of the year.
    let mut same_days: HashMap<(&str, i8, i8), Date> = HashMap::new();
    for (body, ds) in &days {
        for d in ds {
            same_days.entry((body, d.month(), d.day())).or_insert(*d);
        }
    }
    let year_of: HashMap<&str, i16> = records
        .meetings
        .iter()
        .filter_map(|m| Some((m.source.path()?, m.date.or(m.file_date)?.year())))
        .chain(
            records
                .decisions
                .iter()
                .filter_map(|d| Some((d.source.path()?, d.day()?.year()))),
        )
        .collect();
    // The day of each meeting file (and decision), by path.
    let year_of_day: HashMap<&str, Date> = records
        .meetings
        .iter()
        .filter_map(|m| Some((m.source.path()?, m.date.or(m.file_date)?)))
        .collect();
    fn inside<'a>(path: &'a str, dir: &str) -> Option<Option<&'a str>> {
        path.strip_prefix(dir)
            .and_then(|r| r.strip_prefix('/'))
            .map(|r| r.split_once('/').map(|(b, _)| b))
    }
    let scans: Vec<mentions::Scan> = repo
        .pages
        .par_iter()
        .filter_map(|p| {
            let name = p.path.rsplit('/').next().unwrap_or(&p.path);
            if is_template(name) {
                return None;
            }
            let own = inside(&p.path, &cfg.meetings);
            if own.is_none()
                && inside(&p.path, &cfg.decisions).is_none()
                && inside(&p.path, &cfg.change_requests).is_none()
            {
                return None;
            }
            let own_body = own.flatten().map(str::to_lowercase);
            let src = repo.sources.get(p.file)?;
            Some(mentions::scan(
                &mentions::Input {
                    file: p.file,
                    path: &p.path,
                    text: &src.text,
                    body_offset: p.body_offset,
                    own_body: own_body.as_deref(),
                    year: year_of.get(p.path.as_str()).copied(),
                },
                known,
            ))
        })
        .collect();
    // Meetings some sentence says were cancelled or moved away from their day: no file is
    // missing for them, wherever else they are named.
    let called_off: HashSet<(String, Date)> = scans
        .iter()
        .flat_map(|s| s.mentions.iter())
        .filter(|m| m.cancelled)
        .map(|m| (m.body.clone(), m.date))
        .collect();
    let mut mentions: Vec<MeetingMention> = Vec::new();
    for scan in scans {
        for w in scan.weekdays {
            diagnostics.push(
                Diagnostic::warning(
                    "records::weekday-mismatch",
                    format!(
                        "{} is a {}, not a {}",
                        long_date(w.date, true),
                        WEEKDAYS_DA[w.actual.to_monday_zero_offset() as usize],
                        WEEKDAYS_DA[w.written.to_monday_zero_offset() as usize],
                    ),
                )
                .with_span(w.span)
                .with_help("check both the weekday and the date"),
            );
        }
        // The first "next meeting" named per body.
        let mut first_next: HashMap<&str, &MeetingMention> = HashMap::new();
        let mut reported: HashMap<(&str, Date), usize> = HashMap::new();
        let start = mentions.len();
        for mut m in scan.mentions {
            m.meeting = by_day
                .get(&(m.body.as_str(), m.date))
                .map(|s| s.to_string());
            mentions.push(m);
        }
        for m in &mentions[start..] {
            if m.next {
                match first_next.get(m.body.as_str()) {
                    Some(f) if f.date != m.date => diagnostics.push(
                        Diagnostic::warning(
                            "records::next-meeting-conflict",
                            format!(
                                "two different next meetings: {} and {}",
                                long_date(f.date, true),
                                long_date(m.date, true)
                            ),
                        )
                        .with_span(m.span)
                        .with_label(f.span, "the first one is named here"),
                    ),
                    Some(_) => {}
                    None => {
                        first_next.insert(m.body.as_str(), m);
                    }
                }
            }
            if m.meeting.is_some()
                || m.cancelled
                || m.has_url
                || called_off.contains(&(m.body.clone(), m.date))
            {
                continue;
            }
            // One warning per meeting named: later mentions (the agenda echoed in the minutes)
            // become labels of the first.
            if let Some(i) = reported.get(&(m.body.as_str(), m.date)) {
                if let Some(d) = diagnostics.get_mut(*i) {
                    *d = std::mem::replace(d, Diagnostic::note("", ""))
                        .with_label(m.span, "named again here");
                }
                continue;
            }
            // Minutes of a meeting after the body's latest file are not written yet.
            let Some(ds) = days.get(m.body.as_str()) else {
                continue;
            };
            if ds.last().is_none_or(|last| m.date > *last) {
                continue;
            }
            let same_day = same_days
                .get(&(m.body.as_str(), m.date.month(), m.date.day()))
                .copied();
            // A meeting from before the body's first minutes in the repository was never
            // expected to be here (unless the date looks like a slip of the year).
            if same_day.is_none() && ds.first().is_some_and(|first| m.date < *first) {
                reported.insert((m.body.as_str(), m.date), diagnostics.len());
                diagnostics.push(
                    Diagnostic::note(
                        "records::unresolved-meeting",
                        format!(
                            "the {} meeting on {} is before the first minutes of it in the repository",
                            m.body,
                            long_date(m.date, true)
                        ),
                    )
                    .with_span(m.span)
                    .with_note(format!(
                        "the repository keeps the {}'s minutes from {}",
                        m.body,
                        long_date(ds[0], true)
                    )),
                );
                continue;
            }
            // A next meeting announced for a day and held a few days off: the announcement
            // was right when written, and the meeting was moved.
            // The body's first meeting after the one whose minutes make the announcement,
            // within a week of the announced day: the meeting was moved. (Further off, as a
            // fortnightly body's next meeting but one, the announced minutes are missing.)
            let announced_at = year_of_day.get(m.path.as_str()).copied();
            let moved_to = ds
                .iter()
                .find(|x| announced_at.is_none_or(|a| **x > a))
                .filter(|x| (**x - m.date).get_days().abs() <= 7)
                .filter(|_| m.next && same_day.is_none());
            if let Some(x) = moved_to {
                reported.insert((m.body.as_str(), m.date), diagnostics.len());
                diagnostics.push(
                    Diagnostic::note(
                        "records::unresolved-meeting",
                        format!(
                            "the next {} meeting was announced for {}, but held on {}: moved, it seems",
                            m.body,
                            long_date(m.date, true),
                            long_date(*x, true)
                        ),
                    )
                    .with_span(m.span),
                );
                continue;
            }
            let mut d = Diagnostic::warning(
                "records::unresolved-meeting",
                format!(
                    "no minutes of a {} meeting on {} in the repository",
                    m.body,
                    long_date(m.date, true)
                ),
            )
            .with_span(m.span);
            if let Some(x) = same_day {
                d = d.with_help(format!(
                    "did you mean {}? there are minutes for that day",
                    long_date(x, true)
                ));
            } else {
                let k = ds.partition_point(|x| *x < m.date);
                let before = k.checked_sub(1).and_then(|i| ds.get(i));
                let after = ds[k..].iter().find(|x| **x > m.date);
                let near: Vec<String> = [before, after]
                    .into_iter()
                    .flatten()
                    .map(|x| long_date(*x, true))
                    .collect();
                if !near.is_empty() {
                    d = d.with_help(format!(
                        "the nearest meetings with minutes are on {}; link the minutes if they are kept elsewhere",
                        near.join(" and ")
                    ));
                }
            }
            reported.insert((m.body.as_str(), m.date), diagnostics.len());
            diagnostics.push(d);
        }
    }

    // Decisions: the meetings their text names, and the meeting that decided them.
    let mut decided: HashMap<String, Vec<String>> = HashMap::new();
    let mut by_path: HashMap<&str, Vec<&MeetingMention>> = HashMap::new();
    for m in &mentions {
        by_path.entry(m.path.as_str()).or_default().push(m);
    }
    for d in &mut records.decisions {
        let path = d.source.path().unwrap_or("");
        for m in by_path.get(path).into_iter().flatten() {
            if let Some(id) = &m.meeting {
                d.meetings.push(id.clone());
            }
        }
        d.meetings.sort();
        d.meetings.dedup();
        if let Some(p) = &d.provenance
            && p.channel == "meeting"
            && let Some(date) = p.date
        {
            let body = p
                .body
                .clone()
                .or_else(|| d.bodies.first().cloned())
                .unwrap_or_default();
            if let Some(id) = by_day.get(&(body.as_str(), date)) {
                d.decided_at = Some(id.to_string());
                decided
                    .entry(id.to_string())
                    .or_default()
                    .push(d.id.clone());
            }
        }
    }
    for m in &mut records.meetings {
        if let Some(ids) = decided.get(&m.id) {
            m.decisions.extend(ids.iter().cloned());
            m.decisions.sort();
            m.decisions.dedup();
        }
    }
    records.mentions = mentions;
}
