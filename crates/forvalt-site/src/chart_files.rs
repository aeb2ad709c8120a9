//! The charts of one file as standalone SVGs, for `forvalt export chart`.

use crate::markdown::{self, Input};
use crate::site::BuildOptions;
use crate::stages::plan::plan;
use crate::{draw, export};
use forvalt_diag::{Checked, FileId};
use forvalt_model::Repository;

/// The charts of one file of `repo` as standalone SVGs: every gantt chart and årshjul of a
/// Markdown page (gantt charts with errors are left out), the gantt chart of a `.mmd`
/// file, or the wheel of an `aarshjul.yml`. `text` is the file's text, used when the file
/// is not one of the repository's pages.
pub fn file_charts(
    repo: &Repository,
    path: &str,
    text: &str,
    options: &BuildOptions,
) -> Checked<Vec<export::ChartFile>> {
    let danish = repo.danish();
    let lower = path.to_lowercase();
    if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        let mut diagnostics = Vec::new();
        let (file, src) = match repo.wheel_files.iter().find(|w| w.path == path) {
            Some(w) => (
                w.file,
                repo.sources.get(w.file).map_or(text, |f| f.text.as_str()),
            ),
            None => (FileId::DETACHED, text),
        };
        let wheel = forvalt_model::aarshjul::parse(
            src,
            file,
            0,
            repo.now.date(),
            &repo.records,
            &mut diagnostics,
        );
        let out = wheel
            .map(|w| {
                vec![draw::wheel::export(
                    &w,
                    "aarshjul-1",
                    repo.now.date(),
                    danish,
                )]
            })
            .unwrap_or_default();
        return Checked::with_diagnostics(out, diagnostics);
    }
    let options = BuildOptions {
        exports: true,
        search: false,
        ..options.clone()
    };
    let plan = plan(repo, &options).value;
    if !forvalt_model::url::is_markdown(path) && forvalt_gantt::is_gantt(text) {
        let (chart, diagnostics) = draw::gantt::export(text, "roadmap-1", &plan.charts);
        return Checked::with_diagnostics(vec![chart], diagnostics);
    }
    let env = plan.env(true);
    let input = match repo.page(path) {
        Some(i) => Input::page(repo, &repo.pages[i]),
        None => Input {
            body: text,
            source_body: text,
            file: FileId::DETACHED,
            body_offset: 0,
            path,
            url: "/",
        },
    };
    let body = markdown::render(&input, &env);
    Checked::with_diagnostics(body.exports, body.diagnostics)
}
