//! Stage 4, index: the full-text search index of the rendered pages (see [`crate::search`]).

use super::plan::Plan;
use crate::search;
use crate::site::OutputFile;
use forvalt_diag::{Checked, Diagnostic};

/// The search index of `records` (the rendered pages' words), when the site has search.
pub fn index(plan: &Plan<'_>, records: &[search::Record]) -> Checked<Vec<OutputFile>> {
    if !plan.search {
        return Checked::new(Vec::new());
    }
    match search::index(records, plan.repo.danish()) {
        Ok(files) => Checked::new(files),
        Err(e) => Checked::with_diagnostics(
            Vec::new(),
            vec![Diagnostic::error(
                "site::search",
                format!("the search index could not be built: {e}"),
            )],
        ),
    }
}
