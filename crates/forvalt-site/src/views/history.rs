//! Document history from git: a page's Historik page, the changes under a roadmap, "Siden
//! sidste møde" per body, and the note on a page published as its last approved version.

use super::{Day, Link, day_of_second};
use crate::i18n::Strings;
use forvalt_model::history::{ChartDiff, Histories, HistorySource, ItemChange};
use forvalt_model::records::MeetingState;
use forvalt_model::url::{escape_path, relative};
use forvalt_model::{Page, Repository};
use jiff::civil::Date;
use serde::Serialize;

/// Commits per history page; a longer history continues on `…-historik-2.html` and on.
pub const PER_PAGE: usize = 50;

/// How many history pages `commits` commits take (at least one).
pub fn parts(commits: usize) -> usize {
    commits.div_ceil(PER_PAGE).max(1)
}

/// Where a page's history page is published: `docs/a.html` → `docs/a-historik.html`.
pub fn output_of(page: &Page) -> String {
    output_of_part(page, 1)
}

/// Where part `n` (from 1) of a page's history is published: `docs/a-historik-2.html`.
pub fn output_of_part(page: &Page, n: usize) -> String {
    let stem = match page.output.strip_suffix(".html") {
        Some(stem) => stem,
        None => page.output.trim_end_matches('/'),
    };
    match n {
        0 | 1 => format!("{stem}-historik.html"),
        n => format!("{stem}-historik-{n}.html"),
    }
}

/// The URL of a page's history page.
pub fn url_of(page: &Page) -> String {
    url_of_part(page, 1)
}

/// The URL of part `n` (from 1) of a page's history.
pub fn url_of_part(page: &Page, n: usize) -> String {
    format!("/{}", escape_path(&output_of_part(page, n)))
}

/// The git history of a page, when there is one with commits.
pub fn of<'a>(repo: &'a Repository, page: &Page) -> Option<&'a Histories> {
    let h = repo.history.as_ref()?;
    (h.source == HistorySource::Git && h.of(&page.path).is_some_and(|d| !d.revisions.is_empty()))
        .then_some(h)
}

/// A page's history page.
#[derive(Debug, Serialize)]
pub struct HistoryPage {
    /// The page it is the history of.
    pub page: Link,
    /// Its earlier file names.
    pub former_paths: Vec<String>,
    /// The history is cut short (a shallow clone).
    pub shallow: bool,
    /// All its commits.
    pub total: usize,
    /// The commits on this part, newest first.
    pub rows: Vec<Commit>,
    /// Where this part is among several (none: the history fits on one page).
    pub paging: Option<Paging>,
}

/// The place of one part of a long history.
#[derive(Debug, Serialize)]
pub struct Paging {
    /// This part, from 1.
    pub number: usize,
    /// How many parts there are.
    pub count: usize,
    /// The first and last commit shown, counted from the newest (from 1).
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// The first and last part and those near this one: number and link (this one with an
    /// empty address).
    pub parts: Vec<Link>,
    /// The part with newer commits.
    pub newer: Option<Link>,
    /// The part with older commits.
    pub older: Option<Link>,
}

/// A commit that changed a page.
#[derive(Debug, Serialize)]
pub struct Commit {
    /// Day.
    pub date: Option<Day>,
    /// The commit's summary line.
    pub summary: String,
    /// Author.
    pub author: String,
    /// The short id, linked to the forge when the repository is known.
    pub version: Link,
}

/// Part `part` (from 1) of the history page of `page`, linked to the forge at `repository`.
pub fn page(
    repo: &Repository,
    page: &Page,
    h: &Histories,
    repository: Option<&str>,
    part: usize,
) -> HistoryPage {
    let danish = repo.danish();
    let doc = h.of(&page.path);
    let all = doc.map(|d| d.revisions.as_slice()).unwrap_or_default();
    let count = parts(all.len());
    let part = part.clamp(1, count);
    let here = url_of_part(page, part);
    let paging = (count > 1).then(|| {
        let link = |n: usize| Link::new(relative(&here, &url_of_part(page, n)), n.to_string());
        Paging {
            number: part,
            count,
            first: (part - 1) * PER_PAGE + 1,
            last: (part * PER_PAGE).min(all.len()),
            // The first, the last and the three on each side: a few links however long.
            parts: (1..=count)
                .filter(|n| *n == 1 || *n == count || n.abs_diff(part) <= 3)
                .map(|n| {
                    if n == part {
                        Link::new(String::new(), n.to_string())
                    } else {
                        link(n)
                    }
                })
                .collect(),
            newer: (part > 1).then(|| link(part - 1)),
            older: (part < count).then(|| link(part + 1)),
        }
    });
    let rows = all
        .iter()
        .skip((part - 1) * PER_PAGE)
        .take(PER_PAGE)
        .filter_map(|i| h.revisions.get(*i))
        .map(|r| Commit {
            date: Day::of(day_of_second(r.time, &repo.time_zone), danish),
            summary: r.summary.clone(),
            author: r.author.clone(),
            version: Link::new(
                repository
                    .map(|base| format!("{}/commit/{}", base.trim_end_matches('/'), r.id))
                    .unwrap_or_default(),
                r.short(),
            ),
        })
        .collect();
    HistoryPage {
        page: Link::new(relative(&here, &page.url), page.title.clone()),
        former_paths: doc.map(|d| d.former_paths.clone()).unwrap_or_default(),
        shallow: h.shallow,
        total: all.len(),
        rows,
        paging,
    }
}

/// The changes under a roadmap: the latest version against the one before, against the
/// baseline, and how its milestones moved.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapChanges {
    /// The latest change.
    pub latest: Option<Comparison>,
    /// Since the baseline.
    pub baseline: Option<Comparison>,
    /// Milestones over all versions.
    pub milestones: Vec<Milestone>,
}

/// One comparison of two versions.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The earlier version's day, as shown.
    pub since: String,
    /// The later version's day, as shown (empty: the work tree, not committed).
    pub at: String,
    /// What changed, per chart.
    pub charts: Vec<Changes>,
}

/// What changed in one chart.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The chart's title.
    pub title: Option<String>,
    /// Settings changed: name, before, after (`–` for none).
    pub settings: Vec<(String, String, String)>,
    /// Items added, removed and changed.
    pub items: Vec<ItemLine>,
}

/// One item's change.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The emphasised start: `Ny:`, `Fjernet:` or the item's name.
    pub strong: String,
    /// The rest.
    pub text: String,
}

/// A milestone's dates over the versions.
#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    /// Name.
    pub name: String,
    /// First planned date.
    pub first: String,
    /// Date now.
    pub now: String,
    /// How far it moved (`+12 dage`, `ingen`).
    pub slip: String,
    /// Its date in each version.
    pub trail: Vec<String>,
}

struct Words<'a> {
    s: &'a Strings,
    repo: &'a Repository,
    h: &'a Histories,
}

impl Words<'_> {
    fn date(&self, d: Option<Date>) -> String {
        d.map(|d| forvalt_model::dates::long_date(d, self.s.danish()))
            .unwrap_or_else(|| "?".into())
    }

    fn revision_day(&self, r: usize) -> String {
        self.h
            .revisions
            .get(r)
            .and_then(|r| day_of_second(r.time, &self.repo.time_zone))
            .map(|d| forvalt_model::dates::long_date(d, self.s.danish()))
            .unwrap_or_default()
    }

    fn days(&self, n: i64, working: Option<i64>) -> String {
        let word = self.s.t(if n.abs() == 1 { "day" } else { "days" });
        let mut out = format!("{} {word}", n.abs());
        if let Some(w) = working.filter(|w| *w != n) {
            let ww = self.s.t(if w.abs() == 1 {
                "working_day"
            } else {
                "working_days"
            });
            out.push_str(&format!(" ({} {ww})", w.abs()));
        }
        out
    }

    fn shift(
        &self,
        what: &str,
        days: Option<i64>,
        working: Option<i64>,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Option<String> {
        let d = days.filter(|d| *d != 0)?;
        let dir = self.s.t(if d > 0 {
            "moved_later"
        } else {
            "moved_earlier"
        });
        Some(format!(
            "{what} {dir} {} ({} → {})",
            self.days(d, working),
            self.date(from),
            self.date(to)
        ))
    }

    fn item(&self, ch: &ItemChange) -> ItemLine {
        match ch {
            ItemChange::Added { item } => ItemLine {
                kind: "added",
                strong: self.s.t("item_new").into(),
                text: format!(
                    "{} ({} – {})",
                    item.name,
                    self.date(item.start),
                    self.date(item.end)
                ),
            },
            ItemChange::Removed { item } => ItemLine {
                kind: "removed",
                strong: self.s.t("item_removed").into(),
                text: item.name.clone(),
            },
            ItemChange::Changed {
                before,
                after,
                renamed,
                section_moved,
                start_days,
                end_days,
                start_working_days,
                end_working_days,
            } => {
                let mut parts = Vec::new();
                if *section_moved {
                    parts.push(format!(
                        "{} »{}«",
                        self.s.t("moved_to_section"),
                        after.section
                    ));
                }
                if *renamed {
                    parts.push(format!(
                        "{} {} → {}",
                        self.s.t("renamed"),
                        before.name,
                        after.name
                    ));
                }
                if after.milestone {
                    parts.extend(self.shift(
                        self.s.t("the_milestone"),
                        *start_days,
                        *start_working_days,
                        before.start,
                        after.start,
                    ));
                } else {
                    parts.extend(self.shift(
                        self.s.t("start"),
                        *start_days,
                        *start_working_days,
                        before.start,
                        after.start,
                    ));
                    parts.extend(self.shift(
                        self.s.t("end"),
                        *end_days,
                        *end_working_days,
                        before.end,
                        after.end,
                    ));
                }
                ItemLine {
                    kind: "changed",
                    strong: after.name.clone(),
                    text: parts.join("; "),
                }
            }
        }
    }

    fn charts(&self, charts: &[ChartDiff]) -> Vec<Changes> {
        let or_dash = |s: &str| if s.is_empty() { "–" } else { s }.to_string();
        charts
            .iter()
            .map(|c| Changes {
                title: c.title.clone(),
                settings: c
                    .settings
                    .iter()
                    .map(|s| (s.name.clone(), or_dash(&s.before), or_dash(&s.after)))
                    .collect(),
                items: c.items.iter().map(|i| self.item(i)).collect(),
            })
            .collect()
    }
}

/// The changes under the roadmaps of `page`, when git has any.
pub fn roadmap_changes(repo: &Repository, page: &Page, s: &Strings) -> Option<RoadmapChanges> {
    let h = repo.history.as_ref()?;
    let rc = h.roadmaps.get(&page.path)?;
    let w = Words { s, repo, h };
    let latest = (!rc.charts.is_empty()).then(|| Comparison {
        since: w.revision_day(rc.since),
        at: rc.at.map(|a| w.revision_day(a)).unwrap_or_default(),
        charts: w.charts(&rc.charts),
    });
    let baseline = rc.baseline.as_ref().map(|b| Comparison {
        since: w.revision_day(b.revision),
        at: String::new(),
        charts: w.charts(&b.charts),
    });
    let milestones = rc
        .milestones
        .iter()
        .map(|m| Milestone {
            name: m.name.clone(),
            first: w.date(m.dates.first().map(|d| d.1)),
            now: w.date(m.now),
            slip: m
                .slipped_days()
                .map(|d| {
                    if d == 0 {
                        s.t("no_slippage").to_string()
                    } else {
                        format!("{}{}", if d > 0 { "+" } else { "−" }, w.days(d.abs(), None))
                    }
                })
                .unwrap_or_default(),
            trail: m
                .dates
                .iter()
                .map(|(r, d)| {
                    format!(
                        "{} ({} {})",
                        w.date(Some(*d)),
                        s.t("version_of"),
                        w.revision_day(*r)
                    )
                })
                .collect(),
        })
        .collect();
    Some(RoadmapChanges {
        latest,
        baseline,
        milestones,
    })
}

/// Where the "Siden sidste møde" overview is published.
pub const SINCE_OUTPUT: &str = "forvaltning/siden-sidste-moede.html";

/// "Siden sidste møde": what changed since each body's latest meeting.
#[derive(Debug, Serialize)]
pub struct SinceLastMeeting {
    /// One section per body that has met.
    pub bodies: Vec<SinceBody>,
}

/// What changed since one body's latest meeting.
#[derive(Debug, Serialize)]
pub struct SinceBody {
    /// The section's id.
    pub id: String,
    /// The body's name.
    pub name: String,
    /// The meeting's day, as shown.
    pub since: String,
    /// The meeting.
    pub meeting: Link,
    /// Decisions dated in the period or whose status changed in it (with the new status).
    pub decisions: Vec<(Link, Option<String>)>,
    /// Roadmaps changed in the period, with the number of changes as words.
    pub roadmaps: Vec<(Link, String)>,
    /// Other documents changed, newest first, with the commit's summary.
    pub documents: Vec<(Link, String)>,
}

/// "Siden sidste møde" for the page at `url`, when git has history and a body has met.
pub fn since_last_meeting(repo: &Repository, url: &str, s: &Strings) -> Option<SinceLastMeeting> {
    let h = repo
        .history
        .as_ref()
        .filter(|h| h.source == HistorySource::Git)?;
    let today = repo.now.date();
    let published = |path: &str| {
        repo.page(path)
            .is_some_and(|i| repo.published.get(i).copied().unwrap_or(false))
    };
    let link = |path: &str, title: &str| -> Link {
        match repo.page(path).filter(|_| published(path)) {
            Some(i) => Link::new(relative(url, &repo.pages[i].url), title),
            None => Link::text(title),
        }
    };
    let mut bodies = Vec::new();
    for body in &repo.records.bodies {
        let last = repo
            .records
            .meetings
            .iter()
            // A meeting in the past that was not cancelled took place, minutes or not.
            .filter(|m| m.body == body.key && m.state != MeetingState::Cancelled)
            .filter_map(|m| m.date.map(|d| (d, m)))
            .filter(|(d, _)| *d <= today)
            .max_by_key(|(d, _)| *d);
        let Some((since, meeting)) = last else {
            continue;
        };
        let in_period = |secs: i64| {
            day_of_second(secs, &repo.time_zone).is_some_and(|d| d > since && d <= today)
        };
        let mut decisions = Vec::new();
        for d in &repo.records.decisions {
            let path = d.source.path().unwrap_or("");
            if !published(path) {
                continue;
            }
            let dated = d.day().is_some_and(|x| x > since && x <= today);
            let changed = h.decisions.get(path).and_then(|dh| {
                dh.statuses.iter().rev().find(|st| {
                    h.revisions
                        .get(st.revision)
                        .is_some_and(|r| in_period(r.time))
                })
            });
            if dated || changed.is_some() {
                decisions.push((link(path, &d.title), changed.map(|c| c.status.clone())));
            }
        }
        let roadmaps = h
            .roadmaps
            .iter()
            .filter(|(path, _)| published(path))
            .filter(|(_, rc)| {
                rc.at
                    .and_then(|a| h.revisions.get(a))
                    .is_some_and(|r| in_period(r.time))
            })
            .filter_map(|(path, rc)| {
                let p = &repo.pages[repo.page(path)?];
                let n: usize = rc.charts.iter().map(|c| c.items.len()).sum();
                let word = s.t(if n == 1 { "change" } else { "changes" });
                Some((link(path, &p.title), format!("{n} {word}")))
            })
            .collect();
        let mut documents: Vec<(i64, Link, String)> = Vec::new();
        for (i, p) in repo.pages.iter().enumerate() {
            if !repo.published.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Some(r) = h.last_modified(&p.path).filter(|r| in_period(r.time)) {
                documents.push((r.time, link(&p.path, &p.title), r.summary.clone()));
            }
        }
        documents.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| (&a.1.href, &a.1.text, &a.2).cmp(&(&b.1.href, &b.1.text, &b.2)))
        });
        bodies.push(SinceBody {
            id: format!("siden-{}", forvalt_model::page::heading_id(&body.key)),
            name: body.name.clone(),
            since: forvalt_model::dates::long_date(since, s.danish()),
            meeting: link(meeting.source.path().unwrap_or(""), &meeting.title),
            decisions,
            roadmaps,
            documents: documents.into_iter().map(|(_, l, t)| (l, t)).collect(),
        });
    }
    (!bodies.is_empty()).then_some(SinceLastMeeting { bodies })
}

/// The note on a page published as its last approved version (empty: none).
pub fn approved_note(repo: &Repository, page: &Page, s: &Strings) -> String {
    let Some(h) = repo.history.as_ref() else {
        return String::new();
    };
    let Some(r) = h
        .approved_versions
        .get(&page.path)
        .and_then(|r| h.revisions.get(*r))
    else {
        return String::new();
    };
    let day = day_of_second(r.time, &repo.time_zone)
        .map(|d| forvalt_model::dates::long_date(d, s.danish()))
        .unwrap_or_default();
    s.fill("approved_note", &[("date", &day)])
}
