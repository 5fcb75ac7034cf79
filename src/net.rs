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
    /// The server answered with an error status.
    Status { url: String, status: u16 },
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Network { url, detail } => write!(f, "could not reach {url}: {detail}"),
            NetError::Status { url, status } => write!(f, "{url} answered HTTP {status}"),
        }
    }
}

/// GET `url` (relative to the page) and return the body. The browser revalidates with the
/// server every time (`cache: no-cache`), so a status is never served stale from cache.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, NetError> {
    let network = |e: wasm_bindgen::JsValue| NetError::Network {
        url: url.to_string(),
        detail: js_message(&e),
    };
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_cache(RequestCache::NoCache);
    let request = Request::new_with_str_and_init(url, &init).map_err(network)?;
    let window = web_sys::window().ok_or_else(|| NetError::Network {
        url: url.to_string(),
        detail: "no window".to_string(),
    })?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(network)?
        .unchecked_into();
    if !response.ok() {
        return Err(NetError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Try `urls` in order; return the first body and the address that answered, or every
/// failure when none did.
pub async fn fetch_first(urls: &[String]) -> Result<(Vec<u8>, String), Vec<NetError>> {
    let mut errors = Vec::new();
    for url in urls {
        match fetch_bytes(url).await {
            Ok(bytes) => return Ok((bytes, url.clone())),
            Err(e) => errors.push(e),
        }
    }
    Err(errors)
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
