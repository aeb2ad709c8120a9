//! Computed scores and a heat map for the priority and risk matrices of a page.

use crate::i18n::Strings;
use forvalt_model::matrix::{self, MatrixKind};
use serde::Serialize;

/// A matrix with computed scores.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// `Beregnet prioritet`.
    pub title: &'static str,
    /// How the score is computed.
    pub method: &'static str,
    /// The item column's heading.
    pub item: &'static str,
    /// The criteria's headings.
    pub criteria: Vec<String>,
    /// The rows, highest score first.
    pub rows: Vec<Row>,
}

/// A row of a matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The item.
    pub label: String,
    /// Its scores per criterion (1–5).
    pub scores: Vec<Option<u8>>,
    /// The computed score: heat level (1–5) and the number as shown.
    pub computed: Option<(u8, String)>,
}

/// The matrices of a page's Markdown that have computed scores.
pub fn matrices(markdown: &str, s: &Strings) -> Vec<Matrix> {
    let (found, _) = matrix::find_matrices(markdown);
    let mut out = Vec::new();
    for m in &found {
        if m.rows.iter().all(|r| r.computed.is_none()) {
            continue;
        }
        let (title, method) = match m.kind {
            MatrixKind::Priority => ("computed_priority", "sum_of_scores"),
            MatrixKind::Risk => ("computed_risk", "likelihood_impact"),
        };
        let max = if m.kind == MatrixKind::Risk {
            25.0
        } else {
            5.0 * m.criteria.len() as f64
        };
        let rows = m
            .ranked()
            .into_iter()
            .map(|r| Row {
                label: r.label.clone(),
                scores: r.scores.clone(),
                computed: r.computed.map(|v| {
                    let level = ((v / max) * 5.0).ceil().clamp(1.0, 5.0) as u8;
                    let shown = if v.fract() == 0.0 {
                        format!("{v:.0}")
                    } else {
                        format!("{v:.1}")
                    };
                    (level, shown)
                }),
            })
            .collect();
        out.push(Matrix {
            title: s.t(title),
            method: s.t(method),
            item: s.t("matrix_item"),
            criteria: m
                .criteria
                .iter()
                .map(|&ci| m.header.get(ci).cloned().unwrap_or_default())
                .collect(),
            rows,
        });
    }
    out
}
