use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::guard::{RateLimiter, secret_eq};
use super::routes::{known_path, parse_id};
use super::stream::sse_line;
use crate::board::Board;

#[test]
fn secrets_compare_by_value() {
    assert!(secret_eq(b"s3cret", b"s3cret"));
    assert!(!secret_eq(b"s3cret", b"s3creT"));
    assert!(!secret_eq(b"s3cret", b"s3cret "));
    assert!(!secret_eq(b"", b"x"));
}

#[test]
fn rate_limiter_allows_bursts_then_refills() {
    let l = RateLimiter {
        rate: 10.0,
        burst: 3.0,
        buckets: Mutex::new(HashMap::new()),
    };
    let ip = IpAddr::from([10, 0, 0, 1]);
    let t = Instant::now();
    assert!((0..3).all(|_| l.allow(ip, t)));
    assert!(!l.allow(ip, t));
    assert!(l.allow(IpAddr::from([10, 0, 0, 2]), t), "per address");
    assert!(l.allow(ip, t + Duration::from_millis(150)), "refilled");
}

#[test]
fn routes_and_methods() {
    assert!(known_path(&["v1", "classes", "7"]));
    assert!(known_path(&[
        "v1",
        "classes",
        "7",
        "samples",
        "3",
        "thumbnail.jpg"
    ]));
    assert!(!known_path(&["v1", "etc", "passwd"]));
    assert!(!known_path(&["..", "etc"]));
    assert!(parse_id("12").is_ok() && parse_id("../x").is_err());
}

#[test]
fn sse_lines_and_current_decision() {
    use crate::board::StaticInfo;
    use crate::camera::CameraState;
    use crate::event::Event;
    let b = Board::new(StaticInfo::default());
    let rx = b.subscribe();
    assert!(
        sse_line(&rx.try_recv().unwrap()).starts_with("event: decision\ndata: {"),
        "current state first"
    );
    let e = Event::Camera {
        time_ms: 1,
        state: CameraState::Streaming,
    };
    b.publish(&e);
    assert_eq!(
        sse_line(&rx.try_recv().unwrap()),
        "event: camera\ndata: {\"event\":\"camera\",\"state\":\"streaming\",\"time_ms\":1}\n\n"
    );
}
