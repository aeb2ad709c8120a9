//! Which Markdown files a site's own build makes pages of.
//!
//! A repository with `_config.yml` is a Jekyll site, and forvalt publishes what its own
//! build publishes. Jekyll makes a page only of a file that starts with a `---` line; the
//! rest are copied as they are. GitHub Pages' build adds plugins by default that change
//! this: optional front matter (every Markdown file is a page, except README, LICENSE and
//! a few other meta files), README as a folder's index, and titles from a leading heading.
//! Which build runs is read from the Gemfile (the `github-pages` gem, or gems in the
//! `jekyll_plugins` group), the Pages workflow (`actions/jekyll-build-pages` or
//! `jekyll build`) and `plugins:` in `_config.yml`. A repository without `_config.yml` is a
//! plain governance repository: every Markdown file is a page, and forvalt shapes the rest.
//! `forvalt: site: plain` in `_config.yml` says the same of a repository whose `_config.yml`
//! only configures forvalt (GitHub shows it; no Jekyll build publishes it).

use crate::config::SiteConfig;
use serde_json::Value;

/// The plugins GitHub Pages' build always enables (the `github-pages` gem's defaults).
const PAGES_DEFAULTS: [&str; 9] = [
    "jekyll-coffeescript",
    "jekyll-default-layout",
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-optional-front-matter",
    "jekyll-paginate",
    "jekyll-readme-index",
    "jekyll-relative-links",
    "jekyll-titles-from-headings",
];

/// File names (without extension, upper case) that optional front matter leaves alone.
const META_FILES: [&str; 8] = [
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "ISSUE_TEMPLATE",
    "PULL_REQUEST_TEMPLATE",
];

/// What builds the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Builder {
    /// No `_config.yml`: a plain repository, published as forvalt shapes it.
    Plain,
    /// GitHub Pages' own Jekyll build (the `github-pages` gem), and why forvalt thinks so.
    GitHubPages(String),
    /// Jekyll with the site's Gemfile, and only the plugins it names.
    Jekyll,
}

/// How the site's build turns Markdown files into pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publishing {
    /// What builds the site.
    pub builder: Builder,
    /// The enabled plugins, sorted.
    pub plugins: Vec<String>,
    /// Markdown files without front matter are pages (`jekyll-optional-front-matter`).
    pub optional_front_matter: bool,
    /// A folder's README is its index page when it has none (`jekyll-readme-index`).
    pub readme_index: bool,
    /// ... also a README with front matter (`readme_index.with_frontmatter`).
    pub readme_index_with_front_matter: bool,
    /// The Markdown source of a page made by these two plugins is copied too (unless
    /// `remove_originals`).
    pub keep_originals: bool,
    /// A page without `title` takes its leading heading (`jekyll-titles-from-headings`).
    pub titles_from_headings: bool,
    /// `redirect_from` and `redirect_to` make redirect pages (`jekyll-redirect-from`).
    pub redirects: bool,
}

impl Publishing {
    /// Every Markdown file is a page: a repository without `_config.yml`.
    pub fn plain() -> Publishing {
        Publishing {
            builder: Builder::Plain,
            plugins: Vec::new(),
            optional_front_matter: true,
            readme_index: true,
            readme_index_with_front_matter: true,
            keep_originals: false,
            titles_from_headings: true,
            redirects: true,
        }
    }

    /// Whether the site is a Jekyll site (has `_config.yml`).
    pub fn is_jekyll(&self) -> bool {
        self.builder != Builder::Plain
    }

    /// Decides from `_config.yml`, the Gemfile and the workflows (`(path, text)`).
    pub fn decide(
        config: &SiteConfig,
        gemfile: Option<&str>,
        workflows: &[(String, String)],
    ) -> Publishing {
        let site = config.raw.get("forvalt").and_then(|f| f.get("site"));
        if site.and_then(Value::as_str).map(str::trim) == Some("plain") {
            return Publishing {
                builder: Builder::Plain,
                ..Publishing::plain()
            };
        }
        let mut plugins: Vec<String> = ["plugins", "gems"]
            .iter()
            .filter_map(|k| config.raw.get(*k))
            .flat_map(|v| match v {
                Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            })
            .map(str::to_string)
            .collect();
        let gems = gemfile.map(Gemfile::read).unwrap_or_default();
        plugins.extend(gems.plugins.iter().cloned());
        let action = workflows
            .iter()
            .find(|(_, t)| t.contains("actions/jekyll-build-pages"));
        let own_build = workflows.iter().any(|(_, t)| t.contains("jekyll build"));
        let builder = if gems.github_pages {
            Some("the Gemfile names the github-pages gem".to_string())
        } else if let Some((path, _)) = action {
            Some(format!("{path} uses actions/jekyll-build-pages"))
        } else if gemfile.is_none() && !own_build {
            Some("there is no Gemfile, so GitHub Pages builds it".to_string())
        } else {
            None
        };
        let builder = match builder {
            Some(why) => {
                plugins.extend(PAGES_DEFAULTS.iter().map(|s| s.to_string()));
                Builder::GitHubPages(why)
            }
            None => Builder::Jekyll,
        };
        plugins.sort();
        plugins.dedup();
        let on = |name: &str, key: &str| {
            plugins.iter().any(|p| p == name)
                && config.raw.get(key).and_then(|o| o.get("enabled")) != Some(&Value::Bool(false))
        };
        let option = |key: &str, field: &str| {
            config.raw.get(key).and_then(|o| o.get(field)) == Some(&Value::Bool(true))
        };
        let require = config.raw.get("require_front_matter") == Some(&Value::Bool(true));
        Publishing {
            optional_front_matter: on("jekyll-optional-front-matter", "optional_front_matter")
                && !require,
            readme_index: on("jekyll-readme-index", "readme_index"),
            readme_index_with_front_matter: option("readme_index", "with_frontmatter"),
            keep_originals: !option("optional_front_matter", "remove_originals") && !require,
            titles_from_headings: on("jekyll-titles-from-headings", "titles_from_headings"),
            redirects: plugins.iter().any(|p| p == "jekyll-redirect-from"),
            builder,
            plugins,
        }
    }

    /// Whether optional front matter leaves the file `name` alone (README, LICENSE, …).
    pub fn is_meta_file(name: &str) -> bool {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        META_FILES.iter().any(|m| m.eq_ignore_ascii_case(stem))
    }

    /// One sentence for the build summary.
    pub fn summary(&self) -> String {
        let pages = if self.optional_front_matter {
            "every Markdown file is a page (optional front matter)"
        } else {
            "only Markdown files that start with front matter are pages"
        };
        match &self.builder {
            Builder::Plain => {
                "a plain repository (not a Jekyll site): every Markdown file is a page".into()
            }
            Builder::GitHubPages(why) => format!("a GitHub Pages site ({why}): {pages}"),
            Builder::Jekyll => format!("a Jekyll site built with its Gemfile: {pages}"),
        }
    }
}

/// What a Gemfile says about the build.
#[derive(Debug, Default)]
struct Gemfile {
    github_pages: bool,
    plugins: Vec<String>,
}

impl Gemfile {
    /// Reads `gem "name"` lines; gems in a `jekyll_plugins` group are plugins.
    fn read(text: &str) -> Gemfile {
        let mut out = Gemfile::default();
        let mut depth_in_group: Option<usize> = None;
        let mut depth = 0usize;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.starts_with("group ") && line.ends_with(" do") {
                depth += 1;
                if line.contains(":jekyll_plugins") {
                    depth_in_group = Some(depth);
                }
                continue;
            }
            if line.ends_with(" do") {
                depth += 1;
                continue;
            }
            if line == "end" {
                if depth_in_group == Some(depth) {
                    depth_in_group = None;
                }
                depth = depth.saturating_sub(1);
                continue;
            }
            let Some(rest) = line.strip_prefix("gem ") else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(name) = rest[1..].split(q).next() else {
                continue;
            };
            if name == "github-pages" {
                out.github_pages = true;
            } else if depth_in_group.is_some() || rest.contains(":jekyll_plugins") {
                out.plugins.push(name.to_string());
            }
        }
        out
    }
}

/// Whether Jekyll reads front matter from `text`: it starts with `---`, optional spaces and
/// a line break (Jekyll's `has_yaml_header?`).
pub fn has_yaml_header(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("---") else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t', '\u{b}', '\u{c}']);
    rest.starts_with('\n') || rest.starts_with("\r\n")
}

/// `jekyll-titles-from-headings`: the title from a heading at the very start of the body
/// (`#` to `###`, or an underlined line), without Markdown markup.
pub fn leading_heading(body: &str) -> Option<String> {
    let body = body.trim_start();
    let mut lines = body.lines();
    let first = lines.next()?;
    let hashes = first.chars().take_while(|&c| c == '#').count();
    let text =
        if (1..=3).contains(&hashes) && first[hashes..].starts_with(|c: char| c.is_whitespace()) {
            first[hashes..].trim()
        } else {
            let second = lines.next()?.trim_end();
            if second.is_empty() || !second.chars().all(|c| c == '=' || c == '-') {
                return None;
            }
            first.trim()
        };
    let plain = strip_markup(text);
    (!plain.is_empty()).then_some(plain)
}

/// Text of a line of Markdown: emphasis, code marks, HTML tags, footnote marks and link
/// targets removed, white space collapsed (as `markdownify | strip_html` would).
fn strip_markup(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let find = |from: usize, c: char| chars[from..].iter().position(|&x| x == c).map(|p| from + p);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_word = i > 0 && chars[i - 1].is_alphanumeric();
        let next_word = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
        // `[text](url)` and `![alt](src)`: the text (an image leaves nothing).
        let link = (c == '[' || (c == '!' && chars.get(i + 1) == Some(&'[')))
            .then(|| {
                let open = if c == '!' { i + 1 } else { i };
                let close = find(open, ']')?;
                (chars.get(close + 1) == Some(&'(')).then_some(())?;
                Some((open, close, find(close, ')')?))
            })
            .flatten();
        if let Some((open, close, end)) = link {
            if c == '[' {
                out.extend(&chars[open + 1..close]);
            }
            i = end + 1;
            continue;
        }
        match c {
            '[' if chars.get(i + 1) == Some(&'^') => {
                i = find(i, ']').map_or(chars.len(), |p| p + 1);
                continue;
            }
            '<' => {
                i = find(i, '>').map_or(chars.len(), |p| p + 1);
                continue;
            }
            '*' | '`' => {}
            '_' if !(prev_word && next_word) => {}
            _ => out.push(c),
        }
        i += 1;
    }
    let stripped: String = out.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read_config;
    use forvalt_diag::FileId;

    fn decide(config: &str, gemfile: Option<&str>, workflows: &[(&str, &str)]) -> Publishing {
        let mut d = Vec::new();
        let config = read_config(config, FileId(0), &mut d);
        let w: Vec<(String, String)> = workflows
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        Publishing::decide(&config, gemfile, &w)
    }

    #[test]
    fn a_gemfile_without_github_pages_means_front_matter_is_required() {
        let p = decide(
            "title: X\n",
            Some(
                "source \"https://rubygems.org\"\ngem \"jekyll\", \"~> 4.3\"\ngem \"just-the-docs\", \"0.12.0\"\n",
            ),
            &[(
                ".github/workflows/pages.yml",
                "run: bundle exec jekyll build",
            )],
        );
        assert_eq!(p.builder, Builder::Jekyll);
        assert!(!p.optional_front_matter && !p.readme_index && !p.titles_from_headings);
        assert!(
            p.summary()
                .contains("only Markdown files that start with front matter")
        );
    }

    #[test]
    fn github_pages_enables_its_default_plugins() {
        let p = decide(
            "plugins: [jekyll-redirect-from]\n",
            Some("gem 'github-pages', group: :jekyll_plugins\n"),
            &[],
        );
        assert!(matches!(p.builder, Builder::GitHubPages(_)));
        assert!(p.optional_front_matter && p.readme_index && p.titles_from_headings && p.redirects);
        let p = decide("title: X\n", None, &[]);
        assert!(matches!(p.builder, Builder::GitHubPages(_)));
        let p = decide(
            "optional_front_matter:\n  enabled: false\n",
            Some("gem \"jekyll\"\n"),
            &[("w.yml", "uses: actions/jekyll-build-pages@v1")],
        );
        assert!(matches!(p.builder, Builder::GitHubPages(ref w) if w.contains("w.yml")));
        assert!(!p.optional_front_matter && p.readme_index);
    }

    #[test]
    fn plugins_from_the_config_and_the_gemfile_group() {
        let p = decide(
            "plugins:\n  - jekyll-optional-front-matter\n",
            Some(
                "gem \"jekyll\"\ngroup :jekyll_plugins do\n  gem \"jekyll-redirect-from\"\n  # gem \"jekyll-readme-index\"\nend\ngem \"webrick\"\n",
            ),
            &[],
        );
        assert_eq!(p.builder, Builder::Jekyll);
        assert_eq!(
            p.plugins,
            ["jekyll-optional-front-matter", "jekyll-redirect-from"]
        );
        assert!(p.optional_front_matter && p.redirects && !p.readme_index);
    }

    #[test]
    fn a_config_for_forvalt_only_can_say_plain() {
        let p = decide("title: X\nforvalt:\n  site: plain\n", None, &[]);
        assert_eq!(p.builder, Builder::Plain);
        assert!(p.optional_front_matter && !p.is_jekyll());
    }

    #[test]
    fn yaml_headers_as_jekyll_sees_them() {
        assert!(has_yaml_header("---\ntitle: x\n---\n"));
        assert!(has_yaml_header("---  \r\nx"));
        assert!(!has_yaml_header("gelse---\ntitle: x\n---\n"));
        assert!(!has_yaml_header(" ---\n"));
        assert!(!has_yaml_header("----\n"));
        assert!(!has_yaml_header("---"));
        assert!(!has_yaml_header("\u{feff}---\n"));
    }

    #[test]
    fn titles_only_from_a_leading_heading() {
        assert_eq!(
            leading_heading("\n# Om *produktet*\n\nTekst").as_deref(),
            Some("Om produktet")
        );
        assert_eq!(leading_heading("### Tre\n").as_deref(), Some("Tre"));
        assert_eq!(
            leading_heading("# [SDR] Valg af [kort](x.md) ![logo](l.png)[^1]\n").as_deref(),
            Some("[SDR] Valg af kort")
        );
        assert_eq!(
            leading_heading("Referat\n=======\n").as_deref(),
            Some("Referat")
        );
        assert_eq!(leading_heading("#### Fire\n"), None);
        assert_eq!(leading_heading("Tekst først\n\n# Overskrift\n"), None);
        assert!(
            Publishing::is_meta_file("readme.md") && !Publishing::is_meta_file("MAINTAINERS.md")
        );
    }
}
