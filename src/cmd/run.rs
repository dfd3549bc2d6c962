//! `cbrd run`: the device daemon with the configured camera, button, LED, sinks and HTTP API;
//! stops cleanly on SIGTERM/SIGINT and reloads on SIGHUP.

use anyhow::Result;

use super::{Outcome, check_files, index_dir, load_config, open_embedder};
use crate::cli::{GlobalArgs, IndexArg};
use crate::config::ConfigError;
use crate::embed::Embedder;
use crate::index::store;

pub(super) fn run(g: &GlobalArgs, ia: &IndexArg) -> Result<Outcome> {
    use crate::button::gpio::{GpioButton, GpioLed};
    use crate::camera::CameraSource;
    use crate::camera::{FrameSource, folder::FolderSource, pipe::PipeSource, v4l2::V4l2Source};
    use crate::sink::{Hook, JsonLines, Sink};

    let mut cfg = load_config(g, None)?;
    if ia.index.is_some() {
        cfg.index = ia.index.clone();
    }
    // What `check-config` checks, with the same messages: a daemon that cannot run as
    // configured stops now (exit 2) rather than doing something else.
    check_files(&cfg, g.config.as_deref())?;
    if let Some(api) = &mut cfg.daemon.api {
        api.resolve_token().map_err(|e| ConfigError {
            problems: vec![e.to_string()],
        })?;
    }
    let ctl = crate::daemon::Control::default();
    // SIGTERM/SIGINT: stop cleanly; the same signal again while stopping: exit at once.
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register_conditional_shutdown(sig, 130, ctl.stop.clone())?;
        signal_hook::flag::register(sig, ctl.stop.clone())?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGHUP, ctl.reload.clone())?;

    let emb = open_embedder(&cfg)?;
    tracing::info!(
        model = %cfg.embedder.model.display(),
        runtime = emb.runtime().version(),
        delegates = ?emb.delegates(),
        threads = emb.threads(),
        "model loaded"
    );
    // An exported classifier carries its classes; otherwise the index must exist or be
    // creatable, and be built with this model (a mismatch is a configuration error: restarting
    // will not help).
    let dir = if emb.labels().is_some() {
        ia.index.clone().or(cfg.index.clone()).unwrap_or_default()
    } else {
        let dir = index_dir(ia, &cfg)?;
        match store::load(&dir) {
            Ok(idx) => store::check_model(&dir, &idx, emb.identity()).map_err(|e| ConfigError {
                problems: vec![e.to_string()],
            })?,
            Err(store::StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
        dir
    };
    let d = &cfg.daemon;
    let camera: Box<dyn FrameSource> = match &d.camera {
        CameraSource::V4l2(o) => Box::new(V4l2Source::new(o.clone())),
        CameraSource::Folder { dir, rate, looping } => Box::new(FolderSource::new(
            dir.clone(),
            *rate,
            *looping,
            cfg.limits,
            ctl.stop.clone(),
        )),
        CameraSource::Pipe {
            path,
            format,
            width,
            height,
        } => Box::new(PipeSource::new(path.clone(), *format, *width, *height)),
    };
    let button = match &d.button {
        Some((line, _)) => {
            Some(Box::new(GpioButton::open(line)?) as Box<dyn crate::button::ButtonSource>)
        }
        None => None,
    };
    let led = match &d.led {
        Some(line) => Some(Box::new(GpioLed::open(line)?) as Box<dyn crate::button::Led>),
        None => None,
    };
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    if d.stdout {
        sinks.push(Box::new(JsonLines::new(std::io::stdout())));
    }
    if let Some((program, timeout)) = &d.hook {
        sinks.push(Box::new(Hook::new(program.clone(), *timeout)));
    }
    let sources = crate::daemon::Sources {
        camera,
        button,
        led,
    };
    let params = emb.params();
    let board = std::sync::Arc::new(crate::board::Board::new(crate::board::StaticInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        model: cfg.embedder.model.display().to_string(),
        runtime: emb.runtime().version().to_string(),
        delegates: emb.delegates(),
        input_width: params.width,
        input_height: params.height,
    }));
    // The HTTP API beside the pipeline: started with the daemon's links, stopped first.
    let attach: Option<crate::daemon::Attach<'_>> = cfg.daemon.api.clone().map(|api| {
        let (board, limits) = (board.clone(), cfg.limits);
        Box::new(move |links: crate::daemon::Links| {
            let server = crate::api::start(api, board, links.requests, links.embed, limits)?;
            Ok(Box::new(move || server.shutdown()) as Box<dyn FnOnce()>)
        }) as crate::daemon::Attach<'_>
    });
    crate::daemon::run_attached(
        &cfg,
        g.config.as_deref(),
        &dir,
        Box::new(emb),
        sources,
        crate::daemon::Outputs { sinks, board },
        &ctl,
        attach,
    )?;
    Ok(Outcome::Ok)
}
