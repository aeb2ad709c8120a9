//! Small text tools shared by the record parsers: lines with offsets, bullets, checkboxes,
//! headings, links and template placeholders.

/// A line of a text with its byte offset (without the line break).
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Byte offset of the line in the text.
    pub start: usize,
    /// The line, without `\r\n`/`\n`.
    pub text: &'a str,
}

/// The lines of `text` with their offsets.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in text.split_inclusive('\n') {
        let t = l.trim_end_matches('\n').trim_end_matches('\r');
        out.push(Line { start, text: t });
        start += l.len();
    }
    out
}

/// A heading `#… text`: level and text (trailing `#`s and spaces removed).
pub fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

/// A list item `- text`, `* text` or `+ text`: its text and the offset of the text in the line.
pub fn bullet(line: &str) -> Option<(&str, usize)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    if t == "-" || t == "*" {
        // A bare marker: the (empty) text is at the end of the line.
        return Some(("", line.len()));
    }
    let rest = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))?;
    let lead = rest.len() - rest.trim_start().len();
    Some((rest.trim(), indent + 2 + lead))
}

/// A checkbox in a list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkbox<'a> {
    /// Checked (`[x]`/`[X]`).
    pub checked: bool,
    /// Written `- []` (no space), which GitHub does not show as a checkbox.
    pub malformed: bool,
    /// The text after the box, trimmed.
    pub text: &'a str,
}

/// A checkbox list item: `- [ ] text`, `- [x] text`, `- [] text`.
pub fn checkbox(line: &str) -> Option<Checkbox<'_>> {
    let (rest, _) = bullet(line)?;
    let (checked, malformed, text) = if let Some(r) = rest.strip_prefix("[ ]") {
        (false, false, r)
    } else if let Some(r) = rest
        .strip_prefix("[x]")
        .or_else(|| rest.strip_prefix("[X]"))
    {
        (true, false, r)
    } else if let Some(r) = rest.strip_prefix("[]") {
        (false, true, r)
    } else {
        return None;
    };
    Some(Checkbox {
        checked,
        malformed,
        text: text.trim(),
    })
}

/// Template placeholders left in a text: `xxx`, `(TBD)`, `dd.mm.yyyy`, `[ÅÅÅÅ-MM-DD]`, …
/// Returns the placeholder as written.
pub fn placeholder(text: &str) -> Option<&str> {
    const WORDS: &[&str] = &[
        "(tbd)",
        "tbd",
        "xxx",
        "xxxx",
        "xxxxx",
        "dd.mm.yyyy",
        "dd.mm.yyy",
        "dd.mm.åååå",
        "[åååå-mm-dd]",
        "åååå-mm-dd",
        "yyyy-mm-dd",
        "[yyyy-mm-dd]",
        "[dato]",
        "[navn]",
        "[titel]",
        "[tittle]",
        "[title]",
        "(sum af scorerne)",
    ];
    // Every placeholder starts with one of these (lower-case) bytes: skip texts without any.
    if !text.bytes().any(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'(' | b'[' | b't' | b'x' | b'd' | b'y' | 0xc3
        )
    }) {
        return None;
    }
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    // A character of the text matches one of a placeholder when it lower-cases to it.
    let is = |c: char, w: char| {
        let mut l = c.to_lowercase();
        l.next() == Some(w) && l.next().is_none()
    };
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts_word = !word_char(prev);
        prev = Some(c);
        if !starts_word {
            continue;
        }
        let rest = &text[at..];
        for w in WORDS {
            let mut chars = rest.char_indices();
            let mut end = Some(0);
            for wc in w.chars() {
                match chars.next() {
                    Some((k, c)) if is(c, wc) => end = Some(k + c.len_utf8()),
                    _ => {
                        end = None;
                        break;
                    }
                }
            }
            if let Some(e) = end
                && !word_char(rest[e..].chars().next())
            {
                return Some(&rest[..e]);
            }
        }
    }
    None
}

/// Markdown links `[text](target)` and bare `http(s)://` addresses in a line:
/// (text, target, byte range of the target in the line).
pub fn links(line: &str) -> Vec<(String, String, std::ops::Range<usize>)> {
    scan_links(line)
        .into_iter()
        .map(|l| (l.text, l.target, l.target_range))
        .collect()
}

/// A link found by [`scan_links`].
struct Found {
    text: String,
    target: String,
    target_range: std::ops::Range<usize>,
    /// `[text](target)` as a whole; empty for a bare address.
    whole: std::ops::Range<usize>,
}

/// One pass over the line: brackets are matched with a stack and the next `)` is looked up
/// in a table, so a line of many (or unclosed) brackets costs linear time.
fn scan_links(line: &str) -> Vec<Found> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    // The `]` that closes each `[` (nested brackets allowed: `[[SDR] Titel](…)`).
    let mut close_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    for (j, &c) in b.iter().enumerate() {
        match c {
            b'[' => open.push(j),
            b']' => {
                if let Some(o) = open.pop() {
                    close_of.insert(o, j);
                }
            }
            _ => {}
        }
    }
    // The first `)` at or after each byte.
    let mut next_paren = vec![b.len(); b.len() + 1];
    for j in (0..b.len()).rev() {
        next_paren[j] = if b[j] == b')' { j } else { next_paren[j + 1] };
    }
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'['
            && let Some(&c) = close_of.get(&i)
            && b.get(c + 1) == Some(&b'(')
            && next_paren[c + 2] < b.len()
        {
            let close = next_paren[c + 2];
            let target = line[c + 2..close].trim();
            let target = target.split_whitespace().next().unwrap_or("");
            out.push(Found {
                text: line[i + 1..c].to_string(),
                target: target.trim_matches(['<', '>']).to_string(),
                target_range: c + 2..close,
                whole: i..close + 1,
            });
            i = close + 1;
            continue;
        }
        i += 1;
    }
    // Bare addresses outside the links (both lists are in line order).
    let covered: Vec<std::ops::Range<usize>> = out.iter().map(|l| l.whole.clone()).collect();
    let mut k = 0;
    let mut from = 0;
    while let Some(at) = line
        .get(from..)
        .and_then(|r| r.find("http"))
        .map(|x| from + x)
    {
        let rest = &line[at..];
        while k < covered.len() && covered[k].end <= at {
            k += 1;
        }
        let inside = covered.get(k).is_some_and(|r| r.contains(&at));
        if (rest.starts_with("https://") || rest.starts_with("http://")) && !inside {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';']);
            out.push(Found {
                text: String::new(),
                target: url.to_string(),
                target_range: at..at + url.len(),
                whole: at..at,
            });
            from = at + end.max(1);
        } else {
            from = at + 4;
        }
    }
    out
}

/// Markdown reduced to plain text for titles and names: links to their text, emphasis and
/// code marks removed.
pub fn plain(md: &str) -> String {
    let mut s = String::with_capacity(md.len());
    let mut at = 0;
    for l in scan_links(md) {
        // Only `[text](target)` written plainly (no title, no `<…>`) becomes its text.
        if l.text.is_empty()
            || l.whole.start < at
            || md.get(l.target_range.clone()) != Some(l.target.as_str())
        {
            continue;
        }
        s.push_str(&md[at..l.whole.start]);
        s.push_str(&l.text);
        at = l.whole.end;
    }
    s.push_str(&md[at..]);
    s.replace("**", "").replace('`', "").trim().to_string()
}

/// Levenshtein distance of two strings (characters, case-insensitive), capped at `max + 1`.
/// Only the band of cells within `max` of the diagonal is computed: O(length · max).
pub fn distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let cap = max.saturating_add(1);
    if a.len().abs_diff(b.len()) > max {
        return cap;
    }
    let n = b.len();
    let mut prev: Vec<usize> = (0..=n).map(|j| j.min(cap)).collect();
    let mut cur = vec![cap; n + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = i.saturating_add(max).min(n);
        cur[lo - 1] = if lo == 1 { i.min(cap) } else { cap };
        let mut best = cur[lo - 1];
        for j in lo..=hi {
            let v = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(cap);
            cur[j] = v;
            best = best.min(v);
        }
        // The cell right of the band is read by the next row: outside the band is `cap`.
        if hi < n {
            cur[hi + 1] = cap;
        }
        if best > max {
            return cap;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n].min(cap)
}

/// `inner`'s byte offset in `outer` when it is a slice of it (else where it is first found, or 0).
pub fn offset_in(outer: &str, inner: &str) -> usize {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    if i >= o && i + inner.len() <= o + outer.len() {
        i - o
    } else {
        outer.find(inner).unwrap_or(0)
    }
}

/// A name without a trailing `(role)`: (name, role).
pub fn name_and_role(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    if let Some(open) = t.find('(')
        && t.ends_with(')')
    {
        let name = t[..open].trim().to_string();
        let role = t[open + 1..t.len() - 1].trim().to_string();
        return (name, (!role.is_empty()).then_some(role));
    }
    (t.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkboxes() {
        assert_eq!(
            checkbox("- [x] Jonas Brix Holm (Referent)"),
            Some(Checkbox {
                checked: true,
                malformed: false,
                text: "Jonas Brix Holm (Referent)"
            })
        );
        assert!(checkbox("- [] Navn").unwrap().malformed);
        assert_eq!(checkbox("- [ ] ").unwrap().text, "");
        assert_eq!(checkbox("- Ikke en boks"), None);
    }

    #[test]
    fn a_bare_marker_has_its_empty_text_inside_the_line() {
        // Found by fuzzing: a file ending in `-` gave an item past the end of the file.
        assert_eq!(bullet("-"), Some(("", 1)));
        assert_eq!(bullet("  *"), Some(("", 3)));
        assert_eq!(bullet("- x"), Some(("x", 2)));
    }

    #[test]
    fn placeholders() {
        assert_eq!(placeholder("- (TBD)"), Some("(TBD)"));
        assert_eq!(placeholder("Dato: [ÅÅÅÅ-MM-DD]"), Some("[ÅÅÅÅ-MM-DD]"));
        assert_eq!(placeholder("- [ ] xxx"), Some("xxx"));
        assert_eq!(placeholder("Taxxxi"), None);
        // The placeholder as written, wherever lower-casing changes lengths before it.
        assert_eq!(placeholder("İİ XXX"), Some("XXX"));
        assert_eq!(placeholder("Dato: ÅÅÅÅ-MM-DD"), Some("ÅÅÅÅ-MM-DD"));
    }

    #[test]
    fn links_in_lines() {
        let l = links("Se [[SDR] Titel](../b/x.md) og https://boks.os2.eu/s/abc.");
        assert_eq!(l[0].0, "[SDR] Titel");
        assert_eq!(l[0].1, "../b/x.md");
        assert_eq!(l[1].1, "https://boks.os2.eu/s/abc");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(
            distance("Koordinationgruppen", "Koordinationsgruppen", 3),
            1
        );
        assert_eq!(distance("Fris", "Friis", 2), 1);
        assert_eq!(distance("abc", "xyzabc", 2), 3);
    }
}
