//! The configuration file as written: one serde struct per TOML section, every key optional
//! (`None` = not set, so that command-line overrides and defaults can tell "unset" from a
//! value). `deny_unknown_fields` everywhere, so that a misspelt key is an error, not silently
//! ignored. No defaults and no checks here: defaults live in [`super::defaults`], checks in
//! `validate.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

/// `[model]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    /// Path of the `.tflite` embedding model.
    pub path: Option<PathBuf>,
    /// Pixel mean subtracted before the model (0 for the shipped models).
    pub input_mean: Option<f32>,
    /// Pixel divisor applied before the model (1 for the shipped models).
    pub input_std: Option<f32>,
}

/// `[runtime]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuntime {
    /// Path of `libtensorflowlite_c.so`.
    pub library: Option<PathBuf>,
    /// CPU threads; 0 = automatic.
    pub threads: Option<i64>,
    /// Use the XNNPACK delegate.
    pub xnnpack: Option<bool>,
}

/// `[edgetpu]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEdgeTpu {
    /// Load the EdgeTPU delegate for EdgeTPU-compiled models.
    pub enabled: Option<bool>,
    pub library: Option<PathBuf>,
    /// Options for `tflite_plugin_create_delegate`.
    pub options: Option<BTreeMap<String, String>>,
}

/// `[index]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndex {
    pub path: Option<PathBuf>,
    /// Keep a JPEG thumbnail of each sample.
    pub thumbnails: Option<bool>,
    /// f32, f16 or int8: how a new catalogue stores its vectors.
    pub storage: Option<String>,
}

/// `[match]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatch {
    /// max, mean or knn.
    pub aggregation: Option<String>,
    /// Classes reported per image.
    pub top_k: Option<i64>,
    /// Voters for knn.
    pub knn_k: Option<i64>,
    /// Open-set threshold on the best score.
    pub min_score: Option<f32>,
    /// Open-set threshold on best − second.
    pub min_margin: Option<f32>,
}

/// `[preprocess]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPreprocess {
    /// Largest image file accepted, MiB.
    pub max_file_mb: Option<f64>,
    /// Largest image accepted, megapixels.
    pub max_megapixels: Option<f64>,
}

/// `[camera]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCamera {
    /// `v4l2`, `folder` or `pipe`.
    pub source: Option<String>,
    /// V4L2 device path or card name.
    pub device: Option<String>,
    /// V4L2 pixel formats in order of preference.
    pub formats: Option<Vec<String>>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// V4L2 frame rate.
    pub fps: Option<i64>,
    pub folder: Option<PathBuf>,
    /// Folder source: frames per second.
    pub rate: Option<f64>,
    /// Folder source: start again at the end.
    #[serde(rename = "loop")]
    pub looping: Option<bool>,
    /// Pipe source: `-` (stdin) or a file/FIFO.
    pub pipe: Option<PathBuf>,
    /// Pipe source: raw pixel format.
    pub pipe_format: Option<String>,
    /// First reopen delay after an error.
    pub retry_initial_ms: Option<i64>,
    /// Longest reopen delay.
    pub retry_max_ms: Option<i64>,
    /// No frame for this long = camera gone.
    pub frame_timeout_ms: Option<i64>,
    /// Wait this long for the camera before telling systemd READY anyway.
    pub ready_timeout_s: Option<f64>,
}

/// `[decision]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    /// `vote` or `average`.
    pub mode: Option<String>,
    /// Frames in the smoothing window.
    pub window: Option<i64>,
    /// Frames a new decision must win in a row.
    pub hold: Option<i64>,
}

/// `[button]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawButton {
    /// Use a push button.
    pub enabled: Option<bool>,
    /// GPIO chip path or label.
    pub chip: Option<String>,
    /// Line offset.
    pub line: Option<i64>,
    /// Pressed = low.
    pub active_low: Option<bool>,
    /// `as-is`, `pull-up`, `pull-down`, `disable`.
    pub bias: Option<String>,
    pub debounce_ms: Option<i64>,
    pub long_press_ms: Option<i64>,
    pub very_long_press_ms: Option<i64>,
    pub double_press_ms: Option<i64>,
}

/// `[led]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLed {
    /// Use a feedback LED.
    pub enabled: Option<bool>,
    /// GPIO chip path or label (default: the button's).
    pub chip: Option<String>,
    /// Line offset.
    pub line: Option<i64>,
    /// On = low.
    pub active_low: Option<bool>,
}

/// `[enroll]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnroll {
    /// Frames per burst.
    pub burst_frames: Option<i64>,
    pub spacing_ms: Option<i64>,
    pub min_sharpness: Option<f32>,
    /// Near-duplicate threshold.
    pub max_similarity: Option<f32>,
    /// Burst time limit.
    pub timeout_ms: Option<i64>,
    /// Labels for new classes.
    pub labels: Option<Vec<String>>,
}

/// `[output]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// JSON lines on stdout.
    pub stdout: Option<bool>,
    /// Program run per event.
    pub hook: Option<PathBuf>,
    /// Hook time limit.
    pub hook_timeout_s: Option<f64>,
    /// Heartbeat period (0 = off).
    pub heartbeat_s: Option<f64>,
}

/// `[api]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApi {
    /// Serve the HTTP API and operator page.
    pub enabled: Option<bool>,
    /// Listen address, `host:port`.
    pub bind: Option<String>,
    /// The token every route but the page shell needs.
    pub token: Option<String>,
    /// File holding the token (first line).
    pub token_file: Option<PathBuf>,
    /// A second token that reads `/metrics` only.
    pub metrics_token: Option<String>,
    /// Host names, besides the bind address and localhost, that requests may name.
    pub allowed_hosts: Option<Vec<String>>,
    /// Largest request body in MiB.
    pub max_body_mb: Option<f64>,
    /// MiB that request bodies and upload decoding may hold at once.
    pub body_budget_mb: Option<f64>,
    /// Requests per second per client address.
    pub rate_per_s: Option<f64>,
    /// Connections one client address may hold open.
    pub max_connections_per_peer: Option<i64>,
}

/// The whole file, as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub model: RawModel,
    #[serde(default)]
    pub runtime: RawRuntime,
    #[serde(default)]
    pub edgetpu: RawEdgeTpu,
    #[serde(default)]
    pub index: RawIndex,
    #[serde(default, rename = "match")]
    pub matching: RawMatch,
    #[serde(default)]
    pub preprocess: RawPreprocess,
    #[serde(default)]
    pub camera: RawCamera,
    #[serde(default)]
    pub decision: RawDecision,
    #[serde(default)]
    pub button: RawButton,
    #[serde(default)]
    pub led: RawLed,
    #[serde(default)]
    pub enroll: RawEnroll,
    #[serde(default)]
    pub output: RawOutput,
    #[serde(default)]
    pub api: RawApi,
}
