//! The tz database's zone names and abbreviations, for probed zones (`tzdb-names.txt`).
//!
//! Each line of the table is `ABBR@SECONDS ABBR@SECONDS…|Name Name…`: the zones named
//! after the bar show the abbreviations before it at those offsets east of UTC
//! (`KST@32400 KDT@36000|Asia/Seoul ROK`). Zones whose abbreviations are all numeric
//! (`+0545`) have nothing before the bar. Where an offset changed abbreviation between
//! 1970 and 2040 its abbreviations follow each other, each but the last with the instant
//! it ended (`MDT@-21600<1667116800 CST@-21600`: Chihuahua moved to central time); an
//! empty one is numeric. `table.rs` writes the file, and a test checks it against
//! chrono-tz.

use std::fmt;

static TABLE: &str = include_str!("tzdb-names.txt");

/// An abbreviation of a zone: at `offset` seconds east of UTC, until `until` (Unix
/// seconds) if another one took over later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Abbreviation {
    pub offset: i32,
    pub until: Option<i64>,
    /// Empty for a numeric one.
    pub name: &'static str,
}

/// The abbreviation in `list` for `offset` at the instant `utc`; `None` for a numeric one.
pub(super) fn abbreviation(list: &[Abbreviation], offset: i32, utc: i64) -> Option<&'static str> {
    list.iter()
        .find(|a| a.offset == offset && a.until.is_none_or(|u| utc < u))
        .map(|a| a.name)
        .filter(|n| !n.is_empty())
}

/// `name` as the table spells it, and its abbreviations; `None` when the database has no
/// zone of that name.
pub(super) fn lookup(name: &str) -> Option<(&'static str, Vec<Abbreviation>)> {
    if name.is_empty() {
        return None;
    }
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (abbreviations, names) = line.split_once('|')?;
            let found = names.split(' ').find(|n| *n == name)?;
            let pairs = abbreviations
                .split(' ')
                .filter_map(|token| {
                    let (name, rest) = token.split_once('@')?;
                    let (offset, until) = match rest.split_once('<') {
                        Some((o, u)) => (o, Some(u.parse().ok()?)),
                        None => (rest, None),
                    };
                    Some(Abbreviation {
                        offset: offset.parse().ok()?,
                        until,
                        name,
                    })
                })
                .collect();
            Some((found, pairs))
        })
}

/// An offset as the database writes one it has no abbreviation for: `+09`, `-03`,
/// `+0545` (and seconds, `+082752`, which the database never needs).
pub(super) fn write_numeric(f: &mut fmt::Formatter<'_>, seconds: i32) -> fmt::Result {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    write!(f, "{sign}{h:02}")?;
    if m != 0 || sec != 0 {
        write!(f, "{m:02}")?;
    }
    if sec != 0 {
        write!(f, "{sec:02}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Numeric(i32);

    impl fmt::Display for Numeric {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_numeric(f, self.0)
        }
    }

    #[test]
    fn numeric_labels_look_like_the_databases() {
        assert_eq!(Numeric(9 * 3600).to_string(), "+09");
        assert_eq!(Numeric(-3 * 3600).to_string(), "-03");
        assert_eq!(Numeric(5 * 3600 + 45 * 60).to_string(), "+0545");
        assert_eq!(Numeric(-(9 * 3600 + 30 * 60)).to_string(), "-0930");
        assert_eq!(Numeric(0).to_string(), "+00");
        assert_eq!(Numeric(8 * 3600 + 27 * 60 + 52).to_string(), "+082752");
    }

    #[test]
    fn the_table_names_zones_and_their_abbreviations() {
        let (name, seoul) = lookup("Asia/Seoul").expect("Seoul");
        assert_eq!(name, "Asia/Seoul");
        assert_eq!(abbreviation(&seoul, 32400, 1_620_000_000), Some("KST"));
        assert_eq!(abbreviation(&seoul, 36000, 567_000_000), Some("KDT"));
        let (_, ny) = lookup("America/New_York").expect("New York");
        assert_eq!(abbreviation(&ny, -18000, 1_610_000_000), Some("EST"));
        assert_eq!(abbreviation(&ny, -14400, 1_620_000_000), Some("EDT"));
        let (_, kathmandu) = lookup("Asia/Kathmandu").expect("Kathmandu");
        assert!(kathmandu.is_empty(), "{kathmandu:?}");
        // Chihuahua's -06:00 was MDT until 2022-10-30, CST since.
        let (_, chihuahua) = lookup("America/Chihuahua").expect("Chihuahua");
        assert_eq!(abbreviation(&chihuahua, -21600, 1_650_000_000), Some("MDT"));
        assert_eq!(abbreviation(&chihuahua, -21600, 1_670_000_000), Some("CST"));
        assert!(lookup("Etc/UTC").is_some());
        assert!(lookup("asia/seoul").is_none());
        assert!(lookup("Asia").is_none());
        assert!(lookup("").is_none());
        assert!(lookup("Not/AZone").is_none());
    }
}
