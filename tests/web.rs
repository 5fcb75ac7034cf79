//! Browser tests: mount the page's components in headless Chromium and assert on the DOM.
//! Run with `make test-web` (wasm-bindgen-test-runner through chromedriver).
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use statuslight::ui::{App, FeedLoad, Loaded, Prefs, StatusPage};
use statuslight_core::config::Config;
use statuslight_core::formats::parse_feeds;
use statuslight_core::i18n::Lang;
use statuslight_core::present::ZoneChoice;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A snapshot taken during a calls outage that crossed midnight in Seoul.
const FEED: &str = r#"{
  "version": "statuslight/1",
  "as_of": "2021-05-05T15:10:00Z",
  "page": {"name": {"ko": "테스트 상태", "en": "Test Status"}, "time_zone": "Asia/Seoul",
           "notice": {"en": "Made up for a test.", "ko": "테스트용입니다."}},
  "components": [
    {"id": "login", "name": {"ko": "로그인", "en": "Login"}, "order": 1, "start_date": "2021-01-01"},
    {"id": "calls", "name": {"ko": "통화", "en": "Calls"}, "is_group": true, "order": 2},
    {"id": "voice", "name": {"ko": "음성 통화", "en": "Voice calls"}, "group": "calls", "order": 1, "start_date": "2021-01-01"},
    {"id": "video", "name": {"ko": "영상 통화", "en": "Video calls"}, "group": "calls", "order": 2, "start_date": "2021-01-01"}
  ],
  "incidents": [
    {"id": "calls-down", "title": {"ko": "통화 장애", "en": "Calls failing"}, "impact": "critical",
     "components": [{"id": "voice", "severity": "major_outage", "from": "2021-05-05T13:00:00Z"}],
     "updates": [
       {"status": "investigating", "at": "2021-05-05T13:05:00Z", "body": {"en": "We are looking into it.", "ko": "확인하고 있습니다."}},
       {"status": "identified", "at": "2021-05-05T13:30:00Z", "body": {"en": "Found it.", "ko": "원인을 찾았습니다."}}
     ]}
  ]
}"#;

/// A fresh element in the body to mount into.
fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Wait `ms` milliseconds, letting fetches and effects run.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Poll until `selector` matches inside `root`, for up to 5 s.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    for _ in 0..100 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        sleep(50).await;
    }
    panic!("{selector} never appeared; DOM: {}", root.inner_html());
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
        .unchecked_into()
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Mount the loaded page for `feeds` (read together, as the configuration would).
fn mount_page(feeds: &[&str], lang: Lang) -> (web_sys::HtmlElement, Loaded, impl Sized) {
    let root = container();
    let bytes: Vec<&[u8]> = feeds.iter().map(|f| f.as_bytes()).collect();
    let feed = parse_feeds(&bytes).unwrap();
    // Built inside the mount, where Leptos's executor runs the page's effects.
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let out = slot.clone();
    let handle = mount_to(root.clone(), move || {
        let prefs = Prefs::load(Some(lang), 90);
        prefs.lang.set(lang);
        prefs.zone.set(ZoneChoice::Page);
        let loaded = Loaded::new(
            Config::default(),
            FeedLoad {
                feed: feed.clone(),
                source: "feed.json".into(),
                base: "feed.json".into(),
                bodies: Vec::new(),
            },
            prefs,
        );
        out.set(Some(loaded));
        view! { <StatusPage loaded=loaded /> }
    });
    let loaded = slot.get().expect("the page mounted");
    (root, loaded, handle)
}

#[wasm_bindgen_test]
async fn banner_groups_and_history() {
    let (root, _loaded, _h) = mount_page(&[FEED], Lang::En);
    assert!(root.query_selector(".sl-banner--major").unwrap().is_some());
    assert_eq!(text(&root, ".sl-banner__headline"), "Major outage");
    assert_eq!(
        text(&root, ".sl-banner__summary"),
        "Voice calls: Major outage"
    );
    assert_eq!(text(&root, ".sl-active__title"), "Calls failing");
    // The group holds its children and shows its worst child's status.
    let group = find(&root, "[data-component='calls']");
    assert_eq!(
        group.query_selector_all(".sl-component").unwrap().length(),
        2
    );
    assert!(text(&root, "[data-component='calls'] .sl-status").contains("Major outage"));
    assert!(text(&root, "[data-component='video'] .sl-status").contains("Operational"));
    // Folding the group hides its children.
    find(&root, "[data-component='calls'] .sl-group-toggle").click();
    leptos::task::tick().await;
    assert_eq!(
        find(&root, "[data-component='calls'] .sl-group-toggle")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    assert!(find(&root, "#sl-children-calls").hidden());
    // The incident is in May's history, flagged as ongoing.
    assert_eq!(text(&root, ".sl-month__title"), "May 2021");
    assert!(text(&root, "#incident-calls-down .sl-incident__meta").contains("2 h 10 min (ongoing)"));
    root.remove();
}

#[wasm_bindgen_test]
async fn day_tooltips_and_keyboard() {
    let (root, _loaded, _h) = mount_page(&[FEED], Lang::En);
    // The bars follow the page's first frame.
    wait_for(&root, ".sl-day").await;
    let voice = "[data-component='voice'] .sl-bar";
    let may5 = find(&root, &format!("{voice} .sl-day[data-date='2021-05-05']"));
    assert!(may5.class_list().contains("sl-day--major"));
    // The last day is the bar's one tab stop.
    assert_eq!(
        find(&root, &format!("{voice} .sl-day[data-date='2021-05-06']")).tab_index(),
        0
    );
    may5.focus().unwrap();
    leptos::task::tick().await;
    let tip = find(&root, "[data-component='voice'] .sl-tooltip");
    let tip_text = tip.text_content().unwrap();
    assert!(tip_text.contains("May 5, 2021"), "{tip_text}");
    assert!(tip_text.contains("120 min"), "{tip_text}");
    assert!(tip_text.contains("Calls failing"), "{tip_text}");
    assert_eq!(may5.get_attribute("aria-describedby"), Some(tip.id()));
    // Arrow keys move between days; the tooltip follows focus.
    let right = web_sys::KeyboardEventInit::new();
    right.set_key("ArrowRight");
    right.set_bubbles(true);
    may5.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &right).unwrap(),
    )
    .unwrap();
    leptos::task::tick().await;
    let active = document().active_element().unwrap();
    assert_eq!(
        active.get_attribute("data-date").as_deref(),
        Some("2021-05-06")
    );
    let tip_text = text(&root, "[data-component='voice'] .sl-tooltip");
    assert!(
        tip_text.contains("May 6, 2021") && tip_text.contains("10 min"),
        "{tip_text}"
    );
    // Escape closes it.
    let esc = web_sys::KeyboardEventInit::new();
    esc.set_key("Escape");
    esc.set_bubbles(true);
    active
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &esc).unwrap(),
        )
        .unwrap();
    leptos::task::tick().await;
    assert!(root.query_selector(".sl-tooltip").unwrap().is_none());
    root.remove();
}

/// Every day has its colour (`--sl-day`, which the stylesheet paints; the test page has no
/// stylesheet): the bar's most common one inherited, the others set on the day itself (the
/// page's policy forbids style attributes), and still right after the bars are rebuilt by a
/// zone switch and back.
#[wasm_bindgen_test]
async fn day_colours_follow_the_days() {
    let (root, loaded, _h) = mount_page(&[FEED], Lang::En);
    wait_for(&root, ".sl-day").await;
    let day_colour = |el: &web_sys::Element| {
        window()
            .get_computed_style(el)
            .unwrap()
            .unwrap()
            .get_property_value("--sl-day")
            .unwrap()
            .trim()
            .to_string()
    };
    let colour = |date: &str| {
        day_colour(&find(
            &root,
            &format!("[data-component='voice'] .sl-day[data-date='{date}']"),
        ))
    };
    // The outage day differs from a quiet one, and every quiet day of the bar looks alike.
    let check = || {
        let (major, quiet) = (colour("2021-05-05"), colour("2021-05-03"));
        assert_ne!(major, quiet);
        let days = root
            .query_selector_all("[data-component='voice'] .sl-day--no-downtime")
            .unwrap();
        assert!(days.length() > 80, "{}", days.length());
        for i in 0..days.length() {
            let day: web_sys::Element = days.get(i).unwrap().unchecked_into();
            assert_eq!(
                day_colour(&day),
                quiet,
                "{:?}",
                day.get_attribute("data-date")
            );
        }
        (major, quiet)
    };
    let before = check();
    // May 6 in Seoul has the outage's last 10 minutes: a colour of its own.
    let may6 = colour("2021-05-06");
    assert!(may6 != before.0 && may6 != before.1, "{may6}");

    loaded.prefs.zone.set(ZoneChoice::Utc);
    leptos::task::tick().await;
    sleep(50).await;
    check();
    loaded.prefs.zone.set(ZoneChoice::Page);
    leptos::task::tick().await;
    sleep(50).await;
    assert_eq!(check(), before);
    assert_eq!(colour("2021-05-06"), may6);
    root.remove();
}

#[wasm_bindgen_test]
async fn language_and_zone_switches() {
    let (root, loaded, _h) = mount_page(&[FEED], Lang::En);
    wait_for(&root, ".sl-day").await;
    find(&root, "button.sl-lang[lang='ko']").click();
    leptos::task::tick().await;
    assert_eq!(text(&root, ".sl-banner__summary"), "음성 통화: 전면 장애");
    assert_eq!(text(&root, ".sl-active__title"), "통화 장애");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ko")
    );
    find(&root, "button.sl-lang[lang='en']").click();
    // In UTC the whole outage falls on May 5.
    let select: web_sys::HtmlSelectElement = find(&root, ".sl-zone-select").unchecked_into();
    select.set_value("utc");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(loaded.prefs.zone.get_untracked(), ZoneChoice::Utc);
    let may5 = find(
        &root,
        "[data-component='voice'] .sl-day[data-date='2021-05-05']",
    );
    assert!(may5
        .get_attribute("aria-label")
        .unwrap()
        .contains("130 min"));
    assert!(root
        .query_selector("[data-component='voice'] .sl-day[data-date='2021-05-06']")
        .unwrap()
        .is_none());
    root.remove();
}

/// A Statuspage `summary.json` plus `incidents.json` pair of one page, with a group and
/// an open incident.
#[wasm_bindgen_test]
async fn statuspage_pair_with_groups_and_an_open_incident() {
    let summary = r#"{"page": {"id": "p", "name": "Pair Page", "url": "https://status.example.com", "time_zone": "Etc/UTC", "updated_at": "2024-01-31T10:00:00Z"},
      "status": {"indicator": "major", "description": "Partial System Outage"},
      "components": [
        {"id": "api", "name": "API", "status": "operational", "position": 1, "group_id": null, "group": false, "only_show_if_degraded": false, "showcase": true},
        {"id": "grp", "name": "Storage", "status": "partial_outage", "position": 2, "group_id": null, "group": true, "components": ["s3", "db"], "only_show_if_degraded": false, "showcase": false},
        {"id": "s3", "name": "Objects", "status": "partial_outage", "position": 1, "group_id": "grp", "group": false, "only_show_if_degraded": false, "showcase": true},
        {"id": "db", "name": "Database", "status": "operational", "position": 2, "group_id": "grp", "group": false, "only_show_if_degraded": false, "showcase": true}
      ],
      "incidents": [], "scheduled_maintenances": []}"#;
    let incidents = r#"{"page": {"id": "p", "name": "Pair Page", "url": "https://status.example.com", "time_zone": "Etc/UTC", "updated_at": "2024-01-31T10:00:00Z"},
      "incidents": [
        {"id": "inc1", "name": "Objects unavailable", "status": "identified", "impact": "major",
         "created_at": "2024-01-31T09:00:00Z", "updated_at": "2024-01-31T09:30:00Z", "started_at": "2024-01-31T09:00:00Z", "resolved_at": null,
         "shortlink": "https://stspg.io/x", "components": [{"id": "s3", "name": "Objects", "status": "partial_outage"}],
         "incident_updates": [
           {"id": "u2", "status": "identified", "body": "A disk array failed.", "created_at": "2024-01-31T09:30:00Z", "display_at": "2024-01-31T09:30:00Z", "affected_components": null},
           {"id": "u1", "status": "investigating", "body": "Looking.", "created_at": "2024-01-31T09:00:00Z", "display_at": "2024-01-31T09:00:00Z",
            "affected_components": [{"code": "s3", "name": "Objects", "old_status": "operational", "new_status": "partial_outage"}]}
         ]}
      ]}"#;
    let (root, _loaded, _h) = mount_page(&[summary, incidents], Lang::En);
    assert_eq!(text(&root, ".sl-title"), "Pair Page");
    assert_eq!(
        text(&root, ".sl-banner__summary"),
        "Objects: Partial outage"
    );
    assert_eq!(
        find(&root, "[data-component='grp']")
            .query_selector_all(".sl-component")
            .unwrap()
            .length(),
        2
    );
    assert!(text(&root, "[data-component='grp'] .sl-status").contains("Partial outage"));
    assert_eq!(text(&root, ".sl-active__title"), "Objects unavailable");
    assert!(text(&root, ".sl-active__status").contains("Identified"));
    assert!(text(&root, "#incident-inc1 .sl-incident__meta").contains("(ongoing)"));
    root.remove();
}

#[wasm_bindgen_test]
async fn app_names_the_configuration_field_that_is_wrong() {
    let root = container();
    let url = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(
            r#"{"feeds": ["feed.json"], "time_zone": "Mars/Olympus"}"#
        ))
    );
    let _mounted = mount_to(
        root.clone(),
        move || view! { <App config_url=url.clone() /> },
    );
    let alert = wait_for(&root, ".sl-error[role='alert']").await;
    let message = alert.text_content().unwrap();
    assert!(message.contains("time_zone"), "{message}");
    assert!(root.query_selector(".sl-banner").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn app_shows_a_network_error_with_retry() {
    let root = container();
    let _mounted = mount_to(root.clone(), || {
        view! { <App config_url="/this-config-does-not-exist.json" /> }
    });
    let alert = wait_for(&root, ".sl-error").await;
    assert!(alert.text_content().unwrap().contains("HTTP 404"));
    assert!(alert.query_selector("button").unwrap().is_some());
    root.remove();
}

/// The widget reads a summary with the browser's `JSON.parse`: what the CLI writes (serde)
/// reads back whole, and anything else reads as nothing.
#[wasm_bindgen_test]
fn widget_summaries_read_back_as_written() {
    use statuslight::widget::summary;
    use statuslight_core::present::widget::widget_summary;

    statuslight::zone::install();
    let feed = parse_feeds(&[FEED.as_bytes()]).expect("feed");
    let mut live = feed.clone();
    live.as_of = None;
    // Nothing open: the summary carries 30 days ahead, and 31 uptimes per component.
    let mut quiet = live.clone();
    quiet.incidents.clear();
    let now = "2021-05-05T15:10:00Z".parse().expect("instant");
    for (f, ahead) in [(&feed, 0), (&live, 30), (&quiet, 30)] {
        let s = widget_summary(f, &Config::default(), now, ahead);
        let json = serde_json::to_vec(&s).expect("JSON");
        assert_eq!(summary::parse(&json).as_ref(), Some(&s));
    }
    let s = widget_summary(&quiet, &Config::default(), now, 30);
    assert_eq!(s.day_starts.len(), 61);
    assert_eq!(s.views[0].components[0].uptimes.len(), 31);
    let value = serde_json::to_value(&s).expect("JSON");
    let spoiled = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        f(&mut v);
        summary::parse(&serde_json::to_vec(&v).expect("JSON"))
    };
    assert!(spoiled(&|_| {}).is_some());
    assert!(spoiled(&|v| v["version"] = "statuslight-widget/2".into()).is_none());
    assert!(spoiled(&|v| v["at"] = "2021-05-05".into()).is_none());
    assert!(spoiled(&|v| v["at"] = 1.5.into()).is_none());
    assert!(spoiled(&|v| v["views"][0]["components"][0]["days"][3] = "x".into()).is_none());
    assert!(spoiled(&|v| {
        v["views"][1]["components"][0]["days"]
            .as_array_mut()
            .expect("days")
            .pop();
    })
    .is_none());
    assert!(spoiled(&|v| v["views"][1]
        .as_object_mut()
        .expect("view")
        .remove("title")
        .map(drop)
        .unwrap_or(()))
    .is_none());
    assert!(spoiled(&|v| v["until"] = serde_json::Value::Null).is_some());
    assert!(summary::parse(b"not JSON").is_none());
    assert!(summary::parse(b"[]").is_none());

    // The feed addresses the widget fetches while the summary module loads are the ones
    // the core's configuration reader finds.
    for config in [
        r#"{"feeds": ["a.json"]}"#,
        r#"{"feeds": [{"url": "a.json", "mirrors": ["b.json", "https://c.example/a.json"]}, "d.json"]}"#,
        r#"{"feeds": [{"url": "s.json", "kind": "statuspage"}], "language": "en"}"#,
    ] {
        let core: Vec<Vec<String>> = statuslight_core::config::parse_config(config.as_bytes())
            .expect("a configuration")
            .feeds
            .iter()
            .map(|f| std::iter::once(&f.url).chain(&f.mirrors).cloned().collect())
            .collect();
        let read = summary::config_feeds(&summary::json(config.as_bytes()).expect("parsed"));
        assert_eq!(read, Some(core), "{config}");
    }
    for broken in [
        r#"{}"#,
        r#"{"feeds": [3]}"#,
        r#"{"feeds": [{"mirrors": []}]}"#,
    ] {
        let read = summary::config_feeds(&summary::json(broken.as_bytes()).expect("parsed"));
        assert_eq!(read, None, "{broken}");
    }
    let error = summary::json(br#"{"error": "no"}"#).expect("parsed");
    assert_eq!(summary::error(&error).as_deref(), Some("no"));
}
