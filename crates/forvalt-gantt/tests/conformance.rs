//! Conformance with Mermaid 11.12: every diagram of the shared corpus is scheduled and
//! compared with what Mermaid computed (`*.computed.json`) and with the assertions of
//! Mermaid's own tests (`*.expect.json`).

mod common;

use forvalt_gantt::{ParseOptions, ScheduleOptions, Zone, parse, schedule, time::iso_local};
use serde_json::Value;

fn trimmed(v: &Value) -> String {
    v.as_str().unwrap_or_default().trim().to_string()
}

fn run(text: &str, zone: Zone) -> forvalt_gantt::Schedule {
    let d = parse(text, &ParseOptions::default()).value;
    schedule(
        &d,
        &ScheduleOptions {
            zone,
            now: common::CORPUS_NOW,
            extensions: false,
            mermaid: forvalt_gantt::MermaidVersion::DEFAULT,
        },
    )
    .value
}

#[test]
fn schedules_match_mermaid() {
    let corpus = common::corpus();
    if corpus.is_empty() {
        return;
    }
    let mut failures = Vec::new();
    let mut compared = 0;
    for (name, path) in &corpus {
        let text = std::fs::read_to_string(path).unwrap();
        let computed: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("computed.json")).unwrap(),
        )
        .unwrap();
        let s = run(&text, Zone::utc());
        let mermaid_error = computed["parse_error"]
            .as_str()
            .or(computed["tasks_error"].as_str());
        compared += 1;
        match (mermaid_error, &s.error) {
            (Some(m), None) => {
                failures.push(format!("{name}: Mermaid fails ({m:?}), forvalt does not"));
                continue;
            }
            (None, Some(e)) => {
                failures.push(format!(
                    "{name}: forvalt fails ({:?}), Mermaid does not",
                    e.message
                ));
                continue;
            }
            (Some(_), Some(_)) => continue,
            (None, None) => {}
        }
        let tasks = computed["tasks"].as_array().cloned().unwrap_or_default();
        if tasks.len() != s.tasks.len() {
            failures.push(format!(
                "{name}: {} tasks, Mermaid has {}",
                s.tasks.len(),
                tasks.len()
            ));
            continue;
        }
        for (m, f) in tasks.iter().zip(&s.tasks) {
            let date = |t: Option<i64>| t.map(|t| iso_local(t, &s.zone));
            let flag = |k: &str| m[k].as_bool().unwrap_or(false);
            let checks = [
                (
                    "id",
                    m["id"].as_str().map(str::to_string),
                    Some(f.id.clone()),
                ),
                (
                    "task",
                    Some(trimmed(&m["task"])),
                    Some(f.name.trim().to_string()),
                ),
                (
                    "section",
                    m["section"].as_str().map(str::to_string),
                    Some(f.section.clone()),
                ),
                (
                    "start",
                    m["start"].as_str().map(str::to_string),
                    date(f.start),
                ),
                ("end", m["end"].as_str().map(str::to_string), date(f.end)),
                (
                    "renderEnd",
                    m["renderEnd"].as_str().map(str::to_string),
                    date(f.render_end),
                ),
                (
                    "milestone",
                    Some(flag("milestone").to_string()),
                    Some(f.milestone.to_string()),
                ),
                (
                    "vert",
                    Some(flag("vert").to_string()),
                    Some(f.vert.to_string()),
                ),
                (
                    "crit",
                    Some(flag("crit").to_string()),
                    Some(f.crit.to_string()),
                ),
                (
                    "active",
                    Some(flag("active").to_string()),
                    Some(f.active.to_string()),
                ),
                (
                    "done",
                    Some(flag("done").to_string()),
                    Some(f.done.to_string()),
                ),
            ];
            for (field, want, got) in checks {
                if want != got {
                    failures.push(format!(
                        "{name} task {} ({}): {field} is {got:?}, Mermaid {want:?}",
                        f.order, f.id
                    ));
                }
            }
        }
    }
    assert!(compared > 100, "only {compared} diagrams compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} diagrams differ from Mermaid 11.12:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn upstream_assertions_hold() {
    let corpus = common::corpus();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, path) in &corpus {
        let expect_path = path.with_extension("expect.json");
        let Ok(raw) = std::fs::read_to_string(&expect_path) else {
            continue;
        };
        let expect: Value = serde_json::from_str(&raw).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let zone = expect["tz"]
            .as_str()
            .map(|tz| Zone::named(tz).unwrap())
            .unwrap_or_else(Zone::utc);
        let s = run(&text, zone.clone());
        checked += 1;
        let utc_instants = expect["time_semantics"]
            .as_str()
            .is_some_and(|t| t.contains("UTC instants"));
        match (&expect["error"], &s.error) {
            (Value::Null, Some(e)) => {
                failures.push(format!("{name}: unexpected error {:?}", e.message))
            }
            (Value::Null, None) => {}
            (want, None) => failures.push(format!("{name}: expected error {want}")),
            (_, Some(_)) => {}
        }
        for t in expect["tasks"].as_array().into_iter().flatten() {
            let i = t["index"].as_u64().unwrap() as usize;
            let Some(f) = s.tasks.get(i) else {
                failures.push(format!("{name}: no task {i}"));
                continue;
            };
            let fmt = |v: Option<i64>| {
                v.map(|v| {
                    if utc_instants {
                        format!("{}Z", iso_local(v, &Zone::utc()))
                    } else {
                        iso_local(v, &zone)
                    }
                })
            };
            for key in ["start", "end", "renderEnd"] {
                let Some(want) = t[key].as_str() else {
                    continue;
                };
                let got = match key {
                    "start" => fmt(f.start),
                    "end" => fmt(f.end),
                    _ => fmt(f.render_end),
                };
                let got = got.unwrap_or_default();
                // Expectations are written with or without milliseconds.
                let want_full = if want == "TODAY" {
                    iso_local(zone.midnight(common::CORPUS_NOW), &zone)
                } else if !utc_instants && want.len() == 19 {
                    format!("{want}.000")
                } else {
                    want.to_string()
                };
                if got != want_full {
                    failures.push(format!(
                        "{name} task {i}: {key} {got}, expected {want_full}"
                    ));
                }
            }
            if let Some(id) = t["id"].as_str()
                && id != f.id
            {
                failures.push(format!("{name} task {i}: id {}, expected {id}", f.id));
            }
            if let Some(task) = t["task"].as_str()
                && task.trim() != f.name.trim()
            {
                failures.push(format!(
                    "{name} task {i}: name {:?}, expected {task:?}",
                    f.name
                ));
            }
            for flag in ["milestone", "done", "crit", "active"] {
                if let Some(want) = t[flag].as_bool() {
                    let got = match flag {
                        "milestone" => f.milestone,
                        "done" => f.done,
                        "crit" => f.crit,
                        _ => f.active,
                    };
                    if got != want {
                        failures.push(format!("{name} task {i}: {flag} {got}, expected {want}"));
                    }
                }
            }
        }
    }
    if !corpus.is_empty() {
        assert!(checked > 30, "only {checked} expectation files");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
