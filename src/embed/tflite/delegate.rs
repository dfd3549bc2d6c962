//! [`Delegate`]s: the XNNPACK delegate built into the TFLite library, and external delegate
//! plugins such as libedgetpu, each destroyed the way it was created.

use std::ffi::{CString, c_char};
use std::path::Path;
use std::sync::Arc;

use libloading::Library;

use super::api::RawDelegate;
use super::library::loader_message;
use super::{Runtime, TfliteError, runtime_log};

/// How a delegate is destroyed.
enum DelegateKind {
    Xnnpack,
    External {
        destroy: unsafe extern "C" fn(*mut RawDelegate),
        _lib: Library,
    },
}

/// A TFLite delegate (XNNPACK or an external plugin such as libedgetpu).
pub struct Delegate {
    rt: Arc<Runtime>,
    pub(super) raw: *mut RawDelegate,
    kind: DelegateKind,
    name: String,
}

// SAFETY: delegates are used only through the interpreter that owns them.
unsafe impl Send for Delegate {}

impl Delegate {
    /// Creates the XNNPACK delegate with `threads` threads and quantised (QS8|QU8) kernels on.
    /// Returns `None` when the library has no XNNPACK or creation fails.
    pub fn xnnpack(rt: &Arc<Runtime>, threads: usize) -> Option<Delegate> {
        let create = rt.api.xnnpack_create?;
        rt.api.xnnpack_delete?;
        // ABI: TfLiteXNNPackDelegateOptions grew across TF versions; never call
        // TfLiteXNNPackDelegateOptionsDefault (returned by value). A zeroed, generously sized
        // buffer whose first fields are `int32 num_threads; uint32 flags;` means "defaults"
        // to every version.
        #[repr(C, align(8))]
        struct Options([u8; 256]);
        let mut opts = Options([0; 256]);
        let n = i32::try_from(threads).unwrap_or(i32::MAX);
        opts.0[0..4].copy_from_slice(&n.to_ne_bytes());
        const QS8: u32 = 1;
        const QU8: u32 = 2;
        opts.0[4..8].copy_from_slice(&(QS8 | QU8).to_ne_bytes());
        // SAFETY: the options buffer is larger than any version's struct and lives across
        // the call (XNNPACK copies the options).
        let raw = runtime_log::capture(|| unsafe { create((&opts as *const Options).cast()) });
        if raw.is_null() {
            return None;
        }
        Some(Delegate {
            rt: rt.clone(),
            raw,
            kind: DelegateKind::Xnnpack,
            name: "xnnpack".into(),
        })
    }

    /// Loads an external delegate plugin (the `tflite_plugin_create_delegate` /
    /// `tflite_plugin_destroy_delegate` interface of libedgetpu) with `key=value` options.
    pub fn external(
        rt: &Arc<Runtime>,
        path: &Path,
        options: &[(String, String)],
    ) -> Result<Delegate, TfliteError> {
        let err = |reason: String| TfliteError::Delegate {
            path: path.to_path_buf(),
            reason,
        };
        if !path.exists() {
            return Err(err(format!(
                "no such file. The EdgeTPU runtime (libedgetpu) is not installed or is elsewhere: \
                 install the `libedgetpu1-std` package from Coral, or set edgetpu.library to its path \
                 (default {})",
                crate::embed::DEFAULT_EDGETPU_LIBRARY
            )));
        }
        // SAFETY: loading the user's configured delegate library.
        let lib = unsafe { Library::new(path) }
            .map_err(|e| err(format!("cannot load it: {}", loader_message(&e))))?;
        type CreateFn = unsafe extern "C" fn(
            *const *const c_char,
            *const *const c_char,
            usize,
            Option<unsafe extern "C" fn(*const c_char)>,
        ) -> *mut RawDelegate;
        type DestroyFn = unsafe extern "C" fn(*mut RawDelegate);
        // SAFETY: documented signatures of the TFLite external-delegate plugin interface.
        let create: CreateFn = unsafe { lib.get::<CreateFn>(b"tflite_plugin_create_delegate\0") }
            .map(|s| *s)
            .map_err(|_| err("it does not export `tflite_plugin_create_delegate`: not a TFLite delegate plugin".into()))?;
        // SAFETY: as above.
        let destroy: DestroyFn =
            unsafe { lib.get::<DestroyFn>(b"tflite_plugin_destroy_delegate\0") }
                .map(|s| *s)
                .map_err(|_| {
                    err(
                "it does not export `tflite_plugin_destroy_delegate`: not a TFLite delegate plugin"
                    .into(),
            )
                })?;
        let mut keys = Vec::with_capacity(options.len());
        let mut values = Vec::with_capacity(options.len());
        for (k, v) in options {
            keys.push(
                CString::new(k.as_str())
                    .map_err(|_| err(format!("option key {k:?} contains NUL")))?,
            );
            values.push(
                CString::new(v.as_str())
                    .map_err(|_| err(format!("option value {v:?} contains NUL")))?,
            );
        }
        let kp: Vec<*const c_char> = keys.iter().map(|c| c.as_ptr()).collect();
        let vp: Vec<*const c_char> = values.iter().map(|c| c.as_ptr()).collect();
        // SAFETY: arrays of `options.len()` valid C strings, alive across the call.
        let raw =
            runtime_log::capture(|| unsafe { create(kp.as_ptr(), vp.as_ptr(), kp.len(), None) });
        if raw.is_null() {
            let opts: Vec<String> = options.iter().map(|(k, v)| format!("{k}={v}")).collect();
            return Err(err(format!(
                "tflite_plugin_create_delegate returned NULL (options: {}). For an EdgeTPU this \
                 usually means no accelerator was found: check that it is plugged in (`lsusb` shows \
                 18d1:9302 or 1a6e:089a), that the user may open it (udev rules from the libedgetpu \
                 package), and that edgetpu.options `device` names an existing device",
                if opts.is_empty() {
                    "none".to_string()
                } else {
                    opts.join(", ")
                }
            )));
        }
        Ok(Delegate {
            rt: rt.clone(),
            raw,
            kind: DelegateKind::External { destroy, _lib: lib },
            name: format!("external:{}", path.display()),
        })
    }

    /// A short name for logs and `cbrd info`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Delegate {
    fn drop(&mut self) {
        match &self.kind {
            DelegateKind::Xnnpack => {
                if let Some(delete) = self.rt.api.xnnpack_delete {
                    // SAFETY: raw came from TfLiteXNNPackDelegateCreate; the interpreter that used
                    // it has been deleted (Interpreter drops delegates after itself).
                    unsafe { delete(self.raw) }
                }
            }
            // SAFETY: raw came from this plugin's create function; same ordering as above.
            DelegateKind::External { destroy, .. } => unsafe { destroy(self.raw) },
        }
    }
}
