//! The C side of the FFI: the opaque TFLite types, the by-value structs and the table of
//! C API function pointers that [`super::Runtime::open`] resolves from the library.

use std::ffi::{CStr, c_char, c_int, c_void};

pub(super) type Status = c_int;
pub(super) const STATUS_OK: Status = 0;

/// Opaque TFLite objects.
#[repr(C)]
pub struct RawModel {
    _p: [u8; 0],
}
#[repr(C)]
pub(super) struct RawOptions {
    _p: [u8; 0],
}
#[repr(C)]
pub(super) struct RawInterpreter {
    _p: [u8; 0],
}
#[repr(C)]
pub(super) struct RawTensor {
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
pub(super) struct RawQuant {
    pub(super) scale: f32,
    pub(super) zero_point: i32,
}

pub(super) type ReporterFn =
    unsafe extern "C" fn(user: *mut c_void, fmt: *const c_char, args: *mut c_void);

/// Function pointers resolved from the library. Copied out of their `Symbol`s; valid as long
/// as `_lib` is loaded, which every user guarantees by holding an `Arc<Runtime>`.
pub(super) struct Api {
    pub(super) version: unsafe extern "C" fn() -> *const c_char,
    pub(super) model_create: unsafe extern "C" fn(*const c_void, usize) -> *mut RawModel,
    pub(super) model_delete: unsafe extern "C" fn(*mut RawModel),
    pub(super) options_create: unsafe extern "C" fn() -> *mut RawOptions,
    pub(super) options_set_num_threads: unsafe extern "C" fn(*mut RawOptions, i32),
    pub(super) options_add_delegate: unsafe extern "C" fn(*mut RawOptions, *mut RawDelegate),
    pub(super) options_set_error_reporter:
        Option<unsafe extern "C" fn(*mut RawOptions, ReporterFn, *mut c_void)>,
    pub(super) options_delete: unsafe extern "C" fn(*mut RawOptions),
    pub(super) interpreter_create:
        unsafe extern "C" fn(*const RawModel, *const RawOptions) -> *mut RawInterpreter,
    pub(super) interpreter_delete: unsafe extern "C" fn(*mut RawInterpreter),
    pub(super) interpreter_allocate: unsafe extern "C" fn(*mut RawInterpreter) -> Status,
    pub(super) interpreter_invoke: unsafe extern "C" fn(*mut RawInterpreter) -> Status,
    pub(super) interpreter_input_count: unsafe extern "C" fn(*const RawInterpreter) -> i32,
    pub(super) interpreter_input:
        unsafe extern "C" fn(*const RawInterpreter, i32) -> *mut RawTensor,
    pub(super) interpreter_output_count: unsafe extern "C" fn(*const RawInterpreter) -> i32,
    pub(super) interpreter_output:
        unsafe extern "C" fn(*const RawInterpreter, i32) -> *const RawTensor,
    pub(super) tensor_type: unsafe extern "C" fn(*const RawTensor) -> c_int,
    pub(super) tensor_num_dims: unsafe extern "C" fn(*const RawTensor) -> i32,
    pub(super) tensor_dim: unsafe extern "C" fn(*const RawTensor, i32) -> i32,
    pub(super) tensor_byte_size: unsafe extern "C" fn(*const RawTensor) -> usize,
    pub(super) tensor_data: unsafe extern "C" fn(*const RawTensor) -> *mut c_void,
    pub(super) tensor_name: unsafe extern "C" fn(*const RawTensor) -> *const c_char,
    pub(super) tensor_quant: unsafe extern "C" fn(*const RawTensor) -> RawQuant,
    pub(super) xnnpack_create: Option<unsafe extern "C" fn(*const c_void) -> *mut RawDelegate>,
    pub(super) xnnpack_delete: Option<unsafe extern "C" fn(*mut RawDelegate)>,
}

/// SAFETY: `p` must be null or point to a NUL-terminated string.
pub(super) unsafe fn cstr_lossy(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: per the function contract.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}
