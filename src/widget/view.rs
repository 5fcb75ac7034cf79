//! The widget's Leptos components: one root that picks the view for the chosen size.
//! Feed text is only ever rendered as text; every class is prefixed `sl-`. Leptos is built
//! without event delegation, so the one button listens on itself and nothing listens on
//! the host's document.

use leptos::prelude::*;
use statuslight_core::i18n::Lang;

use super::dom;
use super::model::{words, BadgeView, WidgetView};
use super::options::{Options, Size};
use super::source::Load;

/// The languages the visitor's browser asks for, best first.
fn browser_lang() -> Lang {
    let langs = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    Lang::negotiate(langs.iter().map(String::as_str))
}

/// One widget: loading, failed, or the view of its size.
#[component]
pub fn Widget(options: Options, state: ArcRwSignal<Load>) -> impl IntoView {
    let fallback_lang = options.lang.unwrap_or_else(browser_lang);
    let mut classes = format!(
        "sl-w sl-w--{} sl-w--theme-{}",
        options.size.key(),
        options.theme.key()
    );
    if options.transparent {
        classes.push_str(" sl-w--transparent");
    }
    let options = StoredValue::new(options);
    let dismissed = dom::dismissed();
    let view = move || {
        let o = options.get_value();
        match state.get() {
            Load::Loading => {
                let lang = fallback_lang;
                if o.size == Size::Banner || o.hide_when_operational {
                    return ().into_any();
                }
                view! {
                    <p class="sl-w__loading" role="status" lang=lang.tag()>
                        {words(lang).loading}
                    </p>
                }
                .into_any()
            }
            Load::Failed(detail) => {
                let lang = fallback_lang;
                if o.size == Size::Banner || o.hide_when_operational {
                    return ().into_any();
                }
                view! {
                    <p class="sl-w__error" role="alert" lang=lang.tag() title=detail>
                        {words(lang).load_failed}" "
                        <a class="sl-w__link" href=o.page_url() target="_blank" rel="noopener">
                            {words(lang).full_page}
                        </a>
                    </p>
                }
                .into_any()
            }
            Load::Ready { snapshot, .. } => {
                let summary = &snapshot.summary;
                let lang = o
                    .lang
                    .or_else(|| summary.language.as_deref().and_then(Lang::from_tag))
                    .unwrap_or(fallback_lang);
                let Some(v) = super::model::widget_view(summary, &o, lang, snapshot.fetched_at)
                else {
                    return ().into_any();
                };
                let hidden = (o.hide_when_operational || o.size == Size::Banner) && v.operational;
                if hidden
                    || (o.size == Size::Banner && dismissed.with(|d| d.contains(&v.dismiss_key)))
                {
                    return ().into_any();
                }
                match o.size {
                    Size::Badge => badges(v).into_any(),
                    Size::Compact => compact(v, false).into_any(),
                    Size::Card => compact(v, true).into_any(),
                    Size::Banner => banner(v).into_any(),
                }
            }
        }
    };
    view! { <div class=classes>{view}</div> }
}

fn badges(v: WidgetView) -> impl IntoView {
    let page = v.page_url.clone();
    view! {
        <div class="sl-w__badges" lang=v.lang.tag()>
            {v.badges.into_iter().map(|b| badge(b, page.clone())).collect_view()}
        </div>
    }
}

/// A flat badge drawn like the CLI's `badges/*.svg`.
fn badge(b: BadgeView, href: String) -> impl IntoView {
    let (lw, mw, w) = (b.label_width, b.message_width, b.width());
    view! {
        <a class="sl-w__badge" href=href target="_blank" rel="noopener" title=b.title.clone()>
            <svg
                xmlns="http://www.w3.org/2000/svg"
                width=w.to_string()
                height="20"
                viewBox=format!("0 0 {w} 20")
                role="img"
                aria-label=b.title.clone()
            >
                <rect width=w.to_string() height="20" rx="3" fill="#555"></rect>
                <rect x=lw.to_string() width=mw.to_string() height="20" rx="3" fill=b.colour.clone()></rect>
                <rect x=lw.to_string() width="4" height="20" fill=b.colour.clone()></rect>
                <g
                    fill="#fff"
                    text-anchor="middle"
                    font-family="Verdana,Geneva,DejaVu Sans,sans-serif"
                    font-size="11"
                >
                    <text x=(lw / 2).to_string() y="14">{b.label.clone()}</text>
                    <text x=(lw + mw / 2).to_string() y="14">{b.message.clone()}</text>
                </g>
            </svg>
        </a>
    }
}

fn overall(v: &WidgetView) -> impl IntoView {
    view! {
        <p class=format!("sl-w__overall sl-w__overall--{}", v.level_key) data-level=v.level_key.clone()>
            <span class="sl-w__dot" aria-hidden="true"></span>
            <span class="sl-w__headline">{v.headline.clone()}</span>
        </p>
    }
}

fn compact(v: WidgetView, card: bool) -> impl IntoView {
    let w = words(v.lang);
    let title = card.then(|| view! { <p class="sl-w__title">{v.title.clone()}</p> });
    let as_of = v
        .as_of
        .clone()
        .filter(|_| card)
        .map(|(label, t)| view! { <p class="sl-w__asof">{label}" "{t}</p> });
    let incidents = (card && !v.incidents.is_empty()).then(|| {
        view! {
            <ul class="sl-w__incidents">
                {v
                    .incidents
                    .iter()
                    .map(|i| {
                        view! {
                            <li class=format!("sl-w__incident sl-w__incident--{}", i.impact_key)>
                                <a class="sl-w__incident-title" href=i.href.clone() target="_blank" rel="noopener">
                                    {i.title.clone()}
                                </a>
                                " "
                                <span class="sl-w__incident-status">{i.status_label.clone()}</span>
                                {i.latest.clone().map(|t| view! { <p class="sl-w__latest">{t}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let rows = v
        .rows
        .iter()
        .map(|r| {
            let uptime = card.then(|| view! { <span class="sl-w__uptime">{r.uptime.clone()}</span> });
            let bar = (!r.days.is_empty()).then(|| {
                view! {
                    <div class="sl-w__bar" role="img" aria-label=r.bar_label.clone()>
                        {r
                            .days
                            .iter()
                            .map(|(bucket, label)| {
                                view! {
                                    <span class=format!("sl-w__day sl-w__day--{bucket}") title=label.clone()></span>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            });
            view! {
                <li class="sl-w__row" data-component=r.id.clone()>
                    <div class="sl-w__line">
                        <span class="sl-w__name">{r.name.clone()}</span>
                        <span class=format!("sl-w__status sl-w__status--{}", r.status_key)>
                            {r.status_label.clone()}
                        </span>
                    </div>
                    {bar}
                    {uptime}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="sl-w__box" lang=v.lang.tag() aria-label=v.title.clone()>
            {title}
            {overall(&v)}
            {incidents}
            <ul class="sl-w__rows">{rows}</ul>
            {as_of}
            <a class="sl-w__link" href=v.page_url.clone() target="_blank" rel="noopener">
                {w.full_page}" →"
            </a>
        </section>
    }
}

fn banner(v: WidgetView) -> impl IntoView {
    let w = words(v.lang);
    let key = v.dismiss_key.clone();
    let first = v.incidents.first().cloned();
    let detail = first
        .as_ref()
        .map(|i| i.title.clone())
        .or_else(|| v.summary.clone());
    let href = first.map(|i| i.href).unwrap_or_else(|| v.page_url.clone());
    view! {
        <div
            class=format!("sl-w__banner sl-w__banner--{}", v.level_key)
            role="status"
            lang=v.lang.tag()
            data-level=v.level_key.clone()
        >
            <span class="sl-w__dot" aria-hidden="true"></span>
            <p class="sl-w__banner-text">
                <strong class="sl-w__headline">{v.headline.clone()}</strong>
                {detail.map(|d| view! { " " <span class="sl-w__banner-detail">{d}</span> })}
                " "
                <a class="sl-w__link" href=href target="_blank" rel="noopener">{w.full_page}</a>
            </p>
            <button
                type="button"
                class="sl-w__dismiss"
                aria-label=w.dismiss
                title=w.dismiss
                on:click=move |_| dom::dismiss(&key)
            >
                "×"
            </button>
        </div>
    }
}
