//! `forvalt export pdf`: the example site as one PDF, read back — its text (every printed
//! page's title, every roadmap task), its bookmarks (the menu), its structure (tagged, with
//! the language, alternative texts on figures, embedded fonts) — and written twice, byte
//! for byte the same.

mod common;

use common::{forvalt, workspace};
use pdf_extract::{Document, Object};

fn export(out: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    forvalt()
        .args(["export", "pdf", "-q", "--today", "2026-06-15", "-o"])
        .arg(out)
        .args(extra)
        .arg(workspace().join("examples/os2skolekoersel"))
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

/// The PDF's text as poppler's `pdftotext` reads it (the charts' text too, which is drawn
/// with the SVG's own fonts); CI installs poppler-utils.
fn pdftotext(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to read the PDF back");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a pdf_extract::Dictionary> {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn text_of(o: &Object) -> String {
    match o {
        Object::String(bytes, _) => {
            if bytes.starts_with(&[0xfe, 0xff]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
        _ => String::new(),
    }
}

/// The titles of the outline's top-level entries.
fn bookmarks(doc: &Document) -> Vec<String> {
    let catalog = doc.catalog().unwrap();
    let outlines = dict(doc, catalog.get(b"Outlines").unwrap()).unwrap();
    let mut out = Vec::new();
    let mut next = outlines.get(b"First").ok();
    while let Some(o) = next {
        let d = dict(doc, o).unwrap();
        out.push(text_of(d.get(b"Title").unwrap()));
        next = d.get(b"Next").ok();
    }
    out
}

/// Every structure element's type (`/S`), and the alternative texts of figures.
fn structure(doc: &Document) -> (Vec<String>, Vec<String>) {
    let catalog = doc.catalog().unwrap();
    let root = dict(doc, catalog.get(b"StructTreeRoot").unwrap()).unwrap();
    let mut kinds = Vec::new();
    let mut alts = Vec::new();
    let mut stack: Vec<&Object> = root.get(b"K").into_iter().collect();
    while let Some(o) = stack.pop() {
        match o {
            Object::Array(a) => stack.extend(a.iter()),
            Object::Reference(_) | Object::Dictionary(_) => {
                let Some(d) = dict(doc, o) else { continue };
                if let Ok(Object::Name(s)) = d.get(b"S") {
                    let s = String::from_utf8_lossy(s).into_owned();
                    if s == "Figure" {
                        alts.push(d.get(b"Alt").map(text_of).unwrap_or_default());
                    }
                    kinds.push(s);
                }
                if let Ok(k) = d.get(b"K") {
                    stack.push(k);
                }
            }
            _ => {}
        }
    }
    (kinds, alts)
}

#[test]
fn the_example_site_as_one_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(&dir.path().join("site.pdf"), &[]);
    let text = pdftotext(&dir.path().join("site.pdf"));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for title in [
        "OS2skolekørsel – produktforvaltning",
        "Indhold",
        "Om OS2skolekørsel",
        "Organisering",
        "Governancerapport",
        "Beslutningslog",
        "Side 10 af",
    ] {
        assert!(flat.contains(title), "{title} is missing");
    }
    // Every task of the 2026 roadmap, drawn as text in the chart.
    let roadmap = std::fs::read_to_string(
        workspace().join("examples/os2skolekoersel/docs/Roadmaps/roadmap-2026.md"),
    )
    .unwrap();
    let gantt = roadmap
        .split("```mermaid")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let keywords = [
        "title",
        "dateFormat",
        "axisFormat",
        "section",
        "excludes",
        "todayMarker",
        "tickInterval",
        "weekday",
        "gantt",
        "%%",
        "accTitle",
        "accDescr",
        "click",
        "inclusiveEndDates",
        "topAxis",
        "displayMode",
    ];
    let mut tasks = 0;
    for line in gantt.lines().map(str::trim) {
        let Some((name, _)) = line.split_once(':') else {
            continue;
        };
        if keywords.iter().any(|k| line.starts_with(k)) || name.trim().is_empty() {
            continue;
        }
        tasks += 1;
        assert!(flat.contains(name.trim()), "the task {name} is missing");
    }
    assert!(tasks >= 5, "{tasks} tasks");
    let doc = Document::load_mem(&bytes).unwrap();
    // Declared language, tagged, title shown.
    let catalog = doc.catalog().unwrap();
    assert_eq!(text_of(catalog.get(b"Lang").unwrap()), "da");
    let mark = dict(&doc, catalog.get(b"MarkInfo").unwrap()).unwrap();
    assert_eq!(mark.get(b"Marked").unwrap(), &Object::Boolean(true));
    // Bookmarks: the menu's top level, then the records' pages.
    let marks = bookmarks(&doc);
    let model = forvalt()
        .args(["export", "--json"])
        .arg(workspace().join("examples/os2skolekoersel"))
        .assert()
        .success();
    let model: serde_json::Value = serde_json::from_slice(&model.get_output().stdout).unwrap();
    let menu: Vec<String> = model["nav"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["url"].as_str().is_some_and(|u| u.starts_with('/')))
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        marks[..menu.len()],
        menu[..],
        "the menu's pages, in its order"
    );
    assert!(
        marks[menu.len()..].iter().any(|m| m == "Beslutningslog"),
        "then the records' pages: {marks:?}"
    );
    let (kinds, alts) = structure(&doc);
    for k in [
        "Part", "H1", "H2", "P", "L", "LI", "Table", "TR", "TH", "TD", "Figure", "Link", "TOC",
    ] {
        assert!(kinds.iter().any(|x| x == k), "no {k} element");
    }
    assert!(
        !alts.is_empty() && alts.iter().all(|a| !a.trim().is_empty()),
        "{alts:?}"
    );
    // Fonts embedded.
    let mut fonts = 0;
    for (_, o) in doc.objects.iter() {
        if let Ok(d) = o.as_dict()
            && d.get(b"Type").ok() == Some(&Object::Name(b"FontDescriptor".to_vec()))
        {
            fonts += 1;
            assert!(
                d.has(b"FontFile2") || d.has(b"FontFile3"),
                "a font is not embedded"
            );
        }
    }
    assert!(fonts >= 2);
    // It passed krilla's PDF/UA-1 check, so it claims the standard in its metadata.
    assert!(contains(&bytes, b"pdfuaid:part"), "not claimed as PDF/UA-1");
    // The same input, the same bytes.
    let again = export(&dir.path().join("again.pdf"), &[]);
    assert!(again == bytes, "the PDF differs between two runs");
}

#[test]
fn one_menu_branch() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(
        &dir.path().join("styring.pdf"),
        &["--section", "Styring og forvaltning"],
    );
    let text = pdftotext(&dir.path().join("styring.pdf"));
    assert!(text.contains("Organisering"));
    assert!(!text.contains("Ordliste"), "a page of another branch");
    let doc = Document::load_mem(&bytes).unwrap();
    assert_eq!(bookmarks(&doc), ["Styring og forvaltning"]);
}

#[test]
fn a_meetings_board_pack() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pakke.pdf");
    let example = workspace().join("examples/os2skolekoersel");
    let assert = forvalt()
        .args(["export", "pack"])
        .arg(
            example
                .join("dagsordner-og-referater/styregruppe/20260604_OS2skolekoerselStyregruppe.md"),
        )
        .arg("--dir")
        .arg(&example)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let text = pdftotext(&out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The cover: body, day and time, participants.
    for s in [
        "Styregruppemøde 04.06.2026",
        "Styregruppen",
        "4. juni 2026, kl. 13:00–14:30",
        "Henrik Vestergaard Mølgaard",
    ] {
        assert!(flat.contains(s), "{s} is missing from the cover");
    }
    // Each linked decision in full, as an appendix (a GitHub link to a file of the repository
    // counts as a link to the file), then the status report.
    let decision = std::fs::read_to_string(
        example.join("beslutninger/2026-05-12-budget-og-kontingent-2027.md"),
    )
    .unwrap();
    let sentence = decision
        .lines()
        .find(|l| l.len() > 60 && !l.starts_with(['#', '-', '|', '*']))
        .unwrap();
    let words: Vec<&str> = sentence.split_whitespace().take(6).collect();
    assert!(
        flat.contains(&words.join(" ")),
        "the decision's text: {}",
        words.join(" ")
    );
    let doc = Document::load_mem(&std::fs::read(&out).unwrap()).unwrap();
    let marks = bookmarks(&doc);
    assert_eq!(
        marks,
        [
            "Styregruppemøde 04.06.2026",
            "Bilag 1: [SDR] Budget og kontingent for 2027",
            "Bilag 2: [SDR] Ny model for medfinansiering af ændringsønsker",
            "Bilag 3: [ODR] Udvidet eksport af kørselsplaner til vognmænd",
            "Statusrapport",
        ]
    );
    let catalog = doc.catalog().unwrap();
    assert_eq!(text_of(catalog.get(b"Lang").unwrap()), "da");
    assert!(
        contains(&std::fs::read(&out).unwrap(), b"pdfuaid:part"),
        "PDF/UA-1"
    );
    let (kinds, _) = structure(&doc);
    assert!(
        kinds.iter().any(|k| k == "Link"),
        "the agenda's links lead into the pack"
    );
    assert!(!said.contains("error"), "{said}");
}

#[test]
fn a_pack_lists_the_links_that_lead_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let meeting = "dagsordner-og-referater/styregruppe/20260903_Styregruppe.md";
    common::write(&root, "_config.yml", "title: OS2test\nlang: da\n");
    common::write(&root, "index.md", "---\ntitle: OS2test\n---\n\n# OS2test\n");
    common::write(
        &root,
        "beslutninger/2026-08-20-kortdata.md",
        "---\ntitle: Kortdata\n---\n\n# [ADR] Kortdata\n\n- Dato: 2026-08-20\n- Status: Accepteret\n- Beslutningstagere: Styregruppen\n\n## Beskrivelse af beslutningen\n\nVi bruger Styrelsen for Dataforsynings åbne kortdata i alle kørselsplaner.\n",
    );
    common::write(
        &root,
        meeting,
        "---\ntitle: Styregruppemøde 03.09.2026\n---\n\n# Styregruppemøde 03.09.2026\n\n**Tid**: 03.09.2026 kl. 13 - 14\n\n**Sted**: Vejle Rådhus\n\n## Dagsorden\n\n#### 1. Beslutninger\n- 1.1 [Kortdata](../../beslutninger/2026-08-20-kortdata.md)\n- 1.2 [Budget 2027](../../beslutninger/2026-08-21-budget.md)\n- 1.3 [Releasekadence](https://github.com/os2test/governance/issues/17)\n",
    );
    // A decision kept as an issue: its page is an appendix too.
    common::write(
        &root,
        ".github/issues.json",
        r#"[{"number": 17, "title": "[SDR] To releases om året", "body": "- Dato: 2026-08-25\n- Status: Forslag\n\n## Beskrivelse af beslutningen\n\nProduktet udgives i marts og september.", "labels": [{"name": "decision"}], "state": "OPEN", "url": "https://github.com/os2test/governance/issues/17", "createdAt": "2026-08-25T09:00:00Z"}]"#,
    );
    let out = dir.path().join("pakke.pdf");
    let assert = forvalt()
        .args(["export", "pack"])
        .arg(root.join(meeting))
        .arg("--dir")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        said.contains("print::not-printable") && said.contains("Budget 2027"),
        "{said}"
    );
    let flat = pdftotext(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("Links uden bilag"), "{flat}");
    assert!(flat.contains("Budget 2027 → ../../beslutninger/2026-08-21-budget.md"));
    assert!(
        flat.contains("Vi bruger Styrelsen for Dataforsynings åbne kortdata"),
        "the linked decision in full"
    );
    assert!(flat.contains("Vejle Rådhus"));
    assert!(
        flat.contains("Bilag 2: [SDR] To releases om året"),
        "{flat}"
    );
    assert!(flat.contains("Produktet udgives i marts og september."));
}

#[test]
fn the_site_published_with_its_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    forvalt()
        .args(["build", "--pdf", "-q", "--today", "2026-06-15", "--out"])
        .arg(&out)
        .arg(workspace().join("examples/os2skolekoersel"))
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<a href=\"forvalt.pdf\" download>Hent hele sitet som PDF</a>"));
    let meeting = std::fs::read_to_string(
        out.join("dagsordner-og-referater/styregruppe/20260604_OS2skolekoerselStyregruppe.html"),
    )
    .unwrap();
    assert!(meeting.contains("<a href=\"../../pakker/styregruppe/20260604_OS2skolekoerselStyregruppe.pdf\" download>Hent mødepakken som PDF</a>"));
    let pack = out.join("pakker/styregruppe/20260604_OS2skolekoerselStyregruppe.pdf");
    assert!(pdftotext(&pack).contains("Bilag 1"));
    assert!(pdftotext(&out.join("forvalt.pdf")).contains("Indhold"));
    // Without --pdf, no links and no PDFs: the next build removes them.
    forvalt()
        .args(["build", "-q", "--today", "2026-06-15", "--out"])
        .arg(&out)
        .arg(workspace().join("examples/os2skolekoersel"))
        .assert()
        .success();
    assert!(!out.join("forvalt.pdf").exists());
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("forvalt.pdf")
    );
}

#[test]
fn images_are_printed_and_a_broken_one_is_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("billeder")).unwrap();
    // A 40 × 20 PNG, and a file that only starts like one.
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, 40, 20);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[200u8; 40 * 20 * 3]).unwrap();
    }
    std::fs::write(root.join("billeder/kort.png"), &png).unwrap();
    let mut broken = png[..40].to_vec();
    broken.extend_from_slice(b"ikke et billede");
    std::fs::write(root.join("billeder/brudt.png"), &broken).unwrap();
    // A JPEG that is only its first bytes.
    std::fs::write(
        root.join("billeder/foto.jpg"),
        [0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F'],
    )
    .unwrap();
    common::write(
        &root,
        "index.md",
        "# OS2test\n\nKortet over ruterne:\n\n![Kort over skoleruterne](billeder/kort.png)\n\n![Brudt billede](billeder/brudt.png)\n\n![Foto fra mødet](billeder/foto.jpg)\n",
    );
    let out = dir.path().join("site.pdf");
    let assert = forvalt()
        .args(["export", "pdf", "--today", "2026-06-15", "-o"])
        .arg(&out)
        .arg(&root)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        said.contains("print::not-printable") && said.contains("brudt.png"),
        "{said}"
    );
    let flat = pdftotext(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("[Billede: Brudt billede]"), "{flat}");
    assert!(flat.contains("[Billede: Foto fra mødet]"), "{flat}");
    assert!(said.contains("foto.jpg"), "{said}");
    let doc = Document::load_mem(&std::fs::read(&out).unwrap()).unwrap();
    let (_, alts) = structure(&doc);
    assert!(
        alts.iter().any(|a| a == "Kort over skoleruterne"),
        "{alts:?}"
    );
}
