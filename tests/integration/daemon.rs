//! `cbrd run` as a process: sd_notify (READY, WATCHDOG, STOPPING), signals (SIGTERM, SIGHUP),
//! the hook sink, the pipe source, and exit codes.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;

/// An index with the coffee class (from the enroll fixtures).
fn coffee_index(lib: &Path, dir: &Path) -> PathBuf {
    let idx = dir.join("idx");
    ok(cbrd(lib)
        .args(["-q", "enroll", "--index"])
        .arg(&idx)
        .args(["--class", "coffee"])
        .args([
            "tests/fixtures/photos/enroll/coffee/view-1.jpg",
            "tests/fixtures/photos/enroll/coffee/view-2.jpg",
        ]));
    idx
}

fn write_config(dir: &Path, body: &str) -> PathBuf {
    let p = dir.join("cbrd.toml");
    std::fs::write(&p, body).unwrap();
    p
}

/// Reads stdout lines on a thread; returns a receiver of parsed JSON events.
fn events_of(child: &mut Child) -> mpsc::Receiver<serde_json::Value> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if let Ok(v) = serde_json::from_str(&line) {
                let _ = tx.send(v);
            }
        }
    });
    rx
}

fn wait_event(
    rx: &mpsc::Receiver<serde_json::Value>,
    what: &str,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let end = Instant::now() + Duration::from_secs(60);
    loop {
        match rx.recv_timeout(end.saturating_duration_since(Instant::now())) {
            Ok(v) if pred(&v) => return v,
            Ok(_) => {}
            Err(_) => panic!("timed out waiting for {what}"),
        }
    }
}

/// Kills the daemon if the test fails before it stopped it.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Guard {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

fn wait_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let end = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("cbrd did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn notify_watchdog_reload_hook_and_clean_stop() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = coffee_index(&lib, tmp.path());
    let hook_log = tmp.path().join("hook.log");
    let hook = tmp.path().join("hook.sh");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\necho \"$CBRD_EVENT $CBRD_LABEL\" >> {}\n",
            hook_log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let cfg = write_config(
        tmp.path(),
        &format!(
            "[index]\npath = \"{}\"\n[camera]\nsource = \"folder\"\nfolder = \"{}\"\nrate = 10\n\
             [decision]\nwindow = 3\nhold = 2\n[output]\nhook = \"{}\"\n",
            idx.display(),
            repo("tests/fixtures/photos/heldout/coffee").display(),
            hook.display()
        ),
    );
    let sock_path = tmp.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut child = Guard(
        cbrd(&lib)
            .args(["run", "--config"])
            .arg(&cfg)
            .env("NOTIFY_SOCKET", &sock_path)
            .env("WATCHDOG_USEC", "1000000")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let events = events_of(&mut child);
    let mut buf = [0u8; 4096];
    let mut recv = || -> String {
        let n = sock.recv(&mut buf).expect("a notification within 30 s");
        String::from_utf8_lossy(&buf[..n]).trim().to_string()
    };
    let first = recv();
    assert!(
        first.contains("READY=1"),
        "first notification is READY: {first:?}"
    );
    assert!(first.contains("STATUS=camera streaming"), "{first:?}");
    let t = Instant::now();
    let mut pings = 0;
    while pings < 2 {
        if recv() == "WATCHDOG=1" {
            pings += 1;
        }
    }
    assert!(
        t.elapsed() < Duration::from_secs(3),
        "pings at half the 1 s watchdog period"
    );

    wait_event(&events, "coffee decision", |v| {
        v["event"] == "decision" && v["label"] == "coffee"
    });

    // SIGHUP: reload (after renaming the class with the CLI).
    ok(cbrd_no_lib()
        .args(["classes", "rename", "coffee", "espresso", "--index"])
        .arg(&idx));
    signal(&child, libc::SIGHUP);
    wait_event(&events, "reloaded", |v| {
        v["event"] == "reloaded" && v["classes"] == 1
    });
    wait_event(&events, "decision with the new name", |v| {
        v["event"] == "decision" && v["label"] == "espresso"
    });

    signal(&child, libc::SIGTERM);
    let mut stopping = false;
    while let Ok(n) = sock.recv(&mut buf) {
        if String::from_utf8_lossy(&buf[..n]).contains("STOPPING=1") {
            stopping = true;
            break;
        }
    }
    assert!(stopping, "STOPPING=1 on SIGTERM");
    let status = wait_exit(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "clean stop");
    let hook_calls = std::fs::read_to_string(&hook_log).unwrap();
    assert!(
        hook_calls.contains("decision coffee") && hook_calls.contains("decision espresso"),
        "{hook_calls}"
    );
    assert!(
        hook_calls.contains("camera \n"),
        "camera state events reach the hook: {hook_calls}"
    );
}

/// I420 bytes of an RGB image (BT.601 limited range), for the pipe source.
fn i420(img: &image::RgbImage) -> Vec<u8> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut y = vec![0u8; w * h];
    let mut u = vec![0u8; (w / 2) * (h / 2)];
    let mut v = vec![0u8; (w / 2) * (h / 2)];
    for (i, p) in img.pixels().enumerate() {
        let (r, g, b) = (f32::from(p[0]), f32::from(p[1]), f32::from(p[2]));
        y[i] = (16.0 + 0.257 * r + 0.504 * g + 0.098 * b).round() as u8;
        let (x, row) = (i % w, i / w);
        if x % 2 == 0 && row % 2 == 0 {
            let j = (row / 2) * (w / 2) + x / 2;
            u[j] = (128.0 - 0.148 * r - 0.291 * g + 0.439 * b).round() as u8;
            v[j] = (128.0 + 0.439 * r - 0.368 * g - 0.071 * b).round() as u8;
        }
    }
    [y, u, v].concat()
}

#[test]
fn pipe_source_classifies_raw_frames_and_exits_when_the_input_ends() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let idx = coffee_index(&lib, tmp.path());
    let cfg = write_config(
        tmp.path(),
        &format!(
            "[index]\npath = \"{}\"\n[camera]\nsource = \"pipe\"\npipe = \"-\"\npipe_format = \"I420\"\nwidth = 320\nheight = 240\n\
             [decision]\nwindow = 2\nhold = 1\n",
            idx.display()
        ),
    );
    let photo = image::open(repo("tests/fixtures/photos/heldout/coffee/view-2.jpg")).unwrap();
    let frame = i420(
        &photo
            .resize_exact(320, 240, image::imageops::FilterType::Triangle)
            .into_rgb8(),
    );
    let mut child = Guard(
        cbrd(&lib)
            .args(["run", "--config"])
            .arg(&cfg)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let events = events_of(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    for _ in 0..6 {
        stdin.write_all(&frame).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    wait_event(&events, "coffee from the pipe", |v| {
        v["event"] == "decision" && v["label"] == "coffee"
    });
    drop(stdin);
    let status = wait_exit(&mut child, Duration::from_secs(10));
    assert_eq!(
        status.code(),
        Some(1),
        "input ended: exit 1 so that systemd restarts the pipeline"
    );
}

#[test]
fn config_and_model_problems_exit_2() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(
        tmp.path(),
        "[camera]\nsource = \"webcam\"\n[decision]\nwindow = 0\n[button]\nbias = \"up\"\n",
    );
    let o = run(cbrd(&lib)
        .args(["run", "--index"])
        .arg(tmp.path().join("i"))
        .arg("--config")
        .arg(&cfg));
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    for key in ["camera.source", "decision.window", "button.bias"] {
        assert!(err.contains(key), "{key}: {err}");
    }
    // An index built with another model.
    let idx = coffee_index(&lib, tmp.path());
    let cfg = write_config(
        tmp.path(),
        &format!(
            "[camera]\nsource = \"folder\"\nfolder = \"{}\"\n",
            repo("tests/fixtures/photos/heldout/coffee").display()
        ),
    );
    let o = run(cbrd(&lib)
        .args(["--model", FLOAT, "run", "--index"])
        .arg(&idx)
        .arg("--config")
        .arg(&cfg));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("was built with model"),
        "{}",
        stderr(&o)
    );
}
