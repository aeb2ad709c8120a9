//! YAML front matter as Jekyll reads it (`---` on the first line, closed by `---` or
//! `...`), with the place of every top-level key for diagnostics, and recovery of the
//! broken forms found in real repositories.

use forvalt_diag::{Diagnostic, FileId, Span};
use serde_json::{Map, Value};

/// A parsed front matter block.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// The values (YAML mapping), as JSON values.
    pub values: Map<String, Value>,
    /// Where each top-level key is written: key → (whole line, value text).
    pub keys: Vec<KeyPlace>,
    /// The YAML text's span.
    pub span: Span,
}

/// Where a top-level key and its value are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPlace {
    /// The key.
    pub key: String,
    /// The key's line (without the line break).
    pub line: Span,
    /// The value text after `key:` (trimmed; may be empty).
    pub value: Span,
}

impl FrontMatter {
    /// A value as text (numbers and booleans printed, strings trimmed of spaces).
    pub fn str(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A value as a boolean (YAML 1.1 words `yes`/`no`/`on`/`off` accepted, as Jekyll does).
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.values.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// Where a key is written (its line), if it is.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.keys.iter().find(|k| k.key == key).map(|k| k.line)
    }

    /// Where a key's value is written, if it is.
    pub fn value_span(&self, key: &str) -> Option<Span> {
        self.keys.iter().find(|k| k.key == key).map(|k| k.value)
    }
}

/// The result of reading a document's head.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The front matter, if there is one (also when recovered from a broken form).
    pub front_matter: Option<FrontMatter>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// Whether Jekyll would publish the file as a page (its front matter is well-formed).
    pub jekyll_page: bool,
}

/// Splits off and parses the front matter of `text` (a file with id `file`).
pub fn read_head(text: &str, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> Head {
    if let Some((yaml, body_start)) = split(text, 0) {
        let fm = parse_yaml(text, yaml, file, diagnostics);
        let jekyll_page = fm.is_some();
        return Head {
            front_matter: fm,
            body_start,
            jekyll_page,
        };
    }
    // Broken forms seen in real repositories: junk (or an empty line) before `---`, or keys
    // without any delimiters at the start of the file.
    if let Some(head) = recover(text, file, diagnostics) {
        return head;
    }
    Head {
        front_matter: None,
        body_start: 0,
        jekyll_page: false,
    }
}

/// `---` + spaces + newline at `from`, closed by a line that is `---` or `...`: the YAML
/// range and where the body starts.
fn split(text: &str, from: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let rest = &text[from..];
    let first_end = rest.find('\n')?;
    let first = rest[..first_end].trim_end_matches(['\r', ' ', '\t']);
    if first != "---" {
        return None;
    }
    let yaml_start = from + first_end + 1;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end_matches(['\r', ' ', '\t']);
        if line == "---" || line == "..." {
            let body = (line_end + 1).min(text.len());
            return Some((yaml_start..pos, body));
        }
        if line_end >= text.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}

fn recover(text: &str, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> Option<Head> {
    // `gelse---` or `xxxxx` then keys: a delimiter line within the first lines.
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').take(6).enumerate() {
        let t = line.trim_end();
        if n > 0
            && t == "---"
            && let Some((yaml, body)) = split(text, offset)
        {
            let junk = Span::new(0, offset).in_file(file);
            diagnostics.push(
                    Diagnostic::warning(
                        "frontmatter::broken",
                        "there is text before the front matter's opening `---`, so Jekyll does not publish this page",
                    )
                    .with_span(junk)
                    .with_note("forvalt reads the front matter anyway")
                    .with_suggestion(junk, "", "remove the text before `---`"),
                );
            let fm = parse_yaml(text, yaml, file, diagnostics);
            return Some(Head {
                front_matter: fm,
                body_start: body,
                jekyll_page: false,
            });
        }
        offset += line.len();
    }
    let first_line = text.lines().next().unwrap_or("");
    if let Some(junk_len) = first_line
        .strip_suffix("---")
        .map(str::len)
        .filter(|n| *n > 0)
    {
        // Treat `junk---` as the opening line.
        let rest_start = first_line.len() + 1;
        let fake = format!("---\n{}", &text[rest_start.min(text.len())..]);
        if let Some((yaml, body)) = split(&fake, 0) {
            let shift = rest_start as isize - 4;
            let yaml = (yaml.start as isize + shift) as usize..(yaml.end as isize + shift) as usize;
            let body = (body as isize + shift) as usize;
            let junk = Span::new(0, junk_len).in_file(file);
            diagnostics.push(
                Diagnostic::warning(
                    "frontmatter::broken",
                    "the first line has text before `---`, so Jekyll does not publish this page",
                )
                .with_span(junk)
                .with_note("forvalt reads the front matter anyway")
                .with_suggestion(junk, "", "remove the text before `---`"),
            );
            let fm = parse_yaml(text, yaml, file, diagnostics);
            return Some(Head {
                front_matter: fm,
                body_start: body,
                jekyll_page: false,
            });
        }
    }
    None
}

fn parse_yaml(
    text: &str,
    yaml: std::ops::Range<usize>,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let span = Span::from_range(yaml.clone()).in_file(file);
    let src = &text[yaml.clone()];
    if src.trim().is_empty() {
        return Some(FrontMatter {
            values: Map::new(),
            keys: Vec::new(),
            span,
        });
    }
    match serde_saphyr::from_str::<Value>(src) {
        Ok(Value::Object(values)) => Some(FrontMatter {
            values,
            keys: key_places(text, yaml, file),
            span,
        }),
        Ok(Value::Null) => Some(FrontMatter {
            values: Map::new(),
            keys: Vec::new(),
            span,
        }),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error(
                    "frontmatter::not-a-mapping",
                    "the front matter is not a list of `key: value` lines",
                )
                .with_span(span),
            );
            None
        }
        Err(e) => {
            let message = e.to_string();
            let first = message.lines().next().unwrap_or("invalid YAML").to_string();
            let at = e
                .location()
                .and_then(|l| line_offset(src, l.line() as usize, l.column() as usize))
                .map_or(span, |o| {
                    let end = src[o..].find('\n').map_or(src.len(), |e| o + e).max(o);
                    Span::new(yaml.start + o, yaml.start + end).in_file(file)
                });
            diagnostics.push(
                Diagnostic::error(
                    "frontmatter::yaml",
                    format!("the front matter is not valid YAML: {first}"),
                )
                .with_span(at)
                .with_help("values with `:` or `#` need quotes: `title: \"Plan: 2026\"`"),
            );
            None
        }
    }
}

/// Byte offset of 1-based `line`, `column` in `s`.
fn line_offset(s: &str, line: usize, column: usize) -> Option<usize> {
    let mut off = 0;
    for (n, l) in s.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(i, _)| i);
            return Some(off + col.min(l.trim_end_matches('\n').len()));
        }
        off += l.len();
    }
    None
}

fn key_places(text: &str, yaml: std::ops::Range<usize>, file: FileId) -> Vec<KeyPlace> {
    let mut out = Vec::new();
    let mut pos = yaml.start;
    for line in text[yaml.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(colon) = content.find(':')
            && !content.starts_with([' ', '\t', '#', '-'])
        {
            let key = content[..colon]
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
            let after = &content[colon + 1..];
            let lead = after.len() - after.trim_start().len();
            let value_start = pos + colon + 1 + lead;
            let value = after.trim_start();
            // An unquoted value ends before a ` #` comment.
            let value_len = if value.starts_with(['"', '\'']) {
                value.trim_end().len()
            } else {
                value
                    .find(" #")
                    .map_or(value, |c| &value[..c])
                    .trim_end()
                    .len()
            };
            let value_end = value_start + value_len;
            out.push(KeyPlace {
                key,
                line: Span::new(pos, pos + content.len()).in_file(file),
                value: Span::new(value_start, value_end.max(value_start)).in_file(file),
            });
        }
        pos += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> (Head, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let h = read_head(text, FileId(0), &mut d);
        (h, d)
    }

    #[test]
    fn jekyll_front_matter() {
        let text = "---\nlayout: default\ntitle: \"Roadmap\"\nstatus: \"Udkast\" \nnav_order: 1\nhas_children: false\n---\n# Hej\n";
        let (h, d) = head(text);
        assert!(d.is_empty());
        let fm = h.front_matter.unwrap();
        assert_eq!(fm.str("title").as_deref(), Some("Roadmap"));
        assert_eq!(fm.str("status").as_deref(), Some("Udkast"));
        assert_eq!(fm.str("nav_order").as_deref(), Some("1"));
        assert_eq!(fm.bool("has_children"), Some(false));
        assert_eq!(
            &text[fm.value_span("status").unwrap().range()],
            "\"Udkast\""
        );
        assert_eq!(&text[h.body_start..], "# Hej\n");
        assert!(h.jekyll_page);
    }

    #[test]
    fn no_front_matter() {
        let (h, d) = head("# Beslutning\n\n- **Dato**: 2026-01-01\n");
        assert!(h.front_matter.is_none() && d.is_empty() && h.body_start == 0);
    }

    #[test]
    fn stray_rule_after_front_matter_is_body() {
        let text = "---\ntitle: A\n---\n---\n\nTekst\n";
        let (h, _) = head(text);
        assert_eq!(&text[h.body_start..], "---\n\nTekst\n");
    }

    #[test]
    fn broken_forms_are_recovered_and_reported() {
        let (h, d) = head("gelse---\ntitle: \"OS2opendata\"\nparent: X\n---\nTekst\n");
        assert_eq!(
            h.front_matter.unwrap().str("title").as_deref(),
            Some("OS2opendata")
        );
        assert_eq!(d[0].code, "frontmatter::broken");
        assert!(!h.jekyll_page);
        let (h, d) = head("xxxxx\n---\ntitle: B\n---\nTekst\n");
        assert_eq!(h.front_matter.unwrap().str("title").as_deref(), Some("B"));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn invalid_yaml_is_located() {
        let text = "---\ntitle: [unclosed\nparent: A\n---\nx\n";
        let (h, d) = head(text);
        assert!(h.front_matter.is_none());
        assert_eq!(d[0].code, "frontmatter::yaml");
        assert!(d[0].span.is_some());
    }
}
