//! `forvalt new`: records started from the repository's own templates and named as its
//! folders' files are, on the example and on a repository with other conventions and no
//! templates; the files pass `forvalt check` but for what the template asks the author to
//! fill in; nothing is ever written over.

mod common;

use common::{copy_tree, forvalt, workspace, write};
use std::path::Path;

fn new(root: &Path, args: &[&str]) -> String {
    let out = forvalt()
        .arg("new")
        .args(args)
        .arg("--dir")
        .arg(root)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_string()
}

/// `forvalt check`'s findings in `paths`, as (code, path, message).
fn findings(root: &Path, paths: &[&str]) -> Vec<(String, String, String)> {
    let out = forvalt()
        .args([
            "check",
            "--no-spelling",
            "--format",
            "json",
            "--today",
            "2026-12-07",
        ])
        .arg(root)
        .assert();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .filter(|d| paths.contains(&d["path"].as_str().unwrap_or("")))
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["path"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn records_from_the_examples_own_templates() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    copy_tree(&workspace().join("examples/os2skolekoersel"), &root);
    let decision = new(
        &root,
        &[
            "decision",
            "[SDR] To releases om året",
            "--date",
            "2026-12-07",
        ],
    );
    assert_eq!(decision, "beslutninger/2026-12-07-to-releases-om-aaret.md");
    let text = std::fs::read_to_string(root.join(&decision)).unwrap();
    // From the template page that says to copy it into beslutninger/.
    assert!(text.starts_with("# [SDR] To releases om året\n"), "{text}");
    assert!(text.contains("- Dato: 2026-12-07\n- Status: Forslag\n"));
    assert!(text.contains("- Beslutningstype :   Strategisk beslutning"));
    let meeting = new(
        &root,
        &["meeting", "--body", "styregruppe", "--date", "2027-01-07"],
    );
    assert_eq!(
        meeting,
        "dagsordner-og-referater/styregruppe/20270107_OS2skolekoerselStyregruppe.md"
    );
    let text = std::fs::read_to_string(root.join(&meeting)).unwrap();
    assert!(text.contains("# Styregruppemøde 07.01.2027") && text.contains("**Tid**: 07.01.2027"));
    assert!(
        text.contains("Godkendelse af referat fra 03.12.2026"),
        "the body's last meeting"
    );
    let change = new(
        &root,
        &[
            "change",
            "Eksport af kørselsplaner til CSV",
            "--date",
            "2026-12-07",
        ],
    );
    assert_eq!(
        change,
        "aendringsoensker/009-eksport-af-koerselsplaner-til-csv.md"
    );
    let text = std::fs::read_to_string(root.join(&change)).unwrap();
    assert!(text.starts_with("---\ntitle: \"Eksport af kørselsplaner til CSV\"\nstatus: modtaget\ndate: 2026-12-07\n---\n"));
    assert!(
        text.contains("**Kommune:** [Din kommune]"),
        "the change-request issue template's fields"
    );
    let report = new(&root, &["report", "--date", "2026-12-07"]);
    assert_eq!(
        report,
        "docs/Styring og forvaltning/governancerapport-2026.md"
    );
    let text = std::fs::read_to_string(root.join(&report)).unwrap();
    assert!(
        text.contains("parent: \"Styring og forvaltning\"")
            && text.contains("# Governancerapport for OS2skolekørsel\n")
    );
    assert_eq!(
        text.matches("\n|  | ").count(),
        43,
        "every requirement, unanswered"
    );
    let made = [
        decision.as_str(),
        meeting.as_str(),
        change.as_str(),
        report.as_str(),
    ];
    let found = findings(&root, &made);
    assert!(found.is_empty(), "{found:#?}");
    // Never over a file.
    let out = forvalt()
        .args([
            "new",
            "decision",
            "[SDR] To releases om året",
            "--date",
            "2026-12-07",
            "--dir",
        ])
        .arg(&root)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("exists already"));
    // A meeting needs its body when there are several.
    let out = forvalt()
        .args(["new", "meeting", "--dir"])
        .arg(&root)
        .assert()
        .code(2);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr)
            .contains("koordinationsgruppe, styregruppe")
    );
}

#[test]
fn other_conventions_and_the_built_in_templates() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "_config.yml",
        "title: OS2test\nlang: da\nforvalt:\n  records:\n    decisions: beslutningslog\n",
    );
    write(root, "index.md", "---\ntitle: OS2test\n---\n\n# OS2test\n");
    write(
        root,
        "beslutningslog/0001-valg-af-kortdata.md",
        "# [ADR] Valg af kortdata\n\n- Dato: 2025-09-18\n- Status: Accepteret\n- Beslutningstagere: Styregruppen\n\n## Beskrivelse af beslutningen\n\nVi bruger åbne kortdata.\n",
    );
    write(
        root,
        "beslutningslog/0002-moedekadence.md",
        "# [ODR] Mødekadence\n\n- Dato: 2026-01-27\n- Status: Accepteret\n- Beslutningstagere: Koordinationsgruppen\n\n## Beskrivelse af beslutningen\n\nVi mødes hver måned.\n",
    );
    let meeting = "# Koordinationsgruppemøde 27.01.2026\n\n**Tid**: 27.01.2026 kl. 10 - 11\n\n## Dagsorden\n\n#### 1. Formalia\n- 1.1 Godkendelse af dagsorden\n";
    write(
        root,
        "dagsordner-og-referater/koordinationsgruppe/2026-01-27-OS2test-koordinationsgruppe.md",
        meeting,
    );
    write(
        root,
        "dagsordner-og-referater/koordinationsgruppe/2026-03-02-OS2test-koordinationsgruppe.md",
        &meeting.replace("27.01", "02.03"),
    );
    let decision = new(
        root,
        &[
            "decision",
            "[ODR] Nyt tidspunkt for releases",
            "--date",
            "2026-12-07",
        ],
    );
    assert_eq!(
        decision,
        "beslutningslog/0003-nyt-tidspunkt-for-releases.md"
    );
    let text = std::fs::read_to_string(root.join(&decision)).unwrap();
    assert!(
        text.starts_with(
            "# [ODR] Nyt tidspunkt for releases\n\n- Dato: 2026-12-07\n- Status: Forslag\n"
        ),
        "{text}"
    );
    let meeting = new(root, &["meeting", "--date", "2026-12-08"]);
    assert_eq!(
        meeting,
        "dagsordner-og-referater/koordinationsgruppe/2026-12-08-OS2test-koordinationsgruppe.md"
    );
    let change = new(root, &["change", "Eksport til CSV", "--date", "2026-12-07"]);
    assert_eq!(change, "aendringsoensker/001-eksport-til-csv.md");
    let found = findings(
        root,
        &[decision.as_str(), meeting.as_str(), change.as_str()],
    );
    assert!(found.is_empty(), "{found:#?}");
    // Issue forms, read back as records.
    let out = forvalt()
        .args(["new", "issue-forms", "--dir"])
        .arg(root)
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .contains(".github/ISSUE_TEMPLATE/beslutning.yml")
    );
    forvalt()
        .args(["new", "issue-forms", "--dir"])
        .arg(root)
        .assert()
        .code(1);
    let body = "### Beslutningstype\n\nStrategisk beslutning (SDR)\n\n### Dato\n\n2026-12-01\n\n### Status\n\nForslag\n\n### Beslutningstagere\n\nStyregruppen\n\n### Beskrivelse af beslutningen\n\nTo releases om året.\n\n### Kontekst/ Årsag\n\n_No response_\n\n### Konsekvenser\n\nFaste datoer.";
    let issues = serde_json::json!([{"number": 21, "title": "[SDR] To releases om året", "body": body, "labels": [{"name": "decision"}], "state": "OPEN", "url": "https://github.com/os2test/g/issues/21", "createdAt": "2026-12-01T09:00:00Z"}]);
    write(root, ".github/issues.json", &issues.to_string());
    let out = forvalt()
        .args(["export", "--json"])
        .arg(root)
        .assert()
        .success();
    let model: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let d = model["records"]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "issue-21")
        .expect("the form's issue is a decision");
    assert_eq!(d["date"]["value"], "2026-12-01", "{d:#}");
    assert_eq!(d["decided_by"]["raw"], "Styregruppen", "{d:#}");
    assert_eq!(d["decision_type"]["raw"], "Strategisk beslutning (SDR)");
    let found = findings(
        root,
        &[
            ".github/issues.json",
            ".github/ISSUE_TEMPLATE/beslutning.yml",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}
