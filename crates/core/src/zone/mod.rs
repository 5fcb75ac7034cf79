//! Time zones: the zone days are cut in and times are shown in.
//!
//! [`Zone`] is a small `Copy` handle that implements [`chrono::TimeZone`], so
//! `with_timezone`, `from_local_datetime` and `date_naive` work with it as with any zone.
//! It gets its offsets from one of three sources:
//!
//! - **UTC**, built in ([`Zone::UTC`]).
//! - **The tz database**, with the cargo feature `tzdb` (on by default): chrono-tz's copy of
//!   the IANA database, about 860 KB of data. The command-line tool and native tests use it.
//! - **A probe**: a function `probe(name, utc_seconds) -> Option<offset_seconds>` that
//!   someone else answers, registered with [`set_probe`]. The browser shell builds without
//!   `tzdb` and registers one backed by `Intl.DateTimeFormat`, so the wasm carries no zone
//!   data of its own. Offsets are asked for lazily and remembered per zone: one probe per
//!   week boundary, and a bisection to the second only in the weeks where the offset
//!   changes (see `probed.rs`). The assumption is that a week never holds two transitions
//!   that cancel out; no zone in the database has had such a week since 1970.
//!
//! Probed zones take their names and abbreviations (`KST`, `EDT`) from a table generated
//! from the same database (`tzdb-names.txt`, about 9 KB): browsers only give
//! abbreviations like "GMT+9", and the page shows `2021-05-06 09:00 KST` whichever source
//! is in use. The table also makes [`Zone::parse`] accept exactly the names the database
//! has, spelled as it spells them.

mod names;
mod probed;
#[cfg(feature = "tzdb")]
mod table;

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};

#[cfg(feature = "tzdb")]
#[doc(hidden)]
pub use table::names_table;

/// Asks someone else for a zone's offset: `probe(name, utc_seconds)` is the offset east of
/// UTC, in seconds, in effect at that instant in the IANA zone `name`; `None` when the
/// zone is unknown.
pub type Probe = fn(name: &str, utc_seconds: i64) -> Option<i32>;

static PROBE: OnceLock<Probe> = OnceLock::new();

/// Register the probe [`Zone::parse`] uses for zones the build has no data for. The first
/// registration wins; returns whether this one did.
pub fn set_probe(probe: Probe) -> bool {
    PROBE.set(probe).is_ok()
}

/// A time zone. Cheap to copy; see the [module documentation](self) for where its offsets
/// come from.
#[derive(Clone, Copy)]
pub struct Zone(Source);

#[derive(Clone, Copy)]
enum Source {
    Utc,
    #[cfg(feature = "tzdb")]
    Db(chrono_tz::Tz),
    Probed(&'static probed::Probed),
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone(Source::Utc);

    /// The zone named `name` (`Asia/Seoul`, `UTC`): from the tz database when the build
    /// has it, else from the registered probe. `None` for a name the database does not
    /// have, spelled exactly, or that the probe does not know.
    pub fn parse(name: &str) -> Option<Zone> {
        if name == "UTC" {
            return Some(Zone::UTC);
        }
        #[cfg(feature = "tzdb")]
        {
            name.parse::<chrono_tz::Tz>().ok().map(Zone::from_tz)
        }
        #[cfg(not(feature = "tzdb"))]
        {
            Zone::with_probe(name, *PROBE.get()?)
        }
    }

    /// The zone `name` with its offsets from `probe`, whatever the build has. `None` when
    /// `name` is not a zone of the tz database or `probe` does not know it. Asking twice
    /// for the same name and probe gives the same zone, with the offsets it learnt.
    pub fn with_probe(name: &str, probe: Probe) -> Option<Zone> {
        probed::Probed::get(name, probe).map(|p| Zone(Source::Probed(p)))
    }

    /// A zone of chrono-tz's database.
    #[cfg(feature = "tzdb")]
    pub const fn from_tz(tz: chrono_tz::Tz) -> Zone {
        Zone(Source::Db(tz))
    }

    /// The IANA name, e.g. `Asia/Seoul`.
    pub fn name(&self) -> &'static str {
        match self.0 {
            Source::Utc => "UTC",
            #[cfg(feature = "tzdb")]
            Source::Db(tz) => tz.name(),
            Source::Probed(p) => p.name,
        }
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        match (self.0, other.0) {
            (Source::Utc, Source::Utc) => true,
            #[cfg(feature = "tzdb")]
            (Source::Db(a), Source::Db(b)) => a == b,
            (Source::Probed(a), Source::Probed(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Zone {}

impl Hash for Zone {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

/// The offset of a [`Zone`] at some instant. Its `Display` is the zone's abbreviation
/// there (`KST`, `CEST`, `UTC`), or the offset in the database's numeric style (`+0545`,
/// `-03`) where the database has no abbreviation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    kind: OffsetKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OffsetKind {
    Utc,
    #[cfg(feature = "tzdb")]
    Db(chrono_tz::TzOffset),
    Probed {
        seconds: i32,
        abbreviation: Option<&'static str>,
    },
}

impl ZoneOffset {
    /// The zone this offset belongs to.
    pub fn zone(&self) -> Zone {
        self.zone
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        match self.kind {
            OffsetKind::Utc => FixedOffset::east_opt(0).expect("zero offset"),
            #[cfg(feature = "tzdb")]
            OffsetKind::Db(o) => o.fix(),
            OffsetKind::Probed { seconds, .. } => fixed(seconds),
        }
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            OffsetKind::Utc => f.write_str("UTC"),
            #[cfg(feature = "tzdb")]
            OffsetKind::Db(o) => fmt::Display::fmt(&o, f),
            OffsetKind::Probed {
                abbreviation: Some(a),
                ..
            } => f.write_str(a),
            OffsetKind::Probed {
                seconds,
                abbreviation: None,
            } => names::write_numeric(f, seconds),
        }
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A fixed offset of `seconds` east of UTC, clamped to what chrono can hold.
fn fixed(seconds: i32) -> FixedOffset {
    const LIMIT: i32 = 86_400 - 1;
    FixedOffset::east_opt(seconds.clamp(-LIMIT, LIMIT)).expect("offset within a day")
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        let zone = *self;
        match self.0 {
            Source::Utc => LocalResult::Single(utc_offset()),
            #[cfg(feature = "tzdb")]
            #[allow(deprecated)]
            Source::Db(tz) => tz.offset_from_local_date(local).map(|o| db_offset(zone, o)),
            Source::Probed(p) => {
                let mut at = local.and_time(chrono::NaiveTime::MIN);
                let mut found = p.offsets_of_local(at);
                if found == LocalResult::None {
                    at = local.and_hms_opt(23, 59, 59).expect("a valid time");
                    found = p.offsets_of_local(at);
                }
                let l = at.and_utc().timestamp();
                found.map(|s| probed_offset(zone, p, s, l - i64::from(s)))
            }
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        let zone = *self;
        match self.0 {
            Source::Utc => LocalResult::Single(utc_offset()),
            #[cfg(feature = "tzdb")]
            Source::Db(tz) => tz
                .offset_from_local_datetime(local)
                .map(|o| db_offset(zone, o)),
            Source::Probed(p) => {
                let l = local.and_utc().timestamp();
                p.offsets_of_local(*local)
                    .map(|s| probed_offset(zone, p, s, l - i64::from(s)))
            }
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        let zone = *self;
        match self.0 {
            Source::Utc => utc_offset(),
            #[cfg(feature = "tzdb")]
            Source::Db(tz) => db_offset(zone, tz.offset_from_utc_datetime(utc)),
            Source::Probed(p) => {
                let t = utc.and_utc().timestamp();
                probed_offset(zone, p, p.offset_at(t), t)
            }
        }
    }
}

fn utc_offset() -> ZoneOffset {
    ZoneOffset {
        zone: Zone::UTC,
        kind: OffsetKind::Utc,
    }
}

#[cfg(feature = "tzdb")]
fn db_offset(zone: Zone, o: chrono_tz::TzOffset) -> ZoneOffset {
    ZoneOffset {
        zone,
        kind: OffsetKind::Db(o),
    }
}

/// The offset `seconds` of a probed zone at the instant `utc`.
fn probed_offset(zone: Zone, p: &probed::Probed, seconds: i32, utc: i64) -> ZoneOffset {
    ZoneOffset {
        zone,
        kind: OffsetKind::Probed {
            seconds,
            abbreviation: p.abbreviation(seconds, utc),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    /// US Eastern time under the rules in force since 2007: EDT from the second Sunday of
    /// March, 02:00 local, to the first Sunday of November, 02:00 local.
    fn eastern(name: &str, utc: i64) -> Option<i32> {
        use chrono::Datelike;
        if name != "America/New_York" {
            return None;
        }
        let year = DateTime::from_timestamp(utc, 0)?.year();
        // Midnight UTC of the `nth` Sunday of `month`.
        let sunday = |month: u32, nth: u32| -> Option<i64> {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let days = (7 - first.weekday().num_days_from_sunday()) % 7 + 7 * (nth - 1);
            Some(
                first.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
                    + i64::from(days) * 86_400,
            )
        };
        // 02:00 EST is 07:00 UTC; 02:00 EDT is 06:00 UTC.
        let start = sunday(3, 2)? + 7 * 3600;
        let end = sunday(11, 1)? + 6 * 3600;
        Some(if (start..end).contains(&utc) {
            -4 * 3600
        } else {
            -5 * 3600
        })
    }

    #[test]
    fn utc_is_built_in() {
        assert_eq!(Zone::parse("UTC"), Some(Zone::UTC));
        assert_eq!(Zone::UTC.name(), "UTC");
        let at = t("2021-05-05T13:00:00Z").with_timezone(&Zone::UTC);
        assert_eq!(
            at.format("%Y-%m-%d %H:%M %Z").to_string(),
            "2021-05-05 13:00 UTC"
        );
    }

    #[test]
    fn the_test_probe_follows_the_us_rules() {
        assert_eq!(
            eastern("America/New_York", t("2021-03-14T06:59:59Z").timestamp()),
            Some(-18000)
        );
        assert_eq!(
            eastern("America/New_York", t("2021-03-14T07:00:00Z").timestamp()),
            Some(-14400)
        );
        assert_eq!(
            eastern("America/New_York", t("2021-11-07T05:59:59Z").timestamp()),
            Some(-14400)
        );
        assert_eq!(
            eastern("America/New_York", t("2021-11-07T06:00:00Z").timestamp()),
            Some(-18000)
        );
    }

    #[test]
    fn a_probed_zone_finds_transitions_to_the_second() {
        let ny = Zone::with_probe("America/New_York", eastern).expect("known zone");
        assert_eq!(ny.name(), "America/New_York");
        assert_eq!(Zone::with_probe("America/New_York", eastern), Some(ny));
        let shown = |s: &str| {
            t(s).with_timezone(&ny)
                .format("%Y-%m-%d %H:%M:%S %Z")
                .to_string()
        };
        assert_eq!(shown("2021-03-14T06:59:59Z"), "2021-03-14 01:59:59 EST");
        assert_eq!(shown("2021-03-14T07:00:00Z"), "2021-03-14 03:00:00 EDT");
        assert_eq!(shown("2021-11-07T05:59:59Z"), "2021-11-07 01:59:59 EDT");
        assert_eq!(shown("2021-11-07T06:00:00Z"), "2021-11-07 01:00:00 EST");
        assert_eq!(shown("2021-07-01T12:00:00Z"), "2021-07-01 08:00:00 EDT");
        // A local time in the spring gap does not exist; one in the autumn overlap twice.
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("local");
        assert_eq!(
            ny.from_local_datetime(&local("2021-03-14 02:30")),
            LocalResult::None
        );
        match ny.from_local_datetime(&local("2021-11-07 01:30")) {
            LocalResult::Ambiguous(a, b) => {
                assert_eq!(a.with_timezone(&Utc), t("2021-11-07T05:30:00Z"));
                assert_eq!(b.with_timezone(&Utc), t("2021-11-07T06:30:00Z"));
            }
            other => panic!("expected two instants, got {other:?}"),
        }
        assert_eq!(
            ny.from_local_datetime(&local("2021-11-07 00:00"))
                .single()
                .map(|d| d.with_timezone(&Utc)),
            Some(t("2021-11-07T04:00:00Z"))
        );
    }

    #[test]
    fn unknown_names_are_refused() {
        assert_eq!(Zone::with_probe("Not/AZone", eastern), None);
        // In the database, but the probe does not know it.
        assert_eq!(Zone::with_probe("Asia/Seoul", eastern), None);
        // Names are spelled as the database spells them.
        assert_eq!(Zone::with_probe("america/new_york", |_, _| Some(0)), None);
        assert_eq!(Zone::parse("Mars/Olympus"), None);
        assert_eq!(Zone::parse(" UTC"), None);
    }
}
