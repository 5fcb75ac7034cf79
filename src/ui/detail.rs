//! An incident's own view, at `#/incident/<id>`: its full timeline in the chosen zone,
//! its duration and its postmortem.

use leptos::prelude::*;
use statuslight_core::present::{self, UpdateView};

use super::rich::RichText;
use super::Loaded;

#[component]
pub fn IncidentDetail(loaded: Loaded, id: String) -> impl IntoView {
    let lang = loaded.prefs.lang;
    let id = StoredValue::new(id);
    // An incident not in the current feed may be in a shard: load them, newest first,
    // until it turns up.
    Effect::new(move |_| {
        let found = loaded.feed.with(|f| f.incident(&id.get_value()).is_some());
        if found {
            return;
        }
        let next = loaded.feed.with(|f| {
            f.history
                .iter()
                .find(|h| {
                    !loaded.months_loaded.with(|l| l.contains(&h.month))
                        && !loaded.months_failed.with(|l| l.contains_key(&h.month))
                })
                .map(|h| (h.month.clone(), h.url.clone()))
        });
        if let Some((month, url)) = next {
            loaded.load_month(month, url);
        }
    });
    // Show the top of the detail when it opens.
    Effect::new(move |_| {
        if let Some(main) = document().get_element_by_id("sl-main") {
            main.scroll_into_view();
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                let _ = el.focus();
            }
        }
    });
    let view_model = Memo::new(move |_| {
        let settings = loaded.settings();
        let at = loaded.shown_at();
        loaded.feed.with(|f| {
            f.incident(&id.get_value())
                .filter(|i| i.started_at <= at)
                .map(|i| present::incident_view(f, i, at, &settings))
        })
    });
    move || {
        let m = lang.get().messages();
        let back = view! { <p class="sl-back"><a href="#/">{"← "}{m.back}</a></p> };
        match view_model.get() {
            None => view! {
                {back}
                <p class="sl-empty" role="status">{m.not_found}</p>
            }
            .into_any(),
            Some(i) => view! {
                {back}
                <article class=format!("sl-detail sl-impact-edge--{}", i.impact_key) data-incident=i.id.clone()>
                    <h2 class="sl-detail__title">{i.title}</h2>
                    <dl class="sl-incident__meta">
                        <dt>{m.status_word}</dt>
                        <dd class="sl-detail__status">{i.status_label}</dd>
                        <dt>{m.impact}</dt>
                        <dd class=format!("sl-impact sl-impact--{}", i.impact_key)>{i.impact_label}</dd>
                        <dt>{m.duration}</dt>
                        <dd class="sl-detail__duration">{i.duration}" ("{i.range}")"</dd>
                        {(!i.affected.is_empty()).then(|| view! {
                            <dt>{m.affected}</dt>
                            <dd class="sl-incident__affected">{i.affected.join(m.list_separator)}</dd>
                        })}
                    </dl>
                    {i.long_flag.map(|f| view! { <p class="sl-long-flag">{f}</p> })}
                    <h3>{m.timeline}</h3>
                    <ol class="sl-timeline">
                        {i.updates.into_iter().rev().map(|u| view! { <UpdateItem update=u /> }).collect_view()}
                    </ol>
                    {(!i.postmortem.is_empty()).then(|| view! {
                        <section class="sl-postmortem">
                            <h3>{m.postmortem}</h3>
                            <ol class="sl-timeline">
                                {i.postmortem.into_iter().map(|u| view! { <UpdateItem update=u /> }).collect_view()}
                            </ol>
                        </section>
                    })}
                    {i.url.map(|u| view! {
                        <p class="sl-detail__source"><a href=u rel="noopener noreferrer">{u.clone()}</a></p>
                    })}
                </article>
            }
            .into_any(),
        }
    }
}

#[component]
fn UpdateItem(update: UpdateView) -> impl IntoView {
    let blocks = present::rich_body(&update.body);
    view! {
        <li class=format!("sl-update sl-update--{}", update.status_key)>
            <p class="sl-update__head">
                <strong class="sl-update__label">{update.label}</strong>
                " "
                <time datetime=update.at_iso>{update.at}</time>
            </p>
            <RichText blocks />
        </li>
    }
}
