//! Schedule → geometry: rows, bars, labels, axis ticks and markers, placed exactly where
//! Mermaid 11.12's `ganttRenderer.js` places them.

mod config;
pub mod font;
mod readable;

pub use config::GanttConfig;
pub use readable::{MIN_TEXT, TextBox, pieces};

use crate::Locale;
use crate::schedule::{Schedule, Task};
use crate::time::d3::{self, Interval, TimeScale, Unit};
use crate::time::dayjs;
use crate::time::format::time_format;
use forvalt_diag::{Checked, Diagnostic};
use serde_json::{Map, Value as Json};

/// Mermaid's cap on custom ticks (added after 11.12, adopted here to avoid hangs).
pub const MAX_TICKS: usize = 10_000;

/// The most tasks drawn: further tasks are scheduled (and checked) but left out of the
/// picture, with a `gantt::too-many-tasks` diagnostic at the first one left out. At 24 px a
/// row that is a chart 240,000 px tall, far beyond anything a reader can use.
pub const MAX_TASKS: usize = 10_000;

/// How to lay a chart out.
#[derive(Debug, Clone)]
pub struct LayoutOptions {
    /// The container width (Mermaid: the element's width). Default 1200.
    pub width: f64,
    /// Language of axis labels.
    pub locale: Locale,
    /// Site-wide `gantt` settings, overridden by the chart's own.
    pub config: Map<String, Json>,
    /// forvalt's readability fixes (off: Mermaid's exact geometry): no text under
    /// [`MIN_TEXT`] px, the section column as wide as its names, tick labels that would
    /// overlap thinned out, labels of `vert` markers that would overlap on extra lines below
    /// the chart, task labels where no line, label or other bar crosses them, and marker and
    /// today lines interrupted around text they would still cross.
    pub readable: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: 1200.0,
            locale: Locale::En,
            config: Map::new(),
            readable: false,
        }
    }
}

/// The geometry of a chart.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Chart width.
    pub width: f64,
    /// Chart height.
    pub height: f64,
    /// The resolved settings.
    pub config: GanttConfig,
    /// `theme` from the chart's configuration.
    pub theme: Option<String>,
    /// Title text (empty when none).
    pub title: String,
    /// Section background rows, in drawing order.
    pub rows: Vec<RowRect>,
    /// Bars, milestones and markers, in drawing order.
    pub bars: Vec<Bar>,
    /// Task labels, in drawing order.
    pub labels: Vec<TaskLabel>,
    /// Section names at the left.
    pub sections: Vec<SectionLabel>,
    /// Shaded excluded days.
    pub excludes: Vec<ExcludeRect>,
    /// The bottom axis.
    pub bottom_axis: Axis,
    /// The top axis, when enabled.
    pub top_axis: Option<Axis>,
    /// The today (or data date) line.
    pub today: Option<TodayLine>,
    /// Rows of tasks that could not be placed (forvalt marks them instead of failing).
    pub problems: Vec<ProblemRow>,
    /// Label language.
    pub locale: Locale,
    /// First and last instant on the time axis.
    pub domain: Option<(i64, i64)>,
    /// Drawn with forvalt's readability fixes ([`LayoutOptions::readable`]).
    pub readable: bool,
    /// The axis labels' font size.
    pub tick_font_size: f64,
}

/// A section background row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRect {
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Section colour index (`section0` …).
    pub class_index: usize,
}

/// What a bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// A task bar.
    Task,
    /// A milestone diamond.
    Milestone,
    /// A vertical marker line.
    Vert,
}

/// A bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Index into [`Schedule::tasks`].
    pub task: usize,
    /// Element id (the task id).
    pub id: String,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Mermaid's class list.
    pub class: String,
    /// CSS `transform-origin` (for the milestone rotation).
    pub origin: (f64, f64),
    /// Task, milestone or marker.
    pub kind: BarKind,
    /// Link target from `click … href`.
    pub link: Option<String>,
    /// Progress in percent (extension).
    pub progress: Option<f64>,
    /// Vertical ranges a marker line leaves undrawn, sorted (readable mode: text there).
    pub gaps: Vec<(f64, f64)>,
}

/// Horizontal anchoring of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Centred in the bar.
    Middle,
    /// Right of the bar.
    Start,
    /// Left of the bar.
    End,
}

/// A task label.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLabel {
    /// Index into [`Schedule::tasks`].
    pub task: usize,
    /// Element id (`{task id}-text`).
    pub id: String,
    /// The text exactly as written (trailing spaces included).
    pub text: String,
    /// Anchor x.
    pub x: f64,
    /// Baseline y.
    pub y: f64,
    /// Mermaid's class list.
    pub class: String,
    /// Font size.
    pub font_size: f64,
    /// Where the text sits relative to the bar.
    pub anchor: Anchor,
    /// Measured width.
    pub width: f64,
}

/// A section name.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLabel {
    /// Lines (split on `<br>`).
    pub lines: Vec<String>,
    /// Vertical centre.
    pub y: f64,
    /// Offset of the first line, in em.
    pub dy: f64,
    /// Class list.
    pub class: String,
}

/// A shaded run of excluded days.
#[derive(Debug, Clone, PartialEq)]
pub struct ExcludeRect {
    /// Element id (`exclude-YYYY-MM-DD`).
    pub id: String,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// CSS transform-origin.
    pub origin: (f64, f64),
}

/// An axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Vertical position of the axis line.
    pub y: f64,
    /// Ticks in order.
    pub ticks: Vec<Tick>,
    /// Length of the axis in pixels.
    pub range: f64,
    /// Grid line length (negative: upwards).
    pub tick_size: f64,
    /// Whether this is the top axis.
    pub top: bool,
}

/// One axis tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// The instant.
    pub t: i64,
    /// Position along the axis (with d3's half-pixel offset).
    pub x: f64,
    /// Label.
    pub label: String,
}

/// The today or data-date line.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayLine {
    /// Position.
    pub x: f64,
    /// Top.
    pub y1: f64,
    /// Bottom.
    pub y2: f64,
    /// `todayMarker` style text, with `,` turned into `;`.
    pub style: Option<String>,
    /// The line marks the data date (extension) rather than today.
    pub data_date: bool,
    /// Vertical ranges left undrawn, sorted (readable mode: text there).
    pub gaps: Vec<(f64, f64)>,
}

/// A task row whose task could not be placed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemRow {
    /// Index into [`Schedule::tasks`].
    pub task: usize,
    /// Row top.
    pub y: f64,
    /// Task name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// Mermaid's `tickInterval` pattern: `^([1-9]\d*)(millisecond|…|month)$`.
pub fn tick_interval(value: &str) -> Option<(u64, &str)> {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || value.starts_with('0') {
        return None;
    }
    let unit = &value[digits..];
    matches!(
        unit,
        "millisecond" | "second" | "minute" | "hour" | "day" | "week" | "month"
    )
    .then(|| (value[..digits].parse().ok(), unit))
    .and_then(|(n, u)| n.map(|n| (n, u)))
}

/// Whether a `tickInterval` asks for quarters (`1quarter`), forvalt's extension.
pub fn is_quarter_interval(value: &str) -> bool {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && !value.starts_with('0') && &value[digits..] == "quarter"
}

/// JavaScript's `Object.keys` order: array-index keys first (ascending), then the rest in
/// insertion order.
fn object_key_order<T: Clone>(entries: Vec<(String, T)>) -> Vec<(String, T)> {
    let is_index = |k: &str| {
        k == "0"
            || (!k.starts_with('0')
                && !k.is_empty()
                && k.len() <= 10
                && k.bytes().all(|b| b.is_ascii_digit())
                && k.parse::<u64>().is_ok_and(|n| n < 4_294_967_295))
    };
    let mut idx: Vec<(String, T)> = entries
        .iter()
        .filter(|(k, _)| is_index(k))
        .cloned()
        .collect();
    idx.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(0));
    idx.extend(entries.into_iter().filter(|(k, _)| !is_index(k)));
    idx
}

/// The rows of a chart: which row each task is drawn in, and its sections' heights.
struct Rows<'t> {
    /// Each task's row (re-assigned in compact mode).
    order: Vec<usize>,
    /// Tasks that take a row (from Mermaid 11.16 `vert` markers take none).
    n_rows: usize,
    /// Each section's place among the sections that have rows.
    category_of: std::collections::HashMap<&'t str, usize>,
    /// Each section with the rows it spans, in the order Mermaid lists them.
    category_heights: Vec<(String, usize)>,
    /// The rows the chart is high.
    height: usize,
}

/// Assigns rows as Mermaid does: a row per task in source order, or in compact mode as
/// few rows per section as its overlapping tasks need.
fn rows(tasks: &[Task], compact: bool, version: crate::MermaidVersion) -> Rows<'_> {
    // A section with only markers gets no band from 11.16 on.
    let rowed = |t: &Task| version.verts_take_rows() || !t.vert;
    let mut order: Vec<usize> = Vec::with_capacity(tasks.len());
    let mut n_rows = 0;
    for t in tasks {
        order.push(n_rows);
        n_rows += usize::from(rowed(t));
    }
    let mut categories: Vec<String> = Vec::new();
    let mut category_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in tasks.iter().filter(|t| rowed(t)) {
        if !category_of.contains_key(t.section.as_str()) {
            category_of.insert(t.section.as_str(), categories.len());
            categories.push(t.section.clone());
        }
    }
    let mut height = 0;
    let category_heights: Vec<(String, usize)> = if compact {
        let mut by_section: Vec<(String, Vec<usize>)> =
            categories.iter().map(|c| (c.clone(), Vec::new())).collect();
        for (i, t) in tasks.iter().enumerate().filter(|(_, t)| rowed(t)) {
            if let Some(&k) = category_of.get(t.section.as_str()) {
                by_section[k].1.push(i);
            }
        }
        let mut heights = Vec::new();
        for (cat, members) in object_key_order(by_section) {
            let rows = max_intersections(tasks, &members, height, &mut order) + 1;
            height += rows;
            heights.push((cat, rows));
        }
        heights
    } else {
        height = n_rows;
        let mut counts = vec![0usize; categories.len()];
        for t in tasks.iter().filter(|t| rowed(t)) {
            if let Some(&k) = category_of.get(t.section.as_str()) {
                counts[k] += 1;
            }
        }
        let heights = categories.iter().cloned().zip(counts).collect();
        // Mermaid 9 kept the sections' order; later versions list them as a JavaScript
        // object's keys (a section named like a number first).
        match version.moment_era() {
            true => heights,
            false => object_key_order(heights),
        }
    };
    Rows {
        order,
        n_rows,
        category_of,
        category_heights,
        height,
    }
}

/// Lays out a schedule.
pub fn layout(s: &Schedule, options: &LayoutOptions) -> Checked<Layout> {
    let mut diagnostics = Vec::new();
    let mut conf = GanttConfig::default();
    conf.apply(&options.config);
    conf.apply(&s.config.gantt);
    if let Some(dm) = &s.config.display_mode {
        conf.display_mode = dm.clone();
    }
    if options.readable {
        readable_config(&mut conf, s, options);
    }
    let w = conf.use_width.unwrap_or(options.width);
    // Readable: long section names widen the chart, not narrow its time axis below 60 %.
    let w = if options.readable && conf.left_padding > 0.4 * w {
        (conf.left_padding / 0.4).ceil()
    } else {
        w
    };
    let gap = conf.bar_height + conf.bar_gap;
    let top = conf.top_padding;
    let left = conf.left_padding;
    if let Some(first_left_out) = s.tasks.get(MAX_TASKS) {
        diagnostics.push(
            Diagnostic::warning(
                "gantt::too-many-tasks",
                format!(
                    "this chart has {} tasks; forvalt draws the first {} and leaves out this one and the {} after it",
                    crate::schedule::thousands(s.tasks.len()),
                    crate::schedule::thousands(MAX_TASKS),
                    crate::schedule::thousands(s.tasks.len() - MAX_TASKS - 1),
                ),
            )
            .with_span(first_left_out.span)
            .with_note("the tasks left out are still scheduled and checked")
            .with_help("split the chart into several charts, for example one per section"),
        );
    }
    let tasks = &s.tasks[..s.tasks.len().min(MAX_TASKS)];
    let n = tasks.len();

    // From Mermaid 11.16 a `vert` marker takes no row.
    let rowed = |t: &Task| s.mermaid.verts_take_rows() || !t.vert;
    let Rows {
        order,
        n_rows,
        category_of,
        category_heights,
        height,
    } = rows(
        tasks,
        conf.display_mode == "compact" && !s.mermaid.moment_era(),
        s.mermaid,
    );
    let h = 2.0 * top + height as f64 * gap;
    let section_index = |name: &str| {
        category_of
            .get(name)
            .map_or(0, |i| i % conf.number_section_styles)
    };

    // Time scale over all placed tasks.
    let placed = |t: &Task| t.failure.is_none();
    let d0 = tasks
        .iter()
        .filter(|t| placed(t))
        .filter_map(|t| t.start)
        .min();
    let d1 = tasks
        .iter()
        .filter(|t| placed(t))
        .filter_map(|t| t.end)
        .max();
    let domain = d0.zip(d1);
    let range = w - left - conf.right_padding;
    let scale = TimeScale {
        d0: d0.map_or(f64::NAN, |v| v as f64),
        d1: d1.map_or(f64::NAN, |v| v as f64),
        r0: 0.0,
        r1: range,
    };
    let ts = |t: i64| scale.scale(t as f64);

    // Drawing order: by start (stable), markers last.
    let mut draw: Vec<usize> = (0..n).filter(|&i| placed(&tasks[i])).collect();
    draw.sort_by_key(|&i| (tasks[i].start.is_none(), tasks[i].start.unwrap_or(0)));
    draw.sort_by_key(|&i| tasks[i].vert);

    let mut rows = Vec::new();
    let mut seen_rows = vec![false; n];
    for &i in draw.iter().filter(|&&i| rowed(&tasks[i])) {
        if !seen_rows[order[i]] {
            seen_rows[order[i]] = true;
            rows.push(RowRect {
                y: order[i] as f64 * gap + top - 2.0,
                width: w - conf.right_padding / 2.0,
                height: gap,
                class_index: section_index(&tasks[i].section),
            });
        }
    }

    let frame = Frame {
        scale: &scale,
        conf: &conf,
        left,
        w,
        gap,
        top,
        n_rows,
        order: &order,
        verts_take_rows: s.mermaid.verts_take_rows(),
        readable: options.readable,
    };
    let (bars, mut labels, slots) = bars_and_labels(s, tasks, &draw, &frame, &section_index);

    // Extra room below the chart for staggered marker labels (readable mode only).
    let extra_height = if options.readable {
        stagger_vert_labels(&mut labels, tasks)
    } else {
        0.0
    };
    let today_x = today_instant(s, domain).map(|t| ts(t) + left);
    let mut width = w;
    if options.readable {
        let mut lines: Vec<f64> = bars
            .iter()
            .filter(|b| b.kind == BarKind::Vert)
            .map(|b| b.x + b.width / 2.0)
            .collect();
        lines.extend(today_x.filter(|x| x.is_finite()));
        let class = |k: usize, p: readable::Placement| {
            let t = &tasks[k];
            readable_class(t, section_index(&t.section), p)
        };
        let reach = readable::place_labels(&mut labels, &slots, &lines, (left, w - 4.0), &class);
        width = width.max((reach + 4.0).ceil());
    }

    let sections = section_labels(&category_heights, &category_of, &conf, gap, top);

    // Excluded days.
    let mut excludes = Vec::new();
    if s.calendar.is_active()
        && let Some((min, max)) = domain
    {
        exclude_ranges(
            s,
            min,
            max,
            &ts,
            left,
            gap,
            h,
            &conf,
            &mut excludes,
            &mut diagnostics,
        );
    }

    let (bottom_axis, top_axis) = axes(
        s,
        &conf,
        domain,
        &scale,
        options,
        (h, top, range),
        &mut diagnostics,
    );
    let tick_font_size = axis_font(options);
    let today = today_line(s, today_x, &conf, h);

    let problems: Vec<ProblemRow> = tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| !placed(t))
        .map(|(i, t)| ProblemRow {
            task: i,
            y: order[i] as f64 * gap + top,
            name: t.name.clone(),
            reason: t.failure.clone().unwrap_or_default(),
        })
        .collect();

    let title = s
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_default();
    let mut laid = Layout {
        width,
        height: h + extra_height,
        config: conf,
        theme: s.config.theme.clone(),
        title,
        rows,
        bars,
        labels,
        sections,
        excludes,
        bottom_axis,
        top_axis,
        today,
        problems,
        locale: options.locale,
        domain,
        readable: options.readable,
        tick_font_size,
    };
    if options.readable {
        let boxes = text_boxes(&laid, tasks);
        readable::cut_lines(&mut laid.bars, laid.today.as_mut(), &boxes);
    }
    Checked::with_diagnostics(laid, diagnostics)
}

/// The text drawn in the row of a task that could not be drawn.
pub fn problem_text(name: &str, locale: Locale) -> String {
    let note = match locale {
        Locale::Da => "kan ikke tegnes – se fejlen",
        Locale::En => "cannot be drawn – see the error",
    };
    format!("⚠ {}: {note}", name.trim())
}

/// The instant the today (or data-date) line marks, if one is drawn.
fn today_instant(s: &Schedule, domain: Option<(i64, i64)>) -> Option<i64> {
    (s.today_marker != "off" && domain.is_some()).then(|| s.data_date.unwrap_or(s.now))
}

/// Readable mode's settings: no text under [`MIN_TEXT`] px, and unless the chart sets
/// `leftPadding`, a section column wide enough for its names.
fn readable_config(conf: &mut GanttConfig, s: &Schedule, options: &LayoutOptions) {
    conf.font_size = conf.font_size.max(MIN_TEXT);
    // The section size as a number between 11 and 100 px (a chart can set anything).
    let section_size = conf
        .section_font_size
        .trim()
        .trim_end_matches("px")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map_or(MIN_TEXT, |v| v.clamp(MIN_TEXT, 100.0));
    conf.section_font_size = crate::js::number_to_string(section_size);
    let set = |k: &str| options.config.contains_key(k) || s.config.gantt.contains_key(k);
    if set("leftPadding") {
        return;
    }
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let widest = s
        .tasks
        .iter()
        .take(MAX_TASKS)
        .filter(|t| seen.insert(t.section.as_str()))
        .flat_map(|t| split_br(&t.section))
        .map(|line| font::text_width(&line, section_size))
        .fold(0.0, f64::max);
    // Names start at x = 10; keep 8 px before the first bar.
    conf.left_padding = conf.left_padding.max((10.0 + widest + 8.0).ceil());
}

/// A task label's classes when readable placement put it `placement` of its bar.
fn readable_class(t: &Task, sec: usize, placement: readable::Placement) -> String {
    let click = t.classes.join(" ");
    let ty = text_type(t, sec);
    let s = match placement {
        readable::Placement::Inside => format!("{click} taskText taskText{sec} {ty}"),
        readable::Placement::Right => {
            format!("{click} taskTextOutsideRight taskTextOutside{sec} {ty}")
        }
        readable::Placement::Left => {
            format!("{click} taskTextOutsideLeft taskTextOutside{sec} {ty}")
        }
    };
    s.trim().to_string()
}

/// The boxes of every text a marker line could cross in a laid-out chart: task and marker
/// labels, section names, axis labels, the title and the notes of tasks not drawn.
fn text_boxes(l: &Layout, tasks: &[Task]) -> Vec<TextBox> {
    let conf = &l.config;
    let left = conf.left_padding;
    let tick_size = l.tick_font_size;
    let mut boxes = Vec::with_capacity(l.labels.len() + l.sections.len() + 16);
    for t in &l.labels {
        // `.vertText` sets 15 px over the element's own size.
        let (size, width) = if tasks[t.task].vert {
            (15.0, font::text_width(&t.text, 15.0))
        } else {
            (t.font_size, t.width)
        };
        boxes.push(TextBox::text(t.x, t.y, width, size, t.anchor));
    }
    let section_size = conf.section_font_size.parse::<f64>().unwrap_or(MIN_TEXT);
    for s in &l.sections {
        let width = s
            .lines
            .iter()
            .map(|l| font::text_width(l, section_size))
            .fold(0.0, f64::max);
        // Centred on `y` (alignment-baseline: central), shifted up by `dy` ems.
        let y0 = s.y + s.dy * section_size - section_size * 0.6;
        boxes.push(TextBox {
            x0: 10.0,
            x1: 10.0 + width,
            y0,
            y1: y0 + s.lines.len() as f64 * section_size + 0.2 * section_size,
        });
    }
    for axis in std::iter::once(&l.bottom_axis).chain(&l.top_axis) {
        for t in axis.ticks.iter().filter(|t| !t.label.is_empty()) {
            let width = font::text_width(&t.label, tick_size);
            let baseline = if axis.top {
                axis.y - 3.0
            } else {
                axis.y + 3.0 + tick_size
            };
            boxes.push(TextBox::text(
                left + t.x,
                baseline,
                width,
                tick_size,
                Anchor::Middle,
            ));
        }
    }
    // The title (18 px, centred).
    boxes.push(TextBox::text(
        l.width / 2.0,
        conf.title_top_margin,
        font::text_width(&l.title, 18.0),
        18.0,
        Anchor::Middle,
    ));
    for p in &l.problems {
        let text = problem_text(&p.name, l.locale);
        boxes.push(TextBox::text(
            left + 6.0,
            p.y + conf.bar_height / 2.0 + (conf.font_size / 2.0 - 2.0),
            font::text_width(&text, MIN_TEXT),
            MIN_TEXT,
            Anchor::Start,
        ));
    }
    boxes
}

/// Section names, centred on the rows of their section.
fn section_labels(
    heights: &[(String, usize)],
    place: &std::collections::HashMap<&str, usize>,
    conf: &GanttConfig,
    gap: f64,
    top: f64,
) -> Vec<SectionLabel> {
    let mut sections = Vec::with_capacity(heights.len());
    let mut prev_gap = 0usize;
    for (k, (name, rows_in)) in heights.iter().enumerate() {
        if k > 0 {
            prev_gap += heights[k - 1].1;
        }
        let lines: Vec<String> = split_br(name);
        let y = (*rows_in as f64 * gap) / 2.0 + prev_gap as f64 * gap + top;
        let class = match place.get(name.as_str()) {
            Some(i) => format!(
                "sectionTitle sectionTitle{}",
                i % conf.number_section_styles
            ),
            None => "sectionTitle".into(),
        };
        sections.push(SectionLabel {
            dy: -((lines.len() as f64) - 1.0) / 2.0,
            lines,
            y,
            class,
        });
    }
    sections
}

/// Where a chart's tasks are drawn: the time scale and the plot's frame.
struct Frame<'a> {
    scale: &'a TimeScale,
    conf: &'a GanttConfig,
    /// Plot start (left padding) and chart width.
    left: f64,
    w: f64,
    /// Row pitch and top padding.
    gap: f64,
    top: f64,
    /// Rows that tasks take, and each task's row.
    n_rows: usize,
    order: &'a [usize],
    /// From Mermaid 11.16 a `vert` marker takes no row.
    verts_take_rows: bool,
    readable: bool,
}

/// Every placed task's bar and label, in drawing order (`draw`), with each label's bar for
/// readable placement (none for markers). `section_index` gives a section's style number.
fn bars_and_labels(
    s: &Schedule,
    tasks: &[Task],
    draw: &[usize],
    f: &Frame<'_>,
    section_index: &dyn Fn(&str) -> usize,
) -> (Vec<Bar>, Vec<TaskLabel>, Vec<Option<readable::Slot>>) {
    let (conf, left, w, gap, top, n_rows, order) =
        (f.conf, f.left, f.w, f.gap, f.top, f.n_rows, f.order);
    let ts = |t: i64| f.scale.scale(t as f64);
    let rowed = |t: &Task| f.verts_take_rows || !t.vert;
    let bh = conf.bar_height;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    // Each label's bar, for readable placement (none for markers).
    let mut slots: Vec<Option<readable::Slot>> = Vec::new();
    for &i in draw {
        let t = &tasks[i];
        let (Some(start), Some(end)) = (t.start, t.end) else {
            continue;
        };
        let drawn = t.render_end.unwrap_or(end);
        let row = if rowed(t) { order[i] as f64 } else { -1.0 };
        let sec = section_index(&t.section);
        let kind = if t.vert {
            BarKind::Vert
        } else if t.milestone {
            BarKind::Milestone
        } else {
            BarKind::Task
        };
        let x = if t.milestone {
            ts(start) + left + 0.5 * (ts(end) - ts(start)) - 0.5 * bh
        } else {
            ts(start) + left
        };
        let y = if t.vert {
            conf.grid_line_start_padding
        } else {
            row * gap + top
        };
        let width = if t.milestone {
            bh
        } else if t.vert {
            0.08 * bh
        } else {
            ts(drawn) - ts(start)
        };
        let height = if t.vert {
            n_rows as f64 * gap + bh * 2.0
        } else {
            bh
        };
        let origin = (
            ts(start) + left + 0.5 * (ts(end) - ts(start)),
            row * gap + top + 0.5 * bh,
        );
        bars.push(Bar {
            task: i,
            id: t.id.clone(),
            x,
            y,
            width,
            height,
            class: bar_class(t, sec),
            origin,
            kind,
            link: s.links.get(&t.id).cloned(),
            progress: t.progress,
            gaps: Vec::new(),
        });

        // Label.
        let mut text_width = font::text_width(&t.name, conf.font_size);
        // A linked task's label is bold (`.clickable`), about a tenth wider than measured.
        if f.readable && t.classes.iter().any(|c| c == "clickable") {
            text_width *= 1.1;
        }
        let mut start_x = ts(start);
        let mut end_x = ts(drawn);
        if t.milestone {
            start_x += 0.5 * (ts(end) - ts(start)) - 0.5 * bh;
            end_x = start_x + bh;
        }
        let (lx, anchor) = if t.vert {
            (ts(start) + left, Anchor::Middle)
        } else if text_width > end_x - start_x {
            if end_x + text_width + 1.5 * left > w {
                (start_x + left - 5.0, Anchor::End)
            } else {
                (end_x + left + 5.0, Anchor::Start)
            }
        } else {
            ((end_x - start_x) / 2.0 + start_x + left, Anchor::Middle)
        };
        slots.push((!t.vert).then(|| {
            // A milestone's diamond (a square turned and scaled by 0.8) reaches 0.57 bars out.
            let (a, z) = if t.milestone {
                let mid = (start_x + end_x) / 2.0 + left;
                (mid - 0.57 * bh, mid + 0.57 * bh)
            } else {
                (start_x + left, end_x + left)
            };
            readable::Slot {
                task: i,
                start: a,
                end: z,
                row: order[i],
                mermaid: match anchor {
                    Anchor::Middle => readable::Placement::Inside,
                    Anchor::Start => readable::Placement::Right,
                    Anchor::End => readable::Placement::Left,
                },
            }
        }));
        let ly = if t.vert {
            conf.grid_line_start_padding + n_rows as f64 * gap + 60.0
        } else {
            row * gap + bh / 2.0 + (conf.font_size / 2.0 - 2.0) + top
        };
        labels.push(TaskLabel {
            task: i,
            id: format!("{}-text", t.id),
            text: t.name.clone(),
            x: lx,
            y: ly,
            class: label_class(t, sec, ts(start), ts(end), bh, text_width, w, left),
            font_size: conf.font_size,
            anchor,
            width: text_width,
        });
    }
    (bars, labels, slots)
}

/// The axis labels' font size: Mermaid's 10 px, or [`MIN_TEXT`] when readable.
fn axis_font(options: &LayoutOptions) -> f64 {
    if options.readable { MIN_TEXT } else { 10.0 }
}

/// The bottom axis and, when asked for, the top one: ticks at the chart's interval (or d3's
/// automatic one), labelled in its format; readable charts thin labels that would overlap.
/// `frame` is the chart's height, top padding and plot width.
fn axes(
    s: &Schedule,
    conf: &GanttConfig,
    domain: Option<(i64, i64)>,
    scale: &TimeScale,
    options: &LayoutOptions,
    (h, top, range): (f64, f64, f64),
    diagnostics: &mut Vec<Diagnostic>,
) -> (Axis, Option<Axis>) {
    let axis_format = axis_format(s, conf, options.locale);
    let interval = ticks_interval(s, conf, domain, diagnostics);
    let mut ticks: Vec<Tick> = match domain {
        Some((a, b)) => {
            let list = match &interval {
                Some(iv) => d3::ticks_with(&s.zone, a, b, iv, MAX_TICKS),
                None => d3::auto_interval(a, b, 10.0)
                    .and_then(|iv| d3::ticks_with(&s.zone, a, b, &iv, MAX_TICKS)),
            };
            list.unwrap_or_default()
                .into_iter()
                .map(|t| Tick {
                    t,
                    x: scale.scale(t as f64) + 0.5,
                    label: time_format(&axis_format, t, &s.zone, options.locale),
                })
                .collect()
        }
        None => Vec::new(),
    };
    if options.readable {
        thin_tick_labels(&mut ticks, axis_font(options));
    }
    let tick_size = -h + top + conf.grid_line_start_padding;
    let bottom_axis = Axis {
        y: h - 50.0,
        ticks: ticks.clone(),
        range,
        tick_size,
        top: false,
    };
    let top_axis = (s.top_axis || conf.top_axis).then_some(Axis {
        y: top,
        ticks,
        range,
        tick_size,
        top: true,
    });
    (bottom_axis, top_axis)
}

/// The today (or data-date) line at `x`, from the title margin to the bottom margin.
fn today_line(s: &Schedule, x: Option<f64>, conf: &GanttConfig, h: f64) -> Option<TodayLine> {
    let x = x.filter(|x| x.is_finite())?;
    Some(TodayLine {
        x,
        y1: conf.title_top_margin,
        y2: h - conf.title_top_margin,
        style: (!s.today_marker.is_empty()).then(|| s.today_marker.replace(',', ";")),
        data_date: s.data_date.is_some(),
        gaps: Vec::new(),
    })
}

/// Puts labels of `vert` markers that would overlap on further lines; returns the extra
/// height needed.
fn stagger_vert_labels(labels: &mut [TaskLabel], tasks: &[Task]) -> f64 {
    const LINE: f64 = 18.0;
    let mut verts: Vec<usize> = (0..labels.len())
        .filter(|&i| tasks[labels[i].task].vert)
        .collect();
    verts.sort_by(|&a, &b| labels[a].x.total_cmp(&labels[b].x));
    // The right end of each line so far (lines not yet used: never chosen).
    let mut line_ends = FirstFit::new(verts.len(), f64::INFINITY);
    let mut lines = 0;
    let mut extra = 0usize;
    for i in verts {
        let width = font::text_width(&labels[i].text, 15.0);
        let (left, right) = (labels[i].x - width / 2.0, labels[i].x + width / 2.0);
        // The first line whose last label ends far enough to the left.
        let line = match line_ends.first(|end| left > end + 6.0) {
            Some(k) => k,
            None => {
                lines += 1;
                lines - 1
            }
        };
        line_ends.set(line, right);
        labels[i].y += line as f64 * LINE;
        extra = extra.max(line);
    }
    extra as f64 * LINE
}

/// Blanks tick labels so that the remaining ones do not overlap (every k-th is kept).
fn thin_tick_labels(ticks: &mut [Tick], size: f64) {
    let widths: Vec<f64> = ticks
        .iter()
        .map(|t| font::text_width(&t.label, size))
        .collect();
    let fits = |k: usize| {
        let kept: Vec<usize> = (0..ticks.len()).step_by(k).collect();
        kept.windows(2).all(|w| {
            let (a, b) = (w[0], w[1]);
            ticks[b].x - ticks[a].x >= (widths[a] + widths[b]) / 2.0 + 6.0
        })
    };
    let Some(k) = (1..=ticks.len().max(1)).find(|&k| fits(k)) else {
        return;
    };
    for (i, t) in ticks.iter_mut().enumerate() {
        if i % k != 0 {
            t.label.clear();
        }
    }
}

/// Compact mode: greedy row packing per section (`getMaxIntersections`).
fn max_intersections(
    tasks: &[Task],
    members: &[usize],
    offset: usize,
    order: &mut [usize],
) -> usize {
    // The end of the last task in each row: `-Infinity` for an empty row; an end that is
    // undefined never compares (+∞ here). Times are integers below 2^53, exact as `f64`.
    let mut timeline = FirstFit::new(members.len(), f64::NEG_INFINITY);
    let mut sorted = members.to_vec();
    // `a.startTime - b.startTime || a.order - b.order`; tasks without a start (never placed)
    // go last so the order stays total.
    sorted.sort_by_key(|&i| (tasks[i].start.unwrap_or(i64::MAX), tasks[i].order));
    let mut max = 0;
    for &e in &sorted {
        let Some(start) = tasks[e].start else {
            continue;
        };
        // The first free row, as Mermaid's scan finds it.
        if let Some(j) = timeline.first(|end| start as f64 >= end) {
            timeline.set(j, tasks[e].end.map_or(f64::INFINITY, |t| t as f64));
            order[e] = j + offset;
            max = max.max(j);
        }
    }
    max
}

/// Slots holding numbers, with "the first slot whose number passes a test" in logarithmic
/// time, for tests that every smaller number passes too (a segment tree of minimums). NaN is
/// kept as +∞: every such test fails for both.
struct FirstFit {
    size: usize,
    min: Vec<f64>,
}

impl FirstFit {
    /// `len` slots holding `fill`.
    fn new(len: usize, fill: f64) -> FirstFit {
        let size = len.next_power_of_two();
        let mut min = vec![f64::INFINITY; 2 * size];
        min[size..size + len].fill(fill);
        for k in (1..size).rev() {
            min[k] = min[2 * k].min(min[2 * k + 1]);
        }
        FirstFit { size, min }
    }

    fn set(&mut self, slot: usize, value: f64) {
        let mut k = slot + self.size;
        self.min[k] = if value.is_nan() { f64::INFINITY } else { value };
        while k > 1 {
            k /= 2;
            self.min[k] = self.min[2 * k].min(self.min[2 * k + 1]);
        }
    }

    /// The first slot whose number passes `ok`.
    fn first(&self, ok: impl Fn(f64) -> bool) -> Option<usize> {
        if !ok(self.min[1]) {
            return None;
        }
        let mut k = 1;
        while k < self.size {
            k = if ok(self.min[2 * k]) {
                2 * k
            } else {
                2 * k + 1
            };
        }
        Some(k - self.size)
    }
}

fn split_br(name: &str) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = lower[i..].find("<br") {
        let at = i + p;
        let rest = &lower[at + 3..];
        let ws = rest.len() - rest.trim_start().len();
        let after = &rest[ws..];
        let close = if after.starts_with("/>") {
            Some(2)
        } else if after.starts_with('>') {
            Some(1)
        } else {
            None
        };
        match close {
            Some(c) => {
                out.push(name[last..at].to_string());
                last = at + 3 + ws + c;
                i = last;
            }
            None => i = at + 3,
        }
    }
    out.push(name[last..].to_string());
    out
}

fn bar_class(t: &Task, sec: usize) -> String {
    let mut class = if t.active {
        if t.crit { " activeCrit" } else { " active" }.to_string()
    } else if t.done {
        if t.crit { " doneCrit" } else { " done" }.to_string()
    } else if t.crit {
        " crit".to_string()
    } else {
        String::new()
    };
    if class.is_empty() {
        class = " task".into();
    }
    if t.milestone {
        class = format!(" milestone {class}");
    }
    if t.vert {
        class = format!(" vert {class}");
    }
    let s = format!("task{class}{sec} {}", t.classes.join(" "));
    s.trim().to_string()
}

#[allow(clippy::too_many_arguments)]
fn label_class(
    t: &Task,
    sec: usize,
    start_x: f64,
    end_x: f64,
    bh: f64,
    width: f64,
    w: f64,
    left: f64,
) -> String {
    let end_x = if t.milestone { start_x + bh } else { end_x };
    let ty = text_type(t, sec);
    let click = t.classes.join(" ");
    let wtxt = crate::js::number_to_string(width);
    let s = if width > end_x - start_x {
        if end_x + width + 1.5 * left > w {
            format!("{click} taskTextOutsideLeft taskTextOutside{sec} {ty}")
        } else {
            format!("{click} taskTextOutsideRight taskTextOutside{sec} {ty} width-{wtxt}")
        }
    } else {
        format!("{click} taskText taskText{sec} {ty} width-{wtxt}")
    };
    s.trim().to_string()
}

/// A task label's classes for the task's state (`activeText0 critText0 milestoneText`).
fn text_type(t: &Task, sec: usize) -> String {
    let mut ty = String::new();
    if t.active {
        ty = if t.crit {
            format!("activeCritText{sec}")
        } else {
            format!("activeText{sec}")
        };
    }
    if t.done {
        ty.push_str(&if t.crit {
            format!(" doneCritText{sec}")
        } else {
            format!(" doneText{sec}")
        });
    } else if t.crit {
        ty.push_str(&format!(" critText{sec}"));
    }
    if t.milestone {
        ty.push_str(" milestoneText");
    }
    if t.vert {
        ty.push_str(" vertText");
    }
    ty
}

#[allow(clippy::too_many_arguments)]
fn exclude_ranges(
    s: &Schedule,
    min: i64,
    max: i64,
    ts: &dyn Fn(i64) -> f64,
    left: f64,
    gap: f64,
    h: f64,
    conf: &GanttConfig,
    out: &mut Vec<ExcludeRect>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Mermaid 9 shades every excluded day; later versions skip charts over five years.
    let v9 = s.mermaid.moment_era();
    if !v9 && over_five_years(s, min, max) {
        diagnostics.push(Diagnostic::note(
            "gantt::excludes-not-drawn",
            "the chart spans more than five years, so excluded days are not shaded (as in Mermaid)",
        ));
        return;
    }
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    let mut open: Option<(i64, i64)> = None;
    let mut d = min;
    let mut guard = 0;
    let days = if v9 { 20_000 } else { 5000 };
    while d <= max && guard < days {
        guard += 1;
        match s.calendar.is_excluded(d) {
            Ok(true) => {
                open = Some(match open {
                    Some((a, _)) => (a, d),
                    None => (d, d),
                })
            }
            Ok(false) => {
                if let Some(r) = open.take() {
                    ranges.push(r);
                }
            }
            Err(_) => return,
        }
        match s.zone.add_days(d, 1.0) {
            Some(n) => d = n,
            None => break,
        }
    }
    for (i, (a, b)) in ranges.into_iter().enumerate() {
        // Mermaid 9 keeps the first task's time of day and ends a day later; later versions
        // shade from midnight to the last millisecond of the day.
        let (a0, b1) = if v9 {
            (a, s.zone.add_days(b, 1.0).unwrap_or(b))
        } else {
            let end = s.zone.with_fields(b, |p| {
                p[3] = 23.0;
                p[4] = 59.0;
                p[5] = 59.0;
                p[6] = 999.0;
            });
            (s.zone.start_of_day(a).unwrap_or(a), end.unwrap_or(b))
        };
        out.push(ExcludeRect {
            id: format!(
                "exclude-{}",
                dayjs::format(a, "YYYY-MM-DD", &s.zone).unwrap_or_default()
            ),
            x: ts(a0) + left,
            y: conf.grid_line_start_padding,
            width: ts(b1) - ts(a0),
            height: h - conf.top_padding - conf.grid_line_start_padding,
            origin: (
                ts(a) + left + 0.5 * (ts(b) - ts(a)),
                i as f64 * gap + 0.5 * h,
            ),
        });
    }
}

/// `dayjs(max).diff(min, 'year') > 5`.
fn over_five_years(s: &Schedule, min: i64, max: i64) -> bool {
    let (fa, fb) = (s.zone.fields(min), s.zone.fields(max));
    let months = (fb.year - fa.year) * 12 + (fb.month - fa.month);
    let anchor = dayjs::add(&s.zone, min, months as f64, "M").unwrap_or(min);
    let whole = if max >= anchor { months } else { months - 1 };
    whole / 12 > 5
}

fn axis_format(s: &Schedule, conf: &GanttConfig, locale: Locale) -> String {
    if let Some(f) = s.axis_format.as_ref().filter(|f| !f.value.is_empty()) {
        return f.value.clone();
    }
    if s.date_format == "D" {
        return "%d".into();
    }
    if let Some(f) = &conf.axis_format {
        return f.clone();
    }
    let quarter = s.extensions
        && s.tick_interval
            .as_ref()
            .is_some_and(|t| is_quarter_interval(&t.value));
    match (quarter, locale) {
        (true, _) => "Q%q %Y".into(),
        (false, Locale::En) => "%Y-%m-%d".into(),
        (false, Locale::Da) => "%-d. %b %Y".into(),
    }
}

/// The custom tick interval, if one applies; `None` for d3's automatic ticks.
fn ticks_interval(
    s: &Schedule,
    conf: &GanttConfig,
    domain: Option<(i64, i64)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Interval> {
    let (value, span) = match &s.tick_interval {
        Some(t) => (t.value.clone(), Some(t.span)),
        None => (conf.tick_interval.clone()?, None),
    };
    let weekday = s.weekday.index();
    let iv = if let Some((n, unit)) = tick_interval(&value) {
        let unit = match unit {
            "millisecond" => Unit::Millisecond,
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week(weekday),
            _ => Unit::Month,
        };
        Interval::every(unit, n as f64)?
    } else if s.extensions && is_quarter_interval(&value) {
        let n: f64 = value.trim_end_matches("quarter").parse().ok()?;
        Interval::every(Unit::Month, 3.0 * n)?
    } else {
        return None;
    };
    if let Some((a, b)) = domain {
        let count = (b - a) as f64 / iv.approx_ms() as f64;
        if count > MAX_TICKS as f64 {
            let mut d = Diagnostic::warning(
                "gantt::tick-explosion",
                format!(
                    "`tickInterval {value}` would draw about {} ticks over this chart's time span",
                    count.ceil() as u64
                ),
            )
            .with_note(
                "Mermaid 11.12 hangs the browser on this; forvalt uses automatic ticks instead",
            );
            if let Some(span) = span {
                d = d.with_span(span);
            }
            diagnostics.push(d);
            return None;
        }
    }
    Some(iv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_interval_pattern() {
        assert_eq!(tick_interval("1week"), Some((1, "week")));
        assert_eq!(tick_interval("12month"), Some((12, "month")));
        assert_eq!(tick_interval("1quarter"), None);
        assert_eq!(tick_interval(" 1week"), None);
        assert_eq!(tick_interval("0day"), None);
        assert!(is_quarter_interval("1quarter"));
    }

    #[test]
    fn object_keys_put_integers_first() {
        let keys = object_key_order(vec![
            ("b".to_string(), 1),
            ("2024".to_string(), 2),
            ("01".to_string(), 3),
            ("7".to_string(), 4),
        ]);
        let k: Vec<_> = keys.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(k, ["7", "2024", "b", "01"]);
    }

    #[test]
    fn br_splits_section_names() {
        assert_eq!(split_br("a<br>b<BR/>c<br />d"), ["a", "b", "c", "d"]);
        assert_eq!(split_br("plain"), ["plain"]);
    }
}
