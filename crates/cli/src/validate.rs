//! `statuslight validate FEED…`

use std::path::{Path, PathBuf};

use clap::Args;
use statuslight_core::formats::{self, statuslight};
use statuslight_core::validate::{validate_with, Context, Problem};
use statuslight_core::{FeedError, FeedKind};

use crate::common::shard_path;
use crate::fsio;
use crate::Failure;

#[derive(Args)]
#[command(long_about = "Check feeds: schema and meaning.\n\n\
    A statuslight/1 feed is checked field by field (types, required and unknown fields) and \
    for meaning: unknown component ids, updates out of order, intervals that end before they \
    start, overlapping maintenance, and more. The month shards a feed's history index lists \
    are checked too, against the feed's components. Statuspage v2, Atom and RSS files are \
    checked by reading them.\n\n\
    Every problem is printed as FILE: JSON-PATH: message. Exit status 0 when there are none, \
    1 when there are, 2 when a file cannot be read.")]
pub struct ValidateArgs {
    /// Feed files to check
    #[arg(required = true, value_name = "FEED")]
    feeds: Vec<PathBuf>,
    /// Print nothing for valid files
    #[arg(short, long)]
    quiet: bool,
}

/// Problems of one statuslight/1 document (plus the shards its index lists).
pub fn check_statuslight(path: &Path, bytes: &[u8], ctx: &Context) -> Vec<(PathBuf, Problem)> {
    let mut out: Vec<(PathBuf, Problem)> = validate_with(bytes, ctx)
        .into_iter()
        .map(|p| (path.to_path_buf(), p))
        .collect();
    if !out.is_empty() {
        return out;
    }
    let Ok(feed) = statuslight::parse(bytes) else {
        return out;
    };
    let comps = Context {
        components: Some(feed.components.iter().map(|c| c.id.clone()).collect()),
    };
    for (n, h) in feed.history.iter().enumerate() {
        let sp = shard_path(path, &h.url);
        match std::fs::read(&sp) {
            Ok(b) => {
                let mut problems = validate_with(&b, &comps);
                if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&b) {
                    if v.get("shard").and_then(|s| s.as_str()) != Some(h.month.as_str()) {
                        problems.push(Problem {
                            path: "shard".into(),
                            message: format!(
                                "the index of {} lists this file for {} but it says {}",
                                path.display(),
                                h.month,
                                v.get("shard")
                                    .map(|s| s.to_string())
                                    .unwrap_or_else(|| "nothing".into())
                            ),
                        });
                    }
                }
                out.extend(problems.into_iter().map(|p| (sp.clone(), p)));
            }
            Err(e) => out.push((
                path.to_path_buf(),
                Problem {
                    path: format!("history[{n}].url"),
                    message: format!("cannot read the shard {}: {e}", sp.display()),
                },
            )),
        }
    }
    out
}

fn is_shard(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .is_some_and(|v| v.get("shard").is_some())
}

pub fn run(a: ValidateArgs) -> Result<(), Failure> {
    let files: Vec<(PathBuf, Vec<u8>)> = a
        .feeds
        .iter()
        .map(|p| fsio::read(p).map(|b| (p.clone(), b)))
        .collect::<Result<_, _>>()?;
    // Components of the first current statuslight feed, for shards given alongside it.
    let current = files.iter().find_map(|(_, b)| {
        (formats::detect(b) == Some(FeedKind::Statuslight) && !is_shard(b))
            .then(|| statuslight::parse(b).ok())
            .flatten()
    });
    let shard_ctx = Context {
        components: current.map(|f| f.components.iter().map(|c| c.id.clone()).collect()),
    };
    let mut total = 0usize;
    for (path, bytes) in &files {
        let problems: Vec<(PathBuf, Problem)> = match formats::detect(bytes) {
            Some(FeedKind::Statuslight) => {
                let ctx = if is_shard(bytes) {
                    shard_ctx.clone()
                } else {
                    Context::default()
                };
                check_statuslight(path, bytes, &ctx)
            }
            _ => match formats::parse_feed(bytes) {
                Ok(_) => Vec::new(),
                Err(e) => vec![(path.clone(), error_problem(&e))],
            },
        };
        if problems.is_empty() && !a.quiet {
            println!("{}: ok", path.display());
        }
        for (file, p) in &problems {
            println!("{}: {}: {}", file.display(), p.path, p.message);
        }
        total += problems.len();
    }
    if total > 0 {
        Err(Failure::invalid(format!(
            "{total} problem{} found",
            if total == 1 { "" } else { "s" }
        )))
    } else {
        Ok(())
    }
}

fn error_problem(e: &FeedError) -> Problem {
    let path = match e {
        FeedError::Json { path, .. } | FeedError::Invalid { path, .. } => path.clone(),
        FeedError::Xml { position, .. } => format!("byte {position}"),
        _ => ".".to_string(),
    };
    Problem {
        path,
        message: e.to_string(),
    }
}
