//! Checking a `.sqlite` file before it replaces the lab's database.
//!
//! An import must never cost a student their work, so a file is checked in
//! two stages before anything is swapped. [`inspect`] reads the 100-byte
//! header that every SQLite database starts with and refuses, in words a
//! student understands, files that are not databases at all (a PNG, a ZIP,
//! a JSON export), empty files, and files cut off in transfer. [`verify`]
//! then asks SQLite itself, on a separate connection holding the candidate,
//! to run `PRAGMA integrity_check` and `PRAGMA foreign_key_check`.
//!
//! Simplifications: a database in WAL mode arrives without its `-wal` file,
//! so changes not yet checkpointed are missing; the header check cannot tell,
//! and the file is accepted as the checkpointed state it holds.

use thiserror::Error;

use crate::{Database, Value};

/// The first 16 bytes of every SQLite 3 database file.
pub const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why a file cannot be imported.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ImageError {
    /// Zero bytes.
    #[error("The file is empty.")]
    Empty,
    /// Not a SQLite file; `looks_like` names what it seems to be instead.
    #[error("This is not a SQLite database{}.", describe(*looks_like))]
    NotSqlite { looks_like: Option<&'static str> },
    /// The header is damaged.
    #[error("The database header is damaged ({0}).")]
    BadHeader(&'static str),
    /// Fewer bytes than the header promises.
    #[error("The file is cut off: it should be {expected} bytes long but is {actual}.")]
    Truncated { expected: u64, actual: u64 },
    /// SQLite could not open it or found damage inside.
    #[error("The database is damaged: {0}")]
    Damaged(String),
}

fn describe(looks_like: Option<&str>) -> String {
    looks_like
        .map(|kind| format!(": it looks like {kind}"))
        .unwrap_or_default()
}

/// What the header says about a database file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageHeader {
    /// Bytes per page.
    pub page_size: u32,
    /// Pages in the file, by the header's own count.
    pub page_count: u32,
}

/// Reads and checks the header of a database file.
pub fn inspect(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if !bytes.starts_with(MAGIC) {
        return Err(ImageError::NotSqlite {
            looks_like: sniff(bytes),
        });
    }
    if bytes.len() < 100 {
        return Err(ImageError::Truncated {
            expected: 100,
            actual: bytes.len() as u64,
        });
    }

    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n if n >= 512 && n.is_power_of_two() => u32::from(n),
        _ => return Err(ImageError::BadHeader("impossible page size")),
    };
    let be32 =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    // The page count at offset 28 is trusted only when the "version valid
    // for" number at 92 matches the change counter at 24, as SQLite does.
    let counted = be32(28);
    let page_count = if counted > 0 && be32(92) == be32(24) {
        counted
    } else {
        (bytes.len() as u64 / u64::from(page_size)) as u32
    };

    let expected = u64::from(page_count) * u64::from(page_size);
    let actual = bytes.len() as u64;
    if actual < expected || actual % u64::from(page_size) != 0 {
        return Err(ImageError::Truncated {
            expected: expected.max(actual.next_multiple_of(u64::from(page_size))),
            actual,
        });
    }
    Ok(ImageHeader {
        page_size,
        page_count,
    })
}

/// Asks SQLite to check a database that has been opened from a candidate
/// file. Any error, or any row other than `ok`, refuses the file.
pub fn verify(db: &mut dyn Database) -> Result<(), ImageError> {
    let damaged = |message: String| ImageError::Damaged(message);
    let integrity = db
        .query("PRAGMA integrity_check", &[])
        .map_err(|e| damaged(e.message))?;
    let verdict: Vec<String> = integrity
        .rows
        .iter()
        .filter_map(|r| r.first().and_then(Value::as_str).map(str::to_owned))
        .collect();
    if verdict != ["ok"] {
        return Err(damaged(verdict.join("; ")));
    }
    let orphans = db
        .query("PRAGMA foreign_key_check", &[])
        .map_err(|e| damaged(e.message))?;
    if let Some(row) = orphans.rows.first() {
        let table = row.first().and_then(Value::as_str).unwrap_or("?");
        let parent = row.get(2).and_then(Value::as_str).unwrap_or("?");
        return Err(damaged(format!(
            "{} row(s) in {table} refer to missing rows in {parent}",
            orphans.rows.len()
        )));
    }
    Ok(())
}

/// Names a few file types students are likely to pick by mistake.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let text_start = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("a PNG image"),
        [0xFF, 0xD8, 0xFF, ..] => Some("a JPEG image"),
        [b'P', b'K', 3, 4, ..] => Some("a ZIP archive (or a Word/Excel file)"),
        [b'%', b'P', b'D', b'F', ..] => Some("a PDF document"),
        [0x1F, 0x8B, ..] => Some("a gzip-compressed file"),
        _ if matches!(text_start, Some(b'{') | Some(b'[')) => Some("a JSON file"),
        _ if bytes.starts_with(b"SQLite format") => Some("a database from another SQLite version"),
        _ if std::str::from_utf8(bytes).is_ok() => {
            Some("a text file (an SQL dump needs the sqlite3 tool)")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(page_size: u16, pages: u32) -> Vec<u8> {
        let mut bytes = vec![0u8; 100];
        bytes[..16].copy_from_slice(MAGIC);
        bytes[16..18].copy_from_slice(&page_size.to_be_bytes());
        bytes[24..28].copy_from_slice(&7u32.to_be_bytes());
        bytes[28..32].copy_from_slice(&pages.to_be_bytes());
        bytes[92..96].copy_from_slice(&7u32.to_be_bytes());
        bytes
    }

    #[test]
    fn a_whole_file_passes_and_a_cut_one_does_not() {
        let mut bytes = header(4096, 2);
        bytes.resize(8192, 0);
        assert_eq!(
            inspect(&bytes),
            Ok(ImageHeader {
                page_size: 4096,
                page_count: 2
            })
        );
        bytes.truncate(6000);
        assert_eq!(
            inspect(&bytes),
            Err(ImageError::Truncated {
                expected: 8192,
                actual: 6000
            })
        );
    }

    #[test]
    fn other_files_are_named() {
        assert_eq!(inspect(b""), Err(ImageError::Empty));
        let png = inspect(&[0x89, b'P', b'N', b'G', 0, 0]).unwrap_err();
        assert_eq!(
            png.to_string(),
            "This is not a SQLite database: it looks like a PNG image."
        );
        assert!(matches!(
            inspect(b" {\"a\": 1}"),
            Err(ImageError::NotSqlite {
                looks_like: Some("a JSON file")
            })
        ));
        assert_eq!(
            inspect(&[0, 1, 2, 0xFF]),
            Err(ImageError::NotSqlite { looks_like: None })
        );
    }

    #[test]
    fn an_impossible_page_size_is_a_damaged_header() {
        let mut bytes = header(1000, 1);
        bytes.resize(1000, 0);
        assert_eq!(
            inspect(&bytes),
            Err(ImageError::BadHeader("impossible page size"))
        );
    }
}
