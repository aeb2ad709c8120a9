//! Drawing: charts as SVG. Roadmaps are drawn by forvalt-gantt, other Mermaid diagrams by
//! merman, the årshjul here. This is the one part of the site that writes markup in Rust:
//! SVG, which is drawing, not page structure.

pub mod diagram;
pub mod gantt;
pub mod pie;
pub(crate) mod print;
pub mod wheel;

/// Escapes text for SVG (XML) content and attribute values: the same five characters as
/// HTML.
pub fn xml_escape(s: &str) -> String {
    crate::theme::escape_html(s)
}
