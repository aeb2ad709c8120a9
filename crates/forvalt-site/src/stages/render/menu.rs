//! A page's menu for its template. Most of a menu is the same on every page of a folder —
//! the closed entries, whose links are relative to the folder — so each closed entry is
//! rendered once per folder (with `menu-item.html`) and reused.

use super::super::plan::Plan;
use crate::views::menu::{MenuItem, MenuView};
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The menu of the page at `url` (its entry is `node`), closed entries rendered.
pub(crate) fn menu<'p>(plan: &'p Plan<'_>, node: Option<usize>, url: &str) -> MenuView<'p> {
    let folder = &url[..url.rfind('/').map_or(0, |i| i + 1)];
    let mut h = DefaultHasher::new();
    folder.hash(&mut h);
    let folder = h.finish();
    let known = |n: usize, current: bool| {
        plan.menu_items
            .read()
            .ok()
            .and_then(|m| m.get(&(n, folder, current)).cloned())
    };
    let mut view = plan
        .menu
        .view_with(&plan.repo.nav.roots, node, url, plan.strings, &known);
    render_closed(plan, &mut view.items, folder);
    view.sections =
        plan.menu
            .sections_view(&plan.repo.nav.sections, node, url, plan.strings, &known);
    for s in &mut view.sections {
        render_closed(plan, &mut s.items, folder);
    }
    view
}

fn render_closed(plan: &Plan<'_>, items: &mut [MenuItem<'_>], folder: u64) {
    #[derive(Serialize)]
    struct Ctx<'a, 'm> {
        item: &'a MenuItem<'m>,
    }
    for item in items {
        if item.open {
            render_closed(plan, &mut item.children, folder);
            continue;
        }
        if item.html.is_some() {
            continue;
        }
        let key = (item.node, folder, item.current);
        let html: Arc<str> = plan.theme.render("menu-item.html", &Ctx { item }).into();
        if let Ok(mut m) = plan.menu_items.write() {
            m.insert(key, html.clone());
        }
        item.html = Some(html);
    }
}
