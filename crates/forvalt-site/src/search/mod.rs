//! The full-text search index: Danish stemming at build time, a small static index that the
//! search page reads with a few requests, nothing from another host.
//!
//! Layout (below `search/`):
//! - `meta.json`: page count, block sizes and how words are sharded (`prefix`);
//! - `w/<hex of the first letters>.json`: the words starting with those letters (the first
//!   two; the first one for a vocabulary of up to [`ONE_LETTER_WORDS`], and `w/all.json` for
//!   up to [`ONE_SHARD_WORDS`]: a small site is a few files, not hundreds), each
//!   pointing at its stem's postings `[page, weight, page, weight, …]` — stems share a
//!   word's first letters, so a word's stem is in its own shard, and the client needs no
//!   stemmer: it looks its words up, or their prefixes while typing;
//! - `p/<block>.json`: `[url, title]` per page;
//! - `t/<block>.json`: the start of each page's text, for excerpts.
//!
//! Every file is linear in the site's size, and identical for identical input.

pub mod stem;

use crate::{Content, OutputFile};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// A page to index.
#[derive(Debug, Clone)]
pub struct Record {
    /// URL relative to the site root (`docs/a%20b.html`).
    pub url: String,
    /// Title.
    pub title: String,
    /// Its words and excerpt, from [`terms`].
    pub terms: Arc<Terms>,
}

/// What the index keeps of one page: computed per page (in parallel, and cached by
/// `serve` for unchanged pages), merged by [`index`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    /// Lower-case words with their weights (title words count [`TITLE_WEIGHT`] each),
    /// sorted by word; a compact list, as thousands of pages are held at once.
    counts: Box<[(Box<str>, u32)]>,
    /// The start of the text, whitespace collapsed, for excerpts.
    excerpt: String,
}

impl Terms {
    /// The length of the excerpt kept (bytes).
    pub fn excerpt_len(&self) -> usize {
        self.excerpt.len()
    }
}

/// The words and excerpt of a page.
pub fn terms(title: &str, text: &str) -> Terms {
    let mut map: FxHashMap<Cow<'_, str>, u32> = FxHashMap::default();
    count_words(title, TITLE_WEIGHT, &mut map);
    count_words(text, 1, &mut map);
    let mut counts: Vec<(Box<str>, u32)> = map
        .into_iter()
        .map(|(w, n)| (w.into_owned().into_boxed_str(), n))
        .collect();
    counts.sort_unstable();
    let excerpt = excerpt(text);
    Terms {
        counts: counts.into_boxed_slice(),
        excerpt,
    }
}

/// The start of `text` with its whitespace collapsed to single spaces: at most
/// [`EXCERPT_TEXT`] characters, read only as far as needed.
fn excerpt(text: &str) -> String {
    let mut out = String::with_capacity(EXCERPT_TEXT + 16);
    let mut chars = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            if chars == EXCERPT_TEXT {
                break;
            }
            out.push(' ');
            chars += 1;
            space = false;
        }
        if chars == EXCERPT_TEXT {
            break;
        }
        out.push(c);
        chars += 1;
    }
    out.shrink_to_fit();
    out
}

/// Adds the words of `text` (as [`words`] finds them) to `counts`, in one pass over the
/// characters, borrowing the words that are lower-case already (a fast hash: the words are
/// the site's own, and the map lives for one page).
fn count_words<'a>(text: &'a str, weight: u32, counts: &mut FxHashMap<Cow<'a, str>, u32>) {
    let mut lowered = String::new();
    let mut add = |word: &'a str, lower: bool| {
        let key: &str = if lower {
            word
        } else {
            lowered.clear();
            lowered.extend(word.chars().flat_map(char::to_lowercase));
            &lowered
        };
        match counts.get_mut(key) {
            Some(n) => *n += weight,
            None => {
                let owned = if lower {
                    Cow::Borrowed(word)
                } else {
                    Cow::Owned(key.to_string())
                };
                counts.insert(owned, weight);
            }
        }
    };
    // The current word: its start, how many characters so far, and whether all are
    // lower-case (or digits) already.
    let mut word: Option<(usize, usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let alphanumeric = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alphanumeric {
            let lower =
                c.is_ascii_lowercase() || c.is_ascii_digit() || (!c.is_ascii() && c.is_lowercase());
            match &mut word {
                Some((_, n, l)) => {
                    *n += 1;
                    *l &= lower;
                }
                None => word = Some((i, 1, lower)),
            }
        } else if let Some((start, n, lower)) = word.take()
            && n >= 2
        {
            add(&text[start..i], lower);
        }
    }
    if let Some((start, n, lower)) = word
        && n >= 2
    {
        add(&text[start..], lower);
    }
}

/// Pages per `p/` block.
pub const PAGE_BLOCK: usize = 500;
/// Pages per `t/` block.
pub const TEXT_BLOCK: usize = 50;
/// Characters of text kept per page for excerpts.
pub const EXCERPT_TEXT: usize = 1200;
/// Weight of a word in the title, relative to one in the text.
const TITLE_WEIGHT: u32 = 8;

/// The words of a text: lower-case runs of letters and digits, at least two characters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(str::to_lowercase)
}

/// The most distinct words kept in one shard, `w/all.json` (about 100 KB).
pub const ONE_SHARD_WORDS: usize = 5_000;
/// The most distinct words sharded by their first letter only.
pub const ONE_LETTER_WORDS: usize = 40_000;

/// How many first letters name a word's shard, for a vocabulary of `words`.
fn prefix_len(words: usize) -> usize {
    if words <= ONE_SHARD_WORDS {
        0
    } else if words <= ONE_LETTER_WORDS {
        1
    } else {
        2
    }
}

fn shard_key(word: &str, letters: usize) -> String {
    if letters == 0 {
        return "all".into();
    }
    let prefix: String = word.chars().take(letters).collect();
    prefix.bytes().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Each distinct word of `records` with its stem (itself unless `danish`), in parallel.
fn stems(records: &[Record], danish: bool) -> FxHashMap<&str, String> {
    let distinct: FxHashSet<&str> = records
        .iter()
        .flat_map(|r| r.terms.counts.iter().map(|(w, _)| &**w))
        .collect();
    let mut distinct: Vec<&str> = distinct.into_iter().collect();
    distinct.par_sort_unstable();
    distinct
        .par_iter()
        .map(|&w| {
            let s = if danish { stem::stem(w) } else { w.to_string() };
            (w, s)
        })
        .collect()
}

/// Builds the index files (paths relative to the output directory). `danish` turns on the
/// Danish stemmer; other sites match words as written.
pub fn index(records: &[Record], danish: bool) -> Result<Vec<OutputFile>, String> {
    let word_stem = stems(records, danish);
    let letters = prefix_len(word_stem.len());
    // stem → (page → weight).
    let mut stems: FxHashMap<&str, BTreeMap<u32, u32>> = FxHashMap::default();
    for (i, r) in records.iter().enumerate() {
        let page = u32::try_from(i).map_err(|_| "too many pages".to_string())?;
        for (w, weight) in &r.terms.counts {
            let s = word_stem[&**w].as_str();
            *stems.entry(s).or_default().entry(page).or_insert(0) += weight;
        }
    }

    // Shards: key → (stem → local index, words).
    struct Shard {
        stems: Vec<String>,
        local: FxHashMap<String, usize>,
        words: BTreeMap<String, usize>,
    }
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    let mut sorted_words: Vec<(&str, &String)> = word_stem.iter().map(|(w, s)| (*w, s)).collect();
    sorted_words.sort();
    for (w, s) in sorted_words {
        let shard = shards
            .entry(shard_key(w, letters))
            .or_insert_with(|| Shard {
                stems: Vec::new(),
                local: FxHashMap::default(),
                words: BTreeMap::new(),
            });
        let k = match shard.local.get(s) {
            Some(&k) => k,
            None => {
                shard.stems.push(s.clone());
                shard.local.insert(s.clone(), shard.stems.len() - 1);
                shard.stems.len() - 1
            }
        };
        shard.words.insert(w.to_string(), k);
    }

    let shards: Vec<(String, Shard)> = shards.into_iter().collect();
    let mut files: Vec<OutputFile> = shards
        .par_iter()
        .map(|(key, shard)| {
            let mut out = String::with_capacity(64 + shard.words.len() * 24);
            out.push_str("{\"w\":{");
            for (n, (w, k)) in shard.words.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                json_string(w, &mut out);
                let _ = write!(out, ":{k}");
            }
            out.push_str("},\"p\":[");
            for (n, s) in shard.stems.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push('[');
                if let Some(postings) = stems.get(s.as_str()) {
                    for (m, (page, weight)) in postings.iter().enumerate() {
                        if m > 0 {
                            out.push(',');
                        }
                        let _ = write!(out, "{page},{weight}");
                    }
                }
                out.push(']');
            }
            out.push_str("]}");
            file(format!("search/w/{key}.json"), out)
        })
        .collect();

    for (b, block) in records.chunks(PAGE_BLOCK).enumerate() {
        let mut out = String::from("[");
        for (n, r) in block.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push('[');
            json_string(&r.url, &mut out);
            out.push(',');
            json_string(&r.title, &mut out);
            out.push(']');
        }
        out.push(']');
        files.push(file(format!("search/p/{b}.json"), out));
    }
    for (b, block) in records.chunks(TEXT_BLOCK).enumerate() {
        let mut out = String::from("[");
        for (n, r) in block.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            json_string(&r.terms.excerpt, &mut out);
        }
        out.push(']');
        files.push(file(format!("search/t/{b}.json"), out));
    }
    files.push(file(
        "search/meta.json".into(),
        format!(
            "{{\"pages\":{},\"pageBlock\":{PAGE_BLOCK},\"textBlock\":{TEXT_BLOCK},\"stemmed\":{danish},\"prefix\":{letters}}}",
            records.len()
        ),
    ));
    Ok(files)
}

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        content: Content::bytes(text.into_bytes()),
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let escaped: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '<' => Some("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => None,
            _ => continue,
        };
        out.push_str(&s[from..i]);
        match escaped {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        from = i + c.len_utf8();
    }
    out.push_str(&s[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(files: &[OutputFile], path: &str) -> String {
        match &files.iter().find(|f| f.path == path).expect(path).content {
            Content::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn inflected_forms_share_postings() {
        let records = vec![
            Record {
                url: "a.html".into(),
                title: "Kommunerne".into(),
                terms: Arc::new(terms("Kommunerne", "Alle kommuner betaler kontingent.")),
            },
            Record {
                url: "b.html".into(),
                title: "Roadmap".into(),
                terms: Arc::new(terms("Roadmap", "Kommunens \"plan\" <b>")),
            },
        ];
        let files = index(&records, true).unwrap();
        let shard: serde_json::Value = serde_json::from_str(&text_of(
            &files,
            &format!("search/w/{}.json", shard_key("ko", 0)),
        ))
        .unwrap();
        let k = shard["w"]["kommunens"].as_u64().unwrap();
        assert_eq!(shard["w"]["kommuner"].as_u64().unwrap(), k);
        assert_eq!(shard["p"][k as usize], serde_json::json!([0, 9, 1, 1]));
        let pages: serde_json::Value =
            serde_json::from_str(&text_of(&files, "search/p/0.json")).unwrap();
        assert_eq!(pages[1], serde_json::json!(["b.html", "Roadmap"]));
        let texts: serde_json::Value =
            serde_json::from_str(&text_of(&files, "search/t/0.json")).unwrap();
        assert_eq!(texts[1], "Kommunens \"plan\" <b>");
    }

    #[test]
    fn counting_matches_words() {
        let text = "Årshjul ÅRSHJUL årshjul Ǆemal x 2026 Møde-referat";
        let t = terms("", text);
        let mut expected: BTreeMap<String, u32> = BTreeMap::new();
        for w in words(text) {
            *expected.entry(w).or_insert(0) += 1;
        }
        let got: BTreeMap<String, u32> =
            t.counts.iter().map(|(w, n)| (w.to_string(), *n)).collect();
        assert_eq!(got, expected);
        assert_eq!(got["årshjul"], 3);
    }

    #[test]
    fn json_strings_read_back_as_written() {
        for s in [
            "",
            "Kørsel \"i\" <b>sne</b> \\ \n\r\t slut",
            "\u{1}\u{1f}\u{2028}\u{2029}æøå📆",
        ] {
            let mut out = String::new();
            json_string(s, &mut out);
            assert!(!out.contains('<'), "{out}");
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }
    }

    #[test]
    fn excerpt_is_the_start_of_the_words_joined() {
        let simple = |t: &str| -> String {
            let joined = t.split_whitespace().collect::<Vec<_>>().join(" ");
            joined.chars().take(EXCERPT_TEXT).collect()
        };
        for t in [
            "",
            "  \n ",
            "  Kørsel  af\tskolebørn\n\nen ",
            &"ord ".repeat(400),
            &"æøå  ".repeat(300),
            &format!("{} x", "a".repeat(EXCERPT_TEXT - 1)),
            &format!("{} x", "a".repeat(EXCERPT_TEXT)),
        ] {
            assert_eq!(excerpt(t), simple(t), "{t:?}");
        }
    }

    #[test]
    fn excerpt_is_cut_at_a_character() {
        let t = terms("", &"æ ".repeat(EXCERPT_TEXT * 3));
        assert_eq!(t.excerpt.chars().count(), EXCERPT_TEXT);
    }

    #[test]
    fn output_is_deterministic() {
        let records: Vec<Record> = (0..120)
            .map(|i| Record {
                url: format!("{i}.html"),
                title: format!("Side {i}"),
                terms: Arc::new(terms(
                    &format!("Side {i}"),
                    &format!("ord{} beslutning{} møde", i % 7, i % 3),
                )),
            })
            .collect();
        assert_eq!(index(&records, true), index(&records, true));
    }

    #[test]
    fn a_small_vocabulary_is_one_shard_a_larger_one_is_sharded_by_letters() {
        let small = vec![Record {
            url: "a.html".into(),
            title: "Kommunerne".into(),
            terms: Arc::new(terms("Kommunerne", "Alle kommuner betaler kontingent.")),
        }];
        let files = index(&small, true).unwrap();
        let words: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.starts_with("search/w/"))
            .collect();
        assert_eq!(words, ["search/w/all.json"]);
        assert!(text_of(&files, "search/meta.json").contains("\"prefix\":0"));
        // 6,000 distinct words: one shard per first letter.
        let text: String = (0..6_000)
            .map(|i| format!("ord{}x{} ", ["a", "b", "c"][i % 3], i))
            .collect();
        let big = vec![Record {
            url: "b.html".into(),
            title: "Ord".into(),
            terms: Arc::new(terms("Ord", &text)),
        }];
        let files = index(&big, true).unwrap();
        assert!(text_of(&files, "search/meta.json").contains("\"prefix\":1"));
        assert!(
            files
                .iter()
                .any(|f| f.path == format!("search/w/{}.json", shard_key("o", 1)))
        );
        assert_eq!(prefix_len(40_001), 2);
    }
}
