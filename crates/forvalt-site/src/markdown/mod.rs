//! Markdown → HTML: GFM through comrak, plus what Jekyll sites rely on — kramdown attribute
//! lists (`{: .note }` callouts, `{: .no_toc }`, `{:toc}`, `{: #id }`, `{:target="_blank"}`),
//! kramdown's GFM heading ids, `.md` links, and ```` ```mermaid ```` charts drawn in place.

use crate::charts::{self, ChartSettings};
use crate::i18n::Strings;
use crate::links::{LinkIndex, Target};
use comrak::nodes::{AstNode, NodeHtmlBlock, NodeValue, Sourcepos};
use comrak::{Arena, Options, create_formatter, parse_document};
use forvalt_diag::{Diagnostic, FileId, Lines, Sources, Span};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

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

/// What every page shares.
#[derive(Debug, Clone, Copy)]
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
}

/// A heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// The text.
    pub text: String,
    /// Left out of tables of contents (`{: .no_toc }`).
    pub no_toc: bool,
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
    pub(crate) roadmap: Vec<charts::RoadmapItem>,
    /// Links and images.
    pub links: Vec<Link>,
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
        let defaults: [(&str, &str, &str, &str); 7] = [
            ("note", "Bemærk", "Note", "blue"),
            ("tip", "Tip", "Tip", "green"),
            ("important", "Vigtigt", "Important", "purple"),
            ("warning", "Advarsel", "Warning", "red"),
            ("caution", "Forsigtig", "Caution", "red"),
            ("new", "Nyt", "New", "green"),
            ("highlight", "", "", "yellow"),
        ];
        let mut kinds = BTreeMap::new();
        for (name, da, en, color) in defaults {
            let t = if danish { da } else { en };
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
                                if defaults.iter().any(|(n, _, en, _)| {
                                    n == name && en.eq_ignore_ascii_case(&t)
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

pub use forvalt_model::page::heading_id;

/// Per-node rendering data for the formatter.
#[derive(Default)]
struct Extra {
    headings: HashMap<usize, (String, Vec<String>)>,
    links: HashMap<usize, LinkAttrs>,
    new_tab: &'static str,
}

#[derive(Default, Clone)]
struct LinkAttrs {
    href: Option<String>,
    classes: Vec<String>,
    new_tab: bool,
    external: bool,
}

fn key(node: &AstNode<'_>) -> usize {
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

/// `figure` with download links for its exports before its end.
pub(crate) fn with_downloads(
    figure: String,
    stem: &str,
    page_url: &str,
    strings: &Strings,
) -> String {
    use crate::export::{Format, site_url};
    let hrefs: Vec<(Format, String)> = Format::ALL
        .iter()
        .map(|&f| {
            (
                f,
                forvalt_model::url::relative(page_url, &site_url(page_url, stem, f)),
            )
        })
        .collect();
    let name = site_url(page_url, stem, Format::Svg);
    let name = forvalt_model::url::unescape(
        name.rsplit('/')
            .next()
            .unwrap_or(stem)
            .trim_end_matches(".svg"),
    );
    let links = charts::downloads_html(&hrefs, &name, strings);
    match figure.rfind("</figure>") {
        Some(at) => format!("{}{links}{}", &figure[..at], &figure[at..]),
        None => figure + &links,
    }
}

/// Renders a page body.
pub fn render(input: &Input<'_>, env: &Env<'_>) -> Body {
    let arena = Arena::new();
    let opts = options();
    let root = parse_document(&arena, input.body, &opts);
    let mut body = Body::default();
    let mut extra = Extra {
        new_tab: env.strings.new_tab,
        ..Extra::default()
    };
    let body_lines = Lines::new(input.body);
    let place = |line: usize, col: usize| -> Span {
        let start = body_lines
            .line_start(line.saturating_sub(1))
            .unwrap_or(input.body.len());
        let off = (start + col.saturating_sub(1)).min(input.source_body.len());
        Span::point(input.body_offset + off).in_file(input.file)
    };

    apply_attribute_lists(&arena, root, env, &mut extra);

    let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
    let mut chart_search_from = 0usize;
    let mut ids: HashMap<String, usize> = HashMap::new();
    for node in nodes {
        let value = node.data().value.clone();
        match value {
            NodeValue::Heading(h) => {
                let text = node.collect_text();
                let entry = extra.headings.entry(key(node)).or_default();
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
                    level: h.level,
                    id: entry.0.clone(),
                    text: text.trim().to_string(),
                    no_toc,
                });
            }
            NodeValue::CodeBlock(cb)
                if cb.fenced && cb.info.trim().eq_ignore_ascii_case("aarshjul") =>
            {
                let sp = node.data().sourcepos;
                let at = place(sp.start.line + 1, 1);
                let mut diags = Vec::new();
                let html = match forvalt_model::aarshjul::parse(
                    &cb.literal,
                    FileId::DETACHED,
                    0,
                    env.today,
                    env.records,
                    &mut diags,
                ) {
                    Some(w) => {
                        body.wheels += 1;
                        let link = |id: &str| {
                            crate::wheel::meeting_href(env.records, env.links, input.url, id)
                        };
                        let danish = env.strings.lang == "da";
                        let stem = format!("aarshjul-{}", body.wheels);
                        let html = crate::wheel::figure(&w, &stem, env.today, danish, &link);
                        if env.exports {
                            body.exports
                                .push(crate::wheel::export(&w, &stem, env.today, danish));
                            with_downloads(html, &stem, input.url, env.strings)
                        } else {
                            html
                        }
                    }
                    None => String::new(),
                };
                body.diagnostics.extend(diags.into_iter().map(|d| {
                    d.map_spans(|s| {
                        Span::new(
                            at.start as usize + s.start as usize,
                            at.start as usize + s.end as usize,
                        )
                        .in_file(input.file)
                    })
                }));
                node.data_mut().value = NodeValue::HtmlBlock(NodeHtmlBlock {
                    block_type: 6,
                    literal: html,
                });
            }
            NodeValue::CodeBlock(cb) => {
                let lang = cb.info.split_whitespace().next().unwrap_or("");
                if !cb.fenced || !lang.eq_ignore_ascii_case("mermaid") {
                    continue;
                }
                let sp = node.data().sourcepos;
                let html = if forvalt_gantt::is_gantt(&cb.literal) {
                    let n = body.charts + 1;
                    let map = ChartPlacer::new(
                        input,
                        &cb.literal,
                        sp,
                        sp.start.column.saturating_sub(1),
                        &mut chart_search_from,
                    );
                    let out = charts::gantt_figure(
                        &cb.literal,
                        &format!("roadmap-{n}"),
                        env.charts,
                        env.strings,
                        &|offset| map.span(offset),
                        env.sources,
                    );
                    body.charts += 1;
                    if out.errors > 0 {
                        body.chart_errors += 1;
                    }
                    body.diagnostics.extend(out.diagnostics);
                    body.text.push_str(&out.text);
                    body.text.push('\n');
                    body.roadmap.extend(out.items);
                    if env.exports && out.errors == 0 {
                        let stem = format!("roadmap-{n}");
                        body.exports
                            .push(charts::gantt_export(&cb.literal, &stem, env.charts).0);
                        with_downloads(out.html, &stem, input.url, env.strings)
                    } else {
                        out.html
                    }
                } else {
                    body.diagrams += 1;
                    charts::other_diagram(&cb.literal, body.diagrams, env.strings)
                };
                node.data_mut().value = NodeValue::HtmlBlock(NodeHtmlBlock {
                    block_type: 6,
                    literal: html,
                });
            }
            NodeValue::Alert(mut a) => {
                let (da, en) = match a.alert_type {
                    comrak::nodes::AlertType::Note => ("Bemærk", "Note"),
                    comrak::nodes::AlertType::Tip => ("Tip", "Tip"),
                    comrak::nodes::AlertType::Important => ("Vigtigt", "Important"),
                    comrak::nodes::AlertType::Warning => ("Advarsel", "Warning"),
                    comrak::nodes::AlertType::Caution => ("Forsigtig", "Caution"),
                };
                if a.title.is_none() {
                    a.title = Some(if env.strings.lang == "da" { da } else { en }.to_string());
                    node.data_mut().value = NodeValue::Alert(a);
                }
            }
            NodeValue::Link(l) | NodeValue::Image(l) => {
                let image = matches!(node.data().value, NodeValue::Image(_));
                let sp = node.data().sourcepos;
                let rewrite = env.links.rewrite(&l.url, input.path, input.url);
                let internal = rewrite.is_some();
                let target = rewrite.as_ref().and_then(|r| r.target.clone());
                body.links.push(Link {
                    href: l.url.clone(),
                    target,
                    internal,
                    span: place(sp.start.line, sp.start.column),
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
                    let a = extra.links.entry(key(node)).or_default();
                    a.external = !internal && is_external(&l.url);
                    if new_href.is_some() {
                        a.href = new_href;
                    }
                }
            }
            NodeValue::Paragraph if body.summary.is_empty() => {
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
            _ => {}
        }
    }

    // Plain text for search: every text node, blocks separated by newlines.
    collect_text(root, &mut body.text);

    let mut html = String::with_capacity(input.body.len() * 2);
    let _ = Formatter::format_document(root, &opts, &mut html, extra);
    body.html = label_task_boxes(&html, env.strings.lang == "da");
    replace_toc_markers(&mut body);
    body
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

/// Places chart diagnostics in the Markdown file.
struct ChartPlacer<'a> {
    input: &'a Input<'a>,
    /// Offset of the chart text in `source_body`, when it was found there verbatim.
    found: Option<usize>,
    /// Line (0-based, in the body) of the first content line, and the fence indentation.
    first_line: usize,
    indent: usize,
    lines: Lines,
    chart_lines: Lines,
    literal: &'a str,
}

impl<'a> ChartPlacer<'a> {
    fn new(
        input: &'a Input<'a>,
        literal: &'a str,
        sp: Sourcepos,
        indent: usize,
        search_from: &mut usize,
    ) -> ChartPlacer<'a> {
        let found = if literal.is_empty() {
            None
        } else {
            input.source_body[(*search_from).min(input.source_body.len())..]
                .find(literal)
                .map(|i| i + *search_from)
        };
        if let Some(f) = found {
            *search_from = f + literal.len();
        }
        ChartPlacer {
            input,
            found,
            first_line: sp.start.line,
            indent,
            lines: Lines::new(input.source_body),
            chart_lines: Lines::new(literal),
            literal,
        }
    }

    fn span(&self, offset: usize) -> Span {
        let offset = offset.min(self.literal.len());
        let body_off = match self.found {
            Some(f) => f + offset,
            None => {
                let (l, c) = self.chart_lines.line_col(self.literal, offset);
                let line_start = self
                    .lines
                    .line_start(self.first_line + l)
                    .unwrap_or(self.input.source_body.len());
                let line = self
                    .lines
                    .line_text(self.input.source_body, self.first_line + l);
                // The container's and the fence's indentation (spaces, `>` of block quotes).
                let skip = line
                    .char_indices()
                    .take_while(|(i, ch)| *i < self.indent && matches!(ch, ' ' | '>' | '\t'))
                    .count();
                let col_bytes: usize = self.literal[self.chart_lines.line_start(l).unwrap_or(0)..]
                    .chars()
                    .take(c)
                    .map(char::len_utf8)
                    .sum();
                (line_start + skip + col_bytes).min(self.input.source_body.len())
            }
        };
        Span::point(self.input.body_offset + body_off).in_file(self.input.file)
    }
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

/// Task-list checkboxes are read-only pictures of a state: give each an accessible name
/// ("udført" / "ikke udført"), which GitHub's and comrak's markup lack.
fn label_task_boxes(html: &str, danish: bool) -> String {
    const BOX: &str = "<input type=\"checkbox\" class=\"task-list-item-checkbox\"";
    if !html.contains(BOX) {
        return html.to_string();
    }
    let (done, open) = if danish {
        ("udført", "ikke udført")
    } else {
        ("done", "not done")
    };
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

fn html_block<'a>(arena: &'a Arena<'a>, html: String) -> &'a AstNode<'a> {
    arena.alloc(AstNode::from(NodeValue::HtmlBlock(NodeHtmlBlock {
        block_type: 6,
        literal: html,
    })))
}

enum Applied<'a> {
    Block(&'a AstNode<'a>, Ial),
}

/// Finds kramdown attribute lists and applies them: to the block they follow or precede, to
/// the paragraph they start or end, or to the link they follow.
fn apply_attribute_lists<'a>(
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
        let marker = html_block(arena, "<!--forvalt:toc-->\n".into());
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
    let mut open = String::new();
    let close;
    if let Some((class, (kind, titled))) = callout {
        let base = class.trim_end_matches("-title");
        let _ = write!(
            open,
            "<div class=\"callout callout-{} callout-color-{}{}\" role=\"note\"",
            attr(base),
            attr(&kind.color),
            if titled { " callout-titled" } else { "" }
        );
        if let Some(id) = &ial.id {
            let _ = write!(open, " id=\"{}\"", attr(id));
        }
        open.push('>');
        if let (Some(t), false) = (&kind.title, titled) {
            let _ = write!(open, "<p class=\"callout-title\">{}</p>", attr(t));
        }
        open.push('\n');
        close = "</div>\n".to_string();
    } else {
        let classes: Vec<String> = ial.classes.iter().map(|c| attr(c)).collect();
        if classes.is_empty() && ial.id.is_none() {
            return;
        }
        open.push_str("<div");
        if !classes.is_empty() {
            let _ = write!(open, " class=\"{}\"", classes.join(" "));
        }
        if let Some(id) = &ial.id {
            let _ = write!(open, " id=\"{}\"", attr(id));
        }
        open.push_str(">\n");
        close = "</div>\n".to_string();
    }
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

/// Escapes text for an HTML attribute or text node.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces `{:toc}` markers with the page's table of contents.
fn replace_toc_markers(body: &mut Body) {
    const MARKER: &str = "<!--forvalt:toc-->";
    if !body.html.contains(MARKER) {
        return;
    }
    let toc = toc_html(&body.headings, 1, 6, "toc");
    body.html = body.html.replace(MARKER, &toc);
}

/// A nested list of links to the headings between `min` and `max` level.
pub fn toc_html(headings: &[Heading], min: u8, max: u8, class: &str) -> String {
    let items: Vec<&Heading> = headings
        .iter()
        .filter(|h| !h.no_toc && h.level >= min && h.level <= max)
        .collect();
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!("<ul class=\"{class}\">");
    let mut stack: Vec<u8> = vec![items[0].level];
    let mut first = true;
    for h in items {
        let level = h.level.max(*stack.first().unwrap_or(&1));
        if !first {
            let top = *stack.last().unwrap_or(&level);
            if level > top {
                out.push_str("<ul>");
                stack.push(level);
            } else {
                out.push_str("</li>");
                while stack.len() > 1 && *stack.last().unwrap_or(&0) > level {
                    stack.pop();
                    out.push_str("</ul></li>");
                }
            }
        }
        first = false;
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a>",
            attr(&h.id),
            attr(&h.text)
        );
    }
    out.push_str("</li>");
    while stack.len() > 1 {
        stack.pop();
        out.push_str("</ul></li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests;
