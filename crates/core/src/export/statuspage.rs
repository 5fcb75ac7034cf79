//! Statuspage v2 public API documents written from a feed, so clients and bots made for
//! Statuspage can read a Statuslight page: `summary.json`, `status.json`,
//! `components.json`, `incidents.json`, `incidents/unresolved.json`,
//! `scheduled-maintenances.json` and its `upcoming` / `active` variants.
//!
//! # Rules
//! - Shapes and field names follow the real API. Times are RFC 3339 in UTC. Text is
//!   written in one language (Statuspage text carries none).
//! - Component statuses are derived at `now` by [`crate::status`]; a group is
//!   `group: true` with its children's ids in `components`, children name it in
//!   `group_id`.
//! - `status.indicator` follows the page's overall level: operational `none`,
//!   maintenance `maintenance`, degraded `minor`, partial outage `major`, major outage
//!   `critical`.
//! - Incident updates come newest first, with ids `<incident id>-<n>` (`n` counts from
//!   0, oldest first, so ids stay put when updates are added). Each update's
//!   `affected_components` gives, for every component the incident touched, its status
//!   just before the update (`old_status`) and at the update's time (`new_status`),
//!   taken from the incident's intervals; the first update lists every touched
//!   component, later ones those that changed or are still down. Read back through
//!   [`crate::formats::statuspage`], this gives the same intervals whenever their ends
//!   fall on update times, the incident's start or its resolution; the API cannot say
//!   more.
//! - Incidents that start after `now` are left out (a snapshot describes its moment).
//!   `incidents.json` lists all other incidents, newest first; `unresolved.json` and
//!   the summary those open at `now`.
//! - Maintenance: `scheduled_for`/`scheduled_until` are the planned window,
//!   `started_at` the actual start (else the planned one), `resolved_at` the actual end.
//!   The summary lists maintenance that is upcoming or in progress at `now`.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::{component_name, incident_link, output_lang, rfc3339, text_in};
use crate::i18n::Lang;
use crate::model::{Component, Feed, Incident, Maintenance, Severity, Update};
use crate::present::level_label;
use crate::status::{self, Level};

/// Every document, as `(path relative to the site root, JSON text)`.
pub fn files(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> Vec<(String, String)> {
    let w = Writer::new(feed, now, lang);
    let docs = [
        ("api/v2/summary.json", w.summary()),
        ("api/v2/status.json", w.status_doc()),
        ("api/v2/components.json", w.components_doc()),
        ("api/v2/incidents.json", w.incidents_doc(false)),
        ("api/v2/incidents/unresolved.json", w.incidents_doc(true)),
        (
            "api/v2/scheduled-maintenances.json",
            w.maintenances_doc(MaintenanceFilter::All),
        ),
        (
            "api/v2/scheduled-maintenances/upcoming.json",
            w.maintenances_doc(MaintenanceFilter::Upcoming),
        ),
        (
            "api/v2/scheduled-maintenances/active.json",
            w.maintenances_doc(MaintenanceFilter::Active),
        ),
    ];
    docs.into_iter()
        .map(|(p, v)| (p.to_string(), pretty(&v)))
        .collect()
}

/// `summary.json`: page, components, unresolved incidents, upcoming and active
/// maintenance, overall status.
pub fn summary(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> String {
    pretty(&Writer::new(feed, now, lang).summary())
}

/// `incidents.json`: page and every incident that started by `now`, newest first.
pub fn incidents(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> String {
    pretty(&Writer::new(feed, now, lang).incidents_doc(false))
}

/// `scheduled-maintenances.json`: page and every maintenance.
pub fn scheduled_maintenances(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> String {
    pretty(&Writer::new(feed, now, lang).maintenances_doc(MaintenanceFilter::All))
}

/// The Statuspage indicator for an overall level.
pub fn indicator(level: Level) -> &'static str {
    match level {
        Level::Operational => "none",
        Level::Maintenance => "maintenance",
        Level::Degraded => "minor",
        Level::PartialOutage => "major",
        Level::MajorOutage => "critical",
    }
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MaintenanceFilter {
    All,
    Upcoming,
    Active,
}

struct Writer<'a> {
    feed: &'a Feed,
    now: DateTime<Utc>,
    lang: String,
    page_id: String,
    updated: DateTime<Utc>,
}

impl<'a> Writer<'a> {
    fn new(feed: &'a Feed, now: DateTime<Utc>, lang: Option<&str>) -> Self {
        Writer {
            feed,
            now,
            lang: output_lang(feed, lang),
            page_id: feed
                .page
                .id
                .clone()
                .unwrap_or_else(|| "statuslight".to_string()),
            updated: feed.updated_at.unwrap_or(now),
        }
    }

    fn text(&self, t: &crate::model::Text) -> String {
        text_in(t, &self.lang)
    }

    fn page(&self) -> Value {
        let p = &self.feed.page;
        json!({
            "id": self.page_id,
            "name": self.text(&p.name),
            "url": p.url,
            "time_zone": p.time_zone.clone().unwrap_or_else(|| "Etc/UTC".to_string()),
            "updated_at": rfc3339(self.updated),
        })
    }

    fn status(&self) -> Value {
        let level = status::overall(self.feed, self.now).level;
        let m = Lang::from_tag(&self.lang).unwrap_or(Lang::En).messages();
        json!({
            "indicator": indicator(level),
            "description": level_label(level, m),
        })
    }

    fn component(&self, c: &Component) -> Value {
        let mut o = Map::new();
        let status = status::status_of(self.feed, c, self.now);
        o.insert("id".into(), json!(c.id));
        o.insert("name".into(), json!(self.text(&c.name)));
        o.insert("status".into(), json!(status.as_wire()));
        o.insert("created_at".into(), json!(rfc3339(self.updated)));
        o.insert("updated_at".into(), json!(rfc3339(self.updated)));
        o.insert("position".into(), json!(c.position));
        o.insert(
            "description".into(),
            json!(c.description.as_ref().map(|d| self.text(d))),
        );
        o.insert("showcase".into(), json!(c.showcase));
        o.insert(
            "start_date".into(),
            json!(c.start_date.map(|d| d.format("%Y-%m-%d").to_string())),
        );
        o.insert("group_id".into(), json!(c.group_id));
        o.insert("page_id".into(), json!(self.page_id));
        o.insert("group".into(), json!(c.is_group));
        o.insert(
            "only_show_if_degraded".into(),
            json!(c.only_show_if_degraded),
        );
        if c.is_group {
            let children: Vec<&str> = self
                .feed
                .children_of(&c.id)
                .map(|ch| ch.id.as_str())
                .collect();
            o.insert("components".into(), json!(children));
        }
        Value::Object(o)
    }

    fn components(&self) -> Value {
        Value::Array(
            self.feed
                .components
                .iter()
                .map(|c| self.component(c))
                .collect(),
        )
    }

    /// A component embedded in an incident: the full object when the feed knows it.
    fn embedded(&self, id: &str) -> Value {
        match self.feed.component(id) {
            Some(c) => self.component(c),
            None => json!({"id": id, "name": id, "page_id": self.page_id}),
        }
    }

    fn update(&self, parent: &str, n: usize, u: &Update, affected: Vec<Value>) -> Value {
        json!({
            "id": format!("{parent}-{n}"),
            "status": u.status.as_wire(),
            "body": self.text(&u.body),
            "incident_id": parent,
            "created_at": rfc3339(u.at),
            "updated_at": rfc3339(u.at),
            "display_at": rfc3339(u.at),
            "affected_components": affected,
        })
    }

    fn incident(&self, i: &Incident) -> Value {
        let affected = affected_components(i);
        let mut updates: Vec<Value> = i
            .updates
            .iter()
            .zip(affected)
            .enumerate()
            .map(|(n, (u, aff))| {
                let list = aff
                    .into_iter()
                    .map(|(code, old, new)| {
                        json!({
                            "code": code,
                            "name": component_name(self.feed, &code, &self.lang),
                            "old_status": wire(old),
                            "new_status": wire(new),
                        })
                    })
                    .collect();
                self.update(&i.id, n, u, list)
            })
            .collect();
        updates.reverse();
        let last = i
            .updates
            .iter()
            .map(|u| u.at)
            .chain(i.resolved_at)
            .chain([i.started_at])
            .max()
            .unwrap_or(i.started_at);
        let monitoring_at = i
            .updates
            .iter()
            .find(|u| u.status == crate::model::UpdateStatus::Monitoring)
            .map(|u| rfc3339(u.at));
        json!({
            "id": i.id,
            "name": self.text(&i.title),
            "status": i.status.as_wire(),
            "created_at": rfc3339(i.started_at),
            "updated_at": rfc3339(last),
            "monitoring_at": monitoring_at,
            "resolved_at": i.resolved_at.map(rfc3339),
            "impact": i.impact.as_wire(),
            "shortlink": incident_link(self.feed, &i.id),
            "started_at": rfc3339(i.started_at),
            "page_id": self.page_id,
            "incident_updates": updates,
            "components": i.components.iter().map(|c| self.embedded(c)).collect::<Vec<_>>(),
        })
    }

    fn maintenance(&self, m: &Maintenance) -> Value {
        let mut updates: Vec<Value> = m
            .updates
            .iter()
            .enumerate()
            .map(|(n, u)| self.update(&m.id, n, u, Vec::new()))
            .collect();
        updates.reverse();
        let last = m
            .updates
            .iter()
            .map(|u| u.at)
            .chain(m.actual_end)
            .max()
            .unwrap_or(m.scheduled_start);
        json!({
            "id": m.id,
            "name": self.text(&m.title),
            "status": m.status.as_wire(),
            "created_at": rfc3339(m.updates.first().map(|u| u.at).unwrap_or(m.scheduled_start).min(m.scheduled_start)),
            "updated_at": rfc3339(last),
            "monitoring_at": Value::Null,
            "resolved_at": m.actual_end.map(rfc3339),
            "impact": "maintenance",
            "shortlink": incident_link(self.feed, &m.id),
            "started_at": rfc3339(m.actual_start.unwrap_or(m.scheduled_start)),
            "page_id": self.page_id,
            "incident_updates": updates,
            "components": m.components.iter().map(|c| self.embedded(c)).collect::<Vec<_>>(),
            "scheduled_for": rfc3339(m.scheduled_start),
            "scheduled_until": rfc3339(m.scheduled_end),
        })
    }

    fn started(&self) -> impl Iterator<Item = &'a Incident> + '_ {
        self.feed
            .incidents
            .iter()
            .filter(|i| i.started_at <= self.now)
    }

    fn open_at_now(&self, i: &Incident) -> bool {
        i.resolved_at.is_none_or(|r| self.now < r)
    }

    fn maintenances(&self, filter: MaintenanceFilter) -> Value {
        let now = self.now;
        let active = |m: &Maintenance| {
            m.actual_start.is_some_and(|s| s <= now)
                && m.actual_end.is_none_or(|e| now < e)
                && !m.status.is_final()
        };
        let upcoming = |m: &Maintenance| {
            m.actual_start.is_none() && m.scheduled_start > now && !m.status.is_final()
        };
        Value::Array(
            self.feed
                .maintenances
                .iter()
                .filter(|m| match filter {
                    MaintenanceFilter::All => true,
                    MaintenanceFilter::Upcoming => upcoming(m),
                    MaintenanceFilter::Active => active(m),
                })
                .map(|m| self.maintenance(m))
                .collect(),
        )
    }

    fn summary(&self) -> Value {
        let unresolved: Vec<Value> = self
            .started()
            .filter(|i| self.open_at_now(i))
            .map(|i| self.incident(i))
            .collect();
        let mut maint = Vec::new();
        for f in [MaintenanceFilter::Active, MaintenanceFilter::Upcoming] {
            if let Value::Array(list) = self.maintenances(f) {
                maint.extend(list);
            }
        }
        json!({
            "page": self.page(),
            "components": self.components(),
            "incidents": unresolved,
            "scheduled_maintenances": maint,
            "status": self.status(),
        })
    }

    fn status_doc(&self) -> Value {
        json!({"page": self.page(), "status": self.status()})
    }

    fn components_doc(&self) -> Value {
        json!({"page": self.page(), "components": self.components()})
    }

    fn incidents_doc(&self, unresolved_only: bool) -> Value {
        let list: Vec<Value> = self
            .started()
            .filter(|i| !unresolved_only || self.open_at_now(i))
            .map(|i| self.incident(i))
            .collect();
        json!({"page": self.page(), "incidents": list})
    }

    fn maintenances_doc(&self, filter: MaintenanceFilter) -> Value {
        json!({"page": self.page(), "scheduled_maintenances": self.maintenances(filter)})
    }
}

fn wire(s: Option<Severity>) -> &'static str {
    s.map(Severity::as_wire).unwrap_or("operational")
}

/// The worst severity of the incident's intervals on `component` in effect at `t`.
fn state_at(i: &Incident, component: &str, t: DateTime<Utc>) -> Option<Severity> {
    i.intervals
        .iter()
        .filter(|iv| iv.component_id == component)
        .filter(|iv| iv.start <= t && iv.end.is_none_or(|e| t < e))
        .map(|iv| iv.severity)
        .max()
}

type Change = (String, Option<Severity>, Option<Severity>);

/// Per update (oldest first): `(component, old, new)` changes, by the rule in the module
/// docs.
fn affected_components(i: &Incident) -> Vec<Vec<Change>> {
    let mut prev: Vec<Option<Severity>> = i
        .components
        .iter()
        .map(|c| state_at(i, c, i.started_at))
        .collect();
    let mut out = Vec::with_capacity(i.updates.len());
    for (n, u) in i.updates.iter().enumerate() {
        let mut list = Vec::new();
        for (k, c) in i.components.iter().enumerate() {
            let new = state_at(i, c, u.at);
            if n == 0 || new != prev[k] || new.is_some() {
                list.push((c.clone(), prev[k], new));
            }
            prev[k] = new;
        }
        out.push(list);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{statuslight, statuspage};

    const FEED: &str = r#"{
      "version": "statuslight/1",
      "updated_at": "2021-01-02T00:00:00Z",
      "page": {"name": {"en": "Sample", "ko": "샘플"}, "url": "https://status.example.com", "time_zone": "Asia/Seoul", "languages": ["en", "ko"]},
      "components": [
        {"id": "msg", "name": "Messaging", "start_date": "2020-01-01"},
        {"id": "calls", "name": "Calls", "is_group": true},
        {"id": "voice", "name": "Voice", "group": "calls"},
        {"id": "video", "name": "Video", "group": "calls"}
      ],
      "incidents": [
        {"id": "a", "title": "Calls down", "impact": "critical",
         "components": [
           {"id": "voice", "severity": "major_outage", "from": "2021-01-01T00:00:00Z", "to": "2021-01-01T01:00:00Z"},
           {"id": "video", "severity": "partial_outage", "from": "2021-01-01T00:30:00Z", "to": "2021-01-01T02:00:00Z"}
         ],
         "updates": [
           {"status": "investigating", "at": "2021-01-01T00:10:00Z", "body": "Looking"},
           {"status": "identified", "at": "2021-01-01T00:30:00Z", "body": "Found"},
           {"status": "monitoring", "at": "2021-01-01T01:00:00Z", "body": "Better"},
           {"status": "resolved", "at": "2021-01-01T02:00:00Z", "body": "Done"}
         ]},
        {"id": "b", "title": "Messages slow", "impact": "minor",
         "components": [{"id": "msg", "severity": "degraded_performance", "from": "2021-01-03T00:00:00Z"}],
         "updates": [{"status": "investigating", "at": "2021-01-03T00:05:00Z", "body": "Slow"}]}
      ]
    }"#;

    fn now() -> DateTime<Utc> {
        "2021-01-04T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn reads_back_through_the_statuspage_adapter() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let all = files(&feed, now(), None);
        let get = |p: &str| all.iter().find(|(q, _)| q == p).unwrap().1.as_bytes();
        let back = statuspage::parse_many(&[
            get("api/v2/summary.json"),
            get("api/v2/incidents.json"),
            get("api/v2/scheduled-maintenances.json"),
        ])
        .unwrap();
        assert_eq!(back.incidents.len(), 2);
        for (a, b) in feed.incidents.iter().zip(&back.incidents) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.started_at, b.started_at);
            assert_eq!(a.resolved_at, b.resolved_at);
            assert_eq!(a.intervals, b.intervals, "incident {}", a.id);
            assert_eq!(a.components, b.components);
            assert_eq!(a.status, b.status);
            assert_eq!(a.impact, b.impact);
        }
        let calls = back.component("calls").unwrap();
        assert!(calls.is_group);
        assert_eq!(
            back.component("voice").unwrap().group_id.as_deref(),
            Some("calls")
        );
        assert_eq!(
            back.component("msg")
                .unwrap()
                .status
                .as_ref()
                .unwrap()
                .as_wire(),
            "degraded_performance"
        );
        assert_eq!(
            back.declared.as_ref().unwrap().indicator,
            crate::model::Indicator::Minor
        );
    }

    #[test]
    fn summary_lists_only_open_incidents_and_derives_group_status() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let v: Value = serde_json::from_str(&summary(&feed, now(), None)).unwrap();
        let ids: Vec<&str> = v["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["b"]);
        assert_eq!(v["status"]["indicator"], "minor");
        let during: DateTime<Utc> = "2021-01-01T00:40:00Z".parse().unwrap();
        let v: Value = serde_json::from_str(&summary(&feed, during, None)).unwrap();
        let calls = v["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "calls")
            .unwrap();
        assert_eq!(calls["status"], "major_outage");
        assert_eq!(calls["group"], true);
        assert_eq!(calls["components"], json!(["voice", "video"]));
        assert_eq!(v["status"]["indicator"], "critical");
        assert_eq!(
            v["incidents"][0]["shortlink"],
            "https://status.example.com/#/incident/a"
        );
    }
}
