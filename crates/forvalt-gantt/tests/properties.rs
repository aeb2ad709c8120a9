//! Properties that hold for any input: the engine never panics, spans point into the text,
//! and the output never contains NaN.

use forvalt_gantt::{Options, render};
use proptest::prelude::*;

const NOW: i64 = 1_749_983_400_000;

fn check(text: &str) -> Result<(), TestCaseError> {
    let out = render(text, &Options::at(NOW));
    for d in &out.diagnostics {
        for span in d
            .span
            .iter()
            .chain(d.labels.iter().map(|l| &l.span))
            .chain(d.suggestions.iter().map(|s| &s.span))
        {
            prop_assert!(
                span.end as usize <= text.len(),
                "span {span:?} beyond {} bytes: {}",
                text.len(),
                d.message
            );
            prop_assert!(
                text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize),
                "span {span:?} splits a character: {}",
                d.message
            );
        }
    }
    prop_assert!(!nan_in_numbers(&out.svg), "NaN in SVG");
    prop_assert!(out.svg.starts_with("<svg") && out.svg.ends_with("</svg>"));
    if out.schedule.error.is_some() {
        prop_assert!(
            out.diagnostics.iter().any(|d| d.is_error()),
            "a chart error without an error diagnostic"
        );
    }
    Ok(())
}

/// Whether a number in the SVG's markup is `NaN` (a task may be named `NaN`: text, names,
/// ids, classes, links and styles are the author's words and are not looked at).
fn nan_in_numbers(svg: &str) -> bool {
    const WORDS: [&str; 8] = [
        "id",
        "class",
        "href",
        "style",
        "role",
        "xmlns",
        "font-family",
        "text-anchor",
    ];
    for tag in svg.split('<').skip(1) {
        let mut rest = tag.split('>').next().unwrap_or("");
        while let Some(eq) = rest.find("=\"") {
            let name = rest[..eq].rsplit(' ').next().unwrap_or("");
            let after = &rest[eq + 2..];
            let end = after.find('"').unwrap_or(after.len());
            if !WORDS.contains(&name) && !name.starts_with("aria-") && after[..end].contains("NaN")
            {
                return true;
            }
            rest = &after[(end + 1).min(after.len())..];
        }
    }
    false
}

fn statement() -> impl Strategy<Value = String> {
    let date =
        (1995i32..2035, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"));
    let dur = (
        0u32..400,
        prop::sample::select(vec![
            "d", "w", "h", "m", "M", "y", "ms", "s", "D", " d", "x",
        ]),
    )
        .prop_map(|(n, u)| format!("{n}{u}"));
    let id = prop::sample::select(vec!["a", "b", "c", "d1", "v3", "task1"]).prop_map(String::from);
    let tags = prop::collection::vec(
        prop::sample::select(vec!["crit", "done", "active", "milestone", "vert", "Crit"]),
        0..3,
    )
    .prop_map(|t| t.iter().map(|t| format!("{t}, ")).collect::<String>());
    let start = prop_oneof![
        date.clone(),
        id.clone().prop_map(|i| format!("after {i}")),
        Just("2025-1-5".to_string()),
        Just("March 2025".to_string()),
    ];
    let end = prop_oneof![
        date.clone(),
        dur,
        id.clone().prop_map(|i| format!("until {i}")),
        Just(String::new())
    ];
    let task = (tags, prop::option::of(id), start, end, "[A-Za-zæøå ]{1,12}").prop_map(
        |(tags, id, s, e, name)| match id {
            Some(id) => format!("{name} :{tags}{id}, {s}, {e}"),
            None => format!("{name} :{tags}{s}, {e}"),
        },
    );
    prop_oneof![
        4 => task,
        1 => prop::sample::select(vec![
            "dateFormat YYYY-MM-DD", "dateFormat DD.MM.YYYY", "dateFormat  YYYY-MM-DD", "dateFormat X",
            "excludes weekends", "excludes weekends, 2025-03-10, sunday", "includes 2025-03-08",
            "weekend friday", "weekday monday", "inclusiveEndDates", "topAxis",
            "tickInterval 1week", "tickInterval 1quarter", "tickInterval 1second", "tickInterval  2day",
            "axisFormat %d/%m", "todayMarker off", "todayMarker stroke:red", "title Plan & mål",
            "section Drift", "section 2024", "section A<br>B", "accTitle: Plan", "accDescr: Beskrivelse",
            "click a href \"https://os2.eu\"", "click b call go()", "%% kommentar", "5% done : 1d",
            "Title of phase : 2d", "A : 1d # note", "%%{init: {'gantt': {'barHeight': 30}}}%%",
        ]).prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_handled(text in "\\PC{0,200}") {
        check(&text)?;
        check(&format!("gantt\n{text}"))?;
    }

    #[test]
    fn generated_charts_are_handled(lines in prop::collection::vec(statement(), 0..25), compact in any::<bool>()) {
        let mut text = String::new();
        if compact {
            text.push_str("---\ndisplayMode: compact\n---\n");
        }
        text.push_str("gantt\n");
        for l in &lines {
            text.push_str("    ");
            text.push_str(l);
            text.push('\n');
        }
        check(&text)?;
    }

    #[test]
    fn field_spans_point_at_the_fields(name in "[A-Za-z][A-Za-z ]{0,9}", id in "[a-z][a-z0-9]{0,5}", day in 1u32..28) {
        let text = format!("gantt\n  dateFormat YYYY-MM-DD\n  {name} : crit, {id}, 2025-03-{day:02}, 3d\n");
        let d = forvalt_gantt::parse(&text, &forvalt_gantt::ParseOptions::default()).value;
        let task = d.statements.iter().find_map(|s| match &s.kind {
            forvalt_gantt::syntax::ast::StatementKind::Task(t) => Some(t.clone()),
            _ => None,
        }).unwrap();
        for f in &task.fields {
            prop_assert_eq!(&text[f.span.range()], f.value.as_str());
        }
        prop_assert_eq!(&text[task.tags[0].span.range()], "crit");
    }
}

/// Inputs the fuzzer found (see fuzz/README.md), kept as regressions.
#[test]
fn fuzz_regressions() {
    // A duration field ending in a multi-byte character was cut inside it; an error on the
    // last line (a task named `Call …`) reached into the newline Mermaid appends, one byte
    // beyond the text.
    for text in [
        "gantt\n A : 2025-01-01, 3ø\n",
        "gantt\n A :done,\u{fb02}°\n B : 2025-01-01, 1d\n",
        "gantt\n    dateFormat YYYY-MM-DD\n    section S\n    Call center : t2, 2025-01-02, 3d\n",
        "gantt\n    Call center : t2, 2025-01-02, 3d",
        // A task named `NaN` is no NaN coordinate.
        "NaN:t",
        "gantt\n NaN : NaN, 2025-01-01, 1d\n section NaN\n",
    ] {
        check(text).unwrap();
    }
}

/// Absurd inputs end quickly and without panics.
#[test]
fn guards_against_absurd_inputs() {
    // Huge durations.
    let out = render(
        "gantt\n dateFormat YYYY-MM-DD\n A : 2025-01-01, 99999999999999999999d\n B : 2025-01-01, 9999999y\n",
        &Options::at(NOW),
    );
    assert!(!out.svg.contains("NaN"));
    // A million ticks asked for.
    let out = render(
        "gantt\n dateFormat YYYY-MM-DD\n tickInterval 1millisecond\n A : 2025-01-01, 30d\n",
        &Options::at(NOW),
    );
    assert!(out.layout.bottom_axis.ticks.len() < 100);
    // A deep `after` chain defined backwards: Mermaid gives up after 11 passes.
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n");
    for i in (0..2000).rev() {
        text.push_str(&format!(" T{i} : t{i}, after t{}, 1d\n", i + 1));
    }
    text.push_str(" Last : t2000, 2025-01-01, 1d\n");
    let out = render(&text, &Options::at(NOW));
    assert!(
        out.schedule
            .tasks
            .iter()
            .filter(|t| t.start.is_some())
            .count()
            >= 10
    );
    // A long chain defined forwards resolves in one pass.
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n T0 : t0, 2025-01-01, 1d\n");
    for i in 1..5000 {
        text.push_str(&format!(" T{i} : t{i}, after t{}, 1d\n", i - 1));
    }
    let out = render(&text, &Options::at(NOW));
    assert!(out.schedule.tasks.iter().all(|t| t.is_scheduled()));
}

/// A roadmap of tasks, milestones and markers around 2025-06-15 (today in [`NOW`]).
fn roadmap() -> impl Strategy<Value = String> {
    let item = (
        0u8..10,
        1u32..28,
        1u32..12,
        1u32..120,
        "[A-ZÆØÅ][a-zæøå]{1,10}( [a-zæøå]{2,9}){0,4}",
    )
        .prop_map(|(kind, day, month, days, name)| {
            let start = format!("2025-{month:02}-{day:02}");
            match kind {
                0 => format!("    {name} :milestone, {start}, 0d"),
                1 => format!("    {name} :vert, {start}, 0d"),
                2 => "  section Område".to_string(),
                _ => format!("    {name} :{start}, {days}d"),
            }
        });
    (prop::collection::vec(item, 1..30), 300u32..1400).prop_map(|(lines, width)| {
        let mut text = format!(
            "gantt\n  dateFormat YYYY-MM-DD\n  title Køreplan\n  section Drift\n{}\n",
            lines.join("\n")
        );
        text.push_str(&format!("%% width {width}\n"));
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Readable geometry: no label box is crossed by a drawn piece of a marker or today line,
    /// task labels do not overlap each other, and no text is under 11 px.
    #[test]
    fn readable_labels_are_not_crossed(text in roadmap(), width in 300f64..1400.0) {
        use forvalt_gantt::layout::{BarKind, MIN_TEXT, TextBox, pieces};
        let mut options = Options::at(NOW);
        options.readable = true;
        options.width = width;
        let out = render(&text, &options);
        let l = &out.layout;
        let vert = |task: usize| l.bars.iter().any(|b| b.task == task && b.kind == BarKind::Vert);
        let boxes: Vec<(String, TextBox)> = l
            .labels
            .iter()
            .map(|t| {
                let size = if vert(t.task) { 15.0 } else { t.font_size };
                let w = if vert(t.task) { forvalt_gantt::layout::font::text_width(&t.text, 15.0) } else { t.width };
                (t.text.clone(), TextBox::text(t.x, t.y, w, size, t.anchor))
            })
            .collect();
        let mut lines: Vec<(f64, f64, f64, f64)> = Vec::new();
        for b in l.bars.iter().filter(|b| b.kind == BarKind::Vert) {
            for (y0, y1) in pieces(b.y, b.y + b.height, &b.gaps) {
                lines.push((b.x, b.x + b.width, y0, y1));
            }
        }
        if let Some(t) = &l.today {
            for (y0, y1) in pieces(t.y1, t.y2, &t.gaps) {
                lines.push((t.x - 1.0, t.x + 1.0, y0, y1));
            }
        }
        for (name, b) in &boxes {
            for &(x0, x1, y0, y1) in &lines {
                prop_assert!(
                    !(x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1),
                    "a line at x {x0}–{x1}, y {y0}–{y1} crosses {name:?} at {b:?}\n{text}"
                );
            }
        }
        for (i, (a_name, a)) in boxes.iter().enumerate() {
            prop_assert!(l.labels[i].font_size >= MIN_TEXT);
            for (b_name, b) in &boxes[i + 1..] {
                prop_assert!(
                    !(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1),
                    "{a_name:?} {a:?} overlaps {b_name:?} {b:?}\n{text}"
                );
            }
        }
        prop_assert!(l.tick_font_size >= MIN_TEXT);
    }
}
