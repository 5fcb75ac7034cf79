//! Reading a widget summary ([`statuslight_core::present::widget`]), and the feed
//! addresses of a configuration, from JSON with the browser's own `JSON.parse`: the widget's wasm then carries no JSON
//! parser and none of the core's readers. Anything that is not a summary of this version,
//! complete and of the right types, reads as `None`, and the widget computes its own.

use js_sys::{Array, Reflect, JSON};
use statuslight_core::present::widget::{
    SummaryComponent, SummaryIncident, SummarySource, SummaryView, WidgetSummary, SUMMARY_VERSION,
};
use wasm_bindgen::JsValue;

/// The summary in `bytes` (JSON), if it is one this widget can use.
pub fn parse(bytes: &[u8]) -> Option<WidgetSummary> {
    read(&json(bytes)?)
}

/// `JSON.parse` of `bytes` (UTF-8).
pub fn json(bytes: &[u8]) -> Option<JsValue> {
    JSON::parse(std::str::from_utf8(bytes).ok()?).ok()
}

/// The summary `v` (a parsed JSON value) holds.
pub fn read(v: &JsValue) -> Option<WidgetSummary> {
    let version = string(v, "version")?;
    if version != SUMMARY_VERSION {
        return None;
    }
    let summary = WidgetSummary {
        version,
        at: integer(&get(v, "at"))?,
        until: optional(v, "until", integer)?,
        refresh_seconds: u32::try_from(integer(&get(v, "refresh_seconds"))?).ok()?,
        language: optional(v, "language", JsValue::as_string)?,
        day_starts: list(v, "day_starts", integer)?,
        level: string(v, "level")?,
        colour: string(v, "colour")?,
        open: list(v, "open", JsValue::as_string)?,
        sources: list(v, "sources", |s| {
            Some(SummarySource {
                url: string(s, "url")?,
                hash: string(s, "hash")?,
            })
        })?,
        views: list(v, "views", view)?,
    };
    summary.is_consistent().then_some(summary)
}

/// The addresses of each feed the configuration `v` names, its URL then its mirrors, as
/// the core's configuration reader takes them (`"url"` or `{"url": …, "mirrors": […]}`),
/// so that a widget computing its own summary fetches them while the summary module
/// loads. The module reads the whole configuration again and says what is wrong with it;
/// `tests/web.rs` holds the two readers to the same addresses.
pub fn config_feeds(v: &JsValue) -> Option<Vec<Vec<String>>> {
    list(v, "feeds", |feed| {
        if let Some(url) = feed.as_string() {
            return Some(vec![url]);
        }
        let mut urls = vec![string(feed, "url")?];
        if !get(feed, "mirrors").is_undefined() {
            urls.extend(list(feed, "mirrors", JsValue::as_string)?);
        }
        Some(urls)
    })
}

/// The `error` an answer of the summary module carries, if it is one.
pub fn error(v: &JsValue) -> Option<String> {
    string(v, "error")
}

fn view(v: &JsValue) -> Option<SummaryView> {
    Some(SummaryView {
        lang: string(v, "lang")?,
        title: string(v, "title")?,
        headline: string(v, "headline")?,
        summary: optional(v, "summary", JsValue::as_string)?,
        as_of: optional(v, "as_of", pair)?,
        unknown: string(v, "unknown")?,
        components: list(v, "components", component)?,
        incidents: list(v, "incidents", incident)?,
    })
}

fn component(v: &JsValue) -> Option<SummaryComponent> {
    Some(SummaryComponent {
        id: string(v, "id")?,
        name: string(v, "name")?,
        top: get(v, "top").as_bool()?,
        status: string(v, "status")?,
        status_label: string(v, "status_label")?,
        colour: string(v, "colour")?,
        bar_label: string(v, "bar_label")?,
        uptimes: list(v, "uptimes", JsValue::as_string)?,
        days: list(v, "days", pair)?,
    })
}

fn incident(v: &JsValue) -> Option<SummaryIncident> {
    Some(SummaryIncident {
        title: string(v, "title")?,
        href: string(v, "href")?,
        impact: string(v, "impact")?,
        status_label: string(v, "status_label")?,
        latest: optional(v, "latest", JsValue::as_string)?,
    })
}

/// `["a", "b"]`.
fn pair(v: &JsValue) -> Option<(String, String)> {
    let pair = Array::is_array(v).then(|| Array::from(v))?;
    (pair.length() == 2).then_some(())?;
    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
}

fn get(v: &JsValue, key: &str) -> JsValue {
    if v.is_object() {
        Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

/// A whole number that JSON carries exactly.
fn integer(v: &JsValue) -> Option<i64> {
    let n = v.as_f64()?;
    (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0).then_some(n as i64)
}

/// `Some(None)` for a missing or null field, `Some(Some(x))` for one `read` takes, `None`
/// for anything else.
fn optional<T>(v: &JsValue, key: &str, read: impl Fn(&JsValue) -> Option<T>) -> Option<Option<T>> {
    let field = get(v, key);
    if field.is_null() || field.is_undefined() {
        Some(None)
    } else {
        read(&field).map(Some)
    }
}

/// A list whose every item `read` takes.
fn list<T>(v: &JsValue, key: &str, read: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    let field = get(v, key);
    if !Array::is_array(&field) {
        return None;
    }
    Array::from(&field).iter().map(|item| read(&item)).collect()
}
