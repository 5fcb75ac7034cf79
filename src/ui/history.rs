//! Incident history by month, newest first; older months load on demand from the
//! sharded feed; filterable by component and impact.

use std::sync::Arc;

use leptos::prelude::*;
use statuslight_core::i18n::fill;
use statuslight_core::present::{self, HistoryCache, HistoryFilter, IncidentSummary, MonthGroup};

use super::page::Shown;
use super::Loaded;

/// Months in the page's first frame; the others follow once it is painted.
const FIRST_MONTHS: usize = 1;

#[component]
pub fn History(loaded: Loaded, shown: ReadSignal<Shown>) -> impl IntoView {
    let lang = loaded.prefs.lang;
    // Each month's view model is kept between runs: loading one more month formats only
    // that month, and the keyed list below adds only its DOM.
    let cache = StoredValue::new(HistoryCache::new());
    let limit = Memo::new(move |_| {
        if shown.get() == Shown::All {
            usize::MAX
        } else {
            FIRST_MONTHS
        }
    });
    let months = Memo::new(move |_| {
        let settings = loaded.settings();
        let at = loaded.shown_at();
        let filter = loaded.filter.get();
        let done = loaded.months_loaded.get();
        let limit = limit.get();
        loaded.feed.with(|f| {
            cache
                .try_update_value(|c| c.months(f, at, &settings, &filter, &done, limit))
                .unwrap_or_default()
        })
    });
    let components = loaded.component_options();
    let set_component = move |ev| {
        let v = event_target_value(&ev);
        loaded
            .filter
            .update(|f| f.component = (!v.is_empty()).then_some(v));
    };
    let set_impact = move |ev| {
        let v = event_target_value(&ev);
        loaded
            .filter
            .update(|f| f.impact = (!v.is_empty()).then_some(v));
    };
    view! {
        <section class="sl-section sl-history" aria-labelledby="sl-history-h">
            <h2 id="sl-history-h">{move || lang.get().messages().history}</h2>
            {move || {
                let m = lang.get().messages();
                let HistoryFilter { component, impact } = loaded.filter.get();
                view! {
                    <div class="sl-history__filters">
                        <label class="sl-select">
                            <span>{m.filter_component}</span>
                            <select class="sl-filter-component" on:change=set_component>
                                <option value="" selected=component.is_none()>{m.filter_all}</option>
                                {components.get().into_iter().map(|(id, name)| {
                                    let selected = component.as_deref() == Some(id.as_str());
                                    view! { <option value=id selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="sl-select">
                            <span>{m.filter_impact}</span>
                            <select class="sl-filter-impact" on:change=set_impact>
                                <option value="" selected=impact.is_none()>{m.filter_all}</option>
                                {present::IMPACT_FILTERS.into_iter().map(|key| {
                                    let label = present::impact_label(&statuslight_core::Impact::from_wire(key), m);
                                    view! { <option value=key selected=impact.as_deref() == Some(key)>{label}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                }
            }}
            {move || months.with(|g| g.is_empty()).then(|| view! {
                <p class="sl-empty">{move || lang.get().messages().no_incidents_month}</p>
            })}
            <For
                each=move || months.get()
                key=|month| (month.group.key.clone(), month.rev)
                children=move |month| view! { <Month group=month.group loaded=loaded /> }
            />
        </section>
    }
}

/// One month: its incidents, and while its shard is not loaded, a button to load it.
/// Rebuilt whenever its view model changes (which a change of language does too).
#[component]
fn Month(group: Arc<MonthGroup>, loaded: Loaded) -> impl IntoView {
    let m = loaded.prefs.lang.get_untracked().messages();
    let key = StoredValue::new(group.key.clone());
    let label = StoredValue::new(group.label.clone());
    let loading =
        Memo::new(move |_| key.with_value(|k| loaded.months_loading.with(|l| l.contains(k))));
    let failed = move || key.with_value(|k| loaded.months_failed.with(|f| f.get(k).cloned()));
    view! {
        <section class="sl-month" data-month=group.key.clone() aria-label=group.label.clone()>
            <h3 class="sl-month__title">{group.label.clone()}</h3>
            <ul class="sl-month__incidents">
                {group.incidents.iter().cloned().map(|i| view! { <IncidentRow incident=i loaded=loaded /> }).collect_view()}
            </ul>
            {move || failed().map(|e| view! {
                <p class="sl-month__error" role="alert">
                    {label.with_value(|l| fill(m.month_failed, &[("month", l), ("error", &e)]))}
                </p>
            })}
            {group.shard_url.clone().map(|url| view! {
                <button type="button" class="sl-button sl-button--quiet sl-month__load"
                    data-focus-key=format!("month:{}", key.get_value())
                    disabled=move || loading.get()
                    on:click=move |_| loaded.load_month(key.get_value(), url.clone())>
                    {move || label.with_value(|l| fill(if loading.get() { m.loading_month } else { m.load_month }, &[("month", l)]))}
                </button>
            })}
        </section>
    }
}

#[component]
fn IncidentRow(incident: IncidentSummary, loaded: Loaded) -> impl IntoView {
    let m = loaded.prefs.lang.get_untracked().messages();
    let i = incident;
    view! {
        <li class=format!("sl-incident sl-impact-edge--{}", i.impact_key) id=format!("incident-{}", i.id) data-incident=i.id.clone()>
            <a class="sl-incident__title" href=i.href>{i.title}</a>
            <dl class="sl-incident__meta">
                <dt>{m.impact}</dt>
                <dd class=format!("sl-impact sl-impact--{}", i.impact_key)>{i.impact_label}</dd>
                <dt>{m.duration}</dt>
                <dd>{i.duration}" ("{i.range}")"</dd>
                {(!i.affected.is_empty()).then(|| view! {
                    <dt>{m.affected}</dt>
                    <dd class="sl-incident__affected">{i.affected.join(m.list_separator)}</dd>
                })}
            </dl>
            {i.long_flag.map(|f| view! { <p class="sl-long-flag">{f}</p> })}
        </li>
    }
}
