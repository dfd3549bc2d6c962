//! Batch input for the CLI: finds image files and embeds them on worker threads (one
//! interpreter each), delivering the results in input order.

mod prepare;
#[cfg(test)]
mod tests;
mod walk;

pub use prepare::{Prepared, content_hash, encode_thumbnail, prepare_file};
pub use walk::{IMAGE_EXTENSIONS, ImageWalk, Inputs, expand_inputs, images_in, is_image_name};

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::embed::Embedder;
use crate::preprocess::{self, Limits, PreprocessError, Resizer};
use prepare::prepare_bytes;

/// One embedded input file.
#[derive(Debug)]
pub struct Embedded {
    /// The L2-normalised embedding.
    pub vector: Vec<f32>,
    /// JPEG thumbnail of the model input, if requested.
    pub thumbnail: Option<Vec<u8>>,
    /// [`content_hash`] of the file.
    pub content_hash: [u8; 32],
}

/// What became of one input file that could be read.
#[derive(Debug)]
pub enum Item {
    /// Decoded and embedded.
    Embedded(Embedded),
    /// Not decoded nor embedded: the `known` predicate of [`for_each_embedded`] knew its
    /// content already.
    Known {
        /// [`content_hash`] of the file.
        content_hash: [u8; 32],
    },
}

/// Why one input file could not be embedded.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    /// Reading, decoding or resizing failed.
    #[error(transparent)]
    Preprocess(#[from] PreprocessError),
    /// The model failed on it.
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
}

/// Prepares and embeds `files` on one named worker thread per embedder (`cbrd-embed-N`, each
/// decoding its next file and running its own interpreter), and hands every result to `f` on
/// the calling thread **in input order**. A file whose [`content_hash`] `known` accepts is
/// neither decoded nor embedded ([`Item::Known`]): re-enrolling a folder costs a read per
/// file. `f` may stop early by returning `ControlFlow::Break`. Fails only if a thread cannot
/// be started.
///
/// Several single-threaded interpreters working on different images use the cores better
/// than one multi-threaded interpreter plus a decoding thread: decoding overlaps inference and
/// there is no intra-op synchronisation.
pub fn for_each_embedded<E, K, F>(
    files: &[PathBuf],
    embedders: &mut [E],
    limits: Limits,
    thumbnails: bool,
    known: K,
    mut f: F,
) -> std::io::Result<()>
where
    E: Embedder + Send,
    K: Fn(&[u8; 32]) -> bool + Sync,
    F: FnMut(&Path, Result<Item, ItemError>) -> ControlFlow<()>,
{
    let known = &known;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) =
        mpsc::sync_channel::<(usize, Result<Item, ItemError>)>(2 * embedders.len().max(1));
    std::thread::scope(|s| {
        for (w, emb) in embedders.iter_mut().enumerate() {
            let (tx, next, stop) = (tx.clone(), &next, &stop);
            std::thread::Builder::new()
                .name(format!("cbrd-embed-{w}"))
                .spawn_scoped(s, move || {
                    let params = emb.params();
                    let mut resizer = Resizer::default();
                    while !stop.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let t = Instant::now();
                        let r = preprocess::read_limited(path, &limits)
                            .map_err(ItemError::from)
                            .and_then(|bytes| {
                                let hash = content_hash(&bytes);
                                if known(&hash) {
                                    return Ok(Item::Known { content_hash: hash });
                                }
                                let p = prepare_bytes(
                                    &bytes,
                                    hash,
                                    &params,
                                    &limits,
                                    &mut resizer,
                                    thumbnails,
                                    t,
                                )?;
                                Ok(Item::Embedded(Embedded {
                                    vector: emb.embed(&p.rgb)?,
                                    thumbnail: p.thumbnail,
                                    content_hash: p.content_hash,
                                }))
                            });
                        if tx.send((i, r)).is_err() {
                            break;
                        }
                    }
                })?;
        }
        drop(tx);
        // Results arrive in completion order; release them in input order.
        let mut pending = BTreeMap::new();
        let mut due = 0;
        'recv: for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&due) {
                if f(&files[due], r).is_break() {
                    stop.store(true, Ordering::Relaxed);
                    break 'recv;
                }
                due += 1;
            }
        }
        // Unblock workers waiting to send, so that the scope can join them.
        for _ in rx.iter() {}
        Ok(())
    })
}
