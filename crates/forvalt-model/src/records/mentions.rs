//! Meetings named in prose: "Godkendt på styregruppemødet den 4. juni 2026", "koordinationsgruppe
//! mødet 02.02.2026", "Godkendelse af referat fra 20251204", "Næste møde Torsdag den 3. Juli".
//!
//! A date is a meeting mention when a meeting word (`møde…`, `…mødet`, `referat…`) stands
//! shortly before it, with no other date in between. The body is the one named in the
//! compound or nearby (`styregruppemødet`, `møde i styregruppen`), or — in a meeting file —
//! the file's own body. Mentions are resolved to meeting files by body and date.

use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;

use super::text;
use crate::dates::MONTHS_DA;
use crate::prose_dates::{self, DateMention};
use forvalt_diag::{FileId, Span};

/// A meeting named in prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingMention {
    /// The file the mention is in.
    pub path: String,
    /// The date as written, with its span.
    pub raw: String,
    /// Where the date is written.
    pub span: Span,
    /// The body (key) whose meeting is meant.
    pub body: String,
    /// Whether the body was taken from the file (not named in the text).
    pub body_implied: bool,
    /// The meeting's date.
    pub date: Date,
    /// The meeting file it resolves to (its id), when there is one.
    pub meeting: Option<String>,
    /// "Næste møde …": the text announces the next meeting.
    pub next: bool,
    /// The sentence says the meeting was or will be cancelled (`aflyst`, `aflyses`), or
    /// moved away from this day (`flyttet fra`).
    pub cancelled: bool,
    /// The line also holds a web address (the minutes are elsewhere).
    pub has_url: bool,
}

/// A date written with a weekday that does not match it ("Torsdag den 3. Juli" in 2026).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekdayMismatch {
    /// The date as written.
    pub raw: String,
    /// Where.
    pub span: Span,
    /// The weekday written.
    pub written: Weekday,
    /// The date's real weekday.
    pub actual: Weekday,
    /// The date.
    pub date: Date,
}

/// What a scan of one file finds.
#[derive(Debug, Default)]
pub struct Scan {
    /// Meeting mentions (unresolved: `meeting` is `None`).
    pub mentions: Vec<MeetingMention>,
    /// Weekdays that do not match their dates.
    pub weekdays: Vec<WeekdayMismatch>,
}

/// One file to scan.
pub struct Input<'a> {
    /// The file.
    pub file: FileId,
    /// Its path.
    pub path: &'a str,
    /// Its whole text.
    pub text: &'a str,
    /// Where the Markdown body starts (after front matter).
    pub body_offset: usize,
    /// The body of the meeting folder the file is in.
    pub own_body: Option<&'a str>,
    /// The year for dates written without one.
    pub year: Option<i16>,
}

/// How a word names a body: the body's key, and whether it is spelt exactly.
fn body_in_word(word: &str, known: &BTreeMap<String, String>) -> Option<(String, bool)> {
    const ENDINGS: [&str; 9] = ["", "n", "ns", "s", "r", "rne", "rnes", "ne", "nes"];
    // The body's key and an ending: look the stems up (the first key in order wins).
    if let Some(key) = ENDINGS
        .iter()
        .filter_map(|e| word.strip_suffix(e))
        .filter_map(|stem| known.get_key_value(stem).map(|(k, _)| k))
        .min()
    {
        return Some((key.clone(), true));
    }
    if word.chars().count() < 8 {
        return None;
    }
    for key in known.keys() {
        for end in ["", "n", "ns", "s"] {
            if let Some(stem) = word.strip_suffix(end)
                && !stem.is_empty()
                && text::distance(stem, key, 2) <= 2
            {
                return Some((key.clone(), false));
            }
        }
    }
    None
}

/// Words of a text with their byte ranges, lower-cased.
fn words(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push((s[st..i].to_lowercase(), st));
        }
    }
    out
}

/// A meeting word: what stands before `møde`/`referat` in it, when it is one.
fn meeting_word(w: &str) -> Option<&str> {
    ["møde", "referat"]
        .iter()
        .filter_map(|k| w.find(k).map(|i| &w[..i]))
        .next()
}

/// Scans one file for meeting mentions and mismatched weekdays.
pub fn scan(input: &Input<'_>, known: &BTreeMap<String, String>) -> Scan {
    let mut out = Scan::default();
    let from = input.body_offset.min(input.text.len());
    let Some(body) = input.text.get(from..) else {
        return out;
    };
    let mut fenced = false;
    for line in text::lines(body) {
        let t = line.text.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Every date form has a digit.
        if !line.text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let dates = prose_dates::find_dates(line.text, input.year);
        let has_url = line.text.contains("://");
        let ends = sentence_ends(line.text);
        let cancels = cancellations(line.text);
        let mut prev_end = 0;
        for d in &dates {
            let span = Span::new(from + line.start + d.start, from + line.start + d.end)
                .in_file(input.file);
            if let (Some(written), Some(date)) = (d.weekday, d.date)
                && written != date.weekday()
            {
                out.weekdays.push(WeekdayMismatch {
                    raw: d.raw.clone(),
                    span,
                    written,
                    actual: date.weekday(),
                    date,
                });
            }
            let window_start = floor(line.text, d.start.saturating_sub(70)).max(prev_end);
            let window = line.text.get(window_start..d.start).unwrap_or("");
            prev_end = d.end;
            // The sentence runs from the window to the next sentence end after the date.
            let end = ends[ends.partition_point(|e| *e < d.end)..]
                .first()
                .copied()
                .unwrap_or(line.text.len());
            let k = cancels.partition_point(|c| *c < window_start);
            let cancelled = cancels[k..].iter().take_while(|c| **c < end).any(|&c| {
                // `aflyst` anywhere in the sentence; `flyttet fra` only just before this
                // date (the date after it is the old day, one before it the new).
                let word = &line.text.as_bytes()[c..];
                if word.len() >= 5 && word[..5].eq_ignore_ascii_case(b"aflys") {
                    return true;
                }
                c < d.start && d.start - c <= 30
            });
            if let Some(m) = mention(input, known, d, window, cancelled, has_url, span) {
                out.mentions.push(m);
            }
        }
    }
    out
}

/// Where sentences end in a line: a full stop, `!` or `?` followed by a space and a capital
/// letter.
fn sentence_ends(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    (0..b.len())
        .filter(|&i| {
            matches!(b[i], b'.' | b'!' | b'?')
                && b.get(i + 1) == Some(&b' ')
                && s.get(i + 2..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_uppercase)
        })
        .collect()
}

/// Words that say a meeting on a day did not take place: `aflys` (`aflyst`, `aflyses`) and
/// a move away from it (`flyttet fra`, `rykket fra`, `udsat fra`, …).
const CANCELLING: [&[u8]; 7] = [
    b"aflys",
    b"flyttet fra",
    b"flyttes fra",
    b"rykket fra",
    b"rykkes fra",
    b"udsat fra",
    b"udskudt fra",
];

/// Where a word of [`CANCELLING`] is written in a line (any case).
fn cancellations(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    (0..b.len())
        .filter(|&i| {
            CANCELLING.iter().any(|w| {
                b.get(i..i + w.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(w))
            })
        })
        .collect()
}

/// Whether a line says its meeting was moved: "mødet er flyttet", "flyttet fra …",
/// "rykket", "udsat" or "udskudt" said of the meeting (not of an agenda item).
pub(crate) fn says_moved(line: &str) -> bool {
    let l = line.to_lowercase();
    let moved = ["flyttet", "rykket", "udsat", "udskudt"];
    moved.iter().any(|w| l.contains(&format!("{w} fra")))
        || (l.contains("mødet") && moved.iter().any(|w| l.contains(w)))
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mention(
    input: &Input<'_>,
    known: &BTreeMap<String, String>,
    d: &DateMention,
    window: &str,
    cancelled: bool,
    has_url: bool,
    span: Span,
) -> Option<MeetingMention> {
    let date = d.date?;
    if d.end_date.is_some_and(|e| e != date) {
        return None; // a range or a week is not a meeting day
    }
    let ws = words(window);
    let (idx, prefix) = ws
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, (w, _))| meeting_word(w).map(|p| (i, p.to_string())))?;
    // Only a few words between the meeting word and the date ("mødet den", "møde i
    // styregruppen er torsdag den", "referat fra").
    if ws.len() - idx - 1 > 6 {
        return None;
    }
    let mut body = None;
    if !prefix.is_empty() {
        if let Some(b) = body_in_word(&prefix, known) {
            body = Some(b.0);
        } else if !MONTHS_DA.contains(&prefix.as_str()) && prefix != "næste" {
            return None; // another kind of meeting: årsmøde, netværksmøde, …
        }
    }
    if body.is_none() {
        // A body named near the meeting word: "koordinationsgruppens møde", "møde i styregruppen".
        let lo = idx.saturating_sub(2);
        let mut named: Vec<String> = ws[lo..]
            .iter()
            .filter(|(w, _)| meeting_word(w).is_none())
            .filter_map(|(w, _)| body_in_word(w, known))
            .map(|b| b.0)
            .collect();
        named.dedup();
        if named.len() > 1 {
            return None; // a joint meeting of several bodies has no one file
        }
        body = named.pop();
    }
    let implied = body.is_none();
    let body = match body {
        Some(b) => b,
        None => input.own_body?.to_string(),
    };
    Some(MeetingMention {
        path: input.path.to_string(),
        raw: d.raw.clone(),
        span,
        body,
        body_implied: implied,
        date,
        meeting: None,
        next: ws.iter().any(|(w, _)| w == "næste"),
        cancelled,
        has_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> BTreeMap<String, String> {
        [
            ("styregruppe", "Styregruppen"),
            ("koordinationsgruppe", "Koordinationsgruppen"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn run(text: &str, own: Option<&str>) -> Scan {
        scan(
            &Input {
                file: FileId::DETACHED,
                path: "x.md",
                text,
                body_offset: 0,
                own_body: own,
                year: Some(2026),
            },
            &known(),
        )
    }

    fn one(text: &str, own: Option<&str>) -> Option<(String, String)> {
        let s = run(text, own);
        s.mentions
            .first()
            .map(|m| (m.body.clone(), m.date.to_string()))
    }

    #[test]
    fn mentions_in_the_forms_authors_write() {
        let s = |b: &str, d: &str| Some((b.to_string(), d.to_string()));
        assert_eq!(
            one("Godkendt på styregruppemødet den 4. juni 2026.", None),
            s("styregruppe", "2026-06-04")
        );
        assert_eq!(
            one(
                "fremlægges til orientering på koordinationsgruppe mødet 02.02.2026.",
                None
            ),
            s("koordinationsgruppe", "2026-02-02")
        );
        assert_eq!(
            one(
                "Referatet fra koordinationsgruppens møde den 12. juni 2025",
                None
            ),
            s("koordinationsgruppe", "2025-06-12")
        );
        assert_eq!(
            one(
                "Næste møde i styregruppen er torsdag den 7. maj 2026.",
                None
            ),
            s("styregruppe", "2026-05-07")
        );
        assert_eq!(
            one(
                "- 1.2 Godkendelse af referat fra 20251204",
                Some("styregruppe")
            ),
            s("styregruppe", "2025-12-04")
        );
        assert_eq!(
            one("Næste møde Torsdag den 3. Juli", Some("styregruppe")),
            s("styregruppe", "2026-07-03")
        );
        // A typo in the body still names it.
        assert_eq!(
            one("på Koordinationgruppens møde den 2. marts 2026", None),
            s("koordinationsgruppe", "2026-03-02")
        );
    }

    #[test]
    fn dates_that_are_not_meetings() {
        assert_eq!(
            one(
                "Kort orientering om OS2's årsmøde den 19. maj",
                Some("styregruppe")
            ),
            None
        );
        assert_eq!(
            one(
                "sendt til koordinationsgruppen pr. mail den 25. juni 2026",
                None
            ),
            None
        );
        // A meeting word without a body outside a meeting folder is ambiguous.
        assert_eq!(
            one("Det blev drøftet på mødet den 4. juni 2026", None),
            None
        );
        // The date after another date belongs to that sentence's second clause.
        let s = run(
            "Accepteret på koordinationsgruppemødet 06.07.2026 og bestilt hos Nordvejen den 7. september 2026.",
            None,
        );
        assert_eq!(s.mentions.len(), 1);
        assert_eq!(s.mentions[0].date.to_string(), "2026-07-06");
        // Inside a code block nothing is a mention.
        assert!(
            run("```\nstyregruppemødet den 4. juni 2026\n```\n", None)
                .mentions
                .is_empty()
        );
    }

    #[test]
    fn flags_and_weekdays() {
        let s = run(
            "Næste styregruppemøde den 2. juli er aflyst pga. sommerferie.\nNæste møde Torsdag den 3. Juli\n",
            Some("styregruppe"),
        );
        assert_eq!(s.mentions.len(), 2);
        assert!(s.mentions[0].next && s.mentions[0].cancelled);
        assert!(s.mentions[1].next && !s.mentions[1].cancelled && s.mentions[1].body_implied);
        assert_eq!(s.weekdays.len(), 1);
        assert_eq!(s.weekdays[0].actual, Weekday::Friday);
        assert_eq!(s.weekdays[0].written, Weekday::Thursday);
        assert!(run("torsdag den 2. juli 2026", None).weekdays.is_empty());
    }
}
