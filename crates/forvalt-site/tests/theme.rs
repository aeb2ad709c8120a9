//! Every built-in template can be replaced from `_forvalt/templates/`: replaced in turn by a
//! file of the same name in a copy of the example, each visibly changes the site. A broken
//! replacement is reported at its place, and the built-in template is used instead.

use forvalt_diag::Diagnostic;
use forvalt_model::history::{
    ChartDiff, DecisionHistory, DocumentHistory, Histories, HistorySource, Item, ItemChange,
    MilestoneTrack, Revision, RoadmapChanges, StatusChange,
};
use forvalt_model::{Files as _, LoadOptions, MemoryFiles, Repository, load};
use forvalt_site::export::SharedStore;
use forvalt_site::theme::BUILTIN;
use forvalt_site::{BuildOptions, Site, build};
use std::collections::BTreeMap;
use std::sync::Arc;

mod common;

use common::{NOW, Store, example_files, manifest_dir, text_files};

/// What git would say of the example: two commits, a roadmap moved, a decision decided.
fn history(repo: &Repository) -> Histories {
    let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    let revision = |id: &str, time: i64, summary: &str| Revision {
        id: id.repeat(40 / id.len()),
        time,
        author: "Mette Kjærgaard Lund".into(),
        summary: summary.into(),
    };
    let item = |name: &str, start: &str, end: &str| Item {
        section: "Forvaltning og økonomi".into(),
        name: name.into(),
        id: String::new(),
        start: Some(day(start)),
        end: Some(day(end)),
        milestone: false,
    };
    let mut documents = BTreeMap::new();
    for p in &repo.pages {
        documents.insert(
            p.path.clone(),
            DocumentHistory {
                revisions: vec![1, 0],
                paths: vec![p.path.clone()],
                former_paths: Vec::new(),
            },
        );
    }
    let roadmap = RoadmapChanges {
        since: 0,
        at: Some(1),
        charts: vec![ChartDiff {
            index: 0,
            title: Some("Udviklingsplan for OS2skolekørsel 2026/27".into()),
            items: vec![ItemChange::Changed {
                before: item("Budget 2027 og kontingent", "2026-03-01", "2026-05-21"),
                after: item("Budget 2027 og kontingent", "2026-03-01", "2026-06-11"),
                renamed: false,
                section_moved: false,
                start_days: Some(0),
                end_days: Some(21),
                start_working_days: Some(0),
                end_working_days: Some(15),
            }],
            settings: Vec::new(),
        }],
        baseline: None,
        milestones: vec![MilestoneTrack {
            name: "Medfinansieringsmodel vedtaget".into(),
            dates: vec![(0, day("2026-05-04")), (1, day("2026-06-04"))],
            now: Some(day("2026-06-04")),
        }],
    };
    let decision = repo
        .records
        .decisions
        .iter()
        .find_map(|d| d.source.path())
        .unwrap()
        .to_string();
    let status = |revision: usize, s: &str| StatusChange {
        revision,
        status: s.into(),
        raw: s.into(),
    };
    Histories {
        source: HistorySource::Git,
        revisions: vec![
            revision("a1", 1_772_359_200, "Første version"),
            revision("b2", 1_781_085_600, "Budget flyttet og beslutning truffet"),
        ],
        documents,
        shallow: false,
        head: Some("b2".repeat(20)),
        governance: BTreeMap::new(),
        roadmaps: BTreeMap::from([("docs/Roadmaps/roadmap-2026.md".to_string(), roadmap)]),
        decisions: BTreeMap::from([(
            decision,
            DecisionHistory {
                statuses: vec![status(0, "Forslag"), status(1, "Besluttet")],
                overwritten: None,
            },
        )]),
        approved_versions: BTreeMap::new(),
    }
}

fn site_with(
    files: &MemoryFiles,
    overrides: &[(&str, &str)],
    store: &SharedStore,
) -> (Site, Vec<Diagnostic>, Repository) {
    let mut files = files.clone();
    for (name, text) in overrides {
        files.insert_modified(format!("_forvalt/templates/{name}"), *text, NOW);
    }
    let (mut repo, mut diagnostics) = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    repo.history = Some(history(&repo));
    let options = BuildOptions {
        export_store: Some(store.clone()),
        ..BuildOptions::default()
    };
    let (site, more) = build(&repo, &options).into_parts();
    diagnostics.extend(more);
    (site, diagnostics, repo)
}

/// The built-in text with `marker` written where it is always output: at the start of a
/// page template's main block, else before its first `{{`.
fn marked(text: &str, marker: &str) -> String {
    let at = match text.find("{% block main %}\n") {
        Some(b) => b + "{% block main %}\n".len(),
        None => text.find("{{").expect("the template writes something"),
    };
    format!("{}{marker}{}", &text[..at], &text[at..])
}

#[test]
fn the_template_folder_is_the_built_in_list() {
    let mut on_disk: Vec<String> = std::fs::read_dir(manifest_dir().join("templates"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut builtin: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
    builtin.sort();
    assert_eq!(on_disk, builtin);
}

/// The example as a plain repository (`forvalt: site: plain`): folders in the menu.
fn plain_example() -> MemoryFiles {
    let mut files = example_files();
    let config = String::from_utf8(files.read("_config.yml").unwrap()).unwrap();
    assert!(config.contains("\nforvalt:\n"));
    files.insert(
        "_config.yml",
        config.replace("\nforvalt:\n", "\nforvalt:\n  site: plain\n"),
    );
    files
}

/// Templates only a plain repository's menu uses (folder pages).
const PLAIN_ONLY: [&str; 1] = ["group.html"];

#[test]
fn every_template_replaced_changes_the_example() {
    let store = SharedStore(Arc::new(Store::default()));
    let jekyll = example_files();
    let plain_repo = plain_example();
    let (built, _, _) = site_with(&jekyll, &[], &store);
    let built = text_files(&built);
    let (built_plain, _, _) = site_with(&plain_repo, &[], &store);
    let built_plain = text_files(&built_plain);
    let mut unchanged = Vec::new();
    for (name, text) in BUILTIN {
        let (files, plain) = if PLAIN_ONLY.contains(&name) {
            (&plain_repo, &built_plain)
        } else {
            (&jekyll, &built)
        };
        let marker = format!("OVERRIDDEN-{}", name.replace('.', "-"));
        let (site, diagnostics, _) = site_with(files, &[(name, &marked(text, &marker))], &store);
        let template_errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.code == "site::template")
            .collect();
        assert!(template_errors.is_empty(), "{name}: {template_errors:?}");
        let out = text_files(&site);
        let shown = out.values().filter(|t| t.contains(&marker)).count();
        if shown == 0 || plain.values().any(|t| t.contains(&marker)) {
            unchanged.push(name);
        }
    }
    assert!(
        unchanged.is_empty(),
        "replacing these did not change the example's site: {unchanged:?}"
    );
}

#[test]
fn a_broken_template_is_located_and_the_built_in_one_used() {
    let files = example_files();
    let store = SharedStore(Arc::new(Store::default()));
    let (plain, _, _) = site_with(&files, &[], &store);
    let page = "docs/Roadmaps/roadmap-2026.html";
    let plain = text_files(&plain);

    // Cannot be read: an `if` without its `endif`.
    let broken = "{% extends \"base.html\" %}\n{% block main %}\n<p>{% if page.title %}</p>\n{% endblock %}\n";
    let (site, diagnostics, repo) = site_with(&files, &[("page.html", broken)], &store);
    let d = diagnostics
        .iter()
        .find(|d| d.code == "site::template")
        .expect("a template diagnostic");
    let at = repo.sources.location(d.span.expect("located")).unwrap();
    assert_eq!(
        repo.sources.get(d.span.unwrap().file).unwrap().path,
        "_forvalt/templates/page.html"
    );
    assert!(at.line >= 3, "{at:?}: {}", d.message);
    assert_eq!(
        text_files(&site)[page],
        plain[page],
        "the built-in page.html is used"
    );

    // Fails while rendering: a filter that does not exist, on line 2, column 31.
    let failing =
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title|shout }}{% endblock %}\n";
    let (site, diagnostics, repo) = site_with(&files, &[("page.html", failing)], &store);
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "site::template")
        .collect();
    assert_eq!(found.len(), 1, "reported once for all pages: {found:?}");
    let at = repo
        .sources
        .location(found[0].span.expect("located"))
        .unwrap();
    assert_eq!((at.line, at.column), (2, 31), "{}", found[0].message);
    assert!(found[0].message.contains("shout"), "{}", found[0].message);
    assert!(
        found[0].notes.iter().any(|n| n.contains("pages")),
        "{:?}",
        found[0].notes
    );
    let out = text_files(&site);
    assert_eq!(out[page], plain[page], "the built-in page.html is used");
    assert!(out.values().all(|t| !t.is_empty()));
}

/// Every `strings.key` a template reads and every key the views ask for is in the table.
#[test]
fn every_string_used_is_in_the_table() {
    let known: std::collections::BTreeSet<&str> = forvalt_site::i18n::Strings::keys()
        .chain(["lang"])
        .collect();
    let mut used: Vec<(String, String)> = Vec::new();
    let find = |text: &str, start: &str, from: &str, out: &mut Vec<(String, String)>| {
        for (i, _) in text.match_indices(start) {
            let key: String = text[i + start.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !key.is_empty() {
                out.push((from.to_string(), key));
            }
        }
    };
    for (name, text) in BUILTIN {
        find(text, "strings.", name, &mut used);
    }
    let mut stack = vec![manifest_dir().join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                let name = p.display().to_string();
                for start in [".t(\"", "fill(\"", "fill(\n            \""] {
                    find(&text, start, &name, &mut used);
                }
            }
        }
    }
    assert!(used.len() > 100, "the scan found {} uses", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|(_, k)| !known.contains(k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "strings missing from the table: {missing:?}"
    );
}
