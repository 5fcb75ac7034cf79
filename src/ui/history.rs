//! Incident history by month, newest first; older months load on demand from the
//! sharded feed; filterable by component and impact.

use leptos::prelude::*;
use statuslight_core::i18n::fill;
use statuslight_core::present::{self, HistoryFilter, IncidentSummary};

use super::Loaded;

const IMPACTS: [&str; 5] = ["critical", "major", "minor", "none", "maintenance"];

#[component]
pub fn History(loaded: Loaded) -> impl IntoView {
    let lang = loaded.prefs.lang;
    let months = Memo::new(move |_| {
        let settings = loaded.settings();
        let at = loaded.shown_at();
        let filter = loaded.filter.get();
        let done = loaded.months_loaded.get();
        loaded
            .feed
            .with(|f| present::history(f, at, &settings, &filter, &done))
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
                                {IMPACTS.into_iter().map(|key| {
                                    let label = present::impact_label(&statuslight_core::Impact::from_wire(key), m);
                                    view! { <option value=key selected=impact.as_deref() == Some(key)>{label}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                }
            }}
            {move || {
                let m = lang.get().messages();
                let groups = months.get();
                if groups.iter().all(|g| g.incidents.is_empty() && g.shard_url.is_none()) {
                    return view! { <p class="sl-empty">{m.no_incidents_month}</p> }.into_any();
                }
                groups
                    .into_iter()
                    .filter(|g| !g.incidents.is_empty() || g.shard_url.is_some())
                    .map(|g| {
                        let key = g.key.clone();
                        let loading = loaded.months_loading.with(|l| l.contains(&key));
                        let failed = loaded.months_failed.with(|f| f.get(&key).cloned());
                        let shard = g.shard_url.clone();
                        let label = g.label.clone();
                        view! {
                            <section class="sl-month" data-month=g.key.clone() aria-label=g.label.clone()>
                                <h3 class="sl-month__title">{g.label.clone()}</h3>
                                <ul class="sl-month__incidents">
                                    {g.incidents.into_iter().map(|i| view! { <IncidentRow incident=i loaded=loaded /> }).collect_view()}
                                </ul>
                                {failed.map(|e| view! {
                                    <p class="sl-month__error" role="alert">{fill(m.month_failed, &[("month", &label), ("error", &e)])}</p>
                                })}
                                {shard.map(|url| {
                                    let (k, label2) = (key.clone(), label.clone());
                                    view! {
                                        <button type="button" class="sl-button sl-button--quiet sl-month__load"
                                            disabled=loading
                                            on:click=move |_| loaded.load_month(k.clone(), url.clone())>
                                            {fill(if loading { m.loading_month } else { m.load_month }, &[("month", &label2)])}
                                        </button>
                                    }
                                })}
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
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
