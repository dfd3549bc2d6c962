use super::format::put_str;
use super::*;
use crate::index::tests::identity;

fn sample_index() -> Index {
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

#[test]
fn round_trip() {
    let idx = sample_index();
    let back = decode(&encode(&idx)).unwrap();
    assert_eq!(back.classes(), idx.classes());
    assert_eq!(back.samples(), idx.samples());
    assert_eq!(back.vectors(), idx.vectors());
    assert_eq!(back.next_ids(), idx.next_ids());
    assert_eq!(back.identity(), idx.identity());
    assert!(back.has_content(1, &[7; 32]) && back.has_content(1, &[9; 32]));
    assert_eq!(back.samples()[1].content_hash, None);
    let empty = Index::new(identity(5));
    assert_eq!(decode(&encode(&empty)).unwrap().samples().len(), 0);
}

#[test]
fn every_truncation_and_bit_flip_is_detected() {
    let bytes = encode(&sample_index());
    for cut in 0..bytes.len() {
        assert!(
            matches!(decode(&bytes[..cut]), Err(DecodeError::Corrupt(_))),
            "cut at {cut}"
        );
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        assert!(decode(&b).is_err(), "flip at byte {i} not detected");
    }
    let mut extended = bytes.clone();
    extended.push(0);
    assert!(decode(&extended).is_err());
}

/// The version-1 encoding of an index (no content hashes), as cbrd 0.1 before them wrote it.
fn encode_v1(index: &Index) -> Vec<u8> {
    let mut body = Vec::new();
    let id = index.identity();
    body.extend_from_slice(&(id.dim as u32).to_le_bytes());
    body.extend_from_slice(&index.fingerprint());
    for t in [&id.file_name, &id.model_sha256, &id.preprocessing] {
        put_str(&mut body, t.as_bytes()).unwrap();
    }
    let (nc, ns) = index.next_ids();
    body.extend_from_slice(&nc.to_le_bytes());
    body.extend_from_slice(&ns.to_le_bytes());
    body.extend_from_slice(&(index.classes().len() as u32).to_le_bytes());
    for c in index.classes() {
        body.extend_from_slice(&c.id.to_le_bytes());
        put_str(&mut body, c.label.as_bytes()).unwrap();
        body.extend_from_slice(&c.created.to_le_bytes());
    }
    body.extend_from_slice(&(index.samples().len() as u32).to_le_bytes());
    for s in index.samples() {
        body.extend_from_slice(&s.id.to_le_bytes());
        body.extend_from_slice(&s.class_id.to_le_bytes());
        put_str(&mut body, s.source.as_bytes()).unwrap();
        body.extend_from_slice(&s.added.to_le_bytes());
        put_str(&mut body, s.thumbnail.as_deref().unwrap_or(&[])).unwrap();
    }
    for v in index.vectors() {
        body.extend_from_slice(&v.to_le_bytes());
    }
    let mut out = header(body.len() as u64, crc32fast::hash(&body)).to_vec();
    out[8..12].copy_from_slice(&1u32.to_le_bytes());
    let hc = crc32fast::hash(&out[0..28]);
    out[28..32].copy_from_slice(&hc.to_le_bytes());
    out.extend_from_slice(&body);
    out
}

#[test]
fn version_1_files_are_read_without_content_hashes() {
    let idx = sample_index();
    let back = decode(&encode_v1(&idx)).unwrap();
    assert_eq!(back.classes(), idx.classes());
    assert_eq!(back.vectors(), idx.vectors());
    assert!(back.samples().iter().all(|s| s.content_hash.is_none()));
    assert_eq!(back.samples()[0].thumbnail, idx.samples()[0].thumbnail);
    assert!(!back.has_content(1, &[7; 32]));
    // Saved again, it is a version-2 file.
    assert_eq!(encode(&back)[8..12], FORMAT_VERSION.to_le_bytes());
}

#[test]
fn newer_version_is_reported_as_such() {
    let mut bytes = encode(&sample_index());
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    let hc = crc32fast::hash(&bytes[0..28]);
    bytes[28..32].copy_from_slice(&hc.to_le_bytes());
    assert_eq!(decode(&bytes).err(), Some(DecodeError::Version(3)));
}

#[test]
fn a_stale_temporary_file_goes_at_the_next_lock() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join(TMP_NAME);
    std::fs::write(&tmp, vec![0u8; 4096]).unwrap();
    let w = Writer::lock(dir.path()).unwrap();
    assert!(!tmp.exists(), "removed under the lock");
    w.save(&sample_index()).unwrap();
    assert!(!tmp.exists());
}

#[test]
fn a_full_disk_says_how_much_the_save_needs_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let w = Writer::lock(dir.path()).unwrap();
    let idx = sample_index();
    w.save(&idx).unwrap();
    let before = std::fs::read(file_path(dir.path())).unwrap();
    // Every write to /dev/full fails with ENOSPC, as on a full file system.
    let tmp = dir.path().join(TMP_NAME);
    std::os::unix::fs::symlink("/dev/full", &tmp).unwrap();
    let err = w.save(&idx).unwrap_err();
    let needed = encode(&idx).len() as u64;
    assert!(
        matches!(err, StoreError::NoSpace { needed: n, .. } if n == needed),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("{needed} bytes")) && msg.contains("no space left"),
        "{msg}"
    );
    assert!(
        std::fs::symlink_metadata(&tmp).is_err(),
        "temporary file removed"
    );
    assert_eq!(
        std::fs::read(file_path(dir.path())).unwrap(),
        before,
        "old index intact"
    );
    assert_eq!(human_bytes(14_800_000), "14.8 MB");
}

#[test]
fn save_load_and_model_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("idx");
    assert!(matches!(load(&d), Err(StoreError::NotFound(_))));
    let w = Writer::lock(&d).unwrap();
    let idx = sample_index();
    w.save(&idx).unwrap();
    assert!(!d.join(TMP_NAME).exists());
    let back = w.load_or_create(idx.identity()).unwrap();
    assert_eq!(back.samples(), idx.samples());
    let other = ModelIdentity {
        model_sha256: "11".repeat(32),
        ..idx.identity().clone()
    };
    let err = w.load_or_create(&other).unwrap_err();
    assert!(matches!(err, StoreError::ModelMismatch { .. }));
    assert!(
        err.to_string()
            .contains("'test.tflite' (sha256 000000000000…"),
        "{err}"
    );

    // A damaged file is reported with its path, not loaded.
    let path = file_path(&d);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let err = load(&d).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }));
    assert!(err.to_string().contains(&path.display().to_string()));
}
