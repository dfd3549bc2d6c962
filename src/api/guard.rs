//! What stands between a request and the handlers: the bearer token comparison, the per-client
//! rate limit and the browser checks (cross-site requests, DNS rebinding).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::ApiError;
use super::http::{Method, Request as HttpRequest};

/// Constant-time equality of two secrets (compares their SHA-256 digests, so neither the
/// content nor the length leaks through timing).
pub fn secret_eq(a: &[u8], b: &[u8]) -> bool {
    let (x, y) = (Sha256::digest(a), Sha256::digest(b));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

/// Token buckets per client address.
#[derive(Debug)]
pub(super) struct RateLimiter {
    pub(super) rate: f64,
    pub(super) burst: f64,
    pub(super) buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    pub(super) fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(mut b) = self.buckets.lock() else {
            return true;
        };
        if b.len() > 4096 {
            b.retain(|_, (_, t)| now.duration_since(*t) < Duration::from_secs(60));
        }
        let (tokens, last) = b.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Checks that a mutating request is not a browser being abused by another web site.
///
/// * Cross-site requests: a browser sends `Origin` with every cross-origin POST/PATCH/DELETE;
///   it must name the host the request was sent to (the operator page itself).
/// * DNS rebinding (a site whose name resolves to 127.0.0.1): without a token, the `Host` must
///   be a loopback name or address.
/// * JSON bodies must say so (`Content-Type: application/json`), which a cross-site form or
///   `no-cors` fetch cannot send without a CORS preflight (that this server never grants).
pub(super) fn browser_guard(req: &HttpRequest, has_token: bool) -> Result<(), ApiError> {
    let host = req.header("Host").unwrap_or("");
    if let Some(origin) = req.header("Origin") {
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'))
            .unwrap_or("");
        if !origin_host.eq_ignore_ascii_case(host) {
            return Err(ApiError::new(
                403,
                format!("cross-origin request from {origin:?} refused"),
            ));
        }
    }
    if !has_token && !loopback_host(host) {
        return Err(ApiError::new(
            403,
            format!(
                "Host {host:?} is not a loopback address; without api.token only \
                 http://127.0.0.1 / http://localhost may change the catalogue"
            ),
        ));
    }
    let json_body =
        matches!(req.method, Method::Post | Method::Patch) && req.path() != "/v1/classify";
    if json_body
        && !req
            .header("Content-Type")
            .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"))
    {
        return Err(ApiError::new(
            415,
            "send the request body as Content-Type: application/json",
        ));
    }
    Ok(())
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
pub(super) fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
