//! What git knows about the documents: their revisions, oldest and newest, and the paths a
//! document had before it was renamed. Filled in by `forvalt-history` (or from file times
//! outside git) and read by the site and the checks; plain data, no git here.

use serde::Serialize;
use std::collections::BTreeMap;

/// One commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The full commit id (hex).
    pub id: String,
    /// Commit time, seconds since the Unix epoch.
    pub time: i64,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub summary: String,
}

impl Revision {
    /// The first seven characters of the id.
    pub fn short(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }
}

/// The revisions of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentHistory {
    /// Indexes into [`Histories::revisions`], newest first.
    pub revisions: Vec<usize>,
    /// Earlier paths of the document (renames), newest first.
    pub former_paths: Vec<String>,
}

/// Where the history came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistorySource {
    /// Commits of a git repository.
    Git,
    /// Only files' modification times (outside git).
    FileTimes,
}

/// The history of every document of a repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Histories {
    /// Where it came from.
    pub source: HistorySource,
    /// The commits that touch documents, newest first.
    pub revisions: Vec<Revision>,
    /// Each document's history, by its current path.
    pub documents: BTreeMap<String, DocumentHistory>,
    /// A shallow clone: older history is missing, so "created" dates are not known.
    pub shallow: bool,
    /// The commit the history was read at.
    pub head: Option<String>,
}

impl Histories {
    /// The history of a document.
    pub fn of(&self, path: &str) -> Option<&DocumentHistory> {
        self.documents.get(path)
    }

    /// The newest revision of a document.
    pub fn last_modified(&self, path: &str) -> Option<&Revision> {
        self.of(path)?
            .revisions
            .first()
            .and_then(|i| self.revisions.get(*i))
    }

    /// The oldest revision of a document (unknown in a shallow clone).
    pub fn created(&self, path: &str) -> Option<&Revision> {
        if self.shallow {
            return None;
        }
        self.of(path)?
            .revisions
            .last()
            .and_then(|i| self.revisions.get(*i))
    }

    /// Histories from files' modification times (seconds since the epoch), for a folder
    /// that is not a git work tree.
    pub fn from_file_times<'a>(files: impl IntoIterator<Item = (&'a str, i64)>) -> Histories {
        let mut revisions = Vec::new();
        let mut documents = BTreeMap::new();
        for (path, time) in files {
            documents.insert(
                path.to_string(),
                DocumentHistory {
                    revisions: vec![revisions.len()],
                    former_paths: Vec::new(),
                },
            );
            revisions.push(Revision {
                id: String::new(),
                time,
                author: String::new(),
                summary: String::new(),
            });
        }
        Histories {
            source: HistorySource::FileTimes,
            revisions,
            documents,
            shallow: false,
            head: None,
        }
    }
}
