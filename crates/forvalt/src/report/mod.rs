//! Terminal output: diagnostics in rustc style, summaries. The only place that writes to
//! the terminal besides subcommands' results.

mod human;

use forvalt_diag::{Diagnostic, Severity, Sources};
use std::io::Write;

/// Writes to standard error (colours only when it is a terminal).
pub(crate) fn eprint(text: &str) {
    let mut err = anstream::stderr();
    let _ = err.write_all(text.as_bytes());
}

/// Writes to standard output.
pub(crate) fn print(text: &str) {
    let mut out = anstream::stdout();
    let _ = out.write_all(text.as_bytes());
}

/// Collects and prints diagnostics, counting them by severity.
#[derive(Debug, Default)]
pub(crate) struct Reporter {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) quiet: bool,
    /// Whether standard error takes colours, once asked.
    pub(crate) color: Option<bool>,
}

impl Reporter {
    /// Prints one diagnostic (unless quiet) and counts it.
    pub(crate) fn report(&mut self, d: &Diagnostic, sources: &Sources) {
        if let Some(text) = self.render(d, sources) {
            eprint(&text);
        }
    }

    /// Counts one diagnostic and renders it, ending in a line break (`None` when quiet).
    pub(crate) fn render(&mut self, d: &Diagnostic, sources: &Sources) -> Option<String> {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => {}
        }
        if self.quiet {
            return None;
        }
        let color = *self.color.get_or_insert_with(|| {
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
        });
        let mut text = human::render(d, sources, color);
        text.push('\n');
        Some(text)
    }

    /// "2 errors, 1 warning".
    pub(crate) fn counts(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}
