//! RFC 3339 date-times, read by hand.
//!
//! One rule for every time and date Statuslight reads as RFC 3339: the `statuslight/1`
//! feed, Statuspage's fields, Atom's dates, the validator (`statuslight check`), the
//! command line's times and the moment a published page was written. It is the grammar of
//! RFC 3339 section 5.6, read as chrono's `DateTime::parse_from_rfc3339` reads it (the
//! tests hold the two equal), without chrono's generic parser, which its `FromStr` and
//! `Deserialize` bring along: 17 KB of the page's wasm (docs/performance.md, session 12).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::de::{Deserialize, Deserializer, Error, Unexpected, Visitor};

/// What a reader expects, for error messages.
pub const EXPECTED: &str = "an RFC 3339 time with an offset (2021-05-05T22:00:00+09:00)";

/// The instant an RFC 3339 date-time names: `YYYY-MM-DD`, `T`, `hh:mm:ss`, an optional
/// fraction of a second of one or more digits (those past the ninth are dropped), then
/// `Z` or `+hh:mm` / `-hh:mm` (at most 23:59 either way). Letters in either case; a space
/// in place of `T`, as section 5.6 allows; a minus sign `−` (U+2212) in the offset; a leap
/// second (`:60`) as chrono keeps it. Nothing else, not even surrounding spaces.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    parse_with_offset(s).map(|t| t.with_timezone(&Utc))
}

/// [`parse`], keeping the offset the text gives.
pub fn parse_with_offset(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    // `get` refuses a cut inside a character; the date's digits refuse anything else.
    let date = parse_date(s.get(..10)?)?;
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let mut rest = &b[19..];
    let mut nano = 0;
    if let [b'.', fraction @ ..] = rest {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        nano = fraction[..digits.min(9)]
            .iter()
            .zip((0..9).rev())
            .map(|(&c, power)| u32::from(c - b'0') * 10u32.pow(power))
            .sum();
        rest = &fraction[digits..];
    }
    // chrono's leap second: the 59th second, a second of nanoseconds longer.
    let (second, nano) = match second {
        60 => (59, nano + 1_000_000_000),
        _ => (second, nano),
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    let offset = offset_seconds(rest)?;
    date.and_time(time)
        .and_local_timezone(FixedOffset::east_opt(offset)?)
        .single()
}

/// A `full-date` of RFC 3339, `YYYY-MM-DD`, that exists in the calendar.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[..4])? as i32, digits(&b[5..7])?, digits(&b[8..])?)
}

/// Decimal digits as a number; `None` unless all are digits.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// An RFC 3339 time in a format's serde types ([`parse`]); other text is an error that
/// quotes it.
pub struct Time(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Text(parse, EXPECTED)).map(Time)
    }
}

/// A `full-date` in a format's serde types ([`parse_date`]).
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Text(parse_date, "a date such as 2021-05-01"))
            .map(Date)
    }
}

/// `#[serde(default, deserialize_with = "rfc3339::optional_time")]`: `null` or a [`Time`].
pub fn optional_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<Time>::deserialize(d)?.map(|t| t.0))
}

/// `#[serde(default, deserialize_with = "rfc3339::optional_date")]`: `null` or a [`Date`].
pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Ok(Option::<Date>::deserialize(d)?.map(|t| t.0))
}

/// A string read by a parser; what it expects, for the error.
struct Text<F>(F, &'static str);

impl<T, F: FnOnce(&str) -> Option<T>> Visitor<'_> for Text<F> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: Error>(self, s: &str) -> Result<T, E> {
        let Text(read, expected) = self;
        read(s).ok_or_else(|| E::invalid_value(Unexpected::Str(s), &expected))
    }
}

/// Seconds east of UTC of what is left after the time: `Z`, or a sign, `hh`, `:`, `mm`.
fn offset_seconds(rest: &[u8]) -> Option<i32> {
    let (sign, hhmm) = match rest {
        [b'Z' | b'z'] => return Some(0),
        [b'+', tail @ ..] => (1, tail),
        [b'-', tail @ ..] => (-1, tail),
        // U+2212 MINUS SIGN, as UTF-8.
        [0xE2, 0x88, 0x92, tail @ ..] => (-1, tail),
        _ => return None,
    };
    let [h1, h2, b':', m1, m2] = *hhmm else {
        return None;
    };
    let (hours, minutes) = (digits(&[h1, h2])? as i32, digits(&[m1, m2])? as i32);
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_with_offset};
    use chrono::{DateTime, FixedOffset};

    /// chrono's reading, the reference.
    fn chrono(s: &str) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(s).ok()
    }

    /// chrono's reading of a `full-date`: its strict RFC 3339 reader's, at midnight UTC.
    fn chrono_date(day: &str) -> Option<chrono::NaiveDate> {
        DateTime::parse_from_rfc3339(&format!("{day}T00:00:00Z"))
            .ok()
            .map(|t| t.date_naive())
    }

    #[test]
    fn reads_the_forms_of_rfc_3339() {
        let t = |s: &str| parse(s).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        for (text, instant) in [
            ("2021-05-05T22:00:00+09:00", "2021-05-05T13:00:00Z"),
            ("2021-05-05t13:00:00z", "2021-05-05T13:00:00Z"),
            ("2021-05-05 13:00:00Z", "2021-05-05T13:00:00Z"),
            ("2021-05-05T13:00:00.5-00:30", "2021-05-05T13:30:00.500Z"),
            (
                "2021-05-05T13:00:00.1234567891234Z",
                "2021-05-05T13:00:00.123456789Z",
            ),
            ("2021-05-05T13:00:00\u{2212}01:00", "2021-05-05T14:00:00Z"),
            // chrono's leap second: one second's worth of nanoseconds on the 59th.
            ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"),
        ] {
            assert_eq!(t(text).as_deref(), Some(instant), "{text:?}");
        }
        for bad in [
            "",
            "2021-05-05",
            "2021-05-05T13:00:00",
            "2021-05-05T13:00Z",
            "2021-05-05T13:00:00+0900",
            "2021-05-05T13:00:00+09",
            "2021-05-05T13:00:00+24:00",
            "2021-05-05T13:00:00+09:60",
            "2021-05-05T13:00:00.Z",
            "2021-05-05T13:00:00Z ",
            " 2021-05-05T13:00:00Z",
            "2021-05-05T13:00:00 Z",
            "2021-05-05T13:00:00UTC",
            "2021-02-29T13:00:00Z",
            "2021-05-05T24:00:00Z",
            "2021-05-05T13:60:00Z",
            "2021-05-05T13:00:61Z",
            "21-05-05T13:00:00Z",
            "+2021-05-05T13:00:00Z",
            "2021-5-05T13:00:00Z",
            "2021/05/05T13:00:00Z",
            "2021-05-05X13:00:00Z",
            "2021-05-05T13:00:00Zjunk",
            "２０２1-05-05T13:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reads_full_dates_as_chrono_does() {
        use super::parse_date;
        use chrono::NaiveDate;
        assert_eq!(
            parse_date("2020-01-01"),
            NaiveDate::from_ymd_opt(2020, 1, 1)
        );
        for s in [
            "2020-01-01",
            "0000-01-01",
            "9999-12-31",
            "2024-02-29",
            "2023-02-29",
            "2020-1-01",
            "2020-01-1",
            "20-01-01",
            "2020-13-01",
            "2020-00-01",
            "2020-01-32",
            "2020/01/01",
            "2020-01-01 ",
            " 2020-01-01",
            "2020-01-01T00:00:00Z",
            "",
            "２０20-01-01",
            "+2020-01-01",
            "2020-01- 1",
            "2020- 1-01",
        ] {
            assert_eq!(parse_date(s), chrono_date(s), "{s:?}");
        }
    }

    /// Valid times changed at random (characters inserted, removed or replaced, white
    /// space and multi-byte characters among them) read as chrono reads them, and never
    /// a panic.
    #[test]
    fn mutated_times_read_as_chrono_does() {
        let seeds = [
            "2021-05-05T22:00:00+09:00",
            "2016-12-31t23:59:60.123456789123z",
            "0000-01-01 00:00:00.5\u{2212}23:59",
        ];
        for s in super::super::mutations(&seeds, "0123456789:+-.Tt Zz\t\u{2212}é한", 200_000) {
            assert_eq!(parse_with_offset(&s), chrono(&s), "{s:?}");
            if s.len() >= 10 && s.is_char_boundary(10) {
                let day = &s[..10];
                assert_eq!(super::parse_date(day), chrono_date(day), "{day:?}");
            }
        }
    }

    /// Every string built from pieces valid and not, read the same as chrono reads it.
    #[test]
    fn reads_as_chrono_does() {
        let dates = [
            "2021-05-05",
            "0000-01-01",
            "9999-12-31",
            "2024-02-29",
            "2023-02-29",
            "2021-13-01",
            "2021-00-10",
            "2021-04-31",
            "2021-05-5",
            "2021-05-0a",
            "202-05-05",
            "2021_05-05",
        ];
        let seps = ["T", "t", " ", "", "  ", "_"];
        let times = [
            "00:00:00", "23:59:59", "23:59:60", "12:30:60", "24:00:00", "12:60:00", "12:00:61",
            "12:00", "1:00:00", "12:00:0",
        ];
        let fractions = [
            "",
            ".0",
            ".5",
            ".123456789",
            ".1234567890",
            ".999999999999",
            ".",
            ".x",
        ];
        let offsets = [
            "Z",
            "z",
            "+00:00",
            "-00:00",
            "+09:00",
            "-23:59",
            "+23:59",
            "+24:00",
            "-00:60",
            "+0900",
            "+09",
            "\u{2212}05:30",
            " Z",
            "Z ",
            "",
            "UTC",
            "+09:00:00",
            "+9:00",
        ];
        let mut n = 0;
        for d in dates {
            for sep in seps {
                for t in times {
                    for f in fractions {
                        for o in offsets {
                            let s = format!("{d}{sep}{t}{f}{o}");
                            let ours = parse_with_offset(&s);
                            // Equal as instants and in the offset they keep.
                            assert_eq!(ours, chrono(&s), "{s:?}");
                            assert_eq!(
                                ours.map(|t| t.offset().local_minus_utc()),
                                chrono(&s).map(|t| t.offset().local_minus_utc()),
                                "{s:?}"
                            );
                            n += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(n, 12 * 6 * 10 * 8 * 18);
    }
}
