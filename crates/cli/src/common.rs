//! Reading feeds, times and zones from the command line.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use statuslight_core::formats::{self, shards};
use statuslight_core::Zone;
use statuslight_core::{Feed, FeedKind};

use crate::fsio;
use crate::Failure;

/// Read one or more files of one page into a feed (Statuslight, Statuspage v2, Atom or
/// RSS). A Statuslight current feed also gets the month shards its `history` index
/// lists, read from beside it, so it describes all its history.
pub fn load_feed(paths: &[PathBuf], with_shards: bool) -> Result<Feed, Failure> {
    let bytes: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| fsio::read(p))
        .collect::<Result<_, _>>()?;
    let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let mut feed = formats::parse_feeds(&slices).map_err(|e| {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        Failure::io(format!("{}: {e}", names.join(", ")))
    })?;
    if with_shards && feed.kind == FeedKind::Statuslight && paths.len() == 1 {
        merge_listed_shards(&mut feed, &paths[0])?;
    }
    Ok(feed)
}

/// Where a shard listed with `url` lives, for a feed at `feed_path`.
pub fn shard_path(feed_path: &Path, url: &str) -> PathBuf {
    let dir = feed_path.parent().unwrap_or(Path::new(""));
    dir.join(url.split(['?', '#']).next().unwrap_or(url))
}

/// Merge every shard the feed's index lists; a listed shard that is missing is an error.
pub fn merge_listed_shards(feed: &mut Feed, feed_path: &Path) -> Result<(), Failure> {
    let listed: Vec<(String, String)> = feed
        .history
        .iter()
        .map(|h| (h.month.clone(), h.url.clone()))
        .collect();
    for (n, (month, url)) in listed.iter().enumerate() {
        let path = shard_path(feed_path, url);
        let bytes = fsio::read(&path).map_err(|f| match f {
            Failure::Io(m) => Failure::io(format!(
                "{m} (listed in {} at history[{n}].url for {month})",
                feed_path.display()
            )),
            other => other,
        })?;
        let shard = shards::parse_shard(&bytes)
            .map_err(|e| Failure::io(format!("{}: {e}", path.display())))?;
        shards::merge_shard(feed, shard)
            .map_err(|e| Failure::io(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// An instant: RFC 3339 (`2021-05-05T22:00:00+09:00`), or `now`.
pub fn parse_time(s: &str, what: &str) -> Result<DateTime<Utc>, Failure> {
    if s.eq_ignore_ascii_case("now") {
        return Ok(Utc::now());
    }
    statuslight_core::formats::rfc3339::parse(s.trim()).ok_or_else(|| {
        Failure::io(format!(
            "{what}: {s:?} is not {}",
            statuslight_core::formats::rfc3339::EXPECTED
        ))
    })
}

/// A date `YYYY-MM-DD`.
pub fn parse_date(s: &str, what: &str) -> Result<NaiveDate, Failure> {
    statuslight_core::formats::rfc3339::parse_date(s.trim())
        .ok_or_else(|| Failure::io(format!("{what}: {s:?} is not a date such as 2021-05-01")))
}

/// An IANA zone name.
pub fn parse_tz(s: &str) -> Result<Zone, Failure> {
    Zone::parse(s.trim()).ok_or_else(|| {
        Failure::io(format!(
            "--tz: {s:?} is not an IANA time zone such as Asia/Seoul"
        ))
    })
}

/// The moment a command describes: `--now` when given, else the feed's `as_of` (a
/// snapshot describes its moment, as the page shows it), else the clock.
pub fn effective_now(feed: &Feed, now: Option<&str>) -> Result<DateTime<Utc>, Failure> {
    match now {
        Some(s) => parse_time(s, "--now"),
        None => Ok(feed.as_of.unwrap_or_else(Utc::now)),
    }
}

/// Print a progress line on standard error.
pub fn progress(msg: impl AsRef<str>) {
    eprintln!("statuslight: {}", msg.as_ref());
}
