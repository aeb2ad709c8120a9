//! Markdown → HTML: GFM through comrak, plus what Jekyll sites rely on — kramdown attribute
//! lists (`{: .note }` callouts, `{: .no_toc }`, `{:toc}`, `{: #id }`, `{:target="_blank"}`),
//! kramdown's GFM heading ids, `.md` links, and ```` ```mermaid ```` charts drawn in place.

mod fences;
mod html;
mod ial;
mod limits;
mod raw_html;

pub use crate::sanitize::HtmlPolicy;
pub use ial::{Callout, Callouts, Ial, parse_ial};
pub use limits::{MAX_DEPTH, MAX_DRAWN_BYTES, MAX_TABLE_CELLS};

use crate::draw::gantt::ChartSettings;
use crate::draw::gantt::RoadmapItem;
use crate::i18n::Strings;
use crate::theme::Theme;
pub use crate::views::toc::Heading;
use crate::views::toc::toc;
use comrak::nodes::{AstNode, NodeHtmlBlock, NodeValue};
use comrak::{Arena, Options, parse_document};
use forvalt_diag::{Diagnostic, FileId, Lines, Sources, Span};
use forvalt_model::links::{LinkIndex, Target};
use serde::Serialize;
use std::collections::HashMap;

/// A page body to render.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The Markdown after Liquid.
    pub body: &'a str,
    /// The Markdown as written (to place diagnostics).
    pub source_body: &'a str,
    /// The source file.
    pub file: FileId,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// The page's source path.
    pub path: &'a str,
    /// The page's URL (escaped, without baseurl).
    pub url: &'a str,
}

impl<'a> Input<'a> {
    /// The body of a page of `repo`.
    pub fn page(repo: &'a forvalt_model::Repository, p: &'a forvalt_model::Page) -> Input<'a> {
        Input {
            body: repo.body(p),
            source_body: repo.source_body(p),
            file: p.file,
            body_offset: p.body_offset,
            path: &p.path,
            url: &p.url,
        }
    }
}

/// What every page shares.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// Link targets.
    pub links: &'a LinkIndex,
    /// Chart settings.
    pub charts: &'a ChartSettings,
    /// Interface strings.
    pub strings: &'static Strings,
    /// Callout titles.
    pub callouts: &'a Callouts,
    /// Source files, for locations shown in chart error boxes.
    pub sources: &'a Sources,
    /// The governance records (meetings feed the årshjul).
    pub records: &'a forvalt_model::Records,
    /// Today (the årshjul's year and today line).
    pub today: jiff::civil::Date,
    /// Export charts (standalone SVGs in [`Body::exports`], download links in the page).
    pub exports: bool,
    /// The templates charts, callouts and tables of contents are rendered with.
    pub theme: &'a Theme,
    /// What happens to raw HTML in Markdown.
    pub html: HtmlPolicy,
    /// Links from headings to themselves (just-the-docs' `heading_anchors`).
    pub heading_anchors: bool,
}

/// A link found in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// As written.
    pub href: String,
    /// What it points to (`None`: nothing in the site, or external).
    pub target: Option<Target>,
    /// Whether it is internal (Markdown, root-absolute or the site's own URL).
    pub internal: bool,
    /// Where it is (in the source file).
    pub span: Span,
    /// An image rather than a link.
    pub image: bool,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// Where the first level-1 heading ends in [`Body::html`] (the card of a record goes
    /// there).
    pub h1_end: Option<usize>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Plain text, for search.
    pub text: String,
    /// The first paragraph's text (for descriptions).
    pub summary: String,
    /// Gantt charts drawn.
    pub charts: usize,
    /// Charts with errors.
    pub chart_errors: usize,
    /// Other diagrams.
    pub diagrams: usize,
    /// Årshjul drawn.
    pub wheels: usize,
    /// The scheduled items of the gantt charts.
    pub roadmap: Vec<RoadmapItem>,
    /// Links and images.
    pub links: Vec<Link>,
    /// Computed scores of the body's priority and risk matrices.
    pub matrices: Vec<crate::views::records::Matrix>,
    /// Charts to export beside the page (when [`Env::exports`]), in page order.
    pub exports: Vec<crate::export::ChartFile>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Body {
    /// Whether the body has its own level-1 heading.
    pub fn has_h1(&self) -> bool {
        self.headings.iter().any(|h| h.level == 1)
    }
}

pub use forvalt_model::page::heading_id;

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.alerts = true;
    o.render.r#unsafe = true;
    o.render.tasklist_classes = true;
    o
}

/// Markdown to HTML as Liquid's `markdownify` gives it to a layout or include (the
/// caller sanitizes the layout's output as a whole).
pub fn markdownify(text: &str) -> String {
    if limits::exceeded(text).is_some() {
        return crate::theme::escape_html(text);
    }
    comrak::markdown_to_html(text, &options())
}

/// Renders a page body.
pub fn render(input: &Input<'_>, env: &Env<'_>) -> Body {
    let arena = Arena::new();
    let opts = options();
    let mut body = Body::default();
    if let Some((line, why)) = limits::exceeded(input.body) {
        return as_text(input, &opts, line, why);
    }
    let root = parse_document(&arena, input.body, &opts);
    let mut extra = html::Extra {
        new_tab: env.strings.t("new_tab"),
        anchors: env.heading_anchors,
        ..html::Extra::default()
    };
    let body_lines = Lines::new(input.body);
    let place = |line: usize, col: usize| -> Span {
        let start = body_lines
            .line_start(line.saturating_sub(1))
            .unwrap_or(input.body.len());
        let off = (start + col.saturating_sub(1)).min(input.source_body.len());
        Span::point(input.body_offset + off).in_file(input.file)
    };
    let raw: Vec<&AstNode<'_>> = root
        .descendants()
        .filter(|n| {
            matches!(
                n.data().value,
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
            )
        })
        .collect();
    let sanitize = raw_html::apply(&raw, env.html, place, &mut body.diagnostics);
    ial::apply_attribute_lists(&arena, root, env, &mut extra);
    let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
    let mut chart_search_from = 0usize;
    let mut drawn_bytes = 0usize;
    let mut ids: HashMap<String, usize> = HashMap::new();
    for node in nodes {
        let value = node.data().value.clone();
        match value {
            NodeValue::Heading(h) => heading(node, h.level, &mut extra, &mut ids, &mut body),
            NodeValue::CodeBlock(cb) if cb.fenced => {
                let lang = cb.info.split_whitespace().next().unwrap_or("");
                let sp = node.data().sourcepos;
                let drawing =
                    lang.eq_ignore_ascii_case("aarshjul") || lang.eq_ignore_ascii_case("mermaid");
                if drawing && drawn_bytes > limits::MAX_DRAWN_BYTES {
                    // Shown as its source, like any code block.
                    body.diagnostics.push(limits::too_much_drawn(
                        place(sp.start.line, sp.start.column),
                        drawn_bytes,
                    ));
                    continue;
                }
                let html = if lang.eq_ignore_ascii_case("aarshjul") {
                    let at = place(sp.start.line + 1, 1);
                    fences::wheel(&cb.literal, at, input, env, &mut body)
                } else if lang.eq_ignore_ascii_case("mermaid") {
                    let mut search_from = chart_search_from;
                    let html =
                        fences::mermaid(&cb.literal, sp, input, env, &mut body, &mut search_from);
                    chart_search_from = search_from;
                    html
                } else {
                    continue;
                };
                drawn_bytes += html.len();
                node.data_mut().value = NodeValue::HtmlBlock(NodeHtmlBlock {
                    block_type: 6,
                    literal: html + "\n",
                });
            }
            NodeValue::Alert(mut a) => {
                let key = match a.alert_type {
                    comrak::nodes::AlertType::Note => "callout_note",
                    comrak::nodes::AlertType::Tip => "callout_tip",
                    comrak::nodes::AlertType::Important => "callout_important",
                    comrak::nodes::AlertType::Warning => "callout_warning",
                    comrak::nodes::AlertType::Caution => "callout_caution",
                };
                if a.title.is_none() {
                    a.title = Some(env.strings.t(key).to_string());
                    node.data_mut().value = NodeValue::Alert(a);
                }
            }
            NodeValue::Link(l) | NodeValue::Image(l) => {
                let sp = node.data().sourcepos;
                let at = place(sp.start.line, sp.start.column);
                link(node, l, at, input, env, &mut extra, &mut body);
            }
            NodeValue::Paragraph if body.summary.is_empty() => summary(node, &mut body),
            _ => {}
        }
    }
    // Plain text for search: every text node, blocks separated by newlines.
    collect_text(root, &mut body.text);
    let out = if sanitize {
        let raw: std::collections::HashSet<usize> = raw.iter().map(|n| html::key(n)).collect();
        let kept = html::set_aside(root, &raw);
        let out = crate::sanitize::sanitize(&html::format(root, &opts, extra));
        html::put_back(&out, &kept)
    } else {
        html::format(root, &opts, extra)
    };
    body.html =
        html::label_task_boxes(&out, env.strings.t("task_done"), env.strings.t("task_open"));
    replace_toc_markers(&mut body, env.theme);
    body.matrices = crate::views::records::matrices(input.body, env.strings);
    body.h1_end = html::after_first_h1(&body.html);
    body
}

/// A body over a [`limits`] bound: published as preformatted text, with a diagnostic.
fn as_text(input: &Input<'_>, opts: &Options<'_>, line: usize, why: String) -> Body {
    let arena = Arena::new();
    let root = arena.alloc(AstNode::from(NodeValue::Document));
    let block = arena.alloc(AstNode::from(NodeValue::CodeBlock(Box::new(
        comrak::nodes::NodeCodeBlock {
            fenced: true,
            fence_char: b'`',
            fence_length: 3,
            fence_offset: 0,
            info: String::new(),
            literal: input.body.to_string(),
            closed: true,
        },
    ))));
    root.append(block);
    let start = Lines::new(input.body)
        .line_start(line.saturating_sub(1))
        .unwrap_or(0)
        .min(input.source_body.len());
    let at = Span::point(input.body_offset + start).in_file(input.file);
    Body {
        html: html::format(root, opts, html::Extra::default()),
        text: input.body.to_string(),
        diagnostics: vec![
            Diagnostic::error(
                "site::too-complex",
                format!("{why}: the page is published as plain text"),
            )
            .with_span(at)
            .with_help("simplify the page; no real document needs this"),
        ],
        ..Body::default()
    }
}

/// A heading: its id (kramdown's, made unique) and its place in the tables of contents.
fn heading<'a>(
    node: &'a AstNode<'a>,
    level: u8,
    extra: &mut html::Extra,
    ids: &mut HashMap<String, usize>,
    body: &mut Body,
) {
    let text = node.collect_text();
    let entry = extra.headings.entry(html::key(node)).or_default();
    let no_toc = entry.1.iter().any(|c| c == "no_toc");
    entry.1.retain(|c| c != "no_toc");
    if entry.0.is_empty() {
        let base = heading_id(&text);
        let base = if base.is_empty() {
            "afsnit".to_string()
        } else {
            base
        };
        let n = ids.entry(base.clone()).or_insert(0);
        entry.0 = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
    }
    body.headings.push(Heading {
        level,
        id: entry.0.clone(),
        text: text.trim().to_string(),
        no_toc,
    });
}

/// A link or image: recorded, and rewritten when it points into the site.
fn link<'a>(
    node: &'a AstNode<'a>,
    l: Box<comrak::nodes::NodeLink>,
    at: Span,
    input: &Input<'_>,
    env: &Env<'_>,
    extra: &mut html::Extra,
    body: &mut Body,
) {
    let image = matches!(node.data().value, NodeValue::Image(_));
    if !forvalt_model::url::is_safe_link(&l.url) {
        let shown: String = l.url.chars().take(60).collect();
        body.diagnostics.push(
            Diagnostic::warning(
                "links::unsafe-url",
                format!(
                    "`{shown}` is not a web or mail address: the {} is shown as text",
                    if image { "image's description" } else { "link" }
                ),
            )
            .with_span(at)
            .with_note(
                "only http, https, mailto and addresses within the site are published as links",
            )
            .with_help("link to a web page (https://…) or a page of the site"),
        );
        // The text stays where the link was.
        let children: Vec<_> = node.children().collect();
        for c in children {
            node.insert_before(c);
        }
        node.detach();
        return;
    }
    let rewrite = env.links.rewrite(&l.url, input.path, input.url);
    let internal = rewrite.is_some();
    let target = rewrite.as_ref().and_then(|r| r.target.clone());
    body.links.push(Link {
        href: l.url.clone(),
        target,
        internal,
        span: at,
        image,
    });
    let new_href = rewrite.and_then(|r| r.href);
    if image {
        if let Some(h) = new_href {
            let mut l = l;
            l.url = h;
            node.data_mut().value = NodeValue::Image(l);
        }
    } else {
        let a = extra.links.entry(html::key(node)).or_default();
        a.external = !internal && is_external(&l.url);
        if new_href.is_some() {
            a.href = new_href;
        }
    }
}

/// The first paragraph at the top level, as the page's summary.
fn summary<'a>(node: &'a AstNode<'a>, body: &mut Body) {
    let in_root = node
        .parent()
        .is_some_and(|p| matches!(p.data().value, NodeValue::Document));
    if in_root {
        let t = node.collect_text();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && !t.starts_with("📆") {
            body.summary = truncate(&t, 200);
        }
    }
}

/// Replaces `{:toc}` markers with the page's table of contents.
fn replace_toc_markers(body: &mut Body, theme: &Theme) {
    if !body.html.contains(html::TOC_MARKER) {
        return;
    }
    #[derive(Serialize)]
    struct Ctx {
        toc: Vec<crate::views::toc::TocItem>,
        toc_class: &'static str,
    }
    let items = toc(&body.headings, 1, 6);
    let rendered = if items.is_empty() {
        String::new()
    } else {
        theme.render(
            "toc.html",
            &Ctx {
                toc: items,
                toc_class: "toc",
            },
        )
    };
    body.html = body.html.replace(html::TOC_MARKER, &rendered);
}

fn is_external(url: &str) -> bool {
    let u = url.trim_start();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//")
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{cut} …")
}

fn collect_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    match &node.data().value {
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => out.push_str(&c.literal),
        NodeValue::CodeBlock(c) => {
            out.push_str(&c.literal);
            out.push('\n');
        }
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
        NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => {}
        _ => {}
    }
    for c in node.children() {
        collect_text(c, out);
    }
    if node.data().value.block() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
