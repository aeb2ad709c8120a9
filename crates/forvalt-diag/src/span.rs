//! Byte ranges into source files.

use serde::Serialize;
use std::ops::Range;

/// Identifies one source file in a [`crate::Sources`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

impl FileId {
    /// The id of text that is not (yet) attached to a file, e.g. a chart parsed on its own.
    pub const DETACHED: FileId = FileId(u32::MAX);

    /// Whether this is [`FileId::DETACHED`].
    pub fn is_detached(self) -> bool {
        self == Self::DETACHED
    }
}

/// A byte range `start..end` in one source file.
///
/// Spans are small and `Copy`. Libraries that parse text without knowing its file (the gantt
/// engine, say) produce detached spans relative to their input; the caller re-bases them with
/// [`Span::shifted`] and [`Span::in_file`] when the text was embedded in a larger file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// The file the range points into.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Default for Span {
    /// An empty detached span at 0.
    fn default() -> Span {
        Span::new(0, 0)
    }
}

impl Span {
    /// A detached span over `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span {
            file: FileId::DETACHED,
            start,
            end,
        }
    }

    /// A detached span over a range.
    pub fn from_range(range: Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }

    /// An empty span at `offset`.
    pub fn point(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    /// The same range in `file`.
    #[must_use]
    pub fn in_file(self, file: FileId) -> Span {
        Span { file, ..self }
    }

    /// The range moved `offset` bytes to the right (for text embedded at `offset`).
    #[must_use]
    pub fn shifted(self, offset: usize) -> Span {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        Span {
            file: self.file,
            start: self.start.saturating_add(offset),
            end: self.end.saturating_add(offset),
        }
    }

    /// The smallest span covering both (the file of `self` wins).
    #[must_use]
    pub fn join(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range as `usize`s.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// Maps the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting_and_joining() {
        let a = Span::new(2, 5).shifted(10).in_file(FileId(3));
        assert_eq!(a.range(), 12..15);
        assert_eq!(a.file, FileId(3));
        let b = a.join(Span::new(20, 22));
        assert_eq!(b.range(), 12..22);
        assert_eq!(b.file, FileId(3));
        assert!(Span::point(4).is_empty());
        assert_eq!(Span::new(5, 2).range(), 5..5, "end never precedes start");
    }
}
