//! Tables of contents: a page's headings as a nested list (`toc.html`).

use serde::Serialize;

/// A heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// The text.
    pub text: String,
    /// Left out of tables of contents (`{: .no_toc }`).
    pub no_toc: bool,
}

/// An entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocItem {
    /// The heading's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Deeper headings under it.
    pub children: Vec<TocItem>,
}

/// The headings from level `min` to `max` (not marked `no_toc`) as a tree: a heading deeper
/// than the one before nests one level under it, however many levels it skips.
pub fn toc(headings: &[Heading], min: u8, max: u8) -> Vec<TocItem> {
    let items: Vec<&Heading> = headings
        .iter()
        .filter(|h| !h.no_toc && h.level >= min && h.level <= max)
        .collect();
    let Some(first) = items.first() else {
        return Vec::new();
    };
    // Open lists: the level each was opened at, and its entries so far.
    let mut stack: Vec<(u8, Vec<TocItem>)> = vec![(first.level, Vec::new())];
    for (n, h) in items.iter().enumerate() {
        let level = h.level.max(stack[0].0);
        let top = stack.last().map_or(level, |s| s.0);
        if n > 0 && level > top {
            stack.push((level, Vec::new()));
        } else {
            while stack.len() > 1 && stack.last().is_some_and(|s| s.0 > level) {
                close(&mut stack);
            }
        }
        if let Some((_, list)) = stack.last_mut() {
            list.push(TocItem {
                id: h.id.clone(),
                text: h.text.clone(),
                children: Vec::new(),
            });
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().map(|s| s.1).unwrap_or_default()
}

/// Closes the innermost list: it becomes the children of the last entry of the one around it.
fn close(stack: &mut Vec<(u8, Vec<TocItem>)>) {
    if let Some((_, list)) = stack.pop()
        && let Some(parent) = stack.last_mut().and_then(|s| s.1.last_mut())
    {
        parent.children = list;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.to_uppercase(),
            no_toc: false,
        }
    }

    fn shape(items: &[TocItem]) -> String {
        items
            .iter()
            .map(|i| {
                if i.children.is_empty() {
                    i.id.clone()
                } else {
                    format!("{}({})", i.id, shape(&i.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn nesting_follows_the_levels() {
        let heads = [
            h(2, "a"),
            h(3, "b"),
            h(3, "c"),
            h(2, "d"),
            h(4, "e"),
            h(2, "f"),
        ];
        assert_eq!(shape(&toc(&heads, 2, 3)), "a(b c) d f");
        assert_eq!(shape(&toc(&heads, 1, 6)), "a(b c) d(e) f");
        // A first heading deeper than later ones sets the base level.
        let heads = [h(3, "a"), h(2, "b"), h(3, "c")];
        assert_eq!(shape(&toc(&heads, 1, 6)), "a b c");
        assert!(toc(&[], 1, 6).is_empty());
    }
}
