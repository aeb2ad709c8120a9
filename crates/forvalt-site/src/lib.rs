//! A governance repository as a website.
//!
//! The build runs in named stages, each a function from the previous stage's data to its
//! own: the repository is loaded by forvalt-model, then [`plan`] decides which pages exist
//! and where, [`render`] renders them through the theme's templates (reusing what a
//! [`Cache`] kept), [`index`] makes the search index of their words, [`assemble`] adds
//! chart exports, feeds, sitemap and assets, and [`write`] puts the result on disk. Views are data ([`views`]); pages are
//! templates ([`theme`]), each overridable from `_forvalt/templates/`.
//!
//! The library never reads the clock, and the same repository gives the same files, byte
//! for byte: files are sorted, and nothing depends on iteration order or the build's time.

pub mod assets;
mod chart_files;
pub mod describe;
pub mod draw;
pub mod export;
pub mod i18n;
mod ical;
pub mod markdown;
pub mod print;
pub mod sanitize;
pub mod search;
mod site;
pub mod sitemap;
pub mod stages;
pub mod theme;
pub mod views;

pub use chart_files::file_charts;
pub use forvalt_model::links;
pub use site::{BuildOptions, Bytes, Cache, Content, OutputFile, Site, Stats};
pub use stages::assemble::assemble;
pub use stages::index::index;
pub use stages::plan::{Plan, chart_settings, plan};
pub use stages::render::{Rendered, render};
pub use stages::write::{Written, write};
pub use views::layout::ASSET_DIR;

use forvalt_diag::{Checked, Diagnostic};
use forvalt_model::Repository;

/// Builds the site: plan, render and assemble, keeping nothing.
pub fn build(repo: &Repository, options: &BuildOptions) -> Checked<Site> {
    build_cached(repo, options, &mut Cache::none())
}

/// Builds the site, reusing and refreshing `cache`.
pub fn build_cached(repo: &Repository, options: &BuildOptions, cache: &mut Cache) -> Checked<Site> {
    build_with_progress(repo, options, cache, &|| {})
}

/// Builds the site, reusing and refreshing `cache`; `page_done` is called once per page
/// rendered (from several threads), for progress bars.
pub fn build_with_progress(
    repo: &Repository,
    options: &BuildOptions,
    cache: &mut Cache,
    page_done: &(dyn Fn() + Sync),
) -> Checked<Site> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let planned = plan(repo, options).unpack(&mut diagnostics);
    let rendered = render(&planned, cache, page_done).unpack(&mut diagnostics);
    let index = index(&planned, &rendered.search).unpack(&mut diagnostics);
    let site = assemble(&planned, rendered, index, cache).unpack(&mut diagnostics);
    Checked::with_diagnostics(site, diagnostics)
}

#[cfg(test)]
mod tests;
