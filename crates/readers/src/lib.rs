//! The readers module: the page's and the widget's wasm leave out the Statuspage v2 and
//! Atom/RSS readers (about 40 KB brotli each), and load this small module the first time
//! a configured feed needs one of them. It reads with the core's
//! [`read_other`](statuslight_core::formats::read_other) and answers in
//! [`statuslight_core::formats::wire`]'s shape. `make dist` builds it
//! (`scripts/module.sh readers`); the app side is `src/readers.rs`.

use statuslight_core::formats::{read_other, wire};
use statuslight_core::FeedError;
use wasm_bindgen::prelude::*;

/// Read the feeds of one page, given as a [`wire::Request`]'s three arrays; the answer is
/// [`wire::encode`]'s bytes of the feed or of why it could not be read.
#[wasm_bindgen]
pub fn read(kinds: Vec<u8>, bytes: Vec<u8>, lengths: Vec<u32>) -> Vec<u8> {
    wire::encode(&answer(wire::Request {
        kinds,
        bytes,
        lengths,
    }))
}

fn answer(request: wire::Request) -> Result<statuslight_core::Feed, FeedError> {
    match request.bodies() {
        Some(bodies) => read_other(&bodies),
        None => Err(FeedError::Invalid {
            path: ".".to_string(),
            message: "the readers module got a request whose parts do not fit together".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statuslight_core::FeedKind;

    #[test]
    fn reads_what_the_core_reads() {
        let statuspage: &[u8] = br#"{"page": {"id": "p", "name": "Example"}, "components": []}"#;
        let r = wire::Request::new(&[(None, statuspage)]);
        let feed = wire::decode(&read(r.kinds, r.bytes, r.lengths)).expect("reads");
        assert_eq!(feed.kind, FeedKind::StatuspageV2);
        assert_eq!(feed.page.name.get("en"), "Example");
        let out = read(vec![0], b"x".to_vec(), vec![5]);
        assert!(matches!(wire::decode(&out), Err(FeedError::Invalid { .. })));
    }
}
