//! sql.js behind the simulation core's [`Database`](servicelab_sim::Database)
//! trait, so the browser build runs lessons on the same SQLite engine as the
//! native tests.
//!
//! This crate is the one place where ServiceLab speaks JavaScript to the
//! database. Every value crosses as a [`Value`](servicelab_sim::Value) with
//! its storage class intact, and everything sql.js throws becomes a
//! [`DbError`](servicelab_sim::DbError) carrying SQLite's own message.
//!
//! ```no_run
//! use servicelab_sim::{Database, DbError, Value};
//! use servicelab_sqljs::{load_sql_js, SqlJsDatabase};
//!
//! async fn first_query() -> Result<(), DbError> {
//!     let sql = load_sql_js("/sql-wasm.wasm").await?;
//!     let mut db = SqlJsDatabase::open(&sql)?;
//!     let rows = db.query("SELECT ? + 1", &[Value::Integer(41)])?;
//!     assert_eq!(rows.scalar(), Some(&Value::Integer(42)));
//!     Ok(())
//! }
//! ```
//!
//! sql.js must be 1.17 or later: earlier releases bind a `BigInt` as text,
//! which would turn every INTEGER parameter into TEXT.
//!
//! Simplifications:
//! - One sql.js module per page and no Web Worker: queries run on the main
//!   thread, which is fine for the small databases a lesson uses.

mod database;
mod js;
mod loader;
mod native;
mod statement;

pub use database::SqlJsDatabase;
pub use loader::load_sql_js;
