//! Liquid's loops, `for` and `tablerow`, written here so that every turn is counted, a
//! range is never copied into a list, and no count can overflow or divide by zero.

use super::run::{Frame, Place, budget};
use super::tags::{Ctx, guarded, write_str};
use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::{KString, Object, Scalar, Value, ValueCow, ValueView};
use liquid_core::parser::{
    BlockElement, BlockReflection, ParseBlock, TagBlock, TagTokenIter, TryMatchToken,
};
use liquid_core::runtime::{Interrupt, InterruptRegister};
use liquid_core::{Error, Expression, Language, Renderable, Result, Runtime, Template};
use std::io::Write;
use std::sync::Arc;

/// What a loop goes over.
#[derive(Debug)]
enum Source {
    Range(Expression, Expression),
    Items(Expression),
}

fn parse_source(arguments: &mut TagTokenIter<'_>) -> Result<Source> {
    let token = arguments.expect_next("a list or a range expected")?;
    Ok(match token.expect_value() {
        TryMatchToken::Matches(v) => Source::Items(v),
        TryMatchToken::Fails(t) => {
            let (a, b) = t.expect_range().into_result()?;
            Source::Range(a, b)
        }
    })
}

fn parse_attr(arguments: &mut TagTokenIter<'_>) -> Result<Expression> {
    arguments
        .expect_next("`:` expected")?
        .expect_str(":")
        .into_result_custom_msg("`:` expected")?;
    arguments
        .expect_next("a value expected")?
        .expect_value()
        .into_result()
}

fn whole_number(e: &Expression, runtime: &dyn Runtime, what: &str) -> Result<i64> {
    let v = e.evaluate(runtime)?;
    if v.is_nil() {
        return Ok(0);
    }
    v.as_scalar()
        .and_then(|s| s.to_integer().or_else(|| s.to_kstr().trim().parse().ok()))
        .ok_or_else(|| {
            Error::with_msg(format!(
                "{what} must be a whole number, not `{}`",
                super::lex::shown(&v.to_kstr())
            ))
        })
}

/// The items of a loop, sliced by `offset` and `limit`, without copying a range.
enum Items<'a> {
    Range(i64, u64),
    List(Vec<ValueCow<'a>>),
}

impl Items<'_> {
    fn len(&self) -> u64 {
        match self {
            Items::Range(_, n) => *n,
            Items::List(v) => v.len() as u64,
        }
    }

    fn get(&self, i: u64) -> Value {
        match self {
            Items::Range(start, _) => Value::scalar(start.saturating_add(i as i64)),
            Items::List(v) => v.get(i as usize).map_or(Value::Nil, |x| x.to_value()),
        }
    }
}

fn items<'a>(
    source: &'a Source,
    offset: Option<&Expression>,
    limit: Option<&Expression>,
    runtime: &'a dyn Runtime,
) -> Result<Items<'a>> {
    let offset = match offset {
        Some(e) => whole_number(e, runtime, "offset")?.max(0) as u64,
        None => 0,
    };
    let limit = match limit {
        Some(e) => Some(whole_number(e, runtime, "limit")?.max(0) as u64),
        None => None,
    };
    let slice = |len: u64| {
        let from = offset.min(len);
        let n = limit.map_or(len - from, |l| l.min(len - from));
        (from, n)
    };
    Ok(match source {
        Source::Range(a, b) => {
            let a = whole_number(a, runtime, "the start of a range")?;
            let b = whole_number(b, runtime, "the end of a range")?;
            let len = if b < a {
                0
            } else {
                (i128::from(b) - i128::from(a) + 1).min(i128::from(u64::MAX)) as u64
            };
            let (from, n) = slice(len);
            Items::Range(a.saturating_add(from.min(i64::MAX as u64) as i64), n)
        }
        Source::Items(e) => {
            let v = e.evaluate(runtime)?;
            let list: Vec<ValueCow<'a>> = match v {
                ValueCow::Borrowed(v) => borrowed_items(v),
                ValueCow::Owned(v) => owned_items(v),
            };
            let (from, n) = slice(list.len() as u64);
            Items::List(
                list.into_iter()
                    .skip(from as usize)
                    .take(n as usize)
                    .collect(),
            )
        }
    })
}

fn borrowed_items(v: &dyn ValueView) -> Vec<ValueCow<'_>> {
    if let Some(a) = v.as_array() {
        a.values().map(ValueCow::Borrowed).collect()
    } else if let Some(o) = v.as_object() {
        o.iter()
            .map(|(k, x)| {
                ValueCow::Owned(Value::Array(vec![
                    Value::scalar(k.into_owned()),
                    x.to_value(),
                ]))
            })
            .collect()
    } else if v.is_nil() || v.is_state() || v.to_kstr().is_empty() {
        Vec::new()
    } else {
        vec![ValueCow::Borrowed(v)]
    }
}

fn owned_items<'a>(v: Value) -> Vec<ValueCow<'a>> {
    match v {
        Value::Array(a) => a.into_iter().map(ValueCow::Owned).collect(),
        Value::Object(o) => o
            .into_iter()
            .map(|(k, x)| ValueCow::Owned(Value::Array(vec![Value::scalar(k), x])))
            .collect(),
        Value::Nil | Value::State(_) => Vec::new(),
        v if v.to_kstr().is_empty() => Vec::new(),
        v => vec![ValueCow::Owned(v)],
    }
}

/// `forloop` (or `tablerowloop`) for turn `i` of `n`.
fn loop_object(i: u64, n: u64) -> Object {
    let mut o = Object::new();
    let int = |x: u64| Value::scalar(x.min(i64::MAX as u64) as i64);
    o.insert("length".into(), int(n));
    o.insert("index".into(), int(i + 1));
    o.insert("index0".into(), int(i));
    o.insert("rindex".into(), int(n - i));
    o.insert("rindex0".into(), int(n - i - 1));
    o.insert("first".into(), Value::scalar(i == 0));
    o.insert("last".into(), Value::scalar(i + 1 == n));
    o
}

/// Parses a loop's body up to `{% else %}` (when `with_else`) and its end.
fn parse_body(
    tokens: &mut TagBlock<'_, '_>,
    options: &Language,
    with_else: bool,
) -> Result<(Template, Option<Template>)> {
    let mut body = Vec::new();
    let mut otherwise = None;
    while let Some(element) = tokens.next()? {
        match element {
            BlockElement::Tag(tag) if with_else && tag.name() == "else" => {
                let mut tag = tag;
                tag.tokens().expect_nothing()?;
                otherwise = Some(Template::new(tokens.parse_all(options)?));
                break;
            }
            element => body.push(element.parse(tokens, options)?),
        }
    }
    Ok((Template::new(body), otherwise))
}

#[derive(Clone)]
pub(super) struct ForBlock(pub Arc<Ctx>);

impl BlockReflection for ForBlock {
    fn start_tag(&self) -> &str {
        "for"
    }
    fn end_tag(&self) -> &str {
        "endfor"
    }
    fn description(&self) -> &str {
        "Repeats its body for each item."
    }
}

impl ParseBlock for ForBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.0.here();
        let var = arguments
            .expect_next("a name expected")?
            .expect_identifier()
            .into_result()?
            .to_string();
        arguments
            .expect_next("`in` expected")?
            .expect_str("in")
            .into_result_custom_msg("`in` expected")?;
        let source = parse_source(&mut arguments)?;
        let (mut limit, mut offset, mut reversed) = (None, None, false);
        while let Some(token) = arguments.next() {
            match token.as_str() {
                "limit" => limit = Some(parse_attr(&mut arguments)?),
                "offset" => offset = Some(parse_attr(&mut arguments)?),
                "reversed" => reversed = true,
                _ => {
                    return Err(
                        token.raise_custom_error("`limit`, `offset` or `reversed` expected")
                    );
                }
            }
        }
        let (body, otherwise) = parse_body(&mut tokens, options, true)?;
        tokens.assert_empty();
        Ok(Box::new(For {
            var: var.into(),
            source,
            limit,
            offset,
            reversed,
            body,
            otherwise,
            at,
            cost,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct For {
    var: KString,
    source: Source,
    limit: Option<Expression>,
    offset: Option<Expression>,
    reversed: bool,
    body: Template,
    otherwise: Option<Template>,
    at: Option<Place>,
    cost: u64,
}

impl Renderable for For {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, true, || {
            let items = items(
                &self.source,
                self.offset.as_ref(),
                self.limit.as_ref(),
                runtime,
            )?;
            let n = items.len();
            if n == 0 {
                if let Some(t) = &self.otherwise {
                    t.render_to(writer, runtime)?;
                }
                return Ok(());
            }
            let parent = runtime
                .try_get(&[Scalar::new("forloop")])
                .map(|v| v.into_owned());
            for turn in 0..n {
                budget(runtime).step(self.cost)?;
                let index = if self.reversed { n - 1 - turn } else { turn };
                let item = items.get(index);
                budget(runtime).read(&item);
                let mut forloop = loop_object(turn, n);
                if let Some(p) = &parent {
                    forloop.insert("parentloop".into(), p.clone());
                }
                let mut vars = Object::new();
                vars.insert("forloop".into(), Value::Object(forloop));
                vars.insert(self.var.clone(), item);
                let frame = Frame::new(runtime, vars);
                self.body.render_to(writer, &frame)?;
                let interrupt = runtime.registers().get_mut::<InterruptRegister>().reset();
                if interrupt == Some(Interrupt::Break) {
                    break;
                }
            }
            Ok(())
        })
    }
}

#[derive(Clone)]
pub(super) struct TableRowBlock(pub Arc<Ctx>);

impl BlockReflection for TableRowBlock {
    fn start_tag(&self) -> &str {
        "tablerow"
    }
    fn end_tag(&self) -> &str {
        "endtablerow"
    }
    fn description(&self) -> &str {
        "Writes a table row for each item."
    }
}

impl ParseBlock for TableRowBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.0.here();
        let var = arguments
            .expect_next("a name expected")?
            .expect_identifier()
            .into_result()?
            .to_string();
        arguments
            .expect_next("`in` expected")?
            .expect_str("in")
            .into_result_custom_msg("`in` expected")?;
        let source = parse_source(&mut arguments)?;
        let (mut cols, mut limit, mut offset) = (None, None, None);
        while let Some(token) = arguments.next() {
            match token.as_str() {
                "cols" => cols = Some(parse_attr(&mut arguments)?),
                "limit" => limit = Some(parse_attr(&mut arguments)?),
                "offset" => offset = Some(parse_attr(&mut arguments)?),
                _ => return Err(token.raise_custom_error("`cols`, `limit` or `offset` expected")),
            }
        }
        let (body, _) = parse_body(&mut tokens, options, false)?;
        tokens.assert_empty();
        Ok(Box::new(TableRow {
            var: var.into(),
            source,
            cols,
            limit,
            offset,
            body,
            at,
            cost,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct TableRow {
    var: KString,
    source: Source,
    cols: Option<Expression>,
    limit: Option<Expression>,
    offset: Option<Expression>,
    body: Template,
    at: Option<Place>,
    cost: u64,
}

impl Renderable for TableRow {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, true, || {
            let items = items(
                &self.source,
                self.offset.as_ref(),
                self.limit.as_ref(),
                runtime,
            )?;
            let cols = match &self.cols {
                Some(e) => whole_number(e, runtime, "cols")?.max(0) as u64,
                None => 0,
            };
            let n = items.len();
            // As Jekyll's Liquid writes it.
            write_str(writer, "<tr class=\"row1\">\n")?;
            let (mut col, mut row) = (1u64, 1u64);
            for turn in 0..n {
                budget(runtime).step(self.cost)?;
                let item = items.get(turn);
                budget(runtime).read(&item);
                let col_last = col == cols;
                let mut o = loop_object(turn, n);
                o.insert("col".into(), Value::scalar(col as i64));
                o.insert("col0".into(), Value::scalar(col as i64 - 1));
                o.insert("row".into(), Value::scalar(row as i64));
                o.insert("col_first".into(), Value::scalar(col == 1));
                o.insert("col_last".into(), Value::scalar(col_last));
                let mut vars = Object::new();
                vars.insert("tablerowloop".into(), Value::Object(o.clone()));
                vars.insert("tablerow".into(), Value::Object(o));
                vars.insert(self.var.clone(), item);
                write!(writer, "<td class=\"col{col}\">").replace("Failed to render")?;
                self.body.render_to(writer, &Frame::new(runtime, vars))?;
                write_str(writer, "</td>")?;
                if col_last && turn + 1 < n {
                    write!(writer, "</tr>\n<tr class=\"row{}\">", row + 1)
                        .replace("Failed to render")?;
                }
                if col_last {
                    col = 1;
                    row += 1;
                } else {
                    col += 1;
                }
                let interrupt = runtime.registers().get_mut::<InterruptRegister>().reset();
                if interrupt == Some(Interrupt::Break) {
                    break;
                }
            }
            write_str(writer, "</tr>\n")
        })
    }
}
