//! The status page's components.
//!
//! They read signals, ask the core for view models ([`statuslight_core::present`]) and
//! render them; no arithmetic or formatting happens here. [`App`] loads the configuration
//! and the feeds and owns the page's state ([`Loaded`]); the other modules render it.

mod bars;
mod calendar;
mod detail;
mod history;
mod page;
pub mod prefs;
mod rich;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use statuslight_core::config::{self, Config};
use statuslight_core::formats::{parse_feed_as, parse_feeds, shards};
use statuslight_core::i18n::{fill, Lang};
use statuslight_core::present::{self, HistoryFilter, Settings};
use statuslight_core::{parse_feed, Feed};

pub use page::StatusPage;
pub use prefs::{Prefs, Theme};

use crate::{clock, net};

/// Where the configuration is when the page names none: beside the page.
pub const DEFAULT_CONFIG_URL: &str = "statuslight.json";

/// The page as mounted by `main`: reads the configuration's address from
/// `<meta name="statuslight-config" content="…">` (relative to the page), else
/// [`DEFAULT_CONFIG_URL`].
#[component]
pub fn Root() -> impl IntoView {
    let url = document()
        .query_selector("meta[name='statuslight-config']")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_CONFIG_URL.to_string());
    view! { <App config_url=url /> }
}

/// Fetch and read the configuration.
pub async fn load_config(url: &str) -> Result<Config, String> {
    let bytes = net::fetch_bytes(url).await.map_err(|e| e.to_string())?;
    config::parse_config(&bytes).map_err(|e| format!("{url}: {e}"))
}

/// A loaded feed and where it came from.
#[derive(Clone, Debug)]
pub struct FeedLoad {
    pub feed: Feed,
    /// The address of the first feed, as fetched (a mirror when the main one failed).
    pub source: String,
    /// The address shards are relative to.
    pub base: String,
}

/// Fetch every configured feed (trying mirrors in order) and read them into one feed.
pub async fn load_feeds(sources: &[config::FeedSource]) -> Result<FeedLoad, String> {
    let mut bodies = Vec::new();
    let mut answered = Vec::new();
    for source in sources {
        let mut urls = vec![source.url.clone()];
        urls.extend(source.mirrors.iter().cloned());
        let (bytes, url) = net::fetch_first(&urls).await.map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        bodies.push((bytes, source.kind));
        answered.push(url);
    }
    let source = answered.first().cloned().unwrap_or_default();
    let feed = match bodies.as_slice() {
        [(bytes, Some(kind))] => parse_feed_as(*kind, bytes),
        [(bytes, None)] => parse_feed(bytes),
        many => parse_feeds(&many.iter().map(|(b, _)| b.as_slice()).collect::<Vec<_>>()),
    }
    .map_err(|e| format!("{source}: {e}"))?;
    Ok(FeedLoad {
        feed,
        base: source.clone(),
        source,
    })
}

/// Everything the loaded page renders from.
#[derive(Clone, Copy)]
pub struct Loaded {
    pub config: StoredValue<Config>,
    pub feed: RwSignal<Arc<Feed>>,
    /// When the feed last arrived.
    pub fetched_at: RwSignal<DateTime<Utc>>,
    /// The address that answered, when it was a mirror.
    pub mirror: RwSignal<Option<String>>,
    /// The address month shards are relative to.
    pub base: StoredValue<String>,
    /// Why the last refresh failed, while the page shows older data.
    pub stale: RwSignal<Option<String>>,
    pub prefs: Prefs,
    /// Ticks every 30 s, for "Updated N min ago".
    pub now: RwSignal<DateTime<Utc>>,
    /// The incident the hash route names.
    pub route: RwSignal<Option<String>>,
    /// Months whose shard has been merged, is loading, or failed.
    pub months_loaded: RwSignal<BTreeSet<String>>,
    pub months_loading: RwSignal<BTreeSet<String>>,
    pub months_failed: RwSignal<BTreeMap<String, String>>,
    pub filter: RwSignal<HistoryFilter>,
    /// The component and month the calendar shows.
    pub calendar: RwSignal<Option<(String, i32, u32)>>,
    /// The day whose details are open: (bar key, date).
    pub active_day: RwSignal<Option<(String, String)>>,
    /// Groups the visitor folded.
    pub collapsed: RwSignal<BTreeSet<String>>,
}

impl Loaded {
    /// The state of a page that has its configuration and feed.
    pub fn new(config: Config, load: FeedLoad, prefs: Prefs) -> Loaded {
        let mirror = config
            .feeds
            .first()
            .filter(|f| f.url != load.source)
            .map(|_| load.source.clone());
        Loaded {
            config: StoredValue::new(config),
            feed: RwSignal::new(Arc::new(load.feed)),
            fetched_at: RwSignal::new(clock::now()),
            mirror: RwSignal::new(mirror),
            base: StoredValue::new(load.base),
            stale: RwSignal::new(None),
            prefs,
            now: RwSignal::new(clock::now()),
            route: RwSignal::new(present::route_incident(&current_hash())),
            months_loaded: RwSignal::new(BTreeSet::new()),
            months_loading: RwSignal::new(BTreeSet::new()),
            months_failed: RwSignal::new(BTreeMap::new()),
            filter: RwSignal::new(HistoryFilter::default()),
            calendar: RwSignal::new(None),
            active_day: RwSignal::new(None),
            collapsed: RwSignal::new(BTreeSet::new()),
        }
    }

    /// The visitor's settings for the core's view models.
    pub fn settings(&self) -> Settings {
        let config = self.config.get_value();
        let feed = self.feed.get();
        let page_tz = config
            .time_zone
            .as_deref()
            .and_then(present::parse_zone)
            .unwrap_or_else(|| present::page_zone(&feed));
        Settings {
            lang: self.prefs.lang.get(),
            tz: self.prefs.zone.get().resolve(page_tz, prefs::viewer_zone()),
            window_days: self.prefs.days.get(),
            precision: config.uptime_precision,
            uptime: config.uptime.clone(),
        }
    }

    /// The zone of the page itself (not the visitor's choice).
    pub fn page_zone(&self) -> chrono_tz::Tz {
        let config = self.config.get_value();
        config
            .time_zone
            .as_deref()
            .and_then(present::parse_zone)
            .unwrap_or_else(|| self.feed.with(|f| present::page_zone(f)))
    }

    /// The moment the page shows: the snapshot's, else when the feed arrived.
    pub fn shown_at(&self) -> DateTime<Utc> {
        let fetched = self.fetched_at.get();
        self.feed.with(|f| present::shown_at(f, fetched))
    }

    /// Load the shard of `month` from `url` and merge it into the feed. A failure is
    /// kept for that month only; the rest of the page stays.
    pub fn load_month(self, month: String, url: String) {
        if self.months_loaded.with_untracked(|m| m.contains(&month))
            || self.months_loading.with_untracked(|m| m.contains(&month))
        {
            return;
        }
        self.months_loading.update(|m| {
            m.insert(month.clone());
        });
        self.months_failed.update(|m| {
            m.remove(&month);
        });
        let full = net::resolve_url(&url, &self.base.get_value());
        spawn_local(async move {
            let result = match net::fetch_bytes(&full).await {
                Ok(bytes) => shards::parse_shard(&bytes)
                    .and_then(|shard| {
                        let mut feed = (*self.feed.get_untracked()).clone();
                        shards::merge_shard(&mut feed, shard)?;
                        Ok(feed)
                    })
                    .map_err(|e| format!("{full}: {e}")),
                Err(e) => Err(e.to_string()),
            };
            self.months_loading.update(|m| {
                m.remove(&month);
            });
            match result {
                Ok(feed) => {
                    self.feed.set(Arc::new(feed));
                    self.months_loaded.update(|m| {
                        m.insert(month);
                    });
                }
                Err(e) => self.months_failed.update(|m| {
                    m.insert(month, e);
                }),
            }
        });
    }
}

/// The whole status page: configuration, then feeds, then the page; a clear error with
/// a retry button when either cannot be loaded.
#[component]
pub fn App(#[prop(into)] config_url: String) -> impl IntoView {
    #[derive(Clone)]
    enum Stage {
        Loading,
        Failed { message: String, config: bool },
        Ready(Box<Loaded>),
    }
    let stage = RwSignal::new(Stage::Loading);
    let fallback_lang = Lang::negotiate(prefs::browser_languages().iter().map(String::as_str));
    let lang = RwSignal::new(fallback_lang);
    let fallback = RwSignal::new(Vec::<(String, String)>::new());
    let override_notice = RwSignal::new(None::<String>);
    let url = StoredValue::new(config_url);
    let start = move || {
        stage.set(Stage::Loading);
        let url = url.get_value();
        spawn_local(async move {
            let mut config = match load_config(&url).await {
                Ok(c) => c,
                Err(message) => {
                    stage.set(Stage::Failed {
                        message,
                        config: true,
                    });
                    return;
                }
            };
            if let Some(l) = config.language {
                if prefs::query_param("lang").is_none() {
                    lang.set(l);
                }
            }
            fallback.set(
                config
                    .fallback
                    .iter()
                    .map(|f| {
                        (
                            f.label.get(lang.get_untracked().tag()).to_string(),
                            f.url.clone(),
                        )
                    })
                    .collect(),
            );
            if let Some(requested) = prefs::query_param("feed") {
                if config::override_allowed(&config, &requested) {
                    config.feeds = vec![config::FeedSource {
                        url: requested,
                        kind: None,
                        mirrors: Vec::new(),
                    }];
                } else {
                    let origin = config::origin_of(&requested).unwrap_or(requested);
                    override_notice.set(Some(origin));
                }
            }
            match load_feeds(&config.feeds).await {
                Ok(load) => {
                    let prefs = Prefs::load(config.language, config.default_window_days);
                    let loaded = Loaded::new(config, load, prefs);
                    start_background(loaded);
                    stage.set(Stage::Ready(Box::new(loaded)));
                }
                Err(message) => stage.set(Stage::Failed {
                    message,
                    config: false,
                }),
            }
        });
    };
    start();

    move || {
        let notice = override_notice.get().map(|origin| {
            let m = lang.get().messages();
            view! {
                <p class="sl-override" role="alert">
                    {fill(m.override_refused, &[("origin", &origin)])}
                </p>
            }
        });
        let body = match stage.get() {
            Stage::Loading => view! { <Loading lang=lang.get() /> }.into_any(),
            Stage::Failed { message, config } => view! {
                <LoadFailed
                    lang=lang.get()
                    message=message
                    config=config
                    fallback=fallback.get()
                    on_retry=start
                />
            }
            .into_any(),
            Stage::Ready(loaded) => view! { <StatusPage loaded=*loaded /> }.into_any(),
        };
        view! { {notice} {body} }
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Clock ticks, hash routing and refreshing, for the life of the page.
fn start_background(loaded: Loaded) {
    let tick = leptos::prelude::set_interval_with_handle(
        move || loaded.now.set(clock::now()),
        std::time::Duration::from_secs(30),
    );
    let _ = tick;
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        loaded.route.set(present::route_incident(&current_hash()));
    });
    on_cleanup(move || on_hash.remove());
    let seconds = loaded.config.with_value(|c| c.refresh_seconds);
    let _ = leptos::prelude::set_interval_with_handle(
        move || refresh(loaded),
        std::time::Duration::from_secs(u64::from(seconds)),
    );
}

/// Fetch the feeds again and swap them in, keeping any months already merged.
fn refresh(loaded: Loaded) {
    if loaded.feed.with_untracked(|f| f.as_of.is_some()) {
        // An archived snapshot does not change.
        return;
    }
    spawn_local(async move {
        let sources = loaded.config.with_value(|c| c.feeds.clone());
        match load_feeds(&sources).await {
            Ok(load) => {
                let mut feed = load.feed;
                let months: Vec<String> =
                    loaded.months_loaded.get_untracked().into_iter().collect();
                let old = loaded.feed.get_untracked();
                for month in months {
                    let keep = shards::Shard {
                        month: month.clone(),
                        feed: Feed {
                            incidents: old
                                .incidents
                                .iter()
                                .filter(|i| shards::month_of(i.started_at) == month)
                                .cloned()
                                .collect(),
                            maintenances: Vec::new(),
                            ..Feed::empty(feed.kind)
                        },
                    };
                    let _ = shards::merge_shard(&mut feed, keep);
                }
                loaded.feed.set(Arc::new(feed));
                loaded.fetched_at.set(clock::now());
                loaded.stale.set(None);
            }
            Err(e) => loaded.stale.set(Some(e)),
        }
    });
}

/// Shown while the configuration or feed loads.
#[component]
fn Loading(lang: Lang) -> impl IntoView {
    view! {
        <main class="sl-page sl-page--loading" aria-busy="true">
            <p class="sl-loading" role="status">{lang.messages().loading}</p>
        </main>
    }
}

/// Shown when the configuration or feed could not be fetched or read: what went wrong,
/// verbatim, a retry button and the configured fallback channels.
#[component]
fn LoadFailed(
    lang: Lang,
    message: String,
    config: bool,
    fallback: Vec<(String, String)>,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let m = lang.messages();
    let title = if config {
        m.config_failed
    } else {
        m.load_failed
    };
    view! {
        <main class="sl-page">
            <div class="sl-error" role="alert">
                <p class="sl-error__title">{title}</p>
                <p class="sl-error__detail"><code>{message}</code></p>
                <button type="button" class="sl-button" on:click=move |_| on_retry()>
                    {m.retry}
                </button>
                {(!fallback.is_empty()).then(|| view! {
                    <p class="sl-fallback">
                        {m.fallback_channels}": "
                        {fallback
                            .into_iter()
                            .map(|(label, href)| view! {
                                <a href=href rel="noopener noreferrer">{label}</a>" "
                            })
                            .collect_view()}
                    </p>
                })}
            </div>
        </main>
    }
}
