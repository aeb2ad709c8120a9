//! Unit tests of Liquid rendering.

use super::*;

fn env() -> Liquid {
    let config: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        r#"{"title":"OS2skolekørsel","url":"https://x.github.io","baseurl":"/pf","lang":"da"}"#,
    )
    .unwrap();
    let mut includes = BTreeMap::new();
    includes.insert(
        "note.html".to_string(),
        "<aside>{{ include.content }}</aside>".to_string(),
    );
    let tz = TimeZone::get("Europe/Copenhagen").unwrap();
    let now: Zoned = "2026-06-04T10:00:00+02:00[Europe/Copenhagen]"
        .parse()
        .unwrap();
    Liquid::new(&config, includes, true, tz, now)
}

fn run(text: &str) -> (String, Vec<Diagnostic>) {
    let page: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"title":"Roadmap","date":"19-08-2025","status":"Udkast"}"#)
            .unwrap();
    let mut d = Vec::new();
    let out = env().render(text, &page, FileId(0), 0, &mut d);
    (out, d)
}

#[test]
fn jekyll_variables_and_filters() {
    let (out, d) = run(
        "{{ site.title }} – {{ page.title }} – {{ site.time | date: '%B %d, %Y' }} – {{ page.date | date: \"%-d. %B %Y\" }} – {{ '/docs/' | relative_url }}",
    );
    assert_eq!(
        out,
        "OS2skolekørsel – Roadmap – juni 04, 2026 – 19. august 2025 – /pf/docs/"
    );
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn raw_include_and_conditions() {
    let (out, d) = run(
        "{% raw %}{{ page.title }}{% endraw %} {% include note.html content=\"Bemærk\" %}{% if page.status == \"Udkast\" %} UDKAST{% endif %}",
    );
    assert_eq!(out, "{{ page.title }} <aside>Bemærk</aside> UDKAST");
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn unknown_things_are_reported_and_kept() {
    let text = "Titel: {{ page.title | slugify_da }} og {% highlight ruby %}x{% endhighlight %} {{ page.mangler }}.";
    let (out, d) = run(text);
    assert!(out.contains("{{ page.title | slugify_da }}"), "{out}");
    assert!(out.ends_with(" ."), "unknown variables render empty: {out}");
    let codes: Vec<&str> = d.iter().map(|d| d.code.as_ref()).collect();
    assert!(codes.contains(&"liquid::unknown-filter"), "{codes:?}");
    assert!(codes.contains(&"liquid::unknown-tag"), "{codes:?}");
    let f = d
        .iter()
        .find(|d| d.code == "liquid::unknown-filter")
        .unwrap();
    assert_eq!(
        &text[f.span.unwrap().range()],
        "{{ page.title | slugify_da }}"
    );
    assert!(f.help.iter().any(|h| h.contains("slugify")));
}

#[test]
fn broken_liquid_keeps_the_text() {
    let (out, d) = run("{% if page.title %}ingen slutning");
    assert_eq!(out, "{% if page.title %}ingen slutning");
    assert_eq!(d[0].code, "liquid::syntax");
    let (out, d) = run("ingen liquid");
    assert_eq!(out, "ingen liquid");
    assert!(d.is_empty());
}

#[test]
fn reading_page_contents_is_told_from_a_layouts_own_content() {
    use super::reads_contents;
    for text in [
        "<main>{{ content }}</main>",
        "<main>{{- content -}}</main>{% include footer.html %}",
        "Table of contents and excerpts, in prose",
        "{{ page.title }} {% for p in site.pages %}{{ p.url }}{% endfor %}",
        "{ not liquid } {{",
        "{{ soeskende[f].url | relative_url }} {{ list[0].title }}",
    ] {
        assert!(!reads_contents(text), "{text}");
    }
    for text in [
        "{{ page.content }}",
        "{% for p in site.pages %}{{ p.excerpt }}{% endfor %}",
        "{% assign all = site.pages | map: \"content\" %}",
        "{{ content | strip_html }}",
        "{{ site.documents.first.content",
        "{{ page | jsonify }}",
        "{% for kv in page %}{{ kv }}{% endfor %}",
        "{{ p[field] }}",
    ] {
        assert!(reads_contents(text), "{text}");
    }
}
