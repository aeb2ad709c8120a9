//! One module per subcommand.

pub(crate) mod build;
pub(crate) mod chart;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod export;
pub(crate) mod fix;
pub(crate) mod gantt;
pub(crate) mod new;
mod overwritten;
pub(crate) mod serve;
pub(crate) mod sync;

use anyhow::{Result, bail};

/// Reads the clock once: libraries take "now" as an input.
#[allow(clippy::disallowed_methods)]
pub(crate) fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// The zone named on the command line (`local` = the system's).
pub(crate) fn zone(name: &str) -> Result<forvalt_gantt::Zone> {
    if name.eq_ignore_ascii_case("local") {
        return Ok(forvalt_gantt::Zone::from_jiff(jiff::tz::TimeZone::system()));
    }
    forvalt_gantt::Zone::named(name).map_err(anyhow::Error::msg)
}

/// "Today" from `--today` (read in `zone`), or the clock.
pub(crate) fn today(arg: Option<&str>, zone: &forvalt_gantt::Zone) -> Result<i64> {
    let Some(text) = arg else {
        return Ok(now().as_millisecond());
    };
    if let Some(t) = forvalt_gantt::time::parse_local(text, zone) {
        return Ok(t);
    }
    match text.parse::<jiff::Timestamp>() {
        Ok(ts) => Ok(ts.as_millisecond()),
        Err(_) => {
            bail!("invalid --today: `{text}` is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        }
    }
}

/// "Now" for a build: `--today` (UTC), else `$SOURCE_DATE_EPOCH` (reproducible builds),
/// else the clock.
pub(crate) fn now_or(today_arg: Option<&str>) -> Result<i64> {
    if today_arg.is_some() {
        return today(today_arg, &forvalt_gantt::Zone::utc());
    }
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = s
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH is not a number of seconds: `{s}`"))?;
        return Ok(secs.saturating_mul(1000));
    }
    Ok(now().as_millisecond())
}
