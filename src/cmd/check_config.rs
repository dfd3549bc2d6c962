//! `cbrd check-config FILE`: every problem of a config file at once, the files it names too.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::{Outcome, UsageError, check_files};
use crate::cli::GlobalArgs;
use crate::config::{ConfigError, RawConfig};

pub(super) fn check_config(g: &GlobalArgs, file: Option<&Path>) -> Result<Outcome> {
    let Some(file) = file.or(g.config.as_deref()) else {
        return Err(UsageError("check-config needs a FILE (or --config FILE)".into()).into());
    };
    let raw = RawConfig::from_file(file)?;
    let prefix = |e: ConfigError| ConfigError {
        problems: e
            .problems
            .into_iter()
            .map(|p| format!("{}: {p}", file.display()))
            .collect(),
    };
    let cfg = raw.validate().map_err(prefix)?;
    check_files(&cfg, Some(file))?;
    out!("{}: OK", file.display());
    out!("  model       {}", cfg.embedder.model.display());
    out!(
        "  threads     {}, xnnpack {}",
        cfg.embedder.threads,
        cfg.embedder.xnnpack
    );
    out!(
        "  edgetpu     {}",
        cfg.embedder
            .edgetpu
            .as_ref()
            .map(|t| t.library.display().to_string())
            .unwrap_or("off".into())
    );
    out!(
        "  index       {}",
        cfg.index
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or("(not set)".into())
    );
    let m = &cfg.matching;
    out!(
        "  match       {} top_k {} knn_k {} min_score {} min_margin {}",
        m.aggregation,
        m.top_k,
        m.knn_k,
        m.min_score,
        m.min_margin
    );
    match &cfg.daemon.api {
        None => out!("  api         off"),
        Some(api) => out!(
            "  api         http://{}/ ({})",
            api.bind,
            match (&api.token, &api.token_file) {
                (_, Some(f)) => format!("token from {}", f.display()),
                (Some(_), None) => "token in the config".to_string(),
                (None, None) => "no token: loopback only".to_string(),
            }
        ),
    }
    Ok(Outcome::Ok)
}
