//! Pages: a Markdown file with its front matter, URL, title and navigation settings.

use crate::frontmatter::FrontMatter;
use forvalt_diag::{FileId, Span, Spanned};
use serde_json::Value;

/// A Markdown page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file.
    pub file: FileId,
    /// Path relative to the repository (`docs/a b/c.md`).
    pub path: String,
    /// URL without the baseurl, escaped (`/docs/a%20b/c.html`).
    pub url: String,
    /// Output file, relative to the output directory (`docs/a b/c.html`).
    pub output: String,
    /// Front matter, if any.
    pub front_matter: Option<FrontMatter>,
    /// Whether Jekyll would render this file as a page (it has valid front matter).
    pub jekyll_page: bool,
    /// The page title.
    pub title: String,
    /// Where the title came from.
    pub title_from: TitleSource,
    /// Navigation settings.
    pub nav: NavSettings,
    /// `layout` from the front matter.
    pub layout: Option<String>,
    /// `status` as written.
    pub status: Option<Spanned<String>>,
    /// The status, normalised.
    pub state: PageState,
    /// The Markdown body after Liquid, when Liquid changed it (see
    /// [`Repository::body`](crate::Repository::body) and
    /// [`Repository::source_body`](crate::Repository::source_body)).
    pub liquid_body: Option<String>,
    /// Byte offset of the body in the source file.
    pub body_offset: usize,
    /// Last modification (ms since the epoch), from the file system or git.
    pub modified: Option<i64>,
    /// The Jekyll collection the page is a document of (`news` for `_news/…`).
    pub collection: Option<String>,
}

/// Where a page's title comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleSource {
    /// `title:` in the front matter.
    FrontMatter,
    /// The first level-1 heading.
    Heading,
    /// The file name.
    FileName,
}

/// A `nav_order`: numbers sort before strings.
#[derive(Debug, Clone, PartialEq)]
pub enum NavOrder {
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
}

/// just-the-docs navigation settings of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NavSettings {
    /// `parent` (a title), with its place.
    pub parent: Option<Spanned<String>>,
    /// `grand_parent`.
    pub grand_parent: Option<String>,
    /// `nav_order`.
    pub nav_order: Option<NavOrder>,
    /// `nav_exclude`.
    pub exclude: bool,
    /// `has_children` (advisory in just-the-docs ≥ 0.10).
    pub has_children: Option<bool>,
    /// `child_nav_order: desc`.
    pub children_reversed: bool,
    /// `has_toc` (list children on the page; default true).
    pub has_toc: bool,
}

/// A page's status, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageState {
    /// No status.
    Unknown,
    /// A draft (`Udkast`, `draft`, `daft`, …).
    Draft,
    /// Final (`final`, `Final`, `færdigt`, `godkendt`, …).
    Final,
    /// An example or template.
    Example,
    /// Another word.
    Other,
}

/// Normalises a page status word.
pub fn page_state(status: &str) -> PageState {
    let s = status.trim().trim_matches(['"', '\'', '.']).to_lowercase();
    match s.as_str() {
        "" => PageState::Unknown,
        "udkast" | "draft" | "daft" | "kladde" | "wip" | "forslag" | "under udarbejdelse"
        | "i gang" => PageState::Draft,
        "final" | "færdig" | "færdigt" | "endelig" | "godkendt" | "approved" | "published"
        | "publiceret" | "done" => PageState::Final,
        "example" | "eksempel" | "skabelon" | "template" => PageState::Example,
        _ => PageState::Other,
    }
}

impl NavSettings {
    /// Reads the settings from front matter.
    pub fn from_front_matter(fm: &FrontMatter) -> NavSettings {
        NavSettings {
            parent: fm
                .str("parent")
                .filter(|p| !p.is_empty())
                .map(|p| Spanned::new(p, fm.key_span("parent").unwrap_or_else(|| Span::new(0, 0)))),
            grand_parent: fm.str("grand_parent").filter(|p| !p.is_empty()),
            nav_order: match fm.values.get("nav_order") {
                Some(Value::Number(n)) => n.as_f64().map(NavOrder::Number),
                Some(Value::String(s)) => Some(match s.trim().parse::<f64>() {
                    Ok(n) => NavOrder::Number(n),
                    Err(_) => NavOrder::Text(s.clone()),
                }),
                _ => None,
            },
            exclude: fm.bool("nav_exclude").unwrap_or(false),
            has_children: fm.bool("has_children"),
            children_reversed: matches!(
                fm.str("child_nav_order")
                    .as_deref()
                    .map(str::to_lowercase)
                    .as_deref(),
                Some("desc" | "reversed" | "reverse")
            ),
            has_toc: fm.bool("has_toc").unwrap_or(true),
        }
    }
}

/// The first level-1 heading of a Markdown text (outside code fences), without markup
/// around it, and its byte range.
pub fn first_h1(markdown: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut fence: Option<(char, usize)> = None;
    let mut pos = 0;
    let mut prev: Option<(&str, usize)> = None;
    for line in markdown.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let t = content.trim_start_matches(' ');
        if indent <= 3 && (t.starts_with("```") || t.starts_with("~~~")) {
            let ch = t.chars().next().unwrap_or('`');
            let n = t.chars().take_while(|&c| c == ch).count();
            match fence {
                None => fence = Some((ch, n)),
                Some((c, m)) if c == ch && n >= m && t[n..].trim().is_empty() => fence = None,
                _ => {}
            }
            prev = None;
            continue;
        }
        if fence.is_some() {
            continue;
        }
        if indent <= 3 && (t == "#" || t.starts_with("# ") || t.starts_with("#\t")) {
            let text = t[1..].trim();
            let text = text.trim_end_matches('#').trim_end();
            return Some((text.to_string(), start..start + content.len()));
        }
        if indent <= 3
            && !t.is_empty()
            && t.chars().all(|c| c == '=')
            && let Some((p, ps)) = prev
            && !p.trim().is_empty()
        {
            return Some((p.trim().to_string(), ps..start + content.len()));
        }
        prev = Some((content, start));
    }
    None
}

/// A title made from a file name: `2026-06-04-etablering-af-styregruppe.md` → "2026-06-04
/// etablering af styregruppe"; `README.md` in a folder → the folder's name.
pub fn title_from_path(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = if stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("index") {
        path.rsplit('/').nth(1).unwrap_or(stem)
    } else {
        stem
    };
    humanize(stem)
}

/// `dagsordner-og-referater` → "Dagsordner og referater".
pub fn humanize(name: &str) -> String {
    let spaced: String = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The id kramdown gives a heading (GFM style, as GitHub Pages builds it): lower case,
/// letters, digits, `_` and `-` kept, spaces as `-`, everything else dropped.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            id.push(c);
        } else if c == ' ' || c == '\t' {
            id.push('-');
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let md = "## Dagsorden og referat\n\n```\n# ikke\n```\n# Styregruppemøde 04.06.2026 #\n";
        let (t, r) = first_h1(md).unwrap();
        assert_eq!(t, "Styregruppemøde 04.06.2026");
        assert_eq!(&md[r], "# Styregruppemøde 04.06.2026 #");
        assert_eq!(first_h1("Titel\n=====\ntekst").unwrap().0, "Titel");
        assert!(first_h1("#Ikke en overskrift\n").is_none());
    }

    #[test]
    fn states_and_names() {
        assert_eq!(page_state("Udkast "), PageState::Draft);
        assert_eq!(page_state("daft"), PageState::Draft);
        assert_eq!(page_state("Final"), PageState::Final);
        assert_eq!(page_state("færdigt"), PageState::Final);
        assert_eq!(page_state("example"), PageState::Example);
        assert_eq!(
            title_from_path("dagsordner-og-referater/README.md"),
            "Dagsordner og referater"
        );
        assert_eq!(
            title_from_path("beslutninger/2026-06-04-ny-po.md"),
            "2026 06 04 ny po"
        );
    }
}
