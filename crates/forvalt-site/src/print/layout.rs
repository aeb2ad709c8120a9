//! Printable blocks laid out on A4 pages: every piece of text, line and figure placed on a
//! page, each tied to its place in the document's structure (for the tagged PDF), with the
//! anchors links point to and the entries of the bookmarks.

use super::dom::{Block, Cell, Run, Style};
use super::text::{Fonts, Piece, lines};
use std::collections::HashMap;
use std::sync::Arc;

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const LEFT: f32 = 62.0;
pub(crate) const TOP: f32 = 72.0;
pub(crate) const BOTTOM: f32 = PAGE_H - 68.0;
pub(crate) const WIDTH: f32 = PAGE_W - 2.0 * LEFT;
const BODY: f32 = 10.5;
const SMALL: f32 = 9.0;

/// What a structure element is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Part,
    Heading(u8, String),
    Para,
    List(bool),
    Item,
    Label,
    ItemBody,
    Table,
    Row,
    HeaderCell,
    Cell,
    Caption,
    Figure(String),
    Code,
    Quote,
    Link,
}

/// A child of a structure element: another element or a drawn item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Child {
    Node(usize),
    Item(usize),
}

/// A structure element.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) children: Vec<Child>,
}

/// What is drawn.
#[derive(Clone)]
pub(crate) enum Draw {
    /// Text at its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
        size: f32,
        link: Option<String>,
    },
    /// A line (borders, rules): decoration.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// A filled rectangle in light grey (code backgrounds): decoration.
    Shade { x: f32, y: f32, w: f32, h: f32 },
    /// A raster image (checked to decode).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: krilla::image::Image,
    },
    /// A drawing.
    Svg {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        tree: Arc<resvg::usvg::Tree>,
    },
}

/// A drawn item on a page, in a structure element (`None`: decoration).
#[derive(Clone)]
pub(crate) struct Item {
    pub(crate) page: usize,
    pub(crate) draw: Draw,
    pub(crate) node: Option<usize>,
}

/// A bookmark: depth, title, page and height.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub(crate) depth: usize,
    pub(crate) title: String,
    pub(crate) page: usize,
    pub(crate) y: f32,
}

/// Finds an image's bytes by its site address.
pub(crate) type Fetch = dyn Fn(&str) -> Option<Vec<u8>>;

/// The laid-out document.
pub(crate) struct Flow {
    pub(crate) fonts: &'static Fonts,
    pub(crate) items: Vec<Item>,
    pub(crate) nodes: Vec<Node>,
    /// Top-level structure elements (one part per printed page of the site).
    pub(crate) roots: Vec<usize>,
    /// Where links can lead: a site address (`/docs/a.html`, `/docs/a.html#id`) → page, y.
    pub(crate) anchors: HashMap<String, (usize, f32)>,
    pub(crate) marks: Vec<Mark>,
    /// Per page: the menu section it belongs to (the running header).
    pub(crate) sections: Vec<String>,
    /// Problems met, for diagnostics: (page address, what).
    pub(crate) problems: Vec<(String, String)>,
    /// An image's bytes by its site address.
    pub(crate) fetch: Option<Box<Fetch>>,
    page: usize,
    y: f32,
    section: String,
}

impl Flow {
    pub(crate) fn new(fonts: &'static Fonts) -> Flow {
        Flow {
            fonts,
            items: Vec::new(),
            nodes: Vec::new(),
            roots: Vec::new(),
            anchors: HashMap::new(),
            marks: Vec::new(),
            sections: vec![String::new()],
            problems: Vec::new(),
            fetch: None,
            page: 0,
            y: TOP,
            section: String::new(),
        }
    }

    /// The number of pages used.
    pub(crate) fn pages(&self) -> usize {
        self.page + 1
    }

    fn node(&mut self, kind: Kind, parent: Option<usize>) -> usize {
        self.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        let id = self.nodes.len() - 1;
        if let Some(p) = parent {
            self.nodes[p].children.push(Child::Node(id));
        }
        id
    }

    fn item(&mut self, draw: Draw, node: Option<usize>) {
        self.items.push(Item {
            page: self.page,
            draw,
            node,
        });
        if let Some(n) = node {
            let i = self.items.len() - 1;
            self.nodes[n].children.push(Child::Item(i));
        }
    }

    fn new_page(&mut self) {
        self.page += 1;
        self.y = TOP;
        self.sections.push(self.section.clone());
    }

    /// Room for `h` more points on this page, else a new page (unless at its top).
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM && self.y > TOP + 0.5 {
            self.new_page();
        }
    }

    /// Starts a printed site page: on a new sheet, with its title as a heading, its
    /// address as an anchor and a bookmark at `depth`.
    pub(crate) fn start_page(
        &mut self,
        url: &str,
        title: &str,
        depth: usize,
        section: &str,
    ) -> usize {
        if !self.items.is_empty() {
            self.new_page();
        }
        self.section = section.to_string();
        if let Some(s) = self.sections.last_mut() {
            *s = section.to_string();
        }
        let part = self.node(Kind::Part, None);
        self.roots.push(part);
        self.anchors.insert(url.to_string(), (self.page, self.y));
        self.marks.push(Mark {
            depth,
            title: title.to_string(),
            page: self.page,
            y: self.y,
        });
        let runs = vec![Run {
            text: title.to_string(),
            style: Style {
                bold: true,
                ..Style::default()
            },
            link: None,
        }];
        let h = self.node(Kind::Heading(1, title.to_string()), Some(part));
        self.text_block(&runs, 20.0, LEFT, WIDTH, Some(h), 1.25);
        self.y += 8.0;
        part
    }

    /// Lays out a paragraph's lines at `x`, `width`, in `node` (links in link elements).
    fn text_block(
        &mut self,
        runs: &[Run],
        size: f32,
        x: f32,
        width: f32,
        node: Option<usize>,
        leading: f32,
    ) {
        let line_h = size * leading;
        for line in lines(self.fonts, runs, width, size) {
            self.room(line_h);
            let base = self.y + size;
            self.line(&line, x, base, size, node);
            self.y += line_h;
        }
    }

    fn line(&mut self, line: &[Piece], x: f32, base: f32, size: f32, node: Option<usize>) {
        for p in line {
            let target = match (&p.link, node) {
                (Some(_), Some(n)) => Some(self.node(Kind::Link, Some(n))),
                _ => node,
            };
            let draw = Draw::Text {
                x: x + p.x,
                y: base,
                text: p.text.clone(),
                style: p.style,
                size,
                link: p.link.clone(),
            };
            self.item(draw, target);
        }
    }

    /// Lays out the blocks of one site page (its address `url`, for anchors) under `parent`.
    pub(crate) fn blocks(
        &mut self,
        blocks: &[Block],
        url: &str,
        depth: usize,
        parent: usize,
        x: f32,
        width: f32,
    ) {
        for b in blocks {
            self.block(b, url, depth, parent, x, width);
        }
    }

    fn block(&mut self, b: &Block, url: &str, depth: usize, parent: usize, x: f32, width: f32) {
        match b {
            Block::Heading { level, runs, id } => {
                self.heading(*level, runs, id.as_deref(), url, depth, parent, x, width)
            }
            Block::Para(runs) => {
                let p = self.node(Kind::Para, Some(parent));
                self.text_block(runs, BODY, x, width, Some(p), 1.4);
                self.y += 6.0;
            }
            Block::List { ordered, items } => {
                self.list(*ordered, items, url, depth, parent, x, width)
            }
            Block::Table {
                caption,
                head,
                body,
            } => super::table::layout(self, caption.as_deref(), head, body, parent, x, width),
            Block::Pre(text) => self.pre(text, parent, x, width),
            Block::Figure { svg, alt, .. } => self.figure(svg, alt, url, parent, x, width),
            Block::Quote(inner) => {
                let q = self.node(Kind::Quote, Some(parent));
                let (page, top) = (self.page, self.y);
                let (dx, w) = indent(x, width, 14.0);
                self.blocks(inner, url, depth, q, dx, w);
                if page == self.page {
                    self.item(
                        Draw::Line {
                            x1: x + 4.0,
                            y1: top,
                            x2: x + 4.0,
                            y2: self.y - 4.0,
                            width: 2.0,
                        },
                        None,
                    );
                }
            }
            Block::Rule => {
                self.room(12.0);
                self.item(
                    Draw::Line {
                        x1: x,
                        y1: self.y + 6.0,
                        x2: x + width,
                        y2: self.y + 6.0,
                        width: 0.5,
                    },
                    None,
                );
                self.y += 12.0;
            }
            Block::Image { src, alt } => self.image(src, alt, url, parent, x, width),
            Block::Notice(alt) => {
                let text = if alt.trim().is_empty() {
                    "[Billede, der ikke vises i PDF'en]".to_string()
                } else {
                    format!("[Billede: {}]", alt.trim())
                };
                let runs = vec![Run {
                    text,
                    style: Style {
                        italic: true,
                        ..Style::default()
                    },
                    link: None,
                }];
                let p = self.node(Kind::Para, Some(parent));
                self.text_block(&runs, BODY, x, width, Some(p), 1.4);
                self.y += 6.0;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn heading(
        &mut self,
        level: u8,
        runs: &[Run],
        id: Option<&str>,
        url: &str,
        depth: usize,
        parent: usize,
        x: f32,
        width: f32,
    ) {
        let size = match level {
            1 => 17.0,
            2 => 14.5,
            3 => 12.5,
            _ => 11.0,
        };
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        // Kept with what follows: room for the heading and three lines.
        self.y += size * 0.6;
        self.room(size * 1.3 + BODY * 1.4 * 3.0);
        if let Some(id) = id {
            self.anchors
                .insert(format!("{url}#{id}"), (self.page, self.y));
        }
        if level <= 3 {
            self.marks.push(Mark {
                depth: depth + usize::from(level.saturating_sub(1)),
                title: text.clone(),
                page: self.page,
                y: self.y,
            });
        }
        let bold: Vec<Run> = runs
            .iter()
            .map(|r| Run {
                style: Style {
                    bold: true,
                    ..r.style
                },
                ..r.clone()
            })
            .collect();
        let h = self.node(Kind::Heading(level.clamp(1, 6), text), Some(parent));
        self.text_block(&bold, size, x, width, Some(h), 1.25);
        self.y += 4.0;
    }

    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        ordered: bool,
        items: &[Vec<Block>],
        url: &str,
        depth: usize,
        parent: usize,
        x: f32,
        width: f32,
    ) {
        let l = self.node(Kind::List(ordered), Some(parent));
        for (k, blocks) in items.iter().enumerate() {
            let li = self.node(Kind::Item, Some(l));
            let label = if ordered {
                format!("{}.", k + 1)
            } else {
                "•".to_string()
            };
            self.room(BODY * 1.4);
            let lbl = self.node(Kind::Label, Some(li));
            let draw = Draw::Text {
                x: x + 2.0,
                y: self.y + BODY,
                text: label,
                style: Style::default(),
                size: BODY,
                link: None,
            };
            self.item(draw, Some(lbl));
            let body = self.node(Kind::ItemBody, Some(li));
            let (dx, w) = indent(x, width, 18.0);
            self.blocks(blocks, url, depth, body, dx, w);
            if blocks.is_empty() {
                self.y += BODY * 1.4;
            }
        }
        self.y += 4.0;
    }

    fn pre(&mut self, text: &str, parent: usize, x: f32, width: f32) {
        let c = self.node(Kind::Code, Some(parent));
        let style = Style {
            mono: true,
            ..Style::default()
        };
        for raw in text.trim_end_matches('\n').split('\n') {
            let runs = vec![Run {
                text: raw.replace('\t', "    "),
                style,
                link: None,
            }];
            let ls = lines(self.fonts, &runs, width - 12.0, SMALL);
            for line in if ls.is_empty() { vec![Vec::new()] } else { ls } {
                let h = SMALL * 1.35;
                self.room(h);
                self.item(
                    Draw::Shade {
                        x,
                        y: self.y,
                        w: width,
                        h,
                    },
                    None,
                );
                let base = self.y + SMALL;
                self.line(&line, x + 6.0, base, SMALL, Some(c));
                self.y += h;
            }
        }
        self.y += 8.0;
    }

    fn figure(&mut self, svg: &str, alt: &str, url: &str, parent: usize, x: f32, width: f32) {
        let svg = crate::draw::print::labels_as_text(svg);
        let svg = crate::draw::print::keep_text(&svg, &|c| self.fonts.has(c));
        let tree = match crate::export::svg_tree(&svg) {
            Ok(t) => t,
            Err(e) => {
                self.problems
                    .push((url.to_string(), format!("a drawing cannot be printed: {e}")));
                return self.block(&Block::Notice(alt.to_string()), url, 0, parent, x, width);
            }
        };
        let (w0, h0) = (tree.size().width(), tree.size().height());
        let mut scale = (width / w0.max(1.0)).min(1.0);
        let full = BOTTOM - TOP;
        if h0 * scale > full {
            scale = full / h0.max(1.0);
        }
        let (w, h) = (w0 * scale, h0 * scale);
        self.room(h);
        let f = self.node(
            Kind::Figure(if alt.trim().is_empty() {
                "Figur".into()
            } else {
                alt.to_string()
            }),
            Some(parent),
        );
        self.item(
            Draw::Svg {
                x,
                y: self.y,
                w,
                h,
                tree: Arc::new(tree),
            },
            Some(f),
        );
        self.y += h + 10.0;
    }

    /// An image of the site: a PNG (decoded first, so that a broken one cannot spoil the
    /// PDF) or an SVG, at most as wide as the column; else its alternative text.
    #[allow(clippy::too_many_arguments)]
    fn image(&mut self, src: &str, alt: &str, url: &str, parent: usize, x: f32, width: f32) {
        let bytes = self.fetch.as_ref().and_then(|f| f(src));
        let notice = |me: &mut Flow, why: Option<String>| {
            if let Some(w) = why {
                me.problems.push((
                    url.to_string(),
                    format!("the image {src} cannot be printed: {w}"),
                ));
            }
            me.block(&Block::Notice(alt.to_string()), url, 0, parent, x, width);
        };
        let Some(bytes) = bytes else {
            return notice(self, None);
        };
        if src.to_ascii_lowercase().ends_with(".svg") {
            let svg = String::from_utf8_lossy(&bytes).into_owned();
            return self.figure(&svg, alt, url, parent, x, width);
        }
        let lower = src.to_ascii_lowercase();
        let image = if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
            // A JPEG is embedded as it is; its header is read here.
            krilla::image::Image::from_jpeg(bytes.into(), true)
        } else {
            match super::images::png_size(&bytes) {
                Ok(_) => krilla::image::Image::from_png(bytes.into(), true),
                Err(e) => return notice(self, Some(e)),
            }
        };
        let image = match image {
            Ok(i) => i,
            Err(e) => return notice(self, Some(e)),
        };
        let (pw, ph) = image.size();
        if u64::from(pw) * u64::from(ph) > super::images::MAX_PIXELS {
            return notice(self, Some(format!("it has {pw} × {ph} pixels")));
        }
        // Pixels at 96 per inch, no wider than the column nor taller than a page.
        let (w0, h0) = (pw as f32 * 0.75, ph as f32 * 0.75);
        let mut scale = (width / w0.max(1.0)).min(1.0);
        if h0 * scale > BOTTOM - TOP {
            scale = (BOTTOM - TOP) / h0.max(1.0);
        }
        let (w, h) = (w0 * scale, h0 * scale);
        self.room(h);
        let alt = if alt.trim().is_empty() {
            "Billede".to_string()
        } else {
            alt.to_string()
        };
        let f = self.node(Kind::Figure(alt), Some(parent));
        self.item(
            Draw::Image {
                x,
                y: self.y,
                w,
                h,
                image,
            },
            Some(f),
        );
        self.y += h + 10.0;
    }

    /// Adds the space a table row needs; used by the table layout.
    pub(crate) fn advance(&mut self, h: f32) {
        self.y += h;
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn ensure(&mut self, h: f32) -> bool {
        let before = self.page;
        self.room(h);
        self.page != before
    }

    pub(crate) fn add_node(&mut self, kind: Kind, parent: usize) -> usize {
        self.node(kind, Some(parent))
    }

    pub(crate) fn add_item(&mut self, draw: Draw, node: Option<usize>) {
        self.item(draw, node);
    }

    pub(crate) fn cell_lines(&self, cell: &Cell, width: f32) -> Vec<Vec<Piece>> {
        lines(self.fonts, &cell.runs, width, SMALL)
    }
}

/// Indented by `by`, unless that would leave less than 40 % of the page's width (deep
/// nesting then stops indenting).
fn indent(x: f32, width: f32, by: f32) -> (f32, f32) {
    if width - by < WIDTH * 0.4 {
        (x, width)
    } else {
        (x + by, width - by)
    }
}

/// The text size of table cells.
pub(crate) const CELL: f32 = SMALL;
