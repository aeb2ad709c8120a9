//! Drawing: charts as SVG. Roadmaps are drawn by forvalt-gantt, other Mermaid diagrams by
//! merman, the årshjul here. This is the one part of the site that writes markup in Rust:
//! SVG, which is drawing, not page structure.

pub mod diagram;
pub mod gantt;
pub mod wheel;

/// Escapes text for SVG (XML) content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}
