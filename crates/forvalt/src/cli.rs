//! Command-line definitions.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Git-based product governance for OS2 communities: read governance repositories as
/// authors write them, check them and publish them.
#[derive(Debug, Parser)]
#[command(name = "forvalt", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Draw Mermaid gantt charts as SVG and check them (a `.mmd` file or every gantt chart
    /// in a Markdown file).
    Gantt(GanttArgs),
    /// Publish a governance repository as a website.
    Build(BuildArgs),
    /// Build the website in memory and serve it, rebuilding and reloading on every change.
    Serve(ServeArgs),
    /// Write the whole model (documents, records, diagnostics) as JSON for other tools.
    Export(ExportArgs),
    /// Check a governance repository: every rule, grouped by file, with a summary.
    Check(CheckArgs),
    /// Apply the safe automatic fixes (a dry-run diff unless --write).
    ///
    /// The dry run shows, as a diff, exactly the bytes --write would write. --write writes
    /// only in a git work tree without uncommitted changes, so every fix can be reviewed and
    /// undone: it refuses when the folder is not in a git repository, when git is missing,
    /// or when git refuses the repository (`safe.directory`); --allow-dirty writes anyway.
    /// Each file keeps its owner, group, mode and hard links; a file that changed while
    /// fixing is left as it is (exit status 1); symbolic links are never written through.
    Fix(FixArgs),
    /// Explain a rule: what it finds and how to fix it (`forvalt explain nav::childless`).
    Explain(ExplainArgs),
    /// Compare the roadmaps (gantt charts) of two revisions: items added, removed, renamed
    /// and moved, milestones slipped, settings changed.
    Diff(DiffArgs),
    /// Fetch the repository's issues from GitHub into the cache the build reads.
    Sync(SyncArgs),
    /// Start a record from the repository's own template: a decision, a meeting, a change
    /// request or a governance report, named as the folder's files are; or write GitHub
    /// issue forms for decisions and change requests (`forvalt new issue-forms`).
    New(NewArgs),
}

/// What `forvalt new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum NewKind {
    /// A decision record (`beslutninger/`).
    Decision,
    /// A meeting's agenda and minutes (`dagsordner-og-referater/<body>/`).
    Meeting,
    /// A change request (`aendringsoensker/`).
    Change,
    /// A governance report, from the repository's report template.
    Report,
    /// GitHub issue forms for decision proposals and change requests.
    IssueForms,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// What to make.
    #[arg(value_enum)]
    pub(crate) kind: NewKind,
    /// Its title (a decision's may start with its kind: `[SDR] To releases om året`).
    pub(crate) title: Option<String>,
    /// The repository (default: the current directory).
    #[arg(long, default_value = ".")]
    pub(crate) dir: PathBuf,
    /// The body a meeting is of (its folder: `styregruppe`).
    #[arg(long, value_name = "BODY")]
    pub(crate) body: Option<String>,
    /// The record's date (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) date: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Where to sync from.
    #[command(subcommand)]
    pub(crate) source: SyncSource,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SyncSource {
    /// The issues (open and closed), their labels, milestones, assignees, comments and label
    /// events, through the GitHub REST API, into `.github/issues.json`. A second run asks
    /// only for what changed and writes nothing when nothing did. Reads `GITHUB_REPOSITORY`,
    /// `GITHUB_TOKEN` (or `GH_TOKEN`) and `GITHUB_API_URL` as GitHub Actions sets them.
    Github(SyncGithubArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SyncGithubArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// `owner/name` on GitHub (default: `GITHUB_REPOSITORY`, else the `origin` remote).
    #[arg(long, value_name = "OWNER/NAME")]
    pub(crate) repo: Option<String>,
    /// The API's address (default: `GITHUB_API_URL`, else https://api.github.com).
    #[arg(long, value_name = "URL")]
    pub(crate) api: Option<String>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// `[REV_A] [REV_B] [PATH]`: the older revision (default HEAD), the newer one (default:
    /// the files as they are now), and a file or folder to compare (default: all).
    #[arg(value_name = "ARGS", num_args = 0..=3)]
    pub(crate) args: Vec<String>,
    /// The repository (default: the current directory).
    #[arg(long, default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Write the changes as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// A roadmap's geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum GeometryArg {
    /// forvalt's readable layout.
    Readable,
    /// Mermaid's exact layout.
    Mermaid,
}

/// How `forvalt check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// rustc-style messages with source snippets, on standard error.
    Human,
    /// A JSON array on standard output.
    Json,
    /// GitHub Actions workflow annotations on standard output.
    Github,
    /// A SARIF 2.1.0 log on standard output (GitHub code scanning).
    Sarif,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The repository (default: the current directory), or Markdown files to check on
    /// their own (any extension, e.g. `.txt`).
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub(crate) format: CheckFormat,
    /// Exit with 1 on warnings too (`--deny warnings`).
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub(crate) deny: Option<String>,
    /// A Hunspell dictionary (`.dic` path; the `.aff` is beside it). Default:
    /// /usr/share/hunspell/da_DK.dic when installed (Debian's hunspell-da).
    #[arg(long, value_name = "DIC")]
    pub(crate) dictionary: Option<PathBuf>,
    /// Do not check spelling.
    #[arg(long)]
    pub(crate) no_spelling: bool,
    /// The date used as "today" (YYYY-MM-DD); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
    /// Print only the summary line (human format).
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Write the fixes (each file replaced atomically; in place when it has other hard
    /// links). Without it, show them as a diff.
    #[arg(long)]
    pub(crate) write: bool,
    /// Write even when git cannot show a clean work tree: uncommitted changes, no git
    /// repository, git not installed or refusing the repository.
    #[arg(long)]
    pub(crate) allow_dirty: bool,
}

#[derive(Debug, Args)]
pub(crate) struct PdfArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// The PDF file to write.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Only this menu branch: a page's or folder's path, or a menu title.
    #[arg(long, value_name = "PATH")]
    pub(crate) section: Option<String>,
    /// Leave drafts out (as `forvalt: publish: approved` in _config.yml does).
    #[arg(long)]
    pub(crate) approved_only: bool,
    /// The date used as "today" (YYYY-MM-DD); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
    /// Print only errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct PackArgs {
    /// The meeting's file (agenda and minutes).
    pub(crate) meeting: PathBuf,
    /// The repository (default: the current directory).
    #[arg(long, default_value = ".")]
    pub(crate) dir: PathBuf,
    /// The PDF file to write.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Print only errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code (`links::missing-file`), a family (`links`), or nothing for the list.
    pub(crate) code: Option<String>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct ExportArgs {
    /// What to export: `chart` for a file's charts as images; without it, the model as JSON.
    #[command(subcommand)]
    pub(crate) what: Option<ExportWhat>,
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Write the whole model as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The date used as "today" (YYYY-MM-DD); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportWhat {
    /// Export the charts of a file — roadmaps (gantt) and årshjul — as SVG, PNG or PDF, drawn
    /// as the site draws them (`forvalt export chart docs/roadmap.md --pdf`).
    Chart(ChartArgs),
    /// Write a governance report — any of the five forms: OS2's template, the checkbox or
    /// glyph table, the assessment, or a self-evaluation — as OS2's JSON self-evaluation
    /// (`forvalt export governance rapport.md --json-selfevaluation -o selvevaluering.json`).
    Governance(GovernanceArgs),
    /// The whole site (or one menu branch) as one accessible PDF, in menu order: title page,
    /// contents with page numbers, bookmarks, links, running header and footer, A4
    /// (`forvalt export pdf . -o site.pdf`).
    Pdf(PdfArgs),
    /// One meeting's board pack as a PDF: a cover (body, date, time, place, participants,
    /// links that lead nowhere), the agenda and minutes, then every decision, change request
    /// and roadmap the agenda links, and the status report as of the meeting's day
    /// (`forvalt export pack dagsordner-og-referater/styregruppe/20260604_….md -o pakke.pdf`).
    Pack(PackArgs),
}

#[derive(Debug, Args)]
pub(crate) struct GovernanceArgs {
    /// The report: a Markdown page or a JSON self-evaluation.
    pub(crate) file: PathBuf,
    /// Write OS2's JSON self-evaluation form.
    #[arg(long, required = true)]
    pub(crate) json_selfevaluation: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The date used as "today" for `generatedAt` (YYYY-MM-DD); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("format").required(true).multiple(true).args(["svg", "png", "pdf"])))]
pub(crate) struct ChartArgs {
    /// A Markdown page, a `.mmd` gantt chart or an `aarshjul.yml`.
    pub(crate) file: PathBuf,
    /// Write SVG.
    #[arg(long)]
    pub(crate) svg: bool,
    /// Write PNG (twice the chart's size, see --scale).
    #[arg(long)]
    pub(crate) png: bool,
    /// Write PDF (one page the chart's size, text selectable).
    #[arg(long)]
    pub(crate) pdf: bool,
    /// Where to write: a file when there is one chart and one format, else a folder
    /// (default: the current folder). Names are the file's name (`plan.pdf`), with the
    /// chart's (`plan-roadmap-2.pdf`) when the file has several.
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    /// Only the Nth chart of the file (1 = the first).
    #[arg(long, value_name = "N")]
    pub(crate) chart: Option<usize>,
    /// PNG pixels per chart pixel.
    #[arg(long, default_value_t = 2.0)]
    pub(crate) scale: f32,
    /// The date used as "today" (today markers, the årshjul's year); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// The address to listen on. Default: 127.0.0.1, reachable from this machine only.
    #[arg(long, value_name = "IP")]
    pub(crate) host: Option<String>,
    /// The port.
    #[arg(short, long, default_value_t = 4000)]
    pub(crate) port: u16,
    /// Leave drafts out (as `forvalt: publish: approved` in _config.yml does).
    #[arg(long)]
    pub(crate) approved_only: bool,
    /// The date used as "today" (YYYY-MM-DD or YYYY-MM-DDTHH:MM); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
    /// Do not build the search index.
    #[arg(long)]
    pub(crate) no_search: bool,
    /// Do not publish the charts as SVG, PNG and PDF downloads.
    #[arg(long)]
    pub(crate) no_exports: bool,
    /// Print how long each stage of every build took.
    #[arg(long)]
    pub(crate) timings: bool,
    /// Print no diagnostics (only the address and rebuild times).
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Publish the site's PDF (forvalt.pdf) and every meeting's board pack
    /// (pakker/<meeting>.pdf) with it, linked from the front page and the meetings' pages.
    #[arg(long)]
    pub(crate) pdf: bool,
    /// Where to write the site.
    #[arg(short, long, default_value = "_site", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Leave drafts out (as `forvalt: publish: approved` in _config.yml does).
    #[arg(long)]
    pub(crate) approved_only: bool,
    /// Build the site as it was at the end of this day (YYYY-MM-DD), from git: the last
    /// commit of that day or before, with "today" set to that day.
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// The date used as "today" and as the build time (YYYY-MM-DD or YYYY-MM-DDTHH:MM);
    /// default: $SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
    /// Exit with status 1 when there are errors.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Do not build the search index.
    #[arg(long)]
    pub(crate) no_search: bool,
    /// Do not publish the charts as SVG, PNG and PDF downloads.
    #[arg(long)]
    pub(crate) no_exports: bool,
    /// Print how long each stage of the build took.
    #[arg(long)]
    pub(crate) timings: bool,
    /// Print no diagnostics and no summary.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// Language of labels and messages in output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LocaleArg {
    /// Danish.
    Da,
    /// English.
    En,
}

impl From<LocaleArg> for forvalt_gantt::Locale {
    fn from(l: LocaleArg) -> Self {
        match l {
            LocaleArg::Da => forvalt_gantt::Locale::Da,
            LocaleArg::En => forvalt_gantt::Locale::En,
        }
    }
}

/// Colours of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ThemeArg {
    /// Light, or dark when the viewer's system prefers dark.
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
    /// Mermaid's default colours.
    Mermaid,
}

impl From<ThemeArg> for forvalt_gantt::Theme {
    fn from(t: ThemeArg) -> Self {
        match t {
            ThemeArg::Auto => forvalt_gantt::Theme::Auto,
            ThemeArg::Light => forvalt_gantt::Theme::Light,
            ThemeArg::Dark => forvalt_gantt::Theme::Dark,
            ThemeArg::Mermaid => forvalt_gantt::Theme::Mermaid,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct GanttArgs {
    /// A `.mmd` file, a Markdown file, or `-` for standard input.
    pub(crate) file: PathBuf,
    /// Write the SVG here (several charts: `name-1.svg`, `name-2.svg`, …).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Print the schedule as JSON instead of SVG.
    #[arg(long, conflicts_with = "table")]
    pub(crate) json: bool,
    /// Print the tasks as an HTML table (the chart's text alternative) instead of SVG.
    #[arg(long)]
    pub(crate) table: bool,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 1200.0)]
    pub(crate) width: f64,
    /// The date used as "today" (YYYY-MM-DD or YYYY-MM-DDTHH:MM); default: now.
    #[arg(long, value_name = "DATE", value_parser = today_value)]
    pub(crate) today: Option<String>,
    /// Time zone of the chart's dates: `UTC`, an offset, an IANA name, or `local`.
    #[arg(long, default_value = "UTC", value_name = "ZONE")]
    pub(crate) tz: String,
    /// Language of axis labels and text alternatives.
    #[arg(long, value_enum, default_value = "en")]
    pub(crate) locale: LocaleArg,
    /// Exit with status 1 when a chart has errors.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Enable forvalt's extensions: quarter ticks, `dataDate`, progress (`40%`).
    #[arg(long)]
    pub(crate) extensions: bool,
    /// Colours.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) theme: ThemeArg,
    /// The chart's geometry: `readable` (forvalt's: no text under 11 px, labels where no
    /// line, label or other bar crosses them, marker lines interrupted around text) or
    /// `mermaid` (Mermaid's exact layout).
    #[arg(long, value_enum, default_value = "readable")]
    pub(crate) geometry: GeometryArg,
    /// The same as `--geometry mermaid`.
    #[arg(long, conflicts_with = "geometry")]
    pub(crate) exact: bool,
    /// The Mermaid version whose gantt semantics apply, as a site pins it (`11.16.0`):
    /// from 11.16 `vert` markers take no row and `excludes` lines add up. Default 11.12.0.
    #[arg(long, value_name = "VERSION", value_parser = parse_mermaid_version)]
    pub(crate) mermaid_version: Option<forvalt_gantt::MermaidVersion>,
    /// Print no diagnostics.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// The years `--today` accepts. A date far outside them is a typing mistake, and one
/// outside the range of timestamps would silently become 1970.
const TODAY_YEARS: std::ops::RangeInclusive<u64> = 1900..=2200;

/// Checks a `--today` value: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` or an RFC 3339
/// timestamp, in the years [`TODAY_YEARS`].
fn today_value(text: &str) -> Result<String, String> {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !t[digits..].starts_with('-') {
        return Err("not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM".into());
    }
    let year: u64 = t[..digits].parse().unwrap_or(u64::MAX);
    if !TODAY_YEARS.contains(&year) {
        return Err(format!(
            "the year must be between {} and {}",
            TODAY_YEARS.start(),
            TODAY_YEARS.end()
        ));
    }
    let utc = forvalt_gantt::Zone::utc();
    if forvalt_gantt::time::parse_local(t, &utc).is_none() && t.parse::<jiff::Timestamp>().is_err()
    {
        return Err("not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM".into());
    }
    Ok(text.to_string())
}

/// A Mermaid version on the command line.
fn parse_mermaid_version(text: &str) -> Result<forvalt_gantt::MermaidVersion, String> {
    forvalt_gantt::MermaidVersion::parse(text)
        .ok_or_else(|| format!("`{text}` is not a version; write it like 11.16.0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_must_be_a_date_in_range() {
        for ok in [
            "2026-01-01",
            "2026-1-5",
            "1900-01-01",
            "2200-12-31T23:59",
            "2026-01-01T10:00:00Z",
            "2026-01-01T10:00:00+02:00",
        ] {
            assert_eq!(today_value(ok).as_deref(), Ok(ok));
        }
        for (bad, why) in [
            ("99999-01-01", "between 1900 and 2200"),
            ("0000-00-00", "between 1900 and 2200"),
            ("1899-12-31", "between 1900 and 2200"),
            ("99999999999999999999999-01-01", "between 1900 and 2200"),
            ("2026-02-30", "not a date"),
            ("-5-01-01", "not a date"),
            ("i går", "not a date"),
            ("", "not a date"),
        ] {
            let err = today_value(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
