//! The TensorFlow Lite C API, resolved at run time with `libloading`.
//!
//! This is the only module that names the TFLite library. Nothing here is linked at build
//! time: the library (`libtensorflowlite_c.so`) is opened with `dlopen` when a [`Runtime`] is
//! created, so cbrd builds and cross-builds without TensorFlow. Only C API functions that
//! exist since TF 2.4 are used; `TfLiteInterpreterOptionsSetErrorReporter` and the XNNPACK
//! functions are optional (a library without them still works).
//!
//! Ownership (enforced by the types): a [`Interpreter`] holds an `Arc` of its [`Model`] and
//! owns its [`Delegate`]s, and drops them only after `TfLiteInterpreterDelete`; every object
//! holds an `Arc` of the [`Runtime`] so the library stays loaded while anything uses it.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use libloading::Library;

/// File name of the TFLite C library on Linux.
pub const LIBRARY_FILE: &str = "libtensorflowlite_c.so";

/// Environment variable that names the TFLite C library (second in the look-up order).
pub const LIBRARY_ENV: &str = "CBRD_TFLITE_LIB";

/// System-wide folder that the cbrd package installs the library into.
pub const PACKAGE_LIB_DIR: &str = "/usr/lib/cbrd";

/// SHA-256 of the TensorFlow Lite 2.9.0 C libraries that cbrd ships (`deploy/fetch-tflite.sh`
/// pins the same values; a test checks that they agree), per `std::env::consts::ARCH`. A
/// library in a place where the package puts it must be one of these.
pub const BUNDLED_SHA256: &[(&str, &str)] = &[
    (
        "x86_64",
        "dc89b4cd86d956516570bd483668e6dd98907f49901d0567dedc69a29a56b7f7",
    ),
    (
        "aarch64",
        "ec0dee4fb3418e680d010248ac1e304d9656cc5c8de54caaf91d666712e2f633",
    ),
];

/// Errors of the TFLite runtime layer.
#[derive(Debug, thiserror::Error)]
pub enum TfliteError {
    /// The library could not be found or opened anywhere in the look-up order.
    #[error(
        "TensorFlow Lite C library not found; tried:\n{tried}\n\
         Get it with `deploy/fetch-tflite.sh` (downloads tfjs-tflite-node@0.0.2 from the npm \
         registry and extracts libtensorflowlite_c.so into runtime/), then set `runtime.library` \
         in the config, pass --tflite-lib, or export {LIBRARY_ENV}=/path/to/{LIBRARY_FILE}"
    )]
    NotFound {
        /// One line per place tried, with the reason it failed.
        tried: String,
    },
    /// The configured library exists but could not be loaded.
    #[error(
        "cannot load TensorFlow Lite C library {path} (from {source_name}): {reason}\n\
         It must be a libtensorflowlite_c.so built for this CPU architecture ({arch}); \
         `deploy/fetch-tflite.sh` provides one"
    )]
    Load {
        /// The path that was opened.
        path: PathBuf,
        /// Where the path came from (config key, env var, ...).
        source_name: String,
        /// The loader's message.
        reason: String,
        /// This machine's architecture.
        arch: &'static str,
    },
    /// The file is not a whole shared library for this machine (checked before loading it:
    /// a truncated file would crash the loader with SIGBUS).
    #[error("{path} ({origin}) cannot be loaded as the TensorFlow Lite C library: {reason}. {fix}")]
    BadFile {
        /// The library path.
        path: PathBuf,
        /// Where the path came from.
        origin: String,
        /// What is wrong with it.
        reason: String,
        /// What to do.
        fix: String,
    },
    /// A required C function is missing from the library.
    #[error(
        "{path} is not a usable TensorFlow Lite C library: symbol `{symbol}` is missing ({reason})"
    )]
    MissingSymbol {
        /// The library path.
        path: PathBuf,
        /// The missing symbol.
        symbol: &'static str,
        /// The loader's message.
        reason: String,
    },
    /// TFLite refused the model bytes.
    #[error("TensorFlow Lite could not load the model {path}: {messages}")]
    ModelLoad {
        /// The model path.
        path: PathBuf,
        /// What TFLite reported.
        messages: String,
    },
    /// Interpreter creation failed.
    #[error("TensorFlow Lite could not create an interpreter for {path}: {messages}")]
    InterpreterCreate {
        /// The model path.
        path: PathBuf,
        /// What TFLite reported.
        messages: String,
    },
    /// A TFLite call returned an error status.
    #[error("TensorFlow Lite {call} failed (status {status}): {messages}")]
    Status {
        /// The C function that failed.
        call: &'static str,
        /// The returned status code.
        status: c_int,
        /// What TFLite reported.
        messages: String,
    },
    /// The external delegate library could not be loaded or used.
    #[error("external delegate {path}: {reason}")]
    Delegate {
        /// The delegate library path.
        path: PathBuf,
        /// What went wrong and what to do.
        reason: String,
    },
    /// A tensor index or shape was not what the caller expected.
    #[error("{0}")]
    Tensor(String),
}

type Status = c_int;
const STATUS_OK: Status = 0;

/// Opaque TFLite objects.
#[repr(C)]
pub struct RawModel {
    _p: [u8; 0],
}
#[repr(C)]
struct RawOptions {
    _p: [u8; 0],
}
#[repr(C)]
struct RawInterpreter {
    _p: [u8; 0],
}
#[repr(C)]
struct RawTensor {
    _p: [u8; 0],
}
/// Opaque `TfLiteDelegate`.
#[repr(C)]
pub struct RawDelegate {
    _p: [u8; 0],
}

/// `TfLiteQuantizationParams` (returned by value).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
struct RawQuant {
    scale: f32,
    zero_point: i32,
}

type ReporterFn = unsafe extern "C" fn(user: *mut c_void, fmt: *const c_char, args: *mut c_void);

/// Function pointers resolved from the library. Copied out of their `Symbol`s; valid as long
/// as `_lib` is loaded, which every user guarantees by holding an `Arc<Runtime>`.
struct Api {
    version: unsafe extern "C" fn() -> *const c_char,
    model_create: unsafe extern "C" fn(*const c_void, usize) -> *mut RawModel,
    model_delete: unsafe extern "C" fn(*mut RawModel),
    options_create: unsafe extern "C" fn() -> *mut RawOptions,
    options_set_num_threads: unsafe extern "C" fn(*mut RawOptions, i32),
    options_add_delegate: unsafe extern "C" fn(*mut RawOptions, *mut RawDelegate),
    options_set_error_reporter:
        Option<unsafe extern "C" fn(*mut RawOptions, ReporterFn, *mut c_void)>,
    options_delete: unsafe extern "C" fn(*mut RawOptions),
    interpreter_create:
        unsafe extern "C" fn(*const RawModel, *const RawOptions) -> *mut RawInterpreter,
    interpreter_delete: unsafe extern "C" fn(*mut RawInterpreter),
    interpreter_allocate: unsafe extern "C" fn(*mut RawInterpreter) -> Status,
    interpreter_invoke: unsafe extern "C" fn(*mut RawInterpreter) -> Status,
    interpreter_input_count: unsafe extern "C" fn(*const RawInterpreter) -> i32,
    interpreter_input: unsafe extern "C" fn(*const RawInterpreter, i32) -> *mut RawTensor,
    interpreter_output_count: unsafe extern "C" fn(*const RawInterpreter) -> i32,
    interpreter_output: unsafe extern "C" fn(*const RawInterpreter, i32) -> *const RawTensor,
    tensor_type: unsafe extern "C" fn(*const RawTensor) -> c_int,
    tensor_num_dims: unsafe extern "C" fn(*const RawTensor) -> i32,
    tensor_dim: unsafe extern "C" fn(*const RawTensor, i32) -> i32,
    tensor_byte_size: unsafe extern "C" fn(*const RawTensor) -> usize,
    tensor_data: unsafe extern "C" fn(*const RawTensor) -> *mut c_void,
    tensor_name: unsafe extern "C" fn(*const RawTensor) -> *const c_char,
    tensor_quant: unsafe extern "C" fn(*const RawTensor) -> RawQuant,
    xnnpack_create: Option<unsafe extern "C" fn(*const c_void) -> *mut RawDelegate>,
    xnnpack_delete: Option<unsafe extern "C" fn(*mut RawDelegate)>,
}

/// A loaded TFLite C library.
pub struct Runtime {
    api: Api,
    path: PathBuf,
    version: String,
    _lib: Library,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("path", &self.path)
            .field("version", &self.version)
            .finish()
    }
}

/// Where a library candidate came from, for messages.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Path or bare file name (a bare name is resolved by the system loader).
    pub path: PathBuf,
    /// Human-readable origin ("config key runtime.library", "$CBRD_TFLITE_LIB", ...).
    pub origin: String,
    /// An explicit choice (config or env): failing to load it is an error, not a fall-through.
    pub explicit: bool,
    /// A place where the cbrd package (or a copy of it) puts the runtime it ships: a library
    /// found there must be that runtime ([`BUNDLED_SHA256`]).
    pub bundled: bool,
}

/// The look-up order: the configured path, then `$CBRD_TFLITE_LIB`, then next to the binary
/// and `/usr/lib/cbrd/`, then the system loader's `libtensorflowlite_c.so`.
pub fn library_candidates(
    configured: Option<&Path>,
    env_value: Option<&std::ffi::OsStr>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    if let Some(p) = configured {
        out.push(Candidate {
            path: p.to_path_buf(),
            origin: "config key runtime.library / --tflite-lib".into(),
            explicit: true,
            bundled: false,
        });
    }
    if let Some(v) = env_value.filter(|v| !v.is_empty()) {
        out.push(Candidate {
            path: PathBuf::from(v),
            origin: format!("${LIBRARY_ENV}"),
            explicit: true,
            bundled: false,
        });
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(Candidate {
            path: dir.join(LIBRARY_FILE),
            origin: "next to the cbrd binary".into(),
            explicit: false,
            bundled: true,
        });
    }
    out.push(Candidate {
        path: Path::new(PACKAGE_LIB_DIR).join(LIBRARY_FILE),
        origin: "cbrd package folder".into(),
        explicit: false,
        bundled: true,
    });
    out.push(Candidate {
        path: PathBuf::from(LIBRARY_FILE),
        origin: "system library search path".into(),
        explicit: false,
        bundled: false,
    });
    out
}

/// Checks a candidate file before `dlopen`: a whole shared library for this machine
/// ([`super::library_file`]), and, in a place where the package puts its runtime, that runtime
/// exactly.
fn check_file(c: &Candidate) -> Result<(), TfliteError> {
    use std::io::Read;
    let bad = |reason: String| {
        let fix = if c.bundled {
            "Reinstall the cbrd package, which ships it".to_string()
        } else {
            "Get a whole copy with deploy/fetch-tflite.sh".to_string()
        };
        TfliteError::BadFile {
            path: c.path.clone(),
            origin: c.origin.clone(),
            reason,
            fix,
        }
    };
    let mut f = std::fs::File::open(&c.path).map_err(|e| bad(format!("cannot open it: {e}")))?;
    let size = f
        .metadata()
        .map_err(|e| bad(format!("cannot read it: {e}")))?
        .len();
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut f)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| bad(format!("cannot read it: {e}")))?;
    super::library_file::check(&head, size).map_err(|e| bad(e.to_string()))?;
    if c.bundled {
        let want = BUNDLED_SHA256
            .iter()
            .find(|(arch, _)| *arch == std::env::consts::ARCH)
            .map(|(_, h)| *h);
        let bytes = std::fs::read(&c.path).map_err(|e| bad(format!("cannot read it: {e}")))?;
        let got = super::sha256_hex(&bytes);
        if want != Some(got.as_str()) {
            return Err(bad(format!(
                "it is not the TensorFlow Lite 2.9.0 runtime that cbrd ships (sha256 {}…{}): \
                 it was changed or damaged",
                &got[..12],
                want.map(|w| format!(", expected {}…", &w[..12]))
                    .unwrap_or_else(|| format!(
                        ", and cbrd ships none for {}",
                        std::env::consts::ARCH
                    ))
            )));
        }
    }
    Ok(())
}

impl Runtime {
    /// Loads the library following [`library_candidates`]. An explicitly configured library that
    /// fails is reported at once; the implicit places are tried in turn.
    pub fn load(configured: Option<&Path>) -> Result<Arc<Runtime>, TfliteError> {
        let env = std::env::var_os(LIBRARY_ENV);
        let mut tried = Vec::new();
        for mut c in library_candidates(configured, env.as_deref()) {
            // An explicit relative path means that file, not a name for the loader to search.
            if c.explicit
                && c.path.is_relative()
                && let Ok(cwd) = std::env::current_dir()
            {
                c.path = cwd.join(&c.path);
            }
            let is_bare = !c.explicit && c.path.components().count() == 1 && !c.path.is_absolute();
            if !is_bare && !c.path.exists() {
                if c.explicit {
                    return Err(TfliteError::NotFound {
                        tried: format!("  {} ({}): no such file", c.path.display(), c.origin),
                    });
                }
                tried.push(format!(
                    "  {} ({}): no such file",
                    c.path.display(),
                    c.origin
                ));
                continue;
            }
            if !is_bare {
                check_file(&c)?;
            }
            match Self::open(&c.path) {
                Ok(rt) => return Ok(Arc::new(rt)),
                Err(TfliteError::Load { reason, .. }) if !c.explicit => {
                    tried.push(format!("  {} ({}): {}", c.path.display(), c.origin, reason));
                }
                Err(TfliteError::Load {
                    path, reason, arch, ..
                }) => {
                    return Err(TfliteError::Load {
                        path,
                        source_name: c.origin,
                        reason,
                        arch,
                    });
                }
                Err(e) => return Err(e),
            }
        }
        Err(TfliteError::NotFound {
            tried: tried.join("\n"),
        })
    }

    /// Opens one library file and resolves the C API. (Check the file with
    /// [`Runtime::load`]'s rules first: `dlopen` of a truncated file crashes the process.)
    pub fn open(path: &Path) -> Result<Runtime, TfliteError> {
        // SAFETY: loading a shared library runs its initialisers; the TFLite C library's are
        // benign. The path was chosen by the user or by the documented look-up order.
        let lib = unsafe { Library::new(path) }.map_err(|e| TfliteError::Load {
            path: path.to_path_buf(),
            source_name: String::new(),
            reason: loader_message(&e),
            arch: std::env::consts::ARCH,
        })?;
        macro_rules! req {
            ($name:literal) => {{
                // SAFETY: the type is the documented C signature of this TFLite function.
                let sym = unsafe { lib.get(concat!($name, "\0").as_bytes()) };
                match sym {
                    Ok(s) => *s,
                    Err(e) => {
                        return Err(TfliteError::MissingSymbol {
                            path: path.to_path_buf(),
                            symbol: $name,
                            reason: loader_message(&e),
                        });
                    }
                }
            }};
        }
        macro_rules! opt {
            ($name:literal) => {{
                // SAFETY: as above.
                unsafe { lib.get(concat!($name, "\0").as_bytes()) }
                    .ok()
                    .map(|s| *s)
            }};
        }
        let api = Api {
            version: req!("TfLiteVersion"),
            model_create: req!("TfLiteModelCreate"),
            model_delete: req!("TfLiteModelDelete"),
            options_create: req!("TfLiteInterpreterOptionsCreate"),
            options_set_num_threads: req!("TfLiteInterpreterOptionsSetNumThreads"),
            options_add_delegate: req!("TfLiteInterpreterOptionsAddDelegate"),
            options_set_error_reporter: opt!("TfLiteInterpreterOptionsSetErrorReporter"),
            options_delete: req!("TfLiteInterpreterOptionsDelete"),
            interpreter_create: req!("TfLiteInterpreterCreate"),
            interpreter_delete: req!("TfLiteInterpreterDelete"),
            interpreter_allocate: req!("TfLiteInterpreterAllocateTensors"),
            interpreter_invoke: req!("TfLiteInterpreterInvoke"),
            interpreter_input_count: req!("TfLiteInterpreterGetInputTensorCount"),
            interpreter_input: req!("TfLiteInterpreterGetInputTensor"),
            interpreter_output_count: req!("TfLiteInterpreterGetOutputTensorCount"),
            interpreter_output: req!("TfLiteInterpreterGetOutputTensor"),
            tensor_type: req!("TfLiteTensorType"),
            tensor_num_dims: req!("TfLiteTensorNumDims"),
            tensor_dim: req!("TfLiteTensorDim"),
            tensor_byte_size: req!("TfLiteTensorByteSize"),
            tensor_data: req!("TfLiteTensorData"),
            tensor_name: req!("TfLiteTensorName"),
            tensor_quant: req!("TfLiteTensorQuantizationParams"),
            xnnpack_create: opt!("TfLiteXNNPackDelegateCreate"),
            xnnpack_delete: opt!("TfLiteXNNPackDelegateDelete"),
        };
        // SAFETY: TfLiteVersion returns a static NUL-terminated string.
        let version = unsafe { cstr_lossy((api.version)()) };
        Ok(Runtime {
            api,
            path: path.to_path_buf(),
            version,
            _lib: lib,
        })
    }

    /// The runtime's own version string (`TfLiteVersion()`), e.g. `2.9.0`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The file the library was loaded from (or the bare name given to the system loader).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this library exports the XNNPACK delegate.
    pub fn has_xnnpack(&self) -> bool {
        self.api.xnnpack_create.is_some() && self.api.xnnpack_delete.is_some()
    }
}

/// libloading's error with its cause (the loader's own text, e.g. "invalid ELF header").
fn loader_message(e: &libloading::Error) -> String {
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// SAFETY: `p` must be null or point to a NUL-terminated string.
unsafe fn cstr_lossy(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: per the function contract.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// Collects the messages TFLite reports through the error-reporter callback.
#[derive(Default)]
struct Reporter {
    messages: Mutex<Vec<String>>,
}

impl Reporter {
    fn take(&self) -> String {
        let mut m = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        let s = m.join("; ");
        m.clear();
        if s.is_empty() {
            "no details reported".to_string()
        } else {
            s
        }
    }
}

unsafe extern "C" {
    fn vsnprintf(buf: *mut c_char, n: usize, fmt: *const c_char, args: *mut c_void) -> c_int;
}

/// The error reporter callback. `va_list` is received as a pointer: on x86_64 it is an array
/// that decays to a pointer, on aarch64 a 32-byte struct passed by reference, on armv7 a
/// one-pointer struct. In every case it can be handed on to `vsnprintf` unchanged.
unsafe extern "C" fn report(user: *mut c_void, fmt: *const c_char, args: *mut c_void) {
    if user.is_null() || fmt.is_null() {
        return;
    }
    let mut buf = [0 as c_char; 1024];
    // SAFETY: buf is writable for its length; fmt/args come from TFLite as a printf pair.
    let n = unsafe { vsnprintf(buf.as_mut_ptr(), buf.len(), fmt, args) };
    if n < 0 {
        return;
    }
    // SAFETY: vsnprintf NUL-terminates within the buffer.
    let msg = unsafe { cstr_lossy(buf.as_ptr()) };
    // SAFETY: user is the Reporter owned by the Interpreter, alive for its whole lifetime.
    let reporter = unsafe { &*(user as *const Reporter) };
    if let Ok(mut m) = reporter.messages.lock()
        && m.len() < 32
    {
        m.push(msg.trim().to_string());
    }
}

/// A model loaded from bytes. The bytes are kept alive here because `TfLiteModelCreate`
/// does not copy them.
pub struct Model {
    rt: Arc<Runtime>,
    raw: *mut RawModel,
    _bytes: Vec<u8>,
    path: PathBuf,
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
    raw: *mut RawDelegate,
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
                super::DEFAULT_EDGETPU_LIBRARY
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

/// Element type of a tensor (the subset cbrd uses, others kept by code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorType {
    /// `kTfLiteFloat32`
    Float32,
    /// `kTfLiteUInt8`
    UInt8,
    /// `kTfLiteInt8`
    Int8,
    /// Any other `TfLiteType` code.
    Other(i32),
}

impl TensorType {
    fn from_code(code: c_int) -> TensorType {
        match code {
            1 => TensorType::Float32,
            3 => TensorType::UInt8,
            9 => TensorType::Int8,
            c => TensorType::Other(c),
        }
    }
}

impl std::fmt::Display for TensorType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TensorType::Float32 => f.write_str("float32"),
            TensorType::UInt8 => f.write_str("uint8"),
            TensorType::Int8 => f.write_str("int8"),
            TensorType::Other(c) => write!(f, "TfLiteType({c})"),
        }
    }
}

/// Static facts of a tensor, read from the interpreter.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorInfo {
    /// Tensor name in the model.
    pub name: String,
    /// Element type.
    pub dtype: TensorType,
    /// Dimensions.
    pub shape: Vec<usize>,
    /// Size of the data in bytes.
    pub byte_size: usize,
    /// Affine quantisation `(scale, zero_point)`, if the tensor is quantised.
    pub quant: Option<(f32, i32)>,
}

/// A TFLite interpreter with its model and delegates.
pub struct Interpreter {
    rt: Arc<Runtime>,
    raw: *mut RawInterpreter,
    reporter: Box<Reporter>,
    // Dropped after `raw` is deleted (Drop runs first, then fields in order).
    delegates: Vec<Delegate>,
    model: Arc<Model>,
}

// SAFETY: an interpreter may be moved to another thread; it is never shared (&mut for use).
unsafe impl Send for Interpreter {}

impl Interpreter {
    /// Creates an interpreter with `threads` CPU threads and the given delegates (applied in
    /// order), and allocates its tensors.
    pub fn new(
        model: &Arc<Model>,
        threads: usize,
        delegates: Vec<Delegate>,
    ) -> Result<Interpreter, TfliteError> {
        let rt = model.rt.clone();
        let api = &rt.api;
        let reporter = Box::new(Reporter::default());
        // SAFETY: plain constructor.
        let opts = unsafe { (api.options_create)() };
        if opts.is_null() {
            return Err(TfliteError::InterpreterCreate {
                path: model.path.clone(),
                messages: "TfLiteInterpreterOptionsCreate returned NULL".into(),
            });
        }
        // SAFETY: opts is valid; the reporter box outlives the interpreter (same struct); the
        // delegates outlive it too (dropped after it).
        let raw = unsafe {
            (api.options_set_num_threads)(opts, i32::try_from(threads).unwrap_or(i32::MAX));
            if let Some(set) = api.options_set_error_reporter {
                set(
                    opts,
                    report,
                    (&*reporter as *const Reporter).cast_mut().cast(),
                );
            }
            for d in &delegates {
                (api.options_add_delegate)(opts, d.raw);
            }
            let raw = runtime_log::capture(|| (api.interpreter_create)(model.raw, opts));
            (api.options_delete)(opts);
            raw
        };
        if raw.is_null() {
            return Err(TfliteError::InterpreterCreate {
                path: model.path.clone(),
                messages: reporter.take(),
            });
        }
        let mut it = Interpreter {
            rt,
            raw,
            reporter,
            delegates,
            model: model.clone(),
        };
        // SAFETY: raw is a live interpreter.
        let st = unsafe { (it.rt.api.interpreter_allocate)(it.raw) };
        it.check(st, "TfLiteInterpreterAllocateTensors")?;
        Ok(it)
    }

    fn check(&mut self, status: Status, call: &'static str) -> Result<(), TfliteError> {
        if status == STATUS_OK {
            Ok(())
        } else {
            Err(TfliteError::Status {
                call,
                status,
                messages: self.reporter.take(),
            })
        }
    }

    /// Names of the delegates in use.
    pub fn delegate_names(&self) -> Vec<String> {
        self.delegates
            .iter()
            .map(|d| d.name().to_string())
            .collect()
    }

    /// Number of input tensors.
    pub fn input_count(&self) -> usize {
        // SAFETY: live interpreter.
        usize::try_from(unsafe { (self.rt.api.interpreter_input_count)(self.raw) }).unwrap_or(0)
    }

    /// Number of output tensors.
    pub fn output_count(&self) -> usize {
        // SAFETY: live interpreter.
        usize::try_from(unsafe { (self.rt.api.interpreter_output_count)(self.raw) }).unwrap_or(0)
    }

    fn input_ptr(&self, i: usize) -> Result<*mut RawTensor, TfliteError> {
        if i >= self.input_count() {
            return Err(TfliteError::Tensor(format!(
                "model has no input tensor {i}"
            )));
        }
        // SAFETY: index checked above.
        let t = unsafe { (self.rt.api.interpreter_input)(self.raw, i as i32) };
        if t.is_null() {
            return Err(TfliteError::Tensor(format!("input tensor {i} is NULL")));
        }
        Ok(t)
    }

    fn output_ptr(&self, i: usize) -> Result<*const RawTensor, TfliteError> {
        if i >= self.output_count() {
            return Err(TfliteError::Tensor(format!(
                "model has no output tensor {i}"
            )));
        }
        // SAFETY: index checked above.
        let t = unsafe { (self.rt.api.interpreter_output)(self.raw, i as i32) };
        if t.is_null() {
            return Err(TfliteError::Tensor(format!("output tensor {i} is NULL")));
        }
        Ok(t)
    }

    fn info(&self, t: *const RawTensor) -> TensorInfo {
        let api = &self.rt.api;
        // SAFETY: t is a live tensor of this interpreter.
        unsafe {
            let dims = (0..(api.tensor_num_dims)(t).max(0))
                .map(|d| usize::try_from((api.tensor_dim)(t, d)).unwrap_or(0))
                .collect();
            let q = (api.tensor_quant)(t);
            TensorInfo {
                name: cstr_lossy((api.tensor_name)(t)),
                dtype: TensorType::from_code((api.tensor_type)(t)),
                shape: dims,
                byte_size: (api.tensor_byte_size)(t),
                quant: (q.scale != 0.0).then_some((q.scale, q.zero_point)),
            }
        }
    }

    /// Facts of input tensor `i`.
    pub fn input_info(&self, i: usize) -> Result<TensorInfo, TfliteError> {
        Ok(self.info(self.input_ptr(i)?))
    }

    /// Facts of output tensor `i`.
    pub fn output_info(&self, i: usize) -> Result<TensorInfo, TfliteError> {
        Ok(self.info(self.output_ptr(i)?))
    }

    /// The bytes of input tensor `i`, to be filled before [`Interpreter::invoke`].
    pub fn input_bytes_mut(&mut self, i: usize) -> Result<&mut [u8], TfliteError> {
        let t = self.input_ptr(i)?;
        // SAFETY: t is live; data points to byte_size bytes owned by the interpreter, which is
        // borrowed mutably for the slice's lifetime.
        unsafe {
            let p = (self.rt.api.tensor_data)(t) as *mut u8;
            let n = (self.rt.api.tensor_byte_size)(t);
            if p.is_null() {
                return Err(TfliteError::Tensor(format!(
                    "input tensor {i} has no data buffer"
                )));
            }
            Ok(std::slice::from_raw_parts_mut(p, n))
        }
    }

    /// The bytes of output tensor `i` after [`Interpreter::invoke`].
    pub fn output_bytes(&self, i: usize) -> Result<&[u8], TfliteError> {
        let t = self.output_ptr(i)?;
        // SAFETY: as for input_bytes_mut, shared borrow.
        unsafe {
            let p = (self.rt.api.tensor_data)(t) as *const u8;
            let n = (self.rt.api.tensor_byte_size)(t);
            if p.is_null() {
                return Err(TfliteError::Tensor(format!(
                    "output tensor {i} has no data buffer"
                )));
            }
            Ok(std::slice::from_raw_parts(p, n))
        }
    }

    /// Runs the model.
    pub fn invoke(&mut self) -> Result<(), TfliteError> {
        // SAFETY: live interpreter with allocated tensors.
        let st = unsafe { (self.rt.api.interpreter_invoke)(self.raw) };
        self.check(st, "TfLiteInterpreterInvoke")
    }

    /// The model this interpreter runs.
    pub fn model_path(&self) -> &Path {
        &self.model.path
    }
}

impl Drop for Interpreter {
    fn drop(&mut self) {
        // SAFETY: raw came from TfLiteInterpreterCreate and is deleted once, before the
        // delegates and the model (struct fields) are dropped.
        unsafe { (self.rt.api.interpreter_delete)(self.raw) }
    }
}

/// TensorFlow Lite's own logger writes straight to the process's stderr (`INFO: Created
/// TensorFlow Lite XNNPACK delegate for CPU.`), ignoring `-q`, and TF 2.9 has no call to
/// silence it. The calls that log (delegate and interpreter creation, at start-up) run with
/// file descriptor 2 pointed at a memory file; the lines are then passed to `tracing` at their
/// level (INFO → debug, WARNING → warn, ERROR → error), so `-q`, `-v` and `CBRD_LOG` apply.
/// Anything else written meanwhile (another thread) is copied to stderr unchanged.
mod runtime_log {
    use std::io::{Read, Seek, SeekFrom, Write};
    use std::os::fd::FromRawFd;
    use std::sync::Mutex;

    static REDIRECT: Mutex<()> = Mutex::new(());

    /// Puts fd 2 back when dropped, also if `f` panics.
    struct Restore {
        saved: libc::c_int,
    }

    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: `saved` is a dup of the original fd 2, owned here; C's stdio buffers are
            // flushed before fd 2 changes back.
            unsafe {
                libc::fflush(std::ptr::null_mut());
                libc::dup2(self.saved, 2);
                libc::close(self.saved);
            }
        }
    }

    /// Runs `f` with its writes to stderr captured and forwarded as described above. If the
    /// capture cannot be set up, `f` simply runs.
    pub(super) fn capture<T>(f: impl FnOnce() -> T) -> T {
        let _one_at_a_time = REDIRECT.lock();
        let _ = std::io::stderr().flush();
        // SAFETY: a name literal and no flags that keep it across exec.
        let mem = unsafe { libc::memfd_create(c"cbrd-tflite-log".as_ptr(), libc::MFD_CLOEXEC) };
        if mem < 0 {
            return f();
        }
        // SAFETY: `mem` is a new fd that nothing else owns.
        let mut file = unsafe { std::fs::File::from_raw_fd(mem) };
        // SAFETY: duplicating and replacing fd 2; `Restore` puts it back.
        let saved = unsafe { libc::dup(2) };
        if saved < 0 {
            return f();
        }
        let restore = Restore { saved };
        // SAFETY: as above.
        if unsafe { libc::dup2(mem, 2) } < 0 {
            drop(restore);
            return f();
        }
        let out = f();
        drop(restore);
        let mut text = Vec::new();
        if file.seek(SeekFrom::Start(0)).is_ok() && file.read_to_end(&mut text).is_ok() {
            forward(&String::from_utf8_lossy(&text));
        }
        out
    }

    fn forward(text: &str) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_once(": ") {
                Some(("INFO", m)) => tracing::debug!("TensorFlow Lite: {m}"),
                Some(("WARNING", m)) => tracing::warn!("TensorFlow Lite: {m}"),
                Some(("ERROR", m)) => tracing::error!("TensorFlow Lite: {m}"),
                _ => eprintln!("{line}"),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn writes_to_fd_2_are_captured_and_the_value_returned() {
            let v = super::capture(|| {
                let msg = b"INFO: from the runtime\n";
                // SAFETY: writing a buffer to fd 2.
                unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
                42
            });
            assert_eq!(v, 42);
            // fd 2 is back: a write to it succeeds (the test harness captures it).
            let msg = b"";
            // SAFETY: as above.
            assert_eq!(unsafe { libc::write(2, msg.as_ptr().cast(), 0) }, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_checksums_are_those_that_fetch_tflite_pins() {
        let script = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/fetch-tflite.sh"),
        )
        .unwrap();
        for (arch, var) in [("x86_64", "amd64_sha256="), ("aarch64", "arm64_sha256=")] {
            let pinned = script
                .lines()
                .find_map(|l| l.strip_prefix(var))
                .unwrap_or_else(|| panic!("{var} not in fetch-tflite.sh"));
            let ours = BUNDLED_SHA256.iter().find(|(a, _)| *a == arch).unwrap().1;
            assert_eq!(ours, pinned, "{arch}");
        }
    }
}
