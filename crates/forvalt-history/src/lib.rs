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
pub use walk::{Error, Reader, files_at, read, read_file_at, resolve};

use forvalt_model::history::{Histories, RoadmapChanges};

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
