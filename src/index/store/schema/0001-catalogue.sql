-- Schema version 1 of the cbrd catalogue (DIR/catalogue.sqlite).
--
-- Applied once, in one transaction, by src/index/store/db.rs; `PRAGMA user_version` records
-- the newest migration applied. Never edit a migration that has shipped: add the next file.
--
-- Vectors and thumbnails live in their own tables so that the class list reads neither: a
-- scan of `samples` touches ~100 bytes per sample, not the 5 kB vector and 11 kB thumbnail.
-- `hlc`, `origin` and `deleted` are for fleet sync (a hybrid-logical-clock version, the
-- device that made the change, and tombstones); this build writes hlc 0 and origin ''.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value ANY NOT NULL
) STRICT, WITHOUT ROWID;
-- keys: dim, fingerprint (32-byte blob), model_file, model_sha256, preprocessing,
--       storage ('f32'), next_class_id, next_sample_id

CREATE TABLE classes (
    id      INTEGER PRIMARY KEY,
    label   TEXT NOT NULL,
    created INTEGER NOT NULL,          -- Unix seconds
    hlc     INTEGER NOT NULL DEFAULT 0,
    origin  TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 -- 1: a tombstone
) STRICT;

CREATE TABLE samples (
    id            INTEGER PRIMARY KEY,
    class_id      INTEGER NOT NULL REFERENCES classes(id),
    source        TEXT NOT NULL,
    added         INTEGER NOT NULL,    -- Unix seconds
    content_hash  BLOB,                -- SHA-256 of the image content, or NULL
    thumbnail_len INTEGER NOT NULL DEFAULT 0,
    hlc           INTEGER NOT NULL DEFAULT 0,
    origin        TEXT NOT NULL DEFAULT '',
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX samples_by_class ON samples(class_id, deleted);

-- One row per live sample: its embedding in the catalogue's storage format (meta 'storage';
-- 'f32': dim little-endian float32) and the CRC-32 of those bytes, checked on every read
-- (SQLite has no checksums of its own, so a flipped bit would otherwise go unnoticed).
CREATE TABLE vectors (
    sample_id INTEGER PRIMARY KEY REFERENCES samples(id),
    data      BLOB NOT NULL,
    crc       INTEGER NOT NULL
) STRICT;

CREATE TABLE thumbnails (
    sample_id INTEGER PRIMARY KEY REFERENCES samples(id),
    jpeg      BLOB NOT NULL
) STRICT;
