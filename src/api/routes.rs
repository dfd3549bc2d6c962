//! The request router: which method and path go to which handler, and the replies.

use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use serde::Deserialize;

use super::guard::SESSION_COOKIE;
use super::upload::{classify, enroll};
use super::{
    APP_JS, ApiError, Ctx, Head, INDEX_HTML, Method, OPENAPI, Resp, STYLE_CSS, error, json,
};
use crate::request::{Request, RequestError};

pub(super) fn parse_id(s: &str) -> Result<u64, ApiError> {
    s.parse()
        .map_err(|_| ApiError::new(404, format!("{s:?} is not an id")))
}

pub(super) fn ask<T>(
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
pub(super) fn ask_reply<T>(
    ctx: &Ctx,
    make: impl FnOnce(Sender<Result<T, RequestError>>) -> Request,
    wait: Duration,
) -> Result<T, ApiError> {
    ask(ctx, make, wait)?.map_err(ApiError::from)
}

/// How long a handler waits for the decide or infer thread.
pub(super) const WAIT: Duration = Duration::from_secs(30);

/// The routes answered on the runtime thread: constant bytes and the board's cheap reads
/// (nothing that blocks, nothing that waits for the pipeline). None: [`route`] answers.
pub(super) fn quick(ctx: &Ctx, head: &Head) -> Option<Resp> {
    use Method::*;
    let constant = |content_type, body: &str| Resp {
        status: 200,
        content_type,
        body: body.into(),
        extra: vec![],
    };
    Some(match (head.method, head.path.as_str()) {
        (Get, "/") => constant("text/html; charset=utf-8", INDEX_HTML),
        (Get, "/app.js") => constant("text/javascript; charset=utf-8", APP_JS),
        (Get, "/style.css") => constant("text/css; charset=utf-8", STYLE_CSS),
        (Get, "/v1/openapi.yaml") => constant("application/yaml", OPENAPI),
        (Get, "/v1/status") => json(200, &ctx.board.status()),
        (Get, "/v1/decision") => json(
            200,
            &ctx.board
                .decision
                .lock()
                .map(|d| d.clone())
                .unwrap_or_default(),
        ),
        (Get, "/metrics") => Resp {
            status: 200,
            content_type: "text/plain; version=0.0.4",
            body: ctx
                .board
                .metrics_text_with(&[
                    (
                        "cbrd_http_body_budget_used_bytes",
                        "Bytes of api.body_budget_mb held by request bodies and upload decoding.",
                        ctx.budget.used() as f64,
                    ),
                    (
                        "cbrd_http_streams_open",
                        "Event and MJPEG streams open.",
                        ctx.streams.load(std::sync::atomic::Ordering::Relaxed) as f64,
                    ),
                ])
                .into_bytes(),
            extra: vec![],
        },
        // The token guard has checked the bearer token: hand the page its session cookie.
        (Post, "/v1/session") => {
            let mut r = json(
                200,
                &serde_json::json!({"auth_required": ctx.session.is_some()}),
            );
            if let Some(session) = &ctx.session {
                r.extra.push((
                    "Set-Cookie",
                    format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict"),
                ));
            }
            r
        }
        (Delete, "/v1/session") => {
            let mut r = json(
                200,
                &serde_json::json!({"auth_required": ctx.session.is_some()}),
            );
            r.extra.push((
                "Set-Cookie",
                format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
            ));
            r
        }
        _ => return None,
    })
}

/// The routes that block (they wait for the pipeline, or encode and decode images): run on
/// the worker pool.
pub(super) fn route(ctx: &Ctx, method: Method, seg: &[&str], body: &[u8]) -> Resp {
    use Method::*;
    let r = match (method, seg) {
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

pub(super) fn known_path(seg: &[&str]) -> bool {
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
                    | "session"
            ]
            | ["v1", "classes", _]
            | ["v1", "classes", _, "samples", _]
            | ["v1", "classes", _, "samples", _, "thumbnail.jpg"]
    )
}
