//! `cbrd classify`: one JSON line per image, in input order, against the index or an exported classifier.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Outcome, UsageError, index_dir, load_config, open_workers};
use crate::batch;
use crate::cli::{GlobalArgs, IndexArg, MatchArgs};
use crate::config::Config;
use crate::decide;
use crate::embed::Embedder;
use crate::index::{Index, store};
use crate::output::{ClassifyLine, ErrorLine};

/// What to match against: the classes baked into an exported classifier model (no index
/// needed), or the index (which must have been built with the model).
pub fn open_catalogue(
    ia: &IndexArg,
    cfg: &Config,
    emb: &dyn Embedder,
) -> Result<decide::Catalogue> {
    if let Some(labels) = emb.labels() {
        if ia.index.is_some() {
            tracing::warn!(
                "the model is an exported classifier with its own {} classes: --index is ignored",
                labels.len()
            );
        }
        return Ok(decide::Catalogue::Frozen(labels.to_vec()));
    }
    let dir = index_dir(ia, cfg)?;
    let index = open_index_for(&dir, emb)?;
    if index.samples().is_empty() {
        tracing::warn!(
            "index {} has no samples: every image will be unknown",
            dir.display()
        );
    }
    Ok(decide::Catalogue::Index(Box::new(index)))
}

/// Loads the index for reading and checks that it was built with the current model.
fn open_index_for(dir: &Path, emb: &dyn Embedder) -> Result<Index> {
    let index = store::load(dir)?;
    store::check_model(dir, &index, emb.identity())?;
    Ok(index)
}

pub(super) fn classify(
    g: &GlobalArgs,
    ia: &IndexArg,
    m: &MatchArgs,
    inputs: &[PathBuf],
) -> Result<Outcome> {
    let cfg = load_config(g, Some(m))?;
    let found = batch::expand_inputs(inputs);
    // An input that cannot be used fails alone: an error line, exit code 1 at the end.
    for (input, why) in &found.failed {
        tracing::error!("{}: {why}", input.display());
        let line = serde_json::to_string(&ErrorLine {
            file: input.display().to_string(),
            error: why.clone(),
        })?;
        out!("{line}");
    }
    let files = found.files;
    if files.is_empty() {
        if !found.failed.is_empty() {
            return Ok(Outcome::Partial);
        }
        return Err(UsageError("no image files found in the given inputs".into()).into());
    }
    let mut workers = open_workers(&cfg, files.len())?;
    let catalogue = open_catalogue(ia, &cfg, &workers[0])?;
    let settings = cfg.matching;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = found.failed.len();
    let mut scores = Vec::new();
    let mut io_err = None;
    batch::for_each_embedded(
        &files,
        &mut workers,
        cfg.limits,
        false,
        |_| false,
        |path, r| {
            let file = path.display().to_string();
            let line = match r {
                // Nothing is "known" when classifying.
                Ok(batch::Item::Known { .. }) => return ControlFlow::Continue(()),
                Ok(batch::Item::Embedded(e)) => {
                    let d = catalogue.classify(&e.vector, &settings, &mut scores);
                    serde_json::to_string(&ClassifyLine::new(Some(file), &d, &catalogue))
                }
                Err(e) => {
                    failed += 1;
                    tracing::error!("{file}: {e:#}");
                    serde_json::to_string(&ErrorLine {
                        file,
                        error: format!("{e:#}"),
                    })
                }
            };
            let res = line
                .map_err(std::io::Error::other)
                .and_then(|l| writeln!(out, "{l}"));
            if let Err(e) = res {
                io_err = Some(e);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        },
    )?;
    if let Some(e) = io_err {
        return Err(anyhow::Error::from(e).context("cannot write to standard output"));
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}
