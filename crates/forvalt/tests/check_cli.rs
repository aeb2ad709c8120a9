//! `forvalt check`, `forvalt fix` and `forvalt explain` end to end: exit codes, the four
//! output formats, the seeds and the example, dry runs, atomic writes and idempotence.

#![allow(clippy::print_stderr)]

mod common;

use common::{forvalt, shared, workspace, write};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    workspace().join("examples/os2skolekoersel")
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("JSON output")
}

#[test]
fn the_example_in_every_format() {
    let run = |format: &str| {
        forvalt()
            .args([
                "check",
                "--today",
                "2026-11-23",
                "--no-spelling",
                "--format",
                format,
            ])
            .arg(example())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let list = json(&run("json"));
    let list = list.as_array().unwrap();
    assert!(list.len() > 50);
    // Every finding has a place, and the planted missing parent is among them.
    assert!(
        list.iter()
            .all(|d| d["path"].is_string() && d["line"].as_u64() > Some(0))
    );
    assert!(list.iter().any(|d| d["code"] == "nav::missing-parent"
        && d["path"] == "docs/Styring og forvaltning/status-2026.md"
        && d["line"] == 7));
    let gh = String::from_utf8(run("github")).unwrap();
    // One annotation per finding, and a notice that spelling was left out.
    assert_eq!(gh.lines().count(), list.len() + 1);
    assert!(gh.contains("::notice title=forvalt::spelling was not checked"));
    assert!(gh.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
    assert!(gh.contains("::error file=docs/Styring og forvaltning/status-2026.md,line=7,"));
    let sarif = json(&run("sarif"));
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), list.len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(rules[i]["fullDescription"]["text"].as_str().unwrap().len() > 50);
    }
    // Human output: grouped by file, with a summary line.
    let out = forvalt()
        .args(["check", "--today", "2026-11-23", "--no-spelling"])
        .arg(example())
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("── docs/Styring og forvaltning/status-2026.md ("));
    assert!(err.contains("Checked 81 pages"), "{err}");
}

#[test]
fn exit_codes() {
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "_config.yml", "title: Test\n");
    write(
        clean.path(),
        "index.md",
        "---\ntitle: Forside\n---\n\n# Forside\n\nVelkommen.\n",
    );
    forvalt()
        .args(["check", "--no-spelling"])
        .arg(clean.path())
        .assert()
        .code(0);
    // A warning only: 0, unless warnings are denied.
    write(
        clean.path(),
        "b.md",
        "---\ntitle: B\nhas_children: true\n---\n\n# B\n",
    );
    forvalt()
        .args(["check", "--no-spelling"])
        .arg(clean.path())
        .assert()
        .code(0);
    forvalt()
        .args(["check", "--no-spelling", "--deny", "warnings"])
        .arg(clean.path())
        .assert()
        .code(1);
    // Usage and I/O failures: 2.
    forvalt().args(["check", "/findes/ikke"]).assert().code(2);
    forvalt()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn today_outside_the_supported_years_is_a_usage_error() {
    for bad in ["99999-01-01", "0000-00-00"] {
        let out = forvalt()
            .args(["check", "--no-spelling", "--today", bad])
            .arg(example())
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains("between 1900 and 2200"), "{bad}: {err}");
    }
}

#[test]
fn many_findings_are_printed_in_linear_time() {
    // One file with 20,000 findings and 2,000 files with one each. Rendering each finding
    // of the big file from the file's start, and counting each file's findings over all
    // findings, took minutes.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: T\n");
    write(dir.path(), "docs/a.png", "");
    let big = format!(
        "---\ntitle: Stor\n---\n\n{}",
        "![](a.png) tekst\n".repeat(20_000)
    );
    write(dir.path(), "docs/stor.md", &big);
    for i in 0..2_000 {
        let page = format!("---\ntitle: S{i}\n---\n\n![](a.png)\n");
        write(dir.path(), &format!("docs/s{i:04}.md"), &page);
    }
    let started = std::time::Instant::now();
    let out = forvalt()
        .args(["check", "--no-spelling", "--today", "2026-01-01"])
        .arg(dir.path())
        .assert()
        .code(0);
    let elapsed = started.elapsed();
    let err = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(err.contains("── docs/stor.md (20000)"), "{}", &err[..2000]);
    assert!(err.contains("── docs/s1999.md (1)"));
    assert!(err.contains("--> docs/stor.md:20004:1"));
    assert_eq!(err.matches("warning[links::image-alt]").count(), 22_000);
    assert!(elapsed.as_secs() < 120, "took {elapsed:?}");
}

#[test]
fn explain_documents_rules() {
    let out = forvalt()
        .args(["explain", "nav::childless"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("nav::childless\nlevel: warning"), "{text}");
    let out = forvalt().args(["explain"]).assert().success();
    let list = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(list.lines().filter(|l| l.contains("::")).count() > 80);
    let out = forvalt()
        .args(["explain", "nav::childles"])
        .assert()
        .code(2);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("did you mean nav::childless?")
    );
}

#[test]
fn the_seeds_report_what_a_careful_reader_finds() {
    let Some(shared) = shared() else { return };
    let dic = Path::new("/usr/share/hunspell/da_DK.dic");
    assert!(
        dic.exists(),
        "the seed check needs Debian's hunspell-da (apt-get install hunspell-da)"
    );
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let out = forvalt()
        .args(["check", "--today", "2025-06-15", "--format", "json"])
        .args(&seeds)
        .assert()
        .code(1);
    let list = json(&out.get_output().stdout);
    let found: Vec<(String, String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap_or("")[..3].to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |code: &str, seed: &str| found.iter().any(|(c, s, _)| c == code && s == seed);
    for seed in ["000", "001", "002", "003", "004"] {
        assert!(has("encoding::mojibake", seed), "{seed} is mojibake");
        assert!(
            has("nav::missing-parent", seed),
            "{seed} has no parent page"
        );
    }
    assert!(has("gantt::invalid-date", "002"));
    assert!(has("gantt::tick-interval", "000") && has("gantt::tick-interval", "001"));
    assert!(has("gantt::other-product", "000") && has("gantt::other-product", "001"));
    for seed in ["000", "001", "002"] {
        assert!(has("gantt::after-end-marker", seed));
    }
    assert!(has("nav::childless", "004"));
    // Typos, and only typos: every spelling finding is a word a Danish reader would correct.
    let typos: Vec<&str> = found
        .iter()
        .filter(|(c, _, _)| c == "spelling::typo")
        .map(|(_, _, m)| m.split('`').nth(1).unwrap())
        .collect();
    for t in [
        "Sekretariasfunktion",
        "ressorucer",
        "transperans",
        "dokumentaiton",
        "omkriong",
        "resulater",
    ] {
        assert!(typos.contains(&t), "{t} not reported: {typos:?}");
    }
    let real = [
        "Sekretariasfunktion",
        "ressorucer",
        "deltidsressorucer",
        "transperans",
        "Transperans",
        "dokumentaiton",
        "omkriong",
        "resulater",
        "financieret",
        "ekstratordinære",
        "Publisering",
        "Diskusion",
        "kommunitkations",
        "fastlage",
        "produkte",
        "Issu",
    ];
    let false_alarms: Vec<&&str> = typos.iter().filter(|t| !real.contains(t)).collect();
    assert!(false_alarms.is_empty(), "not typos: {false_alarms:?}");
}

#[test]
fn fix_shows_a_diff_then_writes_atomically_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "_config.yml", "title: Test\n");
    write(
        root,
        "a.md",
        "---\ntitle: A\nstatus: \"Udkast\"\n---\n\n# A\n",
    );
    write(
        root,
        "b.md",
        "---\ntitle: B\nstatus: \"Udkast\"\n---\n\n# B\n",
    );
    write(
        root,
        "c.md",
        "---\ntitle: C\nstatus: \"daft \"\n---\n\n# C\r\nlinje\r\nslut\n",
    );
    write(
        root,
        "dagsordner-og-referater/styregruppe/20261203_Styregruppe.md",
        "# Styregruppemøde 03.12.2026\n\n#### Deltagere:\n- [] Jonas Brix Holm\n",
    );
    let before = std::fs::read_to_string(root.join("c.md")).unwrap();
    let out = forvalt().arg("fix").arg(root).assert().success();
    let diff = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(diff.contains("--- a/c.md\n+++ b/c.md"), "{diff}");
    assert!(diff.contains("+status: \"Udkast\""), "{diff}");
    assert!(diff.contains("+- [ ] Jonas Brix Holm"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(root.join("c.md")).unwrap(),
        before,
        "a dry run writes nothing"
    );
    // Not a git repository: --write needs --allow-dirty.
    forvalt()
        .args(["fix", "--write", "--allow-dirty"])
        .arg(root)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(root.join("c.md")).unwrap(),
        "---\ntitle: C\nstatus: \"Udkast\"\n---\n\n# C\nlinje\nslut\n"
    );
    // Nothing left, and no temporary files.
    let out = forvalt()
        .args(["fix", "--write"])
        .arg(root)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("Nothing to fix."));
    let names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
}

#[test]
fn fix_repairs_mojibake_and_refuses_a_dirty_work_tree() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let seed = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("004"))
        })
        .unwrap();
    std::fs::copy(&seed, root.join("side.md")).unwrap();
    write(root, "_config.yml", "title: Test\n");
    let git = |args: &[&str]| common::git(root, args, None);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "seed"]);
    write(root, "_config.yml", "title: Test 2\n");
    let out = forvalt()
        .args(["fix", "--write"])
        .arg(root)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("uncommitted changes"));
    forvalt()
        .args(["fix", "--write", "--allow-dirty"])
        .arg(root)
        .assert()
        .success();
    let text = std::fs::read_to_string(root.join("side.md")).expect("valid UTF-8 now");
    assert!(text.contains("ø") || text.contains("æ") || text.contains("å"));
    // Checked again, the file is no longer damaged.
    let out = forvalt()
        .args(["check", "--no-spelling", "--format", "json"])
        .arg(root)
        .assert();
    let list = json(&out.get_output().stdout);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "encoding::mojibake")
    );
}

#[test]
fn page_dates_are_compared_with_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "_config.yml", "title: Test\n");
    write(
        root,
        "gammel.md",
        "---\ntitle: Forretningsorden\ndate: \"15-01-2024\"\n---\n\n# Forretningsorden\n",
    );
    write(
        root,
        "ny.md",
        "---\ntitle: Kalender\ndate: \"01-03-2026\"\n---\n\n# Kalender\n",
    );
    let git = |args: &[&str]| common::git(root, args, None);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "sider"]);
    let out = forvalt()
        .args(["check", "--no-spelling", "--format", "json"])
        .arg(root)
        .assert()
        .success();
    let list = json(&out.get_output().stdout);
    let stale: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "frontmatter::stale-date")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["gammel.md"]);
}

#[test]
fn single_files_are_checked_in_their_repository() {
    let file = example().join("docs/Styring og forvaltning/status-2026.md");
    let out = forvalt()
        .args([
            "check",
            "--no-spelling",
            "--format",
            "json",
            "--today",
            "2026-11-23",
        ])
        .arg(&file)
        .assert()
        .code(1);
    let list = json(&out.get_output().stdout);
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    assert!(
        list.iter()
            .all(|d| d["path"] == "docs/Styring og forvaltning/status-2026.md")
    );
    // Its real problem is found (the misspelt parent); links to other pages resolve.
    assert!(list.iter().any(|d| d["code"] == "nav::missing-parent"));
    assert!(list.iter().all(|d| d["code"] != "links::missing-file"));
}

#[test]
fn diff_compares_roadmaps_between_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| common::git(root, args, None);
    let chart = |end: &str, extra: &str| {
        format!(
            "# Roadmap\n\n```mermaid\ngantt\n    title Roadmap 2026\n    dateFormat YYYY-MM-DD\n    excludes weekends\n    section Udvikling\n    Rutemotor v4 :a1, 2026-02-09, {end}\n    Lancering :milestone, m1, {end}, 0d\n{extra}```\n"
        )
    };
    write(root, "docs/roadmap.md", &chart("2026-05-29", ""));
    write(root, "docs/andet.md", "# Andet\n");
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Roadmap"]);
    write(
        root,
        "docs/roadmap.md",
        &chart("2026-06-12", "    Pilotdrift :p1, 2026-06-15, 2026-08-14\n"),
    );
    git(&["commit", "-q", "-am", "Ny plan"]);
    let out = forvalt()
        .args(["diff", "HEAD~1", "HEAD", "--json", "--dir"])
        .arg(root)
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], "docs/roadmap.md");
    let items = docs[0]["charts"][0]["items"].as_array().unwrap();
    let bar = items
        .iter()
        .find(|i| i["after"]["name"] == "Rutemotor v4")
        .unwrap();
    assert_eq!(
        (bar["end_days"].as_i64(), bar["end_working_days"].as_i64()),
        (Some(14), Some(10))
    );
    assert!(
        items
            .iter()
            .any(|i| i["change"] == "added" && i["item"]["name"] == "Pilotdrift")
    );
    // Human output, against the files as they are now (nothing changed since HEAD).
    let out = forvalt()
        .args(["diff", "HEAD~1", "--dir"])
        .arg(root)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("~ Lancering: milestone +14 days (+10 working days)"),
        "{text}"
    );
    assert!(
        text.contains("1 added, 0 removed, 2 moved, 0 renamed, 1 milestones later"),
        "{text}"
    );
    let out = forvalt()
        .args(["diff", "--dir"])
        .arg(root)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("No roadmap changed"));
    forvalt()
        .args(["diff", "ingen-revision", "--dir"])
        .arg(root)
        .assert()
        .code(2);
}

/// A site that pins Mermaid 9: its roadmap is read as Mermaid 9 reads it (a duration with a
/// word after it still counts, `#` starts a comment), what Mermaid 9 cannot read is reported
/// where it is, and the built page draws the bar as long as the Jekyll site does.
#[test]
fn a_site_pinned_to_mermaid_9_is_read_as_mermaid_9_reads_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let config = |v: &str| format!("title: OS2udbud\nlang: da\nmermaid:\n  version: \"{v}\"\n");
    write(&repo, "_config.yml", &config("9.1.3"));
    write(
        &repo,
        "roadmap.md",
        "---\ntitle: Roadmap\n---\n\n# Roadmap\n\n```mermaid\ngantt\n    title Udbud 2026 # intern note\n    dateFormat YYYY-MM-DD\n    tickInterval 1week\n    section Udbud\n    Markedsdialog :a1, 2026-03-02, 14d (estimat)\n    Tilbudsfrist :milestone, m1, after a1, 0d\n```\n",
    );
    let check = |repo: &Path| {
        let out = forvalt()
            .args([
                "check",
                "--today",
                "2026-06-15",
                "--no-spelling",
                "--format",
                "json",
            ])
            .arg(repo)
            .output()
            .unwrap();
        json(&out.stdout)
    };
    let found = check(&repo);
    let codes: Vec<(&str, u64)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert!(codes.contains(&("gantt::newer-syntax", 11)), "{codes:?}");
    assert!(
        !codes.iter().any(|(c, _)| *c == "config::mermaid-version"),
        "{codes:?}"
    );
    // The milestone lies 14 days after the start: Mermaid 9 reads `14d (estimat)` as 14d.
    let json_out = forvalt()
        .args([
            "gantt",
            "--json",
            "--today",
            "2026-06-15",
            "--mermaid-version",
            "9.1.3",
        ])
        .arg(repo.join("roadmap.md"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&json_out.stdout);
    assert!(text.contains("2026-03-16"), "{text}");
    let out = tmp.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-06-15", "--out"])
        .arg(&out)
        .arg(&repo)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("roadmap.html")).unwrap();
    assert!(
        page.contains("16. marts 2026"),
        "the milestone's date in the table"
    );
    // Mermaid 10 is not recorded: read as the nearest version, with a note.
    write(&repo, "_config.yml", &config("10.9.1"));
    let found = check(&repo);
    let note = found
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "config::mermaid-version")
        .expect("a note");
    assert_eq!(
        (note["line"].as_u64(), note["severity"].as_str()),
        (Some(4), Some("note"))
    );
}
