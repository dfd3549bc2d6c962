//! [`RawConfig`] → [`Config`]: defaults filled in (from [`super::defaults`]), ranges and
//! combinations checked. Every problem is collected in one [`Problems`], each as
//! `key.path: message`, in the order the keys are checked, and reported together; a config
//! with any problem yields no [`Config`].
//!
//! This file checks the model, runtime, matching and input limits; `daemon.rs` the sections
//! only `cbrd run` uses, `api.rs` the `[api]` section.

mod api;
mod daemon;

use std::fmt::Display;
use std::path::PathBuf;

use super::defaults::{self, DEFAULT_MODEL_FILE};
use super::{Config, ConfigError, RawConfig};
use crate::decide::{Aggregation, MatchSettings};
use crate::embed::{EdgeTpuOptions, EmbedderOptions};
use crate::preprocess::Limits;

/// The problems found so far, one `key.path: message` line each, in the order found.
#[derive(Debug, Default)]
struct Problems(Vec<String>);

impl Problems {
    fn push(&mut self, key_path: &str, message: impl Display) {
        self.0.push(format!("{key_path}: {message}"));
    }

    /// `v` (or `default` when unset), which must be in `lo..=hi`; out of range, a problem is
    /// recorded and `default` returned.
    fn int(&mut self, key_path: &str, v: Option<i64>, default: i64, lo: i64, hi: i64) -> i64 {
        let v = v.unwrap_or(default);
        if v < lo || v > hi {
            self.push(key_path, format!("must be in {lo}..={hi}, got {v}"));
            return default;
        }
        v
    }

    /// `Err` with every problem, if there is any.
    fn finish(self) -> Result<(), ConfigError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ConfigError { problems: self.0 })
        }
    }
}

impl RawConfig {
    /// Validates into a [`Config`], collecting every problem.
    pub fn validate(&self) -> Result<Config, ConfigError> {
        let mut problems = Problems::default();

        let threads = match self.runtime.threads.unwrap_or(defaults::RUNTIME_THREADS) {
            0 => defaults::default_threads(),
            n @ 1..=64 => n as usize,
            n => {
                problems.push(
                    "runtime.threads",
                    format!("must be 0 (automatic) or 1..=64, got {n}"),
                );
                1
            }
        };
        let input_mean = self.model.input_mean.unwrap_or(defaults::MODEL_INPUT_MEAN);
        let input_std = self.model.input_std.unwrap_or(defaults::MODEL_INPUT_STD);
        if !input_mean.is_finite() {
            problems.push(
                "model.input_mean",
                format!("must be a finite number, got {input_mean}"),
            );
        }
        if !(input_std.is_finite() && input_std > 0.0) {
            problems.push(
                "model.input_std",
                format!("must be a positive number, got {input_std}"),
            );
        }
        let model = match &self.model.path {
            Some(p) if p.as_os_str().is_empty() => {
                problems.push("model.path", "is empty");
                PathBuf::new()
            }
            Some(p) => p.clone(),
            None => match defaults::find_default_model() {
                Ok(p) => p,
                Err(tried) => {
                    problems.push(
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
        let edgetpu = if self.edgetpu.enabled.unwrap_or(defaults::EDGETPU_ENABLED) {
            let mut options = Vec::new();
            for (k, v) in self.edgetpu.options.clone().unwrap_or_default() {
                if k.is_empty() || k.contains('\0') || v.contains('\0') {
                    problems.push(
                        &format!("edgetpu.options.{k}"),
                        "keys must be non-empty and free of NUL",
                    );
                }
                options.push((k, v));
            }
            if options.is_empty() {
                options.extend(
                    defaults::EDGETPU_OPTIONS
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string())),
                );
            }
            Some(EdgeTpuOptions {
                library: self
                    .edgetpu
                    .library
                    .clone()
                    .unwrap_or_else(|| defaults::DEFAULT_EDGETPU_LIBRARY.into()),
                options,
            })
        } else {
            None
        };

        let aggregation = match self
            .matching
            .aggregation
            .as_deref()
            .unwrap_or(defaults::MATCH_AGGREGATION)
            .parse::<Aggregation>()
        {
            Ok(a) => a,
            Err(e) => {
                problems.push("match.aggregation", e);
                Aggregation::Max
            }
        };
        let top_k = problems.int(
            "match.top_k",
            self.matching.top_k,
            defaults::MATCH_TOP_K,
            1,
            1000,
        ) as usize;
        let knn_k = problems.int(
            "match.knn_k",
            self.matching.knn_k,
            defaults::MATCH_KNN_K,
            1,
            1000,
        ) as usize;
        let min_score = self
            .matching
            .min_score
            .unwrap_or(defaults::DEFAULT_MIN_SCORE);
        if !(-1.0..=1.0).contains(&min_score) {
            problems.push(
                "match.min_score",
                format!("is a cosine similarity, must be in -1..=1, got {min_score}"),
            );
        }
        let min_margin = self
            .matching
            .min_margin
            .unwrap_or(defaults::DEFAULT_MIN_MARGIN);
        if !(0.0..=2.0).contains(&min_margin) {
            problems.push(
                "match.min_margin",
                format!("must be in 0..=2, got {min_margin}"),
            );
        }
        let max_file_mb = self
            .preprocess
            .max_file_mb
            .unwrap_or(defaults::PREPROCESS_MAX_FILE_MB);
        if !(max_file_mb > 0.0 && max_file_mb <= 4096.0) {
            problems.push(
                "preprocess.max_file_mb",
                format!("must be in (0, 4096], got {max_file_mb}"),
            );
        }
        let max_mp = self
            .preprocess
            .max_megapixels
            .unwrap_or(defaults::PREPROCESS_MAX_MEGAPIXELS);
        if !(max_mp > 0.0 && max_mp <= 1000.0) {
            problems.push(
                "preprocess.max_megapixels",
                format!("must be in (0, 1000], got {max_mp}"),
            );
        }
        if let Some(p) = &self.index.path
            && p.as_os_str().is_empty()
        {
            problems.push("index.path", "is empty");
        }
        let storage = self.index.storage.as_deref().and_then(|s| {
            let parsed = crate::search::Storage::parse(s);
            if parsed.is_none() {
                problems.push(
                    "index.storage",
                    format!("must be \"f32\", \"f16\" or \"int8\", got {s:?}"),
                );
            }
            parsed
        });
        let daemon = self.validate_daemon(&mut problems, min_score, min_margin);
        problems.finish()?;
        Ok(Config {
            embedder: EmbedderOptions {
                model,
                library: self
                    .runtime
                    .library
                    .clone()
                    .filter(|p| !p.as_os_str().is_empty()),
                threads,
                xnnpack: self.runtime.xnnpack.unwrap_or(defaults::RUNTIME_XNNPACK),
                edgetpu,
                input_mean,
                input_std,
            },
            index: self.index.path.clone(),
            thumbnails: self.index.thumbnails.unwrap_or(defaults::INDEX_THUMBNAILS),
            storage,
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
}
