//! The token off loopback (every route but the page shell, the page's session cookie, the
//! metrics token), the allowed host names, and the per-client rate limit.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;

use super::{READ_ROUTES, TOKEN, b64, classify, delete, get, http, send_json, start, wait_for};

const METRICS_TOKEN: &str = "metrics-token-0123456789";
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
            "bind = \"0.0.0.0:0\"\ntoken_file = \"{}\"\nrate_per_s = 1000\n\
             metrics_token = \"{METRICS_TOKEN}\"\nallowed_hosts = [\"cbrd.local\"]",
            token_file.display()
        ),
    );
    let port = d.addr.port();
    let a: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert!(d.log().contains("token=true"), "{}", d.log());

    let auth = format!("Bearer {TOKEN}");
    let with_token = |path: &str| http(a, "GET", path, &[("Authorization", &auth)], b"");

    // Reading needs the token too: every route but the page shell.
    for path in ["/", "/app.js", "/style.css"] {
        assert_eq!(get(a, path).status, 200, "{path}");
    }
    for path in READ_ROUTES {
        let r = get(a, path);
        assert_eq!(r.status, 401, "{path}: {r:?}");
        assert_eq!(r.header("WWW-Authenticate"), Some("Bearer"), "{path}");
        assert!(!r.text().contains("fps"), "{path} leaked data: {r:?}");
    }
    assert_eq!(with_token("/v1/status").json()["auth_required"], true);
    assert_eq!(with_token("/v1/classes").status, 200);
    wait_for("a camera frame", || {
        (with_token("/v1/snapshot.jpg").status == 200).then_some(())
    });
    // The metrics token reads /metrics and nothing else.
    let m = format!("Bearer {METRICS_TOKEN}");
    let r = http(a, "GET", "/metrics", &[("Authorization", &m)], b"");
    assert_eq!(r.status, 200, "{r:?}");
    assert!(
        r.text()
            .contains("cbrd_http_refused_total{reason=\"unauthorized\"}")
    );
    let r = http(a, "GET", "/v1/status", &[("Authorization", &m)], b"");
    assert_eq!(r.status, 401, "{r:?}");
    assert_eq!(with_token("/metrics").status, 200);

    // The operator page's session: a cookie for the token, HttpOnly and SameSite=Strict,
    // that the page's <img> and EventSource requests carry.
    let r = http(a, "POST", "/v1/session", &[("Authorization", &auth)], b"");
    assert_eq!(r.status, 200, "{r:?}");
    let set = r.header("Set-Cookie").unwrap_or_default().to_string();
    assert!(
        set.starts_with("cbrd_session=")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert!(
        !set.contains(TOKEN),
        "the cookie must not hold the token: {set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    let r = http(a, "GET", "/v1/snapshot.jpg", &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("Content-Type"), Some("image/jpeg"));
    let r = http(
        a,
        "GET",
        "/v1/status",
        &[("Cookie", "cbrd_session=forged")],
        b"",
    );
    assert_eq!(r.status, 401, "{r:?}");
    let r = http(
        a,
        "POST",
        "/v1/session",
        &[("Authorization", "Bearer wrong")],
        b"",
    );
    assert_eq!(r.status, 401, "{r:?}");
    assert!(r.header("Set-Cookie").is_none());

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
    assert_eq!(with_token("/v1/status").json()["index"]["classes"], 0);

    // With the token: works, also under a name in api.allowed_hosts; any other name is refused
    // even with the token.
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
    let r = http(
        a,
        "GET",
        "/v1/status",
        &[
            ("Host", &format!("rebound.example:{port}")),
            ("Authorization", &auth),
        ],
        b"",
    );
    assert_eq!(r.status, 421, "{r:?}");
    // Classifying an upload shows the catalogue: it needs the token too.
    let photo = std::fs::read(repo("tests/fixtures/photos/heldout/coffee/view-2.jpg")).unwrap();
    assert_eq!(classify(a, &photo).status, 401);
    let r = http(
        a,
        "POST",
        "/v1/classify",
        &[
            ("Content-Type", "application/octet-stream"),
            ("Authorization", &auth),
        ],
        &photo,
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.json()["label"], "espresso");
    let r = delete(a, &format!("/v1/classes/{id}"), Some(TOKEN));
    assert_eq!(r.status, 204, "{r:?}");
    assert!(
        with_token("/metrics")
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
