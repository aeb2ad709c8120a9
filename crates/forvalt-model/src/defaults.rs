//! Jekyll's front matter defaults (`defaults:` in `_config.yml`): values every page under a
//! path gets unless its own front matter sets them.
//!
//! A set applies to a page when its `scope.path` is empty, names the page's folder (or the
//! page), or matches it as a glob, and its `scope.type` is missing, `pages` for a page, or
//! the collection's name for a collection's document. Sets with a
//! longer path take precedence, then sets with a type, then later sets, as in Jekyll.

use crate::config::SiteConfig;
use crate::frontmatter::FrontMatter;
use forvalt_diag::{Diagnostic, FileId, Span};
use serde_json::{Map, Value};

/// At most this many sets are read (a site has a handful).
const MAX_SETS: usize = 1000;

/// One set: where it applies and what it gives.
#[derive(Debug, Clone)]
struct Set {
    path: String,
    /// `scope.type`: `pages`, a collection's name, or none (everything).
    kind: Option<String>,
    values: Map<String, Value>,
}

/// The defaults of a site.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    sets: Vec<Set>,
}

impl Defaults {
    /// Reads `defaults:`; sets that cannot be used are reported and skipped.
    pub fn read(config: &SiteConfig, diagnostics: &mut Vec<Diagnostic>) -> Defaults {
        let Some(list) = config.raw.get("defaults") else {
            return Defaults::default();
        };
        let place = |path: &[&str]| config.places.value(path);
        let Some(list) = list.as_array() else {
            diagnostics.push(unusable(place(&["defaults"]), "`defaults` must be a list"));
            return Defaults::default();
        };
        let mut sets = Vec::new();
        for (i, set) in list.iter().enumerate().take(MAX_SETS) {
            let index = i.to_string();
            let scope = set.get("scope");
            let kind = scope.and_then(|s| s.get("type")).and_then(Value::as_str);
            let Some(values) = set.get("values").and_then(Value::as_object) else {
                diagnostics.push(unusable(
                    place(&["defaults", &index]),
                    "this set of defaults has no `values` mapping",
                ));
                continue;
            };
            let path = scope
                .and_then(|s| s.get("path"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim_matches('/')
                .to_string();
            sets.push(Set {
                path,
                kind: kind.map(str::to_string),
                values: values.clone(),
            });
        }
        Defaults { sets }
    }

    /// The defaults for the page at `path`; `kind` is `pages` or the page's collection.
    pub fn for_path(&self, path: &str, kind: &str) -> Map<String, Value> {
        let mut out = Map::new();
        let mut old: Option<&Set> = None;
        let sets = self
            .sets
            .iter()
            .filter(|s| applies(&s.path, path) && s.kind.as_deref().is_none_or(|k| k == kind));
        for set in sets {
            let precedes = old.is_none_or(|o| {
                set.path.len() > o.path.len()
                    || (set.path.len() == o.path.len() && (set.kind.is_some() || o.kind.is_none()))
            });
            if precedes {
                merge(&mut out, &set.values);
                old = Some(set);
            } else {
                let mut under = set.values.clone();
                merge(&mut under, &out);
                out = under;
            }
        }
        out
    }
}

/// The page's front matter with the defaults for `path` under it (its own values win);
/// `kind` is `pages` or the page's collection.
pub fn apply(
    defaults: &Defaults,
    path: &str,
    kind: &str,
    file: FileId,
    front_matter: Option<FrontMatter>,
) -> Option<FrontMatter> {
    if defaults.sets.is_empty() {
        return front_matter;
    }
    let mut values = defaults.for_path(path, kind);
    if values.is_empty() {
        return front_matter;
    }
    match front_matter {
        Some(mut fm) => {
            merge(&mut values, &fm.values);
            fm.values = values;
            Some(fm)
        }
        None => Some(FrontMatter {
            values,
            keys: Vec::new(),
            span: Span::point(0).in_file(file),
        }),
    }
}

fn unusable(span: Option<Span>, message: &str) -> Diagnostic {
    let d = Diagnostic::warning("config::invalid-value", message)
        .with_help("write `defaults:` as a list of `scope:` (with `path:`) and `values:`");
    match span {
        Some(s) => d.with_span(s),
        None => d,
    }
}

/// Whether a scope path applies to a page path (a folder prefix, the file, or a glob).
fn applies(scope: &str, path: &str) -> bool {
    if scope.is_empty() {
        return true;
    }
    if scope.contains('*') {
        return crate::repo::glob_match(scope, path)
            || path
                .match_indices('/')
                .any(|(i, _)| crate::repo::glob_match(scope, &path[..i]));
    }
    path == scope || path.strip_prefix(scope).is_some_and(|r| r.starts_with('/'))
}

/// Jekyll's deep merge: `over`'s values replace `base`'s, mappings are merged.
fn merge(base: &mut Map<String, Value>, over: &Map<String, Value>) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Object(b)), Value::Object(o)) => merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read_config;

    fn defaults(yaml: &str) -> (Defaults, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let config = read_config(yaml, FileId(0), &mut d);
        let mut found = Vec::new();
        (Defaults::read(&config, &mut found), found)
    }

    #[test]
    fn longer_paths_win_and_own_values_win_over_both() {
        let (d, found) = defaults(
            "defaults:\n  - scope:\n      path: \"\"\n    values:\n      layout: default\n      nav_exclude: false\n  - scope:\n      path: beslutninger\n      type: pages\n    values:\n      nav_exclude: true\n      parent: Beslutningslog\n  - scope:\n      path: nyheder\n      type: posts\n    values:\n      layout: post\n",
        );
        assert!(found.is_empty(), "{found:?}");
        let v = d.for_path("beslutninger/2026-01-01-x.md", "pages");
        assert_eq!(v["nav_exclude"], Value::Bool(true));
        assert_eq!(v["layout"], "default");
        assert_eq!(d.for_path("nyheder/a.md", "pages")["layout"], "default");
        assert_eq!(d.for_path("nyheder/a.md", "posts")["layout"], "post");
        assert!(
            !d.for_path("beslutningerne/a.md", "pages")
                .contains_key("parent")
        );
        let mut own = Map::new();
        own.insert("parent".into(), "Andet".into());
        let fm = FrontMatter {
            values: own,
            keys: Vec::new(),
            span: Span::point(0),
        };
        let merged = apply(&d, "beslutninger/a.md", "pages", FileId(1), Some(fm)).unwrap();
        assert_eq!(merged.values["parent"], "Andet");
        assert_eq!(merged.values["nav_exclude"], Value::Bool(true));
        let made = apply(&d, "index.md", "pages", FileId(1), None).unwrap();
        assert_eq!(made.values["layout"], "default");
    }

    #[test]
    fn globs_and_bad_sets() {
        let (d, found) = defaults(
            "defaults:\n  - scope:\n      path: \"docs/*/arkiv\"\n    values:\n      nav_exclude: true\n  - scope:\n      path: x\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            d.for_path("docs/a/arkiv/b.md", "pages")["nav_exclude"],
            Value::Bool(true)
        );
        assert!(d.for_path("docs/a/b.md", "pages").is_empty());
        let (_, found) = defaults("defaults: 3\n");
        assert_eq!(found.len(), 1);
    }
}
