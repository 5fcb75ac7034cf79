//! Time zones in the browser. The wasm carries no zone database: the core asks
//! [`offset`], backed by the browser's `Intl.DateTimeFormat`, for the offsets of the zones
//! it shows, and remembers them (`statuslight_core::zone`). [`install`] registers it; the
//! app, the widget and the widget's summary module call it before any zone is read.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use js_sys::{Date, Intl::DateTimeFormat, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(locale, options)`. Called without `new` it still makes a
    /// formatter (ECMA-402); unlike js-sys's constructor this reports the `RangeError` an
    /// unknown zone throws instead of trapping.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn date_time_format(locale: &str, options: &Object) -> Result<DateTimeFormat, JsValue>;
}

thread_local! {
    /// One formatter per zone name; `None` for a name the browser does not know.
    static FORMATTERS: RefCell<HashMap<String, Option<DateTimeFormat>>> =
        RefCell::new(HashMap::new());
}

/// Register [`offset`] as the core's zone probe. Cheap; only the first call does anything.
pub fn install() {
    statuslight_core::zone::set_probe(offset);
}

/// A formatter writing the wall-clock time in `zone` as numbers, 00-23 hours.
fn formatter(zone: &str) -> Option<DateTimeFormat> {
    FORMATTERS.with(|cache| {
        cache
            .borrow_mut()
            .entry(zone.to_owned())
            .or_insert_with(|| {
                let options = Object::new();
                for (key, value) in [
                    ("timeZone", zone),
                    ("hourCycle", "h23"),
                    ("year", "numeric"),
                    ("month", "numeric"),
                    ("day", "numeric"),
                    ("hour", "numeric"),
                    ("minute", "numeric"),
                    ("second", "numeric"),
                ] {
                    Reflect::set(&options, &key.into(), &value.into()).ok()?;
                }
                date_time_format("en-US", &options).ok()
            })
            .clone()
    })
}

/// The offset east of UTC, in seconds, of the IANA zone `zone` at `utc_seconds`, as the
/// browser knows it: the wall-clock time there minus the instant. `None` when the browser
/// does not know the zone.
pub fn offset(zone: &str, utc_seconds: i64) -> Option<i32> {
    let parts = formatter(zone)?
        .format_to_parts(&Date::new(&JsValue::from_f64(utc_seconds as f64 * 1000.0)));
    // Year, month, day, hour, minute, second.
    let mut fields = [0u32; 6];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let i = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        fields[i] = Reflect::get(&part, &"value".into())
            .ok()?
            .as_string()?
            .parse()
            .ok()?;
    }
    let [year, month, day, hour, minute, second] = fields;
    let local = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    i32::try_from(local - utc_seconds).ok()
}
