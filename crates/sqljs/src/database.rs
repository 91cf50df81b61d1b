//! [`Database`] on sql.js: SQLite compiled to WebAssembly, running in the
//! learner's tab.
//!
//! The engine is the same SQLite the native build links through rusqlite,
//! so constraint messages, type affinity and `typeof()` answers are the
//! engine's own. This module only has to carry values and errors across the
//! JavaScript boundary without changing them, and the conformance suite in
//! the simulation core checks that it does.
//!
//! Simplifications:
//! - The database lives in memory. Saving it means keeping the bytes of
//!   [`Database::image`] somewhere and reopening them with
//!   [`SqlJsDatabase::from_image`].
//! - No user-defined SQL functions, update hooks or attached databases:
//!   lessons need only what rusqlite offers the native build.

use js_sys::{Array, Reflect, Uint8Array};
use servicelab_sim::{Database, DbError, Rows, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{to_db_error, JsDatabase};
use crate::native::{module_function, NativeApi};
use crate::statement::Statement;

/// The message rusqlite gives when `execute` meets a statement that returns
/// rows; kept word for word so both backends say the same thing.
const EXECUTE_RETURNED_ROWS: &str = "Execute returned results - did you mean to call query?";

/// An in-memory SQLite database inside sql.js, with foreign keys on.
///
/// Dropping it closes the sql.js database, which frees its share of the
/// sql.js heap; sql.js has no garbage collection of its own.
pub struct SqlJsDatabase {
    db: JsDatabase,
    native: NativeApi,
}

impl SqlJsDatabase {
    /// Opens a fresh, empty database.
    ///
    /// `sql` is the module that sql.js's `initSqlJs` resolves to, for
    /// example from [`load_sql_js`](crate::load_sql_js).
    pub fn open(sql: &JsValue) -> Result<Self, DbError> {
        Self::connect(sql, &Array::new())
    }

    /// Opens a database from the bytes of a `.sqlite` file, such as an
    /// earlier [`Database::image`].
    ///
    /// The bytes are not checked here: SQLite reads the schema once before
    /// this returns, and a file that is not a database fails then with
    /// SQLite's own "file is not a database".
    pub fn from_image(sql: &JsValue, bytes: &[u8]) -> Result<Self, DbError> {
        let image = Uint8Array::from(bytes);
        let mut db = Self::connect(sql, &Array::of1(&image))?;

        // sql.js opens the file lazily and `PRAGMA foreign_keys` never reads
        // it, so without this read a broken image would only fail later, on
        // the first request that touches a table.
        db.query("SELECT count(*) FROM sqlite_master", &[])?;
        Ok(db)
    }

    fn connect(sql: &JsValue, arguments: &Array) -> Result<Self, DbError> {
        let native = NativeApi::from_module(sql)?;
        let constructor = module_function(sql, "Database")?;

        let db = Reflect::construct(&constructor, arguments).map_err(to_db_error)?;
        let db = SqlJsDatabase {
            db: db.unchecked_into(),
            native,
        };
        db.turn_on_foreign_keys()?;
        Ok(db)
    }

    /// SQLite leaves foreign keys off on every new connection, for backward
    /// compatibility; the lab's schemas rely on them.
    fn turn_on_foreign_keys(&self) -> Result<(), DbError> {
        self.db
            .run("PRAGMA foreign_keys = ON")
            .map(drop)
            .map_err(to_db_error)
    }

    fn prepare(&self, sql: &str, params: &[Value]) -> Result<Statement<'_>, DbError> {
        log::debug!("sql.js: {sql}");
        let statement = Statement::prepare(&self.db, sql)?;
        statement.bind(&self.native, params)?;
        Ok(statement)
    }
}

impl Database for SqlJsDatabase {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let statement = self.prepare(sql, params)?;
        if statement.step()? {
            return Err(DbError::new(EXECUTE_RETURNED_ROWS));
        }

        let changed = self.db.rows_modified().map_err(to_db_error)?;
        match changed.as_f64() {
            Some(n) if n >= 0.0 => Ok(n as u64),
            _ => Err(DbError::new(format!(
                "sql.js counted {changed:?} changed rows"
            ))),
        }
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Rows, DbError> {
        let statement = self.prepare(sql, params)?;
        let columns = statement.column_names()?;
        let rows = statement.rows()?;
        Ok(Rows { columns, rows })
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), DbError> {
        log::debug!("sql.js batch: {sql}");
        self.db.run(sql).map(drop).map_err(to_db_error)
    }

    fn image(&mut self) -> Result<Vec<u8>, DbError> {
        let bytes = self.db.export_image().map_err(to_db_error)?;
        let bytes = bytes
            .dyn_into::<Uint8Array>()
            .map_err(|other| DbError::new(format!("sql.js exported {other:?}, not bytes")))?;

        // sql.js up to 1.15 exported by closing and reopening the connection,
        // which silently turned foreign keys off again. 1.16 and later keep
        // the connection, so this is a no-op there; it stays so the contract
        // holds whichever sql.js is loaded.
        self.turn_on_foreign_keys()?;
        Ok(bytes.to_vec())
    }
}

impl Drop for SqlJsDatabase {
    fn drop(&mut self) {
        if let Err(thrown) = self.db.close() {
            log::warn!("sql.js could not close a database: {}", to_db_error(thrown));
        }
    }
}
