//! The site's look as readers get it: a custom colour scheme's link colour must be
//! readable on the page.

use forvalt_diag::Diagnostic;
use forvalt_model::Repository;
use forvalt_model::scheme::contrast;

/// The light theme's page background (forvalt's and just-the-docs' light scheme).
const BACKGROUND: &str = "#ffffff";

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let Some((link, span)) = repo.color_scheme.as_ref().and_then(|s| s.link.as_ref()) else {
        return;
    };
    let ratio = contrast(link, BACKGROUND);
    if ratio < 4.5 {
        out.push(
            Diagnostic::warning(
                "config::low-contrast",
                format!(
                    "the link colour {link} has a contrast of {ratio:.1}:1 on the white page; WCAG 2.1 AA needs 4.5:1"
                ),
            )
            .with_span(*span)
            .with_note("forvalt keeps its own link colour, so links stay readable")
            .with_help("choose a darker colour, such as #00537a (8.3:1)"),
        );
    }
}
