//! The uptime engine on real data: GitHub's `incidents.json` of 2026-07-31, read by the
//! Statuspage adapter, against daily minutes worked out by hand.
//!
//! # How the reference numbers were obtained
//! By reading the JSON directly (python3, no Statuslight code): for each incident, its
//! `incident_updates` sorted by `display_at` (equal to `created_at` for every update used
//! here), and in each update the `affected_components` entries whose `old_status` differs
//! from `new_status`. A component is in a severity from the update that moves it there
//! until the update that moves it on. The minutes of a UTC day are the overlap of those
//! stretches with `00:00Z..24:00Z` (GitHub's page zone is `Etc/UTC`). No other incident
//! in the file names these components on these days. Times are exact to the millisecond;
//! the test allows 2 seconds so that an adapter that starts the first interval at the
//! incident's `started_at` (a fraction of a second before the first update) still passes.
//!
//! 1. Actions (`br0l2tvcx85d`) on 2026-07-09, incident `cstx3v63mklm`
//!    ("Delays starting Actions runs"):
//!    - 04:34:25.065 operational → degraded_performance
//!    - 10:07:04.149 degraded_performance → partial_outage
//!    - 12:46:13.778 partial_outage → major_outage
//!    - 13:16:36.183 major_outage → partial_outage
//!    - 13:39:48.103 partial_outage → operational
//!
//!    degraded 04:34:25.065–10:07:04.149 = 19 959.084 s = 332.651 40 min;
//!    partial 10:07:04.149–12:46:13.778 (9 549.629 s) + 13:16:36.183–13:39:48.103
//!    (1 391.920 s) = 10 941.549 s = 182.359 15 min;
//!    major 12:46:13.778–13:16:36.183 = 1 822.405 s = 30.373 42 min.
//!
//! 2. Pull Requests (`hhtssxt0f5v2`) on 2026-07-24, two incidents:
//!    - `yjysg0xrl67m`: 16:20:10.002 operational → degraded; 17:16:44.181 degraded →
//!      operational: 3 394.179 s degraded.
//!    - `jxd617hfwfq8`: 19:37:28.159 operational → degraded; 19:43:40.031 degraded →
//!      major; 20:02:39.236 major → operational: 371.872 s degraded, 1 139.205 s major.
//!
//!    degraded 3 766.051 s = 62.767 52 min; major 1 139.205 s = 18.986 75 min.
//!
//! 3. Actions (`br0l2tvcx85d`) on 2026-07-19 and 2026-07-20, incident `8vfyvq16hzh9`,
//!    which crosses midnight UTC:
//!    - 2026-07-19 23:34:03.512 operational → degraded
//!    - 2026-07-20 00:20:23.240 degraded → partial
//!    - 00:48:31.783 partial → degraded
//!    - 00:49:33.644 degraded → partial
//!    - 03:34:48.538 partial → operational
//!
//!    07-19: degraded 23:34:03.512–24:00 = 1 556.488 s = 25.941 47 min.
//!    07-20: degraded 00:00–00:20:23.240 (1 223.240 s) + 00:48:31.783–00:49:33.644
//!    (61.861 s) = 1 285.101 s = 21.418 35 min; partial 00:20:23.240–00:48:31.783
//!    (1 688.543 s) + 00:49:33.644–03:34:48.538 (9 914.894 s) = 11 603.437 s =
//!    193.390 62 min.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use statuslight_core::formats::statuspage;
use statuslight_core::uptime::{DayStats, UptimeIndex, UptimeOptions, Window};

fn fixtures() -> PathBuf {
    std::env::var_os("STATUSLIGHT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
        })
}

fn github_index() -> UptimeIndex {
    let path = fixtures().join("statuspage-v2/github-incidents-2026-07-31.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "the real-data fixture {} is missing ({e}); set STATUSLIGHT_FIXTURES to the \
             shared fixtures folder",
            path.display()
        )
    });
    let feed = statuspage::parse(&bytes).unwrap_or_else(|e| {
        panic!(
            "the Statuspage adapter could not read {}: {e}",
            path.display()
        )
    });
    // The page's own updated_at: every day used here is complete by then.
    let now: DateTime<Utc> = "2026-07-31T03:29:01.470Z".parse().unwrap();
    UptimeIndex::new(&feed, now)
}

const ACTIONS: &str = "br0l2tvcx85d";
const PULL_REQUESTS: &str = "hhtssxt0f5v2";

/// Two seconds, in minutes.
const TOLERANCE: f64 = 2.0 / 60.0;

fn day(index: &UptimeIndex, component: &str, date: &str) -> DayStats {
    let date: NaiveDate = date.parse().unwrap();
    index
        .day(
            component,
            date,
            statuslight_core::Zone::UTC,
            &UptimeOptions::default(),
        )
        .unwrap_or_else(|| panic!("no component {component} in the GitHub feed"))
}

#[track_caller]
fn assert_minutes(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= TOLERANCE,
        "{what}: got {got:.5} min, the hand-worked reference is {want:.5} min"
    );
}

#[test]
fn actions_on_2026_07_09() {
    let index = github_index();
    let d = day(&index, ACTIONS, "2026-07-09");
    assert_minutes("degraded", d.tally.degraded_minutes(), 332.6514);
    assert_minutes("partial", d.tally.partial_minutes(), 182.35915);
    assert_minutes("major", d.tally.major_minutes(), 30.37342);
    assert_minutes("downtime", d.downtime_minutes, 30.37342 + 0.3 * 182.35915);
    assert!(d.incident_ids.contains(&"cstx3v63mklm".to_string()));
    assert_eq!(d.colour.label, "major");
}

#[test]
fn pull_requests_on_2026_07_24() {
    let index = github_index();
    let d = day(&index, PULL_REQUESTS, "2026-07-24");
    assert_minutes("degraded", d.tally.degraded_minutes(), 62.76752);
    assert_minutes("partial", d.tally.partial_minutes(), 0.0);
    assert_minutes("major", d.tally.major_minutes(), 18.98675);
    let mut ids = d.incident_ids.clone();
    ids.sort();
    assert_eq!(ids, vec!["jxd617hfwfq8", "yjysg0xrl67m"]);
    // 18.99 minutes of downtime (degraded weighs 0): below the yellow threshold, minor.
    assert_eq!(d.colour.label, "minor");
}

#[test]
fn actions_across_midnight_on_2026_07_19_and_20() {
    let index = github_index();
    let before = day(&index, ACTIONS, "2026-07-19");
    assert_minutes("07-19 degraded", before.tally.degraded_minutes(), 25.94147);
    assert_minutes("07-19 partial", before.tally.partial_minutes(), 0.0);
    let after = day(&index, ACTIONS, "2026-07-20");
    assert_minutes("07-20 degraded", after.tally.degraded_minutes(), 21.41835);
    assert_minutes("07-20 partial", after.tally.partial_minutes(), 193.39062);
    assert_minutes("07-20 major", after.tally.major_minutes(), 0.0);
    // Incident 8vfyvq16hzh9 lasted 5 h 10 min (23:34:03Z to 04:44:03Z resolved): flagged.
    let w = index
        .window(
            ACTIONS,
            Window::Dates {
                first: "2026-07-19".parse().unwrap(),
                last: "2026-07-20".parse().unwrap(),
            },
            statuslight_core::Zone::UTC,
            &UptimeOptions::default(),
        )
        .unwrap();
    assert_eq!(w.long_incidents, vec!["8vfyvq16hzh9"]);
    let longest = w.longest_outage.unwrap();
    // Partial weighs by default, degraded does not: the longest run of downtime is the
    // partial stretch 00:49:33.644–03:34:48.538.
    assert_minutes("longest", longest.minutes, 165.24823);
}
