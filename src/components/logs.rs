//! Each service's development-server output, side by side, styled like the
//! terminals the servers would run in.

use leptos::html::Pre;
use leptos::prelude::*;

use crate::state::{AppState, ServiceLog};

/// The logs panel.
#[component]
pub fn LogsPanel(state: AppState) -> impl IntoView {
    let terminals = move || {
        state
            .services
            .get()
            .into_iter()
            .map(|service| {
                let name = service.name;
                let title = format!("{name}: {}", service.framework.label());
                view! { <Terminal state name title /> }
            })
            .collect_view()
    };

    view! {
        <section class="panel logs" aria-labelledby="logs-title">
            <h2 id="logs-title">"Logs"</h2>
            <div class="terminals">{terminals}</div>
        </section>
    }
}

#[component]
fn Terminal(state: AppState, name: &'static str, title: String) -> impl IntoView {
    let lines = Memo::new(move |_| {
        state
            .logs
            .get()
            .into_iter()
            .find(|log| log.service == name)
            .map(|log: ServiceLog| log.lines)
            .unwrap_or_default()
    });
    let screen = NodeRef::<Pre>::new();

    // Keep the newest line in view, as a terminal does.
    Effect::new(move |_| {
        lines.track();
        if let Some(pre) = screen.get() {
            pre.set_scroll_top(pre.scroll_height());
        }
    });

    view! {
        <figure class="terminal">
            <figcaption>
                <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>
                {title.clone()}
            </figcaption>
            <pre node_ref=screen data-testid=format!("log-{name}") tabindex="0"
                aria-label=format!("{title} log")>
                {move || lines.get().join("\n")}
            </pre>
        </figure>
    }
}
