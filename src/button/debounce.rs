//! Software debounce and gesture recognition — a pure state machine over timestamps.
//!
//! The GPIO v1 interface has no kernel debounce, so contacts that bounce produce bursts of
//! edges. A level counts only after it has been stable for `debounce_ms`; the stable presses
//! are then classified:
//!
//! | gesture | how | what cbrd does (see [`crate::enroll`]) |
//! |---|---|---|
//! | short press | released before `long_ms`, no second press within `double_ms` | enroll a **new class** from a burst of frames |
//! | long press | held `long_ms` … `very_long_ms` | add a burst of samples to the **last enrolled class** |
//! | double press | a second press starting within `double_ms` of a short press's release | **undo** the last enrollment |
//! | very long press | held ≥ `very_long_ms` | nothing (cancels a press that went wrong) |
//!
//! A short press is reported `double_ms` after its release (when no second press came).
//! Times are milliseconds on any monotonic clock.

/// Timing thresholds, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GestureConfig {
    /// A level must hold this long to count.
    pub debounce_ms: u64,
    /// Minimum hold for a long press.
    pub long_ms: u64,
    /// Minimum hold for a very long press.
    pub very_long_ms: u64,
    /// Window after a short press's release for the second press of a double press.
    pub double_ms: u64,
}

impl Default for GestureConfig {
    fn default() -> Self {
        GestureConfig {
            debounce_ms: 30,
            long_ms: 1500,
            very_long_ms: 5000,
            double_ms: 400,
        }
    }
}

/// A recognised gesture and when it was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gesture {
    Short,
    Long,
    VeryLong,
    Double,
}

#[derive(Debug, Clone)]
pub struct Debouncer {
    cfg: GestureConfig,
    raw: bool,
    raw_since: u64,
    stable: bool,
    press_at: Option<u64>,
    pending_short: Option<u64>,
    second_press: bool,
}

impl Debouncer {
    /// Starts released.
    pub fn new(cfg: GestureConfig) -> Debouncer {
        Debouncer {
            cfg,
            raw: false,
            raw_since: 0,
            stable: false,
            press_at: None,
            pending_short: None,
            second_press: false,
        }
    }

    /// A raw edge at `t` (logical level `pressed`). Returns gestures that became due.
    pub fn edge(&mut self, t: u64, pressed: bool) -> Vec<(u64, Gesture)> {
        let mut out = self.tick(t);
        if pressed != self.raw {
            self.raw = pressed;
            self.raw_since = t;
        }
        out.extend(self.tick(t));
        out
    }

    /// Advances time to `t`: applies settled levels, expires the double-press window.
    pub fn tick(&mut self, t: u64) -> Vec<(u64, Gesture)> {
        let mut out = Vec::new();
        // A settled level change happened at raw_since (it is reported with that time).
        if self.raw != self.stable && t >= self.raw_since + self.cfg.debounce_ms {
            // Expire a pending short press whose window ended before this change.
            if let Some(r) = self.pending_short
                && self.raw_since > r + self.cfg.double_ms
            {
                out.push((r + self.cfg.double_ms, Gesture::Short));
                self.pending_short = None;
            }
            self.stable = self.raw;
            let at = self.raw_since;
            if self.stable {
                if self.pending_short.take().is_some() {
                    self.second_press = true;
                }
                self.press_at = Some(at);
            } else if let Some(p) = self.press_at.take() {
                let held = at - p;
                if std::mem::take(&mut self.second_press) {
                    out.push((at, Gesture::Double));
                } else if held >= self.cfg.very_long_ms {
                    out.push((at, Gesture::VeryLong));
                } else if held >= self.cfg.long_ms {
                    out.push((at, Gesture::Long));
                } else {
                    self.pending_short = Some(at);
                }
            }
        }
        if let Some(r) = self.pending_short
            && t > r + self.cfg.double_ms
        {
            out.push((r + self.cfg.double_ms, Gesture::Short));
            self.pending_short = None;
        }
        out
    }

    /// When [`Debouncer::tick`] next has something to do.
    pub fn next_deadline(&self) -> Option<u64> {
        let settle = (self.raw != self.stable).then_some(self.raw_since + self.cfg.debounce_ms);
        let window = self.pending_short.map(|r| r + self.cfg.double_ms + 1);
        settle.into_iter().chain(window).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds raw edges (time, pressed) and ticks every millisecond up to `until`.
    fn run(edges: &[(u64, bool)], until: u64) -> Vec<(u64, Gesture)> {
        let mut d = Debouncer::new(GestureConfig::default());
        let mut out = Vec::new();
        let mut e = edges.iter().peekable();
        for t in 0..=until {
            while let Some(&&(at, p)) = e.peek() {
                if at != t {
                    break;
                }
                out.extend(d.edge(t, p));
                e.next();
            }
            out.extend(d.tick(t));
        }
        out
    }

    /// A press from `a` to `b` with contact bounce at both ends.
    fn bouncy(a: u64, b: u64) -> Vec<(u64, bool)> {
        vec![
            (a, true),
            (a + 2, false),
            (a + 5, true),
            (b, false),
            (b + 3, true),
            (b + 4, false),
        ]
    }

    #[test]
    fn gesture_table() {
        type Case = (&'static str, Vec<(u64, bool)>, Vec<(u64, Gesture)>);
        let cases: Vec<Case> = vec![
            (
                "short",
                vec![(100, true), (300, false)],
                vec![(700, Gesture::Short)],
            ),
            (
                "short with bounce",
                bouncy(100, 300),
                vec![(704, Gesture::Short)],
            ),
            (
                "long",
                vec![(100, true), (1800, false)],
                vec![(1800, Gesture::Long)],
            ),
            (
                "very long",
                vec![(100, true), (5200, false)],
                vec![(5200, Gesture::VeryLong)],
            ),
            (
                "double",
                vec![(100, true), (200, false), (450, true), (550, false)],
                vec![(550, Gesture::Double)],
            ),
            (
                "two shorts",
                vec![(100, true), (200, false), (700, true), (800, false)],
                vec![(600, Gesture::Short), (1200, Gesture::Short)],
            ),
            (
                "glitch shorter than debounce",
                vec![(100, true), (110, false)],
                vec![],
            ),
            ("release without press", vec![(50, false)], vec![]),
        ];
        for (name, edges, want) in cases {
            assert_eq!(run(&edges, 6000), want, "{name}");
        }
    }

    #[test]
    fn deadlines_tell_when_to_wake() {
        let mut d = Debouncer::new(GestureConfig::default());
        assert_eq!(d.next_deadline(), None);
        d.edge(100, true);
        assert_eq!(d.next_deadline(), Some(130));
        assert!(d.tick(130).is_empty());
        d.edge(200, false);
        d.tick(230);
        assert_eq!(d.next_deadline(), Some(601));
        assert_eq!(d.tick(601), vec![(600, Gesture::Short)]);
        assert_eq!(d.next_deadline(), None);
    }
}
