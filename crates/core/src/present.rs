//! View models: everything the page shows, computed from a feed, as plain strings and keys.
//!
//! The browser shell renders these without doing any arithmetic or formatting of its own,
//! so what a visitor sees is decided here and tested natively.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::i18n::{Lang, Messages};
use crate::model::{Component, ComponentStatus, Feed, Impact, Incident, UpdateStatus};
use crate::status::{self, Level};

/// The whole page.
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
    pub components: Vec<ComponentRow>,
    pub incidents: Vec<IncidentView>,
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

/// One component, or a group with its children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `operational`, `maintenance`, `degraded`, `partial`, `major` or `unknown`.
    pub status_key: &'static str,
    pub status_label: &'static str,
    pub children: Vec<ComponentRow>,
}

/// One incident with its timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentView {
    pub id: String,
    pub title: String,
    /// `none`, `minor`, `major`, `critical`, `maintenance` or `unknown`.
    pub impact_key: &'static str,
    pub impact_label: &'static str,
    pub open: bool,
    pub started: String,
    pub resolved: Option<String>,
    pub duration: String,
    /// Names of the affected components.
    pub affected: Vec<String>,
    /// Oldest first.
    pub updates: Vec<UpdateView>,
}

/// One update of a timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateView {
    pub status_key: String,
    pub label: String,
    pub at: String,
    /// ISO 8601 instant, for `<time datetime>`.
    pub at_iso: String,
    pub body: String,
}

/// Parse an IANA zone name; `None` when it is unknown.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// The zone a feed's page is in, else UTC.
pub fn page_zone(feed: &Feed) -> Tz {
    feed.page
        .time_zone
        .as_deref()
        .and_then(parse_zone)
        .unwrap_or(Tz::UTC)
}

/// Build the page's view at `now` (a snapshot's `as_of` takes its place).
pub fn page_view(feed: &Feed, now: DateTime<Utc>, lang: Lang, tz: Tz) -> PageView {
    let m = lang.messages();
    let at = feed.as_of.unwrap_or(now);
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
    PageView {
        lang,
        title: feed.page.name.get(lang.tag()).to_string(),
        notice: feed
            .page
            .notice
            .as_ref()
            .map(|n| n.get(lang.tag()).to_string()),
        as_of: feed.as_of.map(|t| format_time(t, tz)),
        time_zone: tz.name().to_string(),
        banner: BannerView {
            level_key: overall.level.key(),
            headline,
            summary,
        },
        components: component_rows(feed, at, lang),
        incidents: feed
            .incidents
            .iter()
            .filter(|i| i.started_at <= at)
            .map(|i| incident_view(feed, i, at, lang, tz))
            .collect(),
    }
}

fn component_name(feed: &Feed, id: &str, lang: Lang) -> String {
    feed.component(id)
        .map(|c| c.name.get(lang.tag()).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn component_rows(feed: &Feed, at: DateTime<Utc>, lang: Lang) -> Vec<ComponentRow> {
    let m = lang.messages();
    let row = |c: &Component, children: Vec<ComponentRow>| {
        let st = status::status_of(feed, c, at);
        ComponentRow {
            id: c.id.clone(),
            name: c.name.get(lang.tag()).to_string(),
            description: c
                .description
                .as_ref()
                .map(|d| d.get(lang.tag()).to_string())
                .filter(|d| !d.trim().is_empty()),
            status_key: status_key(&st),
            status_label: status_label(&st, m),
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
    tops.sort_by_key(|c| (c.position, c.id.clone()));
    tops.into_iter()
        .filter(|c| visible(feed, c, at))
        .map(|c| {
            let mut kids: Vec<&Component> = feed.children_of(&c.id).collect();
            kids.sort_by_key(|k| (k.position, k.id.clone()));
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

fn incident_view(feed: &Feed, i: &Incident, at: DateTime<Utc>, lang: Lang, tz: Tz) -> IncidentView {
    let m = lang.messages();
    let resolved = i.resolved_at.filter(|r| *r <= at);
    let end = resolved.unwrap_or(at).max(i.started_at);
    let minutes = (end - i.started_at).num_minutes();
    let mut duration = format_duration(minutes, m);
    if resolved.is_none() {
        duration = format!("{duration} ({})", m.ongoing);
    }
    IncidentView {
        id: i.id.clone(),
        title: i.title.get(lang.tag()).to_string(),
        impact_key: impact_key(&i.impact),
        impact_label: impact_label(&i.impact, m),
        open: resolved.is_none(),
        started: format_time(i.started_at, tz),
        resolved: resolved.map(|r| format_time(r, tz)),
        duration,
        affected: i
            .components
            .iter()
            .map(|id| component_name(feed, id, lang))
            .collect(),
        updates: i
            .updates
            .iter()
            .filter(|u| u.at <= at)
            .map(|u| UpdateView {
                status_key: u.status.as_wire().to_string(),
                label: update_label(&u.status, u.label.as_deref(), m),
                at: format_time(u.at, tz),
                at_iso: u.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                body: u.body.get(lang.tag()).to_string(),
            })
            .collect(),
    }
}

/// `2021-05-05 22:00 KST`.
pub fn format_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()
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
        UpdateStatus::Unknown(raw) => return printed.unwrap_or(raw).to_string(),
    };
    known.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::statuslight;
    use crate::i18n::{EN, KO};

    #[test]
    fn durations() {
        assert_eq!(format_duration(140, &EN), "2 h 20 min");
        assert_eq!(format_duration(140, &KO), "2시간 20분");
        assert_eq!(format_duration(25, &EN), "25 min");
        assert_eq!(format_duration(1500, &EN), "1 d 1 h");
        assert_eq!(format_duration(-5, &EN), "0 min");
    }

    #[test]
    fn times_in_the_zone_with_its_abbreviation() {
        let t: DateTime<Utc> = "2021-05-05T13:00:00Z".parse().unwrap();
        assert_eq!(
            format_time(t, "Asia/Seoul".parse().unwrap()),
            "2021-05-05 22:00 KST"
        );
        assert_eq!(format_time(t, Tz::UTC), "2021-05-05 13:00 UTC");
    }

    #[test]
    fn banner_and_rows_in_both_languages() {
        let feed = statuslight::parse(
            r#"{"version": "statuslight/1",
              "page": {"name": {"ko": "샘플", "en": "Sample"}, "time_zone": "Asia/Seoul"},
              "components": [
                {"id": "msg", "name": {"ko": "메시지", "en": "Messaging"}},
                {"id": "calls", "name": {"ko": "통화", "en": "Calls"}, "is_group": true},
                {"id": "voice", "name": {"ko": "음성 통화", "en": "Voice calls"}, "group": "calls"}
              ],
              "incidents": [{"id": "x", "title": {"en": "Calls down", "ko": "통화 장애"}, "impact": "critical",
                 "components": [{"id": "voice", "severity": "major_outage", "from": "2021-05-05T13:00:00Z"}],
                 "updates": [{"status": "investigating", "at": "2021-05-05T13:10:00Z", "body": {"en": "Looking", "ko": "조사 중입니다"}}]}]
            }"#
            .as_bytes(),
        )
        .unwrap();
        let now: DateTime<Utc> = "2021-05-05T15:20:00Z".parse().unwrap();
        let tz = page_zone(&feed);
        let en = page_view(&feed, now, Lang::En, tz);
        assert_eq!(en.banner.level_key, "major");
        assert_eq!(
            en.banner.summary.as_deref(),
            Some("Voice calls: Major outage")
        );
        assert_eq!(en.components.len(), 2);
        assert_eq!(en.components[1].status_key, "major");
        assert_eq!(en.components[1].children[0].name, "Voice calls");
        assert_eq!(en.incidents[0].duration, "2 h 20 min (ongoing)");
        assert_eq!(en.incidents[0].updates[0].at, "2021-05-05 22:10 KST");
        let ko = page_view(&feed, now, Lang::Ko, tz);
        assert_eq!(ko.banner.summary.as_deref(), Some("음성 통화: 전면 장애"));
        assert_eq!(ko.incidents[0].title, "통화 장애");
        assert_eq!(ko.incidents[0].updates[0].label, "조사 중");
        // Before the incident began, nothing of it shows.
        let before = page_view(&feed, "2021-05-05T12:00:00Z".parse().unwrap(), Lang::En, tz);
        assert_eq!(before.banner.level_key, "operational");
        assert!(before.incidents.is_empty());
    }
}
