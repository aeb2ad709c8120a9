//! Chart exports: a standalone SVG as PNG (resvg) or PDF (krilla, with the text embedded and
//! selectable), drawn with the same Liberation Sans the SVG was laid out with — never a
//! system font, so an export looks the same on every machine.

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::tagging::{ContentTag, Tag, TagGroup, TagTree};
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// A chart ready for export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    /// The file name without extension (`koereplan-1`, `aarshjul-1`).
    pub stem: String,
    /// The chart's title (the PDF's title).
    pub title: String,
    /// A description (the PDF figure's alternative text).
    pub description: String,
    /// A standalone SVG document in light colours.
    pub svg: String,
    /// On the site, its PNG and PDF are drawn by the reader's browser from the SVG (a
    /// roadmap or an årshjul: `forvalt.js`), so only the SVG is a file.
    pub in_browser: bool,
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// The SVG itself.
    Svg,
    /// A PNG image.
    Png,
    /// A one-page PDF.
    Pdf,
}

impl Format {
    /// Every format, in the order download links show them.
    pub const ALL: [Format; 3] = [Format::Svg, Format::Png, Format::Pdf];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// The name shown on a download link.
    pub fn label(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Pdf => "PDF",
        }
    }
}

/// Why an export failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// What went wrong, as a sentence.
    pub message: String,
    /// The chart is larger than an export may be (see [`MAX_PNG_PIXELS`], [`MAX_PDF_SIDE`],
    /// [`MAX_SVG_ELEMENTS`]); the SVG itself is fine and still shown on the page.
    pub too_large: bool,
}

impl ExportError {
    fn new(message: impl Into<String>) -> ExportError {
        ExportError {
            message: message.into(),
            too_large: false,
        }
    }

    fn too_large(format: &str, why: impl std::fmt::Display) -> ExportError {
        ExportError {
            message: format!("the chart is too large to export as {format}: {why}"),
            too_large: true,
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExportError {}

/// PNG pixels per SVG pixel: 2 gives print quality for board papers.
pub const PNG_SCALE: f32 = 2.0;

/// The most pixels a PNG may have (160 MB while it is drawn). A larger chart is drawn at a
/// smaller scale, down to [`MIN_PNG_SCALE`].
pub const MAX_PNG_PIXELS: u64 = 40_000_000;

/// The smallest scale a PNG is drawn at to fit [`MAX_PNG_PIXELS`] (or the scale asked for,
/// when that is smaller): below the chart's own size its text cannot be read. A chart that
/// does not fit even then is not exported as PNG (about 1,400 gantt rows).
pub const MIN_PNG_SCALE: f32 = 1.0;

/// The longest side of a PDF page, in points: PDF's own limit (200 inches). A larger chart
/// is drawn smaller, down to [`MIN_PDF_SCALE`]; the PDF stays one page.
pub const MAX_PDF_SIDE: f32 = 14_400.0;

/// The smallest scale a PDF is drawn at to fit [`MAX_PDF_SIDE`]: a quarter of the chart's
/// size, readable when zoomed in. A chart that does not fit even then (a side beyond
/// 57,600 px, about 2,400 gantt rows) is not exported as PDF.
pub const MIN_PDF_SCALE: f32 = 0.25;

/// The largest SVG text exported, in bytes.
pub const MAX_SVG_BYTES: usize = 32 << 20;

/// The most SVG elements exported: each becomes shapes and laid-out text to draw.
pub const MAX_SVG_ELEMENTS: usize = 200_000;

/// How deep an exported drawing's elements may nest.
const MAX_SVG_DEPTH: usize = 256;

/// The embedded fonts, as usvg reads them.
fn options() -> &'static usvg::Options<'static> {
    static O: OnceLock<usvg::Options<'static>> = OnceLock::new();
    O.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for data in [
            forvalt_gantt::layout::font::REGULAR,
            forvalt_gantt::layout::font::BOLD,
            forvalt_gantt::layout::font::ITALIC,
        ] {
            db.load_font_data(data.to_vec());
        }
        let family = forvalt_gantt::layout::font::FAMILY;
        db.set_sans_serif_family(family);
        db.set_serif_family(family);
        db.set_monospace_family(family);
        db.set_cursive_family(family);
        db.set_fantasy_family(family);
        usvg::Options {
            font_family: family.to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

/// The revision of how exports are drawn, part of their cache key: raise it when the same
/// SVG would give other PNG or PDF bytes (2: milestones as diamonds).
const DRAWING: &str = "2";

/// The SVG with the transforms its style sheet gives by class (`.milestone{transform:
/// rotate(45deg) scale(0.8,0.8)}` about the element's `transform-origin`) written on the
/// elements as `transform` attributes: resvg and krilla do not apply CSS transforms, and a
/// milestone would be drawn as a square. A browser gives the CSS the same result.
fn css_transforms(svg: &str) -> std::borrow::Cow<'_, str> {
    // (class, transform in SVG syntax), and the byte ranges of the CSS declarations.
    let mut rules: Vec<(&str, String)> = Vec::new();
    let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
    // Only the style sheet: chart texts may hold anything. Each look-back stops at the
    // rule before (a `}`), so the scan stays linear.
    let Some(style) = svg
        .match_indices("style")
        .find(|(i, _)| *i > 0 && svg.as_bytes()[i - 1] == b'<')
        .and_then(|(a, _)| svg[a..].find("/style>").map(|b| a..a + b))
    else {
        return std::borrow::Cow::Borrowed(svg);
    };
    let mut from = style.start;
    while let Some(i) = svg[from..style.end].find("{transform:") {
        let at = from + i;
        let rule_start = svg[from..at].rfind('}').map_or(from, |r| from + r + 1);
        from = at + 1;
        let before = &svg[rule_start..at];
        let Some(dot) = before.rfind('.') else {
            continue;
        };
        let class = &before[dot + 1..];
        let Some(end) = svg[at..style.end].find(['}', ';']) else {
            continue;
        };
        let value = &svg[at + "{transform:".len()..at + end];
        let ok = !class.is_empty()
            && class
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b" .,()-".contains(&b));
        if ok {
            rules.push((class, value.replace("deg", "")));
            cut.push(at + 1..at + end + usize::from(svg[at + end..].starts_with(';')));
        }
    }
    if rules.is_empty() {
        return std::borrow::Cow::Borrowed(svg);
    }
    // The CSS rules themselves go: usvg would let them win over the attributes.
    let mut kept = String::with_capacity(svg.len());
    let mut last = 0;
    for r in &cut {
        kept.push_str(&svg[last..r.start]);
        last = r.end;
    }
    kept.push_str(&svg[last..]);
    let mut out = String::with_capacity(svg.len() + 1024);
    let mut rest = kept.as_str();
    const ORIGIN: &str = " transform-origin=\"";
    while let Some(i) = rest.find(ORIGIN) {
        let tag_start = rest[..i].rfind('<').unwrap_or(0);
        let tag_end = i + rest[i..].find('>').unwrap_or(rest.len() - i);
        let tag = &rest[tag_start..tag_end];
        let origin: Vec<f64> = rest[i + ORIGIN.len()..]
            .split('"')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|v| v.trim_end_matches("px").parse().ok())
            .collect();
        let classes: Vec<&str> = tag
            .split(" class=\"")
            .nth(1)
            .and_then(|c| c.split('"').next())
            .map(|c| c.split_whitespace().collect())
            .unwrap_or_default();
        let rule = rules.iter().find(|(c, _)| classes.contains(c));
        out.push_str(&rest[..i]);
        // usvg applies `transform-origin` to the attribute, as a browser does.
        if let (Some((_, t)), [_, _], false) = (rule, &origin[..], tag.contains(" transform=\"")) {
            out.push_str(&format!(" transform=\"{t}\""));
        }
        out.push_str(ORIGIN);
        rest = &rest[i + ORIGIN.len()..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The SVG as an XML tree, refused before anything is drawn when it is too large to export.
fn document<'s>(svg: &'s str, format: &str) -> Result<usvg::roxmltree::Document<'s>, ExportError> {
    if svg.len() > MAX_SVG_BYTES {
        return Err(ExportError::too_large(
            format,
            format!(
                "its SVG has {} MB (at most {} MB)",
                svg.len() >> 20,
                MAX_SVG_BYTES >> 20
            ),
        ));
    }
    let doc = usvg::roxmltree::Document::parse_with_options(
        svg,
        usvg::roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| ExportError::new(format!("the SVG cannot be read: {e}")))?;
    // Nesting is drawn recursively: a hostile drawing must not overflow the stack. Each
    // node's depth is its parent's plus one (nodes come parents first).
    let mut depth: Vec<u32> = Vec::new();
    for n in doc.descendants() {
        let d = n
            .parent()
            .and_then(|p| depth.get(p.id().get() as usize))
            .map_or(0, |d| d + 1);
        let at = n.id().get() as usize;
        if depth.len() <= at {
            depth.resize(at + 1, 0);
        }
        depth[at] = d;
        if d as usize > MAX_SVG_DEPTH {
            return Err(ExportError::too_large(
                format,
                format!("its SVG nests elements more than {MAX_SVG_DEPTH} deep"),
            ));
        }
    }
    let elements = doc.descendants().filter(|n| n.is_element()).count();
    if elements > MAX_SVG_ELEMENTS {
        return Err(ExportError::too_large(
            format,
            format!("its SVG has {elements} elements (at most {MAX_SVG_ELEMENTS})"),
        ));
    }
    Ok(doc)
}

/// A drawing as the PDF export draws it (CSS transforms applied, size limits kept), for the
/// printed site.
pub(crate) fn svg_tree(svg: &str) -> Result<usvg::Tree, ExportError> {
    let svg = css_transforms(svg);
    let doc = document(&svg, "PDF")?;
    tree(&doc)
}

fn tree(doc: &usvg::roxmltree::Document<'_>) -> Result<usvg::Tree, ExportError> {
    usvg::Tree::from_xmltree(doc, options())
        .map_err(|e| ExportError::new(format!("the SVG cannot be read: {e}")))
}

/// The size the root `<svg>` declares in pixels, read as usvg reads it (`width`/`height` in
/// pixels or percent of the `viewBox`, missing ones from the `viewBox`); `None` when it is
/// given in other units, so that only the drawn tree can tell.
fn declared_size(doc: &usvg::roxmltree::Document<'_>) -> Option<(f32, f32)> {
    let root = doc.root_element();
    let view_box: Option<Vec<f32>> = root.attribute("viewBox").map(|v| {
        v.split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect()
    });
    let view_box = view_box.filter(|v| v.len() == 4).map(|v| (v[2], v[3]));
    let side = |name: &str, from_box: Option<f32>| -> Option<f32> {
        match root.attribute(name).map(str::trim) {
            None => from_box,
            Some(v) => match v.strip_suffix('%') {
                Some(pct) => Some(from_box? * pct.trim().parse::<f32>().ok()? / 100.0),
                None => v.strip_suffix("px").unwrap_or(v).trim().parse().ok(),
            },
        }
    };
    let w = side("width", view_box.map(|b| b.0))?;
    let h = side("height", view_box.map(|b| b.1))?;
    (w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0).then_some((w, h))
}

/// The pixel size of a PNG of a `w`×`h` chart drawn `scale` times its size (rounded as
/// tiny-skia rounds it).
fn png_pixels(w: f32, h: f32, scale: f32) -> (u64, u64) {
    let px = |side: f32| ((side.ceil() * scale).round() as u64).max(1);
    (px(w), px(h))
}

/// The scale a PNG of a `w`×`h` chart is drawn at when `asked` is asked for: `asked`, or
/// less to stay within [`MAX_PNG_PIXELS`], but not below [`MIN_PNG_SCALE`].
fn png_scale(w: f32, h: f32, asked: f32) -> Result<f32, ExportError> {
    let mut scale = asked;
    let fit = (MAX_PNG_PIXELS as f64 / (f64::from(w.ceil()) * f64::from(h.ceil()))).sqrt() as f32;
    if fit < scale {
        scale = fit;
    }
    // Rounding may add a pixel to a side: step down until the pixel count fits.
    for _ in 0..64 {
        let (pw, ph) = png_pixels(w, h, scale);
        if pw.saturating_mul(ph) <= MAX_PNG_PIXELS {
            break;
        }
        scale *= 0.999;
    }
    let floor = asked.min(MIN_PNG_SCALE);
    let (pw, ph) = png_pixels(w, h, scale);
    if scale < floor || pw.saturating_mul(ph) > MAX_PNG_PIXELS {
        let (fw, fh) = png_pixels(w, h, floor);
        return Err(ExportError::too_large(
            "PNG",
            format!(
                "{fw}×{fh} pixels even at {floor}× (at most {} megapixels)",
                MAX_PNG_PIXELS / 1_000_000
            ),
        ));
    }
    Ok(scale)
}

/// The scale a PDF page of a `w`×`h` chart is drawn at: 1, or less to keep both sides
/// within [`MAX_PDF_SIDE`], but not below [`MIN_PDF_SCALE`].
fn pdf_scale(w: f32, h: f32) -> Result<f32, ExportError> {
    let scale = (MAX_PDF_SIDE / w.max(h)).min(1.0);
    if scale < MIN_PDF_SCALE || !scale.is_finite() {
        return Err(ExportError::too_large(
            "PDF",
            format!(
                "{}×{} points even at {MIN_PDF_SCALE}× (at most {MAX_PDF_SIDE} points a side)",
                (w * MIN_PDF_SCALE).ceil(),
                (h * MIN_PDF_SCALE).ceil()
            ),
        ));
    }
    Ok(scale)
}

/// Whether `svg` can be exported as `format` within the limits, without drawing it (the
/// size the SVG declares decides; [`png`] and [`pdf`] check the drawn size again). Callers
/// use it to offer only the downloads that will exist.
pub fn check(svg: &str, format: Format) -> Result<(), ExportError> {
    let name = format.label();
    if format == Format::Svg {
        return Ok(());
    }
    let doc = document(svg, name)?;
    if let Some((w, h)) = declared_size(&doc) {
        match format {
            Format::Png => png_scale(w, h, PNG_SCALE).map(|_| ()),
            _ => pdf_scale(w, h).map(|_| ()),
        }?;
    }
    Ok(())
}

/// Draws `svg` as a PNG `scale` times its size, on white, or smaller when that would exceed
/// [`MAX_PNG_PIXELS`] (see [`MIN_PNG_SCALE`] for when it is refused instead).
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(ExportError::new(format!(
            "cannot scale the chart by {scale}"
        )));
    }
    let svg = css_transforms(svg);
    let doc = document(&svg, "PNG")?;
    // Refuse what is too large before the tree (text laid out as paths) is built.
    if let Some((w, h)) = declared_size(&doc) {
        png_scale(w, h, scale)?;
    }
    let tree = tree(&doc)?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = png_scale(w, h, scale)?;
    let (pw, ph) = png_pixels(w, h, scale);
    let mut pixmap = u32::try_from(pw)
        .ok()
        .zip(u32::try_from(ph).ok())
        .and_then(|(pw, ph)| Pixmap::new(pw, ph))
        .ok_or_else(|| ExportError::new(format!("the image would be {pw}×{ph} pixels")))?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let (width, height) = (pixmap.width(), pixmap.height());
    encode_rgb_png(width, height, pixmap.take())
        .map_err(|e| ExportError::new(format!("the PNG cannot be written: {e}")))
}

/// Encodes opaque RGBA pixels (drawn on white, so premultiplying changed nothing) as an RGB
/// PNG with fast compression: a third of the time of the default encoder, for files about
/// as large (`benches/exports.rs`). The pixels are packed to RGB in place, so encoding
/// needs no second copy of the image.
fn encode_rgb_png(
    width: u32,
    height: u32,
    mut pixels: Vec<u8>,
) -> Result<Vec<u8>, png::EncodingError> {
    let n = pixels.len() / 4;
    for i in 0..n {
        // Moving left: every byte is read before it is overwritten.
        pixels.copy_within(4 * i..4 * i + 3, 3 * i);
    }
    pixels.truncate(3 * n);
    let mut out = Vec::with_capacity(pixels.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Draws `svg` as a one-page PDF the size of the chart (smaller when a side would exceed
/// [`MAX_PDF_SIDE`], see [`MIN_PDF_SCALE`]), with its text embedded (selectable
/// and searchable), `title` and `lang` in the document information, and the chart tagged
/// as a figure with `description` as its alternative text.
pub fn pdf(svg: &str, title: &str, description: &str, lang: &str) -> Result<Vec<u8>, ExportError> {
    let svg = css_transforms(svg);
    let doc = document(&svg, "PDF")?;
    if let Some((w, h)) = declared_size(&doc) {
        pdf_scale(w, h)?;
    }
    let tree = tree(&doc)?;
    let scale = pdf_scale(tree.size().width(), tree.size().height())?;
    let (w, h) = (tree.size().width() * scale, tree.size().height() * scale);
    let size = Size::from_wh(w, h).ok_or_else(|| ExportError::new("the chart has no size"))?;
    let settings =
        PageSettings::from_wh(w, h).ok_or_else(|| ExportError::new("the chart has no size"))?;
    let mut document = krilla::Document::new();
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let id = surface.start_tagged(ContentTag::Other);
    surface.draw_svg(&tree, size, SvgSettings::default());
    surface.end_tagged();
    surface.finish();
    page.finish();
    let mut figure = TagGroup::new(Tag::Figure(Some(description.to_string())));
    figure.push(id);
    let mut tags = TagTree::new();
    tags.push(figure);
    document.set_tag_tree(tags);
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(lang.to_string())
            .creator(format!("forvalt {}", env!("CARGO_PKG_VERSION"))),
    );
    document
        .finish()
        .map_err(|e| ExportError::new(format!("the PDF cannot be written: {e:?}")))
}

/// Where a chart export of the page at `page_url` is published (an escaped URL path): beside
/// the page, named after it and the chart (`/docs/plan.html` → `/docs/plan-koereplan-1.png`;
/// `/docs/plan/` → `/docs/plan/koereplan-1.png`).
pub fn site_url(page_url: &str, stem: &str, format: Format) -> String {
    let ext = format.extension();
    if page_url.ends_with('/') {
        return format!("{page_url}{stem}.{ext}");
    }
    let base = page_url.strip_suffix(".html").unwrap_or(page_url);
    format!("{base}-{stem}.{ext}")
}

/// Drawn exports kept between builds by the caller, by [`key`] (the CLI keeps them in a
/// cache folder, so an unchanged chart is not drawn again).
pub trait ExportStore: Send + Sync {
    /// The bytes stored under `key`, if any.
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    /// Stores `bytes` under `key` (failures are the store's own business).
    fn put(&self, key: &str, bytes: &[u8]);
}

/// A shared [`ExportStore`] in [`crate::BuildOptions`].
#[derive(Clone)]
pub struct SharedStore(pub std::sync::Arc<dyn ExportStore>);

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedStore")
    }
}

/// A key for one export: a stable hash (FNV-1a) of everything it is drawn from and of
/// forvalt's version, with the format's extension (`3f…a1.png`).
pub fn key(chart: &ChartFile, format: Format, lang: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        env!("CARGO_PKG_VERSION"),
        DRAWING,
        chart.svg.as_str(),
        chart.title.as_str(),
        chart.description.as_str(),
        lang,
        format.extension(),
    ] {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}.{}", format.extension())
}

/// One export of a chart as bytes.
pub fn bytes(chart: &ChartFile, format: Format, lang: &str) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Svg => Ok(chart.svg.clone().into_bytes()),
        Format::Png => png(&chart.svg, PNG_SCALE),
        Format::Pdf => pdf(&chart.svg, &chart.title, &chart.description, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"50\" viewBox=\"0 0 200 50\"><rect x=\"5\" y=\"5\" width=\"40\" height=\"40\" fill=\"#1f6f8b\"/><text x=\"60\" y=\"30\" font-family=\"trebuchet ms, sans-serif\" font-size=\"16\">Styregruppemøde</text></svg>";

    #[test]
    fn png_has_the_scaled_size() {
        let bytes = png(SVG, 2.0).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (400, 100));
    }

    #[test]
    fn pdf_text_is_selectable_and_output_is_reproducible() {
        let a = pdf(SVG, "Titel", "Et felt og et ord", "da").unwrap();
        let b = pdf(SVG, "Titel", "Et felt og et ord", "da").unwrap();
        assert_eq!(a, b, "the same chart gives the same PDF");
        let text = pdf_extract::extract_text_from_mem(&a).unwrap();
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains("Styregruppemøde"), "{text:?}");
    }

    #[test]
    fn exports_sit_beside_their_page() {
        assert_eq!(
            site_url("/docs/plan.html", "koereplan-1", Format::Png),
            "/docs/plan-koereplan-1.png"
        );
        assert_eq!(
            site_url("/docs/plan/", "aarshjul-1", Format::Pdf),
            "/docs/plan/aarshjul-1.pdf"
        );
        assert_eq!(
            site_url("/", "koereplan-2", Format::Svg),
            "/koereplan-2.svg"
        );
        assert_eq!(
            site_url("/plan", "koereplan-1", Format::Svg),
            "/plan-koereplan-1.svg"
        );
    }

    /// A generated roadmap of `n` tasks, as the site exports it.
    fn roadmap(n: usize) -> String {
        let mut text = String::from("gantt\n dateFormat YYYY-MM-DD\n");
        for i in 0..n {
            text.push_str(&format!(" Opgave {i} : 2026-01-{:02}, 5d\n", i % 28 + 1));
        }
        let mut options = forvalt_gantt::Options::at(1_767_225_600_000);
        options.theme = forvalt_gantt::Theme::Light;
        forvalt_gantt::render(&text, &options).svg
    }

    /// The RGB of pixel (x, y) of a PNG.
    fn pixel(bytes: &[u8], x: u32, y: u32) -> (u8, u8, u8) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        let at = (y as usize * info.width as usize + x as usize) * channels;
        (buf[at], buf[at + 1], buf[at + 2])
    }

    #[test]
    fn milestones_are_diamonds_in_the_png() {
        let text = "gantt\n dateFormat YYYY-MM-DD\n Arbejde : 2026-01-05, 20d\n Lancering : milestone, m1, 2026-01-15, 0d\n";
        let mut options = forvalt_gantt::Options::at(1_767_225_600_000);
        options.theme = forvalt_gantt::Theme::Light;
        let svg = forvalt_gantt::render(text, &options).svg;
        let tag = &svg[svg[..svg.find("class=\"task milestone").unwrap()]
            .rfind("<rect")
            .unwrap()..];
        let num = |k: &str| -> f64 {
            tag.split(&format!(" {k}=\""))
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let (x, y, w) = (num("x"), num("y"), num("width"));
        let bytes = png(&svg, 1.0).unwrap();
        let (cx, cy) = ((x + w / 2.0) as u32, (y + w / 2.0) as u32);
        // The row's background, left of the milestone.
        let back = pixel(&bytes, x as u32 - 4, cy);
        // The centre is drawn; a corner of the unrotated square is not (a diamond's corners
        // are at the middle of the square's sides).
        assert_ne!(pixel(&bytes, cx, cy), back, "the milestone's centre");
        assert_eq!(
            pixel(&bytes, (x + 2.0) as u32, (y + 2.0) as u32),
            back,
            "a square's corner"
        );
        // And the diamond reaches past the square's side in the middle (rotated 45°, 0.8).
        let reach = (w / 2.0 * 0.8 * std::f64::consts::SQRT_2) as u32;
        assert_ne!(
            pixel(&bytes, cx, cy - reach + 2),
            back,
            "the diamond's top corner"
        );
        // The page's own SVG keeps its CSS (a browser draws the diamond from it).
        assert!(svg.contains(".milestone{transform:rotate(45deg)"));
    }

    fn png_size(bytes: &[u8]) -> (u32, u32) {
        let reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        (reader.info().width, reader.info().height)
    }

    #[test]
    fn a_tall_chart_is_drawn_smaller_to_fit_the_pixel_limit() {
        // 400 rows: 1200 × 9,800 px, 47 megapixels at 2×.
        let svg = roadmap(400);
        let (w, h) = png_size(&png(&svg, PNG_SCALE).unwrap());
        assert!(u64::from(w) * u64::from(h) <= MAX_PNG_PIXELS, "{w}×{h}");
        assert!((1200..2400).contains(&w), "{w}×{h}");
        // Small charts keep the asked scale exactly.
        assert_eq!(png_size(&png(SVG, 3.0).unwrap()), (600, 150));
    }

    #[test]
    fn a_huge_chart_is_refused_cleanly_before_anything_is_drawn() {
        // 10,000 rows (the engine's limit): 240,000 px tall, 288 megapixels at 1×; at 2× the
        // PNG would take 2.3 GB to draw.
        let svg = roadmap(10_000);
        for (format, result) in [
            (Format::Png, png(&svg, PNG_SCALE).map(|b| b.len())),
            (Format::Pdf, pdf(&svg, "t", "d", "da").map(|b| b.len())),
        ] {
            let e = result.unwrap_err();
            assert!(e.too_large, "{e}");
            assert!(
                e.to_string()
                    .starts_with("the chart is too large to export as"),
                "{e}"
            );
            assert_eq!(check(&svg, format), Err(e));
        }
        assert_eq!(check(&svg, Format::Svg), Ok(()));
        assert_eq!(check(SVG, Format::Png), Ok(()));
        assert_eq!(check(SVG, Format::Pdf), Ok(()));
        // The CLI's --scale: a small scale asked for is kept.
        assert!(png(&roadmap(1_000), 0.25).is_ok());
    }

    #[test]
    fn a_tall_pdf_page_is_drawn_smaller_to_fit_the_page_limit() {
        // 700 rows: about 17,000 points tall.
        let svg = roadmap(700);
        let bytes = pdf(&svg, "t", "d", "da").unwrap();
        let doc = pdf_extract::Document::load_mem(&bytes).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1);
        let page = doc.get_dictionary(pages[&1]).unwrap();
        let sides: Vec<f32> = page
            .get(b"MediaBox")
            .and_then(|b| b.as_array())
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        assert!(sides[3] <= MAX_PDF_SIDE && sides[3] > 14_000.0, "{sides:?}");
        assert!(sides[2] < 1200.0, "{sides:?}");
    }

    #[test]
    fn a_huge_roadmap_is_a_file_only_as_svg_and_the_browser_draws_png_and_pdf() {
        let mut chart = String::from("```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n");
        for i in 0..3_000 {
            chart.push_str(&format!("    Opgave {i} : 2026-01-{:02}, 5d\n", i % 28 + 1));
        }
        chart.push_str("```\n");
        let mut files = forvalt_model::MemoryFiles::new();
        files.insert("_config.yml", "title: OS2\nlang: da\n");
        files.insert(
            "plan.md",
            format!("---\ntitle: Plan\n---\n# Plan\n\n{chart}"),
        );
        let repo = forvalt_model::load(
            &files,
            &forvalt_model::LoadOptions {
                now: 1_767_225_600_000,
                publish: None,
            },
        )
        .value;
        let options = crate::BuildOptions {
            search: false,
            exports: true,
            ..crate::BuildOptions::default()
        };
        let (site, diagnostics) = crate::build(&repo, &options).into_parts();
        let paths: Vec<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"plan-roadmap-1.svg"), "{paths:?}");
        assert!(
            !paths
                .iter()
                .any(|p| p.ends_with(".png") || p.ends_with(".pdf"))
        );
        // A roadmap's PNG and PDF are drawn in the reader's browser (scaled down to what it
        // can draw): nothing is refused, and the page offers them as buttons.
        assert!(
            !diagnostics.iter().any(|d| d.code == "site::export"),
            "{diagnostics:?}"
        );
        let page = site.files.iter().find(|f| f.path == "plan.html").unwrap();
        let crate::Content::Bytes(html) = &page.content else {
            panic!("the page is written")
        };
        let html = String::from_utf8_lossy(html);
        assert!(html.contains("<svg"));
        assert!(
            html.contains("href=\"plan-roadmap-1.svg\""),
            "the SVG is offered"
        );
        for format in ["png", "pdf"] {
            assert!(
                html.contains(&format!(
                    "data-draw=\"{format}\" data-svg=\"plan-roadmap-1.svg\" data-name=\"plan-roadmap-1.{format}\""
                )),
                "{format} is drawn from the SVG"
            );
        }
        assert!(!html.contains("href=\"plan-roadmap-1.png\""));
    }

    #[test]
    fn bad_svg_is_an_error_not_a_panic() {
        assert!(png("<svg", 1.0).is_err());
        assert!(pdf("not svg", "t", "d", "da").is_err());
        assert!(
            png(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>",
                1.0
            )
            .is_err()
        );
    }
}
