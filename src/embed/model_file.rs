//! Reads the few facts cbrd needs from a `.tflite` file without the runtime: the file
//! identifier, the number of subgraphs, and the custom operators (an EdgeTPU-compiled model
//! contains `edgetpu-custom-op`). A small, bounds-checked flatbuffer walk over the fields of
//! TFLite's `schema.fbs` (`Model.operator_codes` = field 1, `Model.subgraphs` = field 2,
//! `OperatorCode.custom_code` = field 1, `Model.description` = field 3).

/// The custom operator that the EdgeTPU compiler puts into a model.
pub const EDGETPU_CUSTOM_OP: &str = "edgetpu-custom-op";

/// What a `.tflite` file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModelFacts {
    /// Schema version (`Model.version`).
    pub schema_version: u32,
    /// Number of subgraphs.
    pub subgraphs: usize,
    /// Names of custom operators, in file order.
    pub custom_ops: Vec<String>,
    /// The converter's description string, if any.
    pub description: Option<String>,
}

impl ModelFacts {
    /// Whether the model was compiled for the EdgeTPU.
    pub fn needs_edgetpu(&self) -> bool {
        self.custom_ops.iter().any(|c| c == EDGETPU_CUSTOM_OP)
    }
}

/// Why a file is not a readable TFLite model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelFileError {
    /// Too short or without the `TFL3` identifier.
    #[error("not a TensorFlow Lite model (no \"TFL3\" flatbuffer identifier at byte 4)")]
    NotTflite,
    /// An offset points outside the file.
    #[error("damaged TensorFlow Lite model: {0}")]
    Damaged(&'static str),
}

struct Buf<'a>(&'a [u8]);

impl<'a> Buf<'a> {
    fn u16(&self, at: usize) -> Result<u16, ModelFileError> {
        let b = self
            .0
            .get(at..at + 2)
            .ok_or(ModelFileError::Damaged("offset out of range"))?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, at: usize) -> Result<u32, ModelFileError> {
        let b = self
            .0
            .get(at..at + 4)
            .ok_or(ModelFileError::Damaged("offset out of range"))?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Follows a uoffset stored at `at`.
    fn deref(&self, at: usize) -> Result<usize, ModelFileError> {
        let target = at
            .checked_add(self.u32(at)? as usize)
            .ok_or(ModelFileError::Damaged("offset overflow"))?;
        if target >= self.0.len() {
            return Err(ModelFileError::Damaged("offset past end of file"));
        }
        Ok(target)
    }
    /// Position of field `field` of the table at `table`, if present.
    fn field(&self, table: usize, field: usize) -> Result<Option<usize>, ModelFileError> {
        let soff = self.u32(table)? as i32 as i64;
        let vt = usize::try_from(table as i64 - soff)
            .map_err(|_| ModelFileError::Damaged("bad vtable offset"))?;
        let vt_len = self.u16(vt)? as usize;
        let slot = 4 + 2 * field;
        if slot + 2 > vt_len {
            return Ok(None);
        }
        let off = self.u16(vt + slot)? as usize;
        Ok((off != 0).then_some(table + off))
    }
    /// A vector's (length, first element position) for the uoffset stored at `at`.
    fn vector(&self, at: usize) -> Result<(usize, usize), ModelFileError> {
        let v = self.deref(at)?;
        let n = self.u32(v)? as usize;
        if n > self.0.len() / 4 {
            return Err(ModelFileError::Damaged("vector longer than the file"));
        }
        Ok((n, v + 4))
    }
    fn string(&self, at: usize) -> Result<String, ModelFileError> {
        let s = self.deref(at)?;
        let n = self.u32(s)? as usize;
        let end = (s + 4)
            .checked_add(n)
            .ok_or(ModelFileError::Damaged("string past end of file"))?;
        let b = self
            .0
            .get(s + 4..end)
            .ok_or(ModelFileError::Damaged("string past end of file"))?;
        Ok(String::from_utf8_lossy(b).into_owned())
    }
}

/// Reads [`ModelFacts`] from the bytes of a `.tflite` file.
pub fn inspect(bytes: &[u8]) -> Result<ModelFacts, ModelFileError> {
    if bytes.len() < 8 || &bytes[4..8] != b"TFL3" {
        return Err(ModelFileError::NotTflite);
    }
    let b = Buf(bytes);
    let root = b.deref(0)?;
    let mut facts = ModelFacts::default();
    if let Some(p) = b.field(root, 0)? {
        facts.schema_version = b.u32(p)?;
    }
    if let Some(p) = b.field(root, 1)? {
        let (n, first) = b.vector(p)?;
        for i in 0..n {
            let code = b.deref(first + 4 * i)?;
            if let Some(c) = b.field(code, 1)? {
                facts.custom_ops.push(b.string(c)?);
            }
        }
    }
    if let Some(p) = b.field(root, 2)? {
        facts.subgraphs = b.vector(p)?.0;
    }
    if let Some(p) = b.field(root, 3)? {
        facts.description = Some(b.string(p)?);
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A forward-only flatbuffer writer: every uoffset points to something written later, and
    /// every vtable is written just before its table.
    struct Fb(Vec<u8>);

    impl Fb {
        fn pos(&self) -> usize {
            self.0.len()
        }
        fn u16(&mut self, v: u16) {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
        fn u32(&mut self, v: u32) {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
        fn align4(&mut self) {
            while !self.0.len().is_multiple_of(4) {
                self.0.push(0);
            }
        }
        /// Points the uoffset slot at `slot` to the current position.
        fn patch(&mut self, slot: usize) {
            let off = (self.pos() - slot) as u32;
            self.0[slot..slot + 4].copy_from_slice(&off.to_le_bytes());
        }
        /// Writes a vtable for `fields` u32-sized fields, then the table; returns the table's
        /// position and the positions of its field slots.
        fn table(&mut self, fields: usize) -> (usize, Vec<usize>) {
            let vt = self.pos();
            self.u16((4 + 2 * fields) as u16);
            self.u16((4 + 4 * fields) as u16);
            for i in 0..fields {
                self.u16((4 + 4 * i) as u16);
            }
            self.align4();
            let t = self.pos();
            self.u32((t - vt) as u32);
            let slots = (0..fields)
                .map(|_| {
                    let p = self.pos();
                    self.u32(0);
                    p
                })
                .collect();
            (t, slots)
        }
        fn string(&mut self, s: &str) {
            self.u32(s.len() as u32);
            self.0.extend_from_slice(s.as_bytes());
            self.0.push(0);
            self.align4();
        }
    }

    /// Model { version: 3, operator_codes: [OperatorCode { custom_code }…], subgraphs: [{}…] }
    fn tiny_model(custom: &[&str], subgraphs: usize) -> Vec<u8> {
        let mut fb = Fb(Vec::new());
        fb.u32(0);
        fb.0.extend_from_slice(b"TFL3");
        let (model_table, slots) = fb.table(3);
        fb.0[0..4].copy_from_slice(&(model_table as u32).to_le_bytes());
        fb.0[slots[0]..slots[0] + 4].copy_from_slice(&3u32.to_le_bytes());
        // operator_codes
        fb.patch(slots[1]);
        fb.u32(custom.len() as u32);
        let elems: Vec<usize> = custom
            .iter()
            .map(|_| {
                let p = fb.pos();
                fb.u32(0);
                p
            })
            .collect();
        for (c, e) in custom.iter().zip(elems) {
            // OperatorCode: field 0 (deprecated_builtin_code) absent, field 1 = custom_code.
            let vt = fb.pos();
            fb.u16(8);
            fb.u16(8);
            fb.u16(0);
            fb.u16(4);
            let t = fb.pos();
            fb.u32((t - vt) as u32);
            fb.0[e..e + 4].copy_from_slice(&((t - e) as u32).to_le_bytes());
            let slot = fb.pos();
            fb.u32(0);
            fb.patch(slot);
            fb.string(c);
        }
        // subgraphs
        fb.patch(slots[2]);
        fb.u32(subgraphs as u32);
        let elems: Vec<usize> = (0..subgraphs)
            .map(|_| {
                let p = fb.pos();
                fb.u32(0);
                p
            })
            .collect();
        for e in elems {
            let (t, _) = fb.table(0);
            fb.0[e..e + 4].copy_from_slice(&((t - e) as u32).to_le_bytes());
        }
        fb.0
    }

    #[test]
    fn reads_custom_ops_and_subgraphs() {
        let cases: &[(&[&str], usize, bool)] = &[
            (&[], 1, false),
            (&["edgetpu-custom-op"], 1, true),
            (&["Foo", "edgetpu-custom-op"], 2, true),
            (&["TFLite_Detection_PostProcess"], 3, false),
        ];
        for (custom, sg, edgetpu) in cases {
            let facts = inspect(&tiny_model(custom, *sg)).unwrap();
            assert_eq!(
                facts.custom_ops,
                custom.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            );
            assert_eq!(facts.subgraphs, *sg);
            assert_eq!(facts.schema_version, 3);
            assert_eq!(facts.needs_edgetpu(), *edgetpu);
        }
    }

    #[test]
    fn rejects_non_tflite_and_damaged_files() {
        assert_eq!(inspect(b""), Err(ModelFileError::NotTflite));
        assert_eq!(
            inspect(b"\x89PNG\r\n\x1a\n0000"),
            Err(ModelFileError::NotTflite)
        );
        let good = tiny_model(&["edgetpu-custom-op"], 1);
        // Every truncation is an error or a consistent subset, never a panic.
        for cut in 8..good.len() {
            let _ = inspect(&good[..cut]);
        }
        let mut bad = good.clone();
        bad[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(inspect(&bad), Err(ModelFileError::Damaged(_))));
    }
}
