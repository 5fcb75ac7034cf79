//! Reading fetched feeds into one [`Feed`], for the page and the widget alike.
//!
//! `statuslight/1` feeds (what `statuslight build` publishes) are read here. In a
//! `make dist` build the Statuspage v2 and Atom/RSS readers are not in this wasm: the
//! first feed that needs one loads the readers module (`crates/readers`) beside this
//! build's glue, once per page (the browser keeps the imported module), and gets the
//! feed back through [`wire`]. Other builds link the readers in (see `build.rs`).

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
    use std::cell::{Cell, RefCell};

    use js_sys::{Function, Promise, Reflect, Uint32Array, Uint8Array};
    use statuslight_core::formats::wire;
    use statuslight_core::{Feed, FeedKind};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::{future_to_promise, JsFuture};

    use super::ReadError;

    const NAME: &str = env!("STATUSLIGHT_READERS");

    thread_local! {
        /// The one import of the module on this page, shared by [`super::prefetch`] and
        /// every read: two imports under way at once would fetch the wasm twice.
        static MODULE: RefCell<Option<Promise>> = const { RefCell::new(None) };
        /// How many imports failed on this page. The next one asks for the glue under a
        /// new address (`?retry=N`): a browser may keep a failed module import.
        static FAILED: Cell<u32> = const { Cell::new(0) };
    }

    /// The import of the module, started on the first call and again after one failed.
    /// It never rejects: it resolves to the module's namespace, or to the text of why it
    /// could not be loaded, so a prefetch that nothing awaits leaves no unhandled
    /// rejection behind.
    pub(super) fn module() -> Promise {
        MODULE.with(|m| {
            m.borrow_mut()
                .get_or_insert_with(|| {
                    let glue = match FAILED.get() {
                        0 => format!("{NAME}.js"),
                        n => format!("{NAME}.js?retry={n}"),
                    };
                    future_to_promise(async move {
                        let outcome =
                            crate::net::import_module(&glue, &format!("{NAME}_bg.wasm")).await;
                        Ok(outcome.unwrap_or_else(|e| {
                            // Forgotten at once, so that the next read or prefetch (the
                            // next refresh) imports again, even if no read awaited this.
                            FAILED.set(FAILED.get() + 1);
                            MODULE.with(|m| {
                                if let Ok(mut m) = m.try_borrow_mut() {
                                    *m = None;
                                }
                            });
                            JsValue::from_str(&e.to_string())
                        }))
                    })
                })
                .clone()
        })
    }

    pub(super) async fn read(bodies: &[(Option<FeedKind>, &[u8])]) -> Result<Feed, ReadError> {
        let module = JsFuture::from(module()).await.unwrap_or_else(|e| e);
        if let Some(why) = module.as_string() {
            return Err(ReadError::Module(why));
        }
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
