//! Configuration: a TOML file (raw serde structs, unknown keys refused) plus command-line
//! overrides, validated into [`Config`]. Validation reports every problem at once, each with
//! its key path. See `config/cbrd.toml` for the annotated reference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::decide::{Aggregation, MatchSettings};
use crate::embed::{EdgeTpuOptions, EmbedderOptions};
use crate::preprocess::Limits;

/// Default EdgeTPU delegate library (Coral's `libedgetpu1-std` package on 64-bit Arm).
pub const DEFAULT_EDGETPU_LIBRARY: &str = "/usr/lib/aarch64-linux-gnu/libedgetpu.so.1";
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
}

impl RawConfig {
    /// Reads a TOML file. Relative paths in it are resolved against the file's folder.
    pub fn from_file(path: &Path) -> Result<RawConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            problems: vec![format!("cannot read config file {}: {e}", path.display())],
        })?;
        let mut raw: RawConfig = toml::from_str(&text).map_err(|e| ConfigError {
            problems: vec![format!("{}: {}", path.display(), e.to_string().trim_end())],
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        for p in [
            &mut raw.model.path,
            &mut raw.runtime.library,
            &mut raw.edgetpu.library,
            &mut raw.index.path,
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
        .cloned()
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
