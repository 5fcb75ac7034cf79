//! The status page as plain HTML, written into the app's `index.html` at publish time so
//! a visitor sees the real status at first paint, before the wasm and the feed arrive.
//!
//! The markup is the one the page's Leptos components render for the same view models
//! (`src/ui/page.rs`, `src/ui/bars.rs`, `src/ui/calendar.rs`, `src/ui/history.rs`): same
//! elements, classes and text, so the app replaces it without anything moving. The
//! end-to-end tests compare the two. It is the whole first view the app shows once it has
//! taken over: header, banner, active incidents, maintenance, components with their bars
//! and the uptime formula, the uptime calendar, the incident history with its filters and
//! its months (a month still in a shard with its "Load" button), and the footer.
//!
//! Each day's colour (of a bar or of the calendar) is a class (`sl-c<N>`) defined in one
//! `<style>` element, since the page's Content Security Policy forbids `style`
//! attributes; [`insert`] allows that element by its hash in the page's policy.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use statuslight_core::config::Config;
use statuslight_core::i18n::{fill, Lang, Messages};
use statuslight_core::present::{
    self, bucket_class, ActiveView, BarView, ComponentRow, HistoryFilter, IncidentView,
    MaintenanceView, PageView, Settings, ZoneChoice,
};
use statuslight_core::uptime::UptimeIndex;
use statuslight_core::{Feed, Impact};

/// Where the app's `index.html` takes the prerendered page.
pub const MARKER: &str = "<!-- statuslight:prerender -->";

/// The prerendered page: its markup and the `<style>` element with its day colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerendered {
    pub lang: Lang,
    pub body: String,
    pub style: String,
    /// Addresses the app fetches first (its configuration, then the feeds), as the page
    /// names them, for `<link rel="preload">`: they then download beside the wasm
    /// instead of after it.
    pub preload: Vec<String>,
}

/// Render the page for `feed` under `config` as a first-time visitor would see it at
/// `now`: the configured language (else English), the page's zone, the default window,
/// the calendar's default month, the whole history unfiltered.
///
/// `feed` must be the feed as the app has it when it takes over: with a sharded history,
/// the current file with its shard index and, merged, the shards the app loads at once
/// (those covering its bars' window and its calendar's month: [`window_shards`]), whose
/// months are `loaded`; every other listed month shows a button to load it.
pub fn render(
    feed: &Feed,
    config: &Config,
    now: DateTime<Utc>,
    loaded: &BTreeSet<String>,
) -> Prerendered {
    let lang = config.language.unwrap_or(Lang::En);
    let m = lang.messages();
    let page_tz = present::configured_zone(feed, config);
    let settings = Settings {
        window_days: config.default_window_days,
        precision: config.uptime_precision,
        uptime: config.uptime.clone(),
        ..Settings::new(lang, page_tz)
    };
    let at = present::shown_at(feed, now);
    let index = UptimeIndex::new(feed, at);
    let page = present::page_view(feed, &index, &settings);

    let mut w = Writer::default();
    let title = match &config.title {
        Some(t) => t.get(lang.tag()).to_string(),
        None => page.title.clone(),
    };
    w.raw(&format!(
        "<div id=\"sl-prerender\" class=\"sl-prerender\" data-published=\"{}\">",
        now.to_rfc3339()
    ));
    w.raw("<div class=\"sl-page\">");
    w.raw("<a class=\"sl-skip\" href=\"#sl-main\">");
    w.text(m.skip_to_content);
    w.raw("</a>");
    let zones: Vec<(&str, String)> = ZoneChoice::ALL
        .iter()
        .map(|z| (z.key(), z.label(page_tz, None, m)))
        .collect();
    header(&mut w, config, &title, &zones, m, lang);
    if let Some(n) = &page.notice {
        w.element("p", "sl-notice", n);
    }
    if let Some(t) = &page.as_of {
        w.raw("<p class=\"sl-asof\">");
        w.text(m.as_of);
        w.raw(" <time>");
        w.text(t);
        w.raw("</time></p>");
    }
    let published = present::format_time(now, page_tz);
    w.element(
        "p",
        "sl-updated",
        &fill(m.published_at, &[("time", &published)]),
    );
    w.raw("<main id=\"sl-main\" tabindex=\"-1\">");
    banner(&mut w, &page);
    active(&mut w, &page.active, m);
    maintenance(&mut w, &page, m);
    components(&mut w, &page, settings.window_days, m);
    let options = present::component_options(feed, lang);
    calendar(&mut w, feed, &index, &settings, &options);
    history(&mut w, feed, at, &settings, &options, loaded);
    w.raw("</main>");
    footer(&mut w, config, lang);
    w.raw("</div></div>");

    let style = w.colour_style();
    Prerendered {
        lang,
        body: w.out,
        style,
        preload: config.feeds.iter().map(|f| f.url.clone()).collect(),
    }
}

/// The month shards the app loads as soon as it has the current feed, before it takes
/// over: those covering the days its bars show (`StatusPage`: the default window and one
/// day more) and its calendar's month (at most 31 days back), as listed in `feed`'s index.
pub fn window_shards<'a>(
    feed: &'a Feed,
    config: &Config,
    now: DateTime<Utc>,
) -> Vec<&'a statuslight_core::model::HistoryShard> {
    let at = present::shown_at(feed, now);
    let back = i64::from(config.default_window_days.max(31)) + 1;
    statuslight_core::formats::shards::shards_covering(feed, at - chrono::TimeDelta::days(back), at)
}

/// Put `pre` into `html`: the markup at [`MARKER`] (replacing what an earlier run put
/// there, up to [`END_MARKER`]), `<html lang>`, the colour `<style>` at the end of the
/// head, and the hashes of the page's inline styles (that one and any other, such as the
/// stylesheet the build inlines) as the `style-src` of its `<meta>` Content Security
/// Policy, if it has one. `None` when the page has no marker.
pub fn insert(html: &str, pre: &Prerendered) -> Option<String> {
    let start = html.find(MARKER)?;
    let after = start + MARKER.len();
    let end = match html[after..].find(END_MARKER) {
        Some(i) => after + i + END_MARKER.len(),
        None => after,
    };
    let mut out = String::with_capacity(html.len() + pre.body.len() + pre.style.len());
    out.push_str(&html[..start]);
    out.push_str(MARKER);
    out.push_str(&pre.body);
    out.push_str(END_MARKER);
    out.push_str(&html[end..]);

    if let Some(lang) = quoted_after(&out, "<html lang=\"") {
        out.replace_range(lang, pre.lang.tag());
    }
    if let Some(at) = out.find(STYLE_OPEN) {
        if let Some(len) = out[at..].find("</style>") {
            out.replace_range(at..at + len + "</style>".len(), "");
        }
    }
    while let Some(at) = out.find(PRELOAD_OPEN) {
        match out[at..].find('>') {
            Some(len) => out.replace_range(at..at + len + 1, ""),
            None => break,
        }
    }
    if let Some(head_end) = out.find("</head>") {
        let mut head = String::new();
        for url in &pre.preload {
            head.push_str(PRELOAD_OPEN);
            head.push_str(" href=\"");
            head.push_str(&attr_escaped(url));
            head.push_str("\">");
        }
        head.push_str(&pre.style);
        out.insert_str(head_end, &head);
    }
    let mut style_src = "style-src 'self'".to_string();
    for h in inline_style_hashes(&out) {
        style_src.push_str(&format!(" '{h}'"));
    }
    if let Some(content) = quoted_after(&out, CSP_META) {
        let policy: Vec<String> = out[content.clone()]
            .split(';')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                if d.starts_with("style-src ") || d == "style-src" {
                    style_src.clone()
                } else {
                    d.to_string()
                }
            })
            .collect();
        out.replace_range(content, &policy.join("; "));
    }
    Some(out)
}

/// Where the attribute value that `prefix` opens (ending in `="`) lies in `html`: from
/// after the first `prefix` to the next `"`.
pub fn quoted_after(html: &str, prefix: &str) -> Option<std::ops::Range<usize>> {
    let from = html.find(prefix)? + prefix.len();
    let len = html[from..].find('"')?;
    Some(from..from + len)
}

/// Where an earlier run's markup ends.
pub const END_MARKER: &str = "<!-- /statuslight:prerender -->";
/// The fetches the app makes as soon as it starts; `crossorigin` so that they match its
/// `fetch()` (CORS mode, same-origin credentials).
const PRELOAD_OPEN: &str =
    "<link data-sl-preload rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\"";
const STYLE_OPEN: &str = "<style id=\"sl-prerender-style\">";
const CSP_META: &str = "http-equiv=\"Content-Security-Policy\" content=\"";

/// The CSP sources (`sha256-<base64>`) of the text of every `<style>` element in `html`,
/// in page order: the page's own stylesheet, inlined by the build, and the colours above.
fn inline_style_hashes(html: &str) -> Vec<String> {
    use base64::Engine as _;
    use sha2::Digest as _;
    inline_style_texts(html)
        .iter()
        .map(|text| {
            let digest = sha2::Sha256::digest(text.as_bytes());
            format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

/// The texts of the `<style>` elements of `html`, in page order, as a browser reads them:
/// the tag name in any case followed by whitespace, `/` or `>`; the text up to the next
/// `</style` (any case) or the end; comments skipped; CR LF and lone CR as LF (the parser
/// does that before a Content Security Policy hashes the text). The same rule as
/// `scripts/inline-styles.mjs`, which the build's `scripts/csp.mjs` uses.
fn inline_style_texts(html: &str) -> Vec<String> {
    // ASCII lower case keeps every byte where it was.
    let lower = html.to_ascii_lowercase();
    let mut texts = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find('<').map(|i| at + i) {
        let rest = &lower[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = comment.find("-->").map_or(lower.len(), |j| i + 4 + j + 3);
            continue;
        }
        let opens = rest.starts_with("<style")
            && rest[6..].starts_with(['\t', '\n', '\x0c', '\r', ' ', '/', '>']);
        if !opens {
            at = i + 1;
            continue;
        }
        let Some(open) = rest.find('>') else { break };
        let from = i + open + 1;
        let to = lower[from..]
            .find("</style")
            .map_or(lower.len(), |j| from + j);
        texts.push(html[from..to].replace("\r\n", "\n").replace('\r', "\n"));
        at = to;
    }
    texts
}

/// The header as `Header` and `Controls` render it, with the first visitor's choices:
/// the page's language, the page's zone, the system theme.
fn header(
    w: &mut Writer,
    config: &Config,
    title: &str,
    zones: &[(&str, String)],
    m: &Messages,
    lang: Lang,
) {
    w.raw("<header class=\"sl-header\"><div class=\"sl-brand\">");
    if let Some(src) = &config.logo {
        w.raw("<img class=\"sl-logo\" src=\"");
        w.attr(src);
        w.raw("\" alt=\"\" width=\"32\" height=\"32\">");
    }
    w.element("h1", "sl-title", title);
    w.raw("</div><div class=\"sl-controls\"><div class=\"sl-langs\" role=\"group\" aria-label=\"");
    w.attr(m.language);
    w.raw("\">");
    for l in Lang::ALL {
        let _ = write!(
            w.out,
            "<button type=\"button\" class=\"sl-lang\" lang=\"{}\" aria-pressed=\"{}\">",
            l.tag(),
            l == lang
        );
        w.text(l.messages().language_name);
        w.raw("</button>");
    }
    w.raw("</div>");
    w.select(
        "sl-zone-select",
        m.zone,
        zones.iter().map(|(k, l)| (*k, l.as_str())),
        "page",
    );
    let themes = [
        ("system", m.theme_system),
        ("light", m.theme_light),
        ("dark", m.theme_dark),
    ];
    w.select("sl-theme-select", m.theme, themes.into_iter(), "system");
    w.raw("</div></header>");
}

fn banner(w: &mut Writer, page: &PageView) {
    let b = &page.banner;
    let _ = write!(
        w.out,
        "<section class=\"sl-banner sl-banner--{}\" role=\"status\"><span class=\"sl-icon\" aria-hidden=\"true\"></span><div>",
        b.level_key
    );
    w.element("p", "sl-banner__headline", &b.headline);
    if let Some(s) = &b.summary {
        w.element("p", "sl-banner__summary", s);
    }
    w.raw("</div></section>");
}

fn active(w: &mut Writer, list: &[ActiveView], m: &Messages) {
    if list.is_empty() {
        return;
    }
    w.raw("<section class=\"sl-section sl-active\" aria-labelledby=\"sl-active-h\"><h2 id=\"sl-active-h\">");
    w.text(m.active_incidents);
    w.raw("</h2><ul class=\"sl-active__list\">");
    for a in list {
        let _ = write!(
            w.out,
            "<li class=\"sl-active__item sl-impact-edge--{}\"><a class=\"sl-active__title\" href=\"",
            a.impact_key
        );
        w.attr(&a.href);
        w.raw("\">");
        w.text(&a.title);
        w.raw("</a>");
        w.element("span", "sl-active__status", &a.status_label);
        if let Some(u) = &a.latest {
            w.raw("<p class=\"sl-active__latest\"><time datetime=\"");
            w.attr(&u.at_iso);
            w.raw("\">");
            w.text(&u.at);
            w.raw("</time> — ");
            w.text(&u.body);
            w.raw("</p>");
        }
        w.raw("</li>");
    }
    w.raw("</ul></section>");
}

fn maintenance(w: &mut Writer, page: &PageView, m: &Messages) {
    let groups: [(&str, &[MaintenanceView]); 2] = [
        (m.maintenance_active, &page.maintenance_active),
        (m.maintenance_upcoming, &page.maintenance_upcoming),
    ];
    if groups.iter().all(|(_, list)| list.is_empty()) {
        return;
    }
    w.raw("<section class=\"sl-section sl-maintenance\" aria-labelledby=\"sl-maint-h\"><h2 id=\"sl-maint-h\">");
    w.text(m.maintenance);
    w.raw("</h2>");
    for (heading, list) in groups.into_iter().filter(|(_, l)| !l.is_empty()) {
        w.raw("<h3>");
        w.text(heading);
        w.raw("</h3><ul class=\"sl-maintenance__list\">");
        for mt in list {
            w.raw("<li class=\"sl-maintenance__item\"><p class=\"sl-maintenance__title\">");
            w.text(&mt.title);
            w.raw(" ");
            w.element("span", "sl-maintenance__status", &mt.status_label);
            w.raw("</p>");
            w.element("p", "sl-maintenance__window", &mt.window);
            if !mt.components.is_empty() {
                w.raw("<p class=\"sl-maintenance__components\">");
                w.text(m.affected);
                w.raw(": ");
                w.text(&mt.components.join(m.list_separator));
                w.raw("</p>");
            }
            w.raw("</li>");
        }
        w.raw("</ul>");
    }
    w.raw("</section>");
}

fn components(w: &mut Writer, page: &PageView, days: u32, m: &Messages) {
    w.raw("<section class=\"sl-section\" aria-labelledby=\"sl-components-h\"><div class=\"sl-section__head\"><h2 id=\"sl-components-h\">");
    w.text(m.components);
    w.raw("</h2><div class=\"sl-window\" role=\"group\" aria-label=\"");
    w.attr(m.window_switch);
    w.raw("\">");
    for d in [30u32, 90, 365] {
        let _ = write!(
            w.out,
            "<button type=\"button\" class=\"sl-window__button\" data-days=\"{d}\" aria-pressed=\"{}\">",
            d == days
        );
        w.text(&fill(m.window_days, &[("n", &d.to_string())]));
        w.raw("</button>");
    }
    w.raw("</div></div>");
    if page.components.is_empty() {
        w.element("p", "sl-empty", m.no_components);
    } else {
        component_list(w, &page.components, m);
    }
    w.raw("<details class=\"sl-formula\"><summary>");
    w.text(m.formula_title);
    w.raw("</summary>");
    for para in &page.formula {
        w.raw("<p>");
        w.text(para);
        w.raw("</p>");
    }
    w.raw("</details></section>");
}

fn component_list(w: &mut Writer, rows: &[ComponentRow], m: &Messages) {
    w.raw("<ul class=\"sl-components\">");
    for row in rows {
        let group = !row.children.is_empty();
        w.raw(if group {
            "<li class=\"sl-component sl-component--group\" data-component=\""
        } else {
            "<li class=\"sl-component\" data-component=\""
        });
        w.attr(&row.id);
        w.raw("\"><div class=\"sl-component__row\">");
        if group {
            w.raw("<button type=\"button\" class=\"sl-group-toggle\" aria-expanded=\"true\" aria-controls=\"");
            w.attr(&format!("sl-children-{}", row.id));
            w.raw("\" title=\"");
            w.attr(&fill(m.collapse, &[("name", &row.name)]));
            w.raw("\"><span class=\"sl-chevron\" aria-hidden=\"true\"></span>");
            w.element("span", "sl-component__name", &row.name);
            w.raw("</button>");
        } else {
            w.element("span", "sl-component__name", &row.name);
        }
        let _ = write!(
            w.out,
            "<span class=\"sl-status sl-status--{}\"><span class=\"sl-icon\" aria-hidden=\"true\"></span>",
            row.status_key
        );
        w.text(row.status_label);
        w.raw("</span></div>");
        if let Some(d) = &row.description {
            w.element("p", "sl-component__desc", d);
        }
        if let Some(bar) = &row.bar {
            bar_html(w, bar, &row.id);
        }
        if group {
            w.raw("<div id=\"");
            w.attr(&format!("sl-children-{}", row.id));
            w.raw("\">");
            component_list(w, &row.children, m);
            w.raw("</div>");
        }
        w.raw("</li>");
    }
    w.raw("</ul>");
}

fn bar_html(w: &mut Writer, bar: &BarView, key: &str) {
    w.raw("<div class=\"sl-bar-wrap\"><div class=\"sl-bar\" role=\"group\" aria-label=\"");
    w.attr(&bar.label);
    let _ = write!(w.out, "\" data-days=\"{}\">", bar.days.len());
    let days = bar.days_html(key, |day| Some(w.colour_class(&day.colour)));
    w.raw(&days);
    w.raw("</div><p class=\"sl-bar__legend\">");
    w.element("span", "sl-bar__uptime", &bar.uptime);
    w.raw("</p></div>");
}

/// The uptime calendar as `Calendar` first shows it: the default component and month
/// ([`present::calendar_default`]), no day open. The app colours each day through the
/// CSSOM; here each gets its colour class.
fn calendar(
    w: &mut Writer,
    feed: &Feed,
    index: &UptimeIndex,
    s: &Settings,
    options: &[(String, String)],
) {
    let m = s.lang.messages();
    w.raw("<section class=\"sl-section sl-calendar\" aria-labelledby=\"sl-calendar-h\"><h2 id=\"sl-calendar-h\">");
    w.text(m.calendar);
    w.raw("</h2>");
    let cal = present::calendar_default(feed, index.now(), s.tz)
        .and_then(|(id, year, month)| present::calendar(index, feed, &id, year, month, s));
    if let Some(cal) = cal {
        w.raw("<div class=\"sl-calendar__controls\">");
        w.select(
            "sl-calendar__component",
            m.calendar_component,
            options.iter().map(|(v, n)| (v.as_str(), n.as_str())),
            &cal.component_id,
        );
        w.raw("<div class=\"sl-calendar__nav\">");
        month_button(
            w,
            "sl-calendar__prev",
            "‹",
            m.prev_month,
            cal.prev.is_none(),
        );
        w.raw("<p class=\"sl-calendar__title\" aria-live=\"polite\">");
        w.text(&cal.title);
        w.raw(" · ");
        w.text(&cal.uptime);
        w.raw("</p>");
        month_button(
            w,
            "sl-calendar__next",
            "›",
            m.next_month,
            cal.next.is_none(),
        );
        w.raw(
            "</div></div><table class=\"sl-calendar__grid\"><caption class=\"sl-visually-hidden\">",
        );
        w.text(&cal.component_name);
        w.raw(" — ");
        w.text(&cal.title);
        w.raw("</caption><thead><tr>");
        for day in &cal.weekdays {
            w.raw("<th scope=\"col\">");
            w.text(day);
            w.raw("</th>");
        }
        w.raw("</tr></thead><tbody>");
        for week in &cal.weeks {
            w.raw("<tr>");
            for cell in week {
                let Some(day) = cell else {
                    w.raw("<td></td>");
                    continue;
                };
                let colour = w.colour_class(&day.colour);
                w.raw("<td><button type=\"button\" class=\"sl-calday sl-day--");
                w.attr(&bucket_class(day.bucket));
                w.raw(" ");
                w.attr(&colour);
                w.raw("\" data-date=\"");
                w.attr(&day.date);
                w.raw("\" data-focus-key=\"");
                w.attr(&format!("cal:{}", day.date));
                w.raw("\" aria-label=\"");
                w.attr(&day.aria_label);
                w.raw("\">");
                w.text(day.day_of_month());
                w.raw("</button></td>");
            }
            w.raw("</tr>");
        }
        w.raw("</tbody></table>");
    }
    w.raw("</section>");
}

/// The calendar's previous or next month button; `disabled` when there is no such month
/// to show.
fn month_button(w: &mut Writer, class: &str, arrow: &str, label: &str, disabled: bool) {
    let _ = write!(
        w.out,
        "<button type=\"button\" class=\"sl-button sl-button--quiet {class}\"{}><span aria-hidden=\"true\">{arrow}</span><span class=\"sl-visually-hidden\">",
        if disabled { " disabled" } else { "" }
    );
    w.text(label);
    w.raw("</span></button>");
}

/// The incident history as `History` shows it once whole: its filters at "All", then
/// every month of [`present::history`] for no filter and the shards in `loaded` merged
/// (those the app loads before it takes over: [`window_shards`]), each with its incidents
/// and, for a month in a shard not loaded, the button that loads it.
fn history(
    w: &mut Writer,
    feed: &Feed,
    at: DateTime<Utc>,
    s: &Settings,
    options: &[(String, String)],
    loaded: &BTreeSet<String>,
) {
    let m = s.lang.messages();
    w.raw("<section class=\"sl-section sl-history\" aria-labelledby=\"sl-history-h\"><h2 id=\"sl-history-h\">");
    w.text(m.history);
    w.raw("</h2><div class=\"sl-history__filters\">");
    let all = std::iter::once(("", m.filter_all));
    w.select(
        "sl-filter-component",
        m.filter_component,
        all.clone()
            .chain(options.iter().map(|(v, n)| (v.as_str(), n.as_str()))),
        "",
    );
    w.select(
        "sl-filter-impact",
        m.filter_impact,
        all.chain(
            present::IMPACT_FILTERS
                .into_iter()
                .map(|key| (key, present::impact_label(&Impact::from_wire(key), m))),
        ),
        "",
    );
    w.raw("</div>");
    let months = present::history(feed, at, s, &HistoryFilter::default(), loaded);
    if months.is_empty() {
        w.element("p", "sl-empty", m.no_incidents_month);
    }
    for month in &months {
        w.raw("<section class=\"sl-month\" data-month=\"");
        w.attr(&month.key);
        w.raw("\" aria-label=\"");
        w.attr(&month.label);
        w.raw("\">");
        w.element("h3", "sl-month__title", &month.label);
        w.raw("<ul class=\"sl-month__incidents\">");
        for incident in &month.incidents {
            incident_row(w, incident, m);
        }
        w.raw("</ul>");
        if month.shard_url.is_some() {
            w.raw("<button type=\"button\" class=\"sl-button sl-button--quiet sl-month__load\" data-focus-key=\"month:");
            w.attr(&month.key);
            w.raw("\">");
            w.text(&fill(m.load_month, &[("month", &month.label)]));
            w.raw("</button>");
        }
        w.raw("</section>");
    }
    w.raw("</section>");
}

/// One incident of the history, as `IncidentRow` renders it.
fn incident_row(w: &mut Writer, i: &IncidentView, m: &Messages) {
    let _ = write!(
        w.out,
        "<li class=\"sl-incident sl-impact-edge--{}\" id=\"",
        i.impact_key
    );
    w.attr(&format!("incident-{}", i.id));
    w.raw("\" data-incident=\"");
    w.attr(&i.id);
    w.raw("\"><a class=\"sl-incident__title\" href=\"");
    w.attr(&i.href);
    w.raw("\">");
    w.text(&i.title);
    w.raw("</a><dl class=\"sl-incident__meta\"><dt>");
    w.text(m.impact);
    let _ = write!(
        w.out,
        "</dt><dd class=\"sl-impact sl-impact--{}\">",
        i.impact_key
    );
    w.text(i.impact_label);
    w.raw("</dd><dt>");
    w.text(m.duration);
    w.raw("</dt><dd>");
    w.text(&i.duration);
    w.raw(" (");
    w.text(&i.range);
    w.raw(")</dd>");
    if !i.affected.is_empty() {
        w.raw("<dt>");
        w.text(m.affected);
        w.raw("</dt>");
        w.element(
            "dd",
            "sl-incident__affected",
            &i.affected.join(m.list_separator),
        );
    }
    w.raw("</dl>");
    if let Some(flag) = &i.long_flag {
        w.element("p", "sl-long-flag", flag);
    }
    w.raw("</li>");
}

/// The footer as `Footer` renders it: the Atom link, if configured, and the fallback
/// channels. After `</main>`, inside the page.
fn footer(w: &mut Writer, config: &Config, lang: Lang) {
    let m = lang.messages();
    w.raw("<footer class=\"sl-footer\">");
    if let Some(href) = &config.atom {
        w.raw("<a class=\"sl-atom\" href=\"");
        w.attr(href);
        w.raw("\" type=\"application/atom+xml\">");
        w.text(m.atom_link);
        w.raw("</a>");
    }
    if !config.fallback.is_empty() {
        w.raw("<p class=\"sl-fallback\">");
        w.text(m.fallback_channels);
        w.raw(": ");
        for f in &config.fallback {
            w.raw("<a href=\"");
            w.attr(&f.url);
            w.raw("\" rel=\"noopener noreferrer\">");
            w.text(f.label.get(lang.tag()));
            w.raw("</a> ");
        }
        w.raw("</p>");
    }
    w.raw("</footer>");
}

fn attr_escaped(s: &str) -> String {
    let mut w = Writer::default();
    w.attr(s);
    w.out
}

/// HTML text with escaping, and the day colours seen so far.
#[derive(Default)]
struct Writer {
    out: String,
    colours: BTreeMap<String, usize>,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                c => self.out.push(c),
            }
        }
    }

    fn attr(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '"' => self.out.push_str("&quot;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                c => self.out.push(c),
            }
        }
    }

    /// `<tag class="class">text</tag>`.
    fn element(&mut self, tag: &str, class: &str, text: &str) {
        let _ = write!(self.out, "<{tag} class=\"{class}\">");
        self.text(text);
        let _ = write!(self.out, "</{tag}>");
    }

    /// A labelled `<select>` as the page's controls render it.
    fn select<'a>(
        &mut self,
        class: &str,
        label: &str,
        options: impl Iterator<Item = (&'a str, &'a str)>,
        selected: &str,
    ) {
        self.raw("<label class=\"sl-select\"><span>");
        self.text(label);
        let _ = write!(self.out, "</span><select class=\"{class}\">");
        for (value, text) in options {
            self.raw("<option value=\"");
            self.attr(value);
            self.raw(if value == selected {
                "\" selected>"
            } else {
                "\">"
            });
            self.text(text);
            self.raw("</option>");
        }
        self.raw("</select></label>");
    }

    /// The class that gives a day `colour` (`#rrggbb`).
    fn colour_class(&mut self, colour: &str) -> String {
        let n = self.colours.len();
        let i = *self.colours.entry(colour.to_string()).or_insert(n);
        format!("sl-c{i}")
    }

    /// One `<style>` element defining every colour class used; empty when none is.
    fn colour_style(&self) -> String {
        if self.colours.is_empty() {
            return String::new();
        }
        let mut css = String::new();
        for (colour, i) in &self.colours {
            if colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit()) {
                let _ = write!(css, ".sl-prerender .sl-c{i}{{--sl-day:{colour}}}");
            }
        }
        format!("{STYLE_OPEN}{css}</style>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feed and configuration text reaches the calendar, the history and the footer as
    /// text or as an escaped attribute, never as markup.
    #[test]
    fn feed_text_below_the_components_is_escaped() {
        let hostile = "x\\\"><img src=x onerror=alert(1)>&amp;";
        let feed = statuslight_core::formats::statuslight::parse(
            format!(
                r#"{{"version": "statuslight/1", "as_of": "2021-05-06T00:00:00Z",
                  "components": [{{"id": "{hostile}", "name": "{hostile}", "start_date": "2021-01-01"}}],
                  "incidents": [{{"id": "{hostile}", "title": "{hostile}", "impact": "major",
                    "components": [{{"id": "{hostile}", "severity": "major_outage",
                      "from": "2021-05-05T10:00:00Z", "to": "2021-05-05T11:00:00Z"}}],
                    "updates": [{{"status": "resolved", "at": "2021-05-05T11:00:00Z", "body": "{hostile}"}}],
                    "resolved_at": "2021-05-05T11:00:00Z"}}],
                  "history": [{{"month": "2020-01", "url": "{hostile}"}}]}}"#
            )
            .as_bytes(),
        )
        .unwrap();
        let config = statuslight_core::config::parse_config(
            format!(
                r#"{{"feeds": ["feed.json"], "atom": "{hostile}",
                  "fallback": [{{"label": "{hostile}", "url": "https://example.com/?{hostile}"}}]}}"#
            )
            .as_bytes(),
        )
        .unwrap();
        let at = "2021-05-06T00:00:00Z".parse().unwrap();
        let body = render(&feed, &config, at, &BTreeSet::new()).body;
        let below = &body[body.find("sl-calendar").unwrap()..];
        assert!(!below.contains("<img"), "{below}");
        assert!(!below.contains("x\"><"), "{below}");
        assert!(below.contains("&amp;amp;"), "{below}");
        for part in [
            "sl-calday",
            "sl-incident__title",
            "sl-month__load",
            "sl-atom",
            "sl-fallback",
        ] {
            assert!(below.contains(part), "{part}");
        }
    }

    /// The same markup and the same answer as `tests/e2e/inline-styles.test.mjs`.
    #[test]
    fn inline_styles_are_read_as_a_browser_reads_them() {
        let markup = "<!-- <style>x</style> --><STYLE id=a>a{b:c}\r\nd{}\re{}</Style>\
                      <styles>no</styles><style/>f{}</style><style\tmedia=\"x\">g{}</style ><p>h</p><style>i{}";
        assert_eq!(
            inline_style_texts(markup),
            ["a{b:c}\nd{}\ne{}", "f{}", "g{}", "i{}"]
        );
        assert_eq!(
            inline_style_hashes("<style>f{}</style>"),
            ["sha256-fi3gCNE/a7oaigWWvlwZA3HDUvVzee94GpLVozcYS1I="]
        );
    }
}
