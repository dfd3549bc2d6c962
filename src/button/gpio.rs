//! Button and LED on a GPIO character device through `gpio-cdev` — the only module that names
//! it. The chip is given by path (`/dev/gpiochip0`) or by label (e.g. `pinctrl-rp1` on a
//! Pi 5, `pinctrl-bcm2711` on a Pi 4: the chip *number* changed across Pi OS releases, the
//! label did not); a label is found by opening `/dev/gpiochip0` … `/dev/gpiochip63`.
//!
//! Active-low is applied here in software (not with the kernel flag, whose effect on v1 edge
//! events changed across kernel versions). Bias uses the v1 `GPIOHANDLE_REQUEST_BIAS_*` flags
//! (Linux ≥ 5.5), which gpio-cdev 0.6 does not name.

use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use gpio_cdev::{
    Chip, EventRequestFlags, EventType, LineEventHandle, LineHandle, LineRequestFlags,
};

use super::{ButtonSource, Edge, GpioError, Led};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bias {
    /// Leave as configured by firmware/device tree.
    #[default]
    AsIs,
    /// Internal pull-up (button to ground: use with active-low).
    PullUp,
    /// Internal pull-down (button to 3.3 V).
    PullDown,
    Disable,
}

impl Bias {
    fn bits(self) -> u32 {
        match self {
            Bias::AsIs => 0,
            Bias::PullUp => 1 << 5,
            Bias::PullDown => 1 << 6,
            Bias::Disable => 1 << 7,
        }
    }
}

/// Which line (validated config values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOptions {
    /// Chip path or label.
    pub chip: String,
    /// Line offset on the chip (the BCM GPIO number on a Pi).
    pub line: u32,
    /// The line reads low when active (button to ground with pull-up; LED sinking current).
    pub active_low: bool,
    pub bias: Bias,
}

fn err(what: impl Into<String>, reason: impl Into<String>) -> GpioError {
    GpioError {
        what: what.into(),
        reason: reason.into(),
    }
}

fn explain(e: &gpio_cdev::Error) -> String {
    let s = e.to_string();
    if s.contains("Permission denied") || s.contains("EACCES") {
        format!("{s} — add the user to the `gpio` group (the systemd unit does)")
    } else if s.contains("Device or resource busy") || s.contains("EBUSY") {
        format!("{s} — another program or a kernel driver holds this line (see `gpioinfo`)")
    } else {
        s
    }
}

/// Opens a chip by path or label.
pub fn open_chip(spec: &str) -> Result<Chip, GpioError> {
    if spec.starts_with('/') {
        return Chip::new(spec)
            .map_err(|e| err(spec, format!("cannot open GPIO chip: {}", explain(&e))));
    }
    let mut seen = Vec::new();
    for n in 0..64 {
        let path = format!("/dev/gpiochip{n}");
        if let Ok(chip) = Chip::new(&path) {
            if chip.label() == spec {
                return Ok(chip);
            }
            seen.push(format!("{path} ({})", chip.label()));
        }
    }
    let found = if seen.is_empty() {
        "none".into()
    } else {
        seen.join(", ")
    };
    Err(err(
        format!("GPIO chip labelled {spec:?}"),
        format!("not found (chips: {found}); `gpiodetect` lists them"),
    ))
}

fn what(o: &LineOptions) -> String {
    format!("{} line {}", o.chip, o.line)
}

/// A push button on a GPIO line, reporting both edges.
pub struct GpioButton {
    handle: LineEventHandle,
    opts: LineOptions,
}

impl GpioButton {
    /// Requests the line for edge events.
    pub fn open(opts: &LineOptions) -> Result<GpioButton, GpioError> {
        let mut chip = open_chip(&opts.chip)?;
        let line = chip
            .get_line(opts.line)
            .map_err(|e| err(what(opts), explain(&e)))?;
        // The bias bits are GPIOHANDLE_REQUEST flags of the v1 uAPI that gpio-cdev does not name.
        let flags =
            LineRequestFlags::from_bits_retain(LineRequestFlags::INPUT.bits() | opts.bias.bits());
        let handle = line
            .events(flags, EventRequestFlags::BOTH_EDGES, "cbrd-button")
            .map_err(|e| {
                err(
                    what(opts),
                    format!("cannot request the line for events: {}", explain(&e)),
                )
            })?;
        Ok(GpioButton {
            handle,
            opts: opts.clone(),
        })
    }
}

impl ButtonSource for GpioButton {
    fn describe(&self) -> String {
        what(&self.opts)
    }

    fn wait(&mut self, timeout: Duration) -> Result<Option<Edge>, GpioError> {
        let mut pfd = libc::pollfd {
            fd: self.handle.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd for the duration of the call.
        let n = unsafe { libc::poll(&mut pfd, 1, ms) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                return Ok(None);
            }
            return Err(err(what(&self.opts), format!("poll: {e}")));
        }
        if n == 0 {
            return Ok(None);
        }
        if pfd.revents & (libc::POLLERR | libc::POLLHUP) != 0 && pfd.revents & libc::POLLIN == 0 {
            return Err(err(what(&self.opts), "the line went away"));
        }
        let ev = self
            .handle
            .get_event()
            .map_err(|e| err(what(&self.opts), explain(&e)))?;
        let high = ev.event_type() == EventType::RisingEdge;
        Ok(Some(Edge {
            at: Instant::now(),
            pressed: high != self.opts.active_low,
        }))
    }
}

/// An LED on a GPIO output line.
pub struct GpioLed {
    handle: LineHandle,
    opts: LineOptions,
}

impl GpioLed {
    /// Requests the line as an output, initially off.
    pub fn open(opts: &LineOptions) -> Result<GpioLed, GpioError> {
        let mut chip = open_chip(&opts.chip)?;
        let line = chip
            .get_line(opts.line)
            .map_err(|e| err(what(opts), explain(&e)))?;
        let off = u8::from(opts.active_low);
        let handle = line
            .request(LineRequestFlags::OUTPUT, off, "cbrd-led")
            .map_err(|e| {
                err(
                    what(opts),
                    format!("cannot request the line as output: {}", explain(&e)),
                )
            })?;
        Ok(GpioLed {
            handle,
            opts: opts.clone(),
        })
    }
}

impl Led for GpioLed {
    fn set(&mut self, on: bool) -> Result<(), GpioError> {
        let level = u8::from(on != self.opts.active_low);
        self.handle
            .set_value(level)
            .map_err(|e| err(what(&self.opts), explain(&e)))
    }
}
