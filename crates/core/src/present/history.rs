//! Incident history by month, newest first, filterable by component and impact.
//!
//! [`history`] formats every month at once. A page that loads older months one by one
//! keeps a [`HistoryCache`] instead: it formats a month again only when what that month
//! shows changed, and gives each month a revision for keyed rendering.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};

use super::{format_month, impact_key, incident_view, IncidentView, Settings};
use crate::model::{Feed, Incident};

/// What the visitor filters the history by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// A component id; a group matches its children's incidents too.
    pub component: Option<String>,
    /// An impact key (`minor`, `major`, `critical`, …).
    pub impact: Option<String>,
}

/// The impact keys the history can be filtered by ([`HistoryFilter::impact`]), in the
/// order its picker lists them, after "All".
pub const IMPACT_FILTERS: [&str; 5] = ["critical", "major", "minor", "none", "maintenance"];

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

/// Which incidents one month of history holds, before anything is formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthPlan {
    /// `2021-05`.
    pub key: String,
    pub year: i32,
    pub month: u32,
    /// Positions in the feed's `incidents`, in the feed's order.
    pub incidents: Vec<usize>,
    /// The shard to load for this month, when it is listed but not loaded yet.
    pub shard_url: Option<String>,
}

/// The months of history, newest first. Months come from the incidents present (cut in
/// the chosen zone) and from the feed's shard index; a listed shard not in `loaded` shows
/// as a month to load. Incidents not yet begun at the moment shown are left out.
pub fn history(
    feed: &Feed,
    at: DateTime<Utc>,
    s: &Settings,
    filter: &HistoryFilter,
    loaded: &BTreeSet<String>,
) -> Vec<MonthGroup> {
    history_plan(feed, at, s, filter, loaded)
        .iter()
        .map(|p| month_group(feed, p, at, s))
        .collect()
}

/// The months [`history`] shows and which incidents each holds, without formatting
/// them: cheap, even for a feed with thousands of incidents.
pub fn history_plan(
    feed: &Feed,
    at: DateTime<Utc>,
    s: &Settings,
    filter: &HistoryFilter,
    loaded: &BTreeSet<String>,
) -> Vec<MonthPlan> {
    let wanted: Option<BTreeSet<&str>> = filter.component.as_deref().map(|id| {
        // Inserted one by one: collecting into a `BTreeSet` sorts first, with a stable sort
        // of `&str` instantiated for this line alone (with wire.rs's, 11 KB raw of the
        // page's wasm).
        let mut set = BTreeSet::new();
        for c in feed.children_of(id) {
            set.insert(c.id.as_str());
        }
        set.insert(id);
        set
    });
    let mut months: BTreeMap<(i32, u32), MonthPlan> = BTreeMap::new();
    fn plan(months: &mut BTreeMap<(i32, u32), MonthPlan>, year: i32, month: u32) -> &mut MonthPlan {
        months.entry((year, month)).or_insert_with(|| MonthPlan {
            key: format!("{year:04}-{month:02}"),
            year,
            month,
            incidents: Vec::new(),
            shard_url: None,
        })
    }
    for (n, i) in feed.incidents.iter().enumerate() {
        if i.started_at > at {
            continue;
        }
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
        plan(&mut months, local.year(), local.month())
            .incidents
            .push(n);
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
        plan(&mut months, y, mo).shard_url = Some(shard.url.clone());
    }
    months.into_values().rev().collect()
}

/// One month of [`history_plan`], formatted. `plan` must come from the same `feed`.
pub fn month_group(feed: &Feed, plan: &MonthPlan, at: DateTime<Utc>, s: &Settings) -> MonthGroup {
    MonthGroup {
        key: plan.key.clone(),
        label: format_month(plan.year, plan.month, s.lang.messages()),
        incidents: plan
            .incidents
            .iter()
            .filter_map(|&n| feed.incidents.get(n))
            .map(|i| incident_view(feed, i, at, s))
            .collect(),
        shard_url: plan.shard_url.clone(),
    }
}

/// One month of history as [`HistoryCache::months`] gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryMonth {
    /// Changes whenever the month's view model may have changed: with the month's key, a
    /// key for keyed rendering that keeps the months that did not change.
    pub rev: u64,
    pub group: Arc<MonthGroup>,
}

/// Everything of a feed but its incidents, maintenance and shard index, and everything
/// else a month's view model depends on besides its own incidents.
#[derive(Clone, Debug, PartialEq)]
struct Frame {
    at: DateTime<Utc>,
    settings: Settings,
    filter: HistoryFilter,
    feed: Feed,
}

impl Frame {
    fn new(feed: &Feed, at: DateTime<Utc>, s: &Settings, filter: &HistoryFilter) -> Frame {
        // Spelled out, so that a new field of `Feed` has to be considered here.
        let Feed {
            kind,
            page,
            components,
            incidents: _,
            maintenances: _,
            as_of,
            updated_at,
            declared,
            history: _,
        } = feed;
        Frame {
            at,
            // The bars' window does not change the history.
            settings: Settings {
                window_days: 0,
                ..s.clone()
            },
            filter: filter.clone(),
            feed: Feed {
                page: page.clone(),
                components: components.clone(),
                as_of: *as_of,
                updated_at: *updated_at,
                declared: declared.clone(),
                ..Feed::empty(*kind)
            },
        }
    }
}

#[derive(Debug)]
struct Cached {
    /// The month's incidents as they were formatted.
    incidents: Vec<Incident>,
    shard_url: Option<String>,
    month: HistoryMonth,
}

/// The months of [`history`], formatted only when they changed.
///
/// Loading one more month shard into a feed of thousands of incidents should not format
/// them all again: [`HistoryCache::months`] keeps each month's view model and reuses it
/// while the month holds the same incidents (compared by value), the same shard link, and
/// nothing else it depends on changed (the moment shown, the language, zone and rules, the
/// filter, the feed's page and components). Its result always equals [`history`]'s.
#[derive(Debug, Default)]
pub struct HistoryCache {
    frame: Option<Frame>,
    months: HashMap<String, Cached>,
    next_rev: u64,
}

impl HistoryCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The first `limit` months of [`history`] (all of them for `usize::MAX`), reusing
    /// the months that did not change since the last call. Months past `limit` are not
    /// formatted, so a page can show the newest months first and the rest a moment later.
    pub fn months(
        &mut self,
        feed: &Feed,
        at: DateTime<Utc>,
        s: &Settings,
        filter: &HistoryFilter,
        loaded: &BTreeSet<String>,
        limit: usize,
    ) -> Vec<HistoryMonth> {
        let frame = Frame::new(feed, at, s, filter);
        if self.frame.as_ref() != Some(&frame) {
            self.months.clear();
            self.frame = Some(frame);
        }
        let mut plans = history_plan(feed, at, s, filter, loaded);
        plans.truncate(limit);
        let mut kept = HashMap::with_capacity(plans.len());
        let mut out = Vec::with_capacity(plans.len());
        for plan in plans {
            let same = |c: &Cached| {
                c.shard_url == plan.shard_url
                    && c.incidents.len() == plan.incidents.len()
                    && plan
                        .incidents
                        .iter()
                        .zip(&c.incidents)
                        .all(|(&n, old)| feed.incidents.get(n) == Some(old))
            };
            let cached = match self.months.remove(&plan.key) {
                Some(c) if same(&c) => c,
                _ => {
                    self.next_rev += 1;
                    Cached {
                        incidents: plan
                            .incidents
                            .iter()
                            .filter_map(|&n| feed.incidents.get(n).cloned())
                            .collect(),
                        shard_url: plan.shard_url.clone(),
                        month: HistoryMonth {
                            rev: self.next_rev,
                            group: Arc::new(month_group(feed, &plan, at, s)),
                        },
                    }
                }
            };
            out.push(cached.month.clone());
            kept.insert(plan.key, cached);
        }
        self.months = kept;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::shards;
    use crate::i18n::Lang;
    use crate::synth::{generate, SynthOptions};
    use crate::zone::Zone;

    fn groups(months: &[HistoryMonth]) -> Vec<MonthGroup> {
        months.iter().map(|m| (*m.group).clone()).collect()
    }

    fn revs(months: &[HistoryMonth]) -> BTreeMap<String, u64> {
        months
            .iter()
            .map(|m| (m.group.key.clone(), m.rev))
            .collect()
    }

    #[test]
    fn the_cache_equals_history_and_formats_only_what_changed() {
        let end: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let full = generate(&SynthOptions {
            years: 2,
            incidents: 600,
            ..SynthOptions::new(end)
        });
        let (mut feed, older) = shards::split_history(&full, end - chrono::TimeDelta::days(90));
        let mut s = Settings::new(Lang::En, Zone::parse("Asia/Seoul").unwrap());
        let mut filter = HistoryFilter::default();
        let mut loaded = BTreeSet::new();
        let mut cache = HistoryCache::new();
        let check = |cache: &mut HistoryCache,
                     feed: &Feed,
                     s: &Settings,
                     filter: &HistoryFilter,
                     loaded: &BTreeSet<String>| {
            let got = cache.months(feed, end, s, filter, loaded, usize::MAX);
            assert_eq!(groups(&got), history(feed, end, s, filter, loaded));
            got
        };
        let mut last = check(&mut cache, &feed, &s, &filter, &loaded);
        assert_eq!(last.len(), 2 * 12 + 1);
        // Loading a month re-formats that month (and a neighbour that gains incidents
        // cut in the page's zone) only.
        for shard in older.into_iter().take(4) {
            let month = shard.month.clone();
            shards::merge_shard(&mut feed, shard).unwrap();
            loaded.insert(month.clone());
            let now = check(&mut cache, &feed, &s, &filter, &loaded);
            let (a, b) = (revs(&last), revs(&now));
            let changed: Vec<&String> = b.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
            assert!(changed.contains(&&month), "{month}: {changed:?}");
            assert!(changed.len() <= 2, "{month}: {changed:?}");
            last = now;
        }
        // The first months alone, then all: those already formatted are kept.
        let mut fresh = HistoryCache::new();
        let first = fresh.months(&feed, end, &s, &filter, &loaded, 2);
        assert_eq!(
            groups(&first),
            history(&feed, end, &s, &filter, &loaded)[..2]
        );
        let all = fresh.months(&feed, end, &s, &filter, &loaded, usize::MAX);
        assert_eq!(&all[..2], &first[..]);
        assert_eq!(all.len(), last.len());
        // The same inputs give the same months.
        let again = check(&mut cache, &feed, &s, &filter, &loaded);
        assert_eq!(again, last);
        // The bars' window does not matter.
        s.window_days = 30;
        assert_eq!(check(&mut cache, &feed, &s, &filter, &loaded), last);
        // An incident edited by a refresh is formatted again.
        let edited = feed.incidents[0].id.clone();
        feed.incidents[0].title = crate::model::Text::untagged("Renamed");
        let now = check(&mut cache, &feed, &s, &filter, &loaded);
        let month = now
            .iter()
            .find(|m| m.group.incidents.iter().any(|i| i.id == edited))
            .unwrap();
        assert_ne!(revs(&last)[&month.group.key], month.rev);
        // Language, zone, filter and renamed components start again.
        s.lang = Lang::Ko;
        check(&mut cache, &feed, &s, &filter, &loaded);
        s.tz = Zone::UTC;
        check(&mut cache, &feed, &s, &filter, &loaded);
        filter.impact = Some("minor".into());
        check(&mut cache, &feed, &s, &filter, &loaded);
        filter.component = Some(feed.components[0].id.clone());
        check(&mut cache, &feed, &s, &filter, &loaded);
        feed.components[0].name = crate::model::Text::untagged("Renamed");
        filter = HistoryFilter::default();
        check(&mut cache, &feed, &s, &filter, &loaded);
    }
}
