//! A grid of query results, shared by the table browser and the console.

use leptos::prelude::*;
use servicelab_sim::{Rows, Value};

use crate::format::{cell, is_null};

/// Rows beyond this are not drawn; the grid says how many were left out.
const MAX_ROWS: usize = 500;

/// A result grid. `testid` names it for tests; rows equal to one of
/// `highlight` are marked, to show what the last request wrote.
#[component]
pub fn ResultGrid(
    rows: Rows,
    testid: &'static str,
    label: String,
    #[prop(optional)] highlight: Vec<Vec<Value>>,
) -> impl IntoView {
    let hidden = rows.rows.len().saturating_sub(MAX_ROWS);
    let head = rows
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let body = rows
        .rows
        .iter()
        .take(MAX_ROWS)
        .map(|row| {
            let cells = row
                .iter()
                .map(|v| view! { <td class:null=is_null(v)>{cell(v)}</td> })
                .collect_view();
            view! { <tr class:recent=highlight.contains(row)>{cells}</tr> }
        })
        .collect_view();

    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label.clone()>
            <table class="grid" data-testid=testid>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        {(hidden > 0).then(|| view! { <p class="meta">{hidden}" more rows not shown."</p> })}
    }
}
