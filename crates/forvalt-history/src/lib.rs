//! Traceability from git: which commits touched each document, when it was created and last
//! changed, and what it was called before (exact renames, as git records them).
//!
//! One walk over the history from `HEAD`, newest first. Each commit's tree is compared with
//! its first parent's, skipping unchanged folders by their ids, so a commit costs what it
//! changed. A file deleted and a file added with the same content in one commit is a rename;
//! a new file is never attached to an older, merely similar one (meeting files renamed when a
//! meeting is moved keep their history; a new file made from a template does not inherit the
//! template's).
//!
//! No printing and no clock: the functions return data and errors.

pub mod diff;
mod walk;

pub use diff::{ChartDiff, Item, ItemChange, RoadmapDiff, SettingChange, diff_texts};
pub use walk::{
    Error, Reader, commit_at, files_at, files_at_rev, read, read_file_at, read_from, resolve,
};

use forvalt_model::history::{DecisionHistory, Histories, RoadmapChanges, StatusChange};

/// How far back to look for the previous version of a roadmap.
const LOOK_BACK: usize = 30;

/// Fills in [`Histories::roadmaps`]: for each document with gantt charts (path, text as it
/// is now), what its last change to the charts changed, compared with the version before.
pub fn roadmap_changes<'a>(
    dir: &std::path::Path,
    histories: &mut Histories,
    documents: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), Error> {
    let reader = Reader::open(dir)?;
    for (path, now) in documents {
        if !now.contains("gantt") {
            continue;
        }
        let Some(doc) = histories.of(path) else {
            continue;
        };
        let mut names = vec![path.to_string()];
        names.extend(doc.former_paths.iter().cloned());
        let mut found = None;
        for (k, &r) in doc.revisions.iter().enumerate().take(LOOK_BACK) {
            let id = &histories.revisions[r].id;
            let mut text = None;
            for n in &names {
                if let Some(b) = reader.file_at(id, n)? {
                    text = Some(forvalt_model::decode::decode(&b).text);
                    break;
                }
            }
            let Some(old) = text else { break };
            let d = diff_texts(path, Some(&old), Some(now));
            if !d.charts.is_empty() {
                found = Some(RoadmapChanges {
                    since: r,
                    at: k.checked_sub(1).map(|j| doc.revisions[j]),
                    charts: d.charts,
                });
                break;
            }
        }
        if let Some(f) = found {
            histories.roadmaps.insert(path.to_string(), f);
        }
    }
    Ok(())
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
        let mut names = vec![path.to_string()];
        names.extend(doc.former_paths.iter().cloned());
        let mut out = DecisionHistory::default();
        let mut prev: Option<(String, std::collections::HashSet<String>)> = None;
        // Oldest first.
        for &r in doc.revisions.iter().rev() {
            let id = &histories.revisions[r].id;
            let mut text = None;
            for n in &names {
                if let Some(b) = reader.file_at(id, n)? {
                    text = Some(forvalt_model::decode::decode(&b).text);
                    break;
                }
            }
            let Some(text) = text else { continue };
            let (title, status, raw) = decision_of(path, &text);
            let words = word_set(&text);
            if let Some((old_title, old_words)) = &prev
                && !old_title.is_empty()
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
            prev = Some((title, words));
        }
        if !out.statuses.is_empty() || out.overwritten.is_some() {
            histories.decisions.insert(path.to_string(), out);
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
    let mut names = vec![path.to_string()];
    names.extend(doc.former_paths.iter().cloned());
    for &r in &doc.revisions {
        let id = &histories.revisions[r].id;
        for n in &names {
            let Some(bytes) = reader.file_at(id, n)? else {
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
            break;
        }
    }
    Ok(None)
}
