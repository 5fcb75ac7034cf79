//! The one domain model every feed format is read into.
//!
//! Everything here is plain data: no I/O, no clock, no browser. Times are UTC instants;
//! days are cut into a time zone only by the uptime engine and the views, never here.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Which format a feed was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FeedKind {
    /// Statuslight's own JSON (`"version": "statuslight/1"`).
    Statuslight,
    /// The Statuspage v2 public API (summary, status, components, incidents, maintenances).
    StatuspageV2,
    /// An Atom history feed (Statuspage's `history.atom` and similar).
    Atom,
    /// An RSS 2.0 history feed (Statuspage's `history.rss` and similar).
    Rss,
}

/// Text in one or more languages, keyed by BCP 47 language tag (`"ko"`, `"en"`).
///
/// Formats that carry no language (Statuspage, Atom) store their text under the empty key
/// [`Text::UNTAGGED`]; [`Text::get`] falls back to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The key under which text of unknown language is kept.
    pub const UNTAGGED: &'static str = "";

    /// Text of unknown language.
    pub fn untagged(s: impl Into<String>) -> Self {
        let mut map = BTreeMap::new();
        map.insert(Self::UNTAGGED.to_string(), s.into());
        Text(map)
    }

    /// Text from `(language, text)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Text(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// The text in `lang`, else in its primary subtag (`ko` for `ko-KR`), else untagged,
    /// else English, else any language. Empty only when there is no text at all.
    pub fn get(&self, lang: &str) -> &str {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        [lang, primary, Self::UNTAGGED, "en"]
            .iter()
            .find_map(|k| self.0.get(*k))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// True when no language has any non-blank text.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|v| v.trim().is_empty())
    }
}

/// A whole feed, as read from one or more files of one format.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Feed {
    pub kind: FeedKind,
    pub page: Page,
    /// Components and groups, in display order (groups before their children is not
    /// guaranteed: use [`Feed::children_of`] and [`Component::group_id`]).
    pub components: Vec<Component>,
    /// Incidents, newest first by start.
    pub incidents: Vec<Incident>,
    /// Scheduled maintenance, newest first by planned start.
    pub maintenances: Vec<Maintenance>,
    /// For an archived snapshot: the moment the feed describes. Views render "as of" it.
    pub as_of: Option<DateTime<Utc>>,
    /// When the publisher last changed the feed, if it says.
    pub updated_at: Option<DateTime<Utc>>,
    /// The overall status the publisher declares (Statuspage's `status`), if any.
    pub declared: Option<DeclaredStatus>,
    /// Month shards of older history that are not inlined in this file.
    pub history: Vec<HistoryShard>,
}

impl Feed {
    /// An empty feed of the given kind.
    pub fn empty(kind: FeedKind) -> Self {
        Feed {
            kind,
            page: Page::default(),
            components: Vec::new(),
            incidents: Vec::new(),
            maintenances: Vec::new(),
            as_of: None,
            updated_at: None,
            declared: None,
            history: Vec::new(),
        }
    }

    /// The component with this id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// Components inside group `group_id`, in display order.
    pub fn children_of<'a>(&'a self, group_id: &'a str) -> impl Iterator<Item = &'a Component> {
        self.components
            .iter()
            .filter(move |c| c.group_id.as_deref() == Some(group_id))
    }

    /// The incident with this id.
    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id == id)
    }
}

/// The page a feed describes.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub id: Option<String>,
    pub name: Text,
    /// The page's public address.
    pub url: Option<String>,
    /// IANA zone name, e.g. `Asia/Seoul`.
    pub time_zone: Option<String>,
    /// Languages the feed is written in, preferred first.
    pub languages: Vec<String>,
    /// A note shown with the page, e.g. "sample data".
    pub notice: Option<Text>,
}

/// The overall status a publisher declares.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeclaredStatus {
    pub indicator: Indicator,
    pub description: Text,
}

/// Statuspage's overall indicator.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Indicator {
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
    /// A value this version does not know, kept verbatim.
    Unknown(String),
}

/// A component (a feature such as "Messaging") or a group of components.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Component {
    /// Stable id, unique within the feed.
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    /// The group this component belongs to (one level of groups only).
    pub group_id: Option<String>,
    /// True for a group; its children name it in `group_id`.
    pub is_group: bool,
    /// Display order; positions may restart inside each group.
    pub position: i64,
    /// The first day with data; days before it are "no data", not "up".
    pub start_date: Option<NaiveDate>,
    /// The status the publisher declares now, when the format carries one (Statuspage).
    /// Statuslight's own format derives it from open incidents instead.
    pub status: Option<ComponentStatus>,
    /// Statuspage: hidden while operational.
    pub only_show_if_degraded: bool,
    /// Statuspage: shows an uptime bar.
    pub showcase: bool,
}

/// A component's current status.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ComponentStatus {
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance,
    /// A value this version does not know, kept verbatim.
    Unknown(String),
}

impl ComponentStatus {
    /// The outage severity this status stands for, if it is an outage.
    pub fn severity(&self) -> Option<Severity> {
        match self {
            ComponentStatus::DegradedPerformance => Some(Severity::Degraded),
            ComponentStatus::PartialOutage => Some(Severity::Partial),
            ComponentStatus::MajorOutage => Some(Severity::Major),
            _ => None,
        }
    }

    /// Parse the wire name (`"partial_outage"`); unknown names are kept.
    pub fn from_wire(s: &str) -> Self {
        match s {
            "operational" => ComponentStatus::Operational,
            "degraded_performance" => ComponentStatus::DegradedPerformance,
            "partial_outage" => ComponentStatus::PartialOutage,
            "major_outage" => ComponentStatus::MajorOutage,
            "under_maintenance" => ComponentStatus::UnderMaintenance,
            other => ComponentStatus::Unknown(other.to_string()),
        }
    }

    /// The wire name.
    pub fn as_wire(&self) -> &str {
        match self {
            ComponentStatus::Operational => "operational",
            ComponentStatus::DegradedPerformance => "degraded_performance",
            ComponentStatus::PartialOutage => "partial_outage",
            ComponentStatus::MajorOutage => "major_outage",
            ComponentStatus::UnderMaintenance => "under_maintenance",
            ComponentStatus::Unknown(s) => s,
        }
    }
}

impl From<Severity> for ComponentStatus {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Degraded => ComponentStatus::DegradedPerformance,
            Severity::Partial => ComponentStatus::PartialOutage,
            Severity::Major => ComponentStatus::MajorOutage,
        }
    }
}

/// How badly an incident hits a component, worst last (so `max` is the worst).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Degraded,
    Partial,
    Major,
}

impl Severity {
    /// The wire name (`"degraded_performance"`, `"partial_outage"`, `"major_outage"`).
    pub fn as_wire(self) -> &'static str {
        match self {
            Severity::Degraded => "degraded_performance",
            Severity::Partial => "partial_outage",
            Severity::Major => "major_outage",
        }
    }

    /// Parse a wire name; `None` for anything that is not an outage severity.
    pub fn from_wire(s: &str) -> Option<Self> {
        ComponentStatus::from_wire(s).severity()
    }
}

/// An incident's overall impact as its publisher rates it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Impact {
    None,
    Minor,
    Major,
    Critical,
    Maintenance,
    /// A value this version does not know, kept verbatim.
    Unknown(String),
}

impl Impact {
    /// Parse the wire name; unknown names are kept.
    pub fn from_wire(s: &str) -> Self {
        match s {
            "none" => Impact::None,
            "minor" => Impact::Minor,
            "major" => Impact::Major,
            "critical" => Impact::Critical,
            "maintenance" => Impact::Maintenance,
            other => Impact::Unknown(other.to_string()),
        }
    }

    /// The wire name.
    pub fn as_wire(&self) -> &str {
        match self {
            Impact::None => "none",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
            Impact::Maintenance => "maintenance",
            Impact::Unknown(s) => s,
        }
    }
}

/// An incident: something went wrong, with its timeline.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Incident {
    pub id: String,
    pub title: Text,
    pub impact: Impact,
    /// The status of the latest update.
    pub status: UpdateStatus,
    /// When the incident began (the earliest of its declared start, first update and
    /// first component interval).
    pub started_at: DateTime<Utc>,
    /// When it was resolved; `None` while it is open.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Every component the incident touched, intervals or not: ids, except for formats
    /// that only print names (Atom/RSS "This incident affected: …"), where these are the
    /// printed names and match no [`Component::id`].
    pub components: Vec<String>,
    /// Per-component outage intervals; an open interval runs until "now".
    pub intervals: Vec<ComponentImpact>,
    /// The update timeline in the order it was posted, oldest first. Printed times may
    /// disagree with that order when a publisher back-filled an update.
    pub updates: Vec<Update>,
    /// A link to the incident on its publisher's page.
    pub url: Option<String>,
}

/// The status a timeline stands at: the latest update's, passing over postmortems (a
/// postmortem only when there is nothing else). `None` for no updates.
pub fn latest_status(updates: &[Update]) -> Option<UpdateStatus> {
    updates
        .iter()
        .rev()
        .find(|u| u.status != UpdateStatus::Postmortem)
        .or(updates.last())
        .map(|u| u.status.clone())
}

impl Incident {
    /// True while the incident is not resolved.
    pub fn is_open(&self) -> bool {
        self.resolved_at.is_none()
    }
}

/// One component's outage at one severity over one interval.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ComponentImpact {
    pub component_id: String,
    pub severity: Severity,
    pub start: DateTime<Utc>,
    /// `None` while ongoing.
    pub end: Option<DateTime<Utc>>,
}

/// One entry of an incident's or maintenance's timeline.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Update {
    pub status: UpdateStatus,
    /// The label as the source printed it ("Update", "Verifying"), when it had one.
    pub label: Option<String>,
    pub at: DateTime<Utc>,
    pub body: Text,
}

/// The stage an update announces.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum UpdateStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    /// A plain "Update" with no change of stage.
    Update,
    /// A value this version does not know, kept verbatim.
    Unknown(String),
}

impl UpdateStatus {
    /// Parse a wire name or a printed label, case-insensitively (`"in_progress"`,
    /// `"In progress"`); unknown values are kept.
    pub fn parse(s: &str) -> Self {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match norm.as_str() {
            "investigating" => UpdateStatus::Investigating,
            "identified" => UpdateStatus::Identified,
            "monitoring" => UpdateStatus::Monitoring,
            "resolved" => UpdateStatus::Resolved,
            "postmortem" => UpdateStatus::Postmortem,
            "scheduled" => UpdateStatus::Scheduled,
            "in_progress" => UpdateStatus::InProgress,
            "verifying" => UpdateStatus::Verifying,
            "completed" => UpdateStatus::Completed,
            "update" => UpdateStatus::Update,
            _ => UpdateStatus::Unknown(s.trim().to_string()),
        }
    }

    /// The wire name.
    pub fn as_wire(&self) -> &str {
        match self {
            UpdateStatus::Investigating => "investigating",
            UpdateStatus::Identified => "identified",
            UpdateStatus::Monitoring => "monitoring",
            UpdateStatus::Resolved => "resolved",
            UpdateStatus::Postmortem => "postmortem",
            UpdateStatus::Scheduled => "scheduled",
            UpdateStatus::InProgress => "in_progress",
            UpdateStatus::Verifying => "verifying",
            UpdateStatus::Completed => "completed",
            UpdateStatus::Update => "update",
            UpdateStatus::Unknown(s) => s,
        }
    }

    /// True for the stages that close an incident or a maintenance.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            UpdateStatus::Resolved | UpdateStatus::Completed | UpdateStatus::Postmortem
        )
    }
}

/// Planned work on some components.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Maintenance {
    pub id: String,
    pub title: Text,
    pub status: UpdateStatus,
    pub components: Vec<String>,
    pub scheduled_start: DateTime<Utc>,
    pub scheduled_end: DateTime<Utc>,
    /// When the work really began and ended, once known.
    pub actual_start: Option<DateTime<Utc>>,
    pub actual_end: Option<DateTime<Utc>>,
    pub updates: Vec<Update>,
    pub url: Option<String>,
}

/// One month of history kept in its own file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryShard {
    /// `YYYY-MM`.
    pub month: String,
    /// The shard's address, relative to the feed that lists it.
    pub url: String,
    /// How many incidents it holds, when the index says.
    pub incidents: Option<u32>,
}
