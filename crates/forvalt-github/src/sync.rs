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

/// Syncs the issues of `config.repository` against the cache (`cached`, `state`); `wait`
/// is called before retries, `progress` as the sync goes.
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
    let list = format!("{base}/issues?state=all&sort=updated&direction=desc&per_page=100");
    let Some((items, etag)) = pages::<rest::Issue>(&mut client, &list, etag, wait, progress, true)?
    else {
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
    let changed: Vec<usize> = (0..issues.len())
        .filter(|&k| {
            let (i, _) = &issues[k];
            old.get(&i.number)
                .is_none_or(|o| o.updated_at.is_none() || o.updated_at != i.updated_at)
        })
        .collect();
    for (done, &k) in changed.iter().enumerate() {
        progress(Progress::Details {
            done,
            of: changed.len(),
        });
        let (issue, count) = &mut issues[k];
        let at = format!("{base}/issues/{}", issue.number);
        if *count > 0 {
            let url = format!("{at}/comments?per_page=100");
            if let Some((c, _)) =
                pages::<rest::Comment>(&mut client, &url, None, wait, progress, false)?
            {
                issue.comments = c.into_iter().map(rest::Comment::into_cache).collect();
            }
        }
        let url = format!("{at}/events?per_page=100");
        if let Some((e, _)) = pages::<rest::Event>(&mut client, &url, None, wait, progress, false)?
        {
            issue.events = e.into_iter().filter_map(rest::Event::into_cache).collect();
        }
    }
    if !changed.is_empty() {
        progress(Progress::Details {
            done: changed.len(),
            of: changed.len(),
        });
    }
    let refreshed = changed.len();
    let issues: Vec<IssueJson> = issues
        .into_iter()
        .map(|(mut i, _)| {
            if let Some(o) = old.get(&i.number)
                && o.updated_at.is_some()
                && o.updated_at == i.updated_at
            {
                i.comments = o.comments.clone();
                i.events = o.events.clone();
            }
            i
        })
        .collect();
    Ok(Synced {
        issues,
        state: State {
            repository: config.repository.clone(),
            etag,
        },
        unchanged: false,
        requests: client.requests,
        refreshed,
    })
}
