//! The site's own Liquid: layouts in chains, hook includes, `site.*` for loops over pages
//! and collections, and just-the-docs' collection sections of the menu.

use forvalt_model::liquid::Object;
use forvalt_model::{LoadOptions, MemoryFiles, Repository, load};

fn repo(files: &[(&str, &str)]) -> (Repository, Vec<forvalt_diag::Diagnostic>) {
    let mut m = MemoryFiles::new();
    for (p, t) in files {
        m.insert(*p, t.as_bytes());
    }
    load(
        &m,
        &LoadOptions {
            now: 1_780_560_000_000,
            publish: None,
        },
    )
    .into_parts()
}

const CONFIG: &str = "title: OS2display\ncollections:\n  news:\n    output: true\njust_the_docs:\n  collections:\n    news:\n      name: Nyheder\n      nav_fold: true\n";

#[test]
fn a_layout_chain_wraps_the_content_and_ends_in_the_theme() {
    let (r, d) = repo(&[
        ("_config.yml", CONFIG),
        ("Gemfile", "gem \"jekyll\"\n"),
        (
            "_layouts/forside.html",
            "---\nlayout: ramme\n---\n<div class=\"forside\">{{ content }}</div>",
        ),
        (
            "_layouts/ramme.html",
            "---\nlayout: default\nfarve: blå\n---\n<section data-farve=\"{{ layout.farve }}\">{{ content }}</section>",
        ),
        (
            "index.md",
            "---\nlayout: forside\ntitle: Forside\n---\nHej\n",
        ),
    ]);
    assert!(d.iter().all(|d| !d.code.starts_with("liquid::")), "{d:?}");
    let i = r.page("index.md").unwrap();
    let page = r.liquid.page_object(i);
    let applied = r.liquid.apply_layouts(
        "forside",
        "<p>Hej</p>",
        &page,
        &Default::default(),
        &mut Vec::new(),
    );
    assert_eq!(
        applied.html.as_deref(),
        Some("<section data-farve=\"blå\"><div class=\"forside\"><p>Hej</p></div></section>")
    );
    assert_eq!(applied.theme, "default");
    assert_eq!(applied.used, ["forside", "ramme"]);
}

#[test]
fn cycles_missing_and_unreadable_layouts_are_reported() {
    let (r, d) = repo(&[
        ("_config.yml", "title: x\n"),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("_layouts/a.html", "---\nlayout: b\n---\nA{{ content }}"),
        ("_layouts/b.html", "---\nlayout: a\n---\nB{{ content }}"),
        ("_layouts/c.html", "---\nlayout: hjem\n---\n{% if %}C"),
        ("side.md", "---\nlayout: Default\n---\nx\n"),
    ]);
    let codes: Vec<&str> = d.iter().map(|d| d.code.as_ref()).collect();
    assert!(codes.contains(&"liquid::syntax"), "{codes:?}");
    let missing: Vec<String> = d
        .iter()
        .filter(|d| d.code == "liquid::layout-missing")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        missing,
        ["there is no layout `hjem`", "there is no layout `Default`"]
    );
    let mut found = Vec::new();
    let applied = r
        .liquid
        .apply_layouts("a", "x", &Object::new(), &Default::default(), &mut found);
    assert_eq!(applied.html.as_deref(), Some("BAx"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "liquid::layout-cycle");
    // An unreadable layout is left out; the page keeps its content.
    let applied = r.liquid.apply_layouts(
        "c",
        "x",
        &Object::new(),
        &Default::default(),
        &mut Vec::new(),
    );
    assert_eq!(applied.html, None);
}

#[test]
fn pages_loop_over_collections_data_and_html_pages() {
    let (r, d) = repo(&[
        ("_config.yml", CONFIG),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("_data/kontakt.yml", "- navn: Mette\n- navn: Jonas\n"),
        ("_data/bad.json", "{ nej"),
        (
            "_news/a.md",
            "---\ntitle: Første\ndate: 2026-10-01\n---\nEt.\n\nTo.\n",
        ),
        (
            "_news/b.md",
            "---\ntitle: Anden\ndate: 2026-11-15\n---\nTre.\n",
        ),
        (
            "index.md",
            "---\ntitle: Forside\n---\n{% assign n = site.news | sort: 'date' | reverse %}{% for x in n %}{{ x.title }}:{{ x.excerpt }};{% endfor %} {{ site.data.kontakt | map: 'navn' | join: ',' }} {{ site.html_pages | where_exp: 'p', \"p.title contains 'Fors'\" | size }}\n",
        ),
    ]);
    assert!(d.iter().any(|d| d.code == "data::unreadable"), "{d:?}");
    let i = r.page("index.md").unwrap();
    assert_eq!(
        r.body(&r.pages[i]).trim(),
        "Anden:Tre.;Første:Et.; Mette,Jonas 1"
    );
}

#[test]
fn collections_are_sections_of_the_menu() {
    let (r, _) = repo(&[
        ("_config.yml", CONFIG),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("index.md", "---\ntitle: Forside\n---\n"),
        ("_news/b.md", "---\ntitle: Bravo\n---\n"),
        ("_news/a.md", "---\ntitle: Alfa\n---\n"),
        ("_news/c.md", "---\ntitle: Charlie\nparent: Alfa\n---\n"),
    ]);
    assert_eq!(r.nav.roots.len(), 1);
    assert_eq!(r.nav.sections.len(), 1);
    let s = &r.nav.sections[0];
    assert_eq!((s.title.as_str(), s.fold), ("Nyheder", true));
    let titles: Vec<&str> = s
        .roots
        .iter()
        .map(|&n| match &r.nav.nodes[n].item {
            forvalt_model::NavItem::Page(p) => r.pages[*p].title.as_str(),
            _ => "?",
        })
        .collect();
    assert_eq!(titles, ["Alfa", "Bravo"]);
    assert_eq!(r.nav.nodes[s.roots[0]].children.len(), 1);
    // The only section of a menu without pages has no heading, as in just-the-docs.
    let (r, _) = repo(&[
        ("_config.yml", CONFIG),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("_news/a.md", "---\ntitle: Alfa\n---\n"),
    ]);
    assert_eq!(r.nav.sections[0].title, "");
    assert!(!r.nav.sections[0].fold);
}

#[test]
fn includes_that_replace_the_themes_own_parts_are_reported() {
    let (_, d) = repo(&[
        ("_config.yml", "title: x\n"),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("_includes/components/footer.html", "<footer>Egen</footer>"),
        ("_includes/footer_custom.html", "<p>Hook</p>"),
        ("_includes/kort.html", "<div>{{ include.x }}</div>"),
    ]);
    let parts: Vec<(&str, Vec<String>)> = d
        .iter()
        .filter(|d| d.code == "liquid::theme-part")
        .map(|d| (d.message.as_str(), d.help.clone()))
        .collect();
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert!(parts[0].0.contains("components/footer.html"));
    assert!(parts[0].1.iter().any(|h| h.contains("footer_custom.html")));
}

#[test]
fn a_collection_permalink_outside_the_site_is_reported_and_replaced() {
    let (r, d) = repo(&[
        (
            "_config.yml",
            "title: x\ncollections:\n  news:\n    output: true\n    permalink: \"//ond.example/:path\"\n",
        ),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("_news/a.md", "---\ntitle: A\n---\n"),
    ]);
    let bad: Vec<&forvalt_diag::Diagnostic> = d
        .iter()
        .filter(|d| d.code == "config::invalid-value")
        .collect();
    assert_eq!(bad.len(), 1, "{d:?}");
    assert!(bad[0].span.is_some());
    assert_eq!(r.pages[0].url, "/news/a.html");
}

#[test]
fn include_cached_is_an_include() {
    let (r, d) = repo(&[
        ("_config.yml", "title: x\n"),
        ("Gemfile", "gem \"jekyll\"\n"),
        ("_includes/kort.html", "[{{ include.tekst }}]"),
        (
            "side.md",
            "---\ntitle: Side\n---\n{% include_cached kort.html tekst=\"Hej\" %} {% include kort.html tekst=page.title %}\n",
        ),
    ]);
    assert!(d.iter().all(|d| !d.code.starts_with("liquid::")), "{d:?}");
    assert_eq!(r.body(&r.pages[0]).trim(), "[Hej] [Side]");
}
