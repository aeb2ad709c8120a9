//! Mermaid `gantt` charts without a browser: text → syntax → schedule → layout → SVG.
//!
//! Each stage has its own types and never fails on bad input; problems come back as
//! [`Diagnostic`](forvalt_diag::Diagnostic)s with spans into the chart text:
//!
//! - [`parse`] turns text into a [`Diagram`] (statements with spans),
//! - [`schedule()`] computes every task's dates exactly as Mermaid 11.12 does,
//! - [`layout()`] places rows, bars, labels and axis ticks as Mermaid's renderer does,
//! - [`svg()`] writes the picture, with a title and description for screen readers.
//!
//! [`render`] runs all four. The time zone and "now" are inputs, so the same chart always
//! gives the same picture.
//!
//! ```
//! use forvalt_gantt::{Options, render};
//!
//! let chart = "gantt\n  dateFormat YYYY-MM-DD\n  section Plan\n  Analyse : a1, 2026-01-05, 10d\n  Udvikling : after a1, 20d\n";
//! let out = render(chart, &Options::at(1_767_225_600_000));
//! assert!(out.svg.starts_with("<svg"));
//! assert_eq!(out.schedule.tasks[1].start, out.schedule.tasks[0].end);
//! assert!(out.diagnostics.is_empty());
//! ```

mod describe;
mod embed;
pub(crate) mod js;
pub mod layout;
pub mod schedule;
pub mod svg;
pub mod syntax;
pub mod time;
mod version;

pub use describe::{
    TableRow, accessible_description, accessible_title, human_date, status, summary, table_html,
    table_rows, tooltips,
};
pub use embed::{Embedded, Fence, charts_in_markdown, diagram_kind, fences, is_gantt};
pub use layout::{Layout, LayoutOptions, layout};
pub use schedule::{ChartError, Schedule, ScheduleOptions, Task, schedule};
pub use svg::{SvgOptions, Theme, svg};
pub use syntax::{ParseOptions, ast::Diagram, parse};
pub use time::Zone;
pub use version::MermaidVersion;

use forvalt_diag::{Diagnostic, Lines};
use serde::Serialize;

/// Language of labels and text alternatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    /// English; axis labels stay exactly Mermaid's.
    #[default]
    En,
    /// Danish: `1. okt. 2026`, Danish month names, Danish text alternatives.
    Da,
}

impl Locale {
    /// `da` or `en` (anything starting with `da` is Danish).
    pub fn from_code(code: &str) -> Locale {
        if code.trim().to_ascii_lowercase().starts_with("da") {
            Locale::Da
        } else {
            Locale::En
        }
    }
}

/// Everything [`render`] needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time zone (default UTC).
    pub zone: Zone,
    /// "Now", in milliseconds since the Unix epoch.
    pub now: i64,
    /// Container width (default 1200, like the reference renders).
    pub width: f64,
    /// Label language.
    pub locale: Locale,
    /// forvalt's extensions: quarter ticks, `dataDate`, progress.
    pub extensions: bool,
    /// Colours.
    pub theme: Theme,
    /// Root element id.
    pub id: String,
    /// Prefix element ids with the root id.
    pub prefix_ids: bool,
    /// Site-wide `gantt` settings.
    pub config: serde_json::Map<String, serde_json::Value>,
    /// Readability fixes over Mermaid's exact geometry (see [`LayoutOptions::readable`]).
    pub readable: bool,
    /// The Mermaid version whose gantt semantics apply (the site's pinned one).
    pub mermaid: MermaidVersion,
}

impl Options {
    /// Defaults with a fixed "now".
    pub fn at(now: i64) -> Options {
        Options {
            zone: Zone::utc(),
            now,
            width: 1200.0,
            locale: Locale::En,
            extensions: false,
            theme: Theme::Auto,
            id: "gantt".into(),
            prefix_ids: false,
            config: serde_json::Map::new(),
            readable: false,
            mermaid: MermaidVersion::DEFAULT,
        }
    }
}

/// The result of [`render`].
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The SVG.
    pub svg: String,
    /// The computed schedule.
    pub schedule: Schedule,
    /// The geometry.
    pub layout: Layout,
    /// Every diagnostic, in stage order.
    pub diagnostics: Vec<Diagnostic>,
    /// The accessible name used in the SVG.
    pub title: String,
    /// The accessible description used in the SVG.
    pub description: String,
}

impl Rendered {
    /// The same chart drawn again with another root id and colours (`prefix_ids` off): a
    /// standalone copy for download, without laying it out twice.
    pub fn redraw(&self, id: &str, theme: Theme, locale: Locale) -> String {
        svg(
            &self.layout,
            &SvgOptions {
                id: id.to_string(),
                prefix_ids: false,
                theme,
                title: self.title.clone(),
                description: self.description.clone(),
                tooltips: tooltips(&self.schedule, locale),
                ..SvgOptions::default()
            },
        )
    }
}

/// Parses, schedules, lays out and draws a chart.
pub fn render(text: &str, options: &Options) -> Rendered {
    let mut diagnostics = Vec::new();
    let diagram = parse(
        text,
        &ParseOptions {
            extensions: options.extensions,
            mermaid: options.mermaid,
        },
    )
    .unpack(&mut diagnostics);
    let schedule = schedule(
        &diagram,
        &ScheduleOptions {
            zone: options.zone.clone(),
            now: options.now,
            extensions: options.extensions,
            mermaid: options.mermaid,
        },
    )
    .unpack(&mut diagnostics);
    let layout = layout(
        &schedule,
        &LayoutOptions {
            width: options.width,
            locale: options.locale,
            config: options.config.clone(),
            readable: options.readable,
        },
    )
    .unpack(&mut diagnostics);
    let title = accessible_title(&schedule, options.locale);
    let description = accessible_description(&schedule, options.locale);
    let theme = match (options.theme, layout.theme.as_deref()) {
        (Theme::Auto, Some("dark")) => Theme::Dark,
        (t, _) => t,
    };
    let svg = svg(
        &layout,
        &SvgOptions {
            id: options.id.clone(),
            prefix_ids: options.prefix_ids,
            theme,
            title: title.clone(),
            description: description.clone(),
            tooltips: tooltips(&schedule, options.locale),
            ..SvgOptions::default()
        },
    );
    Rendered {
        svg,
        schedule,
        layout,
        diagnostics,
        title,
        description,
    }
}

/// One task in the JSON shape of Mermaid's conformance data.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JsonTask {
    /// Id.
    pub id: String,
    /// Name as Mermaid keeps it.
    pub task: String,
    /// Section.
    pub section: String,
    /// Start, `YYYY-MM-DDTHH:MM:SS.sss` local.
    pub start: Option<String>,
    /// End.
    pub end: Option<String>,
    /// Drawn end, when different.
    #[serde(rename = "renderEnd")]
    pub render_end: Option<String>,
    /// Milestone.
    pub milestone: bool,
    /// Vertical marker.
    pub vert: bool,
    /// Critical.
    pub crit: bool,
    /// Active.
    pub active: bool,
    /// Done.
    pub done: bool,
}

/// The chart error in the JSON shape.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JsonError {
    /// Mermaid's message.
    pub message: String,
    /// 1-based line in the chart text.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A schedule as JSON: `{"tasks": [...], "error": null | {...}}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JsonSchedule {
    /// Tasks in source order (tasks that could not be scheduled have null dates).
    pub tasks: Vec<JsonTask>,
    /// The error with which Mermaid rejects the chart.
    pub error: Option<JsonError>,
}

/// The schedule in the JSON shape of `*.computed.json`; `text` is the chart text (for the
/// error's line and column).
pub fn schedule_json(s: &Schedule, text: &str) -> JsonSchedule {
    let d = |t: Option<i64>| t.map(|t| time::iso_local(t, &s.zone));
    JsonSchedule {
        tasks: s
            .tasks
            .iter()
            .map(|t| JsonTask {
                id: t.id.clone(),
                task: t.name.clone(),
                section: t.section.clone(),
                start: d(t.start.filter(|_| t.failure.is_none())),
                end: d(t.end.filter(|_| t.failure.is_none())),
                render_end: d(t.render_end.filter(|_| t.failure.is_none())),
                milestone: t.milestone,
                vert: t.vert,
                crit: t.crit,
                active: t.active,
                done: t.done,
            })
            .collect(),
        error: s.error.as_ref().map(|e| {
            let lines = Lines::new(text);
            let (line, col) = lines.line_col(text, e.span.start as usize);
            JsonError {
                message: e.message.clone(),
                line: line + 1,
                column: col + 1,
            }
        }),
    }
}
