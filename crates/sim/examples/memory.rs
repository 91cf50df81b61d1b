//! Resident memory and database size while one lab handles many requests.
//!
//! ```text
//! cargo run -p servicelab-sim --profile bench --example memory -- [--mix mixed|read] [N...]
//! ```
//!
//! (`scripts/bench-native` runs it, with opt-level 3 and no LTO.)
//!
//! Sends a seeded, repeatable stream of requests to a fresh lab and, before
//! the first and after the N-th request for each checkpoint N (by default
//! 1,000 and 100,000), prints one JSON object per line: the process's
//! resident set (`VmRSS` and its peak `VmHWM`, Linux only) beside the
//! database's own size (`page_count * page_size` of the main and temp
//! schemas), so a reader can tell memory the data needs from memory the
//! simulator holds. Every `Exchange` is dropped as soon as it arrives, as a
//! caller that keeps no history would.
//!
//! Two mixes:
//! - `mixed`: what a class does in a session. Lists and reads, creates and
//!   edits, orders placed, read and cancelled. Products and orders
//!   accumulate, so the data grows.
//! - `read`: lists and reads only, so the data stays as seeded and any
//!   growth in resident memory is the simulator's own.
//!
//! `GET /orders` lists every order (the Flask view is unpaginated, as in the
//! course), so its response grows with the table. It is in the `read` mix,
//! where the table stays empty, and left out of `mixed`.
//!
//! Run each mix in its own process: memory freed by one mix stays resident.

use std::fs;

use serde_json::json;
use servicelab_sim::workload::{Mix, Workload, BENCH_SEED};
use servicelab_sim::{Lab, LabConfig, SqliteDatabase, Value};

fn main() {
    let mut mix = "mixed".to_owned();
    let mut checkpoints = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mix" => mix = args.next().unwrap_or_default(),
            n => checkpoints.push(n.parse::<u64>().expect("a checkpoint is a count")),
        }
    }
    if checkpoints.is_empty() {
        checkpoints = vec![1_000, 100_000];
    }
    checkpoints.sort_unstable();
    let read_only = match mix.as_str() {
        "mixed" => false,
        "read" => true,
        other => panic!("unknown mix {other:?}: use mixed or read"),
    };

    let db = SqliteDatabase::open_in_memory().expect("in-memory SQLite opens");
    let (mut lab, _) = Lab::open(Box::new(db), LabConfig::default()).expect("lab starts");
    let mix_kind = if read_only { Mix::Read } else { Mix::Mixed };
    let mut stream = Workload::new(mix_kind, BENCH_SEED);
    let mut sent = 0;
    report(&mut lab, &mix, sent, &stream);
    for checkpoint in checkpoints {
        while sent < checkpoint {
            let (service, request) = stream.next_request();
            let exchange = lab.send(service, request).expect("service exists");
            stream.observe(service, &exchange.response);
            sent += 1;
        }
        report(&mut lab, &mix, sent, &stream);
    }
}

fn report(lab: &mut Lab, mix: &str, requests: u64, stream: &Workload) {
    let (rss, hwm) = resident();
    let line = json!({
        "mix": mix,
        "requests": requests,
        "rss_kib": rss,
        "hwm_kib": hwm,
        "db_bytes": schema_bytes(lab, "main"),
        "temp_bytes": schema_bytes(lab, "temp"),
        "products": scalar(lab, "SELECT count(*) FROM catalog_product"),
        "orders": scalar(lab, "SELECT count(*) FROM orders"),
        "status_2xx": stream.statuses()[2],
        "status_3xx": stream.statuses()[3],
        "status_4xx": stream.statuses()[4],
        "status_5xx": stream.statuses()[5],
        "sqlite_version": lab.db().query("SELECT sqlite_version()", &[]).ok()
            .and_then(|rows| rows.scalar().and_then(Value::as_str).map(str::to_owned)),
    });
    println!("{line}");
}

fn scalar(lab: &mut Lab, sql: &str) -> Option<i64> {
    let rows = lab.db().query(sql, &[]).ok()?;
    rows.scalar().and_then(Value::as_i64)
}

/// The bytes a schema's pages take: `page_count * page_size`.
fn schema_bytes(lab: &mut Lab, schema: &str) -> Option<i64> {
    let pages = scalar(lab, &format!("PRAGMA {schema}.page_count"))?;
    let size = scalar(lab, &format!("PRAGMA {schema}.page_size"))?;
    Some(pages * size)
}

/// `VmRSS` and `VmHWM` from `/proc/self/status`, in KiB; `None` off Linux.
fn resident() -> (Option<u64>, Option<u64>) {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    };
    (field("VmRSS:"), field("VmHWM:"))
}
