//! `sitemap.xml` and `robots.txt`.

use std::fmt::Write as _;

/// A page in the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute URL (escaped).
    pub url: String,
    /// Last modification date (`2026-06-04`).
    pub modified: Option<String>,
}

/// The sitemap (sitemaps.org protocol), entries in the given order.
pub fn sitemap(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(120 + entries.len() * 96);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in entries {
        out.push_str("<url><loc>");
        xml_escape(&e.url, &mut out);
        out.push_str("</loc>");
        if let Some(m) = &e.modified {
            let _ = write!(out, "<lastmod>{m}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` allowing everything and naming the sitemap (`site_url` = url + baseurl).
pub fn robots(site_url: &str) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if site_url.contains("://") {
        let _ = writeln!(
            out,
            "Sitemap: {}/sitemap.xml",
            site_url.trim_end_matches('/')
        );
    }
    out
}

fn xml_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_is_escaped_xml() {
        let s = sitemap(&[Entry {
            url: "https://os2.github.io/x/docs/a%20b.html?a=1&b=2".into(),
            modified: Some("2026-06-04".into()),
        }]);
        assert!(s.contains("<loc>https://os2.github.io/x/docs/a%20b.html?a=1&amp;b=2</loc><lastmod>2026-06-04</lastmod>"));
        assert_eq!(robots(""), "User-agent: *\nAllow: /\n");
        assert!(robots("https://a.dk/x").ends_with("Sitemap: https://a.dk/x/sitemap.xml\n"));
    }
}
