//! Preprocessing: image bytes → upright RGB → centre square crop → model input size → the
//! input tensor's element type.
//!
//! Pure code: no file or device I/O except [`read_limited`], which only reads a file with a
//! size cap. Every failure is a [`PreprocessError`] for that one image, so a batch can go on.

use std::io::{Cursor, Read};
use std::path::Path;

use fast_image_resize as fir;
use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};

/// Limits that protect a small device from huge or hostile files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest accepted file, in bytes.
    pub max_file_bytes: u64,
    /// Largest accepted image, in pixels (width × height), checked before decoding.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 << 20,
            max_pixels: 50_000_000,
        }
    }
}

/// Why one image could not be turned into model input.
#[derive(Debug, thiserror::Error)]
pub enum PreprocessError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty.
    #[error("file is empty")]
    Empty,
    /// The file is larger than the configured limit.
    #[error("file is {size} bytes, over the {max}-byte limit (preprocess.max_file_mb)")]
    FileTooLarge { size: u64, max: u64 },
    /// The image has more pixels than the configured limit.
    #[error(
        "image is {width}×{height} ({mp:.1} MP), over the {max_mp:.1} MP limit (preprocess.max_megapixels)",
        mp = *width as f64 * *height as f64 / 1e6,
        max_mp = *max as f64 / 1e6
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        /// The limit in pixels.
        max: u64,
    },
    /// Not JPEG, PNG, WebP or BMP.
    #[error("not a supported image (JPEG, PNG, WebP or BMP expected)")]
    UnknownFormat,
    /// The decoder failed: corrupt or truncated data.
    #[error("cannot decode image: {0}")]
    Decode(#[source] image::ImageError),
    /// A JPEG whose compressed data ends before its end-of-image marker.
    #[error("truncated JPEG: the data ends before the end-of-image marker")]
    TruncatedJpeg,
    /// A zero-sized image.
    #[error("image has no pixels")]
    NoPixels,
    /// The resizer refused the image (should not happen for RGB8).
    #[error("cannot resize image: {0}")]
    Resize(String),
}

/// How the input tensor stores a pixel value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputFormat {
    /// `float32`: value = (pixel − mean) / std.
    Float32,
    /// `uint8` with affine quantisation `q = round(v / scale) + zero_point`.
    UInt8 { scale: f32, zero_point: i32 },
    /// `int8` with affine quantisation.
    Int8 { scale: f32, zero_point: i32 },
}

/// The fixed preprocessing parameters; part of an index's model fingerprint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Model input width and height (square crop is resized to this).
    pub width: u32,
    pub height: u32,
    /// Subtracted from each 0..255 pixel value before it enters the model.
    pub mean: f32,
    /// Divides each pixel value after `mean` (the shipped models take raw 0..255 pixels:
    /// mean 0, std 1, because their normalisation is inside the graph).
    pub std: f32,
}

impl Params {
    /// A stable text form, hashed into the model fingerprint.
    pub fn describe(&self) -> String {
        format!(
            "exif-orientation,rgb,centre-square-crop,bilinear,{}x{},mean={},std={}",
            self.width, self.height, self.mean, self.std
        )
    }
}

/// Reads a whole file, refusing files larger than `limits.max_file_bytes`.
pub fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>, PreprocessError> {
    let f = std::fs::File::open(path)?;
    let size = f.metadata()?.len();
    if size > limits.max_file_bytes {
        return Err(PreprocessError::FileTooLarge {
            size,
            max: limits.max_file_bytes,
        });
    }
    let mut buf = Vec::with_capacity(size as usize);
    f.take(limits.max_file_bytes + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limits.max_file_bytes {
        return Err(PreprocessError::FileTooLarge {
            size: buf.len() as u64,
            max: limits.max_file_bytes,
        });
    }
    Ok(buf)
}

/// What decoding an image will take, read from its header alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeCost {
    pub pixels: u64,
    /// Bytes [`decode`] holds at its peak: a JPEG decodes straight to RGB (3 bytes per pixel)
    /// and a rotation by EXIF makes a second copy (6); the other formats may decode with alpha
    /// (4), be rotated (8) and then converted to RGB (11).
    pub bytes: usize,
}

/// [`DecodeCost`] of image bytes, with the pixel limit checked; does not decode.
pub fn decode_cost(bytes: &[u8], limits: &Limits) -> Result<DecodeCost, PreprocessError> {
    if bytes.is_empty() {
        return Err(PreprocessError::Empty);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(PreprocessError::Io)?;
    let per_pixel = match reader.format() {
        Some(image::ImageFormat::Jpeg) => 6,
        Some(image::ImageFormat::Png | image::ImageFormat::WebP | image::ImageFormat::Bmp) => 11,
        _ => return Err(PreprocessError::UnknownFormat),
    };
    let mut reader = reader;
    reader.no_limits();
    let (width, height) = reader.into_dimensions().map_err(PreprocessError::Decode)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(PreprocessError::NoPixels);
    }
    if pixels > limits.max_pixels {
        return Err(PreprocessError::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        });
    }
    Ok(DecodeCost {
        pixels,
        bytes: usize::try_from(pixels.saturating_mul(per_pixel)).unwrap_or(usize::MAX),
    })
}

/// Decodes JPEG/PNG/WebP/BMP bytes into upright RGB8 (EXIF orientation applied; grey and
/// alpha images become RGB, alpha is dropped). The pixel count is checked before decoding.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<RgbImage, PreprocessError> {
    if bytes.is_empty() {
        return Err(PreprocessError::Empty);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(PreprocessError::Io)?;
    match reader.format() {
        // The JPEG decoder pads a truncated scan with grey instead of failing; a half photo
        // must not be enrolled, so check the structure first.
        Some(image::ImageFormat::Jpeg) if !jpeg_is_complete(bytes) => {
            return Err(PreprocessError::TruncatedJpeg);
        }
        Some(
            image::ImageFormat::Jpeg
            | image::ImageFormat::Png
            | image::ImageFormat::WebP
            | image::ImageFormat::Bmp,
        ) => {}
        _ => return Err(PreprocessError::UnknownFormat),
    }
    // Header first, without limits, so that an oversized image is reported as such below;
    // the allocation limit is set before any pixel is decoded.
    let mut reader = reader;
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(PreprocessError::Decode)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PreprocessError::NoPixels);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(PreprocessError::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        });
    }
    let mut dec_limits = image::Limits::default();
    dec_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8).max(64 << 20));
    decoder
        .set_limits(dec_limits)
        .map_err(PreprocessError::Decode)?;
    // A broken EXIF block must not lose the image: treat it as "no rotation".
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(PreprocessError::Decode)?;
    img.apply_orientation(orientation);
    Ok(match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.into_rgb8(),
    })
}

/// Whether a JPEG's marker structure reaches its end-of-image marker: segments are skipped by
/// their lengths (so an EXIF thumbnail's own markers do not count), entropy-coded data is
/// scanned for the next marker. Data after the EOI (e.g. a motion-photo trailer) is allowed.
pub fn jpeg_is_complete(b: &[u8]) -> bool {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return false;
    }
    let mut i = 2;
    loop {
        // Find the next marker (fill bytes 0xFF may repeat).
        while i < b.len() && b[i] != 0xFF {
            i += 1;
        }
        while i < b.len() && b[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = b.get(i) else {
            return false;
        };
        i += 1;
        match marker {
            0xD9 => return true,            // EOI
            0x01 | 0xD0..=0xD7 => continue, // TEM, RSTn: no length
            _ => {}
        }
        let Some(len) = b
            .get(i..i + 2)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
        else {
            return false;
        };
        if len < 2 {
            return false;
        }
        i += len;
        if marker == 0xDA {
            // Start of scan: skip entropy-coded data up to the next real marker.
            while i + 1 < b.len() {
                if b[i] == 0xFF && b[i + 1] != 0x00 && !(0xD0..=0xD7).contains(&b[i + 1]) {
                    break;
                }
                i += 1;
            }
        }
        if i >= b.len() {
            return false;
        }
    }
}

/// The centred square `(left, top, side)` of a `width`×`height` image.
pub fn centre_square(width: u32, height: u32) -> (u32, u32, u32) {
    let side = width.min(height);
    ((width - side) / 2, (height - side) / 2, side)
}

/// Crops the centre square of an RGB image and resizes it (bilinear convolution, i.e. with
/// anti-aliasing when shrinking, as Pillow does) to `width`×`height`. Keeps its resizer's
/// buffers between calls.
pub struct Resizer {
    inner: fir::Resizer,
}

impl Default for Resizer {
    fn default() -> Self {
        Resizer {
            inner: fir::Resizer::new(),
        }
    }
}

impl std::fmt::Debug for Resizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resizer")
    }
}

impl Resizer {
    /// Centre-crops and resizes `src` into a new `width`×`height` RGB image.
    pub fn square_resize(
        &mut self,
        src: &RgbImage,
        width: u32,
        height: u32,
    ) -> Result<RgbImage, PreprocessError> {
        let (w, h) = src.dimensions();
        if w == 0 || h == 0 {
            return Err(PreprocessError::NoPixels);
        }
        let (left, top, side) = centre_square(w, h);
        let src_view = fir::images::ImageRef::new(w, h, src.as_raw(), fir::PixelType::U8x3)
            .map_err(|e| PreprocessError::Resize(e.to_string()))?;
        // A cropped *view*, not a crop option: the filter then never reads pixels outside the
        // square, exactly like cropping first and resizing the crop (as the reference Python
        // preprocessing does).
        let square = fir::images::CroppedImage::new(&src_view, left, top, side, side)
            .map_err(|e| PreprocessError::Resize(e.to_string()))?;
        let mut dst = fir::images::Image::new(width, height, fir::PixelType::U8x3);
        let opts = fir::ResizeOptions::new()
            .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Bilinear));
        self.inner
            .resize(&square, &mut dst, &opts)
            .map_err(|e| PreprocessError::Resize(e.to_string()))?;
        RgbImage::from_raw(width, height, dst.into_vec()).ok_or(PreprocessError::NoPixels)
    }
}

/// Writes RGB8 pixels (`rgb`, HWC order) into an input tensor buffer `dst` of the given
/// format, applying `(p - mean) / std` and the tensor's quantisation.
/// `dst` must hold exactly one image.
pub fn write_input(
    rgb: &[u8],
    format: InputFormat,
    mean: f32,
    std: f32,
    dst: &mut [u8],
) -> Result<(), String> {
    let n = rgb.len();
    match format {
        InputFormat::Float32 => {
            if dst.len() != n * 4 {
                return Err(format!(
                    "float32 input tensor holds {} bytes, image needs {}",
                    dst.len(),
                    n * 4
                ));
            }
            let inv = 1.0 / std;
            for (out, &p) in dst.chunks_exact_mut(4).zip(rgb) {
                out.copy_from_slice(&((f32::from(p) - mean) * inv).to_ne_bytes());
            }
        }
        InputFormat::UInt8 { scale, zero_point } => {
            if dst.len() != n {
                return Err(format!(
                    "uint8 input tensor holds {} bytes, image needs {n}",
                    dst.len()
                ));
            }
            if mean == 0.0 && std == 1.0 && scale == 1.0 && zero_point == 0 {
                dst.copy_from_slice(rgb);
            } else {
                let lut = quant_lut(mean, std, scale, zero_point, 0, 255);
                for (o, &p) in dst.iter_mut().zip(rgb) {
                    *o = lut[usize::from(p)] as u8;
                }
            }
        }
        InputFormat::Int8 { scale, zero_point } => {
            if dst.len() != n {
                return Err(format!(
                    "int8 input tensor holds {} bytes, image needs {n}",
                    dst.len()
                ));
            }
            let lut = quant_lut(mean, std, scale, zero_point, -128, 127);
            for (o, &p) in dst.iter_mut().zip(rgb) {
                *o = (lut[usize::from(p)] as i8) as u8;
            }
        }
    }
    Ok(())
}

/// Quantised value of every pixel value 0..=255.
fn quant_lut(mean: f32, std: f32, scale: f32, zero_point: i32, lo: i32, hi: i32) -> [i32; 256] {
    let mut lut = [0i32; 256];
    for (p, out) in lut.iter_mut().enumerate() {
        let real = (p as f32 - mean) / std;
        let q = (real / scale).round() as i32 + zero_point;
        *out = q.clamp(lo, hi);
    }
    lut
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb};

    #[test]
    fn centre_square_table() {
        for (w, h, want) in [
            (224, 224, (0, 0, 224)),
            (640, 480, (80, 0, 480)),
            (480, 640, (0, 80, 480)),
            (641, 480, (80, 0, 480)),
            (1, 9, (0, 4, 1)),
        ] {
            assert_eq!(centre_square(w, h), want, "{w}x{h}");
        }
    }

    #[test]
    fn write_input_formats() {
        let rgb = [0u8, 127, 255];
        let mut f = [0u8; 12];
        write_input(&rgb, InputFormat::Float32, 0.0, 1.0, &mut f).unwrap();
        let vals: Vec<f32> = f
            .chunks_exact(4)
            .map(|c| f32::from_ne_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(vals, [0.0, 127.0, 255.0]);
        write_input(&rgb, InputFormat::Float32, 127.0, 128.0, &mut f).unwrap();
        let vals: Vec<f32> = f
            .chunks_exact(4)
            .map(|c| f32::from_ne_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(vals, [-127.0 / 128.0, 0.0, 1.0]);

        let mut q = [0u8; 3];
        write_input(
            &rgb,
            InputFormat::UInt8 {
                scale: 1.0,
                zero_point: 0,
            },
            0.0,
            1.0,
            &mut q,
        )
        .unwrap();
        assert_eq!(q, [0, 127, 255]);
        write_input(
            &rgb,
            InputFormat::UInt8 {
                scale: 2.0,
                zero_point: 10,
            },
            0.0,
            1.0,
            &mut q,
        )
        .unwrap();
        assert_eq!(q, [10, 74, 138]); // 0/2+10, round(63.5)+10, round(127.5)+10
        write_input(
            &rgb,
            InputFormat::Int8 {
                scale: 1.0,
                zero_point: -128,
            },
            0.0,
            1.0,
            &mut q,
        )
        .unwrap();
        assert_eq!(q.map(|b| b as i8), [-128, -1, 127]);
        // Saturation instead of wrap-around.
        write_input(
            &rgb,
            InputFormat::Int8 {
                scale: 0.5,
                zero_point: 0,
            },
            0.0,
            1.0,
            &mut q,
        )
        .unwrap();
        assert_eq!(q.map(|b| b as i8), [0, 127, 127]);
        assert!(write_input(&rgb, InputFormat::Float32, 0.0, 1.0, &mut q).is_err());
    }

    fn png(img: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn grey_and_rgba_become_rgb() {
        let grey = DynamicImage::ImageLuma8(image::GrayImage::from_pixel(3, 2, image::Luma([77])));
        let rgb = decode(&png(&grey), &Limits::default()).unwrap();
        assert_eq!(rgb.get_pixel(2, 1), &Rgb([77, 77, 77]));
        let rgba = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            2,
            2,
            image::Rgba([1, 2, 3, 9]),
        ));
        let rgb = decode(&png(&rgba), &Limits::default()).unwrap();
        assert_eq!(rgb.get_pixel(1, 1), &Rgb([1, 2, 3]));
    }

    #[test]
    fn exif_orientation_is_applied() {
        // 3×2 image whose top-left pixel is red; stored with orientation 6 (rotate 90° CW).
        let mut img = RgbImage::from_pixel(3, 2, Rgb([0, 0, 255]));
        img.put_pixel(0, 0, Rgb([255, 0, 0]));
        let mut jpeg = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 100);
        let exif = b"II\x2a\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0".to_vec();
        enc.set_exif_metadata(exif).unwrap();
        enc.write_image(img.as_raw(), 3, 2, image::ExtendedColorType::Rgb8)
            .unwrap();
        let out = decode(&jpeg, &Limits::default()).unwrap();
        assert_eq!(out.dimensions(), (2, 3));
        // After a 90° clockwise turn the old top-left corner is at the top right.
        let p = out.get_pixel(1, 0);
        assert!(p[0] > 200 && p[2] < 60, "{p:?}");
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let l = Limits::default();
        assert!(matches!(decode(b"", &l), Err(PreprocessError::Empty)));
        assert!(matches!(
            decode(b"hello world, not an image", &l),
            Err(PreprocessError::UnknownFormat)
        ));
        let good = png(&DynamicImage::ImageRgb8(RgbImage::from_pixel(
            64,
            64,
            Rgb([9, 9, 9]),
        )));
        assert!(matches!(
            decode(&good[..good.len() / 2], &l),
            Err(PreprocessError::Decode(_))
        ));
        let small = Limits {
            max_pixels: 100,
            ..l
        };
        assert!(matches!(
            decode(&good, &small),
            Err(PreprocessError::TooManyPixels {
                width: 64,
                height: 64,
                ..
            })
        ));
    }

    #[test]
    fn truncated_jpegs_are_refused_and_trailers_allowed() {
        let mut jpeg = Vec::new();
        let img = RgbImage::from_fn(64, 48, |x, y| Rgb([x as u8 * 4, y as u8 * 5, 90]));
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .write_image(img.as_raw(), 64, 48, image::ExtendedColorType::Rgb8)
            .unwrap();
        assert!(jpeg_is_complete(&jpeg));
        let l = Limits::default();
        assert!(decode(&jpeg, &l).is_ok());
        for cut in [jpeg.len() - 2, jpeg.len() / 2, 200] {
            assert!(!jpeg_is_complete(&jpeg[..cut]), "cut at {cut}");
            assert!(
                matches!(
                    decode(&jpeg[..cut], &l),
                    Err(PreprocessError::TruncatedJpeg)
                ),
                "cut at {cut}"
            );
        }
        let mut trailer = jpeg.clone();
        trailer.extend_from_slice(b"ftypmp42 motion photo video data \xff\xda\x00");
        assert!(jpeg_is_complete(&trailer));
        assert!(decode(&trailer, &l).is_ok());
    }

    #[test]
    fn resize_keeps_flat_colour_and_centre() {
        let mut r = Resizer::default();
        // Left third red, middle third green, right third blue: the centre crop is all green.
        let img = RgbImage::from_fn(300, 100, |x, _| match x / 100 {
            0 => Rgb([255, 0, 0]),
            1 => Rgb([0, 255, 0]),
            _ => Rgb([0, 0, 255]),
        });
        let out = r.square_resize(&img, 8, 8).unwrap();
        assert_eq!(out.dimensions(), (8, 8));
        assert!(out.pixels().all(|p| p == &Rgb([0, 255, 0])));
    }
}
