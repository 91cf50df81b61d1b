//! Pins where tables come from and how a lab starts again: Django records
//! its migrations, SQLAlchemy's create_all records nothing, seed data loads
//! once, and reset brings the seed back with foreign keys still on.

mod common;

use common::*;
use serde_json::json;
use servicelab_sim::{Lab, LabConfig, Method, SqliteDatabase, Value};

#[test]
fn first_start_migrates_both_services_and_seeds_the_catalog() {
    let db = SqliteDatabase::open_in_memory().unwrap();
    let (mut lab, boots) = Lab::open(Box::new(db), LabConfig::default()).unwrap();
    assert_eq!(boots[0].service, "catalog");
    assert_eq!(
        boots[0].log,
        [
            "Operations to perform:",
            "  Apply all migrations: catalog",
            "Running migrations:",
            "  Applying catalog.0001_initial... OK",
            "  Applying catalog.0002_product_category... OK",
        ]
    );
    assert!(boots[0]
        .statements
        .iter()
        .any(|s| s.sql.starts_with("CREATE TABLE \"django_migrations\"")));
    assert!(boots[1]
        .statements
        .iter()
        .any(|s| s.sql.contains("CREATE TABLE orders")));
    assert_eq!(boots[1].log[0], " * Serving Flask app 'orders'");

    let applied = lab
        .db()
        .query("SELECT app, name FROM django_migrations ORDER BY id", &[])
        .unwrap();
    let names: Vec<_> = applied.rows.iter().map(|r| r[1].clone()).collect();
    assert_eq!(
        names,
        [
            Value::from("0001_initial"),
            Value::from("0002_product_category")
        ]
    );
    assert_eq!(count(&mut lab, "catalog_product"), 36);
    assert_eq!(count(&mut lab, "orders"), 0);
}

#[test]
fn restarting_on_the_same_database_applies_and_seeds_nothing() {
    let mut lab = lab();
    send_json(
        &mut lab,
        "orders",
        Method::Post,
        "/orders",
        json!({"product_id": 1, "quantity": 1}),
    );
    let before = image(&mut lab);
    let (mut again, boots) = Lab::open(lab.into_database(), LabConfig::default()).unwrap();
    assert_eq!(
        boots[0].log.last().map(String::as_str),
        Some("  No migrations to apply.")
    );
    assert!(!boots[1]
        .statements
        .iter()
        .any(|s| s.sql.contains("CREATE TABLE")));
    assert_eq!(image(&mut again), before);
}

#[test]
fn reset_drops_everything_and_brings_the_seed_back_with_foreign_keys_on() {
    let mut lab = lab();
    let pristine = lab
        .db()
        .query("SELECT * FROM catalog_product ORDER BY id", &[])
        .unwrap();
    send_json(
        &mut lab,
        "orders",
        Method::Post,
        "/orders",
        json!({"product_id": 2, "quantity": 1}),
    );
    lab.console("CREATE TABLE scratch (x)").unwrap();
    lab.console("CREATE VIEW cheap AS SELECT * FROM catalog_product WHERE price < 10")
        .unwrap();

    let boots = lab.reset().unwrap();
    assert_eq!(boots.len(), 2);
    let tables = lab
        .db()
        .query(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name",
            &[],
        )
        .unwrap();
    let names: Vec<_> = tables
        .rows
        .iter()
        .filter_map(|r| r[0].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        [
            "catalog_product",
            "django_migrations",
            "orders",
            "sqlite_sequence"
        ]
    );
    let reseeded = lab
        .db()
        .query("SELECT * FROM catalog_product ORDER BY id", &[])
        .unwrap();
    assert_eq!(reseeded, pristine);
    assert_eq!(count(&mut lab, "orders"), 0);
    let fk = lab.db().query("PRAGMA foreign_keys", &[]).unwrap();
    assert_eq!(fk.scalar(), Some(&Value::Integer(1)));

    // Change tracking follows the new schema.
    let ex = send_json(
        &mut lab,
        "orders",
        Method::Post,
        "/orders",
        json!({"product_id": 2, "quantity": 1}),
    );
    assert_eq!(ex.changes.len(), 2);
}

#[test]
fn the_console_reports_sqlites_own_errors() {
    let mut lab = lab();
    let err = lab.console("SELEC * FROM orders").unwrap_err();
    assert_eq!(err.message, "near \"SELEC\": syntax error");
    let err = lab
        .console("UPDATE catalog_product SET stock = -1 WHERE id = 1")
        .unwrap_err();
    assert_eq!(err.message, "CHECK constraint failed: stock");
    let orphan =
        "INSERT INTO orders (product_id, quantity, unit_price, total, status, created_at) \
                  VALUES (999, 1, 1, 1, 'placed', 'now')";
    let err = lab.console(orphan).unwrap_err();
    assert_eq!(err.message, "FOREIGN KEY constraint failed");
}

#[test]
fn an_unknown_service_is_an_error_not_a_response() {
    let mut lab = lab();
    let err = lab
        .send("payments", servicelab_sim::Request::new(Method::Get, "/"))
        .unwrap_err();
    assert_eq!(err.to_string(), "there is no service called \"payments\"");
}

#[test]
fn the_console_can_drop_a_column_the_change_tracker_was_watching() {
    let mut lab = lab();
    get(&mut lab, "catalog", "/api/products/");
    lab.console("ALTER TABLE catalog_product DROP COLUMN category")
        .unwrap();
    let columns = lab
        .db()
        .query("SELECT name FROM pragma_table_info('catalog_product')", &[]);
    let names: Vec<_> = columns.unwrap().rows.iter().map(|r| r[0].clone()).collect();
    assert!(!names.contains(&Value::from("category")));

    // Tracking comes back for the new schema on the next statement.
    let changed = lab
        .console("UPDATE catalog_product SET stock = 1 WHERE id = 1")
        .unwrap();
    assert_eq!(
        changed.changes[0].columns,
        ["id", "sku", "name", "price", "stock"]
    );
}
