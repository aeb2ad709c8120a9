//! Drawn chart exports kept between builds in a cache folder, by content: a chart that did
//! not change is not drawn again.

use forvalt_site::export::ExportStore;
use std::path::PathBuf;

/// A folder of exports named by their key (`$FORVALT_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/forvalt/exports`, else `~/.cache/forvalt/exports`).
pub(crate) struct DiskStore {
    dir: PathBuf,
}

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
        Some(DiskStore { dir })
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
        std::fs::read(self.path(key)?).ok()
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
    }
}
