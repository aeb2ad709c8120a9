//! Charts in pages: Mermaid gantt fences drawn by forvalt-gantt as inline SVG with a table
//! alternative and a located error box; other Mermaid diagrams as a readable fallback.

use crate::i18n::{Strings, gantt_headline};
use crate::markdown::attr;
use forvalt_diag::{Diagnostic, Severity, Sources, Span};
use forvalt_gantt::{Locale, Theme, Zone};
use std::fmt::Write as _;

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
}

/// A drawn chart.
#[derive(Debug, Clone, Default)]
pub struct ChartOutput {
    /// The HTML (a `<figure>`).
    pub html: String,
    /// Diagnostics, placed in the Markdown file.
    pub diagnostics: Vec<Diagnostic>,
    /// How many are errors.
    pub errors: usize,
    /// Searchable text: title and task names.
    pub text: String,
    /// The scheduled items, for the status report.
    pub items: Vec<RoadmapItem>,
}

/// Draws a gantt chart. `place` maps an offset in `code` to a span in the Markdown file.
pub fn gantt_figure(
    code: &str,
    id: &str,
    settings: &ChartSettings,
    strings: &Strings,
    place: &dyn Fn(usize) -> Span,
    sources: &Sources,
) -> ChartOutput {
    let options = forvalt_gantt::Options {
        zone: settings.zone.clone(),
        now: settings.now,
        width: settings.width,
        locale: settings.locale,
        extensions: settings.extensions,
        theme: Theme::Auto,
        id: id.to_string(),
        prefix_ids: true,
        config: settings.config.clone(),
        readable: true,
    };
    let r = forvalt_gantt::render(code, &options);
    let diagnostics: Vec<Diagnostic> = r
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
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let danish = strings.lang == "da";
    let mut html = String::with_capacity(r.svg.len() + 2048);
    let _ = write!(
        html,
        "<figure class=\"chart chart-gantt\" id=\"{}-figur\">",
        attr(id)
    );
    if !errors.is_empty() {
        html.push_str("<div class=\"chart-error\">");
        let _ = write!(
            html,
            "<p class=\"chart-error-title\"><strong>{}</strong></p><ul>",
            attr(strings.chart_error)
        );
        for d in &errors {
            html.push_str("<li>");
            if let Some(loc) = d.span.and_then(|s| sources.location(s)) {
                let place = strings
                    .line_column
                    .replace("{line}", &loc.line.to_string())
                    .replace("{column}", &loc.column.to_string());
                let mut chars = place.chars();
                let place: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                let _ = write!(
                    html,
                    "<span class=\"chart-error-place\">{}</span>: ",
                    attr(&place)
                );
                if let Some(h) = gantt_headline(&d.code, danish) {
                    let _ = write!(html, "<strong>{}.</strong> ", attr(h));
                }
                message_html(&d.message, danish, &mut html);
                if let Some(f) = d.span.and_then(|s| sources.get(s.file)) {
                    let line = f.lines.line_text(&f.text, loc.line - 1).trim();
                    if !line.is_empty() {
                        let _ = write!(
                            html,
                            "<code class=\"chart-error-line\">{}</code>",
                            attr(line)
                        );
                    }
                }
            } else {
                if let Some(h) = gantt_headline(&d.code, danish) {
                    let _ = write!(html, "<strong>{}.</strong> ", attr(h));
                }
                message_html(&d.message, danish, &mut html);
            }
            html.push_str("</li>");
        }
        let _ = write!(
            html,
            "</ul><p>{}</p></div>",
            attr(strings.chart_error_partial)
        );
    }
    html.push_str(&r.svg);
    if !r.schedule.tasks.is_empty() {
        let _ = write!(
            html,
            "<details class=\"chart-table\"><summary>{}</summary>",
            attr(strings.chart_table)
        );
        html.push_str(&forvalt_gantt::table_html(
            &r.schedule,
            settings.locale,
            &r.title,
        ));
        html.push_str("</details>");
    }
    html.push_str("</figure>\n");
    let mut text = r.title.clone();
    for t in &r.schedule.tasks {
        text.push('\n');
        text.push_str(t.name.trim());
    }
    let count = errors.len();
    ChartOutput {
        html,
        errors: count,
        diagnostics,
        text,
        items: roadmap_items(&r.schedule, &settings.time_zone),
    }
}

/// A gantt chart as a standalone SVG in light colours, for export (PNG, PDF, download),
/// with what drawing it found (spans in `code`).
pub fn gantt_export(
    code: &str,
    stem: &str,
    settings: &ChartSettings,
) -> (crate::export::ChartFile, Vec<Diagnostic>) {
    let options = forvalt_gantt::Options {
        zone: settings.zone.clone(),
        now: settings.now,
        width: settings.width,
        locale: settings.locale,
        extensions: settings.extensions,
        theme: Theme::Light,
        id: stem.to_string(),
        prefix_ids: false,
        config: settings.config.clone(),
        readable: true,
    };
    let r = forvalt_gantt::render(code, &options);
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
    };
    (file, r.diagnostics)
}

/// Download links for a chart's exports: `hrefs` are the SVG, PNG and PDF files.
pub fn downloads_html(
    hrefs: &[(crate::export::Format, String)],
    name: &str,
    strings: &Strings,
) -> String {
    let mut html = format!(
        "<p class=\"chart-downloads\">{}",
        attr(strings.download_chart)
    );
    for (i, (format, href)) in hrefs.iter().enumerate() {
        let _ = write!(
            html,
            "{}<a href=\"{}\" download=\"{}.{}\"><span class=\"visually-hidden\">{} </span>{}</a>",
            if i == 0 { " " } else { " · " },
            attr(href),
            attr(name),
            format.extension(),
            attr(strings.download_chart_as),
            format.label()
        );
    }
    html.push_str("</p>");
    html
}

/// A diagnostic message as HTML: `code` in backticks becomes `<code>`. The engine's messages
/// are English: on a Danish page they are marked `lang="en"`.
fn message_html(message: &str, danish: bool, out: &mut String) {
    if danish {
        out.push_str("<span lang=\"en\">");
    }
    for (n, part) in message.split('`').enumerate() {
        if n % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", attr(part));
        } else {
            out.push_str(&attr(part));
        }
    }
    if danish {
        out.push_str("</span>");
    }
}

/// Another kind of Mermaid diagram, drawn by merman when it can; otherwise the source is
/// shown with a notice, so no content is lost.
pub fn other_diagram(code: &str, n: usize, strings: &Strings) -> String {
    #[cfg(feature = "diagrams")]
    if let Some(svg) = merman_svg(code, &format!("diagram-{n}")) {
        let kind = code
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("%%") && !l.starts_with("---"))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or("mermaid");
        let svg = accessible(&svg, &format!("diagram-{n}"), code, kind, strings);
        return format!(
            "<figure class=\"chart chart-diagram\" id=\"diagram-{n}-figur\" data-kind=\"{}\">{svg}<details class=\"chart-source\"><summary>{}</summary><pre><code class=\"language-mermaid\">{}</code></pre></details></figure>\n",
            attr(kind),
            attr(strings.diagram_source),
            attr(code)
        );
    }
    let mut html = String::with_capacity(code.len() + 256);
    let _ = writeln!(
        html,
        "<figure class=\"chart chart-fallback\" id=\"diagram-{n}\"><figcaption>{}</figcaption><pre><code class=\"language-mermaid\">{}</code></pre></figure>",
        attr(strings.diagram_fallback),
        attr(code)
    );
    html
}

/// Draws a diagram with merman; `None` when merman cannot (unsupported type, syntax error,
/// or a panic inside merman, which must not take the build down).
#[cfg(feature = "diagrams")]
fn merman_svg(code: &str, id: &str) -> Option<String> {
    use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
    let code = code.to_string();
    let id = id.to_string();
    std::panic::catch_unwind(move || {
        let request = SvgRequest {
            options: merman::svg::SvgRenderOptions {
                diagram_id: Some(merman::svg::sanitize_svg_id(&id)),
                ..Default::default()
            },
            ..Default::default()
        };
        match Renderer::new().render(RenderRequest::svg(&code, OperationControl::new(), request)) {
            Ok(RenderOutput::Svg(Some(svg))) => Some(svg.svg().to_string()),
            _ => None,
        }
    })
    .ok()
    .flatten()
}

/// Gives a diagram SVG an accessible name and description: `accTitle`/`title` and
/// `accDescr` from the source when written, else the diagram kind and the texts it shows.
#[cfg(feature = "diagrams")]
fn accessible(svg: &str, id: &str, code: &str, kind: &str, strings: &Strings) -> String {
    let danish = strings.lang == "da";
    let field = |key: &str| {
        code.lines().map(str::trim).find_map(|l| {
            let rest = l.strip_prefix(key)?;
            let rest = rest.trim_start();
            let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
            (!rest.is_empty() && !rest.starts_with('{')).then(|| rest.trim_matches('"').to_string())
        })
    };
    let title = field("accTitle")
        .or_else(|| field("title"))
        .unwrap_or_else(|| match crate::describe::role_description(kind, danish) {
            Some(r) => {
                let mut c = r.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
            None => format!("Diagram ({kind})"),
        });
    let description = field("accDescr")
        .or_else(|| crate::describe::describe(kind, code, danish))
        .unwrap_or_else(|| {
            let texts = svg_texts(svg);
            if texts.is_empty() {
                String::new()
            } else if danish {
                format!("Diagrammet viser: {}.", texts.join(", "))
            } else {
                format!("The diagram shows: {}.", texts.join(", "))
            }
        });
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let open = &svg[..open_end];
    let mut open = open
        .replace("role=\"graphics-document document\"", "role=\"img\"")
        .replace(" aria-labelledby=", " data-aria-labelledby=")
        .replace(" aria-describedby=", " data-aria-describedby=");
    if let Some(r) = crate::describe::role_description(kind, danish)
        && let Some(at) = open.find(" aria-roledescription=\"")
    {
        let value_start = at + " aria-roledescription=\"".len();
        if let Some(len) = open[value_start..].find('"') {
            open.replace_range(value_start..value_start + len, r);
        }
    }
    let role = if open.contains("role=") {
        ""
    } else {
        " role=\"img\""
    };
    format!(
        "{open}{role} aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        attr(&title),
        attr(&description),
        &svg[open_end + 1..]
    )
}

/// The distinct texts shown in an SVG (element content outside `<style>`), in order.
#[cfg(feature = "diagrams")]
fn svg_texts(svg: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |t: String, out: &mut Vec<String>| {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && !out.contains(&t) && out.len() < 60 {
            out.push(t);
        }
    };
    let mut rest = svg;
    let mut in_style = false;
    // Words of one `<text>` element (split into `<tspan>`s) belong together.
    let mut text_element: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        let text = decode_entities(&rest[..lt]);
        if !in_style {
            match &mut text_element {
                Some(buf) => {
                    buf.push(' ');
                    buf.push_str(&text);
                }
                None => push(text, &mut out),
            }
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("style") {
            in_style = true;
        } else if tag.starts_with("/style") {
            in_style = false;
        } else if tag.starts_with("text") && !tag.ends_with('/') {
            text_element = Some(String::new());
        } else if tag.starts_with("/text")
            && let Some(buf) = text_element.take()
        {
            push(buf, &mut out);
        }
        rest = &rest[lt + gt + 1..];
    }
    out
}

#[cfg(feature = "diagrams")]
fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A scheduled roadmap item, for the status report.
#[derive(Debug, Clone, PartialEq, Eq)]
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
