//! The årshjul's figure (the drawn wheel, its legend and the same events as a table) and the
//! page of the repository's standalone `aarshjul.yml` files.

use super::chart::{Downloads, downloads};
use super::{Day, Link};
use crate::draw::wheel::{Mode, colour, svg};
use crate::i18n::Strings;
use forvalt_model::aarshjul::Wheel;
use jiff::civil::Date;
use serde::Serialize;

/// Where the årshjul of standalone files is published.
pub const OUTPUT: &str = "forvaltning/aarshjul.html";

/// An årshjul's figure (`wheel.html`).
#[derive(Debug, Serialize)]
pub struct WheelFigure {
    /// Element id (`aarshjul-1`).
    pub id: String,
    /// The drawn SVG.
    pub svg: String,
    /// Title.
    pub title: String,
    /// The rings: colour and name.
    pub legend: Vec<(String, String)>,
    /// Every event in date order.
    pub rows: Vec<WheelRow>,
    /// Download links, when the wheel is exported.
    pub downloads: Option<Downloads>,
}

/// An event of the wheel.
#[derive(Debug, Serialize)]
pub struct WheelRow {
    /// First day.
    pub start: Day,
    /// Last day, for a period.
    pub end: Option<Day>,
    /// The ring's name.
    pub ring: String,
    /// The event, linked to its meeting's page.
    pub name: Link,
    /// `afholdt` or `planlagt` for a meeting.
    pub state: Option<&'static str>,
    /// Time of day.
    pub time: String,
    /// Place.
    pub place: String,
}

/// The figure of wheel `w` with element id `id`; `link` gives the href of a meeting's page.
pub fn figure(
    w: &Wheel,
    id: &str,
    today: Date,
    strings: &Strings,
    link: &dyn Fn(&str) -> Option<String>,
    downloads: Option<Downloads>,
) -> WheelFigure {
    let danish = strings.danish();
    let rows = w
        .placed()
        .iter()
        .map(|p| {
            let ring = &w.rings[p.ring];
            let e = &ring.events[p.event];
            WheelRow {
                start: Day::new(p.when.start, danish),
                end: (p.when.start != p.when.end).then(|| Day::new(p.when.end, danish)),
                ring: ring.name.clone(),
                name: Link::new(
                    e.meeting.as_deref().and_then(link).unwrap_or_default(),
                    e.name.clone(),
                ),
                state: e.meeting.as_ref().map(|_| {
                    strings.t(if e.held {
                        "wheel_held"
                    } else {
                        "wheel_planned"
                    })
                }),
                time: e.time.clone().unwrap_or_default(),
                place: e.place.clone().unwrap_or_default(),
            }
        })
        .collect();
    WheelFigure {
        id: id.to_string(),
        svg: svg(w, id, today, danish, Mode::Page, link),
        title: w.title.clone(),
        legend: (0..w.rings.len())
            .map(|i| (colour(w, i), w.rings[i].name.clone()))
            .collect(),
        rows,
        downloads,
    }
}

/// The href from the page at `from` to the page of meeting `id`, when it is published.
pub fn meeting_href(
    records: &forvalt_model::Records,
    links: &forvalt_model::links::LinkIndex,
    from: &str,
    id: &str,
) -> Option<String> {
    let m = records.meeting(id)?;
    let target = links.target(&format!("/{}", m.source.path()?))?;
    Some(forvalt_model::url::relative(from, &links.url_of(&target)))
}

/// The page of the standalone årshjul files (`annual-cycle.html`).
#[derive(Debug, Serialize)]
pub struct WheelPage {
    /// Each file's wheel and its path.
    pub wheels: Vec<(WheelFigure, String)>,
}

/// The wheels of the repository's standalone files, for the page at [`OUTPUT`], with the
/// charts to export (when `exports`) and what parsing found.
pub fn page(
    repo: &forvalt_model::Repository,
    links: &forvalt_model::links::LinkIndex,
    strings: &Strings,
    exports: bool,
) -> (
    WheelPage,
    Vec<crate::export::ChartFile>,
    Vec<forvalt_diag::Diagnostic>,
) {
    let danish = repo.danish();
    let today = repo.now.date();
    let url = format!("/{OUTPUT}");
    let mut wheels = Vec::new();
    let mut charts = Vec::new();
    let mut diagnostics = Vec::new();
    for wf in &repo.wheel_files {
        let Some(text) = repo.sources.get(wf.file).map(|f| f.text.as_str()) else {
            continue;
        };
        let Some(w) = forvalt_model::aarshjul::parse(
            text,
            wf.file,
            0,
            today,
            &repo.records,
            &mut diagnostics,
        ) else {
            continue;
        };
        let stem = format!("aarshjul-{}", wheels.len() + 1);
        let link = |id: &str| meeting_href(&repo.records, links, &url, id);
        // Its PNG and PDF are drawn in the reader's browser, like a roadmap's.
        let dl = exports.then(|| downloads(&url, &stem, true));
        if exports {
            let mut file = crate::draw::wheel::export(&w, &stem, today, danish);
            file.in_browser = true;
            charts.push(file);
        }
        wheels.push((
            figure(&w, &stem, today, strings, &link, dl),
            wf.path.clone(),
        ));
    }
    (WheelPage { wheels }, charts, diagnostics)
}
