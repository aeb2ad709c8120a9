//! GitHub issue templates: Markdown templates (front matter with `labels`, then the text an
//! author fills in) and issue forms (YAML with `labels` and `body` fields), found in
//! `.github/ISSUE_TEMPLATE/` — where GitHub reads them — and in the places authors put
//! them by mistake (`.github/ISSUE-TEMPLATE/`, `issue_templates/`). Each template's fields
//! are what an issue made from it has: the Markdown template's headings and bold labels,
//! the form's field labels (as GitHub writes them into the issue, `### Label`).

use crate::files::{FileEntry, Files};
use forvalt_diag::{Diagnostic, FileId, Sources};
use serde_json::Value;

/// A template read from the repository.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueTemplate {
    /// Its path.
    pub path: String,
    /// The file.
    pub file: FileId,
    /// Whether GitHub offers it (it lies in `.github/ISSUE_TEMPLATE/`, or is the single
    /// `ISSUE_TEMPLATE.md` of the root, `docs/` or `.github/`).
    pub read_by_github: bool,
    /// The labels an issue made from it gets.
    pub labels: Vec<String>,
    /// The fields an issue made from it has, and where each is in the template.
    pub fields: Vec<(String, (usize, usize))>,
}

/// Whether a folder's name is a spelling of `ISSUE_TEMPLATE` (`ISSUE-TEMPLATE`,
/// `issue_templates`).
fn template_folder(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('-', "_");
    n == "issue_template" || n == "issue_templates"
}

/// Whether a path is an issue template, and whether GitHub reads it there.
fn kind(path: &str) -> Option<bool> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = name.to_ascii_lowercase();
    let ext_ok = [".md", ".yml", ".yaml"].iter().any(|e| lower.ends_with(e));
    if !ext_ok || lower == "config.yml" || lower == "config.yaml" {
        return None;
    }
    let (parent, folder) = dir.rsplit_once('/').unwrap_or(("", dir));
    if template_folder(folder) {
        // GitHub reads an `ISSUE_TEMPLATE` folder in `.github/`, the root or `docs/`.
        let read = folder.eq_ignore_ascii_case("issue_template")
            && matches!(parent, ".github" | "" | "docs");
        return Some(read);
    }
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
    (stem == "issue_template" && lower.ends_with(".md"))
        .then_some(matches!(dir, "" | "docs" | ".github"))
}

/// A label list as templates write it: `labels: a, b` or a YAML list.
fn labels(v: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = match v {
        Some(Value::String(s)) => s.split(',').map(|l| l.trim().to_string()).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
            .collect(),
        _ => Vec::new(),
    };
    out.retain(|l| !l.is_empty());
    out
}

/// A field's name as written, without markup and a trailing colon (`**Kommune:**` → `Kommune`).
fn field_name(text: &str) -> String {
    text.trim()
        .trim_matches(['*', '_'])
        .trim()
        .trim_end_matches(':')
        .trim_matches(['*', '_'])
        .trim()
        .to_string()
}

/// The fields of a Markdown template's body: `##`–`######` headings and lines that start
/// with a bold label; placeholders (`[Titel]`) are not fields.
fn markdown_fields(text: &str, body: usize) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let mut at = body;
    for line in text.get(body..).unwrap_or("").split_inclusive('\n') {
        let t = line.trim_end();
        let marks = t.bytes().take_while(|b| *b == b'#').count();
        let name = if (2..=6).contains(&marks) && t[marks..].starts_with(' ') {
            Some(field_name(&t[marks..]))
        } else if let Some(rest) = t.strip_prefix("**") {
            rest.split_once("**").map(|(label, _)| field_name(label))
        } else {
            None
        };
        if let Some(n) =
            name.filter(|n| !n.is_empty() && !n.contains('[') && n.chars().count() <= 80)
        {
            out.push((n, (at, at + t.len())));
        }
        at += line.len();
    }
    out
}

/// The fields of an issue form: the `body` items that ask for something, with their
/// labels (markdown items only show text).
fn form_fields(text: &str, form: &Value) -> Vec<(String, (usize, usize))> {
    let Some(items) = form.get("body").and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|i| i.get("type").and_then(Value::as_str) != Some("markdown"))
        .filter_map(|i| {
            let label = i
                .get("attributes")?
                .get("label")?
                .as_str()?
                .trim()
                .to_string();
            // Where the label is written (the file's start when it cannot be found).
            let span = text
                .find(&label)
                .map_or((0, 0), |at| (at, at + label.len()));
            Some((label, span))
        })
        .collect()
}

/// The issue templates among `list`, registered in `sources`.
pub fn find(
    files: &dyn Files,
    list: &[FileEntry],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<IssueTemplate> {
    let mut out = Vec::new();
    for f in list {
        let Some(read_by_github) = kind(&f.path) else {
            continue;
        };
        if f.size.is_some_and(|s| s > 1 << 20) {
            continue;
        }
        let Some((file, text)) = crate::repo::read_text(files, &f.path, sources, diagnostics)
        else {
            continue;
        };
        let lower = f.path.to_ascii_lowercase();
        let (labels, fields) = if lower.ends_with(".md") {
            let mut sink = Vec::new();
            let head = crate::frontmatter::read_head(&text, file, &mut sink);
            let fm = head.front_matter.as_ref().map(|f| &f.values);
            (
                labels(fm.and_then(|v| v.get("labels"))),
                markdown_fields(&text, head.body_start),
            )
        } else {
            match serde_saphyr::from_str::<Value>(&text) {
                Ok(form) => (labels(form.get("labels")), form_fields(&text, &form)),
                Err(_) => (Vec::new(), Vec::new()),
            }
        };
        out.push(IssueTemplate {
            path: f.path.clone(),
            file,
            read_by_github,
            labels,
            fields,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_found_where_github_reads_them_and_elsewhere() {
        assert_eq!(kind(".github/ISSUE_TEMPLATE/beslutning.md"), Some(true));
        assert_eq!(kind(".github/ISSUE_TEMPLATE/aendring.yml"), Some(true));
        assert_eq!(kind(".github/ISSUE_TEMPLATE/config.yml"), None);
        assert_eq!(
            kind(".github/ISSUE-TEMPLATE/aendringsoenske.md"),
            Some(false)
        );
        assert_eq!(kind("docs/issue_templates/forslag.md"), Some(false));
        assert_eq!(kind("docs/ISSUE_TEMPLATE/forslag.md"), Some(true));
        assert_eq!(kind("ISSUE_TEMPLATE/forslag.md"), Some(true));
        assert_eq!(kind("ISSUE_TEMPLATE.md"), Some(true));
        assert_eq!(kind("docs/Skabeloner/ISSUE_TEMPLATE.md"), Some(false));
        assert_eq!(kind("docs/beslutning.md"), None);
    }

    #[test]
    fn fields_of_both_kinds() {
        let md = "---\nname: Ændringsønske\nlabels: ændringsønske, modtaget\n---\n\n# [Titel]\n\n**Kommune:** [Din kommune]\n\n## Beskrivelse af ønsket\n[Hvad]\n\n### Gevinst:\n";
        let mut sink = Vec::new();
        let head = crate::frontmatter::read_head(md, FileId::DETACHED, &mut sink);
        let names: Vec<String> = markdown_fields(md, head.body_start)
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(names, ["Kommune", "Beskrivelse af ønsket", "Gevinst"]);
        let yml = "name: Beslutning\nlabels: [decision]\nbody:\n  - type: markdown\n    attributes:\n      value: Tak\n  - type: textarea\n    attributes:\n      label: Beskrivelse\n  - type: input\n    attributes:\n      label: Dato\n";
        let form: Value = serde_saphyr::from_str(yml).unwrap();
        assert_eq!(labels(form.get("labels")), ["decision"]);
        let f = form_fields(yml, &form);
        assert_eq!(
            f.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["Beskrivelse", "Dato"]
        );
        assert_eq!(&yml[f[1].1.0..f[1].1.1], "Dato");
    }
}
