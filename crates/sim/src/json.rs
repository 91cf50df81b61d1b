//! JSON bodies the way each framework writes them.
//!
//! The two frameworks disagree in ways a learner notices when comparing raw
//! responses: Django REST Framework writes compact JSON with keys in field
//! order and non-ASCII characters as they are; Flask's `jsonify` sorts keys,
//! escapes every non-ASCII character as a `\u00e9`-style escape and ends the body with a
//! newline.

use serde_json::Value as Json;

/// A body as DRF's `JSONRenderer` writes it.
pub fn drf(value: &Json) -> String {
    value.to_string()
}

/// A body as Flask's `jsonify` writes it outside debug mode.
pub fn flask(value: &Json) -> String {
    let text = sorted(value).to_string();
    let mut text = if text.is_ascii() {
        text
    } else {
        escape_non_ascii(&text)
    };
    text.push('\n');
    text
}

fn sorted(value: &Json) -> Json {
    match value {
        Json::Object(map) => {
            let mut entries: Vec<(&String, &Json)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Json::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Rewrites every non-ASCII character as a four-digit `\u` escape (two, as a
/// surrogate pair, outside the Basic Multilingual Plane). Only string
/// contents can hold such characters in serialised JSON, so this is safe to
/// apply to the whole text.
fn escape_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in ch.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flask_sorts_keys_escapes_unicode_and_ends_with_newline() {
        let body = flask(&json!({"b": "café 🚀", "a": {"z": 1, "y": [{"d": 0, "c": 1}]}}));
        assert_eq!(
            body,
            "{\"a\":{\"y\":[{\"c\":1,\"d\":0}],\"z\":1},\"b\":\"caf\\u00e9 \\ud83d\\ude80\"}\n"
        );
    }

    #[test]
    fn drf_keeps_field_order_and_unicode() {
        assert_eq!(
            drf(&json!({"name": "café", "id": 1})),
            "{\"name\":\"café\",\"id\":1}"
        );
    }
}
