//! Priority and risk matrices: Markdown pipe tables whose columns are criteria scored 1–5,
//! with a written total that templates leave as the placeholder "(Sum af scorerne)".
//!
//! Pure text analysis: nothing here reads files, prints or panics.

use crate::tables::{Table, tables};
use serde::Serialize;

/// What a matrix scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MatrixKind {
    /// Change requests scored on criteria; the total is the sum.
    Priority,
    /// Risks scored on likelihood and consequence; the total is their product.
    Risk,
}

/// A score table found in a Markdown text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// Priority or risk.
    pub kind: MatrixKind,
    /// Start of the table's byte range in the Markdown text.
    pub start: usize,
    /// End of the table's byte range (end of its last row, without the line break).
    pub end: usize,
    /// The header cells' texts, trimmed.
    pub header: Vec<String>,
    /// Indices of the columns scored 1–5.
    pub criteria: Vec<usize>,
    /// The column holding the written total ("Sum", "Score", "Samlet", "Risikoscore", …).
    pub total_column: Option<usize>,
    /// The body rows.
    pub rows: Vec<MatrixRow>,
}

/// One scored item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    /// 0-based line in the text.
    pub line: usize,
    /// The item: the first non-criterion column's text (skipping number columns like "Nr."
    /// when there is another), Markdown links reduced to their text.
    pub label: String,
    /// The cells' texts, trimmed, one per header column.
    pub cells: Vec<String>,
    /// Per criterion column: the score if it is an integer 1..=5.
    pub scores: Vec<Option<u8>>,
    /// Priority: the sum of the scores; risk: likelihood × consequence (else the sum);
    /// `None` when a needed score is missing.
    pub computed: Option<f64>,
    /// The total column's text as written (`None` when there is no such column or it is empty).
    pub written: Option<String>,
}

/// Something wrong (or unfinished) in a matrix, at a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixProblem {
    /// Start of the offending cell's byte range.
    pub start: usize,
    /// End of the offending cell's byte range.
    pub end: usize,
    /// `matrix::score-out-of-range`, `matrix::not-a-score`, `matrix::total-mismatch` or
    /// `matrix::placeholder-total` (a note).
    pub code: &'static str,
    /// What is wrong, in English, with Danish terms quoted as written.
    pub message: String,
}

/// Finds the score tables in a Markdown text (GFM pipe tables; code fences skipped).
pub fn find_matrices(markdown: &str) -> (Vec<Matrix>, Vec<MatrixProblem>) {
    let mut matrices = Vec::new();
    let mut problems = Vec::new();
    for table in tables(markdown) {
        if let Some(m) = analyse(&table, &mut problems) {
            matrices.push(m);
        }
    }
    (matrices, problems)
}

impl Matrix {
    /// Rows sorted by computed score, highest first (stable; missing last).
    pub fn ranked(&self) -> Vec<&MatrixRow> {
        let mut rows: Vec<&MatrixRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| match (a.computed, b.computed) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        rows
    }
}

// ---------------------------------------------------------------------------------------
// Cell values.

/// Strips emphasis and code marks around a text: `**17**` → `17`.
fn unmark(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let before = t;
        for mark in ["**", "__", "*", "_", "`"] {
            if t.len() >= 2 * mark.len() && t.starts_with(mark) && t.ends_with(mark) {
                t = t[mark.len()..t.len() - mark.len()].trim();
            }
        }
        if t == before {
            return t;
        }
    }
}

/// A cell's text with Markdown links reduced to their text and emphasis stripped.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            break;
        };
        let tail = &after[close + 1..];
        let target_end = if tail.starts_with('(') {
            tail.find(')')
        } else if tail.starts_with('[') {
            tail.find(']')
        } else {
            None
        };
        let keep = if rest[..open].ends_with('!') {
            &rest[..open - 1]
        } else {
            &rest[..open]
        };
        match target_end {
            Some(t) => {
                out.push_str(keep);
                out.push_str(&after[..close]);
                rest = &tail[t + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    unmark(&out).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Blank,
    Placeholder,
    Int(i64),
    Text,
}

/// `(Sum af scorerne)`, `<1-5>`, `…`.
fn is_placeholder(t: &str) -> bool {
    (t.starts_with('(') && t.ends_with(')'))
        || (t.starts_with('<') && t.ends_with('>'))
        || t == "…"
        || t == "..."
}

fn classify(text: &str) -> Value {
    let t = unmark(text);
    if t.is_empty() {
        return Value::Blank;
    }
    if is_placeholder(t) {
        return Value::Placeholder;
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = t.trim_start_matches('+').parse::<i64>()
    {
        return Value::Int(n);
    }
    Value::Text
}

/// A written total as a number: `14`, `**14**`, `12,5`.
fn number(text: &str) -> Option<f64> {
    let t = unmark(text).replace(',', ".");
    let ok = !t.is_empty()
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

// ---------------------------------------------------------------------------------------
// Columns.

/// A header's text for matching: plain, lower case, without a final `.` or `:`.
fn norm(header: &str) -> String {
    plain(header)
        .to_lowercase()
        .trim_end_matches(['.', ':'])
        .trim()
        .to_string()
}

fn is_id_header(h: &str) -> bool {
    matches!(
        h,
        "nr" | "#" | "id" | "nummer" | "løbenr" | "løbenummer" | "punkt" | "pkt" | "no" | "ref"
    )
}

fn is_total_header(h: &str) -> bool {
    ["sum", "score", "samlet", "total", "i alt", "prioritet"]
        .iter()
        .any(|w| h.contains(w))
}

const CRITERIA: [&str; 21] = [
    "værdi",
    "gevinst",
    "nytte",
    "udbredelse",
    "risiko",
    "omkostning",
    "kompleksitet",
    "indsats",
    "hastende",
    "haster",
    "strategisk",
    "sandsynlighed",
    "konsekvens",
    "effekt",
    "value",
    "effort",
    "cost",
    "impact",
    "likelihood",
    "probability",
    "urgency",
];

fn is_likelihood(h: &str) -> bool {
    ["sandsyn", "likelihood", "probability"]
        .iter()
        .any(|w| h.contains(w))
}

fn is_consequence(h: &str) -> bool {
    ["konsekv", "impact", "consequence"]
        .iter()
        .any(|w| h.contains(w))
}

fn is_risk_word(h: &str) -> bool {
    ["risiko", "risici", "risk"].iter().any(|w| h.contains(w))
}

// ---------------------------------------------------------------------------------------
// Analysis.

/// How many rows' written totals equal the sum of their scores in `criteria` (rows with a
/// score missing or not a score left out).
fn agreeing(table: &Table, criteria: &[usize], total: usize) -> usize {
    table
        .rows
        .iter()
        .filter(|(_, cells)| {
            let sum = criteria
                .iter()
                .try_fold(0i64, |sum, &c| match classify(&cells[c].text) {
                    Value::Int(n) => Some(sum + n),
                    _ => None,
                });
            sum.zip(number(unmark(&cells[total].text)))
                .is_some_and(|(s, w)| (s as f64 - w).abs() < 1e-9)
        })
        .count()
}

/// Adds each of the `maybe` columns to `criteria` when the written totals in column `total`
/// agree with the sums more often with it than without it.
fn settle(table: &Table, criteria: &mut Vec<usize>, maybe: &[usize], total: usize) {
    // Bounded: each try reads the table once.
    for &c in maybe.iter().take(16) {
        let without = agreeing(table, criteria, total);
        let mut with = criteria.clone();
        with.push(c);
        with.sort_unstable();
        if agreeing(table, &with, total) > without {
            *criteria = with;
        }
    }
}

fn analyse(table: &Table, problems: &mut Vec<MatrixProblem>) -> Option<Matrix> {
    let names: Vec<String> = table.header.iter().map(|c| norm(&c.text)).collect();
    let width = names.len();
    // A risk table's "Risiko" column names the risk; it is not a criterion.
    let scored_risk = names.iter().any(|h| is_likelihood(h) || is_consequence(h));
    let total_column = (0..width).rev().find(|&c| is_total_header(&names[c]));
    let mut criteria = Vec::new();
    // Unnamed columns of scores with a word or two among them ("høj"): criteria only if the
    // written totals say so.
    let mut maybe = Vec::new();
    let mut named_any = false;
    let mut in_range_any = false;
    for (c, h) in names.iter().enumerate() {
        if Some(c) == total_column || is_id_header(h) {
            continue;
        }
        let named = CRITERIA.iter().any(|w| h.contains(w)) && !(scored_risk && is_risk_word(h));
        let (mut ints, mut texts, mut in_range) = (0usize, 0usize, 0usize);
        for (_, cells) in &table.rows {
            match classify(&cells[c].text) {
                Value::Int(n) => {
                    ints += 1;
                    if (1..=5).contains(&n) {
                        in_range += 1;
                    }
                }
                Value::Text => texts += 1,
                Value::Blank | Value::Placeholder => {}
            }
        }
        let criterion = if named {
            ints >= texts
        } else {
            texts == 0 && ints > 0 && 2 * in_range >= ints
        };
        if !named && texts > 0 && ints >= 2 * texts && 2 * in_range >= ints {
            maybe.push(c);
        }
        if criterion {
            criteria.push(c);
            named_any |= named;
            in_range_any |= in_range > 0;
        }
    }
    if let Some(t) = total_column {
        settle(table, &mut criteria, &maybe, t);
    }
    if criteria.len() < 2 || !(named_any || in_range_any) {
        return None;
    }
    let risk = names.iter().enumerate().any(|(c, h)| {
        is_likelihood(h) || is_consequence(h) || (!criteria.contains(&c) && is_risk_word(h))
    });
    let kind = if risk {
        MatrixKind::Risk
    } else {
        MatrixKind::Priority
    };
    let product = match kind {
        MatrixKind::Risk => {
            let l = criteria.iter().position(|&c| is_likelihood(&names[c]));
            let k = criteria.iter().position(|&c| is_consequence(&names[c]));
            l.zip(k)
        }
        MatrixKind::Priority => None,
    };
    let how = match product {
        Some((l, k)) => format!(
            "\"{}\" × \"{}\"",
            table.header[criteria[l]].text, table.header[criteria[k]].text
        ),
        None => "the sum of the scores".to_string(),
    };
    let label_column = (0..width)
        .find(|&c| !criteria.contains(&c) && Some(c) != total_column && !is_id_header(&names[c]))
        .or_else(|| (0..width).find(|&c| !criteria.contains(&c) && Some(c) != total_column));

    let mut rows = Vec::new();
    for (line, cells) in &table.rows {
        let mut scores = Vec::with_capacity(criteria.len());
        for &c in &criteria {
            let cell = &cells[c];
            let column = &table.header[c].text;
            let score = match classify(&cell.text) {
                Value::Int(n) if (1..=5).contains(&n) => u8::try_from(n).ok(),
                Value::Int(n) => {
                    problems.push(MatrixProblem {
                        start: cell.start,
                        end: cell.end,
                        code: "matrix::score-out-of-range",
                        message: format!(
                            "score {n} in column \"{column}\" is outside the allowed range 1–5"
                        ),
                    });
                    None
                }
                Value::Text => {
                    problems.push(MatrixProblem {
                        start: cell.start,
                        end: cell.end,
                        code: "matrix::not-a-score",
                        message: format!(
                            "\"{}\" in column \"{column}\" is not a score: expected a whole number from 1 to 5",
                            cell.text
                        ),
                    });
                    None
                }
                Value::Blank | Value::Placeholder => None,
            };
            scores.push(score);
        }
        let computed = match product {
            Some((l, k)) => scores[l]
                .zip(scores[k])
                .map(|(a, b)| f64::from(a) * f64::from(b)),
            None => scores
                .iter()
                .try_fold(0.0, |sum, s| s.map(|s| sum + f64::from(s))),
        };
        let written = total_column
            .map(|c| &cells[c])
            .filter(|cell| !cell.text.is_empty());
        if let (Some(cell), Some(tc)) = (written, total_column) {
            let column = &table.header[tc].text;
            let w = unmark(&cell.text);
            if is_placeholder(w) {
                let message = match computed {
                    Some(v) => format!(
                        "the total in column \"{column}\" is the placeholder \"{}\"; the computed total is {v} ({how})",
                        cell.text
                    ),
                    None => format!(
                        "the total in column \"{column}\" is the placeholder \"{}\"; it cannot be computed until every criterion is scored",
                        cell.text
                    ),
                };
                problems.push(MatrixProblem {
                    start: cell.start,
                    end: cell.end,
                    code: "matrix::placeholder-total",
                    message,
                });
            } else if let (Some(n), Some(v)) = (number(w), computed)
                && (n - v).abs() > 1e-9
            {
                problems.push(MatrixProblem {
                    start: cell.start,
                    end: cell.end,
                    code: "matrix::total-mismatch",
                    message: format!(
                        "the written total {} in column \"{column}\" differs from the computed {v} ({how})",
                        cell.text
                    ),
                });
            }
        }
        rows.push(MatrixRow {
            line: *line,
            label: label_column
                .map(|c| plain(&cells[c].text))
                .unwrap_or_default(),
            cells: cells.iter().map(|c| c.text.clone()).collect(),
            scores,
            computed,
            written: written.map(|c| c.text.clone()),
        });
    }
    Some(Matrix {
        kind,
        start: table.start,
        end: table.end,
        header: table.header.iter().map(|c| c.text.clone()).collect(),
        criteria,
        total_column,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn example(path: &str) -> String {
        let dir = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        let file = format!("{dir}/../../examples/os2skolekoersel/docs/{path}");
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn row<'a>(m: &'a Matrix, label: &str) -> &'a MatrixRow {
        m.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    fn codes(problems: &[MatrixProblem]) -> Vec<&'static str> {
        problems.iter().map(|p| p.code).collect()
    }

    #[test]
    fn priority_example() {
        let md = example("Styring og forvaltning/prioriteringsmatrice.md");
        let (found, problems) = find_matrices(&md);
        // The criteria explanation table ("| Kriterie | 1 | 5 |") is not a matrix.
        assert_eq!(found.len(), 1);
        let m = &found[0];
        assert_eq!(m.kind, MatrixKind::Priority);
        assert_eq!(
            m.header,
            [
                "Nr.",
                "Ændringsønske",
                "Værdi",
                "Udbredelse",
                "Risiko",
                "Omkostning",
                "Samlet score"
            ]
        );
        assert_eq!(m.criteria, [2, 3, 4, 5]);
        assert_eq!(m.total_column, Some(6));
        assert_eq!(m.rows.len(), 8);
        assert!(md[m.start..m.end].starts_with("| Nr. |"));
        assert!(md[m.start..m.end].ends_with("| 2 | 2 | 4 | 4 | 12 |"));

        let sms = row(m, "SMS-besked ved forsinkelse");
        assert_eq!(sms.cells[0], "001");
        assert_eq!(sms.scores, [Some(4), Some(5), Some(4), Some(4)]);
        assert_eq!(sms.computed, Some(17.0));
        assert_eq!(sms.written.as_deref(), Some("17"));
        assert_eq!(
            md.lines().nth(sms.line).unwrap(),
            md[m.start..].lines().nth(2).unwrap()
        );
        assert_eq!(
            row(m, "Kombinerede ruter til specialskoler").computed,
            Some(13.0)
        );
        assert_eq!(row(m, "Forældre-app").computed, Some(10.0));
        let kort = row(m, "Kortvisning af stoppesteder");
        assert_eq!(kort.computed, Some(14.0));
        assert_eq!(kort.written.as_deref(), Some("(Sum af scorerne)"));
        assert_eq!(
            row(m, "Afstandsberegning ved skoleskift").computed,
            Some(15.0)
        );

        // Every written number agrees; 005 and 006 are placeholders.
        assert_eq!(codes(&problems), ["matrix::placeholder-total"; 2]);
        assert!(
            problems[0].message.contains("computed total is 14"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[1].message.contains("computed total is 15"),
            "{}",
            problems[1].message
        );
        for p in &problems {
            assert_eq!(&md[p.start..p.end], "(Sum af scorerne)");
        }

        let ranked: Vec<&str> = m.ranked().iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(
            ranked,
            ["001", "006", "003", "005", "002", "004", "008", "007"]
        );
    }

    #[test]
    fn risk_example() {
        let md = example("Styring og forvaltning/risikomatrice.md");
        let (found, problems) = find_matrices(&md);
        assert_eq!(found.len(), 1);
        let m = &found[0];
        assert_eq!(m.kind, MatrixKind::Risk);
        assert_eq!(m.criteria, [2, 3]);
        assert_eq!(m.total_column, Some(4));
        assert_eq!(m.rows.len(), 6);
        let r1 = &m.rows[0];
        assert_eq!(
            r1.label,
            "Ingen egnede tilbud i udbuddet af vedligeholdelsesaftalen"
        );
        assert_eq!(
            (r1.computed, r1.written.as_deref()),
            (Some(10.0), Some("10"))
        );
        assert_eq!(m.rows[1].computed, Some(12.0));
        assert_eq!(m.rows[2].computed, Some(8.0));
        assert_eq!(m.rows[4].computed, Some(6.0));
        let r4 = &m.rows[3];
        assert_eq!(r4.cells[0], "R4");
        assert_eq!(r4.scores, [Some(3), None]);
        assert_eq!(r4.computed, None);
        let r6 = &m.rows[5];
        assert_eq!(r6.computed, Some(5.0));

        assert_eq!(
            codes(&problems),
            [
                "matrix::score-out-of-range",
                "matrix::placeholder-total",
                "matrix::placeholder-total"
            ]
        );
        let six = &problems[0];
        assert_eq!(&md[six.start..six.end], "6");
        assert_eq!(
            six.message,
            "score 6 in column \"Konsekvens\" is outside the allowed range 1–5"
        );
        assert!(md[six.start..].starts_with("6 | (Sum af scorerne) | Styregruppen"));
        assert!(problems[1].message.contains("cannot be computed"));
        assert!(
            problems[2]
                .message
                .contains("computed total is 5 (\"Sandsynlighed\" × \"Konsekvens\")"),
            "{}",
            problems[2].message
        );
        let ranked: Vec<&str> = m.ranked().iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(ranked, ["R2", "R1", "R3", "R5", "R6", "R4"]);
    }

    #[test]
    fn priority_template() {
        let md = example("Skabeloner/prioriteringsmatrice.md");
        let (found, problems) = find_matrices(&md);
        assert_eq!(found.len(), 1);
        let m = &found[0];
        assert_eq!(m.kind, MatrixKind::Priority);
        assert_eq!(m.criteria, [2, 3, 4, 5]);
        assert_eq!(m.total_column, Some(6));
        assert_eq!(m.rows.len(), 3);
        for r in &m.rows {
            assert_eq!(r.label, "");
            assert_eq!(r.scores, [None; 4]);
            assert_eq!(r.computed, None);
            assert_eq!(r.written.as_deref(), Some("(Sum af scorerne)"));
        }
        assert_eq!(codes(&problems), ["matrix::placeholder-total"; 3]);
        assert!(
            problems
                .iter()
                .all(|p| &md[p.start..p.end] == "(Sum af scorerne)")
        );
    }

    #[test]
    fn risk_template() {
        let md = example("Skabeloner/risikomatrice.md");
        let (found, problems) = find_matrices(&md);
        assert_eq!(found.len(), 1);
        let m = &found[0];
        assert_eq!(m.kind, MatrixKind::Risk);
        // "Risiko" names the risk here; only likelihood and consequence are scored.
        assert_eq!(m.criteria, [2, 3]);
        assert_eq!(m.total_column, Some(4));
        let labels: Vec<&str> = m.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(labels, ["R1", "R2", "R3"]);
        assert!(m.rows.iter().all(|r| r.computed.is_none()));
        assert_eq!(codes(&problems), ["matrix::placeholder-total"; 3]);
    }

    #[test]
    fn out_of_range_and_not_a_score() {
        let md = "| Ønske | Værdi | Udbredelse | Sum |\n|---|---|---|---|\n\
                  | A | 0 | høj | 9 |\n| B | 2 | 3 | 5 |\n";
        let (found, problems) = find_matrices(md);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].criteria, [1, 2]);
        assert_eq!(
            codes(&problems),
            ["matrix::score-out-of-range", "matrix::not-a-score"]
        );
        assert_eq!(&md[problems[0].start..problems[0].end], "0");
        assert!(problems[0].message.contains("\"Værdi\""));
        assert_eq!(&md[problems[1].start..problems[1].end], "høj");
        assert_eq!(
            problems[1].message,
            "\"høj\" in column \"Udbredelse\" is not a score: expected a whole number from 1 to 5"
        );
        assert_eq!(found[0].rows[0].computed, None);
        assert_eq!(found[0].rows[1].computed, Some(5.0));
    }

    #[test]
    fn total_mismatch() {
        let md = "Tekst før.\n\n| Ønske | Værdi | Udbredelse | Risiko | Samlet |\n\
                  | --- | :-: | :-: | :-: | --- |\n| [Kort](kort.md) | 4 | 4 | 3 | **12** |\n\
                  | Eksport | 1 | 2 | 3 | 6 |\n";
        let (found, problems) = find_matrices(md);
        let m = &found[0];
        assert_eq!(m.rows[0].label, "Kort");
        assert_eq!(m.rows[0].computed, Some(11.0));
        assert_eq!(codes(&problems), ["matrix::total-mismatch"]);
        let p = &problems[0];
        assert_eq!(&md[p.start..p.end], "**12**");
        assert_eq!(
            p.message,
            "the written total **12** in column \"Samlet\" differs from the computed 11 (the sum of the scores)"
        );
        // A risk product that disagrees.
        let md =
            "| Risiko | Sandsynlighed | Konsekvens | Score |\n|-|-|-|-|\n| Nedbrud | 2 | 3 | 5 |\n";
        let (found, problems) = find_matrices(md);
        assert_eq!(found[0].kind, MatrixKind::Risk);
        assert_eq!(found[0].rows[0].computed, Some(6.0));
        assert!(
            problems[0]
                .message
                .contains("computed 6 (\"Sandsynlighed\" × \"Konsekvens\")")
        );
    }

    #[test]
    fn a_word_in_an_unnamed_score_column() {
        // "Pris" is no known criterion and holds one word: the written totals show that it
        // is scored all the same.
        let md = "| Nr. | Ønske | Værdi | Udbredelse | Risiko | Pris | Sum |\n|---|---|---|---|---|---|---|\n| 1 | A | 5 | 5 | 4 | 4 | 18 |\n| 2 | B | 5 | 4 | 3 | 2 | 14 |\n| 3 | C | 3 | 2 | 4 | 4 | 13 |\n| 4 | D | 3 | 5 | 4 | høj | 15 |\n";
        let (m, problems) = find_matrices(md);
        assert_eq!(m.len(), 1);
        assert_eq!(codes(&problems), ["matrix::not-a-score"]);
        assert_eq!(m[0].rows[0].computed, Some(18.0));
        // Without totals that confirm it, such a column is not a criterion.
        let md = "| Nr. | Ønske | Værdi | Udbredelse | Kommuner |\n|---|---|---|---|---|\n| 1 | A | 5 | 5 | 4 |\n| 2 | B | 5 | 4 | 3 |\n| 3 | C | 3 | 2 | alle |\n";
        let (m, problems) = find_matrices(md);
        assert_eq!(codes(&problems), Vec::<&str>::new());
        assert!(m.iter().all(|m| m.rows.iter().all(|r| r.scores.len() == 2)));
    }

    #[test]
    fn unnamed_score_columns() {
        // No known criteria names, but two columns of scores 1–5.
        let md = "| Emne | A | B | Total |\n|---|---|---|---|\n| x | 1 | 5 | 6 |\n| y | 2 | | |\n";
        let (found, problems) = find_matrices(md);
        assert_eq!(found[0].criteria, [1, 2]);
        assert_eq!(found[0].rows[1].computed, None);
        assert!(problems.is_empty());
    }

    #[test]
    fn not_matrices() {
        let agenda = "| Punkt | Tidspunkt | Emne | Bilag |\n|---|---|---|---|\n\
                      | 1 | 13.30 | Godkendelse af dagsorden | 1 |\n| 2 | 13.35 | Budget 2027 | 2 |\n\
                      | 3 | 14:30 | Eventuelt | |\n";
        let budget = "| År | Budget | Forbrug |\n|---|---|---|\n| 2025 | 340000 | 120000 |\n";
        let fenced = "```\n| Ønske | Værdi | Udbredelse |\n|---|---|---|\n| A | 1 | 2 |\n```\n";
        let no_delimiter = "| Ønske | Værdi | Udbredelse |\n| A | 1 | 2 |\n";
        for md in [agenda, budget, fenced, no_delimiter] {
            let (found, problems) = find_matrices(md);
            assert!(found.is_empty() && problems.is_empty(), "{md}");
        }
        // After the fence closes, tables count again.
        let after =
            format!("{fenced}\n| Ønske | Værdi | Udbredelse |\n|---|---|---|\n| A | 1 | 2 |\n");
        assert_eq!(find_matrices(&after).0.len(), 1);
    }

    #[test]
    fn ranked_is_stable_with_missing_last() {
        let md = "| Ønske | Værdi | Nytte |\n|---|---|---|\n| a | 1 | |\n| b | 2 | 2 |\n| c | 3 | 1 |\n| d | 5 | 5 |\n";
        let (found, _) = find_matrices(md);
        let order: Vec<&str> = found[0].ranked().iter().map(|r| r.label.as_str()).collect();
        assert_eq!(order, ["d", "b", "c", "a"]);
    }

    proptest! {
        #[test]
        fn never_panics(
            text in prop_oneof![
                any::<String>(),
                "((\\| ?)|(---)|(:-:)|[0-9]|(Værdi)|(Risiko)|(Sum)|(\\(Sum af scorerne\\))|(\\[a\\]\\(b\\))|(\\*\\*)|(```)|[ \\\\\n\r]|[a-zø]){0,60}",
            ]
        ) {
            let (found, problems) = find_matrices(&text);
            for m in &found {
                prop_assert!(text.get(m.start..m.end).is_some());
                let _ = m.ranked();
            }
            for p in &problems {
                prop_assert!(text.get(p.start..p.end).is_some());
            }
        }
    }
}
