//! What the learner sees if the app itself breaks.
//!
//! A Rust panic in the browser would otherwise leave a frozen or blank page.
//! The hook installed here first lets `console_error_panic_hook` print the
//! panic with its stack, then prints the last request sent (so it can be
//! reported and replayed), and finally un-hides the `#fatal` panel that
//! `index.html` carries for this purpose. The panel is plain HTML, so it
//! shows even when the app's own views can no longer render.

use std::cell::RefCell;

use crate::draft::Draft;

thread_local! {
    /// The last request the learner sent, as JSON.
    static LAST_REQUEST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook. Call once, first thing in `main`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        report_last_request();
        show_fatal_panel();
    }));
}

/// Remembers `draft` as the last request the learner sent.
pub fn remember_draft(draft: &Draft) {
    let json = serde_json::json!({
        "service": draft.service,
        "method": draft.method,
        "target": draft.target,
        "headers": draft.headers,
        "body": draft.body,
    })
    .to_string();
    LAST_REQUEST.with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = Some(json);
        }
    });
}

fn report_last_request() {
    let last = LAST_REQUEST.with(|slot| slot.try_borrow().ok().and_then(|s| s.clone()));
    let text = match last {
        Some(json) => format!("ServiceLab: the last request sent was {json}"),
        None => "ServiceLab: no request had been sent yet.".to_owned(),
    };
    web_sys::console::error_1(&text.into());
}

fn show_fatal_panel() {
    let panel = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("fatal"));
    if let Some(panel) = panel {
        let _ = panel.remove_attribute("hidden");
    }
}
