//! Writing files: the site through forvalt-site's write stage, other outputs (charts, JSON)
//! atomically in the same way.

use anyhow::Result;
use forvalt_site::Site;
use forvalt_site::stages::write;
use std::path::{Path, PathBuf};

pub(crate) use forvalt_site::Written;
pub(crate) use forvalt_site::stages::write::safe_path;

/// Checks that `out` may be used as the output directory of the repository at `root`.
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    Ok(write::check_output_dir(root, out)?)
}

/// An absolute path without resolving symbolic links of a path that may not exist yet.
pub(crate) fn absolute(p: &Path) -> Result<PathBuf> {
    Ok(write::absolute(p)?)
}

/// Opens `out` for the site of the repository at `root`, checked as [`write_site`] does, so
/// pages can be written while the build runs.
pub(crate) fn open(root: &Path, out: &Path) -> Result<write::OutputDir> {
    Ok(write::OutputDir::open(root, out)?)
}

/// Writes `site` into `out`, copying static files from the repository at `root` (never
/// through a link out of it or into `.git`).
pub(crate) fn write_site(site: &Site, root: &Path, out: &Path) -> Result<Written> {
    let canonical = root.canonicalize()?;
    let read = |p: &str| crate::files::read_inside(&canonical, p);
    Ok(forvalt_site::write(site, &read, root, out)?)
}

/// Writes `bytes` to `target` atomically: a reader sees the old file or the new one.
pub(crate) fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    Ok(write::write_atomic(target, bytes)?)
}
