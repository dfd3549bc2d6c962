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
//! signal handlers in `app`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};

use crate::batch;
use crate::button::debounce::{Debouncer, Gesture};
use crate::button::led::{self, Pattern};
use crate::button::{ButtonSource, Led};
use crate::camera::{self, CameraState, FrameSource, LatestFrame};
use crate::config::{Config, DaemonSettings, RawConfig};
use crate::decide::{self, Catalogue, MatchSettings};
use crate::embed::{Embedder, ModelIdentity};
use crate::enroll::{self, Action, Enroller, Observation, Target};
use crate::event::{Counters, Decision, Event};
use crate::index::{Index, store};
use crate::output::Ranked;
use crate::preprocess::Resizer;
use crate::sink::Sink;
use crate::smooth::{FrameResult, Smoother};

fn epoch() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Milliseconds on the monotonic clock since the daemon's time base (first use).
pub fn now_ms() -> u64 {
    epoch().elapsed().as_millis() as u64
}

/// `t` on the same time base as [`now_ms`].
fn ms_of(t: Instant) -> u64 {
    t.saturating_duration_since(epoch()).as_millis() as u64
}

/// Unix time in milliseconds (for events).
pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// The hardware (or fakes) the daemon drives.
pub struct Sources {
    /// The camera.
    pub camera: Box<dyn FrameSource>,
    /// The enrollment button, if any.
    pub button: Option<Box<dyn ButtonSource>>,
    /// The feedback LED, if any.
    pub led: Option<Box<dyn Led>>,
}

/// Flags set from outside (signal handlers, tests).
#[derive(Debug, Clone, Default)]
pub struct Control {
    /// Stop cleanly.
    pub stop: Arc<AtomicBool>,
    /// Reload the index and thresholds.
    pub reload: Arc<AtomicBool>,
}

/// Liveness stamps (`now_ms`) of the pipeline threads, for the watchdog.
#[derive(Debug, Default)]
struct Alive {
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

enum DecideMsg {
    Frame(Box<Observation>),
    Gesture(Gesture, u64),
    Reload,
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
    sinks: Vec<Box<dyn Sink>>,
    ctl: &Control,
) -> Result<()> {
    let settings = cfg.daemon.clone();
    let identity = embedder.identity().clone();
    let catalogue = match embedder.labels() {
        Some(labels) => {
            tracing::info!(
                classes = labels.len(),
                "exported classifier: frozen catalogue, button enrollment disabled"
            );
            Catalogue::Frozen(labels.to_vec())
        }
        None => {
            let w = store::Writer::lock(index_dir)?;
            let index = w.load_or_create(&identity)?;
            tracing::info!(
                index = %index_dir.display(),
                classes = index.classes().len(),
                samples = index.samples().len(),
                "index loaded"
            );
            Catalogue::Index(Box::new(index))
        }
    };

    let latest = Arc::new(LatestFrame::default());
    let alive = Arc::new(Alive::default());
    let camera_state = Arc::new(Mutex::new(CameraState::Starting));
    let (out_tx, out_rx) = mpsc::channel::<Event>();
    let (decide_tx, decide_rx) = mpsc::sync_channel::<DecideMsg>(4);
    let (led_tx, led_rx) = mpsc::channel::<Pattern>();
    let stop = ctl.stop.clone();
    let with_button = sources.button.is_some();
    let mut threads: Vec<(&'static str, JoinHandle<()>)> = Vec::new();

    // Output.
    {
        let (alive, stop) = (alive.clone(), stop.clone());
        threads.push((
            "output",
            spawn("cbrd-output", move || {
                output_loop(sinks, &out_rx, &alive, &stop)
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
        let (latest, alive, stop, state, out) = (
            latest.clone(),
            alive.clone(),
            stop.clone(),
            camera_state.clone(),
            out_tx.clone(),
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
        let (latest, alive, stop, tx) = (
            latest.clone(),
            alive.clone(),
            stop.clone(),
            decide_tx.clone(),
        );
        let mut emb = embedder;
        threads.push((
            "infer",
            spawn("cbrd-infer", move || {
                infer_loop(emb.as_mut(), &latest, &tx, &alive, &stop)
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
                button_loop(b.as_mut(), Debouncer::new(gestures), &tx, &alive, &stop)
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
            out_tx.clone(),
            led_tx,
            latest.clone(),
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
        &alive,
        with_button,
        &camera_state,
        &decide_tx,
        &threads,
    );
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

fn supervise(
    settings: &DaemonSettings,
    ctl: &Control,
    alive: &Alive,
    with_button: bool,
    camera_state: &Mutex<CameraState>,
    decide_tx: &SyncSender<DecideMsg>,
    threads: &[(&'static str, JoinHandle<()>)],
) -> Result<()> {
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
                && !matches!(settings.camera, crate::config::CameraSource::Pipe { .. });
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

fn output_loop(
    mut sinks: Vec<Box<dyn Sink>>,
    rx: &Receiver<Event>,
    alive: &Alive,
    stop: &AtomicBool,
) {
    let mut failing = vec![false; sinks.len()];
    loop {
        alive.output.store(now_ms(), Ordering::Relaxed);
        let ev = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        for (sink, failing) in sinks.iter_mut().zip(failing.iter_mut()) {
            if let Some(ev) = &ev {
                match sink.emit(ev) {
                    Ok(()) => *failing = false,
                    Err(e) if !*failing => {
                        tracing::error!(sink = %sink.name(), "cannot deliver event: {e}");
                        *failing = true;
                    }
                    Err(_) => {}
                }
            }
            sink.poll();
        }
        if stop.load(Ordering::Relaxed) && ev.is_none() {
            // Drain what is queued, then finish.
            while let Ok(ev) = rx.try_recv() {
                for sink in sinks.iter_mut() {
                    let _ = sink.emit(&ev);
                }
            }
            break;
        }
    }
    for sink in sinks.iter_mut() {
        sink.finish();
    }
}

fn infer_loop(
    emb: &mut dyn Embedder,
    latest: &LatestFrame,
    tx: &SyncSender<DecideMsg>,
    alive: &Alive,
    stop: &AtomicBool,
) {
    let params = emb.params();
    let mut resizer = Resizer::default();
    let mut failing = false;
    while !stop.load(Ordering::Relaxed) {
        alive.infer.store(now_ms(), Ordering::Relaxed);
        let Some(frame) = latest.take(Duration::from_millis(200)) else {
            continue;
        };
        let r = resizer
            .square_resize(&frame.image, params.width, params.height)
            .map_err(anyhow::Error::from)
            .and_then(|input| Ok((emb.embed(&input)?, input)));
        match r {
            Ok((embedding, input)) => {
                failing = false;
                let obs = Observation {
                    frame: frame.seq,
                    t_ms: ms_of(frame.captured),
                    sharpness: enroll::sharpness(&input),
                    embedding,
                    input,
                };
                if tx.send(DecideMsg::Frame(Box::new(obs))).is_err() {
                    break;
                }
            }
            Err(e) if !failing => {
                tracing::error!("cannot classify frame {}: {e:#}", frame.seq);
                failing = true;
            }
            Err(_) => {}
        }
    }
}

fn button_loop(
    button: &mut dyn ButtonSource,
    mut deb: Debouncer,
    tx: &SyncSender<DecideMsg>,
    alive: &Alive,
    stop: &AtomicBool,
) {
    tracing::info!(button = %button.describe(), "button ready");
    let mut failing = false;
    while !stop.load(Ordering::Relaxed) {
        alive.button.store(now_ms(), Ordering::Relaxed);
        let now = now_ms();
        let wait = deb
            .next_deadline()
            .map(|d| d.saturating_sub(now))
            .unwrap_or(200)
            .clamp(1, 200);
        let gestures = match button.wait(Duration::from_millis(wait)) {
            Ok(Some(edge)) => {
                failing = false;
                deb.edge(ms_of(edge.at), edge.pressed)
            }
            Ok(None) => deb.tick(now_ms()),
            Err(e) => {
                if !failing {
                    tracing::error!("button: {e}");
                    failing = true;
                }
                std::thread::sleep(Duration::from_millis(500));
                continue;
            }
        };
        for (t, g) in gestures {
            tracing::info!(gesture = ?g, "button");
            if tx.send(DecideMsg::Gesture(g, t)).is_err() {
                return;
            }
        }
    }
}

struct UndoEntry {
    class_id: u64,
    samples: Vec<u64>,
    created: bool,
}

struct DecideState {
    config_path: Option<PathBuf>,
    index_dir: PathBuf,
    identity: ModelIdentity,
    catalogue: Catalogue,
    matching: MatchSettings,
    smoother: Smoother,
    enroller: Enroller,
    labels: Vec<String>,
    thumbnails: bool,
    heartbeat: Option<Duration>,
    last_heartbeat: Instant,
    last_class: Option<u64>,
    undo: Vec<UndoEntry>,
    scores: Vec<f32>,
    last_top: Vec<Ranked>,
    last_reason: Option<decide::UnknownReason>,
    last_frame: u64,
    classified: u64,
    out: Sender<Event>,
    led: Sender<Pattern>,
    latest: Arc<LatestFrame>,
}

impl DecideState {
    #[allow(clippy::too_many_arguments)]
    fn new(
        cfg: &Config,
        config_path: Option<&Path>,
        index_dir: &Path,
        identity: ModelIdentity,
        catalogue: Catalogue,
        out: Sender<Event>,
        led: Sender<Pattern>,
        latest: Arc<LatestFrame>,
    ) -> DecideState {
        DecideState {
            config_path: config_path.map(Path::to_path_buf),
            index_dir: index_dir.to_path_buf(),
            identity,
            catalogue,
            matching: cfg.matching,
            smoother: Smoother::new(cfg.daemon.smoothing),
            enroller: Enroller::new(cfg.daemon.enroll.clone()),
            labels: cfg.daemon.enroll.labels.clone(),
            thumbnails: cfg.thumbnails,
            heartbeat: cfg.daemon.heartbeat,
            last_heartbeat: Instant::now(),
            last_class: None,
            undo: Vec::new(),
            scores: Vec::new(),
            last_top: Vec::new(),
            last_reason: None,
            last_frame: 0,
            classified: 0,
            out,
            led,
            latest,
        }
    }

    fn run(&mut self, rx: &Receiver<DecideMsg>, alive: &Alive, stop: &AtomicBool) {
        while !stop.load(Ordering::Relaxed) {
            alive.decide.store(now_ms(), Ordering::Relaxed);
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(DecideMsg::Frame(obs)) => self.on_frame(&obs),
                Ok(DecideMsg::Gesture(g, t)) => {
                    let actions = self.enroller.gesture(g, t, self.last_class.is_some());
                    self.apply(actions);
                }
                Ok(DecideMsg::Reload) => self.reload(),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            let actions = self.enroller.tick(now_ms());
            self.apply(actions);
            self.maybe_heartbeat();
        }
    }

    fn emit(&self, e: Event) {
        let _ = self.out.send(e);
    }

    fn label_of(&self, id: u64) -> Option<String> {
        self.catalogue.label_of_id(id).map(String::from)
    }

    fn on_frame(&mut self, obs: &Observation) {
        self.classified += 1;
        self.last_frame = obs.frame;
        let d = self
            .catalogue
            .classify(&obs.embedding, &self.matching, &mut self.scores);
        let cat = &self.catalogue;
        let frame = FrameResult {
            accepted: d.result.ok().map(|p| cat.id(p)),
            top: d.top.iter().map(|c| (cat.id(c.class), c.score)).collect(),
        };
        self.last_top = crate::output::ranked(&d, &self.catalogue);
        self.last_reason = d.result.err();
        if let Some(stable) = self.smoother.push(frame) {
            let decision = self.decision(stable.class, stable.score);
            match &decision.label {
                Some(l) => {
                    tracing::info!(label = %l, score = decision.score.unwrap_or(0.0), "decision")
                }
                None => tracing::info!(best = decision.score.unwrap_or(0.0), "decision: unknown"),
            }
            self.emit(Event::Decision {
                time_ms: unix_ms(),
                decision,
            });
        }
        let actions = self.enroller.observe(obs);
        self.apply(actions);
    }

    fn decision(&self, class: Option<u64>, score: Option<f32>) -> Decision {
        let label = class.and_then(|c| self.label_of(c));
        Decision {
            reason: if label.is_none() {
                self.last_reason.or(Some(decide::UnknownReason::LowScore))
            } else {
                None
            },
            label,
            score,
            top: self.last_top.clone(),
            frame: self.last_frame,
        }
    }

    fn maybe_heartbeat(&mut self) {
        let Some(period) = self.heartbeat else { return };
        if self.last_heartbeat.elapsed() < period {
            return;
        }
        self.last_heartbeat = Instant::now();
        let (class, score) = self
            .smoother
            .current()
            .map(|s| (s.class, s.score))
            .unwrap_or((None, None));
        let counters = Counters {
            captured: self.latest.captured.load(Ordering::Relaxed),
            dropped: self.latest.dropped.load(Ordering::Relaxed),
            classified: self.classified,
        };
        self.emit(Event::Heartbeat {
            time_ms: unix_ms(),
            decision: self.decision(class, score),
            counters,
        });
    }

    fn apply(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Led(p) => {
                    let _ = self.led.send(p);
                }
                Action::Fail(reason) => {
                    tracing::warn!("enrollment: {reason}");
                    self.emit(Event::EnrollFailed {
                        time_ms: unix_ms(),
                        reason,
                    });
                }
                Action::Commit { target, frames } => match self.commit(target, &frames) {
                    Ok(ev) => {
                        let _ = self.led.send(Pattern::Confirm);
                        self.emit(ev);
                    }
                    Err(e) => {
                        let _ = self.led.send(Pattern::Error);
                        tracing::error!("enrollment failed: {e:#}");
                        self.emit(Event::EnrollFailed {
                            time_ms: unix_ms(),
                            reason: format!("{e:#}"),
                        });
                    }
                },
                Action::Undo => match self.undo() {
                    Ok(ev) => {
                        let _ = self.led.send(Pattern::Undone);
                        self.emit(ev);
                    }
                    Err(e) => {
                        let _ = self.led.send(Pattern::Error);
                        tracing::warn!("undo: {e:#}");
                        self.emit(Event::EnrollFailed {
                            time_ms: unix_ms(),
                            reason: format!("undo: {e:#}"),
                        });
                    }
                },
            }
        }
    }

    /// Adds the frames to the index on disk (re-read under the lock, so changes made with the
    /// CLI meanwhile are kept) and adopts the result.
    fn commit(&mut self, target: Target, frames: &[Observation]) -> Result<Event> {
        self.needs_index()?;
        let w = store::Writer::lock(&self.index_dir)?;
        let mut idx = w.load_or_create(&self.identity)?;
        let now = unix_ms() / 1000;
        let (class_id, created) = match target {
            Target::NewClass => {
                let label = enroll::next_label(&self.labels, &|l| idx.class_by_label(l).is_some());
                (idx.ensure_class(&label, now)?, true)
            }
            Target::LastClass => {
                let id = self
                    .last_class
                    .ok_or_else(|| anyhow!("no class enrolled yet"))?;
                if !idx.classes().iter().any(|c| c.id == id) {
                    bail!(
                        "the last enrolled class was removed meanwhile; a short press enrolls a new class"
                    );
                }
                (id, false)
            }
        };
        let mut ids = Vec::new();
        for f in frames {
            let thumb = if self.thumbnails {
                batch::encode_thumbnail(&f.input)
            } else {
                None
            };
            ids.push(idx.add_sample(
                class_id,
                &format!("camera frame {}", f.frame),
                &f.embedding,
                thumb,
                now,
            )?);
        }
        w.save(&idx)?;
        drop(w);
        let label = idx
            .classes()
            .iter()
            .find(|c| c.id == class_id)
            .map(|c| c.label.clone())
            .unwrap_or_default();
        let samples = idx.samples_of(class_id).count();
        self.catalogue = Catalogue::Index(Box::new(idx));
        self.undo.push(UndoEntry {
            class_id,
            samples: ids.clone(),
            created,
        });
        self.last_class = Some(class_id);
        tracing::info!(label = %label, added = ids.len(), samples, new_class = created, "enrolled");
        Ok(Event::Enrolled {
            time_ms: unix_ms(),
            label,
            class_id,
            new_class: created,
            added: ids.len(),
            samples,
        })
    }

    fn undo(&mut self) -> Result<Event> {
        let entry = self
            .undo
            .pop()
            .ok_or_else(|| anyhow!("nothing to undo since cbrd started"))?;
        self.needs_index()?;
        let w = store::Writer::lock(&self.index_dir)?;
        let mut idx = w.load()?;
        store::check_model(&self.index_dir, &idx, &self.identity)?;
        let label = idx
            .classes()
            .iter()
            .find(|c| c.id == entry.class_id)
            .map(|c| c.label.clone());
        let mut removed = 0;
        for id in &entry.samples {
            if idx.remove_sample(*id).is_ok() {
                removed += 1;
            }
        }
        let mut class_removed = false;
        if let Some(l) = &label
            && entry.created
            && idx.samples_of(entry.class_id).next().is_none()
        {
            idx.remove_class(l)?;
            class_removed = true;
        }
        w.save(&idx)?;
        drop(w);
        self.catalogue = Catalogue::Index(Box::new(idx));
        if class_removed && self.last_class == Some(entry.class_id) {
            self.last_class = self.undo.last().map(|e| e.class_id);
        }
        self.smoother.reset();
        let label = label.unwrap_or_default();
        tracing::info!(label = %label, removed, class_removed, "undone");
        Ok(Event::Undone {
            time_ms: unix_ms(),
            label,
            removed,
            class_removed,
        })
    }

    fn needs_index(&self) -> Result<()> {
        if let Catalogue::Frozen(_) = self.catalogue {
            bail!(
                "the model is a classifier made by `cbrd export`, its classes are frozen: enroll with the embedding model, then export again"
            );
        }
        Ok(())
    }

    fn reload(&mut self) {
        if let Catalogue::Index(_) = self.catalogue {
            match store::load(&self.index_dir).and_then(|idx| {
                store::check_model(&self.index_dir, &idx, &self.identity).map(|_| idx)
            }) {
                Ok(idx) => self.catalogue = Catalogue::Index(Box::new(idx)),
                Err(store::StoreError::NotFound(_)) => {
                    self.catalogue = Catalogue::Index(Box::new(Index::new(self.identity.clone())))
                }
                Err(e) => {
                    tracing::error!("reload: keeping the old index: {e}");
                    return;
                }
            }
        }
        if let Some(p) = &self.config_path {
            match RawConfig::from_file(p).and_then(|r| r.validate()) {
                Ok(c) => {
                    self.matching = c.matching;
                    self.smoother.set_config(c.daemon.smoothing);
                    self.labels = c.daemon.enroll.labels.clone();
                    self.enroller = Enroller::new(c.daemon.enroll);
                    self.heartbeat = c.daemon.heartbeat;
                }
                Err(e) => tracing::error!(
                    "reload: keeping the old thresholds, the config has problems:\n{e}"
                ),
            }
        }
        self.smoother.reset();
        let (classes, samples) = (self.catalogue.classes(), self.catalogue.samples());
        tracing::info!(classes, samples, "reloaded");
        self.emit(Event::Reloaded {
            time_ms: unix_ms(),
            classes,
            samples,
        });
    }
}
