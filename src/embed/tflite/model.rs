//! [`Model`]: a TFLite model created from the file's bytes, shared by interpreters.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::api::RawModel;
use super::{Runtime, TfliteError};

/// A model loaded from bytes. The bytes are kept alive here because `TfLiteModelCreate`
/// does not copy them.
pub struct Model {
    pub(super) rt: Arc<Runtime>,
    pub(super) raw: *mut RawModel,
    _bytes: Vec<u8>,
    pub(super) path: PathBuf,
}

// SAFETY: a TfLiteModel is immutable after creation and may be shared between interpreters
// on different threads (documented by TFLite).
unsafe impl Send for Model {}
// SAFETY: as above.
unsafe impl Sync for Model {}

impl Model {
    /// Creates a model from the file's bytes; TFLite verifies the flatbuffer.
    pub fn from_bytes(
        rt: &Arc<Runtime>,
        bytes: Vec<u8>,
        path: &Path,
    ) -> Result<Arc<Model>, TfliteError> {
        // SAFETY: bytes outlive the model (stored in the struct, never mutated).
        let raw = unsafe { (rt.api.model_create)(bytes.as_ptr().cast(), bytes.len()) };
        if raw.is_null() {
            return Err(TfliteError::ModelLoad {
                path: path.to_path_buf(),
                messages:
                    "the file is not a valid TensorFlow Lite flatbuffer (verification failed)"
                        .into(),
            });
        }
        Ok(Arc::new(Model {
            rt: rt.clone(),
            raw,
            _bytes: bytes,
            path: path.to_path_buf(),
        }))
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: raw came from TfLiteModelCreate; every interpreter using it holds an Arc, so
        // none is alive here.
        unsafe { (self.rt.api.model_delete)(self.raw) }
    }
}
