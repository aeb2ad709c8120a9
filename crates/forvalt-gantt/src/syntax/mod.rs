//! Text → syntax tree. Parsing never fails: errors become diagnostics, the bad line is
//! left out, and the first error that would make Mermaid reject the chart is kept as
//! [`Diagram::fatal`].

pub mod ast;
mod lexer;
mod preprocess;

use crate::js;
use ast::*;
use forvalt_diag::{Checked, Diagnostic, Span, Spanned};
use lexer::{Kind, Lexer, Token};
use preprocess::{OffsetMap, decode_entities};
use serde_json::Value as Json;

/// What the parser accepts beyond Mermaid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Accept forvalt's extensions (`dataDate`, `NN%` progress tags).
    pub extensions: bool,
    /// The Mermaid version whose syntax applies: before 10, `#` starts a comment (see
    /// [`crate::MermaidVersion::moment_era`]), and what only later versions read is reported.
    pub mermaid: crate::MermaidVersion,
}

/// Whether a diagram text is a gantt chart: after Mermaid's preparation (front matter,
/// directives, comments, leading white space) it starts with `gantt`.
pub(crate) fn starts_with_gantt(text: &str) -> bool {
    preprocess::prepare(text).text.starts_with("gantt")
}

/// The first word of a Mermaid diagram after its front matter, directives and comments.
pub(crate) fn first_word(text: &str) -> String {
    preprocess::prepare(text)
        .text
        .split_whitespace()
        .next()
        .unwrap_or("mermaid")
        .to_string()
}

/// Parses a chart. `text` starts with `gantt` (or YAML front matter), as in a Markdown
/// ```` ```mermaid ```` fence.
pub fn parse(text: &str, options: &ParseOptions) -> Checked<Diagram> {
    let mut prepared = preprocess::prepare(text);
    let v9 = options.mermaid.moment_era();
    if v9 {
        prepared.text = hash_comments_blanked(&prepared.text);
    }
    let mut p = Parser {
        src: &prepared.text,
        map: &prepared.map,
        lexer: Lexer::new(&prepared.text, options.extensions),
        peeked: None,
        diagram: Diagram {
            source_len: text.len(),
            ..Diagram::default()
        },
        diagnostics: Vec::new(),
        extensions: options.extensions,
    };
    if let Some((yaml, span)) = &prepared.front_matter {
        p.front_matter(yaml, *span);
    }
    for d in &prepared.directives {
        p.directive(d);
    }
    if !prepared.text.starts_with("gantt") {
        let first_word = prepared
            .text
            .char_indices()
            .find(|&(_, c)| js::is_space(c))
            .map_or(prepared.text.len(), |(i, _)| i);
        let span = p.map.span(0, first_word);
        let d = Diagnostic::error(
            "gantt::not-gantt",
            "this chart does not start with the keyword `gantt`",
        )
        .with_span(span)
        .with_help("write `gantt` (lower case) on the first line of the chart");
        p.fatal(
            "No diagram type detected matching given configuration",
            span,
        );
        p.diagnostics.push(d);
    } else {
        p.document();
    }
    if v9 {
        let front_matter = prepared.front_matter.as_ref().map(|(_, span)| *span);
        let found = older_syntax(&p.diagram, front_matter, options.mermaid);
        p.diagnostics.extend(found);
    }
    Checked::with_diagnostics(p.diagram, p.diagnostics)
}

/// Mermaid 9.1's lexer: a `#` starts a comment to the end of the line, except where a
/// statement reads to the end of the line itself (`click`, `todayMarker`, `accTitle`,
/// `accDescr`, and an `accDescr { … }` block up to its `}`). The comment is blanked, so
/// offsets stay the same.
fn hash_comments_blanked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if in_block {
            in_block = !line.contains('}');
            out.push_str(line);
            continue;
        }
        if t.starts_with("accDescr") {
            in_block = t.contains('{') && !t[t.find('{').unwrap_or(0)..].contains('}');
        }
        let keeps = ["click", "todayMarker", "accTitle", "accDescr"]
            .iter()
            .any(|k| t.starts_with(k));
        match line.find('#').filter(|_| !keeps) {
            Some(at) => {
                out.push_str(&line[..at]);
                let rest = &line[at..];
                let body = rest.trim_end_matches(['\n', '\r']);
                out.extend(std::iter::repeat_n(' ', body.len()));
                out.push_str(&rest[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// What Mermaid 9.1 cannot read: where the site is still built by Jekyll with that version,
/// the chart is a syntax error (forvalt draws it as later versions do).
fn older_syntax(
    diagram: &Diagram,
    front_matter: Option<Span>,
    version: crate::MermaidVersion,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut report = |what: &str, span: Span| {
        out.push(
            Diagnostic::warning(
                "gantt::newer-syntax",
                format!("Mermaid {version}, the version the site pins, cannot read {what}"),
            )
            .with_span(span)
            .with_note("where the site is built by Jekyll, this chart shows Mermaid's syntax error; forvalt draws it as later Mermaid versions do")
            .with_help("raise `mermaid: version:` in _config.yml, or write the chart without it"),
        );
    };
    if let Some(span) = front_matter {
        report("front matter (`---`) in a chart", span);
    }
    for st in &diagram.statements {
        match &st.kind {
            StatementKind::TickInterval(_) => report("`tickInterval`", st.span),
            StatementKind::Weekday(_) => report("`weekday`", st.span),
            StatementKind::Weekend(_) => report("`weekend`", st.span),
            StatementKind::Title(v) if v.raw.contains(';') => report("a `;` in a title", v.span),
            StatementKind::Section(v) if v.raw.contains([':', ';']) => {
                report("a `:` or `;` in a section name", v.span)
            }
            StatementKind::Task(t) => {
                if t.name.value.contains(';') {
                    report("a `;` in a task name", t.name.span);
                }
                for tag in t.tags.iter().filter(|tag| tag.value == Tag::Vert) {
                    report("the `vert` tag", tag.span);
                }
                if t.data.value.trim_start().starts_with("until ")
                    || t.fields.iter().any(|f| f.value.starts_with("until "))
                {
                    report("`until` (the task gets no length there)", t.data.span);
                }
            }
            _ => {}
        }
    }
    out
}

struct Parser<'a> {
    src: &'a str,
    map: &'a OffsetMap,
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    diagram: Diagram,
    diagnostics: Vec<Diagnostic>,
    extensions: bool,
}

impl<'a> Parser<'a> {
    fn next(&mut self) -> Token {
        self.peeked
            .take()
            .unwrap_or_else(|| self.lexer.next_token())
    }

    fn peek(&mut self) -> Token {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token());
        }
        self.peeked.unwrap_or(Token {
            kind: Kind::Eof,
            start: 0,
            end: 0,
        })
    }

    fn text(&self, t: Token) -> &'a str {
        &self.src[t.start..t.end]
    }

    fn span(&self, t: Token) -> Span {
        self.map.span(t.start, t.end)
    }

    fn span_of(&self, start: usize, end: usize) -> Span {
        self.map.span(start, end)
    }

    fn fatal(&mut self, message: impl Into<String>, span: Span) {
        self.fatal_with(|_| message.into(), span);
    }

    /// Like [`Parser::fatal`], building the message (which may count lines) only for the
    /// first error, so that many bad lines stay linear.
    fn fatal_with(&mut self, message: impl FnOnce(&Self) -> String, span: Span) {
        if self.diagram.fatal.is_none() {
            let message = message(self);
            self.diagram.fatal = Some(Fatal { message, span });
        }
    }

    /// A value stored as `token.substr(n)`: skips `n` UTF-16 units.
    fn value(&self, t: Token, keyword_len: usize) -> Value {
        let text = self.text(t);
        let mut units = 0;
        let mut cut = text.len();
        for (i, c) in text.char_indices() {
            if units >= keyword_len {
                cut = i;
                break;
            }
            units += c.len_utf16();
        }
        if units < keyword_len {
            cut = text.len();
        }
        Value {
            raw: decode_entities(&text[cut..]),
            span: self.span_of(t.start + cut, t.end),
        }
    }

    fn document(&mut self) {
        let first = self.next();
        if first.kind != Kind::Gantt {
            self.error_at(first, "expected `gantt`");
            self.skip_line();
        }
        loop {
            let t = self.next();
            match t.kind {
                Kind::Eof => break,
                Kind::Nl => {}
                _ => {
                    if !self.statement(t) {
                        self.skip_line();
                    }
                }
            }
        }
    }

    fn skip_line(&mut self) {
        loop {
            let t = self.peek();
            if matches!(t.kind, Kind::Nl | Kind::Eof) {
                return;
            }
            self.next();
        }
    }

    fn push(&mut self, kind: StatementKind, t: Token, keyword_len: usize) {
        let span = self.span(t);
        let keyword = self.span_of(t.start, (t.start + keyword_len).min(t.end));
        self.diagram.statements.push(Statement {
            kind,
            span,
            keyword,
        });
    }

    /// Returns false after a syntax error (the caller skips the rest of the line).
    fn statement(&mut self, t: Token) -> bool {
        match t.kind {
            Kind::DateFormat => {
                let v = self.value(t, 11);
                self.push(StatementKind::DateFormat(v), t, 10);
            }
            Kind::AxisFormat => {
                let v = self.value(t, 11);
                self.push(StatementKind::AxisFormat(v), t, 10);
            }
            Kind::TickInterval => {
                let v = self.value(t, 13);
                self.push(StatementKind::TickInterval(v), t, 12);
            }
            Kind::Includes => {
                let v = self.value(t, 9);
                self.push(StatementKind::Includes(v), t, 8);
            }
            Kind::Excludes => {
                let v = self.value(t, 9);
                self.push(StatementKind::Excludes(v), t, 8);
            }
            Kind::TodayMarker => {
                let v = self.value(t, 12);
                self.push(StatementKind::TodayMarker(v), t, 11);
            }
            Kind::DataDate => {
                let v = self.value(t, 9);
                self.push(StatementKind::DataDate(v), t, 8);
            }
            Kind::InclusiveEndDates => self.push(StatementKind::InclusiveEndDates, t, 17),
            Kind::TopAxis => {
                let span = self.span(t);
                self.fatal("yy.TopAxis is not a function", span);
                self.diagnostics.push(
                    Diagnostic::error(
                        "gantt::top-axis-statement",
                        "Mermaid 11.12 fails on the `topAxis` statement and draws no chart",
                    )
                    .with_span(span)
                    .with_note("forvalt draws the top axis anyway")
                    .with_help(
                        "set it in the front matter instead: `config:` / `gantt:` / `topAxis: true`",
                    ),
                );
                self.push(StatementKind::TopAxis, t, 7);
            }
            Kind::Weekday(d) => self.push(StatementKind::Weekday(d), t, 7),
            Kind::Weekend(d) => self.push(StatementKind::Weekend(d), t, 7),
            Kind::Title => {
                let v = self.value(t, 6);
                self.check_keyword_as_task("title", &v);
                self.push(StatementKind::Title(v), t, 5);
            }
            Kind::Section => {
                let v = self.value(t, 8);
                self.check_keyword_as_task("section", &v);
                self.push(StatementKind::Section(v), t, 7);
            }
            Kind::AccTitle | Kind::AccDescr => {
                let v = self.next();
                let expected = if t.kind == Kind::AccTitle {
                    Kind::AccTitleValue
                } else {
                    Kind::AccDescrValue
                };
                if v.kind != expected {
                    return self.error_at(v, "expected the text of the accessibility statement");
                }
                let raw = js::trim(self.text(v)).to_string();
                let value = Value {
                    raw: decode_entities(&raw),
                    span: self.span(v),
                };
                let whole = Token {
                    kind: t.kind,
                    start: t.start,
                    end: v.end,
                };
                let kind = if t.kind == Kind::AccTitle {
                    StatementKind::AccTitle(value)
                } else {
                    StatementKind::AccDescr(value)
                };
                self.push(kind, whole, 8);
            }
            Kind::AccDescrMultiline => {
                let raw = js::trim(self.text(t)).to_string();
                let value = Value {
                    raw: collapse_indent(&decode_entities(&raw)),
                    span: self.span(t),
                };
                self.push(StatementKind::AccDescr(value), t, 0);
            }
            Kind::Click => return self.click(t),
            Kind::TaskTxt => return self.task(t),
            _ => return self.unexpected(t),
        }
        true
    }

    fn error_at(&mut self, t: Token, what: &str) -> bool {
        let span = self.span(t);
        let got = t.kind.name();
        self.fatal_with(
            |p| {
                let line = line_of(p.src, t.start);
                format!("Parse error on line {line}: {what}, got '{got}'")
            },
            span,
        );
        self.diagnostics.push(
            Diagnostic::error(
                "gantt::syntax",
                format!("{what}, found {}", describe(t.kind)),
            )
            .with_span(span)
            .with_note("Mermaid rejects the whole chart; forvalt leaves this line out"),
        );
        false
    }

    fn unexpected(&mut self, t: Token) -> bool {
        let span = self.span(t);
        let (message, help): (&str, Option<&str>) = match t.kind {
            Kind::Date => (
                "a line cannot start with a date",
                Some("write the task name first: `Name : 2025-01-01, 3d`"),
            ),
            Kind::AccDescription => (
                "`accDescription` is not a statement",
                Some("write `accDescr: text`"),
            ),
            Kind::OpenDirective => ("this `%%{` directive is not closed with `}%%`", None),
            Kind::TaskData | Kind::Colon => (
                "task data without a task name",
                Some("write the name before the colon: `Name : 2025-01-01, 3d`"),
            ),
            Kind::Href | Kind::CallbackName | Kind::CallbackArgs => (
                "a task name cannot start with `href`, `call` or `click`",
                Some("rename the task, e.g. put another word first"),
            ),
            Kind::Gantt => (
                "a task name cannot start with the word `gantt`",
                Some("rename the task"),
            ),
            _ => ("unexpected text", None),
        };
        self.fatal_with(
            |p| {
                format!(
                    "Parse error on line {}: unexpected '{}'",
                    line_of(p.src, t.start),
                    t.kind.name()
                )
            },
            span,
        );
        let mut d = Diagnostic::error("gantt::syntax", message)
            .with_span(span)
            .with_note("Mermaid rejects the whole chart; forvalt leaves this line out");
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diagnostics.push(d);
        false
    }

    fn check_keyword_as_task(&mut self, keyword: &str, v: &Value) {
        let Some((name, data)) = v.raw.rsplit_once(':') else {
            return;
        };
        if looks_like_task_data(data) {
            self.diagnostics.push(
                Diagnostic::warning(
                    "gantt::keyword-task-name",
                    format!(
                        "this line starts with the word `{keyword}`, so Mermaid reads it as a {keyword}, not as a task"
                    ),
                )
                .with_span(v.span)
                .with_note(format!("the {keyword} becomes `{}`", v.raw.trim()))
                .with_help(format!(
                    "if `{keyword} {}` is a task, start its name with another word",
                    name.trim()
                )),
            );
        }
    }

    fn click(&mut self, t: Token) -> bool {
        let ids = Spanned::new(self.text(t).to_string(), self.span(t));
        let mut click = Click {
            ids,
            href: None,
            callback: None,
            args: None,
        };
        let first = self.next();
        let mut end = first.end;
        match first.kind {
            Kind::CallbackName => {
                click.callback = Some(Spanned::new(self.text(first).to_string(), self.span(first)));
                if self.peek().kind == Kind::CallbackArgs {
                    let a = self.next();
                    end = a.end;
                    click.args = Some(Spanned::new(self.text(a).to_string(), self.span(a)));
                }
                if self.peek().kind == Kind::Href {
                    let h = self.next();
                    end = h.end;
                    click.href = Some(Spanned::new(self.text(h).to_string(), self.span(h)));
                }
            }
            Kind::Href => {
                click.href = Some(Spanned::new(self.text(first).to_string(), self.span(first)));
                if self.peek().kind == Kind::CallbackName {
                    let c = self.next();
                    end = c.end;
                    click.callback = Some(Spanned::new(self.text(c).to_string(), self.span(c)));
                    if self.peek().kind == Kind::CallbackArgs {
                        let a = self.next();
                        end = a.end;
                        click.args = Some(Spanned::new(self.text(a).to_string(), self.span(a)));
                    }
                }
            }
            _ => {
                return self.error_at(
                    first,
                    "expected `href \"…\"` or `call name()` after `click id`",
                );
            }
        }
        let whole = Token {
            kind: Kind::Click,
            start: t.start,
            end,
        };
        self.push(StatementKind::Click(click), whole, 5);
        true
    }

    fn task(&mut self, name_tok: Token) -> bool {
        let data_tok = self.peek();
        if data_tok.kind != Kind::TaskData {
            let name = self.text(name_tok).trim_end().to_string();
            let span = self.span(name_tok);
            let got = data_tok.kind.name();
            self.fatal_with(
                |p| {
                    format!(
                        "Parse error on line {}: expecting 'taskData', got '{got}'",
                        line_of(p.src, name_tok.start)
                    )
                },
                span,
            );
            let mut d = if data_tok.kind == Kind::Colon {
                Diagnostic::error("gantt::syntax", "task data is missing after the colon")
                    .with_span(self.span(data_tok))
                    .with_help("write a start and an end or duration: `: 2025-01-01, 3d`")
            } else if name.starts_with('#') {
                Diagnostic::error(
                    "gantt::syntax",
                    "`#` ends the task data, and the rest is read as a new task without data",
                )
                .with_span(span)
                .with_help("remove the `#` comment or put it on its own line as `%% comment`")
            } else if let Some(word) = ["weekend", "weekday"]
                .iter()
                .find(|w| name.to_ascii_lowercase().starts_with(*w))
            {
                Diagnostic::error(
                    "gantt::syntax",
                    format!("`{name}` is not a valid `{word}` statement"),
                )
                .with_span(span)
                .with_help(if *word == "weekend" {
                    "write `weekend friday` or `weekend saturday`"
                } else {
                    "write `weekday monday` … `weekday sunday`"
                })
            } else {
                Diagnostic::error(
                    "gantt::syntax",
                    format!("`{name}` has no `:` and task data"),
                )
                .with_span(span)
                .with_help(
                    "a task is written `Name : start, end` — e.g. `Analyse : 2025-01-01, 10d`",
                )
            };
            d = d.with_note("Mermaid rejects the whole chart; forvalt leaves this line out");
            self.diagnostics.push(d);
            return false;
        }
        self.next();
        let name_text = self.text(name_tok);
        if name_text.starts_with(';') {
            self.diagnostics.push(
                Diagnostic::warning(
                    "gantt::semicolon",
                    "`;` does not separate statements in a gantt chart",
                )
                .with_span(self.span_of(name_tok.start, name_tok.start + 1))
                .with_note("the text after `;` becomes part of the next task's name")
                .with_help("put each task on its own line"),
            );
        }
        let name = Spanned::new(decode_entities(name_text), self.span(name_tok));
        // Task data: strip the leading `:`, split on `,`.
        let data_start = data_tok.start + 1;
        let data = &self.src[data_start..data_tok.end];
        let mut pieces = Vec::new();
        let mut off = data_start;
        for piece in data.split(',') {
            pieces.push((off, piece, js::trim(piece)));
            off += piece.len() + 1;
        }
        let mut tags: Vec<Spanned<Tag>> = Vec::new();
        let mut progress = None;
        let mut idx = 0;
        loop {
            let mut matched = false;
            for tag in Tag::ALL {
                let Some(&(o, piece, trimmed)) = pieces.get(idx) else {
                    // All fields were tags: Mermaid reads `data[0].match` of undefined.
                    let span = self.span_of(data_tok.start, data_tok.end);
                    self.fatal(
                        "Cannot read properties of undefined (reading 'match')",
                        span,
                    );
                    self.diagnostics.push(
                        Diagnostic::error(
                            "gantt::tags-only",
                            "this task has tags but no start, end or duration",
                        )
                        .with_span(span)
                        .with_note("Mermaid rejects the whole chart; forvalt leaves this task out")
                        .with_help(
                            "add a start and an end or duration, e.g. `: crit, 2025-01-01, 3d`",
                        ),
                    );
                    return true;
                };
                if trimmed == tag.name() {
                    let t = js::trim_start(piece);
                    let lead = piece.len() - t.len();
                    tags.push(Spanned::new(
                        tag,
                        self.span_of(o + lead, o + lead + tag.name().len()),
                    ));
                    idx += 1;
                    matched = true;
                }
            }
            if !matched
                && self.extensions
                && let Some(&(o, piece, _)) = pieces.get(idx)
                && let Some(pct) = parse_percent(piece)
            {
                progress = Some(Spanned::new(pct, self.span_of(o, o + piece.len())));
                idx += 1;
                matched = true;
            }
            if !matched {
                break;
            }
        }
        let fields = pieces[idx..]
            .iter()
            .map(|&(o, piece, t)| {
                let lead = piece.len() - js::trim_start(piece).len();
                Spanned::new(
                    decode_entities(t),
                    self.span_of(o + lead, o + lead + t.len()),
                )
            })
            .collect();
        let task = TaskLine {
            name,
            data: Spanned::new(
                decode_entities(&self.src[data_tok.start..data_tok.end]),
                self.span(data_tok),
            ),
            tags,
            progress,
            fields,
        };
        let whole = Token {
            kind: Kind::TaskTxt,
            start: name_tok.start,
            end: data_tok.end,
        };
        let name_len = name_text.trim_end().len();
        self.push(StatementKind::Task(task), whole, name_len);
        true
    }

    fn front_matter(&mut self, yaml: &str, span: Span) {
        let parsed: Result<Json, _> = if yaml.trim().is_empty() {
            Ok(Json::Null)
        } else {
            serde_saphyr::from_str::<Json>(yaml)
        };
        match parsed {
            Ok(Json::Object(map)) => {
                if let Some(title) = map.get("title").filter(|v| truthy(v)) {
                    self.diagram.front_matter_title =
                        Some(Spanned::new(json_to_string(title), span));
                }
                if let Some(dm) = map.get("displayMode").filter(|v| truthy(v)) {
                    self.diagram.config.display_mode = Some(json_to_string(dm));
                }
                if let Some(Json::Object(config)) = map.get("config") {
                    self.apply_config(config);
                }
            }
            Ok(_) => {}
            Err(e) => {
                let first = e.to_string();
                let first = first.lines().next().unwrap_or("invalid YAML").to_string();
                self.fatal(format!("YAMLException: {first}"), span);
                self.diagnostics.push(
                    Diagnostic::error(
                        "gantt::front-matter",
                        format!("the chart's front matter is not valid YAML: {first}"),
                    )
                    .with_span(span)
                    .with_note("Mermaid rejects the whole chart; forvalt ignores the front matter"),
                );
            }
        }
    }

    fn apply_config(&mut self, config: &serde_json::Map<String, Json>) {
        if let Some(Json::String(theme)) = config.get("theme") {
            self.diagram.config.theme = Some(theme.clone());
        }
        if let Some(Json::Object(gantt)) = config.get("gantt") {
            for (k, v) in gantt {
                if k == "displayMode" {
                    self.diagram.config.display_mode = Some(json_to_string(v));
                } else {
                    self.diagram.config.gantt.insert(k.clone(), v.clone());
                }
            }
        }
    }

    fn directive(&mut self, d: &preprocess::Directive) {
        let kind = d.kind.to_ascii_lowercase();
        if kind != "init" && kind != "initialize" {
            if kind != "wrap" {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "gantt::directive",
                        format!("unknown directive `{}` is ignored", d.kind),
                    )
                    .with_span(d.span),
                );
            }
            return;
        }
        let Some(args) = &d.args else {
            return;
        };
        let json = args.trim().replace('\'', "\"");
        match serde_json::from_str::<Json>(&json) {
            Ok(Json::Object(mut map)) => {
                if let Some(config) = map.remove("config") {
                    map.insert("gantt".into(), config);
                }
                if let Some(Json::Object(g)) = map.get("gantt")
                    && let Some(dm) = g.get("displayMode")
                {
                    self.diagram.config.display_mode = Some(json_to_string(dm));
                }
                self.apply_config(&map);
            }
            Ok(_) => {}
            Err(e) => self.diagnostics.push(
                Diagnostic::warning(
                    "gantt::directive",
                    format!("this init directive is not valid JSON: {e}"),
                )
                .with_span(d.span)
                .with_note("Mermaid ignores it, and so does forvalt"),
            ),
        }
    }
}

fn describe(kind: Kind) -> String {
    match kind {
        Kind::Nl => "the end of the line".into(),
        Kind::Eof => "the end of the chart".into(),
        other => format!("`{}`", other.name()),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// `accDescr { … }`: `\n\s+` → `\n`.
fn collapse_indent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_nl = false;
    for c in s.chars() {
        if after_nl && js::is_space(c) {
            continue;
        }
        after_nl = c == '\n';
        out.push(c);
    }
    out
}

fn truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn json_to_string(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), crate::js::number_to_string),
        other => other.to_string(),
    }
}

fn parse_percent(piece: &str) -> Option<f64> {
    let t = js::trim(piece).strip_suffix('%')?;
    let v: f64 = js::trim(t).parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v)
}

/// Whether text after a colon reads like a task's data (`2d`, `a1, 2025-01-01, 3d`, `after x`).
fn looks_like_task_data(data: &str) -> bool {
    let fields: Vec<&str> = data.split(',').map(js::trim).collect();
    let Some(last) = fields.last() else {
        return false;
    };
    let is_duration = |s: &str| {
        let s = s.trim_end_matches(['d', 'w', 'h', 'm', 's', 'M', 'y']);
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    let is_date = |s: &str| {
        s.len() >= 8 && s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.contains('-')
    };
    fields.len() <= 4
        && (is_duration(last)
            || is_date(last)
            || last.starts_with("after ")
            || last.starts_with("until "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Diagram {
        let c = parse(text, &ParseOptions::default());
        c.value
    }

    #[test]
    fn tasks_keep_their_names_and_fields() {
        let text = "gantt\n  dateFormat  YYYY-MM-DD\n  section  Milepæle\n  Produkt Owner udpeget   :milestone, a2,2025-10-01, 0d\n";
        let d = parse_ok(text);
        assert!(d.fatal.is_none());
        assert_eq!(d.statements.len(), 3);
        let StatementKind::DateFormat(v) = &d.statements[0].kind else {
            panic!()
        };
        assert_eq!(v.raw, " YYYY-MM-DD");
        let StatementKind::Section(s) = &d.statements[1].kind else {
            panic!()
        };
        assert_eq!(s.raw, " Milepæle");
        let StatementKind::Task(t) = &d.statements[2].kind else {
            panic!()
        };
        assert_eq!(t.name.value, "Produkt Owner udpeget   ");
        assert!(t.has(Tag::Milestone));
        let f: Vec<_> = t.fields.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(f, ["a2", "2025-10-01", "0d"]);
        assert_eq!(&text[t.fields[1].span.range()], "2025-10-01");
        assert_eq!(&text[t.tags[0].span.range()], "milestone");
    }

    #[test]
    fn errors_are_located_and_the_rest_parsed() {
        let text = "gantt\n  A : 2025-01-01, 1d\n  B no colon\n  C : 2025-01-02, 1d\n";
        let c = parse(text, &ParseOptions::default());
        assert!(c.value.fatal.is_some());
        assert_eq!(c.value.statements.len(), 2);
        let d = &c.diagnostics[0];
        assert_eq!(&text[d.span.unwrap().range()], "B no colon");
    }

    #[test]
    fn tags_only_is_fatal() {
        let c = parse("gantt\n A : crit, done\n", &ParseOptions::default());
        assert_eq!(
            c.value.fatal.unwrap().message,
            "Cannot read properties of undefined (reading 'match')"
        );
    }

    #[test]
    fn front_matter_and_init() {
        let text = "---\ntitle: Plan\ndisplayMode: compact\nconfig:\n  gantt:\n    barHeight: 30\n---\ngantt\n%%{init: {'theme': 'dark', 'gantt': {'topAxis': true}}}%%\n  A : 2025-01-01, 1d\n";
        let d = parse_ok(text);
        assert_eq!(d.front_matter_title.unwrap().value, "Plan");
        assert_eq!(d.config.display_mode.as_deref(), Some("compact"));
        assert_eq!(d.config.theme.as_deref(), Some("dark"));
        assert_eq!(d.config.gantt["barHeight"], 30);
        assert_eq!(d.config.gantt["topAxis"], true);
    }

    #[test]
    fn keyword_lines_warn() {
        let c = parse("gantt\n  Title of phase : 2d\n", &ParseOptions::default());
        assert!(
            c.diagnostics
                .iter()
                .any(|d| d.code == "gantt::keyword-task-name")
        );
    }
}
