//! Zones whose offsets come from a [`Probe`], learnt lazily and remembered.
//!
//! Time is cut into weeks (from the Unix epoch). The first time an instant of a week is
//! asked about, the probe is asked for the offsets at the week's two ends; when they
//! differ, a bisection finds the second at which the offset changes (about 20 more
//! probes), and again if there is another change later in the week. The week's spans are
//! then kept, so a year of days costs about 52 + 20 × (transitions) probes once, and
//! nothing after that.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{LocalResult, NaiveDateTime};

use super::{names, Probe};

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Instants are probed within 1800-01-01..=2400-01-01 UTC; outside, the offset at the
/// nearer end holds. Browsers format dates before 1582 in the Julian calendar, and feeds
/// have nothing to say about those centuries anyway.
const EARLIEST: i64 = -5_364_662_400;
const LATEST: i64 = 13_569_465_600;
/// Transitions looked for in one week, at most.
const MAX_CHANGES: usize = 8;
/// Where a probe is first tried, to see whether it knows the zone: 2000-01-01 UTC.
const CHECK_AT: i64 = 946_684_800;

/// One probed zone. Leaked, so that [`super::Zone`] can stay `Copy`; there is one per
/// (name, probe) pair, and a page uses two or three zones.
pub(super) struct Probed {
    pub(super) name: &'static str,
    probe: Probe,
    abbreviations: Vec<names::Abbreviation>,
    /// Week number → the week's spans: (first second, offset), the first at the week's
    /// start.
    weeks: Mutex<HashMap<i64, Vec<(i64, i32)>>>,
}

static ZONES: Mutex<Vec<&'static Probed>> = Mutex::new(Vec::new());

impl Probed {
    /// The zone `name` answered by `probe`, made once; `None` when the tz database has no
    /// such name or the probe does not know it.
    pub(super) fn get(name: &str, probe: Probe) -> Option<&'static Probed> {
        let mut zones = ZONES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&p) = zones
            .iter()
            .find(|p| p.name == name && p.probe as usize == probe as usize)
        {
            return Some(p);
        }
        let (name, abbreviations) = names::lookup(name)?;
        probe(name, CHECK_AT)?;
        let p: &'static Probed = Box::leak(Box::new(Probed {
            name,
            probe,
            abbreviations,
            weeks: Mutex::new(HashMap::new()),
        }));
        zones.push(p);
        Some(p)
    }

    /// The abbreviation the database gives this zone at `offset` at the instant `utc`, if
    /// it has one.
    pub(super) fn abbreviation(&self, offset: i32, utc: i64) -> Option<&'static str> {
        names::abbreviation(&self.abbreviations, offset, utc)
    }

    /// The offset in effect at `utc` (seconds since the epoch).
    pub(super) fn offset_at(&self, utc: i64) -> i32 {
        let t = utc.clamp(EARLIEST, LATEST);
        let mut weeks = self.weeks.lock().unwrap_or_else(PoisonError::into_inner);
        let spans = self.week(&mut weeks, t.div_euclid(WEEK));
        spans
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .map_or(spans[0].1, |&(_, o)| o)
    }

    /// The offsets `local` (a wall-clock time) has in this zone: none in a gap, two in an
    /// overlap (the earlier instant first).
    pub(super) fn offsets_of_local(&self, local: NaiveDateTime) -> LocalResult<i32> {
        let l = local.and_utc().timestamp();
        // Every offset in effect within a day either side: no zone is a day from UTC.
        let mut candidates: Vec<i32> = {
            let mut weeks = self.weeks.lock().unwrap_or_else(PoisonError::into_inner);
            let first = (l - DAY).clamp(EARLIEST, LATEST).div_euclid(WEEK);
            let last = (l + DAY).clamp(EARLIEST, LATEST).div_euclid(WEEK);
            (first..=last)
                .flat_map(|w| {
                    self.week(&mut weeks, w)
                        .iter()
                        .map(|&(_, o)| o)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        crate::order::sort(&mut candidates);
        candidates.dedup();
        // (instant, offset) for each offset that gives `local` at its instant.
        let mut found: Vec<(i64, i32)> = candidates
            .into_iter()
            .map(|o| (l - i64::from(o), o))
            .filter(|&(t, o)| self.offset_at(t) == o)
            .collect();
        crate::order::sort(&mut found);
        match found.as_slice() {
            [] => LocalResult::None,
            [(_, o)] => LocalResult::Single(*o),
            [(_, a), .., (_, b)] => LocalResult::Ambiguous(*a, *b),
        }
    }

    /// The spans of week `w`, learnt now if need be.
    fn week<'a>(&self, weeks: &'a mut HashMap<i64, Vec<(i64, i32)>>, w: i64) -> &'a [(i64, i32)] {
        weeks.entry(w).or_insert_with(|| self.learn(w))
    }

    fn ask(&self, t: i64) -> i32 {
        (self.probe)(self.name, t.clamp(EARLIEST, LATEST)).unwrap_or(0)
    }

    /// Probe week `w`: its offset at the start, and every change before its end.
    fn learn(&self, w: i64) -> Vec<(i64, i32)> {
        let start = w * WEEK;
        let end = start + WEEK;
        let last = self.ask(end);
        let mut offset = self.ask(start);
        let mut spans = vec![(start, offset)];
        let mut from = start;
        for _ in 0..MAX_CHANGES {
            if offset == last {
                break;
            }
            // ask(lo) == offset, ask(hi) == hi_offset != offset.
            let (mut lo, mut hi, mut hi_offset) = (from, end, last);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let o = self.ask(mid);
                if o == offset {
                    lo = mid;
                } else {
                    (hi, hi_offset) = (mid, o);
                }
            }
            from = hi;
            offset = hi_offset;
            if from < end {
                spans.push((from, offset));
            }
        }
        spans
    }
}
