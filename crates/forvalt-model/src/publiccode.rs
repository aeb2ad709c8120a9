//! `publiccode.yml`, the metadata file of the publiccode.yml standard that OS2's governance
//! report asks for: found at the repository's root (in any letter case, so that the wrong
//! case can be reported) and checked against the standard's required keys and allowed
//! values. Pure text analysis apart from [`find`].

use crate::files::{FileEntry, Files};
use forvalt_diag::{Diagnostic, FileId, Sources};
use serde_json::Value;

/// The file name the standard's tools look for.
pub const FILE_NAME: &str = "publiccode.yml";

/// A `publiccode.yml` (or a file named like it) at the repository's root.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Its path, as written (`Publiccode.yml`).
    pub path: String,
    /// The file.
    pub file: FileId,
}

/// Finds and reads the root's `publiccode.yml`, in any letter case, or `.yaml`.
pub fn find(
    files: &dyn Files,
    list: &[FileEntry],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Found> {
    let named = |l: &str| l == FILE_NAME || l == "publiccode.yaml";
    let (path, file, _) = crate::repo::read_root_file(files, list, named, sources, diagnostics)?;
    Some(Found { path, file })
}

/// One problem, with the byte range it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `publiccode::yaml`, `publiccode::missing-key` or `publiccode::invalid-value`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: (usize, usize),
}

/// Keys every publiccode.yml has (dotted: inside a mapping).
const REQUIRED: [&str; 11] = [
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "developmentStatus",
    "softwareType",
    "description",
    "legal.license",
    "maintenance.type",
    "localisation.localisationReady",
    "localisation.availableLanguages",
];

/// Keys with a fixed set of values.
const ALLOWED: [(&str, &[&str]); 3] = [
    (
        "developmentStatus",
        &["concept", "development", "beta", "stable", "obsolete"],
    ),
    (
        "softwareType",
        &[
            "standalone/mobile",
            "standalone/iot",
            "standalone/desktop",
            "standalone/web",
            "standalone/backend",
            "standalone/other",
            "addon",
            "library",
            "configurationFiles",
        ],
    ),
    (
        "maintenance.type",
        &["internal", "contract", "community", "none"],
    ),
];

fn get<'v>(v: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(v, |v, k| v.get(k))
}

/// The byte range of the value of `key` (its last part) in the text: the rest of the first
/// line that starts with `key:`; the file's start when there is none.
fn place(text: &str, dotted: &str) -> (usize, usize) {
    let key = dotted.rsplit('.').next().unwrap_or(dotted);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.trim();
            let start = at
                + (line.len() - t.len())
                + key.len()
                + 1
                + (rest.len() - rest.trim_start().len());
            return (start, start + value.len());
        }
        at += line.len();
    }
    (0, 0)
}

/// Checks a publiccode.yml's text.
pub fn problems(text: &str) -> Vec<Problem> {
    let v: Value = match serde_saphyr::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string();
            return vec![Problem {
                code: "publiccode::yaml",
                message: format!(
                    "publiccode.yml is not valid YAML: {}",
                    message.lines().next().unwrap_or("")
                ),
                span: (0, 0),
            }];
        }
    };
    if !v.is_object() {
        return vec![Problem {
            code: "publiccode::yaml",
            message: "publiccode.yml is not a mapping of keys and values".into(),
            span: (0, 0),
        }];
    }
    let mut out = Vec::new();
    for key in REQUIRED {
        if get(&v, key).is_none_or(Value::is_null) {
            out.push(Problem {
                code: "publiccode::missing-key",
                message: format!("publiccode.yml has no `{key}`, which the standard requires"),
                span: place(text, key.split('.').next().unwrap_or(key)),
            });
        }
    }
    for (key, allowed) in ALLOWED {
        let Some(value) = get(&v, key) else { continue };
        let ok = value.as_str().is_some_and(|s| allowed.contains(&s));
        if !ok {
            out.push(Problem {
                code: "publiccode::invalid-value",
                message: format!(
                    "`{key}` is {value}; the standard allows {}",
                    allowed.join(", ")
                ),
                span: place(text, key),
            });
        }
    }
    if let Some(date) = get(&v, "releaseDate") {
        let s = date.as_str().unwrap_or_default();
        let b = s.as_bytes();
        let iso = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !iso {
            out.push(Problem {
                code: "publiccode::invalid-value",
                message: format!(
                    "`releaseDate` is {date}; the standard writes dates as YYYY-MM-DD"
                ),
                span: place(text, "releaseDate"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "publiccodeYmlVersion: \"0.4\"\nname: OS2skolekørsel\nurl: https://github.com/os2skolekoersel/os2skolekoersel\nreleaseDate: \"2026-03-02\"\nplatforms:\n  - web\ndevelopmentStatus: stable\nsoftwareType: standalone/web\ndescription:\n  da:\n    shortDescription: Planlægning af skolekørsel\nlegal:\n  license: MPL-2.0\nmaintenance:\n  type: community\nlocalisation:\n  localisationReady: true\n  availableLanguages:\n    - da\n";

    #[test]
    fn a_valid_file_has_no_problems() {
        assert_eq!(problems(GOOD), vec![]);
    }

    #[test]
    fn wrong_values_and_missing_keys_are_found_where_they_are() {
        let bad = GOOD
            .replace("developmentStatus: stable", "developmentStatus: produktion")
            .replace("\"2026-03-02\"", "01-01-2021")
            .replace("legal:\n  license: MPL-2.0\n", "");
        let found = problems(&bad);
        let codes: Vec<(&str, &str)> = found
            .iter()
            .map(|p| (p.code, &bad[p.span.0..p.span.1]))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("publiccode::missing-key", ""),
                ("publiccode::invalid-value", "produktion"),
                ("publiccode::invalid-value", "01-01-2021"),
            ]
        );
        // `type: "internal", "community"` is not YAML at all.
        let broken = GOOD.replace("type: community", "type: \"internal\", \"community\"");
        assert_eq!(problems(&broken)[0].code, "publiccode::yaml");
    }

    #[test]
    fn any_text_is_checked_without_panicking() {
        for t in [
            "",
            ":",
            "- a\n- b",
            "name: [",
            "legal: 3\nmaintenance:\n  type: [1]\n",
            "ø: æ\n",
        ] {
            let _ = problems(t);
        }
    }
}
