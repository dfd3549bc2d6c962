//! The command line: help, exit codes, config validation, per-file errors.

use crate::common::*;

#[test]
fn help_is_complete_for_every_command() {
    let top = ok(cbrd_no_lib().arg("--help"));
    let commands = [
        "enroll",
        "enroll-dir",
        "classify",
        "classes",
        "embed",
        "info",
        "check-config",
        "bench",
        "reembed",
        "index",
    ];
    for c in commands {
        assert!(top.contains(c), "top-level help lists {c}");
        let h = ok(cbrd_no_lib().args([c, "--help"]));
        assert!(h.contains("Usage: cbrd"), "{c} --help:\n{h}");
    }
    for c in ["list", "show", "remove", "rename", "remove-sample"] {
        ok(cbrd_no_lib().args(["classes", c, "--help"]));
    }
    let h = ok(cbrd_no_lib().args(["index", "convert", "--help"]));
    assert!(h.contains("--storage") && h.contains("--index"), "{h}");
    let h = ok(cbrd_no_lib().args(["classify", "--help"]));
    for want in [
        "--aggregation",
        "--min-score",
        "--min-margin",
        "--top-k",
        "--index",
        "--config",
        "--tflite-lib",
        "--no-xnnpack",
        "--edgetpu",
    ] {
        assert!(h.contains(want), "classify --help mentions {want}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["classify"][..],
        &["enroll", "--index", "x", "a.jpg"][..],
        &["--no-such-flag"][..],
        &[][..],
        &["classify", "--aggregation", "avg", "--index", "x", "a.jpg"][..],
    ] {
        let o = run(cbrd_no_lib().args(args));
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
    }
    // No index folder anywhere.
    let o = run(cbrd_no_lib().args(["classes", "list"]));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--index"), "{}", stderr(&o));
}

#[test]
fn config_errors_are_all_reported_with_key_paths_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[model]\npath = \"nope.tflite\"\n[runtime]\nthreads = 100\n[match]\ntop_k = 0\nmin_score = 7\n").unwrap();
    let o = run(cbrd_no_lib().arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    for key in ["runtime.threads", "match.top_k", "match.min_score"] {
        assert!(err.contains(key), "{key} in {err}");
    }
    assert!(err.contains("bad.toml"), "{err}");

    // Once the values are valid, the files it names are checked.
    std::fs::write(
        &cfg,
        "[model]\npath = \"nope.tflite\"\n[runtime]\nlibrary = \"/no/lib.so\"\n",
    )
    .unwrap();
    let o = run(cbrd_no_lib().arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("model.path") && err.contains("runtime.library"),
        "{err}"
    );

    std::fs::write(&cfg, "[runtime]\nthreds = 2\n").unwrap();
    let o = run(cbrd_no_lib().arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("threds"), "{}", stderr(&o));

    // The shipped reference config is valid (relative model path resolved from config/).
    let out = ok(cbrd_no_lib().args(["check-config", "config/cbrd.toml"]));
    assert!(out.contains("OK"), "{out}");
}

#[test]
fn config_file_values_are_used_and_flags_override_them() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!(
            "[model]\npath = \"{}\"\n[runtime]\nthreads = 1\nxnnpack = false\n",
            repo(FLOAT).display()
        ),
    )
    .unwrap();
    let out = ok(cbrd(&lib).arg("--config").arg(&cfg).arg("info"));
    assert!(
        out.contains("float32")
            && out.contains("threads:      1")
            && out.contains("builtin CPU kernels"),
        "{out}"
    );
    let out = ok(cbrd(&lib)
        .arg("--config")
        .arg(&cfg)
        .args(["--threads", "2", "info"]));
    assert!(out.contains("threads:      2"), "{out}");
}

#[test]
fn bad_images_fail_alone_and_the_batch_goes_on() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    ok(cbrd(&lib)
        .args(["-q", "enroll", "--index"])
        .arg(&idx)
        .args(["--class", "cat", "tests/fixtures/golden/cat.png"]));
    let good = std::fs::read(repo("tests/fixtures/golden/coffee.jpg")).unwrap();
    let files = [
        ("truncated.jpg", good[..good.len() / 3].to_vec()),
        ("empty.png", Vec::new()),
        ("text.jpg", b"this is not an image".to_vec()),
        ("zzz-good.jpg", good.clone()),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    // A decompression bomb: a small PNG that claims 100 000 × 100 000 pixels.
    let bomb = dir.path().join("bomb.png");
    std::fs::write(&bomb, png_claiming(100_000, 100_000)).unwrap();
    paths.insert(0, bomb);
    let o = run(cbrd(&lib)
        .args(["-q", "classify", "--index"])
        .arg(&idx)
        .args(&paths));
    assert_eq!(code(&o), 1, "some inputs failed");
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 5, "one line per input, failures included");
    let by_name = |n: &str| {
        lines
            .iter()
            .find(|l| l["file"].as_str().unwrap().ends_with(n))
            .unwrap()
            .clone()
    };
    assert!(
        by_name("bomb.png")["error"]
            .as_str()
            .unwrap()
            .contains("megapixels"),
        "{}",
        by_name("bomb.png")
    );
    assert!(
        by_name("empty.png")["error"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
    assert!(
        by_name("text.jpg")["error"]
            .as_str()
            .unwrap()
            .contains("not a supported image")
    );
    assert!(by_name("truncated.jpg")["error"].is_string());
    let good = by_name("zzz-good.jpg");
    assert!(good["error"].is_null() && good["top"].is_array(), "{good}");
}

/// A tiny PNG whose header claims `w`×`h` RGB pixels (a decompression bomb's header).
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (&b"IHDR"[..], ihdr),
        (b"IDAT", vec![0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]),
        (b"IEND", vec![]),
    ] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(&data);
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn classify_output_has_the_documented_shape() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    ok(cbrd(&lib)
        .args(["-q", "enroll-dir", "--index"])
        .arg(dir.path())
        .arg("tests/fixtures/photos/enroll"));
    let out = ok(cbrd(&lib)
        .args(["-q", "classify", "-k", "2", "--index"])
        .arg(dir.path())
        .args([
            "tests/fixtures/photos/heldout/rocket/view-1.jpg",
            "tests/fixtures/photos/unknown/page.jpg",
        ]));
    let lines = json_lines(&out);
    let known = &lines[0];
    assert_eq!(
        known["file"],
        "tests/fixtures/photos/heldout/rocket/view-1.jpg"
    );
    assert_eq!(known["label"], "rocket");
    assert_eq!(known["top"][0]["label"], "rocket");
    assert_eq!(known["top"].as_array().unwrap().len(), 2);
    assert_eq!(known["score"], known["top"][0]["score"]);
    assert!(known.get("reason").is_none());
    let unknown = &lines[1];
    assert!(unknown["label"].is_null());
    assert_eq!(unknown["reason"], "low_score");
    // Raising the threshold turns known images into unknowns; lowering it accepts anything.
    let out = ok(cbrd(&lib)
        .args(["-q", "classify", "--min-score", "0.99", "--index"])
        .arg(dir.path())
        .arg("tests/fixtures/photos/heldout/rocket/view-1.jpg"));
    assert!(json_lines(&out)[0]["label"].is_null());
    let out = ok(cbrd(&lib)
        .args([
            "-q",
            "classify",
            "--min-score=-1",
            "--min-margin",
            "0",
            "--index",
        ])
        .arg(dir.path())
        .arg("tests/fixtures/photos/unknown/page.jpg"));
    assert!(json_lines(&out)[0]["label"].is_string());
}

#[test]
fn enroll_dir_reports_failures_and_keeps_the_good_images() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("coffee")).unwrap();
    std::fs::create_dir_all(data.join("cat")).unwrap();
    std::fs::copy(
        repo("tests/fixtures/photos/enroll/coffee/view-1.jpg"),
        data.join("coffee/a.jpg"),
    )
    .unwrap();
    std::fs::copy(
        repo("tests/fixtures/photos/enroll/cat/view-1.jpg"),
        data.join("cat/a.jpg"),
    )
    .unwrap();
    std::fs::write(data.join("cat/broken.jpg"), b"\xff\xd8\xff garbage").unwrap();
    std::fs::write(data.join("cat/notes.txt"), b"not an image").unwrap();
    let idx = dir.path().join("idx");
    let o = run(cbrd(&lib)
        .args(["enroll-dir", "--index"])
        .arg(&idx)
        .arg(&data));
    assert_eq!(code(&o), 1, "partial success");
    let err = stderr(&o);
    assert!(err.contains("broken.jpg"), "{err}");
    assert!(
        err.contains("enrolled 2 image(s) into 2 class(es)")
            && err.contains("1 failed")
            && err.contains("1 non-image"),
        "{err}"
    );
    let list = ok(cbrd_no_lib().args(["classes", "list", "--index"]).arg(&idx));
    assert!(list.contains("2 classes, 2 samples"), "{list}");
}

#[test]
fn embed_prints_a_unit_vector() {
    let lib = need_tflite!();
    let v = embed(&lib, INT8, &repo("tests/fixtures/golden/cat.png"), &[]);
    assert_eq!(v.len(), 1280);
    let norm: f64 = v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "{norm}");
}

#[test]
fn every_shipped_config_is_valid() {
    let mut files = vec![repo("config/cbrd.toml"), repo("deploy/cbrd.toml")];
    for e in std::fs::read_dir(repo("config/examples")).unwrap() {
        files.push(e.unwrap().path());
    }
    assert!(
        files.len() >= 6,
        "reference, packaged and at least 4 examples"
    );
    for f in files {
        let raw = cbrd::config::RawConfig::from_file(&f)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        raw.validate()
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}
