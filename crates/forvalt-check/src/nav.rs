//! Navigation among siblings: `has_children` without children, duplicate titles and equal
//! `nav_order` in one menu level. (Missing and ambiguous parents and cycles are reported
//! while the menu is built, by the model.)

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::{NavItem, NavOrder, Repository};
use std::collections::HashMap;

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let tree = &repo.nav;
    let page_span = |i: usize, key: &str| -> Span {
        let p = &repo.pages[i];
        p.front_matter
            .as_ref()
            .and_then(|f| f.key_span(key).or(Some(f.span)))
            .unwrap_or_else(|| Span::new(0, 0).in_file(p.file))
    };
    // has_children: true, but nothing names the page as its parent.
    for (i, page) in repo.pages.iter().enumerate() {
        if page.nav.has_children != Some(true) || page.nav.exclude {
            continue;
        }
        let Some(node) = tree.page_node.get(i).copied().flatten() else {
            continue;
        };
        if tree.nodes[node].children.is_empty() {
            out.push(
                Diagnostic::warning(
                    "nav::childless",
                    format!(
                        "`{}` says `has_children: true`, but no page has it as its parent",
                        page.title
                    ),
                )
                .with_span(page_span(i, "has_children"))
                .with_help(format!(
                    "give its pages `parent: {}`, or remove `has_children`",
                    page.title
                )),
            );
        }
    }
    // Siblings: every menu level.
    let mut levels: Vec<&[usize]> = vec![&tree.roots];
    levels.extend(tree.nodes.iter().map(|n| n.children.as_slice()));
    for level in levels {
        let pages: Vec<usize> = level
            .iter()
            .filter_map(|n| match tree.nodes[*n].item {
                NavItem::Page(p) => Some(p),
                NavItem::Group { page, .. } => page,
            })
            .collect();
        let mut titles: HashMap<String, usize> = HashMap::new();
        let mut orders: HashMap<String, usize> = HashMap::new();
        for &p in &pages {
            let page = &repo.pages[p];
            let key = page.title.trim().to_lowercase();
            if let Some(&first) = titles.get(&key) {
                out.push(
                    Diagnostic::warning(
                        "nav::duplicate-title",
                        format!(
                            "two pages in the same menu are titled `{}`",
                            page.title.trim()
                        ),
                    )
                    .with_span(page_span(p, "title"))
                    .with_label(page_span(first, "title"), "the other one")
                    .with_help("readers cannot tell them apart, and `parent:` cannot name only one of them"),
                );
            } else {
                titles.insert(key, p);
            }
            let order = match &page.nav.nav_order {
                Some(NavOrder::Number(n)) => format!("{n}"),
                Some(NavOrder::Text(t)) => t.trim().to_string(),
                None => continue,
            };
            if let Some(&first) = orders.get(&order) {
                out.push(
                    Diagnostic::note(
                        "nav::duplicate-nav-order",
                        format!(
                            "`{}` and `{}` both have `nav_order: {order}`",
                            repo.pages[first].title, page.title
                        ),
                    )
                    .with_span(page_span(p, "nav_order"))
                    .with_label(page_span(first, "nav_order"), "the same order here")
                    .with_note("the menu then orders them by title"),
                );
            } else {
                orders.insert(order, p);
            }
        }
    }
}
