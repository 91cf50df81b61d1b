//! The two things the benches read from the page itself: a clock and the
//! size of this module's WebAssembly memory.
//!
//! None of this is ServiceLab code: it measures ServiceLab from outside, so it
//! reads the wall clock (`performance.now()`), which the core never may.

use js_sys::WebAssembly;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, in milliseconds.
    #[wasm_bindgen(js_namespace = performance)]
    pub fn now() -> f64;
}

/// The bytes of this module's WebAssembly memory: the simulator's heap, since
/// the bench links the same core and binding as the app. A WebAssembly memory
/// only grows, so this is the most the module has needed so far.
pub fn own_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<WebAssembly::Memory>()
        .map(|memory| {
            memory
                .buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length()
        })
        .map_or(-1.0, f64::from)
}
