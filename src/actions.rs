//! What the learner's buttons do: start the lab, send, reset, run SQL.
//!
//! Each action borrows the lab for one synchronous call, lets go of it, and
//! only then writes signals, so no view can observe the lab half-way through
//! a request. Failures of the lab itself are logged once with `error!` and
//! shown to the learner as a short sentence.

use std::sync::Arc;

use leptos::prelude::*;
use log::{debug, error, info, warn};
use servicelab_sim::archive::SessionFile;
use servicelab_sim::{Boot, ConsoleResult, DbError, Exchange, Lab, LabConfig};
use servicelab_sqljs::{load_sql_js, SqlJsDatabase};
use wasm_bindgen::JsValue;

use crate::draft::Draft;
use crate::keep::checks::Started;
use crate::keep::record::HISTORY_LIMIT;
use crate::keep::{self, autosave, events, share, transfer};
use crate::lesson;
use crate::panic;
use crate::state::{AppState, HistoryEntry, Phase};

/// Where sql.js's WebAssembly lives, relative to the page, so the app works
/// from any sub-path. Trunk copies it next to `index.html`.
const SQL_WASM_URL: &str = "sql-wasm.wasm";

/// Loads sql.js, opens the database (the work saved in this browser, if
/// any, otherwise fresh) and starts both services. Then applies a share
/// link in the address, and tells the page's host the lab is ready.
pub async fn start(state: AppState) {
    let sql = match load_sql_js(SQL_WASM_URL).await {
        Ok(sql) => sql,
        Err(err) => {
            error!("sql.js did not load: {err}");
            let message = format!(
                "The lab's database engine (sql.js) could not be loaded, so the lab cannot \
                 start. Check that sql-wasm.js and sql-wasm.wasm are served next to this page, \
                 then reload. Details: {err}"
            );
            state.phase.set(Phase::Failed(message));
            return;
        }
    };
    state.keep.engine.set_value(Some(sql.clone()));

    let saved = autosave::connect(state).await;
    let (started, restored) = match saved_lab(state, saved) {
        Some((started, file)) => (Ok(started), Some(file)),
        None => (fresh(&sql), None),
    };
    let (lab, boots) = match started {
        Ok(started) => started,
        Err(err) => {
            error!("the lab did not start: {err}");
            let message = format!("The lab's services could not start: {err}");
            state.phase.set(Phase::Failed(message));
            return;
        }
    };

    let services = lab.services();
    if let Err(err) = state.lab.install(lab) {
        error!("could not keep the lab: {err}");
        state
            .phase
            .set(Phase::Failed(format!("The lab could not start: {err}.")));
        return;
    }
    state.services.set(services);
    show_boots(state, &boots);
    if let Some(file) = restored {
        transfer::restore(state, file);
    }
    state.phase.set(Phase::Ready);
    info!("lab started");

    // The host hears "ready" before any change a share link makes.
    events::dispatch(events::READY, &events::ready_detail());
    autosave::listen(state);
    share::apply_from_location(state);
    share::listen(state);
}

/// A lab on a new, empty database.
fn fresh(sql: &JsValue) -> Result<Started, String> {
    let db = SqlJsDatabase::open(sql).map_err(|err| err.to_string())?;
    Lab::open(Box::new(db), LabConfig::default()).map_err(|err| err.to_string())
}

/// A lab on the saved work, if there is any and it passes every check.
fn saved_lab(state: AppState, saved: Option<SessionFile>) -> Option<(Started, SessionFile)> {
    let file = saved?;
    match transfer::open_image(state, &file.database) {
        Ok(started) => {
            state.info.set(Some(
                "Welcome back: your database, history and lesson progress were restored \
                 from this browser."
                    .to_owned(),
            ));
            Some((started, file))
        }
        Err(err) => {
            warn!("the saved work could not be restored: {err}");
            state.notice.set(Some(format!(
                "Your saved work could not be restored, so the lab starts fresh. {err}"
            )));
            None
        }
    }
}

/// Sends what the request builder holds.
pub fn send(state: AppState) {
    send_draft(state, state.draft.snapshot());
}

/// Loads `draft` into the builder and sends it.
pub fn resend(state: AppState, draft: Draft) {
    state.draft.load(draft.clone());
    send_draft(state, draft);
}

fn send_draft(state: AppState, draft: Draft) {
    panic::remember_draft(&draft);
    let request = match draft.to_request() {
        Ok(request) => request,
        Err(err) => {
            debug!("request refused before sending: {err}");
            state.draft_error.set(Some(err.to_string()));
            return;
        }
    };
    state.draft_error.set(None);
    debug!(
        "send {} {} to {}",
        request.method,
        request.target(),
        draft.service
    );

    let sent = state.lab.with(|lab| lab.send(&draft.service, request));
    match sent {
        Ok(Ok(exchange)) => record(state, draft, exchange),
        Ok(Err(err)) => {
            error!("the lab could not handle the request: {err}");
            state
                .notice
                .set(Some(format!("The request was not handled: {err}.")));
        }
        Err(err) => {
            warn!("send while the lab was unavailable: {err}");
            state.notice.set(Some(format!("Nothing was sent: {err}.")));
        }
    }
}

fn record(state: AppState, draft: Draft, exchange: Exchange) {
    for statement in &exchange.statements {
        debug!("{} {:?}", statement.sql, statement.params);
    }
    state.notice.set(None);
    state.log(&exchange.service, [exchange.log_line.clone()]);
    let status = Some(exchange.response.status);
    state.history.update(|history| {
        history.insert(0, HistoryEntry { draft, status });
        history.truncate(HISTORY_LIMIT);
    });
    lesson::observe(state, &exchange);
    state.exchange.set(Some(Arc::new(exchange)));
    state.database_changed();
    keep::changed(state);
}

/// Drops every table and starts the services again on the seed data. The
/// history and lesson progress are the learner's, and stay.
pub fn reset(state: AppState) {
    reset_database(state);
    keep::changed(state);
}

/// Resets the database only, and says whether it worked. The caller
/// reports the change.
pub fn reset_database(state: AppState) -> bool {
    debug!("reset requested");
    let done = match state.lab.with(|lab| lab.reset()) {
        Ok(Ok(boots)) => {
            state.notice.set(None);
            for boot in &boots {
                state.log(
                    &boot.service,
                    ["--- lab reset: database recreated ---".to_owned()],
                );
            }
            show_boots(state, &boots);
            state.exchange.set(None);
            true
        }
        Ok(Err(err)) => {
            error!("reset failed: {err}");
            state
                .notice
                .set(Some(format!("The reset did not finish: {err}.")));
            false
        }
        Err(err) => {
            state.notice.set(Some(format!("Nothing was reset: {err}.")));
            false
        }
    };
    state.database_changed();
    done
}

/// Starts over: the seed database, an empty history and no lesson. The
/// saved copy in this browser is replaced by the fresh state.
pub fn start_fresh(state: AppState) {
    if reset_database(state) {
        state.history.set(Vec::new());
        state.progress.set(Vec::new());
        state.lesson.set(None);
        state.info.set(Some(
            "Started fresh: the seed database, an empty history and no lesson progress.".to_owned(),
        ));
    }
    keep::changed(state);
}

/// Runs one statement from the SQL console.
pub fn console(state: AppState, sql: &str) -> Result<ConsoleResult, DbError> {
    debug!("console: {sql}");
    let result = state
        .lab
        .with(|lab| lab.console(sql))
        .map_err(|err| DbError::new(err.to_string()))
        .and_then(|result| result);

    // Even a failed statement may have changed something (a script that
    // stopped half-way), and DDL changes no rows, so always refresh.
    state.database_changed();
    keep::changed(state);
    result
}

fn show_boots(state: AppState, boots: &[Boot]) {
    for boot in boots {
        state.log(&boot.service, boot.log.iter().cloned());
    }
}
