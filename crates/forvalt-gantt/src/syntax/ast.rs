//! The syntax tree of a gantt chart: statements in source order, each with its span in the
//! original text.

use forvalt_diag::{Span, Spanned};
use serde_json::Value as Json;

/// A parsed chart.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    /// Statements in source order.
    pub statements: Vec<Statement>,
    /// Configuration from YAML front matter and `%%{init: …}%%` directives.
    pub config: DiagramConfig,
    /// `title:` from the front matter (an in-body `title` overrides it).
    pub front_matter_title: Option<Spanned<String>>,
    /// The first error that makes Mermaid reject the whole chart while parsing, if any.
    pub fatal: Option<Fatal>,
    /// Length of the original text in bytes.
    pub source_len: usize,
}

/// An error that makes Mermaid fail the whole chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal {
    /// Mermaid's message, e.g. `Invalid date:2025-00-01`.
    pub message: String,
    /// Where it happens.
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// What it says.
    pub kind: StatementKind,
    /// The whole statement.
    pub span: Span,
    /// The keyword (or the task name for tasks).
    pub keyword: Span,
}

/// A keyword value exactly as Mermaid stores it (leading separator characters included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The stored text, e.g. `" YYYY-MM-DD"` for `dateFormat  YYYY-MM-DD`.
    pub raw: String,
    /// Where the stored text is.
    pub span: Span,
}

/// The kinds of statements.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    /// `dateFormat F`.
    DateFormat(Value),
    /// `axisFormat F`.
    AxisFormat(Value),
    /// `tickInterval T`.
    TickInterval(Value),
    /// `includes L`.
    Includes(Value),
    /// `excludes L`.
    Excludes(Value),
    /// `todayMarker S`.
    TodayMarker(Value),
    /// `inclusiveEndDates`.
    InclusiveEndDates,
    /// `topAxis` (fails in Mermaid 11.12).
    TopAxis,
    /// `weekday monday` … (start of week ticks).
    Weekday(Weekday),
    /// `weekend friday|saturday`.
    Weekend(Weekday),
    /// `title T`.
    Title(Value),
    /// `accTitle: T`.
    AccTitle(Value),
    /// `accDescr: T` or `accDescr { … }`.
    AccDescr(Value),
    /// `section S`.
    Section(Value),
    /// A task line `name : data`.
    Task(TaskLine),
    /// `click id …`.
    Click(Click),
    /// `dataDate D` (forvalt extension).
    DataDate(Value),
}

/// Days of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// 0 = Sunday … 6 = Saturday.
    pub fn index(self) -> u8 {
        match self {
            Weekday::Sunday => 0,
            Weekday::Monday => 1,
            Weekday::Tuesday => 2,
            Weekday::Wednesday => 3,
            Weekday::Thursday => 4,
            Weekday::Friday => 5,
            Weekday::Saturday => 6,
        }
    }

    /// Lower-case English name.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Sunday => "sunday",
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
        }
    }

    /// Parses a lower-case English name.
    pub fn from_name(name: &str) -> Option<Weekday> {
        Some(match name {
            "sunday" => Weekday::Sunday,
            "monday" => Weekday::Monday,
            "tuesday" => Weekday::Tuesday,
            "wednesday" => Weekday::Wednesday,
            "thursday" => Weekday::Thursday,
            "friday" => Weekday::Friday,
            "saturday" => Weekday::Saturday,
            _ => return None,
        })
    }
}

/// Task tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// `active`.
    Active,
    /// `done`.
    Done,
    /// `crit`.
    Crit,
    /// `milestone`.
    Milestone,
    /// `vert` (a vertical marker line).
    Vert,
}

impl Tag {
    /// All tags in Mermaid's test order.
    pub const ALL: [Tag; 5] = [Tag::Active, Tag::Done, Tag::Crit, Tag::Milestone, Tag::Vert];

    /// The tag's keyword.
    pub fn name(self) -> &'static str {
        match self {
            Tag::Active => "active",
            Tag::Done => "done",
            Tag::Crit => "crit",
            Tag::Milestone => "milestone",
            Tag::Vert => "vert",
        }
    }
}

/// A task line.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLine {
    /// The name exactly as Mermaid keeps it (trailing spaces included).
    pub name: Spanned<String>,
    /// The raw data after `:`.
    pub data: Spanned<String>,
    /// Leading tags, in the order written.
    pub tags: Vec<Spanned<Tag>>,
    /// Progress in percent (forvalt extension `NN%` among the tags).
    pub progress: Option<Spanned<f64>>,
    /// Remaining fields after the tags, trimmed, with their spans.
    pub fields: Vec<Spanned<String>>,
}

impl TaskLine {
    /// Whether the task has a tag.
    pub fn has(&self, tag: Tag) -> bool {
        self.tags.iter().any(|t| t.value == tag)
    }
}

/// A `click` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Click {
    /// The comma-separated id list.
    pub ids: Spanned<String>,
    /// `href "url"`.
    pub href: Option<Spanned<String>>,
    /// `call name(args)`.
    pub callback: Option<Spanned<String>>,
    /// The callback's arguments.
    pub args: Option<Spanned<String>>,
}

/// Configuration found in the chart text (front matter `config:` and init directives).
///
/// Only the keys that change a gantt chart are kept; `None` means "not set here".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiagramConfig {
    /// `displayMode` (`compact`).
    pub display_mode: Option<String>,
    /// `theme`.
    pub theme: Option<String>,
    /// Keys under `gantt:` as JSON values (e.g. `barHeight`, `topAxis`, `useWidth`).
    pub gantt: serde_json::Map<String, Json>,
}
