//! The error-reporter callback that TFLite calls with printf-style messages, and the
//! [`Reporter`] that collects them for [`super::TfliteError`]s.

use std::ffi::{c_char, c_int, c_void};
use std::sync::Mutex;

use super::api::cstr_lossy;

/// Collects the messages TFLite reports through the error-reporter callback.
#[derive(Default)]
pub(super) struct Reporter {
    messages: Mutex<Vec<String>>,
}

impl Reporter {
    pub(super) fn take(&self) -> String {
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
pub(super) unsafe extern "C" fn report(user: *mut c_void, fmt: *const c_char, args: *mut c_void) {
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
