//! Every rule of forvalt-check on small repositories of our own: each one reports what it
//! should (positive) and stays quiet on correct text (negative).

use forvalt_check::{Dictionary, Options, check};
use forvalt_diag::Diagnostic;
use forvalt_model::{LoadOptions, MemoryFiles, Repository, load};

const NOW: i64 = 1_795_392_000_000; // 2026-11-23

fn repo(files: &[(&str, &str)]) -> (Repository, Vec<Diagnostic>) {
    let mut f = MemoryFiles::new();
    for (p, t) in files {
        f.insert(*p, t.as_bytes().to_vec());
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

/// (code, path, line) of every finding of `family`.
fn findings(files: &[(&str, &str)], family: &str) -> Vec<(String, String, usize)> {
    findings_with(files, family, None)
}

fn findings_with(
    files: &[(&str, &str)],
    family: &str,
    dict: Option<&Dictionary>,
) -> Vec<(String, String, usize)> {
    let (r, loaded) = repo(files);
    let out = check(
        &r,
        loaded,
        &Options {
            dictionary: dict,
            ..Options::default()
        },
    );
    out.diagnostics
        .iter()
        .filter(|d| d.code.starts_with(family))
        .map(|d| {
            let l = d.span.and_then(|s| r.sources.location(s));
            (
                d.code.to_string(),
                l.as_ref().map(|l| l.path.clone()).unwrap_or_default(),
                l.map_or(0, |l| l.line),
            )
        })
        .collect()
}

fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n\n{body}")
}

fn f(code: &str, path: &str, line: usize) -> (String, String, usize) {
    (code.to_string(), path.to_string(), line)
}

#[test]
fn childless_pages() {
    let parent = page("Møder", "has_children: true\n", "# Møder\n");
    let lonely = page("Roadmaps", "has_children: true\n", "# Roadmaps\n");
    let child = page("Mødekalender", "parent: Møder\n", "# Kalender\n");
    assert_eq!(
        findings(
            &[
                ("moeder.md", &parent),
                ("roadmaps.md", &lonely),
                ("kalender.md", &child)
            ],
            "nav::childless"
        ),
        [f("nav::childless", "roadmaps.md", 3)]
    );
}

#[test]
fn duplicate_titles_and_orders_among_siblings() {
    let a = page("Referat skabelon", "parent: Skabeloner\nnav_order: 2\n", "");
    let b = page("Referat skabelon", "parent: Skabeloner\nnav_order: 2\n", "");
    let c = page("Beslutning", "parent: Skabeloner\nnav_order: 3\n", "");
    let top = page("Skabeloner", "has_children: true\n", "");
    // The same title under different parents is fine.
    let other_top = page("Arkiv", "has_children: true\n", "");
    let d = page("Beslutning", "parent: Arkiv\nnav_order: 3\n", "");
    let got = findings(
        &[
            ("s/a.md", &a),
            ("s/b.md", &b),
            ("s/c.md", &c),
            ("s/index.md", &top),
            ("arkiv/index.md", &other_top),
            ("arkiv/d.md", &d),
        ],
        "nav::duplicate",
    );
    assert_eq!(
        got,
        [
            f("nav::duplicate-title", "s/b.md", 2),
            f("nav::duplicate-nav-order", "s/b.md", 4)
        ]
    );
}

#[test]
fn links_to_files_anchors_and_the_own_site() {
    let config = "title: Test\nurl: https://os2.github.io\nbaseurl: /produkt\n";
    let a = page(
        "A",
        "",
        "# Om produktet\n\n## Økonomi og budget\n\n\
         [ok](b.md) [ok](b.md#plan-2027) [ok](#økonomi-og-budget) [ok](billede.png)\n\
         [ok](https://os2.github.io/produkt/b.html) [ok](https://example.org/x)\n\
         [mangler](c.md) [anker](b.md#ingen) [selv](#ingen-her)\n\
         [gammel](https://os2.github.io/produkt/gammel.html)\n\
         ![](billede.png) ![Kort](billede.png)\n\
         `[kode](findes-ikke.md)`\n",
    );
    let b = page("B", "", "# B\n\n## Plan 2027\n");
    let got = findings(
        &[
            ("_config.yml", config),
            ("a.md", &a),
            ("b.md", &b),
            ("billede.png", "png"),
        ],
        "links::",
    );
    assert_eq!(
        got,
        [
            f("links::missing-file", "a.md", 11),
            f("links::missing-anchor", "a.md", 11),
            f("links::missing-anchor", "a.md", 11),
            f("links::own-site", "a.md", 12),
            f("links::image-alt", "a.md", 13),
        ]
    );
}

#[test]
fn a_moved_file_is_suggested() {
    let a = page("A", "", "[plan](plan.md)\n");
    let (r, loaded) = repo(&[("docs/a.md", &a), ("docs/roadmaps/plan.md", "# Plan\n")]);
    let out = check(&r, loaded, &Options::default());
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.code == "links::missing-file")
        .unwrap();
    assert_eq!(d.suggestions[0].replacement, "roadmaps/plan.md");
}

#[test]
fn byte_order_marks_and_line_endings() {
    let bom = "\u{feff}# Med BOM\n";
    let mixed = "# Blandet\r\nlinje 2\r\nlinje 3\n";
    let crlf = "# Kun CRLF\r\nlinje 2\r\n";
    assert_eq!(
        findings(
            &[
                ("bom.md", bom),
                ("mixed.md", mixed),
                ("crlf.md", crlf),
                ("lf.md", "# LF\n")
            ],
            "encoding::"
        ),
        [
            f("encoding::bom", "bom.md", 1),
            f("encoding::mixed-line-endings", "mixed.md", 3)
        ]
    );
}

#[test]
fn control_characters_old_mac_files_and_windows_1252_lines() {
    let mut files = MemoryFiles::new();
    files.insert(
        "nul.md",
        b"---\ntitle: Referat\x00\x07\n---\n\n# M\xC3\xB8de\x1B\n".to_vec(),
    );
    files.insert("mac.md", b"---\rtitle: Gammel Mac\r---\r\r# Hej\r".to_vec());
    files.insert(
        "latin1.md",
        b"---\ntitle: M\xC3\xB8de\n---\n\nReferat fra m\xF8det\n\xC3\x85rhus\n".to_vec(),
    );
    let (r, loaded) = load(
        &files,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let title = |path: &str| {
        r.pages
            .iter()
            .find(|p| p.path == path)
            .map(|p| p.title.clone())
    };
    // The title has no NUL, the old Mac file's front matter is read, and only the
    // Windows-1252 line is read as Windows-1252.
    assert_eq!(title("nul.md").as_deref(), Some("Referat"));
    assert_eq!(title("mac.md").as_deref(), Some("Gammel Mac"));
    assert_eq!(title("latin1.md").as_deref(), Some("Møde"));
    let text = |path: &str| {
        r.sources
            .iter()
            .find(|(_, f)| f.path == path)
            .map(|(_, f)| f.text.clone())
            .unwrap()
    };
    assert!(text("latin1.md").ends_with("Referat fra mødet\nÅrhus\n"));
    assert!(!text("nul.md").contains(['\0', '\u{7}', '\u{1B}']));

    let out = check(&r, loaded, &Options::default());
    let got: Vec<(String, String, usize)> = out
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("encoding::"))
        .map(|d| {
            let l = r.sources.location(d.span.unwrap()).unwrap();
            (d.code.to_string(), l.path, l.line)
        })
        .collect();
    assert_eq!(
        got,
        [
            f("encoding::not-utf8", "latin1.md", 5),
            f("encoding::cr-line-endings", "mac.md", 1),
            f("encoding::control-character", "nul.md", 2),
        ]
    );
}

#[test]
fn config_values_are_checked_where_they_are_written() {
    let config = "title: T\ntimezone: Mars/Olympus\nexclude: 42\nlang: 5\nforvalt:\n  check:\n    rules:\n      nav: sometimes\n";
    let (r, _) = repo(&[("_config.yml", config), ("a.md", &page("A", "", "Tekst\n"))]);
    assert_eq!(r.time_zone.iana_name(), Some("Europe/Copenhagen"));
    let mut got = findings(
        &[("_config.yml", config), ("a.md", &page("A", "", "Tekst\n"))],
        "config::",
    );
    got.sort();
    assert_eq!(
        got,
        [
            f("config::check", "_config.yml", 8),
            f("config::invalid-value", "_config.yml", 2),
            f("config::invalid-value", "_config.yml", 3),
            f("config::invalid-value", "_config.yml", 4),
        ]
    );
}

#[test]
fn many_findings_ignore_comments_and_star_patterns_take_linear_time() {
    // 20,000 findings in one file, each on a line with an ignore comment for another
    // rule, and an ignore pattern whose stars a backtracking matcher would explore for
    // ever.
    let config =
        "title: T\nforvalt:\n  check:\n    ignore:\n      - \"**a**a**a**a**a**a**a**a**a**b\"\n";
    let body = "![](a.png) <!-- forvalt-ignore spelling -->\n".repeat(20_000);
    let path = format!("{}.md", "a".repeat(60));
    let started = std::time::Instant::now();
    let got = findings(
        &[
            ("_config.yml", config),
            (&path, &page("A", "", &body)),
            ("a.png", ""),
        ],
        "links::image-alt",
    );
    assert_eq!(got.len(), 20_000);
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn front_matter_keys_status_and_dates() {
    let pages = [
        (
            "a.md",
            page("A", "status: \"Udkast\"\ndate: \"01-10-2026\"\n", ""),
        ),
        (
            "b.md",
            page("B", "status: \"Udkast\"\ndate: \"02-10-2026\"\n", ""),
        ),
        (
            "c.md",
            page("C", "status: \"daft\"\ndate: \"2026-10-03\"\n", ""),
        ),
        (
            "d.md",
            page("D", "status: \"Udkast \"\ndate: \"31-02-2026\"\n", ""),
        ),
        (
            "e.md",
            page(
                "E",
                "status: \"måske\"\nnav_oder: 2\nansvarlig: Jonas\n",
                "",
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let got = findings(&files, "frontmatter::");
    assert_eq!(
        got,
        [
            f("frontmatter::status-spelling", "c.md", 3),
            f("frontmatter::date-format", "c.md", 4),
            f("frontmatter::trailing-space", "d.md", 3),
            f("frontmatter::invalid-date", "d.md", 4),
            f("frontmatter::unknown-status", "e.md", 3),
            f("frontmatter::unknown-key", "e.md", 4),
        ]
    );
}

#[test]
fn gantt_charts_are_checked_in_place() {
    let good = "# Plan\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Analyse :a1, 2026-01-05, 30d\n```\n";
    let bad = "# Plan\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Udvikling\n    Analyse :a1, 2026-02-30, 30d\n```\n";
    let got = findings(&[("good.md", good), ("bad.md", bad)], "gantt::");
    assert!(!got.is_empty());
    assert!(
        got.iter().all(|(_, p, l)| p == "bad.md" && *l == 7),
        "{got:?}"
    );
}

#[test]
fn levels_ignores_and_inline_comments() {
    let config = "title: T\nforvalt:\n  check:\n    rules:\n      links::image-alt: allow\n      nav: deny\n    ignore:\n      - \"arkiv/**\"\n";
    let a = page(
        "A",
        "has_children: true\n",
        "![](x.png)\n[x](mangler.md)\n<!-- forvalt-ignore links::missing-file -->\n[x](mangler.md)\n",
    );
    let old = page("Gammel", "", "[x](mangler.md)\n");
    let (r, loaded) = repo(&[
        ("_config.yml", config),
        ("a.md", &a),
        ("arkiv/gammel.md", &old),
        ("x.png", ""),
    ]);
    let out = check(&r, loaded, &Options::default());
    let got: Vec<(String, String)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.severity.as_str().to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("nav::childless".to_string(), "error".to_string()),
            ("links::missing-file".to_string(), "error".to_string()),
        ]
    );
    assert_eq!(out.suppressed, 3);
}

#[test]
fn safe_fixes_and_idempotence() {
    let pages = [
        (
            "a.md",
            page("A", "status: \"Udkast\"\ndate: \"01-10-2026\"\n", ""),
        ),
        (
            "dagsordner-og-referater/styregruppe/20261203_Styregruppe.md",
            "# Styregruppemøde 03.12.2026\n\n#### Deltagere:\n- [] Jonas Brix Holm\n".to_string(),
        ),
        (
            "b.md",
            page("B", "status: \"Udkast\"\ndate: \"02-10-2026\"\n", ""),
        ),
        (
            "c.md",
            page(
                "C",
                "status: \"daft \"\ndate: \"2026-10-03\"\n",
                "tekst\r\nmere\r\nslut\n",
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (r, loaded) = repo(&files);
    let out = check(&r, loaded, &Options::default());
    let fixes = forvalt_check::fix::fixes(&r, &out);
    let c = fixes.iter().find(|x| x.path == "c.md").unwrap();
    // The quoted status keeps its quotes; the date follows the other pages; the lines end
    // like most of the file's lines.
    assert_eq!(
        c.new,
        "---\ntitle: C\nstatus: \"Udkast\"\ndate: \"03-10-2026\"\n---\n\ntekst\nmere\nslut\n"
    );
    let m = fixes
        .iter()
        .find(|x| x.path.ends_with("_Styregruppe.md"))
        .unwrap();
    assert!(m.new.ends_with("- [ ] Jonas Brix Holm\n"), "{}", m.new);
    assert!(fixes.iter().all(|x| x.path != "a.md" && x.path != "b.md"));
    // Checking the fixed files again finds nothing more to fix.
    let fixed: Vec<(String, String)> = pages
        .iter()
        .map(|(p, t)| {
            let n = fixes
                .iter()
                .find(|x| x.path == *p)
                .map_or(t.clone(), |x| x.new.clone());
            (p.to_string(), n)
        })
        .collect();
    let files: Vec<(&str, &str)> = fixed
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (r2, loaded2) = repo(&files);
    let out2 = check(&r2, loaded2, &Options::default());
    assert_eq!(forvalt_check::fix::fixes(&r2, &out2), []);
}

/// The system's Danish dictionary; CI installs hunspell-da.
fn danish() -> Dictionary {
    let dic = "/usr/share/hunspell/da_DK.dic";
    let (Ok(aff), Ok(d)) = (
        std::fs::read_to_string("/usr/share/hunspell/da_DK.aff"),
        std::fs::read_to_string(dic),
    ) else {
        panic!(
            "the spelling tests need Debian's hunspell-da ({dic}); install it with `apt-get install hunspell-da`"
        );
    };
    Dictionary::new(&aff, &d).expect("a readable dictionary")
}

#[test]
fn spelling_reports_typos_not_names_or_english() {
    let mut dict = danish();
    dict.add_words("Nordvejen\n");
    let text = page(
        "Organisering",
        "",
        "Koordinationsgruppen mødes hver måned. Koordinationgruppen består af fire kommuner.\n\
         Sekretariasfunktionen ligger hos OS2. Oplærnig af nye brugere sker i marts.\n\
         Henrik Vestergaard Mølgaard leder mødet. Nordvejen leverer rutemotoren.\n\
         SDR betyder Strategic Decision Record. Se `Staus` i koden og https://os2.eu/Staus.\n",
    );
    let got = findings_with(&[("a.md", &text)], "spelling::", Some(&dict));
    assert_eq!(
        got,
        [
            f("spelling::typo", "a.md", 5),
            f("spelling::typo", "a.md", 6),
            f("spelling::typo", "a.md", 6),
        ],
    );
}

/// The system's English dictionary; CI installs hunspell-en-us.
fn english() -> (String, String) {
    let (Ok(aff), Ok(dic)) = (
        std::fs::read_to_string("/usr/share/hunspell/en_US.aff"),
        std::fs::read_to_string("/usr/share/hunspell/en_US.dic"),
    ) else {
        panic!("no English dictionary at /usr/share/hunspell/en_US.dic: install hunspell-en-us");
    };
    (aff, dic)
}

#[test]
fn english_words_in_danish_text_are_not_typos() {
    let (aff, dic) = english();
    // "take" is one letter from "tage", which the page itself uses: with the Danish
    // dictionary alone it looks like a typo; the English dictionary knows it.
    let text = page(
        "Referat",
        "",
        "Vi skal take det op på næste møde, og vi vil tage det med i planen.\n",
    );
    let alone = findings_with(&[("a.md", &text)], "spelling::", Some(&danish()));
    assert_eq!(alone, [f("spelling::typo", "a.md", 5)]);
    let dict = danish().with_english(&aff, &dic).unwrap();
    let got = findings_with(&[("a.md", &text)], "spelling::", Some(&dict));
    assert_eq!(got, []);
    // An English word with a Danish ending is a loanword ("reviewes", "deployet"), one
    // letter from an English word the page uses.
    let loan = page(
        "Beslutning",
        "",
        "Alle ændringer reviewes af en anden udvikler. Vi laver reviews hver uge, og koden deployet i går.\n",
    );
    let got = findings_with(&[("c.md", &loan)], "spelling::", Some(&dict));
    assert_eq!(got, []);
    // A Danish typo is still found with both dictionaries.
    let typo = page(
        "Organisering",
        "",
        "Koordinationsgruppen mødes. Koordinationgruppen består af fire kommuner.\n",
    );
    let got = findings_with(&[("b.md", &typo)], "spelling::", Some(&dict));
    assert_eq!(got, [f("spelling::typo", "b.md", 5)]);
}

#[test]
fn the_names_of_people_in_the_minutes_are_not_typos() {
    // "Hesth" is one letter from "hest", which the page uses: without the roster it looks
    // like a typo; with "Ida Hesth" among the participants it is a name.
    let prose = page(
        "Referat",
        "",
        "En hest står på marken. Referatet er skrevet af Hesth i dag.\n",
    );
    let alone = findings_with(&[("a.md", &prose)], "spelling::", Some(&danish()));
    assert_eq!(alone, [f("spelling::typo", "a.md", 5)]);
    let minutes = "# Styregruppemøde 03.12.2026\n\n#### Deltagere:\n- [ ] Ida Hesth\n";
    let got = findings_with(
        &[
            ("a.md", &prose),
            (
                "dagsordner-og-referater/styregruppe/20261203_Styregruppe.md",
                minutes,
            ),
        ],
        "spelling::",
        Some(&danish()),
    );
    assert_eq!(got, []);
}

#[test]
fn spelling_checks_danish_text_only() {
    let dict = danish();
    // An English developer page: words the Danish dictionary does not know, one letter
    // from Danish ones ("supplier"), are not typos.
    let english = page(
        "Developer guide",
        "",
        "This guide explains how the supplier deploys the application to the test server.\n\
         Every change is reviewed by another developer before it is merged into the main branch.\n\
         The configuration lives in the repository and is read when the service starts.\n",
    );
    // A Danish page that quotes an English sentence, and has one Danish typo.
    let danish_page = page(
        "Referat",
        "",
        "Koordinationsgruppen mødes hver måned. Koordinationgruppen består af fire kommuner.\n\
         The supplier confirmed that the next release will be delivered before the deadline.\n",
    );
    // A page marked English in its front matter.
    let marked = page("Notes", "lang: en\n", "Koordinationgruppen mødes.\n");
    let got = findings_with(
        &[
            ("en.md", &english),
            ("da.md", &danish_page),
            ("marked.md", &marked),
        ],
        "spelling::",
        Some(&dict),
    );
    assert_eq!(got, [f("spelling::typo", "da.md", 5)]);
}

#[test]
fn quotations_in_other_languages_are_not_danish_typos() {
    let dict = danish();
    // "leverera" (Swedish) is one letter from "leverer", "bekreftet" (Norwegian) one from
    // "bekræftet": both words the page uses. Quoted, they are not typos; a typo in a quoted
    // Danish sentence still is.
    let text = page(
        "Referat",
        "",
        "Nordvejen leverer rutemotoren, og leverandøren har bekræftet planen.\n\
         Den svenske leverandør skrev: „Vi kommer att leverera integrationen i mars.“\n\
         \n\
         > Hei! Vi har nå bekreftet at den kommer i neste uke, takk.\n\
         \n\
         Formanden sagde: »Vi har bekræftet at vi leverr planen i marts.«\n",
    );
    let got = findings_with(&[("a.md", &text)], "spelling::", Some(&dict));
    assert_eq!(got, [f("spelling::typo", "a.md", 10)]);
    // The same words outside quotation marks are reported ("mars" too, one letter from
    // "marts" further down).
    let bare = text.replace(['„', '“', '>'], "");
    let got = findings_with(&[("a.md", &bare)], "spelling::", Some(&dict));
    assert_eq!(
        got,
        [
            f("spelling::typo", "a.md", 6),
            f("spelling::typo", "a.md", 6),
            f("spelling::typo", "a.md", 8),
            f("spelling::typo", "a.md", 10)
        ]
    );
}

#[test]
fn a_compound_the_dictionary_accepts_can_still_be_a_typo() {
    // Danish compounding accepts "arrangmenter"; the page writes "arrangementer" too. An
    // ending that differs ("sagsbehandlere" beside "sagsbehandler") is an inflection.
    let text = page(
        "Referat",
        "",
        "Vi holder mange arrangementer i foråret. Tilmelding til arrangmenter sker på sitet.\n\
         Hver sagsbehandler har sin kø, og sagsbehandlere fra tre kommuner deltog.\n",
    );
    let got = findings_with(&[("a.md", &text)], "spelling::", Some(&danish()));
    assert_eq!(got, [f("spelling::typo", "a.md", 5)]);
}

#[test]
fn diagrams_that_cannot_be_drawn() {
    let text = page(
        "Arkitektur",
        "",
        "```mermaid\ntimeline\n    2025 : Ny rutemotor\n```\n\n```mermaid\nflowchart LR\n    A[Ansøgning] --> B{Godkendt?\n```\n\n```mermaid\nflowchat LR\n    A --> B\n```\n\n```mermaid\ngantt\n    title Plan\n```\n",
    );
    let got = findings(&[("a.md", &text)], "diagram::");
    assert_eq!(
        got,
        [
            f("diagram::syntax", "a.md", 12),
            f("diagram::unsupported", "a.md", 16)
        ]
    );
}

#[test]
fn repeated_excludes_count_as_the_pinned_mermaid_reads_them() {
    let chart = page(
        "Plan",
        "",
        "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    excludes weekends\n    excludes 2026-12-24\n    Arbejde : 2026-12-01, 20d\n```\n",
    );
    let repeated = |config: &str| {
        findings(&[("_config.yml", config), ("plan.md", &chart)], "gantt::")
            .into_iter()
            .filter(|(c, _, _)| c == "gantt::excludes-repeated")
            .count()
    };
    assert_eq!(repeated("title: T\n"), 1);
    assert_eq!(repeated("title: T\nmermaid:\n  version: \"11.15.0\"\n"), 1);
    assert_eq!(repeated("title: T\nmermaid:\n  version: \"11.16.0\"\n"), 0);
}

#[test]
fn a_pinned_mermaid_with_advisories() {
    let index = page("Forside", "", "Velkommen.\n");
    let advisories = |config: &str| {
        findings(
            &[("_config.yml", config), ("index.md", &index)],
            "config::mermaid",
        )
    };
    assert_eq!(
        advisories("title: T\nmermaid:\n  version: \"11.12.0\"\n"),
        [f("config::mermaid-advisory", "_config.yml", 3)]
    );
    // The newest matching version, or one without advisories: nothing to say.
    assert_eq!(advisories("title: T\nmermaid:\n  version: \"11\"\n"), []);
    assert_eq!(
        advisories("title: T\nmermaid:\n  version: \"11.16.1\"\n"),
        []
    );
    assert_eq!(advisories("title: T\n"), []);
}

#[test]
fn every_code_is_documented() {
    // Every `family::name` string in the sources of the crates that emit diagnostics.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let families = [
        "gantt",
        "records",
        "matrix",
        "nav",
        "links",
        "frontmatter",
        "encoding",
        "config",
        "data",
        "liquid",
        "site",
        "io",
        "spelling",
        "history",
        "calendar",
        "aarshjul",
        "files",
        "prose",
        "diagram",
    ];
    let mut codes = std::collections::BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target" && n != "tests") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs")
                && p.components().any(|c| c.as_os_str() == "src")
            {
                let text = std::fs::read_to_string(&p).unwrap();
                for part in text.split('"').skip(1).step_by(2) {
                    if let Some((fam, name)) = part.split_once("::")
                        && families.contains(&fam)
                        && !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())
                    {
                        codes.insert(part.to_string());
                    }
                }
            }
        }
    }
    assert!(codes.len() > 60, "found only {} codes", codes.len());
    let documented: std::collections::BTreeSet<String> = forvalt_check::rules::all()
        .into_iter()
        .map(|r| r.code)
        .collect();
    let missing: Vec<&String> = codes.iter().filter(|c| !documented.contains(*c)).collect();
    assert!(
        missing.is_empty(),
        "codes without a section in rules.md: {missing:?}"
    );
    for r in forvalt_check::rules::all() {
        assert!(r.text.len() > 80, "{} has almost no documentation", r.code);
        // The precision standard: every rule says what ignoring it costs the reader.
        assert!(
            r.cost.len() > 30,
            "{} does not say what it costs the reader if ignored (an `If ignored:` paragraph)",
            r.code
        );
    }
}

#[test]
fn matrices_and_copied_roadmaps() {
    let m = page(
        "Risici",
        "",
        "| Nr | Risiko | Sandsynlighed | Konsekvens | Risikoscore |\n|---|---|---|---|---|\n| R1 | Leverandør stopper | 2 | 6 | 12 |\n| R2 | Data mangler | 2 | 3 | 6 |\n",
    );
    let copied = page(
        "Roadmap",
        "parent: OS2borgerPC\n",
        "```mermaid\ngantt\n    title OS2display Roadmap 2026\n    dateFormat YYYY-MM-DD\n    Analyse :a1, 2026-01-05, 30d\n```\n",
    );
    let own = page(
        "Roadmap OS2borgerPC",
        "",
        "```mermaid\ngantt\n    title OS2borgerPC Roadmap 2026\n    dateFormat YYYY-MM-DD\n    Analyse :a1, 2026-01-05, 30d\n```\n",
    );
    let got = findings(&[("risici.md", &m), ("a.md", &copied), ("b.md", &own)], "");
    let got: Vec<_> = got
        .into_iter()
        .filter(|(c, _, _)| c.starts_with("matrix::") || c == "gantt::other-product")
        .collect();
    assert_eq!(
        got,
        [
            f("gantt::other-product", "a.md", 8),
            f("matrix::score-out-of-range", "risici.md", 7),
        ]
    );
}

#[test]
fn reused_decision_files_and_skipped_agenda_numbers() {
    let reused = "# [ODR] Udvidet eksport af kørselsplaner til vognmænd\n\n- **Dato**: 2026-05-28\n- **Status**: Forslag\n";
    let fine = "# [SDR] Ny model for medfinansiering af ændringsønsker\n\n- **Dato**: 2026-06-04\n- **Status**: Forslag\n";
    let meeting = "# Styregruppemøde 04.06.2026\n\n## Dagsorden\n\n#### 2. Temaer for dagens møde\n- 2.1 Budget (Karen)\n- 2.3 Medfinansiering (Mette)\n\n#### 3. Eventuelt\n- 3.1 Intet\n";
    let got = findings(
        &[
            (
                "beslutninger/2026-05-28-integration-til-elevadministration.md",
                reused,
            ),
            (
                "beslutninger/2026-06-04-ny-model-for-medfinansiering.md",
                fine,
            ),
            (
                "dagsordner-og-referater/styregruppe/20260604_Styregruppe.md",
                meeting,
            ),
        ],
        "records::",
    );
    let got: Vec<_> = got
        .into_iter()
        .filter(|(c, _, _)| c == "records::slug-title" || c == "records::agenda-numbering")
        .collect();
    assert_eq!(
        got,
        [
            f(
                "records::slug-title",
                "beslutninger/2026-05-28-integration-til-elevadministration.md",
                1
            ),
            f(
                "records::agenda-numbering",
                "dagsordner-og-referater/styregruppe/20260604_Styregruppe.md",
                7
            ),
        ]
    );
}

#[test]
fn report_years_root_links_and_renamed_pages() {
    let config = "title: OS2skolekørsel\nurl: https://os2.github.io\nbaseurl: /produkt\n";
    let old_status = page("Status efteråret 2026", "date: \"01-10-2025\"\n", "");
    let new_status = page("Status foråret 2026", "date: \"01-04-2026\"\n", "");
    let plan = page("Roadmap 2027", "date: \"01-10-2026\"\n", "");
    let links = page(
        "Links",
        "",
        "![Bus](/docs/bus.svg) ![Bus](/produkt/docs/bus.svg) ![Bus](docs/bus.svg)\n\
         Udskriv https://os2.github.io/produkt/aarshjul.html eller https://os2.github.io/produkt/årshjul.html.\n",
    );
    let wheel = page("Årshjul", "", "# Årshjul\n");
    let (r, loaded) = repo(&[
        ("_config.yml", config),
        ("a.md", &old_status),
        ("b.md", &new_status),
        ("c.md", &plan),
        ("links.md", &links),
        ("årshjul.md", &wheel),
        ("docs/bus.svg", "<svg/>"),
    ]);
    let out = check(&r, loaded, &Options::default());
    let got: Vec<(String, usize)> = out
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code.as_ref(),
                "frontmatter::date-year" | "links::missing-baseurl" | "links::own-site"
            )
        })
        .map(|d| {
            (
                d.code.to_string(),
                r.sources.location(d.span.unwrap()).unwrap().line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("frontmatter::date-year".to_string(), 3),
            ("links::missing-baseurl".to_string(), 5),
            ("links::own-site".to_string(), 6),
        ]
    );
    let own = out
        .diagnostics
        .iter()
        .find(|d| d.code == "links::own-site")
        .unwrap();
    assert_eq!(
        own.suggestions[0].replacement,
        "https://os2.github.io/produkt/%C3%A5rshjul.html"
    );
}

#[test]
fn change_requests_keep_their_own_date_style() {
    let req = |d: &str| format!("---\ntitle: Ønske\nstatus: modtaget\ndate: {d}\n---\n\n# Ønske\n");
    let page_dmy = page("Side", "date: \"01-10-2026\"\n", "");
    let (a, b, c) = (req("2026-02-11"), req("2026-03-18"), req("\"14-02-2026\""));
    let got = findings(
        &[
            ("aendringsoensker/001.md", &a),
            ("aendringsoensker/002.md", &b),
            ("aendringsoensker/003.md", &c),
            ("side.md", &page_dmy),
        ],
        "frontmatter::",
    );
    assert_eq!(
        got,
        [f("frontmatter::date-format", "aendringsoensker/003.md", 4)]
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("---".to_string()),
            Just("title: Side".to_string()),
            Just("status: \"daft \"".to_string()),
            Just("date: \"31-02-2026\"".to_string()),
            Just("date: 2026-13-01".to_string()),
            Just("parent: Styring og forvalting".to_string()),
            Just("has_children: true".to_string()),
            Just("nav_order: \"3\"".to_string()),
            Just("nav_oder: [".to_string()),
            Just("[link](../../x.md#æ) ![](/a b.png) [x](<a>)".to_string()),
            Just("https://os2.github.io/produkt/å%zz.html".to_string()),
            Just("```mermaid\ngantt\n    title OS2display\n    a :2026-00-01, 3d".to_string()),
            Just("```".to_string()),
            Just("<!-- forvalt-ignore".to_string()),
            Just("| a | 6 | (Sum af scorerne) |\n|---|---|---|".to_string()),
            Just("- [] Koordinationgruppen Sekretariasfunktion\r".to_string()),
            Just("# Styregruppemøde 04.06.2026\n- 2.1 a\n- 2.9 b".to_string()),
            Just("    Kick-off for rutemotor :milestone, m1, 2026-03-15, 0d".to_string()),
            Just("- 01.03.2026: Kick-off for rutemotoren".to_string()),
            Just("# [SDR] Lancering i 2027\n## Beskrivelse af beslutningen".to_string()),
            Just("- **Dato**: 2025-09-18\nValget blev truffet 18-08-2025.".to_string()),
            Just("OS2display får hjælp fra sekretariatet. ".to_string()),
            Just("„Vi kommer att leverera“ »ikke« \"reviewes\" > Hei".to_string()),
            Just("Mødet er flyttet fra den 5. juni 2026. Næste møde: 2. juli 2026".to_string()),
            "\\PC{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn check_and_fix_never_panic(
            a in proptest::collection::vec(fragment(), 0..14),
            b in proptest::collection::vec(fragment(), 0..14),
        ) {
            let a = a.join("\n");
            let b = b.join("\n");
            let (r, loaded) = repo(&[
                ("_config.yml", "title: T\nurl: https://os2.github.io\nbaseurl: /produkt\n"),
                ("docs/a.md", &a),
                ("beslutninger/2026-01-01-x.md", &b),
                ("dagsordner-og-referater/styregruppe/20260604_S.md", &a),
            ]);
            let out = check(&r, loaded, &Options::default());
            let fixes = forvalt_check::fix::fixes(&r, &out);
            for f in &fixes {
                prop_assert!(!f.new.is_empty() || f.old.is_empty());
            }
            let _ = forvalt_check::format::sarif(&out.diagnostics, &r.sources, "0");
            let _ = forvalt_check::format::github(&out.diagnostics, &r.sources);
        }

        #[test]
        fn spelling_never_panics(text in "\\PC{0,200}", words in proptest::collection::vec(fragment(), 0..6)) {
            static DICT: std::sync::LazyLock<Dictionary> = std::sync::LazyLock::new(danish);
            let body = format!("{text}\n{}", words.join(" "));
            let (r, loaded) = repo(&[("a.md", &body)]);
            let _ = check(&r, loaded, &Options { dictionary: Some(&DICT), ..Options::default() });
        }
    }
}

#[test]
fn iso_dates_when_asked_for() {
    let config = "title: T\nforvalt:\n  check:\n    date_format: iso\n";
    let a = page("A", "date: \"01-10-2026\"\n", "");
    let b = page("B", "date: \"02-10-2026\"\n", "");
    let c = page("C", "date: 2026-10-03\n", "");
    let files = [
        ("_config.yml", config),
        ("a.md", a.as_str()),
        ("b.md", b.as_str()),
        ("c.md", c.as_str()),
    ];
    assert_eq!(
        findings(&files, "frontmatter::"),
        [
            f("frontmatter::date-format", "a.md", 3),
            f("frontmatter::date-format", "b.md", 3)
        ]
    );
    let (r, loaded) = repo(&files);
    let out = check(&r, loaded, &Options::default());
    let fixes = forvalt_check::fix::fixes(&r, &out);
    assert!(
        fixes[0].new.contains("date: \"2026-10-01\""),
        "{}",
        fixes[0].new
    );
    // Without the setting, the repository's own way (DD-MM-YYYY, two of three) wins.
    let files = [
        ("a.md", a.as_str()),
        ("b.md", b.as_str()),
        ("c.md", c.as_str()),
    ];
    assert_eq!(
        findings(&files, "frontmatter::"),
        [f("frontmatter::date-format", "c.md", 3)]
    );
}

#[test]
fn dates_older_than_the_last_change() {
    let old = page("Forretningsorden", "date: \"15-01-2024\"\n", "");
    let recent = page("Mødekalender", "date: \"01-03-2026\"\n", "");
    let (r, loaded) = repo(&[("a.md", &old), ("b.md", &recent), ("c.md", &old)]);
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    // c.md has no git history (not committed): nothing is said about it.
    let changed = std::collections::HashMap::from([
        ("a.md".to_string(), d("2026-06-04")),
        ("b.md".to_string(), d("2026-06-04")),
    ]);
    let out = check(
        &r,
        loaded,
        &Options {
            last_changed: Some(&changed),
            ..Options::default()
        },
    );
    let stale: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|x| x.code == "frontmatter::stale-date")
        .map(|x| r.sources.location(x.span.unwrap()).unwrap().path)
        .collect();
    assert_eq!(stale, ["a.md"]);
}

#[test]
fn html_images_need_alt_text_too() {
    let a = page(
        "A",
        "",
        "<img src=\"kort.png\">\n<img src=\"kort.png\" alt=\"Kort over ruterne\">\n<img src=\"streg.png\" alt=\"\">\n",
    );
    assert_eq!(
        findings(
            &[("a.md", &a), ("kort.png", ""), ("streg.png", "")],
            "links::"
        ),
        [f("links::image-alt", "a.md", 5)]
    );
}

#[test]
fn review_cases_that_must_stay_quiet() {
    // Setext headings, attribute lists, fenced code in list items, queries, an <img> tag
    // over two lines, an agenda by the clock, custom keys like `name` and `note`.
    let a = page(
        "A",
        "name: Jonas\nnote: intern\n",
        "Økonomi og budget\n=================\n\n## Plan {:#plan-id .wide}\n\n\
         [a](#økonomi-og-budget) [b](#plan-id) [c](b.html?fane=2) [d](b.md?x=1#afsnit)\n\n\
         1. Punkt\n\n    ```\n    [kode](findes-ikke.md) ![](x.png)\n    ```\n\n\
         <img src=\"kort.png\"\n     alt=\"Kort\">\n",
    );
    let b = page("B", "", "# B\n\n## Afsnit\n");
    let meeting = "# Temadag 22.04.2026\n\n## Dagsorden\n\n#### 1. Program\n- 10.00 Velkomst\n- 10.15 Status\n- 11.30 Frokost\n";
    let got = findings(
        &[
            ("a.md", &a),
            ("b.md", &b),
            ("kort.png", ""),
            (
                "dagsordner-og-referater/netvaerk/20260422_Temadag.md",
                meeting,
            ),
        ],
        "",
    );
    let got: Vec<_> = got
        .into_iter()
        .filter(|(c, _, _)| {
            c.starts_with("links::")
                || c == "records::agenda-numbering"
                || c == "frontmatter::unknown-key"
        })
        .collect();
    assert_eq!(got, []);
    // …while a swapped pair in a short key is a typo.
    let c = page("C", "titel: Forkert\n", "");
    assert_eq!(
        findings(&[("c.md", &c)], "frontmatter::unknown-key"),
        [f("frontmatter::unknown-key", "c.md", 3)]
    );
}

#[test]
fn fixes_keep_comments_times_and_unsure_files() {
    let pages = [
        (
            "a.md",
            page("A", "status: \"Udkast\"\ndate: \"01-10-2026\"\n", ""),
        ),
        (
            "b.md",
            page("B", "status: Udkast\ndate: \"02-10-2026\"\n", ""),
        ),
        (
            "c.md",
            page(
                "C",
                "status: daft # kladde til styregruppen\ndate: 2026-10-03 10:00:00 +0200\n",
                "",
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (r, loaded) = repo(&files);
    let out = check(&r, loaded, &Options::default());
    let fixes = forvalt_check::fix::fixes(&r, &out);
    let c = fixes.iter().find(|x| x.path == "c.md").unwrap();
    assert!(
        c.new.contains("status: Udkast # kladde til styregruppen\n"),
        "{}",
        c.new
    );
    assert!(
        c.new.contains("date: 2026-10-03 10:00:00 +0200\n"),
        "{}",
        c.new
    );
    // A file forvalt could only guess the encoding of is never rewritten, even when its
    // warning is turned off.
    let mut f = MemoryFiles::new();
    f.insert(
        "_config.yml",
        b"title: T\nforvalt:\n  check:\n    rules:\n      encoding: allow\n".to_vec(),
    );
    f.insert(
        "x.md",
        b"---\ntitle: X\nstatus: daft\n---\n\nK\xf8benhavn \xe6ble\n".to_vec(),
    );
    f.insert("y.md", b"---\ntitle: Y\nstatus: Udkast\n---\n".to_vec());
    f.insert("z.md", b"---\ntitle: Z\nstatus: Udkast\n---\n".to_vec());
    let (r, loaded) = load(
        &f,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let out = check(&r, loaded, &Options::default());
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code == "frontmatter::status-spelling")
    );
    assert!(
        forvalt_check::fix::fixes(&r, &out)
            .iter()
            .all(|x| x.path != "x.md")
    );
}

#[test]
fn meetings_on_holidays_weekends_and_at_the_same_time() {
    let m =
        |title: &str, time: &str| format!("# {title}\n\n**Tid**: {time}\n\n**Sted**: Virtuel\n");
    let files = [
        (
            "dagsordner-og-referater/styregruppe/20260514_Styregruppe.md",
            m("Styregruppemøde 14.05.2026", "14.05.2026 kl. 13 - 14"),
        ),
        (
            "dagsordner-og-referater/styregruppe/20260606_Styregruppe.md",
            m("Styregruppemøde 06.06.2026", "06.06.2026 kl. 13 - 14"),
        ),
        (
            "dagsordner-og-referater/styregruppe/20260903_Styregruppe.md",
            m("Styregruppemøde 03.09.2026", "03.09.2026 kl. 13 - 14.30"),
        ),
        (
            "dagsordner-og-referater/koordinationsgruppe/20260903_Koordinationsgruppe.md",
            m(
                "Koordinationsgruppemøde 03.09.2026",
                "03.09.2026 kl. 14 - 15",
            ),
        ),
        (
            "dagsordner-og-referater/koordinationsgruppe/20260910_Koordinationsgruppe.md",
            m(
                "Koordinationsgruppemøde 10.09.2026",
                "10.09.2026 kl. 9 - 10",
            ),
        ),
        (
            "dagsordner-og-referater/styregruppe/20260910_Styregruppe.md",
            m("Styregruppemøde 10.09.2026", "10.09.2026 kl. 13 - 14"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let got = findings(&files, "calendar::");
    assert_eq!(
        got,
        [
            f(
                "calendar::holiday",
                "dagsordner-og-referater/styregruppe/20260514_Styregruppe.md",
                1
            ),
            f(
                "calendar::weekend",
                "dagsordner-og-referater/styregruppe/20260606_Styregruppe.md",
                1
            ),
            f(
                "calendar::collision",
                "dagsordner-og-referater/styregruppe/20260903_Styregruppe.md",
                1
            ),
        ]
    );
}

#[test]
fn aarshjul_blocks_are_checked() {
    let good = "# Årshjul\n\n```aarshjul\ntitel: Årshjul 2026\nringe:\n  - navn: Styregruppen\n    begivenheder:\n      - navn: Møde\n        regel: 1. torsdag i måneden\n```\n";
    let bad = "# Årshjul\n\n```aarshjul\ntitel: Årshjul 2026\nringe:\n  - navn: Styregruppen\n    farve: grøn\n    begivenheder:\n      - navn: Møde\n        regel: når der er behov\n      - navn: Seminar\n```\n";
    assert_eq!(
        findings(&[("good.md", good), ("bad.md", bad)], "aarshjul::"),
        [
            f("aarshjul::colour", "bad.md", 7),
            f("aarshjul::rule", "bad.md", 10),
            f("aarshjul::no-date", "bad.md", 11),
        ]
    );
}
