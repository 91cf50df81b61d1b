//! "What the request did": the route that matched, a timeline of the work,
//! every SQL statement in order, and the rows it changed.

use std::sync::Arc;

use leptos::prelude::*;
use servicelab_sim::{Exchange, RouteMatch};

use crate::components::diff::RowDiff;
use crate::components::sql::StatementList;
use crate::components::trace::Timeline;
use crate::state::AppState;

/// The effects panel.
#[component]
pub fn EffectsPanel(state: AppState) -> impl IntoView {
    let body = move || match state.exchange.get() {
        Some(ex) => view! { <Effects ex /> }.into_any(),
        None => view! {
            <p class="empty">
                "Send a request to see the route it took, the SQL it ran and the rows it \
                 changed."
            </p>
        }
        .into_any(),
    };

    view! {
        <section class="panel effects" aria-labelledby="effects-title">
            <h2 id="effects-title">"What the request did"</h2>
            {body}
        </section>
    }
}

#[component]
fn Effects(ex: Arc<Exchange>) -> impl IntoView {
    view! {
        <h3>"Route"</h3>
        <RouteSummary route=ex.route.clone() />
        <h3>"Timeline"</h3>
        <Timeline ex=ex.clone() />
        <h3>"SQL, in order"</h3>
        <StatementList statements=ex.statements.clone() />
        <h3>"Rows changed"</h3>
        <RowDiff changes=ex.changes.clone() testid="row-diff" />
    }
}

#[component]
fn RouteSummary(route: Option<RouteMatch>) -> impl IntoView {
    let Some(route) = route else {
        return view! {
            <p class="route-summary none">
                "No route matched: the framework answered before any view ran."
            </p>
        }
        .into_any();
    };
    let params = if route.params.is_empty() {
        "none".to_owned()
    } else {
        let pairs: Vec<String> = route
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.join(", ")
    };

    view! {
        <dl class="route-summary">
            <dt>"Pattern"</dt><dd><code>{route.pattern}</code></dd>
            <dt>"View"</dt><dd><code>{route.name}</code></dd>
            <dt>"Params"</dt><dd><code>{params}</code></dd>
        </dl>
    }
    .into_any()
}
