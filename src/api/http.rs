//! The HTTP/1.1 transport of the API: one thread per connection, one request per connection.
//!
//! Requests are parsed with `httparse` (the parser hyper uses); everything else is deliberately
//! small: every response carries `Connection: close`, so a connection never waits for a second
//! request and a thread is never parked on an idle keep-alive socket. Slow or silent clients
//! are cut off by socket timeouts, the number of connections is capped, and the request head is
//! limited in size. Bodies need a `Content-Length` (411 otherwise), and `Expect: 100-continue`
//! is answered only once the length has been accepted.
//!
//! (The first version used `tiny_http` 0.12: its connection thread pool can leave a newly
//! accepted connection queued behind busy keep-alive connections — a page's event stream then
//! never opened. Measured: 60 of 180 simultaneous connections not served within 2 s.)

use std::io::{Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Largest request head (request line + headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Most headers in a request.
const MAX_HEADERS: usize = 64;
/// Most connections served at once (streams included); more get 503.
pub const MAX_CONNECTIONS: usize = 64;
/// A client must send its request (and each body chunk) within this time.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A client must take our bytes within this time (streams included).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Request methods the API knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET (and HEAD, answered like GET).
    Get,
    Post,
    Patch,
    Delete,
    /// Anything else (405 on known paths).
    Other,
}

/// One parsed request; the body is still on the socket.
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    /// Path and query, as sent.
    pub url: String,
    headers: Vec<(String, String)>,
    pub peer: IpAddr,
    /// A HEAD request: answered like GET, without the body.
    head: bool,
    stream: TcpStream,
    /// Body bytes read together with the head.
    early: Vec<u8>,
}

/// Why a body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Over the limit (by its declared length, or the bytes that came).
    TooLarge,
    /// No `Content-Length` (chunked uploads are not accepted).
    LengthRequired,
    /// The connection failed or timed out, or the length is not a number.
    Bad(String),
}

impl Request {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.url.split('?').next().unwrap_or("")
    }

    /// Reads the whole body, refusing more than `max` bytes (before reading, by its length).
    pub fn read_body(&mut self, max: usize) -> Result<Vec<u8>, BodyError> {
        if self
            .header("Transfer-Encoding")
            .is_some_and(|v| !v.eq_ignore_ascii_case("identity"))
        {
            return Err(BodyError::LengthRequired);
        }
        let len = match self.header("Content-Length") {
            None => 0,
            Some(v) => v
                .trim()
                .parse::<u64>()
                .map_err(|_| BodyError::Bad(format!("Content-Length {v:?} is not a number")))?,
        };
        if len > max as u64 {
            return Err(BodyError::TooLarge);
        }
        let len = len as usize;
        if self
            .header("Expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        {
            self.stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(|e| BodyError::Bad(e.to_string()))?;
        }
        let mut body = std::mem::take(&mut self.early);
        body.truncate(len);
        if body.len() < len {
            let mut rest = vec![0u8; len - body.len()];
            self.stream
                .read_exact(&mut rest)
                .map_err(|e| BodyError::Bad(format!("cannot read the request body: {e}")))?;
            body.extend_from_slice(&rest);
        }
        Ok(body)
    }

    /// Sends a complete response and closes the connection.
    pub fn respond(mut self, status: u16, headers: &[(&str, String)], body: &[u8]) {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
            reason(status),
            body.len()
        );
        for (k, v) in headers {
            // Values come from this crate; still, never let one end the head early.
            if !v.contains(['\r', '\n']) {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        head.push_str("\r\n");
        let body = if self.head { &[][..] } else { body };
        let _ = self
            .stream
            .write_all(head.as_bytes())
            .and_then(|()| self.stream.write_all(body))
            .and_then(|()| self.stream.flush());
        self.finish();
    }

    /// Starts a streamed response (no length): writes the head, hands over the socket.
    pub fn into_stream(
        mut self,
        status: u16,
        headers: &[(&str, &str)],
    ) -> std::io::Result<TcpStream> {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nConnection: close\r\n",
            reason(status)
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes())?;
        self.stream.flush()?;
        Ok(self.stream)
    }

    /// Closes after a response: stop sending, then drain a little of what the client may still
    /// send (an unread body), so that the close does not reset the connection before the
    /// client has read the response.
    fn finish(self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let _ = self
            .stream
            .set_read_timeout(Some(Duration::from_millis(500)));
        let mut sink = [0u8; 8192];
        let mut drained = 0usize;
        let mut s = &self.stream;
        while drained < (1 << 20) {
            match s.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    }
}

/// Whether the client of a streamed response has closed its end (without waiting).
pub fn client_gone(s: &TcpStream) -> bool {
    if s.set_nonblocking(true).is_err() {
        return false;
    }
    let mut b = [0u8; 1];
    let gone = match s.peek(&mut b) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    let _ = s.set_nonblocking(false);
    gone
}

/// The reason phrase of the statuses the API uses.
fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Reads and parses the request head. `Err` carries the status to answer with (None: just
/// close — the client went away or said nothing).
fn read_head(stream: &mut TcpStream, peer: IpAddr) -> Result<Request, Option<(u16, String)>> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(None),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(if buf.is_empty() {
                    None
                } else {
                    Some((408, "the request head did not arrive in time".into()))
                });
            }
            Err(_) => return Err(None),
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buf) {
            Ok(httparse::Status::Complete(head_len)) => {
                let head = parsed.method == Some("HEAD");
                let method = match parsed.method.unwrap_or("") {
                    "GET" | "HEAD" => Method::Get,
                    "POST" => Method::Post,
                    "PATCH" => Method::Patch,
                    "DELETE" => Method::Delete,
                    _ => Method::Other,
                };
                let url = parsed.path.unwrap_or("/").to_string();
                let headers = parsed
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_string(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect();
                return Ok(Request {
                    method,
                    url,
                    headers,
                    peer,
                    head,
                    stream: stream.try_clone().map_err(|_| None)?,
                    early: buf[head_len..].to_vec(),
                });
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) => {
                return Err(Some((431, format!("request head over {MAX_HEAD} bytes"))));
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Err(Some((431, format!("more than {MAX_HEADERS} headers"))));
            }
            Err(e) => return Err(Some((400, format!("not an HTTP request: {e}")))),
        }
    }
}

fn refuse(mut stream: TcpStream, status: u16, message: &str) {
    let body = serde_json::json!({ "error": message }).to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        reason(status),
        body.len()
    );
    let _ = stream.shutdown(Shutdown::Write);
}

/// A listening server; [`Server::shutdown`] stops accepting.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `bind` and serves every request with `handler` on the connection's own thread.
    pub fn start(
        bind: SocketAddr,
        stop: Arc<AtomicBool>,
        handler: Arc<dyn Fn(Request) + Send + Sync>,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(bind)?;
        let addr = listener.local_addr()?;
        let active = Arc::new(AtomicUsize::new(0));
        let accept = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("cbrd-api-accept".into())
                .spawn(move || {
                    for conn in listener.incoming() {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let Ok(stream) = conn else { continue };
                        serve(stream, &active, &handler);
                    }
                })?
        };
        Ok(Server {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting (connections being served finish on their own).
    pub fn shutdown(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the blocking accept() with a connection of our own.
        let wake = match self.addr.ip() {
            ip if ip.is_unspecified() => {
                let lo: IpAddr = if ip.is_ipv4() {
                    [127, 0, 0, 1].into()
                } else {
                    std::net::Ipv6Addr::LOCALHOST.into()
                };
                SocketAddr::new(lo, self.addr.port())
            }
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

struct ActiveGuard(Arc<AtomicUsize>);

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn serve(
    stream: TcpStream,
    active: &Arc<AtomicUsize>,
    handler: &Arc<dyn Fn(Request) + Send + Sync>,
) {
    if active.fetch_add(1, Ordering::Relaxed) >= MAX_CONNECTIONS {
        active.fetch_sub(1, Ordering::Relaxed);
        refuse(stream, 503, "too many connections; try again");
        return;
    }
    let guard = ActiveGuard(active.clone());
    let handler = handler.clone();
    let spawned = std::thread::Builder::new()
        .name("cbrd-api-conn".into())
        .spawn(move || {
            let _guard = guard;
            let mut stream = stream;
            let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
            let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
            let _ = stream.set_nodelay(true);
            let peer = stream
                .peer_addr()
                .map(|a| a.ip())
                .unwrap_or(IpAddr::from([127, 0, 0, 1]));
            match read_head(&mut stream, peer) {
                Ok(req) => handler(req),
                Err(Some((status, message))) => refuse(stream, status, &message),
                Err(None) => {}
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start a connection thread: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server whose handler answers with the body length it read (limit 1000 bytes).
    fn echo_server() -> Server {
        Server::start(
            "127.0.0.1:0".parse().unwrap(),
            Arc::new(AtomicBool::new(false)),
            Arc::new(|mut req: Request| {
                let r = req.read_body(1000);
                let (status, body) = match r {
                    Ok(b) => (200, format!("{} {} {}", req.path(), b.len(), req.peer)),
                    Err(BodyError::TooLarge) => (413, String::new()),
                    Err(BodyError::LengthRequired) => (411, String::new()),
                    Err(BodyError::Bad(m)) => (400, m),
                };
                req.respond(status, &[("X-Test", "1".into())], body.as_bytes());
            }),
        )
        .unwrap()
    }

    fn client(addr: SocketAddr) -> TcpStream {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    }

    fn exchange(addr: SocketAddr, raw: &[u8]) -> String {
        let mut s = client(addr);
        let _ = s.write_all(raw);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn requests_and_bad_requests() {
        let server = echo_server();
        let a = server.addr();
        // (raw request, expected start of the response, expected text in it)
        let big_head = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            (0..80).map(|i| format!("X-{i}: 1\r\n")).collect::<String>()
        );
        let cases: Vec<(Vec<u8>, &str, &str)> = vec![
            (
                b"POST /x?q=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".to_vec(),
                "HTTP/1.1 200 OK\r\n",
                "/x 5 127.0.0.1",
            ),
            (
                b"GET / HTTP/1.1\r\n\r\n".to_vec(),
                "HTTP/1.1 200 OK\r\n",
                "Connection: close",
            ),
            (
                b"GET / HTTP/1.1\r\n\r\n".to_vec(),
                "HTTP/1.1 200 OK\r\n",
                "X-Test: 1",
            ),
            (
                b"HEAD / HTTP/1.1\r\n\r\n".to_vec(),
                "HTTP/1.1 200 OK\r\n",
                "Content-Length: 13\r\n",
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n".to_vec(),
                "HTTP/1.1 413 ",
                "",
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                    .to_vec(),
                "HTTP/1.1 411 ",
                "",
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n".to_vec(),
                "HTTP/1.1 400 ",
                "not a number",
            ),
            (
                b"\x16\x03\x01 not http\r\n\r\n".to_vec(),
                "HTTP/1.1 400 ",
                "not an HTTP request",
            ),
            (big_head.into_bytes(), "HTTP/1.1 431 ", "16384"),
            (many.into_bytes(), "HTTP/1.1 431 ", "headers"),
        ];
        for (raw, start, contains) in cases {
            let r = exchange(a, &raw);
            assert!(
                r.starts_with(start),
                "{:?} → {r:?}",
                String::from_utf8_lossy(&raw)
            );
            assert!(
                r.contains(contains),
                "{:?} → {r:?}",
                String::from_utf8_lossy(&raw)
            );
        }
        // HEAD: the length of the GET body, no body.
        let r = exchange(a, b"HEAD / HTTP/1.1\r\n\r\n");
        assert!(r.ends_with("\r\n\r\n"), "{r:?}");
        server.shutdown();
    }

    #[test]
    fn expect_continue_is_answered_before_the_body() {
        let server = echo_server();
        let mut s = client(server.addr());
        s.write_all(b"POST /up HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
            .unwrap();
        let mut first = [0u8; 25];
        s.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"HTTP/1.1 100 Continue\r\n\r\n");
        s.write_all(b"abc").unwrap();
        let mut rest = String::new();
        s.read_to_string(&mut rest).unwrap();
        assert!(
            rest.starts_with("HTTP/1.1 200 OK") && rest.contains("/up 3 "),
            "{rest}"
        );
        server.shutdown();
    }

    #[test]
    fn a_truncated_body_is_an_error_not_a_hang() {
        let server = echo_server();
        let mut s = client(server.addr());
        s.write_all(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly a bit")
            .unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut r = String::new();
        s.read_to_string(&mut r).unwrap();
        assert!(
            r.starts_with("HTTP/1.1 400 ") && r.contains("request body"),
            "{r}"
        );
        server.shutdown();
    }
}
