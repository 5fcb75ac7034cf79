//! The loaded status page: header and controls, banner, active incidents, components
//! with their bars, maintenance, calendar, history and the uptime formula; or an
//! incident's detail when the hash route names one.

use std::time::Duration;

use leptos::prelude::*;
use statuslight_core::i18n::{fill, Lang};
use statuslight_core::present::{self, BannerView, PageView, ZoneChoice};
use statuslight_core::uptime::UptimeIndex;

use super::bars::ComponentList;
use super::calendar::Calendar;
use super::detail::IncidentDetail;
use super::history::History;
use super::prefs;
use super::{after_paint, Loaded};
use statuslight_core::present::Theme;

/// The page for a loaded feed.
#[component]
pub fn StatusPage(loaded: Loaded) -> impl IntoView {
    // Shards needed for the days the bars show are loaded as soon as the page is.
    Effect::new(move |_| {
        let days = loaded.prefs.days.get();
        let at = loaded.shown_at();
        let from = at - chrono::TimeDelta::days(i64::from(days) + 1);
        let wanted: Vec<(String, String)> = loaded.feed.with(|f| {
            statuslight_core::formats::shards::shards_covering(f, from, at)
                .into_iter()
                .map(|h| (h.month.clone(), h.url.clone()))
                .collect()
        });
        for (month, url) in wanted {
            loaded.load_month(month, url);
        }
    });
    // The first frame shows the status, the component rows and the newest months of
    // history; the bars (a few thousand day buttons) follow once it is painted, then the
    // rest of the history. Under a prerendered status nothing of this is seen until the
    // take-over, so the first stage already has the bars (the page's view computed and
    // rendered once, not twice: 40 ms less work on the demo page) and the rest of the
    // history follows in a task of its own, without waiting for a frame (a tab loading
    // in the background takes over without waiting to be shown).
    let out_of_sight = super::prerender::present();
    let shown = RwSignal::new(if out_of_sight {
        Shown::Bars
    } else {
        Shown::First
    });
    if out_of_sight {
        set_timeout(move || shown.set(Shown::All), Duration::ZERO);
    } else {
        after_paint(move || {
            shown.set(Shown::Bars);
            after_paint(move || shown.set(Shown::All));
        });
    }
    let shown = shown.read_only();
    let bars = Memo::new(move |_| shown.get() >= Shown::Bars);
    // The page's view reads only the part of the feed its bars' window needs, so that a
    // month of older history merged into the feed recomputes and re-renders nothing here.
    let window = Memo::new(move |_| {
        let mut settings = loaded.settings();
        if !bars.get() {
            settings.window_days = 0;
        }
        let at = loaded.shown_at();
        let feed = loaded.feed.with(|f| present::window_feed(f, at, &settings));
        (settings, at, feed)
    });
    let page = Memo::new(move |_| {
        window.with(|(settings, at, f)| {
            let index = UptimeIndex::new(f, *at);
            present::page_view(f, &index, settings)
        })
    });
    keep_focus_across_updates(page);
    keep_hash_links_in_page();
    // Once all of it is rendered (out of sight while a prerendered status shows) and the
    // shards its bars and calendar asked for have arrived or failed (the published status
    // shows them merged), take over from that status, once, in this task: effects run
    // before the next paint.
    let taken = StoredValue::new(false);
    Effect::new(move |_| {
        let settled = loaded.months_loading.with(|l| l.is_empty());
        if shown.get() == Shown::All && settled && !taken.get_value() {
            taken.set_value(true);
            super::prerender::take_over();
        }
    });
    view! {
        <div class="sl-page">
            <a class="sl-skip" href="#sl-main">{move || loaded.prefs.lang.get().messages().skip_to_content}</a>
            <Header loaded=loaded page=page />
            <main id="sl-main" tabindex="-1">
                {move || match loaded.route.get() {
                    Some(id) => view! { <IncidentDetail loaded=loaded id=id /> }.into_any(),
                    None => view! { <Overview loaded=loaded page=page shown=shown /> }.into_any(),
                }}
            </main>
            <Footer loaded=loaded />
        </div>
    }
}

/// How much of the page is shown, in the order it appears after the feed arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shown {
    /// The first frame: status, component rows (room kept for their bars), calendar and
    /// the newest months of history.
    First,
    /// Then the bars.
    Bars,
    /// Then the rest of the history.
    All,
}

/// Links such as `#/incident/<id>` are resolved against `<base href>`, which drops the
/// page's query (`?lang=en`) and reloads it. Follow them in place instead, by changing
/// only the hash; modified clicks (new tab, new window) keep the browser's behaviour.
fn keep_hash_links_in_page() {
    let listener = window_event_listener(leptos::ev::click, move |ev| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let anchor = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("a[href^='#/']").ok().flatten());
        if let Some(hash) = anchor.and_then(|a| a.get_attribute("href")) {
            ev.prevent_default();
            let _ = window().location().set_hash(&hash);
        }
    });
    on_cleanup(move || listener.remove());
}

/// When a refresh re-renders the part of the page that had focus, put focus back on the
/// element with the same `data-focus-key` (a day of a bar, say), so keyboard users keep
/// their place.
fn keep_focus_across_updates(page: Memo<PageView>) {
    let last_key = StoredValue::new(None::<String>);
    let listener = window_event_listener(leptos::ev::focusin, move |ev| {
        let key = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.get_attribute("data-focus-key"));
        last_key.set_value(key);
    });
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        page.track();
        let Some(key) = last_key.get_value() else {
            return;
        };
        let lost = document()
            .active_element()
            .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
        if !lost {
            return;
        }
        let selector = format!("[data-focus-key=\"{}\"]", key.replace('"', ""));
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}

#[component]
fn Header(loaded: Loaded, page: Memo<PageView>) -> impl IntoView {
    let lang = loaded.prefs.lang;
    let updated = move || {
        let m = lang.get().messages();
        present::updated_label(loaded.fetched_at.get(), loaded.now.get(), m)
    };
    view! {
        <header class="sl-header">
            <div class="sl-brand">
                {loaded.config.with_value(|c| c.logo.clone()).map(|src| view! {
                    <img class="sl-logo" src=src alt="" width="32" height="32" />
                })}
                <h1 class="sl-title">
                    {move || {
                        let title = loaded.config.with_value(|c| c.title.clone());
                        match title {
                            Some(t) => t.get(lang.get().tag()).to_string(),
                            None => page.with(|p| p.title.clone()),
                        }
                    }}
                </h1>
            </div>
            <Controls loaded=loaded />
        </header>
        {move || page.with(|p| p.notice.clone()).map(|n| view! { <p class="sl-notice">{n}</p> })}
        {move || {
            let m = lang.get().messages();
            page.with(|p| p.as_of.clone()).map(|t| view! {
                <p class="sl-asof">{m.as_of}" "<time>{t}</time></p>
            })
        }}
        {move || {
            let m = lang.get().messages();
            match loaded.stale.get() {
                // The feed could not be refreshed: say since when, and why, above the
                // last status received.
                Some(error) => view! {
                    <div class="sl-stale" role="alert">
                        <p class="sl-stale__title">
                            {present::stale_label(loaded.fetched_at.get(), loaded.settings().tz, m)}
                        </p>
                        <p class="sl-stale__detail"><code>{error}</code></p>
                    </div>
                }
                .into_any(),
                None => view! {
                    <p class="sl-updated">
                        {updated()}
                        {loaded.mirror.get().map(|u| format!(" · {}", fill(m.served_by_mirror, &[("url", &u)])))}
                    </p>
                }
                .into_any(),
            }
        }}
    }
}

/// Language, time zone and theme switches.
#[component]
fn Controls(loaded: Loaded) -> impl IntoView {
    let prefs = loaded.prefs;
    let lang = prefs.lang;
    let page_tz = loaded.page_zone();
    let viewer = prefs::viewer_zone();
    view! {
        <div class="sl-controls">
            <div class="sl-langs" role="group" aria-label=move || lang.get().messages().language>
                {Lang::ALL
                    .iter()
                    .map(|&l| view! {
                        <button
                            type="button"
                            class="sl-lang"
                            lang=l.tag()
                            aria-pressed=move || (lang.get() == l).to_string()
                            on:click=move |_| lang.set(l)
                        >
                            {l.messages().language_name}
                        </button>
                    })
                    .collect_view()}
            </div>
            <label class="sl-select">
                <span>{move || lang.get().messages().zone}</span>
                <select
                    class="sl-zone-select"
                    on:change=move |ev| {
                        if let Some(z) = ZoneChoice::from_key(&event_target_value(&ev)) {
                            prefs.zone.set(z);
                        }
                    }
                >
                    {move || {
                        let m = lang.get().messages();
                        ZoneChoice::ALL
                            .iter()
                            .map(|&z| view! {
                                <option value=z.key() selected=move || prefs.zone.get() == z>
                                    {z.label(page_tz, viewer, m)}
                                </option>
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label class="sl-select">
                <span>{move || lang.get().messages().theme}</span>
                <select
                    class="sl-theme-select"
                    on:change=move |ev| {
                        if let Some(t) = Theme::from_key(&event_target_value(&ev)) {
                            prefs.theme.set(t);
                        }
                    }
                >
                    {move || {
                        let m = lang.get().messages();
                        Theme::ALL
                            .iter()
                            .map(|&t| {
                                let label = match t {
                                    Theme::System => m.theme_system,
                                    Theme::Light => m.theme_light,
                                    Theme::Dark => m.theme_dark,
                                };
                                view! {
                                    <option value=t.key() selected=move || prefs.theme.get() == t>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </div>
    }
}

/// The main view: everything but an incident's detail.
#[component]
fn Overview(loaded: Loaded, page: Memo<PageView>, shown: ReadSignal<Shown>) -> impl IntoView {
    let lang = loaded.prefs.lang;
    // The bars are rebuilt only when they change, not whenever anything on the page does.
    let rows = Memo::new(move |_| page.with(|p| p.components.clone()));
    view! {
        {move || view! { <Banner banner=page.with(|p| p.banner.clone()) /> }}
        {move || {
            let m = lang.get().messages();
            let active = page.with(|p| p.active.clone());
            (!active.is_empty()).then(|| view! {
                <section class="sl-section sl-active" aria-labelledby="sl-active-h">
                    <h2 id="sl-active-h">{m.active_incidents}</h2>
                    <ul class="sl-active__list">
                        {active.into_iter().map(|a| view! {
                            <li class=format!("sl-active__item sl-impact-edge--{}", a.impact_key)>
                                <a class="sl-active__title" href=a.href>{a.title}</a>
                                <span class="sl-active__status">{a.status_label}</span>
                                {a.latest.map(|u| view! {
                                    <p class="sl-active__latest">
                                        <time datetime=u.at_iso>{u.at}</time>" — "{u.body.clone()}
                                    </p>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
        {move || {
            let m = lang.get().messages();
            let (active, upcoming) = page.with(|p| (p.maintenance_active.clone(), p.maintenance_upcoming.clone()));
            (!active.is_empty() || !upcoming.is_empty()).then(|| view! {
                <section class="sl-section sl-maintenance" aria-labelledby="sl-maint-h">
                    <h2 id="sl-maint-h">{m.maintenance}</h2>
                    {[(m.maintenance_active, active), (m.maintenance_upcoming, upcoming)]
                        .into_iter()
                        .filter(|(_, list)| !list.is_empty())
                        .map(|(heading, list)| view! {
                            <h3>{heading}</h3>
                            <ul class="sl-maintenance__list">
                                {list.into_iter().map(|mt| view! {
                                    <li class="sl-maintenance__item">
                                        <p class="sl-maintenance__title">{mt.title}" "<span class="sl-maintenance__status">{mt.status_label}</span></p>
                                        <p class="sl-maintenance__window">{mt.window}</p>
                                        {(!mt.components.is_empty()).then(|| view! {
                                            <p class="sl-maintenance__components">{m.affected}": "{mt.components.join(m.list_separator)}</p>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })
                        .collect_view()}
                </section>
            })
        }}
        <section class="sl-section" aria-labelledby="sl-components-h">
            <div class="sl-section__head">
                <h2 id="sl-components-h">{move || lang.get().messages().components}</h2>
                <WindowSwitch loaded=loaded />
            </div>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    view! { <p class="sl-empty">{lang.get().messages().no_components}</p> }.into_any()
                } else {
                    let pending = shown.get_untracked() == Shown::First;
                    view! { <ComponentList loaded=loaded rows=rows pending=pending /> }.into_any()
                }
            }}
            <details class="sl-formula">
                <summary>{move || lang.get().messages().formula_title}</summary>
                {move || page.with(|p| p.formula.clone()).into_iter().map(|para| view! { <p>{para}</p> }).collect_view()}
            </details>
        </section>
        <Calendar loaded=loaded />
        <History loaded=loaded shown=shown />
    }
}

/// 30, 90 or 365 days.
#[component]
fn WindowSwitch(loaded: Loaded) -> impl IntoView {
    let days = loaded.prefs.days;
    let lang = loaded.prefs.lang;
    view! {
        <div class="sl-window" role="group" aria-label=move || lang.get().messages().window_switch>
            {[30u32, 90, 365]
                .into_iter()
                .map(|d| view! {
                    <button
                        type="button"
                        class="sl-window__button"
                        data-days=d
                        aria-pressed=move || (days.get() == d).to_string()
                        on:click=move |_| days.set(d)
                    >
                        {move || fill(lang.get().messages().window_days, &[("n", &d.to_string())])}
                    </button>
                })
                .collect_view()}
        </div>
    }
}

/// The overall status.
#[component]
pub fn Banner(banner: BannerView) -> impl IntoView {
    view! {
        <section class=format!("sl-banner sl-banner--{}", banner.level_key) role="status">
            <span class="sl-icon" aria-hidden="true"></span>
            <div>
                <p class="sl-banner__headline">{banner.headline}</p>
                {banner.summary.map(|s| view! { <p class="sl-banner__summary">{s}</p> })}
            </div>
        </section>
    }
}

#[component]
fn Footer(loaded: Loaded) -> impl IntoView {
    let lang = loaded.prefs.lang;
    let atom = loaded.config.with_value(|c| c.atom.clone());
    let fallback = loaded.config.with_value(|c| c.fallback.clone());
    view! {
        <footer class="sl-footer">
            {atom.map(|href| view! {
                <a class="sl-atom" href=href type="application/atom+xml">
                    {move || lang.get().messages().atom_link}
                </a>
            })}
            {(!fallback.is_empty()).then(|| view! {
                <p class="sl-fallback">
                    {move || lang.get().messages().fallback_channels}": "
                    {fallback
                        .into_iter()
                        .map(|f| view! {
                            <a href=f.url.clone() rel="noopener noreferrer">
                                {move || f.label.get(lang.get().tag()).to_string()}
                            </a>
                            " "
                        })
                        .collect_view()}
                </p>
            })}
        </footer>
    }
}
