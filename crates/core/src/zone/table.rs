//! Writes `tzdb-names.txt` from chrono-tz (`cargo run -p statuslight-core --example
//! zone_table > crates/core/src/zone/tzdb-names.txt`); a test checks that the file in the
//! repository is what this writes.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::{OffsetName, Tz, TZ_VARIANTS};

/// 1970-01-01 and 2040-01-01 UTC: the years whose abbreviations the table keeps.
const FROM: i64 = 0;
const TO: i64 = 2_208_988_800;
/// Sampled every day: every span of the database since 1970 lasts longer.
const STEP: i64 = 86_400;

/// Whether `tz` has the offset `offset` and abbreviation `name` (`None` for a numeric
/// one) at `t`.
fn is(tz: Tz, t: i64, offset: i32, name: Option<&str>) -> bool {
    let utc = DateTime::from_timestamp(t, 0)
        .expect("in range")
        .naive_utc();
    let o = tz.offset_from_utc_datetime(&utc);
    o.fix().local_minus_utc() == offset && o.abbreviation() == name
}

/// The runs of one zone: for each offset, the abbreviations it had one after the other,
/// with the instant each one started. Written `ABBR@OFFSET<UNTIL`, `UNTIL` being when the
/// next abbreviation took over that offset (none on the last); an empty `ABBR` stands
/// for a numeric one.
fn zone_key(tz: Tz) -> String {
    let mut runs: BTreeMap<i32, Vec<(Option<String>, i64)>> = BTreeMap::new();
    let mut previous: Option<(i32, Option<String>)> = None;
    let mut t = FROM;
    while t < TO {
        if !previous
            .as_ref()
            .is_some_and(|(o, n)| is(tz, t, *o, n.as_deref()))
        {
            let utc = DateTime::from_timestamp(t, 0)
                .expect("in range")
                .naive_utc();
            let o = tz.offset_from_utc_datetime(&utc);
            let (offset, name) = (
                o.fix().local_minus_utc(),
                o.abbreviation().map(str::to_owned),
            );
            let list = runs.entry(offset).or_default();
            if list.last().map(|r| r.0.as_deref()) != Some(name.as_deref()) {
                // The second the zone took this state, found by bisection since the
                // previous sample.
                let (mut lo, mut hi) = (t - STEP, t);
                if t > FROM {
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        if is(tz, mid, offset, name.as_deref()) {
                            hi = mid;
                        } else {
                            lo = mid;
                        }
                    }
                }
                list.push((name.clone(), hi));
            }
            previous = Some((offset, name));
        }
        t += STEP;
    }
    let mut tokens = Vec::new();
    for (offset, list) in &runs {
        // An offset that was only ever numeric needs no token.
        if list.iter().all(|r| r.0.is_none()) {
            continue;
        }
        for (i, (name, _)) in list.iter().enumerate() {
            let mut token = format!("{}@{offset}", name.as_deref().unwrap_or(""));
            if let Some(next) = list.get(i + 1) {
                let _ = write!(token, "<{}", next.1);
            }
            tokens.push(token);
        }
    }
    tokens.join(" ")
}

/// The text of `tzdb-names.txt`.
pub fn names_table() -> String {
    let mut groups: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for tz in TZ_VARIANTS {
        groups.entry(zone_key(tz)).or_default().push(tz.name());
    }
    let mut out = String::from(
        "# Written by `cargo run -p statuslight-core --example zone_table`: do not edit.\n\
         # Every zone name of the tz database (chrono-tz's copy), grouped by the abbreviations\n\
         # the zones show at each offset in 1970-2039: ABBR@SECONDS east of UTC, <UNTIL (Unix\n\
         # seconds) when another abbreviation took that offset over later.\n",
    );
    for (key, mut names) in groups {
        names.sort_unstable();
        let _ = writeln!(out, "{key}|{}", names.join(" "));
    }
    out
}
