//! One behaviour suite for every [`Database`] implementation.
//!
//! Each check receives a fresh, empty database and returns `Err` with a
//! sentence saying what went wrong. The native tests run [`CHECKS`] against
//! `rusqlite`; the browser tests run the very same list against sql.js in
//! headless Chromium. A new backend is only trusted once it passes them all.

use crate::{Database, DbError, Value};

/// The outcome of one check: `Err` says in words what the backend got wrong.
pub type CheckResult = Result<(), String>;

/// A named check, run on a fresh empty database.
pub type Check = (&'static str, fn(&mut dyn Database) -> CheckResult);

/// Every check, in a stable order.
pub const CHECKS: &[Check] = &[
    (
        "integers_stay_exact_at_64_bits",
        integers_stay_exact_at_64_bits,
    ),
    (
        "every_storage_class_round_trips",
        every_storage_class_round_trips,
    ),
    (
        "parameters_keep_their_storage_class",
        parameters_keep_their_storage_class,
    ),
    (
        "query_reports_columns_without_rows",
        query_reports_columns_without_rows,
    ),
    ("execute_counts_changed_rows", execute_counts_changed_rows),
    ("foreign_keys_are_enforced", foreign_keys_are_enforced),
    ("errors_keep_sqlites_message", errors_keep_sqlites_message),
    (
        "failed_statements_leave_the_connection_usable",
        failed_statements_leave_the_connection_usable,
    ),
    (
        "rollback_discards_and_commit_keeps",
        rollback_discards_and_commit_keeps,
    ),
    (
        "image_is_a_sqlite_file_that_tracks_changes",
        image_is_a_sqlite_file_that_tracks_changes,
    ),
    ("parameters_are_never_sql", parameters_are_never_sql),
    ("large_values_round_trip", large_values_round_trip),
];

/// Runs every check, each on a database from `open`, and returns the failures.
pub fn run_all(open: &mut dyn FnMut() -> Box<dyn Database>) -> Vec<String> {
    CHECKS
        .iter()
        .filter_map(|(name, check)| {
            let mut db = open();
            check(db.as_mut()).err().map(|why| format!("{name}: {why}"))
        })
        .collect()
}

fn ensure(condition: bool, why: impl FnOnce() -> String) -> CheckResult {
    if condition {
        Ok(())
    } else {
        Err(why())
    }
}

fn ok<T>(result: Result<T, DbError>, doing: &str) -> Result<T, String> {
    result.map_err(|e| format!("{doing} failed: {e}"))
}

fn one(db: &mut dyn Database, sql: &str, params: &[Value]) -> Result<Value, String> {
    let rows = ok(db.query(sql, params), sql)?;
    rows.scalar()
        .cloned()
        .ok_or_else(|| format!("{sql} returned no row"))
}

fn integers_stay_exact_at_64_bits(db: &mut dyn Database) -> CheckResult {
    for n in [i64::MAX, i64::MIN, (1 << 53) + 1, -(1 << 53) - 1, 0] {
        let back = one(db, "SELECT ?", &[Value::Integer(n)])?;
        ensure(back == Value::Integer(n), || {
            format!("{n} came back as {back:?}")
        })?;
    }
    let sum = one(db, "SELECT ? + 1", &[Value::Integer((1 << 53) + 1)])?;
    ensure(sum == Value::Integer((1 << 53) + 2), || {
        format!("2^53 + 1 + 1 came back as {sum:?}")
    })
}

fn every_storage_class_round_trips(db: &mut dyn Database) -> CheckResult {
    ok(db.execute_batch("CREATE TABLE t (v)"), "CREATE TABLE")?;
    let values = [
        Value::Null,
        Value::Integer(-7),
        Value::Real(2.5),
        Value::Real(-0.1),
        Value::Text(String::new()),
        Value::Text("naïve café ✓ 🚀 'quoted'".into()),
        Value::Blob(vec![0, 1, 2, 0xFE, 0xFF]),
    ];
    for value in &values {
        ok(
            db.execute("INSERT INTO t (v) VALUES (?)", std::slice::from_ref(value)),
            "INSERT",
        )?;
    }
    let rows = ok(db.query("SELECT v FROM t ORDER BY rowid", &[]), "SELECT")?;
    let back: Vec<Value> = rows.rows.into_iter().flatten().collect();
    ensure(back == values, || {
        format!("stored {values:?}, read back {back:?}")
    })
}

fn parameters_keep_their_storage_class(db: &mut dyn Database) -> CheckResult {
    let cases = [
        (Value::Null, "null"),
        (Value::Integer(1), "integer"),
        (Value::Real(1.0), "real"),
        (Value::Text("1".into()), "text"),
        (Value::Blob(vec![1]), "blob"),
    ];
    for (value, expected) in cases {
        let class = one(db, "SELECT typeof(?)", std::slice::from_ref(&value))?;
        ensure(class == Value::Text(expected.into()), || {
            format!("{value:?} was bound as {class:?}")
        })?;
    }
    Ok(())
}

fn query_reports_columns_without_rows(db: &mut dyn Database) -> CheckResult {
    ok(
        db.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)"),
        "CREATE TABLE",
    )?;
    let rows = ok(db.query("SELECT b, a AS renamed FROM t", &[]), "SELECT")?;
    ensure(rows.columns == ["b", "renamed"], || {
        format!("columns were {:?}", rows.columns)
    })?;
    ensure(rows.rows.is_empty(), || {
        format!("expected no rows, got {:?}", rows.rows)
    })
}

fn execute_counts_changed_rows(db: &mut dyn Database) -> CheckResult {
    ok(
        db.execute_batch("CREATE TABLE t (n INTEGER)"),
        "CREATE TABLE",
    )?;
    for n in 0..5 {
        ok(
            db.execute("INSERT INTO t VALUES (?)", &[Value::Integer(n)]),
            "INSERT",
        )?;
    }
    let changed = ok(
        db.execute("UPDATE t SET n = n + 10 WHERE n >= ?", &[2.into()]),
        "UPDATE",
    )?;
    ensure(changed == 3, || {
        format!("UPDATE reported {changed} rows, expected 3")
    })?;
    let deleted = ok(db.execute("DELETE FROM t", &[]), "DELETE")?;
    ensure(deleted == 5, || {
        format!("DELETE reported {deleted} rows, expected 5")
    })
}

fn foreign_keys_are_enforced(db: &mut dyn Database) -> CheckResult {
    let on = one(db, "PRAGMA foreign_keys", &[])?;
    ensure(on == Value::Integer(1), || {
        format!("PRAGMA foreign_keys is {on:?}")
    })?;
    ok(
        db.execute_batch(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id));",
        ),
        "CREATE TABLE",
    )?;
    let err = db
        .execute("INSERT INTO child VALUES (?)", &[Value::Integer(42)])
        .err()
        .ok_or("an orphan child row was accepted")?;
    ensure(
        err.message.contains("FOREIGN KEY constraint failed"),
        || format!("unexpected error: {err}"),
    )
}

fn errors_keep_sqlites_message(db: &mut dyn Database) -> CheckResult {
    ok(
        db.execute_batch("CREATE TABLE t (x TEXT UNIQUE)"),
        "CREATE TABLE",
    )?;
    ok(
        db.execute("INSERT INTO t VALUES (?)", &["a".into()]),
        "INSERT",
    )?;
    let cases: [(&str, Vec<Value>, &str); 4] = [
        ("SELEC 1", vec![], "near \"SELEC\": syntax error"),
        ("SELECT * FROM missing", vec![], "no such table: missing"),
        (
            "INSERT INTO t VALUES (?)",
            vec!["a".into()],
            "UNIQUE constraint failed: t.x",
        ),
        ("SELECT nope FROM t", vec![], "no such column: nope"),
    ];
    for (sql, params, expected) in cases {
        let err = db
            .query(sql, &params)
            .err()
            .ok_or_else(|| format!("{sql} succeeded"))?;
        ensure(err.message.contains(expected), || {
            format!("{sql}: expected {expected:?}, got {:?}", err.message)
        })?;
    }
    Ok(())
}

fn failed_statements_leave_the_connection_usable(db: &mut dyn Database) -> CheckResult {
    ok(
        db.execute_batch("CREATE TABLE t (n INTEGER NOT NULL)"),
        "CREATE TABLE",
    )?;
    for _ in 0..200 {
        let failed = db.execute("INSERT INTO t VALUES (?)", &[Value::Null]);
        ensure(failed.is_err(), || {
            "a NULL went into a NOT NULL column".into()
        })?;
        let _ = db.query("SELECT no_such_column FROM t", &[]);
    }
    ok(
        db.execute("INSERT INTO t VALUES (?)", &[1.into()]),
        "INSERT after failures",
    )?;
    let count = one(db, "SELECT count(*) FROM t", &[])?;
    ensure(count == Value::Integer(1), || {
        format!("count(*) was {count:?}")
    })?;
    let too_many = db.query("SELECT ?", &[1.into(), 2.into()]);
    ensure(too_many.is_err(), || {
        "extra parameters were silently accepted".into()
    })
}

fn rollback_discards_and_commit_keeps(db: &mut dyn Database) -> CheckResult {
    ok(
        db.execute_batch("CREATE TABLE t (n INTEGER)"),
        "CREATE TABLE",
    )?;
    ok(db.begin(), "BEGIN")?;
    ok(
        db.execute("INSERT INTO t VALUES (?)", &[1.into()]),
        "INSERT",
    )?;
    ok(db.rollback(), "ROLLBACK")?;
    ok(db.begin(), "BEGIN")?;
    ok(
        db.execute("INSERT INTO t VALUES (?)", &[2.into()]),
        "INSERT",
    )?;
    ok(db.commit(), "COMMIT")?;
    let rows = ok(db.query("SELECT n FROM t", &[]), "SELECT")?;
    ensure(rows.rows == vec![vec![Value::Integer(2)]], || {
        format!("after rollback then commit the table held {:?}", rows.rows)
    })
}

fn image_is_a_sqlite_file_that_tracks_changes(db: &mut dyn Database) -> CheckResult {
    ok(
        db.execute_batch("CREATE TABLE t (n INTEGER)"),
        "CREATE TABLE",
    )?;
    let before = ok(db.image(), "image")?;
    ensure(before.starts_with(b"SQLite format 3\0"), || {
        "image lacks the SQLite header".into()
    })?;
    let again = ok(db.image(), "image")?;
    ensure(before == again, || {
        "two images of an unchanged database differ".into()
    })?;
    ok(
        db.execute("INSERT INTO t VALUES (?)", &[1.into()]),
        "INSERT",
    )?;
    let after = ok(db.image(), "image")?;
    ensure(before != after, || {
        "an INSERT left the image unchanged".into()
    })?;
    let on = one(db, "PRAGMA foreign_keys", &[])?;
    ensure(on == Value::Integer(1), || {
        "taking an image turned foreign keys off".into()
    })
}

fn parameters_are_never_sql(db: &mut dyn Database) -> CheckResult {
    ok(db.execute_batch("CREATE TABLE t (s TEXT)"), "CREATE TABLE")?;
    let hostile = "x'); DROP TABLE t; --";
    ok(
        db.execute("INSERT INTO t VALUES (?)", &[hostile.into()]),
        "INSERT",
    )?;
    let back = one(db, "SELECT s FROM t", &[])?;
    ensure(back == Value::Text(hostile.into()), || {
        format!("read back {back:?}")
    })
}

fn large_values_round_trip(db: &mut dyn Database) -> CheckResult {
    let text: String = "ServiceLab ✓ ".repeat(50_000);
    let back = one(db, "SELECT ?", &[Value::Text(text.clone())])?;
    ensure(back == Value::Text(text), || {
        "a 650 kB text changed on the way".into()
    })?;
    let blob: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let back = one(db, "SELECT ?", &[Value::Blob(blob.clone())])?;
    ensure(back == Value::Blob(blob), || {
        "a 300 kB blob changed on the way".into()
    })
}
