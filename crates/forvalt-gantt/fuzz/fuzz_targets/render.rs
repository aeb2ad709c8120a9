//! Any text through every stage: no panic, no NaN in the SVG, spans inside the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fn check(text: &str, extensions: bool) {
    let mut options = forvalt_gantt::Options::at(1_749_983_400_000);
    options.extensions = extensions;
    options.readable = extensions;
    let out = forvalt_gantt::render(text, &options);
    assert!(!out.svg.contains("NaN"));
    for d in &out.diagnostics {
        if let Some(s) = d.span {
            assert!(s.end as usize <= text.len());
            assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text, false);
        let chart = format!("gantt\n{text}");
        check(&chart, true);
    }
});
