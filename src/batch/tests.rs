use std::time::Duration;

use image::RgbImage;

use super::*;
use crate::embed::ModelIdentity;
use crate::preprocess::Params;

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
