//! `_config.yml`: the Jekyll and just-the-docs settings forvalt uses, its own `forvalt:`
//! section, and notes about keys it ignores.

use forvalt_diag::{Diagnostic, FileId, Span};
use serde_json::{Map, Value};

/// Which pages are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Publish {
    /// Every page; drafts carry a visible "Udkast" banner.
    #[default]
    All,
    /// Only approved pages ("godkendte versioner gøres offentligt tilgængelige"): drafts are
    /// left out of the site, the menu, search and the sitemap.
    Approved,
}

/// The site settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Where the site is published, e.g. `https://os2.github.io` (no trailing slash).
    pub url: String,
    /// Path prefix, e.g. `/produktforvaltning` (no trailing slash; empty for the root).
    pub baseurl: String,
    /// Language code (`da` by default).
    pub lang: String,
    /// Links in the header (text, address).
    pub aux_links: Vec<(String, String)>,
    /// Open aux links in a new tab.
    pub aux_links_new_tab: bool,
    /// `owner/name` of the repository on GitHub, for "edit"/history links.
    pub repository: Option<String>,
    /// Footer text (HTML).
    pub footer_content: Option<String>,
    /// Link to the accessibility statement (Tilgængelighedserklæring).
    pub accessibility_statement: Option<String>,
    /// Publishing policy.
    pub publish: Publish,
    /// Paths left out (Jekyll `exclude`).
    pub exclude: Vec<String>,
    /// `_`/`.` paths taken in after all (Jekyll `include`).
    pub include: Vec<String>,
    /// forvalt's gantt settings (`forvalt.gantt`), passed to the chart engine.
    pub gantt: Map<String, Value>,
    /// Enable the gantt extensions (`forvalt.gantt_extensions`).
    pub gantt_extensions: bool,
    /// File extensions read as Markdown (Jekyll's `markdown_ext`, without dots).
    pub markdown_ext: Vec<String>,
    /// The whole file, for Liquid's `site.*`.
    pub raw: Map<String, Value>,
}

impl SiteConfig {
    /// Whether a file is Markdown: by `markdown_ext` when set, else Jekyll's default
    /// extensions (`md`, `markdown`, `mkdown`, `mkdn`, `mkd`).
    pub fn is_markdown(&self, path: &str) -> bool {
        if self.markdown_ext.is_empty() {
            return crate::url::is_markdown(path);
        }
        let lower = path.to_ascii_lowercase();
        self.markdown_ext
            .iter()
            .any(|e| lower.rsplit_once('.').is_some_and(|(_, x)| x == e))
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            markdown_ext: Vec::new(),
            title: String::new(),
            description: String::new(),
            url: String::new(),
            baseurl: String::new(),
            lang: "da".into(),
            aux_links: Vec::new(),
            aux_links_new_tab: false,
            repository: None,
            footer_content: None,
            accessibility_statement: None,
            publish: Publish::All,
            exclude: Vec::new(),
            include: Vec::new(),
            gantt: Map::new(),
            gantt_extensions: false,
            raw: Map::new(),
        }
    }
}

/// Keys of Jekyll, its plugins and just-the-docs that forvalt knows and does not need.
const KNOWN: &[&str] = &[
    "theme",
    "remote_theme",
    "plugins",
    "gems",
    "markdown",
    "kramdown",
    "highlighter",
    "color_scheme",
    "search_enabled",
    "search",
    "heading_anchors",
    "back_to_top",
    "back_to_top_text",
    "gh_edit_link",
    "gh_edit_link_text",
    "gh_edit_repository",
    "gh_edit_branch",
    "gh_edit_source",
    "gh_edit_view_mode",
    "last_edit_timestamp",
    "last_edit_time_format",
    "callouts",
    "callouts_level",
    "mermaid",
    "ga_tracking",
    "ga_tracking_anonymize_ip",
    "nav_enabled",
    "nav_sort",
    "nav_external_links",
    "nav_error_report",
    "enable_copy_code_button",
    "permalink",
    "collections",
    "defaults",
    "sass",
    "logo",
    "favicon_ico",
    "source",
    "destination",
    "baseurl",
    "url",
    "title",
    "description",
    "lang",
    "aux_links",
    "aux_links_new_tab",
    "repository",
    "footer_content",
    "exclude",
    "include",
    "markdown_ext",
    "forvalt",
    "author",
    "timezone",
    "encoding",
    "keep_files",
    "incremental",
    "safe",
    "livereload",
    "port",
    "host",
    "github",
    "just_the_docs",
    "external_links",
    "show_drafts",
    "future",
    "liquid",
    "paginate",
    "compress_html",
    "sitemap",
    "twitter",
    "social",
    "tagline",
];

/// Jekyll's default `exclude` list.
const DEFAULT_EXCLUDE: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle",
    "vendor/cache",
    "vendor/gems",
    "vendor/ruby",
];

/// Reads `_config.yml` (`text` with id `file`).
pub fn read_config(text: &str, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut c = SiteConfig {
        exclude: DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
        ..SiteConfig::default()
    };
    let raw = match serde_saphyr::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error(
                    "config::yaml",
                    "_config.yml is not a list of `key: value` settings",
                )
                .with_span(Span::new(0, 0).in_file(file)),
            );
            Map::new()
        }
        Err(e) => {
            let msg = e.to_string();
            let line = e.location().map(|l| l.line() as usize).unwrap_or(1);
            let start: usize = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let end = text[start.min(text.len())..]
                .find('\n')
                .map_or(text.len(), |e| start + e);
            diagnostics.push(
                Diagnostic::error(
                    "config::yaml",
                    format!(
                        "_config.yml is not valid YAML: {}",
                        msg.lines().next().unwrap_or("")
                    ),
                )
                .with_span(Span::new(start.min(text.len()), end).in_file(file)),
            );
            Map::new()
        }
    };
    let s = |k: &str| raw.get(k).and_then(value_str);
    c.title = s("title").unwrap_or_default();
    c.description = s("description").unwrap_or_default();
    c.url = s("url")
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    c.baseurl = s("baseurl")
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    if !c.baseurl.is_empty() && !c.baseurl.starts_with('/') {
        c.baseurl.insert(0, '/');
    }
    if let Some(l) = s("lang") {
        c.lang = l;
    }
    c.repository = s("repository");
    c.footer_content = s("footer_content");
    c.aux_links_new_tab = raw
        .get("aux_links_new_tab")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match raw.get("aux_links") {
        Some(Value::Object(links)) => {
            for (name, v) in links {
                let url = match v {
                    Value::Array(a) => a.first().and_then(value_str),
                    other => value_str(other),
                };
                if let Some(url) = url {
                    c.aux_links.push((name.clone(), url));
                }
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                if let Value::Object(m) = item {
                    for (name, v) in m {
                        if let Some(url) = value_str(v) {
                            c.aux_links.push((name.clone(), url));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    let list = |k: &str| -> Vec<String> {
        match raw.get(k) {
            Some(Value::Array(a)) => a.iter().filter_map(value_str).collect(),
            Some(v) => value_str(v).into_iter().collect(),
            None => Vec::new(),
        }
    };
    c.exclude.extend(list("exclude"));
    if let Some(Value::String(exts)) = raw.get("markdown_ext") {
        c.markdown_ext = exts
            .split(',')
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
    }
    c.include = list("include");
    if let Some(Value::Object(f)) = raw.get("forvalt") {
        if let Some(p) = f.get("publish").and_then(value_str) {
            c.publish = match p.to_ascii_lowercase().as_str() {
                "approved" | "godkendt" | "godkendte" => Publish::Approved,
                _ => Publish::All,
            };
        }
        c.accessibility_statement = f.get("accessibility_statement").and_then(value_str);
        if let Some(Value::Object(g)) = f.get("gantt") {
            c.gantt = g.clone();
        }
        c.gantt_extensions = f
            .get("gantt_extensions")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    }
    let unknown: Vec<&String> = raw
        .keys()
        .filter(|k| !KNOWN.contains(&k.as_str()))
        .collect();
    if !unknown.is_empty() {
        let first = unknown[0];
        let at = text.find(&format!("{first}:")).unwrap_or(0);
        let names: Vec<String> = unknown.iter().map(|k| format!("`{k}`")).collect();
        diagnostics.push(
            Diagnostic::note(
                "config::unknown-key",
                format!(
                    "forvalt does not use {} in _config.yml and ignores {}",
                    names.join(", "),
                    if unknown.len() == 1 { "it" } else { "them" }
                ),
            )
            .with_span(Span::new(at, at + first.len()).in_file(file)),
        );
    }
    c.raw = raw;
    c
}

fn value_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jekyll_settings() {
        let text = "title: OS2skolekørsel\nurl: \"https://os2.github.io/\"\nbaseurl: produktforvaltning\nlang: da\naux_links:\n  \"GitHub\":\n    - \"https://github.com/os2/x\"\nexclude: [Gemfile, docs/gammel]\nforvalt:\n  publish: approved\n  accessibility_statement: https://was.digst.dk/x\nfarve: blå\n";
        let mut d = Vec::new();
        let c = read_config(text, FileId(0), &mut d);
        assert_eq!(c.title, "OS2skolekørsel");
        assert_eq!(c.url, "https://os2.github.io");
        assert_eq!(c.baseurl, "/produktforvaltning");
        assert_eq!(
            c.aux_links,
            vec![("GitHub".to_string(), "https://github.com/os2/x".to_string())]
        );
        assert!(c.exclude.contains(&"docs/gammel".to_string()));
        assert_eq!(c.publish, Publish::Approved);
        assert_eq!(
            c.accessibility_statement.as_deref(),
            Some("https://was.digst.dk/x")
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "config::unknown-key");
        assert_eq!(&text[d[0].span.unwrap().range()], "farve");
    }

    #[test]
    fn bad_yaml_is_located() {
        let mut d = Vec::new();
        let c = read_config("title: a\nurl: [x\n", FileId(0), &mut d);
        assert_eq!(d[0].code, "config::yaml");
        assert_eq!(c.lang, "da");
    }
}
