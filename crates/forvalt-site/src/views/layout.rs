//! What every page's template receives: the site-wide values (the templates' globals) and
//! the page's own context (its place in the site, its menu, and the page or view itself).

use super::menu::{Crumb, MenuView};
use super::records::{Card, Matrix};
use super::toc::TocItem;
use super::{Day, Link};
use crate::i18n::Strings;
use forvalt_model::Repository;
use forvalt_model::url::{escape_path, is_safe_link, relative};
use serde::Serialize;

/// Where forvalt's own assets go in the output.
pub const ASSET_DIR: &str = "assets/forvalt/";

/// The site's own style sheet (from `_sass/custom/custom.scss`), in [`ASSET_DIR`].
pub const CUSTOM_CSS: &str = "custom.css";

/// The same on every page: the templates' globals.
#[derive(Debug, Clone, Serialize)]
pub struct Globals {
    /// `lang`.
    pub lang: &'static str,
    /// Interface strings.
    pub strings: Strings,
    /// Site settings.
    pub site: SiteView,
    /// `generator` meta.
    pub generator: String,
    /// Header links.
    pub aux_links: Vec<AuxLink>,
    /// Footer.
    pub footer: Footer,
    /// The Content-Security-Policy of every page: scripts only from the site's own files
    /// (none when the site allows raw HTML, whose scripts the authors want to run).
    pub csp: Option<String>,
    /// `logo`: shown instead of the site title (which becomes its text alternative).
    pub logo: Option<SiteFile>,
    /// The site's own `favicon.ico` (`favicon_ico`), when the file exists.
    pub favicon: Option<SiteFile>,
    /// CSS custom properties from the site's colour scheme (`:root{…}`; validated colours).
    pub scheme_css: Option<String>,
    /// `nav_external_links`: shown at the end of the menu.
    pub external_links: Vec<AuxLink>,
    /// just-the-docs' switches for the end of a page.
    pub switches: Switches,
    /// The site's own style sheet, linked after forvalt's.
    pub custom_css: Option<&'static str>,
}

/// just-the-docs' switches for what a page shows besides its content.
#[derive(Debug, Clone, Serialize)]
pub struct Switches {
    /// The "back to top" link's text (`back_to_top`, `back_to_top_text`); none: no link.
    pub back_to_top: Option<String>,
    /// Show when the page was last changed (not `last_edit_timestamp: false`).
    pub last_edit: bool,
    /// The text of the "edit this page" link (`gh_edit_link_text`).
    pub edit_text: Option<String>,
    /// Show the menu (not `nav_enabled: false`).
    pub nav: bool,
}

impl Switches {
    /// The switches of a site: a Jekyll site shows "back to top" only with `back_to_top:
    /// true`, as just-the-docs; a plain repository always does.
    fn new(
        raw: &serde_json::Map<String, serde_json::Value>,
        jekyll: bool,
        strings: &Strings,
    ) -> Switches {
        let text = |k: &str| {
            raw.get(k)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let off = |k: &str| raw.get(k).and_then(|v| v.as_bool()) == Some(false);
        let on = |k: &str| raw.get(k).and_then(|v| v.as_bool()) == Some(true);
        Switches {
            back_to_top: (!jekyll || on("back_to_top")).then(|| {
                text("back_to_top_text").unwrap_or_else(|| strings.t("back_to_top").to_string())
            }),
            last_edit: !off("last_edit_timestamp"),
            edit_text: text("gh_edit_link_text"),
            nav: !off("nav_enabled"),
        }
    }
}

/// A file of the site, or an address elsewhere, for `src`/`href`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteFile {
    /// A path from the site root (without a leading `/`), or an absolute address.
    pub path: String,
    /// Whether `path` is an absolute address (used as it is, not after `root`).
    pub external: bool,
}

impl SiteFile {
    /// `value` (`/assets/logo.png`, `assets/logo.png` or `https://…`) as a site file;
    /// `None` for what cannot be a link.
    fn new(value: &str) -> Option<SiteFile> {
        let v = value.trim();
        if v.is_empty() || !is_safe_link(v) {
            return None;
        }
        if matches!(
            forvalt_model::url::scheme(v).as_deref(),
            Some("http" | "https")
        ) {
            return Some(SiteFile {
                path: v.to_string(),
                external: true,
            });
        }
        if forvalt_model::url::scheme(v).is_some()
            || forvalt_model::url::permalink_problem(v).is_some()
        {
            return None;
        }
        Some(SiteFile {
            path: escape_path(v.trim_start_matches('/')),
            external: false,
        })
    }
}

/// [`CSP`] that also lets the inline scripts with `hashes` (`sha256-…`) run.
pub fn csp_with(hashes: &[String]) -> String {
    let extra: String = hashes.iter().map(|h| format!(" '{h}'")).collect();
    CSP.replacen("script-src 'self'", &format!("script-src 'self'{extra}"), 1)
}

/// Scripts, styles and fonts from the site itself; pictures and embedded pages (sandboxed
/// videos and maps) also from the web, as authors link them; no plugins, no other base
/// address, forms only to the site.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; frame-src https:; object-src 'none'; base-uri 'self'; form-action 'self'";

/// Site settings for templates.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// `url`.
    pub url: String,
    /// `baseurl`.
    pub baseurl: String,
}

/// A header link.
#[derive(Debug, Clone, Serialize)]
pub struct AuxLink {
    /// Text.
    pub title: String,
    /// Address.
    pub url: String,
    /// Open in a new tab.
    pub new_tab: bool,
}

/// Footer content.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Footer {
    /// `footer_content` (HTML from `_config.yml`).
    pub content: String,
    /// Accessibility statement link.
    pub accessibility_statement: Option<String>,
    /// Repository link.
    pub repository: Option<String>,
}

/// A page's context: where it is, its menu, and what it shows.
#[derive(Debug, Serialize)]
pub struct Context<'a, V: Serialize> {
    /// Relative path to the site root (`../../`).
    pub root: String,
    /// Relative path to forvalt's assets.
    pub assets: String,
    /// Link to the front page.
    pub home: String,
    /// Link to the search page.
    pub search_url: Option<String>,
    /// Canonical URL, when the site has a `url`.
    pub canonical: Option<String>,
    /// The menu (none: not shown).
    pub menu: Option<&'a MenuView<'a>>,
    /// Breadcrumbs.
    pub breadcrumbs: Vec<Crumb>,
    /// Links to the record overviews (decision log, meetings, …).
    pub record_links: Vec<Link>,
    /// The page.
    pub page: &'a PageView,
    /// A generated page's view (the decision log, a history page, …).
    pub view: &'a V,
}

/// The page part of a context.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageView {
    /// Title.
    pub title: String,
    /// Source path.
    pub path: String,
    /// URL (escaped, without baseurl).
    pub url: String,
    /// Show the title as `<h1>` (the body has none).
    pub show_title: bool,
    /// The body up to and including its first `<h1>` (HTML; empty when it has none).
    pub lead: String,
    /// The rest of the body (HTML).
    pub content: String,
    /// Table of contents (levels 2 and 3).
    pub toc: Vec<TocItem>,
    /// Sub-pages.
    pub children: Vec<Link>,
    /// Last updated.
    pub updated: Option<Day>,
    /// Created (from git).
    pub created: Option<Day>,
    /// A draft.
    pub draft: bool,
    /// The status as written.
    pub status: String,
    /// Description (front matter or first paragraph).
    pub description: String,
    /// Link to edit the source.
    pub edit_url: String,
    /// The front matter.
    pub front_matter: serde_json::Value,
    /// The metadata card of a decision or meeting.
    pub card: Option<Card>,
    /// The discussion of the issue a record page is tied to (`issue:`), from the cache.
    pub discussion: Option<super::records::issue::IssuePage>,
    /// A link to the PDF of this page's subject (the site on the front page, a meeting's
    /// board pack on its page): (address relative to the page, text).
    pub print_link: Option<(String, &'static str)>,
    /// Computed scores of the page's priority and risk matrices.
    pub matrices: Vec<Matrix>,
    /// The computed levels of the governance reports the page holds.
    pub governance: Vec<super::records::Governance>,
    /// What the last versions changed in the page's roadmaps.
    pub roadmap_changes: Option<super::history::RoadmapChanges>,
    /// Link to the page's history page (relative; empty: none).
    pub history_url: String,
    /// How many commits changed the page.
    pub revisions: usize,
    /// The page is its last approved version (a newer draft exists): the note to show.
    pub approved_note: String,
    /// What the site's own hook includes write on this page.
    pub custom: Custom,
    /// The page's body came through a layout of the site's own.
    pub site_layout: bool,
}

/// just-the-docs' hook includes as a page renders them (HTML under the site's policy;
/// the placeholder and heading as plain text).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Custom {
    /// `head_custom.html` under the sanitizing policy: style sheets, icons, meta, style.
    pub head: Vec<crate::sanitize::HeadItem>,
    /// `head_custom.html` as written (`forvalt: html: allow`).
    pub head_html: Option<String>,
    /// `header_custom.html`: in the header, after the search.
    pub header: Option<String>,
    /// `footer_custom.html`: at the end of the page's content.
    pub footer: Option<String>,
    /// `nav_footer_custom.html`: under the menu.
    pub nav_footer: Option<String>,
    /// `search_placeholder_custom.html`: the search field's placeholder.
    pub search_placeholder: Option<String>,
    /// `title.html`: the site title in the header (instead of the title or logo).
    pub title: Option<String>,
    /// `toc_heading_custom.html`: the heading of the page's contents.
    pub toc_heading: Option<String>,
}

/// What every page's context is made from, computed once per build.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The globals.
    pub globals: Globals,
    /// Record overviews in the menu: site URL and title.
    pub record_views: Vec<(String, String)>,
    /// The search page's output path.
    pub search_output: Option<String>,
    /// The front page's URL.
    pub home_url: String,
    /// Base of "edit this page" links.
    pub edit_base: Option<String>,
}

impl Layout {
    /// The layout of `repo`'s pages; `record_views` are the record overviews it has.
    pub fn new(
        repo: &Repository,
        strings: &'static Strings,
        generator: &str,
        search_output: Option<&str>,
        record_views: Vec<(String, String)>,
    ) -> Layout {
        let c = &repo.config;
        let repository = c
            .repository
            .as_ref()
            .map(|r| {
                if r.contains("://") {
                    r.clone()
                } else {
                    format!("https://github.com/{}", r.trim_matches('/'))
                }
            })
            .filter(|u| is_safe_link(u));
        let home_url = repo
            .pages
            .iter()
            .enumerate()
            .find(|(i, p)| repo.published[*i] && p.url == "/")
            .map(|(_, p)| p.url.clone())
            .unwrap_or_else(|| "/".into());
        Layout {
            globals: Globals {
                lang: strings.lang,
                strings: *strings,
                site: SiteView {
                    title: if c.title.is_empty() {
                        strings.t("home").to_string()
                    } else {
                        c.title.clone()
                    },
                    description: c.description.clone(),
                    url: c.url.clone(),
                    baseurl: c.baseurl.clone(),
                },
                generator: generator.to_string(),
                aux_links: c
                    .aux_links
                    .iter()
                    .filter(|(_, u)| is_safe_link(u))
                    .map(|(t, u)| AuxLink {
                        title: t.clone(),
                        url: u.clone(),
                        new_tab: c.aux_links_new_tab,
                    })
                    .collect(),
                logo: c
                    .raw
                    .get("logo")
                    .and_then(|v| v.as_str())
                    .and_then(SiteFile::new),
                favicon: favicon(repo),
                scheme_css: scheme_css(repo),
                external_links: external_links(&c.raw),
                switches: Switches::new(&c.raw, repo.publishing.is_jekyll(), strings),
                custom_css: repo.custom_css.as_ref().map(|_| CUSTOM_CSS),
                csp: (crate::sanitize::HtmlPolicy::from_config(&c.raw).0
                    != crate::sanitize::HtmlPolicy::Allow)
                    .then(|| CSP.to_string()),
                footer: Footer {
                    content: crate::sanitize::config_html(
                        c.footer_content.as_deref().unwrap_or_default(),
                        &c.raw,
                    ),
                    accessibility_statement: c
                        .accessibility_statement
                        .clone()
                        .filter(|u| is_safe_link(u)),
                    repository,
                },
            },
            record_views,
            search_output: search_output.map(str::to_string),
            home_url,
            edit_base: edit_base(repo),
        }
    }

    /// The context of the page at `url`.
    pub fn context<'a, V: Serialize>(
        &self,
        url: &str,
        page: &'a PageView,
        view: &'a V,
        menu: Option<&'a MenuView<'a>>,
        breadcrumbs: Vec<Crumb>,
    ) -> Context<'a, V> {
        let root = root_of(url);
        let site = &self.globals.site;
        let canonical = (!site.url.is_empty()).then(|| {
            format!(
                "{}{}{}",
                site.url.trim_end_matches('/'),
                site.baseurl.trim_end_matches('/'),
                url
            )
        });
        Context {
            assets: format!("{root}{ASSET_DIR}"),
            home: relative(url, &self.home_url),
            search_url: self
                .search_output
                .as_ref()
                .map(|s| relative(url, &format!("/{}", escape_path(s)))),
            canonical,
            menu: menu.filter(|_| self.globals.switches.nav),
            breadcrumbs,
            record_links: self
                .record_views
                .iter()
                .map(|(u, t)| Link::new(relative(url, u), t.clone()))
                .collect(),
            page,
            view,
            root,
        }
    }

    /// The context of the 404 page: served at any address, so every link is absolute.
    pub fn not_found_context<'a, V: Serialize>(
        &self,
        page: &'a PageView,
        view: &'a V,
        baseurl: &str,
    ) -> Context<'a, V> {
        let mut ctx = self.context("/404.html", page, view, None, Vec::new());
        let root = format!("{}/", baseurl.trim_end_matches('/'));
        ctx.assets = format!("{root}{ASSET_DIR}");
        ctx.home = root.clone();
        ctx.search_url = self
            .search_output
            .as_ref()
            .map(|s| format!("{root}{}", escape_path(s)));
        ctx.root = root;
        ctx
    }
}

/// `../../` for `/a/b/c.html`; `` for `/x.html`.
fn root_of(url: &str) -> String {
    let depth = url.trim_start_matches('/').matches('/').count();
    "../".repeat(depth)
}

/// The base of "edit this page" links, from just-the-docs' `gh_edit_*` settings.
fn edit_base(repo: &Repository) -> Option<String> {
    let c = &repo.config;
    let raw_str = |k: &str| c.raw.get(k).and_then(|v| v.as_str()).map(str::to_string);
    if c.raw.get("gh_edit_link").and_then(|v| v.as_bool()) != Some(true) {
        return None;
    }
    raw_str("gh_edit_repository")
        .map(|r| {
            let mode = raw_str("gh_edit_view_mode").unwrap_or_else(|| "tree".into());
            let branch = raw_str("gh_edit_branch").unwrap_or_else(|| "main".into());
            let mut base = format!("{}/{mode}/{branch}/", r.trim_end_matches('/'));
            if let Some(s) = raw_str("gh_edit_source").filter(|s| !s.is_empty() && s != ".") {
                base.push_str(s.trim_matches('/'));
                base.push('/');
            }
            base
        })
        .filter(|u| is_safe_link(u))
}

/// The site's favicon: `favicon_ico` or `/favicon.ico`, when that file is published.
fn favicon(repo: &Repository) -> Option<SiteFile> {
    let wanted = repo
        .config
        .raw
        .get("favicon_ico")
        .and_then(|v| v.as_str())
        .unwrap_or("/favicon.ico");
    let file = SiteFile::new(wanted).filter(|f| !f.external)?;
    let path = forvalt_model::url::unescape(&file.path);
    repo.statics
        .iter()
        .any(|s| s.output == path)
        .then_some(file)
}

/// `:root{--link:…;--brand:…}` for light mode from a custom colour scheme: the link colour only when it
/// is readable on the page (4.5:1, WCAG 2.1 AA), which `forvalt check` reports otherwise.
fn scheme_css(repo: &Repository) -> Option<String> {
    let scheme = repo.color_scheme.as_ref()?;
    let mut css = String::new();
    if let Some((link, _)) = &scheme.link
        && forvalt_model::scheme::contrast(link, PAGE_BACKGROUND) >= 4.5
    {
        css.push_str(&format!("--link:{link};"));
    }
    if let Some((brand, _)) = &scheme.brand {
        css.push_str(&format!("--brand:{brand};"));
    }
    // Colours are `#rrggbb` (checked by the model), so nothing else reaches the style. A
    // scheme's colours are for the light page; dark mode keeps forvalt's readable ones.
    (!css.is_empty()).then(|| format!("@media (prefers-color-scheme: light){{:root{{{css}}}}}"))
}

/// The light theme's page background, against which link colours are checked.
pub const PAGE_BACKGROUND: &str = "#ffffff";

/// just-the-docs' `nav_external_links` as header-style links.
fn external_links(raw: &serde_json::Map<String, serde_json::Value>) -> Vec<AuxLink> {
    forvalt_model::config::nav_external_links(raw)
        .into_iter()
        .map(|(title, url, new_tab)| AuxLink {
            title,
            url,
            new_tab,
        })
        .collect()
}
