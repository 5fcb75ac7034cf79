//! The status page's components.
//!
//! They read signals, ask the core for view models ([`statuslight_core::present`]) and
//! render them; no arithmetic or formatting happens here.

mod page;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use statuslight_core::i18n::Lang;
use statuslight_core::{parse_feed, Feed};

pub use page::StatusPage;

use crate::net;

/// Where the feed is when the page names none: `feed.json` beside the page.
pub const DEFAULT_FEED_URL: &str = "feed.json";

/// The state of loading the feed.
#[derive(Clone, Debug)]
pub enum Load {
    Loading,
    Ready(Arc<Feed>),
    Failed(String),
}

/// The page as mounted by `main`: reads the feed address from
/// `<meta name="statuslight-feed" content="…">` (relative to the page), else
/// [`DEFAULT_FEED_URL`].
#[component]
pub fn Root() -> impl IntoView {
    let url = document()
        .query_selector("meta[name='statuslight-feed']")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_FEED_URL.to_string());
    view! { <App feed_url=url /> }
}

/// Fetch and read the feed at `url`.
pub async fn load_feed(url: &str) -> Result<Feed, String> {
    let bytes = net::fetch_bytes(url).await.map_err(|e| e.to_string())?;
    parse_feed(&bytes).map_err(|e| format!("{url}: {e}"))
}

/// The browser's preferred languages, best first.
fn browser_languages() -> Vec<String> {
    let nav = window().navigator();
    let mut tags: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if let Some(l) = nav.language() {
        tags.push(l);
    }
    tags
}

/// The whole status page for the feed at `feed_url`: loading state, error with retry,
/// or the page.
#[component]
pub fn App(#[prop(into)] feed_url: String) -> impl IntoView {
    let state = RwSignal::new(Load::Loading);
    let langs = browser_languages();
    let lang = RwSignal::new(Lang::negotiate(langs.iter().map(String::as_str)));
    let url = StoredValue::new(feed_url);
    let reload = move || {
        state.set(Load::Loading);
        let url = url.get_value();
        spawn_local(async move {
            state.set(match load_feed(&url).await {
                Ok(feed) => Load::Ready(Arc::new(feed)),
                Err(message) => Load::Failed(message),
            });
        });
    };
    reload();
    Effect::new(move |_| {
        let tag = lang.get().tag();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", tag);
        }
    });

    move || match state.get() {
        Load::Loading => view! { <Loading lang=lang.get() /> }.into_any(),
        Load::Failed(message) => {
            view! { <LoadFailed lang=lang.get() message=message on_retry=reload /> }.into_any()
        }
        Load::Ready(feed) => view! { <StatusPage feed=feed lang=lang /> }.into_any(),
    }
}

/// Shown while the feed loads.
#[component]
fn Loading(lang: Lang) -> impl IntoView {
    view! {
        <main class="sl-page sl-page--loading" aria-busy="true">
            <p class="sl-loading" role="status">{lang.messages().loading}</p>
        </main>
    }
}

/// Shown when the feed could not be fetched or read: what went wrong, verbatim, and a
/// retry button.
#[component]
fn LoadFailed(lang: Lang, message: String, on_retry: impl Fn() + 'static) -> impl IntoView {
    let m = lang.messages();
    view! {
        <main class="sl-page">
            <div class="sl-error" role="alert">
                <p class="sl-error__title">{m.load_failed}</p>
                <p class="sl-error__detail"><code>{message}</code></p>
                <button type="button" class="sl-button" on:click=move |_| on_retry()>
                    {m.retry}
                </button>
            </div>
        </main>
    }
}
