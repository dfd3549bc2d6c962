//! `cbrd export`: the index and the embedding model as one standalone classifier `.tflite`.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use super::{Outcome, UsageError, index_dir, load_config};
use crate::cli::{GlobalArgs, IndexArg};
use crate::decide;
use crate::index::store;

pub(super) fn export(
    g: &GlobalArgs,
    ia: &IndexArg,
    out: &Path,
    int8: bool,
    aggregation: decide::Aggregation,
) -> Result<Outcome> {
    use crate::export::{ExportOptions, Precision};
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    if aggregation == decide::Aggregation::Knn {
        return Err(UsageError(crate::export::ExportError::Knn.to_string()).into());
    }
    let model = &cfg.embedder.model;
    let bytes = std::fs::read(model)
        .with_context(|| format!("cannot read the model {}", model.display()))?;
    let index = store::load(&dir)?;
    let opts = ExportOptions {
        precision: if int8 {
            Precision::Int8
        } else {
            Precision::Float
        },
        aggregation,
        input_mean: cfg.embedder.input_mean,
        input_std: cfg.embedder.input_std,
        model_name: model
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let t = Instant::now();
    let e = crate::export::export(&bytes, &index, &opts)?;
    // Write-then-rename: never a half-written classifier at `out`.
    let tmp = out.with_extension("tflite.tmp");
    std::fs::write(&tmp, &e.bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    for label in &e.skipped_empty {
        tracing::warn!("class {label:?} has no samples: left out of the classifier");
    }
    eprintln!(
        "exported {} classes ({} rows, {} aggregation, {}) to {}: {} bytes, {} operators added ({} in all), {:.1} s",
        e.labels.len(),
        e.rows,
        aggregation,
        if int8 { "int8" } else { "float32" },
        out.display(),
        e.bytes.len(),
        e.ops_added,
        e.ops_total,
        t.elapsed().as_secs_f64()
    );
    Ok(Outcome::Ok)
}
