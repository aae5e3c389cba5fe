//! Thread CPU time as a criterion measurement.
//!
//! The bench machine is shared (2 cores, other builds running): wall time counts the time the
//! bench thread waits for a core, which swung results by 2x between runs. CPU time of the bench
//! thread counts only the time it ran, which is what "single core" throughput means. Set
//! `XMPP_WIRE_BENCH_CLOCK=wall` for criterion's wall clock instead.
#![allow(unsafe_code)]

use std::ffi::c_int;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};

/// Linux `CLOCK_THREAD_CPUTIME_ID` (include/uapi/linux/time.h).
const CLOCK_THREAD_CPUTIME_ID: c_int = 3;

/// `struct timespec` on 64-bit Linux.
#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: c_int, time: *mut Timespec) -> c_int;
}

fn thread_cpu_time() -> Duration {
    let mut time = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec; the clock id is a Linux constant.
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// CPU time spent by the calling thread, in nanoseconds, formatted like wall time.
pub struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }

    fn end(&self, start: Duration) -> Duration {
        thread_cpu_time().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Same unit (nanoseconds) as wall time, so criterion's own formatter fits.
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}
