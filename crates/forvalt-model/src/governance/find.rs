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

/// The reports in the repository's pages (a page may hold more than one).
pub fn in_pages(repo: &Repository) -> Vec<Found> {
    let mut out = Vec::new();
    for p in &repo.pages {
        let Some(body) = repo
            .sources
            .get(p.file)
            .and_then(|s| s.text.get(p.body_offset..))
        else {
            continue;
        };
        // Cheap test first: a requirement table names a level column.
        if !body.contains("iveau") {
            continue;
        }
        for (at, report) in super::read_markdown_all(body) {
            out.push(Found {
                path: p.path.clone(),
                file: p.file,
                offset: p.body_offset + at,
                report,
            });
        }
    }
    out
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
        // Data files of megabytes are not self-evaluations: not even read.
        if f.size.is_some_and(|s| s > MAX_JSON as u64) {
            continue;
        }
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

/// The byte range of the string value after `"key"` in `text[from..to]`, quotes excluded
/// (`null` or a number: the token).
fn value_after(text: &str, key: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let window = text.get(from..to)?;
    let k = window.find(&format!("\"{key}\""))? + from + key.len() + 2;
    let rest = text.get(k..to)?;
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let lead = after.len() - after.trim_start().len();
    let start = k + colon + 1 + lead;
    let value = after.trim_start();
    if !value.starts_with('"') {
        let len = value.find([',', '}', '\n']).unwrap_or(value.len());
        return Some((start, start + len));
    }
    let mut escaped = false;
    for (i, c) in value[1..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((start + 1, start + 1 + i)),
            _ => escaped = false,
        }
    }
    None
}

/// How far from an id its object's braces are looked for.
const OBJECT: usize = 16 << 10;

/// The nearest character boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Places a self-evaluation's requirements in its JSON text (the requirements come in the
/// file's order): each one's id, level and answer, looked up inside the object that holds
/// the id (`{` … `}` around it), whatever the keys' order. Linear in the text.
fn locate(text: &str, report: &mut Report) {
    let mut from = 0;
    let mut next = 0;
    while next < report.requirements.len() {
        let Some(id) = value_after(text, "id", from, text.len()) else {
            return;
        };
        from = id.1;
        let q = &mut report.requirements[next];
        if !text[id.0..id.1].trim().eq_ignore_ascii_case(&q.id) {
            continue; // an id of something else, or of a requirement left out
        }
        next += 1;
        // The object's braces, looked for at most `OBJECT` bytes away (a requirement's object
        // is a few hundred bytes), so that every byte is looked at a bounded number of times.
        let back = floor(text, id.0.saturating_sub(OBJECT));
        let ahead = floor(text, (id.1 + OBJECT).min(text.len()));
        let open = text[back..id.0].rfind('{').map_or(id.0, |o| back + o + 1);
        let close = text[id.1..ahead].find('}').map_or(id.1, |c| id.1 + c);
        q.id_span = id;
        q.level_span = value_after(text, "produktniveau", open, close).unwrap_or(id);
        q.answer_span = value_after(text, "efterlevet", open, close).unwrap_or(id);
        q.span = id;
    }
}
