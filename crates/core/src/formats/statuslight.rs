//! Statuslight's own feed format, `statuslight/1`.
//!
//! The README documents it and `public/statuslight-feed.schema.json` describes it for
//! editors. Text fields take either a plain string or an object of language → text.
//! Components carry no status of their own: it is derived from the incidents' intervals
//! (see [`crate::status`]), so a feed can never claim "operational" during an incident it
//! lists.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::error::{from_json, FeedError};
use crate::model::{
    Component, ComponentImpact, Feed, FeedKind, HistoryShard, Impact, Incident, Maintenance, Page,
    Severity, Text, Update, UpdateStatus,
};

/// The version string this module reads.
pub const VERSION: &str = "statuslight/1";

#[derive(Deserialize)]
#[serde(untagged)]
enum WireText {
    Plain(String),
    Langs(BTreeMap<String, String>),
}

impl From<WireText> for Text {
    fn from(w: WireText) -> Text {
        match w {
            WireText::Plain(s) => Text::untagged(s),
            WireText::Langs(map) => Text(map),
        }
    }
}

#[derive(Deserialize)]
struct WireFeed {
    version: String,
    #[serde(default)]
    as_of: Option<DateTime<Utc>>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    page: Option<WirePage>,
    #[serde(default)]
    components: Vec<WireComponent>,
    #[serde(default)]
    incidents: Vec<WireIncident>,
    #[serde(default)]
    maintenances: Vec<WireMaintenance>,
    #[serde(default)]
    history: Vec<WireShard>,
}

#[derive(Deserialize)]
struct WirePage {
    name: WireText,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    notice: Option<WireText>,
}

#[derive(Deserialize)]
struct WireComponent {
    id: String,
    name: WireText,
    #[serde(default)]
    description: Option<WireText>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    is_group: bool,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    start_date: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct WireIncident {
    id: String,
    title: WireText,
    impact: String,
    #[serde(default)]
    started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    resolved_at: Option<DateTime<Utc>>,
    #[serde(default)]
    components: Vec<WireInterval>,
    #[serde(default)]
    updates: Vec<WireUpdate>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct WireInterval {
    id: String,
    severity: String,
    from: DateTime<Utc>,
    #[serde(default)]
    to: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct WireUpdate {
    status: String,
    at: DateTime<Utc>,
    #[serde(default)]
    body: Option<WireText>,
}

#[derive(Deserialize)]
struct WireWindow {
    from: DateTime<Utc>,
    #[serde(default)]
    to: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct WireMaintenance {
    id: String,
    title: WireText,
    #[serde(default)]
    components: Vec<String>,
    planned: WireWindow,
    #[serde(default)]
    actual: Option<WireWindow>,
    #[serde(default)]
    updates: Vec<WireUpdate>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct WireShard {
    month: String,
    url: String,
    #[serde(default)]
    incidents: Option<u32>,
}

/// Read a `statuslight/1` feed (a current feed or a month shard).
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    let wire: WireFeed = from_json(bytes)?;
    if wire.version != VERSION {
        return Err(FeedError::UnsupportedVersion {
            found: wire.version,
        });
    }
    let mut feed = Feed::empty(FeedKind::Statuslight);
    feed.as_of = wire.as_of;
    feed.updated_at = wire.updated_at;
    if let Some(p) = wire.page {
        feed.page = Page {
            id: None,
            name: p.name.into(),
            url: p.url,
            time_zone: p.time_zone,
            languages: p.languages,
            notice: p.notice.map(Text::from),
        };
    }
    feed.components = wire
        .components
        .into_iter()
        .enumerate()
        .map(|(i, c)| Component {
            id: c.id,
            name: c.name.into(),
            description: c.description.map(Text::from),
            group_id: c.group,
            is_group: c.is_group,
            position: c.order.unwrap_or(i as i64),
            start_date: c.start_date,
            status: None,
            only_show_if_degraded: false,
            showcase: true,
        })
        .collect();
    feed.incidents = wire
        .incidents
        .into_iter()
        .enumerate()
        .map(|(i, w)| incident(i, w))
        .collect::<Result<_, _>>()?;
    feed.incidents
        .sort_by(|a, b| b.started_at.cmp(&a.started_at).then(a.id.cmp(&b.id)));
    feed.maintenances = wire.maintenances.into_iter().map(maintenance).collect();
    feed.maintenances
        .sort_by_key(|m| std::cmp::Reverse(m.scheduled_start));
    feed.history = wire
        .history
        .into_iter()
        .map(|s| HistoryShard {
            month: s.month,
            url: s.url,
            incidents: s.incidents,
        })
        .collect();
    Ok(feed)
}

fn updates(wire: Vec<WireUpdate>) -> Vec<Update> {
    let mut out: Vec<Update> = wire
        .into_iter()
        .map(|u| Update {
            status: UpdateStatus::parse(&u.status),
            label: None,
            at: u.at,
            body: u.body.map(Text::from).unwrap_or_default(),
        })
        .collect();
    out.sort_by_key(|u| u.at);
    out
}

fn incident(index: usize, w: WireIncident) -> Result<Incident, FeedError> {
    let intervals = w
        .components
        .into_iter()
        .enumerate()
        .map(|(j, c)| {
            let severity = Severity::from_wire(&c.severity).ok_or_else(|| FeedError::Invalid {
                path: format!("incidents[{index}].components[{j}].severity"),
                message: format!(
                    "expected degraded_performance, partial_outage or major_outage, found {:?}",
                    c.severity
                ),
            })?;
            Ok(ComponentImpact {
                component_id: c.id,
                severity,
                start: c.from,
                end: c.to,
            })
        })
        .collect::<Result<Vec<_>, FeedError>>()?;
    let updates = updates(w.updates);
    let mut components: Vec<String> = Vec::new();
    for iv in &intervals {
        if !components.contains(&iv.component_id) {
            components.push(iv.component_id.clone());
        }
    }
    let earliest = updates
        .iter()
        .map(|u| u.at)
        .chain(intervals.iter().map(|iv| iv.start))
        .min();
    let started_at = match (w.started_at, earliest) {
        (Some(s), _) => s,
        (None, Some(e)) => e,
        (None, None) => {
            return Err(FeedError::Invalid {
                path: format!("incidents[{index}]"),
                message: "an incident needs started_at, an update or a component interval"
                    .to_string(),
            })
        }
    };
    let resolved_at = w.resolved_at.or_else(|| {
        updates
            .iter()
            .rev()
            .find(|u| u.status == UpdateStatus::Resolved)
            .map(|u| u.at)
    });
    let status = updates
        .iter()
        .rev()
        .find(|u| u.status != UpdateStatus::Postmortem)
        .or(updates.last())
        .map(|u| u.status.clone())
        .unwrap_or(if resolved_at.is_some() {
            UpdateStatus::Resolved
        } else {
            UpdateStatus::Investigating
        });
    Ok(Incident {
        id: w.id,
        title: w.title.into(),
        impact: Impact::from_wire(&w.impact),
        status,
        started_at,
        resolved_at,
        components,
        intervals,
        updates,
        url: w.url,
    })
}

fn maintenance(w: WireMaintenance) -> Maintenance {
    let updates = updates(w.updates);
    let status = updates
        .last()
        .map(|u| u.status.clone())
        .unwrap_or(UpdateStatus::Scheduled);
    let planned_end = w.planned.to.unwrap_or(w.planned.from);
    Maintenance {
        id: w.id,
        title: w.title.into(),
        status,
        components: w.components,
        scheduled_start: w.planned.from,
        scheduled_end: planned_end,
        actual_start: w.actual.as_ref().map(|a| a.from),
        actual_end: w.actual.and_then(|a| a.to),
        updates,
        url: w.url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"{
      "version": "statuslight/1",
      "page": {"name": {"ko": "샘플", "en": "Sample"}, "time_zone": "Asia/Seoul", "languages": ["ko", "en"]},
      "components": [
        {"id": "msg", "name": {"ko": "메시지", "en": "Messaging"}, "start_date": "2020-01-01"},
        {"id": "calls", "name": "Calls", "is_group": true},
        {"id": "voice", "name": "Voice", "group": "calls"}
      ],
      "incidents": [
        {"id": "a", "title": "Old", "impact": "minor",
         "components": [{"id": "msg", "severity": "partial_outage", "from": "2020-01-01T00:00:00+09:00", "to": "2020-01-01T00:30:00+09:00"}],
         "updates": [
           {"status": "resolved", "at": "2020-01-01T00:30:00+09:00", "body": "Fixed"},
           {"status": "investigating", "at": "2020-01-01T00:05:00+09:00", "body": {"en": "Looking", "ko": "확인 중"}}
         ]},
        {"id": "b", "title": "Open", "impact": "major",
         "components": [{"id": "voice", "severity": "major_outage", "from": "2021-01-01T00:00:00Z"}],
         "updates": [{"status": "investigating", "at": "2021-01-01T00:01:00Z"}]}
      ]
    }"#;

    #[test]
    fn reads_a_small_feed() {
        let feed = parse(MINI.as_bytes()).unwrap();
        assert_eq!(feed.page.name.get("ko"), "샘플");
        assert_eq!(feed.page.name.get("en-US"), "Sample");
        assert_eq!(feed.components.len(), 3);
        assert_eq!(feed.children_of("calls").count(), 1);
        // Newest first.
        assert_eq!(feed.incidents[0].id, "b");
        let old = &feed.incidents[1];
        assert_eq!(
            old.started_at,
            "2019-12-31T15:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            old.resolved_at,
            Some("2019-12-31T15:30:00Z".parse().unwrap())
        );
        // Updates come out oldest first whatever the file's order.
        assert_eq!(old.updates[0].status, UpdateStatus::Investigating);
        assert_eq!(old.updates[0].body.get("ko"), "확인 중");
        assert_eq!(old.status, UpdateStatus::Resolved);
        assert!(feed.incidents[0].is_open());
        assert_eq!(feed.incidents[0].intervals[0].end, None);
    }

    #[test]
    fn wrong_version_is_refused() {
        let err = parse(br#"{"version": "statuslight/9"}"#).unwrap_err();
        assert_eq!(
            err,
            FeedError::UnsupportedVersion {
                found: "statuslight/9".into()
            }
        );
    }

    #[test]
    fn errors_name_the_json_path() {
        let bad = MINI.replace("2021-01-01T00:01:00Z", "yesterday");
        match parse(bad.as_bytes()).unwrap_err() {
            FeedError::Json { path, .. } => assert_eq!(path, "incidents[1].updates[0].at"),
            other => panic!("expected a JSON error, got {other:?}"),
        }
        let bad = MINI.replace("\"major_outage\"", "\"meltdown\"");
        match parse(bad.as_bytes()).unwrap_err() {
            FeedError::Invalid { path, message } => {
                assert_eq!(path, "incidents[1].components[0].severity");
                assert!(message.contains("meltdown"));
            }
            other => panic!("expected an invalid-feed error, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_feed_is_valid() {
        let feed = parse(br#"{"version": "statuslight/1"}"#).unwrap();
        assert!(feed.components.is_empty() && feed.incidents.is_empty());
    }
}
