//! The reset control: one click to ask, a second to confirm, because a
//! reset throws away everything the learner did to the database. The
//! history and lesson progress stay; "Start fresh" clears those too.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::actions;
use crate::dom;
use crate::state::AppState;

/// The reset button and its confirmation.
#[component]
pub fn ResetControl(state: AppState) -> impl IntoView {
    let asking = RwSignal::new(false);
    let ask = move |_| {
        asking.set(true);
        dom::focus_soon("reset-cancel");
    };
    let confirm = move |_| {
        actions::reset(state);
        asking.set(false);
        dom::focus_soon("reset-button");
    };
    let cancel = move || {
        asking.set(false);
        dom::focus_soon("reset-button");
    };
    let escape = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            cancel();
        }
    };

    view! {
        <div class="reset">
            <button type="button" id="reset-button" data-testid="reset-button"
                class="danger-outline"
                aria-expanded=move || asking.get().to_string() aria-controls="reset-confirmation"
                on:click=ask>"Reset lab…"</button>
            <div id="reset-confirmation" class="reset-confirmation" role="group"
                aria-labelledby="reset-question" hidden=move || !asking.get() on:keydown=escape>
                <p id="reset-question">
                    "Drop every table and start both services again on fresh seed data? "
                    "Your history and lesson progress are kept."
                </p>
                <button type="button" class="danger" data-testid="reset-confirm"
                    on:click=confirm>"Reset database"</button>
                <button type="button" id="reset-cancel" on:click=move |_| cancel()>"Cancel"</button>
            </div>
        </div>
    }
}
