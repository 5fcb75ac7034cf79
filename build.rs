//! `make dist` builds the readers module first and names it in `STATUSLIGHT_READERS`
//! (its files' stem, e.g. `statuslight-readers-0123abcd`); the page and the widget are
//! then built without the Statuspage v2 and Atom/RSS readers and load that module when a
//! feed needs it (`src/readers.rs`). Without the variable (`trunk serve`, the browser
//! tests) the readers are linked in as before.
//!
//! Likewise `STATUSLIGHT_SUMMARY` names the widget's summary module (`crates/summary`)
//! for the widget's build: the widget then holds no feed reader and no uptime engine and
//! loads that module when a page publishes no summary it can use (`src/widget/source.rs`).

fn main() {
    for (var, cfg) in [
        ("STATUSLIGHT_READERS", "lazy_readers"),
        ("STATUSLIGHT_SUMMARY", "lazy_summary"),
    ] {
        println!("cargo::rerun-if-env-changed={var}");
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if std::env::var_os(var).is_some_and(|v| !v.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
