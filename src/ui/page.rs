//! The loaded status page: header, banner, components and incidents.

use std::sync::Arc;

use leptos::prelude::*;
use statuslight_core::i18n::Lang;
use statuslight_core::present::{
    self, BannerView, ComponentRow, IncidentView, PageView, UpdateView,
};
use statuslight_core::Feed;

use crate::clock;

/// The page for a loaded feed, in the language `lang` holds.
#[component]
pub fn StatusPage(feed: Arc<Feed>, lang: RwSignal<Lang>) -> impl IntoView {
    let zone = present::page_zone(&feed);
    let page = Memo::new(move |_| present::page_view(&feed, clock::now(), lang.get(), zone));
    move || {
        let p: PageView = page.get();
        let m = p.lang.messages();
        view! {
            <div class="sl-page">
                <header class="sl-header">
                    <h1 class="sl-title">{p.title.clone()}</h1>
                    <LangSwitch lang=lang />
                </header>
                {p.notice.clone().map(|n| view! {
                    <p class="sl-notice">{n}</p>
                })}
                {p.as_of.clone().map(|t| view! {
                    <p class="sl-asof">{m.as_of}" "<time>{t}</time></p>
                })}
                <main>
                    <Banner banner=p.banner.clone() />
                    <section class="sl-section" aria-labelledby="sl-components-h">
                        <h2 id="sl-components-h">{m.components}</h2>
                        {if p.components.is_empty() {
                            view! { <p class="sl-empty">{m.no_components}</p> }.into_any()
                        } else {
                            view! { <ComponentList rows=p.components.clone() /> }.into_any()
                        }}
                    </section>
                    <section class="sl-section" aria-labelledby="sl-incidents-h">
                        <h2 id="sl-incidents-h">{m.incidents}</h2>
                        <p class="sl-zone">{m.times_in}": "{p.time_zone.clone()}</p>
                        {if p.incidents.is_empty() {
                            view! { <p class="sl-empty">{m.no_incidents}</p> }.into_any()
                        } else {
                            view! { <IncidentList incidents=p.incidents.clone() lang=p.lang /> }
                                .into_any()
                        }}
                    </section>
                </main>
            </div>
        }
    }
}

/// Buttons to switch the language.
#[component]
fn LangSwitch(lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <nav class="sl-langs" aria-label="Language / 언어">
            {Lang::ALL
                .iter()
                .map(|&l| {
                    view! {
                        <button
                            type="button"
                            class="sl-lang"
                            lang=l.tag()
                            aria-pressed=move || (lang.get() == l).to_string()
                            on:click=move |_| lang.set(l)
                        >
                            {l.messages().language_name}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
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

/// Components and groups with their current status.
#[component]
pub fn ComponentList(rows: Vec<ComponentRow>) -> impl IntoView {
    view! {
        <ul class="sl-components">
            {rows.into_iter().map(|row| view! { <ComponentItem row=row /> }).collect_view()}
        </ul>
    }
}

#[component]
fn ComponentItem(row: ComponentRow) -> impl IntoView {
    let has_children = !row.children.is_empty();
    view! {
        <li
            class=if has_children { "sl-component sl-component--group" } else { "sl-component" }
            data-component=row.id.clone()
        >
            <div class="sl-component__row">
                <span class="sl-component__name">{row.name}</span>
                <span class=format!("sl-status sl-status--{}", row.status_key)>
                    <span class="sl-icon" aria-hidden="true"></span>
                    {row.status_label}
                </span>
            </div>
            {row.description.map(|d| view! { <p class="sl-component__desc">{d}</p> })}
            {has_children.then(|| view! { <ComponentList rows=row.children /> }.into_any())}
        </li>
    }
}

/// Incidents, newest first, each with its timeline.
#[component]
pub fn IncidentList(incidents: Vec<IncidentView>, lang: Lang) -> impl IntoView {
    view! {
        <ol class="sl-incidents">
            {incidents
                .into_iter()
                .map(|i| view! { <IncidentItem incident=i lang=lang /> })
                .collect_view()}
        </ol>
    }
}

#[component]
fn IncidentItem(incident: IncidentView, lang: Lang) -> impl IntoView {
    let m = lang.messages();
    let i = incident;
    let range = match &i.resolved {
        Some(r) => format!("{} – {}", i.started, r),
        None => format!("{} –", i.started),
    };
    view! {
        <li class=format!("sl-incident sl-incident--{}", i.impact_key) id=format!("incident-{}", i.id)>
            <article>
                <h3 class="sl-incident__title">{i.title}</h3>
                <dl class="sl-incident__meta">
                    <dt>{m.impact}</dt>
                    <dd class=format!("sl-impact sl-impact--{}", i.impact_key)>{i.impact_label}</dd>
                    <dt>{m.duration}</dt>
                    <dd>{i.duration}" ("{range}")"</dd>
                    {(!i.affected.is_empty()).then(|| view! {
                        <dt>{m.affected}</dt>
                        <dd class="sl-incident__affected">{i.affected.join(m.list_separator)}</dd>
                    })}
                </dl>
                <h4 class="sl-visually-hidden">{m.timeline}</h4>
                <ol class="sl-timeline">
                    {i.updates.into_iter().rev().map(|u| view! { <UpdateItem update=u /> }).collect_view()}
                </ol>
            </article>
        </li>
    }
}

#[component]
fn UpdateItem(update: UpdateView) -> impl IntoView {
    view! {
        <li class=format!("sl-update sl-update--{}", update.status_key)>
            <p class="sl-update__head">
                <strong class="sl-update__label">{update.label}</strong>
                " "
                <time datetime=update.at_iso>{update.at}</time>
            </p>
            <p class="sl-update__body">{update.body}</p>
        </li>
    }
}
