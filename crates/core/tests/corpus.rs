//! The fixture corpus: every real feed in the shared fixture folder must be detected as
//! its folder's format and load without error.
//!
//! The folder is `$STATUSLIGHT_FIXTURES`, else `../../../shared/fixtures` from this crate.
//! Folders of formats this build does not read (cState, Upptime) are counted and listed,
//! not parsed. Run with `--nocapture` to see the per-format summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use statuslight_core::config::Config;
use statuslight_core::formats::{detect, wire};
use statuslight_core::present::widget::{widget_summary, AHEAD_DAYS};
use statuslight_core::{parse_feed, FeedKind};

/// Top-level folders whose files must all be of one format.
const FEED_FOLDERS: [(&str, FeedKind); 3] = [
    ("statuspage-v2", FeedKind::StatuspageV2),
    ("statuspage-atom", FeedKind::Atom),
    ("statuspage-rss", FeedKind::Rss),
];

/// Top-level folders of formats this build does not read yet.
const UNREAD_FOLDERS: [&str; 2] = ["cstate", "upptime"];

/// The widget summary's published JSON Schema.
fn widget_schema() -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../public/statuslight-widget.schema.json");
    let text = std::fs::read(&path).expect("the schema ships in public/");
    let value: serde_json::Value = serde_json::from_slice(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&value).expect("the schema compiles")
}

/// A moment after every fixture was taken, for their widget summaries.
const SUMMARY_AT: &str = "2026-08-01T00:00:00Z";

fn fixtures_dir() -> PathBuf {
    std::env::var_os("STATUSLIGHT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
        })
}

/// Every file under `dir`, sorted.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    files: usize,
    components: usize,
    incidents: usize,
    maintenances: usize,
    updates: usize,
}

fn kind_name(kind: FeedKind) -> &'static str {
    match kind {
        FeedKind::Statuslight => "Statuslight",
        FeedKind::StatuspageV2 => "Statuspage v2",
        FeedKind::Atom => "Atom",
        FeedKind::Rss => "RSS",
    }
}

#[test]
fn every_fixture_loads() {
    let root = fixtures_dir();
    let mut files = Vec::new();
    if let Err(e) = walk(&root, &mut files) {
        panic!(
            "fixture folder {} cannot be read ({e}); set STATUSLIGHT_FIXTURES to the shared \
             fixtures folder",
            root.display()
        );
    }
    files.sort();
    assert!(
        !files.is_empty(),
        "fixture folder {} is empty; set STATUSLIGHT_FIXTURES to the shared fixtures folder",
        root.display()
    );

    let schema = widget_schema();
    let mut failures: Vec<String> = Vec::new();
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut unread: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped: Vec<String> = Vec::new();

    for path in &files {
        let rel = path.strip_prefix(&root).unwrap_or(path);
        let shown = rel.display().to_string();
        let mut parts = rel.components();
        let top = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if parts.next().is_none() {
            // README.md, PROVENANCE.tsv: notes about the corpus, not feeds.
            skipped.push(shown);
            continue;
        }
        if UNREAD_FOLDERS.contains(&top.as_str()) {
            *unread.entry(top).or_default() += 1;
            continue;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{shown}: cannot read: {e}"));
                continue;
            }
        };
        let detected = detect(&bytes);
        let expected = FEED_FOLDERS
            .iter()
            .find(|(folder, _)| *folder == top)
            .map(|(_, kind)| *kind);
        if let Some(want) = expected {
            if detected != Some(want) {
                failures.push(format!(
                    "{shown}: detected as {detected:?}, but files in {top}/ must be {want:?}"
                ));
                continue;
            }
        }
        let Some(kind) = detected else {
            skipped.push(shown);
            continue;
        };
        let outcome = parse_feed(&bytes);
        // What the browser's readers module hands back must be the same value.
        if wire::decode(&wire::encode(&outcome)) != outcome {
            failures.push(format!("{shown}: changed on its way through formats::wire"));
        }
        match outcome {
            Ok(feed) => {
                // What a widget computes for a page of this feed: consistent, and as the
                // published schema describes it.
                let at = SUMMARY_AT.parse().expect("instant");
                let summary = widget_summary(&feed, &Config::default(), at, AHEAD_DAYS);
                if !summary.is_consistent() {
                    failures.push(format!("{shown}: its widget summary is not consistent"));
                }
                let value = serde_json::to_value(&summary).expect("a summary is JSON");
                for e in schema.iter_errors(&value) {
                    failures.push(format!(
                        "{shown}: widget summary {}: {e}",
                        e.instance_path()
                    ));
                }
                if feed.kind != kind {
                    failures.push(format!(
                        "{shown}: detected {kind:?} but read as {:?}",
                        feed.kind
                    ));
                }
                let t = tallies.entry(kind_name(kind)).or_default();
                t.files += 1;
                t.components += feed.components.len();
                t.incidents += feed.incidents.len();
                t.maintenances += feed.maintenances.len();
                t.updates += feed
                    .incidents
                    .iter()
                    .map(|i| i.updates.len())
                    .chain(feed.maintenances.iter().map(|m| m.updates.len()))
                    .sum::<usize>();
            }
            Err(e) => failures.push(format!("{shown}: {kind:?} did not load: {e}")),
        }
    }

    println!("fixture corpus at {}", root.display());
    for (kind, t) in &tallies {
        println!(
            "{kind:<14} {:>3} files, {:>4} components, {:>4} incidents, {:>3} maintenances, {:>5} updates",
            t.files, t.components, t.incidents, t.maintenances, t.updates
        );
    }
    for (folder, n) in &unread {
        println!("{folder:<14} {n:>3} files, not read by this build");
    }
    if !skipped.is_empty() {
        println!("not feeds: {}", skipped.join(", "));
    }

    assert!(
        failures.is_empty(),
        "{} fixture file(s) failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(
        !tallies.is_empty(),
        "no feed was found under {}; is STATUSLIGHT_FIXTURES the shared fixtures folder?",
        root.display()
    );
}
