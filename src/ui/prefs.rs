//! The visitor's choices (language, time zone, theme, days shown): read from the URL
//! first, then from what they chose last time, then from defaults; remembered in
//! `localStorage`.

use leptos::prelude::*;
use statuslight_core::i18n::Lang;
use statuslight_core::present::published::Choice;
use statuslight_core::present::{self, Theme, ZoneChoice};
use statuslight_core::Zone;

const STORAGE_PREFIX: &str = "statuslight.";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A URL query parameter of the page.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

fn stored(name: &str) -> Option<String> {
    storage()?
        .get_item(&format!("{STORAGE_PREFIX}{name}"))
        .ok()
        .flatten()
}

/// Remember a choice; a browser that refuses storage just forgets it.
pub fn remember(name: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{STORAGE_PREFIX}{name}"), value);
    }
}

/// What the URL and the storage say for `name`, read by the core's rules
/// ([`Choice`]), which the release page's starter follows too.
fn chosen(name: &str) -> Choice {
    Choice {
        query: query_param(name),
        stored: stored(name),
    }
}

/// The browser's preferred languages, best first.
pub fn browser_languages() -> Vec<String> {
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

/// The viewer's IANA time zone, as the browser reports it. Asked once per page: every
/// view model wants it, and a new `Intl.DateTimeFormat` costs about a millisecond.
pub fn viewer_zone() -> Option<Zone> {
    thread_local! {
        static ZONE: std::cell::OnceCell<Option<Zone>> = const { std::cell::OnceCell::new() };
    }
    ZONE.with(|z| *z.get_or_init(browser_zone))
}

fn browser_zone() -> Option<Zone> {
    crate::zone::install();
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    let name = js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()?;
    present::parse_zone(&name)
}

/// The visitor's choices, as signals.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub zone: RwSignal<ZoneChoice>,
    pub theme: RwSignal<Theme>,
    pub days: RwSignal<u32>,
}

impl Prefs {
    /// Read the choices; `config_lang` and `default_days` come from the configuration.
    pub fn load(config_lang: Option<Lang>, default_days: u32) -> Prefs {
        let lang = chosen("lang").lang(config_lang, || {
            Lang::negotiate(browser_languages().iter().map(String::as_str))
        });
        let zone = chosen("tz").zone();
        let theme = chosen("theme").theme();
        let days = chosen("days").days(default_days);
        let prefs = Prefs {
            lang: RwSignal::new(lang),
            zone: RwSignal::new(zone),
            theme: RwSignal::new(theme),
            days: RwSignal::new(days),
        };
        prefs.apply_to_document();
        prefs
    }

    /// Keep `<html lang>` and `<html data-theme>` in step with the choices, and remember
    /// every change.
    fn apply_to_document(self) {
        let first = StoredValue::new(true);
        Effect::new(move |_| {
            let (lang, zone, theme, days) = (
                self.lang.get(),
                self.zone.get(),
                self.theme.get(),
                self.days.get(),
            );
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
                match theme {
                    Theme::System => {
                        let _ = root.remove_attribute("data-theme");
                    }
                    t => {
                        let _ = root.set_attribute("data-theme", t.key());
                    }
                }
            }
            // Only what the visitor changes is remembered, not what a link set.
            if !first.get_value() {
                remember("lang", lang.tag());
                remember("tz", zone.key());
                remember("theme", theme.key());
                remember("days", &days.to_string());
            }
            first.set_value(false);
        });
    }
}
