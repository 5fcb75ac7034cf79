//! What one widget shows, computed from the feed without touching the browser: the
//! overall line, the chosen components with a 30-day bar, open incidents, the badges and
//! whether the widget should hide. Built on the core's view models
//! ([`statuslight_core::present`]) so the widget and the page never disagree.

use chrono::{DateTime, Utc};
use statuslight_core::config::Config;
use statuslight_core::export::badge::{level_colour, status_colour, text_width};
use statuslight_core::i18n::Lang;
use statuslight_core::present::{self, bucket_class, ComponentRow, Settings};
use statuslight_core::status;
use statuslight_core::uptime::UptimeIndex;
use statuslight_core::{Feed, Zone};

use super::options::Options;

/// Days in the widget's bars.
pub const BAR_DAYS: u32 = 30;

/// The widget's own words (the rest come from [`statuslight_core::i18n`]).
pub struct WidgetWords {
    pub full_page: &'static str,
    pub dismiss: &'static str,
    pub unknown_component: &'static str,
}

/// The widget's own words in `lang`.
pub fn words(lang: Lang) -> &'static WidgetWords {
    match lang {
        Lang::Ko => &WidgetWords {
            full_page: "전체 상태 페이지",
            dismiss: "닫기",
            unknown_component: "알 수 없는 구성 요소",
        },
        Lang::En => &WidgetWords {
            full_page: "Full status page",
            dismiss: "Dismiss",
            unknown_component: "Unknown component",
        },
    }
}

/// One component of the widget.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetRow {
    pub id: String,
    pub name: String,
    /// `operational`, `maintenance`, `degraded`, `partial`, `major` or `unknown`.
    pub status_key: &'static str,
    pub status_label: String,
    /// "99.89% uptime" over the bar's days.
    pub uptime: String,
    /// For screen readers: "Messaging: daily status for the last 30 days".
    pub bar_label: String,
    /// Oldest first: (CSS class suffix such as `no-downtime`, what the day says).
    pub days: Vec<(String, String)>,
}

/// An open incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetIncident {
    pub title: String,
    /// Its detail view on the full page.
    pub href: String,
    pub impact_key: &'static str,
    pub status_label: String,
    /// The latest update as plain text.
    pub latest: Option<String>,
}

/// A flat badge, drawn with the same colours and width rules as the CLI's SVG badges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadgeView {
    pub label: String,
    pub message: String,
    pub colour: &'static str,
    /// "Messaging: Operational", for `aria-label` and the tooltip.
    pub title: String,
    pub label_width: u32,
    pub message_width: u32,
}

impl BadgeView {
    fn new(label: String, message: String, colour: &'static str) -> BadgeView {
        BadgeView {
            title: format!("{label}: {message}"),
            label_width: text_width(&label) + 10,
            message_width: text_width(&message) + 10,
            label,
            message,
            colour,
        }
    }

    pub fn width(&self) -> u32 {
        self.label_width + self.message_width
    }
}

/// Everything one widget renders.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetView {
    pub lang: Lang,
    /// The page's name.
    pub title: String,
    /// The page's overall level key and headline ("All systems operational").
    pub level_key: &'static str,
    pub headline: String,
    /// "Voice calls, Video calls: Major outage"; `None` when all is well.
    pub summary: Option<String>,
    /// For an archived snapshot: the moment it shows.
    pub as_of: Option<String>,
    pub rows: Vec<WidgetRow>,
    pub incidents: Vec<WidgetIncident>,
    pub badges: Vec<BadgeView>,
    /// True when the chosen components (or, with none chosen, the page) are operational:
    /// `hide-when-operational` widgets and banners then show nothing.
    pub operational: bool,
    /// What dismissing the banner dismisses: the open incidents (so a new incident brings
    /// the banner back), else the level.
    pub dismiss_key: String,
    /// The full page, for links.
    pub page_url: String,
}

fn find<'a>(rows: &'a [ComponentRow], id: &str) -> Option<&'a ComponentRow> {
    rows.iter()
        .find_map(|r| (r.id == id).then_some(r).or_else(|| find(&r.children, id)))
}

/// The zone the page cuts days in: the configuration's, else the feed's.
pub fn page_zone(feed: &Feed, config: &Config) -> Zone {
    config
        .time_zone
        .as_deref()
        .and_then(present::parse_zone)
        .unwrap_or_else(|| present::page_zone(feed))
}

/// `url` when it is an http(s) or relative address, else the document's directory: a
/// widget never writes a `javascript:` link, whatever its `src` says.
fn safe_link(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && scheme != "http" && scheme != "https" => {
            "./".to_string()
        }
        _ => url.trim().to_string(),
    }
}

/// Build a widget's view of `feed` at `fetched_at` (a snapshot shows its own moment).
pub fn widget_view(
    feed: &Feed,
    config: &Config,
    options: &Options,
    lang: Lang,
    fetched_at: DateTime<Utc>,
) -> WidgetView {
    let at = present::shown_at(feed, fetched_at);
    let settings = Settings {
        lang,
        tz: page_zone(feed, config),
        window_days: BAR_DAYS,
        precision: config.uptime_precision,
        uptime: config.uptime.clone(),
    };
    let m = lang.messages();
    let index = UptimeIndex::new(feed, at);
    let page = present::status_view(feed, &index, &settings);
    let page_url = safe_link(&options.page_url());
    let chosen: Vec<ComponentRow> = if options.components.is_empty() {
        page.components.clone()
    } else {
        options
            .components
            .iter()
            .map(|id| {
                find(&page.components, id).cloned().unwrap_or(ComponentRow {
                    id: id.clone(),
                    name: id.clone(),
                    description: Some(words(lang).unknown_component.to_string()),
                    status_key: "unknown",
                    status_label: m.status_unknown,
                    bar: None,
                    children: Vec::new(),
                })
            })
            .collect()
    };
    let rows: Vec<WidgetRow> = chosen
        .iter()
        .map(|r| WidgetRow {
            id: r.id.clone(),
            name: r.name.clone(),
            status_key: r.status_key,
            status_label: r.status_label.to_string(),
            uptime: r.bar.as_ref().map(|b| b.uptime.clone()).unwrap_or_default(),
            bar_label: r.bar.as_ref().map(|b| b.label.clone()).unwrap_or_default(),
            days: r
                .bar
                .as_ref()
                .map(|b| {
                    b.days
                        .iter()
                        .map(|d| (bucket_class(d.bucket), d.aria_label.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    let overall = status::overall(feed, at);
    let operational = if options.components.is_empty() {
        page.banner.level_key == "operational"
    } else {
        rows.iter().all(|r| r.status_key == "operational")
    };
    let badges = if options.components.is_empty() {
        let label = if page.title.trim().is_empty() {
            "status".to_string()
        } else {
            page.title.clone()
        };
        vec![BadgeView::new(
            label,
            page.banner.headline.clone(),
            level_colour(overall.level),
        )]
    } else {
        rows.iter()
            .map(|r| {
                let colour = feed
                    .component(&r.id)
                    .map(|c| status_colour(&status::status_of(feed, c, at)))
                    .unwrap_or("#616161");
                BadgeView::new(r.name.clone(), r.status_label.clone(), colour)
            })
            .collect()
    };
    let mut open: Vec<&str> = overall.open_incidents.iter().map(String::as_str).collect();
    statuslight_core::order::sort(&mut open);
    let dismiss_key = if open.is_empty() {
        format!("level:{}", page.banner.level_key)
    } else {
        open.join(",")
    };
    WidgetView {
        lang,
        title: page.title.clone(),
        level_key: page.banner.level_key,
        headline: page.banner.headline.clone(),
        summary: page.banner.summary.clone(),
        as_of: page.as_of.clone(),
        rows,
        incidents: page
            .active
            .iter()
            .map(|a| WidgetIncident {
                title: a.title.clone(),
                href: format!("{page_url}{}", a.href),
                impact_key: a.impact_key,
                status_label: a.status_label.clone(),
                latest: a.latest.as_ref().map(|u| u.body.clone()),
            })
            .collect(),
        badges,
        operational,
        dismiss_key,
        page_url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statuslight_core::parse_feed;

    fn demo() -> Feed {
        parse_feed(include_bytes!("../../public/demo/feed.json")).expect("the demo feed reads")
    }

    /// Long after the snapshot, which shows its own moment anyway.
    fn later() -> DateTime<Utc> {
        "2030-01-01T00:00:00Z".parse().expect("instant")
    }

    fn options(components: &[&str]) -> Options {
        Options {
            src: "https://status.example.com/".to_string(),
            components: components.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        }
    }

    #[test]
    fn the_demo_snapshot_is_operational_with_30_day_bars() {
        let feed = demo();
        let v = widget_view(
            &feed,
            &Config::default(),
            &options(&["messaging", "calls", "nope"]),
            Lang::En,
            later(),
        );
        assert_eq!(v.headline, "All systems operational");
        assert_eq!(v.level_key, "operational");
        let ids: Vec<&str> = v.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["messaging", "calls", "nope"]);
        assert_eq!(v.rows[0].status_label, "Operational");
        assert_eq!(v.rows[0].days.len(), BAR_DAYS as usize);
        assert!(v.rows[0].days.iter().any(|(class, _)| class == "major"));
        assert_eq!(v.rows[2].status_key, "unknown");
        assert!(v.rows[2].days.is_empty());
        // An unknown component is not operational, so the widget does not hide.
        assert!(!v.operational);
        assert_eq!(v.badges.len(), 3);
        assert_eq!(v.badges[0].title, "Messaging: Operational");
        assert_eq!(v.badges[0].colour, "#2e7d32");
        assert!(v.incidents.is_empty());
        assert_eq!(v.dismiss_key, "level:operational");
    }

    #[test]
    fn during_the_outage_the_widget_shows_it_and_links_the_incident() {
        let mut feed = demo();
        // 2021-05-05 23:00 KST, in the middle of the login/messaging/calls outage.
        feed.as_of = Some("2021-05-05T14:00:00Z".parse().expect("instant"));
        let v = widget_view(
            &feed,
            &Config::default(),
            &options(&["messaging"]),
            Lang::Ko,
            later(),
        );
        assert_ne!(v.level_key, "operational");
        assert!(!v.operational);
        assert_eq!(v.rows[0].status_key, "major");
        assert_eq!(v.incidents.len(), 1);
        assert_eq!(
            v.incidents[0].href,
            "https://status.example.com/#/incident/2021-05-05-server-overload"
        );
        assert_eq!(v.dismiss_key, "2021-05-05-server-overload");
        assert_eq!(v.badges[0].colour, level_colour(status::Level::MajorOutage));
        // Gifting was fine then: a widget for it alone hides when asked to.
        let gifting = widget_view(
            &feed,
            &Config::default(),
            &options(&["gifting"]),
            Lang::En,
            later(),
        );
        assert!(gifting.operational);
    }

    #[test]
    fn links_never_carry_a_script() {
        assert_eq!(safe_link("javascript:alert(1)"), "./");
        assert_eq!(
            safe_link("https://s.example.com/"),
            "https://s.example.com/"
        );
        assert_eq!(safe_link("/status/"), "/status/");
    }
}
