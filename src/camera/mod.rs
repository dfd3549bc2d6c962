//! The capture stage: frame sources and the capture loop.
//!
//! [`FrameSource`] is the seam: V4L2 cameras ([`v4l2`], the only module that names the `v4l`
//! crate), a folder of images replayed at a rate ([`folder`]) and raw frames from a pipe
//! ([`pipe`], e.g. `rpicam-vid --codec yuv420 -o -`). [`capture_loop`] keeps one source
//! running: it reopens it with back-off after errors, and hands frames over through a
//! [`LatestFrame`] slot in which the newest frame wins, so capture never waits for inference.

pub mod convert;
pub mod folder;
pub mod pipe;
pub mod v4l2;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use image::RgbImage;

pub use convert::PixelFormat;

/// Which camera source the daemon uses.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraSource {
    /// A V4L2 device.
    V4l2(v4l2::V4l2Options),
    /// A folder replayed at a rate.
    Folder {
        dir: PathBuf,
        rate: f64,
        /// Loop at the end.
        looping: bool,
    },
    /// Raw frames from a pipe.
    Pipe {
        /// `-` or a path.
        path: PathBuf,
        format: PixelFormat,
        width: u32,
        height: u32,
    },
}

/// One captured frame, already converted to RGB and owned (no borrowed driver buffers).
#[derive(Debug, Clone)]
pub struct Frame {
    pub image: RgbImage,
    /// Capture sequence number (per source, counting from 0).
    pub seq: u64,
    /// When it was captured (monotonic).
    pub captured: Instant,
}

impl Frame {
    /// A frame captured now, numbered from the source's counter (which it advances).
    pub fn now(image: RgbImage, counter: &mut u64) -> Frame {
        let seq = *counter;
        *counter += 1;
        Frame {
            image,
            seq,
            captured: Instant::now(),
        }
    }
}

/// Why a source failed; each variant's message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    /// The device or file does not exist (unplugged?).
    #[error("{0}: not found — is the camera plugged in? (`v4l2-ctl --list-devices` lists cameras)")]
    NotFound(String),
    /// The folder or pipe of a non-camera source is missing, or the folder has no images.
    #[error("{what}: {problem} — check camera.{key} in the config")]
    SourceMissing {
        what: String,
        /// What is wrong ("folder not found", "no images in the folder", …).
        problem: String,
        /// The config key that names it (`folder`, `pipe`).
        key: &'static str,
    },
    /// Another program holds the device.
    #[error("{0}: busy — another program is using the camera (find it with `fuser -v {0}`)")]
    Busy(String),
    /// Permission denied.
    #[error("{0}: permission denied — add the user to the `video` group (the systemd unit does)")]
    Permission(String),
    /// The device cannot deliver any format cbrd converts.
    #[error(
        "{device}: no supported pixel format (camera offers {offered}; cbrd converts MJPG, YUYV, NV12, YU12, RGB3, GREY)"
    )]
    Unsupported {
        device: String,
        /// What it offers.
        offered: String,
    },
    /// The device went away while streaming.
    #[error("{0}: camera disconnected")]
    Disconnected(String),
    /// No frame arrived in time.
    #[error("{0}: no frame within the timeout")]
    Timeout(String),
    /// A finite source (folder without loop, closed stdin) has no more frames.
    #[error("{0}: end of input")]
    End(String),
    /// A frame could not be decoded/converted (the source stays open).
    #[error("{source_name}: bad frame: {reason}")]
    BadFrame {
        source_name: String,
        /// Why.
        reason: String,
    },
    /// Any other I/O error.
    #[error("{what}: {err}")]
    Io { what: String, err: std::io::Error },
}

impl CameraError {
    /// A frame of `source` that could not be decoded or converted.
    pub fn bad_frame(source: impl Into<String>, reason: impl std::fmt::Display) -> CameraError {
        CameraError::BadFrame {
            source_name: source.into(),
            reason: reason.to_string(),
        }
    }

    /// Maps an OS error on `what` to the matching variant.
    pub fn from_io(what: &str, err: std::io::Error) -> CameraError {
        match err.raw_os_error() {
            Some(libc::ENOENT) | Some(libc::ENXIO) => CameraError::NotFound(what.into()),
            Some(libc::ENODEV) => CameraError::Disconnected(what.into()),
            Some(libc::EBUSY) => CameraError::Busy(what.into()),
            Some(libc::EACCES) | Some(libc::EPERM) => CameraError::Permission(what.into()),
            _ if err.kind() == std::io::ErrorKind::TimedOut => CameraError::Timeout(what.into()),
            _ => CameraError::Io {
                what: what.into(),
                err,
            },
        }
    }

    /// Whether the source must be closed and reopened (as opposed to skipping one frame).
    pub fn needs_reopen(&self) -> bool {
        !matches!(self, CameraError::BadFrame { .. })
    }
}

/// A source of frames (camera, folder, pipe).
pub trait FrameSource: Send {
    /// A short description for logs ("/dev/video0 MJPG 640×480").
    fn describe(&self) -> String;
    /// Opens (or reopens) the source.
    fn open(&mut self) -> Result<(), CameraError>;
    /// Waits for the next frame. After an error with `needs_reopen`, [`FrameSource::close`]
    /// and [`FrameSource::open`] are called before the next frame.
    fn next_frame(&mut self) -> Result<Frame, CameraError>;
    fn close(&mut self);
}

/// The state of the capture loop, for status reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraState {
    Starting,
    Streaming,
    /// Waiting to retry after an error (the message says what is wrong).
    Retrying(String),
    /// The source ended (finite input).
    Ended,
}

/// A one-frame mailbox: the producer replaces whatever is there (counting the replaced frame
/// as dropped), the consumer takes the newest. Capture therefore never blocks on inference.
#[derive(Debug, Default)]
pub struct LatestFrame {
    slot: Mutex<Option<Frame>>,
    ready: Condvar,
    closed: AtomicBool,
    /// Set by [`LatestFrame::wake`]: the consumer has other work (an API upload to embed).
    woken: AtomicBool,
    pub captured: AtomicU64,
    /// Frames replaced before anyone took them.
    pub dropped: AtomicU64,
}

impl LatestFrame {
    /// Puts a frame in, replacing (and counting as dropped) an untaken one.
    pub fn put(&self, frame: Frame) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        if slot.replace(frame).is_some() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
        self.captured.fetch_add(1, Ordering::Relaxed);
        self.ready.notify_one();
    }

    /// Takes the newest frame, waiting up to `timeout`. `None` on timeout, when closed, or
    /// when woken by [`LatestFrame::wake`] before a frame came.
    pub fn take(&self, timeout: Duration) -> Option<Frame> {
        let slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        let (mut slot, _) = self
            .ready
            .wait_timeout_while(slot, timeout, |s| {
                s.is_none()
                    && !self.closed.load(Ordering::Relaxed)
                    && !self.woken.load(Ordering::Relaxed)
            })
            .unwrap_or_else(|e| e.into_inner());
        self.woken.store(false, Ordering::Relaxed);
        slot.take()
    }

    /// Ends a waiting (or the next) [`LatestFrame::take`] early, without a frame.
    pub fn wake(&self) {
        let _slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        self.woken.store(true, Ordering::Relaxed);
        self.ready.notify_all();
    }

    /// Wakes the consumer for good (shutdown).
    pub fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
        self.ready.notify_all();
    }
}

/// Back-off between reopen attempts: doubles from `initial` up to `max`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Backoff {
    /// Delay before attempt `n` (0-based) after a failure.
    pub fn delay(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.min(16)).unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }
}

/// Runs `source` until `stop` is set: opens it (retrying with back-off, logging each new
/// problem once), puts every frame into `out`, reports state changes through `on_state` and
/// bumps `alive` on every turn (watchdog).
pub fn capture_loop(
    source: &mut dyn FrameSource,
    out: &LatestFrame,
    backoff: Backoff,
    stop: &AtomicBool,
    alive: &AtomicU64,
    mut on_state: impl FnMut(CameraState),
) {
    let mut failures = 0u32;
    let mut open = false;
    let mut last_problem = String::new();
    let beat = |alive: &AtomicU64| alive.store(crate::clock::now_ms(), Ordering::Relaxed);
    while !stop.load(Ordering::Relaxed) {
        beat(alive);
        if !open {
            match source.open() {
                Ok(()) => {
                    open = true;
                    failures = 0;
                    last_problem.clear();
                    tracing::info!(camera = %source.describe(), "camera streaming");
                    on_state(CameraState::Streaming);
                }
                Err(e) => {
                    let delay = backoff.delay(failures);
                    failures = failures.saturating_add(1);
                    report_problem(&e, delay, &mut last_problem, &mut on_state);
                    sleep_unless(stop, alive, delay);
                    continue;
                }
            }
        }
        match source.next_frame() {
            Ok(frame) => out.put(frame),
            Err(CameraError::End(what)) => {
                tracing::info!(source = %what, "frame source ended");
                on_state(CameraState::Ended);
                source.close();
                break;
            }
            Err(e) if !e.needs_reopen() => tracing::warn!("{e}; frame skipped"),
            Err(e) => {
                source.close();
                open = false;
                let delay = backoff.delay(failures);
                failures = failures.saturating_add(1);
                report_problem(&e, delay, &mut last_problem, &mut on_state);
                sleep_unless(stop, alive, delay);
            }
        }
    }
    source.close();
}

fn report_problem(
    e: &CameraError,
    delay: Duration,
    last: &mut String,
    on_state: &mut impl FnMut(CameraState),
) {
    let msg = e.to_string();
    if *last != msg {
        tracing::warn!(
            "{msg}; retrying every ≤{:.1} s",
            delay.as_secs_f32().max(0.1)
        );
        on_state(CameraState::Retrying(msg.clone()));
        *last = msg;
    }
}

/// Sleeps `d` in short steps, returning early when `stop` is set.
fn sleep_unless(stop: &AtomicBool, alive: &AtomicU64, d: Duration) {
    let end = Instant::now() + d;
    while !stop.load(Ordering::Relaxed) {
        alive.store(crate::clock::now_ms(), Ordering::Relaxed);
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        std::thread::sleep(left.min(Duration::from_millis(100)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    fn frame(seq: u64) -> Frame {
        Frame {
            image: RgbImage::new(2, 2),
            seq,
            captured: Instant::now(),
        }
    }

    #[test]
    fn newest_frame_wins_and_drops_are_counted() {
        let slot = LatestFrame::default();
        slot.put(frame(1));
        slot.put(frame(2));
        slot.put(frame(3));
        assert_eq!(slot.take(Duration::ZERO).map(|f| f.seq), Some(3));
        assert_eq!(slot.dropped.load(Ordering::Relaxed), 2);
        assert_eq!(slot.captured.load(Ordering::Relaxed), 3);
        assert!(slot.take(Duration::from_millis(10)).is_none());
    }

    #[test]
    fn wake_ends_a_wait_without_a_frame_once() {
        let slot = std::sync::Arc::new(LatestFrame::default());
        let waker = {
            let slot = slot.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                slot.wake();
            })
        };
        let t = Instant::now();
        assert!(slot.take(Duration::from_secs(30)).is_none());
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
        waker.join().unwrap();
        // Woken before the wait: the next take returns at once; the one after waits again.
        slot.wake();
        assert!(slot.take(Duration::from_secs(30)).is_none());
        let t = Instant::now();
        assert!(slot.take(Duration::from_millis(100)).is_none());
        assert!(t.elapsed() >= Duration::from_millis(90));
        // A frame is still delivered after a wake.
        slot.wake();
        slot.put(frame(7));
        assert_eq!(slot.take(Duration::ZERO).map(|f| f.seq), Some(7));
    }

    #[test]
    fn backoff_doubles_to_the_cap() {
        let b = Backoff {
            initial: Duration::from_millis(250),
            max: Duration::from_secs(2),
        };
        let got: Vec<u64> = (0..6).map(|n| b.delay(n).as_millis() as u64).collect();
        assert_eq!(got, vec![250, 500, 1000, 2000, 2000, 2000]);
        assert_eq!(b.delay(1000), Duration::from_secs(2));
    }

    /// A scripted source: each step is an open result or a frame result.
    struct Script {
        opens: VecDeque<Result<(), CameraError>>,
        frames: VecDeque<Result<Frame, CameraError>>,
        closes: usize,
    }

    impl FrameSource for Script {
        fn describe(&self) -> String {
            "script".into()
        }
        fn open(&mut self) -> Result<(), CameraError> {
            self.opens.pop_front().unwrap_or(Ok(()))
        }
        fn next_frame(&mut self) -> Result<Frame, CameraError> {
            self.frames
                .pop_front()
                .unwrap_or(Err(CameraError::End("script".into())))
        }
        fn close(&mut self) {
            self.closes += 1;
        }
    }

    #[test]
    fn capture_recovers_from_unplug_and_busy() {
        let mut s = Script {
            opens: VecDeque::from([Err(CameraError::Busy("/dev/video0".into())), Ok(()), Ok(())]),
            frames: VecDeque::from([
                Ok(frame(0)),
                Err(CameraError::BadFrame {
                    source_name: "s".into(),
                    reason: "x".into(),
                }),
                Ok(frame(1)),
                Err(CameraError::Disconnected("/dev/video0".into())),
                Ok(frame(2)),
            ]),
            closes: 0,
        };
        let out = LatestFrame::default();
        let (stop, alive) = (AtomicBool::new(false), AtomicU64::new(0));
        let mut states = Vec::new();
        let backoff = Backoff {
            initial: Duration::from_millis(1),
            max: Duration::from_millis(2),
        };
        capture_loop(&mut s, &out, backoff, &stop, &alive, |st| states.push(st));
        assert_eq!(out.captured.load(Ordering::Relaxed), 3, "three good frames");
        assert_eq!(out.take(Duration::ZERO).map(|f| f.seq), Some(2));
        let kinds: Vec<&str> = states
            .iter()
            .map(|s| match s {
                CameraState::Retrying(m) if m.contains("busy") => "busy",
                CameraState::Retrying(m) if m.contains("disconnected") => "gone",
                CameraState::Streaming => "up",
                CameraState::Ended => "end",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, vec!["busy", "up", "gone", "up", "end"]);
        assert!(alive.load(Ordering::Relaxed) > 0);
    }

    #[test]
    fn io_errors_map_to_helpful_variants() {
        let e = |code| CameraError::from_io("/dev/video0", std::io::Error::from_raw_os_error(code));
        assert!(matches!(e(libc::ENOENT), CameraError::NotFound(_)));
        assert!(matches!(e(libc::EBUSY), CameraError::Busy(_)));
        assert!(matches!(e(libc::EACCES), CameraError::Permission(_)));
        assert!(matches!(e(libc::ENODEV), CameraError::Disconnected(_)));
        assert!(e(libc::EACCES).to_string().contains("video"));
    }
}
