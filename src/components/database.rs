//! The shared database: its tables with row counts, and the selected
//! table's schema and rows, a page at a time. Everything here is read again
//! whenever a request, the console or a reset may have changed the data.

use leptos::prelude::*;
use servicelab_sim::{Exchange, RowChange, Rows, Value};

use crate::components::grid::ResultGrid;
use crate::inspect::{self, page_count, TableSummary};
use crate::state::AppState;

/// The database panel.
#[component]
pub fn DatabasePanel(state: AppState) -> impl IntoView {
    let selected = RwSignal::new("catalog_product".to_owned());
    let page = RwSignal::new(0_usize);
    let tables = Memo::new(move |_| {
        state.db_version.track();
        match state.lab.with(|lab| inspect::tables(lab.db())) {
            Ok(Ok(tables)) => Ok(tables),
            Ok(Err(err)) => Err(err.message),
            Err(err) => Err(err.to_string()),
        }
    });

    view! {
        <section class="panel database" aria-labelledby="database-title">
            <div class="panel-head">
                <h2 id="database-title">"Shared database"</h2>
                <span class="meta">"SQLite (sql.js), in this tab"</span>
            </div>
            <div class="db-layout">
                <TableList tables selected page />
                <TableDetail state tables selected page />
            </div>
        </section>
    }
}

type TablesMemo = Memo<Result<Vec<TableSummary>, String>>;

#[component]
fn TableList(
    tables: TablesMemo,
    selected: RwSignal<String>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let items = move || match tables.get() {
        Err(message) => view! { <li class="error">{message}</li> }.into_any(),
        Ok(list) => list
            .into_iter()
            .map(|table| {
                let name = table.name.clone();
                let current = {
                    let name = name.clone();
                    move || (selected.get() == name).to_string()
                };
                let choose = {
                    let name = name.clone();
                    move |_| {
                        selected.set(name.clone());
                        page.set(0);
                    }
                };
                let count = match &table.rows {
                    Ok(n) => n.to_string(),
                    Err(_) => "?".to_owned(),
                };
                view! {
                    <li>
                        <button type="button" class="table-button" aria-pressed=current
                            data-testid=format!("table-{name}") on:click=choose>
                            <span class="table-name">{name.clone()}</span>
                            <span class="count" title="rows">{count}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any(),
    };

    view! {
        <nav class="table-list" aria-label="Tables">
            <ul data-testid="db-tables">{items}</ul>
        </nav>
    }
}

#[component]
fn TableDetail(
    state: AppState,
    tables: TablesMemo,
    selected: RwSignal<String>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let summary = Memo::new(move |_| {
        let name = selected.get();
        tables.get().ok()?.into_iter().find(|t| t.name == name)
    });
    let pages = move || {
        summary
            .get()
            .and_then(|t| t.rows.ok())
            .map(page_count)
            .unwrap_or(1)
    };
    let rows = Memo::new(move |_| {
        let name = summary.get()?.name;
        let last = pages().saturating_sub(1);
        let at = page.get().min(last);
        let read = state.lab.with(|lab| inspect::page(lab.db(), &name, at));
        Some(match read {
            Ok(Ok(rows)) => Ok(rows),
            Ok(Err(err)) => Err(err.message),
            Err(err) => Err(err.to_string()),
        })
    });

    let recent = move || written_rows(state.exchange.get().as_deref(), &selected.get());

    view! {
        <div class="db-detail">
            {move || match summary.get() {
                None => view! { <p class="empty">"Choose a table."</p> }.into_any(),
                Some(table) => view! { <Schema table /> }.into_any(),
            }}
            {move || rows.get().map(|rows| view! { <RowsView rows recent=recent() /> })}
            <Pager page pages=Signal::derive(pages) />
        </div>
    }
}

/// The rows `exchange` inserted or updated in `table`, as they are now.
fn written_rows(exchange: Option<&Exchange>, table: &str) -> Vec<Vec<Value>> {
    let Some(exchange) = exchange else {
        return Vec::new();
    };
    exchange
        .changes
        .iter()
        .filter(|t| t.table == table)
        .flat_map(|t| t.rows.iter())
        .filter_map(|change| match change {
            RowChange::Inserted { after } | RowChange::Updated { after, .. } => Some(after.clone()),
            RowChange::Deleted { .. } => None,
        })
        .collect()
}

#[component]
fn Schema(table: TableSummary) -> impl IntoView {
    let count = match &table.rows {
        Ok(n) => format!("{n} rows"),
        Err(err) => format!("rows could not be counted: {err}"),
    };

    view! {
        <h3>
            <code>{table.name.clone()}</code>" "
            <span class="meta">{table.kind}", "{count}</span>
        </h3>
        <details class="schema" open>
            <summary>"Schema"</summary>
            <pre class="code sql">{table.sql.trim().to_owned()}</pre>
        </details>
    }
}

#[component]
fn RowsView(rows: Result<Rows, String>, recent: Vec<Vec<Value>>) -> impl IntoView {
    match rows {
        Ok(rows) => {
            let marked = rows.rows.iter().any(|row| recent.contains(row));
            view! {
                <ResultGrid rows testid="db-rows" label="Table rows".to_owned()
                    highlight=recent />
                {marked.then(|| view! {
                    <p class="meta"><span class="swatch recent"></span>
                        " Written by the last request."</p>
                })}
            }
            .into_any()
        }
        Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
    }
}

#[component]
fn Pager(page: RwSignal<usize>, pages: Signal<usize>) -> impl IntoView {
    let current = move || page.get().min(pages.get().saturating_sub(1));
    let label = move || format!("Page {} of {}", current() + 1, pages.get());

    view! {
        <div class="pager">
            <button type="button" disabled=move || current() == 0
                on:click=move |_| page.set(current().saturating_sub(1))>"← Previous"</button>
            <span class="meta" aria-live="polite">{label}</span>
            <button type="button" disabled=move || { current() + 1 >= pages.get() }
                on:click=move |_| page.set(current() + 1)>"Next →"</button>
        </div>
    }
}
