//! ServiceLab in the browser: the lab's page, written with Leptos.
//!
//! The simulation core (`servicelab-sim`) does the work and records it; this
//! crate only draws what it records and turns clicks into calls. The page is
//! one screen in panels: lessons, services and their routes, a request
//! builder, the response, what the request did (route, SQL, row changes),
//! the shared database with a SQL console, each service's log, and a Save &
//! share panel. The learner's work is saved in the browser as they go
//! ([`keep`]).
//!
//! Start-up order matters: the panic hook goes in before anything can
//! panic, then the logger, then the app is mounted in place of the static
//! "Starting the lab…" text that `index.html` shows while the WebAssembly
//! downloads.

mod actions;
mod app;
mod components;
mod dom;
mod draft;
mod format;
mod highlight;
mod inspect;
mod keep;
mod lab_cell;
mod lesson;
mod logger;
mod panic;
mod progress;
mod state;

fn main() {
    panic::install();
    logger::install();

    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    let Some(root) = root else {
        log::error!("index.html has no #app element to mount into");
        return;
    };

    // The static placeholder has done its job once the app can draw.
    root.set_inner_html("");
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else {
        log::error!("#app is not an HTML element");
        return;
    };
    leptos::mount::mount_to(root, app::App).forget();
}
