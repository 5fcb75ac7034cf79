//! One shared loader per status page: however many widgets a host page has, each
//! refresh fetches the page's files once, and every widget of that page re-renders from
//! the same signal.
//!
//! A load fetches the configuration and the summary that `statuslight build` publishes
//! beside it (`statuslight.widget.json`, [`statuslight_core::present::widget`]) at once.
//! When the summary still holds and was computed from the very bytes the configuration
//! and its feeds have now (their fingerprints match), the widget shows it: the feeds are
//! fetched to compare their bytes, not parsed. Otherwise (`own`) the widget computes the
//! same summary from the feeds, with the summary module (`crates/summary`, loaded on
//! first need) in a release build.
//!
//! Refreshing follows the page's rules ([`statuslight_core::refresh`]): the configured
//! interval with ±20 % jitter after a success, the capped exponential back-off after a
//! failure, nothing for an archived snapshot, and no fetch while the host's tab is hidden
//! (the timer re-arms instead).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use statuslight_core::present::widget::{fingerprint, summary_url, WidgetSummary};
use statuslight_core::refresh::RefreshPolicy;
use wasm_bindgen_futures::spawn_local;

use crate::{clock, net};

/// A loaded page: its summary, and when it arrived (milliseconds since the epoch), which
/// is also the moment the widgets pick the summary's day by, until the next load.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub summary: Arc<WidgetSummary>,
    pub fetched_at: i64,
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
    spawn_local(async move { refresh(url, signal, 0).await });
    state
}

/// Load the page once and schedule the next load.
async fn refresh(url: String, state: ArcRwSignal<Load>, failures: u32) {
    let now = clock::now_ms();
    match load(&url, now).await {
        Ok(summary) => {
            let policy = policy(&summary);
            let snapshot_only = summary.until.is_none();
            state.set(Load::Ready {
                snapshot: Snapshot {
                    summary: Arc::new(summary),
                    fetched_at: now,
                },
                stale: None,
            });
            if !snapshot_only {
                schedule(url, state, policy.success_delay(random()), 0);
            }
        }
        Err(message) => {
            let failures = failures + 1;
            let policy = match state.get_untracked() {
                Load::Ready { snapshot, .. } => {
                    let policy = policy(&snapshot.summary);
                    state.set(Load::Ready {
                        snapshot,
                        stale: Some(message),
                    });
                    policy
                }
                _ => {
                    state.set(Load::Failed(message));
                    RefreshPolicy::default()
                }
            };
            schedule(
                url,
                state,
                policy.failure_delay(failures, None, random()),
                failures,
            );
        }
    }
}

fn policy(summary: &WidgetSummary) -> RefreshPolicy {
    RefreshPolicy {
        interval: Duration::from_secs(u64::from(summary.refresh_seconds)),
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

/// Load the page again after `delay`: one load for every widget of the page; while the
/// host's tab is hidden the timer re-arms instead.
fn schedule(url: String, state: ArcRwSignal<Load>, delay: Duration, failures: u32) {
    set_timeout(
        move || {
            if hidden() {
                let delay = match state.get_untracked() {
                    Load::Ready { snapshot, .. } => policy(&snapshot.summary).effective_interval(),
                    _ => delay,
                };
                schedule(url, state, delay, failures);
                return;
            }
            spawn_local(refresh(url, state, failures));
        },
        delay,
    );
}

/// The page's summary at `now` (ms): the published one when it describes what the
/// configuration and the feeds hold now, else the widget's own.
async fn load(config_url: &str, now: i64) -> Result<WidgetSummary, String> {
    let published_url = summary_url(config_url);
    let mut answers = net::fetch_all(&[config_url.to_string(), published_url]).await;
    let published = answers.pop().and_then(Result::ok);
    let config = answers
        .pop()
        .ok_or_else(|| config_url.to_string())?
        .map_err(|e| e.to_string())?;
    // The published summary, if it holds now and was computed from this configuration;
    // its other sources are the configuration's feeds.
    let published = published
        .and_then(|bytes| super::summary::parse(&bytes))
        .filter(|s| s.holds_at(now))
        .filter(|s| {
            s.sources
                .first()
                .is_some_and(|c| c.url.is_empty() && c.hash == fingerprint(&config))
        });
    if let Some(summary) = published {
        let feeds = &summary.sources[1..];
        let urls: Vec<Vec<String>> = feeds
            .iter()
            .map(|f| vec![net::resolve_url(&f.url, config_url)])
            .collect();
        // A feed that cannot be fetched at its first address: the configuration's
        // mirrors are for the widget's own summary.
        if let Ok(bodies) = net::fetch_each(&urls, net::Limits::default()).await {
            let bodies: Vec<Vec<u8>> = bodies.into_iter().map(|(b, _)| b).collect();
            if bodies
                .iter()
                .zip(feeds)
                .all(|(b, f)| fingerprint(b) == f.hash)
            {
                return Ok(summary);
            }
            return own::summarize(&config, &bodies, now)
                .await
                .map_err(|e| format!("{config_url}: {e}"));
        }
    }
    // The widget's own summary: the summary module loads while the feeds are fetched. A
    // configuration whose feeds cannot be read here is left to the module to explain.
    own::prepare();
    let urls: Vec<Vec<String>> = super::summary::json(&config)
        .and_then(|v| super::summary::config_feeds(&v))
        .unwrap_or_default()
        .iter()
        .map(|urls| {
            urls.iter()
                .map(|u| net::resolve_url(u, config_url))
                .collect()
        })
        .collect();
    let bodies = net::fetch_each(&urls, net::Limits::default())
        .await
        .map_err(|errors| net::describe(&errors))?;
    let first = bodies
        .first()
        .map(|(_, url)| url.clone())
        .unwrap_or_default();
    let bodies: Vec<Vec<u8>> = bodies.into_iter().map(|(b, _)| b).collect();
    own::summarize(&config, &bodies, now)
        .await
        .map_err(|e| format!("{first}: {e}"))
}

/// The widget's own summary. Linked in (`trunk serve`, the browser tests), it is the
/// core's; in a release build (`STATUSLIGHT_SUMMARY` names the module, see build.rs) it
/// comes from the summary module, imported the first time a page needs it.
#[cfg(not(lazy_summary))]
mod own {
    use statuslight_core::present::widget::{self, WidgetSummary};

    /// Nothing to load: the core is linked in.
    pub fn prepare() {}

    pub async fn summarize(
        config: &[u8],
        bodies: &[Vec<u8>],
        now: i64,
    ) -> Result<WidgetSummary, String> {
        crate::zone::install();
        let bodies: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
        let now = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default();
        widget::summarize(config, &bodies, now)
    }
}

#[cfg(lazy_summary)]
mod own {
    use js_sys::{Function, Reflect, Uint32Array, Uint8Array};
    use statuslight_core::present::widget::WidgetSummary;
    use wasm_bindgen::{JsCast, JsValue};

    use crate::widget::summary;

    const NAME: &str = env!("STATUSLIGHT_SUMMARY");

    thread_local! {
        static MODULE: crate::net::LazyModule = const { crate::net::LazyModule::new(NAME) };
    }

    /// Call the module's `name` with `args`; its answer parsed as JSON.
    async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let module = crate::net::lazy_module(&MODULE).await?;
        let f = Reflect::get(&module, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| format!("{NAME}.js has no {name}()"))?;
        let answer = f
            .apply(&JsValue::NULL, &args.iter().collect())
            .ok()
            .and_then(|a| a.as_string())
            .ok_or_else(|| format!("{NAME}.js: {name}() failed"))?;
        let value = summary::json(answer.as_bytes())
            .ok_or_else(|| format!("{NAME}.js: {name}() answered no JSON"))?;
        match summary::error(&value) {
            Some(why) => Err(why),
            None => Ok(value),
        }
    }

    /// Start importing the module (once per page; a failed import is tried again).
    pub fn prepare() {
        // Dropping the promise does not stop the import: `summarize` awaits the same one.
        drop(crate::net::lazy_import(&MODULE));
    }

    pub async fn summarize(
        config: &[u8],
        bodies: &[Vec<u8>],
        now: i64,
    ) -> Result<WidgetSummary, String> {
        let bytes: Vec<u8> = bodies.concat();
        let lengths: Vec<u32> = bodies
            .iter()
            .map(|b| u32::try_from(b.len()).unwrap_or(u32::MAX))
            .collect();
        let value = call(
            "summarize",
            &[
                Uint8Array::from(config).into(),
                Uint8Array::from(bytes.as_slice()).into(),
                Uint32Array::from(lengths.as_slice()).into(),
                JsValue::from_f64(now as f64),
            ],
        )
        .await?;
        summary::read(&value).ok_or_else(|| format!("{NAME}.js: summarize() answered no summary"))
    }
}
