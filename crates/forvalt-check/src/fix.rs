//! Safe automatic fixes: the edits `forvalt fix` may make without asking.
//!
//! A fix is taken from a diagnostic whose rule is in [`SAFE`] and that carries exactly one
//! suggestion (two suggestions mean forvalt is not sure). Overlapping edits are left out.
//! Files whose text was repaired when read (mojibake, a byte order mark, UTF-16) are written
//! back as the repaired UTF-8 text; mixed line endings become the file's majority kind.

use crate::encoding::line_endings;
use forvalt_diag::{Diagnostic, FileId};
use forvalt_model::Repository;
use std::collections::BTreeMap;

/// The rules whose suggestions `forvalt fix` applies.
pub const SAFE: &[&str] = &[
    "encoding::mojibake",
    "encoding::bom",
    "encoding::utf16",
    "encoding::mixed-line-endings",
    "frontmatter::trailing-space",
    "frontmatter::status-spelling",
    "frontmatter::date-format",
    "records::malformed-checkbox",
    "records::unknown-status",
    "nav::missing-parent",
];

/// Encodings that are written back as UTF-8 when the file is fixed.
const REWRITE: &[&str] = &["encoding::mojibake", "encoding::bom", "encoding::utf16"];
/// Encodings forvalt only guessed: such files are never rewritten.
const UNSURE: &[&str] = &["encoding::ambiguous", "encoding::not-utf8"];

/// The fixed text of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The file's path in the repository.
    pub path: String,
    /// The text as read (after decoding and repair).
    pub old: String,
    /// The text to write (UTF-8).
    pub new: String,
    /// Whether the file must be rewritten even if `old == new` (its bytes on disk are not
    /// this UTF-8 text: a repaired encoding or a byte order mark).
    pub reencode: bool,
    /// What was fixed: (rule code, message), in file order.
    pub fixed: Vec<(String, String)>,
}

/// Every safe fix of a check's findings, by path.
pub fn fixes(repo: &Repository, outcome: &crate::Outcome) -> Vec<FileFix> {
    let diagnostics = &outcome.diagnostics;
    let mut by_file: BTreeMap<FileId, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        if let Some(s) = d.span {
            by_file.entry(s.file).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    for (file, diags) in by_file {
        let Some(src) = repo.sources.get(file) else {
            continue;
        };
        if outcome.unsure.contains(&file) || diags.iter().any(|d| UNSURE.contains(&d.code.as_ref()))
        {
            continue;
        }
        let mut fixed = Vec::new();
        let reencode = diags.iter().any(|d| REWRITE.contains(&d.code.as_ref()));
        for d in &diags {
            if REWRITE.contains(&d.code.as_ref()) {
                fixed.push((d.code.to_string(), d.message.clone()));
            }
        }
        // Edits from single suggestions of safe rules, in order, without overlaps.
        let mut edits: Vec<(usize, usize, &str, &Diagnostic)> = diags
            .iter()
            .filter(|d| SAFE.contains(&d.code.as_ref()) && d.suggestions.len() == 1)
            .filter_map(|d| {
                let s = &d.suggestions[0];
                (s.span.file == file).then_some((
                    s.span.start as usize,
                    s.span.end as usize,
                    s.replacement.as_str(),
                    *d,
                ))
            })
            .collect();
        edits.sort_by_key(|e| (e.0, e.1));
        let mut text = String::with_capacity(src.text.len());
        let mut at = 0;
        for (start, end, rep, d) in edits {
            if start < at
                || end > src.text.len()
                || !src.text.is_char_boundary(start)
                || !src.text.is_char_boundary(end)
            {
                continue;
            }
            text.push_str(&src.text[at..start]);
            text.push_str(rep);
            at = end;
            fixed.push((d.code.to_string(), d.message.clone()));
        }
        text.push_str(&src.text[at..]);
        if diags
            .iter()
            .any(|d| d.code == "encoding::mixed-line-endings")
        {
            let (crlf, lf, _, _) = line_endings(&text);
            text = text.replace("\r\n", "\n");
            if crlf >= lf {
                text = text.replace('\n', "\r\n");
            }
            if let Some(d) = diags
                .iter()
                .find(|d| d.code == "encoding::mixed-line-endings")
            {
                fixed.push((d.code.to_string(), d.message.clone()));
            }
        }
        if text != src.text || reencode {
            out.push(FileFix {
                path: src.path.clone(),
                old: src.text.clone(),
                new: text,
                reencode,
                fixed,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
