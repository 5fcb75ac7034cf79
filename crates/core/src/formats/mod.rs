//! Format adapters: bytes in, [`Feed`] out, typed [`FeedError`]s, no I/O.
//!
//! [`parse_feed`] detects the format of one file; [`parse_feeds`] reads several files of
//! one page (e.g. a Statuspage `summary.json` plus `incidents.json`) into one feed.

pub mod atom;
pub mod shards;
pub mod statuslight;
pub mod statuspage;

use crate::error::FeedError;
use crate::model::{Feed, FeedKind};

/// Guess the format of `bytes` from its first meaningful token and top-level keys.
pub fn detect(bytes: &[u8]) -> Option<FeedKind> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().position(|b| !b.is_ascii_whitespace())?;
    match text[first] {
        b'<' => atom::detect_xml(&text[first..]),
        b'{' => {
            #[derive(serde::Deserialize)]
            struct Probe {
                version: Option<serde::de::IgnoredAny>,
                page: Option<serde::de::IgnoredAny>,
                components: Option<serde::de::IgnoredAny>,
                incidents: Option<serde::de::IgnoredAny>,
                scheduled_maintenances: Option<serde::de::IgnoredAny>,
            }
            let Ok(probe) = serde_json::from_slice::<Probe>(text) else {
                // Not valid JSON: still say which format it claims to be, so the error
                // names the JSON path and position where it broke.
                let head = String::from_utf8_lossy(&text[..text.len().min(512)]);
                return if head.contains("\"statuslight/") {
                    Some(FeedKind::Statuslight)
                } else if head.contains("\"page\"") {
                    Some(FeedKind::StatuspageV2)
                } else {
                    None
                };
            };
            if probe.version.is_some() {
                Some(FeedKind::Statuslight)
            } else if probe.page.is_some()
                || probe.components.is_some()
                || probe.incidents.is_some()
                || probe.scheduled_maintenances.is_some()
            {
                Some(FeedKind::StatuspageV2)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Read one file of any supported format.
pub fn parse_feed(bytes: &[u8]) -> Result<Feed, FeedError> {
    match detect(bytes) {
        Some(kind) => parse_feed_as(kind, bytes),
        None => {
            // Broken JSON of no known format: the syntax error says more than a guess.
            let trimmed = bytes.trim_ascii_start();
            if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
                crate::error::from_json::<serde::de::IgnoredAny>(bytes)?;
            }
            Err(FeedError::UnknownFormat {
                hint: describe_start(bytes),
            })
        }
    }
}

/// Read one file known to be of format `kind`.
pub fn parse_feed_as(kind: FeedKind, bytes: &[u8]) -> Result<Feed, FeedError> {
    match kind {
        FeedKind::Statuslight => statuslight::parse(bytes),
        FeedKind::StatuspageV2 => statuspage::parse(bytes),
        FeedKind::Atom => atom::parse_atom(bytes),
        FeedKind::Rss => atom::parse_rss(bytes),
    }
}

/// Read several files that describe one page into one feed. Statuspage files are combined
/// by [`statuspage::parse_many`] (summary plus incidents gives current state plus
/// history); any other mix is refused, because two formats never describe one page.
pub fn parse_feeds(files: &[&[u8]]) -> Result<Feed, FeedError> {
    match files {
        [] => Err(FeedError::UnknownFormat {
            hint: "no input".to_string(),
        }),
        [one] => parse_feed(one),
        many => {
            let kinds: Vec<Option<FeedKind>> = many.iter().map(|b| detect(b)).collect();
            if kinds.iter().all(|k| *k == Some(FeedKind::StatuspageV2)) {
                statuspage::parse_many(many)
            } else {
                Err(FeedError::UnknownFormat {
                    hint: format!("only Statuspage v2 files can be combined; got {:?}", kinds),
                })
            }
        }
    }
}

/// The first few characters of the input, for error messages.
fn describe_start(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    if text.trim().is_empty() {
        "the input is empty".to_string()
    } else {
        format!("it starts with {:?}", text.trim_start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_json_gives_a_json_error_with_its_position() {
        let err =
            parse_feed(br#"{"version": "statuslight/1", "incidents": [ {"id": "x""#).unwrap_err();
        assert!(matches!(err, FeedError::Json { line: 1, .. }), "{err}");
        let err = parse_feed(b"{\"anything\": [1, 2").unwrap_err();
        assert!(matches!(err, FeedError::Json { .. }), "{err}");
        let err = parse_feed(b"{\"anything\": 1}").unwrap_err();
        assert!(matches!(err, FeedError::UnknownFormat { .. }), "{err}");
        let err = parse_feed(b"   ").unwrap_err();
        assert_eq!(err.to_string(), "not a feed Statuslight reads (Statuslight JSON, Statuspage v2 JSON, Atom or RSS): the input is empty");
    }
}
