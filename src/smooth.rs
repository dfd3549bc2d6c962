//! Temporal smoothing with hysteresis: per-frame decisions → a stable decision that changes
//! rarely, so a kiosk sees one event per change instead of flicker. Pure code.
//!
//! Per frame the matcher gives the accepted class (or unknown) and the top class scores. Over
//! the last `window` frames:
//! - `vote`: the outcome (a class or unknown) that a strict majority of the frames agree on;
//!   without a majority the current decision stays;
//! - `average`: each class's score averaged over the window (a frame where it is not in the
//!   top-k counts as 0), then the open-set rule (`min_score`, `min_margin`) on the averages.
//!
//! Hysteresis: a different candidate must win `hold` consecutive frames before the stable
//! decision switches to it.

use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Majority vote of per-frame decisions.
    #[default]
    Vote,
    /// Window-averaged class scores.
    Average,
}

/// Smoothing settings (validated config).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmoothConfig {
    pub mode: Mode,
    pub window: usize,
    /// Consecutive frames a new candidate must win.
    pub hold: usize,
    /// Open-set threshold for `average`.
    pub min_score: f32,
    /// Open-set margin for `average`.
    pub min_margin: f32,
}

/// One frame's matcher output, by class id (ids are stable across index changes).
#[derive(Debug, Clone, PartialEq)]
pub struct FrameResult {
    /// The accepted class, or `None` when unknown.
    pub accepted: Option<u64>,
    /// Top class scores, best first.
    pub top: Vec<(u64, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stable {
    /// The class, or `None` for unknown.
    pub class: Option<u64>,
    /// Its smoothed score (vote: the mean score over the frames that voted for it; average: the
    /// average), or the best average when unknown.
    pub score: Option<f32>,
}

#[derive(Debug, Clone)]
pub struct Smoother {
    cfg: SmoothConfig,
    frames: VecDeque<FrameResult>,
    current: Option<Stable>,
    pending: Option<(Option<u64>, usize)>,
}

impl Smoother {
    /// A smoother with no decision yet (the first frame's candidate becomes stable after
    /// `hold` frames).
    pub fn new(cfg: SmoothConfig) -> Smoother {
        Smoother {
            cfg,
            frames: VecDeque::new(),
            current: None,
            pending: None,
        }
    }

    /// The settings (for reloads).
    pub fn set_config(&mut self, cfg: SmoothConfig) {
        self.cfg = cfg;
        while self.frames.len() > cfg.window.max(1) {
            self.frames.pop_front();
        }
    }

    /// The stable decision, if any yet.
    pub fn current(&self) -> Option<Stable> {
        self.current
    }

    /// Forgets everything (e.g. after the index changed).
    pub fn reset(&mut self) {
        self.frames.clear();
        self.current = None;
        self.pending = None;
    }

    /// Adds a frame; returns the new stable decision when it changed.
    pub fn push(&mut self, frame: FrameResult) -> Option<Stable> {
        self.frames.push_back(frame);
        while self.frames.len() > self.cfg.window.max(1) {
            self.frames.pop_front();
        }
        let candidate = match self.cfg.mode {
            Mode::Vote => self.vote(),
            Mode::Average => Some(self.average()),
        };
        let current_class = self.current.map(|c| c.class);
        let Some(candidate) = candidate else {
            self.pending = None;
            return None;
        };
        if Some(candidate.class) == current_class {
            self.pending = None;
            // Keep the score fresh without reporting a change.
            self.current = Some(candidate);
            return None;
        }
        let count = match self.pending {
            Some((c, n)) if c == candidate.class => n + 1,
            _ => 1,
        };
        if count >= self.cfg.hold.max(1) {
            self.pending = None;
            self.current = Some(candidate);
            Some(candidate)
        } else {
            self.pending = Some((candidate.class, count));
            None
        }
    }

    fn vote(&self) -> Option<Stable> {
        let n = self.frames.len();
        let mut tally: Vec<(Option<u64>, usize, f32)> = Vec::new();
        for f in &self.frames {
            let score = f
                .top
                .iter()
                .find(|(c, _)| Some(*c) == f.accepted)
                .map(|(_, s)| *s)
                .unwrap_or(0.0);
            match tally.iter_mut().find(|(c, _, _)| *c == f.accepted) {
                Some(t) => {
                    t.1 += 1;
                    t.2 += score;
                }
                None => tally.push((f.accepted, 1, score)),
            }
        }
        let (class, votes, sum) = tally.into_iter().max_by_key(|t| t.1)?;
        if votes * 2 <= n {
            return None;
        }
        let score = if class.is_some() {
            Some(sum / votes as f32)
        } else {
            self.frames
                .back()
                .and_then(|f| f.top.first())
                .map(|(_, s)| *s)
        };
        Some(Stable { class, score })
    }

    fn average(&self) -> Stable {
        let n = self.frames.len().max(1) as f32;
        let mut sums: Vec<(u64, f32)> = Vec::new();
        for f in &self.frames {
            for &(c, s) in &f.top {
                match sums.iter_mut().find(|(k, _)| *k == c) {
                    Some(e) => e.1 += s,
                    None => sums.push((c, s)),
                }
            }
        }
        let mut means: Vec<(u64, f32)> = sums.into_iter().map(|(c, s)| (c, s / n)).collect();
        means.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        match means.as_slice() {
            [] => Stable {
                class: None,
                score: None,
            },
            [(c, s), rest @ ..] => {
                let margin_ok = rest
                    .first()
                    .is_none_or(|(_, s2)| s - s2 >= self.cfg.min_margin);
                let class = (*s >= self.cfg.min_score && margin_ok).then_some(*c);
                Stable {
                    class,
                    score: Some(*s),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(mode: Mode, window: usize, hold: usize) -> SmoothConfig {
        SmoothConfig {
            mode,
            window,
            hold,
            min_score: 0.5,
            min_margin: 0.02,
        }
    }

    fn f(accepted: Option<u64>, top: &[(u64, f32)]) -> FrameResult {
        FrameResult {
            accepted,
            top: top.to_vec(),
        }
    }

    fn classes(s: &mut Smoother, frames: &[FrameResult]) -> Vec<Option<Option<u64>>> {
        frames
            .iter()
            .map(|fr| s.push(fr.clone()).map(|st| st.class))
            .collect()
    }

    #[test]
    fn vote_ignores_single_frame_flicker() {
        let a = f(Some(1), &[(1, 0.8), (2, 0.3)]);
        let b = f(Some(2), &[(2, 0.7), (1, 0.3)]);
        let u = f(None, &[(1, 0.3)]);
        let mut s = Smoother::new(cfg(Mode::Vote, 5, 2));
        let got = classes(
            &mut s,
            &[
                a.clone(),
                a.clone(),
                b.clone(),
                a.clone(),
                u.clone(),
                a.clone(),
                b.clone(),
                b.clone(),
                b.clone(),
                b.clone(),
            ],
        );
        // a wins from frame 1 (majority 2/2 for 2 frames); the flicker never switches; b needs a
        // majority of the window for 2 frames.
        assert_eq!(
            got,
            vec![
                None,
                Some(Some(1)),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                Some(Some(2))
            ]
        );
        let st = s.current().unwrap();
        assert_eq!(st.class, Some(2));
        assert!((st.score.unwrap() - 0.7).abs() < 1e-6);
    }

    #[test]
    fn unknown_is_a_decision_too() {
        let a = f(Some(1), &[(1, 0.8)]);
        let u = f(None, &[(1, 0.2)]);
        let mut s = Smoother::new(cfg(Mode::Vote, 3, 1));
        let got = classes(
            &mut s,
            &[a.clone(), a.clone(), u.clone(), u.clone(), u.clone()],
        );
        assert_eq!(got, vec![Some(Some(1)), None, None, Some(None), None]);
        assert_eq!(s.current().unwrap().score, Some(0.2));
    }

    #[test]
    fn average_mode_applies_thresholds_to_window_means() {
        let mut s = Smoother::new(cfg(Mode::Average, 4, 1));
        // Class 1 scores 0.9, 0.6, 0.2 (absent), 0.9: mean over 4 frames = 0.6 ≥ 0.5.
        let frames = [
            f(None, &[(1, 0.9)]),
            f(None, &[(1, 0.6)]),
            f(None, &[(2, 0.2)]),
            f(None, &[(1, 0.9)]),
        ];
        let got = classes(&mut s, &frames);
        assert_eq!(got[0], Some(Some(1)), "0.9 alone");
        assert_eq!(s.current().unwrap().class, Some(1));
        assert!((s.current().unwrap().score.unwrap() - 0.6).abs() < 1e-6);
        // Two close classes: margin below 0.02 → unknown.
        let mut s = Smoother::new(cfg(Mode::Average, 2, 1));
        s.push(f(None, &[(1, 0.81), (2, 0.80)]));
        assert_eq!(s.current().unwrap().class, None);
    }

    #[test]
    fn reset_forgets() {
        let mut s = Smoother::new(cfg(Mode::Vote, 3, 1));
        s.push(f(Some(1), &[(1, 0.9)]));
        assert!(s.current().is_some());
        s.reset();
        assert!(s.current().is_none());
    }
}
