//! `orders`: an order service written the Flask way, on SQLAlchemy Core.
//!
//! It owns the `orders` table, made by `metadata.create_all()`: SQLAlchemy
//! asks SQLite whether the table exists and creates it if not, and keeps no
//! record of having done so (compare Django's `django_migrations`).
//!
//! The lesson it carries is the shared database. To place an order it reads
//! and decrements the product's stock directly in the catalog's own table,
//! `catalog_product`, inside one transaction with the insert of the order.
//! Either both happen or neither does. It works, and it couples the two
//! services through a schema one of them does not own: rename a column in a
//! catalog migration and the order service breaks.
//!
//! Simplifications:
//! - The read-then-update of stock is safe here because requests run one at
//!   a time. A real deployment with concurrent writers would use
//!   `BEGIN IMMEDIATE` or a conditional UPDATE to avoid selling the last
//!   item twice.
//! - No authentication: anyone may order and cancel.

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use crate::catalog::money;
use crate::flask::{json_body, jsonify};
use crate::http::{Method, Request, Response};
use crate::record::Framework;
use crate::routing::{Params, Route};
use crate::service::{Example, Service};
use crate::session::{Failure, Session};
use crate::{DbError, Rows, Value};

/// The largest quantity one order may ask for.
pub const MAX_QUANTITY: i64 = 1_000;

const ROUTES: &[Route] = &[
    Route {
        pattern: "/orders",
        name: "list_orders",
        methods: &["GET", "POST"],
        summary: "List orders, or place one",
    },
    Route {
        pattern: "/orders/<int:order_id>",
        name: "get_order",
        methods: &["GET"],
        summary: "Fetch one order",
    },
    Route {
        pattern: "/orders/<int:order_id>/cancel",
        name: "cancel_order",
        methods: &["POST"],
        summary: "Cancel an order and return its stock",
    },
];

const CREATE_TABLE: &str = "\nCREATE TABLE orders (\n\tid INTEGER NOT NULL, \n\
    \tproduct_id INTEGER NOT NULL, \n\tquantity INTEGER NOT NULL, \n\
    \tunit_price NUMERIC(10, 2) NOT NULL, \n\ttotal NUMERIC(10, 2) NOT NULL, \n\
    \tstatus VARCHAR(20) NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\
    \tPRIMARY KEY (id), \n\tCHECK (quantity > 0), \n\
    \tFOREIGN KEY(product_id) REFERENCES catalog_product (id)\n)\n";

const ORDER_COLUMNS: &str = "orders.id, orders.product_id, orders.quantity, orders.unit_price, \
    orders.total, orders.status, orders.created_at";

/// The orders service.
#[derive(Debug, Default)]
pub struct Orders;

impl Service for Orders {
    fn name(&self) -> &'static str {
        "orders"
    }

    fn framework(&self) -> Framework {
        Framework::Flask
    }

    fn host(&self) -> &'static str {
        "orders:5000"
    }

    fn routes(&self) -> &'static [Route] {
        ROUTES
    }

    fn examples(&self) -> Vec<Example> {
        examples()
    }

    /// `metadata.create_all(engine)`.
    fn migrate(&self, session: &mut Session) -> Result<Vec<String>, DbError> {
        let exists = session.query("PRAGMA main.table_info(\"orders\")", &[])?;
        if exists.rows.is_empty() {
            session.run(CREATE_TABLE)?;
        }
        Ok(vec![
            " * Serving Flask app 'orders'".into(),
            " * Debug mode: off".into(),
            " * Running on http://127.0.0.1:5000".into(),
        ])
    }

    fn seed(&self, _session: &mut Session) -> Result<(), DbError> {
        Ok(())
    }

    fn handle(
        &self,
        route: &Route,
        params: &Params,
        session: &mut Session,
        request: &Request,
    ) -> Result<Response, Failure> {
        let id = params.first().map(|(_, v)| v.parse::<i64>().unwrap_or(-1));
        match (route.name, &request.method, id) {
            ("list_orders", Method::Post, _) => orders_create(session, request),
            ("list_orders", _, _) => orders_list(session),
            ("get_order", _, Some(id)) => orders_retrieve(session, id),
            ("cancel_order", _, Some(id)) => orders_cancel(session, id),
            _ => Ok(error(404, "not found", json!({}))),
        }
    }
}

fn error(status: u16, message: &str, extra: Json) -> Response {
    let mut body = json!({ "error": message });
    if let (Some(body), Json::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    jsonify(status, &body)
}

fn orders_list(session: &mut Session) -> Result<Response, Failure> {
    let rows = session.query(
        &format!("SELECT {ORDER_COLUMNS} FROM orders ORDER BY orders.id"),
        &[],
    )?;
    let orders: Vec<Json> = (0..rows.rows.len()).map(|i| order_json(&rows, i)).collect();
    Ok(jsonify(
        200,
        &json!({ "orders": orders, "count": orders.len() }),
    ))
}

fn orders_retrieve(session: &mut Session, id: i64) -> Result<Response, Failure> {
    let rows = fetch(session, id)?;
    if rows.rows.is_empty() {
        return Ok(error(404, &format!("order {id} not found"), json!({})));
    }
    Ok(jsonify(200, &order_json(&rows, 0)))
}

/// Reads `product_id` and `quantity` from the body, or answers 400 naming
/// the first problem, as a hand-written Flask view would.
fn order_input(body: &Json) -> Result<(i64, i64), Response> {
    let Some(object) = body.as_object() else {
        return Err(error(400, "request body must be a JSON object", json!({})));
    };
    let whole = |name: &str| -> Result<i64, Response> {
        match object.get(name) {
            None | Some(Json::Null) => Err(error(
                400,
                &format!("{name} is required"),
                json!({ "field": name }),
            )),
            Some(Json::Number(n)) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
            Some(_) => Err(error(
                400,
                &format!("{name} must be an integer"),
                json!({ "field": name }),
            )),
        }
    };
    let product_id = whole("product_id")?;
    let quantity = whole("quantity")?;
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(error(
            400,
            &format!("quantity must be between 1 and {MAX_QUANTITY}"),
            json!({ "field": "quantity" }),
        ));
    }
    Ok((product_id, quantity))
}

fn orders_create(session: &mut Session, request: &Request) -> Result<Response, Failure> {
    let body = json_body(request).map_err(Failure::Respond)?;
    let (product_id, quantity) = order_input(&body).map_err(Failure::Respond)?;
    let now = session.now().to_owned();

    // The shared-database step: read and decrement the catalog's stock and
    // record the order in one transaction. Any early return rolls it back.
    let order_id = session.atomic(|s| {
        let product = s.query(
            "SELECT catalog_product.id, catalog_product.price, catalog_product.stock \
             FROM catalog_product WHERE catalog_product.id = ?",
            &[product_id.into()],
        )?;
        if product.rows.is_empty() {
            let message = format!("product {product_id} does not exist");
            return Err(Failure::Respond(error(404, &message, json!({}))));
        }
        let stock = product
            .cell(0, "stock")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if stock < quantity {
            let extra = json!({ "available": stock, "requested": quantity });
            return Err(Failure::Respond(error(409, "not enough stock", extra)));
        }
        let price = product.cell(0, "price").and_then(money).unwrap_or_default();
        let total = price * Decimal::from(quantity);

        s.execute(
            "UPDATE catalog_product SET stock=(catalog_product.stock - ?) \
             WHERE catalog_product.id = ?",
            &[quantity.into(), product_id.into()],
        )?;
        let inserted = s.query(
            "INSERT INTO orders (product_id, quantity, unit_price, total, status, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            &[
                product_id.into(),
                quantity.into(),
                format!("{price:.2}").into(),
                format!("{total:.2}").into(),
                "placed".into(),
                now.into(),
            ],
        )?;
        Ok(inserted
            .scalar()
            .and_then(Value::as_i64)
            .unwrap_or_default())
    })?;

    let rows = fetch(session, order_id)?;
    let mut response = jsonify(201, &order_json(&rows, 0));
    response
        .headers
        .set("Location", format!("http://orders:5000/orders/{order_id}"));
    Ok(response)
}

fn orders_cancel(session: &mut Session, id: i64) -> Result<Response, Failure> {
    session.atomic(|s| {
        let rows = fetch(s, id)?;
        if rows.rows.is_empty() {
            return Err(Failure::Respond(error(
                404,
                &format!("order {id} not found"),
                json!({}),
            )));
        }
        if rows.cell(0, "status").and_then(Value::as_str) == Some("cancelled") {
            let message = format!("order {id} is already cancelled");
            return Err(Failure::Respond(error(409, &message, json!({}))));
        }
        let product_id = rows.cell(0, "product_id").cloned().unwrap_or(Value::Null);
        let quantity = rows.cell(0, "quantity").cloned().unwrap_or(Value::Null);
        s.execute(
            "UPDATE catalog_product SET stock=(catalog_product.stock + ?) \
             WHERE catalog_product.id = ?",
            &[quantity, product_id],
        )?;
        s.execute(
            "UPDATE orders SET status=? WHERE orders.id = ?",
            &["cancelled".into(), id.into()],
        )?;
        Ok(())
    })?;
    let rows = fetch(session, id)?;
    Ok(jsonify(200, &order_json(&rows, 0)))
}

fn fetch(session: &mut Session, id: i64) -> Result<Rows, DbError> {
    session.query(
        &format!("SELECT {ORDER_COLUMNS} FROM orders WHERE orders.id = ?"),
        &[id.into()],
    )
}

/// An order as the view returns it. SQLAlchemy hands NUMERIC columns back
/// as `Decimal`, which Flask's JSON provider writes as a string.
fn order_json(rows: &Rows, index: usize) -> Json {
    let cell = |name: &str| rows.cell(index, name).unwrap_or(&Value::Null);
    let amount = |name: &str| money(cell(name)).map(|d| format!("{d:.2}"));
    json!({
        "id": cell("id").as_i64(),
        "product_id": cell("product_id").as_i64(),
        "quantity": cell("quantity").as_i64(),
        "unit_price": amount("unit_price"),
        "total": amount("total"),
        "status": cell("status").as_str(),
        "created_at": cell("created_at").as_str(),
    })
}

fn examples() -> Vec<Example> {
    vec![
        Example {
            title: "Place an order (decrements the catalog's stock)",
            method: "POST",
            target: "/orders",
            body: Some(r#"{"product_id": 1, "quantity": 2}"#),
        },
        Example {
            title: "Order more than is in stock (409, nothing changes)",
            method: "POST",
            target: "/orders",
            body: Some(r#"{"product_id": 4, "quantity": 50}"#),
        },
        Example {
            title: "Order a product that does not exist",
            method: "POST",
            target: "/orders",
            body: Some(r#"{"product_id": 9999, "quantity": 1}"#),
        },
        Example {
            title: "List orders",
            method: "GET",
            target: "/orders",
            body: None,
        },
        Example {
            title: "Fetch order 1",
            method: "GET",
            target: "/orders/1",
            body: None,
        },
        Example {
            title: "Cancel order 1 (stock goes back)",
            method: "POST",
            target: "/orders/1/cancel",
            body: None,
        },
        Example {
            title: "Trailing slash (Flask's strict slashes: 404)",
            method: "GET",
            target: "/orders/",
            body: None,
        },
    ]
}
