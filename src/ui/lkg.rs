//! The last known good feed: the bodies of the last feeds that parsed, kept in
//! `localStorage`, so a reload during an outage still shows the last status received
//! (under a banner saying so) instead of nothing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use statuslight_core::FeedKind;

use super::FeedLoad;

/// Bodies larger than this in all are not kept (storage quotas are a few MB).
const MAX_STORED_BYTES: usize = 2 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Stored {
    /// RFC 3339, as chrono's `Serialize` wrote it before (read by the core's own reader,
    /// so chrono's generic parser stays out of the wasm).
    at: String,
    source: String,
    base: String,
    bodies: Vec<(Option<String>, String)>,
}

fn kind_key(k: Option<FeedKind>) -> Option<String> {
    k.map(|k| {
        match k {
            FeedKind::Statuslight => "statuslight",
            FeedKind::StatuspageV2 => "statuspage",
            FeedKind::Atom => "atom",
            FeedKind::Rss => "rss",
        }
        .to_string()
    })
}

fn kind_of(s: Option<&str>) -> Option<FeedKind> {
    match s? {
        "statuslight" => Some(FeedKind::Statuslight),
        "statuspage" => Some(FeedKind::StatuspageV2),
        "atom" => Some(FeedKind::Atom),
        "rss" => Some(FeedKind::Rss),
        _ => None,
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(config_url: &str) -> String {
    format!("statuslight.lkg:{config_url}")
}

/// Keep `load`, received at `at`, as the last known good feed of the page configured
/// at `config_url`. Feeds that are not UTF-8 or too large are not kept.
pub fn save(config_url: &str, load: &FeedLoad, at: DateTime<Utc>) {
    store(config_url, &load.source, &load.base, &load.bodies, at);
}

/// [`save`], once the next frame is painted: storing a large feed as JSON text takes a
/// few milliseconds that the first view of the page should not wait for.
pub fn save_after_paint(config_url: String, load: &FeedLoad, at: DateTime<Utc>) {
    let (source, base, bodies) = (load.source.clone(), load.base.clone(), load.bodies.clone());
    super::after_paint(move || store(&config_url, &source, &base, &bodies, at));
}

fn store(
    config_url: &str,
    source: &str,
    base: &str,
    bodies: &[(Option<FeedKind>, Vec<u8>)],
    at: DateTime<Utc>,
) {
    let total: usize = bodies.iter().map(|(_, b)| b.len()).sum();
    if total > MAX_STORED_BYTES {
        return;
    }
    let Ok(bodies) = bodies
        .iter()
        .map(|(k, b)| String::from_utf8(b.clone()).map(|text| (kind_key(*k), text)))
        .collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    let stored = Stored {
        at: at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        source: source.to_string(),
        base: base.to_string(),
        bodies,
    };
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&stored)) {
        let _ = s.set_item(&key(config_url), &json);
    }
}

/// The last known good feed of the page configured at `config_url`, with the time it
/// was received, if one is kept and still parses.
pub async fn restore(config_url: &str) -> Option<(FeedLoad, DateTime<Utc>)> {
    let json = storage()?.get_item(&key(config_url)).ok()??;
    // `from_slice`, as every other JSON read in the page: `from_str` would build a second
    // copy of serde_json's parser (7 KB of wasm).
    let stored: Stored = serde_json::from_slice(json.as_bytes()).ok()?;
    let at = statuslight_core::formats::rfc3339::parse(&stored.at)?;
    let bodies: Vec<(Option<FeedKind>, Vec<u8>)> = stored
        .bodies
        .into_iter()
        .map(|(k, text)| (kind_of(k.as_deref()), text.into_bytes()))
        .collect();
    let feed = crate::readers::read_bodies(&bodies).await.ok()?;
    Some((
        FeedLoad {
            feed,
            source: stored.source,
            base: stored.base,
            bodies,
        },
        at,
    ))
}
