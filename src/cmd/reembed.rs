//! `cbrd reembed`: moves an index to another model (or preprocessing) from its stored
//! thumbnails, in one transaction.

use anyhow::{Context, Result, bail};

use super::{Outcome, index_dir, load_config, open_embedder};
use crate::cli::{GlobalArgs, IndexArg};
use crate::embed::Embedder;
use crate::index::Index;
use crate::index::store::{self, Open};
use crate::progress::Progress;

pub(super) fn reembed(g: &GlobalArgs, ia: &IndexArg) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    let mut emb = open_embedder(&cfg)?;
    let (_, new) = store::edit(&dir, Open::Existing(None), |txn| {
        let old: &Index = txn;
        let missing = old
            .samples()
            .iter()
            .filter(|s| s.thumbnail_len == 0)
            .count();
        if missing > 0 {
            bail!(
                "{missing} of {} samples in {} have no stored thumbnail and cannot be re-embedded; \
                 enroll those classes again into a new index",
                old.samples().len(),
                dir.display()
            );
        }
        let params = emb.params();
        let mut resizer = crate::preprocess::Resizer::default();
        let mut vectors = Vec::with_capacity(old.samples().len() * emb.identity().dim);
        let mut progress = Progress::start("re-embedding", "samples", old.samples().len() as u64);
        for s in old.samples() {
            // One thumbnail at a time: a big catalogue's thumbnails need not fit in memory.
            let thumb = txn.thumbnail(s.id)?.unwrap_or_default();
            let v = crate::preprocess::decode(&thumb, &cfg.limits)
                .map_err(anyhow::Error::from)
                .and_then(|img| Ok(resizer.square_resize(&img, params.width, params.height)?))
                .and_then(|rgb| Ok(emb.embed(&rgb)?))
                .with_context(|| format!("sample {} ({}): stored thumbnail", s.id, s.source))?;
            vectors.extend_from_slice(&v);
            progress.inc(1);
        }
        progress.finish();
        let new = old.with_model(emb.identity().clone(), vectors)?;
        **txn = new;
        Ok(())
    })?;
    eprintln!(
        "re-embedded {} samples of {} classes in {} with {}",
        new.samples().len(),
        new.classes().len(),
        dir.display(),
        store::describe_model(new.identity())
    );
    Ok(Outcome::Ok)
}
