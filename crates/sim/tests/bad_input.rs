//! Pins what hostile and odd input does: SQL-looking text is stored as
//! text and never run, lengths are counted in characters as Python counts
//! them, unicode survives the round trip, and nothing panics.

mod common;

use common::*;
use serde_json::json;
use servicelab_sim::{Method, Request};

const HOSTILE: &[&str] = &[
    "'; DROP TABLE catalog_product; --",
    "\" OR \"\"=\"",
    "1); DELETE FROM orders WHERE (1=1",
    "Robert'); DROP TABLE django_migrations;--",
    "<script>alert(1)</script>",
    "Ünïcödé ✓ 🚀 中文 עברית",
];

#[test]
fn sql_looking_text_in_every_field_is_stored_verbatim() {
    let mut lab = lab();
    for (i, text) in HOSTILE.iter().enumerate() {
        // DRF trims surrounding whitespace, so the sku is cut to length and trimmed.
        let sku: String = format!("{i}{text}").chars().take(32).collect();
        let input = json!({"sku": sku.trim(),
                          "name": text, "category": text.chars().take(50).collect::<String>(),
                          "price": "1.00"});
        let ex = send_json(
            &mut lab,
            "catalog",
            Method::Post,
            "/api/products/",
            input.clone(),
        );
        assert_eq!(ex.response.status, 201, "{text}: {}", ex.response.body);
        let id = body_id(&ex);
        let stored = body(&get(&mut lab, "catalog", &format!("/api/products/{id}/")));
        assert_eq!(stored["name"], input["name"]);
        assert_eq!(stored["sku"], input["sku"]);
    }
    assert_eq!(
        count(&mut lab, "catalog_product"),
        36 + HOSTILE.len() as i64
    );
    assert_eq!(count(&mut lab, "django_migrations"), 2);
}

fn body_id(ex: &servicelab_sim::Exchange) -> i64 {
    body(ex)["id"].as_i64().expect("an id")
}

#[test]
fn lengths_count_characters_not_bytes() {
    let mut lab = lab();
    let emoji_name = "🚀".repeat(200);
    let ok = json!({"sku": "E-1", "name": emoji_name, "price": "1"});
    assert_eq!(
        send_json(&mut lab, "catalog", Method::Post, "/api/products/", ok)
            .response
            .status,
        201
    );
    let long = json!({"sku": "E-2", "name": "🚀".repeat(201), "price": "1"});
    let ex = send_json(&mut lab, "catalog", Method::Post, "/api/products/", long);
    assert_eq!(
        ex.response.body,
        r#"{"name":["Ensure this field has no more than 200 characters."]}"#
    );
}

#[test]
fn very_long_inputs_are_refused_without_harm() {
    let mut lab = lab();
    let before = image(&mut lab);
    let huge = "9".repeat(100_000);
    let ex = send_json(
        &mut lab,
        "catalog",
        Method::Post,
        "/api/products/",
        json!({"sku": huge, "name": huge, "price": huge, "stock": huge}),
    );
    assert_eq!(ex.response.status, 400);
    assert_eq!(body(&ex)["price"][0], "String value too large.");
    assert_eq!(body(&ex)["stock"][0], "String value too large.");

    let path = format!("/api/products/{huge}/");
    assert_eq!(get(&mut lab, "catalog", &path).response.status, 404);
    let path = format!("/orders/{huge}");
    assert_eq!(get(&mut lab, "orders", &path).response.status, 404);
    let order = json!({"product_id": 1, "quantity": huge});
    assert_eq!(
        send_json(&mut lab, "orders", Method::Post, "/orders", order)
            .response
            .status,
        400
    );
    assert_eq!(image(&mut lab), before);
}

#[test]
fn odd_paths_query_strings_and_headers_are_answered() {
    let mut lab = lab();
    let before = image(&mut lab);
    let targets = [
        "",
        "/",
        "//",
        "/api/products/%FF%FE/",
        "/api/products/../../etc/passwd",
        "/api/products/?page=%27%3B%20DROP%20TABLE%20orders%3B--",
        "/orders/1/cancel/extra",
        "/orders/%31",
        "/api/products/１/",
        "?",
        "/api/products/?page=2&page=3",
    ];
    for target in targets {
        for service in ["catalog", "orders"] {
            let ex = get(&mut lab, service, target);
            assert!(ex.response.status >= 200, "{service} {target}");
        }
    }
    // Percent-encoded digits are decoded before matching, as Werkzeug does.
    assert_eq!(get(&mut lab, "orders", "/orders/%31").response.status, 404);
    assert_eq!(image(&mut lab), before);

    let loud = Request::new(Method::Post, "/api/products/").with_body(
        "APPLICATION/JSON; charset=UTF-8",
        r#"{"sku": "H-1", "name": "n", "price": "2"}"#,
    );
    assert_eq!(lab.send("catalog", loud).unwrap().response.status, 201);
}

#[test]
fn bodies_that_are_not_what_they_claim_are_refused_cleanly() {
    let mut lab = lab();
    let before = image(&mut lab);
    let bodies = [
        "",
        "{",
        "[]",
        "null",
        "\"text\"",
        "{\"sku\": \"\u{0}\"}",
        "\u{FEFF}{}",
        "{} {}",
    ];
    for body_text in bodies {
        for (service, target) in [("catalog", "/api/products/"), ("orders", "/orders")] {
            let request =
                Request::new(Method::Post, target).with_body("application/json", body_text);
            let ex = lab.send(service, request).unwrap();
            assert!(
                (400..500).contains(&ex.response.status),
                "{service} {body_text:?}: {}",
                ex.response.status
            );
        }
    }
    assert_eq!(image(&mut lab), before);
}
