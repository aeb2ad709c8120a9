//! What the site's integration tests share: the example repository in memory, a fixed clock,
//! and a store that keeps chart exports between builds.

#![allow(dead_code, reason = "each test uses some of these")]

use forvalt_model::MemoryFiles;
use forvalt_site::export::ExportStore;
use forvalt_site::{Content, Site};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// 2026-06-15T10:30:00Z.
pub(crate) const NOW: i64 = 1_781_519_400_000;

/// This crate's folder.
pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
}

fn add_dir(files: &mut MemoryFiles, root: &Path, dir: &Path, modified: i64) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            add_dir(files, root, &p, modified);
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert_modified(rel, std::fs::read(&p).unwrap(), modified);
        }
    }
}

/// The example repository, every file dated ten days before [`NOW`].
pub(crate) fn example_files() -> MemoryFiles {
    example_files_at(NOW - 86_400_000 * 10)
}

/// The example repository, every file dated `modified` (ms).
pub(crate) fn example_files_at(modified: i64) -> MemoryFiles {
    let root = manifest_dir().join("../../examples/os2skolekoersel");
    let mut files = MemoryFiles::new();
    add_dir(&mut files, &root, &root, modified);
    files
}

/// Chart exports drawn once for all the builds of a test.
#[derive(Default)]
pub(crate) struct Store(pub(crate) Mutex<HashMap<String, Vec<u8>>>);

impl ExportStore for Store {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.0.lock().unwrap().get(key).cloned()
    }
    fn put(&self, key: &str, bytes: &[u8]) {
        self.0.lock().unwrap().insert(key.into(), bytes.to_vec());
    }
}

/// The site's generated files as text (copies and binary files left out).
pub(crate) fn text_files(site: &Site) -> BTreeMap<String, String> {
    site.files
        .iter()
        .filter_map(|f| match &f.content {
            Content::Bytes(b) => Some((f.path.clone(), String::from_utf8(b.to_vec()).ok()?)),
            Content::Copy(_) => None,
            Content::Written { .. } => None,
        })
        .collect()
}
