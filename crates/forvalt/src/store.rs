//! Drawn chart exports kept between builds in a cache folder, by content: a chart that did
//! not change is not drawn again. The folder is bounded: when it grows past its limit
//! (`$FORVALT_CACHE_MAX_MB`, 256 MB unless set), the exports used least recently are deleted
//! until it is at three quarters of the limit. A hit marks an export as used.

use forvalt_site::export::ExportStore;
use std::path::PathBuf;

/// A folder of exports named by their key (`$FORVALT_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/forvalt/exports`, else `~/.cache/forvalt/exports`).
pub(crate) struct DiskStore {
    dir: PathBuf,
    limit: u64,
    puts: std::sync::atomic::AtomicU64,
}

/// The cache's size limit unless `$FORVALT_CACHE_MAX_MB` says otherwise.
const DEFAULT_LIMIT: u64 = 256 << 20;
/// Pruning looks at the folder on the first write and every this many writes after.
const PRUNE_EVERY: u64 = 32;

impl DiskStore {
    /// The user's store, when there is a place for it.
    pub(crate) fn user() -> Option<DiskStore> {
        let dir = if let Some(d) = std::env::var_os("FORVALT_CACHE_DIR") {
            PathBuf::from(d)
        } else if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
            PathBuf::from(d).join("forvalt/exports")
        } else {
            PathBuf::from(std::env::var_os("HOME")?).join(".cache/forvalt/exports")
        };
        let limit = std::env::var("FORVALT_CACHE_MAX_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_LIMIT, |mb| mb.saturating_mul(1 << 20));
        Some(DiskStore {
            dir,
            limit,
            puts: Default::default(),
        })
    }

    /// As the shared store of the build options.
    pub(crate) fn shared() -> Option<forvalt_site::export::SharedStore> {
        Self::user().map(|s| forvalt_site::export::SharedStore(std::sync::Arc::new(s)))
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        // Keys are hex and an extension; anything else is not ours to touch.
        let ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == '.' || c.is_ascii_lowercase());
        ok.then(|| self.dir.join(key))
    }
}

impl ExportStore for DiskStore {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        let path = self.path(key)?;
        let bytes = std::fs::read(&path).ok()?;
        // Used now: the last to be pruned.
        if let Ok(f) = std::fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(std::time::SystemTime::from(crate::cmd::now()));
        }
        Some(bytes)
    }

    fn put(&self, key: &str, bytes: &[u8]) {
        let Some(path) = self.path(key) else { return };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        // A temporary file, then a rename: a reader never sees half a file.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!(".{key}.{}-{n}.tmp", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        let n = self.puts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n.is_multiple_of(PRUNE_EVERY) {
            prune(&self.dir, self.limit);
        }
    }
}

/// Deletes the least recently used exports in `dir` until they take at most three quarters
/// of `limit` bytes, when they take more than `limit`. Only files named like keys are
/// touched. Returns how many were deleted.
pub(crate) fn prune(dir: &std::path::Path, limit: u64) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
        .flatten()
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                !n.starts_with('.')
                    && n.chars()
                        .all(|c| c.is_ascii_hexdigit() || c == '.' || c.is_ascii_lowercase())
            })
        })
        .filter_map(|e| {
            let m = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
            Some((m.modified().ok()?, m.len(), e.path()))
        })
        .collect();
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    if total <= limit {
        return 0;
    }
    files.sort();
    let target = limit / 4 * 3;
    let mut deleted = 0;
    for (_, len, path) in files {
        if total <= target {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
            deleted += 1;
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn the_least_recently_used_exports_go_first_and_only_ours() {
        let dir = std::env::temp_dir().join(format!("forvalt-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_000_000);
        for i in 0..10u64 {
            let p = dir.join(format!("{i:016x}.png"));
            std::fs::write(&p, vec![0u8; 100]).unwrap();
            let f = std::fs::File::options().append(true).open(&p).unwrap();
            f.set_modified(t0 + Duration::from_secs(i * 10)).unwrap();
        }
        std::fs::write(dir.join("README"), vec![0u8; 5000]).unwrap();
        // Within the limit: nothing goes.
        assert_eq!(prune(&dir, 1000), 0);
        // Over it: down to three quarters (675 bytes: 6 files left), the oldest first.
        assert_eq!(prune(&dir, 900), 4);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), 7, "{left:?}");
        assert!(left.contains(&"README".to_string()));
        assert!(!left.contains(&format!("{:016x}.png", 0)));
        assert!(left.contains(&format!("{:016x}.png", 9)));
        // A hit keeps an old export.
        let store = DiskStore {
            dir: dir.clone(),
            limit: 450,
            puts: Default::default(),
        };
        assert!(store.get(&format!("{:016x}.png", 5)).is_some());
        assert_eq!(prune(&dir, 450), 3);
        assert!(dir.join(format!("{:016x}.png", 5)).exists());
        assert!(!dir.join(format!("{:016x}.png", 7)).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
