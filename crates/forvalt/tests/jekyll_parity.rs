//! A Jekyll site published by forvalt has the pages, files, URLs and menu its own Jekyll
//! build has. The expected output was recorded with Jekyll 4.3.1 and just-the-docs 0.12.0
//! (`tests/fixtures/record-jekyll.sh`), so these tests need no Ruby.

mod common;

use common::{forvalt, workspace};
use std::collections::BTreeSet;
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    workspace().join("crates/forvalt/tests/fixtures")
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every file under `dir`, relative, with `/` separators.
fn files(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel);
            }
        }
    }
    out
}

/// What forvalt adds to every site of its own: theme assets, search, sitemap, history
/// pages, the governance overviews, chart downloads, the 404 page and its marker file.
fn forvalt_addition(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("assets/")
        || path.starts_with("forvaltning/")
        || path.starts_with("search/")
        || matches!(
            path,
            "search.html" | "sitemap.xml" | "robots.txt" | "404.html" | ".forvalt-site"
        )
        || name.ends_with("-historik.html")
        || name
            .strip_suffix(".html")
            .and_then(|s| s.rsplit_once("-historik-"))
            .is_some_and(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
        || path.ends_with(".ics")
        || [".svg", ".png", ".pdf"].iter().any(|ext| {
            name.strip_suffix(ext).is_some_and(|stem| {
                stem.rsplit_once('-').is_some_and(|(rest, n)| {
                    n.chars().all(|c| c.is_ascii_digit())
                        && (rest.ends_with("-roadmap") || rest.ends_with("-aarshjul"))
                })
            })
        })
}

/// The menu from `forvalt export --json`, in `nav.txt`'s shape.
fn nav_lines(site: &Path) -> Vec<String> {
    let out = forvalt()
        .args(["export", "--json", "--today", "2026-12-06"])
        .arg(site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fn walk(entries: &serde_json::Value, depth: usize, out: &mut Vec<String>) {
        for e in entries.as_array().unwrap() {
            // A section's heading is no link; a folding section nests its entries one
            // list deeper, as just-the-docs writes it.
            if e["section"] == true {
                let fold = usize::from(e["fold"] == true);
                walk(&e["children"], depth + fold, out);
                continue;
            }
            out.push(format!(
                "{}{}  {}",
                "  ".repeat(depth),
                e["title"].as_str().unwrap(),
                e["url"].as_str().unwrap_or("")
            ));
            walk(&e["children"], depth + 1, out);
        }
    }
    let mut lines = Vec::new();
    walk(&json["nav"], 0, &mut lines);
    lines
}

/// `<a … href="X" …>T</a>` → `[T](X)`, heading anchors left out; other tags removed,
/// entities decoded and space collapsed: what `record-jekyll.sh` writes in `fragments.txt`.
fn canonical(inner: &str) -> String {
    let mut out = String::new();
    let mut rest = inner;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with("<a ") || tag == "<a>" {
            let close = rest.find("</a>").unwrap_or(rest.len());
            let text = strip_tags(&rest[..close]);
            rest = rest.get(close + 4..).unwrap_or("");
            if tag.contains("class=\"anchor-heading\"") {
                continue;
            }
            let href = tag
                .split("href=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("");
            out.push_str(&format!("[{text}]({href})"));
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let text = decode(&out);
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ")
}

/// Text with its tags removed (not replaced by space).
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Every element marked `data-parity="name"` in the site's HTML files, as `fragments.txt`.
fn fragments(out_dir: &Path, published: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for f in published.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out_dir.join(f)).unwrap();
        let mut from = 0;
        while let Some(at) = html[from..].find("data-parity=\"") {
            let at = from + at;
            let start = html[..at].rfind('<').unwrap();
            let tag: String = html[start + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let name = html[at + 13..].split('"').next().unwrap().to_string();
            let open_end = at + html[at..].find('>').unwrap() + 1;
            let (mut depth, mut i) = (1, open_end);
            let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
            let mut end = html.len();
            while i < html.len() {
                let next_open = html[i..].find(&open).map(|x| x + i);
                let next_close = html[i..].find(&close).map(|x| x + i);
                match (next_open, next_close) {
                    (Some(o), Some(c)) if o < c => {
                        depth += 1;
                        i = o + open.len();
                    }
                    (_, Some(c)) => {
                        depth -= 1;
                        i = c + close.len();
                        if depth == 0 {
                            end = c;
                            break;
                        }
                    }
                    _ => break,
                }
            }
            out.push(format!("{f}  {name}  {}", canonical(&html[open_end..end])));
            from = open_end;
        }
    }
    out.sort();
    out
}

/// Builds `site` and compares its files and menu with Jekyll's.
fn same_as_jekyll(site: &Path, expected: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("site");
    let run = forvalt()
        .args(["build", "--today", "2026-12-06", "--out"])
        .arg(&out_dir)
        .arg(site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(out_dir.join("index.html").exists(), "{stderr}");
    let published = files(&out_dir);
    let jekyll: BTreeSet<String> = lines(&expected.join("files.txt")).into_iter().collect();
    let missing: Vec<&String> = jekyll.difference(&published).collect();
    assert!(
        missing.is_empty(),
        "Jekyll publishes these, forvalt does not: {missing:?}"
    );
    let extra: Vec<&String> = published
        .difference(&jekyll)
        .filter(|p| !forvalt_addition(p))
        .collect();
    assert!(
        extra.is_empty(),
        "forvalt publishes these, Jekyll does not: {extra:?}"
    );
    // Files Jekyll copies are copied byte for byte (a collection's from `_NAME/`).
    for f in &jekyll {
        if f.ends_with(".md") {
            let source = if site.join(f).exists() {
                site.join(f)
            } else {
                site.join(format!("_{f}"))
            };
            assert_eq!(
                std::fs::read(out_dir.join(f)).unwrap(),
                std::fs::read(&source).unwrap(),
                "{f}"
            );
        }
    }
    assert_eq!(
        nav_lines(site),
        lines(&expected.join("nav.txt")),
        "the menu differs from just-the-docs'"
    );
    // Redirect pages at the same places, leading to the same addresses.
    let mut redirects = Vec::new();
    for f in published.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out_dir.join(f)).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            let to = html
                .split("<link rel=\"canonical\" href=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("");
            redirects.push(format!("{f}  {to}"));
        }
    }
    assert_eq!(redirects, lines(&expected.join("redirects.txt")));
    // What the site's own layouts and includes write, where Jekyll writes it.
    let recorded = expected.join("fragments.txt");
    if recorded.exists() {
        let want: Vec<String> = lines(&recorded)
            .into_iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        let got: Vec<String> = fragments(&out_dir, &published)
            .into_iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        assert_eq!(
            got, want,
            "the site's layouts and includes write something else"
        );
    }
    stderr
}

#[test]
fn a_strict_jekyll_site_publishes_only_files_with_front_matter() {
    let dir = fixtures().join("jekyll-site");
    let stderr = same_as_jekyll(&dir.join("site"), &dir.join("expected"));
    assert!(
        stderr.contains("Published as a Jekyll site built with its Gemfile: only Markdown files that start with front matter are pages; 9 Markdown files are not pages"),
        "{stderr}"
    );
}

#[test]
fn the_example_publishes_what_jekyll_publishes() {
    same_as_jekyll(
        &workspace().join("examples/os2skolekoersel"),
        &fixtures().join("example-jekyll"),
    );
}

#[test]
fn check_lists_the_files_that_are_not_pages_and_warns_about_damaged_front_matter() {
    let site = fixtures().join("jekyll-site/site");
    let out = forvalt()
        .args(["check", "--format", "json"])
        .arg(&site)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let findings = json["diagnostics"]
        .as_array()
        .or(json.as_array())
        .unwrap()
        .clone();
    let with = |code: &str| -> Vec<(String, String)> {
        findings
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| {
                (
                    d["path"].as_str().unwrap_or("").to_string(),
                    d["severity"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let not_pages: Vec<String> = with("files::not-a-page")
        .into_iter()
        .map(|(p, s)| {
            assert_eq!(s, "note");
            p
        })
        .collect();
    assert_eq!(
        not_pages,
        [
            "MAINTAINERS.md",
            "PROJECT_CONTRIBUTING_TEMPLATE.md",
            "README.md",
            "_news/udkast.md",
            "docs/arkiv/pladsholder.md",
            "docs/arkiv/talentudvikling2025.md",
            "docs/assets/logo.md",
        ]
    );
    let broken = with("frontmatter::broken");
    assert_eq!(
        broken,
        [
            (
                "docs/anbefalinger/afpubliceret.md".to_string(),
                "warning".to_string()
            ),
            (
                "docs/anbefalinger/tastefejl.md".to_string(),
                "warning".to_string()
            ),
        ]
    );
    let ambiguous = with("nav::ambiguous-parent");
    assert_eq!(ambiguous.len(), 1, "{findings:#?}");
    assert_eq!(with("nav::parent-case").len(), 1);
    assert_eq!(with("nav::missing-parent").len(), 1);
    // Badges and embedded videos load from other hosts: a note per page and host.
    let third: Vec<String> = findings
        .iter()
        .filter(|d| d["code"] == "links::third-party")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        third,
        [
            "this page loads an image from img.shields.io: every reader's browser contacts img.shields.io",
            "this page loads an embedded page from www.youtube-nocookie.com: every reader's browser contacts www.youtube-nocookie.com",
        ]
    );
    assert_eq!(
        with("config::low-contrast"),
        [(
            "_sass/color_schemes/os2.scss".to_string(),
            "warning".to_string()
        )]
    );
}
