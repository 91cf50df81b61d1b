//! The browser console logger, filtered by crate.
//!
//! The app logs its own actions and each request's SQL at `debug`. The
//! sql.js binding also logs every statement it runs at `debug`, including
//! the change tracker's bookkeeping, which would bury the app's lines; other
//! crates are therefore shown from `info` up.

use log::{Level, LevelFilter, Log, Metadata, Record};

/// This crate's log target prefix.
const OWN_TARGET: &str = "servicelab";

struct ConsoleLogger;

impl Log for ConsoleLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        let own = metadata.target() == OWN_TARGET
            || metadata.target().starts_with(&format!("{OWN_TARGET}::"));
        metadata.level() <= if own { Level::Debug } else { Level::Info }
    }

    fn log(&self, record: &Record) {
        if self.enabled(record.metadata()) {
            console_log::log(record);
        }
    }

    fn flush(&self) {}
}

static LOGGER: ConsoleLogger = ConsoleLogger;

/// Installs the logger; a second call only warns.
pub fn install() {
    if log::set_logger(&LOGGER).is_err() {
        web_sys::console::warn_1(&"ServiceLab: a logger was already installed".into());
        return;
    }
    log::set_max_level(LevelFilter::Debug);
}
