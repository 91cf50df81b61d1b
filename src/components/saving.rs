//! Where the work is kept, at a glance: a status badge in the top bar, and
//! a banner when nothing is being saved in this browser.

use leptos::prelude::*;

use crate::components::keep::ExportButtons;
use crate::dom;
use crate::keep::SaveStatus;
use crate::state::AppState;

/// "Saved in this browser", "Saving…" and so on, with a way to the panel.
#[component]
pub fn SaveStatusBadge(state: AppState) -> impl IntoView {
    let status = state.keep.status;
    let text = move || match status.get() {
        SaveStatus::Checking => "Checking storage…",
        SaveStatus::Saved => "Saved in this browser",
        SaveStatus::Pending => "Saving…",
        SaveStatus::Held => "Not saved: a transaction is open",
        SaveStatus::MemoryOnly(_) => "Not saved in this browser",
    };
    let key = move || status.get().key();

    view! {
        <div class="save-bar">
            <span class=move || format!("save-status save-{}", key()) data-testid="save-status"
                data-state=key>{text}</span>
            <button type="button" class="link-button"
                on:click=move |_| dom::focus("keep-title")>"Save & share"</button>
        </div>
    }
}

/// The banner shown while work lives only in this tab. The live region is
/// always on the page, so the banner is announced when it appears.
#[component]
pub fn NotSavingBanner(state: AppState) -> impl IntoView {
    let reason = move || match state.keep.status.get() {
        SaveStatus::MemoryOnly(reason) => Some(reason),
        _ => None,
    };

    view! {
        <div class="storage-status" role="status">
            {move || reason().map(|reason| view! {
                <div class="not-saving" data-testid="not-saving-banner">
                    <p>
                        <strong>"Your work is not being saved in this browser"</strong>
                        {format!(" because {reason}. ")}
                        "It stays while this tab is open. To keep it, download it:"
                    </p>
                    <ExportButtons state />
                </div>
            })}
        </div>
    }
}
