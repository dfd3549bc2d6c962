//! Fake V4L2 camera and GPIO chip for cbrd's tests, as an `LD_PRELOAD` library.
//!
//! `build.rs` compiles `src/fake_devices.c`, which implements everything: a capture device at
//! `/dev/video9` and a GPIO character device at `/dev/gpiochip9` (by default), driven by
//! `CBRD_FAKE_*` environment variables, so that the unmodified `v4l` and `gpio-cdev` crates (and
//! cbrd through them) run against it on a machine without such devices. See `README.md` beside
//! this file for the protocol.
//!
//! The only Rust here are the exported libc symbols, forwarding to the C code. A Rust `cdylib`
//! exports only the symbols that Rust itself defines (rustc's linker version script makes all
//! others local, and archive members nothing references are not even linked), so the C
//! functions (`cbrd_fake_open`, ...) cannot be exported directly.
//!
//! # Variadic functions
//!
//! `open`, `open64`, `openat`, `openat64`, `ioctl` and `syscall` are variadic in C, and stable
//! Rust cannot define a variadic function. They are defined here as ordinary `extern "C"`
//! functions taking the fixed parameters plus as many integer/pointer parameters as the variadic
//! part can hold. That is ABI-compatible with variadic callers on the Linux ABIs this is used on,
//! for integer and pointer arguments only (which is all these functions ever take):
//!
//! - x86_64 (System V): arguments of a variadic call are assigned to `rdi, rsi, rdx, rcx, r8, r9`
//!   and then the stack exactly as for a prototyped call; the only extra is `al` (an upper bound
//!   on the vector registers used), which a non-variadic callee ignores. The caller pops the stack
//!   arguments. `syscall` has 7 parameters, the 7th is read from the caller's outgoing-argument
//!   area at `8(%rsp)`; when the caller passed fewer arguments the value is garbage but readable,
//!   and it is only handed on to the real `syscall`, which does the very same load.
//! - AArch64 (AAPCS64 as used by Linux, not Apple's variant): variadic arguments go in `x0`-`x7`
//!   like named ones, so all 7 parameters are in registers.
//! - The same holds for 32-bit ARM (AAPCS, core registers then stack) and i386 (all on the
//!   stack), but only x86_64 and AArch64 are tested.
//!
//! A 32-bit value passed through `...` (an `int` fd, `mode_t`) may leave the upper half of its
//! 64-bit register undefined: the parameters are therefore declared with their 32-bit types where
//! the prototype fixes them (`mode: c_uint`), and the C code truncates `syscall`'s `c_long`
//! arguments to `int`/`unsigned int` before interpreting them, as the kernel does.

#[cfg(target_os = "linux")]
mod exports {
    use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};

    /// `struct pollfd`.
    #[repr(C)]
    pub struct PollFd {
        fd: c_int,
        events: i16,
        revents: i16,
    }

    unsafe extern "C" {
        fn cbrd_fake_open(path: *const c_char, flags: c_int, mode: c_uint) -> c_int;
        fn cbrd_fake_open64(path: *const c_char, flags: c_int, mode: c_uint) -> c_int;
        fn cbrd_fake_openat(dirfd: c_int, path: *const c_char, flags: c_int, mode: c_uint)
        -> c_int;
        fn cbrd_fake_openat64(
            dirfd: c_int,
            path: *const c_char,
            flags: c_int,
            mode: c_uint,
        ) -> c_int;
        fn cbrd_fake_open_2(path: *const c_char, flags: c_int) -> c_int;
        fn cbrd_fake_open64_2(path: *const c_char, flags: c_int) -> c_int;
        fn cbrd_fake_openat_2(dirfd: c_int, path: *const c_char, flags: c_int) -> c_int;
        fn cbrd_fake_openat64_2(dirfd: c_int, path: *const c_char, flags: c_int) -> c_int;
        fn cbrd_fake_close(fd: c_int) -> c_int;
        fn cbrd_fake_ioctl(fd: c_int, request: c_ulong, arg: *mut c_void) -> c_int;
        fn cbrd_fake_syscall(
            n: c_long,
            a1: c_long,
            a2: c_long,
            a3: c_long,
            a4: c_long,
            a5: c_long,
            a6: c_long,
        ) -> c_long;
        fn cbrd_fake_mmap(
            addr: *mut c_void,
            len: usize,
            prot: c_int,
            flags: c_int,
            fd: c_int,
            offset: c_long,
        ) -> *mut c_void;
        fn cbrd_fake_mmap64(
            addr: *mut c_void,
            len: usize,
            prot: c_int,
            flags: c_int,
            fd: c_int,
            offset: i64,
        ) -> *mut c_void;
        fn cbrd_fake_read(fd: c_int, buf: *mut c_void, n: usize) -> isize;
        fn cbrd_fake_read_chk(fd: c_int, buf: *mut c_void, n: usize, buflen: usize) -> isize;
        fn cbrd_fake_poll(fds: *mut PollFd, nfds: c_ulong, timeout: c_int) -> c_int;
        fn cbrd_fake_poll_chk(
            fds: *mut PollFd,
            nfds: c_ulong,
            timeout: c_int,
            fdslen: usize,
        ) -> c_int;
    }

    /// `int open(const char *path, int flags, ... /* mode_t mode */)`.
    ///
    /// # Safety
    /// As for libc's `open`; `mode` is only read when `flags` asks to create a file.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn open(path: *const c_char, flags: c_int, mode: c_uint) -> c_int {
        // SAFETY: forwarded unchanged under the caller's guarantees (same for all below).
        unsafe { cbrd_fake_open(path, flags, mode) }
    }

    /// `int open64(const char *path, int flags, ... /* mode_t mode */)`.
    ///
    /// # Safety
    /// As for libc's `open64`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn open64(path: *const c_char, flags: c_int, mode: c_uint) -> c_int {
        unsafe { cbrd_fake_open64(path, flags, mode) }
    }

    /// `int openat(int dirfd, const char *path, int flags, ... /* mode_t mode */)`.
    ///
    /// # Safety
    /// As for libc's `openat`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn openat(
        dirfd: c_int,
        path: *const c_char,
        flags: c_int,
        mode: c_uint,
    ) -> c_int {
        unsafe { cbrd_fake_openat(dirfd, path, flags, mode) }
    }

    /// `int openat64(int dirfd, const char *path, int flags, ... /* mode_t mode */)`.
    ///
    /// # Safety
    /// As for libc's `openat64`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn openat64(
        dirfd: c_int,
        path: *const c_char,
        flags: c_int,
        mode: c_uint,
    ) -> c_int {
        unsafe { cbrd_fake_openat64(dirfd, path, flags, mode) }
    }

    /// `int __open_2(const char *path, int flags)` (what `_FORTIFY_SOURCE` C code calls).
    ///
    /// # Safety
    /// As for glibc's `__open_2`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __open_2(path: *const c_char, flags: c_int) -> c_int {
        unsafe { cbrd_fake_open_2(path, flags) }
    }

    /// `int __open64_2(const char *path, int flags)`.
    ///
    /// # Safety
    /// As for glibc's `__open64_2`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __open64_2(path: *const c_char, flags: c_int) -> c_int {
        unsafe { cbrd_fake_open64_2(path, flags) }
    }

    /// `int __openat_2(int dirfd, const char *path, int flags)`.
    ///
    /// # Safety
    /// As for glibc's `__openat_2`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __openat_2(dirfd: c_int, path: *const c_char, flags: c_int) -> c_int {
        unsafe { cbrd_fake_openat_2(dirfd, path, flags) }
    }

    /// `int __openat64_2(int dirfd, const char *path, int flags)`.
    ///
    /// # Safety
    /// As for glibc's `__openat64_2`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __openat64_2(
        dirfd: c_int,
        path: *const c_char,
        flags: c_int,
    ) -> c_int {
        unsafe { cbrd_fake_openat64_2(dirfd, path, flags) }
    }

    /// `int close(int fd)`.
    ///
    /// # Safety
    /// As for libc's `close`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn close(fd: c_int) -> c_int {
        unsafe { cbrd_fake_close(fd) }
    }

    /// `int ioctl(int fd, unsigned long request, ...)` (glibc's prototype).
    ///
    /// # Safety
    /// As for libc's `ioctl`: `arg` must be what `request` expects.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn ioctl(fd: c_int, request: c_ulong, arg: *mut c_void) -> c_int {
        unsafe { cbrd_fake_ioctl(fd, request, arg) }
    }

    /// `long syscall(long number, ...)`: the `v4l` crate issues its ioctls as
    /// `syscall(SYS_ioctl, fd, request, arg)`. Everything else goes to the real `syscall`.
    ///
    /// # Safety
    /// As for libc's `syscall`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn syscall(
        n: c_long,
        a1: c_long,
        a2: c_long,
        a3: c_long,
        a4: c_long,
        a5: c_long,
        a6: c_long,
    ) -> c_long {
        unsafe { cbrd_fake_syscall(n, a1, a2, a3, a4, a5, a6) }
    }

    /// `void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)`.
    ///
    /// # Safety
    /// As for libc's `mmap`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn mmap(
        addr: *mut c_void,
        len: usize,
        prot: c_int,
        flags: c_int,
        fd: c_int,
        offset: c_long,
    ) -> *mut c_void {
        unsafe { cbrd_fake_mmap(addr, len, prot, flags, fd, offset) }
    }

    /// `void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t offset)`.
    ///
    /// # Safety
    /// As for libc's `mmap64`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn mmap64(
        addr: *mut c_void,
        len: usize,
        prot: c_int,
        flags: c_int,
        fd: c_int,
        offset: i64,
    ) -> *mut c_void {
        unsafe { cbrd_fake_mmap64(addr, len, prot, flags, fd, offset) }
    }

    /// `int poll(struct pollfd *fds, nfds_t nfds, int timeout)`.
    ///
    /// # Safety
    /// As for libc's `poll`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn poll(fds: *mut PollFd, nfds: c_ulong, timeout: c_int) -> c_int {
        unsafe { cbrd_fake_poll(fds, nfds, timeout) }
    }

    /// `int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout, size_t fdslen)`.
    ///
    /// # Safety
    /// As for glibc's `__poll_chk`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __poll_chk(
        fds: *mut PollFd,
        nfds: c_ulong,
        timeout: c_int,
        fdslen: usize,
    ) -> c_int {
        unsafe { cbrd_fake_poll_chk(fds, nfds, timeout, fdslen) }
    }

    /// `ssize_t read(int fd, void *buf, size_t n)`: fails with `EINVAL` on a fake video fd or
    /// GPIO line handle (neither supports `read`), passes everything else through.
    ///
    /// # Safety
    /// As for libc's `read`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn read(fd: c_int, buf: *mut c_void, n: usize) -> isize {
        unsafe { cbrd_fake_read(fd, buf, n) }
    }

    /// `ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)`.
    ///
    /// # Safety
    /// As for glibc's `__read_chk`.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __read_chk(
        fd: c_int,
        buf: *mut c_void,
        n: usize,
        buflen: usize,
    ) -> isize {
        unsafe { cbrd_fake_read_chk(fd, buf, n, buflen) }
    }
}
