//! The årshjul: any UTF-8 text read as a wheel (with a body's meetings at hand), its
//! occurrences placed, and read as a rule and expanded. No panic, bounded work, and every
//! diagnostic lies inside the text on character boundaries.

#![no_main]

use forvalt_diag::{Diagnostic, FileId, Span};
use forvalt_model::aarshjul;
use forvalt_model::calendar::{self, MAX_OCCURRENCES};
use forvalt_model::records::{Records, meeting};
use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

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
        check(text, s, d);
    }
}

/// Records with two meetings of the styregruppe, one stating a rule.
fn records() -> &'static Records {
    static R: OnceLock<Records> = OnceLock::new();
    R.get_or_init(|| {
        let mut sink = Vec::new();
        let a = meeting::parse(
            FileId(1),
            "dagsordner-og-referater/styregruppe/20260604_X.md",
            "styregruppe",
            "# Styregruppemøde 04.06.2026\n\n**Mødenavn**: OS2 (Afholdes 1. torsdag i måneden)\n\n**Tid**: 04.06.2026 kl. 13 - 14\n",
            0,
            &mut sink,
        );
        let b = meeting::parse(
            FileId(2),
            "dagsordner-og-referater/styregruppe/20260903_X.md",
            "styregruppe",
            "# Styregruppemøde 03.09.2026\n",
            0,
            &mut sink,
        );
        Records {
            meetings: vec![a, b],
            ..Records::default()
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = jiff::civil::date(2026, 11, 23);
    let mut diags = Vec::new();
    if let Some(w) = aarshjul::parse(text, FileId::DETACHED, 0, today, records(), &mut diags) {
        let placed = w.placed();
        for p in &placed {
            assert!(p.when.end >= w.first && p.when.start <= w.last, "{p:?}");
        }
    }
    for d in &diags {
        inside(text, d);
    }
    // The text as a rule: its problems lie inside it; an expansion over any years is bounded.
    for p in calendar::rule_problems(text) {
        assert!(text.get(p.range.clone()).is_some(), "{p:?}");
    }
    if let Some(rule) = calendar::parse_rule(text) {
        let all = rule.expand(Date::MIN, Date::MAX);
        assert!(all.len() <= MAX_OCCURRENCES);
        assert!(all.windows(2).all(|w| w[0].start <= w[1].start));
        let _ = rule.rrule();
        let _ = rule.matches(today);
    }
});
