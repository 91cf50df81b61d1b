//! Loads the real sql.js into the test page.
//!
//! wasm-bindgen-test-runner serves a page of its own, so the app's
//! `<script>` tag and `.wasm` URL are not there. Instead the script and the
//! binary from `node_modules` (run `npm ci` at the workspace root first) are
//! compiled into the test, the script is evaluated as a function body that
//! hands back its `initSqlJs`, and the binary is passed in as `wasmBinary`.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::cell::RefCell;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use servicelab_sqljs::SqlJsDatabase;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The sql.js UMD script, exactly as npm installed it.
pub const SQL_WASM_JS: &str = include_str!("../../../../node_modules/sql.js/dist/sql-wasm.js");

/// The WebAssembly build of SQLite that the script instantiates.
pub const SQL_WASM: &[u8] = include_bytes!("../../../../node_modules/sql.js/dist/sql-wasm.wasm");

#[wasm_bindgen(inline_js = r#"
export function evaluate_sql_js(source) {
    // As a function body the script's `var initSqlJs` stays local, and with
    // no `module` or `define` in the page it exports nothing anywhere else.
    return new Function(source + "\n;return initSqlJs;")();
}

export function wasm_blob_url(bytes) {
    return URL.createObjectURL(new Blob([bytes], { type: "application/wasm" }));
}
"#)]
extern "C" {
    /// Runs the sql.js script and returns its `initSqlJs` function.
    #[wasm_bindgen(catch)]
    pub fn evaluate_sql_js(source: &str) -> Result<Function, JsValue>;

    /// A `blob:` URL that serves `bytes` as `application/wasm`.
    pub fn wasm_blob_url(bytes: &Uint8Array) -> String;
}

thread_local! {
    /// sql.js is compiled once per test binary; every test shares it.
    static SQL_JS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// The initialised sql.js module.
pub async fn sql_js() -> JsValue {
    if let Some(sql) = SQL_JS.with(|cell| cell.borrow().clone()) {
        return sql;
    }

    let init = evaluate_sql_js(SQL_WASM_JS).expect("the sql.js script runs");
    let config = Object::new();
    Reflect::set(&config, &"wasmBinary".into(), &Uint8Array::from(SQL_WASM)).expect("set");
    let started = init
        .call1(&JsValue::UNDEFINED, &config)
        .expect("initSqlJs starts");
    let sql = JsFuture::from(Promise::resolve(&started))
        .await
        .expect("sql.js initialises");

    SQL_JS.with(|cell| *cell.borrow_mut() = Some(sql.clone()));
    sql
}

/// A fresh, empty database on the shared sql.js module.
pub async fn open() -> SqlJsDatabase {
    let sql = sql_js().await;
    SqlJsDatabase::open(&sql).expect("open an in-memory sql.js database")
}
