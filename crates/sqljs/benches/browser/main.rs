//! The part of ServiceLab's browser benchmarks that runs inside a page: the
//! simulator on sql.js beside the raw SQL it runs ([`speed`]), and memory
//! over many requests ([`memory`]).
//!
//! This is a bench target so that `cargo test` never builds or runs it. It
//! is not started by a test harness either: `scripts/bench-browser` builds it
//! for `wasm32-unknown-unknown`, runs `wasm-bindgen --target web` on the
//! result, and serves it with a small page (`tests/bench/page/`) whose script
//! loads sql.js as the app does and drives the types exported here. A page of
//! our own, rather than wasm-bindgen-test-runner's, because the code under
//! test is sensitive to its surroundings: sql.js throws and catches a
//! JavaScript exception each time SQLite looks for a file that is not there,
//! and while a wasm-bindgen-test test ran each throw cost several times more,
//! which made the raw SQL about seven times slower than in a plain page.
//!
//! The bench profile inherits the workspace's release profile, so this
//! measures the code as the app ships it (size-optimised, with LTO). The
//! benches report figures; nothing here judges them. A call fails only when
//! a bench cannot run.

#![cfg(target_arch = "wasm32")]

mod memory;
mod page;
mod replay;
mod speed;

pub use memory::MemoryRun;
pub use speed::Pair;
