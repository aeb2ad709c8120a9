//! Gantt semantics per Mermaid version: every chart in `tests/data/versions/` as Mermaid
//! 9.1.3, 11.12.0, 11.16.0 and 12.4.0 drew it (mermaid-cli with Debian's Chromium, TZ=UTC;
//! `<version>/<chart>.svg`) against forvalt's drawing with the same version, in Mermaid's
//! exact geometry: the task bars, the excluded days' shading, the section names, the axis
//! ticks and the chart's height. What differs between versions is listed in
//! `DEVIATIONS.md` and the data's README.

use forvalt_gantt::{MermaidVersion, Options, render};
use std::path::{Path, PathBuf};

/// What the comparison looks at, rounded to 0.1 px.
#[derive(Debug, PartialEq)]
struct Geometry {
    height: i64,
    /// Task bars (x, y, width, height).
    bars: Vec<(i64, i64, i64, i64)>,
    /// Excluded-day shading (x, width).
    excluded: Vec<(i64, i64)>,
    /// Section names and their y.
    sections: Vec<(String, i64)>,
    /// Axis tick labels.
    ticks: Vec<String>,
}

fn round(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

/// Attribute `name` of the tag whose attributes are `tag`.
fn attr(tag: &str, name: &str) -> f64 {
    tag.split(&format!(" {name}=\""))
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The attributes of every `<name …>` tag, with the element's text (tags stripped) when it
/// has any.
fn elements(svg: &str, name: &str) -> Vec<(String, String)> {
    svg.split(&format!("<{name} "))
        .skip(1)
        .map(|rest| {
            let (tag, after) = rest.split_once('>').unwrap_or((rest, ""));
            let inner = after.split(&format!("</{name}>")).next().unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            (format!(" {tag}"), text.trim().to_string())
        })
        .collect()
}

fn has_class(tag: &str, class: &str) -> bool {
    tag.split(" class=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .is_some_and(|c| c.split(' ').any(|w| w == class))
}

fn geometry(svg: &str) -> Geometry {
    let rects = elements(svg, "rect");
    let bars = rects
        .iter()
        .filter(|(t, _)| has_class(t, "task"))
        .map(|(t, _)| {
            let r = |n| round(attr(t, n));
            (r("x"), r("y"), r("width"), r("height"))
        })
        .collect();
    let excluded = rects
        .iter()
        .filter(|(t, _)| has_class(t, "exclude-range"))
        .map(|(t, _)| (round(attr(t, "x")), round(attr(t, "width"))))
        .collect();
    let texts = elements(svg, "text");
    let sections = texts
        .iter()
        .filter(|(t, _)| has_class(t, "sectionTitle"))
        .map(|(t, s)| (s.clone(), round(attr(t, "y"))))
        .collect();
    let ticks = elements(svg, "g")
        .iter()
        .filter(|(t, _)| has_class(t, "tick"))
        .map(|(_, s)| s.clone())
        .collect();
    let view = svg
        .split("viewBox=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap_or("");
    let height = view
        .split_whitespace()
        .nth(3)
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(i64::MIN, round);
    Geometry {
        height,
        bars,
        excluded,
        sections,
        ticks,
    }
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/versions")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The chart drawn by forvalt as `version` draws it, in mermaid-cli's frame.
fn ours(code: &str, version: MermaidVersion) -> String {
    let mut options = Options::at(1_781_006_400_000); // 2026-06-09
    options.width = 784.0; // mermaid-cli's page is 800 px wide, the chart 784
    options.mermaid = version;
    render(code, &options).svg
}

/// Every (version, chart, Mermaid's drawing) of the data.
fn drawings() -> Vec<(MermaidVersion, String, PathBuf)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir()).unwrap().filter_map(Result::ok) {
        let Some(version) = MermaidVersion::parse(&e.file_name().to_string_lossy()) else {
            continue;
        };
        if !e.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(e.path()).unwrap().filter_map(Result::ok) {
            let p = f.path();
            if p.extension().is_some_and(|x| x == "svg") {
                let chart = p.file_stem().unwrap().to_string_lossy().into_owned();
                out.push((version, chart, p));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn charts_as_each_mermaid_version_draws_them() {
    let drawings = drawings();
    let versions: std::collections::BTreeSet<_> = drawings.iter().map(|d| d.0).collect();
    assert!(versions.len() >= 4, "{versions:?}");
    let mut failures = Vec::new();
    for (version, chart, path) in &drawings {
        let theirs = geometry(&read(path));
        assert!(!theirs.bars.is_empty(), "{}: no bars", path.display());
        let code = read(&dir().join(format!("{chart}.mmd")));
        let mine = geometry(&ours(&code, *version));
        if mine != theirs {
            failures.push(format!(
                "{chart} as Mermaid {version} draws it:\n  forvalt {mine:?}\n  Mermaid {theirs:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} drawings differ:\n{}",
        failures.len(),
        drawings.len(),
        failures.join("\n")
    );
}

#[test]
fn the_versions_differ_where_mermaid_changed() {
    let code = read(&dir().join("vert-and-excludes.mmd"));
    let old = geometry(&ours(&code, MermaidVersion(11, 12, 0)));
    let new = geometry(&ours(&code, MermaidVersion(11, 16, 0)));
    // One row less (the marker's), and the first task longer in 11.12 (only the last
    // `excludes` line counted: weekends were working days).
    assert_eq!(old.height - new.height, 240);
    assert_ne!(old.bars[0].2, new.bars[0].2);
}

#[test]
fn what_mermaid_9_cannot_read_is_reported_where_it_is() {
    let code = "gantt\n    dateFormat YYYY-MM-DD\n    tickInterval 1week\n    # Mermaid 9 læser dette som en kommentar\n    section Fase 1: Analyse\n    Behovsanalyse; workshop :a1, 2026-03-02, 5d\n    Styregruppemøde :vert, v1, 2026-03-04, 0d\n    Udbud :a2, 2026-03-09, until a3\n    Kontrakt :a3, 2026-03-20, 3d\n";
    let at = |version| {
        let mut options = Options::at(1_781_006_400_000);
        options.mermaid = version;
        let out = render(code, &options);
        out.diagnostics
            .iter()
            .filter(|d| d.code == "gantt::newer-syntax")
            .map(|d| {
                let span = d.span.expect("located");
                (
                    code[span.start as usize..span.end as usize].to_string(),
                    d.message.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let found = at(MermaidVersion(9, 1, 3));
    let spans: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(found.len(), 5, "{found:#?}");
    assert!(
        spans.iter().any(|s| s.contains("tickInterval")),
        "{spans:?}"
    );
    assert!(
        spans.iter().any(|s| s.contains("Fase 1: Analyse")),
        "{spans:?}"
    );
    assert!(spans.contains(&"Behovsanalyse; workshop "), "{spans:?}");
    assert!(spans.contains(&"vert"), "{spans:?}");
    assert!(spans.iter().any(|s| s.contains("until a3")), "{spans:?}");
    assert!(found[0].1.contains("Mermaid 9.1.3"));
    assert!(at(MermaidVersion(11, 12, 0)).is_empty());
}

#[test]
fn a_start_that_is_no_date_is_now_in_mermaid_9() {
    let code = "gantt\n    dateFormat YYYY-MM-DD\n    section Plan\n    Opstart :a1, snart, 3d\n";
    let now = 1_781_006_400_000 + 37_800_000; // 2026-06-09 10:30 UTC
    let mut options = Options::at(now);
    options.mermaid = MermaidVersion(9, 1, 3);
    let old = render(code, &options);
    assert_eq!(old.schedule.tasks[0].start, Some(now));
    let d = old
        .diagnostics
        .iter()
        .find(|d| d.code == "gantt::invalid-date")
        .expect("reported");
    assert_eq!(d.severity, forvalt_diag::Severity::Warning);
    options.mermaid = MermaidVersion::DEFAULT;
    let new = render(code, &options);
    assert_eq!(new.schedule.tasks[0].start, None, "Mermaid 11 fails it");
}

#[test]
fn mermaid_9_1_comments_end_where_its_lexer_ends_them() {
    let code = "gantt\n    dateFormat YYYY-MM-DD\n    todayMarker stroke-width:5px,stroke:#0f0,opacity:0.5\n    accDescr { Plan #2 for skolekørsel }\n    section Plan # fase 1\n    Analyse :a1, 2026-03-02, 5d\n    Udvikling :a2, after a1, 10d\n";
    let mut options = Options::at(1_781_006_400_000);
    options.mermaid = MermaidVersion(9, 1, 3);
    let out = render(code, &options);
    assert_eq!(out.schedule.tasks.len(), 2, "{:?}", out.diagnostics);
    assert_eq!(
        out.schedule.today_marker,
        "stroke-width:5px,stroke:#0f0,opacity:0.5"
    );
    assert_eq!(out.schedule.tasks[0].section.trim(), "Plan");
}

#[test]
fn mermaid_9_2_and_later_read_durations_as_later_versions_do() {
    let code = "gantt\n    dateFormat YYYY-MM-DD\n    tickInterval 1week\n    section Plan\n    Analyse :a1, 2026-03-02, 14d (estimat)\n    Afklaring :a2, snart, 2d\n    Pilot :a3, 2026-03-09, 1.5d\n";
    let at = |v: MermaidVersion| {
        let mut options = Options::at(1_781_006_400_000);
        options.mermaid = v;
        render(code, &options)
    };
    let old = at(MermaidVersion(9, 1, 3));
    let day = 86_400_000;
    let length = |r: &forvalt_gantt::Rendered, i: usize| {
        let t = &r.schedule.tasks[i];
        t.end.zip(t.start).map(|(e, s)| e - s)
    };
    assert_eq!(length(&old, 0), Some(14 * day));
    assert_eq!(length(&old, 2), Some(0));
    // The "starts now" warning once, though the chart is gone over several times.
    let now_warnings = old
        .diagnostics
        .iter()
        .filter(|d| d.code == "gantt::invalid-date")
        .count();
    assert_eq!(now_warnings, 1);
    let new = at(MermaidVersion(9, 4, 3));
    assert_eq!(length(&new, 0), Some(0));
    assert_eq!(length(&new, 2), Some(2 * day), "dayjs rounds 1.5 days to 2");
    assert!(
        !new.diagnostics
            .iter()
            .any(|d| d.code == "gantt::newer-syntax")
    );
}
