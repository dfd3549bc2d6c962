//! Configuration: a TOML file (raw serde structs, unknown keys refused) plus command-line
//! overrides, validated into [`Config`]. Validation reports every problem at once, each with
//! its key path. See `config/cbrd.toml` for the annotated reference.

pub mod files;
pub mod parse;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::api::ApiSettings;
use crate::button::debounce::GestureConfig;
use crate::button::gpio::{Bias, LineOptions};
use crate::camera::v4l2::V4l2Options;
use crate::camera::{Backoff, CameraSource, PixelFormat};
use crate::decide::{Aggregation, MatchSettings};
use crate::embed::{DEFAULT_EDGETPU_LIBRARY, EdgeTpuOptions, EmbedderOptions};
use crate::enroll::EnrollConfig;
use crate::preprocess::Limits;
use crate::smooth::{Mode as SmoothMode, SmoothConfig};

/// File name of the default (int8) model.
pub const DEFAULT_MODEL_FILE: &str = "efficientnet_lite0_int8.tflite";
/// Default open-set threshold on the best class score (see README, "Choosing thresholds").
pub const DEFAULT_MIN_SCORE: f32 = 0.5;
/// Default minimum gap between the best and second class.
pub const DEFAULT_MIN_MARGIN: f32 = 0.02;

/// The configuration could not be read or is invalid (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct ConfigError {
    /// One line per problem, each naming the file and key.
    pub problems: Vec<String>,
}

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
    /// Path of the delegate library.
    pub library: Option<PathBuf>,
    /// Options for `tflite_plugin_create_delegate`.
    pub options: Option<BTreeMap<String, String>>,
}

/// `[index]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndex {
    /// Index folder.
    pub path: Option<PathBuf>,
    /// Keep a JPEG thumbnail of each sample.
    pub thumbnails: Option<bool>,
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
    /// Frame width.
    pub width: Option<i64>,
    /// Frame height.
    pub height: Option<i64>,
    /// V4L2 frame rate.
    pub fps: Option<i64>,
    /// Folder source: the folder.
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
    /// Debounce time.
    pub debounce_ms: Option<i64>,
    /// Long press threshold.
    pub long_press_ms: Option<i64>,
    /// Very long press threshold.
    pub very_long_press_ms: Option<i64>,
    /// Double press window.
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
    /// Minimum spacing.
    pub spacing_ms: Option<i64>,
    /// Minimum sharpness.
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
    /// Bearer token for mutating calls.
    pub token: Option<String>,
    /// File holding the token (first line).
    pub token_file: Option<PathBuf>,
    /// Largest request body in MiB.
    pub max_body_mb: Option<f64>,
    /// Requests per second per client address.
    pub rate_per_s: Option<f64>,
}

/// The whole file, as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// `[model]`
    #[serde(default)]
    pub model: RawModel,
    /// `[runtime]`
    #[serde(default)]
    pub runtime: RawRuntime,
    /// `[edgetpu]`
    #[serde(default)]
    pub edgetpu: RawEdgeTpu,
    /// `[index]`
    #[serde(default)]
    pub index: RawIndex,
    /// `[match]`
    #[serde(default, rename = "match")]
    pub matching: RawMatch,
    /// `[preprocess]`
    #[serde(default)]
    pub preprocess: RawPreprocess,
    /// `[camera]`
    #[serde(default)]
    pub camera: RawCamera,
    /// `[decision]`
    #[serde(default)]
    pub decision: RawDecision,
    /// `[button]`
    #[serde(default)]
    pub button: RawButton,
    /// `[led]`
    #[serde(default)]
    pub led: RawLed,
    /// `[enroll]`
    #[serde(default)]
    pub enroll: RawEnroll,
    /// `[output]`
    #[serde(default)]
    pub output: RawOutput,
    /// `[api]`
    #[serde(default)]
    pub api: RawApi,
}

/// Daemon settings (`cbrd run`).
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSettings {
    /// The camera.
    pub camera: CameraSource,
    /// Reopen back-off.
    pub backoff: Backoff,
    /// Longest wait for the camera before READY.
    pub ready_timeout: Duration,
    /// Smoothing.
    pub smoothing: SmoothConfig,
    /// The button line and gesture timings, if enabled.
    pub button: Option<(LineOptions, GestureConfig)>,
    /// The LED line, if enabled.
    pub led: Option<LineOptions>,
    /// Enrollment.
    pub enroll: EnrollConfig,
    /// JSON lines on stdout.
    pub stdout: bool,
    /// Hook program and its time limit.
    pub hook: Option<(PathBuf, Duration)>,
    /// Heartbeat period.
    pub heartbeat: Option<Duration>,
    /// The HTTP API, if enabled. Its token is not read from `api.token_file` until
    /// [`ApiSettings::resolve_token`] runs (at daemon start and in `check-config`).
    pub api: Option<ApiSettings>,
}

/// The validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Embedding model and runtime settings.
    pub embedder: EmbedderOptions,
    /// Index folder, if configured.
    pub index: Option<PathBuf>,
    /// Store thumbnails with samples.
    pub thumbnails: bool,
    /// Matching settings.
    pub matching: MatchSettings,
    /// Input file limits.
    pub limits: Limits,
    /// Daemon settings.
    pub daemon: DaemonSettings,
}

impl RawConfig {
    /// Reads a TOML file. Relative paths in it are resolved against the file's folder.
    pub fn from_file(path: &Path) -> Result<RawConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            problems: vec![format!("cannot read config file {}: {e}", path.display())],
        })?;
        let mut raw = parse::parse(&text, path)?;
        let base = path.parent().unwrap_or(Path::new("."));
        for p in [
            &mut raw.model.path,
            &mut raw.runtime.library,
            &mut raw.edgetpu.library,
            &mut raw.index.path,
            &mut raw.camera.folder,
            &mut raw.output.hook,
            &mut raw.api.token_file,
        ]
        .into_iter()
        .flatten()
        {
            if p.is_relative() && !p.as_os_str().is_empty() {
                *p = base.join(&*p);
            }
        }
        Ok(raw)
    }

    /// Validates into a [`Config`], collecting every problem.
    pub fn validate(&self) -> Result<Config, ConfigError> {
        let mut problems = Vec::new();
        let mut bad = |key: &str, msg: String| problems.push(format!("{key}: {msg}"));

        let threads = match self.runtime.threads.unwrap_or(0) {
            0 => default_threads(),
            n @ 1..=64 => n as usize,
            n => {
                bad(
                    "runtime.threads",
                    format!("must be 0 (automatic) or 1..=64, got {n}"),
                );
                1
            }
        };
        let input_mean = self.model.input_mean.unwrap_or(0.0);
        let input_std = self.model.input_std.unwrap_or(1.0);
        if !input_mean.is_finite() {
            bad(
                "model.input_mean",
                format!("must be a finite number, got {input_mean}"),
            );
        }
        if !(input_std.is_finite() && input_std > 0.0) {
            bad(
                "model.input_std",
                format!("must be a positive number, got {input_std}"),
            );
        }
        let model = match &self.model.path {
            Some(p) if p.as_os_str().is_empty() => {
                bad("model.path", "is empty".into());
                PathBuf::new()
            }
            Some(p) => p.clone(),
            None => match find_default_model() {
                Ok(p) => p,
                Err(tried) => {
                    bad(
                        "model.path",
                        format!(
                            "not set, and the default model {DEFAULT_MODEL_FILE} was not found in: {}. \
                             Set model.path or pass --model",
                            tried.join(", ")
                        ),
                    );
                    PathBuf::new()
                }
            },
        };
        let edgetpu = if self.edgetpu.enabled.unwrap_or(false) {
            let mut options = Vec::new();
            for (k, v) in self.edgetpu.options.clone().unwrap_or_default() {
                if k.is_empty() || k.contains('\0') || v.contains('\0') {
                    bad(
                        &format!("edgetpu.options.{k}"),
                        "keys must be non-empty and free of NUL".into(),
                    );
                }
                options.push((k, v));
            }
            if options.is_empty() {
                options.push(("device".into(), "usb".into()));
            }
            Some(EdgeTpuOptions {
                library: self
                    .edgetpu
                    .library
                    .clone()
                    .unwrap_or_else(|| DEFAULT_EDGETPU_LIBRARY.into()),
                options,
            })
        } else {
            None
        };

        let aggregation = match self
            .matching
            .aggregation
            .as_deref()
            .unwrap_or("max")
            .parse::<Aggregation>()
        {
            Ok(a) => a,
            Err(e) => {
                bad("match.aggregation", e);
                Aggregation::Max
            }
        };
        let mut int_in = |key: &str, v: Option<i64>, default: i64, lo: i64, hi: i64| -> usize {
            let v = v.unwrap_or(default);
            if v < lo || v > hi {
                bad(key, format!("must be in {lo}..={hi}, got {v}"));
                return default as usize;
            }
            v as usize
        };
        let top_k = int_in("match.top_k", self.matching.top_k, 3, 1, 1000);
        let knn_k = int_in("match.knn_k", self.matching.knn_k, 5, 1, 1000);
        let min_score = self.matching.min_score.unwrap_or(DEFAULT_MIN_SCORE);
        if !(-1.0..=1.0).contains(&min_score) {
            bad(
                "match.min_score",
                format!("is a cosine similarity, must be in -1..=1, got {min_score}"),
            );
        }
        let min_margin = self.matching.min_margin.unwrap_or(DEFAULT_MIN_MARGIN);
        if !(0.0..=2.0).contains(&min_margin) {
            bad(
                "match.min_margin",
                format!("must be in 0..=2, got {min_margin}"),
            );
        }
        let max_file_mb = self.preprocess.max_file_mb.unwrap_or(64.0);
        if !(max_file_mb > 0.0 && max_file_mb <= 4096.0) {
            bad(
                "preprocess.max_file_mb",
                format!("must be in (0, 4096], got {max_file_mb}"),
            );
        }
        let max_mp = self.preprocess.max_megapixels.unwrap_or(50.0);
        if !(max_mp > 0.0 && max_mp <= 1000.0) {
            bad(
                "preprocess.max_megapixels",
                format!("must be in (0, 1000], got {max_mp}"),
            );
        }
        if let Some(p) = &self.index.path
            && p.as_os_str().is_empty()
        {
            bad("index.path", "is empty".into());
        }
        let daemon = self.validate_daemon(&mut problems, min_score, min_margin);
        if !problems.is_empty() {
            return Err(ConfigError { problems });
        }
        Ok(Config {
            embedder: EmbedderOptions {
                model,
                library: self
                    .runtime
                    .library
                    .clone()
                    .filter(|p| !p.as_os_str().is_empty()),
                threads,
                xnnpack: self.runtime.xnnpack.unwrap_or(true),
                edgetpu,
                input_mean,
                input_std,
            },
            index: self.index.path.clone(),
            thumbnails: self.index.thumbnails.unwrap_or(true),
            matching: MatchSettings {
                aggregation,
                top_k,
                knn_k,
                min_score,
                min_margin,
            },
            limits: Limits {
                max_file_bytes: (max_file_mb * 1024.0 * 1024.0) as u64,
                max_pixels: (max_mp * 1e6) as u64,
            },
            daemon,
        })
    }

    fn validate_daemon(
        &self,
        problems: &mut Vec<String>,
        min_score: f32,
        min_margin: f32,
    ) -> DaemonSettings {
        let mut bad = |key: &str, msg: String| problems.push(format!("{key}: {msg}"));
        let mut int = |key: &str, v: Option<i64>, default: i64, lo: i64, hi: i64| -> i64 {
            let v = v.unwrap_or(default);
            if v < lo || v > hi {
                bad(key, format!("must be in {lo}..={hi}, got {v}"));
                return default;
            }
            v
        };
        let c = &self.camera;
        let width = int("camera.width", c.width, 640, 16, 8192) as u32;
        let height = int("camera.height", c.height, 480, 16, 8192) as u32;
        let fps = int("camera.fps", c.fps, 15, 0, 240) as u32;
        let retry_initial = int(
            "camera.retry_initial_ms",
            c.retry_initial_ms,
            500,
            10,
            60_000,
        ) as u64;
        let retry_max = int("camera.retry_max_ms", c.retry_max_ms, 10_000, 10, 600_000) as u64;
        let frame_timeout = int(
            "camera.frame_timeout_ms",
            c.frame_timeout_ms,
            5_000,
            100,
            600_000,
        ) as u64;
        let window = int("decision.window", self.decision.window, 5, 1, 1000) as usize;
        let hold = int("decision.hold", self.decision.hold, 2, 1, 1000) as usize;
        let b = &self.button;
        let gestures = GestureConfig {
            debounce_ms: int("button.debounce_ms", b.debounce_ms, 30, 0, 1000) as u64,
            long_ms: int("button.long_press_ms", b.long_press_ms, 1500, 100, 60_000) as u64,
            very_long_ms: int(
                "button.very_long_press_ms",
                b.very_long_press_ms,
                5000,
                200,
                120_000,
            ) as u64,
            double_ms: int("button.double_press_ms", b.double_press_ms, 400, 50, 5000) as u64,
        };
        let button_line = int("button.line", b.line, 17, 0, 1023) as u32;
        let led_line = int("led.line", self.led.line, 27, 0, 1023) as u32;
        let e = &self.enroll;
        let burst_frames = int("enroll.burst_frames", e.burst_frames, 5, 1, 100) as usize;
        let spacing_ms = int("enroll.spacing_ms", e.spacing_ms, 300, 0, 60_000) as u64;
        let timeout_ms = int("enroll.timeout_ms", e.timeout_ms, 10_000, 100, 600_000) as u64;
        if gestures.very_long_ms <= gestures.long_ms {
            bad(
                "button.very_long_press_ms",
                format!(
                    "must be greater than button.long_press_ms ({})",
                    gestures.long_ms
                ),
            );
        }
        if retry_max < retry_initial {
            bad(
                "camera.retry_max_ms",
                format!("must be ≥ camera.retry_initial_ms ({retry_initial})"),
            );
        }
        let source = c.source.as_deref().unwrap_or("v4l2");
        let camera = match source {
            "v4l2" => {
                let mut formats = Vec::new();
                for f in c.formats.clone().unwrap_or_else(|| {
                    PixelFormat::PREFERENCE
                        .iter()
                        .map(|f| f.to_string())
                        .collect()
                }) {
                    match PixelFormat::parse(&f) {
                        Some(p) => formats.push(p),
                        None => bad(
                            "camera.formats",
                            format!(
                                "unknown pixel format {f:?} (MJPG, YUYV, NV12, YU12, RGB3, GREY)"
                            ),
                        ),
                    }
                }
                if formats.is_empty() {
                    bad("camera.formats", "is empty".into());
                }
                let device = c.device.clone().unwrap_or_else(|| "/dev/video0".into());
                if device.is_empty() {
                    bad("camera.device", "is empty".into());
                }
                CameraSource::V4l2(V4l2Options {
                    device,
                    formats,
                    width,
                    height,
                    fps,
                    frame_timeout: Duration::from_millis(frame_timeout),
                })
            }
            "folder" => {
                let rate = c.rate.unwrap_or(2.0);
                if !(rate > 0.0 && rate <= 1000.0) {
                    bad(
                        "camera.rate",
                        format!("must be in (0, 1000] frames per second, got {rate}"),
                    );
                }
                let dir = c.folder.clone().unwrap_or_default();
                if dir.as_os_str().is_empty() {
                    bad(
                        "camera.folder",
                        "must be set when camera.source = \"folder\"".into(),
                    );
                }
                CameraSource::Folder {
                    dir,
                    rate: rate.clamp(0.001, 1000.0),
                    looping: c.looping.unwrap_or(true),
                }
            }
            "pipe" => {
                let name = c.pipe_format.clone().unwrap_or_else(|| "I420".into());
                let format = match PixelFormat::parse(&name) {
                    Some(PixelFormat::Mjpeg) | None => {
                        bad(
                            "camera.pipe_format",
                            format!(
                                "must be a raw format (I420, NV12, YUYV, RGB3, GREY), got {name:?}"
                            ),
                        );
                        PixelFormat::I420
                    }
                    Some(f) => f,
                };
                CameraSource::Pipe {
                    path: c.pipe.clone().unwrap_or_else(|| "-".into()),
                    format,
                    width,
                    height,
                }
            }
            other => {
                bad(
                    "camera.source",
                    format!("must be \"v4l2\", \"folder\" or \"pipe\", got {other:?}"),
                );
                CameraSource::Folder {
                    dir: PathBuf::new(),
                    rate: 1.0,
                    looping: false,
                }
            }
        };
        let ready_timeout = c.ready_timeout_s.unwrap_or(10.0);
        if !(0.0..=600.0).contains(&ready_timeout) {
            bad(
                "camera.ready_timeout_s",
                format!("must be in 0..=600, got {ready_timeout}"),
            );
        }
        let mode = match self.decision.mode.as_deref().unwrap_or("vote") {
            "vote" => SmoothMode::Vote,
            "average" => SmoothMode::Average,
            other => {
                bad(
                    "decision.mode",
                    format!("must be \"vote\" or \"average\", got {other:?}"),
                );
                SmoothMode::Vote
            }
        };
        let bias = match b.bias.as_deref().unwrap_or("as-is") {
            "as-is" => Bias::AsIs,
            "pull-up" => Bias::PullUp,
            "pull-down" => Bias::PullDown,
            "disable" => Bias::Disable,
            other => {
                bad(
                    "button.bias",
                    format!("must be as-is, pull-up, pull-down or disable, got {other:?}"),
                );
                Bias::AsIs
            }
        };
        let button_chip = b.chip.clone().unwrap_or_else(|| "/dev/gpiochip0".into());
        let button = b.enabled.unwrap_or(false).then(|| {
            (
                LineOptions {
                    chip: button_chip.clone(),
                    line: button_line,
                    active_low: b.active_low.unwrap_or(true),
                    bias,
                },
                gestures,
            )
        });
        let led = self.led.enabled.unwrap_or(false).then(|| LineOptions {
            chip: self.led.chip.clone().unwrap_or_else(|| button_chip.clone()),
            line: led_line,
            active_low: self.led.active_low.unwrap_or(false),
            bias: Bias::AsIs,
        });
        let min_sharpness = e.min_sharpness.unwrap_or(15.0);
        if !(min_sharpness >= 0.0 && min_sharpness.is_finite()) {
            bad(
                "enroll.min_sharpness",
                format!("must be ≥ 0, got {min_sharpness}"),
            );
        }
        let max_similarity = e.max_similarity.unwrap_or(0.97);
        if !(-1.0..=1.0).contains(&max_similarity) {
            bad(
                "enroll.max_similarity",
                format!("is a cosine, must be in -1..=1, got {max_similarity}"),
            );
        }
        let labels = e.labels.clone().unwrap_or_default();
        for l in &labels {
            if let Err(err) = crate::index::validate_label(l) {
                bad("enroll.labels", err.to_string());
            }
        }
        let hook_timeout = self.output.hook_timeout_s.unwrap_or(5.0);
        if !(hook_timeout > 0.0 && hook_timeout <= 3600.0) {
            bad(
                "output.hook_timeout_s",
                format!("must be in (0, 3600], got {hook_timeout}"),
            );
        }
        let heartbeat = self.output.heartbeat_s.unwrap_or(0.0);
        if !(0.0..=86_400.0).contains(&heartbeat) {
            bad(
                "output.heartbeat_s",
                format!("must be in 0..=86400 (0 = off), got {heartbeat}"),
            );
        }
        let api = self.validate_api(&mut bad);
        let hook = self
            .output
            .hook
            .clone()
            .filter(|p| !p.as_os_str().is_empty());
        DaemonSettings {
            camera,
            backoff: Backoff {
                initial: Duration::from_millis(retry_initial),
                max: Duration::from_millis(retry_max.max(retry_initial)),
            },
            ready_timeout: Duration::from_secs_f64(ready_timeout.clamp(0.0, 600.0)),
            smoothing: SmoothConfig {
                mode,
                window,
                hold,
                min_score,
                min_margin,
            },
            button,
            led,
            enroll: EnrollConfig {
                burst_frames,
                spacing_ms,
                min_sharpness,
                max_similarity,
                timeout_ms,
                labels,
            },
            stdout: self.output.stdout.unwrap_or(true),
            hook: hook.map(|h| {
                (
                    h,
                    Duration::from_secs_f64(hook_timeout.clamp(0.001, 3600.0)),
                )
            }),
            heartbeat: (heartbeat > 0.0).then(|| Duration::from_secs_f64(heartbeat.min(86_400.0))),
            api,
        }
    }

    fn validate_api(&self, bad: &mut impl FnMut(&str, String)) -> Option<ApiSettings> {
        let a = &self.api;
        let bind_text = a.bind.clone().unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind = match bind_text.parse::<SocketAddr>() {
            Ok(b) => Some(b),
            Err(_) => {
                bad(
                    "api.bind",
                    format!(
                        "must be an IP address and port such as \"127.0.0.1:8080\" or \"0.0.0.0:8080\", got {bind_text:?}"
                    ),
                );
                None
            }
        };
        let token = a.token.clone().filter(|t| !t.is_empty());
        let token_file = a.token_file.clone().filter(|p| !p.as_os_str().is_empty());
        if token.is_some() && token_file.is_some() {
            bad(
                "api.token",
                "set either api.token or api.token_file, not both".into(),
            );
        }
        if let Some(t) = &token
            && t.len() < 16
        {
            bad(
                "api.token",
                format!(
                    "is too short ({} characters); use at least 16, e.g. from `openssl rand -hex 16`",
                    t.len()
                ),
            );
        }
        if let Some(b) = bind
            && !b.ip().is_loopback()
            && token.is_none()
            && token_file.is_none()
        {
            bad(
                "api.bind",
                format!(
                    "{b} is reachable from other machines; set api.token or api.token_file too (or bind to 127.0.0.1)"
                ),
            );
        }
        let max_body_mb = a.max_body_mb.unwrap_or(16.0);
        if !(max_body_mb > 0.0 && max_body_mb <= 1024.0) {
            bad(
                "api.max_body_mb",
                format!("must be in (0, 1024], got {max_body_mb}"),
            );
        }
        let rate = a.rate_per_s.unwrap_or(20.0);
        if !(rate > 0.0 && rate <= 10_000.0) {
            bad(
                "api.rate_per_s",
                format!("must be in (0, 10000], got {rate}"),
            );
        }
        if !a.enabled.unwrap_or(false) {
            return None;
        }
        Some(ApiSettings {
            bind: bind?,
            token,
            token_file,
            max_body: (max_body_mb.clamp(0.001, 1024.0) * 1024.0 * 1024.0) as usize,
            rate_per_s: rate.clamp(0.001, 10_000.0),
        })
    }
}

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

fn find_default_model() -> Result<PathBuf, Vec<String>> {
    let c = default_model_candidates();
    c.iter()
        .find(|p| p.is_file())
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .ok_or_else(|| c.iter().map(|p| p.display().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            problems: vec![e.to_string()],
        })?;
        raw.validate()
    }

    #[test]
    fn defaults_are_valid() {
        let c = parse("[model]\npath = \"m.tflite\"").unwrap();
        assert_eq!(c.embedder.model, PathBuf::from("m.tflite"));
        assert!(c.embedder.xnnpack);
        assert!(c.embedder.threads >= 1 && c.embedder.threads <= 4);
        assert_eq!(c.matching.aggregation, Aggregation::Max);
        assert_eq!(c.matching.top_k, 3);
        assert_eq!(c.matching.min_score, DEFAULT_MIN_SCORE);
        assert!(c.embedder.edgetpu.is_none());
        assert!(c.thumbnails);
    }

    #[test]
    fn every_problem_is_reported_with_its_key() {
        let err = parse(
            "[model]\npath = \"m\"\ninput_std = 0\n[runtime]\nthreads = 99\n[match]\naggregation = \"avg\"\n\
             top_k = 0\nmin_score = 3\nmin_margin = -1\n[preprocess]\nmax_megapixels = 0",
        )
        .unwrap_err();
        let keys = [
            "model.input_std",
            "runtime.threads",
            "match.aggregation",
            "match.top_k",
            "match.min_score",
            "match.min_margin",
            "preprocess.max_megapixels",
        ];
        assert_eq!(err.problems.len(), keys.len(), "{err}");
        for k in keys {
            assert!(
                err.problems.iter().any(|p| p.starts_with(k)),
                "{k} missing in {err}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_refused_with_their_name() {
        let err = parse("[runtime]\nthread = 2").unwrap_err().to_string();
        assert!(err.contains("thread"), "{err}");
        let err = parse("[matching]\ntop_k = 2").unwrap_err().to_string();
        assert!(err.contains("matching"), "{err}");
    }

    #[test]
    fn api_is_off_by_default_and_loopback_when_on() {
        let c = parse("[model]\npath = \"m\"").unwrap();
        assert!(c.daemon.api.is_none());
        let a = parse("[model]\npath = \"m\"\n[api]\nenabled = true")
            .unwrap()
            .daemon
            .api
            .unwrap();
        assert_eq!(a.bind, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(a.token, None);
        assert_eq!(a.max_body, 16 << 20);
        assert_eq!(a.rate_per_s, 20.0);
    }

    #[test]
    fn api_problems_are_reported_with_their_keys() {
        // (config, key expected in the error); problems are reported even while disabled.
        for (body, key) in [
            ("enabled = true\nbind = \"0.0.0.0:8080\"", "api.bind"),
            ("enabled = true\nbind = \"[::]:8080\"", "api.bind"),
            ("enabled = true\nbind = \"localhost:8080\"", "api.bind"),
            ("enabled = true\nbind = \"8080\"", "api.bind"),
            ("enabled = true\ntoken = \"short\"", "api.token"),
            (
                "token = \"0123456789abcdef\"\ntoken_file = \"t\"",
                "api.token",
            ),
            ("max_body_mb = 0", "api.max_body_mb"),
            ("max_body_mb = 5000", "api.max_body_mb"),
            ("rate_per_s = 0", "api.rate_per_s"),
            ("rate_per_s = -3", "api.rate_per_s"),
            ("bind = \"0.0.0.0:80\"", "api.bind"),
        ] {
            let err = parse(&format!("[model]\npath = \"m\"\n[api]\n{body}")).expect_err(body);
            assert_eq!(err.problems.len(), 1, "{body}: {err}");
            assert!(err.problems[0].starts_with(key), "{body}: {err}");
        }
        let err = parse("[api]\nport = 8080").unwrap_err().to_string();
        assert!(err.contains("port"), "{err}");
    }

    #[test]
    fn api_on_the_network_with_a_token() {
        let a = parse(
            "[model]\npath = \"m\"\n[api]\nenabled = true\nbind = \"0.0.0.0:9000\"\n\
             token = \"0123456789abcdef\"\nmax_body_mb = 1\nrate_per_s = 2.5",
        )
        .unwrap()
        .daemon
        .api
        .unwrap();
        assert_eq!(a.bind, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(a.token.as_deref(), Some("0123456789abcdef"));
        assert_eq!(a.max_body, 1 << 20);
        assert_eq!(a.rate_per_s, 2.5);
    }

    #[test]
    fn api_token_file_is_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("token");
        let mut a = parse(&format!(
            "[model]\npath = \"m\"\n[api]\nenabled = true\nbind = \"0.0.0.0:9000\"\ntoken_file = {:?}",
            f.display().to_string()
        ))
        .unwrap()
        .daemon
        .api
        .unwrap();
        let err = a.clone().resolve_token().unwrap_err().to_string();
        assert!(
            err.contains("api.token_file") && err.contains(&f.display().to_string()),
            "{err}"
        );
        std::fs::write(&f, "tooshort\n").unwrap();
        let err = a.clone().resolve_token().unwrap_err().to_string();
        assert!(err.contains("8 characters"), "{err}");
        std::fs::write(&f, "  0123456789abcdef0123  \nsecond line\n").unwrap();
        a.resolve_token().unwrap();
        assert_eq!(a.token.as_deref(), Some("0123456789abcdef0123"));
    }

    #[test]
    fn edgetpu_defaults() {
        let c = parse("[model]\npath = \"m\"\n[edgetpu]\nenabled = true").unwrap();
        let tpu = c.embedder.edgetpu.unwrap();
        assert_eq!(tpu.library, PathBuf::from(DEFAULT_EDGETPU_LIBRARY));
        assert_eq!(tpu.options, vec![("device".to_string(), "usb".to_string())]);
        let c = parse(
            "[model]\npath = \"m\"\n[edgetpu]\nenabled = true\noptions = { device = \"pci:0\" }",
        )
        .unwrap();
        assert_eq!(
            c.embedder.edgetpu.unwrap().options,
            vec![("device".into(), "pci:0".into())]
        );
    }

    #[test]
    fn relative_paths_follow_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.toml");
        std::fs::write(
            &f,
            "[model]\npath = \"m.tflite\"\n[index]\npath = \"/abs/idx\"",
        )
        .unwrap();
        let raw = RawConfig::from_file(&f).unwrap();
        assert_eq!(raw.model.path.unwrap(), dir.path().join("m.tflite"));
        assert_eq!(raw.index.path.unwrap(), PathBuf::from("/abs/idx"));
        let err = RawConfig::from_file(&dir.path().join("missing.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing.toml"), "{err}");
    }
}
