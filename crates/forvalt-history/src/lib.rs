//! Traceability from git: which commits touched each document, when it was created and last
//! changed, and what it was called before (exact renames, as git records them).
//!
//! One walk over the history from `HEAD`, newest first. Each commit's tree is compared with
//! its first parent's, skipping unchanged folders by their ids, so a commit costs what it
//! changed. A file deleted and a file added with the same content in one commit is a rename;
//! a new file is never attached to an older, merely similar one (meeting files renamed when a
//! meeting is moved keep their history; a new file made from a template does not inherit the
//! template's).
//!
//! No printing and no clock: the functions return data and errors.

pub mod diff;
mod walk;

pub use diff::{ChartDiff, Item, ItemChange, RoadmapDiff, SettingChange, diff_texts};
pub use walk::{Error, files_at, read, read_file_at, resolve};
