//! A generated governance repository of `n` records: half decisions in the metadata forms
//! authors use, half meetings of two bodies with agendas, minutes, actions, links to the
//! decisions they treat and prose mentions of earlier meetings. Deterministic.

use std::fmt::Write as _;

const TOPICS: [&str; 8] = [
    "Ny model for kørselsgodkendelse",
    "Udfasning af den gamle rutemotor",
    "Fælles testmiljø for kommunerne",
    "Tilgængelighed i forældreportalen",
    "Prioritering af ændringsønsker",
    "Aftale om drift og hosting",
    "Eksport til vognmændenes systemer",
    "Budget for det kommende år",
];
const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// The day `i` days after 1 January 2020 as (year, month, day), proleptic Gregorian.
fn day(i: usize) -> (i32, u32, u32) {
    let mut z = 737_730 + i as i64; // days from 0000-03-01 to 2020-01-01
    let era = z.div_euclid(146_097);
    z -= era * 146_097;
    let yoe = (z - z / 1460 + z / 36_524 - z / 146_096) / 365;
    let doy = z - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400) as i32 + i32::from(m <= 2);
    (y, m, d)
}

fn decision(i: usize, meeting_of: Option<(usize, &str)>) -> String {
    let (y, m, d) = day(i);
    let topic = TOPICS[i % TOPICS.len()];
    let (prefix, kind) = match i % 3 {
        0 => ("[SDR]", "Strategisk"),
        1 => ("[ODR]", "Operationel"),
        _ => ("[ADR] ", "Arkitektur"),
    };
    let status = match i % 5 {
        0 => "Forslag".to_string(),
        1 => "Accepteret".to_string(),
        2 => format!("Besluttet. (pr mail, modtaget {d}.{m}.{y})"),
        3 => {
            // Decided at the meeting the next day.
            let (my, mm, md) = day(i + 1);
            let body = if (i + 1) % 4 == 1 {
                "styregruppe"
            } else {
                "koordinationsgruppe"
            };
            format!(
                "Godkendt på {body}mødet den {md}. {} {my}.",
                MONTHS[mm as usize - 1]
            )
        }
        _ => "Afvist".to_string(),
    };
    let mut t = String::new();
    let _ = writeln!(t, "# {prefix}{topic} ({i})\n");
    match i % 4 {
        0 => {
            let _ = writeln!(t, "- **Dato**: {y}-{m:02}-{d:02}");
            let _ = writeln!(t, "- **Status**: {status}  ");
            let _ = writeln!(t, "- **Beslutningstagere**: Styregruppen");
            let _ = writeln!(t, "- **Beslutningstype**: {kind}\n");
        }
        1 => {
            let _ = writeln!(t, "## Metadata:\n");
            let _ = writeln!(t, "- **Dato:** {y}-{m:02}-{d:02}");
            let _ = writeln!(t, "- **Status:** {status}");
            let _ = writeln!(t, "- **Beslutningstagere:** Koordinationsgruppen");
            let _ = writeln!(t, "- **Beslutningstype:** [{kind}]\n");
        }
        2 => {
            let _ = writeln!(t, "- Dato: {y}-{m:02}-{d:02}");
            let _ = writeln!(t, "- Status: {status}");
            let _ = writeln!(t, "- Beslutningstagere: Styregruppen, Koordinationsgruppen");
            let _ = writeln!(t, "- Beslutningstype: {kind}\n");
        }
        _ => {
            let _ = writeln!(t, "## Beskrivelse af beslutningen\n");
            let _ = writeln!(t, "- **Dato**: {y}-{m:02}-{d:02}");
            let _ = writeln!(t, "- **Status**: {status}");
            let _ = writeln!(t, "- **Beslutningstagere**: Styregruppen");
            let _ = writeln!(t, "- **Beslutningstype**: {kind}\n");
        }
    }
    let _ = writeln!(
        t,
        "## Beskrivelse\n\nStyregruppen beslutter, at {} gennemføres i løbet af det næste halve år, og at produktkoordinatoren følger op på fremdriften.\n",
        topic.to_lowercase()
    );
    let _ = writeln!(
        t,
        "## Kontekst/Årsag\n\nKommunerne har i flere møder peget på behovet. Koordinationsgruppen har vurderet løsningen og anbefaler den.\n"
    );
    let _ = writeln!(
        t,
        "## Konsekvenser\n\n### Positive\n\n- Mindre manuelt arbejde i kommunerne\n- Bedre overblik for forældre og skoler\n\n### Negative\n\n- En engangsudgift til udvikling\n\n### Neutral\n\n- Ingen ændring af kontingentet\n"
    );
    if let Some((j, body)) = meeting_of {
        let (my, mm, md) = day(j);
        let _ = writeln!(
            t,
            "## Yderligere information\n\nDrøftet på {body}mødet den {md}. {} {my}.\n",
            MONTHS[mm as usize - 1]
        );
    }
    if i >= 8 && i.is_multiple_of(8) {
        let _ = writeln!(
            t,
            "Erstatter [den tidligere beslutning]({}).\n",
            decision_name(i - 8)
        );
    }
    t
}

fn decision_name(i: usize) -> String {
    let (y, m, d) = day(i);
    format!("{y}-{m:02}-{d:02}-beslutning-{i}.md")
}

fn meeting(i: usize, body: &str, decision: Option<usize>) -> String {
    let (y, m, d) = day(i);
    let title = if body == "styregruppe" {
        "Styregruppemøde"
    } else {
        "Koordinationsgruppemøde"
    };
    let mut t = String::new();
    let _ = writeln!(
        t,
        "## Dagsorden og referat\n\n# {title} {d:02}.{m:02}.{y}\n"
    );
    let _ = writeln!(
        t,
        "**Status**\n- [x] Referat klar til godkendelse\n- [{}] Referat godkendt\n",
        if i.is_multiple_of(3) { " " } else { "x" }
    );
    let _ = writeln!(
        t,
        "**Tid**: {d:02}.{m:02}.{y}  kl. 13 - 14.30\n\n**Sted**: Virtuel\n"
    );
    let _ = writeln!(
        t,
        "#### Deltagere:\n- [x] Henrik Vestergaard Mølgaard (Formand, Vejle Kommune)\n- [{}] Birgitte Skov Rasmussen (Aarhus Kommune)\n- [x] Mette Kjærgaard Lund (Produkt Owner)\n- [x] Jonas Brix Holm (produktkoordinator)\n",
        if i.is_multiple_of(2) { "x" } else { " " }
    );
    let _ = writeln!(t, "#### Afbud:\n- [ ] \n");
    let _ = writeln!(
        t,
        "#### Faciliteret af:\n- [x] Henrik Vestergaard Mølgaard (Mødeleder)\n- [x] Jonas Brix Holm (Referent)\n"
    );
    let _ = writeln!(
        t,
        "## Dagsorden\n\n#### 1. Formalia\n- 1.1 Godkendelse af dagsorden"
    );
    if i >= 8 {
        let (py, pm, pd) = day(i - 8);
        let _ = writeln!(
            t,
            "- 1.2 Godkendelse af referat fra {}t den {pd}. {} {py}",
            title.to_lowercase(),
            MONTHS[pm as usize - 1]
        );
    }
    let _ = writeln!(t, "\n#### 2. Temaer for dagens møde");
    let _ = writeln!(t, "- 2.1 Status på roadmap (Mette)");
    if let Some(j) = decision {
        let _ = writeln!(
            t,
            "- 2.2 Beslutningsforslag: {} (Jonas)\n  - [Beslutningen](../../beslutninger/{})",
            TOPICS[j % TOPICS.len()],
            decision_name(j)
        );
    }
    let _ = writeln!(
        t,
        "\n#### 3. Eventuelt\n\n## Referat\n\n> - 2.1 Status på roadmap (Mette)\n"
    );
    let _ = writeln!(
        t,
        "Mette gennemgik roadmap. Det blev besluttet at udskyde punktet om testmiljøet til næste møde.\n"
    );
    let _ = writeln!(
        t,
        "### Opgaver\n- [ ] Jonas opdaterer beslutningsloggen senest {d:02}.{m:02}.{y}\n- [x] Mette sender referatet til styregruppen\n"
    );
    t
}

/// The files of a repository of `n` records (paths relative to its root).
pub(crate) fn generate(n: usize) -> Vec<(String, String)> {
    let mut out = vec![(
        "_config.yml".to_string(),
        "title: OS2skolekørsel\nlang: da\n".to_string(),
    )];
    let half = n / 2;
    for k in 0..half {
        let i = 2 * k; // decisions on even days, meetings on odd days
        let meeting_of = (k % 2 == 1).then(|| {
            let j = i + 1;
            (
                j,
                if j % 4 == 1 {
                    "styregruppe"
                } else {
                    "koordinationsgruppe"
                },
            )
        });
        out.push((
            format!("beslutninger/{}", decision_name(i)),
            decision(i, meeting_of),
        ));
    }
    for k in 0..n - half {
        let i = 2 * k + 1;
        let body = if i % 4 == 1 {
            "styregruppe"
        } else {
            "koordinationsgruppe"
        };
        let (y, m, d) = day(i);
        let name = if body == "styregruppe" {
            format!("{y}{m:02}{d:02}_OS2skolekoerselStyregruppe.md")
        } else {
            format!("{y}{m:02}{d:02}_OS2skolekoerselKoordinationsgruppe.md")
        };
        let decision = (i > 0 && k < half).then_some(i - 1);
        out.push((
            format!("dagsordner-og-referater/{body}/{name}"),
            meeting(i, body, decision),
        ));
    }
    out
}
