//! The crate's shape, checked: views are data and pages are templates — no HTML is written
//! in Rust outside SVG drawing and the Markdown renderer's element markup — `lib.rs` is a
//! table of contents, no function is longer than 120 lines, and modules do not import each
//! other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("src")
}

/// Every Rust file under `dir`, relative to `src/`, with its text.
fn rust_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(src())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The file's code before its test module, without comment lines.
fn code(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(n, l)| (n + 1, l))
        .collect()
}

const TAGS: &[&str] = &[
    "a",
    "article",
    "aside",
    "b",
    "body",
    "br",
    "button",
    "caption",
    "code",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "html",
    "i",
    "img",
    "input",
    "label",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "script",
    "section",
    "select",
    "span",
    "strong",
    "style",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "ul",
    "urlset",
    "url",
    "loc",
];

/// The HTML tags written on a line: `<p>`, `</div`, `<a href`.
fn tags(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    for (i, _) in line.match_indices('<') {
        let rest = &line[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = rest[name.len()..].chars().next();
        let boundary = matches!(after, Some(' ' | '>' | '/' | '\\' | '{') | None);
        let generic = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b':');
        if TAGS.contains(&name.as_str()) && boundary && !generic {
            found.push(format!("<{name}"));
        }
    }
    found
}

#[test]
fn no_html_in_rust_outside_drawing_and_the_markdown_renderer() {
    // SVG drawing, and comrak's element markup for Markdown (headings, links, task boxes).
    let allowed = |path: &str| path.starts_with("draw/") || path == "markdown/html.rs";
    let mut found = Vec::new();
    for (path, text) in rust_files(&src()) {
        if allowed(&path) || path.ends_with("tests.rs") {
            continue;
        }
        for (n, line) in code(&text) {
            for t in tags(line) {
                found.push(format!("src/{path}:{n}: {t} in `{}`", line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "HTML written in Rust:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_tag_finder_finds_tags_and_not_generics() {
    assert_eq!(tags(r#"out.push_str("<div class=\"x\">");"#), ["<div"]);
    assert_eq!(tags(r#"format!("</p>{x}<br>")"#), ["<p", "<br"]);
    assert!(tags("let v: Vec<u8> = Vec::<i64>::new(); fn f<'a>(x: Option<&str>)").is_empty());
    assert!(tags("if a <b { }").is_empty() || tags("if a <b { }") == ["<b"]);
}

/// Functions longer than `max` lines: file, line and length.
fn long_functions(max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in rust_files(&src()) {
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim_start();
            let is_fn = t.starts_with("fn ")
                || t.starts_with("pub fn ")
                || t.starts_with("pub(crate) fn ")
                || t.starts_with("pub(super) fn ")
                || t.starts_with("const fn ")
                || t.starts_with("pub const fn ");
            if !is_fn || t.ends_with(';') || t.ends_with('}') {
                continue;
            }
            let indent = &l[..l.len() - t.len()];
            let close = format!("{indent}}}");
            if let Some(end) = lines[i + 1..].iter().position(|x| *x == close) {
                let len = end + 2;
                if len > max {
                    out.push(format!("src/{path}:{}: {len} lines", i + 1));
                }
            }
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let long = long_functions(120);
    assert!(
        long.is_empty(),
        "functions over 120 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn lib_rs_is_a_table_of_contents() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let n = lib.lines().count();
    assert!(n <= 200, "lib.rs has {n} lines");
}

/// Which modules (at `depth` under `prefix`) each module refers to.
fn graph(prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
    let module_of = |path: &str| -> Option<String> {
        let rest = path.strip_prefix(prefix)?;
        let first = rest.split('/').next()?;
        let m = first.trim_end_matches(".rs");
        (m != "mod" && m != "lib" && m != "tests").then(|| m.to_string())
    };
    let files = rust_files(&src());
    let modules: BTreeSet<String> = files.iter().filter_map(|(p, _)| module_of(p)).collect();
    let crate_prefix = format!("crate::{}", prefix.replace('/', "::"));
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        let Some(from) = module_of(path) else {
            continue;
        };
        // `super` of `views/records/status.rs` is `records`; of `views/records/mod.rs`, `views`.
        let nested = path
            .strip_prefix(prefix)
            .is_some_and(|r| r.contains('/') && !r.ends_with("/mod.rs"));
        let entry = g.entry(from.clone()).or_default();
        for (_, line) in code(text) {
            let mut refs: Vec<&str> = Vec::new();
            for (i, _) in line.match_indices(&crate_prefix) {
                refs.push(&line[i + crate_prefix.len()..]);
            }
            if !prefix.is_empty() {
                let sup = if nested { "super::super::" } else { "super::" };
                for (i, _) in line.match_indices(sup) {
                    refs.push(&line[i + sup.len()..]);
                }
            }
            for r in refs {
                let name: String = r
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != from && modules.contains(&name) {
                    entry.insert(name);
                }
            }
        }
    }
    g
}

/// A cycle in `g`, if there is one.
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut c = stack[at..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in g.keys() {
        if let Some(c) = visit(n, g, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn modules_do_not_import_each_other_in_a_circle() {
    for prefix in [
        "",
        "views/",
        "views/records/",
        "stages/",
        "stages/render/",
        "markdown/",
        "draw/",
    ] {
        let g = graph(prefix);
        assert!(!g.is_empty(), "no modules under src/{prefix}");
        if let Some(c) = cycle(&g) {
            panic!(
                "modules under src/{prefix} import each other: {}",
                c.join(" → ")
            );
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert!(cycle(&g).is_none());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycle(&g).unwrap(), ["a", "b", "c", "a"]);
}
