//! Provenance on small git repositories made in temporary folders: commits, renames (a
//! meeting moved to another date), a file made from a template, deletions, subfolders,
//! shallow clones and folders outside git.

use std::path::Path;

struct Repo {
    dir: tempfile::TempDir,
    n: u32,
}

impl Repo {
    fn new() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
            n: 0,
        };
        r.git(&["init", "-q", "-b", "main"]);
        r
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) {
        let date = format!(
            "2026-0{}-0{}T10:00:00+02:00",
            1 + self.n / 9,
            1 + self.n % 9
        );
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args([
                "-c",
                "user.name=Jonas Brix Holm",
                "-c",
                "user.email=jbh@example.org",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .status()
            .expect("git is installed")
            .success();
        assert!(ok, "git {args:?}");
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn commit(&mut self, message: &str) {
        self.n += 1;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

fn summaries(h: &forvalt_model::history::Histories, path: &str) -> Vec<String> {
    h.of(path)
        .unwrap_or_else(|| panic!("no history for {path}: {:?}", h.documents.keys()))
        .revisions
        .iter()
        .map(|i| h.revisions[*i].summary.clone())
        .collect()
}

#[test]
fn commits_renames_templates_and_deletions() {
    let mut r = Repo::new();
    let skabelon = "# Styregruppemøde dd.mm.yyyy\n\n#### Deltagere:\n- [ ] \n";
    r.write("dagsordner-og-referater/styregruppe/skabelon.md", skabelon);
    r.write("index.md", "# Forside\n");
    r.commit("Skabelon og forside");
    r.write(
        "dagsordner-og-referater/styregruppe/20260903_Styregruppe.md",
        "# Styregruppemøde 03.09.2026\n\nDagsorden følger.\n",
    );
    r.commit("Dagsorden til septembermødet");
    // The meeting is moved a week: the file is renamed with the same text…
    r.git(&[
        "mv",
        "dagsordner-og-referater/styregruppe/20260903_Styregruppe.md",
        "dagsordner-og-referater/styregruppe/20260910_Styregruppe.md",
    ]);
    r.commit("Mødet flyttes til 10.09");
    // …and then edited.
    r.write(
        "dagsordner-og-referater/styregruppe/20260910_Styregruppe.md",
        "# Styregruppemøde 10.09.2026\n\nDagsorden:\n- 1.1 Godkendelse af dagsorden\n",
    );
    r.write("index.md", "# Forside\n\nVelkommen.\n");
    r.commit("Dagsorden udfyldt");
    // A new meeting made from the template is a new document, not the template's.
    r.write(
        "dagsordner-og-referater/styregruppe/20261203_Styregruppe.md",
        skabelon,
    );
    r.commit("Ny dagsorden fra skabelonen");
    r.write("gammel.md", "# Gammel\n");
    r.commit("Gammel side");
    std::fs::remove_file(r.path().join("gammel.md")).unwrap();
    r.commit("Gammel side slettet");

    let h = forvalt_history::read(r.path())
        .unwrap()
        .expect("a git repository");
    assert!(!h.shallow);
    let sep = "dagsordner-og-referater/styregruppe/20260910_Styregruppe.md";
    assert_eq!(
        summaries(&h, sep),
        [
            "Dagsorden udfyldt",
            "Mødet flyttes til 10.09",
            "Dagsorden til septembermødet"
        ]
    );
    assert_eq!(
        h.of(sep).unwrap().former_paths,
        ["dagsordner-og-referater/styregruppe/20260903_Styregruppe.md"]
    );
    assert!(
        h.of("dagsordner-og-referater/styregruppe/20260903_Styregruppe.md")
            .is_none()
    );
    assert_eq!(
        summaries(
            &h,
            "dagsordner-og-referater/styregruppe/20261203_Styregruppe.md"
        ),
        ["Ny dagsorden fra skabelonen"]
    );
    assert_eq!(
        summaries(&h, "dagsordner-og-referater/styregruppe/skabelon.md"),
        ["Skabelon og forside"]
    );
    assert_eq!(
        summaries(&h, "index.md"),
        ["Dagsorden udfyldt", "Skabelon og forside"]
    );
    assert_eq!(
        summaries(&h, "gammel.md"),
        ["Gammel side slettet", "Gammel side"]
    );
    let last = h.last_modified(sep).unwrap();
    let created = h.created(sep).unwrap();
    assert_eq!(
        (last.author.as_str(), created.summary.as_str()),
        ("Jonas Brix Holm", "Dagsorden til septembermødet")
    );
    assert!(last.time > created.time);
    assert_eq!(last.short().len(), 7);
}

#[test]
fn a_subfolder_has_paths_relative_to_it_and_reads_old_versions() {
    let mut r = Repo::new();
    r.write("README.md", "# Repo\n");
    r.write("site/docs/plan.md", "v1\n");
    r.commit("Første plan");
    r.write("site/docs/plan.md", "v2\n");
    r.commit("Anden plan");
    let site = r.path().join("site");
    let h = forvalt_history::read(&site).unwrap().unwrap();
    assert_eq!(summaries(&h, "docs/plan.md"), ["Anden plan", "Første plan"]);
    assert!(h.of("README.md").is_none());
    let old = forvalt_history::read_file_at(&site, "HEAD~1", "docs/plan.md").unwrap();
    assert_eq!(old.as_deref(), Some(&b"v1\n"[..]));
    assert_eq!(
        forvalt_history::read_file_at(&site, "HEAD", "docs/ingen.md").unwrap(),
        None
    );
    assert!(forvalt_history::resolve(&site, "ingen-gren").is_err());
}

#[test]
fn outside_git_and_shallow_clones() {
    let plain = tempfile::tempdir().unwrap();
    assert!(forvalt_history::read(plain.path()).unwrap().is_none());

    let mut r = Repo::new();
    for k in 0..3 {
        r.write("side.md", &format!("version {k}\n"));
        r.commit(&format!("Version {k}"));
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let ok = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clone.path().join("c"))
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let h = forvalt_history::read(&clone.path().join("c"))
        .unwrap()
        .unwrap();
    assert!(h.shallow);
    assert_eq!(summaries(&h, "side.md"), ["Version 2"]);
    // In a shallow clone nobody knows when a file was created.
    assert!(h.created("side.md").is_none());
    assert!(h.last_modified("side.md").is_some());
}

#[test]
fn decision_status_over_time_and_a_decision_written_over() {
    let mut r = Repo::new();
    let path = "beslutninger/2026-05-29-aendring-af-projektplan.md";
    let v = |status: &str| {
        format!(
            "# [SDR] Ændring af projektplanen for version 3\n\n- **Dato**: 2026-05-29\n- **Status**: {status}\n- **Beslutningstagere**: Styregruppen\n\n## Beskrivelse\n\nProjektplanen for version 3 ændres, så lanceringen flyttes fra marts til juni, fordi testen i tre kommuner tager længere tid end ventet.\n"
        )
    };
    r.write(path, &v("Forslag"));
    r.commit("Forslag om ny projektplan");
    r.write(path, &v("Besluttet på styregruppemødet 4.6.2026"));
    r.commit("Projektplanen er besluttet");
    r.write(
        path,
        "# [ODR] Integration til elevadministrationssystemer\n\n- **Dato**: 2026-08-20\n- **Status**: Forslag\n- **Beslutningstagere**: Koordinationsgruppen\n\n## Beskrivelse\n\nKørselsplanerne hentes automatisk fra kommunernes elevadministrationssystemer via et standardiseret grænsefladekald hver nat.\n",
    );
    r.commit("Nyt forslag");
    let mut h = forvalt_history::read(r.path()).unwrap().unwrap();
    forvalt_history::decision_history(r.path(), &mut h, [path]).unwrap();
    let d = &h.decisions[path];
    let statuses: Vec<(&str, &str)> = d
        .statuses
        .iter()
        .map(|s| (s.status.as_str(), h.revisions[s.revision].summary.as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Forslag", "Forslag om ny projektplan"),
            ("Accepteret", "Projektplanen er besluttet"),
            ("Forslag", "Nyt forslag"),
        ]
    );
    let (rev, old) = d.overwritten.as_ref().expect("written over");
    assert_eq!(h.revisions[*rev].summary, "Nyt forslag");
    assert_eq!(old, "Ændring af projektplanen for version 3");

    // Status edits alone are not a rewrite.
    let mut r2 = Repo::new();
    r2.write(path, &v("Forslag"));
    r2.commit("a");
    r2.write(path, &v("Accepteret"));
    r2.commit("b");
    let mut h2 = forvalt_history::read(r2.path()).unwrap().unwrap();
    forvalt_history::decision_history(r2.path(), &mut h2, [path]).unwrap();
    assert!(h2.decisions[path].overwritten.is_none());
}

#[test]
fn a_path_reused_after_a_rename_and_merged_branches() {
    let mut r = Repo::new();
    r.write("a.md", "# Plan\n\nFørste udgave af planen for version 3.\n");
    r.commit("Plan");
    r.git(&["mv", "a.md", "b.md"]);
    r.commit("Omdøbt");
    r.write("a.md", "# Noget helt andet\n\nEn ny side om noget andet.\n");
    r.commit("Ny a");
    let h = forvalt_history::read(r.path()).unwrap().unwrap();
    assert_eq!(summaries(&h, "b.md"), ["Omdøbt", "Plan"]);
    assert_eq!(summaries(&h, "a.md"), ["Ny a"]);
    // Each version is read at the path it had then: b's first version is the old a.md.
    let b = h.of("b.md").unwrap();
    assert_eq!(b.paths, ["b.md", "a.md"]);

    // A branch merged with a merge commit (a pull request): each commit of the branch that
    // changed the file counts, as `git log -- FILE` shows them, not the merge.
    r.git(&["checkout", "-q", "-b", "gren"]);
    r.write("c.md", "# C\n");
    r.commit("C på grenen");
    r.write("c.md", "# C\n\nAnden udgave.\n");
    r.write("b.md", "# Plan\n\nAnden udgave af planen.\n");
    r.commit("C og plan rettet");
    r.git(&["checkout", "-q", "main"]);
    r.write("d.md", "# D\n");
    r.commit("D på main");
    r.n += 1;
    r.git(&["merge", "-q", "--no-ff", "-m", "Flet grenen", "gren"]);
    let h = forvalt_history::read(r.path()).unwrap().unwrap();
    assert_eq!(summaries(&h, "c.md"), ["C og plan rettet", "C på grenen"]);
    assert_eq!(
        summaries(&h, "b.md"),
        ["C og plan rettet", "Omdøbt", "Plan"]
    );
    assert_eq!(summaries(&h, "d.md"), ["D på main"]);
    // A change made in the merge itself (no commit of the branch has it) is the merge's.
    r.git(&["checkout", "-q", "-b", "gren2"]);
    r.write("e.md", "# E\n");
    r.commit("E på gren2");
    r.git(&["checkout", "-q", "main"]);
    r.n += 1;
    r.git(&["merge", "-q", "--no-ff", "--no-commit", "gren2"]);
    r.write("d.md", "# D\n\nRettet under fletningen.\n");
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "-m", "Flet gren2"]);
    let h = forvalt_history::read(r.path()).unwrap().unwrap();
    assert_eq!(summaries(&h, "d.md"), ["Flet gren2", "D på main"]);
    assert_eq!(summaries(&h, "e.md"), ["E på gren2"]);
}

#[test]
fn a_template_filled_in_is_not_a_decision_written_over() {
    let mut r = Repo::new();
    let path = "beslutninger/2026-09-07-ansvar.md";
    r.write(path, "# [ODR] Titel\n\n- **Dato**: dd.mm.yyyy\n- **Status**: Forslag\n\n## Beskrivelse\n\nBeskriv beslutningen her.\n");
    r.commit("Skabelon kopieret");
    r.write(path, "# [ODR] Ansvar for tilgængelighedserklæringen\n\n- **Dato**: 2026-09-07\n- **Status**: Forslag\n\n## Beskrivelse\n\nProduktkoordinatoren får ansvaret for at opdatere tilgængelighedserklæringen hvert år i september.\n");
    r.commit("Forslag skrevet");
    let mut h = forvalt_history::read(r.path()).unwrap().unwrap();
    forvalt_history::decision_history(r.path(), &mut h, [path]).unwrap();
    assert!(
        h.decisions
            .get(path)
            .is_none_or(|d| d.overwritten.is_none())
    );
}

#[test]
fn a_file_renamed_and_edited_in_one_commit_keeps_its_history() {
    let mut r = Repo::new();
    let plan = "# Roadmap\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Analyse :a1, 2026-01-05, 20d\n    Design  :a2, after a1, 15d\n    Test    :a3, after a2, 10d\n```\n";
    r.write("docs/roadmap.md", plan);
    r.write("docs/andet.md", "# Andet\n\nNoget helt andet.\n");
    r.commit("Roadmap");
    // Renamed in GitHub's editor, with one line changed: not the same blob any more.
    std::fs::remove_file(r.path().join("docs/roadmap.md")).unwrap();
    r.write(
        "docs/roadmap-2026.md",
        &plan.replace("Test    :a3, after a2, 10d", "Test    :a3, after a2, 15d"),
    );
    r.commit("Roadmap 2026: længere test");
    let h = forvalt_history::read(r.path()).unwrap().unwrap();
    assert_eq!(
        summaries(&h, "docs/roadmap-2026.md"),
        ["Roadmap 2026: længere test", "Roadmap"]
    );
    let d = h.of("docs/roadmap-2026.md").unwrap();
    assert_eq!(d.former_paths, ["docs/roadmap.md"]);
    // An unrelated file added beside a deleted one is not taken for it.
    std::fs::remove_file(r.path().join("docs/andet.md")).unwrap();
    r.write("docs/nyt.md", "# Nyt\n\nEn ny side.\n");
    r.commit("Andet væk, nyt til");
    let h = forvalt_history::read(r.path()).unwrap().unwrap();
    assert_eq!(summaries(&h, "docs/nyt.md"), ["Andet væk, nyt til"]);
}

#[test]
fn a_governance_reports_level_over_time() {
    let mut r = Repo::new();
    let path = "docs/governancerapport.md";
    let report = |claim: &str, f1: &str, g1: &str| {
        format!(
            "---\ntitle: Governancerapport\n---\n# Governancerapport for OS2test\n\nOS2test er klassificeret som et niveau {claim} produkt.\n\n| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| ✅ | R1 | Skaber lokal værdi | Businesscase 2025 | sandkasse | |\n| {f1} | F1 | Koden udvikles åbent | https://github.com/os2test | sandkasse | |\n| {g1} | G1 | Registreret i porteføljen | | 1 | |\n"
        )
    };
    r.write(path, &report("x", "❌", ""));
    r.commit("Første udkast");
    r.write(path, &report("1", "✅", ""));
    r.commit("F1 opfyldt");
    r.write("andet.md", "# Andet\n");
    r.commit("Noget andet");
    r.write(
        path,
        &format!("{}\nRettet stavefejl.\n", report("1", "✅", "")),
    );
    r.commit("Stavefejl");
    r.write(path, &report("1", "✅", "✅"));
    r.commit("Registreret i porteføljen");
    let json = "dokumenter/selvevaluering.json";
    r.write(json, r#"{"productName": "OS2test", "krav": [{"id": "R1", "produktniveau": "sandkasse", "efterlevet": "Nej"}]}"#);
    r.commit("Selvevaluering");
    r.write(json, r#"{"productName": "OS2test", "krav": [{"id": "R1", "produktniveau": "sandkasse", "efterlevet": "Ja"}]}"#);
    r.commit("Selvevaluering rettet");
    let mut h = forvalt_history::read(r.path()).unwrap().unwrap();
    forvalt_history::governance_history(r.path(), &mut h, [path, json, "andet.md"]).unwrap();
    let steps: Vec<(&str, Option<&str>, Option<&str>, usize)> = h.governance[path]
        .iter()
        .map(|c| {
            (
                h.revisions[c.revision].summary.as_str(),
                c.reached.map(|l| l.name()),
                c.claimed.map(|l| l.name()),
                c.met,
            )
        })
        .collect();
    // The spelling fix changed nothing the history shows.
    assert_eq!(
        steps,
        [
            ("Første udkast", None, None, 1),
            ("F1 opfyldt", Some("sandkasse"), Some("1"), 2),
            ("Registreret i porteføljen", Some("1"), Some("1"), 3),
        ]
    );
    let json_steps: Vec<Option<&str>> = h.governance[json]
        .iter()
        .map(|c| c.reached.map(|l| l.name()))
        .collect();
    assert_eq!(json_steps, [None, Some("sandkasse")]);
    assert!(!h.governance.contains_key("andet.md"));
}
