//! The repository's licence file (`LICENSE`, `LICENSE.md`, `COPYING`, …) and the licence it
//! holds, recognised by the sentences that identify each licence text: what a governance
//! report's licence claim is checked against.

use crate::files::{FileEntry, Files};
use forvalt_diag::{Diagnostic, FileId, Sources};

/// The licence file at the repository's root.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Its path.
    pub path: String,
    /// The file.
    pub file: FileId,
    /// The SPDX id of the licence recognised in it, if any.
    pub spdx: Option<&'static str>,
}

/// Licences by SPDX id and a sentence only their text holds (lower case, spaces collapsed).
/// More specific texts first: the AGPL and LGPL mention the GPL.
const KNOWN: [(&str, &str); 9] = [
    ("MPL-2.0", "mozilla public license version 2.0"),
    ("EUPL-1.2", "european union public licence v. 1.2"),
    ("AGPL-3.0", "gnu affero general public license version 3"),
    ("LGPL-3.0", "gnu lesser general public license version 3"),
    ("GPL-3.0", "gnu general public license version 3"),
    ("GPL-2.0", "gnu general public license version 2"),
    ("Apache-2.0", "apache license version 2.0"),
    (
        "BSD-3-Clause",
        "neither the name of the copyright holder nor the names of its contributors",
    ),
    (
        "MIT",
        "permission is hereby granted, free of charge, to any person obtaining a copy",
    ),
];

/// The SPDX id of the licence in a licence text.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut norm = String::with_capacity(text.len().min(1 << 16));
    let mut space = false;
    for c in text.chars().take(1 << 16) {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !norm.is_empty() {
                norm.push(' ');
            }
            space = false;
            norm.extend(c.to_lowercase());
        }
    }
    KNOWN
        .iter()
        .find(|(_, phrase)| norm.contains(phrase))
        .map(|(id, _)| *id)
}

/// The SPDX ids a text names (`MPL-2.0`, `MPL 2.0`, `MIT`), in order of the table. Ids
/// are matched with their letter case, as whole words, so the Danish "mit" is no licence.
pub fn named(text: &str) -> Vec<&'static str> {
    let t = text.replace(' ', "-");
    KNOWN
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| {
            t.match_indices(id).any(|(i, _)| {
                let before = t[..i].chars().next_back();
                let mut after = t[i + id.len()..].chars();
                let next = after.next();
                // A whole id: not the "GPL-3.0" inside "AGPL-3.0" or "LGPL-3.0"; a full stop
                // ends it unless a digit follows ("MIT." but not "GPL-3.0.1").
                let ends = match next {
                    None => true,
                    Some('.') => !after.next().is_some_and(|c| c.is_ascii_digit()),
                    Some(c) => !c.is_ascii_alphanumeric(),
                };
                !before.is_some_and(|c| c.is_ascii_alphanumeric()) && ends
            })
        })
        .collect()
}

/// Finds and reads the licence file at the root.
pub fn find(
    files: &dyn Files,
    list: &[FileEntry],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Found> {
    let licence_name = |l: &str| {
        let stem = l.split('.').next().unwrap_or("");
        matches!(stem, "license" | "licence" | "copying")
    };
    let (path, file, text) =
        crate::repo::read_root_file(files, list, licence_name, sources, diagnostics)?;
    Some(Found {
        path,
        file,
        spdx: detect(&text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licences_are_recognised() {
        assert_eq!(
            detect("Mozilla Public License Version 2.0\n==================================\n"),
            Some("MPL-2.0")
        );
        assert_eq!(
            detect(
                "MIT License\n\nPermission is hereby granted, free of charge, to any\nperson obtaining a copy"
            ),
            Some("MIT")
        );
        assert_eq!(
            detect(
                "GNU AFFERO GENERAL PUBLIC LICENSE\n Version 3, 19 November 2007\n... GNU Affero General Public License version 3"
            ),
            Some("AGPL-3.0")
        );
        assert_eq!(detect("Alle rettigheder forbeholdes."), None);
        assert_eq!(named("Koden er MPL-2.0, se LICENSE"), vec!["MPL-2.0"]);
        assert_eq!(named("licens: MPL 2.0"), vec!["MPL-2.0"]);
        assert_eq!(
            named("Det er mit projekt, se https://x.dk/mit-projekt"),
            Vec::<&str>::new()
        );
        assert_eq!(named("Koden er MIT."), vec!["MIT"]);
        assert_eq!(named("AGPL-3.0"), vec!["AGPL-3.0"]);
        assert_eq!(named("Ingen licens nævnt"), Vec::<&str>::new());
    }
}
