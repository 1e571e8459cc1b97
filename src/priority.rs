//! Thread scheduling priority: batch work (screening jobs, feed ingests) runs at a lower
//! priority than officers' single queries, so a job slows itself rather than the desk.

/// Lowers the calling thread's scheduling priority to `nice` (0 = normal, 19 = lowest; 0 or
/// less changes nothing). On Linux the nice value is per thread and inherited by the threads
/// it starts, so a worker that lowers itself before it spawns helpers (tantivy's indexing and
/// merge threads) lowers them too. Best effort: an unprivileged process may always lower its
/// own priority; elsewhere than Linux it does nothing.
pub fn lower_current_thread(nice: i32) {
    if nice <= 0 {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority only read their integer arguments.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, nice.min(19));
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn a_thread_lowers_itself_and_the_threads_it_starts() {
        let read = || {
            // SAFETY: getpriority only reads its integer arguments.
            unsafe {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                libc::getpriority(libc::PRIO_PROCESS, tid)
            }
        };
        let (mine, child) = std::thread::spawn(move || {
            let before = read();
            super::lower_current_thread(before + 3);
            (
                read() - before,
                std::thread::spawn(read).join().unwrap() - before,
            )
        })
        .join()
        .unwrap();
        assert_eq!((mine, child), (3, 3));
        // the test thread itself is untouched
        let here = read();
        std::thread::spawn(move || assert_eq!(read(), here))
            .join()
            .unwrap();
    }
}
