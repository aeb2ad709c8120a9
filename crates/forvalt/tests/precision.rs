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

#[test]
fn the_roadmap_history_of_the_fixture_tells_the_truth() {
    // The fixture's roadmap as it stood in March (`history/roadmap-2026.md`): a task in
    // another section, another with a shorter name, a third with other dates — every line
    // with the same reused id `a1`.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let fixture = workspace().join("crates/forvalt/tests/fixtures/precision");
    copy_tree(&fixture.join("repo"), &root);
    let file = root.join("docs/roadmaps/roadmap-2026.md");
    let now = std::fs::read_to_string(&file).unwrap();
    std::fs::copy(fixture.join("history/roadmap-2026.md"), &file).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    git(&["init", "-q"], "2026-03-02T10:00:00+01:00");
    git(&["add", "."], "2026-03-02T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Roadmap 2026"],
        "2026-03-02T10:00:00+01:00",
    );
    std::fs::write(&file, now).unwrap();
    git(
        &["commit", "-q", "-am", "Roadmap efter styregruppemødet"],
        "2026-09-04T10:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("docs/roadmaps/roadmap-2026.html")).unwrap();
    let text: String = page
        .split('<')
        .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
        .collect();
    let changes = &text[text.find("Ændringer i køreplanen").expect("a change log")..];
    let changes = &changes[..changes.find("Oprettet").unwrap_or(changes.len())];
    assert!(
        changes.contains(
            "Fælles format for åbningstider: flyttet til sektion »Booking og arrangementer«"
        ),
        "{changes}"
    );
    assert!(
        changes.contains(
            "omdøbt: Venteliste til arrangementer → Venteliste til arrangementer (analyse)"
        )
    );
    assert!(changes.contains("Tønder tilsluttes: start fremrykket 33 dage"));
    // Nothing else is called a rename.
    assert_eq!(changes.matches("omdøbt").count(), 1, "{changes}");
    assert!(page.contains("Historik</a> (2 ændringer)"));
}
