//! `cbrd run`: the device daemon.
//!
//! ```text
//! capture ──LatestFrame──► infer ──Observation──► decide ──Event──► output (sinks)
//! (cbrd-capture)           (cbrd-infer)           (cbrd-decide)      (cbrd-output)
//!                                                   ▲      │
//! button ──Gesture─────────────────────────────────┘      └──Pattern──► led
//! (cbrd-button)                                                        (cbrd-led)
//! ```
//!
//! - capture never waits for inference: the newest frame wins, replaced frames are counted;
//! - infer: centre-crop/resize, embed, sharpness;
//! - decide owns the index, the matcher settings, the smoother and the enrollment state
//!   machine; it is the only thread that writes the index (through the crash-safe store, under
//!   the folder lock, after re-reading the file so that CLI changes are kept);
//! - output feeds every [`Sink`].
//!
//! The calling thread supervises: sd_notify `READY=1` (model and index loaded, camera
//! streaming or `camera.ready_timeout_s` passed), `STATUS=`, `WATCHDOG=1` only while every
//! pipeline thread is alive, `STOPPING=1`; the stop and reload flags are passed in (set by the
//! signal handlers in `cmd::run`).
//!
//! The HTTP API sits beside the pipeline, not in it: [`run_attached`] hands it [`Links`] to the
//! decide and infer threads, and the daemon never names it.
//!
//! Files: this one starts and supervises the threads; `workers` has the capture-side loops
//! (output, inference, button), `decide` the decide thread's state machine and `catalogue`
//! its changes to the index.

mod catalogue;
mod decide;
mod uploads;
mod workers;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::board::metrics::ErrorKind;
use crate::board::{Board, BoardSink};
use crate::button::debounce::{Debouncer, Gesture};
use crate::button::led::{self, Pattern};
use crate::button::{ButtonSource, Led};
use crate::camera::{self, CameraState, FrameSource, LatestFrame};
use crate::clock::{now_ms, unix_ms};
use crate::config::{Config, DaemonSettings};
use crate::decide::Catalogue;
use crate::embed::Embedder;
use crate::enroll::Observation;
use crate::event::Event;
use crate::index::store::{self, Store};
use crate::request::{EmbedJob, Request};
use crate::sink::Sink;
use decide::DecideState;

/// The hardware (or fakes) the daemon drives.
pub struct Sources {
    pub camera: Box<dyn FrameSource>,
    /// The enrollment button, if any.
    pub button: Option<Box<dyn ButtonSource>>,
    /// The feedback LED, if any.
    pub led: Option<Box<dyn Led>>,
}

/// Where the daemon's results go.
pub struct Outputs {
    /// Event sinks (stdout, hook, …); with an attached service (the API) the daemon adds a
    /// [`BoardSink`].
    pub sinks: Vec<Box<dyn Sink>>,
    /// State shared with the HTTP API (also used when the API is off, for status).
    pub board: Arc<Board>,
}

/// Flags set from outside (signal handlers, tests).
#[derive(Debug, Clone, Default)]
pub struct Control {
    pub stop: Arc<AtomicBool>,
    /// Reload the index and thresholds.
    pub reload: Arc<AtomicBool>,
}

/// Liveness stamps (`now_ms`) of the pipeline threads, for the watchdog.
#[derive(Debug, Default)]
pub(crate) struct Alive {
    capture: AtomicU64,
    infer: AtomicU64,
    decide: AtomicU64,
    output: AtomicU64,
    button: AtomicU64,
}

impl Alive {
    fn stale(&self, now: u64, limit: u64, with_button: bool) -> Option<&'static str> {
        let all = [
            ("capture", &self.capture),
            ("infer", &self.infer),
            ("decide", &self.decide),
            ("output", &self.output),
            ("button", &self.button),
        ];
        all.into_iter()
            .filter(|(n, _)| with_button || *n != "button")
            .find(|(_, a)| now.saturating_sub(a.load(Ordering::Relaxed)) > limit)
            .map(|(n, _)| n)
    }
}

/// How a service beside the pipeline (the HTTP API) reaches it: catalogue requests go to the
/// decide thread, embedding jobs to the infer thread. Each returns false once the daemon is
/// gone.
pub struct Links {
    pub requests: Box<dyn Fn(Request) -> bool + Send + Sync>,
    pub embed: Box<dyn Fn(EmbedJob) -> bool + Send + Sync>,
}

/// Starts a service with the [`Links`] before the pipeline threads start (so that, e.g., a
/// port in use fails first); returns what stops it.
pub type Attach<'a> = Box<dyn FnOnce(Links) -> Result<Box<dyn FnOnce()>> + 'a>;

enum DecideMsg {
    Frame(Box<Observation>),
    Gesture(Gesture, u64),
    Reload,
    Api(Request),
}

fn spawn<F: FnOnce() + Send + 'static>(name: &str, f: F) -> Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .with_context(|| format!("cannot start thread {name}"))
}

/// Runs the daemon until `ctl.stop` is set (or a fatal error). `index_dir` is created if
/// missing; an existing index must have been built with `embedder`'s model.
pub fn run(
    cfg: &Config,
    config_path: Option<&Path>,
    index_dir: &Path,
    embedder: Box<dyn Embedder + Send>,
    sources: Sources,
    outputs: Outputs,
    ctl: &Control,
) -> Result<()> {
    run_attached(
        cfg,
        config_path,
        index_dir,
        embedder,
        sources,
        outputs,
        ctl,
        None,
    )
}

/// [`run`], with a service (the HTTP API) started by `attach` beside the pipeline and stopped
/// before the pipeline threads are.
#[allow(clippy::too_many_arguments)]
pub fn run_attached(
    cfg: &Config,
    config_path: Option<&Path>,
    index_dir: &Path,
    embedder: Box<dyn Embedder + Send>,
    sources: Sources,
    outputs: Outputs,
    ctl: &Control,
    attach: Option<Attach<'_>>,
) -> Result<()> {
    let Outputs { mut sinks, board } = outputs;
    let settings = cfg.daemon.clone();
    let identity = embedder.identity().clone();
    let mut opened = None;
    let catalogue = match embedder.labels() {
        Some(labels) => {
            tracing::info!(
                classes = labels.len(),
                "exported classifier: frozen catalogue, button enrollment disabled"
            );
            Catalogue::Frozen(labels.to_vec())
        }
        None => {
            // Creates the catalogue (or migrates a format-1 file) if needed; the handle stays
            // open so that the decide thread sees the CLI's changes between frames.
            let mut st =
                Store::open_or_create(index_dir, &identity, cfg.storage.unwrap_or_default())?;
            let index = st.load()?;
            store::check_model(index_dir, &index, &identity)?;
            if let Some(wanted) = cfg.storage {
                store::warn_storage(index_dir, &index, wanted);
            }
            opened = Some(st);
            tracing::info!(
                index = %index_dir.display(),
                classes = index.classes().len(),
                samples = index.samples().len(),
                "index loaded"
            );
            Catalogue::Index(Box::new(index))
        }
    };

    {
        let frozen = matches!(catalogue, Catalogue::Frozen(_));
        if let Ok(mut i) = board.index.lock() {
            *i = (catalogue.classes(), catalogue.samples(), frozen);
        }
    }
    if attach.is_some() {
        sinks.push(Box::new(BoardSink(board.clone())));
    }
    let (embed_tx, embed_rx) = mpsc::channel::<EmbedJob>();
    let latest = Arc::new(LatestFrame::default());
    let alive = Arc::new(Alive::default());
    let camera_state = Arc::new(Mutex::new(CameraState::Starting));
    let (out_tx, out_rx) = mpsc::channel::<Event>();
    let (decide_tx, decide_rx) = mpsc::sync_channel::<DecideMsg>(4);
    let (led_tx, led_rx) = mpsc::channel::<Pattern>();
    let stop = ctl.stop.clone();
    let with_button = sources.button.is_some();
    let mut threads: Vec<(&'static str, JoinHandle<()>)> = Vec::new();

    // The attached service first: a port in use fails before any thread starts.
    let detach = match attach {
        Some(attach) => {
            let tx = decide_tx.clone();
            // Wake the infer thread so that an upload does not wait for a frame.
            let wake = latest.clone();
            Some(attach(Links {
                requests: Box::new(move |r| tx.send(DecideMsg::Api(r)).is_ok()),
                embed: Box::new(move |job| {
                    let sent = embed_tx.send(job).is_ok();
                    wake.wake();
                    sent
                }),
            })?)
        }
        None => {
            drop(embed_tx);
            None
        }
    };

    // Output.
    {
        let (alive, stop, board) = (alive.clone(), stop.clone(), board.clone());
        threads.push((
            "output",
            spawn("cbrd-output", move || {
                workers::output_loop(sinks, &out_rx, &alive, &stop, &board)
            })?,
        ));
    }
    // LED.
    if let Some(mut l) = sources.led {
        threads.push((
            "led",
            spawn("cbrd-led", move || led::play(l.as_mut(), &led_rx))?,
        ));
    }
    // Capture.
    {
        let (latest, alive, stop, state, out, board) = (
            latest.clone(),
            alive.clone(),
            stop.clone(),
            camera_state.clone(),
            out_tx.clone(),
            board.clone(),
        );
        let mut cam = sources.camera;
        let backoff = settings.backoff;
        threads.push((
            "capture",
            spawn("cbrd-capture", move || {
                camera::capture_loop(cam.as_mut(), &latest, backoff, &stop, &alive.capture, |s| {
                    if let Ok(mut g) = state.lock() {
                        *g = s.clone();
                    }
                    if let Ok(mut g) = board.camera.lock() {
                        *g = s.clone();
                    }
                    if matches!(s, CameraState::Retrying(_)) {
                        board.metrics.error(ErrorKind::Camera);
                    }
                    let _ = out.send(Event::Camera {
                        time_ms: unix_ms(),
                        state: s,
                    });
                });
                latest.close();
            })?,
        ));
    }
    // Inference.
    {
        let (latest, alive, stop, tx, board) = (
            latest.clone(),
            alive.clone(),
            stop.clone(),
            decide_tx.clone(),
            board.clone(),
        );
        let mut emb = embedder;
        threads.push((
            "infer",
            spawn("cbrd-infer", move || {
                workers::infer_loop(emb.as_mut(), &latest, &tx, &embed_rx, &board, &alive, &stop)
            })?,
        ));
    }
    // Button.
    if let Some(mut b) = sources.button {
        let (alive, stop, tx) = (alive.clone(), stop.clone(), decide_tx.clone());
        let gestures = settings
            .button
            .as_ref()
            .map(|(_, g)| *g)
            .unwrap_or_default();
        threads.push((
            "button",
            spawn("cbrd-button", move || {
                workers::button_loop(b.as_mut(), Debouncer::new(gestures), &tx, &alive, &stop)
            })?,
        ));
    }
    // Decide.
    {
        let mut d = DecideState::new(
            cfg,
            config_path,
            index_dir,
            identity,
            catalogue,
            opened,
            out_tx.clone(),
            led_tx,
            latest.clone(),
            board.clone(),
        );
        let (alive, stop) = (alive.clone(), stop.clone());
        threads.push((
            "decide",
            spawn("cbrd-decide", move || d.run(&decide_rx, &alive, &stop))?,
        ));
    }
    drop(out_tx);

    let result = supervise(
        &settings,
        ctl,
        with_button,
        &decide_tx,
        &threads,
        Watched {
            alive: &alive,
            camera_state: &camera_state,
            board: &board,
            latest: &latest,
        },
    );
    if let Some(detach) = detach {
        detach();
    }
    // Shut down: stop flag, wake the consumers, let channels close, join with a deadline.
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
    tracing::info!("stopping");
    stop.store(true, Ordering::Relaxed);
    latest.close();
    drop(decide_tx);
    let deadline = Instant::now() + Duration::from_secs(3);
    for (name, t) in threads {
        while !t.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if t.is_finished() {
            if t.join().is_err() {
                tracing::error!("thread {name} panicked");
            }
        } else {
            tracing::warn!("thread {name} did not stop in time; leaving it");
        }
    }
    result
}

/// The shared state the supervisor reads (and, for `board`, publishes).
struct Watched<'a> {
    alive: &'a Alive,
    camera_state: &'a Mutex<CameraState>,
    board: &'a Board,
    latest: &'a LatestFrame,
}

fn supervise(
    settings: &DaemonSettings,
    ctl: &Control,
    with_button: bool,
    decide_tx: &SyncSender<DecideMsg>,
    threads: &[(&'static str, JoinHandle<()>)],
    w: Watched<'_>,
) -> Result<()> {
    let Watched {
        alive,
        camera_state,
        board,
        latest,
    } = w;
    let started = Instant::now();
    let watchdog = sd_notify::watchdog_enabled();
    let stale_limit = watchdog
        .map(|w| w.as_millis() as u64 / 2)
        .unwrap_or(10_000)
        .max(5_000);
    let mut ready = false;
    let mut last_ping = Instant::now() - Duration::from_secs(3600);
    let mut last_status = String::new();
    let mut stuck_reported = false;
    loop {
        if ctl.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if let Ok(mut f) = board.frames.lock() {
            *f = (
                latest.captured.load(Ordering::Relaxed),
                latest.dropped.load(Ordering::Relaxed),
            );
        }
        if ctl.reload.swap(false, Ordering::Relaxed) {
            let _ = decide_tx.send(DecideMsg::Reload);
        }
        if let Some((name, _)) = threads.iter().find(|(_, t)| t.is_finished()) {
            // A pipeline thread ended on its own: only the capture of a finite folder may.
            let state = camera_state
                .lock()
                .map(|s| s.clone())
                .unwrap_or(CameraState::Starting);
            let ok_end = *name == "capture"
                && state == CameraState::Ended
                && !matches!(settings.camera, crate::camera::CameraSource::Pipe { .. });
            if !ok_end {
                bail!(
                    "pipeline thread {name} stopped unexpectedly{}",
                    if state == CameraState::Ended {
                        " (input ended)"
                    } else {
                        ""
                    }
                );
            }
        }
        let state = camera_state
            .lock()
            .map(|s| s.clone())
            .unwrap_or(CameraState::Starting);
        let status = match &state {
            CameraState::Starting => "starting camera".to_string(),
            CameraState::Streaming => "camera streaming".to_string(),
            CameraState::Retrying(m) => format!("camera unavailable, retrying: {m}"),
            CameraState::Ended => "input ended".to_string(),
        };
        let camera_up = matches!(state, CameraState::Streaming | CameraState::Ended);
        if !ready && (camera_up || started.elapsed() >= settings.ready_timeout) {
            ready = true;
            if !camera_up {
                tracing::warn!(
                    "camera not up after {:?}; ready anyway, retrying in the background",
                    settings.ready_timeout
                );
            }
            let _ = sd_notify::notify(&[
                sd_notify::NotifyState::Ready,
                sd_notify::NotifyState::Status(&status),
            ]);
            last_status = status.clone();
            tracing::info!("ready");
        } else if ready && status != last_status {
            let _ = sd_notify::notify(&[sd_notify::NotifyState::Status(&status)]);
            last_status = status;
        }
        if let Some(period) = watchdog
            && ready
            && last_ping.elapsed() >= period / 2
        {
            match alive.stale(now_ms(), stale_limit, with_button) {
                None => {
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
                    last_ping = Instant::now();
                    stuck_reported = false;
                }
                Some(name) if !stuck_reported => {
                    tracing::error!(
                        "pipeline thread {name} is stuck; withholding the watchdog ping so that systemd restarts cbrd"
                    );
                    stuck_reported = true;
                }
                Some(_) => {}
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
