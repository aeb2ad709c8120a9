//! Stage 3, render: every planned page through its template, in parallel — the Markdown
//! pages first (their roadmaps feed the status report), then the generated ones. What the
//! cache holds from the last build is reused when its inputs are the same.

mod generated;
mod liquid;
mod menu;
mod page;

use super::plan::Plan;
use crate::draw::gantt::RoadmapItem;
use crate::export::ChartFile;
use crate::search;
use crate::site::{Cache, CachedBody, OutputFile, Stats};
use forvalt_diag::{Checked, Diagnostic};
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The rendered pages.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every page, Markdown and generated.
    pub files: Vec<OutputFile>,
    /// What the search index needs of each published page.
    pub search: Vec<search::Record>,
    /// Charts to export: their key (unchanged charts keep theirs), page URL and file.
    pub charts: Vec<(u64, String, ChartFile)>,
    /// Counts.
    pub stats: Stats,
}

/// Renders every page of `plan`, reusing and refreshing `cache`; `page_done` is called once
/// per Markdown page (from several threads), for progress bars.
pub fn render(
    plan: &Plan<'_>,
    cache: &mut Cache,
    page_done: &(dyn Fn() + Sync),
) -> Checked<Rendered> {
    let repo = plan.repo;
    let env = plan.env(plan.options.exports);
    // Bodies first: the site's own layouts and hooks can show any page's HTML.
    let bodies: Vec<(std::sync::Arc<crate::markdown::Body>, u64)> = {
        let cache: &Cache = cache;
        plan.published
            .par_iter()
            .map(|&i| page::body(plan, i, cache, &env))
            .collect()
    };
    let sl = {
        let all: Vec<_> = bodies.iter().map(|(b, _)| b.clone()).collect();
        liquid::SiteLiquid::new(plan, &all)
    };
    let sink = Sink::new(plan, cache);
    let mut pages = pages(plan, cache, bodies, sl.as_ref(), &sink, page_done);
    let keep = cache.enabled;
    let mut out = Rendered::default();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    diagnostics.extend(pages.iter().flat_map(|d| d.diagnostics.iter().cloned()));
    let mut roadmaps: Vec<(usize, Vec<RoadmapItem>)> = Vec::new();
    for (&i, d) in plan.published.iter().zip(pages.iter_mut()) {
        // A build that keeps nothing moves the charts to export out of the page.
        let exports = match std::sync::Arc::get_mut(&mut d.body) {
            Some(b) if !keep => std::mem::take(&mut b.exports),
            _ => d.body.exports.clone(),
        };
        let b = &d.body;
        out.stats.charts += b.charts;
        out.stats.chart_errors += b.chart_errors;
        out.stats.diagrams += b.diagrams;
        diagnostics.extend(b.diagnostics.iter().cloned());
        if !b.roadmap.is_empty() {
            roadmaps.push((i, b.roadmap.clone()));
        }
        let p = &repo.pages[i];
        out.charts.extend(exports.into_iter().map(|c| {
            let mut h = DefaultHasher::new();
            (d.body_key, &c.stem).hash(&mut h);
            (h.finish(), p.url.clone(), c)
        }));
        if let Some(terms) = &d.terms {
            out.search.push(search::Record {
                url: p.url.trim_start_matches('/').to_string(),
                title: p.title.clone(),
                terms: terms.clone(),
            });
        }
    }
    out.stats.pages = plan.published.len();
    let generated: Vec<generated::Done> = {
        let cache: &Cache = cache;
        plan.generated
            .par_iter()
            .map(|g| {
                let mut done = generated::render(plan, g, &roadmaps, cache, sl.as_ref());
                sink.put(&mut done.file);
                done
            })
            .collect()
    };
    cache.bodies.clear();
    let mut page_keys = std::collections::HashMap::new();
    for (&i, d) in plan.published.iter().zip(pages) {
        let p = &repo.pages[i];
        out.stats.rendered += usize::from(d.rendered);
        if keep {
            cache.bodies.insert(
                p.path.clone(),
                CachedBody {
                    key: d.body_key,
                    body: d.body,
                    terms: d.terms.map(|t| (p.title.clone(), t)),
                },
            );
            if let crate::site::Content::Bytes(b) = &d.file.content {
                page_keys.insert(d.file.path.clone(), (d.key, b.clone()));
            }
        }
        out.files.push(d.file);
    }
    for (g, d) in plan.generated.iter().zip(generated) {
        out.stats.generated += 1;
        out.stats.rendered += usize::from(d.rendered);
        diagnostics.extend(d.diagnostics);
        out.charts.extend(d.charts.into_iter().map(|c| {
            let mut h = DefaultHasher::new();
            (&c.svg, &c.title, &c.description).hash(&mut h);
            (h.finish(), g.url.clone(), c)
        }));
        if keep && let crate::site::Content::Bytes(b) = &d.file.content {
            page_keys.insert(d.file.path.clone(), (d.key, b.clone()));
        }
        out.files.push(d.file);
    }
    cache.pages = page_keys;
    // A layout or include reports its problems once, not on every page it is in.
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.code.clone(), d.message.clone(), d.span)));
    Checked::with_diagnostics(out, diagnostics)
}

/// Renders the Markdown pages, each with its body.
fn pages(
    plan: &Plan<'_>,
    cache: &Cache,
    bodies: Vec<(std::sync::Arc<crate::markdown::Body>, u64)>,
    sl: Option<&liquid::SiteLiquid>,
    sink: &Sink<'_>,
    page_done: &(dyn Fn() + Sync),
) -> Vec<page::Done> {
    plan.published
        .par_iter()
        .zip(bodies)
        .map(|(&i, body)| {
            let mut done = page::render(plan, i, body, cache, sl);
            // A build that keeps nothing needs a page's HTML and text no longer than its
            // page: dropped here, a large site is not held in memory twice.
            if !cache.enabled
                && let Some(b) = std::sync::Arc::get_mut(&mut done.body)
            {
                b.html = String::new();
                b.text = String::new();
            }
            sink.put(&mut done.file);
            page_done();
            done
        })
        .collect()
}

/// Where a rendered page goes in a build that keeps nothing and writes as it goes
/// ([`crate::BuildOptions::sink`]): straight into the output directory, unless a redirect
/// replaces it later.
struct Sink<'a> {
    to: Option<&'a dyn crate::site::Sink>,
    replaced: std::collections::HashSet<&'a str>,
}

impl<'a> Sink<'a> {
    fn new(plan: &Plan<'a>, cache: &Cache) -> Sink<'a> {
        let to = plan.options.sink.as_deref().filter(|_| !cache.enabled);
        let replaced = match to {
            Some(_) => plan
                .repo
                .redirects
                .iter()
                .filter(|r| r.replaces_page)
                .map(|r| r.output.as_str())
                .collect(),
            None => Default::default(),
        };
        if let Some(to) = to {
            let pages = plan
                .published
                .iter()
                .map(|&i| plan.repo.pages[i].output.as_str());
            let generated = plan.generated.iter().map(|g| g.output.as_str());
            to.make_dirs(&mut pages.chain(generated));
        }
        Sink { to, replaced }
    }

    fn put(&self, file: &mut OutputFile) {
        if let Some(to) = self.to
            && !self.replaced.contains(file.path.as_str())
            && let crate::site::Content::Bytes(b) = &file.content
        {
            file.content = to.put(&file.path, b.clone());
        }
    }
}

/// Markdown from anyone on GitHub (an issue's text, a comment) as HTML that keeps only
/// what is safe from a stranger.
pub(crate) fn safe_markdown(markdown: &str) -> String {
    crate::sanitize::sanitize_untrusted(&crate::markdown::markdownify(markdown))
}
