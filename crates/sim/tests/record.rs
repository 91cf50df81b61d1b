//! Pins the record each request leaves: statements with parameters and
//! outcomes, net row changes with before and after images, the framework's
//! log line, and simulated time that depends only on the inputs.

mod common;

use common::*;
use serde_json::json;
use servicelab_sim::clock::CostModel;
use servicelab_sim::{
    Lab, LabConfig, Method, Request, RowChange, SqliteDatabase, StatementOutcome, Value,
};

fn session_of_requests(lab: &mut Lab) -> Vec<servicelab_sim::Exchange> {
    let requests = [
        (
            "catalog",
            Request::new(Method::Get, "/api/products/?page=2"),
        ),
        (
            "orders",
            Request::json(
                Method::Post,
                "/orders",
                &json!({"product_id": 3, "quantity": 2}),
            ),
        ),
        (
            "orders",
            Request::json(
                Method::Post,
                "/orders",
                &json!({"product_id": 3, "quantity": 9}),
            ),
        ),
        (
            "catalog",
            Request::json(Method::Patch, "/api/products/3/", &json!({"price": "1.10"})),
        ),
        ("orders", Request::new(Method::Post, "/orders/1/cancel")),
        ("catalog", Request::new(Method::Delete, "/api/products/36/")),
    ];
    requests
        .into_iter()
        .map(|(s, r)| lab.send(s, r).unwrap())
        .collect()
}

#[test]
fn the_same_requests_give_the_same_record() {
    let first = session_of_requests(&mut lab());
    let second = session_of_requests(&mut lab());
    assert_eq!(first, second);
    let json = serde_json::to_string(&first).unwrap();
    assert_eq!(json, serde_json::to_string(&second).unwrap());
}

#[test]
fn statements_are_recorded_with_parameters_and_outcomes() {
    let mut lab = lab();
    let ex = get(&mut lab, "catalog", "/api/products/2/");
    assert_eq!(ex.statements.len(), 1);
    let statement = &ex.statements[0];
    assert!(statement
        .sql
        .ends_with("WHERE \"catalog_product\".\"id\" = ? LIMIT 21"));
    assert_eq!(statement.params, vec![Value::Integer(2)]);
    assert_eq!(statement.outcome, StatementOutcome::Returned { rows: 1 });

    let ex = send_json(
        &mut lab,
        "catalog",
        Method::Patch,
        "/api/products/2/",
        json!({"stock": 1}),
    );
    let update = ex
        .statements
        .iter()
        .find(|s| s.sql.starts_with("UPDATE"))
        .unwrap();
    assert_eq!(update.outcome, StatementOutcome::Changed { rows: 1 });
    assert_eq!(update.params.last(), Some(&Value::Integer(2)));
}

#[test]
fn inserts_updates_and_deletes_appear_as_net_row_changes() {
    let mut lab = lab();
    let created = send_json(
        &mut lab,
        "catalog",
        Method::Post,
        "/api/products/",
        json!({"sku": "NEW-1", "name": "Blob ✓", "price": "2.00", "stock": 4}),
    );
    let table = &created.changes[0];
    assert_eq!(table.table, "catalog_product");
    assert_eq!(
        table.columns,
        ["id", "sku", "name", "price", "stock", "category"]
    );
    assert_eq!(
        table.rows,
        vec![RowChange::Inserted {
            after: vec![
                Value::Integer(37),
                Value::Text("NEW-1".into()),
                Value::Text("Blob ✓".into()),
                Value::Integer(2),
                Value::Integer(4),
                Value::Text("general".into()),
            ],
        }]
    );

    let deleted = lab
        .send("catalog", Request::new(Method::Delete, "/api/products/37/"))
        .unwrap();
    assert!(matches!(&deleted.changes[0].rows[..],
            [RowChange::Deleted { before }] if before[0] == Value::Integer(37)));

    let unchanged = send_json(
        &mut lab,
        "catalog",
        Method::Patch,
        "/api/products/1/",
        json!({}),
    );
    assert_eq!(unchanged.response.status, 200);
    assert!(
        unchanged.changes.is_empty(),
        "a no-op update is not a change"
    );
}

#[test]
fn a_row_inserted_then_deleted_in_one_statement_batch_nets_to_nothing() {
    let mut lab = lab();
    let result = lab
        .console(
            "WITH doomed AS (SELECT 1) \
             INSERT INTO catalog_product (sku, name, price, stock) VALUES ('T-1', 't', 1, 1)",
        )
        .unwrap();
    assert_eq!(result.changes[0].rows.len(), 1);
    let both = lab
        .console("DELETE FROM catalog_product WHERE sku = 'T-1' RETURNING id")
        .unwrap();
    assert_eq!(both.rows.rows.len(), 1);
    assert!(matches!(
        both.changes[0].rows[..],
        [RowChange::Deleted { .. }]
    ));
}

#[test]
fn log_lines_follow_each_development_server() {
    let mut lab = lab();
    let stamp = lab.clock().log_stamp();
    let ex = get(&mut lab, "catalog", "/api/products/?page=2");
    assert_eq!(
        ex.log_line,
        format!(
            "[{stamp}] \"GET /api/products/?page=2 HTTP/1.1\" 200 {}",
            ex.response.body.len()
        )
    );
    let stamp = lab.clock().log_stamp();
    let ex = get(&mut lab, "orders", "/orders/5");
    assert_eq!(
        ex.log_line,
        format!("127.0.0.1 - - [{stamp}] \"GET /orders/5 HTTP/1.1\" 404 -")
    );
}

#[test]
fn durations_follow_the_cost_model_and_advance_the_clock() {
    let costs = CostModel::default();
    let mut lab = lab();
    let start = lab.clock().now();
    let ex = get(&mut lab, "orders", "/orders");
    let statement = costs.statement(false, 0);
    assert_eq!(ex.duration, costs.flask_request + statement);
    assert_eq!(ex.started_at, start);
    assert_eq!(lab.clock().now().0, start.0 + ex.duration.0);

    let ex = get(&mut lab, "catalog", "/api/products/1/");
    assert_eq!(
        ex.duration,
        costs.django_request + costs.statement(false, 1)
    );
}

#[test]
fn a_slower_cost_model_gives_longer_durations_and_nothing_else_changes() {
    let slow = CostModel {
        commit: servicelab_sim::clock::SimDuration::micros(50_000),
        ..CostModel::default()
    };
    let db = SqliteDatabase::open_in_memory().unwrap();
    let (mut slow_lab, _) = Lab::open(Box::new(db), LabConfig { costs: slow }).unwrap();
    let order = json!({"product_id": 1, "quantity": 1});
    let slow_ex = send_json(
        &mut slow_lab,
        "orders",
        Method::Post,
        "/orders",
        order.clone(),
    );
    let fast_ex = send_json(&mut lab(), "orders", Method::Post, "/orders", order);
    assert!(slow_ex.duration.0 > fast_ex.duration.0 + 40_000);
    assert_eq!(slow_ex.response.status, fast_ex.response.status);
    assert_eq!(slow_ex.changes.len(), fast_ex.changes.len());
}
