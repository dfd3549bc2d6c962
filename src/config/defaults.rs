//! Every default of the configuration, in one place: the value a key takes when neither the
//! file nor the command line sets it. Validation (`validate.rs`) reads them from here only, so
//! that `config/cbrd.toml` (the annotated reference) can be checked against one list.
//!
//! Names follow the key path (`CAMERA_WIDTH` is `camera.width`); the three `DEFAULT_*` names
//! are older public paths (`crate::config::DEFAULT_MIN_SCORE`, …) and keep them.

use std::path::{Path, PathBuf};

use crate::camera::PixelFormat;
pub use crate::embed::DEFAULT_EDGETPU_LIBRARY;

/// File name of the default (int8) model, searched for in [`default_model_candidates`] when
/// `model.path` is not set.
pub const DEFAULT_MODEL_FILE: &str = "efficientnet_lite0_int8.tflite";
/// `match.min_score`: open-set threshold on the best class score (see README, "Choosing
/// thresholds").
pub const DEFAULT_MIN_SCORE: f32 = 0.5;
/// `match.min_margin`: minimum gap between the best and second class.
pub const DEFAULT_MIN_MARGIN: f32 = 0.02;

// [model]
/// `model.input_mean` (right for the shipped models).
pub const MODEL_INPUT_MEAN: f32 = 0.0;
/// `model.input_std` (right for the shipped models).
pub const MODEL_INPUT_STD: f32 = 1.0;

// [runtime]
/// `runtime.threads`; 0 = automatic, see [`default_threads`].
pub const RUNTIME_THREADS: i64 = 0;
pub const RUNTIME_XNNPACK: bool = true;

// [edgetpu]
pub const EDGETPU_ENABLED: bool = false;
/// `edgetpu.options` when none are given: the first USB Coral.
pub const EDGETPU_OPTIONS: &[(&str, &str)] = &[("device", "usb")];

// [index]
pub const INDEX_THUMBNAILS: bool = true;

// [match]
pub const MATCH_AGGREGATION: &str = "max";
pub const MATCH_TOP_K: i64 = 3;
pub const MATCH_KNN_K: i64 = 5;

// [preprocess]
/// `preprocess.max_file_mb`, MiB.
pub const PREPROCESS_MAX_FILE_MB: f64 = 64.0;
pub const PREPROCESS_MAX_MEGAPIXELS: f64 = 50.0;

// [camera]
pub const CAMERA_SOURCE: &str = "v4l2";
pub const CAMERA_DEVICE: &str = "/dev/video0";
/// `camera.formats`, in order of preference.
pub const CAMERA_FORMATS: [PixelFormat; 6] = PixelFormat::PREFERENCE;
/// `camera.width`, pixels.
pub const CAMERA_WIDTH: i64 = 640;
/// `camera.height`, pixels.
pub const CAMERA_HEIGHT: i64 = 480;
pub const CAMERA_FPS: i64 = 15;
/// `camera.rate`, frames per second (folder source).
pub const CAMERA_RATE: f64 = 2.0;
/// `camera.loop` (folder source).
pub const CAMERA_LOOP: bool = true;
/// `camera.pipe`: standard input.
pub const CAMERA_PIPE: &str = "-";
pub const CAMERA_PIPE_FORMAT: &str = "I420";
pub const CAMERA_RETRY_INITIAL_MS: i64 = 500;
pub const CAMERA_RETRY_MAX_MS: i64 = 10_000;
pub const CAMERA_FRAME_TIMEOUT_MS: i64 = 5_000;
pub const CAMERA_READY_TIMEOUT_S: f64 = 10.0;

// [decision]
pub const DECISION_MODE: &str = "vote";
/// `decision.window`, frames.
pub const DECISION_WINDOW: i64 = 5;
/// `decision.hold`, frames.
pub const DECISION_HOLD: i64 = 2;

// [button]
pub const BUTTON_ENABLED: bool = false;
/// `button.chip` (and `led.chip` when that is not set either).
pub const BUTTON_CHIP: &str = "/dev/gpiochip0";
pub const BUTTON_LINE: i64 = 17;
pub const BUTTON_ACTIVE_LOW: bool = true;
pub const BUTTON_BIAS: &str = "as-is";
pub const BUTTON_DEBOUNCE_MS: i64 = 30;
pub const BUTTON_LONG_PRESS_MS: i64 = 1500;
pub const BUTTON_VERY_LONG_PRESS_MS: i64 = 5000;
pub const BUTTON_DOUBLE_PRESS_MS: i64 = 400;

// [led]
pub const LED_ENABLED: bool = false;
pub const LED_LINE: i64 = 27;
pub const LED_ACTIVE_LOW: bool = false;

// [enroll]
pub const ENROLL_BURST_FRAMES: i64 = 5;
pub const ENROLL_SPACING_MS: i64 = 300;
pub const ENROLL_MIN_SHARPNESS: f32 = 15.0;
/// `enroll.max_similarity`, a cosine.
pub const ENROLL_MAX_SIMILARITY: f32 = 0.97;
pub const ENROLL_TIMEOUT_MS: i64 = 10_000;

// [output]
pub const OUTPUT_STDOUT: bool = true;
pub const OUTPUT_HOOK_TIMEOUT_S: f64 = 5.0;
/// `output.heartbeat_s`; 0 = off.
pub const OUTPUT_HEARTBEAT_S: f64 = 0.0;

// [api]
pub const API_ENABLED: bool = false;
/// `api.bind`: loopback only.
pub const API_BIND: &str = "127.0.0.1:8080";
/// `api.max_body_mb`, MiB.
pub const API_MAX_BODY_MB: f64 = 16.0;
/// `api.rate_per_s`, per client address.
pub const API_RATE_PER_S: f64 = 20.0;
/// `api.body_budget_mb`, MiB: all request bodies in flight, and upload decoding.
pub const API_BODY_BUDGET_MB: f64 = 64.0;
/// `api.max_connections_per_peer`: a browser opens 6 per site; a few tabs and a script fit.
pub const API_MAX_CONNECTIONS_PER_PEER: i64 = 32;

/// Threads used when `runtime.threads` is 0: the CPU count, at most 4.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

/// Places searched for the default model, in order.
pub fn default_model_candidates() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        v.push(dir.join("../share/cbrd/models").join(DEFAULT_MODEL_FILE));
    }
    v.push(Path::new("/usr/share/cbrd/models").join(DEFAULT_MODEL_FILE));
    v.push(Path::new("models").join(DEFAULT_MODEL_FILE));
    // A build tree (cargo run / target/*/cbrd): the repository's models/ folder.
    v.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(DEFAULT_MODEL_FILE),
    );
    v
}

/// The first of [`default_model_candidates`] that is a file (canonicalised), or every place
/// tried.
pub(super) fn find_default_model() -> Result<PathBuf, Vec<String>> {
    let c = default_model_candidates();
    c.iter()
        .find(|p| p.is_file())
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .ok_or_else(|| c.iter().map(|p| p.display().to_string()).collect())
}
