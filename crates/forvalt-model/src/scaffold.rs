//! New records from the repository's own templates (`forvalt new`): the file name its
//! folder's convention gives (`2026-05-28-slug.md`, `20260604_OS2skolekoerselStyregruppe.md`,
//! `009-slug.md`), and the template with its title, date and previous-meeting placeholders
//! filled in. Pure: the caller reads the folder and the template and writes the file.

use jiff::civil::Date;

/// How a folder names its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Convention {
    /// `2026-05-28-<slug>.md`, or with the same text after the date in every file
    /// (`2026-01-27-OS2skolekoersel-koordinationsgruppe.md`).
    IsoDate(Option<String>),
    /// `20260604_<text>.md` (the text the folder's files share, or a slug).
    CompactDate(Option<String>),
    /// `009-<slug>.md`: the next number, as wide as the others.
    Numbered(usize),
}

/// Whether a file name starts with an ISO date (`2026-05-28-…`).
fn dated(name: &str) -> bool {
    name.get(..10).is_some_and(|d| d.parse::<Date>().is_ok())
}

/// The number a numbered file name starts with (`009-slug.md`: 9): fewer than 8 digits,
/// then a hyphen, and no date.
fn number_of(name: &str) -> Option<u64> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && digits < 8 && name[digits..].starts_with('-') && !dated(name);
    numbered.then(|| name[..digits].parse().ok()).flatten()
}

/// Names that are no records: templates, indexes.
fn ignored(stem: &str) -> bool {
    let s = stem.to_lowercase();
    ["skabelon", "template", "index", "readme"]
        .iter()
        .any(|w| s.starts_with(w) || s.starts_with(&format!("_{w}")))
}

/// The convention most of `names` (file names of one folder) follow; `fallback` when none.
pub fn convention(names: &[&str], fallback: Convention) -> Convention {
    let stems: Vec<&str> = names
        .iter()
        .filter_map(|n| {
            n.strip_suffix(".md")
                .or_else(|| n.strip_suffix(".markdown"))
        })
        .filter(|s| !ignored(s))
        .collect();
    let iso: Vec<&str> = stems
        .iter()
        .filter_map(|s| {
            let (d, rest) = (s.get(..10)?, s.get(10..)?);
            (d.parse::<Date>().is_ok() && rest.starts_with('-')).then(|| &rest[1..])
        })
        .collect();
    let compact: Vec<&str> = stems
        .iter()
        .filter_map(|s| {
            let (d, rest) = (s.get(..8)?, s.get(8..)?);
            let ok = d.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(['_', '-']);
            ok.then(|| &rest[1..])
        })
        .collect();
    let numbered: Vec<&str> = stems
        .iter()
        .filter(|s| number_of(s).is_some())
        .map(|s| &s[..s.bytes().take_while(u8::is_ascii_digit).count()])
        .collect();
    let shared = |rests: &[&str]| {
        let first = rests.first()?;
        (rests.len() > 1 && rests.iter().all(|r| r == first)).then(|| first.to_string())
    };
    let best = [iso.len(), compact.len(), numbered.len()];
    let max = best.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return fallback;
    }
    if compact.len() == max {
        Convention::CompactDate(shared(&compact))
    } else if iso.len() == max {
        Convention::IsoDate(shared(&iso))
    } else {
        Convention::Numbered(numbered.iter().map(|n| n.len()).max().unwrap_or(3))
    }
}

/// A file-name slug: lower case, æ ø å as ae oe aa, other characters as hyphens; a
/// decision's kind (`[SDR] `) is left out.
pub fn slug(title: &str) -> String {
    let t = title.trim();
    let t = match t.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((kind, rest)) if kind.len() <= 4 => rest,
        _ => t,
    };
    let mut out = String::new();
    for c in t.trim().to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The name of a new file in a folder whose files are `names`, under `convention`.
pub fn file_name(convention: &Convention, names: &[&str], date: Date, title: &str) -> String {
    let s = slug(title);
    let text = |shared: &Option<String>| shared.clone().unwrap_or_else(|| s.clone());
    match convention {
        Convention::IsoDate(shared) => format!("{date}-{}.md", text(shared)),
        Convention::CompactDate(shared) => {
            format!("{}_{}.md", date.strftime("%Y%m%d"), text(shared))
        }
        Convention::Numbered(width) => {
            let next = names
                .iter()
                .filter_map(|n| number_of(n))
                .max()
                .unwrap_or(0)
                .saturating_add(1);
            format!("{next:0width$}-{s}.md", width = *width)
        }
    }
}

/// What a template is filled in with.
#[derive(Debug, Clone)]
pub struct Fill<'a> {
    /// The record's title, if given.
    pub title: Option<&'a str>,
    /// Its date.
    pub date: Date,
    /// The date of the body's previous meeting (for "referat fra sidste møde").
    pub previous: Option<Date>,
    /// The product's name (for "[produktnavn]").
    pub product: Option<&'a str>,
}

/// Date placeholders and how each is filled: `dd.mm.yyyy` as `03.12.2026`, ISO ones as
/// `2026-12-03`.
const DATES: [(&str, &str); 10] = [
    ("[ÅÅÅÅ-MM-DD]", "%Y-%m-%d"),
    ("ÅÅÅÅ-MM-DD", "%Y-%m-%d"),
    ("[YYYY-MM-DD]", "%Y-%m-%d"),
    ("YYYY-MM-DD", "%Y-%m-%d"),
    ("[dd-mm-yyyy]", "%d-%m-%Y"),
    ("dd-mm-yyyy", "%d-%m-%Y"),
    ("dd.mm.yyyy", "%d.%m.%Y"),
    ("dd.mm.yyy", "%d.%m.%Y"),
    ("DD.MM.YYYY", "%d.%m.%Y"),
    ("[dato]", "%Y-%m-%d"),
];

/// Title placeholders, longest first.
const TITLES: [&str; 5] = [
    "[Titel på beslutningen]",
    "[Titel]",
    "[titel]",
    "[TITEL]",
    "[Title]",
];

/// The template with its placeholders filled: dates, the title (with the template's
/// `[ADR/SDR/ODR]` choice dropped when the title names its kind), "referat fra sidste
/// møde", and front matter's `title:` and `date:`. Other placeholders are left for the
/// author.
pub fn fill(template: &str, f: &Fill<'_>) -> String {
    let mut text = template.replace("\r\n", "\n");
    for (p, format) in DATES {
        if text.contains(p) {
            text = text.replace(p, &f.date.strftime(format).to_string());
        }
    }
    if let Some(title) = f.title {
        let names_kind = title.trim_start().starts_with('[');
        for p in TITLES {
            if names_kind {
                text = text.replace(&format!("[ADR/SDR/ODR] {p}"), title);
            }
            text = text.replace(p, title);
        }
    }
    if let Some(p) = f.product.filter(|p| !p.trim().is_empty()) {
        for slot in [
            "[produktnavn]",
            "[Produktnavn]",
            "[Produktets navn]",
            "INDSÆT NAVNET PÅ PRODUKTET",
        ] {
            text = text.replace(slot, p.trim());
        }
    }
    text = choices(&text, f.title);
    if let Some(prev) = f.previous {
        let when = prev.strftime("%d.%m.%Y").to_string();
        text = text.replace("referat fra sidste møde", &format!("referat fra {when}"));
    }
    front_matter(&text, f)
}

/// A new decision's `Status` placeholder listing the choices becomes `Forslag`, and its
/// `Beslutningstype` the type its title's kind names (`[SDR]`: Strategisk beslutning).
fn choices(text: &str, title: Option<&str>) -> String {
    let kind = title
        .and_then(|t| t.trim().strip_prefix('['))
        .and_then(|r| r.split_once(']'))
        .map(|(k, _)| k.to_uppercase());
    let typ = match kind.as_deref() {
        Some("ADR") => Some("Arkitekturbeslutning"),
        Some("SDR") => Some("Strategisk beslutning"),
        Some("ODR") => Some("Operationel beslutning"),
        _ => None,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let key = line
            .trim_start_matches(['-', ' ', '*'])
            .split(':')
            .next()
            .unwrap_or("")
            .trim_matches(['*', ' '])
            .to_lowercase();
        let (Some(open), Some(close)) = (line.find('['), line.rfind(']')) else {
            out.push_str(line);
            continue;
        };
        let inside = &line[open + 1..close.max(open + 1)];
        let value = match key.as_str() {
            "status" if inside.contains("Forslag") => Some("Forslag"),
            "beslutningstype" => typ,
            _ => None,
        };
        match value {
            Some(v) if close > open => {
                out.push_str(&line[..open]);
                out.push_str(v);
                out.push_str(&line[close + 1..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Sets `title:` and `date:` in the front matter, when the template has one with them.
fn front_matter(text: &str, f: &Fill<'_>) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let Some(end) = rest.find("\n---") else {
        return text.to_string();
    };
    let (head, body) = rest.split_at(end);
    let lines: Vec<String> = head
        .lines()
        .map(|l| match l.split_once(':') {
            Some(("title", _)) if f.title.is_some() => {
                format!("title: \"{}\"", f.title.unwrap_or("").replace('"', "'"))
            }
            Some(("date", _)) => format!("date: {}", f.date),
            _ => l.to_string(),
        })
        .collect();
    format!("---\n{}{body}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn folders_name_their_files_their_own_way() {
        let decisions = [
            "2025-06-12-etablering-af-styregruppe.md",
            "2026-05-28-integration.md",
            "skabelon.md",
        ];
        let c = convention(&decisions, Convention::Numbered(3));
        assert_eq!(c, Convention::IsoDate(None));
        assert_eq!(
            file_name(&c, &decisions, d("2026-12-07"), "Ny rutemotor på Ærø"),
            "2026-12-07-ny-rutemotor-paa-aeroe.md"
        );
        let meetings = [
            "20260305_OS2skolekoerselStyregruppe.md",
            "20260604_OS2skolekoerselStyregruppe.md",
            "skabelon.md",
        ];
        let c = convention(&meetings, Convention::IsoDate(None));
        assert_eq!(
            c,
            Convention::CompactDate(Some("OS2skolekoerselStyregruppe".into()))
        );
        assert_eq!(
            file_name(&c, &meetings, d("2027-01-07"), ""),
            "20270107_OS2skolekoerselStyregruppe.md"
        );
        let changes = [
            "001-sms.md",
            "007-app.md",
            "008-vinter.md",
            "2026-05-28-gammel.md",
        ];
        let c = convention(&changes, Convention::IsoDate(None));
        assert_eq!(c, Convention::Numbered(3));
        assert_eq!(
            file_name(&c, &changes, d("2026-12-07"), "Eksport til CSV"),
            "009-eksport-til-csv.md"
        );
        assert_eq!(
            convention(&["index.md"], Convention::Numbered(3)),
            Convention::Numbered(3)
        );
    }

    #[test]
    fn templates_are_filled_where_they_ask() {
        let t = "---\ntitle: \"\"\ndate: \n---\n# [ADR/SDR/ODR] [Titel]\n\n- Dato: [ÅÅÅÅ-MM-DD]\n- Status: [Forslag, Accepteret]\n\n# Styregruppemøde dd.mm.yyy\n\n- 1.2 Godkendelse af referat fra sidste møde\n";
        let out = fill(
            t,
            &Fill {
                title: Some("[SDR] To releases om året"),
                date: d("2026-12-03"),
                previous: Some(d("2026-09-10")),
                product: None,
            },
        );
        assert!(out.starts_with("---\ntitle: \"[SDR] To releases om året\"\ndate: 2026-12-03\n---\n# [SDR] To releases om året\n"), "{out}");
        assert!(out.contains("- Dato: 2026-12-03") && out.contains("Styregruppemøde 03.12.2026"));
        assert!(out.contains("referat fra 10.09.2026"));
        assert!(
            out.contains("- Status: Forslag"),
            "a new decision is a proposal"
        );
        let typed = fill(
            "- Beslutningstype :   [Arkitekturbeslutning, Strategisk beslutning]\n- Beslutningstagere: [Organ]\n",
            &Fill {
                title: Some("[ODR] Ny drift"),
                date: d("2026-12-03"),
                previous: None,
                product: None,
            },
        );
        assert_eq!(
            typed, "- Beslutningstype :   Operationel beslutning\n- Beslutningstagere: [Organ]\n",
            "other placeholders stay for the author"
        );
        assert_eq!(slug("[SDR] To releases om året"), "to-releases-om-aaret");
        // Without a kind in the title, the template's choice stays.
        let out = fill(
            "# [ADR/SDR/ODR] [Titel]\n",
            &Fill {
                title: Some("To releases"),
                date: d("2026-12-03"),
                previous: None,
                product: None,
            },
        );
        assert_eq!(out, "# [ADR/SDR/ODR] To releases\n");
    }
}
