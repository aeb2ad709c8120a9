//! Snapshots of representative pages of the example repository, built with a fixed clock
//! and fixed file dates: any change to the HTML shows up in review.

use forvalt_model::{LoadOptions, load};
use forvalt_site::{BuildOptions, Content, build};

mod common;

use common::{NOW, example_files};

fn example_site() -> forvalt_site::Site {
    let repo = load(
        &example_files(),
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .value;
    build(&repo, &BuildOptions::default()).value
}

fn text(site: &forvalt_site::Site, path: &str) -> String {
    match &site
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path}"))
        .content
    {
        Content::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
        Content::Copy(p) => format!("copy of {p}"),
        Content::Written { .. } => "written while building".to_string(),
    }
}

#[test]
fn representative_pages() {
    let site = example_site();
    for (name, path) in [
        ("front_page", "index.html"),
        ("roadmap", "docs/Roadmaps/roadmap-2026.html"),
        (
            "roadmap_with_error",
            "docs/Roadmaps/udviklingsplaer/overdragelse.html",
        ),
        (
            "decision",
            "beslutninger/2026-06-04-ny-model-for-medfinansiering.html",
        ),
        (
            "minutes",
            "dagsordner-og-referater/styregruppe/20260604_OS2skolekoerselStyregruppe.html",
        ),
        ("not_found", "404.html"),
        ("sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(name, text(&site, path));
    }
}

#[test]
fn file_list() {
    let site = example_site();
    let list: Vec<String> = site
        .files
        .iter()
        .filter(|f| !f.path.starts_with("search/"))
        .map(|f| f.path.clone())
        .collect();
    insta::assert_snapshot!(list.join("\n"));
}

/// The record views, at the snapshot's date (2026-06-15).
#[test]
fn record_views() {
    let site = example_site();
    let log = text(&site, "forvaltning/beslutningslog.html");
    assert_eq!(
        log.matches("<tr data-type=").count(),
        13,
        "one row per decision"
    );
    let report = text(&site, "forvaltning/statusrapport.html");
    // From the roadmaps drawn on the site: "Oplærnig af ny produktkoordinator" ended
    // 30 April 2026 without `done`; the kick-off milestone was 15 March 2026.
    assert!(
        report.contains("Oplærnig af ny produktkoordinator"),
        "a late roadmap item"
    );
    assert!(
        report.contains("Kick-off for rutemotor v4"),
        "a milestone reached"
    );
    let minutes = text(
        &site,
        "dagsordner-og-referater/styregruppe/20260604_OS2skolekoerselStyregruppe.html",
    );
    assert!(minutes.contains("class=\"record-card\""));
    assert!(
        minutes.contains("aria-label=\"udført\""),
        "task boxes have a name"
    );
    assert!(
        !minutes.contains("task-list-item-checkbox\" checked"),
        "every box is labelled"
    );
}
