//! The uptime engine against hand-worked cases and properties.
#![cfg(feature = "tzdb")]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;
use statuslight_core::model::{
    Component, ComponentImpact, Feed, FeedKind, Impact, Incident, Maintenance, Severity, Text,
    UpdateStatus,
};
use statuslight_core::uptime::{
    day_stats, format_uptime, local_day_start, window_stats, ColourScale, DayBucket, DayStats,
    Tally, UptimeIndex, UptimeOptions, Window, WindowStats,
};
use statuslight_core::Zone;

// ---------------------------------------------------------------------------------------
// Building feeds by hand.

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("bad instant {s}: {e}"))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

const UTC: Zone = Zone::UTC;
const SEOUL: Zone = Zone::from_tz(chrono_tz::Asia::Seoul);
const BERLIN: Zone = Zone::from_tz(chrono_tz::Europe::Berlin);
const LA: Zone = Zone::from_tz(chrono_tz::America::Los_Angeles);

struct Build(Feed);

impl Build {
    fn new(ids: &[&str]) -> Build {
        let mut feed = Feed::empty(FeedKind::Statuslight);
        for (n, id) in ids.iter().enumerate() {
            feed.components.push(Component {
                id: id.to_string(),
                name: Text::untagged(*id),
                description: None,
                group_id: None,
                is_group: false,
                position: n as i64,
                start_date: None,
                status: None,
                only_show_if_degraded: false,
                showcase: true,
            });
        }
        Build(feed)
    }

    fn comp(&mut self, id: &str) -> &mut Component {
        self.0
            .components
            .iter_mut()
            .find(|c| c.id == id)
            .expect("component")
    }

    fn starts(mut self, id: &str, date: &str) -> Self {
        self.comp(id).start_date = Some(d(date));
        self
    }

    fn group(mut self, group: &str, children: &[&str]) -> Self {
        self.comp(group).is_group = true;
        for c in children {
            self.comp(c).group_id = Some(group.to_string());
        }
        self
    }

    /// An incident with one interval per `(component, severity, start, end)`; it starts at
    /// the earliest interval and resolves at the latest end (open if any is open).
    fn incident(self, id: &str, ivs: &[(&str, Severity, &str, Option<&str>)]) -> Self {
        let intervals: Vec<ComponentImpact> = ivs
            .iter()
            .map(|(c, sev, s, e)| ComponentImpact {
                component_id: c.to_string(),
                severity: *sev,
                start: t(s),
                end: e.map(t),
            })
            .collect();
        let started_at = intervals.iter().map(|iv| iv.start).min().expect("interval");
        let resolved_at = if intervals.iter().any(|iv| iv.end.is_none()) {
            None
        } else {
            intervals.iter().filter_map(|iv| iv.end).max()
        };
        self.incident_with(id, started_at, resolved_at, intervals)
    }

    fn incident_with(
        mut self,
        id: &str,
        started_at: DateTime<Utc>,
        resolved_at: Option<DateTime<Utc>>,
        intervals: Vec<ComponentImpact>,
    ) -> Self {
        let mut components: Vec<String> = Vec::new();
        for iv in &intervals {
            if !components.contains(&iv.component_id) {
                components.push(iv.component_id.clone());
            }
        }
        self.0.incidents.push(Incident {
            id: id.to_string(),
            title: Text::untagged(id),
            impact: Impact::Major,
            status: if resolved_at.is_some() {
                UpdateStatus::Resolved
            } else {
                UpdateStatus::Investigating
            },
            started_at,
            resolved_at,
            components,
            intervals,
            updates: Vec::new(),
            url: None,
        });
        self
    }

    #[allow(clippy::too_many_arguments)]
    fn maintenance(
        mut self,
        id: &str,
        components: &[&str],
        status: UpdateStatus,
        scheduled: (&str, &str),
        actual_start: Option<&str>,
        actual_end: Option<&str>,
    ) -> Self {
        self.0.maintenances.push(Maintenance {
            id: id.to_string(),
            title: Text::untagged(id),
            status,
            components: components.iter().map(|c| c.to_string()).collect(),
            scheduled_start: t(scheduled.0),
            scheduled_end: t(scheduled.1),
            actual_start: actual_start.map(t),
            actual_end: actual_end.map(t),
            updates: Vec::new(),
            url: None,
        });
        self
    }

    fn feed(self) -> Feed {
        self.0
    }
}

use Severity::{Degraded, Major, Partial};

fn opts() -> UptimeOptions {
    UptimeOptions::default()
}

fn days(feed: &Feed, id: &str, first: &str, last: &str, tz: Zone, now: &str) -> Vec<DayStats> {
    day_stats(feed, id, d(first), d(last), tz, t(now), &opts()).expect("component")
}

fn range(feed: &Feed, id: &str, first: &str, last: &str, tz: Zone, now: &str) -> WindowStats {
    window_stats(
        feed,
        id,
        Window::Dates {
            first: d(first),
            last: d(last),
        },
        tz,
        t(now),
        &opts(),
    )
    .expect("window")
}

fn minutes(ms: i64) -> f64 {
    Tally::minutes(ms)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---------------------------------------------------------------------------------------
// Days in time zones.

#[test]
fn berlin_spring_forward_day_has_23_hours() {
    // 2021-03-28: 02:00 CET jumps to 03:00 CEST. The outage runs 01:30 CET to 03:30 CEST,
    // which is 00:30Z to 01:30Z: one hour of real time.
    let feed = Build::new(&["web"])
        .incident(
            "i1",
            &[(
                "web",
                Major,
                "2021-03-28T00:30:00Z",
                Some("2021-03-28T01:30:00Z"),
            )],
        )
        .feed();
    let ds = days(
        &feed,
        "web",
        "2021-03-27",
        "2021-03-29",
        BERLIN,
        "2021-04-10T00:00:00Z",
    );
    let lengths: Vec<i64> = ds.iter().map(|d| d.length_minutes).collect();
    assert_eq!(lengths, vec![1440, 1380, 1440]);
    assert_eq!(ds[1].start, t("2021-03-27T23:00:00Z"));
    assert_eq!(ds[1].end, t("2021-03-28T22:00:00Z"));
    assert_eq!(ds[1].tally.major_ms, 60 * 60_000);
    assert_eq!(ds[1].counted_minutes, 1380.0);
    assert!(close(
        ds[1].uptime_percent.unwrap(),
        100.0 * (1.0 - 60.0 / 1380.0)
    ));
    assert_eq!(ds[0].tally.major_ms + ds[2].tally.major_ms, 0);
    assert_eq!(ds[0].uptime_percent, Some(100.0));
    let w = range(
        &feed,
        "web",
        "2021-03-27",
        "2021-03-29",
        BERLIN,
        "2021-04-10T00:00:00Z",
    );
    assert_eq!(w.counted_minutes, 1440.0 + 1380.0 + 1440.0);
}

#[test]
fn berlin_fall_back_day_has_25_hours() {
    // 2021-10-31: 03:00 CEST falls back to 02:00 CET. Day = 10-30T22:00Z..10-31T23:00Z.
    // Outage A: 00:30Z-02:30Z = 02:30 CEST-03:30 CET, 120 min, all on 10-31.
    // Outage B: 22:30Z-23:30Z = 23:30 CET-00:30 CET, 30 min on 10-31 and 30 on 11-01.
    let feed = Build::new(&["web"])
        .incident(
            "a",
            &[(
                "web",
                Major,
                "2021-10-31T00:30:00Z",
                Some("2021-10-31T02:30:00Z"),
            )],
        )
        .incident(
            "b",
            &[(
                "web",
                Major,
                "2021-10-31T22:30:00Z",
                Some("2021-10-31T23:30:00Z"),
            )],
        )
        .feed();
    let now = "2021-11-10T00:00:00Z";
    let ds = days(&feed, "web", "2021-10-30", "2021-11-01", BERLIN, now);
    let lengths: Vec<i64> = ds.iter().map(|d| d.length_minutes).collect();
    assert_eq!(lengths, vec![1440, 1500, 1440]);
    assert_eq!(ds[1].start, t("2021-10-30T22:00:00Z"));
    assert_eq!(ds[1].end, t("2021-10-31T23:00:00Z"));
    assert_eq!(ds[1].tally.major_ms, 150 * 60_000);
    assert_eq!(ds[2].tally.major_ms, 30 * 60_000);
    assert_eq!(ds[1].incident_ids, vec!["a", "b"]);
    assert_eq!(ds[2].incident_ids, vec!["b"]);
    // Cut in UTC instead, both outages fall on 10-31: 120 + 60.
    let utc = days(&feed, "web", "2021-10-31", "2021-10-31", UTC, now);
    assert_eq!(utc[0].tally.major_ms, 180 * 60_000);
    assert_eq!(utc[0].length_minutes, 1440);
}

#[test]
fn los_angeles_daylight_saving_days() {
    // 2021-03-14 (PST→PDT) is 23 h; 2021-11-07 (PDT→PST) is 25 h. The outage on 11-07
    // runs 08:30Z-09:30Z = 01:30 PDT to 01:30 PST: the repeated hour, 60 real minutes.
    let feed = Build::new(&["api"])
        .incident(
            "i",
            &[(
                "api",
                Partial,
                "2021-11-07T08:30:00Z",
                Some("2021-11-07T09:30:00Z"),
            )],
        )
        .feed();
    let now = "2021-12-01T00:00:00Z";
    let spring = days(&feed, "api", "2021-03-14", "2021-03-14", LA, now);
    assert_eq!(spring[0].length_minutes, 1380);
    assert_eq!(spring[0].start, t("2021-03-14T08:00:00Z"));
    assert_eq!(spring[0].end, t("2021-03-15T07:00:00Z"));
    let fall = days(&feed, "api", "2021-11-07", "2021-11-07", LA, now);
    assert_eq!(fall[0].length_minutes, 1500);
    assert_eq!(fall[0].start, t("2021-11-07T07:00:00Z"));
    assert_eq!(fall[0].end, t("2021-11-08T08:00:00Z"));
    assert_eq!(fall[0].tally.partial_ms, 60 * 60_000);
    assert!(close(fall[0].downtime_minutes, 18.0));
    assert!(close(
        fall[0].uptime_percent.unwrap(),
        100.0 * (1.0 - 18.0 / 1500.0)
    ));
}

#[test]
fn the_same_outage_cut_in_seoul_and_in_utc() {
    // 13:00Z-15:20Z on 2021-05-05 is 22:00-00:20 KST.
    let feed = Build::new(&["voice"])
        .incident(
            "i1",
            &[(
                "voice",
                Major,
                "2021-05-05T13:00:00Z",
                Some("2021-05-05T15:20:00Z"),
            )],
        )
        .feed();
    let now = "2021-05-10T00:00:00Z";
    let seoul = days(&feed, "voice", "2021-05-05", "2021-05-06", SEOUL, now);
    assert_eq!(seoul[0].start, t("2021-05-04T15:00:00Z"));
    assert_eq!(minutes(seoul[0].tally.major_ms), 120.0);
    assert_eq!(minutes(seoul[1].tally.major_ms), 20.0);
    assert_eq!(seoul[0].incident_ids, vec!["i1"]);
    assert_eq!(seoul[1].incident_ids, vec!["i1"]);
    let utc = days(&feed, "voice", "2021-05-05", "2021-05-06", UTC, now);
    assert_eq!(minutes(utc[0].tally.major_ms), 140.0);
    assert_eq!(minutes(utc[1].tally.major_ms), 0.0);
    assert!(utc[1].incident_ids.is_empty());
}

// ---------------------------------------------------------------------------------------
// Overlaps, open incidents, maintenance, start dates.

#[test]
fn overlapping_incidents_count_once_at_the_worst_severity() {
    // degraded 09-13, major 10-11, partial 10:30-12, and a second major 10:30-11:30.
    // Worst per minute: degraded 09-10, major 10-11:30, partial 11:30-12, degraded 12-13.
    let feed = Build::new(&["db"])
        .incident(
            "deg",
            &[(
                "db",
                Degraded,
                "2021-05-05T09:00:00Z",
                Some("2021-05-05T13:00:00Z"),
            )],
        )
        .incident(
            "maj",
            &[(
                "db",
                Major,
                "2021-05-05T10:00:00Z",
                Some("2021-05-05T11:00:00Z"),
            )],
        )
        .incident(
            "par",
            &[(
                "db",
                Partial,
                "2021-05-05T10:30:00Z",
                Some("2021-05-05T12:00:00Z"),
            )],
        )
        .incident(
            "maj2",
            &[(
                "db",
                Major,
                "2021-05-05T10:30:00Z",
                Some("2021-05-05T11:30:00Z"),
            )],
        )
        .feed();
    let day = &days(
        &feed,
        "db",
        "2021-05-05",
        "2021-05-05",
        UTC,
        "2021-06-01T00:00:00Z",
    )[0];
    assert_eq!(minutes(day.tally.major_ms), 90.0);
    assert_eq!(minutes(day.tally.partial_ms), 30.0);
    assert_eq!(minutes(day.tally.degraded_ms), 120.0);
    assert!(close(day.downtime_minutes, 90.0 + 0.3 * 30.0));
    assert_eq!(day.incident_ids, vec!["deg", "maj", "par", "maj2"]);
}

#[test]
fn open_incidents_run_until_now_and_nothing_counts_after_it() {
    let feed = Build::new(&["login"])
        .incident("open", &[("login", Major, "2021-05-05T22:00:00Z", None)])
        .feed();
    let now = "2021-05-06T03:00:00Z";
    let ds = days(&feed, "login", "2021-05-05", "2021-05-07", UTC, now);
    assert_eq!(minutes(ds[0].tally.major_ms), 120.0);
    assert_eq!(minutes(ds[1].tally.major_ms), 180.0);
    // Today counts up to now only: three hours, all down.
    assert_eq!(ds[1].counted_minutes, 180.0);
    assert_eq!(ds[1].uptime_percent, Some(0.0));
    // Tomorrow is future, not up.
    assert_eq!(ds[2].colour.bucket, DayBucket::Future);
    assert_eq!(ds[2].colour.label, "future");
    assert_eq!(ds[2].uptime_percent, None);
    assert_eq!(ds[2].tally, Tally::default());
    let w = window_stats(&feed, "login", Window::LastDays(2), UTC, t(now), &opts()).unwrap();
    assert_eq!((w.first, w.last), (d("2021-05-05"), d("2021-05-06")));
    assert_eq!(w.counted_minutes, 1440.0 + 180.0);
    assert_eq!(minutes(w.tally.major_ms), 300.0);
    let longest = w.longest_outage.unwrap();
    assert!(longest.ongoing);
    assert_eq!(longest.minutes, 300.0);
    assert_eq!(longest.end, t(now));
    assert_eq!(longest.incident_ids, vec!["open"]);
}

fn maintenance_feed() -> Feed {
    Build::new(&["db", "web"])
        // Completed, with actual times that differ from the schedule: actual wins.
        .maintenance(
            "m1",
            &["db"],
            UpdateStatus::Completed,
            ("2021-06-01T00:00:00Z", "2021-06-01T02:00:00Z"),
            Some("2021-06-01T01:00:00Z"),
            Some("2021-06-01T03:00:00Z"),
        )
        // Completed without actual times: the scheduled window counts.
        .maintenance(
            "m2",
            &["db"],
            UpdateStatus::Completed,
            ("2021-06-02T01:00:00Z", "2021-06-02T02:30:00Z"),
            None,
            None,
        )
        // Scheduled in the past but never started: does not count.
        .maintenance(
            "m3",
            &["db"],
            UpdateStatus::Scheduled,
            ("2021-06-03T01:00:00Z", "2021-06-03T02:00:00Z"),
            None,
            None,
        )
        // A whole day of maintenance.
        .maintenance(
            "m4",
            &["db"],
            UpdateStatus::Completed,
            ("2021-06-05T00:00:00Z", "2021-06-06T00:00:00Z"),
            Some("2021-06-05T00:00:00Z"),
            Some("2021-06-06T00:00:00Z"),
        )
        // In progress since 11:00, open: runs until now (12:00).
        .maintenance(
            "m5",
            &["db"],
            UpdateStatus::InProgress,
            ("2021-06-10T11:00:00Z", "2021-06-10T15:00:00Z"),
            Some("2021-06-10T11:00:00Z"),
            None,
        )
        // Tomorrow: not downtime, not maintenance yet.
        .maintenance(
            "m6",
            &["db"],
            UpdateStatus::Scheduled,
            ("2021-06-11T01:00:00Z", "2021-06-11T03:00:00Z"),
            None,
            None,
        )
        .incident(
            "during",
            &[(
                "db",
                Major,
                "2021-06-01T02:00:00Z",
                Some("2021-06-01T02:30:00Z"),
            )],
        )
        .incident(
            "light",
            &[(
                "db",
                Partial,
                "2021-06-02T01:00:00Z",
                Some("2021-06-02T02:00:00Z"),
            )],
        )
        .feed()
}

#[test]
fn maintenance_windows_and_outages_during_them() {
    let feed = maintenance_feed();
    let now = "2021-06-10T12:00:00Z";
    let ds = days(&feed, "db", "2021-06-01", "2021-06-11", UTC, now);
    let by = |date: &str| ds.iter().find(|x| x.date == d(date)).unwrap();

    // 06-01: 120 min of maintenance, a 30 min major outage inside it. The outage wins:
    // counted = 1440 - 120 + 30, downtime 30.
    let day = by("2021-06-01");
    assert_eq!(minutes(day.tally.maintenance_ms), 120.0);
    assert_eq!(minutes(day.tally.major_ms), 30.0);
    assert_eq!(minutes(day.tally.major_in_maintenance_ms), 30.0);
    assert_eq!(day.counted_minutes, 1350.0);
    assert!(close(
        day.uptime_percent.unwrap(),
        100.0 * (1.0 - 30.0 / 1350.0)
    ));
    assert_eq!(day.maintenance_ids, vec!["m1"]);

    // 06-02: 90 min scheduled-only window; a 60 min partial outage inside it adds its
    // down share, 0.3 × 60 = 18, to both sides: counted = 1440 - 90 + 18.
    let day = by("2021-06-02");
    assert_eq!(minutes(day.tally.maintenance_ms), 90.0);
    assert!(close(day.downtime_minutes, 18.0));
    assert!(close(day.counted_minutes, 1368.0));

    // 06-03: never started, nothing counts.
    assert_eq!(by("2021-06-03").tally.maintenance_ms, 0);
    assert_eq!(by("2021-06-03").counted_minutes, 1440.0);

    // 06-05: maintenance all day: nothing counted, no uptime, but not "no data".
    let day = by("2021-06-05");
    assert_eq!(day.uptime_percent, None);
    assert_eq!(day.colour.bucket, DayBucket::Maintenance);
    assert_eq!(day.colour.label, "maintenance");

    // 06-10 (today): 12 h observed, 1 h of it maintenance in progress.
    let day = by("2021-06-10");
    assert_eq!(minutes(day.tally.observed_ms), 720.0);
    assert_eq!(minutes(day.tally.maintenance_ms), 60.0);
    assert_eq!(day.counted_minutes, 660.0);
    assert_eq!(day.uptime_percent, Some(100.0));

    // 06-11: future. The planned work is listed but counts nothing.
    let day = by("2021-06-11");
    assert_eq!(day.colour.bucket, DayBucket::Future);
    assert_eq!(day.tally.maintenance_ms, 0);
    assert_eq!(day.maintenance_ids, vec!["m6"]);

    // Maintenance on another component does not touch this one.
    let web = days(&feed, "web", "2021-06-01", "2021-06-01", UTC, now);
    assert_eq!(
        web[0].tally,
        Tally {
            observed_ms: 1440 * 60_000,
            ..Tally::default()
        }
    );

    // Counting maintenance as up-time keeps all observed minutes.
    let counted = UptimeOptions {
        count_maintenance: true,
        ..opts()
    };
    let day = &day_stats(
        &feed,
        "db",
        d("2021-06-01"),
        d("2021-06-01"),
        UTC,
        t(now),
        &counted,
    )
    .unwrap()[0];
    assert_eq!(day.counted_minutes, 1440.0);
    assert!(close(
        day.uptime_percent.unwrap(),
        100.0 * (1.0 - 30.0 / 1440.0)
    ));
}

#[test]
fn days_before_the_start_date_are_no_data() {
    let feed = Build::new(&["new"])
        .starts("new", "2021-05-10")
        .incident(
            "early",
            &[(
                "new",
                Major,
                "2021-05-05T10:00:00Z",
                Some("2021-05-05T11:00:00Z"),
            )],
        )
        .incident(
            "later",
            &[(
                "new",
                Major,
                "2021-05-20T10:00:00Z",
                Some("2021-05-20T10:10:00Z"),
            )],
        )
        .feed();
    let now = t("2021-06-15T00:00:00Z");
    let may = Window::Month {
        year: 2021,
        month: 5,
    };
    let w = window_stats(&feed, "new", may, UTC, now, &opts()).unwrap();
    assert_eq!((w.first, w.last), (d("2021-05-01"), d("2021-05-31")));
    // 22 days with data (05-10..05-31); the outage before the start does not count.
    assert_eq!(w.counted_minutes, 22.0 * 1440.0);
    assert_eq!(minutes(w.tally.major_ms), 10.0);
    assert_eq!(w.incident_ids, vec!["later"]);
    // Cut in Seoul the data starts at 05-10 00:00 KST; still 22 days.
    let w = window_stats(&feed, "new", may, SEOUL, now, &opts()).unwrap();
    assert_eq!(w.counted_minutes, 22.0 * 1440.0);
    assert_eq!(
        local_day_start(SEOUL, d("2021-05-10")),
        t("2021-05-09T15:00:00Z")
    );

    let ds = day_stats(
        &feed,
        "new",
        d("2021-05-08"),
        d("2021-05-10"),
        UTC,
        now,
        &opts(),
    )
    .unwrap();
    assert_eq!(ds[0].colour.bucket, DayBucket::NoData);
    assert_eq!(ds[0].colour.label, "no data");
    assert_eq!(ds[0].uptime_percent, None);
    assert!(ds[0].incident_ids.is_empty());
    assert_eq!(ds[2].uptime_percent, Some(100.0));
    assert_eq!(ds[2].colour.label, "no downtime");

    // A window entirely before the start has no uptime, not 100 %.
    let april = Window::Month {
        year: 2021,
        month: 4,
    };
    let w = window_stats(&feed, "new", april, UTC, now, &opts()).unwrap();
    assert_eq!(w.uptime_percent, None);
    assert_eq!(w.counted_minutes, 0.0);
}

#[test]
fn windows_end_today_in_the_zone() {
    let feed = Build::new(&["x"]).feed();
    // 16:00Z on 05-05 is already 05-06 in Seoul.
    let now = t("2021-05-05T16:00:00Z");
    let w = window_stats(&feed, "x", Window::LastDays(30), SEOUL, now, &opts()).unwrap();
    assert_eq!((w.first, w.last), (d("2021-04-07"), d("2021-05-06")));
    // 29 full days plus one hour of today.
    assert_eq!(w.counted_minutes, 29.0 * 1440.0 + 60.0);
    let w = window_stats(&feed, "x", Window::LastDays(90), UTC, now, &opts()).unwrap();
    assert_eq!((w.first, w.last), (d("2021-02-05"), d("2021-05-05")));
    assert!(window_stats(&feed, "x", Window::LastDays(0), UTC, now, &opts()).is_none());
    assert!(window_stats(&feed, "nope", Window::LastDays(1), UTC, now, &opts()).is_none());
}

// ---------------------------------------------------------------------------------------
// Weights, rounding, colours.

#[test]
fn weights_come_from_the_options() {
    let feed = Build::new(&["x"])
        .incident(
            "p",
            &[(
                "x",
                Partial,
                "2021-05-05T00:00:00Z",
                Some("2021-05-05T01:40:00Z"),
            )],
        )
        .incident(
            "d",
            &[(
                "x",
                Degraded,
                "2021-05-05T02:00:00Z",
                Some("2021-05-05T03:40:00Z"),
            )],
        )
        .feed();
    let now = t("2021-06-01T00:00:00Z");
    let run = |o: &UptimeOptions| {
        day_stats(&feed, "x", d("2021-05-05"), d("2021-05-05"), UTC, now, o).unwrap()[0]
            .downtime_minutes
    };
    assert!(close(run(&opts()), 30.0));
    let heavy = UptimeOptions {
        partial_weight: 1.0,
        degraded_weight: 0.5,
        ..opts()
    };
    assert!(close(run(&heavy), 150.0));
    let none = UptimeOptions {
        partial_weight: 0.0,
        ..opts()
    };
    assert_eq!(run(&none), 0.0);
}

#[test]
fn weights_are_kept_in_severity_order() {
    // A partial outage on top of degraded performance must not lower the downtime, even
    // when the options weigh degraded above partial: partial is raised to degraded.
    let feed = Build::new(&["x"])
        .incident(
            "d",
            &[(
                "x",
                Degraded,
                "2021-05-05T00:00:00Z",
                Some("2021-05-05T01:00:00Z"),
            )],
        )
        .incident(
            "p",
            &[(
                "x",
                Partial,
                "2021-05-05T00:00:00Z",
                Some("2021-05-05T00:30:00Z"),
            )],
        )
        .feed();
    let odd = UptimeOptions {
        partial_weight: 0.0,
        degraded_weight: 0.5,
        ..opts()
    };
    assert_eq!(odd.weights(), (0.5, 0.5));
    let w = window_stats(
        &feed,
        "x",
        Window::LastDays(1),
        UTC,
        t("2021-05-05T12:00:00Z"),
        &odd,
    )
    .unwrap();
    assert!(close(w.downtime_minutes, 30.0));
    assert_eq!(w.explain(&odd).partial_weight, 0.5);
    let wild = UptimeOptions {
        partial_weight: 7.0,
        degraded_weight: f64::NAN,
        ..opts()
    };
    assert_eq!(wild.weights(), (1.0, 0.0));
}

#[test]
fn rounding_floors_and_never_claims_100_with_downtime() {
    assert_eq!(format_uptime(99.9999, 2), "99.99");
    assert_eq!(format_uptime(99.999_999_9, 2), "99.99");
    assert_eq!(format_uptime(99.995, 2), "99.99");
    assert_eq!(format_uptime(99.95, 2), "99.95");
    assert_eq!(format_uptime(99.5, 0), "99");
    assert_eq!(format_uptime(99.123456, 3), "99.123");
    assert_eq!(format_uptime(100.0, 2), "100.00");
    assert_eq!(format_uptime(100.0, 0), "100");
    assert_eq!(format_uptime(0.004, 2), "0.00");
    assert_eq!(format_uptime(-5.0, 2), "0.00");
    assert_eq!(format_uptime(f64::NAN, 1), "0.0");

    // One second of major outage in a year is still not 100.00 %.
    let feed = Build::new(&["x"])
        .incident(
            "blip",
            &[(
                "x",
                Major,
                "2021-05-05T00:00:00Z",
                Some("2021-05-05T00:00:01Z"),
            )],
        )
        .feed();
    let w = range(
        &feed,
        "x",
        "2021-01-01",
        "2021-12-31",
        UTC,
        "2022-01-01T00:00:00Z",
    );
    let up = w.uptime_percent.unwrap();
    assert!(up < 100.0);
    assert_eq!(format_uptime(up, 2), "99.99");
    assert_eq!(format_uptime(up, 4), "99.9999");
    assert_eq!(format_uptime(up, 6), "99.999996");
}

#[test]
fn colours_follow_the_thresholds_and_always_carry_a_label() {
    let scale = ColourScale::default();
    assert_eq!(scale.bucket_for(0.0), DayBucket::NoDowntime);
    assert_eq!(scale.bucket_for(0.5), DayBucket::Minor);
    assert_eq!(scale.bucket_for(19.9), DayBucket::Minor);
    assert_eq!(scale.bucket_for(20.0), DayBucket::Partial);
    assert_eq!(scale.bucket_for(59.9), DayBucket::Partial);
    assert_eq!(scale.bucket_for(60.0), DayBucket::Major);
    assert_eq!(scale.bucket_for(600.0), DayBucket::Major);
    assert_eq!(scale.colour_for(0.0), scale.green);
    assert_eq!(scale.colour_for(20.0), scale.yellow);
    assert_eq!(scale.colour_for(40.0), scale.orange);
    assert_eq!(scale.colour_for(60.0), scale.red);
    assert_eq!(scale.colour_for(500.0), scale.red);
    assert_eq!(scale.colour_for(10.0), scale.green.mix(scale.yellow, 0.5));
    assert_eq!(scale.colour_for(50.0), scale.orange.mix(scale.red, 0.5));
    assert_ne!(scale.colour_for(10.0), scale.green);

    let mk = |minutes_down: i64| {
        Build::new(&["x"])
            .incident_with(
                "i",
                t("2021-05-05T10:00:00Z"),
                Some(t("2021-05-05T10:00:00Z") + TimeDelta::minutes(minutes_down)),
                vec![ComponentImpact {
                    component_id: "x".into(),
                    severity: Major,
                    start: t("2021-05-05T10:00:00Z"),
                    end: Some(t("2021-05-05T10:00:00Z") + TimeDelta::minutes(minutes_down)),
                }],
            )
            .feed()
    };
    let day = |feed: &Feed, o: &UptimeOptions| {
        day_stats(
            feed,
            "x",
            d("2021-05-05"),
            d("2021-05-05"),
            UTC,
            t("2021-06-01T00:00:00Z"),
            o,
        )
        .unwrap()
        .remove(0)
    };
    let ten = day(&mk(10), &opts());
    assert_eq!(
        (ten.colour.bucket, ten.colour.label),
        (DayBucket::Minor, "minor")
    );
    let thirty = day(&mk(30), &opts());
    assert_eq!(thirty.colour.label, "partial");
    assert_eq!(
        thirty.colour.hex(),
        scale.yellow.mix(scale.orange, 0.5).hex()
    );
    assert!(thirty.colour.hex().starts_with('#') && thirty.colour.hex().len() == 7);
    let ninety = day(&mk(90), &opts());
    assert_eq!(
        (ninety.colour.label, ninety.colour.rgb),
        ("major", scale.red)
    );
    // Thresholds are options.
    let strict = UptimeOptions {
        colours: ColourScale {
            yellow_at_minutes: 5.0,
            orange_at_minutes: 10.0,
            red_at_minutes: 15.0,
            ..ColourScale::default()
        },
        ..opts()
    };
    assert_eq!(day(&mk(30), &strict).colour.bucket, DayBucket::Major);
    assert_eq!(day(&mk(10), &strict).colour.bucket, DayBucket::Partial);
}

// ---------------------------------------------------------------------------------------
// Groups, long incidents, longest outage, explanations.

#[test]
fn a_group_is_down_when_any_child_is() {
    let feed = Build::new(&["calls", "voice", "video", "chat"])
        .group("calls", &["voice", "video"])
        .starts("voice", "2021-01-01")
        .starts("video", "2020-06-01")
        .incident(
            "v",
            &[(
                "voice",
                Major,
                "2021-05-05T10:00:00Z",
                Some("2021-05-05T11:00:00Z"),
            )],
        )
        .incident(
            "w",
            &[(
                "video",
                Partial,
                "2021-05-05T10:30:00Z",
                Some("2021-05-05T12:00:00Z"),
            )],
        )
        .incident(
            "c",
            &[(
                "chat",
                Major,
                "2021-05-05T10:00:00Z",
                Some("2021-05-05T20:00:00Z"),
            )],
        )
        .feed();
    let now = "2021-06-01T00:00:00Z";
    let g = &days(&feed, "calls", "2021-05-05", "2021-05-05", UTC, now)[0];
    // Per minute worst over children: major 10:00-11:00, partial 11:00-12:00.
    assert_eq!(minutes(g.tally.major_ms), 60.0);
    assert_eq!(minutes(g.tally.partial_ms), 60.0);
    assert_eq!(g.incident_ids, vec!["v", "w"]);
    let voice = &days(&feed, "voice", "2021-05-05", "2021-05-05", UTC, now)[0];
    assert_eq!(minutes(voice.tally.partial_ms), 0.0);
    // The group's data starts with its earliest child (video, 2020-06-01).
    let before = range(&feed, "calls", "2020-06-01", "2020-06-30", UTC, now);
    assert_eq!(before.counted_minutes, 30.0 * 1440.0);
    let earlier = range(&feed, "calls", "2020-05-01", "2020-05-31", UTC, now);
    assert_eq!(earlier.uptime_percent, None);
}

#[test]
fn long_incidents_are_flagged_past_the_threshold() {
    let mk = |id: &str, comp: &str, start: &str, minutes: Option<i64>| {
        let s = t(start);
        let e = minutes.map(|m| s + TimeDelta::minutes(m));
        (
            id.to_string(),
            s,
            e,
            ComponentImpact {
                component_id: comp.into(),
                severity: Partial,
                start: s,
                end: e,
            },
        )
    };
    let mut b = Build::new(&["x", "y"]);
    for (id, s, e, iv) in [
        mk("exactly4h", "x", "2021-05-01T00:00:00Z", Some(240)),
        mk("over4h", "x", "2021-05-02T00:00:00Z", Some(241)),
        mk("short", "x", "2021-05-03T00:00:00Z", Some(90)),
        mk("other", "y", "2021-05-03T00:00:00Z", Some(600)),
        mk("before", "x", "2021-03-01T00:00:00Z", Some(600)),
        mk("open", "x", "2021-05-31T18:00:00Z", None),
    ] {
        b = b.incident_with(&id, s, e, vec![iv]);
    }
    let feed = b.feed();
    let now = t("2021-05-31T23:00:00Z");
    let may = Window::Month {
        year: 2021,
        month: 5,
    };
    let w = window_stats(&feed, "x", may, UTC, now, &opts()).unwrap();
    assert_eq!(w.long_incidents, vec!["over4h", "open"]);
    assert_eq!(w.long_incident_count, 2);
    let hourly = UptimeOptions {
        long_incident_threshold: TimeDelta::hours(1),
        ..opts()
    };
    let w = window_stats(&feed, "x", may, UTC, now, &hourly).unwrap();
    assert_eq!(
        w.long_incidents,
        vec!["exactly4h", "over4h", "short", "open"]
    );
    // The incident's own span decides, not its interval: a 10 h incident whose interval
    // on this component lasted 30 min is still long.
    let feed = Build::new(&["x"])
        .incident_with(
            "long-but-brief-here",
            t("2021-05-10T00:00:00Z"),
            Some(t("2021-05-10T10:00:00Z")),
            vec![ComponentImpact {
                component_id: "x".into(),
                severity: Degraded,
                start: t("2021-05-10T01:00:00Z"),
                end: Some(t("2021-05-10T01:30:00Z")),
            }],
        )
        .feed();
    let w = window_stats(&feed, "x", may, UTC, now, &opts()).unwrap();
    assert_eq!(w.long_incidents, vec!["long-but-brief-here"]);
}

#[test]
fn the_longest_outage_merges_touching_intervals() {
    let feed = Build::new(&["x"])
        .incident(
            "deg",
            &[(
                "x",
                Degraded,
                "2021-05-05T09:00:00Z",
                Some("2021-05-05T10:00:00Z"),
            )],
        )
        .incident(
            "maj",
            &[(
                "x",
                Major,
                "2021-05-05T10:00:00Z",
                Some("2021-05-05T11:00:00Z"),
            )],
        )
        .incident(
            "par",
            &[(
                "x",
                Partial,
                "2021-05-05T10:40:00Z",
                Some("2021-05-05T11:30:00Z"),
            )],
        )
        .incident(
            "later",
            &[(
                "x",
                Major,
                "2021-05-05T14:00:00Z",
                Some("2021-05-05T15:10:00Z"),
            )],
        )
        .feed();
    let now = t("2021-06-01T00:00:00Z");
    let w = |o: &UptimeOptions| {
        window_stats(
            &feed,
            "x",
            Window::Dates {
                first: d("2021-05-05"),
                last: d("2021-05-05"),
            },
            UTC,
            now,
            o,
        )
        .unwrap()
        .longest_outage
        .unwrap()
    };
    // Default (partial weighs, degraded does not): 10:00-11:30 = 90 min beats 70.
    let o = w(&opts());
    assert_eq!(
        (o.start, o.end),
        (t("2021-05-05T10:00:00Z"), t("2021-05-05T11:30:00Z"))
    );
    assert_eq!(o.minutes, 90.0);
    assert_eq!(o.incident_ids, vec!["maj", "par"]);
    assert!(!o.ongoing);
    // Degraded weighs too: 09:00-11:30.
    let o = w(&UptimeOptions {
        degraded_weight: 0.5,
        ..opts()
    });
    assert_eq!(o.minutes, 150.0);
    assert_eq!(o.incident_ids, vec!["deg", "maj", "par"]);
    // Only major weighs: the 70 min outage at 14:00 is the longest.
    let o = w(&UptimeOptions {
        partial_weight: 0.0,
        ..opts()
    });
    assert_eq!(o.minutes, 70.0);
    assert_eq!(o.incident_ids, vec!["later"]);
}

#[test]
fn an_outage_across_the_window_edge_is_cut_but_reported_whole() {
    let feed = Build::new(&["x"])
        .incident(
            "edge",
            &[(
                "x",
                Major,
                "2021-04-30T23:00:00Z",
                Some("2021-05-01T01:00:00Z"),
            )],
        )
        .feed();
    let w = window_stats(
        &feed,
        "x",
        Window::Month {
            year: 2021,
            month: 5,
        },
        UTC,
        t("2021-06-01T00:00:00Z"),
        &opts(),
    )
    .unwrap();
    assert_eq!(w.downtime_minutes, 60.0);
    let o = w.longest_outage.unwrap();
    assert_eq!((o.minutes, o.minutes_in_window), (120.0, 60.0));
}

#[test]
fn explain_shows_the_numbers_and_the_formula() {
    let feed = maintenance_feed();
    let w = range(
        &feed,
        "db",
        "2021-06-01",
        "2021-06-01",
        UTC,
        "2021-06-10T12:00:00Z",
    );
    let e = w.explain(&opts());
    assert_eq!(e.major_minutes, 30.0);
    assert_eq!(e.maintenance_minutes, 120.0);
    assert_eq!(e.downtime_in_maintenance_minutes, 30.0);
    assert_eq!(e.observed_minutes, 1440.0);
    assert_eq!(e.counted_minutes, 1350.0);
    assert_eq!(e.downtime_minutes, 30.0);
    assert_eq!(e.partial_weight, 0.3);
    assert_eq!(e.uptime_percent, w.uptime_percent);
    assert!(e.formula.contains("0.3 × partial"), "{}", e.formula);
    assert!(
        e.formula.contains("observed − maintenance"),
        "{}",
        e.formula
    );
    assert_eq!(
        e.worked,
        "1 − (30.00 + 0.3 × 0.00 + 0 × 0.00) ÷ 1350.00 = 97.77 %"
    );
    let empty = range(
        &feed,
        "db",
        "2021-06-05",
        "2021-06-05",
        UTC,
        "2021-06-10T12:00:00Z",
    );
    assert!(empty
        .explain(&opts())
        .worked
        .ends_with("no data (nothing counted)"));
}

#[test]
fn the_index_answers_many_questions_once_built() {
    let feed = maintenance_feed();
    let index = UptimeIndex::new(&feed, t("2021-06-10T12:00:00Z"));
    let ids: Vec<&str> = index.component_ids().collect();
    assert_eq!(ids, vec!["db", "web"]);
    let ws = index.windows(["db", "nope", "web"], Window::LastDays(10), SEOUL, &opts());
    assert_eq!(ws.len(), 2);
    assert_eq!(ws[1].uptime_percent, Some(100.0));
    assert!(ws[0].uptime_percent.unwrap() < 100.0);
    let tally = index
        .tally(
            "db",
            t("2021-06-01T00:00:00Z"),
            t("2021-06-02T00:00:00Z"),
            UTC,
        )
        .unwrap();
    assert_eq!(tally.maintenance_ms, 120 * 60_000);
}

// ---------------------------------------------------------------------------------------
// Properties.

const ZONES: [Zone; 6] = [
    Zone::UTC,
    SEOUL,
    BERLIN,
    LA,
    Zone::from_tz(chrono_tz::Australia::Lord_Howe),
    Zone::from_tz(chrono_tz::Asia::Kathmandu),
];

const COMPS: [&str; 3] = ["a", "b", "c"];

/// `(component, severity, start minute, length in minutes, open)`.
type Iv = (usize, u8, i64, i64, bool);
/// `(component, start minute, length in minutes)`.
type Mt = (usize, i64, i64);

fn base() -> DateTime<Utc> {
    t("2021-03-20T00:00:00Z")
}

fn arb_iv() -> impl Strategy<Value = Iv> {
    (
        0..3usize,
        0..3u8,
        0..20 * 1440i64,
        0..3000i64,
        prop::bool::weighted(0.1),
    )
}

fn arb_mt() -> impl Strategy<Value = Mt> {
    (0..3usize, 0..20 * 1440i64, 1..2000i64)
}

fn sev(k: u8) -> Severity {
    [Degraded, Partial, Major][k as usize % 3]
}

/// Components a, b (in group g) and c; all data from the beginning of time.
fn prop_feed(ivs: &[Iv], mts: &[Mt]) -> Feed {
    let mut b = Build::new(&["g", "a", "b", "c"]).group("g", &["a", "b"]);
    for (n, &(c, s, start, len, open)) in ivs.iter().enumerate() {
        let st = base() + TimeDelta::minutes(start);
        let end = (!open).then(|| st + TimeDelta::minutes(len));
        b = b.incident_with(
            &format!("i{n}"),
            st,
            end,
            vec![ComponentImpact {
                component_id: COMPS[c].into(),
                severity: sev(s),
                start: st,
                end,
            }],
        );
    }
    for (n, &(c, start, len)) in mts.iter().enumerate() {
        let st = base() + TimeDelta::minutes(start);
        let en = st + TimeDelta::minutes(len);
        b.0.maintenances.push(Maintenance {
            id: format!("m{n}"),
            title: Text::untagged("m"),
            status: UpdateStatus::Completed,
            components: vec![COMPS[c].into()],
            scheduled_start: st,
            scheduled_end: en,
            actual_start: Some(st),
            actual_end: Some(en),
            updates: Vec::new(),
            url: None,
        });
    }
    b.feed()
}

fn arb_opts() -> impl Strategy<Value = UptimeOptions> {
    (0.0..=1.0f64, 0.0..=1.0f64, any::<bool>()).prop_map(|(w, d, m)| UptimeOptions {
        partial_weight: w,
        degraded_weight: d,
        count_maintenance: m,
        ..UptimeOptions::default()
    })
}

fn first_day() -> NaiveDate {
    d("2021-03-17")
}

fn last_day() -> NaiveDate {
    d("2021-04-20")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn uptime_is_a_percentage_and_windows_sum_their_days(
        ivs in prop::collection::vec(arb_iv(), 0..12),
        mts in prop::collection::vec(arb_mt(), 0..3),
        now_min in 0..25 * 1440i64,
        zone in 0..ZONES.len(),
        o in arb_opts(),
    ) {
        let feed = prop_feed(&ivs, &mts);
        let now = base() + TimeDelta::minutes(now_min);
        let tz = ZONES[zone];
        let index = UptimeIndex::new(&feed, now);
        for id in ["g", "a", "b", "c"] {
            let ds = index.days(id, first_day(), last_day(), tz, &o).unwrap();
            let w = index.range(id, first_day(), last_day(), tz, &o).unwrap();
            let mut sum = Tally::default();
            let mut downtime = 0.0;
            for day in &ds {
                if let Some(u) = day.uptime_percent {
                    prop_assert!((0.0..=100.0).contains(&u), "{u}");
                    prop_assert!(u < 100.0 || day.downtime_minutes == 0.0);
                }
                prop_assert!(day.counted_minutes <= day.tally.observed_minutes() + 1e-9);
                prop_assert!(day.downtime_minutes <= day.counted_minutes + 1e-9);
                sum = sum.plus(day.tally);
                downtime += day.downtime_minutes;
            }
            prop_assert_eq!(sum, w.tally);
            prop_assert!((downtime - w.downtime_minutes).abs() < 1e-6);
            let span: i64 = ds.iter().map(|d| d.length_minutes).sum();
            prop_assert_eq!(span, (w.end - w.start).num_minutes());
            if let Some(u) = w.uptime_percent {
                prop_assert!((0.0..=100.0).contains(&u), "{u}");
            }
        }
    }

    #[test]
    fn another_zone_keeps_the_total_over_the_same_instants(
        ivs in prop::collection::vec(arb_iv(), 0..12),
        mts in prop::collection::vec(arb_mt(), 0..3),
        now_min in 0..25 * 1440i64,
        z1 in 0..ZONES.len(),
        z2 in 0..ZONES.len(),
        o in arb_opts(),
    ) {
        // Both windows cover every instant with activity (all of it lies within
        // 2021-03-20..2021-04-14 UTC), so they must agree on everything but the edges.
        let feed = prop_feed(&ivs, &mts);
        let index = UptimeIndex::new(&feed, base() + TimeDelta::minutes(now_min));
        for id in ["g", "a", "b", "c"] {
            let one = index.range(id, first_day(), last_day(), ZONES[z1], &o).unwrap();
            let two = index.range(id, first_day(), last_day(), ZONES[z2], &o).unwrap();
            prop_assert_eq!(
                Tally { observed_ms: 0, ..one.tally },
                Tally { observed_ms: 0, ..two.tally }
            );
            prop_assert!((one.downtime_minutes - two.downtime_minutes).abs() < 1e-9);
            let sum_one: f64 = index
                .days(id, first_day(), last_day(), ZONES[z1], &o)
                .unwrap()
                .iter()
                .map(|d| d.downtime_minutes)
                .sum();
            prop_assert!((sum_one - two.downtime_minutes).abs() < 1e-6);
        }
    }

    #[test]
    fn adding_an_outage_never_raises_uptime(
        ivs in prop::collection::vec(arb_iv(), 0..10),
        mts in prop::collection::vec(arb_mt(), 0..3),
        extra in arb_iv(),
        now_min in 0..25 * 1440i64,
        zone in 0..ZONES.len(),
        o in arb_opts(),
    ) {
        let now = base() + TimeDelta::minutes(now_min);
        let tz = ZONES[zone];
        let before = UptimeIndex::new(&prop_feed(&ivs, &mts), now);
        let mut more = ivs.clone();
        more.push(extra);
        let after = UptimeIndex::new(&prop_feed(&more, &mts), now);
        for id in ["g", "a", "b", "c"] {
            let w0 = before.range(id, first_day(), last_day(), tz, &o).unwrap();
            let w1 = after.range(id, first_day(), last_day(), tz, &o).unwrap();
            prop_assert!(w1.downtime_minutes >= w0.downtime_minutes - 1e-9);
            if let (Some(u0), Some(u1)) = (w0.uptime_percent, w1.uptime_percent) {
                prop_assert!(u1 <= u0 + 1e-9, "{id}: {u0} -> {u1}");
            }
            let d0 = before.days(id, first_day(), last_day(), tz, &o).unwrap();
            let d1 = after.days(id, first_day(), last_day(), tz, &o).unwrap();
            for (x, y) in d0.iter().zip(&d1) {
                if let (Some(u0), Some(u1)) = (x.uptime_percent, y.uptime_percent) {
                    prop_assert!(u1 <= u0 + 1e-9, "{id} {}: {u0} -> {u1}", x.date);
                }
            }
        }
    }
}
