use super::*;
use crate::index::tests::identity;

pub(super) fn sample_index() -> Index {
    let mut idx = Index::new(identity(3));
    let a = idx.ensure_class("Äpfel 🍎", 1).unwrap();
    let b = idx.ensure_class("pears", 2).unwrap();
    idx.add_sample(
        a,
        "a.jpg",
        &[1.0, 0.0, 0.0],
        Some(vec![0xff, 0xd8, 1, 2]),
        Some([7; 32]),
        3,
    )
    .unwrap();
    idx.add_sample(b, "b/c.png", &[0.0, 0.6, 0.8], None, None, 4)
        .unwrap();
    idx.add_sample(a, "camera", &[0.0, 0.0, 1.0], None, Some([9; 32]), 5)
        .unwrap();
    idx
}

/// `sample_index` written through the one transaction into a new folder.
fn enrolled(dir: &Path) -> Index {
    let want = sample_index();
    let ((), idx) = edit(dir, Open::OrCreate(want.identity(), None), |txn| {
        **txn = want.clone();
        Ok::<_, StoreError>(())
    })
    .unwrap();
    idx
}

fn same_content(a: &Index, b: &Index) {
    assert_eq!(a.classes(), b.classes());
    assert_eq!(a.vectors(), b.vectors());
    assert_eq!(a.next_ids(), b.next_ids());
    assert_eq!(a.identity(), b.identity());
    assert_eq!(a.samples().len(), b.samples().len());
    for (x, y) in a.samples().iter().zip(b.samples()) {
        assert_eq!(
            (
                x.id,
                x.class_id,
                &x.source,
                x.added,
                x.content_hash,
                x.thumbnail_len
            ),
            (
                y.id,
                y.class_id,
                &y.source,
                y.added,
                y.content_hash,
                y.thumbnail_len
            )
        );
    }
}

#[test]
fn edit_load_and_model_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("idx");
    assert!(matches!(load(&d), Err(StoreError::NotFound(_))));
    let want = sample_index();
    let saved = enrolled(&d);
    same_content(&saved, &want);
    assert!(
        saved.samples().iter().all(|s| s.thumbnail.is_none()),
        "thumbnails are not kept in memory once stored"
    );
    let back = load(&d).unwrap();
    same_content(&back, &want);
    assert!(back.has_content(1, &[7; 32]) && back.has_content(1, &[9; 32]));
    assert_eq!(thumbnail(&d, 1).unwrap(), Some(vec![0xff, 0xd8, 1, 2]));
    assert_eq!(thumbnail(&d, 2).unwrap(), None);
    let s = summaries(&d).unwrap();
    assert_eq!(
        s.iter().map(|s| s.samples).collect::<Vec<_>>(),
        [2, 1],
        "{s:?}"
    );

    let other = ModelIdentity {
        model_sha256: "11".repeat(32),
        ..want.identity().clone()
    };
    let err = edit(
        &d,
        Open::OrCreate(&other, None),
        |_| Ok::<_, StoreError>(()),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::ModelMismatch { .. }));
    assert!(
        err.to_string()
            .contains("'test.tflite' (sha256 000000000000…"),
        "{err}"
    );
}

#[test]
fn changes_are_written_as_rows_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    enrolled(d);
    let ((), idx) = edit(d, Open::Existing(None), |txn| {
        txn.rename_class("pears", "Birnen")?;
        txn.remove_sample(3)?;
        let c = txn.ensure_class("plums", 9)?;
        txn.add_sample(c, "p.jpg", &[0.6, 0.8, 0.0], Some(vec![1; 40]), None, 10)?;
        anyhow::Ok(())
    })
    .unwrap();
    let back = load(d).unwrap();
    same_content(&back, &idx);
    assert_eq!(
        back.classes()
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["Äpfel 🍎", "Birnen", "plums"]
    );
    assert_eq!(thumbnail(d, 4).unwrap(), Some(vec![1; 40]));
    // Removing a class removes its samples; ids are never reused.
    edit(d, Open::Existing(None), |txn| {
        txn.remove_class("Äpfel 🍎")?;
        anyhow::Ok(())
    })
    .unwrap();
    let back = load(d).unwrap();
    assert_eq!(
        back.samples().iter().map(|s| s.id).collect::<Vec<_>>(),
        [2, 4]
    );
    assert_eq!(back.next_ids(), (4, 5));
    assert_eq!(thumbnail(d, 1).unwrap(), None, "its thumbnail went with it");
}

#[test]
fn a_failed_change_saves_nothing_and_the_kept_index_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    enrolled(d);
    let mut st = Store::open(d).unwrap();
    let mut idx = st.load().unwrap();
    let err = st
        .edit(&mut idx, Open::Existing(None), |txn| {
            txn.remove_class("pears")?;
            Err::<(), _>(anyhow::anyhow!("stop here"))
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "stop here");
    assert!(idx.class_by_label("pears").is_some(), "read again");
    assert!(load(d).unwrap().class_by_label("pears").is_some());
}

#[test]
fn a_kept_store_sees_other_writers_and_not_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    enrolled(d);
    let mut st = Store::open(d).unwrap();
    let mut idx = st.load().unwrap();
    assert!(!st.changed().unwrap());
    st.edit(&mut idx, Open::Existing(None), |txn| {
        anyhow::Ok(txn.rename_class("pears", "pear")?)
    })
    .unwrap();
    assert!(!st.changed().unwrap(), "its own commit");
    // Another writer (the CLI): seen, and the next edit starts from its state.
    edit(d, Open::Existing(None), |txn| {
        anyhow::Ok(txn.rename_class("pear", "Birne")?)
    })
    .unwrap();
    assert!(st.changed().unwrap());
    st.edit(&mut idx, Open::Existing(None), |txn| {
        let c = txn.ensure_class("kiwi", 0)?;
        txn.add_sample(c, "k", &[1.0, 0.0, 0.0], None, None, 0)?;
        anyhow::Ok(())
    })
    .unwrap();
    let back = load(d).unwrap();
    same_content(&back, &idx);
    assert!(back.class_by_label("Birne").is_some() && back.class_by_label("kiwi").is_some());
}

#[test]
fn a_v1_file_is_migrated_once_and_kept_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let want = sample_index();
    let bytes = v1::encode(&want);
    std::fs::write(d.join(v1::FILE_NAME), &bytes).unwrap();
    let back = load(d).unwrap();
    same_content(&back, &want);
    assert!(file_path(d).is_file());
    assert!(!d.join(v1::FILE_NAME).exists());
    assert_eq!(std::fs::read(d.join(V1_BACKUP)).unwrap(), bytes);
    assert_eq!(thumbnail(d, 1).unwrap(), Some(vec![0xff, 0xd8, 1, 2]));
    // A migration killed after building the database but before renaming the old file
    // finishes at the next open, without building again.
    std::fs::rename(d.join(V1_BACKUP), d.join(v1::FILE_NAME)).unwrap();
    let t = std::fs::metadata(file_path(d)).unwrap().modified().unwrap();
    same_content(&load(d).unwrap(), &want);
    assert!(!d.join(v1::FILE_NAME).exists() && d.join(V1_BACKUP).exists());
    assert_eq!(
        std::fs::metadata(file_path(d)).unwrap().modified().unwrap(),
        t
    );
    // A stale half-built database from a killed migration is removed, never used.
    std::fs::write(d.join(NEW_NAME), b"half").unwrap();
    edit(d, Open::Existing(None), |_| Ok::<_, StoreError>(())).unwrap();
    assert!(!d.join(NEW_NAME).exists());
}

#[test]
fn a_damaged_v1_file_is_refused_and_nothing_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut bytes = v1::encode(&sample_index());
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(d.join(v1::FILE_NAME), &bytes).unwrap();
    for err in [
        load(d).unwrap_err(),
        edit(d, Open::OrCreate(sample_index().identity(), None), |_| {
            Ok::<_, StoreError>(())
        })
        .unwrap_err(),
    ] {
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("index.cbrd"), "{err}");
    }
    assert!(!file_path(d).exists() && !d.join(NEW_NAME).exists());
    assert_eq!(std::fs::read(d.join(v1::FILE_NAME)).unwrap(), bytes);
}

fn assert_damaged(d: &Path, what: &str) {
    let err = load(d).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Damaged { .. }), "{what}: {err:?}");
    assert!(
        msg.contains(&file_path(d).display().to_string()) && msg.contains("PRAGMA integrity_check"),
        "{what}: {msg}"
    );
}

#[test]
fn a_damaged_database_is_refused_with_its_path_and_the_check_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Enough samples for the file to span many pages.
    let mut idx = Index::new(identity(64));
    let c = idx.ensure_class("c", 0).unwrap();
    for k in 0..200 {
        let mut v = vec![0f32; 64];
        v[k % 64] = 1.0;
        idx.add_sample(c, "s", &v, None, None, 0).unwrap();
    }
    let ((), _) = edit(d, Open::OrCreate(idx.identity(), None), |txn| {
        **txn = idx.clone();
        Ok::<_, StoreError>(())
    })
    .unwrap();
    let path = file_path(d);
    let good = std::fs::read(&path).unwrap();
    assert!(good.len() > 40_000, "{}", good.len());

    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    assert_damaged(d, "truncated");
    std::fs::write(
        &path,
        b"not a database at all, but long enough to have a header.....",
    )
    .unwrap();
    assert_damaged(d, "not SQLite");
    // A flipped bit in a vector: found by its CRC (SQLite has no checksums of its own).
    let one = 1f32.to_le_bytes();
    let at = good
        .windows(4)
        .rposition(|w| w == one)
        .expect("a stored 1.0");
    let mut flipped = good.clone();
    flipped[at] ^= 0x01;
    std::fs::write(&path, &flipped).unwrap();
    assert_damaged(d, "bit flip in a vector");
    std::fs::write(&path, &good).unwrap();
    assert_eq!(load(d).unwrap().samples().len(), 200);
}

/// A catalogue created as int8 stores int8 rows (1 scale + dim bytes), reads them back as
/// they were, and a conversion rewrites every vector in one transaction.
#[test]
fn storages_round_trip_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let want = sample_index();
    let ((), idx) = edit(
        d,
        Open::OrCreate(want.identity(), Some(Storage::Int8)),
        |txn| {
            assert_eq!(
                txn.storage(),
                Storage::Int8,
                "a new catalogue as configured"
            );
            **txn = want.converted(Storage::Int8);
            Ok::<_, StoreError>(())
        },
    )
    .unwrap();
    let back = load(d).unwrap();
    assert_eq!(back.storage(), Storage::Int8);
    same_content(&idx, &back);
    let conn = rusqlite::Connection::open(file_path(d)).unwrap();
    let lens: Vec<i64> = conn
        .prepare("SELECT length(data) FROM vectors")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lens, vec![4 + 3; 3]);
    // An existing catalogue keeps its storage whatever is configured.
    let ((), kept) = edit(
        d,
        Open::OrCreate(want.identity(), Some(Storage::F32)),
        |_| Ok::<_, StoreError>(()),
    )
    .unwrap();
    assert_eq!(kept.storage(), Storage::Int8);
    for storage in [Storage::F16, Storage::F32] {
        let ((), now) = edit(d, Open::Existing(None), |txn| {
            let c = txn.converted(storage);
            **txn = c;
            Ok::<_, StoreError>(())
        })
        .unwrap();
        let back = load(d).unwrap();
        assert_eq!(back.storage(), storage);
        same_content(&now, &back);
        let meta: String = rusqlite::Connection::open(file_path(d))
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'storage'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(meta, storage.as_str());
        let f = back.vectors().to_f32();
        for (a, b) in f.iter().zip(want.vectors().to_f32()) {
            assert!((a - b).abs() < 0.01, "{storage}: {a} vs {b}");
        }
    }
}
