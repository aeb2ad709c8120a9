//! Views of the governance records: the decision log, meetings per body, change requests,
//! actions and a printable status report, plus the metadata card on each decision and
//! meeting page and computed scores under priority and risk matrices.

#![allow(
    clippy::write_with_newline,
    reason = "each HTML line is written whole, newline included"
)]

use crate::charts::RoadmapItem;
use forvalt_model::Repository;
use forvalt_model::dates::long_date;
use forvalt_model::matrix::{self, MatrixKind};
use forvalt_model::records::{
    ChangeStatus, Decision, DecisionStatus, Meeting, MeetingState, MinutesState, Source,
};
use forvalt_model::url::{escape_path, relative};
use jiff::civil::Date;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A generated overview page.
pub(crate) struct View {
    /// Output path (`forvaltning/beslutningslog.html`).
    pub output: String,
    /// URL (`/forvaltning/beslutningslog.html`).
    pub url: String,
    /// Title.
    pub title: String,
    /// Body HTML.
    pub html: String,
}

/// Escapes text for HTML.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// What the record views need, built once per build: pages and records by path.
pub(crate) struct Ctx<'a> {
    repo: &'a Repository,
    da: bool,
    today: Date,
    page_url: HashMap<&'a str, &'a str>,
    decision_at: HashMap<&'a str, &'a Decision>,
    meeting_at: HashMap<&'a str, &'a Meeting>,
}

impl<'a> Ctx<'a> {
    /// Indexes the repository's pages and records.
    pub(crate) fn new(repo: &'a Repository) -> Ctx<'a> {
        let r = &repo.records;
        Ctx {
            repo,
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

    fn t(&self, da: &'static str, en: &'static str) -> &'static str {
        if self.da { da } else { en }
    }

    fn date(&self, d: Option<Date>) -> String {
        d.map(|d| long_date(d, self.da)).unwrap_or_default()
    }

    fn time_tag(&self, d: Option<Date>) -> String {
        match d {
            Some(d) => format!(
                "<time datetime=\"{d}\">{}</time>",
                esc(&long_date(d, self.da))
            ),
            None => String::new(),
        }
    }

    /// A link from `from` (a URL) to a record's page, or its issue.
    fn link_to(&self, from: &str, source: &Source, text: &str) -> String {
        match source {
            Source::File { path } => match self.page_url.get(path.as_str()) {
                Some(u) => format!("<a href=\"{}\">{}</a>", esc(&relative(from, u)), esc(text)),
                None => esc(text),
            },
            Source::Issue { number, url, .. } => format!(
                "<a href=\"{}\">{}</a> <span class=\"muted\">(issue #{number})</span>",
                esc(url),
                esc(text)
            ),
        }
    }

    fn decision_link(&self, from: &str, id: &str) -> String {
        match self.repo.records.decision(id) {
            Some(d) => self.link_to(from, &d.source, &decision_title(d)),
            None => esc(id),
        }
    }

    fn meeting_link(&self, from: &str, id: &str) -> String {
        match self.repo.records.meeting(id) {
            Some(m) => self.link_to(from, &m.source, &self.meeting_title(m)),
            None => esc(id),
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
            Some(d) => format!("{body} {}", long_date(d, self.da)),
            None => m.title.clone(),
        }
    }

    fn status_label(&self, s: DecisionStatus) -> &'static str {
        match s {
            DecisionStatus::Proposed => self.t("Forslag", "Proposed"),
            DecisionStatus::Accepted => self.t("Accepteret", "Accepted"),
            DecisionStatus::Rejected => self.t("Afvist", "Rejected"),
            DecisionStatus::Superseded => self.t("Erstattet", "Superseded"),
            DecisionStatus::Unknown => self.t("Ukendt", "Unknown"),
        }
    }

    fn meeting_state(&self, m: &Meeting) -> &'static str {
        match m.state {
            MeetingState::Cancelled => self.t("Aflyst", "Cancelled"),
            MeetingState::Held => self.t("Afholdt", "Held"),
            MeetingState::Planned if m.date.is_some_and(|d| d < self.today) => {
                self.t("Uden referat", "No minutes")
            }
            MeetingState::Planned => self.t("Planlagt", "Planned"),
        }
    }

    fn minutes_state(&self, s: MinutesState) -> &'static str {
        match s {
            MinutesState::None => self.t("Intet referat", "No minutes"),
            MinutesState::Ready => self.t("Klar til godkendelse", "Ready for approval"),
            MinutesState::Approved => self.t("Godkendt", "Approved"),
            MinutesState::Published => self.t("Publiceret", "Published"),
        }
    }
}

fn decision_title(d: &Decision) -> String {
    match d.kind {
        Some(k) => format!("[{}] {}", k.code(), d.title),
        None => d.title.clone(),
    }
}

fn status_class(s: DecisionStatus) -> &'static str {
    match s {
        DecisionStatus::Proposed => "status-proposed",
        DecisionStatus::Accepted => "status-accepted",
        DecisionStatus::Rejected => "status-rejected",
        DecisionStatus::Superseded => "status-superseded",
        DecisionStatus::Unknown => "status-unknown",
    }
}

/// The overview pages' addresses: (output, title) — Danish or English titles.
pub(crate) fn view_titles(da: bool) -> [(&'static str, &'static str); 5] {
    if da {
        [
            ("forvaltning/beslutningslog.html", "Beslutningslog"),
            ("forvaltning/moeder.html", "Møder"),
            ("forvaltning/aendringsoensker.html", "Ændringsønsker"),
            ("forvaltning/opgaver.html", "Opgaver"),
            ("forvaltning/statusrapport.html", "Statusrapport"),
        ]
    } else {
        [
            ("forvaltning/beslutningslog.html", "Decision log"),
            ("forvaltning/moeder.html", "Meetings"),
            ("forvaltning/aendringsoensker.html", "Change requests"),
            ("forvaltning/opgaver.html", "Actions"),
            ("forvaltning/statusrapport.html", "Status report"),
        ]
    }
}

/// Whether the repository has records to show.
pub(crate) fn has_records(repo: &Repository) -> bool {
    let r = &repo.records;
    !(r.decisions.is_empty() && r.meetings.is_empty() && r.change_requests.is_empty())
}

/// The overview pages; `roadmaps` are the scheduled chart items of each published page
/// (page index, items), for the status report.
pub(crate) fn views(c: &Ctx<'_>, roadmaps: &[(usize, Vec<RoadmapItem>)]) -> Vec<View> {
    let titles = view_titles(c.da);
    let mut out = Vec::new();
    for (i, (output, title)) in titles.iter().enumerate() {
        let url = format!("/{}", escape_path(output));
        let html = match i {
            0 => decision_log(c, &url),
            1 => meetings(c, &url),
            2 => change_requests(c, &url),
            3 => actions(c, &url),
            _ => status_report(c, &url, roadmaps),
        };
        out.push(View {
            output: (*output).to_string(),
            url,
            title: (*title).to_string(),
            html,
        });
    }
    out
}

fn decision_log(c: &Ctx<'_>, url: &str) -> String {
    let r = &c.repo.records;
    let mut h = String::new();
    let _ = write!(
        h,
        "<p>{}</p>\n",
        esc(c.t(
            "Alle beslutninger i beslutningsloggen, nyeste først. Filtrér efter type, status, beslutningstager og år.",
            "Every decision in the log, newest first. Filter by type, status, decision maker and year."
        ))
    );
    // Filters (the table is complete without JavaScript; the filters hide rows).
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
    let select = |h: &mut String, id: &str, label: &str, options: Vec<(String, String)>| {
        let _ = write!(
            h,
            "<label for=\"filter-{id}\">{}</label> <select id=\"filter-{id}\" data-filter=\"{id}\"><option value=\"\">{}</option>",
            esc(label),
            esc(c.t("Alle", "All"))
        );
        for (v, t) in options {
            let _ = write!(h, "<option value=\"{}\">{}</option>", esc(&v), esc(&t));
        }
        h.push_str("</select>\n");
    };
    h.push_str("<form class=\"record-filters\" data-filters=\"beslutninger\" hidden>\n");
    select(
        &mut h,
        "type",
        c.t("Type", "Type"),
        ["ADR", "SDR", "ODR"]
            .iter()
            .map(|k| ((*k).to_string(), (*k).to_string()))
            .collect(),
    );
    select(
        &mut h,
        "status",
        c.t("Status", "Status"),
        [
            DecisionStatus::Proposed,
            DecisionStatus::Accepted,
            DecisionStatus::Rejected,
            DecisionStatus::Superseded,
        ]
        .iter()
        .map(|s| (status_class(*s).to_string(), c.status_label(*s).to_string()))
        .collect(),
    );
    select(
        &mut h,
        "body",
        c.t("Besluttet af", "Decided by"),
        bodies
            .iter()
            .map(|b| ((*b).to_string(), c.body_name(b)))
            .collect(),
    );
    select(
        &mut h,
        "year",
        c.t("År", "Year"),
        years
            .iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect(),
    );
    let _ = write!(
        h,
        "<p class=\"filter-count\" aria-live=\"polite\"></p></form>\n<table class=\"records\" id=\"beslutninger\"><caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
        esc(c.t("Beslutninger", "Decisions")),
        esc(c.t("Dato", "Date")),
        esc(c.t("Type", "Type")),
        esc(c.t("Titel", "Title")),
        esc(c.t("Status", "Status")),
        esc(c.t("Besluttet af", "Decided by")),
    );
    for d in &r.decisions {
        let state = d.state();
        let year = d.day().map(|d| d.year().to_string()).unwrap_or_default();
        let makers = d
            .decided_by
            .as_ref()
            .map(|f| f.value.clone().unwrap_or_default().join(", "))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr data-type=\"{}\" data-status=\"{}\" data-body=\"{}\" data-year=\"{year}\"><td>{}</td><td>{}</td><th scope=\"row\">{}</th><td><span class=\"badge {}\">{}</span>{}</td><td>{}</td></tr>\n",
            d.kind.map(|k| k.code()).unwrap_or(""),
            status_class(state),
            esc(&d.bodies.join(" ")),
            c.time_tag(d.day()),
            d.kind.map(|k| k.code()).unwrap_or("–"),
            c.link_to(url, &d.source, &d.title),
            status_class(state),
            esc(c.status_label(state)),
            d.provenance
                .as_ref()
                .map(|p| format!(
                    "<br><span class=\"muted\">{}{}</span>",
                    match p.channel {
                        "mail" => c.t("pr. mail", "by mail"),
                        _ => c.t("på møde", "at a meeting"),
                    },
                    p.date
                        .map(|d| format!(" {}", esc(&c.date(Some(d)))))
                        .unwrap_or_default()
                ))
                .unwrap_or_default(),
            esc(&makers),
        );
    }
    h.push_str("</tbody></table>\n");
    h
}

fn attendance(m: &Meeting) -> String {
    if m.state != MeetingState::Held {
        return String::new();
    }
    format!("{}/{}", m.present().count(), m.participants.len())
}

fn meetings(c: &Ctx<'_>, url: &str) -> String {
    let r = &c.repo.records;
    let mut h = String::new();
    let waiting: Vec<&Decision> = r
        .decisions
        .iter()
        .filter(|d| d.state() == DecisionStatus::Proposed)
        .collect();
    for b in &r.bodies {
        let ms: Vec<&Meeting> = r.meetings.iter().filter(|m| m.body == b.key).collect();
        let _ = write!(
            h,
            "<section aria-labelledby=\"body-{k}\"><h2 id=\"body-{k}\">{}</h2>\n",
            esc(&b.name),
            k = esc(&b.key)
        );
        if let Some(rule) = &b.recurrence {
            let _ = write!(
                h,
                "<p>{} {}.</p>\n",
                esc(c.t("Afholdes", "Meets")),
                esc(rule)
            );
        }
        if ms.iter().any(|m| m.date.is_some()) {
            let feed = format!("/{}/{}.ics", crate::ical::DIR, escape_path(&b.key));
            let _ = writeln!(
                h,
                "<p><a href=\"{}\">{}</a></p>",
                esc(&forvalt_model::url::relative(url, &feed)),
                esc(&format!(
                    "{} ({})",
                    c.t(
                        "Abonnér på møderne i din kalender",
                        "Subscribe to the meetings in your calendar"
                    ),
                    b.name
                )),
            );
        }
        let (upcoming, past): (Vec<&&Meeting>, Vec<&&Meeting>) = ms
            .iter()
            .partition(|m| m.date.is_some_and(|d| d >= c.today));
        for (title, list, rev) in [
            (c.t("Kommende møder", "Upcoming meetings"), upcoming, false),
            (c.t("Tidligere møder", "Past meetings"), past, true),
        ] {
            let _ = write!(h, "<h3>{}</h3>\n", esc(title));
            if list.is_empty() {
                let _ = write!(h, "<p>{}</p>\n", esc(c.t("Ingen.", "None.")));
                continue;
            }
            let _ = write!(
                h,
                "<table class=\"records\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
                esc(c.t("Møde", "Meeting")),
                esc(c.t("Tilstand", "State")),
                esc(c.t("Referat", "Minutes")),
                esc(c.t("Fremmøde", "Attendance")),
                esc(c.t("Beslutninger", "Decisions")),
            );
            let mut list = list;
            if rev {
                list.reverse();
            }
            for m in list {
                let decisions: Vec<String> = m
                    .decisions
                    .iter()
                    .map(|d| c.decision_link(url, d))
                    .collect();
                let _ = write!(
                    h,
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    c.link_to(url, &m.source, &c.meeting_title(m)),
                    esc(c.meeting_state(m)),
                    esc(c.minutes_state(m.minutes_state)),
                    attendance(m),
                    decisions.join("<br>"),
                );
            }
            h.push_str("</tbody></table>\n");
        }
        if !b.roster.is_empty() {
            let _ = write!(
                h,
                "<details><summary>{}</summary><ul>",
                esc(c.t(
                    "Medlemmer ifølge deltagerlisterne",
                    "Members according to the participant lists"
                ))
            );
            for m in &b.roster {
                let _ = write!(
                    h,
                    "<li>{}{} – {} {} {}</li>",
                    esc(&m.name),
                    m.role
                        .as_ref()
                        .map(|r| format!(" ({})", esc(r)))
                        .unwrap_or_default(),
                    m.present,
                    esc(c.t("af", "of")),
                    format_args!("{} {}", m.invited, esc(c.t("møder", "meetings")))
                );
            }
            h.push_str("</ul></details>\n");
        }
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<section aria-labelledby=\"afventer\"><h2 id=\"afventer\">{}</h2>\n",
        esc(c.t("Afventer beslutning", "Awaiting decision"))
    );
    if waiting.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(c.t(
                "Ingen forslag afventer beslutning.",
                "No proposal awaits a decision."
            ))
        );
    } else {
        h.push_str("<ul>");
        for d in waiting {
            let _ = write!(
                h,
                "<li>{} <span class=\"muted\">({})</span></li>",
                c.link_to(url, &d.source, &decision_title(d)),
                esc(&d
                    .decided_by
                    .as_ref()
                    .map(|f| f.raw.clone())
                    .unwrap_or_default())
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>\n");
    h
}

fn kr(amount: f64, da: bool) -> String {
    let n = amount.round() as i64;
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(if da { '.' } else { ',' });
        }
        out.push(ch);
    }
    format!("{}{out} kr.", if n < 0 { "-" } else { "" })
}

fn change_requests(c: &Ctx<'_>, url: &str) -> String {
    let r = &c.repo.records;
    let mut h = String::new();
    let funding: Vec<_> = r
        .change_requests
        .iter()
        .filter(|x| x.crowdfunding)
        .collect();
    let total: f64 = funding.iter().map(|x| x.pledged()).sum();
    let _ = write!(
        h,
        "<p>{} {}. {} {} {}.</p>\n",
        r.change_requests.len(),
        esc(c.t("ændringsønsker", "change requests")),
        funding.len(),
        esc(c.t(
            "søger medfinansiering (crowdfunding); tilsagn i alt",
            "seek co-funding (crowdfunding); pledged in total"
        )),
        esc(&kr(total, c.da)),
    );
    let _ = write!(
        h,
        "<h2>{}</h2>\n<div class=\"board\">\n",
        esc(c.t("Tavle", "Board"))
    );
    for s in ChangeStatus::ALL {
        let items: Vec<_> = r
            .change_requests
            .iter()
            .filter(|x| x.state() == Some(s))
            .collect();
        let _ = write!(
            h,
            "<section class=\"board-column\" aria-label=\"{} ({})\"><h3>{} <span class=\"count\">{}</span></h3><ul>",
            esc(s.label()),
            items.len(),
            esc(s.label()),
            items.len()
        );
        for x in items {
            let _ = write!(
                h,
                "<li>{}{}{}</li>",
                c.link_to(url, &x.source, &x.title),
                x.score()
                    .map(|s| format!(
                        " <span class=\"muted\">({} {s})</span>",
                        esc(c.t("score", "score"))
                    ))
                    .unwrap_or_default(),
                if x.crowdfunding {
                    format!(
                        " <span class=\"badge funding\">{}</span>",
                        esc(c.t("crowdfunding", "crowdfunding"))
                    )
                } else {
                    String::new()
                }
            );
        }
        h.push_str("</ul></section>\n");
    }
    h.push_str("</div>\n");
    let mut sorted: Vec<_> = r.change_requests.iter().collect();
    sorted.sort_by(|a, b| b.score().cmp(&a.score()).then(a.id.cmp(&b.id)));
    let _ = write!(
        h,
        "<h2>{}</h2>\n<table class=\"records sortable\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" aria-sort=\"descending\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
        esc(c.t("Efter prioritet", "By priority")),
        esc(c.t(
            "Ændringsønsker sorteret efter prioritetsscore",
            "Change requests by priority score"
        )),
        esc(c.t("Ønske", "Request")),
        esc(c.t("Status", "Status")),
        esc(c.t("Score", "Score")),
        esc(c.t("Tilsagn", "Pledged")),
        esc(c.t("Issue", "Issue")),
    );
    for x in sorted {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td data-value=\"{}\">{}</td><td>{}</td><td>{}</td></tr>\n",
            c.link_to(url, &x.source, &x.title),
            esc(x.state().map_or("", |s| s.label())),
            x.score().unwrap_or(0),
            x.score()
                .map(|s| s.to_string())
                .unwrap_or_else(|| "–".into()),
            if x.pledges.is_empty() {
                String::new()
            } else {
                esc(&kr(x.pledged(), c.da))
            },
            x.issue.map(|n| format!("#{n}")).unwrap_or_default(),
        );
    }
    h.push_str("</tbody></table>\n");
    h
}

fn actions(c: &Ctx<'_>, url: &str) -> String {
    let r = &c.repo.records;
    let mut h = String::new();
    let open: Vec<_> = r.actions.iter().filter(|a| !a.done).collect();
    let mut overdue: Vec<_> = open
        .iter()
        .filter(|a| a.due.is_some_and(|d| d < c.today))
        .copied()
        .collect();
    overdue.sort_by_key(|a| a.due);
    let rest: Vec<_> = open
        .iter()
        .filter(|a| a.due.is_none_or(|d| d >= c.today))
        .copied()
        .collect();
    let _ = write!(
        h,
        "<p>{} {}, {} {}.</p>\n",
        open.len(),
        esc(c.t("åbne opgaver", "open actions")),
        overdue.len(),
        esc(c.t("overskredet", "overdue"))
    );
    let table = |h: &mut String, title: &str, list: &[&forvalt_model::records::Action]| {
        let _ = write!(
            h,
            "<h2>{}</h2>\n<table class=\"records\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
            esc(title),
            esc(c.t("Frist", "Due")),
            esc(c.t("Ansvarlig", "Owner")),
            esc(c.t("Opgave", "Action")),
            esc(c.t("Aftalt på", "Agreed at")),
        );
        if list.is_empty() {
            let _ = write!(
                h,
                "<tr><td colspan=\"4\">{}</td></tr>",
                esc(c.t("Ingen.", "None."))
            );
        }
        for a in list {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                c.time_tag(a.due),
                esc(a.owner.as_deref().unwrap_or("")),
                esc(&a.text),
                a.meeting
                    .as_deref()
                    .map(|m| c.meeting_link(url, m))
                    .unwrap_or_default(),
            );
        }
        h.push_str("</tbody></table>\n");
    };
    table(&mut h, c.t("Overskredet", "Overdue"), &overdue);
    table(&mut h, c.t("Åbne", "Open"), &rest);
    let done: Vec<_> = r.actions.iter().filter(|a| a.done).collect();
    let _ = write!(
        h,
        "<details><summary>{} ({})</summary>",
        esc(c.t("Udførte opgaver", "Done")),
        done.len()
    );
    table(&mut h, c.t("Udført", "Done"), &done);
    h.push_str("</details>\n");
    h
}

fn status_report(c: &Ctx<'_>, url: &str, roadmaps: &[(usize, Vec<RoadmapItem>)]) -> String {
    let r = &c.repo.records;
    let mut h = String::new();
    let _ = write!(
        h,
        "<p>{} {}.</p>\n",
        esc(c.t("Opgjort pr.", "As of")),
        c.time_tag(Some(c.today))
    );
    // Roadmap items across the site's gantt charts.
    let mut due = Vec::new();
    let mut late = Vec::new();
    let mut done = Vec::new();
    let mut milestones = Vec::new();
    let horizon = c
        .today
        .checked_add(jiff::Span::new().days(60))
        .unwrap_or(c.today);
    for (i, items) in roadmaps {
        let p = &c.repo.pages[*i];
        for item in items {
            let entry = (item.clone(), p.url.as_str(), p.title.as_str());
            if item.milestone {
                if item.end <= c.today {
                    milestones.push(entry);
                }
                continue;
            }
            if item.done {
                if item.end
                    >= c.today
                        .checked_sub(jiff::Span::new().days(90))
                        .unwrap_or(c.today)
                    && item.end <= c.today
                {
                    done.push(entry);
                }
            } else if item.end < c.today {
                late.push(entry);
            } else if item.end <= horizon {
                due.push(entry);
            }
        }
    }
    let list = |h: &mut String, title: &str, items: &mut Vec<(RoadmapItem, &str, &str)>| {
        items.sort_by(|a, b| (a.0.end, &a.0.name).cmp(&(b.0.end, &b.0.name)));
        let _ = write!(h, "<h2>{} ({})</h2>\n", esc(title), items.len());
        if items.is_empty() {
            let _ = write!(h, "<p>{}</p>\n", esc(c.t("Ingen.", "None.")));
            return;
        }
        h.push_str("<ul>");
        for (it, u, t) in items.iter() {
            let _ = write!(
                h,
                "<li>{} – {} <span class=\"muted\">(<a href=\"{}\">{}</a>)</span></li>",
                c.time_tag(Some(it.end)),
                esc(&it.name),
                esc(&relative(url, u)),
                esc(t)
            );
        }
        h.push_str("</ul>\n");
    };
    list(
        &mut h,
        c.t("Forsinkede aktiviteter", "Late roadmap items"),
        &mut late,
    );
    list(
        &mut h,
        c.t(
            "Aktiviteter der slutter inden for 60 dage",
            "Roadmap items due within 60 days",
        ),
        &mut due,
    );
    list(
        &mut h,
        c.t("Afsluttet de seneste 90 dage", "Done in the last 90 days"),
        &mut done,
    );
    list(
        &mut h,
        c.t("Nåede milepæle", "Milestones reached"),
        &mut milestones,
    );
    let waiting: Vec<_> = r
        .decisions
        .iter()
        .filter(|d| d.state() == DecisionStatus::Proposed)
        .collect();
    let _ = write!(
        h,
        "<h2>{} ({})</h2>\n<ul>",
        esc(c.t("Beslutninger der afventer", "Decisions awaiting")),
        waiting.len()
    );
    for d in waiting {
        let _ = write!(
            h,
            "<li>{}</li>",
            c.link_to(url, &d.source, &decision_title(d))
        );
    }
    h.push_str("</ul>\n");
    let active: Vec<_> = r
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
        .collect();
    let _ = write!(
        h,
        "<h2>{} ({})</h2>\n<ul>",
        esc(c.t("Ændringsønsker i gang", "Change requests in progress")),
        active.len()
    );
    for x in active {
        let _ = write!(
            h,
            "<li>{} – {}</li>",
            c.link_to(url, &x.source, &x.title),
            esc(x.state().map_or("", |s| s.label()))
        );
    }
    h.push_str("</ul>\n");
    let overdue: Vec<_> = r
        .actions
        .iter()
        .filter(|a| !a.done && a.due.is_some_and(|d| d < c.today))
        .collect();
    let _ = write!(
        h,
        "<h2>{} ({})</h2>\n<ul>",
        esc(c.t("Overskredne opgaver", "Overdue actions")),
        overdue.len()
    );
    for a in overdue {
        let _ = write!(
            h,
            "<li>{} – {}{}</li>",
            c.time_tag(a.due),
            esc(a.owner.as_deref().unwrap_or("")),
            format_args!(": {}", esc(&a.text))
        );
    }
    h.push_str("</ul>\n");
    h
}

/// The metadata card of a decision or meeting page (empty for other pages).
pub(crate) fn card(c: &Ctx<'_>, path: &str, url: &str) -> String {
    if let Some(d) = c.decision_at.get(path) {
        return decision_card(c, d, url);
    }
    if let Some(m) = c.meeting_at.get(path) {
        return meeting_card(c, m, url);
    }
    String::new()
}

fn row(h: &mut String, key: &str, value: &str) {
    if !value.is_empty() {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(key), value);
    }
}

fn decision_card(c: &Ctx<'_>, d: &Decision, url: &str) -> String {
    let mut h = format!(
        "<aside class=\"record-card\" aria-label=\"{}\"><dl>",
        esc(c.t("Om beslutningen", "About the decision"))
    );
    row(
        &mut h,
        c.t("Type", "Type"),
        &esc(
            &match (d.kind, d.decision_type.as_ref().and_then(|t| t.value)) {
                (Some(k), Some(t)) => format!("{} ({})", k.code(), t.label()),
                (Some(k), None) => k.code().to_string(),
                (None, Some(t)) => t.label().to_string(),
                (None, None) => String::new(),
            },
        ),
    );
    let state = d.state();
    let status = match &d.status {
        Some(s) => format!(
            "<span class=\"badge {}\">{}</span>{}",
            status_class(state),
            esc(c.status_label(state)),
            if d.status_in_vocabulary {
                String::new()
            } else {
                format!(" <span class=\"muted\">({})</span>", esc(&s.raw))
            }
        ),
        None => String::new(),
    };
    row(&mut h, c.t("Status", "Status"), &status);
    // The status over time, from git.
    if let (Some(hist), Some(path)) = (c.repo.history.as_ref(), d.source.path())
        && let Some(dh) = hist.decisions.get(path)
        && dh.statuses.len() > 1
    {
        let steps: Vec<String> = dh
            .statuses
            .iter()
            .map(|s| {
                let day = hist
                    .revisions
                    .get(s.revision)
                    .and_then(|r| jiff::Timestamp::from_second(r.time).ok())
                    .map(|t| t.to_zoned(c.repo.time_zone.clone()).date());
                format!("{} ({})", esc(&s.status), c.time_tag(day))
            })
            .collect();
        row(
            &mut h,
            c.t("Statushistorik", "Status history"),
            &steps.join(" → "),
        );
    }
    row(&mut h, c.t("Dato", "Date"), &c.time_tag(d.day()));
    row(
        &mut h,
        c.t("Beslutningstagere", "Decision makers"),
        &esc(&d
            .decided_by
            .as_ref()
            .map(|f| f.value.clone().unwrap_or_default().join(", "))
            .unwrap_or_default()),
    );
    if let Some(m) = &d.decided_at {
        row(
            &mut h,
            c.t("Besluttet på", "Decided at"),
            &c.meeting_link(url, m),
        );
    }
    let meetings: Vec<String> = d
        .meetings
        .iter()
        .filter(|m| d.decided_at.as_ref() != Some(*m))
        .map(|m| c.meeting_link(url, m))
        .collect();
    row(
        &mut h,
        c.t("Behandlet på", "Discussed at"),
        &meetings.join(", "),
    );
    let sup: Vec<String> = d
        .supersedes
        .iter()
        .map(|x| c.decision_link(url, x))
        .collect();
    row(&mut h, c.t("Erstatter", "Supersedes"), &sup.join(", "));
    let by: Vec<String> = d
        .superseded_by
        .iter()
        .map(|x| c.decision_link(url, x))
        .collect();
    row(&mut h, c.t("Erstattet af", "Superseded by"), &by.join(", "));
    h.push_str("</dl></aside>\n");
    h
}

fn meeting_card(c: &Ctx<'_>, m: &Meeting, url: &str) -> String {
    let mut h = format!(
        "<aside class=\"record-card\" aria-label=\"{}\"><dl>",
        esc(c.t("Om mødet", "About the meeting"))
    );
    row(&mut h, c.t("Organ", "Body"), &esc(&c.body_name(&m.body)));
    let when = format!(
        "{}{}",
        c.time_tag(m.date),
        m.time
            .as_ref()
            .map(|t| format!(
                ", {} {}{}",
                c.t("kl.", "at"),
                t.start,
                t.end.as_ref().map(|e| format!("–{e}")).unwrap_or_default()
            ))
            .unwrap_or_default()
    );
    row(&mut h, c.t("Tid", "Time"), &when);
    row(
        &mut h,
        c.t("Sted", "Place"),
        &esc(m.place.as_deref().unwrap_or("")),
    );
    row(&mut h, c.t("Tilstand", "State"), &esc(c.meeting_state(m)));
    row(
        &mut h,
        c.t("Referat", "Minutes"),
        &esc(c.minutes_state(m.minutes_state)),
    );
    if m.state == MeetingState::Held {
        let absent: Vec<&str> = m
            .participants
            .iter()
            .filter(|p| !p.checked)
            .map(|p| p.name.as_str())
            .collect();
        row(
            &mut h,
            c.t("Fremmøde", "Attendance"),
            &format!(
                "{} {} {}{}",
                m.present().count(),
                esc(c.t("af", "of")),
                m.participants.len(),
                if absent.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({}: {})",
                        esc(c.t("fraværende", "absent")),
                        esc(&absent.join(", "))
                    )
                }
            ),
        );
    }
    row(
        &mut h,
        c.t("Mødeleder", "Chair"),
        &esc(m.facilitator.as_deref().unwrap_or("")),
    );
    row(
        &mut h,
        c.t("Referent", "Minute-taker"),
        &esc(m.minute_taker.as_deref().unwrap_or("")),
    );
    let decisions: Vec<String> = m
        .decisions
        .iter()
        .map(|d| c.decision_link(url, d))
        .collect();
    row(
        &mut h,
        c.t("Beslutninger", "Decisions"),
        &decisions.join("<br>"),
    );
    let outcomes: Vec<String> = m
        .agenda
        .iter()
        .filter(|a| a.outcomes.iter().any(|o| o.kind == "decision"))
        .map(|a| esc(format!("{} {}", a.number.clone().unwrap_or_default(), a.title).trim()))
        .collect();
    row(
        &mut h,
        c.t("Besluttet under punkt", "Decided under item"),
        &outcomes.join("<br>"),
    );
    h.push_str("</dl></aside>\n");
    h
}

/// Computed scores and a heat map for the priority and risk matrices in a page's Markdown.
pub(crate) fn matrices(repo: &Repository, markdown: &str) -> String {
    let da = repo.danish();
    let (found, _) = matrix::find_matrices(markdown);
    let mut h = String::new();
    for m in &found {
        if m.rows.iter().all(|r| r.computed.is_none()) {
            continue;
        }
        let (title, what) = match m.kind {
            MatrixKind::Priority => (
                if da {
                    "Beregnet prioritet"
                } else {
                    "Computed priority"
                },
                if da {
                    "sum af scorerne"
                } else {
                    "sum of the scores"
                },
            ),
            MatrixKind::Risk => (
                if da {
                    "Beregnet risiko"
                } else {
                    "Computed risk"
                },
                if da {
                    "sandsynlighed × konsekvens"
                } else {
                    "likelihood × impact"
                },
            ),
        };
        let _ = write!(
            h,
            "<section class=\"matrix\"><h2>{}</h2><table class=\"records heatmap\"><caption>{} ({})</caption><thead><tr><th scope=\"col\">{}</th>",
            esc(title),
            esc(title),
            esc(what),
            if da { "Emne" } else { "Item" }
        );
        for &ci in &m.criteria {
            let _ = write!(
                h,
                "<th scope=\"col\">{}</th>",
                esc(m.header.get(ci).map_or("", String::as_str))
            );
        }
        let _ = write!(
            h,
            "<th scope=\"col\">{}</th></tr></thead><tbody>",
            if da { "Beregnet" } else { "Computed" }
        );
        let max = if m.kind == MatrixKind::Risk {
            25.0
        } else {
            5.0 * m.criteria.len() as f64
        };
        for r in m.ranked() {
            let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(&r.label));
            for s in &r.scores {
                match s {
                    Some(v) => {
                        let _ = write!(h, "<td class=\"heat heat-{v}\">{v}</td>");
                    }
                    None => h.push_str("<td>–</td>"),
                }
            }
            match r.computed {
                Some(v) => {
                    let level = ((v / max) * 5.0).ceil().clamp(1.0, 5.0) as u8;
                    let shown = if v.fract() == 0.0 {
                        format!("{v:.0}")
                    } else {
                        format!("{v:.1}")
                    };
                    let _ = write!(
                        h,
                        "<td class=\"heat heat-{level}\"><strong>{shown}</strong></td>"
                    );
                }
                None => h.push_str("<td>–</td>"),
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table></section>\n");
    }
    h
}
