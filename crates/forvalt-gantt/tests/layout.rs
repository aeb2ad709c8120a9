//! Geometry against Mermaid's own renders: for every reference SVG of the shared corpus,
//! each task's bar (x, width), row (y) and label (x, y, inside or outside the bar) lie
//! within 1 px of the reference, the axis ticks carry the same dates at the same places,
//! and excluded days and the today line match.

mod common;

use forvalt_gantt::{LayoutOptions, ParseOptions, ScheduleOptions, Zone, layout, parse, schedule};
use serde_json::Value;

struct RefBar {
    id: String,
    x: f64,
    y: f64,
    width: f64,
}

fn attr(n: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
    n.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1.0 || (a.is_nan() && b.is_nan())
}

#[test]
fn bars_rows_and_ticks_match_the_reference_svgs() {
    let corpus = common::corpus();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (name, path) in &corpus {
        let svg_path = path
            .parent()
            .unwrap()
            .join("reference-svg")
            .join(format!("{name}.svg"));
        let Ok(reference) = std::fs::read_to_string(&svg_path) else {
            continue;
        };
        let computed: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("computed.json")).unwrap(),
        )
        .unwrap();
        let doc = roxmltree::Document::parse(&reference).expect("reference SVG parses");
        let text = std::fs::read_to_string(path).unwrap();
        let diagram = parse(&text, &ParseOptions::default()).value;
        let s = schedule(
            &diagram,
            &ScheduleOptions {
                zone: Zone::utc(),
                now: common::CORPUS_NOW,
                extensions: false,
                mermaid: forvalt_gantt::MermaidVersion::DEFAULT,
            },
        )
        .value;
        let config = computed["render_config"]["gantt"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let l = layout(
            &s,
            &LayoutOptions {
                config,
                ..LayoutOptions::default()
            },
        )
        .value;
        compared += 1;

        // Bars: the task rects, in drawing order.
        let bars: Vec<RefBar> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter(|n| {
                let c = n.attribute("class").unwrap_or("");
                c == "task" || c.starts_with("task ")
            })
            .map(|n| RefBar {
                id: n.attribute("id").unwrap_or("").to_string(),
                x: attr(&n, "x"),
                y: attr(&n, "y"),
                width: attr(&n, "width"),
            })
            .collect();
        if bars.len() != l.bars.len() {
            failures.push(format!(
                "{name}: {} bars, reference has {}",
                l.bars.len(),
                bars.len()
            ));
        }
        for (r, b) in bars.iter().zip(&l.bars) {
            // DOMPurify drops ids that clobber DOM properties (`__proto__`, `constructor`).
            if r.id != b.id && !r.id.is_empty() {
                failures.push(format!(
                    "{name}: bar {} where the reference has {}",
                    b.id, r.id
                ));
                continue;
            }
            if !close(r.x, b.x) || !close(r.width, b.width) || !close(r.y, b.y) {
                failures.push(format!(
                    "{name} {}: x {} w {} y {} (reference x {} w {} y {})",
                    b.id, b.x, b.width, b.y, r.x, r.width, r.y
                ));
            }
        }

        // Task labels: position and inside/outside placement.
        let placement = |c: &str| {
            ["taskTextOutsideLeft", "taskTextOutsideRight", "taskText"]
                .into_iter()
                .find(|p| c.split(' ').any(|w| w == *p))
                .unwrap_or("")
                .to_string()
        };
        let labels: Vec<(String, f64, f64, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter(|n| n.attribute("id").is_some_and(|i| i.ends_with("-text")))
            .map(|n| {
                (
                    n.attribute("id").unwrap_or("").to_string(),
                    attr(&n, "x"),
                    attr(&n, "y"),
                    placement(n.attribute("class").unwrap_or("")),
                )
            })
            .collect();
        for (r, ours) in labels.iter().zip(&l.labels) {
            let p = placement(&ours.class);
            if r.0 != ours.id || !close(r.1, ours.x) || !close(r.2, ours.y) || r.3 != p {
                failures.push(format!(
                    "{name} label {}: x {} y {} {p} (reference {} x {} y {} {})",
                    ours.id, ours.x, ours.y, r.0, r.1, r.2, r.3
                ));
            }
        }
        if labels.len() != l.labels.len() {
            failures.push(format!(
                "{name}: {} labels, reference has {}",
                l.labels.len(),
                labels.len()
            ));
        }

        // Excluded-day shading.
        let excl: Vec<(f64, f64)> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("exclude-range"))
            .map(|n| (attr(&n, "x"), attr(&n, "width")))
            .collect();
        let ours_ex: Vec<(f64, f64)> = l.excludes.iter().map(|e| (e.x, e.width)).collect();
        if excl.len() != ours_ex.len()
            || excl
                .iter()
                .zip(&ours_ex)
                .any(|(a, b)| !close(a.0, b.0) || !close(a.1, b.1))
        {
            failures.push(format!(
                "{name}: excluded days {ours_ex:?}, reference {excl:?}"
            ));
        }

        // Today line.
        let today = doc
            .descendants()
            .find(|n| n.has_tag_name("line") && n.attribute("class") == Some("today"))
            .map(|n| attr(&n, "x1"));
        match (today, &l.today) {
            (None, None) => {}
            // An empty chart: Mermaid's line has NaN coordinates, i.e. it is not drawn.
            (Some(a), None) if a.is_nan() => {}
            (Some(a), Some(b)) if close(a, b.x) => {}
            (a, b) => failures.push(format!(
                "{name}: today line {:?}, reference {a:?}",
                b.as_ref().map(|t| t.x)
            )),
        }

        // Section rows.
        let rows: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("section section"))
            })
            .map(|n| attr(&n, "y"))
            .collect();
        let ours: Vec<f64> = l.rows.iter().map(|r| r.y).collect();
        if rows.len() != ours.len() || rows.iter().zip(&ours).any(|(a, b)| !close(*a, *b)) {
            failures.push(format!("{name}: rows {ours:?}, reference {rows:?}"));
        }

        // Ticks of the first (bottom) axis: same labels, same places.
        let grid = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("grid"));
        let ref_ticks: Vec<(f64, String)> = grid
            .map(|g| {
                g.children()
                    .filter(|n| n.attribute("class") == Some("tick"))
                    .map(|t| {
                        let tr = t.attribute("transform").unwrap_or("");
                        let x = tr
                            .trim_start_matches("translate(")
                            .split(',')
                            .next()
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(f64::NAN);
                        let label = t
                            .children()
                            .find(|c| c.has_tag_name("text"))
                            .and_then(|c| c.text())
                            .unwrap_or("")
                            .to_string();
                        (x, label)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let our_ticks: Vec<(f64, String)> = l
            .bottom_axis
            .ticks
            .iter()
            .map(|t| (t.x, t.label.clone()))
            .collect();
        let same = ref_ticks.len() == our_ticks.len()
            && ref_ticks
                .iter()
                .zip(&our_ticks)
                .all(|(a, b)| a.1 == b.1 && close(a.0, b.0));
        if !same {
            failures.push(format!(
                "{name}: ticks {:?} …, reference {:?} … ({} vs {})",
                our_ticks.iter().take(3).collect::<Vec<_>>(),
                ref_ticks.iter().take(3).collect::<Vec<_>>(),
                our_ticks.len(),
                ref_ticks.len()
            ));
        }
    }
    if !corpus.is_empty() {
        assert!(compared > 100, "only {compared} reference SVGs");
    }
    assert!(
        failures.is_empty(),
        "{} differences in {compared} charts:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
