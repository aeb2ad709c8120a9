//! Stage 5, assemble: the rendered pages, the search index and everything else the site
//! holds — chart exports (PNG and PDF drawn in parallel, reused when unchanged), calendar
//! feeds, `sitemap.xml`, `robots.txt`, the theme's assets and the static files — as one
//! sorted list of files.

use super::plan::Plan;
use super::render::Rendered;
use crate::export::{self, Format};
use crate::site::{Bytes, Cache, Content, OutputFile, Site};
use crate::views::layout::ASSET_DIR;
use crate::{assets, ical, sitemap};
use forvalt_diag::{Checked, Diagnostic};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The whole site from its rendered pages and its search index.
pub fn assemble(
    plan: &Plan<'_>,
    rendered: Rendered,
    index: Vec<OutputFile>,
    cache: &mut Cache,
) -> Checked<Site> {
    let repo = plan.repo;
    let mut diagnostics: Vec<Diagnostic> = plan.theme.diagnostics();
    let Rendered {
        mut files,
        search: records,
        charts,
        mut stats,
    } = rendered;
    if !index.is_empty() {
        stats.indexed = records.len().max(stats.indexed);
    }
    // Indexed: the pages' words are not needed any more.
    drop(records);
    files.extend(index);
    // A roadmap drawn in the browser is a file only as its SVG, moved into the site.
    let (in_browser, charts): (Vec<_>, Vec<_>) = charts
        .into_iter()
        .partition(|(_, _, c)| c.in_browser && !cache.enabled);
    for (_, url, chart) in in_browser {
        let path = forvalt_model::url::unescape(
            export::site_url(&url, &chart.stem, Format::Svg).trim_start_matches('/'),
        );
        if !plan.taken.contains(&path) {
            files.push(OutputFile {
                path,
                content: Content::bytes(chart.svg.into_bytes()),
            });
        }
    }
    files.extend(exports(plan, &charts, cache, &mut diagnostics));
    for (path, text) in ical::feeds(repo) {
        if !plan.taken.contains(&path) {
            files.push(OutputFile {
                path,
                content: Content::bytes(text.into_bytes()),
            });
        }
    }
    redirects(plan, &mut files);
    files.push(OutputFile {
        path: format!("{ASSET_DIR}{}", crate::views::menu::MENU_FILE),
        content: Content::bytes(crate::views::menu::full_menu(
            plan.repo,
            &plan.menu,
            &plan
                .layout
                .globals
                .external_links
                .iter()
                .map(|l| (l.title.as_str(), l.url.as_str(), l.new_tab))
                .collect::<Vec<_>>(),
        )),
    });
    diagnostics.extend(sitemaps(plan, &mut files));
    for (name, bytes) in assets::files() {
        files.push(OutputFile {
            path: format!("{ASSET_DIR}{name}"),
            content: Content::bytes(bytes),
        });
    }
    if let Some(css) = &repo.custom_css {
        files.push(OutputFile {
            path: format!("{ASSET_DIR}{}", crate::views::layout::CUSTOM_CSS),
            content: Content::bytes(css.clone().into_bytes()),
        });
    }
    for s in &repo.statics {
        files.push(OutputFile {
            path: s.output.clone(),
            content: Content::Copy(s.path.clone()),
        });
    }
    stats.statics = repo.statics.len();
    stats.drafts_left_out = plan.drafts_left_out;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|b, a| a.path == b.path);
    Checked::with_diagnostics(Site { files, stats }, diagnostics)
}

/// Redirect pages: new pages at old addresses (`redirect_from`), and pages that are
/// themselves redirects (`redirect_to`, replacing their rendered page); a Jekyll site with
/// the plugin also gets `redirects.json`, as the plugin writes it.
fn redirects(plan: &Plan<'_>, files: &mut Vec<OutputFile>) {
    #[derive(serde::Serialize)]
    struct View<'a> {
        to: &'a str,
    }
    let repo = plan.repo;
    let mut replaced: HashMap<&str, Vec<u8>> = HashMap::new();
    for r in &repo.redirects {
        let html = plan.theme.render("redirect.html", &View { to: &r.to });
        if r.replaces_page {
            replaced.insert(r.output.as_str(), html.into_bytes());
        } else {
            files.push(OutputFile {
                path: r.output.clone(),
                content: Content::bytes(html.into_bytes()),
            });
        }
    }
    for f in files.iter_mut() {
        if let Some(bytes) = replaced.remove(f.path.as_str()) {
            f.content = Content::bytes(bytes);
        }
    }
    let json_off = repo
        .config
        .raw
        .get("redirect_from")
        .and_then(|v| v.get("json"))
        == Some(&serde_json::Value::Bool(false));
    if repo.publishing.is_jekyll()
        && repo.publishing.redirects
        && !json_off
        && !plan.taken.contains("redirects.json")
    {
        let map: serde_json::Map<String, serde_json::Value> = repo
            .redirects
            .iter()
            .map(|r| (r.from.clone(), r.to.clone().into()))
            .collect();
        files.push(OutputFile {
            path: "redirects.json".into(),
            content: Content::bytes(serde_json::Value::Object(map).to_string().into_bytes()),
        });
    }
}

/// Every chart as SVG, PNG and PDF beside its page, from the cache, the caller's store, or
/// drawn now.
fn exports(
    plan: &Plan<'_>,
    charts: &[(u64, String, export::ChartFile)],
    cache: &mut Cache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let lang = plan.strings.lang;
    let jobs: Vec<(String, u64, Format, &export::ChartFile)> = charts
        .iter()
        .flat_map(|(key, url, chart)| {
            Format::ALL.into_iter().map(move |format| {
                let path = forvalt_model::url::unescape(
                    export::site_url(url, &chart.stem, format).trim_start_matches('/'),
                );
                (path, *key, format, chart)
            })
        })
        .filter(|(path, ..)| !plan.taken.contains(path))
        .filter(|(_, _, format, chart)| *format == Format::Svg || !chart.in_browser)
        .collect();
    let store = plan.options.export_store.as_ref().map(|s| &s.0);
    let known: &Cache = cache;
    type Made = (
        String,
        (u64, String, Format),
        Result<Bytes, export::ExportError>,
    );
    let made: Vec<Made> = jobs
        .par_iter()
        .map(|(path, key, format, chart)| {
            let id = (*key, chart.stem.clone(), *format);
            if let Some(b) = known.exports.get(&id) {
                return (path.clone(), id, Ok(b.clone()));
            }
            // SVG is the chart itself: nothing to keep.
            let store = store.filter(|_| *format != Format::Svg);
            let stored_key = store.map(|_| export::key(chart, *format, lang));
            let bytes = match (store, &stored_key) {
                (Some(s), Some(k)) => match s.get(k) {
                    Some(b) => Ok(Arc::new(b)),
                    None => {
                        let made = export::bytes(chart, *format, lang);
                        if let Ok(b) = &made {
                            s.put(k, b);
                        }
                        made.map(Arc::new)
                    }
                },
                _ => export::bytes(chart, *format, lang).map(Arc::new),
            };
            (path.clone(), id, bytes)
        })
        .collect();
    let keep = cache.enabled;
    let mut kept = HashMap::new();
    let mut out = Vec::with_capacity(made.len());
    for (path, id, bytes) in made {
        match bytes {
            Ok(b) => {
                if keep {
                    kept.insert(id, b.clone());
                }
                out.push(OutputFile {
                    path,
                    content: Content::Bytes(b),
                });
            }
            Err(e) => diagnostics.push(Diagnostic::warning(
                "site::export",
                format!("{path} could not be drawn: {e}"),
            )),
        }
    }
    cache.exports = kept;
    out
}

/// `sitemap.xml` and `robots.txt` (templates), unless the author has their own.
fn sitemaps(plan: &Plan<'_>, files: &mut Vec<OutputFile>) -> Vec<Diagnostic> {
    let repo = plan.repo;
    let mut diagnostics = Vec::new();
    let site_url = format!(
        "{}{}",
        repo.config.url.trim_end_matches('/'),
        repo.config.baseurl.trim_end_matches('/')
    );
    if !plan.taken.contains("sitemap.xml") {
        if repo.config.url.trim().is_empty() {
            diagnostics.push(
                Diagnostic::note(
                    "site::no-url",
                    "_config.yml has no `url`, so sitemap.xml lists addresses without the host",
                )
                .with_help("add `url: \"https://…\"` to _config.yml"),
            );
        }
        // Redirects are not pages of their own (`sitemap: false`, as the plugin sets).
        let redirected: std::collections::HashSet<usize> = repo
            .redirects
            .iter()
            .filter(|r| r.replaces_page)
            .map(|r| r.page)
            .collect();
        let entries: Vec<sitemap::Entry> = plan
            .published
            .iter()
            .filter(|i| !redirected.contains(i))
            .map(|&i| sitemap::Entry {
                url: format!("{site_url}{}", repo.pages[i].url),
                modified: repo.pages[i]
                    .modified
                    .and_then(|m| jiff::Timestamp::from_millisecond(m).ok())
                    .map(|t| t.to_zoned(repo.time_zone.clone()).date().to_string()),
            })
            .collect();
        let xml = plan
            .theme
            .render("sitemap.xml", &sitemap::Sitemap { entries });
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            content: Content::bytes(xml.into_bytes()),
        });
    }
    if !plan.taken.contains("robots.txt") {
        let text = plan
            .theme
            .render("robots.txt", &sitemap::Robots::new(&site_url));
        files.push(OutputFile {
            path: "robots.txt".into(),
            content: Content::bytes(text.into_bytes()),
        });
    }
    diagnostics
}
