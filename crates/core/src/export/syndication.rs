//! Atom and RSS 2.0 history feeds of incidents, in the spirit of Statuspage's
//! `history.atom` / `history.rss`, so feed readers can follow a Statuslight page and
//! [`crate::formats::atom`] reads them back.
//!
//! # Rules
//! - One entry per incident that started by `now`, newest first. Its link is the page's
//!   hash route `#/incident/<id>` ([`super::incident_link`]); the Atom `id` and RSS
//!   `guid` are that link when the page has an address, else
//!   `urn:statuslight:incident:<id>`.
//! - The body is escaped HTML, one paragraph per update, newest first:
//!   `<p><small>May <var data-var='date'>5</var>, 2021 - <var data-var='time'>13:00</var>
//!   UTC</small><br><strong>Resolved</strong> - text</p>`. Times are printed in UTC with
//!   their year, so a reader never has to guess it; labels are Statuspage's English stage
//!   names (a machine-readable convention, whatever the text's language); update text is
//!   plain text, escaped, with line breaks as `<br>`. A last paragraph "This incident
//!   affected: A, B, and C." names the touched components in the feed's language.
//! - Atom `published` is the incident's start, `updated` its latest update or
//!   resolution; RSS `pubDate` is the latter. The feed's own date is the feed's
//!   `updated_at`, else its latest entry's, else `now`.

use chrono::{DateTime, Datelike, Utc};

use super::{component_name, incident_link, output_lang, page_base, rfc3339, text_in, xml_escape};
use crate::i18n::Lang;
use crate::model::{Feed, Incident, UpdateStatus};

/// The Atom history feed, in `lang` (else the page's first language).
pub fn atom(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> String {
    let lang = output_lang(feed, lang);
    let base = page_base(feed);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<feed xml:lang=\"{}\" xmlns=\"http://www.w3.org/2005/Atom\">\n",
        xml_escape(&lang)
    ));
    let feed_id = match &base {
        Some(b) => format!("{b}history.atom"),
        None => "urn:statuslight:history".to_string(),
    };
    s.push_str(&format!("  <id>{}</id>\n", xml_escape(&feed_id)));
    if let Some(b) = &base {
        s.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(b)
        ));
        s.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}history.atom\"/>\n",
            xml_escape(b)
        ));
    }
    s.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&feed_title(feed, &lang))
    ));
    s.push_str(&format!(
        "  <updated>{}</updated>\n",
        rfc3339(feed_date(feed, now))
    ));
    s.push_str(&format!(
        "  <author>\n    <name>{}</name>\n  </author>\n",
        xml_escape(&page_name(feed, &lang))
    ));
    for i in entries(feed, now) {
        let link = incident_link(feed, &i.id);
        s.push_str("  <entry>\n");
        s.push_str(&format!(
            "    <id>{}</id>\n",
            xml_escape(&entry_id(feed, &i.id))
        ));
        s.push_str(&format!(
            "    <published>{}</published>\n",
            rfc3339(i.started_at)
        ));
        s.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339(last_change(i))
        ));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        s.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&text_in(&i.title, &lang))
        ));
        s.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&timeline_html(feed, i, &lang))
        ));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// The RSS 2.0 history feed, in `lang` (else the page's first language).
pub fn rss(feed: &Feed, now: DateTime<Utc>, lang: Option<&str>) -> String {
    let lang = output_lang(feed, lang);
    let base = page_base(feed);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n");
    s.push_str("  <channel>\n");
    s.push_str(&format!(
        "    <title>{}</title>\n",
        xml_escape(&feed_title(feed, &lang))
    ));
    s.push_str(&format!(
        "    <link>{}</link>\n",
        xml_escape(base.as_deref().unwrap_or("./"))
    ));
    if let Some(b) = &base {
        s.push_str(&format!(
            "    <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{}history.rss\"/>\n",
            xml_escape(b)
        ));
    }
    s.push_str(&format!(
        "    <description>{}</description>\n",
        xml_escape(&feed_title(feed, &lang))
    ));
    s.push_str(&format!("    <language>{}</language>\n", xml_escape(&lang)));
    let date = feed_date(feed, now).to_rfc2822();
    s.push_str(&format!("    <pubDate>{date}</pubDate>\n"));
    s.push_str(&format!("    <lastBuildDate>{date}</lastBuildDate>\n"));
    for i in entries(feed, now) {
        let link = incident_link(feed, &i.id);
        let guid = entry_id(feed, &i.id);
        s.push_str("    <item>\n");
        s.push_str(&format!(
            "      <title>{}</title>\n",
            xml_escape(&text_in(&i.title, &lang))
        ));
        s.push_str(&format!(
            "      <description>{}</description>\n",
            xml_escape(&timeline_html(feed, i, &lang))
        ));
        s.push_str(&format!(
            "      <pubDate>{}</pubDate>\n",
            last_change(i).to_rfc2822()
        ));
        s.push_str(&format!("      <link>{}</link>\n", xml_escape(&link)));
        s.push_str(&format!(
            "      <guid isPermaLink=\"{}\">{}</guid>\n",
            guid == link,
            xml_escape(&guid)
        ));
        s.push_str("    </item>\n");
    }
    s.push_str("  </channel>\n</rss>\n");
    s
}

/// Incidents that started by `now`, newest first.
pub(crate) fn entries(feed: &Feed, now: DateTime<Utc>) -> Vec<&Incident> {
    let mut list: Vec<&Incident> = feed
        .incidents
        .iter()
        .filter(|i| i.started_at <= now)
        .collect();
    crate::formats::statuslight::sort_incidents(&mut list);
    list
}

/// The latest of an incident's start, updates and resolution.
pub(crate) fn last_change(i: &Incident) -> DateTime<Utc> {
    i.updates
        .iter()
        .map(|u| u.at)
        .chain(i.resolved_at)
        .fold(i.started_at, DateTime::max)
}

/// The feed's own date: its `updated_at`, else its latest entry's, else `now`.
pub(crate) fn feed_date(feed: &Feed, now: DateTime<Utc>) -> DateTime<Utc> {
    feed.updated_at
        .or_else(|| entries(feed, now).iter().map(|i| last_change(i)).max())
        .unwrap_or(now)
}

pub(crate) fn entry_id(feed: &Feed, id: &str) -> String {
    match page_base(feed) {
        Some(_) => incident_link(feed, id),
        None => format!(
            "urn:statuslight:incident:{}",
            super::percent_encode_segment(id)
        ),
    }
}

fn page_name(feed: &Feed, lang: &str) -> String {
    let n = text_in(&feed.page.name, lang);
    if n.trim().is_empty() {
        "Statuslight".to_string()
    } else {
        n
    }
}

pub(crate) fn feed_title(feed: &Feed, lang: &str) -> String {
    let m = Lang::from_tag(lang).unwrap_or(Lang::En).messages();
    format!("{} - {}", page_name(feed, lang), m.incidents)
}

/// Statuspage's English name for a stage.
pub fn stage_label(s: &UpdateStatus) -> &str {
    match s {
        UpdateStatus::Investigating => "Investigating",
        UpdateStatus::Identified => "Identified",
        UpdateStatus::Monitoring => "Monitoring",
        UpdateStatus::Resolved => "Resolved",
        UpdateStatus::Postmortem => "Postmortem",
        UpdateStatus::Scheduled => "Scheduled",
        UpdateStatus::InProgress => "In progress",
        UpdateStatus::Verifying => "Verifying",
        UpdateStatus::Completed => "Completed",
        UpdateStatus::Update => "Update",
        UpdateStatus::Unknown(raw) => raw,
    }
}

/// The English month abbreviations of RFC 5322 dates: written into the timelines here,
/// read back in HTTP-dates by `refresh::parse_http_date` and in RSS dates by
/// `formats::rfc2822`.
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Plain text as HTML: escaped, line breaks as `<br>`.
pub(crate) fn text_html(text: &str) -> String {
    xml_escape(text.trim())
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// An incident's timeline as HTML, newest first, by the rules in the module docs.
pub fn timeline_html(feed: &Feed, i: &Incident, lang: &str) -> String {
    let mut html = String::new();
    for u in i.updates.iter().rev() {
        let t = u.at;
        html.push_str(&format!(
            "<p><small>{} <var data-var='date'>{}</var>, {} - <var data-var='time'>{}</var> UTC</small><br><strong>{}</strong> - {}</p>",
            MONTHS[t.month0() as usize],
            t.day(),
            t.year(),
            t.format("%H:%M"),
            xml_escape(stage_label(&u.status)),
            text_html(&text_in(&u.body, lang)),
        ));
    }
    if !i.components.is_empty() {
        let names: Vec<String> = i
            .components
            .iter()
            .map(|c| component_name(feed, c, lang))
            .collect();
        html.push_str(&format!(
            "<p>This incident affected: {}.</p>",
            xml_escape(&sentence(&names))
        ));
    }
    html
}

/// `A`, `A and B`, `A, B, and C` (the serial comma, as Statuspage prints it and
/// [`crate::formats::atom`] splits it).
fn sentence(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{atom as atom_in, statuslight};

    const FEED: &str = r#"{
      "version": "statuslight/1",
      "updated_at": "2021-01-02T00:00:00Z",
      "page": {"name": "Sample & Co", "url": "https://status.example.com/", "languages": ["en"]},
      "components": [{"id": "msg", "name": "Messaging"}, {"id": "calls", "name": "Calls <voice>"}],
      "incidents": [
        {"id": "a", "title": "Calls & messages down", "impact": "critical",
         "components": [
           {"id": "msg", "severity": "major_outage", "from": "2020-12-31T23:50:00Z", "to": "2021-01-01T01:00:00Z"},
           {"id": "calls", "severity": "major_outage", "from": "2020-12-31T23:50:00Z", "to": "2021-01-01T01:00:00Z"}
         ],
         "updates": [
           {"status": "investigating", "at": "2020-12-31T23:55:00Z", "body": "Looking <b>now</b>\nsecond line"},
           {"status": "resolved", "at": "2021-01-01T01:00:00Z", "body": "Done"}
         ]},
        {"id": "b", "title": "Older", "impact": "minor",
         "updates": [{"status": "investigating", "at": "2020-06-01T10:00:00Z", "body": "Hm"}]}
      ]
    }"#;

    fn now() -> DateTime<Utc> {
        "2021-01-04T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn atom_reads_back_through_the_atom_adapter() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let xml = atom(&feed, now(), None);
        let back = atom_in::parse_atom(xml.as_bytes()).unwrap();
        assert_eq!(back.page.name.get("en"), "Sample & Co - Incidents");
        assert_eq!(back.incidents.len(), 2);
        let a = &back.incidents[0];
        assert_eq!(a.id, "https://status.example.com/#/incident/a");
        assert_eq!(a.title.get("en"), "Calls & messages down");
        assert_eq!(a.started_at, feed.incidents[0].updates[0].at);
        assert_eq!(a.resolved_at, feed.incidents[0].resolved_at);
        assert_eq!(a.updates.len(), 2);
        assert_eq!(a.updates[0].status, UpdateStatus::Investigating);
        assert_eq!(
            a.updates[0].body.get("en"),
            "Looking <b>now</b>\nsecond line"
        );
        assert_eq!(a.components, ["Messaging", "Calls <voice>"]);
    }

    #[test]
    fn rss_reads_back_through_the_rss_adapter() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let xml = rss(&feed, now(), None);
        let back = atom_in::parse_rss(xml.as_bytes()).unwrap();
        assert_eq!(back.incidents.len(), 2);
        for (a, b) in feed.incidents.iter().zip(&back.incidents) {
            let times: Vec<_> = a.updates.iter().map(|u| u.at).collect();
            let back_times: Vec<_> = b.updates.iter().map(|u| u.at).collect();
            assert_eq!(times, back_times);
            assert_eq!(b.status, a.status);
        }
    }

    #[test]
    fn future_incidents_are_left_out() {
        let feed = statuslight::parse(FEED.as_bytes()).unwrap();
        let early: DateTime<Utc> = "2020-07-01T00:00:00Z".parse().unwrap();
        let xml = atom(&feed, early, None);
        assert_eq!(xml.matches("<entry>").count(), 1);
    }
}
