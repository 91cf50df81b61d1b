//! Pins the `Database` contract on sql.js in headless Chromium: the same
//! checks the native suite runs against rusqlite, one browser test each, so
//! the runner names the check that fails.

#![cfg(target_arch = "wasm32")]

mod support;

use servicelab_sim::conformance::{self, CHECKS};
use servicelab_sim::Database;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs the named check on a fresh database and fails with its reason.
async fn run_check(name: &str) {
    let (_, check) = CHECKS
        .iter()
        .find(|(check_name, _)| *check_name == name)
        .unwrap_or_else(|| panic!("the core has no conformance check named {name}"));
    let mut db = support::open().await;
    if let Err(why) = check(&mut db) {
        panic!("{name}: {why}");
    }
}

/// One browser test per check, and the list of names they cover.
macro_rules! conformance_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test]
            async fn $name() {
                run_check(stringify!($name)).await;
            }
        )*

        const COVERED: &[&str] = &[$(stringify!($name)),*];
    };
}

conformance_tests!(
    integers_stay_exact_at_64_bits,
    every_storage_class_round_trips,
    parameters_keep_their_storage_class,
    query_reports_columns_without_rows,
    execute_counts_changed_rows,
    foreign_keys_are_enforced,
    errors_keep_sqlites_message,
    failed_statements_leave_the_connection_usable,
    rollback_discards_and_commit_keeps,
    image_is_a_sqlite_file_that_tracks_changes,
    parameters_are_never_sql,
    large_values_round_trip,
);

/// A check added to the core must get a browser test here too, or sql.js
/// would ship without being held to it.
#[wasm_bindgen_test]
fn every_conformance_check_has_a_browser_test() {
    let missing: Vec<&str> = CHECKS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !COVERED.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "checks without a browser test: {missing:?}"
    );
}

/// The core's own runner, as the native suite calls it, finds no failure.
#[wasm_bindgen_test]
async fn run_all_passes_on_sql_js() {
    let sql = support::sql_js().await;
    let failures = conformance::run_all(&mut || {
        let db = servicelab_sqljs::SqlJsDatabase::open(&sql).expect("open sql.js database");
        Box::new(db) as Box<dyn Database>
    });
    assert!(
        failures.is_empty(),
        "failed checks:\n{}",
        failures.join("\n")
    );
}
