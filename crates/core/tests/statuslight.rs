//! Statuslight's own format end to end: the writer is the reader's inverse, month shards
//! split and merge back, every feed the writer makes passes the shipped JSON Schema, and
//! no input, arbitrary or a mutated real feed, makes the reader panic.
//!
//! The real feeds are the demo feed and every file in the shared fixture folder
//! (`$STATUSLIGHT_FIXTURES`, else `../../../shared/fixtures` from this crate); a missing
//! folder fails the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;
use serde_json::Value;

use statuslight_core::formats::shards::{
    merge_shard, month_of, parse_shard, shard_url, shards_covering, split_history, Shard,
};
use statuslight_core::formats::statuslight::{normalized, parse, to_json};
use statuslight_core::synth::{generate, SynthOptions};
use statuslight_core::*;

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    std::env::var_os("STATUSLIGHT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("../../../shared/fixtures"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("fixture folder {} is unreadable: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn demo_feed() -> Vec<u8> {
    let path = crate_dir().join("../../public/demo/feed.json");
    std::fs::read(&path).unwrap_or_else(|e| panic!("demo feed {} is missing: {e}", path.display()))
}

/// The demo feed and every fixture file, named, read once.
fn real_feeds() -> &'static [(String, Vec<u8>)] {
    static FEEDS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FEEDS.get_or_init(|| {
        let dir = fixtures_dir();
        assert!(
            dir.is_dir(),
            "the fixture folder {} is missing: set STATUSLIGHT_FIXTURES",
            dir.display()
        );
        let mut paths = Vec::new();
        walk(&dir, &mut paths);
        paths.sort();
        let mut feeds = vec![("public/demo/feed.json".to_string(), demo_feed())];
        for p in paths {
            let bytes = std::fs::read(&p).expect("a readable fixture");
            feeds.push((p.display().to_string(), bytes));
        }
        assert!(feeds.len() > 10, "only {} real feeds found", feeds.len());
        feeds
    })
}

fn schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = crate_dir().join("../../public/statuslight-feed.schema.json");
        let text = std::fs::read(&path).expect("the schema ships in public/");
        let value: Value = serde_json::from_slice(&text).expect("the schema is JSON");
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&value)
            .expect("the schema compiles")
    })
}

/// The schema's complaints about `json`, one line each; empty when it is valid.
fn schema_errors(json: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(json).expect("the document is JSON");
    schema()
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_schema_valid(name: &str, json: &str) {
    let errors = schema_errors(json);
    assert!(
        errors.is_empty(),
        "{name} breaks the schema:\n{}",
        errors.join("\n")
    );
}

fn synth(seed: u64, components: usize, incidents: usize, years: u32) -> Feed {
    generate(&SynthOptions {
        seed,
        components,
        groups: components / 5,
        years,
        incidents,
        open_incidents: incidents.min(2),
        maintenances: 6,
        ..SynthOptions::default()
    })
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("a test time")
}

/// Every check that the writer inverts the reader, for one feed.
fn assert_round_trip(name: &str, feed: &Feed) {
    let json = to_json(feed);
    let back = parse(json.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
    assert_eq!(
        back,
        normalized(feed),
        "{name}: parse(to_json(f)) != normalized(f)"
    );
    assert_eq!(
        normalized(&back),
        back,
        "{name}: normalized is not idempotent"
    );
    // A feed the reader made comes back exactly, and in the same words.
    let again = to_json(&back);
    assert_eq!(
        parse(again.as_bytes()).as_ref(),
        Ok(&back),
        "{name}: not exact"
    );
    if back == *feed {
        assert_eq!(again, json, "{name}: the text is not a fixpoint");
    }
}

// ---------------------------------------------------------------------------------------
// The schema
// ---------------------------------------------------------------------------------------

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let text = std::fs::read(crate_dir().join("../../public/statuslight-feed.schema.json"))
        .expect("the schema ships in public/");
    let value: Value = serde_json::from_slice(&text).expect("the schema is JSON");
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::meta::validate(&value).expect("a valid 2020-12 schema");
}

#[test]
fn the_demo_feed_passes_the_schema_and_round_trips() {
    let text = String::from_utf8(demo_feed()).expect("UTF-8");
    assert_schema_valid("the demo feed", &text);
    let feed = parse_feed(text.as_bytes()).expect("the demo feed parses");
    assert_eq!(feed.kind, FeedKind::Statuslight);
    assert_round_trip("the demo feed", &feed);
    assert_schema_valid("the demo feed rewritten", &to_json(&feed));
}

#[test]
fn generated_feeds_and_their_shards_pass_the_schema() {
    let cases = [
        (1, 20, 400, 3),
        (2, 7, 120, 2),
        (3, 1, 30, 1),
        (4, 0, 0, 1),
        (5, 3, 0, 1),
    ];
    for (seed, components, incidents, years) in cases {
        let feed = synth(seed, components, incidents, years);
        let name = format!("synth seed {seed}");
        assert_schema_valid(&name, &to_json(&feed));
        let cutoff = SynthOptions::default().end - TimeDelta::days(90);
        let (current, shards) = split_history(&feed, cutoff);
        assert_schema_valid(&format!("{name} current"), &to_json(&current));
        for shard in &shards {
            assert_schema_valid(&format!("{name} shard {}", shard.month), &shard.to_json());
        }
        if incidents > 100 {
            assert!(shards.len() > 12, "{name}: {} shards", shards.len());
        }
    }
}

/// Broken documents, each with the JSON path or error kind the reader must report.
const BROKEN: [(&str, &str, &str); 10] = [
    (
        "another version",
        r#"{"version": "statuslight/2"}"#,
        "unsupported",
    ),
    ("a version that is a number", r#"{"version": 1}"#, "version"),
    (
        "a severity that is not one",
        r#"{"version": "statuslight/1", "incidents": [{"id": "a", "title": "t", "impact": "minor",
            "components": [{"id": "c", "severity": "meltdown", "from": "2024-01-01T00:00:00Z"}]}]}"#,
        "incidents[0].components[0].severity",
    ),
    (
        "a time that is not one",
        r#"{"version": "statuslight/1", "incidents": [{"id": "a", "title": "t", "impact": "minor",
            "updates": [{"status": "resolved", "at": "yesterday"}]}]}"#,
        "incidents[0].updates[0].at",
    ),
    (
        "an incident without a start",
        r#"{"version": "statuslight/1", "incidents": [{"id": "a", "title": "t", "impact": "minor"}]}"#,
        "incidents[0]",
    ),
    (
        "a title that is a number",
        r#"{"version": "statuslight/1", "incidents": [{"id": "a", "title": 7, "impact": "minor",
            "started_at": "2024-01-01T00:00:00Z"}]}"#,
        "incidents[0].title",
    ),
    (
        "a component without a name",
        r#"{"version": "statuslight/1", "components": [{"id": "a"}]}"#,
        "components[0]",
    ),
    (
        "a start date with a time",
        r#"{"version": "statuslight/1", "components": [{"id": "a", "name": "A", "start_date": "2024-01-01T00:00:00Z"}]}"#,
        "components[0].start_date",
    ),
    (
        "a shard of the thirteenth month",
        r#"{"version": "statuslight/1", "shard": "2024-13", "incidents": []}"#,
        "shard",
    ),
    (
        "a history entry without a url",
        r#"{"version": "statuslight/1", "history": [{"month": "2024-01"}]}"#,
        "history[0]",
    ),
];

#[test]
fn broken_feeds_are_refused_by_the_schema_and_the_reader() {
    for (what, doc, expected) in BROKEN {
        assert!(
            !schema_errors(doc).is_empty(),
            "the schema accepts {what}: {doc}"
        );
        let err = parse_feed(doc.as_bytes()).expect_err(what);
        // Without the `json-paths` feature a JSON error gives the line and column only.
        let json_without_path =
            !cfg!(feature = "json-paths") && matches!(err, FeedError::Json { .. });
        match &err {
            FeedError::Json { path, .. } if json_without_path => {
                assert_eq!(path, "", "{what}: {err}")
            }
            FeedError::Json { path, .. } | FeedError::Invalid { path, .. } => {
                assert_eq!(path, expected, "{what}: {err}")
            }
            FeedError::UnsupportedVersion { .. } => assert_eq!(expected, "unsupported"),
            other => panic!("{what}: unexpected error {other}"),
        }
        // The message names the place, and a line and column for syntax-level errors.
        let shown = err.to_string();
        if expected != "unsupported" && !json_without_path {
            assert!(shown.contains(expected), "{what}: {shown}");
        }
    }
}

#[test]
fn the_schema_is_stricter_than_the_reader_where_documented() {
    // The reader keeps unknown impacts and statuses and ignores unknown keys, so that a
    // newer publisher's feed still loads; the schema holds editors to the known values.
    let lenient = [
        r#"{"version": "statuslight/1", "incidents": [{"id": "a", "title": "t", "impact": "catastrophic",
            "started_at": "2024-01-01T00:00:00Z"}]}"#,
        r#"{"version": "statuslight/1", "incidents": [{"id": "a", "title": "t", "impact": "minor",
            "updates": [{"status": "Escalated", "at": "2024-01-01T00:00:00Z"}]}]}"#,
        r#"{"version": "statuslight/1", "resolve_at": "2024-01-01T00:00:00Z"}"#,
        r#"{"version": "statuslight/1", "shard": "2024-01", "page": {"name": "x"}}"#,
    ];
    for doc in lenient {
        assert!(parse_feed(doc.as_bytes()).is_ok(), "{doc}");
        assert!(!schema_errors(doc).is_empty(), "{doc}");
    }
    // Extension keys pass both.
    let ext = r#"{"version": "statuslight/1", "x-generator": "ops-tool 3", "components": [{"id": "a", "name": "A", "x-team": "core"}]}"#;
    assert!(parse_feed(ext.as_bytes()).is_ok());
    assert_schema_valid("extension keys", ext);
}

// ---------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------

#[test]
fn every_real_feed_round_trips_through_the_writer() {
    let mut written = 0;
    for (name, bytes) in real_feeds() {
        let Ok(feed) = parse_feed(bytes) else {
            continue;
        };
        assert_round_trip(name, &feed);
        written += 1;
    }
    assert!(written >= 15, "only {written} real feeds were read");
}

#[test]
fn an_odd_but_valid_feed_is_written_and_read_honestly() {
    let mut feed = Feed::empty(FeedKind::Statuslight);
    feed.incidents.push(Incident {
        id: "quiet".into(),
        title: Text::default(),
        impact: Impact::None,
        status: UpdateStatus::Investigating,
        started_at: t("2024-02-29T23:59:59.5Z"),
        resolved_at: None,
        components: vec![],
        intervals: vec![],
        updates: vec![Update {
            status: UpdateStatus::Investigating,
            label: None,
            at: t("2024-02-29T23:59:59.5Z"),
            body: Text::untagged(""),
        }],
        url: None,
    });
    let json = to_json(&feed);
    assert_eq!(parse(json.as_bytes()).unwrap(), feed, "{json}");
    assert!(json.contains("\"title\": {}"), "{json}");
    assert!(json.contains("\"body\": \"\""), "{json}");
    assert!(json.contains("\"2024-02-29T23:59:59.500Z\""), "{json}");
    assert!(!json.contains("\"page\""), "{json}");
    assert_schema_valid("an odd feed", &json);
    assert_eq!(
        to_json(&Feed::empty(FeedKind::Statuslight)),
        "{\n  \"version\": \"statuslight/1\"\n}\n"
    );
}

#[test]
fn what_the_format_cannot_say_is_normalized_as_documented() {
    let mut feed = Feed::empty(FeedKind::StatuspageV2);
    feed.declared = Some(DeclaredStatus {
        indicator: Indicator::Minor,
        description: Text::untagged("Minor"),
    });
    feed.components.push(Component {
        id: "api".into(),
        name: Text::untagged("API"),
        description: None,
        group_id: None,
        is_group: false,
        position: 5,
        start_date: None,
        status: Some(ComponentStatus::PartialOutage),
        only_show_if_degraded: true,
        showcase: false,
    });
    let update = |status: UpdateStatus, at: &str| Update {
        status,
        label: Some("Update".into()),
        at: t(at),
        body: Text::from_pairs([("en", "x"), ("", "y")]),
    };
    feed.incidents.push(Incident {
        id: "i".into(),
        title: Text::untagged("T"),
        impact: Impact::Unknown("minor".into()),
        status: UpdateStatus::Unknown(" Monitoring".into()),
        started_at: t("2024-01-01T00:00:00Z"),
        resolved_at: None,
        components: vec!["web".into(), "web".into()],
        intervals: vec![ComponentImpact {
            component_id: "api".into(),
            severity: Severity::Partial,
            start: t("2024-01-01T00:00:00Z"),
            end: None,
        }],
        updates: vec![
            update(
                UpdateStatus::Unknown("resolved".into()),
                "2024-01-01T02:00:00Z",
            ),
            update(UpdateStatus::Investigating, "2024-01-01T01:00:00Z"),
        ],
        url: Some(String::new()),
    });
    feed.maintenances.push(Maintenance {
        id: "m".into(),
        title: Text::untagged("M"),
        status: UpdateStatus::InProgress,
        components: vec![],
        scheduled_start: t("2024-01-02T00:00:00Z"),
        scheduled_end: t("2024-01-02T00:00:00Z"),
        actual_start: None,
        actual_end: Some(t("2024-01-02T01:00:00Z")),
        updates: vec![],
        url: None,
    });
    let n = normalized(&feed);
    assert_eq!(n.kind, FeedKind::Statuslight);
    assert_eq!(n.declared, None);
    assert_eq!(n.components[0].status, None);
    assert!(n.components[0].only_show_if_degraded && !n.components[0].showcase);
    let i = &n.incidents[0];
    assert_eq!(i.impact, Impact::Minor);
    assert_eq!(i.status, UpdateStatus::Monitoring);
    assert_eq!(i.components, ["web", "api"]);
    assert_eq!(i.updates[0].status, UpdateStatus::Investigating);
    assert_eq!(i.updates[1].status, UpdateStatus::Resolved);
    // Open although its timeline ends resolved: the writer says so with `null`.
    assert_eq!(i.resolved_at, None);
    assert_eq!(n.maintenances[0].actual_end, None);
    assert_round_trip("a converted feed", &feed);
    let json = to_json(&feed);
    assert!(json.contains("\"resolved_at\": null"), "{json}");
    assert!(json.contains("\"affected\": [\n"), "{json}");
    assert!(json.contains("\"only_show_if_degraded\": true"), "{json}");
    assert!(json.contains("\"showcase\": false"), "{json}");
    assert!(json.contains("\"order\": 5"), "{json}");
    assert!(json.contains("\"label\": \"Update\""), "{json}");
    assert_schema_valid("a converted feed", &json);
}

// Hand-made feeds: anything the model can hold.

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter)
}

fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    (
        0i64..4_102_444_800,
        prop_oneof![3 => Just(0u32), 1 => 0u32..1_000_000_000],
    )
        .prop_map(|(s, n)| DateTime::from_timestamp(s, n).expect("in range"))
}

fn any_lang_text() -> impl Strategy<Value = Text> {
    prop_oneof![
        any_text().prop_map(Text::untagged),
        prop::collection::btree_map(
            prop::sample::select(vec!["", "ko", "en", "pt-BR", "x_y"]).prop_map(String::from),
            any_text(),
            0..3
        )
        .prop_map(Text),
    ]
}

fn any_status() -> impl Strategy<Value = UpdateStatus> {
    prop_oneof![
        prop::sample::select(vec![
            UpdateStatus::Investigating,
            UpdateStatus::Identified,
            UpdateStatus::Monitoring,
            UpdateStatus::Resolved,
            UpdateStatus::Postmortem,
            UpdateStatus::Scheduled,
            UpdateStatus::InProgress,
            UpdateStatus::Verifying,
            UpdateStatus::Completed,
            UpdateStatus::Update,
        ]),
        prop::sample::select(vec![
            "weird",
            " Resolved ",
            "IN PROGRESS",
            "",
            "post-mortem"
        ])
        .prop_map(|s| UpdateStatus::Unknown(s.to_string())),
    ]
}

fn any_impact() -> impl Strategy<Value = Impact> {
    prop::sample::select(vec![
        Impact::None,
        Impact::Minor,
        Impact::Major,
        Impact::Critical,
        Impact::Maintenance,
        Impact::Unknown("severe".into()),
        Impact::Unknown("major".into()),
    ])
}

fn any_id() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "", "ü/1"]).prop_map(String::from)
}

fn any_update() -> impl Strategy<Value = Update> {
    (
        any_status(),
        prop::option::of(any_text()),
        any_time(),
        prop_oneof![Just(Text::default()), any_lang_text()],
    )
        .prop_map(|(status, label, at, body)| Update {
            status,
            label,
            at,
            body,
        })
}

fn any_component() -> impl Strategy<Value = Component> {
    (
        (any_id(), any_lang_text(), prop::option::of(any_lang_text())),
        (prop::option::of(any_id()), any::<bool>(), -3i64..6),
        prop::option::of(
            (0i32..60_000)
                .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(719_163 + d).expect("in range")),
        ),
        prop::option::of(Just(ComponentStatus::MajorOutage)),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                (id, name, description),
                (group_id, is_group, position),
                start_date,
                status,
                o,
                s,
            )| {
                Component {
                    id,
                    name,
                    description,
                    group_id,
                    is_group,
                    position,
                    start_date,
                    status,
                    only_show_if_degraded: o,
                    showcase: s,
                }
            },
        )
}

fn any_incident() -> impl Strategy<Value = Incident> {
    let interval = (
        any_id(),
        prop::sample::select(vec![Severity::Degraded, Severity::Partial, Severity::Major]),
        any_time(),
        prop::option::of(any_time()),
    )
        .prop_map(|(component_id, severity, start, end)| ComponentImpact {
            component_id,
            severity,
            start,
            end,
        });
    (
        (any_id(), any_lang_text(), any_impact(), any_status()),
        (any_time(), prop::option::of(any_time())),
        prop::collection::vec(any_id(), 0..3),
        prop::collection::vec(interval, 0..3),
        prop::collection::vec(any_update(), 0..4),
        prop::option::of(any_text()),
    )
        .prop_map(
            |(
                (id, title, impact, status),
                (started_at, resolved_at),
                components,
                intervals,
                updates,
                url,
            )| {
                Incident {
                    id,
                    title,
                    impact,
                    status,
                    started_at,
                    resolved_at,
                    components,
                    intervals,
                    updates,
                    url,
                }
            },
        )
}

fn any_maintenance() -> impl Strategy<Value = Maintenance> {
    (
        (any_id(), any_lang_text(), any_status()),
        prop::collection::vec(any_id(), 0..3),
        (any_time(), any_time()),
        (prop::option::of(any_time()), prop::option::of(any_time())),
        prop::collection::vec(any_update(), 0..3),
        prop::option::of(any_text()),
    )
        .prop_map(
            |((id, title, status), components, (s, e), (a, b), updates, url)| Maintenance {
                id,
                title,
                status,
                components,
                scheduled_start: s,
                scheduled_end: e,
                actual_start: a,
                actual_end: b,
                updates,
                url,
            },
        )
}

fn any_feed() -> impl Strategy<Value = Feed> {
    let page = (
        prop::option::of(any_text()),
        prop_oneof![Just(Text::default()), any_lang_text()],
        prop::option::of(any_text()),
        prop::option::of(Just("Asia/Seoul".to_string())),
        prop::collection::vec(any_text(), 0..2),
        prop::option::of(any_lang_text()),
    )
        .prop_map(|(id, name, url, time_zone, languages, notice)| Page {
            id,
            name,
            url,
            time_zone,
            languages,
            notice,
        });
    let shard = (
        2000u32..2100,
        1u32..=12,
        any_text(),
        prop::option::of(any::<u32>()),
    )
        .prop_map(|(y, m, url, incidents)| HistoryShard {
            month: format!("{y}-{m:02}"),
            url,
            incidents,
        });
    (
        prop::sample::select(vec![
            FeedKind::Statuslight,
            FeedKind::StatuspageV2,
            FeedKind::Atom,
        ]),
        prop_oneof![Just(Page::default()), page],
        prop::collection::vec(any_component(), 0..4),
        prop::collection::vec(any_incident(), 0..4),
        prop::collection::vec(any_maintenance(), 0..3),
        (prop::option::of(any_time()), prop::option::of(any_time())),
        prop::option::of(Just(DeclaredStatus {
            indicator: Indicator::Major,
            description: Text::untagged("Major"),
        })),
        prop::collection::vec(shard, 0..3),
    )
        .prop_map(
            |(
                kind,
                page,
                components,
                incidents,
                maintenances,
                (as_of, updated_at),
                declared,
                history,
            )| {
                Feed {
                    kind,
                    page,
                    components,
                    incidents,
                    maintenances,
                    as_of,
                    updated_at,
                    declared,
                    history,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn hand_made_feeds_round_trip_to_their_normal_form(feed in any_feed()) {
        assert_round_trip("a hand-made feed", &feed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn synthetic_feeds_round_trip_exactly(
        seed in any::<u64>(),
        components in 0usize..24,
        incidents in 0usize..150,
        years in 1u32..4,
    ) {
        let feed = synth(seed, components, incidents, years);
        assert_round_trip("a synthetic feed", &feed);
        prop_assert_eq!(parse(to_json(&feed).as_bytes()).unwrap(), feed);
    }
}

// ---------------------------------------------------------------------------------------
// Shards
// ---------------------------------------------------------------------------------------

/// Split at `cutoff`, write every file, read them back and merge: the original again.
fn check_split(feed: &Feed, cutoff: DateTime<Utc>) -> Result<(), TestCaseError> {
    let (current, shards) = split_history(feed, cutoff);
    let months: Vec<&str> = shards.iter().map(|s| s.month.as_str()).collect();
    let mut sorted = months.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    sorted.dedup();
    prop_assert_eq!(&months, &sorted, "shards newest first, one per month");
    prop_assert_eq!(
        current.incidents.len() + shards.iter().map(|s| s.feed.incidents.len()).sum::<usize>(),
        feed.incidents.len()
    );
    for shard in &shards {
        let entry = current.history.iter().find(|h| h.month == shard.month);
        prop_assert!(entry.is_some(), "{} is not in the index", shard.month);
        prop_assert_eq!(
            entry.map(|h| h.incidents),
            Some(Some(shard.feed.incidents.len() as u32))
        );
        for i in &shard.feed.incidents {
            prop_assert!(!i.is_open() && i.resolved_at.is_some_and(|r| r < cutoff));
            prop_assert_eq!(month_of(i.started_at), shard.month.clone());
        }
        for m in &shard.feed.maintenances {
            prop_assert_eq!(month_of(m.scheduled_start), shard.month.clone());
        }
        prop_assert!(shard.feed.components.is_empty() && shard.feed.page == Page::default());
    }
    for i in current.incidents.iter().filter(|i| i.is_open()) {
        prop_assert!(feed.incident(&i.id).is_some());
    }
    prop_assert!(feed
        .incidents
        .iter()
        .filter(|i| i.is_open())
        .all(|i| current.incidents.iter().any(|c| c.id == i.id)));

    // Through the files and back.
    let mut merged = parse(to_json(&current).as_bytes()).expect("the current feed reads");
    prop_assert_eq!(&merged, &current);
    for shard in &shards {
        let read = parse_shard(shard.to_json().as_bytes()).expect("the shard reads");
        prop_assert_eq!(&read, shard);
        merge_shard(&mut merged, read).expect("a listed month merges");
    }
    let mut expected = feed.clone();
    expected.history = current.history.clone();
    prop_assert_eq!(&merged, &expected);
    // Merging again changes nothing.
    if let Some(first) = shards.first() {
        merge_shard(&mut merged, first.clone()).expect("a listed month merges");
        prop_assert_eq!(&merged, &expected);
    }
    // What a page showing a window loads covers everything in that window.
    let (from, to) = (cutoff - TimeDelta::days(45), cutoff - TimeDelta::days(10));
    let wanted: Vec<&str> = shards_covering(&current, from, to)
        .iter()
        .map(|h| h.month.as_str())
        .collect();
    for shard in &shards {
        for i in &shard.feed.incidents {
            let end = i
                .intervals
                .iter()
                .filter_map(|iv| iv.end)
                .chain(i.resolved_at)
                .max();
            let touches = i.started_at <= to && end.is_some_and(|e| e >= from);
            prop_assert!(
                !touches || wanted.contains(&shard.month.as_str()),
                "{} touches the window but {} is not loaded",
                i.id,
                shard.month
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn split_then_merge_gives_the_feed_back(
        seed in any::<u64>(),
        incidents in 0usize..300,
        days_back in 0i64..800,
    ) {
        let feed = synth(seed, 12, incidents, 2);
        let cutoff = SynthOptions::default().end - TimeDelta::days(days_back);
        check_split(&feed, cutoff)?;
    }
}

#[test]
fn the_ten_year_history_splits_into_small_files() {
    let feed = generate(&SynthOptions::default());
    let end = SynthOptions::default().end;
    check_split(&feed, end - TimeDelta::days(90)).expect("split and merge");
    let (current, shards) = split_history(&feed, end - TimeDelta::days(90));
    assert!(current.incidents.len() < 200, "{}", current.incidents.len());
    assert!(
        (115..=121).contains(&shards.len()),
        "{} shards",
        shards.len()
    );
    assert_eq!(current.history.len(), shards.len());
    assert_eq!(current.history[0].url, shard_url(&current.history[0].month));
    assert!(current.incidents.iter().filter(|i| i.is_open()).count() == 2);
    // Splitting after merging everything back gives the same files.
    let (again, shards_again) = split_history(&current, end - TimeDelta::days(90));
    assert_eq!(again, current);
    assert!(shards_again.is_empty());
}

#[test]
fn a_long_incident_stays_current_and_a_boundary_one_is_found() {
    let mut feed = Feed::empty(FeedKind::Statuslight);
    let incident = |id: &str, from: &str, to: &str| Incident {
        id: id.into(),
        title: Text::untagged(id),
        impact: Impact::Minor,
        status: UpdateStatus::Resolved,
        started_at: t(from),
        resolved_at: Some(t(to)),
        components: vec!["c".into()],
        intervals: vec![ComponentImpact {
            component_id: "c".into(),
            severity: Severity::Degraded,
            start: t(from),
            end: Some(t(to)),
        }],
        updates: vec![],
        url: None,
    };
    // Two months long: too long for a shard, so it stays in the current feed.
    feed.incidents.push(incident(
        "long",
        "2023-01-15T00:00:00Z",
        "2023-03-02T00:00:00Z",
    ));
    // Across New Year: in December's shard, found by a page showing January.
    feed.incidents.push(incident(
        "newyear",
        "2023-12-31T23:00:00Z",
        "2024-01-01T01:00:00Z",
    ));
    let (current, shards) = split_history(&feed, t("2025-01-01T00:00:00Z"));
    assert_eq!(current.incidents.len(), 1);
    assert_eq!(current.incidents[0].id, "long");
    assert_eq!(shards.len(), 1);
    assert_eq!(shards[0].month, "2023-12");
    let wanted = shards_covering(
        &current,
        t("2024-01-01T00:00:00Z"),
        t("2024-01-31T00:00:00Z"),
    );
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].month, "2023-12");
    let json = to_json(&current);
    assert!(
        json.contains("\"month\": \"2023-12\",\n      \"url\": \"history/2023-12.json\",\n      \"incidents\": 1"),
        "{json}"
    );
    assert!(shards[0].to_json().contains("\"shard\": \"2023-12\""));
}

#[test]
fn merge_refuses_an_unlisted_month_and_parse_shard_wants_a_shard() {
    let mut feed = Feed::empty(FeedKind::Statuslight);
    let shard = Shard {
        month: "2020-02".into(),
        feed: Feed::empty(FeedKind::Statuslight),
    };
    let err = merge_shard(&mut feed, shard.clone()).unwrap_err();
    assert!(
        matches!(&err, FeedError::Invalid { path, message } if path == "shard" && message.contains("2020-02")),
        "{err}"
    );
    feed.history.push(HistoryShard {
        month: "2020-02".into(),
        url: "old/2020-02.json".into(),
        incidents: None,
    });
    merge_shard(&mut feed, shard).expect("a listed month merges");

    let err = parse_shard(br#"{"version": "statuslight/1"}"#).unwrap_err();
    assert!(
        matches!(&err, FeedError::Invalid { path, .. } if path == "shard"),
        "{err}"
    );
    let err = parse_shard(br#"{"version": "statuslight/1", "shard": "2020-02", "history": []}"#)
        .unwrap_err();
    assert!(
        matches!(&err, FeedError::Invalid { path, .. } if path == "history"),
        "{err}"
    );
    let err = parse_shard(br#"{"version": "statuslight/1", "shard": "Feb 2020"}"#).unwrap_err();
    assert!(
        matches!(&err, FeedError::Invalid { path, .. } if path == "shard"),
        "{err}"
    );
    // A shard is an ordinary statuslight/1 document to the general reader.
    let feed = parse_feed(br#"{"version": "statuslight/1", "shard": "2020-02"}"#).unwrap();
    assert!(feed.incidents.is_empty());
}

// ---------------------------------------------------------------------------------------
// No panics
// ---------------------------------------------------------------------------------------

/// Read `bytes` every way a page or the tool might; whatever it is, nothing panics, and
/// whatever reads is written and read back to its normal form.
fn read_every_way(bytes: &[u8]) {
    if let Ok(feed) = parse_feed(bytes) {
        let back = parse(to_json(&feed).as_bytes()).expect("the writer's output reads");
        assert_eq!(back, normalized(&feed));
    }
    let _ = statuslight_core::formats::parse_feeds(&[bytes, bytes]);
    let _ = parse_shard(bytes);
    let _ = parse(bytes);
}

/// One edit of a real feed.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, &'static str),
    Truncate(usize),
    Duplicate(usize, usize),
}

/// Tokens that turn one valid JSON value into another or break it in telling ways.
const TOKENS: [&str; 16] = [
    "null",
    "0",
    "-1",
    "1e999",
    "\"\"",
    "[]",
    "{}",
    "\"statuslight/1\"",
    ",",
    ":",
    "\"",
    "{",
    "]",
    "\"2024-13-45T99:99:99Z\"",
    "\"\\ud800\"",
    "\u{feff}",
];

fn any_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), prop::sample::select(TOKENS.to_vec()))
            .prop_map(|(a, s)| Mutation::Insert(a, s)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..200).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match *m {
        Mutation::Flip(at, b) => {
            if let Some(x) = bytes.get_mut(at % len) {
                *x ^= b | 1;
            }
        }
        Mutation::Delete(at, n) => {
            let at = (at % len).min(bytes.len());
            let end = (at + n).min(bytes.len());
            bytes.drain(at..end);
        }
        Mutation::Insert(at, s) => {
            let at = (at % len).min(bytes.len());
            bytes.splice(at..at, s.bytes());
        }
        Mutation::Truncate(at) => bytes.truncate(at % len),
        Mutation::Duplicate(at, n) => {
            let at = (at % len).min(bytes.len());
            let end = (at + n).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(end..end, copy);
        }
    }
}

/// Structure-aware edits: replace a random value of a JSON feed with another value.
fn replace_value(v: &mut Value, mut pick: usize, with: &Value) -> bool {
    match v {
        Value::Object(map) => {
            for (_, child) in map.iter_mut() {
                if pick == 0 {
                    *child = with.clone();
                    return true;
                }
                pick -= 1;
                if replace_value(child, pick % 7, with) {
                    return true;
                }
            }
            false
        }
        Value::Array(items) => {
            let n = items.len();
            match items.get_mut(pick % n.max(1)) {
                Some(child) if pick.is_multiple_of(3) => {
                    *child = with.clone();
                    true
                }
                Some(child) => replace_value(child, pick / 3, with),
                None => false,
            }
        }
        _ => false,
    }
}

/// The synthetic history and a month shard of it, as the writer makes them.
fn synthetic_documents() -> &'static [(String, Vec<u8>)] {
    static DOCS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let feed = synth(9, 10, 60, 1);
        let (current, shards) =
            split_history(&feed, SynthOptions::default().end - TimeDelta::days(30));
        let mut docs = vec![
            ("synthetic".to_string(), to_json(&feed).into_bytes()),
            (
                "synthetic current".to_string(),
                to_json(&current).into_bytes(),
            ),
        ];
        if let Some(s) = shards.first() {
            docs.push(("synthetic shard".to_string(), s.to_json().into_bytes()));
        }
        docs
    })
}

/// The real feeds this build reads (the demo and every Statuspage, Atom and RSS fixture)
/// and the synthetic documents: the inputs worth mutating.
fn corpus() -> &'static [&'static (String, Vec<u8>)] {
    static CORPUS: OnceLock<Vec<&'static (String, Vec<u8>)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let corpus: Vec<_> = real_feeds()
            .iter()
            .filter(|(_, bytes)| parse_feed(bytes).is_ok())
            .chain(synthetic_documents())
            .collect();
        assert!(corpus.len() >= 18, "only {} readable feeds", corpus.len());
        corpus
    })
}

/// The JSON documents of the corpus, as values.
fn json_corpus() -> &'static [Value] {
    static JSON: OnceLock<Vec<Value>> = OnceLock::new();
    JSON.get_or_init(|| {
        corpus()
            .iter()
            .filter_map(|(_, bytes)| serde_json::from_slice(bytes).ok())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_every_way(&bytes);
    }

    #[test]
    fn arbitrary_json_after_the_version_never_panics(
        tail in prop::collection::vec(prop::sample::select(TOKENS.to_vec()), 0..40),
        key in prop::sample::select(vec!["incidents", "components", "page", "history", "shard", "maintenances", "as_of"]),
    ) {
        let doc = format!("{{\"version\": \"statuslight/1\", \"{key}\": {}", tail.concat());
        read_every_way(doc.as_bytes());
    }

    #[test]
    fn mutated_real_feeds_never_panic(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec(any_mutation(), 1..6),
    ) {
        let (_, original) = pick.get(corpus());
        let mut bytes = original.clone();
        for m in &edits {
            mutate(&mut bytes, m);
        }
        read_every_way(&bytes);
    }

    #[test]
    fn real_feeds_with_a_value_replaced_never_panic(
        pick in any::<prop::sample::Index>(),
        at in any::<usize>(),
        with in prop::sample::select(vec![
            Value::Null, Value::from(-1), Value::from(""), Value::from("x"), Value::from(1.5),
            Value::Array(vec![]), Value::Object(Default::default()),
            Value::from("2024-02-30T00:00:00Z"), Value::from("major_outage"), Value::from(u64::MAX),
            serde_json::json!({"ko": "한국어", "": ""}), serde_json::json!([{"id": "x"}]),
        ]),
    ) {
        let mut value = pick.get(json_corpus()).clone();
        replace_value(&mut value, at % 64, &with);
        let bytes = serde_json::to_vec(&value).expect("serializes");
        read_every_way(&bytes);
    }
}

#[test]
fn every_real_feed_reads_every_way() {
    let mut read: BTreeMap<&str, bool> = BTreeMap::new();
    for (name, bytes) in real_feeds() {
        read_every_way(bytes);
        read.insert(name, parse_feed(bytes).is_ok());
    }
    assert!(read["public/demo/feed.json"]);
    assert!(read.values().filter(|ok| **ok).count() >= 15, "{read:?}");
}
