//! The page's state: one [`AppState`] of signals, passed to every component.
//!
//! Everything the learner sees is derived from these signals. The lab itself
//! is not a signal (see [`LabCell`]); instead, every action that may change
//! the database bumps [`AppState::db_version`], and the database views
//! re-read what they show when it moves. Every change to the learner's work
//! also goes through [`keep::changed`](crate::keep::changed), which saves it
//! and tells the page's host.

use std::sync::Arc;

use leptos::prelude::*;
use servicelab_sim::lessons::Progress;
use servicelab_sim::{Exchange, ServiceInfo};

use crate::draft::Draft;
use crate::keep::KeepState;
use crate::lab_cell::LabCell;

/// Where the lab is in its start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// sql.js is loading and the services are migrating.
    Starting,
    /// The lab answers requests.
    Ready,
    /// The lab could not start; the text says why, for the learner.
    Failed(String),
}

/// The request builder's fields, one signal each so inputs bind directly.
#[derive(Clone, Copy)]
pub struct DraftSignals {
    /// The service's name.
    pub service: RwSignal<String>,
    /// The method's name.
    pub method: RwSignal<String>,
    /// Path and query.
    pub target: RwSignal<String>,
    /// Header lines, `Name: value`.
    pub headers: RwSignal<String>,
    /// The body, as typed.
    pub body: RwSignal<String>,
}

impl DraftSignals {
    fn new() -> Self {
        DraftSignals {
            service: RwSignal::new("catalog".to_owned()),
            method: RwSignal::new("GET".to_owned()),
            target: RwSignal::new("/api/products/".to_owned()),
            headers: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
        }
    }

    /// The fields as they are now, read without subscribing.
    pub fn snapshot(&self) -> Draft {
        Draft {
            service: self.service.get_untracked(),
            method: self.method.get_untracked(),
            target: self.target.get_untracked(),
            headers: self.headers.get_untracked(),
            body: self.body.get_untracked(),
        }
    }

    /// Fills every field from `draft`.
    pub fn load(&self, draft: Draft) {
        self.service.set(draft.service);
        self.method.set(draft.method);
        self.target.set(draft.target);
        self.headers.set(draft.headers);
        self.body.set(draft.body);
    }
}

/// One request in the history list: sent, or loaded from a share link and
/// not sent yet.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// The draft, to load or send again.
    pub draft: Draft,
    /// The status it got, if it was sent.
    pub status: Option<u16>,
}

/// One service's development-server output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceLog {
    /// The service's name.
    pub service: String,
    /// Its output so far, oldest first.
    pub lines: Vec<String>,
}

/// All of the page's state. Copyable: every field is a handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The running lab.
    pub lab: LabCell,
    /// Where start-up is.
    pub phase: RwSignal<Phase>,
    /// The services, once the lab has started.
    pub services: RwSignal<Vec<ServiceInfo>>,
    /// The request builder's fields.
    pub draft: DraftSignals,
    /// Why the last send was refused before reaching a service.
    pub draft_error: RwSignal<Option<String>>,
    /// The last exchange, shown by the response and effects panels.
    pub exchange: RwSignal<Option<Arc<Exchange>>>,
    /// Sent requests, newest first.
    pub history: RwSignal<Vec<HistoryEntry>>,
    /// Each service's log.
    pub logs: RwSignal<Vec<ServiceLog>>,
    /// Moves whenever the database may have changed.
    pub db_version: RwSignal<u64>,
    /// A failure of the lab itself, shown above the panels.
    pub notice: RwSignal<Option<String>>,
    /// News that is not a failure (work restored, a share link opened),
    /// shown above the panels.
    pub info: RwSignal<Option<String>>,
    /// The open lesson's id.
    pub lesson: RwSignal<Option<String>>,
    /// Progress in each lesson started.
    pub progress: RwSignal<Vec<Progress>>,
    /// Saving, importing, exporting and sharing.
    pub keep: KeepState,
}

impl AppState {
    /// Fresh state for a lab that is still starting.
    pub fn new() -> Self {
        AppState {
            lab: LabCell::new(),
            phase: RwSignal::new(Phase::Starting),
            services: RwSignal::new(Vec::new()),
            draft: DraftSignals::new(),
            draft_error: RwSignal::new(None),
            exchange: RwSignal::new(None),
            history: RwSignal::new(Vec::new()),
            logs: RwSignal::new(Vec::new()),
            db_version: RwSignal::new(0),
            notice: RwSignal::new(None),
            info: RwSignal::new(None),
            lesson: RwSignal::new(None),
            progress: RwSignal::new(Vec::new()),
            keep: KeepState::new(),
        }
    }

    /// Tells every database view to read again.
    pub fn database_changed(&self) {
        self.db_version.update(|v| *v += 1);
    }

    /// Appends lines to a service's log, creating the log if needed.
    pub fn log(&self, service: &str, lines: impl IntoIterator<Item = String>) {
        self.logs.update(|logs| {
            let index = match logs.iter().position(|l| l.service == service) {
                Some(index) => index,
                None => {
                    logs.push(ServiceLog {
                        service: service.to_owned(),
                        lines: Vec::new(),
                    });
                    logs.len() - 1
                }
            };
            logs[index].lines.extend(lines);
        });
    }
}
