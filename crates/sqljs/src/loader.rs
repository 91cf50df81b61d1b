//! Starting sql.js in the page.
//!
//! The app's HTML loads `sql-wasm.js` with a `<script>` tag, which defines a
//! global `initSqlJs`. Calling it fetches and compiles `sql-wasm.wasm` and
//! resolves to the sql.js module that [`SqlJsDatabase`](crate::SqlJsDatabase)
//! opens databases from. Load it once and keep it: sql.js itself caches the
//! first call, so later calls return the same module whatever they pass.
//!
//! Simplifications:
//! - No retry and no timeout: if the `.wasm` cannot be fetched, sql.js
//!   rejects and the error is reported once.

use js_sys::{Function, Object, Promise, Reflect};
use servicelab_sim::DbError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::js::to_db_error;

/// Calls the page's global `initSqlJs`, telling it to fetch the WebAssembly
/// binary from `wasm_url`, and waits for the sql.js module.
///
/// Fails with a [`DbError`] saying so when the page never loaded
/// `sql-wasm.js`, and with sql.js's own message when loading fails.
pub async fn load_sql_js(wasm_url: &str) -> Result<JsValue, DbError> {
    let init = Reflect::get(&js_sys::global(), &JsValue::from_str("initSqlJs"))
        .map_err(to_db_error)?
        .dyn_into::<Function>()
        .map_err(|_| {
            DbError::new(
                "sql.js is not loaded: there is no global initSqlJs function \
                 (add a <script> tag for sql-wasm.js before the app starts)",
            )
        })?;

    // sql.js asks where each file it needs lives; the only file is the .wasm.
    let url = JsValue::from_str(wasm_url);
    let locate_file = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |_file: JsValue| url.clone());
    let config = Object::new();
    Reflect::set(
        &config,
        &JsValue::from_str("locateFile"),
        locate_file.as_ref(),
    )
    .map_err(to_db_error)?;

    let started = init
        .call1(&JsValue::UNDEFINED, &config)
        .map_err(to_db_error)?;
    let sql = JsFuture::from(Promise::resolve(&started))
        .await
        .map_err(to_db_error)?;

    // The closure must outlive the loading, which is over once the promise
    // settles; sql.js never asks again.
    drop(locate_file);
    Ok(sql)
}
