//! Redirects as `jekyll-redirect-from` makes them: `redirect_from:` (one address or a
//! list) publishes a redirect page at each old address pointing at the page, and
//! `redirect_to:` turns the page itself into a redirect.
//!
//! Targets are absolute, as the plugin writes them (the site's `url` and `baseurl` before a
//! path). Unlike the plugin, only `http`/`https` addresses and paths are followed: a
//! `javascript:` target is reported and no redirect is made.

use crate::config::SiteConfig;
use crate::page::Page;
use crate::url::{page_url, permalink_problem, scheme};
use forvalt_diag::{Diagnostic, Span};
use serde_json::Value;
use std::collections::HashSet;

/// At most this many old addresses per page.
const MAX_PER_PAGE: usize = 100;

/// A redirect page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old address, as Jekyll's `page.url` (escaped, without the baseurl).
    pub from: String,
    /// Output file of the redirect page.
    pub output: String,
    /// Where it leads (absolute, or a path from the host when the site has no `url`).
    pub to: String,
    /// The page it belongs to.
    pub page: usize,
    /// `true` for `redirect_to` (the page itself redirects), `false` for `redirect_from`.
    pub replaces_page: bool,
}

/// The site's redirects; `taken` are the output files of pages and copied files, which a
/// `redirect_from` page never replaces.
pub fn collect(
    pages: &[Page],
    published: &[bool],
    config: &SiteConfig,
    taken: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Redirect> {
    let mut out = Vec::new();
    let mut made: HashSet<String> = HashSet::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(fm) = p.front_matter.as_ref().filter(|_| published[i]) else {
            continue;
        };
        let span = |key: &str| fm.value_span(key).unwrap_or(fm.span);
        if let Some(target) = fm.values.get("redirect_to").and_then(first_text) {
            match absolute(&target, config) {
                Some(to) => out.push(Redirect {
                    from: p.url.clone(),
                    output: p.output.clone(),
                    to,
                    page: i,
                    replaces_page: true,
                }),
                None => diagnostics.push(unsafe_target(&target, span("redirect_to"))),
            }
        }
        let froms = match fm.values.get("redirect_from") {
            Some(Value::Array(list)) => list.iter().filter_map(text).collect(),
            Some(v) => text(v).into_iter().collect(),
            None => Vec::new(),
        };
        let to = absolute(&p.url, config).unwrap_or_else(|| p.url.clone());
        for from in froms.into_iter().take(MAX_PER_PAGE) {
            let from = if from.starts_with('/') {
                from
            } else {
                format!("/{from}")
            };
            if let Some(why) = permalink_problem(&from) {
                diagnostics.push(
                    Diagnostic::error(
                        "frontmatter::permalink",
                        format!("this old address cannot be redirected: {why}"),
                    )
                    .with_span(span("redirect_from"))
                    .with_help("write a path such as `/gammel-side/`"),
                );
                continue;
            }
            let url = page_url(&p.path, Some(&from));
            if taken.contains(&url.output) || !made.insert(url.output.clone()) {
                diagnostics.push(
                    Diagnostic::warning(
                        "site::same-address",
                        format!(
                            "`redirect_from: {from}` names an address that another page or file already has"
                        ),
                    )
                    .with_span(span("redirect_from"))
                    .with_note("the page or file keeps the address; no redirect is made there"),
                );
                continue;
            }
            out.push(Redirect {
                from: url.url,
                output: url.output,
                to: to.clone(),
                page: i,
                replaces_page: false,
            });
        }
    }
    out.sort_by(|a, b| a.output.cmp(&b.output));
    out
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn first_text(v: &Value) -> Option<String> {
    match v {
        Value::Array(list) => list.iter().find_map(text),
        v => text(v),
    }
}

/// `absolute_url` as the plugin uses it: `http(s)` addresses as they are, paths after the
/// site's `url` and `baseurl`; `None` for any other scheme.
fn absolute(target: &str, config: &SiteConfig) -> Option<String> {
    match scheme(target).as_deref() {
        Some("http") | Some("https") => Some(target.to_string()),
        Some(_) => None,
        None if target.starts_with("//") || target.contains(['\n', '\r', '<', '>', '"']) => None,
        None => {
            let path = if target.starts_with('/') {
                target.to_string()
            } else {
                format!("/{target}")
            };
            Some(format!("{}{}{path}", config.url, config.baseurl))
        }
    }
}

fn unsafe_target(target: &str, span: Span) -> Diagnostic {
    let shown: String = target.chars().take(80).collect();
    Diagnostic::error(
        "links::unsafe-url",
        format!("`redirect_to: {shown}` is not an address forvalt redirects to"),
    )
    .with_span(span)
    .with_note("only http and https addresses and paths in the site are followed; the page is published as it is")
    .with_help("write the page's new address, such as `https://os2.eu/produkt` or `/ny-side/`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LoadOptions, MemoryFiles, load};

    fn redirects(files: &[(&str, &str)]) -> (Vec<Redirect>, Vec<Diagnostic>) {
        let mut f = MemoryFiles::new();
        for (p, t) in files {
            f.insert(*p, *t);
        }
        let (repo, d) = load(
            &f,
            &LoadOptions {
                now: 0,
                publish: None,
            },
        )
        .into_parts();
        (repo.redirects, d)
    }

    #[test]
    fn old_addresses_and_new_ones() {
        let (r, d) = redirects(&[
            (
                "_config.yml",
                "url: https://os2.github.io\nbaseurl: /forvaltning\nplugins: [jekyll-redirect-from]\n",
            ),
            (
                "ny.md",
                "---\ntitle: Ny\nredirect_from:\n  - /gammel/\n  - gammel.html\n  - /arkiv/gammel\n---\n",
            ),
            (
                "flyttet.md",
                "---\ntitle: Flyttet\nredirect_to: /ny.html\n---\n",
            ),
            (
                "ud.md",
                "---\ntitle: Ud\nredirect_to: [\"https://os2.eu/\", x]\n---\n",
            ),
            (
                "ond.md",
                "---\ntitle: Ond\nredirect_to: \"javascript:alert(1)\"\nredirect_from: ../../x\n---\n",
            ),
            (
                "gammel2.md",
                "---\ntitle: G\nredirect_from: /ny.html\n---\n",
            ),
        ]);
        let got: Vec<(&str, &str, bool)> = r
            .iter()
            .map(|r| (r.output.as_str(), r.to.as_str(), r.replaces_page))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "arkiv/gammel.html",
                    "https://os2.github.io/forvaltning/ny.html",
                    false
                ),
                (
                    "flyttet.html",
                    "https://os2.github.io/forvaltning/ny.html",
                    true
                ),
                (
                    "gammel.html",
                    "https://os2.github.io/forvaltning/ny.html",
                    false
                ),
                (
                    "gammel/index.html",
                    "https://os2.github.io/forvaltning/ny.html",
                    false
                ),
                ("ud.html", "https://os2.eu/", true),
            ]
        );
        let codes: Vec<&str> = d.iter().map(|d| d.code.as_ref()).collect();
        assert!(codes.contains(&"links::unsafe-url"), "{codes:?}");
        assert!(codes.contains(&"frontmatter::permalink"), "{codes:?}");
        assert!(codes.contains(&"site::same-address"), "{codes:?}");
    }

    #[test]
    fn only_with_the_plugin_in_a_jekyll_site() {
        let (r, _) = redirects(&[
            ("_config.yml", "title: X\n"),
            ("Gemfile", "gem \"jekyll\"\n"),
            ("ny.md", "---\ntitle: Ny\nredirect_from: /gammel/\n---\n"),
        ]);
        assert!(r.is_empty());
        let (r, _) = redirects(&[("ny.md", "---\ntitle: Ny\nredirect_from: /gammel/\n---\n")]);
        assert_eq!(r.len(), 1, "a plain repository has redirects");
    }
}
