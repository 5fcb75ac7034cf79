//! Statuslight's pure core.
//!
//! Bytes in, model out: the feed model ([`model`]), the format adapters ([`formats`]) with
//! typed errors ([`error`]), current status ([`status`]) and the uptime engine ([`uptime`]).
//! Nothing here does I/O, reads a clock or knows about a browser: callers pass in the
//! bytes, the time zone and "now".

pub mod config;
pub mod error;
pub mod export;
pub mod formats;
pub mod i18n;
pub mod model;
pub mod order;
pub mod present;
pub mod refresh;
pub mod rich;
pub mod status;
pub mod synth;
pub mod uptime;
pub mod validate;
pub mod zone;

pub use error::FeedError;
pub use formats::{parse_feed, parse_feed_as};
pub use model::*;
pub use zone::Zone;
