//! The token off loopback, and the per-client rate limit.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;

use super::{TOKEN, b64, classify, delete, get, http, send_json, start};
use crate::common::*;

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
