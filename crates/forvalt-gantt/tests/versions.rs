//! Gantt semantics per Mermaid version: charts drawn by Mermaid 11.12.0 and 11.16.0 (through
//! mermaid-cli with Debian's Chromium, TZ=UTC; `tests/data/versions/`) against forvalt's
//! drawing with the same version, in Mermaid's exact geometry. From 11.16 a `vert` marker
//! takes no row and every `excludes` line adds to the excluded days.

use forvalt_gantt::{MermaidVersion, Options, render};

/// The task bars (rects with a `task` class) as (x, y, width, height), rounded to 0.1, and
/// the height of the view box.
fn geometry(svg: &str) -> (Vec<(i64, i64, i64, i64)>, i64) {
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let r = |v: f64| (v * 10.0).round() as i64;
    let bars = svg
        .split("<rect")
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
        .filter(|t| t.contains("class=\"task"))
        .map(|t| {
            (
                r(attr(t, "x")),
                r(attr(t, "y")),
                r(attr(t, "width")),
                r(attr(t, "height")),
            )
        })
        .collect();
    let view = svg
        .split("viewBox=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap_or("");
    let h = view
        .split_whitespace()
        .nth(3)
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    (bars, r(h))
}

fn data(path: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/versions")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn ours(code: &str, version: MermaidVersion) -> String {
    let mut options = Options::at(1_781_006_400_000); // 2026-06-09
    options.width = 784.0; // mermaid-cli's page is 800 px wide, the chart 784
    options.mermaid = version;
    render(code, &options).svg
}

#[test]
fn charts_as_each_mermaid_version_draws_them() {
    for chart in ["vert-and-excludes", "markers-only-section"] {
        let code = data(&format!("{chart}.mmd"));
        for (dir, version) in [
            ("11.12.0", MermaidVersion(11, 12, 0)),
            ("11.16.0", MermaidVersion(11, 16, 0)),
        ] {
            let theirs = geometry(&data(&format!("{dir}/{chart}.svg")));
            let mine = geometry(&ours(&code, version));
            assert!(!theirs.0.is_empty());
            assert_eq!(mine, theirs, "{chart} as Mermaid {dir} draws it");
        }
    }
}

#[test]
fn the_versions_differ_where_mermaid_changed() {
    let code = data("vert-and-excludes.mmd");
    let old = geometry(&ours(&code, MermaidVersion(11, 12, 0)));
    let new = geometry(&ours(&code, MermaidVersion(11, 16, 0)));
    // One row less (the marker's), and the first task longer in 11.12 (only the last
    // `excludes` line counted: weekends were working days).
    assert_eq!(old.1 - new.1, 240);
    assert_ne!(old.0[0].2, new.0[0].2);
}
