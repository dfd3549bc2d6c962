//! The catalogue on disk: one SQLite database per index folder, `DIR/catalogue.sqlite`
//! (schema in `schema/`, one file per migration).
//!
//! - **Writes cost what changed.** A change is the difference between the index as read and
//!   as edited ([`db::Snapshot`]), written in one transaction: enrolling one image inserts
//!   one sample, one vector and one thumbnail; nothing rewrites the catalogue.
//! - **Crash safety** is SQLite's: WAL with `synchronous=FULL`, so a commit is on disk
//!   before it is acknowledged and a `kill -9` or power cut leaves the last commit.
//! - **Writers queue**: every [`edit`] holds an exclusive `flock` on `DIR/.lock` for its
//!   read-modify-write (so ids are never handed out twice), and SQLite's busy timeout covers
//!   anything else that writes. Readers take no lock.
//! - **Opens cost what is used**: [`summaries`] reads classes and sample rows only,
//!   [`load`] reads vectors once into one matrix and never a thumbnail, [`thumbnail`] reads
//!   one.
//! - **Migration**: a folder with a format-1 `index.cbrd` ([`v1`]) is converted on first
//!   open, under the lock: the new database is built whole as `catalogue.sqlite.new`, fsynced
//!   and renamed into place, then `index.cbrd` becomes `index.cbrd.v1.bak`. A damaged
//!   `index.cbrd` is refused and nothing is created.
//! - A damaged database is refused with its path and the `sqlite3` command that checks it;
//!   every vector carries a CRC-32 checked on each read.

mod db;
pub mod v1;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::{ClassSummary, Index, Sample};
use crate::embed::ModelIdentity;
use crate::search::Storage;
pub use db::SCHEMA_VERSION;
use db::{Db, Snapshot};
pub use v1::fingerprint_hex;

/// Name of the catalogue database inside the index folder.
pub const FILE_NAME: &str = "catalogue.sqlite";
/// What a migrated format-1 file is renamed to.
pub const V1_BACKUP: &str = "index.cbrd.v1.bak";
const NEW_NAME: &str = "catalogue.sqlite.new";
const LOCK_NAME: &str = ".lock";

/// Storage errors; each names the file or folder, and what to do.
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
    /// A format-1 file is damaged (it fails its checksums).
    #[error(
        "index file {path} is damaged ({reason}); it was not loaded or migrated. Restore it \
         from a backup or move it away and enroll again",
        path = .path.display()
    )]
    Corrupt {
        path: PathBuf,
        /// What check failed.
        reason: String,
    },
    /// The database is damaged.
    #[error(
        "catalogue {path} is damaged ({reason}); it was not loaded. Check it with \
         `sqlite3 {path} 'PRAGMA integrity_check'`, then restore it from a backup or move \
         the folder away and enroll again",
        path = .path.display()
    )]
    Damaged { path: PathBuf, reason: String },
    /// A format-1 file written by a newer cbrd.
    #[error("index file {path} has format version {version}; this cbrd reads versions 1 to {}. Upgrade cbrd", v1::FORMAT_VERSION, path = .path.display())]
    V1Version { path: PathBuf, version: u32 },
    /// A database written by a newer cbrd.
    #[error("catalogue {path} has schema version {version}; this cbrd reads versions up to {SCHEMA_VERSION}. Upgrade cbrd", path = .path.display())]
    Version { path: PathBuf, version: i64 },
    /// An older schema, opened by a command that only reads.
    #[error("catalogue {path} has schema version {version}, older than this cbrd's ({SCHEMA_VERSION}); run a command that writes (such as `cbrd classes rename X X`) once to migrate it", path = .path.display())]
    OldSchema { path: PathBuf, version: i64 },
    /// The file system is full.
    #[error(
        "no space left to save a change to {path}: the change was not saved and the \
         catalogue is intact. Free some space on that file system and try again",
        path = .path.display()
    )]
    NoSpace { path: PathBuf },
    /// The folder or the database cannot be written.
    #[error(
        "cannot write the catalogue {path}: it is read-only (reads work). Make the folder \
         and its files writable by the user cbrd runs as",
        path = .path.display()
    )]
    ReadOnly { path: PathBuf },
    /// Another writer held the database longer than the busy timeout.
    #[error("catalogue {path} stayed locked by another writer for 30 s; try again", path = .path.display())]
    Busy { path: PathBuf },
    /// Any other SQLite error.
    #[error("{action} {path}: {source}", path = .path.display())]
    Sqlite {
        action: &'static str,
        path: PathBuf,
        source: rusqlite::Error,
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

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| {
        if matches!(source.raw_os_error(), Some(libc::EROFS | libc::EACCES)) {
            return StoreError::ReadOnly {
                path: path.to_path_buf(),
            };
        }
        if source.raw_os_error() == Some(libc::ENOSPC) {
            return StoreError::NoSpace {
                path: path.to_path_buf(),
            };
        }
        StoreError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
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

/// Path of the catalogue database in `dir`.
pub fn file_path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Whether `dir` holds a catalogue (or a format-1 file that the first open migrates).
pub fn exists(dir: &Path) -> bool {
    file_path(dir).is_file() || dir.join(v1::FILE_NAME).is_file()
}

/// Takes the folder's write lock, creating the folder if needed; waits (with a log line)
/// while another process holds it.
fn lock(dir: &Path) -> Result<File, StoreError> {
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
    Ok(lock)
}

fn fsync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io("cannot fsync folder", dir))
}

/// Reads a format-1 file whole, refusing it if it is damaged.
fn read_v1(path: &Path) -> Result<Index, StoreError> {
    let bytes = std::fs::read(path).map_err(io("cannot read", path))?;
    v1::decode(&bytes).map_err(|e| match e {
        v1::DecodeError::Version(version) => StoreError::V1Version {
            path: path.to_path_buf(),
            version,
        },
        v1::DecodeError::Corrupt(reason) => StoreError::Corrupt {
            path: path.to_path_buf(),
            reason,
        },
    })
}

/// Writes `index` whole as the folder's new database (build aside, fsync, rename, fsync the
/// folder), so that a kill leaves no database or a complete one. Caller holds the lock.
fn install(dir: &Path, index: &Index) -> Result<(), StoreError> {
    let new = dir.join(NEW_NAME);
    remove_new(dir)?;
    let r = Db::build(&new, index).and_then(|()| {
        File::open(&new)
            .and_then(|f| f.sync_all())
            .map_err(io("cannot fsync", &new))?;
        std::fs::rename(&new, file_path(dir)).map_err(io("cannot rename into place", &new))?;
        fsync_dir(dir)
    });
    if r.is_err() {
        let _ = remove_new(dir);
    }
    r
}

/// Removes what an interrupted [`install`] left (under the lock nobody else writes it).
fn remove_new(dir: &Path) -> Result<(), StoreError> {
    for name in [NEW_NAME, "catalogue.sqlite.new-journal"] {
        let p = dir.join(name);
        if std::fs::symlink_metadata(&p).is_ok() {
            std::fs::remove_file(&p).map_err(io("cannot remove the stale", &p))?;
            tracing::info!("removed {} left by an interrupted migration", p.display());
        }
    }
    Ok(())
}

/// Under the lock: migrates a format-1 file, or creates an empty catalogue for `create`.
fn prepare(dir: &Path, create: Option<(&ModelIdentity, Storage)>) -> Result<(), StoreError> {
    let db = file_path(dir);
    let old = dir.join(v1::FILE_NAME);
    remove_new(dir)?;
    if !db.exists() {
        if old.is_file() {
            let index = read_v1(&old)?;
            let t = std::time::Instant::now();
            install(dir, &index)?;
            tracing::info!(
                classes = index.classes().len(),
                samples = index.samples().len(),
                "migrated {} to {} in {:.1} s; the old file is kept as {}",
                old.display(),
                db.display(),
                t.elapsed().as_secs_f64(),
                V1_BACKUP
            );
        } else if let Some((identity, storage)) = create {
            install(dir, &Index::with_storage(identity.clone(), storage))?;
        } else {
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
    }
    if old.is_file() {
        // Migrated (now, or by a run killed before this rename).
        let bak = dir.join(V1_BACKUP);
        std::fs::rename(&old, &bak).map_err(io("cannot rename", &old))?;
        fsync_dir(dir)?;
    }
    Ok(())
}

/// An open catalogue: a connection kept by a long-lived reader and writer (the daemon), or
/// opened for one command.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    db: Db,
}

impl Store {
    /// Opens the folder's catalogue to read (and to [`Store::edit`] later). A format-1 file
    /// is migrated first, under the lock.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let has_db = file_path(dir).exists();
        if dir.join(v1::FILE_NAME).is_file() {
            let migrated = lock(dir).and_then(|_lock| prepare(dir, None));
            match migrated {
                Ok(()) => {}
                // Migrated already; only the old file's rename is left, for a writer.
                Err(StoreError::ReadOnly { .. }) if has_db => {}
                Err(e) => return Err(e),
            }
        } else if !has_db {
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
        Ok(Store {
            dir: dir.to_path_buf(),
            db: Db::open(&file_path(dir), false)?,
        })
    }

    /// Opens the folder's catalogue, creating an empty one for `identity` with its vectors
    /// stored as `storage` (or migrating a format-1 file) if needed, under the lock; the
    /// handle is kept by the daemon.
    pub fn open_or_create(
        dir: &Path,
        identity: &ModelIdentity,
        storage: Storage,
    ) -> Result<Store, StoreError> {
        let _lock = lock(dir)?;
        Store::open_locked(dir, Some((identity, storage)))
    }

    /// Opens for writing, creating an empty catalogue for `create` if the folder has none.
    /// Caller holds the lock.
    fn open_locked(
        dir: &Path,
        create: Option<(&ModelIdentity, Storage)>,
    ) -> Result<Store, StoreError> {
        prepare(dir, create)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            db: Db::open(&file_path(dir), true)?,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> &Path {
        self.db.path()
    }

    /// Everything but the thumbnails: vectors in one matrix.
    pub fn load(&mut self) -> Result<Index, StoreError> {
        self.db.load()
    }

    /// Classes with their sample counts (no vector, no thumbnail is read).
    pub fn summaries(&self) -> Result<Vec<ClassSummary>, StoreError> {
        self.db.summaries()
    }

    /// The catalogue's classes and model without samples (cheap), and one class's samples.
    pub fn classes_only(&self) -> Result<Index, StoreError> {
        self.db.classes_only()
    }

    /// The samples of one class (no vector, no thumbnail).
    pub fn samples_of(&self, class_id: u64) -> Result<Vec<Sample>, StoreError> {
        self.db.samples_of(class_id)
    }

    /// One stored thumbnail.
    pub fn thumbnail(&self, sample_id: u64) -> Result<Option<Vec<u8>>, StoreError> {
        self.db.thumbnail(sample_id)
    }

    /// Whether another process (the CLI) changed the catalogue since this handle last read
    /// or wrote it: one `PRAGMA data_version`, no I/O beyond the WAL index.
    pub fn changed(&self) -> Result<bool, StoreError> {
        self.db.changed()
    }

    /// The one index transaction, on an index kept in memory: lock the folder; re-read
    /// `index` only if another process changed the catalogue; check the model; let `change`
    /// edit it in place; write what changed in one transaction; unlock. When `change` or
    /// the write fails, `index` is read again (it holds the last checkpoint).
    pub fn edit<T, E: From<StoreError>>(
        &mut self,
        index: &mut Index,
        open: Open<'_>,
        change: impl FnOnce(&mut Txn<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let _lock = lock(&self.dir)?;
        if self.db.changed()? {
            *index = self.db.load()?;
        }
        edit_locked(self, index, open, change)
    }
}

fn edit_locked<T, E: From<StoreError>>(
    store: &mut Store,
    index: &mut Index,
    open: Open<'_>,
    change: impl FnOnce(&mut Txn<'_>) -> Result<T, E>,
) -> Result<T, E> {
    if let Open::OrCreate(id, _) | Open::Existing(Some(id)) = open {
        check_model(&store.dir, index, id)?;
    }
    if let Open::OrCreate(_, Some(storage)) = open {
        warn_storage(&store.dir, index, storage);
    }
    // A writable connection for the change (the daemon's handle may be read-only).
    if store.db.readonly() {
        // Under the lock nobody else commits, so `index` is still current for the new
        // connection, whose `data_version` starts here.
        store.db = Db::open(&file_path(&store.dir), true)?;
    }
    let base = Snapshot::of(index);
    let mut txn = Txn {
        db: &mut store.db,
        index,
        base,
    };
    let r = change(&mut txn).and_then(|t| {
        txn.checkpoint()?;
        Ok(t)
    });
    if r.is_err() {
        match store.db.load() {
            Ok(fresh) => *index = fresh,
            Err(e) => tracing::error!("after a failed change: {e}"),
        }
    }
    r
}

/// A catalogue keeps the storage it was created with (or converted to): a different
/// `index.storage` is worth a warning, with the command that converts it.
pub fn warn_storage(dir: &Path, index: &Index, wanted: Storage) {
    if index.storage() != wanted {
        tracing::warn!(
            "index.storage is {wanted} but the catalogue in {} stores {} vectors; it keeps \
             them (convert with `cbrd index convert --index {} --storage {wanted}`)",
            dir.display(),
            index.storage(),
            dir.display()
        );
    }
}

/// Loads the catalogue in `dir`: vectors once into one matrix, no thumbnails. A format-1
/// folder is migrated first; one that cannot be written is read as it is.
pub fn load(dir: &Path) -> Result<Index, StoreError> {
    match Store::open(dir) {
        Ok(mut s) => s.load(),
        Err(StoreError::ReadOnly { .. }) if !file_path(dir).exists() => {
            let old = dir.join(v1::FILE_NAME);
            tracing::warn!(
                "{} is read-only: reading {} without migrating it",
                dir.display(),
                old.display()
            );
            read_v1(&old)
        }
        Err(e) => Err(e),
    }
}

/// Classes and sample counts of the catalogue in `dir` (no vector, no thumbnail).
pub fn summaries(dir: &Path) -> Result<Vec<ClassSummary>, StoreError> {
    Store::open(dir)?.summaries()
}

/// One stored thumbnail of the catalogue in `dir`.
pub fn thumbnail(dir: &Path, sample_id: u64) -> Result<Option<Vec<u8>>, StoreError> {
    Store::open(dir)?.thumbnail(sample_id)
}

/// Which index a transaction works on.
#[derive(Debug, Clone, Copy)]
pub enum Open<'a> {
    /// The folder's index, or a new empty one for this model with its vectors stored as
    /// configured (`index.storage`; f32 if not set); an existing index must have been built
    /// with the model, and keeps its own storage (enrolling).
    OrCreate(&'a ModelIdentity, Option<Storage>),
    /// The folder's index, which must exist; built with this model if one is given (catalogue
    /// commands need no model).
    Existing(Option<&'a ModelIdentity>),
}

/// The index inside an [`edit`]: derefs to the [`Index`] being changed.
#[derive(Debug)]
pub struct Txn<'a> {
    db: &'a mut Db,
    index: &'a mut Index,
    base: Snapshot,
}

impl Txn<'_> {
    /// Saves the changes made so far, in one transaction (a long edit, such as `enroll-dir`
    /// class by class, keeps what is done if it is interrupted later).
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        let now = Snapshot::of(self.index);
        if now == self.base {
            return Ok(());
        }
        self.db.save(&self.base, self.index)?;
        self.index.drop_thumbnail_bytes();
        self.base = now;
        Ok(())
    }

    /// A stored thumbnail (of a sample saved before this transaction).
    pub fn thumbnail(&self, sample_id: u64) -> Result<Option<Vec<u8>>, StoreError> {
        self.db.thumbnail(sample_id)
    }
}

impl std::ops::Deref for Txn<'_> {
    type Target = Index;
    fn deref(&self) -> &Index {
        self.index
    }
}

impl std::ops::DerefMut for Txn<'_> {
    fn deref_mut(&mut self) -> &mut Index {
        self.index
    }
}

/// The one index transaction for a command: lock the folder, open (migrate, or create for
/// [`Open::OrCreate`]), read, check the model, let `change` edit the index, write what
/// changed, unlock. When `change` fails nothing more is saved (the catalogue keeps the last
/// checkpoint). Returns what `change` returned and the index as it now is on disk.
pub fn edit<T, E: From<StoreError>>(
    dir: &Path,
    open: Open<'_>,
    change: impl FnOnce(&mut Txn<'_>) -> Result<T, E>,
) -> Result<(T, Index), E> {
    let _lock = lock(dir)?;
    let create = match open {
        Open::OrCreate(id, storage) => Some((id, storage.unwrap_or_default())),
        Open::Existing(_) => None,
    };
    let mut store = Store::open_locked(dir, create)?;
    let mut index = store.db.load()?;
    let t = edit_locked(&mut store, &mut index, open, change)?;
    Ok((t, index))
}

#[cfg(test)]
mod tests;
