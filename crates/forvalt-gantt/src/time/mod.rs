//! Time as Mermaid computes it: JavaScript `Date` arithmetic in an explicit zone, dayjs
//! parsing and formatting, V8's `new Date(string)`, and d3's ticks and axis labels.

pub(crate) mod civil;
pub(crate) mod d3;
pub(crate) mod dayjs;
pub(crate) mod format;
pub(crate) mod jsdate;
mod zone;

pub use civil::Fields;
pub use zone::Zone;

/// Formats an instant as the naive local ISO string of Mermaid's conformance data,
/// `YYYY-MM-DDTHH:MM:SS.sss` (years outside 0–9999 get a sign and six digits).
pub fn iso_local(t: i64, zone: &Zone) -> String {
    let f = zone.fields(t);
    let year = if (0..=9999).contains(&f.year) {
        format!("{:04}", f.year)
    } else {
        format!("{}{:06}", if f.year < 0 { '-' } else { '+' }, f.year.abs())
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        f.month + 1,
        f.day,
        f.hour,
        f.minute,
        f.second,
        f.ms
    )
}

/// Reads a local date or date-time (`2025-06-15`, `2025-06-15T10:30`, `2025-06-15 10:30:00`)
/// as an instant in `zone`.
pub fn parse_local(text: &str, zone: &Zone) -> Option<i64> {
    let text = text.trim();
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 || d > civil::days_in_month(y, m - 1) {
        return None;
    }
    let (mut h, mut mi, mut s, mut ms) = (0, 0, 0, 0);
    if let Some(time) = time {
        let time = time.trim_end_matches('Z');
        let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
        let mut it = hms.split(':');
        h = it.next()?.parse().ok()?;
        mi = it.next().unwrap_or("0").parse().ok()?;
        s = it.next().unwrap_or("0").parse().ok()?;
        let frac = format!("{frac:0<3}");
        ms = frac.get(..3)?.parse().ok()?;
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
    }
    zone.make([
        y as f64,
        (m - 1) as f64,
        d as f64,
        h as f64,
        mi as f64,
        s as f64,
        ms as f64,
    ])
}
