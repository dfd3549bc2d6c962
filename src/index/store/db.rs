//! The SQLite side of the catalogue: the only module that names `rusqlite`. It opens the
//! database (read-write, read-only, or immutable when the folder cannot be written), applies
//! the schema migrations in `schema/`, reads the parts each command needs, and writes a
//! change as the difference between two states of the [`Index`], in one transaction.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::StoreError;
use crate::embed::ModelIdentity;
use crate::index::{Class, ClassSummary, Index, Sample};
use crate::search::{Storage, Vectors};
use write::{apply, write_meta};

mod write;

/// The migrations, in order; `PRAGMA user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[include_str!("schema/0001-catalogue.sql")];
/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
/// How long a writer waits for another one (the CLI and the daemon share the file).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The state of the catalogue as last read or written through this connection: what the next
/// change is compared with, so that only what changed is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Snapshot {
    classes: HashMap<u64, String>,
    samples: HashSet<u64>,
    fingerprint: [u8; 32],
    dim: usize,
    storage: Storage,
}

impl Snapshot {
    pub(super) fn of(index: &Index) -> Snapshot {
        Snapshot {
            classes: index
                .classes()
                .iter()
                .map(|c| (c.id, c.label.clone()))
                .collect(),
            samples: index.samples().iter().map(|s| s.id).collect(),
            fingerprint: index.fingerprint(),
            dim: index.dim(),
            storage: index.storage(),
        }
    }
}

/// One connection to `DIR/catalogue.sqlite`.
#[derive(Debug)]
pub(super) struct Db {
    conn: Connection,
    path: PathBuf,
    /// `PRAGMA data_version` when this connection last read the catalogue: it changes when
    /// another connection (the CLI, another process) commits, never for our own commits.
    seen_version: i64,
    writable: bool,
}

/// The `meta` table: the model, its fingerprint, the next (class, sample) ids and the
/// vectors' storage.
struct Meta(ModelIdentity, [u8; 32], (u64, u64), Storage);

fn i(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// `file:` URI of a path, for `?immutable=1` (percent-encodes what a URI reserves).
fn file_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut s = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.push_str("?immutable=1");
    s
}

/// Maps a SQLite error to what it means for the catalogue at `path`.
pub(super) fn sql_error(path: &Path, action: &'static str, e: rusqlite::Error) -> StoreError {
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Damaged {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
        Some(ErrorCode::DiskFull) => StoreError::NoSpace {
            path: path.to_path_buf(),
        },
        // SQLite reports a full disk met while growing its `-shm` or `-wal` file as an I/O
        // error; the free space tells which it was.
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen)
            if path
                .parent()
                .and_then(free_space)
                .is_some_and(|f| f < 1 << 20) =>
        {
            StoreError::NoSpace {
                path: path.to_path_buf(),
            }
        }
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite {
            action,
            path: path.to_path_buf(),
            source: e,
        },
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

fn pragmas(conn: &Connection, writable: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if writable {
        // WAL: readers (the daemon) never block the CLI's writes, and a commit appends only
        // the pages it changed. FULL: every commit is fsynced before it is acknowledged.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
                Some(format!("journal_mode is {mode}, not wal")),
            ));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    Ok(())
}

impl Db {
    /// Opens an existing catalogue. Read-only opens of a folder that cannot be written fall
    /// back to SQLite's immutable mode (a WAL database otherwise needs its `-shm` file).
    pub(super) fn open(path: &Path, writable: bool) -> Result<Db, StoreError> {
        let err = |a| move |e| sql_error(path, a, e);
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let attempt = |uri: Option<String>| -> rusqlite::Result<Connection> {
            let conn = match uri {
                Some(u) => Connection::open_with_flags(u, flags)?,
                None => Connection::open_with_flags(path, flags)?,
            };
            pragmas(&conn, writable)?;
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
            Ok(conn)
        };
        let conn = match attempt(None) {
            Ok(c) => c,
            // A reader that cannot create the `-shm` file (read-only folder, full disk)
            // reads the database file as it is: what the last checkpoint holds.
            Err(e)
                if !writable
                    && matches!(
                        e.sqlite_error_code(),
                        Some(
                            ErrorCode::CannotOpen
                                | ErrorCode::ReadOnly
                                | ErrorCode::SystemIoFailure
                                | ErrorCode::DiskFull
                        )
                    )
                    && path.exists() =>
            {
                tracing::warn!(
                    "{}: {e}; reading it without its write-ahead log (immutable)",
                    path.display()
                );
                attempt(Some(file_uri(path))).map_err(err("cannot open"))?
            }
            Err(e) => return Err(err("cannot open")(e)),
        };
        let mut db = Db {
            conn,
            path: path.to_path_buf(),
            seen_version: 0,
            writable,
        };
        db.migrate(writable)?;
        db.seen_version = db.data_version()?;
        Ok(db)
    }

    /// Writes `index` whole into a new database at `path` (rollback journal, fsynced by the
    /// caller's rename protocol): creation and the migration from format 1.
    pub(super) fn build(path: &Path, index: &Index) -> Result<(), StoreError> {
        let err = |a| move |e| sql_error(path, a, e);
        let mut conn = Connection::open(path).map_err(err("cannot create"))?;
        conn.pragma_update(None, "page_size", 4096)
            .map_err(err("cannot create"))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err("cannot create"))?;
        let tx = conn.transaction().map_err(err("cannot create"))?;
        for m in MIGRATIONS {
            tx.execute_batch(m)
                .map_err(err("cannot create the schema of"))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(err("cannot create"))?;
        write_meta(&tx, index).map_err(err("cannot write"))?;
        apply(&tx, &Snapshot::default(), index).map_err(err("cannot write"))?;
        tx.commit().map_err(err("cannot write"))?;
        conn.close().map_err(|(_, e)| err("cannot close")(e))?;
        Ok(())
    }

    fn migrate(&mut self, writable: bool) -> Result<(), StoreError> {
        let owned = self.path.clone();
        let path = owned.as_path();
        let err = |a| move |e| sql_error(path, a, e);
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err("cannot read"))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Version {
                path: self.path.clone(),
                version,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version == 0 {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                reason: "it holds no cbrd schema (user_version 0)".into(),
            });
        }
        if !writable {
            return Err(StoreError::OldSchema {
                path: self.path.clone(),
                version,
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err("cannot migrate"))?;
        for m in &MIGRATIONS[version as usize..] {
            tx.execute_batch(m).map_err(err("cannot migrate"))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(err("cannot migrate"))?;
        tx.commit().map_err(err("cannot migrate"))?;
        tracing::info!(
            "{}: schema migrated from version {version} to {SCHEMA_VERSION}",
            self.path.display()
        );
        Ok(())
    }

    pub(super) fn readonly(&self) -> bool {
        !self.writable
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| sql_error(&self.path, action, e)
    }

    fn damaged(&self, reason: impl Into<String>) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            reason: reason.into(),
        }
    }

    fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(self.err("cannot read"))
    }

    /// Whether another connection committed since this one last read or wrote.
    pub(super) fn changed(&self) -> Result<bool, StoreError> {
        Ok(self.data_version()? != self.seen_version)
    }

    /// The model, fingerprint and next ids (the `meta` table).
    fn meta(&self) -> Result<Meta, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT key, value FROM meta")
            .map_err(self.err("cannot read"))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, rusqlite::types::Value>(1)?,
                ))
            })
            .map_err(self.err("cannot read"))?;
        let mut m: HashMap<String, rusqlite::types::Value> = HashMap::new();
        for row in rows {
            let (k, v) = row.map_err(self.err("cannot read"))?;
            m.insert(k, v);
        }
        use rusqlite::types::Value as V;
        let text = |k: &str| match m.get(k) {
            Some(V::Text(t)) => Ok(t.clone()),
            _ => Err(self.damaged(format!("meta key {k:?} is missing or not text"))),
        };
        let int = |k: &str| match m.get(k) {
            Some(V::Integer(n)) => Ok(*n),
            _ => Err(self.damaged(format!("meta key {k:?} is missing or not a number"))),
        };
        let storage = text("storage")?;
        let Some(storage) = Storage::parse(&storage) else {
            return Err(self.damaged(format!(
                "vector storage {storage:?} is not one this cbrd reads (f32, f16, int8)"
            )));
        };
        let fingerprint: [u8; 32] = match m.get("fingerprint") {
            Some(V::Blob(b)) => b
                .as_slice()
                .try_into()
                .map_err(|_| self.damaged("meta fingerprint is not 32 bytes"))?,
            _ => return Err(self.damaged("meta key \"fingerprint\" is missing")),
        };
        let identity = ModelIdentity {
            file_name: text("model_file")?,
            model_sha256: text("model_sha256")?,
            preprocessing: text("preprocessing")?,
            dim: usize::try_from(int("dim")?).map_err(|_| self.damaged("bad dim"))?,
        };
        let next = (u(int("next_class_id")?), u(int("next_sample_id")?));
        Ok(Meta(identity, fingerprint, next, storage))
    }

    fn classes(&self) -> Result<Vec<Class>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, label, created FROM classes WHERE deleted = 0 ORDER BY id")
            .map_err(self.err("cannot read"))?;
        let rows = st
            .query_map([], |r| {
                Ok(Class {
                    id: u(r.get(0)?),
                    label: r.get(1)?,
                    created: u(r.get(2)?),
                })
            })
            .map_err(self.err("cannot read"))?;
        rows.collect::<Result<_, _>>()
            .map_err(self.err("cannot read"))
    }

    fn samples(&self, class: Option<u64>) -> Result<Vec<Sample>, StoreError> {
        let sql = "SELECT id, class_id, source, added, content_hash, thumbnail_len FROM samples \
                   WHERE deleted = 0 AND (?1 IS NULL OR class_id = ?1) ORDER BY id";
        let mut st = self.conn.prepare(sql).map_err(self.err("cannot read"))?;
        let rows = st
            .query_map([class.map(i)], |r| {
                let hash: Option<Vec<u8>> = r.get(4)?;
                Ok(Sample {
                    id: u(r.get(0)?),
                    class_id: u(r.get(1)?),
                    source: r.get(2)?,
                    added: u(r.get(3)?),
                    thumbnail: None,
                    thumbnail_len: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                    content_hash: hash.and_then(|h| h.try_into().ok()),
                })
            })
            .map_err(self.err("cannot read"))?;
        rows.collect::<Result<_, _>>()
            .map_err(self.err("cannot read"))
    }

    /// Classes and their sample counts, without reading a vector or a thumbnail.
    pub(super) fn summaries(&self) -> Result<Vec<ClassSummary>, StoreError> {
        let classes = self.classes()?;
        let mut st = self
            .conn
            .prepare("SELECT class_id, count(*) FROM samples WHERE deleted = 0 GROUP BY class_id")
            .map_err(self.err("cannot read"))?;
        let counts: HashMap<u64, usize> = st
            .query_map([], |r| {
                Ok((
                    u(r.get(0)?),
                    usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                ))
            })
            .map_err(self.err("cannot read"))?
            .collect::<Result<_, _>>()
            .map_err(self.err("cannot read"))?;
        Ok(classes
            .into_iter()
            .map(|c| ClassSummary {
                samples: counts.get(&c.id).copied().unwrap_or(0),
                class: c,
            })
            .collect())
    }

    /// The catalogue without vectors or samples (for finding a class by label).
    pub(super) fn classes_only(&self) -> Result<Index, StoreError> {
        let Meta(identity, fingerprint, next, storage) = self.meta()?;
        let none = Vectors::new(storage, identity.dim);
        Index::from_parts(identity, fingerprint, self.classes()?, vec![], none, next)
            .map_err(|e| self.damaged(e))
    }

    /// The samples of one class, without vectors or thumbnails.
    pub(super) fn samples_of(&self, class_id: u64) -> Result<Vec<Sample>, StoreError> {
        self.samples(Some(class_id))
    }

    /// The whole catalogue with its vectors read once into one matrix; no thumbnails.
    pub(super) fn load(&mut self) -> Result<Index, StoreError> {
        // One read transaction, so that classes, samples and vectors are one state.
        self.conn
            .execute_batch("BEGIN")
            .map_err(self.err("cannot read"))?;
        let r = self.load_in_txn();
        let _ = self.conn.execute_batch("COMMIT");
        // Seen even when the read failed: a damaged state is retried after the next change,
        // not before every frame.
        self.seen_version = self.data_version()?;
        r
    }

    fn load_in_txn(&self) -> Result<Index, StoreError> {
        let Meta(identity, fingerprint, next, storage) = self.meta()?;
        let classes = self.classes()?;
        let samples = self.samples(None)?;
        let dim = identity.dim;
        let mut vectors = Vectors::new(storage, dim);
        vectors.reserve(samples.len());
        let mut st = self
            .conn
            .prepare("SELECT sample_id, data, crc FROM vectors ORDER BY sample_id")
            .map_err(self.err("cannot read"))?;
        let mut rows = st.query([]).map_err(self.err("cannot read"))?;
        let mut n = 0usize;
        while let Some(row) = rows.next().map_err(self.err("cannot read"))? {
            let id = u(row.get(0).map_err(self.err("cannot read"))?);
            let data = row
                .get_ref(1)
                .and_then(|v| Ok(v.as_blob()?))
                .map_err(self.err("cannot read"))?;
            let crc: i64 = row.get(2).map_err(self.err("cannot read"))?;
            let Some(s) = samples.get(n) else {
                return Err(self.damaged(format!("vector of sample {id}, which does not exist")));
            };
            if s.id != id {
                return Err(self.damaged(format!("sample {} has no vector", s.id)));
            }
            if i64::from(crc32fast::hash(data)) != crc {
                return Err(self.damaged(format!("the vector of sample {id} fails its checksum")));
            }
            vectors
                .push_encoded(data)
                .map_err(|e| self.damaged(format!("the vector of sample {id} is {e}")))?;
            n += 1;
        }
        if n != samples.len() {
            return Err(self.damaged(format!("{} samples but {n} vectors", samples.len())));
        }
        Index::from_parts(identity, fingerprint, classes, samples, vectors, next)
            .map_err(|e| self.damaged(e))
    }

    /// One sample's stored thumbnail.
    pub(super) fn thumbnail(&self, sample_id: u64) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .query_row(
                "SELECT jpeg FROM thumbnails WHERE sample_id = ?1",
                [i(sample_id)],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err("cannot read"))
    }

    /// Writes what differs between `base` and `index` in one transaction.
    pub(super) fn save(&mut self, base: &Snapshot, index: &Index) -> Result<(), StoreError> {
        let owned = self.path.clone();
        let path = owned.as_path();
        let err = |a| move |e| sql_error(path, a, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err("cannot write"))?;
        apply(&tx, base, index).map_err(err("cannot write"))?;
        if base.fingerprint != index.fingerprint()
            || base.dim != index.dim()
            || base.storage != index.storage()
        {
            write_meta(&tx, index).map_err(err("cannot write"))?;
        } else {
            let (nc, ns) = index.next_ids();
            let mut st = tx
                .prepare("UPDATE meta SET value = ?2 WHERE key = ?1")
                .map_err(err("cannot write"))?;
            st.execute(params!["next_class_id", i(nc)])
                .map_err(err("cannot write"))?;
            st.execute(params!["next_sample_id", i(ns)])
                .map_err(err("cannot write"))?;
        }
        tx.commit().map_err(err("cannot commit"))?;
        self.seen_version = self.data_version()?;
        Ok(())
    }
}
