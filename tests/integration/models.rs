//! models/manifest.json describes the committed models truthfully.

use crate::common::*;

#[test]
fn manifest_matches_the_model_files_and_the_runtime() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("models/manifest.json")).unwrap())
            .unwrap();
    let models = manifest["models"].as_object().unwrap();
    assert_eq!(models.len(), 2);
    let defaults: Vec<&String> = models
        .iter()
        .filter(|(_, m)| m["default"] == true)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        defaults,
        vec!["efficientnet_lite0_int8.tflite"],
        "int8 is the default model"
    );
    for (name, m) in models {
        let bytes = std::fs::read(repo("models").join(name)).unwrap();
        assert_eq!(m["bytes"].as_u64().unwrap(), bytes.len() as u64, "{name}");
        assert_eq!(
            m["sha256"].as_str().unwrap(),
            cbrd::embed::sha256_hex(&bytes),
            "{name}"
        );
    }
    let lib = tflite_lib();
    for (name, m) in models {
        let info = ok(cbrd(&lib).args(["--model", &format!("models/{name}"), "info"]));
        let dtype = m["input"]["dtype"].as_str().unwrap();
        assert!(
            info.contains(&format!("input:      [1, 224, 224, 3] {dtype}")),
            "{name}: {info}"
        );
        let out = m["output"]["dtype"].as_str().unwrap();
        assert!(
            info.contains(&format!("output:     [1, 1280] {out}")),
            "{name}: {info}"
        );
        assert!(
            info.contains(&m["sha256"].as_str().unwrap().to_string()),
            "{name}"
        );
    }
}
