//! Filters: liquid's own, Jekyll's, a `date` with Danish names, and arithmetic, `slice`
//! and `uniq` written here so that no number or list can make them panic or take
//! quadratic time.

use crate::dates;
use jiff::Zoned;
use jiff::tz::TimeZone;
use liquid_core::parser::{FilterArguments, ParseFilter};
use liquid_core::{
    Error, Expression, Filter, FilterParameters, FilterReflection, Result, Runtime, Value,
    ValueView,
};

/// Where `markdownify` finds its renderer, once the caller sets it.
pub(super) type MarkdownSlot = std::sync::Arc<std::sync::OnceLock<fn(&str) -> String>>;

/// Everything the filters need to know about the site.
#[derive(Debug, Clone)]
pub(super) struct SiteInfo {
    pub danish: bool,
    pub tz: TimeZone,
    pub now: Zoned,
    pub url: String,
    pub baseurl: String,
    /// Markdown to HTML for `markdownify`, once the caller gives it (page bodies are
    /// Markdown themselves, so there the text stays as it is).
    pub markdown: MarkdownSlot,
}

/// Every filter a page can use.
pub(super) fn all(info: &SiteInfo) -> Vec<Box<dyn ParseFilter>> {
    use liquid_lib::{jekyll, stdlib};
    let mut v: Vec<Box<dyn ParseFilter>> = vec![
        stdlib::Append.into(),
        stdlib::AtLeast.into(),
        stdlib::AtMost.into(),
        stdlib::Capitalize.into(),
        stdlib::Ceil.into(),
        stdlib::Compact.into(),
        stdlib::Concat.into(),
        stdlib::Default.into(),
        stdlib::Downcase.into(),
        stdlib::Escape.into(),
        stdlib::EscapeOnce.into(),
        stdlib::First.into(),
        stdlib::Floor.into(),
        stdlib::Join.into(),
        stdlib::Last.into(),
        stdlib::Lstrip.into(),
        stdlib::Map.into(),
        stdlib::NewlineToBr.into(),
        stdlib::Prepend.into(),
        stdlib::Remove.into(),
        stdlib::RemoveFirst.into(),
        stdlib::Replace.into(),
        stdlib::ReplaceFirst.into(),
        stdlib::Reverse.into(),
        stdlib::Round.into(),
        stdlib::Rstrip.into(),
        stdlib::Size.into(),
        stdlib::SortNatural.into(),
        stdlib::Split.into(),
        stdlib::Strip.into(),
        stdlib::StripHtml.into(),
        stdlib::StripNewlines.into(),
        stdlib::Truncate.into(),
        stdlib::TruncateWords.into(),
        stdlib::Upcase.into(),
        stdlib::UrlDecode.into(),
        stdlib::UrlEncode.into(),
        stdlib::Where.into(),
        jekyll::Slugify.into(),
        jekyll::Push.into(),
        jekyll::Pop.into(),
        jekyll::Shift.into(),
        jekyll::Unshift.into(),
        jekyll::ArrayToSentenceString.into(),
        DateF(info.clone(), DateKind::Strftime).into(),
        DateF(info.clone(), DateKind::ToString).into(),
        DateF(info.clone(), DateKind::ToLongString).into(),
        DateF(info.clone(), DateKind::XmlSchema).into(),
        UrlF(info.clone(), true).into(),
        UrlF(info.clone(), false).into(),
        SliceF.into(),
        UniqF.into(),
    ];
    v.extend(super::arrays::all());
    for kind in [
        TextKind::XmlEscape,
        TextKind::Markdownify(info.markdown.clone()),
        TextKind::Identity("smartify"),
        TextKind::NormalizeWhitespace,
        TextKind::NumberOfWords,
        TextKind::Jsonify,
        TextKind::UriEscape,
    ] {
        v.push(TextF(kind).into());
    }
    for op in [
        Op::Abs,
        Op::Plus,
        Op::Minus,
        Op::Times,
        Op::DividedBy,
        Op::Modulo,
    ] {
        v.push(MathF(op).into());
    }
    v
}

fn no_arguments(mut args: FilterArguments<'_>, name: &str) -> Result<()> {
    if args.positional.next().is_some() || args.keyword.next().is_some() {
        return Err(Error::with_msg(format!("`{name}` takes no arguments")));
    }
    Ok(())
}

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

#[derive(Debug, Clone)]
enum TextKind {
    XmlEscape,
    Markdownify(MarkdownSlot),
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
            TextKind::Markdownify(_) => "markdownify",
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
        Ok(Box::new(TextFilter(self.0.clone())))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct TextFilter(TextKind);

impl std::fmt::Display for TextFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(TextF(self.0.clone()).name())
    }
}

impl Filter for TextFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> liquid_core::Result<Value> {
        let s = input.to_kstr().to_string();
        Ok(match &self.0 {
            TextKind::Markdownify(md) => match md.get() {
                Some(f) => {
                    super::run::budget(runtime).charge(s.len() as u64 * 4)?;
                    Value::scalar(f(&s))
                }
                None => input.to_value(),
            },
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
            TextKind::Jsonify => {
                Value::scalar(serde_json::to_string(&input.to_value()).unwrap_or_default())
            }
            TextKind::UriEscape => Value::scalar(crate::url::escape_path(&s)),
        })
    }
}

// ---- arithmetic ----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Abs,
    Plus,
    Minus,
    Times,
    DividedBy,
    Modulo,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Abs => "abs",
            Op::Plus => "plus",
            Op::Minus => "minus",
            Op::Times => "times",
            Op::DividedBy => "divided_by",
            Op::Modulo => "modulo",
        }
    }
}

#[derive(Debug, FilterParameters)]
struct OperandArgs {
    #[parameter(description = "The other number.")]
    operand: Expression,
}

#[derive(Clone, Debug)]
struct MathF(Op);

reflect!(MathF, self => self.0.name(), "Arithmetic as Jekyll does it, without overflow.");

impl ParseFilter for MathF {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        let args = if self.0 == Op::Abs {
            no_arguments(arguments, "abs")?;
            None
        } else {
            Some(OperandArgs::from_args(arguments)?)
        };
        Ok(Box::new(MathFilter { op: self.0, args }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct MathFilter {
    op: Op,
    args: Option<OperandArgs>,
}

impl std::fmt::Display for MathFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.op.name())
    }
}

#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn float(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    fn is_zero(self) -> bool {
        self.float() == 0.0
    }

    fn value(self) -> Value {
        match self {
            Num::Int(i) => Value::scalar(i),
            Num::Float(f) => Value::scalar(f),
        }
    }
}

/// A value as a number the way Jekyll's Liquid reads it: `"3.5"` is 3.5, `"12abc"` is 12,
/// and anything else is 0.
fn number(v: &dyn ValueView) -> Num {
    let Some(s) = v.as_scalar() else {
        return Num::Int(0);
    };
    if let Some(i) = s.to_integer() {
        return Num::Int(i);
    }
    if let Some(f) = s.to_float() {
        return Num::Float(f);
    }
    let text = s.to_kstr();
    let t = text.trim();
    let sign = usize::from(t.starts_with('-') || t.starts_with('+'));
    let digits = t[sign..].bytes().take_while(u8::is_ascii_digit).count();
    let whole = &t[..sign + digits];
    let rest = &t[sign + digits..];
    if digits > 0
        && let Some(frac) = rest.strip_prefix('.')
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Num::Float(t.parse().unwrap_or(0.0));
    }
    if digits == 0 {
        return Num::Int(0);
    }
    whole
        .parse::<i64>()
        .map(Num::Int)
        .unwrap_or_else(|_| Num::Float(whole.parse().unwrap_or(0.0)))
}

fn too_large(op: Op) -> Error {
    Error::with_msg(format!("the result of `{}` is too large", op.name()))
}

impl Filter for MathFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let a = number(input);
        let b = match &self.args {
            Some(args) => number(args.evaluate(runtime)?.operand.as_view()),
            None => Num::Int(0),
        };
        let op = self.op;
        if matches!(op, Op::DividedBy | Op::Modulo) && b.is_zero() {
            return Err(Error::with_msg("cannot divide by zero"));
        }
        let out = match (op, a, b) {
            (Op::Abs, Num::Int(i), _) => i
                .checked_abs()
                .map_or(Num::Float((i as f64).abs()), Num::Int),
            (Op::Abs, Num::Float(f), _) => Num::Float(f.abs()),
            (_, Num::Int(x), Num::Int(y)) => Num::Int(
                match op {
                    Op::Plus => x.checked_add(y),
                    Op::Minus => x.checked_sub(y),
                    Op::Times => x.checked_mul(y),
                    // Floored, as in Ruby.
                    Op::DividedBy => x.checked_div(y).and_then(|q| {
                        (x % y != 0 && (x < 0) != (y < 0))
                            .then(|| q - 1)
                            .or(Some(q))
                    }),
                    Op::Modulo => x.checked_rem(y).map(|r| {
                        if r != 0 && (r < 0) != (y < 0) {
                            r + y
                        } else {
                            r
                        }
                    }),
                    Op::Abs => None,
                }
                .ok_or_else(|| too_large(op))?,
            ),
            (_, x, y) => {
                let (x, y) = (x.float(), y.float());
                Num::Float(match op {
                    Op::Plus => x + y,
                    Op::Minus => x - y,
                    Op::Times => x * y,
                    Op::DividedBy => x / y,
                    _ => x - y * (x / y).floor(),
                })
            }
        };
        Ok(out.value())
    }
}

// ---- slice and uniq ------------------------------------------------------------------

#[derive(Debug, FilterParameters)]
struct SliceArgs {
    #[parameter(
        description = "Where the slice starts; negative counts from the end.",
        arg_type = "integer"
    )]
    offset: Expression,
    #[parameter(
        description = "How many characters or items it has.",
        arg_type = "integer"
    )]
    length: Option<Expression>,
}

#[derive(Clone, Debug)]
struct SliceF;

reflect!(SliceF, self => "slice", "A part of a text or a list, as in Jekyll.");

impl ParseFilter for SliceF {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        Ok(Box::new(SliceFilter(SliceArgs::from_args(arguments)?)))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct SliceFilter(SliceArgs);

impl std::fmt::Display for SliceFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("slice")
    }
}

/// Start and length of `offset`, `length` in something `len` long, or `None` (nil).
fn slice_range(offset: i64, length: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i128;
    let start = if offset < 0 {
        len + i128::from(offset)
    } else {
        i128::from(offset)
    };
    if start < 0 || start > len || length < 0 {
        return None;
    }
    let n = i128::from(length).min(len - start);
    Some((start as usize, n as usize))
}

impl Filter for SliceFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = self.0.evaluate(runtime)?;
        let length = args.length.unwrap_or(1);
        if let Some(a) = input.as_array() {
            let len = a.values().count();
            return Ok(match slice_range(args.offset, length, len) {
                Some((start, n)) => Value::Array(
                    a.values()
                        .skip(start)
                        .take(n)
                        .map(|v| v.to_value())
                        .collect(),
                ),
                None => Value::Nil,
            });
        }
        let text = input.to_kstr();
        let len = text.chars().count();
        Ok(match slice_range(args.offset, length, len) {
            Some((start, n)) => Value::scalar(text.chars().skip(start).take(n).collect::<String>()),
            None => Value::Nil,
        })
    }
}

#[derive(Clone, Debug)]
struct UniqF;

reflect!(UniqF, self => "uniq", "A list without repeated items.");

impl ParseFilter for UniqF {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        no_arguments(arguments, "uniq")?;
        Ok(Box::new(UniqFilter))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct UniqFilter;

impl std::fmt::Display for UniqFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("uniq")
    }
}

impl Filter for UniqFilter {
    fn evaluate(&self, input: &dyn ValueView, _: &dyn Runtime) -> Result<Value> {
        let Some(a) = input.as_array() else {
            return Ok(input.to_value());
        };
        let mut seen = std::collections::HashSet::new();
        Ok(Value::Array(
            a.values()
                .filter(|v| seen.insert((v.type_name(), v.source().to_string())))
                .map(|v| v.to_value())
                .collect(),
        ))
    }
}
