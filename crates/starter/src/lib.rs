//! What a release status page runs first, in place of the app.
//!
//! `statuslight build --page` writes the page's whole first view into its HTML, with a
//! [`PublishedView`] beside it: what that view was computed from and until when it holds
//! (`statuslight_core::present::published`). The starter, a few kilobytes of wasm, checks
//! it: when the visitor asks for nothing else, the configuration, feeds and shards fetched
//! now are the published bytes and the moment is within the view's life, the HTML *is*
//! the live page (`<html data-sl-app="live">`), and the app's wasm is never fetched. It
//! then checks again at the configuration's refresh interval and when the view expires.
//!
//! The app ([`App`], trunk's build of `statuslight-web`) is loaded, and takes over from the
//! HTML as it does from any published status, when the view does not hold, when the
//! address names an incident, and at the visitor's first interaction with anything the HTML
//! cannot do alone: a switch, a day, a filter, a month to load. A click or a choice made
//! before the app is there is done again on the app's element once it has taken over
//! (`statuslight-live`, dispatched by the app's `take_over`), and focus moves with it.
//!
//! When the view stops holding (a changed file, a failed or timed-out fetch, its expiry)
//! the app loads; should the app itself fail to load then, the page no longer says it is
//! live and shows since when its status is not refreshed, in its language.
//!
//! This crate touches the network only to fetch the published view's sources and to
//! import the app; the app's own `src/net.rs` does the rest.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use statuslight_core::present::published::{
    needs_app_for_hash, Choice, NeedsApp, PublishedView, Visit, ELEMENT_ID,
};
use statuslight_core::present::widget::SummarySource;
use statuslight_core::present::Theme;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, Event, HtmlElement, RequestCache, RequestInit, Window};

/// An event listener or timer callback the starter installs.
type Listener = Closure<dyn FnMut(Event)>;

/// The app's files: its wasm-bindgen glue and its wasm, as addresses.
struct App {
    glue: String,
    wasm: String,
}

/// What happens at the app's take-over: the visitor's pending action, done again on the
/// app's element.
enum Replay {
    Click(String),
    Choose(String, String),
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
    /// The app's import, once started (and again after a failure).
    static LOADING: Cell<bool> = const { Cell::new(false) };
    static REPLAY: RefCell<Option<Replay>> = const { RefCell::new(None) };
    static VIEW: RefCell<Option<PublishedView>> = const { RefCell::new(None) };
    /// Whether the published view still holds (checked, unexpired).
    static HOLDS: Cell<bool> = const { Cell::new(false) };
    /// Kept for the page's life: the listeners and timers the starter installed.
    static KEPT: RefCell<Vec<Listener>> = const { RefCell::new(Vec::new()) };
}

/// Start the page: `glue` and `wasm` are the app's files, should it be needed.
#[wasm_bindgen]
pub fn start(glue: String, wasm: String) {
    APP.with(|a| *a.borrow_mut() = Some(App { glue, wasm }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    apply_theme(&window, &document);
    // Focus and a pending action move to the app whenever it takes over.
    listen(&window, &document);
    let view = match published(&document) {
        Some(view) => view,
        None => return load_app(),
    };
    let languages = languages(&window);
    let feed = choice(&window, "feed").query;
    let hash = window.location().hash().unwrap_or_default();
    let visit = Visit {
        lang: choice(&window, "lang"),
        zone: choice(&window, "tz"),
        days: choice(&window, "days"),
        feed: feed.as_deref(),
        hash: &hash,
        languages: &languages,
    };
    let holds = view.wanted(&visit).is_ok() && view.holds_at(now_ms()).is_ok();
    // Its sources are handed over to the app even when the app loads at once.
    VIEW.with(|v| *v.borrow_mut() = Some(view));
    if !holds {
        return load_app();
    }
    HOLDS.with(|h| h.set(true));
    watch(&window);
    spawn_local(async move {
        if check().await.is_err() {
            return no_longer_holds();
        }
        if let Some(root) = document.document_element() {
            if root.get_attribute("data-sl-app").is_none() {
                let _ = root.set_attribute("data-sl-app", "live");
            }
        }
        dispatch(&window, "StatuslightStarterLive");
    });
}

/// The published view no longer holds: the app loads, and takes over with the feed as it
/// is now (or, if it cannot load, the page says since when its status is not refreshed).
fn no_longer_holds() {
    HOLDS.with(|h| h.set(false));
    load_app();
}

/// The published view in the page, if it has one this code reads.
fn published(document: &Document) -> Option<PublishedView> {
    document.get_element_by_id("sl-prerender")?;
    let text = document.get_element_by_id(ELEMENT_ID)?.text_content()?;
    let json = JSON::parse(&text).ok()?;
    let text = |name: &str| Reflect::get(&json, &name.into()).ok()?.as_string();
    let number = |name: &str| Reflect::get(&json, &name.into()).ok()?.as_f64();
    let sources = Reflect::get(&json, &"sources".into())
        .ok()?
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .map(|s| {
            let field = |name: &str| Reflect::get(&s, &name.into()).ok()?.as_string();
            Some(SummarySource {
                url: field("url")?,
                hash: field("hash")?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(PublishedView {
        version: text("version")?,
        at: number("at")? as i64,
        until: number("until").map(|u| u as i64),
        lang: text("lang")?,
        lang_configured: Reflect::get(&json, &"lang_configured".into())
            .ok()?
            .as_bool()?,
        days: number("days")? as u32,
        refresh_seconds: number("refresh_seconds")? as u32,
        timeout_seconds: number("timeout_seconds")? as u32,
        loading: text("loading")?,
        stale: text("stale")?,
        sources,
    })
}

/// A setting's value in the address and in the page's storage, where the app's
/// `src/ui/prefs.rs` reads it.
fn choice(window: &Window, name: &str) -> Choice {
    let query = window
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get(name));
    let stored = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&["statuslight.", name].concat()).ok().flatten());
    Choice { query, stored }
}

fn languages(window: &Window) -> Vec<String> {
    let nav = window.navigator();
    let mut tags: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    tags.extend(nav.language());
    tags
}

/// The theme asked for (`?theme=dark`, or remembered) on `<html data-theme>`, as the app
/// sets it: the HTML needs nothing else for it.
fn apply_theme(window: &Window, document: &Document) {
    let theme = choice(window, "theme").theme();
    if theme == Theme::System {
        return;
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-theme", theme.key());
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Fetch every source of the view at once and compare each with its fingerprint; a fetch
/// that takes longer than the configuration's timeout is given up, and the view with it.
async fn check() -> Result<(), NeedsApp> {
    let urls = source_urls();
    let timeout = VIEW.with(|v| v.borrow().as_ref().map_or(20, |v| v.timeout_seconds));
    let window = web_sys::window().ok_or(NeedsApp::Changed)?;
    let controller = web_sys::AbortController::new().map_err(|_| NeedsApp::Changed)?;
    let abort = {
        let controller = controller.clone();
        Closure::once_into_js(move || controller.abort())
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.unchecked_ref(),
            i32::try_from(timeout.saturating_mul(1000)).unwrap_or(i32::MAX),
        )
        .map_err(|_| NeedsApp::Changed)?;
    // Each fetch is awaited from the start (`JsFuture` takes its outcome at once), so one
    // aborted after an earlier one failed leaves no unhandled rejection.
    let pending: Vec<JsFuture> = urls
        .iter()
        .map(|url| JsFuture::from(fetch_uncached(&window, url, Some(&controller.signal()))))
        .collect();
    let mut outcome = Ok(());
    for (i, fetch) in pending.into_iter().enumerate() {
        let Some(bytes) = body(fetch).await else {
            outcome = Err(NeedsApp::Changed);
            break;
        };
        outcome = VIEW.with(|v| {
            v.borrow()
                .as_ref()
                .map_or(Err(NeedsApp::Changed), |v| v.matches(i, &bytes))
        });
        if outcome.is_err() {
            break;
        }
    }
    window.clear_timeout_with_handle(timer);
    outcome?;
    VIEW.with(|v| {
        v.borrow()
            .as_ref()
            .map_or(Err(NeedsApp::Changed), |v| v.holds_at(now_ms()))
    })
}

/// The addresses of the files the view was computed from, as the page names them.
fn source_urls() -> Vec<String> {
    VIEW.with(|v| {
        v.borrow()
            .as_ref()
            .map(|v| v.sources.iter().map(|s| s.url.clone()).collect())
            .unwrap_or_default()
    })
}

/// GET `url`, revalidated with the server (`cache: no-cache`) as the app fetches feeds.
fn fetch_uncached(window: &Window, url: &str, signal: Option<&web_sys::AbortSignal>) -> Promise {
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoCache);
    init.set_signal(signal);
    window.fetch_with_str_and_init(url, &init)
}

/// Take `promise`'s failure here, so that one nothing else awaits is not reported as an
/// unhandled rejection.
fn ignore_failure(promise: &Promise) {
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
    let _ = promise.catch(&ignore);
    ignore.forget();
}

/// The body of a fetch that succeeded, else `None`.
async fn body(fetch: JsFuture) -> Option<Vec<u8>> {
    let response: web_sys::Response = fetch.await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Check again at the configuration's refresh interval while the page is shown, when the
/// view expires, and when the page is shown again.
fn watch(window: &Window) {
    let (refresh, remaining) = VIEW.with(|v| {
        v.borrow().as_ref().map_or((60, None), |v| {
            (v.refresh_seconds.max(10), v.remaining_ms(now_ms()))
        })
    });
    let recheck = Listener::new(|_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden || LOADING.with(Cell::get) {
            return;
        }
        spawn_local(async {
            if check().await.is_err() {
                no_longer_holds();
            }
        });
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        recheck.as_ref().unchecked_ref(),
        i32::try_from(refresh.saturating_mul(1000)).unwrap_or(i32::MAX),
    );
    if let Some(ms) = remaining {
        // Timers take at most 2^31 - 1 ms (24.8 days); a longer wait ends in a check.
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            recheck.as_ref().unchecked_ref(),
            i32::try_from(ms.saturating_add(1)).unwrap_or(i32::MAX),
        );
    }
    // A tab shown again after a while checks at once, as the app refreshes then.
    if let Some(document) = window.document() {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", recheck.as_ref().unchecked_ref());
    }
    keep(recheck);
}

fn keep(closure: Listener) {
    KEPT.with(|k| k.borrow_mut().push(closure));
}

/// Listen for what needs the app: intent (a press, a key, focus) starts loading it, a
/// click or a choice is remembered to be done again, an incident link or address loads
/// it; and for its take-over.
fn listen(window: &Window, document: &Document) {
    let on = |target: &web_sys::EventTarget, name: &str, f: Listener| {
        let _ = target.add_event_listener_with_callback_and_bool(
            name,
            f.as_ref().unchecked_ref(),
            true,
        );
        keep(f);
    };
    for name in ["pointerdown", "keydown", "focusin"] {
        on(
            document,
            name,
            Closure::new(|ev: Event| {
                if interactive(&ev).is_some() {
                    load_app();
                }
            }),
        );
    }
    on(
        document,
        "click",
        Closure::new(|ev: Event| {
            let Some(el) = interactive(&ev) else {
                return;
            };
            if el.tag_name().eq_ignore_ascii_case("a") {
                // `#/incident/…` against `<base href>` would drop the page's query and
                // reload it: change the hash alone, as the app does; a click for a new tab
                // or window keeps the browser's behaviour.
                let plain = ev.dyn_ref::<web_sys::MouseEvent>().is_some_and(|m| {
                    !ev.default_prevented()
                        && m.button() == 0
                        && !(m.ctrl_key() || m.meta_key() || m.shift_key() || m.alt_key())
                });
                if !plain {
                    return;
                }
                if let Some(hash) = el.get_attribute("href") {
                    ev.prevent_default();
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_hash(&hash);
                    }
                }
            } else if el.tag_name().eq_ignore_ascii_case("button") {
                if let Some(key) = key_of(&el, "#sl-prerender") {
                    REPLAY.with(|r| *r.borrow_mut() = Some(Replay::Click(key)));
                }
            }
            load_app();
        }),
    );
    on(
        document,
        "change",
        Closure::new(|ev: Event| {
            let Some(el) = interactive(&ev) else {
                return;
            };
            if let (Some(select), Some(key)) = (
                el.dyn_ref::<web_sys::HtmlSelectElement>(),
                key_of(&el, "#sl-prerender"),
            ) {
                REPLAY.with(|r| *r.borrow_mut() = Some(Replay::Choose(key, select.value())));
            }
            load_app();
        }),
    );
    on(
        window,
        "hashchange",
        Closure::new(|_| {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            if needs_app_for_hash(&hash) {
                load_app();
            }
        }),
    );
    on(document, "statuslight-live", Closure::new(|_| taken_over()));
    // The app could not load its feed: the click kept for its take-over is forgotten.
    on(
        document,
        "statuslight-failed",
        Closure::new(|_| {
            REPLAY.with(|r| r.borrow_mut().take());
            busy(false);
        }),
    );
}

/// The control of the published view an event is about: a button, a select or an
/// incident link inside it.
fn interactive(ev: &Event) -> Option<Element> {
    let el: Element = ev.target()?.dyn_into().ok()?;
    let control = el.closest("button, select, a[href^='#/']").ok().flatten()?;
    control.closest("#sl-prerender").ok().flatten()?;
    Some(control)
}

/// A selector that finds `el`'s counterpart in the app's render: its `data-focus-key`, else
/// its tag and classes with its place among the elements under `root` that share them
/// (the two renders have the same elements and classes).
fn key_of(el: &Element, root: &str) -> Option<String> {
    if let Some(k) = el.get_attribute("data-focus-key") {
        return Some(["[data-focus-key=\"", &k.replace('"', ""), "\"]"].concat());
    }
    let mut selector = el.tag_name().to_ascii_lowercase();
    for class in el.class_name().split_whitespace() {
        selector.push('.');
        selector.push_str(class);
    }
    let document = el.owner_document()?;
    let all = document
        .query_selector_all(&[root, " ", &selector].concat())
        .ok()?;
    let place =
        (0..all.length()).find(|i| all.get(*i).is_some_and(|n| n.is_same_node(Some(el))))?;
    // The browser writes the number: `to_string` would bring Rust's formatting machinery.
    let place: String = js_sys::Number::from(place)
        .to_string_with_radix(10)
        .ok()?
        .into();
    Some([&selector, "\u{0}", &place].concat())
}

/// The element `key` ([`key_of`]) names under `root`.
fn find(document: &Document, root: &str, key: &str) -> Option<HtmlElement> {
    let el = match key.split_once('\u{0}') {
        None => document.query_selector(&[root, " ", key].concat()).ok()??,
        Some((selector, place)) => document
            .query_selector_all(&[root, " ", selector].concat())
            .ok()?
            .get(place.parse().ok()?)?
            .dyn_into()
            .ok()?,
    };
    el.dyn_into().ok()
}

/// The app has rendered, out of sight, and is about to take over: find the counterparts of
/// the focused element and of the pending action in its render, and once it has taken
/// over, focus the one and repeat the other.
fn taken_over() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let focused = document
        .active_element()
        .and_then(|el| key_of(&el, "#sl-prerender"))
        .and_then(|k| find(&document, "#sl-app", &k));
    let replay = REPLAY
        .with(|r| r.borrow_mut().take())
        .and_then(|r| match r {
            Replay::Click(key) => find(&document, "#sl-app", &key).map(|el| (el, None)),
            Replay::Choose(key, value) => {
                find(&document, "#sl-app", &key).map(|el| (el, Some(value)))
            }
        });
    busy(false);
    let later = Closure::once_into_js(move || {
        // The counterpart is where the published element was: focus it without scrolling.
        let focus = |el: &HtmlElement| {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
        };
        if let Some(el) = &focused {
            focus(el);
        }
        match replay {
            Some((el, None)) => {
                focus(&el);
                el.click();
            }
            Some((el, Some(value))) => {
                if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                    select.set_value(&value);
                    focus(&el);
                    let init = web_sys::EventInit::new();
                    init.set_bubbles(true);
                    if let Ok(ev) = Event::new_with_event_init_dict("change", &init) {
                        let _ = el.dispatch_event(&ev);
                    }
                }
            }
            None => {}
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0);
    }
}

fn dispatch(window: &Window, name: &str) {
    if let Ok(ev) = Event::new(name) {
        let _ = window.dispatch_event(&ev);
    }
}

/// Import the app and start it (once; again after a failure), as trunk's boot script
/// would: its `main` mounts it, and it takes over from the published view.
fn load_app() {
    if LOADING.with(|l| l.replace(true)) {
        return;
    }
    let Some((glue, wasm)) = APP.with(|a| {
        a.borrow()
            .as_ref()
            .map(|a| (a.glue.clone(), a.wasm.clone()))
    }) else {
        return;
    };
    // Said (a progress cursor, the page busy, "Loading…" to screen readers) only when the
    // visitor is waiting for it, after an interaction with a view that holds.
    let waiting = HOLDS.with(Cell::get);
    if waiting {
        busy(true);
    }
    hand_over();
    spawn_local(async move {
        if let Err(e) = import_app(&glue, &wasm).await {
            web_sys::console::error_2(&"statuslight: the app did not load:".into(), &e);
            LOADING.with(|l| l.set(false));
            busy(false);
            if !HOLDS.with(Cell::get) {
                stale();
            }
        }
    });
}

/// Ask again, uncached, for every file the view was checked against, now, for the app to
/// read when it starts (`handed_over` in `src/net.rs`): they download beside its wasm,
/// not after it (on slow 4G the configuration and the feed cost the app two round trips
/// of 0.56 s after its start). Each promise's outcome is taken here too, so one the app
/// never asks for leaves no unhandled rejection.
fn hand_over() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let map = js_sys::Map::new();
    for url in source_urls() {
        let Ok(absolute) = web_sys::Url::new_with_base(&url, &base) else {
            continue;
        };
        let fetched = fetch_uncached(&window, &absolute.href(), None);
        ignore_failure(&fetched);
        map.set(&JsValue::from_str(&absolute.href()), &fetched);
    }
    let _ = Reflect::set(&window, &"__statuslightHandover".into(), &map);
}

/// Say, or stop saying, that the app is loading for the visitor: a progress cursor
/// (`data-sl-loading`), `aria-busy` on the published view and the view's `loading` text
/// in a polite status region only screen readers show.
fn busy(on: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let root = document.document_element();
    let view = document.get_element_by_id("sl-prerender");
    let note = document.get_element_by_id("sl-starter-note");
    if !on {
        if let Some(r) = root {
            let _ = r.remove_attribute("data-sl-loading");
        }
        if let Some(v) = view {
            let _ = v.remove_attribute("aria-busy");
        }
        if let Some(n) = note {
            n.remove();
        }
        return;
    }
    if let Some(r) = root {
        let _ = r.set_attribute("data-sl-loading", "");
    }
    let Some(view) = view else {
        return;
    };
    let _ = view.set_attribute("aria-busy", "true");
    if note.is_none() {
        if let Ok(n) = document.create_element("p") {
            n.set_id("sl-starter-note");
            n.set_class_name("sl-visually-hidden");
            let _ = n.set_attribute("role", "status");
            n.set_text_content(
                VIEW.with(|v| v.borrow().as_ref().map(|v| v.loading.clone()))
                    .as_deref(),
            );
            let _ = view.before_with_node_1(&n);
        }
    }
}

/// The view no longer holds and the app did not load: the page stops saying it is live
/// and says, where the app says it, since when its status is not refreshed.
fn stale() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        if root.get_attribute("data-sl-app").as_deref() == Some("live") {
            let _ = root.remove_attribute("data-sl-app");
        }
    }
    if document.get_element_by_id("sl-starter-stale").is_some() {
        return;
    }
    let text = VIEW.with(|v| v.borrow().as_ref().map(|v| v.stale.clone()));
    let (Some(text), Some(updated)) = (
        text,
        document
            .query_selector("#sl-prerender .sl-updated")
            .ok()
            .flatten(),
    ) else {
        return;
    };
    let (Ok(notice), Ok(title)) = (document.create_element("div"), document.create_element("p"))
    else {
        return;
    };
    notice.set_id("sl-starter-stale");
    notice.set_class_name("sl-stale");
    let _ = notice.set_attribute("role", "alert");
    title.set_class_name("sl-stale__title");
    title.set_text_content(Some(&text));
    let _ = notice.append_child(&title);
    let _ = updated.after_with_node_1(&notice);
}

#[wasm_bindgen]
extern "C" {
    /// The `import()` expression.
    #[wasm_bindgen(js_name = import)]
    fn dynamic_import(url: &str) -> Promise;
}

async fn import_app(glue: &str, wasm: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    // The wasm is asked for beside the glue, not after it: one round trip less. (A
    // failure of either is the import's; the other's outcome is taken, not left unhandled.)
    let response = window.fetch_with_str(wasm);
    ignore_failure(&response);
    let module = JsFuture::from(dynamic_import(glue)).await?;
    let init: Function = Reflect::get(&module, &"default".into())?.dyn_into()?;
    let options = Object::new();
    Reflect::set(&options, &"module_or_path".into(), &response)?;
    let instance = JsFuture::from(Promise::resolve(&init.call1(&JsValue::NULL, &options)?)).await?;
    Reflect::set(&window, &"wasmBindings".into(), &module)?;
    let detail = Object::new();
    Reflect::set(&detail, &"wasm".into(), &instance)?;
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    let started = web_sys::CustomEvent::new_with_event_init_dict("TrunkApplicationStarted", &init)?;
    window.dispatch_event(&started)?;
    Ok(())
}
