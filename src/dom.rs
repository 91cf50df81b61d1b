//! The few direct DOM calls the views need, each failing quietly.

use wasm_bindgen::JsCast;

/// Moves keyboard focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Moves focus to `id` once the page has drawn, for an element that the
/// current update is about to show.
pub fn focus_soon(id: &'static str) {
    leptos::prelude::request_animation_frame(move || focus(id));
}
