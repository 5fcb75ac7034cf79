//! Statuslight's browser shell: Leptos components that read signals, call the pure core
//! ([`statuslight_core`]) and render what it returns.
//!
//! [`net`] is the only module that touches the network; [`clock`] the only one that reads
//! the time; [`zone`] answers the core's questions about time zones.

pub mod clock;
pub mod net;
pub mod readers;
pub mod ui;
pub mod widget;
pub mod zone;

pub use statuslight_core as core;
