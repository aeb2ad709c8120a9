//! `forvalt fix`: the safe automatic fixes, shown as a diff or written atomically.

use crate::cli::FixArgs;
use crate::report;
use anyhow::{Context, Result, bail};
use forvalt_check::fix::FileFix;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn run(args: FixArgs) -> Result<ExitCode> {
    let now = super::now_or(None)?;
    let (repo, loaded) = super::build::load(&args.dir, None, now, false)?.into_parts();
    let outcome = forvalt_check::check(&repo, loaded, &forvalt_check::Options::default());
    let fixes = forvalt_check::fix::fixes(&repo, &outcome);
    let count: usize = fixes.iter().map(|f| f.fixed.len()).sum();
    if fixes.is_empty() {
        report::eprint("Nothing to fix.\n");
        return Ok(ExitCode::SUCCESS);
    }
    if !args.write {
        let mut out = String::new();
        for f in &fixes {
            out.push_str(&diff(f));
        }
        report::print(&out);
        report::eprint(&format!(
            "{count} fixes in {} files (dry run: nothing was written; run `forvalt fix --write` to apply them)\n",
            fixes.len()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if !args.allow_dirty
        && let Some(changes) = dirty(&args.dir)
    {
        bail!(
            "the git work tree has uncommitted changes ({changes}); commit or stash them first, or use --allow-dirty"
        );
    }
    let written = write_all(&args.dir, &fixes, None)?;
    report::eprint(&format!("Fixed {count} problems in {written} files.\n"));
    Ok(ExitCode::SUCCESS)
}

/// A unified diff of one file's fix, with what was fixed as a header.
fn diff(f: &FileFix) -> String {
    let mut out = String::new();
    for (code, msg) in &f.fixed {
        out.push_str(&format!("# {code}: {msg}\n"));
    }
    let d = similar::TextDiff::from_lines(&f.old, &f.new);
    let body = d
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{}", f.path), &format!("b/{}", f.path))
        .to_string();
    if body.is_empty() {
        out.push_str(&format!(
            "--- a/{0}\n+++ b/{0}\n(the text is unchanged; the file is saved again as UTF-8)\n",
            f.path
        ));
    } else {
        out.push_str(&body);
    }
    out
}

/// `git status --porcelain` of the work tree: a short description when it has changes;
/// `None` when it is clean or not a git work tree.
fn dirty(dir: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["status", "--porcelain"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let n = text.lines().count();
    (n > 0).then(|| format!("{n} changed file{}", if n == 1 { "" } else { "s" }))
}

/// The file a repository path names, refusing anything that would leave the repository.
fn inside(root: &Path, path: &str) -> Result<PathBuf> {
    let rel = Path::new(path);
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("refusing to write {path}: it is not a path inside the repository");
    }
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))?;
    let full = root.join(rel);
    let real = full
        .canonicalize()
        .with_context(|| format!("cannot read {}", full.display()))?;
    if !real.starts_with(&root) {
        bail!("refusing to write {path}: it leads outside the repository");
    }
    Ok(real)
}

/// Writes every fix, each file atomically (a temporary file beside it, then a rename) with
/// its permissions kept. `fail_at` makes the n-th write fail (tests). A failure stops at
/// that file: every file is then either old or new.
pub(crate) fn write_all(root: &Path, fixes: &[FileFix], fail_at: Option<usize>) -> Result<usize> {
    let mut n = 0;
    for (i, f) in fixes.iter().enumerate() {
        let target = inside(root, &f.path)?;
        let dir = target.parent().context("a file has no folder")?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.forvalt-{}.tmp", std::process::id()));
        let result = (|| -> Result<()> {
            let perms = std::fs::metadata(&target)?.permissions();
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(f.new.as_bytes())?;
            if fail_at == Some(i) {
                bail!("simulated failure while writing {}", f.path);
            }
            file.sync_all()?;
            drop(file);
            std::fs::set_permissions(&tmp, perms)?;
            std::fs::rename(&tmp, &target)?;
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.context(format!(
                "cannot write {} ({n} files were fixed before it; it and the rest are unchanged)",
                f.path
            )));
        }
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(path: &str, new: &str) -> FileFix {
        FileFix {
            path: path.into(),
            old: String::new(),
            new: new.into(),
            reencode: false,
            fixed: vec![],
        }
    }

    #[test]
    fn a_failure_leaves_every_file_old_or_new() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["a.md", "b.md", "c.md"] {
            std::fs::write(dir.path().join(n), "old").unwrap();
        }
        let fixes = [fix("a.md", "new"), fix("b.md", "new"), fix("c.md", "new")];
        assert!(write_all(dir.path(), &fixes, Some(1)).is_err());
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(
            (read("a.md"), read("b.md"), read("c.md")),
            ("new".into(), "old".into(), "old".into())
        );
        // No temporary file is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_paths_stay_inside() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_all(dir.path(), &[fix("a.md", "new")], None).unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert!(write_all(dir.path(), &[fix("../x.md", "new")], None).is_err());
        assert!(write_all(dir.path(), &[fix("/etc/passwd", "new")], None).is_err());
    }
}
