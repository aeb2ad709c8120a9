//! The decision log: every decision, newest first, with filters.

use super::{Ctx, status_class};
use crate::views::{Day, Link};
use forvalt_model::records::DecisionStatus;
use serde::Serialize;

/// The decision log page.
#[derive(Debug, Serialize)]
pub struct DecisionLog {
    /// Filters over the table (type, status, decision maker, year).
    pub filters: Vec<Filter>,
    /// The decisions, in the log's order.
    pub rows: Vec<DecisionRow>,
}

/// A filter: a `<select>` over one column.
#[derive(Debug, Serialize)]
pub struct Filter {
    /// `type`, `status`, `body` or `year` (the rows' `data-` attribute).
    pub id: &'static str,
    /// Label.
    pub label: &'static str,
    /// Options: value and text.
    pub options: Vec<(String, String)>,
}

/// A decision in the log.
#[derive(Debug, Serialize)]
pub struct DecisionRow {
    /// `ADR`, `SDR`, `ODR` or empty.
    pub kind: &'static str,
    /// Status class (`status-accepted`).
    pub status_class: &'static str,
    /// The status as shown.
    pub status: &'static str,
    /// How and when it was decided, when written ("pr. mail 1. juli 2026").
    pub provenance: Option<String>,
    /// Body keys, space-separated (for the filter).
    pub bodies: String,
    /// Year, for the filter.
    pub year: String,
    /// Date.
    pub date: Option<Day>,
    /// The decision.
    pub title: Link,
    /// Decision makers as written.
    pub makers: String,
}

/// The decision log for the page at `url`.
pub(super) fn log(c: &Ctx<'_>, url: &str) -> DecisionLog {
    let r = &c.repo.records;
    let mut years: Vec<i16> = r
        .decisions
        .iter()
        .filter_map(|d| d.day().map(|d| d.year()))
        .collect();
    years.sort_unstable();
    years.dedup();
    years.reverse();
    let mut bodies: Vec<&str> = r
        .decisions
        .iter()
        .flat_map(|d| d.bodies.iter().map(String::as_str))
        .collect();
    bodies.sort_unstable();
    bodies.dedup();
    let statuses = [
        DecisionStatus::Proposed,
        DecisionStatus::Accepted,
        DecisionStatus::Rejected,
        DecisionStatus::Superseded,
    ];
    let filters = vec![
        Filter {
            id: "type",
            label: c.t("type"),
            options: ["ADR", "SDR", "ODR"]
                .iter()
                .map(|k| ((*k).to_string(), (*k).to_string()))
                .collect(),
        },
        Filter {
            id: "status",
            label: c.t("status"),
            options: statuses
                .iter()
                .map(|s| (status_class(*s).to_string(), c.status_label(*s).to_string()))
                .collect(),
        },
        Filter {
            id: "body",
            label: c.t("decided_by"),
            options: bodies
                .iter()
                .map(|b| ((*b).to_string(), c.body_name(b)))
                .collect(),
        },
        Filter {
            id: "year",
            label: c.t("year"),
            options: years
                .iter()
                .map(|y| (y.to_string(), y.to_string()))
                .collect(),
        },
    ];
    let rows = r
        .decisions
        .iter()
        .map(|d| {
            let state = d.state();
            DecisionRow {
                kind: d.kind.map(|k| k.code()).unwrap_or(""),
                status_class: status_class(state),
                status: c.status_label(state),
                provenance: d.provenance.as_ref().map(|p| {
                    let how = match p.channel {
                        "mail" => c.t("by_mail"),
                        _ => c.t("at_meeting"),
                    };
                    match c.day(p.date) {
                        Some(day) => format!("{how} {}", day.text),
                        None => how.to_string(),
                    }
                }),
                bodies: d.bodies.join(" "),
                year: d.day().map(|d| d.year().to_string()).unwrap_or_default(),
                date: c.day(d.day()),
                title: c.link_to(url, &d.source, &d.title),
                makers: Ctx::makers(d),
            }
        })
        .collect();
    DecisionLog { filters, rows }
}
