//! Chart exports on the site: every roadmap and årshjul as an SVG file beside its page, with
//! a download link, and buttons for PNG and PDF, which the reader's browser draws from the
//! SVG (the browser tests); the SVGs drawn here as `forvalt export chart` draws them, the
//! PNGs re-read for their size and the PDFs for their text.

use forvalt_model::{LoadOptions, MemoryFiles, load};
use forvalt_site::{BuildOptions, Content, Site, build};
use std::collections::BTreeMap;

/// 2026-11-23.
const NOW: i64 = 1_795_392_000_000;

const PLAN: &str = "---
title: Køreplan
---
# Køreplan

```mermaid
gantt
    title Køreplan for OS2skolekørsel 2027
    dateFormat YYYY-MM-DD
    section Drift
    Udbud af driftsaftale     :udbud, 2027-01-04, 60d
    Pilotdrift i Vejle        :after udbud, 45d
    section Milepæle
    Ny aftale træder i kraft  :milestone, 2027-06-01, 0d
```

```aarshjul
titel: Mødeplan 2027
år: 2027
ringe:
  - navn: Styregruppen
    begivenheder:
      - navn: Styregruppemøde
        regel: 1. torsdag i måneden
  - navn: Fællesskabet
    begivenheder:
      - navn: Budgetlægning i kommunerne
        regel: i august
```
";

const BROKEN: &str = "# Fejl

```mermaid
gantt
    dateFormat YYYY-MM-DD
    Opgave :a1, 2027-01-04, 3d
    Opgave uden kolon og data
```
";

const WHEEL: &str = "titel: Skoleåret 2026/27
start: august
år: 2026
ringe:
  - navn: Kørselskontorerne
    farve: \"#8a5a00\"
    begivenheder:
      - navn: Visitation til næste skoleår
        fra: 2027-02-01
        til: 2027-04-30
      - navn: Skolestart
        dato: 2026-08-10
";

fn site(exports: bool) -> Site {
    let mut files = MemoryFiles::new();
    files.insert("_config.yml", "title: OS2skolekørsel\nlang: da\n");
    files.insert("docs/plan.md", PLAN);
    files.insert("docs/fejl.md", BROKEN);
    files.insert("aarshjul.yml", WHEEL);
    let repo = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .value;
    build(
        &repo,
        &BuildOptions {
            search: false,
            exports,
            ..BuildOptions::default()
        },
    )
    .value
}

fn files(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.files
        .iter()
        .filter_map(|f| match &f.content {
            Content::Bytes(b) => Some((f.path.clone(), b.to_vec())),
            Content::Copy(_) => None,
            Content::Written { .. } => None,
        })
        .collect()
}

/// The width and height of an SVG's viewBox.
fn view_box(svg: &str) -> (f64, f64) {
    let start = svg.find("viewBox=\"").expect("a viewBox") + 9;
    let rest = &svg[start..];
    let v: Vec<f64> = rest[..rest.find('"').unwrap()]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (v[2], v[3])
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    (reader.info().width, reader.info().height)
}

/// The PDF's text without white space (extraction spaces glyphs as it likes).
fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    pdf_extract::extract_text_from_mem(bytes)
        .expect("readable PDF text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn every_chart_is_exported_beside_its_page() {
    let f = files(&site(true));
    for stem in [
        "docs/plan-roadmap-1",
        "docs/plan-aarshjul-1",
        "forvaltning/aarshjul-aarshjul-1",
    ] {
        // The site has the SVG; the reader's browser draws PNG and PDF from it (the browser
        // tests), as `forvalt export chart` draws them here.
        assert!(
            !f.contains_key(&format!("{stem}.png")) && !f.contains_key(&format!("{stem}.pdf")),
            "{stem}: PNG and PDF are not files of the build"
        );
        let svg = String::from_utf8(f[&format!("{stem}.svg")].clone()).unwrap();
        let (w, h) = view_box(&svg);
        let png = forvalt_site::export::png(&svg, 2.0).expect("the SVG can be drawn");
        assert_eq!(
            png_size(&png),
            ((w * 2.0).round() as u32, (h * 2.0).round() as u32),
            "{stem}: drawn at twice the chart's size"
        );
        let pdf = forvalt_site::export::pdf(&svg, "Plan", "En plan", "da").expect("a PDF");
        let text = pdf_text(&pdf);
        let expected: &[&str] = match stem {
            "docs/plan-roadmap-1" => &[
                "KøreplanforOS2skolekørsel2027",
                "Udbudafdriftsaftale",
                "PilotdriftiVejle",
                "Nyaftaletræderikraft",
            ],
            "docs/plan-aarshjul-1" => &["Mødeplan2027", "Styregruppen", "Budgetlægningikommunerne"],
            _ => &[
                "Skoleåret2026/27",
                "Visitationtilnæsteskoleår",
                "Skolestart",
                "aug",
            ],
        };
        for e in expected {
            assert!(
                text.contains(e),
                "{stem}.svg drawn as PDF lacks {e:?}: {text}"
            );
        }
    }
    // A chart with errors is shown with its error box, not exported.
    assert!(
        !f.keys().any(|k| k.starts_with("docs/fejl-")),
        "{:?}",
        f.keys()
    );
}

#[test]
fn download_links_point_at_the_files() {
    let f = files(&site(true));
    let html = String::from_utf8(f["docs/plan.html"].clone()).unwrap();
    let mut found = 0;
    for part in html.split("class=\"chart-downloads\"").skip(1) {
        let block = &part[..part.find("</p>").unwrap()];
        for href in block.split("href=\"").skip(1) {
            let href = &href[..href.find('"').unwrap()];
            let target = format!("docs/{href}");
            assert!(
                f.contains_key(&target),
                "{href} → {target} is not in the site"
            );
            found += 1;
        }
        assert!(
            block.contains("Hent diagrammet"),
            "Danish link text: {block}"
        );
    }
    assert_eq!(found, 2, "the SVG of the roadmap and of the årshjul");
    // Their PNG and PDF: buttons that draw them from the SVG.
    for stem in ["plan-roadmap-1", "plan-aarshjul-1"] {
        for format in ["png", "pdf"] {
            assert!(
                html.contains(&format!("data-draw=\"{format}\" data-svg=\"{stem}.svg\"")),
                "{html}"
            );
        }
    }
    let fejl = String::from_utf8(f["docs/fejl.html"].clone()).unwrap();
    assert!(!fejl.contains("chart-downloads"));
    let wheel = String::from_utf8(f["forvaltning/aarshjul.html"].clone()).unwrap();
    assert!(
        wheel.contains("data-draw=\"pdf\" data-svg=\"aarshjul-aarshjul-1.svg\""),
        "{wheel}"
    );
    assert!(wheel.contains("<code>aarshjul.yml</code>"));
}

#[test]
fn exports_are_reproducible_and_can_be_turned_off() {
    let a = files(&site(true));
    let b = files(&site(true));
    assert_eq!(a, b, "the same input gives the same bytes");
    let off = files(&site(false));
    assert!(
        !off.keys()
            .any(|k| k.ends_with(".png") || k.ends_with(".pdf")),
        "{:?}",
        off.keys()
    );
    assert!(
        !String::from_utf8(off["docs/plan.html"].clone())
            .unwrap()
            .contains("chart-downloads")
    );
}

#[test]
fn a_site_can_keep_mermaids_exact_roadmap_geometry() {
    let page = |config: &str| {
        let mut repo_files = MemoryFiles::new();
        repo_files.insert("_config.yml", config);
        repo_files.insert("docs/plan.md", PLAN);
        let repo = load(
            &repo_files,
            &LoadOptions {
                now: NOW,
                publish: None,
            },
        )
        .value;
        let site = build(&repo, &BuildOptions::default()).value;
        String::from_utf8(files(&site)["docs/plan.html"].clone()).unwrap()
    };
    let readable = page("title: OS2\nlang: da\n");
    assert!(readable.contains("class=\"chart-scroll\""));
    assert!(readable.contains("min-width:"));
    let exact = page("title: OS2\nlang: da\nforvalt:\n  gantt_geometry: mermaid\n");
    assert!(!exact.contains("class=\"chart-scroll\""), "{exact}");
    assert!(!exact.contains("min-width:"));
    assert!(
        exact.contains("font-family=\"sans-serif\""),
        "Mermaid's axis font"
    );
}
