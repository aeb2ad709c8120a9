//! Jekyll's list filters, written here so that no input can make them panic, compare
//! without a total order or run quadratic: `sort` (with a property and nils first or
//! last), `where_exp`, `find`, `find_exp`, `group_by` and `group_by_exp`. The expressions
//! of the `_exp` filters are Liquid conditions (`item.parent == "Møder" and item.nav_order
//! > 1`), read once when the template is parsed.

use super::run::{budget, lookup};
use liquid_core::model::{KString, Object, ScalarCow, Value, ValueCow, ValueView};
use liquid_core::parser::{FilterArguments, ParseFilter};
use liquid_core::{Error, Expression, Filter, FilterParameters, FilterReflection, Result, Runtime};
use std::cmp::Ordering;

/// Every filter of this module.
pub(super) fn all() -> Vec<Box<dyn ParseFilter>> {
    vec![
        Box::new(SortF),
        Box::new(ExpF(ExpKind::Where)),
        Box::new(ExpF(ExpKind::Find)),
        Box::new(ExpF(ExpKind::GroupBy)),
        Box::new(PropF(PropKind::Find)),
        Box::new(PropF(PropKind::GroupBy)),
    ]
}

/// The items of a list (a single value is a list of one; nil is empty).
fn items(input: &dyn ValueView) -> Vec<Value> {
    if let Some(a) = input.as_array() {
        a.values().map(|v| v.to_value()).collect()
    } else if input.is_nil() {
        Vec::new()
    } else if let Some(o) = input.as_object() {
        o.values().map(|v| v.to_value()).collect()
    } else {
        vec![input.to_value()]
    }
}

/// `a.b.c` of a value.
fn property<'v>(v: &'v Value, path: &str) -> Option<ValueCow<'v>> {
    let parts: Vec<ScalarCow<'_>> = path
        .split('.')
        .map(|p| ScalarCow::new(KString::from_ref(p)))
        .collect();
    lookup(v, &parts).filter(|x| !x.is_nil())
}

/// Jekyll's comparison: numbers as numbers, text by bytes, and anything else by its text
/// (`1 <=> "2"` fails in Ruby, and Jekyll then compares `"1"` with `"2"`).
fn compare(a: &dyn ValueView, b: &dyn ValueView) -> Ordering {
    let num = |v: &dyn ValueView| {
        v.as_scalar()
            .filter(|_| v.type_name() != "string" && v.type_name() != "boolean")
            .and_then(|s| s.to_float())
            .filter(|f| !f.is_nan())
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.to_kstr().as_str().cmp(b.to_kstr().as_str()),
    }
}

/// A stable merge sort that, unlike the standard library's, never panics when `cmp` is
/// not a total order (Jekyll's comparison is not: `10 < 20`, `20 < "3"`, `"3" < 10`).
fn sort_by<T>(v: Vec<T>, cmp: &impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    if v.len() <= 1 {
        return v;
    }
    let mut v = v;
    let right = v.split_off(v.len() / 2);
    let (left, right) = (sort_by(v, cmp), sort_by(right, cmp));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    loop {
        let take_left = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => cmp(b, a) != Ordering::Less,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_left { l.next() } else { r.next() });
    }
    out
}

// ---- sort --------------------------------------------------------------------------

#[derive(Debug, FilterParameters)]
struct SortArgs {
    #[parameter(description = "The property to sort by.", arg_type = "str")]
    property: Option<Expression>,
    #[parameter(
        description = "`first` or `last`: where items without it go.",
        arg_type = "str"
    )]
    nils: Option<Expression>,
}

#[derive(Clone, Debug)]
struct SortF;

reflect!(SortF, self => "sort", "A list sorted, by a property if one is named; items without it first (or last).");

impl ParseFilter for SortF {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        Ok(Box::new(SortFilter(SortArgs::from_args(arguments)?)))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct SortFilter(SortArgs);

impl std::fmt::Display for SortFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("sort")
    }
}

impl Filter for SortFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = self.0.evaluate(runtime)?;
        let list = items(input);
        budget(runtime).step(list.len() as u64 * 16)?;
        let Some(prop) = args.property.map(|p| p.to_string()) else {
            return Ok(Value::Array(sort_by(list, &|a: &Value, b: &Value| {
                compare(a, b)
            })));
        };
        let last = args.nils.is_some_and(|n| n.as_str() == "last");
        let keyed: Vec<(Option<Value>, Value)> = list
            .into_iter()
            .map(|v| (property(&v, &prop).map(|x| x.into_owned()), v))
            .collect();
        let keyed = sort_by(
            keyed,
            &|(a, _): &(Option<Value>, Value), (b, _): &(Option<Value>, Value)| match (a, b) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) if last => Ordering::Greater,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) if last => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(a), Some(b)) => compare(a, b),
            },
        );
        Ok(Value::Array(keyed.into_iter().map(|(_, v)| v).collect()))
    }
}

// ---- find and group_by by property ----------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PropKind {
    Find,
    GroupBy,
}

#[derive(Debug, FilterParameters)]
struct PropArgs {
    #[parameter(description = "The property.", arg_type = "str")]
    property: Expression,
    #[parameter(description = "The value it must have.", arg_type = "any")]
    value: Option<Expression>,
}

#[derive(Clone, Debug)]
struct PropF(PropKind);

impl FilterReflection for PropF {
    fn name(&self) -> &str {
        match self.0 {
            PropKind::Find => "find",
            PropKind::GroupBy => "group_by",
        }
    }
    fn description(&self) -> &str {
        "The first item whose property has a value, or the items grouped by a property."
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for PropF {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        Ok(Box::new(PropFilter(
            self.0,
            PropArgs::from_args(arguments)?,
        )))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct PropFilter(PropKind, PropArgs);

impl std::fmt::Display for PropFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            PropKind::Find => "find",
            PropKind::GroupBy => "group_by",
        })
    }
}

/// Groups `list` by `key` of each item, in the order each key first appears, as Jekyll's
/// `{"name", "items", "size"}`.
fn group(list: Vec<Value>, key: impl Fn(&Value) -> Result<String>) -> Result<Value> {
    let mut order: Vec<(String, Vec<Value>)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for v in list {
        let k = key(&v)?;
        match at.get(&k) {
            Some(&i) => order[i].1.push(v),
            None => {
                at.insert(k.clone(), order.len());
                order.push((k, vec![v]));
            }
        }
    }
    Ok(Value::Array(
        order
            .into_iter()
            .map(|(name, items)| {
                let mut o = Object::new();
                o.insert("name".into(), Value::scalar(name));
                o.insert("size".into(), Value::scalar(items.len() as i64));
                o.insert("items".into(), Value::Array(items));
                Value::Object(o)
            })
            .collect(),
    ))
}

impl Filter for PropFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = self.1.evaluate(runtime)?;
        let prop = args.property.to_string();
        let list = items(input);
        budget(runtime).step(list.len() as u64 * 16)?;
        match self.0 {
            PropKind::GroupBy => group(list, |v| {
                Ok(property(v, &prop).map_or(String::new(), |x| x.to_kstr().to_string()))
            }),
            PropKind::Find => {
                let want = args.value.map(|v| v.to_value()).unwrap_or(Value::Nil);
                Ok(list
                    .into_iter()
                    .find(|v| {
                        property(v, &prop).is_some_and(|x| {
                            liquid_core::model::ValueViewCmp::new(x.as_view())
                                == liquid_core::model::ValueViewCmp::new(&want)
                        })
                    })
                    .unwrap_or(Value::Nil))
            }
        }
    }
}

// ---- where_exp, find_exp, group_by_exp ------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExpKind {
    Where,
    Find,
    GroupBy,
}

impl ExpKind {
    fn name(self) -> &'static str {
        match self {
            ExpKind::Where => "where_exp",
            ExpKind::Find => "find_exp",
            ExpKind::GroupBy => "group_by_exp",
        }
    }
}

#[derive(Clone, Debug)]
struct ExpF(ExpKind);

impl FilterReflection for ExpF {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn description(&self) -> &str {
        "The items for which an expression holds, the first of them, or the items grouped by an expression's value."
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for ExpF {
    fn parse(&self, mut arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        let name = self.0.name();
        let wrong = || {
            Error::with_msg(format!(
                "`{name}` takes a variable name and an expression, both in quotes"
            ))
        };
        let var = arguments.positional.next().ok_or_else(wrong)?;
        let exp = arguments.positional.next().ok_or_else(wrong)?;
        if arguments.positional.next().is_some() || arguments.keyword.next().is_some() {
            return Err(wrong());
        }
        let (Some(var), Some(exp)) = (literal(&var), literal(&exp)) else {
            return Err(wrong());
        };
        let cond = if self.0 == ExpKind::GroupBy {
            Cond::Value(operand(exp.trim()).map_err(Error::with_msg)?)
        } else {
            parse_condition(&exp).map_err(Error::with_msg)?
        };
        Ok(Box::new(ExpFilter {
            kind: self.0,
            var: var.trim().to_string(),
            cond,
        }))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

/// The text of a quoted argument.
fn literal(e: &Expression) -> Option<String> {
    match e {
        Expression::Literal(v) => v.as_scalar().map(|s| s.to_kstr().to_string()),
        _ => None,
    }
}

/// An operand: a literal, or a variable path (`item.data.title`, `item["x"]`, `a[0]`).
#[derive(Debug, Clone)]
enum Operand {
    Literal(Value),
    Empty,
    Blank,
    Path(Vec<Seg>),
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Contains,
}

#[derive(Debug, Clone)]
enum Cond {
    Value(Operand),
    Compare(Operand, Op, Operand),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

/// The longest condition read (Liquid conditions are short; this keeps parsing bounded).
const MAX_CONDITION: usize = 2_000;

/// Splits a condition into words, keeping quoted text together.
fn words(text: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) => {
                cur.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => cur.push(c),
        }
    }
    if quote.is_some() {
        return Err("a quote is never closed".into());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn parse_condition(text: &str) -> std::result::Result<Cond, String> {
    if text.len() > MAX_CONDITION {
        return Err(format!(
            "the expression is longer than {MAX_CONDITION} characters"
        ));
    }
    let w = words(text)?;
    if w.is_empty() {
        return Err("the expression is empty".into());
    }
    // Liquid reads `a and b or c` from the right: `a and (b or c)`.
    let mut parts: Vec<(Cond, Option<bool>)> = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let left = operand(&w[i])?;
        let mut j = i + 1;
        let cond = match w.get(j).map(String::as_str).and_then(op_of) {
            Some(op) => {
                let right = w
                    .get(j + 1)
                    .ok_or("a value is missing after the comparison")?;
                j += 2;
                Cond::Compare(left, op, operand(right)?)
            }
            None => Cond::Value(left),
        };
        let joint = match w.get(j).map(String::as_str) {
            Some("and") => Some(true),
            Some("or") => Some(false),
            None => None,
            Some(other) => return Err(format!("`{other}` does not belong here")),
        };
        parts.push((cond, joint));
        i = j + usize::from(joint.is_some());
        if joint.is_some() && i >= w.len() {
            return Err("a condition is missing after `and`/`or`".into());
        }
    }
    let mut acc: Option<Cond> = None;
    for (cond, joint) in parts.into_iter().rev() {
        acc = Some(match (acc, joint) {
            (None, _) => cond,
            (Some(rest), Some(true)) => Cond::And(Box::new(cond), Box::new(rest)),
            (Some(rest), _) => Cond::Or(Box::new(cond), Box::new(rest)),
        });
    }
    acc.ok_or_else(|| "the expression is empty".into())
}

fn op_of(w: &str) -> Option<Op> {
    Some(match w {
        "==" => Op::Eq,
        "!=" | "<>" => Op::Ne,
        "<" => Op::Lt,
        ">" => Op::Gt,
        "<=" => Op::Le,
        ">=" => Op::Ge,
        "contains" => Op::Contains,
        _ => return None,
    })
}

fn operand(w: &str) -> std::result::Result<Operand, String> {
    if let Some(q) = w.chars().next().filter(|c| *c == '\'' || *c == '"') {
        let inner = w
            .strip_prefix(q)
            .and_then(|r| r.strip_suffix(q))
            .ok_or("a quote is never closed")?;
        return Ok(Operand::Literal(Value::scalar(inner.to_string())));
    }
    match w {
        "true" => return Ok(Operand::Literal(Value::scalar(true))),
        "false" => return Ok(Operand::Literal(Value::scalar(false))),
        "nil" | "null" => return Ok(Operand::Literal(Value::Nil)),
        "empty" => return Ok(Operand::Empty),
        "blank" => return Ok(Operand::Blank),
        _ => {}
    }
    if let Ok(i) = w.parse::<i64>() {
        return Ok(Operand::Literal(Value::scalar(i)));
    }
    if let Ok(f) = w
        .parse::<f64>()
        .map_err(|_| ())
        .and_then(|f| if f.is_finite() { Ok(f) } else { Err(()) })
    {
        return Ok(Operand::Literal(Value::scalar(f)));
    }
    let mut segs = Vec::new();
    for part in w.split('.') {
        let (head, mut rest) = part.split_once('[').map_or((part, ""), |(h, r)| (h, r));
        if !head.is_empty() {
            segs.push(Seg::Key(head.to_string()));
        }
        while !rest.is_empty() {
            let (inner, after) = rest.split_once(']').ok_or("a `[` is never closed")?;
            let inner = inner.trim_matches(['"', '\'']);
            segs.push(match inner.parse::<i64>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key(inner.to_string()),
            });
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    let valid = matches!(segs.first(), Some(Seg::Key(k)) if k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-'));
    if !valid {
        return Err(format!("`{w}` is not a value"));
    }
    Ok(Operand::Path(segs))
}

#[derive(Debug)]
struct ExpFilter {
    kind: ExpKind,
    var: String,
    cond: Cond,
}

impl std::fmt::Display for ExpFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind.name())
    }
}

/// An operand's value with `var` standing for `item`.
fn value_of(o: &Operand, var: &str, item: &Value, runtime: &dyn Runtime) -> Value {
    match o {
        Operand::Literal(v) => v.clone(),
        Operand::Empty | Operand::Blank => Value::Nil,
        Operand::Path(segs) => {
            let path: Vec<ScalarCow<'_>> = segs
                .iter()
                .map(|s| match s {
                    Seg::Key(k) => ScalarCow::new(KString::from_ref(k)),
                    Seg::Index(i) => ScalarCow::new(*i),
                })
                .collect();
            let first = match segs.first() {
                Some(Seg::Key(k)) => k.as_str(),
                _ => "",
            };
            if first == var {
                lookup(item, &path[1..]).map_or(Value::Nil, |v| v.into_owned())
            } else {
                runtime
                    .try_get(&path)
                    .map_or(Value::Nil, |v| v.into_owned())
            }
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Scalar(s) => s.to_kstr().is_empty(),
        _ => false,
    }
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Nil) && !matches!(v.as_scalar().and_then(|s| s.to_bool()), Some(false))
}

fn holds(c: &Cond, var: &str, item: &Value, runtime: &dyn Runtime) -> bool {
    match c {
        Cond::And(a, b) => holds(a, var, item, runtime) && holds(b, var, item, runtime),
        Cond::Or(a, b) => holds(a, var, item, runtime) || holds(b, var, item, runtime),
        Cond::Value(o) => truthy(&value_of(o, var, item, runtime)),
        Cond::Compare(a, op, b) => {
            let special = |o: &Operand| matches!(o, Operand::Empty | Operand::Blank);
            let l = value_of(a, var, item, runtime);
            let r = value_of(b, var, item, runtime);
            if special(a) || special(b) {
                let v = if special(a) { &r } else { &l };
                let blank = matches!(a, Operand::Blank) || matches!(b, Operand::Blank);
                let e = is_empty(v) || (blank && v.to_kstr().trim().is_empty());
                return match op {
                    Op::Eq => e,
                    Op::Ne => !e,
                    _ => false,
                };
            }
            let eq = || {
                liquid_core::model::ValueViewCmp::new(&l)
                    == liquid_core::model::ValueViewCmp::new(&r)
            };
            let ordered = |f: fn(Ordering) -> bool| {
                let num = |v: &Value| {
                    v.as_scalar()
                        .filter(|_| v.type_name() != "string")
                        .and_then(|s| s.to_float())
                };
                match (num(&l), num(&r)) {
                    (Some(x), Some(y)) => x.partial_cmp(&y).is_some_and(f),
                    _ if l.type_name() == "string" && r.type_name() == "string" => {
                        f(l.to_kstr().cmp(&r.to_kstr()))
                    }
                    _ => false,
                }
            };
            match op {
                Op::Eq => eq(),
                Op::Ne => !eq(),
                Op::Lt => ordered(Ordering::is_lt),
                Op::Gt => ordered(Ordering::is_gt),
                Op::Le => ordered(Ordering::is_le),
                Op::Ge => ordered(Ordering::is_ge),
                Op::Contains => match &l {
                    Value::Array(a) => a.iter().any(|x| {
                        liquid_core::model::ValueViewCmp::new(x)
                            == liquid_core::model::ValueViewCmp::new(&r)
                    }),
                    Value::Scalar(s) => s.to_kstr().contains(r.to_kstr().as_str()),
                    _ => false,
                },
            }
        }
    }
}

impl Filter for ExpFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let list = items(input);
        budget(runtime).step(list.len() as u64 * 16)?;
        match self.kind {
            ExpKind::Where => {
                let mut out = Vec::new();
                for v in list {
                    budget(runtime).step(16)?;
                    if holds(&self.cond, &self.var, &v, runtime) {
                        out.push(v);
                    }
                }
                Ok(Value::Array(out))
            }
            ExpKind::Find => {
                for v in list {
                    budget(runtime).step(16)?;
                    if holds(&self.cond, &self.var, &v, runtime) {
                        return Ok(v);
                    }
                }
                Ok(Value::Nil)
            }
            ExpKind::GroupBy => group(list, |v| {
                budget(runtime).step(16)?;
                Ok(match &self.cond {
                    Cond::Value(o) => value_of(o, &self.var, v, runtime).to_kstr().to_string(),
                    _ => String::new(),
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Strategy;

    #[test]
    fn conditions_read_from_the_right() {
        let c = parse_condition("item.a == 'x y' and item.b > 2 or item.c").unwrap();
        assert!(matches!(c, Cond::And(_, ref rest) if matches!(**rest, Cond::Or(..))));
        assert!(parse_condition("item.a ==").is_err());
        assert!(parse_condition("item.a == 'x").is_err());
        assert!(parse_condition("item.a and").is_err());
        assert!(parse_condition("").is_err());
    }

    #[test]
    fn jekyll_compares_mixed_values_as_text_and_sorting_never_panics() {
        assert_eq!(
            compare(&Value::scalar(5), &Value::scalar("2")),
            Ordering::Greater
        );
        assert_eq!(
            compare(&Value::scalar(10), &Value::scalar(9)),
            Ordering::Greater
        );
        let v: Vec<Value> = (0..200)
            .map(|i| match i % 3 {
                0 => Value::scalar(i),
                1 => Value::scalar(format!("{}", i * 7 % 13)),
                _ => Value::Nil,
            })
            .collect();
        let sorted = sort_by(v, &|a: &Value, b: &Value| compare(a, b));
        assert_eq!(sorted.len(), 200);
    }

    proptest::proptest! {
        #[test]
        fn any_condition_is_read_or_refused(text in "[a-z.\\[\\]'\" =!<>0-9]{0,60}") {
            let _ = parse_condition(&text);
            let _ = operand(&text);
        }

        #[test]
        fn any_list_sorts(v in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::any::<i64>().prop_map(Value::scalar),
                proptest::prelude::any::<f64>().prop_map(Value::scalar),
                "[a-c0-9]{0,3}".prop_map(Value::scalar),
                proptest::prelude::Just(Value::Nil),
            ],
            0..60,
        )) {
            let n = v.len();
            proptest::prop_assert_eq!(sort_by(v, &|a: &Value, b: &Value| compare(a, b)).len(), n);
        }
    }

    #[test]
    fn merge_sort_is_stable() {
        let v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
        let s = sort_by(v, &|a: &(i32, char), b: &(i32, char)| a.0.cmp(&b.0));
        assert_eq!(s, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }
}
