//! Bad `[api]` settings: exit 2 naming the key; a port already taken.

use super::config_text;
use crate::common::*;

#[test]
fn api_config_errors_exit_2_and_name_the_key() {
    let lib = need_tflite!();
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        ("bind = \"0.0.0.0:8080\"", &["api.bind", "api.token"]),
        (
            "bind = \"127.0.0.1:8080\"\ntoken = \"short\"",
            &["api.token", "16"],
        ),
        (
            "token_file = \"missing-token\"",
            &["api.token_file", "missing-token"],
        ),
        (
            "bind = \"nonsense\"\nrate_per_s = 0",
            &["api.bind", "api.rate_per_s"],
        ),
    ];
    for (api, wants) in cases {
        let cfg = tmp.path().join("cbrd.toml");
        std::fs::write(&cfg, config_text(tmp.path(), api, "")).unwrap();
        for cmd in ["check-config", "run"] {
            let o = run(cbrd(&lib).args([cmd, "--config"]).arg(&cfg));
            assert_eq!(code(&o), 2, "{cmd} with {api}: {}", stderr(&o));
            for w in wants {
                assert!(
                    stderr(&o).contains(w),
                    "{cmd} with {api}: {w} not in {}",
                    stderr(&o)
                );
            }
        }
    }
    // A port already taken: the daemon stops at once and names api.bind.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let cfg = tmp.path().join("cbrd.toml");
    std::fs::write(
        &cfg,
        config_text(
            tmp.path(),
            &format!("bind = \"{}\"", taken.local_addr().unwrap()),
            "",
        ),
    )
    .unwrap();
    let o = run(cbrd(&lib).args(["run", "--config"]).arg(&cfg));
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("api.bind"), "{}", stderr(&o));
}
