//! How a read feed crosses from the readers module to the app that asked for it.
//!
//! The browser builds leave the Statuspage v2 and Atom/RSS readers out of the page's and
//! the widget's wasm; a separate module (`crates/readers`) reads such feeds with
//! [`super::read_bodies`] and hands back the outcome as [`encode`] writes it, which the
//! app turns back into the same value with [`decode`]. Both sides are built from the same
//! commit, so this is not a published format. It is a compact binary form of the model,
//! lossless (unlike `statuslight/1`, it keeps what only Statuspage says, such as a
//! component's declared status), written and read by a few lines per type instead of
//! serde: the model's derived `Deserialize` for `serde_json` cost the page's and the
//! widget's wasm about 40 KB raw. Each record lists every field of its type by name, so
//! a field added to the model does not compile until it is carried here too.
//!
//! The encoding: unsigned integers as LEB128, signed ones zigzag-encoded first, strings
//! as their byte length and UTF-8 bytes, `Option` as 0 or 1 and the value, lists as
//! their length and the items, instants as Unix seconds and nanoseconds, dates as days
//! from the Common Era, enums as the variant's number (and the text of an unknown one).

use crate::error::FeedError;
use crate::model::{
    Component, ComponentImpact, ComponentStatus, DeclaredStatus, Feed, FeedKind, HistoryShard,
    Impact, Incident, Indicator, Maintenance, Page, Severity, Text, Update, UpdateStatus,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::BTreeMap;

/// The files of one read request as three flat arrays (what crosses to JavaScript without
/// a copy per file): each file's configured format as a code, all bytes end to end, and
/// each file's length.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub kinds: Vec<u8>,
    pub bytes: Vec<u8>,
    pub lengths: Vec<u32>,
}

const KINDS: [FeedKind; 4] = [
    FeedKind::Statuslight,
    FeedKind::StatuspageV2,
    FeedKind::Atom,
    FeedKind::Rss,
];

impl Request {
    /// The request for [`super::read_bodies`]`(bodies)`.
    pub fn new(bodies: &[(Option<FeedKind>, &[u8])]) -> Request {
        let mut r = Request::default();
        for (kind, body) in bodies {
            let code = kind.and_then(|k| KINDS.iter().position(|x| *x == k));
            r.kinds.push(code.map_or(0, |i| i as u8 + 1));
            r.bytes.extend_from_slice(body);
            r.lengths.push(body.len() as u32);
        }
        r
    }

    /// The bodies again; `None` when the three arrays do not fit together.
    pub fn bodies(&self) -> Option<Vec<(Option<FeedKind>, &[u8])>> {
        if self.kinds.len() != self.lengths.len() {
            return None;
        }
        let mut rest = self.bytes.as_slice();
        let mut out = Vec::with_capacity(self.kinds.len());
        for (code, len) in self.kinds.iter().zip(&self.lengths) {
            let kind = match code {
                0 => None,
                c => Some(*KINDS.get(usize::from(*c) - 1)?),
            };
            let (body, tail) = rest.split_at_checked(*len as usize)?;
            out.push((kind, body));
            rest = tail;
        }
        rest.is_empty().then_some(out)
    }
}

/// `outcome` as bytes for [`decode`].
pub fn encode(outcome: &Result<Feed, FeedError>) -> Vec<u8> {
    let mut out = Vec::new();
    outcome.put(&mut out);
    out
}

/// What [`encode`] wrote. Bytes that do not read as such an answer (cut short, with bytes
/// left over, a tag out of range, text that is not UTF-8) give a [`FeedError::Invalid`];
/// this checks that the answer is whole, not that it is in its shortest form.
pub fn decode(bytes: &[u8]) -> Result<Feed, FeedError> {
    let mut r = Reader(bytes);
    match <Result<Feed, FeedError>>::take(&mut r) {
        Some(outcome) if r.0.is_empty() => outcome,
        _ => Err(FeedError::Invalid {
            path: ".".to_string(),
            message: "the readers module's answer is malformed".to_string(),
        }),
    }
}

/// The bytes not read yet.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }
}

/// One value's encoding.
trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader<'_>) -> Option<Self>;
}

impl Wire for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        let mut v = *self;
        while v >= 0x80 {
            out.push(v as u8 | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = r.byte()?;
            // `shift` is at most 63; bits past the 64th are dropped.
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

impl Wire for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        (((self << 1) ^ (self >> 63)) as u64).put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let v = u64::take(r)?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
}

/// `u32` and `usize` travel as `u64`.
macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                (*self as u64).put(out);
            }
            fn take(r: &mut Reader<'_>) -> Option<Self> {
                u64::take(r)?.try_into().ok()
            }
        }
    )*};
}
unsigned!(u32, usize);

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        let len = usize::take(r)?;
        String::from_utf8(r.bytes(len)?.to_vec()).ok()
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_some().put(out);
        if let Some(v) = self {
            v.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some(if bool::take(r)? {
            Some(T::take(r)?)
        } else {
            None
        })
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for v in self {
            v.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        // No capacity from the count: it is checked only as the items are read.
        (0..usize::take(r)?).map(|_| T::take(r)).collect()
    }
}

impl Wire for DateTime<Utc> {
    fn put(&self, out: &mut Vec<u8>) {
        self.timestamp().put(out);
        self.timestamp_subsec_nanos().put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        DateTime::from_timestamp(i64::take(r)?, u32::take(r)?)
    }
}

impl Wire for NaiveDate {
    fn put(&self, out: &mut Vec<u8>) {
        i64::from(self.num_days_from_ce()).put(out);
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        NaiveDate::from_num_days_from_ce_opt(i64::take(r)?.try_into().ok()?)
    }
}

impl Wire for Text {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.len().put(out);
        for (lang, text) in &self.0 {
            lang.put(out);
            text.put(out);
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        // Inserted one by one: collecting into a `BTreeMap` sorts first, with a stable
        // sort instantiated for this pair type alone (with history.rs's, 11 KB raw of the
        // page's wasm).
        let mut text = BTreeMap::new();
        for _ in 0..usize::take(r)? {
            text.insert(String::take(r)?, String::take(r)?);
        }
        Some(Text(text))
    }
}

/// An enum of unit variants, as the variant's place in the list given; with `Unknown`, a
/// value this version does not know follows [`UNKNOWN`] as its text.
macro_rules! choice {
    ($t:ident { $($v:ident),* } $(, $unknown:ident)?) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                // No wildcard: a variant added to the type does not compile until listed.
                let name = match self {
                    $($t::$v => stringify!($v),)*
                    $($t::$unknown(text) => {
                        out.push(UNKNOWN);
                        text.put(out);
                        return;
                    })?
                };
                let names = [$(stringify!($v)),*];
                out.push(names.iter().position(|n| *n == name).unwrap_or(0) as u8);
            }
            fn take(r: &mut Reader<'_>) -> Option<Self> {
                match r.byte()? {
                    $(UNKNOWN => Some($t::$unknown(String::take(r)?)),)?
                    tag => [$($t::$v),*].into_iter().nth(usize::from(tag)),
                }
            }
        }
    };
}

/// The tag of an enum's `Unknown(text)` variant.
const UNKNOWN: u8 = u8::MAX;

choice!(FeedKind {
    Statuslight,
    StatuspageV2,
    Atom,
    Rss
});
choice!(Severity {
    Degraded,
    Partial,
    Major
});
choice!(
    Indicator {
        None,
        Minor,
        Major,
        Critical,
        Maintenance
    },
    Unknown
);
choice!(
    ComponentStatus {
        Operational,
        DegradedPerformance,
        PartialOutage,
        MajorOutage,
        UnderMaintenance
    },
    Unknown
);
choice!(
    Impact {
        None,
        Minor,
        Major,
        Critical,
        Maintenance
    },
    Unknown
);
choice!(
    UpdateStatus {
        Investigating,
        Identified,
        Monitoring,
        Resolved,
        Postmortem,
        Scheduled,
        InProgress,
        Verifying,
        Completed,
        Update
    },
    Unknown
);

/// A struct, field after field. Destructuring names every field, so a field added to the
/// type is a compile error here until it is listed.
macro_rules! record {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let $t { $($f),* } = self;
                $($f.put(out);)*
            }
            fn take(r: &mut Reader<'_>) -> Option<Self> {
                // Struct expressions evaluate their fields in the order written.
                Some($t { $($f: Wire::take(r)?),* })
            }
        }
    };
}

record!(Feed {
    kind,
    page,
    components,
    incidents,
    maintenances,
    as_of,
    updated_at,
    declared,
    history
});
record!(Page {
    id,
    name,
    url,
    time_zone,
    languages,
    notice
});
record!(DeclaredStatus {
    indicator,
    description
});
record!(Component {
    id,
    name,
    description,
    group_id,
    is_group,
    position,
    start_date,
    status,
    only_show_if_degraded,
    showcase,
});
record!(Incident {
    id,
    title,
    impact,
    status,
    started_at,
    resolved_at,
    components,
    intervals,
    updates,
    url,
});
record!(ComponentImpact {
    component_id,
    severity,
    start,
    end
});
record!(Update {
    status,
    label,
    at,
    body
});
record!(Maintenance {
    id,
    title,
    status,
    components,
    scheduled_start,
    scheduled_end,
    actual_start,
    actual_end,
    updates,
    url,
});
record!(HistoryShard {
    month,
    url,
    incidents
});

impl Wire for FeedError {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            FeedError::Json {
                path,
                line,
                column,
                message,
            } => {
                out.push(0);
                path.put(out);
                line.put(out);
                column.put(out);
                message.put(out);
            }
            FeedError::Xml { position, message } => {
                out.push(1);
                position.put(out);
                message.put(out);
            }
            FeedError::Invalid { path, message } => {
                out.push(2);
                path.put(out);
                message.put(out);
            }
            FeedError::UnsupportedVersion { found } => {
                out.push(3);
                found.put(out);
            }
            FeedError::UnknownFormat { hint } => {
                out.push(4);
                hint.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.byte()? {
            0 => FeedError::Json {
                path: Wire::take(r)?,
                line: Wire::take(r)?,
                column: Wire::take(r)?,
                message: Wire::take(r)?,
            },
            1 => FeedError::Xml {
                position: Wire::take(r)?,
                message: Wire::take(r)?,
            },
            2 => FeedError::Invalid {
                path: Wire::take(r)?,
                message: Wire::take(r)?,
            },
            3 => FeedError::UnsupportedVersion {
                found: Wire::take(r)?,
            },
            4 => FeedError::UnknownFormat {
                hint: Wire::take(r)?,
            },
            _ => return None,
        })
    }
}

impl Wire for Result<Feed, FeedError> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Ok(feed) => {
                out.push(0);
                feed.put(out);
            }
            Err(e) => {
                out.push(1);
                e.put(out);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(Ok(Feed::take(r)?)),
            1 => Some(Err(FeedError::take(r)?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::parse_feed;

    #[test]
    fn a_feed_and_an_error_come_back_unchanged() {
        let feed = parse_feed(include_bytes!("../../../../public/demo/feed.json"))
            .expect("the demo feed reads");
        assert_eq!(decode(&encode(&Ok(feed.clone()))), Ok(feed));
        let err = parse_feed(b"<rss><channel><item>").unwrap_err();
        assert_eq!(decode(&encode(&Err(err.clone()))), Err(err));
    }

    /// Every field set, every enum at its last and at an unknown value, every error.
    #[test]
    fn every_field_and_variant_comes_back() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("instant");
        let text = Text::from_pairs([("ko", "한국어"), ("en", "English"), ("", "untagged")]);
        let update = |status| Update {
            status,
            label: Some("Label".to_string()),
            at: at("2021-05-05T13:00:00.123456789Z"),
            body: text.clone(),
        };
        let feed = Feed {
            kind: FeedKind::Rss,
            page: Page {
                id: Some("p".to_string()),
                name: text.clone(),
                url: Some("https://status.example.com/".to_string()),
                time_zone: Some("Asia/Seoul".to_string()),
                languages: vec!["ko".to_string(), "en".to_string()],
                notice: Some(text.clone()),
            },
            components: vec![Component {
                id: "c".to_string(),
                name: text.clone(),
                description: Some(Text::untagged("d")),
                group_id: Some("g".to_string()),
                is_group: true,
                position: -7,
                start_date: NaiveDate::from_ymd_opt(-3, 2, 28),
                status: Some(ComponentStatus::Unknown("Odd".to_string())),
                only_show_if_degraded: true,
                showcase: true,
            }],
            incidents: vec![Incident {
                id: "i".to_string(),
                title: text.clone(),
                impact: Impact::Unknown("severe".to_string()),
                status: UpdateStatus::Update,
                started_at: at("1969-12-31T23:59:59Z"),
                resolved_at: Some(at("9999-12-31T23:59:59Z")),
                components: vec!["c".to_string(), "c".to_string()],
                intervals: vec![ComponentImpact {
                    component_id: "c".to_string(),
                    severity: Severity::Major,
                    start: at("2021-05-05T13:00:00Z"),
                    end: None,
                }],
                updates: vec![
                    update(UpdateStatus::Unknown("Paused".to_string())),
                    update(UpdateStatus::Investigating),
                ],
                url: None,
            }],
            maintenances: vec![Maintenance {
                id: "m".to_string(),
                title: text.clone(),
                status: UpdateStatus::Completed,
                components: vec!["c".to_string()],
                scheduled_start: at("2021-01-01T00:00:00Z"),
                scheduled_end: at("2021-01-01T01:00:00Z"),
                actual_start: None,
                actual_end: Some(at("2021-01-01T00:30:00Z")),
                updates: vec![update(UpdateStatus::Scheduled)],
                url: Some("https://status.example.com/m".to_string()),
            }],
            as_of: Some(at("2021-05-06T00:00:00Z")),
            updated_at: None,
            declared: Some(DeclaredStatus {
                indicator: Indicator::Unknown("purple".to_string()),
                description: text.clone(),
            }),
            history: vec![HistoryShard {
                month: "2021-04".to_string(),
                url: "history/2021-04.json".to_string(),
                incidents: Some(u32::MAX),
            }],
        };
        assert_eq!(decode(&encode(&Ok(feed.clone()))), Ok(feed));
        for kind in [
            FeedKind::Statuslight,
            FeedKind::StatuspageV2,
            FeedKind::Atom,
        ] {
            let f = Feed::empty(kind);
            assert_eq!(decode(&encode(&Ok(f.clone()))), Ok(f));
        }
        let errors = [
            FeedError::Json {
                path: "incidents[0]".to_string(),
                line: usize::MAX,
                column: 0,
                message: "m".to_string(),
            },
            FeedError::Xml {
                position: u64::MAX,
                message: "m".to_string(),
            },
            FeedError::Invalid {
                path: ".".to_string(),
                message: "m".to_string(),
            },
            FeedError::UnsupportedVersion {
                found: "statuslight/2".to_string(),
            },
            FeedError::UnknownFormat {
                hint: "h".to_string(),
            },
        ];
        for e in errors {
            assert_eq!(decode(&encode(&Err(e.clone()))), Err(e));
        }
    }

    #[test]
    fn cut_or_extended_answers_are_refused() {
        let feed = parse_feed(include_bytes!("../../../../public/demo/feed.json"))
            .expect("the demo feed reads");
        let bytes = encode(&Ok(feed));
        for end in 0..bytes.len() {
            assert!(
                matches!(decode(&bytes[..end]), Err(FeedError::Invalid { .. })),
                "cut at {end}"
            );
        }
        let longer = [bytes.as_slice(), &[0]].concat();
        assert!(matches!(decode(&longer), Err(FeedError::Invalid { .. })));
    }

    #[test]
    fn a_request_carries_the_bodies_and_their_kinds() {
        let bodies: Vec<(Option<FeedKind>, &[u8])> = vec![
            (None, b"{}"),
            (Some(FeedKind::Statuslight), b""),
            (Some(FeedKind::StatuspageV2), b"ab"),
            (Some(FeedKind::Atom), b"<feed/>"),
            (Some(FeedKind::Rss), b"\xff"),
        ];
        let r = Request::new(&bodies);
        assert_eq!(r.kinds, [0, 1, 2, 3, 4]);
        assert_eq!(r.bodies(), Some(bodies));
        let broken = [
            Request {
                lengths: vec![3],
                ..r.clone()
            },
            Request {
                kinds: vec![0, 1, 2, 3, 5],
                ..r.clone()
            },
            Request {
                bytes: b"{}ab".to_vec(),
                ..r.clone()
            },
            Request {
                bytes: [r.bytes.as_slice(), b"x"].concat(),
                ..r.clone()
            },
        ];
        for b in broken {
            assert_eq!(b.bodies(), None, "{b:?}");
        }
    }

    #[test]
    fn other_bytes_are_refused() {
        for bytes in [
            &b""[..],
            b"{\"Ok\": 3}",
            &[2],
            &[0, 9],
            &[1, 5],
            &[0xff; 12],
        ] {
            assert!(
                matches!(decode(bytes), Err(FeedError::Invalid { .. })),
                "{bytes:?}"
            );
        }
    }
}
