//! Binding a REAL the way SQLite's C API does, past sql.js's own rule.
//!
//! JavaScript has one number type, so sql.js guesses a storage class from
//! the value: a number with no fractional part that fits in 32 bits goes to
//! `sqlite3_bind_int`, anything else to `sqlite3_bind_double`. `Value::Real(1.0)`
//! would therefore arrive as INTEGER 1, `typeof(?)` would say `integer`, and
//! an untyped column would store an integer. rusqlite binds every REAL with
//! `sqlite3_bind_double`; this module does the same, so both backends agree.
//!
//! sql.js exports the C function (`_sqlite3_bind_double`) but keeps the
//! statement's `sqlite3_stmt*` in a field that the minifier renames. The one
//! stable place the pointer shows is the registry every sql.js database keeps
//! of its live statements, an object keyed by that pointer. Before anything
//! is written through a pointer found there, [`NativeApi::handle`] checks it
//! with `sqlite3_sql`, which must give back the statement's own SQL; if sql.js
//! ever stores statements differently, binding fails with a clear error
//! instead of writing through a wrong pointer.
//!
//! The same pointer also lets the binding count a statement's placeholders
//! with `sqlite3_bind_int`, which returns a result code where sql.js's own
//! `bind` would throw.
//!
//! Simplifications:
//! - Only REAL values and the placeholder probe go past sql.js. Its `BigInt` binding already uses
//!   `sqlite3_bind_int64` (since sql.js 1.17), and text, blobs and NULL bind
//!   as SQLite would.

use js_sys::{Array, Function, Object, Reflect};
use servicelab_sim::DbError;
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{to_db_error, JsDatabase, JsStatement};

/// A statement's `sqlite3_stmt*`, as the number sql.js passes to C.
pub struct StatementHandle(JsValue);

/// The SQLite C functions, exported by sql.js, that the binding calls itself.
pub struct NativeApi {
    bind_double: Function,
    bind_int: Function,
    statement_sql: Function,
    utf8_to_string: Function,
}

impl NativeApi {
    /// Finds the functions on an initialised sql.js module.
    pub fn from_module(sql: &JsValue) -> Result<Self, DbError> {
        Ok(NativeApi {
            bind_double: module_function(sql, "_sqlite3_bind_double")?,
            bind_int: module_function(sql, "_sqlite3_bind_int")?,
            statement_sql: module_function(sql, "_sqlite3_sql")?,
            utf8_to_string: module_function(sql, "UTF8ToString")?,
        })
    }

    /// The `sqlite3_stmt*` behind `statement`, found in the database's
    /// registry of live statements and checked before use.
    pub fn handle(
        &self,
        db: &JsDatabase,
        statement: &JsStatement,
    ) -> Result<StatementHandle, DbError> {
        let expected = statement.source_sql().map_err(to_db_error)?;
        let fields = Object::values(db.unchecked_ref::<Object>());

        for field in fields.iter() {
            // The registry is a plain object; an array's keys are indexes.
            if !field.is_object() || Array::is_array(&field) {
                continue;
            }
            for entry in Object::entries(field.unchecked_ref::<Object>()).iter() {
                let entry = Array::from(&entry);
                if entry.get(1) != **statement {
                    continue;
                }
                if let Some(pointer) = pointer_from_key(&entry.get(0)) {
                    if self.sql_at(&pointer)? == expected {
                        return Ok(StatementHandle(pointer));
                    }
                }
            }
        }
        Err(DbError::new(
            "cannot bind parameters: this sql.js keeps its statements where the binding \
             cannot find them (the binding was written for sql.js 1.17)",
        ))
    }

    /// Binds `x` as a REAL at 1-based `position`, replacing whatever sql.js
    /// bound there.
    pub fn bind_real(
        &self,
        db: &JsDatabase,
        handle: &StatementHandle,
        position: usize,
        x: f64,
    ) -> Result<(), DbError> {
        let code = self
            .bind_double
            .call3(
                &JsValue::UNDEFINED,
                &handle.0,
                &JsValue::from_f64(position as f64),
                &JsValue::from_f64(x),
            )
            .map_err(to_db_error)?;

        match code.as_f64() {
            Some(0.0) => Ok(()),
            // handleError throws an Error carrying SQLite's message for the code.
            Some(code) => db.handle_error(code).map(drop).map_err(to_db_error),
            None => Err(DbError::new(format!(
                "sqlite3_bind_double returned {code:?} instead of a result code"
            ))),
        }
    }

    /// Whether the statement has a placeholder at 1-based `position`, asked
    /// by binding a 0 there: SQLite answers SQLITE_RANGE past the last one.
    pub fn has_placeholder(
        &self,
        db: &JsDatabase,
        handle: &StatementHandle,
        position: u32,
    ) -> Result<bool, DbError> {
        const SQLITE_RANGE: f64 = 25.0;
        let code = self
            .bind_int
            .call3(
                &JsValue::UNDEFINED,
                &handle.0,
                &JsValue::from_f64(f64::from(position)),
                &JsValue::from_f64(0.0),
            )
            .map_err(to_db_error)?;
        match code.as_f64() {
            Some(0.0) => Ok(true),
            Some(SQLITE_RANGE) => Ok(false),
            Some(code) => db.handle_error(code).map(|_| false).map_err(to_db_error),
            None => Err(DbError::new(format!(
                "sqlite3_bind_int returned {code:?} instead of a result code"
            ))),
        }
    }

    /// What `sqlite3_sql` reports for the statement at `pointer`.
    fn sql_at(&self, pointer: &JsValue) -> Result<JsValue, DbError> {
        let text = self
            .statement_sql
            .call1(&JsValue::UNDEFINED, pointer)
            .map_err(to_db_error)?;
        self.utf8_to_string
            .call1(&JsValue::UNDEFINED, &text)
            .map_err(to_db_error)
    }
}

/// A registry key is the pointer written in decimal. sql.js reads pointers
/// as signed 32-bit values, so a heap past 2 GiB gives negative keys.
fn pointer_from_key(key: &JsValue) -> Option<JsValue> {
    let pointer: i32 = key.as_string()?.parse().ok()?;
    (pointer != 0).then(|| JsValue::from_f64(f64::from(pointer)))
}

/// The function `name` on the sql.js module, which must be an object.
pub fn module_function(sql: &JsValue, name: &str) -> Result<Function, DbError> {
    let missing = || {
        DbError::new(format!(
            "this is not an initialised sql.js module: it has no function `{name}`"
        ))
    };
    if !sql.is_object() {
        return Err(missing());
    }
    let member = Reflect::get(sql, &JsValue::from_str(name)).map_err(to_db_error)?;
    member.dyn_into::<Function>().map_err(|_| missing())
}
