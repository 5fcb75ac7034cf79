//! Statuspage v2 public API adapter.
//!
//! Reads the JSON documents a Statuspage (or a compatible service such as incident.io)
//! serves under `/api/v2/`: `summary.json`, `status.json`, `components.json`,
//! `incidents.json`, `incidents/unresolved.json`, `scheduled-maintenances.json` and its
//! `/upcoming` and `/active` variants. [`parse`] reads one of them; [`parse_many`] combines
//! several documents of one page (say `summary.json` for the current state plus
//! `incidents.json` for history) into one [`Feed`].
//!
//! Only the fields Statuslight uses are deserialized; every other field is skipped unread,
//! so unknown fields, integers beyond 2^53 (`tweet_id`) and lists encoded as strings
//! (`"reminder_intervals": "[]"`) cannot break a feed. Every optional field may be missing
//! or `null`. A field that is read but has the wrong type or an unreadable time stamp
//! gives a [`FeedError::Json`] naming its JSON path. Time stamps are RFC 3339 with an
//! offset and `start_date` a `YYYY-MM-DD` date, read by [`super::rfc3339`] (the API writes
//! `2024-01-31T09:15:04.123-08:00`; every real payload in the fixtures reads). Looser forms
//! that chrono's `Deserialize` took until session 12 (`+0900`, spaces, unpadded fields)
//! are errors.
//!
//! # Rules
//!
//! **Documents.** A document must be a JSON object (a leading UTF-8 byte order mark is
//! skipped) with at least one of `page`, `status`, `components`, `incidents` or
//! `scheduled_maintenances`; otherwise it is [`FeedError::Invalid`]. A page with no
//! components and no incidents is a valid feed.
//!
//! **Combining documents.** Documents are read in the order given.
//! - Page fields: a later document's non-null value replaces an earlier one;
//!   `Feed::updated_at` is the latest `page.updated_at` of all documents.
//! - `status` (the declared indicator): from the document with the latest
//!   `page.updated_at` among those that have one (on a tie, the later document).
//! - Components and incidents are merged by `id`. Of two versions, the one with the later
//!   `updated_at` wins (on a tie, the one with more updates, then the later document); the
//!   loser only fills fields the winner lacks, and its updates are added when their ids
//!   are not already there.
//! - Components come from top-level `components` lists, in the order first seen. Only when
//!   no document has a top-level `components` list (e.g. `incidents.json` read alone) are
//!   the component objects embedded in incidents used instead, ordered by `position`, so
//!   intervals still have named components.
//!
//! **Components.** `status` goes through [`ComponentStatus::from_wire`] (unknown values are
//! kept as `Unknown`). A component's group is its `group_id`; a component with no
//! `group_id` that a group lists in its `components` array (incident.io's reduced schema)
//! gets that group. A group is `group: true`, or, when `group` is missing, a component
//! with a non-empty `components` list. `position` falls back to the index in the list;
//! `showcase` defaults to `true` and `only_show_if_degraded` to `false` when missing.
//!
//! **Declared status.** `status.indicator` goes to [`Indicator`] (unknown values are kept
//! as `Indicator::Unknown`), `status.description` to its description.
//!
//! **Incident or maintenance.** An object from a `scheduled_maintenances` list, or one
//! with `impact: "maintenance"`, or with a non-null `scheduled_for` or `scheduled_until`,
//! becomes a [`Maintenance`]; everything else becomes an [`Incident`].
//!
//! **Updates.** An update's time is `display_at` (back-dated updates) else `created_at`
//! else `updated_at`; an update with none of them is an error. Updates are sorted oldest
//! first (ties: the API lists newest first, so the later-listed one is older). Status via
//! [`UpdateStatus::parse`], body as untagged text. JSON updates carry no printed label,
//! so `Update::label` is `None`.
//!
//! **Incident times.**
//! - `started_at` is the earliest of the declared start (`started_at`, else `created_at`)
//!   and the first update. For ordinary incidents this is the `started_at` field. For
//!   back-filled incidents (entered after the fact with back-dated updates, whose
//!   `started_at` is the moment of entry and lies after `resolved_at`) it is the
//!   back-dated time the timeline shows.
//! - `resolved_at` is the field. When it is null but the incident's status is final
//!   (`resolved`, `postmortem`, `completed`), it is the time of the first final update,
//!   else of the last update: a resolved incident is never left open. It is never before
//!   `started_at` (it is clamped up to it).
//! - An incident with no `started_at`, no `created_at` and no updates is an error.
//!
//! **Outage intervals** ([`ComponentImpact`]) come from the update timeline:
//! - Each update's `affected_components` entry (`code`, `old_status`, `new_status`) says
//!   that at the update's time the component `code` enters `new_status`. An outage status
//!   (`degraded_performance`, `partial_outage`, `major_outage`) opens an interval at that
//!   severity; a change of severity closes the open interval and opens a new one (at the
//!   same instant it just changes the open interval's severity); `operational` or
//!   `under_maintenance` closes it. An unknown or missing `new_status` changes nothing.
//! - The first time a component appears with an outage `old_status`, it was already down
//!   before that update: an interval at that severity is opened from the incident's start.
//! - Intervals still open when the incident resolves end at `resolved_at`; while the
//!   incident is open they have `end: None` (running until "now").
//! - Fallback: when no update has a non-empty `affected_components` list (incident.io,
//!   older incidents), each component of the incident's `components` list gets one
//!   interval from `started_at` to `resolved_at` (open while unresolved) at the severity
//!   of the incident's `impact`: `critical` → major outage, `major` → partial outage,
//!   `minor` → degraded performance; `none`, `maintenance` or unknown → no interval.
//!   When updates do carry `affected_components` but never an outage status, the
//!   publisher said the components stayed up: no interval.
//! - Every time is clamped into `[started_at, resolved_at]`, so an interval is never
//!   negative: one that would end before it starts (a back-filled incident resolved
//!   "before" it started, an update posted after resolution) has zero length
//!   (`end == start`). Zero-length intervals are kept as a record that the component was
//!   hit; they add no downtime.
//! - `Incident::components` lists the ids of the incident's `components` list, then any
//!   other id named in `affected_components`, in order first seen.
//!
//! **Maintenance times.** Planned window: `scheduled_for` (else `started_at`, `created_at`,
//! the first update) to `scheduled_until` (else the planned start; never before it).
//! Actual start: the first `in_progress` or `verifying` update; with none, the planned
//! start when the maintenance's status is `in_progress` or `verifying` (Statuspage starts
//! maintenance automatically). Actual end: the first `completed` update, else
//! `resolved_at` when the status is final; never before the actual start.
//!
//! **Status and links.** An incident's or maintenance's status is its `status` field, else
//! that of its latest update. Its `url` is `<page url>/incidents/<id>` when the page's url
//! is known, else its `shortlink`.
//!
//! **Order.** Incidents newest first by `started_at`, maintenances newest first by planned
//! start (ties by id); components in the order the API lists them.

use std::collections::{HashMap, HashSet};

use super::rfc3339;
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::error::{from_json, FeedError};
use crate::model::{
    Component, ComponentImpact, ComponentStatus, DeclaredStatus, Feed, FeedKind, Impact, Incident,
    Indicator, Maintenance, Severity, Text, Update, UpdateStatus,
};

// ---------------------------------------------------------------------------------------
// Wire types: only the fields we use. Everything is optional except ids.
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct WireDoc {
    #[serde(default)]
    page: Option<WirePage>,
    #[serde(default)]
    status: Option<WireStatus>,
    #[serde(default)]
    components: Option<Vec<WireComponent>>,
    #[serde(default)]
    incidents: Option<Vec<WireIncident>>,
    #[serde(default)]
    scheduled_maintenances: Option<Vec<WireIncident>>,
}

#[derive(Deserialize, Default)]
struct WirePage {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    updated_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct WireStatus {
    #[serde(default)]
    indicator: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize, Clone)]
struct WireComponent {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    position: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    showcase: Option<bool>,
    #[serde(default, deserialize_with = "rfc3339::optional_date")]
    start_date: Option<NaiveDate>,
    #[serde(default)]
    group_id: Option<String>,
    #[serde(default)]
    group: Option<bool>,
    #[serde(default)]
    only_show_if_degraded: Option<bool>,
    /// A group's children. Documented as ids; objects with an `id` are accepted too and
    /// anything else is skipped.
    #[serde(default)]
    components: Option<Vec<WireRef>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    updated_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum WireRef {
    Id(String),
    Object { id: String },
    Other(IgnoredAny),
}

impl WireRef {
    fn id(&self) -> Option<&str> {
        match self {
            WireRef::Id(s) | WireRef::Object { id: s } => Some(s),
            WireRef::Other(_) => None,
        }
    }
}

/// A component as embedded in an incident: a full object, or just an id.
#[derive(Deserialize)]
#[serde(untagged)]
enum WireEmbedded {
    Full(Box<WireComponent>),
    Id(String),
    Other(IgnoredAny),
}

#[derive(Deserialize)]
struct WireIncident {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    started_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    resolved_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    scheduled_for: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    scheduled_until: Option<DateTime<Utc>>,
    #[serde(default)]
    shortlink: Option<String>,
    #[serde(default)]
    incident_updates: Option<Vec<WireUpdate>>,
    #[serde(default)]
    components: Option<Vec<WireEmbedded>>,
}

#[derive(Deserialize)]
struct WireUpdate {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    display_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::optional_time")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    affected_components: Option<Vec<WireAffected>>,
}

#[derive(Deserialize, Clone)]
struct WireAffected {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    old_status: Option<String>,
    #[serde(default)]
    new_status: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Drafts: one document's content, checked, ready to merge.
// ---------------------------------------------------------------------------------------

struct DraftUpdate {
    id: Option<String>,
    /// `created_at`, for ordering updates that share a display time.
    created_at: Option<DateTime<Utc>>,
    update: Update,
    affected: Option<Vec<WireAffected>>,
}

struct DraftIncident {
    id: String,
    name: Option<String>,
    status: Option<String>,
    impact: Option<String>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    scheduled_for: Option<DateTime<Utc>>,
    scheduled_until: Option<DateTime<Utc>>,
    shortlink: Option<String>,
    /// Oldest first.
    updates: Vec<DraftUpdate>,
    component_ids: Vec<String>,
    embedded: Vec<WireComponent>,
    listed_as_maintenance: bool,
    file: usize,
}

/// Everything gathered from the documents so far.
#[derive(Default)]
struct Gathered {
    page: WirePage,
    declared: Option<DeclaredStatus>,
    /// `page.updated_at` of the document `declared` came from.
    declared_at: Option<DateTime<Utc>>,
    components: Vec<(WireComponent, usize)>,
    component_index: HashMap<String, usize>,
    saw_component_list: bool,
    incidents: Vec<DraftIncident>,
    incident_index: HashMap<String, usize>,
}

/// Read one Statuspage v2 JSON document.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    parse_many(&[bytes])
}

/// Read several Statuspage v2 documents of one page into one feed, by the rules in the
/// module docs. Errors in one of several documents say which one ("document 2 of 3").
pub fn parse_many(files: &[&[u8]]) -> Result<Feed, FeedError> {
    if files.is_empty() {
        return Err(FeedError::UnknownFormat {
            hint: "no input".to_string(),
        });
    }
    let mut all = Gathered::default();
    let total = files.len();
    for (n, bytes) in files.iter().enumerate() {
        read_document(&mut all, n, bytes).map_err(|e| name_document(e, n, total))?;
    }
    Ok(build(all))
}

/// Say which of several documents an error is in.
fn name_document(err: FeedError, n: usize, total: usize) -> FeedError {
    if total < 2 {
        return err;
    }
    let prefix = format!("document {} of {total}: ", n + 1);
    match err {
        FeedError::Json {
            path,
            line,
            column,
            message,
        } => FeedError::Json {
            path,
            line,
            column,
            message: prefix + &message,
        },
        FeedError::Invalid { path, message } => FeedError::Invalid {
            path,
            message: prefix + &message,
        },
        other => other,
    }
}

fn read_document(all: &mut Gathered, file: usize, bytes: &[u8]) -> Result<(), FeedError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // serde would read a struct from an array by position; a document is an object.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(FeedError::Invalid {
            path: ".".to_string(),
            message: "not a Statuspage v2 document: expected a JSON object, found an array"
                .to_string(),
        });
    }
    let doc: WireDoc = from_json(bytes)?;
    if doc.page.is_none()
        && doc.status.is_none()
        && doc.components.is_none()
        && doc.incidents.is_none()
        && doc.scheduled_maintenances.is_none()
    {
        return Err(FeedError::Invalid {
            path: ".".to_string(),
            message: "not a Statuspage v2 document: expected at least one of page, status, \
                      components, incidents or scheduled_maintenances"
                .to_string(),
        });
    }
    let doc_time = doc.page.as_ref().and_then(|p| p.updated_at);
    if let Some(p) = doc.page {
        merge_page(&mut all.page, p);
    }
    if let Some(s) = doc.status {
        let newer = all.declared.is_none() || doc_time >= all.declared_at;
        if newer && (s.indicator.is_some() || s.description.is_some()) {
            all.declared_at = doc_time;
            all.declared = Some(DeclaredStatus {
                indicator: indicator(s.indicator.as_deref().unwrap_or("")),
                description: Text::untagged(s.description.unwrap_or_default()),
            });
        }
    }
    if let Some(list) = doc.components {
        all.saw_component_list = true;
        for c in list {
            add_component(all, c, file);
        }
    }
    let lists = [
        ("incidents", false, doc.incidents),
        ("scheduled_maintenances", true, doc.scheduled_maintenances),
    ];
    for (key, as_maintenance, list) in lists {
        for (i, w) in list.into_iter().flatten().enumerate() {
            let draft = draft_incident(w, &format!("{key}[{i}]"), as_maintenance, file)?;
            add_incident(all, draft);
        }
    }
    Ok(())
}

fn merge_page(into: &mut WirePage, p: WirePage) {
    into.id = p.id.or(into.id.take());
    into.name = p.name.or(into.name.take());
    into.url = p.url.or(into.url.take());
    into.time_zone = p.time_zone.or(into.time_zone.take());
    into.updated_at = into.updated_at.max(p.updated_at);
}

fn indicator(s: &str) -> Indicator {
    match s {
        "none" => Indicator::None,
        "minor" => Indicator::Minor,
        "major" => Indicator::Major,
        "critical" => Indicator::Critical,
        "maintenance" => Indicator::Maintenance,
        other => Indicator::Unknown(other.to_string()),
    }
}

fn add_component(all: &mut Gathered, c: WireComponent, file: usize) {
    match all.component_index.get(&c.id) {
        Some(&at) => {
            if let Some(slot) = all.components.get_mut(at) {
                let (old, old_file) = std::mem::replace(slot, (c, file));
                // The newer version wins; on a tie, the later document.
                if old.updated_at > slot.0.updated_at {
                    let newer = std::mem::replace(slot, (old, old_file));
                    fill_component(&mut slot.0, newer.0);
                } else {
                    fill_component(&mut slot.0, old);
                }
            }
        }
        None => {
            all.component_index
                .insert(c.id.clone(), all.components.len());
            all.components.push((c, file));
        }
    }
}

/// Fill the fields `winner` lacks from `loser`.
fn fill_component(winner: &mut WireComponent, loser: WireComponent) {
    let w = winner;
    w.name = w.name.take().or(loser.name);
    w.status = w.status.take().or(loser.status);
    w.position = w.position.or(loser.position);
    w.description = w.description.take().or(loser.description);
    w.showcase = w.showcase.or(loser.showcase);
    w.start_date = w.start_date.or(loser.start_date);
    w.group_id = w.group_id.take().or(loser.group_id);
    w.group = w.group.or(loser.group);
    w.only_show_if_degraded = w.only_show_if_degraded.or(loser.only_show_if_degraded);
    w.components = w.components.take().or(loser.components);
    w.updated_at = w.updated_at.max(loser.updated_at);
}

fn draft_incident(
    w: WireIncident,
    path: &str,
    listed_as_maintenance: bool,
    file: usize,
) -> Result<DraftIncident, FeedError> {
    let mut updates = Vec::new();
    // The API lists updates newest first; reversing before a stable sort makes ties
    // keep their true order.
    for (j, u) in w
        .incident_updates
        .into_iter()
        .flatten()
        .enumerate()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let Some(at) = u.display_at.or(u.created_at).or(u.updated_at) else {
            return Err(FeedError::Invalid {
                path: format!("{path}.incident_updates[{j}]"),
                message: "an update needs display_at or created_at".to_string(),
            });
        };
        updates.push(DraftUpdate {
            id: u.id,
            created_at: u.created_at,
            update: Update {
                status: UpdateStatus::parse(u.status.as_deref().unwrap_or("")),
                label: None,
                at,
                body: Text::untagged(u.body.unwrap_or_default()),
            },
            affected: u.affected_components,
        });
    }
    sort_updates(&mut updates);
    let mut component_ids = Vec::new();
    let mut embedded = Vec::new();
    for c in w.components.into_iter().flatten() {
        let id = match c {
            WireEmbedded::Full(c) => {
                let id = c.id.clone();
                embedded.push(*c);
                id
            }
            WireEmbedded::Id(id) => id,
            WireEmbedded::Other(_) => continue,
        };
        component_ids.push(id);
    }
    dedup_in_order(&mut component_ids);
    if w.started_at.is_none()
        && w.created_at.is_none()
        && w.scheduled_for.is_none()
        && updates.is_empty()
    {
        return Err(FeedError::Invalid {
            path: path.to_string(),
            message: "an incident needs started_at, created_at or an update".to_string(),
        });
    }
    Ok(DraftIncident {
        id: w.id,
        name: w.name,
        status: w.status,
        impact: w.impact,
        created_at: w.created_at,
        updated_at: w.updated_at,
        started_at: w.started_at,
        resolved_at: w.resolved_at,
        scheduled_for: w.scheduled_for,
        scheduled_until: w.scheduled_until,
        shortlink: w.shortlink,
        updates,
        component_ids,
        embedded,
        listed_as_maintenance,
        file,
    })
}

fn sort_updates(updates: &mut [DraftUpdate]) {
    crate::order::sort_by(updates, |a, b| {
        a.update
            .at
            .cmp(&b.update.at)
            .then(a.created_at.cmp(&b.created_at))
    });
}

/// Drop repeated ids, keeping the first of each.
fn dedup_in_order(list: &mut Vec<String>) {
    let mut seen = HashSet::new();
    list.retain(|id| seen.insert(id.clone()));
}

fn add_incident(all: &mut Gathered, d: DraftIncident) {
    match all.incident_index.get(&d.id) {
        Some(&at) => {
            if let Some(slot) = all.incidents.get_mut(at) {
                let old = std::mem::replace(slot, d);
                let old_key = (old.updated_at, old.updates.len());
                let new_key = (slot.updated_at, slot.updates.len());
                if old_key > new_key {
                    let newer = std::mem::replace(slot, old);
                    fill_incident(slot, newer);
                } else {
                    fill_incident(slot, old);
                }
            }
        }
        None => {
            all.incident_index.insert(d.id.clone(), all.incidents.len());
            all.incidents.push(d);
        }
    }
}

/// Fill the fields `winner` lacks from `loser`; add the loser's updates it does not have.
fn fill_incident(winner: &mut DraftIncident, loser: DraftIncident) {
    let w = winner;
    w.name = w.name.take().or(loser.name);
    w.status = w.status.take().or(loser.status);
    w.impact = w.impact.take().or(loser.impact);
    w.created_at = w.created_at.or(loser.created_at);
    w.updated_at = w.updated_at.max(loser.updated_at);
    w.started_at = w.started_at.or(loser.started_at);
    w.resolved_at = w.resolved_at.or(loser.resolved_at);
    w.scheduled_for = w.scheduled_for.or(loser.scheduled_for);
    w.scheduled_until = w.scheduled_until.or(loser.scheduled_until);
    w.shortlink = w.shortlink.take().or(loser.shortlink);
    w.listed_as_maintenance |= loser.listed_as_maintenance;
    w.component_ids.extend(loser.component_ids);
    dedup_in_order(&mut w.component_ids);
    if w.embedded.is_empty() {
        w.embedded = loser.embedded;
    }
    let known: HashSet<String> = w.updates.iter().filter_map(|u| u.id.clone()).collect();
    let had_updates = !w.updates.is_empty();
    let mut added = false;
    for u in loser.updates {
        let new = match &u.id {
            Some(id) => !known.contains(id),
            None => !had_updates,
        };
        if new {
            w.updates.push(u);
            added = true;
        }
    }
    if added {
        sort_updates(&mut w.updates);
    }
}

// ---------------------------------------------------------------------------------------
// Building the feed.
// ---------------------------------------------------------------------------------------

fn build(all: Gathered) -> Feed {
    let mut feed = Feed::empty(FeedKind::StatuspageV2);
    let page_url = all.page.url.clone();
    feed.page.id = all.page.id;
    feed.page.name = all.page.name.map(Text::untagged).unwrap_or_default();
    feed.page.url = all.page.url;
    feed.page.time_zone = all.page.time_zone;
    feed.updated_at = all.page.updated_at;
    feed.declared = all.declared;

    let wire_components: Vec<WireComponent> = if all.saw_component_list {
        all.components.into_iter().map(|(c, _)| c).collect()
    } else {
        embedded_components(&all.incidents)
    };
    feed.components = components(wire_components);

    for d in all.incidents {
        let maintenance = d.listed_as_maintenance
            || d.impact.as_deref() == Some("maintenance")
            || d.scheduled_for.is_some()
            || d.scheduled_until.is_some();
        let url = link(page_url.as_deref(), &d.id, d.shortlink.clone());
        if maintenance {
            if let Some(m) = build_maintenance(d, url) {
                feed.maintenances.push(m);
            }
        } else if let Some(i) = build_incident(d, url) {
            feed.incidents.push(i);
        }
    }
    super::statuslight::sort_incidents(&mut feed.incidents);
    super::statuslight::sort_maintenances(&mut feed.maintenances);
    feed
}

/// Components known only from incidents, for a feed with no component list; a newer
/// embedded version replaces an older one.
fn embedded_components(incidents: &[DraftIncident]) -> Vec<WireComponent> {
    let mut g = Gathered::default();
    for d in incidents {
        for c in &d.embedded {
            add_component(&mut g, c.clone(), d.file);
        }
    }
    let mut list: Vec<WireComponent> = g.components.into_iter().map(|(c, _)| c).collect();
    // Incidents list components in no particular order; their positions give one.
    crate::order::sort_by_key(&mut list, |c| c.position.unwrap_or(i64::MAX));
    list
}

fn components(wire: Vec<WireComponent>) -> Vec<Component> {
    // Group membership from groups' `components` lists, for children without group_id.
    let mut listed_in: HashMap<String, String> = HashMap::new();
    for c in &wire {
        for child in c.components.iter().flatten().filter_map(WireRef::id) {
            listed_in
                .entry(child.to_string())
                .or_insert_with(|| c.id.clone());
        }
    }
    wire.into_iter()
        .enumerate()
        .map(|(i, c)| {
            let group_id = c
                .group_id
                .filter(|g| !g.is_empty())
                .or_else(|| listed_in.get(&c.id).cloned())
                .filter(|g| *g != c.id);
            let is_group = c.group.unwrap_or_else(|| {
                c.components
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|r| r.id().is_some()))
            });
            Component {
                name: Text::untagged(c.name.unwrap_or_default()),
                description: c
                    .description
                    .filter(|d| !d.trim().is_empty())
                    .map(Text::untagged),
                group_id,
                is_group,
                position: c.position.unwrap_or(i64::try_from(i).unwrap_or(i64::MAX)),
                start_date: c.start_date,
                status: c.status.as_deref().map(ComponentStatus::from_wire),
                only_show_if_degraded: c.only_show_if_degraded.unwrap_or(false),
                showcase: c.showcase.unwrap_or(true),
                id: c.id,
            }
        })
        .collect()
}

fn link(page_url: Option<&str>, id: &str, shortlink: Option<String>) -> Option<String> {
    match page_url.map(|u| u.trim().trim_end_matches('/')) {
        Some(base) if !base.is_empty() => Some(format!("{base}/incidents/{id}")),
        _ => shortlink,
    }
}

/// Ids of the incident's components, then of any other component its updates name.
fn touched_components(d: &DraftIncident) -> Vec<String> {
    let mut ids = d.component_ids.clone();
    let mut known: HashSet<String> = ids.iter().cloned().collect();
    for u in &d.updates {
        for a in u.affected.iter().flatten() {
            if let Some(code) = a.code.as_deref().filter(|c| !c.is_empty()) {
                if known.insert(code.to_string()) {
                    ids.push(code.to_string());
                }
            }
        }
    }
    ids
}

/// The status field, else the latest update's.
fn current_status(d: &DraftIncident) -> Option<UpdateStatus> {
    d.status
        .as_deref()
        .map(UpdateStatus::parse)
        .or_else(|| d.updates.last().map(|u| u.update.status.clone()))
}

fn build_incident(d: DraftIncident, url: Option<String>) -> Option<Incident> {
    let first_update = d.updates.first().map(|u| u.update.at);
    let declared = d.started_at.or(d.created_at);
    let started_at = match (declared, first_update) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => d.scheduled_for?,
    };
    let status = current_status(&d).unwrap_or(if d.resolved_at.is_some() {
        UpdateStatus::Resolved
    } else {
        UpdateStatus::Investigating
    });
    let resolved_at = d
        .resolved_at
        .or_else(|| {
            if status.is_final() {
                d.updates
                    .iter()
                    .find(|u| u.update.status.is_final())
                    .or(d.updates.last())
                    .map(|u| u.update.at)
                    .or(d.updated_at)
                    .or(Some(started_at))
            } else {
                None
            }
        })
        .map(|r| r.max(started_at));
    let components = touched_components(&d);
    let impact = Impact::from_wire(d.impact.as_deref().unwrap_or("none"));
    let intervals = intervals(&d, &impact, started_at, resolved_at);
    Some(Incident {
        id: d.id,
        title: Text::untagged(d.name.unwrap_or_default()),
        impact,
        status,
        started_at,
        resolved_at,
        components,
        intervals,
        updates: d.updates.into_iter().map(|u| u.update).collect(),
        url,
    })
}

/// Per-component outage intervals, by the rules in the module docs.
fn intervals(
    d: &DraftIncident,
    impact: &Impact,
    started: DateTime<Utc>,
    resolved: Option<DateTime<Utc>>,
) -> Vec<ComponentImpact> {
    let clamp = |t: DateTime<Utc>| {
        let t = t.max(started);
        match resolved {
            Some(r) => t.min(r.max(started)),
            None => t,
        }
    };
    let has_timeline = d
        .updates
        .iter()
        .any(|u| u.affected.as_ref().is_some_and(|a| !a.is_empty()));
    if !has_timeline {
        let severity = match impact {
            Impact::Critical => Severity::Major,
            Impact::Major => Severity::Partial,
            Impact::Minor => Severity::Degraded,
            _ => return Vec::new(),
        };
        return d
            .component_ids
            .iter()
            .map(|id| ComponentImpact {
                component_id: id.clone(),
                severity,
                start: started,
                end: resolved.map(clamp),
            })
            .collect();
    }
    // Open intervals by component, in order first opened.
    let mut open: Vec<(String, Severity, DateTime<Utc>)> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out: Vec<ComponentImpact> = Vec::new();
    for u in &d.updates {
        let t = clamp(u.update.at);
        for a in u.affected.iter().flatten() {
            let Some(code) = a.code.as_deref().filter(|c| !c.is_empty()) else {
                continue;
            };
            if seen.insert(code) {
                if let Some(old) = a.old_status.as_deref().and_then(Severity::from_wire) {
                    open.push((code.to_string(), old, started));
                }
            }
            let Some(new) = a.new_status.as_deref().map(ComponentStatus::from_wire) else {
                continue;
            };
            let current = open.iter().position(|(id, _, _)| id == code);
            match (new.severity(), current) {
                (Some(sev), Some(k)) => {
                    if let Some(slot) = open.get_mut(k) {
                        if slot.1 != sev {
                            if slot.2 == t {
                                slot.1 = sev;
                            } else {
                                out.push(ComponentImpact {
                                    component_id: slot.0.clone(),
                                    severity: slot.1,
                                    start: slot.2,
                                    end: Some(t),
                                });
                                *slot = (code.to_string(), sev, t);
                            }
                        }
                    }
                }
                (Some(sev), None) => open.push((code.to_string(), sev, t)),
                (None, Some(k)) => {
                    if matches!(
                        new,
                        ComponentStatus::Operational | ComponentStatus::UnderMaintenance
                    ) {
                        let (id, sev, start) = open.remove(k);
                        out.push(ComponentImpact {
                            component_id: id,
                            severity: sev,
                            start,
                            end: Some(t),
                        });
                    }
                }
                (None, None) => {}
            }
        }
    }
    for (id, sev, start) in open {
        out.push(ComponentImpact {
            component_id: id,
            severity: sev,
            start,
            end: resolved.map(|r| clamp(r).max(start)),
        });
    }
    crate::order::sort_by(&mut out, |a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.component_id.cmp(&b.component_id))
    });
    out
}

fn build_maintenance(d: DraftIncident, url: Option<String>) -> Option<Maintenance> {
    let first_update = d.updates.first().map(|u| u.update.at);
    let scheduled_start = d
        .scheduled_for
        .or(d.started_at)
        .or(d.created_at)
        .or(first_update)?;
    let scheduled_end = d
        .scheduled_until
        .unwrap_or(scheduled_start)
        .max(scheduled_start);
    let status = current_status(&d).unwrap_or(UpdateStatus::Scheduled);
    let actual_start = d
        .updates
        .iter()
        .find(|u| {
            matches!(
                u.update.status,
                UpdateStatus::InProgress | UpdateStatus::Verifying
            )
        })
        .map(|u| u.update.at)
        .or_else(|| {
            matches!(status, UpdateStatus::InProgress | UpdateStatus::Verifying)
                .then_some(scheduled_start)
        });
    let actual_end = d
        .updates
        .iter()
        .find(|u| u.update.status == UpdateStatus::Completed)
        .map(|u| u.update.at)
        .or_else(|| d.resolved_at.filter(|_| status.is_final()))
        .map(|e| match actual_start {
            Some(s) => e.max(s),
            None => e,
        });
    let components = touched_components(&d);
    Some(Maintenance {
        id: d.id,
        title: Text::untagged(d.name.unwrap_or_default()),
        status,
        components,
        scheduled_start,
        scheduled_end,
        actual_start,
        actual_end,
        updates: d.updates.into_iter().map(|u| u.update).collect(),
        url,
    })
}
