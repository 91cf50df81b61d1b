//! Helpers shared by the scenario tests.
#![allow(dead_code)]

use serde_json::Value as Json;
use servicelab_sim::{Exchange, Lab, LabConfig, Method, Request, SqliteDatabase, Value};

/// A freshly seeded lab on an in-memory SQLite database.
pub fn lab() -> Lab {
    let db = SqliteDatabase::open_in_memory().expect("in-memory SQLite opens");
    Lab::open(Box::new(db), LabConfig::default())
        .expect("lab starts")
        .0
}

pub fn get(lab: &mut Lab, service: &str, target: &str) -> Exchange {
    lab.send(service, Request::new(Method::Get, target))
        .expect("service exists")
}

pub fn send_json(
    lab: &mut Lab,
    service: &str,
    method: Method,
    target: &str,
    body: Json,
) -> Exchange {
    lab.send(service, Request::json(method, target, &body))
        .expect("service exists")
}

pub fn body(exchange: &Exchange) -> Json {
    serde_json::from_str(&exchange.response.body)
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", exchange.response.body))
}

pub fn stock(lab: &mut Lab, product_id: i64) -> i64 {
    lab.db()
        .query(
            "SELECT stock FROM catalog_product WHERE id = ?",
            &[product_id.into()],
        )
        .expect("stock query")
        .scalar()
        .and_then(Value::as_i64)
        .expect("product exists")
}

pub fn count(lab: &mut Lab, table: &str) -> i64 {
    lab.db()
        .query(&format!("SELECT count(*) FROM {table}"), &[])
        .expect("count query")
        .scalar()
        .and_then(Value::as_i64)
        .expect("count")
}

pub fn image(lab: &mut Lab) -> Vec<u8> {
    lab.db().image().expect("image")
}

pub fn header<'a>(exchange: &'a Exchange, name: &str) -> Option<&'a str> {
    exchange.response.headers.get(name)
}
