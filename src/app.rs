//! The page frame: header, start-up states, and the panel grid.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::components::{
    ConsolePanel, DatabasePanel, EffectsPanel, HistoryPanel, LessonsPanel, LogsPanel,
    NotSavingBanner, RequestBuilder, ResetControl, ResponseView, SaveSharePanel, SaveStatusBadge,
    ServicesPanel,
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
                <div class="topbar-tools">
                    <SaveStatusBadge state />
                    <ResetControl state />
                </div>
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

/// The notices, then the panels laid out by the CSS grid. The notices stay
/// outside the grid: placed in it, they would land below every named area.
#[component]
fn Workspace(state: AppState) -> impl IntoView {
    view! {
        <div class="notices">
            <Notice state />
            <Info state />
            <NotSavingBanner state />
        </div>
        <div class="workspace" data-testid="app-ready">
            <div class="area-services">
                <LessonsPanel state />
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
            <div class="area-keep">
                <SaveSharePanel state />
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

/// News that is not a failure, politely announced, with a way to dismiss it.
#[component]
fn Info(state: AppState) -> impl IntoView {
    view! {
        <div class="info-region" role="status">
            {move || state.info.get().map(|message| view! {
                <div class="notice info" data-testid="info">
                    <p>{message}</p>
                    <button type="button" on:click=move |_| state.info.set(None)>"Dismiss"</button>
                </div>
            })}
        </div>
    }
}
