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

pub mod http;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Condvar;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use image::RgbImage;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::board::{Board, Published};
use crate::preprocess::{self, Limits, Resizer};
use crate::request::{EmbedJob, EnrollReply, Request, RequestError, Upload};
use http::{BodyError, Method, Request as HttpRequest};

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

/// An error with its HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Message.
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

/// The one place where the daemon's answers become HTTP status codes.
impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> ApiError {
        use crate::index::IndexError as I;
        use crate::index::store::StoreError as S;
        let status = match &e {
            RequestError::Frozen
            | RequestError::Busy
            | RequestError::Cancelled
            | RequestError::NoLastClass
            | RequestError::LastClassRemoved => 409,
            RequestError::EnrollFailed(_) => 422,
            RequestError::NoSuchClass(_) | RequestError::NoSuchSample { .. } => 404,
            RequestError::Index(I::BadLabel { .. } | I::Dimension { .. }) => 400,
            RequestError::Index(I::NoSuchClass(_) | I::NoSuchSample(_)) => 404,
            RequestError::Index(I::ClassExists(_)) => 409,
            RequestError::Store(S::NoSpace { .. }) => 507,
            RequestError::Store(_) => 500,
            RequestError::Stopping => 503,
        };
        ApiError::new(status, e.to_string())
    }
}

/// Constant-time equality of two secrets (compares their SHA-256 digests, so neither the
/// content nor the length leaks through timing).
pub fn secret_eq(a: &[u8], b: &[u8]) -> bool {
    let (x, y) = (Sha256::digest(a), Sha256::digest(b));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

/// Token buckets per client address.
#[derive(Debug)]
struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(mut b) = self.buckets.lock() else {
            return true;
        };
        if b.len() > 4096 {
            b.retain(|_, (_, t)| now.duration_since(*t) < Duration::from_secs(60));
        }
        let (tokens, last) = b.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
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

/// Checks that a mutating request is not a browser being abused by another web site.
///
/// * Cross-site requests: a browser sends `Origin` with every cross-origin POST/PATCH/DELETE;
///   it must name the host the request was sent to (the operator page itself).
/// * DNS rebinding (a site whose name resolves to 127.0.0.1): without a token, the `Host` must
///   be a loopback name or address.
/// * JSON bodies must say so (`Content-Type: application/json`), which a cross-site form or
///   `no-cors` fetch cannot send without a CORS preflight (that this server never grants).
fn browser_guard(req: &HttpRequest, has_token: bool) -> Result<(), ApiError> {
    let host = req.header("Host").unwrap_or("");
    if let Some(origin) = req.header("Origin") {
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'))
            .unwrap_or("");
        if !origin_host.eq_ignore_ascii_case(host) {
            return Err(ApiError::new(
                403,
                format!("cross-origin request from {origin:?} refused"),
            ));
        }
    }
    if !has_token && !loopback_host(host) {
        return Err(ApiError::new(
            403,
            format!(
                "Host {host:?} is not a loopback address; without api.token only \
                 http://127.0.0.1 / http://localhost may change the catalogue"
            ),
        ));
    }
    let json_body =
        matches!(req.method, Method::Post | Method::Patch) && req.path() != "/v1/classify";
    if json_body
        && !req
            .header("Content-Type")
            .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"))
    {
        return Err(ApiError::new(
            415,
            "send the request body as Content-Type: application/json",
        ));
    }
    Ok(())
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
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

fn parse_id(s: &str) -> Result<u64, ApiError> {
    s.parse()
        .map_err(|_| ApiError::new(404, format!("{s:?} is not an id")))
}

fn ask<T>(
    ctx: &Ctx,
    make: impl FnOnce(Sender<T>) -> Request,
    wait: Duration,
) -> Result<T, ApiError> {
    let (tx, rx) = mpsc::channel();
    if !(ctx.requests)(make(tx)) {
        return Err(ApiError::new(503, "the daemon is stopping"));
    }
    rx.recv_timeout(wait)
        .map_err(|_| ApiError::new(503, "the daemon did not answer in time"))
}

/// [`ask`] for the requests whose reply is a result.
fn ask_reply<T>(
    ctx: &Ctx,
    make: impl FnOnce(Sender<Result<T, RequestError>>) -> Request,
    wait: Duration,
) -> Result<T, ApiError> {
    ask(ctx, make, wait)?.map_err(ApiError::from)
}

const WAIT: Duration = Duration::from_secs(30);

fn route(ctx: &Ctx, method: Method, seg: &[&str], body: &[u8]) -> Resp {
    use Method::*;
    let r = match (method, seg) {
        (Get, [""]) => Ok(Resp {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: INDEX_HTML.into(),
            extra: vec![],
        }),
        (Get, ["app.js"]) => Ok(Resp {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: APP_JS.into(),
            extra: vec![],
        }),
        (Get, ["style.css"]) => Ok(Resp {
            status: 200,
            content_type: "text/css; charset=utf-8",
            body: STYLE_CSS.into(),
            extra: vec![],
        }),
        (Get, ["v1", "openapi.yaml"]) => Ok(Resp {
            status: 200,
            content_type: "application/yaml",
            body: OPENAPI.into(),
            extra: vec![],
        }),
        (Get, ["v1", "status"]) => Ok(json(200, &ctx.board.status())),
        (Get, ["v1", "decision"]) => Ok(json(
            200,
            &ctx.board
                .decision
                .lock()
                .map(|d| d.clone())
                .unwrap_or_default(),
        )),
        (Get, ["metrics"]) => Ok(Resp {
            status: 200,
            content_type: "text/plain; version=0.0.4",
            body: ctx.board.metrics_text().into_bytes(),
            extra: vec![],
        }),
        (Get, ["v1", "snapshot.jpg"]) => match ctx.board.jpeg() {
            Some(j) => Ok(Resp {
                status: 200,
                content_type: "image/jpeg",
                body: j.to_vec(),
                extra: vec![],
            }),
            None => Err(ApiError::new(503, "no camera frame yet")),
        },
        (Get, ["v1", "classes"]) => ask(ctx, Request::Classes, WAIT).map(|c| json(200, &c)),
        // 201 when something was added; 200 when every image was already a sample.
        (Post, ["v1", "classes"]) => {
            enroll(ctx, body).map(|r| json(if r.added > 0 { 201 } else { 200 }, &r))
        }
        (Patch, ["v1", "classes", id]) => (|| {
            let id = parse_id(id)?;
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Rename {
                label: String,
            }
            let r: Rename = serde_json::from_slice(body)
                .map_err(|e| ApiError::new(400, format!("bad JSON: {e}")))?;
            ask_reply(
                ctx,
                |reply| Request::Rename {
                    id,
                    label: r.label,
                    reply,
                },
                WAIT,
            )
        })()
        .map(|c| json(200, &c)),
        (Delete, ["v1", "classes", id]) => (|| {
            let id = parse_id(id)?;
            ask_reply(ctx, |reply| Request::Remove { id, reply }, WAIT)
        })()
        .map(|()| Resp {
            status: 204,
            content_type: "application/json",
            body: vec![],
            extra: vec![],
        }),
        (Delete, ["v1", "classes", id, "samples", s]) => (|| {
            let (id, sample) = (parse_id(id)?, parse_id(s)?);
            ask_reply(
                ctx,
                |reply| Request::RemoveSample { id, sample, reply },
                WAIT,
            )
        })()
        .map(|()| Resp {
            status: 204,
            content_type: "application/json",
            body: vec![],
            extra: vec![],
        }),
        (Get, ["v1", "classes", id, "samples", s, "thumbnail.jpg"]) => (|| {
            let (id, sample) = (parse_id(id)?, parse_id(s)?);
            ask(ctx, |reply| Request::Thumbnail { id, sample, reply }, WAIT)?
                .ok_or_else(|| ApiError::new(404, "no such sample, or it has no thumbnail"))
        })()
        .map(|j| Resp {
            status: 200,
            content_type: "image/jpeg",
            body: j,
            extra: vec![],
        }),
        (Post, ["v1", "classify"]) => classify(ctx, body).map(|d| json(200, &d)),
        (_, ["", ..] | ["app.js" | "style.css" | "metrics"] | ["v1", ..]) if known_path(seg) => {
            Err(ApiError::new(405, "method not allowed on this path"))
        }
        _ => Err(ApiError::new(404, "no such path (see /v1/openapi.yaml)")),
    };
    r.unwrap_or_else(error)
}

fn known_path(seg: &[&str]) -> bool {
    matches!(
        seg,
        [""] | ["app.js"]
            | ["style.css"]
            | ["metrics"]
            | [
                "v1",
                "status"
                    | "decision"
                    | "classes"
                    | "classify"
                    | "snapshot.jpg"
                    | "events"
                    | "stream.mjpg"
                    | "openapi.yaml"
            ]
            | ["v1", "classes", _]
            | ["v1", "classes", _, "samples", _]
            | ["v1", "classes", _, "samples", _, "thumbnail.jpg"]
    )
}

/// Decodes uploaded image bytes into model input (and, for enrollment, a thumbnail), with the
/// usual limits.
fn prepare_upload(
    ctx: &Ctx,
    bytes: &[u8],
    resizer: &mut Resizer,
    thumbnail: bool,
) -> Result<(RgbImage, Option<Vec<u8>>), String> {
    if bytes.len() as u64 > ctx.limits.max_file_bytes {
        return Err(format!("image over {} bytes", ctx.limits.max_file_bytes));
    }
    let img = preprocess::decode(bytes, &ctx.limits).map_err(|e| e.to_string())?;
    let (w, h) = (ctx.board.info.input_width, ctx.board.info.input_height);
    let rgb = resizer
        .square_resize(&img, w, h)
        .map_err(|e| e.to_string())?;
    let thumb = if thumbnail {
        crate::batch::encode_thumbnail(&rgb)
    } else {
        None
    };
    Ok((rgb, thumb))
}

fn embed_all(ctx: &Ctx, images: Vec<RgbImage>) -> Result<Vec<Result<Vec<f32>, String>>, ApiError> {
    let (tx, rx) = mpsc::channel();
    if !(ctx.embed)(EmbedJob { images, reply: tx }) {
        return Err(ApiError::new(503, "the daemon is stopping"));
    }
    rx.recv_timeout(WAIT)
        .map_err(|_| ApiError::new(503, "the model did not answer in time"))
}

fn enroll(ctx: &Ctx, body: &[u8]) -> Result<EnrollReply, ApiError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NewClass {
        label: String,
        from: Option<String>,
        images: Option<Vec<String>>,
    }
    let req: NewClass =
        serde_json::from_slice(body).map_err(|e| ApiError::new(400, format!("bad JSON: {e}")))?;
    crate::index::validate_label(&req.label).map_err(|e| ApiError::new(400, e.to_string()))?;
    match (req.from.as_deref(), req.images) {
        (Some("camera"), None) => {
            let label = req.label;
            // A burst takes up to enroll.timeout_ms; wait a little longer than that.
            ask_reply(
                ctx,
                |reply| Request::EnrollCamera { label, reply },
                Duration::from_secs(120),
            )
        }
        (None, Some(images)) if !images.is_empty() => {
            let mut resizer = Resizer::default();
            let mut inputs = Vec::new();
            let mut problems = Vec::new();
            for (i, b64) in images.iter().enumerate() {
                let bytes = match base64::engine::general_purpose::STANDARD.decode(b64.as_bytes()) {
                    Ok(b) => b,
                    Err(e) => {
                        problems.push(format!("image {i}: not base64: {e}"));
                        continue;
                    }
                };
                match prepare_upload(ctx, &bytes, &mut resizer, true) {
                    Ok((rgb, thumb)) => {
                        inputs.push((rgb, (thumb, crate::batch::content_hash(&bytes))))
                    }
                    Err(e) => problems.push(format!("image {i}: {e}")),
                }
            }
            if inputs.is_empty() {
                return Err(ApiError::new(
                    422,
                    format!("no usable image: {}", problems.join("; ")),
                ));
            }
            let (images, rest): (Vec<RgbImage>, Vec<_>) = inputs.into_iter().unzip();
            let mut samples = Vec::new();
            for (r, (thumbnail, content_hash)) in embed_all(ctx, images)?.into_iter().zip(rest) {
                match r {
                    Ok(embedding) => samples.push(Upload {
                        embedding,
                        thumbnail,
                        content_hash,
                    }),
                    Err(e) => problems.push(e),
                }
            }
            if samples.is_empty() {
                return Err(ApiError::new(
                    422,
                    format!("no usable image: {}", problems.join("; ")),
                ));
            }
            let label = req.label;
            ask_reply(
                ctx,
                |reply| Request::Enroll {
                    label,
                    samples,
                    reply,
                },
                WAIT,
            )
        }
        _ => Err(ApiError::new(
            400,
            "give either \"from\": \"camera\" or a non-empty \"images\" list (base64)",
        )),
    }
}

fn classify(ctx: &Ctx, body: &[u8]) -> Result<serde_json::Value, ApiError> {
    if body.is_empty() {
        return Err(ApiError::new(
            400,
            "send the image file as the request body",
        ));
    }
    let mut resizer = Resizer::default();
    let (rgb, _) =
        prepare_upload(ctx, body, &mut resizer, false).map_err(|e| ApiError::new(400, e))?;
    let output = embed_all(ctx, vec![rgb])?
        .pop()
        .unwrap_or_else(|| Err("no result".into()))
        .map_err(|e| ApiError::new(400, e))?;
    ask(ctx, |reply| Request::Classify { output, reply }, WAIT)
}

struct StreamGuard(Arc<AtomicUsize>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn run_stream(ctx: &Ctx, req: HttpRequest, sse: bool) {
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
fn sse_line(p: &Published) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_value() {
        assert!(secret_eq(b"s3cret", b"s3cret"));
        assert!(!secret_eq(b"s3cret", b"s3creT"));
        assert!(!secret_eq(b"s3cret", b"s3cret "));
        assert!(!secret_eq(b"", b"x"));
    }

    #[test]
    fn loopback_hosts() {
        for (host, ok) in [
            ("127.0.0.1:8080", true),
            ("127.0.0.1", true),
            ("127.1.2.3:80", true),
            ("localhost:8080", true),
            ("LOCALHOST", true),
            ("[::1]:8080", true),
            ("[::1]", true),
            ("evil.example:8080", false),
            ("192.168.1.20:8080", false),
            ("[fe80::1]:8080", false),
            ("", false),
            ("localhost.evil.example", false),
        ] {
            assert_eq!(loopback_host(host), ok, "{host}");
        }
    }

    #[test]
    fn rate_limiter_allows_bursts_then_refills() {
        let l = RateLimiter {
            rate: 10.0,
            burst: 3.0,
            buckets: Mutex::new(HashMap::new()),
        };
        let ip = IpAddr::from([10, 0, 0, 1]);
        let t = Instant::now();
        assert!((0..3).all(|_| l.allow(ip, t)));
        assert!(!l.allow(ip, t));
        assert!(l.allow(IpAddr::from([10, 0, 0, 2]), t), "per address");
        assert!(l.allow(ip, t + Duration::from_millis(150)), "refilled");
    }

    #[test]
    fn routes_and_methods() {
        assert!(known_path(&["v1", "classes", "7"]));
        assert!(known_path(&[
            "v1",
            "classes",
            "7",
            "samples",
            "3",
            "thumbnail.jpg"
        ]));
        assert!(!known_path(&["v1", "etc", "passwd"]));
        assert!(!known_path(&["..", "etc"]));
        assert!(parse_id("12").is_ok() && parse_id("../x").is_err());
    }

    #[test]
    fn sse_lines_and_current_decision() {
        use crate::board::StaticInfo;
        use crate::camera::CameraState;
        use crate::event::Event;
        let b = Board::new(StaticInfo::default());
        let rx = b.subscribe();
        assert!(
            sse_line(&rx.try_recv().unwrap()).starts_with("event: decision\ndata: {"),
            "current state first"
        );
        let e = Event::Camera {
            time_ms: 1,
            state: CameraState::Streaming,
        };
        b.publish(&e);
        assert_eq!(
            sse_line(&rx.try_recv().unwrap()),
            "event: camera\ndata: {\"event\":\"camera\",\"state\":\"streaming\",\"time_ms\":1}\n\n"
        );
    }
}
