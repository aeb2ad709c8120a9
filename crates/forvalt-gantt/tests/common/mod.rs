//! Shared helpers for tests that read the reference data in `../shared`.

#![allow(dead_code, clippy::print_stderr)]

use std::path::PathBuf;

/// 2025-06-15T10:30:00Z, the "now" of the reference corpus.
pub(crate) const CORPUS_NOW: i64 = 1_749_983_400_000;

/// The shared reference folder (`FORVALT_SHARED`, or `../shared` beside the repository).
///
/// When it is missing the test says so loudly; under CI (`CI` set) that is a failure.
pub(crate) fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("FORVALT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(
                std::env::var("CARGO_MANIFEST_DIR")
                    .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string()),
            )
            .join("../../../shared")
        });
    if dir.join("gantt-corpus").is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "\n*** the shared reference data is missing: looked for {} (set FORVALT_SHARED) ***\n",
        dir.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("{msg}*** this test is SKIPPED ***\n");
    None
}

/// Every `.mmd` file of the gantt corpus, sorted, with its stem.
pub(crate) fn corpus() -> Vec<(String, PathBuf)> {
    let Some(dir) = shared() else {
        return Vec::new();
    };
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir.join("gantt-corpus"))
        .expect("read corpus")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}
