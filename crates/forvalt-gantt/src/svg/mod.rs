//! Geometry → SVG text: Mermaid's element structure and class names, with a title and
//! description for assistive technology.

mod style;

pub use style::Theme;

use crate::Locale;
use crate::js::number_to_string as num;
use crate::layout::{Axis, BarKind, Layout};
use std::fmt::Write;

/// How to write the SVG.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    /// The root element's id; CSS is scoped to it. Must be unique on a page.
    pub id: String,
    /// Prefix element ids with the root id (`{id}-{task}`), so several charts can share a page.
    pub prefix_ids: bool,
    /// Colours.
    pub theme: Theme,
    /// Accessible name (`<title>`).
    pub title: String,
    /// Accessible description (`<desc>`).
    pub description: String,
    /// A tooltip (`<title>`) on every bar: name and dates.
    pub tooltips: Vec<String>,
    /// CSS font stack.
    pub font_family: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            id: "gantt".into(),
            prefix_ids: false,
            theme: Theme::Auto,
            title: String::new(),
            description: String::new(),
            tooltips: Vec::new(),
            font_family: "\"Liberation Sans\",Arial,\"Helvetica Neue\",Helvetica,sans-serif".into(),
        }
    }
}

/// Escapes text for element content.
pub(crate) fn esc_text(s: &str, out: &mut String) {
    escape(s, out, false);
}

fn escape(s: &str, out: &mut String, attr: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attr => "&quot;",
            b'\n' if attr => "&#10;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Escapes text for a double-quoted attribute.
pub(crate) fn esc_attr(s: &str, out: &mut String) {
    escape(s, out, true);
}

struct W<'a> {
    out: String,
    o: &'a SvgOptions,
}

impl W<'_> {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        esc_attr(value, &mut self.out);
        self.out.push('"');
    }
    fn num_attr(&mut self, name: &str, v: f64) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        crate::js::write_number(&mut self.out, v);
        self.out.push('"');
    }
    fn origin_attr(&mut self, (x, y): (f64, f64)) {
        self.out.push_str(" transform-origin=\"");
        crate::js::write_number(&mut self.out, x);
        self.out.push_str("px ");
        crate::js::write_number(&mut self.out, y);
        self.out.push_str("px\"");
    }
    /// An `id` attribute, prefixed with the chart id when asked to.
    fn id_attr(&mut self, id: &str) {
        self.out.push_str(" id=\"");
        if self.o.prefix_ids {
            esc_attr(&self.o.id, &mut self.out);
            self.out.push('-');
        }
        esc_attr(id, &mut self.out);
        self.out.push('"');
    }
    fn text(&mut self, s: &str) {
        esc_text(s, &mut self.out);
    }
}

/// Writes the SVG of a laid-out chart.
pub fn svg(layout: &Layout, options: &SvgOptions) -> String {
    let mut w = W {
        out: String::with_capacity(8192 + layout.bars.len() * 400),
        o: options,
    };
    let id = &options.id;
    w.raw("<svg");
    w.attr("id", id);
    let c = &layout.config;
    if c.use_max_width {
        w.attr("width", "100%");
    } else {
        w.num_attr("width", layout.width);
        w.num_attr("height", layout.height);
    }
    w.attr("xmlns", "http://www.w3.org/2000/svg");
    w.attr(
        "viewBox",
        &format!("0 0 {} {}", num(layout.width), num(layout.height)),
    );
    if c.use_max_width && layout.readable {
        // Never drawn so small that text falls under the smallest readable size: a page
        // lets the chart scroll sideways instead.
        let smallest = c.font_size.min(layout.tick_font_size).min(
            c.section_font_size
                .parse()
                .unwrap_or(crate::layout::MIN_TEXT),
        );
        let min = (layout.width * crate::layout::MIN_TEXT / smallest.max(1.0)).ceil();
        w.attr(
            "style",
            &format!(
                "max-width: {}px; min-width: {}px;",
                num(layout.width),
                num(min.min(layout.width))
            ),
        );
    } else if c.use_max_width {
        w.attr("style", &format!("max-width: {}px;", num(layout.width)));
    }
    w.attr("role", "img");
    w.attr(
        "aria-roledescription",
        match layout.locale {
            Locale::Da => "gantt-diagram",
            Locale::En => "gantt chart",
        },
    );
    w.attr("aria-labelledby", &format!("{id}-title"));
    w.attr("aria-describedby", &format!("{id}-desc"));
    w.raw("><title");
    w.attr("id", &format!("{id}-title"));
    w.raw(">");
    w.text(&options.title);
    w.raw("</title><desc");
    w.attr("id", &format!("{id}-desc"));
    w.raw(">");
    w.text(&options.description);
    w.raw("</desc><style>");
    let css = style::stylesheet(id, options.theme, &options.font_family);
    w.raw(&css);
    if layout.readable {
        let _ = write!(
            w.out,
            "#{id} .todayText{{font-size:{}px;}}",
            num(crate::layout::MIN_TEXT)
        );
    }
    w.raw("</style>");

    if !layout.excludes.is_empty() {
        w.raw("<g>");
        for e in &layout.excludes {
            w.raw("<rect");
            w.id_attr(&e.id);
            w.num_attr("x", e.x);
            w.num_attr("y", e.y);
            w.num_attr("width", e.width);
            w.num_attr("height", e.height);
            w.origin_attr(e.origin);
            w.attr("class", "exclude-range");
            w.raw("></rect>");
        }
        w.raw("</g>");
    }

    axis(
        &mut w,
        &layout.bottom_axis,
        c.left_padding,
        layout.tick_font_size,
        layout.readable,
    );
    if let Some(top) = &layout.top_axis {
        axis(
            &mut w,
            top,
            c.left_padding,
            layout.tick_font_size,
            layout.readable,
        );
    }

    w.raw("<g>");
    for r in &layout.rows {
        w.raw("<rect x=\"0\"");
        w.num_attr("y", r.y);
        w.num_attr("width", r.width);
        w.num_attr("height", r.height);
        let _ = write!(w.out, " class=\"section section{}\"", r.class_index);
        w.raw("></rect>");
    }
    w.raw("</g><g>");
    bars(&mut w, layout);
    task_labels(&mut w, layout);
    problem_rows(&mut w, layout);
    section_names(&mut w, layout);
    today(&mut w, layout);
    w.raw("<text");
    w.num_attr("x", layout.width / 2.0);
    w.num_attr("y", c.title_top_margin);
    w.attr("class", "titleText");
    w.raw(">");
    w.text(&layout.title);
    w.raw("</text></svg>");
    w.out
}

/// The bars: tasks, milestones and markers (a marker interrupted around text in pieces), with their tooltips, links and progress.
fn bars(w: &mut W<'_>, layout: &Layout) {
    let options = w.o;
    for b in &layout.bars {
        if let Some(link) = &b.link {
            w.raw("<a");
            w.attr("href", link);
            w.raw(">");
        }
        // A marker line interrupted around text is drawn in pieces; the first keeps the id.
        let pieces = if b.gaps.is_empty() {
            vec![(b.y, b.y + b.height)]
        } else {
            crate::layout::pieces(b.y, b.y + b.height, &b.gaps)
        };
        for (k, (y0, y1)) in pieces.into_iter().enumerate() {
            w.raw("<rect");
            if k == 0 {
                w.id_attr(&b.id);
            }
            w.raw(" rx=\"3\" ry=\"3\"");
            w.num_attr("x", b.x);
            w.num_attr("y", y0);
            w.num_attr("width", b.width);
            w.num_attr("height", y1 - y0);
            w.origin_attr(b.origin);
            w.attr("class", &b.class);
            w.raw(">");
            if let Some(tip) = options.tooltips.get(b.task).filter(|_| k == 0) {
                w.raw("<title>");
                w.text(tip);
                w.raw("</title>");
            }
            w.raw("</rect>");
        }
        if let (Some(p), BarKind::Task) = (b.progress, b.kind) {
            w.raw("<rect rx=\"3\" ry=\"3\" class=\"progress\"");
            w.num_attr("x", b.x);
            w.num_attr("y", b.y + b.height - 5.0);
            w.num_attr("width", (b.width * p / 100.0).max(0.0));
            w.num_attr("height", 5.0);
            w.raw("></rect>");
        }
        if b.link.is_some() {
            w.raw("</a>");
        }
    }
}

/// The task labels, linked where their bars are.
fn task_labels(w: &mut W<'_>, layout: &Layout) {
    let mut links: Vec<Option<&str>> = Vec::new();
    for b in &layout.bars {
        if links.len() <= b.task {
            links.resize(b.task + 1, None);
        }
        links[b.task] = b.link.as_deref();
    }
    for l in &layout.labels {
        let link = links.get(l.task).copied().flatten();
        if let Some(link) = link {
            w.raw("<a");
            w.attr("href", link);
            w.raw(">");
        }
        w.raw("<text");
        w.id_attr(&l.id);
        w.num_attr("font-size", l.font_size);
        w.num_attr("x", l.x);
        w.num_attr("y", l.y);
        w.attr("class", &l.class);
        w.raw(">");
        w.text(&l.text);
        w.raw("</text>");
        if link.is_some() {
            w.raw("</a>");
        }
    }
}

/// The rows of tasks that could not be drawn, each with a note.
fn problem_rows(w: &mut W<'_>, layout: &Layout) {
    let c = &layout.config;
    for p in &layout.problems {
        w.raw("<rect class=\"problem\" rx=\"3\" ry=\"3\"");
        w.num_attr("x", c.left_padding);
        w.num_attr("y", p.y);
        w.num_attr(
            "width",
            (layout.width - c.left_padding - c.right_padding).max(0.0),
        );
        w.num_attr("height", c.bar_height);
        w.raw("></rect><text class=\"problemText\"");
        w.num_attr("x", c.left_padding + 6.0);
        w.num_attr("y", p.y + c.bar_height / 2.0 + (c.font_size / 2.0 - 2.0));
        w.raw(">");
        w.text(&crate::layout::problem_text(&p.name, layout.locale));
        w.raw("</text>");
    }
}

/// The section names (a group the page's script moves along when a readable chart scrolls).
fn section_names(w: &mut W<'_>, layout: &Layout) {
    let c = &layout.config;
    w.raw(if layout.readable {
        "</g><g class=\"sectionTitles\">"
    } else {
        "</g><g>"
    });
    for s in &layout.sections {
        w.raw("<text");
        w.attr("dy", &format!("{}em", num(s.dy)));
        w.raw(" x=\"10\"");
        w.num_attr("y", s.y);
        w.attr("font-size", &c.section_font_size);
        w.attr("class", &s.class);
        w.raw(">");
        for (j, line) in s.lines.iter().enumerate() {
            w.raw("<tspan alignment-baseline=\"central\" x=\"10\"");
            if j > 0 {
                w.raw(" dy=\"1em\"");
            }
            w.raw(">");
            w.text(line);
            w.raw("</tspan>");
        }
        w.raw("</text>");
    }
    w.raw("</g>");
}

/// The today (or data-date) line, interrupted around text, and its label.
fn today(w: &mut W<'_>, layout: &Layout) {
    if let Some(t) = &layout.today {
        w.raw("<g class=\"today\">");
        let pieces = if t.gaps.is_empty() {
            vec![(t.y1, t.y2)]
        } else {
            crate::layout::pieces(t.y1, t.y2, &t.gaps)
        };
        for (y1, y2) in pieces {
            w.raw("<line");
            w.num_attr("x1", t.x);
            w.num_attr("x2", t.x);
            w.num_attr("y1", y1);
            w.num_attr("y2", y2);
            w.attr("class", "today");
            if let Some(style) = &t.style {
                w.attr("style", style.trim());
            }
            w.raw("></line>");
        }
        if t.data_date {
            w.raw("<text class=\"todayText\"");
            w.num_attr("x", t.x);
            w.num_attr("y", t.y2 + 11.0);
            w.raw(">");
            w.text(match layout.locale {
                Locale::Da => "Statusdato",
                Locale::En => "Data date",
            });
            w.raw("</text>");
        }
        w.raw("</g>");
    }
}

fn axis(w: &mut W<'_>, a: &Axis, left: f64, font_size: f64, readable: bool) {
    let size = num(font_size);
    let k = if a.top { -1.0 } else { 1.0 };
    w.raw("<g class=\"grid\"");
    w.attr(
        "transform",
        &format!("translate({}, {})", num(left), num(a.y)),
    );
    // d3 names the browser's sans-serif face; readable charts keep the chart's own font,
    // whose widths the layout measured.
    let family = if readable {
        ""
    } else {
        " font-family=\"sans-serif\""
    };
    let _ = write!(
        w.out,
        " fill=\"none\" font-size=\"{size}\"{family} text-anchor=\"middle\"><path class=\"domain\" stroke=\"currentColor\""
    );
    let outer = num(k * a.tick_size);
    w.attr(
        "d",
        &format!("M0.5,{outer}V0.5H{}V{outer}", num(a.range + 0.5)),
    );
    w.raw("></path>");
    for t in &a.ticks {
        w.raw("<g class=\"tick\" opacity=\"1\" transform=\"translate(");
        crate::js::write_number(&mut w.out, t.x);
        w.raw(",0)\"");
        w.raw("><line stroke=\"currentColor\"");
        w.num_attr("y2", k * a.tick_size);
        w.raw("></line><text fill=\"#000\"");
        w.num_attr("y", k * 3.0);
        if !a.top {
            w.raw(" dy=\"1em\"");
        } else {
            w.raw(" dy=\"0em\"");
        }
        let _ = write!(
            w.out,
            " stroke=\"none\" font-size=\"{size}\" style=\"text-anchor: middle;\">"
        );
        w.text(&t.label);
        w.raw("</text></g>");
    }
    w.raw("</g>");
}
