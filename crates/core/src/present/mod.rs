//! View models: everything the page shows, computed from a feed, as plain strings and keys.
//!
//! The browser shell renders these without doing any arithmetic or formatting of its own,
//! so what a visitor sees is decided here and tested natively.

mod bars;
mod history;
pub mod published;
pub mod widget;

pub use bars::{
    bar, bucket_class, calendar, calendar_default, window_feed, BarView, CalendarView, DayCell,
    DayDetail,
};
pub use history::{
    history, history_plan, month_group, HistoryCache, HistoryFilter, HistoryMonth, IncidentSummary,
    MonthGroup, MonthPlan, IMPACT_FILTERS,
};

use crate::zone::Zone;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::i18n::{fill, Lang, Messages};
use crate::model::{Component, ComponentStatus, Feed, Impact, Incident, Maintenance, UpdateStatus};
use crate::status::{self, Level};
use crate::uptime::{format_uptime, UptimeIndex, UptimeOptions};

/// How the visitor wants the page shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub lang: Lang,
    /// The zone days are cut in and times shown in.
    pub tz: Zone,
    /// Days in each component's bar: 30, 90 or 365.
    pub window_days: u32,
    /// Digits after the decimal point of uptime percentages.
    pub precision: u32,
    pub uptime: UptimeOptions,
}

impl Settings {
    /// English, UTC, 90 days, two digits, the default uptime rules.
    pub fn new(lang: Lang, tz: Zone) -> Self {
        Settings {
            lang,
            tz,
            window_days: 90,
            precision: 2,
            uptime: UptimeOptions::default(),
        }
    }
}

/// Light or dark, or whatever the system says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The key used in URLs, storage and `<html data-theme>`.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == s.trim())
    }
}

/// Which zone to show times in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneChoice {
    /// The page's own zone (the configuration's, else the feed's, else UTC).
    Page,
    /// The viewer's zone, as the browser reports it.
    Viewer,
    Utc,
}

impl ZoneChoice {
    pub const ALL: [ZoneChoice; 3] = [ZoneChoice::Page, ZoneChoice::Viewer, ZoneChoice::Utc];

    /// The key used in URLs and storage (`page`, `mine`, `utc`).
    pub fn key(self) -> &'static str {
        match self {
            ZoneChoice::Page => "page",
            ZoneChoice::Viewer => "mine",
            ZoneChoice::Utc => "utc",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        ZoneChoice::ALL.into_iter().find(|z| z.key() == s.trim())
    }

    /// The zone this choice stands for.
    pub fn resolve(self, page: Zone, viewer: Option<Zone>) -> Zone {
        match self {
            ZoneChoice::Page => page,
            ZoneChoice::Viewer => viewer.unwrap_or(page),
            ZoneChoice::Utc => Zone::UTC,
        }
    }

    /// "Page (Asia/Seoul)", "Mine (Europe/Berlin)", "UTC".
    pub fn label(self, page: Zone, viewer: Option<Zone>, m: &Messages) -> String {
        let zone = self.resolve(page, viewer).name();
        match self {
            ZoneChoice::Page => fill(m.zone_page, &[("zone", zone)]),
            ZoneChoice::Viewer => fill(m.zone_viewer, &[("zone", zone)]),
            ZoneChoice::Utc => m.zone_utc.to_string(),
        }
    }
}

/// The main page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageView {
    pub lang: Lang,
    pub title: String,
    /// The publisher's notice, e.g. that the feed is sample data.
    pub notice: Option<String>,
    /// For an archived snapshot: the moment it shows, formatted.
    pub as_of: Option<String>,
    /// The zone times are shown in, e.g. `Asia/Seoul`.
    pub time_zone: String,
    pub banner: BannerView,
    /// Incidents open at the moment shown, newest first.
    pub active: Vec<ActiveView>,
    pub components: Vec<ComponentRow>,
    pub maintenance_active: Vec<MaintenanceView>,
    pub maintenance_upcoming: Vec<MaintenanceView>,
    /// "How is uptime computed?", one paragraph per item.
    pub formula: Vec<String>,
    /// Every incident shown on the page, for the legacy flat list.
    pub incidents: Vec<IncidentView>,
}

/// The status at a glance, the part of [`PageView`] the embeddable widget shows too:
/// [`status_view`] builds it without the history, the maintenance and the formula.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusView {
    pub title: String,
    /// For an archived snapshot: the moment it shows, formatted.
    pub as_of: Option<String>,
    pub banner: BannerView,
    /// Incidents open at the moment shown, newest first.
    pub active: Vec<ActiveView>,
    pub components: Vec<ComponentRow>,
}

/// The overall banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BannerView {
    /// `operational`, `maintenance`, `degraded`, `partial` or `major`.
    pub level_key: &'static str,
    /// "All systems operational", "Major outage", …
    pub headline: String,
    /// "Voice calls, Video calls: Major outage"; `None` when all is well.
    pub summary: Option<String>,
}

/// An open incident, for the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveView {
    pub id: String,
    pub href: String,
    pub title: String,
    pub impact_key: &'static str,
    pub status_label: String,
    pub latest: Option<UpdateView>,
}

/// One component, or a group with its children.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `operational`, `maintenance`, `degraded`, `partial`, `major` or `unknown`.
    pub status_key: &'static str,
    pub status_label: &'static str,
    /// The daily bar and uptime over the chosen window.
    pub bar: Option<BarView>,
    pub children: Vec<ComponentRow>,
}

/// One incident with its timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentView {
    pub id: String,
    /// The hash route of its detail view, `#/incident/<id>`.
    pub href: String,
    pub title: String,
    /// `none`, `minor`, `major`, `critical`, `maintenance` or `unknown`.
    pub impact_key: &'static str,
    pub impact_label: &'static str,
    pub status_label: String,
    pub open: bool,
    pub started: String,
    pub resolved: Option<String>,
    pub duration: String,
    /// "2021-05-05 22:00 KST – 2021-05-06 00:20 KST".
    pub range: String,
    /// Set when the incident lasted longer than the legal threshold.
    pub long_flag: Option<String>,
    /// Names of the affected components.
    pub affected: Vec<String>,
    /// Oldest first, postmortems excluded.
    pub updates: Vec<UpdateView>,
    pub postmortem: Vec<UpdateView>,
    /// The publisher's own page for it.
    pub url: Option<String>,
}

/// One update of a timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateView {
    pub status_key: String,
    pub label: String,
    pub at: String,
    /// ISO 8601 instant, for `<time datetime>`.
    pub at_iso: String,
    /// The body as written in the feed; shown as plain text, or through [`rich_body`]
    /// where the page renders it (only when it does: the widget never parses it).
    pub body: String,
}

/// A maintenance, active or upcoming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaintenanceView {
    pub id: String,
    pub title: String,
    pub status_label: String,
    /// "2021-06-01 02:00 KST – 2021-06-01 04:00 KST".
    pub window: String,
    pub components: Vec<String>,
    pub updates: Vec<UpdateView>,
}

/// The hash route of an incident's detail view.
pub fn incident_href(id: &str) -> String {
    format!("#/incident/{}", percent_encode(id))
}

/// The incident id in a hash route (`#/incident/<id>`), if it is one.
pub fn route_incident(hash: &str) -> Option<String> {
    let rest = hash
        .strip_prefix('#')
        .unwrap_or(hash)
        .strip_prefix("/incident/")?;
    let id = percent_decode(rest);
    (!id.is_empty()).then_some(id)
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every component as (id, name) in display order ([`status::display_key`]), groups
/// included: the choices of the page's pickers (the calendar's component, the history's
/// filter). The app and the published status (`statuslight build --page`) both list them
/// from here.
pub fn component_options(feed: &Feed, lang: Lang) -> Vec<(String, String)> {
    let tag = lang.tag();
    let mut list: Vec<&Component> = feed.components.iter().collect();
    crate::order::sort_by_key(&mut list, |c| status::display_key(feed, c));
    list.into_iter()
        .map(|c| (c.id.clone(), title_text(c.name.get(tag))))
        .collect()
}

/// Parse an IANA zone name; `None` when it is unknown.
pub fn parse_zone(name: &str) -> Option<Zone> {
    Zone::parse(name)
}

/// The zone a feed's page is in, else UTC.
pub fn page_zone(feed: &Feed) -> Zone {
    feed.page
        .time_zone
        .as_deref()
        .and_then(parse_zone)
        .unwrap_or(Zone::UTC)
}

/// The zone a deploy's page cuts days in and shows times in: its configuration's
/// `time_zone`, else the feed's ([`page_zone`]). The published status
/// (`statuslight build --page`) and the widget's summary use it; the app reads the same
/// rule from its signals (`ui::Loaded::page_zone`).
pub fn configured_zone(feed: &Feed, config: &crate::config::Config) -> Zone {
    config
        .time_zone
        .as_deref()
        .and_then(parse_zone)
        .unwrap_or_else(|| page_zone(feed))
}

/// The moment a page shows: a snapshot's `as_of`, else `now`.
pub fn shown_at(feed: &Feed, now: DateTime<Utc>) -> DateTime<Utc> {
    feed.as_of.unwrap_or(now)
}

/// Build the main page's view. `index` must have been built for [`shown_at`].
pub fn page_view(feed: &Feed, index: &UptimeIndex, s: &Settings) -> PageView {
    let lang = s.lang;
    let at = index.now();
    let StatusView {
        title,
        as_of,
        banner,
        active,
        components,
    } = status_view(feed, index, s);
    let (maintenance_active, maintenance_upcoming) = maintenance_views(feed, at, s);
    PageView {
        lang,
        title,
        notice: feed
            .page
            .notice
            .as_ref()
            .map(|n| n.get(lang.tag()).to_string()),
        as_of,
        time_zone: s.tz.name().to_string(),
        banner,
        active,
        components,
        maintenance_active,
        maintenance_upcoming,
        formula: formula(s),
        incidents: feed
            .incidents
            .iter()
            .filter(|i| i.started_at <= at)
            .map(|i| incident_view(feed, i, at, s))
            .collect(),
    }
}

/// Build the status at a glance: what [`page_view`] shows first, and all the widget
/// shows. `index` must have been built for [`shown_at`].
pub fn status_view(feed: &Feed, index: &UptimeIndex, s: &Settings) -> StatusView {
    let lang = s.lang;
    let m = lang.messages();
    let at = index.now();
    let overall = status::overall(feed, at);
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|id| component_name(feed, id, lang))
            .collect()
    };
    let headline = level_label(overall.level, m).to_string();
    let summary = (overall.level != Level::Operational && !overall.worst_components.is_empty())
        .then(|| {
            format!(
                "{}: {}",
                names(&overall.worst_components).join(m.list_separator),
                headline
            )
        });
    let active = feed
        .incidents
        .iter()
        .filter(|i| overall.open_incidents.contains(&i.id))
        .map(|i| {
            let v = incident_view(feed, i, at, s);
            ActiveView {
                id: v.id.clone(),
                href: v.href.clone(),
                title: v.title.clone(),
                impact_key: v.impact_key,
                status_label: v.status_label.clone(),
                latest: v.updates.last().cloned(),
            }
        })
        .collect();
    StatusView {
        title: title_text(feed.page.name.get(lang.tag())),
        as_of: feed.as_of.map(|t| format_time(t, s.tz)),
        banner: BannerView {
            level_key: overall.level.key(),
            headline,
            summary,
        },
        active,
        components: component_rows(feed, index, s),
    }
}

/// The paragraphs of "How is uptime computed?", with the weights in force.
pub fn formula(s: &Settings) -> Vec<String> {
    let m = s.lang.messages();
    let (w, d) = s.uptime.weights();
    let hours = s.uptime.long_incident_threshold.num_minutes() as f64 / 60.0;
    vec![
        fill(
            m.formula_body,
            &[("w", &trim_number(w)), ("d", &trim_number(d))],
        ),
        if s.uptime.count_maintenance {
            m.formula_maintenance_counted.to_string()
        } else {
            m.formula_maintenance_excluded.to_string()
        },
        m.formula_no_data.to_string(),
        m.formula_rounding.to_string(),
        fill(m.formula_long, &[("h", &trim_number(hours))]),
    ]
}

/// `0.3`, `4`, `2.5`: a number without needless zeros.
fn trim_number(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn component_name(feed: &Feed, id: &str, lang: Lang) -> String {
    title_text(
        feed.component(id)
            .map(|c| c.name.get(lang.tag()))
            .unwrap_or(id),
    )
}

fn component_rows(feed: &Feed, index: &UptimeIndex, s: &Settings) -> Vec<ComponentRow> {
    let lang = s.lang;
    let m = lang.messages();
    let at = index.now();
    let today = crate::uptime::today(s.tz, at);
    let row = |c: &Component, children: Vec<ComponentRow>| {
        let st = status::status_of(feed, c, at);
        ComponentRow {
            id: c.id.clone(),
            name: title_text(c.name.get(lang.tag())),
            description: c
                .description
                .as_ref()
                .map(|d| d.get(lang.tag()).to_string())
                .filter(|d| !d.trim().is_empty()),
            status_key: status_key(&st),
            status_label: status_label(&st, m),
            bar: bar(index, feed, &c.id, today, s.window_days, s),
            children,
        }
    };
    let mut tops: Vec<&Component> = feed
        .components
        .iter()
        .filter(|c| {
            c.group_id
                .as_deref()
                .is_none_or(|g| feed.component(g).is_none())
        })
        .collect();
    crate::order::sort_by(&mut tops, |a, b| {
        (a.position, &a.id).cmp(&(b.position, &b.id))
    });
    tops.into_iter()
        .filter(|c| visible(feed, c, at))
        .map(|c| {
            let mut kids: Vec<&Component> = feed.children_of(&c.id).collect();
            crate::order::sort_by(&mut kids, |a, b| {
                (a.position, &a.id).cmp(&(b.position, &b.id))
            });
            let children = kids
                .into_iter()
                .filter(|k| visible(feed, k, at))
                .map(|k| row(k, Vec::new()))
                .collect();
            row(c, children)
        })
        .collect()
}

/// Statuspage's `only_show_if_degraded` hides a component while it is operational.
fn visible(feed: &Feed, c: &Component, at: DateTime<Utc>) -> bool {
    !c.only_show_if_degraded || status::status_of(feed, c, at) != ComponentStatus::Operational
}

/// The latest update's stage that is not a plain "Update" or a postmortem, else the
/// incident's own status.
fn stage(i: &Incident, at: DateTime<Utc>) -> UpdateStatus {
    i.updates
        .iter()
        .rev()
        .filter(|u| u.at <= at)
        .map(|u| &u.status)
        .find(|st| !matches!(st, UpdateStatus::Update | UpdateStatus::Postmortem))
        .cloned()
        .unwrap_or_else(|| i.status.clone())
}

/// An incident as shown at `at`: updates after `at` are left out, and an incident
/// resolved after `at` is still open.
pub fn incident_view(feed: &Feed, i: &Incident, at: DateTime<Utc>, s: &Settings) -> IncidentView {
    let lang = s.lang;
    let tz = s.tz;
    let m = lang.messages();
    let resolved = i.resolved_at.filter(|r| *r <= at);
    let end = resolved.unwrap_or(at).max(i.started_at);
    let span = end - i.started_at;
    let mut duration = format_duration(span.num_minutes(), m);
    if resolved.is_none() {
        duration = format!("{duration} ({})", m.ongoing);
    }
    let started = format_time(i.started_at, tz);
    let range = match resolved {
        Some(r) => format!("{started} – {}", format_time(r, tz)),
        None => format!("{started} –"),
    };
    let threshold = s.uptime.long_incident_threshold;
    let long_flag = (span > threshold).then(|| {
        fill(
            m.long_incident,
            &[("h", &trim_number(threshold.num_minutes() as f64 / 60.0))],
        )
    });
    let shown: Vec<&crate::model::Update> = i.updates.iter().filter(|u| u.at <= at).collect();
    IncidentView {
        id: i.id.clone(),
        href: incident_href(&i.id),
        title: title_text(i.title.get(lang.tag())),
        impact_key: impact_key(&i.impact),
        impact_label: impact_label(&i.impact, m),
        status_label: update_label(&stage(i, at), None, m),
        open: resolved.is_none(),
        started,
        resolved: resolved.map(|r| format_time(r, tz)),
        duration,
        range,
        long_flag,
        affected: i
            .components
            .iter()
            .map(|id| component_name(feed, id, lang))
            .collect(),
        updates: shown
            .iter()
            .filter(|u| u.status != UpdateStatus::Postmortem)
            .map(|u| update_view(u, s))
            .collect(),
        postmortem: shown
            .iter()
            .filter(|u| u.status == UpdateStatus::Postmortem)
            .map(|u| update_view(u, s))
            .collect(),
        url: i.url.clone(),
    }
}

/// Maintenance in progress and upcoming at `at`, soonest first.
pub fn maintenance_views(
    feed: &Feed,
    at: DateTime<Utc>,
    s: &Settings,
) -> (Vec<MaintenanceView>, Vec<MaintenanceView>) {
    let m = s.lang.messages();
    let view = |mt: &Maintenance| {
        let (from, to) = match (mt.actual_start, mt.actual_end) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, mt.scheduled_end.max(a)),
            _ => (mt.scheduled_start, mt.scheduled_end),
        };
        MaintenanceView {
            id: mt.id.clone(),
            title: title_text(mt.title.get(s.lang.tag())),
            status_label: update_label(&mt.status, None, m),
            window: format!("{} – {}", format_time(from, s.tz), format_time(to, s.tz)),
            components: mt
                .components
                .iter()
                .map(|id| component_name(feed, id, s.lang))
                .collect(),
            updates: mt
                .updates
                .iter()
                .filter(|u| u.at <= at)
                .map(|u| update_view(u, s))
                .collect(),
        }
    };
    let finished = |mt: &Maintenance| {
        mt.actual_end.is_some_and(|e| e <= at)
            || (mt.status.is_final() && mt.updates.iter().any(|u| u.at <= at))
    };
    let mut active: Vec<&Maintenance> = feed
        .maintenances
        .iter()
        .filter(|mt| !finished(mt))
        .filter(|mt| {
            mt.actual_start.is_some_and(|a| a <= at)
                || (matches!(
                    mt.status,
                    UpdateStatus::InProgress | UpdateStatus::Verifying
                ) && mt.scheduled_start <= at)
        })
        .collect();
    let mut upcoming: Vec<&Maintenance> = feed
        .maintenances
        .iter()
        .filter(|mt| !finished(mt) && mt.actual_start.is_none() && mt.scheduled_start > at)
        .collect();
    crate::order::sort_by_key(&mut active, |mt| mt.scheduled_start);
    crate::order::sort_by_key(&mut upcoming, |mt| mt.scheduled_start);
    (
        active.into_iter().map(view).collect(),
        upcoming.into_iter().map(view).collect(),
    )
}

/// "Could not refresh since 2021-05-06 21:40 KST — showing the last status received."
pub fn stale_label(last_success: DateTime<Utc>, tz: Zone, m: &Messages) -> String {
    fill(m.stale_since, &[("time", &format_time(last_success, tz))])
}

/// Names and titles from a feed, made safe to show on one line: bidi controls and
/// control characters removed, whitespace collapsed, at most [`MAX_TITLE_CHARS`].
pub fn title_text(s: &str) -> String {
    crate::rich::sanitize_inline_text(s, MAX_TITLE_CHARS)
}

/// The longest name or title shown; longer ones end in an ellipsis.
pub const MAX_TITLE_CHARS: usize = 300;

/// An update body ([`UpdateView::body`]) through the allowlist of [`crate::rich`]:
/// paragraphs, line breaks, lists, bold, italic, code and http(s)/mailto links; never
/// raw HTML.
pub fn rich_body(body: &str) -> Vec<crate::rich::Block> {
    crate::rich::parse_body(body, &crate::rich::RichOptions::default())
}

/// One update of an incident's or a maintenance's timeline.
fn update_view(u: &crate::model::Update, s: &Settings) -> UpdateView {
    UpdateView {
        status_key: u.status.as_wire().to_string(),
        label: update_label(&u.status, u.label.as_deref(), s.lang.messages()),
        at: format_time(u.at, s.tz),
        at_iso: u.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        body: u.body.get(s.lang.tag()).to_string(),
    }
}

/// "Updated 3 min ago", from when the feed was last fetched.
pub fn updated_label(fetched_at: DateTime<Utc>, now: DateTime<Utc>, m: &Messages) -> String {
    let minutes = (now - fetched_at).num_minutes().max(0);
    if minutes < 1 {
        m.updated_now.to_string()
    } else if minutes < 120 {
        fill(m.updated_ago, &[("n", &minutes.to_string())])
    } else {
        fill(m.updated_hours_ago, &[("n", &(minutes / 60).to_string())])
    }
}

/// "May 5, 2021" or "2021년 5월 5일".
pub fn format_date(d: NaiveDate, m: &Messages) -> String {
    let month = m.months.split(',').nth(d.month0() as usize).unwrap_or("");
    fill(
        m.date_format,
        &[
            ("month", month),
            ("m", &d.month().to_string()),
            ("day", &d.day().to_string()),
            ("year", &d.year().to_string()),
        ],
    )
}

/// "May 2021" or "2021년 5월".
pub fn format_month(year: i32, month: u32, m: &Messages) -> String {
    let name = m
        .months
        .split(',')
        .nth(month.saturating_sub(1) as usize)
        .unwrap_or("");
    fill(
        m.month_format,
        &[
            ("month", name),
            ("m", &month.to_string()),
            ("year", &year.to_string()),
        ],
    )
}

/// "99.87% uptime", floored at the precision in force; "No data" without counted time.
pub fn uptime_label(percent: Option<f64>, s: &Settings) -> String {
    let m = s.lang.messages();
    match percent {
        Some(p) => fill(m.uptime_pct, &[("pct", &format_uptime(p, s.precision))]),
        None => m.no_data.to_string(),
    }
}

/// `2021-05-05 22:00 KST`. Written out rather than with chrono's `format`: its strftime
/// machinery (and the parsers that come with it) was 23-29 KB of the widget's and the
/// page's wasm. The year as chrono's `%Y` writes it (four digits, signed outside
/// 0000-9999), the zone as its abbreviation (`%Z`: the offset's `Display`).
pub fn format_time(t: DateTime<Utc>, tz: Zone) -> String {
    use chrono::{Datelike as _, Timelike as _};
    let l = t.with_timezone(&tz);
    let year = if (0..=9999).contains(&l.year()) {
        format!("{:04}", l.year())
    } else {
        format!("{:+05}", l.year())
    };
    format!(
        "{year}-{:02}-{:02} {:02}:{:02} {}",
        l.month(),
        l.day(),
        l.hour(),
        l.minute(),
        l.offset()
    )
}

/// `2 h 20 min`, `2시간 20분`, `3 d 4 h`; never negative.
pub fn format_duration(minutes: i64, m: &Messages) -> String {
    let minutes = minutes.max(0);
    let (d, h, min) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let sep = if m.hours_short.is_ascii() { " " } else { "" };
    let part = |n: i64, unit: &str| format!("{n}{sep}{unit}");
    let parts: Vec<String> = if d > 0 {
        vec![part(d, m.days_short), part(h, m.hours_short)]
    } else if h > 0 {
        vec![part(h, m.hours_short), part(min, m.minutes_short)]
    } else {
        vec![part(min, m.minutes_short)]
    };
    parts.join(" ")
}

/// The headline for an overall level.
pub fn level_label(level: Level, m: &Messages) -> &'static str {
    match level {
        Level::Operational => m.all_operational,
        Level::Maintenance => m.level_maintenance,
        Level::Degraded => m.level_degraded,
        Level::PartialOutage => m.level_partial,
        Level::MajorOutage => m.level_major,
    }
}

/// A machine key for a component status (`unknown` for values we do not know).
pub fn status_key(s: &ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::Unknown(_) => "unknown",
        other => Level::of(other).key(),
    }
}

/// The words for a component status.
pub fn status_label(s: &ComponentStatus, m: &Messages) -> &'static str {
    match s {
        ComponentStatus::Operational => m.status_operational,
        ComponentStatus::DegradedPerformance => m.status_degraded,
        ComponentStatus::PartialOutage => m.status_partial,
        ComponentStatus::MajorOutage => m.status_major,
        ComponentStatus::UnderMaintenance => m.status_maintenance,
        ComponentStatus::Unknown(_) => m.status_unknown,
    }
}

/// A machine key for an impact.
pub fn impact_key(i: &Impact) -> &'static str {
    match i {
        Impact::None => "none",
        Impact::Minor => "minor",
        Impact::Major => "major",
        Impact::Critical => "critical",
        Impact::Maintenance => "maintenance",
        Impact::Unknown(_) => "unknown",
    }
}

/// The words for an impact.
pub fn impact_label(i: &Impact, m: &Messages) -> &'static str {
    match i {
        Impact::None => m.impact_none,
        Impact::Minor => m.impact_minor,
        Impact::Major => m.impact_major,
        Impact::Critical => m.impact_critical,
        Impact::Maintenance => m.impact_maintenance,
        Impact::Unknown(_) => m.impact_unknown,
    }
}

/// The words for an update's stage; a label we do not know is shown as printed.
pub fn update_label(s: &UpdateStatus, printed: Option<&str>, m: &Messages) -> String {
    let known = match s {
        UpdateStatus::Investigating => m.update_investigating,
        UpdateStatus::Identified => m.update_identified,
        UpdateStatus::Monitoring => m.update_monitoring,
        UpdateStatus::Resolved => m.update_resolved,
        UpdateStatus::Postmortem => m.update_postmortem,
        UpdateStatus::Scheduled => m.update_scheduled,
        UpdateStatus::InProgress => m.update_in_progress,
        UpdateStatus::Verifying => m.update_verifying,
        UpdateStatus::Completed => m.update_completed,
        UpdateStatus::Update => m.update_update,
        UpdateStatus::Unknown(raw) => return title_text(printed.unwrap_or(raw)),
    };
    known.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::statuslight;
    use crate::i18n::{EN, KO};

    /// The pickers list every component, groups too, in display order, with plain-text
    /// names; the calendar starts on the first that is not a group, in the month shown in
    /// the page's zone.
    #[test]
    fn pickers_and_the_calendar_start_in_display_order() {
        let feed = statuslight::parse(
            br#"{
          "version": "statuslight/1",
          "components": [
            {"id": "video", "name": "Video", "group": "calls", "order": 2},
            {"id": "calls", "name": "Calls", "is_group": true, "order": 1},
            {"id": "voice", "name": {"en": "<b>Voice</b>", "ko": "Eumseong"}, "group": "calls", "order": 1},
            {"id": "login", "name": "Login", "order": 2}
          ]
        }"#,
        )
        .unwrap();
        let ids = |o: Vec<(String, String)>| o.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
        assert_eq!(
            ids(component_options(&feed, Lang::En)),
            ["calls", "voice", "video", "login"]
        );
        assert_eq!(
            component_options(&feed, Lang::En)[1].1,
            title_text("<b>Voice</b>")
        );
        assert_eq!(component_options(&feed, Lang::Ko)[1].1, "Eumseong");
        let at: DateTime<Utc> = "2021-04-30T16:00:00Z".parse().unwrap();
        let seoul = parse_zone("Asia/Seoul").unwrap();
        assert_eq!(
            calendar_default(&feed, at, seoul),
            Some(("voice".to_string(), 2021, 5))
        );
        assert_eq!(
            calendar_default(&feed, at, Zone::UTC),
            Some(("voice".to_string(), 2021, 4))
        );
        let groups_only = Feed {
            components: feed
                .components
                .iter()
                .filter(|c| c.is_group)
                .cloned()
                .collect(),
            ..feed.clone()
        };
        assert_eq!(calendar_default(&groups_only, at, Zone::UTC), None);
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(140, &EN), "2 h 20 min");
        assert_eq!(format_duration(140, &KO), "2시간 20분");
        assert_eq!(format_duration(25, &EN), "25 min");
        assert_eq!(format_duration(1500, &EN), "1 d 1 h");
        assert_eq!(format_duration(-5, &EN), "0 min");
    }

    #[test]
    fn times_dates_and_months() {
        let t: DateTime<Utc> = "2021-05-05T13:00:00Z".parse().unwrap();
        assert_eq!(
            format_time(t, parse_zone("Asia/Seoul").unwrap()),
            "2021-05-05 22:00 KST"
        );
        assert_eq!(format_time(t, Zone::UTC), "2021-05-05 13:00 UTC");
        // The same text as chrono's `format("%Y-%m-%d %H:%M %Z")`, which it replaces, over
        // zones, seconds and the years at the edges of what feeds may hold.
        for (at, zone) in [
            ("2021-05-05T13:00:59Z", "Asia/Seoul"),
            ("2021-03-28T00:59:00Z", "Europe/London"),
            ("2021-03-28T01:00:00Z", "Europe/London"),
            ("2021-11-07T06:30:00Z", "America/New_York"),
            ("2021-01-01T00:00:00Z", "Asia/Kolkata"),
            ("0000-01-01T00:00:00Z", "America/New_York"),
            ("9999-12-31T23:00:00Z", "Asia/Seoul"),
            ("0999-06-01T12:00:00Z", "UTC"),
        ] {
            let t: DateTime<Utc> = at.parse().unwrap();
            let tz = parse_zone(zone).unwrap();
            let chrono = t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string();
            assert_eq!(format_time(t, tz), chrono, "{at} in {zone}");
        }
        let d = NaiveDate::from_ymd_opt(2021, 5, 5).unwrap();
        assert_eq!(format_date(d, &EN), "May 5, 2021");
        assert_eq!(format_date(d, &KO), "2021년 5월 5일");
        assert_eq!(format_month(2020, 11, &EN), "November 2020");
        assert_eq!(format_month(2020, 11, &KO), "2020년 11월");
    }

    #[test]
    fn routes_round_trip() {
        assert_eq!(
            incident_href("2021-05-05 x/y"),
            "#/incident/2021-05-05%20x%2Fy"
        );
        assert_eq!(
            route_incident("#/incident/2021-05-05%20x%2Fy").as_deref(),
            Some("2021-05-05 x/y")
        );
        assert_eq!(route_incident("#/incident/"), None);
        assert_eq!(route_incident("#top"), None);
        assert_eq!(route_incident("#/incident/%zz").as_deref(), Some("%zz"));
    }

    #[test]
    fn updated_labels() {
        let now: DateTime<Utc> = "2021-05-05T13:00:00Z".parse().unwrap();
        assert_eq!(updated_label(now, now, &EN), "Updated just now");
        assert_eq!(
            updated_label(now - chrono::TimeDelta::minutes(3), now, &EN),
            "Updated 3 min ago"
        );
        assert_eq!(
            updated_label(now - chrono::TimeDelta::minutes(3), now, &KO),
            "3분 전 업데이트됨"
        );
        assert_eq!(
            updated_label(now - chrono::TimeDelta::hours(5), now, &EN),
            "Updated 5 h ago"
        );
    }

    fn sample() -> Feed {
        statuslight::parse(
            r#"{"version": "statuslight/1",
              "page": {"name": {"ko": "샘플", "en": "Sample"}, "time_zone": "Asia/Seoul"},
              "components": [
                {"id": "msg", "name": {"ko": "메시지", "en": "Messaging"}, "start_date": "2021-01-01"},
                {"id": "calls", "name": {"ko": "통화", "en": "Calls"}, "is_group": true},
                {"id": "voice", "name": {"ko": "음성 통화", "en": "Voice calls"}, "group": "calls", "start_date": "2021-03-01"}
              ],
              "incidents": [
                {"id": "x", "title": {"en": "Calls down", "ko": "통화 장애"}, "impact": "critical",
                 "components": [{"id": "voice", "severity": "major_outage", "from": "2021-05-05T13:00:00Z"}],
                 "updates": [{"status": "investigating", "at": "2021-05-05T13:10:00Z", "body": {"en": "Looking", "ko": "조사 중입니다"}}]},
                {"id": "y", "title": "Messages slow", "impact": "minor",
                 "components": [{"id": "msg", "severity": "degraded_performance", "from": "2021-04-30T16:00:00Z", "to": "2021-04-30T17:00:00Z"}],
                 "updates": [{"status": "resolved", "at": "2021-04-30T17:00:00Z"},
                             {"status": "postmortem", "at": "2021-05-02T00:00:00Z", "body": "What happened"}]}
              ],
              "history": [{"month": "2021-03", "url": "history/2021-03.json"}]
            }"#
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn banner_rows_bars_in_both_languages() {
        let feed = sample();
        let now: DateTime<Utc> = "2021-05-05T15:20:00Z".parse().unwrap();
        let tz = page_zone(&feed);
        let index = UptimeIndex::new(&feed, now);
        let en = page_view(&feed, &index, &Settings::new(Lang::En, tz));
        assert_eq!(en.banner.level_key, "major");
        assert_eq!(
            en.banner.summary.as_deref(),
            Some("Voice calls: Major outage")
        );
        assert_eq!(en.active.len(), 1);
        assert_eq!(en.active[0].href, "#/incident/x");
        assert_eq!(en.components.len(), 2);
        assert_eq!(en.components[1].status_key, "major");
        assert_eq!(en.components[1].children[0].name, "Voice calls");
        let bar = en.components[1].children[0].bar.as_ref().unwrap();
        assert_eq!(bar.days.len(), 90);
        let today = bar.days.last().unwrap();
        assert_eq!(today.date, "2021-05-06");
        assert_eq!(
            today.detail.rows,
            vec![("Major outage".to_string(), "20 min".to_string())]
        );
        let yesterday = &bar.days[88];
        assert_eq!(yesterday.bucket, "major");
        assert_eq!(yesterday.detail.rows[0].1, "120 min");
        assert_eq!(
            yesterday.aria_label,
            "May 5, 2021: Major outage, Major outage 120 min"
        );
        assert_eq!(
            yesterday.detail.incidents,
            vec![("#/incident/x".to_string(), "Calls down".to_string())]
        );
        // Before the start date: no data, never up.
        assert_eq!(bar.days[0].bucket, "no data");
        assert_eq!(en.incidents[0].duration, "2 h 20 min (ongoing)");
        assert_eq!(en.incidents[0].updates[0].at, "2021-05-05 22:10 KST");
        assert!(en.formula[0].contains("0.3 × partial-outage minutes + 0 × degraded"));
        let ko = page_view(&feed, &index, &Settings::new(Lang::Ko, tz));
        assert_eq!(ko.banner.summary.as_deref(), Some("음성 통화: 전면 장애"));
        assert_eq!(ko.incidents[0].title, "통화 장애");
        assert_eq!(ko.incidents[0].updates[0].label, "조사 중");
        // Before the incident began, nothing of it shows.
        let before = UptimeIndex::new(&feed, "2021-05-05T12:00:00Z".parse().unwrap());
        let v = page_view(&feed, &before, &Settings::new(Lang::En, tz));
        assert_eq!(v.banner.level_key, "operational");
        assert_eq!(v.incidents.len(), 1);
    }

    #[test]
    fn the_status_at_a_glance_is_the_top_of_the_page() {
        let feed = sample();
        let tz = page_zone(&feed);
        for now in ["2021-05-05T12:00:00Z", "2021-05-05T15:20:00Z"] {
            let index = UptimeIndex::new(&feed, now.parse().unwrap());
            for lang in [Lang::En, Lang::Ko] {
                let s = Settings::new(lang, tz);
                let page = page_view(&feed, &index, &s);
                let status = status_view(&feed, &index, &s);
                assert_eq!(status.title, page.title);
                assert_eq!(status.as_of, page.as_of);
                assert_eq!(status.banner, page.banner);
                assert_eq!(status.active, page.active);
                assert_eq!(status.components, page.components);
            }
        }
        let index = UptimeIndex::new(&feed, "2021-05-05T15:20:00Z".parse().unwrap());
        let status = status_view(&feed, &index, &Settings::new(Lang::En, tz));
        assert_eq!(status.active.len(), 1);
        assert_eq!(
            status.active[0].latest.as_ref().map(|u| u.body.as_str()),
            Some("Looking")
        );
    }

    #[test]
    fn long_incidents_are_flagged_and_postmortems_split() {
        let feed = sample();
        let tz = page_zone(&feed);
        let s = Settings::new(Lang::En, tz);
        let late: DateTime<Utc> = "2021-05-05T18:00:01Z".parse().unwrap();
        let v = incident_view(&feed, feed.incident("x").unwrap(), late, &s);
        assert_eq!(
            v.long_flag.as_deref(),
            Some("Over 4 h: users must be told of their right to compensation")
        );
        let early: DateTime<Utc> = "2021-05-05T17:00:00Z".parse().unwrap();
        assert_eq!(
            incident_view(&feed, feed.incident("x").unwrap(), early, &s).long_flag,
            None
        );
        let y = incident_view(&feed, feed.incident("y").unwrap(), late, &s);
        assert_eq!(y.updates.len(), 1);
        assert_eq!(y.postmortem[0].body, "What happened");
        assert_eq!(y.status_label, "Resolved");
    }

    #[test]
    fn history_groups_by_local_month_and_filters() {
        let feed = sample();
        let tz = page_zone(&feed);
        let s = Settings::new(Lang::En, tz);
        let at: DateTime<Utc> = "2021-05-06T00:00:00Z".parse().unwrap();
        let all = history(
            &feed,
            at,
            &s,
            &HistoryFilter::default(),
            &Default::default(),
        );
        let keys: Vec<&str> = all.iter().map(|g| g.key.as_str()).collect();
        // 2021-04-30T16:00Z is May 1 in Seoul.
        assert_eq!(keys, vec!["2021-05", "2021-03"]);
        assert_eq!(all[0].incidents.len(), 2);
        assert_eq!(all[1].shard_url.as_deref(), Some("history/2021-03.json"));
        let calls = history(
            &feed,
            at,
            &s,
            &HistoryFilter {
                component: Some("calls".into()),
                impact: None,
            },
            &["2021-03".to_string()].into_iter().collect(),
        );
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].incidents[0].id, "x");
        let minor = history(
            &feed,
            at,
            &s,
            &HistoryFilter {
                component: None,
                impact: Some("minor".into()),
            },
            &Default::default(),
        );
        assert_eq!(minor[0].incidents[0].id, "y");
    }

    #[test]
    fn calendar_lays_out_a_month() {
        let feed = sample();
        let tz = page_zone(&feed);
        let s = Settings::new(Lang::En, tz);
        let index = UptimeIndex::new(&feed, "2021-05-06T03:00:00Z".parse().unwrap());
        let cal = calendar(&index, &feed, "voice", 2021, 5, &s).unwrap();
        assert_eq!(cal.title, "May 2021");
        // May 1, 2021 was a Saturday.
        assert!(cal.weeks[0][..6].iter().all(Option::is_none));
        assert_eq!(cal.weeks[0][6].as_ref().unwrap().date, "2021-05-01");
        let may5 = cal
            .weeks
            .iter()
            .flatten()
            .flatten()
            .find(|c| c.date == "2021-05-05")
            .unwrap();
        assert_eq!(may5.bucket, "major");
        assert_eq!(cal.next, None);
        assert_eq!(cal.prev, Some((2021, 4)));
        let jan = calendar(&index, &feed, "voice", 2021, 1, &s).unwrap();
        assert_eq!(jan.prev, None);
        assert_eq!(jan.next, Some((2021, 2)));
    }

    #[test]
    fn maintenance_in_progress_and_upcoming() {
        let feed = statuslight::parse(
            br#"{"version": "statuslight/1", "page": {"name": "M", "time_zone": "UTC"},
              "components": [{"id": "db", "name": "Database"}],
              "maintenances": [
                {"id": "now", "title": "Disk swap", "components": ["db"],
                 "planned": {"from": "2021-06-01T00:00:00Z", "to": "2021-06-01T02:00:00Z"},
                 "actual": {"from": "2021-06-01T00:10:00Z"},
                 "updates": [{"status": "in_progress", "at": "2021-06-01T00:10:00Z", "body": "Started"}]},
                {"id": "next", "title": "Upgrade", "components": ["db"],
                 "planned": {"from": "2021-06-08T00:00:00Z", "to": "2021-06-08T01:00:00Z"},
                 "updates": [{"status": "scheduled", "at": "2021-05-20T00:00:00Z"}]},
                {"id": "done", "title": "Old work", "components": ["db"],
                 "planned": {"from": "2021-05-01T00:00:00Z", "to": "2021-05-01T01:00:00Z"},
                 "actual": {"from": "2021-05-01T00:00:00Z", "to": "2021-05-01T00:40:00Z"},
                 "updates": [{"status": "completed", "at": "2021-05-01T00:40:00Z"}]}
              ]}"#,
        )
        .unwrap();
        let s = Settings::new(Lang::En, Zone::UTC);
        let at: DateTime<Utc> = "2021-06-01T01:00:00Z".parse().unwrap();
        let (active, upcoming) = maintenance_views(&feed, at, &s);
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].title, "Disk swap");
        assert_eq!(active[0].status_label, "In progress");
        assert_eq!(
            active[0].window,
            "2021-06-01 00:10 UTC – 2021-06-01 02:00 UTC"
        );
        assert_eq!(active[0].components, vec!["Database".to_string()]);
        assert_eq!(upcoming.len(), 1);
        assert_eq!(upcoming[0].id, "next");
        // The component is under maintenance meanwhile, and the page says so.
        let index = UptimeIndex::new(&feed, at);
        let page = page_view(&feed, &index, &s);
        assert_eq!(page.banner.level_key, "maintenance");
        assert_eq!(page.maintenance_active.len(), 1);
    }
}
