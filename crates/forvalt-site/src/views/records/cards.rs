//! The metadata card under the heading of a decision or meeting page.

use super::{Ctx, status_class};
use crate::views::{Day, Link, day_of_second};
use forvalt_model::records::{Decision, Meeting, MeetingState};
use serde::Serialize;

/// A record page's card.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Card {
    /// A decision's.
    Decision(DecisionCard),
    /// A meeting's.
    Meeting(MeetingCard),
}

/// About a decision.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionCard {
    /// `SDR (strategisk)`.
    pub kind_text: String,
    /// Status: class and label, when written.
    pub status: Option<Status>,
    /// The status over time, from git (only when it changed).
    pub status_history: Vec<StatusStep>,
    /// Date.
    pub date: Option<Day>,
    /// Decision makers as written.
    pub makers: String,
    /// The meeting that decided it.
    pub decided_at: Option<Link>,
    /// Other meetings that discussed it.
    pub discussed_at: Vec<Link>,
    /// Decisions it supersedes.
    pub supersedes: Vec<Link>,
    /// Decisions that supersede it.
    pub superseded_by: Vec<Link>,
}

/// A decision's status.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// CSS class.
    pub class: &'static str,
    /// Label.
    pub label: &'static str,
    /// As written, when it is not one of the known words.
    pub written: Option<String>,
}

/// A status and the day it was committed.
#[derive(Debug, Clone, Serialize)]
pub struct StatusStep {
    /// Status as written.
    pub status: String,
    /// Day of the commit.
    pub day: Option<Day>,
}

/// About a meeting.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingCard {
    /// The body.
    pub body: String,
    /// Date.
    pub date: Option<Day>,
    /// `, kl. 10.00–12.00`, when a time is written.
    pub time: String,
    /// Place.
    pub place: String,
    /// Held, planned, cancelled.
    pub state: &'static str,
    /// State of the minutes.
    pub minutes: &'static str,
    /// Attendance of a held meeting.
    pub attendance: Option<Attendance>,
    /// Chair.
    pub chair: String,
    /// Minute-taker.
    pub minute_taker: String,
    /// Decisions made.
    pub decisions: Vec<Link>,
    /// Agenda items with a decision (`3 Budget`).
    pub decided_items: Vec<String>,
}

/// Who came.
#[derive(Debug, Clone, Serialize)]
pub struct Attendance {
    /// Present.
    pub present: usize,
    /// Invited.
    pub invited: usize,
    /// The absent, by name.
    pub absent: Vec<String>,
}

/// The card of the page at `path` (published at `url`), when it is a record's.
pub fn card(c: &Ctx<'_>, path: &str, url: &str) -> Option<Card> {
    if let Some(d) = c.decision_at.get(path) {
        return Some(Card::Decision(decision(c, d, url)));
    }
    c.meeting_at
        .get(path)
        .map(|m| Card::Meeting(meeting(c, m, url)))
}

fn decision(c: &Ctx<'_>, d: &Decision, url: &str) -> DecisionCard {
    let kind_text = match (d.kind, d.decision_type.as_ref().and_then(|t| t.value)) {
        (Some(k), Some(t)) => format!("{} ({})", k.code(), t.label()),
        (Some(k), None) => k.code().to_string(),
        (None, Some(t)) => t.label().to_string(),
        (None, None) => String::new(),
    };
    let state = d.state();
    let status = d.status.as_ref().map(|s| Status {
        class: status_class(state),
        label: c.status_label(state),
        written: (!d.status_in_vocabulary).then(|| s.raw.clone()),
    });
    let mut status_history = Vec::new();
    if let (Some(hist), Some(path)) = (c.repo.history.as_ref(), d.source.path())
        && let Some(dh) = hist.decisions.get(path)
        && dh.statuses.len() > 1
    {
        status_history = dh
            .statuses
            .iter()
            .map(|s| StatusStep {
                status: s.status.clone(),
                day: c.day(
                    hist.revisions
                        .get(s.revision)
                        .and_then(|r| day_of_second(r.time, &c.repo.time_zone)),
                ),
            })
            .collect();
    }
    DecisionCard {
        kind_text,
        status,
        status_history,
        date: c.day(d.day()),
        makers: Ctx::makers(d),
        decided_at: d.decided_at.as_ref().map(|m| c.meeting_link(url, m)),
        discussed_at: d
            .meetings
            .iter()
            .filter(|m| d.decided_at.as_ref() != Some(*m))
            .map(|m| c.meeting_link(url, m))
            .collect(),
        supersedes: d
            .supersedes
            .iter()
            .map(|x| c.decision_link(url, x))
            .collect(),
        superseded_by: d
            .superseded_by
            .iter()
            .map(|x| c.decision_link(url, x))
            .collect(),
    }
}

fn meeting(c: &Ctx<'_>, m: &Meeting, url: &str) -> MeetingCard {
    let time = m
        .time
        .as_ref()
        .map(|t| {
            format!(
                ", {} {}{}",
                c.t("at_time"),
                t.start,
                t.end.as_ref().map(|e| format!("–{e}")).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    MeetingCard {
        body: c.body_name(&m.body),
        date: c.day(m.date),
        time,
        place: m.place.clone().unwrap_or_default(),
        state: c.meeting_state(m),
        minutes: c.minutes_state(m.minutes_state),
        attendance: (m.state == MeetingState::Held).then(|| Attendance {
            present: m.present().count(),
            invited: m.participants.len(),
            absent: m
                .participants
                .iter()
                .filter(|p| !p.checked)
                .map(|p| p.name.clone())
                .collect(),
        }),
        chair: m.facilitator.clone().unwrap_or_default(),
        minute_taker: m.minute_taker.clone().unwrap_or_default(),
        decisions: m
            .decisions
            .iter()
            .map(|d| c.decision_link(url, d))
            .collect(),
        decided_items: m
            .agenda
            .iter()
            .filter(|a| a.outcomes.iter().any(|o| o.kind == "decision"))
            .map(|a| {
                format!("{} {}", a.number.clone().unwrap_or_default(), a.title)
                    .trim()
                    .to_string()
            })
            .collect(),
    }
}
