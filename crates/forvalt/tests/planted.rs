//! The example's list of planted defects (`examples/os2skolekoersel/.forvalt/planted-defects.md`)
//! against `forvalt check`: every defect listed as an error or a warning is found at one
//! of its places, with the example's git history (a decided decision written over) rebuilt
//! in a copy. The defects forvalt has no rule for are listed here, so that the list
//! shrinks when a rule comes.

#![allow(clippy::print_stderr)]

mod common;

use common::{copy_tree, forvalt, git, workspace};
use std::collections::{BTreeMap, BTreeSet};

/// Listed defects no rule finds yet, with why.
const NOT_CHECKED: &[(&str, &str)] = &[
    (
        "GNT-26",
        "C4 diagrams are not read (the charts issue adds diagram checks)",
    ),
    (
        "TXT-01",
        "two dates that contradict each other in one sentence",
    ),
];

/// One listed defect: id, severity letter, places (`path`, line or 0 for the whole file).
struct Planted {
    id: String,
    sev: char,
    places: Vec<(String, u64)>,
}

fn planted() -> Vec<Planted> {
    let path = workspace().join("examples/os2skolekoersel/.forvalt/planted-defects.md");
    let text = std::fs::read_to_string(path).expect("the planted-defects list");
    let mut out = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split(" | ").collect();
        if cells.len() < 4 || !line.starts_with("| ") {
            continue;
        }
        let id = cells[0].trim_start_matches("| ").trim();
        let sev = cells[1].trim();
        if !id.contains('-') || sev.len() != 1 {
            continue;
        }
        let places = cells[2]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|p| match p.rsplit_once(':') {
                Some((f, l)) if l.bytes().all(|b| b.is_ascii_digit()) => {
                    (f.to_string(), l.parse().unwrap_or(0))
                }
                _ => (p.to_string(), 0),
            })
            .collect();
        out.push(Planted {
            id: id.to_string(),
            sev: sev.chars().next().unwrap_or('I'),
            places,
        });
    }
    out
}

/// A copy of the example whose git history holds the decided decision that the file
/// `2026-05-28-integration-til-elevadministration.md` held before it was written over.
fn example_with_history(dir: &std::path::Path) -> std::path::PathBuf {
    let root = dir.join("os2skolekoersel");
    copy_tree(&workspace().join("examples/os2skolekoersel"), &root);
    let file = "beslutninger/2026-05-28-integration-til-elevadministration.md";
    let now = std::fs::read_to_string(root.join(file)).unwrap();
    let old = std::fs::read_to_string(
        workspace()
            .join("crates/forvalt/tests/fixtures/example-history")
            .join(file),
    )
    .unwrap();
    std::fs::write(root.join(file), &old).unwrap();
    let at = |d: &str| format!("{d}T10:00:00+02:00");
    git(&root, &["init", "-q"], Some(&at("2026-05-28")));
    git(&root, &["add", "."], Some(&at("2026-05-28")));
    git(
        &root,
        &["commit", "-q", "-m", "Forvaltningen som den så ud i maj"],
        Some(&at("2026-05-28")),
    );
    std::fs::write(
        root.join(file),
        old.replace("**Status**: Forslag", "**Status**: Accepteret"),
    )
    .unwrap();
    git(
        &root,
        &["commit", "-q", "-am", "Besluttet på styregruppemødet"],
        Some(&at("2026-06-04")),
    );
    std::fs::write(root.join(file), now).unwrap();
    git(
        &root,
        &["commit", "-q", "-am", "Nyt forslag om eksport"],
        Some(&at("2026-08-20")),
    );
    root
}

#[test]
fn every_planted_error_and_warning_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_with_history(dir.path());
    let out = forvalt()
        .args(["check", "--format", "json", "--today", "2026-11-23"])
        .arg(&root)
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut at: BTreeMap<(String, u64), Vec<String>> = BTreeMap::new();
    for d in found.as_array().unwrap() {
        let path = d["path"].as_str().unwrap_or("").to_string();
        let line = d["line"].as_u64().unwrap_or(0);
        let code = d["code"].as_str().unwrap_or("").to_string();
        at.entry((path.clone(), line))
            .or_default()
            .push(code.clone());
        at.entry((path, 0)).or_default().push(code);
    }
    let list = planted();
    assert!(list.len() > 100, "read only {} entries", list.len());
    let mut missing = BTreeSet::new();
    // Per family (the id's prefix): (listed, found).
    let mut recall: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for p in list.iter().filter(|p| p.sev == 'E' || p.sev == 'W') {
        let hit = p.places.iter().any(|k| at.contains_key(k));
        let family = p.id.split('-').next().unwrap_or("");
        let r = recall.entry(family).or_default();
        r.0 += 1;
        r.1 += usize::from(hit);
        if !hit {
            missing.insert(p.id.as_str());
        }
    }
    for (family, (listed, hit)) in &recall {
        eprintln!("{family}: {hit} of {listed} planted errors and warnings found");
    }
    let expected: BTreeSet<&str> = NOT_CHECKED.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        missing, expected,
        "planted defects not found (left) differ from those known to have no rule (right)"
    );
}
