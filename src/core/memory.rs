//! The allocator's settings for a process that reads texts of any size.
//!
//! glibc returns a freed block over its mmap threshold to the system at
//! once, but raises that threshold to the size of each such block freed
//! (up to 32 MB): after the first multi-megabyte text, every later one is
//! carved from the heap and stays counted in the process's memory. A
//! 100,000-file import with four 1–10 MB texts peaked at 305 MB that way,
//! 243 MB with the threshold fixed (`cargo bench --bench import`), at the
//! same speed.

/// Fixes the mmap threshold at 1 MB (glibc only; elsewhere nothing to do).
/// Called once at start by the binary and the benchmarks.
#[allow(unsafe_code)] // the one call into the C allocator
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before
    // any thread that allocates is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
