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
use serde_json::Value;

use crate::common::*;

mod attacks;
mod bodies;
mod concurrency;
mod config;
mod crash;
mod security;
mod walkthrough;

pub(super) const TOKEN: &str = "test-token-0123456789abcdef";

/// A running `cbrd run` with the API on; killed on drop.
pub(super) struct Daemon {
    child: Child,
    pub(super) addr: SocketAddr,
    log: Arc<Mutex<String>>,
    pub(super) tmp: tempfile::TempDir,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A failed test shows what the daemon said (the harness prints captured output).
        if std::thread::panicking() {
            eprintln!(
                "--- daemon log ---\n{}--- end of daemon log ---",
                self.log()
            );
        }
    }
}

impl Daemon {
    pub(super) fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, and the exit status.
    pub(super) fn stop(&mut self) -> std::process::ExitStatus {
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

pub(super) fn config_text(tmp: &Path, api: &str, extra: &str) -> String {
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
pub(super) fn start(lib: &Path, api: &str) -> Daemon {
    start_with(lib, api, "")
}

/// [`start`] with more config sections after `[api]`.
pub(super) fn start_with(lib: &Path, api: &str, extra: &str) -> Daemon {
    let tmp = tempfile::tempdir().unwrap();
    let api = if api.contains("bind") {
        api.to_string()
    } else {
        format!("bind = \"127.0.0.1:0\"\n{api}")
    };
    let cfg = tmp.path().join("cbrd.toml");
    std::fs::write(&cfg, config_text(tmp.path(), &api, extra)).unwrap();
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
pub(super) struct Resp {
    pub(super) status: u16,
    headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
}

impl Resp {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub(super) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub(super) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The `error` message of a JSON error body.
    pub(super) fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or("").to_string()
    }
}

impl std::fmt::Debug for Resp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = self.text();
        write!(f, "{} {}", self.status, &body[..body.len().min(300)])
    }
}

pub(super) fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    // Neither direction may block a test for ever: a server that stops reading (or never
    // answers) fails the test with a timeout error instead of hanging CI.
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    s
}

pub(super) fn head_of(
    method: &str,
    path: &str,
    addr: SocketAddr,
    headers: &[(&str, &str)],
) -> String {
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
pub(super) fn read_response(mut s: TcpStream) -> Resp {
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

pub(super) fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
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

pub(super) fn get(addr: SocketAddr, path: &str) -> Resp {
    http(addr, "GET", path, &[], b"")
}

/// [`get`] with the bearer token, if any.
pub(super) fn get_auth(addr: SocketAddr, path: &str, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    http(addr, "GET", path, &headers, b"")
}

pub(super) fn send_json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    v: &Value,
    token: Option<&str>,
) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a));
    }
    http(addr, method, path, &headers, v.to_string().as_bytes())
}

pub(super) fn delete(addr: SocketAddr, path: &str, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    http(addr, "DELETE", path, &headers, b"")
}

pub(super) fn b64(path: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(std::fs::read(repo(path)).unwrap())
}

pub(super) fn classify(addr: SocketAddr, bytes: &[u8]) -> Resp {
    http(
        addr,
        "POST",
        "/v1/classify",
        &[("Content-Type", "application/octet-stream")],
        bytes,
    )
}

/// Polls `f` until it returns `Some`, for up to 60 s.
pub(super) fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub(super) fn wait_label(addr: SocketAddr, want: Option<&str>) {
    wait_for(&format!("the live decision {want:?}"), || {
        let d = get(addr, "/v1/decision").json();
        // time_ms 0: no decision made yet (the placeholder before the first frames).
        (d["time_ms"].as_u64() > Some(0) && d["label"].as_str() == want).then_some(())
    });
}

/// An SSE connection; `next()` returns (event name, data).
pub(super) struct Events(BufReader<TcpStream>);

impl Events {
    pub(super) fn open(addr: SocketAddr) -> Events {
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

    /// The next event within 60 s. Keep-alive comments do not count: a stream that only
    /// keeps itself alive fails the test instead of holding it for ever.
    pub(super) fn next(&mut self) -> (String, Value) {
        let (mut name, mut data) = (String::new(), String::new());
        let end = Instant::now() + Duration::from_secs(60);
        let mut comments = 0;
        loop {
            assert!(
                Instant::now() < end,
                "no SSE event within 60 s ({comments} keep-alive comments)"
            );
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
            } else if line.starts_with(':') {
                comments += 1;
            }
        }
    }

    pub(super) fn until(&mut self, what: &str, pred: impl Fn(&str, &Value) -> bool) -> Value {
        let mut seen = Vec::new();
        for _ in 0..500 {
            let (n, d) = self.next_or_panic(what, &seen);
            if pred(&n, &d) {
                return d;
            }
            seen.push(n);
        }
        panic!("no {what} in 500 events: {seen:?}");
    }

    /// [`Events::next`], and on failure the names of the events already seen while waiting
    /// for `what`.
    pub(super) fn next_or_panic(&mut self, what: &str, seen: &[String]) -> (String, Value) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.next())) {
            Ok(e) => e,
            Err(p) => {
                eprintln!("waiting for {what}; events seen meanwhile: {seen:?}");
                std::panic::resume_unwind(p)
            }
        }
    }
}

/// A 10 000 × 10 000 (100 MP) PNG of a few hundred bytes: only the header says how big it is.
pub(super) fn png_bomb() -> Vec<u8> {
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

pub(super) fn class_by_label(addr: SocketAddr, label: &str) -> Option<Value> {
    let r = get(addr, "/v1/classes");
    assert_eq!(r.status, 200, "{r:?}");
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == label)
        .cloned()
}

/// The routes that read data: with a token, each needs it (the page shell needs none).
pub(super) const READ_ROUTES: [&str; 9] = [
    "/v1/status",
    "/v1/decision",
    "/v1/classes",
    "/v1/snapshot.jpg",
    "/v1/stream.mjpg",
    "/v1/events",
    "/v1/openapi.yaml",
    "/v1/classes/1/samples/1/thumbnail.jpg",
    "/metrics",
];
