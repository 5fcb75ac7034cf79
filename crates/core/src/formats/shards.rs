//! Sharded history for `statuslight/1`: a small current feed plus one file per month.
//!
//! The current feed lists the shards in its `history` index (`{month, url, incidents}`,
//! read into [`Feed::history`]). A shard is a `statuslight/1` document with
//! `"shard": "YYYY-MM"` and only `incidents` and `maintenances`.
//!
//! Which month an item belongs to is the UTC month of its start: an incident's
//! `started_at`, a maintenance's planned start. UTC, not the page's zone, so that a
//! shard's name never depends on a setting that can change. [`split_history`] moves an
//! item into a shard only when it is closed, ended before the cutoff and ended before the
//! end of the month after its own; so the shards a page needs to show the days from `from`
//! to `to` are those of the months from the one before `from` to the one of `to`
//! ([`shards_covering`]). Anything else stays in the current feed, which the page always
//! loads.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::error::FeedError;
use crate::model::{Feed, FeedKind, HistoryShard, Incident, Maintenance};

use super::statuslight::{self, is_month, sort_incidents, sort_maintenances};

/// One month of history, as [`split_history`] makes it and [`parse_shard`] reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shard {
    /// `YYYY-MM`, in UTC.
    pub month: String,
    /// The month's incidents and maintenance, newest first; nothing else is set.
    pub feed: Feed,
}

impl Shard {
    /// The shard as a `statuslight/1` document (see [`shard_to_json`]).
    pub fn to_json(&self) -> String {
        shard_to_json(&self.month, &self.feed.incidents, &self.feed.maintenances)
    }
}

pub use super::statuslight::shard_to_json;

/// The UTC month (`YYYY-MM`) of an instant.
pub fn month_of(t: DateTime<Utc>) -> String {
    format!("{:04}-{:02}", t.year(), t.month())
}

/// Where [`split_history`] says a new month's shard lives, relative to the current feed:
/// `history/YYYY-MM.json`.
pub fn shard_url(month: &str) -> String {
    format!("history/{month}.json")
}

/// Where `current`'s index puts the shard of `month`, else [`shard_url`]'s default.
pub fn listed_url(current: &Feed, month: &str) -> String {
    current
        .history
        .iter()
        .find(|h| h.month == month)
        .map(|h| h.url.clone())
        .unwrap_or_else(|| shard_url(month))
}

/// The first instant of month `(year, month)` in UTC, months counted past December.
fn month_start(year: i32, month0: u32) -> Option<DateTime<Utc>> {
    let year = year.checked_add((month0 / 12) as i32)?;
    NaiveDate::from_ymd_opt(year, month0 % 12 + 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

/// The first instant of the month `k` months after `t`'s month.
fn months_after(t: DateTime<Utc>, k: u32) -> Option<DateTime<Utc>> {
    month_start(t.year(), t.month0() + k)
}

/// True when an item spanning `start..=end` that starts in `start`'s month may go into
/// that month's shard: it began in that month and ended before the month after next.
fn fits_shard(start: DateTime<Utc>, earliest: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    let (Some(lo), Some(hi)) = (months_after(start, 0), months_after(start, 2)) else {
        return false;
    };
    earliest >= lo && end < hi
}

/// When a closed incident ended, or `None` while any part of it is open.
fn incident_end(i: &Incident) -> Option<DateTime<Utc>> {
    let resolved = i.resolved_at?;
    i.intervals
        .iter()
        .try_fold(resolved, |acc, iv| iv.end.map(|e| acc.max(e)))
}

fn incident_to_shard(i: &Incident, cutoff: DateTime<Utc>) -> bool {
    let Some(end) = incident_end(i) else {
        return false;
    };
    let earliest = i
        .intervals
        .iter()
        .map(|iv| iv.start)
        .fold(i.started_at, DateTime::min);
    end < cutoff && fits_shard(i.started_at, earliest, end)
}

/// When finished maintenance ended, or `None` while it is not finished (no final update
/// and no actual end).
fn maintenance_end(m: &Maintenance) -> Option<DateTime<Utc>> {
    if !(m.status.is_final() || m.actual_end.is_some()) {
        return None;
    }
    let mut end = m.scheduled_end.max(m.scheduled_start);
    if let Some(a) = m.actual_start {
        end = end.max(a);
    }
    if let Some(a) = m.actual_end {
        end = end.max(a);
    }
    Some(end)
}

fn maintenance_to_shard(m: &Maintenance, cutoff: DateTime<Utc>) -> bool {
    let Some(end) = maintenance_end(m) else {
        return false;
    };
    let earliest = m
        .actual_start
        .map_or(m.scheduled_start, |a| a.min(m.scheduled_start));
    end < cutoff && fits_shard(m.scheduled_start, earliest, end)
}

/// Split `feed` into a current feed and month shards.
///
/// A closed incident (resolved, every interval ended) whose end is before `cutoff` goes to
/// the shard of the UTC month of its `started_at`, provided it began in that month (no
/// interval earlier) and ended before the end of the following month; finished
/// maintenance (a final status or an actual end) likewise by its planned start. Open
/// incidents, running or upcoming maintenance and anything longer stay current.
///
/// The current feed keeps everything else (page, components, times) and its `history`
/// index lists every shard: entries it had are kept, months with a new shard get their
/// incident count (and [`shard_url`] when they were not listed), newest month first.
/// A shard holds only the items of `feed`: to add to a month already published, merge
/// that shard into the feed first ([`merge_shard`]), then split.
///
/// Shards come newest month first; each one's items keep the feed's order.
pub fn split_history(feed: &Feed, cutoff: DateTime<Utc>) -> (Feed, Vec<Shard>) {
    let mut current = Feed {
        incidents: Vec::new(),
        maintenances: Vec::new(),
        ..feed.clone()
    };
    let mut shards: Vec<Shard> = Vec::new();
    fn shard_for(shards: &mut Vec<Shard>, month: String) -> &mut Feed {
        let at = match shards.iter().position(|s| s.month == month) {
            Some(at) => at,
            None => {
                shards.push(Shard {
                    month,
                    feed: Feed::empty(FeedKind::Statuslight),
                });
                shards.len() - 1
            }
        };
        &mut shards[at].feed
    }
    for i in &feed.incidents {
        if incident_to_shard(i, cutoff) {
            shard_for(&mut shards, month_of(i.started_at))
                .incidents
                .push(i.clone());
        } else {
            current.incidents.push(i.clone());
        }
    }
    for m in &feed.maintenances {
        if maintenance_to_shard(m, cutoff) {
            shard_for(&mut shards, month_of(m.scheduled_start))
                .maintenances
                .push(m.clone());
        } else {
            current.maintenances.push(m.clone());
        }
    }
    crate::order::sort_by(&mut shards, |a, b| b.month.cmp(&a.month));
    for s in &shards {
        let count = u32::try_from(s.feed.incidents.len()).ok();
        match current.history.iter_mut().find(|h| h.month == s.month) {
            Some(h) => h.incidents = count,
            None => current.history.push(HistoryShard {
                month: s.month.clone(),
                url: shard_url(&s.month),
                incidents: count,
            }),
        }
    }
    crate::order::sort_by(&mut current.history, |a, b| b.month.cmp(&a.month));
    (current, shards)
}

/// Read a month shard: a `statuslight/1` document with `"shard": "YYYY-MM"` and no
/// `history` of its own.
pub fn parse_shard(bytes: &[u8]) -> Result<Shard, FeedError> {
    let doc = statuslight::parse_document(bytes)?;
    if doc.has_history {
        return Err(FeedError::Invalid {
            path: "history".to_string(),
            message: "a month shard cannot list further shards".to_string(),
        });
    }
    let Some(month) = doc.shard else {
        return Err(FeedError::Invalid {
            path: "shard".to_string(),
            message: "expected \"shard\": \"YYYY-MM\" in a month shard".to_string(),
        });
    };
    let mut feed = Feed::empty(FeedKind::Statuslight);
    feed.incidents = doc.feed.incidents;
    feed.maintenances = doc.feed.maintenances;
    Ok(Shard { month, feed })
}

/// Merge a loaded shard into the feed that lists it.
///
/// Refuses a shard whose month the feed's `history` does not list. Incidents and
/// maintenance whose id the feed already has are skipped (the current feed is newer than
/// any shard); the rest are added and both lists are sorted again in the order [`parse`]
/// gives. The index entry stays, so merging the same shard twice changes nothing.
///
/// [`parse`]: super::statuslight::parse
pub fn merge_shard(feed: &mut Feed, shard: Shard) -> Result<(), FeedError> {
    if !feed.history.iter().any(|h| h.month == shard.month) {
        return Err(FeedError::Invalid {
            path: "shard".to_string(),
            message: format!(
                "month {:?} is not listed in the feed's history index",
                shard.month
            ),
        });
    }
    let have: HashSet<&str> = feed.incidents.iter().map(|i| i.id.as_str()).collect();
    let new: Vec<Incident> = shard
        .feed
        .incidents
        .into_iter()
        .filter(|i| !have.contains(i.id.as_str()))
        .collect();
    let have: HashSet<&str> = feed.maintenances.iter().map(|m| m.id.as_str()).collect();
    let new_m: Vec<Maintenance> = shard
        .feed
        .maintenances
        .into_iter()
        .filter(|m| !have.contains(m.id.as_str()))
        .collect();
    if !new.is_empty() {
        feed.incidents.extend(new);
        sort_incidents(&mut feed.incidents);
    }
    if !new_m.is_empty() {
        feed.maintenances.extend(new_m);
        sort_maintenances(&mut feed.maintenances);
    }
    Ok(())
}

/// The listed shards a page must load to show every incident and maintenance that
/// touches the days from `from` to `to` (the months from the one before `from`'s through
/// `to`'s), in the index's order.
pub fn shards_covering(feed: &Feed, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<&HistoryShard> {
    let first = if from.month() == 1 {
        format!("{:04}-12", from.year() - 1)
    } else {
        format!("{:04}-{:02}", from.year(), from.month() - 1)
    };
    let last = month_of(to);
    feed.history
        .iter()
        .filter(|h| is_month(&h.month) && h.month >= first && h.month <= last)
        .collect()
}
