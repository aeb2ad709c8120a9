//! Gantt charts: every ```` ```mermaid ```` gantt fence is parsed, scheduled and laid out by
//! forvalt-gantt exactly as the site draws it; its diagnostics are placed in the Markdown file.

use forvalt_diag::{Diagnostic, Span};
use forvalt_gantt::{LayoutOptions, Locale, ParseOptions, ScheduleOptions, Zone};
use forvalt_model::Repository;

use crate::milestones;
use crate::text::products;

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let zone = Zone::from_jiff(repo.time_zone.clone());
    let now = repo
        .now
        .start_of_day()
        .map_or(repo.now.timestamp(), |d| d.timestamp())
        .as_millisecond();
    let extensions = repo.config.gantt_extensions;
    let mermaid = repo.config.mermaid_version().unwrap_or_default();
    let locale = if repo.config.lang.starts_with("en") {
        Locale::En
    } else {
        Locale::Da
    };
    for page in &repo.pages {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let body = src.text.get(page.body_offset..).unwrap_or("");
        if !body.contains("gantt") {
            continue;
        }
        let mut items: Vec<milestones::Item> = Vec::new();
        for chart in forvalt_gantt::charts_in_markdown(body) {
            let mut diags = Vec::new();
            let diagram = forvalt_gantt::parse(
                &chart.text,
                &ParseOptions {
                    extensions,
                    mermaid,
                },
            )
            .unpack(&mut diags);
            let schedule = forvalt_gantt::schedule(
                &diagram,
                &ScheduleOptions {
                    zone: zone.clone(),
                    now,
                    extensions,
                    mermaid,
                },
            )
            .unpack(&mut diags);
            let _ = forvalt_gantt::layout(
                &schedule,
                &LayoutOptions {
                    width: 1200.0,
                    locale,
                    config: repo.config.gantt.clone(),
                    readable: true,
                },
            )
            .unpack(&mut diags);
            items.extend(chart_items(&schedule, &repo.time_zone));
            let base = page.body_offset + chart.offset;
            other_product(page, &repo.config.title, &diagram, &mut diags);
            let indented = chart.text.len() != chart.fence.len()
                && body
                    .get(chart.fence.start..)
                    .is_some_and(|f| f.starts_with(' '));
            out.extend(diags.into_iter().map(|d| {
                d.map_spans(|s| {
                    if indented {
                        // The fence's indentation was removed: point at the fence.
                        Span::new(
                            page.body_offset + chart.fence.start,
                            page.body_offset + chart.fence.start,
                        )
                        .in_file(page.file)
                    } else {
                        Span::new(base + s.start as usize, base + s.end as usize).in_file(page.file)
                    }
                })
            }));
        }
        milestones::check(
            body,
            page.body_offset,
            page.file,
            &items,
            locale == Locale::Da,
            out,
        );
    }
}

/// The milestones and tasks of a scheduled chart with the days they are drawn on: a
/// milestone's day; a task's first day, its end and the day before (an end is exclusive).
fn chart_items(
    schedule: &forvalt_gantt::Schedule,
    zone: &jiff::tz::TimeZone,
) -> Vec<milestones::Item> {
    let day = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .ok()
            .map(|t| t.to_zoned(zone.clone()).date())
    };
    schedule
        .tasks
        .iter()
        .filter(|t| !t.vert)
        .filter_map(|t| {
            let (start, end) = (t.start?, t.end?);
            let days = if t.milestone {
                vec![day(start)?]
            } else {
                [day(start), day(end), day(end - 1)]
                    .into_iter()
                    .flatten()
                    .collect()
            };
            Some(milestones::Item {
                name: t.name.clone(),
                days,
            })
        })
        .collect()
}

/// A chart whose title names another OS2 product than the page it is on (a roadmap copied
/// from another product's repository and not renamed).
fn other_product(
    page: &forvalt_model::Page,
    site_title: &str,
    diagram: &forvalt_gantt::Diagram,
    out: &mut Vec<Diagnostic>,
) {
    use forvalt_gantt::syntax::ast::StatementKind;
    let Some((title, span)) = diagram.statements.iter().find_map(|s| match &s.kind {
        StatementKind::Title(v) => Some((v.raw.clone(), v.span)),
        _ => None,
    }) else {
        return;
    };
    let named = products(&title);
    let Some(first) = named.first() else {
        return;
    };
    let parent = page
        .nav
        .parent
        .as_ref()
        .map(|p| p.value.clone())
        .unwrap_or_default();
    let own: Vec<String> = [
        parent.as_str(),
        page.title.as_str(),
        page.path.as_str(),
        site_title,
    ]
    .iter()
    .flat_map(|t| products(t))
    .collect();
    let Some(mine) = own.first() else {
        return;
    };
    if own.contains(first) {
        return;
    }
    let shown = |p: &str| format!("OS2{}", &p[3..]);
    out.push(
        Diagnostic::warning(
            "gantt::other-product",
            format!(
                "the chart's title names {}, but the page is about {}",
                shown(first),
                shown(mine)
            ),
        )
        .with_span(span)
        .with_help("was the roadmap copied from another product? correct the title"),
    );
}
