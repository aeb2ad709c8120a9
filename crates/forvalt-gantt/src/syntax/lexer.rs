//! The lexer of Mermaid's gantt grammar (`gantt.jison`): case-insensitive keywords, the
//! first matching rule wins, and a few states for `click`, `href`, `call` and the
//! accessibility statements.

use super::ast::Weekday;
use crate::js;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Gantt,
    DateFormat,
    InclusiveEndDates,
    TopAxis,
    AxisFormat,
    TickInterval,
    Includes,
    Excludes,
    TodayMarker,
    Weekday(Weekday),
    Weekend(Weekday),
    Date,
    Title,
    AccDescription,
    Section,
    TaskTxt,
    TaskData,
    Colon,
    Nl,
    Eof,
    OpenDirective,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultiline,
    Click,
    Href,
    CallbackName,
    CallbackArgs,
    /// `dataDate D` (forvalt extension, only when enabled).
    DataDate,
}

impl Kind {
    /// The token name Mermaid's parser reports.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Gantt => "gantt",
            Kind::DateFormat => "dateFormat",
            Kind::InclusiveEndDates => "inclusiveEndDates",
            Kind::TopAxis => "topAxis",
            Kind::AxisFormat => "axisFormat",
            Kind::TickInterval => "tickInterval",
            Kind::Includes => "includes",
            Kind::Excludes => "excludes",
            Kind::TodayMarker => "todayMarker",
            Kind::Weekday(_) => "weekday",
            Kind::Weekend(_) => "weekend",
            Kind::Date => "date",
            Kind::Title => "title",
            Kind::AccDescription => "accDescription",
            Kind::Section => "section",
            Kind::TaskTxt => "taskTxt",
            Kind::TaskData => "taskData",
            Kind::Colon => ":",
            Kind::Nl => "NL",
            Kind::Eof => "EOF",
            Kind::OpenDirective => "open_directive",
            Kind::AccTitle => "acc_title",
            Kind::AccTitleValue => "acc_title_value",
            Kind::AccDescr => "acc_descr",
            Kind::AccDescrValue => "acc_descr_value",
            Kind::AccDescrMultiline => "acc_descr_multiline_value",
            Kind::Click => "click",
            Kind::Href => "href",
            Kind::CallbackName => "callbackname",
            Kind::CallbackArgs => "callbackargs",
            Kind::DataDate => "dataDate",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    AccTitle,
    AccDescr,
    AccDescrMultiline,
    Href,
    CallbackName,
    CallbackArgs,
    Click,
}

pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    states: Vec<State>,
    extensions: bool,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str, extensions: bool) -> Self {
        Lexer {
            text,
            pos: 0,
            states: Vec::new(),
            extensions,
        }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn tok(&mut self, kind: Kind, len: usize) -> Token {
        let start = self.pos;
        self.pos += len;
        Token {
            kind,
            start,
            end: self.pos,
        }
    }

    /// Case-insensitive keyword at the current position.
    fn kw(&self, word: &str) -> bool {
        let r = self.rest().as_bytes();
        r.len() >= word.len() && r[..word.len()].eq_ignore_ascii_case(word.as_bytes())
    }

    /// Keyword followed by a word boundary.
    fn kw_b(&self, word: &str) -> bool {
        self.kw(word)
            && !self
                .rest()
                .as_bytes()
                .get(word.len())
                .copied()
                .is_some_and(is_word_byte)
    }

    /// Length of `word\s<chars not in stop>+` at the current position, if it matches.
    fn kw_value(&self, word: &str, stop: &[char]) -> Option<usize> {
        if !self.kw(word) {
            return None;
        }
        let after = &self.rest()[word.len()..];
        let sep = after.chars().next().filter(|&c| js::is_space(c))?;
        let value = &after[sep.len_utf8()..];
        let n = value
            .char_indices()
            .find(|&(_, c)| c == '\n' || stop.contains(&c))
            .map_or(value.len(), |(i, _)| i);
        (n > 0).then_some(word.len() + sep.len_utf8() + n)
    }

    /// Length of the JS-whitespace run at `s`'s start.
    fn spaces(s: &str) -> usize {
        s.char_indices()
            .find(|&(_, c)| !js::is_space(c))
            .map_or(s.len(), |(i, _)| i)
    }

    fn line_len(s: &str) -> usize {
        s.find('\n').unwrap_or(s.len())
    }

    pub(crate) fn next_token(&mut self) -> Token {
        loop {
            if let Some(t) = self.step() {
                return t;
            }
        }
    }

    /// One rule application: a token, or `None` when the rule produced none (skips).
    fn step(&mut self) -> Option<Token> {
        match self.states.last().copied() {
            None => self.initial(),
            Some(state) => Some(self.in_state(state)),
        }
    }

    fn in_state(&mut self, state: State) -> Token {
        let rest = self.rest();
        if rest.is_empty() {
            // No state rule matches at the end of the input: jison returns EOF.
            self.states.clear();
            return self.tok(Kind::Eof, 0);
        }
        match state {
            State::AccTitle | State::AccDescr => {
                self.states.pop();
                let kind = if state == State::AccTitle {
                    Kind::AccTitleValue
                } else {
                    Kind::AccDescrValue
                };
                self.tok(kind, Self::line_len(rest))
            }
            State::AccDescrMultiline => {
                if rest.starts_with('}') {
                    self.states.pop();
                    self.pos += 1;
                    return self.next_token();
                }
                let n = rest.find('}').unwrap_or(rest.len());
                self.tok(Kind::AccDescrMultiline, n)
            }
            State::Href => {
                if rest.starts_with('"') {
                    self.states.pop();
                    self.pos += 1;
                    return self.next_token();
                }
                let n = rest.find('"').unwrap_or(rest.len());
                self.tok(Kind::Href, n)
            }
            State::CallbackName => {
                if let Some(after) = rest.strip_prefix('(') {
                    let inner = Self::spaces(after);
                    self.states.pop();
                    if after[inner..].starts_with(')') {
                        self.pos += 2 + inner;
                    } else {
                        self.pos += 1;
                        self.states.push(State::CallbackArgs);
                    }
                    return self.next_token();
                }
                let n = rest.find('(').unwrap_or(rest.len());
                self.tok(Kind::CallbackName, n)
            }
            State::CallbackArgs => {
                if rest.starts_with(')') {
                    self.states.pop();
                    self.pos += 1;
                    return self.next_token();
                }
                let n = rest.find(')').unwrap_or(rest.len());
                self.tok(Kind::CallbackArgs, n)
            }
            State::Click => {
                if let Some(c) = rest.chars().next().filter(|&c| js::is_space(c)) {
                    self.states.pop();
                    self.pos += c.len_utf8();
                    return self.next_token();
                }
                let n = rest
                    .char_indices()
                    .find(|&(_, c)| js::is_space(c))
                    .map_or(rest.len(), |(i, _)| i);
                self.tok(Kind::Click, n)
            }
        }
    }

    fn initial(&mut self) -> Option<Token> {
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return Some(self.tok(Kind::Eof, 0));
        };
        if rest.starts_with("%%{") {
            let t = self.tok(Kind::OpenDirective, 3);
            return Some(t);
        }
        for (word, kind, state) in [
            ("accTitle", Kind::AccTitle, State::AccTitle),
            ("accDescr", Kind::AccDescr, State::AccDescr),
        ] {
            if self.kw(word) {
                let after = &rest[word.len()..];
                let s1 = Self::spaces(after);
                if after[s1..].starts_with(':') {
                    let s2 = Self::spaces(&after[s1 + 1..]);
                    let len = word.len() + s1 + 1 + s2;
                    self.states.push(state);
                    return Some(self.tok(kind, len));
                }
            }
        }
        if self.kw("accDescr") {
            let after = &rest[8..];
            let s1 = Self::spaces(after);
            if after[s1..].starts_with('{') {
                let s2 = Self::spaces(&after[s1 + 1..]);
                self.pos += 8 + s1 + 1 + s2;
                self.states.push(State::AccDescrMultiline);
                return None;
            }
        }
        // Comments: `%%…`, any character but `}` followed by `%…`, and a lone `%…`.
        if rest.starts_with("%%") {
            self.pos += Self::line_len(rest);
            return None;
        }
        if c != '}' && rest[c.len_utf8()..].starts_with('%') {
            let from = c.len_utf8() + 1;
            self.pos += from + Self::line_len(&rest[from..]);
            return None;
        }
        if c == '%' {
            let line = Self::line_len(rest);
            let nls = rest[line..].bytes().take_while(|&b| b == b'\n').count();
            self.pos += line + nls;
            return None;
        }
        if c == '\n' {
            let n = rest.bytes().take_while(|&b| b == b'\n').count();
            return Some(self.tok(Kind::Nl, n));
        }
        if js::is_space(c) {
            self.pos += Self::spaces(rest);
            return None;
        }
        for (word, state) in [
            ("href", State::Href),
            ("call", State::CallbackName),
            ("click", State::Click),
        ] {
            if self.kw(word) {
                let s = Self::spaces(&rest[word.len()..]);
                if s > 0 {
                    if state == State::Href {
                        if !rest[word.len() + s..].starts_with('"') {
                            continue;
                        }
                        self.pos += word.len() + s + 1;
                    } else {
                        self.pos += word.len() + s;
                    }
                    self.states.push(state);
                    return None;
                }
            }
        }
        if self.kw_b("gantt") {
            return Some(self.tok(Kind::Gantt, 5));
        }
        if let Some(n) = self.kw_value("dateFormat", &['#', ';']) {
            return Some(self.tok(Kind::DateFormat, n));
        }
        if self.kw_b("inclusiveEndDates") {
            return Some(self.tok(Kind::InclusiveEndDates, 17));
        }
        if self.kw_b("topAxis") {
            return Some(self.tok(Kind::TopAxis, 7));
        }
        for (word, kind) in [
            ("axisFormat", Kind::AxisFormat),
            ("tickInterval", Kind::TickInterval),
            ("includes", Kind::Includes),
            ("excludes", Kind::Excludes),
        ] {
            if let Some(n) = self.kw_value(word, &['#', ';']) {
                return Some(self.tok(kind, n));
            }
        }
        if let Some(n) = self.kw_value("todayMarker", &[';']) {
            return Some(self.tok(Kind::TodayMarker, n));
        }
        for (word, allowed) in [
            ("weekday", &DAYS_ALL[..]),
            ("weekend", &[Weekday::Friday, Weekday::Saturday][..]),
        ] {
            if self.kw(word) {
                let after = &rest[word.len()..];
                let s = Self::spaces(after);
                if s > 0 {
                    let lower = &after.as_bytes()[s..];
                    for day in allowed {
                        let name = day.name().as_bytes();
                        if lower.len() >= name.len()
                            && lower[..name.len()].eq_ignore_ascii_case(name)
                            && !lower.get(name.len()).copied().is_some_and(is_word_byte)
                        {
                            let kind = if word == "weekday" {
                                Kind::Weekday(*day)
                            } else {
                                Kind::Weekend(*day)
                            };
                            return Some(self.tok(kind, word.len() + s + name.len()));
                        }
                    }
                }
            }
        }
        if is_date_token(rest) {
            return Some(self.tok(Kind::Date, 10));
        }
        if let Some(n) = self.kw_value("title", &[]) {
            return Some(self.tok(Kind::Title, n));
        }
        if let Some(n) = self.kw_value("accDescription", &['#', ';']) {
            return Some(self.tok(Kind::AccDescription, n));
        }
        if let Some(n) = self.kw_value("section", &[]) {
            return Some(self.tok(Kind::Section, n));
        }
        if self.extensions
            && let Some(n) = self.kw_value("dataDate", &['#', ';'])
        {
            return Some(self.tok(Kind::DataDate, n));
        }
        Some(self.task_text_or_data(rest, c))
    }

    /// `[^:\n]+` → task text, `:[^#\n;]+` → task data, else a lone `:`.
    fn task_text_or_data(&mut self, rest: &str, c: char) -> Token {
        if c != ':' {
            let n = rest.find([':', '\n']).unwrap_or(rest.len());
            return self.tok(Kind::TaskTxt, n);
        }
        let data = rest[1..].find(['#', '\n', ';']).unwrap_or(rest.len() - 1);
        if data > 0 {
            return self.tok(Kind::TaskData, 1 + data);
        }
        self.tok(Kind::Colon, 1)
    }
}

const DAYS_ALL: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

fn is_date_token(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && !b.get(10).copied().is_some_and(is_word_byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let mut lx = Lexer::new(text, false);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token();
            out.push((t.kind, text[t.start..t.end].to_string()));
            if t.kind == Kind::Eof {
                break;
            }
        }
        out
    }

    #[test]
    fn statements_and_tasks() {
        let k = kinds("gantt\n  dateFormat  YYYY-MM-DD\n  Task A  :a1, 2025-01-01, 3d\n");
        let names: Vec<_> = k.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                Kind::Gantt,
                Kind::Nl,
                Kind::DateFormat,
                Kind::Nl,
                Kind::TaskTxt,
                Kind::TaskData,
                Kind::Nl,
                Kind::Eof
            ]
        );
        assert_eq!(k[2].1, "dateFormat  YYYY-MM-DD");
        assert_eq!(k[4].1, "Task A  ");
    }

    #[test]
    fn keyword_words_start_statements() {
        let k = kinds("Title of phase : 2d\n");
        assert_eq!(k[0], (Kind::Title, "Title of phase : 2d".into()));
        let k = kinds("topAxisTask : 1d\n");
        assert_eq!(k[0].0, Kind::TaskTxt);
        let k = kinds("inclusiveEndDates soon : 1d\n");
        assert_eq!(k[0].0, Kind::InclusiveEndDates);
        assert_eq!(k[1], (Kind::TaskTxt, "soon ".into()));
        let k = kinds("    5% done : 1d\nx : 1d");
        assert_eq!(k[0].0, Kind::Nl, "the % line vanishes");
    }

    #[test]
    fn hash_ends_task_data() {
        let k = kinds("A : 1d # note\n");
        assert_eq!(k[1], (Kind::TaskData, ": 1d ".into()));
        assert_eq!(k[2], (Kind::TaskTxt, "# note".into()));
    }

    #[test]
    fn click_href_call() {
        let k = kinds("click a1,a2 href \"https://x\"\nclick b call go(1, 2)\n");
        let names: Vec<_> = k.iter().map(|(k, s)| (*k, s.as_str())).collect();
        assert_eq!(
            names,
            [
                (Kind::Click, "a1,a2"),
                (Kind::Href, "https://x"),
                (Kind::Nl, "\n"),
                (Kind::Click, "b"),
                (Kind::CallbackName, "go"),
                (Kind::CallbackArgs, "1, 2"),
                (Kind::Nl, "\n"),
                (Kind::Eof, ""),
            ]
        );
    }
}
