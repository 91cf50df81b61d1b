//! Row-level change tracking, done with SQL so it works on every backend.
//!
//! Before each request the tracker makes sure every table carries three
//! `TEMP` triggers (after insert, update and delete) that copy the old and
//! new row images into a temporary log table. After the request it reads the
//! log and folds it into net changes per row: a row inserted and then
//! updated is one insert of its final image; a row inserted and deleted is
//! nothing at all.
//!
//! Triggers were chosen over SQLite's session extension because sql.js does
//! not ship that extension, and over diffing whole tables because that costs
//! a full scan of every table on every request. Temporary objects live in
//! the `temp` schema, so the main database file stays byte for byte what the
//! services made it; and the log is transactional, so a rolled-back request
//! leaves no entries.
//!
//! Simplifications:
//! - Row images are rendered with SQLite's `quote()`, which prints a REAL
//!   with 15 significant digits. Diffs of floats can therefore differ from
//!   the stored value in the last digits; the stored value is unaffected.
//! - Changes in `WITHOUT ROWID` tables are listed one event at a time, not
//!   folded, because they have no rowid to key them by.

use crate::record::{RowChange, TableChanges};
use crate::{Database, DbError, Value};

/// Empties the log before tracked work.
const CLEAR_LOG: &str = "DELETE FROM temp.servicelab_changes";

/// Reads the log in the order events happened.
const READ_LOG: &str = "SELECT tbl, op, rid, old, new FROM temp.servicelab_changes ORDER BY seq";

/// Keeps the triggers in step with the schema and reads what they logged.
#[derive(Debug, Default)]
pub struct ChangeTracker {
    schema_version: Option<i64>,
    tables: Vec<Tracked>,
}

#[derive(Debug)]
struct Tracked {
    name: String,
    columns: Vec<String>,
}

impl ChangeTracker {
    /// A tracker that has installed nothing yet.
    pub fn new() -> Self {
        ChangeTracker::default()
    }

    /// Installs triggers for tables created since the last call and empties
    /// the log. Call before the work to be tracked.
    pub fn arm(&mut self, db: &mut dyn Database) -> Result<(), DbError> {
        let version = db
            .query("PRAGMA schema_version", &[])?
            .scalar()
            .and_then(Value::as_i64);
        if version != self.schema_version || self.tables.is_empty() {
            self.install(db)?;
            self.schema_version = version;
        }
        db.execute(CLEAR_LOG, &[])?;
        Ok(())
    }

    /// The net changes logged since [`arm`](Self::arm).
    pub fn collect(&self, db: &mut dyn Database) -> Result<Vec<TableChanges>, DbError> {
        let log = db.query(READ_LOG, &[])?;
        let mut folded: Vec<(TableChanges, Vec<Option<i64>>)> = Vec::new();
        for row in &log.rows {
            let [tbl, op, rid, old, new] = row.as_slice() else {
                continue;
            };
            let Some(tracked) = self
                .tables
                .iter()
                .find(|t| Some(t.name.as_str()) == tbl.as_str())
            else {
                continue;
            };
            let slot = match folded.iter().position(|(t, _)| t.table == tracked.name) {
                Some(index) => index,
                None => {
                    folded.push((table_changes(tracked), Vec::new()));
                    folded.len() - 1
                }
            };
            let (table, keys) = &mut folded[slot];
            fold(
                table,
                keys,
                op.as_str().unwrap_or_default(),
                rid.as_i64(),
                image(old),
                image(new),
            );
        }
        Ok(folded
            .into_iter()
            .map(|(t, _)| t)
            .filter(|t| !t.rows.is_empty())
            .collect())
    }

    /// Removes every trigger, so that a schema change the triggers name (an
    /// `ALTER TABLE ... DROP COLUMN`, say) is not refused because of them.
    /// The next [`arm`](Self::arm) installs them again for the new schema.
    pub fn disarm(&mut self, db: &mut dyn Database) -> Result<(), DbError> {
        self.tables.clear();
        self.schema_version = None;
        drop_triggers(db)
    }

    fn install(&mut self, db: &mut dyn Database) -> Result<(), DbError> {
        db.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS servicelab_changes (
                seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, rid INTEGER, old TEXT, new TEXT)",
        )?;
        drop_triggers(db)?;

        let tables = db.query(
            "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_master \
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            &[],
        )?;
        self.tables.clear();
        for (index, row) in tables.rows.iter().enumerate() {
            let Some(name) = row.first().and_then(Value::as_str) else {
                continue;
            };
            let rowid = row.get(1).and_then(Value::as_i64) != Some(1);
            let columns = column_names(db, name)?;
            db.execute_batch(&trigger_sql(index, name, &columns, rowid))?;
            self.tables.push(Tracked {
                name: name.to_owned(),
                columns,
            });
        }
        Ok(())
    }
}

fn drop_triggers(db: &mut dyn Database) -> Result<(), DbError> {
    let old = db.query(
        "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' \
         AND name LIKE 'servicelab_track_%'",
        &[],
    )?;
    for row in &old.rows {
        if let Some(name) = row.first().and_then(Value::as_str) {
            db.execute_batch(&format!("DROP TRIGGER temp.{}", ident(name)))?;
        }
    }
    Ok(())
}

fn column_names(db: &mut dyn Database, table: &str) -> Result<Vec<String>, DbError> {
    let info = db.query(
        "SELECT name FROM pragma_table_info(?) ORDER BY cid",
        &[table.into()],
    )?;
    Ok(info
        .rows
        .iter()
        .filter_map(|r| r.first().and_then(Value::as_str).map(str::to_owned))
        .collect())
}

/// Quotes an identifier for SQL, doubling any embedded quote.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn trigger_sql(index: usize, table: &str, columns: &[String], rowid: bool) -> String {
    let images = |side: &str| {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| format!("quote({side}.{})", ident(c)))
            .collect();
        format!("json_array({})", cells.join(", "))
    };
    let rid = |side: &str| {
        if rowid {
            format!("{side}.rowid")
        } else {
            "NULL".into()
        }
    };
    let literal = format!("'{}'", table.replace('\'', "''"));
    let target = format!("main.{}", ident(table));
    let events = [
        (
            "insert",
            "INSERT",
            "NULL".to_string(),
            images("NEW"),
            rid("NEW"),
        ),
        ("update", "UPDATE", images("OLD"), images("NEW"), rid("NEW")),
        (
            "delete",
            "DELETE",
            images("OLD"),
            "NULL".to_string(),
            rid("OLD"),
        ),
    ];
    events
        .iter()
        .map(|(op, event, old, new, rid)| {
            format!(
                "CREATE TEMP TRIGGER servicelab_track_{index}_{op} AFTER {event} ON {target} \
                 BEGIN INSERT INTO servicelab_changes (tbl, op, rid, old, new) \
                 VALUES ({literal}, '{op}', {rid}, {old}, {new}); END;"
            )
        })
        .collect()
}

fn table_changes(tracked: &Tracked) -> TableChanges {
    TableChanges {
        table: tracked.name.clone(),
        columns: tracked.columns.clone(),
        rows: Vec::new(),
    }
}

/// Parses a row image: a JSON array of `quote()` literals.
fn image(cell: &Value) -> Option<Vec<Value>> {
    let text = cell.as_str()?;
    let literals: Vec<String> = serde_json::from_str(text).ok()?;
    literals
        .iter()
        .map(|l| Value::from_sql_literal(l))
        .collect()
}

/// Folds one logged event into the table's net changes. `keys` runs beside
/// `table.rows`, holding each entry's rowid.
fn fold(
    table: &mut TableChanges,
    keys: &mut Vec<Option<i64>>,
    op: &str,
    rid: Option<i64>,
    old: Option<Vec<Value>>,
    new: Option<Vec<Value>>,
) {
    let existing = rid.and_then(|r| keys.iter().position(|k| *k == Some(r)));
    let Some(index) = existing else {
        let change = match (op, old, new) {
            ("insert", _, Some(after)) => RowChange::Inserted { after },
            ("update", Some(before), Some(after)) if before != after => {
                RowChange::Updated { before, after }
            }
            ("delete", Some(before), _) => RowChange::Deleted { before },
            _ => return,
        };
        table.rows.push(change);
        keys.push(rid);
        return;
    };

    let merged = match (&table.rows[index], op, new) {
        (RowChange::Inserted { .. }, "update", Some(after)) => Some(RowChange::Inserted { after }),
        (RowChange::Inserted { .. }, "delete", _) => None,
        (RowChange::Updated { before, .. }, "update", Some(after))
        | (RowChange::Deleted { before }, "insert", Some(after)) => Some(RowChange::Updated {
            before: before.clone(),
            after,
        }),
        (RowChange::Updated { before, .. }, "delete", _) => Some(RowChange::Deleted {
            before: before.clone(),
        }),
        (current, _, _) => Some(current.clone()),
    };
    match merged {
        Some(RowChange::Updated { before, after }) if before == after => {
            table.rows.remove(index);
            keys.remove(index);
        }
        Some(change) => table.rows[index] = change,
        None => {
            table.rows.remove(index);
            keys.remove(index);
        }
    }
}
