//! `cbrd info` (the model, runtime, delegates and index in use) and `cbrd --version`.

use std::io::Write;

use anyhow::Result;

use super::{Outcome, load_config, open_embedder};
use crate::cli::{GlobalArgs, IndexArg};
use crate::config::RawConfig;
use crate::embed::{Embedder, tflite};
use crate::index::store;

pub(super) fn print_version(g: &GlobalArgs) -> std::io::Result<()> {
    out!("cbrd {}", env!("CARGO_PKG_VERSION"));
    let configured = g.tflite_lib.clone().or_else(|| {
        let path = g.config.as_ref()?;
        RawConfig::from_file(path).ok()?.runtime.library
    });
    match tflite::Runtime::load(configured.as_deref()) {
        Ok(rt) => out!(
            "TensorFlow Lite runtime {} ({})",
            rt.version(),
            rt.path().display()
        ),
        Err(e) => out!(
            "TensorFlow Lite runtime: not loaded ({})",
            e.to_string().lines().next().unwrap_or("")
        ),
    }
    Ok(())
}

pub(super) fn info(g: &GlobalArgs, ia: &IndexArg) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let emb = open_embedder(&cfg)?;
    let id = emb.identity().clone();
    let (i, o) = (emb.input_info(), emb.output_info());
    let quant = |q: Option<(f32, i32)>| match q {
        Some((s, z)) => format!(", scale {s}, zero point {z}"),
        None => String::new(),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "cbrd {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "model:        {}", cfg.embedder.model.display())?;
    writeln!(out, "  sha256:     {}", id.model_sha256)?;
    writeln!(
        out,
        "  input:      {:?} {}{}",
        i.shape,
        i.dtype,
        quant(i.quant)
    )?;
    writeln!(
        out,
        "  output:     {:?} {}{} -> {}-d embedding",
        o.shape,
        o.dtype,
        quant(o.quant),
        id.dim
    )?;
    writeln!(out, "  preprocess: {}", id.preprocessing)?;
    writeln!(
        out,
        "runtime:      TensorFlow Lite {} ({})",
        emb.runtime().version(),
        emb.runtime().path().display()
    )?;
    let delegates = emb.delegates();
    writeln!(
        out,
        "delegates:    {}",
        if delegates.is_empty() {
            "none (builtin CPU kernels)".to_string()
        } else {
            delegates.join(", ")
        }
    )?;
    writeln!(out, "threads:      {}", emb.threads())?;
    let dir = ia.index.clone().or(cfg.index.clone());
    if let Some(dir) = dir {
        match store::load(&dir) {
            Ok(idx) => {
                let size = std::fs::metadata(store::file_path(&dir))
                    .map(|m| m.len())
                    .unwrap_or(0);
                let matches = store::check_model(&dir, &idx, &id).is_ok();
                writeln!(out, "index:        {}", dir.display())?;
                writeln!(out, "  classes:    {}", idx.classes().len())?;
                writeln!(out, "  samples:    {}", idx.samples().len())?;
                writeln!(
                    out,
                    "  vectors:    {} ({} bytes each; search kernels: {})",
                    idx.storage(),
                    idx.storage().row_bytes(idx.dim()),
                    crate::search::simd_features().join(", ")
                )?;
                writeln!(
                    out,
                    "  file:       {} ({} bytes, SQLite, schema v{})",
                    store::file_path(&dir).display(),
                    size,
                    store::SCHEMA_VERSION
                )?;
                writeln!(
                    out,
                    "  built with: {}",
                    store::describe_model(idx.identity())
                )?;
                writeln!(
                    out,
                    "  matches the model in use: {}",
                    if matches { "yes" } else { "NO" }
                )?;
            }
            Err(e) => writeln!(out, "index:        {}: {e}", dir.display())?,
        }
    }
    Ok(Outcome::Ok)
}
