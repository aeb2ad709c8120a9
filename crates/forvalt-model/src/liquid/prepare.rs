//! Getting a text ready for liquid's parser: unknown tags and filters kept as written,
//! every element checked on its own, nesting counted, and the source liquid parses built
//! from the checked elements with placeholders for the text between them.

use super::lex::{self, Elem, Piece};
use super::run::Limits;
use std::ops::Range;

/// A problem found before parsing.
#[derive(Debug)]
pub(super) struct Problem {
    pub(super) code: &'static str,
    pub(super) at: Range<usize>,
    /// The exact place inside `at`, when known.
    pub(super) point: Option<usize>,
    pub(super) message: String,
    pub(super) help: Option<String>,
}

/// A text ready for liquid's parser.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// The elements liquid sees, by number.
    pub(super) elems: Vec<Elem>,
    /// What liquid parses: placeholders and checked elements.
    pub(super) source: String,
    pub(super) segments: Vec<String>,
    pub(super) after: Vec<Option<usize>>,
    pub(super) costs: Vec<u64>,
    pub(super) problems: Vec<Problem>,
    /// A problem that keeps the whole text from running.
    pub(super) fatal: bool,
    /// The innermost block left open at the end.
    pub(super) unclosed: Option<usize>,
    /// Where each element starts in `source`, the length of what precedes its content
    /// there, and its length there.
    pub(super) starts: Vec<(usize, usize, usize)>,
}

/// Where byte `at` of a parsed source is in the text, when it is inside an element.
pub(super) fn source_to_text(
    starts: &[(usize, usize, usize)],
    elems: &[Elem],
    at: usize,
) -> Option<(usize, usize)> {
    let id = starts.partition_point(|s| s.0 <= at).checked_sub(1)?;
    let (start, prefix, len) = starts[id];
    let e = elems.get(id)?;
    if at >= start + len {
        return None;
    }
    if len != prefix + e.inner.len() + 3 {
        return Some((id, e.inner.start));
    }
    let k = (at - start).saturating_sub(prefix).min(e.inner.len());
    Some((id, e.inner.start + k))
}

/// Splits `text`, reports unknown tags and filters (kept as text) and unreadable elements,
/// and builds the source liquid parses.
pub(super) fn prepare(text: &str, filters: &[String], limits: Limits) -> Prepared {
    let mut p = Prepared::default();
    let pieces = match lex::lex(text) {
        Ok(pieces) => pieces,
        Err(e) => {
            p.problems.push(Problem {
                code: "liquid::syntax",
                at: e.at,
                point: None,
                message: e.message,
                help: None,
            });
            p.fatal = true;
            return p;
        }
    };
    enum Unit {
        Text(Range<usize>),
        Live(usize),
        Nothing,
    }
    let mut units: Vec<(Unit, bool, bool)> = Vec::new();
    let mut norms: Vec<(String, usize)> = Vec::new();
    let mut pos = 0;
    for piece in pieces {
        let whole = piece.whole();
        units.push((Unit::Text(pos..whole.start), false, false));
        pos = whole.end;
        let e = match piece {
            Piece::Raw { open, body, close } => {
                units.push((Unit::Text(body), open.trim_before, close.trim_after));
                continue;
            }
            Piece::Comment { open, close } => {
                units.push((Unit::Nothing, open.trim_before, close.trim_after));
                continue;
            }
            Piece::Elem(e) => e,
        };
        let inner = &text[e.inner.clone()];
        let name = e.name(text);
        let as_written = || (Unit::Text(e.whole.clone()), false, false);
        if e.tag && !lex::TAGS.contains(&name) {
            p.problems.push(Problem {
                code: "liquid::unknown-tag",
                at: e.whole.clone(),
                point: None,
                message: format!("Liquid has no tag `{name}`"),
                help: closest(name, lex::TAGS.iter().copied())
                    .map(|c| format!("did you mean `{c}`?")),
            });
            units.push(as_written());
            continue;
        }
        if let Some(f) = lex::filter_names(inner)
            .into_iter()
            .find(|f| !filters.iter().any(|k| k == f))
        {
            p.problems.push(Problem {
                code: "liquid::unknown-filter",
                at: e.whole.clone(),
                point: None,
                message: format!("Liquid has no filter `{f}`"),
                help: closest(f, filters.iter().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?")),
            });
            units.push(as_written());
            continue;
        }
        if !e.tag && inner.is_empty() {
            units.push((Unit::Nothing, e.trim_before, e.trim_after));
            continue;
        }
        let (norm, prefix) = normalized(inner, e.tag, name);
        let condition = matches!(name, "if" | "elsif" | "unless");
        let checked = lex::check_limits(inner, condition)
            .map_err(|(at, msg)| (Some(e.inner.start + at), msg))
            .and_then(|()| {
                check_element(&norm, !e.tag).map_err(|(at, msg)| {
                    let at = at.and_then(|a| a.checked_sub(prefix)).map(|a| {
                        let a = if norm.len() - prefix - 3 == inner.len() {
                            a.min(inner.len())
                        } else {
                            0
                        };
                        e.inner.start + a
                    });
                    (at, msg)
                })
            });
        if let Err((point, msg)) = checked {
            p.problems.push(Problem {
                code: "liquid::syntax",
                at: e.whole.clone(),
                point,
                message: format!(
                    "`{}` cannot be read: {msg}",
                    lex::shown(&text[e.whole.clone()])
                ),
                help: None,
            });
            p.fatal = true;
            continue;
        }
        units.push((Unit::Live(p.elems.len()), e.trim_before, e.trim_after));
        p.costs.push(inner.len() as u64 + 16);
        p.elems.push(e);
        norms.push((norm, prefix));
    }
    units.push((Unit::Text(pos..text.len()), false, false));
    if p.fatal {
        return p;
    }
    // Whitespace control.
    for i in 0..units.len() {
        let (before, after) = (units[i].1, units[i].2);
        if before
            && i > 0
            && let Unit::Text(r) = &mut units[i - 1].0
        {
            r.end = r.start + text[r.clone()].trim_end_matches(lex::is_space).len();
        }
        if after && let Some((Unit::Text(r), _, _)) = units.get_mut(i + 1) {
            r.start = r.end - text[r.clone()].trim_start_matches(lex::is_space).len();
        }
    }
    // Nesting, which liquid parses and runs by recursion.
    let mut open: Vec<(&str, usize, usize)> = Vec::new();
    let mut depth = 0usize;
    for (id, e) in p.elems.iter().enumerate() {
        let name = e.name(text);
        let deeper = if lex::BLOCKS.iter().any(|(o, _)| *o == name) {
            open.push((name, id, 0));
            true
        } else if name == "elsif"
            && let Some(top) = open.last_mut()
            && top.0 == "if"
        {
            top.2 += 1;
            true
        } else {
            if let Some(&(o, _, extra)) = open.last()
                && lex::BLOCKS.iter().any(|(a, z)| *a == o && *z == name)
            {
                open.pop();
                depth = depth.saturating_sub(1 + extra);
            }
            false
        };
        if deeper {
            depth += 1;
            if depth > limits.depth {
                p.problems.push(Problem {
                    code: "liquid::nesting",
                    at: e.whole.clone(),
                    point: None,
                    message: format!(
                        "Liquid blocks are nested more than {} levels deep here",
                        limits.depth
                    ),
                    help: Some("close blocks before opening new ones".into()),
                });
                p.fatal = true;
                return p;
            }
        }
    }
    p.unclosed = open.last().map(|o| o.1);
    // The source: a text placeholder before every element.
    let mut pending = String::new();
    for (unit, _, _) in units {
        match unit {
            Unit::Text(r) => pending.push_str(&text[r]),
            Unit::Live(id) => {
                p.source.push_str(&format!("{{%_t {}%}}", p.segments.len()));
                p.segments.push(std::mem::take(&mut pending));
                p.after.push(Some(id));
                let (norm, prefix) = &norms[id];
                p.starts.push((p.source.len(), *prefix, norm.len()));
                p.source.push_str(norm);
            }
            Unit::Nothing => {}
        }
    }
    p.source.push_str(&format!("{{%_t {}%}}", p.segments.len()));
    p.segments.push(pending);
    p.after.push(None);
    p
}

/// The element as liquid will parse it, and the length of what precedes `inner` in it.
/// `{{ x }}` becomes `{%_o x %}`; `{% include dir/a.html %}` quotes the name, and
/// `{% include {{ x }} %}` becomes `{%_incv x %}`.
fn normalized(inner: &str, tag: bool, name: &str) -> (String, usize) {
    if !tag {
        return (format!("{{%_o {inner} %}}"), 5);
    }
    if name == "include" || name == "include_cached" {
        let rest = inner[name.len()..].trim_start_matches(lex::is_space);
        if let Some(expr) = rest.strip_prefix("{{")
            && let Some(end) = expr.find("}}")
        {
            let params = &expr[end + 2..];
            return (format!("{{%_incv {} {params} %}}", expr[..end].trim()), 3);
        }
        if !rest.starts_with(['"', '\'']) {
            let end = rest.find(lex::is_space).unwrap_or(rest.len());
            if !rest[..end].contains('"') {
                return (
                    format!("{{% {name} \"{}\" {} %}}", &rest[..end], &rest[end..]),
                    3,
                );
            }
        }
    }
    (format!("{{% {inner} %}}"), 3)
}

/// Whether liquid's grammar reads `norm` as one whole tag (and, for an output, as one
/// value with its filters); otherwise where (byte offset in `norm`) and why not.
fn check_element(norm: &str, output: bool) -> Result<(), (Option<usize>, String)> {
    let tag = match liquid_core::parser::Tag::new(norm) {
        Ok(tag) => tag,
        Err(e) => {
            let (at, msg) = pest_message(&e.to_string());
            return Err((at.map(|(l, c)| lex::offset_of(norm, l, c)), msg));
        }
    };
    if tag.as_str().len() != norm.len() {
        return Err((Some(tag.as_str().len()), "unexpected `%}`".into()));
    }
    if output {
        let mut tokens = tag.into_tokens();
        let first = tokens.next().map(|t| t.as_str().to_string());
        let second = tokens.next().map(|t| t.as_str().to_string());
        match (first, second) {
            (Some(f), None) if !f.starts_with(['(', '<', '>', '=', ',', ':', '!']) => {}
            (Some(f), None) => return Err((None, format!("`{f}` is not a value"))),
            (_, Some(s)) => {
                return Err((
                    norm.find(&s),
                    format!("`{s}` follows a value; join filters with `|`"),
                ));
            }
            (None, None) => return Err((None, "a value is missing".into())),
        }
    }
    Ok(())
}

/// Position (line, column) and message of a liquid parse error.
pub(super) fn pest_message(e: &str) -> (Option<(usize, usize)>, String) {
    let at = e.lines().find_map(|l| {
        let (_, pos) = l.split_once("--> ")?;
        let (line, col) = pos.trim().split_once(':')?;
        Some((line.parse().ok()?, col.parse().ok()?))
    });
    let msg = e
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| first_line(e));
    (at, humane(&msg))
}

/// liquid's grammar words in plain words.
fn humane(msg: &str) -> String {
    let mut out = msg.trim().trim_end_matches('.').to_string();
    for (rule, words) in [
        ("FilterChain", "a value"),
        ("Value", "a value"),
        ("Literal", "a value"),
        ("Variable", "a variable"),
        ("Identifier", "a name"),
        ("Range", "a range"),
        ("EOI", "the end"),
    ] {
        out = out.replace(rule, words);
    }
    // "expected a value, a value, or a range" → "expected a value or a range"
    let mut seen: Vec<&str> = Vec::new();
    if let Some(rest) = out.strip_prefix("expected ") {
        for part in rest.split(", ").flat_map(|p| p.split(" or ")) {
            let part = part.trim();
            if !part.is_empty() && !seen.contains(&part) {
                seen.push(part);
            }
        }
        return format!("expected {}", seen.join(" or "));
    }
    out
}

pub(super) fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .trim_start_matches("liquid: ")
        .to_string()
}

fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if let Some(prefix) = candidates
        .clone()
        .filter(|c| c.len() >= 4 && word.starts_with(c))
        .max_by_key(|c| c.len())
    {
        return Some(prefix);
    }
    candidates
        .map(|c| (strsim(word, c), c))
        .filter(|(d, _)| *d <= 2.max(word.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn strsim(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
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
