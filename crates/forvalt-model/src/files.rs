//! Access to a repository's files, behind a trait: the working tree (the CLI), a git revision
//! (history) or memory (tests). The model never touches the file system itself.

use std::collections::BTreeMap;

/// A file of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// Last modification (ms since the Unix epoch), if known.
    pub modified: Option<i64>,
    /// Size in bytes, if known (lets a reader skip a file too large for it unread).
    pub size: Option<u64>,
}

/// A file of the working tree that is left out, and why (reported by `load`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Path relative to the repository root (not UTF-8: shown with replacement characters).
    pub path: String,
    /// Why.
    pub reason: RefusedReason,
}

/// Why a file is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusedReason {
    /// A symbolic link to a place outside the repository (its target as written).
    LinkOutside(String),
    /// A symbolic link into `.git`, where git keeps its settings (and CI its token).
    LinkIntoGit(String),
    /// A symbolic link that leads nowhere, or in a circle.
    LinkBroken(String),
    /// A name that is not UTF-8: it cannot be a page or a link target.
    NotUtf8,
    /// A folder or file that cannot be read (the error).
    Unreadable(String),
}

/// Reads a repository's files.
pub trait Files: Sync {
    /// Every file, sorted by path.
    fn list(&self) -> Vec<FileEntry>;
    /// The bytes of one file.
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>>;
    /// Files the last [`Files::list`] left out, and why.
    fn refused(&self) -> Vec<Refused> {
        Vec::new()
    }
}

/// Files held in memory (tests, benchmarks, git revisions).
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    files: BTreeMap<String, (Vec<u8>, Option<i64>)>,
}

impl MemoryFiles {
    /// An empty set.
    pub fn new() -> MemoryFiles {
        MemoryFiles::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.files.insert(path.into(), (bytes.into(), None));
        self
    }

    /// Adds a file with a modification time.
    pub fn insert_modified(
        &mut self,
        path: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
        modified: i64,
    ) -> &mut Self {
        self.files
            .insert(path.into(), (bytes.into(), Some(modified)));
        self
    }

    /// Removes a file.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }
}

impl Files for MemoryFiles {
    fn list(&self) -> Vec<FileEntry> {
        self.files
            .iter()
            .map(|(path, (bytes, modified))| FileEntry {
                path: path.clone(),
                modified: *modified,
                size: Some(bytes.len() as u64),
            })
            .collect()
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        self.files
            .get(path)
            .map(|(b, _)| b.clone())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, path.to_string()))
    }
}
