use super::*;
use crate::index::store::tests::sample_index;
use crate::index::tests::identity;

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
    for v in index.vectors().to_f32() {
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
