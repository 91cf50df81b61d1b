//! The checks that stand between a file and the running lab, and the one
//! safe way to take a copy of the live database.
//!
//! A candidate database is opened on its own connection, checked by SQLite
//! ([`image::verify`]) and started by the services ([`Lab::open`]) before
//! it replaces anything. If any step refuses, the candidate is dropped and
//! the live lab is exactly as it was. The error says why in a sentence for
//! the learner.
//!
//! Taking a copy ([`snapshot`]) refuses while the learner has a transaction
//! open in the SQL console: an image then would either fail or record
//! half-finished work.
//!
//! Simplifications: a transaction is detected by trying to open one, since
//! the `Database` trait has no `sqlite3_get_autocommit`. On an idle
//! connection the probe's `BEGIN` and `COMMIT` change nothing.

use servicelab_sim::archive::ArchiveError;
use servicelab_sim::image::{self, ImageError};
use servicelab_sim::{Boot, Database, DbError, Lab, LabConfig};
use thiserror::Error;

/// Why work could not be imported, opened or copied. Each message is one
/// sentence for the learner.
#[derive(Debug, Error)]
pub enum KeepError {
    /// The file is not a usable database.
    #[error("{0}")]
    Image(#[from] ImageError),
    /// The file is not a usable session file or share link.
    #[error("{0}")]
    Archive(#[from] ArchiveError),
    /// SQLite accepted the file but the services could not start on it.
    #[error("The services cannot start on this database: {0}.")]
    Services(String),
    /// The learner has a transaction open in the SQL console.
    #[error(
        "A transaction is open in the SQL console. Finish it with COMMIT or ROLLBACK, \
         then try again."
    )]
    TransactionOpen,
    /// The live database could not be copied.
    #[error("The database could not be copied: {0}.")]
    Copy(String),
    /// The browser would not read the file.
    #[error("The file could not be read ({0}).")]
    Unreadable(String),
    /// The browser would not start a download or reach the clipboard.
    #[error("The browser refused: {0}.")]
    Browser(String),
    /// The lab is not running, or is busy.
    #[error("The lab is not ready: {0}.")]
    NotReady(String),
}

/// A lab and what its services did to start, as `Lab::open` returns them.
pub type Started = (Lab, Vec<Boot>);

/// Checks an opened candidate database with SQLite, then starts the
/// services on it. The database that `from_image` could not open at all
/// should be reported with [`unopenable`].
pub fn start_on(mut candidate: Box<dyn Database>) -> Result<Started, KeepError> {
    image::verify(candidate.as_mut())?;
    Lab::open(candidate, LabConfig::default()).map_err(|err| KeepError::Services(err.to_string()))
}

/// The error for a file that passed the header check but that SQLite could
/// not open.
pub fn unopenable(err: DbError) -> KeepError {
    KeepError::Image(ImageError::Damaged(err.message))
}

/// Whether a transaction is open on `db`.
pub fn transaction_open(db: &mut dyn Database) -> bool {
    if db.execute_batch("BEGIN").is_err() {
        return true;
    }
    // Nothing ran inside the probe's transaction, so this cannot fail on
    // any data; if it somehow does, the transaction is over either way.
    if db.execute_batch("COMMIT").is_err() {
        let _ = db.execute_batch("ROLLBACK");
    }
    false
}

/// The live database as the bytes of a `.sqlite` file, refused while a
/// transaction is open.
pub fn snapshot(db: &mut dyn Database) -> Result<Vec<u8>, KeepError> {
    if transaction_open(db) {
        return Err(KeepError::TransactionOpen);
    }
    db.image().map_err(|err| KeepError::Copy(err.message))
}

#[cfg(test)]
mod tests {
    use servicelab_sim::{SqliteDatabase, Value};

    use super::*;

    fn lab() -> Lab {
        let db = SqliteDatabase::open_in_memory().expect("in-memory SQLite opens");
        let (lab, _) = start_on(Box::new(db)).expect("a fresh lab starts");
        lab
    }

    fn foreign_keys(db: &mut dyn Database) -> Option<Value> {
        db.query("PRAGMA foreign_keys", &[]).ok()?.scalar().cloned()
    }

    #[test]
    fn a_snapshot_waits_for_the_consoles_transaction_and_changes_nothing() {
        let mut lab = lab();
        let before = snapshot(lab.db()).expect("an idle lab copies");

        lab.console("BEGIN")
            .expect("the console opens a transaction");
        lab.console("DELETE FROM orders")
            .expect("a statement inside it runs");
        assert!(matches!(
            snapshot(lab.db()),
            Err(KeepError::TransactionOpen)
        ));
        lab.console("ROLLBACK").expect("the console ends it");

        assert_eq!(snapshot(lab.db()).expect("copies again"), before);
        assert!(!transaction_open(lab.db()));
        assert_eq!(foreign_keys(lab.db()), Some(Value::Integer(1)));
    }

    #[test]
    fn a_copy_starts_a_lab_with_the_same_data() {
        let mut lab = lab();
        lab.console("UPDATE catalog_product SET stock = 99 WHERE id = 3")
            .expect("the console writes");
        let bytes = snapshot(lab.db()).expect("copies");

        let copy = SqliteDatabase::from_image(&bytes).expect("the copy opens");
        let (mut again, _) = start_on(Box::new(copy)).expect("the copy starts");
        let stock = again
            .db()
            .query("SELECT stock FROM catalog_product WHERE id = 3", &[]);
        assert_eq!(stock.expect("reads").scalar(), Some(&Value::Integer(99)));
        assert_eq!(foreign_keys(again.db()), Some(Value::Integer(1)));
    }

    #[test]
    fn a_schema_the_services_cannot_migrate_is_refused() {
        let mut other = SqliteDatabase::open_in_memory().expect("opens");
        other
            .execute_batch("CREATE TABLE catalog_product (colour TEXT)")
            .expect("creates");
        let err = start_on(Box::new(other)).err().expect("refused");
        assert!(matches!(err, KeepError::Services(_)), "{err}");
        assert!(err
            .to_string()
            .starts_with("The services cannot start on this database"));
    }

    #[test]
    fn orphaned_rows_are_refused_before_the_services_start() {
        let mut lab = lab();
        lab.console(
            "INSERT INTO orders (product_id, quantity, unit_price, total, status, \
                     created_at) VALUES (1, 1, '1', '1', 'placed', 'now')",
        )
        .expect("an order");
        lab.console("PRAGMA foreign_keys = OFF").expect("pragma");
        lab.console("DELETE FROM catalog_product WHERE id = 1")
            .expect("orphans it");
        let bytes = lab.db().image().expect("copies");

        let copy = SqliteDatabase::from_image(&bytes).expect("opens");
        let err = start_on(Box::new(copy)).err().expect("refused");
        assert!(
            matches!(err, KeepError::Image(ImageError::Damaged(_))),
            "{err}"
        );
    }
}
