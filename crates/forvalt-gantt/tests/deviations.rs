//! One test per deliberate deviation from Mermaid 11.12 (see DEVIATIONS.md).

use forvalt_gantt::{
    LayoutOptions, Options, ParseOptions, ScheduleOptions, Theme, layout, parse, render, schedule,
};

const NOW: i64 = 1_749_983_400_000; // 2025-06-15T10:30:00Z

fn rendered(text: &str) -> forvalt_gantt::Rendered {
    render(text, &Options::at(NOW))
}

/// D1: a chart Mermaid rejects is still drawn: every valid task, the failing line marked.
#[test]
fn d1_failing_charts_are_drawn_with_the_error_marked() {
    let text = "gantt\n dateFormat YYYY-MM-DD\n A : a, 2025-00-01, 2025-02-01\n B : b, 2025-01-10, 5d\n C : c, 2025-01-20, 2d\n";
    let out = rendered(text);
    assert_eq!(
        out.schedule.error.as_ref().unwrap().message,
        "Invalid date:2025-00-01"
    );
    assert_eq!(out.layout.bars.len(), 2);
    assert_eq!(out.layout.problems.len(), 1);
    assert!(out.svg.contains("class=\"problem\""));
}

/// D2: custom ticks are capped at 10 000 (Mermaid 11.12 hangs; later Mermaid has the cap).
#[test]
fn d2_tick_explosions_fall_back_to_automatic_ticks() {
    let text =
        "gantt\n dateFormat YYYY-MM-DD\n tickInterval 1second\n A : 2000-01-01, 2025-01-01\n";
    let out = rendered(text);
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code == "gantt::tick-explosion")
    );
    assert!(out.layout.bottom_axis.ticks.len() < 20);
}

/// D3: walking days to extend over excluded days has a budget (Mermaid: unbounded).
#[test]
fn d3_runaway_excludes_extension_stops() {
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n excludes weekends, 2025-12-24\n");
    for i in 0..40 {
        text.push_str(&format!(" T{i} : 2000-01-01, 100000d\n"));
    }
    let out = rendered(&text);
    assert!(out.diagnostics.iter().any(|d| d.code == "gantt::too-long"));
}

/// D4: text widths come from Liberation Sans metrics, not the browser (within 1 px).
#[test]
fn d4_text_widths_from_embedded_metrics() {
    let w = forvalt_gantt::layout::font::text_width("Completed task in the critical line", 11.0);
    assert!((w - 160.796875).abs() < 1.0, "{w}");
}

/// D5: titles are plain text: `&` stays `&`, tag-like text stays (Mermaid shows `&amp;`
/// and drops the tag).
#[test]
fn d5_titles_are_plain_text() {
    let out = rendered("gantt\n title R&D <plan> & more\n A : 2025-01-01, 1d\n");
    assert!(out.svg.contains(">R&amp;D &lt;plan&gt; &amp; more</text>"));
}

/// D6: the `topAxis` statement is reported as Mermaid's error, and the top axis is drawn.
#[test]
fn d6_top_axis_statement_is_honoured() {
    let out = rendered("gantt\n topAxis\n A : 2025-01-01, 3d\n");
    assert_eq!(
        out.schedule.error.as_ref().unwrap().message,
        "yy.TopAxis is not a function"
    );
    assert!(out.layout.top_axis.is_some());
    assert_eq!(out.layout.bars.len(), 1);
}

/// D7: every chart has an accessible name and description (Mermaid: only with accTitle).
#[test]
fn d7_accessible_name_and_description() {
    let out = rendered("gantt\n A : 2025-01-01, 3d\n");
    assert!(out.svg.contains("role=\"img\""));
    assert!(
        out.svg
            .contains("<title id=\"gantt-title\">Gantt chart</title>")
    );
    assert!(out.svg.contains("<desc id=\"gantt-desc\">Gantt chart with 1 task from 1 January 2025 to 4 January 2025.</desc>"));
}

/// D8: no today line on an empty chart (Mermaid draws one at NaN).
#[test]
fn d8_empty_chart_has_no_today_line() {
    let out = rendered("gantt\n title Tom\n");
    assert!(out.layout.today.is_none());
    assert!(!out.svg.contains("NaN"));
}

/// D9: tasks in a dependency cycle are reported and marked, not drawn at NaN.
#[test]
fn d9_cycles_are_reported() {
    let out = rendered("gantt\n A : a, after b, 2d\n B : b, after a, 2d\n");
    assert!(out.diagnostics.iter().any(|d| d.code == "gantt::cycle"));
    assert_eq!(out.layout.problems.len(), 2);
    assert!(!out.svg.contains("NaN"));
}

/// D9: tasks Mermaid never reaches in a long chain of references to tasks further down stay
/// unplaced, are reported as such (not as a cycle) and marked.
#[test]
fn d9_tasks_beyond_mermaids_passes_are_reported_and_marked() {
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n");
    for i in 0..12 {
        text.push_str(&format!(" T{i} : t{i}, after t{}, 1d\n", i + 1));
    }
    text.push_str(" T12 : t12, 2025-01-06, 1d\n");
    let out = rendered(&text);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_ref()).collect();
    assert_eq!(codes, ["gantt::forward-chain-too-deep"]);
    assert_eq!(out.layout.problems.len(), 2);
    assert!(!out.svg.contains("NaN"));
}

/// D15: at most `MAX_TASKS` tasks are drawn; the first one left out carries the diagnostic.
#[test]
fn d15_tasks_beyond_the_limit_are_left_out_of_the_picture() {
    let limit = forvalt_gantt::layout::MAX_TASKS;
    let text = format!(
        "gantt\n dateFormat YYYY-MM-DD\n{}",
        " A : 2025-01-01, 1d\n".repeat(limit + 1)
    );
    let out = rendered(&text);
    assert_eq!(out.schedule.tasks.len(), limit + 1);
    assert_eq!(out.layout.bars.len(), limit);
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.code == "gantt::too-many-tasks")
        .expect("reported");
    assert_eq!(
        d.span.unwrap().start as usize,
        text.len() - "A : 2025-01-01, 1d\n".len()
    );
}

/// D10: forvalt's default colours meet WCAG AA for task labels; `Theme::Mermaid` keeps
/// Mermaid's.
#[test]
fn d10_accessible_colours_by_default() {
    let text = "gantt\n A : 2025-01-01, 3d\n";
    let out = rendered(text);
    assert!(out.svg.contains(
        ".taskText0,#gantt .taskText1,#gantt .taskText2,#gantt .taskText3{fill:#0b0b2b;}"
    ));
    let mut o = Options::at(NOW);
    o.theme = Theme::Mermaid;
    let out = render(text, &o);
    assert!(out.svg.contains("{fill:white;}"));
}

/// D11: element ids are kept (Mermaid's sanitiser drops `__proto__` and `constructor`),
/// and can be prefixed so several charts share a page.
#[test]
fn d11_ids_can_be_prefixed() {
    let mut o = Options::at(NOW);
    o.id = "plan-2".into();
    o.prefix_ids = true;
    let out = render("gantt\n A : constructor, 2025-01-01, 3d\n", &o);
    assert!(out.svg.contains("id=\"plan-2-constructor\""));
    assert!(out.svg.contains("id=\"plan-2-constructor-text\""));
}

/// D12: links are `<a href>` (no script), and `call` callbacks are ignored.
#[test]
fn d12_links_without_scripts() {
    let out = rendered(
        "gantt\n A : a, 2025-01-01, 3d\n click a href \"https://os2.eu\"\n click a call alert(1)\n",
    );
    assert!(out.svg.contains("<a href=\"https://os2.eu/\">"));
    assert!(!out.svg.contains("alert"));
}

/// D13: readable mode (CLI and site) thins overlapping tick labels; the library default is
/// Mermaid's exact layout.
#[test]
fn d13_readable_mode_is_opt_in() {
    let text = "gantt\n dateFormat YYYY-MM-DD\n axisFormat %A %-d %B %Y\n tickInterval 1week\n A : 2025-01-01, 2025-06-01\n";
    let d = parse(text, &ParseOptions::default()).value;
    let s = schedule(&d, &ScheduleOptions::at(NOW)).value;
    let exact = layout(&s, &LayoutOptions::default()).value;
    assert!(exact.bottom_axis.ticks.iter().all(|t| !t.label.is_empty()));
    let readable = layout(
        &s,
        &LayoutOptions {
            readable: true,
            ..LayoutOptions::default()
        },
    )
    .value;
    assert!(
        readable
            .bottom_axis
            .ticks
            .iter()
            .any(|t| t.label.is_empty())
    );
    assert_eq!(
        exact.bottom_axis.ticks.len(),
        readable.bottom_axis.ticks.len()
    );
}

/// D14: `#name;` entities in names become their character (Mermaid writes `&name;` into the
/// SVG, which a browser shows as that character for HTML entities).
#[test]
fn d14_entities_are_decoded() {
    let out = rendered("gantt\n Fix #35; 12 : 2025-01-01, 1d\n");
    assert_eq!(out.schedule.tasks[0].name, "Fix # 12 ");
}
