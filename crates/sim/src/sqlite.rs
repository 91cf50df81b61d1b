//! [`Database`] on real SQLite, through `rusqlite` with SQLite bundled.
//!
//! This is the implementation native tests run on, so what they prove holds
//! for the same SQLite engine that sql.js compiles to WebAssembly.
//!
//! Statements are prepared through rusqlite's statement cache, as a real
//! driver would. Preparing every statement afresh took about a third of a
//! simulated read and more than half of a write, whose statements carry the
//! change tracker's triggers compiled in (see `docs/benchmarks.md`). A
//! cached statement is reset and its parameters cleared before it is reused,
//! and SQLite prepares it again by itself when the schema changes, so
//! callers cannot tell it from a fresh one.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, MAIN_DB};

use crate::{Database, DbError, Rows, Value};

/// Statements kept prepared. The two services and the change tracker use
/// about twenty-five distinct statements, plus one per page of the product
/// list; the rest of the room is for what a learner types into the console.
const STATEMENT_CACHE: usize = 64;

/// An in-memory SQLite database with foreign keys on.
pub struct SqliteDatabase {
    conn: Connection,
}

impl SqliteDatabase {
    /// Opens a fresh, empty in-memory database.
    pub fn open_in_memory() -> Result<Self, DbError> {
        let conn = Connection::open_in_memory().map_err(to_db_error)?;
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .map_err(to_db_error)?;
        Ok(SqliteDatabase::wrap(conn))
    }

    /// Opens an in-memory copy of a database file's bytes, foreign keys on.
    /// The bytes are not checked here; see [`crate::image`].
    pub fn from_image(bytes: &[u8]) -> Result<Self, DbError> {
        let mut conn = Connection::open_in_memory().map_err(to_db_error)?;
        conn.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), false)
            .map_err(to_db_error)?;
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .map_err(to_db_error)?;
        Ok(SqliteDatabase::wrap(conn))
    }

    fn wrap(conn: Connection) -> Self {
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        SqliteDatabase { conn }
    }
}

impl Database for SqliteDatabase {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(to_db_error)?;
        let changed = stmt
            .execute(params_from_iter(params.iter().map(to_sql)))
            .map_err(to_db_error)?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Rows, DbError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(to_db_error)?;
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let width = columns.len();
        let mut cursor = stmt
            .query(params_from_iter(params.iter().map(to_sql)))
            .map_err(to_db_error)?;

        let mut rows = Vec::new();
        while let Some(row) = cursor.next().map_err(to_db_error)? {
            let cells = (0..width)
                .map(|i| row.get_ref(i).map(from_sql).map_err(to_db_error))
                .collect::<Result<Vec<_>, _>>()?;
            rows.push(cells);
        }
        Ok(Rows { columns, rows })
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(to_db_error)
    }

    fn image(&mut self) -> Result<Vec<u8>, DbError> {
        let data = self.conn.serialize(MAIN_DB).map_err(to_db_error)?;
        Ok(data.to_vec())
    }
}

/// Binds a parameter by reference: SQLite copies text and blobs as it binds
/// them, so there is nothing to gain from copying them first.
fn to_sql(value: &Value) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(match value {
        Value::Null => ValueRef::Null,
        Value::Integer(n) => ValueRef::Integer(*n),
        Value::Real(x) => ValueRef::Real(*x),
        Value::Text(s) => ValueRef::Text(s.as_bytes()),
        Value::Blob(b) => ValueRef::Blob(b),
    })
}

fn from_sql(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// Keeps SQLite's own message. rusqlite wraps it in its own enum, and for
/// errors in SQL text it appends the statement and an offset; the learner
/// sees the statement beside the error already, so only SQLite's words stay.
fn to_db_error(err: rusqlite::Error) -> DbError {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) => DbError::new(message),
        rusqlite::Error::SqlInputError { msg, .. } => DbError::new(msg),
        other => DbError::new(other.to_string()),
    }
}
