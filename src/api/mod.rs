//! The local HTTP API of `cbrd run` and the operator page (see `openapi.yaml` beside this file).
//!
//! The transport is hyper's HTTP/1.1 server ([`server`]) on a current-thread tokio runtime
//! confined to the API's own threads: the `cbrd-api` thread runs every connection, and a
//! small blocking pool (`cbrd-api-worker`) runs the handlers, which keep the daemon's
//! threads-and-channels design: they never touch the index or the model, but send requests to
//! the decide thread (the index's only writer) and embedding jobs to the infer thread, and wait
//! for the reply. The daemon keeps a [`Board`] up to date for status, decisions, frames and
//! metrics; the cheap reads of it are answered on the runtime thread itself.
//!
//! Every request passes, in order: the per-address rate limit, the `Host` / `Origin` checks,
//! the token (every route but the page shell), the content type of changes, the body budget
//! and minimum rate, and one of [`WORKERS`] request slots. What is refused is counted in
//! `cbrd_http_refused_total{reason}`.
//!
//! Security: loopback by default; a token must be configured to bind elsewhere; bodies are
//! capped and charged to one memory budget before they are read; uploads go through the same
//! decoder limits as files, with a cap on images and pixels per request; no request path names
//! a file (ids only).

mod body;
mod error;
mod guard;
mod routes;
mod server;
mod stream;
#[cfg(test)]
mod tests;
mod upload;

pub use error::ApiError;
pub use guard::{SESSION_COOKIE, secret_eq};
pub use server::MAX_CONNECTIONS;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use serde::Serialize;

use crate::board::Board;
use crate::board::metrics::Refusal;
use crate::preprocess::Limits;
use crate::request::{EmbedJob, Request};
use body::{ApiBody, BodyError, Budget, Reservation, full, read_body};
use guard::{RateLimiter, Refused, browser_guard, host_guard, is_shell, token_guard};

/// Concurrent SSE/MJPEG streams.
pub const MAX_STREAMS: usize = 16;
/// Requests handled at once (decoding uploads is the heavy part); the others wait their turn.
pub const WORKERS: usize = 4;
/// How long a request waits for one of the [`WORKERS`] slots before it gets 503.
const SLOT_WAIT: Duration = Duration::from_secs(10);
const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");
const OPENAPI: &str = include_str!("openapi.yaml");

/// API settings (validated config).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiSettings {
    /// Listen address.
    pub bind: SocketAddr,
    /// The token every route but the page shell needs (from `api.token`, or `api.token_file`
    /// once resolved).
    pub token: Option<String>,
    /// File the token is read from by [`ApiSettings::resolve_token`].
    pub token_file: Option<PathBuf>,
    /// A second token that reads `/metrics` only (for a Prometheus server).
    pub metrics_token: Option<String>,
    /// Host names (besides the bind address and localhost) that requests may be sent to.
    pub allowed_hosts: Vec<String>,
    /// Largest request body, bytes.
    pub max_body: usize,
    /// Bytes that request bodies and upload decoding may hold at once.
    pub body_budget: usize,
    /// Requests per second per client address (burst: twice that).
    pub rate_per_s: f64,
    /// Connections one client address may hold open.
    pub max_connections_per_peer: usize,
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

/// A request's method, as the routes know them (HEAD is answered like GET, without the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Delete,
    /// Anything else (405 on known paths).
    Other,
}

/// What the guards and routes see of a request: its head and where it came from.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) method: Method,
    /// The path without the query.
    pub(crate) path: String,
    pub(crate) headers: hyper::HeaderMap,
    pub(crate) peer: IpAddr,
}

impl Head {
    /// A header's value, if it is text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

struct Ctx {
    settings: ApiSettings,
    /// The session cookie's value ([`guard::session_value`]) when a token is set.
    session: Option<String>,
    board: Arc<Board>,
    requests: Box<dyn Fn(Request) -> bool + Send + Sync>,
    embed: Box<dyn Fn(EmbedJob) -> bool + Send + Sync>,
    limits: Limits,
    limiter: RateLimiter,
    budget: Arc<Budget>,
    streams: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    slots: tokio::sync::Semaphore,
}

/// A running server; stop it with [`ApiServer::shutdown`].
pub struct ApiServer {
    server: server::Server,
    stop: Arc<AtomicBool>,
    addr: SocketAddr,
}

impl ApiServer {
    /// The bound address (the port is real even if 0 was configured).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, ends streams and lets the requests being handled finish (briefly).
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
        session: settings.token.as_deref().map(guard::session_value),
        budget: Budget::new(settings.body_budget),
        settings,
        board,
        requests,
        embed,
        limits,
        streams: Arc::new(AtomicUsize::new(0)),
        stop: stop.clone(),
        slots: tokio::sync::Semaphore::new(WORKERS),
    });
    let bind = ctx.settings.bind;
    let token = ctx.settings.token.is_some();
    let server = server::Server::start(ctx)
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

/// A refusal: counted under its reason, answered with its error (503s and 429s say when to
/// come back).
fn refused(ctx: &Ctx, (e, why): Refused) -> Resp {
    ctx.board.metrics.refuse(why);
    let unauthorized = e.status == 401;
    let mut r = error(e);
    if unauthorized {
        r.extra.push(("WWW-Authenticate", "Bearer".into()));
    }
    r
}

/// Answers one request (on the runtime thread; blocking work goes to the worker pool).
async fn handle(
    ctx: Arc<Ctx>,
    req: hyper::Request<Incoming>,
    peer: IpAddr,
) -> hyper::Response<ApiBody> {
    let (parts, incoming) = req.into_parts();
    let method = match parts.method {
        hyper::Method::GET | hyper::Method::HEAD => Method::Get,
        hyper::Method::POST => Method::Post,
        hyper::Method::PATCH => Method::Patch,
        hyper::Method::DELETE => Method::Delete,
        _ => Method::Other,
    };
    let head = Head {
        method,
        path: parts.uri.path().to_string(),
        headers: parts.headers,
        peer,
    };
    tracing::debug!(?method, path = %head.path, "HTTP request");
    let r = match admit(&ctx, &head) {
        Err(r) => r,
        Ok(())
            if method == Method::Get
                && matches!(head.path.as_str(), "/v1/events" | "/v1/stream.mjpg") =>
        {
            match stream::open(&ctx, head.path == "/v1/events") {
                Ok(body) => {
                    ctx.board.metrics.http(200);
                    return build(stream::head(head.path == "/v1/events"), body);
                }
                Err(refusal) => refused(&ctx, refusal),
            }
        }
        Ok(()) => match routes::quick(&ctx, &head) {
            Some(r) => r,
            None => answer(&ctx, head.method, &head, incoming).await,
        },
    };
    respond(&ctx, &head, r)
}

/// The checks every request passes before its body is read.
fn admit(ctx: &Ctx, head: &Head) -> Result<(), Resp> {
    if !is_shell(head.method, &head.path) && !ctx.limiter.allow(head.peer, Instant::now()) {
        return Err(refused(
            ctx,
            (
                ApiError::new(429, "too many requests; slow down"),
                Refusal::RateLimited,
            ),
        ));
    }
    host_guard(head, &ctx.settings).map_err(|r| refused(ctx, r))?;
    token_guard(head, &ctx.settings, ctx.session.as_deref()).map_err(|r| refused(ctx, r))?;
    if matches!(head.method, Method::Post | Method::Patch | Method::Delete) {
        browser_guard(head).map_err(error)?;
    }
    Ok(())
}

/// Reads the body (charged to the budget), waits for a request slot and runs the route on the
/// worker pool.
async fn answer(ctx: &Arc<Ctx>, method: Method, head: &Head, incoming: Incoming) -> Resp {
    let (body, reservation) = if matches!(method, Method::Post | Method::Patch) {
        let declared = head
            .header("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        match read_body(incoming, declared, ctx.settings.max_body, &ctx.budget).await {
            Ok((b, r)) => (b, Some(r)),
            Err(e) => return body_refused(ctx, e),
        }
    } else {
        (Vec::new(), None::<Reservation>)
    };
    let slot = match tokio::time::timeout(SLOT_WAIT, ctx.slots.acquire()).await {
        Ok(Ok(slot)) => slot,
        _ => {
            return refused(ctx, (ApiError::new(503, "busy; try again"), Refusal::Busy));
        }
    };
    let (ctx2, path) = (ctx.clone(), head.path.clone());
    let r = tokio::task::spawn_blocking(move || {
        let _reservation = reservation;
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        routes::route(&ctx2, method, &segments, &body)
    })
    .await
    .unwrap_or_else(|e| error(ApiError::new(500, format!("the handler failed: {e}"))));
    drop(slot);
    r
}

fn body_refused(ctx: &Ctx, e: BodyError) -> Resp {
    let refusal = match e {
        BodyError::TooLarge { max } => (
            ApiError::new(
                413,
                format!("request body over {max} bytes (api.max_body_mb)"),
            ),
            Refusal::BodyTooLarge,
        ),
        BodyError::Budget => (
            ApiError::new(
                503,
                format!(
                    "the uploads in progress use the memory set aside for them ({} MiB, api.body_budget_mb); try again",
                    ctx.budget.limit() >> 20
                ),
            ),
            Refusal::BodyBudget,
        ),
        BodyError::TooSlow { received } => (
            ApiError::new(
                408,
                format!(
                    "the request body arrived too slowly ({received} bytes; at least {} KiB/s after the first {} s)",
                    body::MIN_BODY_RATE / 1024,
                    body::BODY_GRACE.as_secs()
                ),
            ),
            Refusal::BodyTimeout,
        ),
        BodyError::Broken(m) => {
            return error(ApiError::new(
                400,
                format!("cannot read the request body: {m}"),
            ));
        }
    };
    refused(ctx, refusal)
}

/// The response with the headers every answer carries.
fn respond(ctx: &Ctx, head: &Head, r: Resp) -> hyper::Response<ApiBody> {
    ctx.board.metrics.http(r.status);
    tracing::debug!(path = %head.path, status = r.status, "HTTP response");
    let mut headers = vec![("Content-Type", r.content_type.to_string())];
    // Whatever was refused for now says when to come back.
    if matches!(r.status, 429 | 503) && !r.extra.iter().any(|(k, _)| *k == "Retry-After") {
        headers.push(("Retry-After", "1".into()));
    }
    headers.extend(r.extra);
    let mut out = build(headers, full(r.body));
    *out.status_mut() =
        hyper::StatusCode::from_u16(r.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    out
}

fn build(headers: Vec<(&'static str, String)>, body: ApiBody) -> hyper::Response<ApiBody> {
    let mut b = hyper::Response::builder()
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-store");
    let html = headers
        .iter()
        .any(|(k, v)| *k == "Content-Type" && v.starts_with("text/html"));
    if html {
        b = b
            .header(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'",
            )
            .header("X-Frame-Options", "DENY");
    }
    for (k, v) in headers {
        b = b.header(k, v);
    }
    b.body(body)
        .unwrap_or_else(|_| hyper::Response::new(full(&b"{\"error\":\"bad response header\"}"[..])))
}
