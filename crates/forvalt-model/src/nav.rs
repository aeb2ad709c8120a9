//! The menu: just-the-docs semantics for pages with front matter (parents by title,
//! `grand_parent`, `nav_order`, `nav_exclude`, `child_nav_order`), folders for pages without
//! it, and a visible "Uden placering" group for pages whose parent does not exist.

use crate::page::{NavOrder, Page, TitleSource, humanize};
use forvalt_diag::Diagnostic;
use std::collections::HashMap;

/// What a menu entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavItem {
    /// A page (index into the repository's pages).
    Page(usize),
    /// A folder of pages without front matter, or the "unplaced" group; `page` is the
    /// folder's README/index page when there is one.
    Group {
        /// The shown name.
        title: String,
        /// The folder path (or `""` for the unplaced group).
        key: String,
        /// The folder's own page.
        page: Option<usize>,
    },
}

/// One menu entry.
#[derive(Debug, Clone, PartialEq)]
pub struct NavNode {
    /// What it is.
    pub item: NavItem,
    /// Its children, in menu order.
    pub children: Vec<usize>,
    /// Its parent entry.
    pub parent: Option<usize>,
}

/// The whole menu.
#[derive(Debug, Clone, Default)]
pub struct NavTree {
    /// All entries.
    pub nodes: Vec<NavNode>,
    /// Top-level entries, in menu order.
    pub roots: Vec<usize>,
    /// The entry of each page (`None`: not in the menu).
    pub page_node: Vec<Option<usize>>,
    /// A Jekyll site's collections shown as menu sections (`just_the_docs.collections`),
    /// after the pages and the external links, as just-the-docs puts them.
    pub sections: Vec<NavSection>,
}

/// A collection's section of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavSection {
    /// Its heading (`name`); empty when it is the only section and the menu has no pages
    /// (just-the-docs then shows no heading).
    pub title: String,
    /// Whether it folds (`nav_fold: true`).
    pub fold: bool,
    /// Its top-level entries, in menu order.
    pub roots: Vec<usize>,
}

/// How the menu is built.
#[derive(Debug, Clone)]
pub struct NavOptions {
    /// Sort titles case-sensitively (`nav_sort: case_sensitive`).
    pub case_sensitive: bool,
    /// The name of the group of pages whose parent does not exist.
    pub unplaced: String,
    /// just-the-docs' menu exactly, for a Jekyll site: only pages with a title, no folder
    /// groups, and pages whose parent does not exist left out (not under [`Self::unplaced`]).
    pub jekyll: bool,
    /// In a Jekyll site, the menu of this collection's documents instead of the pages.
    pub collection: Option<String>,
}

impl Default for NavOptions {
    fn default() -> Self {
        NavOptions {
            case_sensitive: false,
            unplaced: "Uden placering".into(),
            jekyll: false,
            collection: None,
        }
    }
}

impl NavTree {
    /// Builds the menu of `pages`; `included` says which pages are published.
    pub fn build(
        pages: &[Page],
        included: &[bool],
        options: &NavOptions,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> NavTree {
        // just-the-docs places pages with a title; forvalt's own menu, pages with front
        // matter (the others by folder).
        let placed = |p: &Page| {
            if options.jekyll {
                match &options.collection {
                    Some(c) => p.collection.as_ref() == Some(c),
                    None => p.title_from != TitleSource::FileName && p.collection.is_none(),
                }
            } else {
                p.front_matter.is_some()
            }
        };
        let (mut parent, also_under) =
            resolve_parents(pages, included, options, &placed, diagnostics);
        break_cycles(pages, &mut parent, diagnostics);
        // Excluded pages hide their descendants too.
        let excluded = |mut i: usize| -> bool {
            for _ in 0..pages.len() {
                if pages[i].nav.exclude {
                    return true;
                }
                match parent[i] {
                    Some(Ok(p)) => i = p,
                    _ => return false,
                }
            }
            false
        };

        let mut tree = NavTree {
            nodes: Vec::new(),
            roots: Vec::new(),
            page_node: vec![None; pages.len()],
            sections: Vec::new(),
        };
        for (i, p) in pages.iter().enumerate() {
            if placed(p) && included[i] && !excluded(i) {
                tree.page_node[i] = Some(tree.nodes.len());
                tree.nodes.push(NavNode {
                    item: NavItem::Page(i),
                    children: Vec::new(),
                    parent: None,
                });
            }
        }
        let mut unplaced = Vec::new();
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            let Some(node) = tree.page_node[i] else {
                continue;
            };
            match p {
                Some(Ok(par)) => {
                    if let Some(pn) = tree.page_node[*par] {
                        tree.nodes[pn].children.push(node);
                        tree.nodes[node].parent = Some(pn);
                    }
                }
                Some(Err(())) => unplaced.push(node),
                None => roots.push(node),
            }
        }
        // Pages without front matter: by folder (not in a Jekyll site's menu).
        if !options.jekyll {
            tree.add_folders(pages, included, &mut roots);
        }
        // Order.
        tree.copy_under_namesakes(&also_under, pages.len());
        let key = |tree: &NavTree, n: usize| sort_key(tree, pages, n, options);
        let order_children = |tree: &mut NavTree, list: &mut Vec<usize>, reversed: bool| {
            list.sort_by_key(|&a| key(tree, a));
            if reversed {
                list.reverse();
            }
        };
        for n in 0..tree.nodes.len() {
            let mut children = std::mem::take(&mut tree.nodes[n].children);
            let reversed = match tree.nodes[n].item {
                NavItem::Page(p) => pages[p].nav.children_reversed,
                NavItem::Group { .. } => false,
            };
            order_children(&mut tree, &mut children, reversed);
            tree.nodes[n].children = children;
        }
        order_children(&mut tree, &mut roots, false);
        if options.jekyll {
            unplaced.clear();
        }
        if !unplaced.is_empty() {
            order_children(&mut tree, &mut unplaced, false);
            let g = tree.nodes.len();
            tree.nodes.push(NavNode {
                item: NavItem::Group {
                    title: options.unplaced.clone(),
                    key: String::new(),
                    page: None,
                },
                children: unplaced.clone(),
                parent: None,
            });
            for u in unplaced {
                tree.nodes[u].parent = Some(g);
            }
            roots.push(g);
        }
        tree.roots = roots;
        tree.forget_unreachable();
        tree
    }

    /// Puts the published pages without front matter in a menu of their folders (a
    /// folder's README or index page is the folder's own page).
    fn add_folders(&mut self, pages: &[Page], included: &[bool], roots: &mut Vec<usize>) {
        let tree = self;
        let mut folders: HashMap<String, usize> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if p.front_matter.is_some() || !included[i] {
                continue;
            }
            let dir = p.path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            let name = p.path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            let is_index = name.starts_with("readme.") || name.starts_with("index.");
            if is_index && !dir.is_empty() {
                let g = tree.folder(&dir, &mut folders, roots);
                if let NavItem::Group { page, .. } = &mut tree.nodes[g].item {
                    *page = Some(i);
                }
                tree.page_node[i] = Some(g);
                continue;
            }
            let node = tree.nodes.len();
            tree.nodes.push(NavNode {
                item: NavItem::Page(i),
                children: Vec::new(),
                parent: None,
            });
            tree.page_node[i] = Some(node);
            if dir.is_empty() {
                roots.push(node);
            } else {
                let g = tree.folder(&dir, &mut folders, roots);
                tree.nodes[g].children.push(node);
                tree.nodes[node].parent = Some(g);
            }
        }
    }

    /// Adds the menus of `collections` (name, heading, fold) as sections, each built as
    /// just-the-docs builds the pages' menu but from the collection's documents only.
    pub fn add_sections(
        &mut self,
        pages: &[Page],
        included: &[bool],
        options: &NavOptions,
        collections: &[(String, String, bool)],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let alone = collections.len() == 1 && self.roots.is_empty();
        for (name, title, fold) in collections {
            let options = NavOptions {
                collection: Some(name.clone()),
                ..options.clone()
            };
            let sub = NavTree::build(pages, included, &options, diagnostics);
            let offset = self.nodes.len();
            for mut node in sub.nodes {
                node.children.iter_mut().for_each(|c| *c += offset);
                node.parent = node.parent.map(|p| p + offset);
                self.nodes.push(node);
            }
            for (i, n) in sub.page_node.iter().enumerate() {
                if let Some(n) = n {
                    self.page_node[i] = Some(n + offset);
                }
            }
            self.sections.push(NavSection {
                title: if alone { String::new() } else { title.clone() },
                fold: *fold && !alone,
                roots: sub.roots.iter().map(|r| r + offset).collect(),
            });
        }
    }

    /// Shows each page of `also` (with its entries below) under the other parents too, as
    /// just-the-docs does for parents of the same title; at most `4 × pages` copies.
    fn copy_under_namesakes(&mut self, also: &[(usize, Vec<usize>)], pages: usize) {
        let mut budget = pages.saturating_mul(4);
        for (child, parents) in also {
            let Some(node) = self.page_node[*child] else {
                continue;
            };
            for p in parents {
                let Some(pn) = self.page_node[*p] else {
                    continue;
                };
                if let Some(copy) = self.copy_subtree(node, &mut budget) {
                    self.nodes[copy].parent = Some(pn);
                    self.nodes[pn].children.push(copy);
                }
            }
        }
    }

    /// A copy of the entry `n` and everything below it (`None` when over `budget`).
    fn copy_subtree(&mut self, n: usize, budget: &mut usize) -> Option<usize> {
        let first = self.nodes.len();
        let mut stack = vec![(n, None::<usize>)];
        while let Some((from, parent)) = stack.pop() {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            let id = self.nodes.len();
            self.nodes.push(NavNode {
                item: self.nodes[from].item.clone(),
                children: Vec::new(),
                parent,
            });
            if let Some(p) = parent {
                self.nodes[p].children.push(id);
            }
            stack.extend(
                self.nodes[from]
                    .children
                    .iter()
                    .rev()
                    .map(|&c| (c, Some(id))),
            );
        }
        Some(first)
    }

    /// Entries not reachable from the top level (below a page whose parent does not exist)
    /// are not in the menu: their pages lose their entry.
    fn forget_unreachable(&mut self) {
        let mut reached = vec![false; self.nodes.len()];
        let mut stack = self.roots.clone();
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut reached[n], true) {
                stack.extend(self.nodes[n].children.iter().copied());
            }
        }
        for slot in &mut self.page_node {
            if slot.is_some_and(|n| !reached[n]) {
                *slot = None;
            }
        }
    }

    fn folder(
        &mut self,
        dir: &str,
        folders: &mut HashMap<String, usize>,
        roots: &mut Vec<usize>,
    ) -> usize {
        if let Some(&g) = folders.get(dir) {
            return g;
        }
        let (parent_dir, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        let g = self.nodes.len();
        self.nodes.push(NavNode {
            item: NavItem::Group {
                title: humanize(name),
                key: dir.to_string(),
                page: None,
            },
            children: Vec::new(),
            parent: None,
        });
        folders.insert(dir.to_string(), g);
        if parent_dir.is_empty() {
            roots.push(g);
        } else {
            let p = self.folder(parent_dir, folders, roots);
            self.nodes[p].children.push(g);
            self.nodes[g].parent = Some(p);
        }
        g
    }

    /// The entries from the top of the menu down to page `page` (inclusive).
    pub fn trail(&self, page: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.page_node.get(page).copied().flatten();
        while let Some(n) = cur {
            out.push(n);
            cur = self.nodes[n].parent;
        }
        out.reverse();
        out
    }
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Number(i64),
    Text(String),
    Title,
}

/// The parent of each placed page (`None`: top level; `Err`: its parent does not exist),
/// and pages a Jekyll site's menu also shows under parents of the same title.
#[allow(clippy::type_complexity)]
fn resolve_parents(
    pages: &[Page],
    included: &[bool],
    options: &NavOptions,
    placed: &dyn Fn(&Page) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Option<Result<usize, ()>>>, Vec<(usize, Vec<usize>)>) {
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_title_lower: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if placed(p) && included[i] {
            by_title.entry(p.title.as_str()).or_default().push(i);
            by_title_lower
                .entry(p.title.to_lowercase())
                .or_default()
                .push(i);
        }
    }
    // Pages shown under more parents of the same title (a Jekyll site's menu).
    let mut also_under: Vec<(usize, Vec<usize>)> = Vec::new();
    // Parent of each front-matter page (None = top level), or Err = unplaced.
    let mut parent: Vec<Option<Result<usize, ()>>> = vec![None; pages.len()];
    for (i, p) in pages.iter().enumerate() {
        if !placed(p) || !included[i] {
            continue;
        }
        let Some(want) = &p.nav.parent else { continue };
        let mut candidates: Vec<usize> = by_title
            .get(want.value.as_str())
            .map(|v| v.iter().copied().filter(|&c| c != i).collect())
            .unwrap_or_default();
        let mut case_only = false;
        if candidates.is_empty()
            && let Some(v) = by_title_lower.get(&want.value.to_lowercase())
        {
            candidates = v.iter().copied().filter(|&c| c != i).collect();
            case_only = !candidates.is_empty();
        }
        if let Some(gp) = &p.nav.grand_parent {
            let filtered: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&c| {
                    pages[c]
                        .nav
                        .parent
                        .as_ref()
                        .is_some_and(|pp| pp.value == *gp)
                })
                .collect();
            if !filtered.is_empty() {
                candidates = filtered;
            }
        }
        match candidates.first() {
            None => {
                parent[i] = Some(Err(()));
                let mut d = Diagnostic::error(
                    "nav::missing-parent",
                    format!(
                        "no page has the title `{}`, so this page has no place in the menu",
                        want.value
                    ),
                )
                .with_span(want.span)
                .with_note(if options.jekyll {
                    "just-the-docs leaves it out of the menu, and so does forvalt".to_string()
                } else {
                    format!(
                        "forvalt shows it under \"{}\"; just-the-docs leaves it out of the menu",
                        options.unplaced
                    )
                });
                let titles: Vec<&str> = by_title.keys().copied().collect();
                if let Some(c) = closest_title(&want.value, &titles) {
                    d = d.with_help(format!("did you mean `{c}`?"));
                    // A concrete edit only when the numbers agree: `Arkiv 2023` is not
                    // a typo of `Arkiv 2024`.
                    let digits =
                        |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
                    if let Some(fm) = &p.front_matter
                        && let Some(v) = fm.value_span("parent")
                        && digits(c) == digits(&want.value)
                    {
                        let escaped = c.replace('\\', "\\\\").replace('"', "\\\"");
                        d = d.with_suggestion(
                            v,
                            format!("\"{escaped}\""),
                            format!("use the title `{c}`"),
                        );
                    }
                }
                diagnostics.push(d);
            }
            Some(&c) => {
                if case_only {
                    diagnostics.push(
                        Diagnostic::warning(
                            "nav::parent-case",
                            format!("the parent `{}` matches the title `{}` only when case is ignored", want.value, pages[c].title),
                        )
                        .with_span(want.span)
                        .with_note(if options.jekyll {
                            "just-the-docs compares titles exactly and leaves this page out of the menu, and so does forvalt"
                        } else {
                            "just-the-docs compares titles exactly and leaves this page out of the menu; forvalt places it under that page"
                        })
                        .with_suggestion(want.span, format!("\"{}\"", pages[c].title.replace('\\', "\\\\").replace('"', "\\\"")), "write the title as the parent has it"),
                    );
                    if options.jekyll {
                        parent[i] = Some(Err(()));
                        continue;
                    }
                }
                if candidates.len() > 1 {
                    let placed_where = if options.jekyll {
                        "just-the-docs shows this page under each of them, and so does forvalt"
                    } else {
                        "this page is placed under the first"
                    };
                    diagnostics.push(
                        Diagnostic::warning(
                            "nav::ambiguous-parent",
                            format!(
                                "{} pages have the title `{}`; {placed_where}",
                                candidates.len(),
                                want.value
                            ),
                        )
                        .with_span(want.span)
                        .with_help("add `grand_parent:` to say which one is meant"),
                    );
                    if options.jekyll {
                        // At most 100 namesakes each (the copies are bounded too).
                        also_under
                            .push((i, candidates.iter().skip(1).take(100).copied().collect()));
                    }
                }
                parent[i] = Some(Ok(c));
            }
        }
    }
    (parent, also_under)
}

/// Breaks cycles of parents: a page that is its own ancestor is reported and not placed.
fn break_cycles(
    pages: &[Page],
    parent: &mut [Option<Result<usize, ()>>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Break cycles.
    for i in 0..pages.len() {
        let mut seen = vec![i];
        let mut cur = i;
        while let Some(Some(Ok(p))) = parent.get(cur).cloned() {
            if p == i || seen.contains(&p) {
                if p == i {
                    parent[i] = Some(Err(()));
                    diagnostics.push(
                        Diagnostic::error(
                            "nav::cycle",
                            "this page is (through its parents) its own parent",
                        )
                        .with_span(
                            pages[i]
                                .nav
                                .parent
                                .as_ref()
                                .map(|p| p.span)
                                .unwrap_or_default(),
                        ),
                    );
                }
                break;
            }
            seen.push(p);
            cur = p;
        }
    }
}

fn sort_key(
    tree: &NavTree,
    pages: &[Page],
    n: usize,
    options: &NavOptions,
) -> (Rank, String, String) {
    let case_sensitive = options.case_sensitive;
    let fold = |s: &str| {
        if case_sensitive {
            s.to_string()
        } else {
            s.to_lowercase()
        }
    };
    match &tree.nodes[n].item {
        NavItem::Page(p) => {
            let page = &pages[*p];
            // just-the-docs sorts a quoted `nav_order: "4"` as text, after the numbers.
            let quoted = page
                .front_matter
                .as_ref()
                .filter(|_| options.jekyll)
                .and_then(|f| f.values.get("nav_order"))
                .and_then(|v| v.as_str())
                .map(fold);
            let rank = match (&page.nav.nav_order, quoted) {
                (_, Some(text)) => Rank::Text(text),
                (Some(NavOrder::Number(x)), None) => Rank::Number((x * 1000.0).round() as i64),
                (Some(NavOrder::Text(s)), None) => Rank::Text(fold(s)),
                (None, None) => Rank::Title,
            };
            if page.front_matter.is_none() && !options.jekyll {
                // Plain files keep their folder order (date-named decisions and meetings).
                return (rank, fold(&page.path), String::new());
            }
            (rank, fold(&page.title), page.path.clone())
        }
        NavItem::Group { title, key, .. } => (Rank::Title, fold(title), key.clone()),
    }
}

fn closest_title<'a>(want: &str, titles: &[&'a str]) -> Option<&'a str> {
    let w = want.to_lowercase();
    titles
        .iter()
        .map(|t| (distance(&w, &t.to_lowercase()), *t))
        .filter(|(d, _)| *d <= (want.chars().count() / 3).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, t)| t)
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}
