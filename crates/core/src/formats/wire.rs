//! How a read feed crosses from the readers module to the app that asked for it.
//!
//! The browser builds leave the Statuspage v2 and Atom/RSS readers out of the page's and
//! the widget's wasm; a separate module (`crates/readers`) reads such feeds with
//! [`super::read_bodies`] and hands back the outcome as [`encode`] writes it, which the
//! app turns back into the same value with [`decode`]. Both sides are built from the same
//! commit, so this is not a published format: it is the model's own serde shape as JSON
//! (unlike `statuslight/1`, it keeps what only Statuspage says, such as a component's
//! declared status), and it may change with the model.

use crate::error::FeedError;
use crate::model::{Feed, FeedKind};

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

/// `outcome` as text for [`decode`].
pub fn encode(outcome: &Result<Feed, FeedError>) -> String {
    // Strings, integers, booleans and maps with string keys: serializing cannot fail.
    serde_json::to_string(outcome).unwrap_or_default()
}

/// What [`encode`] wrote. Text that is not its output reads as a [`FeedError::Json`].
pub fn decode(text: &[u8]) -> Result<Feed, FeedError> {
    crate::error::from_json::<Result<Feed, FeedError>>(text)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::parse_feed;

    #[test]
    fn a_feed_and_an_error_come_back_unchanged() {
        let feed = parse_feed(include_bytes!("../../../../public/demo/feed.json"))
            .expect("the demo feed reads");
        assert_eq!(decode(encode(&Ok(feed.clone())).as_bytes()), Ok(feed));
        let err = parse_feed(b"<rss><channel><item>").unwrap_err();
        assert_eq!(decode(encode(&Err(err.clone())).as_bytes()), Err(err));
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
    fn other_text_is_a_json_error() {
        assert!(matches!(
            decode(b"{\"Ok\": 3}"),
            Err(FeedError::Json { .. })
        ));
        assert!(matches!(decode(b""), Err(FeedError::Json { .. })));
    }
}
