//! Unit tests of validation: defaults, every problem with its key, the API settings, EdgeTPU
//! options and paths relative to the config file.

use std::path::PathBuf;

use super::*;
use crate::decide::Aggregation;
use crate::embed::DEFAULT_EDGETPU_LIBRARY;

fn parse(text: &str) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
        problems: vec![e.to_string()],
    })?;
    raw.validate()
}

#[test]
fn defaults_are_valid() {
    let c = parse("[model]\npath = \"m.tflite\"").unwrap();
    assert_eq!(c.embedder.model, PathBuf::from("m.tflite"));
    assert!(c.embedder.xnnpack);
    assert!(c.embedder.threads >= 1 && c.embedder.threads <= 4);
    assert_eq!(c.matching.aggregation, Aggregation::Max);
    assert_eq!(c.matching.top_k, 3);
    assert_eq!(c.matching.min_score, DEFAULT_MIN_SCORE);
    assert!(c.embedder.edgetpu.is_none());
    assert!(c.thumbnails);
}

#[test]
fn every_problem_is_reported_with_its_key() {
    let err = parse(
        "[model]\npath = \"m\"\ninput_std = 0\n[runtime]\nthreads = 99\n[match]\naggregation = \"avg\"\n\
         top_k = 0\nmin_score = 3\nmin_margin = -1\n[preprocess]\nmax_megapixels = 0",
    )
    .unwrap_err();
    let keys = [
        "model.input_std",
        "runtime.threads",
        "match.aggregation",
        "match.top_k",
        "match.min_score",
        "match.min_margin",
        "preprocess.max_megapixels",
    ];
    assert_eq!(err.problems.len(), keys.len(), "{err}");
    for k in keys {
        assert!(
            err.problems.iter().any(|p| p.starts_with(k)),
            "{k} missing in {err}"
        );
    }
}

#[test]
fn unknown_keys_are_refused_with_their_name() {
    let err = parse("[runtime]\nthread = 2").unwrap_err().to_string();
    assert!(err.contains("thread"), "{err}");
    let err = parse("[matching]\ntop_k = 2").unwrap_err().to_string();
    assert!(err.contains("matching"), "{err}");
}

#[test]
fn api_is_off_by_default_and_loopback_when_on() {
    let c = parse("[model]\npath = \"m\"").unwrap();
    assert!(c.daemon.api.is_none());
    let a = parse("[model]\npath = \"m\"\n[api]\nenabled = true")
        .unwrap()
        .daemon
        .api
        .unwrap();
    assert_eq!(a.bind, "127.0.0.1:8080".parse().unwrap());
    assert_eq!(a.token, None);
    assert_eq!(a.max_body, 16 << 20);
    assert_eq!(a.rate_per_s, 20.0);
    assert_eq!(a.body_budget, 64 << 20);
    assert_eq!(a.max_connections_per_peer, 32);
    assert!(a.allowed_hosts.is_empty() && a.metrics_token.is_none());
}

#[test]
fn api_problems_are_reported_with_their_keys() {
    // (config, key expected in the error); problems are reported even while disabled.
    for (body, key) in [
        ("enabled = true\nbind = \"0.0.0.0:8080\"", "api.bind"),
        ("enabled = true\nbind = \"[::]:8080\"", "api.bind"),
        ("enabled = true\nbind = \"localhost:8080\"", "api.bind"),
        ("enabled = true\nbind = \"8080\"", "api.bind"),
        ("enabled = true\ntoken = \"short\"", "api.token"),
        (
            "token = \"0123456789abcdef\"\ntoken_file = \"t\"",
            "api.token",
        ),
        ("max_body_mb = 0", "api.max_body_mb"),
        ("max_body_mb = 5000", "api.max_body_mb"),
        ("rate_per_s = 0", "api.rate_per_s"),
        ("rate_per_s = -3", "api.rate_per_s"),
        ("bind = \"0.0.0.0:80\"", "api.bind"),
        ("body_budget_mb = 20", "api.body_budget_mb"),
        ("max_body_mb = 4\nbody_budget_mb = 7", "api.body_budget_mb"),
        ("body_budget_mb = 5000", "api.body_budget_mb"),
        (
            "max_connections_per_peer = 0",
            "api.max_connections_per_peer",
        ),
        (
            "max_connections_per_peer = 513",
            "api.max_connections_per_peer",
        ),
        (
            "allowed_hosts = [\"ok.local\", \"bad host\"]",
            "api.allowed_hosts[1]",
        ),
        (
            "allowed_hosts = [\"kiosk.local:8080\"]",
            "api.allowed_hosts[0]",
        ),
        ("allowed_hosts = [\"\"]", "api.allowed_hosts[0]"),
        (
            "token = \"0123456789abcdef\"\nmetrics_token = \"short\"",
            "api.metrics_token",
        ),
        ("metrics_token = \"0123456789abcdef\"", "api.metrics_token"),
        ("rate_per_s = 2000000", "api.rate_per_s"),
    ] {
        let err = parse(&format!("[model]\npath = \"m\"\n[api]\n{body}")).expect_err(body);
        assert_eq!(err.problems.len(), 1, "{body}: {err}");
        assert!(err.problems[0].starts_with(key), "{body}: {err}");
    }
    let err = parse("[api]\nport = 8080").unwrap_err().to_string();
    assert!(err.contains("port"), "{err}");
}

#[test]
fn api_on_the_network_with_a_token() {
    let a = parse(
        "[model]\npath = \"m\"\n[api]\nenabled = true\nbind = \"0.0.0.0:9000\"\n\
         token = \"0123456789abcdef\"\nmax_body_mb = 1\nrate_per_s = 2.5\n\
         metrics_token = \"metrics-0123456789\"\nallowed_hosts = [\"kiosk-3.shop.lan\"]\n\
         body_budget_mb = 8\nmax_connections_per_peer = 4",
    )
    .unwrap()
    .daemon
    .api
    .unwrap();
    assert_eq!(a.bind, "0.0.0.0:9000".parse().unwrap());
    assert_eq!(a.token.as_deref(), Some("0123456789abcdef"));
    assert_eq!(a.max_body, 1 << 20);
    assert_eq!(a.rate_per_s, 2.5);
    assert_eq!(a.metrics_token.as_deref(), Some("metrics-0123456789"));
    assert_eq!(a.allowed_hosts, ["kiosk-3.shop.lan"]);
    assert_eq!(a.body_budget, 8 << 20);
    assert_eq!(a.max_connections_per_peer, 4);
}

#[test]
fn api_token_file_is_read_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("token");
    let mut a = parse(&format!(
        "[model]\npath = \"m\"\n[api]\nenabled = true\nbind = \"0.0.0.0:9000\"\ntoken_file = {:?}",
        f.display().to_string()
    ))
    .unwrap()
    .daemon
    .api
    .unwrap();
    let err = a.clone().resolve_token().unwrap_err().to_string();
    assert!(
        err.contains("api.token_file") && err.contains(&f.display().to_string()),
        "{err}"
    );
    std::fs::write(&f, "tooshort\n").unwrap();
    let err = a.clone().resolve_token().unwrap_err().to_string();
    assert!(err.contains("8 characters"), "{err}");
    std::fs::write(&f, "  0123456789abcdef0123  \nsecond line\n").unwrap();
    a.resolve_token().unwrap();
    assert_eq!(a.token.as_deref(), Some("0123456789abcdef0123"));
}

#[test]
fn edgetpu_defaults() {
    let c = parse("[model]\npath = \"m\"\n[edgetpu]\nenabled = true").unwrap();
    let tpu = c.embedder.edgetpu.unwrap();
    assert_eq!(tpu.library, PathBuf::from(DEFAULT_EDGETPU_LIBRARY));
    assert_eq!(tpu.options, vec![("device".to_string(), "usb".to_string())]);
    let c =
        parse("[model]\npath = \"m\"\n[edgetpu]\nenabled = true\noptions = { device = \"pci:0\" }")
            .unwrap();
    assert_eq!(
        c.embedder.edgetpu.unwrap().options,
        vec![("device".into(), "pci:0".into())]
    );
}

#[test]
fn relative_paths_follow_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.toml");
    std::fs::write(
        &f,
        "[model]\npath = \"m.tflite\"\n[index]\npath = \"/abs/idx\"",
    )
    .unwrap();
    let raw = RawConfig::from_file(&f).unwrap();
    assert_eq!(raw.model.path.unwrap(), dir.path().join("m.tflite"));
    assert_eq!(raw.index.path.unwrap(), PathBuf::from("/abs/idx"));
    let err = RawConfig::from_file(&dir.path().join("missing.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.toml"), "{err}");
}
