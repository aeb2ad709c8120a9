//! Prose copied from another product's documents: a sentence about another OS2 product and
//! the OS2 secretariat ("OS2display vil fortsat have adgang til OS2-sekretariatets
//! rådgivning") on a page of this product that names that product nowhere else.

use crate::text::{products, prose_lines};
use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;

/// A product name compared across spellings: `os2skolekørsel` and `os2skolekoersel` agree.
fn plain(name: &str) -> String {
    name.replace('ø', "oe")
        .replace('æ', "ae")
        .replace('å', "aa")
}

/// Words after `OS2` that name no product (`OS2produkter`, `OS2sekretariatet`).
const NOT_PRODUCTS: [&str; 14] = [
    "produkt",
    "sekretariat",
    "fællesskab",
    "faellesskab",
    "bestyrelse",
    "kommune",
    "medlem",
    "governance",
    "forvaltning",
    "styregruppe",
    "koordinationsgruppe",
    "netværk",
    "organisation",
    "model",
];

/// Whether a name found by [`products`] is a product's (not `os2produkter`).
fn product(name: &str) -> bool {
    let rest = name.get(3..).unwrap_or("");
    !NOT_PRODUCTS.iter().any(|w| rest.starts_with(w))
}

/// Whether two product names are the same product (`os2skolekoerselstyregruppe` is a file
/// name that starts with `os2skolekoersel`).
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (plain(a), plain(b));
    a.starts_with(&b) || b.starts_with(&a)
}

/// The sentences of a line: (byte offset, text), split after `.`, `!` or `?` and a space.
fn sentences(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, c) in line.char_indices() {
        if matches!(c, '.' | '!' | '?') && line[i + 1..].starts_with(' ') {
            out.push((from, &line[from..=i]));
            from = i + 2;
        }
    }
    if from < line.len() {
        out.push((from, &line[from..]));
    }
    out
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for page in &repo.pages {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let parent = page.nav.parent.as_ref().map(|p| p.value.as_str());
        let own: Vec<String> = [
            Some(repo.config.title.as_str()),
            Some(page.title.as_str()),
            Some(page.path.as_str()),
            parent,
        ]
        .into_iter()
        .flatten()
        .flat_map(products)
        .collect();
        let Some(mine) = own.first() else {
            continue;
        };
        // Most pages name no other product with the secretariat: leave them before the
        // Markdown is scanned.
        let body = src.text.get(page.body_offset..).unwrap_or("");
        if !body.contains("ekretariat")
            || !products(body)
                .iter()
                .any(|n| product(n) && !own.iter().any(|o| same(n, o)))
        {
            continue;
        }
        let lines = prose_lines(&src.text, page.body_offset);
        if !lines
            .iter()
            .any(|l| l.text.to_lowercase().contains("sekretariat"))
        {
            continue;
        }
        let everywhere: Vec<String> = lines.iter().flat_map(|l| products(&l.text)).collect();
        for line in &lines {
            for (at, sentence) in sentences(&line.text) {
                if !sentence.to_lowercase().contains("sekretariat") {
                    continue;
                }
                let named: Vec<String> = products(sentence)
                    .into_iter()
                    .filter(|n| product(n))
                    .collect();
                if named.iter().any(|n| own.iter().any(|o| same(n, o))) {
                    continue;
                }
                let Some(other) = named.first() else { continue };
                let here = named.iter().filter(|n| *n == other).count();
                if everywhere.iter().filter(|n| *n == other).count() != here {
                    continue;
                }
                let lower = sentence.to_lowercase();
                let i = lower.find(other.as_str()).unwrap_or(0);
                // Lower case may change byte lengths outside Danish: then the sentence.
                let (start, len) = if lower.len() == sentence.len() {
                    (line.start + at + i, other.len())
                } else {
                    (line.start + at, 0)
                };
                let shown = |p: &str| format!("OS2{}", &p[3..]);
                out.push(
                    Diagnostic::warning(
                        "prose::other-product",
                        format!(
                            "this sentence is about {} and the OS2 secretariat, but the page is about {}",
                            shown(other),
                            shown(mine)
                        ),
                    )
                    .with_span(Span::new(start, start + len).in_file(page.file))
                    .with_help("was the text copied from another product's document? name this product"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sentences() {
        assert!(same("os2skolekørsel", "os2skolekoerselstyregruppe"));
        assert!(!same("os2display", "os2skolekoersel"));
        assert!(!product("os2produkter") && !product("os2sekretariatet") && product("os2forms"));
        assert_eq!(
            sentences("OS2forms får support. Det gør vi også! Slut"),
            [
                (0, "OS2forms får support."),
                (23, "Det gør vi også!"),
                (42, "Slut")
            ]
        );
    }
}
