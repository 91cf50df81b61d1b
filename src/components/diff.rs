//! The rows a request (or a console statement) changed, per table, like a
//! database browser's diff: inserted rows green, deleted rows red, updated
//! rows with each changed cell as `before → after`.

use leptos::prelude::*;
use servicelab_sim::{RowChange, TableChanges, Value};

use crate::format::{cell, is_null, plural};

/// Net row changes, per table. `testid` names it for tests.
#[component]
pub fn RowDiff(changes: Vec<TableChanges>, testid: &'static str) -> impl IntoView {
    let tables: Vec<TableChanges> = changes.into_iter().filter(|t| !t.rows.is_empty()).collect();
    let body = if tables.is_empty() {
        view! { <p class="empty">"No rows changed."</p> }.into_any()
    } else {
        tables
            .into_iter()
            .map(|table| view! { <TableDiff table /> })
            .collect_view()
            .into_any()
    };

    view! { <div class="row-diff" data-testid=testid>{body}</div> }
}

#[component]
fn TableDiff(table: TableChanges) -> impl IntoView {
    let count = plural(table.rows.len() as u64, "row");
    let head = table
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|change| view! { <ChangeRow change /> })
        .collect_view();

    view! {
        <section class="diff-table" data-table=table.table.clone()>
            <h4><code>{table.table.clone()}</code>" "<span class="meta">{count}</span></h4>
            <div class="table-scroll" tabindex="0">
                <table class="grid diff">
                    <thead>
                        <tr><th scope="col"><span class="sr-only">"Change"</span></th>{head}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ChangeRow(change: RowChange) -> impl IntoView {
    let (class, mark, word, cells) = match change {
        RowChange::Inserted { after } => ("row-inserted", "+", "inserted", plain(&after)),
        RowChange::Deleted { before } => ("row-deleted", "−", "deleted", plain(&before)),
        RowChange::Updated { before, after } => {
            ("row-updated", "~", "updated", compared(&before, &after))
        }
    };

    view! {
        <tr class=class>
            <td class="mark">
                <span aria-hidden="true">{mark}</span><span class="sr-only">{word}</span>
            </td>
            {cells}
        </tr>
    }
}

fn plain(values: &[Value]) -> AnyView {
    values
        .iter()
        .map(|v| view! { <td class:null=is_null(v)>{cell(v)}</td> })
        .collect_view()
        .into_any()
}

fn compared(before: &[Value], after: &[Value]) -> AnyView {
    after
        .iter()
        .enumerate()
        .map(|(index, new)| match before.get(index) {
            Some(old) if old != new => view! {
                <td class="changed">
                    <del>{cell(old)}</del>" → "<ins>{cell(new)}</ins>
                </td>
            }
            .into_any(),
            _ => view! { <td class:null=is_null(new)>{cell(new)}</td> }.into_any(),
        })
        .collect_view()
        .into_any()
}
