//! GitHub issues as a live source of decisions and change requests: `forvalt sync github`
//! fetches a repository's issues (open and closed, pull requests left out), their labels,
//! milestones, assignees, state reasons, comments and the label and state events of their
//! timelines through the GitHub REST API into the cache the build reads
//! (`.github/issues.json`, see [`forvalt_model::records::issues`]).
//!
//! - [`http`]: requests with the token, conditional requests, pagination by `Link` headers,
//!   and retries where GitHub says when (rate limits, server errors, time-outs).
//! - [`rest`]: GitHub's JSON, turned into the cache's shape.
//! - [`sync`]: one sync: the issue list (unchanged since the stored ETag: nothing more is
//!   asked), then comments and events of the issues that changed.
//!
//! Nothing here prints, reads the clock or writes files: the caller gets the issues, the
//! state to keep and progress reports, and decides how to wait.

pub mod http;
pub mod rest;
pub mod sync;

pub use http::{Config, Error};
pub use sync::{Progress, State, Synced, sync};
