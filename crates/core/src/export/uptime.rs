//! Uptime reports from the engine ([`crate::uptime`]): one row per component over a
//! window, as JSON or CSV, and the precomputed `uptime.json` a static host serves.
//!
//! Every number is the engine's own: minutes are the [`Tally`](crate::uptime::Tally)
//! milliseconds divided by 60 000, `uptime_percent` is
//! [`WindowStats::uptime_percent`](crate::uptime::WindowStats) unrounded, and `uptime` is
//! [`format_uptime`] with two decimals, the figure the page prints.

use crate::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use super::{output_lang, rfc3339, text_in};
use crate::model::Feed;
use crate::uptime::{format_uptime, UptimeIndex, UptimeOptions, Window, WindowStats};

/// One component's uptime over one window.
#[derive(Clone, Debug, PartialEq)]
pub struct UptimeRow {
    pub component: String,
    pub name: String,
    pub group: Option<String>,
    pub is_group: bool,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Percent, unrounded; `None` when nothing was counted.
    pub uptime_percent: Option<f64>,
    /// As the page shows it: two decimals, rounded down; `None` when nothing was counted.
    pub uptime: Option<String>,
    pub major_minutes: f64,
    pub partial_minutes: f64,
    pub degraded_minutes: f64,
    pub maintenance_minutes: f64,
    pub observed_minutes: f64,
    pub counted_minutes: f64,
    pub downtime_minutes: f64,
    pub incidents: usize,
    pub long_incidents: usize,
}

impl UptimeRow {
    fn from_stats(feed: &Feed, s: &WindowStats, lang: &str) -> Self {
        let comp = feed.component(&s.component_id);
        UptimeRow {
            component: s.component_id.clone(),
            name: comp
                .map(|c| text_in(&c.name, lang))
                .unwrap_or_else(|| s.component_id.clone()),
            group: comp.and_then(|c| c.group_id.clone()),
            is_group: comp.is_some_and(|c| c.is_group),
            first: s.first,
            last: s.last,
            uptime_percent: s.uptime_percent,
            uptime: s.uptime_percent.map(|u| format_uptime(u, 2)),
            major_minutes: s.tally.major_minutes(),
            partial_minutes: s.tally.partial_minutes(),
            degraded_minutes: s.tally.degraded_minutes(),
            maintenance_minutes: s.tally.maintenance_minutes(),
            observed_minutes: s.tally.observed_minutes(),
            counted_minutes: s.counted_minutes,
            downtime_minutes: s.downtime_minutes,
            incidents: s.incident_ids.len(),
            long_incidents: s.long_incident_count,
        }
    }

    /// The row as a JSON object.
    pub fn to_json(&self) -> Value {
        json!({
            "component": self.component,
            "name": self.name,
            "group": self.group,
            "is_group": self.is_group,
            "first": self.first.to_string(),
            "last": self.last.to_string(),
            "uptime_percent": self.uptime_percent,
            "uptime": self.uptime,
            "major_minutes": self.major_minutes,
            "partial_minutes": self.partial_minutes,
            "degraded_minutes": self.degraded_minutes,
            "maintenance_minutes": self.maintenance_minutes,
            "observed_minutes": self.observed_minutes,
            "counted_minutes": self.counted_minutes,
            "downtime_minutes": self.downtime_minutes,
            "incidents": self.incidents,
            "long_incidents": self.long_incidents,
        })
    }
}

/// Rows for every component of the feed (groups included, display order) over the
/// dates `first..=last` cut in `tz`.
pub fn rows(
    feed: &Feed,
    index: &UptimeIndex,
    first: NaiveDate,
    last: NaiveDate,
    tz: Zone,
    opts: &UptimeOptions,
    lang: Option<&str>,
) -> Vec<UptimeRow> {
    let lang = output_lang(feed, lang);
    feed.components
        .iter()
        .filter_map(|c| index.range(&c.id, first, last, tz, opts))
        .map(|s| UptimeRow::from_stats(feed, &s, &lang))
        .collect()
}

/// Rows as a pretty JSON array.
pub fn rows_json(rows: &[UptimeRow]) -> String {
    let v = Value::Array(rows.iter().map(UptimeRow::to_json).collect());
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

const CSV_HEADER: &str = "component,name,group,first,last,uptime_percent,uptime,major_minutes,partial_minutes,degraded_minutes,maintenance_minutes,observed_minutes,counted_minutes,downtime_minutes,incidents,long_incidents";

/// Rows as CSV (RFC 4180, a header line first, CRLF-free).
pub fn rows_csv(rows: &[UptimeRow]) -> String {
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for r in rows {
        let fields = [
            csv_field(&r.component),
            csv_field(&r.name),
            csv_field(r.group.as_deref().unwrap_or("")),
            r.first.to_string(),
            r.last.to_string(),
            r.uptime_percent.map(|u| u.to_string()).unwrap_or_default(),
            r.uptime.clone().unwrap_or_default(),
            r.major_minutes.to_string(),
            r.partial_minutes.to_string(),
            r.degraded_minutes.to_string(),
            r.maintenance_minutes.to_string(),
            r.observed_minutes.to_string(),
            r.counted_minutes.to_string(),
            r.downtime_minutes.to_string(),
            r.incidents.to_string(),
            r.long_incidents.to_string(),
        ];
        s.push_str(&fields.join(","));
        s.push('\n');
    }
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The windows `uptime.json` precomputes, in days.
pub const PRECOMPUTED_DAYS: [u32; 3] = [30, 90, 365];

/// `uptime.json`: per component, the last 30, 90 and 365 days ending on the date of
/// `now` in `tz`, with the options and zone they were computed with.
pub fn precomputed(
    feed: &Feed,
    now: DateTime<Utc>,
    tz: Zone,
    opts: &UptimeOptions,
    lang: Option<&str>,
) -> String {
    let index = UptimeIndex::new(feed, now);
    let (w, d) = opts.weights();
    let mut per: Vec<(String, Value)> = Vec::new();
    for days in PRECOMPUTED_DAYS {
        let Some((first, last)) = Window::LastDays(days).dates(tz, now) else {
            continue;
        };
        for r in rows(feed, &index, first, last, tz, opts, lang) {
            let key = format!("{days}d");
            match per.iter_mut().find(|(id, _)| *id == r.component) {
                Some((_, v)) => {
                    v["windows"][key] = r.to_json();
                }
                None => {
                    let mut v = json!({
                        "component": r.component,
                        "name": r.name,
                        "group": r.group,
                        "is_group": r.is_group,
                        "windows": {},
                    });
                    v["windows"][key] = r.to_json();
                    per.push((r.component.clone(), v));
                }
            }
        }
    }
    let doc = json!({
        "generated_at": rfc3339(now),
        "time_zone": tz.name(),
        "options": {
            "partial_weight": w,
            "degraded_weight": d,
            "count_maintenance": opts.count_maintenance,
        },
        "components": per.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::statuslight;

    const FEED: &str = r#"{"version": "statuslight/1",
      "components": [{"id": "a", "name": "A, \"quoted\"", "start_date": "2021-01-01"}],
      "incidents": [{"id": "x", "title": "X", "impact": "major",
        "components": [{"id": "a", "severity": "major_outage", "from": "2021-01-10T00:00:00Z", "to": "2021-01-10T01:00:00Z"}]}]}"#;

    #[test]
    fn rows_match_the_engine_and_csv_quotes() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let now: DateTime<Utc> = "2021-01-31T00:00:00Z".parse().unwrap();
        let index = UptimeIndex::new(&feed, now);
        let first = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2021, 1, 30).unwrap();
        let opts = UptimeOptions::default();
        let r = rows(&feed, &index, first, last, Zone::UTC, &opts, None);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].major_minutes, 60.0);
        assert_eq!(r[0].observed_minutes, 30.0 * 1440.0);
        let engine = index.range("a", first, last, Zone::UTC, &opts).unwrap();
        assert_eq!(r[0].uptime_percent, engine.uptime_percent);
        let csv = rows_csv(&r);
        assert!(csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("a,\"A, \"\"quoted\"\"\",,2021-01-01"));
    }

    #[test]
    fn precomputed_has_three_windows_per_component() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let now: DateTime<Utc> = "2021-01-31T00:00:00Z".parse().unwrap();
        let v: Value = serde_json::from_str(&precomputed(
            &feed,
            now,
            Zone::UTC,
            &UptimeOptions::default(),
            None,
        ))
        .unwrap();
        let w = &v["components"][0]["windows"];
        for k in ["30d", "90d", "365d"] {
            assert_eq!(w[k]["major_minutes"], 60.0, "{k}");
        }
    }
}
