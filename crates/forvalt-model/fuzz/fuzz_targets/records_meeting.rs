//! A meeting file and the meetings it names: any UTF-8 text read as the minutes of a body
//! (after a front matter of any length), and scanned for meeting mentions. No panic, and
//! every diagnostic lies inside the file on character boundaries.

#![no_main]

use forvalt_diag::{Diagnostic, FileId, Span};
use forvalt_model::records::{meeting, mentions};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

const FILE: FileId = FileId(0);

/// Every span of `d` in `FILE` lies inside `text` on character boundaries.
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The body starts after the first line that is `---` (as after front matter), if any.
    let offset = text
        .match_indices("---\n")
        .map(|(i, _)| i + 4)
        .find(|_| true)
        .unwrap_or(0);
    let mut diags = Vec::new();
    let m = meeting::parse(
        FILE,
        "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md",
        "styregruppe",
        text,
        offset,
        &mut diags,
    );
    for d in &diags {
        inside(text, d);
    }
    for a in m.participants.iter().chain(&m.apologies) {
        check(text, a.span, a);
    }
    for item in &m.agenda {
        check(text, item.span, item);
        for l in &item.links {
            check(text, l.span, l);
        }
    }
    for f in [&m.heading_date, &m.time_field].into_iter().flatten() {
        check(text, f.span, f);
    }
    let known: BTreeMap<String, String> = [
        ("styregruppe", "Styregruppen"),
        ("koordinationsgruppe", "Koordinationsgruppen"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let scan = mentions::scan(
        &mentions::Input {
            file: FILE,
            path: "x.md",
            text,
            body_offset: offset,
            own_body: Some("styregruppe"),
            year: Some(2026),
        },
        &known,
    );
    for x in &scan.mentions {
        check(text, x.span, x);
    }
    for w in &scan.weekdays {
        check(text, w.span, w);
    }
    let _ = meeting::read_time(text);
});
