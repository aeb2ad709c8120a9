//! kramdown attribute lists (`{: .note }`, `{: #id }`, `{:target="_blank"}`) and the
//! callout kinds they name.

use super::Env;
use super::html::{self, Extra, html_block, key};
use comrak::Arena;
use comrak::nodes::{AstNode, NodeValue};
use serde::Serialize;
use std::collections::BTreeMap;

/// Callout kinds (`{: .note }` → title and colour).
#[derive(Debug, Clone, Default)]
pub struct Callouts {
    kinds: BTreeMap<String, Callout>,
}

/// One callout kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// Shown title (`None`: no title, like just-the-docs' `highlight`).
    pub title: Option<String>,
    /// Colour name (blue, green, purple, red, yellow, grey).
    pub color: String,
}

impl Callouts {
    /// just-the-docs' usual kinds, with titles in the site language, overridden by
    /// `callouts:` in `_config.yml`.
    pub fn new(config: &serde_json::Map<String, serde_json::Value>, danish: bool) -> Callouts {
        let defaults: [(&str, &str, &str); 7] = [
            ("note", "callout_note", "blue"),
            ("tip", "callout_tip", "green"),
            ("important", "callout_important", "purple"),
            ("warning", "callout_warning", "red"),
            ("caution", "callout_caution", "red"),
            ("new", "callout_new", "green"),
            ("highlight", "", "yellow"),
        ];
        let strings = crate::i18n::strings(danish);
        let mut kinds = BTreeMap::new();
        for (name, key, color) in defaults {
            let t = if key.is_empty() { "" } else { strings.t(key) };
            kinds.insert(
                name.to_string(),
                Callout {
                    title: (!t.is_empty()).then(|| t.to_string()),
                    color: color.into(),
                },
            );
        }
        if let Some(serde_json::Value::Object(map)) = config.get("callouts") {
            for (name, v) in map {
                let default = kinds.get(name.as_str()).cloned();
                let title = v
                    .get("title")
                    .and_then(|t| t.as_str())
                    .map(str::to_string)
                    .map(|t| {
                        // An English default title on a Danish site is translated.
                        match (&default, danish) {
                            (Some(d), true)
                                if defaults.iter().any(|(n, key, _)| {
                                    n == name
                                        && !key.is_empty()
                                        && crate::i18n::EN.t(key).eq_ignore_ascii_case(&t)
                                }) =>
                            {
                                d.title.clone().unwrap_or(t)
                            }
                            _ => t,
                        }
                    })
                    .or_else(|| default.as_ref().and_then(|d| d.title.clone()));
                let color = v
                    .get("color")
                    .and_then(|c| c.as_str())
                    .map(|c| {
                        c.trim_end_matches(|ch: char| ch.is_ascii_digit())
                            .to_string()
                    })
                    .or_else(|| default.as_ref().map(|d| d.color.clone()))
                    .unwrap_or_else(|| "grey".into());
                kinds.insert(name.clone(), Callout { title, color });
            }
        }
        Callouts { kinds }
    }

    /// The callout of a class (`note`, or `note-title` for a titled block quote).
    pub fn get(&self, class: &str) -> Option<(&Callout, bool)> {
        if let Some(c) = self.kinds.get(class) {
            return Some((c, false));
        }
        let base = class.strip_suffix("-title")?;
        self.kinds.get(base).map(|c| (c, true))
    }
}

/// A parsed kramdown attribute list: `{: .a .b #id key="v" toc }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ial {
    /// Classes.
    pub classes: Vec<String>,
    /// `#id`.
    pub id: Option<String>,
    /// `key="value"` pairs.
    pub pairs: Vec<(String, String)>,
    /// Bare words (references such as `toc`).
    pub refs: Vec<String>,
}

/// Parses `{: … }` (the whole text, trimmed). `None` if it is not an attribute list.
pub fn parse_ial(text: &str) -> Option<Ial> {
    let t = text.trim();
    let inner = t.strip_prefix("{:")?.strip_suffix('}')?;
    if inner.contains(['{', '}']) {
        return None;
    }
    let mut ial = Ial::default();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            ial.classes.push(r[..end].to_string());
            rest = r[end..].trim_start();
        } else if let Some(r) = rest.strip_prefix('#') {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            ial.id = Some(r[..end].to_string());
            rest = r[end..].trim_start();
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(rest.len());
            let key = &rest[..end];
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':'))
            {
                return None;
            }
            let after = &rest[end..];
            if let Some(v) = after.strip_prefix('=') {
                let (value, tail) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = v[1..].find(q)? + 1;
                        (&v[1..close], &v[close + 1..])
                    }
                    _ => {
                        let e = v.find(char::is_whitespace).unwrap_or(v.len());
                        (&v[..e], &v[e..])
                    }
                };
                ial.pairs.push((key.to_string(), value.to_string()));
                rest = tail.trim_start();
            } else {
                ial.refs.push(key.to_string());
                rest = after.trim_start();
            }
        }
    }
    Some(ial)
}

/// The text of a paragraph's first or last line, when it consists only of text nodes.
fn line_text<'a>(nodes: &[&'a AstNode<'a>]) -> Option<String> {
    let mut s = String::new();
    for n in nodes {
        match &n.data().value {
            NodeValue::Text(t) => s.push_str(t),
            _ => return None,
        }
    }
    Some(s)
}

fn split_lines<'a>(para: &'a AstNode<'a>) -> Vec<Vec<&'a AstNode<'a>>> {
    let mut lines = vec![Vec::new()];
    for c in para.children() {
        if matches!(c.data().value, NodeValue::SoftBreak | NodeValue::LineBreak) {
            lines.push(Vec::new());
        } else if let Some(l) = lines.last_mut() {
            l.push(c);
        }
    }
    lines
}

/// A block and the attribute list that applies to it.
enum Applied<'a> {
    Block(&'a AstNode<'a>, Ial),
}

/// Finds kramdown attribute lists and applies them: to the block they follow or precede, to
/// the paragraph they start or end, or to the link they follow.
pub(super) fn apply_attribute_lists<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    env: &Env<'_>,
    extra: &mut Extra,
) {
    let paragraphs: Vec<&AstNode<'_>> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .collect();
    let mut applied: Vec<Applied<'_>> = Vec::new();
    for para in paragraphs {
        // Inline attribute lists after links: `[x](y){: .btn }`.
        inline_ials(para, extra);
        let lines = split_lines(para);
        let count = lines.len();
        let first = line_text(&lines[0]).and_then(|t| parse_ial(&t));
        if count == 1 {
            let Some(ial) = first else { continue };
            let start = para.data().sourcepos.start.line;
            let prev = para.previous_sibling().filter(|p| {
                p.data().sourcepos.end.line + 1 == start
                    && !matches!(p.data().value, NodeValue::HtmlBlock(_))
            });
            let target = prev
                .or_else(|| para.next_sibling())
                .or_else(|| para.previous_sibling());
            para.detach();
            if let Some(t) = target {
                applied.push(Applied::Block(t, ial));
            }
            continue;
        }
        let last = line_text(&lines[count - 1]).and_then(|t| parse_ial(&t));
        if let Some(ial) = first {
            for n in &lines[0] {
                n.detach();
            }
            if let Some(b) = para.first_child() {
                b.detach(); // the line break
            }
            applied.push(Applied::Block(para, ial));
        }
        if let Some(ial) = last {
            for n in &lines[count - 1] {
                n.detach();
            }
            if let Some(b) = para.last_child()
                && matches!(b.data().value, NodeValue::SoftBreak | NodeValue::LineBreak)
            {
                b.detach();
            }
            // `1. TOC\n{:toc}` marks the whole list.
            let list = if ial.refs.iter().any(|r| r == "toc") {
                para.ancestors()
                    .find(|a| matches!(a.data().value, NodeValue::List(_)))
            } else {
                None
            };
            applied.push(Applied::Block(list.unwrap_or(para), ial));
        }
    }
    for Applied::Block(node, ial) in applied {
        apply(arena, node, ial, env, extra);
    }
}

fn apply<'a>(
    arena: &'a Arena<'a>,
    node: &'a AstNode<'a>,
    ial: Ial,
    env: &Env<'_>,
    extra: &mut Extra,
) {
    if ial.refs.iter().any(|r| r == "toc") {
        let marker = html_block(arena, format!("{}\n", html::TOC_MARKER));
        node.insert_before(marker);
        node.detach();
        return;
    }
    if matches!(node.data().value, NodeValue::Heading(_)) {
        let e = extra.headings.entry(key(node)).or_default();
        if let Some(id) = ial.id {
            e.0 = id;
        }
        e.1.extend(ial.classes);
        return;
    }
    let callout = ial
        .classes
        .iter()
        .find_map(|c| env.callouts.get(c).map(|k| (c.clone(), k)));
    let (open, close) = if let Some((class, (kind, titled))) = callout {
        #[derive(Serialize)]
        struct View<'a> {
            kind: &'a str,
            color: &'a str,
            titled: bool,
            id: Option<&'a str>,
            title: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct Ctx<'a> {
            callout: View<'a>,
        }
        let (mut open, close) = env.theme.render_around(
            "callout.html",
            &Ctx {
                callout: View {
                    kind: class.trim_end_matches("-title"),
                    color: &kind.color,
                    titled,
                    id: ial.id.as_deref(),
                    title: kind.title.as_deref().filter(|_| !titled),
                },
            },
        );
        if !open.ends_with('\n') {
            open.push('\n');
        }
        (open, close)
    } else {
        if ial.classes.is_empty() && ial.id.is_none() {
            return;
        }
        html::attribute_div(&ial.classes, ial.id.as_deref())
    };
    node.insert_before(html_block(arena, open));
    node.insert_after(html_block(arena, close));
}

fn inline_ials<'a>(para: &'a AstNode<'a>, extra: &mut Extra) {
    let children: Vec<&AstNode<'_>> = para.children().collect();
    for pair in children.windows(2) {
        let (prev, text) = (pair[0], pair[1]);
        if !matches!(prev.data().value, NodeValue::Link(_)) {
            continue;
        }
        let t = match &text.data().value {
            NodeValue::Text(t) => t.to_string(),
            _ => continue,
        };
        if !t.starts_with("{:") {
            continue;
        }
        let Some(end) = t.find('}') else { continue };
        let Some(ial) = parse_ial(&t[..=end]) else {
            continue;
        };
        let rest = t[end + 1..].to_string();
        if rest.is_empty() {
            text.detach();
        } else {
            text.data_mut().value = NodeValue::Text(rest.into());
        }
        let a = extra.links.entry(key(prev)).or_default();
        a.classes.extend(ial.classes);
        for (k, v) in ial.pairs {
            if k == "target" && v == "_blank" {
                a.new_tab = true;
            }
        }
    }
}
