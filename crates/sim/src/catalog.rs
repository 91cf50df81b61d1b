//! `catalog`: a product service written the Django REST Framework way.
//!
//! It owns the `catalog_product` table, created by Django migrations and
//! recorded in `django_migrations`, and serves a `ModelViewSet`-style API:
//! a paginated list, create, retrieve, full and partial update, and delete.
//! The SQL it runs is the SQL Django's ORM would emit for the same calls,
//! down to the `LIMIT 21` of `get()` and the `RETURNING` of an insert.
//!
//! Simplifications:
//! - The duplicate-sku check is DRF's `UniqueValidator`: a SELECT before the
//!   write. Between the two a real server could accept another request; the
//!   table's UNIQUE constraint remains the last line of defence.
//! - Ordering and page size are fixed (by id, ten a page); DRF's filter and
//!   ordering backends are not modelled.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value as Json};

use crate::django;
use crate::http::{Method, Request, Response};
use crate::record::Framework;
use crate::routing::{Params, Route};
use crate::seed;
use crate::serializer::{validate, Clean, Field, FieldKind};
use crate::service::{Example, Service};
use crate::session::{Failure, Session};
use crate::{DbError, Rows, Value};

/// Products on one page of the list.
pub const PAGE_SIZE: i64 = 10;

const ROUTES: &[Route] = &[
    Route {
        pattern: "api/products/",
        name: "product-list",
        methods: &["GET", "POST"],
        summary: "Product List",
    },
    Route {
        pattern: "api/products/<int:pk>/",
        name: "product-detail",
        methods: &["GET", "PUT", "PATCH", "DELETE"],
        summary: "Product Instance",
    },
];

const FIELDS: &[Field] = &[
    Field {
        name: "sku",
        kind: FieldKind::Text { max_length: 32 },
        required: true,
    },
    Field {
        name: "name",
        kind: FieldKind::Text { max_length: 200 },
        required: true,
    },
    Field {
        name: "category",
        kind: FieldKind::Text { max_length: 50 },
        required: false,
    },
    Field {
        name: "price",
        kind: FieldKind::Decimal {
            max_digits: 10,
            decimal_places: 2,
            min: 0,
        },
        required: true,
    },
    Field {
        name: "stock",
        kind: FieldKind::Integer { min: 0 },
        required: false,
    },
];

const COLUMNS: &str = "\"catalog_product\".\"id\", \"catalog_product\".\"sku\", \
    \"catalog_product\".\"name\", \"catalog_product\".\"category\", \
    \"catalog_product\".\"price\", \"catalog_product\".\"stock\"";

/// Django's migrations for the `catalog` app, in order: name, then SQL.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial",
        "CREATE TABLE \"catalog_product\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
         \"sku\" varchar(32) NOT NULL UNIQUE, \"name\" varchar(200) NOT NULL, \
         \"price\" decimal NOT NULL, \
         \"stock\" integer unsigned NOT NULL CHECK (\"stock\" >= 0))",
    ),
    (
        "0002_product_category",
        "ALTER TABLE \"catalog_product\" ADD COLUMN \"category\" varchar(50) \
         DEFAULT 'general' NOT NULL",
    ),
];

/// The catalog service.
#[derive(Debug, Default)]
pub struct Catalog;

impl Service for Catalog {
    fn name(&self) -> &'static str {
        "catalog"
    }

    fn framework(&self) -> Framework {
        Framework::Django
    }

    fn host(&self) -> &'static str {
        "catalog:8000"
    }

    fn routes(&self) -> &'static [Route] {
        ROUTES
    }

    fn examples(&self) -> Vec<Example> {
        examples()
    }

    fn migrate(&self, session: &mut Session) -> Result<Vec<String>, DbError> {
        migrate(session)
    }

    fn seed(&self, session: &mut Session) -> Result<(), DbError> {
        let count = session.query("SELECT COUNT(*) FROM \"catalog_product\"", &[])?;
        if count.scalar().and_then(Value::as_i64).unwrap_or(0) > 0 {
            return Ok(());
        }
        for product in seed::PRODUCTS {
            session.execute(
                "INSERT INTO \"catalog_product\" (\"sku\", \"name\", \"category\", \"price\", \
                 \"stock\") VALUES (?, ?, ?, ?, ?)",
                &[
                    product.sku.into(),
                    product.name.into(),
                    product.category.into(),
                    product.price.into(),
                    product.stock.into(),
                ],
            )?;
        }
        Ok(())
    }

    fn handle(
        &self,
        route: &Route,
        params: &Params,
        session: &mut Session,
        request: &Request,
    ) -> Result<Response, Failure> {
        let pk = params.first().map(|(_, v)| v.parse::<i64>().ok());
        match (route.name, &request.method, pk) {
            ("product-list", Method::Get | Method::Head, _) => products_list(session, request),
            ("product-list", Method::Post, _) => products_create(session, request),
            (_, _, Some(None)) => Ok(django::not_found("Product")),
            (_, Method::Get | Method::Head, Some(Some(pk))) => products_retrieve(session, pk),
            (_, Method::Put, Some(Some(pk))) => products_update(session, request, pk, false),
            (_, Method::Patch, Some(Some(pk))) => products_update(session, request, pk, true),
            (_, Method::Delete, Some(Some(pk))) => products_destroy(session, pk),
            _ => Ok(django::not_found("Product")),
        }
    }
}

/// `python manage.py migrate`: ensure the recorder's table, read what is
/// applied, apply the rest each in its own transaction.
fn migrate(session: &mut Session) -> Result<Vec<String>, DbError> {
    let tables = session.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
        &["django_migrations".into()],
    )?;
    if tables.rows.is_empty() {
        session.run(
            "CREATE TABLE \"django_migrations\" (\"id\" integer NOT NULL PRIMARY KEY \
             AUTOINCREMENT, \"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \
             \"applied\" datetime NOT NULL)",
        )?;
    }
    let applied = session.query(
        "SELECT \"django_migrations\".\"app\", \"django_migrations\".\"name\" \
         FROM \"django_migrations\"",
        &[],
    )?;
    let is_applied = |name: &str| {
        applied.rows.iter().any(|r| {
            r.first().and_then(Value::as_str) == Some("catalog")
                && r.get(1).and_then(Value::as_str) == Some(name)
        })
    };

    let mut log = vec![
        "Operations to perform:".to_owned(),
        "  Apply all migrations: catalog".into(),
    ];
    log.push("Running migrations:".into());
    let pending: Vec<_> = MIGRATIONS
        .iter()
        .filter(|(name, _)| !is_applied(name))
        .collect();
    if pending.is_empty() {
        log.push("  No migrations to apply.".into());
    }
    for (name, sql) in pending {
        let now = session.now().to_owned();
        let applied = session.atomic(|s| {
            s.run(sql)?;
            s.execute(
                "INSERT INTO \"django_migrations\" (\"app\", \"name\", \"applied\") \
                 VALUES (?, ?, ?)",
                &["catalog".into(), (*name).into(), now.into()],
            )?;
            Ok(())
        });
        if let Err(failure) = applied {
            return Err(match failure {
                Failure::Database(err) => err,
                Failure::Respond(_) => DbError::new("migration stopped"),
            });
        }
        log.push(format!("  Applying catalog.{name}... OK"));
    }
    Ok(log)
}

fn products_list(session: &mut Session, request: &Request) -> Result<Response, Failure> {
    let count = session.query(
        "SELECT COUNT(*) AS \"__count\" FROM \"catalog_product\"",
        &[],
    )?;
    let count = count.scalar().and_then(Value::as_i64).unwrap_or(0);
    let pages = ((count + PAGE_SIZE - 1) / PAGE_SIZE).max(1);

    let page = match request.query_param("page").as_deref().map(str::trim) {
        None | Some("") => 1,
        Some("last") => pages,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=pages).contains(&n) => n,
            _ => return Ok(django::respond(404, &json!({ "detail": "Invalid page." }))),
        },
    };

    let rows = session.query(
        &format!(
            "SELECT {COLUMNS} FROM \"catalog_product\" ORDER BY \"catalog_product\".\"id\" ASC \
             LIMIT {PAGE_SIZE} OFFSET {}",
            (page - 1) * PAGE_SIZE
        ),
        &[],
    )?;
    let link = |n: i64| -> Json {
        let base = format!("http://catalog:8000{}", request.path);
        match n {
            1 => json!(base),
            n => json!(format!("{base}?page={n}")),
        }
    };
    let body = json!({
        "count": count,
        "next": if page < pages { link(page + 1) } else { Json::Null },
        "previous": if page > 1 { link(page - 1) } else { Json::Null },
        "results": (0..rows.rows.len()).map(|i| product_json(&rows, i)).collect::<Vec<_>>(),
    });
    Ok(django::respond(200, &body))
}

fn products_create(session: &mut Session, request: &Request) -> Result<Response, Failure> {
    let data = django::parse_body(request).map_err(Failure::Respond)?;
    let clean = validate(FIELDS, data.as_ref(), false).map_err(bad_request)?;
    let clean = with_defaults(clean);
    unique_sku(session, &clean, None)?;

    let mut values = Vec::new();
    for name in ["sku", "name", "category", "price", "stock"] {
        values.push(to_sql(find(&clean, name)));
    }
    let inserted = session.query(
        "INSERT INTO \"catalog_product\" (\"sku\", \"name\", \"category\", \"price\", \"stock\") \
         VALUES (?, ?, ?, ?, ?) RETURNING \"catalog_product\".\"id\"",
        &values,
    )?;
    let id = inserted
        .scalar()
        .and_then(Value::as_i64)
        .unwrap_or_default();
    let mut body = Map::new();
    body.insert("id".into(), json!(id));
    for (name, value) in &clean {
        body.insert((*name).into(), clean_json(value));
    }
    Ok(django::respond(201, &Json::Object(body)))
}

fn products_retrieve(session: &mut Session, pk: i64) -> Result<Response, Failure> {
    let rows = fetch(session, pk)?;
    if rows.rows.is_empty() {
        return Ok(django::not_found("Product"));
    }
    Ok(django::respond(200, &product_json(&rows, 0)))
}

fn products_update(
    session: &mut Session,
    request: &Request,
    pk: i64,
    partial: bool,
) -> Result<Response, Failure> {
    let rows = fetch(session, pk)?;
    if rows.rows.is_empty() {
        return Ok(django::not_found("Product"));
    }
    let data = django::parse_body(request).map_err(Failure::Respond)?;
    let clean = validate(FIELDS, data.as_ref(), partial).map_err(bad_request)?;
    unique_sku(session, &clean, Some(pk))?;

    let mut current = product_json(&rows, 0);
    for (name, value) in &clean {
        current[*name] = clean_json(value);
    }
    let mut values: Vec<Value> = ["sku", "name", "category"]
        .iter()
        .map(|f| Value::Text(current[*f].as_str().unwrap_or_default().to_owned()))
        .collect();
    values.push(Value::Text(
        current["price"].as_str().unwrap_or("0").to_owned(),
    ));
    values.push(Value::Integer(current["stock"].as_i64().unwrap_or(0)));
    values.push(Value::Integer(pk));
    session.execute(
        "UPDATE \"catalog_product\" SET \"sku\" = ?, \"name\" = ?, \"category\" = ?, \
         \"price\" = ?, \"stock\" = ? WHERE \"catalog_product\".\"id\" = ?",
        &values,
    )?;
    Ok(django::respond(200, &current))
}

fn products_destroy(session: &mut Session, pk: i64) -> Result<Response, Failure> {
    let rows = fetch(session, pk)?;
    if rows.rows.is_empty() {
        return Ok(django::not_found("Product"));
    }
    // Django's deletion collector runs inside a transaction. When the orders
    // table still references the product, SQLite refuses the DELETE, and the
    // IntegrityError surfaces as Django's 500 page: the catalog cannot know
    // about a table another service added to the shared database.
    session.atomic(|s| {
        s.execute(
            "DELETE FROM \"catalog_product\" WHERE \"catalog_product\".\"id\" IN (?)",
            &[pk.into()],
        )?;
        Ok(())
    })?;
    Ok(Response::empty(204))
}

fn fetch(session: &mut Session, pk: i64) -> Result<Rows, DbError> {
    session.query(
        &format!(
            "SELECT {COLUMNS} FROM \"catalog_product\" \
             WHERE \"catalog_product\".\"id\" = ? LIMIT 21"
        ),
        &[pk.into()],
    )
}

/// DRF's `UniqueValidator`: an existence query, excluding the instance
/// being updated.
fn unique_sku(
    session: &mut Session,
    clean: &[(&str, Clean)],
    pk: Option<i64>,
) -> Result<(), Failure> {
    let Some(Clean::Text(sku)) = clean.iter().find(|(n, _)| *n == "sku").map(|(_, v)| v) else {
        return Ok(());
    };
    let taken = match pk {
        None => session.query(
            "SELECT 1 AS \"a\" FROM \"catalog_product\" WHERE \"catalog_product\".\"sku\" = ? \
             LIMIT 1",
            &[sku.as_str().into()],
        )?,
        Some(pk) => session.query(
            "SELECT 1 AS \"a\" FROM \"catalog_product\" WHERE (\"catalog_product\".\"sku\" = ? \
             AND NOT (\"catalog_product\".\"id\" = ?)) LIMIT 1",
            &[sku.as_str().into(), pk.into()],
        )?,
    };
    if taken.rows.is_empty() {
        return Ok(());
    }
    Err(bad_request(
        json!({ "sku": ["product with this sku already exists."] }),
    ))
}

fn bad_request(errors: Json) -> Failure {
    Failure::Respond(django::respond(400, &errors))
}

/// Fills in model defaults for fields a create left out, in field order.
fn with_defaults(clean: Vec<(&'static str, Clean)>) -> Vec<(&'static str, Clean)> {
    FIELDS
        .iter()
        .filter_map(|field| {
            let given = clean
                .iter()
                .find(|(n, _)| *n == field.name)
                .map(|(_, v)| v.clone());
            let value = given.or(match field.name {
                "category" => Some(Clean::Text("general".into())),
                "stock" => Some(Clean::Integer(0)),
                _ => None,
            })?;
            Some((field.name, value))
        })
        .collect()
}

fn find<'c>(clean: &'c [(&str, Clean)], name: &str) -> Option<&'c Clean> {
    clean.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

fn to_sql(value: Option<&Clean>) -> Value {
    match value {
        Some(Clean::Text(s)) => Value::Text(s.clone()),
        Some(Clean::Decimal(d)) => Value::Text(format!("{d:.2}")),
        Some(Clean::Integer(n)) => Value::Integer(*n),
        None => Value::Null,
    }
}

fn clean_json(value: &Clean) -> Json {
    match value {
        Clean::Text(s) => json!(s),
        Clean::Decimal(d) => json!(format!("{d:.2}")),
        Clean::Integer(n) => json!(n),
    }
}

/// A product row as DRF's serializer renders it: the decimal price as a
/// string with two places.
fn product_json(rows: &Rows, index: usize) -> Json {
    let cell = |name: &str| rows.cell(index, name).unwrap_or(&Value::Null);
    let price = money(cell("price")).map(|d| format!("{d:.2}"));
    json!({
        "id": cell("id").as_i64(),
        "sku": cell("sku").as_str(),
        "name": cell("name").as_str(),
        "category": cell("category").as_str(),
        "price": price,
        "stock": cell("stock").as_i64(),
    })
}

/// Reads a stored price. The `decimal` column has NUMERIC affinity, so
/// SQLite keeps `12.50` as the REAL 12.5 and `3.00` as the INTEGER 3.
pub fn money(value: &Value) -> Option<Decimal> {
    match value {
        Value::Integer(n) => Some(Decimal::from(*n)),
        Value::Real(x) => Decimal::from_str_exact(&format!("{x:.2}")).ok(),
        Value::Text(s) => s.parse().ok(),
        _ => None,
    }
}

fn examples() -> Vec<Example> {
    vec![
        Example {
            title: "List products (first page)",
            method: "GET",
            target: "/api/products/",
            body: None,
        },
        Example {
            title: "List products, page 2",
            method: "GET",
            target: "/api/products/?page=2",
            body: None,
        },
        Example {
            title: "Create a product",
            method: "POST",
            target: "/api/products/",
            body: Some(concat!(
                r#"{"sku": "LAB-0001", "name": "Lab notebook","#,
                r#" "category": "stationery", "price": "4.50", "stock": 25}"#,
            )),
        },
        Example {
            title: "Create with errors (see DRF's validation body)",
            method: "POST",
            target: "/api/products/",
            body: Some(r#"{"sku": "", "price": "12.345", "stock": -1}"#),
        },
        Example {
            title: "Retrieve product 1",
            method: "GET",
            target: "/api/products/1/",
            body: None,
        },
        Example {
            title: "Replace product 1 (PUT needs every field)",
            method: "PUT",
            target: "/api/products/1/",
            body: Some(concat!(
                r#"{"sku": "BK-0001","#,
                r#" "name": "Designing Data-Intensive Applications (2nd ed.)","#,
                r#" "category": "books", "price": "49.90", "stock": 12}"#,
            )),
        },
        Example {
            title: "Change only the price (PATCH)",
            method: "PATCH",
            target: "/api/products/1/",
            body: Some(r#"{"price": "39.99"}"#),
        },
        Example {
            title: "Delete product 3",
            method: "DELETE",
            target: "/api/products/3/",
            body: None,
        },
        Example {
            title: "Missing trailing slash (Django's APPEND_SLASH)",
            method: "GET",
            target: "/api/products",
            body: None,
        },
    ]
}
