//! How recorded values are written on screen.
//!
//! Plain functions from core types to display text, kept apart from the
//! components so that they can be tested without a browser.

use servicelab_sim::clock::SimDuration;
use servicelab_sim::{StatementOutcome, Value};

/// How a response body is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// No body at all.
    Empty,
    /// JSON, re-indented.
    Json,
    /// HTML, shown as its source text.
    Html,
    /// Anything else, as sent.
    Text,
}

/// A body ready to show: its kind and its text.
pub fn body_view(content_type: Option<&str>, body: &str) -> (BodyKind, String) {
    if body.is_empty() {
        return (BodyKind::Empty, String::new());
    }
    let pretty = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|json| serde_json::to_string_pretty(&json).ok());
    if let Some(pretty) = pretty {
        return (BodyKind::Json, pretty);
    }
    let media = content_type.unwrap_or_default().to_ascii_lowercase();
    if media.starts_with("text/html") {
        (BodyKind::Html, body.to_owned())
    } else {
        (BodyKind::Text, body.to_owned())
    }
}

/// The CSS class for a status code's class: `status-2xx` and so on.
pub fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "status-1xx",
        200..=299 => "status-2xx",
        300..=399 => "status-3xx",
        400..=499 => "status-4xx",
        _ => "status-5xx",
    }
}

/// A simulated duration in milliseconds: `3.25 ms`.
pub fn millis(duration: SimDuration) -> String {
    let ms = duration.as_millis_f64();
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// A cell as a grid shows it: text without quotes, NULL as `NULL`.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Whether a cell is SQL NULL, which grids draw dimmed.
pub fn is_null(value: &Value) -> bool {
    matches!(value, Value::Null)
}

/// What a statement did, in words.
pub fn outcome(outcome: &StatementOutcome) -> String {
    match outcome {
        StatementOutcome::Returned { rows } => format!("{} returned", plural(*rows, "row")),
        StatementOutcome::Changed { rows } => format!("{} changed", plural(*rows, "row")),
        StatementOutcome::Done => "done".to_owned(),
        StatementOutcome::Failed { message } => format!("failed: {message}"),
    }
}

/// `1 row`, `2 rows`.
pub fn plural(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Bound parameters as the SQL console would accept them.
pub fn params(params: &[Value]) -> String {
    let items: Vec<String> = params.iter().map(Value::to_string).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_are_reindented_and_html_is_kept_as_text() {
        let (kind, text) = body_view(Some("application/json"), "{\"a\":[1,2]}");
        assert_eq!(kind, BodyKind::Json);
        assert!(text.contains("\n  \"a\": ["));
        let page = "<h1>Bad Request</h1>";
        assert_eq!(
            body_view(Some("text/html; charset=utf-8"), page),
            (BodyKind::Html, page.to_owned())
        );
        assert_eq!(body_view(None, "").0, BodyKind::Empty);
    }

    #[test]
    fn statuses_map_to_their_class() {
        assert_eq!(status_class(201), "status-2xx");
        assert_eq!(status_class(301), "status-3xx");
        assert_eq!(status_class(404), "status-4xx");
        assert_eq!(status_class(503), "status-5xx");
    }

    #[test]
    fn durations_and_outcomes_read_naturally() {
        assert_eq!(millis(SimDuration::micros(3_250)), "3.25 ms");
        assert_eq!(millis(SimDuration::micros(12_340)), "12.3 ms");
        assert_eq!(
            outcome(&StatementOutcome::Returned { rows: 1 }),
            "1 row returned"
        );
        assert_eq!(
            outcome(&StatementOutcome::Changed { rows: 3 }),
            "3 rows changed"
        );
    }

    #[test]
    fn cells_drop_quotes_but_params_keep_them() {
        assert_eq!(cell(&Value::Text("it's".into())), "it's");
        assert_eq!(
            params(&[Value::Text("it's".into()), Value::Integer(2)]),
            "['it''s', 2]"
        );
    }
}
