//! The long-lived responses: Server-Sent Events and the MJPEG preview, each holding its
//! connection's thread (at most [`MAX_STREAMS`] at once).

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::http::{self, Request as HttpRequest};
use super::{ApiError, Ctx, MAX_STREAMS, error, send};
use crate::board::{Board, Published};

struct StreamGuard(Arc<AtomicUsize>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

pub(super) fn run_stream(ctx: &Ctx, req: HttpRequest, sse: bool) {
    if ctx.streams.fetch_add(1, Ordering::Relaxed) >= MAX_STREAMS {
        ctx.streams.fetch_sub(1, Ordering::Relaxed);
        return send(ctx, req, error(ApiError::new(503, "too many open streams")));
    }
    let _guard = StreamGuard(ctx.streams.clone());
    ctx.board.metrics.http(200);
    tracing::debug!(path = %req.path(), "HTTP stream starts");
    let head: &[(&str, &str)] = if sse {
        &[
            ("Content-Type", "text/event-stream"),
            ("Cache-Control", "no-store"),
            ("X-Accel-Buffering", "no"),
        ]
    } else {
        &[
            (
                "Content-Type",
                "multipart/x-mixed-replace; boundary=cbrdframe",
            ),
            ("Cache-Control", "no-store"),
        ]
    };
    let r = req.into_stream(200, head).and_then(|mut w| {
        if sse {
            let probe = w.try_clone()?;
            sse_stream(&ctx.board, &ctx.stop, &mut w, &|| http::client_gone(&probe))
        } else {
            mjpeg_stream(&ctx.board, &ctx.stop, &mut w)
        }
    });
    if let Err(e) = r {
        tracing::debug!("stream closed: {e}");
    }
}

/// Sends the current decision, then every event, until the client goes (`gone`, checked a few
/// times a second: an idle stream would otherwise hold its slot until the next keep-alive).
fn sse_stream(
    board: &Board,
    stop: &AtomicBool,
    w: &mut dyn Write,
    gone: &dyn Fn() -> bool,
) -> std::io::Result<()> {
    w.write_all(b"retry: 2000\n\n")?;
    w.flush()?;
    let rx = board.subscribe();
    let mut last = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(p) => {
                w.write_all(sse_line(&p).as_bytes())?;
                w.flush()?;
                last = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Timeout) if last.elapsed() >= Duration::from_secs(15) => {
                w.write_all(b": keep-alive\n\n")?;
                w.flush()?;
                last = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Timeout) if gone() => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(())
}

/// One Server-Sent Event: the event's name and its JSON.
pub(super) fn sse_line(p: &Published) -> String {
    format!("event: {}\ndata: {}\n\n", p.name, p.data)
}

fn mjpeg_stream(board: &Board, stop: &AtomicBool, w: &mut dyn Write) -> std::io::Result<()> {
    const BOUNDARY: &str = "cbrdframe";
    let mut last: Option<*const Vec<u8>> = None;
    while !stop.load(Ordering::Relaxed) {
        if let Some(j) = board.jpeg()
            && last != Some(Arc::as_ptr(&j))
        {
            write!(
                w,
                "--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n",
                j.len()
            )?;
            w.write_all(&j)?;
            w.write_all(b"\r\n")?;
            w.flush()?;
            last = Some(Arc::as_ptr(&j));
        }
        std::thread::sleep(Duration::from_millis(200)); // at most 5 frames per second
    }
    Ok(())
}
