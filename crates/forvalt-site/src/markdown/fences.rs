//! Charts in Markdown: ```` ```mermaid ```` gantt charts and other diagrams, and
//! ```` ```aarshjul ```` wheels, drawn in place through their templates, with diagnostics
//! placed in the Markdown file.

use super::{Body, Env, Input};
use crate::views::chart::{DiagramFigure, downloads, gantt_figure};
use crate::views::wheel::{figure as wheel_figure, meeting_href};
use comrak::nodes::Sourcepos;
use forvalt_diag::{FileId, Lines, Span};
use serde::Serialize;

/// A drawn ```` ```aarshjul ```` fence; `at` is where its content starts in the file.
pub(super) fn wheel(
    code: &str,
    at: Span,
    input: &Input<'_>,
    env: &Env<'_>,
    body: &mut Body,
) -> String {
    let mut diags = Vec::new();
    let parsed = forvalt_model::aarshjul::parse(
        code,
        FileId::DETACHED,
        0,
        env.today,
        env.records,
        &mut diags,
    );
    body.diagnostics.extend(diags.into_iter().map(|d| {
        d.map_spans(|s| {
            Span::new(
                at.start as usize + s.start as usize,
                at.start as usize + s.end as usize,
            )
            .in_file(input.file)
        })
    }));
    let Some(w) = parsed else {
        return String::new();
    };
    body.wheels += 1;
    let link = |id: &str| meeting_href(env.records, env.links, input.url, id);
    let stem = format!("aarshjul-{}", body.wheels);
    let danish = env.strings.danish();
    // Its PNG and PDF are drawn in the reader's browser, like a roadmap's.
    let dl = env.exports.then(|| downloads(input.url, &stem, true));
    if env.exports {
        let mut file = crate::draw::wheel::export(&w, &stem, env.today, danish);
        file.in_browser = true;
        body.exports.push(file);
    }
    #[derive(Serialize)]
    struct Ctx {
        wheel: crate::views::wheel::WheelFigure,
    }
    let wheel = wheel_figure(&w, &stem, env.today, env.strings, &link, dl);
    env.theme.render("wheel.html", &Ctx { wheel })
}

/// A drawn ```` ```mermaid ```` fence: a roadmap when it is a gantt chart, else another
/// diagram.
pub(super) fn mermaid(
    code: &str,
    sp: Sourcepos,
    input: &Input<'_>,
    env: &Env<'_>,
    body: &mut Body,
    search_from: &mut usize,
) -> String {
    if !forvalt_gantt::is_gantt(code) {
        body.diagrams += 1;
        #[derive(Serialize)]
        struct Ctx {
            diagram: DiagramFigure,
        }
        let id = format!("diagram-{}", body.diagrams);
        let kind = crate::draw::diagram::kind(code);
        let drawn = crate::draw::diagram::draw(code, &id, env.strings.danish(), env.charts.mermaid);
        let problem = drawn.as_ref().err().map(|u| {
            let map = ChartPlacer::new(input, code, sp, search_from);
            undrawn(u, code, &kind, &map, env, body)
        });
        let diagram = DiagramFigure {
            svg: drawn.ok(),
            problem,
            kind,
            source: code.to_string(),
            id,
        };
        return env.theme.render("diagram.html", &Ctx { diagram });
    }
    let n = body.charts + 1;
    let stem = format!("roadmap-{n}");
    let map = ChartPlacer::new(input, code, sp, search_from);
    let mut drawn =
        crate::draw::gantt::page_chart(code, &stem, env.charts, env.exports, &|o| map.span(o));
    let errors = drawn
        .diagnostics
        .iter()
        .filter(|d| d.severity == forvalt_diag::Severity::Error)
        .count();
    body.charts += 1;
    if errors > 0 {
        body.chart_errors += 1;
    }
    let exported = env.exports && errors == 0;
    // Its PNG and PDF are drawn in the reader's browser (which scales a huge chart down to
    // what it can draw): only the SVG is a file of the build.
    if let Some(mut file) = drawn.export.take().filter(|_| exported) {
        file.in_browser = true;
        body.exports.push(file);
    }
    #[derive(Serialize)]
    struct Ctx {
        chart: crate::views::chart::GanttFigure,
    }
    let chart = gantt_figure(
        &mut drawn,
        &stem,
        env.charts.readable,
        env.strings,
        env.sources,
        exported.then(|| downloads(input.url, &stem, true)),
    );
    let html = env.theme.render("chart.html", &Ctx { chart });
    body.text.push_str(&drawn.text);
    body.text.push('\n');
    body.roadmap.extend(drawn.items);
    body.diagnostics.extend(drawn.diagnostics);
    html
}

/// A diagram that could not be drawn: its diagnostic, placed in the Markdown file, and the
/// sentence the page shows instead.
fn undrawn(
    u: &crate::draw::diagram::Undrawn,
    code: &str,
    kind: &str,
    map: &ChartPlacer<'_>,
    env: &Env<'_>,
    body: &mut Body,
) -> String {
    let range = u.span.clone().unwrap_or(0..0);
    let (a, b) = (map.span(range.start), map.span(range.end));
    let span =
        forvalt_diag::Span::new(a.start as usize, b.start.max(a.start) as usize).in_file(a.file);
    let line = code[..range.start.min(code.len())].matches('\n').count() + 1;
    let d = forvalt_diag::Diagnostic::warning(u.code, u.message.clone()).with_span(span);
    body.diagnostics.push(if u.code != "diagram::syntax" {
        d.with_help(format!(
            "the page shows the diagram's text instead; see `forvalt explain {}`",
            u.code
        ))
    } else {
        d.with_help("the page shows the diagram's text instead; correct the line, as Mermaid's syntax wants it")
    });
    if u.code == "diagram::unsupported" {
        env.strings.t("diagram_unsupported").replace("{kind}", kind)
    } else if u.code == "diagram::too-large" {
        env.strings.t("diagram_too_large").to_string()
    } else {
        env.strings
            .t("diagram_syntax")
            .replace("{line}", &line.to_string())
            .replace("{message}", &u.message)
    }
}

/// Places chart diagnostics in the Markdown file.
struct ChartPlacer<'a> {
    input: &'a Input<'a>,
    /// Offset of the chart text in `source_body`, when it was found there verbatim.
    found: Option<usize>,
    /// Line (0-based, in the body) of the first content line, and the fence indentation.
    first_line: usize,
    indent: usize,
    lines: Lines,
    chart_lines: Lines,
    literal: &'a str,
}

impl<'a> ChartPlacer<'a> {
    /// The fence at `sp` (its text indented as its first column).
    fn new(
        input: &'a Input<'a>,
        literal: &'a str,
        sp: Sourcepos,
        search_from: &mut usize,
    ) -> ChartPlacer<'a> {
        let indent = sp.start.column.saturating_sub(1);
        let found = if literal.is_empty() {
            None
        } else {
            input.source_body[(*search_from).min(input.source_body.len())..]
                .find(literal)
                .map(|i| i + *search_from)
        };
        if let Some(f) = found {
            *search_from = f + literal.len();
        }
        ChartPlacer {
            input,
            found,
            first_line: sp.start.line,
            indent,
            lines: Lines::new(input.source_body),
            chart_lines: Lines::new(literal),
            literal,
        }
    }

    fn span(&self, offset: usize) -> Span {
        let offset = offset.min(self.literal.len());
        let body_off = match self.found {
            Some(f) => f + offset,
            None => {
                let (l, c) = self.chart_lines.line_col(self.literal, offset);
                let line_start = self
                    .lines
                    .line_start(self.first_line + l)
                    .unwrap_or(self.input.source_body.len());
                let line = self
                    .lines
                    .line_text(self.input.source_body, self.first_line + l);
                // The container's and the fence's indentation (spaces, `>` of block quotes).
                let skip = line
                    .char_indices()
                    .take_while(|(i, ch)| *i < self.indent && matches!(ch, ' ' | '>' | '\t'))
                    .count();
                let col_bytes: usize = self.literal[self.chart_lines.line_start(l).unwrap_or(0)..]
                    .chars()
                    .take(c)
                    .map(char::len_utf8)
                    .sum();
                (line_start + skip + col_bytes).min(self.input.source_body.len())
            }
        };
        Span::point(self.input.body_offset + body_off).in_file(self.input.file)
    }
}
