//! File access for the tool: reading feeds with errors that name the file, and atomic
//! writes (temp file in the same folder, fsync, rename, fsync of the folder) so a crash
//! never leaves a half-written feed.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Failure;

/// Set to a non-empty value, this makes [`write_atomic`] stop the process right after
/// the temp file is written and synced, before the rename: a simulated crash, for tests.
pub const CRASH_ENV: &str = "STATUSLIGHT_CRASH_AFTER_TEMP";

/// Exit status of a simulated crash.
pub const CRASH_EXIT: i32 = 70;

/// The bytes of `path`, or an I/O failure naming it.
pub fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    fs::read(path).map_err(|e| Failure::io(format!("{}: cannot read: {e}", path.display())))
}

/// Replace `path` with `bytes` atomically: readers see the old file or the new one, never
/// a mix, whatever happens part-way.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |what: &str, e: std::io::Error| {
        Failure::io(format!("{}: cannot {what}: {e}", path.display()))
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(|e| fail("create its folder", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let tmp = dir.join(format!(".{name}.statuslight-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .or_else(|_| {
                // A temp file left by a crashed run with our pid: start it afresh.
                let _ = fs::remove_file(&tmp);
                OpenOptions::new().write(true).create_new(true).open(&tmp)
            })
            .map_err(|e| fail("create a temp file", e))?;
        f.write_all(bytes)
            .map_err(|e| fail("write the temp file", e))?;
        f.sync_all().map_err(|e| fail("sync the temp file", e))?;
        drop(f);
        if std::env::var_os(CRASH_ENV).is_some_and(|v| !v.is_empty()) {
            eprintln!(
                "statuslight: simulated crash after writing {} ({CRASH_ENV} is set)",
                tmp.display()
            );
            std::process::exit(CRASH_EXIT);
        }
        fs::rename(&tmp, path).map_err(|e| fail("replace it", e))?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Make a rename durable. Folders cannot be opened for syncing everywhere (Windows): best
/// effort.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
