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
use servicelab_sim::{seed, Lab, LabConfig, Method, Request, Response, Value};
use servicelab_sqljs::SqlJsDatabase;
use wasm_bindgen::prelude::*;

use crate::page::{now, own_memory_bytes};

/// The stream's seed, the native example's: the same requests in both.
const SEED: u64 = 0x5EED_1AB5;

/// Which requests the stream sends.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mix {
    Mixed,
    Read,
}

impl Mix {
    fn name(self) -> &'static str {
        match self {
            Mix::Mixed => "mixed",
            Mix::Read => "read",
        }
    }
}

/// One lab and the stream of requests sent to it.
#[wasm_bindgen]
pub struct MemoryRun {
    lab: Lab,
    stream: Stream,
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
            stream: Stream::new(mix),
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
            "mix": stream.mix.name(),
            "requests": self.sent,
            "busy_ms": self.busy_ms,
            "sim_wasm_bytes": own_memory_bytes(),
            "db_bytes": schema_bytes(lab, "main")?,
            "temp_bytes": schema_bytes(lab, "temp")?,
            "products": scalar(lab, "SELECT count(*) FROM catalog_product")?,
            "orders": scalar(lab, "SELECT count(*) FROM orders")?,
            "status_2xx": stream.statuses[2],
            "status_3xx": stream.statuses[3],
            "status_4xx": stream.statuses[4],
            "status_5xx": stream.statuses[5],
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

/// A repeatable stream of requests, drawn from a seeded generator with the
/// native example's proportions.
struct Stream {
    mix: Mix,
    rng: u64,
    /// The highest product and order ids created so far.
    last_product: i64,
    last_order: i64,
    skus: u64,
    statuses: [u64; 6],
}

impl Stream {
    fn new(mix: Mix) -> Self {
        Stream {
            mix,
            rng: SEED,
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
        if self.mix == Mix::Read {
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
    /// Only a 201's body is parsed, so the stream costs little beside the lab.
    fn observe(&mut self, service: &str, response: &Response) {
        self.statuses[usize::from(response.status / 100).min(5)] += 1;
        if response.status != 201 {
            return;
        }
        let id = response.json().and_then(|b| b["id"].as_i64()).unwrap_or(0);
        match service {
            "catalog" => self.last_product = self.last_product.max(id),
            _ => self.last_order = self.last_order.max(id),
        }
    }
}
