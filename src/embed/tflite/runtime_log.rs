//! TensorFlow Lite's own logger writes straight to the process's stderr (`INFO: Created
//! TensorFlow Lite XNNPACK delegate for CPU.`), ignoring `-q`, and TF 2.9 has no call to
//! silence it. The calls that log (delegate and interpreter creation, at start-up) run with
//! file descriptor 2 pointed at a memory file; the lines are then passed to `tracing` at their
//! level (INFO → debug, WARNING → warn, ERROR → error), so `-q`, `-v` and `CBRD_LOG` apply.
//! Anything else written meanwhile (another thread) is copied to stderr unchanged.

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
