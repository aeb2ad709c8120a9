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
