//! What `serve` reuses between builds never shows: after each of a series of edits — a
//! page's text, its title, its place in the menu, a new page, a removed page, a decision's
//! status, the site's title, a template — the site built with the cache of the builds
//! before is byte for byte the site built from nothing. And an edit of one page's text
//! renders that page again, not the others.

mod common;

use common::{NOW, Store, example_files};
use forvalt_model::{Files, LoadOptions, MemoryFiles, load};
use forvalt_site::export::SharedStore;
use forvalt_site::{BuildOptions, Cache, Content, Site, build, build_cached};
use std::sync::Arc;

fn options(store: &SharedStore) -> BuildOptions {
    BuildOptions {
        export_store: Some(store.clone()),
        ..BuildOptions::default()
    }
}

fn site(files: &MemoryFiles, options: &BuildOptions, cache: Option<&mut Cache>) -> Site {
    let repo = load(
        files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .value;
    match cache {
        Some(c) => build_cached(&repo, options, c).value,
        None => build(&repo, options).value,
    }
}

fn same(a: &Site, b: &Site, after: &str) {
    let paths = |s: &Site| s.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "after {after}: other files");
    for (x, y) in a.files.iter().zip(&b.files) {
        match (&x.content, &y.content) {
            (Content::Bytes(p), Content::Bytes(q)) => {
                assert!(
                    p == q,
                    "after {after}: {} differs from a clean build",
                    x.path
                )
            }
            (p, q) => assert_eq!(p, q, "after {after}: {}", x.path),
        }
    }
}

fn text(files: &MemoryFiles, path: &str) -> String {
    String::from_utf8(files.read(path).expect(path)).unwrap()
}

#[test]
fn a_cached_build_is_a_clean_build() {
    let store = SharedStore(Arc::new(Store::default()));
    let options = options(&store);
    let mut files = example_files();
    let mut cache = Cache::new();
    let first = site(&files, &options, Some(&mut cache));
    same(&first, &site(&files, &options, None), "nothing");
    let all = first.stats.pages + first.stats.generated;
    assert_eq!(
        first.stats.rendered, all,
        "the first build renders every page"
    );

    let roadmap = "docs/Roadmaps/roadmap-2026.md";
    let decision = "beslutninger/2026-06-04-ny-model-for-medfinansiering.md";
    type Edit = (&'static str, Box<dyn Fn(&mut MemoryFiles)>);
    let edits: Vec<Edit> = vec![
        (
            "a paragraph added to a roadmap",
            Box::new(move |f: &mut MemoryFiles| {
                let t = text(f, roadmap) + "\nKøreplanen drøftes på næste styregruppemøde.\n";
                f.insert_modified(roadmap, t, NOW);
            }),
        ),
        (
            "a roadmap's title changed (the menu on every page)",
            Box::new(move |f: &mut MemoryFiles| {
                let t =
                    text(f, roadmap).replace("title: \"Roadmap 2026\"", "title: \"Køreplan 2026\"");
                f.insert_modified(roadmap, t, NOW);
            }),
        ),
        (
            "a new page",
            Box::new(|f: &mut MemoryFiles| {
                f.insert_modified(
                    "docs/ny-side.md",
                    "---\ntitle: Ny side om kørselsregler\nparent: Roadmaps\nnav_order: 9\n---\n# Kørselsregler\n\nReglerne for kørsel i vinterhalvåret.\n",
                    NOW,
                );
            }),
        ),
        (
            "a decision's status",
            Box::new(move |f: &mut MemoryFiles| {
                let t = text(f, decision).replacen(
                    "Godkendt på styregruppemødet den 4. juni 2026.",
                    "Forslag",
                    1,
                );
                f.insert_modified(decision, t, NOW);
            }),
        ),
        (
            "the page removed again",
            Box::new(|f: &mut MemoryFiles| f.remove("docs/ny-side.md")),
        ),
        (
            "the site's title",
            Box::new(|f: &mut MemoryFiles| {
                let t = text(f, "_config.yml").replace(
                    "title: \"OS2skolekørsel – produktforvaltning\"",
                    "title: \"OS2skolekørsel\"",
                );
                f.insert_modified("_config.yml", t, NOW);
            }),
        ),
        (
            "a template",
            Box::new(|f: &mut MemoryFiles| {
                f.insert_modified(
                    "_forvalt/templates/page-meta.html",
                    "<div class=\"page-meta\"><p>Spørgsmål: skolekoersel@os2.eu</p></div>\n",
                    NOW,
                );
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&mut files);
        let cached = site(&files, &options, Some(&mut cache));
        same(&cached, &site(&files, &options, None), what);
    }
}

#[test]
fn an_edited_page_is_the_only_page_rendered_again() {
    let store = SharedStore(Arc::new(Store::default()));
    let options = BuildOptions {
        search: false,
        ..options(&store)
    };
    let mut files = example_files();
    // The site's own layouts and hooks can show any page on every page (the example's
    // footer links each page to its neighbours), so with them every page is rendered
    // again, as Jekyll does; without them, only the edited one.
    let own: Vec<String> = forvalt_model::Files::list(&files)
        .into_iter()
        .map(|e| e.path)
        .filter(|p| p.starts_with("_layouts/") || p.ends_with("_custom.html"))
        .collect();
    assert!(own.len() >= 3, "{own:?}");
    let path = "docs/Generelle anbefalinger/generelle-anbefalinger.md";
    let edit = |files: &mut MemoryFiles| {
        let t = text(files, path) + "\nEt nyt afsnit om ansvarsfordeling.\n";
        files.insert_modified(path, t, NOW);
    };
    let mut cache = Cache::new();
    site(&files, &options, Some(&mut cache));
    edit(&mut files);
    let again = site(&files, &options, Some(&mut cache));
    assert_eq!(again.stats.rendered, again.stats.pages, "{:?}", again.stats);
    same(
        &again,
        &site(&files, &options, None),
        "a page under the site's own hooks",
    );
    for p in &own {
        files.remove(p);
    }
    let mut cache = Cache::new();
    site(&files, &options, Some(&mut cache));
    edit(&mut files);
    let again = site(&files, &options, Some(&mut cache));
    assert_eq!(again.stats.rendered, 1, "{:?}", again.stats);
}
