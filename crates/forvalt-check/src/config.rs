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
                    None => {
                        let mut d = Diagnostic::warning(
                            "config::check",
                            format!(
                                "forvalt.check.rules.{code} must be deny, warn or allow, not {v}"
                            ),
                        )
                        .with_help("the rule keeps its default level");
                        let path = ["forvalt", "check", "rules", code.as_str()];
                        if let Some(at) = repo.config.places.value(&path) {
                            d = d.with_span(at);
                        }
                        diagnostics.push(d);
                    }
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
    ///
    /// Linear in the diagnostics: each file's path is matched and its comments are read
    /// once, and a diagnostic finds the comments before it by binary search.
    pub fn apply(
        &self,
        repo: &Repository,
        diagnostics: Vec<Diagnostic>,
    ) -> (Vec<Diagnostic>, usize) {
        let mut files: HashMap<FileId, (bool, Ignores)> = HashMap::new();
        let mut kept = Vec::with_capacity(diagnostics.len());
        let mut dropped = 0;
        for mut d in diagnostics {
            if let Some(span) = d.span
                && let Some(file) = repo.sources.get(span.file)
            {
                let (ignored, ignores) = files.entry(span.file).or_insert_with(|| {
                    let ignored = self.ignore.iter().any(|g| glob(g, &file.path));
                    let ignores = if ignored {
                        Ignores::default()
                    } else {
                        Ignores::new(&file.text)
                    };
                    (ignored, ignores)
                });
                if *ignored || ignores.cover(&d.code, span) {
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

/// The inline ignore comments of one file.
#[derive(Debug, Default)]
struct Ignores {
    /// `forvalt-ignore-file` comments.
    whole: Vec<Ignore>,
    /// `forvalt-ignore` comments, in text order (each covers its line and the next).
    lines: Vec<Ignore>,
}

impl Ignores {
    fn new(text: &str) -> Ignores {
        let (whole, lines) = inline_ignores(text)
            .into_iter()
            .partition(|i| i.range.start == 0 && i.range.end == text.len() + 1);
        Ignores { whole, lines }
    }

    /// Whether a comment silences `code` at `span`. Comments start on distinct lines and
    /// cover two, so only the last two that start at or before the span can cover it.
    fn cover(&self, code: &str, span: Span) -> bool {
        let at = span.start as usize;
        let before = self.lines.partition_point(|i| i.range.start <= at);
        self.whole.iter().any(|i| i.covers(code, span))
            || self.lines[before.saturating_sub(2)..before]
                .iter()
                .any(|i| i.covers(code, span))
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
    fn covers(&self, code: &str, span: Span) -> bool {
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
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    matches(&p, &s)
}

/// Glob matching by dynamic programming over (pattern position, path position): time
/// and memory proportional to their product, whatever the stars.
fn matches(p: &[char], s: &[char]) -> bool {
    let (n, m) = (p.len(), s.len());
    // ok[i * width + j]: p[i..] matches s[j..]. Rows are filled from the pattern's end,
    // each from the path's end, so every cell reads only cells already filled.
    let width = m + 1;
    let mut ok = vec![false; (n + 1) * width];
    ok[n * width + m] = true;
    for i in (0..n).rev() {
        let double = p[i] == '*' && p.get(i + 1) == Some(&'*');
        let slash = double && p.get(i + 2) == Some(&'/');
        // For `**/x`: whether x matches after some `/` at or after j.
        let mut after_slash = false;
        for j in (0..=m).rev() {
            let at = |i: usize, j: usize| ok[i * width + j];
            let here = if slash {
                if j < m {
                    after_slash = after_slash || (s[j] == '/' && at(i + 3, j + 1));
                }
                at(i + 3, j) || after_slash
            } else if double {
                at(i + 2, j) || (j < m && at(i, j + 1))
            } else {
                match p[i] {
                    '*' => at(i + 1, j) || (j < m && s[j] != '/' && at(i, j + 1)),
                    '?' => j < m && s[j] != '/' && at(i + 1, j + 1),
                    c => j < m && s[j] == c && at(i + 1, j + 1),
                }
            };
            ok[i * width + j] = here;
        }
    }
    ok[0]
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

    /// The backtracking matcher the dynamic programme replaced: exponential, but simple.
    fn reference(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => {
                if p.get(2) == Some(&'/') {
                    let rest = &p[3..];
                    reference(rest, s)
                        || (0..s.len()).any(|i| s[i] == '/' && reference(rest, &s[i + 1..]))
                } else {
                    (0..=s.len()).any(|i| reference(&p[2..], &s[i..]))
                }
            }
            Some('*') => (0..=s.len())
                .take_while(|i| *i == 0 || s[i - 1] != '/')
                .any(|i| reference(&p[1..], &s[i..])),
            Some('?') => !s.is_empty() && s[0] != '/' && reference(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && reference(&p[1..], &s[1..]),
        }
    }

    proptest::proptest! {
        #[test]
        fn globs_match_as_the_backtracking_matcher_did(p in "[ab/*?]{0,8}", s in "[ab/]{0,8}") {
            let (p, s): (Vec<char>, Vec<char>) = (p.chars().collect(), s.chars().collect());
            proptest::prop_assert_eq!(matches(&p, &s), reference(&p, &s));
        }
    }

    #[test]
    fn globs_with_many_stars_take_polynomial_time() {
        let started = std::time::Instant::now();
        let path = format!("{}{}", "a/".repeat(100), "a".repeat(200));
        assert!(!glob(&format!("{}b", "**a".repeat(30)), &path));
        assert!(!glob(&format!("{}b", "*a".repeat(40)), &"a".repeat(400)));
        assert!(glob(&"*a".repeat(40), &"a".repeat(400)));
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn inline_comments() {
        let t = "a\n<!-- forvalt-ignore nav -->\nb\nc\n";
        let ig = inline_ignores(t);
        assert_eq!(ig.len(), 1);
        let at = |s: &str| Span::new(t.find(s).unwrap(), t.find(s).unwrap() + 1);
        assert!(ig[0].covers("nav::cycle", at("b")));
        assert!(!ig[0].covers("nav::cycle", at("c")));
        assert!(!ig[0].covers("links::missing-file", at("b")));
        let all = inline_ignores("x <!-- forvalt-ignore-file -->\ny\n");
        assert!(all[0].covers("gantt::syntax", Span::new(12, 13)));
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
