//! RFC 2822 dates (RSS's `pubDate`), read by hand.
//!
//! The grammar chrono's `DateTime::parse_from_rfc2822` reads, read the same way (the tests
//! hold the two equal over built and randomly changed strings), without chrono's generic
//! parser: with Statuspage's times read by [`super::rfc3339`] too, the readers and summary
//! modules are 15 KB smaller raw (docs/performance.md, session 12).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Weekday};

/// The instant an RFC 2822 date-time names, with its offset:
/// `[day-name ","] day month-name year hh ":" mm [":" ss] zone [comments]`.
///
/// As chrono reads it: names of exactly three letters in any case, any white space where
/// the RFC allows folding white space, one- or two-digit days, years of
/// two digits (`00`-`49` in the 2000s, `50`-`99` in the 1900s), of three (plus 1900) or of
/// more, a leap second (`:60`), and a zone that is `+hhmm`/`-hhmm` (less than a day),
/// `UT`, `GMT`, `Z`, a US zone of the RFC (`EST` … `PDT`), or a military letter (read as
/// `+0000`, as the RFC advises); a weekday that is not the date's is refused, as is white
/// space after the end (before the start it is skipped).
pub fn parse(s: &str) -> Option<DateTime<FixedOffset>> {
    let mut s = s.trim_start();
    let mut weekday = None;
    if let Some(day) = weekday_at(s) {
        s = s[3..].strip_prefix(',')?;
        weekday = Some(day);
    }
    let (day, rest) = number(s.trim_start(), 1, 2)?;
    let month = month_at(space(rest)?)?;
    let s = space(&space(rest)?[3..])?;
    let (year, rest) = number(s, 2, usize::MAX)?;
    let year = match (s.len() - rest.len(), year) {
        (2, 0..=49) => year + 2000,
        (2, _) | (3, _) => year + 1900,
        _ => year,
    };
    let (hour, rest) = number(space(rest)?, 2, 2)?;
    let (minute, mut rest) = number(rest.trim_start().strip_prefix(':')?.trim_start(), 2, 2)?;
    let mut second = 0;
    if let Some(after) = rest.trim_start().strip_prefix(':') {
        (second, rest) = number(after, 2, 2)?;
    }
    let (offset, mut rest) = zone(space(rest)?)?;
    while let Some(after) = comment(rest) {
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }

    let date = NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )?;
    if weekday.is_some_and(|w| w != date.weekday()) {
        return None;
    }
    // chrono's leap second: the 59th second, a second of nanoseconds longer.
    let (second, nano) = match second {
        60 => (59, 1_000_000_000),
        _ => (second, 0),
    };
    let (hour, minute) = (u32::try_from(hour).ok()?, u32::try_from(minute).ok()?);
    let time = NaiveTime::from_hms_nano_opt(hour, minute, u32::try_from(second).ok()?, nano)?;
    date.and_time(time)
        .and_local_timezone(FixedOffset::east_opt(offset)?)
        .single()
}

/// `s` without its leading white space, if it had any.
fn space(s: &str) -> Option<&str> {
    let rest = s.trim_start();
    (rest.len() < s.len()).then_some(rest)
}

/// A number of `min` to `max` ASCII digits at the start of `s`, and what follows.
fn number(s: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let digits = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if digits < min {
        return None;
    }
    let value = s.as_bytes()[..digits].iter().try_fold(0i64, |n, &c| {
        n.checked_mul(10)?.checked_add(i64::from(c - b'0'))
    })?;
    Some((value, &s[digits..]))
}

/// The zones RFC 2822 names (section 4.3), and `Z`, in hours east of UTC; any case.
/// `refresh::parse_http_date` reads the same ones.
pub(crate) const NAMED_ZONES: [(&str, i32); 11] = [
    ("GMT", 0),
    ("UT", 0),
    ("Z", 0),
    ("EST", -5),
    ("EDT", -4),
    ("CST", -6),
    ("CDT", -5),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
];

/// The first three bytes of `s`, if they are ASCII letters.
fn three_letters(s: &str) -> Option<&str> {
    let name = s.get(..3)?;
    name.bytes()
        .all(|b| b.is_ascii_alphabetic())
        .then_some(name)
}

fn weekday_at(s: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("Mon", Weekday::Mon),
        ("Tue", Weekday::Tue),
        ("Wed", Weekday::Wed),
        ("Thu", Weekday::Thu),
        ("Fri", Weekday::Fri),
        ("Sat", Weekday::Sat),
        ("Sun", Weekday::Sun),
    ];
    let name = three_letters(s)?;
    DAYS.iter()
        .find(|(d, _)| d.eq_ignore_ascii_case(name))
        .map(|&(_, w)| w)
}

/// The month (1-12) the first three letters of `s` name.
fn month_at(s: &str) -> Option<i64> {
    let name = three_letters(s)?;
    crate::export::syndication::MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as i64 + 1)
}

/// Seconds east of UTC of the zone at the start of `s`, and what follows.
fn zone(s: &str) -> Option<(i32, &str)> {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters > 0 {
        let name = &s[..letters];
        let hours = match NAMED_ZONES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(&(_, hours)) => hours,
            // A military zone: "-0000" (unknown) by RFC 2822's advice.
            None if letters == 1 && !name.eq_ignore_ascii_case("j") => 0,
            None => return None,
        };
        return Some((hours * 3600, &s[letters..]));
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let d = rest.as_bytes();
    if d.len() < 4 || !d[..4].iter().all(u8::is_ascii_digit) || d[2] > b'5' {
        return None;
    }
    let two = |i: usize| i32::from(d[i] - b'0') * 10 + i32::from(d[i + 1] - b'0');
    Some((sign * (two(0) * 3600 + two(2) * 60), &rest[4..]))
}

/// `s` after white space and one comment in parentheses (nested ones and `\` escapes
/// inside), if it starts so.
fn comment(s: &str) -> Option<&str> {
    let s = s.trim_start();
    let mut bytes = s.bytes().enumerate();
    if bytes.next()?.1 != b'(' {
        return None;
    }
    let mut depth = 1;
    while let Some((i, c)) = bytes.next() {
        match c {
            b'\\' => {
                bytes.next();
            }
            b'(' => depth += 1,
            b')' if depth == 1 => return Some(&s[i + 1..]),
            b')' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse;
    use chrono::DateTime;

    #[test]
    fn reads_rss_dates() {
        let t = |s: &str| parse(s).map(|t| t.to_rfc3339());
        for (text, instant) in [
            (
                "Tue, 10 Jun 2003 04:00:00 GMT",
                Some("2003-06-10T04:00:00+00:00"),
            ),
            (
                "Fri, 28 Nov 2025 18:05:12 -0800",
                Some("2025-11-28T18:05:12-08:00"),
            ),
            ("1 Jan 99 00:00 EST", Some("1999-01-01T00:00:00-05:00")),
            (
                "10 Jun 2003 04:00:00 +0900 (KST)",
                Some("2003-06-10T04:00:00+09:00"),
            ),
            // Not a Monday.
            ("Mon, 10 Jun 2003 04:00:00 GMT", None),
            // Not a zone of RFC 2822.
            ("10 Jun 2003 04:00:00 UTC", None),
        ] {
            assert_eq!(t(text).as_deref(), instant, "{text:?}");
        }
    }

    /// Valid dates changed at random (characters inserted, removed or replaced, white
    /// space and multi-byte characters among them) read as chrono reads them, and never
    /// a panic.
    #[test]
    fn mutated_dates_read_as_chrono_does() {
        let seeds = [
            "Tue, 10 Jun 2003 04:00:00 GMT",
            "1 Jan 99 23:59:60 +0930 (comment \\) (x)",
            "Sat, 29 Feb 2020 12:00 pst",
        ];
        for s in super::super::mutations(
            &seeds,
            "0123456789:+-,() \t\u{a0}\u{2212}ZzTtGMTUESPDAJ\\é한",
            200_000,
        ) {
            assert_eq!(parse(&s), DateTime::parse_from_rfc2822(&s).ok(), "{s:?}");
        }
    }

    /// Every string built from pieces valid and not, read as chrono reads it.
    #[test]
    fn reads_as_chrono_does() {
        let weekdays = [
            "",
            "Tue, ",
            "tue,",
            "TUE ,",
            "Tuesday, ",
            "Mon, ",
            "Xyz, ",
            " Tue, ",
        ];
        let days = ["10", "1", "01", "010", "32", "0", "  10", "a"];
        let months = [
            " Jun ", " jun ", " June ", " Jun", "\tJUN\t", " Jux ", "Jun ",
        ];
        let years = [
            "2003",
            "03",
            "99",
            "49",
            "50",
            "103",
            "0654",
            "1",
            "99999999999999999999",
        ];
        let times = [
            " 04:00:00",
            " 04:00",
            " 4:00:00",
            " 04 : 00 : 00",
            " 04 :00",
            " 04:00:0",
            " 24:00:00",
            " 23:60:00",
            " 23:59:60",
            "04:00:00",
            " 04:00 :00",
        ];
        let zones = [
            " GMT",
            " gmt",
            " UT",
            " Z",
            " EST",
            " pdt",
            " A",
            " J",
            " z",
            " UTC",
            " KST",
            " +0900",
            " -0000",
            " +2359",
            " +2400",
            " +0960",
            " +09:00",
            " +090",
            "",
            "GMT",
            " +0900 (KST)",
            " +0900 (a (nested) \\) comment)  ( two )",
            " +0900 (open",
            " +0900 ",
            " GMT1",
        ];
        let mut n = 0;
        let mut agreed_some = 0;
        for w in weekdays {
            for d in days {
                for m in months {
                    for y in years {
                        for t in times {
                            for z in zones {
                                let s = format!("{w}{d}{m}{y}{t}{z}");
                                let chrono = DateTime::parse_from_rfc2822(&s).ok();
                                let ours = parse(&s);
                                assert_eq!(ours, chrono, "{s:?}");
                                assert_eq!(
                                    ours.map(|t| t.offset().local_minus_utc()),
                                    chrono.map(|t| t.offset().local_minus_utc()),
                                    "{s:?}"
                                );
                                n += 1;
                                agreed_some += usize::from(ours.is_some());
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(n, 8 * 8 * 7 * 9 * 11 * 25);
        // Not vacuous: many of them are dates.
        assert!(agreed_some > 10_000, "{agreed_some}");
    }
}
