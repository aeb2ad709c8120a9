//! A governance repository as typed documents: files → decoded text → front matter,
//! Liquid, titles, URLs → pages and the menu.
//!
//! [`load`] reads everything through the [`Files`] trait (the working tree, a git revision
//! or memory) and never fails: problems are [`Diagnostic`](forvalt_diag::Diagnostic)s with
//! places in the files.

pub mod aarshjul;
pub mod calendar;
pub mod collections;
pub mod config;
pub mod custom_css;
pub mod dates;
pub mod decode;
pub mod defaults;
pub mod files;
pub mod frontmatter;
pub mod governance;
pub mod history;
pub mod issue_templates;
pub mod licence;
pub mod links;
pub mod liquid;
pub mod matrix;
pub mod nav;
pub mod page;
pub mod prose_dates;
pub mod publiccode;
pub mod publishing;
pub mod records;
pub mod redirects;
pub mod repo;
pub mod scaffold;
pub mod scheme;
pub mod sitevars;
mod tables;
pub mod url;

pub use config::{Publish, SiteConfig};
pub use files::{FileEntry, Files, MemoryFiles, Refused, RefusedReason};
pub use nav::{NavItem, NavNode, NavTree};
pub use page::{NavOrder, Page, PageState};
pub use records::Records;
pub use repo::{LoadOptions, Repository, StaticFile, WheelFile, is_wheel_file, load};
