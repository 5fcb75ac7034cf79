//! Reading fetched feeds into one [`Feed`], for the page and the widget alike.
//!
//! `statuslight/1` feeds (what `statuslight build` publishes) are read here. In a
//! `make dist` build the Statuspage v2 and Atom/RSS readers are not in this wasm: the
//! first feed that needs one loads the readers module (`crates/readers`) beside this
//! build's glue, once per page (the browser keeps the imported module), and gets the
//! feed back through [`wire`]. Other builds link the readers in (see `build.rs`).

use std::fmt;

use statuslight_core::formats::read_own;
#[cfg(lazy_readers)]
use statuslight_core::formats::wire;
use statuslight_core::{Feed, FeedError, FeedKind};

/// Why fetched feeds could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// A feed is broken or of no format Statuslight reads.
    Feed(FeedError),
    /// The readers module could not be loaded (a network error, most likely).
    Module(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Feed(e) => e.fmt(f),
            ReadError::Module(why) => write!(f, "the feed reader could not be loaded: {why}"),
        }
    }
}

/// Read the bodies of one page's feeds, each with its configured kind (`None`: detect).
pub async fn read_bodies(bodies: &[(Option<FeedKind>, Vec<u8>)]) -> Result<Feed, ReadError> {
    let borrowed: Vec<(Option<FeedKind>, &[u8])> =
        bodies.iter().map(|(k, b)| (*k, b.as_slice())).collect();
    match read_own(&borrowed) {
        Some(outcome) => outcome.map_err(ReadError::Feed),
        None => other_format(&borrowed).await,
    }
}

#[cfg(not(lazy_readers))]
async fn other_format(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, ReadError> {
    statuslight_core::formats::read_bodies(bodies).map_err(ReadError::Feed)
}

#[cfg(lazy_readers)]
async fn other_format(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, ReadError> {
    use js_sys::{Function, Reflect, Uint32Array, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};

    const NAME: &str = env!("STATUSLIGHT_READERS");
    let module = crate::net::import_module(&format!("{NAME}.js"), &format!("{NAME}_bg.wasm"))
        .await
        .map_err(|e| ReadError::Module(e.to_string()))?;
    let read = Reflect::get(&module, &JsValue::from_str("read"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| ReadError::Module(format!("{NAME}.js has no read()")))?;
    let request = wire::Request::new(bodies);
    let text = read
        .call3(
            &JsValue::NULL,
            &Uint8Array::from(request.kinds.as_slice()),
            &Uint8Array::from(request.bytes.as_slice()),
            &Uint32Array::from(request.lengths.as_slice()),
        )
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| ReadError::Module(format!("{NAME}.js: read() failed")))?;
    wire::decode(text.as_bytes()).map_err(ReadError::Feed)
}
