//! A fake EdgeTPU delegate for cbrd's tests.
//!
//! `build.rs` compiles `src/fake_delegate.c`, a TensorFlow Lite *external delegate plugin* in the
//! style of Coral's libedgetpu, into `libcbrd_fake_delegate.so`. The delegate claims every
//! `edgetpu-custom-op` node of a model and runs it as an identity (first input copied to first
//! output), logging each event to the file named by its `log` option, so that tests can check how
//! cbrd drives a delegate plugin without an EdgeTPU. See `README.md` beside this file for the
//! option and log protocol.
//!
//! The only Rust here are the two exported plugin entry points, which forward to the C code: a
//! Rust `cdylib` exports only the symbols that Rust itself defines (the linker's version script
//! hides those of linked C archives), so the C functions cannot be exported directly.

use std::ffi::{c_char, c_void};

unsafe extern "C" {
    fn cbrd_fake_create_delegate(
        keys: *const *const c_char,
        values: *const *const c_char,
        num_options: usize,
        report_error: Option<unsafe extern "C" fn(*const c_char)>,
    ) -> *mut c_void;
    fn cbrd_fake_destroy_delegate(delegate: *mut c_void);
}

/// `TfLiteDelegate* tflite_plugin_create_delegate(char** keys, char** values, size_t num_options,
/// void (*report_error)(const char*))`.
///
/// # Safety
/// `keys` and `values` must point to `num_options` NUL-terminated strings each.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tflite_plugin_create_delegate(
    keys: *const *const c_char,
    values: *const *const c_char,
    num_options: usize,
    report_error: Option<unsafe extern "C" fn(*const c_char)>,
) -> *mut c_void {
    // SAFETY: forwarded unchanged under the caller's guarantees.
    unsafe { cbrd_fake_create_delegate(keys, values, num_options, report_error) }
}

/// `void tflite_plugin_destroy_delegate(TfLiteDelegate* delegate)`.
///
/// # Safety
/// `delegate` must be NULL or come from [`tflite_plugin_create_delegate`], and no interpreter may
/// still use it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tflite_plugin_destroy_delegate(delegate: *mut c_void) {
    // SAFETY: as above.
    unsafe { cbrd_fake_destroy_delegate(delegate) }
}
