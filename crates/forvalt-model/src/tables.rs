//! GitHub-flavoured Markdown pipe tables with the byte ranges of their cells, outside code
//! fences: what the matrices and the governance reports are read from. Linear in the text.

/// Every pipe table of a Markdown text, in order.
pub(crate) fn tables(markdown: &str) -> Vec<Table> {
    let lines = split_lines(markdown);
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].1;
        if let Some((ch, len)) = fence {
            if closes_fence(line, ch, len) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
            i += 1;
            continue;
        }
        if let Some(table) = read_table(&lines, i) {
            i = table.next_line;
            out.push(table);
            continue;
        }
        i += 1;
    }
    out
}

/// Each line's start offset and text without its line break.
fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let body = body.strip_suffix('\r').unwrap_or(body);
        out.push((start, body));
        start += piece.len();
    }
    out
}

/// Leading spaces, when at most three (more makes an indented code block).
fn indent(line: &str) -> Option<usize> {
    let n = line.len() - line.trim_start_matches(' ').len();
    (n <= 3 && !line[n..].starts_with('\t')).then_some(n)
}

fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let rest = &line[indent(line)?..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|b| *b == ch).count();
    if len < 3 || (ch == b'`' && rest[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let Some(n) = indent(line) else {
        return false;
    };
    let rest = &line[n..];
    let run = rest.bytes().take_while(|b| *b == ch).count();
    run >= len && rest[run..].trim().is_empty()
}

/// A cell: its trimmed text's byte range in the Markdown text and the text (`\|` unescaped).
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

impl Cell {
    /// The offset in the Markdown text of byte `i` of [`Cell::text`]: every `|` in the text
    /// was written `\|`, one byte longer.
    pub(crate) fn offset(&self, i: usize) -> usize {
        let before = self.text.get(..i).map_or(0, |t| t.matches('|').count());
        self.start + i + before
    }
}

/// The cells of a pipe-table row, or `None` when the line is not one.
fn split_row(line: &str, base: usize) -> Option<Vec<Cell>> {
    let from = indent(line)?;
    let content = line[from..].trim_end();
    if !content.contains('|') {
        return None;
    }
    let bytes = content.as_bytes();
    let mut bounds = vec![];
    let mut seg = 0;
    for (k, b) in bytes.iter().enumerate() {
        if *b == b'|' && (k == 0 || bytes[k - 1] != b'\\') {
            bounds.push((seg, k));
            seg = k + 1;
        }
    }
    bounds.push((seg, content.len()));
    if content.starts_with('|') {
        bounds.remove(0);
    }
    if content.len() > 1 && content.ends_with('|') && !content.ends_with("\\|") {
        bounds.pop();
    }
    if bounds.is_empty() {
        return None;
    }
    let cells = bounds
        .into_iter()
        .map(|(a, b)| {
            let raw = &content[a..b];
            let lead = raw.len() - raw.trim_start().len();
            let text = raw.trim();
            let start = base + from + a + lead;
            Cell {
                start,
                end: start + text.len(),
                text: text.replace("\\|", "|"),
            }
        })
        .collect();
    Some(cells)
}

fn is_delimiter_row(cells: &[Cell]) -> bool {
    cells.iter().all(|c| {
        let t = c.text.strip_prefix(':').unwrap_or(&c.text);
        let t = t.strip_suffix(':').unwrap_or(t);
        !t.is_empty() && t.bytes().all(|b| b == b'-')
    })
}

/// A pipe table: its byte range, header cells and rows.
pub(crate) struct Table {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) header: Vec<Cell>,
    /// (line number, cells padded or cut to the header's width)
    pub(crate) rows: Vec<(usize, Vec<Cell>)>,
    next_line: usize,
}

fn read_table(lines: &[(usize, &str)], i: usize) -> Option<Table> {
    let (hstart, hline) = *lines.get(i)?;
    let (dstart, dline) = *lines.get(i + 1)?;
    let header = split_row(hline, hstart)?;
    let delim = split_row(dline, dstart)?;
    if delim.len() != header.len() || !is_delimiter_row(&delim) {
        return None;
    }
    let width = header.len();
    let mut rows = Vec::new();
    let mut end = dstart + dline.len();
    let mut j = i + 2;
    while let Some(&(start, line)) = lines.get(j) {
        if line.trim().is_empty() {
            break;
        }
        let Some(mut cells) = split_row(line, start) else {
            break;
        };
        let line_end = start + line.len();
        cells.truncate(width);
        while cells.len() < width {
            cells.push(Cell {
                start: line_end,
                end: line_end,
                text: String::new(),
            });
        }
        rows.push((j, cells));
        end = line_end;
        j += 1;
    }
    Some(Table {
        start: hstart + indent(hline).unwrap_or(0),
        end,
        header,
        rows,
        next_line: j,
    })
}
