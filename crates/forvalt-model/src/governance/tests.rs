use super::*;
use proptest::prelude::*;

fn req(id: &str, level: Level, answer: Answer) -> Requirement {
    Requirement {
        id: id.into(),
        category: Category::of(id),
        text: String::new(),
        level: Some(level),
        level_text: level.name().into(),
        recommendation: false,
        answer,
        answer_text: String::new(),
        guidelines: String::new(),
        evidence: String::new(),
        evidence_column: true,
        links: Vec::new(),
        span: (0, 0),
        id_span: (0, 0),
        level_span: (0, 0),
        answer_span: (0, 0),
    }
}

#[test]
fn levels_are_read_as_reports_write_them() {
    assert_eq!(Level::parse("Sandkasse"), Some(Level::Sandkasse));
    assert_eq!(Level::parse(" 0 "), Some(Level::Sandkasse));
    assert_eq!(Level::parse("niveau 2"), Some(Level::Two));
    assert_eq!(Level::parse("**3**"), Some(Level::Three));
    assert_eq!(Level::parse("niveau x"), None);
    assert_eq!(Level::parse(""), None);
    assert_eq!(Level::Three.next(), None);
}

#[test]
fn a_level_needs_every_requirement_below_it() {
    let rs = vec![
        req("R1", Level::Sandkasse, Answer::Yes),
        req("F1", Level::One, Answer::NotRelevant),
        req("F2", Level::One, Answer::Yes),
        req("G1", Level::Two, Answer::No),
        req("G2", Level::Two, Answer::Unsure),
        req("S1", Level::Three, Answer::Yes),
    ];
    let r = reached(&rs);
    assert_eq!(r.level, Some(Level::One));
    assert_eq!(r.next, Some(Level::Two));
    assert_eq!(r.blocking, vec![3, 4]);
    // A recommendation never blocks.
    let mut rs = rs;
    rs[3].recommendation = true;
    rs[4].answer = Answer::Yes;
    let r = reached(&rs);
    assert_eq!((r.level, r.next), (Some(Level::Three), None));
    assert!(r.blocking.is_empty());
    // A level the report says nothing about is not reached.
    let r = reached(&rs[..3]);
    assert_eq!((r.level, r.next), (Some(Level::One), Some(Level::Two)));
    // Nothing met at sandkasse: no level, sandkasse is next.
    let r = reached(&[req("R1", Level::Sandkasse, Answer::Unanswered)]);
    assert_eq!(
        (r.level, r.next, r.blocking),
        (None, Some(Level::Sandkasse), vec![0])
    );
}

fn answers() -> impl Strategy<Value = Answer> {
    prop::sample::select(vec![
        Answer::Yes,
        Answer::No,
        Answer::NotRelevant,
        Answer::Unsure,
        Answer::Unanswered,
        Answer::Green,
        Answer::Yellow,
        Answer::Red,
        Answer::Unassessed,
        Answer::Grey,
    ])
}

fn requirements() -> impl Strategy<Value = Vec<Requirement>> {
    prop::collection::vec(
        (0usize..5, any::<bool>(), answers()).prop_map(|(l, rec, answer)| {
            let mut r = req("F1", Level::Sandkasse, answer);
            r.level = Level::ALL.get(l).copied();
            r.recommendation = rec;
            r
        }),
        0..60,
    )
}

proptest! {
    /// The computed level is exactly the highest level whose requirements, and every level's
    /// below, are met; the blocking ones are exactly the unmet binding ones of the next.
    #[test]
    fn the_level_rule(rs in requirements()) {
        let binding = |r: &Requirement, l: Level| r.level == Some(l) && !r.recommendation;
        let level_met = |l: Level| {
            rs.iter().any(|r| binding(r, l))
                && rs.iter().filter(|r| binding(r, l)).all(|r| r.answer.meets())
        };
        let got = reached(&rs);
        for l in Level::ALL {
            let all_met = Level::ALL.iter().filter(|k| **k <= l).all(|k| level_met(*k));
            prop_assert_eq!(got.level.is_some_and(|g| g >= l), all_met);
        }
        for &i in &got.blocking {
            prop_assert!(!rs[i].answer.meets() && !rs[i].recommendation);
            prop_assert_eq!(rs[i].level, got.next);
        }
        if let Some(next) = got.next {
            let unmet = rs.iter().filter(|r| binding(r, next) && !r.answer.meets()).count();
            prop_assert_eq!(got.blocking.len(), unmet);
        }
        // Answering a blocking requirement never lowers the level; answering everything
        // reaches the highest level every level up to has requirements for.
        let mut all = rs.clone();
        for r in &mut all { r.answer = Answer::Yes; }
        let listed = Level::ALL.iter().take_while(|l| rs.iter().any(|r| binding(r, **l))).last().copied();
        prop_assert_eq!(reached(&all).level, listed);
        let mut more = rs.clone();
        if let Some(&i) = got.blocking.first() {
            more[i].answer = Answer::Yes;
            prop_assert!(reached(&more).level >= got.level);
        }
    }
}

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/governance")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn ids(r: &Report) -> Vec<(&str, Option<Level>, Answer)> {
    r.requirements
        .iter()
        .map(|q| (q.id.as_str(), q.level, q.answer))
        .collect()
}

#[test]
fn the_report_template_is_read_row_for_row() {
    let md = fixture("skabelon.md");
    let r = read_markdown(&md).expect("a report");
    assert_eq!(r.form, Form::Template);
    assert_eq!(r.product.as_deref(), Some("OS2skolekørsel"));
    assert_eq!(r.template_version.as_deref(), Some("1.1.0"));
    assert_eq!(r.date.as_deref(), Some("2026-05-12"));
    assert_eq!(r.filled_by.as_deref(), Some("Mette Lund, Aarhus Kommune"));
    use Answer::*;
    use Level::*;
    assert_eq!(
        ids(&r),
        vec![
            ("R1", Some(Sandkasse), Yes),
            ("R2", Some(Two), No),
            ("R3", Some(Two), Yes),
            ("F1", Some(Sandkasse), Yes),
            ("F2", Some(Sandkasse), Yes),
            ("F4", Some(Sandkasse), NotRelevant),
            ("F3", Some(Sandkasse), Yes),
            ("F5", Some(Sandkasse), Yes),
            ("F6", Some(One), Unsure),
            ("F19", Some(Two), Unanswered),
        ]
    );
    let f19 = &r.requirements[9];
    assert!(f19.recommendation && f19.category == Category::Formkrav);
    assert_eq!(
        r.requirements[0].links,
        vec!["https://github.com/os2skolekoersel/docs/evaluering.md"]
    );
    // Byte ranges point at the cells.
    let q = &r.requirements[1];
    assert_eq!(&md[q.id_span.0..q.id_span.1], "R2");
    assert_eq!(&md[q.answer_span.0..q.answer_span.1], "❌");
    assert_eq!(&md[q.level_span.0..q.level_span.1], "2");
    // F6 (level 1) is unsure: sandkasse is reached, F6 blocks level 1.
    let reached = r.reached();
    assert_eq!(reached.level, Some(Sandkasse));
    assert_eq!(reached.blocking, vec![8]);
}

#[test]
fn the_checkbox_and_glyph_tables_are_read() {
    let r = read_markdown(&fixture("tjekliste.md")).expect("a report");
    assert_eq!(r.form, Form::Checkbox);
    use Answer::*;
    use Level::*;
    assert_eq!(
        ids(&r),
        vec![
            ("R1", Some(Sandkasse), Yes),
            ("R2", Some(One), Yes),
            ("R3", Some(Two), No),
            ("F1", Some(Sandkasse), Yes),
            ("F19", Some(Two), No),
        ]
    );
    assert!(r.requirements[4].recommendation, "italic (anbefaling)");
    let claim = r.level_claimed.expect("claimed");
    assert_eq!((claim.level, claim.text.as_str()), (None, "x"));
    let g = read_markdown(&fixture("glyffer.md")).expect("a report");
    assert_eq!(g.form, Form::Glyph);
    assert_eq!(g.product.as_deref(), Some("OS2skolekørsel"));
    assert_eq!(
        ids(&g),
        vec![
            ("R1", Some(Sandkasse), Yes),
            ("R3", Some(Two), No),
            ("G1", Some(One), Yes),
            ("G3", Some(One), Yes),
        ]
    );
    let md = fixture("glyffer.md");
    let claim = g.level_claimed.clone().expect("claimed");
    assert_eq!(claim.level, Some(One));
    assert_eq!(&md[claim.span.0..claim.span.1], "1");
    assert_eq!(g.reached().level, Some(One));
}

#[test]
fn the_assessment_is_read_with_its_lights() {
    let r = read_markdown(&fixture("vurdering.md")).expect("a report");
    assert_eq!(r.form, Form::Assessment);
    assert_eq!(r.product.as_deref(), Some("OS2skolekørsel"));
    assert_eq!(r.template_version.as_deref(), Some("0.9"));
    assert_eq!(r.date.as_deref(), Some("05-09-2026"));
    assert_eq!(
        r.filled_by.as_deref(),
        Some("Jonas Krogh, OS2-sekretariatet")
    );
    use Answer::*;
    use Level::*;
    assert_eq!(
        ids(&r),
        vec![
            ("R1", Some(Sandkasse), Green),
            ("R2", Some(Two), Yellow),
            ("R4", Some(Three), Unassessed),
            ("G7", Some(Two), Grey),
            ("G8", Some(Two), Red),
        ]
    );
    assert_eq!(r.requirements[1].evidence, "Kun mundtlig opbakning");
    let json = serde_json::to_value(&r.requirements[3]).unwrap();
    assert_eq!(json["answer"], "unassessed");
}

#[test]
fn the_json_self_evaluation_is_read() {
    let v: serde_json::Value = serde_json::from_str(&fixture("selvevaluering.json")).unwrap();
    let r = read_json(&v).expect("a report");
    assert_eq!(r.form, Form::SelfEvaluation);
    assert_eq!(r.product.as_deref(), Some("OS2skolekørsel"));
    assert_eq!(r.date.as_deref(), Some("2026-05-12"));
    assert!(read_json(&serde_json::json!({"krav": [{"id": "Æ1"}, {"id": "ø"}]})).is_none());
    use Answer::*;
    use Level::*;
    assert_eq!(
        ids(&r),
        vec![
            ("R1", Some(Sandkasse), Yes),
            ("F1", Some(Sandkasse), Yes),
            ("F6", Some(One), No),
            ("F19", Some(Two), Unanswered),
            ("G1", Some(One), NotRelevant),
        ]
    );
    assert!(r.requirements[3].recommendation);
    assert_eq!(r.reached().level, Some(Sandkasse));
    assert!(read_json(&serde_json::json!({"krav": "nej"})).is_none());
    assert!(read_json(&serde_json::json!({"navn": 1})).is_none());
}

#[test]
fn other_tables_are_not_reports() {
    let md = "| # | Ønske | Score |\n|---|---|---|\n| 1 | Nyt login | 12 |\n\n| # | Niveau |\n|---|---|\n| A | 2 |\n";
    assert!(read_markdown(md).is_none());
    // A risk register with ids like R1 and a Niveau column, but no answers.
    let risks = "| Nr. | Risiko | Konsekvens | Niveau |\n|---|---|---|---|\n| R1 | Leverandøren lukker | Stor | Høj |\n";
    assert!(read_markdown(risks).is_none());
}

proptest! {
    /// Any text reads without panicking, and every byte range lies on character boundaries
    /// inside it.
    #[test]
    fn any_text_reads(s in "(\\PC|[|#\\n ✅❌🟢☑︎]){0,400}") {
        let text = format!("| 🔽 | # | Krav | Produktniveau |\n|---|---|---|---|\n{s}\n| ✅ | F1 | x | 1 |\n");
        if let Some(r) = read_markdown(&text) {
            for q in &r.requirements {
                for (a, b) in [q.span, q.id_span, q.level_span, q.answer_span] {
                    prop_assert!(a <= b && b <= text.len());
                    prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                }
            }
            if let Some(c) = &r.level_claimed {
                prop_assert!(text.is_char_boundary(c.span.0) && text.is_char_boundary(c.span.1));
            }
        }
        let claimed = format!("İİ klassificeret som et niveau {s}");
        if let Some(c) = read_markdown(&format!("{claimed}\n{text}")).and_then(|r| r.level_claimed) {
            prop_assert!(c.span.1 <= claimed.len() + 1 + text.len());
        }
    }
}

#[test]
fn any_form_becomes_the_json_self_evaluation() {
    let r = read_markdown(&fixture("vurdering.md")).unwrap();
    let v = self_evaluation(&r, "2026-11-23T00:00:00.000Z");
    assert_eq!(v["productName"], "OS2skolekørsel");
    assert_eq!(v["filledDate"], "2026-09-05");
    assert_eq!(v["filledBy"], "Jonas Krogh, OS2-sekretariatet");
    let krav = v["krav"].as_array().unwrap();
    let got: Vec<(&str, &str, serde_json::Value)> = krav
        .iter()
        .map(|k| {
            (
                k["id"].as_str().unwrap(),
                k["produktniveau"].as_str().unwrap(),
                k["efterlevet"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("R1", "sandkasse", "Ja".into()),
            ("R2", "2", "Ved ikke".into()),
            ("R4", "3", serde_json::Value::Null),
            ("G7", "2", "Ikke relevant".into()),
            ("G8", "2", "Nej".into()),
        ]
    );
    assert_eq!(
        krav[0]["retningslinjer"],
        "Standard: en gevinst er beskrevet"
    );
    assert_eq!(krav[3]["kategori"], "governance");
    // Read back, the same answers and levels.
    let again = read_json(&v).unwrap();
    let levels = |r: &Report| {
        r.requirements
            .iter()
            .map(|q| (q.id.clone(), q.level))
            .collect::<Vec<_>>()
    };
    assert_eq!(levels(&again), levels(&r));
    assert_eq!(iso_date("28.08.2026"), "2026-08-28");
    assert_eq!(iso_date("[5-9-2025]"), "2025-09-05");
    assert_eq!(iso_date("snart"), "snart");
}

#[test]
fn json_answers_are_located_whatever_the_keys_order() {
    use crate::files::MemoryFiles;
    let text = "{\"id\": \"rapport-7\", \"krav\": [\n {\"dokumentation\": \"\", \"efterlevet\": \"Nej\", \"id\": \"R1\", \"produktniveau\": \"sandkasse\"},\n {\"efterlevet\": \"Ja\", \"id\": \"F1\", \"produktniveau\": \"sandkasse\"}\n]}";
    let mut files = MemoryFiles::new();
    files.insert("dokumenter/selvevaluering.json", text);
    let list = vec![crate::files::FileEntry {
        path: "dokumenter/selvevaluering.json".into(),
        modified: None,
        size: None,
    }];
    let mut sources = forvalt_diag::Sources::default();
    let found = in_json(
        &files,
        &list,
        ".github/issues.json",
        &mut sources,
        &mut Vec::new(),
    );
    let r = &found[0].report;
    let at = |s: (usize, usize)| &text[s.0..s.1];
    assert_eq!(at(r.requirements[0].answer_span), "Nej");
    assert_eq!(at(r.requirements[0].level_span), "sandkasse");
    assert_eq!(at(r.requirements[1].answer_span), "Ja");
    assert_eq!(at(r.requirements[1].id_span), "F1");
}

#[test]
fn two_reports_on_one_page_are_read_as_two() {
    let page = "# Governancerapport for OS2test\n\n**Dato for udfyldelse:** 2026-05-04\n\n## RELEVANS\n\n| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| ✅ | R1 | Værdi | Notat | sandkasse | |\n| ✅ | F1 | Åben kode | GitHub | sandkasse | |\n\n---\n\n## Governancerapport 2025\n\nOS2test er klassificeret som et niveau 2 produkt.\n\n### RELEVANS\n\n| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| ❌ | R1 | Værdi | | sandkasse | |\n";
    let all = read_markdown_all(page);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].0, 0);
    assert_eq!(all[0].1.product.as_deref(), Some("OS2test"));
    assert_eq!(all[0].1.requirements.len(), 2);
    assert!(
        all[0].1.level_claimed.is_none(),
        "the older report's claim is its own"
    );
    assert!(page[all[1].0..].starts_with("## Governancerapport 2025"));
    assert_eq!(all[1].1.requirements[0].answer, Answer::No);
    assert_eq!(
        all[1].1.level_claimed.as_ref().and_then(|c| c.level),
        Some(Level::Two)
    );
    // Spans are relative to each report's start.
    let (at, second) = &all[1];
    let (a, b) = second.requirements[0].answer_span;
    assert_eq!(&page[at + a..at + b], "❌");
    // One report split over tables, and a table that repeats an id mid-report, stay one.
    let one = "| ✅ | R1 | x | 0 |\n";
    let table = |rows: &str| format!("|  | # | Krav | Niveau |\n|---|---|---|---|\n{rows}\n");
    let text = format!(
        "{}## Opsummering\n\n{}",
        table(&format!("{one}| ✅ | F2 | y | 0 |\n")),
        table("| ✅ | F2 | y | 0 |\n")
    );
    assert_eq!(read_markdown_all(&text).len(), 1);
}

#[test]
fn counts_after_escaped_pipes_point_at_their_numbers() {
    let md = "| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |\n|---|---|---|---|---|---|\n| R1 | Sandkasse | Værdi | Standard | 🟢 | Notat |\n\n| Tema / Niveau | Sandkasse | Total |\n|---|---|---|\n| Relevans | a \\| b 🟢 7 | 🟢 1 |\n";
    let r = read_markdown(md).unwrap();
    let seven = r.written_counts.iter().find(|c| c.written == 7).unwrap();
    assert_eq!(&md[seven.span.0..seven.span.1], "7");
}

proptest! {
    /// Every report of a page, and every range in it, lies inside the page on character
    /// boundaries; the reports come in order and do not overlap.
    #[test]
    fn any_page_reads_as_reports(s in "([^`~\\p{C}]|[|#\\n ✅❌🟢☑︎R1]){0,300}") {
        let table = "| 🔽 | # | Krav | Produktniveau |\n|---|---|---|---|\n| ✅ | R1 | x | 1 |\n";
        let text = format!("{table}\n{s}\n# Governancerapport\n\n{table}\n{s}");
        let all = read_markdown_all(&text);
        let mut last = 0;
        for (at, r) in &all {
            prop_assert!(*at >= last && text.is_char_boundary(*at));
            last = *at;
            let spans = r.requirements.iter().flat_map(|q| [q.span, q.id_span, q.level_span, q.answer_span])
                .chain(r.written_counts.iter().map(|c| c.span));
            for (a, b) in spans {
                prop_assert!(a <= b && at + b <= text.len());
                prop_assert!(text.is_char_boundary(at + a) && text.is_char_boundary(at + b));
            }
        }
        prop_assert!(all.len() >= 2);
    }
}

#[test]
fn a_reports_own_count_tables_and_follow_up_tables_stay_with_it() {
    let rows = |light: &str| {
        format!(
            "| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |\n|---|---|---|---|---|---|\n| R1 | Sandkasse | Værdi | Standard: notat | {light} | Notat |\n"
        )
    };
    let counts = "| Niveau | 🟢 Grøn | 🟡 Gul | 🔴 Rød | I alt |\n|---|--:|--:|--:|--:|\n| Sandkasse | 1 | 0 | 0 | 1 |\n";
    let page = format!(
        "# Evaluering af OS2-produkt: OS2test\n\n{}\n## Optælling\n\n{counts}\nProduktet placeres på produktniveau 1.\n\n## Evaluering 2025\n\n{}",
        rows("🟢"),
        rows("🔴")
    );
    let all = read_markdown_all(&page);
    assert_eq!(all.len(), 2);
    assert!(page[all[1].0..].starts_with("## Evaluering 2025"));
    assert_eq!(
        all[0].1.written_counts.len(),
        3,
        "the count table is the first report's"
    );
    assert!(all[1].1.written_counts.is_empty());
    assert!(all[0].1.level_claimed.is_some() && all[1].1.level_claimed.is_none());
    // A follow-up table under a heading that is no report's title stays in the report.
    let page = format!(
        "# Evaluering af OS2-produkt: OS2test\n\n{}\n## Samlet vurdering\n\n{}",
        rows("🟢"),
        rows("🟡")
    );
    assert_eq!(read_markdown_all(&page).len(), 1);
}
