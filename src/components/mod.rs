//! The page's panels. Each file is one panel and its small private parts;
//! the shared pieces (a result grid, a row diff) have their own files.

mod console;
mod database;
mod diff;
mod effects;
mod examples;
mod fresh;
mod grid;
mod history;
mod keep;
mod lessons;
mod logs;
mod request;
mod reset;
mod response;
mod saving;
mod services;
mod sql;
mod trace;

pub use console::ConsolePanel;
pub use database::DatabasePanel;
pub use effects::EffectsPanel;
pub use history::HistoryPanel;
pub use keep::SaveSharePanel;
pub use lessons::LessonsPanel;
pub use logs::LogsPanel;
pub use request::RequestBuilder;
pub use reset::ResetControl;
pub use response::ResponseView;
pub use saving::{NotSavingBanner, SaveStatusBadge};
pub use services::ServicesPanel;
