//! The site as one printable, accessible PDF (`forvalt export pdf`): the built pages, in
//! menu order, read back from their HTML (so the PDF shows what the site shows: computed
//! cards and levels, charts drawn the same way) and laid out on A4 with krilla: a title
//! page, contents with page numbers, bookmarks nested as the menu, links inside the
//! document, running header and footer, Danish hyphenation, and a tagged structure with
//! the document's language and title.
//!
//! - [`dom`]: a page's HTML → printable blocks.
//! - [`text`]: fonts, widths, lines and hyphenation.
//! - [`layout`] and [`table`]: blocks → items on pages, with their structure.
//! - [`pdf`]: items → the PDF.
//! - [`pack`]: one meeting's board pack: its agenda, then every decision, change request and
//!   roadmap it links, and the status report.

mod dom;
mod images;
mod layout;
mod pack;
mod pdf;
mod table;
mod text;

use crate::site::{BuildOptions, Content};
use dom::Block;
use forvalt_diag::{Checked, Diagnostic};
use forvalt_model::Repository;
use forvalt_model::nav::NavItem;

pub use pack::pack_pdf;
use std::collections::HashMap;

/// Where the site's PDF is published, in the output.
pub const PDF_OUTPUT: &str = "forvalt.pdf";

/// Where the board pack of the meeting in file `path` is published, in the output: under
/// its body's folder (`pakker/styregruppe/20260604_OS2skolekoerselStyregruppe.pdf`), so
/// that two bodies' meetings of the same name never share one.
pub fn pack_output(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match parts
        .next()
        .filter(|b| !b.is_empty() && *b != "." && *b != "..")
    {
        Some(body) => format!("pakker/{body}/{stem}.pdf"),
        None => format!("pakker/{stem}.pdf"),
    }
}

/// Reads a repository file by its path (the images the site copies as they are); the
/// caller decides how (the CLI reads inside the repository only).
#[derive(Clone)]
pub struct Reader(pub std::sync::Arc<ReadFn>);

/// A function that reads a repository file by its path.
pub type ReadFn = dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync;

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reader")
    }
}

/// What to print.
#[derive(Debug, Clone, Default)]
pub struct PrintOptions {
    /// Reads the images the site copies from the repository; without it, images are
    /// replaced with their alternative text.
    pub reader: Option<Reader>,
    /// Only this menu branch: a page's path (`docs/Styring og forvaltning/x.md`), a folder
    /// (`docs/Styring og forvaltning`) or a menu title.
    pub section: Option<String>,
    /// The commit printed from (its id), for the title page.
    pub commit: Option<String>,
}

/// A page to print: depth in the menu, title, site address, output file, its section.
#[derive(Clone)]
struct Printed {
    depth: usize,
    title: String,
    url: String,
    output: String,
    section: String,
}

/// Whether menu node `n` is the branch `wanted` names.
fn names(repo: &Repository, n: usize, wanted: &str) -> bool {
    let w = wanted.trim().trim_matches('/');
    let node = &repo.nav.nodes[n];
    let (title, path) = match &node.item {
        NavItem::Page(i) => (repo.pages[*i].title.as_str(), repo.pages[*i].path.as_str()),
        NavItem::Group { title, key, .. } => (title.as_str(), key.as_str()),
    };
    title.eq_ignore_ascii_case(w)
        || path == w
        || path.rsplit_once('/').is_some_and(|(dir, _)| dir == w)
}

/// The pages to print, in menu order (depth first), then the record overviews.
fn collect(repo: &Repository, plan: &crate::Plan<'_>, print: &PrintOptions) -> Vec<Printed> {
    let mut output: HashMap<&str, &str> = HashMap::new();
    for (i, p) in repo.pages.iter().enumerate() {
        if repo.published[i] {
            output.insert(p.url.as_str(), p.output.as_str());
        }
    }
    for g in &plan.generated {
        output.entry(g.url.as_str()).or_insert(g.output.as_str());
    }
    let mut roots: Vec<usize> = repo.nav.roots.clone();
    if let Some(w) = &print.section {
        roots = (0..repo.nav.nodes.len())
            .filter(|&n| names(repo, n, w))
            .take(1)
            .collect();
    }
    let mut out = Vec::new();
    let mut stack: Vec<(usize, usize, String)> =
        roots.iter().rev().map(|&r| (r, 0, String::new())).collect();
    while let Some((n, depth, section)) = stack.pop() {
        let Some(e) = plan.menu.entries.get(n) else {
            continue;
        };
        let section = if depth == 0 { e.title.clone() } else { section };
        if let Some(o) = output.get(e.url.as_str()) {
            out.push(Printed {
                depth,
                title: e.title.clone(),
                url: e.url.clone(),
                output: o.to_string(),
                section: section.clone(),
            });
        }
        if depth < 16 {
            for &c in e.children.iter().rev() {
                stack.push((c, depth + 1, section.clone()));
            }
        }
    }
    if print.section.is_none() {
        for (url, title) in &plan.layout.record_views {
            if let Some(o) = output.get(url.as_str()) {
                out.push(Printed {
                    depth: 0,
                    title: title.clone(),
                    url: url.clone(),
                    output: o.to_string(),
                    section: title.clone(),
                });
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.output.clone()));
    out
}

/// Whether a file is an image print can draw (PNG, JPEG, SVG).
fn image_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".svg"]
        .iter()
        .any(|e| p.ends_with(e))
}

/// A link of the page at `base` as a site address (`/docs/a.html#x`), or as written when it
/// leaves the site.
fn resolve(base: &str, href: &str) -> String {
    if forvalt_model::url::scheme(href).is_some() {
        return href.to_string();
    }
    let (path, frag) = href
        .split_once('#')
        .map_or((href, None), |(p, f)| (p, Some(f)));
    let path = path.split('?').next().unwrap_or(path);
    // Heading ids are written raw (`møder`), links percent-encoded (`m%C3%B8der`).
    let frag = frag.map(decode);
    if path.is_empty() {
        return match frag {
            Some(f) => format!("{base}#{f}"),
            None => base.to_string(),
        };
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let dir = base.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if path.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(&f);
    }
    out
}

/// Percent-decoding (UTF-8); text that does not decode is kept as written.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Every link of `blocks` made a site address.
fn links(blocks: &mut [Block], base: &str) {
    fn runs(rs: &mut [dom::Run], base: &str) {
        for r in rs {
            if let Some(l) = &r.link {
                r.link = Some(resolve(base, l));
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading { runs: rs, .. } | Block::Para(rs) => runs(rs, base),
            Block::List { items, .. } => items.iter_mut().for_each(|i| links(i, base)),
            Block::Quote(inner) => links(inner, base),
            Block::Image { src, .. } => *src = resolve(base, src),
            Block::Table { head, body, .. } => {
                for c in head.iter_mut().chain(body.iter_mut()).flatten() {
                    runs(&mut c.runs, base);
                }
            }
            _ => {}
        }
    }
}

/// The site (or one menu branch) as one PDF. Pages that cannot be read are left out with a
/// diagnostic; drawings that cannot be drawn are replaced with a notice.
pub fn site_pdf(
    repo: &Repository,
    options: &BuildOptions,
    print: &PrintOptions,
) -> Checked<Vec<u8>> {
    let mut diagnostics = Vec::new();
    let site = built(repo, options).unpack(&mut diagnostics);
    let (bytes, more) = site_pdf_of(repo, options, &site, print).into_parts();
    diagnostics.extend(more);
    Checked::with_diagnostics(bytes, diagnostics)
}

/// The site built in memory (pages as bytes, not written), for printing.
fn built(repo: &Repository, options: &BuildOptions) -> Checked<crate::Site> {
    let options = BuildOptions {
        sink: None,
        ..options.clone()
    };
    crate::build(repo, &options)
}

fn site_pdf_of(
    repo: &Repository,
    options: &BuildOptions,
    site: &crate::Site,
    print: &PrintOptions,
) -> Checked<Vec<u8>> {
    let plan = crate::plan(repo, options).unpack(&mut Vec::new());
    let pages = collect(repo, &plan, print);
    if let (Some(w), true) = (&print.section, pages.is_empty()) {
        let d = Diagnostic::error(
            "print::not-printable",
            format!("no menu branch is named {w}: give a page's or folder's path, or a menu title"),
        );
        return Checked::with_diagnostics(Vec::new(), vec![d]);
    }
    let mut front = front(repo, print);
    front.section = print.section.clone();
    document(site, &pages, front, print.reader.as_ref())
}

/// The site's PDF and every published meeting's board pack, from one build: (output path,
/// bytes), to publish with the site ([`BuildOptions::print`]).
pub fn publish(
    repo: &Repository,
    options: &BuildOptions,
    print: &PrintOptions,
) -> Checked<Vec<(String, Vec<u8>)>> {
    let mut diagnostics = Vec::new();
    let site = built(repo, options).unpack(&mut Vec::new());
    let mut out = Vec::new();
    let whole = site_pdf_of(repo, options, &site, print).unpack(&mut diagnostics);
    if !whole.is_empty() {
        out.push((PDF_OUTPUT.to_string(), whole));
    }
    let status = pack::status_page(repo, options);
    for m in &repo.records.meetings {
        let Some(path) = m.source.path() else {
            continue;
        };
        let published =
            (0..repo.pages.len()).any(|i| repo.published[i] && repo.pages[i].path == path);
        if !published {
            continue;
        }
        let bytes =
            pack::pack_of(repo, &site, path, print, status.as_ref()).unpack(&mut diagnostics);
        if !bytes.is_empty() {
            out.push((pack_output(path), bytes));
        }
    }
    Checked::with_diagnostics(out, diagnostics)
}

/// The title page's facts of `repo`.
fn front(repo: &Repository, print: &PrintOptions) -> pdf::Front {
    let strings = crate::i18n::strings(repo.danish());
    let site = (!repo.config.url.is_empty()).then(|| {
        format!(
            "{}{}",
            repo.config.url.trim_end_matches('/'),
            repo.config.baseurl.trim_end_matches('/')
        )
    });
    pdf::Front {
        title: if repo.config.title.trim().is_empty() {
            strings.t("home").to_string()
        } else {
            repo.config.title.clone()
        },
        printed: format!(
            "{} {}",
            strings.t("print_printed"),
            forvalt_model::dates::long_date(repo.now.date(), repo.danish())
        ),
        version: print
            .commit
            .as_ref()
            .map(|c| format!("{} {}", strings.t("print_version"), c.get(..7).unwrap_or(c))),
        section: None,
        lang: if repo.danish() {
            "da".into()
        } else {
            "en".into()
        },
        contents: strings.t("print_contents").to_string(),
        page_word: strings.t("print_page").to_string(),
        of_word: strings.t("print_of").to_string(),
        site,
        lines: Vec::new(),
        missing: None,
    }
}

/// `pages` of the built site as one PDF under `front`.
fn document(
    site: &crate::Site,
    pages: &[Printed],
    front: pdf::Front,
    reader: Option<&Reader>,
) -> Checked<Vec<u8>> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let Some(fonts) = text::Fonts::get() else {
        let d = Diagnostic::error("print::not-printable", "the embedded fonts cannot be read");
        return Checked::with_diagnostics(Vec::new(), vec![d]);
    };
    let files: HashMap<&str, &[u8]> = site
        .files
        .iter()
        .filter_map(|f| match &f.content {
            Content::Bytes(b) => Some((f.path.as_str(), b.as_slice())),
            _ => None,
        })
        .collect();
    // An image's bytes by its site address: generated, or a repository file the site copies.
    let by_url: HashMap<String, Content> = site
        .files
        .iter()
        .filter(|f| image_path(&f.path))
        .map(|f| {
            (
                format!("/{}", forvalt_model::url::escape_path(&f.path)),
                f.content.clone(),
            )
        })
        .collect();
    let reader = reader.cloned();
    let fetch = move |url: &str| -> Option<Vec<u8>> {
        match by_url.get(url)? {
            Content::Bytes(b) => Some(b.to_vec()),
            Content::Copy(path) => reader.as_ref().and_then(|r| (r.0)(path)),
            Content::Written { .. } => None,
        }
    };
    let mut flow = layout::Flow::new(fonts);
    flow.fetch = Some(Box::new(fetch));
    let mut toc = Vec::new();
    for p in pages {
        let Some(bytes) = files.get(p.output.as_str()) else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        let Some(mut blocks) = dom::page_blocks(&html) else {
            continue;
        };
        links(&mut blocks, &p.url);
        let part = flow.start_page(&p.url, &p.title, p.depth, &p.section);
        flow.blocks(
            &blocks,
            &p.url,
            p.depth + 1,
            part,
            layout::LEFT,
            layout::WIDTH,
        );
        toc.push((p.depth, p.title.clone(), p.url.clone()));
    }
    for (url, what) in std::mem::take(&mut flow.problems) {
        let place = if url.is_empty() {
            String::new()
        } else {
            format!("{url}: ")
        };
        diagnostics.push(Diagnostic::warning(
            "print::not-printable",
            format!("{place}{what}"),
        ));
    }
    match pdf::write(&flow, &toc, &front) {
        Ok((bytes, not_ua)) => {
            if let Some(why) = not_ua {
                diagnostics.push(Diagnostic::note(
                    "print::not-pdf-ua",
                    format!("the PDF is tagged, but krilla's PDF/UA-1 check found: {why}"),
                ));
            }
            Checked::with_diagnostics(bytes, diagnostics)
        }
        Err(e) => {
            let d = Diagnostic::error(
                "print::not-printable",
                format!("the PDF cannot be written: {e}"),
            );
            diagnostics.push(d);
            Checked::with_diagnostics(Vec::new(), diagnostics)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn a_drawing_nested_too_deep_is_refused_not_drawn() {
        let deep = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{}{}</svg>",
            "<g>".repeat(20_000),
            "</g>".repeat(20_000)
        );
        let err = crate::export::svg_tree(&deep).unwrap_err();
        assert!(err.to_string().contains("deep"), "{err}");
    }

    #[test]
    fn links_become_site_addresses() {
        assert_eq!(resolve("/docs/a/b.html", "c.html#x"), "/docs/a/c.html#x");
        assert_eq!(resolve("/docs/a/b.html", "../d.html"), "/docs/d.html");
        assert_eq!(resolve("/docs/a/", "c.html"), "/docs/a/c.html");
        assert_eq!(resolve("/docs/a/b.html", "#y"), "/docs/a/b.html#y");
        assert_eq!(
            resolve("/docs/a/b.html", "https://os2.eu/x"),
            "https://os2.eu/x"
        );
        assert_eq!(resolve("/x.html", "../../../../y/"), "/y/");
        assert_eq!(resolve("/docs/m.html", "#m%C3%B8der"), "/docs/m.html#møder");
        assert_eq!(resolve("/docs/m.html", "a.html?x=1#y"), "/docs/a.html#y");
        assert_eq!(resolve("/docs/m.html", ""), "/docs/m.html");
    }
}
