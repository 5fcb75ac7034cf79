//! Parse benchmark: prints parse time and peak heap for real and generated feeds: the
//! GitHub Statuspage file of 50 incidents, and a generated 10-year, 20-component,
//! 5,000-incident Statuslight history as one file and as a current feed plus month shards.
//!
//! Run with `cargo bench -p statuslight-core --bench parse`. A benchmark, not a test: it
//! prints numbers and asserts nothing about speed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use statuslight_core::formats::shards::{merge_shard, parse_shard, split_history};
use statuslight_core::formats::statuslight::to_json;
use statuslight_core::synth::{self, SynthOptions};

/// Counts live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Run `work` `runs` times; return (median, min, peak heap above the baseline).
fn measure<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    for _ in 0..runs {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let out = work();
        times.push(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        std::hint::black_box(out);
    }
    times.sort();
    (times[runs / 2], times[0], peak)
}

/// Parse one file as the page does.
fn parse(bytes: &[u8]) -> statuslight_core::Feed {
    statuslight_core::parse_feed(bytes).expect("the benchmark input parses")
}

fn row(input: &str, bytes: usize, (median, min, peak): (Duration, Duration, usize)) {
    println!("{input:<46} {bytes:>10} {median:>10.2?} {min:>10.2?} {peak:>12}");
}

fn fixtures() -> PathBuf {
    std::env::var_os("STATUSLIGHT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
        })
}

fn main() {
    let path = fixtures().join("statuspage-v2/github-incidents-2026-07-31.json");
    let github = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("benchmark input {} is missing: {e}", path.display()));
    println!(
        "{:<46} {:>10} {:>10} {:>10} {:>12}",
        "input", "bytes", "median", "min", "peak heap"
    );
    row(
        "Statuspage incidents.json (GitHub, 50 incidents)",
        github.len(),
        measure(50, || parse(&github)),
    );

    // The generated history: 10 years, 20 components, 5,000 incidents, 40 maintenance.
    let opts = SynthOptions::default();
    let feed = synth::generate(&opts);
    let whole = to_json(&feed).into_bytes();
    row(
        "Statuslight, 10 years in one file",
        whole.len(),
        measure(10, || parse(&whole)),
    );

    // The same history as a current feed (the last 90 days) plus one shard per month.
    let (current, shards) = split_history(&feed, opts.end - TimeDelta::days(90));
    let current = to_json(&current).into_bytes();
    let shards: Vec<Vec<u8>> = shards.iter().map(|s| s.to_json().into_bytes()).collect();
    let shard_bytes: usize = shards.iter().map(Vec::len).sum();
    row(
        "  current feed only (last 90 days)",
        current.len(),
        measure(50, || parse(&current)),
    );
    row(
        &format!("  current + all {} month shards, merged", shards.len()),
        current.len() + shard_bytes,
        measure(10, || {
            let mut feed = parse(&current);
            for bytes in &shards {
                let shard = parse_shard(bytes).expect("the shard parses");
                merge_shard(&mut feed, shard).expect("the shard is listed");
            }
            assert_eq!(feed.incidents.len(), opts.incidents);
            feed
        }),
    );
    let largest = shards.iter().map(Vec::len).max().unwrap_or(0);
    println!(
        "  ({} shards, {} bytes on average, {} at most)",
        shards.len(),
        shard_bytes / shards.len().max(1),
        largest
    );
}
