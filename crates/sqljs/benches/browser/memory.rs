//! Memory while one lab on sql.js handles many requests.
//!
//! A [`MemoryRun`] is a fresh lab sent a seeded, repeatable stream of
//! requests, the same mix and seed as the native memory example. The page's
//! script sends the stream in slices and, before the first request and at
//! each checkpoint, asks for a [`MemoryRun::report`]: the database's own size
//! (`page_count * page_size` of the main and temp schemas), so growth of the
//! data can be told from growth of the simulator, and this module's
//! WebAssembly memory, the simulator's heap. The script adds what only it can
//! read: the JavaScript heap after a full garbage collection, sql.js's
//! WebAssembly memory and what SQLite says it has allocated inside it.
//!
//! Every `Exchange` is dropped on arrival, as the app drops the ones its
//! history no longer keeps.
//!
//! Two mixes, each run in a fresh page (a fresh renderer process):
//! - `mixed`: what a class does: catalog reads, creates, restocks and
//!   deletes, orders placed, read and cancelled. The data grows.
//! - `read`: catalog pages and products, and the (empty) order list. The
//!   data stays as seeded, so any growth is the simulator's own.

use serde_json::json;
use servicelab_sim::workload::{Mix, Workload, BENCH_SEED};
use servicelab_sim::{Lab, LabConfig, Value};
use servicelab_sqljs::SqlJsDatabase;
use wasm_bindgen::prelude::*;

use crate::page::{now, own_memory_bytes};

/// One lab and the stream of requests sent to it.
#[wasm_bindgen]
pub struct MemoryRun {
    lab: Lab,
    stream: Workload,
    sent: u64,
    /// Milliseconds spent sending requests, reports and pauses left out.
    busy_ms: f64,
}

#[wasm_bindgen]
impl MemoryRun {
    /// A fresh lab on the sql.js module `sql`, for the mix called `mix`
    /// (`mixed` or `read`).
    #[wasm_bindgen(constructor)]
    pub fn new(sql: &JsValue, mix: &str) -> Result<MemoryRun, String> {
        let mix = match mix {
            "mixed" => Mix::Mixed,
            "read" => Mix::Read,
            other => return Err(format!("no mix is called {other:?}")),
        };
        let db = SqlJsDatabase::open(sql).map_err(|e| e.to_string())?;
        let (lab, _) = Lab::open(Box::new(db), LabConfig::default()).map_err(|e| e.to_string())?;
        Ok(MemoryRun {
            lab,
            stream: Workload::new(mix, BENCH_SEED),
            sent: 0,
            busy_ms: 0.0,
        })
    }

    /// Sends the next `count` requests of the stream.
    pub fn send(&mut self, count: u32) -> Result<(), String> {
        let started = now();
        for _ in 0..count {
            let (service, request) = self.stream.next_request();
            let exchange = self.lab.send(service, request).map_err(|e| e.to_string())?;
            self.stream.observe(service, &exchange.response);
        }
        self.busy_ms += now() - started;
        self.sent += u64::from(count);
        Ok(())
    }

    /// Where the run stands, as a JSON object.
    pub fn report(&mut self) -> Result<String, String> {
        let lab = &mut self.lab;
        let stream = &self.stream;
        let report = json!({
            "mix": stream.mix().name(),
            "requests": self.sent,
            "busy_ms": self.busy_ms,
            "sim_wasm_bytes": own_memory_bytes(),
            "db_bytes": schema_bytes(lab, "main")?,
            "temp_bytes": schema_bytes(lab, "temp")?,
            "products": scalar(lab, "SELECT count(*) FROM catalog_product")?,
            "orders": scalar(lab, "SELECT count(*) FROM orders")?,
            "status_2xx": stream.statuses()[2],
            "status_3xx": stream.statuses()[3],
            "status_4xx": stream.statuses()[4],
            "status_5xx": stream.statuses()[5],
        });
        Ok(report.to_string())
    }
}

fn scalar(lab: &mut Lab, sql: &str) -> Result<i64, String> {
    let rows = lab.db().query(sql, &[]).map_err(|e| e.to_string())?;
    rows.scalar()
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("{sql} gave no integer"))
}

/// The bytes a schema's pages take: `page_count * page_size`.
fn schema_bytes(lab: &mut Lab, schema: &str) -> Result<i64, String> {
    let pages = scalar(lab, &format!("PRAGMA {schema}.page_count"))?;
    let size = scalar(lab, &format!("PRAGMA {schema}.page_size"))?;
    Ok(pages * size)
}
