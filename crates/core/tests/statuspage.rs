//! Tests of the Statuspage v2 adapter: small hand-written documents for each rule, then
//! assertions on the real captures in the shared fixture folder, then property tests
//! that no input makes the adapter panic.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use statuslight_core::formats::{detect, parse_feeds, statuspage};
use statuslight_core::status::{overall, Level};
#[cfg(feature = "json-paths")]
use statuslight_core::FeedError;
use statuslight_core::{
    parse_feed, ComponentImpact, ComponentStatus, Feed, FeedKind, Impact, Incident, Indicator,
    Severity, UpdateStatus,
};

fn at(s: &str) -> DateTime<Utc> {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test time {s}: {e}"))
}

fn parse(json: &str) -> Feed {
    statuspage::parse(json.as_bytes()).unwrap_or_else(|e| panic!("should parse: {e}\n{json}"))
}

fn iv(id: &str, severity: Severity, start: &str, end: Option<&str>) -> ComponentImpact {
    ComponentImpact {
        component_id: id.to_string(),
        severity,
        start: at(start),
        end: end.map(at),
    }
}

fn incident<'a>(feed: &'a Feed, id: &str) -> &'a Incident {
    feed.incident(id)
        .unwrap_or_else(|| panic!("incident {id} missing"))
}

// ---------------------------------------------------------------------------------------
// Page, status and components
// ---------------------------------------------------------------------------------------

const SUMMARY: &str = r#"{
  "page": {"id": "pg1", "name": "Acme Cloud", "url": "https://status.acme.test/",
           "time_zone": "Europe/Berlin", "updated_at": "2023-03-26T03:10:00.250+02:00"},
  "status": {"indicator": "major", "description": "Partial outage"},
  "components": [
    {"id": "web", "name": "Website", "status": "operational", "position": 1,
     "group": false, "group_id": null, "showcase": true, "start_date": "2019-05-01",
     "only_show_if_degraded": false, "description": "The site"},
    {"id": "apis", "name": "APIs", "status": "partial_outage", "position": 2,
     "group": true, "group_id": null, "components": ["rest", "gql"]},
    {"id": "rest", "name": "Search", "status": "partial_outage", "position": 1,
     "group": false, "group_id": "apis", "showcase": false, "start_date": null},
    {"id": "gql", "name": "GraphQL", "status": "exploded", "position": 2, "group": false},
    {"id": "mobile", "name": "Mobile", "status": "operational", "position": 3,
     "group": true, "components": ["ios"]},
    {"id": "ios", "name": "Search", "status": "degraded_performance", "position": 1,
     "group_id": "mobile", "only_show_if_degraded": true},
    {"id": "legacy", "name": "Legacy", "status": "under_maintenance", "position": 4}
  ],
  "incidents": [],
  "scheduled_maintenances": []
}"#;

#[test]
fn reads_page_status_and_components() {
    let f = parse(SUMMARY);
    assert_eq!(f.kind, FeedKind::StatuspageV2);
    assert_eq!(f.page.id.as_deref(), Some("pg1"));
    assert_eq!(f.page.name.get("en"), "Acme Cloud");
    assert_eq!(f.page.url.as_deref(), Some("https://status.acme.test/"));
    assert_eq!(f.page.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(f.updated_at, Some(at("2023-03-26T01:10:00.250Z")));
    let d = f.declared.as_ref().expect("declared status");
    assert_eq!(d.indicator, Indicator::Major);
    assert_eq!(d.description.get(""), "Partial outage");

    let ids: Vec<&str> = f.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["web", "apis", "rest", "gql", "mobile", "ios", "legacy"]
    );
    let web = f.component("web").unwrap();
    assert!(!web.is_group && web.group_id.is_none() && web.showcase);
    assert_eq!(web.start_date, NaiveDate::from_ymd_opt(2019, 5, 1));
    assert_eq!(
        web.description.as_ref().map(|d| d.get("")),
        Some("The site")
    );
    assert_eq!(web.status, Some(ComponentStatus::Operational));

    let apis = f.component("apis").unwrap();
    assert!(apis.is_group);
    assert_eq!(apis.status, Some(ComponentStatus::PartialOutage));
    // `rest` names its group; `gql` has no group_id but the group lists it.
    let children: Vec<&str> = f.children_of("apis").map(|c| c.id.as_str()).collect();
    assert_eq!(children, ["rest", "gql"]);
    let rest = f.component("rest").unwrap();
    assert!(!rest.showcase);
    assert_eq!(rest.start_date, None);
    // Positions restart inside groups.
    assert_eq!(
        (rest.position, f.component("ios").unwrap().position),
        (1, 1)
    );
    // Unknown status kept verbatim.
    assert_eq!(
        f.component("gql").unwrap().status,
        Some(ComponentStatus::Unknown("exploded".into()))
    );
    // Duplicate names, distinct ids.
    assert_eq!(
        f.components
            .iter()
            .filter(|c| c.name.get("") == "Search")
            .count(),
        2
    );
    let ios = f.component("ios").unwrap();
    assert!(ios.only_show_if_degraded);
    assert_eq!(ios.group_id.as_deref(), Some("mobile"));
    assert_eq!(
        f.component("legacy").unwrap().status,
        Some(ComponentStatus::UnderMaintenance)
    );
    // Declared component statuses drive the current status.
    assert_eq!(
        overall(&f, at("2023-03-26T12:00:00Z")).level,
        Level::PartialOutage
    );
}

#[test]
fn indicator_values_map_to_variants() {
    for (wire, want) in [
        ("none", Indicator::None),
        ("minor", Indicator::Minor),
        ("major", Indicator::Major),
        ("critical", Indicator::Critical),
        ("maintenance", Indicator::Maintenance),
        ("lunar", Indicator::Unknown("lunar".into())),
    ] {
        let f = parse(&format!(
            r#"{{"page": {{"id": "p", "name": "P"}}, "status": {{"indicator": "{wire}", "description": "x"}}}}"#
        ));
        assert_eq!(f.declared.unwrap().indicator, want, "indicator {wire}");
    }
}

#[test]
fn reduced_schema_with_missing_and_null_fields() {
    // incident.io's shape: no time_zone, group, group_id, showcase, started_at,
    // affected_components or incident components.
    let f = parse(
        r#"{
      "components": [
        {"id": "a", "name": "A", "position": 0, "status": "degraded_performance"},
        {"id": "b", "name": null, "status": null}
      ],
      "incidents": [
        {"id": "i", "name": "Errors", "impact": "minor", "status": "investigating",
         "created_at": "2024-01-01T10:00:00Z",
         "incident_updates": [{"body": "Looking", "created_at": "2024-01-01T10:00:00Z",
                               "status": "investigating"}]}
      ],
      "page": {"id": "x", "name": "X", "url": null, "updated_at": null},
      "status": {"indicator": "minor"}
    }"#,
    );
    assert_eq!(f.page.time_zone, None);
    assert_eq!(f.page.url, None);
    let a = f.component("a").unwrap();
    assert!(a.showcase && !a.is_group && a.group_id.is_none() && !a.only_show_if_degraded);
    let b = f.component("b").unwrap();
    assert_eq!(b.name.get(""), "");
    assert_eq!(b.status, None);
    assert_eq!(b.position, 1, "position falls back to the index");
    let i = incident(&f, "i");
    assert_eq!(i.started_at, at("2024-01-01T10:00:00Z"));
    assert!(i.is_open());
    assert!(i.intervals.is_empty() && i.components.is_empty());
    assert_eq!(i.url, None);
    let d = f.declared.unwrap();
    assert_eq!((d.indicator, d.description.get("")), (Indicator::Minor, ""));
}

#[test]
fn unneeded_fields_never_break_a_feed() {
    let f = parse(
        r#"{
      "page": {"id": "p", "name": "P", "brand": {"color": [1, 2, 3]}},
      "incidents": [{
        "id": "i", "name": "N", "impact": "minor", "status": "resolved",
        "created_at": "2024-02-01T00:00:00Z", "resolved_at": "2024-02-01T01:00:00Z",
        "reminder_intervals": "[]", "postmortem_body": {"weird": true},
        "incident_updates": [{
          "status": "resolved", "body": "ok", "created_at": "2024-02-01T01:00:00Z",
          "tweet_id": 123456789012345678901234567890, "custom_tweet": 18446744073709551617,
          "deliver_notifications": "yes", "extra": [null, {}, []]
        }]
      }],
      "something_new": {"nested": [1.5e300, -99999999999999999999]}
    }"#,
    );
    assert_eq!(f.incidents.len(), 1);
    assert_eq!(f.incidents[0].updates[0].body.get(""), "ok");
}

#[test]
fn timestamps_with_and_without_fractions_and_mixed_offsets() {
    let f = parse(
        r#"{"incidents": [{
        "id": "i", "name": "N", "impact": "none", "status": "resolved",
        "started_at": "2023-10-29T02:30:00.5+02:00",
        "resolved_at": "2023-10-29T02:10:00+01:00",
        "incident_updates": [
          {"status": "resolved", "created_at": "2023-10-29T01:10:00Z"},
          {"status": "investigating", "created_at": "2023-10-29T00:31:00.123456-00:00"}
        ]}]}"#,
    );
    let i = &f.incidents[0];
    assert_eq!(i.started_at, at("2023-10-29T00:30:00.5Z"));
    assert_eq!(i.resolved_at, Some(at("2023-10-29T01:10:00Z")));
    assert_eq!(i.updates[0].at, at("2023-10-29T00:31:00.123456Z"));
}

// ---------------------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------------------

#[test]
fn updates_oldest_first_with_display_at() {
    let f = parse(
        r#"{"incidents": [{
        "id": "i", "name": "Slow", "impact": "minor", "status": "postmortem",
        "started_at": "2024-03-01T10:00:00Z", "resolved_at": "2024-03-01T12:00:00Z",
        "incident_updates": [
          {"id": "u4", "status": "Postmortem", "body": "Write-up", "created_at": "2024-03-02T09:00:00Z"},
          {"id": "u3", "status": "resolved", "body": "Fixed", "created_at": "2024-03-01T12:00:00Z", "display_at": null},
          {"id": "u2", "status": "in_progress", "body": "Typo’d 🚧", "created_at": "2024-03-01T11:30:00Z",
           "display_at": "2024-03-01T10:30:00Z"},
          {"id": "u1", "status": "investigating", "body": null, "created_at": "2024-03-01T10:05:00Z"},
          {"id": "u0", "status": "thinking", "body": "Hmm", "created_at": "2024-03-01T10:05:00Z"}
        ]}]}"#,
    );
    let i = &f.incidents[0];
    let got: Vec<(UpdateStatus, DateTime<Utc>)> =
        i.updates.iter().map(|u| (u.status.clone(), u.at)).collect();
    assert_eq!(
        got,
        vec![
            // Same time: the API lists newest first, so the later-listed one is older.
            (
                UpdateStatus::Unknown("thinking".into()),
                at("2024-03-01T10:05:00Z")
            ),
            (UpdateStatus::Investigating, at("2024-03-01T10:05:00Z")),
            // Back-dated by display_at.
            (UpdateStatus::InProgress, at("2024-03-01T10:30:00Z")),
            (UpdateStatus::Resolved, at("2024-03-01T12:00:00Z")),
            (UpdateStatus::Postmortem, at("2024-03-02T09:00:00Z")),
        ]
    );
    assert_eq!(i.updates[2].body.get("de"), "Typo’d 🚧");
    assert_eq!(i.updates[1].body.get(""), "");
    assert!(i.updates.iter().all(|u| u.label.is_none()));
    assert_eq!(i.status, UpdateStatus::Postmortem);
}

// ---------------------------------------------------------------------------------------
// Intervals
// ---------------------------------------------------------------------------------------

fn ac(code: &str, old: &str, new: &str) -> String {
    format!(
        r#"{{"code": "{code}", "name": "Name of {code}", "old_status": "{old}", "new_status": "{new}"}}"#
    )
}

fn upd(status: &str, time: &str, affected: &[String]) -> String {
    format!(
        r#"{{"status": "{status}", "body": "b", "created_at": "{time}", "display_at": "{time}", "affected_components": [{}]}}"#,
        affected.join(",")
    )
}

fn one_incident(fields: &str, updates: &[String]) -> Feed {
    // Listed newest first, as the API does.
    let list: Vec<&str> = updates.iter().rev().map(String::as_str).collect();
    parse(&format!(
        r#"{{"incidents": [{{"id": "i", "name": "N", {fields}, "incident_updates": [{}]}}]}}"#,
        list.join(",")
    ))
}

#[test]
fn intervals_follow_the_component_timeline() {
    let f = one_incident(
        r#""impact": "major", "status": "resolved", "started_at": "2024-04-01T09:55:00Z",
           "resolved_at": "2024-04-01T13:00:00Z",
           "components": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]"#,
        &[
            upd(
                "investigating",
                "2024-04-01T10:00:00Z",
                &[ac("a", "operational", "degraded_performance")],
            ),
            upd(
                "identified",
                "2024-04-01T10:30:00Z",
                &[
                    ac("a", "degraded_performance", "major_outage"),
                    ac("b", "operational", "partial_outage"),
                ],
            ),
            // Same status again changes nothing.
            upd(
                "identified",
                "2024-04-01T10:45:00Z",
                &[ac("a", "major_outage", "major_outage")],
            ),
            upd(
                "monitoring",
                "2024-04-01T11:00:00Z",
                &[ac("a", "major_outage", "operational")],
            ),
            // Unknown and under_maintenance.
            upd(
                "monitoring",
                "2024-04-01T11:30:00Z",
                &[
                    ac("b", "partial_outage", "sideways"),
                    ac("c", "operational", "degraded_performance"),
                ],
            ),
            upd(
                "monitoring",
                "2024-04-01T12:00:00Z",
                &[ac("c", "degraded_performance", "under_maintenance")],
            ),
            // b is still down when the incident resolves with no word on it.
            upd(
                "resolved",
                "2024-04-01T13:00:00Z",
                &[ac("a", "operational", "operational")],
            ),
        ],
    );
    let i = &f.incidents[0];
    assert_eq!(
        i.intervals,
        vec![
            iv(
                "a",
                Severity::Degraded,
                "2024-04-01T10:00:00Z",
                Some("2024-04-01T10:30:00Z")
            ),
            iv(
                "a",
                Severity::Major,
                "2024-04-01T10:30:00Z",
                Some("2024-04-01T11:00:00Z")
            ),
            iv(
                "b",
                Severity::Partial,
                "2024-04-01T10:30:00Z",
                Some("2024-04-01T13:00:00Z")
            ),
            iv(
                "c",
                Severity::Degraded,
                "2024-04-01T11:30:00Z",
                Some("2024-04-01T12:00:00Z")
            ),
        ]
    );
    // `c` is only named in affected_components, and still counts as touched.
    assert_eq!(i.components, ["a", "b", "c"]);
    assert_eq!(i.started_at, at("2024-04-01T09:55:00Z"));
}

#[test]
fn a_severity_change_at_the_same_instant_leaves_no_empty_piece() {
    let f = one_incident(
        r#""impact": "critical", "status": "resolved", "started_at": "2024-04-01T10:00:00Z",
           "resolved_at": "2024-04-01T11:00:00Z""#,
        &[
            upd(
                "investigating",
                "2024-04-01T10:00:00Z",
                &[ac("a", "operational", "degraded_performance")],
            ),
            upd(
                "investigating",
                "2024-04-01T10:00:00Z",
                &[ac("a", "degraded_performance", "major_outage")],
            ),
            upd(
                "resolved",
                "2024-04-01T11:00:00Z",
                &[ac("a", "major_outage", "operational")],
            ),
        ],
    );
    assert_eq!(
        f.incidents[0].intervals,
        vec![iv(
            "a",
            Severity::Major,
            "2024-04-01T10:00:00Z",
            Some("2024-04-01T11:00:00Z")
        )]
    );
}

#[test]
fn a_component_first_seen_already_down_is_down_from_the_start() {
    let f = one_incident(
        r#""impact": "major", "status": "resolved", "started_at": "2024-04-01T10:00:00Z",
           "resolved_at": "2024-04-01T11:00:00Z""#,
        &[
            r#"{"status": "investigating", "created_at": "2024-04-01T10:05:00Z", "affected_components": null}"#
                .to_string(),
            upd("identified", "2024-04-01T10:20:00Z", &[ac("a", "partial_outage", "partial_outage")]),
            upd("resolved", "2024-04-01T11:00:00Z", &[ac("a", "partial_outage", "operational")]),
        ],
    );
    assert_eq!(
        f.incidents[0].intervals,
        vec![iv(
            "a",
            Severity::Partial,
            "2024-04-01T10:00:00Z",
            Some("2024-04-01T11:00:00Z")
        )]
    );
}

#[test]
fn without_affected_components_the_impact_decides() {
    for (impact, want) in [
        ("critical", Some(Severity::Major)),
        ("major", Some(Severity::Partial)),
        ("minor", Some(Severity::Degraded)),
        ("none", None),
        ("maintenance-ish", None),
    ] {
        let f = parse(&format!(
            r#"{{"incidents": [{{"id": "i", "name": "N", "impact": "{impact}", "status": "resolved",
               "started_at": "2024-05-01T08:00:00Z", "resolved_at": "2024-05-01T09:00:00Z",
               "components": [{{"id": "a", "name": "A"}}, "b"],
               "incident_updates": [
                 {{"status": "resolved", "created_at": "2024-05-01T09:00:00Z", "affected_components": []}},
                 {{"status": "investigating", "created_at": "2024-05-01T08:10:00Z"}}]}}]}}"#
        ));
        let i = &f.incidents[0];
        assert_eq!(i.components, ["a", "b"], "impact {impact}");
        let want: Vec<ComponentImpact> = want
            .into_iter()
            .flat_map(|s| {
                ["a", "b"].map(|c| iv(c, s, "2024-05-01T08:00:00Z", Some("2024-05-01T09:00:00Z")))
            })
            .collect();
        assert_eq!(i.intervals, want, "impact {impact}");
    }
    // Without started_at, the start is created_at; while open, the interval stays open.
    let f = parse(
        r#"{"incidents": [{"id": "i", "name": "N", "impact": "major", "status": "identified",
           "created_at": "2024-05-01T08:00:00Z", "resolved_at": null,
           "components": [{"id": "a", "name": "A"}], "incident_updates": []}]}"#,
    );
    let i = &f.incidents[0];
    assert!(i.is_open());
    assert_eq!(i.status, UpdateStatus::Identified);
    assert_eq!(
        i.intervals,
        vec![iv("a", Severity::Partial, "2024-05-01T08:00:00Z", None)]
    );
}

#[test]
fn affected_components_that_never_go_down_give_no_interval() {
    let f = one_incident(
        r#""impact": "critical", "status": "resolved", "started_at": "2024-04-01T10:00:00Z",
           "resolved_at": "2024-04-01T11:00:00Z", "components": [{"id": "a"}]"#,
        &[upd(
            "resolved",
            "2024-04-01T11:00:00Z",
            &[ac("a", "operational", "operational")],
        )],
    );
    assert!(f.incidents[0].intervals.is_empty());
    assert_eq!(f.incidents[0].components, ["a"]);
}

#[test]
fn backfilled_incidents_never_give_negative_intervals() {
    // Entered at 15:00 (started_at) about an outage shown at 09:00 (display_at).
    let f = parse(
        r#"{"incidents": [{"id": "i", "name": "N", "impact": "major", "status": "resolved",
           "started_at": "2024-06-01T15:00:00Z", "created_at": "2024-06-01T09:00:00Z",
           "resolved_at": "2024-06-01T09:00:00Z", "components": [{"id": "a"}],
           "incident_updates": [{"status": "resolved", "created_at": "2024-06-01T15:00:01Z",
                                 "display_at": "2024-06-01T09:00:00Z", "affected_components": null}]}]}"#,
    );
    let i = &f.incidents[0];
    assert_eq!(i.started_at, at("2024-06-01T09:00:00Z"));
    assert_eq!(i.resolved_at, Some(at("2024-06-01T09:00:00Z")));
    assert_eq!(
        i.intervals,
        vec![iv(
            "a",
            Severity::Partial,
            "2024-06-01T09:00:00Z",
            Some("2024-06-01T09:00:00Z")
        )]
    );
    // Resolved before it started, with nothing earlier to go by: zero length, clamped.
    let f = parse(
        r#"{"incidents": [{"id": "j", "name": "N", "impact": "critical", "status": "resolved",
           "started_at": "2024-06-01T15:00:00Z", "resolved_at": "2024-06-01T09:00:00Z",
           "components": [{"id": "a"}],
           "incident_updates": [{"status": "investigating", "created_at": "2024-06-01T16:00:00Z",
              "affected_components": [{"code": "a", "old_status": "operational", "new_status": "major_outage"}]}]}]}"#,
    );
    let j = &f.incidents[0];
    assert_eq!(j.resolved_at, Some(j.started_at));
    assert_eq!(
        j.intervals,
        vec![iv(
            "a",
            Severity::Major,
            "2024-06-01T15:00:00Z",
            Some("2024-06-01T15:00:00Z")
        )]
    );
}

#[test]
fn open_incidents_keep_open_intervals() {
    let f = one_incident(
        r#""impact": "minor", "status": "monitoring", "started_at": "2024-07-01T10:00:00Z",
           "resolved_at": null"#,
        &[
            upd(
                "investigating",
                "2024-07-01T10:01:00Z",
                &[ac("a", "operational", "partial_outage")],
            ),
            upd(
                "monitoring",
                "2024-07-01T11:00:00Z",
                &[ac("a", "partial_outage", "degraded_performance")],
            ),
        ],
    );
    let i = &f.incidents[0];
    assert!(i.is_open());
    assert_eq!(i.status, UpdateStatus::Monitoring);
    assert_eq!(
        i.intervals,
        vec![
            iv(
                "a",
                Severity::Partial,
                "2024-07-01T10:01:00Z",
                Some("2024-07-01T11:00:00Z")
            ),
            iv("a", Severity::Degraded, "2024-07-01T11:00:00Z", None),
        ]
    );
}

#[test]
fn a_resolved_incident_without_resolved_at_is_closed_by_its_update() {
    let f = one_incident(
        r#""impact": "minor", "status": "resolved", "started_at": "2024-07-01T10:00:00Z""#,
        &[
            upd(
                "investigating",
                "2024-07-01T10:00:00Z",
                &[ac("a", "operational", "partial_outage")],
            ),
            upd("resolved", "2024-07-01T10:40:00Z", &[]),
        ],
    );
    let i = &f.incidents[0];
    assert_eq!(i.resolved_at, Some(at("2024-07-01T10:40:00Z")));
    assert_eq!(
        i.intervals,
        vec![iv(
            "a",
            Severity::Partial,
            "2024-07-01T10:00:00Z",
            Some("2024-07-01T10:40:00Z")
        )]
    );
}

// ---------------------------------------------------------------------------------------
// Maintenances
// ---------------------------------------------------------------------------------------

#[test]
fn maintenances_are_told_apart_and_get_their_windows() {
    let f = parse(
        r#"{
      "page": {"id": "p", "name": "P", "url": "https://status.example.test"},
      "incidents": [
        {"id": "by-impact", "name": "DB upgrade", "impact": "maintenance", "status": "completed",
         "created_at": "2024-08-01T00:00:00Z", "scheduled_for": null,
         "incident_updates": [
           {"status": "completed", "created_at": "2024-08-02T03:00:00Z"},
           {"status": "verifying", "created_at": "2024-08-02T02:30:00Z"},
           {"status": "in_progress", "created_at": "2024-08-02T01:05:00Z",
            "affected_components": [{"code": "db", "old_status": "operational", "new_status": "under_maintenance"}]},
           {"status": "scheduled", "created_at": "2024-08-01T00:00:00Z"}]},
        {"id": "by-window", "name": "Network", "impact": "none", "status": "scheduled",
         "created_at": "2024-08-03T00:00:00Z",
         "scheduled_for": "2024-08-10T22:00:00+02:00", "scheduled_until": "2024-08-11T00:00:00+02:00",
         "components": [{"id": "net", "name": "Network"}],
         "incident_updates": [{"status": "scheduled", "created_at": "2024-08-03T00:00:00Z"}]},
        {"id": "real", "name": "Outage", "impact": "minor", "status": "resolved",
         "created_at": "2024-08-05T00:00:00Z", "resolved_at": "2024-08-05T01:00:00Z",
         "scheduled_for": null, "scheduled_until": null, "incident_updates": []}
      ],
      "scheduled_maintenances": [
        {"id": "listed", "name": "Auto-started", "impact": "minor", "status": "in_progress",
         "scheduled_for": "2024-08-20T01:00:00Z", "scheduled_until": "2024-08-20T00:00:00Z",
         "shortlink": "https://stspg.io/x", "incident_updates": []}
      ]
    }"#,
    );
    assert_eq!(
        f.incidents
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        ["real"]
    );
    let ids: Vec<&str> = f.maintenances.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        ["listed", "by-window", "by-impact"],
        "newest planned start first"
    );

    let m = &f.maintenances[2];
    assert_eq!(m.status, UpdateStatus::Completed);
    assert_eq!(m.scheduled_start, at("2024-08-01T00:00:00Z"));
    assert_eq!(m.scheduled_end, m.scheduled_start);
    assert_eq!(m.actual_start, Some(at("2024-08-02T01:05:00Z")));
    assert_eq!(m.actual_end, Some(at("2024-08-02T03:00:00Z")));
    assert_eq!(m.components, ["db"]);
    assert_eq!(m.updates.len(), 4);
    assert_eq!(m.updates[0].status, UpdateStatus::Scheduled);
    assert_eq!(
        m.url.as_deref(),
        Some("https://status.example.test/incidents/by-impact")
    );

    let w = &f.maintenances[1];
    assert_eq!(w.scheduled_start, at("2024-08-10T20:00:00Z"));
    assert_eq!(w.scheduled_end, at("2024-08-10T22:00:00Z"));
    assert_eq!((w.actual_start, w.actual_end), (None, None));
    assert_eq!(w.components, ["net"]);

    // In progress with no update saying so: it began as planned. A planned end before
    // the planned start is clamped.
    let l = &f.maintenances[0];
    assert_eq!(l.status, UpdateStatus::InProgress);
    assert_eq!(l.actual_start, Some(at("2024-08-20T01:00:00Z")));
    assert_eq!(l.scheduled_end, l.scheduled_start);
    assert_eq!(l.actual_end, None);
}

#[test]
fn incidents_sort_newest_first_and_link_to_the_page() {
    let f = parse(
        r#"{"page": {"id": "p", "name": "P", "url": "https://s.example.test/"},
        "incidents": [
          {"id": "old", "name": "O", "impact": "minor", "started_at": "2024-01-01T00:00:00Z", "shortlink": "https://stspg.io/o"},
          {"id": "new", "name": "N", "impact": "minor", "started_at": "2024-03-01T00:00:00Z"},
          {"id": "mid", "name": "M", "impact": "minor", "started_at": "2024-02-01T00:00:00Z"}]}"#,
    );
    let ids: Vec<&str> = f.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["new", "mid", "old"]);
    assert_eq!(
        f.incident("old").unwrap().url.as_deref(),
        Some("https://s.example.test/incidents/old")
    );
    let f = parse(
        r#"{"incidents": [{"id": "o", "name": "O", "impact": "minor",
            "started_at": "2024-01-01T00:00:00Z", "shortlink": "https://stspg.io/o"}]}"#,
    );
    assert_eq!(f.incidents[0].url.as_deref(), Some("https://stspg.io/o"));
    assert_eq!(f.incidents[0].impact, Impact::Minor);
}

// ---------------------------------------------------------------------------------------
// Combining documents
// ---------------------------------------------------------------------------------------

const STATUS_ONLY: &str = r#"{"page": {"id": "p", "name": "P", "url": "https://p.test",
  "time_zone": "Asia/Seoul", "updated_at": "2024-09-01T12:00:00Z"},
  "status": {"indicator": "minor", "description": "Minor"}}"#;

const UNRESOLVED: &str = r#"{"page": {"id": "p", "name": "P", "updated_at": "2024-09-01T10:00:00Z"},
  "incidents": [{"id": "i1", "name": "Slow", "impact": "minor", "status": "investigating",
    "started_at": "2024-09-01T09:00:00Z", "updated_at": "2024-09-01T09:00:00Z", "resolved_at": null,
    "incident_updates": [{"id": "u1", "status": "investigating", "created_at": "2024-09-01T09:00:00Z",
      "affected_components": [{"code": "c1", "old_status": "operational", "new_status": "partial_outage"}]}]}]}"#;

const INCIDENTS: &str = r#"{"page": {"id": "p", "name": "P"},
  "incidents": [
    {"id": "i1", "name": "Slow API", "impact": "major", "status": "resolved",
     "started_at": "2024-09-01T09:00:00Z", "updated_at": "2024-09-01T11:00:00Z",
     "resolved_at": "2024-09-01T11:00:00Z", "components": [{"id": "c1", "name": "Old name", "position": 9}],
     "incident_updates": [
       {"id": "u2", "status": "resolved", "created_at": "2024-09-01T11:00:00Z",
        "affected_components": [{"code": "c1", "old_status": "partial_outage", "new_status": "operational"}]},
       {"id": "u1", "status": "investigating", "created_at": "2024-09-01T09:00:00Z",
        "affected_components": [{"code": "c1", "old_status": "operational", "new_status": "partial_outage"}]}]},
    {"id": "i0", "name": "Earlier", "impact": "none", "status": "resolved",
     "started_at": "2024-08-01T09:00:00Z", "resolved_at": "2024-08-01T10:00:00Z", "incident_updates": []}]}"#;

const COMPONENTS: &str = r#"{"page": {"id": "p", "name": "P"},
  "components": [{"id": "c1", "name": "API", "status": "operational", "position": 1,
                  "updated_at": "2024-09-01T11:00:00Z"}]}"#;

#[test]
fn combined_documents_merge_by_id() {
    for order in [
        [STATUS_ONLY, UNRESOLVED, INCIDENTS, COMPONENTS],
        [COMPONENTS, INCIDENTS, UNRESOLVED, STATUS_ONLY],
    ] {
        let docs: Vec<&[u8]> = order.iter().map(|s| s.as_bytes()).collect();
        let f = statuspage::parse_many(&docs).unwrap();
        assert_eq!(f.page.url.as_deref(), Some("https://p.test"));
        assert_eq!(f.page.time_zone.as_deref(), Some("Asia/Seoul"));
        assert_eq!(f.updated_at, Some(at("2024-09-01T12:00:00Z")));
        assert_eq!(f.declared.as_ref().unwrap().indicator, Indicator::Minor);
        // The page's component list wins over components embedded in incidents.
        assert_eq!(f.components.len(), 1);
        assert_eq!(f.components[0].name.get(""), "API");
        // The richer, newer version of i1 wins whichever order the files came in.
        let ids: Vec<&str> = f.incidents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["i1", "i0"]);
        let i1 = &f.incidents[0];
        assert_eq!(i1.title.get(""), "Slow API");
        assert_eq!(i1.status, UpdateStatus::Resolved);
        assert_eq!(i1.updates.len(), 2);
        assert_eq!(
            i1.intervals,
            vec![iv(
                "c1",
                Severity::Partial,
                "2024-09-01T09:00:00Z",
                Some("2024-09-01T11:00:00Z")
            )]
        );
        assert_eq!(i1.url.as_deref(), Some("https://p.test/incidents/i1"));
    }
    // parse_feeds routes several Statuspage files to parse_many.
    let f = parse_feeds(&[STATUS_ONLY.as_bytes(), INCIDENTS.as_bytes()]).unwrap();
    assert_eq!(f.incidents.len(), 2);
}

#[test]
fn a_later_version_adds_updates_the_earlier_lacked() {
    // Same updated_at: the one with more updates wins, and missing updates are added.
    let a = r#"{"incidents": [{"id": "i", "name": "A", "impact": "minor", "status": "identified",
        "started_at": "2024-01-01T00:00:00Z",
        "incident_updates": [{"id": "x", "status": "investigating", "created_at": "2024-01-01T00:00:00Z"},
                             {"id": "y", "status": "identified", "created_at": "2024-01-01T00:10:00Z"}]}]}"#;
    let b = r#"{"incidents": [{"id": "i", "name": "B", "impact": "minor", "status": "monitoring",
        "started_at": "2024-01-01T00:00:00Z",
        "incident_updates": [{"id": "z", "status": "monitoring", "created_at": "2024-01-01T00:20:00Z"}]}]}"#;
    let f = statuspage::parse_many(&[a.as_bytes(), b.as_bytes()]).unwrap();
    let i = &f.incidents[0];
    assert_eq!(i.title.get(""), "A");
    let statuses: Vec<&str> = i.updates.iter().map(|u| u.status.as_wire()).collect();
    assert_eq!(statuses, ["investigating", "identified", "monitoring"]);
}

#[test]
fn incidents_alone_name_their_components() {
    let f = statuspage::parse(INCIDENTS.as_bytes()).unwrap();
    assert_eq!(f.components.len(), 1);
    assert_eq!(f.components[0].id, "c1");
    assert_eq!(f.components[0].name.get(""), "Old name");
}

// ---------------------------------------------------------------------------------------
// Errors and odd but valid input
// ---------------------------------------------------------------------------------------

#[cfg(feature = "json-paths")]
fn json_error_path(input: &str) -> String {
    match statuspage::parse(input.as_bytes()) {
        Err(FeedError::Json { path, .. }) => path,
        other => panic!("expected a JSON error for {input}, got {other:?}"),
    }
}

#[test]
#[cfg(feature = "json-paths")]
fn malformed_input_gives_typed_errors_with_paths() {
    assert_eq!(
        json_error_path(
            r#"{"incidents": [{"id": "a", "incident_updates": [
                {"created_at": "2024-01-01T00:00:00Z"}, {"created_at": "last tuesday"}]}]}"#
        ),
        "incidents[0].incident_updates[1].created_at"
    );
    assert_eq!(
        json_error_path(r#"{"components": [{"id": "a"}, {"name": "no id"}]}"#),
        "components[1]"
    );
    assert_eq!(
        json_error_path(r#"{"components": [{"id": "a", "start_date": "soon"}]}"#),
        "components[0].start_date"
    );
    assert_eq!(
        json_error_path(r#"{"scheduled_maintenances": [{"id": 7}]}"#),
        "scheduled_maintenances[0].id"
    );
    assert!(json_error_path(r#"{"page": {"name": "P""#).starts_with("page"));
    assert!(matches!(
        statuspage::parse(b" [null, null, [], null, null]"),
        Err(FeedError::Invalid { path, .. }) if path == "."
    ));
    assert_eq!(json_error_path(""), ".");
    assert!(matches!(
        statuspage::parse(b"{}"),
        Err(FeedError::Invalid { path, .. }) if path == "."
    ));
    match statuspage::parse(
        br#"{"incidents": [{"id": "a", "started_at": "2024-01-01T00:00:00Z", "incident_updates": [{"status": "resolved"}]}]}"#,
    ) {
        Err(FeedError::Invalid { path, .. }) => assert_eq!(path, "incidents[0].incident_updates[0]"),
        other => panic!("expected an invalid-feed error, got {other:?}"),
    }
    match statuspage::parse(br#"{"incidents": [{"id": "a", "name": "timeless"}]}"#) {
        Err(FeedError::Invalid { path, .. }) => assert_eq!(path, "incidents[0]"),
        other => panic!("expected an invalid-feed error, got {other:?}"),
    }
    // With several documents, the message says which one.
    match statuspage::parse_many(&[STATUS_ONLY.as_bytes(), b"{\"page\": 3}"]) {
        Err(e @ FeedError::Json { .. }) => {
            assert!(e.to_string().contains("document 2 of 2"), "{e}")
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    assert!(statuspage::parse_many(&[]).is_err());
}

#[test]
fn odd_but_valid_feeds_parse() {
    for doc in [
        r#"{"page": {"id": "p", "name": "Empty"}}"#,
        r#"{"components": [], "incidents": [], "scheduled_maintenances": []}"#,
        r#"{"page": null, "status": {"indicator": "none", "description": "Fine"}, "components": null}"#,
        "\u{feff}{\"incidents\": []}",
    ] {
        let f = parse(doc);
        assert!(f.components.is_empty() && f.incidents.is_empty() && f.maintenances.is_empty());
    }
    let f = parse_feed(br#"{"page": {"id": "p", "name": "Empty"}}"#).unwrap();
    assert_eq!(f.kind, FeedKind::StatuspageV2);
}

// ---------------------------------------------------------------------------------------
// Real fixtures
// ---------------------------------------------------------------------------------------

fn fixtures_dir() -> PathBuf {
    std::env::var_os("STATUSLIGHT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
        })
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join("statuspage-v2").join(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "fixture {} is missing ({e}); set STATUSLIGHT_FIXTURES to the shared fixtures folder",
            path.display()
        )
    })
}

fn load(name: &str) -> Feed {
    let bytes = fixture(name);
    assert_eq!(detect(&bytes), Some(FeedKind::StatuspageV2), "{name}");
    parse_feed(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Structural rules every parsed feed must keep.
fn check_invariants(f: &Feed) {
    for i in &f.incidents {
        if let Some(r) = i.resolved_at {
            assert!(r >= i.started_at, "{}: resolved before start", i.id);
        }
        assert!(i.updates.windows(2).all(|w| w[0].at <= w[1].at), "{}", i.id);
        for v in &i.intervals {
            assert!(v.start >= i.started_at, "{}: interval before start", i.id);
            assert!(i.components.contains(&v.component_id), "{}", i.id);
            match (v.end, i.resolved_at) {
                (Some(e), Some(r)) => assert!(v.start <= e && e <= r, "{}: {v:?}", i.id),
                (Some(e), None) => assert!(v.start <= e, "{}: {v:?}", i.id),
                (None, None) => {}
                (end, res) => panic!("{}: interval end {end:?} with resolved_at {res:?}", i.id),
            }
        }
    }
    assert!(f
        .incidents
        .windows(2)
        .all(|w| w[0].started_at >= w[1].started_at));
    for m in &f.maintenances {
        assert!(m.scheduled_end >= m.scheduled_start, "{}", m.id);
        if let (Some(s), Some(e)) = (m.actual_start, m.actual_end) {
            assert!(s <= e, "{}", m.id);
        }
    }
    assert!(f
        .maintenances
        .windows(2)
        .all(|w| w[0].scheduled_start >= w[1].scheduled_start));
}

#[test]
fn box_summary_groups() {
    let f = load("box-summary-2024-01-31-groups.json");
    check_invariants(&f);
    assert_eq!(f.page.name.get(""), "Box");
    assert_eq!(f.page.time_zone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(f.updated_at, Some(at("2024-01-31T18:34:03.968Z")));
    assert_eq!(f.declared.as_ref().unwrap().indicator, Indicator::None);
    assert_eq!(f.components.len(), 73);
    let groups: Vec<_> = f.components.iter().filter(|c| c.is_group).collect();
    assert_eq!(groups.len(), 8);
    assert_eq!(
        f.components.iter().filter(|c| c.group_id.is_some()).count(),
        61
    );
    let web = f.component("l6vzpnn62cgq").unwrap();
    assert_eq!(web.name.get(""), "Box Web Application");
    assert_eq!(f.children_of("l6vzpnn62cgq").count(), 20);
    assert_eq!(f.children_of("vggytbdllrjt").count(), 11);
    assert_eq!(f.children_of("n48wl8ns3z3w").count(), 1);
    assert_eq!(f.children_of("gvf2t5yy82hv").count(), 9);
    // Three distinct "Login/SSO" components in three groups.
    let logins: Vec<_> = f
        .components
        .iter()
        .filter(|c| c.name.get("") == "Login/SSO")
        .collect();
    assert_eq!(logins.len(), 3);
    let mut groups_of_logins: Vec<_> = logins.iter().map(|c| c.group_id.clone()).collect();
    groups_of_logins.dedup();
    assert_eq!(groups_of_logins.len(), 3);
    // Positions restart inside each group.
    assert!(f.components.iter().filter(|c| c.position == 1).count() >= 8);
    assert_eq!(
        f.component("dkthw2r4fg6m").unwrap().start_date,
        NaiveDate::from_ymd_opt(2023, 3, 27)
    );
    assert!(f
        .components
        .iter()
        .all(|c| !c.showcase && !c.only_show_if_degraded));
    assert!(f
        .components
        .iter()
        .all(|c| c.status == Some(ComponentStatus::Operational)));
}

#[test]
fn github_incidents_history() {
    let f = load("github-incidents-2026-07-31.json");
    check_invariants(&f);
    assert_eq!(f.incidents.len(), 50);
    assert!(f.maintenances.is_empty());
    assert!(f.incidents.iter().all(|i| !i.is_open()));
    assert_eq!(
        f.incidents.iter().map(|i| i.updates.len()).sum::<usize>(),
        287
    );
    assert_eq!(f.incidents[0].id, "9tpgqq1h4bs7");
    assert_eq!(f.incidents[49].id, "rhqcgg8lg6mm");
    // No components list: the components embedded in incidents name them.
    assert_eq!(f.components.len(), 10);
    assert_eq!(f.component("br0l2tvcx85d").unwrap().name.get(""), "Actions");

    // Actions worsens and recovers in steps; Pages joins late.
    let i = incident(&f, "cstx3v63mklm");
    assert_eq!(i.impact, Impact::Critical);
    assert_eq!(i.started_at, at("2026-07-09T04:34:24.849Z"));
    assert_eq!(i.resolved_at, Some(at("2026-07-09T13:52:16.870Z")));
    assert_eq!(i.components, ["br0l2tvcx85d", "vg70hn9s2tyj"]);
    let actions = "br0l2tvcx85d";
    let pages = "vg70hn9s2tyj";
    assert_eq!(
        i.intervals,
        vec![
            iv(
                actions,
                Severity::Degraded,
                "2026-07-09T04:34:25.065Z",
                Some("2026-07-09T10:07:04.149Z")
            ),
            iv(
                actions,
                Severity::Partial,
                "2026-07-09T10:07:04.149Z",
                Some("2026-07-09T12:46:13.778Z")
            ),
            iv(
                pages,
                Severity::Degraded,
                "2026-07-09T12:36:33.719Z",
                Some("2026-07-09T13:39:48.103Z")
            ),
            iv(
                actions,
                Severity::Major,
                "2026-07-09T12:46:13.778Z",
                Some("2026-07-09T13:16:36.183Z")
            ),
            iv(
                actions,
                Severity::Partial,
                "2026-07-09T13:16:36.183Z",
                Some("2026-07-09T13:39:48.103Z")
            ),
        ]
    );
    let statuses: Vec<&UpdateStatus> = i.updates.iter().map(|u| &u.status).collect();
    assert_eq!(statuses.len(), 14);
    assert_eq!(statuses[0], &UpdateStatus::Investigating);
    assert_eq!(statuses[11], &UpdateStatus::Monitoring);
    assert_eq!(statuses[13], &UpdateStatus::Resolved);

    let i = incident(&f, "75g5xmzptjqb");
    let statuses: Vec<&str> = i.updates.iter().map(|u| u.status.as_wire()).collect();
    assert_eq!(
        statuses,
        ["investigating", "investigating", "monitoring", "resolved"]
    );
    assert!(i.updates[3]
        .body
        .get("")
        .starts_with("On July 29, 2026, from 14:51 UTC"));

    // Some updates without affected_components: the others still give the timeline.
    let i = incident(&f, "gxycch3076xk");
    assert_eq!(
        i.intervals,
        vec![iv(
            "brv1bkgrwx7q",
            Severity::Degraded,
            "2026-07-16T22:58:23.315Z",
            Some("2026-07-17T00:00:47.214Z")
        )]
    );

    // Back-filled: entered at 15:56 about an event shown at 11:00.
    let i = incident(&f, "594m87r8sw13");
    assert_eq!(i.impact, Impact::None);
    assert_eq!(i.started_at, at("2026-07-24T11:00:00Z"));
    assert_eq!(i.resolved_at, Some(at("2026-07-24T11:00:00Z")));
    assert_eq!(i.updates.len(), 1);
    assert_eq!(i.updates[0].at, at("2026-07-24T11:00:00Z"));
    assert!(i.components.is_empty() && i.intervals.is_empty());

    // An incident with no components: no intervals, whatever its impact.
    let i = incident(&f, "d35pngcy6sb9");
    assert_eq!(i.impact, Impact::Critical);
    assert!(i.components.is_empty() && i.intervals.is_empty());
    assert_eq!(
        i.url.as_deref(),
        Some("https://www.githubstatus.com/incidents/d35pngcy6sb9")
    );
}

#[test]
fn github_summary_plus_incidents_plus_status() {
    let summary = fixture("github-summary-2026-07-31.json");
    let incidents = fixture("github-incidents-2026-07-31.json");
    let status = fixture("github-status-2023-09-26.json");
    let f = parse_feeds(&[&summary, &incidents, &status]).unwrap();
    check_invariants(&f);
    assert_eq!(f.components.len(), 12);
    assert_eq!(f.components[0].name.get(""), "Git Operations");
    let hidden = f.component("0l2p9nhqnxpd").unwrap();
    assert!(!hidden.showcase);
    assert_eq!(
        f.component("pjmpxvq2cmr2").unwrap().start_date,
        NaiveDate::from_ymd_opt(2022, 6, 21)
    );
    assert_eq!(f.incidents.len(), 50);
    assert_eq!(f.updated_at, Some(at("2026-07-31T03:29:01.470Z")));
    assert_eq!(f.page.time_zone.as_deref(), Some("Etc/UTC"));
    assert_eq!(f.declared.as_ref().unwrap().indicator, Indicator::None);

    // The declared status comes from the newest document that has one: a 2023 status.json
    // listed last does not override the 2026 summary.
    let claude = fixture("claude-summary-2026-10-07-sortedkeys.json");
    let old_status = br#"{"page": {"id": "tymt9n04zgry", "updated_at": "2023-01-01T00:00:00Z"},
        "status": {"indicator": "critical", "description": "Old news"}}"#;
    let f = statuspage::parse_many(&[&claude, old_status]).unwrap();
    assert_eq!(f.declared.unwrap().indicator, Indicator::Minor);
    assert_eq!(f.updated_at, Some(at("2026-10-07T23:44:53.565Z")));

    let s = load("github-status-2023-09-26.json");
    assert!(s.components.is_empty() && s.incidents.is_empty());
    assert_eq!(
        s.declared.unwrap().description.get(""),
        "All Systems Operational"
    );
}

#[test]
fn claude_scheduled_maintenances() {
    let f = load("claude-scheduled-maintenances-2026-09-15.json");
    check_invariants(&f);
    assert!(f.incidents.is_empty());
    let ids: Vec<&str> = f.maintenances.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["x017628t2rl5", "16z0qdmy3qv2"]);
    let m = &f.maintenances[0];
    assert_eq!(m.status, UpdateStatus::Completed);
    assert_eq!(m.scheduled_start, at("2025-08-29T01:25:00Z"));
    assert_eq!(m.scheduled_end, at("2025-08-29T02:40:00Z"));
    assert_eq!(m.actual_start, Some(at("2025-08-29T01:25:21.416Z")));
    assert_eq!(m.actual_end, Some(at("2025-08-29T02:40:21.277Z")));
    assert_eq!(m.components, ["rwppv331jlwc"]);
    let statuses: Vec<&str> = m.updates.iter().map(|u| u.status.as_wire()).collect();
    assert_eq!(
        statuses,
        ["scheduled", "in_progress", "verifying", "completed"]
    );
    let m = &f.maintenances[1];
    assert_eq!(m.scheduled_start, at("2024-12-15T01:00:00Z"));
    assert_eq!(m.scheduled_end, at("2024-12-15T01:30:00Z"));
    assert_eq!(m.actual_start, Some(at("2024-12-15T01:00:21.436Z")));
    assert_eq!(m.actual_end, Some(at("2024-12-15T01:26:47.953Z")));
    assert_eq!(m.components, ["rwppv331jlwc", "0qbwn08sd68x"]);
}

#[test]
fn claude_summary_open_incident() {
    let f = load("claude-summary-2026-10-07-sortedkeys.json");
    check_invariants(&f);
    assert_eq!(f.components.len(), 6);
    assert_eq!(f.declared.as_ref().unwrap().indicator, Indicator::Minor);
    let console = f.component("0qbwn08sd68x").unwrap();
    assert_eq!(console.status, Some(ComponentStatus::DegradedPerformance));
    assert_eq!(f.incidents.len(), 1);
    let i = &f.incidents[0];
    assert!(i.is_open());
    assert_eq!(i.status, UpdateStatus::Monitoring);
    assert_eq!(i.impact, Impact::Major);
    assert_eq!(i.started_at, at("2026-10-07T13:25:04.155Z"));
    assert_eq!(
        i.intervals,
        vec![
            iv(
                "0qbwn08sd68x",
                Severity::Partial,
                "2026-10-07T13:25:04.271Z",
                Some("2026-10-07T21:44:41.466Z")
            ),
            iv(
                "0qbwn08sd68x",
                Severity::Degraded,
                "2026-10-07T21:44:41.466Z",
                None
            ),
        ]
    );
    assert_eq!(i.updates[2].status, UpdateStatus::Identified);
    let o = overall(&f, at("2026-10-08T00:00:00Z"));
    assert_eq!(o.level, Level::Degraded);
    assert_eq!(o.open_incidents, ["978mjkgw6mh7"]);
}

#[test]
fn openai_incident_io_reduced_schema() {
    let f = load("openai-incidentio-summary-2026-09-29-sortedkeys.json");
    check_invariants(&f);
    assert_eq!(f.page.time_zone, None);
    assert_eq!(f.page.url.as_deref(), Some("https://status.openai.com/"));
    assert_eq!(f.components.len(), 25);
    assert!(f
        .components
        .iter()
        .all(|c| !c.is_group && c.group_id.is_none()));
    assert_eq!(f.components[0].position, 0);
    assert_eq!(
        f.components
            .iter()
            .filter(|c| c.status == Some(ComponentStatus::DegradedPerformance))
            .count(),
        22
    );
    assert_eq!(f.incidents.len(), 2);
    let i = &f.incidents[0];
    assert_eq!(i.id, "01M3Q4RK1SM4EMK445GGPG7C0N");
    assert!(i.is_open());
    assert_eq!(i.started_at, at("2026-09-29T17:52:52Z"));
    assert!(i.components.is_empty() && i.intervals.is_empty());
    assert_eq!(
        i.url.as_deref(),
        Some("https://status.openai.com/incidents/01M3Q4RK1SM4EMK445GGPG7C0N")
    );
    assert!(f.incidents[1].updates[1]
        .body
        .get("")
        .contains("[support@openai.com]"));
    assert_eq!(f.incidents[1].impact, Impact::None);
}

#[test]
fn personio_german_text_and_time_zone() {
    let f = load("personio-summary-2024-01-31-de.json");
    check_invariants(&f);
    assert_eq!(f.page.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(f.updated_at, Some(at("2024-01-31T18:34:25.467Z")));
    let c = f.component("prkxj4m6hpm1").unwrap();
    assert!(c
        .description
        .as_ref()
        .unwrap()
        .get("de")
        .contains("Systemverfügbarkeit"));
    assert_eq!(f.components.len(), 6);
    assert_eq!(f.maintenances.len(), 1);
    let m = &f.maintenances[0];
    assert_eq!(m.status, UpdateStatus::Scheduled);
    assert_eq!(m.scheduled_start, at("2024-02-06T21:00:00Z"));
    assert_eq!(m.scheduled_end, at("2024-02-06T23:00:00Z"));
    assert_eq!((m.actual_start, m.actual_end), (None, None));
    assert_eq!(m.components, ["prkxj4m6hpm1"]);
}

// ---------------------------------------------------------------------------------------
// Never panic
// ---------------------------------------------------------------------------------------

fn all_fixtures() -> &'static [Vec<u8>] {
    static ALL: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    ALL.get_or_init(|| {
        let dir = fixtures_dir().join("statuspage-v2");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("fixture folder {} is missing: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        let all: Vec<Vec<u8>> = paths
            .iter()
            .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
            .collect();
        assert!(!all.is_empty(), "no fixtures in {}", dir.display());
        all
    })
}

/// One edit to a byte string.
#[derive(Clone, Debug)]
enum Edit {
    Set(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        (
            any::<usize>(),
            prop::sample::select(vec![
                b"null".to_vec(),
                b"\"\"".to_vec(),
                b"[]".to_vec(),
                b"{}".to_vec(),
                b"\"[]\"".to_vec(),
                b"99999999999999999999999".to_vec(),
                b"-1".to_vec(),
                b"\"9999-99-99T99:99:99Z\"".to_vec(),
                b"\"2024-01-01T00:00:00Z\"".to_vec(),
                b"\"major_outage\"".to_vec(),
                b",".to_vec(),
                b"\"".to_vec(),
                b"\\u0000".to_vec(),
            ])
        )
            .prop_map(|(i, s)| Edit::Insert(i, s)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Set(i, b) if len > 0 => bytes[i % len] = *b,
            Edit::Delete(i, n) if len > 0 => {
                let start = i % len;
                let end = (start + n).min(len);
                bytes.drain(start..end);
            }
            Edit::Insert(i, s) => {
                let at = i % (len + 1);
                bytes.splice(at..at, s.iter().copied());
            }
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = statuspage::parse(&bytes);
        let _ = parse_feed(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(
        // Statuspage-shaped keys with values of any JSON type.
        doc in prop::collection::vec(
            (prop::sample::select(vec!["page", "status", "components", "incidents",
                                        "scheduled_maintenances", "id", "x"]),
             prop::sample::select(vec!["null", "1", "\"s\"", "[]", "{}", "[{}]", "[{\"id\": \"a\"}]",
                                        "[{\"id\": \"a\", \"incident_updates\": [{}]}]",
                                        "{\"indicator\": 5}", "[\"a\"]", "true"])),
            0..6)
    ) {
        let body: Vec<String> = doc.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        let json = format!("{{{}}}", body.join(","));
        let _ = statuspage::parse(json.as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let all = all_fixtures();
        let original = &all[which.index(all.len())];
        let mutated = apply(original.clone(), &edits);
        if let Ok(feed) = statuspage::parse(&mutated) {
            check_invariants(&feed);
        }
        let _ = parse_feed(&mutated);
        let _ = statuspage::parse_many(&[original, &mutated]);
    }
}

/// A generated incident timeline: times, statuses and affected components at random.
fn timeline() -> impl Strategy<Value = String> {
    let status = prop::sample::select(vec![
        "operational",
        "degraded_performance",
        "partial_outage",
        "major_outage",
        "under_maintenance",
        "weird",
    ]);
    let entry = (
        prop::sample::select(vec!["a", "b", ""]),
        status.clone(),
        status,
    );
    let update = (
        0i64..100_000,
        prop::collection::vec(entry, 0..3),
        any::<bool>(),
    );
    (
        prop::collection::vec(update, 0..8),
        prop::option::of(0i64..100_000),
        prop::option::of(0i64..100_000),
        prop::sample::select(vec!["critical", "major", "minor", "none", "maintenance", "?"]),
    )
        .prop_map(|(updates, started, resolved, impact)| {
            let t = |s: i64| {
                (at("2024-01-01T00:00:00Z") + chrono::Duration::seconds(s))
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            };
            let ups: Vec<String> = updates
                .into_iter()
                .map(|(s, entries, with)| {
                    let ac = if with {
                        let e: Vec<String> = entries
                            .into_iter()
                            .map(|(c, o, n)| ac(c, o, n))
                            .collect();
                        format!("[{}]", e.join(","))
                    } else {
                        "null".to_string()
                    };
                    format!(
                        r#"{{"status": "investigating", "created_at": "{}", "affected_components": {ac}}}"#,
                        t(s)
                    )
                })
                .collect();
            format!(
                r#"{{"incidents": [{{"id": "i", "name": "N", "impact": "{impact}",
                   "created_at": "{}", "started_at": {}, "resolved_at": {},
                   "components": [{{"id": "a"}}], "incident_updates": [{}]}}]}}"#,
                t(50_000),
                started.map_or("null".into(), |s| format!("\"{}\"", t(s))),
                resolved.map_or("null".into(), |s| format!("\"{}\"", t(s))),
                ups.join(",")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn generated_timelines_keep_the_invariants(json in timeline()) {
        let feed = statuspage::parse(json.as_bytes()).expect("generated feeds are valid");
        check_invariants(&feed);
        let all: usize = feed.incidents.len() + feed.maintenances.len();
        prop_assert_eq!(all, 1);
    }
}
