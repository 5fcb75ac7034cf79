//! The status page's components.
//!
//! They read signals, ask the core for view models ([`statuslight_core::present`]) and
//! render them; no arithmetic or formatting happens here. [`App`] loads the configuration
//! and the feeds and owns the page's state ([`Loaded`]); the other modules render it.

mod bars;
mod calendar;
mod detail;
mod history;
mod lkg;
mod page;
pub mod prefs;
pub mod prerender;
mod rich;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::time::Duration;

use leptos::task::spawn_local;
use statuslight_core::config::{self, Config};
use statuslight_core::formats::shards;
use statuslight_core::i18n::{fill, Lang};
use statuslight_core::present::{self, HistoryFilter, Settings};
use statuslight_core::refresh::{Outcome, RefreshPolicy, RefreshState, RetryAfter, Visibility};
use statuslight_core::{Feed, FeedKind, Zone};

pub use page::StatusPage;
pub use prefs::Prefs;
pub use statuslight_core::present::Theme;

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
    /// The bodies as received, with their configured kind, for the last-known-good copy.
    pub bodies: Vec<(Option<FeedKind>, Vec<u8>)>,
}

/// Why loading the feeds failed: the message shown, and the server's `Retry-After`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
    pub retry_after: Option<String>,
}

/// Fetch every configured feed at once (each trying its mirrors in order, within
/// `limits`) and read them into one feed. The readers module, when a configured kind or
/// address calls for it, loads meanwhile.
pub async fn load_feeds(
    sources: &[config::FeedSource],
    limits: net::Limits,
) -> Result<FeedLoad, LoadError> {
    crate::readers::prefetch(sources.iter().map(|s| (s.kind, s.url.as_str())));
    let urls: Vec<Vec<String>> = sources
        .iter()
        .map(|s| std::iter::once(&s.url).chain(&s.mirrors).cloned().collect())
        .collect();
    let fetched = net::fetch_each(&urls, limits)
        .await
        .map_err(|errors| LoadError {
            message: net::describe(&errors),
            retry_after: errors
                .iter()
                .find_map(|e| e.retry_after().map(str::to_string)),
        })?;
    let mut bodies = Vec::new();
    let mut answered = Vec::new();
    for (source, (bytes, url)) in sources.iter().zip(fetched) {
        bodies.push((source.kind, bytes));
        answered.push(url);
    }
    let source = answered.first().cloned().unwrap_or_default();
    let feed = crate::readers::read_bodies(&bodies)
        .await
        .map_err(|e| LoadError {
            message: format!("{source}: {e}"),
            retry_after: None,
        })?;
    Ok(FeedLoad {
        feed,
        base: source.clone(),
        source,
        bodies,
    })
}

/// The fetch limits a configuration sets.
pub fn limits_of(config: &Config) -> net::Limits {
    net::Limits {
        max_bytes: config.max_feed_bytes,
        timeout_seconds: config.timeout_seconds,
    }
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
        crate::zone::install();
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
        let (precision, uptime) = self
            .config
            .with_value(|c| (c.uptime_precision, c.uptime.clone()));
        Settings {
            lang: self.prefs.lang.get(),
            tz: self
                .prefs
                .zone
                .get()
                .resolve(self.page_zone(), prefs::viewer_zone()),
            window_days: self.prefs.days.get(),
            precision,
            uptime,
        }
    }

    /// Every component as (id, name) in display order, for pickers.
    pub fn component_options(self) -> Memo<Vec<(String, String)>> {
        Memo::new(move |_| {
            let lang = self.prefs.lang.get();
            self.feed.with(|f| present::component_options(f, lang))
        })
    }

    /// The zone of the page itself (not the visitor's choice).
    pub fn page_zone(&self) -> Zone {
        self.config
            .with_value(|c| c.time_zone.as_deref().and_then(present::parse_zone))
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
        let limits = self.config.with_value(limits_of);
        spawn_local(async move {
            let result = match net::fetch_limited(&full, limits).await {
                Ok(bytes) => shards::parse_shard(&bytes)
                    .and_then(|shard| {
                        // Merged in place: nothing else holds the feed for long, so this
                        // does not copy the months already loaded.
                        let mut merged = Ok(());
                        self.feed.update(|feed| {
                            merged = shards::merge_shard(Arc::make_mut(feed), shard);
                        });
                        merged
                    })
                    .map_err(|e| format!("{full}: {e}")),
                Err(e) => Err(e.to_string()),
            };
            self.months_loading.update(|m| {
                m.remove(&month);
            });
            match result {
                Ok(()) => {
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
    crate::zone::install();
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
            let limits = limits_of(&config);
            match load_feeds(&config.feeds, limits).await {
                Ok(load) => {
                    let now = clock::now();
                    lkg::save_after_paint(url.clone(), &load, now);
                    let prefs = Prefs::load(config.language, config.default_window_days);
                    let loaded = Loaded::new(config, load, prefs);
                    Refresher::start(loaded, url, None);
                    stage.set(Stage::Ready(Box::new(loaded)));
                }
                // The last known good copy, unless the page's prerendered status is
                // newer: then that stays, under the error.
                Err(error) => match lkg::restore(&url)
                    .await
                    .filter(|(_, at)| prerender::published().is_none_or(|p| *at >= p))
                {
                    // The feed is down: show the last status received, saying so.
                    Some((load, at)) => {
                        let prefs = Prefs::load(config.language, config.default_window_days);
                        let loaded = Loaded::new(config, load, prefs);
                        loaded.fetched_at.set(at);
                        loaded.stale.set(Some(error.message.clone()));
                        Refresher::start(loaded, url, Some(error));
                        stage.set(Stage::Ready(Box::new(loaded)));
                    }
                    None => stage.set(Stage::Failed {
                        message: error.message,
                        config: false,
                    }),
                },
            }
        });
    };
    start();
    // The browser takes a moment to tell the viewer's zone the first time (Intl starts
    // up): ask while the configuration and the feed are on their way, not after.
    spawn_local(async {
        let _ = prefs::viewer_zone();
    });

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
            // The prerendered status shows meanwhile, if the page has one.
            Stage::Loading if prerender::present() => ().into_any(),
            Stage::Loading => view! { <Loading lang=lang.get() /> }.into_any(),
            Stage::Failed { message, config } => {
                prerender::failed();
                view! {
                <LoadFailed
                    lang=lang.get()
                    message=message
                    config=config
                    fallback=fallback.get()
                    on_retry=start
                />
                }
                .into_any()
            }
            Stage::Ready(loaded) => {
                // Rendered out of sight; the page takes over once it is complete.
                prerender::hold();
                view! { <StatusPage loaded=*loaded /> }.into_any()
            }
        };
        view! { {notice} {body} }
    }
}

/// Run `f` in a task of its own once the next frame has been painted (when the tab is
/// shown), for work that the page on screen should not wait for.
pub(crate) fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, Duration::ZERO));
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Refreshes the feed for the life of the page, by the core's policy
/// ([`statuslight_core::refresh`]): every interval ±20 %, backing off on errors up to 10
/// minutes (longer when the server's `Retry-After` says so), no timer while the tab is
/// hidden and a refresh when it returns.
#[derive(Clone, Copy)]
struct Refresher {
    loaded: Loaded,
    config_url: StoredValue<String>,
    policy: StoredValue<RefreshPolicy>,
    state: StoredValue<RefreshState>,
    timer: StoredValue<Option<leptos::prelude::TimeoutHandle>>,
    /// The bodies last shown, to skip re-rendering an unchanged feed.
    shown: StoredValue<Vec<(Option<FeedKind>, Vec<u8>)>>,
}

impl Refresher {
    /// Start refreshing after the first load, which `first_error` says failed.
    fn start(loaded: Loaded, config_url: String, first_error: Option<LoadError>) {
        let config = loaded.config.get_value();
        let policy = RefreshPolicy {
            interval: Duration::from_secs(u64::from(config.refresh_seconds)),
            max_bytes: config.max_feed_bytes,
            timeout: Duration::from_secs(u64::from(config.timeout_seconds)),
            ..RefreshPolicy::default()
        };
        let r = Refresher {
            loaded,
            config_url: StoredValue::new(config_url),
            policy: StoredValue::new(policy),
            state: StoredValue::new(RefreshState::new()),
            timer: StoredValue::new(None),
            shown: StoredValue::new(Vec::new()),
        };
        let _ = leptos::prelude::set_interval_with_handle(
            move || loaded.now.set(clock::now()),
            Duration::from_secs(30),
        );
        let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
            loaded.route.set(present::route_incident(&current_hash()));
        });
        let on_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
            r.visibility_changed();
        });
        on_cleanup(move || {
            on_hash.remove();
            on_visibility.remove();
            r.cancel();
        });
        let outcome = match &first_error {
            None => Outcome::Fetched {
                etag: None,
                last_modified: None,
            },
            Some(e) => Outcome::Failed {
                retry_after: e
                    .retry_after
                    .as_deref()
                    .and_then(|v| RetryAfter::parse(v, clock::now())),
            },
        };
        let delay = r.complete(&outcome);
        r.schedule(delay);
    }

    fn complete(self, outcome: &Outcome) -> Duration {
        let policy = self.policy.get_value();
        let mut delay = Duration::ZERO;
        self.state.update_value(|s| {
            delay = s.complete(&policy, outcome, clock::now(), js_sys::Math::random());
        });
        delay
    }

    fn cancel(self) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
    }

    fn schedule(self, delay: Duration) {
        self.cancel();
        if let Ok(h) = leptos::prelude::set_timeout_with_handle(move || self.run(), delay) {
            self.timer.set_value(Some(h));
        }
    }

    fn hidden() -> bool {
        document().visibility_state() == web_sys::VisibilityState::Hidden
    }

    fn visibility_changed(self) {
        if Self::hidden() {
            self.cancel();
            return;
        }
        let policy = self.policy.get_value();
        let next = self
            .state
            .with_value(|s| s.on_visibility(&policy, Visibility::Visible, clock::now()));
        if let Some(d) = next {
            self.schedule(d);
        }
    }

    /// Fetch now, apply what came back, and schedule the next fetch.
    fn run(self) {
        self.timer.set_value(None);
        if Self::hidden() {
            return;
        }
        self.state.update_value(|s| s.begin());
        let loaded = self.loaded;
        spawn_local(async move {
            let (sources, limits) = loaded
                .config
                .with_value(|c| (c.feeds.clone(), limits_of(c)));
            let outcome = match load_feeds(&sources, limits).await {
                Ok(load) => {
                    self.apply(load);
                    Outcome::Fetched {
                        etag: None,
                        last_modified: None,
                    }
                }
                Err(e) => {
                    loaded.stale.set(Some(e.message.clone()));
                    Outcome::Failed {
                        retry_after: e
                            .retry_after
                            .as_deref()
                            .and_then(|v| RetryAfter::parse(v, clock::now())),
                    }
                }
            };
            let delay = self.complete(&outcome);
            if !Self::hidden() {
                self.schedule(delay);
            }
        });
    }

    /// Swap in a newly received feed, keeping the months already merged; an unchanged
    /// feed only updates "Updated N min ago".
    fn apply(self, load: FeedLoad) {
        let loaded = self.loaded;
        let now = clock::now();
        lkg::save(&self.config_url.get_value(), &load, now);
        let unchanged = self.shown.with_value(|b| *b == load.bodies);
        loaded.fetched_at.set(now);
        loaded.stale.set(None);
        let first = &loaded
            .config
            .with_value(|c| c.feeds.first().map(|f| f.url.clone()));
        loaded
            .mirror
            .set((first.as_deref() != Some(load.source.as_str())).then(|| load.source.clone()));
        if unchanged {
            return;
        }
        self.shown.set_value(load.bodies.clone());
        let mut feed = load.feed;
        let old = loaded.feed.get_untracked();
        for month in loaded.months_loaded.get_untracked() {
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
    }
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
/// verbatim, a retry button and the configured fallback channels. Above a prerendered
/// status, which holds the page's `<main>`, it is a plain block.
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
    let error = view! {
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
    };
    if prerender::present() {
        view! { <div class="sl-page">{error}</div> }.into_any()
    } else {
        view! { <main class="sl-page">{error}</main> }.into_any()
    }
}
