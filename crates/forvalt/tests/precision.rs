//! Precision and recall of `forvalt check` on a realistic fixture repository
//! (`tests/fixtures/precision/`): every finding must be in `expected.txt` (anything else is
//! a false alarm), and every expected finding must be reported. Prints precision and recall
//! of errors and warnings per rule family (BENCHMARKS.md keeps the numbers).

#![allow(clippy::print_stderr)]

mod common;

use common::{copy_tree, forvalt, workspace};
use std::collections::{BTreeMap, BTreeSet};

/// A finding: severity, code, path, line.
type Finding = (String, String, String, u64);

/// The expected findings, and the planted problems forvalt is known to miss.
fn expected() -> (BTreeSet<Finding>, BTreeSet<Finding>) {
    let text = std::fs::read_to_string(
        workspace().join("crates/forvalt/tests/fixtures/precision/expected.txt"),
    )
    .expect("expected.txt");
    let (mut found, mut missed) = (BTreeSet::new(), BTreeSet::new());
    for line in text.lines() {
        let line = line.split("  #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (missing, rest) = match line.strip_prefix("missed ") {
            Some(r) => (true, r),
            None => (false, line),
        };
        let parts: Vec<&str> = rest.splitn(3, ' ').collect();
        let [sev, code, place] = parts[..] else {
            panic!("unreadable line in expected.txt: {line}");
        };
        let (path, l) = place.rsplit_once(':').expect("PATH:LINE");
        let f = (
            sev.to_string(),
            code.to_string(),
            path.to_string(),
            l.parse().expect("a line number"),
        );
        if missing {
            missed.insert(f);
        } else {
            found.insert(f);
        }
    }
    (found, missed)
}

#[test]
fn no_false_alarms_and_every_planted_problem_found() {
    let dir = tempfile::tempdir().unwrap();
    // A copy outside git: the findings must not depend on the history of this repository.
    let root = dir.path().join("repo");
    copy_tree(
        &workspace().join("crates/forvalt/tests/fixtures/precision/repo"),
        &root,
    );
    let out = forvalt()
        .args(["check", "--format", "json", "--today", "2026-11-23"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("spelling was not checked"),
        "spelling must run: install hunspell-da and hunspell-en-us"
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let got: BTreeSet<Finding> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or("").to_string(),
                d["code"].as_str().unwrap_or("").to_string(),
                d["path"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let (want, missed) = expected();
    assert!(want.len() > 40, "only {} expected findings", want.len());
    // Per family: (true positives, false alarms, planted) at warning or error level.
    let mut families: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let serious = |f: &Finding| f.0 == "warning" || f.0 == "error";
    let family = |f: &Finding| f.1.split("::").next().unwrap_or("").to_string();
    for f in want.iter().chain(&missed).filter(|f| serious(f)) {
        families.entry(family(f)).or_default().2 += 1;
    }
    for f in got.iter().filter(|f| serious(f)) {
        let e = families.entry(family(f)).or_default();
        if want.contains(f) {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    eprintln!("family        precision  recall   (errors and warnings)");
    for (name, (tp, fp, planted)) in &families {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "–".to_string()
            } else {
                format!("{:.0} %", 100.0 * a as f64 / b as f64)
            }
        };
        eprintln!(
            "{name:<13} {:>9}  {:>6}   ({tp} found, {fp} false, {planted} planted)",
            pct(*tp, tp + fp),
            pct(*tp, *planted)
        );
    }
    let false_alarms: Vec<&Finding> = got.difference(&want).collect();
    let missing: Vec<&Finding> = want.difference(&got).collect();
    assert!(
        false_alarms.is_empty(),
        "findings not in expected.txt (false alarms, or add them if they are true): {false_alarms:#?}"
    );
    assert!(
        missing.is_empty(),
        "expected findings not reported: {missing:#?}"
    );
    let now_found: Vec<&Finding> = missed.intersection(&got).collect();
    assert!(
        now_found.is_empty(),
        "reported now, so move them from `missed` to the expected findings: {now_found:#?}"
    );
}
