use std::path::Path;

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
