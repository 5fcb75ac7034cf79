//! Parse benchmark: prints parse time and peak heap for real and generated feeds.
//!
//! Run with `cargo bench -p statuslight-core --bench parse`. A benchmark, not a test: it
//! prints numbers and asserts nothing about speed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// Parse `bytes` `runs` times; return (median, min, peak heap above the baseline).
fn measure(bytes: &[u8], runs: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    for _ in 0..runs {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let feed = statuslight_core::parse_feed(bytes).expect("the benchmark input parses");
        times.push(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        std::hint::black_box(feed);
    }
    times.sort();
    (times[runs / 2], times[0], peak)
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
    let (median, min, peak) = measure(&github, 50);
    println!(
        "{:<46} {:>10} {:>10.2?} {:>10.2?} {:>12}",
        "Statuspage incidents.json (GitHub, 50 incidents)",
        github.len(),
        median,
        min,
        peak
    );
}
