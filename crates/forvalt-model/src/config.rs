//! `_config.yml`: the Jekyll and just-the-docs settings forvalt uses, its own `forvalt:`
//! section, and notes about keys it ignores.
//!
//! Every setting forvalt reads is checked: a value of the wrong kind (`exclude: 42`,
//! `baseurl: [1]`), an unknown time zone or a word forvalt does not know is a warning at
//! the value, and the setting is removed from [`SiteConfig::raw`], so that every reader
//! uses its default. Numbers and booleans where text is expected are kept as text, and
//! `yes`/`no`/`on`/`off` where a boolean is expected as booleans, as Jekyll reads them.

use forvalt_diag::{Diagnostic, FileId, Span};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::ops::Range;

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
    /// Draw roadmaps in Mermaid's exact geometry instead of forvalt's readable one
    /// (`forvalt.gantt_geometry: mermaid`).
    pub mermaid_geometry: bool,
    /// File extensions read as Markdown (Jekyll's `markdown_ext`, without dots).
    pub markdown_ext: Vec<String>,
    /// The whole file, for Liquid's `site.*` (without the values that were reported as
    /// unusable).
    pub raw: Map<String, Value>,
    /// Where each setting is written, for diagnostics about it.
    pub places: ConfigPlaces,
    /// Top-level settings neither forvalt nor just-the-docs uses.
    pub unknown_keys: Vec<String>,
}

/// just-the-docs' `nav_external_links`: (title, address, opens in a new tab), in order;
/// entries without a title or with an address that cannot be a link are left out.
pub fn nav_external_links(raw: &Map<String, Value>) -> Vec<(String, String, bool)> {
    let new_tab_default = raw.get("nav_external_links_new_tab") == Some(&Value::Bool(true));
    let Some(list) = raw.get("nav_external_links").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|l| {
            let title = l.get("title")?.as_str()?.trim();
            let url = l.get("url")?.as_str()?.trim();
            let new_tab = l
                .get("opens_in_new_tab")
                .and_then(Value::as_bool)
                .unwrap_or(new_tab_default);
            (!title.is_empty() && crate::url::is_safe_link(url))
                .then(|| (title.to_string(), url.to_string(), new_tab))
        })
        .collect()
}

/// The note about settings forvalt does not use (`None` when there are none).
fn unknown_keys_note(
    unknown: &[String],
    places: &ConfigPlaces,
    file: FileId,
) -> Option<Diagnostic> {
    let first = unknown.first()?;
    let at = places
        .key(&[first.as_str()])
        .unwrap_or_else(|| Span::new(0, 0).in_file(file));
    let names: Vec<String> = unknown.iter().map(|k| format!("`{k}`")).collect();
    Some(
        Diagnostic::note(
            "config::unknown-key",
            format!(
                "forvalt does not use {} in _config.yml and ignores {}",
                names.join(", "),
                if unknown.len() == 1 { "it" } else { "them" }
            ),
        )
        .with_span(at),
    )
}

/// Settings the site's own Liquid reads (`site.KEY` in `texts`) are used after all: the
/// note about unknown settings leaves them out.
pub fn forget_used_keys<'t>(
    config: &SiteConfig,
    texts: impl Iterator<Item = &'t str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if config.unknown_keys.is_empty() {
        return;
    }
    let mut used = std::collections::HashSet::new();
    for t in texts {
        for (i, _) in t.match_indices("site.") {
            let key: String = t[i + 5..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            used.insert(key);
        }
    }
    let left: Vec<String> = config
        .unknown_keys
        .iter()
        .filter(|k| !used.contains(*k))
        .cloned()
        .collect();
    if left.len() == config.unknown_keys.len() {
        return;
    }
    diagnostics.retain(|d| d.code != "config::unknown-key");
    if let Some(file) = config.places.file
        && let Some(d) = unknown_keys_note(&left, &config.places, file)
    {
        diagnostics.push(d);
    }
}

/// Where the settings of `_config.yml` are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigPlaces {
    file: Option<FileId>,
    /// Path of keys (list items by their index) → byte ranges of the key and the value.
    places: BTreeMap<Vec<String>, (Range<usize>, Range<usize>)>,
}

impl ConfigPlaces {
    /// Where the value at `path` is written, such as `["forvalt", "publish"]`.
    pub fn value(&self, path: &[&str]) -> Option<Span> {
        let (_, value) = self.places.get(&owned(path))?;
        Some(Span::from_range(value.clone()).in_file(self.file?))
    }

    /// Where the key at `path` is written (for a list item: the item).
    pub fn key(&self, path: &[&str]) -> Option<Span> {
        let (key, _) = self.places.get(&owned(path))?;
        Some(Span::from_range(key.clone()).in_file(self.file?))
    }

    /// Where the value at `path` is written, else the file's start.
    fn value_or_start(&self, path: &[&str]) -> Option<Span> {
        let file = self.file?;
        Some(
            self.value(path)
                .unwrap_or_else(|| Span::new(0, 0).in_file(file)),
        )
    }

    fn read(text: &str, file: FileId) -> ConfigPlaces {
        let mut places = ConfigPlaces {
            file: Some(file),
            places: BTreeMap::new(),
        };
        if let Ok(root) = serde_saphyr::from_str::<Node>(text) {
            let mut path = Vec::new();
            places.collect(&root, &mut path, text.len());
        }
        places
    }

    /// Records the places of `node`'s children, down to [`MAX_PLACE_DEPTH`] keys.
    fn collect(&mut self, node: &Node, path: &mut Vec<String>, len: usize) {
        if path.len() >= MAX_PLACE_DEPTH {
            return;
        }
        let clamp = |r: &Range<usize>| r.start.min(len)..r.end.min(len).max(r.start.min(len));
        let children: Vec<(String, Range<usize>, &Node)> = match &node.kind {
            Kind::Scalar => return,
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (i.to_string(), n.at.clone(), n))
                .collect(),
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, n)| (k.name.clone(), k.at.clone(), n))
                .collect(),
        };
        for (name, key, child) in children {
            path.push(name);
            self.places
                .entry(path.clone())
                .or_insert((clamp(&key), clamp(&child.at)));
            self.collect(child, path, len);
            path.pop();
        }
    }
}

fn owned(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| (*s).to_string()).collect()
}

/// How deep [`ConfigPlaces`] records settings (`forvalt.check.rules.CODE` is 4 deep).
const MAX_PLACE_DEPTH: usize = 5;

/// A YAML node with the byte range it is written at (for [`ConfigPlaces`]).
struct Node {
    at: Range<usize>,
    kind: Kind,
}

enum Kind {
    Scalar,
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key as text, with its byte range.
struct Key {
    name: String,
    at: Range<usize>,
}

fn byte_range(location: &serde_saphyr::Location) -> Range<usize> {
    let span = location.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => {
            let start = usize::try_from(start).unwrap_or(usize::MAX);
            start..start.saturating_add(usize::try_from(len).unwrap_or(0))
        }
        _ => 0..0,
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Kind>::deserialize(d)?;
        Ok(Node {
            at: byte_range(&spanned.referenced),
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<KeyName>::deserialize(d)?;
        Ok(Key {
            name: spanned.value.0,
            at: byte_range(&spanned.referenced),
        })
    }
}

/// Any scalar as text (mapping keys can be numbers or booleans).
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor).map(KeyName)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Scalar)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Key, Node>()? {
            entries.push(entry);
        }
        Ok(Kind::Map(entries))
    }
}

impl SiteConfig {
    /// The Mermaid version the site pins (`mermaid: version:`, just-the-docs' key), as a
    /// CDN resolves it; `None` when none is pinned or it is no version. An unquoted `11.10`
    /// is the YAML number 11.1, as Jekyll reads it.
    pub fn mermaid_version(&self) -> Option<forvalt_gantt::MermaidVersion> {
        match self.raw.get("mermaid")?.get("version")? {
            Value::String(s) => forvalt_gantt::MermaidVersion::parse(s),
            Value::Number(n) => forvalt_gantt::MermaidVersion::parse(&n.to_string()),
            _ => None,
        }
    }

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
            mermaid_geometry: false,
            raw: Map::new(),
            places: ConfigPlaces::default(),
            unknown_keys: Vec::new(),
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
    let mut raw = raw;
    c.places = ConfigPlaces::read(text, file);
    let unknown: Vec<String> = raw
        .keys()
        .filter(|k| !KNOWN.contains(&k.as_str()))
        .cloned()
        .collect();
    let mut path = Vec::new();
    check_table(
        SETTINGS,
        &mut raw,
        &mut path,
        &mut Checker {
            places: &c.places,
            diagnostics,
        },
    );
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
        c.mermaid_geometry = f
            .get("gantt_geometry")
            .and_then(value_str)
            .is_some_and(|g| g.trim().eq_ignore_ascii_case("mermaid"));
    }
    if let Some(d) = unknown_keys_note(&unknown, &c.places, file) {
        diagnostics.push(d);
    }
    c.unknown_keys = unknown;
    c.raw = raw;
    c
}

/// What a setting's value must be.
enum Want {
    /// Text; numbers and booleans are taken as text.
    Text,
    /// `true` or `false` (also `yes`/`no`/`on`/`off`, as Jekyll reads them).
    Bool,
    /// A path, or a list of paths.
    Paths,
    /// A time zone of the tz database, such as `Europe/Copenhagen`.
    Zone,
    /// A language code such as `da` or `en-GB`.
    Lang,
    /// An absolute `http(s)://` address (or nothing).
    Url,
    /// `forvalt.publish`: `all` or `approved`.
    Publish,
    /// `forvalt.site`: `plain` or `jekyll`.
    Site,
    /// `forvalt.gantt_geometry`: `readable` or `mermaid`.
    Geometry,
    /// A mapping whose contents another part of forvalt checks.
    Mapping,
    /// A mapping whose values are all `Want`.
    MapOf(&'static Want),
    /// A mapping with these settings (others are left alone).
    Table(&'static [(&'static str, Want)]),
    /// just-the-docs' `aux_links`: link text → address (or a list whose first is used),
    /// or a list of such mappings.
    Links,
}

/// The settings forvalt reads, and what they must be.
const SETTINGS: &[(&str, Want)] = &[
    ("title", Want::Text),
    ("description", Want::Text),
    ("url", Want::Url),
    ("baseurl", Want::Text),
    ("lang", Want::Lang),
    ("repository", Want::Text),
    ("footer_content", Want::Text),
    ("aux_links", Want::Links),
    ("aux_links_new_tab", Want::Bool),
    ("exclude", Want::Paths),
    ("include", Want::Paths),
    ("markdown_ext", Want::Text),
    ("timezone", Want::Zone),
    ("gh_edit_link", Want::Bool),
    ("gh_edit_repository", Want::Url),
    ("gh_edit_branch", Want::Text),
    ("gh_edit_view_mode", Want::Text),
    ("gh_edit_source", Want::Text),
    (
        "callouts",
        Want::MapOf(&Want::Table(&[
            ("title", Want::Text),
            ("color", Want::Text),
        ])),
    ),
    (
        "forvalt",
        Want::Table(&[
            ("publish", Want::Publish),
            ("site", Want::Site),
            ("accessibility_statement", Want::Url),
            ("gantt", Want::Mapping),
            ("gantt_extensions", Want::Bool),
            ("gantt_geometry", Want::Geometry),
            (
                "check",
                Want::Table(&[
                    ("rules", Want::Mapping),
                    ("ignore", Want::Paths),
                    ("date_format", Want::Text),
                ]),
            ),
            (
                "records",
                Want::Table(&[
                    ("decisions", Want::Text),
                    ("meetings", Want::Text),
                    ("change_requests", Want::Text),
                    ("issues", Want::Text),
                    ("bodies", Want::MapOf(&Want::Text)),
                ]),
            ),
        ]),
    ),
];

/// Where diagnostics about values go.
struct Checker<'a> {
    places: &'a ConfigPlaces,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Reports that the value at `path` is not what was expected; the default is used.
    fn wrong(&mut self, path: &[String], expected: &str, found: &Value) {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        let setting = names.join(".");
        let mut d = Diagnostic::warning(
            "config::invalid-value",
            format!(
                "`{setting}` in _config.yml should be {expected}, not {}",
                describe(found)
            ),
        )
        .with_primary_label(format!("expected {expected}"))
        .with_note("forvalt ignores this value and uses the default");
        if let Some(at) = self.places.value_or_start(&names) {
            d = d.with_span(at);
        }
        self.diagnostics.push(d);
    }
}

/// A value for messages: `the number 42`, `a list`, `` `Mars/Olympus` ``.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("`{}…`", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("`{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// Checks the settings of `table` in `map`, removing the unusable ones.
fn check_table(
    table: &[(&str, Want)],
    map: &mut Map<String, Value>,
    path: &mut Vec<String>,
    checker: &mut Checker<'_>,
) {
    for (key, want) in table {
        let Some(value) = map.get_mut(*key) else {
            continue;
        };
        path.push((*key).to_string());
        let keep = check_value(want, value, path, checker);
        path.pop();
        if !keep {
            map.remove(*key);
        }
    }
}

/// Checks one value (normalising text and booleans); `false` if it cannot be used.
fn check_value(
    want: &Want,
    value: &mut Value,
    path: &mut Vec<String>,
    checker: &mut Checker<'_>,
) -> bool {
    if value.is_null() {
        return true; // `key:` with nothing after it: the default.
    }
    let expected = match want {
        Want::Text => {
            if as_text(value) {
                return true;
            }
            "text"
        }
        Want::Bool => {
            if as_bool(value) {
                return true;
            }
            "`true` or `false`"
        }
        Want::Paths => {
            match value {
                Value::String(_) => return true,
                Value::Array(items) => {
                    let mut i = 0;
                    items.retain_mut(|item| {
                        path.push(i.to_string());
                        i += 1;
                        let ok = as_text(item) && !item.as_str().is_some_and(str::is_empty);
                        if !ok && !item.is_null() {
                            checker.wrong(path, "a path", item);
                        }
                        path.pop();
                        ok
                    });
                    return true;
                }
                _ => {}
            }
            "a path or a list of paths"
        }
        Want::Zone => {
            if let Value::String(name) = value
                && jiff::tz::db().get(name).is_ok()
            {
                return true;
            }
            "a time zone such as `Europe/Copenhagen`"
        }
        Want::Lang => {
            if as_text(value) && value.as_str().is_some_and(is_language_code) {
                return true;
            }
            "a language code such as `da` or `en`"
        }
        Want::Url => {
            if as_text(value)
                && value.as_str().is_some_and(|s| {
                    let lower = s.trim().to_ascii_lowercase();
                    lower.is_empty()
                        || lower.starts_with("https://")
                        || lower.starts_with("http://")
                })
            {
                return true;
            }
            "an address that starts with `https://`"
        }
        Want::Publish => {
            if as_text(value)
                && value.as_str().is_some_and(|s| {
                    matches!(
                        s.trim().to_ascii_lowercase().as_str(),
                        "all" | "alle" | "approved" | "godkendt" | "godkendte"
                    )
                })
            {
                return true;
            }
            "`all` or `approved`"
        }
        Want::Site => {
            if value
                .as_str()
                .is_some_and(|s| matches!(s.trim(), "plain" | "jekyll"))
            {
                return true;
            }
            "`plain` or `jekyll`"
        }
        Want::Geometry => {
            if value.as_str().is_some_and(|s| {
                matches!(
                    s.trim().to_ascii_lowercase().as_str(),
                    "readable" | "mermaid"
                )
            }) {
                return true;
            }
            "`readable` or `mermaid`"
        }
        Want::Mapping => {
            if value.is_object() {
                return true;
            }
            "a mapping of settings"
        }
        Want::MapOf(inner) => {
            if let Value::Object(map) = value {
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    let Some(v) = map.get_mut(&key) else {
                        continue;
                    };
                    path.push(key.clone());
                    let keep = check_value(inner, v, path, checker);
                    path.pop();
                    if !keep {
                        map.remove(&key);
                    }
                }
                return true;
            }
            "a mapping of settings"
        }
        Want::Table(table) => {
            if let Value::Object(map) = value {
                check_table(table, map, path, checker);
                return true;
            }
            "a mapping of settings"
        }
        Want::Links => {
            match value {
                Value::Object(links) => {
                    links.retain(|name, v| {
                        path.push(name.clone());
                        let ok = match v {
                            Value::Array(a) => a.first().is_some_and(|first| {
                                let mut first = first.clone();
                                as_text(&mut first)
                            }),
                            _ => as_text(v),
                        };
                        if !ok {
                            checker.wrong(path, "an address, or a list with one", v);
                        }
                        path.pop();
                        ok
                    });
                    return true;
                }
                Value::Array(items) if items.iter().all(Value::is_object) => return true,
                _ => {}
            }
            "a mapping of link texts to addresses"
        }
    };
    checker.wrong(path, expected, value);
    false
}

/// Whether `v` is text, turning a number or boolean into text.
fn as_text(v: &mut Value) -> bool {
    match v {
        Value::String(_) => true,
        Value::Number(n) => {
            *v = Value::String(n.to_string());
            true
        }
        Value::Bool(b) => {
            *v = Value::String(b.to_string());
            true
        }
        _ => false,
    }
}

/// Whether `v` is a boolean, turning `yes`/`no`/`on`/`off`/`true`/`false` text into one.
fn as_bool(v: &mut Value) -> bool {
    let b = match v {
        Value::Bool(_) => return true,
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => true,
            "false" | "no" | "off" => false,
            _ => return false,
        },
        _ => return false,
    };
    *v = Value::Bool(b);
    true
}

/// `da`, `en`, `en-GB`, `da_DK`: two or three letters, then letter/digit subtags.
fn is_language_code(s: &str) -> bool {
    let mut parts = s.trim().split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
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
    fn the_roadmap_geometry_is_readable_or_mermaid() {
        let (c, found) = invalid("forvalt:\n  gantt_geometry: Mermaid\n");
        assert!(c.mermaid_geometry && found.is_empty(), "{found:?}");
        let (c, found) = invalid("forvalt:\n  gantt_geometry: mermiad\n");
        assert!(!c.mermaid_geometry);
        assert_eq!(
            found,
            vec![("forvalt.gantt_geometry".to_string(), "mermiad".to_string())]
        );
    }

    /// (setting, value text at the span) of every `config::invalid-value`.
    fn invalid(text: &str) -> (SiteConfig, Vec<(String, String)>) {
        let mut d = Vec::new();
        let c = read_config(text, FileId(0), &mut d);
        let found = d
            .iter()
            .filter(|d| d.code == "config::invalid-value")
            .map(|d| {
                assert_eq!(d.severity, forvalt_diag::Severity::Warning);
                let setting = d.message.split('`').nth(1).unwrap_or("").to_string();
                (setting, text[d.span.unwrap().range()].to_string())
            })
            .collect();
        (c, found)
    }

    #[test]
    fn values_of_the_wrong_kind_are_located_and_replaced_by_defaults() {
        let text = "title: 2026\ntimezone: Mars/Olympus\nexclude: 42\ninclude: true\nbaseurl: [1]\nlang: 5\naux_links_new_tab: yes\nurl: os2.github.io\nforvalt:\n  publish: maybe\n  gantt_extensions: [x]\n  check:\n    ignore:\n      - docs/a.md\n      - {x: 1}\n";
        let (c, mut found) = invalid(text);
        found.sort();
        let f = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            found,
            [
                f("baseurl", "["),
                f("exclude", "42"),
                f("forvalt.check.ignore.1", "{"),
                f("forvalt.gantt_extensions", "["),
                f("forvalt.publish", "maybe"),
                f("include", "true"),
                f("lang", "5"),
                f("timezone", "Mars/Olympus"),
                f("url", "os2.github.io"),
            ]
        );
        // Defaults, and the raw values other readers see agree with them.
        assert_eq!(c.title, "2026");
        assert_eq!(c.raw.get("title"), Some(&Value::String("2026".into())));
        assert_eq!(
            (c.lang.as_str(), c.baseurl.as_str(), c.url.as_str()),
            ("da", "", "")
        );
        assert_eq!(c.exclude, DEFAULT_EXCLUDE);
        assert!(c.include.is_empty());
        assert!(c.aux_links_new_tab);
        assert_eq!(c.publish, Publish::All);
        for key in ["timezone", "exclude", "include", "baseurl", "lang", "url"] {
            assert!(!c.raw.contains_key(key), "{key}");
        }
        assert_eq!(
            c.raw["forvalt"]["check"]["ignore"],
            serde_json::json!(["docs/a.md"])
        );
    }

    #[test]
    fn good_values_pass_without_a_word() {
        let text = "title: OS2\ntimezone: Europe/Copenhagen\nexclude: [docs/x, 2019]\ninclude: .well-known\nbaseurl: /p\nlang: en-GB\nurl: https://os2.github.io\naux_links:\n  GitHub: [https://github.com/os2]\ncallouts:\n  note:\n    title: Bemærk\n    color: blue\nforvalt:\n  publish: godkendte\n  gantt: {}\n  records:\n    bodies:\n      sg: Styregruppen\n";
        let mut d = Vec::new();
        let c = read_config(text, FileId(0), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert!(c.exclude.contains(&"2019".to_string()));
        assert_eq!(
            c.places.value(&["lang"]).map(|s| &text[s.range()]),
            Some("en-GB")
        );
        assert_eq!(
            c.places
                .key(&["forvalt", "publish"])
                .map(|s| &text[s.range()]),
            Some("publish")
        );
    }

    #[test]
    fn bad_yaml_is_located() {
        let mut d = Vec::new();
        let c = read_config("title: a\nurl: [x\n", FileId(0), &mut d);
        assert_eq!(d[0].code, "config::yaml");
        assert_eq!(c.lang, "da");
    }
}
