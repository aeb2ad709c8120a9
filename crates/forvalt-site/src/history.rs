//! Document history on the site: "Oprettet" and "Sidst opdateret" from git on every page,
//! and a "Historik" page per document listing its commits, linked to the forge.

use crate::records::esc;
use forvalt_model::history::{Histories, HistorySource};
use forvalt_model::url::escape_path;
use forvalt_model::{Page, Repository};
use std::fmt::Write as _;

/// Where a page's history page is published: `docs/a.html` → `docs/a-historik.html`.
pub(crate) fn output_of(page: &Page) -> String {
    match page.output.strip_suffix(".html") {
        Some(stem) => format!("{stem}-historik.html"),
        None => format!("{}-historik.html", page.output.trim_end_matches('/')),
    }
}

/// The git history of a page, when there is one with commits.
pub(crate) fn of<'a>(repo: &'a Repository, page: &Page) -> Option<&'a Histories> {
    let h = repo.history.as_ref()?;
    (h.source == HistorySource::Git && h.of(&page.path).is_some_and(|d| !d.revisions.is_empty()))
        .then_some(h)
}

/// The content of a page's history page.
pub(crate) fn page_html(
    repo: &Repository,
    page: &Page,
    h: &Histories,
    repository: Option<&str>,
    page_href: &str,
    danish: bool,
) -> String {
    let t = |da: &'static str, en: &'static str| if danish { da } else { en };
    let Some(doc) = h.of(&page.path) else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>{} <a href=\"{}\">{}</a>. {}</p>",
        esc(t("Ændringerne i", "The changes to")),
        esc(page_href),
        esc(&page.title),
        esc(t(
            "Nyeste først, som de står i versionsstyringen (git).",
            "Newest first, as recorded in version control (git)."
        )),
    );
    if !doc.former_paths.is_empty() {
        let _ = writeln!(
            out,
            "<p>{} {}</p>",
            esc(t("Tidligere filnavn:", "Former file names:")),
            doc.former_paths
                .iter()
                .map(|p| format!("<code>{}</code>", esc(p)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if h.shallow {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            esc(t(
                "Historikken er afkortet: siden er bygget fra en kopi uden den ældre historik (shallow clone).",
                "The history is cut short: the site was built from a copy without the older history (a shallow clone)."
            ))
        );
    }
    let _ = writeln!(
        out,
        "<table class=\"history\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(&format!(
            "{} ({} {})",
            t("Ændringer", "Changes"),
            doc.revisions.len(),
            if doc.revisions.len() == 1 {
                t("ændring", "change")
            } else {
                t("ændringer", "changes")
            }
        )),
        esc(t("Dato", "Date")),
        esc(t("Ændring", "Change")),
        esc(t("Af", "By")),
        esc(t("Version", "Version")),
    );
    for i in &doc.revisions {
        let Some(r) = h.revisions.get(*i) else {
            continue;
        };
        let date = jiff::Timestamp::from_second(r.time)
            .ok()
            .map(|t| t.to_zoned(repo.time_zone.clone()).date());
        let (shown, iso) = date
            .map(|d| (forvalt_model::dates::long_date(d, danish), d.to_string()))
            .unwrap_or_default();
        let version = match repository {
            Some(base) => format!(
                "<a href=\"{}/commit/{}\"><code>{}</code></a>",
                esc(base.trim_end_matches('/')),
                esc(&r.id),
                esc(r.short())
            ),
            None => format!("<code>{}</code>", esc(r.short())),
        };
        let _ = writeln!(
            out,
            "<tr><td><time datetime=\"{iso}\">{}</time></td><td>{}</td><td>{}</td><td>{version}</td></tr>",
            esc(&shown),
            esc(&r.summary),
            esc(&r.author),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The URL of a history page.
pub(crate) fn url_of(page: &Page) -> String {
    format!("/{}", escape_path(&output_of(page)))
}

/// The "Ændringer" section under a page's roadmaps: what its last version changed in the
/// charts, compared with the version before.
pub(crate) fn roadmap_section(repo: &Repository, page: &Page, danish: bool) -> String {
    use forvalt_model::history::ItemChange;
    let Some(h) = repo.history.as_ref() else {
        return String::new();
    };
    let Some(rc) = h.roadmaps.get(&page.path) else {
        return String::new();
    };
    let t = |da: &'static str, en: &'static str| if danish { da } else { en };
    let day = |r: usize| {
        h.revisions
            .get(r)
            .and_then(|r| jiff::Timestamp::from_second(r.time).ok())
            .map(|ts| {
                forvalt_model::dates::long_date(ts.to_zoned(repo.time_zone.clone()).date(), danish)
            })
            .unwrap_or_default()
    };
    let date = |d: Option<jiff::civil::Date>| {
        d.map(|d| forvalt_model::dates::long_date(d, danish))
            .unwrap_or_else(|| "?".into())
    };
    let days = |n: i64, w: Option<i64>| {
        let word = if n.abs() == 1 {
            t("dag", "day")
        } else {
            t("dage", "days")
        };
        let mut s = format!("{} {word}", n.abs());
        if let Some(w) = w.filter(|w| *w != n) {
            let ww = if w.abs() == 1 {
                t("arbejdsdag", "working day")
            } else {
                t("arbejdsdage", "working days")
            };
            s.push_str(&format!(" ({} {ww})", w.abs()));
        }
        s
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<section class=\"roadmap-changes\" aria-labelledby=\"aendringer-titel\">\n<h2 id=\"aendringer-titel\">{}</h2>\n",
        esc(t("Ændringer i køreplanen", "Changes to the roadmap")),
    );
    let charts_html = |charts: &[forvalt_model::history::ChartDiff], out: &mut String| {
        for c in charts {
            if let Some(title) = &c.title {
                let _ = writeln!(out, "<h4>{}</h4>", esc(title));
            }
            out.push_str("<ul>\n");
            for s in &c.settings {
                let _ = writeln!(
                    out,
                    "<li>{} <code>{}</code>: <code>{}</code> → <code>{}</code></li>",
                    esc(t("Indstillingen", "The setting")),
                    esc(&s.name),
                    esc(if s.before.is_empty() {
                        "–"
                    } else {
                        &s.before
                    }),
                    esc(if s.after.is_empty() { "–" } else { &s.after })
                );
            }
            for ch in &c.items {
                let line = match ch {
                    ItemChange::Added { item } => format!(
                        "<strong>{}</strong> {} ({} – {})",
                        esc(t("Ny:", "New:")),
                        esc(&item.name),
                        esc(&date(item.start)),
                        esc(&date(item.end))
                    ),
                    ItemChange::Removed { item } => format!(
                        "<strong>{}</strong> {}",
                        esc(t("Fjernet:", "Removed:")),
                        esc(&item.name)
                    ),
                    ItemChange::Changed {
                        before,
                        after,
                        renamed,
                        start_days,
                        end_days,
                        start_working_days,
                        end_working_days,
                    } => {
                        let mut parts = Vec::new();
                        if *renamed {
                            parts.push(format!(
                                "{} {} → {}",
                                esc(t("omdøbt:", "renamed:")),
                                esc(&before.name),
                                esc(&after.name)
                            ));
                        }
                        let shift =
                            |what: &str,
                             d: Option<i64>,
                             w: Option<i64>,
                             from: Option<jiff::civil::Date>,
                             to: Option<jiff::civil::Date>| {
                                let d = d.filter(|d| *d != 0)?;
                                let dir = if d > 0 {
                                    t("udskudt", "moved later by")
                                } else {
                                    t("fremrykket", "moved earlier by")
                                };
                                Some(format!(
                                    "{what} {dir} {} ({} → {})",
                                    esc(&days(d, w)),
                                    esc(&date(from)),
                                    esc(&date(to))
                                ))
                            };
                        if after.milestone {
                            parts.extend(shift(
                                t("milepælen", "the milestone"),
                                *start_days,
                                *start_working_days,
                                before.start,
                                after.start,
                            ));
                        } else {
                            parts.extend(shift(
                                t("start", "start"),
                                *start_days,
                                *start_working_days,
                                before.start,
                                after.start,
                            ));
                            parts.extend(shift(
                                t("slut", "end"),
                                *end_days,
                                *end_working_days,
                                before.end,
                                after.end,
                            ));
                        }
                        format!(
                            "<strong>{}</strong>: {}",
                            esc(&after.name),
                            parts.join("; ")
                        )
                    }
                };
                let _ = writeln!(out, "<li>{line}</li>");
            }
            out.push_str("</ul>\n");
        }
    };
    if !rc.charts.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p>{} {}{}.</p>",
            esc(t("Seneste ændring", "Latest change")),
            esc(t(
                "Sammenlignet med versionen fra",
                "Compared with the version of"
            )),
            esc(&day(rc.since)),
            match rc.at {
                Some(a) => format!("; {} {}", esc(t("ændret", "changed on")), esc(&day(a))),
                None => format!(
                    "; {}",
                    esc(t(
                        "ændringerne er endnu ikke gemt i versionsstyringen",
                        "the changes are not yet committed"
                    ))
                ),
            }
        );
        charts_html(&rc.charts, &mut out);
    }
    if let Some(b) = &rc.baseline {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p>{} {}.</p>",
            esc(t("Siden baseline", "Since the baseline")),
            esc(t(
                "Sammenlignet med den godkendte plan fra",
                "Compared with the approved plan of"
            )),
            esc(&day(b.revision)),
        );
        charts_html(&b.charts, &mut out);
    }
    if !rc.milestones.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table class=\"milestone-slip\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            esc(t("Milepælenes forskydning", "Milestone slippage")),
            esc(t("Milepæl", "Milestone")),
            esc(t("Først planlagt", "First planned")),
            esc(t("Nu", "Now")),
            esc(t("Forskydning", "Slippage")),
            esc(t("Datoer i versionerne", "Dates in the versions")),
        );
        for m in &rc.milestones {
            let slip = m
                .slipped_days()
                .map(|d| {
                    if d == 0 {
                        t("ingen", "none").to_string()
                    } else {
                        format!("{}{}", if d > 0 { "+" } else { "−" }, days(d.abs(), None))
                    }
                })
                .unwrap_or_default();
            let trail: Vec<String> = m
                .dates
                .iter()
                .map(|(r, d)| {
                    format!(
                        "{} ({} {})",
                        esc(&date(Some(*d))),
                        esc(t("version", "version of")),
                        esc(&day(*r))
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&m.name),
                esc(&date(m.dates.first().map(|d| d.1))),
                esc(&date(m.now)),
                esc(&slip),
                trail.join(" → "),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
    out
}

/// Where the "Siden sidste møde" overview is published.
pub(crate) const SINCE_OUTPUT: &str = "forvaltning/siden-sidste-moede.html";

/// "Siden sidste møde": for each body, what changed since its last meeting — decisions,
/// roadmap changes and documents — to bring to the next one.
pub(crate) fn since_last_meeting(repo: &Repository, url: &str, danish: bool) -> Option<String> {
    use forvalt_model::records::MeetingState;
    let h = repo
        .history
        .as_ref()
        .filter(|h| h.source == HistorySource::Git)?;
    let t = |da: &'static str, en: &'static str| if danish { da } else { en };
    let today = repo.now.date();
    let zone = repo.time_zone.clone();
    let day_of = |secs: i64| {
        jiff::Timestamp::from_second(secs)
            .ok()
            .map(|ts| ts.to_zoned(zone.clone()).date())
    };
    let published = |path: &str| {
        repo.pages
            .iter()
            .position(|p| p.path == path)
            .is_some_and(|i| repo.published.get(i).copied().unwrap_or(false))
    };
    let link = |path: &str, title: &str| -> String {
        match repo
            .pages
            .iter()
            .find(|p| p.path == path && published(path))
        {
            Some(p) => format!(
                "<a href=\"{}\">{}</a>",
                esc(&forvalt_model::url::relative(url, &p.url)),
                esc(title)
            ),
            None => esc(title),
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>{}</p>",
        esc(t(
            "Hvad der er sket siden hvert organs seneste møde: beslutninger, ændringer i køreplanerne og ændrede dokumenter, til dagsordenen for næste møde.",
            "What happened since each body's latest meeting: decisions, roadmap changes and changed documents, for the next meeting's agenda."
        ))
    );
    let mut any = false;
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
        any = true;
        let in_period = |secs: i64| day_of(secs).is_some_and(|d| d > since && d <= today);
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"siden-{key}\">\n<h2 id=\"siden-{key}\">{} {} {}</h2>",
            esc(&body.name),
            esc(t("siden mødet", "since the meeting of")),
            esc(&forvalt_model::dates::long_date(since, danish)),
            key = esc(&crate::markdown::heading_id(&body.key)),
        );
        let _ = writeln!(
            out,
            "<p>{} {}.</p>",
            esc(t("Seneste møde:", "Latest meeting:")),
            link(meeting.source.path().unwrap_or(""), &meeting.title)
        );
        // Decisions dated in the period or whose status changed in it.
        let mut decisions = Vec::new();
        for d in &repo.records.decisions {
            let path = d.source.path().unwrap_or("");
            if !published(path) {
                continue;
            }
            let dated = d.day().is_some_and(|x| x > since && x <= today);
            let changed = h.decisions.get(path).and_then(|dh| {
                dh.statuses.iter().rev().find(|s| {
                    h.revisions
                        .get(s.revision)
                        .is_some_and(|r| in_period(r.time))
                })
            });
            if dated || changed.is_some() {
                let what = match changed {
                    Some(s) => format!(" — {} {}", esc(t("status:", "status:")), esc(&s.status)),
                    None => String::new(),
                };
                decisions.push(format!("<li>{}{what}</li>", link(path, &d.title)));
            }
        }
        // Roadmaps changed in the period.
        let roadmaps: Vec<String> = h
            .roadmaps
            .iter()
            .filter(|(path, _)| published(path))
            .filter(|(_, rc)| {
                rc.at
                    .and_then(|a| h.revisions.get(a))
                    .is_some_and(|r| in_period(r.time))
            })
            .filter_map(|(path, rc)| {
                let p = repo.pages.iter().find(|p| &p.path == path)?;
                let n: usize = rc.charts.iter().map(|c| c.items.len()).sum();
                Some(format!(
                    "<li>{} ({n} {})</li>",
                    link(path, &p.title),
                    if n == 1 {
                        t("ændring", "change")
                    } else {
                        t("ændringer", "changes")
                    }
                ))
            })
            .collect();
        // Other documents changed in the period.
        let mut docs: Vec<(i64, String)> = Vec::new();
        for (i, p) in repo.pages.iter().enumerate() {
            if !repo.published.get(i).copied().unwrap_or(false) {
                continue;
            }
            let Some(r) = h.last_modified(&p.path) else {
                continue;
            };
            if in_period(r.time) {
                docs.push((
                    r.time,
                    format!("<li>{} — {}</li>", link(&p.path, &p.title), esc(&r.summary)),
                ));
            }
        }
        docs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (title, items) in [
            (t("Beslutninger", "Decisions"), decisions),
            (t("Køreplaner", "Roadmaps"), roadmaps),
            (
                t("Ændrede dokumenter", "Changed documents"),
                docs.into_iter().map(|d| d.1).collect(),
            ),
        ] {
            let _ = writeln!(out, "<h3>{}</h3>", esc(title));
            if items.is_empty() {
                let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(t("Ingen.", "None.")));
            } else {
                let _ = writeln!(out, "<ul>\n{}\n</ul>", items.join("\n"));
            }
        }
        out.push_str("</section>\n");
    }
    any.then_some(out)
}

/// The note on a page published as its last approved version.
pub(crate) fn approved_note(repo: &Repository, page: &Page, danish: bool) -> String {
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
    let day = jiff::Timestamp::from_second(r.time)
        .map(|t| forvalt_model::dates::long_date(t.to_zoned(repo.time_zone.clone()).date(), danish))
        .unwrap_or_default();
    if danish {
        format!("Dette er den godkendte version fra {day}. En ny version er under udarbejdelse.")
    } else {
        format!("This is the approved version of {day}. A new version is being prepared.")
    }
}
