//! The enrolled vectors as one contiguous matrix in the catalogue's storage format, and the
//! exact byte layout of one stored row.
//!
//! | storage | a row in memory and in `vectors.data`     | bytes (dim 1280) |
//! |---------|--------------------------------------------|------------------|
//! | `f32`   | `dim` little-endian float32                | 5120             |
//! | `f16`   | `dim` little-endian IEEE half              | 2560             |
//! | `int8`  | float32 scale `s`, then `dim` int8 `q`     | 1284             |
//!
//! int8 is symmetric, one scale per vector: `s = max|v| / 127`, `q = round(v / s)`, so a
//! component is `s · q`. The query is quantised the same way (`s_q`, `q_q`), and a score is
//! `s · s_q · Σ q·q_q`, summed exactly in integers: the only error is the two roundings
//! (at most `s/2` per component), a few 1e-4 on the score of unit vectors.

use std::fmt;

use super::kernels;

/// How the vectors are stored (`[index] storage`, `cbrd index convert --storage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Storage {
    #[default]
    F32,
    F16,
    Int8,
}

impl Storage {
    pub const ALL: [Storage; 3] = [Storage::F32, Storage::F16, Storage::Int8];

    /// The name in the config, on the command line and in the catalogue's `meta` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Storage::F32 => "f32",
            Storage::F16 => "f16",
            Storage::Int8 => "int8",
        }
    }

    pub fn parse(s: &str) -> Option<Storage> {
        Storage::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Bytes of one stored row of `dim` components.
    pub fn row_bytes(self, dim: usize) -> usize {
        match self {
            Storage::F32 => dim * 4,
            Storage::F16 => dim * 2,
            Storage::Int8 => 4 + dim,
        }
    }
}

impl fmt::Display for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Storage {
    type Err = String;
    fn from_str(s: &str) -> Result<Storage, String> {
        Storage::parse(s).ok_or_else(|| format!("{s:?} is not one of f32, f16, int8"))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Data {
    F32(Vec<f32>),
    F16(Vec<half::f16>),
    Int8 { q: Vec<i8>, scale: Vec<f32> },
}

/// `rows × dim` vectors, row-major, in one storage format.
#[derive(Debug, Clone, PartialEq)]
pub struct Vectors {
    dim: usize,
    rows: usize,
    data: Data,
}

/// A stored row that does not have the length its storage needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{got} bytes, not the {want} that a {storage} row of this dimension takes")]
pub struct RowLength {
    pub got: usize,
    pub want: usize,
    pub storage: Storage,
}

/// The int8 form of a vector: its scale and components.
pub fn quantize_i8(v: &[f32], out: &mut Vec<i8>) -> f32 {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 && max.is_finite() {
        max / 127.0
    } else {
        0.0
    };
    let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
    out.extend(
        v.iter()
            .map(|x| (x * inv).round().clamp(-127.0, 127.0) as i8),
    );
    scale
}

impl Vectors {
    pub fn new(storage: Storage, dim: usize) -> Vectors {
        let data = match storage {
            Storage::F32 => Data::F32(Vec::new()),
            Storage::F16 => Data::F16(Vec::new()),
            Storage::Int8 => Data::Int8 {
                q: Vec::new(),
                scale: Vec::new(),
            },
        };
        Vectors { dim, rows: 0, data }
    }

    /// float32 rows (`data.len()` must be a multiple of `dim`), stored as `storage`.
    pub fn from_f32(storage: Storage, dim: usize, data: &[f32]) -> Vectors {
        let mut v = Vectors::new(storage, dim);
        v.reserve(data.len() / dim.max(1));
        for row in data.chunks_exact(dim.max(1)) {
            v.push(row);
        }
        v
    }

    pub fn storage(&self) -> Storage {
        match self.data {
            Data::F32(_) => Storage::F32,
            Data::F16(_) => Storage::F16,
            Data::Int8 { .. } => Storage::Int8,
        }
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Bytes the matrix takes in memory (what one search reads).
    pub fn byte_len(&self) -> usize {
        self.rows * self.storage().row_bytes(self.dim)
    }

    pub fn reserve(&mut self, rows: usize) {
        let n = rows * self.dim;
        match &mut self.data {
            Data::F32(d) => d.reserve(n),
            Data::F16(d) => d.reserve(n),
            Data::Int8 { q, scale } => {
                q.reserve(n);
                scale.reserve(rows);
            }
        }
    }

    /// Appends a row given in float32 (converted to the storage format). The caller checks
    /// the length.
    pub fn push(&mut self, row: &[f32]) {
        debug_assert_eq!(row.len(), self.dim);
        match &mut self.data {
            Data::F32(d) => d.extend_from_slice(row),
            Data::F16(d) => d.extend(row.iter().map(|x| half::f16::from_f32(*x))),
            Data::Int8 { q, scale } => scale.push(quantize_i8(row, q)),
        }
        self.rows += 1;
    }

    /// Appends a row in its stored bytes (see the module's table).
    pub fn push_encoded(&mut self, bytes: &[u8]) -> Result<(), RowLength> {
        let want = self.storage().row_bytes(self.dim);
        if bytes.len() != want {
            return Err(RowLength {
                got: bytes.len(),
                want,
                storage: self.storage(),
            });
        }
        match &mut self.data {
            Data::F32(d) => d.extend(
                bytes
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            ),
            Data::F16(d) => d.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| half::f16::from_le_bytes([c[0], c[1]])),
            ),
            Data::Int8 { q, scale } => {
                scale.push(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
                q.extend(bytes[4..].iter().map(|b| *b as i8));
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Row `i` in its stored bytes.
    pub fn encode_row(&self, i: usize, out: &mut Vec<u8>) {
        let r = i * self.dim..(i + 1) * self.dim;
        match &self.data {
            Data::F32(d) => out.extend(d[r].iter().flat_map(|x| x.to_le_bytes())),
            Data::F16(d) => out.extend(d[r].iter().flat_map(|x| x.to_le_bytes())),
            Data::Int8 { q, scale } => {
                out.extend_from_slice(&scale[i].to_le_bytes());
                out.extend(q[r].iter().map(|x| *x as u8));
            }
        }
    }

    /// Row `i` as float32 (dequantised), written into `out` (length `dim`).
    pub fn row_f32(&self, i: usize, out: &mut [f32]) {
        let r = i * self.dim..(i + 1) * self.dim;
        match &self.data {
            Data::F32(d) => out.copy_from_slice(&d[r]),
            Data::F16(d) => half::slice::HalfFloatSliceExt::convert_to_f32_slice(&d[r], out),
            Data::Int8 { q, scale } => {
                for (o, x) in out.iter_mut().zip(&q[r]) {
                    *o = scale[i] * f32::from(*x);
                }
            }
        }
    }

    /// Every row as float32 (dequantised), row-major.
    pub fn to_f32(&self) -> Vec<f32> {
        if let Data::F32(d) = &self.data {
            return d.clone();
        }
        let mut out = vec![0f32; self.rows * self.dim];
        for (i, o) in out.chunks_exact_mut(self.dim.max(1)).enumerate() {
            self.row_f32(i, o);
        }
        out
    }

    /// The same vectors in another storage (from their float32 values: converting int8 back
    /// to f32 does not restore what the quantisation rounded away).
    pub fn convert(&self, storage: Storage) -> Vectors {
        if storage == self.storage() {
            return self.clone();
        }
        let mut v = Vectors::new(storage, self.dim);
        v.reserve(self.rows);
        let mut row = vec![0f32; self.dim];
        for i in 0..self.rows {
            self.row_f32(i, &mut row);
            v.push(&row);
        }
        v
    }

    /// Keeps the rows for which `keep(row)` is true, in order.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let dim = self.dim;
        fn rows<T: Copy>(d: &mut Vec<T>, per: usize, keep: &dyn Fn(usize) -> bool) {
            let mut w = 0;
            for r in 0..d.len() / per.max(1) {
                if keep(r) {
                    d.copy_within(r * per..(r + 1) * per, w * per);
                    w += 1;
                }
            }
            d.truncate(w * per);
        }
        match &mut self.data {
            Data::F32(d) => rows(d, dim, &keep),
            Data::F16(d) => rows(d, dim, &keep),
            Data::Int8 { q, scale } => {
                rows(q, dim, &keep);
                rows(scale, 1, &keep);
            }
        }
        self.rows = (0..self.rows).filter(|r| keep(*r)).count();
    }

    /// Writes one cosine score per row (`row · query`; `query` is float32, unit length).
    pub(super) fn scores_range(
        &self,
        query: &Query,
        rows: std::ops::Range<usize>,
        out: &mut [f32],
    ) {
        let dim = self.dim;
        let span = rows.start * dim..rows.end * dim;
        match (&self.data, query) {
            (Data::F32(d), Query::F32(q)) => {
                for (o, row) in out.iter_mut().zip(d[span].chunks_exact(dim)) {
                    *o = super::dot(row, q);
                }
            }
            (Data::F16(d), Query::F16(q)) => {
                for (o, row) in out.iter_mut().zip(d[span].chunks_exact(dim)) {
                    *o = kernels::dot_f16(row, q);
                }
            }
            (Data::Int8 { q, scale }, Query::Int8 { q: qq, scale: qs }) => {
                for ((o, row), s) in out
                    .iter_mut()
                    .zip(q[span].chunks_exact(dim))
                    .zip(&scale[rows])
                {
                    *o = (f64::from(*s * qs) * kernels::dot_i8(row, qq) as f64) as f32;
                }
            }
            _ => unreachable!("the query is prepared for the matrix's storage"),
        }
    }

    /// The query in the form the search kernel of this storage reads.
    pub(super) fn prepare(&self, query: &[f32]) -> Query {
        match self.data {
            Data::F32(_) => Query::F32(query.to_vec()),
            Data::F16(_) => Query::F16(query.iter().map(|x| half::f16::from_f32(*x)).collect()),
            Data::Int8 { .. } => {
                let mut q = Vec::with_capacity(query.len());
                let scale = quantize_i8(query, &mut q);
                Query::Int8 { q, scale }
            }
        }
    }
}

/// A query converted for one storage.
pub(super) enum Query {
    F32(Vec<f32>),
    F16(Vec<half::f16>),
    Int8 { q: Vec<i8>, scale: f32 },
}
