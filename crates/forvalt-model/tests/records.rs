//! The records of the example repository (`examples/os2skolekoersel`), field by field: every
//! variant the corpus analysis lists is written somewhere in it (see its
//! `.forvalt/planted-defects.md`).

use forvalt_model::records::decision::{MetadataStyle, Provenance};
use forvalt_model::records::{
    ChangeStatus, DecisionKind, DecisionStatus, DecisionType, MeetingState, MinutesState, Source,
};
use forvalt_model::{LoadOptions, MemoryFiles, Repository, load};
use jiff::civil::{Weekday, date};
use std::path::{Path, PathBuf};

const NOW: i64 = 1_795_392_000_000; // 2026-11-23T00:00:00Z

fn add_dir(files: &mut MemoryFiles, root: &Path, dir: &Path) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            add_dir(files, root, &p);
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(&p).unwrap());
        }
    }
}

fn example() -> (Repository, Vec<forvalt_diag::Diagnostic>) {
    let root = PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string()),
    )
    .join("../../examples/os2skolekoersel");
    let mut files = MemoryFiles::new();
    add_dir(&mut files, &root, &root);
    load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts()
}

#[test]
fn decisions_in_all_their_forms() {
    let (repo, _) = example();
    let r = &repo.records;
    assert_eq!(
        r.decisions.len(),
        13,
        "12 files and one issue-only decision"
    );

    let d = r
        .decision("2026-06-04-ny-model-for-medfinansiering")
        .unwrap();
    assert_eq!(d.kind, Some(DecisionKind::Sdr));
    assert!(d.prefix_spaced);
    assert_eq!(d.title, "Ny model for medfinansiering af ændringsønsker");
    assert_eq!(d.date.as_ref().unwrap().value, Some(date(2026, 6, 4)));
    assert_eq!(d.date.as_ref().unwrap().raw, "2026-06-04");
    let status = d.status.as_ref().unwrap();
    assert_eq!(status.raw, "Godkendt på styregruppemødet den 4. juni 2026.");
    assert_eq!(status.value, Some(DecisionStatus::Accepted));
    assert!(!d.status_in_vocabulary);
    assert_eq!(
        d.provenance,
        Some(Provenance {
            channel: "meeting",
            body: Some("styregruppe".into()),
            date: Some(date(2026, 6, 4))
        })
    );
    assert_eq!(
        d.decided_by.as_ref().unwrap().value,
        Some(vec!["Styregruppen".to_string()])
    );
    assert_eq!(d.bodies, ["styregruppe"]);
    assert_eq!(
        d.decision_type.as_ref().unwrap().value,
        Some(DecisionType::Strategisk)
    );
    assert_eq!(d.metadata_style, MetadataStyle::BoldColonOutside);
    assert!(!d.metadata_after_heading);
    assert_eq!(d.supersedes, ["2025-11-20-model-for-crowdfunding"]);
    assert!(d.consequences.positive[0].starts_with("Ønsker kan komme hurtigere i gang"));
    assert_eq!(d.consequences.negative.len(), 1);
    assert_eq!(d.consequences.neutral.len(), 1);
    assert!(d.meetings.contains(&"styregruppe/2026-06-04".to_string()));
    // "Godkendt på styregruppemødet den 4. juni 2026" resolves to those minutes, which list it.
    assert_eq!(d.decided_at.as_deref(), Some("styregruppe/2026-06-04"));
    assert!(
        r.meeting("styregruppe/2026-06-04")
            .unwrap()
            .decisions
            .contains(&d.id)
    );
    // A prose mention ("Det blev bekræftet på koordinationsgruppemødet den 6. juli 2026") links
    // the decision to the meeting without any Markdown link.
    let v4 = r
        .decision("2026-06-25-opgradering-af-rutemotor-til-v4")
        .unwrap();
    assert!(
        v4.meetings
            .contains(&"koordinationsgruppe/2026-07-06".to_string())
    );
    let m = r
        .mentions
        .iter()
        .find(|m| m.path == "aendringsoensker/006-afstandsberegning-ved-skoleskift.md")
        .unwrap();
    assert_eq!(
        (m.body.as_str(), m.date, m.meeting.as_deref(), m.cancelled),
        (
            "koordinationsgruppe",
            date(2026, 6, 1),
            Some("koordinationsgruppe/2026-06-01"),
            true
        )
    );
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Beskrivelse af beslutningen",
            "Kontekst/ Årsag",
            "Konsekvenser",
            "Effektuering",
            "Risici:",
            "Yderligere information:"
        ]
    );

    let old = r.decision("2025-11-20-model-for-crowdfunding").unwrap();
    assert_eq!(old.state(), DecisionStatus::Superseded);
    // "Styregruppen-Koordinationgruppen": the misspelt body still counts (and is reported).
    assert_eq!(old.bodies, ["styregruppe", "koordinationsgruppe"]);
    assert_eq!(
        old.superseded_by,
        ["2026-06-04-ny-model-for-medfinansiering"]
    );
    assert_eq!(
        old.decided_by.as_ref().unwrap().value,
        Some(vec![
            "Styregruppen".to_string(),
            "Koordinationgruppen".to_string()
        ])
    );

    let no_space = r.decision("2025-06-12-etablering-af-styregruppe").unwrap();
    assert_eq!(
        (no_space.kind, no_space.prefix_spaced),
        (Some(DecisionKind::Sdr), false)
    );

    let adr = r.decision("2025-09-18-valg-af-aabne-kortdata").unwrap();
    assert_eq!(adr.kind, Some(DecisionKind::Adr));
    assert_eq!(
        adr.decision_type.as_ref().unwrap().value,
        Some(DecisionType::Arkitektur)
    );

    let inside = r.decision("2026-05-12-budget-og-kontingent-2027").unwrap();
    assert_eq!(inside.metadata_style, MetadataStyle::BoldColonInside);
    assert_eq!(inside.provenance.as_ref().unwrap().channel, "mail");
    assert_eq!(
        inside.provenance.as_ref().unwrap().date,
        Some(date(2026, 5, 21))
    );

    let plain = r
        .decision("2026-09-07-ansvar-for-tilgaengelighedserklaering")
        .unwrap();
    assert_eq!(plain.metadata_style, MetadataStyle::Plain);
    assert_eq!(plain.status.as_ref().unwrap().raw, "Udkast");
    assert_eq!(plain.state(), DecisionStatus::Proposed);
    assert_eq!(
        plain.decision_type.as_ref().unwrap().value,
        Some(DecisionType::Operationel)
    );

    let after = r
        .decision("2026-06-25-opgradering-af-rutemotor-til-v4")
        .unwrap();
    assert!(after.metadata_after_heading);
    assert_eq!(
        after.status.as_ref().unwrap().raw,
        "Besluttet. (pr mail, modtaget 1.7.2026)"
    );
    assert_eq!(
        after.provenance.as_ref().unwrap().date,
        Some(date(2026, 7, 1))
    );

    let rejected = r.decision("2026-08-06-selvstaendig-foraeldre-app").unwrap();
    assert_eq!(rejected.state(), DecisionStatus::Rejected);

    let placeholder = r
        .decision("2026-11-16-prioritering-af-aendringsoensker-2027-1")
        .unwrap();
    assert_eq!(placeholder.date.as_ref().unwrap().value, None);
    assert_eq!(
        placeholder.day(),
        Some(date(2026, 11, 16)),
        "falls back to the file name"
    );

    let issue = r.decision("issue-17").unwrap();
    assert!(matches!(issue.source, Source::Issue { number: 17, .. }));
    assert_eq!(issue.date.as_ref().unwrap().value, Some(date(2026, 11, 2)));
    assert_eq!(issue.metadata_style, MetadataStyle::Plain);

    // Newest first.
    let days: Vec<_> = r.decisions.iter().map(|d| d.day()).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn meetings_in_all_their_forms() {
    let (repo, _) = example();
    let r = &repo.records;
    assert_eq!(r.meetings.len(), 12, "templates are not meetings");

    let m = r.meeting("styregruppe/2026-06-04").unwrap();
    assert_eq!(m.state, MeetingState::Held);
    assert_eq!(m.minutes_state, MinutesState::Approved);
    assert_eq!(m.participants.len(), 8);
    assert_eq!(m.present().count(), 7);
    assert_eq!(m.apologies.len(), 1, "the empty row is not an apology");
    assert_eq!(
        m.facilitator.as_deref(),
        Some("Henrik Vestergaard Mølgaard")
    );
    assert_eq!(m.minute_taker.as_deref(), Some("Jonas Brix Holm"));
    let t = m.time.as_ref().unwrap();
    assert_eq!(
        (t.start.as_str(), t.end.as_deref()),
        ("13:00", Some("14:30"))
    );
    assert_eq!(m.place.as_deref(), Some("Virtuel"));
    let rule = m.recurrence.as_ref().unwrap();
    assert_eq!((rule.nth, rule.weekday), (1, Weekday::Thursday));
    let numbers: Vec<_> = m
        .agenda
        .iter()
        .filter_map(|a| a.number.as_deref())
        .collect();
    assert_eq!(numbers, ["1.1", "1.2", "2.1", "2.3", "2.4", "2.5", "2.6"]);
    let item = m
        .agenda
        .iter()
        .find(|a| a.number.as_deref() == Some("2.3"))
        .unwrap();
    assert_eq!(item.presenters, ["Mette"]);
    assert_eq!(
        item.title,
        "Beslutningsforslag: Ny model for medfinansiering af ændringsønsker"
    );
    assert!(item.outcomes.iter().any(|o| o.kind == "decision"));
    assert!(
        m.agenda.iter().any(|a| a.number.is_none()),
        "the unnumbered Eventuelt item"
    );
    assert_eq!(m.decisions.len(), 3);
    assert_eq!(m.actions.len(), 3);
    assert_eq!(m.actions[0].owner.as_deref(), Some("Mette"));
    assert_eq!(m.actions[0].due, Some(date(2026, 6, 15)));
    assert!(m.guests[0].starts_with("Rasmus Thygesen"));

    let cancelled = r.meeting("koordinationsgruppe/2026-06-01").unwrap();
    assert_eq!(cancelled.state, MeetingState::Cancelled);
    assert_eq!(cancelled.minutes_state, MinutesState::None);

    let planned_end = r.meeting("koordinationsgruppe/2026-07-06").unwrap();
    assert_eq!(
        planned_end.time.as_ref().unwrap().planned_end.as_deref(),
        Some("14:30")
    );

    let old_style = r.meeting("koordinationsgruppe/2026-01-27").unwrap();
    assert_eq!(old_style.checkboxes.len(), 6);
    assert_eq!(old_style.minutes_state, MinutesState::Approved);
    let last = old_style.recurrence.as_ref().unwrap();
    assert_eq!((last.nth, last.weekday), (-1, Weekday::Tuesday));
    assert!(last.matches(date(2026, 1, 27)));

    let two_digit = r.meeting("koordinationsgruppe/2026-03-02").unwrap();
    assert_eq!(
        two_digit.time_field.as_ref().unwrap().value,
        Some(date(2026, 3, 2))
    );

    let future = r.meeting("styregruppe/2026-12-03").unwrap();
    assert_eq!(future.state, MeetingState::Planned);

    let held_elsewhere = r.meeting("styregruppe/2026-09-10").unwrap();
    assert!(held_elsewhere.place.as_deref().unwrap().contains("Vejle"));
}

#[test]
fn bodies_people_actions_and_change_requests() {
    let (repo, _) = example();
    let r = &repo.records;
    let keys: Vec<&str> = r.bodies.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["koordinationsgruppe", "styregruppe"]);
    let s = &r.bodies[1];
    assert_eq!(s.meetings.len(), 6);
    assert!(s.roster.iter().any(|m| m.name == "Mette Kjærgaard Lund" && m.role.as_deref() == Some("Produkt Owner")));
    let peter = r
        .people
        .iter()
        .find(|p| p.name == "Peter Damgaard Friis")
        .unwrap();
    assert_eq!(peter.aliases, ["Peter Damgaard Fris"]);

    assert!(r.actions.iter().take_while(|a| !a.done).count() > 0);
    assert!(
        r.actions.windows(2).all(|w| w[0].done <= w[1].done),
        "open actions first"
    );

    let cr = r
        .change_requests
        .iter()
        .find(|c| c.id == "003-eksport-til-vognmaend")
        .unwrap();
    assert_eq!(cr.state(), Some(ChangeStatus::Ordered));
    assert_eq!(cr.issue, Some(6));
    assert_eq!(cr.pledged(), 30000.0);
    assert_eq!(cr.score(), Some(14));
    assert_eq!(cr.requested_by.as_deref(), Some("Esbjerg Kommune"));
    // Every issue of the export that is a change request has its file: merged, not doubled.
    assert_eq!(r.change_requests.len(), 8);
    let merged = r
        .change_requests
        .iter()
        .find(|c| c.id == "006-afstandsberegning-ved-skoleskift")
        .unwrap();
    assert_eq!(merged.issue, Some(16));
    assert!(r.change_requests.iter().any(|c| c.crowdfunding));
    let quoted_date = r
        .change_requests
        .iter()
        .find(|c| c.id == "008-vinterkoersel-og-vejrvarsler")
        .unwrap();
    assert!(
        quoted_date.date.as_ref().unwrap().value.is_some(),
        "DD-MM-YYYY in front matter"
    );
}

#[test]
fn record_diagnostics_point_at_the_planted_defects() {
    let (repo, diagnostics) = example();
    let at = |code: &str| -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = diagnostics
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| repo.sources.location(d.span?))
            .map(|l| (l.path, l.line))
            .collect();
        v.sort();
        v
    };
    let k = "dagsordner-og-referater/koordinationsgruppe/";
    let s = "dagsordner-og-referater/styregruppe/";
    assert_eq!(
        at("records::date-mismatch"),
        [(
            "beslutninger/2026-05-28-integration-til-elevadministration.md".into(),
            7
        )]
    );
    assert_eq!(
        at("records::invalid-date"),
        [(
            "beslutninger/2026-11-16-prioritering-af-aendringsoensker-2027-1.md".into(),
            3
        )]
    );
    assert_eq!(
        at("records::unknown-body"),
        [(
            "beslutninger/2025-11-20-model-for-crowdfunding.md".into(),
            5
        )]
    );
    assert_eq!(
        at("records::recurrence-mismatch"),
        [
            (format!("{s}20260507_OS2skolekoerselStyregruppe.md"), 9),
            (format!("{s}20260910_OS2skolekoerselStyregruppe.md"), 9)
        ]
    );
    assert_eq!(
        at("records::name-mismatch"),
        [(
            format!("{k}20260302_OS2skolekoerselKoordinationsgruppe.md"),
            26
        )]
    );
    assert_eq!(
        at("records::malformed-checkbox"),
        [(
            format!("{k}20260907_OS2skolekoerselKoordinationsgruppe.md"),
            28
        )]
    );
    assert_eq!(
        at("records::missing-target"),
        [
            (
                "beslutninger/2026-06-25-opgradering-af-rutemotor-til-v4.md".into(),
                16
            ),
            (
                format!("{k}20260302_OS2skolekoerselKoordinationsgruppe.md"),
                47
            )
        ]
    );
    assert_eq!(
        at("records::status-disagrees"),
        [("aendringsoensker/003-eksport-til-vognmaend.md".into(), 3)]
    );
    // Meetings named in prose that have no minutes (DEC-13, DEC-16, MTG-06, MTG-11, MTG-12,
    // MTG-13); the agenda echoed in the minutes is reported once.
    assert_eq!(
        at("records::unresolved-meeting"),
        [
            (
                "beslutninger/2025-06-12-etablering-af-styregruppe.md".into(),
                28
            ),
            (
                "beslutninger/2025-12-04-lancering-af-version-3.md".into(),
                26
            ),
            (
                format!("{k}2026-01-27-OS2skolekoersel-koordinationsgruppe.md"),
                41
            ),
            (
                format!("{k}20260706_OS2skolekoerselKoordinationsgruppe.md"),
                78
            ),
            (
                format!("{k}20260907_OS2skolekoerselKoordinationsgruppe.md"),
                37
            ),
            (format!("{s}20260305_OS2skolekoerselStyregruppe.md"), 38),
            (format!("{s}20260604_OS2skolekoerselStyregruppe.md"), 97),
        ]
    );
    // The two mentions of MTG-06 are from before the body's first minutes: notes.
    let before: Vec<String> = diagnostics
        .iter()
        .filter(|d| {
            d.code == "records::unresolved-meeting" && d.severity == forvalt_diag::Severity::Note
        })
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        before,
        [
            "the koordinationsgruppe meeting on 16. december 2025 is before the first minutes of it in the repository",
            "the styregruppe meeting on 4. december 2025 is before the first minutes of it in the repository",
        ]
    );
    let ratification = diagnostics
        .iter()
        .find(|d| d.code == "records::unresolved-meeting" && d.message.contains("5. marts 2025"))
        .unwrap();
    assert!(
        ratification
            .help
            .iter()
            .any(|h| h.contains("did you mean 5. marts 2026")),
        "{ratification:?}"
    );
    assert_eq!(
        at("records::weekday-mismatch"),
        [
            (
                format!("{k}20260706_OS2skolekoerselKoordinationsgruppe.md"),
                78
            ),
            (format!("{s}20260604_OS2skolekoerselStyregruppe.md"), 97),
        ]
    );
    assert_eq!(
        at("records::next-meeting-conflict"),
        [(format!("{s}20260604_OS2skolekoerselStyregruppe.md"), 97)]
    );
    assert_eq!(at("records::status-free-text").len(), 4);
    let placeholders = at("records::placeholder");
    assert!(placeholders.contains(&(
        "beslutninger/2025-06-12-etablering-af-styregruppe.md".into(),
        32
    )));
    assert!(placeholders.contains(&(
        "beslutninger/2026-09-07-ansvar-for-tilgaengelighedserklaering.md".into(),
        28
    )));
    // The templates are not records: nothing is reported in them.
    assert!(
        diagnostics
            .iter()
            .filter(|d| d.code.starts_with("records::"))
            .all(|d| {
                repo.sources
                    .location(d.span.unwrap())
                    .is_none_or(|l| !l.path.ends_with("skabelon.md"))
            })
    );
}

#[test]
fn issue_only_change_requests_and_decisions() {
    let mut files = MemoryFiles::new();
    files.insert("_config.yml", "title: T\nrepository: os2/x\n");
    files.insert(
        ".github/issues.json",
        r#"[{"number": 4, "title": "Eksport til Excel", "body": "**Kommune:** Vejle Kommune\r\n", "labels": [{"name": "ændringsønske"}, {"name": "under evaluering"}, {"name": "crowdfunding needed"}], "state": "OPEN", "url": "https://github.com/os2/x/issues/4", "createdAt": "2026-03-01T10:00:00Z"},
            {"number": 5, "title": "Ny mødeform", "body": "- Dato: 2026-04-01\n- Status: Forslag\n", "labels": [{"name": "decision"}], "state": "OPEN", "url": "u", "createdAt": "2026-04-01T10:00:00Z"}]"#,
    );
    let (repo, _) = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let cr = &repo.records.change_requests[0];
    assert_eq!(
        (cr.id.as_str(), cr.state(), cr.crowdfunding),
        ("issue-4", Some(ChangeStatus::Evaluating), true)
    );
    assert_eq!(cr.labels, ["crowdfunding needed"]);
    assert_eq!(cr.requested_by.as_deref(), Some("Vejle Kommune"));
    assert_eq!(cr.date.as_ref().unwrap().value, Some(date(2026, 3, 1)));
    let d = repo.records.decision("issue-5").unwrap();
    assert_eq!(
        (d.state(), d.day()),
        (DecisionStatus::Proposed, Some(date(2026, 4, 1)))
    );
}

#[test]
fn a_broken_issues_export_is_a_diagnostic() {
    let mut files = MemoryFiles::new();
    files.insert(".github/issues.json", "[{\"number\": ");
    let (repo, diagnostics) = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    assert!(repo.records.change_requests.is_empty());
    assert!(diagnostics.iter().any(|d| d.code == "records::issues-json"));
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("# [SDR]Titel".to_string()),
            Just("## Metadata:".to_string()),
            Just("- **Dato:** 2026-13-45".to_string()),
            Just("- Status : Besluttet. (pr mail 20-21. 5. 2026)".to_string()),
            Just("- []".to_string()),
            Just("- [x] ".to_string()),
            Just("#### Deltagere:".to_string()),
            Just("## Mødereferat".to_string()),
            Just("> - 2.1 (Agnete)".to_string()),
            Just("**Tid**: kl. - ".to_string()),
            Just("**Mødenavn**: (Afholdes sidste i måneden)".to_string()),
            Just("### Opgaver".to_string()),
            Just("- [ ] Alle: senest".to_string()),
            Just("[x](../../beslutninger/%zz.md)".to_string()),
            Just("Næste møde Torsdag den 3. Juli. Aflyst.".to_string()),
            Just("på styregruppemødet den 31. februar og referat fra 20251304".to_string()),
            Just(
                "koordinationsgruppens møde 2/2-2026 og Styregruppens møde den 1. juni".to_string()
            ),
            "\\PC{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn records_never_panic(lines in proptest::collection::vec(line(), 0..30)) {
            let text = lines.join("\n");
            let mut files = MemoryFiles::new();
            files.insert("beslutninger/2026-01-01-x.md", text.clone());
            files.insert("dagsordner-og-referater/styregruppe/20260101_XStyregruppe.md", text.clone());
            files.insert("aendringsoensker/1.md", format!("---\nstatus: x\nprioritet: {{a: 9}}\n---\n{text}"));
            let _ = load(&files, &LoadOptions { now: NOW, publish: None });
        }
    }
}

#[path = "support/big_meeting.rs"]
mod big_meeting;
use big_meeting::big_meeting;

#[test]
fn a_meeting_of_32000_participants_reads_in_linear_time() {
    let mut files = MemoryFiles::new();
    files.insert(
        "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md",
        big_meeting(32_000),
    );
    let start = std::time::Instant::now();
    let (repo, _) = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let took = start.elapsed();
    let m = &repo.records.meetings[0];
    assert_eq!(m.participants.len(), 32_000);
    assert_eq!(m.apologies.len(), 8_000);
    let body = &repo.records.bodies[0];
    assert!(body.roster.len() > 30_000, "{}", body.roster.len());
    // Well under a second in a release build; debug builds on a busy machine get room.
    assert!(
        took < std::time::Duration::from_secs(10),
        "reading took {took:?}"
    );
}

#[test]
fn next_meetings_moved_and_missing() {
    // A body meeting every two weeks. The 24 Feb minutes announce 10 March; there are no
    // minutes of 10 March, only of 24 March: missing, not "moved to 24 February".
    // The 24 March minutes announce 7 April, held on 9 April: moved, a note.
    // "flyttet fra 21. april" names the old day of the 23 April meeting.
    let minutes = |day: &str, next: &str| {
        format!(
            "# Koordinationsgruppemøde {day}\n\n**Tid**: {day} kl. 13-14\n\n## Dagsorden\n- 1. Status\n\n## Mødereferat\n> - 1. Status\n\nGodkendt.\n\n{next}\n"
        )
    };
    let mut files = MemoryFiles::new();
    files.insert("_config.yml", "title: T\n");
    let dir = "dagsordner-og-referater/koordinationsgruppe";
    for (file, day, next) in [
        (
            "20260210_K.md",
            "10.02.2026",
            "Næste møde: 24. februar 2026.",
        ),
        ("20260224_K.md", "24.02.2026", "Næste møde: 10. marts 2026."),
        ("20260324_K.md", "24.03.2026", "Næste møde: 7. april 2026."),
        (
            "20260409_K.md",
            "09.04.2026",
            "Næste møde: 23. april 2026 (flyttet fra 21. april 2026).",
        ),
        ("20260423_K.md", "23.04.2026", ""),
    ] {
        files.insert(format!("{dir}/{file}"), minutes(day, next).as_str());
    }
    let (_, d) = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let unresolved: Vec<(forvalt_diag::Severity, String)> = d
        .iter()
        .filter(|d| d.code == "records::unresolved-meeting")
        .map(|d| (d.severity, d.message.clone()))
        .collect();
    assert_eq!(
        unresolved,
        [
            (
                forvalt_diag::Severity::Warning,
                "no minutes of a koordinationsgruppe meeting on 10. marts 2026 in the repository".to_string()
            ),
            (
                forvalt_diag::Severity::Note,
                "the next koordinationsgruppe meeting was announced for 7. april 2026, but held on 9. april 2026: moved, it seems".to_string()
            ),
        ]
    );
}
