//! Governance reports: the claimed level against the level the answers reach, levels and
//! answers left as the template's placeholders, answers without the note or evidence they
//! need, evidence without an answer, and reports older than a year. Templates are skipped.

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use forvalt_model::governance::{Answer, Form, Found, Level, Report};

/// A report is outdated after this many months.
const MAX_AGE_MONTHS: i8 = 12;

/// The root's publiccode.yml: its name's letter case, YAML, required keys and values.
pub(crate) fn publiccode(repo: &Repository, out: &mut Vec<Diagnostic>) {
    use forvalt_model::publiccode::{FILE_NAME, problems};
    let Some(found) = &repo.publiccode else {
        return;
    };
    let Some(src) = repo.sources.get(found.file) else {
        return;
    };
    if found.path != FILE_NAME {
        out.push(
            Diagnostic::warning(
                "publiccode::file-name",
                format!(
                    "the file is named {}; the publiccode.yml standard's tools look for {FILE_NAME}",
                    found.path
                ),
            )
            .with_span(Span::new(0, 0).in_file(found.file))
            .with_help(format!("rename it to {FILE_NAME} (`git mv`)")),
        );
    }
    for p in problems(&src.text) {
        let span = Span::new(p.span.0, p.span.1).in_file(found.file);
        let d = if p.code == "publiccode::yaml" {
            Diagnostic::error(p.code, p.message)
        } else {
            Diagnostic::warning(p.code, p.message)
        };
        out.push(d.with_span(span));
    }
}

/// What the repository's own files say, worked out once for all reports.
struct Facts {
    /// The latest minutes' date per body key (`styregruppe`), when the body has minutes.
    minutes: Vec<(String, Option<jiff::civil::Date>)>,
    /// Whether any page has a gantt chart.
    roadmap: bool,
    /// Whether the repository has decision records.
    decisions: bool,
    /// Where the site says its code is (`repository:`, a code host among `aux_links`, the
    /// `url` of publiccode.yml), if anywhere.
    code: bool,
    /// Whether issues are tracked: GitHub issue templates, the issue export, records from
    /// issues, or a repository on GitHub or GitLab (issues on by default).
    issues: bool,
}

/// Code hosts whose repositories have an issue tracker.
const HOSTS: [&str; 3] = ["github.com", "gitlab.", "bitbucket.org"];

impl Facts {
    fn of(repo: &Repository) -> Facts {
        let mut minutes: std::collections::BTreeMap<String, Option<jiff::civil::Date>> =
            Default::default();
        for m in &repo.records.meetings {
            let e = minutes.entry(m.body.to_lowercase()).or_default();
            *e = (*e).max(m.date);
        }
        let roadmap = repo.pages.iter().any(|p| {
            repo.sources
                .get(p.file)
                .and_then(|s| s.text.get(p.body_offset..))
                .is_some_and(|b| {
                    b.contains("gantt") && !forvalt_gantt::charts_in_markdown(b).is_empty()
                })
        });
        let hosted = |u: &str| HOSTS.iter().any(|h| u.contains(h));
        // just-the-docs' "Edit this page" repository names the code host too.
        let edit = repo
            .config
            .raw
            .get("gh_edit_repository")
            .and_then(|v| v.as_str());
        let code_links = repo
            .config
            .repository
            .iter()
            .map(String::as_str)
            .chain(edit)
            .chain(
                repo.config
                    .aux_links
                    .iter()
                    .map(|(_, u)| u.as_str())
                    .filter(|u| hosted(u)),
            );
        let publiccode_url = repo
            .publiccode
            .as_ref()
            .and_then(|f| repo.sources.get(f.file))
            .is_some_and(|s| s.text.lines().any(|l| l.starts_with("url:")));
        let mut code_hosted = false;
        let mut code = publiccode_url;
        for u in code_links {
            code = true;
            code_hosted |= hosted(u) || !u.contains("://");
        }
        let from_issues = |s: &forvalt_model::records::Source| {
            matches!(s, forvalt_model::records::Source::Issue { .. })
        };
        let export = forvalt_model::records::RecordsConfig::from_config(&repo.config.raw).issues;
        let issues = code_hosted
            || repo.files.iter().any(|f| {
                f.path.starts_with(".github/ISSUE_TEMPLATE/")
                    || f.path.starts_with(".gitlab/issue_templates/")
                    || f.path == export
            })
            || repo
                .records
                .decisions
                .iter()
                .any(|d| from_issues(&d.source))
            || repo
                .records
                .change_requests
                .iter()
                .any(|c| from_issues(&c.source));
        Facts {
            minutes: minutes.into_iter().collect(),
            roadmap,
            decisions: !repo.records.decisions.is_empty(),
            code,
            issues,
        }
    }

    /// Whether a body whose key holds `key` has minutes, and the latest one's date.
    fn minutes_of(&self, key: &str) -> Option<Option<jiff::civil::Date>> {
        self.minutes
            .iter()
            .filter(|(b, _)| b.contains(key))
            .map(|(_, d)| *d)
            .reduce(|a, b| a.max(b))
    }
}

/// Whether a report is about this repository's product: it names none, or the site's title
/// names it (a secretariat's repository may hold other products' reports).
fn about_this_product(repo: &Repository, r: &Report) -> bool {
    let Some(product) = r.product.as_deref() else {
        return true;
    };
    let title = repo.config.title.to_lowercase();
    title.is_empty() || title.contains(&product.to_lowercase())
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    publiccode(repo, out);
    let facts = (!repo.governance.is_empty()).then(|| Facts::of(repo));
    for (k, found) in repo.governance.iter().enumerate() {
        // A second report on a page is an older one: its age and claims are history.
        let first = k == 0 || repo.governance[k - 1].path != found.path;
        let p = found.path.to_lowercase();
        if p.contains("skabelon") || p.contains("template") {
            continue;
        }
        let at = |(a, b): (usize, usize)| {
            Span::new(found.offset + a, found.offset + b).in_file(found.file)
        };
        level(found, &at, out);
        if let Some(facts) = &facts
            && first
            && about_this_product(repo, &found.report)
        {
            claims(repo, facts, &found.report, &at, out);
        }
        rows(&found.report, &at, out);
        counts(&found.report, &at, out);
        if first {
            age(repo, found, &at, out);
        }
    }
}

fn level_name(l: Option<Level>) -> String {
    match l {
        Some(Level::Sandkasse) => "sandkasse".into(),
        Some(l) => format!("niveau {}", l.name()),
        None => "no level".into(),
    }
}

/// The claimed level against the computed one.
fn level(found: &Found, at: &dyn Fn((usize, usize)) -> Span, out: &mut Vec<Diagnostic>) {
    let r = &found.report;
    let Some(claim) = &r.level_claimed else {
        return;
    };
    let Some(claimed) = claim.level else {
        out.push(
            Diagnostic::warning(
                "governance::level-unfilled",
                format!("the report's level is left as `{}`", claim.text),
            )
            .with_span(at(claim.span))
            .with_help("write the level the answers reach, or leave the sentence out"),
        );
        return;
    };
    let reached = r.reached();
    if reached.level == Some(claimed) {
        return;
    }
    if reached.level.is_some_and(|l| l > claimed) {
        out.push(
            Diagnostic::note(
                "governance::level-mismatch",
                format!(
                    "the report says {}, and its answers reach {}",
                    level_name(Some(claimed)),
                    level_name(reached.level)
                ),
            )
            .with_span(at(claim.span)),
        );
        return;
    }
    // What keeps the product below the claimed level: every unmet binding requirement at
    // or below it.
    let missing: Vec<&str> = r
        .requirements
        .iter()
        .filter(|q| q.level.is_some_and(|l| l <= claimed))
        .filter(|q| !q.recommendation && !q.answer.meets())
        .map(|q| q.id.as_str())
        .collect();
    out.push(
        Diagnostic::warning(
            "governance::level-mismatch",
            format!(
                "the report says {}, but its answers reach {}",
                level_name(Some(claimed)),
                level_name(reached.level)
            ),
        )
        .with_span(at(claim.span))
        .with_note(if missing.is_empty() {
            "the report lists no requirement for some of the levels up to it".to_string()
        } else {
            format!("not met: {}", missing.join(", "))
        })
        .with_help("meet those requirements, or state the level the answers reach"),
    );
}

/// Whether evidence names a code host ("på GitHub"): support enough for F1 and F11.
fn names_host(evidence: &str) -> bool {
    let e = evidence.to_lowercase();
    ["github", "gitlab", "bitbucket"]
        .iter()
        .any(|h| e.contains(h))
}

/// What a met requirement's evidence may name without a link, and whether this repository
/// has it: (word in the evidence, what it is, present).
fn named_in_evidence(facts: &Facts) -> [(&'static str, &'static str, bool); 3] {
    [
        (
            "beslutningslog",
            "no decision records (a decision log)",
            facts.decisions,
        ),
        (
            "roadmap",
            "no roadmap (no page with a gantt chart)",
            facts.roadmap,
        ),
        ("referat", "no minutes", !facts.minutes.is_empty()),
    ]
}

/// Requirements marked as met that this repository's own files speak to: the licence (F2)
/// against the licence file, a steering group (G6) and a coordination group (G7) against
/// their minutes, a product vision and strategy (S4) against a roadmap, code shared openly
/// (F1) and public issue tracking (F11) against the addresses the site names; and evidence
/// that names a decision log, a roadmap or minutes without a link, against those records.
fn claims(
    repo: &Repository,
    facts: &Facts,
    r: &Report,
    at: &dyn Fn((usize, usize)) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let today = repo.now.date();
    let year_ago = today
        .checked_sub(jiff::Span::new().months(MAX_AGE_MONTHS))
        .ok();
    // Marked as met: not relevant (➖, ⚪) claims nothing.
    let met = |q: &&forvalt_model::governance::Requirement| {
        matches!(q.answer, Answer::Yes | Answer::Green)
    };
    for q in r.requirements.iter().filter(met) {
        // A link of any kind (also `[log](../beslutninger/)`) points to where the thing is.
        let linked = !q.links.is_empty() || q.evidence.contains("](");
        let unsupported = |what: String| {
            Diagnostic::note(
                "governance::claim-unsupported",
                format!("{} is marked as met, but {what}", q.id),
            )
            .with_span(at(q.id_span))
        };
        match q.id.as_str() {
            "F2" => {
                let Some(file) = &repo.licence else { continue };
                let Some(spdx) = file.spdx else { continue };
                let named = forvalt_model::licence::named(&q.evidence);
                if !named.is_empty() && !named.contains(&spdx) {
                    out.push(
                        Diagnostic::warning(
                            "governance::licence-mismatch",
                            format!(
                                "F2 names {} as the licence, but {} holds the {spdx} text",
                                named.join(", "),
                                file.path
                            ),
                        )
                        .with_span(at(q.id_span))
                        .with_help(
                            "name the licence the code is published under, or replace the licence file",
                        ),
                    );
                }
            }
            "G6" | "G7" => {
                let key = if q.id == "G6" {
                    "styregruppe"
                } else {
                    "koordinationsgruppe"
                };
                match facts.minutes_of(key) {
                    None => out.push(unsupported(format!(
                        "this repository holds no minutes of a {key}; link to where they are kept"
                    ))),
                    Some(Some(last)) if year_ago.is_some_and(|l| last < l) => {
                        out.push(unsupported(format!(
                            "the {key}'s latest minutes in this repository are from {last}"
                        )))
                    }
                    Some(_) => {}
                }
            }
            "S4" if !facts.roadmap => out.push(unsupported(
                "this repository has no roadmap (no page with a gantt chart)".to_string(),
            )),
            "F1" if !facts.code && !linked && !names_host(&q.evidence) => out.push(unsupported(
                "neither its evidence nor the site links to the code (`repository:` in _config.yml, publiccode.yml's `url`)".to_string(),
            )),
            "F11" if !facts.issues && !linked && !names_host(&q.evidence) => out.push(unsupported(
                "neither its evidence nor the repository shows where issues are tracked (a link, .github/ISSUE_TEMPLATE, a repository on GitHub or GitLab)".to_string(),
            )),
            _ if !linked => {
                let evidence = q.evidence.to_lowercase();
                for (word, what, present) in named_in_evidence(facts) {
                    if !present && evidence.contains(word) {
                        out.push(unsupported(format!(
                            "its evidence mentions “{word}” without a link, and this repository has {what}"
                        )));
                        break;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Per requirement: placeholders, answers without what they need.
fn rows(r: &Report, at: &dyn Fn((usize, usize)) -> Span, out: &mut Vec<Diagnostic>) {
    let boxes = matches!(r.form, Form::Checkbox | Form::Glyph);
    for q in &r.requirements {
        let answer_at = at(q.answer_span);
        if q.level.is_none() && !q.level_text.is_empty() {
            out.push(
                Diagnostic::warning(
                    "governance::unknown-level",
                    format!("{}: `{}` is not a product level", q.id, q.level_text),
                )
                .with_span(at(q.level_span))
                .with_help("write sandkasse, 1, 2 or 3"),
            );
        }
        match q.answer {
            Answer::Unassessed if q.answer_text.contains('/') => out.push(
                Diagnostic::warning(
                    "governance::unassessed",
                    format!(
                        "{} is not assessed: the template's `{}` is left",
                        q.id, q.answer_text
                    ),
                )
                .with_span(answer_at)
                .with_help("keep the one light that applies: 🟢, 🟡 or 🔴 (⚪ when not relevant)"),
            ),
            Answer::Unsure if q.evidence.is_empty() && q.evidence_column => out.push(
                Diagnostic::warning(
                    "governance::unsure-without-note",
                    format!("{} is marked ❓ without a note on what is unclear", q.id),
                )
                .with_span(answer_at)
                .with_help("write what is unclear in the description column"),
            ),
            Answer::Unanswered if !placeholder(&q.answer_text) => {
                out.push(
                    Diagnostic::warning(
                        "governance::unknown-answer",
                        format!(
                            "{}: `{}` is not an answer; forvalt counts the requirement as not evaluated",
                            q.id, q.answer_text
                        ),
                    )
                    .with_span(answer_at)
                    .with_help("answer ✅, ❌, ➖ or ❓ (Ja, Nej, Ikke relevant, Ved ikke) and explain the rest in the description"),
                );
            }
            Answer::Unanswered if !q.evidence.is_empty() => out.push(
                Diagnostic::warning(
                    "governance::evidence-not-ticked",
                    format!("{} has documentation but no answer", q.id),
                )
                .with_span(answer_at)
                .with_help("mark the requirement ✅ when the documentation shows it is met"),
            ),
            Answer::No if boxes && !q.evidence.is_empty() => out.push(
                Diagnostic::warning(
                    "governance::evidence-not-ticked",
                    format!("{} has a reference but its box is not ticked", q.id),
                )
                .with_span(answer_at)
                .with_help("tick the box when the reference shows the requirement is met"),
            ),
            Answer::Yes if q.evidence.is_empty() && q.evidence_column => out.push(
                Diagnostic::note(
                    "governance::met-without-evidence",
                    format!("{} is marked as met without documentation", q.id),
                )
                .with_span(answer_at),
            ),
            _ => {}
        }
    }
}

/// An answer cell that holds nothing yet: empty, `-`, or a bracketed placeholder
/// (`[Udfyldes i selvevaluering]`, `[Ikke udfyldt]`).
fn placeholder(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "-" || (t.starts_with('[') && t.ends_with(']') && t.len() > 2)
}

/// An assessment's hand-kept counts against its rows.
fn counts(r: &Report, at: &dyn Fn((usize, usize)) -> Span, out: &mut Vec<Diagnostic>) {
    if r.written_counts.is_empty() {
        return;
    }
    // Every (level or all, category or all, light) counted once.
    let mut table: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for q in &r.requirements {
        let levels: &[Option<Level>] = match q.level {
            Some(l) => &[Some(l), None],
            None => &[None],
        };
        for &level in levels {
            for category in [Some(q.category), None] {
                *table.entry((level, category, q.answer)).or_default() += 1;
            }
        }
    }
    for w in &r.written_counts {
        let actual = table
            .get(&(w.level, w.category, w.light))
            .copied()
            .unwrap_or(0);
        if actual == w.written {
            continue;
        }
        let light = match w.light {
            Answer::Green => "🟢",
            Answer::Yellow => "🟡",
            Answer::Red => "🔴",
            _ => "⚪",
        };
        let mut of = match w.level {
            Some(l) => level_name(Some(l)),
            None => "all levels".to_string(),
        };
        if let Some(c) = w.category {
            of = format!("{}, {of}", c.name());
        }
        out.push(
            Diagnostic::warning(
                "governance::count-mismatch",
                format!(
                    "the count table says {} {light} for {of}; the requirements give {actual}",
                    w.written
                ),
            )
            .with_span(at(w.span))
            .with_help(format!(
                "write {actual}: forvalt counts the lights in the requirement tables"
            )),
        );
    }
}

/// A date as reports write it: `2026-08-28`, `28-08-2026`, `28.08.2026`, in brackets or
/// not.
fn date(text: &str) -> Option<jiff::civil::Date> {
    let t = text.trim().trim_matches(['[', ']']).trim();
    let t = t.get(..10).unwrap_or(t);
    let parts: Vec<&str> = t.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| s.parse::<i16>().ok();
    let (y, m, d) = if a.len() == 4 {
        (n(a)?, n(b)?, n(c)?)
    } else {
        (n(c)?, n(b)?, n(a)?)
    };
    jiff::civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// A report filled in more than a year ago.
fn age(
    repo: &Repository,
    found: &Found,
    at: &dyn Fn((usize, usize)) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let Some(filled) = found.report.date.as_deref().and_then(date) else {
        return;
    };
    let today = repo.now.date();
    let Ok(limit) = today.checked_sub(jiff::Span::new().months(MAX_AGE_MONTHS)) else {
        return;
    };
    if filled < limit {
        out.push(
            Diagnostic::warning(
                "governance::outdated",
                format!(
                    "the report was filled in on {filled}, more than {MAX_AGE_MONTHS} months ago"
                ),
            )
            .with_span(at((0, 0)))
            .with_help("fill in the report again: OS2 asks for a current report every year"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_392_000_000; // 2026-11-23

    /// The findings (code, the text they point at) for these files.
    fn findings(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut f = forvalt_model::MemoryFiles::new();
        for (p, t) in files {
            f.insert(*p, *t);
        }
        let options = forvalt_model::LoadOptions {
            now: NOW,
            publish: None,
        };
        let repo = forvalt_model::load(&f, &options).value;
        let mut out = Vec::new();
        check(&repo, &mut out);
        out.iter()
            .map(|d| {
                let s = d.span.expect("located");
                let text = &repo.sources.get(s.file).unwrap().text;
                (
                    d.code.to_string(),
                    text[s.start as usize..s.end as usize].to_string(),
                )
            })
            .collect()
    }

    const HEAD: &str = "| 🔽 | # | Krav | Beskrivelse / Dokumentation | Produktniveau | Retningslinjer |\n|---|---|---|---|---|---|\n";

    fn report(claim: &str, rows: &str) -> String {
        format!(
            "# Governancerapport for OS2test\n\n> **Dato for udfyldelse:** 2026-09-01\n\n{claim}\n\n{HEAD}{rows}"
        )
    }

    fn codes(found: &[(String, String)], code: &str) -> Vec<String> {
        found
            .iter()
            .filter(|(c, _)| c == code)
            .map(|(_, t)| t.clone())
            .collect()
    }

    #[test]
    fn a_claimed_level_the_answers_do_not_reach() {
        let rows = "| ✅ | R1 | Værdi | Notat | sandkasse | |\n| ❌ | F6 | Overdraget | Mangler aftale | 1 | |\n";
        let found = findings(&[(
            "rapport.md",
            &report("Produktet er klassificeret som et niveau 1 produkt.", rows),
        )]);
        assert_eq!(codes(&found, "governance::level-mismatch"), vec!["1"]);
        // Claiming what the answers reach is fine; a recommendation never blocks.
        let rows = "| ✅ | R1 | Værdi | Notat | sandkasse | |\n| ✅ | F6 | Overdraget | Aftale | 1 | |\n| ❌ | F19 | Container (anbefaling) | Senere | 1 | |\n";
        let found = findings(&[(
            "rapport.md",
            &report("Produktet er klassificeret som et niveau 1 produkt.", rows),
        )]);
        assert!(
            codes(&found, "governance::level-mismatch").is_empty(),
            "{found:?}"
        );
        // The template's `niveau x`.
        let found = findings(&[(
            "rapport.md",
            &report("Produktet er klassificeret som et niveau x produkt.", rows),
        )]);
        assert_eq!(codes(&found, "governance::level-unfilled"), vec!["x"]);
    }

    #[test]
    fn answers_that_need_something_more() {
        let rows = "| ❓ | F18 | Arkitektur | | 2 | |\n| ❓ | F17 | Drift | Afventer leverandør | 2 | |\n|  | F2 | Licens | MPL-2.0 i LICENSE | sandkasse | |\n| ✅ | F3 | Udbud | | sandkasse | |\n| Delvist | F4 | Sikkerhed | Vurdering i gang | sandkasse | |\n| ✅ | F5 | Formål | README | Modent | |\n";
        let found = findings(&[("rapport.md", &report("", rows))]);
        assert_eq!(codes(&found, "governance::unsure-without-note"), vec!["❓"]);
        assert_eq!(codes(&found, "governance::evidence-not-ticked").len(), 1);
        assert_eq!(
            codes(&found, "governance::met-without-evidence"),
            vec!["✅"]
        );
        assert_eq!(codes(&found, "governance::unknown-answer"), vec!["Delvist"]);
        assert_eq!(codes(&found, "governance::unknown-level"), vec!["Modent"]);
        // A ticked box with a reference, an unticked one without: nothing to say.
        let boxes = "|  | # | Krav | Henvisning | Niveau |\n|---|---|---|---|---|\n| [x] | R1 | Værdi | Casen | 0 |\n| [ ] | R3 | Ledelse | | 2 |\n| [ ] | F1 | Åben kode | https://github.com/os2test | 0 |\n";
        let found = findings(&[("tjekliste.md", boxes)]);
        assert_eq!(
            codes(&found, "governance::evidence-not-ticked"),
            vec!["[ ]"]
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn assessments_left_unassessed() {
        let md = "# Evaluering af OS2-produkt: OS2test\n\n| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |\n|---|---|---|---|---|---|\n| R1 | Sandkasse | Værdi | Standard: … | 🟢 | Notat |\n| R4 | 3 | Strategier | Standard: … | 🟢 / 🟡 / 🔴 | |\n";
        let found = findings(&[("vurdering.md", md)]);
        assert_eq!(
            codes(&found, "governance::unassessed"),
            vec!["🟢 / 🟡 / 🔴"]
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn hand_kept_counts_that_disagree_with_the_rows() {
        let md = "# Evaluering af OS2-produkt: OS2test\n\n| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |\n|---|---|---|---|---|---|\n| R1 | Sandkasse | Værdi | Standard: … | 🟢 | Notat |\n| F1 | Sandkasse | Åben kode | Standard: … | 🟢 | GitHub |\n| R2 | 2 | Ledelse | Standard: … | 🔴 | Mangler |\n\n| Niveau | 🟢 Grøn | 🟡 Gul | 🔴 Rød | I alt |\n|---|--:|--:|--:|--:|\n| Sandkasse | **2** | 0 | 0 | 2 |\n| Niveau 2 | 1 | 0 | 0 | 1 |\n| **Samlet** | 3 | 0 | 1 | 4 |\n\n| Tema / Niveau | Sandkasse | Niveau 1 | Niveau 2 | Niveau 3 | Total |\n|---|---|---|---|---|---|\n| Relevans | 🟢 1 | | 🔴 1 | | 🟢 1 🔴 1 |\n| **Formkrav** | 🟢 2 | | | | 🟢 1 |\n";
        let found = findings(&[("vurdering.md", md)]);
        let wrong = codes(&found, "governance::count-mismatch");
        // Niveau 2: 1 green and 0 red written, 0 and 1 given; Samlet: 3 green written, 2
        // given; Formkrav at sandkasse: 2 green written, 1 given. The rest agree.
        assert_eq!(wrong, vec!["1", "0", "3", "2"], "{found:?}");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn publiccode_yml_is_checked() {
        let good = "publiccodeYmlVersion: \"0.4\"\nname: OS2test\nurl: https://github.com/os2/test\nplatforms: [web]\ndevelopmentStatus: stable\nsoftwareType: standalone/web\ndescription:\n  da:\n    shortDescription: Test\nlegal:\n  license: MPL-2.0\nmaintenance:\n  type: community\nlocalisation:\n  localisationReady: true\n  availableLanguages: [da]\n";
        assert!(findings(&[("publiccode.yml", good)]).is_empty());
        let found = findings(&[(
            "Publiccode.yml",
            &good.replace("community", "\"internal\", \"community\""),
        )]);
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, vec!["publiccode::file-name", "publiccode::yaml"]);
        let found = findings(&[("publiccode.yml", &good.replace("stable", "i drift"))]);
        assert_eq!(
            codes_of(&found),
            vec![("publiccode::invalid-value".into(), "i drift".into())]
        );
    }

    fn codes_of(found: &[(String, String)]) -> Vec<(String, String)> {
        found.to_vec()
    }

    #[test]
    fn claims_are_checked_against_the_repository() {
        let rows = "| ✅ | F2 | Licens | MIT, se LICENSE | sandkasse | |\n| ✅ | G6 | Styregruppe | Nedsat 2025 | 2 | |\n| ✅ | S4 | Vision og strategi | Roadmap | 2 | |\n";
        let md = report("", rows);
        let mpl = "Mozilla Public License Version 2.0\n==================================\n";
        let found = findings(&[("rapport.md", &md), ("LICENSE", mpl)]);
        assert_eq!(codes(&found, "governance::licence-mismatch"), vec!["F2"]);
        assert_eq!(
            codes(&found, "governance::claim-unsupported"),
            vec!["G6", "S4"]
        );
        // With minutes of a steering group and a roadmap, and the licence named right.
        let md = md.replace("MIT, se LICENSE", "MPL-2.0");
        let minutes = "# Styregruppemøde 4. juni 2026\n\n**Tid**: 04.06.2026 kl. 13 - 14\n";
        let roadmap = "# Roadmap\n\n```mermaid\ngantt\n  dateFormat YYYY-MM-DD\n  Pilot : 2026-03-02, 10d\n```\n";
        let found = findings(&[
            ("rapport.md", &md),
            ("LICENSE", mpl),
            (
                "dagsordner-og-referater/styregruppe/20260604_Styregruppe.md",
                minutes,
            ),
            ("roadmap.md", roadmap),
        ]);
        let claims: Vec<_> = found
            .iter()
            .filter(|(c, _)| c.contains("licence") || c.contains("claim"))
            .collect();
        assert!(claims.is_empty(), "{found:?}");
        // Minutes more than a year old.
        let old = minutes.replace("2026", "2025");
        let found = findings(&[
            ("rapport.md", &md),
            (
                "dagsordner-og-referater/styregruppe/20250604_Styregruppe.md",
                &old,
            ),
            ("roadmap.md", roadmap),
        ]);
        assert_eq!(codes(&found, "governance::claim-unsupported"), vec!["G6"]);
    }

    #[test]
    fn code_issues_and_named_records_are_looked_for() {
        let rows = "| ✅ | F1 | Åben kode | Udvikles åbent | sandkasse | |\n| ✅ | F11 | Issues | Offentlig sagsstyring | 1 | |\n| ✅ | F17 | Drift | Se beslutningslog og referat | 2 | |\n| ✅ | F15 | Udrulning | https://os2.eu/beslutningslog | 2 | |\n";
        let md = report("", rows);
        let found = findings(&[("rapport.md", &md)]);
        assert_eq!(
            codes(&found, "governance::claim-unsupported"),
            vec!["F1", "F11", "F17"]
        );
        // A repository on GitHub has code and issues; decision records and minutes exist.
        let decision = "# [ADR] Kortvisning\n\n- **Dato**: 2026-03-02\n- **Status**: Accepteret\n\n## Beslutning\n\nVi viser ruterne på et kort.\n";
        let minutes = "# Styregruppemøde 4. juni 2026\n\n**Tid**: 04.06.2026 kl. 13 - 14\n";
        let found = findings(&[
            (
                "_config.yml",
                "title: OS2test\nrepository: os2test/os2test-docs\n",
            ),
            ("rapport.md", &md),
            ("beslutninger/2026-03-02-kortvisning.md", decision),
            (
                "dagsordner-og-referater/styregruppe/20260604_Styregruppe.md",
                minutes,
            ),
        ]);
        assert!(
            codes(&found, "governance::claim-unsupported").is_empty(),
            "{found:?}"
        );
        // just-the-docs' edit repository names the code host; a relative link is a link.
        let relative = md.replace(
            "Se beslutningslog og referat",
            "Se [beslutningslog](beslutninger/)",
        );
        let found = findings(&[
            (
                "_config.yml",
                "title: OS2test\ngh_edit_repository: https://github.com/os2test/governance\n",
            ),
            ("rapport.md", &relative),
        ]);
        assert!(
            codes(&found, "governance::claim-unsupported").is_empty(),
            "{found:?}"
        );
        // Issue templates alone show where issues are tracked; links in the evidence suffice.
        let linked = md
            .replace("Udvikles åbent", "https://code.os2.dk/os2test")
            .replace(
                "Se beslutningslog og referat",
                "Se [beslutningslog](https://os2.eu/log)",
            );
        let found = findings(&[
            ("rapport.md", &linked),
            (
                ".github/ISSUE_TEMPLATE/aendringsanmodning.yml",
                "name: Ændring\n",
            ),
        ]);
        assert!(
            codes(&found, "governance::claim-unsupported").is_empty(),
            "{found:?}"
        );
    }

    #[test]
    fn no_false_alarms_on_what_the_forms_allow() {
        // ➖ claims nothing; a placeholder is no unknown answer; a table without an evidence
        // column asks for no evidence.
        let rows = "| ➖ | G7 | Koordinationsgruppe | Ikke relevant endnu | 2 | |\n| [Ikke udfyldt] | F3 | Udbud | | sandkasse | |\n";
        assert!(findings(&[("rapport.md", &report("", rows))]).is_empty());
        let glyphs = "|  | # | Krav | Niveau |\n|---|---|---|---|\n| ☑︎ | R1 | Værdi | 0 |\n| ☐ | R3 | Ledelse | 2 |\n";
        let found = findings(&[("rapport.md", glyphs)]);
        assert!(found.is_empty(), "{found:?}");
        // A report on another product claims nothing about this repository.
        let rows = "| ✅ | G6 | Styregruppe | Nedsat | 2 | |\n";
        let other = report("", rows).replace("OS2test", "OS2andet");
        let found = findings(&[("_config.yml", "title: OS2test\n"), ("rapport.md", &other)]);
        assert!(
            codes(&found, "governance::claim-unsupported").is_empty(),
            "{found:?}"
        );
    }

    #[test]
    fn old_reports_and_templates() {
        let rows = "| ✅ | R1 | Værdi | Notat | sandkasse | |\n";
        let old = report("", rows).replace("2026-09-01", "2025-10-01");
        let found = findings(&[("rapport.md", &old)]);
        assert_eq!(codes(&found, "governance::outdated").len(), 1);
        let found = findings(&[("rapport.md", &report("", rows))]);
        assert!(found.is_empty(), "{found:?}");
        // Last year's report below this year's on one page is history, not outdated.
        let both = format!("{}\n## Governancerapport 2025\n\n{}", report("", rows), old);
        let found = findings(&[("rapport.md", &both)]);
        assert!(
            codes(&found, "governance::outdated").is_empty(),
            "{found:?}"
        );
        // A template is meant to be empty.
        let template = report(
            "Produktet er klassificeret som et niveau x produkt.",
            "|  | R1 | Værdi | | sandkasse | |\n| ❓ | F2 | Licens | | sandkasse | |\n",
        );
        assert!(findings(&[("docs/Skabeloner/governance_template.md", &template)]).is_empty());
    }

    #[test]
    fn json_findings_point_at_the_answer() {
        let json = r#"{"productName": "OS2test", "filledDate": "2026-09-01", "krav": [
  {"id": "R1", "produktniveau": "sandkasse", "efterlevet": "Ja", "dokumentation": "Notat"},
  {"id": "F18", "produktniveau": "2", "efterlevet": "Ved ikke", "dokumentation": ""}
]}"#;
        let found = findings(&[("dokumenter/selvevaluering.json", json)]);
        assert_eq!(
            codes(&found, "governance::unsure-without-note"),
            vec!["Ved ikke"]
        );
    }

    #[test]
    fn report_dates() {
        let d = |y, m, d| jiff::civil::Date::new(y, m, d).ok();
        assert_eq!(date("2026-08-28"), d(2026, 8, 28));
        assert_eq!(date("[05-09-2025]"), d(2025, 9, 5));
        assert_eq!(date("28.08.2026"), d(2026, 8, 28));
        assert_eq!(date("2026-05-12T09:14:02.118Z"), d(2026, 5, 12));
        assert_eq!(date("dd-mm-yyyy"), None);
        assert_eq!(date("31-02-2026"), None);
    }
}
