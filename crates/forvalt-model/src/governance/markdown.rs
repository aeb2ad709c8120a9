//! The four Markdown forms of a governance report, recognised by their tables: a table whose
//! header names an id column (`#`) and a level column (`Niveau`, `Produktniveau`) and whose
//! rows hold requirement ids (`R1`, `F10`, `G14`). The answer column tells the form apart:
//! `🔽` or `Efterlevet?` (OS2's report template), `Vurdering` (the assessment), or an
//! unnamed first column of checkboxes (`[x]`, `<ul><li> [x] </li>`) or glyphs (☑︎ ☐).

use super::{Answer, Category, Claim, Form, Level, Report, Requirement, WrittenCount};
use crate::tables::{Cell, Table, tables};

/// The columns of a requirement table.
struct Columns {
    id: usize,
    level: usize,
    text: Option<usize>,
    answer: usize,
    evidence: Option<usize>,
    guidelines: Option<usize>,
    /// `Vurdering`: an assessment.
    assessment: bool,
}

fn header_name(cell: &Cell) -> String {
    let t = cell.text.trim().trim_matches(['*', '_']).trim();
    t.trim_start_matches('\\').to_lowercase()
}

/// Finds the columns from the header, or `None` when the table is not a requirement table.
fn columns(table: &Table) -> Option<Columns> {
    let names: Vec<String> = table.header.iter().map(header_name).collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let id = find(&["#", "id", "nr.", "nr"])?;
    let level = find(&["produktniveau", "niveau"])?;
    let vurdering = find(&["vurdering"]);
    let answer = vurdering
        .or_else(|| find(&["🔽", "efterlevet?", "efterlevet"]))
        .or_else(|| names.first().filter(|n| n.is_empty()).map(|_| 0))?;
    Some(Columns {
        id,
        level,
        text: find(&["krav"]),
        answer,
        evidence: find(&[
            "vurderingsgrundlag",
            "beskrivelse / dokumentation",
            "beskrivelse/dokumentation",
            "dokumentation",
            "henvisning",
        ]),
        guidelines: find(&["retningslinjer", "vurderingskriterie"]),
        assessment: vurdering.is_some(),
    })
}

/// A requirement id as reports write it: a category letter and a number (`F10`), or a
/// merged pair (`F8/F9`).
fn requirement_id(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(['*', '_', '`']).trim();
    let one = |p: &str| {
        let mut c = p.chars();
        let letter = c.next()?.to_ascii_uppercase();
        let digits = c.as_str();
        ("RFSG".contains(letter)
            && (1..=2).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{letter}{digits}"))
    };
    match t.split_once('/') {
        Some((a, b)) => Some(format!("{}/{}", one(a.trim())?, one(b.trim())?)),
        None => one(t),
    }
}

/// Reads an answer cell. Unknown words (`Delvist`, `Afventer`) are unanswered; the caller
/// keeps the text.
fn answer(text: &str, assessment: bool) -> (Answer, Option<Form>) {
    let t = text.trim();
    let lower = t.to_lowercase();
    let plain = lower
        .replace("<ul>", "")
        .replace("</ul>", "")
        .replace("<li>", "")
        .replace("</li>", "");
    let plain = plain.trim();
    let has = |s: &str| t.contains(s);
    if assessment {
        let lights = ["🟢", "🟡", "🔴", "⚪"].iter().filter(|l| has(l)).count();
        return match () {
            _ if lights != 1 => (Answer::Unassessed, None),
            _ if has("🟢") => (Answer::Green, None),
            _ if has("🟡") => (Answer::Yellow, None),
            _ if has("🔴") => (Answer::Red, None),
            _ => (Answer::Grey, None),
        };
    }
    match plain {
        "[x]" => (Answer::Yes, Some(Form::Checkbox)),
        "[ ]" | "[]" => (Answer::No, Some(Form::Checkbox)),
        _ if has("☑") => (Answer::Yes, Some(Form::Glyph)),
        _ if has("☐") => (Answer::No, Some(Form::Glyph)),
        _ if has("✅") || plain == ":white_check_mark:" || plain == "ja" => (Answer::Yes, None),
        _ if has("❌") || plain == ":x:" || plain == "nej" => (Answer::No, None),
        _ if has("➖") || plain == ":heavy_minus_sign:" || plain == "ikke relevant" => {
            (Answer::NotRelevant, None)
        }
        _ if has("❓") || plain == ":question:" || plain == "ved ikke" || plain == "?" => {
            (Answer::Unsure, None)
        }
        _ => (Answer::Unanswered, None),
    }
}

/// Placeholders that mean "nothing written".
fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.eq_ignore_ascii_case("[ikke udfyldt]")
        || t.eq_ignore_ascii_case("[udfyldes i selvevaluering]")
        || t == "-"
}

/// The links in a cell: Markdown link targets and bare `http(s)://` addresses.
pub(super) fn links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("http").map(|i| from + i) {
        let rest = &text[i..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            from = i + 4;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '<' | ']'))
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';']);
        if seen.insert(url) {
            out.push(url.to_string());
        }
        // Past the address: each byte is looked at a bounded number of times.
        from = i + end.max(4);
    }
    out
}

fn cell_text(cells: &[Cell], col: Option<usize>) -> (&str, (usize, usize)) {
    match col.and_then(|c| cells.get(c)) {
        Some(c) => (c.text.as_str(), (c.start, c.end)),
        None => ("", (0, 0)),
    }
}

/// The requirements of one table, and the form its answers show.
fn read_rows(table: &Table, cols: &Columns, out: &mut Vec<Requirement>) -> Option<Form> {
    let mut form = None;
    for (_, cells) in &table.rows {
        let Some(id) = cells.get(cols.id).and_then(|c| requirement_id(&c.text)) else {
            continue;
        };
        let (level_text, level_at) = cell_text(cells, Some(cols.level));
        let (text, _) = cell_text(cells, cols.text);
        let (answer_text, answer_at) = cell_text(cells, Some(cols.answer));
        let (evidence, _) = cell_text(cells, cols.evidence);
        let (guidelines, _) = cell_text(cells, cols.guidelines);
        let (answer, shown) = answer(answer_text, cols.assessment);
        form = form.or(shown);
        let id_cell = &cells[cols.id];
        let row_start = cells.first().map_or(id_cell.start, |c| c.start);
        let row_end = cells.last().map_or(id_cell.end, |c| c.end);
        out.push(Requirement {
            category: Category::of(&id),
            id,
            text: text.trim().to_string(),
            level: Level::parse(level_text),
            level_text: level_text.trim().to_string(),
            recommendation: text.to_lowercase().contains("(anbefaling)"),
            answer,
            answer_text: answer_text.trim().to_string(),
            guidelines: guidelines.trim().to_string(),
            evidence_column: cols.evidence.is_some(),
            evidence: if is_placeholder(evidence) {
                String::new()
            } else {
                evidence.trim().to_string()
            },
            links: links(evidence),
            span: (row_start, row_end),
            id_span: (id_cell.start, id_cell.end),
            level_span: level_at,
            answer_span: answer_at,
        });
    }
    form
}

/// Every report in a page's Markdown, each with the offset its text starts at (its spans
/// are relative to that): a page may hold two, a report and an older one below it. A new
/// report starts at a requirement table that begins with an id the report before already
/// has, where a heading between the two (after the earlier report's last table, count
/// tables included) is a report's title: it names the product the way reports do
/// ("Governancerapport for …", "Evaluering af …"), a self-evaluation or report, or a year.
/// The report starts at that heading. Linear in the text.
pub fn read_all(markdown: &str) -> Vec<(usize, Report)> {
    let mut starts = vec![0];
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last_end = 0;
    for table in tables(markdown) {
        let gap_start = last_end;
        last_end = table.end;
        let Some(cols) = columns(&table) else {
            continue;
        };
        let ids: Vec<String> = table
            .rows
            .iter()
            .filter_map(|(_, cells)| requirement_id(&cells.get(cols.id)?.text))
            .collect();
        let Some(first) = ids.first() else {
            continue;
        };
        if seen.contains(first) {
            let gap = markdown.get(gap_start..table.start).unwrap_or("");
            if let Some(at) = title_heading(gap) {
                starts.push(gap_start + at);
                seen.clear();
            }
        }
        seen.extend(ids);
    }
    let ends = starts.iter().skip(1).copied().chain([markdown.len()]);
    starts
        .iter()
        .zip(ends)
        .filter_map(|(&a, b)| Some((a, read(markdown.get(a..b)?)?)))
        .collect()
}

/// The offset of the first heading (`#` line) in a text that is a report's title.
fn title_heading(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let marks = line.bytes().take_while(|b| *b == b'#').count();
        let heading =
            (1..=6).contains(&marks) && line[marks..].starts_with([' ', '\t', '\n', '\r']);
        if heading && is_title(line.trim_end()) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Whether a heading is a report's title (see [`read_all`]).
fn is_title(heading: &str) -> bool {
    let h = fold(heading);
    let year = h
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    product(heading).is_some()
        || year
        || ["governancerapport", "governance report", "selvevaluering"]
            .iter()
            .any(|w| h.contains(w))
}

/// Reads a governance report from a page's Markdown, or `None` when the page holds no
/// requirement table. Linear in the text.
pub fn read(markdown: &str) -> Option<Report> {
    let mut requirements = Vec::new();
    let mut form: Option<Form> = None;
    let mut found = false;
    let mut written_counts = Vec::new();
    for table in tables(markdown) {
        let Some(cols) = columns(&table) else {
            counts(&table, &mut written_counts);
            continue;
        };
        let before = requirements.len();
        let shown = read_rows(&table, &cols, &mut requirements);
        if requirements.len() == before {
            continue;
        }
        found = true;
        let this = if cols.assessment {
            Form::Assessment
        } else {
            shown.unwrap_or(Form::Template)
        };
        form = Some(form.map_or(this, |f| f.max(this)));
    }
    if !found {
        return None;
    }
    let head = header(markdown);
    Some(Report {
        form: form.unwrap_or(Form::Template),
        product: head.product,
        template_version: head.version,
        date: head.date,
        filled_by: head.filled_by,
        level_claimed: claim(markdown),
        requirements,
        written_counts,
    })
}

#[derive(Default)]
struct Header {
    product: Option<String>,
    version: Option<String>,
    date: Option<String>,
    filled_by: Option<String>,
}

/// Lower case, character by character where that keeps the byte length (ASCII, æ, ø, å), so
/// offsets in the result are offsets in `text`.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(d), None) if d.len_utf8() == c.len_utf8() => d,
                _ => c,
            }
        })
        .collect()
}

/// The value after a bold label in the report's information block (`**Udfyldt af:** Navn`).
fn labelled(line: &str, labels: &[&str]) -> Option<String> {
    let l = line.trim_start_matches(['>', ' ', '-', '*']).trim();
    let lower = fold(l);
    for label in labels {
        if let Some(rest) = lower.strip_prefix(label) {
            let value = &l[l.len() - rest.len()..];
            let value = value.trim_start_matches([':', '*', ' ']).trim();
            let value = value
                .trim_end_matches("<br/>")
                .trim_end_matches("<br />")
                .trim_end_matches("<br>")
                .trim()
                .trim_matches(['[', ']'])
                .trim();
            let unfilled = value.is_empty()
                || value.eq_ignore_ascii_case("dd-mm-yyyy")
                || value.eq_ignore_ascii_case("navn")
                || value.eq_ignore_ascii_case("name");
            return (!unfilled).then(|| value.to_string());
        }
    }
    None
}

/// The product's name from the report's first headings.
fn product(line: &str) -> Option<String> {
    let h = line.trim_start_matches('#').trim();
    let h = h.strip_prefix("[KLADDE]").map_or(h, str::trim);
    let strip = |s: &str| s.trim().trim_matches(['*', '_']).trim().to_string();
    let lower = fold(h);
    for prefix in [
        "governancerapport for ",
        "evaluering af os2-produktet:",
        "evaluering af os2-produkt:",
        "vurdering af os2-produktet:",
        "vurdering af os2-produkt:",
        "evaluering af ",
    ] {
        if lower.starts_with(prefix) {
            let name = strip(&h[prefix.len()..]);
            let unfilled = name.is_empty() || name.starts_with('[');
            return (!unfilled).then_some(name);
        }
    }
    for suffix in [
        "'s governance report",
        " governance report",
        " - governancerapport",
    ] {
        if lower.ends_with(suffix) {
            return Some(strip(&h[..h.len() - suffix.len()]));
        }
    }
    None
}

fn header(markdown: &str) -> Header {
    let mut h = Header::default();
    for line in markdown.lines().take(80) {
        if line.starts_with('#') && h.product.is_none() {
            h.product = product(line);
        }
        h.version = h.version.take().or_else(|| {
            labelled(
                line,
                &[
                    "version for anvendt governancerapport",
                    "version for anvendt evalueringsskabelon",
                    "evalueringsskabelon version",
                ],
            )
        });
        h.date = h
            .date
            .take()
            .or_else(|| labelled(line, &["dato for udfyldelse", "dato for release"]));
        h.filled_by = h.filled_by.take().or_else(|| {
            labelled(
                line,
                &[
                    "udfyldt af",
                    "audit made by",
                    "audit udført af",
                    "revision udført af",
                    "evaluering lavet af",
                ],
            )
        });
    }
    h
}

/// The level a report says the product has: "klassificeret som et niveau 3 produkt",
/// "målsætning om at efterleve: **Niveau 2.**", "placeres på produktniveau 2". `niveau x`
/// is a claim left unfilled.
fn claim(markdown: &str) -> Option<Claim> {
    let lower = fold(markdown);
    for phrase in [
        "klassificeret som et niveau",
        "klassificeret som et produktniveau",
        "placeres på produktniveau",
    ] {
        let Some(at) = lower.find(phrase) else {
            continue;
        };
        let rest = &lower[at + phrase.len()..];
        let word_start = rest.len() - rest.trim_start_matches([' ', '*', '_']).len();
        let word: String = rest[word_start..]
            .trim_start_matches("niveau")
            .trim_start_matches([' ', ':', '[', '*', '_', '-'])
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if word.is_empty() {
            continue;
        }
        let start = at + phrase.len() + word_start;
        let end = (start + rest[word_start..].find(word.as_str()).unwrap_or(0) + word.len())
            .min(markdown.len());
        return Some(Claim {
            level: Level::parse(&word),
            text: word,
            span: (start, end),
        });
    }
    None
}

const LIGHTS: [(&str, Answer); 4] = [
    ("🟢", Answer::Green),
    ("🟡", Answer::Yellow),
    ("🔴", Answer::Red),
    ("⚪", Answer::Grey),
];

/// A row or column label of a count table: a level, the total (`None`), or neither.
fn count_level(text: &str) -> Option<Option<Level>> {
    let t = text.trim().trim_matches(['*', '_']).trim();
    let first = t
        .split(['<', '('])
        .next()
        .unwrap_or(t)
        .trim()
        .to_lowercase();
    if first == "samlet" || first == "total" || first == "i alt" {
        return Some(None);
    }
    Level::parse(&first).map(Some)
}

fn count_category(text: &str) -> Option<Option<Category>> {
    let t = text.trim().trim_matches(['*', '_']).trim().to_lowercase();
    match t.as_str() {
        "relevans" => Some(Some(Category::Relevans)),
        "formkrav" => Some(Some(Category::Formkrav)),
        "strategisk sammenhæng" | "strategisk" => Some(Some(Category::Strategisk)),
        "governance" => Some(Some(Category::Governance)),
        "samlet" | "total" | "i alt" => Some(None),
        _ => None,
    }
}

/// The number right after a light in a cell (`🟢 2 (33%)`), with its byte range.
fn after_light(cell: &Cell, light: &str) -> Option<(usize, (usize, usize))> {
    let at = cell.text.find(light)? + light.len();
    let rest = &cell.text[at..];
    let lead = rest.len() - rest.trim_start_matches([' ', '*', '\u{fe0f}']).len();
    let digits = rest[lead..].bytes().take_while(u8::is_ascii_digit).count();
    let n = rest[lead..lead + digits].parse().ok()?;
    let start = cell.offset(at + lead);
    Some((n, (start, start + digits)))
}

/// The numbers of an assessment's count tables: levels × lights (`| Niveau | 🟢 Grøn | … |`)
/// or categories × levels with cells of lights and numbers (`🟢 1 🟡 3`).
fn counts(table: &Table, out: &mut Vec<WrittenCount>) {
    let head: Vec<String> = table.header.iter().map(header_name).collect();
    let Some(first) = head.first() else {
        return;
    };
    if first.starts_with("niveau") {
        // Levels down, lights across.
        let lights: Vec<(usize, Answer)> = head
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                LIGHTS
                    .iter()
                    .find(|(l, _)| h.contains(l))
                    .map(|(_, a)| (i, *a))
            })
            .collect();
        for (_, cells) in &table.rows {
            let Some(level) = cells.first().and_then(|c| count_level(&c.text)) else {
                continue;
            };
            for &(i, light) in &lights {
                let Some(cell) = cells.get(i) else { continue };
                let t = cell.text.trim().trim_matches(['*', '_']).trim();
                let digits = t.bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 {
                    continue;
                }
                let start = cell.offset(cell.text.find(&t[..digits]).unwrap_or(0));
                out.push(WrittenCount {
                    level,
                    category: None,
                    light,
                    written: t[..digits].parse().unwrap_or(0),
                    span: (start, start + digits),
                });
            }
        }
    } else if first.starts_with("tema") {
        // Categories down, levels across; cells list lights and numbers.
        let levels: Vec<(usize, Option<Level>)> = table
            .header
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(i, c)| count_level(&c.text).map(|l| (i, l)))
            .collect();
        for (_, cells) in &table.rows {
            let Some(category) = cells.first().and_then(|c| count_category(&c.text)) else {
                continue;
            };
            for &(i, level) in &levels {
                let Some(cell) = cells.get(i) else { continue };
                for (l, light) in LIGHTS {
                    if let Some((n, span)) = after_light(cell, l) {
                        out.push(WrittenCount {
                            level,
                            category,
                            light,
                            written: n,
                            span,
                        });
                    }
                }
            }
        }
    }
}
