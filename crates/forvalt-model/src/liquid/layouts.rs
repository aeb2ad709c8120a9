//! The site's own layouts (`_layouts/*.html`) as Jekyll applies them: a page's `layout:`
//! names one, whose `{{ content }}` is the page, and whose own `layout:` names the next,
//! until a layout of the theme (just-the-docs' `default`, `page`, …), which forvalt draws.

use super::Liquid;
use super::site::SiteVars;
use crate::frontmatter::read_head;
use forvalt_diag::{Diagnostic, FileId, Span};
use liquid_core::model::{Object, Value};
use std::collections::HashMap;

/// The layouts just-the-docs 0.12 brings; a chain ends in one of them.
pub const THEME_LAYOUTS: &[&str] = &[
    "about",
    "default",
    "home",
    "minimal",
    "page",
    "post",
    "table_wrappers",
    "vendor/compress",
];

/// just-the-docs 0.12's own includes that forvalt draws itself (the hooks it honours are
/// not among them), and the hook to use instead, when there is one.
const THEME_PARTS: &[(&str, Option<&str>)] = &[
    ("head.html", Some("head_custom.html")),
    ("favicon.html", Some("head_custom.html")),
    ("components/header.html", Some("header_custom.html")),
    ("components/aux_nav.html", Some("header_custom.html")),
    ("components/search_header.html", Some("header_custom.html")),
    ("components/footer.html", Some("footer_custom.html")),
    ("components/search_footer.html", None),
    ("components/sidebar.html", Some("nav_footer_custom.html")),
    ("components/site_nav.html", Some("nav_footer_custom.html")),
    ("components/breadcrumbs.html", None),
    ("components/children_nav.html", None),
    ("components/mermaid.html", None),
    ("components/nav/children.html", None),
    ("components/nav/links.html", None),
    ("components/nav/pages.html", None),
    ("components/nav/sorted.html", None),
    ("css/activation.scss.liquid", None),
    ("css/callouts.scss.liquid", None),
    ("css/custom.scss.liquid", None),
    ("css/just-the-docs.scss.liquid", None),
    ("js/custom.js", None),
    ("lunr/custom-data.json", None),
    ("lunr/custom-index.js", None),
    ("mermaid_config.js", None),
    ("fix_linenos.html", None),
    ("vendor/anchor_headings.html", None),
];

/// What happens to a layout whose Liquid cannot run.
const KEPT: &str = "forvalt leaves this layout out and shows the page in the one around it";

/// How deep a chain of layouts may go (Jekyll has no bound but loops forever on a cycle).
const MAX_CHAIN: usize = 32;

/// One `_layouts/` file.
#[derive(Debug)]
pub(super) struct LayoutDoc {
    /// `home` for `_layouts/home.html`.
    name: String,
    file: FileId,
    text: String,
    body: usize,
    /// Its front matter (`layout` in the template).
    front: Object,
    /// The layout it sits in, and where that is written.
    parent: Option<(String, Span)>,
    /// Its Liquid, read once (`None`: it cannot be read, as reported when the site was
    /// read, or it has none).
    parsed: Option<super::Parsed>,
}

/// The site's layouts, by name.
#[derive(Debug, Default)]
pub(super) struct LayoutSet {
    docs: Vec<LayoutDoc>,
    index: HashMap<String, usize>,
}

/// A page after its site layouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The HTML the site's layouts made around the content (`None`: no site layout ran).
    pub html: Option<String>,
    /// The theme layout the chain ends in (`default` when it names none).
    pub theme: String,
    /// The site layouts that ran, outermost last.
    pub used: Vec<String>,
}

/// `_layouts/home.html` → `home`; `None` for what is not a layout.
pub fn layout_name(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("_layouts/")?;
    let name = rest.rsplit_once('.').map_or(rest, |(n, _)| n);
    (!name.is_empty() && !rest.rsplit('/').next().unwrap_or("").starts_with('.')).then_some(name)
}

impl Liquid {
    /// Adds the site's layouts: `(path, file, text)` of each `_layouts/` file.
    pub fn add_layouts(
        &mut self,
        files: Vec<(String, FileId, String)>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (path, file, text) in files {
            let Some(name) = layout_name(&path).map(str::to_string) else {
                continue;
            };
            let head = read_head(&text, file, diagnostics);
            let (front, parent) = match &head.front_matter {
                Some(fm) => (
                    liquid_core::model::to_object(&fm.values).unwrap_or_default(),
                    fm.str("layout")
                        .filter(|l| !l.trim().is_empty() && l != "none" && l != "null")
                        .map(|l| {
                            let span = fm.value_span("layout").unwrap_or_default().in_file(file);
                            (l.trim().to_string(), span)
                        }),
                ),
                None => (Object::new(), None),
            };
            let body = text.get(head.body_start..).unwrap_or("");
            let parsed = if Self::has_liquid(body) {
                self.parse_checked(body, (file, head.body_start), KEPT, diagnostics)
            } else {
                None
            };
            self.layouts
                .index
                .insert(name.clone(), self.layouts.docs.len());
            self.layouts.docs.push(LayoutDoc {
                name,
                file,
                body: head.body_start,
                text,
                front,
                parent,
                parsed,
            });
        }
    }

    /// Reports each name in `layout:` (of the site's layouts, and of `pages`: their
    /// file, the name and where it is written) that is neither a layout of the site nor of
    /// the theme nor in `known` (forvalt's own templates).
    pub fn check_layout_names(
        &self,
        pages: &[(FileId, String, Span)],
        known: &dyn Fn(&str) -> bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let exists = |n: &str| self.has_layout(n) || THEME_LAYOUTS.contains(&n) || known(n);
        let mut names: Vec<(String, Span)> = self
            .layouts
            .docs
            .iter()
            .filter_map(|d| d.parent.clone())
            .collect();
        names.extend(pages.iter().map(|(_, n, s)| (n.clone(), *s)));
        for (name, span) in names {
            if name == "none" || name == "null" || name.is_empty() || exists(&name) {
                continue;
            }
            let mut all: Vec<&str> = self.layout_names();
            all.extend(THEME_LAYOUTS.iter().copied());
            let mut d = Diagnostic::warning(
                "liquid::layout-missing",
                format!("there is no layout `{name}`"),
            )
            .with_span(span)
            .with_note("Jekyll and forvalt show the page in the theme's own layout");
            if let Some(c) = all.iter().find(|c| c.eq_ignore_ascii_case(&name)) {
                d = d.with_help(format!("did you mean `{c}`?"));
            } else {
                d = d.with_help(format!(
                    "the layouts are {}",
                    all.iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            diagnostics.push(d);
        }
    }

    /// Reports the site's includes that replace a part of just-the-docs forvalt draws
    /// itself (`files`: name → file).
    pub fn check_theme_parts(files: &[(String, FileId)], diagnostics: &mut Vec<Diagnostic>) {
        for (name, file) in files {
            let Some((_, hook)) = THEME_PARTS.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let help = match hook {
                Some(h) => format!(
                    "put the addition in `_includes/{h}`, which forvalt places where just-the-docs does"
                ),
                None => "forvalt's theme has no place for this change".to_string(),
            };
            diagnostics.push(
                Diagnostic::warning(
                    "liquid::theme-part",
                    format!("`_includes/{name}` replaces a part of just-the-docs that forvalt draws itself"),
                )
                .with_span(Span::new(0, 0).in_file(*file))
                .with_note("forvalt does not use the file, so the change is not on the site")
                .with_help(help),
            );
        }
    }

    /// Whether the site has a layout of this name.
    pub fn has_layout(&self, name: &str) -> bool {
        self.layouts.index.contains_key(name)
    }

    /// The names of the site's layouts, sorted.
    pub fn layout_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.layouts.docs.iter().map(|d| d.name.as_str()).collect();
        v.sort_unstable();
        v
    }

    /// The site layouts a page with `layout: name` runs through, and the name the chain
    /// ends in (a theme layout, or one that does not exist); cycles are reported.
    pub fn chain(&self, name: &str, diagnostics: &mut Vec<Diagnostic>) -> (Vec<usize>, String) {
        let mut chain: Vec<usize> = Vec::new();
        let mut cur = name.to_string();
        while let Some(&i) = self.layouts.index.get(&cur) {
            if chain.contains(&i) || chain.len() >= MAX_CHAIN {
                let doc = &self.layouts.docs[*chain.last().unwrap_or(&i)];
                let names: Vec<String> = chain
                    .iter()
                    .map(|&j| format!("`{}`", self.layouts.docs[j].name))
                    .collect();
                let mut d = Diagnostic::warning(
                    "liquid::layout-cycle",
                    format!(
                        "the layouts sit in each other in a circle: {} → `{cur}`",
                        names.join(" → ")
                    ),
                )
                .with_note("forvalt stops the chain here and puts the page in the theme's layout")
                .with_help("end the chain with `layout: default`");
                if let Some((_, span)) = &doc.parent {
                    d = d.with_span(*span);
                }
                diagnostics.push(d);
                return (chain, "default".into());
            }
            chain.push(i);
            match &self.layouts.docs[i].parent {
                Some((p, _)) => cur = p.clone(),
                None => return (chain, String::new()),
            }
        }
        (chain, cur)
    }

    /// Puts `content` (a page's HTML) through the site's layouts from `name` on, with
    /// `page` as the page object and `site` as the site; a layout whose Liquid cannot run
    /// is reported and left out.
    pub fn apply_layouts(
        &self,
        name: &str,
        content: &str,
        page: &Object,
        site: &SiteVars,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Applied {
        let (chain, end) = self.chain(name, diagnostics);
        let mut html = content.to_string();
        let mut used = Vec::new();
        let mut page = page.clone();
        for i in chain {
            let doc = &self.layouts.docs[i];
            page.insert("content".into(), Value::scalar(html.clone()));
            let mut base = Object::new();
            base.insert("page".into(), Value::Object(page.clone()));
            base.insert("content".into(), Value::scalar(html.clone()));
            base.insert("layout".into(), Value::Object(doc.front.clone()));
            let body = doc.text.get(doc.body..).unwrap_or("");
            if !Self::has_liquid(body) {
                html = body.to_string();
                used.push(doc.name.clone());
                continue;
            }
            let Some(parsed) = &doc.parsed else {
                // Reported when the site was read.
                continue;
            };
            let at = (doc.file, doc.body);
            if let Some(out) = self.run_parsed(body, parsed, &base, site, at, KEPT, diagnostics) {
                html = out;
                used.push(doc.name.clone());
            }
        }
        Applied {
            html: (!used.is_empty()).then_some(html),
            theme: if end.is_empty() { String::new() } else { end },
            used,
        }
    }

    /// Renders the include `name` (a theme hook such as `footer_custom.html`) for a page;
    /// `None` when the site has no such include or it renders to nothing but space.
    pub fn render_hook(
        &self,
        name: &str,
        page: &Object,
        site: &SiteVars,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let &file = self.include_files.get(name)?;
        let doc = &self.includes.docs[*self.includes.index.get(name)?];
        let text = &doc.text;
        let mut base = Object::new();
        base.insert("page".into(), Value::Object(page.clone()));
        let kept = "forvalt leaves this part out of the page";
        let out = if Self::has_liquid(text) {
            let (parsed, found) = doc.hook.get_or_init(|| {
                let mut found = Vec::new();
                let parsed = self.parse_checked(text, (file, 0), kept, &mut found);
                (parsed, found)
            });
            diagnostics.extend(found.iter().cloned());
            let parsed = parsed.as_ref()?;
            self.run_parsed(text, parsed, &base, site, (file, 0), kept, diagnostics)?
        } else {
            text.clone()
        };
        (!out.trim().is_empty()).then_some(out)
    }
}

impl LayoutSet {
    /// Whether there is none.
    pub(super) fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
