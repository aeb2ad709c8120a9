//! just-the-docs' colour schemes: `color_scheme:` in `_config.yml` names `light`, `dark`
//! or a custom scheme in `_sass/color_schemes/NAME.scss`, whose Sass variables set the
//! colours. forvalt takes the link colour (`$link-color`) and the brand colour
//! (`$btn-primary-color`) from a custom scheme, as plain `#rrggbb` colours, resolving
//! references to other variables of the file and to just-the-docs' palette (`$blue-200`).
//! Functions such as `lighten()` are not evaluated: such a colour is left out with a note.

use crate::config::SiteConfig;
use crate::files::{FileEntry, Files};
use forvalt_diag::{Diagnostic, Sources, Span};
use std::collections::HashMap;

/// just-the-docs' named colours (its `support/_variables.scss`).
const PALETTE: [(&str, &str); 29] = [
    ("white", "#ffffff"),
    ("grey-dk-000", "#959396"),
    ("grey-dk-100", "#5c5962"),
    ("grey-dk-200", "#44434d"),
    ("grey-dk-250", "#302d36"),
    ("grey-dk-300", "#27262b"),
    ("grey-lt-000", "#f5f6fa"),
    ("grey-lt-100", "#eeebee"),
    ("grey-lt-200", "#ecebed"),
    ("grey-lt-300", "#e6e1e8"),
    ("purple-000", "#7253ed"),
    ("purple-100", "#5e41d0"),
    ("purple-200", "#4e26af"),
    ("purple-300", "#381885"),
    ("blue-000", "#2c84fa"),
    ("blue-100", "#2869e6"),
    ("blue-200", "#264caf"),
    ("blue-300", "#183385"),
    ("green-000", "#41d693"),
    ("green-100", "#11b584"),
    ("green-200", "#009c7b"),
    ("green-300", "#026e57"),
    ("yellow-000", "#ffeb82"),
    ("yellow-100", "#fadf50"),
    ("yellow-200", "#f7d12e"),
    ("yellow-300", "#e7af06"),
    ("red-000", "#f77e7e"),
    ("red-200", "#e94c4c"),
    ("red-300", "#dd2e2e"),
];

/// Schemes just-the-docs ships.
const BUILT_IN: [&str; 3] = ["light", "dark", "legacy_light"];

/// The colours of a custom scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColorScheme {
    /// The scheme's name.
    pub name: String,
    /// `$link-color`, as `#rrggbb`, and where it is written.
    pub link: Option<(String, Span)>,
    /// `$btn-primary-color`, as `#rrggbb`, and where it is written.
    pub brand: Option<(String, Span)>,
}

/// Reads the custom scheme `color_scheme` names, if it names one.
pub fn read(
    files: &dyn Files,
    list: &[FileEntry],
    config: &SiteConfig,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ColorScheme> {
    let name = config.raw.get("color_scheme")?.as_str()?.trim().to_string();
    if BUILT_IN.contains(&name.as_str()) {
        return None;
    }
    let place = config.places.value(&["color_scheme"]);
    let path = format!("_sass/color_schemes/{name}.scss");
    let usable = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !usable || !list.iter().any(|f| f.path == path) {
        let mut d = Diagnostic::warning(
            "config::invalid-value",
            format!("there is no colour scheme `{name}`: no file {path}"),
        )
        .with_note("Jekyll stops with an error; forvalt uses its own colours")
        .with_help("name `light`, `dark`, or a scheme in _sass/color_schemes/");
        if let Some(s) = place {
            d = d.with_span(s);
        }
        diagnostics.push(d);
        return None;
    }
    let (file, text) = crate::repo::read_text(files, &path, sources, diagnostics)?;
    let vars = variables(&text);
    let colour = |var: &str| -> Option<(String, Span)> {
        let (value, at) = vars.get(var)?;
        let span = Span::new(at.start, at.end).in_file(file);
        resolve(value, &vars, 0).map(|c| (c, span))
    };
    let link = colour("link-color");
    let brand = colour("btn-primary-color");
    for (var, got) in [("link-color", &link), ("btn-primary-color", &brand)] {
        if got.is_none()
            && let Some((value, at)) = vars.get(var)
        {
            diagnostics_note(
                value,
                var,
                Span::new(at.start, at.end).in_file(file),
                diagnostics,
            );
        }
    }
    Some(ColorScheme { name, link, brand })
}

fn diagnostics_note(value: &str, var: &str, span: Span, out: &mut Vec<Diagnostic>) {
    out.push(
        Diagnostic::note(
            "config::invalid-value",
            format!("forvalt cannot read `${var}: {value}` as a colour and keeps its own"),
        )
        .with_span(span)
        .with_help("write the colour as `#rrggbb`"),
    );
}

/// `$name: value;` lines: name → (value, byte range of the value).
fn variables(text: &str) -> HashMap<String, (String, std::ops::Range<usize>)> {
    let mut out = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = line.split("//").next().unwrap_or("");
        let Some(rest) = code.trim_start().strip_prefix('$') else {
            continue;
        };
        let Some((name, value)) = rest.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_end_matches(';').trim();
        let value = value.trim_end_matches("!default").trim();
        if value.is_empty() || name.trim().is_empty() {
            continue;
        }
        let at = line
            .find(value)
            .map_or(start..start, |i| start + i..start + i + value.len());
        out.insert(name.trim().to_string(), (value.to_string(), at));
    }
    out
}

/// A colour as `#rrggbb`: a hex colour, or a variable of the file or of the palette.
fn resolve(
    value: &str,
    vars: &HashMap<String, (String, std::ops::Range<usize>)>,
    depth: usize,
) -> Option<String> {
    if depth > 10 {
        return None;
    }
    let value = value.trim();
    if let Some(name) = value.strip_prefix('$') {
        if let Some((v, _)) = vars.get(name) {
            return resolve(v, vars, depth + 1);
        }
        return PALETTE
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c.to_string());
    }
    hex(value)
}

/// `#rgb` or `#rrggbb` as `#rrggbb` (lower case).
pub fn hex(value: &str) -> Option<String> {
    let digits = value.strip_prefix('#')?;
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let full = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits.to_string(),
        _ => return None,
    };
    Some(format!("#{}", full.to_ascii_lowercase()))
}

/// WCAG 2.1 contrast ratio of two `#rrggbb` colours (anything else counts as black).
pub fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(c: &str) -> f64 {
        let channel = |i: usize| {
            let v = c
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .unwrap_or(0) as f64
                / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::read_config;
    use crate::files::MemoryFiles;
    use forvalt_diag::FileId;

    fn scheme(config: &str, scss: Option<&str>) -> (Option<ColorScheme>, Vec<Diagnostic>) {
        let mut files = MemoryFiles::new();
        if let Some(s) = scss {
            files.insert("_sass/color_schemes/os2.scss", s);
        }
        let mut d = Vec::new();
        let config = read_config(config, FileId(0), &mut d);
        let mut sources = Sources::new();
        let list = files.list();
        let s = read(&files, &list, &config, &mut sources, &mut d);
        (s, d)
    }

    #[test]
    fn colours_from_a_custom_scheme() {
        let (s, d) = scheme(
            "color_scheme: os2\n",
            Some(
                "// OS2\n$brand: #00537A;\n$link-color: $brand !default;\n$btn-primary-color: $blue-200;\n",
            ),
        );
        assert!(d.is_empty(), "{d:?}");
        let s = s.unwrap();
        assert_eq!(s.link.unwrap().0, "#00537a");
        assert_eq!(s.brand.unwrap().0, "#264caf");
    }

    #[test]
    fn missing_schemes_and_functions_are_reported() {
        let (s, d) = scheme("color_scheme: wider\n", None);
        assert!(s.is_none());
        assert!(d[0].message.contains("_sass/color_schemes/wider.scss"));
        let (s, d) = scheme(
            "color_scheme: os2\n",
            Some("$link-color: lighten($blue-000, 10%);\n"),
        );
        assert!(s.unwrap().link.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, forvalt_diag::Severity::Note);
        let (s, d) = scheme("color_scheme: dark\n", None);
        assert!(s.is_none() && d.is_empty());
    }

    #[test]
    fn contrast_as_wcag_computes_it() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
        assert!(contrast("#00537a", "#ffffff") > 4.5);
        assert!(contrast("#7253ed", "#ffffff") < 5.5);
        assert_eq!(hex("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(hex("#abcd"), None);
    }
}
