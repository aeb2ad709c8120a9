//! Records and årshjul at their limits: impossible dates and times, decisions that supersede
//! each other in circles, rules no calendar has, and inputs built to make a reader slow. Each
//! problem is a located diagnostic; nothing is guessed, nothing loops, nothing is quadratic.

use forvalt_diag::{Diagnostic, FileId};
use forvalt_model::aarshjul;
use forvalt_model::calendar::{MAX_OCCURRENCES, Rule, parse_rule};
use forvalt_model::records::Records;
use forvalt_model::{LoadOptions, MemoryFiles, Repository, load};
use jiff::civil::{Date, Weekday, date};
use std::time::{Duration, Instant};

const NOW: i64 = 1_795_392_000_000; // 2026-11-23T00:00:00Z

fn repo(files: &[(&str, String)]) -> (Repository, Vec<Diagnostic>) {
    let mut f = MemoryFiles::new();
    for (p, t) in files {
        f.insert(*p, t.clone());
    }
    load(
        &f,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts()
}

/// (path, line, text under the span) of every diagnostic with `code`.
fn found(repo: &Repository, diags: &[Diagnostic], code: &str) -> Vec<(String, usize, String)> {
    let mut v: Vec<(String, usize, String)> = diags
        .iter()
        .filter(|d| d.code == code)
        .filter_map(|d| {
            let s = d.span?;
            let l = repo.sources.location(s)?;
            let text = repo.sources.get(s.file)?.text[s.start as usize..s.end as usize].to_string();
            Some((l.path, l.line, text))
        })
        .collect();
    v.sort();
    v
}

/// Time allowed for work that is linear: generous for a debug build on a busy machine, far
/// below what the quadratic versions took.
const LINEAR: Duration = Duration::from_secs(10);

// --- Impossible meeting dates and times -------------------------------------------------

#[test]
fn impossible_meeting_dates_and_times_are_reported_and_not_guessed() {
    let k = "dagsordner-og-referater/koordinationsgruppe";
    let (r, diags) = repo(&[
        (
            "dagsordner-og-referater/styregruppe/referat-februar.md",
            "# Styregruppemøde 31.02.2026\n\n**Tid**: 31.02.2026 kl. 25\n".to_string(),
        ),
        (
            "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md",
            "# Styregruppemøde 04.06.2026\n\n**Tid**: 04.06.2026 kl. 14 - 14.75\n\n### Opgaver\n\n- [ ] Mette sender udkast senest 31.06.2026\n".to_string(),
        ),
        (
            "dagsordner-og-referater/koordinationsgruppe/20261330_XKoordinationsgruppe.md",
            "# Koordinationsgruppemøde 30.13.2026\n\n**Tid**: 30.13.2026 kl. 13 - 24.30\n".to_string(),
        ),
    ]);
    let dates = found(&r, &diags, "records::impossible-date");
    assert_eq!(
        dates,
        [
            (
                format!("{k}/20261330_XKoordinationsgruppe.md"),
                1,
                "# Koordinationsgruppemøde 30.13.2026".into()
            ),
            (
                format!("{k}/20261330_XKoordinationsgruppe.md"),
                1,
                "30.13.2026".into()
            ),
            (
                format!("{k}/20261330_XKoordinationsgruppe.md"),
                3,
                "30.13.2026".into()
            ),
            (
                "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md".into(),
                7,
                "31.06.2026".into()
            ),
            (
                "dagsordner-og-referater/styregruppe/referat-februar.md".into(),
                1,
                "31.02.2026".into()
            ),
            (
                "dagsordner-og-referater/styregruppe/referat-februar.md".into(),
                3,
                "31.02.2026".into()
            ),
        ]
    );
    let why: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == "records::impossible-date")
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        why.iter().any(|m| m.contains("februar 2026 has 28 days")),
        "{why:?}"
    );
    assert!(
        why.iter().any(|m| m.contains("there is no month 13")),
        "{why:?}"
    );
    assert!(
        why.iter().any(|m| m.contains("juni 2026 has 30 days")),
        "{why:?}"
    );
    let times = found(&r, &diags, "records::impossible-time");
    assert_eq!(
        times,
        [
            (
                format!("{k}/20261330_XKoordinationsgruppe.md"),
                3,
                "24.30".into()
            ),
            (
                "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md".into(),
                3,
                "14.75".into()
            ),
            (
                "dagsordner-og-referater/styregruppe/referat-februar.md".into(),
                3,
                "25".into()
            ),
        ]
    );
    // No date is invented: the meeting of 31.02 has none, and no time either.
    let feb = r
        .records
        .meeting_at("dagsordner-og-referater/styregruppe/referat-februar.md")
        .unwrap();
    assert_eq!((feb.date, feb.time.is_none()), (None, true));
    assert_eq!(
        feb.id,
        "dagsordner-og-referater/styregruppe/referat-februar.md"
    );
    // 14.75 is no end; the start stands.
    let june = r.records.meeting("styregruppe/2026-06-04").unwrap();
    let t = june.time.as_ref().unwrap();
    assert_eq!((t.start.as_str(), t.end.as_deref()), ("14:00", None));
    assert_eq!(june.actions[0].due, None);
}

#[test]
fn possible_dates_and_times_stay_quiet() {
    let (_, diags) = repo(&[(
        "dagsordner-og-referater/styregruppe/20280229_XStyregruppe.md",
        "# Styregruppemøde 29.02.2028\n\n**Tid**: 29.02.2028 kl. 13 - 24\n\n**Tid**: 29.02.28 kl.9.05-12:00 (indkaldt til 12.30)\n"
            .to_string(),
    )]);
    let codes: Vec<&str> = diags
        .iter()
        .filter(|d| d.code.starts_with("records::impossible"))
        .map(|d| d.code.as_ref())
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
}

// --- Supersession -------------------------------------------------------------------------

fn decision(title: &str, front: &str, body: &str) -> String {
    let fm = if front.is_empty() {
        String::new()
    } else {
        format!("---\n{front}---\n")
    };
    format!(
        "{fm}# [SDR] {title}\n\n- **Dato**: 2026-01-01\n- **Status**: Accepteret\n\n## Beskrivelse af beslutningen\n\n{body}\n"
    )
}

#[test]
fn supersession_circles_and_self_supersession_are_reported() {
    let (r, diags) = repo(&[
        (
            "beslutninger/2026-01-01-a.md",
            decision("A", "supersedes: 2026-01-01-b\n", "Om A."),
        ),
        (
            "beslutninger/2026-01-01-b.md",
            decision("B", "supersedes: 2026-01-01-a\n", "Om B."),
        ),
        (
            "beslutninger/2026-01-01-c.md",
            decision("C", "", "Erstatter [D](2026-01-01-d.md)."),
        ),
        (
            "beslutninger/2026-01-01-d.md",
            decision("D", "", "Erstatter [E](2026-01-01-e.md)."),
        ),
        (
            "beslutninger/2026-01-01-e.md",
            decision("E", "", "Erstatter [C](2026-01-01-c.md)."),
        ),
        (
            "beslutninger/2026-01-01-f.md",
            decision("F", "", "Erstatter [F](2026-01-01-f.md)."),
        ),
        (
            "beslutninger/2026-01-01-g.md",
            decision("G", "", "Erstatter [C](2026-01-01-c.md)."),
        ),
    ]);
    let circles: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == "records::supersession-cycle")
        .collect();
    let messages: Vec<&str> = circles.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`2026-01-01-f` says it supersedes itself",
            "`2026-01-01-a` and `2026-01-01-b` supersede each other in a circle, so none of them is the decision in force",
            "`2026-01-01-c`, `2026-01-01-d` and `2026-01-01-e` supersede each other in a circle, so none of them is the decision in force",
        ]
    );
    let at = found(&r, &diags, "records::supersession-cycle");
    assert_eq!(
        at,
        [
            (
                "beslutninger/2026-01-01-b.md".into(),
                2,
                "2026-01-01-a".into()
            ),
            (
                "beslutninger/2026-01-01-e.md".into(),
                8,
                "2026-01-01-c.md".into()
            ),
            (
                "beslutninger/2026-01-01-f.md".into(),
                8,
                "2026-01-01-f.md".into()
            ),
        ]
    );
    // The circle of three points at each of its links.
    assert_eq!(circles[2].labels.len(), 2);
    // Self-supersession is dropped; the circles are kept as written, sorted.
    let f = r.records.decision("2026-01-01-f").unwrap();
    assert!(f.supersedes.is_empty() && f.superseded_by.is_empty());
    let c = r.records.decision("2026-01-01-c").unwrap();
    assert_eq!(c.supersedes, ["2026-01-01-d"]);
    assert_eq!(c.superseded_by, ["2026-01-01-e", "2026-01-01-g"]);
}

#[test]
fn a_long_chain_of_supersessions_is_read_in_linear_time() {
    const N: usize = 20_000;
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..N {
        // Each supersedes the one before; the first supersedes the last: one big circle.
        let prev = if i == 0 { N - 1 } else { i - 1 };
        files.push((
            format!("beslutninger/2026-01-01-d{i:05}.md"),
            format!("---\nsupersedes: 2026-01-01-d{prev:05}\n---\n# D{i}\n"),
        ));
    }
    let mut f = MemoryFiles::new();
    for (p, t) in &files {
        f.insert(p.as_str(), t.clone());
    }
    let start = Instant::now();
    let (r, diags) = load(
        &f,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let took = start.elapsed();
    assert_eq!(r.records.decisions.len(), N);
    let circles: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == "records::supersession-cycle")
        .collect();
    assert_eq!(circles.len(), 1);
    assert!(
        circles[0].message.contains("and 19992 more"),
        "{}",
        circles[0].message
    );
    assert!(took < LINEAR, "reading took {took:?}");
}

// --- Other inputs that were quadratic ------------------------------------------------------

#[test]
fn long_agendas_quoted_minutes_and_long_lines_read_in_linear_time() {
    const N: usize = 10_000;
    // A line of many links, brackets, dates and meeting words, without a sentence end.
    let mut line = String::new();
    for i in 0..N {
        line.push_str(&format!(
            "[x](a{i}.md) [[ møde den {}. juni 2026 ",
            i % 28 + 1
        ));
    }
    let mut t = String::from("# Styregruppemøde 04.06.2026\n\n## Dagsorden\n\n");
    for i in 0..N {
        t.push_str(&format!("- {i}.1 Punkt {i}\n"));
    }
    t.push_str(&format!("- {N}.1 {line}\n"));
    t.push_str("\n## Mødereferat\n\n");
    for i in 0..N {
        t.push_str(&format!("> - {i}.1 Punkt {i}\n\nBlev godkendt.\n\n"));
    }
    // One item quoted again and again.
    for _ in 0..N {
        t.push_str("> - 0.1 Punkt 0\n\nDet blev besluttet.\n\n");
    }
    let start = Instant::now();
    let (r, _) = repo(&[(
        "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md",
        t,
    )]);
    let took = start.elapsed();
    let m = &r.records.meetings[0];
    assert_eq!(m.agenda.len(), N + 1);
    assert_eq!(m.agenda[N].links.len(), N);
    // Every quote's outcomes are kept, not only the last one's.
    assert_eq!(m.agenda[0].outcomes.len(), N + 1);
    assert!(took < LINEAR, "reading took {took:?}");
}

#[test]
fn a_large_issues_export_merges_in_linear_time() {
    const N: usize = 20_000;
    let mut issues = Vec::new();
    for i in 0..N {
        issues.push(format!(
            r#"{{"number": {i}, "title": "Ønske {i}", "body": "", "labels": [{{"name": "ændringsønske"}}], "state": "OPEN", "url": "u", "createdAt": "2026-03-01T10:00:00Z"}}"#
        ));
        issues.push(format!(
            r#"{{"number": {}, "title": "[SDR] Beslutning {i}", "body": "", "labels": [], "state": "OPEN", "url": "u", "createdAt": "2026-03-01T10:00:00Z"}}"#,
            N + i
        ));
    }
    let start = Instant::now();
    let (r, _) = repo(&[(".github/issues.json", format!("[{}]", issues.join(",")))]);
    let took = start.elapsed();
    assert_eq!(r.records.change_requests.len(), N);
    assert_eq!(r.records.decisions.len(), N);
    assert!(took < LINEAR, "reading took {took:?}");
}

#[test]
fn typos_are_matched_only_against_earlier_meetings() {
    let meeting = |day: &str, names: &[&str]| {
        let mut t = format!("# Styregruppemøde {day}\n\n#### Deltagere:\n\n");
        for n in names {
            t.push_str(&format!("- [x] {n}\n"));
        }
        t
    };
    let (r, _) = repo(&[
        (
            "dagsordner-og-referater/styregruppe/20260105_XStyregruppe.md",
            meeting("05.01.2026", &["Peter Friis", "Peter Fris"]),
        ),
        (
            "dagsordner-og-referater/styregruppe/20260202_XStyregruppe.md",
            meeting("02.02.2026", &["Peter Friis", "PETER FRIS", "Mette Lund"]),
        ),
        (
            "dagsordner-og-referater/styregruppe/20260302_XStyregruppe.md",
            meeting("02.03.2026", &["Mette Lunds", "Hans Holm", "Hans Holms"]),
        ),
    ]);
    let roster: Vec<(&str, usize)> = r.records.bodies[0]
        .roster
        .iter()
        .map(|m| (m.name.as_str(), m.invited))
        .collect();
    // Two rows of one meeting are two people; a spelling one typo from a person of an
    // earlier meeting is that person; another case is the same spelling.
    assert_eq!(
        roster,
        [
            ("Hans Holm", 1),
            ("Hans Holms", 1),
            ("Mette Lund", 2),
            ("Peter Friis", 2),
            ("Peter Fris", 2)
        ]
    );
}

// --- Årshjul ------------------------------------------------------------------------------

fn wheel(src: &str) -> (Option<aarshjul::Wheel>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let w = aarshjul::parse(
        src,
        FileId::DETACHED,
        0,
        date(2026, 11, 23),
        &Records::default(),
        &mut d,
    );
    (w, d)
}

/// (code, text under the span) of every diagnostic.
fn placed(src: &str, d: &[Diagnostic]) -> Vec<(String, String)> {
    d.iter()
        .map(|x| {
            let s = x.span.unwrap();
            (
                x.code.to_string(),
                src[s.start as usize..s.end as usize].to_string(),
            )
        })
        .collect()
}

#[test]
fn impossible_wheel_values_are_located_diagnostics() {
    let src = "titel: Årshjul\når: 99999\nringe:\n  - navn: R\n    begivenheder:\n      - navn: Budget\n        dato: 2026-02-31\n      - navn: Tretten\n        dato: 13.13.2026\n      - navn: Seminar\n        fra: 2026-10-06\n        til: 2026-10-05\n      - navn: Juni\n        regel: den 32. juni\n      - navn: Uge\n        regel: uge 54\n      - navn: Aldrig\n        regel: FREQ=WEEKLY;INTERVAL=0;BYDAY=MO\n      - navn: Altid\n        regel: FREQ=WEEKLY;COUNT=1000000000;BYDAY=MO\n      - navn: Måned\n        regel: FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=1\n      - navn: Sjette\n        regel: 6. torsdag i måneden\n      - navn: Halv\n        fra: 2026-10-06\n";
    let (w, d) = wheel(src);
    let w = w.unwrap();
    assert_eq!(
        placed(src, &d),
        [
            ("aarshjul::year".to_string(), "99999".to_string()),
            ("aarshjul::invalid-date".into(), "2026-02-31".into()),
            ("aarshjul::invalid-date".into(), "13.13.2026".into()),
            ("aarshjul::range-order".into(), "2026-10-05".into()),
            ("aarshjul::impossible-rule".into(), "32. juni".into()),
            ("aarshjul::impossible-rule".into(), "uge 54".into()),
            ("aarshjul::impossible-rule".into(), "INTERVAL=0".into()),
            (
                "aarshjul::impossible-rule".into(),
                "COUNT=1000000000".into()
            ),
            ("aarshjul::impossible-rule".into(), "BYMONTH=13".into()),
            ("aarshjul::impossible-rule".into(), "6. torsdag".into()),
            ("aarshjul::no-date".into(), "Halv".into()),
        ]
    );
    assert!(
        d[1].message.contains("februar 2026 has 28 days"),
        "{}",
        d[1].message
    );
    assert!(
        d[2].message.contains("there is no month 13"),
        "{}",
        d[2].message
    );
    // The year falls back to the current one; only the seminar (swapped) is on the wheel.
    assert_eq!(w.first, date(2026, 1, 1));
    let names: Vec<&str> = w.rings[0].events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Seminar"]);
}

#[test]
fn every_expansion_is_bounded() {
    let from = Date::MIN;
    let to = Date::MAX;
    let weekly = parse_rule("hver mandag").unwrap();
    let start = Instant::now();
    let all = weekly.expand(from, to);
    assert_eq!(all.len(), MAX_OCCURRENCES);
    // An anchor far from the period is reached in one step, not week by week.
    let far = Rule::Weekly {
        interval: 1,
        weekday: Weekday::Monday,
        anchor: Some(date(9999, 12, 27)),
    };
    for k in 0..1_000i32 {
        let d = date(-9999, 1, 1 + i8::try_from(k % 28).unwrap());
        assert_eq!(far.matches(d), d.weekday() == Weekday::Monday, "{d}");
    }
    let monthly = parse_rule("1. torsdag i måneden").unwrap();
    assert_eq!(monthly.expand(from, to).len(), MAX_OCCURRENCES);
    assert!(start.elapsed() < LINEAR, "{:?}", start.elapsed());
    // Every other week from an anchor: the days keep their rhythm across the period.
    let fortnight = Rule::Weekly {
        interval: 2,
        weekday: Weekday::Monday,
        anchor: Some(date(2026, 3, 23)),
    };
    let days: Vec<String> = fortnight
        .expand(date(2026, 1, 1), date(2026, 2, 28))
        .iter()
        .map(|o| o.start.to_string())
        .collect();
    assert_eq!(
        days,
        ["2026-01-12", "2026-01-26", "2026-02-09", "2026-02-23"]
    );
}

// --- Found by fuzzing -----------------------------------------------------------------------

/// Every span the reader keeps or reports lies inside its file, on character boundaries.
fn spans_inside(r: &Repository, diags: &[Diagnostic]) {
    let check = |s: forvalt_diag::Span| {
        let Some(f) = r.sources.get(s.file) else {
            return;
        };
        let (a, b) = (s.start as usize, s.end as usize);
        assert!(
            a <= b && b <= f.text.len(),
            "{s:?} in {} of {}",
            f.path,
            f.text.len()
        );
        assert!(
            f.text.is_char_boundary(a) && f.text.is_char_boundary(b),
            "{s:?}"
        );
    };
    for d in diags {
        d.span
            .into_iter()
            .chain(d.labels.iter().map(|l| l.span))
            .chain(d.suggestions.iter().map(|s| s.span))
            .for_each(check);
    }
    for m in &r.records.meetings {
        for i in &m.agenda {
            check(i.span);
            i.links.iter().for_each(|l| check(l.span));
        }
        m.participants
            .iter()
            .chain(&m.apologies)
            .for_each(|a| check(a.span));
    }
}

#[test]
fn an_agenda_ending_in_a_bare_dash_stays_inside_the_file() {
    // The file ends in `-` without a line break: the empty item's place is its end.
    let (r, diags) = repo(&[(
        "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md",
        "# Styregruppemøde 04.06.2026\n\n## Dagsorden\n\n- 2.1 Status\n-".to_string(),
    )]);
    let m = &r.records.meetings[0];
    assert_eq!(m.agenda.len(), 2);
    assert_eq!(
        m.agenda[1].span.start as usize,
        r.sources.get(m.agenda[1].span.file).unwrap().text.len()
    );
    spans_inside(&r, &diags);
}
