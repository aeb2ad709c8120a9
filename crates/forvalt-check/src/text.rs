//! Markdown scanning shared by the rules: lines outside code, inline code blanked, links.

/// A line of a page's Markdown body outside fenced code, with inline code spans and HTML
/// comments replaced by spaces (so byte offsets stay the same).
pub(crate) struct ProseLine {
    /// Byte offset of the line in the whole file.
    pub(crate) start: usize,
    /// The line with code and comments blanked.
    pub(crate) text: String,
}

/// The prose lines of `text` from `from` on.
pub(crate) fn prose_lines(text: &str, from: usize) -> Vec<ProseLine> {
    let mut out = Vec::new();
    let mut offset = from.min(text.len());
    let body = text.get(offset..).unwrap_or("");
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        // Fences at any indentation: code in list items is indented.
        {
            let tick = t.bytes().next();
            if let Some(c @ (b'`' | b'~')) = tick {
                let n = t.bytes().take_while(|b| *b == c).count();
                if n >= 3 {
                    match fence {
                        None => {
                            fence = Some((c, n));
                            continue;
                        }
                        Some((fc, fnn)) if fc == c && n >= fnn && t[n..].trim().is_empty() => {
                            fence = None;
                            continue;
                        }
                        _ => {}
                    }
                }
            }
        }
        if fence.is_some() {
            continue;
        }
        let mut blanked = String::with_capacity(line.len());
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if in_comment {
                if line[i..].starts_with("-->") {
                    blanked.push_str("   ");
                    i += 3;
                    in_comment = false;
                } else {
                    let ch = line[i..].chars().next().map_or(1, char::len_utf8);
                    blanked.extend(std::iter::repeat_n(' ', ch));
                    i += ch;
                }
                continue;
            }
            if line[i..].starts_with("<!--") {
                in_comment = true;
                blanked.push_str("    ");
                i += 4;
                continue;
            }
            if b[i] == b'`' {
                let n = b[i..].iter().take_while(|c| **c == b'`').count();
                let close = "`".repeat(n);
                if let Some(e) = line[i + n..].find(&close) {
                    let end = i + n + e + n;
                    blanked.extend(std::iter::repeat_n(' ', end - i));
                    i = end;
                    continue;
                }
            }
            let ch = line[i..].chars().next().map_or(1, char::len_utf8);
            blanked.push_str(&line[i..i + ch]);
            i += ch;
        }
        out.push(ProseLine {
            start,
            text: blanked,
        });
    }
    out
}

/// A Markdown link or image in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MdLink {
    /// An image (`![alt](src)`).
    pub(crate) image: bool,
    /// The link text or alt text.
    pub(crate) text: String,
    /// The target as written.
    pub(crate) target: String,
    /// Byte range of the target in the line.
    pub(crate) range: std::ops::Range<usize>,
    /// Byte range of the whole link in the line.
    pub(crate) whole: std::ops::Range<usize>,
}

/// Inline links and images `[text](target "title")` of a line (one level of brackets in the
/// text, as authors write them).
pub(crate) fn md_links(line: &str) -> Vec<MdLink> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'[' {
            i += 1;
            continue;
        }
        let image = i > 0 && b[i - 1] == b'!';
        // Find the matching `]`.
        let mut depth = 0;
        let mut j = i;
        let mut close = None;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 1,
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
        let Some(close) = close else {
            break;
        };
        if b.get(close + 1) != Some(&b'(') {
            i += 1;
            continue;
        }
        let t0 = close + 2;
        let mut k = t0;
        let mut parens = 0;
        let angle = b.get(t0) == Some(&b'<');
        while k < b.len() {
            match b[k] {
                b'>' if angle => {
                    k += 1;
                    break;
                }
                b'(' if !angle => parens += 1,
                b')' if !angle => {
                    if parens == 0 {
                        break;
                    }
                    parens -= 1;
                }
                b' ' if !angle => break,
                _ => {}
            }
            k += 1;
        }
        let Some(end) = line[k..].find(')').map(|e| k + e) else {
            break;
        };
        let (ts, te) = if angle { (t0 + 1, k - 1) } else { (t0, k) };
        if let (Some(target), Some(text)) = (line.get(ts..te), line.get(i + 1..close)) {
            out.push(MdLink {
                image,
                text: text.to_string(),
                target: target.to_string(),
                range: ts..te,
                whole: if image { i - 1 } else { i }..end + 1,
            });
        }
        i = end + 1;
    }
    out
}

/// The OS2 product names (`OS2borgerPC`, `OS2display`, …) in a text, lower-cased, in order.
pub(crate) fn products(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("os2") {
        let at = from + i;
        from = at + 3;
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if !before_ok {
            continue;
        }
        let len: usize = lower[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        let name = &lower[at + 3..at + 3 + len];
        if name.chars().count() >= 3 {
            out.push(format!("os2{name}"));
        }
        // Linear: the name is not searched again.
        from = at + 3 + len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_skips_code_and_comments() {
        let t = "a `b` c\n```\nx\n```\n<!-- d -->e\n";
        let l = prose_lines(t, 0);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text, "a     c");
        assert_eq!(l[1].text, "          e");
        assert_eq!(l[1].start, t.find("<!--").unwrap());
    }

    #[test]
    fn links_and_images() {
        let l = md_links("se [referat (juni)](../a b.md) og ![](x.png \"t\") [x][y] [z](<a b.md>)");
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].target, "../a");
        assert!(l[1].image && l[1].text.is_empty() && l[1].target == "x.png");
        assert_eq!(l[2].target, "a b.md");
    }
}
