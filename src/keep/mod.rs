//! Keeping the learner's work: autosave in this browser, files to download
//! and import, share links, and the events a course platform listens for.
//!
//! Every change to the work (a request, a console statement, a reset, an
//! import, a lesson step) ends in [`changed`], which tells the page's host
//! and schedules a save. The database, history and lesson progress are kept
//! together, so what comes back after a reload, from a session file, or in
//! a colleague's tab is one consistent moment.
//!
//! Simplifications: the work is the database, the history (requests and
//! their statuses, not the responses) and lesson progress. The request being
//! typed, the last response and the logs are not kept: the lab is
//! deterministic, so sending the history again rebuilds the responses.

pub mod autosave;
pub mod browser;
pub mod checks;
pub mod events;
mod idb;
pub mod names;
pub mod record;
pub mod share;
mod store;
pub mod transfer;

use std::rc::Rc;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::progress;
use crate::state::AppState;
use record::{saved_history, SavedSession, SAVED_VERSION};
use store::Store;

/// Where autosave stands, as the status badge shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Storage has not been checked yet.
    Checking,
    /// Everything is saved in this browser.
    Saved,
    /// A change waits to be saved.
    Pending,
    /// A change waits for the console's open transaction to end.
    Held,
    /// Nothing is saved in this browser; the text says why.
    MemoryOnly(String),
}

impl SaveStatus {
    /// A short name, for CSS classes and tests.
    pub fn key(&self) -> &'static str {
        match self {
            SaveStatus::Checking => "checking",
            SaveStatus::Saved => "saved",
            SaveStatus::Pending => "pending",
            SaveStatus::Held => "held",
            SaveStatus::MemoryOnly(_) => "memory",
        }
    }
}

/// What the last import, export or share did, for the Save & share panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It worked; the text says what happened.
    Done(String),
    /// It was refused; the text says why, and that nothing changed.
    Refused(String),
}

/// A share link, and whether it reached the clipboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    /// The whole link.
    pub url: String,
    /// Whether the clipboard took it.
    pub copied: bool,
}

/// The keeping part of the page's state. Copyable: every field is a handle.
#[derive(Clone, Copy)]
pub struct KeepState {
    /// The sql.js module, to open imported databases with.
    pub engine: StoredValue<Option<JsValue>, LocalStorage>,
    /// This browser's store, while it accepts writes.
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// Autosave's status.
    pub status: RwSignal<SaveStatus>,
    /// The debounce timer of the next save.
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Counts changes, so a save knows whether a newer one followed it.
    changes: StoredValue<u64>,
    /// The last import, export or share outcome.
    pub outcome: RwSignal<Option<Outcome>>,
    /// Counts outcomes, so a repeated message still reads as new.
    pub reports: RwSignal<u32>,
    /// The last share link made.
    pub link: RwSignal<Option<ShareLink>>,
}

impl KeepState {
    /// Nothing kept yet; storage not checked.
    pub fn new() -> Self {
        KeepState {
            engine: StoredValue::new_local(None),
            store: StoredValue::new_local(None),
            status: RwSignal::new(SaveStatus::Checking),
            timer: StoredValue::new(None),
            changes: StoredValue::new(0),
            outcome: RwSignal::new(None),
            reports: RwSignal::new(0),
            link: RwSignal::new(None),
        }
    }

    /// Shows `outcome` in the Save & share panel.
    pub fn report(&self, outcome: Outcome) {
        match &outcome {
            Outcome::Done(text) => log::info!("{text}"),
            Outcome::Refused(text) => log::error!("{text}"),
        }
        self.reports.update(|n| *n += 1);
        self.outcome.set(Some(outcome));
    }
}

/// Tells the page's host that the work changed, and schedules a save.
pub fn changed(state: AppState) {
    let lesson = state.lesson.get_untracked();
    let steps = state
        .progress
        .with_untracked(|all| progress::counts(all, lesson.as_deref()));
    let requests = state.history.with_untracked(Vec::len);
    let detail = events::state_detail(lesson.as_deref(), steps, requests);
    events::dispatch(events::STATE_CHANGED, &detail);
    autosave::schedule(state);
}

/// The work besides the database, as it is now.
pub fn session(state: AppState) -> SavedSession {
    SavedSession {
        version: SAVED_VERSION,
        lesson: state.lesson.get_untracked(),
        history: state.history.with_untracked(|h| saved_history(h)),
        progress: state.progress.get_untracked(),
    }
}
