//! `make dist` builds the readers module first and names it in `STATUSLIGHT_READERS`
//! (its files' stem, e.g. `statuslight-readers-0123abcd`); the page and the widget are
//! then built without the Statuspage v2 and Atom/RSS readers and load that module when a
//! feed needs it (`src/readers.rs`). Without the variable (`trunk serve`, the browser
//! tests) the readers are linked in as before.
//!
//! Likewise `STATUSLIGHT_SUMMARY` names the widget's summary module (`crates/summary`)
//! for the widget's build: the widget then holds no feed reader and no uptime engine and
//! loads that module when a page publishes no summary it can use (`src/widget/source.rs`).
//!
//! It also writes the widget's stylesheet without its comments and blank lines to
//! `OUT_DIR/widget.css`, the copy the widget's wasm carries (`src/widget/dom.rs`), as
//! `scripts/inline-styles.mjs` does for the page's inline stylesheet, and to the same
//! bytes (`tests/e2e/dist.test.mjs` looks for that script's output in the widget's wasm).

use std::path::Path;

fn main() {
    let css = "style/widget.css";
    println!("cargo::rerun-if-changed={css}");
    let text = std::fs::read_to_string(css).expect("style/widget.css is readable");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("widget.css"), without_comments(&text))
        .expect("OUT_DIR is writable");

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

/// `css` without its comments and blank lines; quoted strings untouched. The rule of
/// `stripCssComments` in `scripts/inline-styles.mjs`: a blank line is spaces and tabs
/// only, ended by `\n` or `\r\n`; everything else is kept as it is.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == '\\' {
                    out.extend(chars.next());
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '/' && chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            None => out.push(c),
        }
    }
    out.split_inclusive('\n')
        .filter(|line| {
            let Some(body) = line.strip_suffix('\n') else {
                return true;
            };
            let body = body.strip_suffix('\r').unwrap_or(body);
            !body.bytes().all(|b| b == b' ' || b == b'\t')
        })
        .collect()
}
