//! Raw HTML nodes of a Markdown page under the site's policy ([`HtmlPolicy`]), each removal
//! reported at its place.

use crate::sanitize::{HtmlPolicy, only_comments, removals};
use comrak::nodes::{AstNode, NodeValue};
use forvalt_diag::{Diagnostic, Span};

/// The most removals reported one by one per page.
const REPORTED: usize = 20;

/// Applies `policy` to the raw HTML nodes of a freshly parsed document (`user`: the nodes
/// as the author wrote them, before forvalt adds its own), reporting removals through
/// `place(line, column)`. Returns whether the formatted page must be sanitized.
pub(super) fn apply<'a>(
    user: &[&'a AstNode<'a>],
    policy: HtmlPolicy,
    place: impl Fn(usize, usize) -> Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut needs_sanitizing = false;
    let mut reported = 0usize;
    for node in user {
        let sp = node.data().sourcepos;
        let literal = match &node.data().value {
            NodeValue::HtmlBlock(h) => h.literal.clone(),
            NodeValue::HtmlInline(s) => s.clone(),
            _ => continue,
        };
        if only_comments(&literal) {
            continue;
        }
        match policy {
            HtmlPolicy::Allow => {}
            HtmlPolicy::Escape => escape(node, literal),
            HtmlPolicy::Sanitize => {
                needs_sanitizing = true;
                for (at, what) in removals(&literal) {
                    reported += 1;
                    if reported > REPORTED {
                        continue;
                    }
                    let before = &literal[..at];
                    let line = sp.start.line + before.matches('\n').count();
                    let col = match before.rfind('\n') {
                        Some(nl) => at - nl,
                        None => sp.start.column + at,
                    };
                    diagnostics.push(
                        Diagnostic::warning("site::html-removed", format!("{what} was removed from the published page"))
                            .with_span(place(line, col))
                            .with_help("remove it from the page, or set `forvalt: html: allow` in _config.yml if every author of the repository is trusted"),
                    );
                }
            }
        }
    }
    if reported > REPORTED
        && let Some(last) = diagnostics.last_mut()
    {
        last.message.push_str(&format!(
            " (and {} more removals on this page)",
            reported - REPORTED
        ));
    }
    needs_sanitizing
}

/// Shows a raw HTML node as text.
fn escape<'a>(node: &'a AstNode<'a>, literal: String) {
    let block = matches!(node.data().value, NodeValue::HtmlBlock(_));
    if block {
        // A paragraph whose text is the HTML as written.
        node.data_mut().value = NodeValue::CodeBlock(Box::new(comrak::nodes::NodeCodeBlock {
            fenced: true,
            fence_char: b'`',
            fence_length: 3,
            fence_offset: 0,
            info: "html".into(),
            literal,
            closed: true,
        }));
    } else {
        node.data_mut().value = NodeValue::Text(literal.into());
    }
}
