//! URLs exactly as Jekyll makes them, so that every existing link keeps working.

/// A page's URL (escaped, as in links) and the file it is written to (unescaped, relative to
/// the output directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    /// `/docs/a%20b/c.html`, `/docs/`, `/om-produktet/` (without the site's baseurl).
    pub url: String,
    /// `docs/a b/c.html`, `docs/index.html`.
    pub output: String,
}

/// Whether a path is a Markdown file Jekyll converts.
pub fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".mkdown", ".mkdn", ".mkd"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The longest permalink forvalt publishes (bytes); file systems refuse longer names.
pub const MAX_PERMALINK: usize = 1024;

/// Why `permalink` cannot be a page's address, if it cannot: control characters, a
/// backslash, `.`/`..` or empty segments, a `.git` segment, a scheme or host (`javascript:…`,
/// `//host`) or an absurd length. Such a page keeps the address of its file.
pub fn permalink_problem(permalink: &str) -> Option<&'static str> {
    let p = permalink.trim();
    if p.len() > MAX_PERMALINK {
        return Some("it is longer than 1,024 characters");
    }
    let decoded = unescape(p);
    if decoded.chars().any(char::is_control) {
        return Some("it contains a control character");
    }
    if decoded.contains('\\') {
        return Some("it contains a backslash");
    }
    if p.starts_with("//") || scheme(p).is_some() {
        return Some("it is an address on another site or with a scheme, not a path");
    }
    let segments: Vec<&str> = decoded.trim_matches('/').split('/').collect();
    let inner = &segments[..segments.len().saturating_sub(1)];
    if segments.iter().any(|s| *s == "." || *s == "..") || inner.iter().any(|s| s.is_empty()) {
        return Some("it has an empty, `.` or `..` folder");
    }
    if segments.iter().any(|s| s.eq_ignore_ascii_case(".git")) {
        return Some("it points into `.git`");
    }
    None
}

/// The scheme of `url` as a browser reads it (ASCII tab and newlines removed, leading
/// spaces and control characters skipped), lowercased: `javascript` for `java\tscript:x`.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let colon = cleaned.find(':')?;
    let name = &cleaned[..colon];
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| name.to_ascii_lowercase())
}

/// Whether `url` may be published as a link: `http`, `https` and `mailto` addresses, and
/// relative, root-relative and fragment ones. Anything else (`javascript:`, `data:`,
/// `vbscript:`, `file:`) is shown as text.
pub fn is_safe_link(url: &str) -> bool {
    match scheme(url) {
        None => !url
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto"),
    }
}

/// The URL of the page at `path` (relative to the repository), honouring `permalink` when
/// [`permalink_problem`] finds nothing wrong with it.
pub fn page_url(path: &str, permalink: Option<&str>) -> PageUrl {
    let permalink = permalink.filter(|p| permalink_problem(p).is_none());
    if let Some(p) = permalink.map(str::trim).filter(|p| !p.is_empty()) {
        let mut url = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("/{p}")
        };
        url = url
            .replace(":path", &strip_ext(path))
            .replace(":basename", basename(&strip_ext(path)));
        let unescaped = unescape(&url);
        let mut output = unescaped.trim_start_matches('/').to_string();
        if url.ends_with('/') {
            output.push_str("index.html");
        } else if !output.ends_with(".html") {
            output.push_str(".html");
        }
        return PageUrl {
            url: escape_path(&unescaped),
            output,
        };
    }
    let stem = strip_ext(path);
    let (url, output) = if stem == "index" || stem.ends_with("/index") {
        let dir = &stem[..stem.len() - "index".len()];
        (format!("/{dir}"), format!("{dir}index.html"))
    } else {
        (format!("/{stem}.html"), format!("{stem}.html"))
    };
    PageUrl {
        url: escape_path(&url),
        output,
    }
}

fn strip_ext(path: &str) -> String {
    match path.rfind('.') {
        Some(i) if !path[i..].contains('/') => path[..i].to_string(),
        _ => path.to_string(),
    }
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Percent-encodes a URL path like Jekyll (`URI` escaping): spaces, non-ASCII and other
/// characters outside the path set become `%XX` (UTF-8).
pub fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'/' | b'-'
                    | b'_'
                    | b'.'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid ones are kept).
pub fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(hex) = b.get(i + 1..i + 3)
            && hex.iter().all(u8::is_ascii_hexdigit)
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A URL with the site's baseurl in front (`/produktforvaltning/docs/`).
pub fn with_base(baseurl: &str, url: &str) -> String {
    format!("{}{}", baseurl.trim_end_matches('/'), url)
}

/// The relative path from page URL `from` to URL `to` (both site-absolute, without baseurl),
/// so the site also works opened from disk and under any baseurl.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir = match from.rfind('/') {
        Some(i) => &from[..=i],
        None => "/",
    };
    let (to_path, suffix) = match to.find(['#', '?']) {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    let from_parts: Vec<&str> = from_dir
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to_parts: Vec<&str> = to_path.trim_start_matches('/').split('/').collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = String::new();
    for _ in common..from_parts.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    } else if scheme(&out).is_some() {
        // `javascript:x.html` relative to `/` would read as a scheme.
        out.insert_str(0, "./");
    }
    out.push_str(suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_escapes_are_kept() {
        assert_eq!(unescape("%1æ"), "%1æ");
        assert_eq!(unescape("a%"), "a%");
        assert_eq!(unescape("%C3%A5rshjul%zz"), "årshjul%zz");
    }

    #[test]
    fn jekyll_urls() {
        let u = page_url("docs/a b/c.md", None);
        assert_eq!(
            u,
            PageUrl {
                url: "/docs/a%20b/c.html".into(),
                output: "docs/a b/c.html".into()
            }
        );
        assert_eq!(page_url("index.md", None).url, "/");
        assert_eq!(page_url("index.md", None).output, "index.html");
        assert_eq!(page_url("docs/index.markdown", None).url, "/docs/");
        assert_eq!(
            page_url("docs/årshjul.md", None).url,
            "/docs/%C3%A5rshjul.html"
        );
        let p = page_url("docs/om.md", Some("/om-produktet/"));
        assert_eq!(
            (p.url.as_str(), p.output.as_str()),
            ("/om-produktet/", "om-produktet/index.html")
        );
        let p = page_url("docs/om.md", Some("/about"));
        assert_eq!(
            (p.url.as_str(), p.output.as_str()),
            ("/about", "about.html")
        );
    }

    #[test]
    fn unsafe_permalinks_fall_back_to_the_file_address() {
        for bad in [
            "javascript:alert(1)",
            "JaVa\tScRiPt:alert(1)",
            "//evil.example/x",
            "/a/../../etc/",
            "/a//b/",
            "/a\u{0}b/",
            "/a%00b/",
            "/a\\b",
            "/.git/hooks/",
            "/x/./y",
        ] {
            assert!(permalink_problem(bad).is_some(), "{bad:?}");
            let u = page_url("docs/om.md", Some(bad));
            assert_eq!(u.url, "/docs/om.html", "{bad:?}");
        }
        for good in ["/om-produktet/", "about", "/docs/a b/", "/nyheder/2026/"] {
            assert_eq!(permalink_problem(good), None, "{good:?}");
        }
        assert!(permalink_problem(&"/a".repeat(600)).is_some());
    }

    #[test]
    fn only_web_and_mail_links_are_safe() {
        for ok in [
            "https://os2.eu",
            "http://x",
            "mailto:a@b.dk",
            "../a.html",
            "#afsnit",
            "/docs/",
            "a.html?x=1:2",
            "",
        ] {
            assert!(is_safe_link(ok), "{ok:?}");
        }
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "java\nscript:alert(1)",
            "JAVASCRIPT:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "\u{1}javascript:x",
        ] {
            assert!(!is_safe_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_file_named_like_a_scheme_is_linked_as_a_path() {
        let u = page_url("javascript:alert(1).md", None);
        assert_eq!(relative("/", &u.url), "./javascript:alert(1).html");
        assert!(scheme(&relative("/index.html", &u.url)).is_none());
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("/docs/a/b.html", "/docs/c.html"), "../c.html");
        assert_eq!(relative("/", "/docs/c.html"), "docs/c.html");
        assert_eq!(relative("/docs/", "/docs/"), "./");
        assert_eq!(relative("/docs/a.html", "/docs/a.html#x"), "a.html#x");
        assert_eq!(relative("/docs/a.html", "/"), "../");
        assert_eq!(unescape("a%20b%C3%A5"), "a bå");
    }
}
