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

/// The URL of the page at `path` (relative to the repository), honouring `permalink`.
pub fn page_url(path: &str, permalink: Option<&str>) -> PageUrl {
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
    fn relative_links() {
        assert_eq!(relative("/docs/a/b.html", "/docs/c.html"), "../c.html");
        assert_eq!(relative("/", "/docs/c.html"), "docs/c.html");
        assert_eq!(relative("/docs/", "/docs/"), "./");
        assert_eq!(relative("/docs/a.html", "/docs/a.html#x"), "a.html#x");
        assert_eq!(relative("/docs/a.html", "/"), "../");
        assert_eq!(unescape("a%20b%C3%A5"), "a bå");
    }
}
