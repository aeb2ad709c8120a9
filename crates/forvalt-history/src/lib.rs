//! Traceability from git: which commits touched each document, when it was created and last
//! changed, and what it was called before.
//!
//! One walk over the history from `HEAD`, newest first. Each commit's tree is compared with
//! its first parent's, skipping unchanged folders by their ids, so a commit costs what it
//! changed. A file deleted and a file added with the same content in one commit is a rename,
//! and so is one at least half like it (same extension, half its non-blank lines in common),
//! as git detects renames with edits; a new file is never attached to an older file that
//! still exists (meeting files renamed when a meeting is moved keep their history; a new file
//! made from a template does not inherit the template's). A merge counts as the commits of
//! the branch it brought in that changed the file.
//!
//! No printing and no clock: the functions return data and errors.

pub mod diff;
mod walk;

pub use diff::{
    ChartDiff, Item, ItemChange, RoadmapDiff, SettingChange, diff_texts, diff_texts_as,
};
pub use walk::{
    Error, Reader, commit_at, files_at, files_at_rev, origin_url, read, read_file_at, read_from,
    resolve,
};

use forvalt_model::history::{DecisionHistory, Histories, RoadmapChanges, StatusChange};

/// How many versions of a roadmap are read (newest first).
const VERSIONS: usize = 100;

/// Fills in [`Histories::roadmaps`]: for each document with gantt charts (path, text as it
/// is now), what its last change to the charts changed (compared with the version before),
/// what changed since its baseline, and how each milestone moved over the versions.
pub fn roadmap_changes<'a>(
    dir: &std::path::Path,
    histories: &mut Histories,
    documents: impl IntoIterator<Item = (&'a str, &'a str)>,
    version: forvalt_gantt::MermaidVersion,
) -> Result<(), Error> {
    use forvalt_model::history::Baseline;
    use forvalt_model::page::{PageState, page_state};
    let reader = Reader::open(dir)?;
    for (path, now) in documents {
        if !now.contains("gantt") {
            continue;
        }
        let Some(doc) = histories.of(path) else {
            continue;
        };
        // Its versions, newest first, each read at the path it had then.
        let mut versions: Vec<(usize, String)> = Vec::new();
        for (r, then) in doc.versions().take(VERSIONS) {
            let id = &histories.revisions[r].id;
            let Some(b) = reader.file_at(id, then)? else {
                continue; // deleted in that commit
            };
            versions.push((r, forvalt_model::decode::decode(&b).text));
        }
        // The last change.
        let mut since = None;
        for (k, (r, old)) in versions.iter().enumerate() {
            let d = diff::diff_texts_as(path, Some(old), Some(now), version);
            if !d.charts.is_empty() {
                since = Some((*r, k.checked_sub(1).map(|j| versions[j].0), d.charts));
                break;
            }
        }
        // The baseline: named in front matter (a date or a revision), else the first
        // version with status final.
        let mut sink = Vec::new();
        let head =
            forvalt_model::frontmatter::read_head(now, forvalt_diag::FileId::DETACHED, &mut sink);
        let named = head.front_matter.as_ref().and_then(|f| f.str("baseline"));
        let status_of = |t: &str| {
            let mut sink = Vec::new();
            forvalt_model::frontmatter::read_head(t, forvalt_diag::FileId::DETACHED, &mut sink)
                .front_matter
                .and_then(|f| f.str("status"))
        };
        let base = match named {
            Some(b) => match forvalt_model::dates::parse_day(&b) {
                Some(day) => versions.iter().find(|(r, _)| {
                    jiff::Timestamp::from_second(histories.revisions[*r].time)
                        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date() <= day)
                        .unwrap_or(false)
                }),
                None => {
                    let id = resolve(dir, &b).ok();
                    versions
                        .iter()
                        .find(|(r, _)| Some(&histories.revisions[*r].id) == id.as_ref())
                }
            },
            None => versions
                .iter()
                .rev()
                .find(|(_, t)| status_of(t).is_some_and(|s| page_state(&s) == PageState::Final)),
        };
        let baseline = base.and_then(|(r, t)| {
            let d = diff::diff_texts_as(path, Some(t), Some(now), version);
            (!d.charts.is_empty()).then_some(Baseline {
                revision: *r,
                charts: d.charts,
            })
        });
        let tracks = milestone_tracks(now, &versions, version);
        if since.is_none() && baseline.is_none() && tracks.is_empty() {
            continue;
        }
        let (since, at, charts) =
            since.unwrap_or((versions.first().map_or(0, |v| v.0), None, Vec::new()));
        histories.roadmaps.insert(
            path.to_string(),
            RoadmapChanges {
                since,
                at,
                charts,
                baseline,
                milestones: tracks,
            },
        );
    }
    Ok(())
}

/// How each milestone of the current text moved over `versions` (newest first; revision
/// index and text): the milestones whose date changed, with their date in every version
/// that moved them, oldest first.
fn milestone_tracks(
    now: &str,
    versions: &[(usize, String)],
    version: forvalt_gantt::MermaidVersion,
) -> Vec<forvalt_model::history::MilestoneTrack> {
    use forvalt_model::history::MilestoneTrack;
    let current = diff::milestones(now, version);
    let older: Vec<(usize, Vec<Item>)> = versions
        .iter()
        .rev()
        .map(|(r, t)| (*r, diff::milestones(t, version)))
        .collect();
    let mut tracks = Vec::new();
    for m in &current {
        let mut dates: Vec<(usize, jiff::civil::Date)> = Vec::new();
        for (r, ms) in &older {
            // Another current milestone's exact name is that one, not this one.
            let others: Vec<Item> = ms
                .iter()
                .filter(|x| x.name == m.name || !current.iter().any(|c| c.name == x.name))
                .cloned()
                .collect();
            if let Some(d) = diff::same_milestone(m, &others).and_then(|x| x.start)
                && dates.last().is_none_or(|(_, last)| *last != d)
            {
                dates.push((*r, d));
            }
        }
        if dates.len() > 1 || dates.first().is_some_and(|(_, d)| Some(*d) != m.start) {
            tracks.push(MilestoneTrack {
                name: m.name.clone(),
                dates,
                now: m.start,
            });
        }
    }
    tracks
}

/// The words of a text, lower-cased, for comparing two versions.
fn word_set(text: &str) -> std::collections::HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect()
}

/// (title, status normalised, status as written) of a decision file's text.
fn decision_of(path: &str, text: &str) -> (String, String, String) {
    use forvalt_model::records::{Source, decision};
    let mut sink = Vec::new();
    let d = decision::parse(
        decision::Input {
            file: forvalt_diag::FileId::DETACHED,
            path,
            text,
            body_offset: 0,
        },
        String::new(),
        Source::File {
            path: path.to_string(),
        },
        None,
        None,
        &mut sink,
    );
    let raw = d.status.as_ref().map(|s| s.raw.clone()).unwrap_or_default();
    let status = if d.status.is_some() {
        d.state().label().to_string()
    } else {
        String::new()
    };
    (d.title, status, raw)
}

/// Fills in [`Histories::decisions`]: for each decision file (path), its status at every
/// revision that changed it, and a revision that replaced one decision by another in the
/// same file (the title and most of the text changed at once).
pub fn decision_history<'a>(
    dir: &std::path::Path,
    histories: &mut Histories,
    paths: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    let reader = Reader::open(dir)?;
    for path in paths {
        let Some(doc) = histories.of(path) else {
            continue;
        };
        let mut out = DecisionHistory::default();
        let mut prev: Option<(String, String, std::collections::HashSet<String>)> = None;
        // Oldest first, each version at the path it had then.
        let versions: Vec<(usize, &str)> = doc.versions().collect();
        for &(r, then) in versions.iter().rev() {
            let id = &histories.revisions[r].id;
            let Some(b) = reader.file_at(id, then)? else {
                continue;
            };
            let text = forvalt_model::decode::decode(&b).text;
            let (title, status, raw) = decision_of(path, &text);
            let words = word_set(&text);
            let status_for_prev = status.clone();
            // Only a decision that had been taken (or rejected, or replaced) counts as written
            // over: a template filled in for the first time is not.
            if let Some((old_title, old_status, old_words)) = &prev
                && !old_title.is_empty()
                && !old_status.is_empty()
                && old_status != "Forslag"
                && forvalt_model::records::text::distance(old_title, &title, 4) > 4
            {
                let shared = old_words.intersection(&words).count();
                let union = old_words.union(&words).count().max(1);
                if (shared as f64) / (union as f64) < 0.35 {
                    out.overwritten = Some((r, old_title.clone()));
                }
            }
            if !status.is_empty() && out.statuses.last().is_none_or(|s| s.status != status) {
                out.statuses.push(StatusChange {
                    revision: r,
                    status,
                    raw,
                });
            }
            prev = Some((title, status_for_prev, words));
        }
        if !out.statuses.is_empty() || out.overwritten.is_some() {
            histories.decisions.insert(path.to_string(), out);
        }
    }
    Ok(())
}

/// The governance report a file's text holds (a page's first report, or a JSON
/// self-evaluation), if any.
fn report_of(path: &str, text: &str) -> Option<forvalt_model::governance::Report> {
    use forvalt_model::governance;
    if path.ends_with(".json") {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        return governance::read_json(&value);
    }
    // The body, as the page's report is read (front matter left out).
    let mut sink = Vec::new();
    let head =
        forvalt_model::frontmatter::read_head(text, forvalt_diag::FileId::DETACHED, &mut sink);
    governance::read_markdown_all(text.get(head.body_start..).unwrap_or(text))
        .into_iter()
        .next()
        .map(|(_, r)| r)
}

/// Fills in [`Histories::governance`]: for each governance report (path of a page or a JSON
/// self-evaluation), the level its answers reached, the level it stated and how many
/// requirements it marked as met, at every revision that changed one of them (oldest first).
pub fn governance_history<'a>(
    dir: &std::path::Path,
    histories: &mut Histories,
    paths: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    use forvalt_model::governance::Answer;
    use forvalt_model::history::LevelChange;
    let reader = Reader::open(dir)?;
    for path in paths {
        let Some(doc) = histories.of(path) else {
            continue;
        };
        let versions: Vec<(usize, &str)> = doc.versions().take(VERSIONS).collect();
        let mut out: Vec<LevelChange> = Vec::new();
        for &(r, then) in versions.iter().rev() {
            let id = &histories.revisions[r].id;
            let Some(b) = reader.file_at(id, then)? else {
                continue;
            };
            let text = forvalt_model::decode::decode(&b).text;
            let Some(report) = report_of(then, &text) else {
                continue;
            };
            let change = LevelChange {
                revision: r,
                reached: report.reached().level,
                claimed: report.level_claimed.as_ref().and_then(|c| c.level),
                met: report
                    .requirements
                    .iter()
                    .filter(|q| matches!(q.answer, Answer::Yes | Answer::Green))
                    .count(),
                total: report.requirements.len(),
            };
            let same = |l: &LevelChange| {
                (l.reached, l.claimed, l.met, l.total)
                    == (change.reached, change.claimed, change.met, change.total)
            };
            if !out.last().is_some_and(same) {
                out.push(change);
            }
        }
        if !out.is_empty() {
            histories.governance.insert(path.to_string(), out);
        }
    }
    Ok(())
}

/// The last version of a document whose front-matter status was approved (`final`,
/// `Godkendt`, …): (revision index, its bytes). Versions are searched newest first.
pub fn last_approved(
    reader: &Reader,
    histories: &Histories,
    path: &str,
) -> Result<Option<(usize, Vec<u8>)>, Error> {
    use forvalt_model::page::{PageState, page_state};
    let Some(doc) = histories.of(path) else {
        return Ok(None);
    };
    for (r, then) in doc.versions() {
        let id = &histories.revisions[r].id;
        {
            let Some(bytes) = reader.file_at(id, then)? else {
                continue;
            };
            let text = forvalt_model::decode::decode(&bytes).text;
            let mut sink = Vec::new();
            let head = forvalt_model::frontmatter::read_head(
                &text,
                forvalt_diag::FileId::DETACHED,
                &mut sink,
            );
            let status = head.front_matter.as_ref().and_then(|f| f.str("status"));
            if status.is_some_and(|s| page_state(&s) == PageState::Final) {
                return Ok(Some((r, bytes)));
            }
        }
    }
    Ok(None)
}
