//! End to end on real photos: enroll the bundled fixture classes, classify held-out views
//! (never enrolled) and photos of things that were never enrolled.

use crate::common::*;

struct Result {
    correct_top1: usize,
    accepted_correct: usize,
    heldout: usize,
    unknown_rejected: usize,
    unknown: usize,
}

/// Enrolls the fixture classes with `model` into a new index.
fn enroll(model: &str) -> tempfile::TempDir {
    let lib = tflite_lib();
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let o = run(cbrd(&lib)
        .args(["--model", model, "enroll-dir", "--index"])
        .arg(&idx)
        .arg("tests/fixtures/photos/enroll"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("enrolled 36 image(s) into 12 class(es)"),
        "{}",
        stderr(&o)
    );
    dir
}

fn evaluate(model: &str, extra: &[&str]) -> Result {
    classify(&enroll(model), model, extra)
}

/// Classifies the held-out and unknown photos against the index that [`enroll`] made.
fn classify(dir: &tempfile::TempDir, model: &str, extra: &[&str]) -> Result {
    let lib = tflite_lib();
    let idx = dir.path().join("idx");
    let out = ok(cbrd(&lib)
        .args(["-q", "--model", model, "classify", "--index"])
        .arg(&idx)
        .args(extra)
        .args([
            "tests/fixtures/photos/heldout",
            "tests/fixtures/photos/unknown",
        ]));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 48 + 5, "one line per image");
    let mut r = Result {
        correct_top1: 0,
        accepted_correct: 0,
        heldout: 0,
        unknown_rejected: 0,
        unknown: 0,
    };
    for l in &lines {
        let file = l["file"].as_str().unwrap();
        let parts: Vec<&str> = file.split('/').collect();
        assert!(l["top"].as_array().unwrap().len() <= 3);
        if parts.contains(&"heldout") {
            let truth = parts[parts.len() - 2];
            r.heldout += 1;
            r.correct_top1 += usize::from(l["top"][0]["label"] == truth);
            r.accepted_correct += usize::from(l["label"] == truth);
        } else {
            r.unknown += 1;
            if l["label"].is_null() {
                r.unknown_rejected += 1;
                assert!(l["reason"].is_string(), "{l}");
            }
        }
    }
    r
}

#[test]
fn int8_model_recognises_heldout_views_and_rejects_unknowns() {
    let r = evaluate(INT8, &[]);
    assert_eq!(r.heldout, 48);
    assert_eq!(r.correct_top1, 48, "top-1 on held-out views");
    assert_eq!(
        r.accepted_correct, 48,
        "held-out views accepted with the right label"
    );
    assert_eq!(
        r.unknown_rejected, r.unknown,
        "photos of unenrolled things are unknown"
    );
}

#[test]
fn float32_model_recognises_heldout_views_and_rejects_unknowns() {
    let r = evaluate(FLOAT, &[]);
    assert_eq!(r.correct_top1, 48);
    assert_eq!(r.accepted_correct, 48);
    assert_eq!(r.unknown_rejected, r.unknown);
}

#[test]
fn every_aggregation_rule_works_end_to_end() {
    // One index: the aggregation rule is a matter of classifying, not of enrolling.
    let idx = enroll(INT8);
    for agg in ["mean", "knn"] {
        let r = classify(&idx, INT8, &["--aggregation", agg]);
        assert_eq!(r.correct_top1, 48, "{agg}");
        assert_eq!(r.unknown_rejected, r.unknown, "{agg}");
    }
}

/// `(label, top [(label, score)])` per classified file.
fn decisions(
    out: &str,
) -> std::collections::BTreeMap<String, (serde_json::Value, Vec<(String, f64)>)> {
    json_lines(out)
        .into_iter()
        .map(|l| {
            let top = l["top"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    (
                        t["label"].as_str().unwrap().to_string(),
                        t["score"].as_f64().unwrap(),
                    )
                })
                .collect();
            (
                l["file"].as_str().unwrap().to_string(),
                (l["label"].clone(), top),
            )
        })
        .collect()
}

/// The same catalogue converted to f16 and int8 (`cbrd index convert`) gives every photo the
/// same decision and the same top-1, and every listed score within 0.01 of float32.
#[test]
fn compact_storages_keep_every_decision_and_score() {
    let lib = tflite_lib();
    let dir = enroll(INT8);
    let idx = dir.path().join("idx");
    let classify = |idx: &std::path::Path| {
        ok(cbrd(&lib)
            .args(["-q", "--model", INT8, "classify", "--index"])
            .arg(idx)
            .args([
                "tests/fixtures/photos/heldout",
                "tests/fixtures/photos/unknown",
            ]))
    };
    let want = decisions(&classify(&idx));
    assert_eq!(want.len(), 48 + 5);
    for storage in ["f16", "int8"] {
        let copy = dir.path().join(storage);
        let o = run(std::process::Command::new("cp")
            .arg("-r")
            .arg(&idx)
            .arg(&copy));
        assert!(o.status.success());
        let o = run(cbrd(&lib)
            .args(["index", "convert", "--storage", storage, "--index"])
            .arg(&copy));
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "converted the 36 vectors in {} from f32 to {storage}",
                copy.display()
            )),
            "{}",
            stderr(&o)
        );
        let info = ok(cbrd(&lib)
            .args(["--model", INT8, "info", "--index"])
            .arg(&copy));
        assert!(info.contains(&format!("vectors:    {storage} (")), "{info}");
        let got = decisions(&classify(&copy));
        assert_eq!(got.len(), want.len());
        let mut worst = 0f64;
        for (file, (label, top)) in &want {
            let (l, t) = &got[file];
            assert_eq!(l, label, "{storage}: decision for {file}");
            assert_eq!(t[0].0, top[0].0, "{storage}: top-1 for {file}");
            for (name, score) in top {
                if let Some((_, s)) = t.iter().find(|(n, _)| n == name) {
                    worst = worst.max((s - score).abs());
                }
            }
        }
        assert!(worst < 0.01, "{storage}: a score moved by {worst}");
        eprintln!("{storage}: worst score change {worst:.5}");
        if storage == "int8" {
            // An export from the int8 catalogue (its rows dequantised) recognises the same.
            let model = dir.path().join("int8.tflite");
            let o = run(cbrd(&lib)
                .args(["--model", INT8, "export", "--index"])
                .arg(&copy)
                .arg("--out")
                .arg(&model));
            assert_eq!(code(&o), 0, "{}", stderr(&o));
            let exported = decisions(&ok(cbrd(&lib)
                .arg("-q")
                .arg("--model")
                .arg(&model)
                .args(["classify", "tests/fixtures/photos/heldout"])));
            assert_eq!(exported.len(), 48);
            for (file, (_, top)) in &exported {
                assert_eq!(top[0].0, got[file].1[0].0, "exported top-1 for {file}");
            }
        }
    }
    // Converting to what it is already is a no-op that says so.
    let o = run(cbrd(&lib)
        .args(["index", "convert", "--storage", "f32", "--index"])
        .arg(&idx));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("already stores f32 vectors"),
        "{}",
        stderr(&o)
    );
}

/// `[index] storage` sets how a new catalogue stores its vectors; a bad value is a config
/// error that names the key.
#[test]
fn the_storage_key_makes_new_catalogues_and_is_checked() {
    let lib = tflite_lib();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cbrd.toml");
    std::fs::write(&cfg, "[index]\npath = \"idx\"\nstorage = \"int8\"\n").unwrap();
    ok(cbrd(&lib).arg("--config").arg(&cfg).args([
        "-q",
        "enroll",
        "--class",
        "cat",
        "tests/fixtures/golden/cat.png",
    ]));
    let info = ok(cbrd(&lib).arg("--config").arg(&cfg).arg("info"));
    assert!(info.contains("vectors:    int8 (1284 bytes each"), "{info}");
    std::fs::write(&cfg, "[index]\npath = \"idx\"\nstorage = \"int4\"\n").unwrap();
    let o = run(cbrd(&lib).arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("index.storage") && stderr(&o).contains("\"int4\""),
        "{}",
        stderr(&o)
    );
    let o = run(cbrd(&lib)
        .args(["index", "convert", "--storage", "int4", "--index"])
        .arg(dir.path().join("idx")));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}
