//! The output stage: where events go. [`Sink`] is the seam; [`JsonLines`] writes one JSON
//! object per line (stdout → journald), [`Hook`] runs a program per event with the event in
//! environment variables.

use std::collections::VecDeque;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::event::Event;

/// A destination for events.
pub trait Sink: Send {
    /// For logs.
    fn name(&self) -> String;
    /// Delivers one event. Must not block for long: the output thread serves all sinks.
    fn emit(&mut self, event: &Event) -> std::io::Result<()>;
    /// Called regularly (≥ 10 Hz) for background work.
    fn poll(&mut self) {}
    /// Called once at shutdown.
    fn finish(&mut self) {}
}

/// JSON lines on a writer (stdout in the daemon), flushed per event.
pub struct JsonLines<W: Write + Send> {
    out: W,
}

impl<W: Write + Send> JsonLines<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> JsonLines<W> {
        JsonLines { out }
    }
}

impl<W: Write + Send> Sink for JsonLines<W> {
    fn name(&self) -> String {
        "json-lines".into()
    }
    fn emit(&mut self, event: &Event) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, event)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// The environment variables a hook program receives for `event`.
pub fn hook_env(event: &Event) -> Vec<(&'static str, String)> {
    let json = serde_json::to_string(event).unwrap_or_default();
    let mut env = vec![
        ("CBRD_EVENT", event.name().to_string()),
        ("CBRD_JSON", json),
    ];
    let (time, label, score) = match event {
        Event::Decision { time_ms, decision }
        | Event::Heartbeat {
            time_ms, decision, ..
        } => (
            *time_ms,
            decision.label.clone().unwrap_or_default(),
            decision.score.map(|s| s.to_string()).unwrap_or_default(),
        ),
        Event::Enrolled { time_ms, label, .. }
        | Event::Undone { time_ms, label, .. }
        | Event::Renamed { time_ms, label, .. }
        | Event::Removed { time_ms, label, .. } => (*time_ms, label.clone(), String::new()),
        Event::EnrollFailed { time_ms, .. }
        | Event::Camera { time_ms, .. }
        | Event::Reloaded { time_ms, .. } => (*time_ms, String::new(), String::new()),
    };
    env.push(("CBRD_TIME_MS", time.to_string()));
    env.push(("CBRD_LABEL", label));
    env.push(("CBRD_SCORE", score));
    env
}

/// Runs `program` once per event (one at a time, in order), with [`hook_env`] in its
/// environment, stdin closed and stdout/stderr inherited. A hook running longer than
/// `timeout` is killed; at most `queue_max` events wait (older ones are dropped with a warning).
pub struct Hook {
    program: PathBuf,
    timeout: Duration,
    queue_max: usize,
    queue: VecDeque<Event>,
    running: Option<(Child, Instant)>,
    dropped: u64,
}

impl Hook {
    pub fn new(program: PathBuf, timeout: Duration) -> Hook {
        Hook {
            program,
            timeout,
            queue_max: 32,
            queue: VecDeque::new(),
            running: None,
            dropped: 0,
        }
    }

    fn start_next(&mut self) {
        while self.running.is_none() {
            let Some(ev) = self.queue.pop_front() else {
                return;
            };
            let mut cmd = Command::new(&self.program);
            cmd.stdin(Stdio::null());
            for (k, v) in hook_env(&ev) {
                cmd.env(k, v);
            }
            match cmd.spawn() {
                Ok(child) => self.running = Some((child, Instant::now())),
                Err(e) => {
                    tracing::warn!(hook = %self.program.display(), "cannot run the hook: {e}")
                }
            }
        }
    }
}

impl Sink for Hook {
    fn name(&self) -> String {
        format!("hook {}", self.program.display())
    }

    fn emit(&mut self, event: &Event) -> std::io::Result<()> {
        if self.queue.len() >= self.queue_max {
            self.queue.pop_front();
            self.dropped += 1;
            if self.dropped.is_power_of_two() {
                tracing::warn!(hook = %self.program.display(), dropped = self.dropped, "hook too slow: events dropped");
            }
        }
        self.queue.push_back(event.clone());
        self.poll();
        Ok(())
    }

    fn poll(&mut self) {
        if let Some((child, started)) = self.running.as_mut() {
            match child.try_wait() {
                Ok(Some(status)) => {
                    if !status.success() {
                        tracing::warn!(hook = %self.program.display(), "hook exited with {status}");
                    }
                    self.running = None;
                }
                Ok(None) if started.elapsed() > self.timeout => {
                    tracing::warn!(hook = %self.program.display(), "hook still running after {:?}: killed", self.timeout);
                    let _ = child.kill();
                    let _ = child.wait();
                    self.running = None;
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(hook = %self.program.display(), "hook: {e}");
                    self.running = None;
                }
            }
        }
        self.start_next();
    }

    fn finish(&mut self) {
        let end = Instant::now() + self.timeout;
        while (self.running.is_some() || !self.queue.is_empty()) && Instant::now() < end {
            self.poll();
            std::thread::sleep(Duration::from_millis(10));
        }
        if let Some((mut child, _)) = self.running.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Counters, Decision};

    fn decision(label: Option<&str>) -> Event {
        Event::Decision {
            time_ms: 42,
            decision: Decision {
                label: label.map(String::from),
                score: Some(0.5),
                top: vec![],
                reason: None,
                frame: 1,
            },
        }
    }

    #[test]
    fn json_lines_one_per_event() {
        let mut buf = Vec::new();
        {
            let mut s = JsonLines::new(&mut buf);
            s.emit(&decision(Some("a"))).unwrap();
            s.emit(&Event::Heartbeat {
                time_ms: 1,
                decision: Decision {
                    label: None,
                    score: None,
                    top: vec![],
                    reason: None,
                    frame: 2,
                },
                counters: Counters::default(),
            })
            .unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["label"], "a");
        assert_eq!(lines[1]["event"], "heartbeat");
    }

    #[test]
    fn hook_env_table() {
        let env = hook_env(&decision(Some("mug")));
        let get = |k: &str| {
            env.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get("CBRD_EVENT"), "decision");
        assert_eq!(get("CBRD_LABEL"), "mug");
        assert_eq!(get("CBRD_SCORE"), "0.5");
        assert_eq!(get("CBRD_TIME_MS"), "42");
        assert!(get("CBRD_JSON").starts_with("{\"event\":\"decision\""));
        assert_eq!(
            hook_env(&decision(None))
                .iter()
                .find(|(n, _)| *n == "CBRD_LABEL")
                .unwrap()
                .1,
            ""
        );
    }

    #[test]
    fn hook_runs_in_order_with_the_event_in_its_environment() {
        let d = tempfile::tempdir().unwrap();
        let log = d.path().join("log");
        let script = d.path().join("hook.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho \"$CBRD_EVENT $CBRD_LABEL\" >> {}\n",
                log.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut h = Hook::new(script, Duration::from_secs(5));
        h.emit(&decision(Some("one"))).unwrap();
        h.emit(&decision(None)).unwrap();
        h.emit(&Event::EnrollFailed {
            time_ms: 3,
            reason: "x".into(),
        })
        .unwrap();
        h.finish();
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "decision one\ndecision \nenroll_failed \n"
        );
    }

    #[test]
    fn slow_hooks_are_killed() {
        let d = tempfile::tempdir().unwrap();
        let script = d.path().join("slow.sh");
        std::fs::write(&script, "#!/bin/sh\nsleep 10\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut h = Hook::new(script, Duration::from_millis(100));
        let t = Instant::now();
        h.emit(&decision(Some("x"))).unwrap();
        assert!(h.running.is_some());
        std::thread::sleep(Duration::from_millis(150));
        h.poll();
        assert!(h.running.is_none(), "killed after the timeout");
        assert!(t.elapsed() < Duration::from_secs(2));
    }
}
