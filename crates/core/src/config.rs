//! The deploy's configuration, `statuslight.json`: which feeds to read and how to show
//! them. It sits beside the page on the static host, so an operator changes it without
//! rebuilding. Errors name the field that is wrong.

use std::collections::BTreeMap;

use chrono::TimeDelta;
use serde::Deserialize;

use crate::error::{from_json, FeedError};
use crate::formats::statuslight::{string_or_object, WireText};
use crate::i18n::Lang;
use crate::model::{FeedKind, Text};
use crate::uptime::UptimeOptions;

/// One feed to read. `mirrors` are tried in order when `url` cannot be fetched.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedSource {
    pub url: String,
    /// The format, when the operator names it; else it is detected.
    pub kind: Option<FeedKind>,
    pub mirrors: Vec<String>,
}

/// A channel to try when the page cannot load (an official social account, say).
#[derive(Clone, Debug, PartialEq)]
pub struct FallbackChannel {
    pub label: Text,
    pub url: String,
}

/// The deploy's configuration, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Read together into one page (e.g. a Statuspage `summary.json` plus
    /// `incidents.json`).
    pub feeds: Vec<FeedSource>,
    /// Overrides the feed's page name.
    pub title: Option<Text>,
    pub logo: Option<String>,
    /// The default language; the browser's decides when absent.
    pub language: Option<Lang>,
    /// The page's zone; the feed's when absent.
    pub time_zone: Option<String>,
    pub uptime: UptimeOptions,
    /// Digits after the decimal point of uptime percentages.
    pub uptime_precision: u32,
    /// Days of the bars by default: 30, 90 or 365.
    pub default_window_days: u32,
    /// Day colours (CSS custom properties `--sl-<name>`), e.g. `{"major": "#b3261e"}`.
    pub colours: BTreeMap<String, String>,
    pub refresh_seconds: u32,
    pub fallback: Vec<FallbackChannel>,
    /// Origins (`https://status.example.com`) from which `?feed=` may load a feed. Empty
    /// by default: an official page must never show someone else's data through a link.
    pub feed_override_origins: Vec<String>,
    /// The deploy's Atom feed of incidents, linked from the page.
    pub atom: Option<String>,
    /// A feed larger than this is refused (a clear error, never a frozen tab).
    pub max_feed_bytes: u64,
    /// A feed that has not arrived after this long is given up.
    pub timeout_seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            feeds: Vec::new(),
            title: None,
            logo: None,
            language: None,
            time_zone: None,
            uptime: UptimeOptions::default(),
            uptime_precision: 2,
            default_window_days: 90,
            colours: BTreeMap::new(),
            refresh_seconds: 60,
            fallback: Vec::new(),
            feed_override_origins: Vec::new(),
            atom: None,
            max_feed_bytes: 16 * 1024 * 1024,
            timeout_seconds: 20,
        }
    }
}

/// A feed: its URL alone, or an object with the URL, the format and mirrors.
enum WireFeed {
    Url(String),
    Full(WireFeedFull),
}

#[derive(Deserialize)]
struct WireFeedFull {
    url: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    mirrors: Vec<String>,
}

/// By hand rather than `#[serde(untagged)]`, as `WireText` is (see `string_or_object`).
impl<'de> Deserialize<'de> for WireFeed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_object(
            d,
            "a URL or an object with `url`",
            WireFeed::Url,
            WireFeed::Full,
        )
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WireUptime {
    partial_weight: Option<f64>,
    degraded_weight: Option<f64>,
    count_maintenance: Option<bool>,
    long_incident_hours: Option<f64>,
    precision: Option<u32>,
    default_window_days: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WireLimits {
    max_feed_bytes: Option<u64>,
    timeout_seconds: Option<u32>,
}

#[derive(Deserialize)]
struct WireFallback {
    label: WireText,
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireConfig {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    feeds: Vec<WireFeed>,
    #[serde(default)]
    title: Option<WireText>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    uptime: WireUptime,
    #[serde(default)]
    colours: BTreeMap<String, String>,
    #[serde(default)]
    refresh_seconds: Option<u32>,
    #[serde(default)]
    fallback: Vec<WireFallback>,
    #[serde(default)]
    feed_override_origins: Vec<String>,
    #[serde(default)]
    atom: Option<String>,
    #[serde(default)]
    limits: WireLimits,
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> FeedError {
    FeedError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// True for an absolute http(s) URL or a relative reference without a scheme.
fn is_safe_url(u: &str) -> bool {
    let lower = u.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => scheme == "http" || scheme == "https",
        _ => !lower.is_empty(),
    }
}

/// Read and validate `statuslight.json`.
pub fn parse_config(bytes: &[u8]) -> Result<Config, FeedError> {
    let w: WireConfig = from_json(bytes)?;
    let mut c = Config::default();
    if w.feeds.is_empty() {
        return Err(invalid("feeds", "list at least one feed"));
    }
    for (i, f) in w.feeds.into_iter().enumerate() {
        let (url, kind, mirrors) = match f {
            WireFeed::Url(u) => (u, None, Vec::new()),
            WireFeed::Full(WireFeedFull { url, kind, mirrors }) => (url, kind, mirrors),
        };
        for (j, u) in std::iter::once(&url).chain(mirrors.iter()).enumerate() {
            if !is_safe_url(u) {
                let path = if j == 0 {
                    format!("feeds[{i}].url")
                } else {
                    format!("feeds[{i}].mirrors[{}]", j - 1)
                };
                return Err(invalid(
                    path,
                    format!("expected an http(s) or relative URL, found {u:?}"),
                ));
            }
        }
        let kind = match kind.as_deref() {
            None | Some("auto") => None,
            Some("statuslight") => Some(FeedKind::Statuslight),
            Some("statuspage") => Some(FeedKind::StatuspageV2),
            Some("atom") => Some(FeedKind::Atom),
            Some("rss") => Some(FeedKind::Rss),
            Some(other) => {
                return Err(invalid(
                    format!("feeds[{i}].kind"),
                    format!("expected statuslight, statuspage, atom, rss or auto, found {other:?}"),
                ))
            }
        };
        c.feeds.push(FeedSource { url, kind, mirrors });
    }
    c.title = w.title.map(Text::from);
    if let Some(logo) = &w.logo {
        if !is_safe_url(logo) {
            return Err(invalid("logo", "expected an http(s) or relative URL"));
        }
    }
    c.logo = w.logo;
    if let Some(lang) = w.language {
        c.language = Some(Lang::from_tag(&lang).ok_or_else(|| {
            invalid(
                "language",
                format!("expected \"ko\" or \"en\", found {lang:?}"),
            )
        })?);
    }
    if let Some(tz) = w.time_zone {
        if crate::zone::Zone::parse(&tz).is_none() {
            return Err(invalid(
                "time_zone",
                format!("expected an IANA zone such as \"Asia/Seoul\", found {tz:?}"),
            ));
        }
        c.time_zone = Some(tz);
    }
    let u = w.uptime;
    let weight = |v: Option<f64>, name: &str, default: f64| match v {
        Some(x) if (0.0..=1.0).contains(&x) => Ok(x),
        Some(x) => Err(invalid(
            format!("uptime.{name}"),
            format!("expected a number from 0 to 1, found {x}"),
        )),
        None => Ok(default),
    };
    c.uptime.partial_weight = weight(u.partial_weight, "partial_weight", c.uptime.partial_weight)?;
    c.uptime.degraded_weight = weight(
        u.degraded_weight,
        "degraded_weight",
        c.uptime.degraded_weight,
    )?;
    if let Some(m) = u.count_maintenance {
        c.uptime.count_maintenance = m;
    }
    if let Some(h) = u.long_incident_hours {
        if !(h > 0.0 && h <= 24.0 * 365.0) {
            return Err(invalid(
                "uptime.long_incident_hours",
                format!("expected a positive number of hours, found {h}"),
            ));
        }
        c.uptime.long_incident_threshold = TimeDelta::seconds((h * 3600.0).round() as i64);
    }
    if let Some(p) = u.precision {
        if p > 4 {
            return Err(invalid(
                "uptime.precision",
                format!("expected 0 to 4 digits, found {p}"),
            ));
        }
        c.uptime_precision = p;
    }
    if let Some(d) = u.default_window_days {
        if ![30, 90, 365].contains(&d) {
            return Err(invalid(
                "uptime.default_window_days",
                format!("expected 30, 90 or 365, found {d}"),
            ));
        }
        c.default_window_days = d;
    }
    for (name, value) in &w.colours {
        let ok_name = name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
        let ok_value = value.starts_with('#')
            && matches!(value.len(), 4 | 7 | 9)
            && value[1..].chars().all(|ch| ch.is_ascii_hexdigit());
        if !ok_name || !ok_value {
            return Err(invalid(
                format!("colours.{name}"),
                format!("expected a colour like \"#b3261e\", found {value:?}"),
            ));
        }
    }
    c.colours = w.colours;
    if let Some(s) = w.refresh_seconds {
        if s < 10 {
            return Err(invalid(
                "refresh_seconds",
                format!("expected at least 10 seconds, found {s}"),
            ));
        }
        c.refresh_seconds = s;
    }
    for (i, f) in w.fallback.into_iter().enumerate() {
        let lower = f.url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:"))
        {
            return Err(invalid(
                format!("fallback[{i}].url"),
                "expected an http(s) or mailto link",
            ));
        }
        c.fallback.push(FallbackChannel {
            label: f.label.into(),
            url: f.url,
        });
    }
    for (i, o) in w.feed_override_origins.iter().enumerate() {
        if origin_of(o).as_deref() != Some(o.trim_end_matches('/')) {
            return Err(invalid(
                format!("feed_override_origins[{i}]"),
                format!("expected an origin such as \"https://status.example.com\", found {o:?}"),
            ));
        }
    }
    c.feed_override_origins = w
        .feed_override_origins
        .into_iter()
        .map(|o| o.trim_end_matches('/').to_string())
        .collect();
    if let Some(a) = &w.atom {
        if !is_safe_url(a) {
            return Err(invalid("atom", "expected an http(s) or relative URL"));
        }
    }
    c.atom = w.atom;
    if let Some(b) = w.limits.max_feed_bytes {
        if b < 1024 {
            return Err(invalid(
                "limits.max_feed_bytes",
                format!("expected at least 1024 bytes, found {b}"),
            ));
        }
        c.max_feed_bytes = b;
    }
    if let Some(t) = w.limits.timeout_seconds {
        if !(1..=600).contains(&t) {
            return Err(invalid(
                "limits.timeout_seconds",
                format!("expected 1 to 600 seconds, found {t}"),
            ));
        }
        c.timeout_seconds = t;
    }
    Ok(c)
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL, lower-cased.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Whether a `?feed=` override may load `url`: only absolute http(s) URLs whose origin
/// the configuration lists.
pub fn override_allowed(config: &Config, url: &str) -> bool {
    origin_of(url).is_some_and(|o| config.feed_override_origins.contains(&o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_config() {
        let c = parse_config(br#"{"feeds": ["demo/feed.json"]}"#).unwrap();
        assert_eq!(c.feeds[0].url, "demo/feed.json");
        assert_eq!(c.refresh_seconds, 60);
        assert_eq!(c.uptime.partial_weight, 0.3);
        assert!(c.feed_override_origins.is_empty());
    }

    #[test]
    fn a_full_config() {
        let c = parse_config(
            r##"{"feeds": [{"url": "api/v2/summary.json", "kind": "statuspage", "mirrors": ["https://cdn2.example.com/summary.json"]},
                            {"url": "api/v2/incidents.json", "kind": "statuspage"}],
               "language": "ko", "time_zone": "Asia/Seoul", "refresh_seconds": 30,
               "uptime": {"partial_weight": 0.5, "long_incident_hours": 2, "precision": 3, "default_window_days": 30},
               "colours": {"major": "#aa0000"},
               "fallback": [{"label": {"ko": "공식 계정", "en": "Official account"}, "url": "https://social.example.com/@status"}],
               "feed_override_origins": ["https://status.example.com/"], "atom": "history.atom"}"##
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(c.feeds.len(), 2);
        assert_eq!(c.feeds[0].kind, Some(FeedKind::StatuspageV2));
        assert_eq!(c.feeds[0].mirrors.len(), 1);
        assert_eq!(c.language, Some(Lang::Ko));
        assert_eq!(c.uptime.long_incident_threshold, TimeDelta::hours(2));
        assert_eq!(c.uptime_precision, 3);
        assert_eq!(c.feed_override_origins, vec!["https://status.example.com"]);
        assert!(override_allowed(&c, "https://status.example.com/feed.json"));
        assert!(!override_allowed(&c, "https://evil.example.com/feed.json"));
        assert!(!override_allowed(
            &c,
            "https://status.example.com.evil.net/feed.json"
        ));
        assert!(!override_allowed(
            &c,
            "https://user@status.example.com/feed.json"
        ));
    }

    #[test]
    fn errors_name_the_field() {
        let path = |json: &str| match parse_config(json.as_bytes()).unwrap_err() {
            FeedError::Invalid { path, .. } | FeedError::Json { path, .. } => path,
            other => panic!("{other:?}"),
        };
        // The path of a JSON error (a missing or unknown field); empty without the
        // `json-paths` feature, where the line and column say where.
        let json = |p: &'static str| if cfg!(feature = "json-paths") { p } else { "" };
        assert_eq!(path(r#"{}"#), json("."));
        assert_eq!(path(r#"{"feeds": []}"#), "feeds");
        assert_eq!(
            path(r#"{"feeds": ["javascript:alert(1)"]}"#),
            "feeds[0].url"
        );
        assert_eq!(
            path(r#"{"feeds": ["a"], "time_zone": "Mars/Olympus"}"#),
            "time_zone"
        );
        assert_eq!(path(r#"{"feeds": ["a"], "language": "fr"}"#), "language");
        assert_eq!(
            path(r#"{"feeds": ["a"], "uptime": {"partial_weight": 3}}"#),
            "uptime.partial_weight"
        );
        assert_eq!(
            path(r#"{"feeds": ["a"], "refresh_seconds": 1}"#),
            "refresh_seconds"
        );
        assert_eq!(
            path(r#"{"feeds": ["a"], "colours": {"major": "red;}"}}"#),
            "colours.major"
        );
        assert_eq!(
            path(r#"{"feeds": ["a"], "fallback": [{"label": "x", "url": "javascript:x"}]}"#),
            "fallback[0].url"
        );
        assert_eq!(
            path(r#"{"feeds": ["a"], "feed_override_origins": ["https://a.example/path"]}"#),
            "feed_override_origins[0]"
        );
        assert_eq!(
            path(r#"{"feeds": ["a"], "refresh_secs": 30}"#),
            json("refresh_secs")
        );
    }

    #[test]
    fn feeds_and_texts_of_the_wrong_type_say_what_was_expected() {
        let message = |json: &str| match parse_config(json.as_bytes()).unwrap_err() {
            FeedError::Json { message, .. } => message,
            other => panic!("{other:?}"),
        };
        assert!(message(r#"{"feeds": [5]}"#).contains("expected a URL or an object with `url`"));
        assert!(message(r#"{"feeds": [{"kind": "atom"}]}"#).contains("missing field `url`"));
        let text = message(r#"{"feeds": ["a"], "title": ["Status"]}"#);
        assert!(
            text.contains("expected a string or an object of language to text"),
            "{text}"
        );
        assert!(message(r#"{"feeds": ["a"], "title": {"en": 1}}"#).contains("expected a string"));
        // An object's fields other than url, kind and mirrors are ignored, as before.
        let c = parse_config(
            r#"{"feeds": [{"url": "a.json", "note": "x"}], "title": {"ko": "상태", "en": "Status"}}"#
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(c.feeds[0].url, "a.json");
        assert_eq!(c.title.as_ref().map(|t| t.get("en")), Some("Status"));
    }
}
