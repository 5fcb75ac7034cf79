//! One shared loader per status page: however many widgets a host page has, each
//! configuration is fetched once and each refresh fetches the feeds once, and every
//! widget of that page re-renders from the same signal.
//!
//! Refreshing follows the page's rules ([`statuslight_core::refresh`]): the configured
//! interval with ±20 % jitter after a success, the capped exponential back-off after a
//! failure, nothing for an archived snapshot, and no fetch while the host's tab is hidden
//! (the timer re-arms instead).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use statuslight_core::config::{self, Config};
use statuslight_core::refresh::RefreshPolicy;
use statuslight_core::Feed;
use wasm_bindgen_futures::spawn_local;

use crate::{clock, net};

/// A loaded page: its configuration and feed, and when the feed arrived.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub config: Arc<Config>,
    pub feed: Arc<Feed>,
    pub fetched_at: DateTime<Utc>,
}

/// Where a status page's data stands.
#[derive(Clone, Debug)]
pub enum Load {
    Loading,
    /// Nothing could be loaded: why.
    Failed(String),
    /// The latest data; `stale` says why the last refresh failed, if it did.
    Ready {
        snapshot: Snapshot,
        stale: Option<String>,
    },
}

thread_local! {
    static SOURCES: RefCell<HashMap<String, ArcRwSignal<Load>>> = RefCell::new(HashMap::new());
}

/// The shared state of the status page whose configuration is at `config_url` (absolute),
/// starting its loader on first use.
pub fn source(config_url: &str) -> ArcRwSignal<Load> {
    if let Some(s) = SOURCES.with_borrow(|m| m.get(config_url).cloned()) {
        return s;
    }
    let state = ArcRwSignal::new(Load::Loading);
    SOURCES.with_borrow_mut(|m| m.insert(config_url.to_string(), state.clone()));
    let url = config_url.to_string();
    let signal = state.clone();
    spawn_local(async move { first_load(url, signal, 0).await });
    state
}

async fn first_load(url: String, state: ArcRwSignal<Load>, failures: u32) {
    let loaded = async {
        let bytes = net::fetch_bytes(&url).await.map_err(|e| e.to_string())?;
        let config = config::parse_config(&bytes).map_err(|e| format!("{url}: {e}"))?;
        let feed = load_feed(&config, &url).await?;
        Ok::<_, String>((config, feed))
    }
    .await;
    match loaded {
        Ok((config, feed)) => {
            let snapshot = Snapshot {
                config: Arc::new(config),
                feed: Arc::new(feed),
                fetched_at: clock::now(),
            };
            let policy = policy(&snapshot.config);
            let snapshot_only = snapshot.feed.as_of.is_some();
            state.set(Load::Ready {
                snapshot,
                stale: None,
            });
            if !snapshot_only {
                schedule(url, state, policy.success_delay(random()), 0);
            }
        }
        Err(message) => {
            state.set(Load::Failed(message));
            let delay = RefreshPolicy::default().failure_delay(failures + 1, None, random());
            set_timeout(
                move || spawn_local(first_load(url, state, failures + 1)),
                delay,
            );
        }
    }
}

fn policy(config: &Config) -> RefreshPolicy {
    RefreshPolicy {
        interval: Duration::from_secs(u64::from(config.refresh_seconds)),
        ..RefreshPolicy::default()
    }
}

fn random() -> f64 {
    js_sys::Math::random()
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Refresh the feeds after `delay`: one fetch per feed for every widget of the page.
fn schedule(url: String, state: ArcRwSignal<Load>, delay: Duration, failures: u32) {
    set_timeout(
        move || {
            let Load::Ready { snapshot, .. } = state.get_untracked() else {
                return;
            };
            let policy = policy(&snapshot.config);
            if hidden() {
                schedule(url, state, policy.effective_interval(), failures);
                return;
            }
            spawn_local(async move {
                match load_feed(&snapshot.config, &url).await {
                    Ok(feed) => {
                        state.set(Load::Ready {
                            snapshot: Snapshot {
                                feed: Arc::new(feed),
                                fetched_at: clock::now(),
                                ..snapshot
                            },
                            stale: None,
                        });
                        schedule(url, state, policy.success_delay(random()), 0);
                    }
                    Err(message) => {
                        state.set(Load::Ready {
                            snapshot,
                            stale: Some(message),
                        });
                        let delay = policy.failure_delay(failures + 1, None, random());
                        schedule(url, state, delay, failures + 1);
                    }
                }
            });
        },
        delay,
    );
}

/// Fetch every configured feed at once (each trying its mirrors in order), addresses
/// relative to the configuration, and read them into one feed; the readers module, when
/// a configured kind or address calls for it, loads meanwhile.
async fn load_feed(config: &Config, config_url: &str) -> Result<Feed, String> {
    crate::readers::prefetch(config.feeds.iter().map(|s| (s.kind, s.url.as_str())));
    let urls: Vec<Vec<String>> = config
        .feeds
        .iter()
        .map(|source| {
            std::iter::once(&source.url)
                .chain(source.mirrors.iter())
                .map(|u| net::resolve_url(u, config_url))
                .collect()
        })
        .collect();
    let fetched = net::fetch_each(&urls, net::Limits::default())
        .await
        .map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
    let first = fetched
        .first()
        .map(|(_, url)| url.clone())
        .unwrap_or_default();
    let bodies: Vec<_> = config
        .feeds
        .iter()
        .zip(fetched)
        .map(|(source, (bytes, _))| (source.kind, bytes))
        .collect();
    crate::readers::read_bodies(&bodies)
        .await
        .map_err(|e| format!("{first}: {e}"))
}
