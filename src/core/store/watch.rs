//! Notices when another process changes a library: a thread looks at the
//! library file and its write-ahead log once a second and calls the owner's
//! waker when either changed, so a window that draws nothing while idle
//! still sees a CLI import land.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use crate::core::jobs::Waker;

/// How often the files are looked at.
const EVERY: Duration = Duration::from_secs(1);

/// A running watch; it stops when dropped.
pub struct Watch {
    stop: Arc<AtomicBool>,
}

type Stamp = Vec<Option<(u64, Option<SystemTime>)>>;

fn stamp(files: &[PathBuf]) -> Stamp {
    files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .ok()
                .map(|m| (m.len(), m.modified().ok()))
        })
        .collect()
}

impl Watch {
    /// Watches the library at `path`, calling `waker` after each change.
    pub fn start(path: &Path, waker: Waker) -> Watch {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let files = vec![path.to_path_buf(), PathBuf::from(wal)];
        let spawned = std::thread::Builder::new()
            .name("library watch".into())
            .spawn(move || {
                let mut last = stamp(&files);
                loop {
                    std::thread::sleep(EVERY);
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    let now = stamp(&files);
                    if now != last {
                        last = now;
                        waker();
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot watch the library for other processes' changes: {e}");
        }
        Watch { stop }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_change_to_the_file_wakes_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.corpus");
        std::fs::write(&file, b"one").unwrap();
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&woken);
        let _watch = Watch::start(
            &file,
            Arc::new(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            }),
        );
        std::thread::sleep(Duration::from_millis(1300));
        assert_eq!(woken.load(Ordering::SeqCst), 0, "nothing changed");
        std::fs::write(&file, b"one and two").unwrap();
        let start = std::time::Instant::now();
        while woken.load(Ordering::SeqCst) == 0 {
            assert!(start.elapsed() < Duration::from_secs(10), "never woken");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
