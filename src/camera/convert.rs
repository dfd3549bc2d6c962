//! Pixel formats of camera frames and their conversion to RGB (pure code).
//!
//! YUV formats use the BT.601 limited-range ("studio swing") matrix, which is what UVC webcams
//! and the Raspberry Pi camera stack deliver for SD/HD YUV unless told otherwise.

use image::RgbImage;

/// A frame layout cbrd can convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PixelFormat {
    /// Motion-JPEG: every frame is a JPEG (`MJPG`).
    Mjpeg,
    /// Packed 4:2:2 `Y0 U Y1 V` (`YUYV`).
    Yuyv,
    /// Planar Y + interleaved UV 4:2:0 (`NV12`).
    Nv12,
    /// Planar Y, U, V 4:2:0 (`YU12`/I420; what `rpicam-vid --codec yuv420` writes).
    I420,
    /// Packed `R G B` (`RGB3`).
    Rgb24,
    /// 8-bit luma only (`GREY`).
    Grey,
}

impl PixelFormat {
    /// All formats, in the default preference order for V4L2 negotiation.
    pub const PREFERENCE: [PixelFormat; 6] = [
        PixelFormat::Mjpeg,
        PixelFormat::Yuyv,
        PixelFormat::Nv12,
        PixelFormat::I420,
        PixelFormat::Rgb24,
        PixelFormat::Grey,
    ];

    /// The V4L2 fourcc code.
    pub fn fourcc(self) -> [u8; 4] {
        *match self {
            PixelFormat::Mjpeg => b"MJPG",
            PixelFormat::Yuyv => b"YUYV",
            PixelFormat::Nv12 => b"NV12",
            PixelFormat::I420 => b"YU12",
            PixelFormat::Rgb24 => b"RGB3",
            PixelFormat::Grey => b"GREY",
        }
    }

    /// Parses a fourcc or a common name (`MJPG`, `MJPEG`, `YUYV`, `NV12`, `I420`, `YU12`,
    /// `YUV420`, `RGB3`, `RGB24`, `GREY`, `GRAY`), case-insensitively.
    pub fn parse(s: &str) -> Option<PixelFormat> {
        Some(match s.to_ascii_uppercase().as_str() {
            "MJPG" | "MJPEG" | "JPEG" => PixelFormat::Mjpeg,
            "YUYV" | "YUY2" => PixelFormat::Yuyv,
            "NV12" => PixelFormat::Nv12,
            "I420" | "YU12" | "YUV420" => PixelFormat::I420,
            "RGB3" | "RGB24" | "RGB" => PixelFormat::Rgb24,
            "GREY" | "GRAY" | "Y8" => PixelFormat::Grey,
            _ => return None,
        })
    }

    /// From a V4L2 fourcc.
    pub fn from_fourcc(code: [u8; 4]) -> Option<PixelFormat> {
        PixelFormat::PREFERENCE
            .into_iter()
            .find(|f| f.fourcc() == code)
    }

    /// Bytes of one uncompressed frame (`None` for MJPEG).
    pub fn frame_bytes(self, width: u32, height: u32) -> Option<usize> {
        let (w, h) = (width as usize, height as usize);
        match self {
            PixelFormat::Mjpeg => None,
            PixelFormat::Yuyv => Some(w.div_ceil(2) * 4 * h),
            PixelFormat::Nv12 | PixelFormat::I420 => {
                Some(w * h + 2 * (w.div_ceil(2) * h.div_ceil(2)))
            }
            PixelFormat::Rgb24 => Some(w * h * 3),
            PixelFormat::Grey => Some(w * h),
        }
    }
}

impl std::fmt::Display for PixelFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(std::str::from_utf8(&self.fourcc()).unwrap_or("????"))
    }
}

/// Why a frame could not be converted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConvertError {
    /// The buffer is shorter than the format needs.
    #[error("{format} frame {width}×{height} needs {need} bytes, got {got}")]
    Short {
        format: PixelFormat,
        width: u32,
        height: u32,
        need: usize,
        got: usize,
    },
    /// A corrupt MJPEG frame.
    #[error("bad MJPEG frame: {0}")]
    Jpeg(String),
    /// Zero-sized frame.
    #[error("frame has no pixels")]
    Empty,
}

#[inline]
fn clamp(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// BT.601 limited range YCbCr → RGB, fixed point (×256).
#[inline]
fn yuv_to_rgb(y: u8, u: u8, v: u8) -> [u8; 3] {
    let c = 298 * (i32::from(y) - 16);
    let d = i32::from(u) - 128;
    let e = i32::from(v) - 128;
    [
        clamp((c + 409 * e + 128) >> 8),
        clamp((c - 100 * d - 208 * e + 128) >> 8),
        clamp((c + 516 * d + 128) >> 8),
    ]
}

/// Converts one frame to RGB. `stride` is the bytes per line of the first plane (0 = tightly
/// packed); MJPEG frames are decoded (EXIF orientation is ignored: cameras do not rotate).
pub fn to_rgb(
    format: PixelFormat,
    width: u32,
    height: u32,
    stride: usize,
    data: &[u8],
) -> Result<RgbImage, ConvertError> {
    if format == PixelFormat::Mjpeg {
        let img = image::load_from_memory_with_format(data, image::ImageFormat::Jpeg)
            .map_err(|e| ConvertError::Jpeg(e.to_string()))?;
        return Ok(img.into_rgb8());
    }
    if width == 0 || height == 0 {
        return Err(ConvertError::Empty);
    }
    let (w, h) = (width as usize, height as usize);
    let min_stride = match format {
        PixelFormat::Yuyv => w.div_ceil(2) * 4,
        PixelFormat::Rgb24 => w * 3,
        _ => w,
    };
    let stride = if stride == 0 {
        min_stride
    } else {
        stride.max(min_stride)
    };
    let chroma_stride = match format {
        PixelFormat::Nv12 => stride,
        PixelFormat::I420 => stride.div_ceil(2),
        _ => 0,
    };
    let need = match format {
        PixelFormat::Nv12 => stride * h + chroma_stride * h.div_ceil(2),
        PixelFormat::I420 => stride * h + 2 * chroma_stride * h.div_ceil(2),
        _ => stride * h,
    };
    if data.len() < need {
        return Err(ConvertError::Short {
            format,
            width,
            height,
            need,
            got: data.len(),
        });
    }
    let mut out = vec![0u8; w * h * 3];
    match format {
        PixelFormat::Mjpeg => unreachable!("handled above"),
        PixelFormat::Rgb24 => {
            for y in 0..h {
                out[y * w * 3..(y + 1) * w * 3]
                    .copy_from_slice(&data[y * stride..y * stride + w * 3]);
            }
        }
        PixelFormat::Grey => {
            for y in 0..h {
                for x in 0..w {
                    let g = data[y * stride + x];
                    out[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&[g, g, g]);
                }
            }
        }
        PixelFormat::Yuyv => {
            for y in 0..h {
                let row = &data[y * stride..];
                for x in 0..w {
                    let pair = (x / 2) * 4;
                    let luma = row[pair + if x % 2 == 0 { 0 } else { 2 }];
                    let rgb = yuv_to_rgb(luma, row[pair + 1], row[pair + 3]);
                    out[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&rgb);
                }
            }
        }
        PixelFormat::Nv12 | PixelFormat::I420 => {
            let luma = &data[..stride * h];
            let chroma = &data[stride * h..];
            let plane = chroma_stride * h.div_ceil(2);
            for y in 0..h {
                for x in 0..w {
                    let (u, v) = if format == PixelFormat::Nv12 {
                        let i = (y / 2) * chroma_stride + (x / 2) * 2;
                        (chroma[i], chroma[i + 1])
                    } else {
                        let i = (y / 2) * chroma_stride + x / 2;
                        (chroma[i], chroma[plane + i])
                    };
                    let rgb = yuv_to_rgb(luma[y * stride + x], u, v);
                    out[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&rgb);
                }
            }
        }
    }
    RgbImage::from_raw(width, height, out).ok_or(ConvertError::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference BT.601 limited-range colours: (Y, U, V) → RGB.
    const WHITE: (u8, u8, u8) = (235, 128, 128);
    const BLACK: (u8, u8, u8) = (16, 128, 128);
    const RED: (u8, u8, u8) = (81, 90, 240);
    const GREEN: (u8, u8, u8) = (145, 54, 34);
    const BLUE: (u8, u8, u8) = (41, 240, 110);

    fn near(got: &[u8], want: [u8; 3]) -> bool {
        got.iter()
            .zip(want)
            .all(|(g, w)| (i32::from(*g) - i32::from(w)).abs() <= 2)
    }

    #[test]
    fn yuv_reference_colours() {
        let cases = [
            (WHITE, [255, 255, 255]),
            (BLACK, [0, 0, 0]),
            (RED, [255, 0, 0]),
            (GREEN, [0, 255, 0]),
            (BLUE, [0, 0, 255]),
        ];
        for ((y, u, v), rgb) in cases {
            assert!(
                near(&yuv_to_rgb(y, u, v), rgb),
                "{y} {u} {v} -> {:?} want {rgb:?}",
                yuv_to_rgb(y, u, v)
            );
        }
    }

    /// A 4×2 test card: top row red, red, green, green; bottom row blue, blue, white, white.
    fn card() -> [[(u8, u8, u8); 4]; 2] {
        [[RED, RED, GREEN, GREEN], [BLUE, BLUE, WHITE, WHITE]]
    }
    const CARD_RGB: [[[u8; 3]; 4]; 2] = [
        [[255, 0, 0], [255, 0, 0], [0, 255, 0], [0, 255, 0]],
        [[0, 0, 255], [0, 0, 255], [255, 255, 255], [255, 255, 255]],
    ];

    fn check(img: &RgbImage, format: PixelFormat) {
        assert_eq!(img.dimensions(), (4, 2), "{format}");
        for (y, row) in CARD_RGB.iter().enumerate() {
            for (x, want) in row.iter().enumerate() {
                let got = img.get_pixel(x as u32, y as u32).0;
                assert!(
                    near(&got, *want),
                    "{format} ({x},{y}): {got:?} want {want:?}"
                );
            }
        }
    }

    #[test]
    fn yuyv_nv12_i420_known_pixels() {
        let c = card();
        // YUYV: per pixel pair Y0 U Y1 V (both pixels of a pair share the colour here).
        let mut yuyv = Vec::new();
        for row in &c {
            for pair in row.chunks(2) {
                yuyv.extend_from_slice(&[pair[0].0, pair[0].1, pair[1].0, pair[0].2]);
            }
        }
        check(
            &to_rgb(PixelFormat::Yuyv, 4, 2, 0, &yuyv).unwrap(),
            PixelFormat::Yuyv,
        );
        // 4:2:0 needs 2×2 blocks of one colour: use a 4×2 card whose 2×2 blocks are uniform.
        let block = [[RED, RED, GREEN, GREEN], [RED, RED, GREEN, GREEN]];
        let lum: Vec<u8> = block.iter().flat_map(|r| r.iter().map(|p| p.0)).collect();
        let mut nv12 = lum.clone();
        nv12.extend_from_slice(&[RED.1, RED.2, GREEN.1, GREEN.2]);
        let mut i420 = lum;
        i420.extend_from_slice(&[RED.1, GREEN.1, RED.2, GREEN.2]);
        for (fmt, data) in [(PixelFormat::Nv12, nv12), (PixelFormat::I420, i420)] {
            let img = to_rgb(fmt, 4, 2, 0, &data).unwrap();
            for y in 0..2 {
                assert!(
                    near(&img.get_pixel(0, y).0, [255, 0, 0])
                        && near(&img.get_pixel(1, y).0, [255, 0, 0]),
                    "{fmt}"
                );
                assert!(
                    near(&img.get_pixel(2, y).0, [0, 255, 0])
                        && near(&img.get_pixel(3, y).0, [0, 255, 0]),
                    "{fmt}"
                );
            }
        }
    }

    #[test]
    fn rgb_grey_and_stride() {
        let rgb: Vec<u8> = CARD_RGB
            .iter()
            .flat_map(|r| r.iter().flatten().copied())
            .collect();
        check(
            &to_rgb(PixelFormat::Rgb24, 4, 2, 0, &rgb).unwrap(),
            PixelFormat::Rgb24,
        );
        // The same with 4 bytes of padding per line.
        let mut padded = Vec::new();
        for row in rgb.chunks(12) {
            padded.extend_from_slice(row);
            padded.extend_from_slice(&[9, 9, 9, 9]);
        }
        check(
            &to_rgb(PixelFormat::Rgb24, 4, 2, 16, &padded).unwrap(),
            PixelFormat::Rgb24,
        );
        let grey = to_rgb(PixelFormat::Grey, 2, 1, 0, &[0, 200]).unwrap();
        assert_eq!(grey.as_raw(), &vec![0, 0, 0, 200, 200, 200]);
    }

    #[test]
    fn short_buffers_and_bad_jpeg_are_errors() {
        for f in [
            PixelFormat::Yuyv,
            PixelFormat::Nv12,
            PixelFormat::I420,
            PixelFormat::Rgb24,
            PixelFormat::Grey,
        ] {
            let need = f.frame_bytes(4, 2).unwrap();
            assert!(
                matches!(
                    to_rgb(f, 4, 2, 0, &vec![0; need - 1]),
                    Err(ConvertError::Short { .. })
                ),
                "{f}"
            );
            assert!(to_rgb(f, 4, 2, 0, &vec![128; need]).is_ok(), "{f}");
        }
        assert!(matches!(
            to_rgb(PixelFormat::Mjpeg, 4, 2, 0, b"nope"),
            Err(ConvertError::Jpeg(_))
        ));
    }

    #[test]
    fn names_and_fourccs() {
        for f in PixelFormat::PREFERENCE {
            assert_eq!(PixelFormat::from_fourcc(f.fourcc()), Some(f));
            assert_eq!(PixelFormat::parse(&f.to_string()), Some(f));
        }
        assert_eq!(PixelFormat::parse("yuv420"), Some(PixelFormat::I420));
        assert_eq!(PixelFormat::parse("mjpeg"), Some(PixelFormat::Mjpeg));
        assert_eq!(PixelFormat::parse("H264"), None);
    }
}
