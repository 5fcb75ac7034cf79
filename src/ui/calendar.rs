//! The uptime calendar: any past month of any component, like a wall calendar.

use leptos::prelude::*;
use statuslight_core::formats::shards;
use statuslight_core::present::{self, bucket_class};
use statuslight_core::uptime::{local_day_start, UptimeIndex};

use super::bars::{day_keydown, DayDetails};
use super::Loaded;

const KEY: &str = "calendar";

#[component]
pub fn Calendar(loaded: Loaded) -> impl IntoView {
    let lang = loaded.prefs.lang;
    // What the calendar shows: the chosen component and month, else the first component
    // that is not a group, in the month shown.
    let selection = Memo::new(move |_| {
        loaded.calendar.get().or_else(|| {
            let at = loaded.shown_at();
            let tz = loaded.settings().tz;
            loaded.feed.with(|f| present::calendar_default(f, at, tz))
        })
    });
    // Load the shards that hold the month.
    Effect::new(move |_| {
        let Some((_, year, month)) = selection.get() else {
            return;
        };
        let tz = loaded.settings().tz;
        let Some(first) = chrono::NaiveDate::from_ymd_opt(year, month, 1) else {
            return;
        };
        let from = local_day_start(tz, first);
        let to = from + chrono::TimeDelta::days(32);
        let wanted: Vec<(String, String)> = loaded.feed.with(|f| {
            shards::shards_covering(f, from, to)
                .into_iter()
                .map(|h| (h.month.clone(), h.url.clone()))
                .collect()
        });
        for (m, url) in wanted {
            loaded.load_month(m, url);
        }
    });
    let view_model = Memo::new(move |_| {
        let (id, year, month) = selection.get()?;
        let settings = loaded.settings();
        let at = loaded.shown_at();
        loaded.feed.with(|f| {
            let index = UptimeIndex::new(f, at);
            present::calendar(&index, f, &id, year, month, &settings)
        })
    });
    let options = loaded.component_options();
    view! {
        <section class="sl-section sl-calendar" aria-labelledby="sl-calendar-h">
            <h2 id="sl-calendar-h">{move || lang.get().messages().calendar}</h2>
            {move || view_model.get().map(|cal| {
                let m = lang.get().messages();
                let (prev, next) = (cal.prev, cal.next);
                let id = cal.component_id.clone();
                let (id1, id2) = (id.clone(), id.clone());
                view! {
                    <div class="sl-calendar__controls">
                        <label class="sl-select">
                            <span>{m.calendar_component}</span>
                            <select class="sl-calendar__component" on:change=move |ev| {
                                let chosen = event_target_value(&ev);
                                loaded.calendar.set(Some((chosen, cal.year, cal.month)));
                            }>
                                {options.get().into_iter().map(|(value, name)| {
                                    let selected = value == id;
                                    view! { <option value=value selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <div class="sl-calendar__nav">
                            <button type="button" class="sl-button sl-button--quiet sl-calendar__prev"
                                disabled=prev.is_none()
                                on:click=move |_| if let Some((y, mo)) = prev {
                                    loaded.calendar.set(Some((id1.clone(), y, mo)));
                                }>
                                <span aria-hidden="true">"‹"</span>
                                <span class="sl-visually-hidden">{m.prev_month}</span>
                            </button>
                            <p class="sl-calendar__title" aria-live="polite">{cal.title.clone()}" · "{cal.uptime.clone()}</p>
                            <button type="button" class="sl-button sl-button--quiet sl-calendar__next"
                                disabled=next.is_none()
                                on:click=move |_| if let Some((y, mo)) = next {
                                    loaded.calendar.set(Some((id2.clone(), y, mo)));
                                }>
                                <span aria-hidden="true">"›"</span>
                                <span class="sl-visually-hidden">{m.next_month}</span>
                            </button>
                        </div>
                    </div>
                    <table class="sl-calendar__grid">
                        <caption class="sl-visually-hidden">{format!("{} — {}", cal.component_name, cal.title)}</caption>
                        <thead><tr>{cal.weekdays.iter().map(|w| view! { <th scope="col">{w.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {cal.weeks.iter().map(|week| view! {
                                <tr>
                                    {week.iter().map(|cell| match cell {
                                        None => view! { <td></td> }.into_any(),
                                        Some(day) => {
                                            let date = day.date.clone();
                                            let (d1, d2) = (date.clone(), date.clone());
                                            view! {
                                                <td>
                                                    <button type="button"
                                                        class=format!("sl-calday sl-day--{}", bucket_class(day.bucket))
                                                        style:--sl-day=day.colour.clone()
                                                        data-date=date.clone()
                                                        data-focus-key=format!("cal:{date}")
                                                        aria-label=day.aria_label.clone()
                                                        on:focus=move |_| loaded.active_day.set(Some((KEY.to_string(), d1.clone())))
                                                        on:click=move |_| loaded.active_day.set(Some((KEY.to_string(), d2.clone())))
                                                        on:keydown=move |ev| day_keydown(ev, loaded)
                                                    >{day.day_of_month().to_string()}</button>
                                                </td>
                                            }.into_any()
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {move || loaded.active_day.get()
                        .filter(|(k, _)| k == KEY)
                        .and_then(|(_, date)| cal.weeks.iter().flatten().flatten().find(|c| c.date == date).cloned())
                        .map(|day| view! {
                            <div class="sl-calendar__detail" aria-live="polite">
                                <DayDetails detail=day.detail loaded=loaded />
                            </div>
                        })}
                }
            })}
        </section>
    }
}
