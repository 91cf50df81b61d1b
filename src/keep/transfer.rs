//! Work in and out of the page as files: download the database or the whole
//! session, import either back, and restore saved work.
//!
//! An import is all or nothing. The file is read, checked and started on a
//! database of its own ([`open_image`]); only when every check has passed
//! does it replace the running lab. A refusal leaves the database, history,
//! lesson and progress exactly as they were, and says why.

use leptos::prelude::*;
use servicelab_sim::archive::{ArchiveError, SessionFile};
use servicelab_sim::image;
use servicelab_sim::lessons;
use servicelab_sqljs::SqlJsDatabase;
use web_sys::File;

use crate::keep::checks::{self, KeepError, Started};
use crate::keep::names::file_name;
use crate::keep::record::restored_history;
use crate::keep::{browser, changed, session, Outcome};
use crate::state::AppState;

/// The media type of a SQLite file (IANA's registration).
const SQLITE_TYPE: &str = "application/vnd.sqlite3";
/// The media type of a session file.
const SESSION_TYPE: &str = "application/json";

/// What a chosen file is expected to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A `.sqlite` database.
    Database,
    /// A `.servicelab.json` session file.
    Session,
}

/// Reads `file` and imports it as `kind`.
pub async fn import_file(state: AppState, kind: FileKind, file: File) {
    let name = file.name();
    log::debug!("import {kind:?} from {name}");
    let bytes = match browser::read(&file).await {
        Ok(bytes) => bytes,
        Err(why) => return refuse(state, KeepError::Unreadable(why)),
    };
    let imported = match kind {
        FileKind::Database => import_database(state, &bytes),
        FileKind::Session => open_session(state, &bytes),
    };
    match imported {
        Ok(kept) => {
            let text = format!("Opened {name}. {kept}");
            state.keep.report(Outcome::Done(text));
            changed(state);
        }
        Err(err) => refuse(state, err),
    }
}

fn refuse(state: AppState, err: KeepError) {
    let text = format!("{err} Nothing was changed.");
    state.keep.report(Outcome::Refused(text));
}

fn import_database(state: AppState, bytes: &[u8]) -> Result<&'static str, KeepError> {
    let started = open_image(state, bytes)?;
    install(state, started, "database imported")?;
    Ok("It replaced the database; your history and lesson progress are kept.")
}

fn open_session(state: AppState, bytes: &[u8]) -> Result<&'static str, KeepError> {
    let file = SessionFile::from_json(bytes)?;
    // A damaged database is named as the session file's, not as a .sqlite.
    let started = open_image(state, &file.database).map_err(|err| match err {
        KeepError::Image(inside) => KeepError::Archive(ArchiveError::Database(inside)),
        other => other,
    })?;
    install(state, started, "session opened")?;
    restore(state, file);
    Ok("Its database, history and lesson progress replaced yours.")
}

/// Opens `bytes` as a database of its own, checks it and starts the
/// services on it, without touching the running lab.
pub fn open_image(state: AppState, bytes: &[u8]) -> Result<Started, KeepError> {
    image::inspect(bytes)?;
    let engine = state
        .keep
        .engine
        .get_value()
        .ok_or_else(|| KeepError::NotReady("the database engine has not loaded".into()))?;
    let candidate = SqlJsDatabase::from_image(&engine, bytes).map_err(checks::unopenable)?;
    checks::start_on(Box::new(candidate))
}

/// Replaces the running lab with `started`, noting it in each log.
pub fn install(state: AppState, started: Started, what: &str) -> Result<(), KeepError> {
    let (lab, boots) = started;
    state
        .lab
        .install(lab)
        .map_err(|busy| KeepError::NotReady(busy.to_string()))?;
    for boot in &boots {
        state.log(
            &boot.service,
            [format!("--- {what}: database replaced ---")],
        );
        state.log(&boot.service, boot.log.iter().cloned());
    }
    state.exchange.set(None);
    state.database_changed();
    Ok(())
}

/// Puts a session's history, lesson and progress on the page. A lesson
/// this build does not know is not opened.
pub fn restore(state: AppState, file: SessionFile) {
    state.history.set(restored_history(&file.history));
    state.progress.set(file.progress);
    let lesson = file.lesson.filter(|id| lessons::find(id).is_some());
    state.lesson.set(lesson);
}

/// Offers the database as a `.sqlite` download.
pub fn download_database(state: AppState) {
    let name = file_name(browser::now(), ".sqlite");
    let outcome = copy_database(state).and_then(|bytes| {
        browser::download(&bytes, SQLITE_TYPE, &name).map_err(KeepError::Browser)
    });
    report_download(state, outcome, &name);
}

/// Offers the whole session as a `.servicelab.json` download.
pub fn download_session(state: AppState) {
    let name = file_name(browser::now(), ".servicelab.json");
    let outcome = copy_database(state).and_then(|bytes| {
        let text = session(state).into_file(bytes).to_json();
        browser::download(text.as_bytes(), SESSION_TYPE, &name).map_err(KeepError::Browser)
    });
    report_download(state, outcome, &name);
}

fn copy_database(state: AppState) -> Result<Vec<u8>, KeepError> {
    state
        .lab
        .with(|lab| checks::snapshot(lab.db()))
        .map_err(|busy| KeepError::NotReady(busy.to_string()))?
}

fn report_download(state: AppState, outcome: Result<(), KeepError>, name: &str) {
    let outcome = match outcome {
        Ok(()) => Outcome::Done(format!("Downloading {name}.")),
        Err(err) => Outcome::Refused(err.to_string()),
    };
    state.keep.report(outcome);
}
