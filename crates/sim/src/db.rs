//! The database boundary: the one interface through which services touch SQL.
//!
//! Services never see a driver. They see [`Database`], which runs a single
//! statement with bound parameters and hands back typed [`Value`]s. The native
//! build implements it on real SQLite (`rusqlite`); the browser build
//! implements it on sql.js. Both must pass the same
//! [`conformance`](crate::conformance) suite, so a lesson behaves the same in
//! a test and in a student's tab.
//!
//! Simplifications:
//! - One connection, used by one caller at a time. Real services each hold a
//!   connection pool, and SQLite serialises their writers with a file lock;
//!   here requests are handled one after another, so there is no contention
//!   to model.
//! - No prepared-statement handles leave the boundary: every call prepares,
//!   runs and releases its statement. Drivers cache statements (the native
//!   backend does); that is a speed concern, not a behaviour a learner can
//!   observe.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Value;

/// A failed database call. `message` is SQLite's own wording (for example
/// `UNIQUE constraint failed: catalog_product.sku`), never a paraphrase, so a
/// learner can search for it.
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[error("{message}")]
pub struct DbError {
    /// The message as SQLite (or the binding, for a misuse) worded it.
    pub message: String,
}

impl DbError {
    /// Wraps a message.
    pub fn new(message: impl Into<String>) -> Self {
        DbError {
            message: message.into(),
        }
    }
}

/// The result of a query: column names in select order, then the rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    /// Column names, present even when no row came back.
    pub columns: Vec<String>,
    /// Each row holds one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// The value in the named column of row `row`, if both exist.
    pub fn cell(&self, row: usize, column: &str) -> Option<&Value> {
        let index = self.columns.iter().position(|c| c == column)?;
        self.rows.get(row)?.get(index)
    }

    /// The first column of the first row, the shape of `SELECT count(*)`.
    pub fn scalar(&self) -> Option<&Value> {
        self.rows.first()?.first()
    }
}

/// A SQLite connection as services see it.
///
/// Every implementation must keep foreign keys on for the life of the
/// connection, keep 64-bit integers exact, return BLOBs as bytes, free (or
/// reset, if it caches them) every statement it prepares, on error paths
/// too, and pass on SQLite's own error messages.
pub trait Database {
    /// Runs one statement that returns no rows and reports how many rows it
    /// inserted, updated or deleted.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;

    /// Runs one statement and returns every row it produces.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Rows, DbError>;

    /// Runs a script of statements without parameters: schema and pragmas.
    fn execute_batch(&mut self, sql: &str) -> Result<(), DbError>;

    /// The whole database as the bytes of a `.sqlite` file.
    ///
    /// Two images are equal exactly when the databases are byte for byte the
    /// same, which is how tests prove that a failed request changed nothing.
    fn image(&mut self) -> Result<Vec<u8>, DbError>;

    /// Opens a transaction.
    fn begin(&mut self) -> Result<(), DbError> {
        self.execute_batch("BEGIN")
    }

    /// Makes the open transaction's changes permanent.
    fn commit(&mut self) -> Result<(), DbError> {
        self.execute_batch("COMMIT")
    }

    /// Discards the open transaction's changes.
    fn rollback(&mut self) -> Result<(), DbError> {
        self.execute_batch("ROLLBACK")
    }
}
