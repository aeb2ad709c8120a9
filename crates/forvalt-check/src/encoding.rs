//! Line endings: a file that mixes `\r\n` and `\n` (edited on two kinds of machine).
//! Damaged encodings, byte order marks and UTF-16 are reported by the model when it reads
//! the file.

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;

/// (`\r\n` count, lone `\n` count, offset of the first line ending of the minority kind).
pub(crate) fn line_endings(text: &str) -> (usize, usize, Option<usize>, Option<usize>) {
    let b = text.as_bytes();
    let (mut crlf, mut lf) = (0, 0);
    let (mut first_crlf, mut first_lf) = (None, None);
    for (i, c) in b.iter().enumerate() {
        if *c == b'\n' {
            if i > 0 && b[i - 1] == b'\r' {
                crlf += 1;
                first_crlf.get_or_insert(i - 1);
            } else {
                lf += 1;
                first_lf.get_or_insert(i);
            }
        }
    }
    (crlf, lf, first_crlf, first_lf)
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for page in &repo.pages {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        if !src.text.contains('\r') {
            continue;
        }
        let (crlf, lf, first_crlf, first_lf) = line_endings(&src.text);
        if crlf == 0 || lf == 0 {
            continue;
        }
        let (at, minority, majority) = if crlf >= lf {
            (first_lf, "LF (\\n)", "CRLF (\\r\\n)")
        } else {
            (first_crlf, "CRLF (\\r\\n)", "LF (\\n)")
        };
        let at = at.unwrap_or(0);
        out.push(
            Diagnostic::note(
                "encoding::mixed-line-endings",
                format!(
                    "{} mixes line endings: {crlf} lines end in CRLF and {lf} in LF",
                    page.path
                ),
            )
            .with_span(Span::new(at, at).in_file(page.file))
            .with_label(Span::new(at, at).in_file(page.file), format!("the first {minority}"))
            .with_help(format!(
                "run `forvalt fix --write` to use {majority} throughout, and set `* text=auto` in .gitattributes"
            )),
        );
    }
}
