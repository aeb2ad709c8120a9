//! Links: Markdown links to files that do not exist, to anchors that no heading has, to the
//! site's own address where no page is published, and images without alt text.

use crate::text::{md_links, prose_lines};
use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use forvalt_model::links::{LinkIndex, Target, join};
use forvalt_model::page::heading_id;
use forvalt_model::url::unescape;
use std::collections::{HashMap, HashSet};

/// The anchors of a page: heading ids (as kramdown makes them, numbered when repeated),
/// `{#id}` attributes and HTML `id`/`name` attributes.
fn anchors(text: &str, from: usize) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let lines = prose_lines(text, from);
    for (k, l) in lines.iter().enumerate() {
        // Headings from the line as written (inline code counts in the id).
        let raw = text.get(l.start..l.start + l.text.len()).unwrap_or(&l.text);
        let t = raw.trim_start();
        // A setext heading: this line, underlined by `===` or `---` on the next line.
        let underlined = lines.get(k + 1).is_some_and(|n| {
            let u = n.text.trim();
            let next_line = text[l.start + raw.len()..]
                .find('\n')
                .map(|e| l.start + raw.len() + e + 1);
            !t.is_empty()
                && next_line == Some(n.start)
                && (u.bytes().all(|b| b == b'=') && !u.is_empty()
                    || u.bytes().all(|b| b == b'-') && u.len() >= 2)
        });
        let heading = if let Some(h) = t.strip_prefix('#') {
            let h = h.trim_start_matches('#');
            (h.starts_with(' ') || h.is_empty())
                .then(|| h.trim().trim_end_matches('#').trim().to_string())
        } else if underlined && !t.starts_with(['-', '*', '>', '|']) {
            Some(t.trim().to_string())
        } else {
            None
        };
        if let Some(title) = heading {
            {
                let mut title = title;
                if let Some(i) = title.find("{#") {
                    if let Some(e) = title[i..].find('}') {
                        out.insert(title[i + 2..i + e].trim().to_string());
                    }
                    title.truncate(i);
                }
                let plain: String = title.replace(['*', '`'], "");
                let plain = strip_links(&plain);
                let base = heading_id(&plain);
                let n = seen.entry(base.clone()).or_insert(0);
                out.insert(if *n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                });
                *n += 1;
            }
        }
        for attr in ["id=\"", "name=\""] {
            let mut rest = l.text.as_str();
            while let Some(i) = rest.find(attr) {
                rest = &rest[i + attr.len()..];
                let end = rest.find(['"', '}', ' ']).unwrap_or(rest.len());
                out.insert(rest[..end].to_string());
            }
        }
        // kramdown attribute lists: `{: #id .class}`, `{:#id}`, `{#id}`.
        let mut rest = l.text.as_str();
        while let Some(i) = rest.find('{') {
            rest = &rest[i + 1..];
            let Some(end) = rest.find('}') else { break };
            let inner = &rest[..end];
            if inner.starts_with([':', '#']) {
                for tok in inner.trim_start_matches(':').split_whitespace() {
                    if let Some(id) = tok.strip_prefix('#') {
                        out.insert(id.to_string());
                    }
                }
            }
            rest = &rest[end..];
        }
    }
    out
}

/// `[text](url)` → `text`.
fn strip_links(s: &str) -> String {
    let mut out = s.to_string();
    for l in md_links(s).into_iter().rev() {
        out.replace_range(l.whole.clone(), &l.text);
    }
    out
}

fn relative_path(from_dir: &str, to: &str) -> String {
    let a: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend(&b[common..]);
    parts.join("/")
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let index = LinkIndex::new(repo);
    let files: HashSet<&str> = repo.files.iter().map(|f| f.path.as_str()).collect();
    let mut by_name: HashMap<String, Vec<&str>> = HashMap::new();
    for f in &repo.files {
        let name = f.path.rsplit('/').next().unwrap_or(&f.path).to_lowercase();
        by_name.entry(name).or_default().push(&f.path);
    }
    // Links the records rules already report.
    let reported: HashSet<Span> = out
        .iter()
        .filter(|d| d.code == "records::missing-target")
        .filter_map(|d| d.span)
        .collect();
    let baseurl = repo.config.baseurl.trim_end_matches('/').to_string();
    // Published pages by their address with Danish letters folded (`årshjul` ~ `aarshjul`).
    let renamed: HashMap<String, String> = repo
        .pages
        .iter()
        .map(|p| (crate::records::fold(&unescape(&p.url)), p.url.clone()))
        .collect();
    let mut anchor_cache: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut anchors_of = |i: usize| -> HashSet<String> {
        anchor_cache
            .entry(i)
            .or_insert_with(|| {
                let p = &repo.pages[i];
                repo.sources
                    .get(p.file)
                    .map(|s| anchors(&s.text, p.body_offset))
                    .unwrap_or_default()
            })
            .clone()
    };
    for (pi, page) in repo.pages.iter().enumerate() {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let dir = page.path.rfind('/').map_or("", |i| &page.path[..i]);
        for line in prose_lines(&src.text, page.body_offset) {
            if line.text.contains("://") {
                bare_urls(repo, &index, page, &line, &renamed, out);
            }
            // HTML images need an `alt` too (`alt=""` marks a decorative image).
            let mut from = 0;
            while let Some(i) = line.text[from..].find("<img") {
                let start = from + i;
                let Some(end) = line.text[start..].find('>').map(|e| start + e + 1) else {
                    break; // the tag goes on to the next line
                };
                from = end.max(start + 4);
                if !line.text[start..end].contains("alt=") {
                    out.push(
                        Diagnostic::warning(
                            "links::image-alt",
                            "the image has no alt text: screen readers cannot say what it shows",
                        )
                        .with_span(Span::new(line.start + start, line.start + end).in_file(page.file))
                        .with_help("add alt=\"what the image shows\" (or alt=\"\" if it is only decoration)"),
                    );
                }
            }
            if !line.text.contains("](") {
                continue;
            }
            for l in md_links(&line.text) {
                let span = Span::new(line.start + l.range.start, line.start + l.range.end)
                    .in_file(page.file);
                if l.image && l.text.trim().is_empty() {
                    let whole = Span::new(line.start + l.whole.start, line.start + l.whole.end)
                        .in_file(page.file);
                    out.push(
                        Diagnostic::warning(
                            "links::image-alt",
                            "the image has no alt text: screen readers cannot say what it shows",
                        )
                        .with_span(whole)
                        .with_help(
                            "describe the image between the brackets: ![Rutekort for skoleåret](…)",
                        ),
                    );
                }
                let target = l.target.trim();
                if target.is_empty() || target.contains('{') || reported.contains(&span) {
                    continue;
                }
                let (path_part, fragment) = match target.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (target, None),
                };
                let path_part = path_part.split('?').next().unwrap_or(path_part);
                // `/docs/…` under a `baseurl`: forvalt's site rewrites it, Jekyll's does not.
                if path_part.starts_with('/')
                    && !path_part.starts_with("//")
                    && !baseurl.is_empty()
                    && !path_part.starts_with(&format!("{baseurl}/"))
                    && path_part != baseurl
                {
                    out.push(
                        Diagnostic::error(
                            "links::missing-baseurl",
                            format!(
                                "`{path_part}` starts at the server's root, but the site is published under `{baseurl}`: the link is broken on GitHub Pages"
                            ),
                        )
                        .with_span(span)
                        .with_suggestion(span, format!("{baseurl}{target}"), format!("write `{baseurl}{path_part}`"))
                        .with_note("forvalt's own site makes the link relative, so it works there"),
                    );
                    continue;
                }
                // Links within the page.
                if path_part.is_empty() {
                    if let Some(f) = fragment
                        && !f.is_empty()
                        && !anchors_of(pi).contains(&unescape(f))
                    {
                        out.push(missing_anchor(span, f, &page.title));
                    }
                    continue;
                }
                match index.rewrite(target, &page.path, &page.url) {
                    Some(r) => match r.target {
                        Some(Target::Page(t)) => {
                            if let Some(f) = fragment
                                && !f.is_empty()
                                && !anchors_of(t).contains(&unescape(f))
                            {
                                out.push(missing_anchor(span, f, &repo.pages[t].title));
                            }
                        }
                        Some(Target::Static(_)) => {}
                        None => {
                            let own = target.starts_with("http");
                            let p = r.path.trim_start_matches('/').to_string();
                            if files.contains(p.as_str()) {
                                continue; // a file that is not published (excluded)
                            }
                            let mut d = if own {
                                Diagnostic::warning(
                                    "links::own-site",
                                    format!(
                                        "the link goes to the site's own address, but no page is published at {}",
                                        r.path
                                    ),
                                )
                            } else {
                                Diagnostic::error(
                                    "links::missing-file",
                                    format!("the link points to a file that does not exist: {p}"),
                                )
                            }
                            .with_span(span);
                            d = suggest(d, span, &p, dir, &by_name, own);
                            if own && let Some(now) = renamed.get(&crate::records::fold(&r.path)) {
                                d = d.with_help(format!("the page is now at {now}"));
                            }
                            out.push(d);
                        }
                    },
                    None => {
                        // External, or a relative link to a file that is not Markdown.
                        if path_part.contains(':') || path_part.starts_with("//") {
                            continue;
                        }
                        let p = join(dir, &unescape(path_part));
                        // A published page's address (`side.html`), relative to the page's
                        // source folder or to its own address.
                        let url_dir = page.url.rfind('/').map_or("", |i| &page.url[..i]);
                        let by_url = join(url_dir, &unescape(path_part));
                        if index.target(&format!("/{p}")).is_some()
                            || index.target(&format!("/{by_url}")).is_some()
                            || files.contains(p.as_str())
                            || repo.statics.iter().any(|s| s.path == p)
                            || files.iter().any(|f| f.starts_with(&format!("{p}/")))
                        {
                            continue;
                        }
                        let d = Diagnostic::error(
                            "links::missing-file",
                            format!("the link points to a file that does not exist: {p}"),
                        )
                        .with_span(span);
                        out.push(suggest(d, span, &p, dir, &by_name, false));
                    }
                }
            }
        }
    }
}

fn missing_anchor(span: Span, fragment: &str, title: &str) -> Diagnostic {
    Diagnostic::warning(
        "links::missing-anchor",
        format!("`{title}` has no heading or anchor `#{fragment}`"),
    )
    .with_span(span)
    .with_help("a heading's anchor is its text in lower case with spaces as `-`")
}

fn suggest(
    d: Diagnostic,
    span: Span,
    path: &str,
    dir: &str,
    by_name: &HashMap<String, Vec<&str>>,
    own: bool,
) -> Diagnostic {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    match by_name.get(&name).map(Vec::as_slice) {
        Some([one]) if !own => d.with_suggestion(
            span,
            relative_path(dir, one),
            format!("the file is at {one}"),
        ),
        Some([one]) => d.with_help(format!("the file is at {one}")),
        _ => d,
    }
}

/// Addresses written out in prose (`https://…`): those on the site's own address must lead
/// to a published page.
fn bare_urls(
    repo: &Repository,
    index: &LinkIndex,
    page: &forvalt_model::Page,
    line: &crate::text::ProseLine,
    renamed: &HashMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    let inside_links: Vec<std::ops::Range<usize>> =
        md_links(&line.text).into_iter().map(|l| l.whole).collect();
    let t = &line.text;
    let mut from = 0;
    while let Some(i) = t[from..].find("http") {
        let start = from + i;
        let end = t[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '<' | ']'))
            .map_or(t.len(), |e| start + e);
        from = end.max(start + 4);
        let url = t[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if !url.contains("://") || inside_links.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let Some(r) = index.rewrite(url, &page.path, &page.url) else {
            continue;
        };
        if r.target.is_some() || r.href.is_none() {
            continue;
        }
        {
            let span =
                Span::new(line.start + start, line.start + start + url.len()).in_file(page.file);
            let mut d = Diagnostic::warning(
                "links::own-site",
                format!(
                    "the address is on the site's own address, but no page is published at {}",
                    r.path
                ),
            )
            .with_span(span);
            if let Some(now) = renamed.get(&crate::records::fold(&r.path)) {
                let base = repo.config.url.trim_end_matches('/').to_string()
                    + repo.config.baseurl.trim_end_matches('/');
                d = d.with_suggestion(
                    span,
                    format!("{base}{now}"),
                    format!("the page is now at {now}"),
                );
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_anchors() {
        let a = anchors(
            "# Referat\n## Punkt 1: Økonomi\n## Punkt 1: Økonomi\n### [Link](x) og `kode`\n## Egen {#egen}\n<a id=\"her\"></a>\n```\n# ikke\n```\n",
            0,
        );
        for id in [
            "referat",
            "punkt-1-økonomi",
            "punkt-1-økonomi-1",
            "link-og-kode",
            "egen",
            "her",
        ] {
            assert!(a.contains(id), "{id} in {a:?}");
        }
        assert!(!a.contains("ikke"));
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path("docs/a", "docs/b/x.md"), "../b/x.md");
        assert_eq!(relative_path("", "docs/x.md"), "docs/x.md");
        assert_eq!(relative_path("docs", "docs/x.md"), "x.md");
    }
}
