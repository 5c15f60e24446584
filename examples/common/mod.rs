//! What the timing examples share: CPU clocks (steadier than wall time on a machine shared with
//! other work) and the median of a run's figures. Included with `mod common;`; cargo does not
//! build this folder as an example of its own (it has no main.rs).

/// Which CPU time [`cpu_ms`] reads.
#[allow(dead_code)] // each example reads one of the two
#[derive(Clone, Copy)]
pub enum Clock {
    /// The whole process, all threads (`CLOCK_PROCESS_CPUTIME_ID`).
    Process,
    /// The calling thread only (`CLOCK_THREAD_CPUTIME_ID`).
    Thread,
}

/// On-CPU time of `clock` in ms (0 off Linux).
#[cfg(target_os = "linux")]
pub fn cpu_ms(clock: Clock) -> f64 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, out: *mut Timespec) -> i32;
    }
    let id = match clock {
        Clock::Process => 2,
        Clock::Thread => 3,
    };
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec (two 64-bit fields on 64-bit Linux) into `t`.
    let ok = unsafe { clock_gettime(id, &mut t) } == 0;
    if ok { t.sec as f64 * 1e3 + t.nsec as f64 / 1e6 } else { 0.0 }
}

/// On-CPU time of `clock` in ms (0 off Linux).
#[cfg(not(target_os = "linux"))]
pub fn cpu_ms(_clock: Clock) -> f64 {
    0.0
}

/// The median of a run's figures (the upper one of an even count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The arguments the dataset timings share, `FILE [RUNS]`: the dataset read from FILE (the bytes
/// dropped once it is loaded) and RUNS (`default_runs` when not given).
#[allow(dead_code)] // the examples that time ingestion read their files themselves
pub fn loaded(example: &str, default_runs: usize) -> (spi_wasm::Dataset, usize) {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).unwrap_or_else(|| panic!("usage: {example} FILE [RUNS]"));
    let runs = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(default_runs);
    let bytes = std::fs::read(path).expect("readable file");
    (spi_wasm::Dataset::from_json(&bytes).expect("valid dataset"), runs)
}
