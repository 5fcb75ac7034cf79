//! Prints `crates/core/src/zone/tzdb-names.txt`, the zone names and abbreviations probed
//! zones use, from chrono-tz's copy of the tz database. Run after updating chrono-tz:
//!
//! ```sh
//! cargo run -p statuslight-core --example zone_table > crates/core/src/zone/tzdb-names.txt
//! ```

fn main() {
    print!("{}", statuslight_core::zone::names_table());
}
