//! The summary module: what the widget shows, computed in the browser from the
//! configuration and the feeds, for a page whose published summary
//! (`statuslight.widget.json`, [`statuslight_core::present::widget`]) is missing, expired
//! or was computed from other bytes. The widget's own wasm holds no feed reader and no
//! uptime engine; it loads this module only then (`src/widget/source.rs`). `make dist`
//! builds it (`scripts/module.sh summary`). It answers in JSON, the summary's published
//! form, or `{"error": "…"}`.

use chrono::DateTime;
use statuslight_core::present::widget;
use wasm_bindgen::prelude::*;

/// The summary of the configuration `config` and its feeds' bodies (`bytes` cut at
/// `lengths`, in the configuration's order) at `now_ms` (milliseconds since the epoch).
#[wasm_bindgen]
pub fn summarize(config: &[u8], bytes: &[u8], lengths: &[u32], now_ms: f64) -> String {
    answer(bodies(bytes, lengths).and_then(|bodies| {
        // Native tests read zones from the core's database instead (`tzdb`).
        #[cfg(target_arch = "wasm32")]
        statuslight_intl::install();
        let now = DateTime::from_timestamp_millis(now_ms as i64)
            .ok_or_else(|| format!("{now_ms} is not a moment"))?;
        widget::summarize(config, &bodies, now)
    }))
}

/// `bytes` cut into consecutive bodies of `lengths`.
fn bodies<'a>(bytes: &'a [u8], lengths: &[u32]) -> Result<Vec<&'a [u8]>, String> {
    let mut rest = bytes;
    let mut out = Vec::with_capacity(lengths.len());
    for n in lengths {
        let n = *n as usize;
        if n > rest.len() {
            return Err("the feed bodies are shorter than their lengths".to_string());
        }
        let (body, tail) = rest.split_at(n);
        out.push(body);
        rest = tail;
    }
    if rest.is_empty() {
        Ok(out)
    } else {
        Err("the feed bodies are longer than their lengths".to_string())
    }
}

fn answer<T: serde::Serialize>(result: Result<T, String>) -> String {
    let json = match &result {
        Ok(value) => serde_json::to_string(value),
        Err(why) => serde_json::to_string(&serde_json::json!({ "error": why })),
    };
    json.unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &[u8] = include_bytes!("../../../public/statuslight.json");
    const FEED: &[u8] = include_bytes!("../../../public/demo/feed.json");

    #[test]
    fn summarizes_in_json() {
        let s: serde_json::Value =
            serde_json::from_str(&summarize(CONFIG, FEED, &[FEED.len() as u32], 1.9e12))
                .expect("JSON");
        assert_eq!(s["version"], widget::SUMMARY_VERSION);
        assert_eq!(s["views"][1]["headline"], "All systems operational");
    }

    #[test]
    fn says_what_is_wrong() {
        let e: serde_json::Value =
            serde_json::from_str(&summarize(b"[", b"", &[], 0.0)).expect("JSON");
        assert!(e["error"].is_string());
        assert!(summarize(CONFIG, FEED, &[3], 0.0).contains("longer than their lengths"));
        assert!(summarize(CONFIG, FEED, &[FEED.len() as u32 + 1], 0.0).contains("shorter"));
    }
}
