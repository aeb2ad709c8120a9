//! The Mermaid version whose gantt semantics a chart is read with: the version a site pins
//! (`mermaid: version:` in `_config.yml`), or 11.12 by default.

/// A Mermaid version (major, minor, patch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MermaidVersion(pub u16, pub u16, pub u16);

impl Default for MermaidVersion {
    fn default() -> Self {
        MermaidVersion::DEFAULT
    }
}

impl MermaidVersion {
    /// The version forvalt reproduces unless told otherwise (its reference data's).
    pub const DEFAULT: MermaidVersion = MermaidVersion(11, 12, 0);

    /// The newest version there is (`latest`).
    pub const NEWEST: MermaidVersion = MermaidVersion(u16::MAX, u16::MAX, u16::MAX);

    /// Reads a version as a CDN resolves it: `11.16.0` exactly, `11.9` and `^11.9` as the
    /// newest 11.9.x and 11.x, `11` as the newest 11.x, `latest` as the newest; `None` for
    /// what is not a version.
    pub fn parse(text: &str) -> Option<MermaidVersion> {
        let t = text.trim().trim_matches(['"', '\'']);
        if t.eq_ignore_ascii_case("latest") {
            return Some(MermaidVersion::NEWEST);
        }
        let caret = t.starts_with('^');
        let t = t.trim_start_matches(['v', '=', '^', '~']);
        let mut parts = t.split('.');
        let number = |p: Option<&str>| -> Option<u16> {
            match p {
                None => Some(u16::MAX),
                Some(p) => p.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok(),
            }
        };
        if caret {
            let major = parts.next()?.parse().ok()?;
            return Some(MermaidVersion(major, u16::MAX, u16::MAX));
        }
        let major = parts.next()?.parse().ok()?;
        Some(MermaidVersion(
            major,
            number(parts.next())?,
            number(parts.next())?,
        ))
    }

    /// From 11.16, every `excludes` (and `includes`) line adds to the list; before, the last
    /// line replaced the others.
    pub fn merges_day_lists(self) -> bool {
        self >= MermaidVersion(11, 16, 0)
    }

    /// Whether pie slices are drawn largest first and coloured in that order: Mermaid 10
    /// up to 11.13 (and 11.12, the default). From 11.14 Mermaid keeps the source's order;
    /// Mermaid 9 colours the slices in the source's order too (it only places them by size).
    pub fn pie_by_value(self) -> bool {
        self.0 >= 10 && self < MermaidVersion(11, 14, 0)
    }

    /// Whether the version is written out in full (`11.12.0`), not resolved by a CDN to the
    /// newest matching one (`11.12`, `^11`, `latest`).
    pub fn exact(self) -> bool {
        self.0 != u16::MAX && self.1 != u16::MAX && self.2 != u16::MAX
    }

    /// Mermaid before 9.2 read dates with moment.js and drew with the 9.1 renderer: a
    /// duration is any whole number and unit at the start of the text (`5days`, `30ms` =
    /// 30 minutes), `D` and `M` also take two digits, a chart without `dateFormat` reads ISO
    /// dates, a start that is not a date is "now", there is no `until`, excluded dates match
    /// only in the chart's format, compact mode does not exist, sections keep their order,
    /// and the excluded days are always shaded, from the first task's time of day.
    pub fn moment_era(self) -> bool {
        self < MermaidVersion(9, 2, 0)
    }

    /// The recorded version whose gantt charts forvalt draws for this one, and whether
    /// that reproduces this version (tested against charts the versions drew): 9.0 and 9.1
    /// as 9.1.3, 11.0 to 11.15 as 11.12.0, 11.16 to 12.4 as themselves. Older versions are
    /// read as 9.1.3; 9.2 to 10.x (anchored durations from 9.2, dayjs from 9.4.3) as
    /// 11.12.0, and anything newer than 12.4 as 12.4.0: the nearest recorded ones.
    pub fn reproduced_as(self) -> (MermaidVersion, bool) {
        const NEWEST_KNOWN: MermaidVersion = MermaidVersion(12, 4, u16::MAX);
        match self {
            v if v.moment_era() => (MermaidVersion(9, 1, 3), v.0 == 9),
            v if v.0 < 11 => (MermaidVersion(11, 12, 0), false),
            v if v < MermaidVersion(11, 16, 0) => (MermaidVersion(11, 12, 0), true),
            v if v <= NEWEST_KNOWN => (v, true),
            _ => (MermaidVersion(12, 4, 0), false),
        }
    }

    /// Before 11.16, a `vert` marker took a row of its own (an empty row in the chart).
    pub fn verts_take_rows(self) -> bool {
        self < MermaidVersion(11, 16, 0)
    }
}

impl std::fmt::Display for MermaidVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let part = |p: u16| {
            if p == u16::MAX {
                "x".to_string()
            } else {
                p.to_string()
            }
        };
        write!(f, "{}.{}.{}", part(self.0), part(self.1), part(self.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            MermaidVersion::parse("11.16.0"),
            Some(MermaidVersion(11, 16, 0))
        );
        assert_eq!(
            MermaidVersion::parse("\"9.1.3\""),
            Some(MermaidVersion(9, 1, 3))
        );
        assert_eq!(
            MermaidVersion::parse("11.9"),
            Some(MermaidVersion(11, 9, u16::MAX))
        );
        assert_eq!(
            MermaidVersion::parse("^11.9"),
            Some(MermaidVersion(11, u16::MAX, u16::MAX))
        );
        assert_eq!(
            MermaidVersion::parse("latest"),
            Some(MermaidVersion::NEWEST)
        );
        assert_eq!(MermaidVersion::parse("nyeste"), None);
        assert!(!MermaidVersion::parse("11").unwrap().verts_take_rows());
        assert!(MermaidVersion::DEFAULT.verts_take_rows());
        assert!(!MermaidVersion(11, 16, 0).verts_take_rows());
        assert!(MermaidVersion(12, 4, 0).merges_day_lists());
        assert!(!MermaidVersion(11, 15, 0).merges_day_lists());
        let as_ = |v: &str| MermaidVersion::parse(v).unwrap().reproduced_as();
        assert_eq!(as_("9.1.3"), (MermaidVersion(9, 1, 3), true));
        assert_eq!(as_("10.9.1"), (MermaidVersion(11, 12, 0), false));
        assert_eq!(as_("9.4.3"), (MermaidVersion(11, 12, 0), false));
        assert_eq!(
            as_("9"),
            (MermaidVersion(11, 12, 0), false),
            "the CDN serves 9.4.3"
        );
        assert_eq!(as_("9.1"), (MermaidVersion(9, 1, 3), true));
        assert_eq!(as_("8.14.0"), (MermaidVersion(9, 1, 3), false));
        assert_eq!(as_("11.9"), (MermaidVersion(11, 12, 0), true));
        assert_eq!(as_("12.4.0"), (MermaidVersion(12, 4, 0), true));
        assert_eq!(as_("12.4"), (MermaidVersion(12, 4, u16::MAX), true));
        assert!(!as_("latest").1);
        assert!(!as_("13.0.0").1);
        let pie = |v: &str| MermaidVersion::parse(v).unwrap().pie_by_value();
        assert!(MermaidVersion::DEFAULT.pie_by_value());
        assert!(pie("11.12.0") && pie("11.9") && pie("10.9.1"));
        assert!(!pie("latest") && !pie("11") && !pie("^11.12"));
        assert!(!pie("11.14") && !pie("12.4.0") && !pie("9.1.3"));
        assert!(
            MermaidVersion(11, 12, 0).exact() && !MermaidVersion::parse("11.12").unwrap().exact()
        );
    }
}
