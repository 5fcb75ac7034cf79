//! Time zones in the browser: the wasm has no zone database, so the offsets come from
//! `Intl.DateTimeFormat` (`src/zone.rs`) and must agree with the tz database the native
//! build uses. Run with `make test-web`.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, NaiveDate, Utc};
use statuslight::zone::{install, offset};
use statuslight_core::present::{format_time, parse_zone};
use statuslight_core::uptime::local_day_start;
use statuslight_core::Zone;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn secs(s: &str) -> i64 {
    t(s).timestamp()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn zone(name: &str) -> Zone {
    install();
    parse_zone(name).unwrap_or_else(|| panic!("{name} is not a zone here"))
}

#[wasm_bindgen_test]
fn intl_gives_seoul_nine_hours_ahead() {
    assert_eq!(
        offset("Asia/Seoul", secs("2021-05-05T13:00:00Z")),
        Some(9 * 3600)
    );
    assert_eq!(
        offset("Asia/Seoul", secs("1990-01-01T00:00:00Z")),
        Some(9 * 3600)
    );
    assert_eq!(
        offset("Asia/Kathmandu", secs("2021-05-05T13:00:00Z")),
        Some(20_700)
    );
    assert_eq!(offset("UTC", secs("2021-05-05T13:00:00Z")), Some(0));
    let seoul = zone("Asia/Seoul");
    assert_eq!(seoul.name(), "Asia/Seoul");
    assert_eq!(
        format_time(t("2021-05-06T00:00:00Z"), seoul),
        "2021-05-06 09:00 KST"
    );
    assert_eq!(
        local_day_start(seoul, d("2021-05-05")),
        t("2021-05-04T15:00:00Z")
    );
    assert_eq!(
        format_time(t("2021-05-05T13:00:00Z"), zone("Asia/Kathmandu")),
        "2021-05-05 18:45 +0545"
    );
}

#[wasm_bindgen_test]
fn intl_gives_new_york_its_daylight_saving_edges() {
    let ny = "America/New_York";
    assert_eq!(offset(ny, secs("2021-03-14T06:59:59Z")), Some(-5 * 3600));
    assert_eq!(offset(ny, secs("2021-03-14T07:00:00Z")), Some(-4 * 3600));
    assert_eq!(offset(ny, secs("2021-11-07T05:59:59Z")), Some(-4 * 3600));
    assert_eq!(offset(ny, secs("2021-11-07T06:00:00Z")), Some(-5 * 3600));

    let new_york = zone(ny);
    assert_eq!(
        local_day_start(new_york, d("2021-03-14")),
        t("2021-03-14T05:00:00Z")
    );
    assert_eq!(
        local_day_start(new_york, d("2021-03-15")),
        t("2021-03-15T04:00:00Z")
    );
    assert_eq!(
        local_day_start(new_york, d("2021-11-07")),
        t("2021-11-07T04:00:00Z")
    );
    assert_eq!(
        local_day_start(new_york, d("2021-11-08")),
        t("2021-11-08T05:00:00Z")
    );
    let hours = |day: &str| {
        let day = d(day);
        (local_day_start(new_york, day.succ_opt().unwrap()) - local_day_start(new_york, day))
            .num_hours()
    };
    assert_eq!(
        (
            hours("2021-03-14"),
            hours("2021-11-07"),
            hours("2021-11-08")
        ),
        (23, 25, 24)
    );
    assert_eq!(
        format_time(t("2021-03-14T06:59:00Z"), new_york),
        "2021-03-14 01:59 EST"
    );
    assert_eq!(
        format_time(t("2021-03-14T07:00:00Z"), new_york),
        "2021-03-14 03:00 EDT"
    );
    assert_eq!(
        format_time(t("2021-11-07T06:30:00Z"), new_york),
        "2021-11-07 01:30 EST"
    );
    assert_eq!(
        format_time(t("2021-07-01T12:00:00Z"), zone("Europe/Berlin")),
        "2021-07-01 14:00 CEST"
    );
}

#[wasm_bindgen_test]
fn unknown_zones_are_refused() {
    install();
    assert_eq!(offset("Not/AZone", 0), None);
    assert_eq!(offset("Mars/Olympus", 0), None);
    assert!(parse_zone("Not/AZone").is_none());
    // Intl would take these; the tz database spells them otherwise.
    assert!(parse_zone("asia/seoul").is_none());
    assert!(parse_zone(" Asia/Seoul").is_none());
    assert_eq!(parse_zone("UTC"), Some(Zone::UTC));
    // The viewer's zone, whatever the browser is set to, is one the page can use.
    assert!(statuslight::ui::prefs::viewer_zone().is_some());
}
