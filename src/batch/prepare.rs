//! One file made ready for the model: read, decoded, cropped and resized, with its content
//! hash and (if asked) a thumbnail.

use std::path::Path;
use std::time::{Duration, Instant};

use image::RgbImage;

use crate::preprocess::{self, Limits, Params, PreprocessError, Resizer};

/// One image ready for the model.
#[derive(Debug)]
pub struct Prepared {
    /// Model-input-sized RGB.
    pub rgb: RgbImage,
    /// JPEG thumbnail of `rgb`, if requested.
    pub thumbnail: Option<Vec<u8>>,
    /// [`content_hash`] of the file.
    pub content_hash: [u8; 32],
    /// Time spent reading, decoding and resizing.
    pub elapsed: Duration,
}

/// The identity of an image's content: SHA-256 of its bytes (a file's, an upload's, a camera
/// frame's pixels). The same photo copied, renamed or enrolled again has the same hash.
pub fn content_hash(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Reads, decodes, crops and resizes one file.
pub fn prepare_file(
    path: &Path,
    params: &Params,
    limits: &Limits,
    resizer: &mut Resizer,
    thumbnail: bool,
) -> Result<Prepared, PreprocessError> {
    let t = Instant::now();
    let bytes = preprocess::read_limited(path, limits)?;
    prepare_bytes(
        &bytes,
        content_hash(&bytes),
        params,
        limits,
        resizer,
        thumbnail,
        t,
    )
}

pub(super) fn prepare_bytes(
    bytes: &[u8],
    content_hash: [u8; 32],
    params: &Params,
    limits: &Limits,
    resizer: &mut Resizer,
    thumbnail: bool,
    started: Instant,
) -> Result<Prepared, PreprocessError> {
    let img = preprocess::decode(bytes, limits)?;
    let rgb = resizer.square_resize(&img, params.width, params.height)?;
    let thumbnail = thumbnail.then(|| encode_thumbnail(&rgb)).flatten();
    Ok(Prepared {
        rgb,
        thumbnail,
        content_hash,
        elapsed: started.elapsed(),
    })
}

/// JPEG (quality 85) of a model-input image, for the index.
pub fn encode_thumbnail(rgb: &RgbImage) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc).ok()?;
    Some(out)
}
