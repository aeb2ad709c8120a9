//! Text for print: the embedded Liberation Sans (regular, bold, italic) measured with its
//! own advance widths, and paragraphs broken into lines greedily, with Danish hyphenation
//! for a word that does not fit at the end of a line (and letters split only where a word
//! is wider than the whole line).

use super::dom::{Run, Style};
use std::sync::OnceLock;

/// The three faces, for measuring and for the PDF.
pub(crate) struct Fonts {
    faces: [ttf_parser::Face<'static>; 3],
    pdf: [krilla::text::Font; 3],
    /// Per face, the advance of each character below [`TABLE`] (`None`: no glyph), so that
    /// measuring Danish text needs no lookup in the font's character map.
    table: [Vec<Option<u16>>; 3],
}

/// The characters whose advances are kept in a table (Latin, with æ ø å and accents).
const TABLE: u32 = 0x300;

const DATA: [&[u8]; 3] = [
    forvalt_gantt::layout::font::REGULAR,
    forvalt_gantt::layout::font::BOLD,
    forvalt_gantt::layout::font::ITALIC,
];

impl Fonts {
    /// The fonts, read once.
    pub(crate) fn get() -> Option<&'static Fonts> {
        static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                let faces = [
                    ttf_parser::Face::parse(DATA[0], 0).ok()?,
                    ttf_parser::Face::parse(DATA[1], 0).ok()?,
                    ttf_parser::Face::parse(DATA[2], 0).ok()?,
                ];
                let pdf = [
                    krilla::text::Font::new(DATA[0].into(), 0)?,
                    krilla::text::Font::new(DATA[1].into(), 0)?,
                    krilla::text::Font::new(DATA[2].into(), 0)?,
                ];
                let table = [0, 1, 2].map(|i: usize| {
                    (0..TABLE)
                        .map(|c| {
                            let c = char::from_u32(c)?;
                            let f = &faces[i];
                            f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g))
                        })
                        .collect()
                });
                Some(Fonts { faces, pdf, table })
            })
            .as_ref()
    }

    fn index(style: Style) -> usize {
        if style.bold {
            1
        } else if style.italic {
            2
        } else {
            0
        }
    }

    /// The PDF font of a look.
    pub(crate) fn pdf(&self, style: Style) -> krilla::text::Font {
        self.pdf[Self::index(style)].clone()
    }

    /// Whether the regular face has a glyph for `c` (emoji and other symbols it lacks are
    /// left out of print rather than drawn as empty boxes).
    pub(crate) fn has(&self, c: char) -> bool {
        if let Some(a) = self.table[0].get(c as usize) {
            return c.is_whitespace() || a.is_some();
        }
        c.is_whitespace() || self.faces[0].glyph_index(c).is_some()
    }

    /// The width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, style: Style, size: f32) -> f32 {
        let i = Self::index(style);
        let face = &self.faces[i];
        let upem = f32::from(face.units_per_em().max(1));
        let missing = u64::from(face.units_per_em()) / 2;
        let units: u64 = text
            .chars()
            .map(|c| match self.table[i].get(c as usize) {
                Some(a) => a.map_or(missing, u64::from),
                None => face
                    .glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(missing, u64::from),
            })
            .sum();
        units as f32 * size / upem
    }
}

/// A piece of a line: text in one look, where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub(crate) x: f32,
    pub(crate) text: String,
    pub(crate) style: Style,
    pub(crate) link: Option<String>,
    pub(crate) width: f32,
}

/// A word of a paragraph: its text, look, link, and whether a space follows it.
struct Word {
    text: String,
    style: Style,
    link: Option<String>,
    space: bool,
    newline: bool,
}

fn words(fonts: &Fonts, runs: &[Run]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for r in runs {
        let printable: String = r.text.chars().filter(|c| fonts.has(*c)).collect();
        let mut rest = printable.as_str();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('\n') {
                out.push(Word {
                    text: String::new(),
                    style: r.style,
                    link: None,
                    space: false,
                    newline: true,
                });
                rest = after;
                continue;
            }
            let end = rest.find([' ', '\n']).unwrap_or(rest.len());
            let (w, after) = rest.split_at(end);
            let space = after.starts_with(' ');
            if !w.is_empty() {
                out.push(Word {
                    text: w.to_string(),
                    style: r.style,
                    link: r.link.clone(),
                    space,
                    newline: false,
                });
            } else if space && let Some(last) = out.last_mut() {
                last.space = true;
            }
            rest = after.strip_prefix(' ').unwrap_or(after);
        }
    }
    out
}

/// The longest start of `word` (at a Danish syllable break) that fits in `room` with a
/// hyphen, and the rest.
fn hyphenate(
    fonts: &Fonts,
    word: &str,
    style: Style,
    size: f32,
    room: f32,
) -> Option<(String, String)> {
    if word.chars().count() < 6 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let mut best = None;
    let mut at = 0;
    // hypher's syllables are slices of `word` itself, so their lengths are offsets in it.
    for syllable in hypher::hyphenate(word, hypher::Lang::Danish) {
        at += syllable.len();
        if at >= word.len() || !word.is_char_boundary(at) {
            break;
        }
        let head = format!("{}-", &word[..at]);
        if fonts.width(&head, style, size) <= room {
            best = Some((head, word[at..].to_string()));
        } else {
            break;
        }
    }
    best
}

/// Splits a word wider than a whole line at letters.
fn split_letters(fonts: &Fonts, word: &str, style: Style, size: f32, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0;
    let mut buf = [0u8; 4];
    for c in word.chars() {
        // Each letter measured once: linear in the word.
        let w = fonts.width(c.encode_utf8(&mut buf), style, size);
        if cur_w + w > width && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur_w = 0.0;
        }
        cur.push(c);
        cur_w += w;
    }
    out.push(cur);
    out
}

/// A line being filled.
struct Line {
    pieces: Vec<Piece>,
    x: f32,
    pending_space: bool,
}

impl Line {
    fn new() -> Line {
        Line {
            pieces: Vec::new(),
            x: 0.0,
            pending_space: false,
        }
    }

    fn push(&mut self, fonts: &Fonts, text: &str, style: Style, link: &Option<String>, size: f32) {
        let space = if self.pending_space && !self.pieces.is_empty() {
            fonts.width(" ", style, size)
        } else {
            0.0
        };
        let w = fonts.width(text, style, size);
        match self.pieces.last_mut() {
            Some(p) if p.style == style && p.link == *link => {
                if space > 0.0 {
                    p.text.push(' ');
                }
                p.text.push_str(text);
                p.width += space + w;
            }
            _ => self.pieces.push(Piece {
                x: self.x + space,
                text: text.to_string(),
                style,
                link: link.clone(),
                width: w,
            }),
        }
        self.x += space + w;
    }
}

/// Breaks `runs` into lines at most `width` wide, at `size` points.
pub(crate) fn lines(fonts: &Fonts, runs: &[Run], width: f32, size: f32) -> Vec<Vec<Piece>> {
    let width = width.max(size * 2.0);
    let mut out = Vec::new();
    let mut line = Line::new();
    for w in words(fonts, runs) {
        if w.newline {
            out.push(std::mem::replace(&mut line, Line::new()).pieces);
            continue;
        }
        let mut text = w.text.clone();
        loop {
            let space = if line.pending_space && !line.pieces.is_empty() {
                fonts.width(" ", w.style, size)
            } else {
                0.0
            };
            let need = fonts.width(&text, w.style, size);
            if line.pieces.is_empty() || line.x + space + need <= width {
                if need > width && line.pieces.is_empty() {
                    let parts = split_letters(fonts, &text, w.style, size, width);
                    let n = parts.len();
                    for (k, p) in parts.into_iter().enumerate() {
                        line.push(fonts, &p, w.style, &w.link, size);
                        if k + 1 < n {
                            out.push(std::mem::replace(&mut line, Line::new()).pieces);
                        }
                    }
                } else {
                    line.push(fonts, &text, w.style, &w.link, size);
                }
                break;
            }
            let room = width - line.x - space;
            if let Some((head, rest)) = hyphenate(fonts, &text, w.style, size, room) {
                line.push(fonts, &head, w.style, &w.link, size);
                text = rest;
            }
            out.push(std::mem::replace(&mut line, Line::new()).pieces);
        }
        line.pending_space = w.space;
    }
    if !line.pieces.is_empty() {
        out.push(line.pieces);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Run {
        Run {
            text: t.into(),
            style: Style::default(),
            link: None,
        }
    }

    #[test]
    fn lines_fit_and_long_words_are_hyphenated_in_danish() {
        let fonts = Fonts::get().unwrap();
        let text =
            "Styregruppen godkender kørselsplanlægningssystemets udviklingsplan for næste år.";
        let ls = lines(fonts, &[run(text)], 150.0, 10.0);
        assert!(ls.len() > 1);
        for l in &ls {
            let end = l.last().map_or(0.0, |p| p.x + p.width);
            assert!(end <= 150.5, "{l:?}");
        }
        let joined: String = ls
            .iter()
            .map(|l| {
                l.iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(joined.contains("-\n"), "a word was hyphenated: {joined}");
        // A word wider than the line is split at letters, never lost.
        let long = "x".repeat(200);
        let ls = lines(fonts, &[run(&long)], 50.0, 10.0);
        let total: usize = ls.iter().flatten().map(|p| p.text.len()).sum();
        assert_eq!(total, 200);
    }

    #[test]
    fn hostile_words_neither_panic_nor_take_long() {
        let fonts = Fonts::get().unwrap();
        // Letters whose lower case has another length (İ, K, Å): no slicing inside ø.
        for w in ["İİİøøøøøøøæææ", "KKKKøøøøøøøøøø", "ÅÅÅÅøøøøøøøøøø"]
        {
            let _ = lines(fonts, &[run(&format!("a {w}"))], 30.0, 10.0);
        }
        // 300,000 zero-width spaces in one word: measured once each.
        let word = format!("M{}", "\u{200b}".repeat(300_000));
        let started = std::time::Instant::now();
        let ls = lines(fonts, &[run(&word)], 100.0, 10.0);
        assert!(!ls.is_empty());
        assert!(started.elapsed().as_secs() < 5);
    }
}
