//! One prepared statement, from compile to free, and the values that cross
//! into and out of it.
//!
//! A [`Statement`] lives for a single [`Database`](servicelab_sim::Database)
//! call and frees its sql.js statement when dropped, so a failure at any step
//! (binding, stepping, reading a row) still releases the SQLite statement and
//! the heap memory its parameters took.
//!
//! It also makes sql.js behave like SQLite's C API as rusqlite drives it,
//! where sql.js on its own would be quietly lenient:
//! - a string holding a second statement is refused, where sql.js would
//!   compile the first and drop the rest unread;
//! - the number of parameters must match the placeholders, where sql.js
//!   leaves missing ones NULL and ignores a NULL bound past the last one;
//! - a REAL is always bound as a REAL (see [`crate::native`]).
//!
//! Simplifications:
//! - Nothing is cached: each call prepares, runs and frees its statement.

use js_sys::{Array, Object, Reflect, Uint8Array};
use servicelab_sim::{DbError, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{to_db_error, JsDatabase, JsStatement};
use crate::native::{NativeApi, StatementHandle};

/// What sql.js throws, as a plain string, for SQL with no statement in it.
const NOTHING_TO_PREPARE: &str = "Nothing to prepare";

/// A compiled statement that is freed when it goes out of scope.
pub struct Statement<'db> {
    js: JsStatement,
    db: &'db JsDatabase,
}

impl<'db> Statement<'db> {
    /// Compiles `sql`, which must hold exactly one statement.
    pub fn prepare(db: &'db JsDatabase, sql: &str) -> Result<Self, DbError> {
        let js = db.prepare(sql).map_err(to_db_error)?;
        let statement = Statement { js, db };
        statement.ensure_nothing_follows(sql)?;
        Ok(statement)
    }

    /// Binds `params` to the placeholders in order.
    pub fn bind(&self, native: &NativeApi, params: &[Value]) -> Result<(), DbError> {
        let handle = native.handle(self.db, &self.js)?;
        self.ensure_parameter_count(native, &handle, params.len())?;

        let values: Array = params.iter().map(to_js).collect();
        self.js.bind(&values).map_err(to_db_error)?;

        for (index, value) in params.iter().enumerate() {
            if let Value::Real(x) = value {
                native.bind_real(self.db, &handle, index + 1, *x)?;
            }
        }
        Ok(())
    }

    /// Advances to the next row; `false` once the statement is done.
    pub fn step(&self) -> Result<bool, DbError> {
        let more = self.js.step().map_err(to_db_error)?;
        more.as_bool()
            .ok_or_else(|| DbError::new(format!("sql.js step() returned {more:?}")))
    }

    /// The result column names, in select order.
    pub fn column_names(&self) -> Result<Vec<String>, DbError> {
        let names = self.js.column_names().map_err(to_db_error)?;
        let names = names
            .dyn_into::<Array>()
            .map_err(|other| DbError::new(format!("sql.js gave column names as {other:?}")))?;
        names
            .iter()
            .map(|name| {
                name.as_string()
                    .ok_or_else(|| DbError::new(format!("sql.js gave a column name as {name:?}")))
            })
            .collect()
    }

    /// Steps through every remaining row.
    pub fn rows(&self) -> Result<Vec<Vec<Value>>, DbError> {
        let config = big_int_config()?;
        let mut rows = Vec::new();
        while self.step()? {
            rows.push(self.row(&config)?);
        }
        Ok(rows)
    }

    /// The current row, one [`Value`] per column.
    fn row(&self, config: &JsValue) -> Result<Vec<Value>, DbError> {
        let cells = self.js.get(&JsValue::NULL, config).map_err(to_db_error)?;
        let cells = cells
            .dyn_into::<Array>()
            .map_err(|other| DbError::new(format!("sql.js gave a row as {other:?}")))?;
        cells.iter().map(from_js).collect()
    }

    /// Refuses a second statement after the first, as rusqlite does.
    ///
    /// `sqlite3_sql` gives back the text up to the end of the statement it
    /// compiled, so whatever follows it in `sql` is the unread rest.
    fn ensure_nothing_follows(&self, sql: &str) -> Result<(), DbError> {
        let compiled = self.js.source_sql().map_err(to_db_error)?;
        let Some(compiled) = compiled.as_string() else {
            return Err(DbError::new(format!(
                "sql.js gave the statement's SQL as {compiled:?}"
            )));
        };

        // SQLite stops reading at a NUL byte; its copy is then not a prefix,
        // and nothing after the NUL was ever going to run.
        let Some(rest) = sql.strip_prefix(compiled.as_str()) else {
            return Ok(());
        };
        if rest.trim().is_empty() {
            return Ok(());
        }

        // Compiling the rest tells comments and stray semicolons (nothing to
        // prepare) from a real statement, and reports a broken one as SQLite
        // words it.
        match self.db.prepare(rest) {
            Ok(second) => {
                drop(Statement {
                    js: second,
                    db: self.db,
                });
                Err(DbError::new("Multiple statements provided"))
            }
            Err(thrown) if thrown.as_string().as_deref() == Some(NOTHING_TO_PREPARE) => Ok(()),
            Err(thrown) => Err(to_db_error(thrown)),
        }
    }

    /// Checks that exactly `given` parameters fill the placeholders.
    ///
    /// sql.js does not export `sqlite3_bind_parameter_count`, so the count is
    /// probed with `sqlite3_bind_int`, which answers SQLITE_RANGE for a
    /// position past the last placeholder. Calling C directly matters: the
    /// same probe through sql.js's `bind` throws, and every exception that
    /// crosses into Rust costs time and pins a slot of wasm-bindgen's table
    /// for good. Each probe is undone by the next `bind`, which clears every
    /// parameter first.
    fn ensure_parameter_count(
        &self,
        native: &NativeApi,
        handle: &StatementHandle,
        given: usize,
    ) -> Result<(), DbError> {
        let out_of_range = || DbError::new("column index out of range");
        let given = u32::try_from(given).map_err(|_| out_of_range())?;
        let past_last = given.checked_add(1).ok_or_else(out_of_range)?;

        if native.has_placeholder(self.db, handle, past_last)? {
            return Err(DbError::new(format!(
                "Too few parameters: {given} given, but the statement has more placeholders"
            )));
        }
        if given > 0 && !native.has_placeholder(self.db, handle, given)? {
            return Err(out_of_range());
        }
        Ok(())
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        // free() answers `false` when the last step failed; that error has
        // already gone back to the caller. Only a throw is news.
        if let Err(thrown) = self.js.free() {
            log::warn!("sql.js could not free a statement: {}", to_db_error(thrown));
        }
    }
}

/// The `get()` option that returns every INTEGER as a `BigInt`, read from
/// SQLite's decimal text, so no 64-bit value passes through a float.
fn big_int_config() -> Result<JsValue, DbError> {
    let config = Object::new();
    Reflect::set(&config, &JsValue::from_str("useBigInt"), &JsValue::TRUE).map_err(to_db_error)?;
    Ok(config.into())
}

/// A parameter as sql.js binds it. An `i64` becomes a `BigInt`, which sql.js
/// binds with `sqlite3_bind_int64`; a REAL's number is re-bound afterwards.
fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Integer(n) => JsValue::from(*n),
        Value::Real(x) => JsValue::from_f64(*x),
        Value::Text(s) => JsValue::from_str(s),
        Value::Blob(bytes) => Uint8Array::from(bytes.as_slice()).into(),
    }
}

/// A cell as sql.js returns it with `useBigInt`: the JavaScript type alone
/// tells the storage class, since only INTEGERs come back as `BigInt`.
fn from_js(cell: JsValue) -> Result<Value, DbError> {
    if cell.is_null() {
        return Ok(Value::Null);
    }
    if cell.is_bigint() {
        return i64::try_from(cell)
            .map(Value::Integer)
            .map_err(|big| DbError::new(format!("sql.js returned {big:?}, past 64 bits")));
    }
    if let Some(x) = cell.as_f64() {
        return Ok(Value::Real(x));
    }
    if let Some(text) = cell.as_string() {
        return Ok(Value::Text(text));
    }
    match cell.dyn_into::<Uint8Array>() {
        Ok(bytes) => Ok(Value::Blob(bytes.to_vec())),
        Err(other) => Err(DbError::new(format!(
            "sql.js returned {other:?}, which is no SQLite storage class"
        ))),
    }
}
