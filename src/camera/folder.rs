//! A folder of images (or an image sequence) replayed as a camera at a fixed rate: demos,
//! tests, and checking a catalogue against a set of photos.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{CameraError, Frame, FrameSource};
use crate::preprocess::{self, Limits};

/// Replays the images of a folder (sorted by path, recursively) at `rate` frames per second.
pub struct FolderSource {
    dir: PathBuf,
    rate: f64,
    looping: bool,
    limits: Limits,
    stop: Arc<AtomicBool>,
    files: Vec<PathBuf>,
    next: usize,
    seq: u64,
    due: Option<Instant>,
}

impl FolderSource {
    /// A source over `dir`; `stop` interrupts the pacing sleep at shutdown.
    pub fn new(
        dir: PathBuf,
        rate: f64,
        looping: bool,
        limits: Limits,
        stop: Arc<AtomicBool>,
    ) -> FolderSource {
        FolderSource {
            dir,
            rate,
            looping,
            limits,
            stop,
            files: Vec::new(),
            next: 0,
            seq: 0,
            due: None,
        }
    }

    fn what(&self) -> String {
        self.dir.display().to_string()
    }
}

impl FrameSource for FolderSource {
    fn describe(&self) -> String {
        format!(
            "folder {} ({} images at {} fps{})",
            self.what(),
            self.files.len(),
            self.rate,
            if self.looping { ", looping" } else { "" }
        )
    }

    fn open(&mut self) -> Result<(), CameraError> {
        let missing = |problem: String| CameraError::SourceMissing {
            what: self.what(),
            problem,
            key: "folder",
        };
        let (files, _) = crate::batch::images_in(&self.dir, true).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing("folder not found".into()),
            std::io::ErrorKind::NotADirectory => missing("not a folder".into()),
            _ => CameraError::from_io(&self.what(), e),
        })?;
        if files.is_empty() {
            return Err(missing(
                "no images in the folder (JPEG, PNG, WebP or BMP files)".into(),
            ));
        }
        self.files = files;
        if self.next >= self.files.len() {
            self.next = 0;
        }
        self.due = None;
        Ok(())
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        if self.next >= self.files.len() {
            if !self.looping || self.files.is_empty() {
                return Err(CameraError::End(self.what()));
            }
            self.next = 0;
        }
        // Pace: one frame every 1/rate s, without drift.
        let period = Duration::from_secs_f64(1.0 / self.rate);
        let due = self.due.unwrap_or_else(Instant::now);
        while !self.stop.load(Ordering::Relaxed) {
            let left = due.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(50)));
        }
        self.due = Some(due.max(Instant::now() - period) + period);
        let path = self.files[self.next].clone();
        self.next += 1;
        let image = preprocess::read_limited(&path, &self.limits)
            .and_then(|b| preprocess::decode(&b, &self.limits))
            .map_err(|e| CameraError::bad_frame(path.display().to_string(), e))?;
        Ok(Frame::now(image, &mut self.seq))
    }

    fn close(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_in_order_at_the_rate_and_ends_or_loops() {
        let d = tempfile::tempdir().unwrap();
        for (i, c) in [[255u8, 0, 0], [0, 255, 0]].iter().enumerate() {
            image::RgbImage::from_pixel(8, 6, image::Rgb(*c))
                .save(d.path().join(format!("{i}.png")))
                .unwrap();
        }
        std::fs::write(d.path().join("2.png"), b"broken").unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let mut s = FolderSource::new(
            d.path().to_path_buf(),
            50.0,
            false,
            Limits::default(),
            stop.clone(),
        );
        s.open().unwrap();
        let t = Instant::now();
        assert_eq!(s.next_frame().unwrap().image.get_pixel(0, 0).0, [255, 0, 0]);
        assert_eq!(s.next_frame().unwrap().image.get_pixel(0, 0).0, [0, 255, 0]);
        assert!(matches!(s.next_frame(), Err(CameraError::BadFrame { .. })));
        assert!(matches!(s.next_frame(), Err(CameraError::End(_))));
        assert!(
            t.elapsed() >= Duration::from_millis(35),
            "paced at 50 fps: {:?}",
            t.elapsed()
        );
        let mut l = FolderSource::new(
            d.path().to_path_buf(),
            1000.0,
            true,
            Limits::default(),
            stop,
        );
        l.open().unwrap();
        let seqs: Vec<u64> = (0..6)
            .filter_map(|_| l.next_frame().ok())
            .map(|f| f.seq)
            .collect();
        assert_eq!(seqs, vec![0, 1, 2, 3], "loops, skipping the broken file");
        let mut missing = FolderSource::new(
            d.path().join("nope"),
            1.0,
            true,
            Limits::default(),
            Arc::default(),
        );
        let err = missing.open().unwrap_err();
        assert!(matches!(err, CameraError::SourceMissing { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains("folder not found") && msg.contains("camera.folder"),
            "{msg}"
        );
        assert!(
            !msg.contains("v4l2-ctl") && !msg.contains("plugged"),
            "{msg}"
        );
        let empty = tempfile::tempdir().unwrap();
        let mut none = FolderSource::new(
            empty.path().to_path_buf(),
            1.0,
            true,
            Limits::default(),
            Arc::default(),
        );
        let msg = none.open().unwrap_err().to_string();
        assert!(msg.contains("no images in the folder"), "{msg}");
    }
}
