//! The Markdown renderer's own element markup: comrak writes the HTML of Markdown's elements,
//! and this module adjusts a few of them as kramdown and just-the-docs do — heading ids and
//! classes, link attributes, accessible task boxes, and the `<div>` a block attribute list
//! puts around a block. Page structure and views are templates (`templates/`); this is the
//! one place outside SVG drawing where Rust writes tags, because these are Markdown elements.

use comrak::nodes::{AstNode, NodeHtmlBlock, NodeValue};
use comrak::{Arena, Options, create_formatter};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Per-node rendering data for the formatter.
#[derive(Default)]
pub(super) struct Extra {
    /// Heading id and classes, by node.
    pub headings: HashMap<usize, (String, Vec<String>)>,
    /// Link attributes, by node.
    pub links: HashMap<usize, LinkAttrs>,
    /// The hidden text after a link that opens in a new tab.
    pub new_tab: &'static str,
    /// Give every heading with an id a link to itself (`heading_anchors`).
    pub anchors: bool,
}

/// A link's extra attributes.
#[derive(Default, Clone)]
pub(super) struct LinkAttrs {
    /// The rewritten address (`.md` → `.html`).
    pub href: Option<String>,
    /// Classes from an attribute list.
    pub classes: Vec<String>,
    /// `target="_blank"`.
    pub new_tab: bool,
    /// Points at another site.
    pub external: bool,
}

/// The identity of a node, for [`Extra`].
pub(super) fn key(node: &AstNode<'_>) -> usize {
    node as *const AstNode<'_> as usize
}

create_formatter!(Formatter<Extra>, {
    NodeValue::Heading(ref nh) => |context, node, entering| {
        let level = nh.level;
        if entering {
            let (id, classes) = context
                .user
                .headings
                .get(&key(node))
                .cloned()
                .unwrap_or_default();
            context.cr()?;
            write!(context, "<h{level}")?;
            if !id.is_empty() {
                context.write_str(" id=\"")?;
                context.escape(&id)?;
                context.write_str("\"")?;
            }
            if !classes.is_empty() {
                context.write_str(" class=\"")?;
                context.escape(&classes.join(" "))?;
                context.write_str("\"")?;
            }
            context.write_str(">")?;
        } else {
            let id = context
                .user
                .headings
                .get(&key(node))
                .map(|(id, _)| id.clone())
                .unwrap_or_default();
            // The page title needs none; the others are named by their heading, and the
            // sign is only what the eye sees.
            if context.user.anchors && !id.is_empty() && level > 1 {
                context.write_str(" <a class=\"anchor-heading\" href=\"#")?;
                context.escape_href(&id)?;
                context.write_str("\" aria-labelledby=\"")?;
                context.escape(&id)?;
                context.write_str("\"><span aria-hidden=\"true\">#</span></a>")?;
            }
            write!(context, "</h{level}>")?;
            context.lf()?;
        }
    },
    NodeValue::Link(ref nl) => |context, node, entering| {
        if entering {
            let attrs = context.user.links.get(&key(node)).cloned().unwrap_or_default();
            context.write_str("<a href=\"")?;
            context.escape_href(attrs.href.as_deref().unwrap_or(&nl.url))?;
            context.write_str("\"")?;
            if !nl.title.is_empty() {
                context.write_str(" title=\"")?;
                context.escape(&nl.title)?;
                context.write_str("\"")?;
            }
            if !attrs.classes.is_empty() {
                context.write_str(" class=\"")?;
                context.escape(&attrs.classes.join(" "))?;
                context.write_str("\"")?;
            }
            if attrs.new_tab {
                context.write_str(" target=\"_blank\" rel=\"noopener noreferrer\"")?;
            } else if attrs.external {
                context.write_str(" rel=\"noopener\"")?;
            }
            context.write_str(">")?;
        } else {
            if context.user.links.get(&key(node)).is_some_and(|a| a.new_tab) {
                let text = context.user.new_tab;
                write!(context, "<span class=\"visually-hidden\"> ({text})</span>")?;
            }
            context.write_str("</a>")?;
        }
    },
});

/// Renders the document with the adjustments in `extra`.
pub(super) fn format<'a>(root: &'a AstNode<'a>, opts: &Options<'_>, extra: Extra) -> String {
    let mut html = String::new();
    let _ = Formatter::format_document(root, opts, &mut html, extra);
    html
}

/// Where the body's first level-1 heading ends (after `</h1>`), when it has one.
pub(super) fn after_first_h1(html: &str) -> Option<usize> {
    html.find("</h1>").map(|i| i + "</h1>".len())
}

/// Task-list checkboxes are read-only pictures of a state: give each an accessible name
/// (`done` / `open`), which GitHub's and comrak's markup lack.
pub(super) fn label_task_boxes(html: &str, done: &str, open: &str) -> String {
    const BOX: &str = "<input type=\"checkbox\" class=\"task-list-item-checkbox\"";
    if !html.contains(BOX) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find(BOX) {
        out.push_str(&rest[..i]);
        let after = &rest[i + BOX.len()..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let checked = after[..end].contains("checked");
        out.push_str(BOX);
        out.push_str(" aria-label=\"");
        out.push_str(if checked { done } else { open });
        out.push('"');
        out.push_str(&after[..end]);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A block of raw HTML in the tree (a drawn chart, a callout's start or end).
pub(super) fn html_block<'a>(arena: &'a Arena<'a>, html: String) -> &'a AstNode<'a> {
    arena.alloc(AstNode::from(NodeValue::HtmlBlock(NodeHtmlBlock {
        block_type: 6,
        literal: html,
    })))
}

/// The start and end of the `<div>` that carries a block attribute list's classes and id
/// (escaped).
pub(super) fn attribute_div(classes: &[String], id: Option<&str>) -> (String, String) {
    let mut open = String::from("<div");
    if !classes.is_empty() {
        let classes: Vec<String> = classes
            .iter()
            .map(|c| crate::theme::escape_html(c))
            .collect();
        let _ = write!(open, " class=\"{}\"", classes.join(" "));
    }
    if let Some(id) = id {
        let _ = write!(open, " id=\"{}\"", crate::theme::escape_html(id));
    }
    open.push_str(">\n");
    (open, "</div>\n".to_string())
}

/// Replaces the literal of every raw HTML node not in `raw` (forvalt's own: charts,
/// callouts, attribute lists) with a numbered marker, so the sanitizer sees only the
/// author's HTML and Markdown; returns the literals, by number.
pub(super) fn set_aside<'a>(
    root: &'a AstNode<'a>,
    raw: &std::collections::HashSet<usize>,
) -> Vec<String> {
    let mut kept = Vec::new();
    for node in root.descendants() {
        if raw.contains(&key(node)) {
            continue;
        }
        let mut data = node.data_mut();
        let marker = format!("{KEEP}{}-->", kept.len());
        match &mut data.value {
            NodeValue::HtmlBlock(h) => {
                kept.push(std::mem::replace(&mut h.literal, marker + "\n"));
            }
            NodeValue::HtmlInline(s) => kept.push(std::mem::replace(s, marker)),
            _ => {}
        }
    }
    kept
}

/// Puts the literals [`set_aside`] took back in place of their markers (a marker the author
/// wrote names forvalt's own markup too, which is safe).
pub(super) fn put_back(html: &str, kept: &[String]) -> String {
    if kept.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + kept.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(i) = rest.find(KEEP) {
        out.push_str(&rest[..i]);
        let after = &rest[i + KEEP.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match (
            after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| kept.get(n)),
            after[digits..].strip_prefix("-->"),
        ) {
            (Some(literal), Some(tail)) => {
                out.push_str(literal.strip_suffix('\n').unwrap_or(literal));
                rest = tail;
            }
            _ => {
                out.push_str(KEEP);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const KEEP: &str = "<!--forvalt:keep:";

/// The marker a `{:toc}` list leaves, replaced by the table of contents once every heading
/// is known.
pub(super) const TOC_MARKER: &str = "<!--forvalt:toc-->";
