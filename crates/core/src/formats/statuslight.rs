//! Statuslight's own feed format, `statuslight/1`: a reader ([`parse`]) and a writer
//! ([`to_json`]).
//!
//! `docs/feed-format.md` documents it field by field and
//! `public/statuslight-feed.schema.json` describes it for editors. Text fields take either
//! a plain string or an object of language → text. Components carry no status of their
//! own: it is derived from the incidents' intervals (see [`crate::status`]), so a feed can
//! never claim "operational" during an incident it lists.
//!
//! The writer is the reader's inverse: `parse(to_json(f)) == f` for every feed `parse`
//! returns, and `parse(to_json(f)) == normalized(f)` for any other feed (see
//! [`normalized`] for the few things the format cannot say). Month shards of older
//! history are in [`super::shards`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{from_json, FeedError};
use crate::model::{
    Component, ComponentImpact, Feed, FeedKind, HistoryShard, Impact, Incident, Maintenance, Page,
    Severity, Text, Update, UpdateStatus,
};

/// The version string this module reads and writes.
pub const VERSION: &str = "statuslight/1";

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/// Text on the wire: a plain string, or an object of language tag to text. The
/// configuration (`statuslight.json`) reads its texts the same way.
pub(crate) enum WireText {
    Plain(String),
    Langs(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for WireText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_object(
            d,
            "a string or an object of language to text",
            WireText::Plain,
            WireText::Langs,
        )
    }
}

/// Reads a value written either as a string (made into `T` by `plain`) or as an object
/// (read as `O`, made into `T` by `object`): what `#[serde(untagged)]` would do, by hand.
/// An untagged enum buffers the value in serde's generic `Content` tree and tries each
/// variant on it, code that every JSON reader in the wasm then carries; this visitor takes
/// the string or the object directly, and a wrong value is reported as "expected
/// {expecting}". `WireText` and the configuration's feed entries read themselves so.
pub(crate) fn string_or_object<'de, D, T, O>(
    d: D,
    expecting: &'static str,
    plain: impl FnOnce(String) -> T,
    object: impl FnOnce(O) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    O: Deserialize<'de>,
{
    struct StringOrObject<P, M, O> {
        expecting: &'static str,
        plain: P,
        object: M,
        of: std::marker::PhantomData<O>,
    }
    impl<'de, T, O, P, M> serde::de::Visitor<'de> for StringOrObject<P, M, O>
    where
        O: Deserialize<'de>,
        P: FnOnce(String) -> T,
        M: FnOnce(O) -> T,
    {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
            Ok((self.plain)(s.to_owned()))
        }
        fn visit_string<E: serde::de::Error>(self, s: String) -> Result<T, E> {
            Ok((self.plain)(s))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<T, A::Error> {
            O::deserialize(serde::de::value::MapAccessDeserializer::new(m)).map(self.object)
        }
    }
    d.deserialize_any(StringOrObject {
        expecting,
        plain,
        object,
        of: std::marker::PhantomData,
    })
}

impl From<WireText> for Text {
    fn from(w: WireText) -> Text {
        match w {
            WireText::Plain(s) => Text::untagged(s),
            WireText::Langs(map) => Text(map),
        }
    }
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A time as RFC 3339, refused unless it falls in the years 0000 to 9999 in UTC, so that
/// the writer can always write it back.
struct WireTime(DateTime<Utc>);

impl<'de> Deserialize<'de> for WireTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = super::rfc3339::Time::deserialize(d)?.0;
        if (0..=9999).contains(&t.year()) {
            Ok(WireTime(t))
        } else {
            Err(serde::de::Error::custom(format!(
                "{} is outside the years 0000 to 9999 in UTC",
                t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            )))
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct WireFeed {
    version: String,
    #[serde(default)]
    shard: Option<String>,
    #[serde(default)]
    as_of: Option<WireTime>,
    #[serde(default)]
    updated_at: Option<WireTime>,
    #[serde(default)]
    page: Option<WirePage>,
    #[serde(default)]
    components: Vec<WireComponent>,
    #[serde(default)]
    incidents: Vec<WireIncident>,
    #[serde(default)]
    maintenances: Vec<WireMaintenance>,
    #[serde(default)]
    history: Option<Vec<WireShard>>,
}

#[derive(Deserialize)]
struct WirePage {
    #[serde(default)]
    id: Option<String>,
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
    start_date: Option<super::rfc3339::Date>,
    #[serde(default)]
    only_show_if_degraded: bool,
    #[serde(default = "yes")]
    showcase: bool,
}

#[derive(Deserialize)]
struct WireIncident {
    id: String,
    title: WireText,
    impact: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    started_at: Option<WireTime>,
    #[serde(default, deserialize_with = "present")]
    resolved_at: Option<Option<WireTime>>,
    #[serde(default)]
    affected: Option<Vec<String>>,
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
    from: WireTime,
    #[serde(default)]
    to: Option<WireTime>,
}

#[derive(Deserialize)]
struct WireUpdate {
    status: String,
    #[serde(default)]
    label: Option<String>,
    at: WireTime,
    #[serde(default)]
    body: Option<WireText>,
}

#[derive(Deserialize)]
struct WireWindow {
    from: WireTime,
    #[serde(default)]
    to: Option<WireTime>,
}

#[derive(Deserialize)]
struct WireMaintenance {
    id: String,
    title: WireText,
    #[serde(default)]
    status: Option<String>,
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

/// True for a `YYYY-MM` month name (`2024-02`), the form shards and the index use.
pub fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(
            &s[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

fn check_month(month: &str, path: String) -> Result<(), FeedError> {
    if is_month(month) {
        Ok(())
    } else {
        Err(FeedError::Invalid {
            path,
            message: format!("expected a month as \"YYYY-MM\", found {month:?}"),
        })
    }
}

/// Read a `statuslight/1` feed (a current feed or a month shard).
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    parse_document(bytes).map(|doc| doc.feed)
}

/// A `statuslight/1` document: the feed, and the month it holds when it is a shard.
pub(crate) struct Document {
    pub feed: Feed,
    /// `"shard": "YYYY-MM"`, when present.
    pub shard: Option<String>,
    /// True when the document has a `history` key (an empty list included).
    pub has_history: bool,
}

pub(crate) fn parse_document(bytes: &[u8]) -> Result<Document, FeedError> {
    let wire: WireFeed = from_json(bytes)?;
    if wire.version != VERSION {
        return Err(FeedError::UnsupportedVersion {
            found: wire.version,
        });
    }
    if let Some(month) = &wire.shard {
        check_month(month, "shard".to_string())?;
    }
    let mut feed = Feed::empty(FeedKind::Statuslight);
    feed.as_of = wire.as_of.map(|t| t.0);
    feed.updated_at = wire.updated_at.map(|t| t.0);
    if let Some(p) = wire.page {
        feed.page = Page {
            id: p.id,
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
            start_date: c.start_date.map(|d| d.0),
            status: None,
            only_show_if_degraded: c.only_show_if_degraded,
            showcase: c.showcase,
        })
        .collect();
    feed.incidents = wire
        .incidents
        .into_iter()
        .enumerate()
        .map(|(i, w)| incident(i, w))
        .collect::<Result<_, _>>()?;
    sort_incidents(&mut feed.incidents);
    feed.maintenances = wire.maintenances.into_iter().map(maintenance).collect();
    sort_maintenances(&mut feed.maintenances);
    let has_history = wire.history.is_some();
    feed.history = wire
        .history
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            check_month(&s.month, format!("history[{i}].month"))?;
            Ok(HistoryShard {
                month: s.month,
                url: s.url,
                incidents: s.incidents,
            })
        })
        .collect::<Result<_, FeedError>>()?;
    Ok(Document {
        feed,
        shard: wire.shard,
        has_history,
    })
}

/// Newest first by start, then by id: the order [`parse`] returns incidents in.
pub(crate) fn sort_incidents<I: std::borrow::Borrow<Incident>>(incidents: &mut [I]) {
    crate::order::sort_by(incidents, |a, b| {
        let (a, b) = (a.borrow(), b.borrow());
        b.started_at.cmp(&a.started_at).then(a.id.cmp(&b.id))
    });
}

/// Newest first by planned start, then by id: the order [`parse`] returns maintenance in.
pub(crate) fn sort_maintenances(maintenances: &mut [Maintenance]) {
    crate::order::sort_by(maintenances, |a, b| {
        b.scheduled_start
            .cmp(&a.scheduled_start)
            .then(a.id.cmp(&b.id))
    });
}

fn updates(wire: Vec<WireUpdate>) -> Vec<Update> {
    let mut out: Vec<Update> = wire
        .into_iter()
        .map(|u| Update {
            status: UpdateStatus::parse(&u.status),
            label: u.label,
            at: u.at.0,
            body: u.body.map(Text::from).unwrap_or_default(),
        })
        .collect();
    crate::order::sort_by_key(&mut out, |u| u.at);
    out
}

/// The resolution time a timeline implies: the last `resolved` update.
fn derived_resolved_at(updates: &[Update]) -> Option<DateTime<Utc>> {
    updates
        .iter()
        .rev()
        .find(|u| u.status == UpdateStatus::Resolved)
        .map(|u| u.at)
}

/// The incident status a timeline implies: the latest update other than a postmortem
/// (a postmortem only when there is nothing else); with no updates, resolved or
/// investigating by `resolved_at`.
fn derived_incident_status(updates: &[Update], resolved_at: Option<DateTime<Utc>>) -> UpdateStatus {
    crate::model::latest_status(updates).unwrap_or(if resolved_at.is_some() {
        UpdateStatus::Resolved
    } else {
        UpdateStatus::Investigating
    })
}

/// The maintenance status a timeline implies: the latest update's, else scheduled.
fn derived_maintenance_status(updates: &[Update]) -> UpdateStatus {
    updates
        .last()
        .map(|u| u.status.clone())
        .unwrap_or(UpdateStatus::Scheduled)
}

/// The components an incident touched: `affected` (without repeats) when given, then
/// every interval's component not named yet, in interval order.
fn derived_components(intervals: &[ComponentImpact], affected: Option<&[String]>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let named = affected.unwrap_or_default().iter();
    for id in named.chain(intervals.iter().map(|iv| &iv.component_id)) {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
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
                start: c.from.0,
                end: c.to.map(|t| t.0),
            })
        })
        .collect::<Result<Vec<_>, FeedError>>()?;
    let updates = updates(w.updates);
    let components = derived_components(&intervals, w.affected.as_deref());
    let earliest = updates
        .iter()
        .map(|u| u.at)
        .chain(intervals.iter().map(|iv| iv.start))
        .min();
    let started_at = match (w.started_at.map(|t| t.0), earliest) {
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
    let resolved_at = match w.resolved_at {
        Some(explicit) => explicit.map(|t| t.0),
        None => derived_resolved_at(&updates),
    };
    let status = match w.status {
        Some(s) => UpdateStatus::parse(&s),
        None => derived_incident_status(&updates, resolved_at),
    };
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
    let status = match w.status {
        Some(s) => UpdateStatus::parse(&s),
        None => derived_maintenance_status(&updates),
    };
    let planned_end = w.planned.to.map_or(w.planned.from.0, |t| t.0);
    Maintenance {
        id: w.id,
        title: w.title.into(),
        status,
        components: w.components,
        scheduled_start: w.planned.from.0,
        scheduled_end: planned_end,
        actual_start: w.actual.as_ref().map(|a| a.from.0),
        actual_end: w.actual.and_then(|a| a.to.map(|t| t.0)),
        updates,
        url: w.url,
    }
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// A UTC instant as RFC 3339 with `Z` and only as many fractional digits as it needs.
struct Time(DateTime<Utc>);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// Text as a plain string when it is untagged only, else as `{language: text}`.
struct OutText<'a>(&'a Text);

impl Serialize for OutText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 .0.iter().next() {
            Some((lang, text)) if self.0 .0.len() == 1 && lang == Text::UNTAGGED => {
                s.serialize_str(text)
            }
            _ => self.0 .0.serialize(s),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Serialize)]
struct OutFeed<'a> {
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_at: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<OutPage<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<OutComponent<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    incidents: Vec<OutIncident<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    maintenances: Vec<OutMaintenance<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    history: Vec<OutShard<'a>>,
}

#[derive(Serialize)]
struct OutPage<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    name: OutText<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    languages: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<OutText<'a>>,
}

#[derive(Serialize)]
struct OutComponent<'a> {
    id: &'a str,
    name: OutText<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<OutText<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(skip_serializing_if = "is_false")]
    is_group: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "is_false")]
    only_show_if_degraded: bool,
    #[serde(skip_serializing_if = "is_true")]
    showcase: bool,
}

#[derive(Serialize)]
struct OutIncident<'a> {
    id: &'a str,
    title: OutText<'a>,
    impact: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    started_at: Time,
    /// `Some(None)` writes `null`: open, whatever the timeline says.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_at: Option<Option<Time>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affected: Option<&'a [String]>,
    #[serde(rename = "components", skip_serializing_if = "Vec::is_empty")]
    intervals: Vec<OutInterval<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    updates: Vec<OutUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct OutInterval<'a> {
    id: &'a str,
    severity: &'static str,
    from: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<Time>,
}

/// Owned: the timeline may have been re-sorted for writing.
#[derive(Serialize)]
struct OutUpdate {
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    at: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<BTreeOrPlain>,
}

/// An owned [`OutText`].
struct BTreeOrPlain(Text);

impl Serialize for BTreeOrPlain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        OutText(&self.0).serialize(s)
    }
}

#[derive(Serialize)]
struct OutWindow {
    from: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<Time>,
}

#[derive(Serialize)]
struct OutMaintenance<'a> {
    id: &'a str,
    title: OutText<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    components: &'a [String],
    planned: OutWindow,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<OutWindow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    updates: Vec<OutUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct OutShard<'a> {
    month: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    incidents: Option<u32>,
}

/// A status as [`parse`] will read it back (unknown names are trimmed and matched
/// case-insensitively there).
fn reread_status(s: &UpdateStatus) -> UpdateStatus {
    match s {
        UpdateStatus::Unknown(raw) => UpdateStatus::parse(raw),
        known => known.clone(),
    }
}

/// A timeline as [`parse`] will read it back: statuses re-read, oldest first (stable).
fn reread_updates(updates: &[Update]) -> Cow<'_, [Update]> {
    let sorted = updates.windows(2).all(|w| w[0].at <= w[1].at);
    let plain = updates.iter().all(|u| reread_status(&u.status) == u.status);
    if sorted && plain {
        return Cow::Borrowed(updates);
    }
    let mut out: Vec<Update> = updates
        .iter()
        .map(|u| Update {
            status: reread_status(&u.status),
            ..u.clone()
        })
        .collect();
    crate::order::sort_by_key(&mut out, |u| u.at);
    Cow::Owned(out)
}

fn out_updates(updates: &[Update]) -> Vec<OutUpdate> {
    updates
        .iter()
        .map(|u| OutUpdate {
            status: u.status.as_wire().to_string(),
            label: u.label.clone(),
            at: Time(u.at),
            // An absent body reads back as empty text; any other text is written.
            body: (!u.body.0.is_empty()).then(|| BTreeOrPlain(u.body.clone())),
        })
        .collect()
}

fn out_page(page: &Page) -> Option<OutPage<'_>> {
    (*page != Page::default()).then(|| OutPage {
        id: page.id.as_deref(),
        name: OutText(&page.name),
        url: page.url.as_deref(),
        time_zone: page.time_zone.as_deref(),
        languages: &page.languages,
        notice: page.notice.as_ref().map(OutText),
    })
}

fn out_component(index: usize, c: &Component) -> OutComponent<'_> {
    OutComponent {
        id: &c.id,
        name: OutText(&c.name),
        description: c.description.as_ref().map(OutText),
        group: c.group_id.as_deref(),
        is_group: c.is_group,
        order: (c.position != index as i64).then_some(c.position),
        start_date: c.start_date,
        only_show_if_degraded: c.only_show_if_degraded,
        showcase: c.showcase,
    }
}

fn out_incident(i: &Incident) -> OutIncident<'_> {
    let updates = reread_updates(&i.updates);
    let resolved_at = match i.resolved_at {
        Some(t) => Some(Some(Time(t))),
        None if derived_resolved_at(&updates).is_some() => Some(None),
        None => None,
    };
    let status = reread_status(&i.status);
    let status = (status != derived_incident_status(&updates, i.resolved_at))
        .then(|| status.as_wire().to_string());
    let affected =
        (i.components != derived_components(&i.intervals, None)).then_some(&i.components[..]);
    OutIncident {
        id: &i.id,
        title: OutText(&i.title),
        impact: i.impact.as_wire(),
        status,
        started_at: Time(i.started_at),
        resolved_at,
        affected,
        intervals: i
            .intervals
            .iter()
            .map(|iv| OutInterval {
                id: &iv.component_id,
                severity: iv.severity.as_wire(),
                from: Time(iv.start),
                to: iv.end.map(Time),
            })
            .collect(),
        updates: out_updates(&updates),
        url: i.url.as_deref(),
    }
}

fn out_maintenance(m: &Maintenance) -> OutMaintenance<'_> {
    let updates = reread_updates(&m.updates);
    let status = reread_status(&m.status);
    let status =
        (status != derived_maintenance_status(&updates)).then(|| status.as_wire().to_string());
    OutMaintenance {
        id: &m.id,
        title: OutText(&m.title),
        status,
        components: &m.components,
        planned: OutWindow {
            from: Time(m.scheduled_start),
            to: Some(Time(m.scheduled_end)),
        },
        // An end without a start cannot be written; `normalized` drops it too.
        actual: m.actual_start.map(|from| OutWindow {
            from: Time(from),
            to: m.actual_end.map(Time),
        }),
        updates: out_updates(&updates),
        url: m.url.as_deref(),
    }
}

fn render(doc: &OutFeed<'_>) -> String {
    // Plain data of strings, numbers and maps with string keys: serializing cannot fail.
    let mut out = serde_json::to_string_pretty(doc).unwrap_or_default();
    out.push('\n');
    out
}

/// Write `feed` as a pretty `statuslight/1` current feed (2-space indent, keys in a fixed
/// order, empty and absent fields left out, a final newline).
///
/// `parse(to_json(&f).as_bytes()) == Ok(f)` for every `f` that [`parse`] returned, and
/// `== Ok(normalized(&f))` for any other feed.
pub fn to_json(feed: &Feed) -> String {
    render(&OutFeed {
        version: VERSION,
        shard: None,
        as_of: feed.as_of.map(Time),
        updated_at: feed.updated_at.map(Time),
        page: out_page(&feed.page),
        components: feed
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| out_component(i, c))
            .collect(),
        incidents: feed.incidents.iter().map(out_incident).collect(),
        maintenances: feed.maintenances.iter().map(out_maintenance).collect(),
        history: feed
            .history
            .iter()
            .map(|h| OutShard {
                month: &h.month,
                url: &h.url,
                incidents: h.incidents,
            })
            .collect(),
    })
}

/// Write one month shard: `version`, `"shard": month`, then the incidents and maintenance
/// as [`to_json`] writes them. Nothing else goes into a shard.
pub fn shard_to_json(month: &str, incidents: &[Incident], maintenances: &[Maintenance]) -> String {
    render(&OutFeed {
        version: VERSION,
        shard: Some(month),
        as_of: None,
        updated_at: None,
        page: None,
        components: Vec::new(),
        incidents: incidents.iter().map(out_incident).collect(),
        maintenances: maintenances.iter().map(out_maintenance).collect(),
        history: Vec::new(),
    })
}

/// What `parse(to_json(feed))` gives for any feed: `feed` itself when [`parse`] made it,
/// else `feed` with what `statuslight/1` cannot say taken out or put in its reading order:
///
/// - `kind` becomes [`FeedKind::Statuslight`]; `declared` and every component's `status`
///   become `None` (this format derives status from intervals and never declares one);
/// - unknown impacts and update statuses are read again as [`Impact::from_wire`] and
///   [`UpdateStatus::parse`] read them (`Unknown("Resolved")` becomes `Resolved`);
/// - update timelines are sorted oldest first (stable);
/// - an incident's `components` lose repeats and gain every interval's component that was
///   missing, after the listed ones;
/// - a maintenance's `actual_end` is dropped when it has no `actual_start`;
/// - incidents are sorted newest first by start, then by id; maintenance newest first by
///   planned start (stable).
pub fn normalized(feed: &Feed) -> Feed {
    let mut f = feed.clone();
    f.kind = FeedKind::Statuslight;
    f.declared = None;
    for c in &mut f.components {
        c.status = None;
    }
    for i in &mut f.incidents {
        i.impact = Impact::from_wire(i.impact.as_wire());
        i.status = reread_status(&i.status);
        i.updates = reread_updates(&i.updates).into_owned();
        i.components = derived_components(&i.intervals, Some(&i.components));
    }
    sort_incidents(&mut f.incidents);
    for m in &mut f.maintenances {
        m.status = reread_status(&m.status);
        m.updates = reread_updates(&m.updates).into_owned();
        if m.actual_start.is_none() {
            m.actual_end = None;
        }
    }
    sort_maintenances(&mut f.maintenances);
    f
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
    #[cfg(feature = "json-paths")]
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

    #[test]
    fn writes_what_it_reads() {
        let feed = parse(MINI.as_bytes()).unwrap();
        let json = to_json(&feed);
        assert_eq!(parse(json.as_bytes()).unwrap(), feed);
        // Plain strings stay plain; tagged text stays tagged; derived fields are explicit.
        assert!(json.contains("\"title\": \"Old\""), "{json}");
        assert!(json.contains("\"ko\": \"샘플\""), "{json}");
        assert!(
            json.contains("\"started_at\": \"2019-12-31T15:00:00Z\""),
            "{json}"
        );
        assert!(
            json.contains("\"resolved_at\": \"2019-12-31T15:30:00Z\""),
            "{json}"
        );
        assert!(
            json.starts_with("{\n  \"version\": \"statuslight/1\",\n"),
            "{json}"
        );
        assert!(
            !json.contains("\"order\""),
            "positions equal to indexes: {json}"
        );
    }

    #[test]
    fn an_explicit_null_keeps_a_reopened_incident_open() {
        let doc = r#"{"version": "statuslight/1", "incidents": [
          {"id": "r", "title": "Reopened", "impact": "minor", "resolved_at": null,
           "updates": [{"status": "resolved", "at": "2024-01-01T01:00:00Z"},
                       {"status": "investigating", "at": "2024-01-01T02:00:00Z"}]}]}"#;
        let feed = parse(doc.as_bytes()).unwrap();
        assert!(feed.incidents[0].is_open());
        assert_eq!(feed.incidents[0].status, UpdateStatus::Investigating);
        let json = to_json(&feed);
        assert!(json.contains("\"resolved_at\": null"), "{json}");
        assert_eq!(parse(json.as_bytes()).unwrap(), feed);
        // Without the null, the timeline's resolved update closes it.
        let derived = parse(doc.replace(r#""resolved_at": null,"#, "").as_bytes()).unwrap();
        assert_eq!(
            derived.incidents[0].resolved_at,
            Some("2024-01-01T01:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn bad_months_are_refused_with_their_path() {
        let err = parse(br#"{"version": "statuslight/1", "shard": "2024-13"}"#).unwrap_err();
        assert!(
            matches!(err, FeedError::Invalid { ref path, .. } if path == "shard"),
            "{err}"
        );
        let err = parse(
            br#"{"version": "statuslight/1", "history": [{"month": "2024-01", "url": "a"}, {"month": "24-1", "url": "b"}]}"#,
        )
        .unwrap_err();
        assert!(
            matches!(err, FeedError::Invalid { ref path, .. } if path == "history[1].month"),
            "{err}"
        );
        assert!(is_month("0001-12") && !is_month("2024-00") && !is_month("2024-1x"));
    }

    #[test]
    fn times_the_writer_cannot_write_are_refused() {
        // Year 0000 at +01:00 is year -1 in UTC; 9999 at -05:00 is 10000.
        for (time, shown) in [
            ("0000-01-01T00:00:00+01:00", "-0001-12-31T23:00:00Z"),
            ("9999-12-31T23:00:00-05:00", "+10000-01-01T04:00:00Z"),
        ] {
            let doc = format!(r#"{{"version": "statuslight/1", "as_of": "{time}"}}"#);
            match parse(doc.as_bytes()).unwrap_err() {
                FeedError::Json { path, message, .. } => {
                    let want = if cfg!(feature = "json-paths") {
                        "as_of"
                    } else {
                        ""
                    };
                    assert_eq!(path, want);
                    assert!(message.contains(shown), "{message}");
                }
                other => panic!("expected a JSON error, got {other:?}"),
            }
        }
        let edge =
            parse(br#"{"version": "statuslight/1", "as_of": "0000-01-01T00:00:00Z"}"#).unwrap();
        assert_eq!(parse(to_json(&edge).as_bytes()).unwrap(), edge);
    }
}
