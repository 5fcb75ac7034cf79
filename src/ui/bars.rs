//! Components with their status, uptime and daily bar. Every day is a button: focus,
//! hover or tap opens its details; arrow keys move between days.

use leptos::prelude::*;
use statuslight_core::i18n::fill;
use statuslight_core::present::{bucket_class, BarView, ComponentRow, DayCell, DayDetail};
use wasm_bindgen::JsCast;

use super::Loaded;

/// Components and groups; groups fold.
#[component]
pub fn ComponentList(loaded: Loaded, rows: Vec<ComponentRow>) -> impl IntoView {
    view! {
        <ul class="sl-components">
            {rows.into_iter().map(|row| view! { <ComponentItem loaded=loaded row=row /> }).collect_view()}
        </ul>
    }
}

#[component]
fn ComponentItem(loaded: Loaded, row: ComponentRow) -> impl IntoView {
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
            {row.bar.map(|bar| view! { <Bar loaded=loaded bar=bar bar_key=id.clone() /> })}
            {has_children.then(|| {
                view! {
                    <div id=format!("sl-children-{id}") hidden=folded>
                        <ComponentList loaded=loaded rows=children />
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

/// A component's daily bar with its uptime and the open day's details.
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
    let details: Vec<(String, String, DayDetail)> = bar
        .days
        .iter()
        .map(|d| (d.date.clone(), d.x.clone(), d.detail.clone()))
        .collect();
    let details = StoredValue::new(details);
    let tooltip_id = key.with_value(|k| format!("sl-tip-{k}"));
    let tooltip_id2 = tooltip_id.clone();
    view! {
        <div class="sl-bar-wrap" on:mouseleave=move |_| {
            let focused_inside = document()
                .active_element()
                .is_some_and(|e| e.closest(".sl-bar-wrap").ok().flatten().is_some());
            if !focused_inside && open().is_some() {
                loaded.active_day.set(None);
            }
        }>
            <div class="sl-bar" role="group" aria-label=bar.label.clone() data-days=count>
                {bar
                    .days
                    .into_iter()
                    .map(|day| {
                        let is_last = day.date == last;
                        view! {
                            <DayButton
                                loaded=loaded
                                day=day
                                bar_key=key.get_value()
                                default_tab=is_last
                                tooltip_id=tooltip_id.clone()
                            />
                        }
                    })
                    .collect_view()}
            </div>
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
                                    id=tooltip_id2.clone()
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

#[component]
fn DayButton(
    loaded: Loaded,
    day: DayCell,
    bar_key: String,
    default_tab: bool,
    tooltip_id: String,
) -> impl IntoView {
    let date = day.date.clone();
    let key = bar_key.clone();
    let is_active = {
        let (key, date) = (key.clone(), date.clone());
        move || {
            loaded
                .active_day
                .with(|a| a.as_ref().is_some_and(|(k, d)| *k == key && *d == date))
        }
    };
    let bar_has_active = {
        let key = key.clone();
        move || {
            loaded
                .active_day
                .with(|a| a.as_ref().is_some_and(|(k, _)| *k == key))
        }
    };
    let activate = {
        let (key, date) = (key.clone(), date.clone());
        move || loaded.active_day.set(Some((key.clone(), date.clone())))
    };
    let (a1, a2, a3) = (activate.clone(), activate.clone(), activate);
    let is_active2 = is_active.clone();
    view! {
        <button
            type="button"
            class=format!("sl-day sl-day--{}", bucket_class(day.bucket))
            style:--sl-day=day.colour.clone()
            data-date=date.clone()
            data-focus-key=format!("day:{bar_key}:{date}")
            aria-label=day.aria_label
            aria-describedby=move || is_active().then(|| tooltip_id.clone())
            tabindex=move || {
                if is_active2() || (!bar_has_active() && default_tab) { "0" } else { "-1" }
            }
            on:focus=move |_| a1()
            on:mouseenter=move |_| a2()
            on:click=move |_| a3()
            on:keydown=move |ev| day_keydown(ev, loaded)
        ></button>
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
