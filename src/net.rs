//! The only module that touches the network.

use std::fmt;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCache, RequestInit, Response};

/// Why a fetch failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetError {
    /// The request did not complete (offline, DNS, CORS, refused connection).
    Network { url: String, detail: String },
    /// The server answered with an error status, and maybe a `Retry-After`.
    Status {
        url: String,
        status: u16,
        retry_after: Option<String>,
    },
    /// The body is larger than the configured cap.
    TooLarge { url: String, limit: u64 },
    /// No complete answer within the configured time.
    Timeout { url: String, seconds: u32 },
}

impl NetError {
    /// The server's `Retry-After` header, when it sent one.
    pub fn retry_after(&self) -> Option<&str> {
        match self {
            NetError::Status { retry_after, .. } => retry_after.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Network { url, detail } => write!(f, "could not reach {url}: {detail}"),
            NetError::Status { url, status, .. } => write!(f, "{url} answered HTTP {status}"),
            NetError::TooLarge { url, limit } => {
                write!(f, "{url} is larger than the {limit}-byte limit")
            }
            NetError::Timeout { url, seconds } => {
                write!(f, "{url} did not answer within {seconds} s")
            }
        }
    }
}

/// Limits on one fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub timeout_seconds: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            timeout_seconds: 20,
        }
    }
}

/// GET `url` (relative to the page) and return the body, with the default [`Limits`].
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, NetError> {
    fetch_limited(url, Limits::default()).await
}

/// GET `url` and return the body, refusing one larger than `limits.max_bytes` and giving
/// up after `limits.timeout_seconds`. The browser revalidates with the server every time
/// (`cache: no-cache`): it sends `If-None-Match` / `If-Modified-Since` from its cache, so
/// an unchanged feed costs a 304 on the wire, and a status is never served stale.
pub async fn fetch_limited(url: &str, limits: Limits) -> Result<Vec<u8>, NetError> {
    let network = |e: wasm_bindgen::JsValue| NetError::Network {
        url: url.to_string(),
        detail: js_message(&e),
    };
    let controller = web_sys::AbortController::new().map_err(network)?;
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let finished = std::rc::Rc::new(std::cell::Cell::new(false));
    // Owned by JS until the timer runs: a timer that fires after the fetch finished (a
    // clear that did not take) finds `finished` set and does nothing.
    let abort = {
        let controller = controller.clone();
        let (timed_out, finished) = (timed_out.clone(), finished.clone());
        wasm_bindgen::closure::Closure::once_into_js(move || {
            if !finished.get() {
                timed_out.set(true);
                controller.abort();
            }
        })
    };
    let window = web_sys::window().ok_or_else(|| NetError::Network {
        url: url.to_string(),
        detail: "no window".to_string(),
    })?;
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.unchecked_ref(),
            i32::try_from(limits.timeout_seconds.saturating_mul(1000)).unwrap_or(i32::MAX),
        )
        .map_err(network)?;
    let result = async {
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_cache(RequestCache::NoCache);
        init.set_signal(Some(&controller.signal()));
        let request = Request::new_with_str_and_init(url, &init).map_err(network)?;
        let fetched = handed_over(url, &controller.signal())
            .unwrap_or_else(|| window.fetch_with_request(&request));
        let response: Response = JsFuture::from(fetched)
            .await
            .map_err(network)?
            .unchecked_into();
        let header = |name: &str| response.headers().get(name).ok().flatten();
        if !response.ok() {
            return Err(NetError::Status {
                url: url.to_string(),
                status: response.status(),
                retry_after: header("retry-after"),
            });
        }
        let too_large = NetError::TooLarge {
            url: url.to_string(),
            limit: limits.max_bytes,
        };
        if header("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n > limits.max_bytes)
        {
            controller.abort();
            return Err(too_large);
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
            .await
            .map_err(network)?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        if u64::from(bytes.length()) > limits.max_bytes {
            return Err(too_large);
        }
        Ok(bytes.to_vec())
    }
    .await;
    finished.set(true);
    window.clear_timeout_with_handle(timer);
    match result {
        Err(NetError::Network { .. }) if timed_out.get() => Err(NetError::Timeout {
            url: url.to_string(),
            seconds: limits.timeout_seconds,
        }),
        other => other,
    }
}

/// The page's starter (`crates/starter`) asks for the files it checked (the
/// configuration, the feeds, their shards) again, uncached, the moment it loads the app,
/// so they download beside the app's wasm instead of after it: `window.__statuslightHandover`,
/// a `Map` of absolute address to that fetch's promise. This takes the one for `url`, once
/// (a later fetch of it goes to the network), raced against `signal` so that the timeout
/// holds for it as for a fetch of our own. `None` when there is none.
fn handed_over(url: &str, signal: &web_sys::AbortSignal) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let map: js_sys::Map = js_sys::Reflect::get(&window, &"__statuslightHandover".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let key = wasm_bindgen::JsValue::from_str(&resolve_url(url, ""));
    let fetched: js_sys::Promise = map.get(&key).dyn_into().ok()?;
    map.delete(&key);
    let signal = signal.clone();
    let aborted = js_sys::Promise::new(&mut |_, reject| {
        let on_abort = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = reject.call1(&wasm_bindgen::JsValue::NULL, &"aborted".into());
        });
        signal.set_onabort(Some(on_abort.unchecked_ref()));
    });
    Some(js_sys::Promise::race(&js_sys::Array::of2(
        &fetched, &aborted,
    )))
}

/// Try `urls` in order; return the first body and the address that answered, or every
/// failure when none did.
pub async fn fetch_first(
    urls: &[String],
    limits: Limits,
) -> Result<(Vec<u8>, String), Vec<NetError>> {
    let mut errors = Vec::new();
    for url in urls {
        match fetch_limited(url, limits).await {
            Ok(bytes) => return Ok((bytes, url.clone())),
            Err(e) => errors.push(e),
        }
    }
    Err(errors)
}

/// [`fetch_first`] for each list of addresses (a feed and its mirrors), all at once: a
/// page of several feeds waits for the slowest, not for their sum. The bodies and the
/// addresses that answered, in the order of `sources`; or, as soon as one feed has failed
/// at every address, why (the others are not waited for).
pub async fn fetch_each(
    sources: &[Vec<String>],
    limits: Limits,
) -> Result<Vec<(Vec<u8>, String)>, Vec<NetError>> {
    try_join_all(
        sources
            .iter()
            .map(|urls| fetch_first(urls, limits))
            .collect(),
    )
    .await
}

/// Every failure of [`fetch_each`] in one line, `; ` between them.
pub fn describe(errors: &[NetError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// GET every one of `urls` at once, with the default [`Limits`]: each body or why not, in
/// their order.
pub async fn fetch_all(urls: &[String]) -> Vec<Result<Vec<u8>, NetError>> {
    let fetches = urls
        .iter()
        .map(|url| async move { Ok::<_, std::convert::Infallible>(fetch_bytes(url).await) })
        .collect();
    match try_join_all(fetches).await {
        Ok(answers) => answers,
        Err(never) => match never {},
    }
}

/// Run `futures` at once: their outputs in their order, or the first error to arrive.
/// (What `futures::future::try_join_all` does, in a few lines instead of 3 KB of wasm.)
async fn try_join_all<T, E, F>(futures: Vec<F>) -> Result<Vec<T>, E>
where
    F: std::future::Future<Output = Result<T, E>>,
{
    use std::task::Poll;
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(Ok(v)) => *output = Some(v),
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(Ok(()))
        }
    })
    .await?;
    Ok(outputs.into_iter().flatten().collect())
}

/// Resolve `relative` against `base` (both as the browser would), for shard addresses
/// that are relative to the feed that lists them.
pub fn resolve_url(relative: &str, base: &str) -> String {
    let document_base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let absolute_base = web_sys::Url::new_with_base(base, &document_base)
        .map(|u| u.href())
        .unwrap_or_else(|_| base.to_string());
    web_sys::Url::new_with_base(relative, &absolute_base)
        .map(|u| u.href())
        .unwrap_or_else(|_| relative.to_string())
}

fn js_message(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// Import the wasm-bindgen module whose glue is `glue` and instantiate it with `wasm`, both
/// file names beside this build's own glue (so it works the same for the page and for a
/// widget on another site). The browser imports a module once per page, and the glue
/// instantiates once, so calling this again is cheap.
#[cfg(any(lazy_readers, lazy_summary))]
pub async fn import_module(glue: &str, wasm: &str) -> Result<wasm_bindgen::JsValue, NetError> {
    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        type ImportMeta;
        #[wasm_bindgen(method, getter)]
        fn url(this: &ImportMeta) -> String;
        #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
        static IMPORT_META: ImportMeta;
        /// The `import()` expression.
        #[wasm_bindgen(js_name = import)]
        fn dynamic_import(url: &str) -> Promise;
    }

    let beside = |name: &str| {
        let base = IMPORT_META.with(ImportMeta::url);
        resolve_url(name, &base)
    };
    let glue_url = beside(glue);
    let failed = |url: &str, e: JsValue| NetError::Network {
        url: url.to_string(),
        detail: js_message(&e),
    };
    let module = JsFuture::from(dynamic_import(&glue_url))
        .await
        .map_err(|e| failed(&glue_url, e))?;
    let wasm_url = beside(wasm);
    let init = Reflect::get(&module, &JsValue::from_str("default"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| failed(&glue_url, JsValue::from_str("not a wasm-bindgen module")))?;
    let options = Object::new();
    Reflect::set(
        &options,
        &JsValue::from_str("module_or_path"),
        &JsValue::from_str(&wasm_url),
    )
    .map_err(|e| failed(&wasm_url, e))?;
    let started = init
        .call1(&JsValue::NULL, &options)
        .map_err(|e| failed(&wasm_url, e))?;
    JsFuture::from(Promise::resolve(&started))
        .await
        .map_err(|e| failed(&wasm_url, e))?;
    Ok(module)
}

/// A wasm-bindgen module this build loads on demand (`scripts/module.sh` builds it, a build
/// variable names it): the one import of it on this page, shared by every caller (two
/// imports under way at once would fetch the wasm twice), and how many imports failed. The
/// next import after a failure asks for the glue under a new address (`?retry=N`): a
/// browser may keep a failed module import. Kept in a `thread_local!`, used through
/// [`lazy_import`] and [`lazy_module`].
#[cfg(any(lazy_readers, lazy_summary))]
pub struct LazyModule {
    name: &'static str,
    import: std::cell::RefCell<Option<js_sys::Promise>>,
    failed: std::cell::Cell<u32>,
}

#[cfg(any(lazy_readers, lazy_summary))]
impl LazyModule {
    /// The module whose files are `NAME.js` and `NAME_bg.wasm` beside this build's glue.
    pub const fn new(name: &'static str) -> Self {
        LazyModule {
            name,
            import: std::cell::RefCell::new(None),
            failed: std::cell::Cell::new(0),
        }
    }
}

/// The import of the module in `key`, started on the first call and again after one
/// failed. It never rejects: it resolves to the module's namespace, or to the text of why
/// it could not be loaded, so a prefetch that nothing awaits leaves no unhandled rejection
/// behind. A failed import is forgotten as it fails, whether or not anything awaited it.
#[cfg(any(lazy_readers, lazy_summary))]
pub fn lazy_import(key: &'static std::thread::LocalKey<LazyModule>) -> js_sys::Promise {
    key.with(|m| {
        m.import
            .borrow_mut()
            .get_or_insert_with(|| {
                let name = m.name;
                let glue = match m.failed.get() {
                    0 => format!("{name}.js"),
                    n => format!("{name}.js?retry={n}"),
                };
                wasm_bindgen_futures::future_to_promise(async move {
                    let outcome = import_module(&glue, &format!("{name}_bg.wasm")).await;
                    Ok(outcome.unwrap_or_else(|e| {
                        key.with(|m| {
                            m.failed.set(m.failed.get() + 1);
                            if let Ok(mut import) = m.import.try_borrow_mut() {
                                *import = None;
                            }
                        });
                        wasm_bindgen::JsValue::from_str(&e.to_string())
                    }))
                })
            })
            .clone()
    })
}

/// The namespace of the module in `key` ([`lazy_import`]), or why it could not be loaded.
#[cfg(any(lazy_readers, lazy_summary))]
pub async fn lazy_module(
    key: &'static std::thread::LocalKey<LazyModule>,
) -> Result<wasm_bindgen::JsValue, String> {
    let module = JsFuture::from(lazy_import(key)).await.unwrap_or_else(|e| e);
    match module.as_string() {
        Some(why) => Err(why),
        None => Ok(module),
    }
}
