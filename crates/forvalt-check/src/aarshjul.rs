//! Årshjul blocks (```` ```aarshjul ````) and standalone `aarshjul.yml` files: YAML errors,
//! colours, dates and rules that cannot be read, placed in the file.

use forvalt_diag::{Diagnostic, FileId, Span};
use forvalt_model::Repository;

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for page in &repo.pages {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let body = src.text.get(page.body_offset..).unwrap_or("");
        if !body.contains("aarshjul") {
            continue;
        }
        for f in forvalt_gantt::fences(body) {
            if !f.info.trim().eq_ignore_ascii_case("aarshjul") {
                continue;
            }
            let mut diags = Vec::new();
            let _ = forvalt_model::aarshjul::parse(
                &f.content,
                FileId::DETACHED,
                0,
                repo.now.date(),
                &repo.records,
                &mut diags,
            );
            let base = page.body_offset + f.content_start;
            out.extend(diags.into_iter().map(|d| {
                d.map_spans(|s| {
                    Span::new(base + s.start as usize, base + s.end as usize).in_file(page.file)
                })
            }));
        }
    }
    for wf in &repo.wheel_files {
        let Some(src) = repo.sources.get(wf.file) else {
            continue;
        };
        let _ = forvalt_model::aarshjul::parse(
            &src.text,
            wf.file,
            0,
            repo.now.date(),
            &repo.records,
            out,
        );
    }
}
