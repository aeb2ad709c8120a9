//! OS2 governance reports: how far a product meets OS2's governance model. Each requirement
//! (relevans R, formkrav F, strategisk sammenhæng S, governance G) belongs to a product level
//! — sandkasse, 1, 2 or 3 — and a product reaches a level when it meets every requirement at
//! that level and below ("der nedarves"); requirements marked "(anbefaling)" are
//! recommendations and never block. The level is computed here, never taken from the report.
//!
//! Pure data and rules: nothing here reads files, prints or panics.

mod find;
mod json;
mod markdown;

pub use find::{Found, in_json, in_pages};
pub use json::read as read_json;
pub use markdown::{read as read_markdown, read_all as read_markdown_all};
use serde::Serialize;

/// Which of the five forms a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// OS2's report template: a `🔽` column of ✅ ❌ ➖ ❓, or `Efterlevet?` with Ja / Nej.
    Template,
    /// The older table with `[x]` checkboxes and a `Niveau` column of 0–3.
    Checkbox,
    /// The same table with ☑︎ / ☐.
    Glyph,
    /// The assessment: `Vurdering` 🟢 🟡 🔴.
    Assessment,
    /// The JSON self-evaluation (`krav`, `efterlevet`).
    SelfEvaluation,
}

/// The four kinds of requirement, by their id's letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// R: relevans.
    Relevans,
    /// F: formkrav.
    Formkrav,
    /// S: strategisk sammenhæng.
    Strategisk,
    /// G: governance.
    Governance,
}

impl Category {
    /// The category of a requirement id (`F10` → formkrav).
    pub fn of(id: &str) -> Category {
        match id.as_bytes().first() {
            Some(b'R') => Category::Relevans,
            Some(b'S') => Category::Strategisk,
            Some(b'G') => Category::Governance,
            _ => Category::Formkrav,
        }
    }
}

/// The level a report says its product has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The level, or `None` when the text is no level (`niveau x`, left unfilled).
    pub level: Option<Level>,
    /// The word as written (`3`, `x`).
    pub text: String,
    /// Its byte range in the report.
    pub span: (usize, usize),
}

/// A governance report in any of the five forms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The form.
    pub form: Form,
    /// The product, from the report's heading or `productName`.
    pub product: Option<String>,
    /// The template version the report names.
    pub template_version: Option<String>,
    /// The date it was filled in, as written.
    pub date: Option<String>,
    /// Who filled it in.
    pub filled_by: Option<String>,
    /// The level the report claims, if it says one.
    pub level_claimed: Option<Claim>,
    /// The requirements in the report's order.
    pub requirements: Vec<Requirement>,
    /// Counts an assessment keeps by hand (its count tables), to be checked against the rows.
    #[serde(skip)]
    pub written_counts: Vec<WrittenCount>,
}

/// One number of an assessment's hand-kept count tables: how many requirements of a level
/// (or all levels), and of a category (or all), got a light.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenCount {
    /// The level, or `None` for the total row or column.
    pub level: Option<Level>,
    /// The category, or `None` for all.
    pub category: Option<Category>,
    /// The light (🟢 green, 🟡 yellow, 🔴 red, ⚪ grey).
    pub light: Answer,
    /// The number written.
    pub written: usize,
    /// Where the number is.
    pub span: (usize, usize),
}

impl Report {
    /// The level the answers reach (see [`reached`]).
    pub fn reached(&self) -> Reached {
        reached(&self.requirements)
    }
}

/// OS2's product levels, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Sandkasse (written `0` in older reports).
    Sandkasse,
    /// Level 1.
    One,
    /// Level 2.
    Two,
    /// Level 3.
    Three,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [Level::Sandkasse, Level::One, Level::Two, Level::Three];

    /// `sandkasse`, `1`, `2` or `3`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Sandkasse => "sandkasse",
            Level::One => "1",
            Level::Two => "2",
            Level::Three => "3",
        }
    }

    /// Reads a level as reports write it: `sandkasse` (any case, also `sandbox`), `0`–`3`,
    /// `niveau 2`, `Niveau 3`; `None` for anything else (`niveau x`, empty).
    pub fn parse(text: &str) -> Option<Level> {
        let t = text
            .trim()
            .trim_matches(['*', '_', '`'])
            .trim()
            .to_lowercase();
        let t = t.strip_prefix("niveau").map_or(t.as_str(), str::trim);
        match t {
            "sandkasse" | "sandbox" | "0" => Some(Level::Sandkasse),
            "1" => Some(Level::One),
            "2" => Some(Level::Two),
            "3" => Some(Level::Three),
            _ => None,
        }
    }

    /// The level above, if any.
    pub fn next(self) -> Option<Level> {
        Level::ALL.get(self as usize + 1).copied()
    }
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The answer a report gives for one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    /// Met (✅, `[x]`, ☑︎, `Ja`).
    Yes,
    /// Not met (❌, `[ ]` with the row filled in, ☐, `Nej`).
    No,
    /// Not relevant for the product (➖): counts as met.
    NotRelevant,
    /// The author is unsure (❓).
    Unsure,
    /// Not evaluated (an empty cell).
    Unanswered,
    /// Assessment: 🟢.
    Green,
    /// Assessment: 🟡.
    Yellow,
    /// Assessment: 🔴.
    Red,
    /// Assessment not made (the template's `🟢 / 🟡 / 🔴` left as it is, or an empty cell).
    Unassessed,
    /// Assessment: ⚪, grey — not relevant, left out of the judgement (counts as met; exported
    /// as `unassessed`).
    #[serde(rename = "unassessed")]
    Grey,
}

impl Answer {
    /// Whether the answer meets the requirement (met, not relevant, or assessed green).
    pub fn meets(self) -> bool {
        matches!(
            self,
            Answer::Yes | Answer::NotRelevant | Answer::Green | Answer::Grey
        )
    }
}

/// One requirement as a report states it. Byte ranges are in the report's text (none for
/// the JSON form).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    /// `R1`, `F10`, `G14`; merged rows keep both (`F8/F9`).
    pub id: String,
    /// Its category, from the id's letter.
    pub category: Category,
    /// The requirement's text as the report gives it.
    pub text: String,
    /// The level it belongs to, when the row gives a readable one.
    pub level: Option<Level>,
    /// The level as written.
    pub level_text: String,
    /// A recommendation ("(anbefaling)"): never blocks a level.
    pub recommendation: bool,
    /// The answer.
    pub answer: Answer,
    /// The answer as written (`Delvist` and other words are unanswered).
    pub answer_text: String,
    /// The guidelines column (`Retningslinjer`), when the form has one.
    pub guidelines: String,
    /// The evidence text (empty when not given).
    pub evidence: String,
    /// Whether the form has a place for evidence (a documentation or reference column).
    #[serde(skip)]
    pub evidence_column: bool,
    /// Links in the evidence.
    pub links: Vec<String>,
    /// The row.
    #[serde(skip)]
    pub span: (usize, usize),
    /// The id cell.
    #[serde(skip)]
    pub id_span: (usize, usize),
    /// The level cell.
    #[serde(skip)]
    pub level_span: (usize, usize),
    /// The answer cell.
    #[serde(skip)]
    pub answer_span: (usize, usize),
}

/// What the level rule gives for a set of requirements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reached {
    /// The highest level whose requirements, and those of every level below, are all met;
    /// `None` when not even sandkasse's are.
    pub level: Option<Level>,
    /// The level above the one reached, if there is one.
    pub next: Option<Level>,
    /// Indices of the requirements that keep the product from the next level.
    pub blocking: Vec<usize>,
}

/// The inheritance rule: a product is at level N when every requirement at N and below is
/// met (not relevant counts as met, recommendations never block). A level the report lists
/// no binding requirement for is not reached: the report says nothing about it. Linear in
/// the number of requirements.
pub fn reached(requirements: &[Requirement]) -> Reached {
    let mut unmet = [0usize; 4];
    let mut binding = [0usize; 4];
    for r in requirements {
        if let Some(l) = r.level
            && !r.recommendation
        {
            binding[l as usize] += 1;
            unmet[l as usize] += usize::from(!r.answer.meets());
        }
    }
    let mut level = None;
    for l in Level::ALL {
        if unmet[l as usize] > 0 || binding[l as usize] == 0 {
            break;
        }
        level = Some(l);
    }
    let next = match level {
        None => Some(Level::Sandkasse),
        Some(l) => l.next(),
    };
    let blocking = requirements
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.level.is_some() && r.level == next && !r.recommendation && !r.answer.meets()
        })
        .map(|(i, _)| i)
        .collect();
    Reached {
        level,
        next,
        blocking,
    }
}

impl Category {
    /// The JSON self-evaluation's `kategori`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Relevans => "relevans",
            Category::Formkrav => "formkrav",
            Category::Strategisk => "strategisk",
            Category::Governance => "governance",
        }
    }
}

/// The report as OS2's JSON self-evaluation (`productName`, `filledBy`, `filledDate`,
/// `generatedAt`, `krav`), whatever form it was written in. Assessments map as OS2's own
/// generator does the other way: 🟢 Ja, 🔴 Nej, 🟡 Ved ikke, ⚪ Ikke relevant.
pub fn self_evaluation(report: &Report, generated_at: &str) -> serde_json::Value {
    let answer = |a: Answer| match a {
        Answer::Yes | Answer::Green => Some("Ja"),
        Answer::No | Answer::Red => Some("Nej"),
        Answer::NotRelevant | Answer::Grey => Some("Ikke relevant"),
        Answer::Unsure | Answer::Yellow => Some("Ved ikke"),
        Answer::Unanswered | Answer::Unassessed => None,
    };
    let krav: Vec<serde_json::Value> = report
        .requirements
        .iter()
        .map(|q| {
            serde_json::json!({
                "id": q.id,
                "kategori": q.category.name(),
                "krav": q.text,
                "produktniveau": q.level.map_or_else(|| q.level_text.clone(), |l| l.name().to_string()),
                "retningslinjer": q.guidelines,
                "efterlevet": answer(q.answer),
                "dokumentation": q.evidence,
            })
        })
        .collect();
    serde_json::json!({
        "productName": report.product.clone().unwrap_or_default(),
        "filledBy": report.filled_by.clone().unwrap_or_default(),
        "filledDate": report.date.as_deref().map(iso_date).unwrap_or_default(),
        "generatedAt": generated_at,
        "krav": krav,
    })
}

/// A report's date as `YYYY-MM-DD` (the form's date field) when it is a date in any of the
/// spellings reports use; otherwise as written.
pub fn iso_date(text: &str) -> String {
    let t = text.trim().trim_matches(['[', ']']).trim();
    let head = t.get(..10).unwrap_or(t);
    let parts: Vec<&str> = head.split(['-', '.', '/']).collect();
    if let [a, b, c] = parts.as_slice()
        && [a, b, c]
            .iter()
            .all(|p| p.bytes().all(|x| x.is_ascii_digit()))
    {
        let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) {
            return format!("{y}-{m:0>2}-{d:0>2}");
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests;
