//! What a new user hits in the first hour (issue "The first hour"): re-running an enrollment,
//! symlinked photo folders, a stale temporary file, labels typed two ways, a damaged runtime
//! library, config mistakes, `-q`, progress in logs. Each test runs the real binary.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A dataset folder in `dir` with the given classes, each holding copies of fixture photos.
fn dataset(dir: &Path, classes: &[(&str, &[&str])]) -> PathBuf {
    let root = dir.join("photos");
    for (class, photos) in classes {
        std::fs::create_dir_all(root.join(class)).unwrap();
        for p in *photos {
            let name = Path::new(p).file_name().unwrap();
            std::fs::copy(repo(p), root.join(class).join(name)).unwrap();
        }
    }
    root
}

const CAT: [&str; 2] = [
    "tests/fixtures/photos/enroll/cat/view-1.jpg",
    "tests/fixtures/photos/enroll/cat/view-2.jpg",
];
const MUG: [&str; 2] = [
    "tests/fixtures/photos/enroll/coffee/view-1.jpg",
    "tests/fixtures/photos/enroll/coffee/view-2.jpg",
];

/// An index in `dir/idx` with one class, `cat`, of one photo.
fn cat_index(lib: &Path, dir: &Path) -> PathBuf {
    let idx = dir.join("idx");
    ok(cbrd(lib)
        .args(["-q", "enroll", "--index"])
        .arg(&idx)
        .args(["--class", "cat", CAT[0]]));
    idx
}

#[test]
fn enrolling_again_adds_nothing_and_says_what_it_skipped() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let photos = dataset(tmp.path(), &[("cat", &CAT), ("mug", &MUG)]);
    // The same photo twice in one class, under another name.
    std::fs::copy(repo(CAT[0]), photos.join("cat/copy-of-view-1.jpg")).unwrap();
    let idx = tmp.path().join("idx");
    let enroll_dir = |extra: &[&str]| {
        let o = run(cbrd(&lib)
            .args(["enroll-dir", "--index"])
            .arg(&idx)
            .args(extra)
            .arg(&photos));
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stderr(&o)
    };
    let first = enroll_dir(&[]);
    assert!(
        first.contains("enrolled 4 image(s) into 2 class(es)")
            && first.contains("skipped 1 already enrolled"),
        "{first}"
    );
    assert_eq!(class_counts(&idx), [("cat".into(), 2), ("mug".into(), 2)]);
    let again = enroll_dir(&[]);
    assert!(
        again.contains("enrolled 0 image(s) into 0 class(es)")
            && again.contains("skipped 5 already enrolled"),
        "{again}"
    );
    assert_eq!(class_counts(&idx), [("cat".into(), 2), ("mug".into(), 2)]);

    // `enroll` too; a new photo in the same call is still added.
    let o = run(cbrd(&lib).args(["enroll", "--index"]).arg(&idx).args([
        "--class",
        "cat",
        CAT[1],
        "tests/fixtures/photos/enroll/cat/view-3.jpg",
    ]));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "enrolled 1 image(s) into class \"cat\" (3 sample(s) now); skipped 1 already enrolled"
        ),
        "{}",
        stderr(&o)
    );
    // --allow-duplicates enrolls them anyway.
    let forced = enroll_dir(&["--allow-duplicates"]);
    assert!(forced.contains("enrolled 5 image(s)"), "{forced}");
    assert_eq!(class_counts(&idx), [("cat".into(), 6), ("mug".into(), 4)]);
}

#[test]
fn symlink_loops_are_walked_once_and_a_looping_argument_fails_alone() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let photos = dataset(tmp.path(), &[("cat", &CAT), ("mug", &MUG)]);
    // photos/cat/up -> .. (a loop), and a class folder linking to another class.
    std::os::unix::fs::symlink("..", photos.join("cat/up")).unwrap();
    std::os::unix::fs::symlink("mug", photos.join("zz-mug-again")).unwrap();
    let idx = tmp.path().join("idx");
    let o = run(cbrd(&lib)
        .args(["enroll-dir", "--index"])
        .arg(&idx)
        .arg(&photos));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("enrolled 4 image(s) into 2 class(es)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(class_counts(&idx), [("cat".into(), 2), ("mug".into(), 2)]);
    assert!(stderr(&o).contains("zz-mug-again"), "{}", stderr(&o));

    // classify: a self-referencing link among the arguments gets its error line; the rest
    // is classified; exit code 1.
    let selfloop = tmp.path().join("loop.jpg");
    std::os::unix::fs::symlink(&selfloop, &selfloop).unwrap();
    let o = run(cbrd(&lib)
        .args(["-q", "classify", "--index"])
        .arg(&idx)
        .arg(&selfloop)
        .arg(&photos));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 5, "one error + 4 photos, each once: {lines:?}");
    assert!(
        lines[0]["error"].as_str().unwrap().contains("loop"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1..].iter().all(|l| l["label"].is_string()),
        "{lines:?}"
    );
}

#[test]
fn a_stale_half_built_catalogue_is_removed_by_the_next_write() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = cat_index(&lib, tmp.path());
    // What a migration killed while it built the new database leaves behind.
    let stale = idx.join("catalogue.sqlite.new");
    std::fs::write(&stale, vec![7u8; 1 << 20]).unwrap();
    // A read does not touch it (it takes no lock) ...
    ok(cbrd(&lib).args(["classes", "list", "--index"]).arg(&idx));
    assert!(stale.exists());
    // ... the next write does, under the lock.
    let o = run(cbrd(&lib)
        .args(["enroll", "--index"])
        .arg(&idx)
        .args(["--class", "mug", MUG[0]]));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stale.exists(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("left by an interrupted migration"),
        "{}",
        stderr(&o)
    );
    assert_eq!(class_counts(&idx), [("cat".into(), 1), ("mug".into(), 1)]);
}

#[test]
fn labels_typed_two_ways_are_one_class_and_invisible_controls_are_refused() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    let decomposed = "cafe\u{301} cre\u{300}me";
    let composed = "caf\u{e9} cr\u{e8}me";
    for (label, photo) in [(decomposed, CAT[0]), (composed, CAT[1])] {
        ok(cbrd(&lib)
            .args(["-q", "enroll", "--index"])
            .arg(&idx)
            .args(["--class", label, photo]));
    }
    assert_eq!(class_counts(&idx), [(composed.into(), 2)]);
    let shown = ok(cbrd(&lib)
        .args(["classes", "show", decomposed, "--index"])
        .arg(&idx));
    assert!(shown.contains(composed), "{shown}");
    for bad in ["milk\u{202E}klim", "oat\u{200B}milk"] {
        let o = run(cbrd(&lib)
            .args(["enroll", "--index"])
            .arg(&idx)
            .args(["--class", bad, MUG[0]]));
        assert_eq!(code(&o), 2, "{bad:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("invisible format character U+"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(class_counts(&idx).len(), 1);
}

#[test]
fn classes_show_prints_rfc3339_times() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = cat_index(&lib, tmp.path());
    let shown = ok(cbrd(&lib)
        .args(["classes", "show", "cat", "--index"])
        .arg(&idx));
    let rfc3339 = |s: &str| {
        let b = s.as_bytes();
        s.len() == 20
            && b[4] == b'-'
            && b[10] == b'T'
            && b[19] == b'Z'
            && s[..4].parse::<u32>().is_ok_and(|y| y >= 2024)
    };
    let created = shown
        .lines()
        .next()
        .and_then(|l| l.rsplit("created ").next())
        .unwrap();
    assert!(rfc3339(created), "{shown}");
    let sample = shown.lines().nth(2).unwrap();
    let added = sample.split_whitespace().nth(1).unwrap();
    assert!(rfc3339(added), "{shown}");
}

#[test]
fn quiet_means_quiet_and_the_runtime_log_follows_the_log_level() {
    let lib = need_tflite!();
    let img = repo(CAT[0]);
    let o = run(cbrd(&lib).args(["-q", "embed"]).arg(&img));
    assert_eq!(code(&o), 0);
    assert_eq!(stderr(&o), "", "-q: nothing on stderr");
    let o = run(cbrd(&lib).args(["-v", "embed"]).arg(&img));
    assert!(
        stderr(&o).contains("TensorFlow Lite: Created TensorFlow Lite XNNPACK delegate"),
        "-v shows the runtime's own log line, as a debug line:\n{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("\nINFO: "), "{}", stderr(&o));
}

#[test]
fn enroll_dir_logs_progress_when_stderr_is_not_a_terminal() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let photos = dataset(tmp.path(), &[("cat", &CAT), ("mug", &MUG)]);
    let o = run(cbrd(&lib)
        .args(["enroll-dir", "--index"])
        .arg(tmp.path().join("idx"))
        .arg(&photos));
    assert_eq!(code(&o), 0);
    let err = stderr(&o);
    // Captured stderr is a pipe: log lines, not a bar (first, then every 5 s, then the end).
    assert!(err.contains("enrolling: 0/4 images (0 %)"), "{err}");
    let last = err
        .lines()
        .find(|l| l.contains("enrolling: 4/4 images (100 %)"))
        .unwrap_or_else(|| panic!("no final progress line:\n{err}"));
    assert!(
        last.contains("images/s") && last.contains("done in"),
        "{last}"
    );
    assert!(
        !err.contains('\r') && !err.contains("\u{1b}["),
        "no bar drawing: {err:?}"
    );
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

#[test]
fn check_config_reports_every_mistake_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // Syntax: two broken lines, both reported with their line numbers.
    let cfg = write(
        &t.join("syntax.toml"),
        "[camera]\nsource = \"folder\n[output]\nheartbeat_s = = 5\n",
    );
    let o = run(cbrd_no_lib().arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    for line in [2, 4] {
        assert!(
            err.contains(&format!("syntax.toml:{line}:")),
            "line {line}: {err}"
        );
    }

    // Types and unknown keys: all of them, with line and key path.
    let cfg = write(
        &t.join("keys.toml"),
        "[camera]\nwidht = 640\nheight = \"480\"\n[output]\nheartbeat = 5\nstdout = \"yes\"\n",
    );
    let o = run(cbrd_no_lib().arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    for want in [
        "keys.toml:2:1: camera.widht: unknown key",
        "keys.toml:3:10: camera.height: invalid type",
        "keys.toml:5:1: output.heartbeat: unknown key",
        "keys.toml:6:10: output.stdout: invalid type",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }

    // Files the config names: the hook program, the camera folder, the GPIO chip, the
    // index's parent folder; every one named.
    let not_exec = write(&t.join("hook.sh"), "#!/bin/sh\n");
    let cfg = write(
        &t.join("files.toml"),
        &format!(
            "[model]\npath = \"{model}\"\n[index]\npath = \"{t}/no/such/idx\"\n\
             [camera]\nsource = \"folder\"\nfolder = \"{t}/no-photos\"\n\
             [button]\nenabled = true\nchip = \"/dev/gpiochip-nope\"\n\
             [output]\nhook = \"{hook}\"\n",
            model = repo(INT8).display(),
            t = t.display(),
            hook = not_exec.display()
        ),
    );
    let o = run(cbrd_no_lib().arg("check-config").arg(&cfg));
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    for want in [
        "index.path: neither",
        "camera.folder:",
        "no-photos",
        "button.chip: /dev/gpiochip-nope: no such GPIO chip",
        "output.hook:",
        "not executable",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
}

#[test]
fn run_stops_with_the_error_that_check_config_reports() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write(
        &tmp.path().join("cbrd.toml"),
        &format!(
            "[index]\npath = \"{}/missing-parent/idx\"\n[camera]\nsource = \"folder\"\n\
             folder = \"{}\"\n",
            tmp.path().display(),
            repo("tests/fixtures/photos/heldout/coffee").display()
        ),
    );
    let check = run(cbrd(&lib).arg("check-config").arg(&cfg));
    let daemon = run(cbrd(&lib).args(["run", "--config"]).arg(&cfg));
    assert_eq!(code(&check), 2);
    assert_eq!(code(&daemon), 2, "{}", stderr(&daemon));
    let problem = |o: &std::process::Output| {
        stderr(o)
            .lines()
            .find(|l| l.contains("index.path"))
            .map(|l| l.split("index.path").nth(1).unwrap().to_string())
    };
    assert!(problem(&check).is_some(), "{}", stderr(&check));
    assert_eq!(problem(&daemon), problem(&check), "{}", stderr(&daemon));
    assert!(
        !tmp.path().join("missing-parent").exists(),
        "nothing created elsewhere"
    );
}

#[test]
fn a_damaged_or_foreign_runtime_library_is_refused_before_loading() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(&lib).unwrap();
    let img = repo(CAT[0]);

    // Truncated (an interrupted copy): no SIGBUS, a message naming the file.
    let truncated = tmp.path().join("truncated.so");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let o = run(cbrd(&truncated).arg("embed").arg(&img));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("truncated.so") && err.contains("truncated"),
        "{err}"
    );

    // The other architecture's library.
    let other = if std::env::consts::ARCH == "aarch64" {
        "amd64"
    } else {
        "arm64"
    };
    let foreign = repo(&format!("runtime/linux_{other}/libtensorflowlite_c.so"));
    assert!(
        foreign.is_file(),
        "deploy/fetch-tflite.sh fetches both: {}",
        foreign.display()
    );
    let o = run(cbrd(&foreign).arg("embed").arg(&img));
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("built for"), "{}", stderr(&o));

    // In the place the package puts it (next to the binary), it must be the runtime cbrd
    // ships, byte for byte.
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let exe = bin.join("cbrd");
    std::fs::copy(env!("CARGO_BIN_EXE_cbrd"), &exe).unwrap();
    let mut changed = bytes.clone();
    changed.extend_from_slice(b"appended");
    std::fs::write(bin.join("libtensorflowlite_c.so"), &changed).unwrap();
    let o = run(cbrd_at(&exe).arg("embed").arg(&img));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not the TensorFlow Lite 2.9.0 runtime that cbrd ships")
            && stderr(&o).contains("Reinstall the cbrd package"),
        "{}",
        stderr(&o)
    );
    std::fs::write(bin.join("libtensorflowlite_c.so"), &bytes).unwrap();
    let o = run(cbrd_at(&exe).args(["-q", "embed"]).arg(&img));
    assert_eq!(
        code(&o),
        0,
        "the shipped runtime next to the binary: {}",
        stderr(&o)
    );
}
