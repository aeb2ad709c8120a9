//! Actions agreed at meetings: overdue, open and done.

use super::Ctx;
use crate::views::{Day, Link};
use forvalt_model::records::Action;
use serde::Serialize;

/// The actions page.
#[derive(Debug, Serialize)]
pub struct Actions {
    /// Counts, as a sentence.
    pub lead: String,
    /// Open actions past their due date, earliest first.
    pub overdue: Vec<ActionRow>,
    /// Other open actions.
    pub open: Vec<ActionRow>,
    /// Done.
    pub done: Vec<ActionRow>,
}

/// An action.
#[derive(Debug, Serialize)]
pub struct ActionRow {
    /// Due date.
    pub due: Option<Day>,
    /// Who.
    pub owner: String,
    /// What.
    pub text: String,
    /// The meeting it was agreed at.
    pub meeting: Option<Link>,
}

impl ActionRow {
    pub(super) fn new(c: &Ctx<'_>, url: &str, a: &Action) -> ActionRow {
        ActionRow {
            due: c.day(a.due),
            owner: a.owner.clone().unwrap_or_default(),
            text: a.text.clone(),
            meeting: a.meeting.as_deref().map(|m| c.meeting_link(url, m)),
        }
    }
}

/// The actions page at `url`.
pub(super) fn overview(c: &Ctx<'_>, url: &str) -> Actions {
    let r = &c.repo.records;
    let open: Vec<&Action> = r.actions.iter().filter(|a| !a.done).collect();
    let mut overdue: Vec<&Action> = open
        .iter()
        .filter(|a| a.due.is_some_and(|d| d < c.today))
        .copied()
        .collect();
    overdue.sort_by_key(|a| a.due);
    let rest: Vec<&Action> = open
        .iter()
        .filter(|a| a.due.is_none_or(|d| d >= c.today))
        .copied()
        .collect();
    let lead = c.s.fill(
        "actions_lead",
        &[
            ("open", &open.len().to_string()),
            ("overdue", &overdue.len().to_string()),
        ],
    );
    let rows = |list: &[&Action]| list.iter().map(|a| ActionRow::new(c, url, a)).collect();
    let done: Vec<&Action> = r.actions.iter().filter(|a| a.done).collect();
    Actions {
        lead,
        overdue: rows(&overdue),
        open: rows(&rest),
        done: rows(&done),
    }
}
