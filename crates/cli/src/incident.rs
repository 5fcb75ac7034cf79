//! `statuslight incident open | update | resolve`: edit a statuslight/1 feed in place.
//!
//! Every edit is checked before anything is written: the new feed (and any shard it
//! touches) must pass `statuslight validate`, else the edit is refused with exit status
//! 1 and the files stay as they were. Files are replaced atomically, shards before the
//! feed that lists them, so an interrupted edit leaves the old files or, at worst, an
//! incident in both a shard and the feed (the feed's copy wins when the page merges).

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand};
use statuslight_core::formats::{shards, statuslight};
use statuslight_core::validate::{validate_with, Context};
use statuslight_core::{
    ComponentImpact, Feed, Impact, Incident, Severity, Text, Update, UpdateStatus,
};

use crate::common::{merge_listed_shards, parse_time, progress, shard_path};
use crate::fsio;
use crate::Failure;

#[derive(Subcommand)]
pub enum IncidentCommand {
    /// Open an incident: title, impact, first update and the components it hits
    Open(OpenArgs),
    /// Post an update: status, text in ko and en, per-component severity changes
    Update(UpdateArgs),
    /// Resolve an incident: end its intervals, post the resolution, shard it
    Resolve(ResolveArgs),
}

/// Text of an update, in Korean and English (or untagged).
#[derive(Args, Clone, Debug, Default)]
pub struct BodyArgs {
    /// Update text in Korean
    #[arg(long, value_name = "TEXT")]
    body_ko: Option<String>,
    /// Update text in English
    #[arg(long, value_name = "TEXT")]
    body_en: Option<String>,
    /// Update text of no particular language
    #[arg(long, value_name = "TEXT")]
    body: Option<String>,
}

impl BodyArgs {
    fn text(&self) -> Text {
        text_of(&self.body, &self.body_ko, &self.body_en)
    }
}

fn text_of(plain: &Option<String>, ko: &Option<String>, en: &Option<String>) -> Text {
    let mut t = Text::default();
    for (k, v) in [(Text::UNTAGGED, plain), ("ko", ko), ("en", en)] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            t.0.insert(k.to_string(), v.to_string());
        }
    }
    t
}

#[derive(Args)]
#[command(
    after_help = "Example:\n  statuslight incident open feed.json --title-ko '메시지 지연' \
    --title-en 'Messages delayed' --impact major --component messaging=partial_outage \
    --body-ko '확인하고 있습니다.' --body-en 'We are investigating.'"
)]
pub struct OpenArgs {
    /// The statuslight/1 feed to edit
    feed: PathBuf,
    /// Incident id (default: the date and a slug of the English title)
    #[arg(long)]
    id: Option<String>,
    /// Title in Korean
    #[arg(long, value_name = "TEXT")]
    title_ko: Option<String>,
    /// Title in English
    #[arg(long, value_name = "TEXT")]
    title_en: Option<String>,
    /// Title of no particular language
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// none, minor, major, critical or maintenance
    #[arg(long, default_value = "minor")]
    impact: String,
    /// Status of the first update
    #[arg(long, default_value = "investigating")]
    status: String,
    #[command(flatten)]
    body: BodyArgs,
    /// A component hit and how badly: ID=major_outage|partial_outage|degraded_performance
    /// (or major, partial, degraded); repeat for several
    #[arg(long = "component", value_name = "ID=SEVERITY")]
    components: Vec<String>,
    /// When it started (RFC 3339; default now)
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

#[derive(Args)]
pub struct UpdateArgs {
    /// The statuslight/1 feed to edit
    feed: PathBuf,
    /// The incident's id
    id: String,
    /// investigating, identified, monitoring, update, postmortem, resolved…
    #[arg(long)]
    status: String,
    #[command(flatten)]
    body: BodyArgs,
    /// A component's new state: ID=SEVERITY or ID=operational; repeat for several
    #[arg(long = "component", value_name = "ID=STATUS")]
    components: Vec<String>,
    /// When (RFC 3339; default now)
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    #[command(flatten)]
    sharding: ShardArgs,
}

#[derive(Args)]
pub struct ResolveArgs {
    /// The statuslight/1 feed to edit
    feed: PathBuf,
    /// The incident's id
    id: String,
    #[command(flatten)]
    body: BodyArgs,
    /// When (RFC 3339; default now)
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    #[command(flatten)]
    sharding: ShardArgs,
}

/// Whether resolving moves closed incidents into month shards.
#[derive(Args, Clone, Copy, Debug, Default)]
pub struct ShardArgs {
    /// Move closed incidents into their month shards (default when the feed already has a
    /// history index)
    #[arg(long, conflicts_with = "no_shard")]
    shard: bool,
    /// Keep closed incidents in the feed
    #[arg(long)]
    no_shard: bool,
}

impl ShardArgs {
    fn wanted(self, feed: &Feed) -> bool {
        self.shard || (!self.no_shard && !feed.history.is_empty())
    }
}

pub fn run(c: IncidentCommand) -> Result<(), Failure> {
    match c {
        IncidentCommand::Open(a) => open(a),
        IncidentCommand::Update(a) => update(a),
        IncidentCommand::Resolve(a) => resolve(a),
    }
}

fn at_or_now(at: &Option<String>) -> Result<DateTime<Utc>, Failure> {
    match at {
        Some(s) => parse_time(s, "--at"),
        None => Ok(Utc::now()),
    }
}

/// A current statuslight/1 feed, read for editing.
fn load(path: &Path) -> Result<Feed, Failure> {
    let bytes = fsio::read(path)?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| Failure::io(format!("{}: not valid JSON: {e}", path.display())))?;
    if doc.get("shard").is_some() {
        return Err(Failure::io(format!(
            "{}: this is a month shard; edit the current feed that lists it",
            path.display()
        )));
    }
    statuslight::parse(&bytes).map_err(|e| Failure::io(format!("{}: {e}", path.display())))
}

fn refuse(file: &Path, problems: &[statuslight_core::validate::Problem]) -> Failure {
    for p in problems {
        println!("{}: {}: {}", file.display(), p.path, p.message);
    }
    Failure::invalid(format!(
        "edit refused: it would leave {} invalid ({} problem{})",
        file.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ))
}

fn parse_change(s: &str) -> Result<(String, Option<Severity>), Failure> {
    let Some((id, state)) = s.split_once('=') else {
        return Err(Failure::io(format!(
            "--component: expected ID=STATUS such as messaging=partial_outage, found {s:?}"
        )));
    };
    let sev = match state.trim() {
        "major" | "major_outage" => Some(Severity::Major),
        "partial" | "partial_outage" => Some(Severity::Partial),
        "degraded" | "degraded_performance" => Some(Severity::Degraded),
        "operational" | "ok" | "up" | "none" => None,
        other => {
            return Err(Failure::io(format!(
                "--component {id}: unknown status {other:?} (expected major_outage, \
                 partial_outage, degraded_performance or operational)"
            )))
        }
    };
    Ok((id.trim().to_string(), sev))
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn open(a: OpenArgs) -> Result<(), Failure> {
    let mut feed = load(&a.feed)?;
    let at = at_or_now(&a.at)?;
    let title = text_of(&a.title, &a.title_ko, &a.title_en);
    if title.is_empty() {
        return Err(Failure::io(
            "a title is needed: --title-ko, --title-en or --title",
        ));
    }
    let status = UpdateStatus::parse(&a.status);
    if status.is_final() {
        return Err(Failure::io(format!(
            "--status {}: a new incident cannot start {}; open it, then resolve it",
            a.status, a.status
        )));
    }
    let id = match a.id {
        Some(id) => id,
        None => {
            let base = format!(
                "{}-{}",
                at.format("%Y-%m-%d"),
                slug(title.get("en")).chars().take(40).collect::<String>()
            );
            let base = base.trim_end_matches('-').to_string();
            let mut id = base.clone();
            let mut n = 2;
            while feed.incident(&id).is_some() {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        }
    };
    if feed.incident(&id).is_some() {
        return Err(Failure::invalid(format!(
            "{}: an incident with id {id:?} already exists",
            a.feed.display()
        )));
    }
    let mut intervals = Vec::new();
    let mut components = Vec::new();
    for c in &a.components {
        let (cid, sev) = parse_change(c)?;
        let Some(sev) = sev else {
            return Err(Failure::io(format!(
                "--component {c}: a new incident names the components it hits, with a severity"
            )));
        };
        if !components.contains(&cid) {
            components.push(cid.clone());
        }
        intervals.push(ComponentImpact {
            component_id: cid,
            severity: sev,
            start: at,
            end: None,
        });
    }
    feed.incidents.push(Incident {
        id: id.clone(),
        title,
        impact: Impact::from_wire(&a.impact),
        status: status.clone(),
        started_at: at,
        resolved_at: None,
        components,
        intervals,
        updates: vec![Update {
            status,
            label: None,
            at,
            body: a.body.text(),
        }],
        url: None,
    });
    feed.incidents
        .sort_by(|x, y| y.started_at.cmp(&x.started_at).then(x.id.cmp(&y.id)));
    commit(&a.feed, &feed, true, &[])?;
    progress(format!("opened incident {id} in {}", a.feed.display()));
    println!("{id}");
    Ok(())
}

/// Where an incident to edit lives: the current feed, or a listed shard.
enum Home {
    Current,
    Shard(PathBuf, Box<shards::Shard>),
}

fn find_home(feed: &Feed, feed_path: &Path, id: &str) -> Result<Home, Failure> {
    if feed.incident(id).is_some() {
        return Ok(Home::Current);
    }
    for h in &feed.history {
        let p = shard_path(feed_path, &h.url);
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let shard = shards::parse_shard(&bytes)
            .map_err(|e| Failure::io(format!("{}: {e}", p.display())))?;
        if shard.feed.incident(id).is_some() {
            return Ok(Home::Shard(p, Box::new(shard)));
        }
    }
    Err(Failure::invalid(format!(
        "{}: no incident with id {id:?}",
        feed_path.display()
    )))
}

/// Apply one update to an incident: close and open intervals, post the update.
fn apply_update(
    inc: &mut Incident,
    at: DateTime<Utc>,
    status: UpdateStatus,
    body: Text,
    changes: &[(String, Option<Severity>)],
) -> Result<(), Failure> {
    if let Some(last) = inc.updates.iter().map(|u| u.at).max() {
        if at < last {
            return Err(Failure::invalid(format!(
                "edit refused: updates out of order: {} is before the incident's latest update ({})",
                at.to_rfc3339(),
                last.to_rfc3339()
            )));
        }
    }
    if at < inc.started_at {
        return Err(Failure::invalid(format!(
            "edit refused: {} is before the incident started ({})",
            at.to_rfc3339(),
            inc.started_at.to_rfc3339()
        )));
    }
    for (cid, sev) in changes {
        for iv in inc
            .intervals
            .iter_mut()
            .filter(|iv| &iv.component_id == cid && iv.end.is_none())
        {
            iv.end = Some(at);
        }
        if let Some(sev) = sev {
            inc.intervals.push(ComponentImpact {
                component_id: cid.clone(),
                severity: *sev,
                start: at,
                end: None,
            });
            if !inc.components.contains(cid) {
                inc.components.push(cid.clone());
            }
        }
    }
    if status == UpdateStatus::Resolved {
        for iv in inc.intervals.iter_mut().filter(|iv| iv.end.is_none()) {
            iv.end = Some(at);
        }
        inc.resolved_at = Some(at);
    } else if !matches!(status, UpdateStatus::Update | UpdateStatus::Postmortem)
        && !status.is_final()
    {
        // A new stage reopens a resolved incident.
        inc.resolved_at = None;
    }
    // Drop intervals that closed the instant they opened (a change made and undone at once).
    inc.intervals
        .retain(|iv| iv.end != Some(iv.start) || iv.start < at);
    if !matches!(status, UpdateStatus::Postmortem | UpdateStatus::Update) {
        inc.status = status.clone();
    }
    inc.updates.push(Update {
        status,
        label: None,
        at,
        body,
    });
    Ok(())
}

fn update(a: UpdateArgs) -> Result<(), Failure> {
    let status = UpdateStatus::parse(&a.status);
    if let UpdateStatus::Unknown(s) = &status {
        return Err(Failure::io(format!(
            "--status: unknown status {s:?} (investigating, identified, monitoring, update, \
             resolved, postmortem, scheduled, in_progress, verifying, completed)"
        )));
    }
    let changes: Vec<_> = a
        .components
        .iter()
        .map(|c| parse_change(c))
        .collect::<Result<_, _>>()?;
    let at = at_or_now(&a.at)?;
    edit(
        &a.feed,
        &a.id,
        a.sharding,
        at,
        status == UpdateStatus::Resolved,
        |inc| apply_update(inc, at, status.clone(), a.body.text(), &changes),
    )?;
    progress(format!("updated incident {} in {}", a.id, a.feed.display()));
    Ok(())
}

fn resolve(a: ResolveArgs) -> Result<(), Failure> {
    let at = at_or_now(&a.at)?;
    edit(&a.feed, &a.id, a.sharding, at, true, |inc| {
        if inc.resolved_at.is_some() && inc.status == UpdateStatus::Resolved {
            return Err(Failure::invalid(format!(
                "edit refused: incident {} is already resolved",
                inc.id
            )));
        }
        apply_update(inc, at, UpdateStatus::Resolved, a.body.text(), &[])
    })?;
    progress(format!(
        "resolved incident {} in {}",
        a.id,
        a.feed.display()
    ));
    Ok(())
}

/// Edit incident `id` wherever it lives, then (when resolving with sharding) move closed
/// incidents into their month shards, check everything and write.
fn edit(
    path: &Path,
    id: &str,
    sharding: ShardArgs,
    at: DateTime<Utc>,
    resolving: bool,
    f: impl FnOnce(&mut Incident) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut feed = load(path)?;
    match find_home(&feed, path, id)? {
        Home::Current => {
            let inc = feed
                .incidents
                .iter_mut()
                .find(|i| i.id == id)
                .ok_or_else(|| Failure::invalid(format!("no incident {id:?}")))?;
            f(inc)?;
            if resolving && sharding.wanted(&feed) {
                merge_listed_shards(&mut feed, path)?;
                let cutoff = at + TimeDelta::milliseconds(1);
                let (current, shards) = shards::split_history(&feed, cutoff);
                let files: Vec<(PathBuf, String, String)> = shards
                    .iter()
                    .map(|s| {
                        let url = shards::listed_url(&current, &s.month);
                        (shard_path(path, &url), s.month.clone(), s.to_json())
                    })
                    .collect();
                let refs: Vec<(PathBuf, String)> =
                    files.into_iter().map(|(p, _, j)| (p, j)).collect();
                commit(path, &current, true, &refs)
            } else {
                commit(path, &feed, true, &[])
            }
        }
        Home::Shard(shard_file, mut shard) => {
            let inc = shard
                .feed
                .incidents
                .iter_mut()
                .find(|i| i.id == id)
                .ok_or_else(|| Failure::invalid(format!("no incident {id:?}")))?;
            f(inc)?;
            let json = shard.to_json();
            commit(path, &feed, false, &[(shard_file, json)])
        }
    }
}

/// Check the new feed and shards, then write shards first and the feed last. With
/// `write_feed` false, only the shards are written.
fn commit(
    path: &Path,
    feed: &Feed,
    write_feed: bool,
    shard_files: &[(PathBuf, String)],
) -> Result<(), Failure> {
    let json = statuslight::to_json(feed);
    let problems = validate_with(json.as_bytes(), &Context::default());
    if !problems.is_empty() {
        return Err(refuse(path, &problems));
    }
    let ctx = Context {
        components: Some(feed.components.iter().map(|c| c.id.clone()).collect()),
    };
    for (p, j) in shard_files {
        let problems = validate_with(j.as_bytes(), &ctx);
        if !problems.is_empty() {
            return Err(refuse(p, &problems));
        }
    }
    for (p, j) in shard_files {
        if std::fs::read(p).ok().as_deref() == Some(j.as_bytes()) {
            continue;
        }
        fsio::write_atomic(p, j.as_bytes())?;
        progress(format!("wrote {}", p.display()));
    }
    if write_feed {
        fsio::write_atomic(path, json.as_bytes())?;
    }
    Ok(())
}
