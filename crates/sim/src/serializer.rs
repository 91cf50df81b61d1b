//! Field validation in the manner of DRF's `ModelSerializer`.
//!
//! A serializer checks every field, collects every problem, and answers with
//! one object mapping each bad field to a list of messages, in field order.
//! The messages are DRF's own wording, so a learner who meets them here will
//! recognise them in a real project.
//!
//! Simplifications:
//! - Only the field kinds the catalog uses: text, decimal and integer.
//! - Python's JSON parser keeps integers of any size; serde_json turns those
//!   beyond 64 bits into floats. An integral float that does not fit 64 bits
//!   is therefore reported as too large, which is what DRF says of the
//!   integer a client most likely meant.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value as Json};

/// The kind of a field, with its limits.
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    /// `CharField(max_length=...)`, whitespace trimmed, blank refused.
    Text { max_length: usize },
    /// `DecimalField(max_digits=..., decimal_places=...)` with a minimum.
    Decimal {
        max_digits: u32,
        decimal_places: u32,
        min: i64,
    },
    /// `IntegerField` with a minimum, its maximum the largest SQLite integer.
    Integer { min: i64 },
}

/// One writable field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The field's name in JSON and in the model.
    pub name: &'static str,
    /// Its kind.
    pub kind: FieldKind,
    /// Whether a create must supply it (no model default).
    pub required: bool,
}

/// A validated value.
#[derive(Clone, Debug, PartialEq)]
pub enum Clean {
    Text(String),
    Decimal(Decimal),
    Integer(i64),
}

/// The largest string DRF's number fields will try to parse.
const MAX_STRING_LENGTH: usize = 1000;

/// Validates `data` against `fields`. With `partial` (PATCH) missing fields
/// are skipped rather than required. `data` of `None` means no body at all.
pub fn validate(
    fields: &[Field],
    data: Option<&Json>,
    partial: bool,
) -> Result<Vec<(&'static str, Clean)>, Json> {
    let empty = Map::new();
    let object = match data {
        None => &empty,
        Some(Json::Object(map)) => map,
        Some(Json::Null) => return Err(json!({ "non_field_errors": ["No data provided"] })),
        Some(other) => {
            let message = format!(
                "Invalid data. Expected a dictionary, but got {}.",
                python_type(other)
            );
            return Err(json!({ "non_field_errors": [message] }));
        }
    };

    let mut clean = Vec::new();
    let mut errors = Map::new();
    for field in fields {
        match object.get(field.name) {
            None if partial || !field.required => {}
            None => {
                errors.insert(field.name.into(), json!(["This field is required."]));
            }
            Some(Json::Null) => {
                errors.insert(field.name.into(), json!(["This field may not be null."]));
            }
            Some(value) => match clean_value(field.kind, value) {
                Ok(value) => clean.push((field.name, value)),
                Err(message) => {
                    errors.insert(field.name.into(), json!([message]));
                }
            },
        }
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(Json::Object(errors))
    }
}

/// Python's name for the type a JSON value parses to.
fn python_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "NoneType",
        Json::Bool(_) => "bool",
        Json::Number(n) if n.is_f64() => "float",
        Json::Number(_) => "int",
        Json::String(_) => "str",
        Json::Array(_) => "list",
        Json::Object(_) => "dict",
    }
}

fn clean_value(kind: FieldKind, value: &Json) -> Result<Clean, String> {
    match kind {
        FieldKind::Text { max_length } => clean_text(value, max_length).map(Clean::Text),
        FieldKind::Decimal {
            max_digits,
            decimal_places,
            min,
        } => clean_decimal(value, max_digits, decimal_places, min).map(Clean::Decimal),
        FieldKind::Integer { min } => clean_integer(value, min).map(Clean::Integer),
    }
}

fn clean_text(value: &Json, max_length: usize) -> Result<String, String> {
    let text = match value {
        Json::String(s) => s.trim().to_owned(),
        Json::Number(n) => n.to_string(),
        _ => return Err("Not a valid string.".into()),
    };
    if text.is_empty() {
        return Err("This field may not be blank.".into());
    }
    if text.chars().count() > max_length {
        return Err(format!(
            "Ensure this field has no more than {max_length} characters."
        ));
    }
    if text.contains('\0') {
        return Err("Null characters are not allowed.".into());
    }
    Ok(text)
}

/// The text DRF would hand to a number parser, or `None` for types it
/// refuses outright (booleans, lists, objects).
fn number_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.trim().to_owned()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn clean_decimal(value: &Json, max_digits: u32, places: u32, min: i64) -> Result<Decimal, String> {
    const INVALID: &str = "A valid number is required.";
    let text = number_text(value).ok_or(INVALID)?;
    if text.len() > MAX_STRING_LENGTH {
        return Err("String value too large.".into());
    }
    let (digits, scale) = decimal_shape(&text).ok_or(INVALID)?;
    let whole = digits.saturating_sub(scale);
    if digits > max_digits as usize {
        return Err(format!(
            "Ensure that there are no more than {max_digits} digits in total."
        ));
    }
    if scale > places as usize {
        return Err(format!(
            "Ensure that there are no more than {places} decimal places."
        ));
    }
    if whole > (max_digits - places) as usize {
        let most = max_digits - places;
        return Err(format!(
            "Ensure that there are no more than {most} digits before the decimal point."
        ));
    }
    let parsed = Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| INVALID)?;
    if parsed < Decimal::from(min) {
        return Err(format!(
            "Ensure this value is greater than or equal to {min}."
        ));
    }
    Ok(parsed.round_dp(places))
}

/// Counts digits the way Python's `Decimal.as_tuple()` does: significant
/// digits including trailing zeros after the point, and the number of digits
/// after the point. `None` when the text is not a decimal number.
fn decimal_shape(text: &str) -> Option<(usize, usize)> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return None;
    }
    let combined = format!("{int_part}{frac_part}");
    let significant = combined.trim_start_matches('0');
    let digits = significant.len().max(1) as i64;
    let scale = frac_part.len() as i64 - exponent;
    // A positive exponent adds whole digits; Python counts them as digits.
    let total = if scale < 0 {
        digits - scale
    } else {
        digits.max(scale)
    };
    Some((
        usize::try_from(total).ok()?,
        usize::try_from(scale.max(0)).ok()?,
    ))
}

fn clean_integer(value: &Json, min: i64) -> Result<i64, String> {
    const INVALID: &str = "A valid integer is required.";
    let too_large = || format!("Ensure this value is less than or equal to {}.", i64::MAX);
    let number = match value {
        Json::Number(n) => {
            if let Some(n) = n.as_i64() {
                n
            } else if n.is_u64() {
                return Err(too_large());
            } else {
                let x = n.as_f64().ok_or(INVALID)?;
                if x.fract() != 0.0 || !x.is_finite() {
                    return Err(INVALID.into());
                }
                if x >= 9.223_372_036_854_776e18 {
                    return Err(too_large());
                }
                if x < -9.223_372_036_854_776e18 {
                    return Err(format!(
                        "Ensure this value is greater than or equal to {min}."
                    ));
                }
                x as i64
            }
        }
        Json::String(s) => {
            if s.len() > MAX_STRING_LENGTH {
                return Err("String value too large.".into());
            }
            parse_integer_text(s.trim())
                .ok_or(INVALID)?
                .map_err(|_| too_large())?
        }
        _ => return Err(INVALID.into()),
    };
    if number < min {
        return Err(format!(
            "Ensure this value is greater than or equal to {min}."
        ));
    }
    Ok(number)
}

/// Parses an integer as DRF does: `int()` after stripping a `.0` tail.
/// `Some(Err(()))` means a valid integer that does not fit 64 bits.
fn parse_integer_text(text: &str) -> Option<Result<i64, ()>> {
    let text = match text.split_once('.') {
        Some((whole, zeros)) if zeros.chars().all(|c| c == '0') => whole,
        Some(_) => return None,
        None => text,
    };
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(text.parse::<i64>().map_err(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_shape_counts_like_python() {
        assert_eq!(decimal_shape("12.50"), Some((4, 2)));
        assert_eq!(decimal_shape("0.5"), Some((1, 1)));
        assert_eq!(decimal_shape("0"), Some((1, 0)));
        assert_eq!(decimal_shape("1e3"), Some((4, 0)));
        assert_eq!(decimal_shape("-007.1"), Some((2, 1)));
        assert_eq!(decimal_shape("1.2.3"), None);
        assert_eq!(decimal_shape("NaN"), None);
        assert_eq!(decimal_shape("."), None);
    }

    #[test]
    fn integers_accept_whole_floats_and_strings() {
        assert_eq!(clean_integer(&json!(3.0), 0), Ok(3));
        assert_eq!(clean_integer(&json!(" 12 "), 0), Ok(12));
        assert_eq!(clean_integer(&json!("12.00"), 0), Ok(12));
        assert!(clean_integer(&json!("12.5"), 0).is_err());
        assert!(clean_integer(&json!(true), 0).is_err());
    }
}
