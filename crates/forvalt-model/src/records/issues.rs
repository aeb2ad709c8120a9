//! The GitHub issues cache (`.github/issues.json`): what `gh issue list --json number,title,
//! body,labels,state,url,createdAt` writes, and what `forvalt sync github` writes in the same
//! shape with more fields — when each issue was updated and closed, why, its milestone,
//! author and assignees, its comments and the label and state events of its timeline. Every
//! added field is optional, so a hand-made export still reads.

use serde::{Deserialize, Serialize};

/// One issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct IssueJson {
    /// Number.
    pub number: u64,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Body (Markdown).
    #[serde(default)]
    pub body: String,
    /// Labels.
    #[serde(default)]
    pub labels: Vec<LabelJson>,
    /// `OPEN` / `CLOSED`.
    #[serde(default)]
    pub state: String,
    /// Address.
    #[serde(default)]
    pub url: String,
    /// Creation time (RFC 3339).
    #[serde(default, rename = "createdAt")]
    pub created_at: String,
    /// Last update (RFC 3339).
    #[serde(default, rename = "updatedAt", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// When it was closed (RFC 3339).
    #[serde(default, rename = "closedAt", skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Why it was closed: `COMPLETED`, `NOT_PLANNED`, `REOPENED`.
    #[serde(
        default,
        rename = "stateReason",
        skip_serializing_if = "Option::is_none"
    )]
    pub state_reason: Option<String>,
    /// Its author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<UserJson>,
    /// Its assignees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignees: Vec<UserJson>,
    /// Its milestone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<MilestoneJson>,
    /// Its comments, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<CommentJson>,
    /// Label and state events, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventJson>,
}

/// A label of an issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct LabelJson {
    /// Its name.
    pub name: String,
}

/// A GitHub user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserJson {
    /// The login (`os2-koordinator`).
    #[serde(default)]
    pub login: String,
}

/// A milestone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct MilestoneJson {
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// Its due date (RFC 3339), if any.
    #[serde(default, rename = "dueOn", skip_serializing_if = "Option::is_none")]
    pub due_on: Option<String>,
}

/// A comment on an issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CommentJson {
    /// Its author.
    #[serde(default)]
    pub author: UserJson,
    /// Its text (Markdown).
    #[serde(default)]
    pub body: String,
    /// When it was written (RFC 3339).
    #[serde(default, rename = "createdAt")]
    pub created_at: String,
    /// Its address.
    #[serde(default)]
    pub url: String,
}

/// An event of an issue's timeline that matters for its status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct EventJson {
    /// `labeled`, `unlabeled`, `closed` or `reopened`.
    pub event: String,
    /// The label, for `labeled` and `unlabeled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When (RFC 3339).
    #[serde(default, rename = "createdAt")]
    pub created_at: String,
    /// Who.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<UserJson>,
}

/// An issue's discussion and status history, for the record it holds (a decision or a
/// change request): what the site shows on the issue's page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Thread {
    /// The issue's number.
    pub number: u64,
    /// Its address on GitHub.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its text (Markdown, `\r\n` made `\n`).
    pub body: String,
    /// `OPEN` or `CLOSED`.
    pub state: String,
    /// Why it was closed (`COMPLETED`, `NOT_PLANNED`).
    pub state_reason: Option<String>,
    /// Its author's login.
    pub author: Option<String>,
    /// Its assignees' logins.
    pub assignees: Vec<String>,
    /// Its milestone's title.
    pub milestone: Option<String>,
    /// Its labels.
    pub labels: Vec<String>,
    /// When it was opened (seconds since the epoch).
    pub created: Option<i64>,
    /// When it was closed.
    pub closed: Option<i64>,
    /// Its comments, oldest first.
    pub comments: Vec<ThreadComment>,
    /// Its status over time, oldest first: status labels added, closed, reopened.
    pub steps: Vec<ThreadStep>,
}

/// A comment, for the site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ThreadComment {
    /// The author's login.
    pub author: String,
    /// When (seconds since the epoch).
    pub at: Option<i64>,
    /// The text (Markdown).
    pub body: String,
    /// Its address on GitHub.
    pub url: String,
}

/// A step of an issue's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ThreadStep {
    /// A status label was added (as written: `under evaluering`), at a time.
    Status(String, i64),
    /// Closed.
    Closed(i64),
    /// Reopened.
    Reopened(i64),
}

/// Seconds since the epoch of an RFC 3339 time (`2026-03-03T08:12:44Z`).
pub fn seconds(text: &str) -> Option<i64> {
    text.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

impl Thread {
    /// The thread of `issue`; `is_status` tells the labels that are statuses.
    pub fn of(issue: &IssueJson, is_status: &dyn Fn(&str) -> bool) -> Thread {
        let mut steps: Vec<ThreadStep> = Vec::new();
        for e in &issue.events {
            let Some(at) = seconds(&e.created_at) else {
                continue;
            };
            let step = match (e.event.as_str(), &e.label) {
                ("labeled", Some(l)) if is_status(l) => ThreadStep::Status(l.clone(), at),
                ("closed", _) => ThreadStep::Closed(at),
                ("reopened", _) => ThreadStep::Reopened(at),
                _ => continue,
            };
            let repeat = matches!((steps.last(), &step),
                (Some(ThreadStep::Status(a, _)), ThreadStep::Status(b, _)) if a == b);
            if !repeat {
                steps.push(step);
            }
        }
        Thread {
            number: issue.number,
            url: issue.url.clone(),
            title: issue.title.clone(),
            body: issue.body.replace("\r\n", "\n"),
            state: issue.state.clone(),
            state_reason: issue.state_reason.clone(),
            author: issue.author.as_ref().map(|a| a.login.clone()),
            assignees: issue.assignees.iter().map(|a| a.login.clone()).collect(),
            milestone: issue.milestone.as_ref().map(|m| m.title.clone()),
            labels: issue.labels.iter().map(|l| l.name.clone()).collect(),
            created: seconds(&issue.created_at),
            closed: issue.closed_at.as_deref().and_then(seconds),
            comments: issue
                .comments
                .iter()
                .map(|c| ThreadComment {
                    author: c.author.login.clone(),
                    at: seconds(&c.created_at),
                    body: c.body.replace("\r\n", "\n"),
                    url: c.url.clone(),
                })
                .collect(),
            steps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_keeps_status_labels_closing_and_comments_in_order() {
        let event = |event: &str, label: Option<&str>, at: &str| EventJson {
            event: event.into(),
            label: label.map(str::to_string),
            created_at: at.into(),
            actor: None,
        };
        let issue = IssueJson {
            number: 3,
            body: "Tekst\r\nmere".into(),
            events: vec![
                event("labeled", Some("ændringsønske"), "2026-02-11T08:14:22Z"),
                event("labeled", Some("modtaget"), "2026-02-11T08:14:22Z"),
                event("labeled", Some("modtaget"), "2026-02-12T08:00:00Z"),
                event("unlabeled", Some("modtaget"), "2026-03-02T09:00:00Z"),
                event("labeled", Some("leveret"), "2026-05-27T15:00:00Z"),
                event("closed", None, "2026-05-27T15:00:00Z"),
                event("labeled", Some("x"), "ikke en tid"),
            ],
            ..IssueJson::default()
        };
        let status = |l: &str| l == "modtaget" || l == "leveret";
        let t = Thread::of(&issue, &status);
        assert_eq!(t.body, "Tekst\nmere");
        assert_eq!(
            t.steps,
            [
                ThreadStep::Status("modtaget".into(), 1_770_797_662),
                ThreadStep::Status("leveret".into(), 1_779_894_000),
                ThreadStep::Closed(1_779_894_000),
            ]
        );
    }
}

/// Fields an issue form writes as `### Label` + value that records read as `- Label: value`.
const FORM_FIELDS: [&str; 6] = [
    "dato",
    "status",
    "beslutningstagere",
    "beslutningstype",
    "kommune",
    "indmeldt af",
];

/// An issue's text as records read it. GitHub writes an issue form's answers as `### Label`
/// headings, each followed by the answer (`_No response_` when left empty); when a text has
/// such headings and no `##` heading, the short fields (`Dato`, `Status`, `Kommune`, …)
/// become `- Label: value` lines and the others `##` sections. Other texts are returned as
/// they are.
pub fn form_as_record(body: &str) -> std::borrow::Cow<'_, str> {
    let lines: Vec<&str> = body.lines().collect();
    let h2 = lines.iter().any(|l| l.starts_with("## "));
    if h2 || !lines.iter().any(|l| l.starts_with("### ")) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some(label) = line.strip_prefix("### ") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let label = label.trim();
        if FORM_FIELDS.contains(&label.to_lowercase().trim_end_matches(':')) {
            // The answer: the next line with text, unless another heading comes first.
            let mut j = i;
            while j < lines.len() && lines[j].trim().is_empty() {
                j += 1;
            }
            let answer = lines
                .get(j)
                .filter(|l| !l.starts_with('#'))
                .map_or("", |l| l.trim());
            let answer = if answer == "_No response_" {
                ""
            } else {
                answer
            };
            out.push_str(&format!("- {}: {answer}\n", label.trim_end_matches(':')));
            if j < lines.len() && !lines[j].starts_with('#') {
                i = j + 1;
            }
        } else {
            out.push_str(&format!("## {label}\n"));
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod form_tests {
    use super::form_as_record;

    #[test]
    fn an_issue_forms_answers_read_as_a_record() {
        let body = "### Beslutningstype\n\nStrategisk beslutning (SDR)\n\n### Dato\n\n2026-06-04\n\n### Status\n\n_No response_\n\n### Beskrivelse af beslutningen\n\nTo releases om året.\n";
        assert_eq!(
            form_as_record(body),
            "- Beslutningstype: Strategisk beslutning (SDR)\n\n- Dato: 2026-06-04\n\n- Status: \n\n## Beskrivelse af beslutningen\n\nTo releases om året.\n"
        );
        let plain = "## Beskrivelse\n\n### Detaljer\n";
        assert_eq!(form_as_record(plain), plain);
    }
}
