//! GitHub's REST JSON for issues, comments and events, and its conversion into the cache's
//! shape (`gh`'s names: `OPEN`, `createdAt`, `author.login`).

use forvalt_model::records::issues::{
    CommentJson, EventJson, IssueJson, LabelJson, MilestoneJson, UserJson,
};
use serde::Deserialize;

/// A user.
#[derive(Debug, Deserialize)]
pub struct User {
    /// `login`.
    #[serde(default)]
    pub login: String,
}

/// A label.
#[derive(Debug, Deserialize)]
pub struct Label {
    /// `name`.
    #[serde(default)]
    pub name: String,
}

/// A milestone.
#[derive(Debug, Deserialize)]
pub struct Milestone {
    /// `title`.
    #[serde(default)]
    pub title: String,
    /// `due_on`.
    #[serde(default)]
    pub due_on: Option<String>,
}

/// An item of `GET /repos/{owner}/{repo}/issues` (an issue or a pull request).
#[derive(Debug, Deserialize)]
pub struct Issue {
    /// `number`.
    pub number: u64,
    /// `title`.
    #[serde(default)]
    pub title: String,
    /// `body` (null when empty).
    #[serde(default)]
    pub body: Option<String>,
    /// `labels`.
    #[serde(default)]
    pub labels: Vec<Label>,
    /// `open` or `closed`.
    #[serde(default)]
    pub state: String,
    /// `state_reason`: `completed`, `not_planned`, `reopened`.
    #[serde(default)]
    pub state_reason: Option<String>,
    /// `html_url`.
    #[serde(default)]
    pub html_url: String,
    /// `created_at`.
    #[serde(default)]
    pub created_at: String,
    /// `updated_at`.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// `closed_at`.
    #[serde(default)]
    pub closed_at: Option<String>,
    /// `user`.
    #[serde(default)]
    pub user: Option<User>,
    /// `assignees`.
    #[serde(default)]
    pub assignees: Vec<User>,
    /// `milestone`.
    #[serde(default)]
    pub milestone: Option<Milestone>,
    /// `comments`: how many.
    #[serde(default)]
    pub comments: u64,
    /// Present on pull requests.
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
}

/// An item of `GET …/issues/{n}/comments`.
#[derive(Debug, Deserialize)]
pub struct Comment {
    /// `user`.
    #[serde(default)]
    pub user: Option<User>,
    /// `body`.
    #[serde(default)]
    pub body: Option<String>,
    /// `created_at`.
    #[serde(default)]
    pub created_at: String,
    /// `html_url`.
    #[serde(default)]
    pub html_url: String,
}

/// An item of `GET …/issues/{n}/events`.
#[derive(Debug, Deserialize)]
pub struct Event {
    /// `labeled`, `closed`, `referenced`, …
    #[serde(default)]
    pub event: String,
    /// `label`, for label events.
    #[serde(default)]
    pub label: Option<Label>,
    /// `created_at`.
    #[serde(default)]
    pub created_at: String,
    /// `actor`.
    #[serde(default)]
    pub actor: Option<User>,
}

fn user(u: Option<User>) -> Option<UserJson> {
    u.map(|u| UserJson { login: u.login })
}

impl Issue {
    /// The issue in the cache's shape, without comments and events.
    pub fn into_cache(self) -> IssueJson {
        IssueJson {
            number: self.number,
            title: self.title,
            body: self.body.unwrap_or_default(),
            labels: self
                .labels
                .into_iter()
                .map(|l| LabelJson { name: l.name })
                .collect(),
            state: self.state.to_uppercase(),
            url: self.html_url,
            created_at: self.created_at,
            updated_at: self.updated_at,
            closed_at: self.closed_at,
            state_reason: self.state_reason.map(|r| r.to_uppercase()),
            author: user(self.user),
            assignees: self
                .assignees
                .into_iter()
                .map(|u| UserJson { login: u.login })
                .collect(),
            milestone: self.milestone.map(|m| MilestoneJson {
                title: m.title,
                due_on: m.due_on,
            }),
            comments: Vec::new(),
            events: Vec::new(),
        }
    }
}

impl Comment {
    /// The comment in the cache's shape.
    pub fn into_cache(self) -> CommentJson {
        CommentJson {
            author: user(self.user).unwrap_or_default(),
            body: self.body.unwrap_or_default(),
            created_at: self.created_at,
            url: self.html_url,
        }
    }
}

impl Event {
    /// The event in the cache's shape, when it is one the status follows from.
    pub fn into_cache(self) -> Option<EventJson> {
        matches!(
            self.event.as_str(),
            "labeled" | "unlabeled" | "closed" | "reopened"
        )
        .then(|| EventJson {
            event: self.event,
            label: self.label.map(|l| l.name),
            created_at: self.created_at,
            actor: user(self.actor),
        })
    }
}
