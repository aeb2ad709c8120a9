use super::*;
use forvalt_model::{LoadOptions, MemoryFiles, load};

const NOW: i64 = 1_780_560_000_000; // 2026-06-04

fn site(files: &[(&str, &str)]) -> (Site, Vec<Diagnostic>) {
    let mut f = MemoryFiles::new();
    for (p, t) in files {
        f.insert_modified(*p, *t, NOW);
    }
    let (repo, mut d) = load(
        &f,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts();
    let (site, more) = build(&repo, &BuildOptions::default()).into_parts();
    d.extend(more);
    (site, d)
}

fn text(site: &Site, path: &str) -> String {
    let f = site
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| {
            panic!(
                "{path} missing; have {:?}",
                site.files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        });
    match &f.content {
        Content::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
        Content::Copy(p) => format!("copy of {p}"),
        Content::Written { .. } => "written while building".to_string(),
    }
}

fn example() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "_config.yml",
            "title: OS2test\nlang: da\nurl: https://os2.github.io\nbaseurl: /test\naux_links:\n  GitHub:\n    - https://github.com/os2/test\nforvalt:\n  accessibility_statement: https://was.digst.dk/test\n",
        ),
        (
            "index.md",
            "---\ntitle: Forside\nnav_order: 1\n---\n# Velkommen\n\nSe [roadmap](docs/roadmap.md).\n",
        ),
        (
            "docs/roadmaps.md",
            "---\ntitle: Roadmaps\nnav_order: 2\nhas_children: true\n---\n# Roadmaps\n",
        ),
        (
            "docs/roadmap.md",
            "---\ntitle: Roadmap 2026\nparent: Roadmaps\nstatus: Udkast\n---\n# Roadmap 2026\n\n## Plan\n\n```mermaid\ngantt\n  dateFormat YYYY-MM-DD\n  Opgave :2026-01-01, 30d\n```\n\n## Noter\n\nKørsel af skolebørn.\n",
        ),
        (
            "docs/forkert.md",
            "---\ntitle: Forkert\nparent: Roadmap\n---\nTekst\n",
        ),
        (
            "beslutninger/2026-01-01-valg.md",
            "# [SDR] Valg af kort\n\nDato: 1. januar 2026\n",
        ),
        (
            "docs/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]
}

#[test]
fn a_small_site() {
    let (s, d) = site(&example());
    let paths: Vec<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
    for p in [
        "404.html",
        "assets/forvalt/forvalt.css",
        "assets/forvalt/forvalt.js",
        "assets/forvalt/fonts/LiberationSans-Regular.ttf",
        "beslutninger/2026-01-01-valg.html",
        "beslutninger/2026-01-01-valg.md",
        "docs/logo.svg",
        "docs/roadmap.html",
        "index.html",
        "robots.txt",
        "search.html",
        "search/meta.json",
        "sitemap.xml",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are sorted");
    assert_eq!(s.stats.pages, 5);
    assert_eq!(s.stats.charts, 1);
    assert!(d.iter().any(|d| d.code == "nav::missing-parent"));

    let roadmap = text(&s, "docs/roadmap.html");
    assert!(roadmap.starts_with("<!DOCTYPE html>\n<html lang=\"da\">"));
    assert!(roadmap.contains("<title>Roadmap 2026 – OS2test</title>"));
    assert!(roadmap.contains("class=\"draft-banner\""));
    assert!(roadmap.contains("Sidst opdateret: <time datetime=\"2026-06-04\">4. juni 2026</time>"));
    assert!(roadmap.contains("<svg id=\"roadmap-1\""));
    assert!(roadmap.contains("aria-current=\"page\">Roadmap 2026</a>"));
    assert!(
        roadmap.contains("<a href=\"roadmaps.html\">Roadmaps</a>"),
        "breadcrumb"
    );
    assert!(roadmap.contains("href=\"../assets/forvalt/forvalt.css\""));
    assert!(roadmap.contains("<a href=\"https://was.digst.dk/test\">Tilgængelighedserklæring</a>"));
    assert!(roadmap.contains("<nav class=\"page-toc\""));
    assert!(!roadmap.contains("https://cdn"), "no third-party requests");

    let index = text(&s, "index.html");
    assert!(index.contains("<a href=\"docs/roadmap.html\">roadmap</a>"));
    // A Jekyll site (GitHub Pages: no Gemfile): a page whose parent is missing is
    // published but, as in just-the-docs, not in the menu; no folder pages are made up.
    assert!(!paths.contains(&"uden-placering.html") && !paths.contains(&"beslutninger/index.html"));
    assert!(!index.contains("href=\"docs/forkert.html\""));
    assert!(text(&s, "docs/forkert.html").contains("Tekst"));
    assert!(
        index.contains(">[SDR] Valg af kort</a>"),
        "titles from headings"
    );
    let not_found = text(&s, "404.html");
    assert!(
        not_found.contains("href=\"/test/assets/forvalt/forvalt.css\""),
        "404 uses absolute links"
    );
    let sitemap = text(&s, "sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://os2.github.io/test/docs/roadmap.html</loc><lastmod>2026-06-04</lastmod>"
    ));
    assert_eq!(text(&s, "docs/logo.svg"), "copy of docs/logo.svg");
}

#[test]
fn builds_are_deterministic() {
    let (a, _) = site(&example());
    let (b, _) = site(&example());
    assert_eq!(a.files, b.files);
}

#[test]
fn approved_only_leaves_drafts_out_everywhere() {
    let mut files = example();
    files[0].1 =
        "title: OS2test\nlang: da\nurl: https://os2.github.io\nforvalt:\n  publish: approved\n";
    let (s, _) = site(&files);
    assert!(!s.files.iter().any(|f| f.path == "docs/roadmap.html"));
    assert!(!text(&s, "sitemap.xml").contains("roadmap.html"));
    assert!(!text(&s, "index.html").contains(">Roadmap 2026<"));
    assert!(!text(&s, "search/p/0.json").contains("Roadmap 2026"));
    assert_eq!(s.stats.drafts_left_out, 1);
}

#[test]
fn english_sites_have_english_strings() {
    let mut files = example();
    files[0].1 = "title: Test\nlang: en\n";
    let (s, _) = site(&files);
    let page = text(&s, "docs/roadmap.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Last updated: <time datetime=\"2026-06-04\">4 June 2026</time>"));
    assert!(page.contains("Skip to content"));
}

#[test]
fn template_overrides_and_broken_templates() {
    let mut files = example();
    files.push((
        "_forvalt/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}EGEN {{ page.title }}{% endblock %}",
    ));
    files.push(("_forvalt/templates/404.html", "{% if %}"));
    let (s, d) = site(&files);
    assert!(text(&s, "docs/roadmap.html").contains("EGEN Roadmap 2026"));
    assert!(
        text(&s, "404.html").contains("Siden findes ikke"),
        "the built-in template is used"
    );
    assert!(
        d.iter()
            .any(|d| d.code == "site::template" && d.message.contains("404.html"))
    );
}

#[test]
fn authors_own_special_files_win() {
    let mut files = example();
    files.push(("404.md", "---\ntitle: Ups\n---\n# Ups\n"));
    files.push(("robots.txt", "User-agent: *\nDisallow: /\n"));
    let (s, _) = site(&files);
    assert!(text(&s, "404.html").contains("<h1 id=\"ups\">Ups</h1>"));
    assert_eq!(text(&s, "robots.txt"), "copy of robots.txt");
}

#[test]
fn plain_repositories_get_a_folder_menu() {
    let (s, _) = site(&[
        ("README.md", "# Produkt\n"),
        ("beslutninger/README.md", "# Beslutningslog\n"),
        ("beslutninger/2026-01-01-a.md", "# [SDR] A\n"),
        ("beslutninger/2026-02-01-b.md", "# [ODR] B\n"),
        (
            "referater/styregruppe/2026-03-05.md",
            "# Styregruppemøde 5. marts 2026\n",
        ),
    ]);
    let page = text(&s, "beslutninger/2026-01-01-a.html");
    assert!(page.contains(">Beslutninger</a>"), "{page}");
    assert!(page.contains("aria-current=\"page\">[SDR] A</a>"));
    assert!(page.contains("<html lang=\"da\">"), "Danish is the default");
    let group = text(&s, "referater/index.html");
    assert!(group.contains("Styregruppe"));
}

#[test]
fn menus_stay_small_in_big_folders() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..300 {
        files.push((
            format!("beslutninger/2026-01-{i:03}-x.md"),
            format!("# Beslutning {i:03}\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (s, _) = site(&refs);
    let page = text(&s, "beslutninger/2026-01-150-x.html");
    let items = page.matches("class=\"nav-item").count();
    assert!(items < 30, "{items} menu items");
    assert!(page.contains("Vis alle (300)"));
    assert!(page.contains("Beslutning 150"));
}

#[test]
fn redirects_are_pages_of_their_own_and_escape_their_targets() {
    let (s, d) = site(&[
        (
            "ny.md",
            "---\ntitle: Ny\nredirect_from: [/gammel/]\n---\nTekst\n",
        ),
        (
            "ud.md",
            "---\ntitle: Ud\nredirect_to: \"https://os2.eu/?a=1&b=\\\"><script>alert(1)</script>\"\n---\n",
        ),
        (
            "ond.md",
            "---\ntitle: Ond\nredirect_to: \"javascript:alert(1)\"\n---\nIndhold\n",
        ),
    ]);
    let old = text(&s, "gammel/index.html");
    assert!(
        old.contains("<meta http-equiv=\"refresh\" content=\"0; url=/ny.html\">"),
        "{old}"
    );
    assert!(old.contains("<html lang=\"da\">") && old.contains("Siden er flyttet"));
    let out = text(&s, "ud.html");
    assert!(!out.contains("<script>"), "{out}");
    assert!(out.contains("&lt;script&gt;"), "{out}");
    assert!(
        text(&s, "ond.html").contains("Indhold"),
        "an unsafe target is not followed"
    );
    assert!(d.iter().any(|d| d.code == "links::unsafe-url"));
    assert!(!text(&s, "sitemap.xml").contains("ud.html"));
    assert!(
        !s.files.iter().any(|f| f.path == "redirects.json"),
        "only for Jekyll sites"
    );
}

#[test]
fn just_the_docs_look_logo_favicon_colours_external_links_and_no_search() {
    let (s, _) = site(&[
        (
            "_config.yml",
            "title: OS2test\nlogo: /assets/logo.svg\nfavicon_ico: /favicon.ico\ncolor_scheme: os2\nsearch_enabled: false\nnav_external_links:\n  - title: OS2\n    url: https://os2.eu/\n    opens_in_new_tab: true\n  - title: Ond\n    url: \"javascript:alert(1)\"\n",
        ),
        (
            "_sass/color_schemes/os2.scss",
            "$link-color: #00537a;\n$btn-primary-color: \"red;}</style><script>\";\n",
        ),
        (
            "assets/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("favicon.ico", "ico"),
        ("docs/a.md", "---\ntitle: A\n---\nTekst\n"),
    ]);
    let page = text(&s, "docs/a.html");
    assert!(
        page.contains("<img class=\"site-logo\" src=\"../assets/logo.svg\" alt=\"OS2test\">"),
        "{page}"
    );
    assert!(page.contains("<link rel=\"icon\" href=\"../favicon.ico\" type=\"image/x-icon\">"));
    assert!(
        page.contains(
            "<style>@media (prefers-color-scheme: light){:root{--link:#00537a;}}</style>"
        ),
        "{page}"
    );
    assert!(
        !page.contains("<script>\""),
        "a brand colour that is not a colour is left out"
    );
    assert!(page.contains("<a href=\"https://os2.eu/\" target=\"_blank\" rel=\"noopener noreferrer\">OS2<span class=\"visually-hidden\"> (andet websted, åbner i en ny fane)</span></a>"), "{page}");
    assert!(!page.contains("javascript:"));
    assert!(!page.contains("role=\"search\""), "search_enabled: false");
    assert!(
        !s.files
            .iter()
            .any(|f| f.path == "search.html" || f.path.starts_with("search/"))
    );
}

#[test]
fn site_layouts_and_hooks_are_sanitized_and_keep_the_page_whole() {
    let (s, d) = site(&[
        ("_config.yml", "title: OS2display\n"),
        ("Gemfile", "gem \"jekyll\"\n"),
        (
            "_layouts/forside.html",
            "---\nlayout: default\n---\n<div class=\"forside mb-4\" onclick=\"x()\">{{ content }}<script>alert(1)</script><p>{{ '**fed**' | markdownify }}</p></div>",
        ),
        (
            "_includes/head_custom.html",
            "<link rel=\"stylesheet\" href=\"{{ '/assets/egen.css' | relative_url }}\"><script src=\"https://sporing.example/x.js\"></script>",
        ),
        (
            "_includes/footer_custom.html",
            "<p class=\"fod\">{{ page.title }} · {{ site.html_pages | size }} sider</p>",
        ),
        (
            "_includes/search_placeholder_custom.html",
            "Søg i <b>OS2display</b>",
        ),
        (
            "index.md",
            "---\nlayout: forside\ntitle: Forside\n---\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section A\n    Opgave :a1, 2026-01-01, 30d\n```\n",
        ),
        ("om.md", "---\ntitle: Om\n---\nTekst\n"),
    ]);
    let page = text(&s, "index.html");
    assert!(page.contains("<div class=\"forside mb-4\">"), "{page}");
    assert!(!page.contains("alert(1)") && !page.contains("onclick"));
    assert!(
        page.contains("<strong>fed</strong>"),
        "markdownify gives HTML"
    );
    // The chart in the content is not sanitized away by the layout around it.
    assert!(page.contains("<svg"), "{page}");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/assets/egen.css\">"));
    assert!(!page.contains("sporing.example"));
    assert!(page.contains("<p class=\"fod\">Forside · 2 sider</p>"));
    assert!(page.contains("placeholder=\"Søg i OS2display\""));
    let om = text(&s, "om.html");
    assert!(om.contains("<p class=\"fod\">Om · 2 sider</p>"));
    let removed: Vec<&str> = d
        .iter()
        .filter(|d| d.code == "site::html-removed")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(removed.len(), 2, "{removed:?}");
    assert!(removed[0].contains("script") || removed[1].contains("script"));
}

#[test]
fn a_layout_that_writes_the_whole_page_is_shown_inside_forvalts_page() {
    let (s, d) = site(&[
        ("_config.yml", "title: OS2display\n"),
        ("Gemfile", "gem \"jekyll\"\n"),
        (
            "_layouts/egen.html",
            "<!DOCTYPE html><html><head><title>x</title></head><body class=\"egen\"><div class=\"egen-side\">{{ content }}</div></body></html>",
        ),
        ("index.md", "---\nlayout: egen\ntitle: Forside\n---\nHej\n"),
    ]);
    let page = text(&s, "index.html");
    assert!(
        page.contains("<div class=\"egen-side\"><p>Hej</p>"),
        "{page}"
    );
    assert_eq!(page.matches("<html").count(), 1);
    assert!(d.iter().any(|d| d.code == "liquid::whole-page-layout"));
}

#[test]
fn search_exclude_keeps_a_page_out_of_the_index() {
    let mut f = MemoryFiles::new();
    for (p, t) in [
        ("_config.yml", "title: OS2display\n"),
        (
            "synlig.md",
            "---\ntitle: Synlig\n---\nKoordinationsgruppen\n",
        ),
        (
            "skjult.md",
            "---\ntitle: Skjult\nsearch_exclude: true\n---\nStyregruppen\n",
        ),
    ] {
        f.insert_modified(p, t, NOW);
    }
    let repo = load(
        &f,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .into_parts()
    .0;
    let options = BuildOptions {
        search: true,
        ..BuildOptions::default()
    };
    let s = build(&repo, &options).into_parts().0;
    let index: String = s
        .files
        .iter()
        .filter(|f| f.path.starts_with("search/"))
        .filter_map(|f| match &f.content {
            Content::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            Content::Copy(_) => None,
            Content::Written { .. } => None,
        })
        .collect();
    assert!(index.contains("synlig.html"), "{index}");
    assert!(!index.contains("skjult.html"));
}

#[test]
fn just_the_docs_switches_and_a_folding_collection_section() {
    let config = "title: OS2display\nback_to_top: true\nback_to_top_text: \"Op\"\nlast_edit_timestamp: false\ngh_edit_link: true\ngh_edit_link_text: \"Ret siden\"\ngh_edit_repository: \"https://github.com/os2display/forvaltning\"\ncollections:\n  news:\n    output: true\njust_the_docs:\n  collections:\n    news:\n      name: Nyheder\n      nav_fold: true\n";
    let files = [
        ("_config.yml", config),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("index.md", "---\ntitle: Forside\n---\n# Forside\n"),
        ("_news/a.md", "---\ntitle: Ny skærm\n---\nTekst\n"),
    ];
    let (s, _) = site(&files);
    let page = text(&s, "index.html");
    assert!(page.contains(">Op</a>"), "{page}");
    assert!(!page.contains("Sidst opdateret"));
    assert!(page.contains(">Ret siden</a>"));
    assert!(page.contains(
        "<details class=\"nav-section\"><summary class=\"nav-category\">Nyheder</summary>"
    ));
    let news = text(&s, "news/a.html");
    assert!(
        news.contains("<details class=\"nav-section\" open>"),
        "{news}"
    );
    // Without `back_to_top`, a Jekyll site has no such link; `nav_enabled: false` hides the menu.
    let config = "title: OS2display\nnav_enabled: false\n";
    let (s, _) = site(&[
        ("_config.yml", config),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("index.md", "---\ntitle: Forside\n---\n# Forside\n"),
    ]);
    let page = text(&s, "index.html");
    assert!(!page.contains("back-to-top"));
    assert!(!page.contains("id=\"menu\""));
}

#[cfg(feature = "diagrams")]
#[test]
fn pies_follow_the_sites_pinned_mermaid_version() {
    let page = "---\ntitle: Vurdering\n---\n\n```mermaid\npie title Vurdering\n    \"Gul\" : 3\n    \"Grøn\" : 12\n```\n";
    // The first slice drawn, with its colour: Mermaid 11.12 (the default) draws the largest
    // first in the first colour; from 11.14 the source's order.
    let first_slice = |config: &str| {
        let (s, _) = site(&[("_config.yml", config), ("index.md", page)]);
        let html = text(&s, "index.html");
        let at = html.find("class=\"pieCircle\"").expect("a pie");
        let before = &html[..at];
        before[before.rfind("<path").unwrap()..].to_string()
    };
    let default = first_slice("title: T\nlang: da\n");
    let pinned_old = first_slice("title: T\nlang: da\nmermaid:\n  version: \"11.9.0\"\n");
    let pinned_new = first_slice("title: T\nlang: da\nmermaid:\n  version: \"11.16.0\"\n");
    assert_eq!(default, pinned_old);
    assert_ne!(default, pinned_new);
    // 12 of 15: the largest slice runs from 12 o'clock to 9:36 (288°).
    assert!(default.contains("fill=\"#ECECFF\""), "{default}");
}

#[cfg(feature = "diagrams")]
#[test]
fn a_diagram_that_cannot_be_drawn_is_reported_and_explained_in_danish() {
    let page = "---\ntitle: Arkitektur\n---\n\n```mermaid\ntimeline\n    2025 : Ny rutemotor\n```\n\n```mermaid\nflowchat LR\n    A --> B\n```\n";
    let (s, d) = site(&[("_config.yml", "title: T\nlang: da\n"), ("index.md", page)]);
    let html = text(&s, "index.html");
    assert!(
        html.contains("data-kind=\"timeline\""),
        "the timeline is drawn"
    );
    assert!(html.contains("forvalt kan ikke tegne diagramtypen »flowchat«."));
    let found: Vec<_> = d
        .iter()
        .filter(|d| d.code.starts_with("diagram::"))
        .map(|d| (d.code.to_string(), d.span.map(|s| s.start)))
        .collect();
    // At `flowchat`, in the file.
    let at = page.find("flowchat").unwrap() as u32;
    assert_eq!(found, [("diagram::unsupported".to_string(), Some(at))]);
}

/// Every file below `dir` by its `/`-separated path.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn pages_written_while_building_make_the_same_site() {
    let mut files = example();
    files.push((
        "docs/flyttet.md",
        "---\ntitle: Flyttet\nredirect_to: https://os2.eu/ny\n---\nGammel tekst\n",
    ));
    files.push((
        "docs/ny.md",
        "---\ntitle: Ny side\nredirect_from: /gammel-side.html\n---\n# Ny side\n",
    ));
    files.push(("assets/logo.txt", "OS2"));
    files[0].1 = "title: OS2test\nlang: da\nplugins:\n  - jekyll-redirect-from\n";
    let mut f = MemoryFiles::new();
    for (p, t) in &files {
        f.insert_modified(*p, *t, NOW);
    }
    let options = LoadOptions {
        now: NOW,
        publish: None,
    };
    let repo = load(&f, &options).into_parts().0;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    std::fs::create_dir(&root).unwrap();
    let read = |p: &str| -> std::io::Result<Vec<u8>> {
        let found = files.iter().find(|(q, _)| *q == p);
        found
            .map(|(_, t)| t.as_bytes().to_vec())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    };
    // Held in memory, then written.
    let held = tmp.path().join("held");
    let site = build(&repo, &BuildOptions::default()).into_parts().0;
    let plain = write(&site, &read, &root, &held).unwrap();
    // Written while building, over an earlier build's output with a page since removed.
    let streamed = tmp.path().join("streamed");
    std::fs::create_dir(&streamed).unwrap();
    std::fs::write(streamed.join(stages::write::MARKER), "").unwrap();
    std::fs::write(streamed.join("fjernet.html"), "gammel").unwrap();
    let sink = stages::write::OutputDir::open(&root, &streamed).unwrap();
    let options = BuildOptions {
        sink: Some(std::sync::Arc::new(sink)),
        ..BuildOptions::default()
    };
    let site = build(&repo, &options).into_parts().0;
    let early = site
        .files
        .iter()
        .filter(|f| matches!(f.content, Content::Written { changed: true }))
        .count();
    assert!(
        early >= repo.pages.len() - 1,
        "pages written early: {early}"
    );
    // The redirect replaces its page after rendering: not written early.
    let moved = site.files.iter().find(|f| f.path == "docs/flyttet.html");
    assert!(
        matches!(moved.unwrap().content, Content::Bytes(_)),
        "{moved:?} {:?}",
        repo.redirects
    );
    let w = write(&site, &read, &root, &streamed).unwrap();
    assert!(w.failed.is_empty(), "{:?}", w.failed);
    assert_eq!((w.written, w.removed), (plain.written, 1));
    assert_eq!(
        tree(&held),
        tree(&streamed),
        "the same files, byte for byte"
    );
    let moved = String::from_utf8(tree(&streamed)["docs/flyttet.html"].clone()).unwrap();
    assert!(moved.contains("https://os2.eu/ny") && !moved.contains("Gammel tekst"));
    // A second build over it writes nothing new.
    let sink = stages::write::OutputDir::open(&root, &streamed).unwrap();
    let options = BuildOptions {
        sink: Some(std::sync::Arc::new(sink)),
        ..BuildOptions::default()
    };
    let site = build(&repo, &options).into_parts().0;
    let w = write(&site, &read, &root, &streamed).unwrap();
    assert_eq!((w.written, w.removed), (0, 0));
    assert_eq!(w.unchanged, plain.written);
}

#[test]
fn a_governance_report_shows_its_computed_level() {
    let report = "---\ntitle: Governancerapport\n---\n\n# Governancerapport for OS2test\n\nProduktet er klassificeret som et niveau 1 produkt.\n\n| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| ✅ | R1 | Skaber værdi | Notat | sandkasse | |\n| ❌ | F6 | Koden er overdraget til OS2 | | 1 | |\n| ✅ | F7 | Dokumentation efter skabelonen | README | 1 | |\n";
    let (built, _) = site(&[("governancerapport.md", report)]);
    let html = text(&built, "governancerapport.html");
    let at = html
        .find("class=\"governance\"")
        .expect("the computed level is shown");
    let section = &html[at..];
    assert!(section.contains("Beregnet produktniveau"));
    assert!(section.contains("gov-sandkasse\">Sandkasse<"), "{section}");
    assert!(section.contains("Rapporten angiver: Niveau 1"));
    assert!(section.contains("<strong>F6</strong> Koden er overdraget til OS2"));
    // Counts per level: sandkasse 1 met; level 1 one met, one not.
    assert!(section.contains("<th scope=\"row\">Niveau 1</th><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>2</td>"), "{section}");
    // An ordinary table is no report.
    let (built, _) = site(&[("plan.md", "| # | Niveau |\n|---|---|\n| 1 | høj |\n")]);
    assert!(!text(&built, "plan.html").contains("class=\"governance\""));
}

#[test]
fn an_assessment_gets_its_pies_in_the_right_colours() {
    let md = "---\ntitle: Evaluering\n---\n\n# Evaluering af OS2-produkt: OS2test\n\n| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |\n|---|---|---|---|---|---|\n| R1 | Sandkasse | Værdi | Standard: notat | 🟢 | Notat |\n| F1 | Sandkasse | Åben kode | Standard: depot | 🔴 | Mangler |\n| R2 | 2 | Ledelse | Standard: opbakning | 🟡 | Mundtlig |\n";
    let (built, _) = site(&[("evaluering.md", md)]);
    let html = text(&built, "evaluering.html");
    let at = html.find("class=\"gov-pies\"").expect("pies");
    let pies = &html[at..];
    assert_eq!(
        pies.matches("<svg class=\"gov-pie\"").count(),
        5,
        "four levels and all"
    );
    assert!(
        pies.contains("aria-label=\"Sandkasse: 1 Grøn, 0 Gul, 1 Rød, 0 Grå eller ikke vurderet\"")
    );
    // Sandkasse: half green, half red, in that order.
    let sandbox = &pies[..pies.find("</svg>").unwrap()];
    let order: Vec<&str> = sandbox
        .split("class=\"pie-")
        .skip(1)
        .map(|p| p.split('"').next().unwrap())
        .collect();
    assert_eq!(order, vec!["green", "red"]);
}

#[test]
fn two_reports_on_a_page_each_get_a_section_with_an_id_of_its_own() {
    let table = |mark: &str| {
        format!(
            "| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| {mark} | R1 | Skaber værdi | Notat | sandkasse | |\n| ✅ | F1 | Åben kode | GitHub | sandkasse | |\n"
        )
    };
    let md = format!(
        "---\ntitle: Rapporter\n---\n\n# Governancerapport for OS2test\n\n## Gov title\n\n{}\n# Governancerapport for OS2test (2025)\n\n{}",
        table("✅"),
        table("❌")
    );
    let (built, _) = site(&[("rapporter.md", &md)]);
    let html = text(&built, "rapporter.html");
    let ids: Vec<&str> = html
        .split("<section class=\"governance\" aria-labelledby=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    // The author's "Gov title" heading has the id gov-title.
    assert_eq!(ids, ["gov-title-1", "gov-title-2"]);
    // Each says which report it is.
    assert!(
        html.contains(">Beregnet produktniveau: OS2test</h2>"),
        "{html}"
    );
    assert_eq!(html.matches("id=\"gov-title\"").count(), 1);
    assert!(html.contains("gov-sandkasse\">Sandkasse<"));
    assert!(html.contains("gov-none\">Intet niveau<"));
}

#[test]
fn a_json_self_evaluation_gets_a_page_on_a_plain_site_only() {
    let json = r#"{"productName": "OS2test", "filledBy": "Anne Koordinator", "filledDate": "04-05-2026", "krav": [
 {"id": "R1", "kategori": "relevans", "krav": "Skaber lokal værdi", "produktniveau": "sandkasse", "efterlevet": "Ja", "dokumentation": "Se https://os2.eu/produkt/os2test."},
 {"id": "F6", "kategori": "formkrav", "krav": "Koden er overdraget til OS2", "produktniveau": "1", "efterlevet": "Nej", "dokumentation": "<script>alert(1)</script>"}]}"#;
    let files = [
        ("README.md", "# OS2test\n\nForside.\n"),
        ("dokumenter/os2test-selvevaluering.json", json),
    ];
    let (built, _) = site(&files);
    let html = text(&built, "dokumenter/os2test-selvevaluering.html");
    assert!(html.contains("<h1>Selvevaluering: OS2test</h1>"));
    assert!(html.contains("<dd>4. maj 2026</dd>") && html.contains("<dd>Anne Koordinator</dd>"));
    assert!(html.contains("<a href=\"./os2test-selvevaluering.json\" download>"));
    assert!(html.contains(
        "Se <a href=\"https://os2.eu/produkt/os2test\">https://os2.eu/produkt/os2test</a>."
    ));
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script>alert"));
    assert!(html.contains("<strong>F6</strong> Koden er overdraget til OS2"));
    // Linked among the records' pages.
    assert!(text(&built, "index.html").contains("dokumenter/os2test-selvevaluering.html"));
    // A report named 404.json never takes the 404 page's place.
    let (built, _) = site(&[files[0], ("404.json", json)]);
    assert!(text(&built, "404.html").contains("<title>"));
    assert!(!text(&built, "404.html").contains("Selvevaluering"));
    assert!(text(&built, "404-1.html").contains("<h1>Selvevaluering: OS2test</h1>"));
    // A Jekyll site publishes what Jekyll does: the JSON file, no page.
    let (built, _) = site(&[files[0], files[1], ("_config.yml", "title: OS2test\n")]);
    assert!(
        built
            .files
            .iter()
            .all(|f| f.path != "dokumenter/os2test-selvevaluering.html")
    );
}

#[test]
fn a_reports_level_over_time_is_shown_when_it_changed() {
    use forvalt_model::governance::Level;
    use forvalt_model::history::{Histories, LevelChange};
    let report = "---\ntitle: Governancerapport\n---\n\n| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n| ✅ | R1 | Skaber værdi | Notat | sandkasse | |\n";
    let mut f = MemoryFiles::new();
    f.insert_modified("governancerapport.md", report, NOW);
    let options = LoadOptions {
        now: NOW,
        publish: None,
    };
    let (mut repo, _) = load(&f, &options).into_parts();
    let mut h = Histories::from_file_times([("governancerapport.md", NOW / 1000 - 86_400 * 40)]);
    h.revisions.push(forvalt_model::history::Revision {
        id: "b".repeat(40),
        time: NOW / 1000,
        author: "Anne".into(),
        summary: "R1 opfyldt".into(),
    });
    h.revisions[0].summary = "Første udkast".into();
    let change = |revision, reached, met| LevelChange {
        revision,
        reached,
        claimed: None,
        met,
        total: 1,
    };
    h.governance.insert(
        "governancerapport.md".into(),
        vec![change(0, None, 0), change(1, Some(Level::Sandkasse), 1)],
    );
    repo.history = Some(h);
    let built = build(&repo, &BuildOptions::default()).into_parts().0;
    let html = text(&built, "governancerapport.html");
    let at = html
        .find("<caption>Niveau over tid</caption>")
        .expect("history");
    let table = &html[at..];
    assert!(
        table.contains("<td>Første udkast</td><td>Intet niveau</td><td>–</td><td>0 / 1</td>"),
        "{table}"
    );
    assert!(table.contains("<time datetime=\"2026-06-04\">4. juni 2026</time></td><td>R1 opfyldt</td><td>Sandkasse</td>"));
}

#[test]
fn an_issue_shows_its_discussion_and_status_history_safely() {
    let issues = r###"[
 {"number": 9, "title": "Kortvisning af stoppesteder", "body": "## Beskrivelse\n\nForældre skal se stoppestedet på et kort.", "labels": [{"name": "ændringsønske"}, {"name": "under evaluering"}], "state": "OPEN", "url": "https://github.com/os2test/governance/issues/9", "createdAt": "2026-03-03T08:12:44Z",
  "author": {"login": "mette-aarhus"}, "milestone": {"title": "Version 3.2"},
  "comments": [{"author": {"login": "jonas-vejle"}, "body": "Vi **anbefaler** det.<script>alert(1)</script> [mere](javascript:alert(2))", "createdAt": "2026-04-02T10:15:00Z", "url": "https://github.com/os2test/governance/issues/9#issuecomment-1"},
   {"author": {"login": "fremmed"}, "body": "<iframe src=\"https://snyd.example\"></iframe><p style=\"position:fixed\" class=\"site-header\">Log ind</p><!-- skjult -->\n\n[her](https://snyd.example)", "createdAt": "2026-04-03T10:15:00Z", "url": "javascript:alert(3)"}],
  "events": [{"event": "labeled", "label": "modtaget", "createdAt": "2026-03-03T08:12:44Z"}, {"event": "labeled", "label": "ændringsønske", "createdAt": "2026-03-03T08:12:44Z"}, {"event": "unlabeled", "label": "modtaget", "createdAt": "2026-04-02T10:16:00Z"}, {"event": "labeled", "label": "under evaluering", "createdAt": "2026-04-02T10:16:00Z"}]},
 {"number": 11, "title": "[SDR] Ny model for medfinansiering", "body": "- **Dato**: 2026-06-04\n- **Status**: Accepteret\n\n## Beskrivelse\n\nTre kommuner betaler i fællesskab.", "labels": [{"name": "decision"}], "state": "CLOSED", "stateReason": "COMPLETED", "closedAt": "2026-06-04T14:10:00Z", "url": "https://github.com/os2test/governance/issues/11", "createdAt": "2026-04-20T12:00:00Z",
  "events": [{"event": "closed", "createdAt": "2026-06-04T14:10:00Z"}]}
]"###;
    let (built, _) = site(&[("index.md", "# OS2test\n"), (".github/issues.json", issues)]);
    let page = text(&built, "forvaltning/sager/9.html");
    assert!(page.contains("<h1>Kortvisning af stoppesteder</h1>"));
    assert!(
        page.contains("<dt>Status</dt><dd>Under evaluering</dd>"),
        "{page}"
    );
    assert!(page.contains("Statushistorik: modtaget <time datetime=\"2026-03-03\">3. marts 2026</time> → under evaluering <time datetime=\"2026-04-02\">2. april 2026</time>."));
    assert!(
        page.contains("<strong>jonas-vejle</strong>")
            && page.contains("Vi <strong>anbefaler</strong> det.")
    );
    assert!(
        !page.contains("<script>alert") && !page.contains("javascript:"),
        "{page}"
    );
    // A stranger's comment keeps no frame, style, class or comment; its links are marked.
    assert!(
        !page.contains("<iframe") && !page.contains("position:fixed") && !page.contains("skjult")
    );
    assert!(!page.contains("class=\"site-header\">Log ind"));
    assert!(
        page.contains(
            "<a href=\"https://snyd.example\" rel=\"nofollow ugc noopener noreferrer\">her</a>"
        ),
        "{page}"
    );
    assert!(page.contains("<dt>Milepæl</dt><dd>Version 3.2</dd>"));
    let decision = text(&built, "forvaltning/sager/11.html");
    assert!(
        decision.contains("<dt>Status</dt><dd>Accepteret</dd>"),
        "{decision}"
    );
    assert!(decision.contains("<dd>Lukket – gennemført</dd>"));
    assert!(decision.contains("Ingen kommentarer endnu."));
    // The overviews link to the issues' pages.
    let log = text(&built, "forvaltning/beslutningslog.html");
    assert!(log.contains("href=\"sager/11.html\""), "{log}");
}
