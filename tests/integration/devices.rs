//! The real `v4l` and `gpio-cdev` code paths of `cbrd run`, against LD_PRELOAD fake devices
//! (tests/fake-devices): a fake camera `/dev/video9` serving fixture photos as MJPEG, a fake
//! GPIO chip with a scripted button press and an LED. The daemon finds both by name/label,
//! enrolls from the press, recognises the object, survives the camera being busy at start and
//! unplugged later, and keeps its enrollment through `kill -9`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;

fn fake_devices() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let lib = exe
        .parent()
        .and_then(|p| p.parent())
        .unwrap()
        .join("libcbrd_fake_devices.so");
    assert!(
        lib.is_file(),
        "{} missing: `cargo test` does not build cdylibs; run `cargo build --workspace` first (deploy/test.sh does)",
        lib.display()
    );
    lib
}

struct Daemon {
    child: Child,
    events: mpsc::Receiver<serde_json::Value>,
    seen: std::cell::RefCell<Vec<serde_json::Value>>,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Daemon {
    fn start(mut cmd: Command) -> Daemon {
        let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, events) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    let _ = tx.send(v);
                }
            }
        });
        Daemon {
            child,
            events,
            seen: Default::default(),
        }
    }

    /// The first event at or after position `from` (in output order) that matches; waits for
    /// it if needed. Events are kept, so facts that may arrive in either order (e.g. under CPU
    /// load a decision can come after a camera event) are each found.
    fn expect_from(
        &self,
        from: usize,
        what: &str,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> (usize, serde_json::Value) {
        let end = Instant::now() + Duration::from_secs(90);
        let mut i = from;
        loop {
            {
                let seen = self.seen.borrow();
                while i < seen.len() {
                    if pred(&seen[i]) {
                        return (i, seen[i].clone());
                    }
                    i += 1;
                }
            }
            match self
                .events
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(v) => self.seen.borrow_mut().push(v),
                Err(_) => panic!(
                    "timed out waiting for {what}; events so far: {:?}",
                    self.seen.borrow()
                ),
            }
        }
    }

    fn expect(&self, what: &str, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        self.expect_from(0, what, pred).1
    }
}

fn command(
    lib: &Path,
    cfg: &Path,
    frames: &Path,
    log: &Path,
    script: Option<&Path>,
    extra: &[(&str, &str)],
) -> Command {
    let mut c = cbrd(lib);
    c.args(["run", "--config"]).arg(cfg);
    preload(&mut c, &fake_devices());
    c.env("CBRD_FAKE_VIDEO_FRAMES", frames)
        .env("CBRD_FAKE_VIDEO_FORMATS", "MJPG,YUYV")
        .env("CBRD_FAKE_VIDEO_FPS", "10")
        .env("CBRD_FAKE_LOG", log);
    if let Some(s) = script {
        c.env("CBRD_FAKE_GPIO_SCRIPT", s);
    }
    for (k, v) in extra {
        c.env(k, v);
    }
    c
}

#[test]
fn daemon_on_fake_camera_and_gpio_enrolls_recovers_and_survives_kill_9() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let frames = tmp.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    for (i, f) in ["view-1.jpg", "view-2.jpg", "view-3.jpg", "view-4.jpg"]
        .iter()
        .enumerate()
    {
        std::fs::copy(
            repo("tests/fixtures/photos/heldout/coffee").join(f),
            frames.join(format!("{i}.jpg")),
        )
        .unwrap();
    }
    let idx = tmp.path().join("idx");
    let cfg = tmp.path().join("cbrd.toml");
    std::fs::write(
        &cfg,
        format!(
            "[index]\npath = \"{}\"\n\
             [camera]\nsource = \"v4l2\"\ndevice = \"fake camera\"\nformats = [\"MJPG\"]\nwidth = 640\nheight = 480\nfps = 10\n\
             retry_initial_ms = 200\nretry_max_ms = 1000\nframe_timeout_ms = 2000\n\
             [decision]\nwindow = 3\nhold = 2\n\
             [button]\nenabled = true\nchip = \"cbrd-fake-gpio\"\nline = 17\nactive_low = true\nbias = \"pull-up\"\n\
             [led]\nenabled = true\nline = 27\n\
             [enroll]\nburst_frames = 3\nspacing_ms = 100\nlabels = [\"coffee\"]\n\
             [output]\nheartbeat_s = 1\n",
            idx.display()
        ),
    )
    .unwrap();
    // Active-low button: falling edge = pressed. A short press at 2.5 s.
    let script = tmp.path().join("button.script");
    std::fs::write(&script, "2500 falling\n2650 rising\n").unwrap();
    let log = tmp.path().join("fake.log");
    // The camera is unplugged when this file appears: after the enrollment was seen, so that
    // however slow the machine (qemu), the press's burst is never cut short by the unplug.
    let unplug = tmp.path().join("unplug-now");

    let d = Daemon::start(command(
        &lib,
        &cfg,
        &frames,
        &log,
        Some(&script),
        &[
            ("CBRD_FAKE_VIDEO_FAIL_OPENS", "2:EBUSY"),
            ("CBRD_FAKE_VIDEO_UNPLUG_WHEN", unplug.to_str().unwrap()),
            ("CBRD_FAKE_VIDEO_UNPLUG_MS", "2000"),
        ],
    ));
    // Busy at first: reported, retried.
    let (i, busy) = d.expect_from(0, "camera busy", |v| {
        v["event"] == "camera" && v["state"]["retrying"].is_string()
    });
    assert!(
        busy["state"]["retrying"].as_str().unwrap().contains("busy"),
        "{busy}"
    );
    let (i, _) = d.expect_from(i, "camera streaming", |v| {
        v["event"] == "camera" && v["state"] == "streaming"
    });
    d.expect_from(i, "unknown before enrolling", |v| {
        v["event"] == "decision" && v["label"].is_null()
    });
    // The scripted press enrolls a class from the fake camera's frames.
    let (i, e) = d.expect_from(i, "enrolled", |v| v["event"] == "enrolled");
    assert_eq!(
        (
            e["label"].as_str(),
            e["new_class"].as_bool(),
            e["added"].as_u64()
        ),
        (Some("coffee"), Some(true), Some(3))
    );
    let (i, _) = d.expect_from(i, "recognised", |v| {
        v["event"] == "decision" && v["label"] == "coffee"
    });

    // Unplugged now; the camera comes back 2 s later and frames flow again.
    std::fs::write(&unplug, "").unwrap();
    let (i, _) = d.expect_from(i, "camera gone", |v| {
        v["event"] == "camera" && v["state"]["retrying"].is_string()
    });
    let (i, _) = d.expect_from(i, "camera back", |v| {
        v["event"] == "camera" && v["state"] == "streaming"
    });
    let (i, hb) = d.expect_from(i, "heartbeat", |v| v["event"] == "heartbeat");
    let before = hb["counters"]["captured"].as_u64().unwrap();
    // Recognised again once frames flow. Not "the first heartbeat 3 frames later": under
    // qemu on a busy machine inference lags capture (frames are dropped, newest wins), and
    // the smoothing window needs `window` classified frames before it decides again.
    d.expect_from(i, "a later heartbeat still recognising the class", |v| {
        v["event"] == "heartbeat"
            && v["counters"]["captured"].as_u64().unwrap() > before + 3
            && v["label"] == "coffee"
    });

    let fake_log = std::fs::read_to_string(&log).unwrap();
    for want in [
        "video open-fail EBUSY",
        "video s_fmt MJPG 640x480",
        "video unplug",
        "video replug",
        "gpio event-request 17",
        "gpio set 27 1",
        "gpio set 27 0",
    ] {
        assert!(
            fake_log.contains(want),
            "fake log lacks {want:?}:\n{fake_log}"
        );
    }

    // kill -9 right after an enrollment was reported: it is on disk.
    drop(d); // SIGKILL
    let index = cbrd::index::store::load(&idx).expect("index loads after kill -9");
    let coffee = index
        .class_by_label("coffee")
        .expect("the enrolled class survived");
    assert_eq!(index.samples_of(coffee.id).count(), 3);

    // A new daemon (no press) recognises the object from the start.
    let d = Daemon::start(command(
        &lib,
        &cfg,
        &frames,
        &tmp.path().join("fake2.log"),
        None,
        &[],
    ));
    let first = d.expect("first decision", |v| v["event"] == "decision");
    assert_eq!(first["label"], "coffee");
}
