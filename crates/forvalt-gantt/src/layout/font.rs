//! Text widths from the embedded Liberation Sans (metric-compatible with Arial, the font the
//! reference renders used), never from the system.

use std::sync::OnceLock;

/// Liberation Sans Regular (SIL OFL 1.1, see `fonts/OFL.txt`).
pub const REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../fonts/LiberationSans-Bold.ttf");
/// Liberation Sans Italic.
pub const ITALIC: &[u8] = include_bytes!("../../fonts/LiberationSans-Italic.ttf");
/// The family name to use in CSS and SVG for the embedded font.
pub const FAMILY: &str = "Liberation Sans";
/// The fonts' licence (SIL Open Font License 1.1), to ship with the font files.
pub const LICENSE: &str = include_str!("../../fonts/OFL.txt");

struct Metrics {
    units_per_em: f64,
    /// Pair kerning from the `kern` table: `(left << 16 | right, adjustment)`, sorted.
    kern: Vec<(u32, i16)>,
    /// Glyph and advance width of U+0000–U+024F, in font units (`None` = no glyph).
    latin: Vec<Option<(ttf_parser::GlyphId, u16)>>,
    face: ttf_parser::Face<'static>,
}

fn metrics() -> &'static Option<Metrics> {
    static M: OnceLock<Option<Metrics>> = OnceLock::new();
    M.get_or_init(|| {
        let face = ttf_parser::Face::parse(REGULAR, 0).ok()?;
        let latin = (0u32..0x250)
            .map(|c| {
                let g = char::from_u32(c).and_then(|c| face.glyph_index(c))?;
                Some((g, face.glyph_hor_advance(g)?))
            })
            .collect();
        let mut kern: Vec<(u32, i16)> = Vec::new();
        if let Some(table) = face.tables().kern {
            for sub in table.subtables {
                if !sub.horizontal || sub.variable {
                    continue;
                }
                if let ttf_parser::kern::Format::Format0(f0) = sub.format {
                    for pair in f0.pairs {
                        kern.push((
                            (u32::from(pair.left().0) << 16) | u32::from(pair.right().0),
                            pair.value,
                        ));
                    }
                }
            }
        }
        // The first subtable that has a pair wins, as in a lookup.
        kern.sort_by_key(|&(k, _)| k);
        kern.dedup_by_key(|&mut (k, _)| k);
        Some(Metrics {
            units_per_em: f64::from(face.units_per_em()),
            kern,
            latin,
            face,
        })
    })
}

/// The width in pixels of `text` at `size` px, as a browser measures an SVG `<text>`:
/// white space collapsed and trimmed, pair kerning applied.
pub fn text_width(text: &str, size: f64) -> f64 {
    let Some(m) = metrics() else {
        return text.chars().count() as f64 * size * 0.55;
    };
    let mut units = 0i64;
    let mut fallback_em = 0.0;
    let mut prev: Option<ttf_parser::GlyphId> = None;
    let mut pending_space = false;
    let mut started = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            pending_space = started;
            continue;
        }
        let mut emit = |c: char, units: &mut i64, prev: &mut Option<ttf_parser::GlyphId>| {
            let found = if (c as u32) < 0x250 {
                m.latin[c as usize]
            } else {
                m.face
                    .glyph_index(c)
                    .and_then(|g| Some((g, m.face.glyph_hor_advance(g)?)))
            };
            match found {
                Some((g, a)) => {
                    if let Some(p) = *prev {
                        let key = (u32::from(p.0) << 16) | u32::from(g.0);
                        if let Ok(i) = m.kern.binary_search_by_key(&key, |&(k, _)| k) {
                            *units += i64::from(m.kern[i].1);
                        }
                    }
                    *units += i64::from(a);
                    *prev = Some(g);
                }
                _ => {
                    // Not in the font: the browser falls back to another font.
                    fallback_em += if is_wide(c) { 1.0 } else { 0.6 };
                    *prev = None;
                }
            }
        };
        if pending_space {
            emit(' ', &mut units, &mut prev);
            pending_space = false;
        }
        emit(c, &mut units, &mut prev);
        started = true;
    }
    units as f64 * size / m.units_per_em + fallback_em * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_the_reference_browser() {
        // Values from the reference SVGs (`width-…` classes, Chromium + Liberation Sans).
        assert!((text_width("test1", 11.0) - 23.859375).abs() < 0.05);
        assert!(
            (text_width("Completed task in the critical line", 11.0) - 160.796875).abs() < 0.05
        );
        assert!((text_width("Fixed end over weekend", 11.0) - 119.859375).abs() < 0.6);
        assert_eq!(text_width("  a  ", 11.0), text_width("a", 11.0), "trimmed");
        assert_eq!(
            text_width("a   b", 11.0),
            text_width("a b", 11.0),
            "collapsed"
        );
        assert!(
            text_width("游", 10.0) >= 9.9,
            "missing glyphs still take room"
        );
    }
}
