//! The long-lived responses: Server-Sent Events and the MJPEG preview (at most
//! [`MAX_STREAMS`] at once). Each has a thread of its own that reads the board and feeds the
//! response body through a small channel: the runtime thread only copies bytes to the socket,
//! and a client that stops reading blocks only its own stream (then the write deadline ends it).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt;
use tokio::sync::mpsc::Sender;

use super::body::{ApiBody, ChannelBody};
use super::guard::Refused;
use super::{ApiError, Ctx, MAX_STREAMS};
use crate::board::metrics::Refusal;
use crate::board::{Board, Published};

const BOUNDARY: &str = "cbrdframe";

struct StreamGuard(Arc<AtomicUsize>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The response headers of a stream.
pub(super) fn head(sse: bool) -> Vec<(&'static str, String)> {
    if sse {
        vec![
            ("Content-Type", "text/event-stream".into()),
            ("X-Accel-Buffering", "no".into()),
        ]
    } else {
        vec![(
            "Content-Type",
            format!("multipart/x-mixed-replace; boundary={BOUNDARY}"),
        )]
    }
}

/// Takes a stream slot and starts the stream's thread; its body ends when the client goes,
/// the daemon stops or the board is gone.
pub(super) fn open(ctx: &Ctx, sse: bool) -> Result<ApiBody, Refused> {
    start(&ctx.streams, &ctx.board, &ctx.stop, sse)
}

fn start(
    streams: &Arc<AtomicUsize>,
    board: &Arc<Board>,
    stop: &Arc<AtomicBool>,
    sse: bool,
) -> Result<ApiBody, Refused> {
    if streams.fetch_add(1, Ordering::Relaxed) >= MAX_STREAMS {
        streams.fetch_sub(1, Ordering::Relaxed);
        return Err((
            ApiError::new(503, "too many open streams"),
            Refusal::Streams,
        ));
    }
    let guard = StreamGuard(streams.clone());
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let (board, stop) = (board.clone(), stop.clone());
    // Subscribed before the response head goes out: a client that reads the head and then
    // acts (renames a class, say) must get the events its action causes. Subscribing in the
    // thread lost them when the thread started late (seen in CI).
    let events = sse.then(|| board.subscribe());
    let spawned = std::thread::Builder::new()
        .name("cbrd-api-stream".into())
        .spawn(move || {
            let _guard = guard;
            tracing::debug!(sse, "HTTP stream starts");
            if let Some(events) = events {
                sse_stream(&events, &stop, &tx);
            } else {
                mjpeg_stream(&board, &stop, &tx);
            }
            tracing::debug!(sse, "HTTP stream ends");
        });
    if let Err(e) = spawned {
        return Err((
            ApiError::new(503, format!("cannot start the stream: {e}")),
            Refusal::Streams,
        ));
    }
    Ok(ChannelBody(rx).boxed_unsync())
}

/// Sends the current decision, then every event, until the client goes (seen a few times a
/// second: an idle stream would otherwise hold its slot until the next keep-alive comment).
fn sse_stream(rx: &mpsc::Receiver<Arc<Published>>, stop: &AtomicBool, tx: &Sender<Bytes>) {
    let send = |b: Bytes| tx.blocking_send(b).is_ok();
    if !send(Bytes::from_static(b"retry: 2000\n\n")) {
        return;
    }
    let mut last = Instant::now();
    while !stop.load(Ordering::Relaxed) && !tx.is_closed() {
        match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(p) => {
                if !send(Bytes::from(sse_line(&p))) {
                    return;
                }
                last = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Timeout) if last.elapsed() >= Duration::from_secs(15) => {
                if !send(Bytes::from_static(b": keep-alive\n\n")) {
                    return;
                }
                last = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// One Server-Sent Event: the event's name and its JSON.
pub(super) fn sse_line(p: &Published) -> String {
    format!("event: {}\ndata: {}\n\n", p.name, p.data)
}

fn mjpeg_stream(board: &Board, stop: &AtomicBool, tx: &Sender<Bytes>) {
    let mut last: Option<*const Vec<u8>> = None;
    while !stop.load(Ordering::Relaxed) && !tx.is_closed() {
        if let Some(j) = board.jpeg()
            && last != Some(Arc::as_ptr(&j))
        {
            let mut part = format!(
                "--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n",
                j.len()
            )
            .into_bytes();
            part.extend_from_slice(&j);
            part.extend_from_slice(b"\r\n");
            if tx.blocking_send(Bytes::from(part)).is_err() {
                return;
            }
            last = Some(Arc::as_ptr(&j));
        }
        std::thread::sleep(Duration::from_millis(200)); // at most 5 frames per second
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::StaticInfo;
    use crate::camera::CameraState;
    use crate::event::Event;

    /// An event published as soon as the stream is opened (before its thread has run) is
    /// on the stream: the API's walkthrough renamed a class right after reading the head and
    /// once never saw the `renamed` event.
    #[test]
    fn an_event_right_after_the_open_is_on_the_stream() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        for _ in 0..200 {
            let board = Arc::new(Board::new(StaticInfo::default()));
            let stop = Arc::new(AtomicBool::new(false));
            let streams = Arc::new(AtomicUsize::new(0));
            let Ok(mut body) = start(&streams, &board, &stop, true) else {
                panic!("the stream did not start");
            };
            board.publish(&Event::Camera {
                time_ms: 7,
                state: CameraState::Streaming,
            });
            let mut text = String::new();
            rt.block_on(async {
                while !text.contains("event: camera") {
                    let next = tokio::time::timeout(Duration::from_secs(5), body.frame()).await;
                    let Ok(Some(Ok(frame))) = next else {
                        panic!("no camera event on the stream, only {text:?}");
                    };
                    let data = frame.into_data().unwrap_or_default();
                    text.push_str(&String::from_utf8_lossy(&data));
                }
            });
            assert!(
                text.starts_with("retry: 2000\n\nevent: decision\n"),
                "{text}"
            );
            stop.store(true, Ordering::Relaxed);
        }
    }
}
