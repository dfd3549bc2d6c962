//! `cbrd embed FILE`: one image's embedding as a JSON array.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::{Outcome, load_config, open_embedder};
use crate::batch;
use crate::cli::GlobalArgs;
use crate::embed::Embedder;

pub(super) fn embed(g: &GlobalArgs, file: &Path) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let mut emb = open_embedder(&cfg)?;
    let mut resizer = crate::preprocess::Resizer::default();
    let p = batch::prepare_file(file, &emb.params(), &cfg.limits, &mut resizer, false)
        .with_context(|| file.display().to_string())?;
    let v = emb
        .embed(&p.rgb)
        .with_context(|| file.display().to_string())?;
    out!("{}", serde_json::to_string(&v)?);
    Ok(Outcome::Ok)
}
