//! The widget's summary: everything the embeddable widget can show, in both languages,
//! computed once from the feed and the configuration.
//!
//! `statuslight build --page` writes it beside the page's configuration
//! (`statuslight.widget.json` beside `statuslight.json`), so a widget renders one small
//! document instead of reading the feed and running the uptime engine; a widget without a
//! usable summary computes the same value from the feed itself ([`widget_summary`] with no
//! days ahead). The widget picks the language, the components and the size it was asked
//! for from it (`src/widget/model.rs`).
//!
//! A published summary is a cache of this computation, and says when it stops being one:
//! - `sources` holds a fingerprint of the configuration's and each feed's bytes it was
//!   computed from; a widget that fetches different bytes does not use it.
//! - Between `at` and `until` nothing recorded in the feed happens (no incident, interval,
//!   update or maintenance starts or ends), so the statuses hold. Days pass meanwhile: the
//!   bars carry [`AHEAD_DAYS`] days past `at`'s, and `day_starts` says which day is
//!   today. While an incident or an outage is open its downtime grows, so `until` is at
//!   most [`HOLD_WHILE_OPEN_MS`] after `at`, and no later than the end of `at`'s day (the
//!   day's own cell was counted up to `at`). After `until` the widget reads the feed.
//! - A widget whose clock is more than [`CLOCK_TOLERANCE_MS`] behind `at` does not use
//!   it either.
//! - A snapshot (a feed with `as_of`) never changes: `until` is `None`.
//!
//! Between publishes the uptime percentages are those at `at` (today) or at the middle
//! of each later day, so they can differ from the live page's in their last digit while
//! the window slides.

use chrono::{DateTime, Days, TimeDelta, Utc};
use serde::Serialize;

use super::{bar, bucket_class, shown_at, status_view, DayCell, Settings};
use crate::config::Config;
use crate::export::badge::{level_colour, status_colour, UNKNOWN_COLOUR};
use crate::i18n::Lang;
use crate::model::Feed;
use crate::status;
use crate::uptime::{local_day_start, today, UptimeIndex};
use crate::zone::Zone;

/// The `version` of a summary this code writes and reads.
pub const SUMMARY_VERSION: &str = "statuslight-widget/1";

/// Days in the widget's bars.
pub const BAR_DAYS: u32 = 30;

/// Days past the summary's own that a published summary carries bars for: a page
/// published once a month keeps its widgets on the summary.
pub const AHEAD_DAYS: u32 = 30;

/// How long a summary holds while an incident or an outage is open, in milliseconds.
pub const HOLD_WHILE_OPEN_MS: i64 = 60 * 60 * 1000;

/// How far before a summary's `at` a widget's clock may be and still use it (clocks
/// differ), in milliseconds.
pub const CLOCK_TOLERANCE_MS: i64 = 60 * 60 * 1000;

/// The summary of one page. Instants are milliseconds since the Unix epoch (UTC).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WidgetSummary {
    /// [`SUMMARY_VERSION`].
    pub version: String,
    /// The moment described: when it was computed, or a snapshot's `as_of`.
    pub at: i64,
    /// The summary holds until then (exclusive); `None` for a snapshot.
    pub until: Option<i64>,
    /// The configuration's refresh interval, seconds.
    pub refresh_seconds: u32,
    /// The configuration's language (`ko`, `en`), if it names one.
    pub language: Option<String>,
    /// The first instant of each day of the bars, oldest first, in the page's zone:
    /// [`BAR_DAYS`] days up to `at`'s, the days ahead, and the end of the last one. The
    /// widget shows the [`BAR_DAYS`] days that end with the last day that has started.
    pub day_starts: Vec<i64>,
    /// The overall level key (`operational`, `maintenance`, `degraded`, `partial`,
    /// `major`) and the colour of the page's badge.
    pub level: String,
    pub colour: String,
    /// Ids of the open incidents, sorted: what dismissing a banner dismisses.
    pub open: Vec<String>,
    /// What the summary was computed from (written by `statuslight build`; empty when
    /// computed by the widget itself).
    pub sources: Vec<SummarySource>,
    /// One view per language, in [`Lang::ALL`]'s order.
    pub views: Vec<SummaryView>,
}

/// A file the summary was computed from: its address as the configuration names it
/// (relative to the configuration; the configuration itself is `""`) and [`fingerprint`]
/// of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SummarySource {
    pub url: String,
    pub hash: String,
}

/// The page in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryView {
    pub lang: String,
    /// The page's name (the configuration's title, else the feed's).
    pub title: String,
    /// "All systems operational", "Major outage", …
    pub headline: String,
    /// "Voice calls, Video calls: Major outage"; `None` when all is well.
    pub summary: Option<String>,
    /// For a snapshot: "Archived snapshot: …" and the moment it shows.
    pub as_of: Option<(String, String)>,
    /// The label of a component the page does not have ("Unknown status").
    pub unknown: String,
    /// Top-level components first of their group, each followed by its children.
    pub components: Vec<SummaryComponent>,
    /// Open incidents, newest first.
    pub incidents: Vec<SummaryIncident>,
}

/// One component.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryComponent {
    pub id: String,
    pub name: String,
    /// Shown when the widget names no components.
    pub top: bool,
    /// `operational`, `maintenance`, `degraded`, `partial`, `major` or `unknown`.
    pub status: String,
    pub status_label: String,
    /// The badge colour of its status.
    pub colour: String,
    /// For screen readers: "Messaging: daily status for the last 30 days".
    pub bar_label: String,
    /// "99.89% uptime" over the bar's days; one per day that can be today, in
    /// `day_starts` order from `at`'s day.
    pub uptimes: Vec<String>,
    /// (CSS class suffix such as `no-downtime`, what the day says), one per day of
    /// `day_starts` but the end.
    pub days: Vec<(String, String)>,
}

/// An open incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SummaryIncident {
    pub title: String,
    /// Its detail view, relative to the page (`#/incident/ID`).
    pub href: String,
    pub impact: String,
    pub status_label: String,
    /// The latest update as plain text.
    pub latest: Option<String>,
}

impl WidgetSummary {
    /// The view in `lang`.
    pub fn view(&self, lang: Lang) -> Option<&SummaryView> {
        self.views.iter().find(|v| v.lang == lang.tag())
    }

    /// Whether the summary describes the page at `now_ms`: it has not expired, and it
    /// was not computed for a moment well after it.
    pub fn holds_at(&self, now_ms: i64) -> bool {
        self.until.is_none_or(|u| now_ms < u)
            && (self.until.is_none() || now_ms >= self.at.saturating_sub(CLOCK_TOLERANCE_MS))
    }

    /// Whether its lists fit together as [`widget_summary`] writes them: at least
    /// [`BAR_DAYS`] days, increasing; at least one view; per component with a bar, one
    /// day per day and one uptime per day that can be today; every colour `#rrggbb`. A
    /// widget uses nothing else.
    pub fn is_consistent(&self) -> bool {
        let days = self.day_starts.len().saturating_sub(1);
        let todays = (days + 1).saturating_sub(BAR_DAYS as usize);
        let colour = |c: &str| {
            c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
        };
        days >= BAR_DAYS as usize
            && self.day_starts.windows(2).all(|w| w[0] < w[1])
            && colour(&self.colour)
            && !self.views.is_empty()
            && self.views.iter().all(|v| {
                v.components.iter().all(|c| {
                    colour(&c.colour)
                        && ((c.days.is_empty() && c.uptimes.is_empty())
                            || (c.days.len() == days && c.uptimes.len() == todays))
                })
            })
    }

    /// Which day of the summary is today at `now_ms`, counted from `at`'s: 0 for `at`'s
    /// day (and before it), at most the number of days ahead (a summary read later than
    /// that has expired anyway). The bars then show the [`BAR_DAYS`] days from that index.
    pub fn day_offset(&self, now_ms: i64) -> usize {
        // `day_starts` ends with the end of the last day, which begins no day.
        let days = self.day_starts.len().saturating_sub(1);
        let begun = self.day_starts[..days]
            .iter()
            .filter(|s| **s <= now_ms)
            .count();
        let ahead = days.saturating_sub(BAR_DAYS as usize);
        begun.saturating_sub(BAR_DAYS as usize).min(ahead)
    }
}

/// The summary a widget computes for itself: the configuration `config` and the bodies of
/// its feeds, in its order, read at `now` with no days ahead.
pub fn summarize(
    config: &[u8],
    bodies: &[&[u8]],
    now: DateTime<Utc>,
) -> Result<WidgetSummary, String> {
    let config = crate::config::parse_config(config).map_err(|e| e.to_string())?;
    if bodies.len() != config.feeds.len() {
        return Err(format!(
            "{} feed bodies for {} configured feeds",
            bodies.len(),
            config.feeds.len()
        ));
    }
    let bodies: Vec<_> = config
        .feeds
        .iter()
        .map(|f| f.kind)
        .zip(bodies.iter().copied())
        .collect();
    let feed = crate::formats::read_bodies(&bodies).map_err(|e| e.to_string())?;
    Ok(widget_summary(&feed, &config, now, 0))
}

/// FNV-1a (64 bits) of `bytes`, as 16 hex digits: tells whether a fetched file is the one
/// a summary was computed from. Not a defence: whoever can change the feed can change
/// the summary.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Written out: `format!` would bring the formatting machinery into the page's
    // starter, which formats nothing else.
    (0..16)
        .rev()
        .map(|i| char::from(b"0123456789abcdef"[((h >> (i * 4)) & 0xf) as usize]))
        .collect()
}

/// Where the summary of the page configured at `config_url` is: beside it, `.json`
/// replaced by `.widget.json` (`statuslight.json` → `statuslight.widget.json`); a query
/// or fragment is dropped.
pub fn summary_url(config_url: &str) -> String {
    let path = config_url.split(['?', '#']).next().unwrap_or(config_url);
    match path.strip_suffix(".json") {
        Some(stem) => format!("{stem}.widget.json"),
        None => format!("{path}.widget.json"),
    }
}

/// The summary of `feed` under `config` at `now` (a snapshot's own moment instead), with
/// bars for `ahead_days` days past today: `statuslight build` asks for [`AHEAD_DAYS`], a
/// widget computing its own for none. `sources` is left empty.
pub fn widget_summary(
    feed: &Feed,
    config: &Config,
    now: DateTime<Utc>,
    ahead_days: u32,
) -> WidgetSummary {
    let at = shown_at(feed, now);
    let tz = super::configured_zone(feed, config);
    let snapshot = feed.as_of.is_some();
    let ahead = if snapshot { 0 } else { ahead_days };
    let first = today(tz, at) - Days::new(u64::from(BAR_DAYS - 1));
    let day_start = |i: u32| local_day_start(tz, first + Days::new(u64::from(i)));
    let starts: Vec<DateTime<Utc>> = (0..=BAR_DAYS + ahead).map(day_start).collect();
    let overall = status::overall(feed, at);
    let until = (!snapshot).then(|| hold_until(feed, tz, at, ahead));
    // The days ahead that start before the summary expires, each evaluated in the
    // middle of the part of it the summary covers.
    let today_index = (BAR_DAYS - 1) as usize;
    let ahead_moments: Vec<DateTime<Utc>> = (1..=ahead as usize)
        .map_while(|k| {
            let start = starts[today_index + k];
            let end = starts[today_index + k + 1];
            let end = until.map_or(end, |u| u.min(end));
            (start < end).then(|| start + (end - start) / 2)
        })
        .collect();
    let starts = &starts[..=BAR_DAYS as usize + ahead_moments.len()];
    let index = UptimeIndex::new(feed, at);
    let ahead_indexes: Vec<UptimeIndex> = ahead_moments
        .iter()
        .map(|t| UptimeIndex::new(feed, *t))
        .collect();
    let mut open = overall.open_incidents.clone();
    crate::order::sort(&mut open);
    let views = Lang::ALL
        .iter()
        .map(|lang| {
            let settings = Settings {
                lang: *lang,
                tz,
                window_days: BAR_DAYS,
                precision: config.uptime_precision,
                uptime: config.uptime.clone(),
            };
            lang_view(feed, config, &index, &ahead_indexes, &settings)
        })
        .collect();
    WidgetSummary {
        version: SUMMARY_VERSION.to_string(),
        at: at.timestamp_millis(),
        until: until.map(|u| u.timestamp_millis()),
        refresh_seconds: config.refresh_seconds,
        language: config.language.map(|l| l.tag().to_string()),
        day_starts: starts.iter().map(DateTime::timestamp_millis).collect(),
        level: overall.level.key().to_string(),
        colour: level_colour(overall.level).to_string(),
        open,
        sources: Vec::new(),
        views,
    }
}

fn lang_view(
    feed: &Feed,
    config: &Config,
    index: &UptimeIndex,
    ahead: &[UptimeIndex],
    s: &Settings,
) -> SummaryView {
    let m = s.lang.messages();
    let at = index.now();
    let page = status_view(feed, index, s);
    let title = match &config.title {
        Some(t) => super::title_text(t.get(s.lang.tag())),
        None => page.title.clone(),
    };
    let cell = |d: &DayCell| (bucket_class(d.bucket), d.aria_label.clone());
    let mut components = Vec::new();
    for row in &page.components {
        for (r, top) in std::iter::once((row, true)).chain(row.children.iter().map(|c| (c, false)))
        {
            let colour = feed
                .component(&r.id)
                .map(|c| status_colour(&status::status_of(feed, c, at)))
                .unwrap_or(UNKNOWN_COLOUR);
            let mut uptimes = Vec::new();
            let mut days = Vec::new();
            let mut bar_label = String::new();
            if let Some(b) = &r.bar {
                bar_label = b.label.clone();
                uptimes.push(b.uptime.clone());
                days = b.days.iter().map(cell).collect();
                for (k, later) in ahead.iter().enumerate() {
                    let last = today(s.tz, at) + Days::new(k as u64 + 1);
                    let Some(b) = bar(later, feed, &r.id, last, BAR_DAYS, s) else {
                        break;
                    };
                    uptimes.push(b.uptime);
                    days.extend(b.days.last().map(cell));
                }
            }
            components.push(SummaryComponent {
                id: r.id.clone(),
                name: r.name.clone(),
                top,
                status: r.status_key.to_string(),
                status_label: r.status_label.to_string(),
                colour: colour.to_string(),
                bar_label,
                uptimes,
                days,
            });
        }
    }
    SummaryView {
        lang: s.lang.tag().to_string(),
        title,
        headline: page.banner.headline,
        summary: page.banner.summary,
        as_of: page.as_of.map(|t| (m.as_of.to_string(), t)),
        unknown: m.status_unknown.to_string(),
        components,
        incidents: page
            .active
            .into_iter()
            .map(|a| SummaryIncident {
                title: a.title,
                href: a.href,
                impact: a.impact_key.to_string(),
                status_label: a.status_label,
                latest: a.latest.map(|u| u.body),
            })
            .collect(),
    }
}

/// When a view of `feed` computed at `at` (not a snapshot) stops holding, if its days
/// are carried `ahead_days` past `at`'s: at the start of the day after those, or when
/// something recorded in the feed next starts or ends; while an incident or an outage is
/// open, also [`HOLD_WHILE_OPEN_MS`] after `at` and at the end of `at`'s day (its cell
/// counted the downtime up to `at` only). Days are those of `tz`.
pub(crate) fn hold_until(
    feed: &Feed,
    tz: Zone,
    at: DateTime<Utc>,
    ahead_days: u32,
) -> DateTime<Utc> {
    let today = today(tz, at);
    let mut until = local_day_start(tz, today + Days::new(1 + u64::from(ahead_days)));
    if let Some(next) = next_change(feed, tz, at) {
        until = until.min(next);
    }
    let overall = status::overall(feed, at);
    if overall.level != status::Level::Operational || !overall.open_incidents.is_empty() {
        until = until
            .min(at + TimeDelta::milliseconds(HOLD_WHILE_OPEN_MS))
            .min(local_day_start(tz, today + Days::new(1)));
    }
    until
}

/// The first moment after `at` at which something recorded in `feed` starts or ends:
/// an incident, one of its intervals or updates, a maintenance window or update, or a
/// component's first day.
fn next_change(feed: &Feed, tz: Zone, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut times: Vec<DateTime<Utc>> = Vec::new();
    for i in &feed.incidents {
        times.push(i.started_at);
        times.extend(i.resolved_at);
        for iv in &i.intervals {
            times.push(iv.start);
            times.extend(iv.end);
        }
        times.extend(i.updates.iter().map(|u| u.at));
    }
    for m in &feed.maintenances {
        times.extend([m.scheduled_start, m.scheduled_end]);
        times.extend(m.actual_start);
        times.extend(m.actual_end);
        times.extend(m.updates.iter().map(|u| u.at));
    }
    for c in &feed.components {
        times.extend(c.start_date.map(|d| local_day_start(tz, d)));
    }
    times.into_iter().filter(|t| *t > at).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::parse_feed;
    use crate::model::{Maintenance, UpdateStatus};

    fn demo() -> Feed {
        parse_feed(include_bytes!("../../../../public/demo/feed.json")).expect("the demo feed")
    }

    /// The demo without its `as_of`: a live page.
    fn live() -> Feed {
        let mut feed = demo();
        feed.as_of = None;
        feed
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    fn ms(s: &str) -> i64 {
        t(s).timestamp_millis()
    }

    #[test]
    fn the_summary_sits_beside_its_configuration() {
        assert_eq!(summary_url("statuslight.json"), "statuslight.widget.json");
        assert_eq!(
            summary_url("https://s.example.com/status/large.json?v=2"),
            "https://s.example.com/status/large.widget.json"
        );
        assert_eq!(summary_url("/config"), "/config.widget.json");
    }

    #[test]
    fn a_widget_summarizes_the_configured_feeds_as_the_cli_does() {
        let config: &[u8] = include_bytes!("../../../../public/statuslight.json");
        let feed: &[u8] = include_bytes!("../../../../public/demo/feed.json");
        let now = t("2030-01-01T00:00:00Z");
        let own = summarize(config, &[feed], now).expect("summarized");
        let parsed = crate::config::parse_config(config).expect("config");
        assert_eq!(own, widget_summary(&demo(), &parsed, now, 0));
        assert_eq!(own.language.as_deref(), Some("ko"));
        assert!(summarize(config, &[], now)
            .unwrap_err()
            .contains("0 feed bodies for 1"));
        assert!(summarize(config, &[b"{}"], now).is_err());
        assert!(summarize(b"{", &[feed], now).is_err());
    }

    #[test]
    fn summaries_that_do_not_fit_together_are_refused() {
        let good = widget_summary(&live(), &Config::default(), t("2021-05-20T03:00:00Z"), 3);
        assert!(good.is_consistent());
        let mut short = good.clone();
        short.views[1].components[0].days.pop();
        assert!(!short.is_consistent());
        let mut uptimes = good.clone();
        uptimes.views[0].components[2]
            .uptimes
            .push("100%".to_string());
        assert!(!uptimes.is_consistent());
        let mut days = good.clone();
        days.day_starts.swap(3, 4);
        assert!(!days.is_consistent());
        let mut colour = good.clone();
        colour.views[0].components[1].colour = "url(#x)".to_string();
        assert!(!colour.is_consistent());
        let mut none = good;
        none.views.clear();
        assert!(!none.is_consistent());
    }

    /// The published JSON Schema of a summary (`public/statuslight-widget.schema.json`).
    fn schema() -> jsonschema::Validator {
        let text = include_str!("../../../../public/statuslight-widget.schema.json");
        let value: serde_json::Value = serde_json::from_str(text).expect("the schema is JSON");
        jsonschema::draft202012::meta::validate(&value).expect("a valid 2020-12 schema");
        jsonschema::draft202012::new(&value).expect("the schema compiles")
    }

    fn schema_errors(schema: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
        schema
            .iter_errors(value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    #[test]
    fn what_is_written_follows_the_published_schema() {
        let schema = schema();
        let mut outage = live();
        outage.as_of = None;
        for (name, feed, at) in [
            ("snapshot", demo(), "2030-01-01T00:00:00Z"),
            ("quiet", live(), "2021-05-20T03:00:00Z"),
            ("outage", outage, "2021-05-05T14:00:00Z"),
        ] {
            let mut s = widget_summary(&feed, &Config::default(), t(at), AHEAD_DAYS);
            s.sources.push(SummarySource {
                url: String::new(),
                hash: fingerprint(b"{}"),
            });
            let value = serde_json::to_value(&s).expect("JSON");
            assert_eq!(
                schema_errors(&schema, &value),
                Vec::<String>::new(),
                "{name}"
            );
        }
        let value = serde_json::to_value(widget_summary(
            &demo(),
            &Config::default(),
            t("2030-01-01T00:00:00Z"),
            0,
        ))
        .expect("JSON");
        let mut wrong = value.clone();
        wrong["views"][0]["components"][0]["colour"] = "red".into();
        assert_eq!(schema_errors(&schema, &wrong).len(), 1);
        let mut wrong = value;
        wrong["level"] = "fine".into();
        assert_eq!(schema_errors(&schema, &wrong).len(), 1);
    }

    #[test]
    fn fingerprints_are_fnv1a_64() {
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c");
        assert_ne!(fingerprint(b"{}"), fingerprint(b"{ }"));
    }

    #[test]
    fn a_snapshot_holds_forever_with_30_days_in_both_languages() {
        let s = widget_summary(
            &demo(),
            &Config::default(),
            t("2030-01-01T00:00:00Z"),
            AHEAD_DAYS,
        );
        assert_eq!(s.version, SUMMARY_VERSION);
        assert_eq!(s.at, ms("2021-05-06T00:00:00Z"));
        assert_eq!(s.until, None);
        assert!(s.holds_at(i64::MAX));
        assert_eq!(s.day_starts.len(), BAR_DAYS as usize + 1);
        // Days in the page's zone (Asia/Seoul): midnight there is 15:00 UTC.
        assert_eq!(s.day_starts[29], ms("2021-05-05T15:00:00Z"));
        assert_eq!(s.level, "operational");
        assert!(s.open.is_empty());
        let langs: Vec<&str> = s.views.iter().map(|v| v.lang.as_str()).collect();
        assert_eq!(langs, ["ko", "en"]);
        let en = s.view(Lang::En).expect("English");
        assert_eq!(en.headline, "All systems operational");
        assert_eq!(
            en.as_of.as_ref().map(|(label, _)| label.as_str()),
            Some("Archived snapshot: this page shows the status as of")
        );
        let ids: Vec<(&str, bool)> = en
            .components
            .iter()
            .map(|c| (c.id.as_str(), c.top))
            .collect();
        assert!(ids.contains(&("messaging", true)));
        assert!(ids.contains(&("voice-calls", false)));
        // A child follows its group.
        let calls = ids.iter().position(|c| c.0 == "calls").expect("calls");
        assert_eq!(ids[calls + 1], ("voice-calls", false));
        for c in &en.components {
            assert_eq!(c.days.len(), BAR_DAYS as usize, "{}", c.id);
            assert_eq!(c.uptimes.len(), 1, "{}", c.id);
        }
        let messaging = en
            .components
            .iter()
            .find(|c| c.id == "messaging")
            .expect("messaging");
        assert!(messaging.days.iter().any(|(bucket, _)| bucket == "major"));
        assert_eq!(messaging.status_label, "Operational");
        assert_eq!(messaging.colour, "#2e7d32");
        let ko = s.view(Lang::Ko).expect("Korean");
        assert_eq!(ko.components.len(), en.components.len());
        assert_ne!(ko.headline, en.headline);
    }

    #[test]
    fn during_an_outage_it_holds_an_hour_at_most() {
        // 2021-05-05 23:00 KST, in the middle of the login/messaging/calls outage.
        let at = t("2021-05-05T14:00:00Z");
        let feed = live();
        let s = widget_summary(&feed, &Config::default(), at, AHEAD_DAYS);
        assert_ne!(s.level, "operational");
        assert_eq!(s.open, ["2021-05-05-server-overload"]);
        let next = next_change(
            &feed,
            crate::present::configured_zone(&feed, &Config::default()),
            at,
        )
        .expect("it resolves later");
        let until = s.until.expect("a live page expires");
        assert_eq!(
            until,
            (at + TimeDelta::milliseconds(HOLD_WHILE_OPEN_MS))
                .min(next)
                .timestamp_millis()
        );
        assert!(until > s.at);
        let en = s.view(Lang::En).expect("English");
        assert_eq!(en.incidents.len(), 1);
        assert_eq!(
            en.incidents[0].href,
            "#/incident/2021-05-05-server-overload"
        );
        assert!(en.incidents[0].latest.is_some());
        let messaging = en
            .components
            .iter()
            .find(|c| c.id == "messaging")
            .expect("messaging");
        assert_eq!(messaging.status, "major");
        assert_eq!(messaging.colour, level_colour(status::Level::MajorOutage));
        // The hour ends before the next day: no day ahead.
        assert_eq!(s.day_starts.len(), BAR_DAYS as usize + 1);
        assert_eq!(messaging.uptimes.len(), 1);

        // Half an hour before midnight in Seoul: the summary ends at midnight, since the
        // day's cell holds the outage up to 23:30 only.
        let late = widget_summary(
            &feed,
            &Config::default(),
            t("2021-05-05T14:30:00Z"),
            AHEAD_DAYS,
        );
        assert_eq!(late.until, Some(ms("2021-05-05T15:00:00Z")));
        assert_eq!(late.day_starts.len(), BAR_DAYS as usize + 1);
        assert!(late.holds_at(ms("2021-05-05T14:59:59Z")));
        assert!(!late.holds_at(ms("2021-05-05T15:00:00Z")));
        // A clock more than an hour behind the summary's moment does not use it.
        assert!(late.holds_at(ms("2021-05-05T13:30:00Z")));
        assert!(!late.holds_at(ms("2021-05-05T13:29:59Z")));
    }

    #[test]
    fn a_quiet_page_carries_the_next_30_days_as_the_live_widget_would_show_them() {
        let feed = live();
        let config = Config::default();
        let at = t("2021-05-20T03:00:00Z");
        let s = widget_summary(&feed, &config, at, AHEAD_DAYS);
        let ahead = AHEAD_DAYS as usize;
        assert_eq!(s.day_starts.len(), BAR_DAYS as usize + ahead + 1);
        assert_eq!(s.until, s.day_starts.last().copied());
        assert!(s.holds_at(s.until.expect("until") - 1));
        assert!(!s.holds_at(s.until.expect("until")));
        assert_eq!(s.day_offset(s.at), 0);
        assert_eq!(s.day_offset(s.day_starts[30] - 1), 0);
        assert_eq!(s.day_offset(s.day_starts[30]), 1);
        assert_eq!(s.day_offset(s.day_starts[59]), ahead);
        assert_eq!(s.day_offset(i64::MAX), ahead);
        for view in &s.views {
            for c in &view.components {
                assert_eq!(c.days.len(), BAR_DAYS as usize + ahead, "{}", c.id);
                assert_eq!(c.uptimes.len(), ahead + 1, "{}", c.id);
            }
        }
        // Each day ahead, at its middle, is what a widget computing its own summary then
        // shows: the same days, buckets, labels and uptime.
        for k in [1, 2, 15, 16, ahead] {
            let (start, end) = (s.day_starts[29 + k], s.day_starts[30 + k]);
            let mid = DateTime::from_timestamp_millis(start + (end - start) / 2).expect("instant");
            let own = widget_summary(&feed, &config, mid, 0);
            assert_eq!(s.day_offset(mid.timestamp_millis()), k);
            for (published, own) in s.views.iter().zip(&own.views) {
                for (p, o) in published.components.iter().zip(&own.components) {
                    assert_eq!(p.id, o.id);
                    assert_eq!(
                        p.days[k..k + BAR_DAYS as usize],
                        o.days[..],
                        "{} day {k}",
                        p.id
                    );
                    assert_eq!(p.uptimes[k], o.uptimes[0], "{} day {k}", p.id);
                }
            }
        }
    }

    #[test]
    fn a_scheduled_maintenance_ends_the_summary_when_it_starts() {
        let mut feed = live();
        let at = t("2021-05-20T03:00:00Z");
        let start = t("2021-05-22T17:00:00Z");
        feed.maintenances.push(Maintenance {
            id: "db".to_string(),
            title: crate::model::Text::untagged("Database upgrade"),
            status: UpdateStatus::Scheduled,
            components: vec!["messaging".to_string()],
            scheduled_start: start,
            scheduled_end: start + TimeDelta::hours(2),
            actual_start: None,
            actual_end: None,
            updates: Vec::new(),
            url: None,
        });
        let s = widget_summary(&feed, &Config::default(), at, AHEAD_DAYS);
        assert_eq!(s.until, Some(start.timestamp_millis()));
        // 2021-05-20 12:00 KST to 2021-05-23 02:00 KST: that day and three more have begun.
        assert_eq!(s.day_starts.len(), BAR_DAYS as usize + 3 + 1);
        assert_eq!(s.views[0].components[0].uptimes.len(), 4);
    }
}
