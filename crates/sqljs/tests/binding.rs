//! Pins what the sql.js binding adds on top of the shared contract: freeing
//! every statement, reopening images, binding REALs and counting parameters
//! the way rusqlite does, and loading sql.js from the page.

#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{Object, Reflect, Uint8Array};
use servicelab_sim::{Database, Value};
use servicelab_sqljs::{load_sql_js, SqlJsDatabase};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Bytes SQLite has allocated, statements included, per sql.js's export of
/// `sqlite3_memory_used` (a `BigInt` in the WebAssembly build).
fn sqlite_memory_used(sql: &JsValue) -> i64 {
    let function = Reflect::get(sql, &"_sqlite3_memory_used".into()).expect("exported");
    let function: js_sys::Function = function.into();
    let used = function.call0(&JsValue::UNDEFINED).expect("callable");
    i64::try_from(used.clone())
        .ok()
        .or_else(|| used.as_f64().map(|n| n as i64))
        .expect("a byte count")
}

/// Each failing call below leaves a statement behind if an error path skips
/// `free()`; ten thousand of them would hold megabytes of SQLite memory.
#[wasm_bindgen_test]
async fn failing_statements_are_freed() {
    let sql = support::sql_js().await;
    let mut db = SqlJsDatabase::open(&sql).expect("open");
    db.execute_batch("CREATE TABLE t (n INTEGER NOT NULL)")
        .expect("schema");

    let fail_every_way = |db: &mut SqlJsDatabase| {
        assert!(db
            .execute("INSERT INTO t VALUES (?)", &[Value::Null])
            .is_err());
        assert!(db.query("SELECT ?", &[1.into(), 2.into()]).is_err());
        assert!(db.query("SELECT ?, ?", &[1.into()]).is_err());
        assert!(db.execute("SELECT ?", &[Value::Real(1.0)]).is_err());
        assert!(db.query("SELECT 1; SELECT 2", &[]).is_err());
    };
    // One round first, so caches SQLite fills once are not counted as leaks.
    fail_every_way(&mut db);
    let before = sqlite_memory_used(&sql);

    for _ in 0..10_000 {
        fail_every_way(&mut db);
    }

    let grown = sqlite_memory_used(&sql) - before;
    assert!(grown < 64 * 1024, "SQLite memory grew by {grown} bytes");
    db.execute("INSERT INTO t VALUES (?)", &[7.into()])
        .expect("still usable");
    let count = db.query("SELECT count(*) FROM t", &[]).expect("count");
    assert_eq!(count.scalar(), Some(&Value::Integer(1)));
}

/// An image taken with `image()` reopens as the same rows, and the new
/// connection enforces foreign keys like every other one.
#[wasm_bindgen_test]
async fn an_image_reopens_with_its_rows_and_foreign_keys_on() {
    let sql = support::sql_js().await;
    let mut original = SqlJsDatabase::open(&sql).expect("open");
    original
        .execute_batch(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);
             CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id));",
        )
        .expect("schema");
    let row = [
        Value::Integer(i64::MAX),
        Value::Text("ünïcode".into()),
        Value::Real(3.0),
        Value::Blob(vec![0, 255]),
    ];
    original
        .execute("INSERT INTO parent VALUES (?, ?, ?, ?)", &row)
        .expect("insert");
    let image = original.image().expect("image");

    let mut copy = SqlJsDatabase::from_image(&sql, &image).expect("reopen");
    let rows = copy.query("SELECT * FROM parent", &[]).expect("select");
    assert_eq!(rows.rows, vec![row.to_vec()]);
    assert_eq!(rows.columns, ["id", "name", "score", "data"]);

    let on = copy.query("PRAGMA foreign_keys", &[]).expect("pragma");
    assert_eq!(on.scalar(), Some(&Value::Integer(1)));
    let orphan = copy.execute("INSERT INTO child VALUES (?)", &[Value::Integer(1)]);
    let err = orphan.expect_err("an orphan child row was accepted");
    assert!(
        err.message.contains("FOREIGN KEY constraint failed"),
        "{err}"
    );
    assert_eq!(
        copy.image().expect("image"),
        image,
        "the copy is byte for byte the same"
    );
}

/// Bytes that are no SQLite file are refused with SQLite's words, not a panic.
#[wasm_bindgen_test]
async fn garbage_is_not_an_image() {
    let sql = support::sql_js().await;
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    let err = SqlJsDatabase::from_image(&sql, &garbage)
        .err()
        .expect("garbage opened as a database");
    assert!(err.message.contains("file is not a database"), "{err}");
}

/// sql.js would bind these as INTEGER; each must reach SQLite as REAL and
/// come back from an untyped column as the same REAL.
#[wasm_bindgen_test]
async fn reals_with_no_fraction_stay_real() {
    let mut db = support::open().await;
    db.execute_batch("CREATE TABLE t (v)").expect("schema");
    let reals = [
        1.0,
        0.0,
        -0.0,
        -7.0,
        2_147_483_647.0,
        -2_147_483_648.0,
        4e15,
        0.5,
    ];

    for x in reals {
        let class = db
            .query("SELECT typeof(?)", &[Value::Real(x)])
            .expect("typeof");
        assert_eq!(
            class.scalar(),
            Some(&Value::Text("real".into())),
            "{x} was not bound as REAL"
        );
        db.execute("INSERT INTO t VALUES (?)", &[Value::Real(x)])
            .expect("insert");
    }

    let back = db
        .query("SELECT v FROM t ORDER BY rowid", &[])
        .expect("select");
    let back: Vec<Value> = back.rows.into_iter().flatten().collect();
    let expected: Vec<Value> = reals.iter().map(|x| Value::Real(*x)).collect();
    assert_eq!(back, expected);
}

/// As in rusqlite, the parameters must match the placeholders in number;
/// sql.js alone would fill missing ones with NULL and drop a spare NULL.
#[wasm_bindgen_test]
async fn parameters_must_match_the_placeholders() {
    let mut db = support::open().await;

    let too_few = db
        .query("SELECT ?, ?", &[1.into()])
        .expect_err("a parameter was missing");
    assert!(too_few.message.contains("Too few parameters"), "{too_few}");
    let none = db
        .query("SELECT ?", &[])
        .expect_err("no parameter was given");
    assert!(none.message.contains("Too few parameters"), "{none}");

    let spare_null = db.query("SELECT ?", &[1.into(), Value::Null]);
    let err = spare_null.expect_err("a spare NULL was accepted");
    assert!(err.message.contains("column index out of range"), "{err}");

    // Placeholders count by index, so a repeated name is one parameter.
    let named = db
        .query("SELECT :a + :a", &[Value::Integer(21)])
        .expect("named");
    assert_eq!(named.scalar(), Some(&Value::Integer(42)));
    let numbered = db
        .query("SELECT ?2", &[Value::Null, Value::Integer(2)])
        .expect("?2");
    assert_eq!(numbered.scalar(), Some(&Value::Integer(2)));
}

/// One call runs one statement: a second one is refused (sql.js alone would
/// skip it), while trailing semicolons and comments are fine.
#[wasm_bindgen_test]
async fn one_call_runs_one_statement() {
    let mut db = support::open().await;
    db.execute_batch("CREATE TABLE t (n INTEGER); CREATE TABLE u (n INTEGER);")
        .expect("a batch runs every statement");

    let two = db.execute("INSERT INTO t VALUES (1); DROP TABLE u", &[]);
    assert_eq!(
        two.expect_err("two statements ran").message,
        "Multiple statements provided"
    );
    assert!(
        db.query("SELECT count(*) FROM u", &[]).is_ok(),
        "the second statement ran"
    );

    let ok = db
        .query("SELECT 1;; -- done\n", &[])
        .expect("trailing comment");
    assert_eq!(ok.scalar(), Some(&Value::Integer(1)));
    let broken = db
        .query("SELECT 1; SELEC 2", &[])
        .expect_err("a broken tail was ignored");
    assert!(broken.message.contains("syntax error"), "{broken}");

    let rows = db
        .execute("SELECT 1", &[])
        .expect_err("execute returned rows");
    assert!(
        rows.message.contains("did you mean to call query"),
        "{rows}"
    );
}

/// Something that is not an initialised sql.js module is an error to open.
#[wasm_bindgen_test]
fn open_refuses_what_is_not_sql_js() {
    for not_sql_js in [
        JsValue::NULL,
        JsValue::from(Object::new()),
        JsValue::from_str("SQL"),
    ] {
        let err = SqlJsDatabase::open(&not_sql_js)
            .err()
            .expect("opened a non-module");
        assert!(err.message.contains("sql.js"), "{err}");
    }
}

/// Without the `<script>` tag there is a clear error; with it, sql.js loads
/// from the given URL and opens databases.
#[wasm_bindgen_test]
async fn load_sql_js_uses_the_page_script() {
    let global = js_sys::global();
    let missing = load_sql_js("sql-wasm.wasm")
        .await
        .expect_err("loaded without a script");
    assert!(missing.message.contains("initSqlJs"), "{missing}");

    // A second copy of the script, as the app's <script> tag would define it.
    let init = support::evaluate_sql_js(support::SQL_WASM_JS).expect("script runs");
    Reflect::set(&global, &"initSqlJs".into(), &init).expect("define global");
    let url = support::wasm_blob_url(&Uint8Array::from(support::SQL_WASM));
    let loaded = load_sql_js(&url).await;
    Reflect::delete_property(&global, &"initSqlJs".into()).expect("remove global");

    let sql = loaded.expect("sql.js loads from the page");
    let mut db = SqlJsDatabase::open(&sql).expect("open");
    let answer = db
        .query("SELECT ? * 2", &[Value::Integer(21)])
        .expect("query");
    assert_eq!(answer.scalar(), Some(&Value::Integer(42)));
}
