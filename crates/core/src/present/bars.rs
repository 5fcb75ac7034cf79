//! Daily bars and the uptime calendar: one cell per day, each with everything its
//! tooltip says.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{format_date, format_month, uptime_label, Settings};
use crate::i18n::{fill, Messages};
use crate::model::{Feed, Incident, Maintenance};
use crate::uptime::{
    days_in_month, local_day_start, today, DayBucket, DayStats, UptimeIndex, Window,
};
use crate::zone::Zone;

/// One component's bar over the last days of a window.
#[derive(Clone, Debug, PartialEq)]
pub struct BarView {
    /// For screen readers: "Messaging: daily status for the last 90 days".
    pub label: String,
    /// "99.87% uptime" over the window.
    pub uptime: String,
    /// Oldest first.
    pub days: Vec<DayCell>,
}

/// One day of a bar or a calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct DayCell {
    /// `2021-05-05`: stable key, also for `data-date`.
    pub date: String,
    /// `DayBucket` label key: `no downtime`, `minor`, `partial`, `major`, `maintenance`,
    /// `no data`, `future`. CSS classes use it with spaces as dashes.
    pub bucket: &'static str,
    /// The day's colour, `#rrggbb`.
    pub colour: String,
    /// What a screen reader says for the cell: "May 5, 2021: Major outage, 120 min".
    pub aria_label: String,
    /// Where the cell's middle sits along its bar, as a CSS percentage ("43.89%"), for
    /// placing its tooltip.
    pub x: String,
    pub detail: DayDetail,
}

impl DayCell {
    /// The day of the month without a leading zero ("5" for `2021-05-05`): what a
    /// calendar's day button shows, and the first word of its name.
    pub fn day_of_month(&self) -> &str {
        self.date
            .get(8..)
            .unwrap_or_default()
            .trim_start_matches('0')
    }
}

/// What a day's tooltip shows.
#[derive(Clone, Debug, PartialEq)]
pub struct DayDetail {
    pub date: String,
    /// "Major outage", "No downtime", "No data", …
    pub verdict: String,
    /// ("Major outage", "120 min"), one row per severity with any minutes, and
    /// maintenance.
    pub rows: Vec<(String, String)>,
    /// "Uptime 91.66%"; `None` for days with nothing counted.
    pub uptime: Option<String>,
    /// (href, title) of the incidents that touched the day.
    pub incidents: Vec<(String, String)>,
    /// Titles of the maintenance that touched the day.
    pub maintenances: Vec<String>,
}

/// `no-downtime`, `no-data`: a bucket key as a CSS class suffix.
pub fn bucket_class(bucket: &str) -> String {
    bucket.replace(' ', "-")
}

impl BarView {
    /// The bar's day buttons as HTML, oldest first; the last day holds the tab stop. One
    /// markup for the published page (`statuslight build --page`) and the app, which sets
    /// it as the bar's `innerHTML`: built node by node, the demo page's 540 buttons took
    /// about 60 ms of the app's start. `key` names the bar in each day's focus key;
    /// `extra_class` may add a class to a day (the published page's colour classes). The
    /// day colours are not in the markup: a page's policy forbids style attributes.
    pub fn days_html(
        &self,
        key: &str,
        mut extra_class: impl FnMut(&DayCell) -> Option<String>,
    ) -> String {
        use crate::export::xml_escape;
        let mut out = String::with_capacity(self.days.len() * 160);
        let last = self.days.len().saturating_sub(1);
        for (i, day) in self.days.iter().enumerate() {
            out.push_str("<button type=\"button\" class=\"sl-day sl-day--");
            out.push_str(&bucket_class(day.bucket));
            if let Some(extra) = extra_class(day) {
                out.push(' ');
                out.push_str(&xml_escape(&extra));
            }
            out.push_str("\" data-date=\"");
            out.push_str(&xml_escape(&day.date));
            out.push_str("\" data-focus-key=\"");
            out.push_str(&xml_escape(&format!("day:{key}:{}", day.date)));
            out.push_str("\" aria-label=\"");
            out.push_str(&xml_escape(&day.aria_label));
            out.push_str(if i == last {
                "\" tabindex=\"0\"></button>"
            } else {
                "\" tabindex=\"-1\"></button>"
            });
        }
        out
    }

    /// The colour most of the bar's days have (the bar's own, which its days inherit),
    /// and for each day, in order, its own colour where it differs from that one.
    /// `None` for a bar without days.
    pub fn colours(&self) -> Option<(&str, Vec<Option<&str>>)> {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for day in &self.days {
            match counts.iter_mut().find(|(c, _)| *c == day.colour) {
                Some((_, n)) => *n += 1,
                None => counts.push((&day.colour, 1)),
            }
        }
        let (common, _) = counts
            .iter()
            .copied()
            .reduce(|a, b| if b.1 > a.1 { b } else { a })?;
        let own = self
            .days
            .iter()
            .map(|d| (d.colour != common).then_some(d.colour.as_str()))
            .collect();
        Some((common, own))
    }
}

fn verdict(bucket: DayBucket, m: &Messages) -> &'static str {
    match bucket {
        DayBucket::NoDowntime => m.day_none,
        DayBucket::Minor => m.day_minor,
        DayBucket::Partial => m.day_partial,
        DayBucket::Major => m.day_major,
        DayBucket::Maintenance => m.day_maintenance,
        DayBucket::NoData => m.day_no_data,
        DayBucket::Future => m.day_future,
    }
}

/// Minutes for people: whole minutes, "<1" for a sliver.
fn minutes_text(x: f64, m: &Messages) -> String {
    let n = if x > 0.0 && x < 1.0 {
        "<1".to_string()
    } else {
        format!("{}", x.round() as i64)
    };
    fill(m.minutes_n, &[("n", &n)])
}

fn cell(feed: &Feed, d: &DayStats, s: &Settings) -> DayCell {
    let m = s.lang.messages();
    let lang = s.lang.tag();
    let t = &d.tally;
    let mut rows = Vec::new();
    for (label, minutes) in [
        (m.status_major, t.major_minutes()),
        (m.status_partial, t.partial_minutes()),
        (m.status_degraded, t.degraded_minutes()),
        (m.status_maintenance, t.maintenance_minutes()),
    ] {
        if minutes > 0.0 {
            rows.push((label.to_string(), minutes_text(minutes, m)));
        }
    }
    let date = format_date(d.date, m);
    let verdict = verdict(d.colour.bucket, m).to_string();
    let mut aria = format!("{date}: {verdict}");
    for (label, value) in &rows {
        aria.push_str(&format!(", {label} {value}"));
    }
    let incidents = d
        .incident_ids
        .iter()
        .filter_map(|id| feed.incident(id))
        .map(|i| {
            (
                super::incident_href(&i.id),
                super::title_text(i.title.get(lang)),
            )
        })
        .collect();
    let maintenances = d
        .maintenance_ids
        .iter()
        .filter_map(|id| feed.maintenances.iter().find(|mt| &mt.id == id))
        .map(|mt| super::title_text(mt.title.get(lang)))
        .collect();
    DayCell {
        date: format!(
            "{:04}-{:02}-{:02}",
            d.date.year(),
            d.date.month(),
            d.date.day()
        ),
        bucket: d.colour.bucket.label_key(),
        colour: d.colour.hex(),
        aria_label: aria,
        x: String::new(),
        detail: DayDetail {
            date,
            verdict,
            rows,
            uptime: d
                .uptime_percent
                .map(|p| format!("{} {}", m.day_uptime, uptime_number(p, s))),
            incidents,
            maintenances,
        },
    }
}

fn uptime_number(p: f64, s: &Settings) -> String {
    format!("{}%", crate::uptime::format_uptime(p, s.precision))
}

/// The bar of component `id`: `days` days ending on `last` (today, usually), and its
/// uptime over them. `None` for an unknown component, and for no days at all: a page
/// computed with a window of 0 days has no bars (a page can show its status first and
/// its bars a moment later).
pub fn bar(
    index: &UptimeIndex,
    feed: &Feed,
    id: &str,
    last: NaiveDate,
    days: u32,
    s: &Settings,
) -> Option<BarView> {
    if days == 0 {
        return None;
    }
    let first = last - chrono::Days::new(u64::from(days) - 1);
    let stats = index.days(id, first, last, s.tz, &s.uptime)?;
    let window = index.range(id, first, last, s.tz, &s.uptime)?;
    let m = s.lang.messages();
    let name = feed
        .component(id)
        .map(|c| c.name.get(s.lang.tag()).to_string())
        .unwrap_or_else(|| id.to_string());
    Some(BarView {
        label: fill(m.bars_label, &[("name", &name), ("n", &days.to_string())]),
        uptime: uptime_label(window.uptime_percent, s),
        days: stats
            .iter()
            .enumerate()
            .map(|(i, d)| DayCell {
                x: format!("{:.2}%", (i as f64 + 0.5) * 100.0 / stats.len() as f64),
                ..cell(feed, d, s)
            })
            .collect(),
    })
}

/// The part of `feed` that the page view ([`super::page_view`]) needs at `at` with the
/// bars of `s`: the whole feed but the incidents and maintenance that were over before
/// the first day of the bars (a day earlier, for margin). `page_view` gives the same page
/// for it as for the whole feed, except that its `incidents` list holds only the
/// incidents kept.
///
/// A page that loads older months of history can memoise its view on this: merging a
/// month shard older than the bars leaves it unchanged, so nothing is recomputed.
pub fn window_feed(feed: &Feed, at: DateTime<Utc>, s: &Settings) -> Feed {
    let last = today(s.tz, at);
    let first = last - chrono::Days::new(u64::from(s.window_days.max(1)));
    let cut = local_day_start(s.tz, first);
    let kept = |end: Option<DateTime<Utc>>| end.is_none_or(|end| end >= cut);
    // Spelled out, so that a new field of `Feed` has to be considered here.
    let Feed {
        kind,
        page,
        components,
        incidents,
        maintenances,
        as_of,
        updated_at,
        declared,
        history,
    } = feed;
    Feed {
        kind: *kind,
        page: page.clone(),
        components: components.clone(),
        incidents: incidents
            .iter()
            .filter(|i| kept(incident_end(i)))
            .cloned()
            .collect(),
        maintenances: maintenances
            .iter()
            .filter(|m| kept(maintenance_end(m)))
            .cloned()
            .collect(),
        as_of: *as_of,
        updated_at: *updated_at,
        declared: declared.clone(),
        history: history.clone(),
    }
}

/// The last moment an incident says anything about: its start, resolution, intervals'
/// ends and updates; `None` while it or any of its intervals is open.
fn incident_end(i: &Incident) -> Option<DateTime<Utc>> {
    let resolved = i.resolved_at?.max(i.started_at);
    let end = i
        .intervals
        .iter()
        .try_fold(resolved, |acc, iv| iv.end.map(|e| acc.max(e.max(iv.start))))?;
    Some(i.updates.iter().map(|u| u.at).fold(end, DateTime::max))
}

/// The last moment a maintenance says anything about, once it is over (a final status or
/// an actual end); `None` before.
fn maintenance_end(m: &Maintenance) -> Option<DateTime<Utc>> {
    if !(m.status.is_final() || m.actual_end.is_some()) {
        return None;
    }
    let times = [
        Some(m.scheduled_start),
        Some(m.scheduled_end),
        m.actual_start,
        m.actual_end,
    ];
    let end = times
        .into_iter()
        .flatten()
        .fold(m.scheduled_end, DateTime::max);
    Some(m.updates.iter().map(|u| u.at).fold(end, DateTime::max))
}

/// A month of one component, laid out like a wall calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarView {
    pub component_id: String,
    pub component_name: String,
    pub year: i32,
    pub month: u32,
    /// "May 2021".
    pub title: String,
    /// Sunday first.
    pub weekdays: Vec<String>,
    /// Weeks of seven; `None` pads days outside the month.
    pub weeks: Vec<Vec<Option<DayCell>>>,
    /// "99.87% uptime" over the month.
    pub uptime: String,
    /// The neighbouring months, when there is anything to show there.
    pub prev: Option<(i32, u32)>,
    pub next: Option<(i32, u32)>,
}

/// The earliest month worth showing for a component: its start date, else its first
/// incident, else the current month.
fn first_month(feed: &Feed, id: &str, s: &Settings, fallback: NaiveDate) -> NaiveDate {
    let start = feed.component(id).and_then(|c| c.start_date);
    let first_incident = feed
        .incidents
        .iter()
        .filter(|i| {
            i.intervals.iter().any(|iv| iv.component_id == id)
                || i.components.iter().any(|c| c == id)
        })
        .map(|i| i.started_at.with_timezone(&s.tz).date_naive())
        .min();
    [start, first_incident]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(fallback)
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// What the calendar shows until the visitor picks something else: the first component
/// that is not a group, in display order ([`crate::status::display_key`]), in the month
/// that `at` falls in, in `tz`. `None` for a feed with no such component. The app's
/// calendar starts from it, and so does the published status (`statuslight build
/// --page`).
pub fn calendar_default(feed: &Feed, at: DateTime<Utc>, tz: Zone) -> Option<(String, i32, u32)> {
    let local = at.with_timezone(&tz);
    feed.components
        .iter()
        .filter(|c| !c.is_group)
        .min_by_key(|c| crate::status::display_key(feed, c))
        .map(|c| (c.id.clone(), local.year(), local.month()))
}

/// The calendar of component `id` for `year`-`month`. `None` for an unknown component
/// or an invalid month.
pub fn calendar(
    index: &UptimeIndex,
    feed: &Feed,
    id: &str,
    year: i32,
    month: u32,
    s: &Settings,
) -> Option<CalendarView> {
    let m = s.lang.messages();
    let len = days_in_month(year, month)?;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = NaiveDate::from_ymd_opt(year, month, len)?;
    let stats = index.days(id, first, last, s.tz, &s.uptime)?;
    let window = index.window(id, Window::Month { year, month }, s.tz, &s.uptime)?;
    let lead = first.weekday().num_days_from_sunday() as usize;
    let mut cells: Vec<Option<DayCell>> = vec![None; lead];
    // A day's button shows its day of the month; its name starts with that number, so
    // that the name holds the visible label as a word of its own (WCAG 2.5.3, Label in
    // Name). The date alone does not in Korean, where it reads "5일", not "5".
    for d in &stats {
        let mut c = cell(feed, d, s);
        c.aria_label = format!("{}, {}", c.day_of_month(), c.aria_label);
        cells.push(Some(c));
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let now_day = today(s.tz, index.now());
    let earliest = first_month(feed, id, s, now_day);
    let this = month_index(first);
    let step = |k: i32| -> (i32, u32) { (k.div_euclid(12), (k.rem_euclid(12) + 1) as u32) };
    Some(CalendarView {
        component_id: id.to_string(),
        component_name: feed
            .component(id)
            .map(|c| c.name.get(s.lang.tag()).to_string())
            .unwrap_or_else(|| id.to_string()),
        year,
        month,
        title: format_month(year, month, m),
        weekdays: m.weekdays.split(',').map(str::to_string).collect(),
        weeks: cells.chunks(7).map(<[Option<DayCell>]>::to_vec).collect(),
        uptime: uptime_label(window.uptime_percent, s),
        prev: (this > month_index(earliest)).then(|| step(this - 1)),
        next: (this < month_index(now_day)).then(|| step(this + 1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::shards;
    use crate::i18n::Lang;
    use crate::present::page_view;
    use crate::synth::{generate, SynthOptions};
    use crate::zone::Zone;

    fn cell(date: &str, bucket: &'static str, colour: &str, aria_label: &str) -> DayCell {
        DayCell {
            date: date.into(),
            bucket,
            colour: colour.into(),
            aria_label: aria_label.into(),
            x: "50%".into(),
            detail: DayDetail {
                date: date.into(),
                verdict: String::new(),
                rows: Vec::new(),
                uptime: None,
                incidents: Vec::new(),
                maintenances: Vec::new(),
            },
        }
    }

    #[test]
    fn days_html_escapes_and_gives_the_last_day_the_tab_stop() {
        let bar = BarView {
            label: String::new(),
            uptime: String::new(),
            days: vec![
                cell("2021-05-05", "major", "#d73a49", "May 5: \"A\" & <b>"),
                cell("2021-05-06", "no downtime", "#2da44e", "May 6"),
            ],
        };
        let html = bar.days_html("m\"x", |d| {
            (d.bucket == "major").then(|| "sl-c1".to_string())
        });
        assert_eq!(
            html,
            "<button type=\"button\" class=\"sl-day sl-day--major sl-c1\" data-date=\"2021-05-05\" \
             data-focus-key=\"day:m&quot;x:2021-05-05\" aria-label=\"May 5: &quot;A&quot; &amp; &lt;b&gt;\" \
             tabindex=\"-1\"></button><button type=\"button\" class=\"sl-day sl-day--no-downtime\" \
             data-date=\"2021-05-06\" data-focus-key=\"day:m&quot;x:2021-05-06\" aria-label=\"May 6\" \
             tabindex=\"0\"></button>"
        );
        let (common, others) = bar.colours().unwrap();
        // A tie keeps the first colour seen.
        assert_eq!((common, others), ("#d73a49", vec![None, Some("#2da44e")]));
        let empty = BarView {
            label: String::new(),
            uptime: String::new(),
            days: Vec::new(),
        };
        assert_eq!(empty.days_html("k", |_| None), "");
        assert!(empty.colours().is_none());
    }

    #[test]
    fn colours_name_the_most_common_one_and_the_exceptions() {
        let mut days: Vec<DayCell> = (1..=9)
            .map(|d| cell(&format!("2021-05-0{d}"), "no downtime", "#2da44e", ""))
            .collect();
        days[3].colour = "#e3b341".into();
        days[7].colour = "#d73a49".into();
        let bar = BarView {
            label: String::new(),
            uptime: String::new(),
            days,
        };
        let (common, others) = bar.colours().unwrap();
        assert_eq!(common, "#2da44e");
        assert_eq!(
            others,
            [
                None,
                None,
                None,
                Some("#e3b341"),
                None,
                None,
                None,
                Some("#d73a49"),
                None
            ]
        );
    }

    #[test]
    fn window_feed_gives_the_same_page_and_ignores_older_shards() {
        let end: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let feed = generate(&SynthOptions {
            years: 2,
            incidents: 600,
            ..SynthOptions::new(end)
        });
        let (current, older) = shards::split_history(&feed, end - chrono::TimeDelta::days(90));
        for tz in [
            Zone::UTC,
            Zone::parse("Asia/Seoul").unwrap(),
            Zone::parse("Pacific/Kiritimati").unwrap(),
        ] {
            for days in [30, 90, 365] {
                for at in [end, end - chrono::TimeDelta::hours(30)] {
                    let s = Settings {
                        window_days: days,
                        ..Settings::new(Lang::En, tz)
                    };
                    let slice = window_feed(&feed, at, &s);
                    assert!(slice.incidents.len() < feed.incidents.len());
                    let whole = page_view(&feed, &UptimeIndex::new(&feed, at), &s);
                    let part = page_view(&slice, &UptimeIndex::new(&slice, at), &s);
                    assert_eq!(
                        crate::present::PageView {
                            incidents: Vec::new(),
                            ..whole
                        },
                        crate::present::PageView {
                            incidents: Vec::new(),
                            ..part
                        },
                        "{tz} {days} days at {at}"
                    );
                }
            }
        }
        // Merging the shards older than the bars' window changes nothing.
        let s = Settings::new(Lang::Ko, Zone::parse("Asia/Seoul").unwrap());
        let before = window_feed(&current, end, &s);
        let mut merged = current.clone();
        for shard in older.into_iter().filter(|sh| sh.month.as_str() < "2025-09") {
            shards::merge_shard(&mut merged, shard).unwrap();
        }
        assert!(merged.incidents.len() > current.incidents.len());
        let after = window_feed(&merged, end, &s);
        let ids = |f: &Feed| f.incidents.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&after), ids(&before));
        assert!(after == before);
    }
}
