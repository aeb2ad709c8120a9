//! Liquid inside pages, as Jekyll runs it: `{{ site.* }}`, `{{ page.* }}`, filters
//! (including a `date` filter with Danish names), `{% raw %}` and `{% include %}` from
//! `_includes`. What Liquid cannot run is reported with its place and kept as text; nothing
//! here fails a build.
//!
//! Pages are untrusted, so the text is split into elements here (as Jekyll's tokenizer
//! does), each element is checked on its own, and liquid only parses the checked elements
//! with placeholders for the text between them. Rendering pays into a [`Limits`] budget:
//! loops, includes that include themselves and values that double stop with a diagnostic.

/// Reflection for a filter known by name only.
macro_rules! reflect {
    ($t:ty, $self:ident => $name:expr, $doc:expr) => {
        impl FilterReflection for $t {
            fn name(&$self) -> &str {
                $name
            }
            fn description(&self) -> &str {
                $doc
            }
            fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
                &[]
            }
            fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
                &[]
            }
        }
    };
}

mod arrays;
mod filters;
mod layouts;
mod lex;
mod loops;
mod prepare;
mod run;
mod site;
mod tags;

pub use layouts::{Applied, THEME_LAYOUTS, layout_name};
pub use liquid_core::model::{Object, Value};
pub use run::Limits;
pub use site::{Contents, PageVar, SiteVars};

/// Whether the Liquid in `text` could read a page's `content` or `excerpt` (`page.content`,
/// `site.pages | map: "content"`, a document's `excerpt`, …): any mention inside a tag or
/// output other than a layout's own `{{ content }}`, and anything that reads keys it does
/// not name (`jsonify`, `inspect`, `p[key]`, a loop over a page's keys). Text outside
/// Liquid is not looked at.
pub fn reads_contents(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner_start = open + 2;
        let Some(len) = rest[inner_start..].find(close) else {
            // An unclosed tag reads to the end.
            return mentions_contents(&rest[inner_start..]);
        };
        let inner = &rest[inner_start..inner_start + len];
        let bare = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
        if close == "}}" && bare == "content" {
            // The layout's own page.
        } else if mentions_contents(inner) {
            return true;
        }
        rest = &rest[inner_start + len + close.len()..];
    }
    false
}

/// `x[key]` whose value is used as it is (not `list[i].title`): a key the text does not name.
fn dynamic_key(s: &str) -> bool {
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            return true;
        };
        let after = rest[open + close + 1..].trim_start();
        if !after.starts_with('.') && !after.starts_with('[') {
            return true;
        }
        rest = &rest[open + close + 1..];
    }
    false
}

fn mentions_contents(s: &str) -> bool {
    s.contains("content")
        || s.contains("excerpt")
        || s.contains("jsonify")
        || s.contains("inspect")
        || dynamic_key(s)
        || s.split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0] == "in" && (w[1] == "page" || w[1].starts_with("page.")))
}

use filters::SiteInfo;
use forvalt_diag::{Diagnostic, FileId, Span};
use jiff::Zoned;
use jiff::tz::TimeZone;
use liquid_core::parser::ParseFilter;
use liquid_core::runtime::PartialStore;
use liquid_core::{Language, Renderable, Runtime, Template};
use prepare::{Prepared, first_line, pest_message, prepare, source_to_text};
use run::{Budget, Origin, Place, Root, Sink, Stop};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;
use tags::Ctx;

/// A Liquid environment for one site.
pub struct Liquid {
    info: SiteInfo,
    /// `_config.yml` and `time`.
    config: Object,
    /// `site`: the config with the pages and data.
    site: site::SiteVars,
    pages: Vec<site::PageVar>,
    /// The pages are kept with their `content` and `excerpt`.
    contents: bool,
    data: Object,
    filters: Vec<Box<dyn ParseFilter>>,
    names: Vec<String>,
    includes: Includes,
    /// Where the files of `_includes` are in the sources, for the theme's hooks.
    include_files: HashMap<String, FileId>,
    layouts: layouts::LayoutSet,
    limits: Limits,
}

impl std::fmt::Debug for Liquid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Liquid")
            .field("info", &self.info)
            .field("limits", &self.limits)
            .finish()
    }
}

/// A render error in plain words: its message and the cause liquid gives with it.
fn render_message(e: &liquid_core::Error) -> String {
    let text = e.to_string();
    let msg = first_line(&text);
    let cause = text.lines().find_map(|l| {
        let (k, v) = l.trim().split_once('=')?;
        (k == "cause").then(|| v.trim().to_string())
    });
    match cause {
        Some(c) if !c.is_empty() => format!("{msg}: {c}"),
        _ => msg,
    }
}

/// The files of `_includes`, each parsed once.
#[derive(Debug, Default)]
struct Includes {
    docs: Vec<IncludeDoc>,
    index: HashMap<String, usize>,
}

#[derive(Debug)]
struct IncludeDoc {
    name: String,
    text: String,
    elems: Vec<Range<usize>>,
    template: Result<Arc<Template>, String>,
    /// Unknown tags and filters (code, message), reported where the file is included.
    problems: Vec<(&'static str, String)>,
    /// The file read as a theme hook (on its own, not included): once, with what reading
    /// it found.
    hook: std::sync::OnceLock<(Option<Parsed>, Vec<Diagnostic>)>,
}

impl IncludeDoc {
    /// "`_includes/x.html`, line 3, column 5".
    fn at(&self, offset: usize) -> String {
        let (l, c) = lex::line_col(&self.text, offset);
        format!("`_includes/{}`, line {l}, column {c}", self.name)
    }
}

impl PartialStore for Includes {
    fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    fn names(&self) -> Vec<&str> {
        self.docs.iter().map(|d| d.name.as_str()).collect()
    }

    fn try_get(&self, name: &str) -> Option<Arc<dyn Renderable>> {
        let doc = &self.docs[*self.index.get(name)?];
        doc.template
            .as_ref()
            .ok()
            .map(|t| t.clone() as Arc<dyn Renderable>)
    }

    fn get(&self, name: &str) -> liquid_core::Result<Arc<dyn Renderable>> {
        let Some(&i) = self.index.get(name) else {
            return Err(liquid_core::Error::with_msg(format!(
                "there is no `_includes/{name}`"
            )));
        };
        match &self.docs[i].template {
            Ok(t) => Ok(t.clone() as Arc<dyn Renderable>),
            Err(msg) => Err(liquid_core::Error::with_msg(msg.clone())),
        }
    }
}

/// A text read once: its template and the places of its elements.
pub(super) type Parsed = (Template, Vec<Range<usize>>);

/// The text of element `e` of a text, or of its first element (or first character).
fn whole_of(text: &str, elems: &[Range<usize>], e: Option<usize>) -> Range<usize> {
    e.and_then(|e| elems.get(e))
        .or(elems.first())
        .cloned()
        .unwrap_or(0..text.chars().next().map_or(0, char::len_utf8))
}

/// `a.html → b.html → a.html → …`: the includes open when nesting went too deep, up to
/// the first repeat.
fn include_chain(names: &[String]) -> String {
    let end = (0..names.len())
        .find(|&j| names[..j].contains(&names[j]))
        .map_or(names.len().min(8), |j| j + 1);
    let mut shown: Vec<String> = names[..end].iter().map(|n| format!("`{n}`")).collect();
    if end < names.len() {
        shown.push("…".into());
    }
    shown.join(" → ")
}

impl Liquid {
    /// An environment for a site: its `_config.yml` values (`site.*`), `_includes` files
    /// (name → text), language, time zone and "now" (`site.time`).
    pub fn new(
        config: &serde_json::Map<String, serde_json::Value>,
        includes: BTreeMap<String, String>,
        danish: bool,
        tz: TimeZone,
        now: Zoned,
    ) -> Liquid {
        let trimmed = |key: &str| {
            config
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string()
        };
        let info = SiteInfo {
            danish,
            tz,
            now: now.clone(),
            url: trimmed("url"),
            baseurl: trimmed("baseurl"),
            markdown: Default::default(),
        };
        let filters = filters::all(&info);
        let names = filters
            .iter()
            .map(|f| f.reflection().name().to_string())
            .collect();
        let mut site = liquid_core::model::to_object(config).unwrap_or_default();
        site.insert(
            "time".into(),
            Value::scalar(now.strftime("%Y-%m-%d %H:%M:%S %z").to_string()),
        );
        let mut liquid = Liquid {
            info,
            config: site,
            site: site::SiteVars::default(),
            pages: Vec::new(),
            contents: true,
            data: Object::new(),
            filters,
            names,
            includes: Includes::default(),
            include_files: HashMap::new(),
            layouts: layouts::LayoutSet::default(),
            limits: Limits::default(),
        };
        for (i, (name, text)) in includes.into_iter().enumerate() {
            let doc = liquid.include(i, name.clone(), text);
            liquid.includes.index.insert(name, i);
            liquid.includes.docs.push(doc);
        }
        liquid.site = liquid.site_with(&|_| None);
        liquid
    }

    /// The same environment with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Liquid {
        self.limits = limits;
        self
    }

    /// Parses include `i` once.
    fn include(&self, i: usize, name: String, text: String) -> IncludeDoc {
        let mut prep = prepare(&text, &self.names, self.limits);
        let line = |at: usize| {
            let (l, c) = lex::line_col(&text, at);
            format!("line {l}, column {c}")
        };
        let problems = prep
            .problems
            .iter()
            .filter(|p| p.code != "liquid::syntax" && p.code != "liquid::nesting")
            .map(|p| (p.code, format!("{} ({})", p.message, line(p.at.start))))
            .collect();
        let elems: Vec<Range<usize>> = prep.elems.iter().map(|e| e.whole.clone()).collect();
        let template = if let Some(p) = prep
            .problems
            .iter()
            .find(|p| p.code == "liquid::syntax" || p.code == "liquid::nesting")
        {
            Err(format!(
                "cannot be read at {}: {}",
                line(p.point.unwrap_or(p.at.start)),
                p.message
            ))
        } else {
            let unclosed = prep.unclosed;
            let elems_for = std::mem::take(&mut prep.elems);
            let starts = std::mem::take(&mut prep.starts);
            match self.compile(prep, Origin::Include(i)) {
                Ok(t) => Ok(Arc::new(t)),
                Err((at, msg, point)) => {
                    let at = at.or(unclosed);
                    let point = point
                        .and_then(|p| source_to_text(&starts, &elems_for, p))
                        .filter(|(id, _)| Some(*id) == at)
                        .map(|(_, p)| p);
                    let at = at.and_then(|e| elems_for.get(e));
                    let shown = at.map(|e| format!("`{}`: ", lex::shown(&text[e.whole.clone()])));
                    Err(format!(
                        "cannot be read at {}: {}{msg}",
                        line(point.or(at.map(|e| e.whole.start)).unwrap_or(0)),
                        shown.unwrap_or_default()
                    ))
                }
            }
        };
        IncludeDoc {
            name,
            text,
            elems,
            template,
            problems,
            hook: std::sync::OnceLock::new(),
        }
    }

    /// The tags, blocks and filters of one parse.
    fn language(&self, ctx: &Arc<Ctx>) -> Language {
        use liquid_lib::stdlib;
        use loops::{ForBlock, TableRowBlock};
        use tags::*;
        let mut lang = Language::default();
        let std_tags: [(&str, Box<dyn liquid_core::ParseTag>); 5] = [
            ("assign", stdlib::AssignTag.into()),
            ("break", stdlib::BreakTag.into()),
            ("continue", stdlib::ContinueTag.into()),
            ("increment", stdlib::IncrementTag.into()),
            ("decrement", stdlib::DecrementTag.into()),
        ];
        for (name, inner) in std_tags {
            let ctx = ctx.clone();
            lang.tags
                .register(name.into(), Box::new(MeteredTag { inner, ctx }));
        }
        let std_blocks: [(&str, Box<dyn liquid_core::ParseBlock>); 3] = [
            ("if", stdlib::IfBlock.into()),
            ("unless", stdlib::UnlessBlock.into()),
            ("case", stdlib::CaseBlock.into()),
        ];
        for (name, inner) in std_blocks {
            let ctx = ctx.clone();
            lang.blocks
                .register(name.into(), Box::new(MeteredBlock { inner, ctx }));
        }
        lang.tags
            .register("_t".into(), Box::new(TextTag(ctx.clone())));
        lang.tags
            .register("cycle".into(), Box::new(CycleTag(ctx.clone())));
        lang.tags
            .register("_o".into(), Box::new(OutputTag(ctx.clone())));
        for (dynamic, cached) in [(false, false), (true, false), (false, true)] {
            let tag = IncludeTag {
                ctx: ctx.clone(),
                dynamic,
                cached,
            };
            let name = liquid_core::parser::TagReflection::tag(&tag).to_string();
            lang.tags.register(name, Box::new(tag));
        }
        lang.blocks
            .register("for".into(), Box::new(ForBlock(ctx.clone())));
        lang.blocks
            .register("tablerow".into(), Box::new(TableRowBlock(ctx.clone())));
        lang.blocks
            .register("capture".into(), Box::new(CaptureBlock(ctx.clone())));
        lang.blocks
            .register("ifchanged".into(), Box::new(IfChangedBlock(ctx.clone())));
        for f in &self.filters {
            lang.filters.register(
                f.reflection().name().to_string(),
                Box::new(MeteredFilterParse {
                    inner: f.clone(),
                    ctx: ctx.clone(),
                }),
            );
        }
        lang
    }

    /// Parses a prepared text; on failure, the element that failed (if known) and why.
    fn compile(
        &self,
        prep: Prepared,
        origin: Origin,
    ) -> Result<Template, (Option<usize>, String, Option<usize>)> {
        let ctx = Arc::new(Ctx::new(origin, prep.after, prep.costs, prep.segments));
        let lang = self.language(&ctx);
        match liquid_core::parser::parse(&prep.source, &lang) {
            Ok(elements) => Ok(Template::new(elements)),
            Err(e) => {
                let (at, msg) = pest_message(&e.to_string());
                let at = at.map(|(l, c)| lex::offset_of(&prep.source, l, c));
                if msg.starts_with("Unclosed block") {
                    let msg = "this block is never closed".into();
                    Err((prep.unclosed.or(ctx.failed()), msg, None))
                } else if msg.starts_with("Unknown tag") {
                    Err((ctx.failed(), "this tag does not belong here".into(), None))
                } else {
                    Err((ctx.failed(), msg, at))
                }
            }
        }
    }

    /// Gives `markdownify` its Markdown renderer (for layouts and includes, whose output is
    /// HTML); until then it leaves the text as it is.
    pub fn set_markdown(&self, render: fn(&str) -> String) {
        let _ = self.info.markdown.set(render);
    }

    /// Whether the site has layouts of its own.
    pub fn has_layouts(&self) -> bool {
        !self.layouts.is_empty()
    }

    /// Notes that the include `name` is file `file` of the sources (where the problems of a
    /// theme hook are reported).
    pub fn set_include_file(&mut self, name: &str, file: FileId) {
        self.include_files.insert(name.to_string(), file);
    }

    /// Whether the site has the include `name`.
    pub fn has_include(&self, name: &str) -> bool {
        self.includes.index.contains_key(name)
    }

    /// Whether a text has Liquid in it at all.
    pub fn has_liquid(text: &str) -> bool {
        text.contains("{{") || text.contains("{%")
    }

    /// Renders the Liquid in `text` (the body of file `file`, starting at byte `offset` of
    /// the file) with `page` as the page object. Problems are reported and the affected text
    /// is kept as written; when the Liquid cannot run at all, the whole text is.
    pub fn render(
        &self,
        text: &str,
        page: &serde_json::Map<String, serde_json::Value>,
        file: FileId,
        offset: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        if !Self::has_liquid(text) {
            return text.to_string();
        }
        let mut base = Object::new();
        base.insert(
            "page".into(),
            Value::Object(liquid_core::model::to_object(page).unwrap_or_default()),
        );
        let site = &self.site;
        let kept = "the page is shown without running its Liquid";
        self.run(text, &base, site, (file, offset), kept, false, diagnostics)
            .unwrap_or_else(|| text.to_string())
    }

    /// Reads `text` (at `offset` in `file`): its elements' places and the template, or
    /// `None` when its Liquid cannot run at all; what is wrong goes to `found` (with `kept`
    /// saying what happens then).
    fn parse_checked(
        &self,
        text: &str,
        (file, offset): (FileId, usize),
        kept: &str,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Parsed> {
        let span = |r: Range<usize>| Span::new(offset + r.start, offset + r.end).in_file(file);
        let mut prep = prepare(text, &self.names, self.limits);
        for p in std::mem::take(&mut prep.problems) {
            let mut d = Diagnostic::warning(p.code, p.message).with_span(span(p.at));
            if let Some(at) = p.point {
                d = d.with_label(span(at..at), "here");
            }
            if let Some(h) = p.help {
                d = d.with_help(h);
            }
            let note = if p.code.ends_with("unknown-tag") || p.code.ends_with("unknown-filter") {
                "the text is shown as written"
            } else {
                kept
            };
            found.push(d.with_note(note));
        }
        if prep.fatal {
            return None;
        }
        let elems = std::mem::take(&mut prep.elems);
        let starts = std::mem::take(&mut prep.starts);
        let wholes: Vec<Range<usize>> = elems.iter().map(|e| e.whole.clone()).collect();
        match self.compile(prep, Origin::Page) {
            Ok(t) => Some((t, wholes)),
            Err((id, msg, point)) => {
                let point = point
                    .and_then(|p| source_to_text(&starts, &elems, p))
                    .filter(|(e, _)| Some(*e) == id)
                    .map(|(_, p)| p);
                let at = whole_of(text, &wholes, id);
                let mut d = Diagnostic::warning(
                    "liquid::syntax",
                    format!("`{}` cannot be read: {msg}", lex::shown(&text[at.clone()])),
                )
                .with_span(span(at));
                if let Some(p) = point {
                    d = d.with_label(span(p..p), "here");
                }
                found.push(d.with_note(kept));
                None
            }
        }
    }

    /// Renders `text` (at `offset` in `file`) with `base` (`page`, …) and `site`; `None`
    /// when its Liquid cannot run at all (reported, with `kept` saying what happens then).
    /// With `quiet`, what reading the text finds is not reported (it was, once, before).
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        text: &str,
        base: &Object,
        site: &site::SiteVars,
        (file, offset): (FileId, usize),
        kept: &str,
        quiet: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let mut found = Vec::new();
        let parsed = self.parse_checked(text, (file, offset), kept, &mut found);
        if !quiet {
            diagnostics.extend(found);
        }
        let parsed = parsed?;
        self.run_parsed(text, &parsed, base, site, (file, offset), kept, diagnostics)
    }

    /// Renders `text`, read before into `parsed`, as [`Liquid::run`] does.
    #[allow(clippy::too_many_arguments)]
    fn run_parsed(
        &self,
        text: &str,
        (template, elems): &Parsed,
        base: &Object,
        site: &site::SiteVars,
        (file, offset): (FileId, usize),
        kept: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let span = |r: Range<usize>| Span::new(offset + r.start, offset + r.end).in_file(file);
        let whole = |e: Option<usize>| whole_of(text, elems, e);
        let root = Root::new(base, &site.object, &self.includes, self.limits);
        root.registers().get_mut::<Budget>().known = Some(site.weights.clone());
        let mut sink = Sink::new(root.registers(), true);
        let result = template.render_to(&mut sink, &root);
        let b = std::mem::take(&mut *root.registers().get_mut::<Budget>());
        let at = whole(b.page_at);
        let shown = lex::shown(&text[at.clone()]);
        let inside = match b.inner_at {
            Some(Place {
                origin: Origin::Include(i),
                elem,
            }) => self.includes.docs.get(i).map_or(String::new(), |d| {
                let start = d.elems.get(elem).map_or(0, |r| r.start);
                format!(" (at {})", d.at(start))
            }),
            _ => String::new(),
        };
        let l = self.limits;
        let mb = |n: u64| n >> 20;
        let failure = match (&b.stop, &result) {
            (Some(Stop::Nesting(chain)), _) if !chain.is_empty() => Some((
                "liquid::nesting",
                format!(
                    "`{shown}` nests includes more than {} levels deep: {}",
                    l.depth,
                    include_chain(chain)
                ),
                Some(
                    "an include that includes itself, directly or through others, never ends; Jekyll stops at the same depth",
                ),
            )),
            (Some(Stop::Nesting(_)), _) => Some((
                "liquid::nesting",
                format!(
                    "`{shown}` nests blocks more than {} levels deep{inside}",
                    l.depth
                ),
                None,
            )),
            (Some(Stop::IncludeSyntax(msg)), _) => {
                Some(("liquid::syntax", format!("`{shown}`: {msg}"), None))
            }
            (Some(stop), _) => {
                let what = match stop {
                    Stop::Steps => format!(
                        "runs more than {} steps (loop turns, tags and filters)",
                        l.steps
                    ),
                    Stop::Work => format!("handles more than {} MB of values", mb(l.work)),
                    Stop::Output => format!("writes more than {} MB", mb(l.output)),
                    Stop::Value => format!("builds a value larger than {} MB", mb(l.value)),
                    _ => format!("builds a value nested more than {} levels deep", l.depth),
                };
                Some((
                    "liquid::limit",
                    format!("the Liquid at `{shown}` {what}{inside}"),
                    Some(
                        "a loop over a huge range, or a value that doubles in a loop, usually causes this",
                    ),
                ))
            }
            (None, Err(e)) => Some((
                "liquid::render",
                format!("`{shown}` cannot be run: {}{inside}", render_message(e)),
                None,
            )),
            (None, Ok(())) => None,
        };
        if let Some((code, message, help)) = failure {
            let mut d = Diagnostic::warning(code, message)
                .with_span(span(at))
                .with_note(kept);
            if let Some(h) = help {
                d = d.with_help(h);
            }
            diagnostics.push(d);
            return None;
        }
        for (name, page_elem) in &b.used {
            let Some(doc) = self
                .includes
                .index
                .get(name)
                .map(|&i| &self.includes.docs[i])
            else {
                continue;
            };
            for (code, msg) in &doc.problems {
                diagnostics.push(
                    Diagnostic::warning(*code, format!("`_includes/{name}`: {msg}"))
                        .with_span(span(whole(*page_elem)))
                        .with_note("the text is shown as written"),
                );
            }
        }
        Some(sink.into_string())
    }
}

#[cfg(test)]
mod tests;
