//! The API's transport: hyper's HTTP/1.1 server (keep-alive, chunked bodies) on a
//! current-thread tokio runtime that runs on the `cbrd-api` thread, with a blocking pool
//! (`cbrd-api-worker`) for the handlers. Nothing else in the daemon runs on this runtime,
//! and the pipeline never waits for it.
//!
//! Deadlines and caps, all per connection unless said otherwise:
//! - the request head must arrive within [`HEAD_TIMEOUT`]; hyper starts that clock again when
//!   a keep-alive connection goes idle, so it is also the idle limit;
//! - the head is at most [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers (431);
//! - a response must be taken within [`WRITE_TIMEOUT`] per write (streams included);
//! - at most [`MAX_CONNECTIONS`] connections in all and `api.max_connections_per_peer` per
//!   client address: the next one gets a short 503 and is closed;
//! - the body's deadlines are in `body.rs`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio_io_timeout::TimeoutStream;

use super::{Ctx, MAX_STREAMS, WORKERS};
use crate::board::metrics::Refusal;

/// The whole request head must arrive within this time (and an idle keep-alive connection is
/// closed after it).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head (request line + headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Most headers in a request.
pub const MAX_HEADERS: usize = 64;
/// Each write of a response must complete within this time.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Most connections open at once (streams included).
pub const MAX_CONNECTIONS: usize = 512;
/// Connections waiting to be accepted (the kernel's queue; a flood waits here, not in memory).
const BACKLOG: u32 = 1024;

/// Open connections, in all and per client address.
#[derive(Debug, Default)]
pub(super) struct Conns {
    total: usize,
    per_peer: HashMap<IpAddr, usize>,
}

/// One admitted connection; counted out on drop.
pub(super) struct ConnPermit {
    conns: Arc<Mutex<Conns>>,
    peer: IpAddr,
}

/// Admits a connection from `peer` unless a cap is reached. Pure bookkeeping.
pub(super) fn admit(
    conns: &Arc<Mutex<Conns>>,
    peer: IpAddr,
    per_peer: usize,
) -> Result<ConnPermit, Refusal> {
    let mut c = conns.lock().map_err(|_| Refusal::Connections)?;
    if c.total >= MAX_CONNECTIONS {
        return Err(Refusal::Connections);
    }
    let n = c.per_peer.entry(peer).or_insert(0);
    if *n >= per_peer {
        return Err(Refusal::PerPeer);
    }
    *n += 1;
    c.total += 1;
    Ok(ConnPermit {
        conns: conns.clone(),
        peer,
    })
}

impl Drop for ConnPermit {
    fn drop(&mut self) {
        if let Ok(mut c) = self.conns.lock() {
            c.total -= 1;
            if let Some(n) = c.per_peer.get_mut(&self.peer) {
                *n -= 1;
                if *n == 0 {
                    c.per_peer.remove(&self.peer);
                }
            }
        }
    }
}

/// A listening server; [`Server::shutdown`] stops it.
pub(super) struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `api.bind` (errors come back here, before any thread starts) and serves on the
    /// `cbrd-api` thread.
    pub(super) fn start(ctx: Arc<Ctx>) -> std::io::Result<Server> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name("cbrd-api-worker")
            // Handlers hold a slot each; the rest are short (snapshot encoding, slot waits).
            .max_blocking_threads(WORKERS + MAX_STREAMS)
            .build()?;
        let bind = ctx.settings.bind;
        let listener = {
            let _enter = rt.enter();
            let socket = if bind.is_ipv4() {
                TcpSocket::new_v4()?
            } else {
                TcpSocket::new_v6()?
            };
            socket.set_reuseaddr(true)?;
            socket.bind(bind)?;
            socket.listen(BACKLOG)?
        };
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("cbrd-api".into())
            .spawn(move || {
                rt.block_on(accept_loop(listener, ctx, stopped));
                // Requests still being handled get a moment to finish.
                rt.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub(super) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes idle connections and waits for the thread.
    pub(super) fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn accept_loop(listener: TcpListener, ctx: Arc<Ctx>, mut stopped: watch::Receiver<bool>) {
    let conns = Arc::new(Mutex::new(Conns::default()));
    let mut logged_accept_error = false;
    loop {
        let (tcp, peer) = tokio::select! {
            _ = stopped.changed() => break,
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors, most likely: wait instead of spinning.
                    if !logged_accept_error {
                        tracing::warn!("API: cannot accept a connection: {e}");
                        logged_accept_error = true;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        logged_accept_error = false;
        let ip = match peer.ip() {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        let permit = match admit(&conns, ip, ctx.settings.max_connections_per_peer) {
            Ok(p) => p,
            Err(why) => {
                ctx.board.metrics.refuse(why);
                ctx.board.metrics.http(503);
                tokio::spawn(refuse(tcp, why));
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let mut io = TimeoutStream::new(tcp);
        io.set_write_timeout(Some(WRITE_TIMEOUT));
        let io = TokioIo::new(Box::pin(io));
        let ctx = ctx.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let handler = ctx.clone();
            let svc = service_fn(move |req| {
                let ctx = handler.clone();
                async move { Ok::<_, Infallible>(super::handle(ctx, req, ip).await) }
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_header_size(MAX_HEAD)
                .max_headers(MAX_HEADERS)
                .serve_connection(io, svc);
            tokio::pin!(conn);
            let r = tokio::select! {
                r = conn.as_mut() => r,
                _ = stopped.changed() => {
                    conn.as_mut().graceful_shutdown();
                    tokio::time::timeout(Duration::from_secs(2), conn.as_mut()).await.unwrap_or(Ok(()))
                }
            };
            if let Err(e) = r {
                let why = if e.is_timeout() {
                    Some(Refusal::HeadTimeout)
                } else if e.is_parse_too_large() {
                    Some(Refusal::HeadTooLarge)
                } else if e.is_parse() {
                    Some(Refusal::BadRequest)
                } else if is_write_timeout(&e) {
                    Some(Refusal::WriteTimeout)
                } else {
                    None
                };
                match why {
                    Some(why) => {
                        ctx.board.metrics.refuse(why);
                        tracing::debug!(peer = %ip, "API connection cut off ({}): {e}", why.label());
                    }
                    None => tracing::debug!(peer = %ip, "API connection ended: {e}"),
                }
            }
        });
    }
}

/// Whether hyper's error is our write deadline (an I/O error of kind `TimedOut`).
fn is_write_timeout(e: &hyper::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::TimedOut;
        }
        source = s.source();
    }
    false
}

/// Answers a connection over a cap with a short 503 and closes it. It reads (and drops) what
/// the client sent first, for a second at most, so that the close does not reset the
/// connection before the client has read the answer.
async fn refuse(mut tcp: TcpStream, why: Refusal) {
    let message = match why {
        Refusal::PerPeer => "too many connections from this address; close some and try again",
        _ => "too many connections; try again",
    };
    let body = serde_json::json!({ "error": message }).to_string();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut buf = [0u8; 4096];
        let _ = tokio::time::timeout(Duration::from_millis(200), tcp.read(&mut buf)).await;
        tcp.write_all(answer.as_bytes()).await?;
        tcp.shutdown().await?;
        let mut drained = 0;
        while drained < 64 * 1024 {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
        Ok::<_, std::io::Error>(())
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_capped_in_all_and_per_address() {
        let conns = Arc::new(Mutex::new(Conns::default()));
        let a = IpAddr::from([10, 0, 0, 1]);
        let held: Vec<_> = (0..3).map(|_| admit(&conns, a, 3).unwrap()).collect();
        assert_eq!(admit(&conns, a, 3).err(), Some(Refusal::PerPeer));
        let b = IpAddr::from([10, 0, 0, 2]);
        let other = admit(&conns, b, 3).unwrap();
        drop(held);
        assert!(admit(&conns, a, 3).is_ok(), "given back on drop");
        drop(other);
        assert!(conns.lock().unwrap().per_peer.is_empty());
        let mut many = Vec::new();
        for i in 0..MAX_CONNECTIONS {
            many.push(
                admit(
                    &conns,
                    IpAddr::from([10, 1, (i / 250) as u8, (i % 250) as u8]),
                    3,
                )
                .unwrap(),
            );
        }
        assert_eq!(admit(&conns, b, 3).err(), Some(Refusal::Connections));
    }
}
