//! The few browser calls the widget needs beyond the page's: shadow roots, a constructed
//! style sheet shared by every widget, a resize observer and the banner's dismissals.

use std::cell::RefCell;
use std::collections::BTreeSet;

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The widget's CSS, applied inside each shadow root and nowhere else: `style/widget.css`
/// without its comments (written by `build.rs`).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

#[wasm_bindgen]
extern "C" {
    /// A constructable style sheet: adopted by shadow roots, never added to the host's
    /// `<head>`, and not an inline `<style>`, so a host's `style-src` need not allow it.
    #[wasm_bindgen(js_name = CSSStyleSheet)]
    #[derive(Clone)]
    pub type StyleSheet;
    #[wasm_bindgen(constructor, js_class = "CSSStyleSheet", catch)]
    fn new_sheet() -> Result<StyleSheet, JsValue>;
    #[wasm_bindgen(method, js_name = replaceSync, catch)]
    fn replace_sync(this: &StyleSheet, text: &str) -> Result<(), JsValue>;

    pub type ResizeObserver;
    #[wasm_bindgen(constructor, catch)]
    fn new_observer(callback: &Function) -> Result<ResizeObserver, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

thread_local! {
    static SHEET: RefCell<Option<StyleSheet>> = const { RefCell::new(None) };
    static DISMISSED: ArcRwSignal<BTreeSet<String>> = ArcRwSignal::new(stored_dismissals());
}

/// Adopt the widget's style sheet (built once, shared by every widget) into `root`.
pub fn adopt_css(root: &JsValue) -> Result<(), JsValue> {
    let sheet = SHEET.with_borrow_mut(|slot| -> Result<StyleSheet, JsValue> {
        if let Some(s) = slot {
            return Ok(s.clone());
        }
        let s = StyleSheet::new_sheet()?;
        s.replace_sync(CSS)?;
        *slot = Some(s.clone());
        Ok(s)
    })?;
    Reflect::set(root, &"adoptedStyleSheets".into(), &Array::of1(&sheet))?;
    Ok(())
}

/// Attach an open shadow root to `host` (or return the one it has).
pub fn shadow_root(host: &web_sys::Element) -> Result<JsValue, JsValue> {
    let existing = Reflect::get(host, &"shadowRoot".into())?;
    if !existing.is_null() && !existing.is_undefined() {
        return Ok(existing);
    }
    let init = Object::new();
    Reflect::set(&init, &"mode".into(), &"open".into())?;
    let attach: Function = Reflect::get(host, &"attachShadow".into())?.dyn_into()?;
    attach.call1(host, &init)
}

/// Watches an element's size for as long as it lives.
pub struct SizeWatch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Call `on_size` with `target`'s height in whole CSS pixels whenever it changes (and
/// once at first).
pub fn watch_height(
    target: &web_sys::Element,
    on_size: impl Fn(u32) + 'static,
) -> Result<SizeWatch, JsValue> {
    let el = target.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        let height = Reflect::get(&el, &"getBoundingClientRect".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&el).ok())
            .and_then(|rect| Reflect::get(&rect, &"height".into()).ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        on_size(height.ceil().max(0.0) as u32);
    });
    let observer = ResizeObserver::new_observer(callback.as_ref().unchecked_ref())?;
    observer.observe(target);
    Ok(SizeWatch {
        observer,
        _callback: callback,
    })
}

const DISMISS_KEY: &str = "statuslight-widget:dismissed";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_dismissals() -> BTreeSet<String> {
    storage()
        .and_then(|s| s.get_item(DISMISS_KEY).ok().flatten())
        .map(|v| {
            v.split('\n')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The banners dismissed on this origin (shared by every widget on the page).
pub fn dismissed() -> ArcRwSignal<BTreeSet<String>> {
    DISMISSED.with(Clone::clone)
}

/// Dismiss the banner for `key`, for every widget now and (storage permitting) later.
/// At most 20 keys are kept.
pub fn dismiss(key: &str) {
    let set = dismissed();
    set.update(|s| {
        s.insert(key.to_string());
        while s.len() > 20 {
            let first = s.iter().next().cloned();
            if let Some(f) = first {
                s.remove(&f);
            }
        }
    });
    if let Some(st) = storage() {
        let joined = set.with_untracked(|s| s.iter().cloned().collect::<Vec<_>>().join("\n"));
        let _ = st.set_item(DISMISS_KEY, &joined);
    }
}

/// `el.style.setProperty(name, value)`, ignoring failures.
pub fn set_style(el: &web_sys::Element, name: &str, value: &str) {
    let Ok(style) = Reflect::get(el, &"style".into()) else {
        return;
    };
    if let Ok(set) =
        Reflect::get(&style, &"setProperty".into()).and_then(|f| f.dyn_into::<Function>())
    {
        let _ = set.call2(&style, &name.into(), &value.into());
    }
}
