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

use crate::api::metrics::{ErrorKind, Stage};
use crate::api::{self, ApiError, Board, ClassInfo, EmbedJob, EnrollReply, Reply, Request, Upload};
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

/// Where the daemon's results go.
pub struct Outputs {
    /// Event sinks (stdout, hook, …); the API sink is added by the daemon when `[api]` is on.
    pub sinks: Vec<Box<dyn Sink>>,
    /// State shared with the HTTP API (also used when the API is off, for status).
    pub board: Arc<Board>,
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
    let Outputs { mut sinks, board } = outputs;
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

    {
        let frozen = matches!(catalogue, Catalogue::Frozen(_));
        if let Ok(mut i) = board.index.lock() {
            *i = (catalogue.classes(), catalogue.samples(), frozen);
        }
    }
    if settings.api.is_some() {
        sinks.push(Box::new(api::ApiSink(board.clone())));
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

    // The API first: a port in use fails before any thread starts.
    let api_server = match &settings.api {
        Some(api_settings) => {
            let tx = decide_tx.clone();
            match api::start(
                api_settings.clone(),
                board.clone(),
                Box::new(move |r| tx.send(DecideMsg::Api(r)).is_ok()),
                {
                    // Wake the infer thread so that an upload does not wait for a frame.
                    let latest = latest.clone();
                    Box::new(move |job| {
                        let sent = embed_tx.send(job).is_ok();
                        latest.wake();
                        sent
                    })
                },
                cfg.limits,
            ) {
                Ok(s) => Some(s),
                Err(e) => return Err(e),
            }
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
                output_loop(sinks, &out_rx, &alive, &stop, &board)
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
                infer_loop(emb.as_mut(), &latest, &tx, &embed_rx, &board, &alive, &stop)
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
    if let Some(s) = api_server {
        s.shutdown();
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
    board: &Board,
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
                    Err(e) => {
                        board.metrics.error(ErrorKind::Sink);
                        if !*failing {
                            tracing::error!(sink = %sink.name(), "cannot deliver event: {e}");
                            *failing = true;
                        }
                    }
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
    jobs: &Receiver<EmbedJob>,
    board: &Board,
    alive: &Alive,
    stop: &AtomicBool,
) {
    let params = emb.params();
    let mut resizer = Resizer::default();
    let mut failing = false;
    while !stop.load(Ordering::Relaxed) {
        alive.infer.store(now_ms(), Ordering::Relaxed);
        // Uploads from the API go first (they are rare and someone is waiting).
        while let Ok(job) = jobs.try_recv() {
            let out = job
                .images
                .iter()
                .map(|img| {
                    emb.embed(img).map_err(|e| {
                        board.metrics.error(ErrorKind::Embed);
                        e.to_string()
                    })
                })
                .collect();
            let _ = job.reply.send(out);
        }
        let Some(frame) = latest.take(Duration::from_millis(50)) else {
            continue;
        };
        let t = Instant::now();
        let r = resizer
            .square_resize(&frame.image, params.width, params.height)
            .map_err(anyhow::Error::from)
            .and_then(|input| {
                board.metrics.stage(Stage::Preprocess, t.elapsed());
                let t = Instant::now();
                let v = emb.embed(&input)?;
                board.metrics.stage(Stage::Embed, t.elapsed());
                Ok((v, input))
            });
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
                board.set_frame(frame.seq, Arc::new(frame.image));
                if tx.send(DecideMsg::Frame(Box::new(obs))).is_err() {
                    break;
                }
            }
            Err(e) => {
                board.metrics.error(ErrorKind::Embed);
                if !failing {
                    tracing::error!("cannot classify frame {}: {e:#}", frame.seq);
                    failing = true;
                }
            }
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
            // No edge arrived before the deadline: advance to it, not to the clock read after
            // waking, which may be later than an edge that is already queued (a busy CPU).
            Ok(None) => deb.tick(now + wait),
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
    board: Arc<Board>,
    /// The API client waiting for the camera burst in progress.
    pending: Option<Reply<EnrollReply>>,
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
        board: Arc<Board>,
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
            board,
            pending: None,
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
                Ok(DecideMsg::Api(req)) => self.on_api(req),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            let actions = self.enroller.tick(now_ms());
            self.apply(actions);
            if !self.enroller.capturing()
                && let Some(reply) = self.pending.take()
            {
                // Cancelled at the button (very long press) or by a reload.
                let _ = reply.send(Err(ApiError::new(
                    409,
                    "the camera enrollment was cancelled (button or reload)",
                )));
            }
            self.maybe_heartbeat();
        }
        if let Some(reply) = self.pending.take() {
            let _ = reply.send(Err(ApiError::new(503, "the daemon is stopping")));
        }
    }

    /// Keeps the API's view of the catalogue up to date (after every change).
    fn sync_board(&self) {
        let frozen = matches!(self.catalogue, Catalogue::Frozen(_));
        if let Ok(mut i) = self.board.index.lock() {
            *i = (self.catalogue.classes(), self.catalogue.samples(), frozen);
        }
    }

    /// One class of the index as the API shows it (`None` if unknown or frozen).
    fn class_info(&self, id: u64) -> Option<ClassInfo> {
        match &self.catalogue {
            Catalogue::Index(idx) => class_info(idx, id),
            Catalogue::Frozen(_) => None,
        }
    }

    fn class_infos(&self) -> Vec<ClassInfo> {
        match &self.catalogue {
            Catalogue::Index(idx) => idx
                .classes()
                .iter()
                .map(|c| {
                    class_info(idx, c.id).unwrap_or_else(|| ClassInfo {
                        id: c.id,
                        label: c.label.clone(),
                        samples: 0,
                        created: c.created,
                        sample_ids: vec![],
                    })
                })
                .collect(),
            Catalogue::Frozen(labels) => labels
                .iter()
                .enumerate()
                .map(|(i, l)| ClassInfo {
                    id: i as u64,
                    label: l.clone(),
                    samples: 0,
                    created: 0,
                    sample_ids: vec![],
                })
                .collect(),
        }
    }

    /// Changes the index on disk (re-read under the lock, like [`Self::commit`]) and adopts
    /// the result. The decide thread is the only writer inside the daemon.
    fn edit_index<T>(
        &mut self,
        f: impl FnOnce(&mut Index) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.needs_index()
            .map_err(|e| ApiError::new(409, format!("{e:#}")))?;
        let internal = |e: store::StoreError| {
            self.board.metrics.error(ErrorKind::Enroll);
            tracing::error!("index: {e}");
            let status = match e {
                store::StoreError::NoSpace { .. } => 507,
                _ => 500,
            };
            ApiError::new(status, e.to_string())
        };
        let w = store::Writer::lock(&self.index_dir).map_err(internal)?;
        let mut idx = w.load_or_create(&self.identity).map_err(internal)?;
        let t = f(&mut idx)?;
        w.save(&idx).map_err(internal)?;
        drop(w);
        self.catalogue = Catalogue::Index(Box::new(idx));
        self.sync_board();
        Ok(t)
    }

    fn on_api(&mut self, req: Request) {
        match req {
            Request::Classes(reply) => {
                let _ = reply.send(self.class_infos());
            }
            Request::Enroll {
                label,
                samples,
                reply,
            } => {
                let r = self.enroll_uploads(&label, &samples);
                if r.is_err() {
                    self.board.metrics.error(ErrorKind::Enroll);
                }
                let _ = reply.send(r);
            }
            Request::EnrollCamera { label, reply } => {
                if let Err(e) = self.needs_index() {
                    let _ = reply.send(Err(ApiError::new(409, format!("{e:#}"))));
                    return;
                }
                if self.pending.is_some() || self.enroller.capturing() {
                    let _ = reply.send(Err(ApiError::new(
                        409,
                        "an enrollment is already running; try again when it ends",
                    )));
                    return;
                }
                match self.enroller.request(Target::Named(label), now_ms()) {
                    Some(actions) => {
                        self.pending = Some(reply);
                        self.apply(actions);
                    }
                    None => {
                        let _ = reply.send(Err(ApiError::new(
                            409,
                            "an enrollment is already running; try again when it ends",
                        )));
                    }
                }
            }
            Request::Rename { id, label, reply } => {
                let r = self.edit_index(|idx| {
                    let old = class_label(idx, id)?;
                    idx.rename_class(&old, &label).map_err(index_error)?;
                    Ok(old)
                });
                let r = r.map(|old| {
                    tracing::info!(old = %old, label = %label, "class renamed");
                    self.emit(Event::Renamed {
                        time_ms: unix_ms(),
                        class_id: id,
                        old,
                        label: label.clone(),
                    });
                    // The class in view keeps its id but the kiosk shows its name: a new
                    // decision event carries the new label.
                    if let Some(cur) = self.smoother.current()
                        && cur.class == Some(id)
                    {
                        self.board.metrics.decisions.fetch_add(1, Ordering::Relaxed);
                        tracing::info!(label = %label, "decision: class in view renamed");
                        let decision = self.decision(cur.class, cur.score);
                        self.emit(Event::Decision {
                            time_ms: unix_ms(),
                            decision,
                        });
                    }
                    self.class_info(id).unwrap_or_else(|| ClassInfo {
                        id,
                        label,
                        samples: 0,
                        created: 0,
                        sample_ids: vec![],
                    })
                });
                let _ = reply.send(r);
            }
            Request::Remove { id, reply } => {
                let r = self.edit_index(|idx| {
                    let label = class_label(idx, id)?;
                    idx.remove_class(&label).map_err(index_error)?;
                    Ok(label)
                });
                let r = r.map(|label| {
                    self.smoother.reset();
                    self.undo.retain(|u| u.class_id != id);
                    if self.last_class == Some(id) {
                        self.last_class = None;
                    }
                    tracing::info!(label = %label, "class removed");
                    self.emit(Event::Removed {
                        time_ms: unix_ms(),
                        class_id: id,
                        label,
                        sample_id: None,
                    });
                });
                let _ = reply.send(r);
            }
            Request::RemoveSample { id, sample, reply } => {
                let r = self.edit_index(|idx| {
                    let label = class_label(idx, id)?;
                    if !idx.samples_of(id).any(|s| s.id == sample) {
                        return Err(ApiError::new(
                            404,
                            format!("class {label:?} has no sample {sample}"),
                        ));
                    }
                    idx.remove_sample(sample).map_err(index_error)?;
                    Ok(label)
                });
                let r = r.map(|label| {
                    self.smoother.reset();
                    tracing::info!(label = %label, sample, "sample removed");
                    self.emit(Event::Removed {
                        time_ms: unix_ms(),
                        class_id: id,
                        label,
                        sample_id: Some(sample),
                    });
                });
                let _ = reply.send(r);
            }
            Request::Thumbnail { id, sample, reply } => {
                let jpeg = match &self.catalogue {
                    Catalogue::Index(idx) => idx
                        .samples_of(id)
                        .find(|s| s.id == sample)
                        .and_then(|s| s.thumbnail.clone()),
                    Catalogue::Frozen(_) => None,
                };
                let _ = reply.send(jpeg);
            }
            Request::Classify { output, reply } => {
                let t = Instant::now();
                let d = self
                    .catalogue
                    .classify(&output, &self.matching, &mut self.scores);
                self.board.metrics.stage(Stage::Match, t.elapsed());
                // The same JSON as a line of `cbrd classify`, without the file name.
                let line = crate::output::ClassifyLine::new(None, &d, &self.catalogue);
                let _ = reply.send(serde_json::to_value(&line).unwrap_or_default());
            }
        }
    }

    /// Adds uploads to the class `label`; an image whose content is already a sample of the
    /// class is skipped (and counted), like `cbrd enroll` does.
    fn enroll_uploads(&mut self, label: &str, samples: &[Upload]) -> Result<EnrollReply, ApiError> {
        let thumbnails = self.thumbnails;
        let now = unix_ms() / 1000;
        let (class_id, created, ids, skipped) = self.edit_index(|idx| {
            let created = idx.class_by_label(label).is_none();
            let class_id = idx.ensure_class(label, now).map_err(index_error)?;
            let (mut ids, mut skipped) = (Vec::new(), 0);
            for u in samples {
                if idx.has_content(class_id, &u.content_hash) {
                    skipped += 1;
                    continue;
                }
                let thumb = if thumbnails {
                    u.thumbnail.clone()
                } else {
                    None
                };
                ids.push(
                    idx.add_sample(
                        class_id,
                        "api upload",
                        &u.embedding,
                        thumb,
                        Some(u.content_hash),
                        now,
                    )
                    .map_err(index_error)?,
                );
            }
            Ok((class_id, created, ids, skipped))
        })?;
        if ids.is_empty() {
            // Nothing new: no event, nothing to undo.
            return Ok(EnrollReply {
                class: self
                    .class_info(class_id)
                    .unwrap_or_else(|| empty_class_info(class_id)),
                added: 0,
                skipped,
                new_class: false,
            });
        }
        let mut reply = self.enrolled(class_id, created, ids);
        reply.skipped = skipped;
        Ok(reply)
    }

    /// Bookkeeping after samples were saved: undo entry, event, metrics, reply.
    fn enrolled(&mut self, class_id: u64, created: bool, ids: Vec<u64>) -> EnrollReply {
        let class = self
            .class_info(class_id)
            .unwrap_or_else(|| empty_class_info(class_id));
        self.undo.push(UndoEntry {
            class_id,
            samples: ids.clone(),
            created,
        });
        self.last_class = Some(class_id);
        self.board
            .metrics
            .enrollments
            .fetch_add(1, Ordering::Relaxed);
        tracing::info!(label = %class.label, added = ids.len(), samples = class.samples, new_class = created, "enrolled");
        self.emit(Event::Enrolled {
            time_ms: unix_ms(),
            label: class.label.clone(),
            class_id,
            new_class: created,
            added: ids.len(),
            samples: class.samples,
        });
        EnrollReply {
            added: ids.len(),
            skipped: 0,
            new_class: created,
            class,
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
        self.board.frame_classified();
        self.last_frame = obs.frame;
        let t = Instant::now();
        let d = self
            .catalogue
            .classify(&obs.embedding, &self.matching, &mut self.scores);
        self.board.metrics.stage(Stage::Match, t.elapsed());
        self.board
            .metrics
            .classified
            .fetch_add(1, Ordering::Relaxed);
        let cat = &self.catalogue;
        let frame = FrameResult {
            accepted: d.result.ok().map(|p| cat.id(p)),
            top: d.top.iter().map(|c| (cat.id(c.class), c.score)).collect(),
        };
        self.last_top = crate::output::ranked(&d, &self.catalogue);
        self.last_reason = d.result.err();
        if let Some(stable) = self.smoother.push(frame) {
            self.board.metrics.decisions.fetch_add(1, Ordering::Relaxed);
            self.board.metrics.stage(
                Stage::FrameToDecision,
                Duration::from_millis(now_ms().saturating_sub(obs.t_ms)),
            );
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
                    self.board.metrics.error(ErrorKind::Enroll);
                    if let Some(reply) = self.pending.take() {
                        let _ = reply.send(Err(ApiError::new(422, reason.clone())));
                    }
                    self.emit(Event::EnrollFailed {
                        time_ms: unix_ms(),
                        reason,
                    });
                }
                Action::Commit { target, frames } => match self.commit(target, &frames) {
                    Ok(r) => {
                        let _ = self.led.send(Pattern::Confirm);
                        if let Some(reply) = self.pending.take() {
                            let _ = reply.send(Ok(r));
                        }
                    }
                    Err(e) => {
                        let _ = self.led.send(Pattern::Error);
                        self.board.metrics.error(ErrorKind::Enroll);
                        if let Some(reply) = self.pending.take() {
                            let _ = reply.send(Err(ApiError::new(500, format!("{e:#}"))));
                        }
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
                        self.sync_board();
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
    fn commit(&mut self, target: Target, frames: &[Observation]) -> Result<EnrollReply> {
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
            Target::Named(label) => {
                let created = idx.class_by_label(&label).is_none();
                (idx.ensure_class(&label, now)?, created)
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
                Some(batch::content_hash(f.input.as_raw())),
                now,
            )?);
        }
        w.save(&idx)?;
        drop(w);
        self.catalogue = Catalogue::Index(Box::new(idx));
        self.sync_board();
        Ok(self.enrolled(class_id, created, ids))
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
        let label = idx.class_by_id(entry.class_id).map(|c| c.label.clone());
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
        self.sync_board();
        let (classes, samples) = (self.catalogue.classes(), self.catalogue.samples());
        tracing::info!(classes, samples, "reloaded");
        self.emit(Event::Reloaded {
            time_ms: unix_ms(),
            classes,
            samples,
        });
    }
}

/// What the API says of a class it cannot find any more (removed meanwhile).
fn empty_class_info(id: u64) -> ClassInfo {
    ClassInfo {
        id,
        label: String::new(),
        samples: 0,
        created: 0,
        sample_ids: vec![],
    }
}

fn class_info(idx: &Index, id: u64) -> Option<ClassInfo> {
    let c = idx.class_by_id(id)?;
    let sample_ids: Vec<u64> = idx.samples_of(id).map(|s| s.id).collect();
    Some(ClassInfo {
        id,
        label: c.label.clone(),
        samples: sample_ids.len(),
        created: c.created,
        sample_ids,
    })
}

/// The label of class `id` in `idx`, or 404 for the API.
fn class_label(idx: &Index, id: u64) -> Result<String, ApiError> {
    idx.class_by_id(id)
        .map(|c| c.label.clone())
        .ok_or_else(|| ApiError::new(404, format!("no class with id {id}")))
}

fn index_error(e: crate::index::IndexError) -> ApiError {
    use crate::index::IndexError as E;
    let status = match e {
        E::BadLabel { .. } | E::Dimension { .. } => 400,
        E::NoSuchClass(_) | E::NoSuchSample(_) => 404,
        E::ClassExists(_) => 409,
    };
    ApiError::new(status, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::button::debounce::GestureConfig;
    use crate::button::{Edge, GpioError};

    /// A button whose reader thread is descheduled right after a wait times out: the second
    /// press of a double press happens meanwhile and is only read on the next wait.
    struct LateReader {
        release: Instant,
        calls: usize,
    }

    impl ButtonSource for LateReader {
        fn describe(&self) -> String {
            "late reader".into()
        }
        fn wait(&mut self, timeout: Duration) -> Result<Option<Edge>, GpioError> {
            self.calls += 1;
            let edge = |ms: u64, pressed| Edge {
                at: self.release + Duration::from_millis(ms),
                pressed,
            };
            match self.calls {
                // The wait after the first release times out with no edge; the thread then
                // stays off the CPU for 500 ms.
                1 => {
                    std::thread::sleep(timeout + Duration::from_millis(500));
                    Ok(None)
                }
                // Second press 250 ms after the first release (inside the 400 ms window).
                2 => Ok(Some(edge(250, true))),
                3 => Ok(Some(edge(330, false))),
                _ => {
                    std::thread::sleep(timeout);
                    Ok(None)
                }
            }
        }
    }

    #[test]
    fn a_late_reader_still_sees_a_double_press() {
        // The time base starts before the first press.
        now_ms();
        let t0 = Instant::now();
        let mut deb = Debouncer::new(GestureConfig::default());
        // The first press and release, already read.
        std::thread::sleep(Duration::from_millis(120));
        let release = Instant::now();
        assert!(deb.edge(ms_of(t0), true).is_empty());
        assert!(deb.edge(ms_of(release), false).is_empty());
        let mut button = LateReader { release, calls: 0 };
        let (tx, rx) = std::sync::mpsc::sync_channel(8);
        let stop = AtomicBool::new(false);
        let alive = Alive::default();
        std::thread::scope(|s| {
            s.spawn(|| button_loop(&mut button, deb, &tx, &alive, &stop));
            let first = rx.recv_timeout(Duration::from_secs(10));
            // Nothing else may follow (a short press would).
            let second = rx.recv_timeout(Duration::from_millis(800));
            stop.store(true, Ordering::Relaxed);
            match first {
                Ok(DecideMsg::Gesture(g, _)) => assert_eq!(g, Gesture::Double),
                _ => panic!("no gesture"),
            }
            assert!(
                second.is_err(),
                "a second gesture followed the double press"
            );
        });
    }
}
