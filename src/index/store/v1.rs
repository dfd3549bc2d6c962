//! The format-1 catalogue, `DIR/index.cbrd` (file format versions 1 and 2), which this
//! build reads only to migrate it into SQLite ([`super::migrate`]); [`encode`] is kept so
//! that tests can write such files.
//!
//! Layout (little-endian):
//!
//! ```text
//! 0   8  magic "CBRDIDX\0"
//! 8   4  format version (2; version 1 files are read too)
//! 12  4  reserved (0)
//! 16  8  body length in bytes
//! 24  4  CRC-32 of the body
//! 28  4  CRC-32 of bytes 0..28
//! 32  …  body:
//!        u32 dim, [32] fingerprint, str model file name, str model sha256, str preprocessing,
//!        u64 next class id, u64 next sample id,
//!        u32 classes, per class: u64 id, str label, u64 created,
//!        u32 samples, per sample: u64 id, u64 class id, str source, u64 added, bytes thumbnail,
//!          u8 has content hash (0/1) + [32] SHA-256 of the image content if 1 (version ≥ 2),
//!        samples × dim f32 embeddings (row-major, sample order)
//!        (str / bytes = u32 length + data; an empty thumbnail means none)
//! ```
//!
//! Decoding checks everything (magic, version, lengths, both CRCs, ids) before anything is
//! trusted, so a damaged file is refused whole and never half-migrated.

use std::io::Write;

use crate::embed::{ModelIdentity, hex};
use crate::index::{Class, Index, Sample};

/// Name of the format-1 file inside the index folder.
pub const FILE_NAME: &str = "index.cbrd";
const MAGIC: &[u8; 8] = b"CBRDIDX\0";
/// The newest version of the format-1 file (version 1 had no content hashes).
pub const FORMAT_VERSION: u32 = 2;
const HEADER_LEN: usize = 32;

fn header(body_len: u64, body_crc: u32) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    h[16..24].copy_from_slice(&body_len.to_le_bytes());
    h[24..28].copy_from_slice(&body_crc.to_le_bytes());
    let hc = crc32fast::hash(&h[0..28]);
    h[28..32].copy_from_slice(&hc.to_le_bytes());
    h
}

pub(super) fn put_str(w: &mut impl Write, s: &[u8]) -> std::io::Result<()> {
    let n =
        u32::try_from(s.len()).map_err(|_| std::io::Error::other("string longer than 4 GiB"))?;
    w.write_all(&n.to_le_bytes())?;
    w.write_all(s)
}

fn encode_body(index: &Index, w: &mut impl Write) -> std::io::Result<()> {
    let id = index.identity();
    let count = |n: usize| u32::try_from(n).map_err(|_| std::io::Error::other("too many entries"));
    w.write_all(&count(id.dim)?.to_le_bytes())?;
    w.write_all(&index.fingerprint())?;
    put_str(w, id.file_name.as_bytes())?;
    put_str(w, id.model_sha256.as_bytes())?;
    put_str(w, id.preprocessing.as_bytes())?;
    let (nc, ns) = index.next_ids();
    w.write_all(&nc.to_le_bytes())?;
    w.write_all(&ns.to_le_bytes())?;
    w.write_all(&count(index.classes().len())?.to_le_bytes())?;
    for c in index.classes() {
        w.write_all(&c.id.to_le_bytes())?;
        put_str(w, c.label.as_bytes())?;
        w.write_all(&c.created.to_le_bytes())?;
    }
    w.write_all(&count(index.samples().len())?.to_le_bytes())?;
    for s in index.samples() {
        w.write_all(&s.id.to_le_bytes())?;
        w.write_all(&s.class_id.to_le_bytes())?;
        put_str(w, s.source.as_bytes())?;
        w.write_all(&s.added.to_le_bytes())?;
        put_str(w, s.thumbnail.as_deref().unwrap_or(&[]))?;
        match &s.content_hash {
            Some(h) => {
                w.write_all(&[1])?;
                w.write_all(h)?;
            }
            None => w.write_all(&[0])?,
        }
    }
    let mut buf = Vec::with_capacity(64 * 1024);
    for chunk in index.vectors().to_f32().chunks(16 * 1024) {
        buf.clear();
        for v in chunk {
            buf.extend_from_slice(&v.to_le_bytes());
        }
        w.write_all(&buf)?;
    }
    Ok(())
}

/// Serialises an index to bytes (header + body), as cbrd before the SQLite catalogue wrote it.
pub fn encode(index: &Index) -> Vec<u8> {
    let mut body = Vec::new();
    encode_body(index, &mut body).expect("writing to a Vec cannot fail");
    let mut out = header(body.len() as u64, crc32fast::hash(&body)).to_vec();
    out.extend_from_slice(&body);
    out
}

/// Why bytes are not a loadable index.
#[derive(Debug, PartialEq)]
pub enum DecodeError {
    Version(u32),
    Corrupt(String),
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end =
            end.ok_or_else(|| DecodeError::Corrupt("record runs past the end of the body".into()))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, DecodeError> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|_| DecodeError::Corrupt("text is not UTF-8".into()))
    }
}

/// Parses and verifies index bytes.
pub fn decode(bytes: &[u8]) -> Result<Index, DecodeError> {
    let corrupt = |s: &str| DecodeError::Corrupt(s.to_string());
    if bytes.len() < HEADER_LEN {
        return Err(corrupt("file is shorter than its header"));
    }
    if &bytes[0..8] != MAGIC {
        return Err(corrupt("not a cbrd index file (bad magic)"));
    }
    let stored_hc = u32::from_le_bytes(bytes[28..32].try_into().expect("4 bytes"));
    if crc32fast::hash(&bytes[0..28]) != stored_hc {
        return Err(corrupt("header checksum mismatch"));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if !(1..=FORMAT_VERSION).contains(&version) {
        return Err(DecodeError::Version(version));
    }
    let body_len = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    let body = &bytes[HEADER_LEN..];
    if body.len() as u64 != body_len {
        return Err(DecodeError::Corrupt(format!(
            "body is {} bytes, header says {body_len} (truncated or extended file)",
            body.len()
        )));
    }
    let crc = u32::from_le_bytes(bytes[24..28].try_into().expect("4 bytes"));
    if crc32fast::hash(body) != crc {
        return Err(corrupt("body checksum mismatch"));
    }
    let mut r = Reader { b: body, at: 0 };
    let dim = r.u32()? as usize;
    let fingerprint: [u8; 32] = r.take(32)?.try_into().expect("32 bytes");
    let identity = ModelIdentity {
        file_name: r.string()?,
        model_sha256: r.string()?,
        preprocessing: r.string()?,
        dim,
    };
    if identity.fingerprint() != fingerprint {
        return Err(corrupt(
            "model fingerprint does not match the recorded model",
        ));
    }
    let next_ids = (r.u64()?, r.u64()?);
    let nclasses = r.u32()? as usize;
    let mut classes = Vec::with_capacity(nclasses.min(body.len() / 16));
    for _ in 0..nclasses {
        classes.push(Class {
            id: r.u64()?,
            label: r.string()?,
            created: r.u64()?,
        });
    }
    let nsamples = r.u32()? as usize;
    let mut samples = Vec::with_capacity(nsamples.min(body.len() / 29));
    for _ in 0..nsamples {
        let id = r.u64()?;
        let class_id = r.u64()?;
        let source = r.string()?;
        let added = r.u64()?;
        let thumb = r.bytes()?;
        let content_hash = match version {
            1 => None,
            _ => match r.take(1)?[0] {
                0 => None,
                1 => Some(r.take(32)?.try_into().expect("32 bytes")),
                _ => return Err(corrupt("bad content hash flag")),
            },
        };
        samples.push(Sample {
            id,
            class_id,
            source,
            added,
            thumbnail: (!thumb.is_empty()).then(|| thumb.to_vec()),
            thumbnail_len: u32::try_from(thumb.len()).unwrap_or(u32::MAX),
            content_hash,
        });
    }
    let n = nsamples
        .checked_mul(dim)
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(|| corrupt("sizes overflow"))?;
    let raw = r.take(n)?;
    if r.at != body.len() {
        return Err(corrupt("unexpected bytes after the embeddings"));
    }
    let vectors: Vec<f32> = raw
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect();
    if vectors.iter().any(|v| !v.is_finite()) {
        return Err(corrupt("an embedding holds a non-finite number"));
    }
    let vectors = crate::search::Vectors::from_f32(crate::search::Storage::F32, dim, &vectors);
    Index::from_parts(identity, fingerprint, classes, samples, vectors, next_ids)
        .map_err(DecodeError::Corrupt)
}

/// A short human form of a fingerprint.
pub fn fingerprint_hex(fp: &[u8; 32]) -> String {
    hex(fp)
}

#[cfg(test)]
mod tests;
