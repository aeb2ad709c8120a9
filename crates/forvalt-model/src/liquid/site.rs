//! `site.pages`, `site.html_pages`, `site.<collection>`, `site.documents`, `site.data`:
//! the site's pages as Liquid sees them, built once and shared by every render.

use super::Liquid;
use liquid_core::model::{Object, Value, ValueView};

/// One page as a Liquid value, and where it goes in `site`.
#[derive(Debug, Clone)]
pub struct PageVar {
    /// `page`: front matter, `title`, `url`, `path`, `name`, `dir`, `content`, `excerpt`, …
    pub object: Object,
    /// The collection it is a document of.
    pub collection: Option<String>,
    /// Whether it is published (only published pages are in `site`).
    pub published: bool,
}

impl PageVar {
    /// The variable of a page from its values (JSON, as front matter is read).
    pub fn new(
        values: &serde_json::Map<String, serde_json::Value>,
        collection: Option<String>,
        published: bool,
    ) -> PageVar {
        PageVar {
            object: liquid_core::model::to_object(values).unwrap_or_default(),
            collection,
            published,
        }
    }
}

/// `site` as Liquid sees it, with the weight of each of its values measured once: every
/// page reads `site.html_pages` and the like, and measuring them on each read would make
/// a site's build quadratic in its pages.
#[derive(Debug, Clone, Default)]
pub struct SiteVars {
    pub(super) object: Object,
    /// Weight of each value directly in `site`, by its address.
    pub(super) weights: std::sync::Arc<std::collections::HashMap<usize, u64>>,
}

impl SiteVars {
    fn new(object: Object) -> SiteVars {
        // A value is found by the address of the `Value` and by that of what it holds
        // (`as_view` gives the inner list or map).
        let weights = object
            .values()
            .flat_map(|v| {
                let (w, _) = super::run::measure(v, u64::MAX, usize::MAX);
                [
                    (super::run::address(v), w),
                    (super::run::address(v.as_view()), w),
                ]
            })
            .collect();
        SiteVars {
            object,
            weights: std::sync::Arc::new(weights),
        }
    }
}

/// The text a page or document's `content` and `excerpt` are in.
#[derive(Debug, Clone)]
pub struct Contents {
    /// `content`.
    pub content: String,
    /// `excerpt`.
    pub excerpt: String,
}

fn text(o: &Object, key: &str) -> String {
    o.get(key)
        .and_then(|v| v.as_scalar())
        .map(|s| s.to_kstr().to_string())
        .unwrap_or_default()
}

impl Liquid {
    /// Sets the site's pages (in the repository's order) and `_data` values; `site.*`
    /// holds them from now on.
    pub fn set_pages(
        &mut self,
        pages: Vec<PageVar>,
        data: serde_json::Map<String, serde_json::Value>,
    ) {
        self.set_pages_with(pages, data, true);
    }

    /// [`Liquid::set_pages`]; without `contents` (no Liquid of the site reads a page's
    /// `content` or `excerpt`, see [`super::reads_contents`]) the pages are kept without
    /// them, and `site` holds no copy of the site's text.
    pub fn set_pages_with(
        &mut self,
        mut pages: Vec<PageVar>,
        data: serde_json::Map<String, serde_json::Value>,
        contents: bool,
    ) {
        self.contents = contents;
        if !contents {
            for p in &mut pages {
                p.object.remove("content");
                p.object.remove("excerpt");
            }
        }
        self.data = liquid_core::model::to_object(&data).unwrap_or_default();
        self.pages = pages;
        self.site = self.site_with(&|_| None);
    }

    /// The page variable of page `i` (empty when there is none).
    pub fn page_object(&self, i: usize) -> Object {
        self.pages
            .get(i)
            .map(|p| p.object.clone())
            .unwrap_or_default()
    }

    /// `site`, with page `i`'s `content` and `excerpt` from `contents(i)` where it gives
    /// them (rendered HTML, for layouts) and as set otherwise.
    pub fn site_with(&self, contents: &(dyn Fn(usize) -> Option<Contents> + Sync)) -> SiteVars {
        self.site_of(contents, true)
    }

    /// `site` with no page's `content` or `excerpt`: for layouts that read neither, without
    /// a copy of the whole site's text.
    pub fn site_without_contents(&self) -> SiteVars {
        self.site_of(&|_| None, false)
    }

    /// `site` as the pages' own Liquid saw it.
    pub fn site(&self) -> &SiteVars {
        &self.site
    }

    /// Whether the pages were kept with their `content` (see [`Liquid::set_pages_with`]).
    pub fn has_contents(&self) -> bool {
        self.contents
    }

    fn site_of(
        &self,
        contents: &(dyn Fn(usize) -> Option<Contents> + Sync),
        keep: bool,
    ) -> SiteVars {
        let mut site = self.config.clone();
        let mut pages: Vec<(String, String, bool, Value)> = Vec::new();
        let mut html_pages: Vec<Value> = Vec::new();
        let mut docs: std::collections::BTreeMap<String, Vec<(String, String, Value)>> =
            std::collections::BTreeMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            if !p.published {
                continue;
            }
            let mut o = if keep {
                p.object.clone()
            } else {
                p.object
                    .iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "content" | "excerpt"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            };
            if let Some(c) = contents(i) {
                o.insert("content".into(), Value::scalar(c.content));
                o.insert("excerpt".into(), Value::scalar(c.excerpt));
            }
            let path = text(&o, "path");
            match &p.collection {
                Some(c) => {
                    let date = text(&o, "date");
                    docs.entry(c.clone())
                        .or_default()
                        .push((date, path, Value::Object(o)));
                }
                None => {
                    let name = text(&o, "name");
                    let url = text(&o, "url");
                    let html = url.ends_with(".html") || url.ends_with('/');
                    pages.push((name, path, html, Value::Object(o)));
                }
            }
        }
        // Jekyll sorts pages by file name, and a collection's documents by date, then path.
        pages.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        for (_, _, html, v) in &pages {
            if *html {
                html_pages.push(v.clone());
            }
        }
        let mut documents: Vec<Value> = Vec::new();
        let mut collections: Vec<Value> = Vec::new();
        for (name, mut list) in docs {
            list.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            let list: Vec<Value> = list.into_iter().map(|(_, _, v)| v).collect();
            documents.extend(list.iter().cloned());
            let mut c = Object::new();
            c.insert("label".into(), Value::scalar(name.clone()));
            c.insert("docs".into(), Value::Array(list.clone()));
            c.insert("output".into(), Value::scalar(true));
            collections.push(Value::Object(c));
            site.insert(name.into(), Value::Array(list));
        }
        site.insert(
            "pages".into(),
            Value::Array(pages.into_iter().map(|(_, _, _, v)| v).collect()),
        );
        site.insert("html_pages".into(), Value::Array(html_pages));
        site.insert("documents".into(), Value::Array(documents));
        site.insert("collections".into(), Value::Array(collections));
        site.insert("data".into(), Value::Object(self.data.clone()));
        SiteVars::new(site)
    }
}
