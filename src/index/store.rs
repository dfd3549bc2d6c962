//! On-disk form of the index: one self-describing, checksummed file per index folder,
//! replaced atomically.
//!
//! Layout of `DIR/index.cbrd` (little-endian):
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
//! Crash safety: a change is written to `index.cbrd.tmp`, fsynced, renamed over
//! `index.cbrd`, and the folder is fsynced, so a power cut or `kill -9` leaves either the old
//! or the new file. Writers hold an exclusive `flock` on `DIR/.lock` for the whole
//! read-modify-write, so concurrent enrolls queue instead of losing updates. A damaged or
//! truncated file fails its checksums and is reported, never loaded.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{Class, Index, Sample};
use crate::embed::{ModelIdentity, hex};

/// Name of the index file inside the index folder.
pub const FILE_NAME: &str = "index.cbrd";
const TMP_NAME: &str = "index.cbrd.tmp";
const LOCK_NAME: &str = ".lock";
const MAGIC: &[u8; 8] = b"CBRDIDX\0";
/// The format version this build writes (it reads this one and version 1, which had no
/// content hashes).
pub const FORMAT_VERSION: u32 = 2;
const HEADER_LEN: usize = 32;

/// Storage errors; each names the file or folder.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// There is no index in the folder.
    #[error("no index at {dir}: enroll images first (`cbrd enroll --index {dir} --class LABEL FILE…`)", dir = .0.display())]
    NotFound(PathBuf),
    /// An I/O call failed.
    #[error("{action} {path}: {source}", path = .path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is damaged.
    #[error(
        "index file {path} is damaged ({reason}); it was not loaded. Restore it from a backup or \
         move it away and enroll again",
        path = .path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What check failed.
        reason: String,
    },
    /// Written by a newer cbrd.
    #[error("index file {path} has format version {version}; this cbrd reads versions 1 to {FORMAT_VERSION}. Upgrade cbrd", path = .path.display())]
    Version {
        /// The file.
        path: PathBuf,
        /// Its version.
        version: u32,
    },
    /// The file system is full.
    #[error(
        "no space left to save the index in {dir}: a save writes a whole new copy ({needed}) \
         next to the old one before replacing it, and {free} free. Free some space on that \
         file system (the old index is intact)",
        dir = .dir.display(),
        needed = human_bytes(*.needed),
        free = .free.map(|f| format!("only {} is", human_bytes(f))).unwrap_or_else(|| "less is".into())
    )]
    NoSpace {
        /// The index folder.
        dir: PathBuf,
        /// Bytes the new file needs.
        needed: u64,
        /// Bytes available to this user on that file system, if known.
        free: Option<u64>,
    },
    /// Built with a different model or preprocessing.
    #[error(
        "index {dir} was built with model {built}, but the model in use is {current}. Use the \
         same model (--model / model.path), or enroll into a new index folder",
        dir = .dir.display()
    )]
    ModelMismatch {
        /// The index folder.
        dir: PathBuf,
        /// The index's model.
        built: String,
        /// The current model.
        current: String,
    },
}

/// `14.8 MB`, `512 kB`, `37 bytes`.
fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

/// Bytes available to this user on the file system of `dir`.
fn free_space(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c` is a NUL-terminated path and `st` is a writable statvfs that the call fills.
    let r = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) };
    if r != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled `st`.
    let st = unsafe { st.assume_init() };
    // The fields are 32 bits wide on 32-bit targets.
    #[allow(clippy::unnecessary_cast)]
    Some(st.f_bavail as u64 * st.f_frsize as u64)
}

/// Size of the file [`Writer::save`] writes for `index`.
fn encoded_len(index: &Index) -> u64 {
    struct Count(u64);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = encode_body(index, &mut c);
    HEADER_LEN as u64 + c.0
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Describes a model for messages: file name, short hash, preprocessing.
pub fn describe_model(id: &ModelIdentity) -> String {
    format!(
        "'{}' (sha256 {}…, {}-d, {})",
        id.file_name,
        id.model_sha256.get(..12).unwrap_or(&id.model_sha256),
        id.dim,
        id.preprocessing
    )
}

/// Refuses an index built with another model or preprocessing.
pub fn check_model(dir: &Path, index: &Index, current: &ModelIdentity) -> Result<(), StoreError> {
    if index.fingerprint() != current.fingerprint() || index.dim() != current.dim {
        return Err(StoreError::ModelMismatch {
            dir: dir.to_path_buf(),
            built: describe_model(index.identity()),
            current: describe_model(current),
        });
    }
    Ok(())
}

/// Path of the index file in `dir`.
pub fn file_path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Whether `dir` holds an index file.
pub fn exists(dir: &Path) -> bool {
    file_path(dir).is_file()
}

/// Loads the index in `dir` (no lock needed: the file is only ever replaced whole).
pub fn load(dir: &Path) -> Result<Index, StoreError> {
    let path = file_path(dir);
    let mut f = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
        Err(e) => return Err(io("cannot open", &path)(e)),
    };
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(io("cannot read", &path))?;
    decode(&bytes).map_err(|e| match e {
        DecodeError::Version(version) => StoreError::Version {
            path: path.clone(),
            version,
        },
        DecodeError::Corrupt(reason) => StoreError::Corrupt {
            path: path.clone(),
            reason,
        },
    })
}

/// An exclusive writer on one index folder: holds `DIR/.lock` until dropped.
#[derive(Debug)]
pub struct Writer {
    dir: PathBuf,
    _lock: File,
}

impl Writer {
    /// Takes the folder's write lock, creating the folder if needed. Waits (with a log line)
    /// while another process holds it. A temporary file left by a save that was killed or
    /// failed is removed (under the lock, nobody else is writing it).
    pub fn lock(dir: &Path) -> Result<Writer, StoreError> {
        std::fs::create_dir_all(dir).map_err(io("cannot create index folder", dir))?;
        let lock_path = dir.join(LOCK_NAME);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io("cannot open lock file", &lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                tracing::info!(index = %dir.display(), "another cbrd process is writing this index; waiting");
                lock.lock().map_err(io("cannot lock", &lock_path))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io("cannot lock", &lock_path)(e)),
        }
        let tmp = dir.join(TMP_NAME);
        if let Ok(meta) = std::fs::symlink_metadata(&tmp) {
            std::fs::remove_file(&tmp).map_err(io("cannot remove the stale", &tmp))?;
            tracing::info!(
                "removed {} ({}) left by an interrupted save",
                tmp.display(),
                human_bytes(meta.len())
            );
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the index, or starts an empty one for `identity` if the folder has none. An
    /// existing index must match `identity`.
    pub fn load_or_create(&self, identity: &ModelIdentity) -> Result<Index, StoreError> {
        match load(&self.dir) {
            Ok(idx) => {
                check_model(&self.dir, &idx, identity)?;
                Ok(idx)
            }
            Err(StoreError::NotFound(_)) => Ok(Index::new(identity.clone())),
            Err(e) => Err(e),
        }
    }

    /// Loads the existing index (error if there is none).
    pub fn load(&self) -> Result<Index, StoreError> {
        load(&self.dir)
    }

    /// Atomically replaces the index file: write temp, fsync, rename, fsync folder. On
    /// failure the temporary file is removed; a full disk is reported with the size the save
    /// needs ([`StoreError::NoSpace`]).
    pub fn save(&self, index: &Index) -> Result<(), StoreError> {
        let tmp = self.dir.join(TMP_NAME);
        let r = self.write_and_replace(index, &tmp);
        if r.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        r.map_err(|e| match e {
            StoreError::Io { source, .. } if source.raw_os_error() == Some(libc::ENOSPC) => {
                StoreError::NoSpace {
                    dir: self.dir.clone(),
                    needed: encoded_len(index),
                    free: free_space(&self.dir),
                }
            }
            e => e,
        })
    }

    fn write_and_replace(&self, index: &Index, tmp: &Path) -> Result<(), StoreError> {
        let tmp = tmp.to_path_buf();
        let dst = file_path(&self.dir);
        let f = File::create(&tmp).map_err(io("cannot create", &tmp))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        w.write_all(&[0u8; HEADER_LEN])
            .map_err(io("cannot write", &tmp))?;
        let mut body = CrcWriter {
            inner: &mut w,
            crc: crc32fast::Hasher::new(),
            len: 0,
        };
        encode_body(index, &mut body).map_err(io("cannot write", &tmp))?;
        let (crc, len) = (body.crc.finalize(), body.len);
        let mut f = w
            .into_inner()
            .map_err(|e| io("cannot write", &tmp)(e.into_error()))?;
        f.seek(SeekFrom::Start(0))
            .map_err(io("cannot seek", &tmp))?;
        f.write_all(&header(len, crc))
            .map_err(io("cannot write", &tmp))?;
        f.sync_all().map_err(io("cannot fsync", &tmp))?;
        drop(f);
        std::fs::rename(&tmp, &dst).map_err(io("cannot rename into place", &dst))?;
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io("cannot fsync folder", &self.dir))?;
        Ok(())
    }
}

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

struct CrcWriter<'a, W: Write> {
    inner: &'a mut W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Write for CrcWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn put_str(w: &mut impl Write, s: &[u8]) -> std::io::Result<()> {
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
    for chunk in index.vectors().chunks(16 * 1024) {
        buf.clear();
        for v in chunk {
            buf.extend_from_slice(&v.to_le_bytes());
        }
        w.write_all(&buf)?;
    }
    Ok(())
}

/// Serialises an index to bytes (header + body), as [`Writer::save`] writes it.
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
    /// A newer format.
    Version(u32),
    /// Damaged.
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
    Index::from_parts(identity, fingerprint, classes, samples, vectors, next_ids)
        .map_err(DecodeError::Corrupt)
}

/// A short human form of a fingerprint.
pub fn fingerprint_hex(fp: &[u8; 32]) -> String {
    hex(fp)
}

#[cfg(test)]
mod tests {
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
}
