//! `forvalt gantt` from the command line.

use assert_cmd::Command;
use predicates::prelude::*;

fn forvalt() -> Command {
    Command::cargo_bin("forvalt").unwrap()
}

const CHART: &str = "gantt\n    dateFormat YYYY-MM-DD\n    section Drift\n    Opgradering :a1, 2025-00-01, 2025-02-01\n    Test        :a2, 2025-02-03, 5d\n";

#[test]
fn draws_svg_and_reports_errors_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.mmd");
    std::fs::write(&file, CHART).unwrap();
    forvalt()
        .args(["gantt", file.to_str().unwrap(), "--today", "2026-06-04"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<svg"))
        .stderr(predicate::str::contains(
            "error[gantt::invalid-date]: `2025-00-01` is not a valid start date",
        ))
        .stderr(predicate::str::contains("plan.mmd:4:22"))
        .stderr(predicate::str::contains("did you mean `2025-01-01`?"));
}

#[test]
fn strict_fails_on_errors() {
    forvalt()
        .args(["gantt", "-", "--strict", "-q", "--today", "2026-06-04"])
        .write_stdin(CHART)
        .assert()
        .code(1);
    forvalt()
        .args(["gantt", "-", "--strict", "-q", "--today", "2026-06-04"])
        .write_stdin("gantt\n dateFormat YYYY-MM-DD\n A : 2025-01-01, 3d\n")
        .assert()
        .success();
}

#[test]
fn json_has_the_corpus_shape() {
    let out = forvalt()
        .args(["gantt", "-", "--json", "-q", "--today", "2026-06-04"])
        .write_stdin(CHART)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["message"], "Invalid date:2025-00-01");
    assert_eq!(v["error"]["line"], 4);
    assert_eq!(v["error"]["column"], 22);
    let t = &v["tasks"][1];
    assert_eq!(t["id"], "a2");
    assert_eq!(t["start"], "2025-02-03T00:00:00.000");
    assert_eq!(t["end"], "2025-02-08T00:00:00.000");
    assert_eq!(t["renderEnd"], serde_json::Value::Null);
    assert_eq!(t["milestone"], false);
}

#[test]
fn markdown_files_give_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("roadmap.md");
    std::fs::write(
        &md,
        format!("# Roadmap\n\nTekst.\n\n```mermaid\n{CHART}```\n\n```mermaid\ngantt\n  B : 2026-01-01, 2d\n```\n"),
    )
    .unwrap();
    let out = forvalt()
        .args([
            "gantt",
            md.to_str().unwrap(),
            "--json",
            "-q",
            "--today",
            "2026-06-04",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["line"], 6);
    assert_eq!(v[0]["error"]["line"], 9, "line in the Markdown file");
    // SVG files, numbered.
    let svg = dir.path().join("out.svg");
    forvalt()
        .args([
            "gantt",
            md.to_str().unwrap(),
            "-q",
            "-o",
            svg.to_str().unwrap(),
            "--locale",
            "da",
        ])
        .assert()
        .success();
    let first = std::fs::read_to_string(dir.path().join("out-1.svg")).unwrap();
    assert!(first.contains("id=\"gantt-1\""));
    assert!(dir.path().join("out-2.svg").exists());
}

#[test]
fn table_output() {
    forvalt()
        .args([
            "gantt",
            "-",
            "--table",
            "--locale",
            "da",
            "-q",
            "--today",
            "2026-06-04",
        ])
        .write_stdin("gantt\n dateFormat YYYY-MM-DD\n section Drift\n Test : 2026-02-03, 5d\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "<th scope=\"row\">Test</th><td>3. februar 2026</td><td>8. februar 2026</td>",
        ));
}

#[test]
fn usage_and_io_errors_exit_2() {
    forvalt()
        .args(["gantt", "does-not-exist.mmd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read does-not-exist.mmd"));
    forvalt()
        .args(["gantt", "-", "--today", "tomorrow"])
        .write_stdin(CHART)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'tomorrow'").and(predicate::str::contains("not a date")));
    forvalt()
        .args(["gantt", "-", "--tz", "Mars/Olympus"])
        .write_stdin(CHART)
        .assert()
        .code(2);
    forvalt().args(["frobnicate"]).assert().code(2);
}

#[test]
fn time_zone_and_today_are_inputs() {
    let out = forvalt()
        .args([
            "gantt",
            "-",
            "--json",
            "-q",
            "--tz",
            "Europe/Copenhagen",
            "--today",
            "2025-06-15",
        ])
        .write_stdin(
            "gantt\n dateFormat YYYY-MM-DD\n A : a, 2025-03-29, 2d\n B : after missing, 1d\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // Two calendar days across the DST change, in local time.
    assert_eq!(v["tasks"][0]["end"], "2025-03-31T00:00:00.000");
    // Unknown `after` ids start "today".
    assert_eq!(v["tasks"][1]["start"], "2025-06-15T00:00:00.000");
}
