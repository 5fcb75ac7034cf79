//! What one widget shows, picked from the page's summary without touching the browser:
//! the overall line, the chosen components with a 30-day bar, open incidents, the badges
//! and whether the widget should hide. The summary ([`statuslight_core::present::widget`])
//! is built on the core's view models, so the widget and the page never disagree.

use statuslight_core::export::badge::{text_width, UNKNOWN_COLOUR};
use statuslight_core::i18n::Lang;
use statuslight_core::present::widget::{SummaryComponent, WidgetSummary, BAR_DAYS};

use super::options::Options;

/// The widget's own words (the rest come with the summary). `loading` and `load_failed`
/// say what the page's `i18n::Messages` say; the widget has its own copy so that it does
/// not link the page's messages.
pub struct WidgetWords {
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub full_page: &'static str,
    pub dismiss: &'static str,
}

/// The widget's own words in `lang`.
pub fn words(lang: Lang) -> &'static WidgetWords {
    match lang {
        Lang::Ko => &WidgetWords {
            loading: "현재 상태를 불러오는 중…",
            load_failed: "상태를 불러오지 못했습니다.",
            full_page: "전체 상태 페이지",
            dismiss: "닫기",
        },
        Lang::En => &WidgetWords {
            loading: "Loading the current status…",
            load_failed: "The status could not be loaded.",
            full_page: "Full status page",
            dismiss: "Dismiss",
        },
    }
}

/// One component of the widget.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetRow {
    pub id: String,
    pub name: String,
    /// `operational`, `maintenance`, `degraded`, `partial`, `major` or `unknown`.
    pub status_key: String,
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
    pub impact_key: String,
    pub status_label: String,
    /// The latest update as plain text.
    pub latest: Option<String>,
}

/// A flat badge, drawn with the same colours and width rules as the CLI's SVG badges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadgeView {
    pub label: String,
    pub message: String,
    pub colour: String,
    /// "Messaging: Operational", for `aria-label` and the tooltip.
    pub title: String,
    pub label_width: u32,
    pub message_width: u32,
}

impl BadgeView {
    fn new(label: String, message: String, colour: String) -> BadgeView {
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
    pub level_key: String,
    pub headline: String,
    /// "Voice calls, Video calls: Major outage"; `None` when all is well.
    pub summary: Option<String>,
    /// For an archived snapshot: "Archived snapshot: …" and the moment it shows.
    pub as_of: Option<(String, String)>,
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

/// The row of `c` on the day `offset` days after the summary's own.
fn row(c: &SummaryComponent, offset: usize) -> WidgetRow {
    let days = c
        .days
        .get(offset..offset + BAR_DAYS as usize)
        .map(<[_]>::to_vec)
        .unwrap_or_default();
    WidgetRow {
        id: c.id.clone(),
        name: c.name.clone(),
        status_key: c.status.clone(),
        status_label: c.status_label.clone(),
        uptime: c.uptimes.get(offset).cloned().unwrap_or_default(),
        bar_label: c.bar_label.clone(),
        days,
    }
}

/// Build a widget's view from the page's `summary` in `lang` at `now_ms` (which of the
/// summary's days is today).
pub fn widget_view(
    summary: &WidgetSummary,
    options: &Options,
    lang: Lang,
    now_ms: i64,
) -> Option<WidgetView> {
    let view = summary.view(lang).or_else(|| summary.views.first())?;
    let lang = Lang::from_tag(&view.lang).unwrap_or(lang);
    let offset = summary.day_offset(now_ms);
    let page_url = safe_link(&options.page_url());
    // The components asked for (the page's top-level ones when none are), each with what
    // the summary knows of it: nothing for an id the page does not have.
    let chosen: Vec<(&str, Option<&SummaryComponent>)> = if options.components.is_empty() {
        view.components
            .iter()
            .filter(|c| c.top)
            .map(|c| (c.id.as_str(), Some(c)))
            .collect()
    } else {
        options
            .components
            .iter()
            .map(|id| (id.as_str(), view.components.iter().find(|c| &c.id == id)))
            .collect()
    };
    let rows: Vec<WidgetRow> = chosen
        .iter()
        .map(|(id, c)| match c {
            Some(c) => row(c, offset),
            None => WidgetRow {
                id: id.to_string(),
                name: id.to_string(),
                status_key: "unknown".to_string(),
                status_label: view.unknown.clone(),
                uptime: String::new(),
                bar_label: String::new(),
                days: Vec::new(),
            },
        })
        .collect();
    let operational = if options.components.is_empty() {
        summary.level == "operational"
    } else {
        rows.iter().all(|r| r.status_key == "operational")
    };
    let badges = if options.components.is_empty() {
        let label = if view.title.trim().is_empty() {
            "status".to_string()
        } else {
            view.title.clone()
        };
        vec![BadgeView::new(
            label,
            view.headline.clone(),
            summary.colour.clone(),
        )]
    } else {
        rows.iter()
            .zip(&chosen)
            .map(|(r, (_, c))| {
                let colour = c.map_or(UNKNOWN_COLOUR, |c| c.colour.as_str());
                BadgeView::new(r.name.clone(), r.status_label.clone(), colour.to_string())
            })
            .collect()
    };
    let dismiss_key = if summary.open.is_empty() {
        format!("level:{}", summary.level)
    } else {
        summary.open.join(",")
    };
    Some(WidgetView {
        lang,
        title: view.title.clone(),
        level_key: summary.level.clone(),
        headline: view.headline.clone(),
        summary: view.summary.clone(),
        as_of: view.as_of.clone(),
        rows,
        incidents: view
            .incidents
            .iter()
            .map(|i| WidgetIncident {
                title: i.title.clone(),
                href: format!("{page_url}{}", i.href),
                impact_key: i.impact.clone(),
                status_label: i.status_label.clone(),
                latest: i.latest.clone(),
            })
            .collect(),
        badges,
        operational,
        dismiss_key,
        page_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use statuslight_core::config::Config;
    use statuslight_core::export::badge::level_colour;
    use statuslight_core::present::widget::{widget_summary, AHEAD_DAYS};
    use statuslight_core::status::Level;
    use statuslight_core::{parse_feed, Feed};

    fn demo() -> Feed {
        parse_feed(include_bytes!("../../public/demo/feed.json")).expect("the demo feed reads")
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    /// Long after the snapshot, which shows its own moment anyway.
    fn later() -> i64 {
        t("2030-01-01T00:00:00Z").timestamp_millis()
    }

    fn options(components: &[&str]) -> Options {
        Options {
            src: "https://status.example.com/".to_string(),
            components: components.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        }
    }

    fn view(summary: &WidgetSummary, components: &[&str], lang: Lang, now: i64) -> WidgetView {
        widget_view(summary, &options(components), lang, now).expect("a view")
    }

    #[test]
    fn the_demo_snapshot_is_operational_with_30_day_bars() {
        let s = widget_summary(
            &demo(),
            &Config::default(),
            t("2030-01-01T00:00:00Z"),
            AHEAD_DAYS,
        );
        let v = view(&s, &["messaging", "calls", "nope"], Lang::En, later());
        assert_eq!(v.headline, "All systems operational");
        assert_eq!(v.level_key, "operational");
        let ids: Vec<&str> = v.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["messaging", "calls", "nope"]);
        assert_eq!(v.rows[0].status_label, "Operational");
        assert_eq!(v.rows[0].days.len(), BAR_DAYS as usize);
        assert!(v.rows[0].days.iter().any(|(class, _)| class == "major"));
        assert_eq!(v.rows[2].status_key, "unknown");
        assert_eq!(v.rows[2].status_label, s.views[1].unknown);
        assert!(v.rows[2].days.is_empty());
        // An unknown component is not operational, so the widget does not hide.
        assert!(!v.operational);
        assert_eq!(v.badges.len(), 3);
        assert_eq!(v.badges[0].title, "Messaging: Operational");
        assert_eq!(v.badges[0].colour, "#2e7d32");
        assert_eq!(v.badges[2].colour, "#616161");
        assert!(v.incidents.is_empty());
        assert_eq!(v.dismiss_key, "level:operational");
        // No components named: the page's top-level ones, and one badge for the page.
        let all = view(&s, &[], Lang::Ko, later());
        let tops: Vec<&str> = all.rows.iter().map(|r| r.id.as_str()).collect();
        assert!(tops.contains(&"calls") && !tops.contains(&"voice-calls"));
        assert_eq!(all.badges.len(), 1);
        assert_eq!(all.badges[0].label, all.title);
        assert!(all.operational);
    }

    #[test]
    fn during_the_outage_the_widget_shows_it_and_links_the_incident() {
        let mut feed = demo();
        // 2021-05-05 23:00 KST, in the middle of the login/messaging/calls outage.
        feed.as_of = Some(t("2021-05-05T14:00:00Z"));
        let s = widget_summary(
            &feed,
            &Config::default(),
            t("2030-01-01T00:00:00Z"),
            AHEAD_DAYS,
        );
        let v = view(&s, &["messaging"], Lang::Ko, later());
        assert_eq!(v.lang, Lang::Ko);
        assert_ne!(v.level_key, "operational");
        assert!(!v.operational);
        assert_eq!(v.rows[0].status_key, "major");
        assert_eq!(v.incidents.len(), 1);
        assert_eq!(
            v.incidents[0].href,
            "https://status.example.com/#/incident/2021-05-05-server-overload"
        );
        assert_eq!(v.dismiss_key, "2021-05-05-server-overload");
        assert_eq!(v.badges[0].colour, level_colour(Level::MajorOutage));
        // Gifting was fine then: a widget for it alone hides when asked to.
        assert!(view(&s, &["gifting"], Lang::En, later()).operational);
    }

    #[test]
    fn days_ahead_slide_the_bars_and_the_uptime() {
        let mut feed = demo();
        feed.as_of = None;
        let s = widget_summary(
            &feed,
            &Config::default(),
            t("2021-05-20T03:00:00Z"),
            AHEAD_DAYS,
        );
        let first = view(&s, &["messaging"], Lang::En, s.at);
        let next = view(&s, &["messaging"], Lang::En, s.day_starts[30] + 1);
        assert_eq!(first.rows[0].days[1..], next.rows[0].days[..29]);
        let messaging = s
            .view(Lang::En)
            .and_then(|v| v.components.iter().find(|c| c.id == "messaging"));
        let messaging = messaging.expect("messaging");
        assert_eq!(next.rows[0].uptime, messaging.uptimes[1]);
        assert_eq!(next.rows[0].days[29], messaging.days[30]);
        // Past the last day ahead the bars stay on it (the summary has expired by then).
        let last = view(&s, &["messaging"], Lang::En, i64::MAX);
        assert_eq!(last.rows[0].days[29], messaging.days[59]);
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
