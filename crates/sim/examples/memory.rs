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
use servicelab_sim::{seed, Lab, LabConfig, Method, Request, SqliteDatabase, Value};

/// The stream's seed: the same seed gives the same requests.
const SEED: u64 = 0x5EED_1AB5;

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
    let mut stream = Stream::new(read_only);
    let mut sent = 0;
    report(&mut lab, &mix, sent, &stream);
    for checkpoint in checkpoints {
        while sent < checkpoint {
            let (service, request) = stream.next_request();
            let exchange = lab.send(service, request).expect("service exists");
            stream.observe(service, exchange.response.status, exchange.response.json());
            sent += 1;
        }
        report(&mut lab, &mix, sent, &stream);
    }
}

/// A repeatable stream of requests, drawn from a seeded generator.
struct Stream {
    rng: u64,
    read_only: bool,
    /// The highest product and order ids created so far.
    last_product: i64,
    last_order: i64,
    skus: u64,
    statuses: [u64; 6],
}

impl Stream {
    fn new(read_only: bool) -> Self {
        Stream {
            rng: SEED,
            read_only,
            last_product: seed::PRODUCTS.len() as i64,
            last_order: 0,
            skus: 0,
            statuses: [0; 6],
        }
    }

    /// xorshift64*: small, seeded, and good enough to pick requests.
    fn below(&mut self, n: u64) -> u64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }

    fn product_id(&mut self) -> i64 {
        1 + self.below(self.last_product as u64) as i64
    }

    fn next_request(&mut self) -> (&'static str, Request) {
        let roll = self.below(100);
        if self.read_only {
            return match roll {
                0..=94 => self.read(),
                _ => ("orders", Request::new(Method::Get, "/orders")),
            };
        }
        match roll {
            0..=29 => self.read(),
            30..=37 => self.create_product(),
            38..=42 => {
                let target = format!("/api/products/{}/", self.product_id());
                let body = json!({"stock": 500});
                ("catalog", Request::json(Method::Patch, &target, &body))
            }
            43..=44 => {
                let target = format!("/api/products/{}/", self.product_id());
                ("catalog", Request::new(Method::Delete, &target))
            }
            45..=79 => {
                let product_id = self.product_id();
                let quantity = 1 + self.below(3) as i64;
                let body = json!({"product_id": product_id, "quantity": quantity});
                ("orders", Request::json(Method::Post, "/orders", &body))
            }
            80..=95 => {
                let target = format!("/orders/{}", 1 + self.below(self.last_order as u64));
                ("orders", Request::new(Method::Get, &target))
            }
            _ => {
                let id = 1 + self.below(self.last_order as u64);
                let target = format!("/orders/{id}/cancel");
                ("orders", Request::new(Method::Post, &target))
            }
        }
    }

    /// A catalog read: the first, second or last page, or one product.
    fn read(&mut self) -> (&'static str, Request) {
        let target = match self.below(100) {
            0..=39 => "/api/products/".to_owned(),
            40..=54 => "/api/products/?page=2".to_owned(),
            55..=59 => "/api/products/?page=last".to_owned(),
            _ => format!("/api/products/{}/", self.product_id()),
        };
        ("catalog", Request::new(Method::Get, &target))
    }

    fn create_product(&mut self) -> (&'static str, Request) {
        self.skus += 1;
        let body = json!({
            "sku": format!("MEM-{:06}", self.skus),
            "name": "Memory probe",
            "category": "lab",
            "price": "1.25",
            "stock": 10,
        });
        (
            "catalog",
            Request::json(Method::Post, "/api/products/", &body),
        )
    }

    /// Notes a response: its status class, and any new product or order id.
    fn observe(&mut self, service: &str, status: u16, body: Option<serde_json::Value>) {
        self.statuses[usize::from(status / 100).min(5)] += 1;
        if status != 201 {
            return;
        }
        let id = body.and_then(|b| b["id"].as_i64()).unwrap_or(0);
        match service {
            "catalog" => self.last_product = self.last_product.max(id),
            _ => self.last_order = self.last_order.max(id),
        }
    }
}

fn report(lab: &mut Lab, mix: &str, requests: u64, stream: &Stream) {
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
        "status_2xx": stream.statuses[2],
        "status_3xx": stream.statuses[3],
        "status_4xx": stream.statuses[4],
        "status_5xx": stream.statuses[5],
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
