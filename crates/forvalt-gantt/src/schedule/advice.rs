//! Guesses of what an author meant, for suggestions in diagnostics.

use crate::time::civil;

/// A calendar date the author probably meant by a date-like text that is not a valid date
/// (`2025-00-01`, `2025-02-30`, `2025-13-05`), with the reason.
pub(crate) fn intended_date(text: &str) -> Option<((i64, i64, i64), String)> {
    let parts: Vec<&str> = text.trim().split(['-', '.', '/']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (mut y, mut m, mut d) = if parts[0].len() >= 3 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        return None;
    };
    let mut why = Vec::new();
    if m > 12 && (1..=12).contains(&d) {
        std::mem::swap(&mut m, &mut d);
        why.push("month and day look swapped".to_string());
    }
    if m == 0 {
        m = 1;
        why.push("there is no month 00".to_string());
    }
    if !(1..=12).contains(&m) {
        return None;
    }
    if d == 0 {
        d = 1;
        why.push("there is no day 00".to_string());
    }
    let dim = civil::days_in_month(y, m - 1);
    if d > dim {
        why.push(format!(
            "{} {y} has {dim} days",
            MONTHS_EN[(m - 1) as usize]
        ));
        d = dim;
    }
    if parts[0].len() == 3 && (100..1000).contains(&y) {
        // `202-12-01`: a digit is missing from the year; nothing safe to suggest.
        return None;
    }
    if y < 0 {
        y = -y;
    }
    if why.is_empty() {
        return None;
    }
    Some(((y, m, d), why.join("; ")))
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A corrected duration for a text Mermaid does not read as one (`1D`, `3 dage`, `2 weeks`,
/// `10d %% note`), with an explanation.
pub(crate) fn duration_fix(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    if let Some((before, _)) = t.split_once("%%") {
        let before = before.trim();
        if is_duration(before) {
            return Some((
                before.to_string(),
                "`%%` after task data is not a comment: it becomes part of the duration".into(),
            ));
        }
    }
    let num_len = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(t.len(), |(i, _)| i);
    if num_len == 0 {
        return None;
    }
    let (num, unit) = t.split_at(num_len);
    if num.parse::<f64>().is_err() {
        return None;
    }
    let unit = unit.trim().to_lowercase();
    let fixed = match unit.as_str() {
        "d" | "day" | "days" | "dag" | "dage" | "dg" | "dgs" => "d",
        "w" | "wk" | "week" | "weeks" | "uge" | "uger" => "w",
        "h" | "hr" | "hour" | "hours" | "t" | "time" | "timer" => "h",
        "min" | "mins" | "minute" | "minutes" | "minut" | "minutter" => "m",
        "s" | "sec" | "second" | "seconds" | "sekund" | "sekunder" => "s",
        "mo" | "mth" | "month" | "months" | "md" | "mdr" | "måned" | "måneder" => "M",
        "y" | "yr" | "year" | "years" | "år" => "y",
        _ => return None,
    };
    let candidate = format!("{num}{fixed}");
    (candidate != t).then(|| {
        (
            candidate,
            "durations are a number directly followed by one of the units ms, s, m (minutes), h, d, w, M (months), y".into(),
        )
    })
}

/// Mermaid's duration pattern `^(\d+(?:\.\d+)?)([Mdhmswy]|ms)$`.
pub(crate) fn is_duration(s: &str) -> bool {
    parse_duration(s).is_some()
}

/// Splits a duration into value and unit.
pub(crate) fn parse_duration(s: &str) -> Option<(f64, &str)> {
    let b = s.as_bytes();
    let n = b.len();
    let (num, unit) = if n > 2 && b.ends_with(b"ms") && b[n - 3].is_ascii_digit() {
        (&s[..n - 2], "ms")
    } else {
        // The unit is one ASCII letter, so cutting before it is a character boundary.
        let last = *b.last()?;
        if n < 2 || !matches!(last, b'M' | b'd' | b'h' | b'm' | b's' | b'w' | b'y') {
            return None;
        }
        (&s[..n - 1], &s[n - 1..])
    };
    let (int, frac) = match num.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (num, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some((num.parse().ok()?, unit))
}

/// Words longer than this get no suggestion (edit distance is quadratic in the length).
const MAX_WORD: usize = 64;

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lw = word.to_lowercase();
    let len = lw.chars().count();
    if len > MAX_WORD {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // A length further off than `limit` is further off than any answer; checking it
        // first keeps the work linear in the candidates.
        if c.len() > 4 * (len + limit) {
            continue;
        }
        let lc = c.to_lowercase();
        if lc.chars().count().abs_diff(len) > limit {
            continue;
        }
        let d = edit_distance(&lw, &lc);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    (d <= limit && d > 0 || (d == 0 && c != word)).then_some(c)
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intended_dates() {
        assert_eq!(intended_date("2025-00-01").unwrap().0, (2025, 1, 1));
        assert_eq!(intended_date("2025-02-30").unwrap().0, (2025, 2, 28));
        assert_eq!(intended_date("2025-13-05").unwrap().0, (2025, 5, 13));
        assert_eq!(intended_date("30.02.2026").unwrap().0, (2026, 2, 28));
        assert!(intended_date("2025-03-01").is_none(), "already valid");
        assert!(intended_date("v1").is_none());
    }

    #[test]
    fn duration_fixes() {
        assert_eq!(duration_fix("1D").unwrap().0, "1d");
        assert_eq!(duration_fix("1 d").unwrap().0, "1d");
        assert_eq!(duration_fix("3 dage").unwrap().0, "3d");
        assert_eq!(duration_fix("2 weeks").unwrap().0, "2w");
        assert_eq!(duration_fix("2 måneder").unwrap().0, "2M");
        assert_eq!(duration_fix("10d %% note").unwrap().0, "10d");
        assert!(duration_fix("3dX").is_none());
        assert!(duration_fix("1d").is_none());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5ms"), Some((5.0, "ms")));
        assert_eq!(parse_duration("1.5w"), Some((1.5, "w")));
        assert_eq!(parse_duration("0d"), Some((0.0, "d")));
        assert!(parse_duration("ms").is_none());
        assert!(parse_duration(".5d").is_none());
        assert!(parse_duration("5.d").is_none());
        assert!(parse_duration("-1d").is_none());
        assert!(parse_duration("1D").is_none());
        assert_eq!(closest("tas1", ["task1", "a2"]), Some("task1"));
        assert_eq!(closest("zzz", ["task1"]), None);
    }
}
