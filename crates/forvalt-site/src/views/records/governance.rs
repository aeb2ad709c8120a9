//! The computed level of a governance report on its page: the level the answers reach (and
//! the one the report states when they differ), what keeps the product from the next level,
//! and the answers counted per level.

use crate::i18n::Strings;
use forvalt_model::governance::{self, Answer, Form, Level};
use serde::Serialize;

/// A report's computed level and counts.
#[derive(Debug, Clone, Serialize)]
pub struct Governance {
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
