//! Roadmaps: Mermaid gantt charts drawn by forvalt-gantt, for pages (theme colours, ids
//! prefixed) and for export (light colours, standalone).

use forvalt_diag::{Diagnostic, Span};
use forvalt_gantt::{Locale, Theme, Zone};

/// A scheduled roadmap item, for the status report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoadmapItem {
    /// The task's name.
    pub name: String,
    /// Its last day (the day before Mermaid's exclusive end; the day itself for milestones).
    pub end: jiff::civil::Date,
    /// A milestone.
    pub milestone: bool,
    /// Tagged `done`.
    pub done: bool,
}

/// How charts are drawn on this site.
#[derive(Debug, Clone)]
pub struct ChartSettings {
    /// Time zone of dates.
    pub zone: Zone,
    /// The same zone, for calendar dates of roadmap items.
    pub time_zone: jiff::tz::TimeZone,
    /// "Now" (ms since the epoch), for today markers.
    pub now: i64,
    /// Label language.
    pub locale: Locale,
    /// forvalt's gantt extensions.
    pub extensions: bool,
    /// Site-wide gantt settings.
    pub config: serde_json::Map<String, serde_json::Value>,
    /// Drawing width.
    pub width: f64,
    /// The Mermaid version whose gantt semantics and pie order apply (the site's pinned
    /// one).
    pub mermaid: forvalt_gantt::MermaidVersion,
    /// forvalt's readable geometry (off: Mermaid's exact layout, `forvalt.gantt_geometry:
    /// mermaid`).
    pub readable: bool,
}

impl ChartSettings {
    fn options(&self, id: &str, theme: Theme, prefix_ids: bool) -> forvalt_gantt::Options {
        forvalt_gantt::Options {
            zone: self.zone.clone(),
            now: self.now,
            width: self.width,
            locale: self.locale,
            extensions: self.extensions,
            theme,
            id: id.to_string(),
            prefix_ids,
            config: self.config.clone(),
            readable: self.readable,
            mermaid: self.mermaid,
        }
    }
}

/// A chart drawn for a page.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    /// The SVG.
    pub svg: String,
    /// The chart's title.
    pub title: String,
    /// The rows of its table.
    pub rows: Vec<forvalt_gantt::TableRow>,
    /// Diagnostics, placed in the Markdown file.
    pub diagnostics: Vec<Diagnostic>,
    /// Searchable text: title and task names.
    pub text: String,
    /// The scheduled items, for the status report.
    pub items: Vec<RoadmapItem>,
    /// The chart as a standalone SVG for download, when asked for.
    pub export: Option<crate::export::ChartFile>,
}

/// Draws a gantt chart for a page, and with `export` its standalone copy for download (the
/// same layout drawn again, see [`export`]). `place` maps an offset in `code` to a span in
/// the Markdown file.
pub fn page_chart(
    code: &str,
    id: &str,
    settings: &ChartSettings,
    export: bool,
    place: &dyn Fn(usize) -> Span,
) -> Drawn {
    let r = forvalt_gantt::render(code, &settings.options(id, Theme::Auto, true));
    let export = export.then(|| crate::export::ChartFile {
        stem: id.to_string(),
        title: r.title.clone(),
        description: r.description.clone(),
        svg: r.redraw(id, Theme::Light, settings.locale),
        in_browser: false,
    });
    let diagnostics = r
        .diagnostics
        .into_iter()
        .map(|d| {
            d.map_spans(|s| {
                let a = place(s.start as usize);
                let b = place(s.end as usize);
                Span {
                    end: b.start.max(a.start),
                    ..a
                }
            })
        })
        .collect();
    let mut text = r.title.clone();
    for t in &r.schedule.tasks {
        text.push('\n');
        text.push_str(t.name.trim());
    }
    Drawn {
        rows: forvalt_gantt::table_rows(&r.schedule, settings.locale),
        items: roadmap_items(&r.schedule, &settings.time_zone),
        svg: r.svg,
        title: r.title,
        diagnostics,
        text,
        export,
    }
}

/// A gantt chart as a standalone SVG in light colours, for export (PNG, PDF, download),
/// with what drawing it found (spans in `code`).
pub fn export(
    code: &str,
    stem: &str,
    settings: &ChartSettings,
) -> (crate::export::ChartFile, Vec<Diagnostic>) {
    let r = forvalt_gantt::render(code, &settings.options(stem, Theme::Light, false));
    let title = if r.title.trim().is_empty() {
        forvalt_gantt::accessible_title(&r.schedule, settings.locale)
    } else {
        r.title.clone()
    };
    let file = crate::export::ChartFile {
        stem: stem.to_string(),
        title,
        description: r.description,
        svg: r.svg,
        in_browser: false,
    };
    (file, r.diagnostics)
}

/// The scheduled items of a chart (markers and tasks that could not be scheduled are left
/// out: their errors are shown where the chart is drawn).
fn roadmap_items(
    schedule: &forvalt_gantt::Schedule,
    zone: &jiff::tz::TimeZone,
) -> Vec<RoadmapItem> {
    let mut out = Vec::new();
    for t in &schedule.tasks {
        if t.vert || !t.is_scheduled() {
            continue;
        }
        let Some(end) = t.end else { continue };
        let last = if t.milestone {
            t.start.unwrap_or(end)
        } else {
            end - 1
        };
        let Ok(ts) = jiff::Timestamp::from_millisecond(last) else {
            continue;
        };
        out.push(RoadmapItem {
            name: t.name.trim().to_string(),
            end: ts.to_zoned(zone.clone()).date(),
            milestone: t.milestone,
            done: t.done,
        });
    }
    out
}
