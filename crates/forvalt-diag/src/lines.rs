//! Source files and the byte ↔ line:column mapping.

use crate::span::{FileId, Span};
use serde::Serialize;

/// Line starts of one text, for turning byte offsets into lines and columns.
///
/// Lines and columns are 0-based inside; [`Location`] adds 1 for display. Columns count
/// Unicode scalar values, as rustc does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    starts: Vec<u32>,
}

impl Lines {
    /// Indexes `text`. `\n` ends a line (a preceding `\r` stays part of the line).
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Lines { starts }
    }

    /// Number of lines (a text always has at least one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).map(|&s| s as usize)
    }

    /// 0-based line and column (in chars) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let col = text[start..offset].chars().count();
        (line, col)
    }

    /// The text of 0-based `line`, without its line break.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self
            .line_start(line + 1)
            .map_or(text.len(), |next| next - 1);
        let s = &text[start.min(text.len())..end.min(text.len())];
        s.strip_suffix('\r').unwrap_or(s)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A 1-based position range in a named file, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file's path as given to [`Sources::add`].
    pub path: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (chars) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end (exclusive).
    pub end_column: usize,
}

/// One source file: its path, text and line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to users (relative to the repository when there is one).
    pub path: String,
    /// The (decoded) text.
    pub text: String,
    /// Line index of `text`, made when first needed (most files never have a diagnostic).
    lines: std::sync::OnceLock<Lines>,
}

impl SourceFile {
    /// A text; its lines are indexed when first asked for.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// The line index of the text.
    pub fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::new(&self.text))
    }

    /// Location of `start..end`.
    pub fn location(&self, start: usize, end: usize) -> Location {
        let lines = self.lines();
        let (line, column) = lines.line_col(&self.text, start);
        let (end_line, end_column) = lines.line_col(&self.text, end.max(start));
        Location {
            path: self.path.clone(),
            line: line + 1,
            column: column + 1,
            end_line: end_line + 1,
            end_column: end_column + 1,
        }
    }
}

/// The table of source files that spans point into.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty table.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX - 1));
        self.files.push(SourceFile::new(path, text));
        id
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        if id.is_detached() {
            return None;
        }
        self.files.get(id.0 as usize)
    }

    /// Where a span is, for display.
    pub fn location(&self, span: Span) -> Option<Location> {
        let file = self.get(span.file)?;
        Some(file.location(span.start as usize, span.end as usize))
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_and_column() {
        let text = "ab\nçd\r\n\nx";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 4);
        assert_eq!(lines.line_col(text, 0), (0, 0));
        assert_eq!(lines.line_col(text, 3), (1, 0));
        assert_eq!(lines.line_col(text, 5), (1, 1), "ç is one column");
        assert_eq!(lines.line_col(text, 4), (1, 0), "inside a char rounds down");
        assert_eq!(lines.line_text(text, 1), "çd");
        assert_eq!(lines.line_text(text, 2), "");
        assert_eq!(lines.line_text(text, 3), "x");
        assert_eq!(lines.line_col(text, 999), (3, 1), "clamped to the end");
    }

    #[test]
    fn sources_locate_spans() {
        let mut sources = Sources::new();
        let a = sources.add("a.md", "one\ntwo three\n");
        let loc = sources.location(Span::new(8, 13).in_file(a)).unwrap();
        assert_eq!(
            (loc.line, loc.column, loc.end_line, loc.end_column),
            (2, 5, 2, 10)
        );
        assert!(sources.location(Span::new(0, 1)).is_none(), "detached");
    }

    proptest! {
        #[test]
        fn any_offset_has_a_location(text in "\\PC{0,60}", offset in 0usize..200) {
            let lines = Lines::new(&text);
            let (line, _col) = lines.line_col(&text, offset);
            prop_assert!(line < lines.count());
        }
    }
}
