//! `statuslight build OUT_DIR`: everything a static host serves beside the app.

use std::path::{Path, PathBuf};

use chrono::TimeDelta;
use chrono::{DateTime, Utc};
use clap::Args;
use statuslight_core::config;
use statuslight_core::export::{badge, jsonfeed, statuspage, syndication, uptime};
use statuslight_core::formats::{self, shards, statuslight};
use statuslight_core::present::{page_zone, published, widget};
use statuslight_core::uptime::UptimeOptions;
use statuslight_core::{Feed, FeedKind};

use crate::common::{effective_now, load_feed, parse_tz, progress};
use crate::fsio;
use crate::prerender;
use crate::{Failure, LangArg};

#[derive(Args)]
#[command(
    long_about = "Write what the static host serves beside the app, into OUT_DIR:\n\n\
    - the current feed (FEED_OUT, default the input's file name) with a history index, and \
      month shards history/YYYY-MM.json of incidents closed before --keep-days;\n\
    - history.atom, history.rss and history.json (JSON Feed 1.1) of incidents;\n\
    - badges/<component>.svg and badges/overall.svg;\n\
    - api/v2/summary.json, status.json, components.json, incidents.json, \
      incidents/unresolved.json, scheduled-maintenances.json (+ upcoming, active), \
      compatible with the Statuspage v2 API;\n\
    - uptime.json: 30, 90 and 365-day uptime per component;\n\
    - with --page, beside the page's configuration (statuslight.json): the status the \
      embeddable widget shows, statuslight.widget.json.\n\n\
    Statuses and uptime are computed at --now, else the feed's as_of, else the clock."
)]
pub struct BuildArgs {
    /// Output folder (created when missing)
    #[arg(value_name = "OUT_DIR")]
    out_dir: PathBuf,
    /// The feed to publish: a statuslight/1 feed (with its shards beside it), or
    /// Statuspage v2, Atom or RSS files of one page
    #[arg(long = "feed", required = true, value_name = "FEED", num_args = 1..)]
    feeds: Vec<PathBuf>,
    /// The moment to describe (RFC 3339)
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Time zone for uptime days (default the page's)
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    #[command(flatten)]
    lang: LangArg,
    /// Where the current feed goes, relative to OUT_DIR
    #[arg(long, value_name = "PATH")]
    feed_out: Option<PathBuf>,
    /// Keep incidents of the last DAYS in the current feed; older closed ones go to shards
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    keep_days: u32,
    /// Write the whole history into the current feed, no shards
    #[arg(long)]
    no_shards: bool,
    /// The app's page in OUT_DIR (e.g. index.html) to write the current status into as
    /// plain HTML, at its `<!-- statuslight:prerender -->` marker, so visitors see it
    /// before the app has loaded; its configuration is the one its
    /// `<meta name="statuslight-config">` names
    #[arg(long, value_name = "PAGE")]
    page: Vec<PathBuf>,
}

fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
    let path = out.join(rel);
    fsio::write_atomic(&path, bytes)?;
    progress(format!("wrote {}", path.display()));
    Ok(())
}

pub fn run(a: BuildArgs) -> Result<(), Failure> {
    progress(format!(
        "reading {}",
        a.feeds
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut feed = load_feed(&a.feeds, true)?;
    let now = effective_now(&feed, a.now.as_deref())?;
    let tz = match &a.tz {
        Some(z) => parse_tz(z)?,
        None => page_zone(&feed),
    };
    let lang = a.lang.lang.as_deref();
    let out = &a.out_dir;
    std::fs::create_dir_all(out)
        .map_err(|e| Failure::io(format!("{}: cannot create: {e}", out.display())))?;

    // The current feed and its month shards.
    let feed_out = a.feed_out.clone().unwrap_or_else(|| {
        match (feed.kind, a.feeds.first().and_then(|p| p.file_name())) {
            (FeedKind::Statuslight, Some(n)) => PathBuf::from(n),
            _ => PathBuf::from("feed.json"),
        }
    });
    feed.kind = FeedKind::Statuslight;
    let (current, shard_list) = if a.no_shards {
        let mut f = feed.clone();
        f.history.clear();
        (f, Vec::new())
    } else {
        let mut f = feed.clone();
        // The index is rebuilt from what goes into shards now.
        f.history.clear();
        shards::split_history(&f, now - TimeDelta::days(i64::from(a.keep_days)))
    };
    let feed_dir = feed_out.parent().map(Path::to_path_buf).unwrap_or_default();
    progress(format!(
        "{} incidents: {} in the current feed, {} in {} month shards",
        feed.incidents.len(),
        current.incidents.len(),
        feed.incidents.len() - current.incidents.len(),
        shard_list.len()
    ));
    for s in &shard_list {
        let url = shards::listed_url(&current, &s.month);
        write(
            out,
            &feed_dir.join(url).to_string_lossy(),
            s.to_json().as_bytes(),
        )?;
    }
    let current_json = statuslight::to_json(&current);
    write(out, &feed_out.to_string_lossy(), current_json.as_bytes())?;
    // The published page shows what the app shows once it has read that file: the current
    // feed with its shard index, as the app reads it (read back, so nothing differs by how
    // it was written), not the whole history with the shards merged.
    let published = formats::read_bodies(&[(Some(FeedKind::Statuslight), current_json.as_bytes())])
        .map_err(|e| Failure::io(format!("{}: reads back as {e}", feed_out.display())))?;

    // Syndication.
    write(
        out,
        "history.atom",
        syndication::atom(&feed, now, lang).as_bytes(),
    )?;
    write(
        out,
        "history.rss",
        syndication::rss(&feed, now, lang).as_bytes(),
    )?;
    write(
        out,
        "history.json",
        jsonfeed::json_feed(&feed, now, lang, "history.json").as_bytes(),
    )?;

    // Badges.
    for (rel, svg) in badge::badges(&feed, now, lang) {
        write(out, &rel, svg.as_bytes())?;
    }

    // Statuspage v2 API.
    for (rel, json) in statuspage::files(&feed, now, lang) {
        write(out, &rel, json.as_bytes())?;
    }

    // Precomputed uptime.
    progress("computing uptime");
    write(
        out,
        "uptime.json",
        uptime::precomputed(&feed, now, tz, &UptimeOptions::default(), lang).as_bytes(),
    )?;
    let mut summaries: Vec<PathBuf> = Vec::new();
    for page in &a.page {
        let config = prerender_page(out, page, &published, now)?;
        if !summaries.contains(&config.path) {
            widget_summary_file(out, &config, now)?;
            summaries.push(config.path);
        }
    }
    progress(format!("built {} at {}", out.display(), now.to_rfc3339()));
    Ok(())
}

/// A page's configuration as read from OUT_DIR.
struct PageConfig {
    path: PathBuf,
    bytes: Vec<u8>,
    config: config::Config,
    /// Where its widget summary goes; `None` when the configuration is not inside OUT_DIR.
    summary_file: Option<PathBuf>,
}

/// Write the status of `feed` (the current feed as published) at `now` into the app's
/// page `OUT_DIR/page` ([`prerender`]); returns the configuration the page names.
fn prerender_page(
    out: &Path,
    page: &Path,
    feed: &Feed,
    now: DateTime<Utc>,
) -> Result<PageConfig, Failure> {
    let path = out.join(page);
    let html = String::from_utf8(fsio::read(&path)?)
        .map_err(|_| Failure::io(format!("{}: not UTF-8", path.display())))?;
    let config_rel = meta_content(&html, "statuslight-config").unwrap_or("statuslight.json");
    let config_path = path.parent().unwrap_or(out).join(config_rel);
    let bytes = fsio::read(&config_path)?;
    let config = config::parse_config(&bytes)
        .map_err(|e| Failure::io(format!("{}: {e}", config_path.display())))?;
    // The feed as the app has it when it takes over: the current file, and merged into it
    // the shards it loads at once, from where the app fetches them (beside the first
    // configured feed). One that cannot be read here is left out, as the app shows it:
    // with a button to load it.
    let page_dir = path.parent().unwrap_or(out);
    let window: Vec<WindowShard> = prerender::window_shards(feed, &config, now)
        .into_iter()
        .map(|hint| {
            let url = beside_first_feed(&config, &hint.url);
            WindowShard {
                month: hint.month.clone(),
                bytes: read_deployed(page_dir, &url),
                url,
            }
        })
        .collect();
    let mut shown = feed.clone();
    let mut loaded = std::collections::BTreeSet::new();
    for w in &window {
        let shard = w
            .bytes
            .as_ref()
            .ok()
            .and_then(|b| shards::parse_shard(b).ok());
        if let Some(shard) = shard {
            if shards::merge_shard(&mut shown, shard).is_ok() {
                loaded.insert(w.month.clone());
            }
        }
    }
    let mut pre = prerender::render(&shown, &config, now, &loaded);
    // Relative addresses resolve against the page, for the app as for the preload.
    pre.preload.insert(0, config_rel.to_string());
    // What the page's starter checks before it keeps this view as the page.
    match published_view(
        page_dir, config_rel, &bytes, &config, feed, &window, &shown, now,
    ) {
        Ok(view) => {
            pre.body.push_str(&format!(
                "<script type=\"application/json\" id=\"{}\">{}</script>",
                published::ELEMENT_ID,
                view.to_script_json()
            ));
        }
        Err(why) => progress(format!(
            "{}: the app will load on every visit: {why}",
            path.display()
        )),
    }
    let html = prerender::insert(&html, &pre).ok_or_else(|| {
        Failure::io(format!(
            "{}: no {} marker in the page's body to write the status at",
            path.display(),
            prerender::MARKER
        ))
    })?;
    write(out, &page.to_string_lossy(), html.as_bytes())?;
    let inside =
        deploy_path(&page.to_string_lossy()).is_some() && deploy_path(config_rel).is_some();
    let summary_file = inside.then(|| {
        config_path.with_file_name(widget::summary_url(
            &config_path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
        ))
    });
    Ok(PageConfig {
        path: config_path,
        bytes,
        config,
        summary_file,
    })
}

/// A month shard the app loads as soon as it has the current feed
/// ([`prerender::window_shards`]): its month, its address as the page names it, and its
/// bytes in this deploy or why there are none.
struct WindowShard {
    month: String,
    url: String,
    bytes: Result<Vec<u8>, String>,
}

/// The published view of the page in `page_dir` whose configuration (`config_bytes`, at
/// `config_rel` from the page) names the feed this build publishes (`current`),
/// prerendered from `whole` (that feed with the `window` shards merged), with the
/// fingerprints of the files the app reads for its first view: the configuration, each
/// feed, and those shards. Or why there is none (a feed on another host cannot be
/// fingerprinted here).
#[allow(clippy::too_many_arguments)]
fn published_view(
    page_dir: &Path,
    config_rel: &str,
    config_bytes: &[u8],
    config: &config::Config,
    current: &Feed,
    window: &[WindowShard],
    whole: &Feed,
    now: DateTime<Utc>,
) -> Result<published::PublishedView, String> {
    let mut sources = vec![widget::SummarySource {
        url: config_rel.to_string(),
        hash: widget::fingerprint(config_bytes),
    }];
    let (feed_sources, feed) = configured_feeds(page_dir, config)?;
    sources.extend(feed_sources);
    // The view is of the feed this build publishes: a configuration that reads other or
    // more feeds would be checked against files the view was not computed from.
    if feed != *current {
        return Err("its configuration reads other feeds than the one this build publishes".into());
    }
    // The shards the app loads at once, where it fetches them.
    for w in window {
        let bytes = w.bytes.as_ref().map_err(Clone::clone)?;
        sources.push(widget::SummarySource {
            url: w.url.clone(),
            hash: widget::fingerprint(bytes),
        });
    }
    Ok(published::PublishedView::new(whole, config, now, sources))
}

/// A shard's address from the feed index (`url`, relative to the feed) as the page names
/// it: relative to the first configured feed's folder, as the app resolves it.
fn beside_first_feed(config: &config::Config, url: &str) -> String {
    let base = config.feeds.first().map_or("", |f| f.url.as_str());
    let base = base.split(['?', '#']).next().unwrap_or(base);
    format!("{}{url}", &base[..base.rfind('/').map_or(0, |i| i + 1)])
}

/// Write the widget's summary at `now` beside the configuration
/// ([`widget::summary_url`]), computed from the feeds the configuration names as they are
/// in OUT_DIR now, with their fingerprints: a widget uses it only while it fetches the
/// same bytes. A configuration outside OUT_DIR gets none; one naming a feed that is not a
/// readable file of OUT_DIR (another host, an absolute path) gets none either, and a
/// summary an earlier run wrote there is removed: its widgets read the feeds.
fn widget_summary_file(out: &Path, page: &PageConfig, now: DateTime<Utc>) -> Result<(), Failure> {
    let Some(file) = &page.summary_file else {
        progress(format!(
            "no widget summary for {}: it is not inside {}",
            page.path.display(),
            out.display()
        ));
        return Ok(());
    };
    match summary_of(page, now) {
        Ok(summary) => {
            let json = serde_json::to_string(&summary)
                .map_err(|e| Failure::io(format!("widget summary: {e}")))?;
            fsio::write_atomic(file, json.as_bytes())?;
            progress(format!("wrote {}", file.display()));
        }
        Err(why) => {
            progress(format!(
                "no widget summary for {}: {why}",
                page.path.display()
            ));
            if file.exists() {
                std::fs::remove_file(file)
                    .map_err(|e| Failure::io(format!("{}: cannot remove: {e}", file.display())))?;
                progress(format!("removed {}", file.display()));
            }
        }
    }
    Ok(())
}

/// The summary of the page configured by `page`, or why there is none.
fn summary_of(page: &PageConfig, now: DateTime<Utc>) -> Result<widget::WidgetSummary, String> {
    let dir = page.path.parent().unwrap_or(Path::new(""));
    let mut sources = vec![widget::SummarySource {
        url: String::new(),
        hash: widget::fingerprint(&page.bytes),
    }];
    let (feed_sources, feed) = configured_feeds(dir, &page.config)?;
    sources.extend(feed_sources);
    let mut summary = widget::widget_summary(&feed, &page.config, now, widget::AHEAD_DAYS);
    summary.sources = sources;
    Ok(summary)
}

/// The feeds `config` names, read from the files under `dir` they name (relative
/// addresses only), with each one's address and fingerprint; or why they cannot be.
fn configured_feeds(
    dir: &Path,
    config: &config::Config,
) -> Result<(Vec<widget::SummarySource>, Feed), String> {
    let mut sources = Vec::new();
    let mut bodies = Vec::new();
    for source in &config.feeds {
        let bytes = read_deployed(dir, &source.url).map_err(|e| format!("its feed {e}"))?;
        sources.push(widget::SummarySource {
            url: source.url.clone(),
            hash: widget::fingerprint(&bytes),
        });
        bodies.push((source.kind, bytes));
    }
    let borrowed: Vec<_> = bodies.iter().map(|(k, b)| (*k, b.as_slice())).collect();
    let feed = formats::read_bodies(&borrowed).map_err(|e| format!("its feeds: {e}"))?;
    Ok((sources, feed))
}

/// The bytes of the deploy's file at `url` under `dir`, or why there are none.
fn read_deployed(dir: &Path, url: &str) -> Result<Vec<u8>, String> {
    let rel = deploy_path(url).ok_or_else(|| format!("{url} is not a file of this deploy"))?;
    std::fs::read(dir.join(rel)).map_err(|e| format!("{url} cannot be read here: {e}"))
}

/// The relative path an address names inside the deploy: no scheme, not absolute, no
/// `..` (with `/` or `\\` between the parts); its query and fragment dropped.
fn deploy_path(url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or(url).trim();
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let absolute = path.starts_with(['/', '\\']);
    if absolute || parts.is_empty() || parts.iter().any(|p| *p == ".." || p.contains(':')) {
        return None;
    }
    Some(parts.iter().collect())
}

/// The `content` of `<meta name="NAME" content="…">`.
fn meta_content<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let value = prerender::quoted_after(html, &format!("<meta name=\"{name}\" content=\""))?;
    Some(&html[value]).filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deploy_paths_stay_inside_the_deploy() {
        let inside = |u: &str| deploy_path(u).map(|p| p.to_string_lossy().replace('\\', "/"));
        assert_eq!(inside("feed.json").as_deref(), Some("feed.json"));
        assert_eq!(
            inside("./demo//feed.json?v=2#x").as_deref(),
            Some("demo/feed.json")
        );
        assert_eq!(inside("demo\\feed.json").as_deref(), Some("demo/feed.json"));
        for outside in [
            "",
            "?v=1",
            "/feed.json",
            "//cdn.example.com/feed.json",
            "https://status.example.com/feed.json",
            "../feed.json",
            "demo/../../feed.json",
            "..\\..\\secret",
            "\\server\\feed.json",
            "C:\\feeds\\feed.json",
        ] {
            assert_eq!(inside(outside), None, "{outside}");
        }
    }
}
