//! LED feedback patterns (pure) and the thread that plays them on a [`Led`].

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::Led;

/// What the LED shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Off,
    /// Blinking at 4 Hz until replaced: capturing an enrollment burst.
    Capturing,
    /// On for 1.5 s, then off: enrollment saved.
    Confirm,
    /// Three short flashes, then off: an enrollment or undo failed.
    Error,
    /// Two slow flashes, then off: the last enrollment was undone.
    Undone,
}

impl Pattern {
    /// The level `ms` after the pattern started, or `None` when it has finished (then off).
    pub fn level(self, ms: u64) -> Option<bool> {
        match self {
            Pattern::Off => None,
            Pattern::Capturing => Some(ms % 250 < 125),
            Pattern::Confirm => (ms < 1500).then_some(true),
            Pattern::Error => (ms < 6 * 120).then_some((ms / 120).is_multiple_of(2)),
            Pattern::Undone => (ms < 4 * 400).then_some((ms / 400).is_multiple_of(2)),
        }
    }
}

/// Plays patterns received on `rx` until the channel closes, then switches the LED off.
/// GPIO errors are logged once and the pattern goes on (the LED is only feedback).
pub fn play(led: &mut dyn Led, rx: &Receiver<Pattern>) {
    let mut pattern = Pattern::Off;
    let mut started = Instant::now();
    let mut level = None::<bool>;
    let mut failed = false;
    loop {
        let want = pattern
            .level(started.elapsed().as_millis() as u64)
            .unwrap_or(false);
        if level != Some(want) {
            match led.set(want) {
                Ok(()) => failed = false,
                Err(e) if !failed => {
                    tracing::warn!("LED: {e}");
                    failed = true;
                }
                Err(_) => {}
            }
            level = Some(want);
        }
        let step = if pattern
            .level(started.elapsed().as_millis() as u64)
            .is_some()
        {
            20
        } else {
            1000
        };
        match rx.recv_timeout(Duration::from_millis(step)) {
            Ok(p) => {
                pattern = p;
                started = Instant::now();
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = led.set(false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_levels() {
        assert_eq!(Pattern::Off.level(0), None);
        assert_eq!(Pattern::Capturing.level(0), Some(true));
        assert_eq!(Pattern::Capturing.level(130), Some(false));
        assert_eq!(Pattern::Capturing.level(1_000_000), Some(true));
        assert_eq!(Pattern::Confirm.level(1499), Some(true));
        assert_eq!(Pattern::Confirm.level(1500), None);
        let error: Vec<Option<bool>> = (0..7).map(|i| Pattern::Error.level(i * 120 + 1)).collect();
        assert_eq!(
            error,
            vec![
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                Some(true),
                Some(false),
                None
            ]
        );
        assert_eq!(Pattern::Undone.level(500), Some(false));
    }

    struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<bool>>>);
    impl Led for Recorder {
        fn set(&mut self, on: bool) -> Result<(), super::super::GpioError> {
            self.0.lock().unwrap().push(on);
            Ok(())
        }
    }

    #[test]
    fn player_follows_commands_and_ends_dark() {
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let mut led = Recorder(log.clone());
        let t = std::thread::spawn(move || play(&mut led, &rx));
        tx.send(Pattern::Confirm).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        drop(tx);
        t.join().unwrap();
        let seen = log.lock().unwrap().clone();
        assert_eq!(seen.first(), Some(&false), "starts dark");
        assert!(seen.contains(&true), "confirm lit it: {seen:?}");
        assert_eq!(seen.last(), Some(&false), "ends dark");
    }
}
