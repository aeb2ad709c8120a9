//! `forvalt build` end to end: the shared seeds (mojibake and all), the example repository,
//! and the safety rules of the output directory.

#![allow(clippy::print_stderr)]

mod common;

use common::{forvalt, shared, workspace};
use std::path::Path;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn html_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "html") {
            out.push((e.file_name().to_string_lossy().into_owned(), read(&p)));
        }
    }
    out.sort();
    out
}

#[test]
fn the_seeds_are_repaired_and_published() {
    let Some(shared) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let out = tmp.path().join("site");
    std::fs::create_dir(&repo).unwrap();
    for e in std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let name = e.path().file_stem().unwrap().to_string_lossy().into_owned();
        std::fs::copy(e.path(), repo.join(format!("{name}.md"))).unwrap();
    }
    let assert = forvalt()
        .args(["build", "--today", "2026-06-15", "--out"])
        .arg(&out)
        .arg(&repo)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();

    // Every seed is reported as repaired, with its file and encoding.
    assert_eq!(
        stderr.matches("warning[encoding::mojibake]").count(),
        5,
        "{stderr}"
    );
    assert!(stderr.contains("read as Korean (Johab)"));

    let pages: Vec<(String, String)> = html_files(&out)
        .into_iter()
        .filter(|(n, _)| n.starts_with("00"))
        .collect();
    assert_eq!(pages.len(), 5);
    for (name, html) in &pages {
        let hangul = html
            .chars()
            .filter(|c| {
                ('\u{AC00}'..='\u{D7A3}').contains(c) || ('\u{4E00}'..='\u{9FFF}').contains(c)
            })
            .count();
        assert_eq!(hangul, 0, "{name} still has mojibake");
        assert!(html.contains('📆'), "{name}: the 📆 emoji");
        assert!(
            html.contains('ø') || html.contains('æ') || html.contains('å'),
            "{name}: Danish letters"
        );
    }
    let all: String = pages.iter().map(|(_, h)| h.as_str()).collect();
    assert!(all.contains("ekstraordinær") && all.contains("Årsskifte"));

    // The three roadmaps are drawn as SVG.
    let charts: Vec<&str> = pages
        .iter()
        .filter(|(_, h)| h.contains("<svg id=\"roadmap-1\""))
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        charts,
        [
            "000_30e6d25bd8a92bb2.html",
            "001_84fdac2bd730dfa6.html",
            "002_4bc985adf0e5d476.html"
        ]
    );

    // Seed 002: the located error in Danish, and its valid tasks drawn.
    let seed2 = &pages[2].1;
    assert!(seed2.contains("Roadmappen indeholder fejl"));
    assert!(
        seed2.contains("Linje 28, kolonne 53</span>: <strong>Ugyldig dato.</strong>"),
        "{seed2}"
    );
    assert!(seed2.contains("Hands-on support fra sekretariatet"));
    assert!(stderr.contains("error[gantt::invalid-date]"));
    assert!(stderr.contains("002_4bc985adf0e5d476.md:28:53"), "{stderr}");

    // Their parents do not exist: under "Uden placering", each with a diagnostic.
    assert_eq!(stderr.matches("error[nav::missing-parent]").count(), 5);
    for (name, html) in &pages {
        assert!(
            html.contains("<a href=\"uden-placering.html\">Uden placering</a>"),
            "{name}"
        );
    }
    assert!(read(&out.join("uden-placering.html")).contains("OS2forms"));
}

#[test]
fn the_example_builds_and_rebuilds_identically() {
    let tmp = tempfile::tempdir().unwrap();
    let example = workspace().join("examples/os2skolekoersel");
    let out = tmp.path().join("site");
    let run = || {
        forvalt()
            .env("SOURCE_DATE_EPOCH", "1781510400")
            .args(["build", "-q", "--out"])
            .arg(&out)
            .arg(&example)
            .assert()
            .success();
    };
    run();
    let first: Vec<(String, String)> = html_files(&out.join("docs/Roadmaps"));
    assert!(first.iter().any(|(n, _)| n == "roadmap-2026.html"));
    assert!(out.join("search/meta.json").is_file());
    assert!(out.join(".forvalt-site").is_file());
    // A file that is not part of the site any more is removed by the next build.
    std::fs::write(out.join("docs/gammel.html"), "x").unwrap();
    run();
    assert!(!out.join("docs/gammel.html").exists());
    assert_eq!(
        first,
        html_files(&out.join("docs/Roadmaps")),
        "same input, same output"
    );
}

#[test]
fn a_foreign_output_directory_is_never_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(repo.join("index.md"), "# Forside\n").unwrap();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("vigtig.txt"), "mine data").unwrap();
    forvalt()
        .args(["build", "-q", "--out"])
        .arg(&out)
        .arg(&repo)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "not empty and was not made by forvalt",
        ));
    assert_eq!(read(&out.join("vigtig.txt")), "mine data");
    // Nor the repository itself.
    forvalt()
        .args(["build", "-q", "--out"])
        .arg(tmp.path())
        .arg(&repo)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("contains the repository"));
}

#[test]
fn approved_only_leaves_drafts_out() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(
        repo.join("index.md"),
        "---\ntitle: Forside\n---\n# Forside\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("kladde.md"),
        "---\ntitle: Kladde\nstatus: Udkast\n---\nHemmelig plan\n",
    )
    .unwrap();
    let out = tmp.path().join("site");
    forvalt()
        .args(["build", "--approved-only", "--out"])
        .arg(&out)
        .arg(&repo)
        .assert()
        .success()
        .stderr(predicates::str::contains("1 draft left out"));
    assert!(!out.join("kladde.html").exists());
    assert!(!read(&out.join("search/t/0.json")).contains("Hemmelig"));
}

#[test]
fn export_writes_the_model_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("model.json");
    forvalt()
        .args(["export", "--json", "--today", "2026-11-23", "-o"])
        .arg(&out)
        .arg(workspace().join("examples/os2skolekoersel"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&read(&out)).unwrap();
    assert_eq!(v["format"], 1);
    assert_eq!(v["records"]["decisions"].as_array().unwrap().len(), 13);
    assert_eq!(v["records"]["meetings"].as_array().unwrap().len(), 12);
    let located = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "records::date-mismatch")
        .unwrap();
    assert_eq!(located["line"], 7);
    assert!(
        located["path"]
            .as_str()
            .unwrap()
            .starts_with("beslutninger/2026-05-28")
    );
    assert!(v["documents"].as_array().unwrap().len() > 70);
    // The governance report page and its JSON self-evaluation: the level is computed from
    // the answers (the page claims 2; F14 and F18 keep it at 1).
    let reports = v["governance"].as_array().unwrap();
    // The report, the assessment, the self-evaluation and the report template.
    assert_eq!(reports.len(), 4);
    let template = reports
        .iter()
        .find(|r| r["path"] == "docs/Skabeloner/governancerapport.md")
        .unwrap();
    assert_eq!(template["level_reached"], "none");
    let by_path = |p: &str| reports.iter().find(|r| r["path"] == p).unwrap();
    let page = by_path("docs/Styring og forvaltning/governancerapport.md");
    assert_eq!(
        page["path"],
        "docs/Styring og forvaltning/governancerapport.md"
    );
    assert_eq!(page["form"], "template");
    assert_eq!(page["product"], "OS2skolekørsel");
    assert_eq!(
        (&page["level_claimed"], &page["level_reached"]),
        (&"2".into(), &"1".into())
    );
    assert_eq!(page["blocking"], serde_json::json!(["F14", "F18"]));
    let reqs = page["requirements"].as_array().unwrap();
    assert_eq!(reqs.len(), 43);
    let f18 = reqs.iter().find(|r| r["id"] == "F18").unwrap();
    assert_eq!(
        (&f18["category"], &f18["level"], &f18["answer"]),
        (&"formkrav".into(), &"2".into(), &"unsure".into())
    );
    assert!(reqs.iter().filter(|r| r["recommendation"] == true).count() == 6);
    let assessment = by_path("docs/Styring og forvaltning/evaluering-2026.md");
    assert_eq!(assessment["form"], "assessment");
    let json = by_path("dokumenter/os2skolekoersel-selvevaluering-14092026.json");
    assert_eq!(json["form"], "self-evaluation");
    assert_eq!(json["level_reached"], "1");
    assert_eq!(json["level_claimed"], serde_json::Value::Null);
}

#[test]
fn pages_show_their_git_history() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("beslutninger")).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    std::fs::write(
        root.join("_config.yml"),
        "title: Test\nlang: da\nrepository: os2test/forvaltning\n",
    )
    .unwrap();
    std::fs::write(
        root.join("beslutninger/2026-03-05-plan.md"),
        "# [SDR] Plan\n\n- **Status**: Forslag\n",
    )
    .unwrap();
    git(&["init", "-q"], "2026-03-05T10:00:00+01:00");
    git(&["add", "."], "2026-03-05T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Forslag til plan"],
        "2026-03-05T10:00:00+01:00",
    );
    std::fs::write(
        root.join("beslutninger/2026-03-05-plan.md"),
        "# [SDR] Plan\n\n- **Status**: Accepteret\n",
    )
    .unwrap();
    git(
        &["commit", "-q", "-am", "Planen er besluttet"],
        "2026-06-04T15:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("beslutninger/2026-03-05-plan.html")).unwrap();
    assert!(
        page.contains("Oprettet: <time datetime=\"2026-03-05\">5. marts 2026</time>"),
        "{page}"
    );
    assert!(page.contains("Sidst opdateret: <time datetime=\"2026-06-04\">4. juni 2026</time>"));
    assert!(page.contains("<a href=\"2026-03-05-plan-historik.html\">Historik</a> (2 ændringer)"));
    let hist =
        std::fs::read_to_string(out.join("beslutninger/2026-03-05-plan-historik.html")).unwrap();
    let first = hist.find("Planen er besluttet").expect("newest change");
    let second = hist.find("Forslag til plan").expect("oldest change");
    assert!(first < second, "newest first");
    assert!(hist.contains("Mette Kjærgaard Lund"));
    assert!(hist.contains("href=\"https://github.com/os2test/forvaltning/commit/"));
}

#[test]
fn a_long_history_is_paged_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    std::fs::write(root.join("_config.yml"), "title: Test\nlang: da\n").unwrap();
    let file = root.join("status.md");
    std::fs::write(&file, "---\ntitle: Status\n---\n\nVersion 0.\n").unwrap();
    git(&["init", "-q"], "2026-01-05T10:00:00+01:00");
    git(&["add", "."], "2026-01-05T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Ændring 0"],
        "2026-01-05T10:00:00+01:00",
    );
    for n in 1..=100 {
        std::fs::write(&file, format!("---\ntitle: Status\n---\n\nVersion {n}.\n")).unwrap();
        let when = format!(
            "2026-02-{:02}T{:02}:{:02}:00+01:00",
            1 + n / 10,
            8 + n % 10,
            n % 60
        );
        git(&["commit", "-q", "-am", &format!("Ændring {n}")], &when);
    }
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("status.html")).unwrap();
    assert!(page.contains("<a href=\"status-historik.html\">Historik</a> (101 ændringer)"));
    let parts: Vec<String> = [
        "status-historik.html",
        "status-historik-2.html",
        "status-historik-3.html",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(out.join(p)).unwrap())
    .collect();
    assert!(!out.join("status-historik-4.html").exists());
    // Every commit is listed exactly once, newest first, over the three parts.
    let all = parts.concat();
    for n in 0..=100 {
        assert_eq!(
            all.matches(&format!("<td>Ændring {n}</td>")).count(),
            1,
            "Ændring {n}"
        );
    }
    assert!(parts[0].find("<td>Ændring 100</td>") < parts[0].find("<td>Ændring 51</td>"));
    assert!(parts[2].contains("<td>Ændring 0</td>"));
    assert!(
        parts[0].contains("(101 ændringer; 1–50 vist her)"),
        "{}",
        parts[0]
    );
    assert!(parts[1].contains("(101 ændringer; 51–100 vist her)"));
    assert!(
        parts[0].contains("<a href=\"status-historik-2.html\" rel=\"next\">Ældre ændringer →</a>")
    );
    assert!(
        parts[1].contains("<a href=\"status-historik.html\" rel=\"prev\">← Nyere ændringer</a>")
    );
    assert!(parts[1].contains("<span aria-current=\"page\">2</span>"));
    assert!(
        parts[2].contains("<title>Historik: Status (del 3 af 3)"),
        "{}",
        &parts[2][..600]
    );
}

#[test]
fn roadmaps_show_what_their_last_version_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    let chart = |end: &str| {
        format!(
            "---\ntitle: Roadmap\n---\n\n# Roadmap\n\n```mermaid\ngantt\n    title Roadmap 2026\n    dateFormat YYYY-MM-DD\n    excludes weekends\n    section Udvikling\n    Rutemotor v4 :a1, 2026-02-09, {end}\n    Lancering :milestone, m1, {end}, 0d\n```\n"
        )
    };
    std::fs::write(root.join("_config.yml"), "title: Test\nlang: da\n").unwrap();
    std::fs::write(root.join("roadmap.md"), chart("2026-05-29")).unwrap();
    git(&["init", "-q"], "2026-03-05T10:00:00+01:00");
    git(&["add", "."], "2026-03-05T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Roadmap"],
        "2026-03-05T10:00:00+01:00",
    );
    std::fs::write(root.join("roadmap.md"), chart("2026-06-12")).unwrap();
    git(
        &["commit", "-q", "-am", "Lanceringen udskydes"],
        "2026-05-20T10:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("roadmap.html")).unwrap();
    assert!(
        page.contains("<h2 id=\"aendringer-titel\">Ændringer i køreplanen</h2>"),
        "{page}"
    );
    assert!(
        page.contains("Sammenlignet med versionen fra 5. marts 2026; ændret 20. maj 2026."),
        "{page}"
    );
    assert!(page.contains("<strong>Lancering</strong>: milepælen udskudt 14 dage (10 arbejdsdage) (29. maj 2026 → 12. juni 2026)"), "{page}");
}

#[test]
fn decisions_show_their_status_history_and_a_rewrite_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("beslutninger")).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    let file = root.join("beslutninger/2026-05-29-projektplan.md");
    let v = |status: &str| {
        format!(
            "# [SDR] Ny projektplan for version 3\n\n- **Dato**: 2026-05-29\n- **Status**: {status}\n- **Beslutningstagere**: Styregruppen\n\n## Beskrivelse\n\nLanceringen af version 3 flyttes fra marts til juni, fordi testen i tre kommuner tager længere tid.\n"
        )
    };
    std::fs::write(root.join("_config.yml"), "title: Test\nlang: da\n").unwrap();
    std::fs::write(&file, v("Forslag")).unwrap();
    git(&["init", "-q"], "2026-05-29T10:00:00+02:00");
    git(&["add", "."], "2026-05-29T10:00:00+02:00");
    git(
        &["commit", "-q", "-m", "Forslag"],
        "2026-05-29T10:00:00+02:00",
    );
    std::fs::write(&file, v("Accepteret")).unwrap();
    git(
        &["commit", "-q", "-am", "Besluttet"],
        "2026-06-04T16:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page =
        std::fs::read_to_string(out.join("beslutninger/2026-05-29-projektplan.html")).unwrap();
    assert!(
        page.contains("<dt>Statushistorik</dt><dd>Forslag (<time datetime=\"2026-05-29\">29. maj 2026</time>) → Accepteret (<time datetime=\"2026-06-04\">4. juni 2026</time>)</dd>"),
        "{page}"
    );
    // Then the file is written over with another decision.
    std::fs::write(&file, "# [ODR] Integration til elevadministrationssystemer\n\n- **Dato**: 2026-08-20\n- **Status**: Forslag\n\n## Beskrivelse\n\nKørselsplanerne hentes hver nat fra kommunernes elevadministrationssystemer gennem en fælles snitflade.\n").unwrap();
    git(
        &["commit", "-q", "-am", "Nyt forslag"],
        "2026-08-20T09:00:00+02:00",
    );
    let out = forvalt()
        .args(["check", "--no-spelling", "--format", "json"])
        .arg(&root)
        .assert();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let w = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "history::overwritten")
        .expect("the rewrite is reported");
    assert_eq!(w["path"], "beslutninger/2026-05-29-projektplan.md");
    assert_eq!(w["line"], 1);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("Ny projektplan for version 3")
    );
}

#[test]
fn the_site_as_it_was_on_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    std::fs::write(root.join("_config.yml"), "title: Test\nlang: da\n").unwrap();
    std::fs::write(root.join("plan.md"), "# Plan\n\nFørste udgave af planen.\n").unwrap();
    git(&["init", "-q"], "2026-03-05T10:00:00+01:00");
    git(&["add", "."], "2026-03-05T10:00:00+01:00");
    git(&["commit", "-q", "-m", "Plan"], "2026-03-05T10:00:00+01:00");
    std::fs::write(root.join("plan.md"), "# Plan\n\nAnden udgave af planen.\n").unwrap();
    std::fs::write(root.join("ny.md"), "# Ny side\n").unwrap();
    git(&["add", "."], "2026-06-10T10:00:00+02:00");
    git(
        &["commit", "-q", "-m", "Plan 2"],
        "2026-06-10T10:00:00+02:00",
    );
    // Uncommitted work is not part of any date's site.
    std::fs::write(root.join("plan.md"), "# Plan\n\nKladde.\n").unwrap();
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--as-of", "2026-06-04", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("plan.html")).unwrap();
    assert!(page.contains("Første udgave af planen."), "{page}");
    assert!(
        page.contains("Sidst opdateret: <time datetime=\"2026-03-05\">"),
        "{page}"
    );
    assert!(!out.join("ny.html").exists());
    forvalt()
        .args(["build", "-q", "--as-of", "2026-06-10", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(out.join("plan.html"))
            .unwrap()
            .contains("Anden udgave")
    );
    assert!(out.join("ny.html").exists());
    forvalt()
        .args(["build", "-q", "--as-of", "2025-01-01", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .code(2);
}

#[test]
fn what_happened_since_the_last_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("dagsordner-og-referater/styregruppe")).unwrap();
    std::fs::create_dir_all(root.join("beslutninger")).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    std::fs::write(root.join("_config.yml"), "title: Test\nlang: da\n").unwrap();
    std::fs::write(
        root.join("vejledning.md"),
        "# Vejledning\n\nFørste udgave.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("dagsordner-og-referater/styregruppe/20260604_Styregruppe.md"),
        "# Styregruppemøde 04.06.2026\n\n**Status**\n- [x] Referat klar til godkendelse\n- [x] Referat godkendt\n\n#### Deltagere:\n- [x] Henrik Vestergaard Mølgaard\n",
    )
    .unwrap();
    git(&["init", "-q"], "2026-06-04T16:00:00+02:00");
    git(&["add", "."], "2026-06-04T16:00:00+02:00");
    git(
        &["commit", "-q", "-m", "Referat"],
        "2026-06-04T16:00:00+02:00",
    );
    std::fs::write(
        root.join("beslutninger/2026-06-18-ny-vejledning.md"),
        "# [ODR] Ny vejledning til kommunerne\n\n- **Dato**: 2026-06-18\n- **Status**: Forslag\n- **Beslutningstagere**: Styregruppen\n",
    )
    .unwrap();
    git(&["add", "."], "2026-06-18T10:00:00+02:00");
    git(
        &["commit", "-q", "-m", "Forslag om vejledning"],
        "2026-06-18T10:00:00+02:00",
    );
    std::fs::write(
        root.join("vejledning.md"),
        "# Vejledning\n\nAnden udgave.\n",
    )
    .unwrap();
    git(
        &["commit", "-q", "-am", "Vejledningen opdateret"],
        "2026-06-25T10:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-07-01", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("forvaltning/siden-sidste-moede.html")).unwrap();
    assert!(
        page.contains("Styregruppen siden mødet 4. juni 2026"),
        "{page}"
    );
    assert!(
        page.contains("Ny vejledning til kommunerne</a> — status: Forslag"),
        "{page}"
    );
    assert!(
        page.contains("Vejledning</a> — Vejledningen opdateret"),
        "{page}"
    );
    // The overview is in the menu of every page.
    let home = std::fs::read_to_string(out.join("vejledning.html")).unwrap();
    assert!(home.contains("siden-sidste-moede.html"));
}

#[test]
fn a_draft_is_published_as_its_last_approved_version() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    let page = |status: &str, text: &str| {
        format!(
            "---\ntitle: Forretningsorden\nstatus: \"{status}\"\n---\n\n# Forretningsorden\n\n{text}\n"
        )
    };
    std::fs::write(
        root.join("_config.yml"),
        "title: Test\nlang: da\nforvalt:\n  publish: approved\n",
    )
    .unwrap();
    std::fs::write(
        root.join("forretningsorden.md"),
        page("final", "Styregruppen mødes fire gange om året."),
    )
    .unwrap();
    std::fs::write(root.join("ny.md"), page("Udkast", "Kun en kladde.")).unwrap();
    git(&["init", "-q"], "2026-03-05T10:00:00+01:00");
    git(&["add", "."], "2026-03-05T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Godkendt forretningsorden"],
        "2026-03-05T10:00:00+01:00",
    );
    std::fs::write(
        root.join("forretningsorden.md"),
        page("Udkast", "Styregruppen mødes hver anden måned."),
    )
    .unwrap();
    git(
        &["commit", "-q", "-am", "Udkast til ny forretningsorden"],
        "2026-09-01T10:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("forretningsorden.html")).unwrap();
    assert!(html.contains("fire gange om året"), "{html}");
    assert!(!html.contains("hver anden måned"));
    assert!(html.contains(
        "Dette er den godkendte version fra 5. marts 2026. En ny version er under udarbejdelse."
    ));
    // A draft that was never approved stays unpublished.
    assert!(!out.join("ny.html").exists());
}

#[test]
fn roadmaps_show_changes_since_their_baseline_and_milestone_slippage() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    let chart = |status: &str, end: &str| {
        format!(
            "---\ntitle: Roadmap\nstatus: {status}\n---\n\n# Roadmap\n\n```mermaid\ngantt\n    title Roadmap 2026\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Rutemotor v4 :a1, 2026-02-09, {end}\n    Lancering :milestone, m1, {end}, 0d\n```\n"
        )
    };
    std::fs::write(root.join("_config.yml"), "title: Test\nlang: da\n").unwrap();
    std::fs::write(root.join("roadmap.md"), chart("Udkast", "2026-05-15")).unwrap();
    git(&["init", "-q"], "2026-02-01T10:00:00+01:00");
    git(&["add", "."], "2026-02-01T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Første udkast"],
        "2026-02-01T10:00:00+01:00",
    );
    std::fs::write(root.join("roadmap.md"), chart("final", "2026-05-29")).unwrap();
    git(
        &["commit", "-q", "-am", "Godkendt plan"],
        "2026-03-05T10:00:00+01:00",
    );
    std::fs::write(root.join("roadmap.md"), chart("final", "2026-06-12")).unwrap();
    git(
        &["commit", "-q", "-am", "Udskudt"],
        "2026-05-20T10:00:00+02:00",
    );
    std::fs::write(root.join("roadmap.md"), chart("final", "2026-06-26")).unwrap();
    git(
        &["commit", "-q", "-am", "Udskudt igen"],
        "2026-06-10T10:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-11-23", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("roadmap.html")).unwrap();
    assert!(
        page.contains(
            "<h3>Siden baseline</h3>\n<p>Sammenlignet med den godkendte plan fra 5. marts 2026.</p>"
        ),
        "{page}"
    );
    assert!(
        page.contains("milepælen udskudt 28 dage (29. maj 2026 → 26. juni 2026)"),
        "{page}"
    );
    assert!(page.contains("<tr><th scope=\"row\">Lancering</th><td>15. maj 2026</td><td>26. juni 2026</td><td>+42 dage</td>"), "{page}");
}

#[test]
fn a_governance_reports_level_over_time_and_a_json_report_on_a_plain_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("dokumenter")).unwrap();
    let git = |args: &[&str], date: &str| common::git(&root, args, Some(date));
    let report = |f6: &str| {
        format!(
            "# Governancerapport for OS2test\n\nOS2test er klassificeret som et niveau 1 produkt.\n\n| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| ✅ | R1 | Skaber lokal værdi | Businesscase fra 2025 | sandkasse | |\n| {f6} | F6 | Koden er overdraget til OS2 | https://github.com/OS2test | 1 | |\n"
        )
    };
    let json = |r1: &str| {
        format!(
            "{{\"productName\": \"OS2test\", \"filledBy\": \"Anne Koordinator\", \"filledDate\": \"2026-05-04\", \"krav\": [{{\"id\": \"R1\", \"krav\": \"Skaber lokal værdi\", \"produktniveau\": \"sandkasse\", \"efterlevet\": \"{r1}\", \"dokumentation\": \"Businesscase\"}}]}}\n"
        )
    };
    std::fs::write(root.join("README.md"), "# OS2test\n\nProduktforvaltning.\n").unwrap();
    std::fs::write(root.join("governancerapport.md"), report("❌")).unwrap();
    std::fs::write(
        root.join("dokumenter/os2test-selvevaluering.json"),
        json("Nej"),
    )
    .unwrap();
    git(&["init", "-q"], "2026-03-02T10:00:00+01:00");
    git(&["add", "."], "2026-03-02T10:00:00+01:00");
    git(
        &["commit", "-q", "-m", "Første rapport"],
        "2026-03-02T10:00:00+01:00",
    );
    std::fs::write(root.join("governancerapport.md"), report("✅")).unwrap();
    std::fs::write(
        root.join("dokumenter/os2test-selvevaluering.json"),
        json("Ja"),
    )
    .unwrap();
    git(
        &["commit", "-q", "-am", "Koden overdraget"],
        "2026-06-04T16:00:00+02:00",
    );
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "-q", "--today", "2026-06-15", "--out"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("governancerapport.html")).unwrap();
    let at = page
        .find("<caption>Niveau over tid</caption>")
        .expect("history");
    let table = &page[at..page[at..].find("</table>").unwrap() + at];
    assert!(
        table.contains("<time datetime=\"2026-03-02\">2. marts 2026</time>"),
        "{table}"
    );
    assert!(
        table.contains("<td>Første rapport</td><td>Sandkasse</td><td>Niveau 1</td><td>1 / 2</td>"),
        "{table}"
    );
    assert!(
        table.contains("<td>Koden overdraget</td><td>Niveau 1</td><td>Niveau 1</td><td>2 / 2</td>"),
        "{table}"
    );
    let json_page =
        std::fs::read_to_string(out.join("dokumenter/os2test-selvevaluering.html")).unwrap();
    assert!(json_page.contains("<h1>Selvevaluering: OS2test</h1>"));
    assert!(json_page.contains("<td>Første rapport</td><td>Intet niveau</td>"));
    assert!(out.join("dokumenter/os2test-selvevaluering.json").is_file());
}
