//! Diagnostics and values that carry them.

use crate::span::Span;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong: the output is incomplete or differs from what the author meant.
    Error,
    /// Probably wrong, or works only by accident.
    Warning,
    /// Worth knowing; nothing is wrong.
    Note,
}

impl Severity {
    /// The lower-case name used in terminal and machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place that explains a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// A replacement of the text under `span` that would fix the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The text to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
    /// Why, in one line (e.g. "did you mean 2025-01-01?").
    pub message: String,
}

/// One problem found in user content.
///
/// `code` is stable (e.g. `gantt::invalid-date`) so it can be documented, configured and
/// searched for; `message` is for people and may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable rule code, `area::name`.
    pub code: Cow<'static, str>,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The primary place, if the problem has one.
    pub span: Option<Span>,
    /// Text shown at the primary place.
    pub label: Option<String>,
    /// Other places that explain it.
    pub labels: Vec<Label>,
    /// Background facts ("Mermaid draws this task with zero length").
    pub notes: Vec<String>,
    /// Advice without a concrete edit.
    pub help: Vec<String>,
    /// Concrete edits that fix it.
    pub suggestions: Vec<Suggestion>,
}

impl Diagnostic {
    /// A diagnostic without a place.
    pub fn new(
        severity: Severity,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.into(),
            message: message.into(),
            span: None,
            label: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// A note.
    pub fn note(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    /// Sets the primary place.
    #[must_use]
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the text shown at the primary place.
    #[must_use]
    pub fn with_primary_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary place.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds advice.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Adds a concrete fix.
    #[must_use]
    pub fn with_suggestion(
        mut self,
        span: Span,
        replacement: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        self.suggestions.push(Suggestion {
            span,
            replacement: replacement.into(),
            message: message.into(),
        });
        self
    }

    /// Changes the severity (e.g. from configuration).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Applies `f` to every span (primary, labels and suggestions), e.g. to re-base them.
    #[must_use]
    pub fn map_spans(mut self, mut f: impl FnMut(Span) -> Span) -> Self {
        self.span = self.span.map(&mut f);
        for label in &mut self.labels {
            label.span = f(label.span);
        }
        for suggestion in &mut self.suggestions {
            suggestion.span = f(suggestion.span);
        }
        self
    }
}

/// A stage's output together with the diagnostics found while producing it.
///
/// Stages never fail on bad user input: they return what they could make of it and say what
/// was wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    /// The output.
    pub value: T,
    /// Problems found, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    /// A value with no diagnostics.
    pub fn new(value: T) -> Self {
        Checked {
            value,
            diagnostics: Vec::new(),
        }
    }

    /// A value with diagnostics.
    pub fn with_diagnostics(value: T, diagnostics: Vec<Diagnostic>) -> Self {
        Checked { value, diagnostics }
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Maps the value, keeping the diagnostics.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Checked<U> {
        Checked {
            value: f(self.value),
            diagnostics: self.diagnostics,
        }
    }

    /// Moves this value's diagnostics into `sink` and returns the value.
    pub fn unpack(self, sink: &mut Vec<Diagnostic>) -> T {
        sink.extend(self.diagnostics);
        self.value
    }

    /// Splits into value and diagnostics.
    pub fn into_parts(self) -> (T, Vec<Diagnostic>) {
        (self.value, self.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_and_checked() {
        let d = Diagnostic::warning("gantt::tick-interval", "unsupported")
            .with_span(Span::new(1, 4))
            .with_label(Span::new(7, 9), "here")
            .with_suggestion(Span::new(1, 4), "3month", "use 3month")
            .map_spans(|s| s.shifted(100));
        assert_eq!(d.span, Some(Span::new(101, 104)));
        assert_eq!(d.labels[0].span, Span::new(107, 109));
        assert_eq!(d.suggestions[0].span, Span::new(101, 104));
        let mut c = Checked::new(1);
        assert!(!c.has_errors());
        c.push(d);
        assert!(!c.has_errors());
        c.push(Diagnostic::error("x::y", "bad"));
        assert!(c.has_errors());
        let mut sink = Vec::new();
        assert_eq!(c.map(|v| v + 1).unpack(&mut sink), 2);
        assert_eq!(sink.len(), 2);
    }
}
