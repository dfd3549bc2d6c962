//! Prometheus metrics: lock-free counters and fixed-bucket histograms, rendered in the text
//! exposition format 0.0.4 (what `GET /metrics` serves).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Histogram bucket upper bounds, seconds (1 ms … 10 s).
const BUCKETS: [f64; 14] = [
    0.001,
    0.002,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.5,
    1.0,
    2.0,
    5.0,
    10.0,
    f64::INFINITY,
];

/// Frames per second from the times the pipeline classified its latest frames (ms on any
/// monotonic base), so that one status request can report it: it does not depend on when, or
/// how often, anybody asks. Pure: times are passed in.
#[derive(Debug, Default)]
pub struct FrameRate {
    times: std::collections::VecDeque<u64>,
}

impl FrameRate {
    const WINDOW_MS: u64 = 10_000;
    const MAX_FRAMES: usize = 64;

    /// A frame was classified at `t_ms`.
    pub fn push(&mut self, t_ms: u64) {
        self.times.push_back(t_ms);
        while self.times.len() > Self::MAX_FRAMES
            || self
                .times
                .front()
                .is_some_and(|&t| t_ms.saturating_sub(t) > Self::WINDOW_MS)
        {
            self.times.pop_front();
        }
    }

    /// Frames per second at `now_ms`: over the frames of the last 10 s (at most 64); 0 when
    /// there are fewer than two, or when no frame came for over twice the usual interval plus
    /// a second (the pipeline has stalled).
    pub fn rate(&self, now_ms: u64) -> f64 {
        let recent: Vec<u64> = self
            .times
            .iter()
            .copied()
            .filter(|&t| now_ms.saturating_sub(t) <= Self::WINDOW_MS)
            .collect();
        let (Some(&first), Some(&last)) = (recent.first(), recent.last()) else {
            return 0.0;
        };
        if recent.len() < 2 || last <= first {
            return 0.0;
        }
        let interval = (last - first) as f64 / (recent.len() - 1) as f64;
        if now_ms.saturating_sub(last) as f64 > 2.0 * interval + 1000.0 {
            return 0.0;
        }
        1000.0 / interval
    }
}

#[derive(Debug, Default)]
pub struct Histogram {
    counts: [AtomicU64; 14],
    sum_micros: AtomicU64,
}

impl Histogram {
    /// Records one duration.
    pub fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        let i = BUCKETS
            .iter()
            .position(|b| s <= *b)
            .unwrap_or(BUCKETS.len() - 1);
        self.counts[i].fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(d.as_micros() as u64, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (b, c) in BUCKETS.iter().zip(&self.counts) {
            cumulative += c.load(Ordering::Relaxed);
            let le = if b.is_infinite() {
                "+Inf".to_string()
            } else {
                b.to_string()
            };
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{le}\"}} {cumulative}");
        }
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let trimmed = labels.trim_end_matches(',');
        let _ = writeln!(out, "{name}_sum{{{trimmed}}} {sum}");
        let _ = writeln!(out, "{name}_count{{{trimmed}}} {cumulative}");
    }
}

/// Pipeline stages with a latency histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Crop + resize of a frame.
    Preprocess,
    /// Embedding (tensor fill + Invoke + read).
    Embed,
    /// Matching + decision.
    Match,
    /// From capture to the decision stage being done with the frame.
    FrameToDecision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The camera failed (each reopen attempt).
    Camera,
    /// A frame or upload could not be embedded.
    Embed,
    /// An enrollment or catalogue change failed.
    Enroll,
    /// A sink could not deliver an event.
    Sink,
}

/// Why the API refused a connection or a request, or cut one off: `cbrd_http_refused_total`'s
/// `reason` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// All connection slots were taken (503).
    Connections,
    /// The peer address had its maximum of connections open (503).
    PerPeer,
    /// The request head did not arrive within its deadline (connection closed).
    HeadTimeout,
    /// The request head was over its size or header-count limit (431).
    HeadTooLarge,
    /// Not a valid HTTP/1.1 request, e.g. two different `Content-Length` headers (400).
    BadRequest,
    /// The body arrived slower than the minimum rate (408).
    BodyTimeout,
    /// The body was over `api.max_body_mb` (413).
    BodyTooLarge,
    /// The bodies in flight would have exceeded `api.body_budget_mb` (503).
    BodyBudget,
    /// The per-address request rate was exceeded (429).
    RateLimited,
    /// No request slot came free in time (503).
    Busy,
    /// All event / MJPEG stream slots were taken (503).
    Streams,
    /// `Host` named neither the bind address, localhost nor `api.allowed_hosts` (421).
    ForeignHost,
    /// `Origin` named another site (403).
    CrossOrigin,
    /// A token was required and missing or wrong (401).
    Unauthorized,
    /// An enrollment had more images than allowed per request (413).
    TooManyImages,
    /// The images of one request had more pixels than allowed (413).
    TooManyPixels,
    /// The client did not take a response within the write deadline (connection closed).
    WriteTimeout,
}

impl Refusal {
    pub const ALL: [Refusal; 17] = [
        Refusal::Connections,
        Refusal::PerPeer,
        Refusal::HeadTimeout,
        Refusal::HeadTooLarge,
        Refusal::BadRequest,
        Refusal::BodyTimeout,
        Refusal::BodyTooLarge,
        Refusal::BodyBudget,
        Refusal::RateLimited,
        Refusal::Busy,
        Refusal::Streams,
        Refusal::ForeignHost,
        Refusal::CrossOrigin,
        Refusal::Unauthorized,
        Refusal::TooManyImages,
        Refusal::TooManyPixels,
        Refusal::WriteTimeout,
    ];

    /// The `reason` label.
    pub fn label(self) -> &'static str {
        match self {
            Refusal::Connections => "connections",
            Refusal::PerPeer => "per_peer",
            Refusal::HeadTimeout => "head_timeout",
            Refusal::HeadTooLarge => "head_too_large",
            Refusal::BadRequest => "bad_request",
            Refusal::BodyTimeout => "body_timeout",
            Refusal::BodyTooLarge => "body_too_large",
            Refusal::BodyBudget => "body_budget",
            Refusal::RateLimited => "rate_limited",
            Refusal::Busy => "busy",
            Refusal::Streams => "streams",
            Refusal::ForeignHost => "foreign_host",
            Refusal::CrossOrigin => "cross_origin",
            Refusal::Unauthorized => "unauthorized",
            Refusal::TooManyImages => "too_many_images",
            Refusal::TooManyPixels => "too_many_pixels",
            Refusal::WriteTimeout => "write_timeout",
        }
    }
}

/// All counters of the daemon.
#[derive(Debug, Default)]
pub struct Metrics {
    stages: [Histogram; 4],
    pub classified: AtomicU64,
    pub decisions: AtomicU64,
    pub enrollments: AtomicU64,
    errors: [AtomicU64; 4],
    http: [AtomicU64; 5],
    refused: [AtomicU64; 17],
}

impl Metrics {
    /// Records a stage latency.
    pub fn stage(&self, s: Stage, d: Duration) {
        self.stages[s as usize].observe(d);
    }

    /// Counts an error.
    pub fn error(&self, k: ErrorKind) {
        self.errors[k as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an HTTP response by status class.
    pub fn http(&self, status: u16) {
        let i = usize::from((status / 100).clamp(1, 5)) - 1;
        self.http[i].fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a refused connection or request, or one cut off by a deadline.
    pub fn refuse(&self, r: Refusal) {
        self.refused[r as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// The text exposition; `gauges` are extra `(name, help, value)` gauges.
    pub fn render(&self, counters: &[(&str, &str, u64)], gauges: &[(&str, &str, f64)]) -> String {
        let mut out = String::new();
        out.push_str("# HELP cbrd_stage_seconds Latency of each pipeline stage per frame.\n# TYPE cbrd_stage_seconds histogram\n");
        for (stage, h) in ["preprocess", "embed", "match", "frame_to_decision"]
            .iter()
            .zip(&self.stages)
        {
            h.render(
                &mut out,
                "cbrd_stage_seconds",
                &format!("stage=\"{stage}\","),
            );
        }
        let mut counter = |name: &str, help: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        };
        for (name, help, v) in counters {
            counter(name, help, *v);
        }
        counter(
            "cbrd_frames_classified_total",
            "Frames classified.",
            self.classified.load(Ordering::Relaxed),
        );
        counter(
            "cbrd_decisions_total",
            "Changes of the smoothed decision.",
            self.decisions.load(Ordering::Relaxed),
        );
        counter(
            "cbrd_enrollments_total",
            "Enrollments saved (button, API).",
            self.enrollments.load(Ordering::Relaxed),
        );
        out.push_str(
            "# HELP cbrd_errors_total Errors by kind.\n# TYPE cbrd_errors_total counter\n",
        );
        for (kind, c) in ["camera", "embed", "enroll", "sink"]
            .iter()
            .zip(&self.errors)
        {
            let _ = writeln!(
                out,
                "cbrd_errors_total{{kind=\"{kind}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP cbrd_http_requests_total HTTP responses by status class.\n# TYPE cbrd_http_requests_total counter\n");
        for (code, c) in ["1xx", "2xx", "3xx", "4xx", "5xx"].iter().zip(&self.http) {
            let _ = writeln!(
                out,
                "cbrd_http_requests_total{{code=\"{code}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP cbrd_http_refused_total Connections and requests the API refused or cut off, by reason.\n# TYPE cbrd_http_refused_total counter\n");
        for r in Refusal::ALL {
            let _ = writeln!(
                out,
                "cbrd_http_refused_total{{reason=\"{}\"}} {}",
                r.label(),
                self.refused[r as usize].load(Ordering::Relaxed)
            );
        }
        for (name, help, v) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_rate_from_the_frames_own_times() {
        let mut r = FrameRate::default();
        assert_eq!(r.rate(0), 0.0);
        r.push(1000);
        assert_eq!(r.rate(1000), 0.0, "one frame: no rate yet");
        // 5 fps for 3 s.
        for i in 1..=15 {
            r.push(1000 + i * 200);
        }
        assert!((r.rate(4000) - 5.0).abs() < 1e-9, "{}", r.rate(4000));
        // One probe, whenever it comes, gives the rate: no second poll needed.
        assert!((r.rate(4100) - 5.0).abs() < 1e-9);
        // A stalled pipeline reads 0 after twice the interval plus a second.
        assert!(r.rate(5300) > 0.0);
        assert_eq!(r.rate(5500), 0.0);
        // Only the last 10 s count: a faster phase shows soon.
        for i in 1..=100 {
            r.push(20_000 + i * 50);
        }
        assert!((r.rate(25_000) - 20.0).abs() < 1e-9, "{}", r.rate(25_000));
    }

    #[test]
    fn exposition_format() {
        let m = Metrics::default();
        m.stage(Stage::Embed, Duration::from_millis(3));
        m.stage(Stage::Embed, Duration::from_millis(30));
        m.error(ErrorKind::Camera);
        m.http(200);
        m.http(404);
        m.refuse(Refusal::PerPeer);
        m.refuse(Refusal::PerPeer);
        let text = m.render(
            &[("cbrd_frames_captured_total", "Frames captured.", 7)],
            &[("cbrd_index_classes", "Classes.", 2.0)],
        );
        for want in [
            "cbrd_stage_seconds_bucket{stage=\"embed\",le=\"0.005\"} 1",
            "cbrd_stage_seconds_bucket{stage=\"embed\",le=\"0.05\"} 2",
            "cbrd_stage_seconds_bucket{stage=\"embed\",le=\"+Inf\"} 2",
            "cbrd_stage_seconds_count{stage=\"embed\"} 2",
            "cbrd_stage_seconds_sum{stage=\"embed\"} 0.033",
            "cbrd_errors_total{kind=\"camera\"} 1",
            "cbrd_http_requests_total{code=\"4xx\"} 1",
            "# TYPE cbrd_frames_captured_total counter\ncbrd_frames_captured_total 7",
            "cbrd_index_classes 2",
            "cbrd_http_refused_total{reason=\"per_peer\"} 2",
            "cbrd_http_refused_total{reason=\"write_timeout\"} 0",
        ] {
            assert!(text.contains(want), "{want} missing in\n{text}");
        }
    }
}
