//! `statuslight uptime FEED…`: uptime per component, as the page shows it.

use std::path::PathBuf;

use clap::Args;
use statuslight_core::export::uptime::{rows, rows_csv, rows_json};
use statuslight_core::present::page_zone;
use statuslight_core::uptime::{format_uptime, UptimeIndex, UptimeOptions, Window};

use crate::common::{effective_now, load_feed, parse_date, parse_tz};
use crate::{Failure, LangArg};

#[derive(Args)]
#[command(
    long_about = "Report uptime per component over a window, with the page's engine \
    and options, for SLA reports and exports. Reads any feed the core reads: a \
    statuslight/1 feed (with the month shards its index lists), Statuspage v2 files of one \
    page, Atom or RSS.\n\n\
    The window is the last N days ending on the date of --now in --tz (default 90d), a \
    calendar month, or --from/--to dates. --now defaults to the feed's as_of, else the \
    clock; --tz to the page's zone.\n\n\
    With --json: an array of objects with component, name, group, is_group, first, last, \
    uptime_percent (unrounded, null when nothing was counted), uptime (as the page prints \
    it), major_minutes, partial_minutes, degraded_minutes, maintenance_minutes, \
    observed_minutes, counted_minutes, downtime_minutes, incidents and long_incidents."
)]
pub struct UptimeArgs {
    /// Feed files (several only for Statuspage v2 documents of one page)
    #[arg(required = true, value_name = "FEED")]
    feeds: Vec<PathBuf>,
    /// The last N days, e.g. 90d
    #[arg(long, value_name = "Nd", conflicts_with_all = ["month", "from", "to"])]
    window: Option<String>,
    /// A calendar month, e.g. 2021-05
    #[arg(long, value_name = "YYYY-MM", conflicts_with_all = ["from", "to"])]
    month: Option<String>,
    /// First date (with --to)
    #[arg(long, value_name = "DATE", requires = "to")]
    from: Option<String>,
    /// Last date, included (with --from)
    #[arg(long, value_name = "DATE", requires = "from")]
    to: Option<String>,
    /// Time zone the days are cut in (default the page's)
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// The moment of the report (RFC 3339); nothing after it counts
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Print JSON
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV
    #[arg(long)]
    csv: bool,
    /// Weight of partial-outage minutes (default the page's, 0.3)
    #[arg(long, value_name = "W")]
    partial_weight: Option<f64>,
    /// Weight of degraded-performance minutes (default the page's, 0)
    #[arg(long, value_name = "D")]
    degraded_weight: Option<f64>,
    /// Count maintenance minutes as up-time instead of leaving them out
    #[arg(long)]
    count_maintenance: bool,
    #[command(flatten)]
    lang: LangArg,
}

fn window(a: &UptimeArgs) -> Result<Window, Failure> {
    if let (Some(f), Some(t)) = (&a.from, &a.to) {
        let first = parse_date(f, "--from")?;
        let last = parse_date(t, "--to")?;
        if last < first {
            return Err(Failure::io("--to is before --from"));
        }
        return Ok(Window::Dates { first, last });
    }
    if let Some(m) = &a.month {
        let bad = || Failure::io(format!("--month: {m:?} is not a month such as 2021-05"));
        let (y, mo) = m.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = mo.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || mo.len() != 2 || y.len() != 4 {
            return Err(bad());
        }
        return Ok(Window::Month { year, month });
    }
    let w = a.window.as_deref().unwrap_or("90d");
    let n: u32 = w
        .strip_suffix('d')
        .unwrap_or(w)
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            Failure::io(format!(
                "--window: {w:?} is not a number of days such as 90d"
            ))
        })?;
    Ok(Window::LastDays(n))
}

pub fn run(a: UptimeArgs) -> Result<(), Failure> {
    let win = window(&a)?;
    let feed = load_feed(&a.feeds, true)?;
    let now = effective_now(&feed, a.now.as_deref())?;
    let tz = match &a.tz {
        Some(z) => parse_tz(z)?,
        None => page_zone(&feed),
    };
    let mut opts = UptimeOptions::default();
    if let Some(w) = a.partial_weight {
        opts.partial_weight = w;
    }
    if let Some(d) = a.degraded_weight {
        opts.degraded_weight = d;
    }
    opts.count_maintenance = a.count_maintenance;
    let (first, last) = win
        .dates(tz, now)
        .ok_or_else(|| Failure::io("the window is empty"))?;
    let index = UptimeIndex::new(&feed, now);
    let list = rows(
        &feed,
        &index,
        first,
        last,
        tz,
        &opts,
        a.lang.lang.as_deref(),
    );
    if a.json {
        print!("{}", rows_json(&list));
    } else if a.csv {
        print!("{}", rows_csv(&list));
    } else {
        println!(
            "Uptime {first} – {last} ({}), as of {}",
            tz.name(),
            now.to_rfc3339()
        );
        let width = list
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(4)
            .max(9);
        println!(
            "{:<width$}  {:>8}  {:>9}  {:>9}  {:>9}  {:>11}",
            "component", "uptime", "major", "partial", "degraded", "maintenance"
        );
        for r in &list {
            let up = r
                .uptime_percent
                .map(|u| format!("{} %", format_uptime(u, 2)))
                .unwrap_or_else(|| "no data".to_string());
            let name = if r.group.is_some() {
                format!("  {}", r.name)
            } else {
                r.name.clone()
            };
            println!(
                "{:<width$}  {:>8}  {:>8}m  {:>8}m  {:>8}m  {:>10}m",
                name,
                up,
                r.major_minutes,
                r.partial_minutes,
                r.degraded_minutes,
                r.maintenance_minutes
            );
        }
    }
    Ok(())
}
