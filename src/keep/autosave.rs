//! Autosave: the learner's work is written to this browser's storage shortly
//! after each change, and read back when the page opens.
//!
//! Saves are debounced: a burst of requests is written once, when it has
//! been quiet for [`DEBOUNCE`]. A save copies the database with
//! [`checks::snapshot`], which leaves the live connection as it was, and
//! waits while the console has a transaction open. When the page is hidden
//! (a tab switch, a reload, closing the tab) a pending save is written at
//! once.
//!
//! Where the browser gives no storage, or storage fails later (it is full),
//! autosave stops for the rest of the visit and the page says so; the live
//! lab carries on in memory.
//!
//! Simplifications: a save that fails is not retried; the learner is asked
//! to download their work instead.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use servicelab_sim::archive::SessionFile;

use crate::keep::checks::{self, KeepError};
use crate::keep::idb::IdbError;
use crate::keep::record::SavedSession;
use crate::keep::store::Store;
use crate::keep::{session, SaveStatus};
use crate::state::AppState;

/// How long the work must be quiet before it is saved.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

/// Opens this browser's store and reads the work saved there, if any. When
/// there is no storage, marks the page as keeping work in memory only.
pub async fn connect(state: AppState) -> Option<SessionFile> {
    let store = match Store::open().await {
        Ok(store) => store,
        Err(err) => {
            log::warn!("work will not be saved in this browser: {err}");
            stop(state, &err);
            return None;
        }
    };
    let loaded = store.load().await;
    state.keep.store.set_value(Some(Rc::new(store)));
    state.keep.status.set(SaveStatus::Saved);

    let work = match loaded {
        Ok(work) => work?,
        Err(err) => {
            log::warn!("the saved work could not be read: {err}");
            return None;
        }
    };
    match SavedSession::from_json(&work.session) {
        Some(session) => Some(session.into_file(work.image)),
        None => {
            log::warn!("the saved session is not in a known format; starting fresh");
            None
        }
    }
}

/// Saves the work once it has been quiet for [`DEBOUNCE`].
pub fn schedule(state: AppState) {
    let keep = state.keep;
    keep.changes.update_value(|n| *n += 1);
    if matches!(keep.status.get_untracked(), SaveStatus::MemoryOnly(_)) {
        return;
    }
    keep.status.set(SaveStatus::Pending);
    cancel_timer(state);
    match set_timeout_with_handle(move || save_now(state), DEBOUNCE) {
        Ok(handle) => keep.timer.set_value(Some(handle)),
        Err(_) => save_now(state),
    }
}

/// Writes a pending save at once; nothing when none is pending.
pub fn flush(state: AppState) {
    if state.keep.timer.with_value(Option::is_some) {
        save_now(state);
    }
}

/// Flushes pending work whenever the page is hidden or left.
pub fn listen(state: AppState) {
    let hidden = move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if hidden {
            flush(state);
        }
    };
    // The handles are never removed: the page listens for its whole life.
    let _ = window_event_listener_untyped("visibilitychange", hidden);
    let _ = window_event_listener_untyped("pagehide", move |_| flush(state));
}

fn save_now(state: AppState) {
    cancel_timer(state);
    let keep = state.keep;
    let Some(store) = keep.store.get_value() else {
        return;
    };
    let change = keep.changes.get_value();

    let image = match state.lab.with(|lab| checks::snapshot(lab.db())) {
        Ok(Ok(image)) => image,
        Ok(Err(KeepError::TransactionOpen)) => {
            log::debug!("autosave waits for the console's transaction");
            keep.status.set(SaveStatus::Held);
            return;
        }
        Ok(Err(err)) => {
            log::error!("autosave could not copy the database: {err}");
            keep.status.set(SaveStatus::Held);
            return;
        }
        Err(busy) => {
            log::warn!("autosave found the lab unavailable ({busy}); trying again");
            schedule(state);
            return;
        }
    };
    let session = session(state).to_json();

    spawn_local(async move {
        match store.save(&image, &session).await {
            // Saved only if nothing changed since, and no other save failed.
            Ok(()) => {
                let latest = keep.changes.get_value() == change;
                let stopped = matches!(keep.status.get_untracked(), SaveStatus::MemoryOnly(_));
                if latest && !stopped {
                    keep.status.set(SaveStatus::Saved);
                }
            }
            Err(err) => {
                log::error!("autosave failed, work is kept in memory only: {err}");
                stop(state, &err);
            }
        }
    });
}

fn cancel_timer(state: AppState) {
    if let Some(timer) = state.keep.timer.try_update_value(Option::take).flatten() {
        timer.clear();
    }
}

/// Stops autosave for the rest of the visit and says why.
fn stop(state: AppState, err: &IdbError) {
    state.keep.store.set_value(None);
    cancel_timer(state);
    state
        .keep
        .status
        .set(SaveStatus::MemoryOnly(reason(err).to_owned()));
}

/// Why nothing is saved, in words for the learner.
pub fn reason(err: &IdbError) -> &'static str {
    match err {
        IdbError::Blocked(_) => {
            "this browser does not let the lab store anything here, as in a private \
             window or an embedded frame without storage"
        }
        IdbError::QuotaExceeded => "the browser's storage for this site is full",
        IdbError::Failed(_) => "the browser's storage stopped working",
    }
}
