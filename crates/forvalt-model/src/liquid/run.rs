//! The state of one render: variables the way Jekyll looks them up (anything unknown is
//! nil), and a budget that every loop turn, tag, filter, include, lookup and write pays
//! into, so that no page can run for long, nest deeply or grow without bound.

use liquid_core::model::{KString, KStringRef, Object, ScalarCow, Value, ValueCow, ValueView};
use liquid_core::runtime::{PartialStore, Registers};
use liquid_core::{Error, Result, Runtime};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::Write;

/// How much one page's Liquid may do. Every count is deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Loop turns, tags, outputs, filters and includes run.
    pub steps: u64,
    /// Bytes of values read, built and written, all counted together.
    pub work: u64,
    /// Bytes of output of the page.
    pub output: u64,
    /// Bytes in one value a filter, `assign` or `capture` makes.
    pub value: u64,
    /// Blocks and includes inside one another, and levels inside one value (as in
    /// Jekyll, whose Liquid stops at 100).
    pub depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps: 1_000_000,
            work: 256 << 20,
            output: 10 << 20,
            value: 10 << 20,
            depth: 100,
        }
    }
}

/// Which text an element is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    Page,
    Include(usize),
}

/// An element of a text: its origin and its number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    pub origin: Origin,
    pub elem: usize,
}

/// Why a render stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stop {
    Steps,
    Work,
    Output,
    Value,
    ValueDepth,
    /// Blocks and includes nest too deeply; the includes open at that moment.
    Nesting(Vec<String>),
    /// An included file cannot be parsed.
    IncludeSyntax(String),
}

/// The budget of one render, kept in the runtime's registers.
#[derive(Debug, Default)]
pub(super) struct Budget {
    pub limits: Limits,
    steps: u64,
    work: u64,
    output: u64,
    depth: usize,
    /// Names of the includes being rendered, outermost first.
    pub includes: Vec<String>,
    pub stop: Option<Stop>,
    /// The innermost page element that failed, and the innermost element anywhere.
    pub page_at: Option<usize>,
    pub inner_at: Option<Place>,
    /// Includes used, with the page element that first used each.
    pub used: Vec<(String, Option<usize>)>,
    /// The weights of the values of `site`, measured once (by address).
    pub known: Option<std::sync::Arc<std::collections::HashMap<usize, u64>>>,
}

/// The address of a value, to find it among [`Budget::known`].
pub(super) fn address(v: &dyn ValueView) -> usize {
    (v as *const dyn ValueView).cast::<()>() as usize
}

fn stopped() -> Error {
    Error::with_msg("forvalt stopped this render")
}

impl Budget {
    pub(super) fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            ..Budget::default()
        }
    }

    fn halt(&mut self, why: Stop) -> Error {
        if self.stop.is_none() {
            self.stop = Some(why);
        }
        stopped()
    }

    /// Pays for one step costing `bytes` of work.
    pub(super) fn step(&mut self, bytes: u64) -> Result<()> {
        if self.stop.is_some() {
            return Err(stopped());
        }
        self.steps += 1;
        if self.steps > self.limits.steps {
            return Err(self.halt(Stop::Steps));
        }
        self.charge(bytes)
    }

    /// Pays for `bytes` of work.
    pub(super) fn charge(&mut self, bytes: u64) -> Result<()> {
        if self.stop.is_some() {
            return Err(stopped());
        }
        self.work = self.work.saturating_add(bytes);
        if self.work > self.limits.work {
            return Err(self.halt(Stop::Work));
        }
        Ok(())
    }

    /// Pays for a value just made; it must fit the limits for one value.
    pub(super) fn made(&mut self, v: &dyn ValueView) -> Result<()> {
        let cap = self
            .limits
            .value
            .min(self.limits.work - self.work.min(self.limits.work));
        let (weight, depth) = measure(v, cap.saturating_add(1), self.limits.depth);
        if depth > self.limits.depth {
            return Err(self.halt(Stop::ValueDepth));
        }
        if weight > self.limits.value {
            return Err(self.halt(Stop::Value));
        }
        self.charge(weight)
    }

    /// Pays for reading a value.
    pub(super) fn read(&mut self, v: &dyn ValueView) {
        if let Some(&w) = self.known.as_ref().and_then(|k| k.get(&address(v))) {
            let _ = self.charge(w);
            return;
        }
        let cap = self.limits.work - self.work.min(self.limits.work);
        let (weight, _) = measure(v, cap.saturating_add(1), usize::MAX);
        let _ = self.charge(weight);
    }

    /// Pays for writing `bytes`, counted as output too when `top`.
    fn write(&mut self, bytes: u64, top: bool) -> Result<()> {
        self.charge(bytes)?;
        if top {
            self.output += bytes;
            if self.output > self.limits.output {
                return Err(self.halt(Stop::Output));
            }
        }
        Ok(())
    }

    /// Fails if the render has stopped.
    pub(super) fn check(&self) -> Result<()> {
        match self.stop {
            Some(_) => Err(stopped()),
            None => Ok(()),
        }
    }

    /// Stops the render because an included file cannot be parsed.
    pub(super) fn include_broken(&mut self, message: String) -> Error {
        self.halt(Stop::IncludeSyntax(message))
    }

    /// Goes one level deeper.
    pub(super) fn enter(&mut self) -> Result<()> {
        if self.stop.is_some() {
            return Err(stopped());
        }
        self.depth += 1;
        if self.depth > self.limits.depth {
            let chain = self.includes.clone();
            return Err(self.halt(Stop::Nesting(chain)));
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Notes that the element at `place` failed.
    pub(super) fn failed(&mut self, place: Place) {
        if self.inner_at.is_none() {
            self.inner_at = Some(place);
        }
        if place.origin == Origin::Page && self.page_at.is_none() {
            self.page_at = Some(place.elem);
        }
    }
}

/// The budget of the render `rt` belongs to.
pub(super) fn budget(rt: &dyn Runtime) -> std::cell::RefMut<'_, Budget> {
    rt.registers().get_mut::<Budget>()
}

/// Weight (bytes, approximately what it holds in memory) and depth of a value, measured
/// without recursion; stops counting once the weight passes `cap` or the depth `max_depth`.
pub(super) fn measure(v: &dyn ValueView, cap: u64, max_depth: usize) -> (u64, usize) {
    let mut weight = 0u64;
    let mut deepest = 0usize;
    let mut stack: Vec<(&dyn ValueView, usize)> = vec![(v, 1)];
    while let Some((v, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        weight += 16;
        if weight > cap || deepest > max_depth {
            break;
        }
        if let Some(a) = v.as_array() {
            stack.extend(a.values().map(|x| (x, depth + 1)));
        } else if let Some(o) = v.as_object() {
            for (k, x) in o.iter() {
                weight += k.len() as u64;
                stack.push((x, depth + 1));
            }
        } else if let Some(s) = v.as_scalar() {
            weight += s.to_kstr().len() as u64;
        }
    }
    (weight, deepest)
}

/// One step of a lookup: `a[0]`, `a.first`, `a.size`, `o.key`, `o.size`, `s.size`.
fn child<'o>(value: &'o dyn ValueView, index: &ScalarCow<'_>) -> Option<ValueCow<'o>> {
    if let Some(arr) = value.as_array() {
        if let Some(i) = index.to_integer() {
            arr.get(i).map(ValueCow::Borrowed)
        } else {
            match index.to_kstr().as_str() {
                "first" => arr.first().map(ValueCow::Borrowed),
                "last" => arr.last().map(ValueCow::Borrowed),
                "size" => Some(ValueCow::Owned(Value::scalar(arr.size()))),
                _ => None,
            }
        }
    } else if let Some(obj) = value.as_object() {
        let key = index.to_kstr();
        obj.get(key.as_str()).map(ValueCow::Borrowed).or_else(|| {
            (key.as_str() == "size").then(|| ValueCow::Owned(Value::scalar(obj.size())))
        })
    } else if let Some(s) = value.as_scalar() {
        (index.to_kstr().as_str() == "size")
            .then(|| ValueCow::Owned(Value::scalar(s.to_kstr().len() as i64)))
    } else {
        None
    }
}

/// Follows `path` from `value` without recursion (paths can be as long as a page).
pub(super) fn lookup<'o>(value: &'o dyn ValueView, path: &[ScalarCow<'_>]) -> Option<ValueCow<'o>> {
    let mut cur = ValueCow::Borrowed(value);
    for index in path {
        cur = match cur {
            ValueCow::Borrowed(v) => child(v, index)?,
            ValueCow::Owned(v) => ValueCow::Owned(child(&v, index)?.into_owned()),
        };
    }
    Some(cur)
}

fn path_cost(path: &[ScalarCow<'_>]) -> u64 {
    path.iter().map(|s| s.to_kstr().len() as u64 + 8).sum()
}

/// The outermost runtime of a render: `site`, `page`, assigned variables and counters.
pub(super) struct Root<'a> {
    base: &'a Object,
    site: &'a Object,
    partials: &'a dyn PartialStore,
    globals: RefCell<Object>,
    indexes: RefCell<Object>,
    registers: Registers,
}

impl<'a> Root<'a> {
    /// `base` holds `page` (and in a layout `content` and `layout`); `site` is shared by
    /// every render, so it is looked up in place instead of being copied.
    pub(super) fn new(
        base: &'a Object,
        site: &'a Object,
        partials: &'a dyn PartialStore,
        limits: Limits,
    ) -> Root<'a> {
        let registers = Registers::default();
        *registers.get_mut::<Budget>() = Budget::new(limits);
        Root {
            base,
            site,
            partials,
            globals: RefCell::default(),
            indexes: RefCell::default(),
            registers,
        }
    }

    fn find(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        let key = path.first()?.to_kstr();
        let globals = self.globals.borrow();
        if globals.contains_key(key.as_str()) {
            return lookup(&*globals, path).map(|v| ValueCow::Owned(v.into_owned()));
        }
        drop(globals);
        if self.base.contains_key(key.as_str()) {
            return lookup(self.base, path);
        }
        if key.as_str() == "site" {
            return match path.len() {
                1 => Some(ValueCow::Borrowed(self.site as &dyn ValueView)),
                _ => lookup(self.site as &dyn ValueView, &path[1..]),
            };
        }
        let indexes = self.indexes.borrow();
        lookup(&*indexes, path).map(|v| ValueCow::Owned(v.into_owned()))
    }
}

impl Runtime for Root<'_> {
    fn partials(&self) -> &dyn PartialStore {
        self.partials
    }

    fn name(&self) -> Option<KStringRef<'_>> {
        None
    }

    fn roots(&self) -> BTreeSet<liquid_core::model::KStringCow<'_>> {
        let mut roots: BTreeSet<_> = self.base.keys().map(|k| k.as_str().into()).collect();
        roots.insert("site".into());
        roots.extend(self.globals.borrow().keys().map(|k| k.clone().into()));
        roots
    }

    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        let found = self.find(path);
        let mut b = budget(self);
        let _ = b.charge(path_cost(path));
        if let Some(v) = &found {
            b.read(v.as_view());
        }
        found
    }

    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        // Jekyll renders anything unknown as nothing.
        Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
    }

    fn set_global(&self, name: KString, val: Value) -> Option<Value> {
        let val = if budget(self).made(&val).is_ok() {
            val
        } else {
            Value::Nil
        };
        self.globals.borrow_mut().insert(name, val)
    }

    fn set_index(&self, name: KString, val: Value) -> Option<Value> {
        self.indexes.borrow_mut().insert(name, val)
    }

    fn get_index<'b>(&'b self, name: &str) -> Option<ValueCow<'b>> {
        self.indexes
            .borrow()
            .get(name)
            .map(|v| ValueCow::Owned(v.clone()))
    }

    fn registers(&self) -> &Registers {
        &self.registers
    }
}

/// Variables of a loop turn or an include, over the runtime around it.
pub(super) struct Frame<'a> {
    parent: &'a dyn Runtime,
    vars: Object,
}

impl<'a> Frame<'a> {
    pub(super) fn new(parent: &'a dyn Runtime, vars: Object) -> Frame<'a> {
        Frame { parent, vars }
    }
}

impl Runtime for Frame<'_> {
    fn partials(&self) -> &dyn PartialStore {
        self.parent.partials()
    }

    fn name(&self) -> Option<KStringRef<'_>> {
        None
    }

    fn roots(&self) -> BTreeSet<liquid_core::model::KStringCow<'_>> {
        let mut roots = self.parent.roots();
        roots.extend(self.vars.keys().map(|k| k.as_str().into()));
        roots
    }

    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        let key = path.first()?.to_kstr();
        if !self.vars.contains_key(key.as_str()) {
            return self.parent.try_get(path);
        }
        let found = lookup(&self.vars, path);
        let mut b = budget(self);
        let _ = b.charge(path_cost(path));
        if let Some(v) = &found {
            b.read(v.as_view());
        }
        found
    }

    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
    }

    fn set_global(&self, name: KString, val: Value) -> Option<Value> {
        self.parent.set_global(name, val)
    }

    fn set_index(&self, name: KString, val: Value) -> Option<Value> {
        self.parent.set_index(name, val)
    }

    fn get_index<'b>(&'b self, name: &str) -> Option<ValueCow<'b>> {
        self.parent.get_index(name)
    }

    fn registers(&self) -> &Registers {
        self.parent.registers()
    }
}

/// A buffer that pays for what is written into it; the page's own output (`top`) also
/// counts against the output limit.
pub(super) struct Sink<'r> {
    pub buf: Vec<u8>,
    registers: &'r Registers,
    top: bool,
}

impl<'r> Sink<'r> {
    pub(super) fn new(registers: &'r Registers, top: bool) -> Sink<'r> {
        Sink {
            buf: Vec::new(),
            registers,
            top,
        }
    }

    pub(super) fn into_string(self) -> String {
        String::from_utf8(self.buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.registers
            .get_mut::<Budget>()
            .write(buf.len() as u64, self.top)
            .map_err(|_| std::io::Error::other("forvalt stopped this render"))?;
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
