//! Splitting a text into plain text and Liquid elements the way Jekyll's tokenizer does
//! (a tag ends at the first `%}`, an output at the first `}}`), with `{% raw %}` and
//! `{% comment %}` bodies taken out, and checking each element on its own before the
//! whole is parsed. Everything here is linear in the length of the text.

use std::ops::Range;

/// Tag names Liquid (as Jekyll runs it) knows.
pub(super) const TAGS: &[&str] = &[
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "for",
    "endfor",
    "case",
    "when",
    "endcase",
    "capture",
    "endcapture",
    "assign",
    "increment",
    "decrement",
    "comment",
    "endcomment",
    "raw",
    "endraw",
    "include",
    "include_cached",
    "cycle",
    "tablerow",
    "endtablerow",
    "break",
    "continue",
    "ifchanged",
    "endifchanged",
];

/// Block tags and the tags that close them.
pub(super) const BLOCKS: &[(&str, &str)] = &[
    ("if", "endif"),
    ("unless", "endunless"),
    ("for", "endfor"),
    ("tablerow", "endtablerow"),
    ("case", "endcase"),
    ("capture", "endcapture"),
    ("ifchanged", "endifchanged"),
];

/// Most `and`/`or` in one condition, and most nested `[…]` in one element: liquid
/// handles both by recursion.
const MAX_OPERATORS: usize = 100;
const MAX_BRACKETS: usize = 16;

/// One `{{ … }}` or `{% … %}` as written.
#[derive(Debug, Clone)]
pub(super) struct Elem {
    /// From `{` to `}` inclusive.
    pub whole: Range<usize>,
    /// The content without the delimiters, whitespace-control hyphens and outer whitespace.
    pub inner: Range<usize>,
    /// `{% … %}` rather than `{{ … }}`.
    pub tag: bool,
    /// `{%-`: the whitespace before is removed.
    pub trim_before: bool,
    /// `-%}`: the whitespace after is removed.
    pub trim_after: bool,
}

impl Elem {
    /// The tag name (empty for outputs).
    pub(super) fn name<'a>(&self, text: &'a str) -> &'a str {
        if !self.tag {
            return "";
        }
        let inner = &text[self.inner.clone()];
        inner
            .split(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\'')
            .next()
            .unwrap_or("")
    }
}

/// What the text is made of, in order (plain text lies between the pieces).
#[derive(Debug)]
pub(super) enum Piece {
    Elem(Elem),
    /// `{% raw %}` … `{% endraw %}`; `body` is shown as written.
    Raw {
        open: Elem,
        body: Range<usize>,
        close: Elem,
    },
    /// `{% comment %}` … `{% endcomment %}`, dropped.
    Comment {
        open: Elem,
        close: Elem,
    },
}

impl Piece {
    pub(super) fn whole(&self) -> Range<usize> {
        match self {
            Piece::Elem(e) => e.whole.clone(),
            Piece::Raw { open, close, .. } | Piece::Comment { open, close } => {
                open.whole.start..close.whole.end
            }
        }
    }
}

/// A problem found while splitting: where and what.
#[derive(Debug)]
pub(super) struct LexError {
    pub at: Range<usize>,
    pub message: String,
}

/// Whitespace as Ruby's `strip` sees it (what Jekyll's whitespace control removes).
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Finds `needle` at or after `from`, remembering the last answer so that repeated
/// searches over the same stretch stay linear.
struct Finder<'a> {
    text: &'a str,
    needle: &'static str,
    last: Option<Option<usize>>,
    last_from: usize,
}

impl<'a> Finder<'a> {
    fn new(text: &'a str, needle: &'static str) -> Self {
        Finder {
            text,
            needle,
            last: None,
            last_from: 0,
        }
    }

    fn find(&mut self, from: usize) -> Option<usize> {
        if let Some(prev) = self.last
            && from >= self.last_from
            && prev.is_none_or(|p| p >= from)
        {
            return prev;
        }
        let found = self.text.get(from..)?.find(self.needle).map(|p| p + from);
        self.last = Some(found);
        self.last_from = from;
        found
    }
}

struct Scanner<'a> {
    text: &'a str,
    tag_end: Finder<'a>,
    out_end: Finder<'a>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            tag_end: Finder::new(text, "%}"),
            out_end: Finder::new(text, "}}"),
        }
    }

    /// The next element starting at or after `from`; with `tags_only`, `{{` is skipped.
    fn next(&mut self, from: usize, tags_only: bool) -> Option<Result<Elem, LexError>> {
        let b = self.text.as_bytes();
        let mut i = from;
        loop {
            let p = i + self.text.get(i..)?.find('{')?;
            let &next = b.get(p + 1)?;
            let tag = next == b'%';
            if !(tag || (next == b'{' && !tags_only)) {
                i = p + 1;
                continue;
            }
            let end = if tag {
                self.tag_end.find(p + 2)
            } else {
                self.out_end.find(p + 2)
            };
            let Some(end) = end else {
                let (open, close) = if tag { ("{%", "%}") } else { ("{{", "}}") };
                return Some(Err(LexError {
                    at: p..p + 2,
                    message: format!("`{open}` is never closed with `{close}`"),
                }));
            };
            return Some(Ok(elem(self.text, p, end, tag)));
        }
    }
}

fn elem(text: &str, start: usize, end: usize, tag: bool) -> Elem {
    let raw = &text[start + 2..end];
    let trim_before = raw.starts_with('-');
    let trim_after = raw.len() > usize::from(trim_before) && raw.ends_with('-');
    let a = start + 2 + usize::from(trim_before);
    let z = (end - usize::from(trim_after)).max(a);
    let body = &text[a..z];
    let lead = body.len() - body.trim_start_matches(is_space).len();
    let trimmed = body.trim_matches(is_space);
    Elem {
        whole: start..end + 2,
        inner: a + lead..a + lead + trimmed.len(),
        tag,
        trim_before,
        trim_after,
    }
}

/// Splits `text` into its Liquid pieces.
pub(super) fn lex(text: &str) -> Result<Vec<Piece>, LexError> {
    let mut s = Scanner::new(text);
    let mut pieces = Vec::new();
    let mut i = 0;
    while let Some(e) = s.next(i, false) {
        let e = e?;
        i = e.whole.end;
        match e.name(text) {
            "raw" => {
                let close = loop {
                    match s.next(i, true) {
                        Some(Ok(c)) if &text[c.inner.clone()] == "endraw" => break c,
                        Some(Ok(c)) => i = c.whole.start + 2,
                        Some(Err(_)) | None => {
                            return Err(LexError {
                                at: e.whole.clone(),
                                message: "`{% raw %}` is never closed with `{% endraw %}`".into(),
                            });
                        }
                    }
                };
                i = close.whole.end;
                let mut body = e.whole.end..close.whole.start;
                if e.trim_after {
                    body.start = body.end - text[body.clone()].trim_start_matches(is_space).len();
                }
                if close.trim_before {
                    body.end = body.start + text[body.clone()].trim_end_matches(is_space).len();
                }
                pieces.push(Piece::Raw {
                    open: e,
                    body,
                    close,
                });
            }
            "comment" => {
                let mut depth = 1usize;
                let close = loop {
                    match s.next(i, true) {
                        Some(Ok(c)) => {
                            i = c.whole.end;
                            match c.name(text) {
                                "comment" => depth += 1,
                                "endcomment" => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break c;
                                    }
                                }
                                _ => {}
                            }
                        }
                        Some(Err(_)) | None => {
                            return Err(LexError {
                                at: e.whole.clone(),
                                message: "`{% comment %}` is never closed with `{% endcomment %}`"
                                    .into(),
                            });
                        }
                    }
                };
                pieces.push(Piece::Comment { open: e, close });
            }
            _ => pieces.push(Piece::Elem(e)),
        }
    }
    Ok(pieces)
}

/// Filter names used in an element (`x | date: "%Y" | upcase` → date, upcase), outside
/// quoted strings.
pub(super) fn filter_names(expr: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut quote: Option<char> = None;
    for (i, c) in expr.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '|') => {
                let rest = expr[i + 1..].trim_start();
                let len = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                if len > 0 {
                    names.push(&rest[..len]);
                }
            }
            _ => {}
        }
    }
    names
}

/// Checks what liquid's parser would choke on (stack depth, numbers it cannot hold)
/// in an element's content; the error is a byte offset in `inner` and a message.
pub(super) fn check_limits(inner: &str, condition: bool) -> Result<(), (usize, String)> {
    let b = inner.as_bytes();
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' | b'\'' => quote = Some(c),
            b'[' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Err((i, format!("more than {MAX_BRACKETS} nested `[…]`")));
                }
            }
            b']' => depth = depth.saturating_sub(1),
            b'0'..=b'9' => {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let before = start.checked_sub(1).map(|p| b[p]);
                let sign = matches!(before, Some(b'-' | b'+'));
                let lead = if sign { start - 1 } else { start };
                let prev = lead.checked_sub(1).map(|p| b[p]);
                let in_word = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'_');
                let fraction = before == Some(b'.') && start >= 2 && b[start - 2].is_ascii_digit();
                if !in_word && !fraction && inner[lead..i].parse::<i64>().is_err() {
                    return Err((lead, format!("the number {} is too large", &inner[lead..i])));
                }
                continue;
            }
            _ => {}
        }
        if condition && (c == b'a' || c == b'o') {
            let word_start = i == 0 || is_space(b[i - 1] as char);
            let rest = &inner[i..];
            let word = rest.split(|c: char| is_space(c)).next().unwrap_or("");
            if word_start && (word == "and" || word == "or") {
                operators += 1;
                if operators > MAX_OPERATORS {
                    return Err((
                        i,
                        format!("more than {MAX_OPERATORS} `and`/`or` in one condition"),
                    ));
                }
            }
        }
        i += 1;
    }
    Ok(())
}

/// Line and column (1-based, columns in characters) of byte `offset` in `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The byte offset of 1-based (`line`, `col`) in `text`, columns in characters.
pub(super) fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(p) => start += p + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// An element shortened for a message.
pub(super) fn shown(text: &str) -> String {
    let one_line: String = text
        .split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}
