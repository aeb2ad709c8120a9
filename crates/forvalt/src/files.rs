//! The working tree as [`Files`]: every file below the repository root, except `.git` and
//! the output directory. Symbolic links are followed only when they stay inside the root.

use forvalt_model::{FileEntry, Files};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// A repository on disk. Only files that [`Files::list`] returned can be read, so no path can
/// lead outside the repository (the listing never follows links out of it).
#[derive(Debug)]
pub(crate) struct DiskFiles {
    root: PathBuf,
    skip: Vec<PathBuf>,
    listed: RwLock<HashSet<String>>,
    /// Modification times to use instead of the file system's (from git), ms.
    times: std::collections::HashMap<String, i64>,
}

impl DiskFiles {
    /// The files below `root`, leaving out the directories in `skip` (absolute paths).
    pub(crate) fn new(root: &Path, skip: Vec<PathBuf>) -> std::io::Result<DiskFiles> {
        Ok(DiskFiles {
            root: root.canonicalize()?,
            skip,
            listed: RwLock::new(HashSet::new()),
            times: std::collections::HashMap::new(),
        })
    }

    /// Uses these modification times (ms since the epoch; from git's last commit of each
    /// file) instead of the file system's, which a checkout sets to the checkout's time.
    pub(crate) fn with_times(mut self, times: std::collections::HashMap<String, i64>) -> DiskFiles {
        self.times = times;
        self
    }

    fn walk(&self, dir: &Path, rel: &str, out: &mut Vec<FileEntry>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let Some(name) = e.file_name().to_str().map(str::to_string) else {
                continue; // not UTF-8: cannot be a Jekyll page or link target
            };
            if name == ".git" {
                continue;
            }
            let path = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let is_link = meta.file_type().is_symlink();
            let meta = if is_link {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&self.root) => {
                        match std::fs::metadata(&target) {
                            Ok(m) => m,
                            Err(_) => continue,
                        }
                    }
                    _ => continue,
                }
            } else {
                meta
            };
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if meta.is_dir() {
                // A directory symlink could loop; follow real directories only.
                if is_link || self.skip.iter().any(|s| s == &path) {
                    continue;
                }
                self.walk(&path, &child, out);
            } else if meta.is_file() {
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok())
                    .map(|t| t.as_millisecond());
                let modified = self.times.get(&child).copied().or(modified);
                out.push(FileEntry {
                    path: child,
                    modified,
                });
            }
        }
    }
}

impl Files for DiskFiles {
    fn list(&self) -> Vec<FileEntry> {
        let mut out = Vec::new();
        self.walk(&self.root, "", &mut out);
        out.sort_by(|a, b| a.path.cmp(&b.path));
        if let Ok(mut listed) = self.listed.write() {
            *listed = out.iter().map(|f| f.path.clone()).collect();
        }
        out
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let listed = self
            .listed
            .read()
            .map(|l| l.contains(path))
            .unwrap_or(false);
        if !listed
            || path
                .split('/')
                .any(|p| p == ".." || p == "." || p.is_empty())
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{path} is not a file of the repository"),
            ));
        }
        std::fs::read(self.root.join(path))
    }
}

/// Files with some replaced (the last approved version of drafts).
pub(crate) struct Overlay<'a> {
    pub(crate) base: &'a dyn Files,
    pub(crate) replaced: std::collections::HashMap<String, Vec<u8>>,
}

impl Files for Overlay<'_> {
    fn list(&self) -> Vec<FileEntry> {
        self.base.list()
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        match self.replaced.get(path) {
            Some(b) => Ok(b.clone()),
            None => self.base.read(path),
        }
    }
}
