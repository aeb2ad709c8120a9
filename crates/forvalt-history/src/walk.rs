//! The walk over the commits.

use forvalt_model::history::{DocumentHistory, Histories, HistorySource, Revision};
use gix::ObjectId;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Why the history could not be read.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

fn err(e: impl std::fmt::Display) -> Error {
    Error(e.to_string())
}

/// One file in a tree: its path and blob id.
type Files = Vec<(String, ObjectId)>;

/// What one commit changed, relative to its first parent.
#[derive(Default)]
struct Changes {
    added: Files,
    deleted: Files,
    modified: Vec<String>,
}

fn tree_entries(
    repo: &gix::Repository,
    id: Option<ObjectId>,
) -> Result<HashMap<String, (bool, ObjectId)>, Error> {
    let mut out = HashMap::new();
    let Some(id) = id else { return Ok(out) };
    let tree = repo.find_tree(id).map_err(err)?;
    let decoded = tree.decode().map_err(err)?;
    for e in &decoded.entries {
        if e.mode.is_commit() || e.mode.is_link() {
            continue; // submodules and symbolic links
        }
        let Ok(name) = std::str::from_utf8(e.filename) else {
            continue; // not UTF-8: cannot be a page or a link target
        };
        out.insert(name.to_string(), (e.mode.is_tree(), e.oid.to_owned()));
    }
    Ok(out)
}

fn all_files(
    repo: &gix::Repository,
    id: ObjectId,
    prefix: &str,
    out: &mut Files,
) -> Result<(), Error> {
    for (name, (is_tree, oid)) in tree_entries(repo, Some(id))? {
        let path = format!("{prefix}{name}");
        if is_tree {
            all_files(repo, oid, &format!("{path}/"), out)?;
        } else {
            out.push((path, oid));
        }
    }
    Ok(())
}

/// Compares two trees (either may be missing), recursing only into folders that differ.
fn compare(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    changes: &mut Changes,
) -> Result<(), Error> {
    if old == new {
        return Ok(());
    }
    let a = tree_entries(repo, old)?;
    let b = tree_entries(repo, new)?;
    for (name, &(b_tree, b_id)) in &b {
        let path = format!("{prefix}{name}");
        match a.get(name) {
            Some(&(a_tree, a_id)) if a_id == b_id && a_tree == b_tree => {}
            Some(&(true, a_id)) if b_tree => {
                compare(repo, Some(a_id), Some(b_id), &format!("{path}/"), changes)?;
            }
            Some(&(false, _)) if !b_tree => changes.modified.push(path),
            Some(&(a_tree, a_id)) => {
                // A file became a folder or the other way round.
                if a_tree {
                    all_files(repo, a_id, &format!("{path}/"), &mut changes.deleted)?;
                } else {
                    changes.deleted.push((path.clone(), a_id));
                }
                if b_tree {
                    all_files(repo, b_id, &format!("{path}/"), &mut changes.added)?;
                } else {
                    changes.added.push((path, b_id));
                }
            }
            None if b_tree => all_files(repo, b_id, &format!("{path}/"), &mut changes.added)?,
            None => changes.added.push((path, b_id)),
        }
    }
    for (name, &(a_tree, a_id)) in &a {
        if b.contains_key(name) {
            continue;
        }
        let path = format!("{prefix}{name}");
        if a_tree {
            all_files(repo, a_id, &format!("{path}/"), &mut changes.deleted)?;
        } else {
            changes.deleted.push((path, a_id));
        }
    }
    Ok(())
}

/// Pairs deleted and added files with the same content: (old path, new path).
fn renames(repo: &gix::Repository, changes: &mut Changes) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if changes.added.is_empty() || changes.deleted.is_empty() {
        return out;
    }
    let mut by_id: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    let empty = ObjectId::empty_blob(gix::hash::Kind::Sha1);
    for (i, (_, id)) in changes.deleted.iter().enumerate() {
        // Empty files are all alike: a new empty file is not a moved one.
        if *id != empty {
            by_id.entry(*id).or_default().push(i);
        }
    }
    let mut used = vec![false; changes.deleted.len()];
    let mut keep = Vec::new();
    for (path, id) in std::mem::take(&mut changes.added) {
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let candidates = by_id.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        // Prefer a file of the same name (a moved file), then the first one.
        let pick = candidates
            .iter()
            .copied()
            .filter(|i| !used[*i])
            .max_by_key(|i| {
                let old = &changes.deleted[*i].0;
                (
                    old.rsplit('/').next() == Some(name.as_str()),
                    std::cmp::Reverse(*i),
                )
            });
        match pick {
            Some(i) => {
                used[i] = true;
                out.push((changes.deleted[i].0.clone(), path));
            }
            None => keep.push((path, id)),
        }
    }
    changes.added = keep;
    similar_renames(repo, changes, &mut used, &mut out);
    let deleted = std::mem::take(&mut changes.deleted);
    changes.deleted = deleted
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .map(|(_, d)| d)
        .collect();
    out
}

/// At most this many files added and deleted in one commit are compared by content.
const MAX_SIMILAR: usize = 64;
/// Files larger than this are not compared by content.
const MAX_SIMILAR_BYTES: usize = 1 << 20;
/// Bytes compared by content in one commit, at most (later pairs are not compared).
const MAX_SIMILAR_WORK: usize = 32 << 20;

/// The lines of a text that are not blank.
fn text_lines(t: &[u8]) -> Vec<&[u8]> {
    t.split(|c| *c == b'\n')
        .filter(|l| l.iter().any(|c| !c.is_ascii_whitespace()))
        .collect()
}

/// How alike two texts are, roughly as git's rename detection counts it: the share of
/// their (non-blank) lines they have in common (0–1).
fn line_similarity(a: &[u8], b: &[u8]) -> f64 {
    let mut counts: HashMap<&[u8], i64> = HashMap::new();
    let (la, lb) = (text_lines(a), text_lines(b));
    for l in &la {
        *counts.entry(l).or_default() += 1;
    }
    let mut common = 0usize;
    for l in &lb {
        if let Some(n) = counts.get_mut(l)
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    let total = la.len() + lb.len();
    if total == 0 {
        return 0.0;
    }
    2.0 * common as f64 / total as f64
}

/// Renames with edits (a file renamed and changed in one commit, as GitHub's editor does):
/// an added file at least half like a deleted one of the same extension, best pairs first.
fn similar_renames(
    repo: &gix::Repository,
    changes: &mut Changes,
    used: &mut [bool],
    out: &mut Vec<(String, String)>,
) {
    let open: Vec<usize> = (0..changes.deleted.len()).filter(|i| !used[*i]).collect();
    if changes.added.is_empty()
        || open.is_empty()
        || changes.added.len() > MAX_SIMILAR
        || open.len() > MAX_SIMILAR
    {
        return;
    }
    let text = |id: ObjectId| -> Option<Vec<u8>> {
        let blob = repo.find_object(id).ok()?;
        (blob.data.len() <= MAX_SIMILAR_BYTES).then(|| blob.data.clone())
    };
    let ext = |p: &str| p.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let old: Vec<(usize, Option<Vec<u8>>)> = open
        .iter()
        .map(|&i| (i, text(changes.deleted[i].1)))
        .collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let mut work = 0usize;
    for (j, (path, id)) in changes.added.iter().enumerate() {
        let Some(new) = text(*id) else { continue };
        for (i, body) in &old {
            let Some(body) = body else { continue };
            if ext(&changes.deleted[*i].0) != ext(path) {
                continue;
            }
            work += body.len() + new.len();
            if work > MAX_SIMILAR_WORK {
                break;
            }
            let s = line_similarity(body, &new);
            if s >= 0.5 {
                pairs.push((s, *i, j));
            }
        }
    }
    pairs.sort_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
    let mut taken = vec![false; changes.added.len()];
    for (_, i, j) in pairs {
        if !used[i] && !taken[j] {
            used[i] = true;
            taken[j] = true;
            out.push((changes.deleted[i].0.clone(), changes.added[j].0.clone()));
        }
    }
    let added = std::mem::take(&mut changes.added);
    changes.added = added
        .into_iter()
        .enumerate()
        .filter(|(j, _)| !taken[*j])
        .map(|(_, a)| a)
        .collect();
}

/// Resolves a revision (`HEAD`, a branch, a tag, a commit id, `HEAD~3`) to a commit id.
pub fn resolve(dir: &Path, rev: &str) -> Result<String, Error> {
    let repo = gix::discover(dir).map_err(err)?;
    let id = repo
        .rev_parse_single(rev)
        .map_err(|e| Error(format!("`{rev}` is not a revision of this repository: {e}")))?;
    let commit = id.object().map_err(err)?.peel_to_commit().map_err(err)?;
    Ok(commit.id.to_string())
}

/// The address of the repository's `origin` remote, as configured (`git@github.com:o/r.git`).
pub fn origin_url(dir: &Path) -> Option<String> {
    let repo = gix::discover(dir).ok()?;
    let config = repo.config_snapshot();
    config.string("remote.origin.url").map(|u| u.to_string())
}

/// The text of `path` (relative to `dir`) at revision `rev`; `None` when it did not exist.
pub fn read_file_at(dir: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, Error> {
    let id = resolve(dir, rev)?;
    Reader::open(dir)?.file_at(&id, path)
}

/// The root tree of revision `rev`.
fn tree_at(repo: &gix::Repository, dir: &Path, rev: &str) -> Result<ObjectId, Error> {
    let id = resolve(dir, rev)?;
    let oid = ObjectId::from_hex(id.as_bytes()).map_err(err)?;
    Ok(repo
        .find_commit(oid)
        .map_err(err)?
        .tree_id()
        .map_err(err)?
        .detach())
}

/// The files under `dir` at revision `rev` (paths relative to `dir`), sorted.
pub fn files_at(dir: &Path, rev: &str) -> Result<Vec<String>, Error> {
    let repo = gix::discover(dir).map_err(err)?;
    let prefix = prefix_of(&repo, dir)?;
    let tree = tree_at(&repo, dir, rev)?;
    let mut all = Vec::new();
    all_files(&repo, tree, "", &mut all)?;
    let mut out: Vec<String> = all
        .into_iter()
        .filter_map(|(p, _)| p.strip_prefix(prefix.as_str()).map(str::to_string))
        .collect();
    out.sort();
    Ok(out)
}

/// The path of `dir` inside the work tree, with a trailing `/` (empty at the top).
fn prefix_of(repo: &gix::Repository, dir: &Path) -> Result<String, Error> {
    let Some(top) = repo.workdir() else {
        return Err(Error("the repository has no work tree".into()));
    };
    let top = top.canonicalize().map_err(err)?;
    let dir = dir.canonicalize().map_err(err)?;
    let rel = dir.strip_prefix(&top).map_err(err)?;
    let mut p = rel.to_string_lossy().replace('\\', "/");
    if !p.is_empty() {
        p.push('/');
    }
    Ok(p)
}

/// The tree of a commit's first parent. At a shallow clone's boundary the parent is not
/// there: the commit is read as if it created everything.
fn parent_tree(
    repo: &gix::Repository,
    parent: Option<ObjectId>,
    shallow: bool,
) -> Result<Option<ObjectId>, Error> {
    let Some(p) = parent else { return Ok(None) };
    match repo.find_commit(p) {
        Ok(c) => Ok(Some(c.tree_id().map_err(err)?.detach())),
        Err(_) if shallow => Ok(None),
        Err(e) => Err(err(e)),
    }
}

/// Records what one commit of the first-parent line `touched` (identity, path then, former
/// path). A merge (a pull request merged with a merge commit) counts as the commits of the
/// branch it brought in (`side`) that changed the file, as `git log -- FILE` shows them;
/// a change the merge made itself stays the merge's (`this`).
fn attribute(
    touched: &[(String, String, Option<String>)],
    (this, side): (Revision, &[SideCommit]),
    prefix: &str,
    revisions: &mut Vec<Revision>,
    documents: &mut BTreeMap<String, DocumentHistory>,
) {
    let mut this = Some(this);
    let mut this_index: Option<usize> = None;
    let mut side_index: HashMap<ObjectId, usize> = HashMap::new();
    for (id, path_then, former) in touched {
        let full = format!("{prefix}{path_then}");
        let hits: Vec<&SideCommit> = side.iter().filter(|c| c.paths.contains(&full)).collect();
        let indices: Vec<usize> = if hits.is_empty() {
            let i = *this_index.get_or_insert_with(|| {
                revisions.extend(this.take());
                revisions.len() - 1
            });
            vec![i]
        } else {
            hits.iter()
                .map(|c| {
                    *side_index.entry(c.id).or_insert_with(|| {
                        revisions.push(c.revision.clone());
                        revisions.len() - 1
                    })
                })
                .collect()
        };
        let doc = documents.entry(id.clone()).or_default();
        for index in indices {
            if !doc.revisions.ends_with(&[index]) {
                doc.revisions.push(index);
                doc.paths.push(path_then.clone());
            }
        }
        if let Some(f) = former
            && !doc.former_paths.contains(f)
        {
            doc.former_paths.push(f.clone());
        }
    }
}

/// A commit of a merged branch: its revision and the paths it added or changed.
struct SideCommit {
    id: ObjectId,
    revision: Revision,
    paths: std::collections::HashSet<String>,
}

/// The revision of a commit.
fn revision_of(commit: &gix::Commit<'_>, id: impl std::fmt::Display) -> Result<Revision, Error> {
    let author = commit.author().map_err(err)?;
    let time = commit.time().map_err(err)?;
    let message = commit.message_raw_sloppy().to_string();
    Ok(Revision {
        id: id.to_string(),
        time: time.seconds,
        author: author.name.to_string().trim().to_string(),
        summary: message.lines().next().unwrap_or("").trim().to_string(),
    })
}

/// The commits a merge brought in (reachable from its other parents, not from its first),
/// newest first, each with the paths it added or changed relative to its own first parent.
fn side_commits(
    repo: &gix::Repository,
    parents: &[ObjectId],
    shallow: bool,
) -> Result<Vec<SideCommit>, Error> {
    let walk = repo
        .rev_walk(parents[1..].iter().copied())
        .with_hidden([parents[0]])
        .all()
        .map_err(err)?;
    let mut out = Vec::new();
    for info in walk {
        let info = match info {
            Ok(i) => i,
            Err(_) if shallow => break,
            Err(e) => return Err(err(e)),
        };
        let commit = repo.find_commit(info.id).map_err(err)?;
        // A merge inside the branch brings nothing of its own.
        let mut ps = commit.parent_ids();
        let first = ps.next().map(gix::Id::detach);
        if ps.next().is_some() {
            continue;
        }
        let tree = commit.tree_id().map_err(err)?.detach();
        let parent_tree = parent_tree(repo, first, shallow)?;
        let mut changes = Changes::default();
        compare(repo, parent_tree, Some(tree), "", &mut changes)?;
        let mut paths: std::collections::HashSet<String> = changes.modified.into_iter().collect();
        paths.extend(changes.added.into_iter().map(|(p, _)| p));
        if paths.is_empty() {
            continue;
        }
        out.push(SideCommit {
            id: info.id,
            revision: revision_of(&commit, info.id)?,
            paths,
        });
    }
    Ok(out)
}

/// Reads the history of every file under `dir`. `Ok(None)`: `dir` is not in a git work tree
/// (or the repository has no commits yet).
pub fn read(dir: &Path) -> Result<Option<Histories>, Error> {
    read_from(dir, None)
}

/// Reads the history as it was at revision `rev` (`None`: `HEAD`).
pub fn read_from(dir: &Path, rev: Option<&str>) -> Result<Option<Histories>, Error> {
    let Ok(mut repo) = gix::discover(dir) else {
        return Ok(None);
    };
    // Each tree is read twice (as a commit's and as its child's parent's): keep them.
    repo.object_cache_size_if_unset(64 * 1024 * 1024);
    let prefix = prefix_of(&repo, dir)?;
    let head = match rev {
        Some(r) => ObjectId::from_hex(resolve(dir, r)?.as_bytes()).map_err(err)?,
        None => {
            let Ok(head) = repo.head_id() else {
                return Ok(None);
            };
            head.detach()
        }
    };
    let shallow = repo.is_shallow().unwrap_or(false);
    // The first-parent line, newest first: a linear history in which renames can be
    // followed backwards; a merge counts as what it brought into that line.
    let walk = repo
        .rev_walk([head])
        .first_parent_only()
        .all()
        .map_err(err)?;

    let mut revisions: Vec<Revision> = Vec::new();
    let mut documents: BTreeMap<String, DocumentHistory> = BTreeMap::new();
    // A path as it was at the commit being read → the document's current path.
    let mut alias: HashMap<String, String> = HashMap::new();
    // Paths whose document began at a newer commit: older commits on them are another file's.
    let mut born: std::collections::HashSet<String> = std::collections::HashSet::new();
    for info in walk {
        let info = match info {
            Ok(i) => i,
            Err(_) if shallow => break,
            Err(e) => return Err(err(e)),
        };
        let commit = repo.find_commit(info.id).map_err(err)?;
        let parents: Vec<ObjectId> = commit.parent_ids().map(gix::Id::detach).collect();
        let tree = commit.tree_id().map_err(err)?.detach();
        let parent_tree = parent_tree(&repo, parents.first().copied(), shallow)?;
        let mut changes = Changes::default();
        compare(&repo, parent_tree, Some(tree), "", &mut changes)?;
        let renamed = renames(&repo, &mut changes);
        // Only files under `dir`, with paths relative to it.
        let rel = |p: &str| p.strip_prefix(prefix.as_str()).map(str::to_string);
        // (identity, its path at this commit, former path)
        let mut touched: Vec<(String, String, Option<String>)> = Vec::new();
        let identity = |p: &str, alias: &HashMap<String, String>| {
            alias.get(p).cloned().unwrap_or_else(|| p.to_string())
        };
        for p in &changes.modified {
            if let Some(p) = rel(p)
                && !born.contains(&p)
            {
                touched.push((identity(&p, &alias), p, None));
            }
        }
        for (p, _) in &changes.added {
            if let Some(p) = rel(p)
                && !born.contains(&p)
            {
                touched.push((identity(&p, &alias), p.clone(), None));
                born.insert(p);
            }
        }
        for (p, _) in &changes.deleted {
            if let Some(p) = rel(p)
                && !born.contains(&p)
            {
                // A file that no longer exists: its history is kept under its last path.
                touched.push((identity(&p, &alias), p, None));
            }
        }
        for (old, new) in &renamed {
            let (Some(old), Some(new)) = (rel(old), rel(new)) else {
                continue;
            };
            if born.contains(&new) {
                continue;
            }
            let id = identity(&new, &alias);
            touched.push((id.clone(), new.clone(), Some(old.clone())));
            // Older commits on the old path are this document's, even if a newer file
            // took the path over.
            born.remove(&old);
            alias.insert(old, id);
            born.insert(new);
        }
        if touched.is_empty() {
            continue;
        }
        let side = if parents.len() > 1 {
            side_commits(&repo, &parents, shallow)?
        } else {
            Vec::new()
        };
        let this = revision_of(&commit, info.id)?;
        attribute(
            &touched,
            (this, &side),
            &prefix,
            &mut revisions,
            &mut documents,
        );
    }
    Ok(Some(Histories {
        source: HistorySource::Git,
        revisions,
        documents,
        shallow,
        head: Some(head.to_string()),
        roadmaps: BTreeMap::new(),
        decisions: BTreeMap::new(),
        governance: BTreeMap::new(),
        approved_versions: BTreeMap::new(),
    }))
}

/// Reads files at commits of one repository.
pub struct Reader {
    repo: gix::Repository,
    prefix: String,
}

impl Reader {
    /// Opens the repository holding `dir` (paths are then relative to `dir`).
    pub fn open(dir: &Path) -> Result<Reader, Error> {
        let mut repo = gix::discover(dir).map_err(err)?;
        repo.object_cache_size_if_unset(16 * 1024 * 1024);
        let prefix = prefix_of(&repo, dir)?;
        Ok(Reader { repo, prefix })
    }

    /// The bytes of `path` at commit `id` (hex); `None` when it did not exist there.
    pub fn file_at(&self, id: &str, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let oid = ObjectId::from_hex(id.as_bytes()).map_err(err)?;
        let commit = self.repo.find_commit(oid).map_err(err)?;
        let mut tree = commit.tree_id().map_err(err)?.detach();
        let full = format!("{}{path}", self.prefix);
        let parts: Vec<&str> = full.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            let entries = tree_entries(&self.repo, Some(tree))?;
            let Some(&(is_tree, id)) = entries.get(*part) else {
                return Ok(None);
            };
            if i + 1 == parts.len() {
                if is_tree {
                    return Ok(None);
                }
                return Ok(Some(self.repo.find_object(id).map_err(err)?.data.clone()));
            }
            if !is_tree {
                return Ok(None);
            }
            tree = id;
        }
        Ok(None)
    }
}

/// The newest commit reachable from `HEAD` made at or before `cutoff` (seconds since the
/// epoch), following first parents; `None` when every commit is newer.
pub fn commit_at(dir: &Path, cutoff: i64) -> Result<Option<String>, Error> {
    let repo = gix::discover(dir).map_err(err)?;
    let mut id = repo.head_id().map_err(err)?.detach();
    loop {
        let commit = repo.find_commit(id).map_err(err)?;
        if commit.time().map_err(err)?.seconds <= cutoff {
            return Ok(Some(id.to_string()));
        }
        let Some(parent) = commit.parent_ids().next() else {
            return Ok(None);
        };
        id = parent.detach();
    }
}

/// Every file under `dir` as it was at revision `rev`, with each file's time set to its
/// last commit at or before `rev` (from `history`, when given).
pub fn files_at_rev(
    dir: &Path,
    rev: &str,
    history: Option<&Histories>,
) -> Result<forvalt_model::MemoryFiles, Error> {
    let repo = gix::discover(dir).map_err(err)?;
    let prefix = prefix_of(&repo, dir)?;
    let tree = tree_at(&repo, dir, rev)?;
    let mut all = Vec::new();
    all_files(&repo, tree, "", &mut all)?;
    let mut out = forvalt_model::MemoryFiles::new();
    for (path, blob) in all {
        let Some(path) = path.strip_prefix(prefix.as_str()).map(str::to_string) else {
            continue;
        };
        let bytes = repo.find_object(blob).map_err(err)?.data.clone();
        let time = history
            .and_then(|h| h.last_modified(&path))
            .map(|r| r.time.saturating_mul(1000));
        match time {
            Some(t) => out.insert_modified(path, bytes, t),
            None => out.insert(path, bytes),
        };
    }
    Ok(out)
}
