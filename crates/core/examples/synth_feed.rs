//! Print the synthetic benchmark feed (20 components, 10 years, 5,000 incidents by
//! default) as a `statuslight/1` feed on standard output, for `make bench`:
//!
//! ```sh
//! cargo run -q -p statuslight-core --release --example synth_feed -- [END] > feed.json
//! statuslight build OUT --feed feed.json --now END   # split it into month shards
//! ```
//!
//! `END` (RFC 3339, default 2026-01-01T00:00:00Z) is where the history ends. The feed's
//! `as_of` is set to it, so the page shows it as a snapshot of that moment whatever the
//! clock says, and every run prints the same bytes.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use statuslight_core::formats::statuslight::to_json;
use statuslight_core::synth::{generate, SynthOptions};

fn main() -> ExitCode {
    let opts = match std::env::args().nth(1) {
        None => SynthOptions::default(),
        Some(arg) => match arg.parse::<DateTime<Utc>>() {
            Ok(end) => SynthOptions::new(end),
            Err(e) => {
                eprintln!("synth_feed: END must be an RFC 3339 time ({arg}: {e})");
                return ExitCode::from(2);
            }
        },
    };
    let mut feed = generate(&opts);
    feed.as_of = Some(opts.end);
    let json = to_json(&feed);
    if let Err(e) = std::io::stdout().lock().write_all(json.as_bytes()) {
        eprintln!("synth_feed: cannot write: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
