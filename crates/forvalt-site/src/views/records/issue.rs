//! The page of a decision or change request kept as a GitHub issue (from the issue cache
//! `forvalt sync github` writes): its facts, its text, its status over time ("modtaget
//! 3. marts → under evaluering 2. april"), and its discussion. Issue and comment texts are
//! Markdown from GitHub, rendered and then sanitized like any untrusted HTML.

use super::Ctx;
use crate::views::{Day, day_of_second};
use forvalt_model::records::Source;
use forvalt_model::records::issues::{Thread, ThreadStep};
use serde::Serialize;

/// Where the issues' pages are.
pub const DIR: &str = "forvaltning/sager";

/// The output path of issue `n`'s page.
pub fn output(n: u64) -> String {
    format!("{DIR}/{n}.html")
}

/// The issues that get a page: those whose record (a decision or a change request) comes
/// from the issue itself, by number.
pub fn numbers(repo: &forvalt_model::Repository) -> Vec<u64> {
    let r = &repo.records;
    let from_issue = |s: &Source| match s {
        Source::Issue { number, .. } => Some(*number),
        Source::File { .. } => None,
    };
    let mut out: Vec<u64> = r
        .decisions
        .iter()
        .filter_map(|d| from_issue(&d.source))
        .chain(
            r.change_requests
                .iter()
                .filter_map(|c| from_issue(&c.source)),
        )
        .filter(|n| r.threads.contains_key(n))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An issue's page.
#[derive(Debug, Clone, Serialize)]
pub struct IssuePage {
    /// `#12`.
    pub number: u64,
    /// The issue on GitHub.
    pub url: String,
    /// `Beslutning` or `Ændringsønske`.
    pub kind: &'static str,
    /// The record's status (`Forslag`, `Under evaluering`), if it has one.
    pub status: Option<String>,
    /// `Åben` or `Lukket` (with why: `Lukket – gennemført`).
    pub state: String,
    /// Its labels.
    pub labels: Vec<String>,
    /// Its milestone.
    pub milestone: Option<String>,
    /// Who opened it.
    pub author: Option<String>,
    /// Who it is assigned to.
    pub assignees: Vec<String>,
    /// When it was opened.
    pub created: Option<Day>,
    /// When it was closed.
    pub closed: Option<Day>,
    /// Its text, as safe HTML.
    pub body: String,
    /// Its status over time: (what, when).
    pub steps: Vec<(String, Option<Day>)>,
    /// Its comments.
    pub comments: Vec<CommentView>,
}

/// A comment on the page.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    /// Who wrote it.
    pub author: String,
    /// When.
    pub day: Option<Day>,
    /// Its text, as safe HTML.
    pub html: String,
    /// The comment on GitHub.
    pub url: String,
}

/// A web address from the issue cache, or nothing when it is no `http(s)` address.
fn web(url: &str) -> String {
    let scheme = forvalt_model::url::scheme(url);
    if matches!(scheme.as_deref(), Some("https" | "http")) {
        url.to_string()
    } else {
        String::new()
    }
}

/// The page of issue `n`, if it holds a record; `safe_html` turns the untrusted Markdown
/// of the issue and its comments into HTML that keeps only what is safe.
pub fn page(c: &Ctx<'_>, n: u64, safe_html: &dyn Fn(&str) -> String) -> Option<IssuePage> {
    let t: &Thread = c.repo.records.threads.get(&n)?;
    let day = |at: Option<i64>| c.day(at.and_then(|s| day_of_second(s, &c.repo.time_zone)));
    let ours = |s: &Source| matches!(s, Source::Issue { number, .. } if *number == n);
    let r = &c.repo.records;
    let decision = r.decisions.iter().find(|d| ours(&d.source));
    let status = match decision {
        Some(d) => d
            .status
            .as_ref()
            .map(|_| c.status_label(d.state()).to_string()),
        None => r
            .change_requests
            .iter()
            .find(|x| ours(&x.source) || x.issue == Some(n))
            .and_then(|x| x.state())
            .map(|s| s.label().to_string()),
    };
    let reason = match t.state_reason.as_deref() {
        Some("COMPLETED") => Some(c.t("issue_completed")),
        Some("NOT_PLANNED") => Some(c.t("issue_not_planned")),
        _ => None,
    };
    let state = if t.state.eq_ignore_ascii_case("closed") {
        match reason {
            Some(r) => format!("{} – {r}", c.t("issue_closed")),
            None => c.t("issue_closed").to_string(),
        }
    } else {
        c.t("issue_open").to_string()
    };
    Some(IssuePage {
        number: n,
        url: web(&t.url),
        kind: c.t(if decision.is_some() {
            "decision"
        } else {
            "change_request"
        }),
        status,
        state,
        labels: t.labels.clone(),
        milestone: t.milestone.clone(),
        author: t.author.clone(),
        assignees: t.assignees.clone(),
        created: day(t.created),
        closed: day(t.closed),
        body: safe_html(&t.body),
        steps: t
            .steps
            .iter()
            .map(|s| match s {
                ThreadStep::Status(l, at) => (l.to_lowercase(), day(Some(*at))),
                ThreadStep::Closed(at) => (c.t("issue_closed").to_lowercase(), day(Some(*at))),
                ThreadStep::Reopened(at) => (c.t("issue_reopened").to_lowercase(), day(Some(*at))),
            })
            .collect(),
        comments: t
            .comments
            .iter()
            .map(|k| CommentView {
                author: k.author.clone(),
                day: day(k.at),
                html: safe_html(&k.body),
                url: web(&k.url),
            })
            .collect(),
    })
}

/// The discussion of the issue that the change request in file `path` is tied to.
pub fn of_file(c: &Ctx<'_>, path: &str, safe_html: &dyn Fn(&str) -> String) -> Option<IssuePage> {
    let n = c
        .repo
        .records
        .change_requests
        .iter()
        .find(|r| r.source.path() == Some(path))?
        .issue?;
    page(c, n, safe_html)
}
