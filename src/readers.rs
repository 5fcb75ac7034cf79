//! Reading fetched feeds into one [`Feed`], for the page (the widget reads a summary;
//! its summary module reads feeds with the core directly).
//!
//! `statuslight/1` feeds (what `statuslight build` publishes) are read here. In a
//! `make dist` build the Statuspage v2 and Atom/RSS readers are not in this wasm: the
//! first feed that needs one loads the readers module (`crates/readers`) beside this
//! build's glue, once per page (the browser keeps the imported module), and gets the
//! feed back through [`statuslight_core::formats::wire`]. Other builds link the readers
//! in (see `build.rs`).

use std::fmt;

use statuslight_core::formats::{needs_other_reader, read_own};
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

/// Start loading the readers module now if one of these configured feeds (kind and
/// address) will most likely need it ([`needs_other_reader`]), so it arrives while the
/// feeds are still on their way instead of after them. Builds that link the readers in
/// have nothing to load.
pub fn prefetch<'a>(feeds: impl IntoIterator<Item = (Option<FeedKind>, &'a str)>) {
    let needed = feeds
        .into_iter()
        .any(|(kind, url)| needs_other_reader(kind, url));
    #[cfg(lazy_readers)]
    if needed {
        // Dropping the promise does not stop the import: `read` awaits the same one.
        drop(lazy::module());
    }
    #[cfg(not(lazy_readers))]
    let _ = needed;
}

#[cfg(lazy_readers)]
async fn other_format(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, ReadError> {
    lazy::read(bodies).await
}

#[cfg(lazy_readers)]
mod lazy {
    use js_sys::{Function, Promise, Reflect, Uint32Array, Uint8Array};
    use statuslight_core::formats::wire;
    use statuslight_core::{Feed, FeedKind};
    use wasm_bindgen::{JsCast, JsValue};

    use super::ReadError;

    const NAME: &str = env!("STATUSLIGHT_READERS");

    thread_local! {
        /// The module, shared by [`super::prefetch`] and every read.
        static MODULE: crate::net::LazyModule = const { crate::net::LazyModule::new(NAME) };
    }

    /// The import of the module ([`crate::net::lazy_import`]).
    pub(super) fn module() -> Promise {
        crate::net::lazy_import(&MODULE)
    }

    pub(super) async fn read(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, ReadError> {
        let module = crate::net::lazy_module(&MODULE)
            .await
            .map_err(ReadError::Module)?;
        let read = Reflect::get(&module, &JsValue::from_str("read"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| ReadError::Module(format!("{NAME}.js has no read()")))?;
        let request = wire::Request::new(bodies);
        let answer = read
            .call3(
                &JsValue::NULL,
                &Uint8Array::from(request.kinds.as_slice()),
                &Uint8Array::from(request.bytes.as_slice()),
                &Uint32Array::from(request.lengths.as_slice()),
            )
            .ok()
            .and_then(|a| a.dyn_into::<Uint8Array>().ok())
            .ok_or_else(|| ReadError::Module(format!("{NAME}.js: read() failed")))?;
        wire::decode(&answer.to_vec()).map_err(ReadError::Feed)
    }
}
