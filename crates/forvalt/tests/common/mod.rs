//! Helpers shared by the command-line tests: the binary, the workspace, the shared
//! reference data, files and small git repositories.

#![allow(dead_code, clippy::print_stderr)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `forvalt` binary.
pub(crate) fn forvalt() -> Command {
    Command::cargo_bin("forvalt").expect("binary")
}

/// The workspace root.
pub(crate) fn workspace() -> PathBuf {
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string()),
    )
    .join("../..")
}

/// The shared reference data (`FORVALT_SHARED` or `../shared`); loud when missing, fatal in CI.
pub(crate) fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("FORVALT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"));
    if dir.join("seeds").is_dir() {
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

/// Writes a file, making its folders.
pub(crate) fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("a folder")).expect("folders");
    std::fs::write(p, text).expect("write");
}

/// Runs git in `root` as a fixed author, at `date` (author and committer) when given.
pub(crate) fn git(root: &Path, args: &[&str], date: Option<&str>) {
    let mut cmd = std::process::Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=Mette Kjærgaard Lund",
            "-c",
            "user.email=mkl@example.org",
        ])
        .args(args);
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let ok = cmd.status().map(|s| s.success()).unwrap_or(false);
    assert!(ok, "git {args:?}");
}
