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
        let rate = a.rate_per_s.unwrap_or(defaults::API_RATE_PER_S);
        if !(rate > 0.0 && rate <= 10_000.0) {
            problems.push(
                "api.rate_per_s",
                format!("must be in (0, 10000], got {rate}"),
            );
        }
        if !a.enabled.unwrap_or(defaults::API_ENABLED) {
            return None;
        }
        Some(ApiSettings {
            bind: bind?,
            token,
            token_file,
            max_body: (max_body_mb.clamp(0.001, 1024.0) * 1024.0 * 1024.0) as usize,
            rate_per_s: rate.clamp(0.001, 10_000.0),
        })
    }
}
