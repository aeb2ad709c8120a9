//! Change requests (ændringsønsker): Markdown files with front matter in a folder, and
//! issues of a GitHub issues export (`gh issue list --json …`), merged by issue number.

use super::decision::{self, Input};
use super::{Field, Records, Source};
use crate::page::Page;
use forvalt_diag::{Diagnostic, FileId, Span};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

/// The workflow: modtaget → under evaluering → accepteret → bestilt → påbegyndt → leveret,
/// plus afvist and on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeStatus {
    /// Modtaget.
    Received,
    /// Under evaluering.
    Evaluating,
    /// Accepteret.
    Accepted,
    /// Bestilt.
    Ordered,
    /// Påbegyndt.
    Started,
    /// Leveret.
    Delivered,
    /// On hold.
    OnHold,
    /// Afvist.
    Rejected,
}

impl ChangeStatus {
    /// Every status, in workflow order (the board's columns).
    pub const ALL: [ChangeStatus; 8] = [
        ChangeStatus::Received,
        ChangeStatus::Evaluating,
        ChangeStatus::Accepted,
        ChangeStatus::Ordered,
        ChangeStatus::Started,
        ChangeStatus::Delivered,
        ChangeStatus::OnHold,
        ChangeStatus::Rejected,
    ];

    /// The Danish label.
    pub fn label(self) -> &'static str {
        match self {
            ChangeStatus::Received => "Modtaget",
            ChangeStatus::Evaluating => "Under evaluering",
            ChangeStatus::Accepted => "Accepteret",
            ChangeStatus::Ordered => "Bestilt",
            ChangeStatus::Started => "Påbegyndt",
            ChangeStatus::Delivered => "Leveret",
            ChangeStatus::OnHold => "On hold",
            ChangeStatus::Rejected => "Afvist",
        }
    }

    /// Reads a status word or label.
    pub fn parse(s: &str) -> Option<ChangeStatus> {
        let l = s.trim().to_lowercase().replace(['_', '-'], " ");
        Some(match l.as_str() {
            "modtaget" | "ny" | "new" | "received" => ChangeStatus::Received,
            "under evaluering" | "evaluering" | "evalueres" | "evaluating" => {
                ChangeStatus::Evaluating
            }
            "accepteret" | "godkendt" | "accepted" => ChangeStatus::Accepted,
            "bestilt" | "ordered" => ChangeStatus::Ordered,
            "påbegyndt" | "i gang" | "started" | "in progress" => ChangeStatus::Started,
            "leveret" | "delivered" | "done" | "færdig" => ChangeStatus::Delivered,
            "on hold" | "onhold" | "parkeret" | "sat i bero" => ChangeStatus::OnHold,
            "afvist" | "rejected" | "wontfix" => ChangeStatus::Rejected,
            _ => return None,
        })
    }
}

/// A municipality's pledge to co-fund.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pledge {
    /// Who.
    pub municipality: String,
    /// Amount in kroner.
    pub amount: f64,
}

/// A change request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRequest {
    /// Stable id: the file name without `.md`, or `issue-N`.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// The title.
    pub title: String,
    /// The status.
    pub status: Option<Field<ChangeStatus>>,
    /// The date it was received.
    pub date: Option<Field<Date>>,
    /// Labels (from the issue, and `labels:` in front matter).
    pub labels: Vec<String>,
    /// It needs crowdfunding (label `crowdfunding needed`).
    pub crowdfunding: bool,
    /// Pledges.
    pub pledges: Vec<Pledge>,
    /// Priority scores by criterion (`prioritet:` in front matter), 1–5.
    pub scores: Vec<(String, u8)>,
    /// The GitHub issue number.
    pub issue: Option<u64>,
    /// Who asked ("Indmeldt af", or the issue's "Kommune").
    pub requested_by: Option<String>,
}

impl ChangeRequest {
    /// The sum of the priority scores.
    pub fn score(&self) -> Option<u32> {
        (!self.scores.is_empty()).then(|| self.scores.iter().map(|(_, s)| u32::from(*s)).sum())
    }

    /// The sum of the pledges.
    pub fn pledged(&self) -> f64 {
        self.pledges.iter().map(|p| p.amount).sum()
    }

    /// The normalised status.
    pub fn state(&self) -> Option<ChangeStatus> {
        self.status.as_ref().and_then(|s| s.value)
    }
}

pub use super::issues::{IssueJson, LabelJson};

fn issue_number(text: &str) -> Option<u64> {
    for (_, target, _) in super::text::links(text) {
        if let Some(i) = target.find("/issues/") {
            let n: String = target[i + 8..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = n.parse() {
                return Some(n);
            }
        }
    }
    None
}

fn labelled(text: &str, label: &str) -> Option<String> {
    for line in text.lines() {
        let t = line.trim().trim_start_matches("- ");
        let t = t.strip_prefix("**").unwrap_or(t);
        if t.to_lowercase().starts_with(&label.to_lowercase()) {
            let Some(rest) = t.get(label.len()..) else {
                continue;
            };
            let rest = rest
                .trim_start_matches(':')
                .trim_start_matches("**")
                .trim_start_matches(':');
            let v = rest.trim();
            if !v.is_empty() {
                return Some(super::text::plain(v));
            }
        }
    }
    None
}

/// A change request from its Markdown file.
pub fn from_page(p: &Page, text: &str, diagnostics: &mut Vec<Diagnostic>) -> ChangeRequest {
    let name = p.path.rsplit('/').next().unwrap_or(&p.path);
    let fm = p.front_matter.as_ref();
    let span_of = |k: &str| {
        fm.and_then(|f| f.value_span(k))
            .unwrap_or_else(|| Span::new(0, 0).in_file(p.file))
    };
    let status = fm.and_then(|f| f.str("status")).map(|s| {
        let v = ChangeStatus::parse(&s);
        if v.is_none() {
            let near = ChangeStatus::ALL
                .iter()
                .map(|c| (super::text::distance(&s, c.label(), 3), c.label()))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, l)| l.to_lowercase());
            let mut d = Diagnostic::warning(
                "records::unknown-status",
                format!(
                    "status `{s}` is not a change-request status (modtaget, under evaluering, accepteret, bestilt, påbegyndt, leveret, on hold, afvist)"
                ),
            )
            .with_span(span_of("status"));
            if let Some(n) = near {
                d = d.with_suggestion(span_of("status"), n.clone(), format!("write `{n}`"));
            }
            diagnostics.push(d);
        }
        Field::new(s, span_of("status"), v)
    });
    let date = fm.and_then(|f| f.str("date")).map(|s| {
        let v = crate::dates::parse_day(&s);
        Field::new(s, span_of("date"), v)
    });
    let mut labels: Vec<String> = match fm.and_then(|f| f.values.get("labels")) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    labels.sort();
    let pledges = match fm.and_then(|f| f.values.get("pledges")) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| {
                let o = v.as_object()?;
                let who = o
                    .get("kommune")
                    .or_else(|| o.get("municipality"))
                    .and_then(Value::as_str)?;
                let amount = o.get("beløb").or_else(|| o.get("amount")).and_then(|v| {
                    v.as_f64()
                        .or_else(|| v.as_str()?.replace(['.', ' '], "").parse().ok())
                })?;
                Some(Pledge {
                    municipality: who.to_string(),
                    amount,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut scores = Vec::new();
    if let Some(Value::Object(o)) = fm.and_then(|f| f.values.get("prioritet")) {
        for (k, v) in o {
            match v.as_u64() {
                Some(n @ 1..=5) => scores.push((k.clone(), u8::try_from(n).unwrap_or(0))),
                _ => diagnostics.push(
                    Diagnostic::warning(
                        "records::score-out-of-range",
                        format!("prioritet `{k}` is {v}; criteria are scored 1–5"),
                    )
                    .with_span(span_of("prioritet")),
                ),
            }
        }
    }
    let body = &text[p.body_offset.min(text.len())..];
    let crowdfunding = labels
        .iter()
        .any(|l| l.to_lowercase().contains("crowdfunding"));
    ChangeRequest {
        id: name.trim_end_matches(".md").to_string(),
        source: Source::File {
            path: p.path.clone(),
        },
        title: p.title.clone(),
        status,
        date,
        labels,
        crowdfunding,
        pledges,
        scores,
        issue: issue_number(body),
        requested_by: labelled(body, "Indmeldt af"),
    }
}

fn issue_source(i: &IssueJson) -> Source {
    Source::Issue {
        number: i.number,
        url: i.url.clone(),
        state: i.state.clone(),
    }
}

/// Whether an issue is a decision: its title has a kind (`[SDR]`) or it has the label
/// `decision` or `beslutning` (`labels` in lower case).
fn issue_is_decision(title: &str, labels: &[String]) -> bool {
    decision::title_prefix(title).0.is_some()
        || labels
            .iter()
            .any(|l| l == "decision" || l == "beslutning" || l.starts_with("[decision"))
}

/// Whether an issue is a change request: a status label (`modtaget`) or the label
/// `ændringsønske` or `enhancement` (`labels` in lower case).
fn issue_is_change(labels: &[String]) -> bool {
    labels.iter().any(|l| {
        ChangeStatus::parse(l).is_some()
            || l.contains("ændringsønske")
            || l.contains("aendringsoenske")
            || l == "enhancement"
    })
}

/// Whether an issue holds a record (a decision or a change request), by its title and
/// labels: the issues whose discussion the site shows.
pub fn issue_holds_record(title: &str, labels: &[String]) -> bool {
    let lower: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
    issue_is_decision(title, &lower) || issue_is_change(&lower)
}

fn normalise_title(t: &str) -> String {
    decision::title_prefix(t).2.to_lowercase()
}

/// Adds the issues of an export: decisions (title prefix `[ADR]`/`[SDR]`/`[ODR]` or label
/// `decision`) and change requests (label `ændringsønske` or a status label); issues that
/// match a file record by number or title are merged into it.
pub fn from_issues(issues: &[IssueJson], records: &mut Records, diagnostics: &mut Vec<Diagnostic>) {
    // Lookups by title and number instead of a scan per issue.
    let mut decision_titles: std::collections::HashSet<String> = records
        .decisions
        .iter()
        .map(|d| d.title.to_lowercase())
        .collect();
    let mut change_by_number: std::collections::HashMap<u64, usize> =
        std::collections::HashMap::new();
    let mut change_by_title: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    for (k, c) in records.change_requests.iter().enumerate() {
        if let Some(n) = c.issue {
            change_by_number.entry(n).or_insert(k);
        }
        change_by_title.entry(c.title.to_lowercase()).or_insert(k);
    }
    let is_status = |l: &str| ChangeStatus::parse(&l.to_lowercase()).is_some();
    for i in issues {
        let labels: Vec<String> = i.labels.iter().map(|l| l.name.clone()).collect();
        let lower: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
        let is_decision = issue_is_decision(&i.title, &lower);
        if is_decision {
            let title = normalise_title(&i.title);
            if decision_titles.contains(&title) {
                continue;
            }
            // The body is parsed like a file (spans point into no file); an issue form's
            // answers read as the file convention's metadata and sections.
            let body = i.body.replace("\r\n", "\n");
            let body = super::issues::form_as_record(&body).into_owned();
            let mut sink = Vec::new();
            let d = decision::parse(
                Input {
                    file: FileId::DETACHED,
                    path: "",
                    text: &body,
                    body_offset: 0,
                },
                format!("issue-{}", i.number),
                issue_source(i),
                Some(&i.title),
                None,
                &mut sink,
            );
            decision_titles.insert(d.title.to_lowercase());
            records.decisions.push(d);
            records
                .threads
                .insert(i.number, super::issues::Thread::of(i, &is_status));
            continue;
        }
        let status = lower.iter().find_map(|l| ChangeStatus::parse(l));
        let is_change = issue_is_change(&lower);
        if !is_change {
            continue;
        }
        records
            .threads
            .insert(i.number, super::issues::Thread::of(i, &is_status));
        let body = i.body.replace("\r\n", "\n");
        let body = super::issues::form_as_record(&body).into_owned();
        let by_number = change_by_number.get(&i.number).copied();
        let by_title = change_by_title.get(&i.title.to_lowercase()).copied();
        let first = match (by_number, by_title) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(k) = first
            && let Some(cr) = records.change_requests.get_mut(k)
        {
            change_by_number.entry(i.number).or_insert(k);
            cr.issue = Some(i.number);
            let mut had: std::collections::HashSet<String> = cr.labels.iter().cloned().collect();
            for l in &labels {
                if had.insert(l.clone())
                    && ChangeStatus::parse(l).is_none()
                    && !l.to_lowercase().contains("ændringsønske")
                {
                    cr.labels.push(l.clone());
                }
            }
            cr.labels.sort();
            cr.crowdfunding |= lower.iter().any(|l| l.contains("crowdfunding"));
            if let (Some(file_status), Some(issue_status)) = (cr.state(), status)
                && file_status != issue_status
            {
                let span = cr.status.as_ref().map_or(Span::new(0, 0), |s| s.span);
                diagnostics.push(
                    Diagnostic::warning(
                        "records::status-disagrees",
                        format!(
                            "the file says `{}`, but issue #{} carries the label `{}`",
                            file_status.label().to_lowercase(),
                            i.number,
                            issue_status.label().to_lowercase()
                        ),
                    )
                    .with_span(span)
                    .with_help("update the issue's label or the file, so both say the same"),
                );
            }
            continue;
        }
        let date = i
            .created_at
            .get(..10)
            .map(|d| Field::new(d.to_string(), Span::new(0, 0), d.parse::<Date>().ok()));
        let k = records.change_requests.len();
        change_by_number.entry(i.number).or_insert(k);
        change_by_title.entry(i.title.to_lowercase()).or_insert(k);
        records.change_requests.push(ChangeRequest {
            id: format!("issue-{}", i.number),
            source: issue_source(i),
            title: i.title.clone(),
            status: status.map(|s| Field::new(s.label().to_lowercase(), Span::new(0, 0), Some(s))),
            date,
            labels: {
                let mut l: Vec<String> = labels
                    .iter()
                    .filter(|l| {
                        ChangeStatus::parse(l).is_none()
                            && !l.to_lowercase().contains("ændringsønske")
                    })
                    .cloned()
                    .collect();
                l.sort();
                l
            },
            crowdfunding: lower.iter().any(|l| l.contains("crowdfunding")),
            pledges: Vec::new(),
            scores: Vec::new(),
            issue: Some(i.number),
            requested_by: labelled(&body, "Kommune"),
        });
    }
}
