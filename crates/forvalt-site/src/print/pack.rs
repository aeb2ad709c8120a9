//! A meeting's board pack (`forvalt export pack MEETING.md`): a cover with the body, date,
//! time, place and participants, the meeting's page (agenda and minutes), then as
//! appendices every decision, change request and roadmap its agenda links (or the records
//! model ties to it), in the order the agenda names them, and the status report. The
//! agenda's links lead to the appendices inside the PDF; links that lead nowhere are
//! listed on the cover and reported.

use super::{PrintOptions, Printed, document, front};
use crate::site::BuildOptions;
use forvalt_diag::{Checked, Diagnostic};
use forvalt_model::Repository;
use forvalt_model::records::Meeting;

/// The address of a page of the site by its path, if published.
fn page_of<'a>(repo: &'a Repository, path: &str) -> Option<&'a forvalt_model::Page> {
    repo.pages
        .iter()
        .enumerate()
        .find(|(i, p)| repo.published[*i] && p.path == path)
        .map(|(_, p)| p)
}

/// Whether a page is an appendix a board reads: a decision, a change request or a roadmap.
fn appendix(repo: &Repository, path: &str) -> bool {
    let cfg = forvalt_model::records::RecordsConfig::from_config(&repo.config.raw);
    let under = |dir: &str| path.starts_with(&format!("{dir}/"));
    let roadmap = || {
        page_of(repo, path)
            .and_then(|p| repo.sources.get(p.file))
            .is_some_and(|s| s.text.contains("gantt"))
    };
    under(&cfg.decisions) || under(&cfg.change_requests) || roadmap()
}

/// The cover's lines: body, date and time, place, participants.
fn cover(repo: &Repository, m: &Meeting) -> Vec<String> {
    let da = repo.danish();
    let body = repo
        .records
        .bodies
        .iter()
        .find(|b| b.key == m.body)
        .map_or(m.body.clone(), |b| b.name.clone());
    let mut out = vec![body];
    if let Some(d) = m.date {
        let mut when = forvalt_model::dates::long_date(d, da);
        if let Some(t) = &m.time {
            let end = t.end.as_deref().or(t.planned_end.as_deref());
            when.push_str(&match end {
                Some(e) => format!(", kl. {}–{e}", t.start),
                None => format!(", kl. {}", t.start),
            });
        }
        out.push(when);
    }
    if let Some(p) = &m.place {
        out.push(p.clone());
    }
    let names: Vec<String> = m
        .participants
        .iter()
        .map(|a| match &a.role {
            Some(r) => format!("{} ({r})", a.name),
            None => a.name.clone(),
        })
        .collect();
    if !names.is_empty() {
        let word = if da { "Deltagere" } else { "Participants" };
        out.push(format!("{word}: {}", names.join(", ")));
    }
    out
}

/// The board pack of the meeting in file `path`.
pub fn pack_pdf(
    repo: &Repository,
    options: &BuildOptions,
    path: &str,
    print: &PrintOptions,
) -> Checked<Vec<u8>> {
    let mut diagnostics = Vec::new();
    let site = super::built(repo, options).unpack(&mut diagnostics);
    let status = status_page(repo, options);
    let (bytes, more) = pack_of(repo, &site, path, print, status.as_ref()).into_parts();
    diagnostics.extend(more);
    Checked::with_diagnostics(bytes, diagnostics)
}

/// The meeting's page (`first`) and its appendices, in the order the agenda names them:
/// the pages of the decisions, change requests and roadmaps it links (also those kept as
/// issues) and of the decisions the records tie to it; and the agenda's links that lead to
/// no file of the repository.
fn appendices(
    repo: &Repository,
    m: &Meeting,
    path: &str,
    first: Printed,
) -> (Vec<Printed>, Vec<String>) {
    let da = repo.danish();
    let mut pages = vec![first];
    let mut missing = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // An appendix: (key, title, address, output file).
    let mut add = |(key, name, url, output): (String, String, String, String),
                   pages: &mut Vec<Printed>| {
        if seen.insert(key.clone()) && key != path {
            let word = if da { "Bilag" } else { "Appendix" };
            let title = format!("{word} {}: {name}", pages.len());
            pages.push(Printed {
                depth: 0,
                title: title.clone(),
                url,
                output,
                section: title,
            });
        }
    };
    let of_page = |p: &forvalt_model::Page| {
        (
            p.path.clone(),
            p.title.clone(),
            p.url.clone(),
            p.output.clone(),
        )
    };
    // Decisions and change requests kept as issues have pages of their own.
    let issue_pages: Vec<(String, (String, String, String, String))> =
        crate::views::records::issue::numbers(repo)
            .into_iter()
            .filter_map(|n| {
                let t = repo.records.threads.get(&n)?;
                let output = crate::views::records::issue::output(n);
                let url = format!("/{}", forvalt_model::url::escape_path(&output));
                Some((
                    t.url.clone(),
                    (format!("issue-{n}"), t.title.clone(), url, output),
                ))
            })
            .collect();
    for item in &m.agenda {
        for l in &item.links {
            let Some(target) = l.path.as_deref() else {
                let bare = l
                    .target
                    .split('#')
                    .next()
                    .unwrap_or(&l.target)
                    .trim_end_matches('/');
                if let Some((_, a)) = issue_pages
                    .iter()
                    .find(|(u, _)| u.trim_end_matches('/') == bare)
                {
                    add(a.clone(), &mut pages);
                }
                continue;
            };
            match page_of(repo, target) {
                Some(p) if appendix(repo, target) => add(of_page(p), &mut pages),
                Some(_) => {}
                None if !repo.files.iter().any(|f| f.path == target) => {
                    missing.push(format!("{} → {}", l.text.trim(), l.target));
                }
                None => {}
            }
        }
    }
    for id in &m.decisions {
        if let Some(p) = repo
            .records
            .decision(id)
            .and_then(|d| d.source.path())
            .and_then(|s| page_of(repo, s))
        {
            add(of_page(p), &mut pages);
        }
    }
    (pages, missing)
}

/// The status report's page (the packs' last appendix), when the site has one.
pub(crate) fn status_page(repo: &Repository, options: &BuildOptions) -> Option<Printed> {
    let plan = crate::plan(repo, options).unpack(&mut Vec::new());
    let g = plan
        .generated
        .iter()
        .find(|g| g.output == crate::views::records::PAGES[4].0)?;
    Some(Printed {
        depth: 0,
        title: g.title.clone(),
        url: g.url.clone(),
        output: g.output.clone(),
        section: g.title.clone(),
    })
}

/// The board pack of the meeting in file `path`, from the built `site`, with `status` (the
/// status report's page) as the last appendix.
pub(crate) fn pack_of(
    repo: &Repository,
    site: &crate::Site,
    path: &str,
    print: &PrintOptions,
    status: Option<&Printed>,
) -> Checked<Vec<u8>> {
    let Some(m) = repo
        .records
        .meetings
        .iter()
        .find(|m| m.source.path() == Some(path))
    else {
        let d = Diagnostic::error(
            "print::not-printable",
            format!(
                "{path} is no meeting of the records (agenda and minutes under the meetings folder)"
            ),
        );
        return Checked::with_diagnostics(Vec::new(), vec![d]);
    };
    let Some(page) = page_of(repo, path) else {
        let d = Diagnostic::error("print::not-printable", format!("{path} is not published"));
        return Checked::with_diagnostics(Vec::new(), vec![d]);
    };
    let da = repo.danish();
    let first = Printed {
        depth: 0,
        title: m.title.clone(),
        url: page.url.clone(),
        output: page.output.clone(),
        section: m.title.clone(),
    };
    let (mut pages, missing) = appendices(repo, m, path, first);
    pages.extend(status.cloned());
    let mut f = front(repo, print);
    f.title = m.title.clone();
    f.lines = cover(repo, m);
    if !missing.is_empty() {
        let word = if da {
            "Links uden bilag"
        } else {
            "Links without an appendix"
        };
        f.missing = Some((word.to_string(), missing.clone()));
    }
    let (bytes, mut diagnostics) = document(site, &pages, f, print.reader.as_ref()).into_parts();
    for x in missing {
        diagnostics.push(Diagnostic::warning(
            "print::not-printable",
            format!("{path}: the agenda links to what is not in the repository: {x}"),
        ));
    }
    Checked::with_diagnostics(bytes, diagnostics)
}
