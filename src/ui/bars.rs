//! Components with their status, uptime and daily bar. Every day is a button: focus,
//! hover or tap opens its details; arrow keys move between days.

use leptos::prelude::*;
use statuslight_core::i18n::fill;
use statuslight_core::present::{BarView, ComponentRow, DayDetail};
use wasm_bindgen::JsCast;

use super::Loaded;

/// Components and groups; groups fold. While `pending`, the rows come without their bars
/// (the page's first frame), and each keeps the room its bar will take.
#[component]
pub fn ComponentList(
    loaded: Loaded,
    rows: Vec<ComponentRow>,
    #[prop(optional)] pending: bool,
) -> impl IntoView {
    view! {
        <ul class="sl-components">
            {rows.into_iter().map(|row| view! { <ComponentItem loaded=loaded row=row pending=pending /> }).collect_view()}
        </ul>
    }
}

#[component]
fn ComponentItem(loaded: Loaded, row: ComponentRow, pending: bool) -> impl IntoView {
    let lang = loaded.prefs.lang;
    let has_children = !row.children.is_empty();
    let id = row.id.clone();
    let folded = {
        let id = id.clone();
        Signal::derive(move || loaded.collapsed.with(|c| c.contains(&id)))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            loaded.collapsed.update(|c| {
                if !c.remove(&id) {
                    c.insert(id.clone());
                }
            })
        }
    };
    let children_id = format!("sl-children-{id}");
    let name = row.name.clone();
    let name_view = if has_children {
        let name2 = name.clone();
        view! {
            <button
                type="button"
                class="sl-group-toggle"
                aria-expanded=move || (!folded.get()).to_string()
                aria-controls=children_id.clone()
                on:click=toggle
                title=move || {
                    let m = lang.get().messages();
                    fill(if folded.get() { m.expand } else { m.collapse }, &[("name", &name2)])
                }
            >
                <span class="sl-chevron" aria-hidden="true"></span>
                <span class="sl-component__name">{name.clone()}</span>
            </button>
        }
        .into_any()
    } else {
        view! { <span class="sl-component__name">{name.clone()}</span> }.into_any()
    };
    let children = row.children;
    view! {
        <li
            class=if has_children { "sl-component sl-component--group" } else { "sl-component" }
            data-component=id.clone()
        >
            <div class="sl-component__row">
                {name_view}
                <span class=format!("sl-status sl-status--{}", row.status_key)>
                    <span class="sl-icon" aria-hidden="true"></span>
                    {row.status_label}
                </span>
            </div>
            {row.description.map(|d| view! { <p class="sl-component__desc">{d}</p> })}
            {match row.bar {
                Some(bar) => view! { <Bar loaded=loaded bar=bar bar_key=id.clone() /> }.into_any(),
                None if pending => view! {
                    <div class="sl-bar-wrap" aria-hidden="true">
                        <div class="sl-bar-slot"></div>
                        <p class="sl-bar__legend">"\u{a0}"</p>
                    </div>
                }
                .into_any(),
                None => ().into_any(),
            }}
            {has_children.then(|| {
                view! {
                    <div id=format!("sl-children-{id}") hidden=folded>
                        <ComponentList loaded=loaded rows=children pending=pending />
                    </div>
                }
                .into_any()
            })}
        </li>
    }
}

/// The day button that `key` moves to from `current`: the previous or next day in a bar;
/// in the calendar, up and down move by a week.
fn move_focus(current: &web_sys::Element, key: &str) -> Option<web_sys::HtmlElement> {
    let container = current.closest(".sl-bar, .sl-calendar__grid").ok()??;
    let week: u32 = if container.class_list().contains("sl-calendar__grid") {
        7
    } else {
        1
    };
    let days = container.query_selector_all("button[data-date]").ok()?;
    let count = days.length();
    let i = (0..count).find(|&i| days.get(i).is_some_and(|n| n.is_same_node(Some(current))))?;
    let target = match key {
        "ArrowLeft" => i.checked_sub(1)?,
        "ArrowRight" => (i + 1 < count).then_some(i + 1)?,
        "ArrowUp" => i.checked_sub(week)?,
        "ArrowDown" => (i + week < count).then_some(i + week)?,
        "Home" => 0,
        "End" => count.checked_sub(1)?,
        _ => return None,
    };
    days.get(target)?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Arrow keys, Home and End move between day buttons; Escape closes the details.
pub fn day_keydown(ev: web_sys::KeyboardEvent, loaded: Loaded) {
    let key = ev.key();
    if key == "Escape" {
        loaded.active_day.set(None);
        return;
    }
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if let Some(next) = move_focus(&el, &key) {
        ev.prevent_default();
        let _ = next.focus();
    }
}

/// The date of the day button an event inside a bar came from.
fn day_of(ev: &web_sys::Event) -> Option<String> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("button[data-date]")
        .ok()??
        .get_attribute("data-date")
}

/// A component's daily bar with its uptime and the open day's details.
///
/// A bar has up to 365 day buttons and a page twenty bars, so the days are plain
/// buttons: the bar listens for them (focus, hover and click open a day's details, arrow
/// keys move), and one effect per bar moves the tab stop and the tooltip's
/// `aria-describedby` when the open day changes.
#[component]
pub fn Bar(loaded: Loaded, bar: BarView, bar_key: String) -> impl IntoView {
    let key = StoredValue::new(bar_key);
    let count = bar.days.len();
    let last = bar.days.last().map(|d| d.date.clone()).unwrap_or_default();
    let open = move || {
        loaded.active_day.with(|a| {
            a.as_ref()
                .filter(|(k, _)| key.with_value(|kk| kk == k))
                .map(|(_, d)| d.clone())
        })
    };
    let tooltip_id = key.with_value(|k| format!("sl-tip-{k}"));
    // The days as one string of HTML (one DOM call, not seven per day); the bar carries
    // the most common day colour, which its days inherit, and the other days get theirs
    // through the CSSOM once the bar exists (the policy forbids style attributes).
    let days_html = key.with_value(|k| bar.days_html(k, |_| None));
    let (common, own) = bar.colours().map_or_else(Default::default, |(c, own)| {
        let own: Vec<Option<String>> = own.into_iter().map(|o| o.map(str::to_string)).collect();
        (c.to_string(), own)
    });
    let details: Vec<(String, String, DayDetail)> = bar
        .days
        .into_iter()
        .map(|day| (day.date, day.x, day.detail))
        .collect();
    let details = StoredValue::new(details);
    let activate = move |ev: web_sys::Event| {
        let Some(date) = day_of(&ev) else {
            return;
        };
        let day = Some((key.get_value(), date));
        if loaded.active_day.with_untracked(|a| *a != day) {
            loaded.active_day.set(day);
        }
    };
    let bar_el = NodeRef::<leptos::html::Div>::new();
    // The days are the bar's children in `bar.days`' order. A rebuild in place may keep
    // the buttons (same markup), so each day's own colour is set or cleared every time.
    bar_el.on_load(move |el| {
        let mut day = el.first_element_child();
        for colour in own {
            let Some(button) = day else { break };
            if let Some(b) = button.dyn_ref::<web_sys::HtmlElement>() {
                let style = b.style();
                let _ = match colour {
                    Some(c) => style.set_property("--sl-day", &c),
                    None => style.remove_property("--sl-day").map(drop),
                };
            }
            day = button.next_element_sibling();
        }
    });
    {
        let (tooltip_id, last) = (tooltip_id.clone(), last.clone());
        Effect::new(move |was: Option<Option<String>>| {
            let now = open();
            let Some(el) = bar_el.get() else {
                return now;
            };
            let was = was.flatten();
            if was == now {
                return now;
            }
            let button = |date: &str| {
                el.query_selector(&format!("button[data-date=\"{date}\"]"))
                    .ok()
                    .flatten()
            };
            if let Some(b) = was.as_deref().and_then(button) {
                let _ = b.remove_attribute("aria-describedby");
                let _ = b.set_attribute("tabindex", "-1");
            }
            if let Some(b) = now.is_some().then(|| button(&last)).flatten() {
                let _ = b.set_attribute("tabindex", "-1");
            }
            if let Some(b) = button(now.as_deref().unwrap_or(&last)) {
                let _ = b.set_attribute("tabindex", "0");
                if now.is_some() {
                    let _ = b.set_attribute("aria-describedby", &tooltip_id);
                }
            }
            now
        });
    }
    view! {
        <div class="sl-bar-wrap" on:mouseleave=move |_| {
            let focused_inside = document()
                .active_element()
                .is_some_and(|e| e.closest(".sl-bar-wrap").ok().flatten().is_some());
            if !focused_inside && open().is_some() {
                loaded.active_day.set(None);
            }
        }>
            <div
                class="sl-bar"
                role="group"
                aria-label=bar.label.clone()
                data-days=count
                style:--sl-day=common
                inner_html=days_html
                node_ref=bar_el
                on:focusin=move |ev| activate(ev.into())
                on:mouseover=move |ev| activate(ev.into())
                on:click=move |ev| activate(ev.into())
                on:keydown=move |ev| day_keydown(ev, loaded)
            ></div>
            <p class="sl-bar__legend">
                <span class="sl-bar__uptime">{bar.uptime}</span>
            </p>
            {move || {
                open().and_then(|date| {
                    details.with_value(|all| {
                        all.iter()
                            .find(|(d, _, _)| *d == date)
                            .map(|(_, x, detail)| view! {
                                <div
                                    class="sl-tooltip"
                                    id=tooltip_id.clone()
                                    role="tooltip"
                                    style:--sl-x=x.clone()
                                >
                                    <DayDetails detail=detail.clone() loaded=loaded />
                                </div>
                            })
                    })
                })
            }}
        </div>
    }
}

/// What a day's tooltip says.
#[component]
pub fn DayDetails(detail: DayDetail, loaded: Loaded) -> impl IntoView {
    let m = loaded.prefs.lang.get_untracked().messages();
    view! {
        <p class="sl-tooltip__date"><strong>{detail.date}</strong></p>
        <p class="sl-tooltip__verdict">{detail.verdict}</p>
        {(!detail.rows.is_empty()).then(|| view! {
            <dl class="sl-tooltip__rows">
                {detail.rows.into_iter().map(|(label, value)| view! {
                    <dt>{label}</dt><dd>{value}</dd>
                }).collect_view()}
            </dl>
        })}
        {detail.uptime.map(|u| view! { <p class="sl-tooltip__uptime">{u}</p> })}
        {if detail.incidents.is_empty() {
            view! { <p class="sl-tooltip__none">{m.no_related}</p> }.into_any()
        } else {
            view! {
                <ul class="sl-tooltip__incidents">
                    {detail.incidents.into_iter().map(|(href, title)| view! {
                        <li><a href=href>{title}</a></li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {(!detail.maintenances.is_empty()).then(|| view! {
            <ul class="sl-tooltip__maintenance">
                {detail.maintenances.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
            </ul>
        })}
    }
}
