//! The SQL console: one statement at a time, run against the shared
//! database directly. Results show as a grid, changes as a row diff, and a
//! refusal as SQLite's own message.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use servicelab_sim::{ConsoleResult, DbError};

use crate::actions;
use crate::components::diff::RowDiff;
use crate::components::grid::ResultGrid;
use crate::format::plural;
use crate::state::AppState;

const STARTER: &str =
    "SELECT id, sku, name, stock FROM catalog_product WHERE stock < 5 ORDER BY stock;";

/// The console panel.
#[component]
pub fn ConsolePanel(state: AppState) -> impl IntoView {
    let sql = RwSignal::new(STARTER.to_owned());
    let result = RwSignal::new(None::<Result<ConsoleResult, DbError>>);
    // Counts runs, so a test can tell a new result from an identical old one.
    let runs = RwSignal::new(0_u32);
    let run = move || {
        let text = sql.get_untracked();
        runs.update(|n| *n += 1);
        if text.trim().is_empty() {
            result.set(Some(Err(DbError::new("Type a SQL statement first."))));
            return;
        }
        result.set(Some(actions::console(state, &text)));
    };
    let shortcut = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run();
        }
    };

    view! {
        <section class="panel console" aria-labelledby="console-title">
            <h2 id="console-title">"SQL console"</h2>
            <label for="console-input">
                "Statement "
                <span class="hint">"runs on the shared database, outside any service"</span>
            </label>
            <textarea id="console-input" data-testid="console-input" rows="4" spellcheck="false"
                prop:value=move || sql.get() on:input=move |ev| sql.set(event_target_value(&ev))
                on:keydown=shortcut></textarea>
            <div class="console-actions">
                <button type="button" class="primary" data-testid="console-run"
                    on:click=move |_| run()>"Run"</button>
                <span class="hint"><kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd></span>
            </div>
            <div class="console-result" data-testid="console-result" aria-live="polite"
                data-run=move || runs.get()>
                {move || result.get().map(|outcome| view! { <Outcome outcome /> })}
            </div>
        </section>
    }
}

#[component]
fn Outcome(outcome: Result<ConsoleResult, DbError>) -> impl IntoView {
    let result = match outcome {
        Ok(result) => result,
        Err(err) => {
            return view! {
                <p class="error" role="alert"><b>"SQLite: "</b>{err.message}</p>
            }
            .into_any();
        }
    };
    let changed: usize = result.changes.iter().map(|t| t.rows.len()).sum();
    let summary = if result.rows.columns.is_empty() {
        format!("Done. {} changed.", plural(changed as u64, "row"))
    } else {
        format!("{} returned.", plural(result.rows.rows.len() as u64, "row"))
    };
    let has_rows = !result.rows.columns.is_empty();

    let grid = has_rows.then(|| {
        let label = "Query result".to_owned();
        view! { <ResultGrid rows=result.rows.clone() testid="console-grid" label /> }
    });
    let diff = (changed > 0)
        .then(|| view! { <RowDiff changes=result.changes.clone() testid="console-diff" /> });

    view! {
        <p class="meta">{summary}</p>
        {grid}
        {diff}
    }
    .into_any()
}
