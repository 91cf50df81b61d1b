//! The connection a service holds while it handles one request.
//!
//! [`Session`] wraps the shared [`Database`] and records every statement the
//! service runs: its text, parameters, outcome and simulated cost. Services
//! only ever reach the database through it, so nothing they do can escape
//! the record.

use crate::clock::{CostModel, SimDuration};
use crate::http::Response;
use crate::record::{StatementOutcome, StatementRecord};
use crate::{Database, DbError, Rows, Value};

/// Why a handler stopped early.
///
/// Both kinds roll back an open transaction. The first is a deliberate
/// answer (a 409 for too little stock); the second is SQLite refusing a
/// statement the handler did not expect to fail, which the framework turns
/// into its own 500 page, as the real one would.
#[derive(Debug)]
pub enum Failure {
    /// Stop and send this response.
    Respond(Response),
    /// A statement failed unexpectedly.
    Database(DbError),
}

impl From<DbError> for Failure {
    fn from(err: DbError) -> Self {
        Failure::Database(err)
    }
}

/// A recording handle on the shared database.
pub struct Session<'a> {
    db: &'a mut dyn Database,
    costs: &'a CostModel,
    now: String,
    statements: Vec<StatementRecord>,
}

impl<'a> Session<'a> {
    /// A session whose `now()` reads `now`, a SQL timestamp.
    pub(crate) fn new(db: &'a mut dyn Database, costs: &'a CostModel, now: String) -> Self {
        Session {
            db,
            costs,
            now,
            statements: Vec::new(),
        }
    }

    /// The simulated time the request arrived, as SQL timestamp text.
    pub fn now(&self) -> &str {
        &self.now
    }

    /// Runs a query and records it.
    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Rows, DbError> {
        let result = self.db.query(sql, params);
        let outcome = match &result {
            Ok(rows) => StatementOutcome::Returned {
                rows: rows.rows.len() as u64,
            },
            Err(err) => failed(err),
        };
        self.record(sql, params, outcome);
        result
    }

    /// Runs a write and records it.
    pub fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let result = self.db.execute(sql, params);
        let outcome = match &result {
            Ok(rows) => StatementOutcome::Changed { rows: *rows },
            Err(err) => failed(err),
        };
        self.record(sql, params, outcome);
        result
    }

    /// Runs one parameterless statement (DDL, a pragma, transaction
    /// control) and records it.
    pub fn run(&mut self, sql: &str) -> Result<(), DbError> {
        let result = self.db.execute_batch(sql);
        let outcome = match &result {
            Ok(()) => StatementOutcome::Done,
            Err(err) => failed(err),
        };
        self.record(sql, &[], outcome);
        result
    }

    /// Runs `work` in a transaction: committed when it returns `Ok`, rolled
    /// back when it returns `Err`, so a failed request leaves no trace.
    pub fn atomic<T>(
        &mut self,
        work: impl FnOnce(&mut Self) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.run("BEGIN")?;
        match work(self) {
            Ok(value) => {
                if let Err(err) = self.run("COMMIT") {
                    let _ = self.run("ROLLBACK");
                    return Err(err.into());
                }
                Ok(value)
            }
            Err(failure) => {
                self.run("ROLLBACK")?;
                Err(failure)
            }
        }
    }

    /// Every statement recorded so far.
    pub(crate) fn into_statements(self) -> Vec<StatementRecord> {
        self.statements
    }

    fn record(&mut self, sql: &str, params: &[Value], outcome: StatementOutcome) {
        let duration = self.cost(sql, &outcome);
        self.statements.push(StatementRecord {
            sql: sql.to_owned(),
            params: params.to_vec(),
            outcome,
            duration,
        });
    }

    fn cost(&self, sql: &str, outcome: &StatementOutcome) -> SimDuration {
        let keyword = first_keyword(sql);
        if keyword.eq_ignore_ascii_case("COMMIT") {
            return self.costs.commit;
        }
        let writes = !["SELECT", "PRAGMA", "WITH", "BEGIN"]
            .iter()
            .any(|read| keyword.eq_ignore_ascii_case(read));
        let rows = match outcome {
            StatementOutcome::Returned { rows } | StatementOutcome::Changed { rows } => *rows,
            StatementOutcome::Done | StatementOutcome::Failed { .. } => 0,
        };
        self.costs.statement(writes, rows)
    }
}

fn failed(err: &DbError) -> StatementOutcome {
    StatementOutcome::Failed {
        message: err.message.clone(),
    }
}

/// The statement's first word (`SELECT`, `ALTER`, ...), as written.
pub(crate) fn first_keyword(sql: &str) -> &str {
    sql.split_whitespace().next().unwrap_or_default()
}
