//! Configuration: a TOML file (raw serde structs, unknown keys refused) plus command-line
//! overrides, validated into [`Config`]. Validation reports every problem at once, each with
//! its key path. See `config/cbrd.toml` for the annotated reference.
//!
//! Responsibilities: [`parse`] turns TOML text into a [`RawConfig`] (`raw.rs`, the serde
//! structs); `validate.rs` turns that into a [`Config`], taking every default from
//! [`defaults`]; [`files`] checks that the files a valid config names exist. This module holds
//! the validated types, the error, and the entry point [`RawConfig::from_file`].

pub mod defaults;
pub mod files;
pub mod parse;
mod raw;
mod validate;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::api::ApiSettings;
use crate::button::debounce::GestureConfig;
use crate::button::gpio::LineOptions;
use crate::camera::{Backoff, CameraSource};
use crate::decide::MatchSettings;
use crate::embed::EmbedderOptions;
use crate::enroll::EnrollConfig;
use crate::preprocess::Limits;
use crate::smooth::SmoothConfig;

pub use defaults::{
    DEFAULT_MIN_MARGIN, DEFAULT_MIN_SCORE, DEFAULT_MODEL_FILE, default_model_candidates,
    default_threads,
};
pub use raw::{
    RawApi, RawButton, RawCamera, RawConfig, RawDecision, RawEdgeTpu, RawEnroll, RawIndex, RawLed,
    RawMatch, RawModel, RawOutput, RawPreprocess, RawRuntime,
};

/// The configuration could not be read or is invalid (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct ConfigError {
    /// One line per problem, each naming the file and key.
    pub problems: Vec<String>,
}

/// Daemon settings (`cbrd run`).
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSettings {
    pub camera: CameraSource,
    /// Reopen back-off.
    pub backoff: Backoff,
    /// Longest wait for the camera before READY.
    pub ready_timeout: Duration,
    pub smoothing: SmoothConfig,
    /// The button line and gesture timings, if enabled.
    pub button: Option<(LineOptions, GestureConfig)>,
    /// The LED line, if enabled.
    pub led: Option<LineOptions>,
    pub enroll: EnrollConfig,
    /// JSON lines on stdout.
    pub stdout: bool,
    /// Hook program and its time limit.
    pub hook: Option<(PathBuf, Duration)>,
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
    /// `index.storage` if set: how a catalogue created now stores its vectors (an existing
    /// one keeps its own; `None` creates f32 and warns about nothing).
    pub storage: Option<crate::search::Storage>,
    pub matching: MatchSettings,
    /// Input file limits.
    pub limits: Limits,
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
}
