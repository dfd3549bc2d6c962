//! The daemon killed with SIGKILL while it enrolls uploads: every enrollment the API
//! acknowledged (201) is in the catalogue, which always opens.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use super::{b64, send_json, start};
use crate::crash::{Lcg, seed};

#[test]
fn kill_9_while_the_daemon_enrolls_loses_no_acknowledged_enrollment() {
    let lib = need_tflite!();
    let seed = seed();
    let mut rng = Lcg(seed);
    let rounds = 12;
    let (mut acked_total, mut rounds_with_acks) = (0, 0);
    for round in 0..rounds {
        let d = start(&lib, "rate_per_s = 1000");
        let a = d.addr;
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let poster = {
            let acked = acked.clone();
            std::thread::spawn(move || {
                let image = b64("tests/fixtures/photos/enroll/coffee/view-1.jpg");
                for k in 0.. {
                    let label = format!("r{round}-c{k}");
                    let body = json!({"label": label, "images": [image]});
                    // The request in flight when the daemon dies fails: not acknowledged.
                    let r = std::panic::catch_unwind(|| {
                        send_json(a, "POST", "/v1/classes", &body, None)
                    });
                    match r {
                        Ok(r) if r.status == 201 => acked.lock().unwrap().push(label),
                        _ => break,
                    }
                }
            })
        };
        // Wait for the first acknowledgement (its time is what one enrollment takes here,
        // natively or under qemu), then kill at a random instant of the next few.
        let t = std::time::Instant::now();
        while acked.lock().unwrap().is_empty() {
            assert!(
                t.elapsed() < Duration::from_secs(180) && !poster.is_finished(),
                "round {round}: no enrollment acknowledged:\n{}",
                d.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let one = t.elapsed();
        std::thread::sleep(one.mul_f64(3.0 * rng.next_f64()));
        // SAFETY: plain kill(2) on our own child.
        unsafe { libc::kill(d.pid() as i32, libc::SIGKILL) };
        let _ = poster.join();
        let idx = d.tmp.path().join("idx");
        let acked = acked.lock().unwrap().clone();
        if !cbrd::index::store::exists(&idx) {
            assert!(
                acked.is_empty(),
                "round {round}: acknowledged {acked:?}, no catalogue"
            );
            continue;
        }
        let index = cbrd::index::store::load(&idx).unwrap_or_else(|e| {
            panic!("round {round}: the catalogue must open after kill -9: {e}")
        });
        for label in &acked {
            let c = index
                .class_by_label(label)
                .unwrap_or_else(|| panic!("round {round}: acknowledged {label} is lost"));
            assert_eq!(index.samples_of(c.id).count(), 1, "round {round}: {label}");
        }
        acked_total += acked.len();
        rounds_with_acks += usize::from(!acked.is_empty());
    }
    eprintln!(
        "daemon kill -9: seed {seed}, {rounds} kills, {acked_total} acknowledged enrollments, all on disk"
    );
    assert_eq!(
        rounds_with_acks, rounds,
        "every round enrolls before its kill"
    );
}
