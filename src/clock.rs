//! The daemon's clocks, in one place: a monotonic millisecond time base shared by the pipeline
//! threads (liveness stamps, frame times, button edges) and Unix time for events.
//!
//! Pure code never reads these: it takes its timestamps as arguments.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn epoch() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Milliseconds on the monotonic clock since the time base (its first use).
pub fn now_ms() -> u64 {
    epoch().elapsed().as_millis() as u64
}

/// `t` on the same time base as [`now_ms`] (0 for instants before it).
pub fn ms_of(t: Instant) -> u64 {
    t.saturating_duration_since(epoch()).as_millis() as u64
}

/// Unix time in milliseconds.
pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Unix time in seconds (index timestamps).
pub fn unix_s() -> u64 {
    unix_ms() / 1000
}
