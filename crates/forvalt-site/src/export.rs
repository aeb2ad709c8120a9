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
pub struct ExportError(pub String);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExportError {}

/// PNG pixels per SVG pixel: 2 gives print quality for board papers.
pub const PNG_SCALE: f32 = 2.0;

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

fn tree(svg: &str) -> Result<usvg::Tree, ExportError> {
    usvg::Tree::from_str(svg, options())
        .map_err(|e| ExportError(format!("the SVG cannot be read: {e}")))
}

/// Draws `svg` as a PNG `scale` times its size, on white.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let tree = tree(svg)?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| ExportError(format!("cannot scale the chart by {scale}")))?;
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        ExportError(format!(
            "the image would be {}×{} pixels",
            size.width(),
            size.height()
        ))
    })?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode_rgb_png(pixmap.width(), pixmap.height(), pixmap.data())
        .map_err(|e| ExportError(format!("the PNG cannot be written: {e}")))
}

/// Encodes opaque RGBA pixels (drawn on white, so premultiplying changed nothing) as an RGB
/// PNG with fast compression: a third of the time of the default encoder, for files about
/// as large (`benches/exports.rs`).
fn encode_rgb_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Draws `svg` as a one-page PDF the size of the chart, with its text embedded (selectable
/// and searchable), `title` and `lang` in the document information, and the chart tagged
/// as a figure with `description` as its alternative text.
pub fn pdf(svg: &str, title: &str, description: &str, lang: &str) -> Result<Vec<u8>, ExportError> {
    let tree = tree(svg)?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let size = Size::from_wh(w, h).ok_or_else(|| ExportError("the chart has no size".into()))?;
    let settings =
        PageSettings::from_wh(w, h).ok_or_else(|| ExportError("the chart has no size".into()))?;
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
        .map_err(|e| ExportError(format!("the PDF cannot be written: {e:?}")))
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
