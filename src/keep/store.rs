//! Where autosave keeps the learner's work in this browser: one IndexedDB
//! record per copy of the lab, holding the database image and the session.
//!
//! The record is keyed by the page's path, so two labs hosted on one site
//! (say `/unit-1/lab/` and `/unit-2/lab/`) keep separate work. Image and
//! session are written in one transaction, so a reload never finds a
//! database from one moment and a history from another.
//!
//! Simplifications: two tabs of the same lab share one record, and the tab
//! that saves last wins.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

use crate::keep::idb::{self, IdbError};

/// The IndexedDB database's name.
const DATABASE: &str = "servicelab";
/// Its one object store.
const STORE: &str = "work";
/// The record's own format version.
const RECORD_VERSION: u32 = 1;

/// Work read back from the store.
pub struct SavedWork {
    /// The database image.
    pub image: Vec<u8>,
    /// The session as `SavedSession` JSON.
    pub session: String,
}

/// An open connection to this lab's record.
pub struct Store {
    db: IdbDatabase,
    key: String,
}

impl Store {
    /// Opens the store. Fails when the browser gives the page no storage.
    pub async fn open() -> Result<Store, IdbError> {
        let db = idb::open(DATABASE, STORE).await?;
        let key = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_else(|| "/".to_owned());
        Ok(Store { db, key })
    }

    /// The saved work, if any. A record this build cannot read counts as
    /// none, and the next save replaces it.
    pub async fn load(&self) -> Result<Option<SavedWork>, IdbError> {
        let record = idb::get(&self.db, STORE, &self.key).await?;
        if record.is_undefined() || record.is_null() {
            return Ok(None);
        }
        let field = |name: &str| Reflect::get(&record, &JsValue::from_str(name)).ok();
        let version = field("version").and_then(|v| v.as_f64()).unwrap_or(0.0);
        let image = field("image").and_then(|v| v.dyn_into::<Uint8Array>().ok());
        let session = field("session").and_then(|v| v.as_string());
        match (image, session) {
            (Some(image), Some(session)) if version <= f64::from(RECORD_VERSION) => {
                Ok(Some(SavedWork {
                    image: image.to_vec(),
                    session,
                }))
            }
            _ => {
                log::warn!("the saved work in this browser is not in a known format");
                Ok(None)
            }
        }
    }

    /// Replaces the saved work.
    pub async fn save(&self, image: &[u8], session: &str) -> Result<(), IdbError> {
        let record = Object::new();
        let set = |name: &str, value: &JsValue| {
            Reflect::set(&record, &JsValue::from_str(name), value)
                .map(drop)
                .map_err(|_| IdbError::Failed(format!("could not build the record's {name}")))
        };
        set("version", &JsValue::from(RECORD_VERSION))?;
        set("image", &Uint8Array::from(image).into())?;
        set("session", &JsValue::from_str(session))?;
        idb::put(&self.db, STORE, &self.key, &record).await
    }
}
