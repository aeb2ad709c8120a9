//! `forvalt fix` as a careful editor: the dry run shows exactly what `--write` writes;
//! `--write` refuses when git cannot show a clean work tree, keeps each file's owner, mode
//! and hard links, never writes through a symbolic link, and fixes the files as they are
//! on disk.

#![allow(clippy::print_stderr)]

mod common;

use common::{forvalt, shared, workspace, write};
use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

/// A page with front matter.
fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n\n{body}")
}

/// `text` as UTF-16 with a byte order mark.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// UTF-16 bytes with a byte order mark as text.
fn from_utf16(bytes: &[u8]) -> String {
    let little = bytes.starts_with(&[0xFF, 0xFE]);
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16(&units).unwrap()
}

/// A small repository with one case of every safe fix.
fn every_fix(root: &Path) {
    write(root, "_config.yml", "title: Test\n");
    let dated = |t: &str, d: &str| page(t, &format!("status: \"Udkast\"\ndate: \"{d}\"\n"), "");
    write(root, "a.md", &dated("A", "01-10-2026"));
    write(root, "b.md", &dated("B", "02-10-2026"));
    // Status spelling, a space inside quotes, a date in the other style, mixed endings.
    write(
        root,
        "c.md",
        &page(
            "C",
            "status: \"daft \"\ndate: \"2026-10-03\"\n",
            "tekst\r\nmere\r\nslut\n",
        ),
    );
    // Mostly CRLF, no final line break.
    write(
        root,
        "crlf.md",
        "---\r\ntitle: Crlf\r\n---\r\n\r\n# Crlf\r\nlinje\nslut",
    );
    // A carriage return inside a line, and a space inside quotes.
    write(
        root,
        "cr.md",
        &page("\"Cr \"", "", "en linje\rmed CR\nslut\n"),
    );
    // Only a byte order mark: the text stays, the bytes change.
    write(
        root,
        "bom.md",
        &format!("\u{feff}{}", page("Bom", "", "# Bom\n")),
    );
    let sixteen = page("Seksten", "", "# Møde\n");
    std::fs::write(root.join("le.md"), utf16(&sixteen, true)).unwrap();
    let sixteen = page("\"Seksten \"", "", "# Møde\n");
    std::fs::write(root.join("be.md"), utf16(&sixteen, false)).unwrap();
    write(
        root,
        "dagsordner-og-referater/styregruppe/20261203_Styregruppe.md",
        "# Styregruppemøde 03.12.2026\n\n#### Deltagere:\n- [] Jonas Brix Holm\n",
    );
    // A carriage return inside a changed line.
    write(
        root,
        "dagsordner-og-referater/styregruppe/20261204_Styregruppe.md",
        "# Styregruppemøde 04.12.2026\n\n#### Deltagere:\n- [] Anna\rHansen\n",
    );
    write(
        root,
        "styring.md",
        &page("Styregruppen", "", "# Styregruppen\n"),
    );
    write(
        root,
        "under.md",
        &page("Under", "parent: Styregrupen\n", "# Under\n"),
    );
    if let Some(shared) = shared() {
        for e in std::fs::read_dir(shared.join("seeds")).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().replace(".txt", ".md");
            std::fs::copy(e.path(), root.join(format!("seed-{name}"))).unwrap();
        }
    }
}

/// Copies the folder `from` to `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file below `root` (outside `.git`) and its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if e.file_name() == ".git" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// The dry run's diff, applied with `git apply`, gives exactly the files `--write` writes,
/// and every file it names changes.
#[test]
fn the_dry_run_shows_exactly_what_write_writes() {
    let example = workspace().join("examples/os2skolekoersel");
    type Make<'a> = &'a dyn Fn(&Path);
    let fixtures: [(&str, Make); 2] = [
        ("every fix", &every_fix),
        ("the example", &|root: &Path| copy_tree(&example, root)),
    ];
    for (what, make) in fixtures {
        let dir = tempfile::tempdir().unwrap();
        let (shown, written) = (dir.path().join("shown"), dir.path().join("written"));
        make(&shown);
        make(&written);
        let before = tree(&shown);
        let out = forvalt().arg("fix").arg(&shown).assert().success();
        let diff = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(diff.contains("+++ b/"), "{what}: {diff}");
        assert!(!diff.contains("unchanged"), "{what}: {diff}");
        assert_eq!(tree(&shown), before, "{what}: a dry run writes nothing");
        // A file saved as UTF-16 is diffed as its text.
        for line in diff.lines() {
            if let Some((path, _)) = line
                .strip_prefix("# ")
                .and_then(|l| l.split_once(": saved as UTF-16"))
            {
                let p = shown.join(path);
                let text = from_utf16(&std::fs::read(&p).unwrap());
                std::fs::write(&p, text).unwrap();
            }
        }
        let mut apply = std::process::Command::new("git")
            .args(["apply", "--whitespace=nowarn", "-"])
            .current_dir(&shown)
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        apply
            .stdin
            .take()
            .unwrap()
            .write_all(diff.as_bytes())
            .unwrap();
        let applied = apply.wait_with_output().unwrap();
        assert!(
            applied.status.success(),
            "{what}: git apply: {}\n{diff}",
            String::from_utf8_lossy(&applied.stderr)
        );
        forvalt()
            .args(["fix", "--write", "--allow-dirty"])
            .arg(&written)
            .assert()
            .success();
        let (shown, written) = (tree(&shown), tree(&written));
        for (path, bytes) in &written {
            assert!(
                shown.get(path) == Some(bytes),
                "{what}: {} differs from the dry run:\n{:?}\n{:?}",
                path.display(),
                shown.get(path).map(|b| String::from_utf8_lossy(b)),
                String::from_utf8_lossy(bytes)
            );
        }
        assert_eq!(shown.len(), written.len(), "{what}");
        // Every file the diff names was written, with other bytes.
        let changed = written
            .iter()
            .filter(|(p, b)| before.get(*p) != Some(*b))
            .count();
        let named = diff.lines().filter(|l| l.starts_with("+++ b/")).count()
            + diff
                .lines()
                .filter(|l| l.contains("(the text stays the same)"))
                .count();
        assert_eq!(changed, named, "{what}: {diff}");
        if what == "every fix" {
            for p in [
                "bom.md", "le.md", "be.md", "cr.md", "crlf.md", "c.md", "under.md",
            ] {
                assert_ne!(before.get(Path::new(p)), written.get(Path::new(p)), "{p}");
            }
            assert_eq!(
                written[Path::new("crlf.md")],
                b"---\r\ntitle: Crlf\r\n---\r\n\r\n# Crlf\r\nlinje\r\nslut"
            );
        }
    }
}

/// A folder that is not a git repository, no git, or git refusing the repository: the
/// state of the work tree is unknown, so nothing is written without --allow-dirty.
#[test]
fn write_refuses_when_git_cannot_show_a_clean_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    write(&root, "_config.yml", "title: Test\n");
    let broken = page("B", "status: \"Udkast \"\n", "# B\n");
    write(&root, "b.md", &broken);
    let unchanged = || std::fs::read_to_string(root.join("b.md")).unwrap() == broken;
    let out = forvalt()
        .args(["fix", "--write"])
        .arg(&root)
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("is not in a git repository"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--allow-dirty"));
    assert!(unchanged());

    let git = |args: &[&str]| common::git(&root, args, None);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "start"]);
    // No git on PATH.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = forvalt()
        .args(["fix", "--write"])
        .arg(&root)
        .env("PATH", &empty)
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("git is not installed"),
        "{}",
        stderr(&out)
    );
    assert!(unchanged());
    // A git that refuses the repository, or fails otherwise.
    let fake = dir.path().join("fake");
    std::fs::create_dir(&fake).unwrap();
    let fake_git = |code: u8, message: &str| {
        let script = format!("#!/bin/sh\nprintf '%s\\n' '{message}' >&2\nexit {code}\n");
        let p = fake.join("git");
        std::fs::write(&p, script).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        forvalt()
            .args(["fix", "--write"])
            .arg(&root)
            .env("PATH", &fake)
            .assert()
            .code(2)
    };
    let out = fake_git(
        128,
        "fatal: detected dubious ownership in repository at /x/repo",
    );
    assert!(stderr(&out).contains("safe.directory"), "{}", stderr(&out));
    assert!(unchanged());
    let out = fake_git(1, "error: index file corrupt");
    assert!(
        stderr(&out).contains("index file corrupt"),
        "{}",
        stderr(&out)
    );
    assert!(unchanged());
    // The real refusal: a repository that belongs to another user.
    if std::fs::metadata(&root).unwrap().uid() == 0 {
        let home = dir.path().join("home");
        std::fs::create_dir(&home).unwrap();
        let chown = std::process::Command::new("chown")
            .args(["-R", "12345:12345"])
            .arg(&root)
            .status()
            .unwrap();
        assert!(chown.success());
        let out = forvalt()
            .args(["fix", "--write"])
            .arg(&root)
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("SUDO_UID")
            .env_remove("GIT_CONFIG_GLOBAL")
            .assert()
            .code(2);
        let canonical = root.canonicalize().unwrap();
        assert!(
            stderr(&out).contains(&format!(
                "git config --global --add safe.directory {}",
                canonical.display()
            )),
            "{}",
            stderr(&out)
        );
        assert!(unchanged());
    }
    // --allow-dirty writes without git.
    forvalt()
        .args(["fix", "--write", "--allow-dirty"])
        .arg(&root)
        .env("PATH", &empty)
        .assert()
        .success();
    assert!(!unchanged());
}

/// Fixed files keep their owner, group and mode; a file with hard links is written in
/// place, so every link shows the fix.
#[test]
fn owner_mode_and_hard_links_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    write(&root, "_config.yml", "title: Test\n");
    let broken = |t: &str| page(t, "status: \"Udkast \"\n", "# Side\n");
    write(&root, "owned.md", &broken("Owned"));
    write(&root, "private.md", &broken("Private"));
    write(&root, "linked.md", &broken("Linked"));
    write(&root, "twin-a.md", &broken("Twin"));
    let git = |args: &[&str]| common::git(&root, args, None);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "start"]);
    // After the commit: git tracks neither owners nor these modes, so the tree is clean.
    std::fs::hard_link(root.join("linked.md"), dir.path().join("outside.md")).unwrap();
    std::fs::hard_link(root.join("twin-a.md"), root.join("twin-b.md")).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "twin"]);
    let mode = |p: &str, m: u32| {
        std::fs::set_permissions(root.join(p), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode("private.md", 0o600);
    mode("owned.md", 0o640);
    let as_root = std::fs::metadata(&root).unwrap().uid() == 0;
    if as_root {
        std::os::unix::fs::chown(root.join("owned.md"), Some(12345), Some(12346)).unwrap();
    } else {
        eprintln!("not root: the owner is not tested");
    }
    let out = forvalt()
        .args(["fix", "--write"])
        .arg(&root)
        .assert()
        .success();
    let meta = |p: &Path| std::fs::metadata(p).unwrap();
    let text = |p: &Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(meta(&root.join("private.md")).mode() & 0o7777, 0o600);
    let owned = meta(&root.join("owned.md"));
    assert_eq!(owned.mode() & 0o7777, 0o640);
    if as_root {
        assert_eq!((owned.uid(), owned.gid()), (12345, 12346));
    }
    assert!(text(&root.join("owned.md")).contains("status: \"Udkast\""));
    // Both names of a hard-linked file show the fix, and stay one file.
    assert!(text(&dir.path().join("outside.md")).contains("status: \"Udkast\""));
    assert_eq!(meta(&root.join("linked.md")).nlink(), 2);
    assert_eq!(
        meta(&root.join("twin-a.md")).ino(),
        meta(&root.join("twin-b.md")).ino()
    );
    assert!(text(&root.join("twin-b.md")).contains("status: \"Udkast\""));
    // The second name of the twins already shows the fix when its turn comes.
    assert!(
        stderr(&out).contains("Fixed 4 problems in 4 files."),
        "{}",
        stderr(&out)
    );
}

/// A tracked file that is a symbolic link is not written through: it is skipped with a
/// note, in the dry run and when writing.
#[test]
fn symbolic_links_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "_config.yml", "title: Test\n");
    let broken = page("Real", "status: \"Udkast \"\n", "# Real\n");
    write(root, "real.md", &broken);
    std::os::unix::fs::symlink("real.md", root.join("link.md")).unwrap();
    let git = |args: &[&str]| common::git(root, args, None);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "start"]);
    let out = forvalt().arg("fix").arg(root).assert().success();
    let diff = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        diff.contains("+++ b/real.md") && !diff.contains("link.md"),
        "{diff}"
    );
    assert!(stderr(&out).contains("note: link.md is not fixed: it is a symbolic link"));
    let out = forvalt()
        .args(["fix", "--write"])
        .arg(root)
        .assert()
        .success();
    assert!(
        stderr(&out).contains("note: link.md is not fixed: it is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::symlink_metadata(root.join("link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(root.join("real.md"))
            .unwrap()
            .contains("status: \"Udkast\"")
    );
}

/// Under `publish: approved` a build reads a draft as its last approved version in git;
/// fix reads and writes the file as it is.
#[test]
fn drafts_are_fixed_as_they_are_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "_config.yml",
        "title: Test\nlang: da\nforvalt:\n  publish: approved\n",
    );
    write(
        root,
        "plan.md",
        &page("\"Plan \"", "status: Final\n", "Version 1\n"),
    );
    let git = |args: &[&str]| common::git(root, args, None);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "approved"]);
    write(
        root,
        "plan.md",
        &page(
            "\"Plan \"",
            "status: Udkast\n",
            "Version 2, still a draft\n",
        ),
    );
    forvalt()
        .args(["fix", "--write", "--allow-dirty"])
        .arg(root)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(root.join("plan.md")).unwrap(),
        page("\"Plan\"", "status: Udkast\n", "Version 2, still a draft\n")
    );
}
