//! Background jobs: long work on a worker thread with progress and Cancel.
//!
//! A job's closure gets a [`JobContext`] to report progress and to check the
//! cancel flag. The owner (the GUI each frame, the CLI in a loop) takes the
//! latest progress and the result without blocking. A panic inside the job
//! becomes [`Error::Panicked`] for the owner; the process goes on.
//!
//! An owner that sleeps between looks (the window draws nothing while
//! nothing happens) registers a [`Waker`] with [`set_waker`]: every job
//! started on its thread then calls it when it has news — its first report
//! since the owner last looked, and its end — so nobody polls on a timer.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

use super::error::{Error, Result};

/// The text of a panic payload.
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// What a job calls to tell its owner there is news: a plain callback (the
/// window's asks for a repaint), so the core knows nothing of the owner.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

thread_local! {
    static WAKER: RefCell<Option<Waker>> = const { RefCell::new(None) };
}

/// Registers the owner's waker for the calling thread: jobs started on this
/// thread from now on (and writes queued from it) call it when they have
/// news. `None` stops it.
pub fn set_waker(waker: Option<Waker>) {
    WAKER.with(|w| *w.borrow_mut() = waker);
}

/// The calling thread's waker, for work that reports back to its owner.
pub fn waker() -> Option<Waker> {
    WAKER.with(|w| w.borrow().clone())
}

/// Calls `waker` once until the owner looks again: a job reporting a
/// thousand times between two frames wakes the window once.
#[derive(Clone, Default)]
struct Wake {
    waker: Option<Waker>,
    /// A wake was sent and the owner has not looked since.
    sent: Arc<AtomicBool>,
}

impl Wake {
    fn current() -> Wake {
        Wake {
            waker: waker(),
            sent: Arc::new(AtomicBool::new(false)),
        }
    }

    fn news(&self) {
        if let Some(w) = &self.waker
            && !self.sent.swap(true, Ordering::AcqRel)
        {
            w();
        }
    }

    /// The end: always wakes.
    fn end(&self) {
        if let Some(w) = &self.waker {
            w();
        }
    }

    fn looked(&self) {
        self.sent.store(false, Ordering::Release);
    }
}

/// What a running job sees.
pub struct JobContext<P> {
    cancel: Arc<AtomicBool>,
    progress: Sender<P>,
    wake: Wake,
}

impl<P> JobContext<P> {
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The flag itself, for core functions that take it as a parameter.
    pub fn cancel_flag(&self) -> &Arc<AtomicBool> {
        &self.cancel
    }

    pub fn report(&self, progress: P) {
        let _ = self.progress.send(progress);
        self.wake.news();
    }
}

/// Names of jobs whose next run panics at once (see [`plant_panic`]).
static PLANTED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Makes the next job named `name` panic as it starts: for the tests that
/// prove a panic is reported to the user and leaves the library as it was.
#[doc(hidden)]
pub fn plant_panic(name: &str) {
    PLANTED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(name.to_string());
}

fn take_planted_panic(name: &str) -> bool {
    let mut planted = PLANTED.lock().unwrap_or_else(|p| p.into_inner());
    match planted.iter().position(|n| n == name) {
        Some(i) => {
            planted.remove(i);
            true
        }
        None => false,
    }
}

/// A job running on its own thread.
pub struct Job<T, P> {
    cancel: Arc<AtomicBool>,
    progress: Receiver<P>,
    result: Receiver<Result<T>>,
    last_progress: Option<P>,
    thread: Option<JoinHandle<()>>,
    wake: Wake,
}

impl<T: Send + 'static, P: Send + Clone + 'static> Job<T, P> {
    /// Starts `work` on a new thread.
    pub fn spawn<F>(name: impl Into<String>, work: F) -> Job<T, P>
    where
        F: FnOnce(&JobContext<P>) -> Result<T> + Send + 'static,
    {
        let name = name.into();
        let cancel = Arc::new(AtomicBool::new(false));
        let (progress_tx, progress) = mpsc::channel();
        let (result_tx, result) = mpsc::sync_channel(1);
        let wake = Wake::current();
        let ctx = JobContext {
            cancel: Arc::clone(&cancel),
            progress: progress_tx,
            wake: wake.clone(),
        };
        let fail = take_planted_panic(&name);
        let thread = std::thread::Builder::new()
            .name(format!("job: {name}"))
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    if fail {
                        panic!("a planted panic in the job {name:?}");
                    }
                    work(&ctx)
                }))
                .unwrap_or_else(|panic| Err(Error::Panicked(panic_message(&panic))));
                let _ = result_tx.send(outcome);
                ctx.wake.end();
            });
        let thread = match thread {
            Ok(t) => Some(t),
            Err(e) => {
                // No thread: report it as the job's result.
                let (tx, rx) = mpsc::sync_channel(1);
                let _ = tx.send(Err(Error::Io(e)));
                return Job {
                    cancel,
                    progress,
                    result: rx,
                    last_progress: None,
                    thread: None,
                    wake,
                };
            }
        };
        Job {
            cancel,
            progress,
            result,
            last_progress: None,
            thread,
            wake,
        }
    }

    /// Asks the job to stop; it does at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The newest progress report already drained, as a copy.
    pub fn last(&self) -> Option<P>
    where
        P: Clone,
    {
        self.last_progress.clone()
    }

    /// The newest progress report, draining older ones.
    pub fn progress(&mut self) -> Option<&P> {
        self.wake.looked();
        while let Ok(p) = self.progress.try_recv() {
            self.last_progress = Some(p);
        }
        self.last_progress.as_ref()
    }

    /// The result once the job has ended, without waiting.
    pub fn try_result(&mut self) -> Option<Result<T>> {
        match self.result.try_recv() {
            Ok(r) => {
                self.join();
                Some(r)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Error::Panicked(
                "the job ended without a result".into(),
            ))),
        }
    }

    /// Waits for the result.
    pub fn wait(mut self) -> Result<T> {
        let r = self
            .result
            .recv()
            .unwrap_or_else(|_| Err(Error::Panicked("the job ended without a result".into())));
        self.join();
        r
    }

    fn join(&mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The time a stage still needs, from how fast it has gone so far: the
/// stage's elapsed time scaled by what is left. Silent for the first second
/// of a stage and while nothing is done, when a guess would only jump about.
pub struct TimeLeft {
    stage: String,
    started: std::time::Instant,
}

impl Default for TimeLeft {
    fn default() -> Self {
        TimeLeft {
            stage: String::new(),
            started: std::time::Instant::now(),
        }
    }
}

impl TimeLeft {
    /// The estimate for `done` of `total` in `stage` (a new stage restarts
    /// the clock).
    pub fn estimate(&mut self, stage: &str, done: usize, total: usize) -> Option<f64> {
        if stage != self.stage {
            self.stage = stage.to_string();
            self.started = std::time::Instant::now();
        }
        estimate_left(self.started.elapsed().as_secs_f64(), done, total)
    }
}

/// Seconds left when `done` of `total` took `elapsed` seconds.
pub fn estimate_left(elapsed: f64, done: usize, total: usize) -> Option<f64> {
    if done == 0 || done >= total || elapsed < 1.0 {
        return None;
    }
    Some(elapsed * (total - done) as f64 / done as f64)
}

/// "about 40 s left", "about 3 min left", as a progress bar says it.
pub fn left_text(secs: f64) -> String {
    if secs < 10.0 {
        "a few seconds left".to_string()
    } else if secs < 90.0 {
        format!("about {:.0} s left", (secs / 5.0).round() * 5.0)
    } else if secs < 3600.0 {
        format!("about {:.0} min left", (secs / 60.0).round())
    } else {
        format!("about {:.1} h left", secs / 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_scales_the_elapsed_time_by_what_is_left() {
        assert_eq!(estimate_left(0.5, 10, 100), None, "too early to say");
        assert_eq!(estimate_left(10.0, 0, 100), None, "nothing done yet");
        assert_eq!(estimate_left(10.0, 100, 100), None, "finished");
        assert_eq!(estimate_left(10.0, 25, 100), Some(30.0));
        assert_eq!(left_text(3.0), "a few seconds left");
        assert_eq!(left_text(31.0), "about 30 s left");
        assert_eq!(left_text(200.0), "about 3 min left");
        assert_eq!(left_text(5400.0), "about 1.5 h left");
    }
    use std::time::Duration;

    #[test]
    fn progress_result_and_cancel() {
        let mut job = Job::spawn("count", |ctx: &JobContext<usize>| {
            let mut n = 0;
            while !ctx.is_cancelled() {
                n += 1;
                ctx.report(n);
                std::thread::sleep(Duration::from_millis(1));
            }
            Err::<(), _>(Error::Cancelled)
        });
        while job.progress().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        job.cancel();
        assert!(matches!(job.wait(), Err(Error::Cancelled)));
    }

    #[test]
    fn a_registered_waker_hears_news_once_per_look_and_the_end() {
        use std::sync::atomic::AtomicUsize;
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&woken);
        set_waker(Some(Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })));
        let (go_on, wait) = mpsc::channel::<()>();
        let (reported, hundred) = mpsc::channel::<()>();
        let mut job = Job::spawn("reports", move |ctx: &JobContext<usize>| {
            for i in 0..100 {
                ctx.report(i);
            }
            let _ = reported.send(());
            let _ = wait.recv();
            ctx.report(100);
            Ok(())
        });
        set_waker(None);
        hundred.recv().unwrap();
        assert_eq!(job.progress(), Some(&99));
        // A hundred reports before the owner looked: one wake.
        assert_eq!(woken.load(Ordering::SeqCst), 1);
        go_on.send(()).unwrap();
        job.wait().unwrap();
        // One more for the report after the look, one for the end.
        assert_eq!(woken.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_job_without_a_waker_wakes_nobody() {
        set_waker(None);
        let job = Job::spawn("quiet", |ctx: &JobContext<u8>| {
            ctx.report(1);
            Ok(())
        });
        assert!(job.wait().is_ok());
    }

    #[test]
    fn a_panic_becomes_an_error() {
        let job = Job::<(), ()>::spawn("boom", |_| panic!("boom"));
        match job.wait() {
            Err(Error::Panicked(msg)) => assert_eq!(msg, "boom"),
            other => panic!("{other:?}"),
        }
    }
}
