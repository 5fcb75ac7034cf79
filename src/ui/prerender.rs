//! The status the release build carries as plain HTML (`statuslight build --page`, see
//! `crates/cli/src/prerender.rs`): shown from the first paint until the app has a feed
//! of its own and has rendered it, out of sight in its hidden root ([`hold`]), in as
//! many tasks as it likes; then [`take_over`] swaps the two in one task, so nothing
//! flashes. `<html data-sl-app>` says which state the page is in: absent while only the
//! prerendered status shows, `live` once the app has taken over, `failed` when the feed
//! could not be loaded and the prerendered status stays under the app's error.

use chrono::{DateTime, Utc};
use leptos::prelude::document;

const ID: &str = "sl-prerender";
const STYLE_ID: &str = "sl-prerender-style";

/// The element the app mounts into: `#sl-app`, else the body.
pub fn app_root() -> web_sys::HtmlElement {
    document()
        .get_element_by_id("sl-app")
        .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok())
        .unwrap_or_else(|| document().body().expect("the page has a body"))
}

/// Whether the page still shows a prerendered status.
pub fn present() -> bool {
    document().get_element_by_id(ID).is_some()
}

/// When the prerendered status was published, if the page has one.
pub fn published() -> Option<DateTime<Utc>> {
    let at = document()
        .get_element_by_id(ID)?
        .get_attribute("data-published")?;
    statuslight_core::formats::rfc3339::parse(&at)
}

/// The app is about to render its feed: while the prerendered status shows, it does so
/// in its root hidden.
pub fn hold() {
    if present() {
        if let Some(root) = document().get_element_by_id("sl-app") {
            let _ = root.set_attribute("hidden", "");
        }
    }
}

/// The app has rendered its feed: remove the prerendered status and its style, and show
/// the app's root.
pub fn take_over() {
    // The release page's starter (crates/starter) moves focus and a pending click from the
    // published view to their counterparts here; both are still in the document.
    if let Ok(ev) = web_sys::Event::new("statuslight-live") {
        let _ = document().dispatch_event(&ev);
    }
    for id in [ID, STYLE_ID] {
        if let Some(el) = document().get_element_by_id(id) {
            el.remove();
        }
    }
    if let Some(root) = document().get_element_by_id("sl-app") {
        let _ = root.remove_attribute("hidden");
    }
    set_state("live");
}

/// Loading failed; the prerendered status, if any, stays under the error. The starter
/// forgets a click it was keeping for the take-over (`statuslight-failed`).
pub fn failed() {
    set_state("failed");
    if let Ok(ev) = web_sys::Event::new("statuslight-failed") {
        let _ = document().dispatch_event(&ev);
    }
}

fn set_state(state: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-sl-app", state);
    }
}
