//! Bodies over `api.max_body_mb` (the walkthrough's daemon runs with 1 MiB): refused from the
//! header, or while reading a chunked body; a chunked upload within the limit is classified.

use std::io::Write;
use std::net::SocketAddr;

use super::{connect, head_of, read_response};
use crate::common::*;

/// Called by the walkthrough with its running daemon, so that no second daemon is started.
pub(super) fn over_max_body_mb(a: SocketAddr) {
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
        // Chunked, no length: counted as it comes, refused once over the limit.
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
        assert_eq!(r.status, 413, "{r:?}");
        assert!(r.error().contains("max_body_mb"), "{r:?}");
    }
    {
        // A chunked upload within the limit is classified like any other.
        let photo = std::fs::read(repo("tests/fixtures/photos/heldout/coffee/view-2.jpg")).unwrap();
        let mut s = connect(a);
        let head = head_of(
            "POST",
            "/v1/classify",
            a,
            &[("Transfer-Encoding", "chunked")],
        );
        s.write_all(format!("{head}\r\n").as_bytes()).unwrap();
        for piece in photo.chunks(7000) {
            s.write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .unwrap();
            s.write_all(piece).unwrap();
            s.write_all(b"\r\n").unwrap();
        }
        s.write_all(b"0\r\n\r\n").unwrap();
        let r = read_response(s);
        assert_eq!(r.status, 200, "{r:?}");
        assert!(
            r.json()["label"].is_string() || r.json()["label"].is_null(),
            "{r:?}"
        );
    }
}
