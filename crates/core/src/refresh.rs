//! The refresh policy: when to fetch a feed again.
//!
//! Pure: the shell owns the timers, the clock, the network and the random numbers, and
//! asks this module how long to wait. The loop is:
//!
//! 1. [`RefreshState::begin`], then fetch with [`RefreshState::conditional_headers`],
//!    aborting after [`RefreshPolicy::timeout`] or past [`RefreshPolicy::max_bytes`]
//!    (both count as [`Outcome::Failed`]);
//! 2. [`RefreshState::complete`] with the [`Outcome`], "now" and a random number in
//!    `[0, 1)`; it returns the delay before the next fetch;
//! 3. on `visibilitychange`, cancel the timer and arm the one
//!    [`RefreshState::on_visibility`] returns (none while hidden).
//!
//! # Rules
//!
//! - **Refresh.** After a fetch (200) or a 304 the next one comes after the interval with
//!   ±`jitter` (default ±20 %): `interval · (1 + jitter · (2r − 1))`, uniform in
//!   `[0.8, 1.2) · interval`, so tabs opened together drift apart. `jitter` is clamped to
//!   `[0, 0.9]` (NaN counts as 0); no delay is ever below [`MIN_DELAY`], and the interval
//!   is at least that.
//! - **Back-off.** After `n` consecutive failures the ceiling is
//!   `d = min(max(backoff_cap, interval), max(interval, backoff_base · 2^(n−1)))`
//!   (defaults: 60 s, 120 s, 240 s, 480 s, then 600 s). The delay is drawn uniformly from
//!   `[lo, d)` with `lo = max(d / 2, interval · (1 − jitter))`: *equal jitter* (half the
//!   ceiling is random) floored at the shortest normal refresh. Full jitter (`[0, d)`) was
//!   rejected because a failing client could retry at once, and an outage is exactly when
//!   millions of tabs must not poll faster than usual; a failure never makes a tab poll
//!   sooner than a success would.
//! - **Retry-After** (delta-seconds or an HTTP-date, see [`RetryAfter::parse`]) on a failed
//!   response is honoured beyond `backoff_cap` up to the hard cap `retry_after_cap`
//!   (default 1 hour), and it never shortens the back-off: the delay is
//!   `max(backoff, min(ra · (1 + jitter · r), retry_after_cap))`. The upward jitter keeps a
//!   server's single "come back at 12:00" from bringing every tab back in the same second.
//!   Retry-After on a success or 304 is ignored.
//! - **Success resets.** A fetch or a 304 sets the failure count to 0 and records the
//!   success time. A fetch replaces both validators with the response's (a missing one is
//!   cleared); a 304 keeps them. Validators that are not printable ASCII or longer than
//!   1024 bytes are not kept (the browser would reject them as request headers).
//! - **Conditional requests.** `If-None-Match` carries the ETag verbatim (weak ones too),
//!   `If-Modified-Since` carries the Last-Modified value verbatim.
//! - **Visibility.** Hidden: no timer at all. Visible again: nothing while a fetch is in
//!   flight; else after a success, refresh at once when the last attempt finished at
//!   least one (unjittered) interval ago, otherwise after the rest of the interval; after
//!   a failure, at the back-off's scheduled time (at once if it has passed). A clock that
//!   went backwards never makes a wait longer than the interval (after success) or the
//!   longest possible back-off (after failure).
//! - **Staleness** is `now − last success`, zero if the clock went backwards; the UI
//!   formats it ("could not refresh since 21:40").

use chrono::{DateTime, TimeDelta, Utc};
use std::time::Duration;

/// No scheduled delay is shorter.
pub const MIN_DELAY: Duration = Duration::from_secs(1);

/// Longer ETag / Last-Modified values are not kept.
pub const MAX_VALIDATOR_BYTES: usize = 1024;

/// How often to refresh and how to back off.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshPolicy {
    /// Time between refreshes while all is well. Default 60 s.
    pub interval: Duration,
    /// Relative jitter on the interval, in `[0, 0.9]`. Default 0.2 (±20 %).
    pub jitter: f64,
    /// Back-off ceiling after the first failure, doubled for each further one. Default 60 s.
    pub backoff_base: Duration,
    /// Largest back-off ceiling (never below the interval). Default 600 s.
    pub backoff_cap: Duration,
    /// Largest delay a `Retry-After` can ask for. Default 3600 s.
    pub retry_after_cap: Duration,
    /// Largest response body accepted, in bytes; larger ones are a failure. Default 8 MiB.
    pub max_bytes: u64,
    /// Time allowed for one fetch, body included; slower ones are a failure. Default 20 s.
    pub timeout: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            interval: Duration::from_secs(60),
            jitter: 0.2,
            backoff_base: Duration::from_secs(60),
            backoff_cap: Duration::from_secs(600),
            retry_after_cap: Duration::from_secs(3600),
            max_bytes: 8 * 1024 * 1024,
            timeout: Duration::from_secs(20),
        }
    }
}

/// `d · f` for a finite `f ≥ 0`, saturating instead of panicking.
fn scale(d: Duration, f: f64) -> Duration {
    let secs = d.as_secs_f64() * f;
    if secs.is_nan() || secs <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
}

/// A caller's random number, forced into `[0, 1)` (NaN counts as 0.5).
fn unit(random: f64) -> f64 {
    if random.is_nan() {
        0.5
    } else {
        random.clamp(0.0, 1.0 - f64::EPSILON)
    }
}

impl RefreshPolicy {
    /// The interval, at least [`MIN_DELAY`].
    pub fn effective_interval(&self) -> Duration {
        self.interval.max(MIN_DELAY)
    }

    /// The jitter actually applied.
    pub fn effective_jitter(&self) -> f64 {
        if self.jitter.is_nan() {
            0.0
        } else {
            self.jitter.clamp(0.0, 0.9)
        }
    }

    /// The delay after a success: the interval ± jitter.
    pub fn success_delay(&self, random: f64) -> Duration {
        let j = self.effective_jitter();
        scale(
            self.effective_interval(),
            1.0 + j * (2.0 * unit(random) - 1.0),
        )
        .max(MIN_DELAY)
    }

    /// The back-off ceiling after `failures` consecutive failures (the interval for 0).
    pub fn backoff_ceiling(&self, failures: u32) -> Duration {
        let interval = self.effective_interval();
        if failures == 0 {
            return interval;
        }
        let factor = 1u32.checked_shl(failures - 1).unwrap_or(u32::MAX);
        let grown = self.backoff_base.saturating_mul(factor);
        grown.max(interval).min(self.backoff_cap.max(interval))
    }

    /// The delay after the `failures`-th consecutive failure (`failures ≥ 1`).
    pub fn failure_delay(
        &self,
        failures: u32,
        retry_after: Option<RetryAfter>,
        random: f64,
    ) -> Duration {
        let r = unit(random);
        let j = self.effective_jitter();
        let d = self.backoff_ceiling(failures.max(1));
        let lo = (d / 2)
            .max(scale(self.effective_interval(), 1.0 - j))
            .min(d);
        let backoff = (lo + scale(d - lo, r)).max(MIN_DELAY);
        match retry_after {
            Some(ra) => {
                let wanted = ra.delay.min(self.retry_after_cap);
                let wanted = wanted.saturating_add(scale(wanted, j * r));
                backoff.max(wanted.min(self.retry_after_cap))
            }
            None => backoff,
        }
    }

    /// The longest delay this policy can produce.
    pub fn max_delay(&self) -> Duration {
        let interval = self.effective_interval();
        scale(interval, 1.0 + self.effective_jitter())
            .max(self.backoff_cap.max(interval))
            .max(self.retry_after_cap)
    }

    /// True when a body (or its announced `Content-Length`) of `bytes` is too large.
    pub fn too_large(&self, bytes: u64) -> bool {
        bytes > self.max_bytes
    }
}

/// A server's `Retry-After`, resolved against the time it was received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter {
    /// How long the server asks to wait (zero for a date in the past).
    pub delay: Duration,
}

impl RetryAfter {
    /// Read a `Retry-After` value: delta-seconds (`120`; digits only, very large values
    /// saturate) or an HTTP-date: IMF-fixdate / RFC 1123 (`Sun, 06 Nov 1994 08:49:37
    /// GMT`, numeric offsets accepted, the weekday is not checked), or the obsolete RFC 850
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms.
    /// Anything else (empty, negative, fractional, garbage) is `None`.
    pub fn parse(value: &str, now: DateTime<Utc>) -> Option<RetryAfter> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        if v.bytes().all(|b| b.is_ascii_digit()) {
            let secs = v.parse::<u64>().unwrap_or(u64::MAX);
            return Some(RetryAfter {
                delay: Duration::from_secs(secs),
            });
        }
        let at = parse_http_date(v)?;
        Some(RetryAfter {
            delay: (at - now).to_std().unwrap_or(Duration::ZERO),
        })
    }
}

/// An HTTP-date in any of the three forms RFC 9110 asks recipients to accept: IMF-fixdate
/// (`06 Nov 1994 08:49:37 GMT` after an optional weekday and comma), RFC 850 (`06-Nov-94
/// 08:49:37 GMT`, two-digit years 70-99 in the 1900s and 00-69 in the 2000s, as chrono's
/// `%y` read them) and asctime (`Sun Nov  6 08:49:37 1994`). Leniently, as the RFC asks
/// of recipients: names and zones in any case, one-digit hours, minutes and seconds, and
/// in place of `GMT` the zones RFC 5322 knows (`UT`, `UTC`, `Z`, the US ones, `±hhmm`).
/// Not read (chrono's RFC 2822 parser read them): a year of two digits in the first form,
/// a time without seconds, military letter zones and comments after the zone. Read by
/// hand rather than with chrono's RFC 2822 and strftime parsers, which cost the wasm far
/// more than this one header is worth.
pub fn parse_http_date(v: &str) -> Option<DateTime<Utc>> {
    let v = v.trim();
    // Drop a leading weekday ("Sun, " / "Sunday, "): it adds nothing and may be wrong.
    let rest = match v.split_once(',') {
        Some((day, rest)) if day.bytes().all(|b| b.is_ascii_alphabetic()) => rest.trim(),
        _ => v,
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = rest.split_whitespace().collect();
    let (day, month, year, time, offset) = match parts[..] {
        [day, month, year, time, zone] if digits(day) && digits(year) && year.len() == 4 => {
            (day, month, year.parse().ok()?, time, zone_offset(zone)?)
        }
        [date, time, zone] if zone.eq_ignore_ascii_case("GMT") => {
            let mut it = date.split('-');
            let (day, month, yy) = (it.next()?, it.next()?, it.next()?);
            if it.next().is_some() || !digits(yy) || yy.len() != 2 {
                return None;
            }
            let yy: i32 = yy.parse().ok()?;
            (
                day,
                month,
                if yy >= 70 { 1900 + yy } else { 2000 + yy },
                time,
                0,
            )
        }
        [weekday, month, day, time, year]
            if weekday.len() == 3
                && weekday.bytes().all(|b| b.is_ascii_alphabetic())
                && digits(year)
                && year.len() == 4 =>
        {
            (day, month, year.parse().ok()?, time, 0)
        }
        _ => return None,
    };
    let month = crate::export::syndication::MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))?;
    if !digits(day) || day.len() > 2 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(year, month as u32 + 1, day.parse().ok()?)?;
    let mut hms = time.split(':');
    let mut field = || -> Option<u32> {
        let f = hms.next()?;
        (f.len() <= 2 && digits(f)).then(|| f.parse().ok())?
    };
    let (h, m, s) = (field()?, field()?, field()?);
    if hms.next().is_some() {
        return None;
    }
    // A leap second (":60") is read as the second before it.
    let time = chrono::NaiveTime::from_hms_opt(h, m, s.min(59))?;
    Some(date.and_time(time).and_utc() - TimeDelta::seconds(offset))
}

/// Seconds east of UTC of an HTTP-date's zone: `GMT`, `UT`, `UTC`, `Z`, the US zones of
/// RFC 5322 (`EST` … `PDT`), in any case, or `+hhmm` / `-hhmm`.
fn zone_offset(zone: &str) -> Option<i64> {
    if zone.eq_ignore_ascii_case("UTC") {
        return Some(0);
    }
    let named = crate::formats::rfc2822::NAMED_ZONES;
    if let Some((_, hours)) = named.iter().find(|(n, _)| n.eq_ignore_ascii_case(zone)) {
        return Some(i64::from(*hours) * 3600);
    }
    let (sign, hhmm) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    if hhmm.len() != 4 || !hhmm.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (hhmm[..2].parse().ok()?, hhmm[2..].parse().ok()?);
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// How a fetch ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 200 with a body that parsed; the response's validators.
    Fetched {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 304 Not Modified.
    NotModified,
    /// Network error, timeout, a body over the size cap, an HTTP error, or a body that did
    /// not parse; with the response's `Retry-After`, if any.
    Failed { retry_after: Option<RetryAfter> },
}

/// Whether the page is visible (`document.visibilityState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Visibility {
    Visible,
    Hidden,
}

/// What the refresher remembers between fetches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefreshState {
    /// Consecutive failures since the last success.
    pub failures: u32,
    /// The last response's ETag.
    pub etag: Option<String>,
    /// The last response's Last-Modified.
    pub last_modified: Option<String>,
    /// When the last fetch or 304 completed.
    pub last_success: Option<DateTime<Utc>>,
    /// When the last attempt, of any outcome, completed.
    pub last_attempt: Option<DateTime<Utc>>,
    /// When the next attempt is due, as scheduled by [`RefreshState::complete`].
    pub next_at: Option<DateTime<Utc>>,
    /// A fetch has begun and not completed.
    pub in_flight: bool,
}

fn clean_validator(v: &Option<String>) -> Option<String> {
    let v = v.as_deref()?.trim();
    let ok = !v.is_empty()
        && v.len() <= MAX_VALIDATOR_BYTES
        && v.bytes().all(|b| b == b'\t' || (0x20..0x7F).contains(&b));
    ok.then(|| v.to_string())
}

fn add(t: DateTime<Utc>, d: Duration) -> Option<DateTime<Utc>> {
    t.checked_add_signed(TimeDelta::from_std(d).ok()?)
}

impl RefreshState {
    /// A refresher that has never fetched.
    pub fn new() -> Self {
        Self::default()
    }

    /// Headers for the next request: `If-None-Match` and `If-Modified-Since` when known.
    pub fn conditional_headers(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(e) = &self.etag {
            out.push(("If-None-Match", e.clone()));
        }
        if let Some(m) = &self.last_modified {
            out.push(("If-Modified-Since", m.clone()));
        }
        out
    }

    /// A fetch starts.
    pub fn begin(&mut self) {
        self.in_flight = true;
    }

    /// The delay that would follow `outcome` now, given the state before it. Pure.
    pub fn next_delay(&self, policy: &RefreshPolicy, outcome: &Outcome, random: f64) -> Duration {
        match outcome {
            Outcome::Fetched { .. } | Outcome::NotModified => policy.success_delay(random),
            Outcome::Failed { retry_after } => {
                policy.failure_delay(self.failures.saturating_add(1), *retry_after, random)
            }
        }
    }

    /// Record how a fetch ended at `now`; returns the delay before the next one.
    pub fn complete(
        &mut self,
        policy: &RefreshPolicy,
        outcome: &Outcome,
        now: DateTime<Utc>,
        random: f64,
    ) -> Duration {
        let delay = self.next_delay(policy, outcome, random);
        match outcome {
            Outcome::Fetched {
                etag,
                last_modified,
            } => {
                self.failures = 0;
                self.etag = clean_validator(etag);
                self.last_modified = clean_validator(last_modified);
                self.last_success = Some(now);
            }
            Outcome::NotModified => {
                self.failures = 0;
                self.last_success = Some(now);
            }
            Outcome::Failed { .. } => self.failures = self.failures.saturating_add(1),
        }
        self.last_attempt = Some(now);
        self.next_at = add(now, delay);
        self.in_flight = false;
        delay
    }

    /// The timer to arm when visibility changes: `None` for no timer (hidden, or a fetch
    /// in flight), else the delay before the next fetch (zero: fetch now).
    pub fn on_visibility(
        &self,
        policy: &RefreshPolicy,
        visibility: Visibility,
        now: DateTime<Utc>,
    ) -> Option<Duration> {
        if visibility == Visibility::Hidden || self.in_flight {
            return None;
        }
        let Some(last) = self.last_attempt else {
            return Some(Duration::ZERO);
        };
        if self.failures == 0 {
            let interval = policy.effective_interval();
            let elapsed = (now - last).to_std().unwrap_or(Duration::ZERO);
            return Some(interval.saturating_sub(elapsed));
        }
        let due = self.next_at.unwrap_or(last);
        let wait = (due - now).to_std().unwrap_or(Duration::ZERO);
        Some(wait.min(policy.max_delay()))
    }

    /// Time since the last success, if there was one.
    pub fn staleness(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.last_success.map(|t| staleness(t, now))
    }
}

/// `now − last_success`, zero when the clock went backwards.
pub fn staleness(last_success: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (now - last_success).to_std().unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("test time")
    }

    #[test]
    fn success_delay_is_jittered_around_the_interval() {
        let p = RefreshPolicy::default();
        assert_eq!(p.success_delay(0.0), Duration::from_secs(48));
        assert_eq!(p.success_delay(0.5), Duration::from_secs(60));
        assert!(p.success_delay(0.999_999) < Duration::from_secs(72));
        assert_eq!(p.success_delay(f64::NAN), Duration::from_secs(60));
        assert_eq!(p.success_delay(-3.0), Duration::from_secs(48));
    }

    #[test]
    fn ceilings_double_then_cap() {
        let p = RefreshPolicy::default();
        let secs: Vec<u64> = (0..8).map(|n| p.backoff_ceiling(n).as_secs()).collect();
        assert_eq!(secs, [60, 60, 120, 240, 480, 600, 600, 600]);
        assert_eq!(p.backoff_ceiling(u32::MAX), Duration::from_secs(600));
    }

    #[test]
    fn failure_range_uses_floored_equal_jitter() {
        let p = RefreshPolicy::default();
        assert_eq!(p.failure_delay(1, None, 0.0), Duration::from_secs(48));
        assert_eq!(p.failure_delay(5, None, 0.0), Duration::from_secs(300));
        assert!(p.failure_delay(5, None, 0.999_999) < Duration::from_secs(600));
    }

    #[test]
    fn http_dates_in_three_forms() {
        let want = at("1994-11-06T08:49:37Z");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(want));
        assert_eq!(parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT"), Some(want));
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(want)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(want));
        assert_eq!(parse_http_date("06 Nov 1994 09:49:37 +0100"), Some(want));
        assert_eq!(parse_http_date("06 Nov 1994 07:19:37 -0130"), Some(want));
        assert_eq!(parse_http_date("sun, 06 nov 1994 08:49:37 UTC"), Some(want));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn http_dates_edges() {
        // Two-digit years as chrono's %y read them: 70-99 in the 1900s, 00-69 after 2000.
        assert_eq!(
            parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT"),
            Some(at("1970-01-01T00:00:00Z"))
        );
        assert_eq!(
            parse_http_date("Tuesday, 01-Jan-69 00:00:00 GMT"),
            Some(at("2069-01-01T00:00:00Z"))
        );
        // Leniently: any case, one-digit fields, the zones RFC 5322 names.
        let want = at("1994-11-06T08:49:37Z");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 gmt"), Some(want));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 03:49:37 EST"), Some(want));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 z"), Some(want));
        assert_eq!(parse_http_date("Sun Nov  6 8:49:37 1994"), Some(want));
        assert_eq!(parse_http_date("Sunday, 6-Nov-94 8:49:37 gmt"), Some(want));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 23:59:60 GMT"),
            Some(at("2028-02-29T23:59:59Z"))
        );
        for bad in [
            "Wed, 30 Feb 2028 00:00:00 GMT",
            "Wed, 01 Foo 2028 00:00:00 GMT",
            "Wed, 01 Mar 2028 24:00:00 GMT",
            "Wed, 01 Mar 2028 12:00 GMT",
            "Wed, 01 Mar 2028 12:00:00:00 GMT",
            "Wed, 01 Mar 28 12:00:00 GMT",
            "Wed, 01 Mar 2028 12:00:00 A",
            "Wed, 01 Mar 2028 12:00:00 GMT (comment)",
            "Wed, 01 Mar 2028 12:00:00 +01",
            "Wed, 01 Mar 2028 12:00:00 +2500",
            "Wed, 01 Mar 2028 12:000:00 GMT",
            "Wed, 001 Mar 2028 12:00:00 GMT",
            "Wed, 01-Mar-2028 12:00:00 GMT",
            "Wed Mar  1 12:00:00 28",
            "",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }
}
