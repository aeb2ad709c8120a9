//! Finding gantt charts in Markdown: ```` ```mermaid ```` fences whose diagram is a gantt.

use std::borrow::Cow;

/// A chart found in a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded<'a> {
    /// The chart text (the fence's content).
    pub text: Cow<'a, str>,
    /// Byte offset of the content in the Markdown text: add it to a chart span to point into
    /// the Markdown file (exact when the fence is not indented).
    pub offset: usize,
    /// Byte range of the whole fence, opening and closing lines included.
    pub fence: std::ops::Range<usize>,
}

/// Every ```` ```mermaid ```` (or `~~~mermaid`) fence whose diagram is a gantt chart, in order.
pub fn charts_in_markdown(md: &str) -> Vec<Embedded<'_>> {
    fences(md)
        .into_iter()
        .filter(|f| {
            f.info
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("mermaid"))
        })
        .filter(|f| is_gantt(&f.content))
        .map(|f| Embedded {
            text: f.content,
            offset: f.content_start,
            fence: f.range,
        })
        .collect()
}

/// Whether a Mermaid diagram text is a gantt chart (after front matter, directives and
/// comments, it starts with `gantt`).
pub fn is_gantt(text: &str) -> bool {
    crate::syntax::starts_with_gantt(text)
}

/// A Mermaid diagram's kind: its first word after front matter, directives and comments
/// (`gantt`, `flowchart`, `pie`, …), as Mermaid detects it.
pub fn diagram_kind(text: &str) -> String {
    crate::syntax::first_word(text)
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence<'a> {
    /// The info string (`mermaid`, `rust ignore`, …).
    pub info: &'a str,
    /// The content, with the fence's indentation removed.
    pub content: Cow<'a, str>,
    /// Byte offset of the content.
    pub content_start: usize,
    /// The whole block.
    pub range: std::ops::Range<usize>,
}

/// CommonMark fenced code blocks at the top level of a document.
pub fn fences(md: &str) -> Vec<Fence<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let lines: Vec<(usize, &str)> = md
        .split_inclusive('\n')
        .map(|l| {
            let start = pos;
            pos += l.len();
            (start, l)
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        let Some((indent, ch, len, info)) = opening(line) else {
            i += 1;
            continue;
        };
        let content_start = lines.get(i + 1).map_or(md.len(), |l| l.0);
        let mut j = i + 1;
        let mut close = None;
        while j < lines.len() {
            if closing(lines[j].1, ch, len) {
                close = Some(j);
                break;
            }
            j += 1;
        }
        let (content_end, block_end, next) = match close {
            Some(c) => (lines[c].0, lines[c].0 + lines[c].1.len(), c + 1),
            None => (md.len(), md.len(), lines.len()),
        };
        let raw = &md[content_start..content_end];
        let content = if indent == 0 {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(
                raw.split_inclusive('\n')
                    .map(|l| {
                        let n = l.bytes().take(indent).take_while(|&b| b == b' ').count();
                        &l[n..]
                    })
                    .collect(),
            )
        };
        out.push(Fence {
            info,
            content,
            content_start,
            range: start..block_end,
        });
        i = next;
    }
    out
}

fn opening(line: &str) -> Option<(usize, u8, usize, &str)> {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some((indent, ch, len, info))
}

fn closing(line: &str, ch: u8, len: usize) -> bool {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let n = rest.bytes().take_while(|&b| b == ch).count();
    n >= len && rest[n..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_gantt_fences_only() {
        let md = "# Plan\n\n```mermaid\ngantt\n  A : 2025-01-01, 1d\n```\n\n```mermaid\nflowchart LR\n  a-->b\n```\n\n~~~~ mermaid\n%% note\ngantt\n~~~~\n";
        let charts = charts_in_markdown(md);
        assert_eq!(charts.len(), 2);
        assert_eq!(&md[charts[0].offset..][..5], "gantt");
        assert!(charts[1].text.contains("%% note"));
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let md = "```mermaid\ngantt\n  A : 2025-01-01, 1d\n";
        let charts = charts_in_markdown(md);
        assert_eq!(charts.len(), 1);
        assert_eq!(charts[0].fence, 0..md.len());
    }

    #[test]
    fn indented_fences_lose_their_indent() {
        let md = "  ```mermaid\n  gantt\n    A : 1d\n  ```\n";
        let charts = charts_in_markdown(md);
        assert_eq!(charts[0].text, "gantt\n  A : 1d\n");
    }
}
