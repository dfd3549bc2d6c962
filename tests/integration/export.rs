//! `cbrd export`: the exported classifier's scores equal cbrd's own matcher (our runtime, and
//! Google's LiteRT and Task Library), its op count does not grow with the classes, its
//! metadata and labels are readable, bad inputs are refused, and it scales.

use std::path::{Path, PathBuf};

use cbrd::decide::Aggregation;
use cbrd::export::{ExportOptions, Precision};
use tflite_fbs::tflite as fb;

use crate::common::*;

/// An index of the fixture classes (int8 model), in `dir`.
fn fixture_index(lib: &Path, dir: &Path) -> PathBuf {
    let idx = dir.join("idx");
    ok(cbrd(lib)
        .args(["-q", "enroll-dir", "--index"])
        .arg(&idx)
        .arg("tests/fixtures/photos/enroll"));
    idx
}

/// `cbrd classify -k 12` → per file, the scores by label.
fn scores(out: &str) -> Vec<(String, std::collections::BTreeMap<String, f64>)> {
    json_lines(out)
        .into_iter()
        .map(|l| {
            let s = l["top"]
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
            (l["file"].as_str().unwrap().to_string(), s)
        })
        .collect()
}

/// cbrd's own matcher on the index: scores of all 12 classes per input.
fn matcher_scores(
    lib: &Path,
    idx: &Path,
    agg: &str,
    inputs: &[PathBuf],
) -> Vec<(String, std::collections::BTreeMap<String, f64>)> {
    let mut c = cbrd(lib);
    c.args([
        "-q",
        "classify",
        "-k",
        "12",
        "--aggregation",
        agg,
        "--index",
    ])
    .arg(idx)
    .args(inputs);
    scores(&ok(&mut c))
}

const INPUTS: [&str; 2] = [
    "tests/fixtures/photos/heldout",
    "tests/fixtures/photos/unknown",
];

#[test]
fn exported_classifier_matches_the_matcher_in_every_variant() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = fixture_index(&lib, tmp.path());
    // The matcher's scores depend on the aggregation only: computed once for each.
    let mut wanted = std::collections::HashMap::new();
    for (flag, agg, tol) in [
        ("--float", "max", 1e-4),
        ("--float", "mean", 1e-4),
        ("--int8", "max", 3.0 / 255.0),
        ("--int8", "mean", 3.0 / 255.0),
    ] {
        let out = tmp.path().join(format!("c{flag}-{agg}.tflite"));
        let o = run(cbrd(&lib)
            .args(["export", "--index"])
            .arg(&idx)
            .args(["--out"])
            .arg(&out)
            .args([flag, "--aggregation", agg]));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("exported 12 classes"), "{}", stderr(&o));
        let want = wanted
            .entry(agg)
            .or_insert_with(|| matcher_scores(&lib, &idx, agg, &INPUTS.map(repo)));
        // No index needed: the classifier carries its classes.
        let got = scores(&ok(cbrd(&lib)
            .args(["-q", "--model"])
            .arg(&out)
            .args(["classify", "-k", "12"])
            .args(INPUTS.map(repo))));
        assert_eq!(got.len(), 53);
        let mut worst = 0f64;
        for ((file, w), (file2, g)) in want.iter().zip(&got) {
            assert_eq!(file, file2);
            let best = |m: &std::collections::BTreeMap<String, f64>| {
                m.iter()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .unwrap()
                    .0
                    .clone()
            };
            assert_eq!(best(w), best(g), "{flag} {agg} {file}: best class");
            for (label, s) in w {
                worst = worst.max((s - g[label]).abs());
            }
        }
        assert!(worst <= tol, "{flag} {agg}: max |Δ| {worst} > {tol}");
        eprintln!("export {flag} {agg}: max |Δ| to the matcher {worst:.2e}");
    }
}

/// The Python with Google's checkers (LiteRT, MediaPipe Tasks): `$CBRD_PYTHON`, else the venv
/// that `deploy/python-env.sh` makes in target/py. Missing, it fails the test with what to do.
/// Under a cross-test runner (aarch64 under qemu) it is the host's Python: the exported file
/// does not depend on the machine that checks it.
fn python() -> PathBuf {
    let py = std::env::var_os("CBRD_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo("target/py/bin/python"));
    let probe = std::process::Command::new(&py)
        .args(["-c", "import ai_edge_litert, numpy, mediapipe"])
        .output();
    match probe {
        Ok(o) if o.status.success() => py,
        Ok(o) => panic!(
            "{} cannot import ai_edge_litert, numpy and mediapipe ({}): run deploy/python-env.sh \
             (deploy/test.sh does) or set CBRD_PYTHON; this check is not skipped",
            py.display(),
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!(
            "cannot run {} ({e}): run deploy/python-env.sh (deploy/test.sh does) or set \
             CBRD_PYTHON; this check is not skipped",
            py.display()
        ),
    }
}

#[test]
fn litert_and_mediapipe_run_the_exported_classifier() {
    let lib = need_tflite!();
    let py = python();
    let tmp = tempfile::tempdir().unwrap();
    let idx = fixture_index(&lib, tmp.path());
    let files = cbrd::batch::expand_inputs(&INPUTS.map(repo)).files;
    // The exact model inputs cbrd computes, for LiteRT.
    let mut resizer = cbrd::preprocess::Resizer::default();
    let params = cbrd::preprocess::Params {
        width: 224,
        height: 224,
        mean: 0.0,
        std: 1.0,
    };
    let mut raw = Vec::new();
    for f in &files {
        let p = cbrd::batch::prepare_file(
            f,
            &params,
            &cbrd::preprocess::Limits::default(),
            &mut resizer,
            false,
        )
        .unwrap();
        raw.extend_from_slice(p.rgb.as_raw());
    }
    std::fs::write(tmp.path().join("inputs.bin"), &raw).unwrap();
    let task_image = repo("tests/fixtures/photos/heldout/cat/view-1.jpg");
    for (flag, agg, tol) in [("--float", "max", 1e-4), ("--int8", "mean", 3.0 / 255.0)] {
        let out = tmp.path().join(format!("c{flag}.tflite"));
        ok(cbrd(&lib)
            .args(["-q", "export", "--index"])
            .arg(&idx)
            .arg("--out")
            .arg(&out)
            .args([flag, "--aggregation", agg]));
        let labels = cbrd::embed::model_file::classifier_labels(&std::fs::read(&out).unwrap())
            .expect("labels in the metadata");
        let want = matcher_scores(&lib, &idx, agg, &files);
        let table: Vec<Vec<f64>> = want
            .iter()
            .map(|(_, m)| labels.iter().map(|l| m[l]).collect())
            .collect();
        let expected = tmp.path().join("expected.json");
        std::fs::write(
            &expected,
            serde_json::json!({"labels": labels, "scores": table}).to_string(),
        )
        .unwrap();
        let mut cmd = std::process::Command::new(&py);
        cmd.arg(repo("tests/python/check_export.py"))
            .arg(&out)
            .arg(tmp.path().join("inputs.bin"))
            .arg(&expected)
            .arg(tol.to_string())
            .arg(&task_image)
            .arg("cat");
        let o = cmd.output().unwrap();
        assert!(
            o.status.success(),
            "{flag} {agg}:\n{}{}",
            stdout(&o),
            stderr(&o)
        );
        eprint!("{}", stdout(&o));
    }
}

fn identity_index(model: &Path, n_classes: usize, per_class: usize) -> cbrd::index::Index {
    let bytes = std::fs::read(model).unwrap();
    let name = model.file_name().unwrap().to_str().unwrap();
    let id = cbrd::embed::model_file::identity_of(&bytes, name, 0.0, 1.0).unwrap();
    let (synthetic, _) = cbrd::index::synthetic_index(n_classes * per_class, id.dim, n_classes);
    let mut idx = cbrd::index::Index::new(id);
    let mut ids = Vec::new();
    for c in synthetic.classes() {
        ids.push(idx.ensure_class(&c.label, 0).unwrap());
    }
    for (s, row) in synthetic
        .samples()
        .iter()
        .zip(synthetic.vectors().to_f32().chunks_exact(synthetic.dim()))
    {
        let pos = synthetic
            .classes()
            .iter()
            .position(|c| c.id == s.class_id)
            .unwrap();
        idx.add_sample(ids[pos], "synthetic", row, None, None, 0)
            .unwrap();
    }
    idx
}

fn opts(precision: Precision, aggregation: Aggregation) -> ExportOptions {
    ExportOptions {
        precision,
        aggregation,
        input_mean: 0.0,
        input_std: 1.0,
        model_name: "efficientnet_lite0_int8.tflite".into(),
    }
}

#[test]
fn op_count_is_constant_and_metadata_is_complete() {
    let model = repo(INT8);
    let bytes = std::fs::read(&model).unwrap();
    let mut added = Vec::new();
    for classes in [3, 300] {
        for p in [Precision::Float, Precision::Int8] {
            for a in [Aggregation::Max, Aggregation::Mean] {
                let e =
                    cbrd::export::export(&bytes, &identity_index(&model, classes, 2), &opts(p, a))
                        .unwrap();
                added.push(((p == Precision::Int8, a == Aggregation::Mean), e.ops_added));
                assert_eq!(e.labels.len(), classes);
                assert_eq!(
                    cbrd::embed::model_file::classifier_labels(&e.bytes).unwrap(),
                    e.labels,
                    "labels.txt in the zip"
                );
                let m = <fb::ModelRef as planus::ReadAsRoot>::read_as_root(&e.bytes).unwrap();
                assert_eq!(m.subgraphs().unwrap().unwrap().len(), 1);
                assert!(
                    m.description()
                        .unwrap()
                        .unwrap()
                        .contains(&format!("{classes} classes"))
                );
            }
        }
    }
    // Same variant, 3 or 300 classes: the same number of operators.
    for (variant, n) in &added {
        assert!(
            added
                .iter()
                .filter(|(v, _)| v == variant)
                .all(|(_, m)| m == n),
            "{added:?}"
        );
    }
    // max: [DEQUANTIZE,] L2_NORMALIZATION, FULLY_CONNECTED, GATHER, REDUCE_MAX (+ QUANTIZE, DEQUANTIZE for int8).
    assert!(
        added.contains(&((false, false), 5)) && added.contains(&((true, false), 7)),
        "{added:?}"
    );
}

#[test]
fn bad_inputs_are_clear_errors() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = fixture_index(&lib, tmp.path());
    let out = tmp.path().join("c.tflite");
    let export = |args: &[&str]| {
        let mut c = cbrd(&lib);
        c.args(args)
            .args(["export", "--index"])
            .arg(&idx)
            .arg("--out")
            .arg(&out);
        run(&mut c)
    };
    let o = export(&["--model", FLOAT]);
    assert_eq!(code(&o), 2, "another model is a configuration error");
    assert!(
        stderr(&o).contains("the index was built with model 'efficientnet_lite0_int8.tflite'"),
        "{}",
        stderr(&o)
    );
    let o = export(&["--model", "README.md"]);
    assert!(
        stderr(&o).contains("README.md is not a TensorFlow Lite model"),
        "{}",
        stderr(&o)
    );
    let o = run(cbrd(&lib)
        .args(["export", "--aggregation", "knn", "--index"])
        .arg(&idx)
        .arg("--out")
        .arg(&out));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("knn cannot be exported"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written on errors");

    // An index without samples.
    let empty = tmp.path().join("empty");
    {
        let bytes = std::fs::read(repo(INT8)).unwrap();
        let id = cbrd::embed::model_file::identity_of(
            &bytes,
            "efficientnet_lite0_int8.tflite",
            0.0,
            1.0,
        )
        .unwrap();
        let mut i = cbrd::index::Index::new(id);
        i.ensure_class("nothing yet", 0).unwrap();
        let id = i.identity().clone();
        cbrd::index::store::edit(
            &empty,
            cbrd::index::store::Open::OrCreate(&id, None),
            |txn| {
                **txn = i;
                anyhow::Ok(())
            },
        )
        .unwrap();
    }
    let o = run(cbrd(&lib)
        .args(["export", "--index"])
        .arg(&empty)
        .arg("--out")
        .arg(&out));
    assert!(
        stderr(&o).contains("the index has no samples"),
        "{}",
        stderr(&o)
    );

    // Models with two subgraphs, or two outputs.
    let bytes = std::fs::read(repo(INT8)).unwrap();
    let model =
        fb::Model::try_from(<fb::ModelRef as planus::ReadAsRoot>::read_as_root(&bytes).unwrap())
            .unwrap();
    let index = identity_index(&repo(INT8), 2, 1);
    let finish = |m: &fb::Model| {
        let mut b = planus::Builder::new();
        let f = b.finish(m, None).to_vec();
        // Put the identifier where readers expect it (see export::with_identifier).
        let root = u32::from_le_bytes(f[0..4].try_into().unwrap()) + 16;
        [&root.to_le_bytes()[..], b"TFL3", &[0; 8], &f].concat()
    };
    let mut two_subgraphs = model.clone();
    let sg = two_subgraphs.subgraphs.as_ref().unwrap()[0].clone();
    two_subgraphs.subgraphs.as_mut().unwrap().push(sg);
    let err = cbrd::export::export(
        &finish(&two_subgraphs),
        &index,
        &opts(Precision::Float, Aggregation::Max),
    )
    .unwrap_err();
    assert!(err.to_string().contains("it has 2 subgraphs"), "{err}");
    let mut two_outputs = model.clone();
    let sg = &mut two_outputs.subgraphs.as_mut().unwrap()[0];
    let first = sg.outputs.as_ref().unwrap()[0];
    sg.outputs.as_mut().unwrap().push(first - 1);
    let err = cbrd::export::export(
        &finish(&two_outputs),
        &index,
        &opts(Precision::Float, Aggregation::Max),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("it has 1 inputs and 2 outputs"),
        "{err}"
    );
}

#[test]
fn ten_thousand_classes_load_fast() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let model = repo(INT8);
    let bytes = std::fs::read(&model).unwrap();
    let index = identity_index(&model, 10_000, 1);
    for p in [Precision::Float, Precision::Int8] {
        let e = cbrd::export::export(&bytes, &index, &opts(p, Aggregation::Max)).unwrap();
        let path = tmp.path().join("big.tflite");
        std::fs::write(&path, &e.bytes).unwrap();
        let o = cbrd::embed::EmbedderOptions {
            model: path,
            library: Some(lib.clone()),
            threads: 1,
            xnnpack: false,
            edgetpu: None,
            input_mean: 0.0,
            input_std: 1.0,
        };
        let mut emb = cbrd::embed::TfliteEmbedder::new(&o).unwrap();
        let created = emb.created_in();
        use cbrd::embed::Embedder;
        assert_eq!(emb.labels().unwrap().len(), 10_000);
        let v = emb.embed(&image::RgbImage::new(224, 224)).unwrap();
        assert_eq!(v.len(), 10_000);
        eprintln!(
            "10 000 classes {p:?}: {} bytes, interpreter created in {created:?}",
            e.bytes.len()
        );
        // The seed's per-class graph took 1.8 s here; README has the measured figure.
        assert!(created.as_millis() < 1000, "{p:?}: {created:?}");
    }
}

#[test]
fn the_daemon_runs_a_frozen_classifier_without_an_index() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = fixture_index(&lib, tmp.path());
    let model = tmp.path().join("frozen.tflite");
    ok(cbrd(&lib)
        .args(["-q", "export", "--index"])
        .arg(&idx)
        .arg("--out")
        .arg(&model));
    std::fs::remove_dir_all(&idx).unwrap(); // the classifier needs no index
    let cfg = tmp.path().join("cbrd.toml");
    std::fs::write(
        &cfg,
        format!(
            "[model]\npath = \"{}\"\n[camera]\nsource = \"folder\"\nfolder = \"{}\"\nrate = 10\n[decision]\nwindow = 2\nhold = 1\n",
            model.display(),
            repo("tests/fixtures/photos/heldout/rocket").display()
        ),
    )
    .unwrap();
    let mut child = cbrd(&lib)
        .args(["run", "--config"])
        .arg(&cfg)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut found = false;
    for line in std::io::BufRead::lines(std::io::BufReader::new(out)).map_while(Result::ok) {
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        if v["event"] == "decision" {
            found = v["label"] == "rocket";
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "the frozen classifier recognises the rocket");
}
