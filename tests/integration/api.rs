//! The HTTP API of `cbrd run`, against the running binary: folder camera source (held-out
//! coffee photos), the real model, a temporary index. Every endpoint, auth on and off, bad
//! uploads, browser guards, the rate limit, concurrent clients while enrolling from the camera.
//!
//! The client is a few lines over `TcpStream` on purpose: the tests need to send what a normal
//! HTTP client refuses to (lying `Content-Length`, foreign `Host`/`Origin`, endless bodies).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use crate::common::*;

const TOKEN: &str = "test-token-0123456789abcdef";

/// A running `cbrd run` with the API on; killed on drop.
struct Daemon {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
    tmp: tempfile::TempDir,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Daemon {
    fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// SIGTERM, and the exit status.
    fn stop(&mut self) -> std::process::ExitStatus {
        // SAFETY: plain kill(2) on our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < end, "cbrd did not stop:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn config_text(tmp: &Path, api: &str, extra: &str) -> String {
    format!(
        "[index]\npath = \"{}\"\n[camera]\nsource = \"folder\"\nfolder = \"{}\"\nrate = 10\n\
         [decision]\nwindow = 3\nhold = 2\n[enroll]\nburst_frames = 5\nspacing_ms = 250\n\
         [output]\nstdout = false\n[api]\nenabled = true\n{api}\n{extra}",
        tmp.join("idx").display(),
        repo("tests/fixtures/photos/heldout/coffee").display(),
    )
}

/// Starts the daemon with `[api]` lines `api` (plus `bind = "127.0.0.1:0"` unless given) and
/// waits for "API listening".
fn start(lib: &Path, api: &str) -> Daemon {
    let tmp = tempfile::tempdir().unwrap();
    let api = if api.contains("bind") {
        api.to_string()
    } else {
        format!("bind = \"127.0.0.1:0\"\n{api}")
    };
    let cfg = tmp.path().join("cbrd.toml");
    std::fs::write(&cfg, config_text(tmp.path(), &api, "")).unwrap();
    let mut child = cbrd(lib)
        .args(["run", "--config"])
        .arg(&cfg)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    {
        let log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                // Logged first: a test may look at the log as soon as it has the address.
                if let Ok(mut l) = log.lock() {
                    l.push_str(&line);
                    l.push('\n');
                }
                if let Some(rest) = line.split("API listening addr=").nth(1) {
                    let addr = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = tx.send(addr);
                }
            }
        });
    }
    let addr = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(a) => a.parse().unwrap(),
        Err(_) => {
            let _ = child.kill();
            panic!(
                "no \"API listening\" line from cbrd:\n{}",
                log.lock().unwrap()
            );
        }
    };
    Daemon {
        child,
        addr,
        log,
        tmp,
    }
}

/// An HTTP response.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The `error` message of a JSON error body.
    fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or("").to_string()
    }
}

impl std::fmt::Debug for Resp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = self.text();
        write!(f, "{} {}", self.status, &body[..body.len().min(300)])
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(150))).unwrap();
    s
}

fn head_of(method: &str, path: &str, addr: SocketAddr, headers: &[(&str, &str)]) -> String {
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("Host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head
}

/// Reads a whole `Connection: close` response.
fn read_response(mut s: TcpStream) -> Resp {
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in {head}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("Transfer-Encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).trim(), 16)
                .unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + n]);
            rest = &rest[eol + 2 + n + 2..];
        }
        body = out;
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn http(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut s = connect(addr);
    let mut head = head_of(method, path, addr, headers);
    if matches!(method, "POST" | "PATCH" | "PUT") || !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413, 401) and close before it has read the body.
    let _ = s.write_all(body);
    read_response(s)
}

fn get(addr: SocketAddr, path: &str) -> Resp {
    http(addr, "GET", path, &[], b"")
}

fn send_json(addr: SocketAddr, method: &str, path: &str, v: &Value, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a));
    }
    http(addr, method, path, &headers, v.to_string().as_bytes())
}

fn delete(addr: SocketAddr, path: &str, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    http(addr, "DELETE", path, &headers, b"")
}

fn b64(path: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(std::fs::read(repo(path)).unwrap())
}

fn classify(addr: SocketAddr, bytes: &[u8]) -> Resp {
    http(
        addr,
        "POST",
        "/v1/classify",
        &[("Content-Type", "application/octet-stream")],
        bytes,
    )
}

/// Polls `f` until it returns `Some`, for up to 60 s.
fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_label(addr: SocketAddr, want: Option<&str>) {
    wait_for(&format!("the live decision {want:?}"), || {
        let d = get(addr, "/v1/decision").json();
        // time_ms 0: no decision made yet (the placeholder before the first frames).
        (d["time_ms"].as_u64() > Some(0) && d["label"].as_str() == want).then_some(())
    });
}

/// An SSE connection; `next()` returns (event name, data).
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut s = connect(addr);
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s.write_all(
            head_of(
                "GET",
                "/v1/events",
                addr,
                &[("Accept", "text/event-stream")],
            )
            .as_bytes(),
        )
        .unwrap();
        s.write_all(b"\r\n").unwrap();
        let mut r = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        Events(r)
    }

    fn next(&mut self) -> (String, Value) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self
                .0
                .read_line(&mut line)
                .expect("an SSE event within 60 s");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() || !data.is_empty() {
                    return (name, serde_json::from_str(&data).unwrap_or(Value::Null));
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
    }

    fn until(&mut self, what: &str, pred: impl Fn(&str, &Value) -> bool) -> Value {
        for _ in 0..500 {
            let (n, d) = self.next();
            if pred(&n, &d) {
                return d;
            }
        }
        panic!("no {what} in 500 events");
    }
}

/// A 10 000 × 10 000 (100 MP) PNG of a few hundred bytes: only the header says how big it is.
fn png_bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&10_000u32.to_be_bytes());
    ihdr.extend_from_slice(&10_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of a few zero bytes (a real bomb would deflate gigabytes of zeros).
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn class_by_label(addr: SocketAddr, label: &str) -> Option<Value> {
    let r = get(addr, "/v1/classes");
    assert_eq!(r.status, 200, "{r:?}");
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == label)
        .cloned()
}

#[test]
fn every_endpoint_without_auth_on_loopback() {
    let lib = need_tflite!();
    let mut d = start(&lib, "max_body_mb = 1\nrate_per_s = 1000");
    let a = d.addr;

    // The page and its parts, with a strict CSP and no inline code.
    let page = get(a, "/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("Content-Type")
            .unwrap()
            .starts_with("text/html")
    );
    let csp = page.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(page.text().contains("app.js") && !page.text().contains("<script>"));
    for (path, ty) in [
        ("/app.js", "javascript"),
        ("/style.css", "text/css"),
        ("/v1/openapi.yaml", "yaml"),
    ] {
        let r = get(a, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("Content-Type").unwrap().contains(ty), "{path}");
    }
    let spec = get(a, "/v1/openapi.yaml").text();
    assert!(spec.starts_with("openapi: 3"));
    // Every route the server has is described.
    for path in [
        "/v1/status:",
        "/v1/decision:",
        "/v1/events:",
        "/v1/classes:",
        "/v1/classes/{id}:",
        "/v1/classes/{id}/samples/{sample}:",
        "/v1/classes/{id}/samples/{sample}/thumbnail.jpg:",
        "/v1/classify:",
        "/v1/snapshot.jpg:",
        "/v1/stream.mjpg:",
        "/metrics:",
    ] {
        assert!(
            spec.contains(&format!("\n  {path}\n")),
            "{path} not in openapi.yaml"
        );
    }

    // Status: static facts, then the camera streaming and frames counted. The first status
    // request already has the frame rate (it comes from the frames' own times, not from the
    // time between two requests): wait for frames through /metrics, then ask once.
    wait_for("frames classified", || {
        let m = get(a, "/metrics").text();
        let n: u64 = m
            .lines()
            .find_map(|l| l.strip_prefix("cbrd_frames_classified_total "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        (n >= 5).then_some(())
    });
    let s = get(a, "/v1/status").json();
    let fps = s["fps"].as_f64().unwrap();
    assert!(
        fps > 0.0 && fps <= 12.0,
        "one probe: fps {fps} (the folder plays at 10 fps)"
    );
    assert_eq!(s["camera"]["state"], "streaming", "{s}");
    assert!(
        s["model"]
            .as_str()
            .unwrap()
            .ends_with(INT8.rsplit('/').next().unwrap()),
        "{s}"
    );
    assert_eq!(s["runtime"], "2.9.0", "{s}");
    assert_eq!(s["delegates"], json!(["xnnpack"]), "{s}");
    assert_eq!(
        s["index"],
        json!({"classes": 0, "samples": 0, "frozen": false}),
        "{s}"
    );
    assert_eq!(s["auth_required"], false);
    assert!(s["uptime_s"].as_f64().unwrap() >= 0.0);
    assert!(s["frames"]["captured"].as_u64().unwrap() > 0, "{s}");

    // Empty index: unknown, with its reason.
    wait_label(a, None);
    let dec = get(a, "/v1/decision").json();
    assert_eq!(dec["reason"], "empty_index", "{dec}");

    // SSE: the first event is the current decision, before any change.
    let mut events = Events::open(a);
    let (name, first) = events.next();
    assert_eq!(name, "decision");
    assert_eq!(
        first["event"], "decision",
        "the same fields as every decision event: {first}"
    );
    assert_eq!(first["label"], Value::Null, "{first}");
    assert_eq!(first["reason"], "empty_index", "{first}");

    // Snapshot and MJPEG.
    let snap = get(a, "/v1/snapshot.jpg");
    assert_eq!(snap.status, 200);
    assert_eq!(snap.header("Content-Type"), Some("image/jpeg"));
    let img = image::load_from_memory(&snap.body).unwrap();
    assert!(img.width() >= 16 && img.height() >= 16);
    {
        let mut s = connect(a);
        s.write_all(head_of("GET", "/v1/stream.mjpg", a, &[]).as_bytes())
            .unwrap();
        s.write_all(b"\r\n").unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 65536];
        let end = Instant::now() + Duration::from_secs(30);
        // Two complete JPEG frames (end-of-image markers) in the multipart stream.
        while buf.windows(2).filter(|w| *w == [0xFF, 0xD9]).count() < 2 {
            assert!(Instant::now() < end, "fewer than 2 MJPEG frames in 30 s");
            let n = s.read(&mut chunk).unwrap();
            assert!(n > 0, "the MJPEG stream ended");
            buf.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&buf[..buf.len().min(400)]).into_owned();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("multipart/x-mixed-replace"), "{head}");
    }

    // Metrics.
    let m = get(a, "/metrics");
    assert_eq!(m.status, 200);
    assert!(m.header("Content-Type").unwrap().starts_with("text/plain"));
    let m = m.text();
    for want in [
        "# TYPE cbrd_stage_seconds histogram",
        "cbrd_stage_seconds_bucket{stage=\"embed\",le=\"+Inf\"}",
        "cbrd_stage_seconds_count{stage=\"frame_to_decision\"}",
        "# TYPE cbrd_frames_captured_total counter",
        "cbrd_frames_dropped_total",
        "cbrd_decisions_total",
        "cbrd_enrollments_total 0",
        "cbrd_errors_total{kind=\"camera\"} 0",
        "cbrd_index_classes 0",
    ] {
        assert!(m.contains(want), "{want} missing in\n{m}");
    }
    let embeds: u64 = m
        .lines()
        .find(|l| l.starts_with("cbrd_stage_seconds_count{stage=\"embed\"}"))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(embeds > 0, "no embed latency recorded");

    // Enroll from uploads: 201, the class, an `enrolled` event, then it is recognised.
    let r = send_json(
        a,
        "POST",
        "/v1/classes",
        &json!({"label": "coffee", "images": [
            b64("tests/fixtures/photos/enroll/coffee/view-1.jpg"),
            b64("tests/fixtures/photos/enroll/coffee/view-2.jpg"),
        ]}),
        None,
    );
    assert_eq!(r.status, 201, "{r:?}");
    let e = r.json();
    assert_eq!(e["new_class"], true);
    assert_eq!(e["added"], 2);
    assert_eq!(e["class"]["label"], "coffee");
    assert_eq!(e["class"]["samples"], 2);
    let coffee = e["class"]["id"].as_u64().unwrap();
    let samples: Vec<u64> = e["class"]["sample_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(samples.len(), 2);
    let enrolled = events.until("an enrolled event", |n, _| n == "enrolled");
    assert_eq!(enrolled["label"], "coffee", "{enrolled}");
    let dec = events.until("the coffee decision", |n, d| {
        n == "decision" && d["label"] == "coffee"
    });
    assert!(dec["score"].as_f64().unwrap() > 0.5, "{dec}");
    wait_label(a, Some("coffee"));
    drop(events);

    // Idle streams of clients that went away free their slots at once (16 streams at most).
    std::thread::sleep(Duration::from_millis(1500));
    for _ in 0..2 {
        let open: Vec<Events> = (0..16).map(|_| Events::open(a)).collect();
        drop(open);
        std::thread::sleep(Duration::from_millis(1500));
    }

    // A reconnecting client gets the current state first.
    let (name, first) = Events::open(a).next();
    assert_eq!(
        (name.as_str(), &first["label"]),
        ("decision", &json!("coffee"))
    );

    // Adding to an existing class by label.
    let r = send_json(
        a,
        "POST",
        "/v1/classes",
        &json!({"label": "coffee", "images": [b64("tests/fixtures/photos/enroll/coffee/view-3.jpg")]}),
        None,
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.json()["new_class"], false);
    assert_eq!(r.json()["class"]["samples"], 3);
    let cat_upload = json!({"label": "cat", "images": [
        b64("tests/fixtures/photos/enroll/cat/view-1.jpg"),
        b64("tests/fixtures/photos/enroll/cat/view-2.jpg"),
    ]});
    let r = send_json(a, "POST", "/v1/classes", &cat_upload, None);
    assert_eq!(r.status, 201, "{r:?}");
    let cat = r.json()["class"]["id"].as_u64().unwrap();

    let classes = get(a, "/v1/classes").json();
    let labels: Vec<&str> = classes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 2, "{classes}");
    assert!(
        labels.contains(&"coffee") && labels.contains(&"cat"),
        "{classes}"
    );
    let s = get(a, "/v1/status").json();
    assert_eq!(s["index"]["classes"], 2, "{s}");
    assert_eq!(s["index"]["samples"], 5, "{s}");
    assert!(
        get(a, "/metrics")
            .text()
            .contains("cbrd_enrollments_total 3")
    );

    // Thumbnails by id only; anything else is 404 and never a file.
    let t = get(
        a,
        &format!("/v1/classes/{coffee}/samples/{}/thumbnail.jpg", samples[0]),
    );
    assert_eq!(t.status, 200, "{t:?}");
    assert_eq!(t.header("Content-Type"), Some("image/jpeg"));
    image::load_from_memory(&t.body).unwrap();
    for path in [
        format!("/v1/classes/{coffee}/samples/999999/thumbnail.jpg"),
        format!("/v1/classes/{cat}/samples/{}/thumbnail.jpg", samples[0]),
        "/v1/classes/x/samples/1/thumbnail.jpg".into(),
        "/v1/classes/../../../../etc/passwd".into(),
        "/v1/../Cargo.toml".into(),
        "/index.bin".into(),
        "/v1/classes/1/samples/1/../../../../idx/index.bin".into(),
    ] {
        let r = get(a, &path);
        assert!(matches!(r.status, 404 | 405), "{path}: {r:?}");
        assert!(!r.text().contains("root:"), "{path}");
    }
    let r = http(a, "PUT", "/v1/status", &[], b"");
    assert_eq!(r.status, 405, "{r:?}");

    // Classify an upload (the catalogue without the camera): the same JSON as a line of
    // `cbrd classify` on the same index, without `file`.
    let index = d.tmp.path().join("idx");
    for (photo, label) in [
        ("tests/fixtures/photos/heldout/cat/view-1.jpg", json!("cat")),
        ("tests/fixtures/photos/unknown/moon.jpg", Value::Null),
    ] {
        let r = classify(a, &std::fs::read(repo(photo)).unwrap());
        assert_eq!(r.status, 200, "{r:?}");
        let got = r.json();
        assert_eq!(got["label"], label, "{r:?}");
        assert!(got["top"].as_array().unwrap().len() >= 2);
        let line = ok(cbrd(&lib)
            .args(["-q", "classify", "--index"])
            .arg(&index)
            .arg(repo(photo)));
        let mut want: Value = serde_json::from_str(line.trim()).unwrap();
        want.as_object_mut().unwrap().remove("file");
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&got), keys(&want), "API {got}\nCLI {want}");
        assert_eq!(got["label"], want["label"]);
        if label.is_null() {
            assert!(got["reason"].is_string(), "{got}");
        } else {
            assert!(got.get("reason").is_none(), "no \"reason\": null: {got}");
        }
    }

    // Uploading images that are already samples of the class adds nothing (200, skipped).
    let r = send_json(a, "POST", "/v1/classes", &cat_upload, None);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        (r.json()["added"].as_u64(), r.json()["skipped"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(r.json()["class"]["samples"], 2, "{r:?}");

    // Rename: ok, clash, bad label, unknown id, bad JSON.
    let mut events = Events::open(a);
    let r = send_json(
        a,
        "PATCH",
        &format!("/v1/classes/{coffee}"),
        &json!({"label": "espresso"}),
        None,
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.json()["label"], "espresso");
    events.until("a renamed event", |n, d| {
        n == "renamed" && d["label"] == "espresso"
    });
    wait_label(a, Some("espresso"));
    let r = send_json(
        a,
        "PATCH",
        &format!("/v1/classes/{coffee}"),
        &json!({"label": "cat"}),
        None,
    );
    assert_eq!(r.status, 409, "{r:?}");
    assert!(r.error().contains("cat"), "{r:?}");
    let r = send_json(
        a,
        "PATCH",
        &format!("/v1/classes/{coffee}"),
        &json!({"label": "  "}),
        None,
    );
    assert_eq!(r.status, 400, "{r:?}");
    let r = send_json(
        a,
        "PATCH",
        "/v1/classes/424242",
        &json!({"label": "x"}),
        None,
    );
    assert_eq!(r.status, 404, "{r:?}");
    let r = send_json(
        a,
        "PATCH",
        &format!("/v1/classes/{coffee}"),
        &json!({"name": "x"}),
        None,
    );
    assert_eq!(r.status, 400, "{r:?}");

    // Bad uploads: none changes the catalogue, each says what is wrong.
    let jpeg = std::fs::read(repo("tests/fixtures/photos/heldout/cat/view-2.jpg")).unwrap();
    let truncated = &jpeg[..jpeg.len() / 3];
    let bomb = png_bomb();
    for (what, body, want) in [
        (
            "not an image",
            &b"hello, this is text"[..],
            "not a supported image",
        ),
        ("truncated JPEG", truncated, ""),
        ("100 MP PNG", &bomb[..], "pixels"),
        ("empty body", &b""[..], "image"),
    ] {
        let r = classify(a, body);
        assert_eq!(r.status, 400, "{what}: {r:?}");
        assert!(!r.error().is_empty(), "{what}: {r:?}");
        assert!(r.error().to_lowercase().contains(want), "{what}: {r:?}");
    }
    let enc = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    for (what, body, status) in [
        (
            "not an image",
            json!({"label": "bad", "images": [enc(b"hello")]}),
            422,
        ),
        (
            "truncated",
            json!({"label": "bad", "images": [enc(truncated)]}),
            422,
        ),
        (
            "100 MP PNG",
            json!({"label": "bad", "images": [enc(&bomb)]}),
            422,
        ),
        (
            "not base64",
            json!({"label": "bad", "images": ["%%%not base64%%%"]}),
            422,
        ),
        ("no images", json!({"label": "bad", "images": []}), 400),
        (
            "both sources",
            json!({"label": "bad", "from": "camera", "images": [enc(b"x")]}),
            400,
        ),
        (
            "unknown field",
            json!({"label": "bad", "from": "camera", "colour": 1}),
            400,
        ),
        ("bad label", json!({"label": "", "from": "camera"}), 400),
        ("not an object", json!(["bad"]), 400),
    ] {
        let r = send_json(a, "POST", "/v1/classes", &body, None);
        assert_eq!(r.status, status, "{what}: {r:?}");
        assert!(!r.error().is_empty(), "{what}: {r:?}");
    }
    let r = http(
        a,
        "POST",
        "/v1/classes",
        &[("Content-Type", "application/json")],
        b"{\"label\": \"bad\", \"images\": [",
    );
    assert_eq!(r.status, 400, "{r:?}");
    assert!(r.error().contains("JSON"), "{r:?}");

    // Bodies over api.max_body_mb (1 MiB): refused from the header, or while reading.
    {
        let mut s = connect(a);
        let head = head_of(
            "POST",
            "/v1/classify",
            a,
            &[("Content-Length", "104857600")],
        );
        s.write_all(format!("{head}\r\n").as_bytes()).unwrap();
        let r = read_response(s);
        assert_eq!(r.status, 413, "{r:?}");
        assert!(r.error().contains("max_body_mb"), "{r:?}");
    }
    {
        // Chunked, no length: refused before any of it is read.
        let mut s = connect(a);
        let head = head_of(
            "POST",
            "/v1/classes",
            a,
            &[
                ("Content-Type", "application/json"),
                ("Transfer-Encoding", "chunked"),
            ],
        );
        s.write_all(format!("{head}\r\n").as_bytes()).unwrap();
        let piece = vec![b'a'; 64 * 1024];
        for _ in 0..40 {
            if s.write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .is_err()
                || s.write_all(&piece).is_err()
                || s.write_all(b"\r\n").is_err()
            {
                break;
            }
        }
        let _ = s.write_all(b"0\r\n\r\n");
        let r = read_response(s);
        assert_eq!(r.status, 411, "{r:?}");
        assert!(r.error().contains("Content-Length"), "{r:?}");
    }

    // Browser guards on mutating calls: foreign Origin, foreign Host, not-JSON content type.
    let body = json!({"label": "evil"}).to_string();
    let r = http(
        a,
        "PATCH",
        &format!("/v1/classes/{cat}"),
        &[
            ("Content-Type", "application/json"),
            ("Origin", "http://evil.example"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403, "{r:?}");
    let origin = format!("http://{a}");
    let r = http(
        a,
        "POST",
        "/v1/classes",
        &[("Content-Type", "application/json"), ("Origin", &origin)],
        br#"{"label": 1}"#,
    );
    assert_eq!(r.status, 400, "same origin passes the guard: {r:?}");
    let r = http(
        a,
        "DELETE",
        &format!("/v1/classes/{cat}"),
        &[("Host", "rebound.evil.example")],
        b"",
    );
    assert_eq!(r.status, 403, "{r:?}");
    assert!(r.error().contains("loopback"), "{r:?}");
    let r = http(
        a,
        "POST",
        "/v1/classes",
        &[("Content-Type", "text/plain")],
        json!({"label": "evil", "from": "camera"})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 415, "{r:?}");
    let s = get(a, "/v1/status").json();
    assert_eq!(
        s["index"],
        json!({"classes": 2, "samples": 5, "frozen": false}),
        "{s}"
    );

    // Delete a sample, then a class; then both are gone.
    let r = delete(
        a,
        &format!("/v1/classes/{coffee}/samples/{}", samples[0]),
        None,
    );
    assert_eq!(r.status, 204, "{r:?}");
    assert_eq!(class_by_label(a, "espresso").unwrap()["samples"], 2);
    let r = delete(
        a,
        &format!("/v1/classes/{coffee}/samples/{}", samples[0]),
        None,
    );
    assert_eq!(r.status, 404, "{r:?}");
    let r = delete(
        a,
        &format!("/v1/classes/{cat}/samples/{}", samples[1]),
        None,
    );
    assert_eq!(r.status, 404, "a sample of another class: {r:?}");
    let r = delete(a, &format!("/v1/classes/{coffee}"), None);
    assert_eq!(r.status, 204, "{r:?}");
    events.until("a removed event", |n, d| {
        n == "removed" && d["label"] == "espresso"
    });
    assert!(class_by_label(a, "espresso").is_none());
    let r = delete(a, &format!("/v1/classes/{coffee}"), None);
    assert_eq!(r.status, 404, "{r:?}");
    wait_label(a, None);

    // Everything survives a restart (the index on disk is the daemon's).
    let idx = d.tmp.path().join("idx");
    let status = d.stop();
    assert!(status.success(), "{status:?}");
    let out = ok(cbrd(&lib)
        .args(["classes", "list", "--json", "--index"])
        .arg(&idx));
    assert!(
        out.contains("\"cat\"") && !out.contains("espresso"),
        "{out}"
    );
}

#[test]
fn concurrent_clients_while_enrolling_from_the_camera() {
    let lib = need_tflite!();
    let mut d = start(&lib, "rate_per_s = 1000");
    let a = d.addr;
    wait_for("camera streaming", || {
        (get(a, "/v1/status").json()["camera"]["state"] == "streaming").then_some(())
    });
    wait_label(a, None);

    // Many connections opened at once (a page opens several): every one is answered.
    let socks: Vec<TcpStream> = (0..24).map(|_| connect(a)).collect();
    for mut s in &socks {
        s.write_all(format!("GET /v1/decision HTTP/1.1\r\nHost: {a}\r\n\r\n").as_bytes())
            .unwrap();
    }
    for s in socks {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let r = read_response(s);
        assert_eq!(r.status, 200, "{r:?}");
    }

    let enroll = std::thread::spawn(move || {
        send_json(
            a,
            "POST",
            "/v1/classes",
            &json!({"label": "mug", "from": "camera"}),
            None,
        )
    });
    // The burst takes ≥ 1 s (5 frames, 250 ms apart): a second one meanwhile is refused.
    std::thread::sleep(Duration::from_millis(300));
    let r = send_json(
        a,
        "POST",
        "/v1/classes",
        &json!({"label": "other", "from": "camera"}),
        None,
    );
    assert_eq!(r.status, 409, "{r:?}");
    assert!(r.error().contains("enroll"), "{r:?}");

    // Readers and classifiers keep being served while the burst runs.
    let photo =
        Arc::new(std::fs::read(repo("tests/fixtures/photos/heldout/coffee/view-1.jpg")).unwrap());
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let photo = photo.clone();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for j in 0..6 {
                    let r = match (i + j) % 5 {
                        0 => get(a, "/v1/status"),
                        1 => get(a, "/v1/classes"),
                        2 => get(a, "/v1/decision"),
                        3 => get(a, "/v1/snapshot.jpg"),
                        _ => classify(a, &photo),
                    };
                    codes.push(r.status);
                }
                codes
            })
        })
        .collect();
    for c in clients {
        let codes = c.join().unwrap();
        assert!(codes.iter().all(|&s| s == 200), "{codes:?}");
    }

    let r = enroll.join().unwrap();
    assert_eq!(r.status, 201, "{r:?}\n{}", d.log());
    let e = r.json();
    assert_eq!(e["new_class"], true);
    assert_eq!(e["class"]["label"], "mug");
    let added = e["added"].as_u64().unwrap();
    assert!((1..=5).contains(&added), "{e}");
    assert_eq!(class_by_label(a, "mug").unwrap()["samples"], added);
    // The camera shows the coffee cup it was taught with.
    wait_label(a, Some("mug"));
    // Camera enrollment into an existing class adds to it.
    let r = send_json(
        a,
        "POST",
        "/v1/classes",
        &json!({"label": "mug", "from": "camera"}),
        None,
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.json()["new_class"], false);
    assert!(d.stop().success());
}

#[test]
fn a_token_is_required_for_changes_off_loopback() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let token_file = tmp.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let mut d = start(
        &lib,
        &format!(
            "bind = \"0.0.0.0:0\"\ntoken_file = \"{}\"\nrate_per_s = 1000",
            token_file.display()
        ),
    );
    let port = d.addr.port();
    let a: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert!(d.log().contains("token=true"), "{}", d.log());

    // Reading needs no token.
    assert_eq!(get(a, "/v1/status").json()["auth_required"], true);
    assert_eq!(get(a, "/v1/classes").status, 200);
    assert_eq!(get(a, "/").status, 200);
    assert_eq!(get(a, "/metrics").status, 200);

    // Every mutating call without (or with a wrong) token: 401, nothing changes.
    let upload = json!({"label": "coffee", "images": [b64("tests/fixtures/photos/enroll/coffee/view-1.jpg")]});
    let wrong = format!("{TOKEN}x");
    for token in [None, Some("wrong"), Some(wrong.as_str()), Some("")] {
        let r = send_json(a, "POST", "/v1/classes", &upload, token);
        assert_eq!(r.status, 401, "{token:?}: {r:?}");
        assert_eq!(r.header("WWW-Authenticate"), Some("Bearer"));
        let r = send_json(
            a,
            "POST",
            "/v1/classes",
            &json!({"label": "x", "from": "camera"}),
            token,
        );
        assert_eq!(r.status, 401, "{token:?}: {r:?}");
        let r = send_json(a, "PATCH", "/v1/classes/1", &json!({"label": "x"}), token);
        assert_eq!(r.status, 401, "{token:?}: {r:?}");
        let r = delete(a, "/v1/classes/1", token);
        assert_eq!(r.status, 401, "{token:?}: {r:?}");
        let r = delete(a, "/v1/classes/1/samples/1", token);
        assert_eq!(r.status, 401, "{token:?}: {r:?}");
    }
    let r = http(
        a,
        "POST",
        "/v1/classes",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &format!("Basic {TOKEN}")),
        ],
        upload.to_string().as_bytes(),
    );
    assert_eq!(r.status, 401, "{r:?}");
    assert_eq!(get(a, "/v1/status").json()["index"]["classes"], 0);

    // With the token: works, also under a LAN host name (the token replaces the Host check).
    let r = send_json(a, "POST", "/v1/classes", &upload, Some(TOKEN));
    assert_eq!(r.status, 201, "{r:?}");
    let id = r.json()["class"]["id"].as_u64().unwrap();
    let auth = format!("Bearer {TOKEN}");
    let r = http(
        a,
        "PATCH",
        &format!("/v1/classes/{id}"),
        &[
            ("Host", &format!("cbrd.local:{port}")),
            ("Origin", &format!("http://cbrd.local:{port}")),
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
        br#"{"label": "espresso"}"#,
    );
    assert_eq!(r.status, 200, "{r:?}");
    // Classifying an upload changes nothing: no token needed.
    let r = classify(
        a,
        &std::fs::read(repo("tests/fixtures/photos/heldout/coffee/view-2.jpg")).unwrap(),
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.json()["label"], "espresso");
    let r = delete(a, &format!("/v1/classes/{id}"), Some(TOKEN));
    assert_eq!(r.status, 204, "{r:?}");
    assert!(
        get(a, "/metrics")
            .text()
            .contains("cbrd_http_requests_total{code=\"4xx\"}")
    );
    assert!(d.stop().success());
}

#[test]
fn api_config_errors_exit_2_and_name_the_key() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        ("bind = \"0.0.0.0:8080\"", &["api.bind", "api.token"]),
        (
            "bind = \"127.0.0.1:8080\"\ntoken = \"short\"",
            &["api.token", "16"],
        ),
        (
            "token_file = \"missing-token\"",
            &["api.token_file", "missing-token"],
        ),
        (
            "bind = \"nonsense\"\nrate_per_s = 0",
            &["api.bind", "api.rate_per_s"],
        ),
    ];
    for (api, wants) in cases {
        let cfg = tmp.path().join("cbrd.toml");
        std::fs::write(&cfg, config_text(tmp.path(), api, "")).unwrap();
        for cmd in ["check-config", "run"] {
            let o = run(cbrd(&lib).args([cmd, "--config"]).arg(&cfg));
            assert_eq!(code(&o), 2, "{cmd} with {api}: {}", stderr(&o));
            for w in wants {
                assert!(
                    stderr(&o).contains(w),
                    "{cmd} with {api}: {w} not in {}",
                    stderr(&o)
                );
            }
        }
    }
    // A port already taken: the daemon stops at once and names api.bind.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let cfg = tmp.path().join("cbrd.toml");
    std::fs::write(
        &cfg,
        config_text(
            tmp.path(),
            &format!("bind = \"{}\"", taken.local_addr().unwrap()),
            "",
        ),
    )
    .unwrap();
    let o = run(cbrd(&lib).args(["run", "--config"]).arg(&cfg));
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("api.bind"), "{}", stderr(&o));
}

#[test]
fn requests_are_rate_limited_per_client() {
    let lib = need_tflite!();
    let mut d = start(&lib, "rate_per_s = 2");
    let a = d.addr;
    // Burst 4, then 429 with Retry-After; the page itself is not limited.
    let codes: Vec<u16> = (0..12).map(|_| get(a, "/v1/status").status).collect();
    assert!(codes.iter().take(4).all(|&c| c == 200), "{codes:?}");
    let limited: Vec<_> = (0..4).map(|_| get(a, "/v1/decision")).collect();
    let r = limited
        .iter()
        .find(|r| r.status == 429)
        .unwrap_or_else(|| panic!("no 429 in {codes:?} {limited:?}"));
    assert_eq!(r.header("Retry-After"), Some("1"));
    assert!(r.error().contains("too many"), "{r:?}");
    assert_eq!(get(a, "/").status, 200);
    assert_eq!(get(a, "/app.js").status, 200);
    std::thread::sleep(Duration::from_millis(1600));
    assert_eq!(get(a, "/v1/status").status, 200);
    assert!(d.stop().success());
}
