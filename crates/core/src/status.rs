//! Current status: of each component and of the whole page, at a moment passed in.
//!
//! # The rule
//! - A component's status is the one its publisher declares, when the format carries one
//!   (Statuspage). Otherwise it is derived at `now`: the worst severity of any incident
//!   interval on it that has begun and not ended; else "under maintenance" while a
//!   maintenance on it is in progress; else operational.
//! - A group's status is the worst of its children's (its own declared status when it has
//!   no children).
//! - The page's overall level is the worst over all components that are not groups:
//!   major outage > partial outage > degraded performance > maintenance > operational.
//!   With no components, the publisher's declared indicator decides, then open incidents.
//! - The summary names the components at that worst level, in display order.

use chrono::{DateTime, Utc};

use crate::model::{Component, ComponentStatus, Feed, Impact, Indicator, Severity};

/// The page's overall level, best first (so `max` is the worst).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Operational,
    Maintenance,
    Degraded,
    PartialOutage,
    MajorOutage,
}

impl Level {
    /// The level a component status stands for. Unknown statuses count as degraded: we
    /// cannot claim they are fine.
    pub fn of(status: &ComponentStatus) -> Level {
        match status {
            ComponentStatus::Operational => Level::Operational,
            ComponentStatus::UnderMaintenance => Level::Maintenance,
            ComponentStatus::DegradedPerformance | ComponentStatus::Unknown(_) => Level::Degraded,
            ComponentStatus::PartialOutage => Level::PartialOutage,
            ComponentStatus::MajorOutage => Level::MajorOutage,
        }
    }

    /// A stable machine name, used for CSS classes and message keys.
    pub fn key(self) -> &'static str {
        match self {
            Level::Operational => "operational",
            Level::Maintenance => "maintenance",
            Level::Degraded => "degraded",
            Level::PartialOutage => "partial",
            Level::MajorOutage => "major",
        }
    }
}

/// The status of a component that is not a group, at `now`.
pub fn component_status(feed: &Feed, component: &Component, now: DateTime<Utc>) -> ComponentStatus {
    if let Some(declared) = &component.status {
        return declared.clone();
    }
    let worst: Option<Severity> = feed
        .incidents
        .iter()
        .flat_map(|i| i.intervals.iter())
        .filter(|iv| iv.component_id == component.id)
        .filter(|iv| iv.start <= now && iv.end.is_none_or(|end| now < end))
        .map(|iv| iv.severity)
        .max();
    if let Some(sev) = worst {
        return sev.into();
    }
    let in_maintenance = feed.maintenances.iter().any(|m| {
        m.components.contains(&component.id)
            && m.actual_start.is_some_and(|s| s <= now)
            && m.actual_end.is_none_or(|e| now < e)
    });
    if in_maintenance {
        ComponentStatus::UnderMaintenance
    } else {
        ComponentStatus::Operational
    }
}

/// The status of any component at `now`; a group gets its worst child's.
pub fn status_of(feed: &Feed, component: &Component, now: DateTime<Utc>) -> ComponentStatus {
    if component.is_group {
        let worst = feed
            .children_of(&component.id)
            .map(|c| component_status(feed, c, now))
            .max_by_key(Level::of);
        if let Some(w) = worst {
            return w;
        }
    }
    component_status(feed, component, now)
}

/// The page's overall status at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overall {
    pub level: Level,
    /// Ids of the components at `level` (empty when operational), in display order.
    pub worst_components: Vec<String>,
    /// Ids of incidents open at `now`, newest first.
    pub open_incidents: Vec<String>,
}

/// The page's overall status at `now`, by the rule in the module docs.
pub fn overall(feed: &Feed, now: DateTime<Utc>) -> Overall {
    let mut leaves: Vec<(&Component, Level)> = feed
        .components
        .iter()
        .filter(|c| !c.is_group || feed.children_of(&c.id).next().is_none())
        .map(|c| (c, Level::of(&component_status(feed, c, now))))
        .collect();
    crate::order::sort_by_key(&mut leaves, |(c, _)| display_key(feed, c));
    let open_incidents: Vec<String> = feed
        .incidents
        .iter()
        .filter(|i| i.started_at <= now && i.resolved_at.is_none_or(|r| now < r))
        .map(|i| i.id.clone())
        .collect();
    let level = match leaves.iter().map(|(_, l)| *l).max() {
        Some(l) => l,
        None => fallback_level(feed, &open_incidents),
    };
    let worst_components = if level == Level::Operational {
        Vec::new()
    } else {
        leaves
            .iter()
            .filter(|(_, l)| *l == level)
            .map(|(c, _)| c.id.clone())
            .collect()
    };
    Overall {
        level,
        worst_components,
        open_incidents,
    }
}

/// The level of a page with no components: its declared indicator, else its open
/// incidents' impact.
fn fallback_level(feed: &Feed, open: &[String]) -> Level {
    if let Some(d) = &feed.declared {
        return match d.indicator {
            Indicator::None => Level::Operational,
            Indicator::Minor | Indicator::Unknown(_) => Level::Degraded,
            Indicator::Major => Level::PartialOutage,
            Indicator::Critical => Level::MajorOutage,
            Indicator::Maintenance => Level::Maintenance,
        };
    }
    feed.incidents
        .iter()
        .filter(|i| open.contains(&i.id))
        .map(|i| match i.impact {
            Impact::None | Impact::Minor | Impact::Unknown(_) => Level::Degraded,
            Impact::Major => Level::PartialOutage,
            Impact::Critical => Level::MajorOutage,
            Impact::Maintenance => Level::Maintenance,
        })
        .max()
        .unwrap_or(Level::Operational)
}

/// Sort key that puts components in display order: by their group's position, then
/// their own.
pub fn display_key<'a>(feed: &Feed, c: &'a Component) -> (i64, i64, &'a str) {
    match c.group_id.as_deref().and_then(|g| feed.component(g)) {
        Some(group) => (group.position, c.position, &c.id),
        None => (c.position, -1, &c.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::statuslight;

    fn feed() -> Feed {
        statuslight::parse(
            br#"{
          "version": "statuslight/1",
          "components": [
            {"id": "login", "name": "Login", "order": 1},
            {"id": "calls", "name": "Calls", "is_group": true, "order": 2},
            {"id": "voice", "name": "Voice", "group": "calls", "order": 1},
            {"id": "video", "name": "Video", "group": "calls", "order": 2}
          ],
          "incidents": [
            {"id": "i1", "title": "Calls down", "impact": "critical",
             "components": [
               {"id": "voice", "severity": "major_outage", "from": "2021-05-05T13:00:00Z", "to": "2021-05-05T15:20:00Z"},
               {"id": "video", "severity": "partial_outage", "from": "2021-05-05T13:00:00Z", "to": "2021-05-05T14:00:00Z"},
               {"id": "login", "severity": "degraded_performance", "from": "2021-05-05T12:00:00Z"}
             ],
             "updates": [{"status": "investigating", "at": "2021-05-05T13:05:00Z"}]}
          ],
          "maintenances": [
            {"id": "m1", "title": "Upgrade", "components": ["video"],
             "planned": {"from": "2021-06-01T00:00:00Z", "to": "2021-06-01T02:00:00Z"},
             "actual": {"from": "2021-06-01T00:10:00Z"}}
          ]
        }"#,
        )
        .unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn worst_interval_in_effect_wins() {
        let f = feed();
        let o = overall(&f, at("2021-05-05T13:30:00Z"));
        assert_eq!(o.level, Level::MajorOutage);
        assert_eq!(o.worst_components, vec!["voice".to_string()]);
        assert_eq!(o.open_incidents, vec!["i1".to_string()]);
        let calls = f.component("calls").unwrap();
        assert_eq!(
            status_of(&f, calls, at("2021-05-05T14:30:00Z")),
            ComponentStatus::MajorOutage
        );
    }

    #[test]
    fn before_and_after_intervals() {
        let f = feed();
        assert_eq!(
            overall(&f, at("2021-05-05T11:00:00Z")).level,
            Level::Operational
        );
        // The login interval is still open; ends are exclusive.
        let later = overall(&f, at("2021-05-05T15:20:00Z"));
        assert_eq!(later.level, Level::Degraded);
        assert_eq!(later.worst_components, vec!["login".to_string()]);
    }

    #[test]
    fn maintenance_in_progress() {
        let f = feed();
        let video = f.component("video").unwrap();
        assert_eq!(
            component_status(&f, video, at("2021-06-01T00:20:00Z")),
            ComponentStatus::UnderMaintenance
        );
        assert_eq!(
            component_status(&f, video, at("2021-06-01T00:05:00Z")),
            ComponentStatus::Operational
        );
    }
}
