//! The theme: minijinja templates for every page and fragment, built in and overridable file
//! by file from `_forvalt/templates/` in the repository (`docs/theme.md` lists them with the
//! context each receives).
//!
//! Rendering never fails: an override that does not compile, or fails while rendering, is
//! reported once with its place in the file, and the built-in template is used instead.

use forvalt_diag::{Diagnostic, FileId, Span};
use minijinja::Environment;
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

/// The built-in templates: name → text.
pub const BUILTIN: [(&str, &str); 36] = [
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "generated.html",
        include_str!("../templates/generated.html"),
    ),
    ("group.html", include_str!("../templates/group.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("redirect.html", include_str!("../templates/redirect.html")),
    ("menu.html", include_str!("../templates/menu.html")),
    (
        "menu-item.html",
        include_str!("../templates/menu-item.html"),
    ),
    (
        "breadcrumbs.html",
        include_str!("../templates/breadcrumbs.html"),
    ),
    ("toc.html", include_str!("../templates/toc.html")),
    ("children.html", include_str!("../templates/children.html")),
    (
        "page-meta.html",
        include_str!("../templates/page-meta.html"),
    ),
    (
        "decision-card.html",
        include_str!("../templates/decision-card.html"),
    ),
    (
        "meeting-card.html",
        include_str!("../templates/meeting-card.html"),
    ),
    ("matrices.html", include_str!("../templates/matrices.html")),
    (
        "governance.html",
        include_str!("../templates/governance.html"),
    ),
    (
        "roadmap-changes.html",
        include_str!("../templates/roadmap-changes.html"),
    ),
    ("chart.html", include_str!("../templates/chart.html")),
    (
        "chart-downloads.html",
        include_str!("../templates/chart-downloads.html"),
    ),
    ("diagram.html", include_str!("../templates/diagram.html")),
    ("wheel.html", include_str!("../templates/wheel.html")),
    ("callout.html", include_str!("../templates/callout.html")),
    (
        "decision-log.html",
        include_str!("../templates/decision-log.html"),
    ),
    ("meetings.html", include_str!("../templates/meetings.html")),
    (
        "change-requests.html",
        include_str!("../templates/change-requests.html"),
    ),
    ("actions.html", include_str!("../templates/actions.html")),
    (
        "status-report.html",
        include_str!("../templates/status-report.html"),
    ),
    (
        "annual-cycle.html",
        include_str!("../templates/annual-cycle.html"),
    ),
    ("history.html", include_str!("../templates/history.html")),
    (
        "since-last-meeting.html",
        include_str!("../templates/since-last-meeting.html"),
    ),
    ("issue.html", include_str!("../templates/issue.html")),
    (
        "discussion.html",
        include_str!("../templates/discussion.html"),
    ),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    ("robots.txt", include_str!("../templates/robots.txt")),
];

/// A template from the repository: its name under `_forvalt/templates/`, file and text.
#[derive(Debug, Clone, Copy)]
pub struct Override<'a> {
    /// Name (`page.html`).
    pub name: &'a str,
    /// The file, for the places of diagnostics.
    pub file: FileId,
    /// Its text.
    pub text: &'a str,
}

/// The templates of one build.
#[derive(Debug)]
pub struct Theme {
    env: Environment<'static>,
    builtin: Environment<'static>,
    overridden: HashMap<String, FileId>,
    failures: Mutex<BTreeMap<FailureAt, Failure>>,
    digest: u64,
}

/// Where a template failed: its name, and its place in the file.
type FailureAt = (String, Option<(u32, u32)>);

#[derive(Debug)]
struct Failure {
    diagnostic: Diagnostic,
    pages: usize,
}

/// Escapes the five characters HTML needs escaped (minijinja also escapes `/`, which makes
/// every URL longer).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = write_escaped(&mut out, s);
    out
}

/// Writes `s` HTML-escaped, in runs between the characters that need escaping.
fn write_escaped(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&s[from..])
}

/// The built-in templates, compiled once per process; each build clones this (the compiled
/// templates are shared) and adds its globals.
fn base() -> &'static Environment<'static> {
    static BASE: OnceLock<Environment<'static>> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut env = Environment::new();
        env.set_recursion_limit(64);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_debug(true);
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), minijinja::AutoEscape::Html)
                && !value.is_safe()
                && let Some(s) = value.as_str()
            {
                return out
                    .write_str(&escape_html(s))
                    .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure));
            }
            minijinja::escape_formatter(out, state, value)
        });
        for (name, text) in BUILTIN {
            // The built-in templates are tested; a failure here is a bug in forvalt.
            if let Err(e) = env.add_template(name, text) {
                debug_assert!(false, "built-in template {name}: {e}");
            }
        }
        env
    })
}

/// The built-in templates with `globals` (a map).
fn environment(globals: &minijinja::Value) -> Environment<'static> {
    let mut env = base().clone();
    if let Ok(map) = globals.try_iter() {
        for key in map {
            if let Some(k) = key.as_str()
                && let Ok(v) = globals.get_item(&key)
            {
                env.add_global(k.to_string(), v);
            }
        }
    }
    env
}

impl Theme {
    /// The built-in templates with the repository's overrides; `globals` (a map) is seen by
    /// every template. An override that does not compile is reported, and the built-in one
    /// is used.
    pub fn new(overrides: &[Override<'_>], globals: &impl Serialize) -> (Theme, Vec<Diagnostic>) {
        let globals = minijinja::Value::from(minijinja::value::Serde(globals));
        let mut diagnostics = Vec::new();
        let mut env = environment(&globals);
        let mut overridden = HashMap::new();
        let mut h = DefaultHasher::new();
        for o in overrides {
            (o.name, o.text).hash(&mut h);
            match env.add_template_owned(o.name.to_string(), o.text.to_string()) {
                Ok(()) => {
                    overridden.insert(o.name.to_string(), o.file);
                }
                Err(e) => {
                    diagnostics.push(
                        located(&e, o.file, o.text)
                            .with_note("the built-in template is used instead"),
                    );
                    match BUILTIN.iter().find(|(n, _)| *n == o.name) {
                        Some((n, builtin)) => {
                            let _ = env.add_template(n, builtin);
                        }
                        None => env.remove_template(o.name),
                    }
                }
            }
        }
        let theme = Theme {
            env,
            builtin: environment(&globals),
            overridden,
            failures: Mutex::new(BTreeMap::new()),
            digest: h.finish(),
        };
        (theme, diagnostics)
    }

    /// A hash of the repository's templates: rendered pages depend on it.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The template for a page with this `layout`: `_forvalt/templates/<layout>.html` when the
    /// repository has one (and it is not a built-in template's name), else `page.html`.
    pub fn page_template(&self, layout: Option<&str>) -> String {
        if let Some(l) = layout {
            let name = format!("{l}.html");
            if self.overridden.contains_key(&name) && !BUILTIN.iter().any(|(n, _)| *n == name) {
                return name;
            }
        }
        "page.html".to_string()
    }

    /// Renders template `name`. When an override fails, the failure is kept for
    /// [`Theme::diagnostics`] and the built-in template is rendered instead.
    pub fn render(&self, name: &str, ctx: &impl Serialize) -> String {
        let value = minijinja::Value::from(minijinja::value::Serde(ctx));
        let first = self
            .env
            .get_template(name)
            .and_then(|t| t.render(value.clone()));
        match first {
            Ok(html) => html,
            Err(e) => {
                self.fail(name, &e);
                let builtin = if BUILTIN.iter().any(|(n, _)| *n == name) {
                    name
                } else {
                    "page.html"
                };
                self.builtin
                    .get_template(builtin)
                    .and_then(|t| t.render(value))
                    .unwrap_or_else(|e| {
                        self.fail(builtin, &e);
                        String::new()
                    })
            }
        }
    }

    /// Renders a template that wraps content (a callout around Markdown): the text before
    /// and after the place where it writes `content`.
    pub fn render_around(&self, name: &str, ctx: &impl Serialize) -> (String, String) {
        const MARK: &str = "FORVALTCONTENTMARKER";
        #[derive(Serialize)]
        struct Around<'a, C: Serialize> {
            #[serde(flatten)]
            ctx: &'a C,
            content: &'static str,
        }
        let html = self.render(name, &Around { ctx, content: MARK });
        match html.split_once(MARK) {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => {
                let e = minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    "the template must write `{{ content }}` once, where the content goes",
                );
                self.fail(name, &e);
                let html = self
                    .builtin
                    .get_template(name)
                    .and_then(|t| {
                        t.render(minijinja::Value::from(minijinja::value::Serde(&Around {
                            ctx,
                            content: MARK,
                        })))
                    })
                    .unwrap_or_default();
                match html.split_once(MARK) {
                    Some((a, b)) => (a.to_string(), b.to_string()),
                    None => (String::new(), String::new()),
                }
            }
        }
    }

    fn fail(&self, name: &str, e: &minijinja::Error) {
        let at = e.name().unwrap_or(name).to_string();
        let diagnostic = match self.overridden.get(&at) {
            Some(&file) => {
                let text = e.template_source().unwrap_or("");
                located(e, file, text).with_note("the built-in template is used instead")
            }
            None if !self.overridden.is_empty() => Diagnostic::error(
                "site::template",
                format!(
                    "the built-in template {at} failed with the repository's templates: {}",
                    detail(e)
                ),
            )
            .with_note("the built-in templates are used instead"),
            None => Diagnostic::error(
                "site::template",
                format!("the built-in template {at} failed: {}", detail(e)),
            )
            .with_note("this is a bug in forvalt; please report it"),
        };
        let place = diagnostic.span.map(|s| (s.start, s.end));
        if let Ok(mut f) = self.failures.lock() {
            f.entry((at, place))
                .or_insert(Failure {
                    diagnostic,
                    pages: 0,
                })
                .pages += 1;
        }
    }

    /// What failed while rendering, once per template and place, with how many pages used
    /// the built-in template instead.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let Ok(f) = self.failures.lock() else {
            return Vec::new();
        };
        f.values()
            .map(|x| {
                if x.pages > 1 {
                    x.diagnostic
                        .clone()
                        .with_note(format!("{} pages were rendered this way", x.pages))
                } else {
                    x.diagnostic.clone()
                }
            })
            .collect()
    }
}

/// A template error at its place in an override (`file` holds `text`).
fn located(e: &minijinja::Error, file: FileId, text: &str) -> Diagnostic {
    let name = e.name().unwrap_or("?");
    let mut d = Diagnostic::error(
        "site::template",
        format!("_forvalt/templates/{name}: {}", detail(e)),
    );
    let span = match e.range() {
        Some(r) if r.end <= text.len() => Some(Span::new(r.start, r.end)),
        _ => e.line().and_then(|line| {
            let start = forvalt_diag::Lines::new(text).line_start(line.saturating_sub(1))?;
            Some(Span::point(start))
        }),
    };
    if let Some(s) = span {
        d = d.with_span(s.in_file(file));
    }
    d
}

/// The error's message with its causes, without minijinja's own location suffix.
fn detail(e: &minijinja::Error) -> String {
    let mut s = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}
