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
    let rest = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
        .or_else(|| (t == "-" || t == "*").then_some(""))?;
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
    let lower = text.to_lowercase();
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut prev: Option<char> = None;
    for (at, c) in lower.char_indices() {
        let starts_word = !word_char(prev);
        prev = Some(c);
        if !starts_word {
            continue;
        }
        let rest = &lower[at..];
        for w in WORDS {
            if rest.starts_with(w) && !word_char(rest[w.len()..].chars().next()) {
                // Same byte length: lower-casing these characters keeps their lengths.
                return text.get(at..at + w.len()).or(Some(w));
            }
        }
    }
    None
}

/// Markdown links `[text](target)` and bare `http(s)://` addresses in a line:
/// (text, target, byte range of the target in the line).
pub fn links(line: &str) -> Vec<(String, String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    while i < b.len() {
        if b[i] == b'[' {
            // Find the matching `]` (nested brackets allowed: `[[SDR] Titel](…)`).
            let mut depth = 0usize;
            let mut j = i;
            let mut close = None;
            while j < b.len() {
                match b[j] {
                    b'[' => depth += 1,
                    b']' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if let Some(c) = close
                && b.get(c + 1) == Some(&b'(')
                && let Some(end) = line[c + 2..].find(')')
            {
                let target = line[c + 2..c + 2 + end].trim();
                let target = target.split_whitespace().next().unwrap_or("");
                let text = &line[i + 1..c];
                out.push((
                    text.to_string(),
                    target.trim_matches(['<', '>']).to_string(),
                    c + 2..c + 2 + end,
                ));
                covered.push(i..c + 3 + end);
                i = c + 3 + end;
                continue;
            }
        }
        i += 1;
    }
    let mut from = 0;
    while let Some(k) = line[from..].find("http") {
        let at = from + k;
        let rest = &line[at..];
        if (rest.starts_with("https://") || rest.starts_with("http://"))
            && !covered.iter().any(|r| r.contains(&at))
        {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';']);
            out.push((String::new(), url.to_string(), at..at + url.len()));
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
    let mut s = md.to_string();
    for (text, target, _) in links(md) {
        if !text.is_empty() {
            s = s.replace(&format!("[{text}]({target})"), &text);
        }
    }
    s.replace("**", "").replace('`', "").trim().to_string()
}

/// Levenshtein distance of two strings (characters, case-insensitive), capped at `max + 1`.
pub fn distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        let mut best = cur[0];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            best = best.min(cur[j + 1]);
        }
        if best > max {
            return max + 1;
        }
        prev = cur;
    }
    prev[b.len()].min(max + 1)
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
    fn placeholders() {
        assert_eq!(placeholder("- (TBD)"), Some("(TBD)"));
        assert_eq!(placeholder("Dato: [ÅÅÅÅ-MM-DD]"), Some("[ÅÅÅÅ-MM-DD]"));
        assert_eq!(placeholder("- [ ] xxx"), Some("xxx"));
        assert_eq!(placeholder("Taxxxi"), None);
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
