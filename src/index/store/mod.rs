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

mod format;

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::Index;
use crate::embed::ModelIdentity;
use format::{CrcWriter, encode_body, header};
pub use format::{DecodeError, decode, encode, fingerprint_hex};

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
        source: std::io::Error,
    },
    /// The file is damaged.
    #[error(
        "index file {path} is damaged ({reason}); it was not loaded. Restore it from a backup or \
         move it away and enroll again",
        path = .path.display()
    )]
    Corrupt {
        path: PathBuf,
        /// What check failed.
        reason: String,
    },
    /// Written by a newer cbrd.
    #[error("index file {path} has format version {version}; this cbrd reads versions 1 to {FORMAT_VERSION}. Upgrade cbrd", path = .path.display())]
    Version { path: PathBuf, version: u32 },
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
        dir: PathBuf,
        built: String,
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

/// Which index a transaction works on.
#[derive(Debug, Clone, Copy)]
pub enum Open<'a> {
    /// The folder's index, or a new empty one for this model; an existing index must have
    /// been built with it (enrolling).
    OrCreate(&'a ModelIdentity),
    /// The folder's index, which must exist; built with this model if one is given (catalogue
    /// commands need no model).
    Existing(Option<&'a ModelIdentity>),
}

/// The index inside an [`edit`]: derefs to the [`Index`] being changed.
#[derive(Debug)]
pub struct Txn {
    writer: Writer,
    index: Index,
    saved: u64,
}

impl Txn {
    /// Saves the changes made so far (a long edit, such as `enroll-dir` class by class, keeps
    /// what is done if it is interrupted later). Nothing is written if nothing changed.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        if self.index.revision() != self.saved {
            self.writer.save(&self.index)?;
            self.saved = self.index.revision();
        }
        Ok(())
    }
}

impl std::ops::Deref for Txn {
    type Target = Index;
    fn deref(&self) -> &Index {
        &self.index
    }
}

impl std::ops::DerefMut for Txn {
    fn deref_mut(&mut self) -> &mut Index {
        &mut self.index
    }
}

/// The one index transaction, used by every command and the daemon: lock the folder, load
/// (check the model), let `change` edit the index, save it if it changed, unlock. When
/// `change` fails nothing more is saved (the file keeps the last checkpoint). Returns what
/// `change` returned and the index as it now is on disk.
pub fn edit<T, E: From<StoreError>>(
    dir: &Path,
    open: Open<'_>,
    change: impl FnOnce(&mut Txn) -> Result<T, E>,
) -> Result<(T, Index), E> {
    let writer = Writer::lock(dir)?;
    let index = match open {
        Open::OrCreate(identity) => writer.load_or_create(identity)?,
        Open::Existing(identity) => {
            let index = writer.load()?;
            if let Some(identity) = identity {
                check_model(dir, &index, identity)?;
            }
            index
        }
    };
    let saved = index.revision();
    let mut txn = Txn {
        writer,
        index,
        saved,
    };
    let t = change(&mut txn)?;
    txn.checkpoint()?;
    Ok((t, txn.index))
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

#[cfg(test)]
mod tests;
