//! SQLite's five storage classes as one Rust type.
//!
//! Every value that crosses the [`Database`](crate::Database) boundary is a
//! [`Value`]: statement parameters going in, cells coming out. Keeping the
//! storage class explicit is what lets a 64-bit INTEGER stay exact (no detour
//! through a float) and a BLOB stay bytes (no detour through text).
//!
//! Simplifications: SQLite's type affinity (a TEXT '12' stored into an
//! INTEGER column becomes 12) is left to the database itself; this type only
//! carries what SQLite hands back.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One SQLite value, tagged with its storage class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A signed 64-bit integer, kept exact end to end.
    Integer(i64),
    /// An IEEE 754 double.
    Real(f64),
    /// UTF-8 text.
    Text(String),
    /// Raw bytes.
    Blob(Vec<u8>),
}

impl Value {
    /// The storage class name, as SQLite's `typeof()` spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Integer(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }

    /// The integer inside, if this is an INTEGER.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// The number inside as a float, if this is an INTEGER or a REAL.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(n) => Some(*n as f64),
            Value::Real(x) => Some(*x),
            _ => None,
        }
    }

    /// The text inside, if this is TEXT.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Reads back a literal written by SQLite's `quote()` function.
    ///
    /// The change tracker stores row images this way because `quote()` is the
    /// one SQL function that renders every storage class, BLOBs included, as
    /// text that can be read back without losing its class.
    pub fn from_sql_literal(literal: &str) -> Option<Value> {
        let literal = literal.trim();
        if literal.eq_ignore_ascii_case("NULL") {
            return Some(Value::Null);
        }
        if let Some(inner) = literal
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
        {
            return Some(Value::Text(inner.replace("''", "'")));
        }
        if let Some(hex) = literal
            .strip_prefix("X'")
            .or_else(|| literal.strip_prefix("x'"))
            .and_then(|s| s.strip_suffix('\''))
        {
            return decode_hex(hex).map(Value::Blob);
        }
        if let Ok(n) = literal.parse::<i64>() {
            return Some(Value::Integer(n));
        }
        literal.parse::<f64>().ok().map(Value::Real)
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Shows a value the way the `sqlite3` shell's `quote` mode does, so a learner
/// can paste it back into SQL.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Real(x) if x.is_finite() && x.fract() == 0.0 => write!(f, "{x:.1}"),
            Value::Real(x) => write!(f, "{x}"),
            Value::Text(s) => write!(f, "'{}'", s.replace('\'', "''")),
            Value::Blob(bytes) => {
                f.write_str("X'")?;
                for byte in bytes {
                    write!(f, "{byte:02X}")?;
                }
                f.write_str("'")
            }
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Integer(n)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<Vec<u8>> for Value {
    fn from(bytes: Vec<u8>) -> Self {
        Value::Blob(bytes)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_round_trips_through_sql_literal() {
        let values = [
            Value::Null,
            Value::Integer(i64::MIN),
            Value::Integer(i64::MAX),
            Value::Real(2.5),
            Value::Real(-3.0),
            Value::Text("it's ünïcode".into()),
            Value::Blob(vec![0, 1, 0xAB, 0xFF]),
        ];
        for value in values {
            assert_eq!(Value::from_sql_literal(&value.to_string()), Some(value));
        }
    }

    #[test]
    fn malformed_literals_are_refused() {
        assert_eq!(Value::from_sql_literal("X'ABC'"), None);
        assert_eq!(Value::from_sql_literal("X'ZZ'"), None);
        assert_eq!(Value::from_sql_literal("twelve"), None);
    }
}
