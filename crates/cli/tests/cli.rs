//! The `statuslight` binary, run on temporary folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use statuslight_core::export::uptime::rows;
use statuslight_core::formats::{self, atom, shards, statuslight, statuspage};
use statuslight_core::present::page_zone;
use statuslight_core::uptime::{UptimeIndex, UptimeOptions, Window};
use statuslight_core::{FeedKind, UpdateStatus};

/// An interval as `(component, severity, start, end)`.
type Interval<'a> = (
    &'a str,
    &'a str,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
);

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_statuslight"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .expect("the statuslight binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo() -> PathBuf {
    root().join("public/demo/feed.json")
}

fn fixtures() -> PathBuf {
    let dir = std::env::var_os("STATUSLIGHT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/fixtures"));
    assert!(
        dir.join("statuspage-v2").is_dir(),
        "the real-feed fixtures are missing: expected them at {} (set STATUSLIGHT_FIXTURES)",
        dir.display()
    );
    dir
}

const FEED: &str = r#"{
  "version": "statuslight/1",
  "page": {"name": {"ko": "테스트", "en": "Test"}, "url": "https://status.example.com/", "time_zone": "Asia/Seoul", "languages": ["ko", "en"]},
  "components": [
    {"id": "login", "name": {"ko": "로그인", "en": "Login"}, "start_date": "2024-01-01"},
    {"id": "messaging", "name": {"ko": "메시지", "en": "Messaging"}, "start_date": "2024-01-01"}
  ]
}
"#;

fn temp_feed() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.json");
    std::fs::write(&path, FEED).unwrap();
    (dir, path)
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn open_incident(feed: &Path) -> String {
    let o = run(&[
        "incident",
        "open",
        p(feed),
        "--id",
        "msg-delay",
        "--title-ko",
        "메시지 지연",
        "--title-en",
        "Messages delayed",
        "--impact",
        "major",
        "--component",
        "messaging=partial_outage",
        "--body-ko",
        "확인하고 있습니다.",
        "--body-en",
        "We are investigating.",
        "--at",
        "2024-03-10T09:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

#[test]
fn open_update_resolve_round_trip() {
    let (_dir, feed) = temp_feed();
    assert_eq!(open_incident(&feed), "msg-delay");
    let o = run(&[
        "incident",
        "update",
        p(&feed),
        "msg-delay",
        "--status",
        "identified",
        "--component",
        "messaging=major_outage",
        "--component",
        "login=degraded",
        "--body-ko",
        "원인을 찾았습니다.",
        "--body-en",
        "Cause found.",
        "--at",
        "2024-03-10T09:30:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(&[
        "incident",
        "resolve",
        p(&feed),
        "msg-delay",
        "--no-shard",
        "--body-en",
        "Fixed.",
        "--body-ko",
        "해결되었습니다.",
        "--at",
        "2024-03-10T10:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let f = statuslight::parse(&std::fs::read(&feed).unwrap()).unwrap();
    let i = f.incident("msg-delay").unwrap();
    let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert_eq!(i.title.get("ko"), "메시지 지연");
    assert_eq!(i.title.get("en"), "Messages delayed");
    assert_eq!(i.started_at, t("2024-03-10T00:00:00Z"));
    assert_eq!(i.resolved_at, Some(t("2024-03-10T01:00:00Z")));
    assert_eq!(i.status, UpdateStatus::Resolved);
    let stages: Vec<&UpdateStatus> = i.updates.iter().map(|u| &u.status).collect();
    assert_eq!(
        stages,
        [
            &UpdateStatus::Investigating,
            &UpdateStatus::Identified,
            &UpdateStatus::Resolved
        ]
    );
    assert_eq!(i.updates[1].body.get("ko"), "원인을 찾았습니다.");
    let ivs: Vec<Interval> = i
        .intervals
        .iter()
        .map(|iv| {
            (
                iv.component_id.as_str(),
                iv.severity.as_wire(),
                iv.start,
                iv.end,
            )
        })
        .collect();
    assert_eq!(
        ivs,
        [
            (
                "messaging",
                "partial_outage",
                t("2024-03-10T00:00:00Z"),
                Some(t("2024-03-10T00:30:00Z"))
            ),
            (
                "messaging",
                "major_outage",
                t("2024-03-10T00:30:00Z"),
                Some(t("2024-03-10T01:00:00Z"))
            ),
            (
                "login",
                "degraded_performance",
                t("2024-03-10T00:30:00Z"),
                Some(t("2024-03-10T01:00:00Z"))
            ),
        ]
    );
    let o = run(&["validate", p(&feed)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn resolving_moves_the_incident_into_its_month_shard() {
    let (dir, feed) = temp_feed();
    open_incident(&feed);
    let o = run(&[
        "incident",
        "resolve",
        p(&feed),
        "msg-delay",
        "--shard",
        "--body-en",
        "Fixed.",
        "--at",
        "2024-03-10T10:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let current = statuslight::parse(&std::fs::read(&feed).unwrap()).unwrap();
    assert!(current.incidents.is_empty());
    assert_eq!(current.history.len(), 1);
    assert_eq!(current.history[0].month, "2024-03");
    let shard_file = dir.path().join(&current.history[0].url);
    let shard = shards::parse_shard(&std::fs::read(&shard_file).unwrap()).unwrap();
    assert_eq!(shard.feed.incidents[0].id, "msg-delay");
    // A postmortem still finds it in its shard.
    let o = run(&[
        "incident",
        "update",
        p(&feed),
        "msg-delay",
        "--status",
        "postmortem",
        "--body-en",
        "What happened.",
        "--at",
        "2024-03-12T10:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let shard = shards::parse_shard(&std::fs::read(&shard_file).unwrap()).unwrap();
    assert_eq!(shard.feed.incidents[0].updates.len(), 3);
    let o = run(&["validate", p(&feed)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn an_interrupted_write_leaves_the_old_feed_intact() {
    let (dir, feed) = temp_feed();
    open_incident(&feed);
    let before = std::fs::read(&feed).unwrap();
    let o = bin()
        .args([
            "incident",
            "resolve",
            p(&feed),
            "msg-delay",
            "--no-shard",
            "--at",
            "2024-03-10T10:00:00+09:00",
        ])
        .env("STATUSLIGHT_CRASH_AFTER_TEMP", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(70), "{}", text(&o));
    assert_eq!(std::fs::read(&feed).unwrap(), before);
    let f = statuslight::parse(&before).unwrap();
    assert!(f.incident("msg-delay").unwrap().is_open());
    // The crash left its temp file (complete, but never renamed) beside the feed.
    let temps: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("statuslight-tmp"))
        .collect();
    assert_eq!(temps.len(), 1);
    // Without the crash the same edit goes through.
    let o = run(&[
        "incident",
        "resolve",
        p(&feed),
        "msg-delay",
        "--no-shard",
        "--at",
        "2024-03-10T10:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn edits_that_would_make_the_feed_invalid_are_refused() {
    let (_dir, feed) = temp_feed();
    open_incident(&feed);
    let before = std::fs::read(&feed).unwrap();
    let o = run(&[
        "incident",
        "update",
        p(&feed),
        "msg-delay",
        "--status",
        "identified",
        "--component",
        "billing=major",
        "--at",
        "2024-03-10T09:30:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("incidents[0].components[1].id"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("unknown component id \"billing\""),
        "{}",
        text(&o)
    );
    let o = run(&[
        "incident",
        "update",
        p(&feed),
        "msg-delay",
        "--status",
        "identified",
        "--at",
        "2024-03-10T08:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("out of order"), "{}", text(&o));
    let o = run(&[
        "incident",
        "open",
        p(&feed),
        "--id",
        "msg-delay",
        "--title",
        "Again",
        "--at",
        "2024-03-11T09:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(std::fs::read(&feed).unwrap(), before);
    let o = run(&[
        "incident",
        "update",
        p(&feed),
        "nope",
        "--status",
        "identified",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = run(&["incident", "open", "/nonexistent/feed.json", "--title", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("/nonexistent/feed.json"), "{}", text(&o));
}

#[test]
fn validate_prints_every_problem_with_file_and_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    let doc = FEED.replace(
        "\"components\": [",
        "\"incidents\": [{\"id\": \"x\", \"title\": \"X\", \"impact\": \"major\", \
         \"components\": [{\"id\": \"ghost\", \"severity\": \"major_outage\", \"from\": \"2024-01-02T00:00:00Z\", \"to\": \"2024-01-01T00:00:00Z\"}], \
         \"updates\": [{\"status\": \"resolved\", \"at\": \"2024-01-03T00:00:00Z\"}, {\"status\": \"investigating\", \"at\": \"2024-01-02T00:00:00Z\"}]}], \
         \"maintenances\": [\
           {\"id\": \"m1\", \"title\": \"A\", \"components\": [\"login\"], \"planned\": {\"from\": \"2024-02-01T00:00:00Z\", \"to\": \"2024-02-01T02:00:00Z\"}},\
           {\"id\": \"m2\", \"title\": \"B\", \"components\": [\"login\"], \"planned\": {\"from\": \"2024-02-01T01:00:00Z\", \"to\": \"2024-02-01T03:00:00Z\"}}],\
         \"components\": [",
    );
    std::fs::write(&bad, doc).unwrap();
    let o = run(&["validate", p(&demo()), p(&bad)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("demo/feed.json: ok"), "{out}");
    for path in [
        "incidents[0].components[0].id",
        "incidents[0].components[0].to",
        "incidents[0].updates[1].at",
        "maintenances[1].planned",
    ] {
        assert!(
            out.contains(&format!("{}: {path}: ", bad.display())),
            "{path} missing:\n{out}"
        );
    }
    let o = run(&["validate", "/nonexistent.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn help_is_everywhere() {
    for args in [
        vec!["--help"],
        vec!["validate", "--help"],
        vec!["incident", "--help"],
        vec!["incident", "open", "--help"],
        vec!["incident", "update", "--help"],
        vec!["incident", "resolve", "--help"],
        vec!["import", "statuspage", "--help"],
        vec!["import", "atom", "--help"],
        vec!["build", "--help"],
        vec!["uptime", "--help"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage:"),
            "{args:?}"
        );
    }
    let o = run(&["uptime"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

fn build_demo() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = run(&["build", p(out.path()), "--feed", p(&demo())]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("wrote"),
        "progress is shown"
    );
    out
}

#[test]
fn build_writes_every_output() {
    let out = build_demo();
    for f in [
        "api/v2/summary.json",
        "api/v2/status.json",
        "api/v2/components.json",
        "api/v2/incidents.json",
        "history.atom",
        "history.rss",
        "history.json",
        "uptime.json",
        "badges/overall.svg",
        "badges/messaging.svg",
        "feed.json",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    // The sharded feed says the same as the demo.
    let o = run(&["validate", p(&out.path().join("feed.json"))]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut current =
        statuslight::parse(&std::fs::read(out.path().join("feed.json")).unwrap()).unwrap();
    assert!(!current.history.is_empty());
    for h in current.history.clone() {
        let s = shards::parse_shard(&std::fs::read(out.path().join(&h.url)).unwrap()).unwrap();
        shards::merge_shard(&mut current, s).unwrap();
    }
    let original = statuslight::parse(&std::fs::read(demo()).unwrap()).unwrap();
    assert_eq!(current.incidents, original.incidents);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("uptime.json")).unwrap()).unwrap();
    assert_eq!(v["components"][1]["component"], "messaging");
    assert!(
        v["components"][1]["windows"]["365d"]["major_minutes"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}

#[test]
fn atom_and_rss_parse_with_a_standard_feed_library_and_the_core_adapter() {
    let out = build_demo();
    let original = statuslight::parse(&std::fs::read(demo()).unwrap()).unwrap();
    for name in ["history.atom", "history.rss"] {
        let bytes = std::fs::read(out.path().join(name)).unwrap();
        let parsed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(parsed.entries.len(), original.incidents.len(), "{name}");
        assert_eq!(
            parsed.entries[0].links[0].href,
            "https://status.example.com/#/incident/2021-05-05-server-overload"
        );
        assert!(
            parsed.entries[0]
                .title
                .as_ref()
                .unwrap()
                .content
                .contains("장애"),
            "{name}"
        );
        let back = formats::parse_feed(&bytes).unwrap();
        assert_eq!(
            back.kind,
            if name.ends_with("atom") {
                FeedKind::Atom
            } else {
                FeedKind::Rss
            }
        );
        for (a, b) in original.incidents.iter().zip(&back.incidents) {
            assert_eq!(b.title.get("ko"), a.title.get("ko"));
            let times: Vec<_> = a.updates.iter().map(|u| (u.at, u.status.clone())).collect();
            let back_times: Vec<_> = b.updates.iter().map(|u| (u.at, u.status.clone())).collect();
            assert_eq!(times, back_times, "{name} {}", a.id);
            assert_eq!(b.updates[0].body.get("ko"), a.updates[0].body.get("ko"));
        }
    }
    let parsed =
        feed_rs::parser::parse(&std::fs::read(out.path().join("history.json")).unwrap()[..])
            .unwrap();
    assert_eq!(parsed.entries.len(), original.incidents.len());
    // The Atom adapter reads the feed's own atom too.
    let atom_back =
        atom::parse_atom(&std::fs::read(out.path().join("history.atom")).unwrap()).unwrap();
    assert_eq!(
        atom_back.incidents[0].components,
        ["로그인", "메시지", "음성 통화", "영상 통화"]
    );
}

#[test]
fn badges_are_well_formed_svg() {
    let out = build_demo();
    let dir = out.path().join("badges");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let svg = std::fs::read_to_string(&path).unwrap();
        let doc =
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root
            .children()
            .find(|c| c.has_tag_name("title"))
            .expect("a <title>");
        assert!(title.text().unwrap().contains(": "));
        n += 1;
    }
    assert_eq!(n, 7, "six components and the overall badge");
    let overall = std::fs::read_to_string(dir.join("overall.svg")).unwrap();
    assert!(overall.contains("샘플 메신저 상태"));
}

#[test]
fn statuspage_json_reads_back_into_the_same_model() {
    let out = build_demo();
    let read = |f: &str| std::fs::read(out.path().join("api/v2").join(f)).unwrap();
    let back = statuspage::parse_many(&[&read("summary.json"), &read("incidents.json")]).unwrap();
    let original = statuslight::parse(&std::fs::read(demo()).unwrap()).unwrap();
    let ids = |f: &statuslight_core::Feed| -> Vec<(String, Option<String>, bool)> {
        f.components
            .iter()
            .map(|c| (c.id.clone(), c.group_id.clone(), c.is_group))
            .collect()
    };
    assert_eq!(ids(&back), ids(&original));
    assert_eq!(back.incidents.len(), original.incidents.len());
    for (a, b) in original.incidents.iter().zip(&back.incidents) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.started_at, b.started_at, "{}", a.id);
        assert_eq!(a.resolved_at, b.resolved_at, "{}", a.id);
        // The same intervals; their order carries no meaning.
        let sorted = |i: &statuslight_core::Incident| {
            let mut v = i.intervals.clone();
            v.sort_by(|x, y| (&x.component_id, x.start).cmp(&(&y.component_id, y.start)));
            v
        };
        assert_eq!(sorted(a), sorted(b), "{}", a.id);
        assert_eq!(a.components, b.components, "{}", a.id);
        assert_eq!(a.impact, b.impact, "{}", a.id);
        assert_eq!(a.status, b.status, "{}", a.id);
        let ua: Vec<_> = a
            .updates
            .iter()
            .map(|u| (u.at, u.status.clone(), u.body.get("ko").to_string()))
            .collect();
        let ub: Vec<_> = b
            .updates
            .iter()
            .map(|u| (u.at, u.status.clone(), u.body.get("ko").to_string()))
            .collect();
        assert_eq!(ua, ub, "{}", a.id);
    }
    // Same uptime through either model.
    let now = original.as_of.unwrap();
    let tz = page_zone(&original);
    let opts = UptimeOptions::default();
    let (ia, ib) = (
        UptimeIndex::new(&original, now),
        UptimeIndex::new(&back, now),
    );
    for c in &original.components {
        assert_eq!(
            ia.window(&c.id, Window::LastDays(365), tz, &opts)
                .unwrap()
                .tally,
            ib.window(&c.id, Window::LastDays(365), tz, &opts)
                .unwrap()
                .tally,
            "{}",
            c.id
        );
    }
}

/// `statuslight uptime --json` for `args`, against the engine on the same feed.
fn uptime_matches_core(feed_files: &[PathBuf], extra: &[&str], window: Window, now: &str) {
    let mut args: Vec<&str> = vec!["uptime"];
    args.extend(feed_files.iter().map(|f| p(f)));
    args.extend(extra);
    args.extend(["--now", now, "--json"]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let got: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Deterministic: the same command prints the same bytes.
    assert_eq!(run(&args).stdout, o.stdout);

    let bytes: Vec<Vec<u8>> = feed_files
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let feed = formats::parse_feeds(&slices).unwrap();
    let now = now.parse().unwrap();
    let tz = page_zone(&feed);
    let opts = UptimeOptions::default();
    let index = UptimeIndex::new(&feed, now);
    let list = got.as_array().unwrap();
    assert_eq!(list.len(), feed.components.len());
    assert!(!list.is_empty());
    for (row, c) in list.iter().zip(&feed.components) {
        let s = index.window(&c.id, window, tz, &opts).unwrap();
        assert_eq!(row["component"], c.id.as_str());
        assert_eq!(
            row["name"],
            c.name
                .get(feed.page.languages.first().map_or("en", |l| l.as_str()))
        );
        assert_eq!(row["uptime_percent"].as_f64(), s.uptime_percent, "{}", c.id);
        assert_eq!(
            row["major_minutes"].as_f64(),
            Some(s.tally.major_minutes()),
            "{}",
            c.id
        );
        assert_eq!(
            row["partial_minutes"].as_f64(),
            Some(s.tally.partial_minutes()),
            "{}",
            c.id
        );
        assert_eq!(
            row["degraded_minutes"].as_f64(),
            Some(s.tally.degraded_minutes()),
            "{}",
            c.id
        );
        assert_eq!(
            row["maintenance_minutes"].as_f64(),
            Some(s.tally.maintenance_minutes()),
            "{}",
            c.id
        );
        assert_eq!(row["first"], s.first.to_string());
        assert_eq!(row["last"], s.last.to_string());
    }
    // The exporter the tool uses gives the same rows.
    let (first, last) = window.dates(tz, now).unwrap();
    assert_eq!(
        rows(&feed, &index, first, last, tz, &opts, None).len(),
        list.len()
    );
}

#[test]
fn uptime_json_equals_the_engine_for_the_demo_feed() {
    let now = "2021-05-06T09:00:00+09:00";
    uptime_matches_core(&[demo()], &[], Window::LastDays(90), now);
    uptime_matches_core(&[demo()], &["--window", "365d"], Window::LastDays(365), now);
    uptime_matches_core(
        &[demo()],
        &["--month", "2021-05"],
        Window::Month {
            year: 2021,
            month: 5,
        },
        now,
    );
    let first = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
    uptime_matches_core(
        &[demo()],
        &["--from", "2020-01-01", "--to", "2020-12-31"],
        Window::Dates { first, last },
        now,
    );
    // Without --now the feed's as_of is the moment, as on the page.
    let o = run(&["uptime", p(&demo()), "--json"]);
    let with = run(&["uptime", p(&demo()), "--json", "--now", now]);
    assert_eq!(o.stdout, with.stdout);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[1]["major_minutes"], 140.0);
    let csv = run(&["uptime", p(&demo()), "--csv", "--now", now]);
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 7);
}

#[test]
fn uptime_json_equals_the_engine_for_the_github_fixture() {
    let dir = fixtures().join("statuspage-v2");
    let files = [
        dir.join("github-summary-2026-07-31.json"),
        dir.join("github-incidents-2026-07-31.json"),
    ];
    let now = "2026-07-31T03:29:01Z";
    uptime_matches_core(&files, &["--tz", "Etc/UTC"], Window::LastDays(90), now);
    uptime_matches_core(
        &files[1..],
        &["--tz", "Etc/UTC", "--window", "30d"],
        Window::LastDays(30),
        now,
    );
    // Some component had downtime in the window.
    let o = run(&["uptime", p(&files[0]), p(&files[1]), "--now", now, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["uptime_percent"].as_f64().unwrap() < 100.0));
}

#[test]
fn imports_give_valid_feeds() {
    let fx = fixtures();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gh.json");
    let o = run(&[
        "import",
        "statuspage",
        p(&fx.join("statuspage-v2/github-summary-2026-07-31.json")),
        p(&fx.join("statuspage-v2/github-incidents-2026-07-31.json")),
        "--lang",
        "en",
        "-o",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(&["validate", p(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let f = statuslight::parse(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(f.components.len(), 12);
    assert_eq!(f.incidents.len(), 50);
    assert_eq!(f.page.languages, ["en"]);

    let out = dir.path().join("atom.json");
    let o = run(&[
        "import",
        "atom",
        p(&fx.join("statuspage-atom/github-history-2019-11-22.atom")),
        "-o",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let f = statuslight::parse(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(f.incidents.len(), 25);
    let o = run(&[
        "import",
        "atom",
        p(&fx.join("statuspage-v2/github-status-2023-09-26.json")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; object-src 'none'" />
    <meta name="statuslight-config" content="conf/statuslight.json" />
    <style id="sl-style">.sl-page{margin:0}</style>
  </head>
  <body>
    <div id="sl-app"></div>
    <!-- statuslight:prerender -->
  </body>
</html>
"#;

/// `statuslight build OUT --feed demo --page index.html EXTRA…`.
fn build_page(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", p(out), "--feed"];
    let feed = demo();
    args.push(p(&feed));
    args.extend(["--page", "index.html"]);
    args.extend(extra);
    run(&args)
}

/// A build folder holding the test page, whose configuration is `status.json` beside it
/// with the text `config`.
fn page_with_config(config: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(
        out.path().join("index.html"),
        PAGE.replace("conf/statuslight.json", "status.json"),
    )
    .unwrap();
    std::fs::write(out.path().join("status.json"), config).unwrap();
    out
}

/// The text between the page's prerender markers.
fn prerendered(html: &str) -> &str {
    let start = html.find("<!-- statuslight:prerender -->").unwrap();
    let end = html.find("<!-- /statuslight:prerender -->").unwrap();
    &html[start..end]
}

#[test]
fn build_writes_the_status_into_the_page() {
    use base64::Engine as _;
    use sha2::Digest as _;

    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("index.html"), PAGE).unwrap();
    std::fs::create_dir(out.path().join("conf")).unwrap();
    std::fs::write(
        out.path().join("conf/statuslight.json"),
        r#"{"feeds": ["feed.json"], "language": "ko", "title": {"ko": "상태 <&\">"}}"#,
    )
    .unwrap();
    let build = || {
        let o = build_page(out.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        std::fs::read_to_string(out.path().join("index.html")).unwrap()
    };
    let html = build();
    let body = prerendered(&html);
    assert!(
        html.contains("<html lang=\"ko\">"),
        "the configured language"
    );
    assert!(
        body.contains("<h1 class=\"sl-title\">상태 &lt;&amp;\"&gt;</h1>"),
        "escaped title"
    );
    assert!(body.contains("<p class=\"sl-banner__headline\">모든 시스템 정상</p>"));
    assert!(
        body.contains("data-published=\"2021-05-06T00:00:00+00:00\""),
        "the feed's as_of"
    );
    for id in [
        "login",
        "messaging",
        "calls",
        "voice-calls",
        "video-calls",
        "gifting",
    ] {
        assert!(body.contains(&format!("data-component=\"{id}\"")), "{id}");
    }
    // Leaf components and the group each have a 90-day bar.
    assert_eq!(body.matches("class=\"sl-day ").count(), 6 * 90);
    assert_eq!(body.matches("tabindex=\"0\"></button>").count(), 6);
    // The outage of 2021-05-05 (Seoul) colours Messaging's bar.
    let may5 = body
        .split("data-focus-key=\"day:messaging:2021-05-05\"")
        .next()
        .unwrap();
    let class = may5.rsplit("class=\"").next().unwrap();
    assert!(class.starts_with("sl-day sl-day--major sl-c"), "{class}");

    // The colours are one <style>, allowed by its hash in the page's policy.
    let style_at = html.find("<style id=\"sl-prerender-style\">").unwrap();
    assert!(style_at < html.find("</head>").unwrap());
    let css = &html[style_at + "<style id=\"sl-prerender-style\">".len()..];
    let css = &css[..css.find("</style>").unwrap()];
    assert!(css.contains("--sl-day:#"), "{css}");
    let hash =
        |css: &str| base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css));
    // The page's own inline stylesheet keeps its place in the policy, first.
    let (page_css, colours) = (hash(".sl-page{margin:0}"), hash(css));
    assert!(
        html.contains(&format!(
            "content=\"default-src 'self'; style-src 'self' 'sha256-{page_css}' 'sha256-{colours}'; object-src 'none'\""
        )),
        "{html}"
    );

    // The configuration and the feed download beside the wasm.
    assert_eq!(html.matches("<link data-sl-preload").count(), 2);
    assert!(html.contains("as=\"fetch\" crossorigin=\"anonymous\" href=\"conf/statuslight.json\">"));
    assert!(html.contains("as=\"fetch\" crossorigin=\"anonymous\" href=\"feed.json\">"));

    // Publishing again replaces what the first run wrote.
    let again = build();
    assert_eq!(again, html);
    assert_eq!(again.matches("sl-prerender-style").count(), 1);

    // The configuration's feed, conf/feed.json, is not in the build: no widget summary.
    assert!(!out.path().join("conf/statuslight.widget.json").exists());
}

#[test]
fn build_publishes_what_the_page_starter_checks() {
    use statuslight_core::present::published::PUBLISHED_VERSION;
    use statuslight_core::present::widget::fingerprint;

    let out =
        page_with_config(r#"{"feeds": ["feed.json"], "language": "en", "refresh_seconds": 120}"#);
    // The demo as a live feed (no `as_of`), a fortnight after its outage, with the
    // incidents older than 10 days in month shards.
    let mut feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo()).unwrap()).unwrap();
    feed.as_object_mut().unwrap().remove("as_of");
    let live = out.path().join("live.json");
    std::fs::write(&live, feed.to_string()).unwrap();
    let o = run(&[
        "build",
        p(out.path()),
        "--feed",
        p(&live),
        "--feed-out",
        "feed.json",
        "--keep-days",
        "10",
        "--page",
        "index.html",
        "--now",
        "2021-05-20T03:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let body = prerendered(&html);
    let open = "<script type=\"application/json\" id=\"sl-published\">";
    let json = &body[body.find(open).expect("the published view") + open.len()..];
    let json = &json[..json.find("</script>").unwrap()];
    let view: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(view["version"], PUBLISHED_VERSION);
    assert_eq!(view["lang"], "en");
    assert_eq!(view["lang_configured"], true);
    assert_eq!(view["days"], 90);
    assert_eq!(view["refresh_seconds"], 120);
    // Published at 12:00 in Seoul, with nothing open: it holds until midnight there.
    let ms = |s: &str| {
        statuslight_core::formats::rfc3339::parse(s)
            .unwrap()
            .timestamp_millis()
    };
    assert_eq!(view["at"], ms("2021-05-20T03:00:00Z"));
    assert_eq!(view["until"], ms("2021-05-20T15:00:00Z"));
    // The configuration, the feed and the shards of the bars' 90 days, as published.
    let urls: Vec<&str> = view["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, ["status.json", "feed.json", "history/2021-05.json"]);
    // That shard is merged into what the page shows, as the app merges it at once: its
    // month's incident is listed, with no button to load the month.
    assert!(body.contains("id=\"incident-2021-05-05-server-overload\""));
    assert!(body.contains("data-month=\"2021-05\""));
    assert!(!body.contains("2021년 5월 불러오기") && !body.contains("Load May 2021"));
    // Older shards only the history's "Load" buttons fetch are not checked.
    assert!(out.path().join("history/2020-11.json").exists());
    for source in view["sources"].as_array().unwrap() {
        let file = std::fs::read(out.path().join(source["url"].as_str().unwrap())).unwrap();
        assert_eq!(source["hash"], fingerprint(&file), "{}", source["url"]);
    }

    // A configuration that reads another feed than the one published here (the input,
    // unsplit): the view would be checked against bytes it was not computed from.
    std::fs::write(
        out.path().join("status.json"),
        r#"{"feeds": ["live.json"]}"#,
    )
    .unwrap();
    let o = build_page(out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(!html.contains("sl-published"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("other feeds than the one this build"));

    // A feed on another host cannot be checked: no published view; the app loads.
    std::fs::write(
        out.path().join("status.json"),
        r#"{"feeds": ["https://status.example.com/feed.json"]}"#,
    )
    .unwrap();
    let o = build_page(out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(!html.contains("sl-published"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the app will load on every visit"));
}

#[test]
fn build_writes_the_widget_summary_beside_the_configuration() {
    use statuslight_core::present::widget::{fingerprint, SUMMARY_VERSION};

    let config = r#"{"feeds": [{"url": "feed.json?v=1", "mirrors": ["https://cdn.example.com/feed.json"]}], "language": "en"}"#;
    let out = page_with_config(config);
    let o = build_page(out.path(), &["--now", "2021-05-20T03:00:00Z"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("status.widget.json")).expect("the summary"),
    )
    .unwrap();
    assert_eq!(summary["version"], SUMMARY_VERSION);
    assert_eq!(summary["language"], "en");
    // Computed from the files as published, each with its fingerprint.
    let feed = std::fs::read(out.path().join("feed.json")).unwrap();
    assert_eq!(summary["sources"][0]["url"], "");
    assert_eq!(
        summary["sources"][0]["hash"],
        fingerprint(config.as_bytes())
    );
    assert_eq!(summary["sources"][1]["url"], "feed.json?v=1");
    assert_eq!(summary["sources"][1]["hash"], fingerprint(&feed));
    // The demo is a snapshot: it holds for good, 30 days, English and Korean.
    assert!(summary["until"].is_null());
    assert_eq!(summary["day_starts"].as_array().unwrap().len(), 31);
    assert_eq!(summary["views"][0]["lang"], "ko");
    assert_eq!(summary["views"][1]["headline"], "All systems operational");
    let messaging = summary["views"][1]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "messaging")
        .unwrap();
    assert_eq!(messaging["days"].as_array().unwrap().len(), 30);

    // A feed on another host: no summary, and the build says why and removes the one the
    // last run wrote (its widgets would not use it, but it would mislead a reader).
    std::fs::write(
        out.path().join("status.json"),
        r#"{"feeds": ["https://status.example.com/feed.json"]}"#,
    )
    .unwrap();
    let o = build_page(out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!out.path().join("status.widget.json").exists());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("no widget summary"), "{}", text(&o));
    assert!(stderr.contains("removed"), "{}", text(&o));
}

#[test]
fn build_refuses_a_page_without_the_marker() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("index.html"), "<html><body></body></html>").unwrap();
    std::fs::write(
        out.path().join("statuslight.json"),
        r#"{"feeds": ["feed.json"]}"#,
    )
    .unwrap();
    let o = build_page(out.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("statuslight:prerender"), "{}", text(&o));
}

#[test]
fn build_writes_the_whole_first_view_into_the_page() {
    // The demo as `make dist` publishes it: its own configuration beside the page, the
    // feed split into demo/feed.json and month shards.
    let out = tempfile::tempdir().unwrap();
    std::fs::write(
        out.path().join("index.html"),
        PAGE.replace("conf/statuslight.json", "statuslight.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("public/statuslight.json"),
        out.path().join("statuslight.json"),
    )
    .unwrap();
    let build = |extra: &[&str]| {
        let mut args = vec!["--feed-out", "demo/feed.json"];
        args.extend(extra);
        let o = build_page(out.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        std::fs::read_to_string(out.path().join("index.html")).unwrap()
    };
    let html = build(&[]);
    let body = prerendered(&html);
    let after = |marker: &str| &body[body.find(marker).unwrap_or_else(|| panic!("{marker}"))..];

    // The calendar, after the components: the first component in the month shown.
    assert!(body.find("<details class=\"sl-formula\">") < body.find("sl-calendar"));
    assert!(body.contains("<h2 id=\"sl-calendar-h\">가동률 달력</h2>"));
    assert!(body.contains(
        "<select class=\"sl-calendar__component\"><option value=\"login\" selected>로그인</option><option value=\"messaging\">메시지</option>"
    ));
    assert!(body.contains(
        "<p class=\"sl-calendar__title\" aria-live=\"polite\">2021년 5월 · 가동률 98.19%</p>"
    ));
    assert!(body.contains("<caption class=\"sl-visually-hidden\">로그인 — 2021년 5월</caption>"));
    // There are earlier months to go to, and none after.
    assert!(body.contains("class=\"sl-button sl-button--quiet sl-calendar__prev\"><span"));
    assert!(body.contains("class=\"sl-button sl-button--quiet sl-calendar__next\" disabled><span"));
    assert_eq!(
        body.matches("<button type=\"button\" class=\"sl-calday ")
            .count(),
        31
    );
    // May 1 is a Saturday: six empty cells before it.
    assert!(body
        .contains("<tbody><tr><td></td><td></td><td></td><td></td><td></td><td></td><td><button"));
    // The outage day has the colour class of the same day of Login's bar.
    let class_before = |marker: &str| {
        let head = body.split(marker).next().unwrap();
        let class = head.rsplit("class=\"").next().unwrap();
        class[..class.find('"').unwrap()].to_string()
    };
    let calendar_may5 = class_before("data-date=\"2021-05-05\" data-focus-key=\"cal:2021-05-05\"");
    let bar_may5 = class_before("data-focus-key=\"day:login:2021-05-05\"");
    assert!(
        calendar_may5.starts_with("sl-calday sl-day--major sl-c"),
        "{calendar_may5}"
    );
    assert_eq!(
        calendar_may5.rsplit(' ').next(),
        bar_may5.rsplit(' ').next(),
        "{bar_may5}"
    );
    assert!(after("data-focus-key=\"cal:2021-05-05\"")
        .contains("aria-label=\"5, 2021년 5월 5일: 전면 장애, 전면 장애 120분\">5</button>"));

    // The history: its filters at "All", then every month, newest first.
    let history = after("<section class=\"sl-section sl-history\"");
    assert!(history.contains("<h2 id=\"sl-history-h\">장애 이력</h2>"));
    assert!(history.contains(
        "<select class=\"sl-filter-component\"><option value=\"\" selected>전체</option><option value=\"login\">로그인</option>"
    ));
    assert!(history.contains(
        "<select class=\"sl-filter-impact\"><option value=\"\" selected>전체</option><option value=\"critical\">매우 심각</option><option value=\"major\">심각</option>"
    ));
    let months = |html: &str| -> Vec<String> {
        html.split("<section class=\"sl-month\" data-month=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    };
    assert_eq!(
        months(history),
        ["2021-05", "2020-11", "2020-07", "2020-03", "2019-12"]
    );
    // The month of the current feed shows its incident ...
    assert!(history.contains(
        "<li class=\"sl-incident sl-impact-edge--critical\" id=\"incident-2021-05-05-server-overload\" data-incident=\"2021-05-05-server-overload\"><a class=\"sl-incident__title\" href=\"#/incident/2021-05-05-server-overload\">로그인, 메시지, 통화 장애</a>"
    ));
    assert!(history.contains(
        "<dt>지속 시간</dt><dd>2시간 20분 (2021-05-05 22:00 KST – 2021-05-06 00:20 KST)</dd><dt>영향 받은 구성 요소</dt><dd class=\"sl-incident__affected\">로그인, 메시지, 음성 통화, 영상 통화</dd></dl></li>"
    ));
    // ... and each month the published feed lists as a shard has a button to load it and
    // none of its incidents: the app starts from the current feed alone.
    let published =
        statuslight::parse(&std::fs::read(out.path().join("demo/feed.json")).unwrap()).unwrap();
    let listed: Vec<&str> = published.history.iter().map(|h| h.month.as_str()).collect();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert_eq!(history.matches("sl-month__load").count(), listed.len());
    for month in listed {
        let section = after(&format!("data-month=\"{month}\""));
        let section = &section[..section.find("</section>").unwrap()];
        assert!(
            section.contains(&format!("<ul class=\"sl-month__incidents\"></ul><button type=\"button\" class=\"sl-button sl-button--quiet sl-month__load\" data-focus-key=\"month:{month}\">")),
            "{section}"
        );
        assert!(section.ends_with(" 불러오기</button>"), "{section}");
    }
    assert!(history.contains(">2020년 11월 불러오기</button>"));
    assert_eq!(history.matches("<li class=\"sl-incident ").count(), 1);

    // The footer, after <main>, ends the page; the published view's data follows it.
    let body = &body[..body
        .find("<script type=\"application/json\" id=\"sl-published\">")
        .expect("the published view")];
    assert!(body.ends_with(
        "</main><footer class=\"sl-footer\"><a class=\"sl-atom\" href=\"history.atom\" type=\"application/atom+xml\">장애 피드 (Atom)</a><p class=\"sl-fallback\">다른 채널: <a href=\"https://social.example.com/@sample-messenger\" rel=\"noopener noreferrer\">공식 소셜 계정 (예시)</a> </p></footer></div></div>"
    ), "{}", &body[body.len() - 400..]);

    // Published without shards, every month has its incidents and nothing to load.
    let html = build(&["--no-shards"]);
    let history = prerendered(&html);
    let history = &history[history.find("sl-history").unwrap()..];
    assert_eq!(
        months(history),
        ["2021-05", "2020-11", "2020-07", "2020-03", "2020-01"]
    );
    assert_eq!(history.matches("<li class=\"sl-incident ").count(), 5);
    assert!(!history.contains("sl-month__load"));
}
