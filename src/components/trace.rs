//! A small trace view in the manner of Jaeger: one bar for the request and
//! one per SQL statement, on a shared time axis.
//!
//! The core records each statement's duration but not its start, so the
//! statements are drawn end to end from the request's start and the rest of
//! the request's time is drawn as one "framework" span after them. The
//! proportions are exact; the placement of the framework's own work is a
//! drawing choice, and the caption says so.

use std::sync::Arc;

use leptos::prelude::*;
use servicelab_sim::clock::SimDuration;
use servicelab_sim::{Exchange, StatementOutcome};

use crate::format::millis;

/// One bar of the timeline.
struct Span {
    label: String,
    kind: &'static str,
    start: u64,
    length: u64,
}

/// The timeline of one exchange.
#[component]
pub fn Timeline(ex: Arc<Exchange>) -> impl IntoView {
    let total = ex.duration.0.max(1);
    let rows = spans(&ex)
        .into_iter()
        .map(|span| {
            let left = span.start as f64 * 100.0 / total as f64;
            let width = (span.length as f64 * 100.0 / total as f64).max(0.6);
            // Set through the CSSOM (style:…), not a style attribute, which a
            // strict Content-Security-Policy refuses.
            let (left, width) = (format!("{left:.2}%"), format!("{width:.2}%"));
            let time = millis(SimDuration(span.length));
            view! {
                <li class=format!("span span-{}", span.kind)>
                    <span class="span-label" title=span.label.clone()>{span.label.clone()}</span>
                    <span class="span-track">
                        <span class="span-bar" style:left=left style:width=width></span>
                    </span>
                    <span class="span-time">{time}</span>
                </li>
            }
        })
        .collect_view();

    view! {
        <ol class="timeline" aria-label="Timeline of the request">{rows}</ol>
        <p class="caption">
            "Simulated times. Statements are drawn end to end; the framework's own work \
             (routing, middleware, rendering) is drawn as one span after them."
        </p>
    }
}

fn spans(ex: &Exchange) -> Vec<Span> {
    let mut spans = vec![Span {
        label: format!(
            "{} {} ({})",
            ex.request.method,
            ex.request.target(),
            ex.service
        ),
        kind: "request",
        start: 0,
        length: ex.duration.0,
    }];
    let mut at = 0;
    for statement in &ex.statements {
        let kind = match statement.outcome {
            StatementOutcome::Failed { .. } => "failed",
            StatementOutcome::Changed { .. } => "write",
            _ => "read",
        };
        spans.push(Span {
            label: short_sql(&statement.sql),
            kind,
            start: at,
            length: statement.duration.0,
        });
        at += statement.duration.0;
    }
    spans.push(Span {
        label: format!("framework: {}", ex.framework.label()),
        kind: "framework",
        start: at,
        length: ex.duration.0.saturating_sub(at),
    });
    spans
}

/// The first words of a statement, on one line.
fn short_sql(sql: &str) -> String {
    let flat: Vec<&str> = sql.split_whitespace().collect();
    let flat = flat.join(" ").replace('"', "");
    match flat.char_indices().nth(48) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}
