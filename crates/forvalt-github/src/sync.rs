//! One sync: the issue list, newest change first, asked with the ETag of the last sync (an
//! unchanged list costs one request and changes nothing), then the comments and events of
//! each issue that changed since the cache was written; the others keep theirs.

use crate::http::{Answer, Client, Config, Error};
use crate::rest;
use forvalt_model::records::issues::IssueJson;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;

/// At most this many pages of 100 are read for one list (100,000 issues).
const MAX_PAGES: usize = 1000;

/// What a sync keeps besides the issues: the list's ETag and which repository it is of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct State {
    /// `owner/name`.
    #[serde(default)]
    pub repository: String,
    /// The ETag of the issue list's first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// A digest of the cache as the sync wrote it: the ETag holds only for that cache (not
    /// for one edited by hand or brought by `git pull`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// How far a sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A page of the issue list was read (from 1).
    ListPage(usize),
    /// The comments and events of `done` of `of` changed issues are read.
    Details {
        /// Read so far.
        done: usize,
        /// To read.
        of: usize,
    },
}

/// The result of a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The issues, by number (pull requests left out).
    pub issues: Vec<IssueJson>,
    /// What to keep for the next sync.
    pub state: State,
    /// Whether GitHub said nothing changed (the issues are the cached ones).
    pub unchanged: bool,
    /// Requests sent, retries included.
    pub requests: usize,
    /// Issues whose comments and events were read again.
    pub refreshed: usize,
}

/// A list's items and its first page's ETag.
type Listed<T> = (Vec<T>, Option<String>);

/// Every page of a list, from `url`: the items of each, and the first page's ETag; `None`
/// when the first page is unchanged since `etag`.
fn pages<T: serde::de::DeserializeOwned>(
    client: &mut Client,
    url: &str,
    etag: Option<&str>,
    wait: &dyn Fn(Duration),
    progress: &mut dyn FnMut(Progress),
    report: bool,
) -> Result<Option<Listed<T>>, Error> {
    let mut items = Vec::new();
    let mut first_etag = None;
    let mut next = Some(url.to_string());
    let mut n = 0;
    while let Some(u) = next.take() {
        n += 1;
        if n > MAX_PAGES {
            return Err(Error::TooLarge {
                what: format!("{url} has more than {MAX_PAGES} pages"),
            });
        }
        let tag = if n == 1 { etag } else { None };
        match client.get(&u, tag, wait)? {
            Answer::NotModified if n == 1 => return Ok(None),
            Answer::NotModified => {
                return Err(Error::Invalid {
                    url: u,
                    message: "304 without a condition".into(),
                });
            }
            Answer::Body {
                bytes,
                etag,
                next: more,
            } => {
                let page: Vec<T> = serde_json::from_slice(&bytes).map_err(|e| Error::Invalid {
                    url: u.clone(),
                    message: e.to_string(),
                })?;
                items.extend(page);
                if n == 1 {
                    first_etag = etag;
                }
                next = more;
            }
        }
        if report {
            progress(Progress::ListPage(n));
        }
    }
    Ok(Some((items, first_etag)))
}

/// The issue list, read whole; read again (at most twice) when its first page changed while
/// the later pages were read, since an issue updated meanwhile moves to the first page and
/// would be missed. `None`: unchanged since `etag`.
fn list(
    client: &mut Client,
    url: &str,
    etag: Option<&str>,
    wait: &dyn Fn(Duration),
    progress: &mut dyn FnMut(Progress),
) -> Result<Option<Listed<rest::Issue>>, Error> {
    let mut listed = match pages::<rest::Issue>(client, url, etag, wait, progress, true)? {
        Some(l) => l,
        None => return Ok(None),
    };
    for _ in 0..2 {
        let Some(first) = listed.1.clone() else {
            break;
        };
        if matches!(client.get(url, Some(&first), wait)?, Answer::NotModified) {
            break;
        }
        match pages::<rest::Issue>(client, url, None, wait, progress, true)? {
            Some(l) => listed = l,
            None => break,
        }
    }
    Ok(Some(listed))
}

/// Whether an issue must have its comments and events read again: it is new, it changed
/// since the cache was written, or its number of comments differs from the cached ones.
fn stale(old: Option<&&IssueJson>, new: &IssueJson, comments: u64) -> bool {
    old.is_none_or(|o| {
        o.updated_at.is_none()
            || o.updated_at != new.updated_at
            || o.comments.len() as u64 != comments
    })
}

/// The comments and events of `issue` (only those that hold records are asked about); an
/// issue deleted or moved meanwhile (404, 410) keeps what the cache had.
fn details(
    client: &mut Client,
    base: &str,
    issue: &mut IssueJson,
    comments: u64,
    wait: &dyn Fn(Duration),
    progress: &mut dyn FnMut(Progress),
) -> Result<(), Error> {
    let gone = |e: &Error| {
        matches!(
            e,
            Error::Status {
                status: 404 | 410,
                ..
            }
        )
    };
    let at = format!("{base}/issues/{}", issue.number);
    if comments > 0 {
        let url = format!("{at}/comments?per_page=100");
        match pages::<rest::Comment>(client, &url, None, wait, progress, false) {
            Ok(Some((c, _))) => {
                issue.comments = c.into_iter().map(rest::Comment::into_cache).collect();
            }
            Ok(None) => {}
            Err(e) if gone(&e) => return Ok(()),
            Err(e) => return Err(e),
        }
    } else {
        issue.comments.clear();
    }
    let url = format!("{at}/events?per_page=100");
    match pages::<rest::Event>(client, &url, None, wait, progress, false) {
        Ok(Some((e, _))) => {
            issue.events = e.into_iter().filter_map(rest::Event::into_cache).collect();
        }
        Ok(None) => {}
        Err(e) if gone(&e) => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Syncs the issues of `config.repository` against the cache (`cached`, `state`); `wait`
/// is called before retries, `progress` as the sync goes. Comments and events are read for
/// the issues that hold records (decisions and change requests) and changed.
pub fn sync(
    config: &Config,
    cached: &[IssueJson],
    state: &State,
    wait: &dyn Fn(Duration),
    progress: &mut dyn FnMut(Progress),
) -> Result<Synced, Error> {
    let mut client = Client::new(config.clone())?;
    let base = format!("{}/repos/{}", config.api, config.repository);
    let same_repo = state.repository == config.repository && !cached.is_empty();
    let etag = state.etag.as_deref().filter(|_| same_repo);
    let url = format!("{base}/issues?state=all&sort=updated&direction=desc&per_page=100");
    let Some((items, etag)) = list(&mut client, &url, etag, wait, progress)? else {
        return Ok(Synced {
            issues: cached.to_vec(),
            state: state.clone(),
            unchanged: true,
            requests: client.requests,
            refreshed: 0,
        });
    };
    let old: HashMap<u64, &IssueJson> = if same_repo {
        cached.iter().map(|i| (i.number, i)).collect()
    } else {
        HashMap::new()
    };
    let mut issues: Vec<(IssueJson, u64)> = items
        .into_iter()
        .filter(|i| i.pull_request.is_none())
        .map(|i| {
            let comments = i.comments;
            (i.into_cache(), comments)
        })
        .collect();
    issues.sort_by_key(|(i, _)| i.number);
    issues.dedup_by_key(|(i, _)| i.number);
    // Every issue starts with what the cache has; those that hold records and changed are
    // read again.
    for (i, _) in &mut issues {
        if let Some(o) = old.get(&i.number) {
            i.comments = o.comments.clone();
            i.events = o.events.clone();
        }
    }
    let changed: Vec<usize> = (0..issues.len())
        .filter(|&k| {
            let (i, count) = &issues[k];
            let labels: Vec<String> = i.labels.iter().map(|l| l.name.clone()).collect();
            forvalt_model::records::change::issue_holds_record(&i.title, &labels)
                && stale(old.get(&i.number), i, *count)
        })
        .collect();
    for (done, &k) in changed.iter().enumerate() {
        progress(Progress::Details {
            done,
            of: changed.len(),
        });
        let (issue, count) = &mut issues[k];
        details(&mut client, &base, issue, *count, wait, progress)?;
    }
    if !changed.is_empty() {
        progress(Progress::Details {
            done: changed.len(),
            of: changed.len(),
        });
    }
    Ok(Synced {
        issues: issues.into_iter().map(|(i, _)| i).collect(),
        state: State {
            repository: config.repository.clone(),
            etag,
            digest: None,
        },
        unchanged: false,
        requests: client.requests,
        refreshed: changed.len(),
    })
}
