//! `statuslight import statuspage FILES…` and `statuslight import atom FILE`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use statuslight_core::formats::{self, statuslight};
use statuslight_core::validate::validate;
use statuslight_core::{Feed, FeedKind, Impact, Text};

use crate::common::progress;
use crate::fsio;
use crate::{Failure, OutArg};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Statuspage v2 JSON: summary.json, incidents.json, scheduled-maintenances.json… of
    /// one page, combined
    Statuspage(StatuspageArgs),
    /// An Atom or RSS history feed (Statuspage's history.atom / history.rss and similar)
    Atom(AtomArgs),
}

#[derive(Args)]
pub struct Common {
    #[command(flatten)]
    out: OutArg,
    /// Tag text of no language (what these formats carry) as this language, e.g. en
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,
    /// Set the page's address (used for incident links)
    #[arg(long, value_name = "URL")]
    page_url: Option<String>,
}

#[derive(Args)]
pub struct StatuspageArgs {
    /// Statuspage v2 documents of one page
    #[arg(required = true, value_name = "FILES")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
pub struct AtomArgs {
    /// An Atom or RSS file
    file: PathBuf,
    /// The impact to record: these feeds do not say (none, minor, major, critical)
    #[arg(long, default_value = "minor")]
    impact: String,
    #[command(flatten)]
    common: Common,
}

pub fn run(c: ImportCommand) -> Result<(), Failure> {
    match c {
        ImportCommand::Statuspage(a) => {
            let feed = read(&a.files, &[FeedKind::StatuspageV2], "Statuspage v2 JSON")?;
            finish(feed, &a.common, None)
        }
        ImportCommand::Atom(a) => {
            let feed = read(
                std::slice::from_ref(&a.file),
                &[FeedKind::Atom, FeedKind::Rss],
                "an Atom or RSS feed",
            )?;
            finish(feed, &a.common, Some(Impact::from_wire(&a.impact)))
        }
    }
}

fn read(files: &[PathBuf], kinds: &[FeedKind], what: &str) -> Result<Feed, Failure> {
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .map(|p| fsio::read(p))
        .collect::<Result<_, _>>()?;
    for (p, b) in files.iter().zip(&bytes) {
        match formats::detect(b) {
            Some(k) if kinds.contains(&k) => {}
            _ => {
                return Err(Failure::io(format!("{}: not {what}", p.display())));
            }
        }
    }
    let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    if files.len() > 1 {
        progress(format!("combining {} documents", files.len()));
    }
    formats::parse_feeds(&slices).map_err(|e| {
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        Failure::io(format!("{}: {e}", names.join(", ")))
    })
}

fn retag(t: &mut Text, lang: &str) {
    if let Some(v) = t.0.remove(Text::UNTAGGED) {
        t.0.entry(lang.to_string()).or_insert(v);
    }
}

fn finish(mut feed: Feed, c: &Common, impact: Option<Impact>) -> Result<(), Failure> {
    feed.kind = FeedKind::Statuslight;
    feed.declared = None;
    for comp in &mut feed.components {
        comp.status = None;
    }
    if let Some(url) = &c.page_url {
        feed.page.url = Some(url.clone());
    }
    if let Some(imp) = impact {
        for i in &mut feed.incidents {
            if matches!(i.impact, Impact::Unknown(_)) {
                i.impact = imp.clone();
            }
        }
    }
    if feed.page.name.is_empty() {
        feed.page.name = Text::untagged("Status");
    }
    if let Some(lang) = &c.lang {
        retag(&mut feed.page.name, lang);
        if let Some(n) = &mut feed.page.notice {
            retag(n, lang);
        }
        for comp in &mut feed.components {
            retag(&mut comp.name, lang);
            if let Some(d) = &mut comp.description {
                retag(d, lang);
            }
        }
        for i in &mut feed.incidents {
            retag(&mut i.title, lang);
            for u in &mut i.updates {
                retag(&mut u.body, lang);
            }
        }
        for m in &mut feed.maintenances {
            retag(&mut m.title, lang);
            for u in &mut m.updates {
                retag(&mut u.body, lang);
            }
        }
        if !feed.page.languages.contains(lang) {
            feed.page.languages.insert(0, lang.clone());
        }
    }
    let json = statuslight::to_json(&feed);
    let problems = validate(json.as_bytes());
    let name = c
        .out
        .output
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<stdout>".to_string());
    if !problems.is_empty() {
        for p in &problems {
            println!("{name}: {}: {}", p.path, p.message);
        }
        return Err(Failure::invalid(format!(
            "the converted feed is not valid ({} problems); nothing written",
            problems.len()
        )));
    }
    match &c.out.output {
        Some(p) => {
            fsio::write_atomic(p, json.as_bytes())?;
            progress(format!(
                "wrote {} ({} components, {} incidents, {} maintenances)",
                p.display(),
                feed.components.len(),
                feed.incidents.len(),
                feed.maintenances.len()
            ));
        }
        None => print!("{json}"),
    }
    Ok(())
}
