//! Format adapters: bytes in, [`Feed`] out, typed [`FeedError`]s, no I/O.
//!
//! [`parse_feed`] detects the format of one file; [`parse_feeds`] reads several files of
//! one page (e.g. a Statuspage `summary.json` plus `incidents.json`) into one feed.

pub mod atom;
pub mod rfc2822;
pub mod rfc3339;
pub mod shards;
pub mod statuslight;
pub mod statuspage;
pub mod wire;

use crate::error::FeedError;
use crate::model::{Feed, FeedKind};

/// Guess the format of `bytes` from its first meaningful token and top-level keys.
pub fn detect(bytes: &[u8]) -> Option<FeedKind> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().position(|b| !b.is_ascii_whitespace())?;
    match text[first] {
        b'<' => atom::detect_xml(&text[first..]),
        b'{' => {
            #[derive(serde::Deserialize)]
            struct Probe {
                version: Option<serde::de::IgnoredAny>,
                page: Option<serde::de::IgnoredAny>,
                components: Option<serde::de::IgnoredAny>,
                incidents: Option<serde::de::IgnoredAny>,
                scheduled_maintenances: Option<serde::de::IgnoredAny>,
            }
            let Ok(probe) = serde_json::from_slice::<Probe>(text) else {
                // Not valid JSON: still say which format it claims to be, so the error
                // names the JSON path and position where it broke.
                let head = String::from_utf8_lossy(&text[..text.len().min(512)]);
                return if head.contains("\"statuslight/") {
                    Some(FeedKind::Statuslight)
                } else if head.contains("\"page\"") {
                    Some(FeedKind::StatuspageV2)
                } else {
                    None
                };
            };
            if probe.version.is_some() {
                Some(FeedKind::Statuslight)
            } else if probe.page.is_some()
                || probe.components.is_some()
                || probe.incidents.is_some()
                || probe.scheduled_maintenances.is_some()
            {
                Some(FeedKind::StatuspageV2)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The format a feed's address suggests, before any byte of it is read: `.atom` and
/// `.rss` files, and `.json` under `/api/v2/` (where Statuspage, and `statuslight build`,
/// publish the Statuspage v2 API). Only a hint, for starting work early: the bytes decide.
pub fn kind_from_address(url: &str) -> Option<FeedKind> {
    // A leading `/` so that a relative `api/v2/summary.json` matches as well.
    let path = format!("/{}", url.split(['?', '#']).next().unwrap_or(url)).to_ascii_lowercase();
    if path.ends_with(".atom") {
        Some(FeedKind::Atom)
    } else if path.ends_with(".rss") {
        Some(FeedKind::Rss)
    } else if path.contains("/api/v2/") && path.ends_with(".json") {
        Some(FeedKind::StatuspageV2)
    } else {
        None
    }
}

/// True when a feed configured as `kind` (`None`: detect) at `url` will most likely need
/// a reader other than `statuslight/1`'s: the browser builds then load the readers module
/// while the feed is on its way (DEVELOPERS.md, "The readers module").
pub fn needs_other_reader(kind: Option<FeedKind>, url: &str) -> bool {
    kind.or_else(|| kind_from_address(url))
        .is_some_and(|k| k != FeedKind::Statuslight)
}

/// Read one file of any supported format.
pub fn parse_feed(bytes: &[u8]) -> Result<Feed, FeedError> {
    read_bodies(&[(None, bytes)])
}

/// Read one file known to be of format `kind`.
pub fn parse_feed_as(kind: FeedKind, bytes: &[u8]) -> Result<Feed, FeedError> {
    read_bodies(&[(Some(kind), bytes)])
}

/// Read several files that describe one page into one feed. Statuspage files are combined
/// by [`statuspage::parse_many`] (summary plus incidents gives current state plus
/// history); any other mix is refused, because two formats never describe one page.
pub fn parse_feeds(files: &[&[u8]]) -> Result<Feed, FeedError> {
    let bodies: Vec<(Option<FeedKind>, &[u8])> = files.iter().map(|f| (None, *f)).collect();
    read_bodies(&bodies)
}

/// Read the files of one page, each with the format its configuration names (`None`:
/// detect it), into one feed. One file is read as its format; several must all be
/// Statuspage v2 (their configured formats are not consulted then, as in [`parse_feeds`]).
pub fn read_bodies(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, FeedError> {
    read_own(bodies).unwrap_or_else(|| read_other(bodies))
}

/// [`read_bodies`] for what [`read_own`] leaves: Statuspage v2, Atom or RSS files. A
/// `statuslight/1` or unknown file is refused, since [`read_own`] answers for it; the
/// readers module calls only this, so it carries no `statuslight/1` reader.
pub fn read_other(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, FeedError> {
    match bodies {
        [(kind, bytes)] => match kind.or_else(|| detect(bytes)) {
            Some(FeedKind::StatuspageV2) => statuspage::parse(bytes),
            Some(FeedKind::Atom) => atom::parse_atom(bytes),
            Some(FeedKind::Rss) => atom::parse_rss(bytes),
            Some(FeedKind::Statuslight) | None => Err(FeedError::UnknownFormat {
                hint: "neither Statuspage v2 nor Atom/RSS".to_string(),
            }),
        },
        many => {
            let files: Vec<&[u8]> = many.iter().map(|(_, b)| *b).collect();
            statuspage::parse_many(&files)
        }
    }
}

/// [`read_bodies`] for what needs only Statuslight's own reader: `statuslight/1` feeds,
/// and every input refused before any format's reader runs (no input, an unknown format,
/// a mix of formats). `None` when the Statuspage v2 or Atom/RSS reader is needed.
///
/// The browser builds call this first and load those readers, a separate module, only
/// for the feeds that need them (DEVELOPERS.md, "The readers module").
pub fn read_own(bodies: &[(Option<FeedKind>, &[u8])]) -> Option<Result<Feed, FeedError>> {
    match bodies {
        [] => Some(Err(FeedError::UnknownFormat {
            hint: "no input".to_string(),
        })),
        [(kind, bytes)] => match kind.or_else(|| detect(bytes)) {
            Some(FeedKind::Statuslight) => Some(statuslight::parse(bytes)),
            Some(_) => None,
            None => Some(Err(unknown_format(bytes))),
        },
        many => {
            let kinds: Vec<Option<FeedKind>> = many.iter().map(|(_, b)| detect(b)).collect();
            if kinds.iter().all(|k| *k == Some(FeedKind::StatuspageV2)) {
                None
            } else {
                Some(Err(FeedError::UnknownFormat {
                    hint: format!("only Statuspage v2 files can be combined; got {:?}", kinds),
                }))
            }
        }
    }
}

/// Why `bytes`, of no format [`detect`] knows, cannot be read.
fn unknown_format(bytes: &[u8]) -> FeedError {
    // Broken JSON of no known format: the syntax error says more than a guess.
    let trimmed = bytes.trim_ascii_start();
    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        if let Err(e) = crate::error::from_json::<serde::de::IgnoredAny>(bytes) {
            return e;
        }
    }
    FeedError::UnknownFormat {
        hint: describe_start(bytes),
    }
}

/// The first few characters of the input, for error messages.
fn describe_start(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    if text.trim().is_empty() {
        "the input is empty".to_string()
    } else {
        format!("it starts with {:?}", text.trim_start())
    }
}

/// `count` strings made from `seeds` by one to three random edits each (a character of
/// `alphabet` inserted or put in place of one, or a character removed), the same ones on
/// every run: for holding a hand-written reader to a reference over near misses.
#[cfg(test)]
pub(crate) fn mutations<'a>(
    seeds: &'a [&str],
    alphabet: &str,
    count: usize,
) -> impl Iterator<Item = String> + 'a {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        // xorshift64
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    (0..count).map(move |i| {
        let mut chars: Vec<char> = seeds[i % seeds.len()].chars().collect();
        for _ in 0..1 + next(3) {
            let at = next(chars.len() + 1);
            let c = alphabet[next(alphabet.len())];
            match next(3) {
                0 => chars.insert(at, c),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = c,
                _ => chars.push(c),
            }
        }
        chars.into_iter().collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_other_formats_need_the_readers() {
        let own: &[u8] = br#"{"version": "statuslight/1", "page": {"name": "x"}}"#;
        let statuspage: &[u8] = br#"{"page": {"id": "p", "name": "x"}, "components": []}"#;
        let atom: &[u8] =
            b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
        assert!(matches!(read_own(&[(None, own)]), Some(Ok(_))));
        assert!(read_own(&[(None, statuspage)]).is_none());
        assert!(read_own(&[(None, atom)]).is_none());
        assert!(read_own(&[(Some(FeedKind::Rss), own)]).is_none());
        assert!(read_own(&[(None, statuspage), (None, statuspage)]).is_none());
        // Refusals need no reader: an unknown format, a mix, nothing at all.
        assert!(matches!(
            read_own(&[(None, b"hello")]),
            Some(Err(FeedError::UnknownFormat { .. }))
        ));
        assert!(matches!(
            read_own(&[(None, own), (None, statuspage)]),
            Some(Err(_))
        ));
        assert!(matches!(read_own(&[]), Some(Err(_))));
        // And whatever it answers, read_bodies answers the same.
        for bodies in [
            vec![(None, own)],
            vec![(None, b"hello".as_slice())],
            vec![(None, own), (None, statuspage)],
        ] {
            assert_eq!(read_own(&bodies), Some(read_bodies(&bodies)));
        }
        assert_eq!(
            read_bodies(&[(None, statuspage)]).map(|f| f.kind),
            Ok(FeedKind::StatuspageV2)
        );
    }

    #[test]
    fn the_address_hints_at_the_reader_a_feed_needs() {
        let cases: [(Option<FeedKind>, &str, bool); 11] = [
            (Some(FeedKind::StatuspageV2), "feed.json", true),
            (Some(FeedKind::Atom), "x", true),
            (Some(FeedKind::Statuslight), "history.atom", false),
            (
                None,
                "https://www.githubstatus.com/api/v2/summary.json",
                true,
            ),
            (None, "/api/v2/incidents.json?x=1", true),
            // Where `statuslight build` writes them, relative to the page.
            (None, "api/v2/summary.json", true),
            (None, "history.ATOM", true),
            (None, "https://s.example.com/history.rss#top", true),
            (None, "demo/feed.json", false),
            (None, "api/v2.json", false),
            (None, "https://s.example.com/rss?format=atom", false),
        ];
        for (kind, url, needs) in cases {
            assert_eq!(needs_other_reader(kind, url), needs, "{kind:?} {url}");
        }
        assert_eq!(kind_from_address("a/history.rss"), Some(FeedKind::Rss));
    }

    #[test]
    fn truncated_json_gives_a_json_error_with_its_position() {
        let err =
            parse_feed(br#"{"version": "statuslight/1", "incidents": [ {"id": "x""#).unwrap_err();
        assert!(matches!(err, FeedError::Json { line: 1, .. }), "{err}");
        let err = parse_feed(b"{\"anything\": [1, 2").unwrap_err();
        assert!(matches!(err, FeedError::Json { .. }), "{err}");
        let err = parse_feed(b"{\"anything\": 1}").unwrap_err();
        assert!(matches!(err, FeedError::UnknownFormat { .. }), "{err}");
        let err = parse_feed(b"   ").unwrap_err();
        assert_eq!(err.to_string(), "not a feed Statuslight reads (Statuslight JSON, Statuspage v2 JSON, Atom or RSS): the input is empty");
    }
}
