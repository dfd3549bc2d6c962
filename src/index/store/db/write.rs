//! Writing a change: the rows that differ between two states of the [`Index`].

use std::collections::HashSet;

use rusqlite::{Connection, params};

use super::{Snapshot, i};
use crate::index::Index;

pub(super) fn write_meta(tx: &Connection, index: &Index) -> rusqlite::Result<()> {
    let id = index.identity();
    let (nc, ns) = index.next_ids();
    let mut st = tx.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    st.execute(params!["dim", i(id.dim as u64)])?;
    st.execute(params!["fingerprint", index.fingerprint().as_slice()])?;
    st.execute(params!["model_file", id.file_name])?;
    st.execute(params!["model_sha256", id.model_sha256])?;
    st.execute(params!["preprocessing", id.preprocessing])?;
    st.execute(params!["storage", index.storage().as_str()])?;
    st.execute(params!["next_class_id", i(nc)])?;
    st.execute(params!["next_sample_id", i(ns)])?;
    Ok(())
}

/// Inserts, updates and tombstones rows so that the database goes from `base` to `index`.
pub(super) fn apply(tx: &Connection, base: &Snapshot, index: &Index) -> rusqlite::Result<()> {
    let current: HashSet<u64> = index.classes().iter().map(|c| c.id).collect();
    for c in index.classes() {
        match base.classes.get(&c.id) {
            None => {
                tx.prepare_cached("INSERT INTO classes (id, label, created) VALUES (?1, ?2, ?3)")?
                    .execute(params![i(c.id), c.label, i(c.created)])?;
            }
            Some(old) if *old != c.label => {
                tx.prepare_cached("UPDATE classes SET label = ?2 WHERE id = ?1")?
                    .execute(params![i(c.id), c.label])?;
            }
            Some(_) => {}
        }
    }
    // A new model (reembed) or a new storage (convert) rewrites every vector.
    let remodel = base.fingerprint != index.fingerprint()
        || base.dim != index.dim()
        || base.storage != index.storage();
    let live: HashSet<u64> = index.samples().iter().map(|s| s.id).collect();
    for id in base.samples.difference(&live) {
        tx.prepare_cached("UPDATE samples SET deleted = 1 WHERE id = ?1")?
            .execute([i(*id)])?;
        tx.prepare_cached("DELETE FROM vectors WHERE sample_id = ?1")?
            .execute([i(*id)])?;
        tx.prepare_cached("DELETE FROM thumbnails WHERE sample_id = ?1")?
            .execute([i(*id)])?;
    }
    for id in base.classes.keys().filter(|id| !current.contains(id)) {
        tx.prepare_cached("UPDATE classes SET deleted = 1 WHERE id = ?1")?
            .execute([i(*id)])?;
    }
    let mut data = Vec::new();
    for (row, s) in index.samples().iter().enumerate() {
        let known = base.samples.contains(&s.id);
        if known && !remodel {
            continue;
        }
        data.clear();
        index.vectors().encode_row(row, &mut data);
        let crc = i64::from(crc32fast::hash(&data));
        if known {
            tx.prepare_cached("UPDATE vectors SET data = ?2, crc = ?3 WHERE sample_id = ?1")?
                .execute(params![i(s.id), data, crc])?;
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO samples (id, class_id, source, added, content_hash, thumbnail_len) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            i(s.id),
            i(s.class_id),
            s.source,
            i(s.added),
            s.content_hash.as_ref().map(|h| h.as_slice()),
            i64::from(s.thumbnail_len),
        ])?;
        tx.prepare_cached("INSERT INTO vectors (sample_id, data, crc) VALUES (?1, ?2, ?3)")?
            .execute(params![i(s.id), data, crc])?;
        if let Some(t) = &s.thumbnail {
            tx.prepare_cached("INSERT INTO thumbnails (sample_id, jpeg) VALUES (?1, ?2)")?
                .execute(params![i(s.id), t])?;
        }
    }
    Ok(())
}
