//! Progress of long commands (`enroll-dir`, `reembed`) where the user can see it: a bar on a
//! terminal, and where stderr is not one (journald, CI logs, a pipe) a log line when the work
//! starts, at least every [`LOG_EVERY`], and when it ends, with done/total, the rate and the
//! time left.
//!
//! [`ProgressLog`] decides when a line is due and what it says; it is pure (elapsed times are
//! passed in) and tested with made-up clocks.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// The longest gap between two progress lines in a log.
pub const LOG_EVERY: Duration = Duration::from_secs(5);

/// When progress lines are due, and their text.
#[derive(Debug, Clone)]
pub struct ProgressLog {
    what: String,
    unit: String,
    total: u64,
    every: Duration,
    last: Option<Duration>,
}

impl ProgressLog {
    /// Progress of `total` `unit`s of work called `what` ("enrolling", "images").
    pub fn new(what: &str, unit: &str, total: u64, every: Duration) -> ProgressLog {
        ProgressLog {
            what: what.into(),
            unit: unit.into(),
            total,
            every,
            last: None,
        }
    }

    /// The line to log now that `done` units are done, `elapsed` after the start, if one is
    /// due: the first call, then once `every` has passed since the last line, and at the end.
    pub fn tick(&mut self, done: u64, elapsed: Duration) -> Option<String> {
        let due = match self.last {
            None => true,
            Some(last) => done >= self.total || elapsed.saturating_sub(last) >= self.every,
        };
        if !due {
            return None;
        }
        self.last = Some(elapsed);
        Some(self.line(done, elapsed))
    }

    fn line(&self, done: u64, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let pct = if self.total == 0 {
            100.0
        } else {
            100.0 * done as f64 / self.total as f64
        };
        let mut line = format!(
            "{}: {done}/{} {} ({pct:.0} %)",
            self.what, self.total, self.unit
        );
        if done > 0 && secs > 0.0 {
            let rate = done as f64 / secs;
            let rate_text = match rate {
                r if r >= 10.0 => format!("{r:.0}"),
                r if r >= 1.0 => format!("{r:.1}"),
                r => format!("{r:.2}"),
            };
            line.push_str(&format!(", {rate_text} {}/s", self.unit));
            if done < self.total {
                let left = (self.total - done) as f64 / rate;
                line.push_str(&format!(", ETA {}", short_duration(left)));
            } else {
                line.push_str(&format!(", done in {}", short_duration(secs)));
            }
        }
        line
    }
}

/// `42 s`, `3 min 20 s`, `2 h 05 min`.
fn short_duration(secs: f64) -> String {
    let s = secs.round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// A progress display: an `indicatif` bar on a terminal, [`ProgressLog`] lines (info level)
/// otherwise.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    log: ProgressLog,
    started: Instant,
    done: u64,
}

impl Progress {
    /// Starts showing progress of `total` `unit`s; logs the first line when not on a terminal.
    pub fn start(what: &str, unit: &str, total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let pb = ProgressBar::new(total);
            pb.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            pb.set_prefix(what.to_string());
            pb
        });
        let mut p = Progress {
            bar,
            log: ProgressLog::new(what, unit, total, LOG_EVERY),
            started: Instant::now(),
            done: 0,
        };
        p.report();
        p
    }

    /// `n` more units are done.
    pub fn inc(&mut self, n: u64) {
        self.done += n;
        self.report();
    }

    /// What is being worked on (shown by the bar only: log lines stay short).
    pub fn set_message(&self, msg: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg.to_string());
        }
    }

    /// Runs `f` (which prints) without the bar drawing over it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn report(&mut self) {
        match &self.bar {
            Some(bar) => bar.set_position(self.done),
            None => {
                if let Some(line) = self.log.tick(self.done, self.started.elapsed()) {
                    tracing::info!("{line}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn a_line_at_the_start_every_interval_and_at_the_end() {
        let mut log = ProgressLog::new("enrolling", "images", 100, s(5.0));
        let mut lines = Vec::new();
        // One image every 0.3 s.
        for done in 0..=100u64 {
            if let Some(l) = log.tick(done, s(done as f64 * 0.3)) {
                lines.push((done, l));
            }
        }
        let at: Vec<u64> = lines.iter().map(|(d, _)| *d).collect();
        // 0 s, then ≥ 5 s apart (5.1 s = 17 images, …), then the last one.
        assert_eq!(at, vec![0, 17, 34, 51, 68, 85, 100], "{lines:?}");
        assert_eq!(lines[0].1, "enrolling: 0/100 images (0 %)");
        assert_eq!(
            lines[1].1,
            "enrolling: 17/100 images (17 %), 3.3 images/s, ETA 25 s"
        );
        assert_eq!(
            lines[6].1,
            "enrolling: 100/100 images (100 %), 3.3 images/s, done in 30 s"
        );
    }

    #[test]
    fn slow_work_still_logs_at_every_step_once_the_interval_passed() {
        let mut log = ProgressLog::new("re-embedding", "samples", 3, s(5.0));
        assert!(log.tick(0, s(0.0)).is_some());
        assert!(log.tick(1, s(4.9)).is_none());
        let l = log.tick(2, s(70.0)).unwrap();
        assert_eq!(
            l,
            "re-embedding: 2/3 samples (67 %), 0.03 samples/s, ETA 35 s"
        );
        assert!(log.tick(3, s(70.5)).is_some(), "the end is always logged");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(short_duration(0.4), "0 s");
        assert_eq!(short_duration(59.6), "1 min 00 s");
        assert_eq!(short_duration(200.0), "3 min 20 s");
        assert_eq!(short_duration(7500.0), "2 h 05 min");
    }

    #[test]
    fn nothing_to_do_is_complete() {
        let mut log = ProgressLog::new("enrolling", "images", 0, s(5.0));
        assert_eq!(
            log.tick(0, s(0.0)).unwrap(),
            "enrolling: 0/0 images (100 %)"
        );
    }
}
