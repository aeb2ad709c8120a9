//! The status report: roadmap items late, due and done across the site's charts, milestones
//! reached, decisions awaiting, change requests in progress and overdue actions.

use super::actions::ActionRow;
use super::{Ctx, decision_title};
use crate::draw::gantt::RoadmapItem;
use crate::views::{Day, Link};
use forvalt_model::records::{ChangeStatus, DecisionStatus};
use forvalt_model::url::relative;
use serde::Serialize;

/// The status report page.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    /// The day it is made for.
    pub as_of: Day,
    /// Late, due, done and milestones.
    pub sections: Vec<ItemList>,
    /// Decisions awaiting.
    pub waiting: Vec<Link>,
    /// Change requests in progress, with their status.
    pub active: Vec<(Link, &'static str)>,
    /// Overdue actions.
    pub overdue: Vec<ActionRow>,
}

/// Roadmap items of one kind.
#[derive(Debug, Serialize)]
pub struct ItemList {
    /// Heading.
    pub title: &'static str,
    /// Items, by end date.
    pub items: Vec<Item>,
}

/// A roadmap item.
#[derive(Debug, Serialize)]
pub struct Item {
    /// Its last day.
    pub end: Day,
    /// Name.
    pub name: String,
    /// The page with its roadmap.
    pub page: Link,
}

/// The status report at `url`; `roadmaps` are the scheduled items of each published page
/// (page index, items).
pub(super) fn report(
    c: &Ctx<'_>,
    url: &str,
    roadmaps: &[(usize, Vec<RoadmapItem>)],
) -> StatusReport {
    let r = &c.repo.records;
    let day = |n: i64| jiff::Span::new().days(n);
    let horizon = c.today.checked_add(day(60)).unwrap_or(c.today);
    let recent = c.today.checked_sub(day(90)).unwrap_or(c.today);
    let mut lists: [Vec<(&RoadmapItem, &str, &str)>; 4] = Default::default();
    for (i, items) in roadmaps {
        let p = &c.repo.pages[*i];
        for item in items {
            let slot = if item.milestone {
                (item.end <= c.today).then_some(3)
            } else if item.done {
                (item.end >= recent && item.end <= c.today).then_some(2)
            } else if item.end < c.today {
                Some(0)
            } else {
                (item.end <= horizon).then_some(1)
            };
            if let Some(s) = slot {
                lists[s].push((item, p.url.as_str(), p.title.as_str()));
            }
        }
    }
    let titles = [
        "late_items",
        "due_items",
        "done_items",
        "milestones_reached",
    ];
    let sections = lists
        .into_iter()
        .zip(titles)
        .map(|(mut items, title)| {
            items.sort_by(|a, b| (a.0.end, &a.0.name).cmp(&(b.0.end, &b.0.name)));
            ItemList {
                title: c.t(title),
                items: items
                    .into_iter()
                    .map(|(it, u, t)| Item {
                        end: Day::new(it.end, c.da),
                        name: it.name.clone(),
                        page: Link::new(relative(url, u), t),
                    })
                    .collect(),
            }
        })
        .collect();
    let waiting = r
        .decisions
        .iter()
        .filter(|d| d.state() == DecisionStatus::Proposed)
        .map(|d| c.link_to(url, &d.source, &decision_title(d)))
        .collect();
    let active = r
        .change_requests
        .iter()
        .filter(|x| {
            matches!(
                x.state(),
                Some(
                    ChangeStatus::Accepted
                        | ChangeStatus::Ordered
                        | ChangeStatus::Started
                        | ChangeStatus::Evaluating
                )
            )
        })
        .map(|x| {
            (
                c.link_to(url, &x.source, &x.title),
                x.state().map_or("", |s| s.label()),
            )
        })
        .collect();
    let overdue = r
        .actions
        .iter()
        .filter(|a| !a.done && a.due.is_some_and(|d| d < c.today))
        .map(|a| ActionRow::new(c, url, a))
        .collect();
    StatusReport {
        as_of: Day::new(c.today, c.da),
        sections,
        waiting,
        active,
        overdue,
    }
}
