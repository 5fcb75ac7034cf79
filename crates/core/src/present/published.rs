//! The first view a release page carries as HTML, and when it still is the page.
//!
//! `statuslight build --page` writes the whole first view into the page (banner,
//! components with their bars, calendar, history, footer: `crates/cli/src/prerender.rs`)
//! as a first-time visitor sees it at the moment of publishing, and beside it a
//! [`PublishedView`]: what that view was computed from and for how long it holds. The
//! page's starter (`crates/starter`, a few kilobytes of wasm in place of the app) checks
//! it on every visit and keeps the published HTML as the page while all of these hold:
//!
//! - the visitor asks for nothing else: no language, time zone or window of days in the
//!   address or remembered from an earlier visit other than the published ones, and no
//!   incident in the address ([`PublishedView::wanted`]); the theme the starter applies
//!   itself;
//! - the configuration and the feeds fetched now are the bytes the view was computed
//!   from (their fingerprints, as for the widget's summary: [`super::widget::fingerprint`]),
//!   and so are the month shards its bars read;
//! - the visitor's clock is before `until` (nothing recorded in the feed starts or ends,
//!   the day does not end in the page's zone, and while an incident or an outage is open
//!   at most an hour passes: the widget summary's rule, [`super::widget::hold_until`]) and
//!   not more than [`super::widget::CLOCK_TOLERANCE_MS`] behind the publishing moment
//!   ([`PublishedView::holds_at`]).
//!
//! Otherwise, and at the visitor's first interaction with anything the HTML cannot do by
//! itself (a switch, a day, a filter, an incident), the starter loads the app, which takes
//! over as it does from any published status. So a visitor who only looks at the status
//! loads the starter and not the app; between publishes the uptime percentages are those
//! of the publishing moment, as the widget's are.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::widget::{self, SummarySource, CLOCK_TOLERANCE_MS};
use super::{configured_zone, route_incident, shown_at, Theme, ZoneChoice};
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::Feed;

/// The `version` of a [`PublishedView`] this code writes and reads.
pub const PUBLISHED_VERSION: &str = "statuslight-published/1";

/// The element id the view's JSON is published under, in the page's prerendered part.
pub const ELEMENT_ID: &str = "sl-published";

/// What a published first view was computed from, and until when it holds. Instants are
/// milliseconds since the Unix epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedView {
    /// [`PUBLISHED_VERSION`].
    pub version: String,
    /// The publishing moment.
    pub at: i64,
    /// When the view stops holding; `None` for a snapshot (a feed with `as_of`).
    pub until: Option<i64>,
    /// The language it is in (a tag of [`Lang`]).
    pub lang: String,
    /// Whether that is the configuration's language; if not, the app negotiates one with
    /// the browser, and the view holds only for visitors it gives this one.
    pub lang_configured: bool,
    /// The window of days its bars show.
    pub days: u32,
    /// How often the page checks its feeds, in seconds (the configuration's).
    pub refresh_seconds: u32,
    /// How long a fetch of a source may take, in seconds (the configuration's).
    pub timeout_seconds: u32,
    /// What the page says, in its language, while the app loads after an interaction.
    pub loading: String,
    /// What it says when the view no longer holds and the app could not be loaded: since
    /// when the status is not refreshed.
    pub stale: String,
    /// The configuration, the feeds and the shards the view read, by address relative to
    /// the page, with their fingerprints.
    pub sources: Vec<SummarySource>,
}

/// Why a visit needs the app rather than the published view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeedsApp {
    /// The view is of another version than this code reads.
    Version,
    /// Another language is asked for or negotiated.
    Language,
    /// Another time zone is asked for.
    Zone,
    /// Another window of days is asked for.
    Days,
    /// Another feed is asked for (`?feed=`, which the app allows or refuses).
    Feed,
    /// The address names an incident.
    Incident,
    /// The view no longer holds at the visitor's moment.
    Expired,
    /// The visitor's clock is too far behind the publishing moment to trust either.
    Clock,
    /// A fetched file is not the one the view was computed from.
    Changed,
}

/// A visitor's choices for one setting: from the address (`?lang=en`) and remembered
/// from an earlier visit. The app (`src/ui/prefs.rs`) and the starter both read them
/// through these methods: the address first, a value that cannot be read skipped, then
/// the default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    pub query: Option<String>,
    pub stored: Option<String>,
}

impl Choice {
    /// The first of the address's and the stored value that `parse` reads.
    pub fn pick<T>(&self, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        self.query
            .as_deref()
            .and_then(&parse)
            .or_else(|| self.stored.as_deref().and_then(&parse))
    }

    /// The language: the one chosen, else the configuration's, else `negotiated` (the
    /// browser's, asked only then).
    pub fn lang(&self, configured: Option<Lang>, negotiated: impl FnOnce() -> Lang) -> Lang {
        self.pick(Lang::from_tag)
            .or(configured)
            .unwrap_or_else(negotiated)
    }

    /// The zone: the one chosen, else the page's.
    pub fn zone(&self) -> ZoneChoice {
        self.pick(ZoneChoice::from_key).unwrap_or(ZoneChoice::Page)
    }

    /// The window of days: 30, 90 or 365 as chosen, else `default`.
    pub fn days(&self, default: u32) -> u32 {
        self.pick(|v| v.parse::<u32>().ok().filter(|d| [30, 90, 365].contains(d)))
            .unwrap_or(default)
    }

    /// The theme: the one chosen, else the system's.
    pub fn theme(&self) -> Theme {
        self.pick(Theme::from_key).unwrap_or(Theme::System)
    }
}

/// What the starter knows of a visit before it fetches anything.
#[derive(Clone, Debug, Default)]
pub struct Visit<'a> {
    pub lang: Choice,
    pub zone: Choice,
    pub days: Choice,
    /// The address's `feed` value, if any.
    pub feed: Option<&'a str>,
    /// The address's fragment (`#/incident/…`).
    pub hash: &'a str,
    /// The browser's languages, best first.
    pub languages: &'a [String],
}

impl PublishedView {
    /// The view of `feed` under `config` published at `now` for a first-time visitor,
    /// read from `sources`.
    pub fn new(
        feed: &Feed,
        config: &Config,
        now: DateTime<Utc>,
        sources: Vec<SummarySource>,
    ) -> PublishedView {
        let tz = configured_zone(feed, config);
        let at = shown_at(feed, now);
        let until = feed
            .as_of
            .is_none()
            .then(|| widget::hold_until(feed, tz, at, 0).timestamp_millis());
        let lang = config.language.unwrap_or(Lang::En);
        let m = lang.messages();
        PublishedView {
            version: PUBLISHED_VERSION.to_string(),
            at: now.timestamp_millis(),
            until,
            lang: lang.tag().to_string(),
            lang_configured: config.language.is_some(),
            days: config.default_window_days,
            refresh_seconds: config.refresh_seconds,
            timeout_seconds: config.timeout_seconds,
            loading: m.loading.to_string(),
            stale: super::stale_label(now, tz, m),
            sources,
        }
    }

    /// Whether the visit asks for what the view shows: the app's own choice of language,
    /// zone and window for it (`Prefs::load`) gives the published ones, and no incident is
    /// named.
    pub fn wanted(&self, visit: &Visit) -> Result<(), NeedsApp> {
        if self.version != PUBLISHED_VERSION {
            return Err(NeedsApp::Version);
        }
        let published = Lang::from_tag(&self.lang).ok_or(NeedsApp::Version)?;
        let configured = self.lang_configured.then_some(published);
        let lang = visit.lang.lang(configured, || {
            Lang::negotiate(visit.languages.iter().map(String::as_str))
        });
        if lang != published {
            return Err(NeedsApp::Language);
        }
        if visit.zone.zone() != ZoneChoice::Page {
            return Err(NeedsApp::Zone);
        }
        if visit.days.days(self.days) != self.days {
            return Err(NeedsApp::Days);
        }
        if visit.feed.is_some() {
            return Err(NeedsApp::Feed);
        }
        if needs_app_for_hash(visit.hash) {
            return Err(NeedsApp::Incident);
        }
        Ok(())
    }

    /// Whether the view holds at the visitor's moment `now_ms`.
    pub fn holds_at(&self, now_ms: i64) -> Result<(), NeedsApp> {
        if now_ms < self.at - CLOCK_TOLERANCE_MS {
            return Err(NeedsApp::Clock);
        }
        if self.until.is_some_and(|u| now_ms >= u) {
            return Err(NeedsApp::Expired);
        }
        Ok(())
    }

    /// Milliseconds from `now_ms` until the view stops holding, if it ever does.
    pub fn remaining_ms(&self, now_ms: i64) -> Option<i64> {
        self.until.map(|u| (u - now_ms).max(0))
    }

    /// Whether `bytes`, fetched from the `i`th of [`Self::sources`], are the ones the view
    /// was computed from.
    pub fn matches(&self, i: usize, bytes: &[u8]) -> Result<(), NeedsApp> {
        match self.sources.get(i) {
            Some(s) if s.hash == widget::fingerprint(bytes) => Ok(()),
            _ => Err(NeedsApp::Changed),
        }
    }

    /// The JSON the page carries, safe inside a `<script type="application/json">`: no
    /// `<` in it can close the element.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }
}

/// Whether the address's fragment needs the app: an incident's (`#/incident/…`). Any
/// other (`#sl-main`, the skip link's) the published view shows as well.
pub fn needs_app_for_hash(hash: &str) -> bool {
    route_incident(hash).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::parse_feed;

    fn t(s: &str) -> DateTime<Utc> {
        crate::formats::rfc3339::parse(s).expect("a time")
    }

    fn demo() -> Feed {
        parse_feed(include_bytes!("../../../../public/demo/feed.json")).expect("the demo feed")
    }

    fn config(json: &str) -> Config {
        crate::config::parse_config(json.as_bytes()).expect("a configuration")
    }

    fn choice(query: Option<&str>, stored: Option<&str>) -> Choice {
        Choice {
            query: query.map(str::to_string),
            stored: stored.map(str::to_string),
        }
    }

    fn view(lang_configured: bool) -> PublishedView {
        let c = if lang_configured {
            config(r#"{"feeds":["feed.json"],"language":"ko"}"#)
        } else {
            config(r#"{"feeds":["feed.json"]}"#)
        };
        PublishedView::new(&demo(), &c, t("2026-12-05T06:00:00Z"), Vec::new())
    }

    #[test]
    fn a_first_time_visitor_wants_the_published_view() {
        let v = view(true);
        assert_eq!(v.lang, "ko");
        assert_eq!(v.days, 90);
        assert_eq!(v.wanted(&Visit::default()), Ok(()));
        // The browser's language does not matter when the configuration names one.
        let en = vec!["en-US".to_string()];
        let visit = Visit {
            languages: &en,
            ..Visit::default()
        };
        assert_eq!(v.wanted(&visit), Ok(()));
    }

    #[test]
    fn choices_in_the_address_or_remembered_need_the_app_as_the_app_reads_them() {
        let v = view(true);
        let lang = |query, stored| Visit {
            lang: choice(query, stored),
            ..Visit::default()
        };
        assert_eq!(v.wanted(&lang(Some("en"), None)), Err(NeedsApp::Language));
        assert_eq!(v.wanted(&lang(None, Some("en"))), Err(NeedsApp::Language));
        assert_eq!(v.wanted(&lang(Some("ko"), Some("en"))), Ok(()));
        // An address value the app cannot read falls back to the remembered one.
        assert_eq!(
            v.wanted(&lang(Some("xx"), Some("en"))),
            Err(NeedsApp::Language)
        );
        assert_eq!(v.wanted(&lang(Some("xx"), None)), Ok(()));
        let zone = |query| Visit {
            zone: choice(query, None),
            ..Visit::default()
        };
        assert_eq!(v.wanted(&zone(Some("utc"))), Err(NeedsApp::Zone));
        assert_eq!(v.wanted(&zone(Some("mine"))), Err(NeedsApp::Zone));
        assert_eq!(v.wanted(&zone(Some("page"))), Ok(()));
        assert_eq!(v.wanted(&zone(Some("nowhere"))), Ok(()));
        let days = |stored| Visit {
            days: choice(None, stored),
            ..Visit::default()
        };
        assert_eq!(v.wanted(&days(Some("30"))), Err(NeedsApp::Days));
        assert_eq!(v.wanted(&days(Some("90"))), Ok(()));
        assert_eq!(v.wanted(&days(Some("31"))), Ok(()));
        let hash = |hash| Visit {
            hash,
            ..Visit::default()
        };
        assert_eq!(
            v.wanted(&hash("#/incident/2021-05-05-outage")),
            Err(NeedsApp::Incident)
        );
        assert_eq!(v.wanted(&hash("#sl-main")), Ok(()));
    }

    #[test]
    fn another_feed_in_the_address_needs_the_app_and_so_does_only_an_incident_fragment() {
        let v = view(true);
        let visit = Visit {
            feed: Some("https://mirror.example.com/feed.json"),
            ..Visit::default()
        };
        assert_eq!(v.wanted(&visit), Err(NeedsApp::Feed));
        assert!(needs_app_for_hash("#/incident/x"));
        assert!(!needs_app_for_hash("#sl-main"));
        assert!(!needs_app_for_hash(""));
    }

    #[test]
    fn the_theme_is_read_as_the_app_reads_it() {
        let theme = |query, stored| choice(query, stored).theme();
        assert_eq!(theme(None, None), Theme::System);
        assert_eq!(theme(None, Some("dark")), Theme::Dark);
        assert_eq!(theme(Some(" light "), Some("dark")), Theme::Light);
        // The address's "system" wins over a remembered dark.
        assert_eq!(theme(Some("system"), Some("dark")), Theme::System);
        assert_eq!(theme(Some("purple"), Some("dark")), Theme::Dark);
    }

    #[test]
    fn it_carries_its_texts_in_its_language() {
        let v = view(true);
        assert_eq!(v.loading, Lang::Ko.messages().loading);
        assert!(v.stale.contains("2026-12-05 15:00 KST"), "{}", v.stale);
        assert_eq!(v.timeout_seconds, 20);
    }

    #[test]
    fn without_a_configured_language_the_browser_decides() {
        let v = view(false);
        assert_eq!(v.lang, "en");
        let ko = vec!["ko-KR".to_string(), "en".to_string()];
        let visit = Visit {
            languages: &ko,
            ..Visit::default()
        };
        assert_eq!(v.wanted(&visit), Err(NeedsApp::Language));
        let fr = vec!["fr".to_string()];
        let visit = Visit {
            languages: &fr,
            ..Visit::default()
        };
        assert_eq!(v.wanted(&visit), Ok(()));
    }

    #[test]
    fn a_snapshot_holds_forever_but_not_for_a_clock_far_behind() {
        let v = view(true);
        assert_eq!(v.until, None, "the demo is a snapshot");
        let at = v.at;
        assert_eq!(v.holds_at(at + 400 * 24 * 3_600_000), Ok(()));
        assert_eq!(v.holds_at(at - CLOCK_TOLERANCE_MS), Ok(()));
        assert_eq!(
            v.holds_at(at - CLOCK_TOLERANCE_MS - 1),
            Err(NeedsApp::Clock)
        );
        assert_eq!(v.remaining_ms(at), None);
    }

    #[test]
    fn a_live_view_holds_until_the_day_ends_in_the_page_zone_or_an_hour_while_open() {
        let c = config(r#"{"feeds":["feed.json"]}"#);
        let mut feed = demo();
        feed.as_of = None;
        // Seoul (+09:00): 06:00Z is 15:00 there; the day ends at 15:00Z, nothing in the
        // demo happens after 2021.
        let now = t("2026-12-05T06:00:00Z");
        let v = PublishedView::new(&feed, &c, now, Vec::new());
        assert_eq!(v.until, Some(t("2026-12-05T15:00:00Z").timestamp_millis()));
        assert_eq!(
            v.holds_at(t("2026-12-05T14:59:59Z").timestamp_millis()),
            Ok(())
        );
        assert_eq!(
            v.holds_at(t("2026-12-05T15:00:00Z").timestamp_millis()),
            Err(NeedsApp::Expired)
        );
        // During an outage, an hour at most.
        let outage = feed
            .incidents
            .iter()
            .find(|i| !i.intervals.is_empty())
            .expect("the demo has an outage");
        let during = outage.started_at + chrono::TimeDelta::minutes(1);
        let v = PublishedView::new(&feed, &c, during, Vec::new());
        let until = v.until.expect("a live view ends");
        assert!(until > during.timestamp_millis());
        assert!(until <= (during + chrono::TimeDelta::hours(1)).timestamp_millis());
    }

    #[test]
    fn the_bytes_decide_and_the_json_cannot_close_its_element() {
        let v = PublishedView {
            sources: vec![SummarySource {
                url: "feed.json".to_string(),
                hash: widget::fingerprint(b"{}"),
            }],
            lang: "</script><b>".to_string(),
            ..view(true)
        };
        assert_eq!(v.matches(0, b"{}"), Ok(()));
        assert_eq!(v.matches(0, b"{ }"), Err(NeedsApp::Changed));
        assert_eq!(v.matches(1, b"{}"), Err(NeedsApp::Changed));
        let json = v.to_script_json();
        assert!(!json.contains('<'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(back["lang"], "</script><b>");
        assert_eq!(back["version"], PUBLISHED_VERSION);
    }
}
