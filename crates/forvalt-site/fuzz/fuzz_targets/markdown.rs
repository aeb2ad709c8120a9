//! Any text as the body of a page of a small site, rendered as the site renders it (raw HTML
//! sanitized, the default): no panic, no stack overflow, output linear in the input, and
//! never a script, an event handler or a script address in the HTML.

#![no_main]

use forvalt_model::{LoadOptions, MemoryFiles, Repository, load};
use forvalt_site::markdown::{Input, render};
use forvalt_site::{BuildOptions, Plan, plan};
use libfuzzer_sys::fuzz_target;

struct World {
    repo: &'static Repository,
    plan: &'static Plan<'static>,
}

fn world() -> World {
    let mut f = MemoryFiles::new();
    f.insert("_config.yml", "title: Fuzz\nlang: da\nbaseurl: /fv\n");
    f.insert("index.md", "---\ntitle: Forside\n---\n# Forside\n");
    f.insert("docs/side.md", "---\ntitle: Side\n---\n# Side\n");
    f.insert("docs/andet.md", "---\ntitle: Andet\npermalink: /andet/\n---\n");
    f.insert(
        "dagsordner-og-referater/styregruppe/20260604_Styregruppe.md",
        "# Styregruppemøde 04.06.2026\n\n**Tid**: 04.06.2026 kl. 13 - 14.30\n",
    );
    let repo: &'static Repository = Box::leak(Box::new(
        load(&f, &LoadOptions { now: 1_780_000_000_000, publish: None }).value,
    ));
    let options: &'static BuildOptions = Box::leak(Box::new(BuildOptions {
        exports: false,
        search: false,
        ..BuildOptions::default()
    }));
    let plan: &'static Plan<'static> = Box::leak(Box::new(plan(repo, options).value));
    World { repo, plan }
}

thread_local! {
    static WORLD: World = world();
}

/// A start tag that could run a script.
fn scripted(html: &str) -> Option<&str> {
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices('<') {
        let tag = &lower[i + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let handler = tag
            .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '"' || c == '\'')
            .any(|a| a.starts_with("on") && a.contains('='));
        if tag.starts_with("script") || handler || tag.contains("=\"javascript:") {
            return Some(&html[i..i + 1 + end]);
        }
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    WORLD.with(|w| {
        let i = w.repo.page("docs/side.md").expect("the page");
        let p = &w.repo.pages[i];
        let input = Input {
            body: text,
            source_body: text,
            file: p.file,
            body_offset: 0,
            path: &p.path,
            url: &p.url,
        };
        let env = w.plan.env(false);
        let body = render(&input, &env);
        // Charts may draw up to Mermaid's tick limit whatever their length: the page's
        // drawing budget plus one chart.
        let allowance = forvalt_site::markdown::MAX_DRAWN_BYTES + (4 << 20);
        assert!(body.html.len() <= 200 * text.len() + allowance, "output {} for input {}", body.html.len(), text.len());
        if let Some(tag) = scripted(&body.html) {
            panic!("a tag that can run a script: {tag}");
        }
    });
});
