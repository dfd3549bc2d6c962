//! The API under attack, on loopback only, each attack bounded in connections and time. Every
//! test runs a [`Watch`]: a probe of `/v1/status` from 127.0.0.1 four times a second, which
//! must be answered within 1 s throughout, and the daemon's RSS, which must stay under its
//! baseline + `api.body_budget_mb` + 50 MB. The attackers connect from other loopback
//! addresses (127.0.0.2 and up), as other machines of a shop network would: the per-address
//! connection cap is part of the defence.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use super::{
    Daemon, READ_ROUTES, TOKEN, get_auth, http, read_response, start, start_with, wait_for,
};

/// `api.body_budget_mb`'s default.
const BUDGET: u64 = 64 << 20;
/// What the daemon may hold on top of its baseline and the budget.
const SLACK: u64 = 50_000_000;

fn rss_bytes(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// One `GET /v1/status` on a new connection; its time, or what went wrong.
fn probe(addr: SocketAddr, token: Option<&str>) -> Result<Duration, String> {
    let t = Instant::now();
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(2)))
        .map_err(|e| e.to_string())?;
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    s.write_all(
        format!("GET /v1/status HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n")
            .as_bytes(),
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .map_err(|e| format!("{e} after {:?}", t.elapsed()))?;
    let text = String::from_utf8_lossy(&raw);
    if !text.starts_with("HTTP/1.1 200") || !text.contains("\"fps\"") {
        return Err(format!("answered {:?}", &text[..text.len().min(120)]));
    }
    Ok(t.elapsed())
}

/// The probe and the RSS sampler, running while an attack goes on.
struct Watch {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<(Duration, Vec<String>, usize, u64)>,
    baseline: u64,
}

impl Watch {
    /// Once the pipeline is warm (frames classified), the RSS is the baseline.
    fn start(d: &Daemon, token: Option<&'static str>) -> Watch {
        let a = d.addr;
        wait_frames(a, token, 3);
        let pid = d.pid();
        let baseline = rss_bytes(pid);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut worst, mut failures, mut probes, mut peak) =
                (Duration::ZERO, Vec::new(), 0, 0);
            // At least four probes, however short the attack: a watch that saw nothing
            // proves nothing.
            while probes < 4 || !flag.load(Ordering::Relaxed) {
                match probe(a, token) {
                    Ok(t) => worst = worst.max(t),
                    Err(e) => failures.push(e),
                }
                probes += 1;
                peak = peak.max(rss_bytes(pid));
                std::thread::sleep(Duration::from_millis(250));
            }
            (worst, failures, probes, peak)
        });
        Watch {
            stop,
            thread,
            baseline,
        }
    }

    /// Ends the watch and checks what it saw.
    fn check(self, what: &str) {
        self.stop.store(true, Ordering::Relaxed);
        let (worst, failures, probes, peak) = self.thread.join().unwrap();
        eprintln!(
            "{what}: {probes} probes, slowest {worst:?}; RSS {} MiB at the start, peak {} MiB",
            self.baseline >> 20,
            peak >> 20
        );
        assert!(probes >= 4, "{what}: only {probes} probes ran");
        assert!(failures.is_empty(), "{what}: probes failed: {failures:?}");
        assert!(
            worst < Duration::from_secs(1),
            "{what}: /v1/status took {worst:?}"
        );
        assert!(
            peak <= self.baseline + BUDGET + SLACK,
            "{what}: RSS peaked at {} MiB (baseline {} MiB + budget 64 MiB + 50 MB)",
            peak >> 20,
            self.baseline >> 20
        );
    }
}

fn status(a: SocketAddr, token: Option<&str>) -> Value {
    get_auth(a, "/v1/status", token).json()
}

fn wait_frames(a: SocketAddr, token: Option<&str>, n: u64) {
    wait_for("frames classified", || {
        (status(a, token)["frames"]["classified"].as_u64() >= Some(n)).then_some(())
    });
}

/// `cbrd_http_refused_total{reason}` now.
fn refused(a: SocketAddr, token: Option<&str>, reason: &str) -> u64 {
    let text = get_auth(a, "/metrics", token).text();
    let key = format!("cbrd_http_refused_total{{reason=\"{reason}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&key))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in /metrics"))
}

/// A connection from loopback address 127.0.0.`n`.
fn connect_from(n: u8, addr: SocketAddr) -> TcpStream {
    let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    let src: SocketAddr = ([127, 0, 0, n], 0).into();
    s.bind(&src.into()).unwrap();
    s.connect_timeout(&addr.into(), Duration::from_secs(5))
        .unwrap();
    let s: TcpStream = s.into();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

/// Whether the server has closed `s` (reads what it sent; true on end of stream or error).
fn closed(s: &mut TcpStream) -> bool {
    s.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 4096];
    let r = loop {
        match s.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break false,
            Err(_) => break true,
        }
    };
    s.set_nonblocking(false).unwrap();
    r
}

#[test]
fn slow_clients_are_cut_off_and_capped_per_address() {
    let lib = need_tflite!();
    let d = start(&lib, "");
    let a = d.addr;
    let w = Watch::start(&d, None);
    // 100 clients on 4 addresses, each sending a header line every 2 s.
    let t0 = Instant::now();
    let mut slow: Vec<(TcpStream, Option<Duration>)> = (0..100)
        .map(|i| {
            let mut s = connect_from(2 + (i % 4) as u8, a);
            s.write_all(format!("GET /v1/status HTTP/1.1\r\nHost: {a}\r\n").as_bytes())
                .unwrap();
            (s, None)
        })
        .collect();
    // 40 more from one address: 32 (api.max_connections_per_peer) are let in, 8 get 503.
    let crowd: Vec<TcpStream> = (0..40).map(|_| connect_from(6, a)).collect();
    while t0.elapsed() < Duration::from_secs(12) && slow.iter().any(|(_, c)| c.is_none()) {
        for (s, closed_at) in slow.iter_mut().filter(|(_, c)| c.is_none()) {
            if closed(s) || s.write_all(b"X-Slow: 1\r\n").is_err() {
                *closed_at = Some(t0.elapsed());
            }
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    let open = slow.iter().filter(|(_, c)| c.is_none()).count();
    assert_eq!(open, 0, "{open} slow clients still connected after 12 s");
    let refused_503 = crowd
        .into_iter()
        .filter(|s| {
            let mut s = s.try_clone().unwrap();
            s.set_read_timeout(Some(Duration::from_millis(200)))
                .unwrap();
            let mut head = [0u8; 12];
            s.read_exact(&mut head).is_ok() && &head == b"HTTP/1.1 503"
        })
        .count();
    assert_eq!(refused_503, 8, "connections over the per-address cap");
    w.check("slow clients");
    assert!(refused(a, None, "head_timeout") >= 100);
    assert!(refused(a, None, "per_peer") >= 8);
}

#[test]
fn held_bodies_stay_inside_the_budget_and_are_cut_off() {
    let lib = need_tflite!();
    let d = start(&lib, "");
    let a = d.addr;
    let w = Watch::start(&d, None);
    // 40 clients each announce a 15 MiB upload, send 1 MiB of it, and hold the rest.
    let chunk = vec![0xABu8; 1 << 20];
    let held: Vec<TcpStream> = (0..40)
        .map(|i| {
            let mut s = connect_from(2 + (i % 8) as u8, a);
            let head = format!(
                "POST /v1/classify HTTP/1.1\r\nHost: {a}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n",
                15 << 20
            );
            s.write_all(head.as_bytes()).unwrap();
            let _ = s.write_all(&chunk);
            s
        })
        .collect();
    // Each gets its answer: 503 (budget spent) at once, or 408 once it falls under the rate.
    let mut codes = Vec::new();
    for s in held {
        let r = read_response(s);
        if r.status == 503 {
            assert_eq!(r.header("Retry-After"), Some("1"), "{r:?}");
            assert!(r.error().contains("api.body_budget_mb"), "{r:?}");
        } else {
            assert!(r.error().contains("too slowly"), "{r:?}");
        }
        codes.push(r.status);
    }
    let busy = codes.iter().filter(|&&c| c == 503).count();
    let slow = codes.iter().filter(|&&c| c == 408).count();
    assert_eq!(busy + slow, 40, "{codes:?}");
    // 64 MiB holds two 15 MiB bodies (charged twice each).
    assert!((1..=2).contains(&slow), "{codes:?}");
    w.check("held bodies");
    assert!(refused(a, None, "body_budget") >= 38);
    assert!(refused(a, None, "body_timeout") >= 1);
    let m = get_auth(a, "/metrics", None).text();
    assert!(
        m.contains("cbrd_http_body_budget_used_bytes 0\n"),
        "all given back"
    );
}

#[test]
fn a_foreign_host_gets_no_data() {
    let lib = need_tflite!();
    let d = start(&lib, "");
    let a = d.addr;
    let w = Watch::start(&d, None);
    for path in [
        "/v1/snapshot.jpg",
        "/v1/classes",
        "/v1/status",
        "/v1/decision",
        "/v1/events",
        "/v1/stream.mjpg",
        "/metrics",
        "/",
    ] {
        for host in [
            "attacker.example",
            &format!("attacker.example:{}", a.port()),
        ] {
            let r = http(a, "GET", path, &[("Host", host)], b"");
            assert_eq!(r.status, 421, "{path} with Host {host}: {r:?}");
            assert!(r.error().contains("api.allowed_hosts"), "{r:?}");
            assert!(!r.text().contains("fps") && !r.body.starts_with(&[0xFF, 0xD8]));
        }
        let r = http(
            a,
            "GET",
            path,
            &[("Origin", "http://attacker.example")],
            b"",
        );
        assert_eq!(r.status, 403, "{path} with a foreign Origin: {r:?}");
    }
    w.check("foreign Host");
    assert!(refused(a, None, "foreign_host") >= 16);
    assert!(refused(a, None, "cross_origin") >= 8);
}

/// A JPEG of noise (no two alike, nothing compresses).
fn noise_jpeg(side: u32, seed: u32) -> String {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let img = image::RgbImage::from_fn(side, side, |_, _| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        image::Rgb([x as u8, (x >> 8) as u8, (x >> 16) as u8])
    });
    let mut out = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut out, 90,
    ))
    .unwrap();
    base64::engine::general_purpose::STANDARD.encode(out)
}

fn enroll(a: SocketAddr, label: &str, images: Vec<String>) -> super::Resp {
    super::send_json(
        a,
        "POST",
        "/v1/classes",
        &json!({"label": label, "images": images}),
        None,
    )
}

fn metric(text: &str, key: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

#[test]
fn oversized_enrollments_are_refused_and_uploads_do_not_starve_the_camera() {
    let lib = need_tflite!();
    let d = start_with(&lib, "", "[preprocess]\nmax_megapixels = 1.0");
    let a = d.addr;
    let w = Watch::start(&d, None);
    // Over the cap on images: refused before anything is decoded.
    let r = enroll(a, "many", (0..65).map(|i| noise_jpeg(16, i)).collect());
    assert_eq!(r.status, 413, "{r:?}");
    assert!(r.error().contains("at most 64"), "{r:?}");
    // Over the pixels of one request (4 × max_megapixels): five 0.98 MP images.
    let r = enroll(a, "big", (0..5).map(|i| noise_jpeg(990, 100 + i)).collect());
    assert_eq!(r.status, 413, "{r:?}");
    assert!(r.error().contains("MP in all"), "{r:?}");

    // Three enrollments at once while the camera runs. Their size follows the measured
    // embedding time, so that they take ~15 s here and under emulation alike.
    let m = get_auth(a, "/metrics", None).text();
    let per_embed = metric(&m, "cbrd_stage_seconds_sum{stage=\"embed\"}")
        / metric(&m, "cbrd_stage_seconds_count{stage=\"embed\"}").max(1.0);
    let n = ((15.0 / (6.0 * per_embed.max(1e-3))) as usize).clamp(2, 16);
    // Made before the clock starts: encoding them here must not take the daemon's CPU.
    let bodies: Vec<Vec<String>> = (0..3u32)
        .map(|k| {
            (0..n as u32)
                .map(|i| noise_jpeg(64, 1000 * k + i))
                .collect()
        })
        .collect();
    let classified = |s: &Value| s["frames"]["classified"].as_u64().unwrap_or(0);
    let (t, before) = (Instant::now(), classified(&status(a, None)));
    std::thread::sleep(Duration::from_secs(3));
    let rate_before = (classified(&status(a, None)) - before) as f64 / t.elapsed().as_secs_f64();
    let (t, before) = (Instant::now(), classified(&status(a, None)));
    let uploads: Vec<_> = bodies
        .into_iter()
        .enumerate()
        .map(|(k, images)| std::thread::spawn(move || enroll(a, &format!("noise-{k}"), images)))
        .collect();
    for u in uploads {
        let r = u.join().unwrap();
        assert_eq!(r.status, 201, "{r:?}");
        assert_eq!(r.json()["added"].as_u64(), Some(n as u64), "{r:?}");
    }
    let took = t.elapsed().as_secs_f64();
    let frames = classified(&status(a, None)) - before;
    let rate_during = frames as f64 / took;
    eprintln!(
        "3 × {n} images ({per_embed:.3} s per embedding) in {took:.1} s; camera {rate_before:.1} fps before, {rate_during:.1} fps during ({frames} frames)"
    );
    // Fair shares of the one inference thread: either the camera kept its rate (the thread
    // had time for both), or it got about as many turns as the upload images did (one
    // upload image between two frames; a busy shared machine cannot promise more).
    let uploaded = 3 * n as u64;
    assert!(
        rate_during >= 0.8 * rate_before || frames * 10 >= uploaded * 8,
        "the camera fell from {rate_before:.1} to {rate_during:.1} frames/s during the uploads: \
         {frames} frames for {uploaded} upload images"
    );
    w.check("oversized enrollments");
    assert!(refused(a, None, "too_many_images") >= 1);
    assert!(refused(a, None, "too_many_pixels") >= 1);
}

#[test]
fn duplicate_content_lengths_are_refused() {
    let lib = need_tflite!();
    let d = start(&lib, "");
    let a = d.addr;
    let w = Watch::start(&d, None);
    for lengths in [("5", "6"), ("6", "5")] {
        let mut s = connect_from(2, a);
        s.write_all(
            format!(
                "POST /v1/classify HTTP/1.1\r\nHost: {a}\r\nContent-Length: {}\r\nContent-Length: {}\r\n\r\nhello!",
                lengths.0, lengths.1
            )
            .as_bytes(),
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw);
        assert!(text.starts_with("HTTP/1.1 400"), "{lengths:?}: {text:?}");
    }
    w.check("duplicate Content-Length");
    assert!(refused(a, None, "bad_request") >= 2);
}

#[test]
fn a_connection_flood_is_capped_per_address() {
    let lib = need_tflite!();
    let d = start(&lib, "");
    let a = d.addr;
    let w = Watch::start(&d, None);
    // 400 connections from 4 addresses, as fast as they open, and left silent.
    let flood: Vec<TcpStream> = (0..400)
        .map(|i| connect_from(2 + (i % 4) as u8, a))
        .collect();
    let mut refused_503 = 0;
    for s in &flood {
        let mut s = s.try_clone().unwrap();
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut head = [0u8; 12];
        if s.read_exact(&mut head).is_ok() && &head == b"HTTP/1.1 503" {
            refused_503 += 1;
        }
    }
    assert_eq!(
        refused_503,
        400 - 4 * 32,
        "4 addresses × 32 connections are let in"
    );
    // The silent ones are closed by the head deadline.
    std::thread::sleep(Duration::from_secs(7));
    let mut flood = flood;
    let open = flood.iter_mut().map(closed).filter(|c| !c).count();
    assert_eq!(open, 0, "silent connections still open after 7 s");
    w.check("connection flood");
    assert!(refused(a, None, "per_peer") >= 272);
}

#[test]
fn with_a_token_every_route_refuses_an_anonymous_flood() {
    let lib = need_tflite!();
    let d = start(&lib, &format!("token = \"{TOKEN}\"\nrate_per_s = 200"));
    let a = d.addr;
    let w = Watch::start(&d, Some(TOKEN));
    let paths = READ_ROUTES;
    let end = Instant::now() + Duration::from_secs(5);
    let mut answers = 0;
    while Instant::now() < end {
        for path in paths {
            let mut s = connect_from(2, a);
            s.write_all(
                format!(
                    "GET {path} HTTP/1.1\r\nHost: {a}\r\nCookie: cbrd_session=guess\r\nConnection: close\r\n\r\n"
                )
                .as_bytes(),
            )
            .unwrap();
            let r = read_response(s);
            assert!(matches!(r.status, 401 | 429), "{path}: {r:?}");
            assert!(!r.text().contains("fps") && !r.body.starts_with(&[0xFF, 0xD8]));
            answers += 1;
        }
    }
    assert!(answers > 50, "only {answers} requests in 5 s");
    w.check("anonymous flood");
    assert!(refused(a, Some(TOKEN), "unauthorized") >= 50);
}
