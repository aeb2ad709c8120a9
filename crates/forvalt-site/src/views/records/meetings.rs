//! Meetings per body: upcoming and past, with state, minutes, attendance and decisions, the
//! body's calendar feed and roster, and the proposals awaiting a decision.

use super::{Ctx, decision_title};
use crate::views::Link;
use forvalt_model::records::{DecisionStatus, Meeting, MeetingState};
use forvalt_model::url::{escape_path, relative};
use serde::Serialize;

/// The meetings page.
#[derive(Debug, Serialize)]
pub struct Meetings {
    /// One section per body.
    pub bodies: Vec<BodyMeetings>,
    /// Proposals awaiting a decision.
    pub waiting: Vec<Waiting>,
}

/// A body's meetings.
#[derive(Debug, Serialize)]
pub struct BodyMeetings {
    /// Key (the section's id).
    pub key: String,
    /// Name.
    pub name: String,
    /// When it meets, as written ("1. torsdag i måneden").
    pub rule: Option<String>,
    /// Its calendar feed.
    pub feed: Option<Link>,
    /// Upcoming, then past meetings.
    pub groups: Vec<MeetingGroup>,
    /// Members according to the participant lists.
    pub roster: Vec<Member>,
}

/// Upcoming or past meetings.
#[derive(Debug, Serialize)]
pub struct MeetingGroup {
    /// Heading.
    pub title: &'static str,
    /// Meetings.
    pub rows: Vec<MeetingRow>,
}

/// A meeting in the list.
#[derive(Debug, Serialize)]
pub struct MeetingRow {
    /// The meeting.
    pub meeting: Link,
    /// Held, planned, cancelled.
    pub state: &'static str,
    /// State of the minutes.
    pub minutes: &'static str,
    /// `present/invited` of a held meeting.
    pub attendance: String,
    /// Decisions made.
    pub decisions: Vec<Link>,
}

/// A member of a body.
#[derive(Debug, Serialize)]
pub struct Member {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// "3 af 4 møder".
    pub count: String,
}

/// A proposal awaiting a decision.
#[derive(Debug, Serialize)]
pub struct Waiting {
    /// The decision.
    pub decision: Link,
    /// Who decides, as written.
    pub makers: String,
}

fn attendance(m: &Meeting) -> String {
    if m.state != MeetingState::Held {
        return String::new();
    }
    format!("{}/{}", m.present().count(), m.participants.len())
}

/// The meetings page at `url`.
pub(super) fn overview(c: &Ctx<'_>, url: &str) -> Meetings {
    let r = &c.repo.records;
    let mut bodies = Vec::new();
    for b in &r.bodies {
        let ms: Vec<&Meeting> = r.meetings.iter().filter(|m| m.body == b.key).collect();
        let feed = ms.iter().any(|m| m.date.is_some()).then(|| {
            let feed = format!("/{}/{}.ics", crate::ical::DIR, escape_path(&b.key));
            Link::new(
                relative(url, &feed),
                c.s.fill("subscribe_meetings", &[("body", &b.name)]),
            )
        });
        let (upcoming, past): (Vec<&Meeting>, Vec<&Meeting>) = ms
            .iter()
            .copied()
            .partition(|m| m.date.is_some_and(|d| d >= c.today));
        let row = |m: &&Meeting| MeetingRow {
            meeting: c.link_to(url, &m.source, &c.meeting_title(m)),
            state: c.meeting_state(m),
            minutes: c.minutes_state(m.minutes_state),
            attendance: attendance(m),
            decisions: m
                .decisions
                .iter()
                .map(|d| c.decision_link(url, d))
                .collect(),
        };
        let groups = vec![
            MeetingGroup {
                title: c.t("upcoming_meetings"),
                rows: upcoming.iter().map(row).collect(),
            },
            MeetingGroup {
                title: c.t("past_meetings"),
                rows: past.iter().rev().map(row).collect(),
            },
        ];
        bodies.push(BodyMeetings {
            key: b.key.clone(),
            name: b.name.clone(),
            rule: b.recurrence.clone(),
            feed,
            groups,
            roster: b
                .roster
                .iter()
                .map(|m| Member {
                    name: m.name.clone(),
                    role: m.role.clone(),
                    count: c.s.fill(
                        "roster_count",
                        &[
                            ("present", &m.present.to_string()),
                            ("invited", &m.invited.to_string()),
                        ],
                    ),
                })
                .collect(),
        });
    }
    let waiting = r
        .decisions
        .iter()
        .filter(|d| d.state() == DecisionStatus::Proposed)
        .map(|d| Waiting {
            decision: c.link_to(url, &d.source, &decision_title(d)),
            makers: d
                .decided_by
                .as_ref()
                .map(|f| f.raw.clone())
                .unwrap_or_default(),
        })
        .collect();
    Meetings { bodies, waiting }
}
