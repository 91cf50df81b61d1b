//! The services panel: each service, its framework, and its routes.
//!
//! A route is a button: choosing it loads a matching example (or the
//! route's first method and a concrete path) into the request builder.

use leptos::prelude::*;
use servicelab_sim::routing::Route;
use servicelab_sim::ServiceInfo;

use crate::dom;
use crate::draft::Draft;
use crate::state::AppState;

/// Every service with its routes.
#[component]
pub fn ServicesPanel(state: AppState) -> impl IntoView {
    view! {
        <section class="panel services" aria-labelledby="services-title">
            <h2 id="services-title">"Services"</h2>
            {move || {
                state
                    .services
                    .get()
                    .into_iter()
                    .map(|service| view! { <ServiceCard state service /> })
                    .collect_view()
            }}
        </section>
    }
}

#[component]
fn ServiceCard(state: AppState, service: ServiceInfo) -> impl IntoView {
    let routes = service
        .routes
        .iter()
        .map(|route| view! { <RouteButton state service=service.clone() route=*route /> })
        .collect_view();
    let framework = service.framework.label();
    let class = format!("service-card framework-{}", service.name);

    view! {
        <article class=class>
            <header class="service-head">
                <h3>{service.name}</h3>
                <span class="framework">{framework}</span>
                <span class="host" title="Where its development server listens">
                    {service.host}
                </span>
            </header>
            <ul class="routes">{routes}</ul>
        </article>
    }
}

#[component]
fn RouteButton(state: AppState, service: ServiceInfo, route: Route) -> impl IntoView {
    let badges = route
        .methods
        .iter()
        .map(|m| {
            let class = format!("badge method-{}", m.to_ascii_lowercase());
            view! { <span class=class>{*m}</span> }
        })
        .collect_view();
    let load = move |_| {
        state
            .draft
            .load(Draft::for_route(service.name, &route, &service.examples));
        state.draft_error.set(None);
        dom::focus("path-input");
    };

    view! {
        <li>
            <button type="button" class="route" on:click=load
                title=format!("Load {} into the request builder", route.pattern)>
                <span class="badges">{badges}</span>
                <code class="pattern">{route.pattern}</code>
                <span class="summary">{route.summary}</span>
                <span class="view-name">{route.name}</span>
            </button>
        </li>
    }
}
