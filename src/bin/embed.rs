//! The embeddable widget's build (`embed.html`, `embed.js`): the same library as the
//! page, exporting [`mount`] for the `<statuslight-widget>` custom element. In
//! `embed.html` itself, `main` renders the iframe widget.

use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    if let Err(e) = statuslight::widget::start_frame() {
        leptos::logging::error!("statuslight widget: {e:?}");
    }
}

/// A mounted widget, for `embed.js`: `free()` it to unmount.
#[wasm_bindgen]
pub struct Mounted(#[allow(dead_code)] statuslight::widget::WidgetHandle);

/// Render a widget into `root` (the element's shadow root) with `params`, its attributes
/// as a query string.
#[wasm_bindgen]
pub fn mount(root: JsValue, params: &str) -> Result<Mounted, JsValue> {
    statuslight::widget::mount(&root, params).map(Mounted)
}
