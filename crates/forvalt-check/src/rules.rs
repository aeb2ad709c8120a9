//! The rule registry: every diagnostic code with its default level, whether `forvalt fix`
//! fixes it, and its documentation (`rules.md`, shown by `forvalt explain CODE`).

use forvalt_diag::Severity;

const DOCS: &str = include_str!("../rules.md");

/// One documented rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The stable code, `family::name`.
    pub code: String,
    /// The level it is reported at unless configured.
    pub level: Severity,
    /// Whether `forvalt fix` fixes it.
    pub fixable: bool,
    /// The first sentence of its documentation.
    pub summary: String,
    /// What it costs the reader if ignored (the documentation's `If ignored:` paragraph).
    pub cost: String,
    /// The whole documentation (Markdown).
    pub text: String,
}

/// Every rule, in code order.
pub fn all() -> Vec<Rule> {
    let mut out = Vec::new();
    let mut sections = DOCS.split("\n## ").skip(1);
    for s in sections.by_ref() {
        let mut lines = s.lines();
        let code = lines.next().unwrap_or("").trim().to_string();
        let meta = lines.next().unwrap_or("");
        let level = if meta.contains("level: error") {
            Severity::Error
        } else if meta.contains("level: note") {
            Severity::Note
        } else {
            Severity::Warning
        };
        let fixable = meta.contains("fix: yes");
        let text: String = lines.collect::<Vec<_>>().join("\n").trim().to_string();
        let summary = text
            .split_once(". ")
            .map_or(text.as_str(), |(a, _)| a)
            .lines()
            .collect::<Vec<_>>()
            .join(" ");
        let summary = format!("{}.", summary.trim_end_matches('.'));
        let cost = text
            .split("\n\n")
            .find_map(|p| p.trim().strip_prefix("If ignored: "))
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Rule {
            code,
            level,
            fixable,
            summary,
            cost,
            text,
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// The rule with a code.
pub fn rule(code: &str) -> Option<Rule> {
    all().into_iter().find(|r| r.code == code)
}

/// The introduction of the rules document (configuration).
pub fn introduction() -> &'static str {
    DOCS.split("\n## ").next().unwrap_or("")
}
