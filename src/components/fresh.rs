//! "Start fresh": one click to ask, a second to confirm, because it throws
//! away the database, the history and lesson progress together (unlike a
//! reset, which keeps the history and progress).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::actions;
use crate::dom;
use crate::state::AppState;

/// The start-fresh button and its confirmation.
#[component]
pub fn StartFresh(state: AppState) -> impl IntoView {
    let asking = RwSignal::new(false);
    let ask = move |_| {
        asking.set(true);
        dom::focus_soon("fresh-cancel");
    };
    let confirm = move |_| {
        actions::start_fresh(state);
        asking.set(false);
        dom::focus_soon("fresh-button");
    };
    let cancel = move || {
        asking.set(false);
        dom::focus_soon("fresh-button");
    };
    let escape = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            cancel();
        }
    };

    view! {
        <div class="fresh">
            <button type="button" id="fresh-button" data-testid="fresh-button"
                class="danger-outline" aria-expanded=move || asking.get().to_string()
                aria-controls="fresh-confirmation" on:click=ask>"Start fresh…"</button>
            <div id="fresh-confirmation" class="reset-confirmation" role="group"
                aria-labelledby="fresh-question" hidden=move || !asking.get() on:keydown=escape>
                <p id="fresh-question">
                    "Start over with the seed database, an empty history and no lesson "
                    "progress? The work saved in this browser is replaced."
                </p>
                <button type="button" class="danger" data-testid="fresh-confirm"
                    on:click=confirm>"Start fresh"</button>
                <button type="button" id="fresh-cancel" on:click=move |_| cancel()>"Cancel"</button>
            </div>
        </div>
    }
}
