//! ServiceLab's simulation core.
pub mod conformance;
mod db;
#[cfg(feature = "rusqlite")]
mod sqlite;
mod value;

pub use db::{Database, DbError, Rows};
#[cfg(feature = "rusqlite")]
pub use sqlite::SqliteDatabase;
pub use value::Value;
