//! The full-text search index: Danish stemming at build time, a small static index that the
//! search page reads with a few requests, nothing from another host.
//!
//! Layout (below `search/`):
//! - `meta.json`: page count and block sizes;
//! - `w/<hex of the first two letters>.json`: the words starting with those letters, each
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
use std::collections::{BTreeMap, HashMap};
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

/// The words and excerpt of a page.
pub fn terms(title: &str, text: &str) -> Terms {
    let mut map = HashMap::new();
    count_words(title, TITLE_WEIGHT, &mut map);
    count_words(text, 1, &mut map);
    let mut counts: Vec<(Box<str>, u32)> = map
        .into_iter()
        .map(|(w, n)| (w.into_boxed_str(), n))
        .collect();
    counts.sort_unstable();
    let mut excerpt = String::with_capacity(EXCERPT_TEXT + 16);
    for (k, w) in text.split_whitespace().enumerate() {
        if k > 0 {
            excerpt.push(' ');
        }
        excerpt.push_str(w);
        // A character is at most four bytes: enough text for the excerpt.
        if excerpt.len() >= EXCERPT_TEXT * 4 {
            break;
        }
    }
    if let Some((cut, _)) = excerpt.char_indices().nth(EXCERPT_TEXT) {
        excerpt.truncate(cut);
    }
    excerpt.shrink_to_fit();
    Terms {
        counts: counts.into_boxed_slice(),
        excerpt,
    }
}

/// Adds the words of `text` (as [`words`] finds them) to `counts`, allocating only for
/// words not seen before.
fn count_words(text: &str, weight: u32, counts: &mut HashMap<String, u32>) {
    let mut lower = String::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.chars().nth(1).is_none() {
            continue;
        }
        let already_lower = raw.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || (!c.is_ascii() && c.is_lowercase())
        });
        let w: &str = if already_lower {
            raw
        } else {
            lower.clear();
            lower.push_str(&raw.to_lowercase());
            &lower
        };
        match counts.get_mut(w) {
            Some(n) => *n += weight,
            None => {
                counts.insert(w.to_string(), weight);
            }
        }
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

fn shard_key(word: &str) -> String {
    let prefix: String = word.chars().take(2).collect();
    prefix.bytes().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Builds the index files (paths relative to the output directory). `danish` turns on the
/// Danish stemmer; other sites match words as written.
pub fn index(records: &[Record], danish: bool) -> Result<Vec<OutputFile>, String> {
    // One stem per distinct word, in parallel.
    let mut distinct: Vec<&str> = records
        .iter()
        .flat_map(|r| r.terms.counts.iter().map(|(w, _)| &**w))
        .collect();
    distinct.par_sort_unstable();
    distinct.dedup();
    let word_stem: HashMap<&str, String> = distinct
        .par_iter()
        .map(|&w| {
            let s = if danish { stem::stem(w) } else { w.to_string() };
            (w, s)
        })
        .collect();
    // stem → (page → weight).
    let mut stems: HashMap<&str, BTreeMap<u32, u32>> = HashMap::new();
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
        local: HashMap<String, usize>,
        words: BTreeMap<String, usize>,
    }
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    let mut sorted_words: Vec<(&str, &String)> = word_stem.iter().map(|(w, s)| (*w, s)).collect();
    sorted_words.sort();
    for (w, s) in sorted_words {
        let shard = shards.entry(shard_key(w)).or_insert_with(|| Shard {
            stems: Vec::new(),
            local: HashMap::new(),
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
            "{{\"pages\":{},\"pageBlock\":{PAGE_BLOCK},\"textBlock\":{TEXT_BLOCK},\"stemmed\":{danish}}}",
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
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(files: &[OutputFile], path: &str) -> String {
        match &files.iter().find(|f| f.path == path).expect(path).content {
            Content::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
            Content::Copy(_) => unreachable!(),
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
            &format!("search/w/{}.json", shard_key("ko")),
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
}
