//! The laid-out document written as a tagged PDF with krilla: a title page, a table of
//! contents with page numbers and links, the pages with a running header (the menu
//! section) and footer ("Side x af y"), links inside the document as links to their page,
//! bookmarks nested as the menu, and the structure (parts, headings, paragraphs, lists,
//! tables, figures with their alternative text) as the PDF's tag tree.

use super::dom::Style;
use super::layout::{
    BOTTOM, Child, Draw, Flow, Item, Kind, LEFT, Mark, PAGE_H, PAGE_W, TOP, WIDTH,
};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::page::PageSettings;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::TextDirection;
use krilla_svg::{SurfaceExt, SvgSettings};
use std::num::NonZeroU16;

/// What the first pages say, and the document's facts.
pub(crate) struct Front {
    /// The site's title.
    pub(crate) title: String,
    /// "Udskrevet 7. december 2026".
    pub(crate) printed: String,
    /// "Version abc1234" (the commit), if known.
    pub(crate) version: Option<String>,
    /// The menu branch printed, when not the whole site.
    pub(crate) section: Option<String>,
    /// `da`.
    pub(crate) lang: String,
    /// "Indhold".
    pub(crate) contents: String,
    /// "Side".
    pub(crate) page_word: String,
    /// "af".
    pub(crate) of_word: String,
    /// The site's address, for links to pages that are not in the PDF (`https://…/base`).
    pub(crate) site: Option<String>,
    /// More lines under the title (a board pack's body, time, place, participants).
    pub(crate) lines: Vec<String>,
    /// A list under its heading on the cover (a board pack's missing appendices).
    pub(crate) missing: Option<(String, Vec<String>)>,
}

/// One entry of the table of contents: depth, title, address.
pub(crate) type TocEntry = (usize, String, String);

const TOC_LINE: f32 = 16.0;

fn black() -> krilla::paint::Fill {
    krilla::paint::Fill::default()
}

fn grey(l: u8) -> krilla::paint::Fill {
    krilla::paint::Fill {
        paint: krilla::color::rgb::Color::new(l, l, l).into(),
        ..Default::default()
    }
}

/// Text drawn as one tagged span (or as decoration, with `artifact`).
fn text(
    surface: &mut krilla::surface::Surface<'_>,
    x: f32,
    y: f32,
    s: &str,
    style: Style,
    size: f32,
    artifact: bool,
) -> Identifier {
    let fonts = super::text::Fonts::get();
    let tag = if artifact {
        ContentTag::Artifact(Artifact::new(ArtifactType::PaginationOther, None))
    } else {
        ContentTag::Span(SpanTag::empty())
    };
    let id = surface.start_tagged(tag);
    if let Some(f) = fonts {
        surface.draw_text(
            Point::from_xy(x, y),
            f.pdf(style),
            size,
            s,
            false,
            TextDirection::Auto,
        );
    }
    surface.end_tagged();
    id
}

/// How many lines of contents fit on a page.
fn toc_per_page() -> usize {
    (((BOTTOM - TOP - 40.0) / TOC_LINE) as usize).max(1)
}

/// The link target of a site address: a place in the document, else the address on the
/// site (when the site has one), else none.
fn target(
    flow: &Flow,
    href: &str,
    offset: usize,
    site: Option<&str>,
) -> Option<krilla::annotation::Target> {
    use krilla::action::{Action, LinkAction};
    use krilla::annotation::Target;
    use krilla::destination::{Destination, XyzDestination};
    if let Some((page, y)) = flow.anchors.get(href) {
        let d = XyzDestination::new(page + offset, Point::from_xy(LEFT, *y));
        return Some(Target::Destination(Destination::Xyz(d)));
    }
    let web = forvalt_model::url::scheme(href)
        .is_some_and(|s| s == "http" || s == "https" || s == "mailto");
    if web {
        return Some(Target::Action(Action::Link(LinkAction::new(
            href.to_string(),
        ))));
    }
    let site = site?;
    href.starts_with('/')
        .then(|| Target::Action(Action::Link(LinkAction::new(format!("{site}{href}")))))
}

/// Writes the document.
/// The PDF, and why it is not PDF/UA-1 when it is not.
pub(crate) type Written = (Vec<u8>, Option<String>);

pub(crate) fn write(flow: &Flow, toc: &[TocEntry], front: &Front) -> Result<Written, String> {
    // Written under krilla's PDF/UA-1 validator: a document that breaks one of its rules
    // (untagged content, a figure without alternative text, no title or language) fails,
    // and is then written without the claim, the reasons returned with it.
    // A raster image is decoded only as the PDF is written: when one is broken, the PDF is
    // written without images rather than not at all.
    match write_with(flow, toc, front, true, true) {
        Ok(bytes) => Ok((bytes, None)),
        Err(e) => match write_with(flow, toc, front, false, true) {
            Ok(b) => Ok((b, Some(e))),
            Err(e2) => write_with(flow, toc, front, false, false)
                .map(|b| (b, Some(format!("{e2}; the images were left out")))),
        },
    }
}

fn write_with(
    flow: &Flow,
    toc: &[TocEntry],
    front: &Front,
    ua: bool,
    images: bool,
) -> Result<Vec<u8>, String> {
    let toc_pages = if toc.is_empty() {
        0
    } else {
        toc.len().div_ceil(toc_per_page())
    };
    let offset = 1 + toc_pages;
    let total = offset + flow.pages();
    let mut settings = krilla::SerializeSettings::default();
    if ua {
        settings.configuration = krilla::configure::ConfigurationBuilder::new()
            .with_accessibility_validator(krilla::configure::Accessibility::UA1)
            .finish()
            .map_err(|e| format!("{e:?}"))?;
    }
    let mut document = krilla::Document::new_with(settings);
    let mut root = TagTree::new().with_lang(Some(front.lang.clone()));
    title_page(&mut document, &mut root, front);
    toc_part(&mut document, &mut root, flow, toc, front, offset);
    let ids = content_pages(&mut document, flow, front, (offset, total), images);
    for &r in &flow.roots {
        root.push(group(flow, r, &ids));
    }
    document.set_tag_tree(root);
    document.set_outline(outline(&flow.marks, offset));
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(front.title.clone())
            .language(front.lang.clone())
            .creator(format!("forvalt {}", env!("CARGO_PKG_VERSION"))),
    );
    document.finish().map_err(|e| format!("{e:?}"))
}

fn a4() -> PageSettings {
    PageSettings::new(
        Size::from_wh(PAGE_W, PAGE_H).unwrap_or(Size::from_wh(595.0, 842.0).expect("A4")),
    )
}

fn title_page(document: &mut krilla::Document, root: &mut TagTree, front: &Front) {
    let mut page = document.start_page_with(a4());
    let mut surface = page.surface();
    surface.set_fill(Some(black()));
    let bold = Style {
        bold: true,
        ..Style::default()
    };
    let mut title = TagGroup::new(Tag::Title);
    let mut y = if front.lines.is_empty() { 300.0 } else { 140.0 };
    if let Some(f) = super::text::Fonts::get() {
        for line in super::text::lines(
            f,
            &[super::dom::Run {
                text: front.title.clone(),
                style: bold,
                link: None,
            }],
            WIDTH,
            26.0,
        ) {
            let s: String = line
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            title.push(text(&mut surface, LEFT, y, &s, bold, 26.0, false));
            y += 34.0;
        }
    }
    root.push(title);
    y += 10.0;
    let lines = [
        front.section.clone(),
        Some(front.printed.clone()),
        front.version.clone(),
    ];
    for line in lines
        .into_iter()
        .flatten()
        .chain(front.lines.iter().cloned())
    {
        y = cover_line(&mut surface, root, y, &line, Style::default(), 12.0);
    }
    if let Some((heading, items)) = &front.missing {
        y += 14.0;
        let mut h = TagGroup::new(Tag::Hn(NonZeroU16::MIN, Some(heading.clone())));
        h.push(text(&mut surface, LEFT, y, heading, bold, 13.0, false));
        root.push(h);
        y += 20.0;
        for item in items {
            y = cover_line(
                &mut surface,
                root,
                y,
                &format!("• {item}"),
                Style::default(),
                11.0,
            );
        }
    }
    surface.finish();
    page.finish();
}

/// One line of the cover (wrapped), as a paragraph; the height below it.
fn cover_line(
    surface: &mut krilla::surface::Surface<'_>,
    root: &mut TagTree,
    mut y: f32,
    line: &str,
    style: Style,
    size: f32,
) -> f32 {
    let Some(f) = super::text::Fonts::get() else {
        return y;
    };
    let mut p = TagGroup::new(Tag::P);
    let run = super::dom::Run {
        text: line.to_string(),
        style,
        link: None,
    };
    for l in super::text::lines(f, &[run], WIDTH, size) {
        if y > BOTTOM {
            break;
        }
        let s: String = l
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        p.push(text(surface, LEFT, y, &s, style, size, false));
        y += size * 1.5;
    }
    root.push(p);
    y + size * 0.3
}

fn toc_part(
    document: &mut krilla::Document,
    root: &mut TagTree,
    flow: &Flow,
    toc: &[TocEntry],
    front: &Front,
    offset: usize,
) {
    if toc.is_empty() {
        return;
    }
    let mut group = TagGroup::new(Tag::TOC);
    let mut heading = TagGroup::new(Tag::Hn(NonZeroU16::MIN, Some(front.contents.clone())));
    for chunk in toc.chunks(toc_per_page()) {
        let mut page = document.start_page_with(a4());
        let mut links = Vec::new();
        {
            let mut surface = page.surface();
            surface.set_fill(Some(black()));
            let mut y = TOP + 18.0;
            if heading.children.is_empty() {
                heading.push(text(
                    &mut surface,
                    LEFT,
                    y,
                    &front.contents,
                    Style {
                        bold: true,
                        ..Style::default()
                    },
                    18.0,
                    false,
                ));
                y += 30.0;
            }
            for (depth, title, url) in chunk {
                let x = LEFT + 14.0 * *depth as f32;
                let number = flow
                    .anchors
                    .get(url)
                    .map(|(p, _)| (p + offset + 1).to_string())
                    .unwrap_or_default();
                let size = if *depth == 0 { 11.0 } else { 10.0 };
                let style = Style {
                    bold: *depth == 0,
                    ..Style::default()
                };
                let t = text(&mut surface, x, y, title, style, size, false);
                let width = super::text::Fonts::get()
                    .map_or(0.0, |f| f.width(&number, Style::default(), size));
                let n = text(
                    &mut surface,
                    LEFT + WIDTH - width,
                    y,
                    &number,
                    Style::default(),
                    size,
                    false,
                );
                links.push((
                    t,
                    n,
                    (url.clone(), title.clone()),
                    Rect::from_xywh(x, y - size, LEFT + WIDTH - x, size * 1.3),
                ));
                y += TOC_LINE;
            }
            surface.finish();
        }
        for (t, n, (url, alt), rect) in links {
            let mut item = TagGroup::new(Tag::TOCI);
            let mut link = TagGroup::new(Tag::Link);
            link.push(t);
            link.push(n);
            if let (Some(rect), Some(tg)) = (rect, target(flow, &url, offset, None)) {
                let annot = krilla::annotation::Annotation::new_link(
                    krilla::annotation::LinkAnnotation::new(rect, tg),
                    Some(alt),
                );
                link.push(page.add_tagged_annotation(annot));
            }
            item.push(link);
            group.push(item);
        }
        page.finish();
    }
    root.push(heading);
    root.push(group);
}

/// Draws the content pages; returns each item's identifiers (text, then a link's annotation).
fn content_pages(
    document: &mut krilla::Document,
    flow: &Flow,
    front: &Front,
    (offset, total): (usize, usize),
    images: bool,
) -> Vec<Vec<Identifier>> {
    let mut ids: Vec<Vec<Identifier>> = vec![Vec::new(); flow.items.len()];
    let mut next = 0;
    for p in 0..flow.pages() {
        let mut page = document.start_page_with(a4());
        let mut annots = Vec::new();
        {
            let mut surface = page.surface();
            running(&mut surface, flow, front, p, offset, total);
            while let Some(item) = flow.items.get(next).filter(|i| i.page == p) {
                let skip = !images && matches!(item.draw, Draw::Image { .. });
                if let Some((id, link)) = (!skip).then(|| draw(&mut surface, item)).flatten() {
                    ids[next].push(id);
                    if let Some((href, rect)) = link {
                        annots.push((next, href, rect));
                    }
                }
                next += 1;
            }
            surface.finish();
        }
        for (i, href, rect) in annots {
            if let (Some(rect), Some(tg)) =
                (rect, target(flow, &href, offset, front.site.as_deref()))
            {
                // The annotation's alternative text: the link's own text.
                let alt = match &flow.items[i].draw {
                    Draw::Text { text, .. } => text.clone(),
                    _ => href.clone(),
                };
                let annot = krilla::annotation::Annotation::new_link(
                    krilla::annotation::LinkAnnotation::new(rect, tg),
                    Some(alt),
                );
                ids[i].push(page.add_tagged_annotation(annot));
            }
        }
        page.finish();
    }
    ids
}

/// The running header and footer of content page `p`.
fn running(
    surface: &mut krilla::surface::Surface<'_>,
    flow: &Flow,
    front: &Front,
    p: usize,
    offset: usize,
    total: usize,
) {
    surface.set_fill(Some(grey(90)));
    let section = flow.sections.get(p).cloned().unwrap_or_default();
    text(surface, LEFT, 42.0, &section, Style::default(), 8.0, true);
    let footer = format!(
        "{} {} {} {}",
        front.page_word,
        p + offset + 1,
        front.of_word,
        total
    );
    let w = super::text::Fonts::get().map_or(0.0, |f| f.width(&footer, Style::default(), 8.0));
    text(
        surface,
        LEFT + WIDTH - w,
        PAGE_H - 36.0,
        &footer,
        Style::default(),
        8.0,
        true,
    );
    surface.set_fill(Some(black()));
}

type Link = Option<(String, Option<Rect>)>;

/// Draws one item: its identifier (a dummy for decoration) and its link, if any.
fn draw(surface: &mut krilla::surface::Surface<'_>, item: &Item) -> Option<(Identifier, Link)> {
    let decoration = || ContentTag::Artifact(Artifact::new(ArtifactType::Layout, None));
    match &item.draw {
        Draw::Text {
            x,
            y,
            text: t,
            style,
            size,
            link,
        } => {
            let id = text(surface, *x, *y, t, *style, *size, item.node.is_none());
            let link = link.as_ref().map(|href| {
                let w = super::text::Fonts::get().map_or(0.0, |f| f.width(t, *style, *size));
                (
                    href.clone(),
                    Rect::from_xywh(*x, y - size * 0.9, w.max(1.0), size * 1.2),
                )
            });
            item.node.map(|_| (id, link))
        }
        Draw::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => {
            let mut b = PathBuilder::new();
            b.move_to(*x1, *y1);
            b.line_to(*x2, *y2);
            if let Some(path) = b.finish() {
                surface.start_tagged(decoration());
                surface.set_fill(None);
                surface.set_stroke(Some(krilla::paint::Stroke {
                    width: *width,
                    paint: krilla::color::rgb::Color::new(150, 150, 150).into(),
                    ..Default::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
                surface.set_fill(Some(black()));
                surface.end_tagged();
            }
            None
        }
        Draw::Shade { x, y, w, h } => {
            let mut b = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                b.push_rect(r);
            }
            if let Some(path) = b.finish() {
                surface.start_tagged(decoration());
                surface.set_fill(Some(grey(238)));
                surface.draw_path(&path);
                surface.set_fill(Some(black()));
                surface.end_tagged();
            }
            None
        }
        Draw::Image { x, y, w, h, image } => {
            let id = surface.start_tagged(ContentTag::Other);
            surface.push_transform(&Transform::from_translate(*x, *y));
            if let Some(size) = Size::from_wh(*w, *h) {
                surface.draw_image(image.clone(), size);
            }
            surface.pop();
            surface.end_tagged();
            item.node.map(|_| (id, None))
        }
        Draw::Svg { x, y, w, h, tree } => {
            let id = surface.start_tagged(ContentTag::Other);
            surface.push_transform(&Transform::from_translate(*x, *y));
            if let Some(size) = Size::from_wh(*w, *h) {
                surface.draw_svg(tree, size, SvgSettings::default());
            }
            surface.pop();
            surface.end_tagged();
            item.node.map(|_| (id, None))
        }
    }
}

/// The tag of a structure element.
fn tag(kind: &Kind) -> TagKind {
    match kind {
        Kind::Part => Tag::Part.into(),
        Kind::Heading(l, t) => Tag::Hn(
            NonZeroU16::new(u16::from(*l)).unwrap_or(NonZeroU16::MIN),
            Some(t.clone()),
        )
        .into(),
        Kind::Para => Tag::P.into(),
        Kind::List(ordered) => Tag::L(if *ordered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        Kind::Item => Tag::LI.into(),
        Kind::Label => Tag::Lbl.into(),
        Kind::ItemBody => Tag::LBody.into(),
        Kind::Table => Tag::Table.into(),
        Kind::Row => Tag::TR.into(),
        Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        Kind::Cell => Tag::TD.into(),
        Kind::Caption => Tag::Caption.into(),
        Kind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        Kind::Code => Tag::Code.into(),
        Kind::Quote => Tag::BlockQuote.into(),
        Kind::Link => Tag::Link.into(),
    }
}

/// A structure element with its children (elements and drawn content, in order).
fn group(flow: &Flow, n: usize, ids: &[Vec<Identifier>]) -> TagGroup {
    let node = &flow.nodes[n];
    let mut g = TagGroup::new(tag(&node.kind));
    for c in &node.children {
        match *c {
            Child::Node(k) => g.push(group(flow, k, ids)),
            Child::Item(i) => {
                for id in ids.get(i).into_iter().flatten() {
                    g.push(*id);
                }
            }
        }
    }
    g
}

/// Bookmarks nested by depth.
fn outline(marks: &[Mark], offset: usize) -> krilla::outline::Outline {
    use krilla::destination::XyzDestination;
    use krilla::outline::{Outline, OutlineNode};
    fn build(marks: &[Mark], at: &mut usize, depth: usize, offset: usize) -> Vec<OutlineNode> {
        let mut out: Vec<OutlineNode> = Vec::new();
        while let Some(m) = marks.get(*at) {
            if m.depth < depth {
                break;
            }
            if m.depth > depth {
                // A deeper entry without a parent at this depth: under the last one.
                let kids = build(marks, at, m.depth, offset);
                match out.last_mut() {
                    Some(last) => kids.into_iter().for_each(|k| last.push_child(k)),
                    None => out.extend(kids),
                }
                continue;
            }
            *at += 1;
            let dest = XyzDestination::new(m.page + offset, Point::from_xy(LEFT, m.y));
            let mut node = OutlineNode::new(m.title.clone(), dest);
            if marks.get(*at).is_some_and(|n| n.depth > depth) {
                for k in build(marks, at, depth + 1, offset) {
                    node.push_child(k);
                }
            }
            out.push(node);
        }
        out
    }
    let mut outline = Outline::new();
    let mut at = 0;
    let min = marks.iter().map(|m| m.depth).min().unwrap_or(0);
    while at < marks.len() {
        let before = at;
        for n in build(marks, &mut at, min, offset) {
            outline.push_child(n);
        }
        if at == before {
            at += 1;
        }
    }
    outline
}
