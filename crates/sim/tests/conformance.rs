//! Pins the `Database` contract on real SQLite: the same checks the browser
//! suite runs against sql.js.

use servicelab_sim::{conformance, Database, SqliteDatabase};

#[test]
fn rusqlite_passes_every_conformance_check() {
    let failures = conformance::run_all(&mut || {
        Box::new(SqliteDatabase::open_in_memory().expect("open in-memory SQLite"))
            as Box<dyn Database>
    });
    assert!(
        failures.is_empty(),
        "failed checks:\n{}",
        failures.join("\n")
    );
}
