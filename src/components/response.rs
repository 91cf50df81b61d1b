//! The response: status and reason coloured by class, simulated duration,
//! then the body (re-indented when it is JSON) or the headers.

use std::sync::Arc;

use leptos::prelude::*;
use servicelab_sim::Exchange;

use crate::format::{body_view, millis, status_class, BodyKind};
use crate::highlight;
use crate::state::AppState;

/// The response panel.
#[component]
pub fn ResponseView(state: AppState) -> impl IntoView {
    let show_headers = RwSignal::new(false);
    let status = move || match state.exchange.get() {
        Some(ex) => {
            let class = format!("status-badge {}", status_class(ex.response.status));
            let text = format!("{} {}", ex.response.status, ex.response.reason());
            view! {
                <span class=class>{text}</span>
                <span class="meta">{millis(ex.duration)}" simulated"</span>
                <span class="meta">{ex.response.body.len()}" B"</span>
            }
            .into_any()
        }
        None => view! { <span class="meta">"No response yet."</span> }.into_any(),
    };

    view! {
        <section class="panel response" aria-labelledby="response-title">
            <div class="panel-head">
                <h2 id="response-title">"Response"</h2>
                <div class="status-line" data-testid="response-status" aria-live="polite"
                    aria-atomic="true">
                    {status}
                </div>
            </div>
            {move || state.exchange.get().map(|ex| view! { <Details ex show_headers /> })}
        </section>
    }
}

#[component]
fn Details(ex: Arc<Exchange>, show_headers: RwSignal<bool>) -> impl IntoView {
    let count = ex.response.headers.iter().count();
    let request_line = format!(
        "{} {} → {} ({})",
        ex.request.method,
        ex.request.target(),
        ex.service,
        ex.framework.label()
    );
    let ex_headers = ex.clone();

    view! {
        <p class="request-line"><code>{request_line}</code></p>
        <div class="segmented" role="group" aria-label="Response part">
            <button type="button" aria-pressed=move || (!show_headers.get()).to_string()
                on:click=move |_| show_headers.set(false)>"Body"</button>
            <button type="button" aria-pressed=move || show_headers.get().to_string()
                on:click=move |_| show_headers.set(true)>{format!("Headers ({count})")}</button>
        </div>
        <Show when=move || show_headers.get() fallback=move || view! { <Body ex=ex.clone() /> }>
            <HeadersTable ex=ex_headers.clone() />
        </Show>
    }
}

#[component]
fn Body(ex: Arc<Exchange>) -> impl IntoView {
    let (kind, text) = body_view(ex.response.headers.get("content-type"), &ex.response.body);
    let note = match kind {
        BodyKind::Empty => Some("No body."),
        BodyKind::Html => Some("An HTML page, shown as its source."),
        BodyKind::Json | BodyKind::Text => None,
    };
    let content = match kind {
        BodyKind::Json => highlight::json(&text)
            .into_iter()
            .map(|(token, run)| view! { <span class=token.class()>{run}</span> })
            .collect_view()
            .into_any(),
        _ => text.into_any(),
    };

    view! {
        {note.map(|note| view! { <p class="meta">{note}</p> })}
        <pre class="code body" data-testid="response-body" tabindex="0"
            aria-label="Response body">{content}</pre>
    }
}

#[component]
fn HeadersTable(ex: Arc<Exchange>) -> impl IntoView {
    let rows = ex
        .response
        .headers
        .iter()
        .map(|(name, value)| {
            view! { <tr><th scope="row">{name.to_owned()}</th><td>{value.to_owned()}</td></tr> }
        })
        .collect_view();

    view! {
        <table class="headers-table">
            <caption class="sr-only">"Response headers"</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}
