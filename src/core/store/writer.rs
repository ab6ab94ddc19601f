//! The one writer: a thread that owns the read-write connection and runs
//! write tasks from a queue, each in one immediate transaction.
//!
//! A task that fails or panics is rolled back whole, and the panic becomes an
//! [`Error::Panicked`] for the caller: the library is never left torn.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::core::error::{Error, Result};

type Task = Box<dyn FnOnce(&mut Connection) + Send>;

pub struct Writer {
    queue: Option<mpsc::Sender<Task>>,
    thread: Option<JoinHandle<()>>,
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
    pub(super) fn start(mut conn: Connection) -> Writer {
        let (queue, tasks) = mpsc::channel::<Task>();
        let thread = std::thread::Builder::new()
            .name("corpusdesk-writer".into())
            .spawn(move || {
                for task in tasks {
                    task(&mut conn);
                }
                // Fold the WAL back into the main file on a clean exit.
                let _ = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
            })
            .ok();
        Writer {
            queue: thread.as_ref().map(|_| queue),
            thread,
        }
    }

    /// Queues `f` to run in one transaction and returns at once.
    pub fn submit<T, F>(&self, f: F) -> Pending<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T> + Send + 'static,
    {
        let (reply, answer) = mpsc::sync_channel(1);
        let task: Task = Box::new(move |conn: &mut Connection| {
            let _ = reply.send(run_in_transaction(conn, f));
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
        Err(panic) => Err(Error::Panicked(panic_message(&panic))),
    }
}

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

impl Drop for Writer {
    fn drop(&mut self) {
        self.queue.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
