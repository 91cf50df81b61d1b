//! Pins how `orders` answers on every route, the way a Flask app would, and
//! the shared-database lesson: placing an order reads and decrements the
//! catalog's stock in one transaction, so a refused order changes nothing.

mod common;

use common::*;
use serde_json::json;
use servicelab_sim::{Method, Request, RowChange, StatementOutcome, Value};

fn place(
    lab: &mut servicelab_sim::Lab,
    product_id: i64,
    quantity: i64,
) -> servicelab_sim::Exchange {
    let order = json!({"product_id": product_id, "quantity": quantity});
    send_json(lab, "orders", Method::Post, "/orders", order)
}

#[test]
fn placing_an_order_returns_201_and_takes_the_stock() {
    let mut lab = lab();
    let arrived = lab.clock().sql_stamp();
    let ex = place(&mut lab, 2, 3);
    assert_eq!(ex.response.status, 201);
    assert_eq!(header(&ex, "Content-Type"), Some("application/json"));
    assert_eq!(header(&ex, "Location"), Some("http://orders:5000/orders/1"));
    assert_eq!(
        ex.response.body,
        format!(
            "{{\"created_at\":\"{arrived}\",\"id\":1,\"product_id\":2,\"quantity\":3,\
             \"status\":\"placed\",\"total\":\"118.50\",\"unit_price\":\"39.50\"}}\n"
        )
    );
    assert_eq!(stock(&mut lab, 2), 5);
}

#[test]
fn the_order_and_the_stock_change_commit_together() {
    let mut lab = lab();
    let ex = place(&mut lab, 1, 2);
    let sql: Vec<&str> = ex.statements.iter().map(|s| s.sql.as_str()).collect();
    assert_eq!(sql.first(), Some(&"BEGIN"));
    assert!(sql[2].starts_with("UPDATE catalog_product SET stock"));
    assert!(sql[3].starts_with("INSERT INTO orders"));
    assert_eq!(sql[4], "COMMIT");

    let tables: Vec<&str> = ex.changes.iter().map(|t| t.table.as_str()).collect();
    assert_eq!(tables, ["catalog_product", "orders"]);
    let RowChange::Updated { before, after } = &ex.changes[0].rows[0] else {
        panic!(
            "expected the product row to be updated: {:?}",
            ex.changes[0].rows
        );
    };
    let stock_column = ex.changes[0]
        .columns
        .iter()
        .position(|c| c == "stock")
        .unwrap();
    assert_eq!(before[stock_column], Value::Integer(12));
    assert_eq!(after[stock_column], Value::Integer(10));
}

#[test]
fn too_little_stock_is_409_and_rolls_back_leaving_the_database_unchanged() {
    let mut lab = lab();
    let before = image(&mut lab);
    let ex = place(&mut lab, 4, 4);
    assert_eq!(ex.response.status, 409);
    assert_eq!(
        ex.response.body,
        "{\"available\":3,\"error\":\"not enough stock\",\"requested\":4}\n"
    );
    assert_eq!(
        ex.statements.last().map(|s| s.sql.as_str()),
        Some("ROLLBACK")
    );
    assert!(ex.changes.is_empty());
    assert_eq!(image(&mut lab), before);
    assert_eq!(stock(&mut lab, 4), 3);
}

#[test]
fn an_order_for_exactly_the_remaining_stock_empties_it() {
    let mut lab = lab();
    assert_eq!(place(&mut lab, 4, 3).response.status, 201);
    assert_eq!(stock(&mut lab, 4), 0);
    assert_eq!(place(&mut lab, 4, 1).response.status, 409);
}

#[test]
fn an_unknown_product_is_404_json_and_changes_nothing() {
    let mut lab = lab();
    let before = image(&mut lab);
    let ex = place(&mut lab, 9999, 1);
    assert_eq!(ex.response.status, 404);
    assert_eq!(
        ex.response.body,
        "{\"error\":\"product 9999 does not exist\"}\n"
    );
    assert_eq!(image(&mut lab), before);
}

#[test]
fn bad_quantities_and_fields_are_400_json_naming_the_field() {
    let mut lab = lab();
    let before = image(&mut lab);
    let cases = [
        (
            json!({"product_id": 1, "quantity": 0}),
            "{\"error\":\"quantity must be between 1 and 1000\",\"field\":\"quantity\"}\n",
        ),
        (
            json!({"product_id": 1, "quantity": -3}),
            "{\"error\":\"quantity must be between 1 and 1000\",\"field\":\"quantity\"}\n",
        ),
        (
            json!({"product_id": 1, "quantity": 1001}),
            "{\"error\":\"quantity must be between 1 and 1000\",\"field\":\"quantity\"}\n",
        ),
        (
            json!({"product_id": 1, "quantity": 1e30}),
            "{\"error\":\"quantity must be an integer\",\"field\":\"quantity\"}\n",
        ),
        (
            json!({"product_id": 1, "quantity": 2.5}),
            "{\"error\":\"quantity must be an integer\",\"field\":\"quantity\"}\n",
        ),
        (
            json!({"product_id": 1, "quantity": "2"}),
            "{\"error\":\"quantity must be an integer\",\"field\":\"quantity\"}\n",
        ),
        (
            json!({"product_id": "1; DROP TABLE orders", "quantity": 1}),
            "{\"error\":\"product_id must be an integer\",\"field\":\"product_id\"}\n",
        ),
        (
            json!({"quantity": 1}),
            "{\"error\":\"product_id is required\",\"field\":\"product_id\"}\n",
        ),
        (
            json!({"product_id": 1}),
            "{\"error\":\"quantity is required\",\"field\":\"quantity\"}\n",
        ),
        (
            json!([1, 2]),
            "{\"error\":\"request body must be a JSON object\"}\n",
        ),
    ];
    for (input, expected) in cases {
        let ex = send_json(&mut lab, "orders", Method::Post, "/orders", input.clone());
        assert_eq!(ex.response.status, 400, "{input}");
        assert_eq!(ex.response.body, expected, "{input}");
    }
    assert_eq!(image(&mut lab), before);
}

#[test]
fn malformed_json_and_wrong_content_type_get_werkzeugs_html_pages() {
    let mut lab = lab();
    let broken = Request::new(Method::Post, "/orders").with_body("application/json", "{oops");
    let ex = lab.send("orders", broken).unwrap();
    assert_eq!(ex.response.status, 400);
    assert_eq!(
        header(&ex, "Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(ex.response.body.contains("<title>400 Bad Request</title>"));
    assert!(ex.response.body.contains("Failed to decode JSON object"));

    let form = Request::new(Method::Post, "/orders").with_body("text/plain", "product_id=1");
    let ex = lab.send("orders", form).unwrap();
    assert_eq!(ex.response.status, 415);
    assert_eq!(
        ex.response.body,
        "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n\
         <h1>Unsupported Media Type</h1>\n<p>Did not attempt to load JSON data because the \
         request Content-Type was not &#x27;application/json&#x27;.</p>\n"
    );
    assert!(ex.statements.is_empty());
}

#[test]
fn listing_orders_returns_them_all_with_sorted_keys() {
    let mut lab = lab();
    assert_eq!(
        get(&mut lab, "orders", "/orders").response.body,
        "{\"count\":0,\"orders\":[]}\n"
    );
    place(&mut lab, 1, 1);
    place(&mut lab, 7, 2);
    let ex = get(&mut lab, "orders", "/orders");
    assert_eq!(ex.response.status, 200);
    let listed = body(&ex);
    assert_eq!(listed["count"], 2);
    assert_eq!(listed["orders"][1]["total"], "49.98");
    assert_eq!(listed["orders"][1]["product_id"], 7);
}

#[test]
fn fetching_one_order_and_a_missing_one() {
    let mut lab = lab();
    place(&mut lab, 3, 1);
    let ex = get(&mut lab, "orders", "/orders/1");
    assert_eq!(ex.response.status, 200);
    assert_eq!(body(&ex)["unit_price"], "34.95");
    let route = ex.route.expect("a route matched");
    assert_eq!(route.name, "get_order");
    assert_eq!(route.params, vec![("order_id".to_owned(), "1".to_owned())]);

    let ex = get(&mut lab, "orders", "/orders/77");
    assert_eq!(ex.response.status, 404);
    assert_eq!(ex.response.body, "{\"error\":\"order 77 not found\"}\n");
}

#[test]
fn cancelling_returns_the_stock_once() {
    let mut lab = lab();
    place(&mut lab, 1, 5);
    assert_eq!(stock(&mut lab, 1), 7);
    let ex = lab
        .send("orders", Request::new(Method::Post, "/orders/1/cancel"))
        .unwrap();
    assert_eq!(ex.response.status, 200);
    assert_eq!(body(&ex)["status"], "cancelled");
    assert_eq!(stock(&mut lab, 1), 12);

    let before = image(&mut lab);
    let again = lab
        .send("orders", Request::new(Method::Post, "/orders/1/cancel"))
        .unwrap();
    assert_eq!(again.response.status, 409);
    assert_eq!(
        again.response.body,
        "{\"error\":\"order 1 is already cancelled\"}\n"
    );
    assert_eq!(image(&mut lab), before);

    let missing = lab
        .send("orders", Request::new(Method::Post, "/orders/8/cancel"))
        .unwrap();
    assert_eq!(missing.response.status, 404);
}

#[test]
fn werkzeug_routing_is_strict_about_slashes_and_methods() {
    let mut lab = lab();
    let ex = get(&mut lab, "orders", "/orders/");
    assert_eq!(ex.response.status, 404);
    assert!(ex.response.body.contains("<title>404 Not Found</title>"));

    let ex = lab
        .send("orders", Request::new(Method::Delete, "/orders/1"))
        .unwrap();
    assert_eq!(ex.response.status, 405);
    assert_eq!(header(&ex, "Allow"), Some("GET, HEAD, OPTIONS"));
    assert!(ex
        .response
        .body
        .contains("<title>405 Method Not Allowed</title>"));

    let ex = get(&mut lab, "orders", "/orders/1/cancel");
    assert_eq!(ex.response.status, 405);
    assert_eq!(header(&ex, "Allow"), Some("OPTIONS, POST"));

    let ex = lab
        .send("orders", Request::new(Method::Options, "/orders"))
        .unwrap();
    assert_eq!(ex.response.status, 200);
    assert_eq!(header(&ex, "Allow"), Some("GET, HEAD, OPTIONS, POST"));
}

#[test]
fn deleting_an_ordered_product_hits_the_foreign_key_and_django_answers_500() {
    let mut lab = lab();
    place(&mut lab, 6, 1);
    let before = image(&mut lab);
    let ex = lab
        .send("catalog", Request::new(Method::Delete, "/api/products/6/"))
        .unwrap();
    assert_eq!(ex.response.status, 500);
    assert!(ex
        .response
        .body
        .starts_with("IntegrityError at /api/products/6/\nFOREIGN KEY constraint failed\n"));
    let failed = ex
        .statements
        .iter()
        .find(|s| matches!(s.outcome, StatementOutcome::Failed { .. }));
    assert!(failed.is_some_and(|s| s.sql.starts_with("DELETE FROM \"catalog_product\"")));
    assert_eq!(image(&mut lab), before);
}

#[test]
fn an_unexpected_database_error_is_flasks_plain_500_page() {
    let mut lab = lab();
    // The catalog's migrations own this column; renaming it behind the
    // order service's back is exactly the coupling the lab warns about.
    lab.console("ALTER TABLE catalog_product RENAME COLUMN stock TO quantity_on_hand")
        .unwrap();
    let ex = place(&mut lab, 1, 1);
    assert_eq!(ex.response.status, 500);
    assert!(ex
        .response
        .body
        .contains("<title>500 Internal Server Error</title>"));
    let failed = ex.statements.iter().find_map(|s| match &s.outcome {
        StatementOutcome::Failed { message } => Some(message.clone()),
        _ => None,
    });
    assert_eq!(
        failed.as_deref(),
        Some("no such column: catalog_product.stock")
    );
    assert_eq!(count(&mut lab, "orders"), 0);
}
