use super::*;
use crate::i18n;
use forvalt_model::{LoadOptions, MemoryFiles, load};

/// Renders `body` as the page `docs/side.md` of a small site.
fn render_md(body: &str) -> Body {
    let mut f = MemoryFiles::new();
    f.insert(
        "_config.yml",
        "lang: da\nurl: https://os2.github.io\nbaseurl: /fv\n",
    );
    f.insert("docs/side.md", body);
    f.insert(
        "docs/andet.md",
        "---\ntitle: Andet\npermalink: /andet/\n---\n",
    );
    f.insert("beslutninger/2026-01-01-x.md", "# X\n");
    let repo = load(
        &f,
        &LoadOptions {
            now: 0,
            publish: None,
        },
    )
    .value;
    let links = LinkIndex::new(&repo);
    let charts = ChartSettings {
        zone: forvalt_gantt::Zone::utc(),
        time_zone: jiff::tz::TimeZone::UTC,
        now: 1_780_000_000_000,
        locale: forvalt_gantt::Locale::Da,
        extensions: false,
        config: serde_json::Map::new(),
        width: 800.0,
        mermaid: forvalt_gantt::MermaidVersion::DEFAULT,
        readable: true,
    };
    let callouts = Callouts::new(&serde_json::Map::new(), true);
    let layout =
        crate::views::layout::Layout::new(&repo, i18n::strings(true), "forvalt", None, Vec::new());
    let (theme, _) = crate::theme::Theme::new(&[], &layout.globals);
    let env = Env {
        theme: &theme,
        links: &links,
        charts: &charts,
        strings: i18n::strings(true),
        callouts: &callouts,
        sources: &repo.sources,
        records: &repo.records,
        today: "2026-06-04".parse().unwrap(),
        exports: false,
        html: super::HtmlPolicy::Sanitize,
        heading_anchors: false,
    };
    let i = repo.page("docs/side.md").unwrap();
    let p = &repo.pages[i];
    render(&Input::page(&repo, p), &env)
}

#[test]
fn heading_ids_follow_kramdown_gfm() {
    let b = render_md(
        "# Årshjul 2026\n\n## Møder & frister\n\n## Møder & frister\n\n### `kode` _her_\n",
    );
    let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "årshjul-2026",
            "møder--frister",
            "møder--frister-1",
            "kode-her"
        ]
    );
    assert!(
        b.html
            .contains("<h2 id=\"møder--frister\">Møder &amp; frister</h2>")
    );
    assert!(b.has_h1());
}

#[test]
fn callouts_get_danish_titles() {
    let b = render_md("{: .note }\nHusk at melde afbud.\n\nTekst\n{: .warning }\n");
    assert!(
        b.html.contains("<div class=\"callout callout-note callout-color-blue\" role=\"note\"><p class=\"callout-title\">Bemærk</p>\n<p>Husk at melde afbud.</p>\n</div>"),
        "{}",
        b.html
    );
    assert!(b.html.contains("callout-warning"));
    assert!(
        b.html
            .contains("<p class=\"callout-title\">Advarsel</p>\n<p>Tekst</p>")
    );
    assert!(!b.html.contains("{:"), "{}", b.html);
}

#[test]
fn titled_callouts_and_github_alerts() {
    let b = render_md(
        "{: .important-title }\n> Frist\n>\n> Indstillinger sendes senest 14 dage før.\n\n> [!WARNING]\n> Pas på\n",
    );
    assert!(
        b.html
            .contains("callout-important callout-color-purple callout-titled"),
        "{}",
        b.html
    );
    assert!(b.html.contains("<blockquote>"));
    assert!(b.html.contains("Advarsel"), "{}", b.html);
}

#[test]
fn standalone_attribute_lists_apply_to_their_neighbour() {
    let b = render_md(
        "## Indhold\n{: .no_toc .text-delta }\n\n1. TOC\n{:toc}\n\n## Første\n\n### Under\n\n## Anden\n",
    );
    assert!(
        b.html.contains("<h2 id=\"indhold\" class=\"text-delta\">"),
        "{}",
        b.html
    );
    assert!(b.html.contains("<ul class=\"toc\"><li><a href=\"#første\">Første</a><ul><li><a href=\"#under\">Under</a></li></ul></li><li><a href=\"#anden\">Anden</a></li></ul>"), "{}", b.html);
    assert!(!b.html.contains("TOC"));
}

#[test]
fn links_are_rewritten_and_recorded() {
    let b = render_md(
        "[a](../beslutninger/2026-01-01-x.md) [b](andet.md#x) [c](https://os2.github.io/fv/andet/) [d](https://example.org){:target=\"_blank\"} [e](mangler.md)\n",
    );
    assert!(
        b.html
            .contains("href=\"../beslutninger/2026-01-01-x.html\""),
        "{}",
        b.html
    );
    assert!(b.html.contains("href=\"../andet/#x\""));
    assert!(b.html.contains("href=\"../andet/\""));
    assert!(
        b.html
            .contains("href=\"https://example.org\" target=\"_blank\" rel=\"noopener noreferrer\"")
    );
    assert!(b.html.contains("(åbner i en ny fane)"));
    assert!(b.html.contains("href=\"mangler.md\""));
    assert_eq!(b.links.len(), 5);
    assert!(b.links[4].internal && b.links[4].target.is_none());
    assert!(!b.links[3].internal);
}

#[test]
fn gantt_fences_become_figures_with_located_errors() {
    let b = render_md(
        "# Roadmap\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Rutemotor :a1, 2026-00-01, 30d\n    Eksport   :a2, 2026-03-01, 30d\n```\n",
    );
    assert_eq!(b.charts, 1);
    assert_eq!(b.chart_errors, 1);
    assert!(b.html.contains("<figure class=\"chart chart-gantt\""));
    assert!(b.html.contains("Roadmappen indeholder fejl"));
    assert!(b.html.contains("Linje 7, kolonne"), "{}", b.html);
    assert!(b.html.contains("<strong>Ugyldig dato.</strong>"));
    assert!(b.html.contains("Eksport"));
    assert!(b.html.contains(
        "<details class=\"chart-table\" id=\"roadmap-1-tabel\"><summary>Vis som tabel</summary>"
    ));
    // Readable roadmaps scroll in a named box, with the table one tap away.
    assert!(
        b.html
            .contains("<a href=\"#roadmap-1-tabel\">Se diagrammet som tabel</a>")
    );
    assert!(
        b.html
            .contains("<div class=\"chart-scroll\" tabindex=\"0\" role=\"group\"")
    );
    let d = b
        .diagnostics
        .iter()
        .find(|d| d.code == "gantt::invalid-date")
        .unwrap();
    assert_eq!(d.span.unwrap().start as usize, "# Roadmap\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Rutemotor :a1, ".len());
    assert!(b.text.contains("Rutemotor"));
}

#[test]
fn charts_inside_lists_are_placed_by_line() {
    let md = "# R\n\n- Plan:\n\n  ```mermaid\n  gantt\n      dateFormat YYYY-MM-DD\n      A :a1, 2026-13-01, 3d\n  ```\n";
    let b = render_md(md);
    let d = b
        .diagnostics
        .iter()
        .find(|d| d.code == "gantt::invalid-date")
        .unwrap();
    let at = d.span.unwrap().start as usize;
    assert!(md[at..].starts_with("2026-13-01"), "{:?}", &md[at..]);
}

#[test]
fn ial_parsing() {
    assert_eq!(
        parse_ial("{: .a .b #x key=\"v w\" toc }"),
        Some(Ial {
            classes: vec!["a".into(), "b".into()],
            id: Some("x".into()),
            pairs: vec![("key".into(), "v w".into())],
            refs: vec!["toc".into()],
        })
    );
    assert_eq!(parse_ial("{:toc}").unwrap().refs, ["toc"]);
    assert_eq!(parse_ial("{{ site.title }}"), None);
    assert_eq!(parse_ial("{: key=\"unclosed }"), None);
    assert_eq!(parse_ial("not {: .x }"), None);
}

#[test]
fn summary_skips_the_date_line() {
    let b =
        render_md("📆 _sidst opdateret: 4. juni 2026_\n\n# Titel\n\nFørste afsnit med tekst.\n");
    assert_eq!(b.summary, "Første afsnit med tekst.");
}

#[test]
fn raw_html_is_sanitized_and_every_removal_is_located() {
    let b = render_md(
        "# Side\n\nTekst <span onclick=\"alert(1)\">her</span>.\n\n<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n\n<!-- forvalt-ignore spelling -->\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section A\n    Opgave :a1, 2026-01-01, 30d\n```\n\n<details><summary>Bilag</summary>\n\nIndhold\n\n</details>\n",
    );
    for bad in ["onclick", "alert(2)", "onerror", "<script"] {
        assert!(!b.html.contains(bad), "{bad} in {}", b.html);
    }
    assert!(
        b.html.contains("<svg"),
        "the chart survives sanitizing: {}",
        b.html
    );
    assert!(
        b.html.contains("<details><summary>Bilag</summary>"),
        "{}",
        b.html
    );
    assert!(b.html.contains("forvalt-ignore"), "comments are kept");
    let removed: Vec<(u32, &str)> = b
        .diagnostics
        .iter()
        .filter(|d| d.code == "site::html-removed")
        .map(|d| (d.span.unwrap().start, d.message.as_str()))
        .collect();
    assert_eq!(removed.len(), 3, "{removed:?}");
    assert!(removed[0].1.contains("onclick"));
    assert!(removed[1].1.contains("<script>"));
    assert!(removed[2].1.contains("onerror"));
    assert!(removed.windows(2).all(|w| w[0].0 < w[1].0));
}

#[test]
fn unsafe_markdown_links_become_text() {
    let b = render_md(
        "[klik](javascript:alert(1)) og ![billede](data:text/html,x) og <javascript:alert(2)> og [ok](https://os2.eu)\n",
    );
    assert!(!b.html.contains("href=\"javascript:"), "{}", b.html);
    assert!(!b.html.contains("src=\"data:"), "{}", b.html);
    assert!(!b.html.contains("<img"), "{}", b.html);
    assert!(
        b.html.contains("klik") && b.html.contains("billede"),
        "{}",
        b.html
    );
    assert!(b.html.contains("href=\"https://os2.eu\""), "{}", b.html);
    let n = b
        .diagnostics
        .iter()
        .filter(|d| d.code == "links::unsafe-url")
        .count();
    assert_eq!(n, 3, "{:?}", b.diagnostics);
}

#[test]
fn absurd_nesting_and_tables_are_published_as_text_without_crashing() {
    let b = render_md(&(">".repeat(50_000) + " dybt\n"));
    assert!(b.diagnostics.iter().any(|d| d.code == "site::too-complex"));
    assert!(b.html.contains("<pre>"), "{}", &b.html[..200]);
    let n = 800;
    let mut t = format!("{}|\n{}|\n", "| h ".repeat(n), "|---".repeat(n));
    for _ in 0..n {
        t.push_str("| x |\n");
    }
    let start = std::time::Instant::now();
    let b = render_md(&t);
    assert!(b.diagnostics.iter().any(|d| d.code == "site::too-complex"));
    assert!(b.html.len() < t.len() * 4, "{} bytes", b.html.len());
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn fuzz_regressions_render() {
    // A start year of 19 digits overflowed the date suggestion (found by the `markdown` fuzz
    // target).
    let b = render_md(
        "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section A\n    Evaluering :2026000000000000000-11-16, 2026-12-15\n```\n",
    );
    assert!(b.html.contains("<svg") || b.chart_errors > 0);
}

#[test]
fn a_page_of_small_charts_with_huge_axes_is_bounded() {
    // Each chart is a few lines but draws thousands of ticks.
    let chart = "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    tickInterval 1day\n    section A\n    Lang :2000-01-01, 2026-12-31\n```\n\n";
    let b = render_md(&chart.repeat(40));
    assert!(b.html.len() < 40 << 20, "{} bytes", b.html.len());
    assert!(b.diagnostics.iter().any(|d| d.code == "site::too-complex"));
}

proptest::proptest! {
    #[test]
    fn any_markdown_renders(s in "\\PC{0,400}") {
        let b = render_md(&s);
        proptest::prop_assert!(b.html.len() < 100_000 + s.len() * 200);
    }

    #[test]
    fn attribute_list_soup_never_panics(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "{: .note }", "{:toc}", "\n", "\n\n", "> ", "1. ", "# ", "- ", "text", "[l](x.md)", "{: #id }", "```mermaid\ngantt\n", "```\n", "| a | b |\n|---|---|\n",
        ]), 0..40)
    ) {
        let s: String = parts.concat();
        let _ = render_md(&s);
    }
}
