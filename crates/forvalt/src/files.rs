//! The working tree as [`Files`]: every file below the repository root, except `.git` and
//! the output directory. Symbolic links are followed only when they stay inside the root.

use forvalt_model::{FileEntry, Files};
use std::path::{Path, PathBuf};

/// A repository on disk.
#[derive(Debug, Clone)]
pub(crate) struct DiskFiles {
    root: PathBuf,
    skip: Vec<PathBuf>,
}

impl DiskFiles {
    /// The files below `root`, leaving out the directories in `skip` (absolute paths).
    pub(crate) fn new(root: &Path, skip: Vec<PathBuf>) -> std::io::Result<DiskFiles> {
        Ok(DiskFiles {
            root: root.canonicalize()?,
            skip,
        })
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
            let meta = if meta.file_type().is_symlink() {
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
                if self
                    .skip
                    .iter()
                    .any(|s| s == &path || path.canonicalize().is_ok_and(|c| &c == s))
                {
                    continue;
                }
                // A directory symlink could loop; follow real directories only.
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    continue;
                }
                self.walk(&path, &child, out);
            } else if meta.is_file() {
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok())
                    .map(|t| t.as_millisecond());
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
        out
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        if path.split('/').any(|p| p == ".." || p.is_empty()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "path leaves the repository",
            ));
        }
        let full = self.root.join(path);
        let real = full.canonicalize()?;
        if !real.starts_with(&self.root) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "path leaves the repository",
            ));
        }
        std::fs::read(real)
    }
}
