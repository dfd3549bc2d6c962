//! Finding image files: folders walked once per real folder and file, command-line inputs
//! expanded.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// File extensions treated as images when walking folders (case-insensitive).
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "bmp"];

/// Whether a file name has an image extension.
pub fn is_image_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Walks folders for image files, visiting every real folder and file once: symbolic links
/// are followed, but a link back to a folder being walked (a loop such as `photos/a/up ->
/// ..`) or to a folder or file already visited is skipped with a warning, so that no image is
/// found twice. Entries are sorted by name; hidden ones (`.name`) are skipped.
#[derive(Debug, Default)]
pub struct ImageWalk {
    seen: HashSet<(u64, u64)>,
}

/// The images found by [`expand_inputs`], and the inputs that failed.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Image files, in input order (folders sorted by path).
    pub files: Vec<PathBuf>,
    /// Other files found in folders and ignored.
    pub skipped: usize,
    /// Inputs that could not be used, each with the reason (missing, a symlink loop, …).
    pub failed: Vec<(PathBuf, String)>,
}

fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

impl ImageWalk {
    /// Marks `dir` as visited without walking it (e.g. the dataset folder above the class
    /// folders). Returns false if it was visited already.
    pub fn claim(&mut self, dir: &Path) -> std::io::Result<bool> {
        Ok(self.seen.insert(file_id(&std::fs::metadata(dir)?)))
    }

    /// The image files under `dir` (only its own entries unless `recursive`) and the number
    /// of other files. `dir` itself must be readable; an unreadable sub-folder is an error
    /// too, naming it.
    pub fn images_in(
        &mut self,
        dir: &Path,
        recursive: bool,
    ) -> std::io::Result<(Vec<PathBuf>, usize)> {
        let mut out = Vec::new();
        let mut skipped = 0;
        let mut walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) if e.loop_ancestor().is_some() => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                    tracing::warn!(
                        "skipping {}: a symbolic link back to {}, which is being walked (a loop)",
                        path.display(),
                        e.loop_ancestor().unwrap_or(Path::new("?")).display()
                    );
                    continue;
                }
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    let err = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk this folder"));
                    return Err(std::io::Error::new(
                        err.kind(),
                        format!("{}: {err}", path.display()),
                    ));
                }
            };
            let is_root = entry.depth() == 0;
            if !is_root && entry.file_name().to_string_lossy().starts_with('.') {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() {
                if !is_root && !recursive {
                    skipped += 1;
                    walk.skip_current_dir();
                    continue;
                }
                let id = file_id(&entry.metadata().map_err(std::io::Error::other)?);
                if !self.seen.insert(id) && !is_root {
                    tracing::warn!(
                        "skipping {}: the same folder as one already walked (a symbolic link)",
                        entry.path().display()
                    );
                    walk.skip_current_dir();
                }
                continue;
            }
            if !is_image_name(entry.path()) {
                skipped += 1;
                continue;
            }
            let id = file_id(&entry.metadata().map_err(std::io::Error::other)?);
            if self.seen.insert(id) {
                out.push(entry.into_path());
            } else {
                tracing::debug!(
                    "{}: the same file as one already found; skipped",
                    entry.path().display()
                );
            }
        }
        Ok((out, skipped))
    }
}

/// Image files of a folder (recursively if `recursive`), sorted by path, each real file once
/// (see [`ImageWalk`]). Returns the images and the number of other files skipped.
pub fn images_in(dir: &Path, recursive: bool) -> std::io::Result<(Vec<PathBuf>, usize)> {
    ImageWalk::default().images_in(dir, recursive)
}

/// Expands command-line inputs: files are taken as given, folders are walked recursively for
/// image files, every real file once. An input that cannot be used (missing, a symbolic link
/// loop, an unreadable folder) fails alone, with its reason; the others are expanded.
pub fn expand_inputs(inputs: &[PathBuf]) -> Inputs {
    let mut walk = ImageWalk::default();
    let mut found = Inputs::default();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                let why = if e.raw_os_error() == Some(libc::ELOOP) {
                    "a symbolic link loop (it points, through links, back to itself)".to_string()
                } else {
                    e.to_string()
                };
                found.failed.push((input.clone(), why));
                continue;
            }
        };
        if meta.is_dir() {
            match walk.images_in(input, true) {
                Ok((f, s)) => {
                    found.files.extend(f);
                    found.skipped += s;
                }
                Err(e) => found
                    .failed
                    .push((input.clone(), format!("cannot list it: {e}"))),
            }
        } else if walk.seen.insert(file_id(&meta)) {
            found.files.push(input.clone());
        }
    }
    found
}
