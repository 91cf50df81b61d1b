//! The statements a request ran, in order, each with its bound parameters,
//! outcome and simulated duration.

use leptos::prelude::*;
use servicelab_sim::record::StatementRecord;
use servicelab_sim::StatementOutcome;

use crate::format::{millis, outcome, params};

/// An ordered list of statements.
#[component]
pub fn StatementList(statements: Vec<StatementRecord>) -> impl IntoView {
    if statements.is_empty() {
        return view! {
            <ol class="sql-list" data-testid="sql-list">
                <li class="empty">"No SQL ran."</li>
            </ol>
        }
        .into_any();
    }
    let items = statements
        .into_iter()
        .map(|statement| view! { <Statement statement /> })
        .collect_view();

    view! { <ol class="sql-list" data-testid="sql-list">{items}</ol> }.into_any()
}

#[component]
fn Statement(statement: StatementRecord) -> impl IntoView {
    let failed = matches!(statement.outcome, StatementOutcome::Failed { .. });
    let class = if failed {
        "statement failed"
    } else {
        "statement"
    };
    let bound = (!statement.params.is_empty()).then(|| params(&statement.params));

    view! {
        <li class=class>
            <pre class="code sql">{statement.sql.trim().to_owned()}</pre>
            <div class="statement-meta">
                {bound.map(|p| view! { <span class="params">"params "<code>{p}</code></span> })}
                <span class="outcome">{outcome(&statement.outcome)}</span>
                <span class="duration">{millis(statement.duration)}</span>
            </div>
        </li>
    }
}
