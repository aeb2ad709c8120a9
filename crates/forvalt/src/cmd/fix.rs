//! `forvalt fix`: the safe automatic fixes, shown as a diff or written.
//!
//! Each file's new bytes are computed once, from the bytes read from disk: the dry run
//! shows exactly those bytes as a diff, and `--write` writes exactly them, only while the
//! file still holds the bytes they were made from ([`replace`]). `--write` also needs git
//! to show a clean work tree, so that every fix can be reviewed and undone.

mod replace;

use crate::cli::FixArgs;
use crate::report;
use anyhow::{Context, Result, bail};
use forvalt_check::fix::FileFix;
use replace::{Error, Replaced, Root, Skip};
use std::borrow::Cow;
use std::io::{self, IsTerminal as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

pub(crate) fn run(args: FixArgs) -> Result<ExitCode> {
    let now = super::now_or(None)?;
    // The work tree as it is: fixes are made from, and written to, these files (never from
    // an approved version in git, as a `publish: approved` build reads drafts).
    let files = crate::files::DiskFiles::new(&args.dir, Vec::new())
        .with_context(|| format!("cannot read the repository {}", args.dir.display()))?;
    let options = forvalt_model::LoadOptions { now, publish: None };
    let (repo, loaded) = forvalt_model::load(&files, &options).into_parts();
    let outcome = forvalt_check::check(&repo, loaded, &forvalt_check::Options::default());
    let fixes = forvalt_check::fix::fixes(&repo, &outcome);
    if fixes.is_empty() {
        report::eprint("Nothing to fix.\n");
        return Ok(ExitCode::SUCCESS);
    }
    if args.write && !args.allow_dirty {
        match git_status(&args.dir) {
            Ok(0) => {}
            Ok(n) => bail!(
                "the git work tree has uncommitted changes ({n} changed file{}); commit or stash them first, or use --allow-dirty",
                if n == 1 { "" } else { "s" }
            ),
            Err(why) => bail!("{why}"),
        }
    }
    let root = Root::open(&args.dir)
        .with_context(|| format!("cannot open the repository {}", args.dir.display()))?;
    let prepared = prepare(&root, fixes)?;
    let mut notes = String::new();
    for (path, skip) in &prepared.skipped {
        notes.push_str(&format!("note: {path} is not fixed: {}\n", skip.reason()));
    }
    let mut changed = prepared.changed;
    if !args.write {
        let mut out = String::new();
        for p in &prepared.plans {
            out.push_str(&diff(p));
        }
        print_diff(&out);
        let count: usize = prepared.plans.iter().map(|p| p.fixed.len()).sum();
        notes.push_str(&changed_notes(&changed));
        notes.push_str(&format!(
            "{count} fixes in {} files (dry run: nothing was written; run `forvalt fix --write` to apply them)\n",
            prepared.plans.len()
        ));
        report::eprint(&notes);
        return Ok(exit(&changed));
    }
    let wrote = write(&root, &prepared.plans, &mut |_| Ok(()))?;
    for (path, skip) in &wrote.skipped {
        notes.push_str(&format!("note: {path} is not fixed: {}\n", skip.reason()));
    }
    changed.extend(wrote.changed);
    notes.push_str(&changed_notes(&changed));
    notes.push_str(&format!(
        "Fixed {} problems in {} files.\n",
        wrote.problems, wrote.files
    ));
    report::eprint(&notes);
    Ok(exit(&changed))
}

/// Exit status 1 when a file changed while fixing (it was left unfixed).
fn exit(changed: &[String]) -> ExitCode {
    if changed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn changed_notes(changed: &[String]) -> String {
    changed
        .iter()
        .map(|p| {
            format!(
                "error: {p} changed while fixing and was left as it is; run `forvalt fix` again\n"
            )
        })
        .collect()
}

/// One file's fix as bytes.
#[derive(Debug)]
struct Plan {
    path: String,
    /// The bytes on disk the fix was made from.
    old: Vec<u8>,
    /// The text to write (as UTF-8).
    new: String,
    /// What was fixed: (rule code, message).
    fixed: Vec<(String, String)>,
}

/// The fixes as plans, and the files left alone.
#[derive(Debug, Default)]
struct Prepared {
    plans: Vec<Plan>,
    skipped: Vec<(String, Skip)>,
    /// Files whose bytes no longer give the text the fix was made from.
    changed: Vec<String>,
}

/// Reads each fixed file's bytes; a file whose bytes no longer decode to the text the fix
/// was made from changed since it was checked.
fn prepare(root: &Root, fixes: Vec<FileFix>) -> Result<Prepared> {
    let mut out = Prepared::default();
    for f in fixes {
        let bytes = match root.read(&f.path) {
            Ok(b) => b,
            Err(Error::Skip(s)) => {
                out.skipped.push((f.path, s));
                continue;
            }
            Err(Error::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
                out.changed.push(f.path);
                continue;
            }
            Err(Error::Io(e)) => {
                return Err(anyhow::Error::new(e).context(format!("cannot read {}", f.path)));
            }
        };
        if forvalt_model::decode::decode(&bytes).text != f.old {
            out.changed.push(f.path);
            continue;
        }
        if bytes == f.new.as_bytes() {
            continue;
        }
        out.plans.push(Plan {
            path: f.path,
            old: bytes,
            new: f.new,
            fixed: f.fixed,
        });
    }
    Ok(out)
}

/// What [`write`] did.
#[derive(Debug, Default)]
struct Wrote {
    files: usize,
    problems: usize,
    changed: Vec<String>,
    skipped: Vec<(String, Skip)>,
}

/// Writes every plan's new bytes. `before` runs for each file just before it is read again
/// and replaced (tests). An error stops at that file; the files after it are unchanged.
fn write(
    root: &Root,
    plans: &[Plan],
    before: &mut dyn FnMut(&str) -> io::Result<()>,
) -> Result<Wrote> {
    let mut out = Wrote::default();
    for p in plans {
        let result = root.replace(&p.path, &p.old, p.new.as_bytes(), &mut || before(&p.path));
        match result {
            Ok(Replaced::Renamed | Replaced::InPlace) => {
                out.files += 1;
                out.problems += p.fixed.len();
            }
            Ok(Replaced::AlreadyNew) => {}
            Ok(Replaced::Changed) => out.changed.push(p.path.clone()),
            Err(Error::Skip(s)) => out.skipped.push((p.path.clone(), s)),
            Err(Error::Io(e)) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot write {} ({} files were fixed before it; the files after it are unchanged)",
                    p.path, out.files
                )));
            }
        }
    }
    Ok(out)
}

/// The number of changed files `git status` lists in `dir`'s work tree, or why the
/// tree's state cannot be known (with what to do about it).
fn git_status(dir: &Path) -> Result<usize, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["status", "--porcelain"])
        // Messages in English (they are read below); no index lock taken.
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output();
    git_verdict(dir, output)
}

const ALLOW: &str = "or use --allow-dirty to write without this check";

/// [`git_status`] from git's output.
fn git_verdict(dir: &Path, output: io::Result<std::process::Output>) -> Result<usize, String> {
    let shown = dir.display();
    let output = match output {
        Ok(o) => o,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "cannot tell whether {shown} has uncommitted changes: git is not installed (or not on PATH); install git, {ALLOW}"
            ));
        }
        Err(e) => {
            return Err(format!(
                "cannot tell whether {shown} has uncommitted changes: git cannot be run ({e}); {ALLOW}"
            ));
        }
    };
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).lines().count());
    }
    let err = String::from_utf8_lossy(&output.stderr);
    if err.contains("dubious ownership") {
        // git names the command that trusts the repository; else the folder itself.
        let path = err
            .lines()
            .find_map(|l| {
                l.split_once("safe.directory ")
                    .map(|(_, p)| p.trim().to_string())
            })
            .unwrap_or_else(|| {
                dir.canonicalize()
                    .unwrap_or_else(|_| dir.to_path_buf())
                    .display()
                    .to_string()
            });
        return Err(format!(
            "git refuses to read the repository {shown}: it belongs to another user (\"dubious ownership\"); if you trust it, run `git config --global --add safe.directory {path}`, {ALLOW}"
        ));
    }
    if err.contains("not a git repository") {
        return Err(format!(
            "{shown} is not in a git repository, so the fixes could not be reviewed or undone with git; put it under git first (`git init`, `git add -A`, `git commit`), {ALLOW}"
        ));
    }
    let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    Err(format!(
        "cannot tell whether {shown} has uncommitted changes: `git status` failed ({}{}{first}); {ALLOW}",
        output.status,
        if first.is_empty() { "" } else { ": " },
    ))
}

/// The dry run of one file: what was fixed, then a unified diff from the bytes on disk to
/// the bytes `--write` writes. A file that is not UTF-8 (UTF-16) is diffed as its text,
/// with a note that its encoding changes.
fn diff(p: &Plan) -> String {
    let mut out = String::new();
    for (code, msg) in &p.fixed {
        out.push_str(&format!("# {code}: {msg}\n"));
    }
    let old = match std::str::from_utf8(&p.old) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => {
            let d = forvalt_model::decode::decode(&p.old);
            out.push_str(&format!(
                "# {}: saved as {}, written as UTF-8{}\n",
                p.path,
                d.encoding.name(),
                if d.text == p.new {
                    " (the text stays the same)"
                } else {
                    "; the diff shows the text"
                }
            ));
            Cow::Owned(d.text)
        }
    };
    out.push_str(&unified(&p.path, &old, &p.new));
    out
}

/// A unified diff of `old` to `new` with two lines of context, as `patch` and `git apply`
/// read it: only `\n` ends a line, and a last line without one is marked. Empty when the
/// texts are equal.
fn unified(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // A diff of two very different long texts stops refining after a while.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline));
    let mut out = String::new();
    for group in similar::group_diff_ops(ops, 2) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            out.push_str(&format!(
                "--- {}\n+++ {}\n",
                name("a/", path),
                name("b/", path)
            ));
        }
        let range = |start: usize, end: usize| match end - start {
            0 => format!("{start},0"),
            n => format!("{},{n}", start + 1),
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(first.old_range().start, last.old_range().end),
            range(first.new_range().start, last.new_range().end)
        ));
        let mut lines = |tag: char, lines: &[&str]| {
            for l in lines {
                out.push(tag);
                out.push_str(l);
                if !l.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        };
        for op in &group {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                similar::DiffTag::Equal => lines(' ', &a[o]),
                similar::DiffTag::Delete => lines('-', &a[o]),
                similar::DiffTag::Insert => lines('+', &b[n]),
                similar::DiffTag::Replace => {
                    lines('-', &a[o]);
                    lines('+', &b[n]);
                }
            }
        }
    }
    out
}

/// A file name in a diff header, quoted as git quotes names with control characters,
/// quotes or backslashes.
fn name(prefix: &str, path: &str) -> String {
    if !path
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return format!("{prefix}{path}");
    }
    let mut out = format!("\"{prefix}");
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Prints the diff: its exact bytes when piped (to `patch` or a file), with invisible
/// characters shown on a terminal.
fn print_diff(text: &str) {
    let mut out = io::stdout().lock();
    let _ = if out.is_terminal() {
        out.write_all(visible(text).as_bytes())
    } else {
        out.write_all(text.as_bytes())
    };
    let _ = out.flush();
}

/// `text` with control characters (other than tab and line feed) and the byte order mark
/// shown as `<CR>`, `<BOM>`, `<U+001B>`: they change a line without showing, and some
/// would control the terminal.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("<CR>"),
            '\u{feff}' => out.push_str("<BOM>"),
            c if c.is_control() => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

    fn plan(root: &Root, path: &str, new: &str) -> Plan {
        Plan {
            path: path.into(),
            old: root.read(path).unwrap(),
            new: new.into(),
            fixed: vec![("x::y".into(), "fixed".into())],
        }
    }

    fn setup(files: &[(&str, &str)]) -> (tempfile::TempDir, Root) {
        let dir = tempfile::tempdir().unwrap();
        for (n, text) in files {
            let p = dir.path().join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let root = Root::open(dir.path()).unwrap();
        (dir, root)
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_saved_after_it_was_read_is_left_alone() {
        let (dir, root) = setup(&[("a.md", "old\n"), ("b.md", "old\n")]);
        let plans = [plan(&root, "a.md", "new\n"), plan(&root, "b.md", "new\n")];
        // An editor saves a.md after fix read it.
        std::fs::write(dir.path().join("a.md"), "the editor's\n").unwrap();
        let wrote = write(&root, &plans, &mut |_| Ok(())).unwrap();
        assert_eq!(wrote.changed, ["a.md"]);
        assert_eq!(wrote.files, 1);
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(
            (read("a.md"), read("b.md")),
            ("the editor's\n".into(), "new\n".into())
        );
    }

    #[test]
    fn a_file_saved_while_its_replacement_is_written_is_left_alone() {
        let (dir, root) = setup(&[("a.md", "old\n"), ("b.md", "old\n")]);
        let plans = [plan(&root, "a.md", "new\n"), plan(&root, "b.md", "new\n")];
        let path = dir.path().join("a.md");
        // The editor saves in place (same file) just before the replacement.
        let wrote = write(&root, &plans, &mut |p| {
            if p == "a.md" {
                std::fs::write(&path, "the editor's\n")?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(wrote.changed, ["a.md"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the editor's\n");
        // The same when the editor saves by renaming a new file over the old one, even
        // with the same bytes (the old file's owner and mode may no longer apply).
        let plans = [plan(&root, "b.md", "newer\n")];
        let b = dir.path().join("b.md");
        let wrote = write(&root, &plans, &mut |_| {
            std::fs::write(dir.path().join("b.new"), "new\n")?;
            std::fs::rename(dir.path().join("b.new"), &b)
        })
        .unwrap();
        assert_eq!(wrote.changed, ["b.md"]);
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new\n");
        assert_eq!(
            names_in(dir.path()),
            ["a.md", "b.md"],
            "no temporary file left"
        );
    }

    #[test]
    fn a_hard_linked_file_saved_in_between_is_left_alone() {
        let (dir, root) = setup(&[("a.md", "old\n")]);
        std::fs::hard_link(dir.path().join("a.md"), dir.path().join("twin.md")).unwrap();
        let plans = [plan(&root, "a.md", "new\n")];
        let path = dir.path().join("a.md");
        let wrote = write(&root, &plans, &mut |_| {
            std::fs::write(&path, "the editor's\n")
        })
        .unwrap();
        assert_eq!(wrote.changed, ["a.md"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the editor's\n");
    }

    #[test]
    fn a_failure_leaves_every_file_old_or_new() {
        let (dir, root) = setup(&[("a.md", "old"), ("b.md", "old"), ("c.md", "old")]);
        let plans: Vec<Plan> = ["a.md", "b.md", "c.md"]
            .iter()
            .map(|n| plan(&root, n, "new"))
            .collect();
        let result = write(&root, &plans, &mut |p| {
            if p == "b.md" {
                return Err(io::Error::other("simulated failure"));
            }
            Ok(())
        });
        let err = format!("{:#}", result.unwrap_err());
        assert!(
            err.contains("cannot write b.md (1 files were fixed"),
            "{err}"
        );
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(
            (read("a.md"), read("b.md"), read("c.md")),
            ("new".into(), "old".into(), "old".into())
        );
        assert_eq!(names_in(dir.path()), ["a.md", "b.md", "c.md"]);
    }

    #[test]
    fn links_and_paths_out_of_the_repository_are_never_written() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "old\n").unwrap();
        let (dir, root) = setup(&[("a.md", "old\n")]);
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("l.md"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("a.md", dir.path().join("inner.md")).unwrap();
        for path in ["l.md", "sub/secret.md", "inner.md"] {
            assert!(
                matches!(root.read(path), Err(Error::Skip(Skip::Link))),
                "{path}"
            );
            let r = root.replace(path, b"old\n", b"new\n", &mut || Ok(()));
            assert!(matches!(r, Err(Error::Skip(Skip::Link))), "{path}");
        }
        for path in ["../x.md", "/etc/passwd", ".git/config", "a/./b.md", ""] {
            assert!(
                matches!(root.read(path), Err(Error::Skip(Skip::NotInside))),
                "{path}"
            );
        }
        // A file swapped for a link after it was read is not written either.
        let plans = [plan(&root, "a.md", "new\n")];
        let a = dir.path().join("a.md");
        let wrote = write(&root, &plans, &mut |_| {
            std::fs::remove_file(&a)?;
            std::os::unix::fs::symlink(outside.path().join("secret.md"), &a)
        })
        .unwrap();
        assert_eq!(wrote.changed, ["a.md"]);
        assert_eq!(
            std::fs::read_to_string(outside.path().join("secret.md")).unwrap(),
            "old\n"
        );
    }

    #[test]
    fn mode_owner_and_hard_links_are_kept() {
        let (dir, root) = setup(&[("a.md", "old\n"), ("b.md", "old\n")]);
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::fs::hard_link(&b, dir.path().join("b-twin.md")).unwrap();
        let root_user = std::fs::metadata(&a).unwrap().uid() == 0;
        if root_user {
            std::os::unix::fs::chown(&a, Some(12345), Some(12346)).unwrap();
        }
        let plans = [plan(&root, "a.md", "new\n"), plan(&root, "b.md", "new\n")];
        let wrote = write(&root, &plans, &mut |_| Ok(())).unwrap();
        assert_eq!(wrote.files, 2);
        let m = std::fs::metadata(&a).unwrap();
        assert_eq!(m.mode() & 0o7777, 0o640);
        if root_user {
            assert_eq!((m.uid(), m.gid()), (12345, 12346));
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b-twin.md")).unwrap(),
            "new\n"
        );
        assert_eq!(std::fs::metadata(&b).unwrap().nlink(), 2);
    }

    #[test]
    fn the_diff_is_exact() {
        let d = unified("a.md", "x\r\ny\nz", "x\ny\nz\n");
        assert_eq!(
            d,
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n-x\r\n+x\n y\n-z\n\\ No newline at end of file\n+z\n"
        );
        // A lone carriage return does not end a line.
        let d = unified("a.md", "a\rb\n", "a\rc\n");
        assert_eq!(d, "--- a/a.md\n+++ b/a.md\n@@ -1,1 +1,1 @@\n-a\rb\n+a\rc\n");
        assert_eq!(unified("a.md", "same\n", "same\n"), "");
        assert_eq!(
            unified("a.md", "", "new\n"),
            "--- a/a.md\n+++ b/a.md\n@@ -0,0 +1,1 @@\n+new\n"
        );
        assert_eq!(name("a/", "x\ty\".md"), "\"a/x\\ty\\\".md\"");
        assert_eq!(visible("\u{feff}a\r\n\x1b[2J"), "<BOM>a<CR>\n<U+001B>[2J");
    }

    #[test]
    fn git_failures_are_explained() {
        use std::os::unix::process::ExitStatusExt as _;
        let out = |code: i32, err: &str| {
            Ok(std::process::Output {
                status: std::process::ExitStatus::from_raw(code << 8),
                stdout: Vec::new(),
                stderr: err.as_bytes().to_vec(),
            })
        };
        let dir = Path::new("/srv/repo");
        let why = git_verdict(dir, Err(io::Error::from(io::ErrorKind::NotFound))).unwrap_err();
        assert!(why.contains("git is not installed") && why.contains("--allow-dirty"));
        let dubious = "fatal: detected dubious ownership in repository at '/srv/repo'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /srv/repo\n";
        let why = git_verdict(dir, out(128, dubious)).unwrap_err();
        assert!(
            why.contains("`git config --global --add safe.directory /srv/repo`"),
            "{why}"
        );
        let why = git_verdict(
            dir,
            out(
                128,
                "fatal: not a git repository (or any of the parent directories): .git\n",
            ),
        )
        .unwrap_err();
        assert!(why.contains("is not in a git repository"), "{why}");
        let why = git_verdict(dir, out(1, "error: something else\n")).unwrap_err();
        assert!(why.contains("error: something else"), "{why}");
        let clean = Ok(std::process::Output {
            status: std::process::ExitStatus::from_raw(0),
            stdout: b" M a.md\n?? b.md\n".to_vec(),
            stderr: Vec::new(),
        });
        assert_eq!(git_verdict(dir, clean), Ok(2));
    }
}
