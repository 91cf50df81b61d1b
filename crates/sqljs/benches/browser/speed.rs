//! Simulated requests per second on sql.js, each beside the raw SQL it runs.
//!
//! The same three requests as the native bench, each measured two ways in one
//! page, on two sql.js databases with the same schema and rows:
//!
//! - `simulated`: `Lab::send` on [`SqlJsDatabase`], the whole simulator:
//!   routing, the framework's answer, the service's SQL through the recording
//!   session and the binding, change tracking, the log line and the
//!   `Exchange`, dropped inside the timed part as a caller that keeps no
//!   history would.
//! - `raw`: the statements that request recorded, replayed from JavaScript
//!   (see `replay.rs`).
//!
//! The page's script (`tests/bench/page/bench-page.js`) times each request in
//! rounds: a round runs one batch of the simulated request and one batch of
//! the raw one, the two in turn (which goes first alternates), so a burst of
//! load from elsewhere on the machine falls on both sides alike. Both sides
//! are started the same way, by a call from the page's script into this
//! module. Requests are built before a batch starts, so building them is not
//! timed.
//!
//! Fairness, request by request, as natively:
//! - the product list reads only, so both databases stay as seeded;
//! - a create gets a fresh sku every time on both sides, so both tables grow
//!   alike;
//! - placing an order orders one unit of product 1, whose stock is raised to
//!   10^15 on both sides first, so no order is refused.

use js_sys::Array;
use serde_json::json;
use servicelab_sim::{Exchange, Lab, LabConfig, Method, Request, Value};
use servicelab_sqljs::SqlJsDatabase;
use wasm_bindgen::prelude::*;

use crate::page::now;
use crate::replay::{describe, RawDatabase, Script};

/// The stock given to the ordered product, more than any run can sell.
const STOCK: i64 = 1_000_000_000_000_000;

/// One of the three measured requests.
#[derive(Clone, Copy, Debug)]
enum Measured {
    CatalogList,
    CatalogCreate,
    OrdersCreate,
}

impl Measured {
    const ALL: [Measured; 3] = [
        Measured::CatalogList,
        Measured::CatalogCreate,
        Measured::OrdersCreate,
    ];

    fn name(self) -> &'static str {
        match self {
            Measured::CatalogList => "catalog_list",
            Measured::CatalogCreate => "catalog_create",
            Measured::OrdersCreate => "orders_create",
        }
    }

    fn service(self) -> &'static str {
        match self {
            Measured::OrdersCreate => "orders",
            _ => "catalog",
        }
    }

    fn status(self) -> u16 {
        match self {
            Measured::CatalogList => 200,
            _ => 201,
        }
    }

    /// The `n`-th request of this kind; only a create differs each time.
    fn request(self, n: u64) -> Request {
        match self {
            Measured::CatalogList => Request::new(Method::Get, "/api/products/"),
            Measured::CatalogCreate => {
                let body = json!({
                    "sku": format!("BENCH-{n}"), "name": "Bench widget", "category": "bench",
                    "price": "9.99", "stock": 5,
                });
                Request::json(Method::Post, "/api/products/", &body)
            }
            Measured::OrdersCreate => Request::new(Method::Post, "/orders")
                .with_body("application/json", r#"{"product_id": 1, "quantity": 1}"#),
        }
    }

    /// The raw side's input for the `n`-th request: the sku of a create.
    fn input(self, n: u64) -> JsValue {
        match self {
            Measured::CatalogCreate => JsValue::from_str(&format!("BENCH-{n}")),
            _ => JsValue::NULL,
        }
    }
}

/// A lab and a raw database in the same state, and the script of one
/// request, for the page to time.
#[wasm_bindgen]
pub struct Pair {
    measured: Measured,
    lab: Lab,
    raw_db: RawDatabase,
    script: Script,
    /// Requests made so far on each side, for fresh skus.
    sent: u64,
    replayed: u64,
}

#[wasm_bindgen]
impl Pair {
    /// Opens both sides for the request called `request` (`catalog_list`,
    /// `catalog_create` or `orders_create`) on the sql.js module `sql`.
    #[wasm_bindgen(constructor)]
    pub fn new(sql: &JsValue, request: &str) -> Result<Pair, String> {
        let measured = Measured::ALL
            .into_iter()
            .find(|m| m.name() == request)
            .ok_or_else(|| format!("no measured request is called {request:?}"))?;
        let db = SqlJsDatabase::open(sql).map_err(|e| e.to_string())?;
        let (mut lab, boots) =
            Lab::open(Box::new(db), LabConfig::default()).map_err(|e| e.to_string())?;
        let raw_db = RawDatabase::from_boots(sql, &boots)?;

        if let Measured::OrdersCreate = measured {
            let restock = format!("UPDATE catalog_product SET stock = {STOCK} WHERE id = 1");
            lab.db().execute(&restock, &[]).map_err(|e| e.to_string())?;
            raw_db.scalar(&restock).map_err(describe)?;
        }

        // The request the script is made of counts as the first on each side.
        let exchange = send(&mut lab, measured, measured.request(0))?;
        let sku = Value::from("BENCH-0");
        let input = matches!(measured, Measured::CatalogCreate).then_some(&sku);
        let returned = match measured {
            Measured::OrdersCreate => exchange.response.json().and_then(|b| b["id"].as_i64()),
            _ => None,
        };
        let script = Script::new(&exchange.statements, input, returned)?;
        script.check(&raw_db, &measured.input(0))?;

        Ok(Pair {
            measured,
            lab,
            raw_db,
            script,
            sent: 1,
            replayed: 1,
        })
    }

    /// Times one batch through the simulator; microseconds per request.
    pub fn simulated(&mut self, batch: usize) -> Result<f64, String> {
        let requests: Vec<Request> = (0..batch as u64)
            .map(|i| self.measured.request(self.sent + i))
            .collect();
        self.sent += batch as u64;

        let started = now();
        for request in requests {
            send(&mut self.lab, self.measured, request)?;
        }
        Ok((now() - started) * 1000.0 / batch as f64)
    }

    /// Times one batch of the raw replay; microseconds per request.
    pub fn raw(&mut self, batch: usize) -> Result<f64, String> {
        let inputs: Array = (0..batch as u64)
            .map(|i| self.measured.input(self.replayed + i))
            .collect();
        self.replayed += batch as u64;
        let elapsed = self.raw_db.time(&self.script, &inputs)?;
        Ok(elapsed * 1000.0 / batch as f64)
    }

    /// Frees the raw side's statements and database; the lab's database is
    /// closed when the pair itself is freed.
    pub fn close(&self) {
        self.raw_db.close();
    }
}

/// Sends a measured request and fails unless it got its usual status. The
/// exchange is dropped by the caller, inside the timed part.
fn send(lab: &mut Lab, measured: Measured, request: Request) -> Result<Exchange, String> {
    let exchange = lab
        .send(measured.service(), request)
        .map_err(|e| e.to_string())?;
    if exchange.response.status != measured.status() {
        return Err(format!("{}: {}", measured.name(), exchange.response.body));
    }
    Ok(exchange)
}
