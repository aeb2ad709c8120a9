//! Link rewriting: `.md` links (as `jekyll-relative-links` does), root-absolute links and
//! links to the site's own `url` become relative links to the published page, so the site
//! works under any base path and opened from disk.

use crate::Repository;
use crate::url::{is_markdown, relative, unescape};
use std::collections::{HashMap, HashSet};

/// What a link points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the site (its index).
    Page(usize),
    /// A static file (its path).
    Static(String),
}

/// Everything a link can point to inside the site.
#[derive(Debug, Default)]
pub struct LinkIndex {
    by_path: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    statics: HashSet<String>,
    urls: Vec<String>,
    site_prefixes: Vec<String>,
    baseurl: String,
}

impl LinkIndex {
    /// Indexes the pages and static files of `repo`.
    pub fn new(repo: &Repository) -> LinkIndex {
        let mut by_path = HashMap::with_capacity(repo.pages.len());
        let mut by_url = HashMap::with_capacity(repo.pages.len());
        for (i, p) in repo.pages.iter().enumerate() {
            by_path.insert(p.path.clone(), i);
            by_url.entry(unescape(&p.url)).or_insert(i);
        }
        let baseurl = repo.config.baseurl.trim_end_matches('/').to_string();
        let mut site_prefixes = Vec::new();
        let url = repo.config.url.trim().trim_end_matches('/');
        if let Some(host) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .filter(|h| !h.is_empty())
        {
            for scheme in ["https://", "http://", "//"] {
                site_prefixes.push(format!("{scheme}{host}{baseurl}"));
            }
        }
        LinkIndex {
            by_path,
            by_url,
            statics: repo.statics.iter().map(|s| s.path.clone()).collect(),
            urls: repo.pages.iter().map(|p| p.url.clone()).collect(),
            site_prefixes,
            baseurl,
        }
    }

    /// The page published at a site path (unescaped, without the baseurl).
    pub fn page_at(&self, path: &str) -> Option<usize> {
        if let Some(&i) = self.by_url.get(path) {
            return Some(i);
        }
        if path.ends_with('/') {
            return self.by_url.get(&format!("{path}index.html")).copied();
        }
        if let Some(stem) = path.strip_suffix("/index.html") {
            return self.by_url.get(&format!("{stem}/")).copied();
        }
        if !path.rsplit('/').next().unwrap_or("").contains('.') {
            return self
                .by_url
                .get(&format!("{path}.html"))
                .or_else(|| self.by_url.get(&format!("{path}/")))
                .copied();
        }
        None
    }

    /// What a site path (unescaped, starting with `/`, without the baseurl) points to.
    pub fn target(&self, path: &str) -> Option<Target> {
        if let Some(i) = self.page_at(path) {
            return Some(Target::Page(i));
        }
        let rel = path.trim_start_matches('/');
        if is_markdown(rel)
            && let Some(&i) = self.by_path.get(rel)
        {
            return Some(Target::Page(i));
        }
        if self.statics.contains(rel) {
            return Some(Target::Static(rel.to_string()));
        }
        None
    }

    /// The escaped site URL of a target.
    pub fn url_of(&self, target: &Target) -> String {
        match target {
            Target::Page(i) => self.urls[*i].clone(),
            Target::Static(p) => format!("/{}", crate::url::escape_path(p)),
        }
    }

    /// Rewrites `href` on the page with source `page_path` and URL `page_url`. `None`: keep
    /// it as written (external, fragment-only, or relative to a file that is not Markdown).
    pub fn rewrite(&self, href: &str, page_path: &str, page_url: &str) -> Option<Rewrite> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') || href.starts_with('?') {
            return None;
        }
        let (path, suffix) = match href.find(['#', '?']) {
            Some(i) => (&href[..i], &href[i..]),
            None => (href, ""),
        };
        let absolute = if let Some(rest) = self.own_site(path) {
            rest
        } else if has_scheme(path) || path.starts_with("//") {
            return None;
        } else if path.starts_with('/') {
            let p = unescape(path);
            match p.strip_prefix(&self.baseurl) {
                Some(rest)
                    if !self.baseurl.is_empty() && (rest.is_empty() || rest.starts_with('/')) =>
                {
                    if rest.is_empty() {
                        "/".to_string()
                    } else {
                        rest.to_string()
                    }
                }
                _ => p,
            }
        } else if is_markdown(path) {
            let dir = match page_path.rfind('/') {
                Some(i) => &page_path[..i],
                None => "",
            };
            format!("/{}", join(dir, &unescape(path)))
        } else {
            return None;
        };
        let target = self.target(&absolute);
        let to = match &target {
            Some(t) => self.url_of(t),
            None if path.starts_with('/') || self.own_site(path).is_some() => {
                crate::url::escape_path(&absolute)
            }
            None => {
                return Some(Rewrite {
                    href: None,
                    target: None,
                    path: absolute,
                });
            }
        };
        Some(Rewrite {
            href: Some(format!("{}{}", relative(page_url, &to), suffix)),
            target,
            path: absolute,
        })
    }

    fn own_site(&self, href: &str) -> Option<String> {
        self.site_prefixes.iter().find_map(|p| {
            let rest = href.strip_prefix(p.as_str())?;
            if rest.is_empty() {
                Some("/".to_string())
            } else if rest.starts_with('/') {
                Some(unescape(rest))
            } else {
                None
            }
        })
    }
}

/// The result of [`LinkIndex::rewrite`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The new href (`None`: keep the link as written, its target is unknown).
    pub href: Option<String>,
    /// What it points to, if that exists.
    pub target: Option<Target>,
    /// The site path the link resolved to (unescaped).
    pub path: String,
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Joins a relative path onto a directory, resolving `.` and `..` (never above the root).
pub fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LoadOptions, MemoryFiles, load};

    fn index() -> LinkIndex {
        let mut f = MemoryFiles::new();
        f.insert(
            "_config.yml",
            "url: https://os2.github.io\nbaseurl: /forvaltning\n",
        );
        f.insert("index.md", "---\ntitle: Forside\n---\n");
        f.insert("docs/a b/c.md", "# C\n");
        f.insert("docs/om.md", "---\ntitle: Om\npermalink: /om/\n---\n");
        f.insert("beslutninger/2026-01-01-x.md", "# X\n");
        f.insert("docs/assets/logo.svg", "<svg/>");
        let repo = load(
            &f,
            &LoadOptions {
                now: 0,
                publish: None,
            },
        )
        .value;
        LinkIndex::new(&repo)
    }

    fn href(i: &LinkIndex, link: &str, from: &str, url: &str) -> Option<String> {
        i.rewrite(link, from, url).and_then(|r| r.href)
    }

    #[test]
    fn markdown_links_follow_the_source_tree() {
        let i = index();
        assert_eq!(
            href(
                &i,
                "../../beslutninger/2026-01-01-x.md#beslutning",
                "docs/a b/c.md",
                "/docs/a%20b/c.html"
            ),
            Some("../../beslutninger/2026-01-01-x.html#beslutning".into())
        );
        assert_eq!(
            href(&i, "om.md", "docs/x.md", "/docs/x.html"),
            Some("../om/".into()),
            "permalinks are honoured"
        );
        assert_eq!(
            href(&i, "a%20b/c.md", "docs/x.md", "/docs/x.html"),
            Some("a%20b/c.html".into())
        );
    }

    #[test]
    fn own_site_and_root_links_become_relative() {
        let i = index();
        assert_eq!(
            href(
                &i,
                "https://os2.github.io/forvaltning/docs/a%20b/c.html",
                "index.md",
                "/"
            ),
            Some("docs/a%20b/c.html".into())
        );
        assert_eq!(
            href(
                &i,
                "/forvaltning/om/",
                "docs/a b/c.md",
                "/docs/a%20b/c.html"
            ),
            Some("../../om/".into())
        );
        assert_eq!(
            href(&i, "/docs/assets/logo.svg", "index.md", "/"),
            Some("docs/assets/logo.svg".into()),
            "a root path without the baseurl still finds the file"
        );
        assert_eq!(href(&i, "https://example.org/", "index.md", "/"), None);
        assert_eq!(href(&i, "#top", "index.md", "/"), None);
        assert_eq!(href(&i, "billede.png", "index.md", "/"), None);
        assert_eq!(href(&i, "mailto:a@b.dk", "index.md", "/"), None);
    }

    #[test]
    fn unknown_markdown_targets_are_reported() {
        let i = index();
        let r = i
            .rewrite("mangler.md", "docs/x.md", "/docs/x.html")
            .unwrap();
        assert_eq!(r.href, None);
        assert_eq!(r.target, None);
        assert_eq!(r.path, "/docs/mangler.md");
    }
}
