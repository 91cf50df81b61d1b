//! The sql.js objects this crate calls, typed for Rust, and the one place
//! where a thrown JavaScript value becomes a [`DbError`].
//!
//! sql.js ships minified by Closure Compiler, which renames every property it
//! was not told to keep. The methods bound here are the ones sql.js exports
//! on purpose (`prepare`, `bind`, `step`, `get`, `getColumnNames`, `getSQL`,
//! `free`, `run`, `export`, `getRowsModified`, `handleError`, `close`), so they
//! have the same names in the minified and the debug builds.
//!
//! Simplifications:
//! - The bindings trust sql.js to hand back the documented shapes. Where a
//!   shape matters to Rust (a row, a column name, a byte array) the caller
//!   checks it and reports a [`DbError`] instead of assuming.

use js_sys::Array;
use servicelab_sim::DbError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A sql.js `Database`: one SQLite connection whose file lives in the
    /// sql.js heap.
    pub type JsDatabase;

    /// Compiles the first statement in `sql`. Throws the string
    /// `"Nothing to prepare"` when `sql` holds no statement at all.
    #[wasm_bindgen(method, catch)]
    pub fn prepare(this: &JsDatabase, sql: &str) -> Result<JsStatement, JsValue>;

    /// Runs a whole script through `sqlite3_exec`, discarding any rows.
    #[wasm_bindgen(method, catch)]
    pub fn run(this: &JsDatabase, sql: &str) -> Result<JsValue, JsValue>;

    /// The database as the bytes of a `.sqlite` file.
    #[wasm_bindgen(method, catch, js_name = export)]
    pub fn export_image(this: &JsDatabase) -> Result<JsValue, JsValue>;

    /// `sqlite3_changes`: rows changed by the last INSERT, UPDATE or DELETE.
    #[wasm_bindgen(method, catch, js_name = getRowsModified)]
    pub fn rows_modified(this: &JsDatabase) -> Result<JsValue, JsValue>;

    /// Throws an `Error` carrying SQLite's message for a non-zero result code.
    #[wasm_bindgen(method, catch, js_name = handleError)]
    pub fn handle_error(this: &JsDatabase, code: f64) -> Result<JsValue, JsValue>;

    /// Frees the connection and every statement sql.js still tracks for it.
    #[wasm_bindgen(method, catch)]
    pub fn close(this: &JsDatabase) -> Result<JsValue, JsValue>;

    /// A sql.js `Statement`: one compiled statement, owned by a database.
    pub type JsStatement;

    /// Resets the statement, clears its parameters and binds `values` to
    /// positions 1, 2, ... in order.
    #[wasm_bindgen(method, catch)]
    pub fn bind(this: &JsStatement, values: &Array) -> Result<JsValue, JsValue>;

    /// Advances to the next row; `true` while there is one.
    #[wasm_bindgen(method, catch)]
    pub fn step(this: &JsStatement) -> Result<JsValue, JsValue>;

    /// The current row. `params` must be `null` so nothing is rebound.
    #[wasm_bindgen(method, catch)]
    pub fn get(this: &JsStatement, params: &JsValue, config: &JsValue) -> Result<JsValue, JsValue>;

    /// The result column names, known before the first step.
    #[wasm_bindgen(method, catch, js_name = getColumnNames)]
    pub fn column_names(this: &JsStatement) -> Result<JsValue, JsValue>;

    /// `sqlite3_sql`: the text this statement was compiled from, which ends
    /// where the first statement of the prepared string ended.
    #[wasm_bindgen(method, catch, js_name = getSQL)]
    pub fn source_sql(this: &JsStatement) -> Result<JsValue, JsValue>;

    /// Finalizes the statement and forgets it.
    #[wasm_bindgen(method, catch)]
    pub fn free(this: &JsStatement) -> Result<JsValue, JsValue>;
}

/// Turns whatever sql.js threw into a [`DbError`].
///
/// SQLite failures arrive as `Error` objects whose `message` is SQLite's own
/// text; sql.js throws plain strings for misuse ("Statement closed").
pub fn to_db_error(thrown: JsValue) -> DbError {
    if let Some(error) = thrown.dyn_ref::<js_sys::Error>() {
        return DbError::new(String::from(error.message()));
    }
    match thrown.as_string() {
        Some(text) => DbError::new(text),
        None => DbError::new(format!(
            "sql.js threw a value that is not an error: {thrown:?}"
        )),
    }
}
