//! A [JSON Feed 1.1](https://www.jsonfeed.org/version/1.1/) of incidents: the same entries
//! as the Atom and RSS feeds ([`super::syndication`]), for readers that prefer JSON.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::syndication::{entries, entry_id, feed_title, last_change, timeline_html};
use super::{incident_link, output_lang, page_base, rfc3339, text_in};
use crate::model::Feed;

/// The JSON Feed, in `lang` (else the page's first language). `feed_name` is the file's
/// name beside the page (for `feed_url`).
pub fn json_feed(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>, feed_name: &str) -> String {
    let lang = output_lang(feed, lang);
    let base = page_base(feed);
    let items: Vec<Value> = entries(feed, now)
        .into_iter()
        .map(|i| {
            let text: Vec<String> = i
                .updates
                .iter()
                .rev()
                .map(|u| {
                    format!(
                        "{} {}: {}",
                        rfc3339(u.at),
                        super::syndication::stage_label(&u.status),
                        text_in(&u.body, &lang).trim()
                    )
                })
                .collect();
            json!({
                "id": entry_id(feed, &i.id),
                "url": incident_link(feed, &i.id),
                "title": text_in(&i.title, &lang),
                "content_html": timeline_html(feed, i, &lang),
                "content_text": text.join("\n\n"),
                "date_published": rfc3339(i.started_at),
                "date_modified": rfc3339(last_change(i)),
                "tags": [i.impact.as_wire(), i.status.as_wire()],
            })
        })
        .collect();
    let mut doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title(feed, &lang),
        "language": lang,
        "items": items,
    });
    if let Some(b) = base {
        doc["home_page_url"] = json!(b);
        doc["feed_url"] = json!(format!("{b}{feed_name}"));
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::statuslight;

    #[test]
    fn items_carry_the_required_fields_newest_first() {
        let feed = statuslight::parse(
            br#"{"version": "statuslight/1", "page": {"name": "P", "url": "https://s.example"},
                 "incidents": [
                   {"id": "old", "title": "Old", "impact": "minor", "started_at": "2020-01-01T00:00:00Z"},
                   {"id": "new", "title": "New", "impact": "major",
                    "updates": [{"status": "investigating", "at": "2020-02-01T00:00:00Z", "body": "x"}]}
                 ]}"#,
        )
        .unwrap();
        let now = "2021-01-01T00:00:00Z".parse().unwrap();
        let v: Value = serde_json::from_str(&json_feed(&feed, now, None, "history.json")).unwrap();
        assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(v["feed_url"], "https://s.example/history.json");
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["id"], "https://s.example/#/incident/new");
        assert_eq!(items[0]["date_published"], "2020-02-01T00:00:00Z");
        assert!(items.iter().all(|i| i["content_html"].is_string()));
    }
}
