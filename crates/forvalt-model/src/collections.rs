//! Jekyll collections (`collections:` in `_config.yml`): the documents in `_NAME/` are
//! published when the collection says `output: true`, at `/NAME/PATH.html` unless the
//! collection or the document sets a `permalink`. Without `output` they are not published
//! (their data is still there for layouts). Documents are not in just-the-docs' main menu.

use crate::config::SiteConfig;
use serde_json::Value;

/// At most this many collections are read.
const MAX: usize = 100;

/// A collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Its name (`news` for `_news/`).
    pub name: String,
    /// Whether its documents are published.
    pub output: bool,
    /// Its `permalink` pattern (`/:collection/:path:output_ext` when not set).
    pub permalink: Option<String>,
}

/// The collections of a site (never `posts`, which forvalt does not publish as a blog).
pub fn read(config: &SiteConfig) -> Vec<Collection> {
    let mut out: Vec<Collection> = match config.raw.get("collections") {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|n| Collection {
                name: n.to_string(),
                output: false,
                permalink: None,
            })
            .collect(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(n, v)| Collection {
                name: n.clone(),
                output: v.get("output") == Some(&Value::Bool(true)),
                permalink: v
                    .get("permalink")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
            .collect(),
        _ => Vec::new(),
    };
    out.retain(|c| {
        c.name != "posts"
            && !c.name.is_empty()
            && c.name
                .chars()
                .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-')
    });
    out.truncate(MAX);
    out
}

/// just-the-docs' `just_the_docs.collections`: each published collection shown in the
/// menu as (name, heading, folds), in the order `_config.yml` writes them; `nav_exclude:
/// true` leaves one out.
pub fn menu_sections(
    config: &SiteConfig,
    collections: &[Collection],
) -> Vec<(String, String, bool)> {
    let Some(Value::Object(map)) = config
        .raw
        .get("just_the_docs")
        .and_then(|j| j.get("collections"))
    else {
        return Vec::new();
    };
    let mut out: Vec<(u32, String, String, bool)> = map
        .iter()
        .filter(|(name, _)| collections.iter().any(|c| &c.name == *name && c.output))
        .filter(|(_, v)| v.get("nav_exclude") != Some(&Value::Bool(true)))
        .map(|(name, v)| {
            let at = config
                .places
                .key(&["just_the_docs", "collections", name])
                .map_or(u32::MAX, |s| s.start);
            let title = v
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| name.clone(), str::to_string);
            let fold = v.get("nav_fold") == Some(&Value::Bool(true));
            (at, name.clone(), title, fold)
        })
        .collect();
    out.sort();
    out.truncate(MAX);
    out.into_iter().map(|(_, n, t, f)| (n, t, f)).collect()
}

/// Reports each collection whose `permalink` pattern cannot give a document an address
/// within the site (a scheme, `..`, `//host` …) and uses Jekyll's default pattern for it.
pub fn check_permalinks(
    collections: &mut [Collection],
    config: &SiteConfig,
    diagnostics: &mut Vec<forvalt_diag::Diagnostic>,
) {
    for c in collections.iter_mut() {
        let Some(p) = &c.permalink else { continue };
        let example = permalink(c, "eksempel.md");
        let Some(why) =
            crate::url::permalink_problem(p).or_else(|| crate::url::permalink_problem(&example))
        else {
            continue;
        };
        let mut d = forvalt_diag::Diagnostic::warning(
            "config::invalid-value",
            format!(
                "the permalink of the collection `{}` cannot give its documents an address: {why}",
                c.name
            ),
        )
        .with_note(format!(
            "forvalt publishes them at /{}/PATH.html, Jekyll's default",
            c.name
        ))
        .with_help("write a path such as `/:collection/:path/`");
        if let Some(at) = config.places.value(&["collections", &c.name, "permalink"]) {
            d = d.with_span(at);
        }
        diagnostics.push(d);
        c.permalink = None;
    }
}

/// The collection a repository path belongs to, and the path inside it.
pub fn of<'a, 'p>(
    collections: &'a [Collection],
    path: &'p str,
) -> Option<(&'a Collection, &'p str)> {
    let (dir, rest) = path.split_once('/')?;
    let name = dir.strip_prefix('_')?;
    collections
        .iter()
        .find(|c| c.name == name)
        .map(|c| (c, rest))
}

/// The permalink of the document at `rest` in `collection` (before the document's own).
pub fn permalink(collection: &Collection, rest: &str) -> String {
    let pattern = collection
        .permalink
        .as_deref()
        .unwrap_or("/:collection/:path:output_ext");
    let stem = rest.rsplit_once('.').map_or(rest, |(s, _)| s);
    let name = stem.rsplit('/').next().unwrap_or(stem);
    let pattern = match pattern {
        "pretty" => "/:collection/:path/",
        "none" => "/:collection/:path:output_ext",
        p => p,
    };
    pattern
        .replace(":collection", &collection.name)
        .replace(":path", stem)
        .replace(":name", name)
        .replace(":title", name)
        .replace(":output_ext", ".html")
}

/// Jekyll's title of a document without `title`: its file name without a leading date, its
/// words capitalised (`2026-10-01-nyt-fra-os2.md` → `Nyt Fra Os2`).
pub fn inferred_title(rest: &str) -> String {
    let name = rest.rsplit('/').next().unwrap_or(rest);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    let slug = if dated { &stem[11..] } else { stem };
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read_config;
    use forvalt_diag::FileId;

    #[test]
    fn collections_and_their_addresses() {
        let mut d = Vec::new();
        let c = read_config(
            "collections:\n  news:\n    output: true\n  hidden:\n    output: false\n  pretty:\n    output: true\n    permalink: /nyt/:name/\n",
            FileId(0),
            &mut d,
        );
        let cols = read(&c);
        assert_eq!(cols.len(), 3);
        let (news, rest) = of(&cols, "_news/2026/2026-10-01-nyt.md").unwrap();
        assert!(news.output);
        assert_eq!(permalink(news, rest), "/news/2026/2026-10-01-nyt.html");
        let (pretty, rest) = of(&cols, "_pretty/a.md").unwrap();
        assert_eq!(permalink(pretty, rest), "/nyt/a/");
        assert!(of(&cols, "_drafts/a.md").is_none() && of(&cols, "news/a.md").is_none());
        assert_eq!(inferred_title("2026-10-01-nyt-fra-os2.md"), "Nyt Fra Os2");
        assert_eq!(inferred_title("status_rapport.md"), "Status Rapport");
        let list = read_config("collections: [news]\n", FileId(0), &mut d);
        assert!(!read(&list)[0].output);
    }
}
