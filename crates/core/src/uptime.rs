//! The uptime engine: minutes by severity per component and day, uptime over windows,
//! day colours, the longest outage and long incidents.
//!
//! Everything here is a pure function of the feed, a time zone and a "now" the caller
//! passes in; the engine never reads a clock. Build an [`UptimeIndex`] once per feed and
//! "now", then ask it for days ([`UptimeIndex::days`]) and windows
//! ([`UptimeIndex::window`]) in any zone with any [`UptimeOptions`]. The free functions
//! [`day_stats`] and [`window_stats`] do both steps for one-off questions.
//!
//! # Time
//! - All arithmetic is on whole milliseconds of UTC instants ([`Tally`] holds
//!   milliseconds; "minutes" in the API are those divided by 60 000), so sums are exact
//!   and a window's numbers are exactly the sum of its days'.
//! - A day is the span from local midnight of its date in the chosen IANA zone to local
//!   midnight of the next date, so days across daylight-saving changes are 23 or 25 hours
//!   long. Where a zone skips local midnight, the day starts at the first local time that
//!   exists after it; where midnight happens twice, at the earlier one.
//! - An interval without an end runs until `now`. Nothing counts after `now`: a day that
//!   begins at or after `now` is [`DayBucket::Future`], and today counts up to `now` only.
//! - A component's data starts at local midnight of its `start_date` in the chosen zone;
//!   time before it is "no data", never "up". A component without a `start_date` has
//!   data for all time.
//!
//! # Severity, overlap and maintenance
//! At each instant a component has the worst severity in effect (major outage > partial
//! outage > degraded performance > none) and is or is not under maintenance. Overlapping
//! incidents therefore count once, at the worst severity.
//!
//! Maintenance time comes from each [`Maintenance`]'s actual
//! window (`actual_start..actual_end`; an open end runs until `now`, unless the
//! maintenance is already completed, then it ends at its scheduled end). A maintenance
//! with no actual start counts its scheduled window only when its status says the work
//! happened: completed (or another final status) uses the scheduled window, in progress or
//! verifying runs from the scheduled start until `now`. Merely scheduled work never
//! counts.
//!
//! Maintenance minutes are left out of the counted minutes by default
//! ([`UptimeOptions::count_maintenance`]); when counted, they count as up-time.
//! **An outage during maintenance wins**: the service was down, and announcing work does
//! not make that time "up". Its weighted downtime counts in full, and that downtime is
//! put back into the counted minutes (otherwise an outage could push uptime above 100 %
//! or below 0). Only the *down share* is put back: a partial outage during maintenance
//! adds `w` of its minutes to both the downtime and the counted minutes, and the rest of
//! the time stays maintenance. Putting the whole overlap back instead would let a light
//! outage (degraded at weight 0) during maintenance turn left-out time into "up" time, so
//! that adding an incident raised the uptime; with the down share only, adding an outage
//! never raises uptime.
//!
//! # Formula
//! ```text
//! downtime = major + w × partial + d × degraded          (0 ≤ d ≤ w ≤ 1, UptimeOptions)
//! counted  = observed − maintenance + downtime during maintenance
//!            (observed: in the span, on or after the start date, before now;
//!             just `observed` when maintenance is counted)
//! uptime   = 1 − downtime ÷ counted                       (none when counted = 0)
//! ```
//! Uptime is reported as a percentage clamped to 0–100 and is strictly below 100 whenever
//! the downtime is above zero. [`format_uptime`] floors it for display, so a window with
//! any downtime never shows "100.00". [`Explanation`] carries every number that went in.
//!
//! # Groups
//! A group's timeline is the per-instant worst state over its children (and any interval
//! that names the group itself): a group is down while any child is down, in maintenance
//! while any child is in maintenance and none is down. We chose this union over the
//! average of the children because an average hides a fully broken child behind healthy
//! siblings, disagrees with the group's current status (the worst child, see
//! [`crate::status`]) and changes when a component is added; the union is what a user of
//! "the group" experiences at worst, and it matches Statuspage's group bars. A group's
//! data starts at its own `start_date`, else at its earliest child's (a child without a
//! start date means data for all time).
//!
//! # Colour
//! A day's colour follows the Statuspage scale on its weighted downtime, with thresholds in
//! [`ColourScale`]: no downtime is green; downtime shades from green towards yellow
//! (reached at 20 minutes), orange (40) and red (60), fully red beyond. Every colour comes
//! with a [`DayBucket`] and its text label key, so colour never carries meaning alone:
//! "no downtime", "minor" (below the yellow threshold), "partial" (below the red
//! threshold), "major" (at or above it), "maintenance" (only maintenance, nothing
//! counted), "no data" (before the start date) and "future".
//!
//! # Long incidents and the longest outage
//! An incident is flagged when it touches the component within the window and lasts
//! longer than [`UptimeOptions::long_incident_threshold`] (default 4 hours, the point past
//! which Korean law obliges a telecom service to tell users of their right to
//! compensation). Its duration is `started_at..resolved_at`, or `..now` while open.
//!
//! The longest outage is the longest continuous run of downtime on the component: incident
//! intervals merged where they overlap or touch, at the severities that weigh in the
//! downtime (major always, partial when `w > 0`, degraded when `d > 0`), maintenance or
//! not. The run with the most time inside the window wins; its whole length is
//! reported too.

use std::collections::HashMap;

use crate::zone::Zone;
use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};

use crate::model::{Feed, Maintenance, Severity, UpdateStatus};

/// Milliseconds in a minute.
pub const MS_PER_MINUTE: i64 = 60_000;

/// How uptime is weighed and shown. Build with `UptimeOptions::default()` and change the
/// fields you need.
#[derive(Clone, Debug, PartialEq)]
pub struct UptimeOptions {
    /// Weight `w` of partial-outage minutes in the downtime. Default 0.3. Taken within
    /// 0–1 and never below `degraded_weight` (see [`UptimeOptions::weights`]).
    pub partial_weight: f64,
    /// Weight `d` of degraded-performance minutes in the downtime. Default 0. Taken within
    /// 0–1.
    pub degraded_weight: f64,
    /// When true, maintenance minutes stay in the counted minutes (as up-time); when false
    /// (the default) they are left out of them.
    pub count_maintenance: bool,
    /// Incidents longer than this are flagged. Default 4 hours.
    pub long_incident_threshold: TimeDelta,
    /// Day colour thresholds and colours.
    pub colours: ColourScale,
}

impl Default for UptimeOptions {
    fn default() -> Self {
        UptimeOptions {
            partial_weight: 0.3,
            degraded_weight: 0.0,
            count_maintenance: false,
            long_incident_threshold: TimeDelta::hours(4),
            colours: ColourScale::default(),
        }
    }
}

impl UptimeOptions {
    /// The weights `(w, d)` the engine uses: each clamped to 0–1 (NaN as 0), and `w`
    /// raised to `d` when below it. A partial outage is never lighter than degraded
    /// performance: since overlapping incidents count at the worst severity, a lighter
    /// partial weight would let a partial outage on top of degraded performance lower the
    /// downtime, and a major outage weighs 1, so no weight may exceed it.
    pub fn weights(&self) -> (f64, f64) {
        let unit = |x: f64| if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) };
        let d = unit(self.degraded_weight);
        (unit(self.partial_weight).max(d), d)
    }

    /// The least severity that weighs in the downtime (major always does).
    fn least_weighed(&self) -> usize {
        let (w, d) = self.weights();
        if d > 0.0 {
            DEGRADED
        } else if w > 0.0 {
            PARTIAL
        } else {
            MAJOR
        }
    }
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The colour `t` (0–1) of the way from `self` to `to`.
    pub fn mix(self, to: Rgb, t: f64) -> Rgb {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let ch = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(ch(self.0, to.0), ch(self.1, to.1), ch(self.2, to.2))
    }
}

/// The day colour scale: thresholds in minutes of weighted downtime, and the colours.
#[derive(Clone, Debug, PartialEq)]
pub struct ColourScale {
    /// Downtime at which the colour has shaded from green to yellow. Default 20.
    pub yellow_at_minutes: f64,
    /// Downtime at which it is orange. Default 40.
    pub orange_at_minutes: f64,
    /// Downtime at which it is fully red. Default 60.
    pub red_at_minutes: f64,
    pub green: Rgb,
    pub yellow: Rgb,
    pub orange: Rgb,
    pub red: Rgb,
    /// Days with only maintenance and nothing counted.
    pub maintenance: Rgb,
    /// Days before the start date.
    pub no_data: Rgb,
    /// Days that have not begun.
    pub future: Rgb,
}

impl Default for ColourScale {
    fn default() -> Self {
        ColourScale {
            yellow_at_minutes: 20.0,
            orange_at_minutes: 40.0,
            red_at_minutes: 60.0,
            green: Rgb(0x2d, 0xa4, 0x4e),
            yellow: Rgb(0xe3, 0xb3, 0x41),
            orange: Rgb(0xe8, 0x77, 0x2e),
            red: Rgb(0xd7, 0x3a, 0x49),
            maintenance: Rgb(0x3b, 0x82, 0xc4),
            no_data: Rgb(0xc4, 0xc8, 0xcc),
            future: Rgb(0xe4, 0xe7, 0xea),
        }
    }
}

impl ColourScale {
    /// The colour of a day with `downtime_minutes` of weighted downtime, interpolated
    /// between the scale's stops.
    pub fn colour_for(&self, downtime_minutes: f64) -> Rgb {
        let d = downtime_minutes;
        if d.is_nan() || d <= 0.0 {
            return self.green;
        }
        let stops = [
            (0.0, self.green),
            (self.yellow_at_minutes, self.yellow),
            (self.orange_at_minutes, self.orange),
            (self.red_at_minutes, self.red),
        ];
        for pair in stops.windows(2) {
            let ((a, ca), (b, cb)) = (pair[0], pair[1]);
            if d < b {
                let t = if b > a { (d - a) / (b - a) } else { 1.0 };
                return ca.mix(cb, t);
            }
        }
        self.red
    }

    /// The bucket of a day with data and `downtime_minutes` of weighted downtime.
    pub fn bucket_for(&self, downtime_minutes: f64) -> DayBucket {
        let d = downtime_minutes;
        if d.is_nan() || d <= 0.0 {
            DayBucket::NoDowntime
        } else if d < self.yellow_at_minutes {
            DayBucket::Minor
        } else if d < self.red_at_minutes {
            DayBucket::Partial
        } else {
            DayBucket::Major
        }
    }
}

/// What a day's colour means, always shown with it as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayBucket {
    NoDowntime,
    /// Some downtime, below the yellow threshold.
    Minor,
    /// From the yellow threshold to below the red one.
    Partial,
    /// At or above the red threshold.
    Major,
    /// Maintenance only: no minute counted.
    Maintenance,
    /// Before the component's start date.
    NoData,
    /// The day has not begun.
    Future,
}

impl DayBucket {
    /// A stable text label key for messages and CSS classes.
    pub fn label_key(self) -> &'static str {
        match self {
            DayBucket::NoDowntime => "no downtime",
            DayBucket::Minor => "minor",
            DayBucket::Partial => "partial",
            DayBucket::Major => "major",
            DayBucket::Maintenance => "maintenance",
            DayBucket::NoData => "no data",
            DayBucket::Future => "future",
        }
    }
}

/// A day's colour with its meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayColour {
    pub bucket: DayBucket,
    pub rgb: Rgb,
    /// Same as `bucket.label_key()`.
    pub label: &'static str,
}

impl DayColour {
    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        self.rgb.hex()
    }

    fn new(bucket: DayBucket, rgb: Rgb) -> Self {
        DayColour {
            bucket,
            rgb,
            label: bucket.label_key(),
        }
    }
}

/// Time in a span by state, in milliseconds.
///
/// The severities count all their time, during maintenance too; `maintenance_ms` is all
/// time under maintenance, outages or not, and the `*_in_maintenance_ms` fields are the
/// overlap of each severity with maintenance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tally {
    pub major_ms: i64,
    pub partial_ms: i64,
    pub degraded_ms: i64,
    pub maintenance_ms: i64,
    pub major_in_maintenance_ms: i64,
    pub partial_in_maintenance_ms: i64,
    pub degraded_in_maintenance_ms: i64,
    /// Time with data: inside the span, on or after the start date, before now.
    pub observed_ms: i64,
}

impl Tally {
    /// Milliseconds as minutes.
    pub fn minutes(ms: i64) -> f64 {
        ms as f64 / MS_PER_MINUTE as f64
    }

    pub fn major_minutes(&self) -> f64 {
        Self::minutes(self.major_ms)
    }

    pub fn partial_minutes(&self) -> f64 {
        Self::minutes(self.partial_ms)
    }

    pub fn degraded_minutes(&self) -> f64 {
        Self::minutes(self.degraded_ms)
    }

    pub fn maintenance_minutes(&self) -> f64 {
        Self::minutes(self.maintenance_ms)
    }

    pub fn observed_minutes(&self) -> f64 {
        Self::minutes(self.observed_ms)
    }

    /// Weighted downtime in minutes: `major + w × partial + d × degraded`.
    pub fn downtime_minutes(&self, opts: &UptimeOptions) -> f64 {
        let (w, d) = opts.weights();
        self.major_minutes() + w * self.partial_minutes() + d * self.degraded_minutes()
    }

    /// The part of the weighted downtime that fell during maintenance.
    pub fn downtime_in_maintenance_minutes(&self, opts: &UptimeOptions) -> f64 {
        let (w, d) = opts.weights();
        Self::minutes(self.major_in_maintenance_ms)
            + w * Self::minutes(self.partial_in_maintenance_ms)
            + d * Self::minutes(self.degraded_in_maintenance_ms)
    }

    /// The counted minutes: all observed time when maintenance is counted; otherwise
    /// observed − maintenance + the downtime during maintenance (an outage during
    /// maintenance still counts, as downtime).
    pub fn counted_minutes(&self, opts: &UptimeOptions) -> f64 {
        if opts.count_maintenance {
            self.observed_minutes()
        } else {
            Self::minutes(self.observed_ms - self.maintenance_ms)
                + self.downtime_in_maintenance_minutes(opts)
        }
    }

    /// Uptime in percent (0–100), `None` when nothing was counted. Strictly below 100
    /// whenever there is downtime.
    pub fn uptime_percent(&self, opts: &UptimeOptions) -> Option<f64> {
        let counted = self.counted_minutes(opts);
        if counted.is_nan() || counted <= 0.0 {
            return None;
        }
        let downtime = self.downtime_minutes(opts);
        let mut up = 100.0 * (1.0 - downtime / counted);
        if downtime > 0.0 {
            up = up.min(BELOW_100);
        }
        Some(if up.is_nan() {
            0.0
        } else {
            up.clamp(0.0, 100.0)
        })
    }

    /// The sum of two tallies.
    pub fn plus(self, o: Tally) -> Tally {
        Tally {
            major_ms: self.major_ms + o.major_ms,
            partial_ms: self.partial_ms + o.partial_ms,
            degraded_ms: self.degraded_ms + o.degraded_ms,
            maintenance_ms: self.maintenance_ms + o.maintenance_ms,
            major_in_maintenance_ms: self.major_in_maintenance_ms + o.major_in_maintenance_ms,
            partial_in_maintenance_ms: self.partial_in_maintenance_ms + o.partial_in_maintenance_ms,
            degraded_in_maintenance_ms: self.degraded_in_maintenance_ms
                + o.degraded_in_maintenance_ms,
            observed_ms: self.observed_ms + o.observed_ms,
        }
    }
}

/// The largest `f64` below 100.
const BELOW_100: f64 = f64::from_bits(100f64.to_bits() - 1);

/// One component's day.
#[derive(Clone, Debug, PartialEq)]
pub struct DayStats {
    pub date: NaiveDate,
    /// Local midnight of `date` in the zone, as a UTC instant.
    pub start: DateTime<Utc>,
    /// Local midnight of the next date.
    pub end: DateTime<Utc>,
    /// `end − start` in minutes: 1440, or 1380 / 1500 on daylight-saving days.
    pub length_minutes: i64,
    pub tally: Tally,
    pub counted_minutes: f64,
    pub downtime_minutes: f64,
    /// Percent; `None` when nothing was counted (future, no data, maintenance only).
    pub uptime_percent: Option<f64>,
    pub colour: DayColour,
    /// Incidents that touched the component this day, by first touch.
    pub incident_ids: Vec<String>,
    /// Maintenance windows (actual once started, else scheduled; future ones too) on the
    /// component this day.
    pub maintenance_ids: Vec<String>,
}

/// A span of days, each cut in the zone passed with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Window {
    /// The last `n` days ending today (the date of `now` in the zone), today included.
    LastDays(u32),
    /// A calendar month.
    Month { year: i32, month: u32 },
    /// `first..=last`.
    Dates { first: NaiveDate, last: NaiveDate },
}

impl Window {
    /// The first and last dates of the window; `None` for an empty or invalid window.
    pub fn dates(&self, tz: Zone, now: DateTime<Utc>) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            Window::LastDays(0) => None,
            Window::LastDays(n) => {
                let last = today(tz, now);
                let first = last.checked_sub_days(Days::new(u64::from(n) - 1))?;
                Some((first, last))
            }
            Window::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(year, month, 1)?;
                let next = first.checked_add_months(chrono::Months::new(1))?;
                Some((first, next.pred_opt()?))
            }
            Window::Dates { first, last } => (first <= last).then_some((first, last)),
        }
    }
}

/// The longest continuous outage on a component in a window.
#[derive(Clone, Debug, PartialEq)]
pub struct Outage {
    pub start: DateTime<Utc>,
    /// Clipped to `now` while ongoing.
    pub end: DateTime<Utc>,
    pub ongoing: bool,
    /// The whole run, also outside the window.
    pub minutes: f64,
    /// The part inside the window (and after the start date).
    pub minutes_in_window: f64,
    /// Incidents whose intervals make up the run, by start.
    pub incident_ids: Vec<String>,
}

/// One component's numbers over a window.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowStats {
    pub component_id: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Local midnight of `first`.
    pub start: DateTime<Utc>,
    /// Local midnight after `last`.
    pub end: DateTime<Utc>,
    pub tally: Tally,
    pub counted_minutes: f64,
    pub downtime_minutes: f64,
    /// Percent; `None` when nothing was counted.
    pub uptime_percent: Option<f64>,
    pub longest_outage: Option<Outage>,
    /// Incidents longer than the threshold that touched the component in the window.
    pub long_incidents: Vec<String>,
    /// `long_incidents.len()`.
    pub long_incident_count: usize,
    /// Every incident that touched the component in the window, by first touch.
    pub incident_ids: Vec<String>,
    pub maintenance_ids: Vec<String>,
}

impl WindowStats {
    /// The numbers and formula behind `uptime_percent`.
    pub fn explain(&self, opts: &UptimeOptions) -> Explanation {
        explain(&self.tally, opts)
    }
}

/// Every number that went into an uptime, for showing the formula.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub major_minutes: f64,
    pub partial_minutes: f64,
    pub degraded_minutes: f64,
    pub maintenance_minutes: f64,
    pub downtime_in_maintenance_minutes: f64,
    pub observed_minutes: f64,
    pub counted_minutes: f64,
    /// The weights in effect ([`UptimeOptions::weights`]).
    pub partial_weight: f64,
    pub degraded_weight: f64,
    pub count_maintenance: bool,
    pub downtime_minutes: f64,
    pub uptime_percent: Option<f64>,
    /// The formula in symbols, e.g.
    /// `uptime = 1 − (major + 0.3 × partial + 0 × degraded) ÷ counted; counted = …`.
    pub formula: String,
    /// The formula with the numbers in, e.g.
    /// `1 − (30.00 + 0.3 × 60.00 + 0 × 0.00) ÷ 1440.00 = 96.66 %`.
    pub worked: String,
}

/// The numbers and formula behind a tally's uptime.
pub fn explain(tally: &Tally, opts: &UptimeOptions) -> Explanation {
    let (w, d) = opts.weights();
    let counted_rule = if opts.count_maintenance {
        "counted = observed (maintenance counts as up)".to_string()
    } else {
        format!(
            "counted = observed − maintenance + downtime during maintenance \
             (major + {} × partial + {} × degraded, during maintenance)",
            w, d
        )
    };
    let formula = format!(
        "uptime = 1 − (major + {} × partial + {} × degraded) ÷ counted; {counted_rule}",
        w, d
    );
    let uptime = tally.uptime_percent(opts);
    let result = match uptime {
        Some(u) => format!("{} %", format_uptime(u, 2)),
        None => "no data (nothing counted)".to_string(),
    };
    let worked = format!(
        "1 − ({:.2} + {} × {:.2} + {} × {:.2}) ÷ {:.2} = {result}",
        tally.major_minutes(),
        w,
        tally.partial_minutes(),
        d,
        tally.degraded_minutes(),
        tally.counted_minutes(opts),
    );
    Explanation {
        major_minutes: tally.major_minutes(),
        partial_minutes: tally.partial_minutes(),
        degraded_minutes: tally.degraded_minutes(),
        maintenance_minutes: tally.maintenance_minutes(),
        downtime_in_maintenance_minutes: tally.downtime_in_maintenance_minutes(opts),
        observed_minutes: tally.observed_minutes(),
        counted_minutes: tally.counted_minutes(opts),
        partial_weight: w,
        degraded_weight: d,
        count_maintenance: opts.count_maintenance,
        downtime_minutes: tally.downtime_minutes(opts),
        uptime_percent: uptime,
        formula,
        worked,
    }
}

/// Format an uptime percentage with `precision` decimals (at most 6), rounding **down**:
/// `99.9999` shows as `"99.99"`, anything below 100 never shows as `"100.00"`, and
/// nothing shows below `"0.00"` (negative or NaN input shows as zero). Binary rounding
/// noise below a millionth of the last digit is absorbed first, so `99.95` shows as
/// `"99.95"`, not `"99.94"`.
pub fn format_uptime(percent: f64, precision: u32) -> String {
    let p = precision.min(6);
    let scale = 10_i64.pow(p);
    let full = 100 * scale;
    let units = if percent.is_nan() || percent <= 0.0 {
        0
    } else if percent >= 100.0 {
        full
    } else {
        let raw = (percent * scale as f64 + 1e-6).floor() as i64;
        raw.clamp(0, full - 1)
    };
    if p == 0 {
        units.to_string()
    } else {
        format!(
            "{}.{:0width$}",
            units / scale,
            units % scale,
            width = p as usize
        )
    }
}

/// The date of `now` in `tz`.
pub fn today(tz: Zone, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// The first instant of `date` in `tz`: local midnight, or the first local time after it
/// that exists when the zone skips midnight; the earlier one when it happens twice.
pub fn local_day_start(tz: Zone, date: NaiveDate) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    for _ in 0..(4 * 24) {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => {
                return a.with_timezone(&Utc).min(b.with_timezone(&Utc));
            }
            LocalResult::None => local += TimeDelta::minutes(15),
        }
    }
    date.and_time(NaiveTime::MIN).and_utc()
}

/// Days `first..=last` of one component, building an index first. `None` when the feed
/// has no such component. Build an [`UptimeIndex`] yourself to ask more than once.
pub fn day_stats(
    feed: &Feed,
    component_id: &str,
    first: NaiveDate,
    last: NaiveDate,
    tz: Zone,
    now: DateTime<Utc>,
    opts: &UptimeOptions,
) -> Option<Vec<DayStats>> {
    UptimeIndex::new(feed, now).days(component_id, first, last, tz, opts)
}

/// One component over a window, building an index first. `None` when the feed has no
/// such component or the window is empty.
pub fn window_stats(
    feed: &Feed,
    component_id: &str,
    window: Window,
    tz: Zone,
    now: DateTime<Utc>,
    opts: &UptimeOptions,
) -> Option<WindowStats> {
    UptimeIndex::new(feed, now).window(component_id, window, tz, opts)
}

// State indices, worst last.
const MAINTENANCE: usize = 0;
const DEGRADED: usize = 1;
const PARTIAL: usize = 2;
const MAJOR: usize = 3;
/// Segment states are `severity × 2 + under_maintenance`, severity 0 for none.
const SLOTS: usize = 8;

fn slot(severity: usize, maintenance: bool) -> usize {
    severity * 2 + usize::from(maintenance)
}
/// A touch that is not an outage interval (an incident naming the component without an
/// interval on it).
const NO_SEVERITY: u8 = u8::MAX;

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Degraded => DEGRADED,
        Severity::Partial => PARTIAL,
        Severity::Major => MAJOR,
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A stretch of one state: the worst severity in effect (0 for none) and whether
/// maintenance is under way, as [`slot`].
#[derive(Clone, Copy, Debug)]
struct Seg {
    start: i64,
    end: i64,
    state: u8,
}

/// Something that touched a component over `start..end`.
#[derive(Clone, Copy, Debug)]
struct Touch {
    start: i64,
    end: i64,
    /// Index of the incident or maintenance.
    item: u32,
    /// State index of an outage interval, or [`NO_SEVERITY`].
    sev: u8,
}

/// Touches sorted by start, with the running maximum of their ends, for overlap queries
/// that skip everything that ended before the query.
#[derive(Clone, Debug, Default)]
struct Touches {
    items: Vec<Touch>,
    max_end: Vec<i64>,
}

impl Touches {
    fn new(mut items: Vec<Touch>) -> Self {
        crate::order::sort_by_key(&mut items, |t| (t.start, t.end, t.item));
        let mut max_end = Vec::with_capacity(items.len());
        let mut m = i64::MIN;
        for t in &items {
            m = m.max(t.end);
            max_end.push(m);
        }
        Touches { items, max_end }
    }

    /// Touches overlapping `a..b`.
    fn overlapping(&self, a: i64, b: i64) -> impl Iterator<Item = &Touch> {
        let hi = self.items.partition_point(|t| t.start < b);
        let lo = self.max_end[..hi].partition_point(|&m| m <= a);
        self.items[lo..hi].iter().filter(move |t| t.end > a)
    }
}

/// One component's (or group's) timeline.
#[derive(Clone, Debug, Default)]
struct Line {
    start_date: Option<NaiveDate>,
    /// Disjoint, sorted stretches of the state in effect (never "up, no maintenance").
    segs: Vec<Seg>,
    /// `prefix[i][state]`: time in `state` over `segs[..i]`.
    prefix: Vec<[i64; SLOTS]>,
    /// Merged runs of outage at or above each severity (index by state index 1–3).
    runs: [Vec<(i64, i64)>; 4],
    incidents: Touches,
    maintenances: Touches,
}

impl Line {
    fn build(
        start_date: Option<NaiveDate>,
        spans: &[(i64, i64, u8)],
        incidents: Vec<Touch>,
        maintenances: Vec<Touch>,
    ) -> Line {
        let segs = sweep(spans);
        let mut prefix = Vec::with_capacity(segs.len() + 1);
        let mut acc = [0i64; SLOTS];
        prefix.push(acc);
        for s in &segs {
            acc[s.state as usize] += s.end - s.start;
            prefix.push(acc);
        }
        let mut runs: [Vec<(i64, i64)>; 4] = Default::default();
        for (k, run) in runs.iter_mut().enumerate().skip(DEGRADED) {
            for s in segs.iter().filter(|s| s.state as usize / 2 >= k) {
                match run.last_mut() {
                    Some(last) if last.1 == s.start => last.1 = s.end,
                    _ => run.push((s.start, s.end)),
                }
            }
        }
        Line {
            start_date,
            segs,
            prefix,
            runs,
            incidents: Touches::new(incidents),
            maintenances: Touches::new(maintenances),
        }
    }

    /// Time by state before instant `t`.
    fn cumulative(&self, t: i64) -> [i64; SLOTS] {
        let i = self.segs.partition_point(|s| s.end <= t);
        let mut v = self.prefix[i];
        if let Some(s) = self.segs.get(i) {
            if s.start < t {
                v[s.state as usize] += t - s.start;
            }
        }
        v
    }

    fn tally(&self, a: i64, b: i64) -> Tally {
        if b <= a {
            return Tally::default();
        }
        let (x, y) = (self.cumulative(a), self.cumulative(b));
        let d = |sev: usize, m: bool| y[slot(sev, m)] - x[slot(sev, m)];
        Tally {
            major_ms: d(MAJOR, false) + d(MAJOR, true),
            partial_ms: d(PARTIAL, false) + d(PARTIAL, true),
            degraded_ms: d(DEGRADED, false) + d(DEGRADED, true),
            maintenance_ms: (0..4).map(|k| d(k, true)).sum(),
            major_in_maintenance_ms: d(MAJOR, true),
            partial_in_maintenance_ms: d(PARTIAL, true),
            degraded_in_maintenance_ms: d(DEGRADED, true),
            observed_ms: b - a,
        }
    }
}

/// Sweep possibly overlapping `(start, end, kind)` spans (kind: [`MAINTENANCE`] or a
/// severity) into disjoint stretches of the state in effect (see [`slot`]), merging
/// neighbours of one state.
fn sweep(spans: &[(i64, i64, u8)]) -> Vec<Seg> {
    let mut events: Vec<(i64, i8, u8)> = Vec::with_capacity(spans.len() * 2);
    for &(s, e, st) in spans {
        if s < e {
            events.push((s, 1, st));
            events.push((e, -1, st));
        }
    }
    crate::order::sort(&mut events);
    let mut counts = [0i32; 4];
    let mut segs: Vec<Seg> = Vec::new();
    let mut i = 0;
    let mut prev: Option<(i64, u8)> = None;
    while i < events.len() {
        let t = events[i].0;
        while i < events.len() && events[i].0 == t {
            counts[events[i].2 as usize] += i32::from(events[i].1);
            i += 1;
        }
        if let Some((from, st)) = prev {
            match segs.last_mut() {
                Some(last) if last.end == from && last.state == st => last.end = t,
                _ => segs.push(Seg {
                    start: from,
                    end: t,
                    state: st,
                }),
            }
        }
        let worst = (DEGRADED..=MAJOR)
            .rev()
            .find(|&k| counts[k] > 0)
            .unwrap_or(0);
        let state = slot(worst, counts[MAINTENANCE] > 0);
        prev = (state != 0).then_some((t, state as u8));
    }
    segs
}

/// The window over which a maintenance counts, clipped to `now`, by the rule in the
/// module docs.
fn maintenance_counted(m: &Maintenance, now: i64) -> Option<(i64, i64)> {
    let started_by_status = matches!(m.status, UpdateStatus::InProgress | UpdateStatus::Verifying)
        || m.status.is_final();
    let start = match m.actual_start {
        Some(a) => ms(a),
        None if started_by_status => ms(m.scheduled_start),
        None => return None,
    };
    let end = match m.actual_end {
        Some(e) => ms(e),
        None if m.status.is_final() => ms(m.scheduled_end).max(start),
        None => now,
    };
    let end = end.min(now);
    (start < end).then_some((start, end))
}

/// The window over which a maintenance is listed on days: actual once started, else
/// scheduled; an open actual window reaches at least `now`.
fn maintenance_listed(m: &Maintenance, now: i64) -> (i64, i64) {
    let start = m.actual_start.map(ms).unwrap_or(ms(m.scheduled_start));
    let end = match (m.actual_start, m.actual_end) {
        (_, Some(e)) => ms(e),
        (Some(_), None) if !m.status.is_final() => ms(m.scheduled_end).max(now),
        _ => ms(m.scheduled_end),
    };
    (start, end.max(start + 1))
}

/// Intervals, incidents and maintenance of every component, indexed once for a feed and
/// a "now", then queried per day or window in any zone with any options.
#[derive(Clone, Debug)]
pub struct UptimeIndex {
    now: i64,
    by_id: HashMap<String, usize>,
    ids: Vec<String>,
    lines: Vec<Line>,
    incident_ids: Vec<String>,
    /// Per incident: `started_at..resolved_at` (or `..now`), in ms.
    incident_spans: Vec<(i64, i64)>,
    maintenance_ids: Vec<String>,
}

#[derive(Default)]
struct Raw {
    spans: Vec<(i64, i64, u8)>,
    incidents: Vec<Touch>,
    maintenances: Vec<Touch>,
}

impl UptimeIndex {
    /// Index `feed` as of `now`: every component (and every id an interval names), groups
    /// merged from their children.
    pub fn new(feed: &Feed, now: DateTime<Utc>) -> UptimeIndex {
        let now_ms = ms(now);
        let mut raw: HashMap<&str, Raw> = HashMap::new();
        let mut incident_ids = Vec::with_capacity(feed.incidents.len());
        let mut incident_spans = Vec::with_capacity(feed.incidents.len());
        for (n, inc) in feed.incidents.iter().enumerate() {
            let item = n as u32;
            incident_ids.push(inc.id.clone());
            let started = ms(inc.started_at);
            let resolved = inc.resolved_at.map(ms).unwrap_or(now_ms).min(now_ms);
            incident_spans.push((started, resolved.max(started)));
            for iv in &inc.intervals {
                let s = ms(iv.start);
                let e = iv.end.map(ms).unwrap_or(now_ms).min(now_ms);
                if s >= now_ms || e < s {
                    continue;
                }
                let sev = sev_index(iv.severity) as u8;
                let r = raw.entry(iv.component_id.as_str()).or_default();
                if s < e {
                    r.spans.push((s, e, sev));
                }
                r.incidents.push(Touch {
                    start: s,
                    end: e.max(s + 1),
                    item,
                    sev,
                });
            }
            for c in &inc.components {
                if inc.intervals.iter().any(|iv| &iv.component_id == c) || started >= now_ms {
                    continue;
                }
                raw.entry(c.as_str()).or_default().incidents.push(Touch {
                    start: started,
                    end: resolved.max(started + 1),
                    item,
                    sev: NO_SEVERITY,
                });
            }
        }
        let mut maintenance_ids = Vec::with_capacity(feed.maintenances.len());
        for (n, m) in feed.maintenances.iter().enumerate() {
            let item = n as u32;
            maintenance_ids.push(m.id.clone());
            let counted = maintenance_counted(m, now_ms);
            let (ls, le) = maintenance_listed(m, now_ms);
            for c in &m.components {
                let r = raw.entry(c.as_str()).or_default();
                if let Some((s, e)) = counted {
                    r.spans.push((s, e, MAINTENANCE as u8));
                }
                r.maintenances.push(Touch {
                    start: ls,
                    end: le,
                    item,
                    sev: NO_SEVERITY,
                });
            }
        }

        let mut ids: Vec<String> = feed.components.iter().map(|c| c.id.clone()).collect();
        let mut extra: Vec<&str> = raw
            .keys()
            .copied()
            .filter(|k| feed.component(k).is_none())
            .collect();
        crate::order::sort(&mut extra);
        ids.extend(extra.into_iter().map(str::to_string));
        let mut by_id = HashMap::with_capacity(ids.len());
        let mut lines = Vec::with_capacity(ids.len());
        for (n, id) in ids.iter().enumerate() {
            by_id.entry(id.clone()).or_insert(n);
            let comp = feed.component(id);
            let children: Vec<&str> = match comp {
                Some(c) if c.is_group => feed.children_of(&c.id).map(|c| c.id.as_str()).collect(),
                _ => Vec::new(),
            };
            let start_date = match comp {
                Some(c) if c.start_date.is_some() => c.start_date,
                Some(c) if c.is_group && !children.is_empty() => {
                    let dates: Option<Vec<NaiveDate>> =
                        feed.children_of(&c.id).map(|ch| ch.start_date).collect();
                    dates.and_then(|d| d.into_iter().min())
                }
                _ => None,
            };
            let mut spans = Vec::new();
            let mut incidents = Vec::new();
            let mut maintenances = Vec::new();
            for member in std::iter::once(id.as_str()).chain(children.iter().copied()) {
                if let Some(r) = raw.get(member) {
                    spans.extend_from_slice(&r.spans);
                    incidents.extend_from_slice(&r.incidents);
                    maintenances.extend_from_slice(&r.maintenances);
                }
            }
            lines.push(Line::build(start_date, &spans, incidents, maintenances));
        }
        UptimeIndex {
            now: now_ms,
            by_id,
            ids,
            lines,
            incident_ids,
            incident_spans,
            maintenance_ids,
        }
    }

    /// The "now" the index was built for.
    pub fn now(&self) -> DateTime<Utc> {
        instant(self.now)
    }

    /// Ids of every indexed component: the feed's in display order, then any id only an
    /// interval or maintenance names.
    pub fn component_ids(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    fn line(&self, id: &str) -> Option<&Line> {
        self.by_id.get(id).map(|&n| &self.lines[n])
    }

    /// `a..b` clipped to the line's data: after its start date (in `tz`), before now.
    fn clip(&self, line: &Line, tz: Zone, a: i64, b: i64) -> (i64, i64) {
        let from = line
            .start_date
            .map(|d| ms(local_day_start(tz, d)))
            .unwrap_or(i64::MIN);
        (a.max(from), b.min(self.now))
    }

    /// Time by state on a component over the instants `start..end` (clipped to its start
    /// date in `tz` and to now).
    pub fn tally(
        &self,
        component_id: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        tz: Zone,
    ) -> Option<Tally> {
        let line = self.line(component_id)?;
        let (a, b) = self.clip(line, tz, ms(start), ms(end));
        Some(line.tally(a, b))
    }

    /// One component's days `first..=last`, cut in `tz`. `None` for an unknown component;
    /// empty when `last < first`.
    pub fn days(
        &self,
        component_id: &str,
        first: NaiveDate,
        last: NaiveDate,
        tz: Zone,
        opts: &UptimeOptions,
    ) -> Option<Vec<DayStats>> {
        let line = self.line(component_id)?;
        let data_from = line
            .start_date
            .map(|d| ms(local_day_start(tz, d)))
            .unwrap_or(i64::MIN);
        let mut out = Vec::new();
        let mut date = first;
        let mut start = ms(local_day_start(tz, date));
        while date <= last {
            let Some(next) = date.succ_opt() else { break };
            let end = ms(local_day_start(tz, next));
            out.push(self.day_of(line, date, start, end, data_from, opts));
            date = next;
            start = end;
        }
        Some(out)
    }

    /// One component's day `date`, cut in `tz`.
    pub fn day(
        &self,
        component_id: &str,
        date: NaiveDate,
        tz: Zone,
        opts: &UptimeOptions,
    ) -> Option<DayStats> {
        self.days(component_id, date, date, tz, opts)?.pop()
    }

    fn day_of(
        &self,
        line: &Line,
        date: NaiveDate,
        start: i64,
        end: i64,
        data_from: i64,
        opts: &UptimeOptions,
    ) -> DayStats {
        let scale = &opts.colours;
        let (a, b) = (start.max(data_from), end.min(self.now));
        let tally = line.tally(a, b);
        let counted_minutes = tally.counted_minutes(opts);
        let downtime_minutes = tally.downtime_minutes(opts);
        let uptime_percent = tally.uptime_percent(opts);
        let colour = if start >= self.now {
            DayColour::new(DayBucket::Future, scale.future)
        } else if a >= end {
            DayColour::new(DayBucket::NoData, scale.no_data)
        } else if uptime_percent.is_none() {
            if tally.maintenance_ms > 0 {
                DayColour::new(DayBucket::Maintenance, scale.maintenance)
            } else {
                DayColour::new(DayBucket::NoData, scale.no_data)
            }
        } else {
            DayColour::new(
                scale.bucket_for(downtime_minutes),
                scale.colour_for(downtime_minutes),
            )
        };
        // Incidents up to now; maintenance also when planned ahead.
        let incident_ids = if a < b {
            self.names(&self.incident_ids, line.incidents.overlapping(a, b))
        } else {
            Vec::new()
        };
        let maintenance_ids = if a < end {
            self.names(&self.maintenance_ids, line.maintenances.overlapping(a, end))
        } else {
            Vec::new()
        };
        DayStats {
            date,
            start: instant(start),
            end: instant(end),
            length_minutes: (end - start) / MS_PER_MINUTE,
            tally,
            counted_minutes,
            downtime_minutes,
            uptime_percent,
            colour,
            incident_ids,
            maintenance_ids,
        }
    }

    /// Distinct names of `touches`, by first touch.
    fn names<'a>(&self, names: &[String], touches: impl Iterator<Item = &'a Touch>) -> Vec<String> {
        let mut items: Vec<(i64, u32)> = touches.map(|t| (t.start, t.item)).collect();
        if items.is_empty() {
            return Vec::new();
        }
        crate::order::sort(&mut items);
        let mut seen: Vec<u32> = Vec::with_capacity(items.len());
        let mut out = Vec::with_capacity(items.len());
        for (_, item) in items {
            if !seen.contains(&item) {
                seen.push(item);
                out.push(names[item as usize].clone());
            }
        }
        out
    }

    /// One component over a window cut in `tz`. `None` for an unknown component or an
    /// empty window.
    pub fn window(
        &self,
        component_id: &str,
        window: Window,
        tz: Zone,
        opts: &UptimeOptions,
    ) -> Option<WindowStats> {
        let (first, last) = window.dates(tz, instant(self.now))?;
        self.range(component_id, first, last, tz, opts)
    }

    /// One component over the dates `first..=last` cut in `tz`. `None` for an unknown
    /// component or `last < first`.
    pub fn range(
        &self,
        component_id: &str,
        first: NaiveDate,
        last: NaiveDate,
        tz: Zone,
        opts: &UptimeOptions,
    ) -> Option<WindowStats> {
        if last < first {
            return None;
        }
        let line = self.line(component_id)?;
        let start = ms(local_day_start(tz, first));
        let end = ms(local_day_start(tz, last.succ_opt()?));
        let (a, b) = self.clip(line, tz, start, end);
        let tally = line.tally(a, b);
        let (incident_ids, long_incidents, longest_outage) = if a < b {
            let touches: Vec<&Touch> = line.incidents.overlapping(a, b).collect();
            let threshold = opts.long_incident_threshold.num_milliseconds();
            let long = touches.iter().copied().filter(|t| {
                let (s, e) = self.incident_spans[t.item as usize];
                e - s > threshold
            });
            (
                self.names(&self.incident_ids, touches.iter().copied()),
                self.names(&self.incident_ids, long),
                self.longest(line, a, b, opts),
            )
        } else {
            (Vec::new(), Vec::new(), None)
        };
        let maintenance_ids = if a < end {
            self.names(&self.maintenance_ids, line.maintenances.overlapping(a, end))
        } else {
            Vec::new()
        };
        Some(WindowStats {
            component_id: component_id.to_string(),
            first,
            last,
            start: instant(start),
            end: instant(end),
            tally,
            counted_minutes: tally.counted_minutes(opts),
            downtime_minutes: tally.downtime_minutes(opts),
            uptime_percent: tally.uptime_percent(opts),
            longest_outage,
            long_incident_count: long_incidents.len(),
            long_incidents,
            incident_ids,
            maintenance_ids,
        })
    }

    /// Several components over one window, in the order given; unknown ids are skipped.
    pub fn windows<'a>(
        &self,
        component_ids: impl IntoIterator<Item = &'a str>,
        window: Window,
        tz: Zone,
        opts: &UptimeOptions,
    ) -> Vec<WindowStats> {
        component_ids
            .into_iter()
            .filter_map(|id| self.window(id, window, tz, opts))
            .collect()
    }

    fn longest(&self, line: &Line, a: i64, b: i64, opts: &UptimeOptions) -> Option<Outage> {
        let k = opts.least_weighed();
        let runs = &line.runs[k];
        let from = runs.partition_point(|r| r.1 <= a);
        let best = runs[from..]
            .iter()
            .take_while(|r| r.0 < b)
            .map(|&(s, e)| (e.min(b) - s.max(a), s, e))
            .filter(|r| r.0 > 0)
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)))?;
        let (inside, s, e) = best;
        let ids = self.names(
            &self.incident_ids,
            line.incidents
                .overlapping(s, e)
                .filter(|t| t.sev != NO_SEVERITY && t.sev as usize >= k),
        );
        Some(Outage {
            start: instant(s),
            end: instant(e),
            ongoing: e >= self.now,
            minutes: Tally::minutes(e - s),
            minutes_in_window: Tally::minutes(inside),
            incident_ids: ids,
        })
    }
}

/// The number of days in `year`-`month`, for callers building month windows.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some(next.signed_duration_since(first).num_days() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_keeps_the_worst_and_merges() {
        let segs = sweep(&[
            (0, 100, DEGRADED as u8),
            (50, 70, MAJOR as u8),
            (60, 120, PARTIAL as u8),
            (120, 130, PARTIAL as u8),
            (200, 210, MAINTENANCE as u8),
            (205, 206, MAJOR as u8),
        ]);
        let got: Vec<(i64, i64, u8)> = segs.iter().map(|s| (s.start, s.end, s.state)).collect();
        assert_eq!(
            got,
            vec![
                (0, 50, 2),    // degraded
                (50, 70, 6),   // major
                (70, 130, 4),  // partial
                (200, 205, 1), // maintenance only
                (205, 206, 7), // major during maintenance
                (206, 210, 1)
            ]
        );
    }

    #[test]
    fn line_tally_cuts_inside_segments() {
        let line = Line::build(
            None,
            &[(10, 20, MAJOR as u8), (15, 40, PARTIAL as u8)],
            Vec::new(),
            Vec::new(),
        );
        let t = line.tally(12, 30);
        assert_eq!((t.major_ms, t.partial_ms, t.observed_ms), (8, 10, 18));
        assert_eq!(
            line.tally(0, 5),
            Tally {
                observed_ms: 5,
                ..Tally::default()
            }
        );
        assert_eq!(line.runs[MAJOR], vec![(10, 20)]);
        assert_eq!(line.runs[PARTIAL], vec![(10, 40)]);
    }

    #[test]
    fn touches_find_long_and_short_overlaps() {
        let t = |start, end, item| Touch {
            start,
            end,
            item,
            sev: 1,
        };
        let touches = Touches::new(vec![
            t(0, 1000, 0),
            t(10, 20, 1),
            t(30, 40, 2),
            t(500, 600, 3),
        ]);
        let hits: Vec<u32> = touches.overlapping(25, 35).map(|t| t.item).collect();
        assert_eq!(hits, vec![0, 2]);
        let hits: Vec<u32> = touches.overlapping(1000, 2000).map(|t| t.item).collect();
        assert!(hits.is_empty());
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2024, 2), Some(29));
        assert_eq!(days_in_month(2023, 2), Some(28));
        assert_eq!(days_in_month(2023, 13), None);
    }
}
