//! Stage 5, write: the site into its output directory. Only changed files are written (each
//! atomically), files of an earlier build that are gone are removed, and a directory that
//! forvalt did not make is never written into or cleaned.

use crate::site::{Content, Site};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The file that marks a directory as forvalt's output.
pub const MARKER: &str = ".forvalt-site";

/// What writing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of an earlier build removed.
    pub removed: usize,
}

/// Why the site could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

type Result<T> = std::result::Result<T, WriteError>;

fn io(what: &str, path: &Path, e: std::io::Error) -> WriteError {
    WriteError(format!("cannot {what} {}: {e}", path.display()))
}

/// Checks that `out` may be used as the output directory of the repository at `root`.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = root.canonicalize().map_err(|e| io("read", root, e))?;
    let out_abs = absolute(out)?;
    if root.starts_with(&out_abs) {
        return Err(WriteError(format!(
            "refusing to write the site into {}: it contains the repository itself; choose another --out",
            out.display()
        )));
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).exists() {
        let mut entries = std::fs::read_dir(&out_abs).map_err(|e| io("read", out, e))?;
        if entries.next().is_some() {
            return Err(WriteError(format!(
                "refusing to write the site into {}: the directory is not empty and was not made by forvalt; choose another --out or empty it",
                out.display()
            )));
        }
    }
    Ok(())
}

/// An absolute path without resolving symbolic links of a path that may not exist yet.
pub fn absolute(p: &Path) -> Result<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Ok(c);
    }
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().map_err(|e| io("read", Path::new("."), e))?
    };
    let mut out = base.canonicalize().unwrap_or(base);
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Whether a site path is safe to write below the output directory.
pub fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != "." && !p.contains(':'))
}

/// Writes `site` into `out`, copying static files from the repository at `root`.
pub fn write(site: &Site, root: &Path, out: &Path) -> Result<Written> {
    check_output_dir(root, out)?;
    std::fs::create_dir_all(out).map_err(|e| io("create", out, e))?;
    std::fs::write(
        out.join(MARKER),
        "This directory is written by `forvalt build`; its content is replaced on every build.\n",
    )
    .map_err(|e| io("write in", out, e))?;

    let files: Vec<_> = site.files.iter().filter(|f| safe_path(&f.path)).collect();
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| out.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| io("create", d, e))?;
    }
    let results: Vec<Result<bool>> = files
        .par_iter()
        .map(|f| {
            let target = out.join(&f.path);
            match &f.content {
                Content::Bytes(b) => write_if_changed(&target, b),
                Content::Copy(from) => {
                    let src = root.join(from);
                    let bytes = std::fs::read(&src).map_err(|e| io("read", &src, e))?;
                    write_if_changed(&target, &bytes)
                }
            }
        })
        .collect();
    let mut w = Written::default();
    for r in results {
        if r? {
            w.written += 1;
        } else {
            w.unchanged += 1;
        }
    }
    let keep: HashSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    w.removed = remove_stale(out, out, &keep)?;
    Ok(w)
}

/// Writes a file unless it already has these bytes. A file that exists is replaced through a
/// temporary file and a rename, so it is never seen half written; a new file is written
/// directly (a rename costs a journal commit on ext4: 2.9 s instead of 0.5 s for 10,000
/// files on the benchmark machine).
pub fn write_if_changed(target: &Path, bytes: &[u8]) -> Result<bool> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(target)
                .map_err(|e| io("write", target, e))?;
            std::io::Write::write_all(&mut f, bytes).map_err(|e| io("write", target, e))?;
            return Ok(true);
        }
        Ok(meta)
            if meta.is_file()
                && meta.len() == bytes.len() as u64
                && std::fs::read(target).is_ok_and(|old| old == bytes) =>
        {
            return Ok(false);
        }
        _ => {}
    }
    write_atomic(target, bytes)?;
    Ok(true)
}

/// Writes `bytes` to `target` atomically: a temporary file beside it, then a rename, so a
/// reader sees the old file or the new one, never half of one.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("fil");
    let tmp = target.with_file_name(format!(".{name}.forvalt-tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| io("write", &tmp, e))?;
    std::fs::rename(&tmp, target).map_err(|e| io("write", target, e))?;
    Ok(())
}

fn remove_stale(out: &Path, dir: &Path, keep: &HashSet<PathBuf>) -> Result<usize> {
    let mut removed = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for e in entries.filter_map(std::result::Result::ok) {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            removed += remove_stale(out, &path, keep)?;
            if std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                let _ = std::fs::remove_dir(&path);
            }
        } else {
            let marker = dir == out && e.file_name() == MARKER;
            if keep.contains(&path) || marker {
                continue;
            }
            std::fs::remove_file(&path).map_err(|e| io("remove", &path, e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(safe_path("docs/a b/c.html"));
        assert!(!safe_path("../etc/passwd"));
        assert!(!safe_path("docs/../../x"));
        assert!(!safe_path("/abs"));
        assert!(!safe_path("C:/x"));
        assert!(!safe_path(""));
    }
}
