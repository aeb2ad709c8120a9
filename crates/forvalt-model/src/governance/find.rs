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
        let Some((file, text)) = crate::repo::read_text(files, &f.path, sources, diagnostics)
        else {
            continue;
        };
        let mut report = report;
        locate(&text, &mut report);
        out.push(Found {
            path: f.path.clone(),
            file,
            offset: 0,
            report,
        });
    }
    out
}

/// The byte range of the string value after `"key"` at or after `from`, quotes excluded.
fn value_after(text: &str, key: &str, from: usize) -> Option<(usize, usize)> {
    let k = text.get(from..)?.find(&format!("\"{key}\""))? + from + key.len() + 2;
    let rest = text.get(k..)?;
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let lead = after.len() - after.trim_start().len();
    let start = k + colon + 1 + lead;
    if !after.trim_start().starts_with('"') {
        // `null` or a number: the token itself.
        let len = after.trim_start().find([',', '}', '\n']).unwrap_or(0);
        return Some((start, start + len));
    }
    let body = &text[start + 1..];
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((start + 1, start + 1 + i)),
            _ => escaped = false,
        }
    }
    None
}

/// Places a self-evaluation's requirements in its JSON text (the requirements come in the
/// file's order): each one's id, level and answer.
fn locate(text: &str, report: &mut Report) {
    let mut from = 0;
    for q in &mut report.requirements {
        let Some(id) = value_after(text, "id", from) else {
            return;
        };
        if text[id.0..id.1].trim().eq_ignore_ascii_case(&q.id) {
            q.id_span = id;
            // Keys of the same object come before the next id.
            let end = text[id.1..].find("\"id\"").map_or(text.len(), |e| id.1 + e);
            let within = |r: Option<(usize, usize)>| r.filter(|r| r.1 <= end);
            q.level_span = within(value_after(text, "produktniveau", id.1)).unwrap_or(id);
            q.answer_span = within(value_after(text, "efterlevet", id.1)).unwrap_or(id);
            q.span = id;
        }
        from = id.1;
    }
}
