//! `forvalt export chart`: roadmaps and årshjul of a file as SVG, PNG and PDF, verified by
//! re-reading the PNG's size and the PDF's text.

mod common;

use common::{forvalt, workspace, write};
use predicates::str::contains;
use std::path::Path;

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("the PNG");
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    (reader.info().width, reader.info().height)
}

fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the PDF");
    pdf_extract::extract_text_from_mem(&bytes)
        .expect("PDF text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn view_box(path: &Path) -> (f64, f64) {
    let svg = std::fs::read_to_string(path).expect("the SVG");
    let start = svg.find("viewBox=\"").expect("a viewBox") + 9;
    let rest = &svg[start..];
    let v: Vec<f64> = rest[..rest.find('"').unwrap()]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (v[2], v[3])
}

#[test]
fn a_page_with_several_charts_gives_one_file_per_chart_and_format() {
    let example = workspace().join("examples/os2skolekoersel");
    let out = tempfile::tempdir().unwrap();
    forvalt()
        .args(["export", "chart"])
        .arg(example.join("docs/Styring og forvaltning/årshjul.md"))
        .args(["--svg", "--png", "--pdf", "--today", "2026-11-23", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(contains("wrote"));
    for stem in [
        "årshjul-roadmap-1",
        "årshjul-roadmap-2",
        "årshjul-aarshjul-1",
    ] {
        let (w, h) = view_box(&out.path().join(format!("{stem}.svg")));
        assert_eq!(
            png_size(&out.path().join(format!("{stem}.png"))),
            ((w * 2.0).round() as u32, (h * 2.0).round() as u32),
            "{stem}"
        );
    }
    let wheel = pdf_text(&out.path().join("årshjul-aarshjul-1.pdf"));
    for t in [
        "ÅrshjulforOS2skolekørsel2026",
        "Styregruppen",
        "Koordinationsgruppen",
        "OS2'sårsmøde",
    ] {
        assert!(wheel.contains(t), "{t}: {wheel}");
    }
    let roadmap = pdf_text(&out.path().join("årshjul-roadmap-1.pdf"));
    assert!(roadmap.contains("Mødeplanogårshjul2026"), "{roadmap}");
}

#[test]
fn a_standalone_wheel_file_and_a_lone_mmd_file_export() {
    let example = workspace().join("examples/os2skolekoersel");
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("skoleaar.pdf");
    forvalt()
        .args(["export", "chart"])
        .arg(example.join("aarshjul.yml"))
        .args(["--pdf", "--today", "2026-11-23", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let text = pdf_text(&pdf);
    // Held meetings come from the styregruppe's minutes in the repository.
    for t in [
        "Skoleåret2026/27",
        "Skolestart",
        "Visitationtilnæsteskoleår",
        "Styregruppen",
    ] {
        assert!(text.contains(t), "{t}: {text}");
    }

    // A chart outside any repository.
    let lone = tempfile::tempdir().unwrap();
    write(
        lone.path(),
        "plan.mmd",
        "gantt\n    title Udrulning\n    dateFormat YYYY-MM-DD\n    Pilot i Vejle :2027-01-04, 30d\n",
    );
    forvalt()
        .current_dir(lone.path())
        .args(["export", "chart", "plan.mmd", "--png", "--scale", "1"])
        .assert()
        .success();
    let (w, h) = png_size(&lone.path().join("plan.png"));
    assert!(w >= 400 && h > 50, "{w}×{h}");
}

#[test]
fn choosing_one_chart_and_refusing_what_cannot_be_done() {
    let example = workspace().join("examples/os2skolekoersel");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("hjul.png");
    forvalt()
        .args(["export", "chart"])
        .arg(example.join("docs/Styring og forvaltning/årshjul.md"))
        .args(["--png", "--chart", "3", "--today", "2026-11-23", "-q", "-o"])
        .arg(&target)
        .assert()
        .success();
    assert!(png_size(&target).0 > 1000);
    forvalt()
        .args(["export", "chart"])
        .arg(example.join("docs/Styring og forvaltning/årshjul.md"))
        .args(["--png", "--chart", "9", "-q"])
        .assert()
        .failure()
        .stderr(contains("has 3 charts"));
    // A page without charts, and no format.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "side.md", "# Ingen diagrammer\n");
    forvalt()
        .current_dir(dir.path())
        .args(["export", "chart", "side.md", "--pdf"])
        .assert()
        .failure()
        .stderr(contains("no chart to export"));
    forvalt()
        .current_dir(dir.path())
        .args(["export", "chart", "side.md"])
        .assert()
        .failure()
        .stderr(contains("--svg"));
    forvalt()
        .current_dir(dir.path())
        .args(["export", "chart", "mangler.md", "--pdf"])
        .assert()
        .failure()
        .stderr(contains("cannot read"));
}

/// `forvalt export governance`: the example's report page as OS2's JSON self-evaluation, and
/// that JSON read back gives the same answers.
#[test]
fn a_governance_report_becomes_the_json_self_evaluation() {
    let tmp = tempfile::tempdir().unwrap();
    let page = workspace()
        .join("examples/os2skolekoersel/docs/Styring og forvaltning/governancerapport.md");
    let first = tmp.path().join("selvevaluering.json");
    forvalt()
        .args([
            "export",
            "governance",
            "--json-selfevaluation",
            "--today",
            "2026-11-23",
            "-o",
        ])
        .arg(&first)
        .arg(&page)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    assert_eq!(v["productName"], "OS2skolekørsel");
    assert_eq!(v["filledDate"], "2026-08-28");
    assert_eq!(v["generatedAt"], "2026-11-23T00:00:00.000Z");
    let krav = v["krav"].as_array().unwrap();
    assert_eq!(krav.len(), 43);
    let f18 = krav.iter().find(|k| k["id"] == "F18").unwrap();
    assert_eq!(
        (&f18["efterlevet"], &f18["produktniveau"]),
        (&"Ved ikke".into(), &"2".into())
    );
    // Read back: the same document.
    let again = tmp.path().join("igen.json");
    forvalt()
        .args([
            "export",
            "governance",
            "--json-selfevaluation",
            "--today",
            "2026-11-23",
            "-o",
        ])
        .arg(&again)
        .arg(&first)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
    // A page without a report is refused.
    forvalt()
        .args(["export", "governance", "--json-selfevaluation"])
        .arg(workspace().join("examples/os2skolekoersel/index.md"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("holds no governance report"));
}
