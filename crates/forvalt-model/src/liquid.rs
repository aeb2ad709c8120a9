//! Liquid inside pages, as Jekyll runs it: `{{ site.* }}`, `{{ page.* }}`, filters
//! (including a `date` filter with Danish names), `{% raw %}` and `{% include %}` from
//! `_includes`. What Liquid cannot run is reported with its place and kept as text; nothing
//! here fails a build.

use crate::dates;
use forvalt_diag::{Diagnostic, FileId, Span};
use jiff::Zoned;
use jiff::tz::TimeZone;
use liquid_core::{
    Expression, Filter, FilterParameters, FilterReflection, ParseFilter, Runtime, Value, ValueView,
};
use std::collections::BTreeMap;

/// Everything the filters need to know about the site.
#[derive(Debug, Clone)]
struct SiteInfo {
    danish: bool,
    tz: TimeZone,
    now: Zoned,
    url: String,
    baseurl: String,
}

/// A Liquid environment for one site.
pub struct Liquid {
    parser: liquid::Parser,
    info: SiteInfo,
    site: liquid::Object,
    filters: Vec<String>,
}

impl std::fmt::Debug for Liquid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Liquid").field("info", &self.info).finish()
    }
}

const TAGS: &[&str] = &[
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "for",
    "endfor",
    "case",
    "when",
    "endcase",
    "capture",
    "endcapture",
    "assign",
    "increment",
    "decrement",
    "comment",
    "endcomment",
    "raw",
    "endraw",
    "include",
    "cycle",
    "tablerow",
    "endtablerow",
    "break",
    "continue",
    "ifchanged",
    "endifchanged",
];

impl Liquid {
    /// An environment for a site: its `_config.yml` values (`site.*`), `_includes` files
    /// (name → text), language, time zone and "now" (`site.time`).
    pub fn new(
        config: &serde_json::Map<String, serde_json::Value>,
        includes: BTreeMap<String, String>,
        danish: bool,
        tz: TimeZone,
        now: Zoned,
    ) -> Liquid {
        let info = SiteInfo {
            danish,
            tz,
            now: now.clone(),
            url: config
                .get("url")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string(),
            baseurl: config
                .get("baseurl")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string(),
        };
        let mut source = liquid::partials::InMemorySource::new();
        for (name, text) in includes {
            source.add(name, text);
        }
        let builder = liquid::ParserBuilder::with_stdlib()
            .tag(liquid_lib::jekyll::IncludeTag)
            .filter(liquid_lib::jekyll::Slugify)
            .filter(liquid_lib::jekyll::Push)
            .filter(liquid_lib::jekyll::Pop)
            .filter(liquid_lib::jekyll::Shift)
            .filter(liquid_lib::jekyll::Unshift)
            .filter(liquid_lib::jekyll::ArrayToSentenceString)
            .filter(DateF(info.clone(), DateKind::Strftime))
            .filter(DateF(info.clone(), DateKind::ToString))
            .filter(DateF(info.clone(), DateKind::ToLongString))
            .filter(DateF(info.clone(), DateKind::XmlSchema))
            .filter(UrlF(info.clone(), true))
            .filter(UrlF(info.clone(), false))
            .filter(TextF(TextKind::XmlEscape))
            .filter(TextF(TextKind::Identity("markdownify")))
            .filter(TextF(TextKind::Identity("smartify")))
            .filter(TextF(TextKind::NormalizeWhitespace))
            .filter(TextF(TextKind::NumberOfWords))
            .filter(TextF(TextKind::Jsonify))
            .filter(TextF(TextKind::UriEscape))
            .partials(liquid::partials::LazyCompiler::new(source));
        let filters: Vec<String> = {
            use liquid::reflection::ParserReflection;
            builder.filters().map(|f| f.name().to_string()).collect()
        };
        let parser = builder.build().unwrap_or_default();
        let mut site = liquid::model::to_object(config).unwrap_or_default();
        site.insert(
            "time".into(),
            Value::scalar(now.strftime("%Y-%m-%d %H:%M:%S %z").to_string()),
        );
        Liquid {
            parser,
            info,
            site,
            filters,
        }
    }

    /// Whether a text has Liquid in it at all.
    pub fn has_liquid(text: &str) -> bool {
        text.contains("{{") || text.contains("{%")
    }

    /// Renders the Liquid in `text` (the body of file `file`, starting at byte `offset` of
    /// the file) with `page` as the page object. Problems are reported and the affected text
    /// is kept as written.
    pub fn render(
        &self,
        text: &str,
        page: &serde_json::Map<String, serde_json::Value>,
        file: FileId,
        offset: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        if !Self::has_liquid(text) {
            return text.to_string();
        }
        let span =
            |r: std::ops::Range<usize>| Span::new(offset + r.start, offset + r.end).in_file(file);
        // Neutralise blocks with unknown tags or filters, reporting each.
        let mut source = String::with_capacity(text.len() + 32);
        let mut last = 0;
        for b in blocks(text) {
            let inner = &text[b.inner.clone()];
            let problem = if b.tag {
                let name = inner.split_whitespace().next().unwrap_or("");
                (!TAGS.contains(&name)).then(|| {
                    Diagnostic::warning(
                        "liquid::unknown-tag",
                        format!("Liquid has no tag `{name}`"),
                    )
                    .with_span(span(b.whole.clone()))
                    .with_note("the text is shown as written")
                })
            } else {
                None
            };
            let problem = problem.or_else(|| {
                filter_names(inner)
                    .into_iter()
                    .find(|f| !self.filters.iter().any(|k| k == f))
                    .map(|f| {
                        let mut d = Diagnostic::warning(
                            "liquid::unknown-filter",
                            format!("Liquid has no filter `{f}`"),
                        )
                        .with_span(span(b.whole.clone()))
                        .with_note("the text is shown as written");
                        if let Some(c) = closest(&f, &self.filters) {
                            d = d.with_help(format!("did you mean `{c}`?"));
                        }
                        d
                    })
            });
            if let Some(d) = problem {
                diagnostics.push(d);
                source.push_str(&text[last..b.whole.start]);
                source.push_str("{% raw %}");
                source.push_str(&text[b.whole.clone()]);
                source.push_str("{% endraw %}");
                last = b.whole.end;
            }
        }
        source.push_str(&text[last..]);

        let template = match self.parser.parse(&source) {
            Ok(t) => t,
            Err(e) => {
                let msg = first_line(&e.to_string());
                diagnostics.push(
                    Diagnostic::warning(
                        "liquid::syntax",
                        format!("the Liquid in this page cannot be read: {msg}"),
                    )
                    .with_span(span(0..text.len().min(1)))
                    .with_note("the page is shown without running its Liquid"),
                );
                return text.to_string();
            }
        };
        let mut page_obj = liquid::model::to_object(page).unwrap_or_default();
        let mut site = self.site.clone();
        let mut extra = liquid::Object::new();
        for _ in 0..32 {
            let mut globals = extra.clone();
            globals.insert("site".into(), Value::Object(site.clone()));
            globals.insert("page".into(), Value::Object(page_obj.clone()));
            let e = match template.render(&globals) {
                Ok(out) => return out,
                Err(e) => e.to_string(),
            };
            // Jekyll renders unknown variables as nothing: add them as nil and try again.
            if let Some(name) = context_value(&e, "requested variable") {
                extra.insert(name.into(), Value::Nil);
                continue;
            }
            let index =
                context_value(&e, "requested index").map(|i| i.trim_matches('"').to_string());
            let var = context_value(&e, "variable").unwrap_or_default();
            let target = match var.as_str() {
                "page" => Some(&mut page_obj),
                "site" => Some(&mut site),
                _ => None,
            };
            match (index, target) {
                (Some(index), Some(obj)) if !obj.contains_key(index.as_str()) => {
                    obj.insert(index.into(), Value::Nil);
                }
                _ => return self.give_up(text, &e, span(0..text.len().min(1)), diagnostics),
            }
        }
        text.to_string()
    }

    fn give_up(
        &self,
        text: &str,
        msg: &str,
        at: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        diagnostics.push(
            Diagnostic::warning(
                "liquid::render",
                format!("the Liquid in this page cannot be run: {}", first_line(msg)),
            )
            .with_span(at)
            .with_note("the page is shown without running its Liquid"),
        );
        text.to_string()
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("liquid:"))
        .unwrap_or_else(|| s.lines().next().unwrap_or(""))
        .trim_start_matches("liquid: ")
        .to_string()
}

/// A value from liquid's error context lines (`key=value`).
fn context_value(msg: &str, key: &str) -> Option<String> {
    msg.lines().find_map(|l| {
        let (k, v) = l.trim().split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

struct Block {
    whole: std::ops::Range<usize>,
    inner: std::ops::Range<usize>,
    tag: bool,
}

/// `{{ … }}` and `{% … %}` blocks outside `{% raw %}` … `{% endraw %}`.
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = text.as_bytes();
    let mut in_raw = false;
    while i + 1 < b.len() {
        if b[i] == b'{' && (b[i + 1] == b'{' || b[i + 1] == b'%') {
            let tag = b[i + 1] == b'%';
            let close = if tag { "%}" } else { "}}" };
            let Some(end) = text[i + 2..].find(close).map(|e| i + 2 + e) else {
                break;
            };
            let inner = (i + 2)..end;
            let inner_text = text[inner.clone()].trim_matches(['-', ' ', '\t', '\n', '\r']);
            let name = inner_text.split_whitespace().next().unwrap_or("");
            if tag && name == "endraw" {
                in_raw = false;
            } else if !in_raw {
                if tag && name == "raw" {
                    in_raw = true;
                } else {
                    let lead = text[inner.clone()].len()
                        - text[inner.clone()]
                            .trim_start_matches(['-', ' ', '\t', '\n', '\r'])
                            .len();
                    out.push(Block {
                        whole: i..end + 2,
                        inner: (inner.start + lead)..(inner.start + lead + inner_text.len()),
                        tag,
                    });
                }
            }
            i = end + 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Filter names used in an expression (`x | date: "%Y" | upcase` → date, upcase), outside
/// quoted strings.
fn filter_names(expr: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut quote: Option<char> = None;
    for (i, c) in expr.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '|') => {
                let rest = &expr[i + 1..];
                let name: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}

fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    if let Some(prefix) = candidates
        .iter()
        .filter(|c| c.len() >= 4 && word.starts_with(c.as_str()))
        .max_by_key(|c| c.len())
    {
        return Some(prefix);
    }
    candidates
        .iter()
        .map(|c| (strsim(word, c), c))
        .filter(|(d, _)| *d <= 2.max(word.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

fn strsim(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---- filters -------------------------------------------------------------------------

#[derive(Debug, FilterParameters)]
struct FormatArgs {
    #[parameter(description = "The format.", arg_type = "str")]
    format: Option<Expression>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    Strftime,
    ToString,
    ToLongString,
    XmlSchema,
}

#[derive(Clone, Debug)]
struct DateF(SiteInfo, DateKind);

impl FilterReflection for DateF {
    fn name(&self) -> &str {
        match self.1 {
            DateKind::Strftime => "date",
            DateKind::ToString => "date_to_string",
            DateKind::ToLongString => "date_to_long_string",
            DateKind::XmlSchema => "date_to_xmlschema",
        }
    }
    fn description(&self) -> &str {
        "Formats a date (Danish names when the site language is Danish)."
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for DateF {
    fn parse(
        &self,
        arguments: liquid_core::parser::FilterArguments<'_>,
    ) -> liquid_core::Result<Box<dyn Filter>> {
        let args = FormatArgs::from_args(arguments)?;
        Ok(Box::new(DateFilter {
            args,
            info: self.0.clone(),
            kind: self.1,
        }))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct DateFilter {
    args: FormatArgs,
    info: SiteInfo,
    kind: DateKind,
}

impl std::fmt::Display for DateFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(DateF(self.info.clone(), self.kind).name())
    }
}

impl Filter for DateFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> liquid_core::Result<Value> {
        let args = self.args.evaluate(runtime)?;
        let text = input.to_kstr().to_string();
        let Some(z) = dates::parse_date(&text, &self.info.tz, &self.info.now) else {
            return Ok(input.to_value());
        };
        let danish = self.info.danish;
        let out = match self.kind {
            DateKind::Strftime => match args.format {
                Some(f) if !f.is_empty() => dates::strftime(&z, f.as_str(), danish),
                _ => return Ok(input.to_value()),
            },
            DateKind::ToString => dates::strftime(&z, "%d %b %Y", danish),
            DateKind::ToLongString => dates::strftime(&z, "%d %B %Y", danish),
            DateKind::XmlSchema => dates::strftime(&z, "%Y-%m-%dT%H:%M:%S%:z", danish),
        };
        Ok(Value::scalar(out))
    }
}

#[derive(Clone, Debug)]
struct UrlF(SiteInfo, bool);

impl FilterReflection for UrlF {
    fn name(&self) -> &str {
        if self.1 {
            "absolute_url"
        } else {
            "relative_url"
        }
    }
    fn description(&self) -> &str {
        "Prefixes the site's base URL."
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for UrlF {
    fn parse(
        &self,
        _arguments: liquid_core::parser::FilterArguments<'_>,
    ) -> liquid_core::Result<Box<dyn Filter>> {
        Ok(Box::new(UrlFilter(self.0.clone(), self.1)))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct UrlFilter(SiteInfo, bool);

impl std::fmt::Display for UrlFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.1 {
            "absolute_url"
        } else {
            "relative_url"
        })
    }
}

impl Filter for UrlFilter {
    fn evaluate(
        &self,
        input: &dyn ValueView,
        _runtime: &dyn Runtime,
    ) -> liquid_core::Result<Value> {
        let path = input.to_kstr().to_string();
        if path.contains("://") {
            return Ok(Value::scalar(path));
        }
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        let rel = format!("{}{path}", self.0.baseurl);
        Ok(Value::scalar(if self.1 {
            format!("{}{rel}", self.0.url)
        } else {
            rel
        }))
    }
}

#[derive(Debug, Clone, Copy)]
enum TextKind {
    XmlEscape,
    Identity(&'static str),
    NormalizeWhitespace,
    NumberOfWords,
    Jsonify,
    UriEscape,
}

#[derive(Clone, Debug)]
struct TextF(TextKind);

impl FilterReflection for TextF {
    fn name(&self) -> &str {
        match self.0 {
            TextKind::XmlEscape => "xml_escape",
            TextKind::Identity(n) => n,
            TextKind::NormalizeWhitespace => "normalize_whitespace",
            TextKind::NumberOfWords => "number_of_words",
            TextKind::Jsonify => "jsonify",
            TextKind::UriEscape => "uri_escape",
        }
    }
    fn description(&self) -> &str {
        "A Jekyll text filter."
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for TextF {
    fn parse(
        &self,
        _arguments: liquid_core::parser::FilterArguments<'_>,
    ) -> liquid_core::Result<Box<dyn Filter>> {
        Ok(Box::new(TextFilter(self.0)))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct TextFilter(TextKind);

impl std::fmt::Display for TextFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(TextF(self.0).name())
    }
}

impl Filter for TextFilter {
    fn evaluate(
        &self,
        input: &dyn ValueView,
        _runtime: &dyn Runtime,
    ) -> liquid_core::Result<Value> {
        let s = input.to_kstr().to_string();
        Ok(match self.0 {
            TextKind::XmlEscape => Value::scalar(
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#39;"),
            ),
            TextKind::Identity(_) => input.to_value(),
            TextKind::NormalizeWhitespace => {
                Value::scalar(s.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            TextKind::NumberOfWords => Value::scalar(s.split_whitespace().count() as i64),
            TextKind::Jsonify => Value::scalar(serde_json::to_string(&s).unwrap_or_default()),
            TextKind::UriEscape => Value::scalar(crate::url::escape_path(&s)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Liquid {
        let config: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"title":"OS2skolekørsel","url":"https://x.github.io","baseurl":"/pf","lang":"da"}"#,
        )
        .unwrap();
        let mut includes = BTreeMap::new();
        includes.insert(
            "note.html".to_string(),
            "<aside>{{ include.content }}</aside>".to_string(),
        );
        let tz = TimeZone::get("Europe/Copenhagen").unwrap();
        let now: Zoned = "2026-06-04T10:00:00+02:00[Europe/Copenhagen]"
            .parse()
            .unwrap();
        Liquid::new(&config, includes, true, tz, now)
    }

    fn run(text: &str) -> (String, Vec<Diagnostic>) {
        let page: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(r#"{"title":"Roadmap","date":"19-08-2025","status":"Udkast"}"#)
                .unwrap();
        let mut d = Vec::new();
        let out = env().render(text, &page, FileId(0), 0, &mut d);
        (out, d)
    }

    #[test]
    fn jekyll_variables_and_filters() {
        let (out, d) = run(
            "{{ site.title }} – {{ page.title }} – {{ site.time | date: '%B %d, %Y' }} – {{ page.date | date: \"%-d. %B %Y\" }} – {{ '/docs/' | relative_url }}",
        );
        assert_eq!(
            out,
            "OS2skolekørsel – Roadmap – juni 04, 2026 – 19. august 2025 – /pf/docs/"
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn raw_include_and_conditions() {
        let (out, d) = run(
            "{% raw %}{{ page.title }}{% endraw %} {% include note.html content=\"Bemærk\" %}{% if page.status == \"Udkast\" %} UDKAST{% endif %}",
        );
        assert_eq!(out, "{{ page.title }} <aside>Bemærk</aside> UDKAST");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn unknown_things_are_reported_and_kept() {
        let text = "Titel: {{ page.title | slugify_da }} og {% highlight ruby %}x{% endhighlight %} {{ page.mangler }}.";
        let (out, d) = run(text);
        assert!(out.contains("{{ page.title | slugify_da }}"), "{out}");
        assert!(out.ends_with(" ."), "unknown variables render empty: {out}");
        let codes: Vec<&str> = d.iter().map(|d| d.code.as_ref()).collect();
        assert!(codes.contains(&"liquid::unknown-filter"), "{codes:?}");
        assert!(codes.contains(&"liquid::unknown-tag"), "{codes:?}");
        let f = d
            .iter()
            .find(|d| d.code == "liquid::unknown-filter")
            .unwrap();
        assert_eq!(
            &text[f.span.unwrap().range()],
            "{{ page.title | slugify_da }}"
        );
        assert!(f.help.iter().any(|h| h.contains("slugify")));
    }

    #[test]
    fn broken_liquid_keeps_the_text() {
        let (out, d) = run("{% if page.title %}ingen slutning");
        assert_eq!(out, "{% if page.title %}ingen slutning");
        assert_eq!(d[0].code, "liquid::syntax");
        let (out, d) = run("ingen liquid");
        assert_eq!(out, "ingen liquid");
        assert!(d.is_empty());
    }
}
