//! The decide thread: matches every classified frame against the catalogue, smooths the
//! results into decisions, runs the button's enrollment state machine, answers the API's
//! requests ([`super::catalogue`]) and reloads on SIGHUP. It owns the catalogue and is the only
//! thread that writes the index.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::{Alive, DecideMsg};
use crate::board::Board;
use crate::board::metrics::{ErrorKind, Stage};
use crate::button::led::Pattern;
use crate::camera::LatestFrame;
use crate::clock::{now_ms, unix_ms};
use crate::config::{Config, RawConfig};
use crate::decide::{self, Catalogue, MatchSettings};
use crate::embed::ModelIdentity;
use crate::enroll::{Action, Enroller, Observation};
use crate::event::{Counters, Decision, Event};
use crate::index::Index;
use crate::index::store::{self, Store};
use crate::output::Ranked;
use crate::request::{EnrollReply, Reply, RequestError};
use crate::search::Storage;
use crate::smooth::{FrameResult, Smoother};

/// What one enrollment added, so that a double press can take it back.
pub(super) struct UndoEntry {
    pub(super) class_id: u64,
    pub(super) samples: Vec<u64>,
    pub(super) created: bool,
}

pub(super) struct DecideState {
    pub(super) config_path: Option<PathBuf>,
    pub(super) index_dir: PathBuf,
    pub(super) identity: ModelIdentity,
    pub(super) catalogue: Catalogue,
    /// The open catalogue (none for an exported classifier's frozen labels).
    pub(super) store: Option<Store>,
    pub(super) matching: MatchSettings,
    pub(super) smoother: Smoother,
    pub(super) enroller: Enroller,
    /// Names for classes made by a button press, in order (`enroll.labels`).
    pub(super) labels: Vec<String>,
    pub(super) thumbnails: bool,
    /// `index.storage`, for a catalogue that the daemon creates.
    pub(super) storage: Option<Storage>,
    pub(super) heartbeat: Option<Duration>,
    pub(super) last_heartbeat: Instant,
    /// The class the last enrollment went to (a long press adds to it).
    pub(super) last_class: Option<u64>,
    pub(super) undo: Vec<UndoEntry>,
    /// Reused score buffer of the matcher.
    pub(super) scores: Vec<f32>,
    pub(super) last_top: Vec<Ranked>,
    pub(super) last_reason: Option<decide::UnknownReason>,
    pub(super) last_frame: u64,
    pub(super) classified: u64,
    pub(super) out: Sender<Event>,
    pub(super) led: Sender<Pattern>,
    pub(super) latest: Arc<LatestFrame>,
    pub(super) board: Arc<Board>,
    /// The API client waiting for the camera burst in progress.
    pub(super) pending: Option<Reply<EnrollReply>>,
}

impl DecideState {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        cfg: &Config,
        config_path: Option<&Path>,
        index_dir: &Path,
        identity: ModelIdentity,
        catalogue: Catalogue,
        store: Option<Store>,
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
            store,
            matching: cfg.matching,
            smoother: Smoother::new(cfg.daemon.smoothing),
            enroller: Enroller::new(cfg.daemon.enroll.clone()),
            labels: cfg.daemon.enroll.labels.clone(),
            thumbnails: cfg.thumbnails,
            storage: cfg.storage,
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

    pub(super) fn run(&mut self, rx: &Receiver<DecideMsg>, alive: &Alive, stop: &AtomicBool) {
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
                let _ = reply.send(Err(RequestError::Cancelled));
            }
            self.maybe_heartbeat();
            self.pick_up_changes();
        }
        if let Some(reply) = self.pending.take() {
            let _ = reply.send(Err(RequestError::Stopping));
        }
    }

    /// Keeps the API's view of the catalogue up to date (after every change).
    pub(super) fn sync_board(&self) {
        let frozen = matches!(self.catalogue, Catalogue::Frozen(_));
        if let Ok(mut i) = self.board.index.lock() {
            *i = (self.catalogue.classes(), self.catalogue.samples(), frozen);
        }
    }

    /// Between frames: if another process (the CLI) committed a change to the catalogue,
    /// read it again (one `PRAGMA data_version` per loop; no I/O when nothing changed).
    fn pick_up_changes(&mut self) {
        let Some(st) = &mut self.store else {
            return;
        };
        match st.changed() {
            Ok(false) => {}
            Ok(true) => match st.load().and_then(|idx| {
                store::check_model(&self.index_dir, &idx, &self.identity).map(|_| idx)
            }) {
                Ok(idx) => {
                    tracing::info!(
                        classes = idx.classes().len(),
                        samples = idx.samples().len(),
                        "the catalogue was changed by another process; read it again"
                    );
                    self.adopt(idx);
                    // Decide afresh: a renamed class keeps its id, so the smoother alone
                    // would not announce its new label.
                    self.smoother.reset();
                }
                Err(e) => tracing::error!("catalogue changed; keeping the old one: {e}"),
            },
            Err(e) => tracing::warn!("cannot check the catalogue for changes: {e}"),
        }
    }

    /// Makes `idx` (just saved) the catalogue that frames are matched against.
    pub(super) fn adopt(&mut self, idx: Index) {
        self.catalogue = Catalogue::Index(Box::new(idx));
        self.sync_board();
    }

    pub(super) fn emit(&self, e: Event) {
        let _ = self.out.send(e);
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

    pub(super) fn decision(&self, class: Option<u64>, score: Option<f32>) -> Decision {
        let label = class.and_then(|c| self.catalogue.label_of_id(c).map(String::from));
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

    pub(super) fn apply(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Led(p) => {
                    let _ = self.led.send(p);
                }
                Action::Fail(reason) => {
                    tracing::warn!("enrollment: {reason}");
                    self.board.metrics.error(ErrorKind::Enroll);
                    if let Some(reply) = self.pending.take() {
                        let _ = reply.send(Err(RequestError::EnrollFailed(reason.clone())));
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
                        tracing::error!("enrollment failed: {e}");
                        self.emit(Event::EnrollFailed {
                            time_ms: unix_ms(),
                            reason: e.to_string(),
                        });
                        if let Some(reply) = self.pending.take() {
                            let _ = reply.send(Err(e));
                        }
                    }
                },
                Action::Undo => match self.undo() {
                    Ok(ev) => {
                        let _ = self.led.send(Pattern::Undone);
                        self.emit(ev);
                    }
                    Err(e) => {
                        let _ = self.led.send(Pattern::Error);
                        tracing::warn!("undo: {e}");
                        self.emit(Event::EnrollFailed {
                            time_ms: unix_ms(),
                            reason: format!("undo: {e}"),
                        });
                    }
                },
            }
        }
    }

    pub(super) fn needs_index(&self) -> Result<(), RequestError> {
        match self.catalogue {
            Catalogue::Frozen(_) => Err(RequestError::Frozen),
            Catalogue::Index(_) => Ok(()),
        }
    }

    fn reload(&mut self) {
        if let Catalogue::Index(_) = self.catalogue {
            let loaded = match &mut self.store {
                Some(st) => st.load(),
                None => store::load(&self.index_dir),
            };
            match loaded.and_then(|idx| {
                store::check_model(&self.index_dir, &idx, &self.identity).map(|_| idx)
            }) {
                Ok(idx) => self.catalogue = Catalogue::Index(Box::new(idx)),
                Err(store::StoreError::NotFound(_)) => {
                    self.catalogue = Catalogue::Index(Box::new(Index::with_storage(
                        self.identity.clone(),
                        self.storage.unwrap_or_default(),
                    )))
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
