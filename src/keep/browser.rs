//! The browser services that moving work needs: saving a file, reading a
//! chosen file, the clipboard, the clock for file names, and the page's
//! address. Each turns a JavaScript failure into a sentence-sized `String`
//! at this edge.
//!
//! Simplifications: a download is started and not followed; the browser
//! reports its progress, not the page.

use std::time::Duration;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

use crate::keep::names::Stamp;

/// How long a download's object URL is kept. Revoking it at once can cancel
/// the download in some browsers.
const URL_LIFETIME: Duration = Duration::from_secs(60);

/// The largest file the lab will read, in bytes. A lesson's database is a
/// few hundred kilobytes; this only stops a wrong choice from filling the
/// tab's memory.
pub const READ_LIMIT: f64 = 64.0 * 1024.0 * 1024.0;

/// Offers `bytes` as a download named `name`.
pub fn download(bytes: &[u8], mime: &str, name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(text)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(text)?;

    let link = document
        .create_element("a")
        .map_err(text)?
        .dyn_into::<HtmlAnchorElement>()
        .map_err(|_| "no link element")?;
    link.set_href(&url);
    link.set_download(name);
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&link).map_err(text)?;
    link.click();
    link.remove();

    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        URL_LIFETIME,
    );
    Ok(())
}

/// The bytes of a file the learner chose.
pub async fn read(file: &File) -> Result<Vec<u8>, String> {
    if file.size() > READ_LIMIT {
        let megabytes = (file.size() / 1_048_576.0).round();
        return Err(format!(
            "it is {megabytes} MB; the lab reads files up to 64 MB"
        ));
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(text)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Copies `text` to the clipboard. Fails where there is no Clipboard API
/// (an insecure page) or the browser refuses (a sandboxed frame).
pub async fn copy(text_to_copy: &str) -> Result<(), String> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).map_err(text)?;
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).map_err(text)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err("this page has no clipboard access".into());
    }
    let write = Reflect::get(&clipboard, &"writeText".into())
        .map_err(text)?
        .dyn_into::<Function>()
        .map_err(|_| "the clipboard cannot write text")?;
    let started = write
        .call1(&clipboard, &JsValue::from_str(text_to_copy))
        .map_err(text)?;
    JsFuture::from(Promise::resolve(&started))
        .await
        .map(drop)
        .map_err(text)
}

/// The local date and time, for file names.
pub fn now() -> Stamp {
    let date = js_sys::Date::new_0();
    Stamp {
        year: date.get_full_year(),
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
    }
}

/// The page's address and its fragment (with `#`), empty when unknown.
pub fn location() -> (String, String) {
    let location = web_sys::window().map(|w| w.location());
    let href = location.as_ref().and_then(|l| l.href().ok());
    let hash = location.as_ref().and_then(|l| l.hash().ok());
    (href.unwrap_or_default(), hash.unwrap_or_default())
}

/// Replaces the address bar's URL with `url` without reloading, so a
/// share fragment that has been applied is not applied again on reload.
pub fn replace_url(url: &str) -> Result<(), String> {
    let history = web_sys::window()
        .ok_or("no window")?
        .history()
        .map_err(text)?;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .map_err(text)
}

/// A thrown JavaScript value as text.
fn text(thrown: JsValue) -> String {
    if let Some(error) = thrown.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    thrown.as_string().unwrap_or_else(|| format!("{thrown:?}"))
}
