//! Change requests: a board by status and a table by priority, with crowdfunding totals.

use super::Ctx;
use crate::views::Link;
use forvalt_model::records::ChangeStatus;
use serde::Serialize;

/// The change requests page.
#[derive(Debug, Serialize)]
pub struct ChangeRequests {
    /// Counts and the pledged total, as a sentence.
    pub lead: String,
    /// The board: one column per status.
    pub columns: Vec<Column>,
    /// Every request, by priority score.
    pub rows: Vec<RequestRow>,
}

/// A column of the board.
#[derive(Debug, Serialize)]
pub struct Column {
    /// The status.
    pub label: &'static str,
    /// Requests with that status.
    pub items: Vec<Card>,
}

/// A request on the board.
#[derive(Debug, Serialize)]
pub struct Card {
    /// The request.
    pub request: Link,
    /// Its priority score.
    pub score: Option<u32>,
    /// It seeks co-funding.
    pub crowdfunding: bool,
}

/// A request in the priority table.
#[derive(Debug, Serialize)]
pub struct RequestRow {
    /// The request.
    pub request: Link,
    /// Status.
    pub status: &'static str,
    /// Score (0 when none, for sorting).
    pub score_value: u32,
    /// Score as shown (`–` when none).
    pub score: String,
    /// Pledged amount, when any pledges.
    pub pledged: String,
    /// `#12`.
    pub issue: String,
}

/// `1.250.000 kr.` (Danish) or `1,250,000 kr.`.
fn kr(amount: f64, da: bool) -> String {
    let n = amount.round() as i64;
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(if da { '.' } else { ',' });
        }
        out.push(ch);
    }
    format!("{}{out} kr.", if n < 0 { "-" } else { "" })
}

/// The change requests page at `url`.
pub(super) fn overview(c: &Ctx<'_>, url: &str) -> ChangeRequests {
    let r = &c.repo.records;
    let funding: Vec<_> = r
        .change_requests
        .iter()
        .filter(|x| x.crowdfunding)
        .collect();
    let total: f64 = funding.iter().map(|x| x.pledged()).sum();
    let lead = c.s.fill(
        "change_requests_lead",
        &[
            ("count", &r.change_requests.len().to_string()),
            ("funding", &funding.len().to_string()),
            ("total", &kr(total, c.da)),
        ],
    );
    let columns = ChangeStatus::ALL
        .iter()
        .map(|&s| Column {
            label: s.label(),
            items: r
                .change_requests
                .iter()
                .filter(|x| x.state() == Some(s))
                .map(|x| Card {
                    request: c.link_to(url, &x.source, &x.title),
                    score: x.score(),
                    crowdfunding: x.crowdfunding,
                })
                .collect(),
        })
        .collect();
    let mut sorted: Vec<_> = r.change_requests.iter().collect();
    sorted.sort_by(|a, b| b.score().cmp(&a.score()).then(a.id.cmp(&b.id)));
    let rows = sorted
        .into_iter()
        .map(|x| RequestRow {
            request: c.link_to(url, &x.source, &x.title),
            status: x.state().map_or("", |s| s.label()),
            score_value: x.score().unwrap_or(0),
            score: x
                .score()
                .map(|s| s.to_string())
                .unwrap_or_else(|| "–".into()),
            pledged: if x.pledges.is_empty() {
                String::new()
            } else {
                kr(x.pledged(), c.da)
            },
            issue: x.issue.map(|n| format!("#{n}")).unwrap_or_default(),
        })
        .collect();
    ChangeRequests {
        lead,
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::kr;

    #[test]
    fn amounts_are_grouped() {
        assert_eq!(kr(1_250_000.0, true), "1.250.000 kr.");
        assert_eq!(kr(-999.6, false), "-1,000 kr.");
        assert_eq!(kr(0.0, true), "0 kr.");
    }
}
