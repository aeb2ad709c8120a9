//! Views: what each page shows, as plain data that templates render. A view is filled in
//! Rust from the repository and serialised into its template's context; it holds text, never
//! HTML (except bodies already rendered from Markdown and drawn SVG, marked as such).

pub mod chart;
pub mod history;
pub mod layout;
pub mod menu;
pub mod records;
pub mod toc;
pub mod wheel;

use forvalt_model::dates::long_date;
use jiff::civil::Date;
use serde::Serialize;

/// A link, or plain text when `href` is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    /// Address, relative to the page (empty: not a link).
    pub href: String,
    /// Text.
    pub text: String,
    /// The GitHub issue the record comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<u64>,
}

impl Link {
    /// A link; plain text when `href` is not a web, mail or relative address.
    pub fn new(href: impl Into<String>, text: impl Into<String>) -> Link {
        let href = href.into();
        Link {
            href: if forvalt_model::url::is_safe_link(&href) {
                href
            } else {
                String::new()
            },
            text: text.into(),
            issue: None,
        }
    }

    /// Plain text.
    pub fn text(text: impl Into<String>) -> Link {
        Link::new(String::new(), text)
    }
}

/// A calendar day: ISO for `datetime`, and as shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Day {
    /// `2026-06-04`.
    pub iso: String,
    /// `4. juni 2026`.
    pub text: String,
}

impl Day {
    /// A day in the site's language.
    pub fn new(d: Date, danish: bool) -> Day {
        Day {
            iso: d.to_string(),
            text: long_date(d, danish),
        }
    }

    /// A day, when there is one.
    pub fn of(d: Option<Date>, danish: bool) -> Option<Day> {
        d.map(|d| Day::new(d, danish))
    }
}

/// The calendar day of a timestamp (seconds) in `zone`.
pub fn day_of_second(secs: i64, zone: &jiff::tz::TimeZone) -> Option<Date> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.to_zoned(zone.clone()).date())
}
