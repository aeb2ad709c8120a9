//! Bytes to text: detect the encoding, repair mojibake, and report what was done.
//!
//! Governance documents arrive as UTF-8 (with or without a byte order mark), as UTF-16
//! with a byte order mark, or as legacy Windows-1252. Some were damaged before they were
//! committed: the UTF-8 bytes of Danish text were decoded with the wrong codec and the
//! result saved again as UTF-8. [`decode`] undoes the two kinds of damage seen in OS2
//! repositories and says what it did in the returned [`Decoded`]; it never prints.
//!
//! # Decoding
//!
//! 1. A UTF-8 byte order mark gives [`SourceEncoding::Utf8Bom`]; a UTF-16 one gives
//!    [`SourceEncoding::Utf16Le`] or [`SourceEncoding::Utf16Be`]. The mark is removed.
//!    Malformed UTF-16 (a lone surrogate, an odd final byte) becomes U+FFFD.
//! 2. Valid UTF-8 gives [`SourceEncoding::Utf8`]. Otherwise the text is decoded line by
//!    line: valid UTF-8 lines stay, the others are decoded as Windows-1252, and the file
//!    is [`SourceEncoding::Windows1252`] with a [`DecodeProblem::Fallback`] giving the
//!    first such line and their number. Fallback text is not repaired: its bytes were
//!    not UTF-8, so no re-encoding of it can be UTF-8 either.
//! 3. A lone CR (`\r` not followed by `\n`, as old Mac editors save) becomes `\n`, as
//!    CommonMark and YAML read it; [`Decoded::lone_cr`] says how many there were.
//!
//! Lines here end at `\n`, `\r\n` or a lone `\r`, so line numbers match the returned text.
//!
//! # Clean-up
//!
//! After any repair, characters that HTML forbids and XML cannot hold are removed: the C0
//! controls other than tab, LF and CR, DEL, the C1 controls and U+FFFE/U+FFFF. They are
//! invisible, and left in they would reach page titles, menus and SVG charts.
//! [`Decoded::removed`] says how many there were and where the first one was.
//!
//! # Repair
//!
//! Repair is tried only on cleanly decoded text, and only when a quick scan finds a
//! Hangul or Hanja character (Johab damage) or one of `Â Ã â ð` (Latin-1 damage), so
//! clean text costs one pass over its characters (none at all for ASCII).
//!
//! * [`RepairKind::Johab`]: UTF-8 decoded as Korean Johab, so `æ` reads `칝` and `📆`
//!   reads `游늱`. The text is encoded with [`encode_johab`] and the bytes read as UTF-8.
//! * [`RepairKind::Latin1`]: UTF-8 decoded as ISO-8859-1 or Windows-1252, so `æ` reads
//!   `Ã¦` and `–` reads `â€“`. The text is encoded as Windows-1252 (U+0080–U+00FF,
//!   including the C1 controls, as the byte of the same value) and read as UTF-8.
//!
//! A repair is accepted only when it is lossless (every character has a code, the bytes
//! are valid UTF-8 and end on a character boundary) and the repaired characters look
//! like what broke:
//!
//! * none is a control (other than tab and line breaks), U+FFFD, a private-use
//!   character, a noncharacter or, for Johab, Hangul or Hanja;
//! * at least half are *typical*: Latin-1 letters and punctuation, general punctuation,
//!   `€`, `™`, arrows, symbols, dingbats and emoji;
//! * at least 2 are typical, or the text has a single repaired character (so short
//!   texts are repaired too);
//! * at least one is *in context*: a character from three or more UTF-8 bytes (`📆`,
//!   `–`), or a letter touching an ASCII letter or digit (`M칮de` → `Møde`). So `칠월`,
//!   `칠` or `칭칭` in Korean text stay, although their codes are the bytes of `é`/`÷`.
//!
//! The whole text is tried first. If that fails, each line containing a suspect
//! character is tried on its own, so real Korean lines or characters added by hand
//! after the damage do not block the repair of the other lines. A line that fails but
//! *looks damaged* makes the whole text [`DecodeProblem::Ambiguous`], and the text is
//! returned unchanged: forvalt reports rather than guesses. A text looks damaged when
//! at least half of its suspect characters decode to typical characters: for Johab,
//! Hangul whose code is the UTF-8 of a Latin-1 character and that touch an ASCII letter
//! or digit (`M칮de`, not `친칠라`), and Hanja whose code is the first half of an emoji; for
//! Latin-1, complete UTF-8 sequences of a typical character (`Ã¦`, `â€“`). A whole text
//! needs two such characters, a line one.

use std::collections::HashMap;
use std::sync::OnceLock;

use encoding_rs::{EUC_KR, UTF_16BE, UTF_16LE, WINDOWS_1252};
use forvalt_diag::{Diagnostic, FileId, Span};
use serde::Serialize;

/// How the bytes were encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (removed from the text).
    Utf8Bom,
    /// UTF-16 little-endian with a byte order mark (removed from the text).
    Utf16Le,
    /// UTF-16 big-endian with a byte order mark (removed from the text).
    Utf16Be,
    /// Windows-1252, used when the bytes are not valid UTF-8.
    Windows1252,
}

impl SourceEncoding {
    /// The encoding's name for messages, such as `UTF-8 with BOM`.
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 with BOM",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// A repair of mis-decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
    /// UTF-8 bytes that were decoded as Korean Johab, such as `칝` for `æ`.
    Johab,
    /// UTF-8 bytes that were decoded as ISO-8859-1 or Windows-1252, such as `Ã¦` for `æ`.
    Latin1,
}

impl RepairKind {
    /// The codec the text was wrongly decoded with, for messages.
    pub fn name(self) -> &'static str {
        match self {
            RepairKind::Johab => "Johab",
            RepairKind::Latin1 => "Latin-1/Windows-1252",
        }
    }
}

/// What a repair changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// Which damage was repaired.
    pub kind: RepairKind,
    /// How many damaged sequences were replaced (`游늱` → `📆` counts once).
    pub replaced: usize,
    /// The 1-based line of the first replacement.
    pub first_line: usize,
    /// Up to three distinct (damaged, repaired) samples in text order, such as `("칝", "æ")`.
    pub examples: Vec<(String, String)>,
}

/// Decoded (and possibly repaired) text, with what was done to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The text, without byte order mark, repaired if `repair` is set, lone CRs read as
    /// line breaks and forbidden controls removed.
    pub text: String,
    /// How the bytes were encoded.
    pub encoding: SourceEncoding,
    /// The mojibake repair applied to the decoded text, if any.
    pub repair: Option<Repair>,
    /// Something the caller should report: a fallback decoding or an ambiguous text.
    pub problem: Option<DecodeProblem>,
    /// Lone CRs that were read as line breaks, if there were any.
    pub lone_cr: Option<LoneCr>,
    /// Control characters that were removed, if there were any.
    pub removed: Option<Removed>,
}

/// Lone CRs (`\r` without `\n`) read as line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LoneCr {
    /// How many there were.
    pub count: usize,
    /// The 1-based line that the first one ends.
    pub line: usize,
    /// Whether every line break was a lone CR: a file saved by an old Mac editor.
    pub only: bool,
}

/// Control characters removed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// How many there were.
    pub count: usize,
    /// How many of them were NUL.
    pub nul: usize,
    /// The first one.
    pub first_char: char,
    /// Byte offset in the text where the first one was.
    pub first: usize,
}

/// A problem found while decoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecodeProblem {
    /// The text looks damaged but cannot be repaired safely; it was left unchanged.
    Ambiguous {
        /// The damage the text looks like.
        kind: RepairKind,
        /// The 1-based line where the repair failed.
        line: usize,
        /// Why the repair failed.
        reason: String,
    },
    /// Some lines are not valid UTF-8 and were decoded as Windows-1252.
    Fallback {
        /// The 1-based line of the first of them.
        line: usize,
        /// How many lines were decoded as Windows-1252.
        lines: usize,
    },
}

/// Decodes `bytes` to text, repairing Johab or Latin-1 mojibake (see the module docs).
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding, fallback) = decode_bytes(bytes);
    let (text, lone_cr) = lone_cr_to_lf(text);
    let (text, repair, problem) = match fallback {
        Some(problem) => (text, None, Some(problem)),
        None => match repair_text(&text) {
            Outcome::Clean => (text, None, None),
            Outcome::Repaired(repaired, repair) => (repaired, Some(repair), None),
            Outcome::Ambiguous(problem) => (text, None, Some(problem)),
        },
    };
    let (text, removed) = remove_controls(text);
    Decoded {
        text,
        encoding,
        repair,
        problem,
        lone_cr,
        removed,
    }
}

impl Decoded {
    /// What decoding did to the file `path` (id `file`), as diagnostics in its text.
    pub fn diagnostics(&self, path: &str, file: FileId) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let line_of = |line: usize| line_span(&self.text, line).in_file(file);
        if let Some(r) = &self.repair {
            let how = match r.kind {
                RepairKind::Johab => {
                    "its UTF-8 text had been read as Korean (Johab) and saved again"
                }
                RepairKind::Latin1 => {
                    "its UTF-8 text had been read as Latin-1/Windows-1252 and saved again"
                }
            };
            let examples: Vec<String> = r
                .examples
                .iter()
                .map(|(a, b)| format!("`{a}` → `{b}`"))
                .collect();
            out.push(
                Diagnostic::warning(
                    "encoding::mojibake",
                    format!(
                        "{path} was damaged ({how}); forvalt repaired {} characters",
                        r.replaced
                    ),
                )
                .with_span(line_of(r.first_line))
                .with_note(format!("for example {}", examples.join(", ")))
                .with_help("run `forvalt fix --write` to save the repaired text"),
            );
        }
        match &self.problem {
            Some(DecodeProblem::Ambiguous { line, reason, .. }) => out.push(
                Diagnostic::warning(
                    "encoding::ambiguous",
                    format!("{path} looks damaged, but it cannot be repaired safely: {reason}"),
                )
                .with_span(line_of(*line))
                .with_note("the text is shown as it is"),
            ),
            Some(DecodeProblem::Fallback { line, lines }) => {
                let message = if *lines == 1 {
                    format!("line {line} of {path} is not UTF-8; forvalt read it as Windows-1252")
                } else {
                    format!(
                        "{path} has {lines} lines that are not UTF-8 (the first is line {line}); \
                         forvalt read them as Windows-1252"
                    )
                };
                out.push(
                    Diagnostic::warning("encoding::not-utf8", message)
                        .with_span(line_of(*line))
                        .with_help("save the file as UTF-8"),
                );
            }
            None => {}
        }
        if self.encoding == SourceEncoding::Utf8Bom {
            out.push(
                Diagnostic::note(
                    "encoding::bom",
                    format!("{path} starts with a byte order mark (BOM)"),
                )
                .with_span(Span::new(0, 0).in_file(file))
                .with_note("Jekyll reads it, but other tools may show it as a stray character")
                .with_help("run `forvalt fix --write` to remove it"),
            );
        }
        if matches!(
            self.encoding,
            SourceEncoding::Utf16Le | SourceEncoding::Utf16Be
        ) {
            out.push(
                Diagnostic::note(
                    "encoding::utf16",
                    format!(
                        "{path} is UTF-16; forvalt reads it, but git and Jekyll work best with UTF-8"
                    ),
                )
                .with_span(Span::new(0, 0).in_file(file)),
            );
        }
        if let Some(cr) = &self.lone_cr {
            let end = line_of(cr.line).end as usize;
            let at = Span::point(end).in_file(file);
            let d = if cr.only {
                Diagnostic::warning(
                    "encoding::cr-line-endings",
                    format!("{path} ends its lines with CR (\\r) alone, as old Mac editors did"),
                )
                .with_note(
                    "forvalt reads each CR as a line break, but Jekyll does not find the front \
                     matter of such a file, and git shows it as one long line",
                )
            } else {
                Diagnostic::note(
                    "encoding::cr-line-endings",
                    format!(
                        "{path} has {} CR (\\r) without LF (\\n); forvalt reads {} as a line break",
                        cr.count,
                        if cr.count == 1 { "it" } else { "each" }
                    ),
                )
            };
            out.push(
                d.with_span(at)
                    .with_primary_label(if cr.count == 1 {
                        "a lone CR"
                    } else {
                        "the first lone CR"
                    })
                    .with_help("save the file with LF (\\n) line endings"),
            );
        }
        if let Some(r) = &self.removed {
            let code = u32::from(r.first_char);
            let mut d = Diagnostic::warning(
                "encoding::control-character",
                if r.count == 1 {
                    format!(
                        "{path} contains a control character (U+{code:04X}); forvalt removed it"
                    )
                } else {
                    format!(
                        "{path} contains {} control characters (the first is U+{code:04X}); \
                         forvalt removed them",
                        r.count
                    )
                },
            )
            .with_span(Span::point(r.first).in_file(file))
            .with_primary_label(format!("U+{code:04X} was here"))
            .with_note(
                "they are invisible in most editors; forvalt leaves them out, but Jekyll \
                 publishes them in page titles and menus",
            );
            if r.nul * 2 >= self.text.len().max(1) {
                d = d.with_note(
                    "this many NUL characters suggest a UTF-16 file without a byte order mark",
                );
                d = d.with_help("save the file as UTF-8");
            } else {
                d = d.with_help("delete them (search for the character code in your editor)");
            }
            out.push(d);
        }
        out
    }
}

/// Encodes `text` as Johab, the way it is damaged again (for tests and `fix` dry runs).
///
/// Reading the UTF-8 bytes of a text with [`decode_johab`] damages it; this is the
/// inverse. Returns `None` if a character has no Johab code.
///
/// ASCII is one byte; Hangul syllables are computed from their jamo; the compatibility
/// jamo come from a table; the other KS X 1001 characters (symbols, Latin, Greek,
/// Cyrillic, box drawing, kana, Hanja) are `encoding_rs`'s EUC-KR codes moved to Johab's
/// code space. The tests check every code against CPython's `johab` codec.
pub fn encode_johab(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    text.chars()
        .all(|c| johab_encode_char(c, &mut out))
        .then_some(out)
}

/// Decodes Johab bytes to text; a byte that starts no valid code becomes U+FFFD.
///
/// Like CPython's `johab` codec with `errors="replace"`, an invalid byte is replaced on
/// its own and decoding resumes at the next byte.
pub fn decode_johab(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(char::from(b));
            i += 1;
            continue;
        }
        match bytes
            .get(i + 1)
            .and_then(|&t| johab_decode_code(u16::from_be_bytes([b, t])))
        {
            Some(c) => {
                out.push(c);
                i += 2;
            }
            None => {
                out.push(char::REPLACEMENT_CHARACTER);
                i += 1;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Bytes to text

fn decode_bytes(bytes: &[u8]) -> (String, SourceEncoding, Option<DecodeProblem>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_fallback(rest, SourceEncoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
        (text, SourceEncoding::Utf16Le, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
        (text, SourceEncoding::Utf16Be, None)
    } else {
        utf8_or_fallback(bytes, SourceEncoding::Utf8)
    }
}

/// UTF-8, or line by line: valid UTF-8 lines as they are, the others as Windows-1252.
fn utf8_or_fallback(
    bytes: &[u8],
    encoding: SourceEncoding,
) -> (String, SourceEncoding, Option<DecodeProblem>) {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return (text.to_owned(), encoding, None),
        Err(error) => error,
    };
    // Every line before the one with the first invalid byte is valid.
    let start = bytes[..error.valid_up_to()]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    text.push_str(std::str::from_utf8(&bytes[..start]).unwrap_or_default());
    let first_line = 1 + count_breaks(&bytes[..start]);
    let (mut first, mut lines) = (first_line, 0);
    for (line, chunk) in (first_line..).zip(split_lines(&bytes[start..])) {
        match std::str::from_utf8(chunk) {
            Ok(valid) => text.push_str(valid),
            Err(_) => {
                if lines == 0 {
                    first = line;
                }
                lines += 1;
                text.push_str(&WINDOWS_1252.decode_without_bom_handling(chunk).0);
            }
        }
    }
    let problem = DecodeProblem::Fallback { line: first, lines };
    (text, SourceEncoding::Windows1252, Some(problem))
}

/// The lines of `bytes`, each with its break: `\n`, `\r\n` or a lone `\r`.
fn split_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            None => rest.len(),
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Line breaks in `bytes`: `\n`, and `\r` not followed by `\n`.
fn count_breaks(bytes: &[u8]) -> usize {
    let lone_cr = bytes
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(bytes.last() == Some(&b'\r'));
    count_newlines(bytes) + lone_cr
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

fn line_at(text: &str, offset: usize) -> usize {
    1 + count_newlines(&text.as_bytes()[..offset])
}

/// The span of 1-based `line` of `text`, without its line break.
fn line_span(text: &str, line: usize) -> Span {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    Span::new(start, end.max(start))
}

/// Reads every lone CR as `\n`.
fn lone_cr_to_lf(text: String) -> (String, Option<LoneCr>) {
    if !text.contains('\r') {
        return (text, None);
    }
    let only = !text.contains('\n');
    let mut bytes = text.into_bytes();
    let (mut count, mut line) = (0, 0);
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            if count == 0 {
                line = 1 + count_newlines(&bytes[..i]);
            }
            bytes[i] = b'\n';
            count += 1;
        }
    }
    // Replacing one ASCII byte with another keeps the text valid UTF-8.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let lone_cr = (count > 0).then_some(LoneCr { count, line, only });
    (text, lone_cr)
}

/// Whether `c` is removed from decoded text: C0 controls other than tab, LF and CR, DEL,
/// C1 controls, and the noncharacters U+FFFE and U+FFFF (none of them allowed in XML).
fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{FFFE}'
            | '\u{FFFF}'
    )
}

/// Whether UTF-8 `bytes` hold a character that [`is_removed`]: a byte scan, so that clean
/// text is not copied.
fn has_removed(bytes: &[u8]) -> bool {
    let (mut prev2, mut prev) = (0u8, 0u8);
    for &b in bytes {
        let c0 = b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
        let c1 = prev == 0xC2 && (0x80..=0x9F).contains(&b);
        let nonchar = prev2 == 0xEF && prev == 0xBF && matches!(b, 0xBE | 0xBF);
        if c0 || b == 0x7F || c1 || nonchar {
            return true;
        }
        (prev2, prev) = (prev, b);
    }
    false
}

/// Removes the characters that [`is_removed`], in one pass.
fn remove_controls(text: String) -> (String, Option<Removed>) {
    if !has_removed(text.as_bytes()) {
        return (text, None);
    }
    let mut out = String::with_capacity(text.len());
    let mut removed: Option<Removed> = None;
    for c in text.chars() {
        if !is_removed(c) {
            out.push(c);
            continue;
        }
        let r = removed.get_or_insert(Removed {
            count: 0,
            nul: 0,
            first_char: c,
            first: out.len(),
        });
        r.count += 1;
        r.nul += usize::from(c == '\0');
    }
    (out, removed)
}

// ---------------------------------------------------------------------------------------
// Johab

/// Johab's medial (vowel) codes for the 21 modern vowels, in Unicode order.
const VOWEL_CODES: [u16; 21] = [
    3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 26, 27, 28, 29,
];

/// Johab codes of the compatibility jamo U+3131–U+3163, in Unicode order: consonants
/// that can start a syllable as initial + vowel fill + no final, the others as fill +
/// fill + final, vowels as fill + vowel + no final.
const COMPAT_JAMO: [u16; 51] = [
    0x8841, 0x8C41, 0x8444, 0x9041, 0x8446, 0x8447, 0x9441, 0x9841, 0x9C41, 0x844A, 0x844B, 0x844C,
    0x844D, 0x844E, 0x844F, 0x8450, 0xA041, 0xA441, 0xA841, 0x8454, 0xAC41, 0xB041, 0xB441, 0xB841,
    0xBC41, 0xC041, 0xC441, 0xC841, 0xCC41, 0xD041, 0x8461, 0x8481, 0x84A1, 0x84C1, 0x84E1, 0x8541,
    0x8561, 0x8581, 0x85A1, 0x85C1, 0x85E1, 0x8641, 0x8661, 0x8681, 0x86A1, 0x86C1, 0x86E1, 0x8741,
    0x8761, 0x8781, 0x87A1,
];

/// Codes that decode to a jamo or space but are not what it encodes to: the final-only
/// spelling (fill + fill + final) of consonants that also have an initial spelling, and
/// the all-fill code for the ideographic space (which encodes as a symbol).
const DECODE_ONLY: [(u16, char); 17] = [
    (0x8441, '\u{3000}'),
    (0x8442, 'ㄱ'),
    (0x8443, 'ㄲ'),
    (0x8445, 'ㄴ'),
    (0x8448, 'ㄷ'),
    (0x8449, 'ㄹ'),
    (0x8451, 'ㅁ'),
    (0x8453, 'ㅂ'),
    (0x8455, 'ㅅ'),
    (0x8456, 'ㅆ'),
    (0x8457, 'ㅇ'),
    (0x8458, 'ㅈ'),
    (0x8459, 'ㅊ'),
    (0x845A, 'ㅋ'),
    (0x845B, 'ㅌ'),
    (0x845C, 'ㅍ'),
    (0x845D, 'ㅎ'),
];

/// KS X 1001 characters that the Johab codec (as CPython implements it) lacks although
/// `encoding_rs`'s EUC-KR (the WHATWG index) has them: `㉾`, added in KS X 1001:2002.
const NOT_IN_JOHAB: [char; 1] = ['\u{327E}'];

/// Johab tables for everything but the precomposed syllables, which are computed.
struct JohabTables {
    encode: HashMap<char, u16>,
    decode: HashMap<u16, char>,
}

fn johab_tables() -> &'static JohabTables {
    static TABLES: OnceLock<JohabTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut encode = HashMap::with_capacity(6100);
        let mut decode = HashMap::with_capacity(6100);
        for (i, &code) in COMPAT_JAMO.iter().enumerate() {
            let jamo = char::from_u32(0x3131 + i as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
            encode.insert(jamo, code);
            decode.insert(code, jamo);
        }
        for &(code, c) in &DECODE_ONLY {
            decode.insert(code, c);
        }
        // KS X 1001 rows 1–12 (symbols, Latin, Greek, Cyrillic, box drawing, kana…) and
        // 42–93 (Hanja), read from encoding_rs's EUC-KR and moved to Johab's code space.
        for (rows, lead_base) in [(0x21u16..=0x2C, 0xD9u16), (0x4A..=0x7D, 0xE0)] {
            let first_row = *rows.start();
            for row in rows {
                for cell in 0x21u16..=0x7E {
                    let euc = [(row + 0x80) as u8, (cell + 0x80) as u8];
                    let Some(decoded) =
                        EUC_KR.decode_without_bom_handling_and_without_replacement(&euc)
                    else {
                        continue;
                    };
                    let mut chars = decoded.chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        continue;
                    };
                    if ('\u{3131}'..='\u{3163}').contains(&c) || NOT_IN_JOHAB.contains(&c) {
                        continue;
                    }
                    let t = 94 * (row - first_row) + (cell - 0x21);
                    let r = t % 188;
                    let trail = if r < 0x4E { r + 0x31 } else { r + 0x43 };
                    let code = (lead_base + t / 188) << 8 | trail;
                    encode.entry(c).or_insert(code);
                    decode.insert(code, c);
                }
            }
        }
        JohabTables { encode, decode }
    })
}

/// The Johab code of a character that needs two bytes, if it has one.
fn johab_code(c: char) -> Option<u16> {
    let cp = u32::from(c);
    if (0xAC00..=0xD7A3).contains(&cp) {
        let s = cp - 0xAC00;
        let (initial, vowel, last) = (s / 588, (s % 588) / 28, s % 28);
        let last = if last < 17 { last + 1 } else { last + 2 };
        let code = 0x8000 | (initial + 2) << 10 | u32::from(VOWEL_CODES[vowel as usize]) << 5;
        Some((code | last) as u16)
    } else if cp < 0x80 {
        None
    } else {
        johab_tables().encode.get(&c).copied()
    }
}

fn johab_encode_char(c: char, out: &mut Vec<u8>) -> bool {
    if c.is_ascii() {
        out.push(c as u8);
        return true;
    }
    match johab_code(c) {
        Some(code) => {
            out.extend_from_slice(&code.to_be_bytes());
            true
        }
        None => false,
    }
}

fn johab_decode_code(code: u16) -> Option<char> {
    if (0x8400..=0xD3FF).contains(&code) {
        let initial = (code >> 10) & 0x1F;
        let vowel = (code >> 5) & 0x1F;
        let last = code & 0x1F;
        let vowel = VOWEL_CODES.iter().position(|&v| v == vowel);
        let last = match last {
            1..=17 => Some(last - 1),
            19..=29 => Some(last - 2),
            _ => None,
        };
        if let (2..=20, Some(vowel), Some(last)) = (initial, vowel, last) {
            let s = u32::from(initial - 2) * 588 + vowel as u32 * 28 + u32::from(last);
            return char::from_u32(0xAC00 + s);
        }
    }
    johab_tables().decode.get(&code).copied()
}

/// Hangul (syllables, jamo, compatibility jamo) or CJK ideographs: what Johab damage
/// produces, and what must not be left after a Johab repair.
fn is_hangul_or_hanja(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7A3 | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
    )
}

/// A Hangul syllable whose Johab code is the UTF-8 of a Latin-1 character (`칝` = `æ`).
fn johab_is_latin1(c: char) -> bool {
    matches!(
        johab_code(c).map(u16::to_be_bytes),
        Some([0xC2, 0xA0..=0xBF] | [0xC3, 0x80..=0xBF])
    )
}

// ---------------------------------------------------------------------------------------
// Windows-1252

/// The byte of `c` in Windows-1252, reading U+0080–U+009F (undefined in Windows-1252,
/// C1 controls in ISO-8859-1) as the byte of the same value.
fn cp1252_byte(c: char) -> Option<u8> {
    let byte = match c {
        '\u{0}'..='\u{FF}' => c as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

fn cp1252_encode_char(c: char, out: &mut Vec<u8>) -> bool {
    cp1252_byte(c).map(|b| out.push(b)).is_some()
}

/// The characters whose Windows-1252 byte leads a UTF-8 sequence of a typical character.
/// Whether UTF-8 `bytes` can hold a character that damage leaves: Hangul or Hanja (lead
/// bytes E1 and E3–EF) or a Latin-1 suspect (`Â`, `Ã`, `â`, `ð`: C3 82, C3 83, C3 A2,
/// C3 B0). A byte scan, so that undamaged text (most files) costs little.
fn may_be_damaged(bytes: &[u8]) -> bool {
    let mut prev = 0u8;
    for &b in bytes {
        if matches!(b, 0xE1 | 0xE3..=0xEF)
            || (prev == 0xC3 && matches!(b, 0x82 | 0x83 | 0xA2 | 0xB0))
        {
            return true;
        }
        prev = b;
    }
    false
}

fn is_latin1_suspect(c: char) -> bool {
    matches!(c, 'Â' | 'Ã' | 'â' | 'ð')
}

// ---------------------------------------------------------------------------------------
// Repair

/// Characters that mojibake of Danish (and most Western) text decodes back to.
fn is_typical(c: char) -> bool {
    matches!(
        u32::from(c),
        0xA0..=0xFF
            | 0x2010..=0x205E
            | 0x20AC
            | 0x2122
            | 0x2190..=0x21FF
            | 0x2600..=0x27BF
            | 0x2B00..=0x2BFF
            | 0x1F000..=0x1FAFF
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Johab,
    Latin1,
}

impl Scheme {
    fn kind(self) -> RepairKind {
        match self {
            Scheme::Johab => RepairKind::Johab,
            Scheme::Latin1 => RepairKind::Latin1,
        }
    }

    fn encode_char(self, c: char, out: &mut Vec<u8>) -> bool {
        match self {
            Scheme::Johab => johab_encode_char(c, out),
            Scheme::Latin1 => cp1252_encode_char(c, out),
        }
    }

    fn is_suspect(self, c: char) -> bool {
        match self {
            Scheme::Johab => is_hangul_or_hanja(c),
            Scheme::Latin1 => is_latin1_suspect(c),
        }
    }

    /// A character a repair must not produce: controls other than tab and line breaks,
    /// private-use characters, noncharacters, a BOM, U+FFFD and, for Johab, what Johab
    /// damage produces.
    fn is_bad_output(self, c: char) -> bool {
        let cp = u32::from(c);
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
        let private = matches!(cp, 0xE000..=0xF8FF | 0xFDD0..=0xFDEF) || cp & 0xFFFE == 0xFFFE;
        let odd = matches!(c, '\u{FEFF}' | char::REPLACEMENT_CHARACTER);
        control || private || odd || (self == Scheme::Johab && is_hangul_or_hanja(c))
    }

    /// How many characters of `text` look like damage, and how many are suspects.
    fn damage(self, text: &str) -> (usize, usize) {
        match self {
            Scheme::Johab => johab_damage(text),
            Scheme::Latin1 => {
                let n = latin1_damage(text);
                (n, n)
            }
        }
    }
}

fn johab_damage(text: &str) -> (usize, usize) {
    let (mut damaged, mut suspects) = (0, 0);
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if is_hangul_or_hanja(c) {
            suspects += 1;
            let near = |n: Option<char>| n.is_some_and(|n| n.is_ascii_alphanumeric());
            let bytes = johab_code(c).map(u16::to_be_bytes);
            let looks_damaged = match bytes {
                Some([0xF0, 0x9F]) => next.is_some_and(is_hangul_or_hanja),
                _ => johab_is_latin1(c) && (near(prev) || near(next)),
            };
            damaged += usize::from(looks_damaged);
        }
        prev = Some(c);
    }
    (damaged, suspects)
}

/// The number of complete UTF-8 sequences of typical characters in `text` read as
/// Windows-1252 (`Ã¦`, `â€“`, `ðŸ“†`).
fn latin1_damage(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        let len = match cp1252_byte(chars[i]) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 0,
        };
        let Some(window) = chars.get(i..i + len).filter(|_| len > 0) else {
            i += 1;
            continue;
        };
        let bytes: Option<Vec<u8>> = window.iter().map(|&c| cp1252_byte(c)).collect();
        let typical = bytes
            .as_deref()
            .and_then(|b| std::str::from_utf8(b).ok())
            .is_some_and(|s| s.chars().all(is_typical));
        if typical {
            count += 1;
            i += len;
        } else {
            i += 1;
        }
    }
    count
}

/// One damaged sequence and its repair; offsets are bytes in the damaged text.
struct Fix {
    start: usize,
    end: usize,
    /// Byte offset of the repair in the repaired text.
    out_start: usize,
    fixed: String,
}

/// A mechanically successful re-encoding of a text.
struct Attempt {
    text: String,
    fixes: Vec<Fix>,
}

/// Why a re-encoding failed, at a byte offset of the damaged text.
struct Failure {
    at: usize,
    reason: String,
}

/// Longest run of bytes waiting for a UTF-8 character to complete before we give up.
const MAX_PENDING: usize = 16;

fn attempt(scheme: Scheme, text: &str) -> Result<Attempt, Failure> {
    let mut out = String::with_capacity(text.len());
    let mut fixes = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_start = 0;
    for (i, c) in text.char_indices() {
        if pending.is_empty() {
            if c.is_ascii() {
                out.push(c);
                continue;
            }
            pending_start = i;
        }
        if !scheme.encode_char(c, &mut pending) {
            let reason = format!(
                "`{c}` (U+{:04X}) has no {} code",
                u32::from(c),
                kind_codec(scheme)
            );
            return Err(Failure { at: i, reason });
        }
        match std::str::from_utf8(&pending) {
            Ok(fixed) => {
                let out_start = out.len();
                out.push_str(fixed);
                fixes.push(Fix {
                    start: pending_start,
                    end: i + c.len_utf8(),
                    out_start,
                    fixed: fixed.to_owned(),
                });
                pending.clear();
            }
            Err(error) if error.error_len().is_none() && pending.len() < MAX_PENDING => {}
            Err(_) => return Err(not_utf8(text, pending_start, i + c.len_utf8())),
        }
    }
    if pending.is_empty() {
        Ok(Attempt { text: out, fixes })
    } else {
        Err(not_utf8(text, pending_start, text.len()))
    }
}

fn kind_codec(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Johab => "Johab",
        Scheme::Latin1 => "Windows-1252",
    }
}

fn not_utf8(text: &str, start: usize, end: usize) -> Failure {
    let sample: String = text[start..end].chars().take(8).collect();
    Failure {
        at: start,
        reason: format!("`{sample}` does not re-encode to valid UTF-8"),
    }
}

/// How plausible the fixes of an attempt are.
#[derive(Default)]
struct Score {
    /// Fixes in all.
    changed: usize,
    /// Fixes that gave typical characters.
    typical: usize,
    /// Typical fixes that show they belong: see [`in_context`].
    in_context: usize,
    /// The first character a repair must not produce, with its fix's offset.
    bad: Option<(usize, char)>,
}

fn score(scheme: Scheme, repaired: &str, fixes: &[Fix]) -> Score {
    let mut score = Score::default();
    for fix in fixes {
        score.changed += 1;
        if fix.fixed.chars().all(is_typical) {
            score.typical += 1;
            score.in_context += usize::from(in_context(repaired, fix));
        }
        if score.bad.is_none() {
            score.bad = fix
                .fixed
                .chars()
                .find(|&c| scheme.is_bad_output(c))
                .map(|c| (fix.start, c));
        }
    }
    score
}

/// Whether a fix shows that it belongs in Latin text: a character from three or more
/// UTF-8 bytes (`📆`, `–`), or a letter touching an ASCII letter or digit (`Møde`).
fn in_context(repaired: &str, fix: &Fix) -> bool {
    let mut chars = fix.fixed.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    if c.len_utf8() >= 3 {
        return true;
    }
    let before = repaired[..fix.out_start].chars().next_back();
    let after = repaired[fix.out_start + fix.fixed.len()..].chars().next();
    c.is_alphabetic()
        && (before.is_some_and(|b| b.is_ascii_alphanumeric())
            || after.is_some_and(|a| a.is_ascii_alphanumeric()))
}

/// Why a mechanically successful attempt is not accepted, or `None` if it is: it needs
/// no bad characters, typical characters for at least half the fixes, at least one fix
/// in context, and two typical fixes unless it is a single fix.
fn rejection(scheme: Scheme, repaired: &str, fixes: &[Fix]) -> Option<Failure> {
    let score = score(scheme, repaired, fixes);
    if let Some((at, c)) = score.bad {
        let reason = format!("the repair would produce U+{:04X}", u32::from(c));
        return Some(Failure { at, reason });
    }
    let Some(first) = fixes.first() else {
        let reason = "there is nothing to repair".to_owned();
        return Some(Failure { at: 0, reason });
    };
    let plausible = score.typical * 2 >= score.changed
        && score.in_context >= 1
        && (score.typical >= 2 || score.changed == 1);
    (!plausible).then(|| Failure {
        at: first.start,
        reason: format!(
            "only {} of {} repaired characters look like Latin text, {} in a Latin word",
            score.typical, score.changed, score.in_context
        ),
    })
}

enum Outcome {
    Clean,
    Repaired(String, Repair),
    Ambiguous(DecodeProblem),
}

fn repair_text(text: &str) -> Outcome {
    if !may_be_damaged(text.as_bytes()) {
        return Outcome::Clean;
    }
    let (mut johab, mut latin1) = (false, false);
    for c in text.chars() {
        johab |= is_hangul_or_hanja(c);
        latin1 |= is_latin1_suspect(c);
        if johab && latin1 {
            break;
        }
    }
    if johab {
        match repair_with(Scheme::Johab, text) {
            Outcome::Clean => {}
            outcome => return outcome,
        }
    }
    if latin1 {
        return repair_with(Scheme::Latin1, text);
    }
    Outcome::Clean
}

fn repair_with(scheme: Scheme, text: &str) -> Outcome {
    // The whole text at once.
    let whole_failure = match attempt(scheme, text) {
        Ok(whole) => match rejection(scheme, &whole.text, &whole.fixes) {
            None => return repaired(scheme, text, whole.text, &whole.fixes),
            Some(failure) => failure,
        },
        Err(failure) => failure,
    };

    // Line by line: suspect lines that repair are repaired, lines that fail are left
    // unless they look damaged, which makes the whole text ambiguous.
    let mut out = String::with_capacity(text.len());
    let mut fixes: Vec<Fix> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        if !line.chars().any(|c| scheme.is_suspect(c)) {
            out.push_str(line);
            continue;
        }
        let failure = match attempt(scheme, line) {
            Ok(a) => {
                let score = score(scheme, &a.text, &a.fixes);
                if score.bad.is_none() && score.typical >= 1 && score.typical * 2 >= score.changed {
                    let out_base = out.len();
                    out.push_str(&a.text);
                    fixes.extend(a.fixes.into_iter().map(|f| Fix {
                        start: base + f.start,
                        end: base + f.end,
                        out_start: out_base + f.out_start,
                        fixed: f.fixed,
                    }));
                    continue;
                }
                rejection(scheme, &a.text, &a.fixes)
            }
            Err(failure) => Some(failure),
        };
        let (damaged, suspects) = scheme.damage(line);
        if damaged >= 1 && damaged * 2 >= suspects {
            let failure = failure.unwrap_or(Failure {
                at: 0,
                reason: "the repair is not plausible".into(),
            });
            return ambiguous(scheme, text, base + failure.at, failure.reason);
        }
        out.push_str(line);
    }
    if !fixes.is_empty() && rejection(scheme, &out, &fixes).is_none() {
        return repaired(scheme, text, out, &fixes);
    }
    let (damaged, suspects) = scheme.damage(text);
    if damaged >= 2 && damaged * 2 >= suspects {
        return ambiguous(scheme, text, whole_failure.at, whole_failure.reason);
    }
    Outcome::Clean
}

fn ambiguous(scheme: Scheme, text: &str, at: usize, reason: String) -> Outcome {
    Outcome::Ambiguous(DecodeProblem::Ambiguous {
        kind: scheme.kind(),
        line: line_at(text, at),
        reason,
    })
}

fn repaired(scheme: Scheme, damaged: &str, text: String, fixes: &[Fix]) -> Outcome {
    let mut examples: Vec<(String, String)> = Vec::new();
    for fix in fixes {
        if examples.len() == 3 {
            break;
        }
        let before = &damaged[fix.start..fix.end];
        if !examples.iter().any(|(b, a)| b == before && *a == fix.fixed) {
            examples.push((before.to_owned(), fix.fixed.clone()));
        }
    }
    let first_line = fixes.first().map_or(1, |f| line_at(damaged, f.start));
    let repair = Repair {
        kind: scheme.kind(),
        replaced: fixes.len(),
        first_line,
        examples,
    };
    Outcome::Repaired(text, repair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_every_suspect_character() {
        // Every character whose presence makes the text a repair candidate.
        for cp in 0u32..=0x10FFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_hangul_or_hanja(c) || is_latin1_suspect(c) {
                let text = format!("Referat fra mødet{c}");
                assert!(may_be_damaged(text.as_bytes()), "{c:?} U+{cp:04X}");
            }
        }
        assert!(!may_be_damaged("Æblegrød på “Tårnet” – 5 €".as_bytes()));
        assert!(may_be_damaged("ekstraordinÃ¦r".as_bytes()));
    }

    #[test]
    fn cp1252_table_agrees_with_encoding_rs() {
        for byte in 0u8..=255 {
            let bytes = [byte];
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
            let c = text.chars().next().unwrap();
            assert_eq!(cp1252_byte(c), Some(byte), "{byte:#04X} → {c:?}");
        }
        assert_eq!(cp1252_byte('\u{81}'), Some(0x81));
        assert_eq!(cp1252_byte('Ā'), None);
        assert_eq!(cp1252_byte('📆'), None);
    }

    #[test]
    fn johab_examples_from_the_brief() {
        assert_eq!(johab_code('칝'), Some(0xC3A6));
        assert_eq!(johab_code('ㄱ'), Some(0x8841));
        assert_eq!(johab_code('ㄲ'), Some(0x8C41));
        assert_eq!(johab_code('ㄳ'), Some(0x8444));
        assert_eq!(johab_code('游'), Some(0xF09F));
        assert_eq!(johab_code('늱'), Some(0x9386));
        assert_eq!(johab_code('a'), None);
        assert_eq!(johab_decode_code(0xC3A6), Some('칝'));
        assert_eq!(johab_decode_code(0x8442), Some('ㄱ'));
        assert_eq!(johab_decode_code(0xC480), None);
    }

    #[test]
    fn damage_counts() {
        assert_eq!(johab_damage("M칮de i 칀rhus"), (2, 2));
        assert_eq!(johab_damage("游늱 x"), (1, 2));
        // 칠 (é's code) alone among other Hangul is not damage.
        assert_eq!(johab_damage("칠월 칠일"), (0, 4));
        assert_eq!(latin1_damage("MÃ¸de â€“ ðŸ“† SÃO"), 3);
        assert_eq!(latin1_damage("SÃO PAULO"), 0);
        // Complete sequences of untypical characters are not damage.
        assert_eq!(latin1_damage("Æ§ Å°"), 0);
    }

    #[test]
    fn attempts_report_offsets() {
        let a = attempt(Scheme::Johab, "a칝b游늱").ok().unwrap();
        assert_eq!(a.text, "aæb📆");
        let spans: Vec<_> = a
            .fixes
            .iter()
            .map(|f| (f.start, f.end, f.out_start))
            .collect();
        assert_eq!(spans, [(1, 4, 1), (5, 11, 4)]);
        let failure = attempt(Scheme::Johab, "ab\n칝 €").err().unwrap();
        assert_eq!(failure.at, 7);
        let failure = attempt(Scheme::Johab, "ab 한국").err().unwrap();
        assert_eq!(failure.at, 3);
        let failure = attempt(Scheme::Latin1, "x Ã").err().unwrap();
        assert_eq!(failure.at, 2);
    }

    #[test]
    fn plausible_fixes() {
        let ok = |damaged: &str| {
            let a = attempt(Scheme::Johab, damaged).ok().unwrap();
            rejection(Scheme::Johab, &a.text, &a.fixes).is_none()
        };
        assert!(ok("M칮de"));
        assert!(ok("游늱 note"));
        assert!(!ok("칠"));
        assert!(!ok("a 칠 b"));
        // Two typical characters need one in context.
        assert!(ok("칝 b칮"));
        assert!(ok("춶 游늱"));
        assert!(!ok("칝 칮"));
        assert!(!ok("칭칭"));
    }
}
