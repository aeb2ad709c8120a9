//! Page templates (minijinja): the built-in theme, overridable file by file from
//! `_forvalt/templates/` in the repository.

use forvalt_diag::Diagnostic;
use minijinja::Environment;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The built-in templates: name → text.
pub const BUILTIN: [(&str, &str); 5] = [
    ("base.html", include_str!("../templates/base.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("group.html", include_str!("../templates/group.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("404.html", include_str!("../templates/404.html")),
];

/// The templates of one build.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    builtin: Environment<'static>,
    overridden: BTreeSet<String>,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_recursion_limit(64);
    // HTML escaping of the five significant characters only (minijinja also escapes `/`,
    // which makes every URL three times longer).
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), minijinja::AutoEscape::Html)
            && !value.is_safe()
            && let Some(s) = value.as_str()
        {
            return out
                .write_str(&crate::markdown::attr(s))
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
}

impl Templates {
    /// The built-in templates with the repository's overrides (`name → text`). An override
    /// that does not compile is reported and the built-in one is used.
    pub fn new(overrides: &BTreeMap<String, String>) -> (Templates, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut env = environment();
        let mut overridden = BTreeSet::new();
        for (name, text) in overrides {
            match env.add_template_owned(name.clone(), text.clone()) {
                Ok(()) => {
                    overridden.insert(name.clone());
                }
                Err(e) => {
                    diagnostics.push(
                        Diagnostic::error(
                            "site::template",
                            format!("_forvalt/templates/{name} cannot be read as a template: {e}"),
                        )
                        .with_note("the built-in template is used instead"),
                    );
                    if let Some((_, builtin)) = BUILTIN.iter().find(|(n, _)| *n == name) {
                        let _ = env.add_template(builtin_name(name), builtin);
                    } else {
                        env.remove_template(name);
                    }
                }
            }
        }
        (
            Templates {
                env,
                builtin: environment(),
                overridden,
            },
            diagnostics,
        )
    }

    /// The template for a page with this `layout`: `_forvalt/templates/<layout>.html` when the
    /// repository has one, else `page.html`.
    pub fn page_template(&self, layout: Option<&str>) -> String {
        if let Some(l) = layout {
            let name = format!("{l}.html");
            if self.overridden.contains(&name) && !BUILTIN.iter().any(|(n, _)| *n == name) {
                return name;
            }
        }
        "page.html".to_string()
    }

    /// Renders template `name`.
    pub fn render(&self, name: &str, ctx: &impl Serialize) -> Result<String, String> {
        let t = self.env.get_template(name).map_err(|e| e.to_string())?;
        t.render(minijinja::Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| detail(&e))
    }

    /// Renders a built-in template, ignoring overrides (the fallback when an override fails).
    pub fn render_builtin(&self, name: &str, ctx: &impl Serialize) -> Result<String, String> {
        let t = self.builtin.get_template(name).map_err(|e| e.to_string())?;
        t.render(minijinja::Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| detail(&e))
    }
}

fn builtin_name(name: &str) -> &'static str {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, _)| *n)
        .unwrap_or("page.html")
}

fn detail(e: &minijinja::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}
