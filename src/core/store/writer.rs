//! The one writer: a thread that owns the read-write connection and runs
//! write tasks from a queue, each in one immediate transaction.
//!
//! A task that fails or panics is rolled back whole, and the panic becomes an
//! [`Error::Panicked`] for the caller: the library is never left torn.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::health::Health;
use crate::core::error::{Error, Result};

type Task = Box<dyn FnOnce(&mut Connection) + Send>;

pub struct Writer {
    queue: Option<mpsc::Sender<Task>>,
    thread: Option<JoinHandle<()>>,
    /// Once the library is known to be damaged, every write is refused and
    /// a corruption error from any write marks it so.
    health: Arc<Health>,
    /// Transactions committed by this writer (backups ask "changed since?").
    commits: Arc<AtomicU64>,
}

/// The answer to a queued write, to be collected later.
pub struct Pending<T>(mpsc::Receiver<Result<T>>);

impl<T> Pending<T> {
    /// The result if the write has finished, without waiting.
    pub fn try_take(&self) -> Option<Result<T>> {
        match self.0.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(Error::WriterGone)),
        }
    }

    /// Waits for the write to finish.
    pub fn wait(self) -> Result<T> {
        self.0.recv().unwrap_or(Err(Error::WriterGone))
    }
}

impl Writer {
    /// A writer for a library known to be damaged: it refuses every write
    /// and holds no read-write connection at all.
    pub(super) fn refusing(health: Arc<Health>) -> Writer {
        Writer {
            queue: None,
            thread: None,
            health,
            commits: Arc::new(AtomicU64::new(0)),
        }
    }

    pub(super) fn start(mut conn: Connection, health: Arc<Health>) -> Writer {
        let (queue, tasks) = mpsc::channel::<Task>();
        let thread_health = Arc::clone(&health);
        let thread = std::thread::Builder::new()
            .name("corpusdesk-writer".into())
            .spawn(move || {
                for task in tasks {
                    task(&mut conn);
                }
                // Fold the WAL back into the main file on a clean exit,
                // never into a file found damaged meanwhile.
                if thread_health.damage().is_none() {
                    let _ = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
                }
            })
            .ok();
        Writer {
            queue: thread.as_ref().map(|_| queue),
            thread,
            health,
            commits: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many transactions this writer has committed.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Queues `f` to run in one transaction and returns at once.
    pub fn submit<T, F>(&self, f: F) -> Pending<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T> + Send + 'static,
    {
        let (reply, answer) = mpsc::sync_channel(1);
        if let Some(refusal) = self.health.refusal() {
            let _ = reply.send(Err(refusal));
            return Pending(answer);
        }
        let health = Arc::clone(&self.health);
        let commits = Arc::clone(&self.commits);
        // The submitting thread's owner hears when the write is done.
        let wake = crate::core::jobs::waker();
        let task: Task = Box::new(move |conn: &mut Connection| {
            // A task queued before the damage was found is refused too.
            let result = match health.refusal() {
                Some(refusal) => Err(refusal),
                None => run_in_transaction(conn, f),
            };
            match &result {
                Ok(_) => {
                    commits.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => health.observe(e),
            }
            let _ = reply.send(result);
            if let Some(wake) = wake {
                wake();
            }
        });
        if let Some(queue) = &self.queue {
            // If the thread is gone, `reply` is dropped and `wait` reports it.
            let _ = queue.send(task);
        }
        Pending(answer)
    }

    /// Runs `f` in one transaction and waits for it.
    pub fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T> + Send + 'static,
    {
        self.submit(f).wait()
    }
}

fn run_in_transaction<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // The transaction is rolled back when dropped, also during unwinding.
    match catch_unwind(AssertUnwindSafe(|| f(&tx))) {
        Ok(Ok(value)) => {
            tx.commit()?;
            Ok(value)
        }
        Ok(Err(e)) => Err(e),
        Err(panic) => Err(Error::Panicked(crate::core::jobs::panic_message(&panic))),
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.queue.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
