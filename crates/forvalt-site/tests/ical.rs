//! The calendar feeds of the example: read back by an independent iCalendar parser
//! (`icalendar`), their recurrence rules expanded by an independent RRULE implementation
//! (`rrule`), and reproducible.

mod common;

use forvalt_model::{LoadOptions, load};
use forvalt_site::{BuildOptions, Content, build};

/// 2026-11-23.
const NOW: i64 = 1_795_392_000_000;

/// The example repository, read at [`NOW`].
fn example() -> forvalt_model::Repository {
    let files = common::example_files_at(NOW);
    load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .value
}

fn feeds() -> Vec<(String, String)> {
    let repo = example();
    build(
        &repo,
        &BuildOptions {
            search: false,
            ..BuildOptions::default()
        },
    )
    .value
    .files
    .into_iter()
    .filter(|f| f.path.ends_with(".ics"))
    .map(|f| match f.content {
        Content::Bytes(b) => (f.path, String::from_utf8(b.to_vec()).unwrap()),
        Content::Copy(p) => panic!("{p} copied"),
        Content::Written { .. } => panic!("written while building"),
    })
    .collect()
}

#[test]
fn feeds_parse_and_their_rules_expand() {
    use icalendar::Component;
    let feeds = feeds();
    let paths: Vec<&str> = feeds.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "forvaltning/kalender/alle.ics",
            "forvaltning/kalender/koordinationsgruppe.ics",
            "forvaltning/kalender/styregruppe.ics"
        ]
    );
    let (_, sg) = feeds
        .iter()
        .find(|(p, _)| p.ends_with("styregruppe.ics"))
        .unwrap();
    assert!(
        sg.lines().all(|l| l.len() <= 76),
        "lines are folded at 75 octets"
    );
    assert!(sg.contains("\r\n"));
    let cal: icalendar::Calendar = sg.parse().expect("an iCalendar the icalendar crate reads");
    let events: Vec<&icalendar::Event> =
        cal.components.iter().filter_map(|c| c.as_event()).collect();
    // Six meeting files and the series after the last one.
    assert_eq!(events.len(), 7);
    let uids: std::collections::BTreeSet<&str> =
        events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 7, "unique UIDs");
    assert!(uids.contains("styregruppe-2026-06-04@os2skolekoersel.github.io"));
    let june = events
        .iter()
        .find(|e| e.get_uid() == Some("styregruppe-2026-06-04@os2skolekoersel.github.io"))
        .unwrap();
    assert!(june.get_summary().unwrap().starts_with("Styregruppen"));
    assert!(sg.contains("DTSTART;TZID=Europe/Copenhagen:20260604T130000"));
    assert!(sg.contains("DTEND;TZID=Europe/Copenhagen:20260604T143000"));
    assert!(sg.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen"));
    // The series: the body's rule (1st Thursday) after its last meeting (3 December 2026),
    // across the year end and the change to summer time.
    let series = events
        .iter()
        .find(|e| {
            e.get_uid()
                .is_some_and(|u| u.starts_with("styregruppe-raekke"))
        })
        .unwrap();
    let rrule_line = sg
        .lines()
        .find(|l| l.starts_with("RRULE:FREQ=MONTHLY"))
        .unwrap();
    assert_eq!(rrule_line, "RRULE:FREQ=MONTHLY;BYDAY=1TH");
    assert!(series.property_value("STATUS") == Some("TENTATIVE"));
    let set: rrule::RRuleSet =
        format!("DTSTART;TZID=Europe/Copenhagen:20270107T130000\n{rrule_line}")
            .parse()
            .expect("an RRULE the rrule crate reads");
    let dates: Vec<String> = set
        .all(4)
        .dates
        .iter()
        .map(|d| d.format("%Y-%m-%d %H:%M %z").to_string())
        .collect();
    assert_eq!(
        dates,
        [
            "2027-01-07 13:00 +0100",
            "2027-02-04 13:00 +0100",
            "2027-03-04 13:00 +0100",
            "2027-04-01 13:00 +0200"
        ]
    );
    assert!(sg.contains("DTSTART;TZID=Europe/Copenhagen:20270107T130000"));
    // The combined feed holds every event of both bodies.
    let (_, all) = feeds.iter().find(|(p, _)| p.ends_with("alle.ics")).unwrap();
    let all: icalendar::Calendar = all.parse().unwrap();
    let (_, kg) = feeds
        .iter()
        .find(|(p, _)| p.ends_with("koordinationsgruppe.ics"))
        .unwrap();
    let kg: icalendar::Calendar = kg.parse().unwrap();
    let count = |c: &icalendar::Calendar| {
        c.components
            .iter()
            .filter(|x| x.as_event().is_some())
            .count()
    };
    assert_eq!(count(&all), count(&kg) + 7);
    // A cancelled meeting is marked so.
    let kg_text = &feeds
        .iter()
        .find(|(p, _)| p.ends_with("koordinationsgruppe.ics"))
        .unwrap()
        .1;
    assert!(kg_text.contains("STATUS:CANCELLED"));
}

#[test]
fn feeds_are_reproducible() {
    assert_eq!(feeds(), feeds());
}

#[test]
fn the_example_draws_its_aarshjul() {
    let repo = example();
    let built = build(
        &repo,
        &BuildOptions {
            search: false,
            ..BuildOptions::default()
        },
    );
    assert!(
        built
            .diagnostics
            .iter()
            .all(|d| !d.code.starts_with("aarshjul::")),
        "{:?}",
        built.diagnostics
    );
    let site = built.value;
    let page = site
        .files
        .iter()
        .find(|f| {
            f.path == "docs/Styring%20og%20forvaltning/%C3%A5rshjul.html"
                || f.path == "docs/Styring og forvaltning/årshjul.html"
        })
        .expect("the årshjul page");
    let Content::Bytes(b) = &page.content else {
        panic!()
    };
    let html = String::from_utf8(b.to_vec()).unwrap();
    let fig = &html[html.find("<figure class=\"aarshjul\"").expect("a wheel")..];
    let fig = &fig[..fig.find("</figure>").unwrap()];
    // An accessible image with a title and a description, and the same events as a table.
    assert!(
        fig.contains("role=\"img\" aria-labelledby=\"aarshjul-1-titel aarshjul-1-beskrivelse\"")
    );
    assert!(fig.contains("<title id=\"aarshjul-1-titel\">Årshjul for OS2skolekørsel 2026</title>"));
    let dots = fig.matches("r=\"6\" fill=").count() + fig.matches("<path d=").count();
    let rows = fig.matches("<tr><td>").count();
    assert_eq!(dots, rows, "every event is in the table");
    assert!(rows > 20);
    // Meeting files are linked from the wheel and the table; the rule fills the other months.
    assert!(fig.contains("20260604_OS2skolekoerselStyregruppe.html"));
    assert!(fig.contains("Prioritering af ændringsønsker"));
    // Today's line (23 November 2026) is drawn.
    assert!(fig.contains("I dag, 23. november 2026"));
}

#[test]
fn a_body_ring_without_a_rule_takes_the_rule_its_meetings_state() {
    let repo = example();
    let latest = repo
        .records
        .meetings
        .iter()
        .filter(|m| m.body == "koordinationsgruppe" && m.recurrence.is_some())
        .max_by_key(|m| m.date)
        .expect("a stated rule");
    let stated = latest.recurrence.as_ref().unwrap();
    let src = "titel: Hjul\når: 2026\nringe:\n  - navn: Koordinationsgruppen\n    organ: koordinationsgruppe\n";
    let w = forvalt_model::aarshjul::parse(
        src,
        forvalt_diag::FileId::DETACHED,
        0,
        "2026-11-23".parse().unwrap(),
        &repo.records,
        &mut Vec::new(),
    )
    .expect("a wheel");
    let rules: Vec<&forvalt_model::aarshjul::Event> = w.rings[0]
        .events
        .iter()
        .filter(|e| matches!(e.when, forvalt_model::aarshjul::When::Rule { .. }))
        .collect();
    assert_eq!(rules.len(), 1, "{:?}", w.rings[0].events);
    match &rules[0].when {
        forvalt_model::aarshjul::When::Rule { text, rule } => {
            assert_eq!(text, &stated.raw);
            assert_eq!(rule, &stated.rule());
        }
        _ => unreachable!(),
    }
    // Months with a meeting file show the file, the others the rule's day.
    let placed = w.placed();
    assert!(placed.len() >= 12, "{}", placed.len());
    assert!(
        placed
            .iter()
            .any(|p| w.rings[0].events[p.event].meeting.is_some())
    );
}
