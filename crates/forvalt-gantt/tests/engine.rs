//! The engine on forvalt's own charts: diagnostics with their places, extensions, the
//! Danish locale, text alternatives, and snapshots of the SVG.

use forvalt_gantt::{Locale, Options, Theme, render, schedule_json, table_html};

const NOW: i64 = 1_780_531_200_000; // 2026-06-04T00:00:00Z

fn case(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/cases/{name}.mmd",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string())
    ))
    .unwrap()
}

fn options() -> Options {
    Options::at(NOW)
}

/// `(code, located text)` of every diagnostic.
fn located(text: &str, out: &forvalt_gantt::Rendered) -> Vec<(String, String)> {
    out.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.span
                    .map(|s| text[s.range()].to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn errors_are_found_and_located() {
    let text = case("errors");
    let out = render(&text, &options());
    let found = located(&text, &out);
    let expect = [
        ("gantt::invalid-date", "2025-00-01"),
        ("gantt::keyword-spacing", " 1week"),
        ("gantt::invalid-end", "1D"),
        ("gantt::invalid-end", "3 dage"),
        ("gantt::unknown-id", "after ukendt"),
        ("gantt::duplicate-id", "a3"),
        (
            "gantt::depends-on-error",
            "Test efter opgradering     :a2, after a1, 5d",
        ),
    ];
    for (code, at) in expect {
        assert!(
            found.iter().any(|(c, t)| c == code && t == at),
            "missing {code} at {at:?} in {found:#?}"
        );
    }
    // The suggestion for the invalid date is the likely intended date.
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.code == "gantt::invalid-date")
        .unwrap();
    assert_eq!(d.suggestions[0].replacement, "2025-01-01");
    let d = out.diagnostics.iter().find(|d| {
        d.code == "gantt::invalid-end" && d.suggestions.iter().any(|s| s.replacement == "3d")
    });
    assert!(d.is_some(), "`3 dage` → `3d`");
    // Mermaid's verdict is kept, with the line and column of the failing field.
    let json = schedule_json(&out.schedule, &text);
    let err = json.error.unwrap();
    assert_eq!(err.message, "Invalid date:2025-00-01");
    assert_eq!((err.line, err.column), (5, 37));
    // …and every valid task is still scheduled.
    let scheduled: Vec<&str> = json
        .tasks
        .iter()
        .filter(|t| t.start.is_some())
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(scheduled, ["a3", "a4", "a3", "task1"]);
}

#[test]
fn danish_labels_and_text_alternatives() {
    let text = case("roadmap-da");
    let mut o = options();
    o.locale = Locale::Da;
    let out = render(&text, &o);
    assert!(
        out.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        out.diagnostics
    );
    let labels: Vec<&str> = out
        .layout
        .bottom_axis
        .ticks
        .iter()
        .map(|t| t.label.as_str())
        .collect();
    assert!(labels.contains(&"jun. 2026"), "{labels:?}");
    assert_eq!(out.title, "Roadmap for OS2tilsyn");
    assert!(
        out.description.starts_with(
            "Gantt-diagram med 4 opgaver og 2 milepæle i 2 sektioner fra 5. januar 2026"
        ),
        "{}",
        out.description
    );
    assert!(
        out.svg
            .contains("<title id=\"gantt-title\">Roadmap for OS2tilsyn</title>")
    );
    assert!(out.svg.contains("role=\"img\""));
    let table = table_html(&out.schedule, Locale::Da, &out.title);
    assert!(
        table.contains("<th scope=\"row\">Årshjul og mødeplan</th><td>13. februar 2026</td>"),
        "{table}"
    );
    assert!(table.contains("færdig"));
    // The default Danish axis format when a chart sets none.
    let plain = "gantt\n dateFormat YYYY-MM-DD\n A : 2026-10-01, 2026-10-20\n";
    let out = render(plain, &o);
    assert_eq!(out.layout.bottom_axis.ticks[0].label, "1. okt. 2026");
}

#[test]
fn extensions_are_off_by_default() {
    let text = case("extensions");
    let out = render(&text, &options());
    // Mermaid: `dataDate` is a syntax error, `40%` a fifth field.
    assert!(out.schedule.error.is_some());
    let mut o = options();
    o.extensions = true;
    let out = render(&text, &o);
    assert!(out.schedule.error.is_none(), "{:?}", out.schedule.error);
    let labels: Vec<&str> = out
        .layout
        .bottom_axis
        .ticks
        .iter()
        .map(|t| t.label.as_str())
        .collect();
    assert_eq!(labels, ["Q2 2026", "Q3 2026", "Q4 2026"]);
    let today = out.layout.today.as_ref().unwrap();
    assert!(today.data_date);
    assert_eq!(out.schedule.tasks[1].progress, Some(40.0));
    assert!(out.svg.contains("class=\"progress\""));
    assert!(out.svg.contains("Statusdato") || out.svg.contains("Data date"));
}

#[test]
fn compact_mode_packs_rows() {
    let out = render(&case("compact"), &options());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    // 3 meetings in one row, 2 overlapping ones in two rows.
    assert_eq!(out.layout.height, 100.0 + 3.0 * 24.0);
    assert_eq!(
        out.schedule.title.as_ref().unwrap().value,
        "Møder i koordinationsgruppen"
    );
}

#[test]
fn svg_snapshots() {
    for name in ["roadmap-da", "errors", "compact", "extensions"] {
        let mut o = options();
        o.locale = Locale::Da;
        o.extensions = name == "extensions";
        o.theme = Theme::Light;
        o.readable = true;
        let out = render(&case(name), &o);
        insta::assert_snapshot!(name, out.svg);
    }
}

#[test]
fn a_reused_id_is_a_warning_only_when_something_refers_to_it() {
    use forvalt_diag::Severity;
    let severity = |text: &str| -> Vec<Severity> {
        render(text, &options())
            .diagnostics
            .iter()
            .filter(|d| d.code == "gantt::duplicate-id")
            .map(|d| d.severity)
            .collect()
    };
    let head = "gantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n";
    // Ids copied onto every line, nothing refers to them: the chart is the same.
    let copied =
        format!("{head}    Analyse :des1, 2026-01-05, 10d\n    Design :des1, 2026-02-02, 10d\n");
    assert_eq!(severity(&copied), [Severity::Note]);
    // `after` reaches the later task.
    let after = format!(
        "{head}    Analyse :a1, 2026-01-05, 10d\n    Design :a2, after a1, 5d\n    Rapport :a1, 2026-04-01, 5d\n"
    );
    assert_eq!(severity(&after), [Severity::Warning]);
    // The task below the first starts where the later one ends.
    let below = format!(
        "{head}    Analyse :a1, 2026-01-05, 10d\n    Design :5d\n    Rapport :a1, 2026-04-01, 5d\n"
    );
    assert_eq!(severity(&below), [Severity::Warning]);
    // …but below the last one it reaches the right task.
    let last = format!(
        "{head}    Analyse :a1, 2026-01-05, 10d\n    Rapport :a1, 2026-04-01, 5d\n    Design :5d\n"
    );
    assert_eq!(severity(&last), [Severity::Note]);
    // `click` names it.
    let click = format!(
        "{head}    Analyse :a1, 2026-01-05, 10d\n    Rapport :a1, 2026-04-01, 5d\n    click a1 href \"https://os2.eu\"\n"
    );
    assert_eq!(severity(&click), [Severity::Warning]);
}
