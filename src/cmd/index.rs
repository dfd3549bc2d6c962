//! `cbrd index convert`: stores a catalogue's vectors in another format, in one transaction.

use anyhow::Result;

use super::{Outcome, index_dir, load_config};
use crate::cli::{GlobalArgs, IndexArg};
use crate::index::Index;
use crate::index::store::{self, Open};
use crate::search::Storage;

pub(super) fn convert(g: &GlobalArgs, ia: &IndexArg, storage: Storage) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    let (from, new) = store::edit(&dir, Open::Existing(None), |txn| {
        let old: &Index = txn;
        let from = old.storage();
        if from != storage {
            let new = old.converted(storage);
            **txn = new;
        }
        Ok::<_, anyhow::Error>(from)
    })?;
    let mb = |s: Storage| (new.samples().len() * s.row_bytes(new.dim())) as f64 / 1e6;
    if from == storage {
        eprintln!(
            "{} already stores {storage} vectors; nothing to do",
            dir.display()
        );
    } else {
        eprintln!(
            "converted the {} vectors in {} from {from} to {storage} ({:.1} MB → {:.1} MB)",
            new.samples().len(),
            dir.display(),
            mb(from),
            mb(storage)
        );
        if from == Storage::Int8 || (from == Storage::F16 && storage == Storage::F32) {
            eprintln!(
                "note: the {from} values are converted as they are; what {from} rounded away \
                 is not restored (`cbrd reembed` computes exact vectors from the thumbnails)"
            );
        }
    }
    Ok(Outcome::Ok)
}
