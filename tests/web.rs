//! Browser tests: mount the page's components in headless Chromium and assert on the DOM.
//! Run with `make test-web` (wasm-bindgen-test-runner through chromedriver).
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use statuslight::ui::{App, StatusPage};
use statuslight_core::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{
  "version": "statuslight/1",
  "as_of": "2021-05-05T14:00:00Z",
  "page": {"name": {"ko": "테스트 상태", "en": "Test Status"}, "time_zone": "Asia/Seoul",
           "notice": {"en": "Made up for a test.", "ko": "테스트용입니다."}},
  "components": [
    {"id": "login", "name": {"ko": "로그인", "en": "Login"}, "order": 1},
    {"id": "calls", "name": {"ko": "통화", "en": "Calls"}, "is_group": true, "order": 2},
    {"id": "voice", "name": {"ko": "음성 통화", "en": "Voice calls"}, "group": "calls", "order": 1},
    {"id": "video", "name": {"ko": "영상 통화", "en": "Video calls"}, "group": "calls", "order": 2}
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

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
        .text_content()
        .unwrap_or_default()
}

fn data_url(json: &str) -> String {
    format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

#[wasm_bindgen_test]
async fn page_shows_banner_groups_and_timeline() {
    let root = container();
    let feed = Arc::new(statuslight_core::parse_feed(FEED.as_bytes()).unwrap());
    let lang = RwSignal::new(Lang::En);
    let _mounted = mount_to(root.clone(), move || {
        view! { <StatusPage feed=feed.clone() lang=lang /> }
    });

    assert!(root.query_selector(".sl-banner--major").unwrap().is_some());
    assert_eq!(text(&root, ".sl-banner__headline"), "Major outage");
    assert_eq!(
        text(&root, ".sl-banner__summary"),
        "Voice calls: Major outage"
    );
    // The group holds its children, and shows its worst child's status.
    let group = root
        .query_selector("[data-component='calls']")
        .unwrap()
        .unwrap();
    assert_eq!(
        group.query_selector_all(".sl-component").unwrap().length(),
        2
    );
    assert!(text(&root, "[data-component='calls'] .sl-status").contains("Major outage"));
    assert!(text(&root, "[data-component='video'] .sl-status").contains("Operational"));
    // The incident shows newest update first, in the page's zone.
    assert_eq!(text(&root, "#incident-calls-down h3"), "Calls failing");
    let first = root.query_selector(".sl-update time").unwrap().unwrap();
    assert_eq!(first.text_content().unwrap(), "2021-05-05 22:30 KST");
    assert_eq!(
        first.get_attribute("datetime").unwrap(),
        "2021-05-05T13:30:00Z"
    );
    assert!(text(&root, ".sl-notice").contains("Made up for a test."));

    // Switching language re-renders every text.
    let ko = root
        .query_selector("button.sl-lang[lang='ko']")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    ko.click();
    leptos::task::tick().await;
    assert_eq!(text(&root, ".sl-banner__summary"), "음성 통화: 전면 장애");
    assert_eq!(text(&root, "#incident-calls-down h3"), "통화 장애");
    root.remove();
}

#[wasm_bindgen_test]
async fn app_loads_the_feed_it_is_given() {
    let root = container();
    let url = data_url(FEED);
    let _mounted = mount_to(root.clone(), move || view! { <App feed_url=url.clone() /> });
    wait_for(&root, ".sl-banner").await;
    assert!(
        text(&root, ".sl-title").contains("Test Status")
            || text(&root, ".sl-title").contains("테스트 상태")
    );
    assert!(root
        .query_selector("#incident-calls-down")
        .unwrap()
        .is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn app_shows_the_parse_error_and_a_retry_button() {
    let root = container();
    let url = data_url(r#"{"version": "statuslight/1", "incidents": [{"id": 5}]}"#);
    let _mounted = mount_to(root.clone(), move || view! { <App feed_url=url.clone() /> });
    let alert = wait_for(&root, ".sl-error[role='alert']").await;
    let message = alert.text_content().unwrap();
    assert!(message.contains("incidents[0].id"), "{message}");
    assert!(root.query_selector(".sl-error button").unwrap().is_some());
    // Nothing claims the page is operational.
    assert!(root.query_selector(".sl-banner").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn app_shows_a_network_error() {
    let root = container();
    let _mounted = mount_to(root.clone(), || {
        view! { <App feed_url="/this-feed-does-not-exist.json" /> }
    });
    let alert = wait_for(&root, ".sl-error").await;
    assert!(alert.text_content().unwrap().contains("HTTP 404"));
    root.remove();
}
