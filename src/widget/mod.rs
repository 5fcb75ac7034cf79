//! The embeddable widget: a status page's status on anyone's page.
//!
//! Three ways in, one renderer: the `<statuslight-widget>` custom element
//! (`public/embed.js` imports this crate's `statuslight-embed` build once and calls
//! [`mount`] for each element's shadow root), the `embed.html` iframe ([`start_frame`],
//! options in the query string, height reported to the parent by `postMessage`), and
//! at size `badge` the same flat badge the CLI writes to `badges/*.svg`.
//!
//! Isolation: every widget renders inside a shadow root whose only style is the shared
//! constructed sheet of `style/widget.css` (`:host { all: initial !important }`), so
//! the host's CSS cannot reach in and the widget's cannot leak out. Nothing here writes
//! to the host's `<head>`, `<body>`, history or global listeners.
//!
//! Data: [`source`] keeps one loader per status page, so all widgets of a host page share
//! its fetches. It reads the summary `statuslight build` publishes beside the page's
//! configuration ([`statuslight_core::present::widget`]) when that still describes the
//! feeds, else computes it (with the summary module, in a release build). [`model`] picks
//! what a widget shows from the summary, natively tested.

pub mod dom;
pub mod model;
pub mod options;
pub mod source;
pub mod summary;
mod view;

use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

pub use options::{Options, Size, WidgetTheme};
pub use view::Widget;

use crate::net;

/// A mounted widget; dropping it unmounts the widget and stops watching its size.
pub struct WidgetHandle {
    _mount: Box<dyn std::any::Any>,
    _watch: Option<dom::SizeWatch>,
    container: web_sys::HtmlElement,
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// Mount a widget into `root` (a shadow root, or any node) with its options as a query
/// string (`size=compact&components=messaging,calls`). The widget's CSS is adopted by
/// `root`; a previous widget in `root` must have been dropped first.
pub fn mount(root: &JsValue, params: &str) -> Result<WidgetHandle, JsValue> {
    dom::adopt_css(root)?;
    let root: web_sys::Node = root.clone().dyn_into()?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let container: web_sys::HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("sl-w-root");
    root.append_child(&container)?;
    let options = Options::from_pairs(
        options::parse_query(params)
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let config_url = net::resolve_url(&options.config_url(), "");
    let state = source::source(&config_url);
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <Widget options=options state=state /> }
    });
    Ok(WidgetHandle {
        _mount: Box::new(handle),
        _watch: None,
        container,
    })
}

/// In `embed.html` (the iframe), render the widget the query string asks for into
/// `#statuslight-frame` and tell the parent its height whenever it changes:
/// `postMessage({type: 'statuslight:height', height}, '*')`. Anywhere else (a host page
/// that imported the module) it does nothing.
pub fn start_frame() -> Result<(), JsValue> {
    let Some(window) = web_sys::window() else {
        return Ok(());
    };
    let Some(document) = window.document() else {
        return Ok(());
    };
    let Some(host) = document.get_element_by_id("statuslight-frame") else {
        return Ok(());
    };
    // The frame's own page: no margin, no background (the widget draws its own unless
    // `transparent`), set through the CSSOM so a strict `style-src` allows it.
    for el in [document.document_element(), document.body().map(Into::into)]
        .into_iter()
        .flatten()
    {
        dom::set_style(&el, "margin", "0");
        dom::set_style(&el, "padding", "0");
        dom::set_style(&el, "background", "transparent");
    }
    let search = window.location().search().unwrap_or_default();
    let root = dom::shadow_root(&host)?;
    let mut handle = mount(&root, search.trim_start_matches('?'))?;
    let parent = window.parent().ok().flatten();
    let watch = dom::watch_height(&handle.container, move |height| {
        let Some(parent) = &parent else { return };
        let message = Object::new();
        let _ = Reflect::set(&message, &"type".into(), &"statuslight:height".into());
        let _ = Reflect::set(&message, &"height".into(), &JsValue::from(height));
        let _ = parent.post_message(&message, "*");
    })?;
    handle._watch = Some(watch);
    // The frame's widget lives as long as the frame.
    std::mem::forget(handle);
    Ok(())
}
