//! Any text through every stage: no panic, no NaN in the SVG, spans inside the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fn check(text: &str, extensions: bool) {
    let mut options = forvalt_gantt::Options::at(1_749_983_400_000);
    options.extensions = extensions;
    options.readable = extensions;
    let out = forvalt_gantt::render(text, &options);
    assert!(!nan_in_numbers(&out.svg));
    for d in &out.diagnostics {
        let spans = d
            .span
            .iter()
            .chain(d.labels.iter().map(|l| &l.span))
            .chain(d.suggestions.iter().map(|s| &s.span));
        for s in spans {
            assert!(s.start <= s.end && s.end as usize <= text.len());
            assert!(
                text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize)
            );
        }
    }
}

/// Whether a number in the SVG's markup is `NaN` (a task may be named `NaN`: text, names,
/// ids, classes, links and styles are the author's words and are not looked at).
fn nan_in_numbers(svg: &str) -> bool {
    const WORDS: [&str; 8] = [
        "id",
        "class",
        "href",
        "style",
        "role",
        "xmlns",
        "font-family",
        "text-anchor",
    ];
    for tag in svg.split('<').skip(1) {
        let mut rest = tag.split('>').next().unwrap_or("");
        while let Some(eq) = rest.find("=\"") {
            let name = rest[..eq].rsplit(' ').next().unwrap_or("");
            let after = &rest[eq + 2..];
            let end = after.find('"').unwrap_or(after.len());
            if !WORDS.contains(&name) && !name.starts_with("aria-") && after[..end].contains("NaN")
            {
                return true;
            }
            rest = &after[(end + 1).min(after.len())..];
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text, false);
        let chart = format!("gantt\n{text}");
        check(&chart, true);
    }
});
