//! Uploaded images: decoded with the file limits, embedded on the infer thread, then enrolled
//! or classified by the decide thread.

use std::sync::mpsc;
use std::time::Duration;

use base64::Engine;
use image::RgbImage;
use serde::Deserialize;

use super::routes::{WAIT, ask, ask_reply};
use super::{ApiError, Ctx};
use crate::preprocess::{self, Resizer};
use crate::request::{EmbedJob, EnrollReply, Request, Upload};

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

pub(super) fn enroll(ctx: &Ctx, body: &[u8]) -> Result<EnrollReply, ApiError> {
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

pub(super) fn classify(ctx: &Ctx, body: &[u8]) -> Result<serde_json::Value, ApiError> {
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
