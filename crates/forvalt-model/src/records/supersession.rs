//! Which decision replaces which: the pairs written in links (`Erstatter [..](..)`,
//! `Erstattet af [..](..)`) and in front matter (`supersedes:`, `superseded_by:`), and the
//! circles they can form (a decision that supersedes itself, or A → B → A).

use super::Decision;
use forvalt_diag::{Diagnostic, Span};
use std::collections::{BTreeSet, HashMap};

/// One written supersession: `new` replaces `old`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The decision replaced.
    pub old: String,
    /// The decision that replaces it.
    pub new: String,
    /// Where it is written (a file's span), when it is written in a file.
    pub span: Option<Span>,
}

/// At most this many decisions are named in one diagnostic.
const NAMED: usize = 8;

/// Sets `supersedes` and `superseded_by` of every decision from the edges (sorted, without
/// duplicates and without a decision superseding itself) and reports self-supersession and
/// circles. Linear in the number of edges (plus sorting); loops over nothing unbounded.
pub fn resolve(
    decisions: &mut [Decision],
    mut edges: Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // One edge per pair; the first written place in a file wins.
    edges.sort_by(|a, b| {
        (&a.old, &a.new, a.span.is_none(), a.span).cmp(&(&b.old, &b.new, b.span.is_none(), b.span))
    });
    edges.dedup_by(|b, a| a.old == b.old && a.new == b.new);
    let mut kept = Vec::with_capacity(edges.len());
    for e in edges {
        if e.old == e.new {
            let mut d = Diagnostic::warning(
                "records::supersession-cycle",
                format!("`{}` says it supersedes itself", e.old),
            )
            .with_help("a decision can only supersede an older decision; remove the reference or point it at the decision replaced");
            if let Some(s) = e.span {
                d = d.with_span(s);
            }
            diagnostics.push(d);
        } else {
            kept.push(e);
        }
    }
    report_circles(&kept, diagnostics);
    let mut olds: HashMap<&str, Vec<String>> = HashMap::new();
    let mut news: HashMap<&str, Vec<String>> = HashMap::new();
    for e in &kept {
        olds.entry(e.new.as_str()).or_default().push(e.old.clone());
        news.entry(e.old.as_str()).or_default().push(e.new.clone());
    }
    for d in decisions.iter_mut() {
        d.supersedes = olds.get(d.id.as_str()).cloned().unwrap_or_default();
        d.superseded_by = news.get(d.id.as_str()).cloned().unwrap_or_default();
    }
}

/// Reports every group of decisions that supersede each other in a circle (the strongly
/// connected components of two or more decisions), smallest id first.
fn report_circles(edges: &[Edge], diagnostics: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = edges
        .iter()
        .flat_map(|e| [e.old.as_str(), e.new.as_str()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let at: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for e in edges {
        next[at[e.old.as_str()]].push(at[e.new.as_str()]);
    }
    let mut circles: Vec<Vec<usize>> = components(&next)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|mut c| {
            c.sort_unstable();
            c
        })
        .collect();
    circles.sort();
    for c in circles {
        let inside: std::collections::HashSet<usize> = c.iter().copied().collect();
        let names: Vec<String> = c
            .iter()
            .take(NAMED)
            .map(|i| format!("`{}`", ids[*i]))
            .collect();
        let listed = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                let more = c.len() - names.len();
                if more > 0 {
                    format!("{}, {last} and {more} more", rest.join(", "))
                } else {
                    format!("{} and {last}", rest.join(", "))
                }
            }
            _ => names.join(""),
        };
        let mut d = Diagnostic::warning(
            "records::supersession-cycle",
            format!("{listed} supersede each other in a circle, so none of them is the decision in force"),
        )
        .with_help("the newest decision supersedes the older ones; remove the reference that points from an older decision to a newer one");
        let circle_edges = edges.iter().filter(|e| {
            inside.contains(&at[e.old.as_str()]) && inside.contains(&at[e.new.as_str()])
        });
        let mut placed = 0;
        for e in circle_edges {
            let Some(s) = e.span else { continue };
            if placed == 0 {
                d = d.with_span(s);
            } else if placed <= NAMED {
                d = d.with_label(s, format!("`{}` is superseded by `{}` here", e.old, e.new));
            }
            placed += 1;
        }
        diagnostics.push(d);
    }
}

/// The strongly connected components of a graph given as successor lists (Tarjan's
/// algorithm with an explicit stack: no recursion, however long the chains).
fn components(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let n = next.len();
    let mut index = vec![NONE; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = calls.last_mut() {
            let (v, k) = *top;
            if let Some(&w) = next[v].get(k) {
                top.1 += 1;
                if index[w] == NONE {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_chains_and_circles() {
        // 0 → 1 → 2 → 0, 3 → 4, 5 alone.
        let next = vec![vec![1], vec![2], vec![0], vec![4], vec![], vec![]];
        let mut c: Vec<Vec<usize>> = components(&next)
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        c.sort();
        assert_eq!(c, vec![vec![0, 1, 2], vec![3], vec![4], vec![5]]);
        // A chain of 100,000 decisions needs no deep recursion.
        let long: Vec<Vec<usize>> = (0..100_000)
            .map(|i| {
                if i + 1 < 100_000 {
                    vec![i + 1]
                } else {
                    vec![0]
                }
            })
            .collect();
        assert_eq!(components(&long).len(), 1);
    }
}
