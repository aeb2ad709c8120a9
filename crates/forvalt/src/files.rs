//! The working tree as [`Files`]: every file below the repository root, except `.git` and
//! the output directory. A symbolic link is followed only when its target is a file inside
//! the repository and not inside `.git`; every other link is left out and reported. Reading
//! resolves the path again and opens it without following links, so a file swapped for a
//! link after the listing cannot lead out of the repository.

use forvalt_model::{FileEntry, Files, Refused, RefusedReason};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::RwLock;

/// A repository on disk. Only files that [`Files::list`] returned can be read, so no path can
/// lead outside the repository (the listing never follows links out of it).
#[derive(Debug)]
pub(crate) struct DiskFiles {
    root: PathBuf,
    skip: Vec<PathBuf>,
    listed: RwLock<HashSet<String>>,
    refused: RwLock<Vec<Refused>>,
    /// Modification times to use instead of the file system's (from git), ms.
    times: std::collections::HashMap<String, i64>,
}

/// Why a path of the repository may not be opened.
fn refusal(root: &Path, real: &Path) -> Option<&'static str> {
    let Ok(rel) = real.strip_prefix(root) else {
        return Some("it points outside the repository");
    };
    rel.components()
        .any(|c| c == Component::Normal(".git".as_ref()))
        .then_some("it points into .git")
}

/// Opens `rel` below the (canonical) `root` for reading: the path resolved, checked to lie
/// inside the root and outside `.git`, and opened without following a link, as a regular file.
pub(crate) fn open_inside(root: &Path, rel: &str) -> std::io::Result<std::fs::File> {
    let denied = |why: &str| {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{rel} is not read: {why}"),
        )
    };
    if rel.is_empty()
        || rel.starts_with('/')
        || rel
            .split('/')
            .any(|p| p == ".." || p == "." || p.is_empty() || p == ".git")
    {
        return Err(denied("it is not a path inside the repository"));
    }
    let real = root.join(rel).canonicalize()?;
    if let Some(why) = refusal(root, &real) {
        return Err(denied(why));
    }
    let file = open_no_follow(&real)?;
    if !file.metadata()?.is_file() {
        return Err(denied("it is not a file"));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

/// The bytes of `rel` below the (canonical) `root`, read as [`open_inside`] opens it.
pub(crate) fn read_inside(root: &Path, rel: &str) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_inside(root, rel)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

impl DiskFiles {
    /// The files below `root`, leaving out the directories in `skip` (absolute paths).
    pub(crate) fn new(root: &Path, skip: Vec<PathBuf>) -> std::io::Result<DiskFiles> {
        Ok(DiskFiles {
            root: root.canonicalize()?,
            skip,
            listed: RwLock::new(HashSet::new()),
            refused: RwLock::new(Vec::new()),
            times: std::collections::HashMap::new(),
        })
    }

    /// Uses these modification times (ms since the epoch; from git's last commit of each
    /// file) instead of the file system's, which a checkout sets to the checkout's time.
    pub(crate) fn with_times(mut self, times: std::collections::HashMap<String, i64>) -> DiskFiles {
        self.times = times;
        self
    }

    fn walk(&self, dir: &Path, rel: &str, out: &mut Vec<FileEntry>, refused: &mut Vec<Refused>) {
        let join = |name: &str| {
            if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            }
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                refused.push(Refused {
                    path: if rel.is_empty() {
                        ".".into()
                    } else {
                        rel.into()
                    },
                    reason: RefusedReason::Unreadable(e.to_string()),
                });
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let Some(name) = e.file_name().to_str().map(str::to_string) else {
                refused.push(Refused {
                    path: join(&e.file_name().to_string_lossy()),
                    reason: RefusedReason::NotUtf8,
                });
                continue;
            };
            if name == ".git" {
                continue;
            }
            let path = e.path();
            let child = join(&name);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let is_link = meta.file_type().is_symlink();
            let meta = if is_link {
                match self.link_target(&path, &child, refused) {
                    Some(m) => m,
                    None => continue,
                }
            } else {
                meta
            };
            if meta.is_dir() {
                // A directory symlink could loop; follow real directories only.
                if is_link || self.skip.iter().any(|s| s == &path) {
                    continue;
                }
                self.walk(&path, &child, out, refused);
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
                    size: Some(meta.len()),
                });
            }
        }
    }

    /// The metadata of a link's target when it may be followed; else the link is refused.
    fn link_target(
        &self,
        path: &Path,
        child: &str,
        refused: &mut Vec<Refused>,
    ) -> Option<std::fs::Metadata> {
        let written = std::fs::read_link(path)
            .map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reason = match path.canonicalize() {
            Err(_) => RefusedReason::LinkBroken(written),
            Ok(target) => match refusal(&self.root, &target) {
                None => return std::fs::metadata(&target).ok(),
                Some(_) if target.starts_with(&self.root) => RefusedReason::LinkIntoGit(written),
                Some(_) => RefusedReason::LinkOutside(written),
            },
        };
        refused.push(Refused {
            path: child.to_string(),
            reason,
        });
        None
    }
}

impl Files for DiskFiles {
    fn list(&self) -> Vec<FileEntry> {
        let mut out = Vec::new();
        let mut refused = Vec::new();
        self.walk(&self.root, "", &mut out, &mut refused);
        out.sort_by(|a, b| a.path.cmp(&b.path));
        if let Ok(mut listed) = self.listed.write() {
            *listed = out.iter().map(|f| f.path.clone()).collect();
        }
        if let Ok(mut r) = self.refused.write() {
            *r = refused;
        }
        out
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let listed = self
            .listed
            .read()
            .map(|l| l.contains(path))
            .unwrap_or(false);
        if !listed {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{path} is not a file of the repository"),
            ));
        }
        read_inside(&self.root, path)
    }

    fn refused(&self) -> Vec<Refused> {
        self.refused.read().map(|r| r.clone()).unwrap_or_default()
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

    fn refused(&self) -> Vec<Refused> {
        self.base.refused()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_repository_or_into_git_are_neither_listed_nor_read() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "token = hemmeligt").unwrap();
        std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/side.md"), "# Side").unwrap();
        let link = |target: &Path, at: &str| std::os::unix::fs::symlink(target, root.join(at));
        link(Path::new("../.git/config"), "docs/x.txt").unwrap();
        link(&outside.path().join("passwd"), "docs/y.txt").unwrap();
        link(Path::new("side.md"), "docs/z.md").unwrap();
        link(Path::new("findes-ikke.md"), "docs/broken.md").unwrap();
        let files = DiskFiles::new(root, Vec::new()).unwrap();
        let listed: Vec<String> = files.list().into_iter().map(|f| f.path).collect();
        assert_eq!(listed, ["docs/side.md", "docs/z.md"]);
        let reasons: Vec<(String, RefusedReason)> = files
            .refused()
            .into_iter()
            .map(|r| (r.path, r.reason))
            .collect();
        assert!(reasons.contains(&(
            "docs/x.txt".into(),
            RefusedReason::LinkIntoGit("../.git/config".into())
        )));
        assert!(
            reasons
                .iter()
                .any(|(p, r)| p == "docs/y.txt" && matches!(r, RefusedReason::LinkOutside(_)))
        );
        assert!(
            reasons
                .iter()
                .any(|(p, r)| p == "docs/broken.md" && matches!(r, RefusedReason::LinkBroken(_)))
        );
        assert_eq!(files.read("docs/z.md").unwrap(), b"# Side");
        assert!(files.read("docs/x.txt").is_err());
        assert!(files.read(".git/config").is_err());
        // A listed file swapped for a link afterwards is not followed.
        std::fs::remove_file(root.join("docs/side.md")).unwrap();
        link(&outside.path().join("passwd"), "docs/side.md").unwrap();
        let e = files.read("docs/side.md").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
    }
}
