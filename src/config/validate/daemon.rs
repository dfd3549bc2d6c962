//! Validation of the sections only the daemon (`cbrd run`) uses: `[camera]`, `[decision]`,
//! `[button]`, `[led]`, `[enroll]` and `[output]`, then `[api]` (`api.rs`), into
//! [`DaemonSettings`]. Problems go to the caller's [`Problems`], in the order checked here.

use std::path::PathBuf;
use std::time::Duration;

use super::Problems;
use crate::button::debounce::GestureConfig;
use crate::button::gpio::{Bias, LineOptions};
use crate::camera::v4l2::V4l2Options;
use crate::camera::{Backoff, CameraSource, PixelFormat};
use crate::config::defaults;
use crate::config::{DaemonSettings, RawConfig};
use crate::enroll::EnrollConfig;
use crate::smooth::{Mode as SmoothMode, SmoothConfig};

impl RawConfig {
    pub(super) fn validate_daemon(
        &self,
        problems: &mut Problems,
        min_score: f32,
        min_margin: f32,
    ) -> DaemonSettings {
        let c = &self.camera;
        let width = problems.int("camera.width", c.width, defaults::CAMERA_WIDTH, 16, 8192) as u32;
        let height =
            problems.int("camera.height", c.height, defaults::CAMERA_HEIGHT, 16, 8192) as u32;
        let fps = problems.int("camera.fps", c.fps, defaults::CAMERA_FPS, 0, 240) as u32;
        let retry_initial = problems.int(
            "camera.retry_initial_ms",
            c.retry_initial_ms,
            defaults::CAMERA_RETRY_INITIAL_MS,
            10,
            60_000,
        ) as u64;
        let retry_max = problems.int(
            "camera.retry_max_ms",
            c.retry_max_ms,
            defaults::CAMERA_RETRY_MAX_MS,
            10,
            600_000,
        ) as u64;
        let frame_timeout = problems.int(
            "camera.frame_timeout_ms",
            c.frame_timeout_ms,
            defaults::CAMERA_FRAME_TIMEOUT_MS,
            100,
            600_000,
        ) as u64;
        let window = problems.int(
            "decision.window",
            self.decision.window,
            defaults::DECISION_WINDOW,
            1,
            1000,
        ) as usize;
        let hold = problems.int(
            "decision.hold",
            self.decision.hold,
            defaults::DECISION_HOLD,
            1,
            1000,
        ) as usize;
        let b = &self.button;
        let gestures = GestureConfig {
            debounce_ms: problems.int(
                "button.debounce_ms",
                b.debounce_ms,
                defaults::BUTTON_DEBOUNCE_MS,
                0,
                1000,
            ) as u64,
            long_ms: problems.int(
                "button.long_press_ms",
                b.long_press_ms,
                defaults::BUTTON_LONG_PRESS_MS,
                100,
                60_000,
            ) as u64,
            very_long_ms: problems.int(
                "button.very_long_press_ms",
                b.very_long_press_ms,
                defaults::BUTTON_VERY_LONG_PRESS_MS,
                200,
                120_000,
            ) as u64,
            double_ms: problems.int(
                "button.double_press_ms",
                b.double_press_ms,
                defaults::BUTTON_DOUBLE_PRESS_MS,
                50,
                5000,
            ) as u64,
        };
        let button_line =
            problems.int("button.line", b.line, defaults::BUTTON_LINE, 0, 1023) as u32;
        let led_line = problems.int("led.line", self.led.line, defaults::LED_LINE, 0, 1023) as u32;
        let e = &self.enroll;
        let burst_frames = problems.int(
            "enroll.burst_frames",
            e.burst_frames,
            defaults::ENROLL_BURST_FRAMES,
            1,
            100,
        ) as usize;
        let spacing_ms = problems.int(
            "enroll.spacing_ms",
            e.spacing_ms,
            defaults::ENROLL_SPACING_MS,
            0,
            60_000,
        ) as u64;
        let timeout_ms = problems.int(
            "enroll.timeout_ms",
            e.timeout_ms,
            defaults::ENROLL_TIMEOUT_MS,
            100,
            600_000,
        ) as u64;
        if gestures.very_long_ms <= gestures.long_ms {
            problems.push(
                "button.very_long_press_ms",
                format!(
                    "must be greater than button.long_press_ms ({})",
                    gestures.long_ms
                ),
            );
        }
        if retry_max < retry_initial {
            problems.push(
                "camera.retry_max_ms",
                format!("must be ≥ camera.retry_initial_ms ({retry_initial})"),
            );
        }
        let source = c.source.as_deref().unwrap_or(defaults::CAMERA_SOURCE);
        let camera = match source {
            "v4l2" => {
                let mut formats = Vec::new();
                for f in c.formats.clone().unwrap_or_else(|| {
                    defaults::CAMERA_FORMATS
                        .iter()
                        .map(|f| f.to_string())
                        .collect()
                }) {
                    match PixelFormat::parse(&f) {
                        Some(p) => formats.push(p),
                        None => problems.push(
                            "camera.formats",
                            format!(
                                "unknown pixel format {f:?} (MJPG, YUYV, NV12, YU12, RGB3, GREY)"
                            ),
                        ),
                    }
                }
                if formats.is_empty() {
                    problems.push("camera.formats", "is empty");
                }
                let device = c
                    .device
                    .clone()
                    .unwrap_or_else(|| defaults::CAMERA_DEVICE.into());
                if device.is_empty() {
                    problems.push("camera.device", "is empty");
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
                let rate = c.rate.unwrap_or(defaults::CAMERA_RATE);
                if !(rate > 0.0 && rate <= 1000.0) {
                    problems.push(
                        "camera.rate",
                        format!("must be in (0, 1000] frames per second, got {rate}"),
                    );
                }
                let dir = c.folder.clone().unwrap_or_default();
                if dir.as_os_str().is_empty() {
                    problems.push(
                        "camera.folder",
                        "must be set when camera.source = \"folder\"",
                    );
                }
                CameraSource::Folder {
                    dir,
                    rate: rate.clamp(0.001, 1000.0),
                    looping: c.looping.unwrap_or(defaults::CAMERA_LOOP),
                }
            }
            "pipe" => {
                let name = c
                    .pipe_format
                    .clone()
                    .unwrap_or_else(|| defaults::CAMERA_PIPE_FORMAT.into());
                let format = match PixelFormat::parse(&name) {
                    Some(PixelFormat::Mjpeg) | None => {
                        problems.push(
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
                    path: c
                        .pipe
                        .clone()
                        .unwrap_or_else(|| defaults::CAMERA_PIPE.into()),
                    format,
                    width,
                    height,
                }
            }
            other => {
                problems.push(
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
        let ready_timeout = c
            .ready_timeout_s
            .unwrap_or(defaults::CAMERA_READY_TIMEOUT_S);
        if !(0.0..=600.0).contains(&ready_timeout) {
            problems.push(
                "camera.ready_timeout_s",
                format!("must be in 0..=600, got {ready_timeout}"),
            );
        }
        let mode = match self
            .decision
            .mode
            .as_deref()
            .unwrap_or(defaults::DECISION_MODE)
        {
            "vote" => SmoothMode::Vote,
            "average" => SmoothMode::Average,
            other => {
                problems.push(
                    "decision.mode",
                    format!("must be \"vote\" or \"average\", got {other:?}"),
                );
                SmoothMode::Vote
            }
        };
        let bias = match b.bias.as_deref().unwrap_or(defaults::BUTTON_BIAS) {
            "as-is" => Bias::AsIs,
            "pull-up" => Bias::PullUp,
            "pull-down" => Bias::PullDown,
            "disable" => Bias::Disable,
            other => {
                problems.push(
                    "button.bias",
                    format!("must be as-is, pull-up, pull-down or disable, got {other:?}"),
                );
                Bias::AsIs
            }
        };
        let button_chip = b
            .chip
            .clone()
            .unwrap_or_else(|| defaults::BUTTON_CHIP.into());
        let button = b.enabled.unwrap_or(defaults::BUTTON_ENABLED).then(|| {
            (
                LineOptions {
                    chip: button_chip.clone(),
                    line: button_line,
                    active_low: b.active_low.unwrap_or(defaults::BUTTON_ACTIVE_LOW),
                    bias,
                },
                gestures,
            )
        });
        let led = self
            .led
            .enabled
            .unwrap_or(defaults::LED_ENABLED)
            .then(|| LineOptions {
                chip: self.led.chip.clone().unwrap_or_else(|| button_chip.clone()),
                line: led_line,
                active_low: self.led.active_low.unwrap_or(defaults::LED_ACTIVE_LOW),
                bias: Bias::AsIs,
            });
        let min_sharpness = e.min_sharpness.unwrap_or(defaults::ENROLL_MIN_SHARPNESS);
        if !(min_sharpness >= 0.0 && min_sharpness.is_finite()) {
            problems.push(
                "enroll.min_sharpness",
                format!("must be ≥ 0, got {min_sharpness}"),
            );
        }
        let max_similarity = e.max_similarity.unwrap_or(defaults::ENROLL_MAX_SIMILARITY);
        if !(-1.0..=1.0).contains(&max_similarity) {
            problems.push(
                "enroll.max_similarity",
                format!("is a cosine, must be in -1..=1, got {max_similarity}"),
            );
        }
        let labels = e.labels.clone().unwrap_or_default();
        for l in &labels {
            if let Err(err) = crate::index::validate_label(l) {
                problems.push("enroll.labels", err.to_string());
            }
        }
        let hook_timeout = self
            .output
            .hook_timeout_s
            .unwrap_or(defaults::OUTPUT_HOOK_TIMEOUT_S);
        if !(hook_timeout > 0.0 && hook_timeout <= 3600.0) {
            problems.push(
                "output.hook_timeout_s",
                format!("must be in (0, 3600], got {hook_timeout}"),
            );
        }
        let heartbeat = self
            .output
            .heartbeat_s
            .unwrap_or(defaults::OUTPUT_HEARTBEAT_S);
        if !(0.0..=86_400.0).contains(&heartbeat) {
            problems.push(
                "output.heartbeat_s",
                format!("must be in 0..=86400 (0 = off), got {heartbeat}"),
            );
        }
        let api = self.validate_api(problems);
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
            stdout: self.output.stdout.unwrap_or(defaults::OUTPUT_STDOUT),
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
}
