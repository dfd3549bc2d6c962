//! Crash safety: `kill -9` at many points during repeated enrolls never leaves an index that
//! fails to load or holds a half-applied change.

use std::time::Instant;

use cbrd::index::store;

use crate::common::*;

fn crash_count(dir: &std::path::Path) -> usize {
    let idx =
        store::load(dir).unwrap_or_else(|e| panic!("index must always load after a crash: {e}"));
    idx.class_by_label("crash")
        .map(|c| idx.samples_of(c.id).count())
        .unwrap_or(0)
}

#[test]
fn kill_9_during_repeated_enrolls_keeps_the_index_consistent() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let img = repo("tests/fixtures/golden/cat.png");
    ok(cbrd(&lib)
        .args(["-q", "enroll", "--index"])
        .arg(d)
        .args(["--class", "seed"])
        .arg(&img));

    // Make the index big (25 MB) so that writing it takes long enough to be hit by a kill.
    {
        let w = store::Writer::lock(d).unwrap();
        let mut idx = w.load().unwrap();
        let (synthetic, _) = cbrd::index::synthetic_index(5000, idx.dim(), 50);
        let bulk = idx.ensure_class("bulk", 0).unwrap();
        for row in synthetic.vectors().chunks_exact(idx.dim()) {
            idx.add_sample(bulk, "synthetic", row, None, None, 0)
                .unwrap();
        }
        w.save(&idx).unwrap();
    }
    let enroll = || {
        let mut c = cbrd(&lib);
        // The same photo every round: it must be written every time, not skipped as
        // already enrolled.
        c.args(["-q", "enroll", "--allow-duplicates", "--index"])
            .arg(d)
            .args(["--class", "crash"])
            .arg(&img);
        c
    };
    let t = Instant::now();
    ok(&mut enroll());
    let full = t.elapsed();
    let mut expected = 1;
    assert_eq!(crash_count(d), expected);

    // Sweep the kill time over the whole run (0 … 1.2 × its normal duration), again and again
    // until kills have landed both mid-write and after a commit (other tests load the CPU).
    let sweep = 24;
    let (mut killed_while_writing, mut completed, mut killed_before) = (0, 0, 0);
    let mut round = 0;
    while round < sweep
        || (killed_while_writing == 0 || completed == 0 || killed_before == 0) && round < 5 * sweep
    {
        let delay = full.mul_f64(1.2 * f64::from(round % sweep) / f64::from(sweep));
        let mut child = enroll().spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if d.join("index.cbrd.tmp").exists() {
            killed_while_writing += 1;
        }
        let now = crash_count(d);
        assert!(
            now == expected || now == expected + 1,
            "round {round}: {now} samples after a kill, expected {expected} or {}",
            expected + 1
        );
        if now == expected + 1 {
            completed += 1;
        } else if !status.success() {
            killed_before += 1;
        }
        expected = now;
        round += 1;
    }
    eprintln!(
        "crash test: run takes {full:?}; {round} rounds: {killed_while_writing} kills left a half-written \
         temp file, {completed} enrolls completed, {killed_before} killed before committing"
    );
    assert!(
        killed_while_writing > 0,
        "no kill landed during a write: the test did not test anything"
    );
    assert!(completed > 0 && killed_before > 0);
    // And the index still takes new samples afterwards.
    ok(&mut enroll());
    assert_eq!(crash_count(d), expected + 1);
}
