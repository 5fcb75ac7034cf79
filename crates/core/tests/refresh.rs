//! The refresh policy: jitter, back-off, Retry-After, validators, visibility and a
//! simulated outage.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use statuslight_core::refresh::{
    staleness, Outcome, RefreshPolicy, RefreshState, RetryAfter, Visibility, MIN_DELAY,
};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("test time")
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn failed() -> Outcome {
    Outcome::Failed { retry_after: None }
}

fn fetched(etag: Option<&str>, lm: Option<&str>) -> Outcome {
    Outcome::Fetched {
        etag: etag.map(str::to_string),
        last_modified: lm.map(str::to_string),
    }
}

fn plus(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t + TimeDelta::from_std(d).expect("small duration")
}

/// A small deterministic generator for "random" numbers in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn success_delays_stay_within_twenty_percent() {
    let p = RefreshPolicy::default();
    let mut rng = Lcg(7);
    let (mut lo, mut hi) = (Duration::MAX, Duration::ZERO);
    for k in 0..10_000 {
        let r = if k == 0 { 0.0 } else { rng.next() };
        let d = p.success_delay(r);
        assert!(d >= secs(48) && d < secs(72), "{r} -> {d:?}");
        lo = lo.min(d);
        hi = hi.max(d);
    }
    // The whole range is used, so tabs really spread out.
    assert_eq!(lo, secs(48));
    assert!(hi > Duration::from_millis(71_900), "{hi:?}");
}

#[test]
fn backoff_doubles_and_is_capped() {
    let p = RefreshPolicy::default();
    let mut s = RefreshState::new();
    let now = at("2026-01-01T00:00:00Z");
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    for _ in 0..10 {
        top.push(
            s.next_delay(&p, &failed(), 0.999_999_999)
                .as_secs_f64()
                .round() as u64,
        );
        bottom.push(s.next_delay(&p, &failed(), 0.0).as_secs());
        s.complete(&p, &failed(), now, 0.5);
    }
    assert_eq!(top, [60, 120, 240, 480, 600, 600, 600, 600, 600, 600]);
    assert_eq!(bottom, [48, 60, 120, 240, 300, 300, 300, 300, 300, 300]);
    assert_eq!(s.failures, 10);
}

#[test]
fn a_long_interval_is_never_shortened_by_backoff() {
    let p = RefreshPolicy {
        interval: secs(900),
        ..RefreshPolicy::default()
    };
    for n in 1..10 {
        let d = p.failure_delay(n, None, 0.0);
        assert!(d >= secs(720), "{n}: {d:?}");
        assert!(p.failure_delay(n, None, 0.999) <= secs(900));
    }
}

#[test]
fn retry_after_delta_and_dates() {
    let now = at("2026-03-01T12:00:00Z");
    let delay = |v: &str| RetryAfter::parse(v, now).map(|r| r.delay);
    assert_eq!(delay("120"), Some(secs(120)));
    assert_eq!(delay("  0 "), Some(secs(0)));
    assert_eq!(delay("99999999999999999999999"), Some(secs(u64::MAX)));
    assert_eq!(delay("Sun, 01 Mar 2026 12:05:00 GMT"), Some(secs(300)));
    assert_eq!(delay("Sunday, 01-Mar-26 12:05:00 GMT"), Some(secs(300)));
    assert_eq!(delay("Sun Mar  1 12:05:00 2026"), Some(secs(300)));
    assert_eq!(delay("Sun, 01 Mar 2026 11:00:00 GMT"), Some(secs(0)));
    for garbage in [
        "",
        "soon",
        "-5",
        "1.5",
        "+30",
        "120s",
        "Sun, 32 Mar 2026 12:05:00 GMT",
        "2026-03-01T12:05:00Z",
    ] {
        assert_eq!(delay(garbage), None, "{garbage:?}");
    }
}

#[test]
fn retry_after_is_honoured_up_to_the_hard_cap_and_never_shortens_backoff() {
    let p = RefreshPolicy::default();
    let ra = |s: u64| Some(RetryAfter { delay: secs(s) });
    // Beyond the 10-minute back-off cap: honoured, with upward jitter only.
    assert_eq!(p.failure_delay(1, ra(1800), 0.0), secs(1800));
    let d = p.failure_delay(1, ra(1800), 0.999);
    assert!(d > secs(1800) && d <= secs(3600), "{d:?}");
    // Beyond the hard cap: capped.
    assert_eq!(p.failure_delay(1, ra(86_400), 0.5), secs(3600));
    assert_eq!(p.failure_delay(1, ra(u64::MAX), 0.999), secs(3600));
    // Shorter than the back-off: the back-off wins.
    assert_eq!(p.failure_delay(5, ra(5), 0.0), secs(300));
    // Through the state machine.
    let mut s = RefreshState::new();
    let now = at("2026-03-01T12:00:00Z");
    let retry = Outcome::Failed {
        retry_after: RetryAfter::parse("Sun, 01 Mar 2026 12:20:00 GMT", now),
    };
    assert_eq!(s.complete(&p, &retry, now, 0.0), secs(1200));
    assert_eq!(s.next_at, Some(at("2026-03-01T12:20:00Z")));
}

#[test]
fn success_resets_the_backoff() {
    let p = RefreshPolicy::default();
    let mut s = RefreshState::new();
    let now = at("2026-01-01T00:00:00Z");
    for _ in 0..6 {
        s.complete(&p, &failed(), now, 0.5);
    }
    assert!(s.next_delay(&p, &failed(), 0.0) >= secs(300));
    let d = s.complete(&p, &fetched(Some("\"v1\""), None), now, 0.5);
    assert_eq!(d, secs(60));
    assert_eq!(s.failures, 0);
    assert_eq!(s.next_delay(&p, &failed(), 0.0), secs(48));
    // A 304 is a success too.
    s.complete(&p, &failed(), now, 0.5);
    s.complete(&p, &failed(), now, 0.5);
    s.complete(&p, &Outcome::NotModified, now, 0.5);
    assert_eq!(s.failures, 0);
}

#[test]
fn validators_are_kept_by_304_and_replaced_by_200() {
    let p = RefreshPolicy::default();
    let mut s = RefreshState::new();
    let t0 = at("2026-01-01T00:00:00Z");
    assert!(s.conditional_headers().is_empty());
    s.complete(
        &p,
        &fetched(Some("W/\"abc\""), Some("Wed, 31 Dec 2025 23:00:00 GMT")),
        t0,
        0.5,
    );
    let want = vec![
        ("If-None-Match", "W/\"abc\"".to_string()),
        (
            "If-Modified-Since",
            "Wed, 31 Dec 2025 23:00:00 GMT".to_string(),
        ),
    ];
    assert_eq!(s.conditional_headers(), want);
    let t1 = plus(t0, secs(60));
    s.complete(&p, &Outcome::NotModified, t1, 0.5);
    assert_eq!(s.conditional_headers(), want);
    assert_eq!(s.last_success, Some(t1));
    s.complete(&p, &failed(), plus(t1, secs(60)), 0.5);
    assert_eq!(s.conditional_headers(), want);
    assert_eq!(s.last_success, Some(t1));
    // A new body without a Last-Modified clears the old one.
    s.complete(
        &p,
        &fetched(Some("\"def\""), None),
        plus(t1, secs(120)),
        0.5,
    );
    assert_eq!(
        s.conditional_headers(),
        vec![("If-None-Match", "\"def\"".to_string())]
    );
    // Values the browser would refuse as headers are not kept.
    let long = "x".repeat(2000);
    s.complete(&p, &fetched(Some("\"a\nb\""), Some(&long)), t1, 0.5);
    assert!(s.conditional_headers().is_empty());
    s.complete(&p, &fetched(Some("\"ünï\""), Some("  ")), t1, 0.5);
    assert!(s.conditional_headers().is_empty());
}

/// Requests made in `window` of a total outage starting at t = 0, with delays drawn by
/// `random`.
fn outage_requests(p: &RefreshPolicy, window: Duration, mut random: impl FnMut() -> f64) -> u32 {
    let mut s = RefreshState::new();
    let mut t = at("2026-01-01T00:00:00Z");
    let end = plus(t, window);
    let mut count = 0;
    while t < end {
        count += 1;
        s.begin();
        let d = s.complete(p, &failed(), t, random());
        t = plus(t, d);
    }
    count
}

#[test]
fn a_thirty_minute_outage_costs_a_bounded_number_of_requests() {
    let p = RefreshPolicy::default();
    let window = secs(30 * 60);
    // Shortest delays: 0, 48, 108, 228, 468, 768, 1068, 1368, 1668 s -> 9 requests.
    // Longest delays: 0, 60, 180, 420, 900, 1500 s -> 6 requests.
    assert_eq!(outage_requests(&p, window, || 0.0), 9);
    assert_eq!(outage_requests(&p, window, || 0.999_999_999), 6);
    for seed in 0..500 {
        let mut rng = Lcg(seed);
        let n = outage_requests(&p, window, || rng.next());
        assert!((6..=9).contains(&n), "seed {seed}: {n}");
    }
    // Without back-off growth the same tab polls about every minute.
    let flat = RefreshPolicy {
        backoff_cap: secs(60),
        ..RefreshPolicy::default()
    };
    assert!(outage_requests(&flat, window, || 0.999_999_999) >= 30);
}

#[test]
fn visibility_rules() {
    let p = RefreshPolicy::default();
    let mut s = RefreshState::new();
    let t0 = at("2026-01-01T00:00:00Z");
    // Never fetched: fetch now when visible, nothing when hidden.
    assert_eq!(
        s.on_visibility(&p, Visibility::Visible, t0),
        Some(Duration::ZERO)
    );
    assert_eq!(s.on_visibility(&p, Visibility::Hidden, t0), None);
    s.begin();
    assert_eq!(s.on_visibility(&p, Visibility::Visible, t0), None);
    s.complete(&p, &fetched(None, None), t0, 0.5);
    // Back after 20 s: the rest of the interval; after 60 s or more: at once.
    assert_eq!(
        s.on_visibility(&p, Visibility::Visible, plus(t0, secs(20))),
        Some(secs(40))
    );
    assert_eq!(
        s.on_visibility(&p, Visibility::Visible, plus(t0, secs(60))),
        Some(Duration::ZERO)
    );
    assert_eq!(
        s.on_visibility(&p, Visibility::Visible, plus(t0, secs(3600))),
        Some(Duration::ZERO)
    );
    assert_eq!(
        s.on_visibility(&p, Visibility::Hidden, plus(t0, secs(3600))),
        None
    );
    // A clock that went back an hour never stretches the wait past the interval.
    assert_eq!(
        s.on_visibility(
            &p,
            Visibility::Visible,
            plus(t0, secs(0)) - TimeDelta::hours(1)
        ),
        Some(secs(60))
    );
    // During back-off: the scheduled retry, not the interval.
    for _ in 0..4 {
        s.complete(&p, &failed(), t0, 0.999_999);
    }
    let due = s.next_at.expect("scheduled");
    let wait = s
        .on_visibility(&p, Visibility::Visible, plus(t0, secs(100)))
        .expect("visible");
    assert_eq!(plus(plus(t0, secs(100)), wait), due);
    assert!(wait > secs(300));
    assert_eq!(
        s.on_visibility(&p, Visibility::Visible, plus(due, secs(1))),
        Some(Duration::ZERO)
    );
}

#[test]
fn staleness_since_last_success() {
    let p = RefreshPolicy::default();
    let t0 = at("2026-01-01T21:40:00Z");
    assert_eq!(staleness(t0, at("2026-01-01T22:00:00Z")), secs(1200));
    assert_eq!(staleness(t0, at("2026-01-01T21:00:00Z")), Duration::ZERO);
    let mut s = RefreshState::new();
    assert_eq!(s.staleness(t0), None);
    s.complete(&p, &fetched(None, None), t0, 0.5);
    s.complete(&p, &failed(), plus(t0, secs(600)), 0.5);
    assert_eq!(s.staleness(plus(t0, secs(900))), Some(secs(900)));
}

#[test]
fn size_cap_and_degenerate_policies() {
    let p = RefreshPolicy::default();
    assert!(!p.too_large(8 * 1024 * 1024));
    assert!(p.too_large(8 * 1024 * 1024 + 1));
    let silly = RefreshPolicy {
        interval: Duration::ZERO,
        jitter: f64::NAN,
        backoff_base: Duration::ZERO,
        backoff_cap: Duration::ZERO,
        retry_after_cap: Duration::ZERO,
        ..RefreshPolicy::default()
    };
    assert_eq!(silly.success_delay(0.3), MIN_DELAY);
    assert_eq!(silly.failure_delay(40, None, 0.3), MIN_DELAY);
    let wild = RefreshPolicy {
        jitter: 7.0,
        backoff_cap: Duration::MAX,
        retry_after_cap: Duration::MAX,
        ..RefreshPolicy::default()
    };
    assert!(wild.success_delay(0.0) >= secs(6));
    let _ = wild.failure_delay(
        u32::MAX,
        Some(RetryAfter {
            delay: Duration::MAX,
        }),
        0.999,
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn delays_stay_within_bounds(
        r in any::<f64>(),
        interval_s in 1u64..3600,
        jitter in 0.0f64..0.9,
        failures in 1u32..200,
        ra in proptest::option::of(0u64..100_000),
    ) {
        let p = RefreshPolicy {
            interval: secs(interval_s),
            jitter,
            ..RefreshPolicy::default()
        };
        let i = secs(interval_s).as_secs_f64();
        let ok = p.success_delay(r).as_secs_f64();
        prop_assert!(ok >= i * (1.0 - jitter) - 1e-6 && ok <= i * (1.0 + jitter) + 1e-6);
        let retry = ra.map(|s| RetryAfter { delay: secs(s) });
        let bad = p.failure_delay(failures, None, r).as_secs_f64();
        let ceiling = p.backoff_cap.max(secs(interval_s)).as_secs_f64();
        prop_assert!(bad >= i * (1.0 - jitter) - 1e-6, "{} < floor", bad);
        prop_assert!(bad <= ceiling + 1e-6, "{} > {}", bad, ceiling);
        let with_ra = p.failure_delay(failures, retry, r).as_secs_f64();
        prop_assert!(with_ra >= bad - 1e-6);
        prop_assert!(with_ra <= ceiling.max(p.retry_after_cap.as_secs_f64()) + 1e-6);
        if let Some(s) = ra {
            prop_assert!(with_ra + 1e-6 >= (s as f64).min(p.retry_after_cap.as_secs_f64()));
        }
    }
}
