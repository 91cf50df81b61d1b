//! Events the page tells its host about, as DOM `CustomEvent`s on `window`.
//!
//! A course platform that embeds the lab listens for these (a bridge relays
//! them to the parent frame): `servicelab:ready` once, when the lab answers
//! requests; `servicelab:state-changed` after every change to the learner's
//! work; `servicelab:lesson-completed` when a request completes a lesson.
//! Each `detail` is a small JSON object, built here as plain data so its
//! shape is tested natively.
//!
//! Simplifications: events are fire-and-forget; the page never waits for an
//! answer from its host.

use serde_json::{json, Value};
use wasm_bindgen::JsValue;

/// The version of the event details' shape.
pub const EVENTS_VERSION: u32 = 1;

/// Sent once, when the lab is ready.
pub const READY: &str = "servicelab:ready";
/// Sent after each change to the learner's work.
pub const STATE_CHANGED: &str = "servicelab:state-changed";
/// Sent when a request completes the open lesson.
pub const LESSON_COMPLETED: &str = "servicelab:lesson-completed";

/// The detail of [`READY`].
pub fn ready_detail() -> Value {
    json!({ "version": EVENTS_VERSION })
}

/// The detail of [`STATE_CHANGED`].
pub fn state_detail(lesson: Option<&str>, steps: (usize, usize), requests: usize) -> Value {
    json!({
        "lesson": lesson,
        "stepsDone": steps.0,
        "stepsTotal": steps.1,
        "requests": requests,
    })
}

/// The detail of [`LESSON_COMPLETED`].
pub fn completed_detail(lesson: &str) -> Value {
    json!({ "lesson": lesson })
}

/// Dispatches `name` on `window` with `detail`. A page without a window
/// (never the case in a browser) or a refused event is logged, not fatal.
pub fn dispatch(name: &str, detail: &Value) {
    if let Err(err) = try_dispatch(name, detail) {
        log::warn!("could not dispatch {name}: {err:?}");
    }
}

fn try_dispatch(name: &str, detail: &Value) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let detail = js_sys::JSON::parse(&detail.to_string())?;
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    let event = web_sys::CustomEvent::new_with_event_init_dict(name, &init)?;
    window.dispatch_event(&event)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_use_the_documented_field_names() {
        assert_eq!(ready_detail().to_string(), r#"{"version":1}"#);
        assert_eq!(
            state_detail(Some("frameworks"), (2, 4), 7).to_string(),
            r#"{"lesson":"frameworks","stepsDone":2,"stepsTotal":4,"requests":7}"#
        );
        assert_eq!(state_detail(None, (0, 0), 0)["lesson"], Value::Null);
        assert_eq!(completed_detail("frameworks")["lesson"], "frameworks");
    }
}
