//! Where a repository's governance reports are: any page whose tables are requirement
//! tables, and any JSON file shaped as OS2's self-evaluation. Found by content, not by name.

use super::Report;
use crate::files::{FileEntry, Files};
use crate::repo::Repository;
use forvalt_diag::{Diagnostic, FileId, Sources};

/// A JSON file larger than this is not read as a self-evaluation (OS2's form writes 40 KB).
const MAX_JSON: usize = 4 << 20;

/// A report and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Path in the repository.
    pub path: String,
    /// The file.
    pub file: FileId,
    /// Where the report's text starts in the file (a page's body; 0 for JSON).
    pub offset: usize,
    /// The report.
    pub report: Report,
}

/// The reports in the repository's pages.
pub fn in_pages(repo: &Repository) -> Vec<Found> {
    repo.pages
        .iter()
        .filter_map(|p| {
            let text = repo.sources.get(p.file)?.text.as_str();
            let body = text.get(p.body_offset..)?;
            // Cheap test first: a requirement table names a level column.
            if !body.contains("iveau") {
                return None;
            }
            Some(Found {
                path: p.path.clone(),
                file: p.file,
                offset: p.body_offset,
                report: super::read_markdown(body)?,
            })
        })
        .collect()
}

/// Whether a JSON file may hold a self-evaluation (not a build output, a dependency or the
/// issue export).
fn candidate(path: &str, issues: &str) -> bool {
    path.ends_with(".json")
        && path != issues
        && !path
            .split('/')
            .any(|p| p.starts_with('_') || p.starts_with('.') || p == "node_modules")
}

/// The self-evaluations among the repository's JSON files, registered in `sources`.
pub fn in_json(
    files: &dyn Files,
    list: &[FileEntry],
    issues: &str,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    let mut out = Vec::new();
    for f in list.iter().filter(|f| candidate(&f.path, issues)) {
        let Ok(bytes) = files.read(&f.path) else {
            continue;
        };
        if bytes.len() > MAX_JSON || !bytes.windows(6).any(|w| w == b"\"krav\"") {
            continue;
        }
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            continue;
        };
        let Some(report) = super::read_json(&value) else {
            continue;
        };
        let Some((file, _)) = crate::repo::read_text(files, &f.path, sources, diagnostics) else {
            continue;
        };
        out.push(Found {
            path: f.path.clone(),
            file,
            offset: 0,
            report,
        });
    }
    out
}
