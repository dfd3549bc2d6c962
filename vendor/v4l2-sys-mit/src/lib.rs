//! Raw `linux/videodev2.h` bindings for the `v4l` crate: the API of v4l2-sys-mit 0.3.0, with
//! the bindings generated once by `generate.sh` and checked in instead of by a build script.
//! Arch-independent: only v4l2 types and V4L2_ constants, fixed-width integers, `timeval` and
//! `timespec` from `libc`. The layout tests compare every struct with the C compiler's view
//! of it, per pointer width.
#![allow(clippy::all)]
#![allow(deref_nullptr)]
#![allow(non_camel_case_types)]
#![allow(non_snake_case)]
#![allow(non_upper_case_globals)]

include!("bindings.rs");

#[cfg(all(test, target_pointer_width = "64"))]
mod layout_64 {
    use super::*;
    include!("layout_64.rs");
}

#[cfg(all(test, target_pointer_width = "32", target_arch = "arm"))]
mod layout_32 {
    use super::*;
    include!("layout_32.rs");
}
