//! `sitemap.xml` and `robots.txt` as views (`sitemap.xml` and `robots.txt` templates).

use serde::Serialize;

/// A page in the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Absolute URL (escaped).
    pub url: String,
    /// Last modification date (`2026-06-04`).
    pub modified: Option<String>,
}

/// The sitemap (sitemaps.org protocol): its entries in order.
#[derive(Debug, Clone, Serialize)]
pub struct Sitemap {
    /// The pages.
    pub entries: Vec<Entry>,
}

/// `robots.txt`: everything allowed, and the sitemap's address when the site has one.
#[derive(Debug, Clone, Serialize)]
pub struct Robots {
    /// The sitemap's absolute address.
    pub sitemap: Option<String>,
}

impl Robots {
    /// For the site at `site_url` (url + baseurl).
    pub fn new(site_url: &str) -> Robots {
        Robots {
            sitemap: site_url
                .contains("://")
                .then(|| format!("{}/sitemap.xml", site_url.trim_end_matches('/'))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    #[test]
    fn sitemap_is_escaped_xml() {
        let (theme, _) = Theme::new(&[], &serde_json::json!({}));
        let s = theme.render(
            "sitemap.xml",
            &Sitemap {
                entries: vec![Entry {
                    url: "https://os2.github.io/x/docs/a%20b.html?a=1&b=2".into(),
                    modified: Some("2026-06-04".into()),
                }],
            },
        );
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"));
        assert!(s.contains("<url><loc>https://os2.github.io/x/docs/a%20b.html?a=1&amp;b=2</loc><lastmod>2026-06-04</lastmod></url>\n"));
        assert!(s.ends_with("</urlset>\n"));
        assert_eq!(
            theme.render("robots.txt", &Robots::new("")),
            "User-agent: *\nAllow: /\n"
        );
        assert!(
            theme
                .render("robots.txt", &Robots::new("https://a.dk/x"))
                .ends_with("Sitemap: https://a.dk/x/sitemap.xml\n")
        );
    }
}
