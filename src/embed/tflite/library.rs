//! Finding, checking and loading the TFLite C library: the look-up order
//! ([`library_candidates`]), the check of a file before `dlopen` (a truncated file would crash
//! the loader; a bundled one must be the runtime cbrd ships) and [`Runtime`], the loaded
//! library with its resolved C API.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use libloading::Library;

use super::TfliteError;
use super::api::{Api, cstr_lossy};

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

/// A loaded TFLite C library.
pub struct Runtime {
    pub(super) api: Api,
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
/// ([`crate::embed::library_file`]), and, in a place where the package puts its runtime, that
/// runtime exactly.
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
    crate::embed::library_file::check(&head, size).map_err(|e| bad(e.to_string()))?;
    if c.bundled {
        let want = BUNDLED_SHA256
            .iter()
            .find(|(arch, _)| *arch == std::env::consts::ARCH)
            .map(|(_, h)| *h);
        let bytes = std::fs::read(&c.path).map_err(|e| bad(format!("cannot read it: {e}")))?;
        let got = crate::embed::sha256_hex(&bytes);
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
pub(super) fn loader_message(e: &libloading::Error) -> String {
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}
