//! The Mermaid version a Jekyll site pins (`mermaid: version:` in `_config.yml`, read by
//! just-the-docs, which loads that version in every reader's browser) against Mermaid's
//! published security advisories.

use forvalt_diag::Diagnostic;
use forvalt_model::Repository;

/// A version as (major, minor, patch).
type Version = (u32, u32, u32);

/// A published advisory: its id, what it is, and the versions it affects (`from` up to,
/// not including, `fixed`).
struct Advisory {
    id: &'static str,
    what: &'static str,
    from: Version,
    fixed: Version,
}

/// Mermaid's advisories as GitHub's advisory database lists them (read 2026-12-06). The
/// list is kept by hand: add new ones as they are published.
const ADVISORIES: &[Advisory] = &[
    Advisory {
        id: "bundled DOMPurify",
        what: "the HTML sanitizer Mermaid bundles has known bypasses (fixed in 10.9.3)",
        from: (0, 0, 0),
        fixed: (10, 9, 3),
    },
    Advisory {
        id: "GHSA-7rqq-prvp-x9jh",
        what: "script in sequence diagram labels (XSS)",
        from: (10, 9, 0),
        fixed: (10, 9, 4),
    },
    Advisory {
        id: "GHSA-7rqq-prvp-x9jh",
        what: "script in sequence diagram labels (XSS)",
        from: (11, 0, 0),
        fixed: (11, 10, 0),
    },
    Advisory {
        id: "GHSA-8gwm-58g9-j8pw",
        what: "script in architecture diagram icon texts (XSS)",
        from: (11, 1, 0),
        fixed: (11, 10, 0),
    },
    Advisory {
        id: "GHSA-6m6c-36f7-fhxh",
        what: "a gantt chart whose excludes cover every day hangs the reader's browser",
        from: (11, 0, 0),
        fixed: (11, 15, 0),
    },
    Advisory {
        id: "GHSA-87f9-hvmw-gh4p",
        what: "CSS injection through fontFamily, themeCSS and themeVariables",
        from: (11, 0, 0),
        fixed: (11, 15, 0),
    },
    Advisory {
        id: "GHSA-ghcm-xqfw-q4vr",
        what: "HTML injection through state diagram classDef",
        from: (11, 0, 0),
        fixed: (11, 15, 0),
    },
    Advisory {
        id: "GHSA-xcj9-5m2h-648r",
        what: "CSS injection through state diagram classDef",
        from: (11, 0, 0),
        fixed: (11, 15, 0),
    },
    Advisory {
        id: "CSS injection fixed in 11.16.1",
        what: "CSS injection (Mermaid's release notes for 11.16.1)",
        from: (11, 0, 0),
        fixed: (11, 16, 1),
    },
];

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let Some(span) = repo.config.places.value(&["mermaid", "version"]) else {
        return;
    };
    if let Some(pinned) = repo.config.mermaid_version() {
        let (drawn_as, same) = pinned.reproduced_as();
        if !same {
            out.push(
                Diagnostic::note(
                    "config::mermaid-version",
                    format!(
                        "forvalt draws this site's gantt charts as Mermaid {drawn_as} does, the nearest version whose rules it reproduces; Mermaid {pinned} may place some bars differently"
                    ),
                )
                .with_span(span)
                .with_help("forvalt reproduces 9.x, 11.x and 12.0–12.4; DEVIATIONS.md in forvalt-gantt lists what each changed"),
            );
        }
    }
    // Only an exact version: `11`, `11.12`, `^11.12` and `latest` load the newest
    // matching one, which forvalt cannot know.
    let Some(pinned) = repo.config.mermaid_version().filter(|v| v.exact()) else {
        return;
    };
    let v: Version = (pinned.0.into(), pinned.1.into(), pinned.2.into());
    let hits: Vec<&Advisory> = ADVISORIES
        .iter()
        .filter(|a| a.from <= v && v < a.fixed)
        .collect();
    let Some(fixed) = hits.iter().map(|a| a.fixed).max() else {
        return;
    };
    let mut d = Diagnostic::warning(
        "config::mermaid-advisory",
        format!(
            "Mermaid {}.{}.{}, which just-the-docs loads in readers' browsers, has {} published security problem{}",
            v.0,
            v.1,
            v.2,
            hits.len(),
            if hits.len() == 1 { "" } else { "s" }
        ),
    )
    .with_span(span);
    for a in &hits {
        d = d.with_note(format!("{}: {}", a.id, a.what));
    }
    out.push(d.with_help(format!(
        "pin {}.{}.{} or later; forvalt's own pages draw the charts themselves and load no Mermaid",
        fixed.0, fixed.1, fixed.2
    )));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advisories_by_version() {
        let count = |v: Version| {
            ADVISORIES
                .iter()
                .filter(|a| a.from <= v && v < a.fixed)
                .count()
        };
        assert_eq!(count((9, 1, 3)), 1);
        assert_eq!(count((10, 9, 3)), 1);
        assert_eq!(count((11, 12, 0)), 5);
        assert_eq!(count((11, 16, 0)), 1);
        assert_eq!(count((11, 16, 1)), 0);
        assert_eq!(count((12, 4, 0)), 0);
    }
}
