//! `make dist` builds the readers module first and names it in `STATUSLIGHT_READERS`
//! (its files' stem, e.g. `statuslight-readers-0123abcd`); the page and the widget are
//! then built without the Statuspage v2 and Atom/RSS readers and load that module when a
//! feed needs it (`src/readers.rs`). Without the variable (`trunk serve`, the browser
//! tests) the readers are linked in as before.

fn main() {
    println!("cargo::rerun-if-env-changed=STATUSLIGHT_READERS");
    println!("cargo::rustc-check-cfg=cfg(lazy_readers)");
    if std::env::var_os("STATUSLIGHT_READERS").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=lazy_readers");
    }
}
