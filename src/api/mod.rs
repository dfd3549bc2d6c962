//! The local HTTP API of `cbrd run` and the operator page (see `openapi.yaml` beside this file).
//!
//! A small synchronous server ([`http`]: `httparse` + a thread per connection) fits the
//! daemon's threads-and-channels design: at most [`WORKERS`] requests are handled at once;
//! streams (Server-Sent Events, MJPEG) keep their connection's thread (at most
//! [`MAX_STREAMS`]). Handlers never touch the index or the model: they send
//! requests to the decide thread (the index's only writer) and embedding jobs to the infer
//! thread, and wait for the reply. The daemon keeps a [`Board`] up to date for status,
//! decisions, frames and metrics.
//!
//! Security: loopback by default; a configured bearer token is required for every mutating
//! call (compared in constant time), and a token must be configured to bind elsewhere; bodies
//! are capped before they are read; requests are rate-limited per client address; uploads go
//! through the same decoder limits as files; no request path names a file (ids only).

mod error;
mod guard;
pub mod http;
mod routes;
mod stream;
#[cfg(test)]
mod tests;
mod upload;

pub use error::ApiError;
pub use guard::secret_eq;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Condvar;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::board::Board;
use crate::preprocess::Limits;
use crate::request::{EmbedJob, Request};
use guard::{RateLimiter, browser_guard};
use http::{BodyError, Method, Request as HttpRequest};
use routes::{WAIT, route};
use stream::run_stream;

/// Concurrent SSE/MJPEG streams.
pub const MAX_STREAMS: usize = 16;
/// Requests handled at once (decoding uploads is the heavy part); the others wait their turn.
pub const WORKERS: usize = 4;
const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");
const OPENAPI: &str = include_str!("openapi.yaml");

/// API settings (validated config).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiSettings {
    /// Listen address.
    pub bind: SocketAddr,
    /// Bearer token for mutating calls (from `api.token`, or `api.token_file` once resolved).
    pub token: Option<String>,
    /// File the token is read from by [`ApiSettings::resolve_token`].
    pub token_file: Option<PathBuf>,
    /// Largest request body.
    pub max_body: usize,
    /// Requests per second per client address (burst: twice that).
    pub rate_per_s: f64,
}

/// `api.token_file` cannot be used; the message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
#[error("api.token_file: {path}: {reason}")]
pub struct TokenFileError {
    pub path: PathBuf,
    pub reason: String,
}

impl ApiSettings {
    /// Reads `api.token_file` (its first line, trimmed) into `token`.
    pub fn resolve_token(&mut self) -> Result<(), TokenFileError> {
        let Some(path) = &self.token_file else {
            return Ok(());
        };
        let problem = |reason: String| TokenFileError {
            path: path.clone(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            problem(format!(
                "{e}; create it (e.g. `openssl rand -hex 16 > {}`) or remove api.token_file",
                path.display()
            ))
        })?;
        let token = text.lines().next().unwrap_or("").trim().to_string();
        if token.len() < 16 {
            return Err(problem(format!(
                "the token on its first line is {} characters; use at least 16",
                token.len()
            )));
        }
        self.token = Some(token);
        Ok(())
    }
}

struct Ctx {
    settings: ApiSettings,
    board: Arc<Board>,
    requests: Box<dyn Fn(Request) -> bool + Send + Sync>,
    embed: Box<dyn Fn(EmbedJob) -> bool + Send + Sync>,
    limits: Limits,
    limiter: RateLimiter,
    streams: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    /// Free request slots (of [`WORKERS`]).
    slots: Mutex<usize>,
    slot_freed: Condvar,
}

impl Ctx {
    /// Waits up to `wait` for one of the [`WORKERS`] request slots.
    fn slot(&self, wait: Duration) -> Option<Slot<'_>> {
        let deadline = Instant::now() + wait;
        let mut free = self.slots.lock().ok()?;
        while *free == 0 {
            let left = deadline.checked_duration_since(Instant::now())?;
            free = self.slot_freed.wait_timeout(free, left).ok()?.0;
        }
        *free -= 1;
        Some(Slot(self))
    }
}

struct Slot<'a>(&'a Ctx);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Ok(mut free) = self.0.slots.lock() {
            *free += 1;
        }
        self.0.slot_freed.notify_one();
    }
}

/// A running server; stop it with [`ApiServer::shutdown`].
pub struct ApiServer {
    server: http::Server,
    stop: Arc<AtomicBool>,
    addr: SocketAddr,
}

impl ApiServer {
    /// The bound address (the port is real even if 0 was configured).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and ends streams (requests being handled finish on their own).
    pub fn shutdown(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.server.shutdown();
    }
}

/// Starts the server. `requests` delivers a request to the decide thread, `embed` an upload to
/// the infer thread (each false if it is gone).
pub fn start(
    settings: ApiSettings,
    board: Arc<Board>,
    requests: Box<dyn Fn(Request) -> bool + Send + Sync>,
    embed: Box<dyn Fn(EmbedJob) -> bool + Send + Sync>,
    limits: Limits,
) -> anyhow::Result<ApiServer> {
    board
        .auth_required
        .store(settings.token.is_some(), Ordering::Relaxed);
    let stop = Arc::new(AtomicBool::new(false));
    let ctx = Arc::new(Ctx {
        limiter: RateLimiter {
            rate: settings.rate_per_s,
            burst: (settings.rate_per_s * 2.0).max(1.0),
            buckets: Mutex::new(HashMap::new()),
        },
        settings,
        board,
        requests,
        embed,
        limits,
        streams: Arc::new(AtomicUsize::new(0)),
        stop: stop.clone(),
        slots: Mutex::new(WORKERS),
        slot_freed: Condvar::new(),
    });
    let bind = ctx.settings.bind;
    let token = ctx.settings.token.is_some();
    let server = http::Server::start(bind, stop.clone(), Arc::new(move |req| handle(&ctx, req)))
        .map_err(|e| anyhow::anyhow!("cannot listen on {bind} (api.bind): {e}"))?;
    let addr = server.addr();
    tracing::info!(addr = %addr, token, "API listening");
    Ok(ApiServer { server, stop, addr })
}

struct Resp {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    extra: Vec<(&'static str, String)>,
}

fn json<T: Serialize>(status: u16, v: &T) -> Resp {
    Resp {
        status,
        content_type: "application/json",
        body: serde_json::to_vec(v).unwrap_or_default(),
        extra: vec![],
    }
}

fn error(e: ApiError) -> Resp {
    json(e.status, &serde_json::json!({"error": e.message}))
}

fn handle(ctx: &Ctx, mut req: HttpRequest) {
    let method = req.method;
    let path = req.path().to_string();
    tracing::debug!(?method, path = %path, "HTTP request");
    let ip = req.peer;
    let is_static =
        method == Method::Get && matches!(path.as_str(), "/" | "/app.js" | "/style.css");
    if !is_static && !ctx.limiter.allow(ip, Instant::now()) {
        let mut r = error(ApiError::new(429, "too many requests; slow down"));
        r.extra.push(("Retry-After", "1".into()));
        return send(ctx, req, r);
    }
    // Streams keep their connection's thread for as long as the client stays.
    if method == Method::Get && (path == "/v1/events" || path == "/v1/stream.mjpg") {
        return run_stream(ctx, req, path == "/v1/events");
    }
    let mutating =
        matches!(method, Method::Post | Method::Patch | Method::Delete) && path != "/v1/classify";
    if mutating && let Err(e) = browser_guard(&req, ctx.settings.token.is_some()) {
        return send(ctx, req, error(e));
    }
    if mutating && let Some(token) = &ctx.settings.token {
        let given = req
            .header("Authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !secret_eq(given.as_bytes(), token.as_bytes()) {
            let mut r = error(ApiError::new(
                401,
                "a valid bearer token is required for this call (Authorization: Bearer <token>)",
            ));
            r.extra.push(("WWW-Authenticate", "Bearer".into()));
            return send(ctx, req, r);
        }
    }
    let body = if matches!(method, Method::Post | Method::Patch) {
        match req.read_body(ctx.settings.max_body) {
            Ok(b) => b,
            Err(e) => {
                let e = match e {
                    BodyError::TooLarge => ApiError::new(
                        413,
                        format!(
                            "request body over {} bytes (api.max_body_mb)",
                            ctx.settings.max_body
                        ),
                    ),
                    BodyError::LengthRequired => ApiError::new(
                        411,
                        "send the body with a Content-Length (chunked uploads are not accepted)",
                    ),
                    BodyError::Bad(m) => ApiError::new(400, m),
                };
                return send(ctx, req, error(e));
            }
        }
    } else {
        Vec::new()
    };
    // Static files need no slot: they are constant bytes.
    let _slot = if is_static {
        None
    } else {
        match ctx.slot(WAIT) {
            Some(s) => Some(s),
            None => return send(ctx, req, error(ApiError::new(503, "busy; try again"))),
        }
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let r = route(ctx, method, &segments, &body);
    send(ctx, req, r);
}

fn send(ctx: &Ctx, req: HttpRequest, r: Resp) {
    ctx.board.metrics.http(r.status);
    tracing::debug!(path = %req.path(), status = r.status, "HTTP response");
    let mut headers = vec![
        ("Content-Type", r.content_type.to_string()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Cache-Control", "no-store".into()),
    ];
    if r.content_type.starts_with("text/html") {
        headers.push((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'".into(),
        ));
        headers.push(("X-Frame-Options", "DENY".into()));
    }
    headers.extend(r.extra);
    req.respond(r.status, &headers, &r.body);
}
