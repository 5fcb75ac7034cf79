//! Incident history by month, newest first, filterable by component and impact.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;

use super::{format_month, impact_key, incident_view, IncidentView, Settings};
use crate::model::Feed;

/// What the visitor filters the history by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// A component id; a group matches its children's incidents too.
    pub component: Option<String>,
    /// An impact key (`minor`, `major`, `critical`, …).
    pub impact: Option<String>,
}

/// One incident in the history list.
pub type IncidentSummary = IncidentView;

/// One month of history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthGroup {
    /// `2021-05`.
    pub key: String,
    /// "May 2021".
    pub label: String,
    pub incidents: Vec<IncidentSummary>,
    /// The shard to load for this month, when it is listed but not loaded yet.
    pub shard_url: Option<String>,
}

/// The months of history, newest first. Months come from the incidents present (cut in
/// the chosen zone) and from the feed's shard index; a listed shard not in `loaded` shows
/// as a month to load. Incidents not yet begun at the moment shown are left out.
pub fn history(
    feed: &Feed,
    at: chrono::DateTime<chrono::Utc>,
    s: &Settings,
    filter: &HistoryFilter,
    loaded: &BTreeSet<String>,
) -> Vec<MonthGroup> {
    let m = s.lang.messages();
    let wanted: Option<BTreeSet<&str>> = filter.component.as_deref().map(|id| {
        let mut set: BTreeSet<&str> = feed.children_of(id).map(|c| c.id.as_str()).collect();
        set.insert(id);
        set
    });
    let mut months: BTreeMap<String, MonthGroup> = BTreeMap::new();
    fn group<'a>(
        months: &'a mut BTreeMap<String, MonthGroup>,
        year: i32,
        month: u32,
        m: &crate::i18n::Messages,
    ) -> &'a mut MonthGroup {
        let key = format!("{year:04}-{month:02}");
        months.entry(key.clone()).or_insert_with(|| MonthGroup {
            key,
            label: format_month(year, month, m),
            incidents: Vec::new(),
            shard_url: None,
        })
    }
    for i in feed.incidents.iter().filter(|i| i.started_at <= at) {
        if let Some(w) = &wanted {
            let touches = i.components.iter().any(|c| w.contains(c.as_str()))
                || i.intervals
                    .iter()
                    .any(|iv| w.contains(iv.component_id.as_str()));
            if !touches {
                continue;
            }
        }
        if let Some(imp) = &filter.impact {
            if impact_key(&i.impact) != imp {
                continue;
            }
        }
        let local = i.started_at.with_timezone(&s.tz);
        group(&mut months, local.year(), local.month(), m)
            .incidents
            .push(incident_view(feed, i, at, s));
    }
    for shard in &feed.history {
        if loaded.contains(&shard.month) {
            continue;
        }
        let mut parts = shard.month.splitn(2, '-');
        let (Some(y), Some(mo)) = (
            parts.next().and_then(|y| y.parse().ok()),
            parts.next().and_then(|mo| mo.parse().ok()),
        ) else {
            continue;
        };
        group(&mut months, y, mo, m).shard_url = Some(shard.url.clone());
    }
    months.into_values().rev().collect()
}
