//! Pins how `catalog` answers on every route, the way Django REST Framework
//! would: whole responses (status, the headers that matter, body) for each
//! route, DRF's validation and not-found bodies, and Django's URL handling.

mod common;

use common::*;
use serde_json::json;
use servicelab_sim::{Method, Request};

const DETAIL_ALLOW: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
const LIST_ALLOW: &str = "GET, POST, HEAD, OPTIONS";

#[test]
fn list_returns_the_first_page_with_drf_pagination_links() {
    let mut lab = lab();
    let ex = get(&mut lab, "catalog", "/api/products/");
    assert_eq!(ex.response.status, 200);
    assert_eq!(header(&ex, "Content-Type"), Some("application/json"));
    assert_eq!(header(&ex, "Allow"), Some(LIST_ALLOW));
    assert_eq!(header(&ex, "Vary"), Some("Accept"));
    let body = body(&ex);
    assert_eq!(body["count"], 36);
    assert_eq!(body["next"], "http://catalog:8000/api/products/?page=2");
    assert_eq!(body["previous"], json!(null));
    assert_eq!(body["results"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        body["results"][0],
        json!({"id": 1, "sku": "BK-0001", "name": "Designing Data-Intensive Applications",
               "category": "books", "price": "45.99", "stock": 12})
    );
    assert_eq!(
        header(&ex, "Content-Length"),
        Some(ex.response.body.len().to_string().as_str())
    );
}

#[test]
fn later_pages_link_back_and_the_last_page_has_no_next() {
    let mut lab = lab();
    let second = body(&get(&mut lab, "catalog", "/api/products/?page=2"));
    assert_eq!(second["previous"], "http://catalog:8000/api/products/");
    assert_eq!(second["next"], "http://catalog:8000/api/products/?page=3");
    assert_eq!(second["results"][0]["id"], 11);

    let last = body(&get(&mut lab, "catalog", "/api/products/?page=last"));
    assert_eq!(last["next"], json!(null));
    assert_eq!(last["previous"], "http://catalog:8000/api/products/?page=3");
    assert_eq!(last["results"].as_array().map(Vec::len), Some(6));
}

#[test]
fn an_out_of_range_or_garbled_page_is_drf_invalid_page() {
    let mut lab = lab();
    for page in [
        "0",
        "5",
        "-1",
        "two",
        "99999999999999999999999",
        "1%27%20OR%201=1",
    ] {
        let ex = get(&mut lab, "catalog", &format!("/api/products/?page={page}"));
        assert_eq!(ex.response.status, 404, "page {page}");
        assert_eq!(
            ex.response.body, r#"{"detail":"Invalid page."}"#,
            "page {page}"
        );
    }
}

#[test]
fn create_returns_201_with_the_stored_product_and_defaults() {
    let mut lab = lab();
    let ex = send_json(
        &mut lab,
        "catalog",
        Method::Post,
        "/api/products/",
        json!({"sku": "LAB-1", "name": "  Beaker  ", "price": 3}),
    );
    assert_eq!(ex.response.status, 201);
    assert_eq!(header(&ex, "Content-Type"), Some("application/json"));
    assert_eq!(header(&ex, "Allow"), Some(LIST_ALLOW));
    assert_eq!(
        ex.response.body,
        r#"{"id":37,"sku":"LAB-1","name":"Beaker","category":"general","price":"3.00","stock":0}"#
    );
    let stored = body(&get(&mut lab, "catalog", "/api/products/37/"));
    assert_eq!(stored, body(&ex));
}

#[test]
fn create_accepts_form_data_as_drf_parsers_do() {
    let mut lab = lab();
    let request = Request::new(Method::Post, "/api/products/").with_body(
        "application/x-www-form-urlencoded",
        "sku=FORM-1&name=Caf%C3%A9+Table&price=12.5&stock=4",
    );
    let ex = lab.send("catalog", request).unwrap();
    assert_eq!(ex.response.status, 201, "{}", ex.response.body);
    assert_eq!(body(&ex)["name"], "Café Table");
    assert_eq!(body(&ex)["price"], "12.50");
}

#[test]
fn retrieve_returns_one_product() {
    let mut lab = lab();
    let ex = get(&mut lab, "catalog", "/api/products/4/");
    assert_eq!(ex.response.status, 200);
    assert_eq!(header(&ex, "Allow"), Some(DETAIL_ALLOW));
    assert_eq!(
        ex.response.body,
        concat!(
            r#"{"id":4,"sku":"BK-0004","name":"The Art of PostgreSQL","#,
            r#""category":"books","price":"29.00","stock":3}"#,
        )
    );
}

#[test]
fn a_missing_product_is_drf_not_found() {
    let mut lab = lab();
    for target in [
        "/api/products/999/",
        "/api/products/99999999999999999999999/",
    ] {
        let ex = get(&mut lab, "catalog", target);
        assert_eq!(ex.response.status, 404);
        assert_eq!(header(&ex, "Content-Type"), Some("application/json"));
        assert_eq!(
            ex.response.body,
            r#"{"detail":"No Product matches the given query."}"#
        );
    }
}

#[test]
fn put_replaces_every_field_and_requires_them_all() {
    let mut lab = lab();
    let full = json!({"sku": "BK-0001", "name": "DDIA", "category": "books",
                      "price": "50.00", "stock": 3});
    let ex = send_json(&mut lab, "catalog", Method::Put, "/api/products/1/", full);
    assert_eq!(ex.response.status, 200);
    assert_eq!(
        ex.response.body,
        r#"{"id":1,"sku":"BK-0001","name":"DDIA","category":"books","price":"50.00","stock":3}"#
    );

    let partial = json!({"name": "Only a name"});
    let ex = send_json(
        &mut lab,
        "catalog",
        Method::Put,
        "/api/products/1/",
        partial,
    );
    assert_eq!(ex.response.status, 400);
    assert_eq!(
        ex.response.body,
        r#"{"sku":["This field is required."],"price":["This field is required."]}"#
    );
}

#[test]
fn patch_changes_only_the_fields_given() {
    let mut lab = lab();
    let ex = send_json(
        &mut lab,
        "catalog",
        Method::Patch,
        "/api/products/2/",
        json!({"stock": 99}),
    );
    assert_eq!(ex.response.status, 200);
    assert_eq!(header(&ex, "Allow"), Some(DETAIL_ALLOW));
    assert_eq!(
        ex.response.body,
        concat!(
            r#"{"id":2,"sku":"BK-0002","name":"Building Microservices","#,
            r#""category":"books","price":"39.50","stock":99}"#,
        )
    );
}

#[test]
fn delete_answers_204_with_no_body_and_the_product_is_gone() {
    let mut lab = lab();
    let ex = lab
        .send("catalog", Request::new(Method::Delete, "/api/products/5/"))
        .unwrap();
    assert_eq!(ex.response.status, 204);
    assert_eq!(ex.response.body, "");
    assert_eq!(header(&ex, "Content-Type"), None);
    assert_eq!(
        get(&mut lab, "catalog", "/api/products/5/").response.status,
        404
    );
    assert_eq!(count(&mut lab, "catalog_product"), 35);
}

#[test]
fn a_duplicate_sku_is_refused_by_drf_unique_validator() {
    let mut lab = lab();
    let dup = json!({"sku": "BK-0001", "name": "Copy", "price": "1.00"});
    let ex = send_json(&mut lab, "catalog", Method::Post, "/api/products/", dup);
    assert_eq!(ex.response.status, 400);
    assert_eq!(
        ex.response.body,
        r#"{"sku":["product with this sku already exists."]}"#
    );

    // Keeping its own sku on update is not a duplicate; taking another's is.
    let own = json!({"sku": "BK-0002"});
    let ex = send_json(&mut lab, "catalog", Method::Patch, "/api/products/2/", own);
    assert_eq!(ex.response.status, 200);
    let other = json!({"sku": "BK-0003"});
    let ex = send_json(
        &mut lab,
        "catalog",
        Method::Patch,
        "/api/products/2/",
        other,
    );
    assert_eq!(
        ex.response.body,
        r#"{"sku":["product with this sku already exists."]}"#
    );
}

#[test]
fn validation_collects_every_field_error_in_field_order() {
    let mut lab = lab();
    let cases = [
        (
            json!({}),
            concat!(
                r#"{"sku":["This field is required."],"#,
                r#""name":["This field is required."],"#,
                r#""price":["This field is required."]}"#,
            ),
        ),
        (
            json!({"sku": "  ", "name": null, "price": "abc"}),
            concat!(
                r#"{"sku":["This field may not be blank."],"#,
                r#""name":["This field may not be null."],"#,
                r#""price":["A valid number is required."]}"#,
            ),
        ),
        (
            json!({"sku": true, "name": ["x"], "price": "123456789.00"}),
            concat!(
                r#"{"sku":["Not a valid string."],"name":["Not a valid string."],"#,
                r#""price":["Ensure that there are no more than 10 digits in total."]}"#,
            ),
        ),
        (
            json!({"sku": "x".repeat(33), "name": "n", "price": "1.234"}),
            concat!(
                r#"{"sku":["Ensure this field has no more than 32 characters."],"#,
                r#""price":["Ensure that there are no more than 2 decimal places."]}"#,
            ),
        ),
        (
            json!({"sku": "a", "name": "n", "price": "-1", "stock": -5}),
            concat!(
                r#"{"price":["Ensure this value is greater than or equal to 0."],"#,
                r#""stock":["Ensure this value is greater than or equal to 0."]}"#,
            ),
        ),
        (
            json!({"sku": "a", "name": "n", "price": "NaN", "stock": "ten"}),
            r#"{"price":["A valid number is required."],"stock":["A valid integer is required."]}"#,
        ),
        (
            json!({"sku": "a", "name": "n", "price": 1e300, "stock": 1.5}),
            concat!(
                r#"{"price":["Ensure that there are no more than 10 digits in total."],"#,
                r#""stock":["A valid integer is required."]}"#,
            ),
        ),
        (
            json!({"sku": "a", "name": "n", "price": "1", "stock": 18446744073709551615u64}),
            r#"{"stock":["Ensure this value is less than or equal to 9223372036854775807."]}"#,
        ),
        (
            json!([1, 2]),
            r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#,
        ),
        (
            json!("text"),
            r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]}"#,
        ),
        (json!(null), r#"{"non_field_errors":["No data provided"]}"#),
    ];
    for (input, expected) in cases {
        let before = image(&mut lab);
        let ex = send_json(
            &mut lab,
            "catalog",
            Method::Post,
            "/api/products/",
            input.clone(),
        );
        assert_eq!(ex.response.status, 400, "{input}");
        assert_eq!(ex.response.body, expected, "{input}");
        assert_eq!(image(&mut lab), before, "{input} changed the database");
    }
}

#[test]
fn malformed_json_is_a_drf_parse_error() {
    let mut lab = lab();
    let request =
        Request::new(Method::Post, "/api/products/").with_body("application/json", "{\"sku\": ");
    let ex = lab.send("catalog", request).unwrap();
    assert_eq!(ex.response.status, 400);
    let detail = body(&ex)["detail"].as_str().unwrap_or_default().to_owned();
    assert!(detail.starts_with("JSON parse error - "), "{detail}");
    assert!(ex.statements.is_empty());
}

#[test]
fn an_unsupported_media_type_is_415() {
    let mut lab = lab();
    let request = Request::new(Method::Post, "/api/products/").with_body("text/plain", "sku=1");
    let ex = lab.send("catalog", request).unwrap();
    assert_eq!(ex.response.status, 415);
    assert_eq!(
        ex.response.body,
        r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#
    );
}

#[test]
fn a_known_path_with_the_wrong_method_is_405_with_allow() {
    let mut lab = lab();
    let ex = lab
        .send("catalog", Request::new(Method::Delete, "/api/products/"))
        .unwrap();
    assert_eq!(ex.response.status, 405);
    assert_eq!(header(&ex, "Allow"), Some(LIST_ALLOW));
    assert_eq!(
        ex.response.body,
        r#"{"detail":"Method \"DELETE\" not allowed."}"#
    );
    let ex = lab
        .send(
            "catalog",
            Request::new(Method::parse("purge"), "/api/products/1/"),
        )
        .unwrap();
    assert_eq!(ex.response.status, 405);
    assert_eq!(
        ex.response.body,
        r#"{"detail":"Method \"PURGE\" not allowed."}"#
    );
}

#[test]
fn an_unknown_path_is_django_debug_404_listing_the_patterns() {
    let mut lab = lab();
    let ex = get(&mut lab, "catalog", "/api/<script>/");
    assert_eq!(ex.response.status, 404);
    assert_eq!(
        header(&ex, "Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let page = &ex.response.body;
    assert!(page.contains("Page not found <span>(404)</span>"));
    assert!(page.contains("<li>api/products/&lt;int:pk&gt;/ [name='product-detail']</li>"));
    assert!(page.contains("The current path, <code>api/&lt;script&gt;/</code>, didn't match"));
    assert!(!page.contains("<script>"));
    assert!(ex.route.is_none());
}

#[test]
fn a_missing_slash_redirects_a_get_and_refuses_a_post() {
    let mut lab = lab();
    let ex = get(&mut lab, "catalog", "/api/products/3?x=1");
    assert_eq!(ex.response.status, 301);
    assert_eq!(header(&ex, "Location"), Some("/api/products/3/?x=1"));
    assert_eq!(ex.response.body, "");

    let before = image(&mut lab);
    let post = json!({"sku": "S-1", "name": "n", "price": "1"});
    let ex = send_json(&mut lab, "catalog", Method::Post, "/api/products", post);
    assert_eq!(ex.response.status, 500);
    assert_eq!(
        header(&ex, "Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(ex
        .response
        .body
        .starts_with("RuntimeError at /api/products\nYou called this URL via POST"));
    assert_eq!(image(&mut lab), before);
}

#[test]
fn head_has_get_headers_and_no_body_and_options_describes_the_view() {
    let mut lab = lab();
    let ex = lab
        .send("catalog", Request::new(Method::Head, "/api/products/1/"))
        .unwrap();
    assert_eq!(ex.response.status, 200);
    assert_eq!(ex.response.body, "");
    assert_eq!(header(&ex, "Content-Type"), Some("application/json"));

    let ex = lab
        .send("catalog", Request::new(Method::Options, "/api/products/"))
        .unwrap();
    assert_eq!(ex.response.status, 200);
    assert_eq!(header(&ex, "Allow"), Some(LIST_ALLOW));
    assert_eq!(body(&ex)["name"], "Product List");
    assert!(ex.statements.is_empty());
}

#[test]
fn every_catalog_response_carries_djangos_security_headers() {
    let mut lab = lab();
    for target in ["/api/products/", "/api/nowhere", "/api/products/1/"] {
        let ex = get(&mut lab, "catalog", target);
        assert_eq!(header(&ex, "X-Frame-Options"), Some("DENY"), "{target}");
        assert_eq!(
            header(&ex, "X-Content-Type-Options"),
            Some("nosniff"),
            "{target}"
        );
        assert_eq!(
            header(&ex, "Referrer-Policy"),
            Some("same-origin"),
            "{target}"
        );
    }
}
