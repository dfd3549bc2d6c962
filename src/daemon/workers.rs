//! The pipeline's loops other than decide: output (events to sinks), inference (frames and
//! uploads through the model) and the button (edges to gestures). Each stamps its liveness in
//! [`Alive`] for the watchdog and ends when `stop` is set or its channel closes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use super::uploads::Uploads;
use super::{Alive, DecideMsg};
use crate::board::Board;
use crate::board::metrics::{ErrorKind, Stage};
use crate::button::ButtonSource;
use crate::button::debounce::Debouncer;
use crate::camera::LatestFrame;
use crate::clock::{ms_of, now_ms};
use crate::embed::Embedder;
use crate::enroll::{self, Observation};
use crate::event::Event;
use crate::preprocess::Resizer;
use crate::request::EmbedJob;
use crate::sink::Sink;

pub(super) fn output_loop(
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

pub(super) fn infer_loop(
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
    let mut uploads = Uploads::default();
    while !stop.load(Ordering::Relaxed) {
        alive.infer.store(now_ms(), Ordering::Relaxed);
        // One upload image between two frames: the camera keeps its rate while uploads run,
        // and an upload waits at most one frame per image.
        while let Ok(job) = jobs.try_recv() {
            uploads.push(job);
        }
        uploads.step(|img| {
            emb.embed(img).map_err(|e| {
                board.metrics.error(ErrorKind::Embed);
                e.to_string()
            })
        });
        // With uploads waiting, wait less for a frame (a camera that is slow or gone must not
        // slow them down to one image per 50 ms).
        let wait = if uploads.is_empty() { 50 } else { 5 };
        let Some(frame) = latest.take(Duration::from_millis(wait)) else {
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

pub(super) fn button_loop(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::button::debounce::{Gesture, GestureConfig};
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
