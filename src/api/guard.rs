//! What stands between a request and the handlers, in the order [`super::handle`] applies
//! them: the per-client rate limit, the `Host` and `Origin` checks (DNS rebinding, cross-site
//! requests; every request, reads included), the token (every route but the page shell) and,
//! for changes, the body's content type. Pure: a request head and the settings in, a verdict
//! out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::{ApiError, ApiSettings, Head, Method};
use crate::board::metrics::Refusal;

/// The cookie the operator page's session is kept in (`POST /v1/session`): `HttpOnly`, so the
/// page's script cannot read it, and `SameSite=Strict`, so no other site's page can send it.
pub const SESSION_COOKIE: &str = "cbrd_session";

/// A refusal: the error to answer with and the reason it is counted under.
pub(super) type Refused = (ApiError, Refusal);

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

/// The session cookie's value for `token`: a digest, so that the cookie jar never holds the
/// token itself (the cookie still grants what the token grants, until the token changes).
pub(super) fn session_value(token: &str) -> String {
    let d = Sha256::digest(format!("cbrd-session\0{token}").as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// `Host` (and `Origin`, when a browser sends one) must name this daemon: a loopback name or
/// address, the bind address (any IP address when bound to all of them: a rebinding page
/// can only ever send its own *name*), or a name in `api.allowed_hosts`. A page on another
/// site that resolves its name to this device (DNS rebinding) gets 421 and no data.
pub(super) fn host_guard(head: &Head, settings: &ApiSettings) -> Result<(), Refused> {
    let host = head.header("host").unwrap_or("");
    let foreign = |why: String| (ApiError::new(421, why), Refusal::ForeignHost);
    let Some(name) = split_host(host) else {
        return Err(foreign(format!(
            "Host {host:?} is not a host name with an optional numeric port"
        )));
    };
    if !known_host(name, settings) {
        return Err(foreign(format!(
            "Host {host:?} is not this daemon's name; use http://{}/ or add the name to api.allowed_hosts",
            settings.bind
        )));
    }
    if let Some(origin) = head.header("origin") {
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'))
            .unwrap_or("");
        if !origin_host.eq_ignore_ascii_case(host) {
            return Err((
                ApiError::new(403, format!("cross-origin request from {origin:?} refused")),
                Refusal::CrossOrigin,
            ));
        }
    }
    Ok(())
}

/// The name of `name[:port]` or `[v6][:port]`; None when the port is not a number.
fn split_host(host: &str) -> Option<&str> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        match after {
            "" => (name, None),
            p => (name, Some(p.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    if name.is_empty()
        || port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(name)
}

fn known_host(name: &str, settings: &ApiSettings) -> bool {
    let name = name.trim_end_matches('.');
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(ip) = name.parse::<IpAddr>() {
        let bound = settings.bind.ip();
        return ip.is_loopback() || bound.is_unspecified() || ip == bound;
    }
    settings
        .allowed_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// The routes of the page shell: the only ones served without the token (they hold no data).
pub(super) fn is_shell(method: Method, path: &str) -> bool {
    method == Method::Get && matches!(path, "/" | "/app.js" | "/style.css")
}

/// With `api.token` set, every route but the page shell needs it: as `Authorization: Bearer`,
/// or as the session cookie. `/metrics` also takes `api.metrics_token`.
pub(super) fn token_guard(
    head: &Head,
    settings: &ApiSettings,
    session: Option<&str>,
) -> Result<(), Refused> {
    let Some(token) = &settings.token else {
        return Ok(());
    };
    if is_shell(head.method, &head.path) {
        return Ok(());
    }
    let bearer = head
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let mut ok = bearer.is_some_and(|b| secret_eq(b.as_bytes(), token.as_bytes()));
    if !ok
        && head.path == "/metrics"
        && let (Some(b), Some(m)) = (bearer, &settings.metrics_token)
    {
        ok = secret_eq(b.as_bytes(), m.as_bytes());
    }
    if !ok
        && let Some(session) = session
        && let Some(c) = cookie(head, SESSION_COOKIE)
    {
        ok = secret_eq(c.as_bytes(), session.as_bytes());
    }
    if ok {
        return Ok(());
    }
    Err((
        ApiError::new(
            401,
            "a valid token is required (Authorization: Bearer <api.token>, or the operator page's session)",
        ),
        Refusal::Unauthorized,
    ))
}

/// The value of cookie `name` in the `Cookie` headers.
fn cookie<'a>(head: &'a Head, name: &str) -> Option<&'a str> {
    head.headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// JSON bodies must say so (`Content-Type: application/json`), which a cross-site form or
/// `no-cors` fetch cannot send without a CORS preflight (that this server never grants).
pub(super) fn browser_guard(head: &Head) -> Result<(), ApiError> {
    let json_body = matches!(head.method, Method::Post | Method::Patch)
        && !matches!(head.path.as_str(), "/v1/classify" | "/v1/session");
    if json_body
        && !head
            .header("content-type")
            .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"))
    {
        return Err(ApiError::new(
            415,
            "send the request body as Content-Type: application/json",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(bind: &str, token: Option<&str>) -> ApiSettings {
        ApiSettings {
            bind: bind.parse().unwrap(),
            token: token.map(String::from),
            token_file: None,
            metrics_token: Some("metrics-0123456789abcdef".into()),
            allowed_hosts: vec!["kiosk-3.shop.lan".into()],
            max_body: 1 << 20,
            body_budget: 2 << 20,
            rate_per_s: 10.0,
            max_connections_per_peer: 8,
        }
    }

    fn head(method: Method, path: &str, headers: &[(&str, &str)]) -> Head {
        let mut h = hyper::HeaderMap::new();
        for (k, v) in headers {
            h.append(
                hyper::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        Head {
            method,
            path: path.into(),
            headers: h,
            peer: IpAddr::from([127, 0, 0, 1]),
        }
    }

    #[test]
    fn hosts_that_name_this_daemon_and_no_other() {
        let lo = settings("127.0.0.1:8080", None);
        let lan = settings("0.0.0.0:8080", Some("t"));
        let one = settings("192.168.1.20:8080", Some("t"));
        for (host, on_lo, on_lan, on_one) in [
            ("127.0.0.1:8080", true, true, true),
            ("localhost:8080", true, true, true),
            ("LOCALHOST", true, true, true),
            ("localhost.:8080", true, true, true),
            ("[::1]:8080", true, true, true),
            ("127.1.2.3", true, true, true),
            ("192.168.1.20:8080", false, true, true),
            ("192.168.1.21:8080", false, true, false),
            ("[fe80::1]:8080", false, true, false),
            ("kiosk-3.shop.lan:8080", true, true, true),
            ("attacker.example", false, false, false),
            ("localhost.attacker.example:8080", false, false, false),
            ("127.0.0.1.nip.io", false, false, false),
            ("localhost:80a", false, false, false),
            ("localhost:", false, false, false),
            ("", false, false, false),
        ] {
            let h = head(Method::Get, "/v1/status", &[("Host", host)]);
            for (s, want) in [(&lo, on_lo), (&lan, on_lan), (&one, on_one)] {
                let r = host_guard(&h, s);
                assert_eq!(r.is_ok(), want, "{host} on {}: {r:?}", s.bind);
                if let Err((e, why)) = r {
                    assert_eq!((e.status, why), (421, Refusal::ForeignHost));
                }
            }
        }
        let missing = head(Method::Get, "/v1/status", &[]);
        assert!(host_guard(&missing, &lo).is_err());
    }

    #[test]
    fn an_origin_must_be_the_host() {
        let s = settings("127.0.0.1:8080", None);
        let ok = head(
            Method::Post,
            "/v1/classes",
            &[
                ("Host", "127.0.0.1:8080"),
                ("Origin", "http://127.0.0.1:8080"),
            ],
        );
        assert!(host_guard(&ok, &s).is_ok());
        for origin in ["http://attacker.example", "null", "http://localhost:8080"] {
            let h = head(
                Method::Get,
                "/v1/snapshot.jpg",
                &[("Host", "127.0.0.1:8080"), ("Origin", origin)],
            );
            let (e, why) = host_guard(&h, &s).unwrap_err();
            assert_eq!((e.status, why), (403, Refusal::CrossOrigin), "{origin}");
        }
    }

    #[test]
    fn the_token_guards_every_route_but_the_page_shell() {
        let token = "token-0123456789abcdef";
        let s = settings("0.0.0.0:8080", Some(token));
        let session = session_value(token);
        let bearer = format!("Bearer {token}");
        let cookie = format!("theme=dark; {SESSION_COOKIE}={session}");
        let wrong_cookie = format!("{SESSION_COOKIE}={}", session_value("other"));
        for (method, path, headers, want) in [
            (Method::Get, "/", vec![], true),
            (Method::Get, "/app.js", vec![], true),
            (Method::Get, "/style.css", vec![], true),
            (Method::Post, "/", vec![], false),
            (Method::Get, "/v1/status", vec![], false),
            (Method::Get, "/v1/snapshot.jpg", vec![], false),
            (Method::Get, "/v1/events", vec![], false),
            (Method::Get, "/v1/openapi.yaml", vec![], false),
            (
                Method::Get,
                "/v1/status",
                vec![("Authorization", bearer.as_str())],
                true,
            ),
            (
                Method::Get,
                "/v1/status",
                vec![("Authorization", "Bearer wrong")],
                false,
            ),
            (
                Method::Get,
                "/v1/status",
                vec![("Authorization", token)],
                false,
            ),
            (
                Method::Get,
                "/v1/stream.mjpg",
                vec![("Cookie", cookie.as_str())],
                true,
            ),
            (
                Method::Get,
                "/v1/stream.mjpg",
                vec![("Cookie", wrong_cookie.as_str())],
                false,
            ),
            (
                Method::Delete,
                "/v1/classes/1",
                vec![("Cookie", cookie.as_str())],
                true,
            ),
            (Method::Get, "/metrics", vec![], false),
            (
                Method::Get,
                "/metrics",
                vec![("Authorization", "Bearer metrics-0123456789abcdef")],
                true,
            ),
            (
                Method::Get,
                "/v1/status",
                vec![("Authorization", "Bearer metrics-0123456789abcdef")],
                false,
            ),
        ] {
            let h = head(method, path, &headers);
            let r = token_guard(&h, &s, Some(&session));
            assert_eq!(r.is_ok(), want, "{method:?} {path} {headers:?}");
        }
        // Without a token configured, nothing is asked.
        let open = settings("127.0.0.1:8080", None);
        assert!(token_guard(&head(Method::Get, "/v1/status", &[]), &open, None).is_ok());
    }
}
