//! The one running [`Lab`], shared by every component of the page.
//!
//! The lab holds the sql.js database, a JavaScript object, so it can never
//! leave the browser's main thread: it lives in a `RefCell` in Leptos's
//! local (non-`Send`) storage. Every use borrows it for one synchronous call
//! and gives it back before anything else runs; no borrow is ever held
//! across an `await` or while signals are being written.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use leptos::prelude::*;
use servicelab_sim::Lab;

/// Why the lab could not be used just now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabUnavailable {
    /// sql.js is still loading, or failed to.
    NotStarted,
    /// Another call is using it: a re-entrant call, which is a bug.
    Busy,
}

impl fmt::Display for LabUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabUnavailable::NotStarted => f.write_str("the lab has not started yet"),
            LabUnavailable::Busy => f.write_str("the lab is busy with another action"),
        }
    }
}

/// A copyable handle on the lab.
#[derive(Clone, Copy)]
pub struct LabCell(StoredValue<Rc<RefCell<Option<Lab>>>, LocalStorage>);

impl LabCell {
    /// An empty cell, to be filled once sql.js has loaded.
    pub fn new() -> Self {
        LabCell(StoredValue::new_local(Rc::new(RefCell::new(None))))
    }

    /// Puts the started lab in the cell.
    pub fn install(&self, lab: Lab) -> Result<(), LabUnavailable> {
        let cell = self.0.try_get_value().ok_or(LabUnavailable::NotStarted)?;
        let mut slot = cell.try_borrow_mut().map_err(|_| LabUnavailable::Busy)?;
        *slot = Some(lab);
        Ok(())
    }

    /// Runs `work` with the lab borrowed for its duration.
    pub fn with<T>(&self, work: impl FnOnce(&mut Lab) -> T) -> Result<T, LabUnavailable> {
        let cell = self.0.try_get_value().ok_or(LabUnavailable::NotStarted)?;
        let mut slot = cell.try_borrow_mut().map_err(|_| LabUnavailable::Busy)?;
        let lab = slot.as_mut().ok_or(LabUnavailable::NotStarted)?;
        Ok(work(lab))
    }
}
