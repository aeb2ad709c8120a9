//! Liquid on hostile pages: includes that include themselves, endless loops, doubling
//! values, numbers and nesting that liquid's own code cannot take, and where errors are
//! reported. Every page must render (or be kept as written) without a panic, on a thread
//! with the stack of a rayon worker.

use forvalt_diag::{Diagnostic, FileId};
use forvalt_model::liquid::{Limits, Liquid};
use jiff::Zoned;
use jiff::tz::TimeZone;
use std::collections::BTreeMap;

fn env(includes: &[(&str, &str)]) -> Liquid {
    let config: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"title":"Forvalt","url":"https://x.github.io","baseurl":"/pf"}"#)
            .unwrap();
    let includes: BTreeMap<String, String> = includes
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let now: Zoned = "2026-06-04T10:00:00+02:00[Europe/Copenhagen]"
        .parse()
        .unwrap();
    Liquid::new(
        &config,
        includes,
        true,
        TimeZone::get("Europe/Copenhagen").unwrap(),
        now,
    )
}

fn render(liquid: &Liquid, text: &str) -> (String, Vec<Diagnostic>) {
    let page: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"title":"Referat","budget":1200}"#).unwrap();
    let mut d = Vec::new();
    let out = liquid.render(text, &page, FileId(0), 0, &mut d);
    (out, d)
}

/// Renders on a thread with a 2 MiB stack, like the rayon workers that render pages.
fn run(includes: &[(&str, &str)], text: &str) -> (String, Vec<Diagnostic>) {
    run_limited(includes, text, Limits::default())
}

fn run_limited(includes: &[(&str, &str)], text: &str, limits: Limits) -> (String, Vec<Diagnostic>) {
    let includes: Vec<(String, String)> = includes
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let text = text.to_string();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let inc: Vec<(&str, &str)> = includes
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            render(&env(&inc).with_limits(limits), &text)
        })
        .unwrap()
        .join()
        .expect("rendering must not panic or overflow the stack")
}

/// The one diagnostic with `code`, its text and (line, column) in `text`.
fn only<'a>(
    d: &'a [Diagnostic],
    code: &str,
    text: &'a str,
) -> (&'a Diagnostic, &'a str, (usize, usize)) {
    let found: Vec<&Diagnostic> = d.iter().filter(|x| x.code == code).collect();
    assert_eq!(found.len(), 1, "one {code} expected: {d:#?}");
    let r = found[0].span.expect("located").range();
    let before = &text[..r.start];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1;
    (found[0], &text[r], (line, col))
}

// ---- 1. includes that include themselves --------------------------------------------

#[test]
fn an_include_that_includes_itself_is_reported_with_its_chain() {
    let text = "Start\n\n{% include loop.html %}\nSlut";
    let (out, d) = run(&[("loop.html", "x{% include loop.html %}")], text);
    assert_eq!(out, text, "the page is kept as written");
    let (diag, at, pos) = only(&d, "liquid::nesting", text);
    assert_eq!(at, "{% include loop.html %}");
    assert_eq!(pos, (3, 1));
    assert!(
        diag.message.contains("`loop.html` → `loop.html` → …"),
        "{}",
        diag.message
    );
}

#[test]
fn includes_that_include_each_other_are_reported_with_their_chain() {
    let text = "{% if true %}\n  {% include a.html n=1 %}\n{% endif %}";
    let (out, d) = run(
        &[
            (
                "a.html",
                "{% for i in (1..2) %}{% include b.html %}{% endfor %}",
            ),
            ("b.html", "{% include a.html %}"),
        ],
        text,
    );
    assert_eq!(out, text);
    let (diag, at, pos) = only(&d, "liquid::nesting", text);
    assert_eq!(at, "{% include a.html n=1 %}");
    assert_eq!(pos, (2, 3));
    assert!(
        diag.message.contains("`a.html` → `b.html` → `a.html` → …"),
        "{}",
        diag.message
    );
}

#[test]
fn an_include_used_twice_per_level_stops_at_the_step_limit() {
    // Depth alone does not stop this: each level doubles the work.
    let text = "{% include twice.html %}";
    let limits = Limits {
        steps: 20_000,
        ..Limits::default()
    };
    let (out, d) = run_limited(
        &[(
            "twice.html",
            "{% if true %}{% include twice.html %}{% include twice.html %}{% endif %}",
        )],
        text,
        limits,
    );
    assert_eq!(out, text);
    assert!(
        d.iter()
            .any(|d| d.code == "liquid::limit" || d.code == "liquid::nesting"),
        "{d:#?}"
    );
}

#[test]
fn ordinary_includes_still_work() {
    let (out, d) = run(
        &[
            ("note.html", "<aside>{{ include.content }}</aside>"),
            ("dir/box.html", "[{{ include.n | plus: 1 }}]"),
        ],
        "{% include note.html content=page.title %} {% include dir/box.html n=2 %} {% assign f = 'note.html' %}{% include {{ f }} content='x' %}",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(out, "<aside>Referat</aside> [3] <aside>x</aside>");
}

#[test]
fn a_missing_or_broken_include_names_the_file() {
    let text = "a\n{% include nope.html %}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    let (diag, at, _) = only(&d, "liquid::render", text);
    assert_eq!(at, "{% include nope.html %}");
    assert!(
        diag.message.contains("_includes/nope.html"),
        "{}",
        diag.message
    );

    let text = "{% include broken.html %}";
    let (_, d) = run(
        &[("broken.html", "ok\n\n  {% if x == %}y{% endif %}")],
        text,
    );
    let (diag, _, _) = only(&d, "liquid::syntax", text);
    assert!(
        diag.message.contains("_includes/broken.html")
            && diag.message.contains("line 3, column 13"),
        "{}",
        diag.message
    );
}

// ---- 2. loops, doubling and output -------------------------------------------------

#[test]
fn a_huge_range_stops_at_the_step_limit() {
    let text = "Tal:\n{% for i in (1..100000000) %}{% endfor %}";
    let limits = Limits {
        steps: 50_000,
        ..Limits::default()
    };
    let (out, d) = run_limited(&[], text, limits);
    assert_eq!(out, text);
    let (diag, at, pos) = only(&d, "liquid::limit", text);
    assert_eq!(at, "{% for i in (1..100000000) %}");
    assert_eq!(pos, (2, 1));
    assert!(diag.message.contains("50000 steps"), "{}", diag.message);
}

#[test]
fn the_default_limits_stop_a_loop_of_a_hundred_million() {
    let text = "{% for i in (1..100000000) %}{{ i }}{% endfor %}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "liquid::limit");
}

#[test]
fn nested_loops_count_every_turn() {
    let text = "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}";
    let limits = Limits {
        steps: 100_000,
        ..Limits::default()
    };
    let (_, d) = run_limited(&[], text, limits);
    let (_, at, _) = only(&d, "liquid::limit", text);
    assert_eq!(at, "{% for c in (1..1000) %}");
}

#[test]
fn a_doubling_string_stops_at_the_value_limit() {
    let text = "{% assign s = 'ab' %}\n{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    let (diag, _, _) = only(&d, "liquid::limit", text);
    assert!(diag.message.contains("MB"), "{}", diag.message);

    // Doubling without filters, through capture.
    let text = "{% capture s %}ab{% endcapture %}{% for i in (1..64) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}";
    let (_, d) = run(&[], text);
    assert!(d.iter().any(|d| d.code == "liquid::limit"), "{d:#?}");
}

#[test]
fn a_list_that_contains_itself_stops_at_the_depth_limit() {
    let text = "{% assign a = '' | split: ',' %}{% for i in (1..100000) %}{% assign a = '' | split: ',' | push: a %}{% endfor %}{{ a }}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    let (diag, _, _) = only(&d, "liquid::limit", text);
    assert!(diag.message.contains("levels deep"), "{}", diag.message);
}

#[test]
fn output_is_limited() {
    // 12.5 MB from half a million turns, within the step limit.
    let text = "{% for i in (1..500) %}{% for j in (1..1000) %}xxxxxxxxxxxxxxxxxxxxxxxx\n{% endfor %}{% endfor %}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    let (diag, at, _) = only(&d, "liquid::limit", text);
    assert!(
        diag.message.contains("writes more than 10 MB"),
        "{}",
        diag.message
    );
    assert_eq!(at, "{% for j in (1..1000) %}");
}

#[test]
fn ordinary_loops_still_work() {
    let (out, d) = run(
        &[],
        "{% for i in (1..5) reversed limit:3 offset:1 %}{{ forloop.index }}:{{ i }}{% unless forloop.last %},{% endunless %}{% endfor %}|{% for x in page.none %}a{% else %}tom{% endfor %}|{% for i in (1..9) %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}|{% tablerow i in (1..3) cols:2 %}{{ i }}{% endtablerow %}",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(
        out,
        "1:4,2:3,3:2|tom|12|<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n<tr class=\"row2\"><td class=\"col1\">3</td></tr>\n"
    );
}

// ---- 3. where errors are -------------------------------------------------------------

#[test]
fn a_syntax_error_names_the_tag_and_its_place() {
    let text = "---\n\nFørste linje\n  {% if page.title == %}ja{% endif %}\n";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    let (diag, at, pos) = only(&d, "liquid::syntax", text);
    assert_eq!(at, "{% if page.title == %}");
    assert_eq!(pos, (4, 3));
    assert!(
        diag.message.contains("`{% if page.title == %}`"),
        "{}",
        diag.message
    );
    assert!(
        !diag.message.contains("cannot be read: |"),
        "{}",
        diag.message
    );
    let label = diag
        .labels
        .first()
        .unwrap_or_else(|| panic!("a label at the exact place: {diag:?}"));
    // Right after `==`, where a value is missing.
    assert_eq!(label.span.range().start, text.find("== %}").unwrap() + 2);
}

#[test]
fn an_unclosed_block_points_at_its_opening_tag() {
    let text = "a\n{% for x in (1..2) %}\nb\n{% if x %}c\n{% endfor %}\n";
    let (_, d) = run(&[], text);
    let (_, at, pos) = only(&d, "liquid::syntax", text);
    assert_eq!((at, pos), ("{% endfor %}", (5, 1)));

    let text = "a\n{% for x in (1..2) %}\nb\n{% if x %}c{% endif %}\n";
    let (_, d) = run(&[], text);
    let (diag, at, pos) = only(&d, "liquid::syntax", text);
    assert_eq!((at, pos), ("{% for x in (1..2) %}", (2, 1)));
    assert!(diag.message.contains("never closed"), "{}", diag.message);

    let text = "x {{ page.title ";
    let (_, d) = run(&[], text);
    let (_, at, _) = only(&d, "liquid::syntax", text);
    assert_eq!(at, "{{");
}

#[test]
fn a_render_error_points_at_its_output() {
    let text = "Pris\n\nPr. kommune: {{ page.budget | divided_by: 0 }} kr.";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    let (diag, at, pos) = only(&d, "liquid::render", text);
    assert_eq!(at, "{{ page.budget | divided_by: 0 }}");
    assert_eq!(pos, (3, 14));
    assert!(diag.message.contains("divide by zero"), "{}", diag.message);
}

// ---- 4. what liquid's own code cannot take ------------------------------------------

#[test]
fn numbers_too_large_are_reported_not_panicked_on() {
    let text = "{{ 99999999999999999999 }}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    only(&d, "liquid::syntax", text);

    for text in [
        "{{ 9223372036854775807 | plus: 1 }}",
        "{{ -9223372036854775808 | divided_by: -1 }}",
        "{{ -9223372036854775808 | modulo: -1 }}",
        "{{ 9223372036854775807 | times: 2 }}",
    ] {
        let (out, d) = run(&[], text);
        assert_eq!(out, text);
        only(&d, "liquid::render", text);
    }
    let (out, _) = run(
        &[],
        "{{ -9223372036854775808 | abs }} {{ 'abc' | slice: 1, 9223372036854775807 }} {{ -7 | divided_by: 2 }} {{ -7 | modulo: 2 }}",
    );
    assert_eq!(out, "9223372036854776000 bc -4 1");
}

#[test]
fn tablerow_with_no_columns_does_not_divide_by_zero() {
    let (out, d) = run(
        &[],
        "{% tablerow i in (1..2) cols:0 %}{{ i }}{% endtablerow %}",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(
        out,
        "<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n"
    );
}

#[test]
fn deep_structures_are_refused_before_liquid_recurses() {
    let n = 20_000;
    // A long variable path.
    let text = format!("{{{{ page{} }}}}", ".a".repeat(n));
    let (out, d) = run(&[], &text);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(out, "");
    // Many `elsif`, many `and`, deeply nested blocks and brackets.
    let elsif = format!(
        "{{% if false %}}{}{{% endif %}}",
        "{% elsif false %}".repeat(n)
    );
    let and = format!("{{% if true{} %}}x{{% endif %}}", " and true".repeat(n));
    let nested = format!("{}{}", "{% if true %}".repeat(n), "{% endif %}".repeat(n));
    let brackets = format!("{{{{ a{}{} }}}}", "[a".repeat(n), "]".repeat(n));
    for (text, code) in [
        (&elsif, "liquid::nesting"),
        (&and, "liquid::syntax"),
        (&nested, "liquid::nesting"),
        (&brackets, "liquid::syntax"),
    ] {
        let (out, d) = run(&[], text);
        assert_eq!(&out, text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, code);
    }
}

#[test]
fn long_runs_of_whitespace_are_read_in_linear_time() {
    // liquid's grammar takes time quadratic in a run of spaces before a tag.
    let text = format!(
        "{}{{{{ page.title }}}}{}{{% if true %}}!{{% endif %}}",
        " ".repeat(200_000),
        "\n".repeat(200_000)
    );
    let start = std::time::Instant::now();
    let (out, d) = run(&[], &text);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(
        out,
        format!("{}Referat{}!", " ".repeat(200_000), "\n".repeat(200_000))
    );
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

// ---- found by fuzzing (fuzz/fuzz_targets/liquid.rs) ---------------------------------

#[test]
fn fuzz_a_page_that_starts_with_a_wide_character() {
    let text = "ø{% append: .html %}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    only(&d, "liquid::unknown-tag", text);
}

#[test]
fn fuzz_a_cycle_with_a_group_and_no_values() {
    let text = "{% cycle modulo: %}";
    let (out, d) = run(&[], text);
    assert_eq!(out, text);
    only(&d, "liquid::syntax", text);
    let (out, d) = run(
        &[],
        "{% cycle 'a', 'b' %}{% cycle 'a', 'b' %}{% cycle 'a', 'b' %} {% cycle g: 'x', 'y' %}{% cycle g: 'x', 'y' %}",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(out, "aba xy");
}
