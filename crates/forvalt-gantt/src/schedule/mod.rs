//! Syntax tree → schedule: every task's start, end and drawn end, computed exactly as
//! Mermaid 11.12 does (`ganttDb.js`), plus the stricter checks Mermaid does not make.
//!
//! Where Mermaid would throw and draw nothing, the failing task is marked, the error is kept
//! as [`Schedule::error`], and every other task is still computed.

mod advice;
mod calendar;
mod check;

pub use calendar::Calendar;

use crate::syntax::ast::{Diagram, DiagramConfig, StatementKind, TaskLine, Weekday};
use crate::time::dayjs::{self, Ctx, DayjsFormat};
use crate::time::{Zone, civil, iso_local, jsdate};
use forvalt_diag::{Checked, Diagnostic, Span, Spanned};
use std::collections::{BTreeMap, HashMap};

/// Inputs that Mermaid takes from the environment.
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// The zone dates are read in (Mermaid: the browser's). Default UTC.
    pub zone: Zone,
    /// "Now" in milliseconds since the Unix epoch: the today marker, and the date Mermaid uses
    /// for unknown `after` ids and for formats without a year.
    pub now: i64,
    /// forvalt's extensions (`dataDate`, progress, quarter ticks).
    pub extensions: bool,
    /// The Mermaid version whose semantics apply (see [`crate::MermaidVersion`]).
    pub mermaid: crate::MermaidVersion,
}

impl ScheduleOptions {
    /// UTC with a fixed "now".
    pub fn at(now: i64) -> ScheduleOptions {
        ScheduleOptions {
            zone: Zone::utc(),
            now,
            extensions: false,
            mermaid: crate::MermaidVersion::DEFAULT,
        }
    }
}

/// A scheduled chart.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Tasks in source order.
    pub tasks: Vec<Task>,
    /// Every `section` name in source order (repeats included), as Mermaid keeps them.
    pub sections: Vec<String>,
    /// The chart title (an in-body `title` overrides the front matter's).
    pub title: Option<Spanned<String>>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// The `dateFormat` as stored (may carry leading spaces; empty when absent).
    pub date_format: String,
    /// The `axisFormat` as stored (empty when absent).
    pub axis_format: Option<Spanned<String>>,
    /// The `tickInterval` as stored.
    pub tick_interval: Option<Spanned<String>>,
    /// The `todayMarker` as stored (empty when absent).
    pub today_marker: String,
    /// Excluded days.
    pub calendar: Calendar,
    /// `inclusiveEndDates`.
    pub inclusive_end_dates: bool,
    /// A `topAxis` statement was written.
    pub top_axis: bool,
    /// First day of week ticks.
    pub weekday: Weekday,
    /// Links from `click … href`.
    pub links: BTreeMap<String, String>,
    /// Configuration from the chart text.
    pub config: DiagramConfig,
    /// The data date (forvalt extension), if given.
    pub data_date: Option<i64>,
    /// The error with which Mermaid 11.12 would reject the whole chart.
    pub error: Option<ChartError>,
    /// The zone the schedule was computed in.
    pub zone: Zone,
    /// "Now".
    pub now: i64,
    /// Whether extensions were on.
    pub extensions: bool,
    /// The Mermaid version whose semantics were applied.
    pub mermaid: crate::MermaidVersion,
}

/// An error that makes Mermaid draw no chart at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError {
    /// Mermaid's message.
    pub message: String,
    /// The failing text.
    pub span: Span,
}

/// One task with its computed times.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Position in the source (0-based), Mermaid's `order`.
    pub order: usize,
    /// The id (written, or `taskN`).
    pub id: String,
    /// Where the id was written, if it was.
    pub id_span: Option<Span>,
    /// The name as Mermaid keeps it (trailing spaces included).
    pub name: String,
    /// The section name (empty before the first section).
    pub section: String,
    /// Start (ms since epoch); `None` if it could not be computed.
    pub start: Option<i64>,
    /// End, extended over excluded days; what following tasks start from.
    pub end: Option<i64>,
    /// Where the bar is drawn to, when it differs from `end` (Mermaid's `renderEndTime`).
    pub render_end: Option<i64>,
    /// The end was written as a `YYYY-MM-DD` date.
    pub manual_end: bool,
    /// `active`.
    pub active: bool,
    /// `done`.
    pub done: bool,
    /// `crit`.
    pub crit: bool,
    /// `milestone`.
    pub milestone: bool,
    /// `vert`.
    pub vert: bool,
    /// Extra classes (`clickable`).
    pub classes: Vec<String>,
    /// Progress in percent (extension).
    pub progress: Option<f64>,
    /// Why the task could not be scheduled, if it could not.
    pub failure: Option<String>,
    /// The task's line.
    pub span: Span,
    /// The task's name.
    pub name_span: Span,
}

impl Task {
    /// Whether start and end are known.
    pub fn is_scheduled(&self) -> bool {
        self.start.is_some() && self.end.is_some() && self.failure.is_none()
    }

    /// The end the bar is drawn to.
    pub fn drawn_end(&self) -> Option<i64> {
        self.render_end.or(self.end)
    }
}

#[derive(Debug, Clone)]
enum StartSpec {
    /// Starts at the end of the previous task line (`None`: there is none).
    Prev(Option<PrevRef>),
    Field(Spanned<String>),
    /// Not 1–3 fields (the fields, for the diagnostic).
    BadFieldCount(Vec<Spanned<String>>),
}

#[derive(Debug, Clone)]
enum PrevRef {
    Id(String),
    /// The previous line had no id (a malformed task).
    Index(usize),
}

/// How often Mermaid's `getTasks` goes over the task list: once, then up to ten more times
/// while some task has no dates. A chain of references to tasks further down gains one link
/// per pass, so a longer one is left partly unplaced.
const PASSES: usize = 11;

/// Days (or, with only weekdays excluded, weeks) one task may be walked to extend it over
/// excluded days (about 550 years).
const EXTEND_TASK_STEPS: u64 = 200_000;

/// Steps allowed for all tasks of a chart together: 10,000 tasks of 200 days each, with
/// dates excluded. A fixed number, so that the walk takes at most a few seconds however many
/// tasks there are.
const EXTEND_CHART_STEPS: u64 = 2_000_000;

/// The outcome of extending a task over excluded days, kept so that later passes over the
/// same dates neither walk again nor report again.
type Extension = (
    i64,
    i64,
    Result<Option<(i64, Option<i64>)>, dayjs::FormatError>,
);

#[derive(Debug, Clone)]
struct Raw {
    start: StartSpec,
    end: Option<Spanned<String>>,
    processed: bool,
    failed: bool,
    start_fallback: bool,
    /// Mermaid 9.1 started the task now (reported once).
    start_now: bool,
    extension: Option<Extension>,
    too_long_reported: bool,
}

struct Db<'a> {
    raws: Vec<Raw>,
    tasks: Vec<Task>,
    ids: HashMap<String, usize>,
    date_format: DayjsFormat,
    iso_format: DayjsFormat,
    inclusive: bool,
    calendar: Calendar,
    zone: &'a Zone,
    now: i64,
    mermaid: crate::MermaidVersion,
    budget: u64,
    /// The chart-wide budget ran out (reported once).
    budget_spent: bool,
    error: Option<ChartError>,
    diagnostics: Vec<Diagnostic>,
}

/// An `excludes` or `includes` line's value with the earlier lines': from Mermaid 11.16
/// every line adds to the list, before, the last line replaces the others.
fn merged(
    earlier: Option<Spanned<String>>,
    line: &crate::syntax::ast::Value,
    version: crate::MermaidVersion,
) -> Spanned<String> {
    match earlier {
        Some(mut e) if version.merges_day_lists() => {
            e.value.push(' ');
            e.value.push_str(&line.raw);
            Spanned::new(e.value, line.span)
        }
        _ => Spanned::new(line.raw.clone(), line.span),
    }
}

/// Computes the schedule.
pub fn schedule(diagram: &Diagram, options: &ScheduleOptions) -> Checked<Schedule> {
    let mut diagnostics = Vec::new();
    let zone = &options.zone;

    // Walk the statements the way the parser feeds the db.
    let mut date_format = String::new();
    let mut axis_format = None;
    let mut tick_interval = None;
    let mut today_marker = String::new();
    let mut excludes: Option<Spanned<String>> = None;
    let mut includes: Option<Spanned<String>> = None;
    let mut inclusive = false;
    let mut top_axis = false;
    let mut weekday = Weekday::Sunday;
    let mut weekend = Weekday::Saturday;
    let mut section = String::new();
    let mut sections = Vec::new();
    let mut title = diagram.front_matter_title.clone();
    let mut acc_title = None;
    let mut acc_descr = None;
    let mut links = BTreeMap::new();
    let mut data_date_text: Option<Spanned<String>> = None;
    let mut task_count = 0usize;
    let mut last_id: Option<PrevRef> = None;
    let mut raws = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    let mut ids_so_far: HashMap<String, usize> = HashMap::new();
    let mut excludes_lines = Vec::new();

    for st in &diagram.statements {
        match &st.kind {
            StatementKind::DateFormat(v) => date_format = v.raw.clone(),
            StatementKind::AxisFormat(v) => axis_format = Some(Spanned::new(v.raw.clone(), v.span)),
            StatementKind::TickInterval(v) => {
                tick_interval = Some(Spanned::new(v.raw.clone(), v.span))
            }
            StatementKind::TodayMarker(v) => today_marker = v.raw.clone(),
            StatementKind::Excludes(v) => {
                excludes_lines.push(st.span);
                excludes = Some(merged(excludes.take(), v, options.mermaid));
            }
            StatementKind::Includes(v) => {
                includes = Some(merged(includes.take(), v, options.mermaid))
            }
            StatementKind::InclusiveEndDates => inclusive = true,
            StatementKind::TopAxis => top_axis = true,
            StatementKind::Weekday(d) => weekday = *d,
            StatementKind::Weekend(d) => weekend = *d,
            StatementKind::Title(v) => title = Some(Spanned::new(v.raw.clone(), v.span)),
            StatementKind::AccTitle(v) => acc_title = Some(v.raw.clone()),
            StatementKind::AccDescr(v) => acc_descr = Some(v.raw.clone()),
            StatementKind::DataDate(v) => {
                data_date_text = Some(Spanned::new(v.raw.clone(), v.span))
            }
            StatementKind::Section(v) => {
                section = v.raw.clone();
                sections.push(v.raw.clone());
            }
            StatementKind::Task(t) => {
                let order = tasks.len();
                let (raw, id, id_span) = add_task(t, &mut task_count, last_id.take());
                last_id = Some(match &id {
                    Some(id) => PrevRef::Id(id.clone()),
                    None => PrevRef::Index(order),
                });
                if let Some(id) = id.as_ref().filter(|id| storable(id)) {
                    ids_so_far.insert(id.clone(), order);
                }
                raws.push(raw);
                tasks.push(Task {
                    order,
                    id: id.unwrap_or_default(),
                    id_span,
                    name: t.name.value.clone(),
                    section: section.clone(),
                    start: None,
                    end: None,
                    render_end: None,
                    manual_end: false,
                    active: t.has(crate::syntax::ast::Tag::Active),
                    done: t.has(crate::syntax::ast::Tag::Done),
                    crit: t.has(crate::syntax::ast::Tag::Crit),
                    milestone: t.has(crate::syntax::ast::Tag::Milestone),
                    vert: t.has(crate::syntax::ast::Tag::Vert),
                    classes: Vec::new(),
                    progress: if options.extensions {
                        t.progress.as_ref().map(|p| p.value)
                    } else {
                        None
                    },
                    failure: None,
                    span: st.span,
                    name_span: t.name.span,
                });
            }
            StatementKind::Click(c) => {
                let url = c.href.as_ref().map(|h| sanitize_url(&h.value));
                for id in c.ids.value.split(',') {
                    if let Some(&i) = ids_so_far.get(id) {
                        if let Some(url) = &url {
                            links.insert(id.to_string(), url.clone());
                        }
                        tasks[i].classes.push("clickable".into());
                    } else {
                        diagnostics.push(
                            Diagnostic::warning(
                                "gantt::click-unknown-id",
                                format!("`click` names `{id}`, but no task above it has that id"),
                            )
                            .with_span(c.ids.span)
                            .with_note("Mermaid ignores it: `click` must come after the task"),
                        );
                    }
                }
            }
        }
    }

    let split = |v: &Option<Spanned<String>>| -> Vec<String> {
        v.as_ref().map_or_else(Vec::new, |v| {
            v.value
                .to_lowercase()
                .split(|c: char| crate::js::is_space(c) || c == ',')
                .map(str::to_string)
                .collect()
        })
    };
    let trimmed_format = crate::js::trim(&date_format).to_string();
    let calendar = Calendar::new(
        split(&excludes),
        split(&includes),
        weekend,
        &trimmed_format,
        zone.clone(),
        options.now,
        !options.mermaid.moment_era(),
    );

    // Mermaid's lookups all use the final id table: the last definition wins.
    let mut ids = HashMap::new();
    for t in &tasks {
        if (!t.id.is_empty() || t.id_span.is_some()) && storable(&t.id) {
            ids.insert(t.id.clone(), t.order);
        }
    }

    let mut db = Db {
        raws,
        tasks,
        ids,
        date_format: DayjsFormat::new(&trimmed_format),
        iso_format: DayjsFormat::new("YYYY-MM-DD"),
        inclusive,
        calendar,
        zone,
        now: options.now,
        mermaid: options.mermaid,
        budget: EXTEND_CHART_STEPS,
        budget_spent: false,
        error: diagram.fatal.as_ref().map(|f| ChartError {
            message: f.message.clone(),
            span: f.span,
        }),
        diagnostics: Vec::new(),
    };
    // Like `getTasks`: one pass, then more while some task is unresolved (linear: at most
    // `PASSES` times the number of tasks).
    let mut all = db.compile_pass();
    let mut passes = 1;
    while !all && passes < PASSES {
        all = db.compile_pass();
        passes += 1;
    }
    db.report_unprocessed();

    let data_date = data_date_text.as_ref().and_then(|d| {
        let t = crate::time::parse_local(&d.value, zone).or_else(|| {
            db.date_format
                .parse_strict(crate::js::trim(&d.value), db.ctx())
        });
        if t.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    "gantt::data-date",
                    format!("`{}` is not a date", d.value.trim()),
                )
                .with_span(d.span)
                .with_help("write the data date as YYYY-MM-DD"),
            );
        }
        t
    });

    diagnostics.append(&mut db.diagnostics);
    let raws_info = db.raws_info();
    let mut schedule = Schedule {
        tasks: db.tasks,
        sections,
        title,
        acc_title,
        acc_descr,
        date_format,
        axis_format,
        tick_interval,
        today_marker,
        calendar: db.calendar,
        inclusive_end_dates: inclusive,
        top_axis,
        weekday,
        links,
        config: diagram.config.clone(),
        data_date,
        error: db.error,
        zone: zone.clone(),
        now: options.now,
        extensions: options.extensions,
        mermaid: options.mermaid,
    };
    for (task, raw) in schedule.tasks.iter_mut().zip(&db.raws) {
        if !raw.processed && task.failure.is_none() {
            task.failure = Some("its start or end could not be computed".into());
        }
    }
    check::check(
        &mut schedule,
        diagram,
        &raws_info,
        &excludes_lines,
        &mut diagnostics,
    );
    Checked::with_diagnostics(schedule, diagnostics)
}

/// Mermaid's `parseData` at `addTask` time: the start spec, the end text, and the id.
fn add_task(
    t: &TaskLine,
    task_count: &mut usize,
    prev: Option<PrevRef>,
) -> (Raw, Option<String>, Option<Span>) {
    let f = &t.fields;
    let mut next_id = || {
        *task_count += 1;
        format!("task{task_count}")
    };
    let (start, end, id, id_span) = match f.len() {
        1 => (
            StartSpec::Prev(prev),
            Some(f[0].clone()),
            Some(next_id()),
            None,
        ),
        2 => (
            StartSpec::Field(f[0].clone()),
            Some(f[1].clone()),
            Some(next_id()),
            None,
        ),
        3 => (
            StartSpec::Field(f[1].clone()),
            Some(f[2].clone()),
            Some(f[0].value.clone()),
            Some(f[0].span),
        ),
        _ => (StartSpec::BadFieldCount(f.clone()), None, None, None),
    };
    (
        Raw {
            start,
            end,
            processed: false,
            failed: false,
            start_fallback: false,
            start_now: false,
            extension: None,
            too_long_reported: false,
        },
        id,
        id_span,
    )
}

/// What `check` needs to know about each raw task.
pub(crate) struct RawInfo {
    pub end_text: Option<Spanned<String>>,
    pub start_text: Option<Spanned<String>>,
    pub start_fallback: bool,
    /// The id of the task line above, when this task starts where that one ends.
    pub prev_id: Option<String>,
}

impl Db<'_> {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            zone: self.zone,
            now: self.now,
        }
    }

    fn raws_info(&self) -> Vec<RawInfo> {
        self.raws
            .iter()
            .map(|r| RawInfo {
                end_text: r.end.clone(),
                start_text: match &r.start {
                    StartSpec::Field(f) => Some(f.clone()),
                    _ => None,
                },
                start_fallback: r.start_fallback,
                prev_id: match &r.start {
                    StartSpec::Prev(Some(PrevRef::Id(id))) => Some(id.clone()),
                    _ => None,
                },
            })
            .collect()
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    fn today(&self) -> i64 {
        self.zone.start_of_day(self.now).unwrap_or(self.now)
    }

    fn fail(&mut self, i: usize, message: String, span: Span, diagnostic: Diagnostic) {
        if self.raws[i].failed {
            return;
        }
        self.raws[i].failed = true;
        self.tasks[i].failure = Some(diagnostic.message.clone());
        if self.error.is_none() {
            self.error = Some(ChartError { message, span });
        }
        self.diagnostics.push(diagnostic);
    }

    fn compile_pass(&mut self) -> bool {
        let mut all = true;
        for i in 0..self.raws.len() {
            if !self.raws[i].failed {
                self.compile(i);
            }
            all = all && self.raws[i].processed;
        }
        all
    }

    fn compile(&mut self, i: usize) {
        let spec = self.raws[i].start.clone();
        match spec {
            StartSpec::BadFieldCount(fields) => {
                let span = self.tasks[i].span;
                let d = self.field_count_diagnostic(i, &fields);
                self.fail(
                    i,
                    "Cannot read properties of undefined (reading 'type')".into(),
                    span,
                    d,
                );
                return;
            }
            StartSpec::Prev(None) => {
                let span = self.tasks[i].span;
                let d = Diagnostic::error(
                    "gantt::no-start",
                    "the first task has no start date",
                )
                .with_span(span)
                .with_note("a task with only an end or duration starts where the task above it ends, and there is none")
                .with_help("give it a start: `Name : 2025-01-01, 3d`");
                self.fail(
                    i,
                    "Cannot read properties of undefined (reading 'endTime')".into(),
                    span,
                    d,
                );
                return;
            }
            StartSpec::Prev(Some(p)) => {
                let prev = match p {
                    PrevRef::Id(id) => self.find(&id),
                    PrevRef::Index(j) => Some(j),
                };
                let Some(prev) = prev else {
                    // The task above has an id Mermaid cannot look up (`__proto__`).
                    let span = self.tasks[i].span;
                    let d = Diagnostic::error(
                        "gantt::no-start",
                        "the task above has an id that Mermaid cannot look up, so this task has no start",
                    )
                    .with_span(span)
                    .with_help("give the task above another id, or give this task a start date");
                    self.fail(
                        i,
                        "Cannot read properties of undefined (reading 'endTime')".into(),
                        span,
                        d,
                    );
                    return;
                };
                self.tasks[i].start = self.tasks[prev].end;
            }
            StartSpec::Field(field) => match self.start_date(i, &field) {
                Ok(Some(t)) => self.tasks[i].start = Some(t),
                Ok(None) => {}
                Err(()) => return,
            },
        }
        let Some(start) = self.tasks[i].start else {
            return;
        };
        let Some(end_field) = self.raws[i].end.clone() else {
            return;
        };
        let Some(end) = self.end_date(start, &end_field.value) else {
            return;
        };
        self.tasks[i].end = Some(end);
        self.raws[i].processed = true;
        let manual = self
            .iso_format
            .parse_strict(&end_field.value, self.ctx())
            .is_some();
        self.tasks[i].manual_end = manual;
        if !self.calendar.excludes.is_empty() && !manual {
            self.extend_over_excludes(i, start, end);
        }
    }

    /// Mermaid's `fixTaskDates`: task `i` (`start`..`end`) lengthened over excluded days,
    /// within the walk's budgets.
    fn extend_over_excludes(&mut self, i: usize, start: i64, end: i64) {
        let (r, chart_budget) = match &self.raws[i].extension {
            Some((s, e, r)) if *s == start && *e == end => (r.clone(), false),
            _ => {
                let allowed = self.budget.min(EXTEND_TASK_STEPS);
                let mut budget = allowed;
                let r = self.calendar.extend(start, end, &mut budget);
                self.budget -= allowed - budget;
                self.raws[i].extension = Some((start, end, r.clone()));
                (r, allowed < EXTEND_TASK_STEPS)
            }
        };
        match r {
            Ok(Some((e, render))) => {
                self.tasks[i].end = Some(e);
                self.tasks[i].render_end = render;
            }
            // Once the whole chart's budget is spent, every later task runs out too: the
            // first one says so for all.
            Ok(None) if !(self.raws[i].too_long_reported || chart_budget && self.budget_spent) => {
                self.raws[i].too_long_reported = true;
                self.budget_spent |= chart_budget;
                let span = self.tasks[i].span;
                let message = if chart_budget {
                    "the tasks up to here together cover too many days to extend over excluded days; this task and the ones after it are drawn without the extension"
                } else {
                    "this task is too long to extend over excluded days"
                };
                self.diagnostics.push(
                    Diagnostic::error("gantt::too-long", message)
                    .with_span(span)
                    .with_note("Mermaid would walk every day of it and hang the browser; forvalt stops and draws it without the extension"),
                );
            }
            Ok(None) => {}
            Err(e) => {
                let span = self.tasks[i].span;
                let d = Diagnostic::error(
                    "gantt::date-format",
                    format!("the dateFormat cannot be used to print dates: {}", e.0),
                )
                .with_span(span);
                self.fail(i, e.0, span, d);
            }
        }
    }

    fn field_count_diagnostic(&self, i: usize, fields: &[Spanned<String>]) -> Diagnostic {
        let span = self.tasks[i].span;
        let mut d = Diagnostic::error(
            "gantt::field-count",
            format!(
                "this task has {} fields after its tags; a task has one to three: [id,] start, end or duration",
                fields.len()
            ),
        )
        .with_span(span)
        .with_note("Mermaid rejects the whole chart; forvalt leaves this task out");
        // A mistyped tag (`Crit`, `Done`) is the usual cause.
        let mut fixed_tag = false;
        for f in fields {
            let lower = f.value.to_lowercase();
            if let Some(tag) = crate::syntax::ast::Tag::ALL
                .iter()
                .find(|t| t.name() == lower || (lower == "critical" && t.name() == "crit"))
            {
                d = d.with_suggestion(
                    f.span,
                    tag.name(),
                    format!("tags are lower case: `{}`", tag.name()),
                );
                fixed_tag = true;
            } else if f.value.trim_end().ends_with('%') {
                d = d.with_help(
                    "progress like `50%` is a forvalt extension; enable extensions to use it",
                );
            }
        }
        if !fixed_tag {
            d = d.with_help(
                "tags come first and are lower case: active, done, crit, milestone, vert",
            );
        }
        d
    }

    /// Mermaid's `getStartDate`. `Err` when the task failed.
    fn start_date(&mut self, i: usize, field: &Spanned<String>) -> Result<Option<i64>, ()> {
        let s = field.value.as_str();
        let fmt = self.date_format.text();
        if (fmt == "x" || fmt == "X") && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return match civil::time_clip_f64(crate::js::string_to_number(s)) {
                Some(t) => Ok(Some(t)),
                None => {
                    let d = Diagnostic::error(
                        "gantt::invalid-date",
                        format!("the timestamp `{s}` is out of range"),
                    )
                    .with_span(field.span);
                    let span = field.span;
                    self.fail(i, format!("Invalid date:{s}"), span, d);
                    Err(())
                }
            };
        }
        if let Some(ids) = prefix_ids("after", s) {
            let mut latest: Option<usize> = None;
            for id in ids.split(' ') {
                if let Some(j) = self.find(id) {
                    let better = match latest {
                        None => true,
                        Some(l) => match (self.tasks[j].end, self.tasks[l].end) {
                            (Some(a), Some(b)) => a > b,
                            _ => false,
                        },
                    };
                    if better {
                        latest = Some(j);
                    }
                }
            }
            return Ok(match latest {
                Some(l) => self.tasks[l].end,
                None => Some(self.today()),
            });
        }
        if let Some(t) = self.parse_date(s) {
            return Ok(Some(t));
        }
        if self.mermaid.moment_era() {
            // Mermaid 9.1: a start that is not a date is the moment the page is drawn.
            if !self.raws[i].start_now {
                self.raws[i].start_now = true;
                self.diagnostics.push(self.now_start_diagnostic(field));
            }
            return Ok(Some(self.now));
        }
        match jsdate::parse(s, self.zone) {
            Some(t) if (-10_000..=10_000).contains(&self.zone.fields(t).year) => {
                self.raws[i].start_fallback = true;
                Ok(Some(t))
            }
            _ => {
                let d = self.invalid_start_diagnostic(field);
                let span = field.span;
                self.fail(i, format!("Invalid date:{s}"), span, d);
                Err(())
            }
        }
    }

    fn invalid_start_diagnostic(&self, field: &Spanned<String>) -> Diagnostic {
        let s = field.value.as_str();
        let fmt = self.date_format.text();
        let mut d = Diagnostic::error(
            "gantt::invalid-date",
            format!("`{s}` is not a valid start date"),
        )
        .with_span(field.span)
        .with_note(format!(
            "Mermaid fails the whole chart with \"Invalid date:{s}\"; forvalt leaves this task out"
        ));
        if let Some(((y, m, day), why)) = advice::intended_date(s)
            && let Some(t) =
                self.zone
                    .make([y as f64, (m - 1) as f64, day as f64, 0.0, 0.0, 0.0, 0.0])
        {
            let text = self.format_date(t);
            d = d.with_suggestion(
                field.span,
                text.clone(),
                format!("{why}: did you mean `{text}`?"),
            );
        } else if s.starts_with("after") {
            d = d.with_help("`after` is followed by task ids made of letters, digits, `_` and `-`");
        } else if fmt.is_empty() {
            d = d.with_help("add a `dateFormat YYYY-MM-DD` line and write dates in that format");
        } else {
            d = d.with_help(format!("write the start in the chart's dateFormat `{fmt}`"));
        }
        d
    }

    /// A date in the chart's format (ISO if it has none or it cannot print).
    fn format_date(&self, t: i64) -> String {
        let fmt = self.date_format.text();
        if !fmt.is_empty()
            && let Ok(s) = self.date_format.format(t, self.ctx())
        {
            return s;
        }
        dayjs::format(t, "YYYY-MM-DD", self.zone).unwrap_or_else(|_| iso_local(t, self.zone))
    }

    /// `dayjs(s, dateFormat, true)`, or before Mermaid 10 `moment(s, dateFormat, true)`.
    fn parse_date(&self, s: &str) -> Option<i64> {
        if self.mermaid.moment_era() {
            self.date_format.parse_moment(s, self.ctx())
        } else {
            self.date_format.parse_strict(s, self.ctx())
        }
    }

    /// Mermaid 9 draws a task whose start is not a date from the moment the page is shown.
    fn now_start_diagnostic(&self, field: &Spanned<String>) -> Diagnostic {
        let s = field.value.as_str();
        let mut d = Diagnostic::warning(
            "gantt::invalid-date",
            format!("`{s}` is not a valid start date"),
        )
        .with_span(field.span)
        .with_note(format!(
            "Mermaid {}, which the site uses, then starts the task at the moment the page is shown, so it moves every time",
            self.mermaid
        ));
        let fmt = self.date_format.text();
        d = if fmt.is_empty() {
            d.with_help("write the start as YYYY-MM-DD or add a `dateFormat` line")
        } else {
            d.with_help(format!("write the start in the chart's dateFormat `{fmt}`"))
        };
        d
    }

    /// Mermaid's `getEndDate`; `None` when an `until` target has no start yet.
    fn end_date(&self, start: i64, s: &str) -> Option<i64> {
        if self.mermaid.moment_era() {
            return Some(self.end_date_moment(start, s));
        }
        if let Some(ids) = prefix_ids("until", s) {
            let mut earliest: Option<usize> = None;
            for id in ids.split(' ') {
                if let Some(j) = self.find(id) {
                    let better = match earliest {
                        None => true,
                        Some(e) => match (self.tasks[j].start, self.tasks[e].start) {
                            (Some(a), Some(b)) => a < b,
                            _ => false,
                        },
                    };
                    if better {
                        earliest = Some(j);
                    }
                }
            }
            return match earliest {
                Some(e) => self.tasks[e].start,
                None => Some(self.today()),
            };
        }
        if let Some(t) = self.date_format.parse_strict(s, self.ctx()) {
            return Some(if self.inclusive {
                self.zone.add_days(t, 1.0).unwrap_or(t)
            } else {
                t
            });
        }
        if let Some((value, unit)) = advice::parse_duration(s)
            && let Some(t) = dayjs::add(self.zone, start, value, unit)
        {
            return Some(t);
        }
        Some(start)
    }

    /// Mermaid 9's `getEndDate`: a date in the chart's format, else a whole number and a
    /// unit at the start of the text (`14d (estimat)` is 14 days, `30ms` 30 minutes), else
    /// no length at all.
    fn end_date_moment(&self, start: i64, s: &str) -> i64 {
        if let Some(t) = self.parse_date(s) {
            return if self.inclusive {
                self.zone.add_days(t, 1.0).unwrap_or(t)
            } else {
                t
            };
        }
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let unit = s[digits..].chars().next();
        let Some(unit) = unit.filter(|u| digits > 0 && "smhdw".contains(*u)) else {
            return start;
        };
        // moment keeps only what fits a double: a longer number is read as its value.
        let value: f64 = s[..digits].parse().unwrap_or(f64::INFINITY);
        dayjs::add(self.zone, start, value, &unit.to_string()).unwrap_or(start)
    }

    /// Explains every task that got no dates, in linear time. Each such task waits for one
    /// date of one other task (see [`Db::blocker`]); following those waits from a task ends
    /// at a task with an error, runs into a cycle, or ends at a task whose every needed date
    /// is known: Mermaid stopped going over the chart before it got there.
    fn report_unprocessed(&mut self) {
        let n = self.raws.len();
        let stuck = |r: &Raw| !r.processed && !r.failed;
        let mut state = vec![Walk::Open; n];
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        let mut path: Vec<usize> = Vec::new();
        for i in 0..n {
            if !stuck(&self.raws[i]) || state[i] != Walk::Open {
                continue;
            }
            path.clear();
            let mut cur = i;
            let root = loop {
                match state[cur] {
                    Walk::Open => {
                        state[cur] = Walk::OnPath(path.len());
                        path.push(cur);
                        match self.blocker(cur) {
                            None => break Root::TooDeep(cur),
                            Some(j) if self.raws[j].failed => break Root::Failed,
                            Some(j) => cur = j,
                        }
                    }
                    Walk::OnPath(k) => {
                        // The tasks from `cur` on wait for each other: a cycle, listed from
                        // its first task in the chart.
                        let mut members = path.split_off(k);
                        let first = (0..members.len()).min_by_key(|&m| members[m]).unwrap_or(0);
                        members.rotate_left(first);
                        for &m in &members {
                            state[m] = Walk::Done(Root::InCycle(cycles.len()));
                        }
                        cycles.push(members);
                        break Root::Cycle(cycles.len() - 1);
                    }
                    Walk::Done(Root::InCycle(c)) => break Root::Cycle(c),
                    Walk::Done(root) => break root,
                }
            };
            for &p in &path {
                state[p] = Walk::Done(root);
            }
        }

        // Tasks Mermaid gives up on, counted by the task where each chain breaks off.
        let mut behind: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, st) in state.iter().enumerate() {
            if let Walk::Done(Root::TooDeep(b)) = *st
                && b != i
            {
                behind.entry(b).or_default().push(i);
            }
        }

        for (i, st) in state.iter().enumerate() {
            let Walk::Done(root) = *st else { continue };
            let span = self.tasks[i].span;
            let d = match root {
                Root::Failed => Diagnostic::warning(
                    "gantt::depends-on-error",
                    "this task depends on a task with an error, so it cannot be placed",
                )
                .with_span(span),
                Root::Cycle(c) => {
                    let first = cycles[c][0];
                    Diagnostic::warning(
                        "gantt::depends-on-error",
                        format!(
                            "this task depends on `{}`, which is part of a dependency cycle, so it cannot be placed",
                            self.who(first)
                        ),
                    )
                    .with_span(span)
                    .with_label(self.tasks[first].span, "the cycle")
                }
                Root::InCycle(c) if cycles[c][0] == i => self.cycle_diagnostic(&cycles[c]),
                Root::InCycle(c) => {
                    self.tasks[i].failure = Some(format!(
                        "part of a dependency cycle with `{}`",
                        self.who(cycles[c][0])
                    ));
                    continue;
                }
                Root::TooDeep(b) if b == i => {
                    let waiting = behind.get(&b).map_or(&[][..], Vec::as_slice);
                    self.too_deep_diagnostic(b, waiting)
                }
                Root::TooDeep(b) => {
                    self.tasks[i].failure = Some(format!(
                        "Mermaid leaves it unplaced: it depends on `{}`, too deep in a chain of forward references",
                        self.who(b)
                    ));
                    continue;
                }
            };
            self.tasks[i].failure = Some(d.message.clone());
            self.diagnostics.push(d);
        }
    }

    /// The task whose missing date keeps task `i` without dates, if any (see
    /// [`Db::dependency`]).
    fn blocker(&self, i: usize) -> Option<usize> {
        let j = self.dependency(i)?;
        let missing = if self.tasks[i].start.is_none() {
            self.tasks[j].end.is_none()
        } else {
            self.tasks[j].start.is_none()
        };
        missing.then_some(j)
    }

    /// How a task is named in messages: its written id, else its name.
    fn who(&self, i: usize) -> String {
        let t = &self.tasks[i];
        if t.id_span.is_some() && !t.id.is_empty() {
            t.id.clone()
        } else {
            t.name.trim().to_string()
        }
    }

    /// One diagnostic for a whole cycle, at its first task, naming a bounded number of tasks.
    fn cycle_diagnostic(&self, members: &[usize]) -> Diagnostic {
        const SHOWN: usize = 8;
        let mut names: Vec<String> = members.iter().take(SHOWN).map(|&j| self.who(j)).collect();
        if members.len() > SHOWN {
            names.push(format!("… ({} tasks in all)", thousands(members.len())));
        }
        let mut d = Diagnostic::error(
            "gantt::cycle",
            if members.len() > 1 {
                format!("dependency cycle: {}", names.join(" → "))
            } else {
                "this task depends on itself".to_string()
            },
        )
        .with_span(self.tasks[members[0]].span)
        .with_note(
            "Mermaid draws such tasks nowhere (their positions are NaN); forvalt marks their rows",
        );
        for &j in members.iter().skip(1).take(SHOWN) {
            d = d.with_label(self.tasks[j].span, "part of the cycle");
        }
        d.with_help("decide which task comes first, and give it a start date instead of `after`")
    }

    /// The task `b` where a chain of references to tasks further down breaks off: every
    /// date it needs is known, but only after Mermaid's last pass; `waiting` depend on it.
    fn too_deep_diagnostic(&self, b: usize, waiting: &[usize]) -> Diagnostic {
        let mut message = format!(
            "`{}` is never placed: Mermaid stops following this chain of references to tasks further down",
            self.who(b)
        );
        match waiting.len() {
            0 => {}
            1 => message.push_str(", and 1 task that depends on it is not placed either"),
            k => message.push_str(&format!(
                ", and {} tasks that depend on it are not placed either",
                thousands(k)
            )),
        }
        let mut d = Diagnostic::error("gantt::forward-chain-too-deep", message)
            .with_span(self.tasks[b].span)
            .with_note(format!(
                "Mermaid goes over the chart at most {PASSES} times and places one more link of such a chain each time; it draws the tasks it has not reached nowhere (their positions are NaN), and forvalt marks their rows"
            ));
        let last = self.dependency(b).filter(|&x| x != b);
        if let Some(x) = last {
            d = d.with_label(self.tasks[x].span, "placed only in Mermaid's last pass");
        }
        for &w in waiting.iter().take(4) {
            d = d.with_label(self.tasks[w].span, "not placed either");
        }
        d.with_help(match last {
            Some(x) => format!(
                "define tasks before they are referenced: put each task of the chain below the task it starts after (here `{}` above `{}`)",
                self.who(x),
                self.who(b)
            ),
            None => "define tasks before they are referenced: put each task of the chain below the task it starts after".into(),
        })
    }

    /// The task whose date task `i` needs next: while it has no start, the task its start
    /// comes from (`after`, or the task above); then the task its end comes from (`until`).
    /// Among several `after` ids Mermaid takes the first task it finds and replaces it only
    /// by a task with a later end, which a missing end never is, so the first found task
    /// decides (likewise for `until` and starts).
    fn dependency(&self, i: usize) -> Option<usize> {
        let first_found = |keyword: &str, text: &str| {
            prefix_ids(keyword, text).and_then(|ids| ids.split(' ').find_map(|id| self.find(id)))
        };
        if self.tasks[i].start.is_none() {
            return match &self.raws[i].start {
                StartSpec::Prev(Some(PrevRef::Id(id))) => self.find(id),
                StartSpec::Prev(Some(PrevRef::Index(j))) => Some(*j),
                StartSpec::Field(f) => first_found("after", &f.value),
                _ => None,
            };
        }
        self.raws[i]
            .end
            .as_ref()
            .and_then(|e| first_found("until", &e.value))
    }
}

/// Where the walk in [`Db::report_unprocessed`] has been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    Open,
    /// On the current path, at this position.
    OnPath(usize),
    Done(Root),
}

/// Why a task has no dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    /// It waits for a task with an error.
    Failed,
    /// It is part of cycle number `n`.
    InCycle(usize),
    /// It waits for cycle number `n`.
    Cycle(usize),
    /// It waits for this task, which Mermaid never reached.
    TooDeep(usize),
}

/// `12345` → `12,345`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether Mermaid's id table (a plain JavaScript object) can hold this id: assigning a
/// number to `__proto__` is silently ignored, so that id is never found again.
fn storable(id: &str) -> bool {
    id != "__proto__"
}

/// `^after\s+(?<ids>[\d\w- ]+)`: the id run after the keyword.
pub(crate) fn prefix_ids<'s>(keyword: &str, s: &'s str) -> Option<&'s str> {
    let rest = s.strip_prefix(keyword)?;
    let ws = rest
        .char_indices()
        .find(|&(_, c)| !crate::js::is_space(c))
        .map_or(rest.len(), |(i, _)| i);
    if ws == 0 {
        return None;
    }
    let rest = &rest[ws..];
    let n = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' || *b == b' ')
        .count();
    (n > 0).then(|| &rest[..n])
}

/// The ids named after `after`/`until`, without empty pieces.
pub(crate) fn ref_ids(keyword: &str, s: &str) -> Vec<String> {
    prefix_ids(keyword, s)
        .map(|ids| {
            ids.split(' ')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Mermaid's link sanitising in its default `strict` security level: scripts become
/// `about:blank`, web addresses are normalised.
pub(crate) fn sanitize_url(url: &str) -> String {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(*c as u32, 0..=0x1f | 0x7f..=0x9f | 0x2000..=0x200d | 0xfeff))
        .collect();
    if cleaned.is_empty() {
        return "about:blank".into();
    }
    let lower = cleaned.to_ascii_lowercase();
    let scheme_start = lower.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    if ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| scheme_start.starts_with(s))
    {
        return "about:blank".into();
    }
    if (lower.starts_with("http://") || lower.starts_with("https://"))
        && let Some(rest) = cleaned.split_once("://").map(|x| x.1)
        && !rest.contains('/')
        && !rest.contains('?')
        && !rest.contains('#')
    {
        return format!("{}/", cleaned.replace('\\', "/"));
    }
    cleaned.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_ids() {
        assert_eq!(prefix_ids("after", "after a1 b2"), Some("a1 b2"));
        assert_eq!(prefix_ids("after", "after a.b"), Some("a"));
        assert_eq!(prefix_ids("after", "after æble"), None);
        assert_eq!(prefix_ids("after", "afterx"), None);
        assert_eq!(ref_ids("after", "after  a  b"), vec!["a", "b"]);
    }

    #[test]
    fn urls() {
        assert_eq!(sanitize_url("https://example.com"), "https://example.com/");
        assert_eq!(sanitize_url("javascript:alert(1)"), "about:blank");
        assert_eq!(sanitize_url(" /docs/a.html "), "/docs/a.html");
    }
}
