//! Batch input for the CLI: finds image files and embeds them on worker threads (one
//! interpreter each), delivering the results in input order.

use std::collections::BTreeMap;
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

/// Image files of a folder, recursively, sorted by path; hidden entries are skipped.
/// Returns the images and the number of other files skipped.
pub fn images_in(dir: &Path, recursive: bool) -> std::io::Result<(Vec<PathBuf>, usize)> {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let p = e.path();
        let ft = e.file_type()?;
        if ft.is_dir() || (ft.is_symlink() && p.is_dir()) {
            if recursive {
                let (sub, s) = images_in(&p, true)?;
                out.extend(sub);
                skipped += s;
            } else {
                skipped += 1;
            }
        } else if is_image_name(&p) {
            out.push(p);
        } else {
            skipped += 1;
        }
    }
    Ok((out, skipped))
}

/// Expands command-line inputs: files are taken as given, folders are walked recursively for
/// image files. A missing input is an error naming it.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, usize), String> {
    let mut files = Vec::new();
    let mut skipped = 0;
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| format!("{}: {e}", input.display()))?;
        if meta.is_dir() {
            let (f, s) = images_in(input, true)
                .map_err(|e| format!("cannot list {}: {e}", input.display()))?;
            files.extend(f);
            skipped += s;
        } else {
            files.push(input.clone());
        }
    }
    Ok((files, skipped))
}

/// One image ready for the model.
#[derive(Debug)]
pub struct Prepared {
    /// Model-input-sized RGB.
    pub rgb: RgbImage,
    /// JPEG thumbnail of `rgb`, if requested.
    pub thumbnail: Option<Vec<u8>>,
    /// Time spent reading, decoding and resizing.
    pub elapsed: Duration,
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
    let img = preprocess::decode(&bytes, limits)?;
    let rgb = resizer.square_resize(&img, params.width, params.height)?;
    let thumbnail = thumbnail.then(|| encode_thumbnail(&rgb)).flatten();
    Ok(Prepared {
        rgb,
        thumbnail,
        elapsed: t.elapsed(),
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
/// the calling thread **in input order**. `f` may stop early by returning
/// `ControlFlow::Break`. Fails only if a thread cannot be started.
///
/// Several single-threaded interpreters working on different images use the cores better
/// than one multi-threaded interpreter plus a decoding thread: decoding overlaps inference and
/// there is no intra-op synchronisation.
pub fn for_each_embedded<E, F>(
    files: &[PathBuf],
    embedders: &mut [E],
    limits: Limits,
    thumbnails: bool,
    mut f: F,
) -> std::io::Result<()>
where
    E: Embedder + Send,
    F: FnMut(&Path, Result<Embedded, ItemError>) -> ControlFlow<()>,
{
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) =
        mpsc::sync_channel::<(usize, Result<Embedded, ItemError>)>(2 * embedders.len().max(1));
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
                        let r = prepare_file(path, &params, &limits, &mut resizer, thumbnails)
                            .map_err(ItemError::from)
                            .and_then(|p| {
                                Ok(Embedded {
                                    vector: emb.embed(&p.rgb)?,
                                    thumbnail: p.thumbnail,
                                })
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
        assert!(
            expand_inputs(&[d.path().join("missing")])
                .unwrap_err()
                .contains("missing")
        );
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
                |p, r| {
                    seen.push((
                        p.to_path_buf(),
                        r.map(|e| (e.vector, e.thumbnail.is_some())),
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
