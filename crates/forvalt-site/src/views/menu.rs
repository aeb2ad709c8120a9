//! The menu as HTML, per page: the top level, and the branch down to the current page opened.
//! Closed branches are not repeated in every page, and long lists show a window around the
//! current entry with a link to the full list, so the site grows linearly with its pages.

use crate::i18n::Strings;
use crate::markdown::attr;
use forvalt_model::url::relative;
use forvalt_model::{NavItem, Repository};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Lists longer than this are shown as a window around the current entry.
const LONG_LIST: usize = 25;
/// Entries shown either side of the current one in a long list.
const WINDOW: usize = 8;

/// The menu's entries with their titles and URLs.
#[derive(Debug, Clone)]
pub struct Menu {
    /// Per menu node: title and site URL (escaped, without baseurl).
    pub entries: Vec<Entry>,
    /// Generated pages for folder groups and the unplaced group: (node, output path).
    pub group_pages: Vec<(usize, String)>,
}

/// One menu entry.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Shown title.
    pub title: String,
    /// Site URL.
    pub url: String,
    /// Visible children.
    pub children: Vec<usize>,
    /// Parent entry.
    pub parent: Option<usize>,
}

/// A breadcrumb.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// Title.
    pub title: String,
    /// Relative link (empty for the current page).
    pub href: String,
}

impl Menu {
    /// Titles and URLs for the repository's menu; `taken` holds every output path already
    /// used, so generated group pages never overwrite a page.
    pub fn new(repo: &Repository, taken: &HashSet<String>, strings: &Strings) -> Menu {
        let mut entries = Vec::with_capacity(repo.nav.nodes.len());
        let mut group_pages = Vec::new();
        let mut used: HashSet<String> = HashSet::new();
        for (n, node) in repo.nav.nodes.iter().enumerate() {
            let (title, url) = match &node.item {
                NavItem::Page(p) => (repo.pages[*p].title.clone(), repo.pages[*p].url.clone()),
                NavItem::Group {
                    title,
                    page: Some(p),
                    ..
                } => (title.clone(), repo.pages[*p].url.clone()),
                NavItem::Group {
                    title,
                    key,
                    page: None,
                    ..
                } => {
                    let title = if key.is_empty() {
                        strings.unplaced.to_string()
                    } else {
                        title.clone()
                    };
                    let base = if key.is_empty() {
                        if strings.lang == "da" {
                            "uden-placering".to_string()
                        } else {
                            "unplaced".to_string()
                        }
                    } else {
                        format!("{key}/index")
                    };
                    let mut output = format!("{base}.html");
                    let mut k = 1;
                    while taken.contains(&output) || used.contains(&output) {
                        output = format!("{base}-{k}.html");
                        k += 1;
                    }
                    used.insert(output.clone());
                    let url = match output.strip_suffix("index.html") {
                        Some(dir) => format!("/{dir}"),
                        None => format!("/{output}"),
                    };
                    group_pages.push((n, output));
                    (title, forvalt_model::url::escape_path(&url))
                }
            };
            let children = node
                .children
                .iter()
                .copied()
                .filter(|&c| match repo.nav.nodes[c].item {
                    NavItem::Page(p) => !repo.pages[p].nav.exclude,
                    NavItem::Group { .. } => true,
                })
                .collect();
            entries.push(Entry {
                title,
                url,
                children,
                parent: node.parent,
            });
        }
        Menu {
            entries,
            group_pages,
        }
    }

    /// The trail of entries from the top to `node` (inclusive).
    pub fn trail(&self, node: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = node;
        while let Some(n) = cur {
            out.push(n);
            cur = self.entries[n].parent;
        }
        out.reverse();
        out
    }

    /// Breadcrumbs for a page at `url` whose menu entry is `node`.
    pub fn breadcrumbs(&self, node: Option<usize>, url: &str) -> Vec<Crumb> {
        let trail = self.trail(node);
        if trail.len() < 2 {
            return Vec::new();
        }
        trail
            .iter()
            .enumerate()
            .map(|(i, &n)| Crumb {
                title: self.entries[n].title.clone(),
                href: if i + 1 == trail.len() {
                    String::new()
                } else {
                    relative(url, &self.entries[n].url)
                },
            })
            .collect()
    }

    /// The menu HTML for the page at `url` (whose entry is `node`).
    pub fn html(
        &self,
        roots: &[usize],
        node: Option<usize>,
        url: &str,
        strings: &Strings,
    ) -> String {
        let trail = self.trail(node);
        let mut out = String::with_capacity(2048);
        out.push_str("<ul class=\"nav-list\">");
        for &r in roots {
            self.item(r, &trail, node, url, strings, &mut out);
        }
        out.push_str("</ul>");
        out
    }

    fn item(
        &self,
        n: usize,
        trail: &[usize],
        current: Option<usize>,
        url: &str,
        strings: &Strings,
        out: &mut String,
    ) {
        let e = &self.entries[n];
        let open = trail.contains(&n);
        let is_current = current == Some(n);
        let has_children = !e.children.is_empty();
        out.push_str("<li class=\"nav-item");
        if has_children {
            out.push_str(if open { " is-open" } else { " has-children" });
        }
        out.push_str("\"><a href=\"");
        out.push_str(&attr(&relative(url, &e.url)));
        out.push('"');
        if is_current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        out.push_str(&attr(&e.title));
        out.push_str("</a>");
        if has_children && open {
            let _ = write!(
                out,
                "<ul class=\"nav-list\" aria-label=\"{}\">",
                attr(&strings.subpages_of.replace("{title}", &e.title))
            );
            let kids = &e.children;
            let pos = kids.iter().position(|k| trail.contains(k));
            let (from, to) = window(kids.len(), pos);
            for &k in &kids[from..to] {
                self.item(k, trail, current, url, strings, out);
            }
            if to - from < kids.len() {
                let _ = write!(
                    out,
                    "<li class=\"nav-item nav-more\"><a href=\"{}#undersider\">{}</a></li>",
                    attr(&relative(url, &e.url)),
                    attr(&strings.show_all.replace("{n}", &kids.len().to_string()))
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }

    /// Links to the children of an entry (for parent and group pages).
    pub fn children_html(&self, n: usize, url: &str) -> String {
        self.list_html(&self.entries[n].children, url)
    }

    /// Links to some entries, as a list.
    pub fn list_html(&self, nodes: &[usize], url: &str) -> String {
        let mut out = String::from("<ul class=\"child-list\">");
        for &k in nodes {
            let c = &self.entries[k];
            let _ = write!(
                out,
                "<li><a href=\"{}\">{}</a></li>",
                attr(&relative(url, &c.url)),
                attr(&c.title)
            );
        }
        out.push_str("</ul>");
        out
    }
}

/// The part of a list of `len` entries to show around position `pos`.
fn window(len: usize, pos: Option<usize>) -> (usize, usize) {
    if len <= LONG_LIST {
        return (0, len);
    }
    let pos = pos.unwrap_or(0);
    let from = pos.saturating_sub(WINDOW);
    let to = (from + 2 * WINDOW + 1).min(len);
    let from = to.saturating_sub(2 * WINDOW + 1);
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_stay_inside_the_list() {
        assert_eq!(window(10, Some(3)), (0, 10));
        assert_eq!(window(100, None), (0, 17));
        assert_eq!(window(100, Some(50)), (42, 59));
        assert_eq!(window(100, Some(99)), (83, 100));
        assert_eq!(window(100, Some(2)), (0, 17));
    }
}
