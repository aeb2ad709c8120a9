//! Spans, diagnostics and checked results: the bottom crate every forvalt stage shares.
//!
//! Problems found in user content are never errors that abort a stage. They are
//! [`Diagnostic`]s, collected beside the stage's output in a [`Checked`] value, each
//! pointing at the text it is about with a [`Span`]. A span is a byte range in one
//! source file; [`Sources`] turns it into a file name, line and column for display.
//!
//! ```
//! use forvalt_diag::{Checked, Diagnostic, Sources, Span};
//!
//! let mut sources = Sources::new();
//! let file = sources.add("roadmap.mmd", "gantt\n  Task : 2025-00-01, 3d\n");
//! let span = Span::new(15, 25).in_file(file);
//! let mut checked = Checked::new(());
//! checked.push(
//!     Diagnostic::error("gantt::invalid-date", "invalid date `2025-00-01`")
//!         .with_span(span)
//!         .with_help("months are numbered 01 to 12"),
//! );
//! let location = sources.location(span).unwrap();
//! assert_eq!((location.line, location.column), (2, 10));
//! assert!(checked.has_errors());
//! ```

mod diagnostic;
mod lines;
mod span;

pub use diagnostic::{Checked, Diagnostic, Label, Severity, Suggestion};
pub use lines::{Lines, Location, SourceFile, Sources};
pub use span::{FileId, Span, Spanned};
