//! Time zones in the browser: the core's zone probe backed by `Intl.DateTimeFormat`
//! (`crates/intl`, shared with the widget's summary module). The entry points
//! ([`crate::ui::App`], [`crate::ui::Loaded::new`], and the widget where it computes its
//! own summary) call [`install`] before any zone is read; the widget that shows a
//! published summary reads no zone.

pub use statuslight_intl::{install, offset};
