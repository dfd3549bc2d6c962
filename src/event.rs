//! What the daemon reports: one [`Event`] per decision change, enrollment, undo or camera state
//! change, plus optional heartbeats. Events are plain data (serde) so that any [`crate::sink`]
//! — JSON lines, a hook program, later a local HTTP API — can carry them without touching the
//! pipeline.

use serde::Serialize;

use crate::camera::CameraState;
use crate::decide::UnknownReason;
use crate::output::Ranked;

/// The stable (smoothed) decision.
///
/// `score` and `top[0].score` differ on purpose: `score` is the score that made the decision,
/// smoothed over the window (`vote`: the mean score of the class over the frames that voted
/// for it; `average`: its window-averaged score), while `top` is what the one frame that
/// completed the change scored. A class can win the window with 0.80 while that frame gave it
/// 0.83, or ranked another class first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The class, or `null` when the scene is unknown.
    pub label: Option<String>,
    /// The decision's smoothed score (cosine) over the window, or the best smoothed score
    /// when unknown; not this frame's score (that is in `top`).
    pub score: Option<f32>,
    /// This frame's best classes and their scores, best first (not smoothed).
    pub top: Vec<Ranked>,
    /// Why it is unknown (only when `label` is null).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<UnknownReason>,
    /// Sequence number of the frame that completed the change.
    pub frame: u64,
}

/// Frame counters for heartbeats and status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counters {
    pub captured: u64,
    /// Frames dropped because inference was busy (newest frame wins).
    pub dropped: u64,
    pub classified: u64,
}

/// An event, serialised with an `event` tag, e.g. `{"event":"decision","label":"mug",…}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The stable decision changed.
    Decision {
        /// Unix time, milliseconds.
        time_ms: u64,
        #[serde(flatten)]
        decision: Decision,
    },
    /// Periodic repeat of the current decision (if `output.heartbeat_s` > 0).
    Heartbeat {
        /// Unix time, milliseconds.
        time_ms: u64,
        #[serde(flatten)]
        decision: Decision,
        counters: Counters,
    },
    /// A class was enrolled or extended from the camera.
    Enrolled {
        /// Unix time, milliseconds.
        time_ms: u64,
        label: String,
        class_id: u64,
        /// Whether the class was created by this enrollment.
        new_class: bool,
        /// Samples added now.
        added: usize,
        /// Samples the class has now.
        samples: usize,
    },
    /// An enrollment could not be done.
    EnrollFailed {
        /// Unix time, milliseconds.
        time_ms: u64,
        /// Why.
        reason: String,
    },
    /// The last enrollment was undone.
    Undone {
        /// Unix time, milliseconds.
        time_ms: u64,
        /// The class it concerned.
        label: String,
        removed: usize,
        /// Whether the class itself was removed (it had been created by that enrollment).
        class_removed: bool,
    },
    /// The camera's state changed.
    Camera {
        /// Unix time, milliseconds.
        time_ms: u64,
        state: CameraState,
    },
    /// A class was renamed (API).
    Renamed {
        /// Unix time, milliseconds.
        time_ms: u64,
        class_id: u64,
        old: String,
        label: String,
    },
    /// A class or a sample was removed (API).
    Removed {
        /// Unix time, milliseconds.
        time_ms: u64,
        /// The class's stable id.
        class_id: u64,
        label: String,
        /// The sample removed, or `None` when the whole class was.
        sample_id: Option<u64>,
    },
    /// The index or the thresholds were reloaded (SIGHUP).
    Reloaded {
        /// Unix time, milliseconds.
        time_ms: u64,
        /// Classes in the index now.
        classes: usize,
        /// Samples in the index now.
        samples: usize,
    },
}

impl Event {
    /// The tag, as in the JSON (`decision`, `enrolled`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Event::Decision { .. } => "decision",
            Event::Heartbeat { .. } => "heartbeat",
            Event::Enrolled { .. } => "enrolled",
            Event::EnrollFailed { .. } => "enroll_failed",
            Event::Undone { .. } => "undone",
            Event::Camera { .. } => "camera",
            Event::Reloaded { .. } => "reloaded",
            Event::Renamed { .. } => "renamed",
            Event::Removed { .. } => "removed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape() {
        let e = Event::Decision {
            time_ms: 5,
            decision: Decision {
                label: Some("mug".into()),
                score: Some(0.75),
                top: vec![Ranked {
                    label: "mug".into(),
                    score: 0.75,
                    votes: None,
                }],
                reason: None,
                frame: 9,
            },
        };
        let v: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(v["event"], "decision");
        assert_eq!(v["label"], "mug");
        assert_eq!(v["frame"], 9);
        assert_eq!(v["top"][0]["label"], "mug");
        assert!(v.get("reason").is_none());
        let c = Event::Camera {
            time_ms: 1,
            state: CameraState::Retrying("gone".into()),
        };
        assert_eq!(
            serde_json::to_value(&c).unwrap()["state"]["retrying"],
            "gone"
        );
        assert_eq!(c.name(), "camera");
    }

    /// `score` (smoothed, the decision's) and `top` (this frame's) differ on purpose; the
    /// API description and the README must say so, next to the fields.
    #[test]
    fn score_and_top_are_documented_as_different_things() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = std::fs::read_to_string(root.join("src/api/openapi.yaml")).unwrap();
        let decision = &spec[spec.find("    Decision:").unwrap()..];
        let decision = &decision[..decision.find("    Classification:").unwrap()];
        assert!(decision.contains("smoothed score"), "{decision}");
        assert!(decision.contains("this frame's best classes"), "{decision}");
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        assert!(
            readme.contains("**`score` is the smoothed score that made the decision**")
                && readme.contains("**`top` holds the scores of the one frame"),
            "README's event list"
        );
    }
}
