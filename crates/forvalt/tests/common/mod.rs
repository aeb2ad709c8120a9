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

/// Pages that try every way forvalt knows to get a script into the site.
pub(crate) fn xss_pages(repo: &Path) {
    write(
        repo,
        "_config.yml",
        "title: Fjendtlig\nlang: da\nbaseurl: /fjendtlig\nfooter_content: 'Kontakt <script>alert(\"footer\")</script><img src=x onerror=alert(\"footer\")>'\naux_links:\n  \"Klik\": \"javascript:alert('aux')\"\ngh_edit_link: true\ngh_edit_repository: \"javascript:alert('edit')\"\nrepository: \"javascript:alert('repo')\"\n",
    );
    write(
        repo,
        "docs/permalink.md",
        "---\ntitle: Permalink\npermalink: \"javascript:alert('permalink')\"\n---\n# Permalink\n",
    );
    write(
        repo,
        "javascript:alert('fil').md",
        "---\ntitle: Filnavn\n---\n# Filnavn\n",
    );
    write(
        repo,
        "docs/raa-html.md",
        "---\ntitle: Rå HTML\n---\n# Rå HTML\n\n<script>alert('script')</script>\n\n<img src=x onerror=\"alert('onerror')\">\n\n<a href=\"jav&#x61;script:alert('entity')\">entity</a>\n\n<svg><script>alert('svg')</script></svg>\n\n<iframe src=\"javascript:alert('iframe')\"></iframe>\n\n<details open ontoggle=\"alert('toggle')\"><summary>Bilag</summary>Tekst</details>\n\n[link](javascript:alert('md')) ![billede](javascript:alert('img')) <javascript:alert('auto')>\n\n[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n",
    );
    write(
        repo,
        "beslutninger/2026-06-04-adr-1.md",
        "---\ntitle: \"<script>alert('titel')</script>\"\n---\n# ADR 1: <img src=x onerror=alert('h1')>\n\n**Status**: Godkendt\n",
    );
}

/// Copies the folder `from` to `to` (files and folders; symbolic links are left out).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for e in std::fs::read_dir(from).expect("readable folder").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let kind = e.file_type().expect("file type");
        if kind.is_dir() {
            copy_tree(&src, &dst);
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}
