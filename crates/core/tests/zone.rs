//! Probed time zones (`statuslight_core::zone`), as the browser shell uses them: offsets
//! from a probe, learnt lazily, must cut days and label times exactly as the tz database
//! does. The first tests use a hand-written US Eastern probe and need no database; the
//! rest (feature `tzdb`) compare a probe answered by chrono-tz with chrono-tz itself.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use statuslight_core::present::format_time;
use statuslight_core::uptime::{local_day_start, UptimeIndex, UptimeOptions};
use statuslight_core::Zone;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("bad instant {s}: {e}"))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// US Eastern time under the rules in force since 2007: EDT from the second Sunday of
/// March, 02:00 local, to the first Sunday of November, 02:00 local.
fn eastern(name: &str, utc: i64) -> Option<i32> {
    if name != "America/New_York" {
        return None;
    }
    let year = DateTime::from_timestamp(utc, 0)?.year();
    // Midnight UTC of the `nth` Sunday of `month`.
    let sunday = |month: u32, nth: u32| -> Option<i64> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let days = (7 - first.weekday().num_days_from_sunday()) % 7 + 7 * (nth - 1);
        Some(first.and_time(NaiveTime::MIN).and_utc().timestamp() + i64::from(days) * 86_400)
    };
    // 02:00 EST is 07:00 UTC; 02:00 EDT is 06:00 UTC.
    let start = sunday(3, 2)? + 7 * 3600;
    let end = sunday(11, 1)? + 6 * 3600;
    Some(if (start..end).contains(&utc) {
        -4 * 3600
    } else {
        -5 * 3600
    })
}

static ASKED: AtomicUsize = AtomicUsize::new(0);

/// [`eastern`], counting the questions.
fn counted_eastern(name: &str, utc: i64) -> Option<i32> {
    ASKED.fetch_add(1, Ordering::Relaxed);
    eastern(name, utc)
}

/// A feed with one component `api` since 2020, and an outage in the repeated hour of
/// 2021-11-07 in New York: 05:30Z-06:30Z is 01:30 EDT to 01:30 EST.
fn feed() -> statuslight_core::Feed {
    statuslight_core::parse_feed(
        br#"{
      "version": "statuslight/1",
      "page": {"name": "Test", "time_zone": "America/New_York"},
      "components": [{"id": "api", "name": "API", "start_date": "2020-01-01"}],
      "incidents": [
        {"id": "i", "title": "Slow", "impact": "minor",
         "components": [{"id": "api", "severity": "partial_outage",
                         "from": "2021-11-07T05:30:00Z", "to": "2021-11-07T06:30:00Z"}],
         "updates": [{"status": "resolved", "at": "2021-11-07T06:30:00Z"}]}
      ]
    }"#,
    )
    .expect("feed")
}

#[test]
fn new_york_daylight_saving_days_from_a_probe() {
    let ny = Zone::with_probe("America/New_York", eastern).expect("a zone of the database");
    assert_eq!(
        local_day_start(ny, d("2021-03-13")),
        t("2021-03-13T05:00:00Z")
    );
    assert_eq!(
        local_day_start(ny, d("2021-03-14")),
        t("2021-03-14T05:00:00Z")
    );
    assert_eq!(
        local_day_start(ny, d("2021-03-15")),
        t("2021-03-15T04:00:00Z")
    );
    assert_eq!(
        local_day_start(ny, d("2021-11-07")),
        t("2021-11-07T04:00:00Z")
    );
    assert_eq!(
        local_day_start(ny, d("2021-11-08")),
        t("2021-11-08T05:00:00Z")
    );

    let index = UptimeIndex::new(&feed(), t("2021-12-01T00:00:00Z"));
    let opts = UptimeOptions::default();
    let lengths = |first: &str, last: &str| -> Vec<i64> {
        index
            .days("api", d(first), d(last), ny, &opts)
            .expect("component")
            .iter()
            .map(|day| day.length_minutes)
            .collect()
    };
    assert_eq!(lengths("2021-03-13", "2021-03-15"), [1440, 1380, 1440]);
    assert_eq!(lengths("2021-11-06", "2021-11-08"), [1440, 1500, 1440]);
    let fall = index
        .day("api", d("2021-11-07"), ny, &opts)
        .expect("component");
    assert_eq!(fall.tally.partial_ms, 60 * 60_000);
    assert_eq!(fall.incident_ids, ["i"]);

    assert_eq!(
        format_time(t("2021-03-14T06:59:00Z"), ny),
        "2021-03-14 01:59 EST"
    );
    assert_eq!(
        format_time(t("2021-03-14T07:00:00Z"), ny),
        "2021-03-14 03:00 EDT"
    );
    assert_eq!(
        format_time(t("2021-11-07T05:30:00Z"), ny),
        "2021-11-07 01:30 EDT"
    );
    assert_eq!(
        format_time(t("2021-11-07T06:30:00Z"), ny),
        "2021-11-07 01:30 EST"
    );
}

#[test]
fn a_probe_is_asked_once_per_week_and_transition() {
    let ny = Zone::with_probe("America/New_York", counted_eastern).expect("zone");
    let index = UptimeIndex::new(&feed(), t("2022-01-01T00:00:00Z"));
    let opts = UptimeOptions::default();
    let year = || index.days("api", d("2021-01-01"), d("2021-12-31"), ny, &opts);
    let before = ASKED.load(Ordering::Relaxed);
    assert_eq!(year().expect("component").len(), 365);
    let first = ASKED.load(Ordering::Relaxed) - before;
    // About 54 weeks with two questions each, and ~20 more per transition.
    assert!((50..=200).contains(&first), "{first} questions");
    let again = ASKED.load(Ordering::Relaxed);
    year();
    assert_eq!(ASKED.load(Ordering::Relaxed), again, "asked again");
}

#[test]
fn names_the_probe_or_the_database_does_not_know_are_refused() {
    assert_eq!(Zone::with_probe("Not/AZone", eastern), None);
    assert_eq!(Zone::with_probe("Europe/Berlin", eastern), None);
    assert_eq!(Zone::with_probe("America/New_York ", eastern), None);
    assert_eq!(Zone::parse("Not/AZone"), None);
    assert_eq!(Zone::parse(""), None);
    assert_eq!(Zone::parse("UTC"), Some(Zone::UTC));
}

/// The database, asked as the browser is: `name` at `utc` seconds.
#[cfg(feature = "tzdb")]
fn database(name: &str, utc: i64) -> Option<i32> {
    use chrono::{Offset, TimeZone};
    let tz: chrono_tz::Tz = name.parse().ok()?;
    let at = DateTime::from_timestamp(utc, 0)?.naive_utc();
    Some(tz.offset_from_utc_datetime(&at).fix().local_minus_utc())
}

/// The same zone twice: from the database, and probed from it.
#[cfg(feature = "tzdb")]
fn both(name: &str) -> (Zone, Zone) {
    let db = Zone::from_tz(name.parse().expect("a zone of the database"));
    let probed = Zone::with_probe(name, database).expect("probed");
    (db, probed)
}

/// Zones with something unusual: half-hour and 45-minute offsets, a 30-minute DST, DST in
/// winter (Dublin), DST suspended for Ramadan (Casablanca), a skipped day (Apia), a zone
/// that moved and moved back (Pyongyang), southern DST, and the "-00" of Rothera.
#[cfg(feature = "tzdb")]
const ODD_ZONES: [&str; 18] = [
    "America/New_York",
    "Asia/Seoul",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Asia/Pyongyang",
    "America/Caracas",
    "America/Santiago",
    "Asia/Tehran",
    "America/Sao_Paulo",
    "Europe/London",
    "Antarctica/Rothera",
    "Etc/UTC",
];

#[cfg(feature = "tzdb")]
#[test]
fn the_zone_table_is_what_the_database_says() {
    assert!(
        statuslight_core::zone::names_table() == include_str!("../src/zone/tzdb-names.txt"),
        "crates/core/src/zone/tzdb-names.txt is out of date: run \
         `cargo run -p statuslight-core --example zone_table > crates/core/src/zone/tzdb-names.txt`"
    );
}

#[cfg(feature = "tzdb")]
#[test]
fn probed_times_and_labels_match_the_database_to_the_second_of_each_transition() {
    use chrono::{Offset, TimeZone};
    let label = |z: Zone, at: DateTime<Utc>| {
        at.with_timezone(&z)
            .format("%Y-%m-%d %H:%M:%S %Z")
            .to_string()
    };
    let offset = |z: Zone, at: DateTime<Utc>| z.offset_from_utc_datetime(&at.naive_utc()).fix();
    for name in ODD_ZONES {
        let (db, probed) = both(name);
        let mut transitions = 0;
        let mut at = t("2000-01-01T00:00:00Z");
        while at < t("2040-01-01T00:00:00Z") {
            let next = at + TimeDelta::days(1);
            assert_eq!(label(probed, at), label(db, at), "{name}");
            if offset(db, at) != offset(db, next) {
                // The second the offset changes, by bisection in the database.
                let (mut lo, mut hi) = (at, next);
                while hi - lo > TimeDelta::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if offset(db, mid) == offset(db, at) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                for i in [
                    lo - TimeDelta::seconds(1),
                    lo,
                    hi,
                    hi + TimeDelta::seconds(1),
                ] {
                    assert_eq!(label(probed, i), label(db, i), "{name} at {i}");
                }
                transitions += 1;
            }
            at = next;
        }
        let fixed = [
            "Asia/Seoul",
            "Asia/Kathmandu",
            "Antarctica/Rothera",
            "Etc/UTC",
        ];
        assert!(fixed.contains(&name) || transitions > 0, "{name}");
    }
}

#[cfg(feature = "tzdb")]
#[test]
fn probed_days_start_when_the_databases_do() {
    use chrono::TimeZone;
    for name in ODD_ZONES {
        let (db, probed) = both(name);
        let mut day = d("1990-01-01");
        while day < d("2040-01-01") {
            assert_eq!(
                local_day_start(probed, day),
                local_day_start(db, day),
                "{name} {day}"
            );
            day = day.succ_opt().expect("date");
        }
        // Every quarter hour of the days around a change of offset, gaps and overlaps
        // included.
        let mut day = d("2015-01-01");
        while day < d("2030-01-01") {
            let next = day.succ_opt().expect("date");
            let length = local_day_start(db, next) - local_day_start(db, day);
            if length != TimeDelta::days(1) {
                for q in -96..192 {
                    let local = day.and_time(NaiveTime::MIN) + TimeDelta::minutes(15 * q);
                    let want = db
                        .from_local_datetime(&local)
                        .map(|x| x.with_timezone(&Utc));
                    let got = probed
                        .from_local_datetime(&local)
                        .map(|x| x.with_timezone(&Utc));
                    assert_eq!(got, want, "{name} {local}");
                }
            }
            day = next;
        }
    }
}

#[cfg(feature = "tzdb")]
#[test]
fn every_zone_is_labelled_as_the_database_labels_it() {
    for tz in chrono_tz::TZ_VARIANTS {
        let name = tz.name();
        let (db, probed) = both(name);
        assert_eq!(probed.name(), name);
        let mut at = t("2015-01-01T00:00:00Z");
        while at < t("2040-01-01T00:00:00Z") {
            assert_eq!(
                format_time(at, probed),
                format_time(at, db),
                "{name} at {at}"
            );
            at += TimeDelta::days(15);
        }
    }
}

#[cfg(feature = "tzdb")]
#[test]
fn the_uptime_engine_cuts_the_same_days_with_a_probed_zone() {
    use statuslight_core::synth::{generate, SynthOptions};
    let end = t("2026-01-01T00:00:00Z");
    let feed = generate(&SynthOptions {
        incidents: 1_000,
        years: 3,
        ..SynthOptions::new(end)
    });
    let index = UptimeIndex::new(&feed, end);
    let opts = UptimeOptions::default();
    for name in ["America/New_York", "Australia/Lord_Howe", "Asia/Seoul"] {
        let (db, probed) = both(name);
        for c in &feed.components {
            let (first, last) = (d("2024-01-01"), d("2025-12-31"));
            assert_eq!(
                index.days(&c.id, first, last, probed, &opts),
                index.days(&c.id, first, last, db, &opts),
                "{name} {}",
                c.id
            );
        }
    }
}
