//! Uptime engine benchmark: the synthetic 20 components × 10 years × 5,000 incidents
//! feed; build the index, then 20 components × 365 days and 20 × a 90-day window, cut in
//! Asia/Seoul. A plain `main` timed with `std::time::Instant`:
//! `cargo bench -p statuslight-core --bench uptime`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, Utc};
use statuslight_core::synth::{generate, SynthOptions};
use statuslight_core::uptime::{today, UptimeIndex, UptimeOptions, Window};

const ITERATIONS: usize = 30;

struct Row {
    name: &'static str,
    samples: Vec<Duration>,
}

impl Row {
    fn new(name: &'static str) -> Self {
        Row {
            name,
            samples: Vec::with_capacity(ITERATIONS),
        }
    }

    fn median_and_min(&self) -> (Duration, Duration) {
        let mut s = self.samples.clone();
        s.sort();
        (s[s.len() / 2], s[0])
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let end: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("instant");
    let opts = SynthOptions::new(end);
    let started = Instant::now();
    let feed = generate(&opts);
    let generated = started.elapsed();
    let intervals: usize = feed.incidents.iter().map(|i| i.intervals.len()).sum();
    println!(
        "synthetic feed: {} components, {} incidents ({} intervals), {} maintenances over {} years; generated in {} ms",
        feed.components.len(),
        feed.incidents.len(),
        intervals,
        feed.maintenances.len(),
        opts.years,
        ms(generated)
    );

    let tz = statuslight_core::Zone::parse("Asia/Seoul").expect("the zone database");
    let now = end;
    let uptime = UptimeOptions::default();
    let ids: Vec<String> = feed.components.iter().map(|c| c.id.clone()).collect();
    let last = today(tz, now);
    let first = last.checked_sub_days(Days::new(364)).expect("date");

    let mut index_row = Row::new("build index");
    let mut days_row = Row::new("20 × 365 days");
    let mut windows_row = Row::new("20 × 90-day window");
    let mut total_row = Row::new("index + days + windows");
    let mut checksum = 0.0;
    for _ in 0..ITERATIONS {
        let t0 = Instant::now();
        let index = UptimeIndex::new(black_box(&feed), now);
        let t1 = Instant::now();
        let mut day_count = 0;
        for id in &ids {
            let days = index.days(id, first, last, tz, &uptime).expect("component");
            day_count += days.len();
            checksum += days.iter().map(|d| d.downtime_minutes).sum::<f64>();
            black_box(&days);
        }
        let t2 = Instant::now();
        for id in &ids {
            let w = index
                .window(id, Window::LastDays(90), tz, &uptime)
                .expect("window");
            checksum += w.uptime_percent.unwrap_or(0.0);
            black_box(&w);
        }
        let t3 = Instant::now();
        assert_eq!(day_count, ids.len() * 365);
        index_row.samples.push(t1 - t0);
        days_row.samples.push(t2 - t1);
        windows_row.samples.push(t3 - t2);
        total_row.samples.push(t3 - t0);
    }
    println!("{ITERATIONS} iterations (checksum {checksum:.1})");
    println!(
        "| {:<24} | {:>11} | {:>11} |",
        "step", "median (ms)", "min (ms)"
    );
    println!("|{:-<26}|{:->13}|{:->13}|", "", "", "");
    for row in [&index_row, &days_row, &windows_row, &total_row] {
        let (median, min) = row.median_and_min();
        println!(
            "| {:<24} | {:>11} | {:>11} |",
            row.name,
            ms(median),
            ms(min)
        );
    }
}
