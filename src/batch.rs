//! Batch input for the CLI: finds image files and turns them into model input on a separate
//! thread, so decoding the next image overlaps inference on the current one.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use image::RgbImage;

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

/// Prepares `files` in order on a named background thread and hands each result to `f` on
/// the calling thread. `f` may stop early by returning `ControlFlow::Break`. Fails only if the
/// thread cannot be started.
pub fn for_each_prepared<F>(
    files: Vec<PathBuf>,
    params: Params,
    limits: Limits,
    thumbnails: bool,
    mut f: F,
) -> std::io::Result<()>
where
    F: FnMut(PathBuf, Result<Prepared, PreprocessError>) -> ControlFlow<()>,
{
    let (tx, rx) = mpsc::sync_channel::<(PathBuf, Result<Prepared, PreprocessError>)>(4);
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("cbrd-decode".into())
            .spawn_scoped(s, move || {
                let mut resizer = Resizer::default();
                for path in files {
                    let r = prepare_file(&path, &params, &limits, &mut resizer, thumbnails);
                    if tx.send((path, r)).is_err() {
                        break; // the receiver stopped early
                    }
                }
            })?;
        for (path, r) in rx.iter() {
            if f(path, r).is_break() {
                break;
            }
        }
        drop(rx);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn failures_are_per_file_and_order_is_kept() {
        let d = tempfile::tempdir().unwrap();
        let good = d.path().join("good.png");
        image::RgbImage::from_pixel(40, 30, image::Rgb([10, 20, 30]))
            .save(&good)
            .unwrap();
        let bad = d.path().join("bad.png");
        std::fs::write(&bad, b"\x89PNG\r\n\x1a\nbroken").unwrap();
        let empty = d.path().join("empty.jpg");
        std::fs::write(&empty, b"").unwrap();
        let params = Params {
            width: 8,
            height: 8,
            mean: 0.0,
            std: 1.0,
        };
        let mut seen = Vec::new();
        for_each_prepared(
            vec![bad.clone(), good.clone(), empty.clone()],
            params,
            Limits::default(),
            true,
            |p, r| {
                seen.push((p, r.map(|x| (x.rgb.dimensions(), x.thumbnail.is_some()))));
                ControlFlow::Continue(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[0].0, bad);
        assert!(seen[0].1.is_err());
        assert_eq!(seen[1].1.as_ref().unwrap(), &((8, 8), true));
        assert!(matches!(seen[2].1, Err(PreprocessError::Empty)));
    }
}
