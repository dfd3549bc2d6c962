//! The files and folders a validated [`Config`] names must exist and be what they claim. Used by
//! `cbrd check-config` and at the start of `cbrd run`, so that the daemon stops with the same
//! messages that `check-config` prints (exit code 2) instead of failing later, elsewhere.
//!
//! Not checked: a V4L2 camera device (the daemon waits for a camera that is unplugged, and
//! retries), and GPIO chips named by label (resolved when they are opened).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::Config;
use crate::camera::CameraSource;
use crate::embed::model_file;

/// Every problem with the files `cfg` names, one line each, starting with the key.
pub fn problems(cfg: &Config) -> Vec<String> {
    let mut out = Vec::new();
    let model = &cfg.embedder.model;
    match std::fs::read(model) {
        Ok(bytes) => {
            if let Err(e) = model_file::inspect(&bytes) {
                out.push(format!("model.path: {}: {e}", model.display()));
            }
        }
        Err(e) => out.push(format!("model.path: {}: {e}", model.display())),
    }
    if let Some(lib) = &cfg.embedder.library
        && !lib.is_file()
    {
        out.push(format!("runtime.library: {}: no such file", lib.display()));
    }
    if let Some(tpu) = &cfg.embedder.edgetpu
        && !tpu.library.is_file()
    {
        out.push(format!(
            "edgetpu.library: {}: no such file (install Coral's libedgetpu1-std, or set the path)",
            tpu.library.display()
        ));
    }
    if let Some(api) = &cfg.daemon.api {
        let mut api = api.clone();
        if let Err(e) = api.resolve_token() {
            out.push(e.to_string());
        }
    }
    if let Some(dir) = &cfg.index {
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if dir.exists() && !dir.is_dir() {
            out.push(format!(
                "index.path: {} is a file; it must be a folder (the index lives in it)",
                dir.display()
            ));
        } else if !dir.is_dir() && !parent.is_dir() {
            out.push(format!(
                "index.path: neither {} nor its parent folder exists; create the parent folder \
                 (cbrd creates the index folder in it)",
                dir.display()
            ));
        }
    }
    if let Some((hook, _)) = &cfg.daemon.hook {
        match std::fs::metadata(hook) {
            Ok(m) if !m.is_file() => {
                out.push(format!("output.hook: {}: not a file", hook.display()))
            }
            Ok(m) if m.permissions().mode() & 0o111 == 0 => out.push(format!(
                "output.hook: {}: not executable (chmod +x it)",
                hook.display()
            )),
            Ok(_) => {}
            Err(e) => out.push(format!("output.hook: {}: {e}", hook.display())),
        }
    }
    match &cfg.daemon.camera {
        CameraSource::Folder { dir, .. } if !dir.as_os_str().is_empty() => {
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => out.push(format!("camera.folder: {}: not a folder", dir.display())),
                Err(e) => out.push(format!("camera.folder: {}: {e}", dir.display())),
            }
        }
        CameraSource::Pipe { path, .. } if path.as_os_str() != "-" && !path.exists() => {
            out.push(format!(
                "camera.pipe: {}: no such file or FIFO (\"-\" reads standard input)",
                path.display()
            ));
        }
        _ => {}
    }
    let chips = [
        (
            "button.chip",
            cfg.daemon.button.as_ref().map(|(l, _)| &l.chip),
        ),
        ("led.chip", cfg.daemon.led.as_ref().map(|l| &l.chip)),
    ];
    for (key, chip) in chips {
        if let Some(chip) = chip
            && chip.starts_with('/')
            && !Path::new(chip).exists()
        {
            out.push(format!(
                "{key}: {chip}: no such GPIO chip (`gpiodetect` lists them; a label such as \
                 \"pinctrl-bcm2711\" also works)"
            ));
        }
    }
    out
}
