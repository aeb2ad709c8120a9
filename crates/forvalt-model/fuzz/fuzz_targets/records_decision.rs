//! A decision record: any UTF-8 text read as a decision file (after a front matter of any
//! length) and as the body of a GitHub issue, merged into records that already hold a
//! decision and a change request. No panic, and every diagnostic of the file lies inside it
//! on character boundaries.

#![no_main]

use forvalt_diag::{Diagnostic, FileId, Span};
use forvalt_model::records::{Records, Source, change, decision};
use libfuzzer_sys::fuzz_target;

const FILE: FileId = FileId(0);

fn check(text: &str, s: Span, what: &dyn std::fmt::Debug) {
    let (a, b) = (s.start as usize, s.end as usize);
    assert!(
        a <= b && b <= text.len(),
        "{s:?} outside {} bytes: {what:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(a) && text.is_char_boundary(b),
        "{s:?} not on char boundaries: {what:?}"
    );
}

fn inside(text: &str, d: &Diagnostic) {
    let spans = d
        .span
        .into_iter()
        .chain(d.labels.iter().map(|l| l.span))
        .chain(d.suggestions.iter().map(|s| s.span));
    for s in spans {
        assert_eq!(s.file, FILE, "{d:?}");
        check(text, s, d);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let offset = text
        .match_indices("---\n")
        .map(|(i, _)| i + 4)
        .find(|_| true)
        .unwrap_or(0);
    let mut diags = Vec::new();
    let d = decision::parse(
        decision::Input {
            file: FILE,
            path: "beslutninger/2026-06-04-x.md",
            text,
            body_offset: offset,
        },
        "2026-06-04-x".into(),
        Source::File {
            path: "beslutninger/2026-06-04-x.md".into(),
        },
        None,
        jiff::civil::Date::new(2026, 6, 4).ok(),
        &mut diags,
    );
    for x in &diags {
        inside(text, x);
    }
    for f in [
        d.date.as_ref().map(|f| f.span),
        d.status.as_ref().map(|f| f.span),
    ]
    .into_iter()
    .flatten()
    {
        check(text, f, &d.title);
    }
    for l in &d.links {
        check(text, l.span, l);
    }
    // The same text as issues: a decision (by its title) and a change request (by label),
    // the first title taken from the text's first line.
    let title = text.lines().next().unwrap_or("");
    let issues = serde_json::json!([
        {"number": 1, "title": format!("[SDR] {title}"), "body": text, "labels": [], "state": "OPEN", "url": "u", "createdAt": "2026-03-01T10:00:00Z"},
        {"number": 2, "title": title, "body": text, "labels": [{"name": "ændringsønske"}, {"name": title}], "state": "OPEN", "url": "u", "createdAt": text},
        {"number": 1, "title": title, "body": text, "labels": [{"name": "bestilt"}], "state": "CLOSED", "url": "u", "createdAt": ""}
    ]);
    let Ok(issues) = serde_json::from_value::<Vec<change::IssueJson>>(issues) else {
        return;
    };
    let mut records = Records {
        decisions: vec![d],
        ..Records::default()
    };
    let mut sink = Vec::new();
    change::from_issues(&issues, &mut records, &mut sink);
    change::from_issues(&issues, &mut records, &mut sink);
});
