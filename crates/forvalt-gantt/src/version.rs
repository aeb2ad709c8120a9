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

    /// Reads `11.16.0`, `11.9`, `"9.1.3"`, `v12`; `None` for what is not a version
    /// (`latest`).
    pub fn parse(text: &str) -> Option<MermaidVersion> {
        let t = text.trim().trim_matches(['"', '\'']);
        let t = t.trim_start_matches(['v', '=', '^', '~']);
        let mut parts = t.split('.');
        let number = |p: Option<&str>| -> Option<u16> {
            match p {
                None => Some(0),
                Some(p) => p.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok(),
            }
        };
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

    /// Before 11.16, a `vert` marker took a row of its own (an empty row in the chart).
    pub fn verts_take_rows(self) -> bool {
        self < MermaidVersion(11, 16, 0)
    }
}

impl std::fmt::Display for MermaidVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
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
            Some(MermaidVersion(11, 9, 0))
        );
        assert_eq!(MermaidVersion::parse("latest"), None);
        assert!(MermaidVersion::DEFAULT.verts_take_rows());
        assert!(!MermaidVersion(11, 16, 0).verts_take_rows());
        assert!(MermaidVersion(12, 4, 0).merges_day_lists());
        assert!(!MermaidVersion(11, 15, 0).merges_day_lists());
    }
}
