//! Machine output of diagnostics: JSON, GitHub workflow annotations and SARIF 2.1.0.

use crate::rules;
use forvalt_diag::{Diagnostic, Location, Severity, Sources};
use serde_json::{Value, json};

fn location(d: &Diagnostic, sources: &Sources) -> Option<Location> {
    sources.location(d.span?)
}

/// A JSON array: each diagnostic with `path`, `line`, `column`, `end_line`, `end_column`.
pub fn json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
            if let (Some(l), Value::Object(m)) = (location(d, sources), &mut v) {
                m.insert("path".into(), json!(l.path));
                m.insert("line".into(), json!(l.line));
                m.insert("column".into(), json!(l.column));
                m.insert("end_line".into(), json!(l.end_line));
                m.insert("end_column".into(), json!(l.end_column));
            }
            v
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// Escapes a GitHub workflow command's data (`%`, CR, LF) or property (also `:` and `,`).
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per line.
pub fn github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = vec![format!("title={}", gh_escape(&d.code, true))];
        if let Some(l) = location(d, sources) {
            props.insert(0, format!("file={}", gh_escape(&l.path, true)));
            props.insert(1, format!("line={}", l.line));
            props.insert(2, format!("col={}", l.column));
            if l.end_line == l.line {
                props.insert(3, format!("endColumn={}", l.end_column.max(l.column)));
            } else {
                props.insert(3, format!("endLine={}", l.end_line));
            }
        }
        let mut msg = d.message.clone();
        for h in d
            .help
            .iter()
            .chain(d.suggestions.iter().map(|s| &s.message))
        {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            gh_escape(&msg, false)
        ));
    }
    out
}

/// A SARIF 2.1.0 log with one run of forvalt (rules described from the rule registry).
pub fn sarif(diagnostics: &[Diagnostic], sources: &Sources, version: &str) -> String {
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_ref()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rule_index = |c: &str| codes.iter().position(|x| *x == c).unwrap_or(0);
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            let r = rules::rule(c);
            json!({
                "id": c,
                "name": c.replace("::", "/"),
                "shortDescription": { "text": r.as_ref().map_or_else(|| (*c).to_string(), |r| r.summary.clone()) },
                "fullDescription": { "text": r.as_ref().map_or_else(String::new, |r| r.text.clone()) },
                "defaultConfiguration": { "level": level(r.as_ref().map_or(Severity::Warning, |r| r.level)) },
                "help": { "text": format!("forvalt explain {c}") },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut r = json!({
                "ruleId": d.code,
                "ruleIndex": rule_index(&d.code),
                "level": level(d.severity),
                "message": { "text": d.message },
            });
            if let Some(l) = location(d, sources) {
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&l.path), "uriBaseId": "%SRCROOT%" },
                        "region": {
                            "startLine": l.line,
                            "startColumn": l.column,
                            "endLine": l.end_line,
                            "endColumn": l.end_column.max(if l.end_line == l.line { l.column } else { 1 }),
                        }
                    }
                }]);
            }
            if !d.suggestions.is_empty() {
                let fixes: Vec<Value> = d
                    .suggestions
                    .iter()
                    .filter_map(|s| {
                        let l = sources.location(s.span)?;
                        Some(json!({
                            "description": { "text": s.message },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": uri(&l.path), "uriBaseId": "%SRCROOT%" },
                                "replacements": [{
                                    "deletedRegion": {
                                        "startLine": l.line, "startColumn": l.column,
                                        "endLine": l.end_line, "endColumn": l.end_column,
                                    },
                                    "insertedContent": { "text": s.replacement },
                                }]
                            }]
                        }))
                    })
                    .collect();
                r["fixes"] = json!(fixes);
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "forvalt",
                "version": version,
                "informationUri": "https://github.com/forvalt/forvalt",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A repository path as a relative URI reference (spaces and other characters escaped).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(gh_escape("a:b,c%\n", true), "a%3Ab%2Cc%25%0A");
        assert_eq!(gh_escape("a:b", false), "a:b");
        assert_eq!(
            uri("docs/Styring og forvaltning/år.md"),
            "docs/Styring%20og%20forvaltning/%C3%A5r.md"
        );
    }
}
