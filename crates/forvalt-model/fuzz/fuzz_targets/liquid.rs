//! Liquid rendering on arbitrary pages: no panic, no stack overflow on a rayon-sized
//! stack, bounded time, and every diagnostic inside the page.
//!
//! The input is the page's body; after a NUL byte comes the text of `_includes/fuzz.html`.
//! The site has a few fixed includes, one of which includes itself and two that include
//! each other. Limits are lower than the defaults so that inputs that run into them stay
//! fast; they take the same paths.

#![no_main]

use forvalt_diag::FileId;
use forvalt_model::liquid::{Limits, Liquid, PageVar};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Where the body starts in its file.
const OFFSET: usize = 7;

fn env(fuzz_include: &str) -> Liquid {
    let config: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        r#"{"title":"Forvalt","url":"https://x.github.io","baseurl":"/pf","lang":"da","list":[1,"to",{"a":[3]}]}"#,
    )
    .expect("fixed config");
    let mut includes = BTreeMap::new();
    for (name, text) in [
        ("note.html", "<aside>{{ include.content | upcase }}</aside>"),
        (
            "self.html",
            "{{ include.n }}{% include self.html n=include.n %}",
        ),
        (
            "a.html",
            "{% for i in (1..3) %}{% include b.html %}{% endfor %}",
        ),
        ("b.html", "{% if true %}{% include a.html %}{% endif %}"),
        ("dir/box.html", "[{{ include.x | default: 'tom' }}]"),
    ] {
        includes.insert(name.to_string(), text.to_string());
    }
    includes.insert("fuzz.html".to_string(), fuzz_include.to_string());
    let tz = jiff::tz::TimeZone::get("Europe/Copenhagen").expect("bundled zone");
    let now: jiff::Zoned = "2026-06-04T10:00:00+02:00[Europe/Copenhagen]"
        .parse()
        .expect("fixed time");
    let mut liquid = Liquid::new(&config, includes, true, tz, now).with_limits(Limits {
        steps: 20_000,
        work: 16 << 20,
        output: 1 << 20,
        value: 1 << 20,
        ..Limits::default()
    });
    // A few pages and documents for `site.pages`, `site.html_pages`, `site.news` and the
    // list filters over them.
    let pages: Vec<PageVar> = [
        (r#"{"title":"Forside","url":"/","name":"index.md","nav_order":1}"#, None),
        (r#"{"title":"Møder","url":"/moeder.html","name":"moeder.md","nav_order":"2","parent":"Styring"}"#, None),
        (r#"{"title":"Styring","url":"/styring.html","name":"styring.md","status":"Udkast"}"#, None),
        (r#"{"title":"Nyt","url":"/news/a.html","date":"2026-10-01","tags":["x"]}"#, Some("news")),
    ]
    .into_iter()
    .map(|(json, c)| {
        let v: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).expect("fixed page");
        PageVar::new(&v, c.map(str::to_string), true)
    })
    .collect();
    let data = serde_json::from_str(r#"{"kontakt":[{"navn":"Mette"},{"navn":"Jonas"}]}"#)
        .expect("fixed data");
    liquid.set_pages(pages, data);
    liquid
}

/// The environment for the last include text seen (most inputs have none).
fn cached_env(include: &str) -> Arc<Liquid> {
    static LAST: Mutex<Option<(String, Arc<Liquid>)>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    match &*last {
        Some((text, liquid)) if text == include => liquid.clone(),
        _ => {
            let liquid = Arc::new(env(include));
            *last = Some((include.to_string(), liquid.clone()));
            liquid
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let run = move || {
        let (body, include) = text.split_once('\0').unwrap_or((&text, ""));
        let page: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"title":"Referat","date":"2026-03-12","tags":["a","b"],"n":3}"#,
        )
        .expect("fixed page");
        let liquid = cached_env(include);
        let mut diagnostics = Vec::new();
        let _ = liquid.render(body, &page, FileId(0), OFFSET, &mut diagnostics);
        for d in &diagnostics {
            if let Some(s) = d.span {
                let r = s.range();
                assert!(
                    r.start >= OFFSET && r.start <= r.end && r.end <= OFFSET + body.len(),
                    "{d:?} outside the body"
                );
            }
        }
    };
    // Pages are rendered on rayon's threads, which have 2 MiB stacks.
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .expect("thread");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
});
