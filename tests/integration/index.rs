//! The on-disk index through the CLI: catalogue operations, model binding, damage detection,
//! concurrent writers.

use std::path::Path;

use crate::common::*;

fn enroll(lib: &Path, idx: &Path, class: &str, files: &[&str]) {
    ok(cbrd(lib)
        .args(["-q", "enroll", "--index"])
        .arg(idx)
        .args(["--class", class])
        .args(files));
}

#[test]
fn enroll_list_show_rename_remove() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("catalogue");
    enroll(
        &lib,
        &idx,
        "tasse à café ☕",
        &[
            "tests/fixtures/photos/enroll/coffee/view-1.jpg",
            "tests/fixtures/photos/enroll/coffee/view-2.jpg",
        ],
    );
    enroll(
        &lib,
        &idx,
        "cat",
        &["tests/fixtures/photos/enroll/cat/view-1.jpg"],
    );
    enroll(
        &lib,
        &idx,
        "cat",
        &["tests/fixtures/photos/enroll/cat/view-2.jpg"],
    );
    assert_eq!(
        class_counts(&idx),
        vec![("tasse à café ☕".to_string(), 2), ("cat".to_string(), 2)]
    );

    // Catalogue commands work without the TFLite library.
    let show = ok(cbrd_no_lib()
        .args(["classes", "show", "cat", "--index"])
        .arg(&idx));
    assert!(show.contains("enroll/cat/view-2.jpg"), "{show}");
    let sample_id: u64 = show
        .lines()
        .find(|l| l.contains("view-2.jpg"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("sample id column");

    ok(cbrd_no_lib()
        .args(["classes", "rename", "cat", "Chelsea", "--index"])
        .arg(&idx));
    let o = run(cbrd_no_lib()
        .args(["classes", "rename", "Chelsea", "tasse à café ☕", "--index"])
        .arg(&idx));
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    ok(cbrd_no_lib()
        .args(["classes", "remove-sample"])
        .arg(sample_id.to_string())
        .arg("--index")
        .arg(&idx));
    assert_eq!(
        class_counts(&idx),
        vec![
            ("tasse à café ☕".to_string(), 2),
            ("Chelsea".to_string(), 1)
        ]
    );

    // The renamed class is what classification reports.
    let out = ok(cbrd(&lib)
        .args(["-q", "classify", "--index"])
        .arg(&idx)
        .arg("tests/fixtures/photos/heldout/cat/view-1.jpg"));
    assert_eq!(json_lines(&out)[0]["label"], "Chelsea");

    ok(cbrd_no_lib()
        .args(["classes", "remove", "Chelsea", "--index"])
        .arg(&idx));
    assert_eq!(class_counts(&idx), vec![("tasse à café ☕".to_string(), 2)]);
    let o = run(cbrd_no_lib()
        .args(["classes", "remove", "Chelsea", "--index"])
        .arg(&idx));
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("no class named \"Chelsea\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_labels_are_usage_errors() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    for bad in ["", " padded", "two\nlines"] {
        let o = run(cbrd(&lib)
            .args(["enroll", "--index"])
            .arg(dir.path())
            .args(["--class", bad, "tests/fixtures/golden/cat.png"]));
        assert_eq!(code(&o), 2, "{bad:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("invalid class label"), "{}", stderr(&o));
    }
    assert!(!dir.path().join("index.cbrd").exists());
}

#[test]
fn index_built_with_another_model_is_refused() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    enroll(&lib, dir.path(), "cat", &["tests/fixtures/golden/cat.png"]);
    let o = run(cbrd(&lib)
        .args(["--model", FLOAT, "classify", "--index"])
        .arg(dir.path())
        .arg("tests/fixtures/golden/cat.png"));
    // A configuration error (exit 2), as for `cbrd run` and as the README says.
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("was built with model 'efficientnet_lite0_int8.tflite'"),
        "{err}"
    );
    assert!(err.contains("'efficientnet_lite0_float32.tflite'"), "{err}");
    // Enrolling with the other model is refused too and leaves the index as it was.
    let before = std::fs::read(dir.path().join("catalogue.sqlite")).unwrap();
    let o = run(cbrd(&lib)
        .args(["--model", FLOAT, "enroll", "--index"])
        .arg(dir.path())
        .args(["--class", "x", "tests/fixtures/golden/cat.png"]));
    assert_eq!(code(&o), 2);
    assert_eq!(
        std::fs::read(dir.path().join("catalogue.sqlite")).unwrap(),
        before
    );
}

#[test]
fn damaged_index_files_are_detected() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    enroll(
        &lib,
        dir.path(),
        "cat",
        &[
            "tests/fixtures/golden/cat.png",
            "tests/fixtures/golden/coffee.jpg",
        ],
    );
    let path = dir.path().join("catalogue.sqlite");
    let good = std::fs::read(&path).unwrap();
    // Where the first stored vector is in the file (read with SQLite, found in the bytes).
    let vector: Vec<u8> = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT data FROM vectors LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let at = good
        .windows(64)
        .position(|w| w == &vector[..64])
        .expect("the vector is in the file");
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("bit flip in a vector", {
            let mut b = good.clone();
            b[at + 10] ^= 0x04;
            b
        }),
        ("bit flip in the header", {
            let mut b = good.clone();
            b[17] ^= 0x01;
            b
        }),
        (
            "not a database",
            b"cbrd? no: just some text that is long enough to be read".repeat(100),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&path, &bytes).unwrap();
        let o = run(cbrd(&lib)
            .args(["classify", "--index"])
            .arg(dir.path())
            .arg("tests/fixtures/golden/cat.png"));
        assert_eq!(code(&o), 1, "{what}");
        let err = stderr(&o);
        assert!(
            err.contains("is damaged")
                && err.contains(&path.display().to_string())
                && err.contains("PRAGMA integrity_check"),
            "{what}: {err}"
        );
        assert!(
            stdout(&o).is_empty(),
            "{what}: nothing classified against a damaged index"
        );
    }
    let o = run(cbrd(&lib)
        .args(["classify", "--index"])
        .arg(dir.path().join("nothing-here"))
        .arg("tests/fixtures/golden/cat.png"));
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("no index at"), "{}", stderr(&o));
}

#[test]
fn concurrent_enrolls_do_not_lose_updates() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "tests/fixtures/photos/enroll/cat/view-1.jpg",
        "tests/fixtures/photos/enroll/coffee/view-1.jpg",
        "tests/fixtures/photos/enroll/rocket/view-1.jpg",
        "tests/fixtures/photos/enroll/brick/view-1.jpg",
    ];
    let children: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            cbrd(&lib)
                .args(["-q", "enroll", "--index"])
                .arg(dir.path())
                .args(["--class", &format!("c{}", i % 2), f])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mut got = class_counts(dir.path());
    got.sort();
    assert_eq!(got, vec![("c0".to_string(), 2), ("c1".to_string(), 2)]);
}

#[test]
fn reembed_moves_an_index_to_another_model_from_its_thumbnails() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    ok(cbrd(&lib)
        .args(["-q", "enroll-dir", "--index"])
        .arg(dir.path())
        .arg("tests/fixtures/photos/enroll"));
    let before = ok(cbrd_no_lib()
        .args(["classes", "list", "--json", "--index"])
        .arg(dir.path()));
    ok(cbrd(&lib)
        .args(["--model", FLOAT, "reembed", "--index"])
        .arg(dir.path()));
    // Same catalogue (ids, labels, counts), now bound to the float32 model.
    assert_eq!(
        ok(cbrd_no_lib()
            .args(["classes", "list", "--json", "--index"])
            .arg(dir.path())),
        before
    );
    let o = run(cbrd(&lib)
        .args(["classify", "--index"])
        .arg(dir.path())
        .arg("tests/fixtures/golden/cat.png"));
    assert_eq!(
        code(&o),
        2,
        "the int8 model no longer matches the index (a configuration error)"
    );
    let out = ok(cbrd(&lib)
        .args(["-q", "--model", FLOAT, "classify", "--index"])
        .arg(dir.path())
        .arg("tests/fixtures/photos/heldout"));
    let lines = json_lines(&out);
    let right = lines
        .iter()
        .filter(|l| l["file"].as_str().unwrap().split('/').rev().nth(1) == l["label"].as_str())
        .count();
    assert_eq!(
        right, 48,
        "held-out views still recognised after re-embedding from thumbnails"
    );
}

/// Runs a shell script in a private mount namespace (as root; else in a user namespace), so
/// that it can mount a small tmpfs. Fails with the reason when neither is possible.
fn in_mount_namespace(
    script: &str,
    envs: &[(std::ffi::OsString, std::ffi::OsString)],
) -> std::process::Output {
    let root = unsafe { libc::geteuid() } == 0;
    let flags = if root { "-m" } else { "-rm" };
    let o = std::process::Command::new("unshare")
        .args([flags, "sh", "-euc", script])
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap_or_else(|e| panic!("cannot run unshare ({e}): the full-disk test needs util-linux; this check is not skipped"));
    let err = String::from_utf8_lossy(&o.stderr);
    // unshare makes / private in the new namespace; in a chroot whose / is not a mount point
    // the kernel refuses that (EINVAL). Bind-mounting the root onto itself before the chroot
    // (as systemd-nspawn does, and deploy/ci-bare.sh) makes it one.
    let hint = if err.contains("cannot change root filesystem propagation") {
        " (/ is not a mount point: a chroot? bind-mount its root onto itself first)"
    } else {
        ""
    };
    assert!(
        !err.contains("unshare") && !err.contains("mount: "),
        "cannot mount a tmpfs in a private mount namespace: {}{hint}. The full-disk test needs \
         root or user namespaces; this check is not skipped",
        err.trim()
    );
    o
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_catalogue_stays_intact() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed");
    enroll(&lib, &seed, "cat", &["tests/fixtures/golden/cat.png"]);
    // The same command line as `cbrd(&lib)` (with the qemu runner in the aarch64 job).
    let c = cbrd(&lib);
    let exe = std::iter::once(c.get_program())
        .chain(c.get_args())
        .map(|a| format!("'{}'", a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ");
    let envs: Vec<(std::ffi::OsString, std::ffi::OsString)> = c
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
        .collect();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    // A 2 MiB file system, filled up but for a few kB, then one more enrollment.
    let script = format!(
        "mount -t tmpfs -o size=2m tmpfs {mnt}\n\
         cp -r {seed} {mnt}/idx\n\
         head -c 4m /dev/zero > {mnt}/filler 2>/dev/null || true\n\
         rm -f {mnt}/filler; head -c $(( $(df -B1 --output=avail {mnt} | tail -1) - 8192 )) /dev/zero > {mnt}/filler\n\
         echo '--- enroll'\n\
         {exe} -q enroll --index {mnt}/idx --class mug {mug} 2>&1 && echo 'exit 0' || echo \"exit $?\"\n\
         echo '--- list'\n\
         {exe} classes list --json --index {mnt}/idx 2>&1\n\
         rm {mnt}/filler\n\
         echo '--- again'\n\
         {exe} -q enroll --index {mnt}/idx --class mug {mug} 2>&1 && echo 'exit 0' || echo \"exit $?\"\n\
         {exe} classes list --json --index {mnt}/idx 2>&1\n",
        mnt = mnt.display(),
        seed = seed.display(),
        mug = repo("tests/fixtures/photos/enroll/coffee/view-1.jpg").display(),
    );
    let o = in_mount_namespace(&script, &envs);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let part = |name: &str| {
        out.split(&format!("--- {name}\n"))
            .nth(1)
            .and_then(|p| p.split("--- ").next())
            .unwrap_or_default()
            .to_string()
    };
    let enroll = part("enroll");
    assert!(
        enroll.contains("no space left")
            && enroll.contains("catalogue is intact")
            && enroll.contains("exit 1"),
        "{out}"
    );
    let list = part("list");
    assert!(
        list.contains("\"cat\"") && !list.contains("\"mug\""),
        "{out}"
    );
    let again = part("again");
    assert!(
        again.contains("exit 0") && again.contains("\"mug\""),
        "{out}"
    );
}

#[test]
fn a_read_only_folder_reads_and_refuses_writes_clearly() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    enroll(&lib, &idx, "cat", &["tests/fixtures/golden/cat.png"]);
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(dir.path(), 0o755);
    for e in std::fs::read_dir(&idx).unwrap() {
        mode(&e.unwrap().path(), 0o444);
    }
    mode(&idx, 0o555);
    // Root ignores permission bits: run as nobody, as a service user would be.
    let as_user = |c: &mut std::process::Command| -> std::process::Output {
        if unsafe { libc::geteuid() } == 0 {
            let mut s = std::process::Command::new("setpriv");
            s.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(c.get_program())
                .args(c.get_args());
            for (k, v) in c.get_envs() {
                if let Some(v) = v {
                    s.env(k, v);
                }
            }
            run(&mut s)
        } else {
            run(c)
        }
    };
    let o = as_user(
        cbrd(&lib)
            .args(["classes", "list", "--json", "--index"])
            .arg(&idx),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("\"cat\""), "{}", stdout(&o));
    let o = as_user(
        cbrd(&lib)
            .args(["classify", "--index"])
            .arg(&idx)
            .arg(repo("tests/fixtures/golden/cat.png")),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("\"cat\""), "{}", stdout(&o));
    let o = as_user(
        cbrd(&lib)
            .args(["classes", "rename", "--index"])
            .arg(&idx)
            .args(["cat", "kitten"]),
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    mode(&idx, 0o755);
}
