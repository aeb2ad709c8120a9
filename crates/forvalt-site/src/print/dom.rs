//! A page's HTML (as the site renders it) read into printable blocks: headings, paragraphs,
//! lists, tables, preformatted text, figures (the charts' SVG) and quotations. What a
//! printed page cannot show (forms, scripts, the site's navigation, a chart's table
//! alternative kept in a `details`) is left out; an image is replaced with a notice.

use ego_tree::NodeRef;
use scraper::Node;

/// A node of the parsed page.
type Handle<'a> = NodeRef<'a, Node>;

/// The look of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Style {
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) mono: bool,
}

/// A run of text with one look (and link).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub(crate) text: String,
    pub(crate) style: Style,
    pub(crate) link: Option<String>,
}

/// A table cell: its text and whether it heads its row or column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub(crate) runs: Vec<Run>,
    pub(crate) header: bool,
}

/// A printable block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading {
        level: u8,
        runs: Vec<Run>,
        id: Option<String>,
    },
    Para(Vec<Run>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Table {
        caption: Option<String>,
        head: Vec<Vec<Cell>>,
        body: Vec<Vec<Cell>>,
    },
    Pre(String),
    Figure {
        svg: String,
        alt: String,
        caption: Option<String>,
    },
    Quote(Vec<Block>),
    Rule,
    Notice(String),
    /// An image: its address (made a site address before layout) and alternative text.
    Image {
        src: String,
        alt: String,
    },
}

/// How deep elements may nest before the rest is read as plain text (no stack overflow on
/// hostile HTML).
const MAX_DEPTH: usize = 64;

fn attr(node: &Handle<'_>, name: &str) -> Option<String> {
    match node.value() {
        Node::Element(e) => e.attr(name).map(str::to_string),
        _ => None,
    }
}

fn name(node: &Handle<'_>) -> Option<String> {
    match node.value() {
        Node::Element(e) => Some(e.name().to_string()),
        _ => None,
    }
}

fn has_class(node: &Handle<'_>, class: &str) -> bool {
    attr(node, "class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// A whole page's printable blocks: those of the article with class `page-content`, else
/// of `main`, else of `body`; the page's own first heading left out (the printed page's
/// title stands for it).
pub(crate) fn page_blocks(html: &str) -> Option<Vec<Block>> {
    let doc = scraper::Html::parse_document(html);
    let mut main = None;
    let mut body = None;
    let mut found = None;
    let mut stack = vec![(doc.tree.root(), 0usize)];
    while let Some((n, depth)) = stack.pop() {
        match name(&n).as_deref() {
            Some("article") if has_class(&n, "page-content") => {
                found = Some(n);
                break;
            }
            Some("main") if main.is_none() => main = Some(n),
            Some("body") if body.is_none() => body = Some(n),
            _ => {}
        }
        if depth < MAX_DEPTH {
            let kids: Vec<Handle<'_>> = n.children().collect();
            for c in kids.into_iter().rev() {
                stack.push((c, depth + 1));
            }
        }
    }
    let root = found.or(main).or(body)?;
    Some(blocks(&root, true))
}

/// The blocks of `node`'s children. The page's own first heading is left out (`skip_h1`):
/// the printed page's title stands for it.
fn blocks(node: &Handle<'_>, skip_h1: bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut inline = Vec::new();
    read_children(node, &mut out, &mut inline, 0);
    flush(&mut out, &mut inline);
    if skip_h1
        && let Some(i) = out
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }))
    {
        out.remove(i);
    }
    out
}

fn flush(out: &mut Vec<Block>, inline: &mut Vec<Run>) {
    trim(inline);
    if !inline.is_empty() {
        out.push(Block::Para(std::mem::take(inline)));
    }
}

/// Collapses white space as a browser does and trims the ends of a line of runs.
fn trim(runs: &mut Vec<Run>) {
    let mut last_space = true;
    for r in runs.iter_mut() {
        if r.style.mono && r.text.contains('\n') {
            continue;
        }
        let mut t = String::with_capacity(r.text.len());
        for c in r.text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !last_space {
                    t.push(' ');
                }
                last_space = true;
            } else {
                t.push(c);
                last_space = false;
            }
        }
        r.text = t;
    }
    if let Some(r) = runs.last_mut() {
        let n = r.text.trim_end().len();
        r.text.truncate(n);
    }
    runs.retain(|r| !r.text.is_empty());
}

/// Elements left out of print.
fn skipped(node: &Handle<'_>, tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "nav"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "form"
            | "template"
            | "noscript"
            | "iframe"
            | "video"
            | "audio"
            | "object"
            | "embed"
    ) || (tag == "details" && (has_class(node, "chart-table") || has_class(node, "chart-source")))
        || has_class(node, "page-toc")
        || has_class(node, "chart-table-link")
        || has_class(node, "chart-downloads")
        || has_class(node, "visually-hidden")
        || attr(node, "aria-hidden").as_deref() == Some("true")
}

fn read_children(node: &Handle<'_>, out: &mut Vec<Block>, inline: &mut Vec<Run>, depth: usize) {
    for c in node.children() {
        read(&c, out, inline, depth + 1);
    }
}

/// Reads one node into blocks (and the paragraph being built).
fn read(node: &Handle<'_>, out: &mut Vec<Block>, inline: &mut Vec<Run>, depth: usize) {
    let tag = match node.value() {
        Node::Text(t) => {
            inline.push(Run {
                text: t.to_string(),
                style: Style::default(),
                link: None,
            });
            return;
        }
        Node::Element(e) => e.name().to_string(),
        _ => return,
    };
    if skipped(node, &tag) {
        return;
    }
    if depth > MAX_DEPTH {
        inline.push(Run {
            text: text_of(node),
            style: Style::default(),
            link: None,
        });
        return;
    }
    match tag.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            flush(out, inline);
            let mut runs = runs_of(node, Style::default(), None, depth);
            trim(&mut runs);
            let level = tag.as_bytes()[1] - b'0';
            out.push(Block::Heading {
                level,
                runs,
                id: attr(node, "id"),
            });
        }
        "p" | "dt" | "dd" | "figcaption" | "caption" | "summary" => {
            flush(out, inline);
            // A paragraph that is one image (Markdown's `![alt](src)`) prints the image.
            if let Some(img) = sole_image(node)
                && let Some(src) = attr(&img, "src")
            {
                let alt = attr(&img, "alt").unwrap_or_default();
                out.push(Block::Image { src, alt });
                return;
            }
            let mut runs = runs_of(node, Style::default(), None, depth);
            trim(&mut runs);
            if !runs.is_empty() {
                out.push(Block::Para(runs));
            }
        }
        "ul" | "ol" => {
            flush(out, inline);
            let items = node
                .children()
                .filter(|c| name(c).as_deref() == Some("li"))
                .map(|li| blocks_at(&li, depth))
                .collect();
            out.push(Block::List {
                ordered: tag == "ol",
                items,
            });
        }
        "table" => {
            flush(out, inline);
            out.push(table(node, depth));
        }
        "pre" => {
            flush(out, inline);
            out.push(Block::Pre(text_of(node)));
        }
        "blockquote" => {
            flush(out, inline);
            out.push(Block::Quote(blocks_at(node, depth)));
        }
        "hr" => {
            flush(out, inline);
            out.push(Block::Rule);
        }
        "svg" => {
            flush(out, inline);
            out.push(figure(node));
        }
        "img" => {
            flush(out, inline);
            let alt = attr(node, "alt").unwrap_or_default();
            match attr(node, "src") {
                Some(src) => out.push(Block::Image { src, alt }),
                None => out.push(Block::Notice(alt)),
            }
        }
        "div" | "section" | "article" | "aside" | "figure" | "details" | "header" | "footer"
        | "dl" | "main" | "li" => {
            flush(out, inline);
            read_children(node, out, inline, depth);
            flush(out, inline);
        }
        "br" => inline.push(Run {
            text: "\n".into(),
            style: Style::default(),
            link: None,
        }),
        _ => inline.extend(runs_of(node, Style::default(), None, depth)),
    }
}

/// The one image an element holds, when it holds nothing else but white space (a link
/// around the image counts as the image).
fn sole_image<'a>(node: &Handle<'a>) -> Option<Handle<'a>> {
    let mut found = None;
    for c in node.children() {
        match c.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Element(e) if e.name() == "img" && found.is_none() => found = Some(c),
            Node::Element(e) if e.name() == "a" && found.is_none() => found = Some(sole_image(&c)?),
            _ => return None,
        }
    }
    found
}

fn blocks_at(node: &Handle<'_>, depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut inline = Vec::new();
    read_children(node, &mut out, &mut inline, depth);
    flush(&mut out, &mut inline);
    out
}

/// The inline runs of an element, with the looks and link its elements give.
fn runs_of(node: &Handle<'_>, style: Style, link: Option<&str>, depth: usize) -> Vec<Run> {
    let mut out = Vec::new();
    for c in node.children() {
        let c = &c;
        match c.value() {
            Node::Text(t) => out.push(Run {
                text: t.to_string(),
                style,
                link: link.map(str::to_string),
            }),
            Node::Element(e) => {
                let tag = e.name().to_string();
                if skipped(c, &tag) || depth > MAX_DEPTH {
                    continue;
                }
                let mut s = style;
                match tag.as_str() {
                    "strong" | "b" | "th" => s.bold = true,
                    "em" | "i" | "cite" => s.italic = true,
                    "code" | "kbd" | "samp" => s.mono = true,
                    "br" => {
                        out.push(Run {
                            text: "\n".into(),
                            style,
                            link: None,
                        });
                        continue;
                    }
                    "img" => {
                        let alt = attr(c, "alt").unwrap_or_default();
                        out.push(Run {
                            text: format!("[{alt}]"),
                            style,
                            link: None,
                        });
                        continue;
                    }
                    "svg" => continue,
                    _ => {}
                }
                let href = if tag == "a" { attr(c, "href") } else { None };
                let l = href.as_deref().or(link);
                out.extend(runs_of(c, s, l, depth + 1));
            }
            _ => {}
        }
    }
    out
}

/// All the text below a node.
fn text_of(node: &Handle<'_>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            out.push_str(t);
        }
    }
    out
}

/// A table: its caption, header rows (`thead`, or leading rows of `th` only) and body rows.
fn table(node: &Handle<'_>, depth: usize) -> Block {
    let mut caption = None;
    let mut head: Vec<Vec<Cell>> = Vec::new();
    let mut body: Vec<Vec<Cell>> = Vec::new();
    let mut rows: Vec<(Handle<'_>, bool)> = Vec::new();
    for c in node.children() {
        match name(&c).as_deref() {
            Some("caption") => {
                caption = Some(text_of(&c).split_whitespace().collect::<Vec<_>>().join(" "))
            }
            Some("thead") => rows.extend(children_named(&c, "tr").into_iter().map(|r| (r, true))),
            Some("tbody") | Some("tfoot") => {
                rows.extend(children_named(&c, "tr").into_iter().map(|r| (r, false)))
            }
            Some("tr") => rows.push((c, false)),
            _ => {}
        }
    }
    for (tr, in_head) in rows {
        let cells: Vec<Cell> = tr
            .children()
            .filter_map(|td| {
                let td = &td;
                let t = name(td)?;
                (t == "td" || t == "th").then(|| {
                    let header = t == "th";
                    let mut runs = runs_of(
                        td,
                        Style {
                            bold: header,
                            ..Style::default()
                        },
                        None,
                        depth + 1,
                    );
                    trim(&mut runs);
                    Cell { runs, header }
                })
            })
            .collect();
        let all_th = !cells.is_empty() && cells.iter().all(|c| c.header);
        if in_head || (all_th && body.is_empty()) {
            head.push(cells);
        } else {
            body.push(cells);
        }
    }
    Block::Table {
        caption,
        head,
        body,
    }
}

fn children_named<'a>(node: &Handle<'a>, tag: &str) -> Vec<Handle<'a>> {
    node.children()
        .filter(|c| name(c).as_deref() == Some(tag))
        .collect()
}

/// An inline SVG as a standalone document, with its accessible name as the alternative text.
fn figure(node: &Handle<'_>) -> Block {
    // The HTML serializer writes U+00A0 as `&nbsp;`, which XML does not know.
    let mut svg = scraper::ElementRef::wrap(*node)
        .map(|e| e.html().replace("&nbsp;", "&#160;"))
        .unwrap_or_default();
    // A standalone SVG document names its namespace: added after the element's name.
    if attr(node, "xmlns").is_none()
        && let Some(at) = svg.find([' ', '>'])
    {
        svg.insert_str(at, " xmlns=\"http://www.w3.org/2000/svg\"");
    }
    let alt = attr(node, "aria-label")
        .or_else(|| {
            node.children()
                .find(|c| name(c).as_deref() == Some("title"))
                .map(|t| text_of(&t))
        })
        .unwrap_or_default();
    Block::Figure {
        svg,
        alt,
        caption: None,
    }
}
