//! Views of the governance records: the decision log, meetings per body, change requests,
//! actions and a status report, the metadata card of each decision and meeting page, and
//! computed scores under priority and risk matrices, the computed level of a governance
//! report.

mod actions;
mod cards;
mod changes;
mod decisions;
mod governance;
pub mod issue;
mod matrices;
mod meetings;
mod status;

pub use actions::{ActionRow, Actions};
pub use cards::{Card, DecisionCard, MeetingCard, card};
pub use changes::ChangeRequests;
pub use decisions::DecisionLog;
pub use governance::{Governance, LevelStep, Row, governance, of_file, on_page};
pub use matrices::{Matrix, matrices};
pub use meetings::Meetings;
pub use status::StatusReport;

use super::{Day, Link};
use crate::draw::gantt::RoadmapItem;
use crate::i18n::Strings;
use forvalt_model::Repository;
use forvalt_model::records::{
    Decision, DecisionStatus, Meeting, MeetingState, MinutesState, Source,
};
use forvalt_model::url::relative;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// The record overview pages: output path, title key and template.
pub const PAGES: [(&str, &str, &str); 5] = [
    (
        "forvaltning/beslutningslog.html",
        "decision_log",
        "decision-log.html",
    ),
    ("forvaltning/moeder.html", "meetings", "meetings.html"),
    (
        "forvaltning/aendringsoensker.html",
        "change_requests",
        "change-requests.html",
    ),
    ("forvaltning/opgaver.html", "actions", "actions.html"),
    (
        "forvaltning/statusrapport.html",
        "status_report",
        "status-report.html",
    ),
];

/// One record overview, ready for its template.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Overview {
    /// The decision log.
    Decisions(DecisionLog),
    /// Meetings per body.
    Meetings(Meetings),
    /// Change requests.
    Changes(ChangeRequests),
    /// Actions.
    Actions(Actions),
    /// The status report.
    Status(StatusReport),
}

/// The overview at `index` of [`PAGES`], for the page at `url`.
pub fn overview(
    c: &Ctx<'_>,
    index: usize,
    url: &str,
    roadmaps: &[(usize, Vec<RoadmapItem>)],
) -> Overview {
    match index {
        0 => Overview::Decisions(decisions::log(c, url)),
        1 => Overview::Meetings(meetings::overview(c, url)),
        2 => Overview::Changes(changes::overview(c, url)),
        3 => Overview::Actions(actions::overview(c, url)),
        _ => Overview::Status(status::report(c, url, roadmaps)),
    }
}

/// Whether the repository has records to show.
pub fn has_records(repo: &Repository) -> bool {
    let r = &repo.records;
    !(r.decisions.is_empty() && r.meetings.is_empty() && r.change_requests.is_empty())
}

/// What the record views need, built once per build: pages and records by path.
pub struct Ctx<'a> {
    repo: &'a Repository,
    s: &'static Strings,
    da: bool,
    today: Date,
    page_url: HashMap<&'a str, &'a str>,
    decision_at: HashMap<&'a str, &'a Decision>,
    meeting_at: HashMap<&'a str, &'a Meeting>,
}

impl<'a> Ctx<'a> {
    /// Indexes the repository's pages and records.
    pub fn new(repo: &'a Repository, s: &'static Strings) -> Ctx<'a> {
        let r = &repo.records;
        Ctx {
            repo,
            s,
            da: repo.danish(),
            today: repo.now.date(),
            page_url: repo
                .pages
                .iter()
                .enumerate()
                .filter(|(i, _)| repo.published[*i])
                .map(|(_, p)| (p.path.as_str(), p.url.as_str()))
                .collect(),
            decision_at: r
                .decisions
                .iter()
                .filter_map(|d| Some((d.source.path()?, d)))
                .collect(),
            meeting_at: r
                .meetings
                .iter()
                .filter_map(|m| Some((m.source.path()?, m)))
                .collect(),
        }
    }

    fn t(&self, key: &'static str) -> &'static str {
        self.s.t(key)
    }

    fn day(&self, d: Option<Date>) -> Option<Day> {
        Day::of(d, self.da)
    }

    /// A link from the page at `from` to a record's page, or its issue.
    fn link_to(&self, from: &str, source: &Source, text: &str) -> Link {
        match source {
            Source::File { path } => match self.page_url.get(path.as_str()) {
                Some(u) => Link::new(relative(from, u), text),
                None => Link::text(text),
            },
            // The issue's own page when the cache holds its discussion, else GitHub.
            Source::Issue { number, .. } if self.repo.records.threads.contains_key(number) => {
                Link {
                    issue: Some(*number),
                    ..Link::new(
                        relative(from, &format!("/{}", issue::output(*number))),
                        text,
                    )
                }
            }
            Source::Issue { number, url, .. } => Link {
                issue: Some(*number),
                ..Link::new(url.clone(), text)
            },
        }
    }

    fn decision_link(&self, from: &str, id: &str) -> Link {
        match self.repo.records.decision(id) {
            Some(d) => self.link_to(from, &d.source, &decision_title(d)),
            None => Link::text(id),
        }
    }

    fn meeting_link(&self, from: &str, id: &str) -> Link {
        match self.repo.records.meeting(id) {
            Some(m) => self.link_to(from, &m.source, &self.meeting_title(m)),
            None => Link::text(id),
        }
    }

    fn body_name(&self, key: &str) -> String {
        self.repo
            .records
            .bodies
            .iter()
            .find(|b| b.key == key)
            .map_or_else(|| key.to_string(), |b| b.name.clone())
    }

    fn meeting_title(&self, m: &Meeting) -> String {
        let body = self.body_name(&m.body);
        match m.date {
            Some(d) => format!("{body} {}", forvalt_model::dates::long_date(d, self.da)),
            None => m.title.clone(),
        }
    }

    fn status_label(&self, s: DecisionStatus) -> &'static str {
        self.t(match s {
            DecisionStatus::Proposed => "status_proposed",
            DecisionStatus::Accepted => "status_accepted",
            DecisionStatus::Rejected => "status_rejected",
            DecisionStatus::Superseded => "status_superseded",
            DecisionStatus::Unknown => "status_unknown",
        })
    }

    fn meeting_state(&self, m: &Meeting) -> &'static str {
        self.t(match m.state {
            MeetingState::Cancelled => "meeting_cancelled",
            MeetingState::Held => "meeting_held",
            MeetingState::Planned if m.date.is_some_and(|d| d < self.today) => "meeting_no_minutes",
            MeetingState::Planned => "meeting_planned",
        })
    }

    fn minutes_state(&self, s: MinutesState) -> &'static str {
        self.t(match s {
            MinutesState::None => "minutes_none",
            MinutesState::Ready => "minutes_ready",
            MinutesState::Approved => "minutes_approved",
            MinutesState::Published => "minutes_published",
        })
    }

    fn makers(d: &Decision) -> String {
        d.decided_by
            .as_ref()
            .map(|f| f.value.clone().unwrap_or_default().join(", "))
            .unwrap_or_default()
    }
}

fn decision_title(d: &Decision) -> String {
    match d.kind {
        Some(k) => format!("[{}] {}", k.code(), d.title),
        None => d.title.clone(),
    }
}

/// The CSS class of a decision status (also the filter's value).
fn status_class(s: DecisionStatus) -> &'static str {
    match s {
        DecisionStatus::Proposed => "status-proposed",
        DecisionStatus::Accepted => "status-accepted",
        DecisionStatus::Rejected => "status-rejected",
        DecisionStatus::Superseded => "status-superseded",
        DecisionStatus::Unknown => "status-unknown",
    }
}
