//! Decision records (`beslutninger/YYYY-MM-DD-slug.md`, or GitHub issues): the `[ADR]`/
//! `[SDR]`/`[ODR]` title, the metadata bullets in all their written forms, and the sections.

use super::text::{self, Line};
use super::{Field, Source};
use crate::prose_dates;
use forvalt_diag::{Diagnostic, FileId, Span};
use jiff::civil::Date;
use serde::Serialize;

/// The kind of decision, from the title prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DecisionKind {
    /// `[ADR]`: architecture.
    Adr,
    /// `[SDR]`: strategic.
    Sdr,
    /// `[ODR]`: operational.
    Odr,
}

impl DecisionKind {
    /// `ADR`, `SDR` or `ODR`.
    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::Adr => "ADR",
            DecisionKind::Sdr => "SDR",
            DecisionKind::Odr => "ODR",
        }
    }

    /// The matching `Beslutningstype`.
    pub fn decision_type(self) -> DecisionType {
        match self {
            DecisionKind::Adr => DecisionType::Arkitektur,
            DecisionKind::Sdr => DecisionType::Strategisk,
            DecisionKind::Odr => DecisionType::Operationel,
        }
    }
}

/// `Beslutningstype`, normalised (exported like the status: `architecture`, `strategic`,
/// `operational`; the text as written is kept beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DecisionType {
    /// Arkitekturbeslutning.
    #[serde(rename = "architecture")]
    Arkitektur,
    /// Strategisk beslutning.
    #[serde(rename = "strategic")]
    Strategisk,
    /// Operationel beslutning.
    #[serde(rename = "operational")]
    Operationel,
}

impl DecisionType {
    /// The Danish word.
    pub fn label(self) -> &'static str {
        match self {
            DecisionType::Arkitektur => "Arkitektur",
            DecisionType::Strategisk => "Strategisk",
            DecisionType::Operationel => "Operationel",
        }
    }
}

/// A decision's status, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionStatus {
    /// Forslag, Udkast.
    Proposed,
    /// Accepteret, Besluttet…, Godkendt…, Vedtaget.
    Accepted,
    /// Afvist.
    Rejected,
    /// Erstattet.
    Superseded,
    /// Anything else.
    Unknown,
}

impl DecisionStatus {
    /// The vocabulary word (Danish).
    pub fn label(self) -> &'static str {
        match self {
            DecisionStatus::Proposed => "Forslag",
            DecisionStatus::Accepted => "Accepteret",
            DecisionStatus::Rejected => "Afvist",
            DecisionStatus::Superseded => "Erstattet",
            DecisionStatus::Unknown => "Ukendt",
        }
    }
}

/// How and when a decision was made, from the status text ("Besluttet. (pr mail, modtaget
/// 1.7.2026)", "Godkendt på styregruppemødet den 4. juni 2026.").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// `meeting`, `mail` or `unknown`.
    pub channel: &'static str,
    /// The body whose meeting decided it, when named ("styregruppe").
    pub body: Option<String>,
    /// The date named.
    pub date: Option<Date>,
}

/// The sections a decision template has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Beskrivelse af beslutningen.
    Description,
    /// Kontekst / Årsag, Baggrund.
    Context,
    /// Konsekvenser.
    Consequences,
    /// Effektuering, Implementering.
    Implementation,
    /// Risici.
    Risks,
    /// Yderligere information.
    MoreInformation,
    /// Indstilling.
    Recommendation,
    /// Vurdering.
    Assessment,
    /// Beslutning.
    Decision,
    /// Metadata.
    Metadata,
    /// Another heading.
    Other,
}

/// A section of a record: its heading and Markdown text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading as written.
    pub heading: String,
    /// What it is.
    pub kind: SectionKind,
    /// The Markdown below it, trimmed.
    pub text: String,
    /// The heading's place.
    pub span: Span,
}

/// Konsekvenser: the Positive / Negative / Neutral bullets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Consequences {
    /// Positive.
    pub positive: Vec<String>,
    /// Negative.
    pub negative: Vec<String>,
    /// Neutral.
    pub neutral: Vec<String>,
}

/// How the metadata bullets are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetadataStyle {
    /// `- **Dato**: …`
    BoldColonOutside,
    /// `- **Dato:** …`
    BoldColonInside,
    /// `- Dato: …`
    Plain,
    /// No metadata bullets.
    None,
}

/// A link in a record, with the repository path it points to when it points into the
/// repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The link text ("" for a bare address).
    pub text: String,
    /// The target as written.
    pub target: String,
    /// The repository path it names, if it names one (it may not exist).
    pub path: Option<String>,
    /// Where it is written.
    pub span: Span,
    /// The line says it supersedes (`Erstatter`) or is superseded by (`Erstattet af`) it.
    pub relation: Option<&'static str>,
}

/// A decision record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// Stable id: front-matter `id`, the file's name without `.md`, or `issue-N`.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// The title without its prefix.
    pub title: String,
    /// The type prefix of the title, if any.
    pub kind: Option<DecisionKind>,
    /// The prefix was written with a space after it (`[SDR] Titel`).
    pub prefix_spaced: bool,
    /// `Dato`.
    pub date: Option<Field<Date>>,
    /// The date in the file name.
    pub file_date: Option<Date>,
    /// `Status`.
    pub status: Option<Field<DecisionStatus>>,
    /// The status is one of the template's words (Forslag, Accepteret, Erstattet, Afvist).
    pub status_in_vocabulary: bool,
    /// How and when it was decided, from the status text.
    pub provenance: Option<Provenance>,
    /// `Beslutningstagere`, split into names ("Styregruppen-Koordinationsgruppen" → two).
    pub decided_by: Option<Field<Vec<String>>>,
    /// Body keys of the decision makers that name a known body.
    pub bodies: Vec<String>,
    /// `Beslutningstype`.
    pub decision_type: Option<Field<DecisionType>>,
    /// How the metadata is written.
    pub metadata_style: MetadataStyle,
    /// The metadata comes after the first H2.
    pub metadata_after_heading: bool,
    /// The sections.
    pub sections: Vec<Section>,
    /// Konsekvenser split into their bullets.
    pub consequences: Consequences,
    /// Links written in the record.
    pub links: Vec<Link>,
    /// Ids of the decisions it supersedes (resolved after all records are read).
    pub supersedes: Vec<String>,
    /// Ids of the decisions that supersede it.
    pub superseded_by: Vec<String>,
    /// Meetings (ids) that record this decision, found by links from their minutes.
    pub meetings: Vec<String>,
    /// The meeting whose minutes record the decision (from the status text), when resolved.
    pub decided_at: Option<String>,
}

impl Decision {
    /// The effective date: `Dato`, else the file name's.
    pub fn day(&self) -> Option<Date> {
        self.date.as_ref().and_then(|d| d.value).or(self.file_date)
    }

    /// The normalised status (unknown when none is written).
    pub fn state(&self) -> DecisionStatus {
        self.status
            .as_ref()
            .and_then(|s| s.value)
            .unwrap_or(DecisionStatus::Unknown)
    }

    /// The section of a kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// Normalises a decision status: (status, in the template vocabulary).
pub fn status_of(raw: &str) -> (DecisionStatus, bool) {
    let t = raw.trim().trim_matches(['[', ']']).trim();
    let lower = t.to_lowercase();
    let word: String = lower.chars().take_while(|c| c.is_alphabetic()).collect();
    let status = match word.as_str() {
        "forslag" | "udkast" | "proposed" | "draft" | "kladde" | "beslutningsforslag" => {
            DecisionStatus::Proposed
        }
        "accepteret" | "besluttet" | "godkendt" | "vedtaget" | "accepted" | "approved" => {
            DecisionStatus::Accepted
        }
        "afvist" | "rejected" | "forkastet" => DecisionStatus::Rejected,
        "erstattet" | "superseded" => DecisionStatus::Superseded,
        _ => DecisionStatus::Unknown,
    };
    let vocabulary = ["forslag", "accepteret", "erstattet", "afvist"];
    let in_vocabulary = vocabulary.contains(&lower.trim_end_matches('.'));
    (status, in_vocabulary)
}

/// The closest vocabulary word to an unknown status.
pub fn closest_status(raw: &str) -> Option<&'static str> {
    ["Forslag", "Accepteret", "Erstattet", "Afvist"]
        .into_iter()
        .map(|w| (text::distance(raw.trim(), w, 4), w))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, w)| w)
}

fn provenance(raw: &str, year: Option<i16>) -> Option<Provenance> {
    let lower = raw.to_lowercase();
    let channel = if lower.contains("mail") {
        "mail"
    } else if lower.contains("møde") || lower.contains("seminar") {
        "meeting"
    } else {
        return None;
    };
    let body = if lower.contains("styregruppe") {
        Some("styregruppe".to_string())
    } else if lower.contains("koordinationsgruppe") || lower.contains("koordinationgruppe") {
        Some("koordinationsgruppe".to_string())
    } else {
        None
    };
    let date = prose_dates::find_dates(raw, year)
        .into_iter()
        .filter_map(|m| m.end_date.or(m.date))
        .next_back();
    Some(Provenance {
        channel,
        body,
        date,
    })
}

fn decision_type_of(raw: &str) -> Option<DecisionType> {
    let l = raw.trim().trim_matches(['[', ']']).to_lowercase();
    if l.starts_with("strategisk") {
        Some(DecisionType::Strategisk)
    } else if l.starts_with("operationel") || l.starts_with("operativ") {
        Some(DecisionType::Operationel)
    } else if l.starts_with("arkitektur") {
        Some(DecisionType::Arkitektur)
    } else {
        None
    }
}

/// Splits `Beslutningstagere` into names: commas, "og", "/", "&", and a hyphen between two
/// capitalised words ("Styregruppen-Koordinationgruppen").
pub fn split_makers(raw: &str) -> Vec<String> {
    let mut parts = vec![raw.trim().trim_matches(['[', ']']).to_string()];
    for sep in [",", " og ", "/", "&", " + "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let mut out = Vec::new();
    for p in parts {
        let p = p.trim();
        let pieces: Vec<&str> = p.split('-').collect();
        if pieces.len() > 1
            && pieces
                .iter()
                .all(|w| w.trim().chars().next().is_some_and(char::is_uppercase))
        {
            out.extend(pieces.iter().map(|w| w.trim().to_string()));
        } else if !p.is_empty() {
            out.push(p.to_string());
        }
    }
    out
}

/// The prefix of a title: (kind, spaced, rest).
pub fn title_prefix(title: &str) -> (Option<DecisionKind>, bool, &str) {
    let t = title.trim();
    for (code, kind) in [
        ("[ADR]", DecisionKind::Adr),
        ("[SDR]", DecisionKind::Sdr),
        ("[ODR]", DecisionKind::Odr),
    ] {
        if t.get(..5)
            .is_some_and(|head| head.eq_ignore_ascii_case(code))
        {
            let rest = &t[5..];
            return (Some(kind), rest.starts_with([' ', '\t']), rest.trim());
        }
    }
    (None, false, t)
}

fn section_kind(heading: &str) -> SectionKind {
    let h = heading.to_lowercase();
    let h = h.trim().trim_end_matches(':').trim();
    if h.starts_with("beskrivelse") {
        SectionKind::Description
    } else if h.starts_with("kontekst") || h.starts_with("årsag") || h.starts_with("baggrund") {
        SectionKind::Context
    } else if h.starts_with("konsekvens") {
        SectionKind::Consequences
    } else if h.starts_with("effektuering") || h.starts_with("implementering") {
        SectionKind::Implementation
    } else if h.starts_with("risici") || h.starts_with("risiko") {
        SectionKind::Risks
    } else if h.starts_with("yderligere") {
        SectionKind::MoreInformation
    } else if h.starts_with("indstilling") {
        SectionKind::Recommendation
    } else if h.starts_with("vurdering") {
        SectionKind::Assessment
    } else if h == "beslutning" || h.starts_with("beslutningen") {
        SectionKind::Decision
    } else if h.starts_with("metadata") {
        SectionKind::Metadata
    } else {
        SectionKind::Other
    }
}

/// A metadata bullet: (key, value, style, value's byte offset in the line).
fn metadata_line(line: &str) -> Option<(&'static str, &str, MetadataStyle, usize)> {
    let (rest, at) = text::bullet(line)?;
    let (inner, style, skip) = if let Some(r) = rest.strip_prefix("**") {
        let close = r.find("**")?;
        let key = &r[..close];
        let style = if key.trim_end().ends_with(':') {
            MetadataStyle::BoldColonInside
        } else {
            MetadataStyle::BoldColonOutside
        };
        (key.trim().trim_end_matches(':').trim(), style, close + 4)
    } else {
        let colon = rest.find(':')?;
        (rest[..colon].trim(), MetadataStyle::Plain, colon)
    };
    let key = match inner.to_lowercase().as_str() {
        "dato" | "date" => "Dato",
        "status" => "Status",
        "beslutningstagere" | "beslutningstager" | "besluttet af" => "Beslutningstagere",
        "beslutningstype" | "type" => "Beslutningstype",
        _ => return None,
    };
    let after = &rest[skip..];
    let after_trim = after
        .trim_start()
        .strip_prefix(':')
        .unwrap_or(after.trim_start());
    let value = after_trim.trim();
    let offset = at + (rest.len() - after_trim.trim_start().len());
    Some((key, value, style, offset))
}

/// What [`parse`] needs to know about a document.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file.
    pub file: FileId,
    /// Repository path.
    pub path: &'a str,
    /// The whole text of the file (spans are offsets into it).
    pub text: &'a str,
    /// Where the body starts (after front matter).
    pub body_offset: usize,
}

/// Words that say, just before a date, that the decision was taken on it.
const DECIDED: [&str; 9] = [
    "besluttet",
    "besluttede",
    "truffet",
    "vedtaget",
    "vedtog",
    "godkendt",
    "godkendte",
    "valgt",
    "valgte",
];

/// A sentence of the decision that says it was taken on a day one slip away from `Dato`:
/// the same day of another month, or the same day and month of another year ("Frikøbet
/// blev besluttet 17-06-2025" with Dato 2025-03-17). Other differences are left alone: a
/// decision is often proposed on its Dato and decided at a later meeting.
fn decided_on_slip(
    all: &[Line<'_>],
    dato: Date,
    dato_span: Span,
    at: &dyn Fn(&Line<'_>, usize, usize) -> Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for l in all {
        let t = l.text.trim_start();
        // Metadata lines (the status says when, in its own way).
        if t.starts_with("- **")
            || t.starts_with("* **")
            || metadata_line(l.text).is_some()
            || !t.bytes().any(|b| b.is_ascii_digit())
        {
            continue;
        }
        for m in crate::prose_dates::find_dates(l.text, None) {
            let Some(v) = m.date.filter(|_| m.year_given && m.end_date.is_none()) else {
                continue;
            };
            // The 60 bytes before the date, within its sentence.
            let mut from = m.start.saturating_sub(60);
            while !l.text.is_char_boundary(from) {
                from += 1;
            }
            let before = &l.text[from..m.start];
            let before = before.rfind(". ").map_or(before, |i| &before[i + 2..]);
            let window = before.to_lowercase();
            let said = DECIDED.iter().any(|w| window.contains(w));
            let slip = v != dato
                && v.day() == dato.day()
                && (v.month() == dato.month() || v.year() == dato.year());
            if !(said && slip) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    "records::decided-date-slip",
                    format!(
                        "the text says the decision was taken on {}, but Dato is {}",
                        crate::dates::long_date(v, true),
                        crate::dates::long_date(dato, true)
                    ),
                )
                .with_span(at(l, m.start, m.end - m.start))
                .with_label(dato_span, "Dato")
                .with_help("one of the two has a slip of the month or the year: correct it"),
            );
        }
    }
}

/// The years (2000–2099) written as words of their own in a text, with their byte offsets.
fn years(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let word = b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric())
            && b[i..i + 2] == *b"20";
        if word {
            out.push((i, &text[i..i + 4]));
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// Words of five letters or more, lower case, by their first six letters.
fn title_stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5 && w.chars().any(char::is_alphabetic))
        .map(|w| w.to_lowercase().chars().take(6).collect())
        .collect()
}

/// A title with one year ("… version 3 i 2027") whose description never names that year,
/// but says the same thing with another ("… lanceres i første kvartal 2026"): a sentence
/// sharing two words with the title.
fn title_year(
    title: &str,
    title_span: Span,
    all: &[Line<'_>],
    at: &dyn Fn(&Line<'_>, usize, usize) -> Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let [(_, year)] = years(title)[..] else {
        return;
    };
    let stems = title_stems(title);
    // The description: from its heading to the next heading of its level.
    let Some(first) = all.iter().position(|l| {
        l.text
            .strip_prefix("## ")
            .is_some_and(|h| section_kind(h) == SectionKind::Description)
    }) else {
        return;
    };
    let section: Vec<&Line<'_>> = all[first + 1..]
        .iter()
        .take_while(|l| !l.text.starts_with("## "))
        .filter(|l| !l.text.trim_start().starts_with("- **"))
        .collect();
    if section
        .iter()
        .any(|l| years(l.text).iter().any(|(_, y)| *y == year))
    {
        return;
    }
    for l in section {
        let shared = title_stems(l.text)
            .iter()
            .filter(|s| stems.contains(s))
            .count();
        let Some((i, other)) = years(l.text).into_iter().next().filter(|_| shared >= 2) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::warning(
                "records::title-year",
                format!("the title says {year}, but the description says {other}"),
            )
            .with_span(at(l, i, 4))
            .with_label(title_span, "the title")
            .with_help("correct the year that is wrong; the title is what the decision log lists"),
        );
        return;
    }
}

/// Parses a decision record. `title` overrides the H1 (issues have their title apart);
/// `id` is the record's id.
pub fn parse(
    input: Input<'_>,
    id: String,
    source: Source,
    title: Option<&str>,
    file_date: Option<Date>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Decision {
    let body = &input.text[input.body_offset.min(input.text.len())..];
    let all = text::lines(body);
    let at = |l: &Line<'_>, from: usize, len: usize| {
        Span::new(
            input.body_offset + l.start + from,
            input.body_offset + l.start + from + len,
        )
        .in_file(input.file)
    };
    let year = file_date.map(|d| d.year());

    let mut h1: Option<(String, Span)> = None;
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<(String, SectionKind, Span, Vec<&str>)> = None;
    let mut date = None;
    let mut status: Option<Field<DecisionStatus>> = None;
    let mut status_in_vocabulary = false;
    let mut prov = None;
    let mut makers = None;
    let mut dtype = None;
    let mut style = MetadataStyle::None;
    let mut seen_h2 = false;
    let mut metadata_after_heading = false;
    let mut links = Vec::new();
    let mut in_fence = false;

    for l in &all {
        let trimmed = l.text.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            if let Some((_, _, _, lines)) = current.as_mut() {
                lines.push(l.text);
            }
            continue;
        }
        if let Some((level, h)) = text::heading(l.text) {
            if level == 1 && h1.is_none() {
                h1 = Some((h.to_string(), at(l, 0, l.text.len())));
                continue;
            }
            if level == 2 {
                seen_h2 = true;
                if let Some((heading, kind, span, lines)) = current.take() {
                    sections.push(Section {
                        heading,
                        kind,
                        text: lines.join("\n").trim().to_string(),
                        span,
                    });
                }
                current = Some((
                    h.to_string(),
                    section_kind(h),
                    at(l, 0, l.text.len()),
                    Vec::new(),
                ));
                continue;
            }
        }
        if let Some((key, value, st, offset)) = metadata_line(l.text) {
            let span = at(l, offset, value.len());
            let raw = value.to_string();
            let fresh = match key {
                "Dato" if date.is_none() => {
                    let v = prose_dates::parse_value(value, None)
                        .and_then(|m| m.date)
                        .or_else(|| crate::dates::parse_day(value));
                    date = Some(Field::new(raw, span, v));
                    true
                }
                "Status" if status.is_none() => {
                    let (s, vocab) = status_of(value);
                    status_in_vocabulary = vocab;
                    prov = provenance(value, year);
                    status = Some(Field::new(raw, span, Some(s)));
                    true
                }
                "Beslutningstagere" if makers.is_none() => {
                    makers = Some(Field::new(raw, span, Some(split_makers(value))));
                    true
                }
                "Beslutningstype" if dtype.is_none() => {
                    dtype = Some(Field::new(raw, span, decision_type_of(value)));
                    true
                }
                _ => false,
            };
            if fresh {
                if style == MetadataStyle::None {
                    style = st;
                }
                let in_metadata = current
                    .as_ref()
                    .is_some_and(|(_, k, _, _)| *k == SectionKind::Metadata);
                if seen_h2 && !in_metadata {
                    metadata_after_heading = true;
                }
                continue;
            }
        }
        let lower = l.text.to_lowercase();
        for (text_, target, range) in text::links(l.text) {
            let relation = if lower.contains("erstattet af") {
                Some("superseded-by")
            } else if lower.contains("erstatter") {
                Some("supersedes")
            } else {
                None
            };
            links.push(Link {
                text: text_,
                target,
                path: None,
                span: at(l, range.start, range.len()),
                relation,
            });
        }
        if let Some((_, _, _, lines)) = current.as_mut() {
            lines.push(l.text);
        }
    }
    if let Some((heading, kind, span, lines)) = current.take() {
        sections.push(Section {
            heading,
            kind,
            text: lines.join("\n").trim().to_string(),
            span,
        });
    }

    let (title_text, title_span) = match (title, &h1) {
        (Some(t), _) => (t.to_string(), Span::new(0, 0).in_file(input.file)),
        (None, Some((h, s))) => (h.clone(), *s),
        (None, None) => (
            crate::page::title_from_path(input.path),
            Span::new(0, 0).in_file(input.file),
        ),
    };
    let (kind, prefix_spaced, rest) = title_prefix(&title_text);

    let mut consequences = Consequences::default();
    if let Some(s) = sections
        .iter()
        .find(|s| s.kind == SectionKind::Consequences)
    {
        for l in s.text.lines() {
            if let Some((b, _)) = text::bullet(l) {
                let lower = b.to_lowercase();
                let value = |b: &str| b.split_once(':').map_or(b, |(_, v)| v).trim().to_string();
                if lower.starts_with("positiv") {
                    consequences.positive.push(value(b));
                } else if lower.starts_with("negativ") {
                    consequences.negative.push(value(b));
                } else if lower.starts_with("neutral") {
                    consequences.neutral.push(value(b));
                }
            }
        }
    }

    // Diagnostics that need only this record.
    if let (Some(k), Some(t)) = (kind, dtype.as_ref().and_then(|d| d.value))
        && k.decision_type() != t
    {
        let d = dtype.as_ref().map(|d| d.span).unwrap_or(title_span);
        diagnostics.push(
            Diagnostic::warning(
                "records::prefix-type-mismatch",
                format!(
                    "the title says [{}] but Beslutningstype is {}",
                    k.code(),
                    t.label()
                ),
            )
            .with_span(d)
            .with_label(
                title_span,
                format!("[{}] means {}", k.code(), k.decision_type().label()),
            ),
        );
    }
    if let Some(d) = &date {
        match (d.value, file_date) {
            (None, _) => diagnostics.push(
                Diagnostic::error(
                    "records::invalid-date",
                    format!("Dato `{}` is not a date", d.raw),
                )
                .with_span(d.span)
                .with_help(match file_date {
                    Some(f) => format!("write the date as {f} (the file name's date)"),
                    None => "write the date as YYYY-MM-DD".to_string(),
                }),
            ),
            (Some(v), Some(f)) if v != f => diagnostics.push(
                Diagnostic::warning(
                    "records::date-mismatch",
                    format!("Dato {v} differs from the date in the file name, {f}"),
                )
                .with_span(d.span)
                .with_note(
                    "the file keeps its name when the decision is edited: was the record overwritten by another decision?",
                ),
            ),
            _ => {}
        }
    }
    if let Some(s) = &status
        && !status_in_vocabulary
    {
        let value = s.value.unwrap_or(DecisionStatus::Unknown);
        let mut d = if value == DecisionStatus::Unknown {
            Diagnostic::warning(
                "records::unknown-status",
                format!("status `{}` is not in the vocabulary Forslag / Accepteret / Erstattet / Afvist", s.raw),
            )
        } else {
            Diagnostic::note(
                "records::status-free-text",
                format!(
                    "status `{}` is read as {}; the vocabulary is Forslag / Accepteret / Erstattet / Afvist",
                    s.raw,
                    value.label()
                ),
            )
        }
        .with_span(s.span);
        let suggestion = if value == DecisionStatus::Unknown {
            closest_status(&s.raw)
        } else {
            Some(value.label())
        };
        if let Some(w) = suggestion {
            d = d.with_suggestion(s.span, w, format!("write `{w}`"));
            if prov.is_some() {
                d = d.with_help("keep how and when it was decided in the text, or in front matter `decided_at:`");
            }
        }
        diagnostics.push(d);
    }
    for l in &all {
        if let Some(p) = text::placeholder(l.text)
            && !p.eq_ignore_ascii_case("(sum af scorerne)")
        {
            let from = text::offset_in(l.text, p);
            diagnostics.push(
                Diagnostic::warning(
                    "records::placeholder",
                    format!("template placeholder `{p}` left in the decision"),
                )
                .with_span(at(l, from, p.len()))
                .with_help("fill it in or remove the line"),
            );
        }
    }
    if let Some(d) = &date
        && let Some(v) = d.value
    {
        decided_on_slip(&all, v, d.span, &at, diagnostics);
    }
    title_year(rest, title_span, &all, &at, diagnostics);

    Decision {
        id,
        source,
        title: rest.to_string(),
        kind,
        prefix_spaced,
        date,
        file_date,
        status,
        status_in_vocabulary,
        provenance: prov,
        decided_by: makers,
        bodies: Vec::new(),
        decision_type: dtype,
        metadata_style: style,
        metadata_after_heading,
        sections,
        consequences,
        links,
        supersedes: Vec::new(),
        superseded_by: Vec::new(),
        meetings: Vec::new(),
        decided_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, String)> {
        let mut diags = Vec::new();
        let _ = parse(
            Input {
                file: FileId(0),
                path: "beslutninger/x.md",
                text,
                body_offset: 0,
            },
            "x".into(),
            Source::File {
                path: "beslutninger/x.md".into(),
            },
            None,
            None,
            &mut diags,
        );
        diags
            .into_iter()
            .filter(|d| d.code.ends_with("::decided-date-slip") || d.code.ends_with("::title-year"))
            .map(|d| {
                let s = d.span.unwrap();
                (
                    d.code.to_string(),
                    text[s.start as usize..s.end as usize].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn slips_of_the_decision_date_and_the_title_year() {
        let head = "# [SDR] Lancering af version 3 i 2027\n\n- **Dato**: 2025-03-17\n\n## Beskrivelse af beslutningen\n\n";
        // A slip of the month, after many letters of two bytes; a later approval is no slip.
        let text = format!(
            "{head}Version 3 lanceres i foråret 2026.\n{} blev besluttet 17-06-2025.\nForslaget blev godkendt den 4. juni 2025.\n",
            "æ".repeat(59)
        );
        assert_eq!(
            codes(&text),
            [
                (
                    "records::decided-date-slip".to_string(),
                    "17-06-2025".to_string()
                ),
                ("records::title-year".to_string(), "2026".to_string())
            ]
        );
        // A decision word in another sentence, and a plain metadata line, say nothing.
        let text = format!(
            "{head}Ordningen er godkendt for et år. Den evalueres 17.03.2026.\n- Status: Godkendt 17.04.2025\n"
        );
        assert_eq!(codes(&text), []);
        // The description names the title's year: no finding.
        let text = format!("{head}Version 3 lanceres i 2027, ikke i 2026.\n");
        assert_eq!(codes(&text), []);
    }

    #[test]
    fn statuses() {
        assert_eq!(status_of("Accepteret"), (DecisionStatus::Accepted, true));
        assert_eq!(status_of("Udkast"), (DecisionStatus::Proposed, false));
        assert_eq!(
            status_of("Besluttet. (pr mail, modtaget 1.7.2026)"),
            (DecisionStatus::Accepted, false)
        );
        assert_eq!(
            status_of("Godkendt på styregruppemødet den 4. juni 2026."),
            (DecisionStatus::Accepted, false)
        );
        assert_eq!(status_of("Erstattet"), (DecisionStatus::Superseded, true));
        assert_eq!(status_of("Afvist"), (DecisionStatus::Rejected, true));
        assert_eq!(closest_status("Accepterte"), Some("Accepteret"));
    }

    #[test]
    fn makers_split() {
        assert_eq!(
            split_makers("Styregruppen-Koordinationgruppen"),
            vec!["Styregruppen", "Koordinationgruppen"]
        );
        assert_eq!(
            split_makers("Styregruppen og Koordinationsgruppen"),
            vec!["Styregruppen", "Koordinationsgruppen"]
        );
        assert_eq!(split_makers("Produkt-ejer"), vec!["Produkt-ejer"]);
    }

    #[test]
    fn metadata_forms() {
        let (k, v, s, _) = metadata_line("- **Dato**: 2026-06-04").unwrap();
        assert_eq!(
            (k, v, s),
            ("Dato", "2026-06-04", MetadataStyle::BoldColonOutside)
        );
        let (k, v, s, _) = metadata_line("- **Status:** Forslag  ").unwrap();
        assert_eq!(
            (k, v, s),
            ("Status", "Forslag", MetadataStyle::BoldColonInside)
        );
        let (k, v, s, _) = metadata_line("- Beslutningstype :   Operationel").unwrap();
        assert_eq!(
            (k, v, s),
            ("Beslutningstype", "Operationel", MetadataStyle::Plain)
        );
        assert!(metadata_line("- Positive: noget").is_none());
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            title_prefix("[SDR]Etablering"),
            (Some(DecisionKind::Sdr), false, "Etablering")
        );
        assert_eq!(
            title_prefix("[ODR] Titel"),
            (Some(DecisionKind::Odr), true, "Titel")
        );
        assert_eq!(title_prefix("Titel"), (None, false, "Titel"));
    }
}
