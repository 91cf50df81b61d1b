//! The examples menu: every service's ready-made requests, grouped by
//! service. Choosing one loads it into the builder without sending it.

use leptos::prelude::*;
use servicelab_sim::ServiceInfo;

use crate::dom;
use crate::draft::Draft;
use crate::state::AppState;

/// A menu of examples; the option values are `service/index`.
#[component]
pub fn ExamplesMenu(state: AppState) -> impl IntoView {
    let choose = move |ev| {
        let value = event_target_value(&ev);
        if let Some(draft) = find(&state.services.get_untracked(), &value) {
            state.draft.load(draft);
            state.draft_error.set(None);
            dom::focus("path-input");
        }
    };
    let groups = move || {
        state
            .services
            .get()
            .into_iter()
            .map(|service| {
                let options = service
                    .examples
                    .iter()
                    .enumerate()
                    .map(|(index, example)| {
                        let value = format!("{}/{index}", service.name);
                        view! { <option value=value>{example.title}</option> }
                    })
                    .collect_view();
                view! { <optgroup label=service.name>{options}</optgroup> }
            })
            .collect_view()
    };

    view! {
        <div class="examples">
            <label for="examples-select">"Examples"</label>
            <select id="examples-select" data-testid="examples-select" on:change=choose>
                <option value="">"Load an example…"</option>
                {groups}
            </select>
        </div>
    }
}

/// The example named by a menu value, as a draft.
fn find(services: &[ServiceInfo], value: &str) -> Option<Draft> {
    let (name, index) = value.split_once('/')?;
    let index: usize = index.parse().ok()?;
    let service = services.iter().find(|s| s.name == name)?;
    let example = service.examples.get(index)?;
    Some(Draft::from_example(service.name, example))
}
