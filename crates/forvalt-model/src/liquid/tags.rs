//! The tags and blocks forvalt gives liquid: its own `for`, `tablerow`, `include`,
//! `capture` and `ifchanged`, which count what they do, the text and output elements the
//! lexer puts in place of plain text and `{{ … }}`, and wrappers that make liquid's own
//! tags and filters pay into the budget and say where they are.

use super::run::{Frame, Origin, Place, Sink, budget};
use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::{KString, Object, Value, ValueView};
use liquid_core::parser::{
    BlockReflection, FilterArguments, FilterChain, FilterReflection, ParseBlock, ParseFilter,
    ParseTag, TagBlock, TagReflection, TagTokenIter, TryMatchToken,
};
use liquid_core::{Error, Expression, Filter, Language, Renderable, Result, Runtime, Template};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the tags of one parse share: where each element is, and the plain text.
#[derive(Debug)]
pub(super) struct Ctx {
    pub origin: Origin,
    /// The text placeholder parsed last.
    last: AtomicUsize,
    /// The element after each text placeholder.
    pub after: Vec<Option<usize>>,
    /// The cost of running each element once (its length).
    pub costs: Vec<u64>,
    pub segments: Vec<String>,
}

impl Ctx {
    pub(super) fn new(
        origin: Origin,
        after: Vec<Option<usize>>,
        costs: Vec<u64>,
        segments: Vec<String>,
    ) -> Ctx {
        Ctx {
            origin,
            last: AtomicUsize::new(usize::MAX),
            after,
            costs,
            segments,
        }
    }

    /// The element being parsed now, and its cost.
    pub(super) fn here(&self) -> (Option<Place>, u64) {
        let last = self.last.load(Ordering::Relaxed);
        let elem = self.after.get(last).copied().flatten();
        let cost = elem.and_then(|e| self.costs.get(e)).copied().unwrap_or(16);
        (
            elem.map(|elem| Place {
                origin: self.origin,
                elem,
            }),
            cost,
        )
    }

    /// The element whose parse failed.
    pub(super) fn failed(&self) -> Option<usize> {
        self.here().0.map(|p| p.elem)
    }
}

/// Runs `body` as one step of the element at `at`, one level deeper if `nest`; a failure
/// is noted with the place.
pub(super) fn guarded(
    rt: &dyn Runtime,
    at: Option<Place>,
    cost: u64,
    nest: bool,
    body: impl FnOnce() -> Result<()>,
) -> Result<()> {
    let begin = budget(rt).step(cost);
    let begin = begin.and_then(|()| if nest { budget(rt).enter() } else { Ok(()) });
    let r = begin.and_then(|()| {
        let r = body();
        if nest {
            budget(rt).leave();
        }
        r
    });
    if r.is_err()
        && let Some(at) = at
    {
        budget(rt).failed(at);
    }
    r
}

pub(super) fn write_str(w: &mut dyn Write, s: &str) -> Result<()> {
    w.write_all(s.as_bytes()).replace("Failed to render")
}

// ---- wrappers around liquid's own tags and filters -----------------------------------

#[derive(Clone)]
pub(super) struct MeteredTag {
    pub inner: Box<dyn ParseTag>,
    pub ctx: Arc<Ctx>,
}

impl ParseTag for MeteredTag {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.ctx.here();
        let inner = self.inner.parse(arguments, options)?;
        Ok(Box::new(Counted {
            inner,
            at,
            cost,
            nest: false,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self.inner.reflection()
    }
}

#[derive(Clone)]
pub(super) struct MeteredBlock {
    pub inner: Box<dyn ParseBlock>,
    pub ctx: Arc<Ctx>,
}

impl ParseBlock for MeteredBlock {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        block: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.ctx.here();
        let inner = self.inner.parse(arguments, block, options)?;
        Ok(Box::new(Counted {
            inner,
            at,
            cost,
            nest: true,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self.inner.reflection()
    }
}

#[derive(Debug)]
struct Counted {
    inner: Box<dyn Renderable>,
    at: Option<Place>,
    cost: u64,
    nest: bool,
}

impl Renderable for Counted {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, self.nest, || {
            self.inner.render_to(writer, runtime)
        })
    }
}

#[derive(Clone)]
pub(super) struct MeteredFilterParse {
    pub inner: Box<dyn ParseFilter>,
    pub ctx: Arc<Ctx>,
}

impl ParseFilter for MeteredFilterParse {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        let (at, cost) = self.ctx.here();
        let inner = self.inner.parse(arguments)?;
        Ok(Box::new(MeteredFilter { inner, at, cost }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self.inner.reflection()
    }
}

#[derive(Debug)]
struct MeteredFilter {
    inner: Box<dyn Filter>,
    at: Option<Place>,
    cost: u64,
}

impl std::fmt::Display for MeteredFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl Filter for MeteredFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let r = budget(runtime).step(self.cost);
        let r = r.and_then(|()| {
            budget(runtime).read(input);
            let out = self.inner.evaluate(input, runtime)?;
            budget(runtime).made(&out)?;
            Ok(out)
        });
        if r.is_err()
            && let Some(at) = self.at
        {
            budget(runtime).failed(at);
        }
        r
    }
}

// ---- text and output -----------------------------------------------------------------

/// `{%_t N%}`: plain text number N of the page.
#[derive(Clone)]
pub(super) struct TextTag(pub Arc<Ctx>);

impl TagReflection for TextTag {
    fn tag(&self) -> &str {
        "_t"
    }
    fn description(&self) -> &str {
        "Plain text."
    }
}

impl ParseTag for TextTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let n: usize = arguments
            .expect_next("text number")?
            .as_str()
            .parse()
            .map_err(|_| Error::with_msg("text number expected"))?;
        self.0.last.store(n, Ordering::Relaxed);
        let text = self.0.segments.get(n).cloned().unwrap_or_default();
        Ok(Box::new(Text(text)))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Text(String);

impl Renderable for Text {
    fn render_to(&self, writer: &mut dyn Write, _: &dyn Runtime) -> Result<()> {
        write_str(writer, &self.0)
    }
}

/// `{%_o x | f %}`: what the page writes as `{{ x | f }}`.
#[derive(Clone)]
pub(super) struct OutputTag(pub Arc<Ctx>);

impl TagReflection for OutputTag {
    fn tag(&self) -> &str {
        "_o"
    }
    fn description(&self) -> &str {
        "An output."
    }
}

impl ParseTag for OutputTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.0.here();
        let token = arguments.expect_next("a value")?;
        let chain = match token.expect_filter_chain(options) {
            TryMatchToken::Matches(c) => c,
            TryMatchToken::Fails(t) => {
                // Parse it again as an output to learn what is wrong with it.
                let again = format!("{{{{ {} }}}}", t.as_str());
                return Err(match liquid_core::parser::parse(&again, options) {
                    Err(e) => e,
                    Ok(_) => t.raise_error(),
                });
            }
        };
        arguments.expect_nothing()?;
        Ok(Box::new(Output { chain, at, cost }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Output {
    chain: FilterChain,
    at: Option<Place>,
    cost: u64,
}

impl Renderable for Output {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, false, || {
            let value = self.chain.evaluate(runtime)?;
            write!(writer, "{}", value.render()).replace("Failed to render")
        })
    }
}

// ---- include -------------------------------------------------------------------------

/// `{% include name.html key=value %}`, and `{%_incv expr … %}` for Jekyll's
/// `{% include {{ expr }} … %}`; `{% include_cached … %}` (jekyll-include-cache, which
/// just-the-docs sites use) is the same include.
#[derive(Clone)]
pub(super) struct IncludeTag {
    pub ctx: Arc<Ctx>,
    pub dynamic: bool,
    pub cached: bool,
}

impl TagReflection for IncludeTag {
    fn tag(&self) -> &str {
        match (self.dynamic, self.cached) {
            (true, _) => "_incv",
            (false, true) => "include_cached",
            (false, false) => "include",
        }
    }
    fn description(&self) -> &str {
        "Includes a file from `_includes`."
    }
}

#[derive(Debug)]
enum IncludeName {
    Fixed(String),
    Computed(Expression),
}

impl ParseTag for IncludeTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.ctx.here();
        let token = arguments.expect_next("the name of a file in `_includes`")?;
        let name = if self.dynamic {
            IncludeName::Computed(token.expect_value().into_result()?)
        } else {
            match token.expect_literal() {
                TryMatchToken::Matches(v) => IncludeName::Fixed(v.to_kstr().to_string()),
                TryMatchToken::Fails(t) => IncludeName::Fixed(t.as_str().to_string()),
            }
        };
        let mut params = Vec::new();
        while let Some(next) = arguments.next() {
            let id = next.expect_identifier().into_result()?.to_string();
            arguments
                .expect_next("`=` expected")?
                .expect_str("=")
                .into_result_custom_msg("`=` expected")?;
            let value = arguments
                .expect_next("a value expected")?
                .expect_value()
                .into_result()?;
            params.push((KString::from(id), value));
        }
        Ok(Box::new(Include {
            name,
            params,
            at,
            cost,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Include {
    name: IncludeName,
    params: Vec<(KString, Expression)>,
    at: Option<Place>,
    cost: u64,
}

impl Renderable for Include {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, false, || {
            let name = match &self.name {
                IncludeName::Fixed(n) => n.clone(),
                IncludeName::Computed(e) => e.evaluate(runtime)?.to_kstr().trim().to_string(),
            };
            let store = runtime.partials();
            if !store.contains(&name) {
                return Err(Error::with_msg(format!(
                    "there is no file `_includes/{name}`"
                )));
            }
            let partial = match store.get(&name) {
                Ok(p) => p,
                Err(e) => {
                    let mut b = budget(runtime);
                    return Err(b.include_broken(format!(
                        "`_includes/{name}` {}",
                        e.to_string().trim_start_matches("liquid: ").trim_end()
                    )));
                }
            };
            let mut vars = Object::new();
            if !self.params.is_empty() {
                let mut p = Object::new();
                for (k, e) in &self.params {
                    p.insert(k.clone(), e.evaluate(runtime)?.into_owned());
                }
                vars.insert("include".into(), Value::Object(p));
            }
            {
                let mut b = budget(runtime);
                if !b.used.iter().any(|(n, _)| *n == name) {
                    let page_at = self.at.filter(|p| p.origin == Origin::Page).map(|p| p.elem);
                    b.used.push((name.clone(), page_at));
                }
                b.includes.push(name);
            }
            let entered = budget(runtime).enter();
            let r = entered.and_then(|()| {
                let frame = Frame::new(runtime, vars);
                partial.render_to(writer, &frame)
            });
            let mut b = budget(runtime);
            b.leave();
            b.includes.pop();
            r
        })
    }
}

// ---- capture and ifchanged -----------------------------------------------------------

#[derive(Clone)]
pub(super) struct CaptureBlock(pub Arc<Ctx>);

impl BlockReflection for CaptureBlock {
    fn start_tag(&self) -> &str {
        "capture"
    }
    fn end_tag(&self) -> &str {
        "endcapture"
    }
    fn description(&self) -> &str {
        "Keeps its rendered body in a variable."
    }
}

impl ParseBlock for CaptureBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.0.here();
        let token = arguments.expect_next("a name expected")?;
        let name = match token.expect_literal() {
            TryMatchToken::Matches(v) => v.to_kstr().to_string(),
            TryMatchToken::Fails(t) => t.expect_identifier().into_result()?.to_string(),
        };
        arguments.expect_nothing()?;
        let body = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(Capture {
            name: name.into(),
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
struct Capture {
    name: KString,
    body: Template,
    at: Option<Place>,
    cost: u64,
}

impl Renderable for Capture {
    fn render_to(&self, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, true, || {
            let mut sink = Sink::new(runtime.registers(), false);
            self.body.render_to(&mut sink, runtime)?;
            runtime.set_global(self.name.clone(), Value::scalar(sink.into_string()));
            budget(runtime).check()
        })
    }
}

#[derive(Clone)]
pub(super) struct IfChangedBlock(pub Arc<Ctx>);

impl BlockReflection for IfChangedBlock {
    fn start_tag(&self) -> &str {
        "ifchanged"
    }
    fn end_tag(&self) -> &str {
        "endifchanged"
    }
    fn description(&self) -> &str {
        "Writes its body when it differs from the last time."
    }
}

impl ParseBlock for IfChangedBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.0.here();
        arguments.expect_nothing()?;
        let body = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(IfChanged { body, at, cost }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct IfChanged {
    body: Template,
    at: Option<Place>,
    cost: u64,
}

/// What the last `ifchanged` wrote.
#[derive(Default)]
struct LastChanged(Option<String>);

impl Renderable for IfChanged {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, true, || {
            let mut sink = Sink::new(runtime.registers(), false);
            self.body.render_to(&mut sink, runtime)?;
            let text = sink.into_string();
            let changed = {
                let mut last = runtime.registers().get_mut::<LastChanged>();
                let changed = last.0.as_deref() != Some(text.as_str());
                if changed {
                    last.0 = Some(text.clone());
                }
                changed
            };
            if changed {
                write_str(writer, &text)?;
            }
            Ok(())
        })
    }
}

// ---- cycle ---------------------------------------------------------------------------

/// `{% cycle "a", "b" %}` and `{% cycle group: "a", "b" %}`.
#[derive(Clone)]
pub(super) struct CycleTag(pub Arc<Ctx>);

impl TagReflection for CycleTag {
    fn tag(&self) -> &str {
        "cycle"
    }
    fn description(&self) -> &str {
        "Writes its values in turn."
    }
}

impl ParseTag for CycleTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let (at, cost) = self.0.here();
        let value = |arguments: &mut TagTokenIter<'_>| {
            arguments
                .expect_next("a value expected")?
                .expect_value()
                .into_result()
        };
        let mut first = value(&mut arguments)?;
        let mut group = None;
        let mut next = arguments.next();
        if next.as_ref().is_some_and(|t| t.as_str() == ":") {
            group = Some(first);
            first = value(&mut arguments)?;
            next = arguments.next();
        }
        let mut values = vec![first];
        while let Some(t) = next {
            t.expect_str(",")
                .into_result_custom_msg("`,` expected between values")?;
            values.push(value(&mut arguments)?);
            next = arguments.next();
        }
        let name = values_as_written(&values);
        Ok(Box::new(Cycle {
            group,
            name,
            values,
            at,
            cost,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

fn values_as_written(values: &[Expression]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[derive(Debug)]
struct Cycle {
    group: Option<Expression>,
    /// The key of a cycle without a group: its values as written.
    name: String,
    values: Vec<Expression>,
    at: Option<Place>,
    cost: u64,
}

/// How far each cycle has come.
#[derive(Default)]
struct Cycles(std::collections::HashMap<String, usize>);

impl Renderable for Cycle {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        guarded(runtime, self.at, self.cost, false, || {
            let key = match &self.group {
                Some(g) => g.evaluate(runtime)?.to_kstr().to_string(),
                None => self.name.clone(),
            };
            let turn = {
                let mut cycles = runtime.registers().get_mut::<Cycles>();
                let n = cycles.0.entry(key).or_insert(0);
                let turn = *n % self.values.len();
                *n = turn + 1;
                turn
            };
            let value = self.values[turn].evaluate(runtime)?;
            write!(writer, "{}", value.render()).replace("Failed to render")
        })
    }
}
