//! `forvalt check`: every rule over a loaded governance repository, in one run.
//!
//! The model's own diagnostics (encoding, front matter, Liquid, navigation, records) are
//! joined by the rules here (gantt charts, front matter keys and vocabularies, navigation
//! siblings, links, line endings, spelling), then the repository's configuration decides
//! their level: `_config.yml` `forvalt.check.rules` (`deny`/`warn`/`allow` per code or family),
//! `forvalt.check.ignore` (paths) and inline `<!-- forvalt-ignore CODE -->` comments.
//!
//! Pure library: it reads nothing from disk, prints nothing and returns data; `format`
//! turns results into JSON, GitHub annotations or SARIF, `fix` into file edits.

pub mod config;
pub mod fix;
pub mod format;
pub mod rules;
pub mod spelling;

mod aarshjul;
mod diagram;
mod encoding;
mod frontmatter;
mod gantt;
mod governance;
mod issues;
mod links;
mod matrix;
mod mermaid;
mod milestones;
mod nav;
mod privacy;
mod prose;
mod records;
mod text;
mod theme;

use forvalt_diag::{Diagnostic, Severity};
use forvalt_model::Repository;

pub use config::CheckConfig;
pub use spelling::Dictionary;

/// What a check run takes besides the repository.
#[derive(Default)]
pub struct Options<'a> {
    /// A spelling dictionary; without one, prose is not spell-checked.
    pub dictionary: Option<&'a Dictionary>,
    /// When each file was last changed in git (path → date), when known: a page's
    /// front-matter date far older than its last change is reported.
    pub last_changed: Option<&'a std::collections::HashMap<String, jiff::civil::Date>>,
}

/// What a check run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The diagnostics to show, sorted by file and place, at their configured level.
    pub diagnostics: Vec<Diagnostic>,
    /// How many were left out by `allow`, ignored paths and inline comments.
    pub suppressed: usize,
    /// Files whose encoding forvalt only guessed (reported or not): never rewritten.
    pub unsure: Vec<forvalt_diag::FileId>,
}

impl Outcome {
    /// How many of the diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Runs every rule. `loaded` are the diagnostics `forvalt_model::load` returned.
pub fn check(repo: &Repository, loaded: Vec<Diagnostic>, options: &Options<'_>) -> Outcome {
    let mut all = loaded;
    gantt::check(repo, &mut all);
    prose::check(repo, &mut all);
    diagram::check(repo, &mut all);
    mermaid::check(repo, &mut all);
    aarshjul::check(repo, &mut all);
    frontmatter::check(repo, &mut all);
    frontmatter::not_pages(repo, &mut all);
    if let Some(changed) = options.last_changed {
        frontmatter::stale(repo, changed, &mut all);
    }
    nav::check(repo, &mut all);
    links::check(repo, &mut all);
    privacy::check(repo, &mut all);
    matrix::check(repo, &mut all);
    governance::check(repo, &mut all);
    issues::check(repo, &mut all);
    records::check(repo, &mut all);
    encoding::check(repo, &mut all);
    theme::check(repo, &mut all);
    if let Some(dict) = options.dictionary {
        spelling::check(repo, dict, &mut all);
    }
    let mut unsure: Vec<forvalt_diag::FileId> = all
        .iter()
        .filter(|d| {
            matches!(
                d.code.as_ref(),
                "encoding::ambiguous" | "encoding::not-utf8"
            )
        })
        .filter_map(|d| d.span.map(|s| s.file))
        .collect();
    unsure.sort();
    unsure.dedup();
    let cfg = CheckConfig::from_repository(repo, &mut all);
    let (mut kept, suppressed) = cfg.apply(repo, all);
    sort(&mut kept, repo);
    Outcome {
        diagnostics: kept,
        suppressed,
        unsure,
    }
}

/// Sorts diagnostics by file, place and code, and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>, repo: &Repository) {
    let key = |d: &Diagnostic| {
        (
            d.span
                .and_then(|s| repo.sources.get(s.file))
                .map(|f| f.path.clone()),
            d.span.map(|s| (s.start, s.end)),
            d.code.clone(),
            d.message.clone(),
        )
    };
    diagnostics.sort_by_cached_key(key);
    diagnostics.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
}
