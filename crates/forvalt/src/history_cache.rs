//! What git says of the current files — roadmap changes, decisions' status histories,
//! governance reports' levels — kept between the builds of `serve`: for a file they change
//! only with a commit or with its own text, so an edit of one page reads no other file's
//! history again.

use forvalt_model::history::{DecisionHistory, Histories, LevelChange, RoadmapChanges};
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One repository's results at one commit.
#[derive(Default)]
struct Kept {
    dir: PathBuf,
    head: Option<String>,
    /// Path → (hash of the current text, its roadmap changes).
    roadmaps: HashMap<String, (u64, Option<RoadmapChanges>)>,
    /// Path → its status history.
    decisions: HashMap<String, Option<DecisionHistory>>,
    /// Path → a governance report's level over time.
    governance: HashMap<String, Option<Vec<LevelChange>>>,
}

static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Runs `f` with the results kept for `dir` at the history's commit (forgotten when it
/// moved).
fn with_kept<T>(dir: &Path, head: &Option<String>, f: impl FnOnce(&mut Kept) -> T) -> T {
    let mut guard = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    let fresh = guard
        .as_ref()
        .is_none_or(|k| k.dir != dir || k.head != *head || head.is_none());
    if fresh {
        *guard = Some(Kept {
            dir: dir.to_path_buf(),
            head: head.clone(),
            ..Kept::default()
        });
    }
    let kept = guard.get_or_insert_with(Kept::default);
    f(kept)
}

/// [`forvalt_history::roadmap_changes`] for `pages` (path, current text), reusing what an
/// earlier build found for the same commit and text.
pub(crate) fn roadmap_changes(
    dir: &Path,
    h: &mut Histories,
    pages: Vec<(&str, &str)>,
    version: forvalt_gantt::MermaidVersion,
) -> Result<(), forvalt_history::Error> {
    let head = h.head.clone();
    let (known, todo): (Vec<_>, Vec<_>) = with_kept(dir, &head, |k| {
        pages
            .into_iter()
            .partition(|(path, text)| k.roadmaps.get(*path).is_some_and(|(t, _)| *t == hash(text)))
    });
    forvalt_history::roadmap_changes(dir, h, todo.iter().copied(), version)?;
    with_kept(dir, &head, |k| {
        for (path, text) in &todo {
            k.roadmaps.insert(
                (*path).to_string(),
                (hash(text), h.roadmaps.get(*path).cloned()),
            );
        }
        for (path, _) in &known {
            if let Some((_, Some(rc))) = k.roadmaps.get(*path) {
                h.roadmaps.insert((*path).to_string(), rc.clone());
            }
        }
    });
    Ok(())
}

/// `compute` for those of `paths` an earlier build at the same commit did not already
/// work out, the others taken from what was kept; `kept` and `found` pick the result's
/// place among the kept results and in the history.
fn per_commit<T: Clone>(
    dir: &Path,
    h: &mut Histories,
    paths: Vec<&str>,
    kept: fn(&mut Kept) -> &mut HashMap<String, Option<T>>,
    found: fn(&mut Histories) -> &mut std::collections::BTreeMap<String, T>,
    compute: impl FnOnce(&Path, &mut Histories, &[&str]) -> Result<(), forvalt_history::Error>,
) -> Result<(), forvalt_history::Error> {
    let head = h.head.clone();
    let (known, todo): (Vec<&str>, Vec<&str>) = with_kept(dir, &head, |k| {
        let map = kept(k);
        paths.into_iter().partition(|p| map.contains_key(*p))
    });
    compute(dir, h, &todo)?;
    with_kept(dir, &head, |k| {
        let map = kept(k);
        for path in &todo {
            map.insert((*path).to_string(), found(h).get(*path).cloned());
        }
        for path in &known {
            if let Some(Some(d)) = map.get(*path) {
                found(h).insert((*path).to_string(), d.clone());
            }
        }
    });
    Ok(())
}

/// [`forvalt_history::decision_history`] for `paths`, reusing what an earlier build found
/// for the same commit.
pub(crate) fn decision_history(
    dir: &Path,
    h: &mut Histories,
    paths: Vec<&str>,
) -> Result<(), forvalt_history::Error> {
    per_commit(
        dir,
        h,
        paths,
        |k| &mut k.decisions,
        |h| &mut h.decisions,
        |d, h, todo| forvalt_history::decision_history(d, h, todo.iter().copied()),
    )
}

/// [`forvalt_history::governance_history`] for `paths`, reusing what an earlier build found
/// for the same commit.
pub(crate) fn governance_history(
    dir: &Path,
    h: &mut Histories,
    paths: Vec<&str>,
) -> Result<(), forvalt_history::Error> {
    per_commit(
        dir,
        h,
        paths,
        |k| &mut k.governance,
        |h| &mut h.governance,
        |d, h, todo| forvalt_history::governance_history(d, h, todo.iter().copied()),
    )
}
