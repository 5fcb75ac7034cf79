//! Time zones in the browser: the core's zone probe backed by `Intl.DateTimeFormat`
//! (`crates/intl`, shared with the widget's summary module). The entry points
//! ([`crate::ui::App`], [`crate::ui::Loaded::new`], [`crate::widget::mount`]) call
//! [`install`] before any zone is read.

pub use statuslight_intl::{install, offset};
