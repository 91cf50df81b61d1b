//! Reading the shared database for the table browser.
//!
//! These are the same queries a learner could type into the console, run
//! on the lab's database directly (not through a service), so browsing
//! never shows up in a request's SQL list.

use servicelab_sim::{Database, DbError, Rows, Value};

/// Rows shown per page of the table browser.
pub const PAGE_SIZE: usize = 25;

/// A table or view, as the browser lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct TableSummary {
    /// Its name.
    pub name: String,
    /// `table` or `view`.
    pub kind: String,
    /// The `CREATE` statement SQLite keeps for it.
    pub sql: String,
    /// How many rows it has, or why they could not be counted.
    pub rows: Result<i64, String>,
}

/// Every table and view in the main schema, by name, with row counts.
pub fn tables(db: &mut dyn Database) -> Result<Vec<TableSummary>, DbError> {
    let listed = db.query(
        "SELECT name, type, sql FROM sqlite_master \
         WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        &[],
    )?;
    let mut tables = Vec::new();
    for row in &listed.rows {
        let text = |i: usize| {
            row.get(i)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let name = text(0);
        let count = db
            .query(&format!("SELECT COUNT(*) FROM {}", quote_ident(&name)), &[])
            .map(|rows| rows.scalar().and_then(Value::as_i64).unwrap_or(0))
            .map_err(|err| err.message);
        tables.push(TableSummary {
            kind: text(1),
            sql: text(2),
            rows: count,
            name,
        });
    }
    Ok(tables)
}

/// One page (counting from 0) of a table's rows, in rowid order where the
/// table has rowids.
pub fn page(db: &mut dyn Database, table: &str, page: usize) -> Result<Rows, DbError> {
    let offset = page.saturating_mul(PAGE_SIZE);
    let name = quote_ident(table);
    let ordered = format!("SELECT * FROM {name} ORDER BY rowid LIMIT {PAGE_SIZE} OFFSET {offset}");
    db.query(&ordered, &[]).or_else(|_| {
        // Views and WITHOUT ROWID tables have no rowid to sort by.
        db.query(
            &format!("SELECT * FROM {name} LIMIT {PAGE_SIZE} OFFSET {offset}"),
            &[],
        )
    })
}

/// How many pages `rows` rows fill; an empty table still has one page.
pub fn page_count(rows: i64) -> usize {
    let rows = usize::try_from(rows).unwrap_or(0);
    rows.div_ceil(PAGE_SIZE).max(1)
}

/// Quotes an identifier for SQL, doubling embedded quotes.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up_and_never_reach_zero() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(25), 1);
        assert_eq!(page_count(36), 2);
        assert_eq!(page_count(-3), 1);
    }

    #[test]
    fn identifiers_are_quoted_safely() {
        assert_eq!(quote_ident("odd\"name"), "\"odd\"\"name\"");
    }
}
