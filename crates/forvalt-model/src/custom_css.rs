//! just-the-docs' own style sheet of a site, `_sass/custom/custom.scss`, which the theme
//! adds after its own. forvalt has no Sass compiler: a file that is plain CSS (as most are;
//! CSS is valid Sass) is published as the site's style sheet after forvalt's; one that uses
//! Sass (variables, nesting, mixins, imports) is reported and left out.

use crate::files::{FileEntry, Files};
use forvalt_diag::{Diagnostic, Sources, Span};

/// The file just-the-docs adds after its own styles.
pub const PATH: &str = "_sass/custom/custom.scss";

/// The largest style sheet published.
const MAX: usize = 512 << 10;

/// Where `text` uses Sass, and how (`None`: plain CSS). Line comments (`// …` at the start
/// of a line) are Sass too, but harmless: they are removed by [`plain`].
fn sass_at(text: &str) -> Option<(usize, &'static str)> {
    let mut depth_rules: Vec<bool> = Vec::new(); // for each open block: is it a rule?
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                continue;
            }
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'$' => return Some((i, "a Sass variable")),
            b'#' if b.get(i + 1) == Some(&b'{') => return Some((i, "Sass interpolation")),
            b'&' => return Some((i, "the Sass parent selector `&`")),
            b'@' => {
                let word: String = text[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if matches!(
                    word.as_str(),
                    "import"
                        | "use"
                        | "forward"
                        | "include"
                        | "mixin"
                        | "extend"
                        | "function"
                        | "if"
                        | "else"
                        | "each"
                        | "for"
                        | "while"
                        | "return"
                ) {
                    return Some((i, "a Sass rule (`@import`, `@include`, `@mixin` …)"));
                }
            }
            b'{' => {
                if depth_rules.last() == Some(&true) {
                    return Some((i, "nested rules"));
                }
                // A block is a rule unless it belongs to an at-rule (`@media … {`).
                let start = text[..i].rfind(['{', '}', ';']).map_or(0, |s| s + 1);
                let head = text[start..i].trim_start();
                depth_rules.push(!head.starts_with('@'));
            }
            b'}' => {
                depth_rules.pop();
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `text` without Sass line comments (`// …` starting a line).
fn plain(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The site's style sheet from `_sass/custom/custom.scss`, when it is plain CSS.
pub fn read(
    files: &dyn Files,
    list: &[FileEntry],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    list.iter().find(|f| f.path == PATH)?;
    let (file, text) = crate::repo::read_text(files, PATH, sources, diagnostics)?;
    if text.len() > MAX {
        diagnostics.push(
            Diagnostic::warning(
                "config::custom-css",
                format!(
                    "{PATH} is larger than {} KB; forvalt leaves it out",
                    MAX >> 10
                ),
            )
            .with_span(Span::new(0, 0).in_file(file)),
        );
        return None;
    }
    let css = plain(&text);
    if css.trim().is_empty() {
        return None;
    }
    if let Some((at, what)) = sass_at(&text) {
        diagnostics.push(
            Diagnostic::warning(
                "config::custom-css",
                format!("{PATH} uses {what}, and forvalt does not compile Sass"),
            )
            .with_span(Span::new(at, at + 1).in_file(file))
            .with_note("the site is published without these styles")
            .with_help("write the styles as plain CSS (no variables, nesting or mixins); CSS is valid Sass, so Jekyll still builds it"),
        );
        return None;
    }
    Some(css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_css_is_kept_and_sass_is_found() {
        let css = "// Egne farver\n.site-title { color: #1f4e79; }\n@media (max-width: 50rem) {\n  .forside { display: block; }\n}\na[href^=\"https://\"]::after { content: \"$\"; }\n/* $x */\n";
        assert_eq!(sass_at(css), None);
        assert!(!plain(css).contains("Egne"));
        for (sass, what) in [
            ("$blaa: #00f;\na { color: $blaa; }", "a Sass variable"),
            (".a { .b { color: red; } }", "nested rules"),
            (
                ".a { &:hover { color: red; } }",
                "the Sass parent selector `&`",
            ),
            (
                "@import \"x\";",
                "a Sass rule (`@import`, `@include`, `@mixin` …)",
            ),
        ] {
            assert_eq!(sass_at(sass).map(|(_, w)| w), Some(what), "{sass}");
        }
    }
}
