//! Any text as a Markdown file's head: front matter split and parsed, the title, the
//! permalink and the page's address derived. No panic; every diagnostic inside the text on
//! character boundaries; a permalink forvalt accepts is a safe path.

#![no_main]

use forvalt_diag::FileId;
use forvalt_model::frontmatter::read_head;
use forvalt_model::url::{is_safe_link, page_url, permalink_problem, relative, scheme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut diagnostics = Vec::new();
    let head = read_head(text, FileId(0), &mut diagnostics);
    assert!(head.body_start <= text.len() && text.is_char_boundary(head.body_start));
    for d in &diagnostics {
        if let Some(s) = d.span {
            assert!(s.start <= s.end && s.end as usize <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
        }
    }
    let permalink = head.front_matter.as_ref().and_then(|f| f.str("permalink"));
    let url = page_url("docs/side.md", permalink.as_deref());
    assert!(url.url.starts_with('/'), "{url:?}");
    assert!(!url.output.split('/').any(|s| s == ".." || s.eq_ignore_ascii_case(".git")), "{url:?}");
    assert!(!url.output.contains(|c: char| c.is_control()), "{url:?}");
    if let Some(p) = &permalink
        && permalink_problem(p).is_none()
    {
        assert!(!p.trim().starts_with("//"));
    }
    // The link from any page to it is never read as a scheme.
    assert!(scheme(&relative("/", &url.url)).is_none());
    assert!(is_safe_link(&relative("/docs/side.html", &url.url)));
});
