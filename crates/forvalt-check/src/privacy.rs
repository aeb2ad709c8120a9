//! Resources from other websites that pages load by themselves: images (badges, logos),
//! embedded videos and maps, scripts and fonts. Each makes every reader's browser contact
//! that host, which the theme itself never does: a note per page and host, so that a
//! coordinator can decide (and say so in the privacy statement).

use crate::text::{md_links, prose_lines};
use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use std::collections::BTreeMap;

/// HTML attributes that load a resource as the page opens (links the reader follows do not).
const LOADING: [(&str, &str); 9] = [
    ("img", "src"),
    ("iframe", "src"),
    ("script", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("source", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("link", "href"),
];

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let own = host(&repo.config.url).unwrap_or_default();
    for (i, p) in repo.pages.iter().enumerate() {
        if !repo.published[i] {
            continue;
        }
        let Some(source) = repo.sources.get(p.file) else {
            continue;
        };
        // First place per host, in the page's order.
        let mut hosts: BTreeMap<String, (usize, usize, &'static str)> = BTreeMap::new();
        for line in prose_lines(&source.text, p.body_offset) {
            let mut found: Vec<(usize, usize, String, &'static str)> = md_links(&line.text)
                .into_iter()
                .filter(|l| l.image)
                .map(|l| (l.range.start, l.range.end, l.target, "an image"))
                .collect();
            found.extend(html_resources(&line.text));
            for (start, end, url, what) in found {
                if let Some(h) = host(&url).filter(|h| *h != own) {
                    hosts
                        .entry(h)
                        .or_insert((line.start + start, line.start + end, what));
                }
            }
        }
        let mut firsts: Vec<(String, (usize, usize, &'static str))> = hosts.into_iter().collect();
        firsts.sort_by_key(|(_, (start, _, _))| *start);
        for (h, (start, end, what)) in firsts {
            out.push(
                Diagnostic::note(
                    "links::third-party",
                    format!("this page loads {what} from {h}: every reader's browser contacts {h}"),
                )
                .with_span(Span::new(start, end).in_file(p.file))
                .with_note("forvalt's theme loads nothing from other websites; this comes from the page")
                .with_help(format!(
                    "keep a copy in the repository instead, or name {h} in the site's privacy statement"
                )),
            );
        }
    }
}

/// `src`/`href` values of tags that load something, with their byte ranges in `line`.
fn html_resources(line: &str) -> Vec<(usize, usize, String, &'static str)> {
    let lower = line.to_ascii_lowercase();
    let mut out = Vec::new();
    for (tag, attr) in LOADING {
        let open = format!("<{tag}");
        let mut from = 0;
        while let Some(at) = lower[from..].find(&open).map(|i| from + i) {
            // The tag ends at the next `>`; scanning goes on after it, so a line is read
            // once per kind of tag however many tags it has.
            let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
            from = end.max(at + open.len());
            let Some(value) = attribute(&line[at..end], &lower[at..end], attr) else {
                continue;
            };
            if tag == "link"
                && !lower[at..end].contains("stylesheet")
                && !lower[at..end].contains("font")
            {
                continue;
            }
            let what = match tag {
                "img" => "an image",
                "iframe" | "embed" | "object" => "an embedded page",
                "script" => "a script",
                "link" => "a stylesheet",
                _ => "a video or sound",
            };
            out.push((
                at + value.0,
                at + value.1,
                line[at + value.0..at + value.1].to_string(),
                what,
            ));
        }
    }
    out
}

/// The byte range of attribute `name`'s value in a tag (`lower` is the tag in lower case).
fn attribute(tag: &str, lower: &str, name: &str) -> Option<(usize, usize)> {
    let key = format!("{name}=");
    let mut from = 0;
    while let Some(i) = lower[from..].find(&key).map(|i| from + i) {
        from = i + key.len();
        if i > 0 && !lower.as_bytes()[i - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = &tag[from..];
        let (start, len) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => (from + 1, rest[1..].find(q).unwrap_or(rest.len() - 1)),
            _ => (
                from,
                rest.find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len()),
            ),
        };
        return Some((start, start + len));
    }
    None
}

/// The host of an `http(s)://` or `//` address, lower case.
fn host(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = ["https://", "http://", "//"].iter().find_map(|p| {
        u.get(..p.len())
            .filter(|s| s.eq_ignore_ascii_case(p))
            .map(|_| &u[p.len()..])
    })?;
    let h = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let h = h.split(':').next()?.to_ascii_lowercase();
    (!h.is_empty()).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_of_tags_are_read_in_linear_time() {
        let line = "<img src=x ".repeat(200_000) + ">";
        let started = std::time::Instant::now();
        let found = html_resources(&line);
        assert!(found.len() <= 1);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn resources_that_load_and_links_that_do_not() {
        let r = html_resources(
            "<p><img alt=\"x\" src=\"https://img.shields.io/b.svg\"> <a href=\"https://os2.eu\">OS2</a> <IFRAME src=https://www.youtube-nocookie.com/embed/x></iframe><link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css\">",
        );
        let urls: Vec<(&str, &str)> = r.iter().map(|(_, _, u, w)| (u.as_str(), *w)).collect();
        assert_eq!(
            urls,
            [
                ("https://img.shields.io/b.svg", "an image"),
                (
                    "https://www.youtube-nocookie.com/embed/x",
                    "an embedded page"
                ),
                ("https://fonts.googleapis.com/css", "a stylesheet"),
            ]
        );
        assert_eq!(
            host("https://User@Img.Shields.io:443/x").as_deref(),
            Some("img.shields.io")
        );
        assert_eq!(host("//cdn.example/x").as_deref(), Some("cdn.example"));
        assert_eq!(host("/docs/x.png"), None);
        assert_eq!(host("https:"), None);
    }
}
