//! The menu, per page: the top level, and the branch down to the current page opened.
//! Closed branches are not repeated in every page, and long lists show a window around the
//! current entry with a link to the full list, so the site grows linearly with its pages.

use super::Link;
use crate::i18n::Strings;
use forvalt_model::url::relative;
use forvalt_model::{NavItem, Repository};
use serde::Serialize;
use std::collections::HashSet;

/// Lists longer than this are shown as a window around the current entry.
const LONG_LIST: usize = 25;
/// Entries shown either side of the current one in a long list.
const WINDOW: usize = 8;

/// The menu's entries with their titles and URLs.
#[derive(Debug, Clone, Serialize)]
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
                        strings.t("unplaced").to_string()
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

    /// The menu of the page at `url`, whose entry is `node`: the top level, and the branch
    /// down to the page opened.
    pub fn view<'m>(
        &'m self,
        roots: &[usize],
        node: Option<usize>,
        url: &str,
        strings: &Strings,
    ) -> MenuView<'m> {
        self.view_with(roots, node, url, strings, &|_, _| None)
    }

    /// [`Menu::view`], with the closed entries `rendered` has already (by node, and whether
    /// it is the page) taken as they are.
    pub fn view_with<'m>(
        &'m self,
        roots: &[usize],
        node: Option<usize>,
        url: &str,
        strings: &Strings,
        rendered: Rendered<'_>,
    ) -> MenuView<'m> {
        let trail = self.trail(node);
        let at = Place {
            trail: &trail,
            current: node,
            url,
            strings,
            rendered,
        };
        MenuView {
            items: roots.iter().map(|&r| self.item(r, &at)).collect(),
            sections: Vec::new(),
        }
    }

    /// The sections of `sections` for the page at `node`.
    pub fn sections_view<'m>(
        &'m self,
        sections: &'m [forvalt_model::nav::NavSection],
        node: Option<usize>,
        url: &str,
        strings: &Strings,
        rendered: Rendered<'_>,
    ) -> Vec<SectionView<'m>> {
        let trail = self.trail(node);
        sections
            .iter()
            .map(|s| {
                let view = self.view_with(&s.roots, node, url, strings, rendered);
                SectionView {
                    title: &s.title,
                    fold: s.fold,
                    open: s.roots.iter().any(|r| trail.contains(r)),
                    items: view.items,
                }
            })
            .collect()
    }

    fn item<'m>(&'m self, n: usize, at: &Place<'_>) -> MenuItem<'m> {
        let e = &self.entries[n];
        let has_children = !e.children.is_empty();
        let open = has_children && at.trail.contains(&n);
        let current = at.current == Some(n);
        if !open && let Some(html) = (at.rendered)(n, current) {
            return MenuItem {
                node: n,
                html: Some(html),
                title: &e.title,
                href: String::new(),
                current,
                class: "",
                has_children,
                open,
                label: String::new(),
                children: Vec::new(),
                more: None,
            };
        }
        let (trail, url, strings) = (at.trail, at.url, at.strings);
        let mut item = MenuItem {
            node: n,
            html: None,
            title: &e.title,
            href: relative(url, &e.url),
            current,
            class: if open {
                "nav-item is-open"
            } else if has_children {
                "nav-item has-children"
            } else {
                "nav-item"
            },
            has_children,
            open,
            label: String::new(),
            children: Vec::new(),
            more: None,
        };
        if open {
            item.label = strings.fill("subpages_of", &[("title", &e.title)]);
            let kids = &e.children;
            let pos = kids.iter().position(|k| trail.contains(k));
            let (from, to) = window(kids.len(), pos);
            item.children = kids[from..to].iter().map(|&k| self.item(k, at)).collect();
            if to - from < kids.len() {
                item.more = Some(Link::new(
                    format!("{}#undersider", item.href),
                    strings.fill("show_all", &[("n", &kids.len().to_string())]),
                ));
            }
        }
        item
    }

    /// Links to the children of an entry (for parent and group pages).
    pub fn children(&self, n: usize, url: &str) -> Vec<Link> {
        self.links(&self.entries[n].children, url)
    }

    /// Links to some entries.
    pub fn links(&self, nodes: &[usize], url: &str) -> Vec<Link> {
        nodes
            .iter()
            .map(|&k| {
                Link::new(
                    relative(url, &self.entries[k].url),
                    self.entries[k].title.clone(),
                )
            })
            .collect()
    }
}

/// Closed entries rendered in one build: (node, hash of the page's folder, is the page) →
/// HTML.
pub type RenderedItems =
    std::sync::RwLock<std::collections::HashMap<(usize, u64, bool), std::sync::Arc<str>>>;

/// Closed entries already rendered: (node, is the page) → HTML.
pub type Rendered<'a> = &'a dyn Fn(usize, bool) -> Option<std::sync::Arc<str>>;

/// Where a menu is made for: the page's trail and entry, its address.
struct Place<'a> {
    trail: &'a [usize],
    current: Option<usize>,
    url: &'a str,
    strings: &'a Strings,
    rendered: Rendered<'a>,
}

/// The menu of one page (`menu.html`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MenuView<'m> {
    /// The top level.
    pub items: Vec<MenuItem<'m>>,
    /// The collections' sections (after the external links).
    pub sections: Vec<SectionView<'m>>,
}

/// A collection's section of the menu.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SectionView<'m> {
    /// Its heading (empty: none).
    pub title: &'m str,
    /// It folds (`nav_fold`); open when it holds the page.
    pub fold: bool,
    /// It holds the page.
    pub open: bool,
    /// Its top level.
    pub items: Vec<MenuItem<'m>>,
}

/// An entry of the menu. A closed entry that comes rendered (`html`) serialises as that
/// alone: the template writes it as it is.
#[derive(Debug, Clone)]
pub struct MenuItem<'m> {
    /// Its menu node.
    pub node: usize,
    /// A closed entry already rendered with `menu-item.html` (HTML).
    pub html: Option<std::sync::Arc<str>>,
    /// Title.
    pub title: &'m str,
    /// Relative address.
    pub href: String,
    /// The page itself.
    pub current: bool,
    /// Its classes: `nav-item`, with `is-open` or `has-children`.
    pub class: &'static str,
    /// It has sub-pages.
    pub has_children: bool,
    /// Opened: it is on the way to the page; its children are shown.
    pub open: bool,
    /// The accessible name of its list of children (when open).
    pub label: String,
    /// Its children, when open (a window around the page in long lists).
    pub children: Vec<MenuItem<'m>>,
    /// A link to all children when the list is shortened.
    pub more: Option<Link>,
}

impl Serialize for MenuItem<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if let Some(html) = &self.html {
            let mut m = s.serialize_struct("MenuItem", 1)?;
            m.serialize_field("html", &**html)?;
            return m.end();
        }
        let mut m = s.serialize_struct("MenuItem", 9)?;
        m.serialize_field("title", self.title)?;
        m.serialize_field("href", &self.href)?;
        m.serialize_field("current", &self.current)?;
        m.serialize_field("class", self.class)?;
        m.serialize_field("has_children", &self.has_children)?;
        m.serialize_field("open", &self.open)?;
        m.serialize_field("label", &self.label)?;
        m.serialize_field("children", &self.children)?;
        m.serialize_field("more", &self.more)?;
        m.end()
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

/// The whole menu's file, beside the theme's assets: every page loads the same file.
pub const MENU_FILE: &str = "menu.json";

/// Menu levels in [`full_menu`]; deeper entries (only in absurd menus) are left out.
const MAX_DEPTH: usize = 64;

/// The whole menu as JSON, for the script that shows it on every page with expanders (the
/// pages themselves carry only the top level and their own branch, so the site grows
/// linearly): `{"items": [{"t": title, "u": URL, "c": [children]}], "external": [{"t", "u",
/// "n": opens in a new tab}]}`, URLs from the site root without the baseurl.
/// `external` are `nav_external_links`: title, address, opens in a new tab.
pub fn full_menu(repo: &Repository, menu: &Menu, external: &[(&str, &str, bool)]) -> Vec<u8> {
    fn entries(menu: &Menu, nodes: &[usize], depth: usize) -> Vec<serde_json::Value> {
        if depth >= MAX_DEPTH {
            return Vec::new();
        }
        nodes
            .iter()
            .filter_map(|&n| menu.entries.get(n))
            .map(|e| {
                let mut o = serde_json::Map::new();
                o.insert("t".into(), e.title.clone().into());
                o.insert("u".into(), e.url.clone().into());
                let children = entries(menu, &e.children, depth + 1);
                if !children.is_empty() {
                    o.insert("c".into(), children.into());
                }
                serde_json::Value::Object(o)
            })
            .collect()
    }
    let external: Vec<serde_json::Value> = external
        .iter()
        .map(|(t, u, n)| serde_json::json!({"t": t, "u": u, "n": n}))
        .collect();
    serde_json::json!({
        "items": entries(menu, &repo.nav.roots, 0),
        "external": external,
    })
    .to_string()
    .into_bytes()
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
