//! A thin wrapper over the browser's IndexedDB: open a database with one
//! object store, put a value under a key, get it back.
//!
//! IndexedDB reports through callbacks on request and transaction objects.
//! Each wait here hands a promise's own `resolve` and `reject` to those
//! callbacks, so no Rust closure is left behind when one of them never
//! fires. Whatever the browser throws or reports becomes an [`IdbError`]
//! at this edge.
//!
//! Simplifications:
//! - One object store, created on first open (schema version 1).
//! - A write waits for its transaction to complete, which is when the
//!   browser has accepted the data; it does not wait for the disk.

use std::time::Duration;

use js_sys::{Array, Promise};
use thiserror::Error;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, Event, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// How long opening may take before storage counts as unavailable. Some
/// browsers leave the request pending when storage is disabled.
const OPEN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why IndexedDB did not do what was asked.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum IdbError {
    /// The browser gives this page no storage: no IndexedDB, or a
    /// `SecurityError` (a sandboxed frame, storage turned off).
    #[error("storage is blocked here ({0})")]
    Blocked(String),
    /// The write did not fit in the storage the browser allows.
    #[error("storage is full")]
    QuotaExceeded,
    /// Anything else, as the browser named it.
    #[error("storage failed ({0})")]
    Failed(String),
}

/// Opens (creating if needed) database `name` with the object store `store`.
pub async fn open(name: &str, store: &'static str) -> Result<IdbDatabase, IdbError> {
    let window = web_sys::window().ok_or_else(|| IdbError::Blocked("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|thrown| IdbError::Blocked(describe(&thrown)))?
        .ok_or_else(|| IdbError::Blocked("this browser has no IndexedDB".into()))?;
    let request = factory
        .open_with_u32(name, 1)
        .map_err(|thrown| blocked_or_failed(&thrown))?;

    // The first open of a new database asks for its object store.
    let upgrade = Closure::<dyn FnMut(Event)>::new(move |event: Event| create_store(&event, store));
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = settle(&request, Some(OPEN_TIMEOUT)).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    opened?;

    let result = request.result().map_err(|thrown| from_js(&thrown))?;
    result
        .dyn_into::<IdbDatabase>()
        .map_err(|_| IdbError::Failed("the browser opened something else".into()))
}

/// Stores `value` under `key`, replacing what was there.
pub async fn put(
    db: &IdbDatabase,
    store: &str,
    key: &str,
    value: &JsValue,
) -> Result<(), IdbError> {
    let transaction = db
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
        .map_err(|thrown| from_js(&thrown))?;
    let objects = transaction
        .object_store(store)
        .map_err(|thrown| from_js(&thrown))?;
    objects
        .put_with_key(value, &JsValue::from_str(key))
        .map_err(|thrown| from_js(&thrown))?;
    complete(&transaction).await
}

/// The value under `key`; `undefined` when there is none.
pub async fn get(db: &IdbDatabase, store: &str, key: &str) -> Result<JsValue, IdbError> {
    let transaction = db
        .transaction_with_str(store)
        .map_err(|thrown| from_js(&thrown))?;
    let objects = transaction
        .object_store(store)
        .map_err(|thrown| from_js(&thrown))?;
    let request = objects
        .get(&JsValue::from_str(key))
        .map_err(|thrown| from_js(&thrown))?;
    settle(&request, None).await?;
    request.result().map_err(|thrown| from_js(&thrown))
}

fn create_store(event: &Event, store: &str) {
    let db = event
        .target()
        .and_then(|target| target.dyn_into::<IdbOpenDbRequest>().ok())
        .and_then(|request| request.result().ok())
        .and_then(|result| result.dyn_into::<IdbDatabase>().ok());
    let Some(db) = db else {
        log::warn!("IndexedDB asked for an upgrade without a database");
        return;
    };
    if !db.object_store_names().contains(store) {
        if let Err(thrown) = db.create_object_store(store) {
            log::warn!("could not create the object store: {}", describe(&thrown));
        }
    }
}

/// Waits for `request` to succeed, fail or (with `limit`) run out of time.
async fn settle(request: &IdbRequest, limit: Option<Duration>) -> Result<(), IdbError> {
    let outcome = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = match limit {
        Some(limit) => Promise::race(&Array::of2(&outcome, &timer(limit))),
        None => outcome,
    };
    let settled = JsFuture::from(outcome).await;
    request.set_onsuccess(None);
    request.set_onerror(None);

    match settled {
        // The success callback passes its event; only the timer passes nothing.
        Ok(value) if value.is_undefined() => {
            Err(IdbError::Blocked("the browser did not answer".into()))
        }
        Ok(_) => Ok(()),
        Err(_) => Err(request_error(request)),
    }
}

/// Waits for `transaction` to commit.
async fn complete(transaction: &IdbTransaction) -> Result<(), IdbError> {
    let outcome = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    let settled = JsFuture::from(outcome).await;
    transaction.set_oncomplete(None);
    transaction.set_onerror(None);
    transaction.set_onabort(None);

    settled.map(drop).map_err(|_| match transaction.error() {
        Some(exception) => from_exception(&exception),
        None => IdbError::Failed("the write was abandoned".into()),
    })
}

/// A promise that resolves with nothing after `limit`.
fn timer(limit: Duration) -> Promise {
    Promise::new(&mut |resolve, _reject| {
        let millis = i32::try_from(limit.as_millis()).unwrap_or(i32::MAX);
        let started = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis));
        if !matches!(started, Some(Ok(_))) {
            log::warn!("no timer for the IndexedDB wait");
        }
    })
}

fn request_error(request: &IdbRequest) -> IdbError {
    match request.error() {
        Ok(Some(exception)) => from_exception(&exception),
        Ok(None) => IdbError::Failed("the request failed without a reason".into()),
        Err(thrown) => from_js(&thrown),
    }
}

fn from_exception(exception: &DomException) -> IdbError {
    match exception.name().as_str() {
        "QuotaExceededError" => IdbError::QuotaExceeded,
        "SecurityError" => IdbError::Blocked(exception.message()),
        name => IdbError::Failed(format!("{name}: {}", exception.message())),
    }
}

fn from_js(thrown: &JsValue) -> IdbError {
    match thrown.dyn_ref::<DomException>() {
        Some(exception) => from_exception(exception),
        None => IdbError::Failed(describe(thrown)),
    }
}

/// Opening is the first touch of storage, so any refusal there means the
/// page has none.
fn blocked_or_failed(thrown: &JsValue) -> IdbError {
    match from_js(thrown) {
        IdbError::Failed(why) => IdbError::Blocked(why),
        other => other,
    }
}

fn describe(thrown: &JsValue) -> String {
    match thrown.dyn_ref::<DomException>() {
        Some(exception) => format!("{}: {}", exception.name(), exception.message()),
        None => thrown.as_string().unwrap_or_else(|| format!("{thrown:?}")),
    }
}
