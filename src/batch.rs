//! Batch input for the CLI: finds image files and embeds them on worker threads (one
//! interpreter each), delivering the results in input order.

use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use image::RgbImage;

use crate::embed::Embedder;
use crate::preprocess::{self, Limits, Params, PreprocessError, Resizer};

/// File extensions treated as images when walking folders (case-insensitive).
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "bmp"];

/// Whether a file name has an image extension.
pub fn is_image_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Walks folders for image files, visiting every real folder and file once: symbolic links
/// are followed, but a link back to a folder being walked (a loop such as `photos/a/up ->
/// ..`) or to a folder or file already visited is skipped with a warning, so that no image is
/// found twice. Entries are sorted by name; hidden ones (`.name`) are skipped.
#[derive(Debug, Default)]
pub struct ImageWalk {
    seen: HashSet<(u64, u64)>,
}

/// The images found by [`expand_inputs`], and the inputs that failed.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Image files, in input order (folders sorted by path).
    pub files: Vec<PathBuf>,
    /// Other files found in folders and ignored.
    pub skipped: usize,
    /// Inputs that could not be used, each with the reason (missing, a symlink loop, …).
    pub failed: Vec<(PathBuf, String)>,
}

fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

impl ImageWalk {
    /// Marks `dir` as visited without walking it (e.g. the dataset folder above the class
    /// folders). Returns false if it was visited already.
    pub fn claim(&mut self, dir: &Path) -> std::io::Result<bool> {
        Ok(self.seen.insert(file_id(&std::fs::metadata(dir)?)))
    }

    /// The image files under `dir` (only its own entries unless `recursive`) and the number
    /// of other files. `dir` itself must be readable; an unreadable sub-folder is an error
    /// too, naming it.
    pub fn images_in(
        &mut self,
        dir: &Path,
        recursive: bool,
    ) -> std::io::Result<(Vec<PathBuf>, usize)> {
        let mut out = Vec::new();
        let mut skipped = 0;
        let mut walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) if e.loop_ancestor().is_some() => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                    tracing::warn!(
                        "skipping {}: a symbolic link back to {}, which is being walked (a loop)",
                        path.display(),
                        e.loop_ancestor().unwrap_or(Path::new("?")).display()
                    );
                    continue;
                }
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    let err = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk this folder"));
                    return Err(std::io::Error::new(
                        err.kind(),
                        format!("{}: {err}", path.display()),
                    ));
                }
            };
            let is_root = entry.depth() == 0;
            if !is_root && entry.file_name().to_string_lossy().starts_with('.') {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() {
                if !is_root && !recursive {
                    skipped += 1;
                    walk.skip_current_dir();
                    continue;
                }
                let id = file_id(&entry.metadata().map_err(std::io::Error::other)?);
                if !self.seen.insert(id) && !is_root {
                    tracing::warn!(
                        "skipping {}: the same folder as one already walked (a symbolic link)",
                        entry.path().display()
                    );
                    walk.skip_current_dir();
                }
                continue;
            }
            if !is_image_name(entry.path()) {
                skipped += 1;
                continue;
            }
            let id = file_id(&entry.metadata().map_err(std::io::Error::other)?);
            if self.seen.insert(id) {
                out.push(entry.into_path());
            } else {
                tracing::debug!(
                    "{}: the same file as one already found; skipped",
                    entry.path().display()
                );
            }
        }
        Ok((out, skipped))
    }
}

/// Image files of a folder (recursively if `recursive`), sorted by path, each real file once
/// (see [`ImageWalk`]). Returns the images and the number of other files skipped.
pub fn images_in(dir: &Path, recursive: bool) -> std::io::Result<(Vec<PathBuf>, usize)> {
    ImageWalk::default().images_in(dir, recursive)
}

/// Expands command-line inputs: files are taken as given, folders are walked recursively for
/// image files, every real file once. An input that cannot be used (missing, a symbolic link
/// loop, an unreadable folder) fails alone, with its reason; the others are expanded.
pub fn expand_inputs(inputs: &[PathBuf]) -> Inputs {
    let mut walk = ImageWalk::default();
    let mut found = Inputs::default();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                let why = if e.raw_os_error() == Some(libc::ELOOP) {
                    "a symbolic link loop (it points, through links, back to itself)".to_string()
                } else {
                    e.to_string()
                };
                found.failed.push((input.clone(), why));
                continue;
            }
        };
        if meta.is_dir() {
            match walk.images_in(input, true) {
                Ok((f, s)) => {
                    found.files.extend(f);
                    found.skipped += s;
                }
                Err(e) => found
                    .failed
                    .push((input.clone(), format!("cannot list it: {e}"))),
            }
        } else if walk.seen.insert(file_id(&meta)) {
            found.files.push(input.clone());
        }
    }
    found
}

/// One image ready for the model.
#[derive(Debug)]
pub struct Prepared {
    /// Model-input-sized RGB.
    pub rgb: RgbImage,
    /// JPEG thumbnail of `rgb`, if requested.
    pub thumbnail: Option<Vec<u8>>,
    /// [`content_hash`] of the file.
    pub content_hash: [u8; 32],
    /// Time spent reading, decoding and resizing.
    pub elapsed: Duration,
}

/// The identity of an image's content: SHA-256 of its bytes (a file's, an upload's, a camera
/// frame's pixels). The same photo copied, renamed or enrolled again has the same hash.
pub fn content_hash(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Reads, decodes, crops and resizes one file.
pub fn prepare_file(
    path: &Path,
    params: &Params,
    limits: &Limits,
    resizer: &mut Resizer,
    thumbnail: bool,
) -> Result<Prepared, PreprocessError> {
    let t = Instant::now();
    let bytes = preprocess::read_limited(path, limits)?;
    prepare_bytes(
        &bytes,
        content_hash(&bytes),
        params,
        limits,
        resizer,
        thumbnail,
        t,
    )
}

fn prepare_bytes(
    bytes: &[u8],
    content_hash: [u8; 32],
    params: &Params,
    limits: &Limits,
    resizer: &mut Resizer,
    thumbnail: bool,
    started: Instant,
) -> Result<Prepared, PreprocessError> {
    let img = preprocess::decode(bytes, limits)?;
    let rgb = resizer.square_resize(&img, params.width, params.height)?;
    let thumbnail = thumbnail.then(|| encode_thumbnail(&rgb)).flatten();
    Ok(Prepared {
        rgb,
        thumbnail,
        content_hash,
        elapsed: started.elapsed(),
    })
}

/// JPEG (quality 85) of a model-input image, for the index.
pub fn encode_thumbnail(rgb: &RgbImage) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc).ok()?;
    Some(out)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::ModelIdentity;

    #[test]
    fn image_names() {
        for (name, want) in [
            ("a.jpg", true),
            ("b.JPEG", true),
            ("c.png", true),
            ("d.WebP", true),
            ("e.txt", false),
            ("f", false),
        ] {
            assert_eq!(is_image_name(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn walks_folders_sorted_and_counts_skips() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        for f in ["b.jpg", "a.png", "notes.txt", ".hidden.jpg", "sub/c.bmp"] {
            std::fs::write(d.path().join(f), b"x").unwrap();
        }
        let (files, skipped) = images_in(d.path(), true).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(d.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a.png"), "b.jpg".into(), "sub/c.bmp".into()]
        );
        assert_eq!(skipped, 1);
        let (_, skipped) = images_in(d.path(), false).unwrap();
        assert_eq!(skipped, 2);
        let found = expand_inputs(&[d.path().join("missing"), d.path().join("b.jpg")]);
        assert_eq!(found.files, vec![d.path().join("b.jpg")]);
        assert_eq!(found.failed.len(), 1);
        assert_eq!(found.failed[0].0, d.path().join("missing"));
    }

    #[test]
    fn symlink_loops_and_second_paths_are_walked_once() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        std::fs::create_dir_all(p.join("a/deeper")).unwrap();
        std::fs::write(p.join("a/1.jpg"), b"x").unwrap();
        std::fs::write(p.join("a/deeper/2.jpg"), b"x").unwrap();
        // A loop (photos/a/up -> ..), a second path to a folder, and one to a file.
        std::os::unix::fs::symlink("..", p.join("a/up")).unwrap();
        std::os::unix::fs::symlink("a/deeper", p.join("b")).unwrap();
        std::os::unix::fs::symlink("a/1.jpg", p.join("c.jpg")).unwrap();
        let (files, _) = images_in(p, true).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(p).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a/1.jpg"), "a/deeper/2.jpg".into()],
            "each real file once"
        );
        // Walking from inside the loop still ends.
        let (files, _) = images_in(&p.join("a"), true).unwrap();
        assert_eq!(files.len(), 2);

        // A self-referencing link given as an input fails alone.
        std::os::unix::fs::symlink("self", p.join("self")).unwrap();
        let found = expand_inputs(&[p.join("self"), p.join("a")]);
        assert_eq!(found.files.len(), 2);
        assert_eq!(found.failed.len(), 1);
        assert!(found.failed[0].1.contains("loop"), "{:?}", found.failed);
    }

    /// An embedder that returns the mean colour of the image, with an adjustable delay so
    /// that workers finish out of order.
    struct MeanColour {
        identity: ModelIdentity,
        delay_ms: u64,
    }

    impl Embedder for MeanColour {
        fn params(&self) -> Params {
            Params {
                width: 8,
                height: 8,
                mean: 0.0,
                std: 1.0,
            }
        }
        fn identity(&self) -> &ModelIdentity {
            &self.identity
        }
        fn embed(&mut self, rgb: &RgbImage) -> Result<Vec<f32>, crate::embed::EmbedError> {
            std::thread::sleep(Duration::from_millis(self.delay_ms));
            let mut v = [0f32; 3];
            for p in rgb.pixels() {
                for c in 0..3 {
                    v[c] += f32::from(p[c]);
                }
            }
            let mut v = v.to_vec();
            crate::search::normalize(&mut v);
            Ok(v)
        }
    }

    fn fakes(delays: &[u64]) -> Vec<MeanColour> {
        let identity = ModelIdentity {
            file_name: "fake".into(),
            model_sha256: String::new(),
            preprocessing: String::new(),
            dim: 3,
        };
        delays
            .iter()
            .map(|&delay_ms| MeanColour {
                identity: identity.clone(),
                delay_ms,
            })
            .collect()
    }

    #[test]
    fn failures_are_per_file_and_order_is_kept() {
        let d = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for (i, colour) in [[255u8, 0, 0], [0, 255, 0], [0, 0, 255], [9, 9, 9]]
            .iter()
            .enumerate()
        {
            let p = d.path().join(format!("{i}.png"));
            image::RgbImage::from_pixel(40, 30, image::Rgb(*colour))
                .save(&p)
                .unwrap();
            files.push(p);
        }
        let bad = d.path().join("bad.png");
        std::fs::write(&bad, b"\x89PNG\r\n\x1a\nbroken").unwrap();
        let empty = d.path().join("empty.jpg");
        std::fs::write(&empty, b"").unwrap();
        files.insert(1, bad.clone());
        files.push(empty.clone());
        for workers in [&[0u64][..], &[0, 7][..], &[5, 0, 3][..]] {
            let mut seen = Vec::new();
            for_each_embedded(
                &files,
                &mut fakes(workers),
                Limits::default(),
                true,
                |_| false,
                |p, r| {
                    seen.push((
                        p.to_path_buf(),
                        r.map(|item| match item {
                            Item::Embedded(e) => (e.vector, e.thumbnail.is_some()),
                            Item::Known { .. } => panic!("nothing is known"),
                        }),
                    ));
                    ControlFlow::Continue(())
                },
            )
            .unwrap();
            let order: Vec<&PathBuf> = seen.iter().map(|(p, _)| p).collect();
            assert_eq!(
                order,
                files.iter().collect::<Vec<_>>(),
                "{workers:?}: input order"
            );
            assert!(matches!(
                seen[1].1,
                Err(ItemError::Preprocess(PreprocessError::Decode(_)))
            ));
            assert!(matches!(
                seen[5].1,
                Err(ItemError::Preprocess(PreprocessError::Empty))
            ));
            let (red, thumb) = seen[0].1.as_ref().unwrap();
            assert!(*thumb);
            assert!((red[0] - 1.0).abs() < 1e-6 && red[1].abs() < 1e-6);
            let (blue, _) = seen[3].1.as_ref().unwrap();
            assert!((blue[2] - 1.0).abs() < 1e-6);
        }
    }

    #[test]
    fn known_content_is_neither_decoded_nor_embedded() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.png");
        image::RgbImage::from_pixel(20, 20, image::Rgb([1, 2, 3]))
            .save(&a)
            .unwrap();
        let bytes = std::fs::read(&a).unwrap();
        // Same content under another name; a "known" file that is not even an image.
        let copy = d.path().join("copy.png");
        std::fs::write(&copy, &bytes).unwrap();
        let junk = d.path().join("junk.png");
        std::fs::write(&junk, b"not an image").unwrap();
        let known = [content_hash(&bytes), content_hash(b"not an image")];
        let mut seen = Vec::new();
        for_each_embedded(
            &[a.clone(), copy, junk],
            &mut fakes(&[0, 0]),
            Limits::default(),
            false,
            |h| known[1] == *h,
            |_, r| {
                seen.push(match r.unwrap() {
                    Item::Embedded(e) => ("embedded", e.content_hash),
                    Item::Known { content_hash } => ("known", content_hash),
                });
                ControlFlow::Continue(())
            },
        )
        .unwrap();
        assert_eq!(
            seen,
            vec![
                ("embedded", known[0]),
                ("embedded", known[0]),
                ("known", known[1])
            ]
        );
    }

    #[test]
    fn stopping_early_does_not_hang() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.png");
        image::RgbImage::from_pixel(20, 20, image::Rgb([1, 2, 3]))
            .save(&p)
            .unwrap();
        let files = vec![p; 50];
        let mut n = 0;
        for_each_embedded(
            &files,
            &mut fakes(&[0, 0, 0]),
            Limits::default(),
            false,
            |_| false,
            |_, _| {
                n += 1;
                if n == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap();
        assert_eq!(n, 3);
    }
}
