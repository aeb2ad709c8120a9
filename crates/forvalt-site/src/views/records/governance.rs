//! The computed level of a governance report on its page: the level the answers reach (and
//! the one the report states when they differ), what keeps the product from the next level,
//! the answers counted per level, and the level over time from git. A report without a page
//! of its own (a JSON self-evaluation) also gets its requirements as a table.

use crate::i18n::Strings;
use crate::views::{Day, day_of_second};
use forvalt_model::Repository;
use forvalt_model::governance::{self, Answer, Form, Level};
use serde::Serialize;

/// A report's computed level and counts.
#[derive(Debug, Clone, Serialize)]
pub struct Governance {
    /// The id of the section's heading (not taken by the page's own headings).
    pub title_id: String,
    /// What tells it apart when a page holds several reports (product, date).
    pub subtitle: Option<String>,
    /// The level reached, as shown (`Niveau 1`, `Sandkasse`, `Intet niveau`).
    pub reached: String,
    /// `none`, `sandkasse`, `1`, `2`, `3` (for the badge's colour).
    pub reached_key: &'static str,
    /// The level the report states, when it differs from the one reached.
    pub claimed: Option<String>,
    /// The next level, as shown.
    pub next: Option<String>,
    /// The requirements that keep the product from the next level.
    pub blocking: Vec<Blocking>,
    /// The columns of the counts (answers).
    pub columns: Vec<&'static str>,
    /// Per level: its name and the count in each column, then the total.
    pub rows: Vec<(String, Vec<usize>, usize)>,
    /// An assessment's pies: per level and for all, the level's name and the drawing.
    pub pies: Vec<(String, String)>,
    /// The level over the commits that changed it, oldest first (empty: it never changed).
    pub history: Vec<LevelStep>,
    /// The requirements, for a report whose own text is not shown (a JSON self-evaluation).
    pub requirements: Vec<Row>,
    /// Such a report's facts (label, value): who filled it in, when, the template's version.
    pub about: Vec<(&'static str, String)>,
    /// Such a report's file, relative to its page (to download and submit).
    pub file: Option<String>,
}

/// A report's level as a commit left it.
#[derive(Debug, Clone, Serialize)]
pub struct LevelStep {
    /// The commit's day.
    pub day: Option<Day>,
    /// The commit's first line.
    pub summary: String,
    /// The level reached, as shown.
    pub reached: String,
    /// The level stated, as shown.
    pub claimed: Option<String>,
    /// Requirements marked as met.
    pub met: usize,
    /// Requirements in the report.
    pub total: usize,
}

/// One requirement of a report shown as a table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `F14`.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its level, as shown.
    pub level: String,
    /// Its answer, as shown.
    pub answer: &'static str,
    /// The evidence: text, and `http(s)` addresses as links (text, address).
    pub evidence: Vec<(String, Option<String>)>,
}

/// A requirement that blocks the next level.
#[derive(Debug, Clone, Serialize)]
pub struct Blocking {
    /// `F14`.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its answer, as shown.
    pub answer: &'static str,
}

fn level_name(l: Option<Level>, s: &Strings) -> String {
    match l {
        None => s.t("gov_no_level").to_string(),
        Some(Level::Sandkasse) => s.t("gov_sandbox").to_string(),
        Some(l) => format!("{} {}", s.t("gov_level"), l.name()),
    }
}

/// The answers a form's counts are made of, and their labels' keys.
fn columns(form: Form) -> &'static [(&'static [Answer], &'static str)] {
    if form == Form::Assessment {
        &[
            (&[Answer::Green], "gov_green"),
            (&[Answer::Yellow], "gov_yellow"),
            (&[Answer::Red], "gov_red"),
            (&[Answer::Grey, Answer::Unassessed], "gov_grey"),
        ]
    } else {
        &[
            (&[Answer::Yes], "gov_met"),
            (&[Answer::No], "gov_not_met"),
            (&[Answer::NotRelevant], "gov_not_relevant"),
            (&[Answer::Unsure], "gov_unsure"),
            (&[Answer::Unanswered], "gov_unanswered"),
        ]
    }
}

fn answer_label(a: Answer, s: &Strings) -> &'static str {
    s.t(match a {
        Answer::Yes => "gov_met",
        Answer::No => "gov_not_met",
        Answer::NotRelevant => "gov_not_relevant",
        Answer::Unsure => "gov_unsure",
        Answer::Unanswered => "gov_unanswered",
        Answer::Green => "gov_green",
        Answer::Yellow => "gov_yellow",
        Answer::Red => "gov_red",
        Answer::Grey | Answer::Unassessed => "gov_grey",
    })
}

/// An assessment's lights per level and for all levels, as pies.
fn pies(report: &governance::Report, s: &Strings) -> Vec<(String, String)> {
    let levels = Level::ALL.iter().map(|&l| Some(l)).chain([None]);
    levels
        .map(|l| {
            let lights = [Answer::Green, Answer::Yellow, Answer::Red, Answer::Grey];
            let counts = lights.map(|a| {
                report
                    .requirements
                    .iter()
                    .filter(|q| l.is_none() || q.level == l)
                    .filter(|q| {
                        q.answer == a || (a == Answer::Grey && q.answer == Answer::Unassessed)
                    })
                    .count()
            });
            let name = match l {
                Some(_) => level_name(l, s),
                None => s.t("gov_all_levels").to_string(),
            };
            let label = format!(
                "{name}: {} {}, {} {}, {} {}, {} {}",
                counts[0],
                s.t("gov_green"),
                counts[1],
                s.t("gov_yellow"),
                counts[2],
                s.t("gov_red"),
                counts[3],
                s.t("gov_grey")
            );
            (name, crate::draw::pie::svg(counts, &label))
        })
        .collect()
}

/// The computed level of a governance report (read when the repository was loaded), for its
/// page; `None` for a template (nothing answered yet).
pub fn governance(report: &governance::Report, s: &Strings) -> Option<Governance> {
    let answered = |a: Answer| !matches!(a, Answer::Unanswered | Answer::Unassessed);
    if !report.requirements.iter().any(|q| answered(q.answer)) {
        return None;
    }
    let reached = report.reached();
    let claimed = report
        .level_claimed
        .as_ref()
        .and_then(|c| c.level)
        .filter(|c| Some(*c) != reached.level);
    let cols = columns(report.form);
    let rows = Level::ALL
        .iter()
        .map(|&l| {
            let at: Vec<_> = report
                .requirements
                .iter()
                .filter(|q| q.level == Some(l))
                .collect();
            let counts = cols
                .iter()
                .map(|(answers, _)| at.iter().filter(|q| answers.contains(&q.answer)).count())
                .collect();
            (level_name(Some(l), s), counts, at.len())
        })
        .collect();
    let pies = if report.form == Form::Assessment {
        pies(report, s)
    } else {
        Vec::new()
    };
    Some(Governance {
        title_id: "gov-title".into(),
        subtitle: None,
        history: Vec::new(),
        requirements: Vec::new(),
        about: Vec::new(),
        file: None,
        pies,
        reached: level_name(reached.level, s),
        reached_key: reached.level.map_or("none", Level::name),
        claimed: claimed.map(|c| level_name(Some(c), s)),
        next: reached.next.map(|n| level_name(Some(n), s)),
        blocking: reached
            .blocking
            .iter()
            .map(|&i| {
                let q = &report.requirements[i];
                Blocking {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    answer: answer_label(q.answer, s),
                }
            })
            .collect(),
        columns: cols.iter().map(|(_, k)| s.t(k)).collect(),
        rows,
    })
}

/// `base`, or `base-1`, … : the first not among `taken`.
fn free_id(base: &str, taken: &[&str]) -> String {
    let mut id = base.to_string();
    let mut k = 1;
    while taken.contains(&id.as_str()) {
        id = format!("{base}-{k}");
        k += 1;
    }
    id
}

/// The level of the report at `path` over the commits that changed it, when it changed.
fn history(repo: &Repository, path: &str, s: &Strings) -> Vec<LevelStep> {
    let Some(h) = repo.history.as_ref() else {
        return Vec::new();
    };
    let Some(changes) = h.governance.get(path).filter(|c| c.len() > 1) else {
        return Vec::new();
    };
    changes
        .iter()
        .map(|c| {
            let rev = h.revisions.get(c.revision);
            LevelStep {
                day: Day::of(
                    rev.and_then(|r| day_of_second(r.time, &repo.time_zone)),
                    repo.danish(),
                ),
                summary: rev.map(|r| r.summary.clone()).unwrap_or_default(),
                reached: level_name(c.reached, s),
                claimed: c.claimed.map(|l| level_name(Some(l), s)),
                met: c.met,
                total: c.total,
            }
        })
        .collect()
}

/// The governance reports the page at `path` holds, in order, each with a heading id that
/// none of `ids` (the page's own) has; the first one with its level over time.
pub fn on_page(repo: &Repository, path: &str, ids: &[&str], s: &Strings) -> Vec<Governance> {
    let mut taken: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    let mut out = Vec::new();
    let here: Vec<&governance::Found> = repo.governance.iter().filter(|f| f.path == path).collect();
    for (k, found) in here.iter().enumerate() {
        let Some(mut g) = governance(&found.report, s) else {
            continue;
        };
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        g.title_id = free_id("gov-title", &refs);
        taken.push(g.title_id.clone());
        if k == 0 {
            g.history = history(repo, path, s);
        }
        if here.len() > 1 {
            let r = &found.report;
            let parts: Vec<&str> = [r.product.as_deref(), r.date.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            g.subtitle = Some(if parts.is_empty() {
                format!("{} {}", s.t("gov_report"), k + 1)
            } else {
                parts.join(", ")
            });
        }
        out.push(g);
    }
    out
}

/// Text with its `http(s)` addresses as links.
fn linked(text: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut plain = String::new();
    for (k, word) in text.split(' ').enumerate() {
        let sep = if k == 0 { "" } else { " " };
        let url = word.trim_end_matches(['.', ',', ';', ')']);
        if url.starts_with("https://") || url.starts_with("http://") {
            plain.push_str(sep);
            out.push((std::mem::take(&mut plain), None));
            out.push((url.to_string(), Some(url.to_string())));
            plain.push_str(&word[url.len()..]);
        } else {
            plain.push_str(sep);
            plain.push_str(word);
        }
    }
    out.push((plain, None));
    out.retain(|(t, _)| !t.is_empty());
    out
}

/// A report whose text is not a page (a JSON self-evaluation), with its requirements as a
/// table and its level over time.
pub fn of_file(repo: &Repository, found: &governance::Found, s: &Strings) -> Option<Governance> {
    let mut g = governance(&found.report, s)?;
    let r = &found.report;
    g.history = history(repo, &found.path, s);
    // A date OS2's forms write (`2026-05-04`, `04-05-2026`) in the site's language.
    let date = r.date.as_ref().map(|d| {
        governance::iso_date(d)
            .parse::<jiff::civil::Date>()
            .map_or_else(|_| d.clone(), |x| Day::new(x, repo.danish()).text)
    });
    g.about = [
        ("gov_product", &r.product),
        ("gov_filled_by", &r.filled_by),
        ("gov_filled_date", &date),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((s.t(k), v.clone()?)))
    .collect();
    // `./` first: a name with a colon is no scheme.
    g.file = found
        .path
        .rsplit('/')
        .next()
        .map(|n| format!("./{}", forvalt_model::url::escape_path(n)));
    g.requirements = found
        .report
        .requirements
        .iter()
        .map(|q| Row {
            id: q.id.clone(),
            text: q.text.clone(),
            level: level_name(q.level, s),
            answer: answer_label(q.answer, s),
            evidence: linked(&q.evidence),
        })
        .collect();
    Some(g)
}
