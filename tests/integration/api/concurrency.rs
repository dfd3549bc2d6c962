//! Many clients at once while a camera enrollment runs.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::{
    class_by_label, classify, connect, get, read_response, send_json, start, wait_for, wait_label,
};
use crate::common::*;

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
