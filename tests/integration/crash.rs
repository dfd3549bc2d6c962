//! Crash safety, a kill -9 campaign: `cbrd enroll`, `enroll-dir`, `classes rename` and
//! `classes remove` are killed at random instants (swept over each command's whole run) on a
//! catalogue of 5 000 samples. After every kill the catalogue must open, every change a
//! command acknowledged (exit 0) must be there, and a killed change must be all or nothing.
//! (Kills of the daemon while it enrolls are in `api::crash`.)

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use cbrd::index::Index;
use cbrd::index::store::{self, Open};

use crate::common::*;

/// A small deterministic generator (the seed is printed, so a failure can be replayed).
pub struct Lcg(pub u64);

impl Lcg {
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub fn seed() -> u64 {
    std::env::var("CBRD_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
}

fn open(dir: &Path) -> Index {
    store::load(dir).unwrap_or_else(|e| panic!("the catalogue must open after every kill: {e}"))
}

fn count(idx: &Index, label: &str) -> Option<usize> {
    idx.class_by_label(label)
        .map(|c| idx.samples_of(c.id).count())
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Enroll,
    EnrollDir,
    Rename,
    Remove,
}

#[test]
fn kill_9_campaign_on_the_cli_loses_no_acknowledged_change() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let d = &dir.path().join("idx");
    let img = repo("tests/fixtures/golden/cat.png");
    ok(cbrd(&lib)
        .args(["-q", "enroll", "--index"])
        .arg(d)
        .args(["--class", "seed"])
        .arg(&img));
    // 5 000 more samples, so that the catalogue is not trivially small.
    store::edit(d, Open::Existing(None), |txn| {
        let (synthetic, _) = cbrd::index::synthetic_index(5000, txn.dim(), 50);
        let bulk = txn.ensure_class("bulk", 0)?;
        for row in synthetic.vectors().to_f32().chunks_exact(txn.dim()) {
            txn.add_sample(bulk, "synthetic", row, None, None, 0)?;
        }
        anyhow::Ok(())
    })
    .unwrap();
    // A dataset of two classes for enroll-dir (saved class by class).
    let ds = dir.path().join("dataset");
    for (class, photos) in [
        ("mug", ["coffee/view-1.jpg", "coffee/view-2.jpg"]),
        ("stone", ["gravel/view-1.jpg", "brick/view-1.jpg"]),
    ] {
        std::fs::create_dir_all(ds.join(class)).unwrap();
        for p in photos {
            std::fs::copy(
                repo(&format!("tests/fixtures/photos/enroll/{p}")),
                ds.join(class).join(p.replace('/', "-")),
            )
            .unwrap();
        }
    }
    let command = |op: Op, idx: &Index| -> Command {
        let mut c = cbrd(&lib);
        c.arg("-q")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        match op {
            // The same photo every round: written every time, not skipped as a duplicate.
            Op::Enroll => {
                c.args(["enroll", "--allow-duplicates", "--index"])
                    .arg(d)
                    .args(["--class", "crash"])
                    .arg(&img);
            }
            Op::EnrollDir => {
                c.args(["enroll-dir", "--index"]).arg(d).arg(&ds);
            }
            Op::Rename => {
                let (from, to) = if idx.class_by_label("left").is_some() {
                    ("left", "right")
                } else {
                    ("right", "left")
                };
                c.args(["classes", "rename", "--index"])
                    .arg(d)
                    .args([from, to]);
            }
            Op::Remove => {
                c.args(["classes", "remove", "--index"]).arg(d).arg("mug");
            }
        }
        c
    };
    ok(cbrd(&lib)
        .args(["-q", "enroll", "--index"])
        .arg(d)
        .args(["--class", "left"])
        .arg(repo("tests/fixtures/golden/cat.png")));

    // How long each command takes when it is not killed.
    let ops = [Op::Enroll, Op::EnrollDir, Op::Rename, Op::Remove];
    let mut full = Vec::new();
    for op in ops {
        let before = open(d);
        let t = Instant::now();
        ok(&mut command(op, &before));
        full.push(t.elapsed());
    }
    let seed = seed();
    eprintln!("kill -9 campaign: seed {seed} (CBRD_CRASH_SEED replays it); runs take {full:?}");
    let mut rng = Lcg(seed);
    // At least 100 kills of a command that had something to change (fewer only where
    // CBRD_CRASH_KILLS says so: the aarch64 job under qemu, which names it in its log).
    let wanted: usize = std::env::var("CBRD_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(110);
    let mut round = 0;
    let (mut acked, mut applied, mut not_applied, mut idle) = (0, 0, 0, 0);
    while acked + applied + not_applied < wanted {
        assert!(
            round < 4 * wanted,
            "{round} rounds and only {} kills with a change to make",
            acked + applied + not_applied
        );
        let op = ops[round % ops.len()];
        let before = open(d);
        // Uniform over 0 … 1.1 × the command's normal run: before it opens the catalogue,
        // while it embeds, while it commits, and just after.
        let delay = full[round % ops.len()].mul_f64(1.1 * rng.next_f64());
        let mut child = command(op, &before).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let exited_ok = status.success();
        if matches!(op, Op::Remove) && before.class_by_label("mug").is_none() {
            // Nothing to remove (an enroll-dir before it was killed early): not a kill test.
            idle += 1;
            round += 1;
            continue;
        }
        let after = open(d);
        // Each change is all or nothing; an acknowledged one is there.
        let done = match op {
            Op::Enroll => {
                let (b, a) = (
                    count(&before, "crash").unwrap_or(0),
                    count(&after, "crash").unwrap_or(0),
                );
                assert!(
                    a == b || a == b + 1,
                    "round {round} {op:?}: {b} → {a} samples"
                );
                a == b + 1
            }
            Op::EnrollDir => {
                for class in ["mug", "stone"] {
                    let n = count(&after, class);
                    assert!(
                        n.is_none() || n == Some(2) || n == count(&before, class),
                        "round {round} {op:?}: {class} has {n:?} samples"
                    );
                }
                count(&after, "mug") == Some(2)
                    && count(&after, "stone") == Some(2)
                    && !(count(&before, "mug") == Some(2) && count(&before, "stone") == Some(2))
            }
            Op::Rename => {
                let renamed = before.class_by_label("left").is_some()
                    != after.class_by_label("left").is_some();
                assert_eq!(
                    after.class_by_label("left").is_some() as u8
                        + after.class_by_label("right").is_some() as u8,
                    1,
                    "round {round} {op:?}: exactly one of left/right"
                );
                renamed
            }
            Op::Remove => {
                let had = before.class_by_label("mug").is_some();
                had && after.class_by_label("mug").is_none()
            }
        };
        if exited_ok {
            acked += 1;
            let nothing_to_do = matches!(op, Op::EnrollDir)
                && count(&before, "mug") == Some(2)
                && count(&before, "stone") == Some(2);
            assert!(
                done || nothing_to_do,
                "round {round} {op:?}: exit 0 but the change is not on disk"
            );
        } else if done {
            applied += 1;
        } else {
            not_applied += 1;
        }
        // The same ids are never handed out twice, and the samples match their vectors.
        assert_eq!(after.vectors().rows(), after.samples().len());
        round += 1;
    }
    eprintln!(
        "kill -9 campaign: {round} kills: {acked} commands had finished (their change is on disk), \
         {applied} killed after their commit, {not_applied} killed before it, {idle} removes with \
         nothing to remove; 0 unreadable catalogues"
    );
    assert!(
        not_applied > 0 && acked + applied > 0,
        "the kills did not land both before and after commits: the campaign tested nothing"
    );
    // And the catalogue takes new changes afterwards.
    let before = count(&open(d), "crash").unwrap_or(0);
    ok(&mut command(Op::Enroll, &open(d)));
    assert_eq!(count(&open(d), "crash"), Some(before + 1));
}
