//! The årshjul drawn as an SVG wheel — time clockwise from 12 o'clock, one sector per month,
//! one ring per body or category, arcs for periods and dots for days, a today line — with
//! the same events as an ordered table beside it (the wheel's text alternative).

use crate::records::esc;
use forvalt_model::aarshjul::{Placed, Wheel};
use forvalt_model::dates::{MONTHS_DA, MONTHS_EN, long_date};
use jiff::civil::Date;
use std::fmt::Write as _;

const SIZE: f64 = 640.0;
const C: f64 = SIZE / 2.0;
const OUTER: f64 = 270.0;
const INNER: f64 = 90.0;
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

fn point(r: f64, deg: f64) -> (f64, f64) {
    let a = (deg - 90.0).to_radians();
    (C + r * a.cos(), C + r * a.sin())
}

/// A band segment between radii `r1 < r2` from angle `a` to `b`.
fn band(r1: f64, r2: f64, a: f64, b: f64) -> String {
    let b = if b - a < 0.6 { a + 0.6 } else { b };
    let large = u8::from(b - a > 180.0);
    let (x1, y1) = point(r2, a);
    let (x2, y2) = point(r2, b);
    let (x3, y3) = point(r1, b);
    let (x4, y4) = point(r1, a);
    format!(
        "M{x1:.1} {y1:.1}A{r2:.1} {r2:.1} 0 {large} 1 {x2:.1} {y2:.1}L{x3:.1} {y3:.1}A{r1:.1} {r1:.1} 0 {large} 0 {x4:.1} {y4:.1}Z"
    )
}

/// The wheel and its table. `link` gives the page of a meeting (relative href).
pub(crate) fn figure(
    w: &Wheel,
    id: &str,
    today: Date,
    danish: bool,
    link: &dyn Fn(&str) -> Option<String>,
) -> String {
    let t = |da: &'static str, en: &'static str| if danish { da } else { en };
    let placed: Vec<Placed> = w.placed();
    let n = w.rings.len().max(1) as f64;
    let width = (OUTER - INNER) / n;
    let colour = |i: usize| {
        w.rings[i]
            .colour
            .clone()
            .unwrap_or_else(|| PALETTE[i % PALETTE.len()].to_string())
    };
    let month_name = |m: i8| {
        let i = (m - 1) as usize;
        if danish { MONTHS_DA[i] } else { MONTHS_EN[i] }
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"aarshjul-svg\" viewBox=\"0 0 {SIZE} {SIZE}\" role=\"img\" aria-labelledby=\"{id}-titel {id}-beskrivelse\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-titel\">{}</title><desc id=\"{id}-beskrivelse\">{}</desc>",
        esc(&w.title),
        esc(&format!(
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
        )),
    );
    // Rings (background) and month sectors.
    for i in 0..w.rings.len() {
        let r2 = OUTER - i as f64 * width;
        let _ = write!(
            svg,
            "<circle cx=\"{C}\" cy=\"{C}\" r=\"{:.1}\" fill=\"none\" stroke=\"#c7c7c7\" stroke-width=\"1\"/>",
            r2
        );
    }
    let _ = write!(
        svg,
        "<circle cx=\"{C}\" cy=\"{C}\" r=\"{INNER}\" fill=\"#fff\" stroke=\"#8a8a8a\"/>"
    );
    let mut m = w.first;
    while m <= w.last {
        let a = angle(w, m);
        let (x1, y1) = point(INNER, a);
        let (x2, y2) = point(OUTER + 8.0, a);
        let _ = write!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#8a8a8a\" stroke-width=\"1\"/>"
        );
        let next = m.checked_add(jiff::Span::new().months(1)).unwrap_or(w.last);
        let mid = (a + angle(w, next.min(w.last))) / 2.0;
        let (lx, ly) = point(OUTER + 26.0, mid);
        let _ = write!(
            svg,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
            esc(&month_name(m.month())[..3.min(month_name(m.month()).len())])
        );
        if next <= m {
            break;
        }
        m = next;
    }
    // ISO weeks on the rim: a tick each Monday, the number every fourth week.
    let mut d = w.first;
    while d <= w.last {
        if d.weekday() == jiff::civil::Weekday::Monday {
            let a = angle(w, d);
            let week = d.iso_week_date().week();
            let long = week % 4 == 1;
            let (x1, y1) = point(OUTER, a);
            let (x2, y2) = point(OUTER + if long { 7.0 } else { 4.0 }, a);
            let _ = write!(
                svg,
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#595959\" stroke-width=\"1\"/>"
            );
            if long {
                let (tx, ty) = point(OUTER + 14.0, a + 1.2);
                let _ = write!(
                    svg,
                    "<text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"8\" fill=\"#595959\">{week}</text>"
                );
            }
        }
        let Ok(n) = d.tomorrow() else { break };
        d = n;
    }
    // Events.
    for p in &placed {
        let ring = &w.rings[p.ring];
        let e = &ring.events[p.event];
        let r2 = OUTER - p.ring as f64 * width - 3.0;
        let r1 = r2 - width + 6.0;
        let a = angle(w, p.when.start);
        let b = angle(w, p.when.end.tomorrow().unwrap_or(p.when.end));
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
            let (x, y) = point((r1 + r2) / 2.0, (a + b) / 2.0);
            // Held meetings are filled; planned ones are rings.
            let planned = e.meeting.is_some() && !e.held;
            let (fill, stroke) = if planned {
                ("#fff".to_string(), colour(p.ring))
            } else {
                (colour(p.ring), "#fff".to_string())
            };
            let label = if e.meeting.is_some() {
                format!(
                    "{label} ({})",
                    if e.held {
                        t("afholdt", "held")
                    } else {
                        t("planlagt", "planned")
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
                band(r1, r2, a, b),
                colour(p.ring),
                colour(p.ring),
                esc(&label)
            )
        };
        // A meeting's shape opens its page on a click (forvalt.js); keyboard users reach the
        // same link in the table (links inside an image would be nested controls).
        match e.meeting.as_deref().and_then(link) {
            Some(href) => {
                let tagged = shape.replacen(
                    ' ',
                    &format!(" class=\"aarshjul-link\" data-href=\"{}\" ", esc(&href)),
                    1,
                );
                svg.push_str(&tagged);
            }
            None => svg.push_str(&shape),
        }
    }
    // Today.
    if today >= w.first && today <= w.last {
        let a = angle(w, today);
        let (x1, y1) = point(INNER - 10.0, a);
        let (x2, y2) = point(OUTER + 10.0, a);
        let _ = write!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#b00020\" stroke-width=\"2.5\"><title>{} {}</title></line>",
            t("I dag,", "Today,"),
            esc(&long_date(today, danish))
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{C}\" y=\"{C}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">{}</text></svg>",
        esc(&format!("{}/{}", w.first.year(), w.last.year() % 100))
    );
    // Legend and table.
    let mut legend = String::from("<ul class=\"aarshjul-legend\">");
    for (i, r) in w.rings.iter().enumerate() {
        let _ = write!(
            legend,
            "<li><span class=\"swatch\" style=\"background:{}\" aria-hidden=\"true\"></span>{}</li>",
            esc(&colour(i)),
            esc(&r.name)
        );
    }
    legend.push_str("</ul>");
    let mut table = format!(
        "<table class=\"aarshjul-list\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(&format!("{} ({})", w.title, t("som liste", "as a list"))),
        esc(t("Dato", "Date")),
        esc(t("Ring", "Ring")),
        esc(t("Begivenhed", "Event")),
        esc(t("Tid", "Time")),
        esc(t("Sted", "Place")),
    );
    for p in &placed {
        let ring = &w.rings[p.ring];
        let e = &ring.events[p.event];
        let when = if p.when.start == p.when.end {
            format!(
                "<time datetime=\"{}\">{}</time>",
                p.when.start,
                esc(&long_date(p.when.start, danish))
            )
        } else {
            format!(
                "<time datetime=\"{}\">{}</time> – <time datetime=\"{}\">{}</time>",
                p.when.start,
                esc(&long_date(p.when.start, danish)),
                p.when.end,
                esc(&long_date(p.when.end, danish))
            )
        };
        let mut name = match e.meeting.as_deref().and_then(link) {
            Some(href) => format!("<a href=\"{}\">{}</a>", esc(&href), esc(&e.name)),
            None => esc(&e.name),
        };
        if e.meeting.is_some() {
            let state = if e.held {
                t("afholdt", "held")
            } else {
                t("planlagt", "planned")
            };
            name.push_str(&format!(" ({state})"));
        }
        let _ = write!(
            table,
            "<tr><td>{when}</td><td>{}</td><td>{name}</td><td>{}</td><td>{}</td></tr>",
            esc(&ring.name),
            esc(e.time.as_deref().unwrap_or("")),
            esc(e.place.as_deref().unwrap_or("")),
        );
    }
    table.push_str("</tbody></table>");
    format!(
        "<figure class=\"aarshjul\" id=\"{id}\">{svg}<figcaption>{}</figcaption>{legend}{table}</figure>\n",
        esc(&w.title)
    )
}
