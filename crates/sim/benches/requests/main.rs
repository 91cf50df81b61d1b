//! Simulated requests per second, each beside the raw SQL it runs.
//!
//! Each group measures one request two ways, in the same process, on the
//! same kind of database (SQLite in memory, foreign keys on):
//!
//! - `simulated`: `Lab::send`, the whole simulator: routing, the framework's
//!   answer, the service's SQL through the recording session, the change
//!   tracker, the log line and the `Exchange`, dropped at the end.
//! - `raw`: the statements that request recorded, replayed with rusqlite's
//!   `prepare_cached` (see `replay.rs`).
//!
//! Simulated time per request over raw time is what the simulator costs on
//! top of the SQL it runs. Benchmarks report; they assert nothing about
//! speed. `scripts/bench-native` turns criterion's estimates into the table
//! in `docs/benchmarks.md`.
//!
//! Fairness, request by request:
//! - `catalog_list` reads only, so both databases stay as seeded.
//! - `catalog_create` inserts one product per iteration on each side, with a
//!   fresh sku made outside the timed part. Both tables grow, each by the
//!   number of iterations criterion chose for it; the unique sku index deepens
//!   only logarithmically, so the two stay comparable.
//! - `orders_create` orders one unit of product 1, whose stock is raised to
//!   10^15 on both sides before anything is timed: no order is refused and no
//!   restock runs inside the loop. Each side gains one order per iteration.
//! - Building the request is outside the timed part; dropping the
//!   `Exchange` is inside it, since a caller that keeps no history pays it.

mod replay;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::json;
use servicelab_sim::{Exchange, Lab, LabConfig, Method, Request, SqliteDatabase, Value};

use replay::Script;

/// The stock given to the ordered product, more than any run can sell.
const STOCK: i64 = 1_000_000_000_000_000;

/// A seeded lab and a raw database with the same schema and rows.
fn pair() -> (Lab, Connection) {
    let db = SqliteDatabase::open_in_memory().expect("in-memory SQLite opens");
    let (lab, boots) = Lab::open(Box::new(db), LabConfig::default()).expect("lab starts");
    let raw = replay::database(&boots);
    (lab, raw)
}

fn send(lab: &mut Lab, service: &str, request: Request, status: u16) -> Exchange {
    let exchange = lab.send(service, request).expect("service exists");
    assert_eq!(
        exchange.response.status, status,
        "{}",
        exchange.response.body
    );
    exchange
}

fn product(sku: &str) -> Request {
    let body = json!({
        "sku": sku, "name": "Bench widget", "category": "bench", "price": "9.99", "stock": 5,
    });
    Request::json(Method::Post, "/api/products/", &body)
}

fn catalog_list(c: &mut Criterion) {
    let (mut lab, raw) = pair();
    let request = Request::new(Method::Get, "/api/products/");
    let recorded = send(&mut lab, "catalog", request.clone(), 200);
    let script = Script::new(&recorded.statements, None, None);
    script.check(&raw, &SqlValue::Null);

    let mut group = c.benchmark_group("catalog_list");
    group.throughput(Throughput::Elements(1));
    group.bench_function("simulated", |b| {
        b.iter_batched(
            || request.clone(),
            |request| send(&mut lab, "catalog", request, 200).id,
            BatchSize::SmallInput,
        )
    });
    group.bench_function("raw", |b| {
        b.iter(|| script.run(&raw, &SqlValue::Null).expect("replay runs"))
    });
    group.finish();
}

fn catalog_create(c: &mut Criterion) {
    let (mut lab, raw) = pair();
    let recorded = send(&mut lab, "catalog", product("BENCH-0"), 201);
    let sku = Value::from("BENCH-0");
    let script = Script::new(&recorded.statements, Some(&sku), None);
    script.check(&raw, &SqlValue::Text("BENCH-0".into()));

    let mut group = c.benchmark_group("catalog_create");
    group.throughput(Throughput::Elements(1));
    let mut made = 0u64;
    group.bench_function("simulated", |b| {
        b.iter_batched(
            || {
                made += 1;
                product(&format!("BENCH-{made}"))
            },
            |request| send(&mut lab, "catalog", request, 201).id,
            BatchSize::SmallInput,
        )
    });
    let mut made = 0u64;
    group.bench_function("raw", |b| {
        b.iter_batched(
            || {
                made += 1;
                SqlValue::Text(format!("BENCH-{made}"))
            },
            |sku| script.run(&raw, &sku).expect("replay runs"),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn orders_create(c: &mut Criterion) {
    let (mut lab, raw) = pair();
    let restock = "UPDATE catalog_product SET stock = ? WHERE id = 1";
    lab.db()
        .execute(restock, &[STOCK.into()])
        .expect("restock the simulated side");
    raw.execute(restock, [STOCK]).expect("restock the raw side");

    let order = Request::json(
        Method::Post,
        "/orders",
        &json!({"product_id": 1, "quantity": 1}),
    );
    let recorded = send(&mut lab, "orders", order.clone(), 201);
    let id = recorded
        .response
        .json()
        .and_then(|body| body["id"].as_i64());
    let script = Script::new(&recorded.statements, None, id);
    script.check(&raw, &SqlValue::Null);

    let mut group = c.benchmark_group("orders_create");
    group.throughput(Throughput::Elements(1));
    group.bench_function("simulated", |b| {
        b.iter_batched(
            || order.clone(),
            |request| send(&mut lab, "orders", request, 201).id,
            BatchSize::SmallInput,
        )
    });
    group.bench_function("raw", |b| {
        b.iter(|| script.run(&raw, &SqlValue::Null).expect("replay runs"))
    });
    group.finish();
}

criterion_group!(requests, catalog_list, catalog_create, orders_create);
criterion_main!(requests);
