//! Mermaid's text preparation before the grammar sees a chart: line endings, YAML front
//! matter, `%%{…}%%` directives, whole-line `%%` comments, leading white space and
//! `#name;` entities. Every step records where its output came from, so positions found
//! later point into the text the author wrote.

use crate::js;
use forvalt_diag::Span;

/// Maps offsets of a rewritten text back to the text it was made from.
#[derive(Debug, Clone, Default)]
struct StepMap {
    /// `(output offset, input offset)` at the start of each copied or inserted piece.
    segments: Vec<(u32, u32)>,
    input_len: u32,
}

impl StepMap {
    fn map(&self, out: u32) -> u32 {
        let i = self.segments.partition_point(|&(o, _)| o <= out);
        match i.checked_sub(1) {
            Some(i) => {
                let (o, input) = self.segments[i];
                (input + (out - o)).min(self.input_len)
            }
            None => 0,
        }
    }
}

struct Rewriter<'a> {
    input: &'a str,
    out: String,
    map: StepMap,
}

impl<'a> Rewriter<'a> {
    fn new(input: &'a str) -> Self {
        Rewriter {
            input,
            out: String::with_capacity(input.len() + 1),
            map: StepMap {
                segments: Vec::new(),
                input_len: input.len() as u32,
            },
        }
    }

    fn copy(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        self.map.segments.push((self.out.len() as u32, from as u32));
        self.out.push_str(&self.input[from..to]);
    }

    fn put(&mut self, text: &str, at: usize) {
        self.map.segments.push((self.out.len() as u32, at as u32));
        self.out.push_str(text);
    }

    fn finish(self) -> (String, StepMap) {
        (self.out, self.map)
    }
}

impl StepMap {
    /// Whether every offset maps to itself (nothing was removed or inserted before the end).
    fn is_identity(&self) -> bool {
        self.segments.iter().all(|&(o, i)| o == i)
    }
}

/// Offsets in the prepared text → offsets in the original text.
#[derive(Debug, Clone)]
pub(crate) struct OffsetMap {
    steps: Vec<StepMap>,
    /// The original text's length: text that preparation added (the final newline) maps to
    /// its end.
    len: usize,
}

impl OffsetMap {
    /// The original offset of prepared offset `offset`.
    pub(crate) fn original(&self, offset: usize) -> usize {
        let mut o = offset as u32;
        for step in self.steps.iter().rev() {
            o = step.map(o);
        }
        (o as usize).min(self.len)
    }

    /// The original span of a prepared range.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let s = self.original(start);
        let e = if end > start {
            (self.original(end - 1) + 1).min(self.len)
        } else {
            s
        };
        Span::new(s, e.max(s))
    }
}

/// The chart text after preparation.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// What the lexer reads (ends with the `\n` Mermaid appends).
    pub text: String,
    /// Back to original offsets.
    pub map: OffsetMap,
    /// The YAML front matter body and its span, if any.
    pub front_matter: Option<(String, Span)>,
    /// `%%{ … }%%` directives: their type word, argument text and span.
    pub directives: Vec<Directive>,
}

/// A `%%{type: args}%%` directive.
#[derive(Debug, Clone)]
pub(crate) struct Directive {
    pub kind: String,
    pub args: Option<String>,
    pub span: Span,
}

pub(crate) fn prepare(src: &str) -> Prepared {
    let mut steps = Vec::new();

    // 1. `\r\n?` → `\n`
    let text = if src.contains('\r') {
        let mut rw = Rewriter::new(src);
        let b = src.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\r' {
                rw.copy(start, i);
                rw.put("\n", i);
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            } else {
                i += 1;
            }
        }
        rw.copy(start, b.len());
        let (t, m) = rw.finish();
        if !m.is_identity() {
            steps.push(m);
        }
        t
    } else {
        src.to_string()
    };

    // 2. front matter
    let mut front_matter = None;
    let text = match front_matter_bounds(&text) {
        Some((body, end)) => {
            let original = |o: usize| {
                let mut x = o as u32;
                for s in steps.iter().rev() {
                    x = s.map(x);
                }
                x as usize
            };
            front_matter = Some((
                text[body.clone()].to_string(),
                Span::new(original(body.start), original(body.end)),
            ));
            let mut rw = Rewriter::new(&text);
            rw.copy(end, text.len());
            let (t, m) = rw.finish();
            if !m.is_identity() {
                steps.push(m);
            }
            t
        }
        None => text,
    };

    // 3. directives
    let mut directives = Vec::new();
    let text = {
        let found = find_directives(&text);
        if found.is_empty() {
            text
        } else {
            let map_so_far = OffsetMap {
                steps: steps.clone(),
                len: src.len(),
            };
            let mut rw = Rewriter::new(&text);
            let mut last = 0;
            for d in &found {
                rw.copy(last, d.start);
                last = d.end;
                directives.push(Directive {
                    kind: d.kind.clone(),
                    args: d.args.clone(),
                    span: map_so_far.span(d.start, d.end),
                });
            }
            rw.copy(last, text.len());
            let (t, m) = rw.finish();
            if !m.is_identity() {
                steps.push(m);
            }
            t
        }
    };

    // 4. comment lines, then trimStart
    let text = {
        let mut rw = Rewriter::new(&text);
        let mut last = 0;
        for (s, e) in comment_lines(&text) {
            rw.copy(last, s);
            last = e;
        }
        rw.copy(last, text.len());
        let (t, m) = rw.finish();
        if !m.is_identity() {
            steps.push(m);
        }
        let trimmed = js::trim_start(&t);
        let cut = t.len() - trimmed.len();
        if cut > 0 {
            let mut rw = Rewriter::new(&t);
            rw.copy(cut, t.len());
            let (t2, m2) = rw.finish();
            if !m2.is_identity() {
                steps.push(m2);
            }
            t2
        } else {
            t
        }
    };

    // 5. `#name;` entities become placeholders (so `#` and `;` inside them end nothing), and
    //    Mermaid appends a newline.
    let text = {
        let mut rw = Rewriter::new(&text);
        let b = text.as_bytes();
        let mut last = 0;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'#' {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                if j > i + 1 && j < b.len() && b[j] == b';' {
                    rw.copy(last, i);
                    let inner = &text[i + 1..j];
                    let digits = inner.trim_start_matches('+');
                    let placeholder = if !digits.is_empty()
                        && digits.bytes().all(|c| c.is_ascii_digit())
                        && inner.len() - digits.len() <= 1
                    {
                        format!("{ENTITY_OPEN}°{inner}{ENTITY_CLOSE}")
                    } else {
                        format!("{ENTITY_OPEN}{inner}{ENTITY_CLOSE}")
                    };
                    rw.put(&placeholder, i);
                    last = j + 1;
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
        rw.copy(last, b.len());
        rw.put("\n", b.len());
        let (t, m) = rw.finish();
        if !m.is_identity() {
            steps.push(m);
        }
        t
    };

    Prepared {
        text,
        map: OffsetMap {
            steps,
            len: src.len(),
        },
        front_matter,
        directives,
    }
}

/// Start of Mermaid's entity placeholder (`ﬂ°`).
pub(crate) const ENTITY_OPEN: &str = "\u{fb02}°";
/// End of Mermaid's entity placeholder (`¶ß`).
pub(crate) const ENTITY_CLOSE: &str = "¶ß";

/// Turns placeholders back into `&name;` / `&#123;` and decodes those entities to text.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains(ENTITY_OPEN) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find(ENTITY_OPEN) {
        out.push_str(&rest[..p]);
        let after = &rest[p + ENTITY_OPEN.len()..];
        let Some(end) = after.find(ENTITY_CLOSE) else {
            out.push_str(&rest[p..]);
            return out;
        };
        let inner = &after[..end];
        if let Some(num) = inner.strip_prefix('°') {
            let code = num.trim_start_matches('+').parse::<u32>().ok();
            match code.and_then(char::from_u32) {
                Some(c) => out.push(c),
                None => out.push_str(&format!("&#{num};")),
            }
        } else {
            match named_entity(inner) {
                Some(c) => out.push(c),
                None => out.push_str(&format!("&{inner};")),
            }
        }
        rest = &after[end + ENTITY_CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "aring" => 'å',
        "Aring" => 'Å',
        "eacute" => 'é',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "copy" => '©',
        "euro" => '€',
        "num" => '#',
        "semi" => ';',
        "colon" => ':',
        "percnt" => '%',
        _ => return None,
    })
}

/// `^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+` (dot matches newlines): the body range and
/// where the match ends.
fn front_matter_bounds(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
    let b = text.as_bytes();
    if !text.starts_with("---") {
        return None;
    }
    let is_nl = |c: u8| c == b'\n' || c == b'\r';
    // `\s*[\n\r]`: the body starts after a newline of the white-space run that follows the
    // opening dashes; the longest run is tried first, as the regex engine does.
    let run_end = 3 + ws_len(&text[3..]);
    let starts = (3..run_end).rev().filter(|&i| is_nl(b[i])).map(|i| i + 1);
    for body_start in starts {
        // Lazy body: the first `[\n\r]---\s*[\n\r]+` at or after the body start.
        for k in body_start..b.len() {
            if is_nl(b[k]) && text[k + 1..].starts_with("---") {
                let after = k + 4;
                let run = after + ws_len(&text[after..]);
                if let Some(last_nl) = (after..run).rev().find(|&i| is_nl(b[i])) {
                    return Some((body_start..k, last_nl + 1));
                }
            }
        }
    }
    None
}

fn ws_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !js::is_space(c))
        .map_or(s.len(), |(i, _)| i)
}

struct FoundDirective {
    start: usize,
    end: usize,
    kind: String,
    args: Option<String>,
}

fn word_len(s: &str) -> usize {
    s.bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count()
}

/// Mermaid's directive pattern, found left to right.
fn find_directives(text: &str) -> Vec<FoundDirective> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find("%%{") {
        let start = from + rel;
        let mut i = start + 3;
        i += ws_len(&text[i..]);
        let w = word_len(&text[i..]);
        if w == 0 {
            from = start + 3;
            continue;
        }
        let kind = text[i..i + w].to_string();
        i += w;
        // optional `\s*:`
        let j = i + ws_len(&text[i..]);
        if text[j..].starts_with(':') {
            i = j + 1;
        }
        i += ws_len(&text[i..]);
        // (\w+) or a run of anything up to `}%%` (a lone \r or U+2028/9 stops it)
        let w2 = word_len(&text[i..]);
        let args = if w2 > 0 {
            let a = text[i..i + w2].to_string();
            i += w2;
            Some(a)
        } else {
            let run_start = i;
            while i < text.len() && !text[i..].starts_with("}%%") {
                let c = text[i..].chars().next().unwrap_or('\0');
                if matches!(c, '\u{2028}' | '\u{2029}')
                    || (c == '\r' && !text[i + 1..].starts_with('\n'))
                {
                    break;
                }
                i += c.len_utf8();
            }
            Some(text[run_start..i].to_string()).filter(|s| !s.is_empty())
        };
        i += ws_len(&text[i..]);
        if text[i..].starts_with("}%%") {
            i += 3;
        }
        out.push(FoundDirective {
            start,
            end: i,
            kind,
            args,
        });
        from = i.max(start + 1);
    }
    out
}

/// `^\s*%%(?!{)[^\n]+\n?` with the multiline flag: ranges to delete.
fn comment_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut line_start = 0;
    // The end of the last white-space run measured: a line starting inside it (a run of
    // blank lines) ends its white space there too, so no run is measured twice.
    let mut run: Option<(usize, usize)> = None;
    while line_start <= b.len() {
        let p = match run {
            Some((from, end)) if from <= line_start && line_start <= end => end,
            _ => {
                let end = line_start + ws_len(&text[line_start..]);
                run = Some((line_start, end));
                end
            }
        };
        let mut matched = None;
        // \s* is greedy but may give back: try the longest white-space prefix that is
        // followed by `%%` (only the full run can be followed by `%`).
        if text[p..].starts_with("%%") && !text[p + 2..].starts_with('{') {
            let body_end = text[p + 2..].find('\n').map_or(b.len(), |e| p + 2 + e);
            if body_end > p + 2 {
                let end = if body_end < b.len() {
                    body_end + 1
                } else {
                    body_end
                };
                matched = Some(end);
            }
        }
        match matched {
            Some(end) => {
                out.push((line_start, end));
                // The next search starts where this match ended (a line start).
                line_start = end;
                if end == b.len() {
                    break;
                }
            }
            None => match text[line_start..].find('\n') {
                Some(nl) => line_start += nl + 1,
                None => break,
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_back_through_every_step() {
        let src = "---\ntitle: T\n---\ngantt\r\n  %% note\r\n  %%{init: {'gantt': {'barHeight': 30}}}%%\r\n  Task #35; : a, 2025-01-01, 1d\r\n";
        let p = prepare(src);
        assert!(p.text.starts_with("gantt\n"), "{:?}", p.text);
        assert!(!p.text.contains("note"));
        assert!(!p.text.contains("init"));
        assert!(p.text.ends_with("\n"));
        let task = p.text.find("Task").unwrap();
        assert_eq!(&src[p.map.original(task)..][..4], "Task");
        let a = p.text.find(" a,").unwrap() + 1;
        assert_eq!(&src[p.map.original(a)..][..1], "a");
        assert_eq!(p.front_matter.as_ref().unwrap().0, "title: T");
        assert_eq!(p.directives.len(), 1);
        assert_eq!(p.directives[0].kind, "init");
        let line_end = task + p.text[task..].find('\n').unwrap();
        assert_eq!(
            decode_entities(&p.text[task..line_end]),
            "Task # : a, 2025-01-01, 1d"
        );
    }

    #[test]
    fn comments_take_leading_blank_lines_with_them() {
        let text = "gantt\n\n   %% a\nx : 1d\n%%\n%%{x}%%\n";
        let cut = comment_lines(text);
        assert_eq!(cut, vec![(6, 15)]);
    }

    #[test]
    fn unclosed_directive_runs_to_the_end() {
        let d = find_directives("gantt\n%%{init: {\"a\": 1}\nTask : 1d\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].end, "gantt\n%%{init: {\"a\": 1}\nTask : 1d\n".len());
        assert!(find_directives("%%{ }%%").is_empty());
    }

    #[test]
    fn front_matter_needs_a_closing_line() {
        assert!(front_matter_bounds("---\na: 1\ngantt").is_none());
        let t = "---\na: 1\n---\n\ngantt";
        let (body, end) = front_matter_bounds(t).unwrap();
        assert_eq!(&t[body], "a: 1");
        assert_eq!(&t[end..], "gantt");
        let t = "---\n---\ngantt";
        assert!(
            front_matter_bounds(t).is_none(),
            "the body needs its own newline"
        );
        let t = "---\n\n---\ngantt";
        let (body, end) = front_matter_bounds(t).unwrap();
        assert_eq!(
            (body, &t[end..]),
            (4..4, "gantt"),
            "the engine backtracks into \\s*"
        );
    }
}
