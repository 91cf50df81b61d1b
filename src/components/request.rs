//! The request builder: service, method, path, headers and body, sent with
//! the Send button or Ctrl+Enter (Cmd+Enter on a Mac) from any field.
//!
//! Nothing here relies on submitting the form: a frame sandboxed without
//! `allow-forms` blocks every submission before its event fires, so Send is
//! a plain button and Enter in the path field is handled as a key.

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::actions;
use crate::components::examples::ExamplesMenu;
use crate::draft::{parse_headers, DEFAULT_CONTENT_TYPE, METHODS};
use crate::state::AppState;

/// The request builder panel.
#[component]
pub fn RequestBuilder(state: AppState) -> impl IntoView {
    // Where forms may submit, Enter in the path field still ends up here.
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        actions::send(state);
    };
    let shortcut = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            actions::send(state);
        }
    };

    view! {
        <section class="panel request" aria-labelledby="request-title" on:keydown=shortcut>
            <div class="panel-head">
                <h2 id="request-title">"Request"</h2>
                <ExamplesMenu state />
            </div>
            <form class="builder" on:submit=submit>
                <TargetBar state />
                <DraftFields state />
                <p class="draft-error" role="alert">{move || state.draft_error.get()}</p>
                <p class="hint">
                    <kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd>" (or "<kbd>"⌘"</kbd>"+"
                    <kbd>"Enter"</kbd>") sends from any field."
                </p>
            </form>
        </section>
    }
}

/// The address bar: service, method, path, Send.
#[component]
fn TargetBar(state: AppState) -> impl IntoView {
    let draft = state.draft;
    let host = move || {
        let name = draft.service.get();
        let services = state.services.get();
        let host = services
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.host)
            .unwrap_or("?");
        format!("http://{host}")
    };
    let services = move || {
        state
            .services
            .get()
            .into_iter()
            .map(|s| {
                let selected = move || draft.service.get() == s.name;
                view! { <option value=s.name prop:selected=selected>{s.name}</option> }
            })
            .collect_view()
    };
    let methods = METHODS
        .iter()
        .map(|m| {
            let selected = move || draft.method.get() == *m;
            view! { <option value=*m prop:selected=selected>{*m}</option> }
        })
        .collect_view();

    let enter_sends = move |ev: KeyboardEvent| {
        let plain = !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
        if ev.key() == "Enter" && plain && !ev.is_composing() {
            ev.prevent_default();
            actions::send(state);
        }
    };

    view! {
        <div class="target-bar">
            <label class="sr-only" for="service-select">"Service"</label>
            <select id="service-select" data-testid="service-select"
                on:change=move |ev| draft.service.set(event_target_value(&ev))>
                {services}
            </select>
            <label class="sr-only" for="method-select">"Method"</label>
            <select id="method-select" data-testid="method-select"
                class=move || format!("method method-{}", draft.method.get().to_ascii_lowercase())
                on:change=move |ev| draft.method.set(event_target_value(&ev))>
                {methods}
            </select>
            <div class="url-row">
                <div class="url-field">
                    <span class="host-prefix" aria-hidden="true">{host}</span>
                    <label class="sr-only" for="path-input">"Path and query"</label>
                    <input id="path-input" data-testid="path-input" type="text"
                        spellcheck="false" autocomplete="off" placeholder="/api/products/"
                        prop:value=move || draft.target.get()
                        on:input=move |ev| draft.target.set(event_target_value(&ev))
                        on:keydown=enter_sends />
                </div>
                <button type="button" class="primary" data-testid="send-button"
                    on:click=move |_| actions::send(state)>"Send"</button>
            </div>
        </div>
    }
}

/// Headers and body.
#[component]
fn DraftFields(state: AppState) -> impl IntoView {
    let draft = state.draft;
    let json_problem = move || {
        let body = draft.body.get();
        if body.trim().is_empty() || !declares_json(&draft.headers.get()) {
            return None;
        }
        serde_json::from_str::<serde_json::Value>(&body)
            .err()
            .map(|err| {
                format!("Not valid JSON ({err}). It is sent as typed: see how the service answers.")
            })
    };

    view! {
        <div class="draft-fields">
            <label for="headers-input">
                "Headers " <span class="hint">"one per line, Name: value"</span>
            </label>
            <textarea id="headers-input" data-testid="headers-input" rows="2" spellcheck="false"
                placeholder="Accept: application/json"
                prop:value=move || draft.headers.get()
                on:input=move |ev| draft.headers.set(event_target_value(&ev))></textarea>
            <label for="body-input">
                "Body " <span class="hint">"Content-Type defaults to application/json"</span>
            </label>
            <textarea id="body-input" data-testid="body-input" rows="6" spellcheck="false"
                placeholder="{ \"product_id\": 1, \"quantity\": 2 }"
                prop:value=move || draft.body.get()
                on:input=move |ev| draft.body.set(event_target_value(&ev))></textarea>
            <p class="body-hint" aria-live="polite">{json_problem}</p>
        </div>
    }
}

/// Whether the body will be sent as JSON: no Content-Type line, or a JSON
/// one. Only then is a JSON warning useful.
fn declares_json(headers: &str) -> bool {
    let declared = parse_headers(headers).ok().and_then(|headers| {
        headers
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.to_ascii_lowercase())
    });
    declared
        .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned())
        .contains("json")
}
