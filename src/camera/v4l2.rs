//! V4L2 cameras through the `v4l` crate — the only module that names it.
//!
//! The device is chosen by path (`/dev/video0`) or by card name (the `card` field of
//! VIDIOC_QUERYCAP, e.g. "HD Pro Webcam C920", matched case-insensitively as a substring
//! against `/dev/video0` … `/dev/video63`). The pixel format is the first of the configured
//! preference list that the camera offers; frames come from an mmap stream and are converted
//! to owned RGB immediately (v4l lends buffers only until the next dequeue).

use std::path::{Path, PathBuf};
use std::time::Duration;

use v4l::io::traits::CaptureStream;
use v4l::video::Capture;
use v4l::{Device, FourCC};

use super::{CameraError, Frame, FrameSource, PixelFormat, convert};

/// Settings of a V4L2 source (validated config values).
#[derive(Debug, Clone, PartialEq)]
pub struct V4l2Options {
    /// A device path, or a card name to search for.
    pub device: String,
    /// Formats in order of preference.
    pub formats: Vec<PixelFormat>,
    /// Requested width (the driver may pick the nearest).
    pub width: u32,
    pub height: u32,
    /// Requested frame rate (0 = driver default).
    pub fps: u32,
    /// A frame must arrive within this time, else the camera is considered gone.
    pub frame_timeout: Duration,
}

struct Open {
    // Field order: the stream must be dropped before the device.
    stream: v4l::io::mmap::Stream<'static>,
    _dev: Device,
    path: PathBuf,
    format: PixelFormat,
    width: u32,
    height: u32,
    stride: usize,
}

/// A V4L2 capture device.
pub struct V4l2Source {
    opts: V4l2Options,
    open: Option<Open>,
    seq: u64,
}

impl V4l2Source {
    /// A source that opens on [`FrameSource::open`].
    pub fn new(opts: V4l2Options) -> V4l2Source {
        V4l2Source {
            opts,
            open: None,
            seq: 0,
        }
    }

    fn find_device(&self) -> Result<(PathBuf, Device), CameraError> {
        let wanted = &self.opts.device;
        if wanted.starts_with('/') {
            let dev = Device::with_path(wanted).map_err(|e| CameraError::from_io(wanted, e))?;
            return Ok((PathBuf::from(wanted), dev));
        }
        let needle = wanted.to_lowercase();
        let mut seen = Vec::new();
        let mut unreadable = None;
        for n in 0..64 {
            let path = PathBuf::from(format!("/dev/video{n}"));
            let dev = match Device::with_path(&path) {
                Ok(d) => d,
                Err(e) => {
                    // A busy or forbidden device may be the one we want: remember why.
                    let err = CameraError::from_io(&path.display().to_string(), e);
                    if matches!(err, CameraError::Busy(_) | CameraError::Permission(_)) {
                        unreadable.get_or_insert(err);
                    }
                    continue;
                }
            };
            let Ok(caps) = dev.query_caps() else { continue };
            if caps.card.to_lowercase().contains(&needle) && supports_capture(&caps) {
                return Ok((path, dev));
            }
            seen.push(format!("{} ({})", path.display(), caps.card));
        }
        if let Some(err) = unreadable {
            return Err(err);
        }
        let listed = if seen.is_empty() {
            "none".to_string()
        } else {
            seen.join(", ")
        };
        Err(CameraError::NotFound(format!(
            "camera named {wanted:?} (cameras found: {listed})"
        )))
    }
}

fn supports_capture(caps: &v4l::capability::Capabilities) -> bool {
    caps.capabilities
        .contains(v4l::capability::Flags::VIDEO_CAPTURE)
}

fn negotiate(
    dev: &Device,
    path: &Path,
    opts: &V4l2Options,
) -> Result<(PixelFormat, v4l::Format), CameraError> {
    let what = path.display().to_string();
    let offered: Vec<[u8; 4]> = dev
        .enum_formats()
        .map_err(|e| CameraError::from_io(&what, e))?
        .into_iter()
        .map(|d| d.fourcc.repr)
        .collect();
    let Some(choice) = opts
        .formats
        .iter()
        .copied()
        .find(|f| offered.contains(&f.fourcc()))
    else {
        let names: Vec<String> = offered
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        return Err(CameraError::Unsupported {
            device: what,
            offered: names.join(", "),
        });
    };
    let mut fmt = dev.format().map_err(|e| CameraError::from_io(&what, e))?;
    fmt.width = opts.width;
    fmt.height = opts.height;
    fmt.fourcc = FourCC::new(&choice.fourcc());
    let got = dev
        .set_format(&fmt)
        .map_err(|e| CameraError::from_io(&what, e))?;
    let Some(actual) = PixelFormat::from_fourcc(got.fourcc.repr) else {
        return Err(CameraError::Unsupported {
            device: what,
            offered: format!(
                "{} after negotiation",
                String::from_utf8_lossy(&got.fourcc.repr)
            ),
        });
    };
    if opts.fps > 0 {
        // Not every driver supports setting the rate; a failure is not fatal.
        if let Err(e) = dev.set_params(&v4l::video::capture::Parameters::with_fps(opts.fps)) {
            tracing::debug!(device = %what, "cannot set the frame rate: {e}");
        }
    }
    Ok((actual, got))
}

impl FrameSource for V4l2Source {
    fn describe(&self) -> String {
        match &self.open {
            Some(o) => format!("{} {} {}×{}", o.path.display(), o.format, o.width, o.height),
            None => self.opts.device.clone(),
        }
    }

    fn open(&mut self) -> Result<(), CameraError> {
        self.close();
        let (path, dev) = self.find_device()?;
        let (format, got) = negotiate(&dev, &path, &self.opts)?;
        let what = path.display().to_string();
        let mut stream =
            v4l::io::mmap::Stream::with_buffers(&dev, v4l::buffer::Type::VideoCapture, 4)
                .map_err(|e| CameraError::from_io(&what, e))?;
        stream.set_timeout(self.opts.frame_timeout);
        if (got.width, got.height) != (self.opts.width, self.opts.height) {
            tracing::info!(device = %what, "camera delivers {}×{} (asked for {}×{})", got.width, got.height, self.opts.width, self.opts.height);
        }
        self.open = Some(Open {
            stream,
            _dev: dev,
            path,
            format,
            width: got.width,
            height: got.height,
            stride: got.stride as usize,
        });
        Ok(())
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        let Some(o) = self.open.as_mut() else {
            return Err(CameraError::Disconnected(self.opts.device.clone()));
        };
        let what = o.path.display().to_string();
        let (buf, meta) =
            CaptureStream::next(&mut o.stream).map_err(|e| CameraError::from_io(&what, e))?;
        let used = (meta.bytesused as usize).min(buf.len());
        // Convert (= copy) now: the buffer goes back to the driver on the next call.
        let image = convert::to_rgb(o.format, o.width, o.height, o.stride, &buf[..used])
            .map_err(|e| CameraError::bad_frame(what, e))?;
        Ok(Frame::now(image, &mut self.seq))
    }

    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            // v4l's stream panics in Drop if STREAMOFF fails with anything but ENODEV (an
            // unplugged camera can also give EIO); do not let that take the daemon down.
            let Open { stream, _dev, .. } = o;
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(stream))).is_err()
            {
                tracing::warn!("camera stream did not stop cleanly (device gone)");
            }
            drop(_dev);
        }
    }
}

impl Drop for V4l2Source {
    fn drop(&mut self) {
        self.close();
    }
}
