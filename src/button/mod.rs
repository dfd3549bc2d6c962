//! The button and LED: hardware seams ([`ButtonSource`], [`Led`]), the pure debounce and
//! gesture state machine ([`debounce`]), LED patterns ([`led`]) and the GPIO character-device
//! implementation ([`gpio`], the only module that names `gpio-cdev`).

pub mod debounce;
pub mod gpio;
pub mod led;

use std::time::{Duration, Instant};

/// A raw level change of the button, as read (not debounced).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// When it was seen.
    pub at: Instant,
    /// The new logical state (active-low already applied).
    pub pressed: bool,
}

/// Errors of the GPIO layer; messages name the chip and line and say what to do.
#[derive(Debug, thiserror::Error)]
#[error("{what}: {reason}")]
pub struct GpioError {
    /// Chip/line.
    pub what: String,
    /// What went wrong and what to do.
    pub reason: String,
}

/// Something that reports button edges.
pub trait ButtonSource: Send {
    /// For logs.
    fn describe(&self) -> String;
    /// Waits up to `timeout` for the next raw edge (`None` on timeout).
    fn wait(&mut self, timeout: Duration) -> Result<Option<Edge>, GpioError>;
}

pub trait Led: Send {
    /// Switches it on or off (logical level; active-low already applied).
    fn set(&mut self, on: bool) -> Result<(), GpioError>;
}
