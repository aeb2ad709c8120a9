//! Hostile and very large charts: every stage stays linear, chains of forward references are
//! resolved exactly as far as Mermaid 11.12 resolves them (and no further), and charts beyond
//! the task limit are drawn in part with a located diagnostic.

use forvalt_gantt::{Options, Rendered, render};
use std::sync::mpsc;
use std::time::Duration;

const NOW: i64 = 1_749_983_400_000; // 2025-06-15T10:30:00Z

/// Renders `text` on another thread and fails the test when it takes longer than `secs`
/// (a quadratic stage takes minutes or hours on these inputs; a linear one well under a
/// second in an optimised build).
fn render_within(text: String, secs: u64) -> Rendered {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(render(&text, &Options::at(NOW)));
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(out) => out,
        Err(_) => panic!("rendering took more than {secs} s"),
    }
}

fn codes<'a>(out: &'a Rendered, code: &str) -> Vec<&'a forvalt_diag::Diagnostic> {
    out.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn at<'t>(text: &'t str, d: &forvalt_diag::Diagnostic) -> &'t str {
    &text[d.span.expect("located").range()]
}

/// `T0 : t0, after t1, 1d` … `T{n-1} : t{n-1}, 2025-01-06, 1d`: every task starts after the
/// task on the line below it.
fn reverse_chain(n: usize) -> String {
    let mut s = String::from("gantt\n    dateFormat YYYY-MM-DD\n");
    for i in 0..n - 1 {
        s.push_str(&format!("    T{i} : t{i}, after t{}, 1d\n", i + 1));
    }
    s.push_str(&format!("    T{} : t{}, 2025-01-06, 1d\n", n - 1, n - 1));
    s
}

#[test]
fn a_13_task_forward_chain_is_not_a_cycle_and_stops_where_mermaid_stops() {
    let text = reverse_chain(13);
    let out = render_within(text.clone(), 30);
    assert!(
        codes(&out, "gantt::cycle").is_empty(),
        "{:#?}",
        out.diagnostics
    );
    // Mermaid compiles the list once and then at most ten more times; each pass places one
    // more link of the chain from the bottom: T12 … T2 get dates, T1 and T0 do not.
    let placed: Vec<bool> = out
        .schedule
        .tasks
        .iter()
        .map(|t| t.is_scheduled())
        .collect();
    assert_eq!(placed[..2], [false, false]);
    assert!(placed[2..].iter().all(|&p| p));
    let day = 86_400_000;
    let t12 = 1_736_121_600_000; // 2025-01-06
    assert_eq!(out.schedule.tasks[2].start, Some(t12 + 10 * day));
    let deep = codes(&out, "gantt::forward-chain-too-deep");
    assert_eq!(deep.len(), 1, "{:#?}", out.diagnostics);
    assert!(deep[0].is_error());
    assert_eq!(at(&text, deep[0]), "T1 : t1, after t2, 1d");
    assert!(deep[0].message.contains("`t1`"), "{}", deep[0].message);
    assert!(
        deep[0].help.iter().any(|h| h.contains("before")),
        "{:?}",
        deep[0].help
    );
    // Neither unplaced task is drawn at a made-up place: both rows are marked.
    assert_eq!(out.layout.problems.len(), 2);
    assert_eq!(out.layout.bars.len(), 11);
    assert!(!out.svg.contains("NaN"));
}

#[test]
fn mermaid_places_eleven_links_of_a_forward_chain() {
    let out = render_within(reverse_chain(11), 30);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert!(out.schedule.tasks.iter().all(|t| t.is_scheduled()));
    let out = render_within(reverse_chain(12), 30);
    let unplaced: Vec<usize> = out
        .schedule
        .tasks
        .iter()
        .filter(|t| !t.is_scheduled())
        .map(|t| t.order)
        .collect();
    assert_eq!(unplaced, [0]);
    let deep = codes(&out, "gantt::forward-chain-too-deep");
    assert_eq!(deep.len(), 1);
    assert!(!deep[0].message.contains("depend"), "{}", deep[0].message);
}

#[test]
fn a_10000_deep_reverse_chain_is_reported_once_and_quickly() {
    let text = reverse_chain(10_000);
    let out = render_within(text.clone(), 30);
    assert!(codes(&out, "gantt::cycle").is_empty());
    let deep = codes(&out, "gantt::forward-chain-too-deep");
    assert_eq!(deep.len(), 1);
    assert_eq!(at(&text, deep[0]), "T9988 : t9988, after t9989, 1d");
    assert!(deep[0].message.contains("9,988"), "{}", deep[0].message);
    assert_eq!(
        out.schedule
            .tasks
            .iter()
            .filter(|t| t.is_scheduled())
            .count(),
        11
    );
    // Diagnostics stay short: no message lists the whole chain.
    assert!(out.diagnostics.iter().all(|d| d.message.len() < 400));
}

#[test]
fn a_100000_deep_reverse_chain_finishes() {
    let out = render_within(reverse_chain(100_000), 60);
    assert_eq!(codes(&out, "gantt::forward-chain-too-deep").len(), 1);
}

#[test]
fn real_cycles_are_cycles_and_their_dependents_say_so() {
    let text = "gantt\n dateFormat YYYY-MM-DD\n A : a, after b, 2d\n B : b, after a, 2d\n C : c, after a, 1d\n D : d, 2025-01-01, 1d\n";
    let out = render_within(text.to_string(), 30);
    let cycles = codes(&out, "gantt::cycle");
    assert_eq!(cycles.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(at(text, cycles[0]), "A : a, after b, 2d");
    assert!(cycles[0].message.contains("a → b"), "{}", cycles[0].message);
    let waiting = codes(&out, "gantt::depends-on-error");
    assert_eq!(waiting.len(), 1);
    assert_eq!(at(text, waiting[0]), "C : c, after a, 1d");
    assert!(codes(&out, "gantt::forward-chain-too-deep").is_empty());
}

#[test]
fn a_long_cycle_gives_one_short_diagnostic() {
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n");
    for i in 0..5_000 {
        text.push_str(&format!(" T{i} : t{i}, after t{}, 1d\n", (i + 1) % 5_000));
    }
    let out = render_within(text, 30);
    let cycles = codes(&out, "gantt::cycle");
    assert_eq!(cycles.len(), 1);
    assert!(cycles[0].message.len() < 400, "{}", cycles[0].message);
    assert!(cycles[0].labels.len() <= 10);
    assert_eq!(out.layout.problems.len(), 5_000);
}

#[test]
fn tasks_behind_a_failed_task_depend_on_an_error_not_a_cycle() {
    let text = "gantt\n dateFormat YYYY-MM-DD\n A : a1, 2025-00-15, 10d\n B : a2, after a1, 5d\n C : a3, after a2, 5d\n";
    let out = render_within(text.to_string(), 30);
    assert!(
        codes(&out, "gantt::cycle").is_empty(),
        "{:#?}",
        out.diagnostics
    );
    let waiting: Vec<&str> = codes(&out, "gantt::depends-on-error")
        .into_iter()
        .map(|d| at(text, d))
        .collect();
    assert_eq!(waiting, ["B : a2, after a1, 5d", "C : a3, after a2, 5d"]);
}

#[test]
fn beyond_the_task_limit_the_first_tasks_are_drawn_and_the_rest_reported() {
    let limit = forvalt_gantt::layout::MAX_TASKS;
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n");
    for i in 0..limit + 5 {
        text.push_str(&format!(" T{i} : 2025-01-01, 1d\n"));
    }
    let out = render_within(text.clone(), 60);
    let d = codes(&out, "gantt::too-many-tasks");
    assert_eq!(d.len(), 1, "{:#?}", out.diagnostics.first());
    assert_eq!(at(&text, d[0]), format!("T{limit} : 2025-01-01, 1d"));
    assert!(d[0].message.contains("10,005"), "{}", d[0].message);
    assert_eq!(out.layout.bars.len(), limit);
    // Every task is still scheduled; only drawing stops.
    assert_eq!(out.schedule.tasks.len(), limit + 5);
    let rows = (out.layout.height / 24.0) as usize;
    assert!(rows < limit + 10, "{rows} rows");
}

/// A kind of chart: its name and its `i`-th task line.
type Shape = (&'static str, fn(usize) -> String);

/// 50,000-task charts of the shapes that made a stage quadratic: each must be drawn in
/// seconds.
#[test]
fn every_stage_is_linear_on_50000_tasks() {
    let n = 50_000;
    let shapes: [Shape; 9] = [
        ("a section per task", |i| {
            format!(" section S{i}\n T{i} : 2025-01-01, 1d\n")
        }),
        ("compact: a section per task", |i| {
            format!(" section S{i}\n T{i} : 2025-01-01, 1d\n")
        }),
        ("compact: overlapping", |i| {
            format!(" T{i} : 2025-01-01, 100d\n")
        }),
        ("unknown ids", |i| {
            format!(" T{i} : id{i}, after x{i}, 1d\n")
        }),
        ("markers", |i| format!(" V{i} : vert, 2025-01-05, 0d\n")),
        ("overlapping", |i| format!(" T{i} : 2025-01-01, 100d\n")),
        ("excluded dates", |i| {
            format!(" T{i} : 2025-01-{:02}, 10d\n", i % 28 + 1)
        }),
        ("previous task", |i| format!(" T{i} : 3d\n")),
        ("duplicate ids", |i| format!(" T{i} : a, 2025-01-01, 1d\n")),
    ];
    for (name, line) in shapes {
        let mut text = String::new();
        if name.starts_with("compact") {
            text.push_str("---\ndisplayMode: compact\n---\n");
        }
        text.push_str("gantt\n dateFormat YYYY-MM-DD\n");
        if name == "excluded dates" {
            text.push_str(" excludes 2025-12-24, weekends\n");
        }
        text.push_str(" Start : 2025-01-01, 1d\n");
        for i in 0..n {
            text.push_str(&line(i));
        }
        let out = render_within(text, 30);
        assert!(
            codes(&out, "gantt::too-long").is_empty(),
            "{name}: {:?}",
            codes(&out, "gantt::too-long").first()
        );
        assert!(!out.svg.is_empty(), "{name}");
    }
}

#[test]
fn a_long_excludes_list_is_looked_up_not_scanned() {
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n excludes ");
    for i in 0..100_000 {
        text.push_str(&format!(
            "{}-{:02}-{:02},",
            3000 + i / 336,
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    text.push_str("\n A : 2025-01-01, 1500d\n");
    for i in 0..1_000 {
        text.push_str(&format!(" T{i} : 2025-01-01, 30d\n"));
    }
    let out = render_within(text, 30);
    assert!(out.schedule.tasks.iter().all(|t| t.is_scheduled()));
}

/// Texts that made the parser quadratic: many bad lines (each error counted the lines before
/// it) and many directives or comments after blank lines (each line measured the blank
/// lines after it).
#[test]
fn the_parser_is_linear_on_hostile_text() {
    let n = 200_000;
    let texts = [
        format!("gantt\n{}", "```\n".repeat(n)),
        "gantt\r".repeat(n),
        format!("gantt\n{}", "2025-01-01\n".repeat(n)),
        format!(
            "{}gantt\n A : 2025-01-01, 1d\n",
            "%%{init: {}}%%\n".repeat(n)
        ),
        format!("gantt\n{}%% note\n", "\n".repeat(n)),
    ];
    for text in texts {
        let out = render_within(text, 30);
        assert!(out.svg.starts_with("<svg"));
    }
}

/// Mermaid goes over the chart again while a task waits for one further down; a task too
/// long to extend over excluded days is walked and reported once, not once per pass.
#[test]
fn a_too_long_task_is_reported_once_however_many_passes() {
    let text = "gantt\n dateFormat YYYY-MM-DD\n excludes 2025-12-24\n A : a, after b, 1d\n B : b, after c, 1d\n C : c, 2000-01-01, 300000d\n";
    let out = render_within(text.to_string(), 30);
    let long = codes(&out, "gantt::too-long");
    assert_eq!(long.len(), 1, "{long:#?}");
    assert_eq!(at(text, long[0]), "C : c, 2000-01-01, 300000d");
    assert!(out.schedule.tasks.iter().all(|t| t.is_scheduled()));
}

/// Many tasks past an end marker: one diagnostic that counts them and points at a few.
#[test]
fn tasks_past_the_end_marker_are_counted_not_all_labelled() {
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n Slut : vert, 2025-01-01, 0d\n");
    for i in 0..5_000 {
        text.push_str(&format!(" T{i} : 2025-02-01, 1d\n"));
    }
    let out = render_within(text, 30);
    let late = codes(&out, "gantt::after-end-marker");
    assert_eq!(late.len(), 1);
    assert!(
        late[0].message.starts_with("5000 items"),
        "{}",
        late[0].message
    );
    assert!(
        late[0].labels.len() <= 11,
        "{} labels",
        late[0].labels.len()
    );
}

/// When the days of all tasks together exceed what forvalt walks for a chart, that is said
/// once, at the first task left unextended, not once for every task after it.
#[test]
fn a_spent_chart_budget_is_reported_once() {
    let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n excludes 2025-12-24\n");
    for i in 0..1_000 {
        text.push_str(&format!(" T{i} : 2025-01-01, 3000d\n"));
    }
    let out = render_within(text.clone(), 60);
    let long = codes(&out, "gantt::too-long");
    assert_eq!(long.len(), 1, "{}", long.len());
    assert!(
        long[0].message.contains("ones after it"),
        "{}",
        long[0].message
    );
}
