//! What git knows about the documents: their revisions, oldest and newest, and the paths a
//! document had before it was renamed. Filled in by `forvalt-history` (or from file times
//! outside git) and read by the site and the checks; plain data, no git here.

use jiff::civil::Date;
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
    /// The document's path at each of those revisions (it changes with renames).
    pub paths: Vec<String>,
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
    /// The last change of each roadmap document's charts, by path.
    pub roadmaps: BTreeMap<String, RoadmapChanges>,
    /// Each decision's status over time, by path.
    pub decisions: BTreeMap<String, DecisionHistory>,
    /// Each governance report's level over time, oldest first, by path.
    pub governance: BTreeMap<String, Vec<LevelChange>>,
    /// Drafts published as their last approved version (`forvalt: publish: approved`):
    /// path → the revision whose text is published.
    pub approved_versions: BTreeMap<String, usize>,
}

/// A decision's status as it was at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The revision (an index into [`Histories::revisions`]).
    pub revision: usize,
    /// The status word (normalised: Forslag, Accepteret, Erstattet, Afvist).
    pub status: String,
    /// The status as written.
    pub raw: String,
}

/// A decision's history: its status changes, oldest first, and a version that replaced the
/// decision with another one in the same file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DecisionHistory {
    /// Status changes, oldest first.
    pub statuses: Vec<StatusChange>,
    /// A revision that replaced the title and text wholesale: (revision, the old title).
    pub overwritten: Option<(usize, String)>,
}

/// A governance report as one revision left it: the level its answers reached, the level it
/// stated and how many requirements it marked as met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    /// The revision (an index into [`Histories::revisions`]).
    pub revision: usize,
    /// The level the answers reached.
    pub reached: Option<crate::governance::Level>,
    /// The level the report stated.
    pub claimed: Option<crate::governance::Level>,
    /// Requirements marked as met (✅, Ja, 🟢).
    pub met: usize,
    /// Requirements in the report.
    pub total: usize,
}

/// How a document's roadmaps changed in its last version that changed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoadmapChanges {
    /// The version compared with (an index into [`Histories::revisions`]).
    pub since: usize,
    /// The version that made the changes (`None`: changes not yet committed).
    pub at: Option<usize>,
    /// The changed charts (empty: no version changed the charts).
    pub charts: Vec<ChartDiff>,
    /// The changes since the baseline (front matter `baseline:`, else the first version
    /// with status final), when there is one and something changed.
    pub baseline: Option<Baseline>,
    /// Each milestone's date in every version that moved it.
    pub milestones: Vec<MilestoneTrack>,
}

/// The changes since a baseline version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Baseline {
    /// The baseline version (an index into [`Histories::revisions`]).
    pub revision: usize,
    /// The changed charts.
    pub charts: Vec<ChartDiff>,
}

/// One milestone over the versions of a roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneTrack {
    /// The milestone's current name.
    pub name: String,
    /// (version, date) oldest first, one entry per version that gave it a new date.
    pub dates: Vec<(usize, Date)>,
    /// Its date now.
    pub now: Option<Date>,
}

impl MilestoneTrack {
    /// Days from its first planned date to its date now (positive: later).
    pub fn slipped_days(&self) -> Option<i64> {
        let first = self.dates.first()?.1;
        Some(first.until(self.now?).ok()?.get_days().into())
    }
}

impl DocumentHistory {
    /// (revision index, the document's path then), newest first.
    pub fn versions(&self) -> impl Iterator<Item = (usize, &str)> {
        self.revisions
            .iter()
            .zip(&self.paths)
            .map(|(r, p)| (*r, p.as_str()))
    }
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
                    paths: vec![path.to_string()],
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
            roadmaps: BTreeMap::new(),
            decisions: BTreeMap::new(),
            governance: BTreeMap::new(),
            approved_versions: BTreeMap::new(),
        }
    }
}

// Roadmap changes (computed by `forvalt-history`, shown by the site).

/// One roadmap item (a bar, a milestone or a marker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The section it is in.
    pub section: String,
    /// Its name.
    pub name: String,
    /// Its id as written (may be empty).
    pub id: String,
    /// First day.
    pub start: Option<Date>,
    /// Day it ends (exclusive, as Mermaid computes it).
    pub end: Option<Date>,
    /// A milestone.
    pub milestone: bool,
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum ItemChange {
    /// New in the second version.
    Added {
        /// The item.
        item: Item,
    },
    /// Gone in the second version.
    Removed {
        /// The item.
        item: Item,
    },
    /// The same item, with other dates, another name or in another section.
    Changed {
        /// Before.
        before: Item,
        /// After.
        after: Item,
        /// Its name changed.
        renamed: bool,
        /// It is in another section now.
        section_moved: bool,
        /// Days the start moved (positive: later).
        start_days: Option<i64>,
        /// Days the end moved.
        end_days: Option<i64>,
        /// Working days the start moved (days the chart excludes do not count).
        start_working_days: Option<i64>,
        /// Working days the end moved.
        end_working_days: Option<i64>,
    },
}

impl ItemChange {
    /// A milestone that moved later.
    pub fn milestone_slipped(&self) -> bool {
        matches!(self, ItemChange::Changed { after, start_days: Some(d), .. } if after.milestone && *d > 0)
    }
}

/// A chart setting that changed (`dateFormat`, `excludes`, `title`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingChange {
    /// The setting.
    pub name: String,
    /// Before (empty: not set).
    pub before: String,
    /// After.
    pub after: String,
}

/// The changes of one chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartDiff {
    /// Which chart of the document (0 = first).
    pub index: usize,
    /// Its title (the newer one, else the older).
    pub title: Option<String>,
    /// Changed items, in the newer chart's order (removed items last).
    pub items: Vec<ItemChange>,
    /// Changed settings.
    pub settings: Vec<SettingChange>,
}

impl ChartDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.settings.is_empty()
    }
}

/// The changes of every chart of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoadmapDiff {
    /// The document.
    pub path: String,
    /// Its charts' changes (unchanged charts are left out).
    pub charts: Vec<ChartDiff>,
}
