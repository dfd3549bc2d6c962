//! The commands: glue between the command line and the pipeline stages, one file per
//! command. [`run`] dispatches; the helpers here are what several commands share (the
//! validated config with command-line overrides, the index folder, the embedders).

/// `println!` that returns an error (e.g. a closed pipe) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => { writeln!(std::io::stdout().lock(), $($t)*)? };
}

pub mod bench;
mod check_config;
mod classes;
mod classify;
mod embed;
mod enroll;
mod export;
mod index;
mod info;
mod reembed;
mod run;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, GlobalArgs, IndexAction, IndexArg, MatchArgs};
use crate::config::{Config, ConfigError, RawConfig};
use crate::embed::TfliteEmbedder;

/// A usage error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked (exit 0).
    Ok,
    /// Some inputs failed, the rest was done (exit 1).
    Partial,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    if cli.version {
        info::print_version(&cli.global)?;
        return Ok(Outcome::Ok);
    }
    let Some(command) = cli.command else {
        return Err(UsageError("no command given; see `cbrd --help`".into()).into());
    };
    let g = &cli.global;
    match command {
        Command::Enroll {
            index,
            class,
            files,
            allow_duplicates,
        } => enroll::enroll(g, &index, &class, &files, allow_duplicates),
        Command::EnrollDir {
            index,
            dataset,
            allow_duplicates,
        } => enroll::enroll_dir(g, &index, &dataset, allow_duplicates),
        Command::Classify {
            index,
            matching,
            inputs,
        } => classify::classify(g, &index, &matching, &inputs),
        Command::Classes { action } => classes::classes(g, action),
        Command::Embed { file } => embed::embed(g, &file),
        Command::Info { index } => info::info(g, &index),
        Command::CheckConfig { file } => check_config::check_config(g, file.as_deref()),
        Command::Reembed { index } => reembed::reembed(g, &index),
        Command::Index {
            action: IndexAction::Convert { index, storage },
        } => index::convert(g, &index, storage),
        Command::Run { index } => run::run(g, &index),
        Command::Export {
            index,
            out,
            float: _,
            int8,
            aggregation,
        } => export::export(g, &index, &out, int8, aggregation),
        Command::Bench(args) => bench::run(&load_config(g, None)?, &args),
    }
}

/// Reads the config file (if any), applies command-line overrides and validates.
pub fn load_config(g: &GlobalArgs, m: Option<&MatchArgs>) -> Result<Config, ConfigError> {
    let mut raw = match &g.config {
        Some(p) => RawConfig::from_file(p)?,
        None => RawConfig::default(),
    };
    let mut problems = Vec::new();
    if let Some(p) = &g.model {
        raw.model.path = Some(p.clone());
    }
    if let Some(p) = &g.tflite_lib {
        raw.runtime.library = Some(p.clone());
    }
    if let Some(n) = g.threads {
        raw.runtime.threads = Some(n);
    }
    if g.no_xnnpack {
        raw.runtime.xnnpack = Some(false);
    }
    if g.edgetpu {
        raw.edgetpu.enabled = Some(true);
    }
    if let Some(p) = &g.edgetpu_lib {
        raw.edgetpu.library = Some(p.clone());
    }
    for kv in &g.edgetpu_option {
        match kv.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                raw.edgetpu
                    .options
                    .get_or_insert_with(Default::default)
                    .insert(k.into(), v.into());
            }
            _ => problems.push(format!("--edgetpu-option: expected KEY=VALUE, got {kv:?}")),
        }
    }
    if let Some(m) = m {
        if let Some(a) = m.aggregation {
            raw.matching.aggregation = Some(a.to_string());
        }
        raw.matching.top_k = m.top_k.or(raw.matching.top_k);
        raw.matching.knn_k = m.knn_k.or(raw.matching.knn_k);
        raw.matching.min_score = m.min_score.or(raw.matching.min_score);
        raw.matching.min_margin = m.min_margin.or(raw.matching.min_margin);
    }
    match raw.validate() {
        Ok(c) if problems.is_empty() => Ok(c),
        Ok(_) => Err(ConfigError { problems }),
        Err(mut e) => {
            e.problems.extend(problems);
            if let Some(p) = &g.config {
                for line in &mut e.problems {
                    *line = format!("{}: {line}", p.display());
                }
            }
            Err(e)
        }
    }
}

/// The files and folders the config names must exist ([`crate::config::files`]); the same
/// messages for `check-config` and `run`, prefixed with the config file.
pub(crate) fn check_files(cfg: &Config, file: Option<&Path>) -> Result<(), ConfigError> {
    let problems = crate::config::files::problems(cfg);
    if problems.is_empty() {
        return Ok(());
    }
    Err(ConfigError {
        problems: problems
            .into_iter()
            .map(|p| match file {
                Some(f) => format!("{}: {p}", f.display()),
                None => p,
            })
            .collect(),
    })
}

fn index_dir(arg: &IndexArg, cfg: &Config) -> Result<PathBuf, UsageError> {
    arg.index
        .clone()
        .or_else(|| cfg.index.clone())
        .ok_or_else(|| {
            UsageError("no index folder: pass --index DIR (or set index.path in the config)".into())
        })
}

fn open_embedder(cfg: &Config) -> Result<TfliteEmbedder> {
    let e = TfliteEmbedder::new(&cfg.embedder).context("cannot start the embedding model")?;
    tracing::debug!(
        model = %cfg.embedder.model.display(),
        runtime = e.runtime().version(),
        delegates = ?e.delegates(),
        threads = e.threads(),
        "model loaded"
    );
    Ok(e)
}

/// Interpreters for a batch of `files` images: `runtime.threads` single-threaded ones (each
/// decodes its own next image, see [`batch::for_each_embedded`]), never more than images; a
/// single interpreter with all threads when the EdgeTPU is in use (one device).
fn open_workers(cfg: &Config, files: usize) -> Result<Vec<TfliteEmbedder>> {
    let threads = cfg.embedder.threads.max(1);
    let workers = if cfg.embedder.edgetpu.is_some() {
        1
    } else {
        threads.min(files).max(1)
    };
    let per_worker = Config {
        embedder: crate::embed::EmbedderOptions {
            threads: (threads / workers).max(1),
            ..cfg.embedder.clone()
        },
        ..cfg.clone()
    };
    (0..workers).map(|_| open_embedder(&per_worker)).collect()
}
