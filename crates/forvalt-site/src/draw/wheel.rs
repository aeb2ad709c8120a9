//! The årshjul drawn as an SVG wheel — time clockwise from 12 o'clock, one sector per month,
//! one ring per body or category, arcs for periods and dots for days, a today line — with
//! the same events as an ordered table beside it (the wheel's text alternative).

use super::xml_escape as esc;
use forvalt_model::aarshjul::{Placed, Wheel};
use forvalt_model::dates::{MONTHS_DA, MONTHS_EN, long_date};
use jiff::civil::Date;
use std::fmt::Write as _;

/// The wheel's diameter box.
const SIZE: f64 = 640.0;
/// Room beside the wheel for event labels.
const SIDE: f64 = 210.0;
/// The whole drawing's width.
const WIDTH: f64 = SIZE + 2.0 * SIDE;
const CX: f64 = SIDE + SIZE / 2.0;
const OUTER: f64 = 270.0;
const INNER: f64 = 90.0;
/// Label text size and the least distance between two labels' baselines.
const LABEL_SIZE: f64 = 12.0;
const LABEL_GAP: f64 = 16.0;
/// Room above a standalone wheel for its title.
const TITLE_ROOM: f64 = 48.0;
/// The font the labels are measured with (the site serves it; exports embed it).
const FONT: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";
/// Colours for rings without their own (contrast ≥ 3:1 on white, for non-text graphics).
const PALETTE: [&str; 6] = [
    "#1f6f8b", "#9c3d54", "#2e7d32", "#8a5a00", "#5b4a9e", "#00695c",
];

/// The angle (degrees clockwise from 12 o'clock) of the start of `d` in the wheel's year.
fn angle(w: &Wheel, d: Date) -> f64 {
    let total = (w.last - w.first).get_days() as f64 + 1.0;
    let x = (d - w.first).get_days() as f64;
    (x / total * 360.0).clamp(0.0, 360.0)
}

/// Where the wheel is drawn: its centre's y (the x is always [`CX`]).
#[derive(Clone, Copy)]
struct Frame {
    cy: f64,
}

impl Frame {
    fn point(self, r: f64, deg: f64) -> (f64, f64) {
        let a = (deg - 90.0).to_radians();
        (CX + r * a.cos(), self.cy + r * a.sin())
    }

    /// A band segment between radii `r1 < r2` from angle `a` to `b`.
    fn band(self, r1: f64, r2: f64, a: f64, b: f64) -> String {
        let b = if b - a < 0.6 { a + 0.6 } else { b };
        let large = u8::from(b - a > 180.0);
        let (x1, y1) = self.point(r2, a);
        let (x2, y2) = self.point(r2, b);
        let (x3, y3) = self.point(r1, b);
        let (x4, y4) = self.point(r1, a);
        format!(
            "M{x1:.1} {y1:.1}A{r2:.1} {r2:.1} 0 {large} 1 {x2:.1} {y2:.1}L{x3:.1} {y3:.1}A{r1:.1} {r1:.1} 0 {large} 0 {x4:.1} {y4:.1}Z"
        )
    }
}

/// The colour of ring `i`.
pub(crate) fn colour(w: &Wheel, i: usize) -> String {
    w.rings[i]
        .colour
        .clone()
        .unwrap_or_else(|| PALETTE[i % PALETTE.len()].to_string())
}

/// `text` shortened with an ellipsis to fit `width` pixels at `size`.
fn fit(text: &str, size: f64, width: f64) -> String {
    use forvalt_gantt::layout::font::text_width;
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && text_width(&format!("{out}…"), size) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// A label beside the wheel: the event's angle, the y it wants and the y it gets.
struct Label {
    angle: f64,
    /// Radius of the event's outer edge, where the leader line starts.
    from: f64,
    want: f64,
    y: f64,
    text: String,
    /// Longer events win when there is no room for every label.
    priority: i32,
}

/// Spreads labels of one side so that no two are closer than [`LABEL_GAP`], within
/// `top..=bottom`; when they cannot all fit, the ones of lowest priority are left out (the
/// table lists every event). Returns the kept labels, top to bottom.
fn spread(mut labels: Vec<Label>, top: f64, bottom: f64) -> Vec<Label> {
    let room = ((bottom - top) / LABEL_GAP).floor() as usize + 1;
    if labels.len() > room {
        labels.sort_by(|a, b| {
            b.priority
                .cmp(&a.priority)
                .then(a.angle.total_cmp(&b.angle))
        });
        labels.truncate(room);
    }
    labels.sort_by(|a, b| a.want.total_cmp(&b.want).then(a.angle.total_cmp(&b.angle)));
    let mut prev = f64::NEG_INFINITY;
    for l in &mut labels {
        l.y = l.want.max(top).max(prev + LABEL_GAP);
        prev = l.y;
    }
    let mut next = f64::INFINITY;
    for l in labels.iter_mut().rev() {
        l.y = l.y.min(bottom).min(next - LABEL_GAP);
        next = l.y;
    }
    labels
}

/// How the wheel is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Inside a page: the title and legend are HTML around it; meetings open on a click.
    Page,
    /// On its own (exports): white background, title and legend drawn in, fixed size.
    Standalone,
}

/// A wheel being drawn: the SVG so far, and the rim's text (drawn last, over leader lines).
struct Canvas<'a> {
    w: &'a Wheel,
    f: Frame,
    danish: bool,
    /// Width of one ring.
    width: f64,
    /// Room above the wheel.
    top: f64,
    standalone: bool,
    svg: String,
    rim: String,
}

/// The wheel as SVG. `link` gives the page of a meeting (relative href; pages only).
pub(crate) fn svg(
    w: &Wheel,
    id: &str,
    today: Date,
    danish: bool,
    mode: Mode,
    link: &dyn Fn(&str) -> Option<String>,
) -> String {
    let placed: Vec<Placed> = w.placed();
    let standalone = mode == Mode::Standalone;
    let legend_rows = if standalone {
        legend_rows(w)
    } else {
        Vec::new()
    };
    let top = if standalone { TITLE_ROOM } else { 0.0 };
    let height = top + SIZE + legend_rows.len() as f64 * 24.0 + if standalone { 12.0 } else { 0.0 };
    let mut c = Canvas {
        w,
        f: Frame {
            cy: top + SIZE / 2.0,
        },
        danish,
        width: (OUTER - INNER) / w.rings.len().max(1) as f64,
        top,
        standalone,
        svg: String::new(),
        rim: String::new(),
    };
    let size_attrs = if standalone {
        format!(" width=\"{WIDTH}\" height=\"{height}\"")
    } else {
        String::new()
    };
    let _ = write!(
        c.svg,
        "<svg class=\"aarshjul-svg\" viewBox=\"0 0 {WIDTH} {height}\"{size_attrs} role=\"img\" aria-labelledby=\"{id}-titel {id}-beskrivelse\" font-family=\"{FONT}\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-titel\">{}</title><desc id=\"{id}-beskrivelse\">{}</desc>",
        esc(&w.title),
        esc(&description(w, &placed, danish)),
    );
    if standalone {
        let _ = write!(
            c.svg,
            "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#fff\"/><text x=\"{CX}\" y=\"30\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>",
            esc(&w.title)
        );
    }
    c.rings();
    c.months();
    c.weeks();
    let labels = c.events(&placed, link);
    c.labels(labels);
    let rim = std::mem::take(&mut c.rim);
    let _ = write!(
        c.svg,
        "<g stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">{rim}</g>"
    );
    c.today(today);
    c.legend(&legend_rows);
    c.svg.push_str("</svg>");
    c.svg
}

impl Canvas<'_> {
    fn word(&self, da: &'static str, en: &'static str) -> &'static str {
        if self.danish { da } else { en }
    }

    /// Rings (background) and the centre.
    fn rings(&mut self) {
        let (w, f, width) = (self.w, self.f, self.width);
        for i in 0..w.rings.len() {
            let r2 = OUTER - i as f64 * width;
            let _ = write!(
                self.svg,
                "<circle cx=\"{CX}\" cy=\"{}\" r=\"{:.1}\" fill=\"none\" stroke=\"#c7c7c7\" stroke-width=\"1\"/>",
                f.cy, r2
            );
        }
        let _ = write!(
            self.svg,
            "<circle cx=\"{CX}\" cy=\"{}\" r=\"{INNER}\" fill=\"#fff\" stroke=\"#8a8a8a\"/>",
            f.cy
        );
    }

    /// Month sectors, month names on the rim and quarters inside.
    fn months(&mut self) {
        let (w, f, danish) = (self.w, self.f, self.danish);
        let month_name = |m: i8| {
            let i = (m - 1) as usize;
            if danish { MONTHS_DA[i] } else { MONTHS_EN[i] }
        };
        let mut m = w.first;
        while m <= w.last {
            let a = angle(w, m);
            // Quarters start in January, April, July and October: a heavier line and the
            // quarter's name inside the wheel.
            let quarter = (m.month() - 1) % 3 == 0;
            let (x1, y1) = f.point(if quarter { INNER - 6.0 } else { INNER }, a);
            let (x2, y2) = f.point(OUTER + 8.0, a);
            let _ = write!(
                self.svg,
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                if quarter { "#595959" } else { "#8a8a8a" },
                if quarter { 2 } else { 1 }
            );
            let next = m.checked_add(jiff::Span::new().months(1)).unwrap_or(w.last);
            let mid = (a + angle(w, next.min(w.last))) / 2.0;
            let (lx, ly) = f.point(OUTER + 26.0, mid);
            let name = month_name(m.month());
            let _ = write!(
                self.rim,
                "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
                esc(&name[..3.min(name.len())])
            );
            // A year starting mid-quarter (a school year from August) names that part too.
            if quarter || m == w.first {
                let q = (m.month() - 1) / 3 + 1;
                let left = 3 - (m.month() - 1) % 3;
                let end = m
                    .checked_add(jiff::Span::new().months(left))
                    .unwrap_or(w.last)
                    .min(w.last.tomorrow().unwrap_or(w.last));
                let (qx, qy) = f.point(INNER - 18.0, (a + angle(w, end)) / 2.0);
                let label = if danish {
                    format!("{q}. kvt.")
                } else {
                    format!("Q{q}")
                };
                let _ = write!(
                    self.svg,
                    "<text x=\"{qx:.1}\" y=\"{qy:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"10\" fill=\"#595959\">{label}</text>"
                );
            }
            if next <= m {
                break;
            }
            m = next;
        }
    }

    /// ISO weeks on the rim: a tick each Monday, the number every fourth week.
    fn weeks(&mut self) {
        let (w, f) = (self.w, self.f);
        let mut d = w.first;
        while d <= w.last {
            if d.weekday() == jiff::civil::Weekday::Monday {
                let a = angle(w, d);
                let week = d.iso_week_date().week();
                let long = week % 4 == 1;
                let (x1, y1) = f.point(OUTER, a);
                let (x2, y2) = f.point(OUTER + if long { 7.0 } else { 4.0 }, a);
                let _ = write!(
                    self.svg,
                    "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#595959\" stroke-width=\"1\"/>"
                );
                if long {
                    let (tx, ty) = f.point(OUTER + 14.0, a + 1.2);
                    let _ = write!(
                        self.rim,
                        "<text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"8\" fill=\"#595959\">{week}</text>"
                    );
                }
            }
            let Ok(n) = d.tomorrow() else { break };
            d = n;
        }
    }

    /// The events; returns the labels of the ones that happen once (right, left side).
    fn events(
        &mut self,
        placed: &[Placed],
        link: &dyn Fn(&str) -> Option<String>,
    ) -> [Vec<Label>; 2] {
        let (w, f, width, danish, standalone) =
            (self.w, self.f, self.width, self.danish, self.standalone);
        let mut once = std::collections::HashMap::new();
        for p in placed {
            *once.entry((p.ring, p.event)).or_insert(0usize) += 1;
        }
        let mut labels: [Vec<Label>; 2] = [Vec::new(), Vec::new()];
        for p in placed {
            let ring = &w.rings[p.ring];
            let e = &ring.events[p.event];
            let r2 = OUTER - p.ring as f64 * width - 3.0;
            let r1 = r2 - width + 6.0;
            let a = angle(w, p.when.start);
            let b = angle(w, p.when.end.tomorrow().unwrap_or(p.when.end));
            if e.meeting.is_none() && once[&(p.ring, p.event)] == 1 {
                let mid = (a + b) / 2.0;
                let side = usize::from(mid >= 180.0);
                let (_, want) = f.point(OUTER + 40.0, mid);
                labels[side].push(Label {
                    angle: mid,
                    from: if p.when.start == p.when.end {
                        (r1 + r2) / 2.0 + 6.0
                    } else {
                        r2
                    },
                    want,
                    y: want,
                    text: fit(&e.name, LABEL_SIZE, SIDE - 30.0),
                    priority: (p.when.end - p.when.start).get_days(),
                });
            }
            let label = if p.when.start == p.when.end {
                format!("{}: {}", long_date(p.when.start, danish), e.name)
            } else {
                format!(
                    "{} – {}: {}",
                    long_date(p.when.start, danish),
                    long_date(p.when.end, danish),
                    e.name
                )
            };
            let shape = if p.when.start == p.when.end {
                let (x, y) = f.point((r1 + r2) / 2.0, (a + b) / 2.0);
                // Held meetings are filled; planned ones are rings.
                let planned = e.meeting.is_some() && !e.held;
                let (fill, stroke) = if planned {
                    ("#fff".to_string(), colour(w, p.ring))
                } else {
                    (colour(w, p.ring), "#fff".to_string())
                };
                let label = if e.meeting.is_some() {
                    format!(
                        "{label} ({})",
                        if e.held {
                            self.word("afholdt", "held")
                        } else {
                            self.word("planlagt", "planned")
                        }
                    )
                } else {
                    label
                };
                format!(
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"><title>{}</title></circle>",
                    esc(&label)
                )
            } else {
                format!(
                    "<path d=\"{}\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"{}\"><title>{}</title></path>",
                    f.band(r1, r2, a, b),
                    colour(w, p.ring),
                    colour(w, p.ring),
                    esc(&label)
                )
            };
            // A meeting's shape opens its page on a click (forvalt.js); keyboard users reach the
            // same link in the table (links inside an image would be nested controls).
            match e.meeting.as_deref().filter(|_| !standalone).and_then(link) {
                Some(href) => {
                    let tagged = shape.replacen(
                        ' ',
                        &format!(" class=\"aarshjul-link\" data-href=\"{}\" ", esc(&href)),
                        1,
                    );
                    self.svg.push_str(&tagged);
                }
                None => self.svg.push_str(&shape),
            }
        }
        labels
    }

    /// Labels, spread so that they never overlap, with leader lines to their events.
    fn labels(&mut self, labels: [Vec<Label>; 2]) {
        let (f, top) = (self.f, self.top);
        let [right, left] = labels;
        for (side, list) in [(0, right), (1, left)] {
            for l in spread(list, top + 14.0, top + SIZE - 14.0) {
                let (x0, y0) = f.point(l.from, l.angle);
                let (x1, y1) = f.point(OUTER + 44.0, l.angle);
                let (x2, anchor, tx) = if side == 0 {
                    (CX + OUTER + 56.0, "start", CX + OUTER + 60.0)
                } else {
                    (CX - OUTER - 56.0, "end", CX - OUTER - 60.0)
                };
                let _ = write!(
                    self.svg,
                    "<polyline points=\"{x0:.1},{y0:.1} {x1:.1},{y1:.1} {x2:.1},{:.1}\" fill=\"none\" stroke=\"#8a8a8a\" stroke-width=\"1\"/><text class=\"aarshjul-label\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\" font-size=\"{LABEL_SIZE}\" fill=\"#1a1a1a\">{}</text>",
                    l.y,
                    l.y,
                    esc(&l.text)
                );
            }
        }
    }

    /// The today line and the year in the centre.
    fn today(&mut self, today: Date) {
        let (w, f, danish) = (self.w, self.f, self.danish);
        // Today.
        if today >= w.first && today <= w.last {
            let a = angle(w, today);
            let (x1, y1) = f.point(INNER - 10.0, a);
            let (x2, y2) = f.point(OUTER + 10.0, a);
            let _ = write!(
                self.svg,
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#b00020\" stroke-width=\"2.5\"><title>{} {}</title></line>",
                self.word("I dag,", "Today,"),
                esc(&long_date(today, danish))
            );
        }
        let year = if w.first.year() == w.last.year() {
            w.first.year().to_string()
        } else {
            format!("{}/{:02}", w.first.year(), w.last.year() % 100)
        };
        let _ = write!(
            self.svg,
            "<text x=\"{CX}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">{year}</text>",
            f.cy
        );
    }

    /// The legend of a standalone wheel: a swatch and the ring's name, centred rows.
    fn legend(&mut self, legend_rows: &[Vec<(usize, f64)>]) {
        let (w, top) = (self.w, self.top);
        for (row, items) in legend_rows.iter().enumerate() {
            let y = top + SIZE + 12.0 + row as f64 * 24.0;
            let total: f64 = items.iter().map(|(_, w)| w).sum::<f64>();
            let mut x = CX - total / 2.0;
            for (i, item_width) in items {
                let _ = write!(
                    self.svg,
                    "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{y:.1}\" dominant-baseline=\"middle\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
                    x + 6.0,
                    esc(&colour(w, *i)),
                    x + 18.0,
                    esc(&w.rings[*i].name)
                );
                x += item_width;
            }
        }
    }
}

/// The legend's rows: ring indices with the width each item takes, wrapped to the drawing.
fn legend_rows(w: &Wheel) -> Vec<Vec<(usize, f64)>> {
    let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut used = 0.0;
    for (i, r) in w.rings.iter().enumerate() {
        let width = 18.0 + forvalt_gantt::layout::font::text_width(&r.name, 13.0) + 24.0;
        match rows.last_mut() {
            Some(row) if used + width <= WIDTH - 40.0 => {
                row.push((i, width));
                used += width;
            }
            _ => {
                rows.push(vec![(i, width)]);
                used = width;
            }
        }
    }
    rows
}

/// The wheel's description: its span, its size, and where every event is listed.
fn description(w: &Wheel, placed: &[Placed], danish: bool) -> String {
    let t = |da: &'static str, en: &'static str| if danish { da } else { en };
    format!(
        "{} {} – {}: {} {}, {} {}. {}",
        t("Årshjul fra", "Annual cycle from"),
        long_date(w.first, danish),
        long_date(w.last, danish),
        w.rings.len(),
        t("ringe", "rings"),
        placed.len(),
        t("begivenheder", "events"),
        t(
            "Alle begivenheder står i tabellen under hjulet.",
            "Every event is listed in the table below the wheel."
        ),
    )
}

/// The wheel as a standalone SVG document for export, with its title and description.
pub(crate) fn export(w: &Wheel, stem: &str, today: Date, danish: bool) -> crate::export::ChartFile {
    let placed = w.placed();
    crate::export::ChartFile {
        stem: stem.to_string(),
        title: w.title.clone(),
        description: description(w, &placed, danish),
        svg: svg(w, stem, today, danish, Mode::Standalone, &|_| None),
        in_browser: false,
    }
}
