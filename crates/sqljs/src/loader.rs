//! Starting sql.js in the page.
//!
//! The app's HTML loads `sql-wasm.js` with a `<script>` tag, which defines a
//! global `initSqlJs`. Calling it compiles sql.js's WebAssembly and resolves
//! to the sql.js module that [`SqlJsDatabase`](crate::SqlJsDatabase) opens
//! databases from. Load it once and keep it: sql.js itself caches the first
//! call, so later calls return the same module whatever they pass.
//!
//! The WebAssembly can come from two places. Usually sql.js fetches it from
//! the URL it is given. But the page may already hold it, in the global
//! `SERVICELAB_SQL_WASM`: the page's start-up script downloads and checks it
//! while the app's own WebAssembly downloads (and leaves a promise of the
//! bytes there), and the single-file build carries it inline (and leaves the
//! bytes). Then sql.js gets the bytes as its `wasmBinary` and fetches
//! nothing. If that promise fails, its message becomes the error: the
//! start-up script writes it for a teacher, naming the file and what to ask
//! the web server's admin.
//!
//! Simplifications:
//! - No retry and no timeout: if the `.wasm` cannot be had, loading fails
//!   and the error is reported once.

use js_sys::{ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use servicelab_sim::DbError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::js::to_db_error;

/// The global in which the page may leave sql.js's WebAssembly: a
/// `Uint8Array`, an `ArrayBuffer`, or a promise of either.
const EMBEDDED_WASM: &str = "SERVICELAB_SQL_WASM";

/// Calls the page's global `initSqlJs` and waits for the sql.js module.
///
/// sql.js's WebAssembly is taken from the global `SERVICELAB_SQL_WASM` when
/// the page set it, and fetched from `wasm_url` otherwise.
///
/// Fails with a [`DbError`] saying so when the page never loaded
/// `sql-wasm.js`, with the page's own message when the bytes it promised
/// could not be had, and with sql.js's message when loading fails.
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

    let config = Object::new();
    if let Some(binary) = embedded_wasm().await? {
        set(&config, "wasmBinary", &binary)?;
    }

    // Without a binary, sql.js asks where each file it needs lives; the only
    // file is the .wasm.
    let url = JsValue::from_str(wasm_url);
    let locate_file = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |_file: JsValue| url.clone());
    set(&config, "locateFile", locate_file.as_ref())?;

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

/// sql.js's WebAssembly as the page left it, or `None` if it left none.
async fn embedded_wasm() -> Result<Option<JsValue>, DbError> {
    let left =
        Reflect::get(&js_sys::global(), &JsValue::from_str(EMBEDDED_WASM)).map_err(to_db_error)?;
    if left.is_undefined() || left.is_null() {
        return Ok(None);
    }

    // Resolving bytes gives them back as they are, so one path serves both
    // the bytes and the promise of them.
    let bytes = JsFuture::from(Promise::resolve(&left))
        .await
        .map_err(to_db_error)?;
    if bytes.is_instance_of::<Uint8Array>() {
        return Ok(Some(bytes));
    }
    if bytes.is_instance_of::<ArrayBuffer>() {
        return Ok(Some(Uint8Array::new(&bytes).into()));
    }
    Err(DbError::new(format!(
        "the page's {EMBEDDED_WASM} holds neither a Uint8Array nor an ArrayBuffer \
         (nor a promise of one), so sql.js has no WebAssembly to start from"
    )))
}

fn set(config: &Object, key: &str, value: &JsValue) -> Result<(), DbError> {
    Reflect::set(config, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(to_db_error)
}
