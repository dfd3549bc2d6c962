//! Validation of `[api]` into [`ApiSettings`] (`None` while `api.enabled` is false). Its
//! problems are reported even while the API is disabled.

use std::net::SocketAddr;

use super::Problems;
use crate::api::ApiSettings;
use crate::config::RawConfig;
use crate::config::defaults;

impl RawConfig {
    pub(super) fn validate_api(&self, problems: &mut Problems) -> Option<ApiSettings> {
        let a = &self.api;
        let bind_text = a.bind.clone().unwrap_or_else(|| defaults::API_BIND.into());
        let bind = match bind_text.parse::<SocketAddr>() {
            Ok(b) => Some(b),
            Err(_) => {
                problems.push(
                    "api.bind",
                    format!(
                        "must be an IP address and port such as \"127.0.0.1:8080\" or \"0.0.0.0:8080\", got {bind_text:?}"
                    ),
                );
                None
            }
        };
        let token = a.token.clone().filter(|t| !t.is_empty());
        let token_file = a.token_file.clone().filter(|p| !p.as_os_str().is_empty());
        if token.is_some() && token_file.is_some() {
            problems.push(
                "api.token",
                "set either api.token or api.token_file, not both",
            );
        }
        if let Some(t) = &token
            && t.len() < 16
        {
            problems.push(
                "api.token",
                format!(
                    "is too short ({} characters); use at least 16, e.g. from `openssl rand -hex 16`",
                    t.len()
                ),
            );
        }
        if let Some(b) = bind
            && !b.ip().is_loopback()
            && token.is_none()
            && token_file.is_none()
        {
            problems.push(
                "api.bind",
                format!(
                    "{b} is reachable from other machines; set api.token or api.token_file too (or bind to 127.0.0.1)"
                ),
            );
        }
        let max_body_mb = a.max_body_mb.unwrap_or(defaults::API_MAX_BODY_MB);
        if !(max_body_mb > 0.0 && max_body_mb <= 1024.0) {
            problems.push(
                "api.max_body_mb",
                format!("must be in (0, 1024], got {max_body_mb}"),
            );
        }
        let budget_mb = a.body_budget_mb.unwrap_or(defaults::API_BODY_BUDGET_MB);
        // Against a valid api.max_body_mb only: one mistake, one problem.
        let min_budget = if max_body_mb > 0.0 && max_body_mb <= 1024.0 {
            2.0 * max_body_mb
        } else {
            0.0
        };
        if !(budget_mb <= 4096.0 && budget_mb >= min_budget && budget_mb > 0.0) {
            problems.push(
                "api.body_budget_mb",
                format!(
                    "must be at least twice api.max_body_mb ({}) and at most 4096, got {budget_mb} (a body is held twice while it is parsed)",
                    min_budget
                ),
            );
        }
        let rate = a.rate_per_s.unwrap_or(defaults::API_RATE_PER_S);
        if !(rate > 0.0 && rate <= 1_000_000.0) {
            problems.push(
                "api.rate_per_s",
                format!("must be in (0, 1000000], got {rate}"),
            );
        }
        let per_peer = a
            .max_connections_per_peer
            .unwrap_or(defaults::API_MAX_CONNECTIONS_PER_PEER);
        let max_conns = crate::api::MAX_CONNECTIONS as i64;
        if !(1..=max_conns).contains(&per_peer) {
            problems.push(
                "api.max_connections_per_peer",
                format!("must be in 1..={max_conns}, got {per_peer}"),
            );
        }
        let metrics_token = a.metrics_token.clone().filter(|t| !t.is_empty());
        if let Some(t) = &metrics_token {
            if t.len() < 16 {
                problems.push(
                    "api.metrics_token",
                    format!("is too short ({} characters); use at least 16", t.len()),
                );
            }
            if token.is_none() && token_file.is_none() {
                problems.push(
                    "api.metrics_token",
                    "has no effect without api.token or api.token_file (without a token, /metrics needs none)",
                );
            }
        }
        let allowed_hosts = a.allowed_hosts.clone().unwrap_or_default();
        for (i, h) in allowed_hosts.iter().enumerate() {
            let ok = !h.is_empty()
                && h.len() <= 253
                && h.split('.').all(|l| {
                    !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            if !ok {
                problems.push(
                    &format!("api.allowed_hosts[{i}]"),
                    format!(
                        "{h:?} is not a host name (letters, digits, '-' and '.', no port, e.g. \"kiosk-3.local\")"
                    ),
                );
            }
        }
        if !a.enabled.unwrap_or(defaults::API_ENABLED) {
            return None;
        }
        Some(ApiSettings {
            bind: bind?,
            token,
            token_file,
            metrics_token,
            allowed_hosts,
            max_body: (max_body_mb.clamp(0.001, 1024.0) * 1024.0 * 1024.0) as usize,
            body_budget: (budget_mb.clamp(0.002, 4096.0) * 1024.0 * 1024.0) as usize,
            rate_per_s: rate.clamp(0.001, 1_000_000.0),
            max_connections_per_peer: per_peer.clamp(1, max_conns) as usize,
        })
    }
}
