//! The daemon's status board: what the pipeline threads publish for the HTTP API to read —
//! static facts, camera and catalogue state, the current decision, the newest frame, frame
//! rate, [`metrics`], and every event for live subscribers. The daemon writes it and the API
//! reads it; neither imports the other.

pub mod metrics;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use image::RgbImage;
use serde::Serialize;

use crate::camera::CameraState;
use crate::event::Event;
use metrics::Metrics;

/// One published event: its name and its JSON (the SSE `event:` and `data:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub name: &'static str,
    pub data: serde_json::Value,
}

/// Facts that do not change while the daemon runs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StaticInfo {
    pub version: String,
    pub model: String,
    pub runtime: String,
    pub delegates: Vec<String>,
    #[serde(skip)]
    pub input_width: u32,
    #[serde(skip)]
    pub input_height: u32,
}

/// State the daemon keeps up to date for the API.
#[derive(Debug)]
pub struct Board {
    started: Instant,
    pub info: StaticInfo,
    pub camera: Mutex<CameraState>,
    /// (classes, samples, frozen).
    pub index: Mutex<(usize, usize, bool)>,
    /// The current decision, as the API shows it.
    pub decision: Mutex<serde_json::Value>,
    last_frame: Mutex<Option<(u64, Arc<RgbImage>)>>,
    jpeg_cache: Mutex<Option<(u64, Arc<Vec<u8>>)>>,
    subscribers: Mutex<Vec<SyncSender<Arc<Published>>>>,
    frame_rate: Mutex<metrics::FrameRate>,
    /// Frame counters (captured, dropped) come from the capture slot.
    pub frames: Mutex<(u64, u64)>,
    pub metrics: Metrics,
    /// Whether mutating calls need the token.
    pub auth_required: AtomicBool,
}

impl Board {
    /// A board with the static facts.
    pub fn new(info: StaticInfo) -> Board {
        Board {
            started: Instant::now(),
            info,
            camera: Mutex::new(CameraState::Starting),
            index: Mutex::new((0, 0, false)),
            decision: Mutex::new(
                serde_json::json!({"label": null, "score": null, "top": [], "frame": 0, "time_ms": 0}),
            ),
            last_frame: Mutex::new(None),
            jpeg_cache: Mutex::new(None),
            subscribers: Mutex::new(Vec::new()),
            frame_rate: Mutex::new(Default::default()),
            frames: Mutex::new((0, 0)),
            metrics: Metrics::default(),
            auth_required: AtomicBool::new(false),
        }
    }

    /// The newest frame (for snapshots and the live view).
    pub fn set_frame(&self, seq: u64, frame: Arc<RgbImage>) {
        if let Ok(mut f) = self.last_frame.lock() {
            *f = Some((seq, frame));
        }
    }

    /// The pipeline classified a frame now (for the frame rate in the status).
    pub fn frame_classified(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        if let Ok(mut r) = self.frame_rate.lock() {
            r.push(now);
        }
    }

    /// Publishes a daemon event to SSE clients (and keeps the current decision).
    pub fn publish(&self, event: &Event) {
        let Ok(json) = serde_json::to_value(event) else {
            return;
        };
        if matches!(event, Event::Decision { .. } | Event::Heartbeat { .. })
            && let Ok(mut d) = self.decision.lock()
        {
            let mut v = json.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("event");
                o.remove("counters");
            }
            *d = v;
        }
        let line = Arc::new(Published {
            name: event.name(),
            data: json,
        });
        if let Ok(mut subs) = self.subscribers.lock() {
            // A client that cannot keep up is dropped (it reconnects and gets the state).
            subs.retain(|s| s.try_send(line.clone()).is_ok());
        }
    }

    /// Every event published from now on, starting with the current decision (as the
    /// `decision` event that set it, same fields).
    pub fn subscribe(&self) -> Receiver<Arc<Published>> {
        let (tx, rx) = mpsc::sync_channel(64);
        let mut current = self.decision.lock().map(|d| d.clone()).unwrap_or_default();
        if let Some(o) = current.as_object_mut() {
            o.insert("event".into(), "decision".into());
        }
        let _ = tx.try_send(Arc::new(Published {
            name: "decision",
            data: current,
        }));
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.push(tx);
        }
        rx
    }

    /// The newest frame as a JPEG (encoded once per frame).
    pub fn jpeg(&self) -> Option<Arc<Vec<u8>>> {
        let (seq, frame) = self.last_frame.lock().ok()?.clone()?;
        let mut cache = self.jpeg_cache.lock().ok()?;
        if let Some((s, j)) = cache.as_ref()
            && *s == seq
        {
            return Some(j.clone());
        }
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
        frame.write_with_encoder(enc).ok()?;
        let j = Arc::new(out);
        *cache = Some((seq, j.clone()));
        Some(j)
    }

    /// `GET /v1/status`.
    pub fn status(&self) -> serde_json::Value {
        let classified = self.metrics.classified.load(Ordering::Relaxed);
        let now = self.started.elapsed().as_millis() as u64;
        let fps = self.frame_rate.lock().map(|r| r.rate(now)).unwrap_or(0.0);
        let (state, detail) = match self
            .camera
            .lock()
            .map(|c| c.clone())
            .unwrap_or(CameraState::Starting)
        {
            CameraState::Starting => ("starting", String::new()),
            CameraState::Streaming => ("streaming", String::new()),
            CameraState::Retrying(m) => ("retrying", m),
            CameraState::Ended => ("ended", String::new()),
        };
        let (classes, samples, frozen) = self.index.lock().map(|i| *i).unwrap_or_default();
        let (captured, dropped) = self.frames.lock().map(|f| *f).unwrap_or_default();
        serde_json::json!({
            "version": self.info.version,
            "model": self.info.model,
            "runtime": self.info.runtime,
            "delegates": self.info.delegates,
            "camera": {"state": state, "detail": detail},
            "fps": (fps * 10.0).round() / 10.0,
            "frames": {"captured": captured, "dropped": dropped, "classified": classified},
            "index": {"classes": classes, "samples": samples, "frozen": frozen},
            "uptime_s": (self.started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
            "auth_required": self.auth_required.load(Ordering::Relaxed),
        })
    }

    /// `GET /metrics`: the Prometheus text exposition.
    pub fn metrics_text(&self) -> String {
        self.metrics_text_with(&[])
    }

    /// [`Board::metrics_text`] with the caller's own gauges (the API's budget and streams).
    pub fn metrics_text_with(&self, extra: &[(&str, &str, f64)]) -> String {
        let (classes, samples, _) = self.index.lock().map(|i| *i).unwrap_or_default();
        let (captured, dropped) = self.frames.lock().map(|f| *f).unwrap_or_default();
        self.metrics.render(
            &[
                ("cbrd_frames_captured_total", "Frames captured.", captured),
                (
                    "cbrd_frames_dropped_total",
                    "Frames replaced before inference took them (newest wins).",
                    dropped,
                ),
            ],
            &[
                (
                    "cbrd_index_classes",
                    "Classes in the catalogue.",
                    classes as f64,
                ),
                (
                    "cbrd_index_samples",
                    "Samples in the catalogue.",
                    samples as f64,
                ),
                (
                    "cbrd_uptime_seconds",
                    "Seconds since the daemon started.",
                    self.started.elapsed().as_secs_f64(),
                ),
            ]
            .iter()
            .chain(extra)
            .copied()
            .collect::<Vec<_>>(),
        )
    }
}

/// A sink that publishes every event on the board (the API's event streams and current
/// decision).
pub struct BoardSink(pub Arc<Board>);

impl crate::sink::Sink for BoardSink {
    fn name(&self) -> String {
        "api".into()
    }
    fn emit(&mut self, event: &Event) -> std::io::Result<()> {
        self.0.publish(event);
        Ok(())
    }
}
