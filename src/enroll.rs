//! Button enrollment — a pure state machine over gestures, observed frames and time.
//!
//! - **short press**: capture a burst and enroll it as a **new class** (label: the next unused
//!   name from `enroll.labels`, else `class-N`);
//! - **long press**: capture a burst and add it to the **last class enrolled** by this daemon;
//! - **double press**: **undo** the last enrollment (its samples, and its class if it created
//!   one); repeated double presses undo further back, within this run;
//! - **very long press**: cancels a burst in progress, otherwise nothing.
//!
//! A burst takes up to `burst_frames` frames at least `spacing_ms` apart; blurry frames
//! (sharpness below `min_sharpness`) and near-duplicates (cosine to an already taken frame
//! above `max_similarity`) are skipped. After `timeout_ms` the burst ends with what it has
//! (or fails if it has nothing). The daemon does the index I/O for the [`Action`]s.

use image::RgbImage;

use crate::button::debounce::Gesture;
use crate::button::led::Pattern;

/// Enrollment settings (validated config).
#[derive(Debug, Clone, PartialEq)]
pub struct EnrollConfig {
    pub burst_frames: usize,
    /// Minimum time between taken frames.
    pub spacing_ms: u64,
    /// Minimum sharpness (variance of the Laplacian of the 224×224 grey image).
    pub min_sharpness: f32,
    /// A frame more similar than this (cosine) to a taken one is skipped.
    pub max_similarity: f32,
    /// A burst ends after this long.
    pub timeout_ms: u64,
    /// Labels for new classes, used in order.
    pub labels: Vec<String>,
}

/// Where a burst goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    NewClass,
    /// The class enrolled last.
    LastClass,
    /// The class with this label (created if new): the API's "enroll from camera".
    Named(String),
}

/// One frame as the enroller sees it.
#[derive(Debug, Clone)]
pub struct Observation {
    pub frame: u64,
    /// When (monotonic ms).
    pub t_ms: u64,
    /// L2-normalised embedding.
    pub embedding: Vec<f32>,
    /// Sharpness of the model input image.
    pub sharpness: f32,
    /// The model input image (for the thumbnail).
    pub input: RgbImage,
}

/// What the daemon must do.
#[derive(Debug, Clone)]
pub enum Action {
    /// Show this on the LED.
    Led(Pattern),
    /// Save these frames as samples of the target.
    Commit {
        /// New class or last class.
        target: Target,
        frames: Vec<Observation>,
    },
    /// Undo the last enrollment.
    Undo,
    /// Report a failure.
    Fail(String),
}

#[derive(Debug)]
struct Burst {
    target: Target,
    started: u64,
    taken: Vec<Observation>,
    skipped_blurry: usize,
    skipped_similar: usize,
}

/// The enrollment state machine.
#[derive(Debug)]
pub struct Enroller {
    cfg: EnrollConfig,
    burst: Option<Burst>,
}

impl Enroller {
    /// Idle.
    pub fn new(cfg: EnrollConfig) -> Enroller {
        Enroller { cfg, burst: None }
    }

    /// Whether a burst is being captured.
    pub fn capturing(&self) -> bool {
        self.burst.is_some()
    }

    /// Reacts to a gesture at `t_ms`.
    pub fn gesture(&mut self, g: Gesture, t_ms: u64, has_last_class: bool) -> Vec<Action> {
        match g {
            Gesture::VeryLong if self.burst.take().is_some() => vec![Action::Led(Pattern::Off)],
            Gesture::VeryLong => vec![],
            _ if self.burst.is_some() => vec![], // one thing at a time
            Gesture::Short => self.start(Target::NewClass, t_ms),
            Gesture::Long if has_last_class => self.start(Target::LastClass, t_ms),
            Gesture::Long => vec![
                Action::Led(Pattern::Error),
                Action::Fail("long press adds to the last class enrolled, but none was enrolled since cbrd started; a short press enrolls a new class".into()),
            ],
            Gesture::Double => vec![Action::Undo],
        }
    }

    /// Starts a burst for `target` at `t_ms` (the API's "enroll from camera"), unless one is
    /// already running (`None`).
    pub fn request(&mut self, target: Target, t_ms: u64) -> Option<Vec<Action>> {
        if self.burst.is_some() {
            return None;
        }
        Some(self.start(target, t_ms))
    }

    fn start(&mut self, target: Target, t_ms: u64) -> Vec<Action> {
        self.burst = Some(Burst {
            target,
            started: t_ms,
            taken: Vec::new(),
            skipped_blurry: 0,
            skipped_similar: 0,
        });
        vec![Action::Led(Pattern::Capturing)]
    }

    /// Offers a frame (only used while capturing).
    pub fn observe(&mut self, obs: &Observation) -> Vec<Action> {
        let Some(b) = self.burst.as_mut() else {
            return vec![];
        };
        if obs.t_ms < b.started {
            return vec![];
        }
        if b.taken
            .last()
            .is_some_and(|l| obs.t_ms < l.t_ms + self.cfg.spacing_ms)
        {
            return vec![];
        }
        if obs.sharpness < self.cfg.min_sharpness {
            b.skipped_blurry += 1;
            return vec![];
        }
        let similar = b
            .taken
            .iter()
            .any(|t| crate::search::dot(&t.embedding, &obs.embedding) > self.cfg.max_similarity);
        if similar {
            b.skipped_similar += 1;
            return vec![];
        }
        b.taken.push(obs.clone());
        if b.taken.len() >= self.cfg.burst_frames {
            return self.finish();
        }
        vec![]
    }

    /// Advances time: ends a burst that ran out of time.
    pub fn tick(&mut self, t_ms: u64) -> Vec<Action> {
        match &self.burst {
            Some(b) if t_ms >= b.started + self.cfg.timeout_ms => self.finish(),
            _ => vec![],
        }
    }

    fn finish(&mut self) -> Vec<Action> {
        let Some(b) = self.burst.take() else {
            return vec![];
        };
        if b.taken.is_empty() {
            return vec![
                Action::Led(Pattern::Error),
                Action::Fail(format!(
                    "no usable frame in {} ms ({} too blurry, {} near-duplicates); is the camera streaming and the object in focus?",
                    self.cfg.timeout_ms, b.skipped_blurry, b.skipped_similar
                )),
            ];
        }
        vec![Action::Commit {
            target: b.target,
            frames: b.taken,
        }]
    }
}

/// The label for a new class: the first of `list` not in use, else `class-N` with the
/// smallest N ≥ 1 not in use.
pub fn next_label(list: &[String], in_use: &dyn Fn(&str) -> bool) -> String {
    if let Some(l) = list.iter().find(|l| !in_use(l)) {
        return l.clone();
    }
    (1..)
        .map(|n| format!("class-{n}"))
        .find(|l| !in_use(l))
        .unwrap_or_else(|| "class".into())
}

/// Sharpness of an RGB image: variance of the 4-neighbour Laplacian of its luma. In-focus
/// photos of objects score in the hundreds; motion blur or a defocused lens drops it below ~20.
pub fn sharpness(img: &RgbImage) -> f32 {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let luma: Vec<f32> = img
        .pixels()
        .map(|p| 0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]))
        .collect();
    let (mut sum, mut sq, mut n) = (0f64, 0f64, 0f64);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let c = luma[y * w + x];
            let lap = luma[y * w + x - 1]
                + luma[y * w + x + 1]
                + luma[(y - 1) * w + x]
                + luma[(y + 1) * w + x]
                - 4.0 * c;
            sum += f64::from(lap);
            sq += f64::from(lap) * f64::from(lap);
            n += 1.0;
        }
    }
    let mean = sum / n;
    (sq / n - mean * mean) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> EnrollConfig {
        EnrollConfig {
            burst_frames: 3,
            spacing_ms: 100,
            min_sharpness: 10.0,
            max_similarity: 0.95,
            timeout_ms: 2000,
            labels: vec!["apple".into(), "pear".into()],
        }
    }

    fn obs(frame: u64, t_ms: u64, dir: usize, sharpness: f32) -> Observation {
        let mut embedding = vec![0.0; 4];
        embedding[dir % 4] = 1.0;
        Observation {
            frame,
            t_ms,
            embedding,
            sharpness,
            input: RgbImage::new(1, 1),
        }
    }

    fn committed(actions: &[Action]) -> Option<(Target, Vec<u64>)> {
        actions.iter().find_map(|a| match a {
            Action::Commit { target, frames } => {
                Some((target.clone(), frames.iter().map(|f| f.frame).collect()))
            }
            _ => None,
        })
    }

    #[test]
    fn burst_skips_close_blurry_and_duplicate_frames() {
        let mut e = Enroller::new(cfg());
        let a = e.gesture(Gesture::Short, 1000, false);
        assert!(matches!(a.as_slice(), [Action::Led(Pattern::Capturing)]));
        assert!(e.capturing());
        let frames = [
            obs(1, 990, 0, 50.0),  // before the press
            obs(2, 1010, 0, 50.0), // taken
            obs(3, 1050, 1, 50.0), // too soon after 2
            obs(4, 1120, 0, 50.0), // duplicate of 2
            obs(5, 1130, 1, 2.0),  // blurry
            obs(6, 1140, 1, 50.0), // taken
            obs(7, 1300, 2, 50.0), // taken: burst complete
        ];
        let mut out = Vec::new();
        for f in &frames {
            out.extend(e.observe(f));
        }
        assert_eq!(committed(&out), Some((Target::NewClass, vec![2, 6, 7])));
        assert!(!e.capturing());
    }

    #[test]
    fn timeout_commits_what_it_has_or_fails() {
        let mut e = Enroller::new(cfg());
        e.gesture(Gesture::Short, 0, false);
        e.observe(&obs(1, 10, 0, 50.0));
        assert!(e.tick(1999).is_empty());
        assert_eq!(committed(&e.tick(2000)), Some((Target::NewClass, vec![1])));
        e.gesture(Gesture::Short, 5000, false);
        e.observe(&obs(2, 5010, 0, 1.0));
        let a = e.tick(7000);
        assert!(
            a.iter()
                .any(|a| matches!(a, Action::Fail(m) if m.contains("1 too blurry")))
        );
        assert!(a.iter().any(|a| matches!(a, Action::Led(Pattern::Error))));
    }

    #[test]
    fn gesture_table() {
        let mut e = Enroller::new(cfg());
        assert!(matches!(
            e.gesture(Gesture::Long, 0, false).as_slice(),
            [Action::Led(Pattern::Error), Action::Fail(_)]
        ));
        assert!(matches!(
            e.gesture(Gesture::Double, 0, false).as_slice(),
            [Action::Undo]
        ));
        assert!(e.gesture(Gesture::VeryLong, 0, false).is_empty());
        e.gesture(Gesture::Long, 0, true);
        assert!(e.capturing());
        assert!(
            e.gesture(Gesture::Short, 10, true).is_empty(),
            "ignored while capturing"
        );
        assert!(matches!(
            e.gesture(Gesture::VeryLong, 20, true).as_slice(),
            [Action::Led(Pattern::Off)]
        ));
        assert!(!e.capturing(), "very long press cancels");
        e.gesture(Gesture::Long, 100, true);
        e.observe(&obs(1, 110, 0, 99.0));
        assert_eq!(committed(&e.tick(5000)), Some((Target::LastClass, vec![1])));
    }

    #[test]
    fn labels_from_the_list_then_numbered() {
        let list = vec!["apple".to_string(), "pear".to_string()];
        assert_eq!(next_label(&list, &|_| false), "apple");
        assert_eq!(next_label(&list, &|l| l == "apple"), "pear");
        assert_eq!(
            next_label(&list, &|l| l == "apple" || l == "pear" || l == "class-1"),
            "class-2"
        );
        assert_eq!(next_label(&[], &|_| false), "class-1");
    }

    #[test]
    fn sharpness_separates_sharp_from_flat() {
        let flat = RgbImage::from_pixel(32, 32, image::Rgb([120, 120, 120]));
        let checker = RgbImage::from_fn(32, 32, |x, y| {
            if (x + y) % 2 == 0 {
                image::Rgb([255; 3])
            } else {
                image::Rgb([0; 3])
            }
        });
        assert_eq!(sharpness(&flat), 0.0);
        assert!(sharpness(&checker) > 1000.0);
        let blurred = image::imageops::blur(&checker, 3.0);
        assert!(sharpness(&blurred) < sharpness(&checker) / 10.0);
    }
}
