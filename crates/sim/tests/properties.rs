//! Sends thousands of random requests, well-formed and not, to both
//! services and checks after each one that nothing panicked and the lab's
//! invariants hold: stock is never negative, every order's total is its unit
//! price times its quantity, a placed order takes exactly its quantity from
//! stock, and a request answered with an error leaves the database byte for
//! byte as it was. The seed is fixed, so a failure reproduces.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use servicelab_sim::catalog::money;
use servicelab_sim::{Lab, Method, Request, Value};

/// Text a learner might type, hostile or not.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("'; DROP TABLE catalog_product; --".to_owned()),
        Just("1 OR 1=1".to_owned()),
        Just("Robert'); DELETE FROM orders;--".to_owned()),
        Just("naïve café ✓ 🚀 \u{202E}".to_owned()),
        Just("x".repeat(5_000)),
        Just("\0".to_owned()),
        "[a-zA-Z0-9 _-]{0,40}",
        any::<String>(),
    ]
}

fn scalar() -> impl Strategy<Value = Json> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        (-5i64..50).prop_map(|n| json!(n)),
        any::<f64>().prop_map(|x| serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)),
        Just(json!(u64::MAX)),
        Just(json!(1e300)),
        Just(json!(true)),
        Just(json!(null)),
        Just(json!([1])),
        Just(json!({"nested": 1})),
        text().prop_map(Json::String),
        "-?[0-9]{1,12}(\\.[0-9]{1,4})?".prop_map(Json::String),
    ]
}

fn product_body() -> impl Strategy<Value = Json> {
    proptest::collection::btree_map(
        prop_oneof![
            Just("sku".to_owned()),
            Just("name".to_owned()),
            Just("category".to_owned()),
            Just("price".to_owned()),
            Just("stock".to_owned()),
            Just("id".to_owned()),
            text(),
        ],
        scalar(),
        0..7,
    )
    .prop_map(|m| Json::Object(m.into_iter().collect()))
}

#[derive(Clone, Debug)]
enum Step {
    Place {
        product: Json,
        quantity: Json,
    },
    Cancel(i64),
    Create(Json),
    Update {
        id: i64,
        body: Json,
        partial: bool,
    },
    Delete(i64),
    Raw {
        service: bool,
        method: String,
        target: String,
        content_type: String,
        body: String,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let id = -2i64..45;
    prop_oneof![
        4 => (prop_oneof![(0i64..45).prop_map(|n| json!(n)), scalar()],
              prop_oneof![(1i64..15).prop_map(|n| json!(n)), scalar()])
            .prop_map(|(product, quantity)| Step::Place { product, quantity }),
        1 => (0i64..30).prop_map(Step::Cancel),
        2 => product_body().prop_map(Step::Create),
        2 => (id.clone(), product_body(), any::<bool>())
            .prop_map(|(id, body, partial)| Step::Update { id, body, partial }),
        1 => id.prop_map(Step::Delete),
        2 => (
            any::<bool>(),
            prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), "[A-Za-z]{0,8}"],
            prop_oneof![
                Just("/api/products/".to_owned()),
                Just("/orders".to_owned()),
                "/[a-z0-9/%?=&.<>'\" -]{0,30}",
                any::<String>(),
            ],
            prop_oneof![
                Just("application/json".to_owned()),
                Just("application/x-www-form-urlencoded".to_owned()),
                any::<String>(),
            ],
            any::<String>(),
        )
            .prop_map(|(service, method, target, content_type, body)| Step::Raw {
                service, method, target, content_type, body,
            }),
    ]
}

fn to_request(step: &Step) -> (&'static str, Request) {
    match step {
        Step::Place { product, quantity } => (
            "orders",
            Request::json(
                Method::Post,
                "/orders",
                &json!({"product_id": product, "quantity": quantity}),
            ),
        ),
        Step::Cancel(id) => (
            "orders",
            Request::new(Method::Post, &format!("/orders/{id}/cancel")),
        ),
        Step::Create(body) => (
            "catalog",
            Request::json(Method::Post, "/api/products/", body),
        ),
        Step::Update { id, body, partial } => {
            let method = if *partial { Method::Patch } else { Method::Put };
            (
                "catalog",
                Request::json(method, &format!("/api/products/{id}/"), body),
            )
        }
        Step::Delete(id) => (
            "catalog",
            Request::new(Method::Delete, &format!("/api/products/{id}/")),
        ),
        Step::Raw {
            service,
            method,
            target,
            content_type,
            body,
        } => {
            let service = if *service { "catalog" } else { "orders" };
            let request = Request::new(Method::parse(method), target).with_body(content_type, body);
            (service, request)
        }
    }
}

fn check_invariants(lab: &mut Lab) -> Result<(), TestCaseError> {
    let negative = lab
        .db()
        .query("SELECT count(*) FROM catalog_product WHERE stock < 0", &[]);
    let negative = negative.map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(negative.scalar(), Some(&Value::Integer(0)));
    let orders = lab
        .db()
        .query("SELECT unit_price, quantity, total FROM orders", &[])
        .unwrap();
    for row in &orders.rows {
        let unit = money(&row[0]).unwrap_or_default();
        let quantity = Decimal::from(row[1].as_i64().unwrap_or_default());
        let total = money(&row[2]).unwrap_or_default();
        prop_assert_eq!(unit * quantity, total, "order row {:?}", row);
        prop_assert!(quantity > Decimal::ZERO);
    }
    Ok(())
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut lab = lab();
    for step in steps {
        let before = image(&mut lab);
        let product_before = match step {
            Step::Place { product, .. } => product.as_i64().and_then(|id| {
                lab.db()
                    .query(
                        "SELECT stock FROM catalog_product WHERE id = ?",
                        &[id.into()],
                    )
                    .ok()
            }),
            _ => None,
        };
        let (service, request) = to_request(step);
        let ex = lab
            .send(service, request)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;

        if ex.response.status >= 400 {
            prop_assert!(
                image(&mut lab) == before,
                "{:?} answered {} but changed the database",
                step,
                ex.response.status
            );
            prop_assert!(!ex.changed_rows());
        }
        if let (Step::Place { product, quantity }, 201) = (step, ex.response.status) {
            let had = product_before
                .and_then(|r| r.scalar().and_then(Value::as_i64))
                .unwrap_or(-1);
            let id = product.as_i64().unwrap_or_default();
            prop_assert_eq!(
                stock(&mut lab, id),
                had - quantity.as_i64().unwrap_or_default()
            );
        }
        check_invariants(&mut lab)?;
    }
    Ok(())
}

#[test]
fn random_requests_never_panic_and_keep_the_invariants() {
    let config = Config {
        cases: 160,
        rng_seed: RngSeed::Fixed(0x5e41_1ce1ab),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(step(), 10..40), |steps| {
        run(&steps)
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}
