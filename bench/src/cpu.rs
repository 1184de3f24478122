//! Where the CPU time of a load run goes: the seconds of user and system time that Plenary's
//! processes, PostgreSQL's processes and the load generator itself used, read from `/proc`
//! before and after the run. On a 2-core machine the three share the cores, so these say
//! which of them a faster write path would have to make cheaper.
use std::fs;

/// Linux's clock ticks per second for `/proc/*/stat` times (USER_HZ, 100 on every Linux build).
const TICKS: f64 = 100.0;

/// User plus system seconds of one process (0 once it is gone).
pub fn process_seconds(pid: u32) -> f64 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / TICKS
}

/// User plus system seconds of every process named `postgres` (the server and its backends;
/// a backend that exited during the run is not counted, so this is a floor).
pub fn postgres_seconds() -> f64 {
    let Ok(dir) = fs::read_dir("/proc") else { return 0.0 };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres"))
        .map(process_seconds)
        .sum()
}

/// The CPU seconds of this process (the load generator).
pub fn own_seconds() -> f64 {
    process_seconds(std::process::id())
}
