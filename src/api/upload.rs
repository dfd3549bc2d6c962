//! Uploaded images: decoded with the file limits, embedded on the infer thread, then enrolled
//! or classified by the decide thread.
//!
//! An enrollment takes at most [`MAX_IMAGES`] images, and the images of one request at most
//! [`PIXELS_PER_REQUEST`] times `preprocess.max_megapixels` in all. Decoding an image is
//! charged to the body budget for as long as its pixels are held.

use std::sync::mpsc;
use std::time::Duration;

use base64::Engine;
use image::RgbImage;
use serde::Deserialize;

use super::routes::{WAIT, ask, ask_reply};
use super::{ApiError, Ctx};
use crate::board::metrics::Refusal;
use crate::preprocess::{self, Resizer};
use crate::request::{EmbedJob, EnrollReply, Request, Upload};

/// Images one enrollment request may carry.
pub const MAX_IMAGES: usize = 64;
/// The images of one request may have this many times `preprocess.max_megapixels` in all.
pub const PIXELS_PER_REQUEST: u64 = 4;
/// How long an image waits for its decoding memory when other uploads hold the budget.
const DECODE_WAIT: Duration = Duration::from_secs(5);
/// The infer thread embeds at most one upload image between two camera frames: a request
/// waits [`WAIT`] plus this much per image for its embeddings.
const PER_IMAGE_WAIT: Duration = Duration::from_secs(1);

/// Why one uploaded image was not used: a problem with the image (reported with the others),
/// or a limit of the request (the whole request is refused).
enum UploadError {
    Image(String),
    Request(ApiError, Option<Refusal>),
}

/// Pixels decoded so far by one request, against its cap.
struct PixelAllowance {
    left: u64,
    cap: u64,
}

impl PixelAllowance {
    fn new(ctx: &Ctx) -> PixelAllowance {
        let cap = ctx.limits.max_pixels.saturating_mul(PIXELS_PER_REQUEST);
        PixelAllowance { left: cap, cap }
    }
}

/// Decodes uploaded image bytes into model input (and, for enrollment, a thumbnail), with the
/// usual limits, charging the decoded pixels to the budget while they are held.
fn prepare_upload(
    ctx: &Ctx,
    bytes: &[u8],
    resizer: &mut Resizer,
    thumbnail: bool,
    pixels: &mut PixelAllowance,
) -> Result<(RgbImage, Option<Vec<u8>>), UploadError> {
    if bytes.len() as u64 > ctx.limits.max_file_bytes {
        return Err(UploadError::Image(format!(
            "image over {} bytes",
            ctx.limits.max_file_bytes
        )));
    }
    let cost = preprocess::decode_cost(bytes, &ctx.limits)
        .map_err(|e| UploadError::Image(e.to_string()))?;
    if cost.pixels > pixels.left {
        return Err(UploadError::Request(
            ApiError::new(
                413,
                format!(
                    "the images of this request have more than {:.0} MP in all ({PIXELS_PER_REQUEST} × preprocess.max_megapixels); send them in several requests",
                    pixels.cap as f64 / 1e6
                ),
            ),
            Some(Refusal::TooManyPixels),
        ));
    }
    pixels.left -= cost.pixels;
    let budget = ctx.budget.limit();
    let Some(_decoding) = ctx.budget.wait_for(cost.bytes, DECODE_WAIT) else {
        let e = if cost.bytes > budget {
            ApiError::new(
                413,
                format!(
                    "decoding this {:.1} MP image takes {} MiB, more than api.body_budget_mb ({} MiB); send a smaller image or raise api.body_budget_mb",
                    cost.pixels as f64 / 1e6,
                    cost.bytes.div_ceil(1 << 20),
                    budget >> 20
                ),
            )
        } else {
            ApiError::new(
                503,
                "the uploads in progress use the memory set aside for them (api.body_budget_mb); try again",
            )
        };
        return Err(UploadError::Request(e, Some(Refusal::BodyBudget)));
    };
    let img =
        preprocess::decode(bytes, &ctx.limits).map_err(|e| UploadError::Image(e.to_string()))?;
    let (w, h) = (ctx.board.info.input_width, ctx.board.info.input_height);
    let rgb = resizer
        .square_resize(&img, w, h)
        .map_err(|e| UploadError::Image(e.to_string()))?;
    drop(img);
    let thumb = if thumbnail {
        crate::batch::encode_thumbnail(&rgb)
    } else {
        None
    };
    Ok((rgb, thumb))
}

fn embed_all(ctx: &Ctx, images: Vec<RgbImage>) -> Result<Vec<Result<Vec<f32>, String>>, ApiError> {
    let (tx, rx) = mpsc::channel();
    let wait = WAIT + PER_IMAGE_WAIT * images.len() as u32;
    if !(ctx.embed)(EmbedJob { images, reply: tx }) {
        return Err(ApiError::new(503, "the daemon is stopping"));
    }
    rx.recv_timeout(wait)
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
        (None, Some(images)) if images.len() > MAX_IMAGES => {
            ctx.board.metrics.refuse(Refusal::TooManyImages);
            Err(ApiError::new(
                413,
                format!(
                    "{} images in one request; send at most {MAX_IMAGES} per request",
                    images.len()
                ),
            ))
        }
        (None, Some(images)) if !images.is_empty() => {
            let mut resizer = Resizer::default();
            let mut pixels = PixelAllowance::new(ctx);
            let mut held = Vec::new();
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
                match prepare_upload(ctx, &bytes, &mut resizer, true, &mut pixels) {
                    Ok((rgb, thumb)) => {
                        // The model inputs and thumbnails are held until the enrollment ends.
                        let size = rgb.len() + thumb.as_ref().map_or(0, Vec::len);
                        match ctx.budget.wait_for(size, DECODE_WAIT) {
                            Some(r) => held.push(r),
                            None => {
                                return Err(request_refused(
                                    ctx,
                                    ApiError::new(
                                        503,
                                        "the uploads in progress use the memory set aside for them (api.body_budget_mb); try again",
                                    ),
                                    Some(Refusal::BodyBudget),
                                ));
                            }
                        }
                        inputs.push((rgb, (thumb, crate::batch::content_hash(&bytes))))
                    }
                    Err(UploadError::Image(e)) => problems.push(format!("image {i}: {e}")),
                    Err(UploadError::Request(e, why)) => return Err(request_refused(ctx, e, why)),
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
    let (rgb, _) = prepare_upload(
        ctx,
        body,
        &mut resizer,
        false,
        &mut PixelAllowance::new(ctx),
    )
    .map_err(|e| match e {
        UploadError::Image(e) => ApiError::new(400, e),
        UploadError::Request(e, why) => request_refused(ctx, e, why),
    })?;
    let output = embed_all(ctx, vec![rgb])?
        .pop()
        .unwrap_or_else(|| Err("no result".into()))
        .map_err(|e| ApiError::new(400, e))?;
    ask(ctx, |reply| Request::Classify { output, reply }, WAIT)
}

fn request_refused(ctx: &Ctx, e: ApiError, why: Option<Refusal>) -> ApiError {
    if let Some(why) = why {
        ctx.board.metrics.refuse(why);
    }
    e
}
