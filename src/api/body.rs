//! Request bodies: one memory budget for every body in flight, a minimum upload rate, and the
//! response body types.
//!
//! The budget is charged before a byte is read: by the declared `Content-Length`, or chunk by
//! chunk for a chunked upload. A body is charged [`BODY_COPIES`] times its size because the
//! handlers hold a second copy while they parse it (the JSON text, then the decoded strings).
//! Decoding an uploaded image is charged too ([`Budget::wait_for`], see `upload.rs`): so the
//! memory that requests can make the daemon hold stays under `api.body_budget_mb`, whatever
//! the clients do.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use http_body_util::combinators::UnsyncBoxBody;

/// A body is held twice while its handler parses it.
pub const BODY_COPIES: usize = 2;
/// A body must arrive at least this fast (bytes per second) once [`BODY_GRACE`] has passed;
/// a client that trickles it is cut off with 408. 128 KiB/s is a slow Wi-Fi link.
pub const MIN_BODY_RATE: u64 = 128 * 1024;
/// How long a body may take before [`MIN_BODY_RATE`] applies (a slow start, a phone waking).
pub const BODY_GRACE: Duration = Duration::from_secs(5);

/// The bytes that request bodies and image decoding may hold at once.
#[derive(Debug)]
pub struct Budget {
    limit: usize,
    used: AtomicUsize,
}

/// Bytes charged to a [`Budget`]; given back on drop.
#[derive(Debug)]
pub struct Reservation {
    budget: Arc<Budget>,
    bytes: usize,
}

impl Budget {
    pub fn new(limit: usize) -> Arc<Budget> {
        Arc::new(Budget {
            limit,
            used: AtomicUsize::new(0),
        })
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Bytes charged now (the `cbrd_http_body_budget_used_bytes` gauge).
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Charges `bytes`, or nothing if they do not fit.
    pub fn try_reserve(self: &Arc<Self>, bytes: usize) -> Option<Reservation> {
        let mut r = Reservation {
            budget: self.clone(),
            bytes: 0,
        };
        r.grow(bytes).then_some(r)
    }

    /// [`Budget::try_reserve`], retried until `wait` has passed (for work that is worth a
    /// short wait: decoding an image whose body has already arrived). Blocking: handler
    /// threads only.
    pub fn wait_for(self: &Arc<Self>, bytes: usize, wait: Duration) -> Option<Reservation> {
        let end = Instant::now() + wait;
        loop {
            if let Some(r) = self.try_reserve(bytes) {
                return Some(r);
            }
            if bytes > self.limit || Instant::now() >= end {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Reservation {
    /// Charges `extra` more bytes; false (and nothing charged) if they do not fit.
    pub fn grow(&mut self, extra: usize) -> bool {
        let b = &self.budget;
        let fits = b
            .used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(extra).filter(|&n| n <= b.limit)
            })
            .is_ok();
        if fits {
            self.bytes += extra;
        }
        fits
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

/// Why a body was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Over the limit (`max` bytes), by its declared length or by the bytes that came.
    TooLarge { max: usize },
    /// The budget is spent: try again in a moment.
    Budget,
    /// The body came slower than [`MIN_BODY_RATE`].
    TooSlow { received: usize },
    /// The connection broke, or the chunked framing was bad.
    Broken(String),
}

/// The deadline for the next body chunk: the grace period plus the time the bytes received so
/// far may take at the minimum rate. Pure.
pub fn next_chunk_deadline(start: Instant, received: usize) -> Instant {
    start + BODY_GRACE + Duration::from_secs_f64(received as f64 / MIN_BODY_RATE as f64)
}

/// Reads a whole body of at most `max` bytes, charging the budget as it goes; the reservation
/// stays with the bytes until the handler is done with them.
pub async fn read_body<B>(
    mut body: B,
    declared: Option<u64>,
    max: usize,
    budget: &Arc<Budget>,
) -> Result<(Vec<u8>, Reservation), BodyError>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    if declared.is_some_and(|n| n > max as u64) {
        return Err(BodyError::TooLarge { max });
    }
    let declared = declared.map(|n| n as usize);
    let mut reservation = budget
        .try_reserve(declared.unwrap_or(0) * BODY_COPIES)
        .ok_or(BodyError::Budget)?;
    let mut data = Vec::with_capacity(declared.unwrap_or(0));
    let start = Instant::now();
    loop {
        let deadline = next_chunk_deadline(start, data.len());
        let frame = match tokio::time::timeout_at(deadline.into(), body.frame()).await {
            Err(_) => {
                return Err(BodyError::TooSlow {
                    received: data.len(),
                });
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(BodyError::Broken(e.to_string())),
            Ok(Some(Ok(f))) => f,
        };
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
        if data.len() + chunk.len() > max {
            return Err(BodyError::TooLarge { max });
        }
        // A chunked body (no declared length) is charged as it arrives.
        let charged = declared.unwrap_or(0);
        let new_len = data.len() + chunk.len();
        if new_len > charged && !reservation.grow((new_len - data.len().max(charged)) * BODY_COPIES)
        {
            return Err(BodyError::Budget);
        }
        data.extend_from_slice(&chunk);
    }
    Ok((data, reservation))
}

/// What every response carries.
pub type ApiBody = UnsyncBoxBody<Bytes, Infallible>;

/// A complete response body.
pub fn full(bytes: impl Into<Bytes>) -> ApiBody {
    http_body_util::Full::new(bytes.into()).boxed_unsync()
}

/// A streamed response body fed through a channel (events, MJPEG); it ends when the sender
/// is dropped, and the sender sees the receiver gone when the client has left.
pub struct ChannelBody(pub tokio::sync::mpsc::Receiver<Bytes>);

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_shared_and_given_back() {
        let b = Budget::new(100);
        let r1 = b.try_reserve(60).unwrap();
        assert!(b.try_reserve(50).is_none(), "60 + 50 > 100");
        let mut r2 = b.try_reserve(40).unwrap();
        assert_eq!(b.used(), 100);
        assert!(!r2.grow(1));
        drop(r1);
        assert!(r2.grow(10));
        assert_eq!(b.used(), 50);
        drop(r2);
        assert_eq!(b.used(), 0);
        assert!(
            b.wait_for(101, Duration::from_secs(5)).is_none(),
            "never fits"
        );
    }

    #[test]
    fn the_minimum_rate_allows_a_grace_period_then_128_kib_per_second() {
        let t = Instant::now();
        assert_eq!(next_chunk_deadline(t, 0), t + BODY_GRACE);
        assert_eq!(
            next_chunk_deadline(t, 256 * 1024),
            t + BODY_GRACE + Duration::from_secs(2)
        );
    }

    /// Chunks handed out in order.
    struct Chunks(std::collections::VecDeque<&'static [u8]>);

    impl Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(
                self.0
                    .pop_front()
                    .map(|c| Ok(Frame::data(Bytes::from_static(c)))),
            )
        }
    }

    fn body_of(chunks: Vec<&'static [u8]>) -> Chunks {
        Chunks(chunks.into())
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn bodies_are_charged_and_capped() {
        let b = Budget::new(100);
        // Declared: charged twice up front.
        let (data, r) = run(read_body(body_of(vec![b"hello"]), Some(5), 50, &b)).unwrap();
        assert_eq!(data, b"hello");
        assert_eq!(b.used(), 10);
        drop(r);
        // Over the limit by its declared length, or by what came.
        assert_eq!(
            run(read_body(body_of(vec![]), Some(51), 50, &b)).unwrap_err(),
            BodyError::TooLarge { max: 50 }
        );
        let big: &'static [u8] = &[0; 30];
        assert_eq!(
            run(read_body(body_of(vec![big, big]), None, 50, &b)).unwrap_err(),
            BodyError::TooLarge { max: 50 }
        );
        // Chunked: charged as it comes; over the budget → Budget.
        let _held = b.try_reserve(60).unwrap();
        assert_eq!(
            run(read_body(body_of(vec![big]), None, 50, &b)).unwrap_err(),
            BodyError::Budget
        );
        assert_eq!(b.used(), 60, "nothing stays charged after a refusal");
    }
}
