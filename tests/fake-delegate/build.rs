//! Compiles the fake TFLite delegate plugin (`src/fake_delegate.c`) for this cdylib.

fn main() {
    println!("cargo:rerun-if-changed=src/fake_delegate.c");
    println!("cargo:rerun-if-changed=include/tensorflow/lite/c/common.h");
    println!("cargo:rerun-if-changed=include/tensorflow/lite/c/c_api_types.h");
    cc::Build::new()
        .file("src/fake_delegate.c")
        .include("include")
        .std("c11")
        .warnings(true) // -Wall
        .extra_warnings(true) // -Wextra
        .compile("cbrd_fake_delegate_c");
}
