//! The page frame: header, start-up states, and the panel grid.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::components::{
    ConsolePanel, DatabasePanel, EffectsPanel, HistoryPanel, LogsPanel, RequestBuilder,
    ResetControl, ResponseView, ServicesPanel,
};
use crate::state::{AppState, Phase};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    spawn_local(actions::start(state));

    view! {
        <header class="topbar">
            <div class="brand">
                <h1>"ServiceLab"</h1>
                <p class="tagline">"Two services, one shared database, every step visible."</p>
            </div>
            <Show when=move || state.phase.get() == Phase::Ready>
                <ResetControl state />
            </Show>
        </header>
        <main id="main">{move || phase_view(state)}</main>
    }
}

fn phase_view(state: AppState) -> AnyView {
    match state.phase.get() {
        Phase::Starting => view! {
            <p class="starting" role="status">
                <span class="spinner" aria-hidden="true"></span>
                "Starting the lab… (loading SQLite and migrating both services)"
            </p>
        }
        .into_any(),
        Phase::Failed(message) => view! {
            <section class="startup-error" role="alert">
                <h2>"The lab could not start"</h2>
                <p>{message}</p>
            </section>
        }
        .into_any(),
        Phase::Ready => view! { <Workspace state /> }.into_any(),
    }
}

/// The panels, laid out by the CSS grid.
#[component]
fn Workspace(state: AppState) -> impl IntoView {
    view! {
        <div class="workspace" data-testid="app-ready">
            <Notice state />
            <div class="area-services">
                <ServicesPanel state />
                <HistoryPanel state />
            </div>
            <div class="area-request">
                <RequestBuilder state />
                <ResponseView state />
            </div>
            <div class="area-effects">
                <EffectsPanel state />
            </div>
            <div class="area-database">
                <DatabasePanel state />
            </div>
            <div class="area-console">
                <ConsolePanel state />
            </div>
            <div class="area-logs">
                <LogsPanel state />
            </div>
        </div>
    }
}

/// A failure of the lab itself (not of a request), with a way to dismiss it.
#[component]
fn Notice(state: AppState) -> impl IntoView {
    move || {
        state.notice.get().map(|message| {
            view! {
                <div class="notice" role="alert">
                    <p>{message}</p>
                    <button type="button" on:click=move |_| state.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
