//! Writers from a [`Feed`] to the files a static host serves beside the page: Statuspage
//! v2 JSON ([`statuspage`]), Atom and RSS history feeds ([`syndication`]), JSON Feed 1.1
//! ([`jsonfeed`]), SVG badges ([`badge`]) and precomputed uptime ([`uptime`]).
//!
//! Bytes out, no I/O and no clock: every writer takes the "now" it describes. Nothing here
//! adds a dependency to the core; XML and SVG are written by hand with [`xml_escape`].

pub mod badge;
pub mod jsonfeed;
pub mod statuspage;
pub mod syndication;
pub mod uptime;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::model::{Feed, Text};

/// Escape text for XML character data and attribute values (both quote kinds).
/// Characters XML 1.0 forbids (most C0 controls) are dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 time stamp in UTC with whole seconds, or with milliseconds when the time
/// has them (`2021-05-05T13:00:00Z`, `2021-05-05T13:00:00.250Z`).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    let fmt = if t.timestamp_subsec_nanos() == 0 {
        SecondsFormat::Secs
    } else {
        SecondsFormat::Millis
    };
    t.to_rfc3339_opts(fmt, true)
}

/// The language a single-language output is written in: `lang` when given, else the
/// page's first language, else English.
pub fn output_lang(feed: &Feed, lang: Option<&str>) -> String {
    lang.map(str::to_string)
        .or_else(|| feed.page.languages.first().cloned())
        .unwrap_or_else(|| "en".to_string())
}

/// The page's address with exactly one trailing slash, when it has one.
pub fn page_base(feed: &Feed) -> Option<String> {
    feed.page
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| format!("{}/", u.trim_end_matches('/')))
}

/// The page's hash-based address of an incident: `<page url>#/incident/<id>`, or
/// `./#/incident/<id>` (relative to the page) when the page has no address.
pub fn incident_link(feed: &Feed, id: &str) -> String {
    let base = page_base(feed).unwrap_or_else(|| "./".to_string());
    format!("{base}#/incident/{}", percent_encode_segment(id))
}

/// Percent-encode everything but unreserved URL characters.
pub fn percent_encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text in `lang` (with the fallbacks of [`Text::get`]).
pub(crate) fn text_in(t: &Text, lang: &str) -> String {
    t.get(lang).to_string()
}

/// The display name of component `id` in `lang`, or the id itself when unknown.
pub(crate) fn component_name(feed: &Feed, id: &str, lang: &str) -> String {
    feed.component(id)
        .map(|c| text_in(&c.name, lang))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(
            xml_escape("a<b>&\"c'\u{1}d\n"),
            "a&lt;b&gt;&amp;&quot;c&#39;d\n"
        );
    }

    #[test]
    fn times_are_utc_rfc3339() {
        let t: DateTime<Utc> = "2021-05-05T22:00:00+09:00".parse().unwrap();
        assert_eq!(rfc3339(t), "2021-05-05T13:00:00Z");
        let t: DateTime<Utc> = "2021-05-05T13:00:00.25Z".parse().unwrap();
        assert_eq!(rfc3339(t), "2021-05-05T13:00:00.250Z");
    }

    #[test]
    fn incident_links_are_hash_routes_of_the_page() {
        let mut feed = Feed::empty(crate::model::FeedKind::Statuslight);
        assert_eq!(incident_link(&feed, "a b"), "./#/incident/a%20b");
        feed.page.url = Some("https://status.example.com".into());
        assert_eq!(
            incident_link(&feed, "x-1"),
            "https://status.example.com/#/incident/x-1"
        );
    }
}
