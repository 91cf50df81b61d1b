//! The Save & share panel: download the work, import it back, share a
//! link, or start fresh. Every control is a real button or file input, so
//! the panel works from the keyboard alone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::components::fresh::StartFresh;
use crate::keep::transfer::{self, FileKind};
use crate::keep::{share, Outcome, SaveStatus};
use crate::state::AppState;

/// The Save & share panel.
#[component]
pub fn SaveSharePanel(state: AppState) -> impl IntoView {
    let where_kept = move || match state.keep.status.get() {
        SaveStatus::MemoryOnly(_) => "Not saved in this browser: download your work to keep it.",
        _ => "Your work is saved in this browser as you go. Download it to hand it in or move it.",
    };

    view! {
        <section class="panel keep" aria-labelledby="keep-title" data-testid="keep-panel">
            <h2 id="keep-title" tabindex="-1">"Save & share"</h2>
            <p class="hint">{where_kept}</p>
            <h3>"Keep a copy"</h3>
            <ExportButtons state />
            <h3>"Open a copy"</h3>
            <div class="keep-row">
                <FileChooser state kind=FileKind::Database id="import-database"
                    label="Import .sqlite" accept=".sqlite,.sqlite3,.db,application/vnd.sqlite3" />
                <FileChooser state kind=FileKind::Session id="open-session"
                    label="Open session" accept=".json,application/json" />
            </div>
            <h3>"Share"</h3>
            <ShareControls state />
            <KeepOutcome state />
            <StartFresh state />
        </section>
    }
}

/// The two download buttons, also offered by the not-saving banner.
#[component]
pub fn ExportButtons(state: AppState) -> impl IntoView {
    view! {
        <div class="keep-row">
            <button type="button" data-testid="download-database"
                on:click=move |_| transfer::download_database(state)>
                "Download database (.sqlite)"
            </button>
            <button type="button" data-testid="download-session"
                on:click=move |_| transfer::download_session(state)>
                "Download session"
            </button>
        </div>
    }
}

/// A file input drawn as a button. The input itself stays focusable (it is
/// only visually hidden), so Tab reaches it and Enter or Space opens it.
#[component]
fn FileChooser(
    state: AppState,
    kind: FileKind,
    id: &'static str,
    label: &'static str,
    accept: &'static str,
) -> impl IntoView {
    let chosen = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        let Some(input) = input else {
            return;
        };
        let file = input.files().and_then(|files| files.get(0));
        // Cleared, so choosing the same file again is a change again.
        input.set_value("");
        if let Some(file) = file {
            spawn_local(transfer::import_file(state, kind, file));
        }
    };

    view! {
        <span class="file-chooser">
            <input type="file" id=id class="file-input" data-testid=id accept=accept
                on:change=chosen />
            <label for=id class="file-label">{label}</label>
        </span>
    }
}

#[component]
fn ShareControls(state: AppState) -> impl IntoView {
    let link = state.keep.link;
    let select_all = |ev: leptos::ev::FocusEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            input.select();
        }
    };
    let copy = move |_| {
        spawn_local(async move {
            share::copy_link(state).await;
            if link.with_untracked(|l| l.as_ref().is_some_and(|l| !l.copied)) {
                crate::dom::focus_soon("share-link");
            }
        })
    };

    view! {
        <div class="keep-share">
            <button type="button" data-testid="copy-share-link" on:click=copy>
                "Copy share link"
            </button>
            <span class="hint">"The open lesson and your last 5 requests; not the database."</span>
            {move || link.get().map(|link| view! {
                <label for="share-link">"Share link"</label>
                <input type="text" id="share-link" data-testid="share-link" readonly
                    prop:value=link.url on:focus=select_all />
            })}
        </div>
    }
}

/// What the last action did. A refusal is an alert; news is a status.
#[component]
fn KeepOutcome(state: AppState) -> impl IntoView {
    let outcome = state.keep.outcome;
    let refused = move || match outcome.get() {
        Some(Outcome::Refused(text)) => Some(text),
        _ => None,
    };
    let done = move || match outcome.get() {
        Some(Outcome::Done(text)) => Some(text),
        _ => None,
    };

    view! {
        <div class="keep-outcome" data-testid="keep-outcome"
            data-reports=move || state.keep.reports.get()>
            <p class="error" role="alert" data-testid="keep-error">{refused}</p>
            <p role="status" data-testid="keep-done">{done}</p>
        </div>
    }
}
