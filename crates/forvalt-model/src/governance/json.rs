//! The JSON self-evaluation OS2's form writes: `{productName, filledBy, filledDate,
//! generatedAt, krav: [{id, kategori, krav, produktniveau, retningslinjer, efterlevet,
//! dokumentation}]}`. Requirements are matched by id only: the texts drift between versions
//! of the form.

use super::{Answer, Category, Form, Level, Report, Requirement};
use serde_json::Value;

/// Reads a self-evaluation, or `None` when the JSON is not one (no `krav` list of objects
/// with requirement ids).
pub fn read(json: &Value) -> Option<Report> {
    let krav = json.get("krav")?.as_array()?;
    let text = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let mut requirements = Vec::new();
    for k in krav {
        let id = text(k, "id").to_ascii_uppercase();
        let valid = id.len() >= 2
            && matches!(id.as_bytes()[0], b'R' | b'F' | b'S' | b'G')
            && id.bytes().skip(1).all(|b| b.is_ascii_digit());
        if !valid {
            continue;
        }
        let krav_text = text(k, "krav");
        let level_text = match k.get("produktniveau") {
            Some(Value::Number(n)) => n.to_string(),
            Some(v) => v.as_str().unwrap_or_default().trim().to_string(),
            None => String::new(),
        };
        let answer_text = text(k, "efterlevet");
        let answer = match answer_text.to_lowercase().as_str() {
            "ja" => Answer::Yes,
            "nej" => Answer::No,
            "ikke relevant" => Answer::NotRelevant,
            "ved ikke" => Answer::Unsure,
            _ => Answer::Unanswered,
        };
        let evidence = text(k, "dokumentation");
        requirements.push(Requirement {
            category: Category::of(&id),
            recommendation: krav_text.to_lowercase().contains("(anbefaling)"),
            text: krav_text,
            level: Level::parse(&level_text),
            level_text,
            answer,
            answer_text,
            guidelines: text(k, "retningslinjer"),
            evidence_column: true,
            links: super::markdown::links(&evidence),
            evidence,
            id,
            span: (0, 0),
            id_span: (0, 0),
            level_span: (0, 0),
            answer_span: (0, 0),
        });
    }
    if requirements.is_empty() {
        return None;
    }
    let field = |key: &str| Some(text(json, key)).filter(|s| !s.is_empty());
    Some(Report {
        form: Form::SelfEvaluation,
        product: field("productName"),
        template_version: None,
        date: field("filledDate"),
        filled_by: field("filledBy"),
        level_claimed: None,
        requirements,
        written_counts: Vec::new(),
    })
}
