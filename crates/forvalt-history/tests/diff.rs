//! Roadmap diffs: our own charts, and the two versions of one real roadmap a day apart
//! (seeds 000 → 001) committed to a git repository.

#![allow(clippy::print_stderr)]

use forvalt_history::{ItemChange, diff_texts};

fn changes(d: &forvalt_history::RoadmapDiff) -> Vec<&ItemChange> {
    d.charts.iter().flat_map(|c| &c.items).collect()
}

#[test]
fn added_removed_renamed_moved_and_settings() {
    let before = "# Roadmap\n\n```mermaid\ngantt\n    title Roadmap 2026\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Analyse af behov        :a1, 2026-01-05, 2026-02-06\n    Udvikling af rutemotor  :a2, 2026-02-09, 2026-05-29\n    Test i tre kommuner     :a3, 2026-06-01, 2026-06-26\n    section Drift\n    Lancering               :milestone, m1, 2026-08-03, 0d\n```\n";
    let after = "# Roadmap\n\n```mermaid\ngantt\n    title Roadmap 2026\n    dateFormat YYYY-MM-DD\n    excludes weekends\n    section Udvikling\n    Analyse af behov        :a1, 2026-01-05, 2026-02-06\n    Udvikling af rutemotoren v4 :a2, 2026-02-09, 2026-06-12\n    Pilotdrift              :a4, 2026-06-15, 2026-08-14\n    section Drift\n    Lancering               :milestone, m1, 2026-08-17, 0d\n```\n";
    let d = diff_texts("roadmap.md", Some(before), Some(after));
    assert_eq!(d.charts.len(), 1);
    let c = &d.charts[0];
    assert_eq!(c.title.as_deref(), Some("Roadmap 2026"));
    assert_eq!(c.settings.len(), 1);
    assert_eq!(
        (c.settings[0].name.as_str(), c.settings[0].after.as_str()),
        ("excludes", "weekends")
    );
    let ch = changes(&d);
    // The renamed bar moved two weeks at the end: 14 days, 10 working days.
    assert!(ch.iter().any(|x| matches!(x, ItemChange::Changed { before, after, renamed: true, start_days: Some(0), end_days: Some(14), end_working_days: Some(10), .. }
        if before.name == "Udvikling af rutemotor" && after.name == "Udvikling af rutemotoren v4")));
    assert!(
        ch.iter()
            .any(|x| matches!(x, ItemChange::Added { item } if item.name == "Pilotdrift"))
    );
    assert!(
        ch.iter().any(
            |x| matches!(x, ItemChange::Removed { item } if item.name == "Test i tre kommuner")
        )
    );
    let launch = ch
        .iter()
        .find(|x| matches!(x, ItemChange::Changed { after, .. } if after.name == "Lancering"))
        .unwrap();
    assert!(launch.milestone_slipped());
    // The unchanged bar is not reported.
    assert!(!ch.iter().any(
        |x| matches!(x, ItemChange::Changed { after, .. } if after.name == "Analyse af behov")
    ));
    // A document that gains its first chart: everything is added.
    let new = diff_texts("ny.md", None, Some(after));
    assert!(
        changes(&new)
            .iter()
            .all(|x| matches!(x, ItemChange::Added { .. }))
    );
    // Identical versions: no changes.
    assert!(
        diff_texts("roadmap.md", Some(before), Some(before))
            .charts
            .is_empty()
    );
}

fn shared() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("FORVALT_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
        });
    if dir.join("seeds").is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "*** the shared reference data is missing: {} (set FORVALT_SHARED) ***",
        dir.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("{msg}\n*** this test is SKIPPED ***");
    None
}

#[test]
fn seeds_000_to_001_as_two_commits() {
    let Some(shared) = shared() else { return };
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    let seed = |n: &str| std::fs::read(shared.join("seeds").join(n)).unwrap();
    std::fs::write(
        repo.path().join("roadmap.md"),
        seed("000_30e6d25bd8a92bb2.txt"),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Roadmap"]);
    std::fs::write(
        repo.path().join("roadmap.md"),
        seed("001_84fdac2bd730dfa6.txt"),
    )
    .unwrap();
    git(&["commit", "-q", "-am", "Roadmap revideret"]);
    let text = |rev: &str| {
        let bytes = forvalt_history::read_file_at(repo.path(), rev, "roadmap.md")
            .unwrap()
            .unwrap();
        forvalt_model::decode::decode(&bytes).text
    };
    let (a, b) = (text("HEAD~1"), text("HEAD"));
    let d = diff_texts("roadmap.md", Some(&a), Some(&b));
    let ch = changes(&d);
    let moved: Vec<(i64, i64)> = ch
        .iter()
        .filter_map(|x| match x {
            ItemChange::Changed {
                renamed: false,
                start_days,
                end_days,
                ..
            } => Some((start_days.unwrap(), end_days.unwrap())),
            _ => None,
        })
        .collect();
    let renamed = ch
        .iter()
        .filter(|x| matches!(x, ItemChange::Changed { renamed: true, .. }))
        .count();
    assert_eq!(moved.len(), 11, "{moved:?}");
    let shifts: Vec<i64> = moved.iter().flat_map(|(s, e)| [*s, *e]).collect();
    assert_eq!(shifts.iter().min(), Some(&-263));
    assert_eq!(shifts.iter().max(), Some(&153));
    assert_eq!(renamed, 5);
    assert!(ch.iter().all(|x| matches!(x, ItemChange::Changed { .. })));
}

#[test]
fn a_task_moved_to_another_section_is_moved_not_renamed_and_unrelated_tasks_are_not_paired() {
    let before = "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Integration til elevadministration :i1, 2026-03-02, 2026-04-10\n    Test af ruter                      :t1, 2026-04-13, 2026-05-08\n    section Drift\n    Support                            :s1, 2026-01-05, 2026-12-18\n```\n";
    let after = "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Tekst til ruter                    :x9, 2026-09-07, 2026-10-02\n    section Næste år\n    Integration til elevadministration :i1, 2026-03-02, 2026-04-10\n    section Drift\n    Support                            :s1, 2026-01-05, 2026-12-18\n```\n";
    let d = diff_texts("roadmap.md", Some(before), Some(after));
    let ch = changes(&d);
    // Moved between sections with its name and dates: "flyttet til sektion", not a rename.
    assert!(
        ch.iter().any(
            |x| matches!(x, ItemChange::Changed { after, renamed: false, section_moved: true, .. }
            if after.name == "Integration til elevadministration" && after.section == "Næste år")
        ),
        "{ch:#?}"
    );
    // "Test af ruter" and "Tekst til ruter" look alike but share no id and no date: a task
    // removed and another added, not a rename.
    assert!(
        ch.iter()
            .any(|x| matches!(x, ItemChange::Removed { item } if item.name == "Test af ruter"))
    );
    assert!(
        ch.iter()
            .any(|x| matches!(x, ItemChange::Added { item } if item.name == "Tekst til ruter"))
    );
    assert!(
        !ch.iter()
            .any(|x| matches!(x, ItemChange::Changed { renamed: true, .. }))
    );
}

#[test]
fn charts_are_compared_as_the_pinned_mermaid_reads_them() {
    let chart = |d: &str| {
        format!(
            "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Plan\n    Analyse :a1, 2026-03-02, {d}\n```\n"
        )
    };
    let (before, after) = (chart("10d (estimat)"), chart("14d (estimat)"));
    // Mermaid 11 reads neither duration: both bars are empty, nothing moved.
    let d = forvalt_history::diff_texts("roadmap.md", Some(&before), Some(&after));
    assert!(d.charts.is_empty(), "{d:?}");
    // Mermaid 9.1 reads 10 and 14 days: the task got 4 days longer.
    let v9 = forvalt_gantt::MermaidVersion(9, 1, 3);
    let d = forvalt_history::diff_texts_as("roadmap.md", Some(&before), Some(&after), v9);
    assert!(!d.charts.is_empty());
}
