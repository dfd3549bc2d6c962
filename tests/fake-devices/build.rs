//! Compiles the fake devices (`src/fake_devices.c`) for this cdylib (Linux only: elsewhere the
//! library is empty, so that a workspace build still works).

fn main() {
    println!("cargo:rerun-if-changed=src/fake_devices.c");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    cc::Build::new()
        .file("src/fake_devices.c")
        .std("c11")
        .warnings(true) // -Wall
        .extra_warnings(true) // -Wextra
        .compile("cbrd_fake_devices_c");
    // dlsym (libdl) and pthreads: part of libc since glibc 2.34, separate libraries before.
    println!("cargo:rustc-link-lib=dl");
    println!("cargo:rustc-link-lib=pthread");
}
