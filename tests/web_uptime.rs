//! The uptime engine in the browser: 20 components × 365 days over 5,000 incidents, as
//! wasm in headless Chromium. It checks that the days add up to the window (so it can
//! fail) and prints how long the work took; the native figures come from
//! `cargo bench -p statuslight-core --bench uptime`.
#![cfg(target_arch = "wasm32")]

use chrono::Days;
use statuslight_core::synth::{generate, SynthOptions};
use statuslight_core::uptime::{today, UptimeIndex, UptimeOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn twenty_components_a_year_of_days_over_five_thousand_incidents() {
    let opts = SynthOptions::default();
    let feed = generate(&opts);
    statuslight::zone::install();
    let tz = statuslight_core::Zone::parse("Asia/Seoul").unwrap();
    let uptime = UptimeOptions::default();
    let ids: Vec<String> = feed.components.iter().map(|c| c.id.clone()).collect();
    let last = today(tz, opts.end);
    let first = last - Days::new(364);

    let mut index_ms = Vec::new();
    let mut days_ms = Vec::new();
    for _ in 0..7 {
        let t0 = now_ms();
        let index = UptimeIndex::new(&feed, opts.end);
        let t1 = now_ms();
        let mut cells = 0;
        for id in &ids {
            let days = index.days(id, first, last, tz, &uptime).unwrap();
            cells += days.len();
            // The days add up to the window, to the minute.
            let window = index.range(id, first, last, tz, &uptime).unwrap();
            let sum: f64 = days.iter().map(|d| d.downtime_minutes).sum();
            assert!(
                (sum - window.downtime_minutes).abs() < 1e-6,
                "{id}: {sum} vs {}",
                window.downtime_minutes
            );
        }
        let t2 = now_ms();
        assert_eq!(cells, ids.len() * 365);
        index_ms.push(t1 - t0);
        days_ms.push(t2 - t1);
    }
    index_ms.sort_by(f64::total_cmp);
    days_ms.sort_by(f64::total_cmp);
    console_log!(
        "uptime engine in the browser (wasm, {} build), {} components x 365 days, {} incidents: \
         index median {:.1} ms, days+windows median {:.1} ms (7 runs)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        ids.len(),
        feed.incidents.len(),
        index_ms[3],
        days_ms[3]
    );
}
