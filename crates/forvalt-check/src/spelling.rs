//! Danish spelling with a Hunspell dictionary (Debian's `hunspell-da`) and the project's
//! own word list (`.forvalt/ord.txt`: names, product words).
//!
//! Only likely typos are reported: a word the dictionary does not know, for which a word
//! one edit away (a letter missing, extra, swapped or changed) is known — either a word the
//! repository itself uses correctly, or a dictionary word. Unknown words with no such
//! neighbour (names, English terms) are left alone.
//!
//! Only Danish text is checked: a page whose front matter says another `lang`, a page in a
//! site whose `lang` is not Danish (unless the page says `lang: da`), a page whose prose a
//! language detector (whatlang) reliably finds to be in another language, and, inside a
//! Danish page, a line of eight words or more found to be in another language, and a
//! quotation (between quotation marks, or a blockquote) in another language, are left out.

use crate::text::{md_links, prose_lines};
use forvalt_diag::{Diagnostic, FileId, Span};
use forvalt_model::Repository;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// A loaded spelling dictionary.
pub struct Dictionary {
    hunspell: spellbook::Dictionary,
    /// The same dictionary without compounding: a suggestion must be a real word, not a
    /// compound that only the rules allow ("transpesrans").
    strict: spellbook::Dictionary,
    extra: HashSet<String>,
    /// An English dictionary (Debian's hunspell-en-us), when there is one: a word it knows
    /// inside Danish text is an English word ("next", "self", "code"), not a Danish typo.
    english: Option<spellbook::Dictionary>,
}

/// Misspellings seen again and again in OS2 governance texts, with their correction.
const KNOWN_TYPOS: &[(&str, &str)] = &[
    ("transperans", "transparens"),
    ("transperant", "transparent"),
    ("transperat", "transparent"),
    ("financiering", "finansiering"),
    ("financieret", "finansieret"),
    ("ressorucer", "ressourcer"),
    ("udruldning", "udrulning"),
    ("udviling", "udvikling"),
    ("planægning", "planlægning"),
    ("strukturert", "struktureret"),
    ("betralt", "betalt"),
    ("leveralceledelse", "leveranceledelse"),
    ("firvaltningsmodellen", "forvaltningsmodellen"),
    ("publisering", "publicering"),
    ("dokumentaiton", "dokumentation"),
];

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("extra", &self.extra.len())
            .finish()
    }
}

impl Dictionary {
    /// Reads a Hunspell `.aff` and `.dic` pair. Entries whose flags the reader cannot parse
    /// (`"A/S"` in a dictionary with numeric flags) are left out.
    pub fn new(aff: &str, dic: &str) -> Result<Dictionary, String> {
        let numeric = aff
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["FLAG", "num"]);
        let dic: String = if numeric {
            dic.lines()
                .filter(|l| {
                    let w = l.split_whitespace().next().unwrap_or("");
                    w.rsplit_once('/')
                        .is_none_or(|(_, f)| f.bytes().all(|b| b.is_ascii_digit() || b == b','))
                })
                .flat_map(|l| [l, "\n"])
                .collect()
        } else {
            dic.to_string()
        };
        let hunspell = spellbook::Dictionary::new(aff, &dic).map_err(|e| e.to_string())?;
        let strict_aff: String = aff
            .lines()
            .filter(|l| !l.starts_with("COMPOUND") && !l.starts_with("ONLYINCOMPOUND"))
            .flat_map(|l| [l, "\n"])
            .collect();
        let strict = spellbook::Dictionary::new(&strict_aff, &dic).map_err(|e| e.to_string())?;
        Ok(Dictionary {
            hunspell,
            strict,
            extra: HashSet::new(),
            english: None,
        })
    }

    /// Adds an English dictionary (`.aff` and `.dic`): words it knows are not reported.
    pub fn with_english(mut self, aff: &str, dic: &str) -> Result<Dictionary, String> {
        self.english = Some(spellbook::Dictionary::new(aff, dic).map_err(|e| e.to_string())?);
        Ok(self)
    }

    /// Whether the English dictionary (if any) knows the word.
    fn english_word(&self, word: &str) -> bool {
        self.english
            .as_ref()
            .is_some_and(|e| e.check(word) || e.check(&word.to_lowercase()))
    }

    /// Whether the word is an English word with a Danish ending: the loanwords of IT work
    /// ("reviewes", "deployet", "commitede").
    fn english_loan(&self, word: &str) -> bool {
        const ENDINGS: [&str; 15] = [
            "ernes", "erne", "enes", "ede", "ene", "ens", "ets", "es", "er", "et", "en", "e", "s",
            "r", "'s",
        ];
        self.english.is_some()
            && ENDINGS.iter().any(|e| {
                word.strip_suffix(e)
                    .filter(|stem| stem.chars().count() >= 4)
                    .is_some_and(|stem| self.english_word(stem))
            })
    }

    /// Adds the words of a project word list (one per line, `#` comments).
    pub fn add_words(&mut self, list: &str) {
        for l in list.lines() {
            let w = l.split('#').next().unwrap_or("").trim();
            if !w.is_empty() {
                self.extra.insert(w.to_lowercase());
            }
        }
    }

    /// Whether the dictionary knows a word as it stands, not only as a compound of others.
    fn knows_strictly(&self, word: &str) -> bool {
        self.extra.contains(&word.to_lowercase())
            || self.strict.check(word)
            || self.strict.check(&word.to_lowercase())
    }

    /// Whether a word is spelt correctly.
    pub fn knows(&self, word: &str) -> bool {
        self.extra.contains(&word.to_lowercase())
            || self.hunspell.check(word)
            || self.hunspell.check(&word.to_lowercase())
    }
}

/// Words to check in a prose line: (byte range, word). Link targets, addresses, words with
/// digits, acronyms and CamelCase names are skipped.
fn words(line: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut skip: Vec<std::ops::Range<usize>> =
        md_links(line).into_iter().map(|l| l.range).collect();
    let mut from = 0;
    while let Some(i) = line[from..].find("://") {
        let start = line[..from + i]
            .rfind(|c: char| c.is_whitespace() || c == '(' || c == '<')
            .map_or(0, |s| s + 1);
        let end = line[from + i..]
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .map_or(line.len(), |e| from + i + e);
        skip.push(start..end);
        from = end.max(from + i + 3);
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        if c.is_alphanumeric() || (c == '\'' && start.is_some()) {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        let w = &line[s..i];
        let chars = w.chars().count();
        let inner_upper = w.chars().skip(1).any(char::is_uppercase);
        let glued = line[i..].starts_with(['@', '.', '_', '/'])
            && line[i + 1..].starts_with(char::is_alphanumeric)
            || line[..s].ends_with(['@', '.', '_', '/', '-']);
        if chars >= 4
            && !inner_upper
            && !glued
            && !w.contains('\'')
            && w.chars().all(char::is_alphabetic)
            && !skip.iter().any(|r| r.contains(&s))
        {
            out.push((s..i, w));
        }
    }
    out
}

const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzæøå";

/// Words one edit away from `w`.
fn neighbours(w: &str) -> Vec<String> {
    let c: Vec<char> = w.chars().collect();
    let mut out = Vec::new();
    for i in 0..c.len() {
        let mut v = c.clone();
        v.remove(i);
        out.push(v.iter().collect());
        if i + 1 < c.len() {
            let mut v = c.clone();
            v.swap(i, i + 1);
            out.push(v.iter().collect());
        }
        for l in LETTERS.chars() {
            if l != c[i] {
                let mut v = c.clone();
                v[i] = l;
                out.push(v.iter().collect());
            }
        }
    }
    for i in 0..=c.len() {
        for l in LETTERS.chars() {
            let mut v = c.clone();
            v.insert(i, l);
            out.push(v.iter().collect());
        }
    }
    out
}

/// `fix` with a capital first letter when `word` has one.
fn cap_like(word: &str, fix: &str) -> String {
    let mut c = fix.chars();
    match c.next() {
        Some(f) if word.starts_with(char::is_uppercase) => {
            f.to_uppercase().collect::<String>() + c.as_str()
        }
        _ => fix.to_string(),
    }
}

/// The likely intended word for an unknown one: a word of the repository one edit away, or
/// a dictionary word one letter shorter, longer (a missing `s`, `e` or `t`) or swapped.
fn intended(word: &str, known_in_repo: &HashSet<String>, dict: &Dictionary) -> Option<String> {
    let lower = word.to_lowercase();
    let cap = |s: &str| -> String {
        if word.starts_with(char::is_uppercase) {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        } else {
            s.to_string()
        }
    };
    if let Some((_, fix)) = KNOWN_TYPOS.iter().find(|(t, _)| *t == lower) {
        return Some(cap(fix));
    }
    let near = neighbours(&lower);
    if let Some(n) = near.iter().find(|n| known_in_repo.contains(*n)) {
        return Some(cap(n));
    }
    // Dictionary neighbours only for long words, and only a missing or swapped letter:
    // an extra letter is as often an English plural (`Observers`) as a typo.
    if lower.chars().count() < 8 {
        return None;
    }
    let c: Vec<char> = lower.chars().collect();
    let mut cheap: Vec<String> = Vec::new();
    for i in 0..c.len() {
        if i + 1 < c.len() {
            let mut v = c.clone();
            v.swap(i, i + 1);
            cheap.push(v.iter().collect());
        }
    }
    for i in 1..c.len() {
        for l in ['s', 't'] {
            let mut v = c.clone();
            v.insert(i, l);
            cheap.push(v.iter().collect());
        }
    }
    // A missing `e` ("arrangmenter") only when it gives a word of its own: with compounds
    // allowed, an `e` makes a word of almost anything ("gene" + "udbuddet").
    let missing_e = (1..c.len()).map(|i| {
        let mut v = c.clone();
        v.insert(i, 'e');
        v.iter().collect::<String>()
    });
    cheap
        .into_iter()
        .filter(|w| w.chars().count() >= 4)
        .find(|w| dict.real_word(w))
        .or_else(|| missing_e.into_iter().find(|w| dict.strict.check(w)))
        .map(|w| cap(&w))
}

impl Dictionary {
    /// A dictionary word, or a compound of two (`styregruppe` + `mødet`, `sekretariat` + `s`
    /// + `funktion`), each at least three letters.
    fn real_word(&self, w: &str) -> bool {
        if self.strict.check(w) {
            return true;
        }
        if !self.hunspell.check(w) {
            return false;
        }
        let idx: Vec<usize> = w.char_indices().map(|(i, _)| i).skip(3).collect();
        idx.iter().any(|&i| {
            let (a, b) = w.split_at(i);
            let ok = |a: &str, b: &str| {
                a.chars().count() >= 3
                    && b.chars().count() >= 3
                    && self.strict.check(a)
                    && self.strict.check(b)
            };
            ok(a, b) || b.strip_prefix(['s', 'e']).is_some_and(|b| ok(a, b))
        })
    }
}

/// Whether a language tag (`da`, `da-DK`, `en`) is Danish.
fn danish_tag(tag: &str) -> bool {
    let t = tag.trim().to_ascii_lowercase();
    t == "da" || t.starts_with("da-") || t.starts_with("da_")
}

/// Whether whatlang reliably finds `text` to be in another language than Danish. It
/// chooses among the languages a Danish governance repository holds — Danish, its
/// neighbours Norwegian and Swedish (which short Danish texts are taken for, and which count
/// as Danish here), English and German —, which keeps detection fast and sure.
fn other_language(text: &str) -> bool {
    use whatlang::{Detector, Lang};
    static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    let detector = DETECTOR.get_or_init(|| {
        Detector::with_allowlist(vec![Lang::Dan, Lang::Nob, Lang::Swe, Lang::Eng, Lang::Deu])
    });
    detector
        .detect(text)
        .is_some_and(|i| i.is_reliable() && !matches!(i.lang(), Lang::Dan | Lang::Nob | Lang::Swe))
}

/// The prose lines of a page to check for Danish spelling (none when the page or the site
/// says it is in another language), and whether its language is still to be detected.
fn danish_lines(repo: &Repository, p: &forvalt_model::Page) -> (Vec<crate::text::ProseLine>, bool) {
    let Some(src) = repo.sources.get(p.file) else {
        return (Vec::new(), false);
    };
    let page_lang = p.front_matter.as_ref().and_then(|f| f.str("lang"));
    match &page_lang {
        Some(l) if !danish_tag(l) => return (Vec::new(), false),
        None if !repo.config.lang.is_empty() && !danish_tag(&repo.config.lang) => {
            return (Vec::new(), false);
        }
        _ => {}
    }
    (prose_lines(&src.text, p.body_offset), page_lang.is_none())
}

/// Whether the prose of a page is in another language (detected on its first 1,000 bytes
/// or so). Asked only of pages with a suspect word, so that detection stays rare.
fn foreign_page(lines: &[crate::text::ProseLine]) -> bool {
    let mut sample = String::new();
    for l in lines {
        if sample.len() > 1_000 {
            break;
        }
        sample.push_str(&l.text);
        sample.push('\n');
    }
    other_language(&sample)
}

/// Whether a prose line with a suspect word is a sentence in another language (eight
/// words or more, detected): its words are not Danish typos. Asked only of lines with a
/// suspect, so that detection stays rare.
fn foreign_line(text: &str) -> bool {
    text.split_whitespace().count() >= 8 && other_language(text)
}

/// A quotation in a line: a blockquote (`> …`, the whole line, judged with up to 20
/// quoted lines around it), or text between quotation marks (`"…"`, `“…”`, `„…“`, `»…«`,
/// `«…»`).
struct Quotation {
    /// Its byte range in the line.
    range: std::ops::Range<usize>,
    /// Up to three distinct words in it the Danish dictionary (and the project's word list)
    /// does not know.
    unknown: Vec<String>,
    /// A language detector's best guess for it is not Danish.
    guess_other: bool,
}

impl Quotation {
    fn new(range: std::ops::Range<usize>, text: &str, dict: &Dictionary) -> Quotation {
        let mut unknown: Vec<String> = Vec::new();
        for w in text.split(|c: char| !c.is_alphabetic()) {
            if unknown.len() == 3 {
                break;
            }
            if w.chars().count() >= 2 && !unknown.iter().any(|u| u == w) && !dict.knows(w) {
                unknown.push(w.to_string());
            }
        }
        use whatlang::{Detector, Lang};
        static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
        let detector = DETECTOR.get_or_init(|| {
            Detector::with_allowlist(vec![Lang::Dan, Lang::Nob, Lang::Swe, Lang::Eng, Lang::Deu])
        });
        let guess_other = detector.detect(text).is_some_and(|i| i.lang() != Lang::Dan);
        Quotation {
            range,
            unknown,
            guess_other,
        }
    }

    /// Whether the quotation, holding the suspect `word`, is in another language: besides
    /// the suspect, two of its words are not Danish (Swedish `att`, Norwegian `uke`), or one
    /// is and the detector's best guess is not Danish. A typo in a quoted Danish sentence
    /// is still found.
    fn foreign(&self, word: &str) -> bool {
        let others = self.unknown.iter().filter(|u| *u != word).count();
        others >= 2 || (others == 1 && self.guess_other)
    }
}

/// The quotations of line `l`, each scanned once.
fn quotations(lines: &[crate::text::ProseLine], l: usize, dict: &Dictionary) -> Vec<Quotation> {
    let quoted = |i: usize| lines[i].text.trim_start().starts_with('>');
    let text = &lines[l].text;
    if quoted(l) {
        let first = (l.saturating_sub(20)..=l)
            .rev()
            .take_while(|i| quoted(*i))
            .last()
            .unwrap_or(l);
        let last = (l..lines.len().min(l + 21))
            .take_while(|i| quoted(*i))
            .last()
            .unwrap_or(l);
        let block: Vec<&str> = lines[first..=last]
            .iter()
            .map(|x| x.text.trim_start().trim_start_matches('>'))
            .collect();
        return vec![Quotation::new(0..text.len(), &block.join("\n"), dict)];
    }
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match open {
            Some((o, close)) if c == close => {
                out.push(Quotation::new(o..i, &text[o..i], dict));
                open = None;
            }
            None => {
                let close = match c {
                    '"' => '"',
                    '“' => '”',
                    '„' => '“',
                    '»' => '«',
                    '«' => '»',
                    _ => continue,
                };
                open = Some((i + c.len_utf8(), close));
            }
            _ => {}
        }
    }
    out
}

/// A page's prose lines to check, and whether its language is still to be detected.
type PageLines = (FileId, Vec<crate::text::ProseLine>, bool);

/// Each distinct word of `texts` looked up once: whether it is known (a dictionary word or
/// a name of a person or body the records know), and the dictionary words the repository
/// uses (lower case), from which corrections come — never from names.
fn look_up<'t>(
    texts: &'t [PageLines],
    repo: &Repository,
    dict: &Dictionary,
) -> (
    HashMap<&'t str, bool>,
    HashSet<String>,
    HashMap<&'t str, String>,
) {
    let unique: HashSet<&str> = texts
        .par_iter()
        .map(|(_, lines, _)| {
            let mut set = HashSet::new();
            for line in lines {
                for (_, w) in words(&line.text) {
                    set.insert(w);
                }
            }
            set
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    let unique: Vec<&str> = unique.into_iter().collect();
    let names: HashSet<String> = repo
        .records
        .people
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
        .chain(repo.records.bodies.iter().map(|b| &b.name))
        .flat_map(|n| {
            n.split(|c: char| c.is_whitespace() || c == '-')
                .chain(n.split_whitespace())
                .map(str::to_lowercase)
        })
        .collect();
    // (word, in a dictionary, a name, known only as a compound)
    let looked_up: Vec<(&str, bool, bool, bool)> = unique
        .par_iter()
        .map(|w| {
            let danish = dict.knows(w);
            let word = danish || dict.english_word(w) || dict.english_loan(w);
            let compound = danish && !dict.knows_strictly(w) && !dict.english_word(w);
            (*w, word, names.contains(&w.to_lowercase()), compound)
        })
        .collect();
    let known_in_repo: HashSet<String> = looked_up
        .iter()
        .filter(|(_, word, _, _)| *word)
        .map(|(w, _, _, _)| w.to_lowercase())
        .collect();
    let garbled = garbled_compounds(&looked_up, dict);
    let verdict = looked_up
        .into_iter()
        .map(|(w, word, name, _)| (w, (word && !garbled.contains_key(w)) || name))
        .collect();
    (verdict, known_in_repo, garbled)
}

/// Words the dictionary accepts only as compounds ("arrangmenter" = "arrang" + "menter")
/// that are a word the repository uses with one letter left out or two swapped, inside the
/// word (not in its last two letters, where Danish endings differ): typos, with their
/// correction.
fn garbled_compounds<'t>(
    looked_up: &[(&'t str, bool, bool, bool)],
    dict: &Dictionary,
) -> HashMap<&'t str, String> {
    let compounds: Vec<&str> = looked_up
        .iter()
        .filter(|(_, _, name, compound)| *compound && !name)
        .map(|(w, _, _, _)| *w)
        .collect();
    if compounds.is_empty() {
        return HashMap::new();
    }
    // The repository's plain dictionary words, and each with one inner letter left out.
    let plain: Vec<String> = looked_up
        .iter()
        .filter(|(w, word, _, compound)| *word && !compound && w.chars().count() >= 8)
        .map(|(w, _, _, _)| w.to_lowercase())
        .filter(|w| dict.knows_strictly(w))
        .collect();
    let plain_set: HashSet<&str> = plain.iter().map(String::as_str).collect();
    let mut shortened: HashMap<String, &str> = HashMap::new();
    for w in &plain {
        let c: Vec<char> = w.chars().collect();
        for i in 1..c.len().saturating_sub(2) {
            let mut v = c.clone();
            v.remove(i);
            shortened.entry(v.into_iter().collect()).or_insert(w);
        }
    }
    let mut out = HashMap::new();
    for w in compounds {
        let lower = w.to_lowercase();
        let c: Vec<char> = lower.chars().collect();
        let swapped = (1..c.len().saturating_sub(3)).find_map(|i| {
            let mut v = c.clone();
            v.swap(i, i + 1);
            let v: String = v.into_iter().collect();
            plain_set.get(v.as_str()).map(|s| s.to_string())
        });
        if let Some(fix) = shortened.get(&lower).map(|s| s.to_string()).or(swapped) {
            out.insert(w, fix);
        }
    }
    out
}

pub(crate) fn check(repo: &Repository, dict: &Dictionary, out: &mut Vec<Diagnostic>) {
    // The Danish prose of every page, scanned once, in parallel.
    let texts: Vec<PageLines> = repo
        .pages
        .par_iter()
        .map(|p| {
            let (lines, detect) = danish_lines(repo, p);
            (p.file, lines, detect)
        })
        .filter(|(_, lines, _)| !lines.is_empty())
        .collect();
    let (verdict, known_in_repo, garbled) = look_up(&texts, repo, dict);
    // Unknown words that may be typos, where they are.
    // (place, word, page, line, offset in the line)
    let suspects: Vec<(Span, &str, usize, usize, usize)> = texts
        .par_iter()
        .enumerate()
        .flat_map_iter(|(t, (file, lines, _))| {
            let mut found = Vec::new();
            for (l, line) in lines.iter().enumerate() {
                let ws = words(&line.text);
                let unknown = |i: usize| {
                    ws.get(i)
                        .is_some_and(|(_, w)| !verdict.get(*w).copied().unwrap_or(true))
                };
                // Two words are neighbours in a phrase unless a sentence or clause ends
                // between them.
                let apart = |a: usize, b: usize| match (ws.get(a), ws.get(b)) {
                    (Some((x, _)), Some((y, _))) => {
                        line.text[x.end..y.start].contains(['.', '!', '?', ':', ';', '(', ')'])
                    }
                    _ => true,
                };
                for (i, (r, w)) in ws.iter().enumerate() {
                    // A neighbour the dictionary does not know either: a phrase in another
                    // language ("Strategic Decision Record"), not a typo. English endings
                    // that Danish words do not have: a loanword.
                    if !unknown(i)
                        || (i > 0 && unknown(i - 1) && !apart(i - 1, i))
                        || (unknown(i + 1) && !apart(i, i + 1))
                        || ["ic", "al", "ly", "ics"]
                            .iter()
                            .any(|e| w.to_lowercase().ends_with(e))
                    {
                        continue;
                    }
                    let span = Span::new(line.start + r.start, line.start + r.end).in_file(*file);
                    found.push((span, *w, t, l, r.start));
                }
            }
            found
        })
        .collect();
    let mut distinct: Vec<&str> = suspects.iter().map(|(_, w, _, _, _)| *w).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let intent: HashMap<&str, Option<String>> = distinct
        .par_iter()
        .map(|w| {
            let fix = match garbled.get(w) {
                Some(fix) => Some(cap_like(w, fix)),
                None => intended(w, &known_in_repo, dict),
            };
            (*w, fix)
        })
        .collect();
    // Language is detected only where a typo would be reported: a page or a line in another
    // language has none.
    let mut foreign_pages: HashMap<usize, bool> = HashMap::new();
    let mut foreign_lines: HashMap<(usize, usize), bool> = HashMap::new();
    let mut quoted: HashMap<(usize, usize), Vec<Quotation>> = HashMap::new();
    for (span, w, t, l, at) in suspects {
        let Some(Some(g)) = intent.get(w) else {
            continue;
        };
        let (_, lines, detect) = &texts[t];
        if *foreign_pages
            .entry(t)
            .or_insert_with(|| *detect && foreign_page(lines))
            || *foreign_lines
                .entry((t, l))
                .or_insert_with(|| foreign_line(&lines[l].text))
            || quoted
                .entry((t, l))
                .or_insert_with(|| quotations(lines, l, dict))
                .iter()
                .any(|q| q.range.contains(&at) && q.foreign(w))
        {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "spelling::typo",
                format!("`{w}` is not in the Danish dictionary; did you mean `{g}`?"),
            )
            .with_span(span)
            .with_suggestion(span, g.clone(), format!("write `{g}`"))
            .with_help("if the word is right (a name, a product word), add it to .forvalt/ord.txt"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_code_names_and_addresses() {
        let w: Vec<&str> = words("Koordinationgruppen mødes på https://os2.eu/side og OS2borgerPC, CPR. [tekst](../sti.md) mail@os2.dk")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["Koordinationgruppen", "mødes", "tekst"]);
    }

    #[test]
    fn neighbours_are_one_edit_away() {
        let n = neighbours("oplærnig");
        assert!(n.contains(&"oplæring".to_string()));
        assert!(neighbours("koordinationgruppen").contains(&"koordinationsgruppen".to_string()));
    }
}
