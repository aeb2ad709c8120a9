//! Charts in pages: a roadmap's figure (the drawing, a located error box, the table
//! alternative, download links), another Mermaid diagram's figure, and the download links.

use crate::draw::gantt::Drawn;
use crate::export::{Format, site_url};
use crate::i18n::{Strings, gantt_headline};
use forvalt_diag::{Diagnostic, Severity, Sources};
use forvalt_model::url::{relative, unescape};
use serde::Serialize;

/// A roadmap's figure (`chart.html`).
#[derive(Debug, Serialize)]
pub struct GanttFigure {
    /// Element id stem (`roadmap-1`).
    pub id: String,
    /// The drawn SVG.
    pub svg: String,
    /// The chart's errors, each with its place.
    pub errors: Vec<ChartError>,
    /// The engine's messages are English on a Danish page (marked `lang="en"`).
    pub messages_in_english: bool,
    /// The table alternative: caption and rows (none when the chart has no tasks).
    pub table: Option<GanttTable>,
    /// Download links, when the chart is exported.
    pub downloads: Option<Downloads>,
    /// In forvalt's readable geometry the drawing keeps its size and scrolls sideways on a
    /// narrow screen: the scrolling box's accessible name.
    pub scroll_label: Option<String>,
}

/// An error in a chart.
#[derive(Debug, Serialize)]
pub struct ChartError {
    /// `Linje 4, kolonne 52`, when it has a place.
    pub place: Option<String>,
    /// A headline in the site's language.
    pub headline: Option<&'static str>,
    /// The message in parts: text, and `code` where the message has backticks.
    pub message: Vec<MessagePart>,
    /// The line of the source it is on.
    pub line: Option<String>,
}

/// A part of a message.
#[derive(Debug, Serialize)]
pub struct MessagePart {
    /// Code (shown as `<code>`).
    pub code: bool,
    /// Text.
    pub text: String,
}

/// A chart's table.
#[derive(Debug, Serialize)]
pub struct GanttTable {
    /// Caption (the chart's title).
    pub caption: String,
    /// One row per task: section, name, start, end, status.
    pub rows: Vec<(String, String, String, String, String)>,
}

/// Links to a chart's exports.
#[derive(Debug, Serialize)]
pub struct Downloads {
    /// The file name offered, without extension.
    pub name: String,
    /// One per format.
    pub links: Vec<Download>,
    /// The SVG's relative address, which the browser draws PNG and PDF from.
    pub svg: String,
}

/// A link to one export.
#[derive(Debug, Serialize)]
pub struct Download {
    /// Relative address.
    pub href: String,
    /// `svg`, `png`, `pdf`.
    pub extension: &'static str,
    /// `SVG`, `PNG`, `PDF`.
    pub label: &'static str,
    /// Drawn by the reader's browser from the SVG (a button that needs the script), not a
    /// file of the build.
    pub in_browser: bool,
}

/// The download links of the chart `stem` on the page at `page_url`; `in_browser` when its
/// PNG and PDF are drawn by the reader's browser.
pub fn downloads(page_url: &str, stem: &str, in_browser: bool) -> Downloads {
    let links = Format::ALL
        .iter()
        .map(|&f| Download {
            href: relative(page_url, &site_url(page_url, stem, f)),
            extension: f.extension(),
            label: f.label(),
            in_browser: in_browser && f != Format::Svg,
        })
        .collect();
    let svg = site_url(page_url, stem, Format::Svg);
    let name = unescape(
        svg.rsplit('/')
            .next()
            .unwrap_or(stem)
            .trim_end_matches(".svg"),
    );
    Downloads {
        name,
        links,
        svg: relative(page_url, &svg),
    }
}

/// The figure of a drawn roadmap (its drawing and table rows are moved into the figure);
/// `downloads` when it is exported.
pub fn gantt_figure(
    drawn: &mut Drawn,
    id: &str,
    readable: bool,
    strings: &Strings,
    sources: &Sources,
    downloads: Option<Downloads>,
) -> GanttFigure {
    let errors = drawn
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| chart_error(d, strings, sources))
        .collect();
    GanttFigure {
        id: id.to_string(),
        svg: std::mem::take(&mut drawn.svg),
        errors,
        messages_in_english: strings.danish(),
        table: (!drawn.rows.is_empty()).then(|| GanttTable {
            caption: drawn.title.clone(),
            rows: std::mem::take(&mut drawn.rows)
                .into_iter()
                .map(|r| (r.section, r.name, r.start, r.end, r.status))
                .collect(),
        }),
        downloads,
        scroll_label: readable.then(|| {
            let title = if drawn.title.trim().is_empty() {
                strings.t("chart_untitled")
            } else {
                drawn.title.trim()
            };
            strings.fill("chart_scroll", &[("title", title)])
        }),
    }
}

fn chart_error(d: &Diagnostic, strings: &Strings, sources: &Sources) -> ChartError {
    let loc = d.span.and_then(|s| sources.location(s));
    let place = loc.as_ref().map(|loc| {
        let place = strings.fill(
            "line_column",
            &[
                ("line", &loc.line.to_string()),
                ("column", &loc.column.to_string()),
            ],
        );
        let mut chars = place.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    });
    let line = loc.as_ref().and_then(|loc| {
        let f = d.span.and_then(|s| sources.get(s.file))?;
        let line = f.lines().line_text(&f.text, loc.line - 1).trim();
        (!line.is_empty()).then(|| line.to_string())
    });
    ChartError {
        place,
        headline: gantt_headline(&d.code, strings.danish()),
        message: d
            .message
            .split('`')
            .enumerate()
            .map(|(n, part)| MessagePart {
                code: n % 2 == 1,
                text: part.to_string(),
            })
            .collect(),
        line,
    }
}

/// Another Mermaid diagram's figure (`diagram.html`): drawn, or its source with a notice.
#[derive(Debug, Serialize)]
pub struct DiagramFigure {
    /// Element id (`diagram-1`).
    pub id: String,
    /// The diagram's kind (`flowchart`).
    pub kind: String,
    /// The drawn SVG (none: merman could not draw it).
    pub svg: Option<String>,
    /// Why it was not drawn, for the reader (`Diagramtypen »timeline« …`).
    pub problem: Option<String>,
    /// The Mermaid source.
    pub source: String,
}
