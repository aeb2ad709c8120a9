//! Rule levels and ignores: `_config.yml`
//!
//! ```yaml
//! forvalt:
//!   check:
//!     rules:
//!       spelling: allow              # a whole family
//!       nav::duplicate-nav-order: deny
//!       records::weekday-mismatch: warn
//!     ignore:
//!       - "docs/Arkiv/**"
//! ```
//!
//! and inline comments in Markdown: `<!-- forvalt-ignore CODE -->` silences CODE (or a
//! family, or everything when no code is given) on its own line and the next one;
//! `<!-- forvalt-ignore-file CODE -->` in the whole file.

use forvalt_diag::{Diagnostic, FileId, Severity, Span};
use forvalt_model::Repository;
use serde_json::Value;
use std::collections::HashMap;

/// What a configured rule level does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Report as an error.
    Deny,
    /// Report as a warning.
    Warn,
    /// Do not report.
    Allow,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "deny" | "error" => Some(Level::Deny),
            "warn" | "warning" => Some(Level::Warn),
            "allow" | "off" | "ignore" => Some(Level::Allow),
            _ => None,
        }
    }
}

/// The check configuration of a repository.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// Levels by code (`nav::cycle`), family (`nav`) or `*`.
    pub rules: Vec<(String, Level)>,
    /// Path patterns (`*`, `**`, `?`) whose files are not checked.
    pub ignore: Vec<String>,
}

impl CheckConfig {
    /// Reads `forvalt.check` of `_config.yml`; reports values it cannot use.
    pub fn from_repository(repo: &Repository, diagnostics: &mut Vec<Diagnostic>) -> CheckConfig {
        let mut c = CheckConfig::default();
        let Some(check) = repo
            .config
            .raw
            .get("forvalt")
            .and_then(|f| f.get("check"))
            .and_then(Value::as_object)
        else {
            return c;
        };
        if let Some(rules) = check.get("rules").and_then(Value::as_object) {
            for (code, v) in rules {
                match v.as_str().and_then(Level::parse) {
                    Some(l) => c.rules.push((code.clone(), l)),
                    None => diagnostics.push(
                        Diagnostic::warning(
                            "config::check",
                            format!(
                                "forvalt.check.rules.{code} must be deny, warn or allow, not {v}"
                            ),
                        )
                        .with_help("the rule keeps its default level"),
                    ),
                }
            }
        }
        match check.get("ignore") {
            Some(Value::Array(a)) => c
                .ignore
                .extend(a.iter().filter_map(Value::as_str).map(str::to_string)),
            Some(Value::String(s)) => c.ignore.push(s.clone()),
            _ => {}
        }
        c
    }

    /// The configured level of a code: the exact code wins over its family, which wins over
    /// `*`.
    pub fn level(&self, code: &str) -> Option<Level> {
        let family = code.split("::").next().unwrap_or(code);
        let find = |k: &str| self.rules.iter().find(|(c, _)| c == k).map(|(_, l)| *l);
        find(code).or_else(|| find(family)).or_else(|| find("*"))
    }

    /// Applies levels, ignored paths and inline comments: (kept, how many were dropped).
    pub fn apply(
        &self,
        repo: &Repository,
        diagnostics: Vec<Diagnostic>,
    ) -> (Vec<Diagnostic>, usize) {
        let mut inline: HashMap<FileId, Vec<Ignore>> = HashMap::new();
        let mut kept = Vec::with_capacity(diagnostics.len());
        let mut dropped = 0;
        for mut d in diagnostics {
            if let Some(span) = d.span
                && let Some(file) = repo.sources.get(span.file)
            {
                if self.ignore.iter().any(|g| glob(g, &file.path)) {
                    dropped += 1;
                    continue;
                }
                let ignores = inline
                    .entry(span.file)
                    .or_insert_with(|| inline_ignores(&file.text));
                if ignores.iter().any(|i| i.covers(&d.code, span, &file.text)) {
                    dropped += 1;
                    continue;
                }
            }
            match self.level(&d.code) {
                Some(Level::Allow) => {
                    dropped += 1;
                    continue;
                }
                Some(Level::Deny) => d.severity = Severity::Error,
                Some(Level::Warn) => d.severity = Severity::Warning,
                None => {}
            }
            kept.push(d);
        }
        (kept, dropped)
    }
}

/// One inline ignore comment.
#[derive(Debug, Clone)]
struct Ignore {
    /// Codes or families; empty: all.
    codes: Vec<String>,
    /// Byte range it covers (the whole file, or its line and the next).
    range: std::ops::Range<usize>,
}

impl Ignore {
    fn covers(&self, code: &str, span: Span, _text: &str) -> bool {
        let at = span.start as usize;
        self.range.contains(&at)
            && (self.codes.is_empty()
                || self
                    .codes
                    .iter()
                    .any(|c| c == "*" || c == code || code.split("::").next() == Some(c.as_str())))
    }
}

fn inline_ignores(text: &str) -> Vec<Ignore> {
    let mut out = Vec::new();
    if !text.contains("forvalt-ignore") {
        return out;
    }
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let start = offset;
        offset += line.len();
        let Some(at) = line.find("<!--") else {
            continue;
        };
        let rest = &line[at + 4..];
        let Some(end) = rest.find("-->") else {
            continue;
        };
        let inner = rest[..end].trim();
        let (whole_file, codes) = if let Some(c) = inner.strip_prefix("forvalt-ignore-file") {
            (true, c)
        } else if let Some(c) = inner.strip_prefix("forvalt-ignore") {
            (false, c)
        } else {
            continue;
        };
        let codes: Vec<String> = codes
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let range = if whole_file {
            0..text.len() + 1
        } else {
            let next = lines.get(i + 1).map_or(0, |l| l.len());
            start..offset + next
        };
        out.push(Ignore { codes, range });
    }
    out
}

/// Matches a path against a pattern: `*` any characters but `/`, `**` anything, `?` one
/// character; a pattern ending in `/` matches everything below it.
pub fn glob(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./");
    if let Some(dir) = pattern.strip_suffix('/') {
        return path.starts_with(&format!("{dir}/"));
    }
    fn go(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => {
                if p.get(2) == Some(&'/') {
                    // `**/x`: x here, or after any `/`.
                    let rest = &p[3..];
                    go(rest, s) || (0..s.len()).any(|i| s[i] == '/' && go(rest, &s[i + 1..]))
                } else {
                    (0..=s.len()).any(|i| go(&p[2..], &s[i..]))
                }
            }
            Some('*') => (0..=s.len())
                .take_while(|i| *i == 0 || s[i - 1] != '/')
                .any(|i| go(&p[1..], &s[i..])),
            Some('?') => !s.is_empty() && s[0] != '/' && go(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    go(&p, &s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("docs/Arkiv/**", "docs/Arkiv/a/b.md"));
        assert!(glob("docs/Arkiv/", "docs/Arkiv/b.md"));
        assert!(glob("**/skabelon.md", "a/b/skabelon.md"));
        assert!(glob("**/skabelon.md", "skabelon.md"));
        assert!(!glob("**/skabelon.md", "docs/gammelskabelon.md"));
        assert!(glob("docs/*.md", "docs/a.md"));
        assert!(!glob("docs/*.md", "docs/a/b.md"));
        assert!(glob("docs/?.md", "docs/a.md"));
        assert!(!glob("docs/Arkiv/**", "docs/Andet/b.md"));
    }

    #[test]
    fn inline_comments() {
        let t = "a\n<!-- forvalt-ignore nav -->\nb\nc\n";
        let ig = inline_ignores(t);
        assert_eq!(ig.len(), 1);
        let at = |s: &str| Span::new(t.find(s).unwrap(), t.find(s).unwrap() + 1);
        assert!(ig[0].covers("nav::cycle", at("b"), t));
        assert!(!ig[0].covers("nav::cycle", at("c"), t));
        assert!(!ig[0].covers("links::missing-file", at("b"), t));
        let all = inline_ignores("x <!-- forvalt-ignore-file -->\ny\n");
        assert!(all[0].covers("gantt::syntax", Span::new(12, 13), ""));
    }

    #[test]
    fn levels() {
        let c = CheckConfig {
            rules: vec![
                ("nav".into(), Level::Allow),
                ("nav::cycle".into(), Level::Deny),
                ("*".into(), Level::Warn),
            ],
            ignore: vec![],
        };
        assert_eq!(c.level("nav::cycle"), Some(Level::Deny));
        assert_eq!(c.level("nav::duplicate-title"), Some(Level::Allow));
        assert_eq!(c.level("gantt::syntax"), Some(Level::Warn));
    }
}
