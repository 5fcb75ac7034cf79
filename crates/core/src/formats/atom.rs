//! Atom and RSS history feeds: Statuspage's `history.atom` and `history.rss`, and similar.
//!
//! Each `<entry>` (Atom) or `<item>` (RSS) becomes one [`Incident`] or one [`Maintenance`].
//! Its whole update timeline is printed as escaped HTML in the body (`<content>` or
//! `<summary>` in Atom, `<description>` or `<content:encoded>` in RSS), one update per
//! paragraph:
//!
//! ```text
//! <p><small>Nov <var data-var='date'>21</var>, <var data-var='time'>22:15</var> UTC</small>
//!    <br><strong>Resolved</strong> - This incident has been resolved.</p>
//! ```
//!
//! The older (2014) layout is the same without the `<var>` tags (`<small>Jan  1, 09:09
//! PST</small>`). The body is read with a small tag-tolerant HTML scanner: every
//! `<small>` whose text reads as a date and time starts an update; the `<strong>` (or `<b>`)
//! right after it is the update's label; everything up to the next such `<small>` is the
//! update's text. A `<small>` that looks like a time (`digits:digits`) and is followed by a
//! label but cannot be read is an error ([`FeedError::Invalid`] at `entry[i].content`);
//! any other `<small>` is ordinary text.
//!
//! # Rules
//!
//! - **Labels.** [`Update::label`] keeps the printed label verbatim ("Update", "Postmortem",
//!   "In progress"); [`Update::status`] is [`UpdateStatus::parse`] of it, so labels beyond
//!   the API's statuses are kept, never dropped. An update without a label gets status
//!   [`UpdateStatus::Update`] and no label.
//! - **Order.** The feed prints updates newest first in the order they were *posted*;
//!   [`Incident::updates`] is that order reversed (oldest first). Printed times can
//!   disagree with the posting order (back-filled updates); the posting order is kept and
//!   the times are not re-sorted.
//! - **Times.** A printed time is `Mon D, HH:MM ZONE`, optionally with a year
//!   (`Jan  8, 2014 - 18:21 PST`) and optionally with `am`/`pm`. A printed year is used
//!   as is. Otherwise the year is inferred against the entry's *anchor*, its latest own
//!   timestamp (Atom: the later of `updated` and `published`; RSS: `pubDate` or
//!   `dc:date`; the feed's own date when the entry has none): of the same month, day and
//!   time in the anchor's year, the year before and the year after, the one nearest to
//!   the anchor wins, excluding any later than one day past the feed's own `updated` /
//!   `pubDate` (nothing is posted after the feed was written). So a timeline that crosses
//!   New Year gets December in the old year and January in the new one. A strict "never
//!   after the entry's date" rule was rejected: RSS `pubDate` is not the last update
//!   (Parse's 2014 feed has a postmortem two days after its item's `pubDate`).
//! - **Time zones.** Abbreviations map to offsets (first listed is the default): UTC, GMT,
//!   UT, Z 0; EST −5 (−4); EDT −4; CST −6 (−5, +8 China); CDT −5; MST −7 (−6); MDT −6;
//!   PST −8 (−7); PDT −7; AKST −9 (−8); AKDT −8; HST −10; AST −4 (−3, +3 Arabia); ADT −3;
//!   NST −3:30 (−2:30); NDT −2:30; BRT, ART −3; WET 0 (+1); WEST +1; BST +1 (+6
//!   Bangladesh); IST +5:30 India (+1 Ireland, +2 Israel); CET +1 (+2); CEST +2; EET +2
//!   (+3); EEST +3; MSK +3; SGT, HKT, AWST +8; JST, KST +9; ACST +9:30 (+10:30); ACDT
//!   +10:30; AEST +10 (+11); AEDT +11; NZST +12 (+13); NZDT +13. When the entry's own
//!   timestamp carries one of the listed offsets, that one is used: this settles
//!   ambiguous names, and standard-time names printed in summer (old Statuspage printed
//!   "PST" all year: Parse 2014 has `04:10 PST` in an item dated `04:10:52 -0700` in
//!   October). Numeric zones (`+0530`, `-03`, `UTC+2`, `GMT-03:30`) are read as written.
//!   An unknown or missing zone falls back to the offset of the entry's own timestamp,
//!   else UTC.
//! - **Text.** Bodies are stripped to plain text: `<br>` is a line break, paragraphs and
//!   other blocks are separated by a blank line, list items start a line with `- `, other
//!   tags are dropped, runs of white space collapse as HTML renders them, and entities are
//!   decoded (`&amp; &lt; &gt; &quot; &apos; &#39; &#x2019;`, `&nbsp;` as a plain space and
//!   the common typographic names). The " - " between label and text is dropped. Text is
//!   stored as [`Text::untagged`]; no HTML is ever kept.
//! - **Affected components.** A line "This incident affected: A, B and C." (or "This
//!   scheduled maintenance affected: …") is removed from the text and its names go to
//!   [`Incident::components`] / [`Maintenance::components`]. These are component *names*,
//!   not ids (the feeds carry no ids). Names are split on commas outside parentheses and on
//!   the final "and" (Rails' `to_sentence`), so a single name containing " and " is split.
//! - **Maintenance.** An entry is a [`Maintenance`] when RSS gives a `maintenanceEndDate`,
//!   or when its timeline has a Scheduled / In progress / Verifying / Completed update and
//!   no Investigating / Identified one. Its `actual_start` is the first In progress update,
//!   `actual_end` the last Completed one (unless a later update reopens it); the feeds carry
//!   no planned window, so `scheduled_start` is `actual_start`, else the earliest update,
//!   else the entry's date, and `scheduled_end` is `maintenanceEndDate`, else `actual_end`,
//!   else `scheduled_start`. Its `status` is the latest non-Postmortem update's (Scheduled
//!   when there are none).
//! - **Incident.** `id` is the Statuspage incident code when the link or guid is a
//!   `…/incidents/<code>` address (the same id the Statuspage v2 API uses, so the Atom and
//!   RSS captures of one page agree), else the Atom `id` / RSS `guid` verbatim, else the
//!   link. `title` from the title, `url` from the link. `started_at` is the earliest update
//!   time, else the entry's `published` (else `updated`). `resolved_at` is the time of the
//!   last Resolved / Completed update, unless a later update reopens the incident
//!   (Investigating, Identified, Monitoring, Scheduled, In progress, Verifying); plain
//!   "Update" and "Postmortem" entries after it do not reopen it. `status` is the latest
//!   non-Postmortem update's status (Investigating when there are no updates). The feeds
//!   say nothing of impact: it is always `Impact::Unknown("unspecified")`, never
//!   `Impact::None`, which would claim there was no impact. No intervals are known.
//! - **Bodies without Statuspage markup** (any other Atom or RSS feed) become one update
//!   with no label, status [`UpdateStatus::Update`], at the entry's `published` (else its
//!   anchor), carrying the whole text.
//! - **Feed.** The feed's title is [`Page::name`], its alternate link [`Page::url`], its
//!   Atom `id` [`Page::id`], `xml:lang` / `<language>` [`Page::languages`], its `updated`
//!   (RSS: `lastBuildDate`, else `pubDate`) [`Feed::updated_at`]. Incidents come newest
//!   first by `started_at`, maintenances newest first by `scheduled_start`.
//! - **Errors.** Not well-formed XML, truncated input, a wrong root element or bytes that
//!   are not UTF-8 give [`FeedError::Xml`] with a byte position. A present but unreadable
//!   date gives [`FeedError::Invalid`] with a path such as `entry[3].updated` or
//!   `item[0].pubDate` (entries counted from 0); so does an update header whose time is
//!   not real (`entry[3].content`), an entry with neither id, guid nor link (`entry[3]`),
//!   and an entry with no date at all when one is needed to place its updates or start
//!   (`entry[3].updated`, `item[3].pubDate`). Input declared ISO-8859-1 / Latin-1 /
//!   windows-1252 that is not valid UTF-8 is read as Latin-1. A feed with no entries is
//!   valid and empty.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc,
};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

use crate::error::FeedError;
use crate::model::{
    latest_status, Feed, FeedKind, Impact, Incident, Maintenance, Page, Text, Update, UpdateStatus,
};

/// Tell Atom from RSS by the root element (`<feed>` is Atom; `<rss>` and RSS 1.0's
/// `<rdf:RDF>` are RSS), skipping the XML declaration, comments and a doctype.
pub fn detect_xml(bytes: &[u8]) -> Option<FeedKind> {
    let name = root_name(bytes)?;
    let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
    match local {
        b"feed" => Some(FeedKind::Atom),
        b"rss" | b"RDF" => Some(FeedKind::Rss),
        _ => None,
    }
}

/// Read an Atom history feed.
pub fn parse_atom(bytes: &[u8]) -> Result<Feed, FeedError> {
    let text = decode_input(bytes)?;
    let root = read_tree(&text)?;
    if root.local() != "feed" {
        return Err(wrong_root(&root, "an Atom <feed>"));
    }
    let mut feed = Feed::empty(FeedKind::Atom);
    let mut page = Page::default();
    if let Some(t) = root.child("title") {
        page.name = Text::untagged(text_construct(t));
    }
    page.url = atom_link(&root);
    page.id = root.child("id").map(Node::text).filter(|s| !s.is_empty());
    if let Some(lang) = root
        .attr("xml:lang")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        page.languages.push(lang.to_string());
    }
    feed.page = page;
    feed.updated_at = date_field(&root, &["updated"], "feed")?.map(|d| d.with_timezone(&Utc));

    let mut raws = Vec::new();
    for (i, entry) in root.children_named("entry").enumerate() {
        let path = format!("entry[{i}]");
        let published = date_field(entry, &["published"], &path)?;
        let updated = date_field(entry, &["updated"], &path)?;
        let (body_node, body_field) = match entry.child("content") {
            Some(c) => (Some(c), "content"),
            None => (entry.child("summary"), "summary"),
        };
        raws.push(RawEntry {
            id: entry.child("id").map(Node::text),
            link: atom_link(entry),
            title: entry.child("title").map(text_construct).unwrap_or_default(),
            published,
            updated,
            body_html: body_node.map(content_html).unwrap_or_default(),
            body_field,
            date_field: "updated",
            maintenance_end: None,
            path,
        });
    }
    assemble(feed, raws)
}

/// Read an RSS history feed (RSS 2.0, also RSS 1.0 / RDF).
pub fn parse_rss(bytes: &[u8]) -> Result<Feed, FeedError> {
    let text = decode_input(bytes)?;
    let root = read_tree(&text)?;
    if root.local() != "rss" && root.local() != "RDF" {
        return Err(wrong_root(&root, "an RSS <rss>"));
    }
    let mut feed = Feed::empty(FeedKind::Rss);
    let channel = root.child("channel");
    if let Some(ch) = channel {
        let mut page = Page::default();
        if let Some(t) = ch.child("title") {
            page.name = Text::untagged(t.text());
        }
        page.url = ch.child("link").map(Node::text).filter(|s| !s.is_empty());
        if let Some(lang) = ch.child("language").map(Node::text) {
            if !lang.is_empty() {
                page.languages.push(lang);
            }
        }
        feed.page = page;
        feed.updated_at = match date_field(ch, &["lastBuildDate"], "channel")? {
            Some(d) => Some(d),
            None => date_field(ch, &["pubDate", "date"], "channel")?,
        }
        .map(|d| d.with_timezone(&Utc));
    }
    // RSS 2.0 keeps items in the channel; RSS 1.0 puts them beside it.
    let items = channel
        .into_iter()
        .flat_map(|ch| ch.children_named("item"))
        .chain(root.children_named("item"));
    let mut raws = Vec::new();
    for (i, item) in items.enumerate() {
        let path = format!("item[{i}]");
        let published = date_field(item, &["pubDate", "date"], &path)?;
        let maintenance_end = date_field(item, &["maintenanceEndDate"], &path)?;
        let description = item.child("description").map(content_html);
        let (body_html, body_field) = match description.filter(|d| !d.trim().is_empty()) {
            Some(d) => (d, "description"),
            None => (
                item.child("encoded").map(content_html).unwrap_or_default(),
                "content:encoded",
            ),
        };
        raws.push(RawEntry {
            id: item.child("guid").map(Node::text),
            link: item.child("link").map(Node::text),
            title: item.child("title").map(Node::text).unwrap_or_default(),
            published,
            updated: None,
            body_html,
            body_field,
            date_field: "pubDate",
            maintenance_end: maintenance_end.map(|d| d.with_timezone(&Utc)),
            path,
        });
    }
    assemble(feed, raws)
}

// ---------------------------------------------------------------------------------------
// Entries to incidents and maintenances.

/// One entry or item as read from the XML, before its body is interpreted.
struct RawEntry {
    /// `entry[3]` or `item[3]`, for errors.
    path: String,
    /// Name of the body element, for errors.
    body_field: &'static str,
    /// Name of the date element to blame when a date is missing.
    date_field: &'static str,
    id: Option<String>,
    link: Option<String>,
    title: String,
    published: Option<DateTime<FixedOffset>>,
    updated: Option<DateTime<FixedOffset>>,
    body_html: String,
    maintenance_end: Option<DateTime<Utc>>,
}

enum Item {
    Incident(Incident),
    Maintenance(Maintenance),
}

fn assemble(mut feed: Feed, raws: Vec<RawEntry>) -> Result<Feed, FeedError> {
    let ceiling = feed.updated_at;
    for raw in raws {
        match build(raw, ceiling)? {
            Item::Incident(i) => feed.incidents.push(i),
            Item::Maintenance(m) => feed.maintenances.push(m),
        }
    }
    super::statuslight::sort_incidents(&mut feed.incidents);
    super::statuslight::sort_maintenances(&mut feed.maintenances);
    Ok(feed)
}

fn build(raw: RawEntry, feed_time: Option<DateTime<Utc>>) -> Result<Item, FeedError> {
    let body_path = format!("{}.{}", raw.path, raw.body_field);
    let split = split_body(&raw.body_html).map_err(|message| FeedError::Invalid {
        path: body_path.clone(),
        message,
    })?;
    let anchor: Option<DateTime<FixedOffset>> = match (raw.published, raw.updated) {
        (Some(p), Some(u)) => Some(if u >= p { u } else { p }),
        (p, u) => p.or(u),
    }
    .or_else(|| feed_time.map(|t| t.fixed_offset()));
    let missing_date = || FeedError::Invalid {
        path: format!("{}.{}", raw.path, raw.date_field),
        message: "missing: the entry needs a date to place its update times".to_string(),
    };

    let mut updates: Vec<Update> = Vec::with_capacity(split.updates.len() + 1);
    let count = split.updates.len();
    for (k, u) in split.updates.into_iter().enumerate() {
        let at = match resolve_time(&u.printed, anchor, feed_time) {
            Ok(at) => at,
            Err(Unplaced::NoAnchor) => return Err(missing_date()),
            Err(Unplaced::NoSuchDate) => {
                return Err(FeedError::Invalid {
                    path: body_path,
                    message: format!(
                        "update {k} of {count}: {:?} is not a real date and time",
                        u.printed.source
                    ),
                })
            }
        };
        let status = match &u.label {
            Some(l) => UpdateStatus::parse(l),
            None => UpdateStatus::Update,
        };
        updates.push(Update {
            status,
            label: u.label,
            at,
            body: Text::untagged(u.body),
        });
    }
    // Printed newest first; the model wants oldest first.
    updates.reverse();
    if !split.preamble.is_empty() {
        match updates.last_mut() {
            // Text before the first update belongs with the newest one.
            Some(newest) => {
                let old = newest.body.get("").to_string();
                let joined = if old.is_empty() {
                    split.preamble
                } else {
                    format!("{}\n\n{}", split.preamble, old)
                };
                newest.body = Text::untagged(joined);
            }
            None => {
                let at = raw
                    .published
                    .or(anchor)
                    .map(|d| d.with_timezone(&Utc))
                    .ok_or_else(missing_date)?;
                updates.push(Update {
                    status: UpdateStatus::Update,
                    label: None,
                    at,
                    body: Text::untagged(split.preamble),
                });
            }
        }
    }

    let id = entry_id(&raw).ok_or_else(|| FeedError::Invalid {
        path: raw.path.clone(),
        message: "an entry needs an id, a guid or a link".to_string(),
    })?;
    let url = raw
        .link
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| {
            raw.id
                .as_deref()
                .map(str::trim)
                .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
                .map(str::to_string)
        });
    let title = Text::untagged(raw.title.trim());
    let entry_date = raw.published.or(raw.updated).map(|d| d.with_timezone(&Utc));

    let has = |f: fn(&UpdateStatus) -> bool| updates.iter().any(|u| f(&u.status));
    let maintenance_stage = has(|s| {
        matches!(
            s,
            UpdateStatus::Scheduled
                | UpdateStatus::InProgress
                | UpdateStatus::Verifying
                | UpdateStatus::Completed
        )
    });
    let incident_stage =
        has(|s| matches!(s, UpdateStatus::Investigating | UpdateStatus::Identified));
    let is_maintenance = raw.maintenance_end.is_some() || (maintenance_stage && !incident_stage);

    let closed_at = closing_time(&updates);
    let earliest = updates.iter().map(|u| u.at).min();
    if is_maintenance {
        let status = latest_status(&updates).unwrap_or(UpdateStatus::Scheduled);
        let actual_start = updates
            .iter()
            .find(|u| u.status == UpdateStatus::InProgress)
            .map(|u| u.at);
        let scheduled_start = actual_start
            .or(earliest)
            .or(entry_date)
            .ok_or_else(missing_date)?;
        let scheduled_end = raw
            .maintenance_end
            .or(closed_at)
            .filter(|end| *end >= scheduled_start)
            .unwrap_or(scheduled_start);
        Ok(Item::Maintenance(Maintenance {
            id,
            title,
            status,
            components: split.affected,
            scheduled_start,
            scheduled_end,
            actual_start,
            actual_end: closed_at,
            updates,
            url,
        }))
    } else {
        let started_at = earliest.or(entry_date).ok_or_else(missing_date)?;
        let status = latest_status(&updates).unwrap_or(UpdateStatus::Investigating);
        Ok(Item::Incident(Incident {
            id,
            title,
            impact: Impact::Unknown("unspecified".to_string()),
            status,
            started_at,
            resolved_at: closed_at,
            components: split.affected,
            intervals: Vec::new(),
            updates,
            url,
        }))
    }
}

/// The time of the last Resolved / Completed update, unless a later update reopens.
fn closing_time(updates: &[Update]) -> Option<DateTime<Utc>> {
    let last = updates
        .iter()
        .rposition(|u| matches!(u.status, UpdateStatus::Resolved | UpdateStatus::Completed))?;
    let reopened = updates[last + 1..].iter().any(|u| {
        matches!(
            u.status,
            UpdateStatus::Investigating
                | UpdateStatus::Identified
                | UpdateStatus::Monitoring
                | UpdateStatus::Scheduled
                | UpdateStatus::InProgress
                | UpdateStatus::Verifying
        )
    });
    if reopened {
        None
    } else {
        Some(updates[last].at)
    }
}

/// The Statuspage incident code from a `…/incidents/<code>` address, else the id or guid,
/// else the link.
fn entry_id(raw: &RawEntry) -> Option<String> {
    let candidates = [raw.link.as_deref(), raw.id.as_deref()];
    for c in candidates.into_iter().flatten() {
        if let Some(code) = incident_code(c) {
            return Some(code.to_string());
        }
    }
    [raw.id.as_deref(), raw.link.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

fn incident_code(url: &str) -> Option<&str> {
    let url = url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return None;
    }
    let at = url.rfind("/incidents/")?;
    let code = &url[at + "/incidents/".len()..];
    let code = code.split(['?', '#', '/']).next().unwrap_or("");
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Some(code)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------
// Printed update times.

/// A time as printed in a body, before its year and zone are settled.
#[derive(Debug)]
struct Printed {
    month: u32,
    day: u32,
    year: Option<i32>,
    hour: u32,
    minute: u32,
    /// Offsets (minutes east of UTC) the printed zone may stand for, the usual one first;
    /// empty when the zone is missing or unknown.
    zones: Vec<i32>,
    source: String,
}

enum Unplaced {
    /// No year is printed and the entry has no date to infer it from.
    NoAnchor,
    /// The printed day or time does not exist (`Feb 30`, `25:00`).
    NoSuchDate,
}

fn resolve_time(
    p: &Printed,
    anchor: Option<DateTime<FixedOffset>>,
    ceiling: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, Unplaced> {
    let own = anchor.map(|a| *a.offset());
    let own_minutes = own.map(|o| o.local_minus_utc() / 60);
    let offset = match (p.zones.first(), own_minutes) {
        (Some(_), Some(m)) if p.zones.contains(&m) => own,
        (Some(first), _) => FixedOffset::east_opt(first * 60),
        (None, _) => own,
    }
    .unwrap_or_else(|| Utc.fix());
    let time = NaiveTime::from_hms_opt(p.hour, p.minute, 0).ok_or(Unplaced::NoSuchDate)?;
    let make = |year: i32| {
        NaiveDate::from_ymd_opt(year, p.month, p.day)
            .map(|d| d.and_time(time))
            .and_then(|naive| offset.from_local_datetime(&naive).single())
            .map(|dt| dt.with_timezone(&Utc))
    };
    if let Some(year) = p.year {
        return make(year).ok_or(Unplaced::NoSuchDate);
    }
    let anchor = anchor.ok_or(Unplaced::NoAnchor)?;
    let anchor_utc = anchor.with_timezone(&Utc);
    let year = anchor.with_timezone(&offset).year();
    let candidates: Vec<DateTime<Utc>> = [year - 1, year, year + 1]
        .into_iter()
        .filter_map(make)
        .collect();
    let limit = ceiling
        .filter(|c| *c >= anchor_utc)
        .and_then(|c| c.checked_add_signed(Duration::days(1)));
    let allowed: Vec<DateTime<Utc>> = candidates
        .iter()
        .copied()
        .filter(|t| limit.is_none_or(|l| *t <= l))
        .collect();
    let pool = if allowed.is_empty() {
        candidates
    } else {
        allowed
    };
    pool.into_iter()
        .min_by_key(|t| (t.signed_duration_since(anchor_utc).num_seconds().abs(), *t))
        .ok_or(Unplaced::NoSuchDate)
}

/// Read `Nov 21, 22:15 UTC`, `Jan  8, 2014 - 18:21 PST`, `March 3, 10:00 am EST`.
fn parse_printed(text: &str) -> Option<Printed> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let time_at = tokens.iter().position(|t| looks_like_clock(t))?;
    let (mut month, mut day, mut year) = (None, None, None);
    for t in &tokens[..time_at] {
        let t = t.trim_end_matches('.');
        if let Some(m) = month_number(t) {
            month = month.or(Some(m));
        } else if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            year = year.or(t.parse::<i32>().ok());
        } else {
            let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &t[digits.len()..];
            if !digits.is_empty()
                && digits.len() <= 2
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(
                    suffix.to_ascii_lowercase().as_str(),
                    "" | "st" | "nd" | "rd" | "th"
                )
            {
                day = day.or(digits.parse::<u32>().ok());
            }
        }
    }
    let clock = tokens[time_at];
    let (clock, mut meridiem) = split_meridiem(clock);
    let mut parts = clock.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let mut rest = &tokens[time_at + 1..];
    if meridiem.is_none() {
        if let Some(first) = rest.first() {
            let m = first.to_ascii_lowercase().replace('.', "");
            if m == "am" || m == "pm" {
                meridiem = Some(m == "pm");
                rest = &rest[1..];
            }
        }
    }
    let hour = match meridiem {
        None => hour,
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    let zones = zone_offsets(&rest.join(""));
    Some(Printed {
        month: month?,
        day: day?,
        year,
        hour,
        minute,
        zones,
        source: text.to_string(),
    })
}

/// `digits:digits`, optionally followed by `am`/`pm`.
fn looks_like_clock(t: &str) -> bool {
    let (clock, _) = split_meridiem(t);
    let mut parts = clock.split(':');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none_or(|s| s.len() <= 2)
}

fn split_meridiem(t: &str) -> (&str, Option<bool>) {
    let lower = t.to_ascii_lowercase();
    if t.len() > 2 && t.is_char_boundary(t.len() - 2) {
        if lower.ends_with("am") {
            return (&t[..t.len() - 2], Some(false));
        }
        if lower.ends_with("pm") {
            return (&t[..t.len() - 2], Some(true));
        }
    }
    (t, None)
}

fn month_number(t: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if t.len() < 3 || !t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| m.starts_with(&lower) || (lower == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
}

/// The offsets (minutes east of UTC) a printed zone may stand for, usual first; empty
/// when unknown.
fn zone_offsets(zone: &str) -> Vec<i32> {
    let upper = zone.trim().to_ascii_uppercase();
    let table: &[i32] = match upper.as_str() {
        "UTC" | "GMT" | "UT" | "Z" => &[0],
        "EST" => &[-300, -240],
        "EDT" => &[-240],
        "CST" => &[-360, -300, 480],
        "CDT" => &[-300],
        "MST" => &[-420, -360],
        "MDT" => &[-360],
        "PST" => &[-480, -420],
        "PDT" => &[-420],
        "AKST" => &[-540, -480],
        "AKDT" => &[-480],
        "HST" => &[-600],
        "AST" => &[-240, -180, 180],
        "ADT" => &[-180],
        "NST" => &[-210, -150],
        "NDT" => &[-150],
        "BRT" | "ART" => &[-180],
        "WET" => &[0, 60],
        "WEST" => &[60],
        "BST" => &[60, 360],
        "IST" => &[330, 60, 120],
        "CET" => &[60, 120],
        "CEST" => &[120],
        "EET" => &[120, 180],
        "EEST" | "MSK" => &[180],
        "SGT" | "HKT" | "AWST" => &[480],
        "JST" | "KST" => &[540],
        "ACST" => &[570, 630],
        "ACDT" => &[630],
        "AEST" => &[600, 660],
        "AEDT" => &[660],
        "NZST" => &[720, 780],
        "NZDT" => &[780],
        other => {
            let numeric = other
                .strip_prefix("UTC")
                .or_else(|| other.strip_prefix("GMT"))
                .unwrap_or(other);
            return numeric_offset(numeric).into_iter().collect();
        }
    };
    table.to_vec()
}

/// `+05`, `-0330`, `+05:30`, `+5`.
fn numeric_offset(s: &str) -> Option<i32> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    if h > 18 || m > 59 {
        return None;
    }
    Some(sign * (h * 60 + m))
}

// ---------------------------------------------------------------------------------------
// Bodies: escaped HTML to updates.

struct RawUpdate {
    printed: Printed,
    label: Option<String>,
    body: String,
}

struct SplitBody {
    /// Text before the first update (all of it for a body without Statuspage markup).
    preamble: String,
    /// Updates in printed order (newest first).
    updates: Vec<RawUpdate>,
    /// Component names from "This incident affected: …".
    affected: Vec<String>,
}

fn split_body(html: &str) -> Result<SplitBody, String> {
    let toks = tokenize(html);
    let mut affected = Vec::new();
    let mut preamble: Option<String> = None;
    let mut updates = Vec::new();
    let mut current: Option<(Printed, Option<String>)> = None;
    let mut out = TextOut::default();

    let mut finish = |current: Option<(Printed, Option<String>)>,
                      out: TextOut,
                      preamble: &mut Option<String>,
                      updates: &mut Vec<RawUpdate>| {
        let labelled = current.as_ref().is_some_and(|c| c.1.is_some());
        let mut text = take_affected(out.finish(), &mut affected);
        if labelled {
            text = strip_separator(&text).to_string();
        }
        match current {
            None => *preamble = Some(text),
            Some((printed, label)) => updates.push(RawUpdate {
                printed,
                label,
                body: text,
            }),
        }
    };

    let mut i = 0;
    while i < toks.len() {
        if let Tok::Open(name) = &toks[i] {
            if name == "small" {
                let (small, after_small) = inner_text(&toks, i + 1, "small");
                let mut j = after_small;
                while j < toks.len() && is_gap(&toks[j]) {
                    j += 1;
                }
                let label = match toks.get(j) {
                    Some(Tok::Open(n)) if n == "strong" || n == "b" => {
                        Some(inner_text(&toks, j + 1, n))
                    }
                    _ => None,
                };
                match (parse_printed(&small), label) {
                    (Some(printed), label) => {
                        let next = label.as_ref().map_or(after_small, |l| l.1);
                        let label = label.map(|l| l.0).filter(|l| !l.is_empty());
                        let done = std::mem::take(&mut out);
                        finish(current.take(), done, &mut preamble, &mut updates);
                        current = Some((printed, label));
                        i = next;
                        continue;
                    }
                    (None, Some(_)) if small.split(':').count() > 1 && looks_timeish(&small) => {
                        return Err(format!("cannot read the update time {small:?}"));
                    }
                    (None, _) => {
                        out.text(&small);
                        i = after_small;
                        continue;
                    }
                }
            }
        }
        out.token(&toks[i]);
        i += 1;
    }
    finish(current, out, &mut preamble, &mut updates);
    Ok(SplitBody {
        preamble: preamble.unwrap_or_default(),
        updates,
        affected,
    })
}

/// True when some `:` in `s` has a digit on each side.
fn looks_timeish(s: &str) -> bool {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|k| b[k] == b':' && b[k - 1].is_ascii_digit() && b[k + 1].is_ascii_digit())
}

fn is_gap(t: &Tok<'_>) -> bool {
    match t {
        Tok::Open(n) | Tok::Close(n) => n == "br",
        Tok::Text(s) => s.trim().is_empty(),
    }
}

/// Plain text of the tokens from `start` up to the matching close of `name`; returns the
/// text and the index after the close (or the end).
fn inner_text(toks: &[Tok<'_>], start: usize, name: &str) -> (String, usize) {
    let mut out = TextOut::default();
    let mut depth = 0usize;
    let mut i = start;
    while i < toks.len() {
        match &toks[i] {
            Tok::Open(n) if n == name => depth += 1,
            Tok::Close(n) if n == name => {
                if depth == 0 {
                    return (out.finish(), i + 1);
                }
                depth -= 1;
            }
            Tok::Text(s) => out.text(s),
            _ => {}
        }
        i += 1;
    }
    (out.finish(), i)
}

/// Drop the " - " that separates a label from its text.
fn strip_separator(text: &str) -> &str {
    let t = text.trim_start();
    for sep in ["-", "\u{2013}", "\u{2014}", ":"] {
        if let Some(rest) = t.strip_prefix(sep) {
            return rest.trim_start();
        }
    }
    t
}

/// Remove "This incident affected: …" lines, collecting their component names.
fn take_affected(text: String, names: &mut Vec<String>) -> String {
    if !text.contains(" affected:") {
        return text;
    }
    let mut kept: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let t = line.trim();
        let lower = t.to_ascii_lowercase();
        match lower.find(" affected:") {
            Some(at) if lower.starts_with("this ") && at < 40 => {
                let list = t[at + " affected:".len()..].trim().trim_end_matches('.');
                for n in split_names(list) {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            _ => kept.push(line),
        }
    }
    let mut joined = kept.join("\n");
    // Removing a line can leave a run of blank lines behind.
    while joined.contains("\n\n\n") {
        joined = joined.replace("\n\n\n", "\n\n");
    }
    joined.trim().to_string()
}

/// Split "A, B (x, y), and C" or "A and B" into names.
fn split_names(list: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth <= 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    if parts.len() == 1 {
        // Two names: "A and B".
        let only = parts.pop().unwrap_or_default();
        match only.rfind(" and ") {
            Some(at) if !only[..at].contains('(') || only[..at].contains(')') => {
                parts.push(only[..at].to_string());
                parts.push(only[at + " and ".len()..].to_string());
            }
            _ => parts.push(only),
        }
    }
    parts
        .into_iter()
        .map(|p| {
            let p = p.trim();
            p.strip_prefix("and ").unwrap_or(p).trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------
// A small, forgiving HTML scanner and text renderer.

#[derive(Debug)]
enum Tok<'a> {
    /// A start tag (also self-closing ones), lower-case name.
    Open(String),
    /// An end tag, lower-case name.
    Close(String),
    /// Raw text, entities not yet decoded.
    Text(&'a str),
}

fn tokenize(html: &str) -> Vec<Tok<'_>> {
    let b = html.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    // All slicing below happens at ASCII bytes, hence at char boundaries.
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied();
        let closing = next == Some(b'/');
        let name_start = if closing { i + 2 } else { i + 1 };
        let is_tag = b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic());
        let is_markup = matches!(next, Some(b'!') | Some(b'?'));
        if !is_tag && !is_markup {
            i += 1;
            continue;
        }
        if text_start < i {
            toks.push(Tok::Text(&html[text_start..i]));
        }
        if html[i..].starts_with("<!--") {
            i = find(b, i + 4, b"-->").map_or(b.len(), |p| p + 3);
            text_start = i;
            continue;
        }
        if is_markup {
            i = find(b, i, b">").map_or(b.len(), |p| p + 1);
            text_start = i;
            continue;
        }
        let mut name_end = name_start;
        while name_end < b.len()
            && (b[name_end].is_ascii_alphanumeric() || b[name_end] == b'-' || b[name_end] == b':')
        {
            name_end += 1;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        // Find the closing '>' outside quotes.
        let mut j = name_end;
        let mut quote: Option<u8> = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        if j >= b.len() {
            // A tag cut off by the end of the input: drop it.
            return toks;
        }
        i = j + 1;
        text_start = i;
        if closing {
            toks.push(Tok::Close(name));
        } else if name == "script" || name == "style" {
            // Their content is never text.
            let end = format!("</{name}");
            i = find_ascii_ci(b, i, end.as_bytes())
                .and_then(|p| find(b, p, b">").map(|q| q + 1))
                .unwrap_or(b.len());
            text_start = i;
        } else {
            toks.push(Tok::Open(name));
        }
    }
    if text_start < b.len() {
        toks.push(Tok::Text(&html[text_start..]));
    }
    toks
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ascii_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Renders HTML tokens as plain text: collapses white space, turns `<br>` into a line
/// break and blocks into blank-line-separated paragraphs.
#[derive(Default)]
struct TextOut {
    out: String,
    space: bool,
    newlines: u8,
}

impl TextOut {
    fn token(&mut self, t: &Tok<'_>) {
        match t {
            Tok::Text(s) => self.text(s),
            Tok::Open(n) | Tok::Close(n) if n == "br" => {
                // `<br>` and `</br>` (which browsers also read as a line break).
                self.newlines = (self.newlines + 1).min(2);
            }
            Tok::Open(n) if n == "li" => self.bullet(),
            Tok::Open(n) | Tok::Close(n) if is_block(n) => self.newlines = 2,
            Tok::Close(n) if n == "li" => self.newlines = self.newlines.max(1),
            _ => {}
        }
    }

    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        for c in decoded.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    /// Start a list item: a new line with a `- ` bullet.
    fn bullet(&mut self) {
        self.newlines = self.newlines.max(1);
        self.flush();
        self.out.push_str("- ");
    }

    fn flush(&mut self) {
        if self.out.is_empty() {
            self.newlines = 0;
            self.space = false;
            return;
        }
        if self.newlines > 0 {
            let trimmed = self.out.trim_end_matches(' ').len();
            self.out.truncate(trimmed);
            for _ in 0..self.newlines {
                self.out.push('\n');
            }
        } else if self.space && !self.out.ends_with(['\n', ' ']) {
            self.out.push(' ');
        }
        self.newlines = 0;
        self.space = false;
    }

    fn finish(self) -> String {
        self.out.trim().to_string()
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "hr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "dl"
            | "dt"
            | "dd"
    )
}

/// Decode HTML character references; unknown names stay as written.
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after
            .bytes()
            .take(32)
            .position(|b| b == b';')
            .filter(|&p| p > 0);
        let decoded = semi.and_then(|p| {
            let name = &after[..p];
            decode_reference(name).map(|d| (d, p))
        });
        match decoded {
            Some((d, p)) => {
                out.push_str(&d);
                rest = &after[p + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The text a reference (`amp`, `#39`, `#x2019`) stands for.
fn decode_reference(name: &str) -> Option<Cow<'static, str>> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        let c = code
            .filter(|c| *c != 0)
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        return Some(Cow::Owned(c.to_string()));
    }
    let s = match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201C}",
        "rdquo" => "\u{201D}",
        "laquo" => "\u{AB}",
        "raquo" => "\u{BB}",
        "bull" => "\u{2022}",
        "middot" => "\u{B7}",
        "copy" => "\u{A9}",
        "reg" => "\u{AE}",
        "trade" => "\u{2122}",
        "euro" => "\u{20AC}",
        "pound" => "\u{A3}",
        "yen" => "\u{A5}",
        "cent" => "\u{A2}",
        "deg" => "\u{B0}",
        "times" => "\u{D7}",
        "divide" => "\u{F7}",
        "plusmn" => "\u{B1}",
        "sect" => "\u{A7}",
        "para" => "\u{B6}",
        "larr" => "\u{2190}",
        "rarr" => "\u{2192}",
        "shy" | "zwj" | "zwnj" => "",
        _ => return None,
    };
    Some(Cow::Borrowed(s))
}

// ---------------------------------------------------------------------------------------
// XML: a small element tree read with quick-xml.

/// Deeper nesting than this is refused rather than followed.
const MAX_DEPTH: usize = 256;

#[derive(Debug)]
struct Node {
    /// Qualified name as written (`dc:date`).
    name: String,
    attrs: Vec<(String, String)>,
    /// Byte offset of the start tag.
    pos: u64,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Elem(Node),
    /// Character data, with XML's predefined and numeric references resolved.
    Text(String),
    /// A reference to an entity XML does not predefine (`&nbsp;`), by name.
    Ref(String),
}

impl Node {
    fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter_map(move |c| match c {
            Child::Elem(n) if n.local() == local => Some(n),
            _ => None,
        })
    }

    fn child(&self, local: &str) -> Option<&Node> {
        self.children.iter().find_map(|c| match c {
            Child::Elem(n) if n.local() == local => Some(n),
            _ => None,
        })
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .or_else(|| {
                self.attrs
                    .iter()
                    .find(|(k, _)| k.rsplit(':').next() == Some(name))
            })
            .map(|(_, v)| v.as_str())
    }

    /// All character data inside, references resolved, trimmed.
    fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s.trim().to_string()
    }

    fn collect_text(&self, s: &mut String) {
        for c in &self.children {
            match c {
                Child::Text(t) => s.push_str(t),
                Child::Ref(name) => match decode_reference(name) {
                    Some(d) => s.push_str(&d),
                    None => {
                        s.push('&');
                        s.push_str(name);
                        s.push(';');
                    }
                },
                Child::Elem(n) => n.collect_text(s),
            }
        }
    }

    /// The element's content as HTML source: its character data (which *is* escaped
    /// HTML), with child elements (inline XHTML) written back as tags.
    fn html_source(&self, s: &mut String, escape_text: bool) {
        for c in &self.children {
            match c {
                Child::Text(t) if escape_text => escape_into(t, s),
                Child::Text(t) => s.push_str(t),
                Child::Ref(name) => {
                    s.push('&');
                    s.push_str(name);
                    s.push(';');
                }
                Child::Elem(n) => {
                    s.push('<');
                    s.push_str(n.local());
                    s.push('>');
                    n.html_source(s, true);
                    s.push_str("</");
                    s.push_str(n.local());
                    s.push('>');
                }
            }
        }
    }
}

fn escape_into(t: &str, s: &mut String) {
    for c in t.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            c => s.push(c),
        }
    }
}

/// The HTML of a body element, by its Atom `type`: `text` (given explicitly) is escaped
/// and keeps its line breaks; `xhtml`, or any element content, is written back as tags;
/// anything else, including no type (RSS, and lax Atom), is escaped HTML.
fn content_html(node: &Node) -> String {
    let mut s = String::new();
    match node.attr("type").map(str::trim) {
        Some("text") | Some("text/plain") => {
            let mut plain = String::new();
            node.collect_text(&mut plain);
            escape_into(&plain, &mut s);
            s = s.replace('\n', "<br>");
        }
        Some("xhtml") | Some("application/xhtml+xml") => node.html_source(&mut s, true),
        _ if node.children.iter().any(|c| matches!(c, Child::Elem(_))) => {
            node.html_source(&mut s, true)
        }
        _ => node.html_source(&mut s, false),
    }
    s
}

/// An Atom text construct (title) as plain text.
fn text_construct(node: &Node) -> String {
    match node.attr("type").map(str::trim) {
        Some("html") | Some("xhtml") => {
            let mut out = TextOut::default();
            let html = content_html(node);
            for t in tokenize(&html) {
                out.token(&t);
            }
            out.finish()
        }
        _ => node.text(),
    }
}

/// The `rel="alternate"` (or rel-less) link of an Atom feed or entry.
fn atom_link(node: &Node) -> Option<String> {
    let links: Vec<&Node> = node.children_named("link").collect();
    let pick = links
        .iter()
        .find(|l| matches!(l.attr("rel").map(str::trim), None | Some("alternate")))
        .or_else(|| links.first())?;
    let href = pick
        .attr("href")
        .map(str::to_string)
        .unwrap_or_else(|| pick.text());
    let href = href.trim();
    (!href.is_empty()).then(|| href.to_string())
}

/// The first present child among `names`, read as a date; a present but unreadable date is
/// an error at `path.name`.
fn date_field(
    node: &Node,
    names: &[&str],
    path: &str,
) -> Result<Option<DateTime<FixedOffset>>, FeedError> {
    for name in names {
        if let Some(n) = node.child(name) {
            let s = n.text();
            if s.is_empty() {
                continue;
            }
            return match parse_date(&s) {
                Some(d) => Ok(Some(d)),
                None => Err(FeedError::Invalid {
                    path: format!("{path}.{}", n.name),
                    message: format!("expected an RFC 3339 or RFC 822 date, found {s:?}"),
                }),
            };
        }
    }
    Ok(None)
}

fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Some(d) = super::rfc3339::parse_with_offset(s) {
        return Some(d);
    }
    if let Some(d) = super::rfc2822::parse(s) {
        return Some(d);
    }
    // RFC 822 with a zone RFC 2822 does not name, such as "UTC".
    let (head, zone) = s.rsplit_once(' ')?;
    let minutes = *zone_offsets(zone).first()?;
    let sign = if minutes < 0 { '-' } else { '+' };
    let fixed = format!(
        "{head} {sign}{:02}{:02}",
        minutes.abs() / 60,
        minutes.abs() % 60
    );
    super::rfc2822::parse(&fixed)
}

fn xml_error(position: u64, message: impl Into<String>) -> FeedError {
    FeedError::Xml {
        position,
        message: message.into(),
    }
}

fn wrong_root(root: &Node, expected: &str) -> FeedError {
    xml_error(
        root.pos,
        format!("expected {expected} root element, found <{}>", root.name),
    )
}

/// The input as text: UTF-8 (a BOM is skipped), or Latin-1 when declared so and not UTF-8.
fn decode_input(bytes: &[u8]) -> Result<Cow<'_, str>, FeedError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            if declares_latin1(bytes) {
                Ok(Cow::Owned(bytes.iter().map(|&b| b as char).collect()))
            } else {
                Err(xml_error(
                    e.valid_up_to() as u64,
                    "the input is not valid UTF-8",
                ))
            }
        }
    }
}

fn declares_latin1(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"<?xml") {
        return false;
    }
    let Some(end) = find(bytes, 0, b"?>") else {
        return false;
    };
    let decl = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let Some(at) = decl.find("encoding") else {
        return false;
    };
    let value = decl[at + "encoding".len()..]
        .trim_start_matches([' ', '=', '"', '\''])
        .split(['"', '\'', ' '])
        .next()
        .unwrap_or("");
    matches!(
        value,
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252"
    )
}

fn read_tree(text: &str) -> Result<Node, FeedError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| xml_error(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(e) => {
                if stack.is_empty() && root.is_some() {
                    return Err(xml_error(pos, "a second root element"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(xml_error(pos, "elements nested too deeply"));
                }
                stack.push(new_node(&e, pos));
            }
            Event::Empty(e) => {
                if stack.is_empty() && root.is_some() {
                    return Err(xml_error(pos, "a second root element"));
                }
                attach(&mut stack, &mut root, new_node(&e, pos));
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(xml_error(pos, "an end tag without a start tag"));
                };
                attach(&mut stack, &mut root, node);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(c) => push_text(&mut stack, &c.xml10_content()),
            Event::GeneralRef(r) => {
                let name: &str = &r;
                match r.resolve_char_ref() {
                    Ok(Some(c)) => push_text(&mut stack, c.encode_utf8(&mut [0; 4])),
                    Err(_) => push_text(&mut stack, "\u{FFFD}"),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(name) {
                        Some(v) => push_text(&mut stack, v),
                        None => {
                            if let Some(top) = stack.last_mut() {
                                top.children.push(Child::Ref(name.to_string()));
                            }
                        }
                    },
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(xml_error(
            text.len() as u64,
            format!("unexpected end of input: <{}> is not closed", open.name),
        ));
    }
    root.ok_or_else(|| {
        xml_error(
            text.len() as u64,
            if text.trim().is_empty() {
                "the input is empty"
            } else {
                "no root element"
            },
        )
    })
}

fn new_node(e: &BytesStart<'_>, pos: u64) -> Node {
    let name = e.name().as_ref().to_string();
    let attrs = e
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .map(|a| {
            let key = a.key.as_ref().to_string();
            let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.to_string(),
            };
            (key, value)
        })
        .collect();
    Node {
        name,
        attrs,
        pos,
        children: Vec::new(),
    }
}

fn attach(stack: &mut [Node], root: &mut Option<Node>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Child::Elem(node)),
        None => {
            if root.is_none() {
                *root = Some(node);
            }
        }
    }
}

fn push_text(stack: &mut [Node], t: &str) {
    let Some(top) = stack.last_mut() else {
        return;
    };
    if let Some(Child::Text(last)) = top.children.last_mut() {
        last.push_str(t);
    } else {
        top.children.push(Child::Text(t.to_string()));
    }
}

/// The name of the root element, from a light scan of the first markup.
fn root_name(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        if rest.starts_with(b"<?") {
            rest = &rest[find(rest, 2, b"?>")? + 2..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[find(rest, 4, b"-->")? + 3..];
        } else if rest.starts_with(b"<!") {
            // A doctype, perhaps with an internal subset in brackets.
            let close = find(rest, 2, b">")?;
            let open_bracket = find(rest, 2, b"[");
            let end = match open_bracket {
                Some(ob) if ob < close => find(rest, ob, b"]>")? + 1,
                _ => close,
            };
            rest = &rest[end + 1..];
        } else if rest.starts_with(b"<") {
            let end = rest[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .map_or(rest.len(), |p| p + 1);
            let name = &rest[1..end];
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_times_are_read() {
        let p = parse_printed("Jan 8, 2014 - 18:21 PST").unwrap();
        assert_eq!(
            (p.month, p.day, p.year, p.hour, p.minute),
            (1, 8, Some(2014), 18, 21)
        );
        assert_eq!(p.zones, [-480, -420]);
        let p = parse_printed("March 3rd, 10:05 pm GMT+05:30").unwrap();
        assert_eq!((p.month, p.day, p.hour, p.minute), (3, 3, 22, 5));
        assert_eq!(p.zones, [330]);
        assert!(parse_printed("Nov 21, 22:15 XYZ").unwrap().zones.is_empty());
        assert!(parse_printed("Scheduled for tomorrow").is_none());
        assert!(parse_printed("12:00").is_none());
    }

    #[test]
    fn text_rendering_collapses_and_breaks() {
        let mut out = TextOut::default();
        for t in tokenize("<p>a  <b>b</b>\n c<br>d<br/><br><br>e</p><ul><li>x</li><li>y</li></ul>z")
        {
            out.token(&t);
        }
        assert_eq!(out.finish(), "a b c\nd\n\ne\n\n- x\n- y\n\nz");
    }

    #[test]
    fn names_split_like_to_sentence() {
        assert_eq!(split_names("A, B (x, y), and C"), ["A", "B (x, y)", "C"]);
        assert_eq!(split_names("API and Web"), ["API", "Web"]);
        assert_eq!(split_names("API"), ["API"]);
    }
}
