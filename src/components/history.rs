//! The history of requests, newest first: those sent, and those a share link
//! brought in, not sent yet. Choosing an entry loads it into the builder;
//! its ↻ button sends it at once.

use leptos::prelude::*;

use crate::actions;
use crate::format::status_class;
use crate::state::{AppState, HistoryEntry};

/// The history panel.
#[component]
pub fn HistoryPanel(state: AppState) -> impl IntoView {
    let entries = move || {
        let history = state.history.get();
        if history.is_empty() {
            return view! { <li class="empty">"Requests you send appear here."</li> }.into_any();
        }
        history
            .into_iter()
            .map(|entry| view! { <Entry state entry /> })
            .collect_view()
            .into_any()
    };

    view! {
        <section class="panel history" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <ol class="history-list" data-testid="history-list">{entries}</ol>
        </section>
    }
}

#[component]
fn Entry(state: AppState, entry: HistoryEntry) -> impl IntoView {
    let draft = entry.draft.clone();
    let again = entry.draft.clone();
    let method = entry.draft.method.clone();
    let label = format!("{} {} {}", method, entry.draft.service, entry.draft.target);
    let (chip, chip_class, verb) = match entry.status {
        Some(status) => (status.to_string(), status_class(status), "Send again"),
        None => ("not sent".to_owned(), "unsent", "Send"),
    };
    let load = move |_| {
        state.draft.load(draft.clone());
        state.draft_error.set(None);
    };
    let resend = move |_| actions::resend(state, again.clone());

    view! {
        <li class="history-entry">
            <button type="button" class="history-load" on:click=load
                title="Load into the builder">
                <span class=format!("badge method-{}", method.to_ascii_lowercase())>
                    {method.clone()}
                </span>
                <span class="history-target">
                    <span class="history-service">{entry.draft.service.clone()}</span>
                    {entry.draft.target.clone()}
                </span>
                <span class=format!("status-chip {chip_class}")>{chip}</span>
            </button>
            <button type="button" class="icon-button" on:click=resend
                aria-label=format!("{verb}: {label}") title=verb>
                "↻"
            </button>
        </li>
    }
}
