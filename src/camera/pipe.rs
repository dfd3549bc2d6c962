//! Raw frames read from standard input or a file/FIFO, e.g. the Raspberry Pi CSI camera:
//! `rpicam-vid -t 0 --codec yuv420 --width 640 --height 480 -o - | cbrd run …`
//! (current Pi OS cameras go through libcamera and give no plain V4L2 frames).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;

use super::{CameraError, Frame, FrameSource, PixelFormat, convert};

/// Reads fixed-size raw frames (`format`, `width`×`height`) from `path` (`-` = stdin).
pub struct PipeSource {
    path: PathBuf,
    format: PixelFormat,
    width: u32,
    height: u32,
    reader: Option<Box<dyn Read + Send>>,
    buf: Vec<u8>,
    seq: u64,
}

impl PipeSource {
    /// A pipe source; `format` must not be MJPEG (frames need a fixed size).
    pub fn new(path: PathBuf, format: PixelFormat, width: u32, height: u32) -> PipeSource {
        let size = format.frame_bytes(width, height).unwrap_or(0);
        PipeSource {
            path,
            format,
            width,
            height,
            reader: None,
            buf: vec![0; size],
            seq: 0,
        }
    }

    fn what(&self) -> String {
        if self.path.as_os_str() == "-" {
            "standard input".into()
        } else {
            self.path.display().to_string()
        }
    }
}

impl FrameSource for PipeSource {
    fn describe(&self) -> String {
        format!(
            "pipe {} {} {}×{}",
            self.what(),
            self.format,
            self.width,
            self.height
        )
    }

    fn open(&mut self) -> Result<(), CameraError> {
        if self.buf.is_empty() {
            return Err(CameraError::Unsupported {
                device: self.what(),
                offered: format!("{} (pipes need a raw format)", self.format),
            });
        }
        let r: Box<dyn Read + Send> = if self.path.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(File::open(&self.path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => CameraError::SourceMissing {
                    what: self.what(),
                    problem: "no such file or FIFO".into(),
                    key: "pipe",
                },
                _ => CameraError::from_io(&self.what(), e),
            })?)
        };
        self.reader = Some(Box::new(BufReader::with_capacity(
            self.buf.len().max(1 << 16),
            r,
        )));
        Ok(())
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        let what = self.what();
        let Some(r) = self.reader.as_mut() else {
            return Err(CameraError::Disconnected(what));
        };
        match r.read_exact(&mut self.buf) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(CameraError::End(what));
            }
            Err(e) => return Err(CameraError::from_io(&what, e)),
        }
        let image = convert::to_rgb(self.format, self.width, self.height, 0, &self.buf)
            .map_err(|e| CameraError::bad_frame(what, e))?;
        Ok(Frame::now(image, &mut self.seq))
    }

    fn close(&mut self) {
        self.reader = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_whole_i420_frames_until_eof() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("frames.yuv");
        let one = PixelFormat::I420.frame_bytes(4, 2).unwrap();
        let mut data = vec![235u8; 8];
        data.extend_from_slice(&[128; 4]);
        assert_eq!(data.len(), one);
        let mut two = data.clone();
        two.extend_from_slice(&data);
        two.extend_from_slice(&[1, 2, 3]); // a torn last frame
        std::fs::write(&p, &two).unwrap();
        let mut s = PipeSource::new(p, PixelFormat::I420, 4, 2);
        s.open().unwrap();
        for seq in 0..2 {
            let f = s.next_frame().unwrap();
            assert_eq!(f.seq, seq);
            assert_eq!(f.image.get_pixel(3, 1).0, [255, 255, 255]);
        }
        assert!(matches!(s.next_frame(), Err(CameraError::End(_))));
        let mut mj = PipeSource::new("-".into(), PixelFormat::Mjpeg, 4, 2);
        assert!(matches!(mj.open(), Err(CameraError::Unsupported { .. })));
    }
}
