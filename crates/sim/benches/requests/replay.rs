//! The raw baseline: the statements one request ran, replayed on rusqlite.
//!
//! A [`Script`] is made from the `statements` an [`Exchange`] recorded, so
//! the baseline runs exactly the SQL the simulator ran: the same text, the
//! same parameters, the same `BEGIN` and `COMMIT`. It runs them the way a
//! hand-written service would, with `prepare_cached` and without building
//! any record: every row a query returns is stepped through and every cell
//! is read, and nothing else is done.
//!
//! Two parameters cannot simply be repeated on every run. A create needs a
//! fresh unique value (the sku), given to [`Script::run`] as its input; and a
//! statement that uses the id an earlier `RETURNING` gave (placing an order
//! reads the order back) gets this run's id, not the recorded one.
//!
//! [`Exchange`]: servicelab_sim::Exchange

use std::hint::black_box;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use servicelab_sim::record::StatementRecord;
use servicelab_sim::{Boot, StatementOutcome, Value};

/// Statements a lab's database keeps ready. The simulator's own cache is
/// sized alike, so neither side loses statements to eviction.
pub const CACHE_CAPACITY: usize = 64;

/// How a statement is run, following what the simulator's session called.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// `Session::query`: rows come back and are read.
    Query,
    /// `Session::execute`: a count of changed rows comes back.
    Execute,
    /// `Session::run`: DDL and transaction control, no parameters.
    Control,
}

/// Where a parameter's value comes from on each run.
#[derive(Debug)]
enum Param {
    /// The value the simulator bound, every time.
    Fixed(SqlValue),
    /// The run's input: a fresh value where the recorded one was unique.
    Input,
    /// The id returned by this run's `RETURNING`.
    Returned,
}

#[derive(Debug)]
struct Step {
    sql: String,
    params: Vec<Param>,
    kind: Kind,
    /// Rows the simulator saw returned or changed, to check the replay.
    rows: u64,
    returning: bool,
}

/// A request's statements, ready to replay.
#[derive(Debug)]
pub struct Script {
    steps: Vec<Step>,
}

impl Script {
    /// A script of `records`. A parameter equal to `input` becomes the run's
    /// input; one equal to `returned`, after the `RETURNING` statement that
    /// produced it, becomes that run's returned id.
    pub fn new(records: &[StatementRecord], input: Option<&Value>, returned: Option<i64>) -> Self {
        let mut seen_returning = false;
        let steps = records
            .iter()
            .map(|record| {
                let params = record
                    .params
                    .iter()
                    .map(|value| match value {
                        v if Some(v) == input => Param::Input,
                        Value::Integer(n) if seen_returning && Some(*n) == returned => {
                            Param::Returned
                        }
                        v => Param::Fixed(to_sql(v)),
                    })
                    .collect();
                let returning = record.sql.contains("RETURNING");
                seen_returning |= returning;
                let (kind, rows) = match &record.outcome {
                    StatementOutcome::Returned { rows } => (Kind::Query, *rows),
                    StatementOutcome::Changed { rows } => (Kind::Execute, *rows),
                    StatementOutcome::Done => (Kind::Control, 0),
                    StatementOutcome::Failed { message } => {
                        panic!("a measured request must succeed: {message}")
                    }
                };
                Step {
                    sql: record.sql.clone(),
                    params,
                    kind,
                    rows,
                    returning,
                }
            })
            .collect();
        Script { steps }
    }

    /// Runs every statement once, with `input` for the input parameter.
    pub fn run(&self, conn: &Connection, input: &SqlValue) -> rusqlite::Result<()> {
        self.run_counting(conn, input, |_, _| {})
    }

    /// Runs the script once and panics unless every statement returned or
    /// changed as many rows as it did in the simulator.
    pub fn check(&self, conn: &Connection, input: &SqlValue) {
        let mut counts = Vec::new();
        self.run_counting(conn, input, |index, rows| counts.push((index, rows)))
            .expect("the replay runs");
        for (index, rows) in counts {
            let step = &self.steps[index];
            assert_eq!(rows, step.rows, "row count differs for {:?}", step.sql);
        }
    }

    fn run_counting(
        &self,
        conn: &Connection,
        input: &SqlValue,
        mut tally: impl FnMut(usize, u64),
    ) -> rusqlite::Result<()> {
        let mut returned = SqlValue::Null;
        for (index, step) in self.steps.iter().enumerate() {
            let mut stmt = conn.prepare_cached(&step.sql)?;
            let params = step.params.iter().map(|param| match param {
                Param::Fixed(value) => value,
                Param::Input => input,
                Param::Returned => &returned,
            });
            let rows = match step.kind {
                // SQLite's change count is stale after transaction control
                // and DDL, and the simulator records none for them.
                Kind::Control => {
                    stmt.execute([])?;
                    0
                }
                Kind::Execute => stmt.execute(params_from_iter(params))? as u64,
                Kind::Query => {
                    let width = stmt.column_count();
                    let mut rows = stmt.query(params_from_iter(params))?;
                    let mut count = 0;
                    while let Some(row) = rows.next()? {
                        for column in 0..width {
                            black_box(row.get_ref(column)?);
                        }
                        if step.returning && count == 0 {
                            returned = SqlValue::Integer(row.get(0)?);
                        }
                        count += 1;
                    }
                    count
                }
            };
            tally(index, rows);
        }
        Ok(())
    }
}

/// An in-memory database built by replaying every statement the lab's
/// services ran while starting, so it holds the same schema and rows.
pub fn database(boots: &[Boot]) -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory SQLite opens");
    conn.execute_batch("PRAGMA foreign_keys = ON")
        .expect("foreign keys on");
    conn.set_prepared_statement_cache_capacity(CACHE_CAPACITY);
    for boot in boots {
        Script::new(&boot.statements, None, None)
            .run(&conn, &SqlValue::Null)
            .expect("boot statements replay");
    }
    conn.flush_prepared_statement_cache();
    conn
}

fn to_sql(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Integer(n) => SqlValue::Integer(*n),
        Value::Real(x) => SqlValue::Real(*x),
        Value::Text(s) => SqlValue::Text(s.clone()),
        Value::Blob(b) => SqlValue::Blob(b.clone()),
    }
}
